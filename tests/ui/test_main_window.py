"""The main window: navigation, shortcuts, the status bar, remembered state, errors, start-up."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from models.entities import Contact
from services.clock import fixed_clock
from services.store import open_store
from services.touches import log_interaction
from tests.ui.conftest import BERLIN, SHELL_NOW
from ui.app import ErrorReporter, build_main_window, clock_from, run_app
from ui.sidebar import NavigationModel
from ui.today_page import TodayPage

PAGES = ["today", "contacts", "checkins", "insights", "settings"]


@pytest.fixture
def people(shell_person):
    return {
        "lena": shell_person("Lena Vogel", circle="Close", last_touch_days=41),
        "aisha": shell_person("Aisha Khan", circle="Close", last_touch_days=27),
        "walter": shell_person("Walter Warm", circle="Close", last_touch_days=2),
    }


def test_the_sidebar_lists_the_pages_and_switches_between_them(qtbot, people, shell_window):
    model = shell_window.sidebar.model
    titles = [model.index(row).data() for row in range(model.rowCount())]
    assert titles == ["Today", "Contacts", "Check-ins", "Insights", "Settings"]
    assert model.index(1).data(Qt.ItemDataRole.ToolTipRole) == "Contacts (Ctrl+2)"

    for row, key in enumerate(PAGES):
        shell_window.sidebar.list.setCurrentIndex(model.index(row))
        assert shell_window.current_key == key
        assert shell_window.stack.currentWidget() is shell_window.hosts[key]
        assert shell_window.page(key).isVisible()
    assert shell_window.windowTitle() == "Settings — Rapport"


def test_the_navigation_model_passes_the_model_tester(qtmodeltester):
    qtmodeltester.check(NavigationModel())


def test_ctrl_1_to_5_open_the_pages(qtbot, people, shell_window):
    for number, key in reversed(list(enumerate(PAGES, start=1))):
        qtbot.keyClick(shell_window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert shell_window.current_key == key
        assert shell_window.sidebar.current_key() == key


def test_frequent_commands_have_shortcuts_shown_in_menus_and_tooltips(shell_window):
    actions = shell_window.actions_by_name
    expected = {
        "find": QKeySequence.StandardKey.Find,
        "new_contact": QKeySequence.StandardKey.New,
        "quit": QKeySequence.StandardKey.Quit,
    }
    for name, key in expected.items():
        assert actions[name].shortcut() == QKeySequence(key)
    assert actions["log_touch"].shortcut() == QKeySequence("Ctrl+L")
    assert actions["find"].toolTip().endswith("(Ctrl+F)")
    assert actions["page_checkins"].toolTip() == "Go to Check-ins (Ctrl+3)"
    menus = [action.text().replace("&", "") for action in shell_window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Contact", "Help"]
    contact_menu = shell_window.menuBar().actions()[3].menu()
    assert [a.text() for a in contact_menu.actions() if a.text()][:2] == ["&New contact…", "&Log a touch…"]


def test_ctrl_f_goes_to_the_contacts_search(qtbot, people, shell_window):
    qtbot.keyClick(shell_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    assert shell_window.current_key == "contacts"
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit)
    assert focused.accessibleName() == "Search contacts"


def test_the_status_bar_counts_contacts_going_cold(qtbot, people, shell_store, shell_window):
    qtbot.waitUntil(lambda: shell_window.cold_label.text() == "2 contacts going cold")

    log_interaction(shell_store, [people["lena"]], "call", when=SHELL_NOW)
    shell_window.context.interaction_logged.emit([people["lena"].id])

    qtbot.waitUntil(lambda: shell_window.cold_label.text() == "1 contact going cold")


def test_a_contact_opens_in_the_window_and_back_returns(qtbot, people, shell_window):
    shell_window.show_page("checkins")
    shell_window.context.open_contact_requested.emit(people["aisha"].id)

    assert shell_window.current_key == "contact"
    assert shell_window.current_contact_id == people["aisha"].id
    assert shell_window.contact_page.isVisible()
    assert shell_window.actions_by_name["back"].isEnabled()
    assert shell_window.windowTitle() == "Aisha Khan — Rapport"  # the taskbar names who is open

    shell_window.actions_by_name["back"].trigger()

    assert shell_window.current_key == "checkins"
    assert shell_window.windowTitle() == "Check-ins — Rapport"
    assert not shell_window.actions_by_name["back"].isEnabled()


def test_alt_left_goes_back_from_the_contact_page(qtbot, people, shell_window):
    shell_window.show_page("today")
    shell_window.open_contact(people["lena"].id)
    shell_window.contact_page.setFocus()

    focused = QApplication.focusWidget() or shell_window
    qtbot.keyClick(focused, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)

    assert shell_window.current_key == "today"


def test_today_is_the_first_page_and_updates_after_changes_elsewhere(
    qtbot, people, shell_store, shell_window
):
    today = shell_window.page("today")
    assert isinstance(today, TodayPage)
    qtbot.waitUntil(lambda: len(today.cards) == 2)

    # Another process (the command line) logs a touch with its own connection.
    other = open_store(shell_store.data_dir, clock=fixed_clock(SHELL_NOW), tz=BERLIN)
    try:
        log_interaction(other, [Contact.get_by_id(people["lena"].id)], "lunch", when=SHELL_NOW)
    finally:
        other.close()
        from models.entities import database_proxy

        database_proxy.initialize(shell_store.db)
    assert shell_window.context.check_external_changes()

    qtbot.waitUntil(lambda: len(today.cards) == 1)


def test_size_position_and_last_page_are_remembered_in_the_data_folder(qtbot, people, shell_store):
    context, window = build_main_window(shell_store)
    qtbot.addWidget(window)
    window.show()
    window.resize(1100, 720)
    window.show_page("checkins")
    window.close()
    context._poll.stop()

    settings_file = Path(window.window_settings.fileName())
    assert settings_file.is_relative_to(shell_store.data_dir)
    assert settings_file.exists()
    assert oct(settings_file.stat().st_mode & 0o777) == "0o600"

    context2, again = build_main_window(shell_store)
    qtbot.addWidget(again)
    assert again.current_key == "checkins"
    assert again.window_settings.value("window/geometry") == window.saveGeometry()
    # The offscreen test screen is small, so Qt may narrow the window to fit; the height survives.
    assert again.height() == 720
    context2._poll.stop()


def test_an_unhandled_error_is_logged_and_shown_and_the_app_keeps_running(
    qtbot, caplog, tmp_path, shell_window
):
    reporter = ErrorReporter(tmp_path / "rapport.log")
    try:
        raise RuntimeError("the disk hiccuped")
    except RuntimeError:
        error_type, error, trace = sys.exc_info()
    with caplog.at_level(logging.ERROR):
        assert error_type is not None and error is not None
        reporter.handle(error_type, error, trace)
        reporter.handle(error_type, error, trace)  # a second error does not stack another dialog

    qtbot.waitUntil(lambda: len(reporter.open_dialogs) == 1)
    box = reporter.open_dialogs[0]
    assert "the disk hiccuped" in box.text()
    assert str(tmp_path / "rapport.log") in box.informativeText()
    assert "RuntimeError" in box.detailedText()
    assert "unhandled exception" in caplog.text
    box.close()
    qtbot.waitUntil(lambda: reporter.open_dialogs == [])
    assert shell_window.isVisible()


def test_a_database_from_a_newer_version_is_refused_with_a_message(monkeypatch, data_dir):
    opened = open_store(data_dir)
    opened.db.execute_sql(
        "INSERT INTO schema_migration (name, applied) VALUES ('9999_from_the_future', '2030-01-01 00:00:00')"
    )
    opened.close()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)

    code = run_app(argparse.Namespace(data_dir=str(data_dir), now=None, verbose=False))

    assert code == 2
    assert len(shown) == 1 and "newer version of Rapport" in shown[0]


def test_now_fixes_the_clock_like_the_command_line():
    clock, _tz = clock_from("2026-11-27")
    assert clock().astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") == "2026-11-27 09:00"
    clock, _tz = clock_from("2026-11-27 14:45")
    assert clock().astimezone(BERLIN).strftime("%H:%M") == "14:45"
    with pytest.raises(ValueError, match="is not a date"):
        clock_from("next tuesday")


def test_a_lunch_logged_on_the_contact_page_warms_them_up_everywhere(qtbot, people, shell_window):
    today = shell_window.page("today")
    assert isinstance(today, TodayPage)
    qtbot.waitUntil(lambda: len(today.cards) == 2)
    qtbot.waitUntil(lambda: shell_window.cold_label.text() == "2 contacts going cold")

    shell_window.open_contact(people["lena"].id)
    qtbot.mouseClick(shell_window.contact_page.quick_log.kind_buttons["lunch"], Qt.MouseButton.LeftButton)

    assert Contact.get_by_id(people["lena"].id).last_touch_kind == "lunch"
    qtbot.waitUntil(lambda: shell_window.cold_label.text() == "1 contact going cold")
    shell_window.actions_by_name["page_today"].trigger()
    assert [card.contact_id for card in today.cards] == [people["aisha"].id]
