"""Who to talk to: the going-cold list and today's queue.

Both run over every contact on each refresh, up to 30,000 of them, so the scan is one
cheap pass that only computes r and a sort key; the full entry (reasons, warmth) is
built only for the contacts that make the list.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from core.records import ContactSnapshot
from core.settings import Settings
from core.status import Status, next_due, status_for_ratio
from core.warmth import warmth_of

# r is capped so that a contact forgotten for years doesn't drown out everyone else:
# past three cadences, importance and favours owed decide the order.
RATIO_CAP = 3.0
OWED_WEIGHT = 0.5


@dataclass(frozen=True)
class QueueEntry:
    """One contact in the going-cold list or today's queue.

    Who is listed and in which order is decided for every contact; what is only shown
    (warmth, reasons, the next due date) is worked out when first read, so listing
    thousands of overdue contacts stays cheap and a view pays only for the rows it shows.
    """

    snapshot: ContactSnapshot
    status: Status
    days_since: int | None  # None: never touched
    ratio: float | None
    priority: float
    today: date

    @cached_property
    def warmth(self) -> int | None:
        return warmth_of(self.snapshot, self.today)

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        return _reasons(self.snapshot, self.status, self.days_since)

    @cached_property
    def next_due(self) -> date | None:
        return next_due(self.snapshot, self.today)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.snapshot.contact_id,
            "name": self.snapshot.name,
            "circle": self.snapshot.circle,
            "status": self.status.value,
            "days_since": self.days_since,
            "cadence_days": self.snapshot.cadence_days,
            "warmth": self.warmth,
            "priority": round(self.priority, 2),
            "reasons": list(self.reasons),
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "last_touch_kind": self.snapshot.last_touch_kind,
        }


def priority_of(snapshot: ContactSnapshot, ratio: float) -> float:
    """importance · min(r, 3) + 0.5 · owed."""
    return snapshot.importance * min(ratio, RATIO_CAP) + OWED_WEIGHT * snapshot.owed


def owed_phrase(owed: int) -> str:
    return "owed a favour" if owed == 1 else f"owed a favour ({owed})"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _reasons(snapshot: ContactSnapshot, status: Status, days_since: int | None) -> tuple[str, ...]:
    if status is Status.NEW or days_since is None:
        first = "never talked — introductory chat"
    else:
        first = (
            f"{status.value}, {_plural(days_since, 'day')} since last touch (cadence {snapshot.cadence_days})"
        )
    if snapshot.owed > 0:
        return (first, owed_phrase(snapshot.owed))
    return (first,)


def _entry(
    snapshot: ContactSnapshot,
    status: Status,
    days_since: int | None,
    ratio: float | None,
    priority: float,
    today: date,
) -> QueueEntry:
    return QueueEntry(
        snapshot=snapshot, status=status, days_since=days_since, ratio=ratio, priority=priority, today=today
    )


# (priority, r, days since, snapshot) for one cooling or cold contact.
_Overdue = tuple[float, float, int, ContactSnapshot]


def _scan(
    snapshots: Iterable[ContactSnapshot],
    today: date,
    settings: Settings,
    excluded: Collection[int],
    limit: int | None = None,
) -> tuple[list[_Overdue], list[ContactSnapshot]]:
    """Split eligible contacts into overdue (cooling or cold) and never touched.

    With a `limit`, overdue contacts that cannot make the first `limit` places are
    dropped as soon as that is certain, so the scan allocates almost nothing (an
    allocation per contact wakes the garbage collector, which then walks all 30,000).
    This loop runs for every contact on every refresh, so the status, ratio and priority
    rules are written out inline rather than called; the calls alone would cost more
    than the rest of the queue.
    """
    overdue: list[_Overdue] = []
    top: list[float] = []  # min-heap of the `limit` highest priorities seen so far
    never_touched: list[ContactSnapshot] = []
    warm_below = settings.warm_below
    for snapshot in snapshots:
        cadence = snapshot.cadence_days
        if cadence is None or snapshot.archived:
            continue
        if snapshot.snoozed_until is not None and today < snapshot.snoozed_until:
            continue
        if excluded and snapshot.contact_id in excluded:
            continue
        last = snapshot.last_touch_on
        if last is None:
            never_touched.append(snapshot)
            continue
        days_since = (today - last).days
        if days_since < 0:
            days_since = 0  # as days_between: a future date counts as today
        ratio = days_since / (cadence if cadence > 0 else 1)  # as overdue_ratio
        if ratio < warm_below:
            continue
        capped = ratio if ratio < RATIO_CAP else RATIO_CAP
        priority = snapshot.importance * capped + OWED_WEIGHT * snapshot.owed
        if limit is not None:
            if len(top) < limit:
                heapq.heappush(top, priority)
            elif priority > top[0]:
                heapq.heapreplace(top, priority)
            elif priority < top[0]:
                continue  # ties at the threshold stay: the name may still win them a place
        overdue.append((priority, ratio, days_since, snapshot))
    return overdue, never_touched


def _order(item: _Overdue) -> tuple[float, float, str, int]:
    """Priority desc, then r desc, then name; the id makes the order total."""
    priority, ratio, _days_since, snapshot = item
    return (-priority, -ratio, snapshot.name, snapshot.contact_id)


def _most_pressing(overdue: list[_Overdue], limit: int) -> list[_Overdue]:
    """The first `limit` items in queue order, without sorting all of them.

    The limit-th highest priority is found over plain floats (fast), and only the
    few items at or above it are sorted with the full tie-breaking key.
    """
    if limit < len(overdue):
        threshold = heapq.nlargest(limit, [item[0] for item in overdue])[-1]
        overdue = [item for item in overdue if item[0] >= threshold]
    return sorted(overdue, key=_order)[:limit]


def _overdue_entry(item: _Overdue, today: date, settings: Settings) -> QueueEntry:
    priority, ratio, days_since, snapshot = item
    return _entry(snapshot, status_for_ratio(ratio, settings), days_since, ratio, priority, today)


def going_cold(
    snapshots: Iterable[ContactSnapshot],
    today: date,
    settings: Settings,
    *,
    limit: int | None = None,
) -> list[QueueEntry]:
    """Every tracked, unsnoozed contact that is cooling or cold, most pressing first.

    An entry costs a few microseconds to build; a view that shows only the top of the
    list passes `limit` so a neglected 30,000-contact network stays instant.
    """
    if limit is not None and limit <= 0:
        return []
    overdue, _ = _scan(snapshots, today, settings, (), limit)
    chosen = _most_pressing(overdue, len(overdue) if limit is None else limit)
    return [_overdue_entry(item, today, settings) for item in chosen]


def todays_queue(
    snapshots: Iterable[ContactSnapshot],
    today: date,
    settings: Settings,
    *,
    budget: int | None = None,
    exclude_ids: Collection[int] = (),
) -> list[QueueEntry]:
    """Today's check-ins: overdue contacts by priority, then introductory chats.

    `exclude_ids` are contacts already booked or dismissed for today. Never-touched
    contacts come after every overdue one whatever their priority: keeping existing
    relationships from fading matters more than starting new ones.
    """
    limit = settings.daily_budget if budget is None else budget
    if limit <= 0:
        return []
    excluded = exclude_ids if isinstance(exclude_ids, (set, frozenset)) else frozenset(exclude_ids)
    overdue, never_touched = _scan(snapshots, today, settings, excluded, limit)
    queue = [_overdue_entry(item, today, settings) for item in _most_pressing(overdue, limit)]
    remaining = limit - len(queue)
    if remaining > 0 and never_touched:
        newcomers = heapq.nsmallest(
            remaining,
            never_touched,
            key=lambda snapshot: (-snapshot.importance, snapshot.name, snapshot.contact_id),
        )
        for snapshot in newcomers:
            priority = priority_of(snapshot, 1.0)
            queue.append(_entry(snapshot, Status.NEW, None, None, priority, today))
    return queue
