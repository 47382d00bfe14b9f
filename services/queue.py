"""Who is going cold, and who to talk to today."""

from __future__ import annotations

from datetime import timedelta, timezone

from core.queue import QueueEntry, going_cold, todays_queue
from core.records import ContactSnapshot
from services.snapshots import load_snapshots
from services.store import Store

# Days of slack in the SQL pre-filter: the rules decide on local calendar days, the
# database stores UTC instants, so the filter keeps anything within a day and a half.
PREFILTER_SLACK_DAYS = 1.5


def overdue_candidates(store: Store) -> list[ContactSnapshot]:
    """Tracked contacts that may be cooling, cold or new; the rules make the final call.

    Filtering in SQL first keeps the computation fast with 30,000 contacts, most of them warm
    or untracked.
    """
    settings = store.settings()
    now_text = store.now().astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
    prefilter = (
        "COALESCE(c.cadence_days, ci.cadence_days) IS NOT NULL AND c.archived = 0 AND "
        "(c.last_touch_at IS NULL OR julianday(?) - julianday(c.last_touch_at) >= "
        f"{settings.warm_below} * COALESCE(c.cadence_days, ci.cadence_days) - {PREFILTER_SLACK_DAYS})"
    )
    return load_snapshots(store, tracked_only=True, where_sql=prefilter, params=[now_text])


def planned_contact_ids(store: Store) -> set[int]:
    since = (store.now() - timedelta(hours=1)).astimezone(timezone.utc).replace(tzinfo=None)
    rows = store.db.execute_sql(
        "SELECT DISTINCT contact_id FROM checkin WHERE status = 'planned' AND starts_at >= ?",
        [since.isoformat(sep=" ")],
    )
    return {row[0] for row in rows}


def cold_list(store: Store) -> list[QueueEntry]:
    return going_cold(overdue_candidates(store), store.today(), store.settings())


def today_list(
    store: Store, *, budget: int | None = None, dismissed: set[int] | None = None
) -> list[QueueEntry]:
    excluded = planned_contact_ids(store) | (dismissed or set())
    return todays_queue(
        overdue_candidates(store), store.today(), store.settings(), budget=budget, exclude_ids=excluded
    )
