"""The numbers behind the activity charts, for a small history checked by hand.

Today is Friday 2026-11-27. The week runs Monday to Sunday; the 52 weeks shown start on
Monday 2025-12-01 and the 12 months on 2025-12-01.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.insights import (
    GROUP_NAMES,
    BudgetDay,
    ContactDirections,
    DayCount,
    about,
    budget_streak,
    directions_of,
    inbound_outbound,
    kind_group,
    touch_window_start,
    weekly_touches,
)
from core.settings import Settings

TODAY = date(2026, 11, 27)

HISTORY = [
    DayCount(date(2026, 11, 27), "lunch", "out", 2),  # this week
    DayCount(date(2026, 11, 23), "call", "in", 1),  # this week's Monday
    DayCount(date(2026, 11, 22), "message", "out", 3),  # last week's Sunday
    DayCount(date(2026, 11, 10), "fax", "out", 1),  # an unknown kind counts as a message
    DayCount(date(2026, 11, 1), "share", "out", 1),  # a Sunday: the week of Monday 26 October
    DayCount(date(2025, 12, 1), "comment", "out", 1),  # the first day shown
    DayCount(date(2025, 11, 30), "email", "out", 5),  # the day before: not shown
    DayCount(date(2026, 11, 20), "note", "out", 4),  # a note is not a touch
    DayCount(date(2026, 11, 28), "call", "out", 1),  # tomorrow: logged ahead of time, not counted
]


def test_touches_per_week_by_kind_group() -> None:
    weekly = weekly_touches(HISTORY, TODAY)
    assert len(weekly.week_starts) == 52
    assert (weekly.week_starts[0], weekly.week_starts[-1]) == (date(2025, 12, 1), date(2026, 11, 23))
    assert list(weekly.counts) == list(GROUP_NAMES)
    nonzero = {
        (group, weekly.week_starts[index]): count
        for group, values in weekly.counts.items()
        for index, count in enumerate(values)
        if count
    }
    assert nonzero == {
        ("In person", date(2026, 11, 23)): 2,
        ("Calls", date(2026, 11, 23)): 1,
        ("Messages", date(2026, 11, 16)): 3,
        ("Messages", date(2026, 11, 9)): 1,
        ("Shares", date(2026, 10, 26)): 1,
        ("Comments & groups", date(2025, 12, 1)): 1,
    }
    assert weekly.total == 9
    assert weekly.week_totals()[-1] == 3
    # 9 / 52 weeks; the last 28 days (31 Oct – 27 Nov) hold 8, two a week.
    assert weekly.reading == (
        "9 touches in the last 12 months, about 0.2 a week; the last four weeks averaged 2."
    )


def test_an_empty_year_says_so() -> None:
    weekly = weekly_touches([], TODAY)
    assert weekly.total == 0
    assert set(weekly.week_totals()) == {0}
    assert weekly.reading.startswith("No touches in the last 12 months yet")


def test_inbound_and_outbound_per_month_and_the_people_on_each_side() -> None:
    people = [
        ContactDirections(1, "Ana", inbound=3, outbound=1),
        ContactDirections(2, "Ben", inbound=0, outbound=4),
        ContactDirections(3, "Cleo", inbound=3, outbound=5),
        ContactDirections(4, "Dev", inbound=1, outbound=1),
        ContactDirections(5, "Eve", inbound=0, outbound=0),
    ]
    result = inbound_outbound(directions_of(HISTORY), people, TODAY)
    assert result.month_starts[0] == date(2025, 12, 1)
    assert result.month_starts[-1] == date(2026, 11, 1)
    assert result.inbound == (0,) * 11 + (1,)
    assert result.outbound == (1,) + (0,) * 10 + (7,)
    assert [p.name for p in result.reach_out_most] == ["Cleo", "Ana", "Dev"]
    assert [p.name for p in result.you_chase] == ["Ben", "Cleo"]
    assert result.reading == (
        "11 % of your touches in the last 12 months came from them (1 in, 8 out). "
        "Lately, Cleo reaches out most; you chase Ben most."
    )


def test_the_top_lists_are_capped() -> None:
    people = [ContactDirections(i, f"P{i:02d}", inbound=i, outbound=0) for i in range(1, 15)]
    result = inbound_outbound([], people, TODAY, top=10)
    assert [p.inbound for p in result.reach_out_most] == list(range(14, 4, -1))
    assert result.you_chase == ()
    assert result.reading == "No touches in the last 12 months yet, from either side."


def _days(counts: dict[date, int], kind: str = "message") -> list[DayCount]:
    return [DayCount(day, kind, "out", count) for day, count in counts.items()]


STREAK_HISTORY = [*_days({
    date(2026, 11, 16): 2, date(2026, 11, 17): 2, date(2026, 11, 18): 2, date(2026, 11, 19): 2,
    date(2026, 11, 20): 2,
    date(2026, 11, 22): 5,  # a Sunday: neither makes nor breaks a streak
    date(2026, 11, 23): 3,
    date(2026, 11, 24): 1,  # one message is below the budget of two
    date(2026, 11, 25): 3, date(2026, 11, 26): 2,
    date(2026, 11, 27): 1,  # today, not over yet
}), DayCount(date(2026, 11, 24), "comment", "out", 5)]  # comments weigh 0.5: not check-ins  # fmt: skip


def test_the_streak_counts_check_in_days_meeting_the_budget() -> None:
    streak = budget_streak(STREAK_HISTORY, TODAY, Settings(daily_budget=2))
    assert (streak.budget, streak.current, streak.longest) == (2, 2, 6)
    assert len(streak.days) == 28
    assert streak.days[0].day == date(2026, 10, 31)
    assert streak.days[-1] == BudgetDay(TODAY, touches=1, counts=True, met=False)
    by_day = {d.day: d for d in streak.days}
    assert by_day[date(2026, 11, 22)] == BudgetDay(date(2026, 11, 22), 5, counts=False, met=False)
    assert by_day[date(2026, 11, 24)].touches == 1
    assert streak.reading == "2 days in a row with at least 2 touches; your best run this year is 6."


def test_today_counts_once_it_is_met() -> None:
    history = [*STREAK_HISTORY, DayCount(TODAY, "call", "in", 1)]
    streak = budget_streak(history, TODAY, Settings(daily_budget=2))
    assert streak.current == 3
    assert streak.days[-1].met


def test_a_broken_streak_and_no_streak_at_all() -> None:
    history = _days({date(2026, 11, 23): 3, date(2026, 11, 26): 0})
    broken = budget_streak(history, TODAY, Settings(daily_budget=3))
    assert (broken.current, broken.longest) == (0, 1)
    assert broken.reading == "No streak right now: a day counts with 3 touches. Your best run this year is 1."
    none = budget_streak([], TODAY, Settings(daily_budget=0))  # a budget of 0 still asks for one touch
    assert (none.budget, none.current, none.longest) == (1, 0, 0)
    assert none.reading == "A day meets your budget with 1 touch: your first streak starts with the next one."


def test_every_day_counts_when_no_check_in_days_are_set() -> None:
    history = _days({date(2026, 11, 21): 1, date(2026, 11, 22): 1, date(2026, 11, 26): 1, TODAY: 1})
    streak = budget_streak(history, TODAY, Settings(daily_budget=1, checkin_days=[]))
    assert (streak.current, streak.longest) == (2, 2)


def test_helpers() -> None:
    assert kind_group("note") is None
    assert kind_group("video") == "Calls"
    assert kind_group("their_comment") == "Comments & groups"
    assert [about(v) for v in (0, 0.05, 0.25, 2.0, 12.4)] == ["none", "less than one", "0.2", "2", "12"]
    assert touch_window_start(TODAY) == date(2025, 11, 28)  # the streak's 365 days reach furthest


@pytest.mark.parametrize("today", [date(2026, 1, 1), date(2024, 2, 29), date(2026, 12, 31)])
def test_the_windows_hold_on_any_day(today: date) -> None:
    weekly = weekly_touches([DayCount(today, "call", "out", 1)], today)
    assert weekly.week_totals()[-1] == 1
    directions = inbound_outbound(directions_of([DayCount(today, "call", "in", 1)]), [], today)
    assert directions.month_starts[-1] == today.replace(day=1)
    assert directions.inbound[-1] == 1
    assert touch_window_start(today) <= min(weekly.week_starts[0], directions.month_starts[0])
