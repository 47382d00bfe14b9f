"""Desktop notifications that report clicks: org.freedesktop.Notifications over D-Bus (Linux).

plyer shows a notification and never hears back, so clicking "Marco Bianchi is going cold"
could not open anything. This backend speaks the notification protocol itself, through
jeepney (a pure-Python D-Bus library): each notification carries the "default" action (what
a click does on GNOME, KDE, dunst…), and ActionInvoked comes back on the same connection.
No Qt here: the window watches `fileno()` and calls `clicked_keys()` when it is readable.
"""

from __future__ import annotations

import contextlib
import html
import logging
import sys
from collections import OrderedDict, deque
from pathlib import Path
from typing import Any

from connectors.notify import (
    DESKTOP_ENTRY,
    DISPLAY_SECONDS,
    ICON_PATH,
    NotificationUnavailable,
    urgency_level,
)
from models.location import APP_NAME

log = logging.getLogger(__name__)

DESKTOP = "desktop"
SERVICE = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
CALL_TIMEOUT_S = 3.0
OPEN_ACTION = ("default", "Open Rapport")
# Clicks are remembered for the most recent notifications only; older ones have long gone.
REMEMBERED = 200


def _error_text(reply: Any) -> str:
    from jeepney import HeaderFields

    name = reply.header.fields.get(HeaderFields.error_name, "error")
    detail = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
    return f"{name}: {detail}" if detail else str(name)


class DesktopNotifications:
    """The notification service of the session bus; raises NotificationUnavailable when absent."""

    def __init__(self, *, app_name: str = APP_NAME, icon: Path = ICON_PATH, offer_click: bool = True) -> None:
        """`offer_click=False` for a sender that exits at once (`rapport remind`): nobody would
        hear the click, so the notification does not offer one."""
        if not sys.platform.startswith("linux"):
            raise NotificationUnavailable("D-Bus notifications are a Linux service")
        try:
            from jeepney import DBusAddress, MatchRule, message_bus
            from jeepney.io.blocking import open_dbus_connection
        except ImportError as error:
            raise NotificationUnavailable(f"jeepney is not installed ({error})") from error
        self._app_name = app_name
        self._icon = str(icon) if icon.exists() else ""
        self._address = DBusAddress(OBJECT_PATH, bus_name=SERVICE, interface=SERVICE)
        self._keys: OrderedDict[int, str] = OrderedDict()
        self.listening = True  # False once the connection clicks arrive on has gone
        try:
            self._connection = open_dbus_connection(bus="SESSION")
        except (OSError, KeyError, ValueError) as error:
            raise NotificationUnavailable(f"no D-Bus session bus ({error})") from error
        # Some services (dunst) send ActionInvoked to the notification's sender alone: clicks
        # come back on this very connection, caught by a filter even while a call waits.
        self._signals: deque[Any] = deque(maxlen=REMEMBERED)
        signals = MatchRule(type="signal", interface=SERVICE)
        self._filter = self._connection.filter(signals, queue=self._signals)
        try:
            (capabilities,) = self._call("GetCapabilities", "", ())
            self._markup = "body-markup" in capabilities
            self._clickable = offer_click and "actions" in capabilities
            for member in ("ActionInvoked", "NotificationClosed"):  # the services that broadcast
                rule = MatchRule(type="signal", interface=SERVICE, path=OBJECT_PATH, member=member)
                self._request(message_bus.AddMatch(rule))
        except NotificationUnavailable:
            self._connection.close()
            raise

    def _request(self, message: Any) -> Any:
        """Send `message` and wait for its reply; a bus that fails or stays silent is unavailable."""
        try:
            return self._connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as error:
            raise NotificationUnavailable(f"the notification service did not answer ({error})") from error

    def _call(self, method: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...]:
        from jeepney import MessageType, new_method_call

        reply = self._request(new_method_call(self._address, method, signature or None, body))
        if reply.header.message_type == MessageType.error:
            raise NotificationUnavailable(f"{SERVICE} refused {method}: {_error_text(reply)}")
        return tuple(reply.body)

    @property
    def clickable(self) -> bool:
        """Whether notifications offer a click and the service reports it (it supports actions)."""
        return self._clickable

    def server_information(self) -> str:
        """'<name> <version>' of the notification service (nothing appears on screen)."""
        name, _vendor, version, _spec = self._call("GetServerInformation", "", ())
        return f"{name} {version}"

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        # The service reads the body as markup when it can: "Smith & <Co>" must arrive as written.
        text = html.escape(body, quote=False) if self._markup else body
        actions = list(OPEN_ACTION) if self._clickable else []
        hints = {"urgency": ("y", urgency_level(urgency)), "desktop-entry": ("s", DESKTOP_ENTRY)}
        arguments = (self._app_name, 0, self._icon, title, text, actions, hints, DISPLAY_SECONDS * 1000)
        (notification_id,) = self._call("Notify", "susssasa{sv}i", arguments)
        if key:
            self._keys[int(notification_id)] = key
            while len(self._keys) > REMEMBERED:
                self._keys.popitem(last=False)
        return DESKTOP

    def fileno(self) -> int:
        """The connection clicks arrive on: readable when `clicked_keys` has something to read."""
        return int(self._connection.sock.fileno())

    def clicked_keys(self) -> list[str]:
        """The keys of the notifications clicked since the last call (reads without waiting)."""
        from jeepney import HeaderFields

        while self.listening:
            try:
                self._connection.recv_messages(timeout=0)
            except TimeoutError:
                break  # nothing more to read now
            except (OSError, ValueError) as error:
                log.info("the notification service connection failed: %s", error)
                self.listening = False  # the bus went away: no more clicks will come
        actions, closed = [], []
        while self._signals:
            message = self._signals.popleft()
            member = message.header.fields.get(HeaderFields.member)
            if member == "ActionInvoked" and len(message.body) == 2:
                actions.append(message.body)
            elif member == "NotificationClosed" and message.body:
                closed.append(message.body[0])
        clicked = [
            self._keys.pop(notification_id)
            for notification_id, action in actions
            if action == OPEN_ACTION[0] and notification_id in self._keys
        ]
        # Closed (clicked, dismissed or expired): its id may later be another app's.
        for notification_id in closed:
            self._keys.pop(notification_id, None)
        return clicked

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._connection.close()
