"""Reading contacts as the rules' ContactSnapshot records, fast enough for 30,000 contacts."""

from __future__ import annotations

from datetime import date, datetime, timezone, tzinfo

from core.kinds import GAVE, RECEIVED
from core.records import ContactSnapshot
from services.store import Store

SNAPSHOT_SQL = """
SELECT c.id, c.display_name, ci.name, COALESCE(c.cadence_days, ci.cadence_days), ci.importance,
       c.last_touch_at, c.last_touch_kind, c.engagement, c.engagement_on, c.snoozed_until,
       c.archived, c.company, c.position, c.birthday
FROM contact c JOIN circle ci ON ci.id = c.circle_id
"""

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
    sql = SNAPSHOT_SQL + (" WHERE " + " AND ".join(where) if where else "")
    owed = owed_by_contact(store)
    tz = store.tz
    # Converting each stored UTC instant to a local day is the hot spot: cache by value.
    day_cache: dict[str, date | None] = {}
    snapshots = []
    for row in store.db.execute_sql(sql, params):
        (
            cid,
            name,
            circle,
            cadence,
            importance,
            last_at,
            last_kind,
            engagement,
            engagement_on,
            snoozed,
            archived,
            company,
            position,
            birthday,
        ) = row
        last_day = (
            day_cache.get(last_at)
            if last_at in day_cache
            else day_cache.setdefault(last_at, _local_day(last_at, tz))
        )
        snapshots.append(
            ContactSnapshot(
                contact_id=cid,
                name=name,
                circle=circle,
                cadence_days=cadence,
                importance=importance,
                last_touch_on=last_day,
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
