"""Grouping stored UTC instants by the user's local day inside SQL.

Aggregates over hundreds of thousands of touches must group in the database, but the
database stores naive UTC text and the user's day depends on their zone (and its summer
time). Between two moments the zone's offset changes only a few times a year, so the
local day is ``date(instant, '+N minutes')`` with N picked by a CASE over those few
changes: exact for every instant in the range, and cheap enough for a full scan.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

from services.clock import to_db

_STEP = timedelta(days=1)


def _offset_minutes(tz: tzinfo, instant: datetime) -> int:
    offset = instant.astimezone(tz).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def _change_between(tz: tzinfo, before: datetime, after: datetime) -> datetime:
    """The first minute at which the offset differs from the one at `before` (bisection)."""
    start_offset = _offset_minutes(tz, before)
    while after - before > timedelta(minutes=1):
        middle = before + (after - before) / 2
        if _offset_minutes(tz, middle) == start_offset:
            before = middle
        else:
            after = middle
    return after.replace(second=0, microsecond=0)


@lru_cache(maxsize=32)
def offset_segments(tz: tzinfo, first_day: date, last_day: date) -> tuple[tuple[str | None, int], ...]:
    """((utc_until, minutes), …): `minutes` applies to instants before `utc_until` (as stored text);
    the last segment has no end. Covers local days `first_day` to `last_day`; offsets are
    sampled daily, so two changes within one day would be missed (no zone does that)."""
    start = datetime.combine(first_day - _STEP, time(0), tzinfo=timezone.utc)
    end = datetime.combine(last_day + 2 * _STEP, time(0), tzinfo=timezone.utc)
    segments: list[tuple[str | None, int]] = []
    current = _offset_minutes(tz, start)
    moment = start
    while moment < end:
        following = moment + _STEP
        offset = _offset_minutes(tz, following)
        if offset != current:
            change = _change_between(tz, moment, following)
            segments.append((to_db(change).isoformat(sep=" "), current))
            current = offset
        moment = following
    segments.append((None, current))
    return tuple(segments)


def _modifier(minutes: int) -> str:
    return f"'{minutes:+d} minutes'"


def local_day_sql(column: str, tz: tzinfo, first_day: date, last_day: date) -> str:
    """A SQL expression giving the local day ('YYYY-MM-DD') of `column`, exact between the two days."""
    segments = offset_segments(tz, first_day, last_day)
    if len(segments) == 1:
        return f"date({column}, {_modifier(segments[0][1])})"
    cases = " ".join(
        f"WHEN {column} < '{until}' THEN {_modifier(minutes)}" for until, minutes in segments[:-1]
    )
    return f"date({column}, CASE {cases} ELSE {_modifier(segments[-1][1])} END)"


def local_midnight_utc(day: date, tz: tzinfo) -> str:
    """The stored (UTC text) form of the instant the local `day` begins."""
    return to_db(datetime.combine(day, time(0), tzinfo=tz)).isoformat(sep=" ")


def day_from_sql(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
