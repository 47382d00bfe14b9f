"""The numbers behind the Insights charts about the state of the network.

Pure functions over plain records, like ``core.insights``:
- *Contacts per status per circle*: tracked, non-archived contacts by circle and status
  today (the same rule as everywhere: ``core.status``).
- *Kept within cadence*: at the end of each of the last 12 months (the last point is
  today), the share of tracked contacts whose last touch as of that day was within their
  cadence, i.e. r = days since that touch / cadence < ``cold_at`` (not cold). A contact
  counts from the day they joined the network (connected on, or added to Rapport,
  whichever came first), and earlier wherever a touch already kept them within cadence;
  one who was in the network but not touched recently enough counts as not kept.
  Circles and cadences are today's.
- *Reciprocity board*: who I owe (they gave me more than I gave them), who owes me, and
  who is asks-only (``core.reciprocity.is_asks_only``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core.insights import MONTHS_SHOWN, month_start, percent, percent_text, plural
from core.reciprocity import is_asks_only, ledger_of
from core.records import ExchangeRecord, Touch
from core.settings import Settings
from core.status import Status, days_between, overdue_ratio, status_for_ratio

STATUS_ORDER: tuple[Status, ...] = (Status.WARM, Status.COOLING, Status.COLD, Status.NEW)
FOCUS_CIRCLE_MIN_CONTACTS = 5  # a circle this small says little in a percentage
COMPARE_PERIODS_BACK = 3  # "up from 64 % three months ago"
OVERALL = "All circles"


def _by_importance(importance: dict[str, int]) -> tuple[str, ...]:
    return tuple(sorted(importance, key=lambda name: (-importance[name], name)))


# --- contacts per status per circle --------------------------------------------------------


@dataclass(frozen=True)
class LastTouchGroup:
    """Tracked contacts of one circle and cadence whose last touch fell on the same day."""

    circle: str
    importance: int
    cadence_days: int
    last_touch_on: date | None  # None: never touched
    contacts: int


@dataclass(frozen=True)
class CircleStatuses:
    circles: tuple[str, ...]  # most important first
    counts: dict[str, dict[Status, int]]
    reading: str

    def total(self, circle: str) -> int:
        return sum(self.counts[circle].values())

    def to_json(self) -> dict[str, Any]:
        return {
            "circles": [
                {"circle": circle, **{status.value: self.counts[circle][status] for status in STATUS_ORDER}}
                for circle in self.circles
            ],
            "reading": self.reading,
        }


def status_of_group(group: LastTouchGroup, today: date, settings: Settings) -> Status:
    if group.last_touch_on is None:
        return Status.NEW
    ratio = overdue_ratio(days_between(group.last_touch_on, today), group.cadence_days)
    return status_for_ratio(ratio, settings)


def statuses_by_circle(groups: Iterable[LastTouchGroup], today: date, settings: Settings) -> CircleStatuses:
    importance: dict[str, int] = {}
    counts: dict[str, dict[Status, int]] = {}
    for group in groups:
        importance[group.circle] = group.importance
        row = counts.setdefault(group.circle, dict.fromkeys(STATUS_ORDER, 0))
        row[status_of_group(group, today, settings)] += group.contacts
    circles = _by_importance(importance)
    tracked = sum(sum(row.values()) for row in counts.values())
    if tracked == 0:
        reading = "Nobody is tracked yet: put people in circles to see how warm each circle is."
    else:
        warm = sum(row[Status.WARM] for row in counts.values())
        cold = {circle: counts[circle][Status.COLD] for circle in circles}
        total_cold = sum(cold.values())
        warm_share = percent(warm, tracked) or 0.0
        reading = f"{percent_text(warm_share)} of your {tracked:,} tracked contacts are warm"
        if total_cold == 0:
            reading += " and nobody is cold."
        else:
            coldest = max(circles, key=lambda circle: cold[circle])
            reading += f"; {total_cold:,} are cold, most of them in {coldest} ({cold[coldest]:,})."
    return CircleStatuses(circles, counts, reading)


# --- kept within cadence over time ---------------------------------------------------------


def period_ends(today: date, periods: int = MONTHS_SHOWN) -> tuple[date, ...]:
    """The last day of each of the previous `periods` − 1 months, then today."""
    ends = [month_start(today, back) - timedelta(days=1) for back in range(periods - 2, -1, -1)]
    return (*ends, today)


def longest_gap_within(cadence_days: int, settings: Settings) -> int:
    """The most days since the last touch that still count as within cadence (r < cold_at)."""
    days = max(0, math.ceil(cadence_days * settings.cold_at) - 1)
    # The product is a float: settle the edge with the very rule status uses.
    while days > 0 and overdue_ratio(days, cadence_days) >= settings.cold_at:
        days -= 1
    while overdue_ratio(days + 1, cadence_days) < settings.cold_at:
        days += 1
    return days


def earliest_within_day(on: date, cadence_days: int, settings: Settings) -> date:
    """The earliest last-touch day that still counts as within cadence on `on`."""
    return on - timedelta(days=longest_gap_within(cadence_days, settings))


@dataclass(frozen=True)
class CadenceHistory:
    """One tracked contact, for computing the series from its touches (the reference form)."""

    circle: str
    importance: int
    cadence_days: int
    in_network_from: date | None  # connected on or added, whichever came first; None: always
    touch_days: tuple[date, ...]  # days of its touches (weight > 0), any order


@dataclass(frozen=True)
class CadenceCount:
    """How many contacts of a circle were in the network, and kept within cadence, at one period end."""

    circle: str
    importance: int
    period: int  # index into period_ends()
    present: int
    within: int


def cadence_counts(
    histories: Iterable[CadenceHistory], ends: Sequence[date], settings: Settings
) -> list[CadenceCount]:
    """The counts from each contact's touches, by the definition above."""
    present: dict[tuple[str, int], int] = defaultdict(int)
    within: dict[tuple[str, int], int] = defaultdict(int)
    importance: dict[str, int] = {}
    for history in histories:
        importance[history.circle] = history.importance
        days = sorted(history.touch_days)
        for index, end in enumerate(ends):
            touched = [day for day in days if day <= end]
            kept = bool(touched) and touched[-1] >= earliest_within_day(end, history.cadence_days, settings)
            joined = history.in_network_from is None or history.in_network_from <= end
            if joined or kept:
                present[(history.circle, index)] += 1
            if kept:
                within[(history.circle, index)] += 1
    return [
        CadenceCount(circle, importance[circle], index, count, within[(circle, index)])
        for (circle, index), count in sorted(present.items())
    ]


