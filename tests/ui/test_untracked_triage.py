"""Triage mode: untracked contacts one at a time, keys 1–5 to decide, Backspace to undo, Esc to leave."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from core.kinds import UNTRACKED
from models.entities import Contact
from tests.ui.conftest import shown_contacts_page


@pytest.fixture
def imports(shell_person):
    """Three fresh imports, connected on different days, and one tracked contact."""
    people = {}
    for name, connected, initiated in (
        ("Ines Okafor", date(2026, 2, 8), "them"),
        ("Tomás Reyes", date(2026, 5, 1), "me"),
        ("Old Connection", None, None),
    ):
        contact = shell_person(name, circle=UNTRACKED, company="Northwind", position="Director")
        contact.connected_on = connected
        contact.initiated_by = initiated
        contact.save()
        people[name] = contact
    shell_person("Already Tracked", circle="Close")
    return people


@pytest.fixture
def contacts_page(qtbot, shell_context, imports):
    return shown_contacts_page(qtbot, shell_context)


def circle_of(contact):
    return Contact.get_by_id(contact.id).circle.name


def press(qtbot, triage, key):
    qtbot.keyClick(triage, key)


def test_triage_with_the_keyboard(qtbot, contacts_page, imports, shell_context):
    assert contacts_page.triage_button.text() == "Triage 3 untracked"
    contacts_page.triage_button.click()
    triage = contacts_page.triage
    assert contacts_page.stack.currentWidget() is triage

    # Newest connections first; unknown dates last.
    assert triage.name_label.text() == "Tomás Reyes"
    assert triage.progress_label.text() == "1 of 3"
    assert triage.headline_label.text() == "Director @ Northwind"
    assert triage.connected_label.text() == "Connected on 1 May 2026"
    assert triage.initiated_label.text() == "You sent the invitation"

    with qtbot.waitSignal(shell_context.contact_changed, timeout=1000):
        press(qtbot, triage, Qt.Key.Key_2)
    assert circle_of(imports["Tomás Reyes"]) == "Close"
    assert triage.name_label.text() == "Ines Okafor"
    assert triage.initiated_label.text() == "They sent the invitation"
    assert triage.progress_label.text() == "2 of 3"

    press(qtbot, triage, Qt.Key.Key_5)  # keep untracked
    assert circle_of(imports["Ines Okafor"]) == UNTRACKED
    assert triage.name_label.text() == "Old Connection"

    press(qtbot, triage, Qt.Key.Key_Backspace)  # undo the skip
    assert triage.name_label.text() == "Ines Okafor"
    press(qtbot, triage, Qt.Key.Key_1)
    assert circle_of(imports["Ines Okafor"]) == "Inner"

    press(qtbot, triage, Qt.Key.Key_4)
    assert circle_of(imports["Old Connection"]) == "Acquaintance"
    assert triage.name_label.text() == "All done"
    assert triage.progress_label.text() == "All 3 triaged"

    press(qtbot, triage, Qt.Key.Key_U)  # undo works from the end too
    assert circle_of(imports["Old Connection"]) == UNTRACKED
    assert triage.name_label.text() == "Old Connection"

    press(qtbot, triage, Qt.Key.Key_Escape)
    assert contacts_page.stack.currentIndex() == 0
    assert contacts_page.triage_button.text() == "Triage 1 untracked"
    rows = [contacts_page.model.row_at(r) for r in range(contacts_page.model.rowCount())]
    circles = {row.name: row.circle for row in rows}
    assert circles["Ines Okafor"] == "Inner" and circles["Tomás Reyes"] == "Close"


def test_buttons_do_what_the_keys_do(contacts_page, imports):
    contacts_page.start_triage()
    triage = contacts_page.triage
    assert [b.text() for b in triage.choice_buttons] == [
        "1  Inner",
        "2  Close",
        "3  Network",
        "4  Acquaintance",
        "5  Keep untracked",
    ]
    triage.choice_buttons[2].click()
    assert circle_of(imports["Tomás Reyes"]) == "Network"
    triage.undo_button.click()
    assert circle_of(imports["Tomás Reyes"]) == UNTRACKED
    assert not triage.undo_button.isEnabled()
    triage.leave_button.click()
    assert contacts_page.stack.currentIndex() == 0


def test_nothing_to_triage(qtbot, shell_context, shell_person):
    from ui.untracked_triage import UntrackedTriage

    shell_person("Tracked", circle="Close")
    triage = UntrackedTriage(shell_context)
    qtbot.addWidget(triage)
    triage.start()
    assert triage.name_label.text() == "Nothing left to triage"
    assert not any(b.isEnabled() for b in triage.choice_buttons)


def test_progress_counts_with_thousands_separators(shell_store):
    from ui.untracked_triage import UntrackedTriageQueue

    queue = UntrackedTriageQueue(shell_store, list(range(1, 1205)))
    queue.position = 11
    assert queue.progress_text() == "12 of 1,204"
