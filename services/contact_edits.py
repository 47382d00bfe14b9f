"""Small edits the window makes to contacts: tags in bulk, cadence, notes, the choices it offers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.kinds import UNTRACKED
from models.entities import Contact, ContactTag, Tag
from services.clock import to_db
from services.contacts import ContactError, ContactInput, update_contact
from services.derived import chunked, refresh_search_text
from services.store import Store


@dataclass(frozen=True)
class CircleChoice:
    name: str
    cadence_days: int | None


def circle_choices(store: Store) -> list[CircleChoice]:
    """Every circle in order (Inner first), with the cadence it gives its contacts."""
    rows = store.db.execute_sql("SELECT name, cadence_days FROM circle ORDER BY position, id")
    return [CircleChoice(name, cadence) for name, cadence in rows]


def tag_names(store: Store) -> list[str]:
    """Tags in use, alphabetically."""
    rows = store.db.execute_sql(
        "SELECT t.name FROM tag t WHERE EXISTS (SELECT 1 FROM contact_tag ct WHERE ct.tag_id = t.id) "
        "ORDER BY t.name COLLATE NOCASE"
    )
    return [name for (name,) in rows]


def _tag_named(name: str) -> Tag:
    cleaned = name.strip()
    if not cleaned:
        raise ContactError("a tag needs a name")
    found = Tag.get_or_none(Tag.name == cleaned)  # NOCASE, as the UNIQUE index compares
    return found or Tag.create(name=cleaned)


def add_tag_to_contacts(store: Store, contact_ids: Sequence[int], tag_name: str) -> int:
    """Tag many contacts at once; returns how many gained the tag."""
    ids = list(dict.fromkeys(contact_ids))
    with store.db.atomic():
        tag = _tag_named(tag_name)
        added = 0
        for batch in chunked(ids):
            added += int(
                ContactTag.insert_many([{"contact": cid, "tag": tag.id} for cid in batch])
                .on_conflict_ignore()
                .as_rowcount()
                .execute()
            )
        _touch(store, ids)
        refresh_search_text(store, ids)
    return added


def remove_tag(store: Store, contact_id: int, tag_name: str) -> None:
    with store.db.atomic():
        tag = Tag.get_or_none(Tag.name == tag_name.strip())
        if tag is None:
            return
        ContactTag.delete().where((ContactTag.contact == contact_id) & (ContactTag.tag == tag)).execute()
        _touch(store, [contact_id])
        refresh_search_text(store, [contact_id])


def set_cadence(store: Store, contact_id: int, cadence_days: int | None) -> None:
    """A contact's own cadence in days; None goes back to its circle's."""
    contact = _contact(contact_id)
    if cadence_days is None:
        update_contact(store, contact, ContactInput(clear_cadence=True))
    else:
        update_contact(store, contact, ContactInput(cadence_days=cadence_days))


def set_circle_of(store: Store, contact_id: int, circle: str) -> None:
    update_contact(store, _contact(contact_id), ContactInput(circle=circle))


def set_notes(store: Store, contact_id: int, notes: str) -> None:
    with store.db.atomic():
        Contact.update(notes=notes, updated_at=to_db(store.now())).where(Contact.id == contact_id).execute()


def untracked_contact_ids(store: Store) -> list[int]:
    """Contacts awaiting triage, newest connections first (fresh imports on top)."""
    rows = store.db.execute_sql(
        "SELECT c.id FROM contact c JOIN circle ci ON ci.id = c.circle_id "
        "WHERE ci.name = ? AND c.archived = 0 "
        "ORDER BY c.connected_on IS NULL, c.connected_on DESC, c.display_name COLLATE NOCASE",
        [UNTRACKED],
    )
    return [contact_id for (contact_id,) in rows]


def _contact(contact_id: int) -> Contact:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise ContactError(f"no contact #{contact_id}")
    return contact


def _touch(store: Store, contact_ids: Sequence[int]) -> None:
    now = to_db(store.now())
    for batch in chunked(contact_ids):
        Contact.update(updated_at=now).where(Contact.id.in_(batch)).execute()

