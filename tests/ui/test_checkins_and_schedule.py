"""Booking a check-in (slot, invite, email draft, .ics) and working through the Check-ins page."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from models.entities import CheckIn, Contact
from services.checkins import complete_checkin, schedule_checkin
from services.clock import from_db
from tests.ui.conftest import SHELL_NOW
from ui.checkins_model import CheckinColumn, CheckinTableModel
from ui.checkins_page import CheckinsPage
from ui.schedule_dialog import ScheduleDialog


class MailtoCatcher(QObject):
    """Stands in for the mail program: receives the URLs the app asks the desktop to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def mail_program():
    catcher = MailtoCatcher()
    QDesktopServices.setUrlHandler("mailto", catcher, "open")  # type: ignore[arg-type]
    yield catcher
    QDesktopServices.unsetUrlHandler("mailto")


@pytest.fixture
def lena(shell_person):
    return shell_person("Lena Vogel", circle="Close", last_touch_days=41, emails=("lena@solarkraft.example",))


@pytest.fixture
def dialog(qtbot, shell_context, lena):
    shown = ScheduleDialog(shell_context, lena.id)
    qtbot.addWidget(shown)
    shown.show()
    return shown


# --- the schedule dialog ---------------------------------------------------------------------------


def test_the_next_free_slot_is_preset_with_three_more_to_choose_from(dialog):
    # 09:30 on a Friday: an hour ahead, to give Lena time to see the invite.
    assert dialog.slot_picker.chosen() == SHELL_NOW + timedelta(hours=1)
    assert [b.text() for b in dialog.slot_picker.choice_buttons] == [
        "Fri 27 Nov, 10:45",
        "Fri 27 Nov, 11:00",
        "Fri 27 Nov, 11:15",
    ]
    assert dialog.length.value() == 10
    assert dialog.chosen_channel() == "call"


def test_the_slot_finder_keeps_clear_of_planned_check_ins(
    qtbot, shell_context, shell_store, shell_person, lena
):
    other = shell_person("Aisha Khan", circle="Close")
    schedule_checkin(shell_store, other, at=SHELL_NOW + timedelta(hours=1))

    shown = ScheduleDialog(shell_context, lena.id)
    qtbot.addWidget(shown)

    assert shown.slot_picker.chosen() == SHELL_NOW + timedelta(hours=1, minutes=15)


def test_choosing_another_slot_rewrites_the_invite(qtbot, dialog):
    assert "Hi Lena" in dialog.invite.toPlainText()
    assert "Friday 27 November at 10:30" in dialog.invite.toPlainText()

    qtbot.mouseClick(dialog.slot_picker.choice_buttons[1], Qt.MouseButton.LeftButton)

    assert dialog.slot_picker.chosen() == SHELL_NOW + timedelta(hours=1, minutes=30)
    assert "Friday 27 November at 11:00" in dialog.invite.toPlainText()


def test_words_the_user_typed_are_never_overwritten(qtbot, dialog):
    dialog.invite.setPlainText("Lena! Coffee on Friday?")
    qtbot.mouseClick(dialog.slot_picker.choice_buttons[0], Qt.MouseButton.LeftButton)
    assert dialog.invite.toPlainText() == "Lena! Coffee on Friday?"


def test_copy_puts_the_invite_on_the_clipboard(qtbot, dialog):
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.invite.toPlainText()


def test_the_email_draft_is_addressed_with_subject_and_body(qtbot, dialog, mail_program):
    qtbot.mouseClick(dialog.email_button, Qt.MouseButton.LeftButton)

    assert len(mail_program.urls) == 1
    url = urlsplit(mail_program.urls[0].toString(QUrl.ComponentFormattingOption.FullyEncoded))
    assert url.scheme == "mailto"
    assert unquote(url.path) == "lena@solarkraft.example"
    query = parse_qs(url.query)
    chosen = dialog.slot_picker.chosen().astimezone(SHELL_NOW.tzinfo)
    when = f"{chosen:%A} {chosen.day} {chosen:%B} at {chosen:%H:%M}"
    # The proposed time is in the subject; the body carries the invite, the time and how to join.
    assert query["subject"] == [f"10-minute call? {when} (CET)"]
    body = query["body"][0].replace("\r\n", "\n")
    assert body.startswith(dialog.invite.toPlainText().strip())
    assert f"When: {when} (CET), 10 minutes" in body
    assert "How: A phone call" in body


