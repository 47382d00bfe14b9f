"""Logging a touch from the dialog (Ctrl+L) and triaging a request ('someone asked me…')."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from models.entities import Contact, Exchange, Interaction, InteractionContact
from services.touches import log_interaction, record_exchange
from tests.ui.conftest import SHELL_NOW
from ui.log_touch_dialog import LogTouchDialog
from ui.request_triage_dialog import RequestTriageDialog


@pytest.fixture
def people(shell_person):
    return {
        "lena": shell_person("Lena Vogel", circle="Close", last_touch_days=41, company="Solarkraft"),
        "marco": shell_person("Marco Bianchi", circle="Inner", last_touch_days=20),
        "priya": shell_person("Priya Nair", circle="Network", company="Initech"),
    }


def test_log_a_group_lunch_by_typing_names(qtbot, shell_context, people):
    dialog = LogTouchDialog(shell_context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.log_button.isEnabled()

    dialog.picker.search.setFocus()
    qtbot.keyClicks(dialog.picker.search, "lena")
    assert dialog.picker.results.isVisible()
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter picked Lena; it did not press Log
    qtbot.keyClicks(dialog.picker.search, "initech")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert list(dialog.chosen.values()) == ["Lena Vogel", "Priya Nair"]

    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("lunch"))
    dialog.minutes_spin.setValue(60)
    dialog.note_edit.setPlainText("Ramen")
    with qtbot.waitSignal(shell_context.interaction_logged, timeout=1000) as logged:
        dialog.log_button.click()

    assert sorted(logged.args[0]) == sorted([people["lena"].id, people["priya"].id])
    lunch = Interaction.select().where(Interaction.kind == "lunch").order_by(Interaction.id.desc()).first()
    assert (lunch.duration_minutes, lunch.note) == (60, "Ramen")
    links = InteractionContact.select().where(InteractionContact.interaction == lunch)
    participants = {link.contact.id for link in links}
    assert participants == {people["lena"].id, people["priya"].id}
    assert not dialog.isVisible()


def test_log_dialog_starts_with_the_selected_contacts_and_can_drop_one(qtbot, shell_context, people):
    dialog = LogTouchDialog(shell_context, [people["lena"].id, people["marco"].id])
    qtbot.addWidget(dialog)
    dialog.show()
    assert list(dialog.chosen.values()) == ["Lena Vogel", "Marco Bianchi"]
    dialog._chips[1].click()
    assert list(dialog.chosen.values()) == ["Lena Vogel"]

    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-7))
    dialog.direction_combo.setCurrentIndex(dialog.direction_combo.findData("in"))
    dialog.log()

    touch = Interaction.select().order_by(Interaction.id.desc()).first()
    assert touch.kind == "call" and touch.direction == "in"
    assert Contact.get_by_id(people["lena"].id).last_touch_kind == "call"


def test_the_log_dialog_offers_no_future_dates(qtbot, shell_context, people):
    dialog = LogTouchDialog(shell_context, [people["lena"].id])
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(5))
    assert dialog.date_edit.date() == dialog.date_edit.maximumDate()


def test_request_triage_card_for_an_engaged_contact(qtbot, shell_context, shell_store, people):
    marco = people["marco"]
    log_interaction(
        shell_store, [marco], "their_comment", when=SHELL_NOW - timedelta(days=10), direction="in"
    )
    record_exchange(shell_store, marco, "referral", "received", on=SHELL_NOW.date() - timedelta(days=90))
    dialog = RequestTriageDialog(shell_context, marco.id)
    qtbot.addWidget(dialog)
    dialog.show()

    view = dialog.card_view
    assert view.name_label.text() == "Marco Bianchi"
    assert view.summary_label.text().startswith("Engaged: 1 touch from them this year")
    assert not view.warning_label.isVisible()
    assert view.facts["their"].text() == "1 / 0"
    assert view.facts["comments"].text() == "1"
    assert view.facts["last"].text().endswith("10 days ago")
    assert not dialog.picker.isVisible()


def test_request_triage_flags_asks_only_and_logs_the_ask(qtbot, shell_context, shell_store, people):
    priya = people["priya"]
    record_exchange(shell_store, priya, "referral", "they_asked", on=SHELL_NOW.date() - timedelta(days=300))
    dialog = RequestTriageDialog(shell_context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.log_button.isEnabled()

    dialog.picker.type_text("priya")
    dialog.picker.pick_current()
    assert dialog.card_view.warning_label.isVisible()
    assert "Asks-only" in dialog.card_view.summary_label.text()

    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("job_lead"))
    dialog.note_edit.setText("Intro to their hiring manager")
    with qtbot.waitSignal(shell_context.contact_changed, timeout=1000):
        dialog.log_button.click()

    ask = Exchange.select().where(Exchange.contact == priya).order_by(Exchange.id.desc()).first()
    assert (ask.kind, ask.direction, ask.status, ask.note) == (
        "job_lead",
        "they_asked",
        "open",
        "Intro to their hiring manager",
    )


def test_helping_records_the_ask_as_done_and_what_i_gave(qtbot, shell_context, people):
    dialog = RequestTriageDialog(shell_context, people["lena"].id)
    qtbot.addWidget(dialog)
    dialog.help_button.click()

    rows = [(e.direction, e.status) for e in Exchange.select().where(Exchange.contact == people["lena"].id)]
    assert sorted(rows) == [("gave", "done"), ("they_asked", "done")]


def test_declining_records_a_declined_ask(qtbot, shell_context, people):
    dialog = RequestTriageDialog(shell_context, people["lena"].id)
    qtbot.addWidget(dialog)
    dialog.decline_button.click()

    (ask,) = Exchange.select().where(Exchange.contact == people["lena"].id)
    assert (ask.direction, ask.status) == ("they_asked", "declined")


def test_contact_page_opens_the_request_triage(qtbot, shell_context, people, monkeypatch):
    from ui.contact_page import ContactPage

    opened: list[RequestTriageDialog] = []
    monkeypatch.setattr(RequestTriageDialog, "open", lambda self: opened.append(self))
    page = ContactPage(shell_context)
    qtbot.addWidget(page)
    page.show_contact(people["lena"].id)
    page.asked_button.click()
    assert opened and opened[0].contact_id == people["lena"].id
