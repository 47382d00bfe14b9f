"""Everything the contact page shows about one person, read in a handful of small queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.status import days_between, next_due, status_of
from core.warmth import warmth_of
from models.entities import Contact, ContactEmail, ContactPhone, ContactUrl
from services.clock import local_date
from services.contacts import ContactError, tags_of
from services.snapshots import load_snapshots
from services.store import Store


@dataclass(frozen=True)
class ContactProfile:
    contact_id: int
    name: str
    first_name: str
    last_name: str
    company: str
    position: str
    linkedin_url: str | None
    location: str
    how_met: str
    connected_on: date | None
    birthday: str | None
    notes: str
    circle: str
    circle_cadence_days: int | None
    own_cadence_days: int | None
    cadence_days: int | None  # the one that applies
    archived: bool
    snoozed_until: date | None
    initiated_by: str | None  # "me" | "them" | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    urls: tuple[str, ...]
    tags: tuple[str, ...]
    status: str | None
    warmth: int | None
    next_due: date | None
    last_touch_on: date | None
    last_touch_kind: str | None
    days_since_last_touch: int | None

    @property
    def headline(self) -> str:
        """'Position @ Company', or whichever half is known."""
        if self.position and self.company:
            return f"{self.position} @ {self.company}"
        return self.position or self.company


def _ordered(model: type[ContactEmail] | type[ContactPhone] | type[ContactUrl], contact_id: int) -> list[Any]:
    """Emails, phones or links in the order they were added (the first is the main one)."""
    return list(model.select().where(model.contact == contact_id).order_by(model.id))


def load_profile(store: Store, contact_id: int) -> ContactProfile:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise ContactError(f"no contact #{contact_id}")
    snapshots = load_snapshots(store, include_archived=True, contact_ids=[contact_id])
    snapshot = snapshots[0]
    today = store.today()
    status = status_of(snapshot, today, store.settings())
    circle = contact.circle
    return ContactProfile(
        contact_id=contact.id,
        name=contact.display_name,
        first_name=contact.first_name,
        last_name=contact.last_name,
        company=contact.company,
        position=contact.position,
        linkedin_url=contact.linkedin_url,
        location=contact.location,
        how_met=contact.how_met,
        connected_on=contact.connected_on,
        birthday=contact.birthday,
        notes=contact.notes,
        circle=circle.name,
        circle_cadence_days=circle.cadence_days,
        own_cadence_days=contact.cadence_days,
        cadence_days=snapshot.cadence_days,
        archived=bool(contact.archived),
        snoozed_until=local_date(contact.snoozed_until, store.tz) if contact.snoozed_until else None,
        initiated_by=contact.initiated_by,
        emails=tuple(e.email for e in _ordered(ContactEmail, contact_id)),
        phones=tuple(p.phone for p in _ordered(ContactPhone, contact_id)),
        urls=tuple(u.url for u in _ordered(ContactUrl, contact_id)),
        tags=tuple(tags_of(contact)),
        status=status.value if status else None,
        warmth=warmth_of(snapshot, today),
        next_due=next_due(snapshot, today),
        last_touch_on=snapshot.last_touch_on,
        last_touch_kind=snapshot.last_touch_kind,
        days_since_last_touch=(
            days_between(snapshot.last_touch_on, today) if snapshot.last_touch_on is not None else None
        ),
    )
