"""The numbers behind the Insights charts that come from day-by-day activity.

Every function here is pure: it takes plain records (interactions counted per local day,
kind and direction; touches counted per contact) and today's date, and returns the
series a chart draws plus a one-line reading in plain words. The services layer builds
the records with a few aggregate queries, so the charts stay quick at 300,000 touches.

Definitions, so each number means one thing:
- A *touch* is an interaction with weight > 0 (a note is not a touch). Touches are
  counted per interaction: a lunch with three people is one touch.
- *Touches per week*: weeks run Monday to Sunday; the chart shows the 52 weeks ending
  with the current one, each week's touches split into kind groups.
- *Inbound vs outbound*: touches per month over the 12 calendar months ending with the
  current one; "in" means they reached out, "out" means I did. The people lists look at
  the last 90 days ("lately"): who reaches out to you now, and whom you chase now.
- *Budget streak*: a day meets the budget when it holds at least ``daily_budget``
  touches worth a message or more (weight ≥ 1: comments and group threads don't count as
  a check-in), in either direction. Only check-in days count (Monday to Friday by
  default); other days neither break nor extend a streak. Today counts once it is met;
  until then the streak runs up to yesterday.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core.kinds import DIRECTION_IN, weight_of
from core.settings import Settings

WEEKS_SHOWN = 52
MONTHS_SHOWN = 12
STREAK_DAYS_SHOWN = 28
STREAK_HISTORY_DAYS = 365
TOP_CONTACTS = 10
LATELY_DAYS = 90  # the people lists of inbound vs outbound
RECENT_DAYS = 28  # "the last four weeks"
FULL_TOUCH_WEIGHT = 1.0  # the least a touch must weigh to count toward the daily budget

# Fifteen kinds are too many stripes for one bar: the chart groups them by what they cost you.
KIND_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("In person", ("lunch", "coffee", "meeting")),
    ("Calls", ("call", "video")),
    ("Messages", ("email", "message", "inmail")),
    ("Referrals & intros", ("referral", "introduction")),
    ("Shares", ("share",)),
    ("Comments & groups", ("comment", "their_comment", "group")),
)
GROUP_NAMES: tuple[str, ...] = tuple(name for name, _kinds in KIND_GROUPS)
_GROUP_OF_KIND = {kind: name for name, kinds in KIND_GROUPS for kind in kinds}
UNKNOWN_KIND_GROUP = "Messages"  # unknown kinds weigh as a message (core.kinds.weight_of)


@dataclass(frozen=True)
class DayCount:
    """How many interactions of one kind and direction fell on one local day."""

    day: date
    kind: str
    direction: str
    count: int


@dataclass(frozen=True)
class DirectionCount:
    """How many touches started on one local day (or in the month of `day`), by who started them."""

    day: date
    direction: str
    count: int


def directions_of(days: Iterable[DayCount]) -> list[DirectionCount]:
    """The touches among day-by-day activity, by direction (notes are not touches)."""
    return [DirectionCount(d.day, d.direction, d.count) for d in days if weight_of(d.kind) > 0]


@dataclass(frozen=True)
class ContactDirections:
    """One contact's touches over the last LATELY_DAYS days: who started them."""

    contact_id: int
    name: str
    inbound: int
    outbound: int


# --- small helpers shared by the readings ------------------------------------------------


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def percent(part: int, whole: int) -> float | None:
    """part / whole in percent; None when there is nothing to divide."""
    return None if whole <= 0 else 100.0 * part / whole


def percent_text(value: float) -> str:
    return f"{round(value)} %"


def about(value: float) -> str:
    """A rate as people say it: 'about 8', 'about 2.5', 'less than one'."""
    if value <= 0:
        return "none"
    if value < 0.1:
        return "less than one"
    if value >= 10:
        return f"{round(value):,}"
    return f"{value:.1f}".removesuffix(".0")


