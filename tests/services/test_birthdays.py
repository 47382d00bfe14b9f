"""Upcoming birthdays: the next seven local days, with the age when the year is known."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from services.birthdays import celebrated_on, upcoming_birthdays
from services.clock import fixed_clock
from services.contacts import ContactInput, archive_contacts, create_contact
from services.store import open_store


@pytest.fixture
def friday_store(data_dir):
    opened = open_store(data_dir, clock=fixed_clock(datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)))
    yield opened
    opened.close()


def _person(store, name: str, birthday: str | None):
    return create_contact(store, ContactInput(display_name=name, circle="Network", birthday=birthday))


def test_birthdays_in_the_next_seven_days_soonest_first(friday_store):
    _person(friday_store, "Ana Today", "1990-11-27")
    _person(friday_store, "Ben Tuesday", "--12-01")
    _person(friday_store, "Cleo Thursday", "1986-12-03")
    _person(friday_store, "Dan Friday", "1970-12-04")  # the eighth day: not yet
    _person(friday_store, "Eve Yesterday", "1980-11-26")
    _person(friday_store, "Finn None", None)

    found = upcoming_birthdays(friday_store)

    assert [(b.name, b.on, b.turns, b.days_away) for b in found] == [
        ("Ana Today", date(2026, 11, 27), 36, 0),
        ("Ben Tuesday", date(2026, 12, 1), None, 4),
        ("Cleo Thursday", date(2026, 12, 3), 40, 6),
    ]


def test_archived_contacts_and_malformed_birthdays_are_left_out(friday_store):
    archived = _person(friday_store, "Gone Person", "1990-11-28")
    archive_contacts(friday_store, [archived.id])
    _person(friday_store, "Typo Person", "1990-11-31")
    _person(friday_store, "Words Person", "late November")

    assert upcoming_birthdays(friday_store) == []


def test_the_window_runs_across_the_new_year(friday_store):
    _person(friday_store, "New Year", "--01-02")

    found = upcoming_birthdays(friday_store, today=date(2026, 12, 28))

    assert [(b.name, b.on) for b in found] == [("New Year", date(2027, 1, 2))]


def test_leap_day_birthdays_are_celebrated_on_the_28th_in_other_years(friday_store):
    _person(friday_store, "Leap Baby", "2000-02-29")

    found = upcoming_birthdays(friday_store, today=date(2027, 2, 25))

    assert [(b.name, b.on, b.turns) for b in found] == [("Leap Baby", date(2027, 2, 28), 27)]
    assert celebrated_on(2, 29, 2028) == date(2028, 2, 29)
