"""The Contacts page: the table, search as you type, filters, sorting, bulk edits, live updates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from core.kinds import UNTRACKED
from models.entities import Contact
from services.contact_rows import load_contact_rows
from services.contacts import tags_of
from tests.ui.conftest import shown_contacts_page
from ui.contact_table_model import ContactTableModel, StatusRole, WarmthRole
from ui.contacts_filter import ARCHIVED, ContactColumn, ContactCriteria, ContactListController


@pytest.fixture
def network(shell_person):
    """Five people across circles and statuses."""
    return {
        "lena": shell_person(
            "Lena Vogel",
            circle="Close",
            last_touch_days=41,
            company="Acme",
            position="CTO",
            emails=("lena@acme.example",),
        ),
        "marco": shell_person(
            "Marco Bianchi",
            circle="Inner",
            last_touch_days=2,
            kind="call",
            company="Globex",
            position="Founder",
        ),
        "priya": shell_person("Priya Nair", circle="Network", company="Initech", position="Head of Sales"),
        "jose": shell_person("José Núñez", circle="Acquaintance", last_touch_days=150, company="Umbrella"),
        "fresh": shell_person("Fresh Import", circle=UNTRACKED, company="Hooli"),
    }


@pytest.fixture
def page(qtbot, shell_context, network):
    return shown_contacts_page(qtbot, shell_context)


def shown_names(page):
    model = page.model
    return [model.index(row, ContactColumn.NAME).data() for row in range(model.rowCount())]


def type_search(qtbot, page, text):
    page.filters.search.clear()
    qtbot.keyClicks(page.filters.search, text)
    qtbot.waitUntil(lambda: page.model.rows.criteria.text == text, timeout=2000)


def test_model_passes_qt_model_tester(qtmodeltester, shell_store, network):
    model = ContactTableModel()
    model.load(load_contact_rows(shell_store), shell_store.today())
    qtmodeltester.check(model)
    model.set_criteria(ContactCriteria(text="a"))
    qtmodeltester.check(model)
    model.sort(ContactColumn.WARMTH, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_table_shows_every_live_contact_with_its_columns(page):
    assert shown_names(page) == ["Fresh Import", "José Núñez", "Lena Vogel", "Marco Bianchi", "Priya Nair"]
    model = page.model
    lena = shown_names(page).index("Lena Vogel")
    assert model.index(lena, ContactColumn.COMPANY).data() == "Acme"
    assert model.index(lena, ContactColumn.CIRCLE).data() == "Close"
    assert model.index(lena, ContactColumn.STATUS).data() == "Cold"
    assert model.index(lena, ContactColumn.STATUS).data(StatusRole) == "cold"
    assert model.index(lena, ContactColumn.LAST_TOUCH).data() == "17 Oct 2026"
    tooltip = model.index(lena, ContactColumn.LAST_TOUCH).data(Qt.ItemDataRole.ToolTipRole)
    assert "41 days ago (lunch)" in tooltip
    assert model.index(lena, ContactColumn.NEXT_DUE).data() == "16 Nov 2026"
    assert isinstance(model.index(lena, ContactColumn.WARMTH).data(WarmthRole), int)
    assert page.count_label.text() == "5 contacts"
    assert page.triage_button.text() == "Triage 1 untracked"


def test_search_as_you_type_matches_names_companies_positions_emails_and_accents(qtbot, page):
    type_search(qtbot, page, "acme")
    assert shown_names(page) == ["Lena Vogel"]
    type_search(qtbot, page, "head of")
    assert shown_names(page) == ["Priya Nair"]
    type_search(qtbot, page, "lena@")
    assert shown_names(page) == ["Lena Vogel"]
    type_search(qtbot, page, "nunez")
    assert shown_names(page) == ["José Núñez"]
    type_search(qtbot, page, "zzz")
    assert shown_names(page) == []
    assert page.stack.currentIndex() == 1 and page.empty_title.text() == "No contacts match"
    page.empty_button.click()
    assert len(shown_names(page)) == 5
    assert page.count_label.text() == "5 contacts"


def test_filters_by_circle_status_and_tag(qtbot, page, shell_context, network):
    page.bulk.add_tag([network["lena"].id, network["priya"].id], "hiring")
    qtbot.waitUntil(lambda: page.filters.tag.findData("hiring") >= 0, timeout=2000)

    page.filters.set_circle("Inner")
    assert shown_names(page) == ["Marco Bianchi"]
    page.filters.set_circle("")
    page.filters.set_status("cold")
    assert shown_names(page) == ["Lena Vogel"]
    page.filters.set_status("new")
    assert shown_names(page) == ["Priya Nair"]
    page.filters.set_status("none")
    assert shown_names(page) == ["Fresh Import"]
    page.filters.set_status("")
    page.filters.tag.setCurrentIndex(page.filters.tag.findData("hiring"))
    assert shown_names(page) == ["Lena Vogel", "Priya Nair"]
    assert page.count_label.text() == "2 of 5 contacts"


def test_sorting_by_any_column_from_the_header(qtbot, page):
    header = page.table.horizontalHeader()
    header.setSortIndicator(ContactColumn.COMPANY, Qt.SortOrder.AscendingOrder)
    assert shown_names(page)[:3] == ["Lena Vogel", "Marco Bianchi", "Fresh Import"]  # Acme, Globex, Hooli
    header.setSortIndicator(ContactColumn.STATUS, Qt.SortOrder.AscendingOrder)
    assert shown_names(page)[0] == "Lena Vogel"  # cold first
    header.setSortIndicator(ContactColumn.WARMTH, Qt.SortOrder.DescendingOrder)
    assert shown_names(page)[0] == "Marco Bianchi"  # warmest first
    header.setSortIndicator(ContactColumn.LAST_TOUCH, Qt.SortOrder.AscendingOrder)
    assert shown_names(page)[0] == "José Núñez"  # oldest touch first, never-touched last
    assert shown_names(page)[-1] in ("Fresh Import", "Priya Nair")


def select(page, *names):
    selection = page.table.selectionModel()
    selection.clearSelection()
    for name in names:
        row = shown_names(page).index(name)
        selection.select(
            page.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_bulk_set_circle_add_tag_and_archive(qtbot, page, monkeypatch, network):
    select(page, "Fresh Import", "Priya Nair")
    assert page.selection_label.text() == "2 selected"
    assert page.circle_button.isEnabled()

    inner = next(a for a in page.circle_menu.actions() if a.text() == "Inner")
    inner.trigger()
    qtbot.waitUntil(
        lambda: (
            page.model.index(shown_names(page).index("Fresh Import"), ContactColumn.CIRCLE).data() == "Inner"
        ),
        timeout=2000,
    )
    assert Contact.get_by_id(network["priya"].id).circle.name == "Inner"
    assert page.triage_button.text() == "Triage untracked"

    page.bulk.add_tag(page.selected_ids(), "founders")
    assert tags_of(Contact.get_by_id(network["fresh"].id)) == ["founders"]

    select(page, "Priya Nair")
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    page.archive_button.click()
    qtbot.waitUntil(lambda: "Priya Nair" not in shown_names(page), timeout=2000)
    assert Contact.get_by_id(network["priya"].id).archived

    page.filters.set_status(ARCHIVED)
    assert shown_names(page) == ["Priya Nair"]
    assert page.archive_button.text() == "Restore"
    select(page, "Priya Nair")
    page.archive_button.click()
    qtbot.waitUntil(lambda: shown_names(page) == [], timeout=2000)
    assert not Contact.get_by_id(network["priya"].id).archived


def test_archive_asks_first_and_cancel_changes_nothing(page, monkeypatch, network):
    select(page, "Lena Vogel")
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Cancel)
    page.archive_button.click()
    assert not Contact.get_by_id(network["lena"].id).archived


def test_a_logged_touch_updates_its_row_in_place(qtbot, page, shell_context, shell_store, network):
    from services.touches import log_interaction

    log_interaction(shell_store, [Contact.get_by_id(network["lena"].id)], "lunch")
    shell_context.interaction_logged.emit([network["lena"].id])

    row = shown_names(page).index("Lena Vogel")
    qtbot.waitUntil(lambda: page.model.index(row, ContactColumn.STATUS).data() == "Warm", timeout=2000)
    assert page.model.index(row, ContactColumn.LAST_TOUCH).data() == "27 Nov 2026"


def test_changes_from_another_process_show_up(qtbot, page, shell_context, shell_store):
    import sqlite3

    other = sqlite3.connect(shell_store.database_path)
    other.execute("UPDATE contact SET display_name = 'Lena Vogel-Weiss' WHERE display_name = 'Lena Vogel'")
    other.commit()
    other.close()

    assert shell_context.check_external_changes()
    qtbot.waitUntil(lambda: "Lena Vogel-Weiss" in shown_names(page), timeout=2000)


def test_opening_a_contact_by_keyboard(qtbot, page, shell_context, network):
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(shown_names(page).index("Marco Bianchi"), 0))
    with qtbot.waitSignal(shell_context.open_contact_requested, timeout=2000) as opened:
        page.table.activated.emit(page.table.currentIndex())
    assert opened.args == [network["marco"].id]


def test_focus_search_puts_the_cursor_in_the_search_field(qtbot, page):
    page.window().activateWindow()
    page.focus_search()
    qtbot.waitUntil(lambda: page.filters.search.hasFocus(), timeout=2000)


def test_empty_network_offers_an_import(qtbot, shell_context):
    from ui.contacts_page import ContactsPage

    contacts = ContactsPage(shell_context)
    qtbot.addWidget(contacts)
    contacts.show()
    contacts.refresh()
    assert contacts.empty_title.text() == "No contacts yet"
    assert contacts.empty_button.text() == "Import LinkedIn export…"


def test_controller_narrows_without_rescanning_and_keeps_sort_order(shell_store, network):
    controller = ContactListController()
    controller.load(load_contact_rows(shell_store))
    controller.sort(ContactColumn.NAME, descending=True)
    with_a = controller.set_criteria(ContactCriteria(text="a"))
    assert [r.name for r in with_a][:2] == ["Priya Nair", "Marco Bianchi"]
    narrower = ContactCriteria(text="an")
    assert narrower.narrows(ContactCriteria(text="a"))
    assert not ContactCriteria(text="b").narrows(ContactCriteria(text="a"))
    assert not ContactCriteria(text="an", circle="Inner").narrows(ContactCriteria(text="a"))
    assert [r.name for r in controller.set_criteria(narrower)] == ["Marco Bianchi"]


def test_a_large_network_loads_in_the_background_and_says_so(qtbot, shell_context, shell_store, network):
    from ui.contacts_page import ContactsPage

    contacts = ContactsPage(shell_context)
    contacts.background_load_from = 3  # five contacts count as a large network here
    qtbot.addWidget(contacts)
    contacts.resize(1200, 700)
    with qtbot.waitSignal(contacts.rows_loaded, timeout=10_000):
        contacts.show()
        # Until the rows arrive the page says it is reading them (and offers nothing to click).
        assert contacts.loading
        assert contacts.empty_title.text() == "Loading contacts…"
        assert contacts.empty_button.isHidden()
    assert not contacts.loading
    assert shown_names(contacts) == [
        "Fresh Import", "José Núñez", "Lena Vogel", "Marco Bianchi", "Priya Nair"
    ]  # fmt: skip
    assert contacts.count_label.text() == "5 contacts"


def test_a_change_during_a_background_load_is_not_lost(qtbot, shell_context, shell_person, network):
    from ui.contacts_page import ContactsPage

    contacts = ContactsPage(shell_context)
    contacts.background_load_from = 3
    qtbot.addWidget(contacts)
    contacts.show()
    assert contacts.loading
    # While the first read runs, someone is added: the page reads everything once more.
    added = shell_person("Zoe Added", circle="Close")
    shell_context.contact_changed.emit(added.id)
    qtbot.waitUntil(lambda: not contacts.loading and "Zoe Added" in shown_names(contacts), timeout=10_000)
    assert len(shown_names(contacts)) == 6
