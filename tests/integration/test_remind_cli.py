"""`rapport remind` against a real notification daemon (dunst): what arrives, and what doesn't.

Today is Friday 2026-11-27, 10:00 in Berlin. Lena Vogel (Close circle, every 30 days) was
last called 31 days ago: she turned cold yesterday.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.conftest import (
    DEAD_BUS,
    NOW_AT,
    ROOT,
    Dunst,
    People,
    PrivateBus,
    days_before,
    dunst_command,
    rapport,
)

pytestmark = pytest.mark.services


def _lena(people: People, *, digest: bool = False) -> int:
    people.settings(digest_enabled=digest)
    return people.add("Lena Vogel", last_touch=days_before(31), email="lena@example.com")


def test_a_contact_gone_cold_arrives_once_naming_them(data_dir: Path, people: People, dunst: Dunst) -> None:
    _lena(people)

    first = rapport(data_dir, "remind")

    assert first.returncode == 0, first.stderr
    assert "Lena Vogel is going cold" in first.stdout
    assert first.stdout.strip().endswith("1 reminder sent.")
    arrived = dunst.wait_for(1)
    assert [(a.appname, a.summary) for a in arrived] == [("Rapport", "Lena Vogel is going cold")]
    assert arrived[0].body == "Last touch 31 days ago (call). Schedule a 10-minute check-in?"

    again = rapport(data_dir, "remind", now="2026-11-27 10:05")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "Nothing to send."
    assert len(dunst.arrived()) == 1, "the second run sent something again"


def _has_been_running(data_dir: Path) -> None:
    """An earlier pass this morning, with nothing to say: the next one is not a first run."""
    assert rapport(data_dir, "remind", now="2026-11-27 08:56").stdout.strip() == "Nothing to send."


def test_the_first_run_sums_everything_up_in_one_notification(
    data_dir: Path, people: People, dunst: Dunst
) -> None:
    _lena(people, digest=True)
    people.add("Marco Bianchi", circle="Network", last_touch=days_before(130), kind="message")

    result = rapport(data_dir, "remind", now="2026-11-27 09:01")

    assert result.returncode == 0, result.stderr
    (arrived,) = dunst.wait_for(1)
    assert arrived.summary == "Your network today"
    assert arrived.body == "1 contact is cold: Lena Vogel · 2 check-ins today: Lena Vogel, Marco Bianchi."
    again = rapport(data_dir, "remind", now="2026-11-27 09:06")
    assert again.stdout.strip() == "Nothing to send."


def test_the_morning_digest_lists_todays_queue(data_dir: Path, people: People, dunst: Dunst) -> None:
    people.settings(digest_enabled=True)
    _has_been_running(data_dir)
    _lena(people, digest=True)
    people.add("Marco Bianchi", circle="Network", last_touch=days_before(130), kind="message")

    result = rapport(data_dir, "remind", now="2026-11-27 09:01")

    assert result.returncode == 0, result.stderr
    by_summary = {a.summary: a.body for a in dunst.wait_for(2)}
    # Marco turned cold weeks ago: he is the digest's, not a "going cold" notice of his own.
    assert set(by_summary) == {"Lena Vogel is going cold", "2 check-ins today"}
    assert by_summary["2 check-ins today"] == "Lena Vogel (cold, 31 days) · Marco Bianchi (cold, 4 months)"


def test_quiet_hours_hold_the_reminder_until_morning(data_dir: Path, people: People, dunst: Dunst) -> None:
    _lena(people)

    evening = rapport(data_dir, "remind", now="2026-11-27 21:00")
    assert evening.returncode == 0, evening.stderr
    assert evening.stdout.strip() == "Nothing to send: quiet hours."
    assert dunst.arrived() == []

    morning = rapport(data_dir, "remind", now="2026-11-28 08:05")
    assert morning.returncode == 0, morning.stderr
    assert [a.summary for a in dunst.wait_for(1)] == ["Lena Vogel is going cold"]


def test_the_daily_budget_caps_going_cold_notices(data_dir: Path, people: People, dunst: Dunst) -> None:
    people.settings(digest_enabled=False, daily_budget=2)
    _has_been_running(data_dir)
    for days, name in ((31, "Ana Lima"), (32, "Ben Okafor"), (33, "Chloé Martin")):
        people.add(name, last_touch=days_before(days))

    rapport(data_dir, "remind")
    rapport(data_dir, "remind", now="2026-11-27 15:00")
    today = [a.summary for a in dunst.wait_for(2)]
    assert len(today) == 2, today
    # The most overdue first: Chloé (33 days), then Ben (32 days).
    assert today == ["Chloé Martin is going cold", "Ben Okafor is going cold"]

    rapport(data_dir, "remind", now="2026-11-28 10:00")
    assert [a.summary for a in dunst.wait_for(3)][2:] == ["Ana Lima is going cold"]


def test_snoozed_contacts_are_not_reminded(data_dir: Path, people: People, dunst: Dunst) -> None:
    people.settings(digest_enabled=False)
    people.add("Lena Vogel", last_touch=days_before(31), snoozed_days=7)
    people.add("Marco Bianchi", last_touch=days_before(31))

    assert rapport(data_dir, "remind").returncode == 0
    assert [a.summary for a in dunst.wait_for(1)] == ["Marco Bianchi is going cold"]


def test_pausing_holds_reminders_until_the_pause_ends(data_dir: Path, people: People, dunst: Dunst) -> None:
    from services.background import pause_for

    _lena(people)
    people.read(lambda store: pause_for(store, timedelta(hours=1)))

    paused = rapport(data_dir, "remind")
    assert paused.stdout.strip() == "Nothing to send: paused until 2026-11-27 11:00."
    assert dunst.arrived() == []

    rapport(data_dir, "remind", now="2026-11-27 11:01")
    assert [a.summary for a in dunst.wait_for(1)] == ["Lena Vogel is going cold"]


def test_a_contact_is_told_cold_at_most_once_in_seven_days(
    data_dir: Path, people: People, dunst: Dunst
) -> None:
    people.settings(digest_enabled=False)
    # A two-day cadence turns cold again soon after each touch.
    tom = people.add("Tom Becker", cadence=2, last_touch=days_before(2))
    rapport(data_dir, "remind")
    assert [a.summary for a in dunst.wait_for(1)] == ["Tom Becker is going cold"]

    people.touch(tom, NOW_AT + timedelta(days=1, hours=2))  # Saturday
    monday = rapport(data_dir, "remind", now="2026-11-30 10:00")  # cold again since today
    assert monday.stdout.strip() == "Nothing to send."
    assert len(dunst.arrived()) == 1

    rapport(data_dir, "remind", now="2026-12-04 10:00")  # seven days after the first notice
    assert [a.summary for a in dunst.wait_for(2)] == ["Tom Becker is going cold"] * 2


def test_a_long_absence_is_caught_up_as_one_summary(data_dir: Path, people: People, dunst: Dunst) -> None:
    people.settings(digest_enabled=False)
    people.add("Lena Vogel", last_touch=days_before(31))
    people.add("Marco Bianchi", last_touch=days_before(32))
    ines = people.add("Ines Ortiz", circle="Inner", last_touch=days_before(3))
    people.schedule(ines, NOW_AT - timedelta(days=2) + timedelta(hours=4))  # Wednesday 14:00
    assert rapport(data_dir, "remind", now="2026-11-23 10:00").stdout.strip() == "Nothing to send."

    back = rapport(data_dir, "remind")  # four days later

    assert back.returncode == 0, back.stderr
    arrived = dunst.wait_for(1)
    assert len(arrived) == 1, [a.summary for a in arrived]
    assert arrived[0].summary == "While you were away"
    assert arrived[0].body == (
        "1 check-in passed: Ines Ortiz at Wed 14:00 · 2 contacts went cold: Marco Bianchi, Lena Vogel."
    )
    kinds = sorted(kind for kind, _key, _channel in people.log_keys())
    assert kinds == ["catch_up", "checkin", "cold", "cold"], "the summary's parts are logged as told"
    assert rapport(data_dir, "remind", now="2026-11-27 10:05").stdout.strip() == "Nothing to send."
    assert len(dunst.arrived()) == 1


def test_dry_run_prints_and_sends_nothing(data_dir: Path, people: People, dunst: Dunst) -> None:
    _lena(people)

    dry = rapport(data_dir, "remind", "--dry-run")

    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.strip().splitlines()
    assert lines[0].startswith("would send") and "Lena Vogel is going cold" in lines[0]
    assert lines[-1] == "1 reminder would be sent (dry run: nothing sent or logged)."
    assert dunst.arrived() == []
    assert people.log_keys() == []
    assert rapport(data_dir, "remind").returncode == 0
    assert len(dunst.wait_for(1)) == 1


def test_json_output(data_dir: Path, people: People, dunst: Dunst) -> None:
    lena = _lena(people)

    result = rapport(data_dir, "remind", "--json")

    payload = json.loads(result.stdout)
    assert payload["sent"] == 1 and payload["not_shown"] == 0 and payload["dry_run"] is False
    [reminder] = payload["reminders"]
    assert reminder["outcome"] == "sent" and reminder["kind"] == "cold" and reminder["contact_id"] == lena
    assert reminder["channel"] == "desktop"
    assert len(dunst.wait_for(1)) == 1


def test_runs_at_the_same_moment_send_each_reminder_once(
    data_dir: Path, people: People, dunst: Dunst
) -> None:
    _lena(people, digest=True)
    command = [
        sys.executable,
        str(ROOT / "main.py"),
        "--data-dir",
        str(data_dir),
        "--now",
        "2026-11-27 10:00",
    ]
    runs = [
        subprocess.Popen([*command, "remind"], cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(3)
    ]
    outputs = [run.communicate(timeout=60)[0] for run in runs]

    assert all(run.returncode == 0 for run in runs)
    # The first run ever: one summary of Lena's cold notice and the digest, sent by one of the three.
    assert [a.summary for a in dunst.wait_for(1)] == ["Your network today"]
    sent_lines = [line for output in outputs for line in output.splitlines() if re.match(r"sent +\[", line)]
    assert len(sent_lines) == 1, outputs
    assert len(dunst.arrived()) == 1


def test_no_session_bus_explains_and_marks_nothing_sent(data_dir: Path, people: People, dunst: Dunst) -> None:
    import os

    _lena(people)

    result = rapport(data_dir, "remind", env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": DEAD_BUS})

    assert result.returncode == 0
    assert "notifications could not be shown" in result.stderr
    assert "Nothing was marked as sent" in result.stderr
    assert "could not be shown and will be retried" in result.stdout
    assert people.log_keys() == []
    log_text = (data_dir / "logs" / "rapport.log").read_text(encoding="utf-8")
    assert "notification backend plyer unavailable" in log_text and "Failed to connect" in log_text

    assert rapport(data_dir, "remind", now="2026-11-27 10:05").returncode == 0
    assert [a.summary for a in dunst.wait_for(1)] == ["Lena Vogel is going cold"]


def test_no_notification_daemon_then_one_starts(
    data_dir: Path, people: People, private_bus: PrivateBus
) -> None:
    _lena(people)

    without = rapport(data_dir, "remind", env=private_bus.env())

    assert without.returncode == 0
    assert "notifications could not be shown" in without.stderr
    assert "org.freedesktop.Notifications" in without.stderr
    assert people.log_keys() == []

    private_bus.start(dunst_command(), "org.freedesktop.Notifications")
    private_dunst = Dunst(private_bus.env())
    with_daemon = rapport(data_dir, "remind", now="2026-11-27 10:05", env=private_bus.env())
    assert with_daemon.returncode == 0, with_daemon.stderr
    assert [a.summary for a in private_dunst.wait_for(1)] == ["Lena Vogel is going cold"]
    assert [kind for kind, _key, _channel in people.log_keys()] == ["cold"]
