"""Exports: contacts as vCard and CSV, everything as a JSON backup, check-ins as .ics events.

Files are written atomically (a temporary file in the same folder, then renamed) and
are readable by their owner only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from connectors.atomic import write_private_atomically
from connectors.csv_writer import csv_bytes
from connectors.export_records import ExportedContact, Labelled
from connectors.ics import checkin_event, ics_bytes
from connectors.vcard_writer import vcard_bytes
from models.entities import CheckIn, Contact, ContactEmail, ContactPhone
from services.clock import from_db, local_date
from services.derived import chunked
from services.json_backup import (
    RestoreRefused,
    RestoreSummary,
    backup_document,
    backup_text,
    content_hash,
    restore_json,
    saved_row_count,
)
from services.store import Store

__all__ = [
    "ExportError",
    "RestoreRefused",
    "RestoreSummary",
    "checkin_description",
    "content_hash",
    "export_csv",
    "export_json",
    "export_vcard",
    "exported_contacts",
    "ics_for_checkin",
    "invite_text",
    "restore_json",
    "when_text",
]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
CHECKIN_STATUS_TO_ICS = {"planned": "CONFIRMED", "done": "CONFIRMED", "skipped": "CANCELLED"}

CONTACT_SQL = """
SELECT c.id, c.display_name, c.first_name, c.last_name, c.company, c.position, c.linkedin_url,
       c.location, c.how_met, c.connected_on, c.birthday, c.notes, ci.name,
       COALESCE(c.cadence_days, ci.cadence_days), c.last_touch_at, c.created_at, c.updated_at
FROM contact c JOIN circle ci ON ci.id = c.circle_id
"""
EMAIL_SQL = "SELECT contact_id, email, label FROM contact_email"
PHONE_SQL = "SELECT contact_id, phone, label FROM contact_phone"
URL_SQL = "SELECT contact_id, url, label FROM contact_url"
TAG_SQL = "SELECT ct.contact_id, t.name, '' FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"


class ExportError(Exception):
    """The export file could not be written; the message names it."""


def _rows(
    store: Store, sql: str, id_column: str, contact_ids: Sequence[int] | None, order: str
) -> Iterator[tuple[Any, ...]]:
    if contact_ids is None:
        yield from store.db.execute_sql(f"{sql} ORDER BY {order}")
        return
    for batch in chunked(contact_ids):
        marks = ",".join("?" * len(batch))
        yield from store.db.execute_sql(f"{sql} WHERE {id_column} IN ({marks}) ORDER BY {order}", batch)


def _labelled_by_contact(
    store: Store, sql: str, id_column: str, contact_ids: Sequence[int] | None, order: str
) -> dict[int, list[Labelled]]:
    found: dict[int, list[Labelled]] = defaultdict(list)
    for contact_id, value, label in _rows(store, sql, id_column, contact_ids, order):
        found[contact_id].append(Labelled(value, label or ""))
    return found


def _day(text: str | None) -> date | None:
    return date.fromisoformat(str(text)[:10]) if text else None


def exported_contacts(store: Store, contact_ids: Sequence[int] | None = None) -> list[ExportedContact]:
    """These contacts (all, archived included, when None) as plain records, sorted by name."""
    ids = None if contact_ids is None else list(dict.fromkeys(contact_ids))
    emails = _labelled_by_contact(store, EMAIL_SQL, "contact_id", ids, "id")
    phones = _labelled_by_contact(store, PHONE_SQL, "contact_id", ids, "id")
    urls = _labelled_by_contact(store, URL_SQL, "contact_id", ids, "id")
    tags = _labelled_by_contact(store, TAG_SQL, "ct.contact_id", ids, "t.name COLLATE NOCASE")
    contacts = []
    for row in _rows(store, CONTACT_SQL, "c.id", ids, "c.id"):
        (contact_id, display, first, last, company, position, linkedin, location, how_met, connected_on,
         birthday, notes, circle, cadence, last_touch_at, created_at, updated_at) = row  # fmt: skip
        contacts.append(
            ExportedContact(
                contact_id=contact_id,
                display_name=display,
                first_name=first,
                last_name=last,
                company=company,
                position=position,
                emails=tuple(emails.get(contact_id, ())),
                phones=tuple(phones.get(contact_id, ())),
                linkedin_url=linkedin,
                urls=tuple(url for url in urls.get(contact_id, ()) if url.value != linkedin),
                location=location,
                how_met=how_met,
                connected_on=_day(connected_on),
                birthday=birthday,
                notes=notes,
                tags=tuple(tag.value for tag in tags.get(contact_id, ())),
                circle=circle,
                cadence_days=cadence,
                last_touch_on=local_date(last_touch_at, store.tz) if last_touch_at else None,
                created_at=from_db(created_at),
                updated_at=from_db(updated_at),
            )
        )
    contacts.sort(key=lambda contact: (contact.display_name.casefold(), contact.contact_id))
    return contacts


def _write(path: Path | str, render: Callable[[], bytes]) -> None:
    target = Path(path)
    try:
        write_private_atomically(target, render())
    except OSError as error:
        raise ExportError(f"{target}: cannot write the file ({error.strerror or error})") from error


def export_vcard(store: Store, path: Path | str, contact_ids: Sequence[int] | None = None) -> int:
    """Write these contacts (all when None) as one vCard 4.0 file; returns how many."""
    contacts = exported_contacts(store, contact_ids)
    _write(path, lambda: vcard_bytes(contacts))
    return len(contacts)


def export_csv(store: Store, path: Path | str, contact_ids: Sequence[int] | None = None) -> int:
    """Write these contacts (all when None) as a spreadsheet-safe CSV file; returns how many."""
    contacts = exported_contacts(store, contact_ids)
    _write(path, lambda: csv_bytes(contacts))
    return len(contacts)


def export_json(store: Store, path: Path | str) -> int:
    """Write a JSON backup of everything; returns the number of rows saved."""
    document = backup_document(store)
    _write(path, lambda: backup_text(document).encode("utf-8"))
    return saved_row_count(document)


def when_text(instant: datetime) -> str:
    """'Tuesday 1 December at 10:00', in the zone ``instant`` carries."""
    return f"{WEEKDAYS[instant.weekday()]} {instant.day} {MONTHS[instant.month - 1]} at {instant:%H:%M}"


def invite_text(template: str, *, first_name: str, when: str) -> str:
    """The user's invite template with {first_name} and {when} filled in; other braces stay as typed."""
    return template.replace("{first_name}", first_name).replace("{when}", when)


