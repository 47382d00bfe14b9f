"""Loading the Insights from the database: one aggregate query per chart, the rules in the core.

Each chart's data must be ready within 200 ms at 30,000 contacts and 300,000 touches, so
the queries group in SQL (by local day, by contact, by circle) and hand the core a few
thousand plain records at most. Interactions are scanned in table order (``NOT INDEXED``):
a year of touches is a third of the table, and reading it straight through is several
times faster than hopping through the date index. The join to participants runs from the
interaction to its participants, whose (interaction, contact) index covers the lookup.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from core.insights import (
    FULL_TOUCH_WEIGHT,
    LATELY_DAYS,
    MONTHS_SHOWN,
    STREAK_HISTORY_DAYS,
    TOP_CONTACTS,
    WEEKS_SHOWN,
    BudgetStreak,
    ContactDirections,
    DayCount,
    DirectionCount,
    InboundOutbound,
    WeeklyTouches,
    budget_streak,
    directions_of,
    inbound_outbound,
    month_start,
    touch_window_start,
    week_start,
    weekly_touches,
)
from core.kinds import DIRECTION_IN, DIRECTION_OUT, INTERACTION_WEIGHTS
from core.network_health import (
    CadenceCount,
    CadenceKept,
    CircleStatuses,
    LastTouchGroup,
    ReciprocityBoard,
    ReciprocityRecord,
    cadence_kept,
    earliest_within_day,
    period_ends,
    reciprocity_board,
    statuses_by_circle,
)
from core.records import ExchangeRecord, Touch
from services.clock import local_date
from services.derived import SEPARATOR, chunked
from services.local_days import day_from_sql, local_day_sql, local_midnight_utc
from services.snapshots import last_touch_day_sql
from services.store import Store

TRACKED = "COALESCE(c.cadence_days, ci.cadence_days)"
NOT_A_TOUCH = "'note'"  # the only kind that weighs nothing


def _bounds(store: Store, first_day: date, last_day: date) -> tuple[str, str]:
    """Stored-text bounds [from, to) of the local days first_day..last_day."""
    return local_midnight_utc(first_day, store.tz), local_midnight_utc(last_day + timedelta(days=1), store.tz)


# --- activity per day: touches per week, inbound/outbound per month, the streak ------------


def day_counts(
    store: Store,
    first_day: date,
    last_day: date,
    *,
    by_direction: bool = True,
    leave_out: tuple[str, ...] = ("note",),
) -> list[DayCount]:
    """Interactions per local day and kind (and direction) between the two days.

    Kinds in `leave_out` are not read at all (by default notes, which are not touches).
    Without `by_direction` the direction is '' and the grouping, the costly part, is lighter.
    """
    day = local_day_sql("occurred_at", store.tz, first_day, last_day)
    start, end = _bounds(store, first_day, last_day)
    direction = "direction" if by_direction else "''"
    excluded = ",".join("?" * len(leave_out))
    rows = store.db.execute_sql(
        f"SELECT {day} AS day, kind, {direction} AS started, COUNT(*) FROM interaction NOT INDEXED "
        f"WHERE occurred_at >= ? AND occurred_at < ? AND kind NOT IN ({excluded}) "
        "GROUP BY day, kind, started",
        [start, end, *leave_out],
    )
    return [DayCount(date.fromisoformat(d), kind, started, count) for d, kind, started, count in rows]


def activity_of(store: Store) -> list[DayCount]:
    """Everything the three activity charts need, read once (the page shares it between them)."""
    today = store.today()
    return day_counts(store, touch_window_start(today), today)


def weekly_touches_of(store: Store, activity: list[DayCount] | None = None) -> WeeklyTouches:
    today = store.today()
    if activity is None:
        activity = day_counts(store, week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1), today,
                              by_direction=False)  # fmt: skip
    return weekly_touches(activity, today)


# Kinds that weigh less than a message don't count toward the daily budget: not worth reading.
LIGHT_KINDS = tuple(kind for kind, weight in INTERACTION_WEIGHTS.items() if weight < FULL_TOUCH_WEIGHT)


def budget_streak_of(store: Store, activity: list[DayCount] | None = None) -> BudgetStreak:
    today = store.today()
    if activity is None:
        first = today - timedelta(days=STREAK_HISTORY_DAYS - 1)
        activity = day_counts(store, first, today, by_direction=False, leave_out=LIGHT_KINDS)
    return budget_streak(activity, today, store.settings())


def contact_directions(
    store: Store, first_day: date, last_day: date, top: int = TOP_CONTACTS
) -> list[ContactDirections]:
    """The people who could head either top list: ranked in SQL by the core's own order.

    Only the top of each list leaves the database: at 30,000 contacts, naming everyone
    would cost more than counting.
    """
    start, end = _bounds(store, first_day, last_day)
    ranked = (
        "SELECT t.cid, c.display_name, t.inbound, t.outbound FROM per_contact t "
        "JOIN contact c ON c.id = t.cid WHERE {where} ORDER BY {order} LIMIT ?"
    )
    rows = store.db.execute_sql(
        "WITH per_contact AS MATERIALIZED ("
        "  SELECT ic.contact_id AS cid, SUM(i.direction = 'in') AS inbound,"
        "         SUM(i.direction != 'in') AS outbound"
        "  FROM interaction i NOT INDEXED CROSS JOIN interaction_contact ic ON ic.interaction_id = i.id"
        f"  WHERE i.occurred_at >= ? AND i.occurred_at < ? AND i.kind != {NOT_A_TOUCH}"
        "  GROUP BY ic.contact_id) "
        "SELECT * FROM ("
        + ranked.format(where="t.inbound > 0", order="t.inbound DESC, t.outbound DESC, c.display_name")
        + ") UNION ALL SELECT * FROM ("
        + ranked.format(
            where="t.outbound > t.inbound", order="t.inbound - t.outbound, t.outbound DESC, c.display_name"
        )
        + ")",
        [start, end, top, top],
    )
    unique = {cid: ContactDirections(cid, name, int(i), int(o)) for cid, name, i, o in rows}
    return list(unique.values())


def _month_index_sql(column: str, bounds: list[str]) -> str:
    """Which of the months ending at `bounds` (stored UTC text) holds `column`: a CASE that
    halves the range at each step, so a row costs four comparisons rather than twelve."""

    def split(low: int, high: int) -> str:
        if low == high:
            return str(low)
        middle = (low + high) // 2
        earlier, later = split(low, middle), split(middle + 1, high)
        return f"CASE WHEN {column} < '{bounds[middle]}' THEN {earlier} ELSE {later} END"

    return split(0, len(bounds) - 1)


def monthly_directions(store: Store, months: int = MONTHS_SHOWN) -> list[DirectionCount]:
    """Touches per month (the last `months`, to today) by who started them; `day` is the month's start."""
    today = store.today()
    starts = [month_start(today, back) for back in range(months - 1, -1, -1)]
    bounds = [local_midnight_utc(start, store.tz) for start in starts[1:]]
    bounds.append(local_midnight_utc(today + timedelta(days=1), store.tz))
    month = _month_index_sql("occurred_at", bounds)
    rows = store.db.execute_sql(
        f"SELECT {month} AS month, SUM(direction = 'in'), COUNT(*) FROM interaction NOT INDEXED "
        f"WHERE occurred_at >= ? AND occurred_at < ? AND kind != {NOT_A_TOUCH} GROUP BY month",
        [local_midnight_utc(starts[0], store.tz), bounds[-1]],
    )
    counts = []
    for index, inbound, total in rows:
        counts.append(DirectionCount(starts[index], DIRECTION_IN, int(inbound)))
        counts.append(DirectionCount(starts[index], DIRECTION_OUT, int(total) - int(inbound)))
    return counts


