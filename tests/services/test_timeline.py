"""A contact's timeline: every kind of item, newest first; edits; delete and exact undo."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.entities import CheckIn, Contact, Interaction, InteractionContact, Share, ShareRecipient
from services.checkins import complete_checkin, schedule_checkin
from services.clock import fixed_clock, to_db
from services.contacts import ContactError, ContactInput, create_contact
from services.store import open_store
from services.timeline import (
    CHECKIN,
    EXCHANGE,
    SHARE,
    TOUCH,
    ItemChanges,
    delete_item,
    restore_item,
    timeline_of,
    update_item,
)
from services.touches import log_interaction, record_exchange

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=BERLIN)


@pytest.fixture
def timeline_store(data_dir):
    opened = open_store(data_dir, clock=fixed_clock(NOW), tz=BERLIN)
    yield opened
    opened.close()


def person(store, name, circle="Close"):
    return create_contact(store, ContactInput(display_name=name, circle=circle))


def last_touch_of(contact_id):
    return Contact.get_by_id(contact_id).last_touch_at


def test_timeline_lists_every_kind_newest_first(timeline_store):
    lena = person(timeline_store, "Lena Vogel")
    marco = person(timeline_store, "Marco Bianchi")
    log_interaction(timeline_store, [lena, marco], "lunch", when=NOW - timedelta(days=30), note="Kreuzberg")
    record_exchange(timeline_store, lena, "referral", "received", on=date(2026, 11, 10))
    schedule_checkin(timeline_store, lena, at=NOW + timedelta(days=3), channel="video")
    share = Share.create(url="https://example.com/post", title="A good post", created_at=to_db(NOW))
    ShareRecipient.create(share=share, contact=lena, sent_at=to_db(NOW - timedelta(days=5)))

    items = timeline_of(timeline_store, lena.id)

    assert [i.item_type for i in items] == [CHECKIN, SHARE, EXCHANGE, TOUCH]
    lunch = items[-1]
    assert (lunch.kind, lunch.note, lunch.others, lunch.day) == (
        "lunch",
        "Kreuzberg",
        ("Marco Bianchi",),
        date(2026, 10, 28),
    )
    assert items[0].status == "planned" and items[0].kind == "video"
    assert items[1].share_title == "A good post"
    assert (items[2].kind, items[2].direction) == ("referral", "received")


def test_a_done_checkin_shows_once_as_the_touch_it_became(timeline_store):
    lena = person(timeline_store, "Lena Vogel")
    checkin = schedule_checkin(timeline_store, lena, at=NOW - timedelta(hours=2))
    complete_checkin(timeline_store, checkin)

    items = timeline_of(timeline_store, lena.id)

    assert len(items) == 1
    assert items[0].item_type == TOUCH and items[0].from_checkin and items[0].kind == "call"


def test_deleting_a_touch_resets_the_clock_and_undo_restores_everything(timeline_store):
    lena = person(timeline_store, "Lena Vogel")
    marco = person(timeline_store, "Marco Bianchi")
    log_interaction(timeline_store, [lena], "call", when=NOW - timedelta(days=40))
    lunch = log_interaction(
        timeline_store, [lena, marco], "lunch", when=NOW - timedelta(days=2), note="Pasta"
    )
    checkin = schedule_checkin(timeline_store, lena, at=NOW - timedelta(days=2))
    CheckIn.update(status="done", interaction=lunch).where(CheckIn.id == checkin.id).execute()
    before = last_touch_of(lena.id)

    deleted = delete_item(timeline_store, TOUCH, lunch.id)

    assert Interaction.get_or_none(Interaction.id == lunch.id) is None
    assert last_touch_of(lena.id) < before  # back to the call 40 days ago
    assert last_touch_of(marco.id) is None
    assert CheckIn.get_by_id(checkin.id).interaction is None

    new_id = restore_item(timeline_store, deleted)

    assert new_id == lunch.id
    restored = Interaction.get_by_id(new_id)
    assert (restored.kind, restored.note) == ("lunch", "Pasta")
    links = InteractionContact.select().where(InteractionContact.interaction == new_id)
    participants = {link.contact.id for link in links}
    assert participants == {lena.id, marco.id}
    assert last_touch_of(lena.id) == before
    assert last_touch_of(marco.id) is not None
    relinked = CheckIn.get_by_id(checkin.id).interaction
    assert relinked is not None and relinked.id == new_id


def test_undo_uses_a_new_id_when_the_old_one_was_taken(timeline_store):
    lena = person(timeline_store, "Lena Vogel")
    touch = log_interaction(timeline_store, [lena], "email", when=NOW - timedelta(days=1))
    deleted = delete_item(timeline_store, TOUCH, touch.id)
    replacement = log_interaction(timeline_store, [lena], "message", when=NOW - timedelta(days=1))
    assert replacement.id == touch.id  # SQLite reused the free id

    new_id = restore_item(timeline_store, deleted)

    assert new_id != touch.id
    assert sorted(i.kind for i in timeline_of(timeline_store, lena.id)) == ["email", "message"]


def test_exchanges_checkins_and_shares_delete_and_come_back(timeline_store):
    lena = person(timeline_store, "Lena Vogel")
    exchange = record_exchange(timeline_store, lena, "advice", "they_asked", status="open")
    checkin = schedule_checkin(timeline_store, lena, at=NOW + timedelta(days=1))
    share = Share.create(url="https://example.com/a", title="A", created_at=to_db(NOW))
    recipient = ShareRecipient.create(share=share, contact=lena, sent_at=to_db(NOW))

    for item_type, item_id in ((EXCHANGE, exchange.id), (CHECKIN, checkin.id), (SHARE, recipient.id)):
        deleted = delete_item(timeline_store, item_type, item_id)
        assert item_type not in {i.item_type for i in timeline_of(timeline_store, lena.id)}
        restore_item(timeline_store, deleted)
        assert item_type in {i.item_type for i in timeline_of(timeline_store, lena.id)}


def test_deleting_something_already_gone_is_a_clear_error(timeline_store):
    with pytest.raises(ContactError, match="already gone"):
        delete_item(timeline_store, TOUCH, 999)


def test_editing_a_touch_moves_its_day_and_updates_the_clock(timeline_store):
    lena = person(timeline_store, "Lena Vogel")
    touch = log_interaction(timeline_store, [lena], "call", when=NOW - timedelta(days=50))

    changed = update_item(
        timeline_store,
        TOUCH,
        touch.id,
        ItemChanges(day=date(2026, 11, 20), kind="lunch", direction="in", note="Changed"),
    )

    assert changed == (lena.id,)
    (item,) = timeline_of(timeline_store, lena.id)
    assert (item.day, item.kind, item.direction, item.note) == (date(2026, 11, 20), "lunch", "in", "Changed")
    assert Contact.get_by_id(lena.id).last_touch_kind == "lunch"


def test_editing_an_exchange_and_rejecting_unknown_values(timeline_store):
    lena = person(timeline_store, "Lena Vogel")
    exchange = record_exchange(timeline_store, lena, "advice", "they_asked", status="open")

    update_item(timeline_store, EXCHANGE, exchange.id, ItemChanges(status="done", note="Sent the deck"))

    (item,) = timeline_of(timeline_store, lena.id)
    assert (item.status, item.note) == ("done", "Sent the deck")
    with pytest.raises(ContactError):
        update_item(timeline_store, EXCHANGE, exchange.id, ItemChanges(status="maybe"))
