"""The weekly review from a real database, and its Sunday-evening reminder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.review import REVIEW_KIND
from services.checkins import schedule_checkin
from services.clock import fixed_clock, to_db
from services.contacts import ContactInput, create_contact
from services.review import next_review_moment, review_reminder, weekly_review
from services.store import Store, open_store
from services.touches import log_interaction, record_exchange

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY = datetime(2026, 11, 27, 9, 30, tzinfo=BERLIN)
SUNDAY_EVENING = datetime(2026, 11, 29, 18, 30, tzinfo=BERLIN)

OpenAt = Callable[[datetime], Store]


@pytest.fixture
def open_at(data_dir: Path) -> Iterator[OpenAt]:
    """Fill the database once on Friday; reopen it at any moment after."""
    opened: list[Store] = []

    def reopen(now: datetime) -> Store:
        store = open_store(data_dir, clock=fixed_clock(now), tz=BERLIN)
        opened.append(store)
        return store

    store = reopen(FRIDAY)
    lena = create_contact(store, ContactInput(display_name="Lena Vogel", circle="Close"))
    aisha = create_contact(store, ContactInput(display_name="Aisha Khan", circle="Close"))
    kwame = create_contact(store, ContactInput(display_name="Kwame Mensah", circle="Network"))
    log_interaction(store, [lena], "video", when=datetime(2026, 10, 26, 14, 0, tzinfo=BERLIN))  # cold on Wed
    log_interaction(store, [aisha], "lunch", when=datetime(2026, 11, 24, 12, 0, tzinfo=BERLIN))
    log_interaction(store, [aisha, kwame], "meeting", when=datetime(2026, 11, 26, 15, 0, tzinfo=BERLIN))
    log_interaction(store, [kwame], "note", when=datetime(2026, 11, 26, 16, 0, tzinfo=BERLIN))
    record_exchange(store, aisha, "referral", "received", on=date(2026, 10, 1))
    schedule_checkin(store, kwame, at=datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN))
    store.close()
    yield reopen
    for each in opened:
        each.close()


def test_the_review_of_this_week(open_at: OpenAt) -> None:
    review = weekly_review(open_at(FRIDAY))
    assert (review.week_start, review.through) == (date(2026, 11, 23), date(2026, 11, 27))
    assert (review.touches, review.people) == (2, 2)
    assert review.by_kind == {"In person": 2}
    assert [(p.name, p.detail) for p in review.went_cold] == [("Lena Vogel", "Close, cold since Wed 25 Nov")]
    assert [(p.name, p.detail) for p in review.owed] == [("Aisha Khan", "owed a favour")]
    assert [p.name for p in review.next_week] == ["Lena Vogel"]
    booked = [(p.name, p.detail) for p in review.booked_next_week]
    assert booked == [("Kwame Mensah", "Tue 01 Dec 10:00, call")]


def test_the_reminder_is_due_on_sunday_evening_once(open_at: OpenAt) -> None:
    store = open_at(FRIDAY)
    settings = store.settings()
    settings.weekly_review_enabled = True
    store.save_settings(settings)
    assert review_reminder(store) is None  # a Friday
    assert next_review_moment(store) == datetime(2026, 11, 29, 18, 0, tzinfo=BERLIN)

    sunday = open_at(SUNDAY_EVENING)
    reminder = review_reminder(sunday)
    assert reminder is not None
    assert (reminder.kind, reminder.dedupe_key) == (REVIEW_KIND, "review:2026-W48")
    assert reminder.body.startswith("2 touches with 2 people · 1 went cold: Lena Vogel")

    sunday.db.execute_sql(
        "INSERT INTO notification_log (kind, dedupe_key, title, body, channel, sent_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [reminder.kind, reminder.dedupe_key, reminder.title, reminder.body, "test",
         to_db(SUNDAY_EVENING).isoformat(sep=" ")],
    )  # fmt: skip
    assert review_reminder(sunday) is None
    assert review_reminder(open_at(SUNDAY_EVENING + timedelta(hours=14))) is None  # Monday: already sent


def test_a_missed_review_comes_on_monday_morning(open_at: OpenAt) -> None:
    store = open_at(FRIDAY)
    settings = store.settings()
    settings.weekly_review_enabled = True
    store.save_settings(settings)
    monday = open_at(datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN))
    reminder = review_reminder(monday)
    assert reminder is not None
    assert reminder.dedupe_key == "review:2026-W48"
    assert "23 Nov–29 Nov" in reminder.title


def test_no_reminder_unless_turned_on(open_at: OpenAt) -> None:
    store = open_at(SUNDAY_EVENING)
    assert review_reminder(store) is None
    assert next_review_moment(store) is None