def inbound_outbound_of(store: Store, activity: list[DayCount] | None = None) -> InboundOutbound:
    """The chart alone reads touches per month; the page passes the activity it has read already."""
    today = store.today()
    touches = monthly_directions(store) if activity is None else directions_of(activity)
    people = contact_directions(store, today - timedelta(days=LATELY_DAYS - 1), today)
    return inbound_outbound(touches, people, today)


# --- the state of the network: statuses per circle, kept within cadence --------------------


def last_touch_groups(store: Store) -> list[LastTouchGroup]:
    """Tracked, non-archived contacts grouped by circle, cadence and the local day of their last touch."""
    rows = store.db.execute_sql(
        f"SELECT ci.name, ci.importance, {TRACKED} AS cadence, {last_touch_day_sql(store)} AS day, COUNT(*) "
        f"FROM contact c JOIN circle ci ON ci.id = c.circle_id "
        f"WHERE c.archived = 0 AND {TRACKED} IS NOT NULL GROUP BY ci.id, cadence, day"
    )
    return [
        LastTouchGroup(circle, importance, cadence, day_from_sql(last), count)
        for circle, importance, cadence, last, count in rows
    ]


def circle_statuses_of(store: Store) -> CircleStatuses:
    return statuses_by_circle(last_touch_groups(store), store.today(), store.settings())


