"""The clock and the user's time zone, injectable for tests and what-ifs (``--now``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone, tzinfo

import tzlocal

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def fixed_clock(instant: datetime) -> Clock:
    fixed = instant.astimezone(timezone.utc)
    return lambda: fixed


def local_zone() -> tzinfo:
    try:
        return tzlocal.get_localzone()
    except Exception:  # a broken /etc/localtime must not stop the app
        return datetime.now().astimezone().tzinfo or timezone.utc


def parse_local_datetime(text: str, tz: tzinfo) -> datetime:
    """'2026-11-27' or '2026-11-27 10:30' in the user's zone -> an aware instant."""
    cleaned = text.strip().replace("T", " ")
    try:
        if len(cleaned) <= 10:
            day = date.fromisoformat(cleaned)
            return datetime(day.year, day.month, day.day, 12, 0, tzinfo=tz)
        naive = datetime.fromisoformat(cleaned)
    except ValueError as error:
        raise ValueError(f"'{text}' is not a date like 2026-11-27 or 2026-11-27 10:30") from error
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=tz)


def to_db(instant: datetime) -> datetime:
    """Aware instant -> naive UTC, as every DateTimeField stores it."""
    if instant.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware one")
    return instant.astimezone(timezone.utc).replace(tzinfo=None)


def from_db(value: datetime | str | None) -> datetime | None:
    """Naive UTC (as stored, possibly as text) -> aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc)


def local_date(value: datetime | str | None, tz: tzinfo) -> date | None:
    instant = from_db(value) if not isinstance(value, datetime) or value.tzinfo is None else value
    if instant is None:
        return None
    return instant.astimezone(tz).date()
