"""The main window: sidebar navigation, the pages, menus with shortcuts, and the status bar.

Pages are built the first time they are shown, so the window opens fast at 30,000
contacts: only Today (or the welcome page) is built at start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.location import ensure_private_dir, make_private_file
from services.agenda import has_contacts
from services.queue import cold_list
from ui.context import AppContext
from ui.icons import app_icon
from ui.main_menus import build_menus
from ui.refresh import VisibleRefresher
from ui.sidebar import NAVIGATION, Sidebar
from ui.style import SPACING_S

log = logging.getLogger(__name__)

PAGE_TITLES = {entry.key: entry.title for entry in NAVIGATION} | {"contact": "Contact"}
DEFAULT_SIZE = (1280, 800)
COLD_COUNT_DELAY_MS = 150  # after a burst of changes, count once


class PageHost(QWidget):
    """Holds one page in the stack and builds it only when it is first needed."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget:
        if self.page is None:
            self.page = self._build()
            self._layout.addWidget(self.page)
        return self.page


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, window_settings: QSettings | None = None) -> None:
        super().__init__()
        self.context = context
        self.window_settings = window_settings or QSettings()
        self.current_key = ""
        self.current_contact_id: int | None = None
        self._back_to = "contacts"
        self.setWindowIcon(app_icon())
        self.setMinimumSize(1024, 640)

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.sidebar = Sidebar(central)
        row.addWidget(self.sidebar)
        rule = QFrame(central)
        rule.setFrameShape(QFrame.Shape.VLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        row.addWidget(rule)
        self.stack = QStackedWidget(central)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.hosts: dict[str, PageHost] = {}
        for key, build in (
            ("today", self._build_today),
            ("contacts", self._build_contacts),
            ("checkins", self._build_checkins),
            ("insights", self._build_insights),
            ("settings", self._build_settings),
            ("contact", self._build_contact),
        ):
            host = PageHost(build, self.stack)
            self.hosts[key] = host
            self.stack.addWidget(host)

        self.actions_by_name: dict[str, QAction] = build_menus(self)
        self.cold_label = QLabel(self)
        self.cold_label.setAccessibleName("Contacts going cold")
        self.cold_label.setContentsMargins(SPACING_S, 0, SPACING_S, 0)
        self.statusBar().addPermanentWidget(self.cold_label)
        self._cold_timer = QTimer(self)
        self._cold_timer.setSingleShot(True)
        self._cold_timer.setInterval(COLD_COUNT_DELAY_MS)
        self._cold_timer.timeout.connect(self.refresh_cold_count)

        self.sidebar.page_chosen.connect(self.show_page)
        context.open_page_requested.connect(self.show_page)
        context.open_contact_requested.connect(self.open_contact)
        context.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        for signal in (
            context.data_changed,
            context.contact_changed,
            context.interaction_logged,
            context.checkins_changed,
            context.settings_changed,
        ):
            signal.connect(self._schedule_cold_count)
        context.data_changed.connect(self._update_first_run)
        context.contact_changed.connect(self._update_first_run)

        self._restore_window_state()
        # Counting the cold contacts waits until the window has painted once.
        QTimer.singleShot(0, self._schedule_cold_count)

    # --- pages -------------------------------------------------------------------------------

    def _build_today(self) -> QWidget:
        from ui.today_page import TodayPage

        self.today_stack = QStackedWidget()
        self.today_page = TodayPage(self.context)
        self.today_stack.addWidget(self.today_page)
        self.welcome_page: QWidget | None = None  # built on first run only
        self._update_first_run()
        return self.today_stack

    def _build_contacts(self) -> QWidget:
        from ui.contacts_page import ContactsPage

        self.contacts_page = ContactsPage(self.context)
        return self.contacts_page

    def _build_checkins(self) -> QWidget:
        from ui.checkins_page import CheckinsPage

        return CheckinsPage(self.context)

    def _build_insights(self) -> QWidget:
        from ui.insights_page import InsightsPage

        return InsightsPage(self.context)

    def _build_settings(self) -> QWidget:
        from ui.settings_page import SettingsPage

        return SettingsPage(self.context)

    def _build_contact(self) -> QWidget:
        from ui.contact_page import ContactPage

        self.contact_page = ContactPage(self.context)
        self.contact_page.back_requested.connect(self.go_back)
        self.contact_page.shown_name_changed.connect(self._contact_title)
        self._yield_window_shortcuts(self.contact_page)
        return self.contact_page

    def _yield_window_shortcuts(self, page: QWidget) -> None:
        """A page's own shortcut for a key the window's menus already own would make both ambiguous
        (and neither work); the menu action wins, since it works wherever the focus is."""
        owned = {action.shortcut().toString() for action in self.actions_by_name.values()}
        for shortcut in page.findChildren(QShortcut):
            if shortcut.key().toString() in owned:
                shortcut.setEnabled(False)

    def page(self, key: str) -> QWidget:
        """The page widget for `key`, built if needed (the contact page for 'contact')."""
        self.hosts[key].ensure_built()
        if key == "today":
            return self.today_stack.currentWidget() or self.today_stack
        if key == "contact":
            return self.contact_page
        page = self.hosts[key].page
        assert page is not None
        return page

    def show_page(self, key: str) -> None:
        if key not in self.hosts:
            log.warning("no page called %r", key)
            return
        host = self.hosts[key]
        first_time = host.page is None
        page = self.page(key)
        if key != "contact":
            self._back_to = key
            self.current_contact_id = None
        self.current_key = key
        self.stack.setCurrentWidget(host)
        self.sidebar.select("contacts" if key == "contact" else key)
        self.setWindowTitle(f"{PAGE_TITLES.get(key, 'Rapport')} — Rapport")
        self.actions_by_name["back"].setEnabled(key == "contact")
        for name in ("schedule", "request"):
            self.actions_by_name[name].setEnabled(key == "contact" or name == "request")
        if first_time and key != "contact" and page.findChild(VisibleRefresher) is None:
            # Pages without a refresher of their own load once, when first shown.
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                refresh()

    def open_contact(self, contact_id: int) -> None:
        self.show_page("contact")
        self.current_contact_id = contact_id
        self.contact_page.show_contact(contact_id)

    def _contact_title(self, name: str) -> None:
        """On a contact's page the window (and the taskbar) names them."""
        if self.current_key == "contact":
            self.setWindowTitle(f"{name} — Rapport")

    def go_back(self) -> None:
        if self.current_key == "contact":
            self.show_page(self._back_to)

    def _update_first_run(self, *_: object) -> None:
        if not hasattr(self, "today_stack"):
            return  # Today is not built yet; it checks when it is
        if has_contacts(self.context.store):
            self.today_stack.setCurrentWidget(self.today_page)
            return
        if self.welcome_page is None:
            from ui.welcome_page import WelcomePage

            self.welcome_page = WelcomePage(self.context)
            self.today_stack.addWidget(self.welcome_page)
        self.today_stack.setCurrentWidget(self.welcome_page)

    # --- commands ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.show_page("contacts")
        self.contacts_page.focus_search()

    def triage_untracked(self) -> None:
        self.show_page("contacts")
        self.contacts_page.start_triage()

    def new_contact(self) -> QWidget:
        from ui.edit_contact_dialog import EditContactDialog

        return self._open_dialog(EditContactDialog(self.context, None, self))

    def share_something(self) -> QWidget:
        from ui.share_dialog import open_share_dialog

        return open_share_dialog(self.context, self)

    def log_touch(self) -> QWidget:
        from ui.log_touch_dialog import LogTouchDialog

        ids = [self.current_contact_id] if self.current_contact_id is not None else None
        return self._open_dialog(LogTouchDialog(self.context, ids, self))

    def schedule_checkin(self) -> QWidget | None:
        from ui.schedule_dialog import ScheduleDialog

        if self.current_contact_id is None:
            return None
        return self._open_dialog(ScheduleDialog(self.context, self.current_contact_id, self))

    def request_triage(self) -> QWidget:
        from ui.request_triage_dialog import RequestTriageDialog

        return self._open_dialog(RequestTriageDialog(self.context, self.current_contact_id, self))

    def _open_dialog(self, dialog: QWidget) -> QWidget:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_dialog = getattr(dialog, "open", dialog.show)
        open_dialog()
        return dialog

    def start_import(self, kind: str) -> None:
        from ui.import_export import start_import

        start_import(self.context, kind, self)

    def start_export(self, fmt: str) -> None:
        from ui.import_export import start_export

        start_export(self.context, fmt, self)

    def backup_now(self) -> None:
        from ui.import_export import backup_now

        backup_now(self.context, self)

    def restore_backup(self) -> None:
        from ui.import_export import restore_backup

        restore_backup(self.context, self)

    def refresh_all(self) -> None:
        if not self.context.check_external_changes():
            self.context.data_changed.emit()

    def show_shortcuts(self) -> None:
        from ui.about import show_shortcuts

        actions = self.actions_by_name.values()
        listed = [(action.text(), action.shortcut()) for action in actions if not action.shortcut().isEmpty()]
        show_shortcuts(self, listed)

    def show_about(self) -> None:
        from ui.about import show_about

        show_about(self, self.context.store.data_dir)

    def quit_app(self) -> None:
        # Not close(): closing hides the window to the tray when Rapport keeps running there.
        QApplication.quit()

    # --- status bar --------------------------------------------------------------------------

    def _schedule_cold_count(self, *_: object) -> None:
        self._cold_timer.start()

    def refresh_cold_count(self) -> None:
        count = len(cold_list(self.context.store))
        if not has_contacts(self.context.store):
            text = "No contacts yet"
        elif count == 0:
            text = "Nobody is going cold"
        else:
            text = f"{count:,} contact{'s' if count != 1 else ''} going cold"
        self.cold_label.setText(text)
        self.cold_label.setToolTip("Cooling or cold contacts in your circles (snoozed ones excepted)")

    # --- remembered size, position and page --------------------------------------------------

    def _restore_window_state(self) -> None:
        geometry = self.window_settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(*DEFAULT_SIZE)
        last = str(self.window_settings.value("window/page", "today"))
        self.show_page(last if last in PAGE_TITLES and last != "contact" else "today")

    def save_window_state(self) -> None:
        self.window_settings.setValue("window/geometry", self.saveGeometry())
        page = self._back_to if self.current_key == "contact" else self.current_key
        self.window_settings.setValue("window/page", page)
        self.window_settings.sync()
        settings_file = Path(self.window_settings.fileName())
        if settings_file.exists():
            ensure_private_dir(settings_file.parent)
            make_private_file(settings_file)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # Hidden into the tray counts too: the window comes back where it was.
        if not event.spontaneous():
            self.save_window_state()
        super().hideEvent(event)

