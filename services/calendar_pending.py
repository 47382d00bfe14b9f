"""Which check-ins the user's calendar does not yet show as they are: the push's to-do list.

Worked out by comparing the check-ins with what was last sent (the calendar_push table):
- a planned check-in (from a day ago on) is put whenever it differs from what was sent;
- a skipped or deleted check-in that was sent, or tried, is deleted;
- a done check-in stays in the calendar as it is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from core.settings import Settings
from models.calendar import CalendarPush
from models.entities import CheckIn, Contact
from services.clock import from_db, to_db
from services.store import Store

# Planned check-ins older than this are history: pushing them would only clutter the calendar.
PAST_HORIZON = timedelta(days=1)

GONE_SQL = """
SELECT p.uid, p.checkin_id, p.attempts, p.last_error, c.starts_at
FROM calendar_push p LEFT JOIN checkin c ON c.uid = p.uid
WHERE c.id IS NULL OR c.status = 'skipped'
ORDER BY p.updated_at, p.uid
"""


@dataclass(frozen=True)
class PendingChange:
    """A check-in whose calendar event is not yet as it should be."""

    uid: str
    action: Literal["put", "delete"]
    checkin_id: int | None
    name: str  # the contact's name; empty when the check-in is gone
    starts_at: datetime | None
    attempts: int  # failed attempts so far
    last_error: str


def fingerprint(checkin: CheckIn, settings: Settings, store: Store) -> str:
    """What the event is made of; when it changes, the event is pushed again.

    Built from stored fields rather than the .ics bytes: computing this for every planned
    check-in must stay cheap enough for a status line.
    """
    contact: Contact = checkin.contact
    parts = [
        str(checkin.starts_at),
        checkin.minutes,
        checkin.channel,
        checkin.note,
        contact.display_name,
        contact.first_name,
        str(contact.updated_at),
        settings.invite_text,
        settings.checkin_reminder_minutes,
        str(getattr(store.tz, "key", store.tz)),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()[:32]


def _puts(store: Store, settings: Settings) -> list[PendingChange]:
    planned = list(
        CheckIn.select(CheckIn, Contact)
        .join(Contact)
        .where((CheckIn.status == "planned") & (CheckIn.starts_at >= to_db(store.now() - PAST_HORIZON)))
        .order_by(CheckIn.starts_at, CheckIn.id)
    )
    uids = [checkin.uid for checkin in planned]
    sent = {row.uid: row for row in CalendarPush.select().where(CalendarPush.uid.in_(uids))} if uids else {}
    changes = []
    for checkin in planned:
        row = sent.get(checkin.uid)
        if row is not None and row.pushed_fingerprint == fingerprint(checkin, settings, store):
            continue
        changes.append(
            PendingChange(
                uid=checkin.uid,
                action="put",
                checkin_id=checkin.id,
                name=checkin.contact.display_name,
                starts_at=from_db(checkin.starts_at),
                attempts=row.attempts if row else 0,
                last_error=row.last_error if row else "",
            )
        )
    return changes


def _deletes(store: Store) -> list[PendingChange]:
    return [
        PendingChange(uid, "delete", checkin_id, "", from_db(starts), attempts, last_error)
        for uid, checkin_id, attempts, last_error, starts in store.db.execute_sql(GONE_SQL)
    ]


def pending_changes(store: Store) -> list[PendingChange]:
    """Every check-in whose calendar event still has to be created, moved or removed."""
    return _puts(store, store.settings()) + _deletes(store)
