"""The weekly review: what it says about a known week, and when its notification is due.

Today is Friday 2026-11-27; the week reviewed runs from Monday 23 to Sunday 29 November.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.records import ContactSnapshot, PlannedCheckIn
from core.review import (
    REVIEW_KIND,
    Review,
    WeekTouch,
    build_review,
    first_cold_day,
    next_due_moment,
    review_due,
    review_key,
    review_reminder_for,
    week_of,
    week_to_review,
)
from core.settings import Settings

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 23)
ON = Settings(weekly_review_enabled=True)


def person(contact_id: int, name: str, last: date | None, **fields: object) -> ContactSnapshot:
    values: dict[str, object] = {"circle": "Close", "cadence_days": 30, "importance": 3}
    values.update(fields)
    return ContactSnapshot(contact_id=contact_id, name=name, last_touch_on=last, **values)  # type: ignore[arg-type]


TOUCHES = [
    WeekTouch(1, 10, "Ana", date(2026, 11, 23), "lunch", "out"),
    WeekTouch(1, 11, "Ben", date(2026, 11, 23), "lunch", "out"),  # the same lunch: one touch, two people
    WeekTouch(2, 10, "Ana", date(2026, 11, 25), "message", "in"),
    WeekTouch(3, 12, "Cleo", date(2026, 11, 26), "note", "out"),  # a note is not a touch
    WeekTouch(4, 13, "Dev", date(2026, 11, 22), "call", "out"),  # last week
    WeekTouch(5, 14, "Eve", date(2026, 11, 27), "share", "out"),
]
SNAPSHOTS = [
    person(20, "Lena", date(2026, 10, 26)),  # cold from Wednesday 25 November
    person(21, "Old", date(2026, 9, 1)),  # cold since 1 October: not news
    person(22, "Snoozy", date(2026, 10, 26), snoozed_until=date(2026, 12, 1)),
    # Cold from Thursday:
    person(23, "Inny", date(2026, 11, 12), circle="Inner", cadence_days=14, importance=4),
    person(24, "Aisha", date(2026, 11, 1), owed=2),  # cooling, and I owe her two favours
    person(25, "Kim", date(2026, 11, 20), circle="Network", cadence_days=90, importance=2, owed=1),
    person(26, "Nora", date(2026, 10, 1)),  # cold, but already booked for Monday
]
PLANNED = [
    PlannedCheckIn(1, 26, "Nora", datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)),
    PlannedCheckIn(2, 21, "Old", datetime(2026, 12, 7, 10, 0, tzinfo=BERLIN)),  # the week after
    PlannedCheckIn(3, 10, "Ana", datetime(2026, 11, 26, 10, 0, tzinfo=BERLIN)),  # this week
]


def review(settings: Settings = ON) -> Review:
    return build_review(
        week_start=MONDAY, today=TODAY, touches=TOUCHES, snapshots=SNAPSHOTS, planned=PLANNED,
        settings=settings, tz=BERLIN,
    )  # fmt: skip


def test_the_week_in_numbers() -> None:
    result = review()
    assert (result.week_start, result.week_end, result.through) == (MONDAY, date(2026, 11, 29), TODAY)
    assert (result.touches, result.people) == (3, 3)
    assert result.by_kind == {"In person": 1, "Messages": 1, "Shares": 1}


def test_who_went_cold_who_is_owed_and_next_week() -> None:
    result = review()
    assert [(p.name, p.detail) for p in result.went_cold] == [
        ("Inny", "Inner, cold since Thu 26 Nov"),
        ("Lena", "Close, cold since Wed 25 Nov"),
    ]
    owed = [(p.name, p.detail) for p in result.owed]
    assert owed == [("Aisha", "owed a favour (2)"), ("Kim", "owed a favour")]
    # Next Monday: Old r 3 (priority 9), Inny 18/14 (5.14), Aisha 29/30 + owed (3.9), Lena 35/30 (3.5);
    # Nora is booked, Snoozy still snoozed, Kim warm.
    assert [p.name for p in result.next_week] == ["Old", "Inny", "Aisha", "Lena"]
    assert [(p.name, p.detail) for p in result.booked_next_week] == [("Nora", "Mon 30 Nov 10:00, call")]


def test_the_notification_text() -> None:
    result = review()
    assert result.title() == "Your week in Rapport (23 Nov–29 Nov)"
    assert result.body() == (
        "3 touches with 3 people · 2 went cold: Inny, Lena · You owe Aisha, Kim a favour · "
        "Next week: 4 people to reach out to, 1 check-in booked."
    )
    assert result.to_json()["week"] == "2026-W48"
    quiet = build_review(week_start=MONDAY, today=TODAY, touches=[], snapshots=[], planned=[], settings=ON,
                         tz=BERLIN)  # fmt: skip
    assert quiet.body() == "No touches logged this week · Next week: 0 people to reach out to."


def test_first_cold_day_follows_the_threshold() -> None:
    lena = SNAPSHOTS[0]
    assert first_cold_day(lena, Settings()) == date(2026, 11, 25)
    assert first_cold_day(lena, Settings(cold_at=0.5)) == date(2026, 11, 10)
    assert first_cold_day(person(1, "Never", None), Settings()) is None


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


SUNDAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("moment", "week"),
    [
        (at(SUNDAY, 18, 0), MONDAY),
        (at(SUNDAY, 19, 59), MONDAY),
        (at(SUNDAY, 17, 59), None),
        (at(SUNDAY + timedelta(days=1), 9, 0), MONDAY),  # missed on Sunday: Monday morning
        (at(SUNDAY + timedelta(days=1), 12, 0), None),
        (at(TODAY, 18, 30), None),  # a Friday
    ],
)
def test_when_the_review_is_due(moment: datetime, week: date | None) -> None:
    assert week_to_review(moment, BERLIN) == week
    assert review_due(moment, BERLIN, ON, ()) == week


def test_the_review_waits_for_the_user_and_never_repeats() -> None:
    sunday_evening = at(SUNDAY, 18, 30)
    assert review_due(sunday_evening, BERLIN, Settings(), ()) is None  # off unless turned on
    assert review_due(sunday_evening, BERLIN, ON, {"review:2026-W48"}) is None
    assert review_due(at(SUNDAY, 21, 0), BERLIN, ON, ()) is None  # quiet hours from 20:00
    muted = Settings(weekly_review_enabled=True, notifications_enabled=False)
    assert review_due(sunday_evening, BERLIN, muted, ()) is None
    paused = Settings(weekly_review_enabled=True, reminders_paused_until="2026-11-30T07:00:00+00:00")
    assert review_due(sunday_evening, BERLIN, paused, ()) is None
    damaged = Settings(weekly_review_enabled=True, reminders_paused_until="not a date")
    assert review_due(sunday_evening, BERLIN, damaged, ()) == MONDAY


def test_keys_weeks_and_the_next_moment() -> None:
    assert review_key(MONDAY) == "review:2026-W48"
    assert review_key(date(2026, 12, 28)) == "review:2026-W53"
    assert week_of(SUNDAY) == (MONDAY, SUNDAY)
    assert next_due_moment(at(TODAY, 10), BERLIN, ON) == at(SUNDAY, 18)
    assert next_due_moment(at(SUNDAY, 19), BERLIN, ON) == at(SUNDAY + timedelta(days=7), 18)
    assert next_due_moment(at(TODAY, 10), BERLIN, Settings()) is None


def test_the_reminder_it_makes() -> None:
    reminder = review_reminder_for(review(), BERLIN)
    assert (reminder.kind, reminder.dedupe_key, reminder.contact_id) == (REVIEW_KIND, "review:2026-W48", None)
    assert reminder.due_at == at(SUNDAY, 18)
    assert reminder.title.startswith("Your week in Rapport")
