"""Desktop notifications: an ordered chain of backends, plyer first.

Each backend either shows the notification and returns the name of the channel it used,
or raises NotificationUnavailable; the chain then tries the next one. Backends are created
lazily (on the first notification), so a machine without a notification service costs
nothing until a reminder is due, and a failure is logged, never fatal.

plyer 2.1.0 on Linux picks D-Bus through dbus-python when it can be imported, else the
`notify-send` binary. Its notify-send path ignores the program's exit status, so a
missing notification daemon would pass silently: that path is run here instead, with the
same program and the result checked.
"""

from __future__ import annotations

import html
import importlib
import logging
import shutil
import subprocess
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

APP_NAME = "Rapport"
DESKTOP_ENTRY = "rapport"
ICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "icons" / "rapport-64.png"
URGENCIES = ("low", "normal", "critical")
# A notification that sits on screen too briefly gets missed; longer ones get in the way.
DISPLAY_SECONDS = 10
NOTIFY_SEND_TIMEOUT_S = 10


class NotificationUnavailable(Exception):  # noqa: N818 (reads as a state, like TimeoutExpired)
    """This backend (or, from the chain, every backend) could not show the notification."""


class Notifier(Protocol):
    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        """Show a notification; return the channel used; raise NotificationUnavailable.

        `key` names what is shown (a reminder's dedupe key), so a backend that learns of
        clicks can say which notification was clicked; the others ignore it.
        """
        ...


def urgency_level(urgency: str) -> int:
    return URGENCIES.index(urgency) if urgency in URGENCIES else 1


class PlyerNotifier:
    """plyer's platform notification, picked on first use and kept for the process."""

    def __init__(self, *, app_name: str = APP_NAME, icon: Path = ICON_PATH) -> None:
        self._app_name = app_name
        self._icon = str(icon) if icon.exists() else ""
        self._implementation: Any = None

    def _platform_implementation(self) -> Any:
        if self._implementation is None:
            try:
                from plyer.utils import platform

                module = importlib.import_module(f"plyer.platforms.{platform}.notification")
                with warnings.catch_warnings():  # what it did not find is logged below, by us
                    warnings.simplefilter("ignore")
                    self._implementation = module.instance()
                log.info("plyer notifications through %s", type(self._implementation).__name__)
            except Exception as error:  # plyer itself prints and falls back; we want the reason
                raise NotificationUnavailable(f"no notification backend here: {error}") from error
        return self._implementation

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        implementation = self._platform_implementation()
        kind = type(implementation).__name__
        if kind in _FREEDESKTOP:
            # Freedesktop daemons read the body as markup: a contact called "Smith & <Co>"
            # must arrive as written, not as broken markup.
            body = html.escape(body, quote=False)
        if kind == "NotifySendNotification":
            return run_notify_send(title, body, urgency=urgency, app_name=self._app_name, icon=self._icon)
        hints: dict[str, Any] = {}
        if kind == "NotifyDbus":
            hints = _dbus_hints(urgency)
        try:
            implementation.notify(
                title=title,
                message=body,
                app_name=self._app_name,
                app_icon=self._icon,
                timeout=DISPLAY_SECONDS,
                hints=hints,
            )
        except NotImplementedError as error:
            raise NotificationUnavailable("no notification backend for this system") from error
        except Exception as error:  # DBusException: no session bus, no daemon, a daemon that refused
            raise NotificationUnavailable(f"{_plyer_channel(kind)}: {_one_line(error)}") from error
        return f"plyer-{_plyer_channel(kind)}"


# plyer's Linux implementations, which all end at a freedesktop notification daemon.
_FREEDESKTOP = ("NotifyDbus", "NotifySendNotification")


def _plyer_channel(kind: str) -> str:
    return {"NotifyDbus": "dbus", "NotifyDesktopPortals": "portal"}.get(kind, kind.lower())


def _dbus_hints(urgency: str) -> dict[str, Any]:
    # The specification types urgency as a byte; a plain int would go out as int32, which
    # daemons may ignore.
    import dbus

    return {"urgency": dbus.Byte(urgency_level(urgency)), "desktop-entry": dbus.String(DESKTOP_ENTRY)}


