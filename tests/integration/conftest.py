"""Helpers for tests against the real desktop: a database to remind about, `rapport remind`
and the app as subprocesses, dunst's history, the tray item over D-Bus, private buses.

Tests marked `services` fail (not skip) without the services of scripts/desktop-services.sh.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.services_required import require_desktop_services

ROOT = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")
NOW = "2026-11-27 10:00"  # a Friday, Berlin time (tests/conftest.py fixes TZ for subprocesses too)
NOW_AT = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
LAUNCHER = ROOT / "tests" / "integration" / "background_app.py"


def app_entry() -> Path:
    """main.py once ui/app.py installs the background half; until then, the test launcher."""
    app_source = (ROOT / "ui" / "app.py").read_text(encoding="utf-8")
    return ROOT / "main.py" if "install_background" in app_source else LAUNCHER


@pytest.fixture(autouse=True)
def _desktop_services(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("services") is not None:
        require_desktop_services()


# --- the database -----------------------------------------------------------------------------


class People:
    """Builds a data folder the way a user would have filled it (through the services)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def _store(self, now: datetime = NOW_AT) -> Any:
        from services.clock import fixed_clock
        from services.store import open_store

        return open_store(self.data_dir, clock=fixed_clock(now), tz=BERLIN)

    def add(
        self,
        name: str,
        *,
        circle: str = "Close",
        last_touch: datetime | None = None,
        kind: str = "call",
        cadence: int | None = None,
        email: str = "",
        snoozed_days: int = 0,
    ) -> int:
        from services.contacts import ContactInput, create_contact, snooze_contact
        from services.touches import log_interaction

        store = self._store()
        try:
            contact = create_contact(
                store,
                ContactInput(
                    display_name=name, circle=circle, cadence_days=cadence, emails=[email] if email else []
                ),
            )
            if last_touch is not None:
                log_interaction(store, [contact], kind, when=last_touch)
            if snoozed_days:
                snooze_contact(store, contact, NOW_AT.date() + timedelta(days=snoozed_days))
            return int(contact.id)
        finally:
            store.close()

    def touch(self, contact_id: int, when: datetime, kind: str = "call") -> None:
        from models.entities import Contact
        from services.touches import log_interaction

        store = self._store()
        try:
            log_interaction(store, [Contact.get_by_id(contact_id)], kind, when=when)
        finally:
            store.close()

    def schedule(self, contact_id: int, at: datetime, channel: str = "call") -> int:
        from models.entities import Contact
        from services.checkins import schedule_checkin

        store = self._store()
        try:
            return int(schedule_checkin(store, Contact.get_by_id(contact_id), at=at, channel=channel).id)
        finally:
            store.close()

    def settings(self, **changes: Any) -> None:
        from services.preferences import update_settings

        store = self._store()
        try:
            update_settings(store, **changes)
        finally:
            store.close()

    def read(self, work: Callable[[Any], Any], now: datetime = NOW_AT) -> Any:
        store = self._store(now)
        try:
            return work(store)
        finally:
            store.close()

    def log_keys(self) -> list[tuple[str, str, str]]:
        """(kind, dedupe_key, channel) of every notification logged."""
        return self.read(
            lambda store: [
                tuple(row)
                for row in store.db.execute_sql(
                    "SELECT kind, dedupe_key, channel FROM notification_log ORDER BY id"
                )
            ]
        )


@pytest.fixture
def people(data_dir: Path) -> People:
    return People(data_dir)


def days_before(days: int, hour: int = 12) -> datetime:
    return (NOW_AT - timedelta(days=days)).replace(hour=hour, minute=0)


# --- the command line -------------------------------------------------------------------------


def rapport(
    data_dir: Path, *args: str, now: str = NOW, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "--now", now, *args]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
        env=env or dict(os.environ),
    )


# --- dunst ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrived:
    id: int
    appname: str
    summary: str
    body: str


def dunst_history(env: dict[str, str] | None = None) -> list[Arrived]:
    """Every notification dunst has shown (closing the open ones first: history lists closed ones)."""
    run_env = env or dict(os.environ)
    subprocess.run(["dunstctl", "close-all"], check=True, timeout=10, env=run_env)
    output = subprocess.run(
        ["dunstctl", "history"], capture_output=True, text=True, check=True, timeout=10, env=run_env
    ).stdout
    entries = json.loads(output)["data"][0]
    return sorted(
        (
            Arrived(
                id=int(entry["id"]["data"]),
                appname=entry["appname"]["data"],
                summary=entry["summary"]["data"],
                body=entry["body"]["data"],
            )
            for entry in entries
        ),
        key=lambda arrived: arrived.id,
    )


