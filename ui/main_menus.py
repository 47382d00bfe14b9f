"""The main window's menus: every frequent command, with its shortcut shown in menus and tooltips."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from ui.sidebar import NAVIGATION

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _action(
    window: MainWindow,
    name: str,
    text: str,
    handler: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    plain = tip or text.replace("&", "").rstrip("…")
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{plain} ({keys})" if keys else plain)
    action.setStatusTip(plain)
    action.triggered.connect(lambda _checked=False: handler())
    window.addAction(action)  # shortcuts work whichever page has the focus
    window.actions_by_name[name] = action
    return action


def _page_opener(window: MainWindow, key: str) -> Callable[[], None]:
    return lambda: window.show_page(key)


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """The File, Edit, View, Contact and Help menus; returns every action by name."""
    window.actions_by_name = {}
    add = partial(_action, window)
    keys = QKeySequence.StandardKey
    bar = window.menuBar()

    file_menu = bar.addMenu("&File")
    imports = file_menu.addMenu("&Import")
    for kind, text in (("linkedin", "&LinkedIn export…"), ("vcard", "&vCard…"), ("google", "&Google CSV…")):
        imports.addAction(add(f"import_{kind}", text, partial(window.start_import, kind)))
    exports = file_menu.addMenu("&Export")
    for fmt, text in (("vcard", "&vCard…"), ("csv", "&CSV…"), ("json", "&JSON backup…")):
        exports.addAction(add(f"export_{fmt}", text, partial(window.start_export, fmt)))
    file_menu.addSeparator()
    file_menu.addAction(add("backup", "&Back up now", window.backup_now))
    file_menu.addAction(add("restore", "&Restore from backup…", window.restore_backup))
    file_menu.addSeparator()
    file_menu.addAction(add("quit", "&Quit", window.quit_app, keys.Quit))

    edit_menu = bar.addMenu("&Edit")
    search_tip = "Search names, companies, positions, emails and tags"
    edit_menu.addAction(add("find", "&Find contacts…", window.focus_search, keys.Find, search_tip))
    edit_menu.addAction(add("preferences", "&Settings", _page_opener(window, "settings"), "Ctrl+,"))

    view_menu = bar.addMenu("&View")
    for entry in NAVIGATION:
        opener = _page_opener(window, entry.key)
        tip = f"Go to {entry.title}"
        view_menu.addAction(add(f"page_{entry.key}", f"&{entry.title}", opener, entry.shortcut, tip))
    view_menu.addSeparator()
    view_menu.addAction(add("back", "&Back", window.go_back, keys.Back))
    reload_tip = "Reload everything from the database"
    view_menu.addAction(add("refresh", "&Refresh", window.refresh_all, keys.Refresh, reload_tip))

    contact_menu = bar.addMenu("&Contact")
    contact_menu.addAction(add("new_contact", "&New contact…", window.new_contact, keys.New))
    contact_menu.addAction(add("log_touch", "&Log a touch…", window.log_touch, "Ctrl+L"))
    contact_menu.addAction(
        add("schedule", "&Schedule a check-in…", window.schedule_checkin, "Ctrl+Shift+S",
            "Book a check-in with the contact shown")
    )
    contact_menu.addAction(
        add("request", "Someone &asked me for something…", window.request_triage, "Ctrl+R",
            "How engaged have they been? Log the ask")
    )
    contact_menu.addAction(
        add("share", "S&hare something…", window.share_something, None,
            "Save a link and send it to the people who care about its topics")
    )
    contact_menu.addSeparator()
    contact_menu.addAction(
        add("triage", "&Triage untracked contacts", window.triage_untracked, "Ctrl+T",
            "Fresh imports one at a time: keys 1–5 choose a circle")
    )

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(add("shortcuts", "&Keyboard shortcuts", window.show_shortcuts, keys.HelpContents))
    help_menu.addAction(add("about", "&About Rapport", window.show_about))
    for menu in (file_menu, edit_menu, view_menu, contact_menu, help_menu, imports, exports):
        menu.setToolTipsVisible(True)
    return window.actions_by_name
