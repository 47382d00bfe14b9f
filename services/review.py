"""The weekly review from the database, and the Sunday-evening reminder that carries it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from core.records import ContactSnapshot, PlannedCheckIn
from core.reminders import Reminder
from core.review import (
    Review,
    WeekTouch,
    build_review,
    next_due_moment,
    review_due,
    review_key,
    review_reminder_for,
    week_of,
)
from services.clock import from_db, local_date
from services.local_days import local_midnight_utc
from services.queue import PREFILTER_SLACK_DAYS
from services.snapshots import load_snapshots, owed_by_contact
from services.store import Store

NOT_A_TOUCH = "'note'"


def _week_touches(store: Store, week_start: date, through: date) -> list[WeekTouch]:
    rows = store.db.execute_sql(
        "SELECT i.id, ic.contact_id, c.display_name, i.occurred_at, i.kind, i.direction "
        "FROM interaction i JOIN interaction_contact ic ON ic.interaction_id = i.id "
        "JOIN contact c ON c.id = ic.contact_id "
        f"WHERE i.occurred_at >= ? AND i.occurred_at < ? AND i.kind != {NOT_A_TOUCH}",
        [local_midnight_utc(week_start, store.tz), local_midnight_utc(through + timedelta(days=1), store.tz)],
    )
    touches = []
    for interaction_id, contact_id, name, occurred_at, kind, direction in rows:
        day = local_date(occurred_at, store.tz)
        assert day is not None
        touches.append(WeekTouch(interaction_id, contact_id, name, day, kind, direction))
    return touches


def _candidates(store: Store, next_monday: date) -> list[ContactSnapshot]:
    """Everyone the review may name: overdue by next Monday (which includes cold today), or owed."""
    settings = store.settings()
    horizon = datetime.combine(next_monday, datetime.min.time(), tzinfo=store.tz)
    prefilter = (
        "COALESCE(c.cadence_days, ci.cadence_days) IS NOT NULL AND "
        "(c.last_touch_at IS NULL OR julianday(?) - julianday(c.last_touch_at) >= "
        f"{settings.warm_below} * COALESCE(c.cadence_days, ci.cadence_days) - {PREFILTER_SLACK_DAYS})"
    )
    horizon_text = horizon.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
    overdue = load_snapshots(store, tracked_only=True, where_sql=prefilter, params=[horizon_text])
    owed_ids = [cid for cid, owed in owed_by_contact(store).items() if owed > 0]
    owed = load_snapshots(store, contact_ids=owed_ids) if owed_ids else []
    return list({s.contact_id: s for s in (*overdue, *owed)}.values())


def _planned_next_week(store: Store, next_monday: date) -> list[PlannedCheckIn]:
    start = local_midnight_utc(next_monday, store.tz)
    end = local_midnight_utc(next_monday + timedelta(days=7), store.tz)
    rows = store.db.execute_sql(
        "SELECT k.id, k.contact_id, c.display_name, k.starts_at, k.minutes, k.channel FROM checkin k "
        "JOIN contact c ON c.id = k.contact_id WHERE k.status = 'planned' AND k.starts_at >= ? "
        "AND k.starts_at < ?",
        [start, end],
    )
    planned = []
    for checkin_id, contact_id, name, starts_at, minutes, channel in rows:
        starts = from_db(starts_at)
        assert starts is not None
        planned.append(PlannedCheckIn(checkin_id, contact_id, name, starts, minutes, channel))
    return planned


def weekly_review(store: Store, *, week_of_day: date | None = None) -> Review:
    """The review of the week holding `week_of_day` (default: this week, up to today)."""
    today = store.today()
    week_start, week_end = week_of(week_of_day or today)
    through = min(week_end, today)
    next_monday = week_start + timedelta(days=7)
    return build_review(
        week_start=week_start,
        today=today,
        touches=_week_touches(store, week_start, through),
        snapshots=_candidates(store, next_monday),
        planned=_planned_next_week(store, next_monday),
        settings=store.settings(),
        tz=store.tz,
    )


def _sent(store: Store, key: str) -> bool:
    row = store.db.execute_sql("SELECT 1 FROM notification_log WHERE dedupe_key = ?", [key]).fetchone()
    return row is not None


def review_reminder(store: Store) -> Reminder | None:
    """The weekly-review notification if it is due now and not sent yet (see ``core.review``)."""
    now = store.now()
    settings = store.settings()
    week_start = review_due(now, store.tz, settings, ())
    if week_start is None or _sent(store, review_key(week_start)):
        return None
    return review_reminder_for(weekly_review(store, week_of_day=week_start), store.tz)


def next_review_moment(store: Store) -> datetime | None:
    """When the next review falls due (Sunday 18:00), for the reminder scheduler's timer."""
    return next_due_moment(store.now(), store.tz, store.settings())
