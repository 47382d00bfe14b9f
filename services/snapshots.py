"""Reading contacts as the rules' ContactSnapshot records, fast enough for 30,000 contacts."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

from core.kinds import GAVE, RECEIVED
from core.records import ContactSnapshot
from services.local_days import day_from_sql, local_day_sql
from services.store import Store

SNAPSHOT_SQL = """
SELECT c.id, c.display_name, ci.name, COALESCE(c.cadence_days, ci.cadence_days), ci.importance,
       {last_day}, c.last_touch_kind, c.engagement, c.engagement_on, c.snoozed_until,
       c.archived, c.company, c.position, c.birthday
FROM contact c JOIN circle ci ON ci.id = c.circle_id
"""
# Last touches may be logged ahead of today (a lunch booked and logged in advance).
FUTURE_DAYS = 400

OWED_SQL = f"""
SELECT contact_id,
       SUM(CASE WHEN direction = '{RECEIVED}' THEN 1 ELSE 0 END)
     - SUM(CASE WHEN direction = '{GAVE}' THEN 1 ELSE 0 END)
FROM exchange WHERE status != 'declined' AND direction IN ('{RECEIVED}', '{GAVE}')
GROUP BY contact_id
"""


def _local_day(text: str | None, tz: tzinfo) -> date | None:
    if not text:
        return None
    instant = datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
    return instant.astimezone(tz).date()


def last_touch_day_sql(store: Store) -> str:
    """The local day of ``c.last_touch_at`` as SQL: converting each instant in Python cost
    more than the query itself at 30,000 contacts."""
    today = store.today()
    oldest = store.db.execute_sql("SELECT MIN(last_touch_at) FROM contact").fetchone()[0]
    first = _local_day(oldest, store.tz) or today
    # Rounded down to a year start, so the expression (and its cache) rarely changes.
    start = date(min(first, today).year, 1, 1)
    return local_day_sql("c.last_touch_at", store.tz, start, today + timedelta(days=FUTURE_DAYS))


def owed_by_contact(store: Store) -> dict[int, int]:
    return {cid: max(0, int(balance)) for cid, balance in store.db.execute_sql(OWED_SQL)}


def load_snapshots(
    store: Store,
    *,
    tracked_only: bool = False,
    include_archived: bool = False,
    contact_ids: list[int] | None = None,
    where_sql: str = "",
    params: list[object] | None = None,
) -> list[ContactSnapshot]:
    """Every contact (or these) as a snapshot; one query plus one for the ledger."""
    where: list[str] = []
    params = list(params or [])
    if where_sql:
        where.append(f"({where_sql})")
    if tracked_only:
        where.append("COALESCE(c.cadence_days, ci.cadence_days) IS NOT NULL")
    if not include_archived:
        where.append("c.archived = 0")
    if contact_ids is not None:
        where.append(f"c.id IN ({','.join('?' * len(contact_ids))})")
        params.extend(contact_ids)
    sql = SNAPSHOT_SQL.format(last_day=last_touch_day_sql(store))
    if where:
        sql += " WHERE " + " AND ".join(where)
    owed = owed_by_contact(store)
    tz = store.tz
    snapshots = []
    for row in store.db.execute_sql(sql, params):
        (
            cid,
            name,
            circle,
            cadence,
            importance,
            last_day,
            last_kind,
            engagement,
            engagement_on,
            snoozed,
            archived,
            company,
            position,
            birthday,
        ) = row
        snapshots.append(
            ContactSnapshot(
                contact_id=cid,
                name=name,
                circle=circle,
                cadence_days=cadence,
                importance=importance,
                last_touch_on=day_from_sql(last_day),
                last_touch_kind=last_kind,
                engagement=engagement or 0.0,
                engagement_on=date.fromisoformat(engagement_on) if engagement_on else None,
                snoozed_until=_local_day(snoozed, tz) if snoozed else None,
                archived=bool(archived),
                owed=owed.get(cid, 0),
                company=company,
                position=position,
                birthday=birthday,
            )
        )
    return snapshots
