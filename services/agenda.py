"""Check-ins as plain rows for lists, and the small look-ups the scheduling screens need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from services.store import Store


@dataclass(frozen=True)
class CheckinRow:
    checkin_id: int
    contact_id: int
    name: str
    starts_at: datetime  # aware, in the user's zone
    minutes: int
    channel: str
    status: str  # planned | done | skipped

    @property
    def is_planned(self) -> bool:
        return self.status == "planned"


def _utc_text(instant: datetime) -> str:
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def checkin_rows(
    store: Store,
    *,
    statuses: tuple[str, ...] = ("planned",),
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[CheckinRow]:
    """Check-ins with these statuses starting in [since, until), earliest first."""
    where = [f"k.status IN ({','.join('?' * len(statuses))})"]
    params: list[object] = list(statuses)
    if since is not None:
        where.append("k.starts_at >= ?")
        params.append(_utc_text(since))
    if until is not None:
        where.append("k.starts_at < ?")
        params.append(_utc_text(until))
    rows = store.db.execute_sql(
        "SELECT k.id, k.contact_id, c.display_name, k.starts_at, k.minutes, k.channel, k.status "
        "FROM checkin k JOIN contact c ON c.id = k.contact_id "
        f"WHERE {' AND '.join(where)} ORDER BY k.starts_at, k.id",
        params,
    )
    tz = store.tz
    return [
        CheckinRow(
            checkin_id=checkin_id,
            contact_id=contact_id,
            name=name,
            starts_at=datetime.fromisoformat(str(starts)).replace(tzinfo=UTC).astimezone(tz),
            minutes=minutes,
            channel=channel,
            status=status,
        )
        for checkin_id, contact_id, name, starts, minutes, channel, status in rows
    ]


def planned_starts(store: Store, since: datetime) -> list[datetime]:
    """Starts of the planned check-ins from `since` on: the slot finder keeps clear of them."""
    return [row.starts_at for row in checkin_rows(store, since=since)]


@dataclass(frozen=True)
class ContactBrief:
    contact_id: int
    name: str
    first_name: str
    email: str | None  # the first address on file
    phone: str | None = None  # the first number on file


def contact_brief(store: Store, contact_id: int) -> ContactBrief | None:
    row = store.db.execute_sql(
        "SELECT c.id, c.display_name, c.first_name, "
        "(SELECT e.email FROM contact_email e WHERE e.contact_id = c.id ORDER BY e.id LIMIT 1), "
        "(SELECT p.phone FROM contact_phone p WHERE p.contact_id = c.id ORDER BY p.id LIMIT 1) "
        "FROM contact c WHERE c.id = ?",
        [contact_id],
    ).fetchone()
    if row is None:
        return None
    contact_id, name, first_name, email, phone = row
    return ContactBrief(contact_id, name, first_name or (name.split() or [""])[0], email, phone)


def has_contacts(store: Store) -> bool:
    """Whether the database holds any contact at all (the welcome page shows until it does)."""
    return store.db.execute_sql("SELECT EXISTS (SELECT 1 FROM contact)").fetchone()[0] == 1

