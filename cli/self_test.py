"""`rapport --self-test`: is this installation complete, and what did it find on this machine?

Opens a database in a temporary folder and runs every migration, loads the icons, creates
the Qt application, the main window and the tray object without showing them, and names
the notification and keyring backends. Each check prints one line; the last line is `OK`
(exit 0) or names what is broken (exit 1). It runs from source and from the frozen build,
where it proves that the data files and the dynamically imported modules were bundled.

The user's database is never opened: the checks work in a temporary folder that is
removed afterwards.
"""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import sys
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

log = logging.getLogger(__name__)

# Rapport's own packages. Commands, pages and connectors are imported on demand, so a
# module (or a library it needs) missing from a frozen build would otherwise only show
# when a user reaches it.
PROJECT_PACKAGES = ("core", "models", "connectors", "services", "cli", "ui")
NOTIFICATION_SERVICE = "org.freedesktop.Notifications"


class CheckError(Exception):
    """A check found something broken; the message says what."""


@dataclass
class SelfTest:
    """What the checks share: the temporary data folder and the objects built so far."""

    data_dir: Path
    store: Any = None
    app: Any = None
    window: Any = None
    context: Any = None
    tray: Any = None

    def requires(self, what: str, value: object) -> None:
        if value is None:
            raise CheckError(f"skipped: needs the {what}, which failed")

    # --- the checks -------------------------------------------------------------------------

    def check_database(self) -> str:
        from models.database import MIGRATIONS_DIR, known_migrations, latest_schema_version
        from services.store import open_store

        if not known_migrations():
            raise CheckError(f"no migration files in {MIGRATIONS_DIR}")
        self.store = open_store(self.data_dir)
        version = self.store.opened.schema_version
        latest = latest_schema_version()
        if version != latest:
            raise CheckError(f"schema {version} after migrating, expected {latest}")
        self.store.settings()  # reads through the models: the tables really exist
        return f"ok (schema {version})"

    def check_modules(self) -> str:
        names = project_modules()
        broken = []
        for name in names:
            try:
                importlib.import_module(name)
            except Exception as error:
                broken.append(f"{name} ({type(error).__name__}: {_one_line(error)})")
        if broken:
            raise CheckError(f"{len(broken)} of {len(names)} cannot be imported: {'; '.join(broken)}")
        return f"ok ({len(names)} modules)"

    def check_qt(self) -> str:
        _choose_qt_platform()
        import PySide6
        from PySide6.QtGui import QGuiApplication

        from ui.app import create_application

        self.app = create_application([sys.argv[0] if sys.argv else "rapport"])
        return f"ok (PySide6 {PySide6.__version__}, platform {QGuiApplication.platformName()})"

    def check_resources(self) -> str:
        self.requires("Qt application", self.app)
        from PySide6.QtCore import QSize
        from PySide6.QtGui import QIcon

        from ui.icons import APP_ICON_NAME, APP_ICON_SIZES, ICON_DIR, TRAY_ICON_NAME, app_icon, tray_icon

        expected = [f"{APP_ICON_NAME}.svg", f"{TRAY_ICON_NAME}.svg"]
        expected += [f"{APP_ICON_NAME}-{side}.png" for side in APP_ICON_SIZES]
        missing = [name for name in expected if not (ICON_DIR / name).is_file()]
        if missing:
            raise CheckError(f"missing in {ICON_DIR}: {', '.join(missing)}")
        svg = QIcon(str(ICON_DIR / f"{APP_ICON_NAME}.svg"))
        if svg.pixmap(QSize(64, 64)).isNull():
            raise CheckError(f"Qt cannot draw {APP_ICON_NAME}.svg (the SVG icon plugin is missing)")
        for name, icon in (("app icon", app_icon()), ("tray icon", tray_icon())):
            if icon.isNull() or icon.pixmap(QSize(32, 32)).isNull():
                raise CheckError(f"the {name} cannot be drawn")
        icons = sum(1 for _ in ICON_DIR.glob("*.svg"))
        return f"ok ({icons} SVG icons, {len(APP_ICON_SIZES)} PNG sizes)"

    def check_window(self) -> str:
        self.requires("database", self.store)
        self.requires("Qt application", self.app)
        from ui.app import build_main_window

        self.context, self.window = build_main_window(self.store)
        self.app.processEvents()
        if self.window.isVisible():
            raise CheckError("the main window showed itself")
        return "ok"

    def check_tray(self) -> str:
        self.requires("main window", self.window)
        from PySide6.QtWidgets import QSystemTrayIcon

        from ui.tray import build_tray

        self.tray = build_tray(self.context, self.window)
        self.app.processEvents()
        icon = getattr(self.tray, "icon", None)
        if isinstance(icon, QSystemTrayIcon) and icon.icon().isNull():
            raise CheckError("the tray icon has no image")
        if isinstance(icon, QSystemTrayIcon) and icon.isVisible():
            raise CheckError("the tray icon showed itself")
        available = "yes" if QSystemTrayIcon.isSystemTrayAvailable() else "no"
        return f"ok (system tray available: {available})"

    def check_notifications(self) -> str:
        return describe_notification_backend()

    def check_keyring(self) -> str:
        from connectors.secrets import backend_name

        return backend_name()

    # --- cleaning up ------------------------------------------------------------------------

    def close(self) -> None:
        for name in ("tray", "window", "context"):
            widget = getattr(self, name)
            if widget is not None and hasattr(widget, "deleteLater"):
                if hasattr(widget, "hide"):
                    widget.hide()
                widget.deleteLater()
        if self.app is not None:
            from PySide6.QtCore import QCoreApplication, QEvent

            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            self.app.processEvents()
        if self.store is not None:
            self.store.close()


