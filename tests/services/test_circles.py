"""A circle's cadence is a setting: changing it recomputes its contacts' status and warmth."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from core.status import Status, status_of
from core.warmth import warmth_of
from services.circles import circle_cadences, set_circle_cadence
from services.clock import fixed_clock
from services.contacts import ContactError, ContactInput, archive_contacts, create_contact
from services.snapshots import load_snapshots
from services.store import open_store
from services.touches import log_interaction

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def clocked_store(data_dir):
    opened = open_store(data_dir, clock=fixed_clock(NOW))
    yield opened
    opened.close()


def _touched(store, name: str, circle: str, days_ago: int, cadence: int | None = None):
    contact = create_contact(store, ContactInput(display_name=name, circle=circle, cadence_days=cadence))
    log_interaction(store, [contact], "lunch", when=NOW - timedelta(days=days_ago))
    return contact


def _snapshot(store, contact_id: int):
    return load_snapshots(store, contact_ids=[contact_id])[0]


def test_circles_are_listed_in_order_with_their_cadence_and_size(clocked_store):
    _touched(clocked_store, "Ada", "Close", 3)
    gone = _touched(clocked_store, "Bob", "Close", 3)
    archive_contacts(clocked_store, [gone.id])

    circles = circle_cadences(clocked_store)

    assert [(c.name, c.cadence_days, c.contacts) for c in circles] == [
        ("Inner", 14, 0),
        ("Close", 30, 1),
        ("Network", 90, 0),
        ("Acquaintance", 180, 0),
        ("Untracked", None, 0),
    ]


def test_a_shorter_cadence_turns_a_warm_contact_cold_and_recomputes_warmth(clocked_store):
    follower = _touched(clocked_store, "Follows Circle", "Close", 20)
    own = _touched(clocked_store, "Own Cadence", "Close", 20, cadence=60)
    today = clocked_store.today()
    before = _snapshot(clocked_store, follower.id)
    own_before = _snapshot(clocked_store, own.id)
    assert status_of(before, today) is Status.WARM

    recomputed = set_circle_cadence(clocked_store, "close", 14)

    assert recomputed == 1  # only the contact who follows the circle's cadence
    after = _snapshot(clocked_store, follower.id)
    assert after.cadence_days == 14
    assert status_of(after, today) is Status.COLD
    warmth_after, warmth_before = warmth_of(after, today), warmth_of(before, today)
    assert warmth_after is not None and warmth_before is not None
    assert warmth_after < warmth_before
    assert _snapshot(clocked_store, own.id) == own_before
    assert {c.name: c.cadence_days for c in circle_cadences(clocked_store)}["Close"] == 14


def test_the_same_cadence_changes_nothing(clocked_store):
    _touched(clocked_store, "Ada", "Close", 3)
    assert set_circle_cadence(clocked_store, "Close", 30) == 0


@pytest.mark.parametrize("days", [0, -5, 5000])
def test_cadences_out_of_range_are_refused(clocked_store, days):
    with pytest.raises(ContactError, match="between 1 and"):
        set_circle_cadence(clocked_store, "Close", days)


def test_untracked_and_unknown_circles_are_refused(clocked_store):
    with pytest.raises(ContactError, match="no cadence"):
        set_circle_cadence(clocked_store, "Untracked", 30)
    with pytest.raises(ContactError, match="no circle called"):
        set_circle_cadence(clocked_store, "Family", 30)