def kind_group(kind: str) -> str | None:
    """The chart group of an interaction kind; None for kinds that are not touches."""
    if weight_of(kind) <= 0:
        return None
    return _GROUP_OF_KIND.get(kind, UNKNOWN_KIND_GROUP)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def touch_window_start(today: date) -> date:
    """The earliest day any activity chart looks at: the records must reach back this far."""
    return min(
        week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1),
        month_start(today, MONTHS_SHOWN - 1),
        today - timedelta(days=STREAK_HISTORY_DAYS - 1),
    )


# --- touches per week, by kind -------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyTouches:
    week_starts: tuple[date, ...]  # Mondays, oldest first; the last is the current week
    counts: dict[str, tuple[int, ...]]  # kind group -> touches per week, in GROUP_NAMES order
    total: int
    reading: str

    def week_totals(self) -> tuple[int, ...]:
        return tuple(sum(column) for column in zip(*self.counts.values(), strict=True))

    def to_json(self) -> dict[str, Any]:
        return {
            "week_starts": [day.isoformat() for day in self.week_starts],
            "counts": {group: list(values) for group, values in self.counts.items()},
            "total": self.total,
            "reading": self.reading,
        }


def weekly_touches(days: Iterable[DayCount], today: date, weeks: int = WEEKS_SHOWN) -> WeeklyTouches:
    first = week_start(today) - timedelta(weeks=weeks - 1)
    starts = tuple(first + timedelta(weeks=index) for index in range(weeks))
    counts = {group: [0] * weeks for group in GROUP_NAMES}
    recent_from = today - timedelta(days=RECENT_DAYS - 1)
    total = recent = 0
    for record in days:
        group = kind_group(record.kind)
        if group is None or not first <= record.day <= today:
            continue
        counts[group][(record.day - first).days // 7] += record.count
        total += record.count
        if record.day >= recent_from:
            recent += record.count
    if total == 0:
        reading = "No touches in the last 12 months yet: each call, lunch or message you log shows up here."
    else:
        reading = (
            f"{total:,} touches in the last 12 months, about {about(total / weeks)} a week; "
            f"the last four weeks averaged {about(recent / (RECENT_DAYS / 7))}."
        )
    return WeeklyTouches(starts, {g: tuple(v) for g, v in counts.items()}, total, reading)


# --- who reaches out: inbound vs outbound --------------------------------------------------


@dataclass(frozen=True)
class InboundOutbound:
    month_starts: tuple[date, ...]  # first days of the 12 months, oldest first
    inbound: tuple[int, ...]  # touches they started, per month
    outbound: tuple[int, ...]  # touches I started, per month
    reach_out_most: tuple[ContactDirections, ...]  # lately: most inbound touches first
    you_chase: tuple[ContactDirections, ...]  # lately: most outbound touches beyond inbound ones first
    reading: str

    def to_json(self) -> dict[str, Any]:
        def people(entries: Sequence[ContactDirections]) -> list[dict[str, Any]]:
            return [
                {"id": e.contact_id, "name": e.name, "inbound": e.inbound, "outbound": e.outbound}
                for e in entries
            ]

        return {
            "month_starts": [day.isoformat() for day in self.month_starts],
            "inbound": list(self.inbound),
            "outbound": list(self.outbound),
            "reach_out_most": people(self.reach_out_most),
            "you_chase": people(self.you_chase),
            "reading": self.reading,
        }


def inbound_outbound(
    touches: Iterable[DirectionCount],
    contacts: Iterable[ContactDirections],
    today: date,
    *,
    months: int = MONTHS_SHOWN,
    top: int = TOP_CONTACTS,
) -> InboundOutbound:
    """Monthly touches by who started them, and the people on either side lately.

    `contacts` counts each contact's touches over the last LATELY_DAYS days. Whom you
    chase: more touches from me than from them, by the difference.
    """
    starts = tuple(month_start(today, back) for back in range(months - 1, -1, -1))
    index_of = {(start.year, start.month): index for index, start in enumerate(starts)}
    inbound, outbound = [0] * months, [0] * months
    for record in touches:
        index = index_of.get((record.day.year, record.day.month))
        if index is None or record.day > today:
            continue
        if record.direction == DIRECTION_IN:
            inbound[index] += record.count
        else:
            outbound[index] += record.count
    people = list(contacts)
    reach = sorted((p for p in people if p.inbound > 0), key=lambda p: (-p.inbound, -p.outbound, p.name))
    chased = sorted(
        (p for p in people if p.outbound > p.inbound),
        key=lambda p: (p.inbound - p.outbound, -p.outbound, p.name),
    )
    total_in, total_out = sum(inbound), sum(outbound)
    share_in = percent(total_in, total_in + total_out)
    if share_in is None:
        reading = "No touches in the last 12 months yet, from either side."
    else:
        reading = (
            f"{percent_text(share_in)} of your touches in the last 12 months came from them "
            f"({total_in:,} in, {total_out:,} out)."
        )
        sides = []
        if reach:
            sides.append(f"{reach[0].name} reaches out most")
        if chased:
            sides.append(f"you chase {chased[0].name} most")
        if sides:
            reading += " Lately, " + "; ".join(sides) + "."
    return InboundOutbound(
        starts, tuple(inbound), tuple(outbound), tuple(reach[:top]), tuple(chased[:top]), reading
    )


# --- the daily budget streak ---------------------------------------------------------------


@dataclass(frozen=True)
class BudgetDay:
    day: date
    touches: int  # touches worth a message or more, either direction
    counts: bool  # a check-in day: it can make or break a streak
    met: bool


@dataclass(frozen=True)
class BudgetStreak:
    budget: int
    days: tuple[BudgetDay, ...]  # the last STREAK_DAYS_SHOWN days, oldest first, today last
    current: int  # check-in days in a row meeting the budget, up to today (or yesterday)
    longest: int  # the longest such run in the last 365 days
    reading: str

    def to_json(self) -> dict[str, Any]:
        return {
            "budget": self.budget,
            "current": self.current,
            "longest": self.longest,
            "days": [
                {"day": d.day.isoformat(), "touches": d.touches, "counts": d.counts, "met": d.met}
                for d in self.days
            ],
            "reading": self.reading,
        }


def budget_streak(
    days: Iterable[DayCount],
    today: date,
    settings: Settings,
    *,
    shown_days: int = STREAK_DAYS_SHOWN,
    history_days: int = STREAK_HISTORY_DAYS,
) -> BudgetStreak:
    budget = max(1, settings.daily_budget)
    counting_weekdays = set(settings.checkin_days) or set(range(7))
    first = today - timedelta(days=history_days - 1)
    per_day: dict[date, int] = defaultdict(int)
    for record in days:
        if first <= record.day <= today and weight_of(record.kind) >= FULL_TOUCH_WEIGHT:
            per_day[record.day] += record.count
    history = []
    for offset in range(history_days):
        day = first + timedelta(days=offset)
        counts = day.weekday() in counting_weekdays
        touches = per_day.get(day, 0)
        history.append(BudgetDay(day, touches, counts, counts and touches >= budget))

    longest = run = 0
    for entry in history:
        if not entry.counts:
            continue
        run = run + 1 if entry.met else 0
        longest = max(longest, run)
    current = 0
    for position, entry in enumerate(reversed(history)):
        if not entry.counts:
            continue
        if entry.met:
            current += 1
        elif position == 0:
            continue  # today is not over yet: it can't break the streak
        else:
            break

    unit = plural(budget, "touch", "touches")
    if current > 0:
        reading = (
            f"{plural(current, 'day')} in a row with at least {unit}; your best run this year is {longest}."
        )
    elif longest > 0:
        reading = f"No streak right now: a day counts with {unit}. Your best run this year is {longest}."
    else:
        reading = f"A day meets your budget with {unit}: your first streak starts with the next one."
    return BudgetStreak(budget, tuple(history[-shown_days:]), current, longest, reading)