@dataclass(frozen=True)
class CadenceKept:
    period_ends: tuple[date, ...]
    circles: tuple[str, ...]  # most important first
    percent: dict[str, tuple[float | None, ...]]  # circle (and OVERALL) -> % kept per period
    present: dict[str, tuple[int, ...]]
    reading: str

    def to_json(self) -> dict[str, Any]:
        return {
            "period_ends": [day.isoformat() for day in self.period_ends],
            "series": {
                name: [None if value is None else round(value, 1) for value in values]
                for name, values in self.percent.items()
            },
            "reading": self.reading,
        }


def cadence_kept(counts: Iterable[CadenceCount], ends: Sequence[date]) -> CadenceKept:
    periods = len(ends)
    importance: dict[str, int] = {}
    present: dict[str, list[int]] = defaultdict(lambda: [0] * periods)
    within: dict[str, list[int]] = defaultdict(lambda: [0] * periods)
    for count in counts:
        importance[count.circle] = count.importance
        for name in (count.circle, OVERALL):
            present[name][count.period] += count.present
            within[name][count.period] += count.within
    circles = _by_importance(importance)
    series = {
        name: tuple(percent(within[name][i], present[name][i]) for i in range(periods))
        for name in (*circles, OVERALL)
    }
    reading = _cadence_reading(circles, series, {n: present[n] for n in (*circles, OVERALL)})
    return CadenceKept(
        tuple(ends), circles, series, {name: tuple(values) for name, values in present.items()}, reading
    )


