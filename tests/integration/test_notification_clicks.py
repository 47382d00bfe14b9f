"""Clicking a reminder's desktop notification opens what it is about (real dunst, real app).

dunst is driven as a user would click: `dunstctl action 0` performs the default action of
the notification on screen, and the notification service tells its sender over D-Bus.
Today is Friday 2026-11-27, 10:00 in Berlin.
"""

from __future__ import annotations

import html
import select
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from connectors.desktop_notify import DESKTOP, DesktopNotifications
from connectors.notify import NotificationUnavailable
from tests.integration.conftest import (
    DEAD_BUS,
    Dunst,
    People,
    RunningApp,
    days_before,
    visible_windows,
    wait_until,
)

pytestmark = pytest.mark.services

StartApp = Callable[..., RunningApp]


def click_first_notification() -> None:
    subprocess.run(["dunstctl", "action", "0"], check=True, timeout=10)


def clicks_within(backend: DesktopNotifications, seconds: float) -> list[str]:
    """Click the notification on screen until its click comes back (it may still be on its way)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        click_first_notification()
        readable, _, _ = select.select([backend.fileno()], [], [], 0.2)
        if readable and (keys := backend.clicked_keys()):
            return keys
    return []


def test_a_clicked_notification_names_the_reminder_it_showed(dunst: Dunst) -> None:
    backend = DesktopNotifications()
    try:
        assert backend.clickable, "dunst supports actions: clicks can be reported"
        title, body = "Lena & Söhne is going cold", "Last touch <31 days> ago"
        assert backend.send(title, body, key="cold:7:2026-11-26") == DESKTOP
        assert clicks_within(backend, 10) == ["cold:7:2026-11-26"]
        # Once taken, a click is not reported twice.
        assert backend.clicked_keys() == []
    finally:
        backend.close()
    (arrived,) = dunst.wait_for(1)
    assert (arrived.appname, arrived.summary) == ("Rapport", "Lena & Söhne is going cold")
    # dunst reads bodies as markup: the text went out escaped and shows as written.
    assert html.unescape(arrived.body) == "Last touch <31 days> ago"


def test_without_a_session_bus_the_backend_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", DEAD_BUS)
    with pytest.raises(NotificationUnavailable, match="no D-Bus session bus"):
        DesktopNotifications()


def test_clicking_a_going_cold_notification_opens_the_contact(
    data_dir: Path, people: People, dunst: Dunst, start_app: StartApp
) -> None:
    people.settings(digest_enabled=False)
    people.add("Lena Vogel", last_touch=days_before(31))

    app = start_app(data_dir)
    log_text = app.wait_for_log("reminder cold:")
    assert "shown via desktop" in log_text
    wait_until(lambda: visible_windows("^Today — Rapport$"), message="the window did not open on Today")

    def clicked() -> bool:
        click_first_notification()
        return "notification clicked (cold)" in app.log_text()

    wait_until(clicked, message="the app did not hear the click")
    wait_until(lambda: visible_windows("^Lena Vogel — Rapport$"), message="the click did not open her page")
