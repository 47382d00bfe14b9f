"""Shares in a real database: saving, suggesting, and logging each send as a touch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.status import Status, status_of
from models.entities import Contact, Interaction, Share, ShareRecipient
from services.clock import fixed_clock
from services.contacts import ContactInput, archive_contacts, create_contact
from services.shares import (
    ShareError,
    ShareInput,
    emails_of,
    find_share,
    normalise_url,
    recent_shares,
    save_share,
    send_share,
    suggest_for,
    topics_of,
)
from services.snapshots import load_snapshots
from services.store import Store, open_store
from services.timeline import timeline_of
from services.touches import log_interaction

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=BERLIN)


@pytest.fixture
def share_store(data_dir: Path) -> Iterator[Store]:
    store = open_store(data_dir, clock=fixed_clock(NOW), tz=BERLIN)
    yield store
    store.close()


def person(store: Store, name: str, circle: str, tags: list[str], days_ago: int | None = None,
           emails: tuple[str, ...] = ()) -> Contact:  # fmt: skip
    data = ContactInput(display_name=name, circle=circle, tags=tags, emails=list(emails))
    contact = create_contact(store, data)
    if days_ago is not None:
        log_interaction(store, [contact], "call", when=NOW - timedelta(days=days_ago))
    return contact


def test_urls_are_normalised_and_checked() -> None:
    assert normalise_url("  example.com/post ") == "https://example.com/post"
    assert normalise_url("http://example.com") == "http://example.com"
    for bad in ("", "   ", "two words.example", "https://"):
        with pytest.raises(ShareError):
            normalise_url(bad)


def test_saving_the_same_link_again_updates_it(share_store: Store) -> None:
    data = ShareInput("example.com/post", "A post", ["AI", "ai", "Data"], "Good read")
    first = save_share(share_store, data)
    assert (first.url, first.title, topics_of(first), first.note) == (
        "https://example.com/post", "A post", ["AI", "Data"], "Good read"
    )
    again = save_share(share_store, ShareInput("https://example.com/post", "", ["Hiring"]))
    assert again.id == first.id
    assert (again.title, topics_of(again), again.note) == ("A post", ["Hiring"], "Good read")
    assert Share.select().count() == 1
    assert find_share("example.com/post") is not None


def test_suggestions_leave_out_who_had_it_the_archived_and_the_untagged(share_store: Store) -> None:
    ana = person(share_store, "Ana", "Inner", ["AI"], days_ago=28)  # cold
    ben = person(share_store, "Ben", "Close", ["ai", "hiring"], days_ago=3)  # warm
    person(share_store, "Cleo", "Network", ["AI"])  # never talked
    gus = person(share_store, "Gus", "Close", ["AI"], days_ago=90)
    person(share_store, "Dora", "Close", ["design"], days_ago=90)
    archive_contacts(share_store, [gus.id])
    share = save_share(share_store, ShareInput("example.com/ai", "On AI", ["AI"]))
    names = [s.name for s in suggest_for(share_store, ["AI"], url="example.com/ai")]
    assert names == ["Ana", "Cleo", "Ben"]
    send_share(share_store, share, [ana.id])
    assert [s.name for s in suggest_for(share_store, ["ai"], url="https://example.com/ai")] == ["Cleo", "Ben"]
    # Without the link anyone tagged is suggested: Ana too, now warm from the share she received.
    assert [s.name for s in suggest_for(share_store, ["ai"])] == ["Cleo", "Ben", "Ana"]
    assert suggest_for(share_store, [" "]) == []
    assert [s.name for s in suggest_for(share_store, ["HIRING"])] == ["Ben"]
    assert ben.id in {s.contact_id for s in suggest_for(share_store, ["ai"], url="example.com/other")}


def test_sending_logs_one_touch_per_person(share_store: Store) -> None:
    ana = person(share_store, "Ana", "Inner", ["AI"], days_ago=28)
    ben = person(share_store, "Ben", "Close", ["AI"])
    share = save_share(share_store, ShareInput("example.com/ai", "On AI", ["AI"], "Thought of you"))
    assert send_share(share_store, share, [ana.id, ben.id, ana.id]) == [ana.id, ben.id]
    assert send_share(share_store, share, [ana.id]) == []  # each person receives a share once
    assert ShareRecipient.select().count() == 2
    shares = list(Interaction.select().where(Interaction.kind == "share"))
    assert len(shares) == 2
    assert {s.note for s in shares} == {"Thought of you"}
    (snapshot,) = load_snapshots(share_store, contact_ids=[ana.id])
    assert snapshot.last_touch_kind == "share"
    assert status_of(snapshot, share_store.today()) is Status.WARM
    (latest, *_rest) = timeline_of(share_store, ana.id)
    assert (latest.kind, latest.share_title, latest.share_url) == ("share", "On AI", "https://example.com/ai")


def test_a_send_to_someone_unknown_writes_nothing(share_store: Store) -> None:
    ana = person(share_store, "Ana", "Inner", ["AI"])
    share = save_share(share_store, ShareInput("example.com/ai", "On AI", ["AI"]))
    with pytest.raises(ShareError, match="no contact #999"):
        send_share(share_store, share, [ana.id, 999])
    assert ShareRecipient.select().count() == 0
    assert Interaction.select().count() == 0


def test_recent_shares_and_emails(share_store: Store) -> None:
    ana = person(share_store, "Ana", "Inner", ["AI"], emails=("ana@example.com", "ana@work.example"))
    ben = person(share_store, "Ben", "Close", ["AI"])
    older = save_share(share_store, ShareInput("example.com/old", "Old", ["AI"]))
    send_share(share_store, older, [ana.id, ben.id], when=NOW - timedelta(days=9))
    save_share(share_store, ShareInput("example.com/new", "", ["AI"]))
    summaries = recent_shares(share_store)
    listed = [(s.display_title, s.recipients) for s in summaries]
    assert listed == [("https://example.com/new", 0), ("Old", 2)]
    assert summaries[1].last_sent_at == NOW - timedelta(days=9)
    assert emails_of([ana.id, ben.id]) == {ana.id: "ana@example.com"}