def checkin_description(store: Store, checkin: CheckIn) -> str:
    """The invite text, then every way to reach the contact."""
    contact: Contact = checkin.contact
    starts = from_db(checkin.starts_at)
    assert starts is not None
    invite = invite_text(
        store.settings().invite_text,
        first_name=contact.first_name or contact.display_name,
        when=when_text(starts.astimezone(store.tz)),
    )
    phones = ContactPhone.select().where(ContactPhone.contact == contact).order_by(ContactPhone.id)
    emails = ContactEmail.select().where(ContactEmail.contact == contact).order_by(ContactEmail.id)
    reach = [f"Phone: {row.phone}" for row in phones]
    reach += [f"Email: {row.email}" for row in emails]
    if contact.linkedin_url:
        reach.append(f"LinkedIn: {contact.linkedin_url}")
    lines = [invite]
    if reach:
        lines += ["", f"How to reach {contact.display_name}:", *reach]
    if checkin.note:
        lines += ["", checkin.note]
    return "\n".join(lines)


def _location(checkin: CheckIn) -> str:
    contact: Contact = checkin.contact
    if checkin.channel == "call":
        phone = ContactPhone.select().where(ContactPhone.contact == contact).order_by(ContactPhone.id).first()
        return f"Phone: {phone.phone}" if phone else ""
    if checkin.channel == "coffee":
        return str(contact.location)
    return ""


def ics_for_checkin(store: Store, checkin: CheckIn) -> bytes:
    """A complete .ics file holding this check-in, in the user's time zone, with a reminder."""
    starts = from_db(checkin.starts_at)
    assert starts is not None
    settings = store.settings()
    event = checkin_event(
        uid=checkin.uid,
        name=checkin.contact.display_name,
        starts_at=starts,
        minutes=checkin.minutes,
        channel=checkin.channel,
        description=checkin_description(store, checkin),
        tz=store.tz,
        location=_location(checkin),
        url=checkin.contact.linkedin_url or "",
        stamp=store.now(),
        status=CHECKIN_STATUS_TO_ICS.get(checkin.status, "CONFIRMED"),
        reminder_minutes=settings.checkin_reminder_minutes,
    )
    return ics_bytes([event])
