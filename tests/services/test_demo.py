"""The demo network: the brief's three people behave as the story says, whatever today is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.reciprocity import is_asks_only, ledger_of, triage_card
from core.status import Status, status_of
from services.clock import fixed_clock
from services.contacts import ContactInput, create_contact, resolve_contact
from services.demo import PEOPLE, DemoRefused, fill_demo_network
from services.history import exchanges_of, touches_of
from services.queue import cold_list, today_list
from services.search import search_contacts
from services.snapshots import load_snapshots
from services.store import Store, open_store

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY_MORNING = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _open(data_dir: Path, now: datetime) -> Store:
    return open_store(data_dir, clock=fixed_clock(now), tz=BERLIN)


@pytest.fixture
def demo_store(data_dir: Path) -> Iterator[Store]:
    store = _open(data_dir, FRIDAY_MORNING)
    fill_demo_network(store)
    yield store
    store.close()


def _snapshot(store: Store, name: str):
    contact = resolve_contact(name)
    (snapshot,) = load_snapshots(store, contact_ids=[contact.id])
    return snapshot


def test_counts_cover_hand_written_and_generated_people(data_dir: Path) -> None:
    store = _open(data_dir, FRIDAY_MORNING)
    counts = fill_demo_network(store, generated=120)
    assert counts.contacts == len(PEOPLE) + 120
    assert counts.interactions > 100
    assert counts.checkins == 8
    assert counts.exchanges >= 20
    rows = store.db.execute_sql("SELECT status, COUNT(*) FROM checkin GROUP BY status").fetchall()
    assert dict(rows) == {"planned": 3, "done": 3, "skipped": 2}
    store.close()


def test_refuses_a_database_that_already_has_contacts(data_dir: Path) -> None:
    store = _open(data_dir, FRIDAY_MORNING)
    create_contact(store, ContactInput(display_name="Real Person"))
    with pytest.raises(DemoRefused, match="already has contacts"):
        fill_demo_network(store)
    assert store.db.execute_sql("SELECT COUNT(*) FROM contact").fetchone()[0] == 1
    store.close()


def test_marco_only_asks(demo_store: Store) -> None:
    marco = resolve_contact("Marco Bianchi")
    exchanges = exchanges_of(marco)
    assert is_asks_only(exchanges, touches_of(demo_store, marco), demo_store.today())
    ledger = ledger_of(exchanges)
    assert (ledger.they_asked, ledger.received) == (2, 0)


def test_lena_is_cold_and_aisha_is_owed_and_cooling(demo_store: Store) -> None:
    lena = _snapshot(demo_store, "Lena Vogel")
    assert status_of(lena, demo_store.today()) is Status.COLD
    aisha = _snapshot(demo_store, "Aisha Khan")
    assert aisha.owed >= 1
    assert status_of(aisha, demo_store.today()) is Status.COOLING


def test_todays_queue_names_the_people_of_the_story(demo_store: Store) -> None:
    names = {entry.snapshot.name for entry in today_list(demo_store)}
    assert len(names & {"Marco Bianchi", "Aisha Khan", "Lena Vogel"}) >= 2
    cold_names = {entry.snapshot.name for entry in cold_list(demo_store)}
    assert "Chidi Okafor" not in cold_names  # snoozed
    assert "Greg Holloway" not in cold_names  # archived


def test_search_finds_people_by_name_script_and_accent(demo_store: Store) -> None:
    assert [hit.name for hit in search_contacts(demo_store, "Marco")][:1] == ["Marco Bianchi"]
    assert [hit.name for hit in search_contacts(demo_store, "山田")] == ["山田太郎"]
    assert "Émilie Dubois" in [hit.name for hit in search_contacts(demo_store, "emilie")]


def test_the_same_seed_gives_the_same_network(tmp_path: Path) -> None:
    def names(folder: str) -> list[str]:
        store = _open(tmp_path / folder, FRIDAY_MORNING)
        fill_demo_network(store, seed=3, generated=50)
        rows = store.db.execute_sql("SELECT display_name FROM contact ORDER BY id").fetchall()
        store.close()
        return [row[0] for row in rows]

    assert names("a") == names("b")


@pytest.mark.parametrize(
    "now",
    [
        datetime(2031, 2, 28, 22, 50, tzinfo=UTC),
        datetime(2027, 7, 4, 5, 0, tzinfo=UTC),
        datetime(2028, 1, 9, 23, 30, tzinfo=UTC),
    ],
    ids=["late-night", "sunday-morning", "just-after-midnight"],
)
def test_the_story_holds_on_any_day(data_dir: Path, now: datetime) -> None:
    store = _open(data_dir, now)
    fill_demo_network(store, generated=50)
    names = {entry.snapshot.name for entry in today_list(store)}
    assert {"Aisha Khan", "Lena Vogel"} <= names
    marco = resolve_contact("Marco Bianchi")
    card = triage_card(
        _snapshot(store, "Marco Bianchi"),
        exchanges_of(marco),
        touches_of(store, marco),
        store.today(),
        store.settings(),
    )
    assert card.asks_only
    assert card.months_silent == 10  # his ask arrived today; my last message was ten months ago
    planned = store.db.execute_sql("SELECT starts_at FROM checkin WHERE status = 'planned'").fetchall()
    assert all(datetime.fromisoformat(row[0]).replace(tzinfo=UTC) > now for row in planned)
    store.close()
