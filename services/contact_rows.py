"""Plain rows for the contacts table: one query, no model instances, fast at 30,000 contacts.

Each row carries what the table shows (status, warmth and next due already worked out by
the rules) and a lower-cased search key, so the window can filter and sort its own list
in memory instead of asking the database on every keystroke.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import NamedTuple

from core.matching import search_text
from core.status import Status, overdue_ratio, status_for_ratio
from core.warmth import decay, warmth_from_engagement
from services.store import Store

MINUTES_PER_DAY = 24 * 60
# When the user's day turns over within a UTC day: ('HH:MM' UTC, local day before, local day from then on).
DayShift = tuple[str, date, date] | tuple[()]
# group_concat separator; the table shows tags and emails joined by it.
LIST_SEPARATOR = ", "

ROWS_SQL = """
SELECT c.id, c.display_name, c.company, c.position, ci.name, ci.position,
       COALESCE(c.cadence_days, ci.cadence_days), c.last_touch_at, c.last_touch_kind,
       c.engagement, c.engagement_on, c.archived, c.search_text
FROM contact c JOIN circle ci ON ci.id = c.circle_id
"""
# Emails and tags are grouped in queries of their own: most contacts have neither, and
# two small GROUP BYs cost less than a correlated subquery on each of 30,000 rows.
EMAILS_SQL = f"SELECT contact_id, group_concat(email, '{LIST_SEPARATOR}') FROM contact_email"
TAGS_SQL = (
    f"SELECT ct.contact_id, group_concat(t.name, '{LIST_SEPARATOR}') FROM contact_tag ct "
    "JOIN tag t ON t.id = ct.tag_id"
)


class ContactRow(NamedTuple):
    contact_id: int
    name: str
    company: str
    position: str
    circle: str
    circle_rank: int  # the circle's place in the list (Inner first), for sorting
    cadence_days: int | None
    last_touch: date | None  # the user's local day
    last_touch_kind: str | None
    warmth: int | None  # None when untracked: there is no cadence to decay by
    status: str | None  # a core.status.Status value; None for untracked and archived
    next_due: date | None
    emails: str
    tags: str
    search_key: str
    archived: bool


class _DerivedColumns:
    """Status, warmth and local days for many rows, each worked out once per distinct input.

    Loading 30,000 rows must stay well under a frame budget, so the rules (core.status,
    core.warmth) run once per distinct (day, cadence) pair rather than once per row, and
    UTC instants become local days by comparing their time with the moment the local day
    turns over on that UTC day (the clocks change on only a couple of days a year; those
    take the exact, slower path).
    """

    def __init__(self, store: Store) -> None:
        self.today = store.today()
        self.settings = store.settings()
        self._tz = store.tz
        self.day_shifts: dict[str, DayShift] = {}  # by UTC day ('2026-11-27')
        self.standings: dict[tuple[date, int], tuple[str, date]] = {}
        self.decay_factors: dict[tuple[str, int], float] = {}

    def local_day(self, text: str) -> date:
        """The local day of a stored UTC instant ('2026-11-27 09:30:00')."""
        shift = self.day_shifts.get(text[:10])
        if shift is None:
            shift = self.day_shift(text[:10])
        if not shift:
            return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).astimezone(self._tz).date()
        return shift[2] if text[11:16] >= shift[0] else shift[1]

    def day_shift(self, day_text: str) -> DayShift:
        """When the local day turns over during this UTC day: ('HH:MM' in UTC, day before it, day after it).

        Empty on the days the clocks change, which take the exact path instead.
        """
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            return self.day_shifts.setdefault(day_text, ())
        start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        offsets = {(start + timedelta(hours=hour)).astimezone(self._tz).utcoffset() for hour in (0, 12, 24)}
        if len(offsets) != 1:
            return self.day_shifts.setdefault(day_text, ())
        minutes = int((offsets.pop() or timedelta(0)).total_seconds() // 60)
        if minutes >= 0:  # ahead of UTC: the local day turns over late in the UTC day
            turn = MINUTES_PER_DAY - minutes
            shift: DayShift = (f"{turn // 60:02d}:{turn % 60:02d}", day, day + timedelta(days=1))
        else:  # behind UTC: until -offset, it is still yesterday locally
            turn = -minutes
            shift = (f"{turn // 60:02d}:{turn % 60:02d}", day - timedelta(days=1), day)
        return self.day_shifts.setdefault(day_text, shift)

    def standing(self, last_day: date, cadence: int) -> tuple[str, date]:
        """(status, next due) of a tracked contact last touched on `last_day`."""
        days = max(0, (self.today - last_day).days)
        status = status_for_ratio(overdue_ratio(days, cadence), self.settings).value
        return self.standings.setdefault((last_day, cadence), (status, last_day + timedelta(days=cadence)))

    def decay_factor(self, engagement_on: str, cadence: int) -> float:
        # Decay is linear in E, so the factor for (day, cadence) is shared by every row.
        factor = decay(1.0, date.fromisoformat(engagement_on), self.today, cadence)
        return self.decay_factors.setdefault((engagement_on, cadence), factor)


@cache
def _warmth_steps() -> tuple[float, ...]:
    """For each warmth 1..100, the least engagement E that reaches it, found with core.warmth itself.

    Warmth never falls as E grows, so the warmth of any E is the number of steps at or below
    it: one bisect in C per row instead of a Python call with exp() and round().
    """
    steps = []
    low = 0.0
    for level in range(1, 101):
        if warmth_from_engagement(low) >= level:  # two levels at once: they share a step
            steps.append(low)
            continue
        high = max(low, 1.0)
        while warmth_from_engagement(high) < level:
            high *= 2
        while True:  # narrow down to two neighbouring floats
            middle = (low + high) / 2
            if middle in (low, high):
                break
            if warmth_from_engagement(middle) >= level:
                high = middle
            else:
                low = middle
        steps.append(high)
        low = high
    return tuple(steps)


def warmth_for(engagement: float) -> int:
    """The same number as core.warmth.warmth_from_engagement, by table lookup."""
    return bisect_right(_warmth_steps(), engagement)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Creating 30,000 tuples triggers the cyclic collector dozens of times for nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_contact_rows(
    store: Store, *, contact_ids: list[int] | None = None, include_archived: bool = True
) -> list[ContactRow]:
    """Every contact (or these) as a row, ordered by name (ignoring case)."""
    where: list[str] = []
    params: list[object] = []
    only_emails = only_tags = ""
    if contact_ids is not None:
        if not contact_ids:
            return []
        marks = ",".join("?" * len(contact_ids))
        where.append(f"c.id IN ({marks})")
        params.extend(contact_ids)
        only_emails, only_tags = f" WHERE contact_id IN ({marks})", f" WHERE ct.contact_id IN ({marks})"
    if not include_archived:
        where.append("c.archived = 0")
    sql = ROWS_SQL + (" WHERE " + " AND ".join(where) if where else "")
    db = store.db
    ids = list(contact_ids or [])
    emails_of = dict(db.execute_sql(f"{EMAILS_SQL}{only_emails} GROUP BY contact_id", ids)).get
    tags_of = dict(db.execute_sql(f"{TAGS_SQL}{only_tags} GROUP BY ct.contact_id", ids)).get
    derived = _DerivedColumns(store)
    today = derived.today
    new_status = Status.NEW.value
    # Hot loop: cache lookups are bound once, and the few texts that repeat on every row
    # (circle, kind of last touch) share one string object each, saving megabytes.
    shift_of, standing_of = derived.day_shifts.get, derived.standings.get
    warmth_at, steps = bisect_right, _warmth_steps()
    factor_of = derived.decay_factors.get
    shared_texts: dict[str, str] = {}
    shared = shared_texts.setdefault
    rows: list[ContactRow] = []
    append = rows.append
    new_tuple = tuple.__new__
    with _collector_paused():
        for (cid, name, company, position, circle, circle_rank, cadence, last_at, last_kind, engagement,
             engagement_on, archived, stored_key) in db.execute_sql(sql, params):
            last_day = None
            if last_at:
                shift = shift_of(last_at[:10])
                if shift:
                    last_day = shift[2] if last_at[11:16] >= shift[0] else shift[1]
                else:
                    last_day = derived.local_day(last_at)
            warmth: int | None = None
            status: str | None = None
            due: date | None = None
            if cadence is not None:
                if engagement_on:
                    pair = (engagement_on, cadence)
                    factor = factor_of(pair) or derived.decay_factor(*pair)
                    warmth = warmth_at(steps, (engagement or 0.0) * factor)
                else:
                    warmth = 0
                if not archived:
                    if last_day is None:
                        status, due = new_status, today
                    else:
                        status, due = standing_of((last_day, cadence)) or derived.standing(last_day, cadence)
            company = company or ""
            position = position or ""
            emails = emails_of(cid, "")
            tags = tags_of(cid, "")
            key = stored_key or search_text(name, company, position, emails, tags)
            values = (cid, name, company, position, shared(circle, circle), circle_rank, cadence, last_day,
                      last_kind and shared(last_kind, last_kind), warmth, status, due, emails, tags, key,
                      bool(archived))
            append(new_tuple(ContactRow, values))
        rows.sort(key=_name_order)
    return rows


def _name_order(row: ContactRow) -> str:
    return row.name.casefold()


def contact_count(store: Store) -> int:
    """How many contacts there are, archived ones included (what load_contact_rows reads)."""
    return int(store.db.execute_sql("SELECT COUNT(*) FROM contact").fetchone()[0])
