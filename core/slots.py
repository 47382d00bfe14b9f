"""The slot finder: the next free short check-in inside the user's check-in hours.

Candidates lie on a 15-minute grid of local wall-clock time (:00, :15, :30, :45), which
is what people expect to be offered. All comparisons are made in UTC: Python compares
and adds datetimes that share a tzinfo by wall clock, which is wrong across a DST change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import islice

from core.settings import Settings, parse_clock

GRID = timedelta(minutes=15)


def _ceil_to_grid(wall: datetime) -> datetime:
    """Round a naive wall-clock time up to the next quarter hour (unchanged if on one)."""
    floored = wall.replace(minute=wall.minute - wall.minute % 15, second=0, microsecond=0)
    return floored if floored == wall else floored + GRID


def _existing(wall: datetime, tz: tzinfo) -> datetime | None:
    """`wall` in `tz` as a UTC instant; None for a time skipped by a spring-forward change."""
    instant = wall.replace(tzinfo=tz).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != wall:
        return None
    return instant


def _day_bounds(day: date, settings: Settings, tz: tzinfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, parse_clock(settings.checkin_start), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day, parse_clock(settings.checkin_end), tzinfo=tz).astimezone(UTC)
    return start, end


def _free_slots(
    *,
    after: datetime,
    tz: tzinfo,
    settings: Settings,
    minutes: int | None,
    busy: Sequence[tuple[datetime, datetime]],
    planned_starts: Sequence[datetime],
    horizon_days: int,
) -> Iterator[datetime]:
    length = timedelta(minutes=settings.checkin_minutes if minutes is None else minutes)
    earliest = after.astimezone(UTC)
    blocked = [(start.astimezone(UTC), end.astimezone(UTC)) for start, end in busy]
    blocked += [(start.astimezone(UTC), start.astimezone(UTC) + length) for start in planned_starts]
    booked_per_day = Counter(start.astimezone(tz).date() for start in planned_starts)
    start_clock = parse_clock(settings.checkin_start)
    first_day = after.astimezone(tz).date()

    for offset in range(horizon_days):
        day = first_day + timedelta(days=offset)
        if day.weekday() not in settings.checkin_days:
            continue
        if booked_per_day[day] >= settings.daily_budget:
            continue
        day_start, day_end = _day_bounds(day, settings, tz)
        todays_blocks = [(s, e) for s, e in blocked if s < day_end and e > day_start]
        wall = _ceil_to_grid(datetime.combine(day, start_clock))
        while True:
            candidate = _existing(wall, tz)
            wall += GRID
            if candidate is None:
                continue
            if candidate + length > day_end:
                break
            if candidate < earliest:
                continue
            finish = candidate + length
            if any(s < finish and candidate < e for s, e in todays_blocks):
                continue
            yield candidate.astimezone(tz)


def find_free_slot(
    *,
    after: datetime,
    tz: tzinfo,
    settings: Settings,
    minutes: int | None = None,
    busy: Sequence[tuple[datetime, datetime]] = (),
    planned_starts: Sequence[datetime] = (),
    horizon_days: int = 60,
) -> datetime | None:
    """The first free start at or after `after`, as an aware time in `tz`; None if none.

    A slot lies on the quarter-hour grid, on a check-in day, starts no earlier than
    check-in hours begin and ends by the time they end, overlaps no busy interval and
    no planned check-in (each `minutes` long), and falls on a day that holds fewer than
    the daily budget of planned check-ins. All datetimes given must be aware.
    """
    return next(
        _free_slots(
            after=after,
            tz=tz,
            settings=settings,
            minutes=minutes,
            busy=busy,
            planned_starts=planned_starts,
            horizon_days=horizon_days,
        ),
        None,
    )


def proposed_slots(
    *,
    after: datetime,
    tz: tzinfo,
    settings: Settings,
    minutes: int | None = None,
    busy: Sequence[tuple[datetime, datetime]] = (),
    planned_starts: Sequence[datetime] = (),
    horizon_days: int = 60,
    count: int = 3,
) -> list[datetime]:
    """The next `count` free starts, earliest first, for the user to choose from.

    They are alternatives to one another, so none of them counts against the others'
    day budget; the first is always what find_free_slot returns.
    """
    slots = _free_slots(
        after=after,
        tz=tz,
        settings=settings,
        minutes=minutes,
        busy=busy,
        planned_starts=planned_starts,
        horizon_days=horizon_days,
    )
    return list(islice(slots, max(count, 0)))
