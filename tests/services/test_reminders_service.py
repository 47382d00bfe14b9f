"""One reminder pass over a real SQLite file: log first, then send; never twice; retry what
could not be shown. The notifier here is a small recording fake: what is under test is the
logging and deduplication, not the desktop (tests/connectors/test_notify.py covers that).

Today is Friday 2026-11-27, 10:00 in Berlin.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from connectors.notify import NotificationUnavailable
from services import reminders
from services.reminders import NOT_SHOWN, SENT, TAKEN, WOULD_SEND, run_reminder_pass

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(data_dir: Path, clock: Clock) -> Iterator[Any]:
    from services.store import open_store

    opened = open_store(data_dir, clock=clock, tz=BERLIN)
    yield opened
    opened.close()


@pytest.fixture
def person(db: Any) -> Callable[..., int]:
    from services.contacts import ContactInput, create_contact
    from services.touches import log_interaction

    def add(
        name: str, days_ago: int | None = None, *, circle: str = "Close", cadence: int | None = None
    ) -> int:
        contact = create_contact(db, ContactInput(display_name=name, circle=circle, cadence_days=cadence))
        if days_ago is not None:
            log_interaction(db, [contact], "call", when=NOW - timedelta(days=days_ago))
        return int(contact.id)

    return add


class Recorder:
    """Shows nothing; remembers what it was asked to show, and whether it was logged first."""

    def __init__(self, db: Any, channel: str = "fake") -> None:
        self.db = db
        self.channel = channel
        self.sent: list[tuple[str, str, str]] = []
        self.logged_before_sending: list[bool] = []

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        row = self.db.db.execute_sql("SELECT 1 FROM notification_log WHERE title = ?", [title]).fetchone()
        self.logged_before_sending.append(row is not None)
        self.sent.append((title, body, urgency))
        return self.channel


class Unavailable:
    def __init__(self) -> None:
        self.calls = 0

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        self.calls += 1
        raise NotificationUnavailable("plyer: dbus: no daemon")


def _log(db: Any) -> list[tuple[str, str, str]]:
    rows = db.db.execute_sql("SELECT kind, dedupe_key, channel FROM notification_log ORDER BY id")
    return [tuple(row) for row in rows]


def _quiet(db: Any, **changes: Any) -> None:
    from services.preferences import update_settings

    update_settings(db, **{"digest_enabled": False, **changes})


def test_a_reminder_is_logged_before_it_is_sent_and_never_sent_twice(
    db: Any, person: Callable[..., int]
) -> None:
    _quiet(db)
    lena = person("Lena Vogel", 31)
    notifier = Recorder(db)

    first = run_reminder_pass(db, notifier)

    assert [(d.outcome, d.channel) for d in first.deliveries] == [(SENT, "fake")]
    assert notifier.sent == [
        (
            "Lena Vogel is going cold",
            "Last touch 31 days ago (call). Schedule a 10-minute check-in?",
            "normal",
        )
    ]
    assert notifier.logged_before_sending == [True]
    assert _log(db) == [("cold", f"cold:{lena}:2026-11-26", "fake")]

    second = run_reminder_pass(db, notifier)
    assert second.deliveries == []
    assert len(notifier.sent) == 1


def test_a_reminder_no_backend_could_show_is_unlogged_and_retried(
    db: Any, person: Callable[..., int], clock: Clock
) -> None:
    clock.now = NOW - timedelta(minutes=1)
    run_reminder_pass(db, Recorder(db))  # the app has run before: no first-run summary
    clock.now = NOW
    person("Lena Vogel", 31)  # a cold notice and the digest
    broken = Unavailable()

    failed = run_reminder_pass(db, broken)

    assert [d.outcome for d in failed.deliveries] == [NOT_SHOWN, NOT_SHOWN]
    assert broken.calls == 1, "after every backend failed, the rest of the pass is not tried"
    assert failed.deliveries[0].error == "plyer: dbus: no daemon"
    assert _log(db) == []
    last = reminders.last_run_at(db)
    assert last == NOW - timedelta(minutes=1), "a pass that showed nothing is not remembered"

    notifier = Recorder(db)
    retried = run_reminder_pass(db, notifier)
    assert [d.outcome for d in retried.deliveries] == [SENT, SENT]
    assert [kind for kind, _key, _channel in _log(db)] == ["cold", "digest"]


def test_a_reminder_another_process_logged_first_is_not_sent(db: Any, person: Callable[..., int]) -> None:
    _quiet(db)
    lena = person("Lena Vogel", 31)
    notifier = Recorder(db)
    plan, _silenced = reminders.plan_now(db)
    # The window (or a cron run) claims it between our planning and our sending.
    db.db.execute_sql(
        "INSERT INTO notification_log (kind, dedupe_key, contact_id, title, body, channel, sent_at) "
        "VALUES ('cold', ?, ?, 'x', '', 'elsewhere', '2026-11-27 09:00:00')",
        [plan[0].dedupe_key, lena],
    )

    delivery = reminders._deliver(db, notifier, plan[0], NOW)

    assert delivery.outcome == TAKEN
    assert notifier.sent == []
    assert _log(db) == [("cold", plan[0].dedupe_key, "elsewhere")]


def test_a_catch_up_logs_the_reminders_it_stands_for(
    db: Any, person: Callable[..., int], clock: Clock
) -> None:
    _quiet(db)
    lena, marco = person("Lena Vogel", 31), person("Marco Bianchi", 32)
    clock.now = NOW - timedelta(days=4)
    assert run_reminder_pass(db, Recorder(db)).deliveries == []
    clock.now = NOW
    notifier = Recorder(db)

    result = run_reminder_pass(db, notifier)

    assert [d.reminder.kind for d in result.deliveries] == ["catch_up"]
    assert [title for title, _body, _urgency in notifier.sent] == ["While you were away"]
    assert _log(db) == [
        ("catch_up", "catch_up:2026-11-27T10:00", "fake"),
        ("cold", f"cold:{marco}:2026-11-25", "fake"),
        ("cold", f"cold:{lena}:2026-11-26", "fake"),
    ]
    contacts = [row[0] for row in db.db.execute_sql("SELECT contact_id FROM notification_log ORDER BY id")]
    assert contacts == [None, marco, lena], "a covered cold notice counts for its contact's 7-day rule"


def test_dry_run_logs_sends_and_remembers_nothing(db: Any, person: Callable[..., int]) -> None:
    _quiet(db)
    person("Lena Vogel", 31)
    notifier = Recorder(db)

    result = run_reminder_pass(db, notifier, dry_run=True)

    assert result.dry_run and [d.outcome for d in result.deliveries] == [WOULD_SEND]
    assert notifier.sent == [] and _log(db) == []
    assert reminders.last_run_at(db) is None


def test_pausing_silences_and_says_why(db: Any, person: Callable[..., int], clock: Clock) -> None:
    from services.background import pause_for, resume_reminders

    _quiet(db)
    person("Lena Vogel", 31)
    pause_for(db, timedelta(hours=1))

    paused = run_reminder_pass(db, Recorder(db))
    assert paused.deliveries == [] and paused.silenced == "paused until 2026-11-27 11:00"

    resume_reminders(db)
    assert [d.outcome for d in run_reminder_pass(db, Recorder(db)).deliveries] == [SENT]


def test_an_absence_ending_in_quiet_hours_is_still_summed_up_in_the_morning(
    db: Any, person: Callable[..., int], clock: Clock
) -> None:
    _quiet(db)
    person("Lena Vogel", 31)
    person("Marco Bianchi", 32)
    clock.now = NOW - timedelta(days=4)
    run_reminder_pass(db, Recorder(db))
    clock.now = NOW.replace(hour=6)  # back at 06:00, inside quiet hours
    night = run_reminder_pass(db, Recorder(db))
    assert night.silenced == "quiet hours"
    assert reminders.last_run_at(db) == NOW - timedelta(days=4), "the absence is kept for the morning"

    clock.now = NOW.replace(hour=8, minute=1)
    morning = run_reminder_pass(db, Recorder(db))
    assert [d.reminder.title for d in morning.deliveries] == ["While you were away"]


def test_the_last_run_is_remembered_outside_the_settings(db: Any, person: Callable[..., int]) -> None:
    run_reminder_pass(db, Recorder(db))
    assert reminders.last_run_at(db) == NOW
    stored = db.db.execute_sql("SELECT value FROM setting WHERE key = ?", [reminders.LAST_RUN_KEY]).fetchone()
    assert json.loads(stored[0]) == "2026-11-27 09:00:00"
    assert not hasattr(db.settings(), reminders.LAST_RUN_KEY)


def test_check_in_reminders_name_the_person_time_channel_and_how_to_reach_them(
    db: Any, person: Callable[..., int], clock: Clock
) -> None:
    from models.entities import Contact, ContactPhone
    from services.checkins import schedule_checkin

    _quiet(db)
    ines = person("Ines Ortiz", 3, circle="Inner")
    ContactPhone.create(contact=ines, phone="+49 30 1234567", label="mobile")
    schedule_checkin(db, Contact.get_by_id(ines), at=NOW.replace(hour=14), channel="video")
    clock.now = NOW.replace(hour=13, minute=51)
    notifier = Recorder(db)

    run_reminder_pass(db, notifier)

    assert notifier.sent == [
        ("Check-in with Ines Ortiz at 14:00", "10-minute video call — +49 30 1234567.", "normal")
    ]


def test_upcoming_moments_point_the_exact_timer(db: Any, person: Callable[..., int], clock: Clock) -> None:
    from models.entities import Contact
    from services.checkins import schedule_checkin

    ines = person("Ines Ortiz", 3, circle="Inner")
    schedule_checkin(db, Contact.get_by_id(ines), at=NOW.replace(hour=14))
    clock.now = NOW.replace(hour=8, minute=30)

    moments = [m.astimezone(BERLIN) for m in reminders.upcoming_moments(db)]

    assert moments[:3] == [NOW.replace(hour=9), NOW.replace(hour=13, minute=50), NOW.replace(day=28, hour=8)]
    assert all(m > clock.now for m in moments)


def test_tray_status_and_its_tooltip(db: Any, person: Callable[..., int]) -> None:
    from models.entities import Contact
    from services.background import pause_for, tray_status
    from services.checkins import schedule_checkin

    for days, name in ((31, "Ana Lima"), (45, "Ben Okafor"), (60, "Chloé Martin")):
        person(name, days)
    lena = person("Lena Vogel", 5)
    schedule_checkin(db, Contact.get_by_id(lena), at=NOW.replace(hour=10, minute=30))

    status = tray_status(db)
    assert status.attention
    assert status.tooltip(db) == "3 contacts going cold · next check-in 10:30 with Lena Vogel"
    assert [e.snapshot.name for e in status.today] == ["Chloé Martin", "Ben Okafor", "Ana Lima"]

    pause_for(db, timedelta(hours=2))
    assert tray_status(db).tooltip(db).endswith(" · reminders paused until 12:00")


def test_the_tray_says_everyone_is_warm(db: Any, person: Callable[..., int]) -> None:
    from services.background import tray_status

    person("Lena Vogel", 2)
    status = tray_status(db)
    assert not status.attention and status.tooltip(db) == "Everyone is warm"


def test_pause_until_tomorrow_ends_at_local_midnight(db: Any) -> None:
    from services.background import pause_until_tomorrow
    from services.reminders import paused_until

    until = pause_until_tomorrow(db)
    assert until == datetime(2026, 11, 28, 0, 0, tzinfo=BERLIN)
    assert paused_until(db.settings()) == until


def test_history_lists_the_log_newest_first(db: Any, person: Callable[..., int], clock: Clock) -> None:
    from services.background import notification_history
    from services.reminders import log_test_notification

    _quiet(db)
    person("Lena Vogel", 31)
    run_reminder_pass(db, Recorder(db, channel="plyer-dbus"))
    clock.now = NOW + timedelta(minutes=5)
    log_test_notification(db, "tray", "Rapport test notification", "If you can read this…")

    rows = notification_history(db)
    assert [(r.kind, r.channel, r.contact_name) for r in rows] == [
        ("test", "tray", ""),
        ("cold", "plyer-dbus", "Lena Vogel"),
    ]
    assert rows[0].sent_at == NOW + timedelta(minutes=5)
