"""What can be done to a check-in from any page: done, skip, reschedule, save as .ics."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from services.checkins import complete_checkin, get_checkin, reschedule_checkin, skip_checkin
from services.contacts import ContactError
from services.store import Store
from ui.context import AppContext

if TYPE_CHECKING:
    from models.entities import CheckIn


class CheckinActions(QObject):
    """Closing and moving check-ins; every change is announced on the context's signals."""

    # Something the user asked for could not be done (e.g. the check-in was closed elsewhere).
    problem = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context

    @property
    def store(self) -> Store:
        return self._context.store

    def _checkin(self, checkin_id: int) -> CheckIn | None:
        try:
            return get_checkin(checkin_id)
        except ContactError as error:
            self.problem.emit(str(error))
            return None

    def complete(self, checkin_ids: list[int]) -> int:
        """Mark done: each is logged as a touch and that contact's clock resets."""
        touched: list[int] = []
        for checkin_id in checkin_ids:
            checkin = self._checkin(checkin_id)
            if checkin is None:
                continue
            try:
                complete_checkin(self.store, checkin)
            except ContactError as error:
                self.problem.emit(str(error))
                continue
            touched.append(checkin.contact.id)
        if touched:
            self._context.interaction_logged.emit(touched)
            for contact_id in dict.fromkeys(touched):
                self._context.contact_changed.emit(contact_id)
            self._context.checkins_changed.emit()
            self._context.status_message.emit(
                "Check-in done and logged; the clock is reset"
                if len(touched) == 1
                else f"{len(touched)} check-ins done and logged"
            )
        return len(touched)

    def skip(self, checkin_ids: list[int]) -> int:
        skipped = 0
        for checkin_id in checkin_ids:
            checkin = self._checkin(checkin_id)
            if checkin is None:
                continue
            try:
                skip_checkin(self.store, checkin)
            except ContactError as error:
                self.problem.emit(str(error))
                continue
            skipped += 1
        if skipped:
            self._context.checkins_changed.emit()
            message = "Check-in skipped" if skipped == 1 else f"{skipped} check-ins skipped"
            self._context.status_message.emit(message)
        return skipped

    def reschedule(self, checkin_id: int, when: datetime) -> bool:
        checkin = self._checkin(checkin_id)
        if checkin is None:
            return False
        try:
            reschedule_checkin(self.store, checkin, when)
        except ContactError as error:
            self.problem.emit(str(error))
            return False
        self._context.checkins_changed.emit()
        local = when.astimezone(self.store.tz)
        self._context.status_message.emit(f"Moved to {local:%a %d %b, %H:%M}")
        return True

    def save_ics(self, checkin_id: int, path: Path) -> bool:
        from connectors.atomic import write_private_atomically
        from services.exporting import ics_for_checkin

        checkin = self._checkin(checkin_id)
        if checkin is None:
            return False
        try:
            write_private_atomically(path, ics_for_checkin(self.store, checkin))
        except OSError as error:
            self.problem.emit(f"Could not write {path}: {error.strerror or error}")
            return False
        self._context.status_message.emit(f"Calendar file saved: {path.name}")
        return True
