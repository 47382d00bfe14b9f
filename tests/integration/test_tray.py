"""The running app's tray item, read and driven over D-Bus as a desktop panel would.

Under Xvfb with a StatusNotifierItem watcher, Qt registers the tray icon on the session
bus; the tooltip is the item's ToolTip property and the menu is served over dbusmenu.
Today is Friday 2026-11-27, 09:30 in Berlin.
"""

from __future__ import annotations

import html
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.integration.conftest import (
    DEAD_BUS,
    NOW_AT,
    ROOT,
    Dunst,
    People,
    PrivateBus,
    RunningApp,
    app_entry,
    close_window,
    days_before,
    dunst_command,
    visible_windows,
    wait_until,
    without_dbus_python,
)

pytestmark = pytest.mark.services

START = "2026-11-27 09:30"
MAIN_WINDOW = "— Rapport$"
StartApp = Callable[..., RunningApp]


@pytest.fixture
def network(people: People) -> People:
    """Three contacts going cold, and a check-in with Lena at 10:00."""
    for days, name in ((31, "Ana Lima"), (45, "Ben Okafor"), (60, "Chloé Martin")):
        people.add(name, last_touch=days_before(days))
    lena = people.add("Lena Vogel", last_touch=days_before(5), email="lena@example.com")
    people.schedule(lena, NOW_AT)
    return people


def _stored_pause(people: People) -> str | None:
    return people.read(lambda store: store.settings().reminders_paused_until)


def test_the_tray_item_shows_who_is_going_cold(data_dir: Path, network: People, start_app: StartApp) -> None:
    app = start_app(data_dir, now=START)
    app.wait_for_tray_item()

    assert app.item_property("Title") == "Rapport"
    assert app.tooltip() == "3 contacts going cold · next check-in 10:00 with Lena Vogel"
    assert app.item_property("IconPixmap"), "the tray icon has no pixmaps"

    # A touch logged from the command line shows in the tooltip without touching the app.
    logged = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--data-dir",
            str(data_dir),
            "--now",
            START,
            "log",
            "Ana",
            "call",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert logged.returncode == 0, logged.stderr
    assert app.wait_for_tooltip(lambda text: text.startswith("2 contacts")) == (
        "2 contacts going cold · next check-in 10:00 with Lena Vogel"
    )


def test_pausing_from_the_tray_menu(data_dir: Path, network: People, start_app: StartApp) -> None:
    app = start_app(data_dir, now=START)
    assert [props.get("label") for _id, props in app.menu() if "label" in props] == [
        "Open Rapport",
        "Today",
        "Log a touch…",
        "Pause reminders",
        "Quit Rapport",
    ]

    app.click("Pause reminders", "1 hour")

    stored = wait_until(lambda: _stored_pause(network), message="the pause was not saved")
    assert datetime.fromisoformat(stored) == NOW_AT + timedelta(minutes=30)  # 09:30 + 1 hour
    assert app.wait_for_tooltip(lambda text: "paused" in text).endswith("reminders paused until 10:30")
    pause_menu = {props.get("label"): props for _id, props in app.menu(app.menu_entry("Pause reminders"))}
    assert pause_menu["Paused until Fri 10:30"]["enabled"] is False
    assert pause_menu["Resume"]["enabled"] is True

    app.click("Pause reminders", "Resume")
    wait_until(lambda: _stored_pause(network) is None, message="Resume did not end the pause")


def test_today_lists_the_queue_and_opens_the_schedule_dialog(
    data_dir: Path, network: People, start_app: StartApp
) -> None:
    app = start_app(data_dir, now=START)

    today = [props["label"] for _id, props in app.menu(app.menu_entry("Today"))]
    assert today == [
        "Schedule a 10-minute check-in with Chloé Martin",
        "Schedule a 10-minute check-in with Ben Okafor",
        "Schedule a 10-minute check-in with Ana Lima",
    ]
    app.click("Today", "Schedule a 10-minute check-in with Chloé Martin")
    wait_until(
        lambda: visible_windows("^Schedule a check-in with Chloé Martin$"), message="no schedule dialog"
    )


def test_left_click_hides_and_open_rapport_shows_the_window(
    data_dir: Path, network: People, start_app: StartApp
) -> None:
    app = start_app(data_dir, now=START)
    app.wait_for_tray_item()
    wait_until(lambda: visible_windows(MAIN_WINDOW), message="the window did not show")

    app.activate()
    wait_until(lambda: not visible_windows(MAIN_WINDOW), message="a left click did not hide the window")
    app.click("Open Rapport")
    wait_until(lambda: visible_windows(MAIN_WINDOW), message="Open Rapport did not show the window")
    app.activate()
    wait_until(lambda: not visible_windows(MAIN_WINDOW))
    app.activate()
    wait_until(lambda: visible_windows(MAIN_WINDOW), message="a second left click did not show it again")


def test_quit_from_the_tray_menu(data_dir: Path, network: People, start_app: StartApp) -> None:
    app = start_app(data_dir, now=START)
    app.click("Quit Rapport")
    assert app.process.wait(timeout=15) == 0


def test_closing_the_window_keeps_rapport_in_the_tray(
    data_dir: Path, network: People, start_app: StartApp
) -> None:
    network.settings(keep_running_in_tray=True)
    app = start_app(data_dir, now=START)
    app.wait_for_tray_item()
    [window] = wait_until(lambda: visible_windows(MAIN_WINDOW))

    close_window(window)

    wait_until(lambda: not visible_windows(MAIN_WINDOW), message="the window did not close")
    time.sleep(0.5)
    assert app.process.poll() is None, "Rapport quit instead of staying in the tray"
    assert "keeps running in the tray" in app.log_text()
    app.click("Open Rapport")
    wait_until(lambda: visible_windows(MAIN_WINDOW))


