"""The contacts table's plain rows: what each column holds, straight from one query."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.status import Status
from services.clock import fixed_clock
from services.contact_rows import load_contact_rows
from services.contacts import ContactInput, archive_contacts, create_contact
from services.store import open_store
from services.touches import log_interaction

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=BERLIN)


@pytest.fixture
def rows_store(data_dir):
    opened = open_store(data_dir, clock=fixed_clock(NOW), tz=BERLIN)
    yield opened
    opened.close()


def add(store, name, *, circle="Close", days_ago=None, kind="lunch", **fields):
    contact = create_contact(store, ContactInput(display_name=name, circle=circle, **fields))
    if days_ago is not None:
        log_interaction(store, [contact], kind, when=NOW - timedelta(days=days_ago))
    return contact


def by_name(rows):
    return {row.name: row for row in rows}


def test_rows_carry_status_warmth_last_touch_and_next_due(rows_store):
    add(rows_store, "Lena Vogel", circle="Close", days_ago=41, company="Acme", position="CTO")
    add(rows_store, "Marco Bianchi", circle="Inner", days_ago=2, kind="call")
    add(rows_store, "Priya Nair", circle="Network")
    add(rows_store, "Fresh Import", circle="Untracked")

    rows = by_name(load_contact_rows(rows_store))

    lena = rows["Lena Vogel"]
    assert (lena.company, lena.position, lena.circle) == ("Acme", "CTO", "Close")
    assert lena.status == Status.COLD.value  # 41 days on a 30-day cadence
    assert lena.last_touch == date(2026, 10, 17)
    assert lena.last_touch_kind == "lunch"
    assert lena.next_due == date(2026, 11, 16)
    assert 0 < lena.warmth < 50

    marco = rows["Marco Bianchi"]
    assert marco.status == Status.WARM.value
    assert marco.warmth > 50

    assert rows["Priya Nair"].status == Status.NEW.value
    assert rows["Priya Nair"].next_due == date(2026, 11, 27)  # never touched: due today
    assert rows["Priya Nair"].warmth == 0

    fresh = rows["Fresh Import"]
    assert (fresh.status, fresh.warmth, fresh.next_due) == (None, None, None)


def test_rows_are_ordered_by_name_and_include_archived_ones_flagged(rows_store):
    add(rows_store, "zoe Adams")
    gone = add(rows_store, "Anna Berg")
    archive_contacts(rows_store, [gone.id])

    rows = load_contact_rows(rows_store)

    assert [r.name for r in rows] == ["Anna Berg", "zoe Adams"]
    assert rows[0].archived and rows[0].status is None
    assert [r.name for r in load_contact_rows(rows_store, include_archived=False)] == ["zoe Adams"]


def test_search_key_covers_names_companies_positions_emails_and_tags(rows_store):
    add(
        rows_store,
        "José Núñez",
        company="Initech",
        position="Head of Sales",
        emails=["jose@initech.example"],
        tags=["python", "hiring"],
    )

    (row,) = load_contact_rows(rows_store)

    for word in ("josé", "jose", "nunez", "initech", "head of sales", "jose@initech.example", "python"):
        assert word in row.search_key
    assert row.emails == "jose@initech.example"
    assert set(row.tags.split(", ")) == {"python", "hiring"}


def test_rows_for_some_contacts_only(rows_store):
    first = add(rows_store, "One")
    add(rows_store, "Two")

    assert [r.contact_id for r in load_contact_rows(rows_store, contact_ids=[first.id])] == [first.id]
    assert load_contact_rows(rows_store, contact_ids=[]) == []


def test_last_touch_is_the_local_day_across_midnight(rows_store):
    # 23:30 UTC on 1 Nov is already 2 Nov in Berlin (UTC+1).
    contact = add(rows_store, "Night Owl")
    log_interaction(rows_store, [contact], "call", when=datetime(2026, 11, 1, 23, 30, tzinfo=ZoneInfo("UTC")))

    (row,) = load_contact_rows(rows_store)

    assert row.last_touch == date(2026, 11, 2)


def test_a_custom_cadence_overrides_the_circle(rows_store):
    add(rows_store, "Custom Cadence", circle="Network", days_ago=20, cadence_days=14)

    (row,) = load_contact_rows(rows_store)

    assert row.cadence_days == 14
    assert row.status == Status.COLD.value


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/St_Johns", "Asia/Kolkata", "Australia/Lord_Howe"])
def test_local_days_match_the_exact_conversion_across_clock_changes(data_dir, zone):
    from services.contact_rows import _DerivedColumns

    tz = ZoneInfo(zone)
    store = open_store(data_dir, clock=fixed_clock(NOW), tz=tz)
    try:
        derived = _DerivedColumns(store)
        start = datetime(2026, 3, 20, tzinfo=ZoneInfo("UTC"))
        for step in range(0, 60 * 24 * 240, 17):  # every 17 minutes through both clock changes
            instant = start + timedelta(minutes=step)
            text = instant.replace(tzinfo=None).isoformat(sep=" ")
            assert derived.local_day(text) == instant.astimezone(tz).date(), text
    finally:
        store.close()


def test_warmth_by_table_lookup_equals_the_rule():
    import random

    from core.warmth import warmth_from_engagement
    from services.contact_rows import _warmth_steps, warmth_for

    rng = random.Random(5)
    values = [0.0, -1.0, 1e-9, 3.0, 6.0, 50.0, 1e6] + [rng.uniform(0, 12) for _ in range(20_000)]
    values += [step for step in _warmth_steps()] + [step * (1 - 1e-15) for step in _warmth_steps()]
    for engagement in values:
        assert warmth_for(engagement) == warmth_from_engagement(engagement), engagement
