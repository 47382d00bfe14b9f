"""Birthdays coming up in the next few days, for Today and the birthday reminder."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from services.store import Store

UPCOMING_DAYS = 7


@dataclass(frozen=True)
class UpcomingBirthday:
    contact_id: int
    name: str
    on: date  # the local day it is celebrated this time
    turns: int | None  # the age they reach, when the year of birth is known
    days_away: int  # 0 today, 1 tomorrow…


def _month_day(birthday: str) -> tuple[int | None, int, int] | None:
    """'1986-12-01' -> (1986, 12, 1); '--12-01' -> (None, 12, 1); anything else -> None."""
    text = birthday.strip()
    try:
        if text.startswith("--") and len(text) == 7:
            month, day = int(text[2:4]), int(text[5:7])
            year = None
        elif len(text) == 10 and text[4] == "-" and text[7] == "-":
            year, month, day = int(text[:4]), int(text[5:7]), int(text[8:10])
        else:
            return None
        date(2000, month, day)  # a leap year: accepts 29 February, refuses 31 April
    except ValueError:
        return None
    return year, month, day


def celebrated_on(month: int, day: int, year: int) -> date:
    """The day a birthday is celebrated in `year`; 29 February falls on the 28th in other years."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def upcoming_birthdays(
    store: Store, days: int = UPCOMING_DAYS, today: date | None = None
) -> list[UpcomingBirthday]:
    """Contacts (not archived) whose birthday falls in the `days` local days starting today, soonest first."""
    start = today or store.today()
    window = [start + timedelta(days=offset) for offset in range(max(days, 0))]
    if not window:
        return []
    suffixes = {f"{d.month:02d}-{d.day:02d}" for d in window}
    if any(d.month == 2 and d.day == 28 and not calendar.isleap(d.year) for d in window):
        suffixes.add("02-29")  # celebrated on the 28th this year
    marks = ",".join("?" * len(suffixes))
    rows = store.db.execute_sql(
        "SELECT id, display_name, birthday FROM contact "
        f"WHERE archived = 0 AND birthday IS NOT NULL AND substr(birthday, -5) IN ({marks})",
        sorted(suffixes),
    )
    found = []
    for contact_id, name, birthday in rows:
        parts = _month_day(birthday or "")
        if parts is None:
            continue
        born, month, day = parts
        for candidate in window:
            if celebrated_on(month, day, candidate.year) == candidate:
                turns = candidate.year - born if born is not None and born < candidate.year else None
                found.append(UpcomingBirthday(contact_id, name, candidate, turns, (candidate - start).days))
                break
    found.sort(key=lambda b: (b.on, b.name.lower()))
    return found