def test_closing_the_window_quits_when_so_chosen(
    data_dir: Path, network: People, start_app: StartApp
) -> None:
    network.settings(keep_running_in_tray=False)
    app = start_app(data_dir, now=START)
    app.wait_for_tray_item()
    [window] = wait_until(lambda: visible_windows(MAIN_WINDOW))
    close_window(window)
    assert app.process.wait(timeout=15) == 0


def test_a_second_start_brings_the_window_forward_and_exits_at_once(
    data_dir: Path, network: People, start_app: StartApp
) -> None:
    app = start_app(data_dir, now=START)
    app.wait_for_tray_item()
    app.activate()
    wait_until(lambda: not visible_windows(MAIN_WINDOW), message="the window did not hide")

    started = time.monotonic()
    second = subprocess.run(app.command, cwd=ROOT, env=app.env, capture_output=True, text=True, timeout=30)
    elapsed = time.monotonic() - started

    assert second.returncode == 0, second.stderr
    assert elapsed < 1.0, f"the second start took {elapsed:.2f} s"
    wait_until(
        lambda: visible_windows(MAIN_WINDOW), timeout=5, message="the first window did not come forward"
    )
    assert app.process.poll() is None
    # Command-line commands keep working beside the running app.
    listing = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "--now", START, "today"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert listing.returncode == 0 and "Chloé Martin" in listing.stdout


def test_started_hidden_as_at_login_it_waits_in_the_tray(
    data_dir: Path, network: People, start_app: StartApp
) -> None:
    app = start_app(data_dir, now=START, arguments=["--hidden"])
    app.wait_for_tray_item()
    app.wait_for_log("started in the tray, window hidden")
    assert not visible_windows(MAIN_WINDOW), "the window showed although started hidden"
    # Reminders run all the same; a click on the tray icon opens the window.
    app.wait_for_log("reminder ")
    app.activate()
    wait_until(lambda: visible_windows(MAIN_WINDOW), message="the tray did not open the window")


# --- without a tray, a bus or a notification daemon --------------------------------------------


def _cold_lena(people: People) -> None:
    people.settings(digest_enabled=False)
    people.add("Lena Vogel", last_touch=days_before(31))


def _channels(people: People) -> list[tuple[str, str]]:
    return [(kind, channel) for kind, _key, channel in people.log_keys()]


def test_without_a_tray_the_window_stays_and_notifications_still_arrive(
    data_dir: Path, people: People, private_bus: PrivateBus, start_app: StartApp
) -> None:
    _cold_lena(people)
    private_bus.start(dunst_command(), "org.freedesktop.Notifications")  # a daemon, but no tray watcher
    private_dunst = Dunst(private_bus.env())

    app = start_app(data_dir, env=private_bus.env())

    app.wait_for_log("no system tray")
    assert [a.summary for a in private_dunst.wait_for(1)] == ["Lena Vogel is going cold"]
    [window] = wait_until(lambda: visible_windows(MAIN_WINDOW), message="the window did not show")
    close_window(window)
    assert app.process.wait(timeout=15) == 0, "without a tray, closing the window quits"


def test_without_a_session_bus_reminders_fall_back_to_the_window(
    data_dir: Path, people: People, start_app: StartApp
) -> None:
    import os

    _cold_lena(people)

    app = start_app(data_dir, env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": DEAD_BUS})

    log_text = app.wait_for_log("reminder cold:")
    assert "no system tray" in log_text
    assert "Desktop notifications don't work here" in log_text and "Failed to connect" in log_text
    wait_until(lambda: visible_windows(MAIN_WINDOW), message="the window did not show")
    assert _channels(people) == [("cold", "in-app banner")]


def test_without_a_notification_daemon_the_tray_stays_and_the_window_tells(
    data_dir: Path, people: People, private_bus: PrivateBus, start_app: StartApp
) -> None:
    _cold_lena(people)
    private_bus.start(["status-notifier-watcher"], "org.kde.StatusNotifierWatcher")

    app = start_app(data_dir, env=private_bus.env())

    log_text = app.wait_for_log("reminder cold:")
    assert "Desktop notifications don't work here" in log_text
    assert "Tray messages don't work here" in log_text
    assert _channels(people) == [("cold", "in-app banner")]


def test_when_plyer_has_no_backend_the_tray_message_arrives(
    data_dir: Path, people: People, tmp_path: Path, dunst: Dunst, start_app: StartApp
) -> None:
    # A name the notification daemon would otherwise read as markup.
    people.add("Lena & Söhne <GmbH>", last_touch=days_before(31))

    app = start_app(data_dir, env=without_dbus_python(tmp_path))

    # The first pass sums up the cold notice and the digest in one notification.
    app.wait_for_log("reminder catch_up:")
    assert sorted(_channels(people)) == [("catch_up", "tray"), ("cold", "tray"), ("digest", "tray")]
    assert "Desktop notifications don't work here" in app.log_text()
    (arrived,) = dunst.wait_for(1)
    assert (arrived.appname, arrived.summary) == ("Rapport", "Your network today")
    # The daemon reads bodies as markup (it advertises body-markup): the name goes out
    # escaped, so it shows as written instead of as a broken tag.
    assert "<GmbH>" not in arrived.body
    assert html.unescape(arrived.body) == (
        "1 contact is cold: Lena & Söhne <GmbH> · 1 check-in today: Lena & Söhne <GmbH>."
    )


def test_the_real_app_installs_the_background() -> None:
    assert app_entry().name == "main.py", (
        "ui/app.py does not call install_background yet: these tests start "
        "tests/integration/background_app.py instead of the real app"
    )