def project_modules() -> list[str]:
    """Every module of Rapport's packages, from source or from the frozen archive."""
    names = []
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if not module.name.endswith("__main__"):
                names.append(module.name)
    return sorted(set(names))


def _choose_qt_platform() -> None:
    """Offscreen where there is no display, so the test runs on servers and in CI."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def describe_notification_backend() -> str:
    """Which notification channel reminders would use here, without showing a notification."""
    return _desktop_service_description() or _plyer_description()


def _desktop_service_description() -> str | None:
    """The D-Bus notification service reminders go to first (Linux), or None when there is none."""
    if not sys.platform.startswith("linux") or not _session_bus_configured():
        return None
    from connectors.desktop_notify import DesktopNotifications
    from connectors.notify import NotificationUnavailable

    try:
        service = DesktopNotifications()
    except NotificationUnavailable:
        return None
    try:
        clicks = "clickable" if service.clickable else "not clickable"
        return f"D-Bus ({clicks}), daemon: {service.server_information()}"
    except NotificationUnavailable as error:
        return f"D-Bus, but {_one_line(error)}"
    finally:
        service.close()


def _session_bus_configured() -> bool:
    # Connecting without one could autolaunch a bus daemon as a side effect of a check.
    runtime_dir = os.environ.get("XDG_RUNTIME_DIR", "")
    return bool(os.environ.get("DBUS_SESSION_BUS_ADDRESS")) or bool(
        runtime_dir and Path(runtime_dir, "bus").exists()
    )


def _plyer_description() -> str:
    from plyer.utils import platform

    module_name = f"plyer.platforms.{platform}.notification"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith("plyer"):
            # Bundled without plyer's platform modules: a packaging fault, not the machine's.
            raise CheckError(f"{module_name} is missing ({error})") from error
        return f"none (plyer needs {error.name}, which is not installed)"
    except Exception as error:
        return f"none (plyer: {_one_line(error)})"
    try:
        with warnings.catch_warnings():  # plyer warns on stderr about what it did not find
            warnings.simplefilter("ignore")
            implementation = module.instance()
    except Exception as error:
        return f"none (plyer: {_one_line(error)})"
    kind = type(implementation).__name__
    if kind == "Notification":  # plyer's facade itself: it found no way to notify
        return "none (plyer found neither dbus-python nor notify-send)"
    if kind == "NotifyDbus":
        return f"plyer (dbus){_dbus_service_note()}"
    if kind == "NotifySendNotification":
        import shutil

        if shutil.which("notify-send") is None:
            return "none (plyer wants notify-send, which is not installed; Debian: libnotify-bin)"
        return "plyer (notify-send)"
    if kind == "NotifyDesktopPortals":
        return "plyer (desktop portal)"
    return f"plyer ({kind})"


def _dbus_service_note() -> str:
    """', daemon: <name> <version>' when a notification daemon answers on the session bus."""
    if not _session_bus_configured():
        return ", but no session bus"
    try:
        import dbus

        bus = dbus.SessionBus()
        if not bus.name_has_owner(NOTIFICATION_SERVICE):
            if NOTIFICATION_SERVICE in bus.list_activatable_names():
                return ", daemon: started on demand"
            return ", but no notification service is running"
        service = bus.get_object(NOTIFICATION_SERVICE, "/org/freedesktop/Notifications")
        # Asks the daemon who it is; nothing appears on screen.
        name, _vendor, version, _spec = service.GetServerInformation(
            dbus_interface=NOTIFICATION_SERVICE, timeout=5
        )
    except Exception as error:
        return f", but the session bus did not answer ({_one_line(error)})"
    return f", daemon: {name} {version}"


def _one_line(error: object) -> str:
    return " ".join(str(error).split())[:300] or type(error).__name__


CHECKS: tuple[tuple[str, Callable[[SelfTest], str]], ...] = (
    ("database", SelfTest.check_database),
    ("qt", SelfTest.check_qt),
    ("modules", SelfTest.check_modules),
    ("resources", SelfTest.check_resources),
    ("window", SelfTest.check_window),
    ("tray", SelfTest.check_tray),
    ("notifications", SelfTest.check_notifications),
    ("keyring", SelfTest.check_keyring),
)


def self_test(out: TextIO | None = None) -> int:
    """Run every check, print one line each and then OK; exit status 0, or 1 if any failed."""
    stream = out or sys.stdout
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="rapport-self-test-") as folder:
        state = SelfTest(data_dir=Path(folder) / "data")
        try:
            for name, check in CHECKS:
                try:
                    detail = check(state)
                except Exception as error:
                    if not isinstance(error, CheckError):
                        log.warning("self-test: %s failed", name, exc_info=True)
                    failed.append(name)
                    print(f"FAILED: {name}: {_describe(error)}", file=stream, flush=True)
                else:
                    print(f"{name}: {detail}", file=stream, flush=True)
        finally:
            state.close()
    if failed:
        print(f"self-test failed: {', '.join(failed)}", file=stream, flush=True)
        return 1
    print("OK", file=stream, flush=True)
    return 0


def _describe(error: BaseException) -> str:
    if isinstance(error, CheckError):
        return str(error)
    if isinstance(error, ModuleNotFoundError):
        return f"not available ({error})"
    return f"{type(error).__name__}: {_one_line(error)}"
