"""What happens on the contact page: each user action calls a service, then tells the app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from core.kinds import is_touch, label_of
from models.entities import Contact
from services.contact_edits import (
    CircleChoice,
    add_tag_to_contacts,
    circle_choices,
    remove_tag,
    set_cadence,
    set_circle_of,
    set_notes,
    tag_names,
)
from services.contact_profile import ContactProfile, load_profile
from services.contacts import ContactError, archive_contacts
from services.request_triage import LedgerSummary, ledger_for
from services.store import Store
from services.timeline import (
    DeletedItem,
    ItemChanges,
    TimelineItem,
    delete_item,
    restore_item,
    timeline_of,
    update_item,
)
from services.touches import log_interaction, record_exchange
from ui.context import AppContext
from ui.day_format import day_text
from ui.timeline_model import what_text

# Deletions that can be undone, most recent last.
UNDO_DEPTH = 20


@dataclass(frozen=True)
class ContactPageData:
    profile: ContactProfile
    timeline: list[TimelineItem]
    ledger: LedgerSummary
    circles: list[CircleChoice]
    known_tags: list[str]


class ContactPageController:
    def __init__(self, context: AppContext) -> None:
        self._context = context
        self.contact_id: int | None = None
        self.undo_stack: list[tuple[DeletedItem, str]] = []

    @property
    def store(self) -> Store:
        return self._context.store

    def open(self, contact_id: int) -> ContactPageData:
        if contact_id != self.contact_id:
            self.undo_stack.clear()
        self.contact_id = contact_id
        return self.load()

    def load(self) -> ContactPageData:
        contact_id = self._require()
        store = self.store
        return ContactPageData(
            profile=load_profile(store, contact_id),
            timeline=timeline_of(store, contact_id),
            ledger=ledger_for(store, contact_id),
            circles=circle_choices(store),
            known_tags=tag_names(store),
        )

    def _require(self) -> int:
        if self.contact_id is None:
            raise ContactError("no contact is open")
        return self.contact_id

    def _changed(self, message: str) -> None:
        self._context.contact_changed.emit(self._require())
        self._context.status_message.emit(message)

    # --- logging ------------------------------------------------------------------------------------

    def when_for(self, day: date) -> datetime:
        """Today's touches happen now; earlier ones at local noon of their day."""
        if day >= self.store.today():
            return self.store.now()
        return datetime.combine(day, time(12, 0), tzinfo=self.store.tz)

    def log_touch(self, kind: str, day: date, direction: str, note: str = "") -> str:
        contact_id = self._require()
        contact = Contact.get_by_id(contact_id)
        log_interaction(self.store, [contact], kind, when=self.when_for(day), direction=direction, note=note)
        self._context.interaction_logged.emit([contact_id])
        what = "Note added" if not is_touch(kind) else f"Logged {label_of(kind)} with {contact.display_name}"
        self._context.status_message.emit(what)
        return what

    def record_exchange(self, direction: str, kind: str) -> None:
        contact = Contact.get_by_id(self._require())
        record_exchange(self.store, contact, kind, direction)
        self._changed(f"Recorded {kind.replace('_', ' ')} with {contact.display_name}")

    # --- the contact itself -------------------------------------------------------------------------

    def set_circle(self, circle: str) -> None:
        set_circle_of(self.store, self._require(), circle)
        self._changed(f"Moved to {circle}")

    def set_cadence(self, days: int | None) -> None:
        set_cadence(self.store, self._require(), days)
        self._changed("Cadence: circle default" if days is None else f"Cadence: every {days} days")

    def add_tag(self, tag: str) -> None:
        add_tag_to_contacts(self.store, [self._require()], tag)
        self._changed(f"Tagged “{tag}”")

    def remove_tag(self, tag: str) -> None:
        remove_tag(self.store, self._require(), tag)
        self._changed(f"Removed tag “{tag}”")

    def save_notes(self, notes: str) -> None:
        set_notes(self.store, self._require(), notes)
        self._changed("Notes saved")

    def set_archived(self, archived: bool) -> None:
        archive_contacts(self.store, [self._require()], archived=archived)
        self._changed("Archived" if archived else "Restored from the archive")

    # --- the timeline -------------------------------------------------------------------------------

    def delete(self, item: TimelineItem) -> str:
        deleted = delete_item(self.store, item.item_type, item.item_id)
        description = f"Deleted {what_text(item).lower()} of {day_text(item.day)}"
        self.undo_stack.append((deleted, description))
        del self.undo_stack[:-UNDO_DEPTH]
        self._announce_history(deleted.contact_ids, item, description)
        return description

    def undo(self) -> str | None:
        if not self.undo_stack:
            return None
        deleted, description = self.undo_stack.pop()
        restore_item(self.store, deleted)
        message = description.replace("Deleted", "Restored", 1)
        self._announce_history(deleted.contact_ids, None, message, checkin=deleted.item_type == "checkin")
        return message

    def edit(self, item: TimelineItem, changes: ItemChanges) -> None:
        if changes == ItemChanges():
            return
        contact_ids = update_item(self.store, item.item_type, item.item_id, changes)
        self._announce_history(contact_ids, item, "Saved")

    def _announce_history(
        self, contact_ids: tuple[int, ...], item: TimelineItem | None, message: str, *, checkin: bool = False
    ) -> None:
        for contact_id in dict.fromkeys(contact_ids or (self._require(),)):
            self._context.contact_changed.emit(contact_id)
        if checkin or (item is not None and item.item_type == "checkin"):
            self._context.checkins_changed.emit()
        self._context.status_message.emit(message)
