"""Rapport's background half, wired to the window: tray, notifications, the reminder scheduler,
closing to the tray, coming forward on a second start, and starting at login.

    background = install_background(context, window, app, single_instance=instance)

Closing the window keeps Rapport running in the tray: asked once, then remembered in
the keep_running_in_tray setting. Without a tray (some desktops have none) Rapport says
so once, keeps its window (closing it quits) and still shows reminders as notifications.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon, QWidget

from services.background import sync_start_at_login
from services.reminders import SENT, ReminderPass
from ui.context import AppContext
from ui.notifications import TRAY, notification_hub
from ui.scheduler import ReminderScheduler
from ui.single_instance import SingleInstance
from ui.tray import RapportTray, open_reminder_target

log = logging.getLogger(__name__)

NO_TRAY_TEXT = (
    "No system tray was found: Rapport keeps its window open (closing it quits Rapport), "
    "and reminders still arrive as desktop notifications while it runs."
)
TRAY_REFRESH_DELAY_MS = 300
CLICK_TARGETS_KEPT = 200  # reminders whose notification may still be clicked
ASK_TITLE = "Keep Rapport running?"
ASK_TEXT = (
    "Keep Rapport running in the tray when its window closes? It can then remind you of "
    "check-ins and of people going cold. You can change this in Settings."
)


class Background(QObject):
    def __init__(
        self,
        context: AppContext,
        window: QWidget,
        app: QApplication,
        *,
        single_instance: SingleInstance | None = None,
        tray_available: bool | None = None,
    ) -> None:
        super().__init__(context)
        self.context = context
        self.window = window
        self.app = app
        self.quitting = False
        self.hub = notification_hub(context)
        available = QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None else tray_available
        self.tray: RapportTray | None = None
        if available:
            self.tray = RapportTray(context, window, self)
            self.tray.show_requested.connect(self.show_window)
            self.tray.toggle_requested.connect(self.toggle_window)
            self.tray.quit_requested.connect(self.quit)
            self.tray.show()
            self.hub.set_tray(self.tray.icon)
            # Dialogs opened from the tray while the window is hidden must not quit the app
            # when they close; quitting is explicit (the tray's Quit, or closing the window).
            app.setQuitOnLastWindowClosed(False)
        else:
            log.warning("no system tray: %s", NO_TRAY_TEXT)
            QTimer.singleShot(0, lambda: self._tell(NO_TRAY_TEXT))
        self.scheduler = ReminderScheduler(context, self.hub, parent=self)
        self.scheduler.pass_finished.connect(self._pass_finished)
        # What each recently shown reminder is about, so a click on it opens the right page.
        self._click_targets: dict[str, tuple[str, int | None]] = {}
        self.hub.reminder_clicked.connect(self._reminder_clicked)
        if single_instance is not None:
            single_instance.raise_requested.connect(self.show_window)
        window.installEventFilter(self)
        app.installEventFilter(self)
        context.settings_changed.connect(self._sync_start_at_login)
        # Re-reading the queue takes ~0.15 s at 30,000 contacts: once per burst of changes.
        self._tray_refresh = QTimer(self)
        self._tray_refresh.setSingleShot(True)
        self._tray_refresh.setInterval(TRAY_REFRESH_DELAY_MS)
        self._tray_refresh.timeout.connect(self._refresh_tray)
        for signal in (context.data_changed, context.checkins_changed, context.interaction_logged):
            signal.connect(self._tray_refresh.start)
        self._sync_start_at_login()

    @property
    def has_tray(self) -> bool:
        return self.tray is not None

    def start(self) -> None:
        """The catch-up pass (once the event loop runs, so the window paints first) and the timers."""
        QTimer.singleShot(0, self.scheduler.start)

    def _tell(self, text: str) -> None:
        self.context.status_message.emit(text)
        self.hub.problem.emit(text)

    # --- the window ---------------------------------------------------------------------

    def show_window(self) -> None:
        window = self.window
        window.show()
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.activateWindow()

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.hide()
        else:
            self.show_window()

    def quit(self) -> None:
        self.quitting = True
        self.scheduler.stop()
        self.window.close()  # a hidden window still gets its close event: it saves its state
        self.app.quit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Quit:
            self.quitting = True  # however the quit was asked for, windows may now close
            return False
        if watched is self.window and event.type() == QEvent.Type.Close and not self.quitting:
            assert isinstance(event, QCloseEvent)
            return self._window_closing(event)
        return False

    def _window_closing(self, event: QCloseEvent) -> bool:
        if self.tray is None:
            return False  # no tray: closing quits, as the user was told
        if self._keep_running():
            event.ignore()
            self.window.hide()
            log.info("window closed: Rapport keeps running in the tray")
            return True
        self.quitting = True
        QTimer.singleShot(0, self.app.quit)
        return False

    def _keep_running(self) -> bool:
        store = self.context.store
        settings = store.settings()
        if settings.keep_running_in_tray is not None:
            return settings.keep_running_in_tray
        keep = self.ask_keep_running()
        store.save_settings(dataclasses.replace(store.settings(), keep_running_in_tray=keep))
        self.context.settings_changed.emit()
        return keep

    def ask_keep_running(self) -> bool:
        answer = QMessageBox.question(
            self.window,
            ASK_TITLE,
            ASK_TEXT,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    # --- reminders and the tray ----------------------------------------------------------

    def _pass_finished(self, result: ReminderPass) -> None:
        shown = [d for d in result.deliveries if d.outcome == SENT]
        for delivery in shown:
            reminder = delivery.reminder
            self._click_targets[reminder.dedupe_key] = (reminder.kind, reminder.contact_id)
            if self.tray is not None and delivery.channel == TRAY:
                self.tray.remember_message(reminder.kind, reminder.contact_id)
        while len(self._click_targets) > CLICK_TARGETS_KEPT:
            del self._click_targets[next(iter(self._click_targets))]
        if self.tray is not None:
            self.tray.refresh()
        if shown:
            self.hub.log_changed.emit()

    def _reminder_clicked(self, key: str) -> None:
        kind, contact_id = self._click_targets.get(key, (key.partition(":")[0], None))
        log.info("notification clicked (%s): opening Rapport", kind)
        self.show_window()
        open_reminder_target(self.context, kind, contact_id)

    def _refresh_tray(self, *_: object) -> None:
        if self.tray is not None:
            self.tray.refresh()

    def _sync_start_at_login(self) -> None:
        try:
            sync_start_at_login(self.context.store)
        except OSError as error:
            log.warning("could not change the start-at-login entry: %s", error)
            self.context.status_message.emit(f"Could not change starting at login: {error.strerror or error}")


def install_background(
    context: AppContext,
    window: QWidget,
    app: QApplication,
    *,
    single_instance: SingleInstance | None = None,
) -> Background:
    """Wire the background half to the window and start it (the catch-up pass runs now)."""
    background = Background(context, window, app, single_instance=single_instance)
    background.start()
    return background
