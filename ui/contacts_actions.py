"""What the contacts page does to the contacts the user selected: circle, tag, archive."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from services.contact_edits import add_tag_to_contacts, tag_names
from services.contact_rows import ContactRow
from services.contacts import ContactError, archive_contacts, set_circle
from ui.context import AppContext


def _people(count: int) -> str:
    return "1 contact" if count == 1 else f"{count:,} contacts"


class ContactsBulkActions:
    """Bulk edits: one transaction each, then one signal so every page refreshes once."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        self._context = context
        self._parent = parent

    def set_circle(self, contact_ids: Sequence[int], circle: str) -> int:
        if not contact_ids:
            return 0
        count = set_circle(self._context.store, list(contact_ids), circle)
        self._announce(f"Moved {_people(count)} to {circle}")
        return count

    def add_tag(self, contact_ids: Sequence[int], tag: str) -> int:
        if not contact_ids or not tag.strip():
            return 0
        try:
            added = add_tag_to_contacts(self._context.store, contact_ids, tag)
        except ContactError as error:
            self._context.status_message.emit(str(error))
            return 0
        self._announce(f"Tagged {_people(len(contact_ids))} “{tag.strip()}”")
        return added

    def archive(self, contact_ids: Sequence[int], archived: bool = True) -> int:
        if not contact_ids:
            return 0
        count = archive_contacts(self._context.store, list(contact_ids), archived=archived)
        self._announce(f"{'Archived' if archived else 'Restored'} {_people(count)}")
        return count

    # --- with a question to the user first ----------------------------------------------------

    def ask_tag(self, contact_ids: Sequence[int]) -> int:
        if not contact_ids:
            return 0
        tag, accepted = QInputDialog.getItem(
            self._parent,
            "Add tag",
            f"Tag for {_people(len(contact_ids))}:",
            tag_names(self._context.store),
            0,
            True,
        )
        return self.add_tag(contact_ids, tag) if accepted else 0

    def confirm_archive(self, rows: Sequence[ContactRow]) -> int:
        if not rows:
            return 0
        ids = [row.contact_id for row in rows]
        who = rows[0].name if len(rows) == 1 else _people(len(rows))
        answer = QMessageBox.question(
            self._parent,
            "Archive",
            f"Archive {who}?\n\nArchived contacts get no reminders and leave Today; "
            "choose the Archived status filter to find and restore them.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return self.archive(ids) if answer == QMessageBox.StandardButton.Yes else 0

    def _announce(self, message: str) -> None:
        self._context.data_changed.emit()
        self._context.status_message.emit(message)
