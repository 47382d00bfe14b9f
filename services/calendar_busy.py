"""The user's busy times from their calendar, cached briefly, so proposed slots avoid real meetings.

Busy times are cached per local day for BUSY_CACHE_S: proposing slots, rescheduling and
booking within a few minutes cost one server round trip, not one each. The window never
waits for the network: it reads ``cached_busy`` (memory only), while a worker fills the
cache with ``busy_for_slots``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time

from connectors import secrets
from connectors.caldav_sync import BusyEvent, CalendarError, CalendarUnreachableError
from services.calendar_account import (
    Account,
    ClientFactory,
    account_of,
    default_client_factory,
    open_calendar,
)
from services.checkins import MINIMUM_LEAD, next_free_slot
from services.clock import to_db
from services.store import Store

BUSY_CACHE_S = 300
# Memory-only readers may use older busy times: slightly stale is better than none.
STALE_LIMIT_S = 3600
# Most slots are found within two weeks; only then is the slot finder's whole range read.
FIRST_WINDOW = timedelta(days=14)
FULL_WINDOW = timedelta(days=60)

Monotonic = Callable[[], float]
OWN_UIDS_SQL = "SELECT uid FROM checkin WHERE starts_at BETWEEN ? AND ?"


@dataclass(frozen=True)
class _Day:
    fetched_at: float
    events: tuple[BusyEvent, ...]


_lock = threading.Lock()
_days: dict[tuple[str, date], _Day] = {}


@dataclass(frozen=True)
class SlotChoice:
    starts_at: datetime
    note: str = ""  # empty, or why the calendar's busy times were not consulted
    error: str = ""  # the calendar's or the keyring's own message
    unreachable: bool = False  # the server could not be reached (no point pushing right now)


def forget_busy_times() -> None:
    """Drop every cached busy time (after connecting or disconnecting a calendar)."""
    with _lock:
        _days.clear()


def _cache_key(store: Store, account: Account) -> str:
    return f"{store.data_dir}|{account.secret_key}|{account.calendar_name}"


def _local_days(start: datetime, end: datetime, store: Store) -> list[date]:
    first, last = start.astimezone(store.tz).date(), end.astimezone(store.tz).date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _midnight(day: date, store: Store) -> datetime:
    return datetime.combine(day, clock_time(), tzinfo=store.tz)


def _cached(key: str, days: list[date], max_age: float, now: float) -> tuple[list[BusyEvent], list[date]]:
    """Cached events of ``days`` no older than ``max_age``, and the days that have none."""
    events: list[BusyEvent] = []
    missing: list[date] = []
    with _lock:
        for day in days:
            entry = _days.get((key, day))
            if entry is None or now - entry.fetched_at > max_age:
                missing.append(day)
            else:
                events.extend(entry.events)
    return events, missing


def _without_own(
    store: Store, events: list[BusyEvent], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """Busy intervals inside [start, end), minus Rapport's own check-ins (the slot finder knows those)."""
    window = (to_db(start - timedelta(days=1)), to_db(end + timedelta(days=1)))
    own = {uid for (uid,) in store.db.execute_sql(OWN_UIDS_SQL, window)}
    spans = {(e.start, e.end) for e in events if e.uid not in own and e.start < end and e.end > start}
    return sorted(spans)


def busy_for_slots(
    store: Store,
    start: datetime,
    end: datetime,
    *,
    client_factory: ClientFactory = default_client_factory,
    monotonic: Monotonic = time.monotonic,
) -> list[tuple[datetime, datetime]]:
    """Busy (start, end) pairs between ``start`` and ``end`` for core.slots.find_free_slot(busy=...).

    Empty when no calendar is connected. Reads the server for the days not cached in the
    last BUSY_CACHE_S seconds (may block: call it from a worker in the window); raises
    CalendarError or SecretStoreUnavailable when it cannot.
    """
    account = account_of(store.settings())
    if account is None:
        return []
    key = _cache_key(store, account)
    days = _local_days(start, end, store)
    events, missing = _cached(key, days, BUSY_CACHE_S, monotonic())
    if missing:
        first, last = min(missing), max(missing)
        client = open_calendar(store, client_factory)
        try:
            fetched = client.busy_events(
                _midnight(first, store), _midnight(last + timedelta(days=1), store), store.tz
            )
        finally:
            client.close()
        stamp = monotonic()
        with _lock:
            for offset in range((last - first).days + 1):
                day = first + timedelta(days=offset)
                low, high = _midnight(day, store), _midnight(day + timedelta(days=1), store)
                _days[(key, day)] = _Day(stamp, tuple(e for e in fetched if e.start < high and e.end > low))
        events, _ = _cached(key, days, BUSY_CACHE_S, stamp)
    return _without_own(store, events, start, end)


def cached_busy(
    store: Store, start: datetime, end: datetime, *, monotonic: Monotonic = time.monotonic
) -> list[tuple[datetime, datetime]]:
    """Busy times known from the last hour, without touching the network (safe on the UI thread)."""
    account = account_of(store.settings())
    if account is None:
        return []
    events, _missing = _cached(
        _cache_key(store, account), _local_days(start, end, store), STALE_LIMIT_S, monotonic()
    )
    return _without_own(store, events, start, end)


def free_slot(
    store: Store,
    minutes: int | None = None,
    after: datetime | None = None,
    *,
    client_factory: ClientFactory = default_client_factory,
) -> SlotChoice:
    """The next free slot that also avoids the calendar's meetings.

    When the calendar cannot be read (offline, locked keyring), the slot is chosen from
    check-in hours and planned check-ins alone, and the note says so.
    """
    start = after or store.now() + MINIMUM_LEAD
    if account_of(store.settings()) is None:
        return SlotChoice(next_free_slot(store, minutes, start))
    length = timedelta(minutes=minutes or store.settings().checkin_minutes)
    for window in (FIRST_WINDOW, FULL_WINDOW):
        try:
            busy = busy_for_slots(store, start, start + window, client_factory=client_factory)
        except (CalendarError, secrets.SecretStoreUnavailable) as error:
            note = f"your calendar's busy times were not checked: {error}"
            unreachable = isinstance(error, CalendarUnreachableError)
            return SlotChoice(next_free_slot(store, minutes, start), note, str(error), unreachable)
        slot = next_free_slot(store, minutes, start, busy=busy)
        if slot + length <= start + window:
            return SlotChoice(slot)
    return SlotChoice(slot)