def cadence_counts_of(store: Store) -> list[CadenceCount]:
    """The per-circle counts behind the kept-within-cadence series.

    A tracked contact is kept at a period's end when its latest touch before the end of
    that day is on or after the earliest day its cadence allows; it is present when it had
    joined the network by then (or was kept). Each contact's touch instants come in one
    row (touch_history, kept up to date with ``last_touch_at``), so the latest touch before
    each end is a bisection: no pass over the interactions, whose grouping by contact took
    half a second at 300,000 touches. Instants compare as stored UTC text.
    """
    today = store.today()
    settings = store.settings()
    ends = period_ends(today)
    end_bounds = [local_midnight_utc(end + timedelta(days=1), store.tz) for end in ends]
    end_days = [end.isoformat() for end in ends]
    periods = range(len(ends))
    thresholds: dict[int, list[str]] = {}
    # Per (circle, importance): contacts present, and kept within, at each period's end.
    tallies: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    rows = store.db.execute_sql(
        f"SELECT ci.name, ci.importance, {TRACKED}, c.connected_on, c.created_at, h.instants "
        "FROM contact c JOIN circle ci ON ci.id = c.circle_id "
        "LEFT JOIN touch_history h ON h.contact_id = c.id "
        f"WHERE c.archived = 0 AND {TRACKED} IS NOT NULL"
    )
    for circle, importance, cadence, connected_on, created_at, instants in rows:
        counted, kept = tallies.setdefault((circle, importance), ([0] * len(ends), [0] * len(ends)))
        if cadence not in thresholds:
            thresholds[cadence] = [
                local_midnight_utc(earliest_within_day(end, cadence, settings), store.tz) for end in ends
            ]
        # The first period at whose end the contact was in the network: connected or added by then.
        joined_from = bisect_right(end_bounds, str(created_at))
        if connected_on:
            joined_from = min(joined_from, bisect_left(end_days, str(connected_on)))
        touches = instants.split(SEPARATOR) if instants else ()
        earliest = thresholds[cadence]
        for period in periods:
            before = bisect_left(touches, end_bounds[period])
            if before and touches[before - 1] >= earliest[period]:
                kept[period] += 1
                counted[period] += 1
            elif period >= joined_from:
                counted[period] += 1
    return [
        CadenceCount(circle, importance, period, present, within)
        for (circle, importance), (counted, kept) in tallies.items()
        for period, (present, within) in enumerate(zip(counted, kept, strict=True))
        if present
    ]


def cadence_kept_of(store: Store) -> CadenceKept:
    return cadence_kept(cadence_counts_of(store), period_ends(store.today()))


# --- the reciprocity board -----------------------------------------------------------------


def reciprocity_records(store: Store) -> list[ReciprocityRecord]:
    """Every non-archived contact with a ledger; the inbound touches of those who asked."""
    exchanges: dict[int, list[ExchangeRecord]] = {}
    names: dict[int, str] = {}
    for cid, name, kind, direction, occurred_on, status in store.db.execute_sql(
        "SELECT e.contact_id, c.display_name, e.kind, e.direction, e.occurred_on, e.status "
        "FROM exchange e JOIN contact c ON c.id = e.contact_id WHERE c.archived = 0"
    ):
        names[cid] = name
        on = date.fromisoformat(str(occurred_on))
        exchanges.setdefault(cid, []).append(ExchangeRecord(kind, direction, on, status))
    askers = [cid for cid, items in exchanges.items() if any(e.direction == "they_asked" for e in items)]
    touches: dict[int, list[Touch]] = {}
    for batch in chunked(askers):
        marks = ",".join("?" * len(batch))
        for cid, occurred_at, kind in store.db.execute_sql(
            "SELECT ic.contact_id, i.occurred_at, i.kind FROM interaction_contact ic "
            f"JOIN interaction i ON i.id = ic.interaction_id WHERE ic.contact_id IN ({marks}) "
            f"AND i.direction = 'in' AND i.kind != {NOT_A_TOUCH}",
            batch,
        ):
            day = local_date(occurred_at, store.tz)
            assert day is not None
            touches.setdefault(cid, []).append(Touch(on=day, kind=kind, direction="in"))
    return [
        ReciprocityRecord(cid, names[cid], tuple(items), tuple(touches.get(cid, ())))
        for cid, items in exchanges.items()
    ]


def reciprocity_board_of(store: Store) -> ReciprocityBoard:
    return reciprocity_board(reciprocity_records(store), store.today(), store.settings())


# --- everything at once, for the page --------------------------------------------------------


@dataclass(frozen=True)
class Insights:
    today: date
    weekly: WeeklyTouches
    statuses: CircleStatuses
    cadence: CadenceKept
    directions: InboundOutbound
    board: ReciprocityBoard
    streak: BudgetStreak


def load_insights(store: Store) -> Insights:
    """All six charts' data; the activity per day is read once and shared by three of them."""
    activity = activity_of(store)
    return Insights(
        today=store.today(),
        weekly=weekly_touches_of(store, activity),
        statuses=circle_statuses_of(store),
        cadence=cadence_kept_of(store),
        directions=inbound_outbound_of(store, activity),
        board=reciprocity_board_of(store),
        streak=budget_streak_of(store, activity),
    )
