"""The window's end of the notification chain: desktop notifications (over D-Bus, reporting
clicks; else plyer), then the tray's own message, then a banner inside the window.

One NotificationHub lives on each AppContext (as its child) and holds the chain, so the
scheduler, the tray and the notification history page share it whoever is built first.
Backends are tried lazily, on each notification; the first failure of each is logged and
explained once in the window, never raised.
"""

from __future__ import annotations

import html
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from connectors.notify import NotificationUnavailable, Notifier, NotifierChain, PlyerNotifier
from services.reminders import log_test_notification
from ui.context import AppContext

if TYPE_CHECKING:
    from connectors.desktop_notify import DesktopNotifications

log = logging.getLogger(__name__)

NOTIFICATIONS_SERVICE = "org.freedesktop.Notifications"
TRAY_WATCHER = "org.kde.StatusNotifierWatcher"
TRAY_MESSAGE_MS = 10_000
TRAY = "tray"
BANNER = "in-app banner"
TEST_TITLE = "Rapport test notification"
TEST_BODY = "If you can read this, Rapport's reminders reach you."

# What takes over when a backend fails, in the words shown to the user.
_FALLBACK_TEXT = {
    "plyer": "Rapport shows its reminders through the tray instead",
    TRAY: "Rapport shows its reminders inside its window instead",
}
_CHANNEL_TEXT = {"plyer": "Desktop notifications", TRAY: "Tray messages"}


def _bus_name_available(name: str) -> bool:
    """Whether a D-Bus name is owned or can be started on the session bus (Linux only)."""
    from PySide6.QtDBus import QDBusConnection

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    interface = bus.interface()
    if interface is None:
        return False
    if interface.isServiceRegistered(name).value():
        return True
    reply = interface.call("ListActivatableNames")
    arguments = reply.arguments()
    return bool(arguments) and name in (arguments[0] or [])


class TrayMessageNotifier:
    """QSystemTrayIcon.showMessage: a balloon on XEmbed trays, a notification on D-Bus ones."""

    def __init__(self, hub: NotificationHub) -> None:
        self._hub = hub

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        tray = self._hub.tray
        if tray is None or not tray.isVisible():
            raise NotificationUnavailable("there is no tray icon")
        if not QSystemTrayIcon.supportsMessages():
            raise NotificationUnavailable("this tray cannot show messages")
        # On a StatusNotifierItem tray Qt hands the message to the notification service and
        # never learns whether it arrived: check that someone is there to show it. That
        # service reads the body as markup, which Qt does not escape.
        if sys.platform.startswith("linux") and _bus_name_available(TRAY_WATCHER):
            if not _bus_name_available(NOTIFICATIONS_SERVICE):
                raise NotificationUnavailable(
                    "the tray passes messages to a notification service, and none runs"
                )
            body = html.escape(body, quote=False)
        icon = (
            QSystemTrayIcon.MessageIcon.Warning
            if urgency == "critical"
            else QSystemTrayIcon.MessageIcon.Information
        )
        tray.showMessage(title, body, icon, TRAY_MESSAGE_MS)
        return TRAY


class BannerNotifier:
    """The last resort: a banner inside the window (and its status bar)."""

    def __init__(self, hub: NotificationHub) -> None:
        self._hub = hub

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        self._hub.banner.emit(title, body)
        self._hub.context.status_message.emit(f"{title} — {body}")
        return BANNER


class NotificationHub(QObject):
    """The app's notifier (the Notifier protocol) and the news around it."""

    # Show this reminder inside the window: (title, body). The main window connects it.
    banner = Signal(str, str)
    # A backend stopped working; the text explains what happens instead (shown once each).
    problem = Signal(str)
    # The notification log changed (a pass sent something, or a test notification).
    log_changed = Signal()
    # A desktop notification was clicked: the key it was sent with (a reminder's dedupe key).
    reminder_clicked = Signal(str)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.setObjectName("notification-hub")
        self.context = context
        self.tray: QSystemTrayIcon | None = None
        self.explained: list[str] = []
        self._click_watcher: QSocketNotifier | None = None
        self._clicks: Callable[[], None] | None = None  # reads the clicks of the desktop backend
        self.chain = NotifierChain(
            [
                ("desktop", self._desktop_notifications),
                ("plyer", PlyerNotifier),
                (TRAY, lambda: TrayMessageNotifier(self)),
                ("banner", lambda: BannerNotifier(self)),
            ],
            on_failure=self._explain,
        )

    def _desktop_notifications(self) -> Notifier:
        """The session bus's notification service, whose clicks come back to `reminder_clicked`."""
        from connectors.desktop_notify import DesktopNotifications

        backend = DesktopNotifications()
        watcher = QSocketNotifier(backend.fileno(), QSocketNotifier.Type.Read, self)
        self._clicks = lambda: self._read_clicks(backend, watcher)
        watcher.activated.connect(lambda *_: self._read_clicks(backend, watcher))
        self._click_watcher = watcher
        return backend

    def _read_clicks(self, backend: DesktopNotifications, watcher: QSocketNotifier) -> None:
        for key in backend.clicked_keys():
            log.info("notification clicked: %s", key)
            self.reminder_clicked.emit(key)
        if not backend.listening:
            watcher.setEnabled(False)  # a closed connection would wake us forever

    def set_tray(self, tray: QSystemTrayIcon | None) -> None:
        self.tray = tray

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        channel = self.chain.send(title, body, urgency=urgency, key=key)
        if self._clicks is not None:
            # A click that arrived while this call waited for its reply was read with the reply.
            QTimer.singleShot(0, self._clicks)
        return channel

    def send_test(self) -> str:
        """Send a test notification through the chain and log it; the channel used."""
        channel = self.send(TEST_TITLE, TEST_BODY, key="test")  # a click opens the window
        log_test_notification(self.context.store, channel, TEST_TITLE, TEST_BODY)
        self.log_changed.emit()
        return channel

    def _explain(self, backend: str, reason: str) -> None:
        if backend in self.explained or backend not in _FALLBACK_TEXT:
            return
        self.explained.append(backend)
        text = f"{_CHANNEL_TEXT[backend]} don't work here ({reason}); {_FALLBACK_TEXT[backend]}."
        log.warning("%s", text)
        self.problem.emit(text)
        self.context.status_message.emit(text)


def notification_hub(context: AppContext) -> NotificationHub:
    """The context's hub, created on first use."""
    hub = context.findChild(NotificationHub, "notification-hub")
    return hub if isinstance(hub, NotificationHub) else NotificationHub(context)
