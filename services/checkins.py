"""Check-ins: scheduling a 10-minute conversation, and closing it as done or skipped."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from core.kinds import CHECKIN_CHANNELS
from core.records import PlannedCheckIn
from core.slots import find_free_slot
from models.entities import CheckIn, Contact, ContactEmail, ContactPhone
from services.clock import from_db, to_db
from services.contacts import ContactError
from services.store import Store
from services.touches import log_interaction

CHANNEL_TO_KIND = {"call": "call", "video": "video", "coffee": "coffee"}
# The other person needs time to see the invite: never propose a slot sooner than this.
MINIMUM_LEAD = timedelta(hours=1)


def planned_checkins(store: Store, *, since: datetime | None = None) -> list[CheckIn]:
    query = CheckIn.select(CheckIn, Contact).join(Contact).where(CheckIn.status == "planned")
    if since is not None:
        query = query.where(CheckIn.starts_at >= to_db(since))
    return list(query.order_by(CheckIn.starts_at))


def reach_of(contact: Contact) -> str:
    """How to reach someone, best channel first: phone, email, LinkedIn."""
    phone = ContactPhone.select().where(ContactPhone.contact == contact).first()
    if phone:
        return phone.phone
    email = ContactEmail.select().where(ContactEmail.contact == contact).first()
    if email:
        return email.email
    return contact.linkedin_url or ""


def as_planned(checkin: CheckIn) -> PlannedCheckIn:
    starts = from_db(checkin.starts_at)
    assert starts is not None
    return PlannedCheckIn(
        checkin_id=checkin.id,
        contact_id=checkin.contact.id,
        name=checkin.contact.display_name,
        starts_at=starts,
        minutes=checkin.minutes,
        channel=checkin.channel,
        reach=reach_of(checkin.contact),
    )


def next_free_slot(
    store: Store,
    minutes: int | None = None,
    after: datetime | None = None,
    busy: Sequence[tuple[datetime, datetime]] = (),
) -> datetime:
    """The next free slot; ``busy`` holds the user's calendar meetings (services.calendar_sync)."""
    settings = store.settings()
    start = after or store.now() + MINIMUM_LEAD
    planned = [from_db(c.starts_at) for c in planned_checkins(store, since=start - timedelta(days=1))]
    slot = find_free_slot(
        after=start,
        tz=store.tz,
        settings=settings,
        minutes=minutes or settings.checkin_minutes,
        busy=busy,
        planned_starts=[p for p in planned if p is not None],
    )
    if slot is None:
        raise ContactError("no free check-in slot in the next 60 days; widen your check-in hours")
    return slot


def schedule_checkin(
    store: Store,
    contact: Contact,
    *,
    at: datetime | None = None,
    minutes: int | None = None,
    channel: str = "call",
    note: str = "",
) -> CheckIn:
    if channel not in CHECKIN_CHANNELS:
        raise ContactError(f"channel must be one of {', '.join(CHECKIN_CHANNELS)}")
    length = minutes or store.settings().checkin_minutes
    if length <= 0:
        raise ContactError("a check-in lasts at least one minute")
    starts = at or next_free_slot(store, length)
    now = to_db(store.now())
    with store.db.atomic():
        return CheckIn.create(
            contact=contact,
            starts_at=to_db(starts),
            minutes=length,
            channel=channel,
            status="planned",
            uid=f"{uuid.uuid4()}@rapport",
            note=note,
            created_at=now,
            updated_at=now,
        )


def get_checkin(checkin_id: int) -> CheckIn:
    checkin = CheckIn.get_or_none(CheckIn.id == checkin_id)
    if checkin is None:
        raise ContactError(f"no check-in #{checkin_id}")
    return checkin


def complete_checkin(store: Store, checkin: CheckIn, note: str = "") -> CheckIn:
    """Done: the conversation happened, so it is logged as a touch and the clock resets."""
    if checkin.status != "planned":
        raise ContactError(f"check-in #{checkin.id} is already {checkin.status}")
    with store.db.atomic():
        starts = from_db(checkin.starts_at)
        assert starts is not None
        when = min(starts, store.now())
        interaction = log_interaction(
            store,
            [checkin.contact],
            CHANNEL_TO_KIND.get(checkin.channel, "call"),
            when=when,
            minutes=checkin.minutes,
            note=note or checkin.note,
        )
        checkin.status = "done"
        checkin.interaction = interaction
        checkin.updated_at = to_db(store.now())
        checkin.save()
    return checkin


def skip_checkin(store: Store, checkin: CheckIn) -> CheckIn:
    if checkin.status != "planned":
        raise ContactError(f"check-in #{checkin.id} is already {checkin.status}")
    checkin.status = "skipped"
    checkin.updated_at = to_db(store.now())
    checkin.save()
    return checkin


def reschedule_checkin(store: Store, checkin: CheckIn, at: datetime) -> CheckIn:
    if checkin.status != "planned":
        raise ContactError(f"check-in #{checkin.id} is already {checkin.status}")
    checkin.starts_at = to_db(at)
    checkin.updated_at = to_db(store.now())
    checkin.save()
    return checkin
