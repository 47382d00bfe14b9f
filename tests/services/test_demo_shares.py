"""The demo's shared articles: sent to people who care, without changing the story of the brief."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.reciprocity import is_asks_only
from core.status import Status, status_of
from models.entities import Share, ShareRecipient
from services.clock import fixed_clock
from services.contacts import resolve_contact
from services.demo import fill_demo_network
from services.demo_shares import DEMO_SHARES, add_demo_shares, demo_people
from services.history import exchanges_of, touches_of
from services.queue import today_list
from services.shares import recent_shares
from services.snapshots import load_snapshots
from services.store import Store, open_store

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def demo_with_shares(data_dir: Path) -> Iterator[Store]:
    store = open_store(data_dir, clock=fixed_clock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC)), tz=BERLIN)
    fill_demo_network(store, generated=60)
    add_demo_shares(store, demo_people())
    yield store
    store.close()


def test_the_articles_reach_their_readers(demo_with_shares: Store) -> None:
    expected = sum(len(demo.recipients) for demo in DEMO_SHARES)
    titles = {s.title: s.recipients for s in recent_shares(demo_with_shares)}
    for demo in DEMO_SHARES:
        assert titles[demo.title] == len(demo.recipients)
    demo_urls = [d.url for d in DEMO_SHARES]
    assert ShareRecipient.select().join(Share).where(Share.url.in_(demo_urls)).count() == expected


def test_adding_them_twice_changes_nothing(demo_with_shares: Store) -> None:
    before = ShareRecipient.select().count()
    assert add_demo_shares(demo_with_shares, demo_people()) == 0
    assert ShareRecipient.select().count() == before


def test_the_story_of_the_brief_still_holds(demo_with_shares: Store) -> None:
    today = demo_with_shares.today()
    people = {s.name: s for s in load_snapshots(demo_with_shares)}
    assert status_of(people["Lena Vogel"], today) is Status.COLD
    assert status_of(people["Aisha Khan"], today) is Status.COOLING
    marco = resolve_contact("Marco Bianchi")
    assert is_asks_only(exchanges_of(marco), touches_of(demo_with_shares, marco), today)
    queue = {entry.snapshot.name for entry in today_list(demo_with_shares)}
    assert {"Aisha Khan", "Lena Vogel"} <= queue