def test_without_an_email_address_the_draft_button_says_why(qtbot, shell_context, shell_person):
    nobody = shell_person("No Mail", circle="Close")
    shown = ScheduleDialog(shell_context, nobody.id)
    qtbot.addWidget(shown)

    assert not shown.email_button.isEnabled()
    assert shown.email_button.toolTip() == "No email address on file for No Mail"


def test_schedule_books_the_chosen_time_length_and_channel(qtbot, shell_context, dialog, lena):
    dialog.slot_picker.set_chosen(SHELL_NOW + timedelta(days=3))
    dialog.length.setValue(20)
    dialog.channel.setCurrentIndex(dialog.channel.findData("video"))

    with qtbot.waitSignal(shell_context.checkins_changed, timeout=1000):
        qtbot.mouseClick(dialog.schedule_button, Qt.MouseButton.LeftButton)

    booked = CheckIn.get(CheckIn.contact == lena.id)
    assert from_db(booked.starts_at) == SHELL_NOW + timedelta(days=3)
    assert (booked.minutes, booked.channel, booked.status) == (20, "video", "planned")
    assert not dialog.isVisible()


def test_a_time_in_the_past_is_refused_with_a_message(qtbot, monkeypatch, dialog, lena):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    dialog.slot_picker.set_chosen(SHELL_NOW - timedelta(days=1))

    qtbot.mouseClick(dialog.schedule_button, Qt.MouseButton.LeftButton)

    assert shown == ["That time has already passed; choose a time from now on."]
    assert dialog.isVisible()
    assert CheckIn.select().count() == 0


def test_save_ics_books_the_check_in_and_writes_a_calendar_file(qtbot, monkeypatch, tmp_path, dialog, lena):
    target = tmp_path / "lena.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))

    qtbot.mouseClick(dialog.ics_button, Qt.MouseButton.LeftButton)

    text = target.read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in text and "BEGIN:VEVENT" in text
    booked = CheckIn.get(CheckIn.contact == lena.id)
    assert booked.uid in text.replace("\r\n ", "")
    assert dialog.schedule_button.text() == "&Done"
    qtbot.mouseClick(dialog.schedule_button, Qt.MouseButton.LeftButton)
    assert CheckIn.select().count() == 1  # booked once, not twice


# --- the check-ins table model --------------------------------------------------------------------


def _rows(shell_store, shell_person):
    from services.agenda import checkin_rows

    ada = shell_person("Ada Zed", circle="Close")
    bea = shell_person("Bea Young", circle="Close")
    schedule_checkin(shell_store, ada, at=SHELL_NOW + timedelta(days=1))
    schedule_checkin(shell_store, bea, at=SHELL_NOW + timedelta(days=2), channel="coffee", minutes=30)
    return checkin_rows(shell_store)