class Dunst:
    """What arrived since the test began."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.env = env
        self.mark = max((a.id for a in dunst_history(env)), default=0)

    def arrived(self, *, settle_s: float = 0.3) -> list[Arrived]:
        time.sleep(settle_s)  # a notification sent just now may still be on its way
        return [a for a in dunst_history(self.env) if a.id > self.mark]

    def wait_for(self, count: int, timeout: float = 10) -> list[Arrived]:
        deadline = time.monotonic() + timeout
        while True:
            arrived = self.arrived(settle_s=0.1)
            if len(arrived) >= count or time.monotonic() > deadline:
                return arrived


@pytest.fixture
def dunst() -> Dunst:
    return Dunst()


# --- private session buses --------------------------------------------------------------------

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class PrivateBus:
    """A session bus that starts nothing on demand: only what a test starts on it is there."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        config = folder / "bus.conf"
        config.write_text(BUS_CONFIG.format(socket=folder / "bus"), encoding="utf-8")
        self.process = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.address = self.process.stdout.readline().strip()
        assert self.address, "the private dbus-daemon printed no address"
        self.children: list[subprocess.Popen[bytes]] = []

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address, **extra}

    def start(self, command: list[str], bus_name: str) -> None:
        """Start a service on this bus and wait until it owns `bus_name`."""
        child = subprocess.Popen(
            command, env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.children.append(child)
        deadline = time.monotonic() + 10
        while not self.has_owner(bus_name):
            assert child.poll() is None, f"{command[0]} exited before owning {bus_name}"
            assert time.monotonic() < deadline, f"{bus_name} not owned after 10 s"
            time.sleep(0.05)

    def has_owner(self, bus_name: str) -> bool:
        result = subprocess.run(
            [
                "dbus-send",
                f"--bus={self.address}",
                "--print-reply=literal",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                f"string:{bus_name}",
            ],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        return "true" in result.stdout

    def stop(self) -> None:
        processes: list[subprocess.Popen[Any]] = [*self.children, self.process]
        for child in processes:
            child.terminate()
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[PrivateBus]:
    bus = PrivateBus(tmp_path / "private-bus")
    try:
        yield bus
    finally:
        bus.stop()


def dunst_command() -> list[str]:
    """dunst with the test desktop's configuration (which keeps every notification in history)."""
    config = Path(os.environ.get("XDG_CONFIG_HOME", "")) / "dunst" / "dunstrc"
    return ["dunst", "-config", str(config)] if config.is_file() else ["dunst"]


DEAD_BUS = "unix:path=/nonexistent/rapport-test-bus"


def without_dbus_python(tmp_path: Path) -> dict[str, str]:
    """An environment where `import dbus` and `import jeepney` fail and notify-send is not on
    PATH: neither Rapport's own D-Bus notifications nor plyer then have a working backend (as
    on a desktop without those libraries and libnotify)."""
    shadow = tmp_path / "no-dbus-python"
    for package in ("dbus", "jeepney"):
        (shadow / package).mkdir(parents=True, exist_ok=True)
        hidden = f'raise ImportError("{package} is hidden in this test")\n'
        (shadow / package / "__init__.py").write_text(hidden)
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if not _has_notify_send(p))
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(shadow), str(ROOT)]), "PATH": path}


def _has_notify_send(folder: str) -> bool:
    return bool(folder) and (Path(folder) / "notify-send").exists()


def require_program(name: str) -> str:
    program = shutil.which(name)
    assert program, f"{name} is not installed (bash scripts/test.sh installs it)"
    return program


# --- the running app and its tray item ---------------------------------------------------------

WATCHER = "org.kde.StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
DBUSMENU = "com.canonical.dbusmenu"


