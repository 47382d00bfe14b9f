"""Dates as exports write them: '12 Mar 2024', Excel's '7-Feb-22', '3/12/24, 10:15 AM', ISO…

Every function returns None for text it cannot read, so the caller can report the line.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

MONTHS = {
    "jan": 1, "january": 1, "januar": 1, "janv": 1,
    "feb": 2, "february": 2, "februar": 2, "févr": 2, "fevr": 2,
    "mar": 3, "march": 3, "mär": 3, "märz": 3, "mrz": 3, "mars": 3,
    "apr": 4, "april": 4, "avr": 4, "avril": 4,
    "may": 5, "mai": 5,
    "jun": 6, "june": 6, "juni": 6, "juin": 6,
    "jul": 7, "july": 7, "juli": 7, "juil": 7,
    "aug": 8, "august": 8, "août": 8, "aout": 8,
    "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "okt": 10, "oktober": 10,
    "nov": 11, "november": 11,
    "dec": 12, "december": 12, "dez": 12, "dezember": 12, "déc": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s,])")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|T)")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[\s\-/.]+([^\W\d_]+)\.?[\s\-/.,]+(\d{2}|\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:$|[,\s])")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?")
_OFFSET = re.compile(r"(?:\s*(UTC|GMT|Z)|\s*([+-])(\d{2}):?(\d{2}))$")
_MESSAGE_INSTANT = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) UTC")
_BIRTHDAY_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
APPLE_NO_YEAR = 1604  # iOS and macOS store a birthday without a year as year 1604


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=8192)  # a 30,000-row export repeats the same few thousand dates
def parse_date(text: str) -> date | None:
    """A calendar date from any of the shapes exports use; None when unreadable."""
    cleaned = " ".join(text.replace("\u202f", " ").split())
    if not cleaned:
        return None
    if match := _ISO.match(cleaned):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _COMPACT.match(cleaned):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_MONTH_YEAR.match(cleaned):
        month = MONTHS.get(match[2].casefold())
        return _safe_date(_year(match[3]), month, int(match[1])) if month else None
    if match := _MONTH_DAY_YEAR.match(cleaned):
        month = MONTHS.get(match[1].casefold())
        return _safe_date(int(match[3]), month, int(match[2])) if month else None
    if match := _NUMERIC.match(cleaned):
        first, second, year = int(match[1]), int(match[2]), _year(match[3])
        # LinkedIn writes US order (month first); a first number above 12 can only be a day.
        if first > 12:
            first, second = second, first
        return _safe_date(year, first, second)
    return None


def parse_instant(text: str) -> datetime | None:
    """An aware UTC instant; text without a zone is taken as UTC, a bare date as noon UTC."""
    if match := _MESSAGE_INSTANT.fullmatch(text):  # messages.csv: '2023-05-01 14:22:10 UTC'
        try:
            parts = [int(group) for group in match.groups()]
            return datetime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], tzinfo=UTC)
        except ValueError:
            return None
    cleaned = " ".join(text.replace("\u202f", " ").split())
    day = parse_date(cleaned)
    if day is None:
        return None
    offset = timedelta(0)
    if match := _OFFSET.search(cleaned):
        if match[2]:
            sign = 1 if match[2] == "+" else -1
            offset = sign * timedelta(hours=int(match[3]), minutes=int(match[4]))
        cleaned = cleaned[: match.start()]
    # The time is whatever follows the date part; a date like 2024-03-12 holds no colon.
    time_match = _TIME.search(cleaned)
    if time_match is None:
        return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
    hour, minute = int(time_match[1]), int(time_match[2])
    second = int(time_match[3] or 0)
    meridiem = (time_match[4] or "").replace(".", "").lower()
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)
    return local - offset


def parse_birthday(text: str) -> str | None:
    """'1985-04-12', '19850412', '--0412', '--04-12' -> '1985-04-12' or '--04-12'."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if match := _BIRTHDAY_NO_YEAR.match(cleaned):
        month, day = int(match[1]), int(match[2])
        return f"--{month:02d}-{day:02d}" if _safe_date(2000, month, day) else None
    parsed = parse_date(cleaned)
    if parsed is None:
        return None
    if parsed.year == APPLE_NO_YEAR:
        return f"--{parsed.month:02d}-{parsed.day:02d}"
    return parsed.isoformat()