def test_the_check_ins_model_passes_the_model_tester(qtmodeltester, shell_store, shell_person):
    model = CheckinTableModel()
    model.set_rows(_rows(shell_store, shell_person))
    qtmodeltester.check(model)
    model.sort(CheckinColumn.WITH, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_the_model_shows_and_sorts_its_own_rows(shell_store, shell_person):
    model = CheckinTableModel()
    model.set_rows(_rows(shell_store, shell_person))

    texts = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert texts == [
        ["Sat 28 Nov 2026, 09:30", "Ada Zed", "10 min", "Call", "Planned"],
        ["Sun 29 Nov 2026, 09:30", "Bea Young", "30 min", "Coffee", "Planned"],
    ]
    model.sort(CheckinColumn.LENGTH, Qt.SortOrder.DescendingOrder)
    assert model.index(0, CheckinColumn.WITH).data() == "Bea Young"
    assert model.headerData(CheckinColumn.WHEN, Qt.Orientation.Horizontal) == "When"


# --- the check-ins page ---------------------------------------------------------------------------


@pytest.fixture
def checkins(qtbot, shell_context):
    page = CheckinsPage(shell_context)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _select(page: CheckinsPage, row: int) -> None:
    page.table.selectionModel().select(
        page.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_the_page_lists_planned_check_ins_and_explains_when_there_are_none(
    qtbot, checkins, shell_store, shell_context, lena
):
    qtbot.waitUntil(lambda: checkins.summary.text() == "0 planned")
    assert checkins.stack.currentWidget() is checkins.empty

    schedule_checkin(shell_store, lena, at=SHELL_NOW + timedelta(days=1))
    shell_context.checkins_changed.emit()

    qtbot.waitUntil(lambda: checkins.model.rowCount() == 1)
    assert checkins.stack.currentWidget() is checkins.table
    assert checkins.model.index(0, CheckinColumn.WITH).data() == "Lena Vogel"
    assert not checkins.done_button.isEnabled()  # nothing selected yet


def test_done_from_the_page_logs_the_touch(qtbot, checkins, shell_store, shell_context, lena):
    schedule_checkin(shell_store, lena, at=SHELL_NOW - timedelta(minutes=20), channel="video")
    checkins.refresh()
    _select(checkins, 0)
    assert checkins.done_button.isEnabled()

    with qtbot.waitSignal(shell_context.interaction_logged, timeout=1000):
        qtbot.mouseClick(checkins.done_button, Qt.MouseButton.LeftButton)

    assert CheckIn.get(CheckIn.contact == lena.id).status == "done"
    assert Contact.get_by_id(lena.id).last_touch_kind == "video"
    qtbot.waitUntil(lambda: checkins.model.rowCount() == 0)
    checkins.show_past.setChecked(True)
    assert checkins.model.index(0, CheckinColumn.STATUS).data() == "Done"
    _select(checkins, 0)
    assert not checkins.done_button.isEnabled()
    assert checkins.ics_button.isEnabled()


def test_skip_and_reschedule_from_the_page(qtbot, checkins, shell_store, shell_person, lena):
    ada = shell_person("Ada Zed", circle="Close")
    schedule_checkin(shell_store, lena, at=SHELL_NOW + timedelta(days=1))
    kept = schedule_checkin(shell_store, ada, at=SHELL_NOW + timedelta(days=2))
    checkins.refresh()

    _select(checkins, 0)
    qtbot.mouseClick(checkins.skip_button, Qt.MouseButton.LeftButton)
    assert CheckIn.get(CheckIn.contact == lena.id).status == "skipped"
    qtbot.waitUntil(lambda: checkins.model.rowCount() == 1)

    _select(checkins, 0)
    dialog = checkins.open_reschedule_dialog()
    assert dialog is not None
    dialog.slot_picker.set_chosen(SHELL_NOW + timedelta(days=4, hours=2))
    dialog.accept()
    assert from_db(CheckIn.get_by_id(kept.id).starts_at) == SHELL_NOW + timedelta(days=4, hours=2)
    qtbot.waitUntil(lambda: checkins.model.index(0, CheckinColumn.WHEN).data() == "Tue 1 Dec 2026, 11:30")


def test_save_ics_for_the_selected_check_in(qtbot, monkeypatch, tmp_path, checkins, shell_store, lena):
    booked = schedule_checkin(shell_store, lena, at=SHELL_NOW + timedelta(days=1))
    checkins.refresh()
    target = tmp_path / "checkin.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    _select(checkins, 0)

    qtbot.mouseClick(checkins.ics_button, Qt.MouseButton.LeftButton)

    assert booked.uid in target.read_text(encoding="utf-8").replace("\r\n ", "")


def test_double_click_opens_the_contact(qtbot, checkins, shell_store, shell_context, lena):
    schedule_checkin(shell_store, lena, at=SHELL_NOW + timedelta(days=1))
    checkins.refresh()

    with qtbot.waitSignal(shell_context.open_contact_requested, timeout=1000) as opened:
        checkins.table.doubleClicked.emit(checkins.model.index(0, CheckinColumn.WITH))

    assert opened.args == [lena.id]


def test_a_check_in_closed_elsewhere_is_reported_not_crashed(qtbot, monkeypatch, checkins, shell_store, lena):
    booked = schedule_checkin(shell_store, lena, at=SHELL_NOW)
    checkins.refresh()
    _select(checkins, 0)
    complete_checkin(shell_store, CheckIn.get_by_id(booked.id))  # e.g. from the command line
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))

    qtbot.mouseClick(checkins.done_button, Qt.MouseButton.LeftButton)

    assert shown == [f"check-in #{booked.id} is already done"]
