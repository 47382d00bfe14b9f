"""Plain records the rules work on. The services layer builds them from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Touch:
    """One interaction with a contact, as the rules see it (dates are the user's local dates)."""

    on: date
    kind: str
    direction: str = "out"  # "out": I reached out; "in": they reached out


@dataclass(frozen=True)
class ExchangeRecord:
    """One line of the reciprocity ledger."""

    kind: str
    direction: str  # gave | received | they_asked | i_asked
    on: date
    status: str = "done"  # open | done | declined


@dataclass(frozen=True)
class ContactSnapshot:
    """What the rules need to know about one contact."""

    contact_id: int
    name: str
    circle: str
    cadence_days: int | None  # effective cadence: the contact's own, else its circle's
    importance: int  # Inner 4, Close 3, Network 2, Acquaintance 1, Untracked 0
    last_touch_on: date | None = None
    last_touch_kind: str | None = None
    engagement: float = 0.0  # decayed engagement E as of engagement_on
    engagement_on: date | None = None
    snoozed_until: date | None = None  # hidden from queue and reminders until this day
    archived: bool = False
    owed: int = 0  # max(0, exchanges they gave me - exchanges I gave them)
    company: str = ""
    position: str = ""
    birthday: str | None = None  # "YYYY-MM-DD" or "--MM-DD"

    @property
    def tracked(self) -> bool:
        return self.cadence_days is not None and not self.archived


@dataclass(frozen=True)
class PlannedCheckIn:
    checkin_id: int
    contact_id: int
    name: str
    starts_at: datetime  # aware
    minutes: int = 10
    channel: str = "call"
    reach: str = ""  # how to reach them: phone, email or profile


@dataclass(frozen=True)
class SentNotification:
    """One row of the notification log."""

    kind: str
    dedupe_key: str
    contact_id: int | None
    sent_at: datetime  # aware UTC
