"""Booking a check-in: proposing free slots, writing the invite, and saving the booking."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QGuiApplication

from core.kinds import CHECKIN_CHANNELS
from core.slots import proposed_slots
from services.agenda import ContactBrief, contact_brief, planned_starts
from services.checkins import MINIMUM_LEAD, get_checkin, schedule_checkin
from services.contacts import ContactError, resolve_contact
from ui.context import AppContext

CHANNEL_LABELS = {"call": "Call", "video": "Video call", "coffee": "Coffee"}
PROPOSAL_COUNT = 4  # the first is preset in the editor, the others are offered as quick picks
BUSY_LOOKAHEAD_DAYS = 14


def round_up_to_quarter(instant: datetime) -> datetime:
    minute = instant.replace(second=0, microsecond=0)
    if minute < instant:
        minute += timedelta(minutes=1)
    return minute + timedelta(minutes=(-minute.minute) % 15)


class ScheduleController(QObject):
    """Everything the schedule dialog does, apart from showing it."""

    problem = Signal(str)
    booked = Signal(int)  # check-in id

    def __init__(self, context: AppContext, contact_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        store = context.store
        brief = contact_brief(store, contact_id)
        if brief is None:
            raise ContactError(f"no contact #{contact_id}")
        self.contact: ContactBrief = brief
        self.settings = store.settings()
        self.checkin_id: int | None = None

    @property
    def tz(self) -> tzinfo:
        return self._context.store.tz

    def proposals(self, minutes: int, count: int = PROPOSAL_COUNT) -> list[datetime]:
        """The next free slots inside check-in hours, earliest first (in the user's zone)."""
        from services.calendar_sync import cached_busy

        store = self._context.store
        now = store.now()
        return proposed_slots(
            after=now + MINIMUM_LEAD,
            tz=store.tz,
            settings=self.settings,
            minutes=minutes,
            # The user's real meetings, as last read from their calendar (kept warm in the
            # background; never a network call on the UI thread).
            busy=cached_busy(store, now, now + timedelta(days=BUSY_LOOKAHEAD_DAYS)),
            planned_starts=planned_starts(store, since=now - timedelta(days=1)),
            count=count,
        )

    def fallback_time(self) -> datetime:
        """When no slot is free in check-in hours: the next quarter hour from now."""
        return round_up_to_quarter(self._context.store.now().astimezone(self.tz))

    def invite(self, starts_at: datetime) -> str:
        from services.exporting import invite_text, when_text

        return invite_text(
            self.settings.invite_text,
            first_name=self.contact.first_name,
            when=when_text(starts_at.astimezone(self.tz)),
        )

    def copy_text(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._context.status_message.emit("Invite copied to the clipboard")

    def mailto_url(self, invite: str, starts_at: datetime, minutes: int, channel: str) -> QUrl:
        """An email draft to the contact: the proposed time in the subject, the invite, how to join."""
        from connectors.mailto import how_to_join, invite_email
        from services.exporting import when_text

        local = starts_at.astimezone(self.tz)
        url = invite_email(
            to=self.contact.email or "",
            when=when_text(local),
            minutes=minutes,
            channel=channel,
            invite=invite,
            join=how_to_join(channel, phone=self.contact.phone or ""),
            zone=local.tzname() or "",
        )
        return QUrl(url, QUrl.ParsingMode.StrictMode)

    def book(self, starts_at: datetime, minutes: int, channel: str) -> int | None:
        """Save the check-in (once); returns its id, or None after reporting a problem."""
        if self.checkin_id is not None:
            return self.checkin_id
        if channel not in CHECKIN_CHANNELS:
            self.problem.emit(f"Choose one of: {', '.join(CHANNEL_LABELS.values())}")
            return None
        store = self._context.store
        if starts_at < store.now() - timedelta(minutes=1):
            self.problem.emit("That time has already passed; choose a time from now on.")
            return None
        try:
            contact = resolve_contact(f"#{self.contact.contact_id}")
            checkin = schedule_checkin(store, contact, at=starts_at, minutes=minutes, channel=channel)
        except ContactError as error:
            self.problem.emit(str(error))
            return None
        self.checkin_id = int(checkin.id)
        self._context.checkins_changed.emit()
        self._context.status_message.emit(
            f"Check-in with {self.contact.name} booked for {starts_at.astimezone(self.tz):%a %d %b, %H:%M}"
        )
        self.booked.emit(self.checkin_id)
        return self.checkin_id

    def save_ics(self, path: Path) -> bool:
        from connectors.atomic import write_private_atomically
        from services.exporting import ics_for_checkin

        if self.checkin_id is None:
            return False
        try:
            write_private_atomically(path, ics_for_checkin(self._context.store, get_checkin(self.checkin_id)))
        except OSError as error:
            self.problem.emit(f"Could not write {path}: {error.strerror or error}")
            return False
        self._context.status_message.emit(f"Calendar file saved: {path.name}")
        return True

    def ics_file_name(self, starts_at: datetime) -> str:
        safe = "".join(ch if ch.isalnum() else "-" for ch in self.contact.name).strip("-").lower()
        return f"check-in-{safe or 'contact'}-{starts_at.astimezone(self.tz):%Y-%m-%d-%H%M}.ics"