def _cadence_reading(
    circles: Sequence[str], series: dict[str, tuple[float | None, ...]], present: dict[str, list[int]]
) -> str:
    if not present[OVERALL] or present[OVERALL][-1] == 0:
        return "Nobody is tracked yet: put people in circles to follow how well you keep up."
    candidates = [c for c in circles if present[c][-1] >= FOCUS_CIRCLE_MIN_CONTACTS] or [
        c for c in circles if present[c][-1] > 0
    ]
    focus = candidates[0]
    now = series[focus][-1] or 0.0
    reading = f"You kept {percent_text(now)} of your {focus} circle within cadence this month"
    earlier_index = len(series[focus]) - 1 - COMPARE_PERIODS_BACK
    earlier = series[focus][earlier_index] if earlier_index >= 0 else None
    if earlier is not None:
        if round(now) > round(earlier):
            reading += f", up from {percent_text(earlier)} three months ago"
        elif round(now) < round(earlier):
            reading += f", down from {percent_text(earlier)} three months ago"
        else:
            reading += ", the same as three months ago"
    overall = series[OVERALL][-1] or 0.0
    if len(circles) > 1:
        reading += f" ({percent_text(overall)} across all circles)"
    return reading + "."


# --- the reciprocity board -----------------------------------------------------------------


@dataclass(frozen=True)
class ReciprocityRecord:
    """One contact's ledger; `touches` matter only for those who asked (the asks-only rule)."""

    contact_id: int
    name: str
    exchanges: tuple[ExchangeRecord, ...]
    touches: tuple[Touch, ...] = ()


@dataclass(frozen=True)
class BoardEntry:
    contact_id: int
    name: str
    count: int  # favours owed, or asks made


@dataclass(frozen=True)
class ReciprocityBoard:
    you_owe: tuple[BoardEntry, ...]  # they gave me more than I gave them; most owed first
    they_owe: tuple[BoardEntry, ...]  # I gave them more than they gave me
    asks_only: tuple[BoardEntry, ...]  # most asks first
    reading: str

    def to_json(self) -> dict[str, Any]:
        def entries(items: Sequence[BoardEntry]) -> list[dict[str, Any]]:
            return [{"id": e.contact_id, "name": e.name, "count": e.count} for e in items]

        return {
            "you_owe": entries(self.you_owe),
            "they_owe": entries(self.they_owe),
            "asks_only": entries(self.asks_only),
            "reading": self.reading,
        }


def _ranked(entries: list[BoardEntry]) -> tuple[BoardEntry, ...]:
    return tuple(sorted(entries, key=lambda e: (-e.count, e.name, e.contact_id)))


def reciprocity_board(
    records: Iterable[ReciprocityRecord], today: date, settings: Settings
) -> ReciprocityBoard:
    you_owe, they_owe, asks_only = [], [], []
    for record in records:
        ledger = ledger_of(record.exchanges)
        if ledger.balance > 0:
            you_owe.append(BoardEntry(record.contact_id, record.name, ledger.balance))
        elif ledger.balance < 0:
            they_owe.append(BoardEntry(record.contact_id, record.name, -ledger.balance))
        if ledger.they_asked and is_asks_only(
            record.exchanges, record.touches, today, settings.asks_only_window_days
        ):
            asks_only.append(BoardEntry(record.contact_id, record.name, ledger.they_asked))
    board = ReciprocityBoard(_ranked(you_owe), _ranked(they_owe), _ranked(asks_only), "")
    return ReciprocityBoard(board.you_owe, board.they_owe, board.asks_only, _board_reading(board))


def _board_reading(board: ReciprocityBoard) -> str:
    if not (board.you_owe or board.they_owe or board.asks_only):
        return "Your ledger is even: nobody owes a favour, and nobody only asks."
    parts = []
    if board.you_owe:
        top = board.you_owe[0]
        parts.append(f"You owe {plural(len(board.you_owe), 'person', 'people')} a favour (most: {top.name})")
    else:
        parts.append("You owe nobody a favour")
    owed_by = len(board.they_owe)
    parts.append(f"{plural(owed_by, 'person', 'people')} {'owes' if owed_by == 1 else 'owe'} you")
    asking = len(board.asks_only)
    if asking:
        verb = "gets" if asking == 1 else "get"
        parts.append(f"{plural(asking, 'person', 'people')} only {verb} in touch to ask")
    return "; ".join(parts) + "."
