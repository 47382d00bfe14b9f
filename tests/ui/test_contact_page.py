"""The contact page: header and links, quick log, timeline edit/delete/undo, ledger, circle, tags, notes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from models.entities import Contact, ContactUrl, Interaction
from services.contacts import tags_of
from services.touches import record_exchange
from tests.ui.conftest import SHELL_NOW
from ui.links import mailto_url, open_link, safe_url, tel_url
from ui.timeline_model import TimelineModel


@pytest.fixture
def lena(shell_person, shell_store):
    contact = shell_person(
        "Lena Vogel",
        circle="Close",
        last_touch_days=41,
        company="Solarkraft GmbH",
        position="Product Designer",
        emails=("lena@solarkraft.example",),
    )
    contact.linkedin_url = "https://www.linkedin.com/in/lena-vogel"
    contact.save()
    return contact


@pytest.fixture
def page(qtbot, shell_context, lena):
    from ui.contact_page import ContactPage

    contact_page = ContactPage(shell_context)
    qtbot.addWidget(contact_page)
    contact_page.resize(1200, 900)
    contact_page.show()
    qtbot.waitExposed(contact_page)
    contact_page.show_contact(lena.id)
    return contact_page


def timeline_whats(page):
    model = page.timeline.model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def test_header_shows_who_they_are_and_where_it_stands(page):
    header = page.header
    assert header.name_label.text() == "Lena Vogel"
    assert header.headline_label.text() == "Product Designer @ Solarkraft GmbH"
    assert header.status_chip.text() == "Cold"
    assert header.last_touch_label.text() == "Last touch 41 days ago (lunch)"
    assert header.next_due_label.text() == "Due now"
    assert header.warmth_bar.warmth() is not None
    links = {label.accessibleName(): label.text() for label in header.link_labels}
    assert (
        'href="https://www.linkedin.com/in/lena-vogel"'
        in links["Open LinkedIn profile https://www.linkedin.com/in/lena-vogel"]
    )
    assert 'href="mailto:lena@solarkraft.example"' in links["Email lena@solarkraft.example"]
    assert page.cadence.circle_combo.currentData() == "Close"
    assert page.cadence.cadence_combo.currentText() == "Circle default (every 30 days)"


def test_unsafe_links_from_contact_data_are_shown_as_plain_text(qtbot, shell_context, shell_person):
    from ui.contact_page import ContactPage

    contact = shell_person("Mallory")
    ContactUrl.create(contact=contact, url="javascript:alert(1)")
    ContactUrl.create(contact=contact, url="file:///etc/passwd")
    page = ContactPage(shell_context)
    qtbot.addWidget(page)
    page.show_contact(contact.id)

    texts = [label.text() for label in page.header.link_labels]
    assert texts == ["javascript:alert(1)", "file:///etc/passwd"]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in page.header.link_labels)


def test_only_web_mail_and_phone_links_are_ever_opened(monkeypatch):
    opened: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", fake_open)

    assert open_link("https://www.linkedin.com/in/lena")
    assert open_link(mailto_url("lena@example.com", subject="Hi there"))
    assert open_link(tel_url("+49 (30) 123-45"))
    unsafe_links = (
        "file:///etc/passwd",
        "javascript:alert(1)",
        "smb://server/share",
        "http://",
        "",
        "data:text/html,x",
    )
    for unsafe in unsafe_links:
        assert not open_link(unsafe)
    assert [url.scheme() for url in opened] == ["https", "mailto", "tel"]
    assert opened[2].toString() == "tel:+493012345"
    assert safe_url("HTTPS://example.com") is not None


def test_quick_log_a_lunch_makes_them_warm_and_takes_them_off_today(qtbot, page, shell_context, lena):
    from ui.today_page import TodayPage

    today = TodayPage(shell_context)
    qtbot.addWidget(today)
    today.show()
    qtbot.waitUntil(lambda: today.overview is not None)
    assert [card.contact_id for card in today.cards] == [lena.id]

    with qtbot.waitSignal(shell_context.interaction_logged, timeout=2000) as logged:
        page.quick_log.kind_buttons["lunch"].click()

    assert logged.args == [[lena.id]]
    assert page.header.status_chip.text() == "Warm"
    assert page.header.last_touch_label.text() == "Last touch today (lunch)"
    assert timeline_whats(page)[0] == "Lunch"
    qtbot.waitUntil(lambda: today.cards == [], timeout=3000)


def test_quick_log_with_an_earlier_day_their_direction_and_a_note(page, lena):
    bar = page.quick_log
    bar.date_edit.setDate(bar.date_edit.date().addDays(-3))
    bar.in_button.click()
    bar.note_edit.setText("Asked about the roadmap")
    bar.kind_buttons["call"].click()

    item = page.timeline.model.item_at(0)
    assert (item.kind, item.direction, item.note, item.day) == (
        "call",
        "in",
        "Asked about the roadmap",
        date(2026, 11, 24),
    )
    assert bar.note_edit.text() == ""
    assert bar.date_edit.maximumDate() == bar.date_edit.maximumDate()  # no future days offered
    assert page.header.status_chip.text() == "Warm"


def test_their_comment_on_my_post_is_logged_as_such(page):
    page.quick_log.in_button.click()
    page.quick_log.kind_buttons["comment"].click()
    item = page.timeline.model.item_at(0)
    assert (item.kind, item.direction) == ("their_comment", "in")
    assert timeline_whats(page)[0] == "They commented on my post"


def test_a_note_is_logged_but_does_not_reset_the_clock(page):
    page.quick_log.kind_buttons["note"].click()
    assert timeline_whats(page)[0] == "Note"
    assert page.header.status_chip.text() == "Cold"


def test_delete_from_the_timeline_then_undo_with_ctrl_z(qtbot, page, lena):
    page.quick_log.kind_buttons["call"].click()
    assert page.header.status_chip.text() == "Warm"
    page.timeline.select_row(0)
    page.timeline.delete_button.click()

    assert timeline_whats(page) == ["Lunch"]
    assert page.header.status_chip.text() == "Cold"
    assert page.timeline.undo_bar.isVisible()
    assert page.timeline.undo_label.text().startswith("Deleted call of 27 Nov 2026")

    page.timeline.table.setFocus()
    qtbot.keyClick(page.timeline.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: timeline_whats(page)[0] == "Call", timeout=2000)
    assert page.header.status_chip.text() == "Warm"
    assert not page.timeline.undo_bar.isVisible()


def test_undo_button_restores_and_delete_key_deletes(qtbot, page):
    page.timeline.select_row(0)
    page.timeline.table.setFocus()
    qtbot.keyClick(page.timeline.table, Qt.Key.Key_Delete)
    assert timeline_whats(page) == []
    assert page.timeline.empty_label.isVisible()
    page.timeline.undo_button.click()
    assert timeline_whats(page) == ["Lunch"]


def test_editing_a_timeline_item(qtbot, page, monkeypatch):
    from ui.timeline_item_dialog import TimelineItemDialog

    dialogs: list[TimelineItemDialog] = []
    monkeypatch.setattr(TimelineItemDialog, "open", lambda self: dialogs.append(self))
    page.timeline.select_row(0)
    page.timeline.edit_button.click()
    (dialog,) = dialogs
    assert dialog.kind_combo is not None and dialog.note_edit is not None
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("coffee"))
    dialog.note_edit.setPlainText("Flat white")
    dialog.accept()

    item = page.timeline.model.item_at(0)
    assert (item.kind, item.note) == ("coffee", "Flat white")
    assert timeline_whats(page) == ["Coffee"]


def test_circle_cadence_tags_and_notes_are_saved(qtbot, page, lena):
    cadence = page.cadence
    cadence.circle_combo.setCurrentIndex(cadence.circle_combo.findData("Inner"))
    cadence.circle_combo.activated.emit(cadence.circle_combo.currentIndex())
    assert Contact.get_by_id(lena.id).circle.name == "Inner"

    cadence.cadence_combo.setCurrentIndex(1)
    cadence.days_spin.setValue(50)
    cadence.cadence_combo.activated.emit(1)
    assert Contact.get_by_id(lena.id).cadence_days == 50
    assert page.header.status_chip.text() == "Cooling"  # 41 of 50 days
    cadence.cadence_combo.setCurrentIndex(0)
    cadence.cadence_combo.activated.emit(0)
    assert Contact.get_by_id(lena.id).cadence_days is None

    page.tags.input.setText("design")
    qtbot.keyClick(page.tags.input, Qt.Key.Key_Return)
    assert tags_of(Contact.get_by_id(lena.id)) == ["design"]
    assert list(page.tags.chips) == ["design"]
    page.tags.chips["design"].click()
    assert tags_of(Contact.get_by_id(lena.id)) == []

    page.notes.setFocus()
    qtbot.keyClicks(page.notes, "Loves climbing")
    page.back_button.setFocus()
    qtbot.waitUntil(lambda: Contact.get_by_id(lena.id).notes == "Loves climbing", timeout=2000)


def test_ledger_counts_balance_and_asks_only_warning(qtbot, shell_store, shell_context, shell_person):
    from ui.contact_page import ContactPage

    asker = shell_person("Ask Only", circle="Network")
    record_exchange(shell_store, asker, "referral", "they_asked", on=SHELL_NOW.date() - timedelta(days=300))
    record_exchange(shell_store, asker, "job_lead", "they_asked", on=SHELL_NOW.date() - timedelta(days=2))
    page = ContactPage(shell_context)
    qtbot.addWidget(page)
    page.show()
    page.show_contact(asker.id)

    assert page.ledger.counts["they_asked"].text() == "2"
    assert page.ledger.balance_label.text() == "Balance: Even"
    assert page.ledger.warning_label.isVisibleTo(page)

    page.controller.record_exchange("gave", "advice")
    page.refresh()
    assert page.ledger.counts["gave"].text() == "1"
    assert page.ledger.balance_label.text() == "Balance: They owe you one"


def test_archive_from_the_page(page, lena, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    page.archive_button.click()
    assert Contact.get_by_id(lena.id).archived
    assert page.header.status_chip.text() == "Archived"
    assert page.archive_button.text() == "Restore"
    page.archive_button.click()
    assert not Contact.get_by_id(lena.id).archived


def test_a_change_elsewhere_refreshes_the_open_contact(qtbot, page, shell_context, shell_store, lena):
    from services.touches import log_interaction

    log_interaction(shell_store, [Contact.get_by_id(lena.id)], "video")
    shell_context.interaction_logged.emit([lena.id])
    qtbot.waitUntil(lambda: timeline_whats(page)[0] == "Video call", timeout=2000)
    assert Interaction.select().count() == 2


def test_back_button_and_alt_left(qtbot, page):
    with qtbot.waitSignal(page.back_requested, timeout=1000):
        page.back_button.click()


def test_timeline_model_passes_qt_model_tester(qtmodeltester, page):
    page.quick_log.kind_buttons["call"].click()
    model: TimelineModel = page.timeline.model
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_edit_dialog_keeps_what_was_typed_and_marks_the_bad_field(qtbot, shell_context, lena):
    from ui.edit_contact_dialog import EditContactDialog

    dialog = EditContactDialog(shell_context, lena.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.field("emails").text() == "lena@solarkraft.example"

    dialog.field("position").setText("Head of Design")
    dialog.field("emails").setText("lena@solarkraft.example, not-an-email")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    assert dialog.isVisible()
    assert dialog.problem_field() == "emails"
    assert "not-an-email" in dialog.error_label.text()
    assert dialog.field("position").text() == "Head of Design"
    assert Contact.get_by_id(lena.id).position == "Product Designer"

    dialog.field("emails").setText("lena@solarkraft.example")
    dialog.field("connected_on").setText("12 March")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.problem_field() == "connected_on"

    dialog.field("connected_on").setText("2024-03-12")
    dialog.field("linkedin_url").setText("javascript:alert(1)")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.problem_field() == "linkedin_url"

    dialog.field("linkedin_url").setText("https://www.linkedin.com/in/lena-vogel")
    dialog.field("birthday").setText("06-30")
    with qtbot.waitSignal(dialog.saved, timeout=1000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    saved = Contact.get_by_id(lena.id)
    assert (saved.position, saved.birthday) == ("Head of Design", "--06-30")
    assert saved.connected_on == date(2024, 3, 12)
    assert not dialog.isVisible()


def test_edit_dialog_creates_a_contact_and_asks_before_discarding(qtbot, shell_context, monkeypatch):
    from ui.edit_contact_dialog import EditContactDialog

    dialog = EditContactDialog(shell_context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.field("name").setText("Nina Neu")
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Cancel)
    dialog.reject()
    assert dialog.isVisible()  # typed text is never thrown away without asking

    dialog.field("tags").setText("python, hiring")
    dialog.circle_combo.setCurrentIndex(dialog.circle_combo.findData("Network"))
    with qtbot.waitSignal(dialog.saved, timeout=1000) as saved:
        dialog.save()
    contact = Contact.get_by_id(saved.args[0])
    assert (contact.display_name, contact.circle.name) == ("Nina Neu", "Network")
    assert tags_of(contact) == ["hiring", "python"]
    QApplication.processEvents()


def test_schedule_button_opens_the_schedule_dialog_for_this_contact(page, lena, monkeypatch):
    from ui.schedule_dialog import ScheduleDialog

    opened: list[ScheduleDialog] = []
    monkeypatch.setattr(ScheduleDialog, "open", lambda self: opened.append(self))
    page.schedule_button.click()
    assert len(opened) == 1