class RunningApp:
    """The desktop app as a subprocess on the real display, seen through the session bus."""

    def __init__(
        self,
        data_dir: Path,
        *,
        now: str = NOW,
        env: dict[str, str] | None = None,
        arguments: Sequence[str] = (),
    ) -> None:
        from jeepney.io.blocking import open_dbus_connection

        self.data_dir = data_dir
        self.env = {**(env or os.environ), "QT_QPA_PLATFORM": "xcb"}
        self.command = [sys.executable, str(app_entry()), "--data-dir", str(data_dir), "--now", now]
        self.command += arguments
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env)
        self.bus = open_dbus_connection(bus="SESSION") if "DBUS_SESSION_BUS_ADDRESS" in os.environ else None
        self.item: tuple[str, str] | None = None

    def _call(self, message: Any) -> tuple[Any, ...]:
        from jeepney.wrappers import unwrap_msg

        assert self.bus is not None
        return tuple(unwrap_msg(self.bus.send_and_get_reply(message, timeout=5)))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.bus is not None:
            self.bus.close()
        return int(self.process.returncode)

    def log_text(self) -> str:
        path = self.data_dir / "logs" / "rapport.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def wait_for_log(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.log_text():
            assert self.process.poll() is None, (
                f"the app exited ({self.process.returncode}) before logging {text!r}"
            )
            assert time.monotonic() < deadline, f"the app did not log {text!r} in {timeout} s"
            time.sleep(0.1)
        return self.log_text()

    # --- the tray item (StatusNotifierItem) --------------------------------------------------

    def wait_for_tray_item(self, timeout: float = 30) -> tuple[str, str]:
        """The (bus name, path) of the item this process registered with the watcher."""
        from jeepney import DBusAddress, Properties
        from jeepney.bus_messages import message_bus

        watcher = DBusAddress("/StatusNotifierWatcher", bus_name=WATCHER, interface=WATCHER)
        deadline = time.monotonic() + timeout
        while True:
            assert self.process.poll() is None, f"the app exited with {self.process.returncode}"
            ((_signature, items),) = self._call(Properties(watcher).get("RegisteredStatusNotifierItems"))
            for entry in items:
                service, _, path = entry.partition("/")
                (pid,) = self._call(message_bus.GetConnectionUnixProcessID(service))
                if pid == self.process.pid:
                    self.item = (service, "/" + path if path else "/StatusNotifierItem")
                    return self.item
            assert time.monotonic() < deadline, f"no tray item from the app after {timeout} s: {items}"
            time.sleep(0.1)

    def _item_address(self, interface: str = ITEM) -> Any:
        from jeepney import DBusAddress

        service, path = self.item or self.wait_for_tray_item()
        return DBusAddress(path, bus_name=service, interface=interface)

    def item_property(self, name: str) -> Any:
        from jeepney import Properties

        ((_signature, value),) = self._call(Properties(self._item_address()).get(name))
        return value

    def tooltip(self) -> str:
        _icon, _pixmaps, title, _description = self.item_property("ToolTip")
        return str(title)

    def wait_for_tooltip(self, predicate: Callable[[str], bool], timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while not predicate(text := self.tooltip()):
            assert time.monotonic() < deadline, f"tooltip still {text!r}"
            time.sleep(0.1)
        return text

    def activate(self) -> None:
        """A left click on the tray icon."""
        from jeepney import new_method_call

        self._call(new_method_call(self._item_address(), "Activate", "ii", (0, 0)))

    # --- its menu (com.canonical.dbusmenu) -----------------------------------------------------

    def _menu(self) -> Any:
        from jeepney import DBusAddress

        service, _path = self.item or self.wait_for_tray_item()
        return DBusAddress(self.item_property("Menu"), bus_name=service, interface=DBUSMENU)

    def menu(self, parent_id: int = 0) -> list[tuple[int, dict[str, Any]]]:
        """Open a (sub)menu as a panel would, and read its entries: (id, properties)."""
        from jeepney import new_method_call

        menu = self._menu()
        self._call(new_method_call(menu, "AboutToShow", "i", (parent_id,)))
        _revision, (_id, _props, children) = self._call(
            new_method_call(menu, "GetLayout", "iias", (parent_id, 1, []))
        )
        return [
            (child_id, {k: v for k, (_s, v) in props.items()}) for _sig, (child_id, props, _c) in children
        ]

    def menu_entry(self, *labels: str) -> int:
        """The id of the entry at this path of labels, e.g. ("Pause reminders", "1 hour")."""
        parent = 0
        for label in labels:
            entries = self.menu(parent)
            matches = [entry_id for entry_id, props in entries if props.get("label") == label]
            assert matches, f"no {label!r} in the tray menu: {[p.get('label') for _i, p in entries]}"
            parent = matches[0]
        return parent

    def click(self, *labels: str) -> None:
        from jeepney import new_method_call

        entry = self.menu_entry(*labels)
        self._call(new_method_call(self._menu(), "Event", "isvu", (entry, "clicked", ("i", 0), 0)))


@pytest.fixture
def start_app() -> Iterator[Callable[..., RunningApp]]:
    started: list[RunningApp] = []

    def start(data_dir: Path, **options: Any) -> RunningApp:
        app = RunningApp(data_dir, **options)
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()


def visible_windows(name: str, env: dict[str, str] | None = None) -> list[str]:
    """X window ids of mapped windows whose title matches `name` (a regular expression)."""
    result = subprocess.run(
        [require_program("xdotool"), "search", "--onlyvisible", "--name", name],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
        env=env,
    )
    return result.stdout.split()


def wait_until(predicate: Callable[[], Any], timeout: float = 10, message: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        assert time.monotonic() < deadline, message or "condition not met in time"
        time.sleep(0.1)
    return value


def close_window(window_id: str, env: dict[str, str] | None = None) -> None:
    """Ask a window to close as a window manager's close button does (WM_DELETE_WINDOW)."""
    import ctypes

    class ClientMessage(ctypes.Structure):
        _fields_ = [
            ("type", ctypes.c_int),
            ("serial", ctypes.c_ulong),
            ("send_event", ctypes.c_int),
            ("display", ctypes.c_void_p),
            ("window", ctypes.c_ulong),
            ("message_type", ctypes.c_ulong),
            ("format", ctypes.c_int),
            ("data", ctypes.c_long * 5),
            ("pad", ctypes.c_long * 24),  # XEvent is a union of 24 longs
        ]

    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display_name = (env or os.environ).get("DISPLAY", "").encode()
    display = x11.XOpenDisplay(display_name)
    assert display, "cannot open the X display"
    try:
        event = ClientMessage()
        event.type = 33  # ClientMessage
        event.window = int(window_id)
        event.message_type = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
        event.format = 32
        event.data[0] = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
        event.data[1] = 0  # CurrentTime
        assert x11.XSendEvent(display, int(window_id), 0, 0, ctypes.byref(event))
        x11.XFlush(display)
    finally:
        x11.XCloseDisplay(display)
