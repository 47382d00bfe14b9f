"""The private test desktop that `bash scripts/test.sh` starts (scripts/desktop-services.sh).

Checks that the X display answers, that the tray watcher, the notification daemon and the
Secret Service own their names on the session bus, and that `keyring` stores secrets through
the Secret Service.

Without RAPPORT_TEST_SERVICES=1 (exported by scripts/desktop-services.sh) these tests FAIL
rather than skip, so a CI run whose services are missing can never pass by skipping them.
To run only the unit tests on a machine without the services, set RAPPORT_ALLOW_NO_SERVICES=1:
then these tests are skipped instead.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.services

TRAY_WATCHER = "org.kde.StatusNotifierWatcher"
NOTIFICATIONS = "org.freedesktop.Notifications"
SECRET_SERVICE = "org.freedesktop.secrets"


@pytest.fixture
def session_bus() -> Iterator[Any]:
    from jeepney.io.blocking import open_dbus_connection

    connection = open_dbus_connection(bus="SESSION")
    try:
        yield connection
    finally:
        connection.close()


def _call(connection: Any, message: Any) -> tuple[Any, ...]:
    """Sends a method call and returns the reply's body; an error reply raises."""
    from jeepney.wrappers import unwrap_msg

    return tuple(unwrap_msg(connection.send_and_get_reply(message, timeout=5)))


def test_display_answers() -> None:
    assert os.environ.get("DISPLAY"), "DISPLAY is not set"
    result = subprocess.run(
        ["xdotool", "getdisplaygeometry"], capture_output=True, text=True, timeout=10, check=False
    )
    assert result.returncode == 0, f"display {os.environ['DISPLAY']} does not answer: {result.stderr}"
    assert result.stdout.split() == ["1600", "1000"]


@pytest.mark.parametrize("name", [TRAY_WATCHER, NOTIFICATIONS, SECRET_SERVICE])
def test_session_bus_name_has_owner(session_bus: Any, name: str) -> None:
    from jeepney.bus_messages import message_bus

    assert _call(session_bus, message_bus.NameHasOwner(name)) == (True,), f"nobody owns {name}"


def test_notification_daemon_answers(session_bus: Any) -> None:
    from jeepney import DBusAddress, new_method_call

    daemon = DBusAddress("/org/freedesktop/Notifications", bus_name=NOTIFICATIONS, interface=NOTIFICATIONS)
    name, _vendor, _version, spec_version = _call(
        session_bus, new_method_call(daemon, "GetServerInformation")
    )
    assert name == "dunst"
    assert spec_version == "1.2"


def test_qt_sees_a_system_tray_on_the_real_display() -> None:
    probe = (
        "from PySide6.QtWidgets import QApplication, QSystemTrayIcon\n"
        "app = QApplication([])\n"
        "print(app.platformName(), QSystemTrayIcon.isSystemTrayAvailable())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "xcb"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["xcb", "True"], result.stderr


def test_keyring_round_trips_through_the_secret_service() -> None:
    import keyring

    backend = keyring.get_keyring()
    backend_name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    assert "SecretService" in backend_name, f"keyring backend is {backend_name}"

    service, user, secret = "rapport-tests", "probe", secrets.token_urlsafe(16)
    keyring.set_password(service, user, secret)
    try:
        assert keyring.get_password(service, user) == secret
    finally:
        keyring.delete_password(service, user)
    assert keyring.get_password(service, user) is None
