"""Creating, editing, finding and organising contacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from peewee import fn

from core.kinds import UNTRACKED
from core.matching import company_key, fold, name_key, normalise_email, normalise_linkedin_url
from models.entities import Circle, Contact, ContactEmail, ContactPhone, ContactTag, ContactUrl, Tag
from services.clock import to_db
from services.derived import refresh_contacts
from services.store import Store


class ContactError(ValueError):
    """Something about a contact the user asked for that cannot be done, in plain words."""


@dataclass
class ContactInput:
    """Fields to set on a contact; None means 'leave as it is'."""

    display_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    position: str | None = None
    linkedin_url: str | None = None
    location: str | None = None
    how_met: str | None = None
    connected_on: date | None = None
    birthday: str | None = None
    notes: str | None = None
    circle: str | None = None
    cadence_days: int | None = None
    clear_cadence: bool = False
    emails: list[str] = field(default_factory=list)  # added, never removed
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def split_name(full_name: str) -> tuple[str, str]:
    parts = full_name.strip().split()
    if len(parts) <= 1:
        return (parts[0] if parts else "", "")
    return " ".join(parts[:-1]), parts[-1]


def circle_named(name: str) -> Circle:
    circle = Circle.get_or_none(fn.LOWER(Circle.name) == name.strip().lower())
    if circle is None:
        known = ", ".join(c.name for c in Circle.select().order_by(Circle.position))
        raise ContactError(f"no circle called '{name}' (circles: {known})")
    return circle


def create_contact(store: Store, data: ContactInput) -> Contact:
    name = (data.display_name or " ".join(p for p in (data.first_name, data.last_name) if p)).strip()
    if not name:
        raise ContactError("a contact needs a name")
    first, last = (data.first_name or "", data.last_name or "")
    if not first and not last:
        first, last = split_name(name)
    now = to_db(store.now())
    with store.db.atomic():
        contact = Contact.create(
            display_name=name,
            first_name=first,
            last_name=last,
            name_key=name_key(first, last) or fold(name),
            circle=circle_named(data.circle or UNTRACKED),
            created_at=now,
            updated_at=now,
        )
        _apply(store, contact, data)
    return contact


def update_contact(store: Store, contact: Contact, data: ContactInput) -> Contact:
    with store.db.atomic():
        if data.display_name is not None:
            if not data.display_name.strip():
                raise ContactError("a contact needs a name")
            contact.display_name = data.display_name.strip()
            if data.first_name is None and data.last_name is None:
                contact.first_name, contact.last_name = split_name(contact.display_name)
        if data.first_name is not None:
            contact.first_name = data.first_name
        if data.last_name is not None:
            contact.last_name = data.last_name
        contact.name_key = name_key(contact.first_name, contact.last_name) or fold(contact.display_name)
        contact.updated_at = to_db(store.now())
        _apply(store, contact, data)
    return contact


def _apply(store: Store, contact: Contact, data: ContactInput) -> None:
    if data.company is not None:
        contact.company = data.company.strip()
        contact.company_key = company_key(contact.company)
    for attribute in ("position", "location", "how_met", "notes", "birthday"):
        value = getattr(data, attribute)
        if value is not None:
            setattr(contact, attribute, value)
    if data.connected_on is not None:
        contact.connected_on = data.connected_on
    if data.linkedin_url is not None:
        url = normalise_linkedin_url(data.linkedin_url)
        if url is not None:
            owner = Contact.get_or_none((Contact.linkedin_url == url) & (Contact.id != contact.id))
            if owner is not None:
                raise ContactError(f"{url} already belongs to {owner.display_name} (#{owner.id})")
        contact.linkedin_url = url
    if data.circle is not None:
        contact.circle = circle_named(data.circle)
    if data.clear_cadence:
        contact.cadence_days = None
    elif data.cadence_days is not None:
        if data.cadence_days <= 0:
            raise ContactError("a cadence is a number of days greater than zero")
        contact.cadence_days = data.cadence_days
    contact.save()
    for email in data.emails:
        cleaned = normalise_email(email)
        if cleaned:
            ContactEmail.insert(contact=contact, email=cleaned).on_conflict_ignore().execute()
    for phone in data.phones:
        if phone.strip():
            ContactPhone.insert(contact=contact, phone=phone.strip()).on_conflict_ignore().execute()
    for url in data.urls:
        if url.strip():
            ContactUrl.insert(contact=contact, url=url.strip()).on_conflict_ignore().execute()
    for tag in data.tags:
        add_tag(contact, tag)
    refresh_contacts(store, [contact.id])


def add_tag(contact: Contact, tag_name: str) -> None:
    cleaned = tag_name.strip()
    if not cleaned:
        return
    # Compared with the column's own NOCASE collation, as its UNIQUE index compares: SQL's
    # LOWER() and Python's lower() disagree on 'Öl', and the insert then broke that index.
    tag = Tag.get_or_none(Tag.name == cleaned) or Tag.create(name=cleaned)
    ContactTag.insert(contact=contact, tag=tag).on_conflict_ignore().execute()


def tags_of(contact: Contact) -> list[str]:
    return [
        t.name for t in Tag.select().join(ContactTag).where(ContactTag.contact == contact).order_by(Tag.name)
    ]


def set_circle(store: Store, contact_ids: list[int], circle: str) -> int:
    target = circle_named(circle)
    with store.db.atomic():
        count = (
            Contact.update(circle=target, updated_at=to_db(store.now()))
            .where(Contact.id.in_(contact_ids))
            .execute()
        )
        refresh_contacts(store, contact_ids)
    return int(count)


def archive_contacts(store: Store, contact_ids: list[int], archived: bool = True) -> int:
    with store.db.atomic():
        return int(
            Contact.update(archived=archived, updated_at=to_db(store.now()))
            .where(Contact.id.in_(contact_ids))
            .execute()
        )


def snooze_contact(store: Store, contact: Contact, until: date | None) -> None:
    from datetime import datetime, time

    contact.snoozed_until = (
        None if until is None else to_db(datetime.combine(until, time(0, 0), tzinfo=store.tz))
    )
    contact.updated_at = to_db(store.now())
    contact.save()


def resolve_contact(spec: str) -> Contact:
    """A contact from an id, an exact name, or a unique name prefix (case- and accent-insensitive)."""
    text = spec.strip()
    if text.lstrip("#").isdigit():
        found = Contact.get_or_none(Contact.id == int(text.lstrip("#")))
        if found is None:
            raise ContactError(f"no contact #{text.lstrip('#')}")
        return found
    key = fold(text)
    if not key:
        raise ContactError("name a contact by id or name")
    exact = list(
        Contact.select().where((fn.LOWER(Contact.display_name) == text.lower()) | (Contact.name_key == key))
    )
    if len(exact) == 1:
        return exact[0]
    candidates = exact or list(
        Contact.select()
        .where(Contact.name_key.startswith(key) | fn.LOWER(Contact.display_name).startswith(text.lower()))
        .order_by(Contact.display_name)
        .limit(21)
    )
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ContactError(f"no contact matches '{spec}'")
    listed = "; ".join(f"#{c.id} {c.display_name} ({c.company or 'no company'})" for c in candidates[:20])
    more = " …" if len(candidates) > 20 else ""
    raise ContactError(f"'{spec}' matches several contacts: {listed}{more}")
