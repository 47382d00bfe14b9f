"""The date shapes exports use, including what Excel does to them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from connectors.dates import parse_birthday, parse_date, parse_instant


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Mar 2024", date(2024, 3, 12)),
        ("08 Feb 2026", date(2026, 2, 8)),
        ("7-Feb-22", date(2022, 2, 7)),  # Excel re-saved the export
        ("07-Feb-2022", date(2022, 2, 7)),
        ("2024-03-12", date(2024, 3, 12)),
        ("2024/07/28 13:20:49 UTC", date(2024, 7, 28)),
        ("3/12/24, 10:15 AM", date(2024, 3, 12)),  # US order, as Invitations.csv writes it
        ("25/12/2023", date(2023, 12, 25)),  # a first number above 12 can only be a day
        ("Mar 12, 2024", date(2024, 3, 12)),
        ("12 März 2024", date(2024, 3, 12)),
        ("20240312", date(2024, 3, 12)),
    ],
)
def test_dates_are_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "someday", "31 Feb 2024", "13/13/2024", "12 Foo 2024"])
def test_unreadable_dates_are_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-05-01 14:22:10 UTC", datetime(2023, 5, 1, 14, 22, 10, tzinfo=UTC)),
        ("2023-05-01T14:22:10Z", datetime(2023, 5, 1, 14, 22, 10, tzinfo=UTC)),
        ("2023-05-01 16:22 +02:00", datetime(2023, 5, 1, 14, 22, tzinfo=UTC)),
        ("1/29/26, 2:37 PM", datetime(2026, 1, 29, 14, 37, tzinfo=UTC)),
        ("1/29/26, 12:05 AM", datetime(2026, 1, 29, 0, 5, tzinfo=UTC)),
        ("2024-01-15", datetime(2024, 1, 15, 12, 0, tzinfo=UTC)),  # noon keeps the day in any zone
    ],
)
def test_instants_are_utc(text, expected):
    assert parse_instant(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-04-12", "1985-04-12"),
        ("19850412", "1985-04-12"),
        ("--0412", "--04-12"),
        ("--04-12", "--04-12"),
        ("1604-11-05", "--11-05"),  # Apple's way of saying "year unknown"
        ("1985-04-12T00:00:00Z", "1985-04-12"),
        ("--1332", None),
        ("circa 1800", None),
        ("", None),
    ],
)
def test_birthdays(text, expected):
    assert parse_birthday(text) == expected
