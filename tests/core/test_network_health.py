"""The numbers behind the status, cadence and reciprocity charts, for histories checked by hand.

Today is Friday 2026-11-27; the period ends are the last days of December 2025 to October
2026, then today.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.network_health import (
    OVERALL,
    CadenceCount,
    CadenceHistory,
    LastTouchGroup,
    ReciprocityRecord,
    cadence_counts,
    cadence_kept,
    earliest_within_day,
    longest_gap_within,
    period_ends,
    reciprocity_board,
    statuses_by_circle,
)
from core.records import ExchangeRecord, Touch
from core.settings import Settings
from core.status import Status

TODAY = date(2026, 11, 27)
SETTINGS = Settings()


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def test_contacts_per_status_per_circle() -> None:
    groups = [
        LastTouchGroup("Close", 3, 30, ago(10), 4),  # r 0.33: warm
        LastTouchGroup("Close", 3, 30, ago(25), 1),  # r 0.83: cooling
        LastTouchGroup("Close", 3, 30, ago(30), 2),  # r 1: cold
        LastTouchGroup("Close", 3, 30, None, 1),  # never touched: new
        LastTouchGroup("Inner", 4, 14, ago(14), 1),  # cold
        LastTouchGroup("Network", 2, 90, ago(67), 3),  # r 0.744: warm
        LastTouchGroup("Network", 2, 90, ago(68), 1),  # r 0.756: cooling
    ]
    result = statuses_by_circle(groups, TODAY, SETTINGS)
    assert result.circles == ("Inner", "Close", "Network")
    assert result.counts["Close"] == {Status.WARM: 4, Status.COOLING: 1, Status.COLD: 2, Status.NEW: 1}
    assert result.counts["Inner"] == {Status.WARM: 0, Status.COOLING: 0, Status.COLD: 1, Status.NEW: 0}
    assert result.counts["Network"] == {Status.WARM: 3, Status.COOLING: 1, Status.COLD: 0, Status.NEW: 0}
    assert result.total("Close") == 8
    assert result.reading == (
        "54 % of your 13 tracked contacts are warm; 3 are cold, most of them in Close (2)."
    )


def test_statuses_follow_the_thresholds_in_the_settings() -> None:
    groups = [LastTouchGroup("Close", 3, 30, ago(20), 1)]  # r 0.67
    strict = statuses_by_circle(groups, TODAY, Settings(warm_below=0.5, cold_at=0.6))
    assert strict.counts["Close"][Status.COLD] == 1
    assert statuses_by_circle([], TODAY, SETTINGS).reading.startswith("Nobody is tracked yet")
    calm = statuses_by_circle([LastTouchGroup("Close", 3, 30, ago(1), 2)], TODAY, SETTINGS)
    assert calm.reading == "100 % of your 2 tracked contacts are warm and nobody is cold."


def test_period_ends_are_month_ends_then_today() -> None:
    ends = period_ends(TODAY)
    assert len(ends) == 12
    assert ends[:3] == (date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28))
    assert ends[-2:] == (date(2026, 10, 31), TODAY)


@pytest.mark.parametrize(
    ("cadence", "cold_at", "days"), [(30, 1.0, 29), (14, 1.0, 13), (30, 0.8, 23), (30, 0.7, 20), (1, 1.0, 0)]
)
def test_the_longest_gap_that_is_still_within_cadence(cadence: int, cold_at: float, days: int) -> None:
    settings = Settings(cold_at=cold_at)
    assert longest_gap_within(cadence, settings) == days
    assert earliest_within_day(TODAY, cadence, settings) == ago(days)


HISTORIES = [
    # Close, in the network for years; touched on 20 Aug, 5 Oct and 10 Nov.
    CadenceHistory("Close", 3, 30, date(2020, 1, 1), (date(2026, 11, 10), date(2026, 10, 5), date(2026, 8, 20))),  # noqa: E501
    # Close, connected on 15 September and touched on the 20th.
    CadenceHistory("Close", 3, 30, date(2026, 9, 15), (date(2026, 9, 20),)),
    # Close, added on 20 November with a touch logged from 20 October: kept before joining.
    CadenceHistory("Close", 3, 30, date(2026, 11, 20), (date(2026, 10, 20),)),
    # Network, always there, touched once in mid-November last year.
    CadenceHistory("Network", 2, 90, None, (date(2025, 11, 15),)),
]


def test_kept_within_cadence_counts_each_period_end() -> None:
    found = cadence_counts(HISTORIES, period_ends(TODAY), SETTINGS)
    counts = {(c.circle, c.period): (c.present, c.within) for c in found}
    close = [counts[("Close", k)] for k in range(12)]
    assert close == [(1, 0)] * 8 + [(1, 1), (2, 1), (3, 2), (3, 1)]
    network = [counts[("Network", k)] for k in range(12)]
    assert network == [(1, 1), (1, 1)] + [(1, 0)] * 10


def test_kept_within_cadence_series_and_reading() -> None:
    ends = period_ends(TODAY)
    kept = cadence_kept(cadence_counts(HISTORIES, ends, SETTINGS), ends)
    assert kept.circles == ("Close", "Network")
    close = kept.percent["Close"]
    assert close[:8] == (0.0,) * 8
    assert close[8:] == pytest.approx((100.0, 50.0, 200 / 3, 100 / 3))
    assert kept.percent[OVERALL] == pytest.approx((50.0, 50.0) + (0.0,) * 6 + (50.0, 100 / 3, 50.0, 25.0))
    assert kept.reading == (
        "You kept 33 % of your Close circle within cadence this month, down from 100 % three months ago "
        "(25 % across all circles)."
    )


def test_the_reading_names_a_circle_big_enough_to_mean_something() -> None:
    counts = [
        CadenceCount("Inner", 4, 11, present=2, within=2),
        CadenceCount("Close", 3, 8, present=10, within=6),
        CadenceCount("Close", 3, 11, present=10, within=8),
    ]
    ends = period_ends(TODAY)
    kept = cadence_kept(counts, ends)
    assert kept.circles == ("Inner", "Close")
    assert kept.percent["Inner"][0] is None  # nobody there yet: no point on the line
    assert kept.reading == (
        "You kept 80 % of your Close circle within cadence this month, up from 60 % three months ago "
        "(83 % across all circles)."
    )
    assert cadence_kept([], ends).reading.startswith("Nobody is tracked yet")


def _exchange(direction: str, days_ago: int, status: str = "done", kind: str = "favour") -> ExchangeRecord:
    return ExchangeRecord(kind=kind, direction=direction, on=ago(days_ago), status=status)


def test_the_reciprocity_board() -> None:
    received, gave, asked = "received", "gave", "they_asked"
    records = [
        ReciprocityRecord(1, "Aisha", (_exchange(received, 75), _exchange(received, 4), _exchange(gave, 1))),
        ReciprocityRecord(
            2, "Priya", (_exchange(gave, 100), _exchange(asked, 5, "open")),
            (Touch(ago(30), "message", "in"), Touch(ago(5), "message", "in")),
        ),
        ReciprocityRecord(
            3, "Marco", (_exchange(asked, 306), _exchange(asked, 0)),
            (Touch(ago(306), "message", "in"), Touch(ago(0), "message", "in")),
        ),
        ReciprocityRecord(4, "Olga", (_exchange(received, 500), _exchange(gave, 480))),
        ReciprocityRecord(5, "Ravi", (_exchange(received, 50, "declined"), _exchange(asked, 20, "open"))),
        ReciprocityRecord(6, "Kim", (_exchange(received, 1), _exchange(received, 2), _exchange(received, 3))),
    ]  # fmt: skip
    board = reciprocity_board(records, TODAY, SETTINGS)
    assert [(e.name, e.count) for e in board.you_owe] == [("Kim", 3), ("Aisha", 1)]
    assert [(e.name, e.count) for e in board.they_owe] == [("Priya", 1)]
    assert [(e.name, e.count) for e in board.asks_only] == [("Marco", 2), ("Ravi", 1)]
    assert board.reading == (
        "You owe 2 people a favour (most: Kim); 1 person owes you; 2 people only get in touch to ask."
    )


def test_an_even_ledger() -> None:
    even = ReciprocityRecord(1, "Olga", (_exchange("received", 5), _exchange("gave", 4)))
    board = reciprocity_board([even], TODAY, SETTINGS)
    assert (board.you_owe, board.they_owe, board.asks_only) == ((), (), ())
    assert board.reading == "Your ledger is even: nobody owes a favour, and nobody only asks."
    one_sided = reciprocity_board([ReciprocityRecord(2, "Ben", (_exchange("gave", 3),))], TODAY, SETTINGS)
    assert one_sided.reading == "You owe nobody a favour; 1 person owes you."
