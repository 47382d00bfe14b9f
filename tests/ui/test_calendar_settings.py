"""The calendar card on the Settings page: it never freezes the window, and says what happened."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from connectors import secrets
from connectors.caldav_sync import connect
from services.calendar_sync import account_of, push_pending
from services.checkins import schedule_checkin
from services.contacts import ContactInput, create_contact
from tests.calendar_doubles import MemoryKeyring, installed
from tests.integration.radicale_server import PASSWORD, USER, RadicaleServer, running_radicale
from ui.calendar_push import CalendarPusher
from ui.calendar_settings import CalendarSettingsPanel

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)


def quick(url: str, user: str, password: str, name: str | None) -> Any:
    return connect(url, user, password, name, timeout=1)


@pytest.fixture
def panel(qtbot: Any, shell_context: Any) -> Iterator[CalendarSettingsPanel]:
    widget = CalendarSettingsPanel(shell_context, client_factory=quick)
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    if widget.busy:
        qtbot.waitUntil(lambda: not widget.busy, timeout=15_000)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path / "radicale") as server:
        yield server


def fill(panel: CalendarSettingsPanel, url: str, password: str = PASSWORD, user: str = USER) -> None:
    panel.url.setText(url)
    panel.user.setText(user)
    panel.password.setText(password)


def click_and_wait(qtbot: Any, panel: CalendarSettingsPanel, button: Any) -> tuple[str, bool, str]:
    with qtbot.waitSignal(panel.operation_finished, timeout=15_000) as finished:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    what, ok, message = finished.args
    return what, ok, message


def test_a_silent_server_never_freezes_the_window(qtbot: Any, panel: CalendarSettingsPanel) -> None:
    with installed(MemoryKeyring()) as backend, socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        fill(panel, f"http://127.0.0.1:{silent.getsockname()[1]}/dav/")
        with qtbot.waitSignal(panel.operation_finished, timeout=15_000) as finished:
            started = time.monotonic()
            qtbot.mouseClick(panel.connect_button, Qt.MouseButton.LeftButton)
            assert time.monotonic() - started < 0.5  # the click returns at once; the work is elsewhere
            assert panel.busy and panel.progress.isVisible()
            assert not panel.connect_button.isEnabled() and not panel.url.isEnabled()
        assert finished.args[:2] == ["connect", False]
        assert not panel.progress.isVisible() and panel.connect_button.isEnabled()
        assert panel.error_banner.isVisible()
        assert panel.error.text().endswith("the calendar server did not answer within 1 s")
        assert backend.items == {}
    assert account_of(panel.context.store.settings()) is None


def test_missing_fields_are_asked_for_without_any_network(panel: CalendarSettingsPanel) -> None:
    panel.url.setText("https://cal.example.com/dav/")
    assert panel.connect_account() is False
    assert panel.error.text() == "Fill in the address, the user name and the password."
    assert not panel.busy
    assert panel.status.text() == "Not connected to a calendar"
    assert not panel.test_button.isEnabled() and not panel.disconnect_button.isEnabled()


@pytest.mark.services
def test_connect_shows_what_waits_pushes_and_disconnects(
    qtbot: Any, panel: CalendarSettingsPanel, radicale: RadicaleServer, shell_store: Any
) -> None:
    fill(panel, radicale.principal_url, password="wrong")
    assert click_and_wait(qtbot, panel, panel.connect_button)[1] is False
    assert panel.error.text().endswith("wrong user name or password (401 Unauthorized)")

    panel.password.setText(PASSWORD)
    what, ok, message = click_and_wait(qtbot, panel, panel.connect_button)
    assert (what, ok, message) == ("connect", True, 'Connected to the calendar "Work"')
    assert not panel.error_banner.isVisible() and panel.password.text() == ""
    host = f"127.0.0.1:{radicale.port}"
    assert panel.status.text() == f"Connected to Work ({host}) as {USER} · everything is in the calendar"
    account = account_of(shell_store.settings())
    assert account is not None and secrets.get_password(account.secret_key) == PASSWORD

    assert click_and_wait(qtbot, panel, panel.test_button) == ("test", True, 'The calendar "Work" answers')

    radicale.stop()
    ana = create_contact(shell_store, ContactInput(display_name="Ana Costa", circle="Close"))
    for day in (0, 1):
        schedule_checkin(shell_store, ana, at=MONDAY_10 + timedelta(days=day))
    push_pending(shell_store, quick)  # what the scheduler would do: the server is down
    panel.context.checkins_changed.emit()
    assert panel.status.text().endswith("· 2 check-ins waiting to be pushed")
    assert "cannot reach the calendar server" in panel.status.toolTip()
    assert panel.push_button.isEnabled()

    radicale.start()
    assert click_and_wait(qtbot, panel, panel.push_button) == ("push", True, "Your calendar is up to date")
    assert panel.status.text().endswith("· everything is in the calendar")
    assert len(radicale.events()) == 2

    assert click_and_wait(qtbot, panel, panel.disconnect_button)[1] is True
    assert secrets.get_password(account.secret_key) is None
    assert panel.status.text() == "Not connected to a calendar" and panel.url.text() == ""


@pytest.mark.services
def test_the_pusher_sends_a_new_checkin_in_the_background(
    qtbot: Any, panel: CalendarSettingsPanel, radicale: RadicaleServer, shell_store: Any, shell_context: Any
) -> None:
    fill(panel, radicale.principal_url)
    assert click_and_wait(qtbot, panel, panel.connect_button)[1] is True
    pusher = CalendarPusher(shell_context)
    ana = create_contact(shell_store, ContactInput(display_name="Ana Costa", circle="Close"))
    checkin = schedule_checkin(shell_store, ana, at=MONDAY_10)
    with qtbot.waitSignal(pusher.pushed, timeout=15_000) as pushed:
        shell_context.checkins_changed.emit()  # what the schedule dialog announces
        assert pusher.soon.isActive()
    assert pushed.args[0].put == 1
    (event,) = radicale.events()
    assert str(event["UID"]) == checkin.uid
    pusher.stop()
    click_and_wait(qtbot, panel, panel.disconnect_button)
