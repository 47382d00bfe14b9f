from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.settings import Settings
from core.status import Status, days_between, is_snoozed, next_due, overdue_ratio, status_of

from .conftest import AISHA, LENA, MARCO, NOAH, TODAY, snapshot


def test_status_values_are_plain_strings():
    assert [s.value for s in Status] == ["warm", "cooling", "cold", "new"]
    assert Status.COLD == "cold"


def test_days_between_counts_calendar_days():
    assert days_between(TODAY, TODAY) == 0
    assert days_between(date(2026, 1, 26), TODAY) == 305
    # Across a leap day: 2028-02-28 -> 2028-03-01 is two days.
    assert days_between(date(2028, 2, 28), date(2028, 3, 1)) == 2


def test_days_between_treats_a_future_date_as_today():
    assert days_between(date(2026, 11, 30), TODAY) == 0


def test_overdue_ratio():
    assert overdue_ratio(45, 30) == 1.5
    assert overdue_ratio(0, 14) == 0.0
    assert overdue_ratio(3, 0) == 3.0  # a zero cadence counts as one day


@pytest.mark.parametrize(
    ("days_since", "expected"),
    [
        (0, Status.WARM),
        (14, Status.WARM),  # 14/20 = 0.70
        (15, Status.COOLING),  # 15/20 = 0.75 exactly: cooling starts here
        (19, Status.COOLING),  # 0.95
        (20, Status.COLD),  # 20/20 = 1.0 exactly: cold starts here
        (60, Status.COLD),  # 3.0
    ],
)
def test_status_boundaries(days_since, expected):
    contact = snapshot(
        9, "Test", cadence_days=20, last_touch_on=date.fromordinal(TODAY.toordinal() - days_since)
    )
    assert status_of(contact, TODAY) is expected


def test_the_three_people():
    assert status_of(MARCO, TODAY) is Status.COLD  # 305/90 = 3.39
    assert status_of(LENA, TODAY) is Status.COLD  # 41/30 = 1.37
    assert status_of(AISHA, TODAY) is Status.COOLING  # 24/30 = 0.80
    assert status_of(NOAH, TODAY) is Status.NEW  # never touched


def test_untracked_and_archived_have_no_status():
    assert status_of(replace(LENA, cadence_days=None, circle="Untracked"), TODAY) is None
    assert status_of(replace(LENA, archived=True), TODAY) is None
    assert status_of(replace(NOAH, archived=True), TODAY) is None


def test_thresholds_come_from_settings():
    strict = Settings(warm_below=0.5, cold_at=0.8)
    assert status_of(AISHA, TODAY, strict) is Status.COLD  # 0.80 >= 0.8
    assert status_of(replace(AISHA, last_touch_on=date(2026, 11, 13)), TODAY, strict) is Status.WARM  # 14/30
    assert status_of(replace(AISHA, last_touch_on=date(2026, 11, 12)), TODAY, strict) is Status.COOLING  # 0.5


def test_next_due():
    assert next_due(LENA, TODAY) == date(2026, 11, 16)  # 2026-10-17 + 30
    assert next_due(MARCO, TODAY) == date(2026, 4, 26)  # 2026-01-26 + 90
    assert next_due(NOAH, TODAY) == TODAY  # never touched: due for an introductory chat now
    assert next_due(replace(LENA, cadence_days=None), TODAY) is None
    assert next_due(replace(LENA, archived=True), TODAY) is None


def test_is_snoozed_until_the_day_itself():
    assert not is_snoozed(LENA, TODAY)
    assert is_snoozed(replace(LENA, snoozed_until=date(2026, 11, 28)), TODAY)
    assert not is_snoozed(replace(LENA, snoozed_until=TODAY), TODAY)  # back on the day itself
    assert not is_snoozed(replace(LENA, snoozed_until=date(2026, 11, 1)), TODAY)
