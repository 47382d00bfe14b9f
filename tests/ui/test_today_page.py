"""Today: the people to reach out to, the week's check-ins and birthdays, and what the buttons do."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from models.entities import CheckIn, Contact
from services.checkins import schedule_checkin
from services.clock import fixed_clock, from_db
from services.touches import log_interaction
from tests.ui.conftest import SHELL_NOW
from ui.schedule_dialog import ScheduleDialog
from ui.today_page import TodayPage


@pytest.fixture
def today(qtbot, shell_context):
    page = TodayPage(shell_context)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.overview is not None)
    return page


def _refreshed(qtbot, page: TodayPage) -> None:
    page.refresher.refresh_now()
    qtbot.wait(1)


def _card_names(page: TodayPage) -> list[str]:
    return [card.name.text().split(">")[1].split("<")[0] for card in page.cards]


def _label_texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def test_cards_show_who_to_reach_out_to_and_why(qtbot, shell_person, shell_context):
    shell_person(
        "Lena Vogel",
        circle="Close",
        last_touch_days=41,
        kind="video",
        company="Solarkraft GmbH",
        position="Product Designer",
    )
    shell_person("Aisha Khan", circle="Close", last_touch_days=27, kind="lunch")
    shell_person("Warm Walter", circle="Close", last_touch_days=3)
    page = TodayPage(shell_context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None)

    assert _card_names(page) == ["Lena Vogel", "Aisha Khan"]
    lena = page.cards[0]
    assert lena.chip.text() == "Cold"
    assert lena.role.text() == "Product Designer @ Solarkraft GmbH"
    assert lena.last_touch.text() == "Last touch 41 days ago (video call)"
    assert "Cold, 41 days since last touch (cadence 30)" in lena.why.text()
    assert lena.warmth.warmth() is not None
    assert page.cards[1].chip.text() == "Cooling"
    assert lena.schedule_button.text() == "Schedule 10-min check-in"
    assert "2 people to reach out to" in page.subtitle.text()
    assert "Friday 27 November" in page.subtitle.text()


def test_never_talked_contacts_are_offered_for_an_introductory_chat(qtbot, shell_person, today):
    shell_person("Nora New", circle="Network")
    _refreshed(qtbot, today)

    card = today.cards[0]
    assert card.chip.text() == "New"
    assert card.last_touch.text() == "Never talked"
    assert "Never talked — introductory chat" in card.why.text()


def test_a_warm_network_shows_the_friendly_empty_state(qtbot, shell_person, today):
    shell_person("Warm Walter", circle="Close", last_touch_days=2)
    _refreshed(qtbot, today)

    assert today.cards == []
    assert today.empty_state.isVisible()
    assert today.empty_state.title.text() == "Your network is warm. Nothing due today."


def test_logging_a_touch_elsewhere_takes_the_card_away(
    qtbot, shell_person, shell_store, shell_context, today
):
    lena = shell_person("Lena Vogel", circle="Close", last_touch_days=41)
    _refreshed(qtbot, today)
    assert _card_names(today) == ["Lena Vogel"]

    log_interaction(shell_store, [lena], "lunch", when=SHELL_NOW)
    shell_context.interaction_logged.emit([lena.id])

    qtbot.waitUntil(lambda: today.cards == [])
    assert today.empty_state.isVisible()


def test_not_now_hides_someone_until_tomorrow(qtbot, shell_person, shell_store, shell_context):
    shell_store.save_settings(type(shell_store.settings())(daily_budget=1))
    shell_person("Lena Vogel", circle="Close", last_touch_days=41)
    shell_person("Aisha Khan", circle="Close", last_touch_days=27)
    page = TodayPage(shell_context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.overview is not None)
    assert _card_names(page) == ["Lena Vogel"]

    qtbot.mouseClick(page.cards[0].not_now_button, Qt.MouseButton.LeftButton)

    assert _card_names(page) == ["Aisha Khan"]
    shell_context.data_changed.emit()
    qtbot.wait(5)
    assert _card_names(page) == ["Aisha Khan"]
    shell_store.clock = fixed_clock(SHELL_NOW + timedelta(days=1))
    _refreshed(qtbot, page)
    assert _card_names(page) == ["Lena Vogel"]


def test_snoozing_for_a_week_hides_the_contact_until_then(qtbot, shell_person, today):
    lena = shell_person("Lena Vogel", circle="Close", last_touch_days=41)
    _refreshed(qtbot, today)
    menu = today.cards[0].snooze_button.menu()
    assert [action.text() for action in menu.actions()] == ["For 1 week", "For 1 month"]

    menu.actions()[0].trigger()

    qtbot.waitUntil(lambda: today.cards == [])
    snoozed = Contact.get_by_id(lena.id)
    assert snoozed.snoozed_until is not None


def test_snoozing_for_a_month_uses_the_calendar_month(today, shell_person):
    lena = shell_person("Lena Vogel", circle="Close", last_touch_days=41)
    assert today.controller.snooze(lena.id, 30) == date(2026, 12, 27)


def test_scheduling_from_a_card_books_the_check_in_and_lists_it(qtbot, shell_person, shell_context, today):
    lena = shell_person("Lena Vogel", circle="Close", last_touch_days=41)
    _refreshed(qtbot, today)

    with qtbot.waitSignal(shell_context.checkins_changed, timeout=2000):
        qtbot.mouseClick(today.cards[0].schedule_button, Qt.MouseButton.LeftButton)
        dialog = today.findChild(ScheduleDialog)
        assert dialog is not None and dialog.isVisible()
        qtbot.mouseClick(dialog.schedule_button, Qt.MouseButton.LeftButton)

    booked = CheckIn.get(CheckIn.contact == lena.id)
    assert (booked.status, booked.minutes, booked.channel) == ("planned", 10, "call")
    qtbot.waitUntil(lambda: today.cards == [])  # booked people leave the queue
    assert [row.name.text().count("Lena Vogel") for row in today.checkin_rows] == [1]
    assert "Today" in _label_texts(today.checkins_card)


def test_done_on_a_planned_check_in_logs_the_touch_and_resets_the_clock(
    qtbot, shell_person, shell_store, shell_context, today
):
    lena = shell_person("Lena Vogel", circle="Close", last_touch_days=41)
    schedule_checkin(shell_store, lena, at=SHELL_NOW - timedelta(minutes=30))
    shell_context.checkins_changed.emit()
    qtbot.waitUntil(lambda: len(today.checkin_rows) == 1)

    with qtbot.waitSignal(shell_context.interaction_logged, timeout=2000) as logged:
        qtbot.mouseClick(today.checkin_rows[0].done_button, Qt.MouseButton.LeftButton)

    assert logged.args == [[lena.id]]
    assert CheckIn.get(CheckIn.contact == lena.id).status == "done"
    assert Contact.get_by_id(lena.id).last_touch_kind == "call"
    qtbot.waitUntil(lambda: today.checkin_rows == [])
    assert today.cards == []  # touched today: warm again


def test_skip_closes_the_check_in_without_a_touch(qtbot, shell_person, shell_store, shell_context, today):
    lena = shell_person("Lena Vogel", circle="Close", last_touch_days=41)
    schedule_checkin(shell_store, lena, at=SHELL_NOW + timedelta(days=3))
    shell_context.checkins_changed.emit()
    qtbot.waitUntil(lambda: len(today.checkin_rows) == 1)

    qtbot.mouseClick(today.checkin_rows[0].skip_button, Qt.MouseButton.LeftButton)

    assert CheckIn.get(CheckIn.contact == lena.id).status == "skipped"
    assert Contact.get_by_id(lena.id).last_touch_kind == "lunch"
    qtbot.waitUntil(lambda: today.checkin_rows == [])


def test_reschedule_moves_the_check_in(qtbot, shell_person, shell_store, shell_context, today):
    lena = shell_person("Lena Vogel", circle="Close", last_touch_days=41)
    checkin = schedule_checkin(shell_store, lena, at=SHELL_NOW + timedelta(hours=2))
    shell_context.checkins_changed.emit()
    qtbot.waitUntil(lambda: len(today.checkin_rows) == 1)

    dialog = today.open_reschedule_dialog(checkin.id)
    target = SHELL_NOW + timedelta(days=3, hours=1)
    dialog.slot_picker.set_chosen(target)
    dialog.accept()

    assert from_db(CheckIn.get_by_id(checkin.id).starts_at) == target
    qtbot.waitUntil(lambda: "Monday 30 November" in _label_texts(today.checkins_card))


def test_birthdays_of_the_week_are_listed(qtbot, shell_person, today):
    shell_person("Priya Raghunathan", circle="Network", birthday="1991-11-29")
    _refreshed(qtbot, today)

    assert len(today.birthday_rows) == 1
    assert today.birthday_rows[0].when.text() == "turns 35 on Sun 29 Nov"


def test_clicking_a_name_opens_the_contact(qtbot, shell_person, shell_context, today):
    lena = shell_person("Lena Vogel", circle="Close", last_touch_days=41)
    _refreshed(qtbot, today)

    with qtbot.waitSignal(shell_context.open_contact_requested, timeout=1000) as opened:
        today.cards[0].name.linkActivated.emit(f"contact:{lena.id}")

    assert opened.args == [lena.id]


def test_cards_have_accessible_names(qtbot, shell_person, today):
    shell_person("Lena Vogel", circle="Close", last_touch_days=41)
    _refreshed(qtbot, today)
    card = today.cards[0]

    assert card.accessibleName() == "Reach out to Lena Vogel"
    assert card.schedule_button.accessibleName() == "Schedule a check-in with Lena Vogel"
    assert card.chip.accessibleName() == "Status: Cold"
    assert QApplication.instance() is not None
