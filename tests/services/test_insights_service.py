"""The Insights from a real database: the aggregate queries give the core exactly its numbers.

A small history in Berlin, with touches just after local midnight on both sides of the
summer-time changes (where a UTC date would put them on the wrong day). Today is Friday
2026-11-27, 09:30.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.insights import DayCount
from core.network_health import CadenceHistory, cadence_counts, period_ends
from core.status import Status
from models.entities import Contact
from services.clock import fixed_clock, local_date
from services.contacts import ContactInput, archive_contacts, create_contact
from services.insights import (
    activity_of,
    budget_streak_of,
    cadence_counts_of,
    cadence_kept_of,
    circle_statuses_of,
    inbound_outbound_of,
    load_insights,
    reciprocity_board_of,
    weekly_touches_of,
)
from services.local_days import local_day_sql, offset_segments
from services.store import Store, open_store
from services.touches import log_interaction, record_exchange

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=BERLIN)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def history(data_dir: Path) -> Iterator[Store]:
    store = open_store(data_dir, clock=fixed_clock(NOW), tz=BERLIN)

    def person(name: str, circle: str, connected: date | None = None) -> Contact:
        return create_contact(store, ContactInput(display_name=name, circle=circle, connected_on=connected))

    ana = person("Ana Close", "Close", date(2020, 1, 1))
    ben = person("Ben Inner", "Inner", date(2020, 1, 1))
    cleo = person("Cleo Network", "Network", date(2025, 6, 1))
    person("Dev Acquaintance", "Acquaintance", date(2026, 5, 1))
    eve = person("Eve Untracked", "Untracked")
    finn = person("Finn Archived", "Close", date(2020, 1, 1))
    gus = person("Gus Asks", "Network", date(2024, 1, 1))
    hana = person("Hana Edge", "Close", date(2020, 1, 1))
    ivo = person("Ivo Edge", "Close", date(2020, 1, 1))
    touches = [
        (ana, "lunch", "out", "2026-11-20 12:00"),
        (ana, "message", "in", "2026-10-02 09:00"),
        (ana, "call", "out", "2026-07-01 00:30"),  # summer time: 22:30 UTC the day before
        (ana, "note", "out", "2026-11-24 10:00"),  # not a touch
        (ben, "call", "in", "2026-11-26 23:30"),
        (ben, "message", "in", "2026-01-15 00:30"),  # winter time: 23:30 UTC the day before
        (cleo, "comment", "out", "2026-03-29 00:30"),  # the night summer time begins
        (cleo, "share", "out", "2025-12-10 08:00"),
        (eve, "message", "in", "2026-11-25 10:00"),
        (finn, "call", "out", "2026-11-24 15:00"),
        (gus, "message", "in", "2026-11-20 18:00"),
        (gus, "message", "in", "2025-12-01 18:00"),
        (hana, "message", "out", "2026-10-29 00:30"),  # 29 days before today, by the local date
        (ivo, "message", "out", "2026-09-01 00:30"),  # 29 days before 30 September
    ]
    for contact, kind, direction, when in touches:
        log_interaction(store, [contact], kind, direction=direction, when=at(when))
    log_interaction(store, [ana, ben], "lunch", when=at("2026-11-23 13:00"))  # one touch, two people
    record_exchange(store, ana, "referral", "received", on=date(2026, 9, 1))
    record_exchange(store, ana, "introduction", "received", on=date(2026, 10, 1))
    record_exchange(store, ben, "advice", "gave", on=date(2026, 8, 1))
    record_exchange(store, gus, "referral", "they_asked", on=date(2025, 12, 1))
    record_exchange(store, gus, "introduction", "they_asked", on=date(2026, 11, 20))
    archive_contacts(store, [finn.id])
    yield store
    store.close()


def test_touches_are_grouped_by_the_local_day(history: Store) -> None:
    days = set(activity_of(history))
    assert DayCount(date(2026, 11, 26), "call", "in", 1) in days
    assert DayCount(date(2026, 7, 1), "call", "out", 1) in days
    assert DayCount(date(2026, 1, 15), "message", "in", 1) in days
    assert DayCount(date(2026, 3, 29), "comment", "out", 1) in days
    assert DayCount(date(2026, 11, 23), "lunch", "out", 1) in days
    assert all(d.kind != "note" for d in days)


def test_touches_per_week(history: Store) -> None:
    weekly = weekly_touches_of(history)
    assert weekly.total == 14
    assert weekly.week_totals()[-1] == 4  # this week: the lunch for two, Finn, Eve and Ben


def test_who_reaches_out(history: Store) -> None:
    directions = inbound_outbound_of(history)
    assert sum(directions.inbound) == 6
    assert sum(directions.outbound) == 8
    assert (directions.inbound[-1], directions.outbound[-1]) == (3, 3)  # November
    assert (directions.inbound[0], directions.outbound[0]) == (1, 1)  # December: Gus asks, Cleo shares
    # The page reads the same months from the day-by-day activity it already has.
    assert inbound_outbound_of(history, activity_of(history)) == directions
    # The people lists look at the last 90 days (from 30 August).
    assert [(p.name, p.inbound, p.outbound) for p in directions.reach_out_most] == [
        ("Ana Close", 1, 2), ("Ben Inner", 1, 1), ("Eve Untracked", 1, 0), ("Gus Asks", 1, 0),
    ]  # fmt: skip
    assert [p.name for p in directions.you_chase] == ["Ana Close", "Finn Archived", "Hana Edge", "Ivo Edge"]


def test_statuses_per_circle(history: Store) -> None:
    statuses = circle_statuses_of(history)
    assert statuses.circles == ("Inner", "Close", "Network", "Acquaintance")
    # Ana warm (4 days), Hana cooling (29 days, by the local date), Ivo cold; Finn is archived.
    assert statuses.counts["Close"] == {Status.WARM: 1, Status.COOLING: 1, Status.COLD: 1, Status.NEW: 0}
    assert statuses.counts["Network"] == {Status.WARM: 1, Status.COOLING: 0, Status.COLD: 1, Status.NEW: 0}
    assert statuses.counts["Acquaintance"][Status.NEW] == 1
    assert sum(statuses.total(c) for c in statuses.circles) == 7  # Eve is untracked, Finn archived


def test_the_reciprocity_board(history: Store) -> None:
    board = reciprocity_board_of(history)
    assert [(e.name, e.count) for e in board.you_owe] == [("Ana Close", 2)]
    assert [(e.name, e.count) for e in board.they_owe] == [("Ben Inner", 1)]
    assert [(e.name, e.count) for e in board.asks_only] == [("Gus Asks", 2)]


def test_a_chart_alone_reads_only_what_it_needs_and_agrees_with_the_page(history: Store) -> None:
    activity = activity_of(history)
    assert weekly_touches_of(history) == weekly_touches_of(history, activity)
    assert budget_streak_of(history) == budget_streak_of(history, activity)


def test_the_streak(history: Store) -> None:
    streak = budget_streak_of(history)
    assert streak.budget == 3
    assert (streak.current, streak.longest) == (0, 0)
    by_day = {d.day: d.touches for d in streak.days}
    assert by_day[date(2026, 11, 23)] == 1
    assert by_day[date(2026, 11, 26)] == 1


def _reference_histories(store: Store) -> list[CadenceHistory]:
    """Every tracked contact with all its touch days: the slow, obvious way."""
    histories = []
    for cid, circle, importance, cadence, connected, created in store.db.execute_sql(
        "SELECT c.id, ci.name, ci.importance, COALESCE(c.cadence_days, ci.cadence_days), c.connected_on, "
        "c.created_at FROM contact c JOIN circle ci ON ci.id = c.circle_id "
        "WHERE c.archived = 0 AND COALESCE(c.cadence_days, ci.cadence_days) IS NOT NULL"
    ):
        days = tuple(
            day
            for (when,) in store.db.execute_sql(
                "SELECT i.occurred_at FROM interaction i JOIN interaction_contact ic "
                "ON ic.interaction_id = i.id WHERE ic.contact_id = ? AND i.kind != 'note'",
                [cid],
            )
            if (day := local_date(when, store.tz)) is not None
        )
        added = local_date(created, store.tz)
        assert added is not None
        joined = min(date.fromisoformat(connected), added) if connected else added
        histories.append(CadenceHistory(circle, importance, cadence, joined, days))
    return histories


def test_kept_within_cadence_in_sql_equals_the_definition(history: Store) -> None:
    ends = period_ends(history.today())
    fast = sorted(cadence_counts_of(history), key=lambda c: (c.circle, c.period))
    reference = cadence_counts(_reference_histories(history), ends, history.settings())
    assert fast == sorted(reference, key=lambda c: (c.circle, c.period))
    by = {(c.circle, c.period): (c.present, c.within) for c in fast}
    assert by[("Close", 11)] == (3, 2)  # Ana and Hana (29 days, by the local date) are kept, Ivo is not
    assert by[("Close", 9)] == (3, 1)  # 30 September: Ivo (1 September: 29 days) only
    kept = cadence_kept_of(history)
    assert kept.percent["Inner"][-1] == 100.0
    assert kept.percent["Acquaintance"][-1] == 0.0


def test_everything_loads_at_once(history: Store) -> None:
    insights = load_insights(history)
    assert insights.today == date(2026, 11, 27)
    assert insights.weekly.total == 14
    assert insights.board.asks_only[0].name == "Gus Asks"


def test_offset_segments_follow_summer_time() -> None:
    assert offset_segments(BERLIN, date(2026, 1, 1), date(2026, 12, 31)) == (
        ("2026-03-29 01:00:00", 60),
        ("2026-10-25 01:00:00", 120),
        (None, 60),
    )
    year = (date(2026, 1, 1), date(2026, 12, 31))
    assert local_day_sql("x", ZoneInfo("UTC"), *year) == "date(x, '+0 minutes')"
    assert local_day_sql("x", ZoneInfo("Asia/Kolkata"), *year) == "date(x, '+330 minutes')"