def run_notify_send(title: str, body: str, *, urgency: str, app_name: str = APP_NAME, icon: str = "") -> str:
    """What plyer does without dbus-python, with the exit status checked."""
    program = shutil.which("notify-send")
    if program is None:
        raise NotificationUnavailable("notify-send is not installed (Debian: libnotify-bin)")
    command = [program, f"--app-name={app_name}", f"--urgency={_valid_urgency(urgency)}"]
    command += [f"--expire-time={DISPLAY_SECONDS * 1000}", f"--hint=string:desktop-entry:{DESKTOP_ENTRY}"]
    if icon:
        command.append(f"--icon={icon}")
    command += ["--", title, body]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=NOTIFY_SEND_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise NotificationUnavailable(f"notify-send: {_one_line(error)}") from error
    if result.returncode != 0:
        reason = _one_line(result.stderr) or f"exit status {result.returncode}"
        raise NotificationUnavailable(f"notify-send: {reason}")
    return "notify-send"


def _valid_urgency(urgency: str) -> str:
    return urgency if urgency in URGENCIES else "normal"


def _one_line(error: object) -> str:
    text = " ".join(str(error).split())
    return text[:300]


class NotifierChain:
    """Backends tried in order; the first that works shows the notification.

    A backend is built by its factory on first use; building or sending may fail, and
    then the next backend is tried. Each backend's first failure is logged as a warning
    (and reported to `on_failure`, so the window can explain itself); repeats of the
    same failure only at debug level, so a machine without a daemon doesn't fill the log.
    """

    def __init__(
        self,
        factories: Sequence[tuple[str, Callable[[], Notifier]]],
        *,
        on_failure: Callable[[str, str], None] | None = None,
    ) -> None:
        self._factories = list(factories)
        self._built: dict[str, Notifier] = {}
        self._last_failure: dict[str, str] = {}
        self._on_failure = on_failure
        self.last_channel = ""

    @property
    def failures(self) -> dict[str, str]:
        """The latest failure of each backend that has failed (name -> reason)."""
        return dict(self._last_failure)

    def _backend(self, name: str, factory: Callable[[], Notifier]) -> Notifier:
        if name not in self._built:
            try:
                self._built[name] = factory()
            except NotificationUnavailable:
                raise
            except Exception as error:
                raise NotificationUnavailable(_one_line(error)) from error
        return self._built[name]

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        reasons = []
        for name, factory in self._factories:
            try:
                channel = self._backend(name, factory).send(title, body, urgency=urgency, key=key)
            except NotificationUnavailable as error:
                reasons.append(f"{name}: {error}")
                self._failed(name, str(error))
                continue
            except Exception as error:  # a bug in one backend must not stop the others
                log.exception("notification backend %s crashed", name)
                reasons.append(f"{name}: {_one_line(error)}")
                self._failed(name, _one_line(error))
                continue
            if name in self._last_failure:
                log.info("notifications work again through %s", name)
                del self._last_failure[name]
            self.last_channel = channel
            return channel
        raise NotificationUnavailable("; ".join(reasons) or "no notification backend configured")

    def _failed(self, name: str, reason: str) -> None:
        if self._last_failure.get(name) == reason:
            log.debug("notification backend %s still unavailable: %s", name, reason)
            return
        self._last_failure[name] = reason
        log.warning("notification backend %s unavailable: %s", name, reason)
        if self._on_failure is not None:
            self._on_failure(name, reason)


def desktop_notifier_chain(*, on_failure: Callable[[str, str], None] | None = None) -> NotifierChain:
    """The chain the command line uses: the desktop's notification service over D-Bus (Linux),
    else plyer (which also covers macOS and Windows)."""

    def desktop() -> Notifier:
        from connectors.desktop_notify import DesktopNotifications

        return DesktopNotifications(offer_click=False)

    return NotifierChain([("desktop", desktop), ("plyer", PlyerNotifier)], on_failure=on_failure)
