"""`rapport calendar ...` and `rapport schedule` as a user runs them: real processes, a real
Radicale server, the real Secret Service, and khal reading the .ics files Rapport writes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.integration.radicale_server import PASSWORD, USER, RadicaleServer, running_radicale
from tests.khal import KHAL, khal, khal_config

ROOT = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")
NOW = "2026-11-27 10:00"  # a Friday morning in Berlin
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)
OFFLINE = "saved; will be added to your calendar when the server is reachable"


class Rapport:
    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.env = {**os.environ, "TZ": "Europe/Berlin", **(env or {})}

    def __call__(self, *args: str, stdin: str = "", now: str = NOW) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(self.data_dir), "--now", now, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            env=self.env,
            cwd=ROOT,
        )

    def ok(self, *args: str, stdin: str = "", now: str = NOW) -> str:
        done = self(*args, stdin=stdin, now=now)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path / "radicale") as server:
        yield server


@pytest.fixture
def rapport(data_dir: Path) -> Rapport:
    cli = Rapport(data_dir)
    cli.ok(
        "add", "Ana Costa", "--phone", "+49 170 1234567", "--email", "ana@example.com", "--circle", "Close"
    )
    return cli


@pytest.fixture
def connected(rapport: Rapport, radicale: RadicaleServer) -> Iterator[Rapport]:
    out = rapport.ok("calendar", "connect", radicale.principal_url, "--user", USER, stdin=PASSWORD + "\n")
    assert 'Connected to the calendar "Work"' in out
    yield rapport
    rapport("calendar", "disconnect")


def files_holding(folder: Path, secret: str) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and secret.encode() in path.read_bytes()]


@pytest.mark.services
def test_connect_schedule_skip_and_disconnect(
    connected: Rapport, radicale: RadicaleServer, data_dir: Path
) -> None:
    import keyring

    secret_key = f"caldav:{USER}@{radicale.principal_url}"
    assert keyring.get_password("Rapport", secret_key) == PASSWORD
    status = connected.ok("calendar", "status")
    assert (
        f"Connected to Work (127.0.0.1:{radicale.port}) as {USER} · everything is in the calendar" in status
    )
    assert "SecretService" in status

    out = connected.ok("schedule", "Ana", "--at", "2026-11-30 10:00")
    assert "Check-in #1 with Ana Costa: Mon 30 Nov 2026 10:00, 10 min, call" in out
    assert "1 check-in sent to your calendar." in out
    (event,) = radicale.events()
    assert str(event["SUMMARY"]) == "Check-in: Ana Costa"
    assert event.decoded("DTSTART") == MONDAY_10
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=10)

    assert connected.ok("calendar", "sync").strip() == "Your calendar is up to date."
    assert len(radicale.event_files()) == 1

    out = connected.ok("skip", "1")
    assert "1 check-in removed from your calendar." in out
    assert radicale.events() == []

    assert files_holding(data_dir, PASSWORD) == []  # the database, its journal, the logs, the backups
    assert (
        connected.ok("calendar", "disconnect").strip()
        == "Disconnected; the password was removed from the keyring."
    )
    assert keyring.get_password("Rapport", secret_key) is None
    assert connected.ok("calendar", "status").startswith("Not connected to a calendar")


@pytest.mark.services
def test_a_wrong_password_is_refused_clearly(rapport: Rapport, radicale: RadicaleServer) -> None:
    done = rapport("calendar", "connect", radicale.principal_url, "--user", USER, stdin="wrong\n")
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == f"rapport: 127.0.0.1:{radicale.port}: wrong user name or password (401 Unauthorized)"
    )
    assert rapport.ok("calendar", "status").startswith("Not connected to a calendar")


@pytest.mark.services
def test_offline_scheduling_arrives_once_the_server_is_back(
    connected: Rapport, radicale: RadicaleServer
) -> None:
    radicale.stop()
    out = connected.ok("schedule", "Ana", "--at", "2026-11-30 10:00")
    assert "Check-in #1 with Ana Costa" in out and OFFLINE in out
    status = connected.ok("calendar", "status")
    assert "1 check-in waiting to be pushed" in status and "cannot reach the calendar server" in status
    done = connected("calendar", "sync")
    assert done.returncode == 2 and "1 check-in not yet in your calendar" in done.stderr
    radicale.start()
    assert "1 check-in sent to your calendar." in connected.ok("calendar", "sync")
    (event,) = radicale.events()
    assert event.decoded("DTSTART") == MONDAY_10
    assert "everything is in the calendar" in connected.ok("calendar", "status")


@pytest.mark.services
def test_schedule_avoids_a_meeting_in_the_calendar(connected: Rapport, radicale: RadicaleServer) -> None:
    monday_9 = MONDAY_10 - timedelta(hours=1)
    radicale.add_event("board", monday_9.astimezone(UTC), (monday_9 + timedelta(hours=3)).astimezone(UTC))
    out = connected.ok("schedule", "Ana", now="2026-11-27 18:00")  # Monday 09:00 would be next
    assert "Check-in #1 with Ana Costa: Mon 30 Nov 2026 12:00" in out


def test_without_a_keyring_connect_refuses_and_writes_no_secret(
    tmp_path: Path, radicale: RadicaleServer
) -> None:
    home = tmp_path / "home"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBUS_", "XDG_", "GNOME_KEYRING"))
    }
    env.update(
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path / 'nowhere'}",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
    )
    data_dir = tmp_path / "data"
    rapport = Rapport(data_dir)
    rapport.env = env
    done = rapport("calendar", "connect", radicale.principal_url, "--user", USER, stdin=PASSWORD + "\n")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "rapport: no secure keyring is available (keyring.backends.fail.Keyring); nothing was stored"
    )
    assert rapport.ok("calendar", "status").startswith("Not connected to a calendar")
    assert files_holding(data_dir, PASSWORD) == [] and files_holding(home, PASSWORD) == []
    assert data_dir.is_dir()  # the command did run in it (logs, database)


def test_the_password_is_never_an_argument(data_dir: Path) -> None:
    done = Rapport(data_dir)(
        "calendar", "connect", "https://cal.example.com/", "--user", "a", "--password", "x"
    )
    assert done.returncode == 2 and "unrecognized arguments: --password x" in done.stderr
    empty = Rapport(data_dir)("calendar", "connect", "https://cal.example.com/", "--user", "a", stdin="")
    assert empty.returncode == 2 and "no password given" in empty.stderr


def test_schedule_ics_is_read_by_khal_and_icalendar_as_ten_minutes_with_a_reminder(
    rapport: Rapport, tmp_path: Path
) -> None:
    assert KHAL.exists(), "khal is installed with requirements-dev.txt"
    ics_file = tmp_path / "checkin.ics"
    rapport.ok("schedule", "Ana", "--at", "2026-12-01 10:00", "--ics", str(ics_file))

    calendar = Calendar.from_ical(ics_file.read_bytes())
    (event,) = calendar.events
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=10)
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Berlin"]
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(minutes=-10)

    config, _calendar_dir = khal_config(tmp_path)
    khal(config, "import", "--batch", str(ics_file))
    listed = khal(config, "list", "--format", "{start-time}-{end-time} {title}", "2026-12-01", "1d")
    assert "10:00-10:10 Check-in: Ana Costa" in listed
