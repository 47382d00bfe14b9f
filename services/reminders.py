"""One reminder pass: read what the policy needs, ask it what is due, log first, then send.

Every reminder is written to the notification log *before* it is shown, with INSERT OR
IGNORE on its unique dedupe key: whichever process inserts the row is the one that sends,
so the window and a `rapport remind` from cron never show the same reminder twice. When
no backend can show it, the rows just written are deleted again, so the reminder is
retried by the next pass instead of being marked sent unseen.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from connectors.notify import NotificationUnavailable, Notifier
from core.records import ContactSnapshot, PlannedCheckIn, SentNotification
from core.reminders import CATCH_UP_AFTER, Reminder, in_quiet_hours, plan_reminders
from core.settings import Settings, parse_clock
from models.entities import Setting
from services.checkins import as_planned, planned_checkins
from services.clock import from_db, to_db
from services.queue import overdue_candidates
from services.snapshots import load_snapshots
from services.store import Store

log = logging.getLogger(__name__)

# Not part of Settings: it changes every few minutes and must not race with a settings save.
LAST_RUN_KEY = "reminders_last_run_at"
# Older log rows can no longer shadow a reminder (every key names its day); reading them
# would only slow the pass down as the log grows over the years.
LOG_HORIZON = timedelta(days=400)
# A check-in that started while Rapport was closed is mentioned in the catch-up; one that
# started longer ago than this is history, not news.
MISSED_CHECKIN_HORIZON = timedelta(days=30)

SENT = "sent"
WOULD_SEND = "would send"
NOT_SHOWN = "not shown"  # no backend could show it; left unlogged for the next pass
TAKEN = "sent elsewhere"  # another process logged it first

_INSERT_SQL = (
    "INSERT OR IGNORE INTO notification_log (kind, dedupe_key, contact_id, title, body, channel, sent_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class Delivery:
    reminder: Reminder
    outcome: str  # sent | would send | not shown | sent elsewhere
    channel: str = ""
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "kind": self.reminder.kind,
            "key": self.reminder.dedupe_key,
            "contact_id": self.reminder.contact_id,
            "title": self.reminder.title,
            "body": self.reminder.body,
            "urgency": self.reminder.urgency,
            "covers": list(self.reminder.covers),
            "channel": self.channel,
            "error": self.error,
        }


@dataclass(frozen=True)
class ReminderPass:
    ran_at: datetime
    dry_run: bool
    silenced: str = ""  # why nothing may be said now: "" | paused… | quiet hours | notifications off
    deliveries: list[Delivery] = field(default_factory=list)

    def with_outcome(self, outcome: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.outcome == outcome]

    @property
    def sent(self) -> list[Delivery]:
        return self.with_outcome(SENT)

    @property
    def not_shown(self) -> list[Delivery]:
        return self.with_outcome(NOT_SHOWN)


def paused_until(settings: Settings) -> datetime | None:
    """The stored pause as an aware instant; None when not paused or unreadable."""
    if not settings.reminders_paused_until:
        return None
    try:
        until = datetime.fromisoformat(settings.reminders_paused_until)
    except ValueError:
        return None
    return until if until.tzinfo else until.replace(tzinfo=timezone.utc)


def silenced_reason(settings: Settings, now: datetime, store: Store) -> str:
    """Why reminders may not speak at `now` (the policy's own gates), or ''."""
    if not settings.notifications_enabled:
        return "notifications are off"
    pause = paused_until(settings)
    if pause is not None and now < pause:
        return f"paused until {pause.astimezone(store.tz):%Y-%m-%d %H:%M}"
    if in_quiet_hours(now.astimezone(store.tz).time(), settings):
        return "quiet hours"
    return ""


def last_run_at(store: Store) -> datetime | None:
    row = Setting.get_or_none(Setting.key == LAST_RUN_KEY)
    if row is None:
        return None
    try:
        return from_db(json.loads(row.value))
    except (ValueError, TypeError):
        return None


def _remember_run(store: Store, when: datetime) -> None:
    value = json.dumps(to_db(when).isoformat(sep=" "))
    Setting.insert(key=LAST_RUN_KEY, value=value).on_conflict_replace().execute()


def _recent_log(store: Store, now: datetime) -> list[SentNotification]:
    rows = store.db.execute_sql(
        "SELECT kind, dedupe_key, contact_id, sent_at FROM notification_log WHERE sent_at >= ?",
        [to_db(now - LOG_HORIZON).isoformat(sep=" ")],
    )
    entries = []
    for kind, key, contact_id, sent_at in rows:
        sent = from_db(sent_at)
        assert sent is not None
        entries.append(SentNotification(kind=kind, dedupe_key=key, contact_id=contact_id, sent_at=sent))
    return entries


def _planned(store: Store, now: datetime, previous_run: datetime | None) -> list[PlannedCheckIn]:
    since = now - timedelta(hours=1)
    if previous_run is not None:
        since = max(min(previous_run, since), now - MISSED_CHECKIN_HORIZON)
    return [as_planned(checkin) for checkin in planned_checkins(store, since=since)]


def _snapshots(store: Store, planned: Sequence[PlannedCheckIn]) -> list[ContactSnapshot]:
    """Only the contacts the policy can speak about, so a pass stays fast at 30,000 contacts:
    overdue ones (cold notices, the digest), birthdays, and those with a planned check-in
    (whose snooze or archiving silences its reminder)."""
    candidates = {s.contact_id: s for s in overdue_candidates(store)}
    extra = load_snapshots(
        store,
        include_archived=True,
        where_sql=(
            "(c.birthday IS NOT NULL AND c.birthday != '' AND c.archived = 0 "
            "AND COALESCE(c.cadence_days, ci.cadence_days) IS NOT NULL)"
            + (f" OR c.id IN ({','.join('?' * len(planned))})" if planned else "")
        ),
        params=[c.contact_id for c in planned],
    )
    for snapshot in extra:
        candidates.setdefault(snapshot.contact_id, snapshot)
    return list(candidates.values())


def plan_now(store: Store) -> tuple[list[Reminder], str]:
    """What a pass would send now, and why nothing may be said (or '')."""
    now = store.now()
    settings = store.settings()
    previous = last_run_at(store)
    planned = _planned(store, now, previous)
    reminders = plan_reminders(
        now=now,
        tz=store.tz,
        settings=settings,
        snapshots=_snapshots(store, planned),
        planned=planned,
        log=_recent_log(store, now),
        last_run_at=previous,
    )
    from services.review import review_reminder  # loaded at the first pass, after the window shows

    review = review_reminder(store)
    if review is not None:
        reminders.append(review)
    return reminders, silenced_reason(settings, now, store)


def run_reminder_pass(store: Store, notifier: Notifier | None, *, dry_run: bool = False) -> ReminderPass:
    """One pass. With `dry_run` (or no notifier) nothing is logged, sent or remembered."""
    now = store.now()
    previous = last_run_at(store)
    reminders, silenced = plan_now(store)
    if dry_run or notifier is None:
        deliveries = [Delivery(r, WOULD_SEND) for r in reminders]
        return ReminderPass(ran_at=now, dry_run=True, silenced=silenced, deliveries=deliveries)

    deliveries = []
    unavailable = ""
    for reminder in reminders:
        if unavailable:  # every backend just failed: don't claim, don't try again this pass
            deliveries.append(Delivery(reminder, NOT_SHOWN, error=unavailable))
            continue
        delivery = _deliver(store, notifier, reminder, now)
        if delivery.outcome == NOT_SHOWN:
            unavailable = delivery.error
        deliveries.append(delivery)

    # Silenced by a pause or the night after a long absence: keep the old mark, so the
    # first pass that may speak still sees the absence and sums it up once. A pass whose
    # reminders could not be shown keeps it too: the retry is then still a catch-up.
    away = previous is not None and now - previous > CATCH_UP_AFTER
    keep_mark = (away and silenced not in ("", "notifications are off")) or bool(unavailable)
    if not keep_mark:
        _remember_run(store, now)
    return ReminderPass(ran_at=now, dry_run=False, silenced=silenced, deliveries=deliveries)


def _deliver(store: Store, notifier: Notifier, reminder: Reminder, now: datetime) -> Delivery:
    claimed = _claim(store, reminder, now)
    if not claimed:
        log.info("reminder %s was already sent by another process", reminder.dedupe_key)
        return Delivery(reminder, TAKEN)
    try:
        channel = notifier.send(
            reminder.title, reminder.body, urgency=reminder.urgency, key=reminder.dedupe_key
        )
    except Exception as error:  # NotificationUnavailable, or a broken notifier: never fatal
        if not isinstance(error, NotificationUnavailable):
            log.exception("notifier failed on %s", reminder.dedupe_key)
        _release(store, claimed)
        log.warning("reminder %s could not be shown, will retry: %s", reminder.dedupe_key, error)
        return Delivery(reminder, NOT_SHOWN, error=str(error) or type(error).__name__)
    placeholders = ",".join("?" * len(claimed))
    store.db.execute_sql(
        f"UPDATE notification_log SET channel = ? WHERE dedupe_key IN ({placeholders})", [channel, *claimed]
    )
    log.info("reminder %s shown via %s", reminder.dedupe_key, channel)
    return Delivery(reminder, SENT, channel=channel)


def _claim(store: Store, reminder: Reminder, now: datetime) -> list[str]:
    """Log the reminder (and what a summary covers); the keys this process inserted.

    Empty when the reminder's own key was already there: someone else sends it.
    """
    sent_at = to_db(now).isoformat(sep=" ")
    with store.db.atomic():
        cursor = store.db.execute_sql(
            _INSERT_SQL,
            [
                reminder.kind,
                reminder.dedupe_key,
                reminder.contact_id,
                reminder.title,
                reminder.body,
                "",
                sent_at,
            ],
        )
        if cursor.rowcount != 1:
            return []
        claimed = [reminder.dedupe_key]
        for key in reminder.covers:
            kind, contact_id = _covered(store, key)
            title = "Included in the summary “While you were away”"
            cursor = store.db.execute_sql(_INSERT_SQL, [kind, key, contact_id, title, "", "", sent_at])
            if cursor.rowcount == 1:
                claimed.append(key)
    return claimed


def _covered(store: Store, key: str) -> tuple[str, int | None]:
    """The kind and contact of a key a catch-up stands for ('cold:12:2026-11-20' -> cold, 12)."""
    kind, _, rest = key.partition(":")
    first = rest.partition(":")[0]
    if not first.isdigit():
        return kind, None
    if kind == "checkin":
        row = store.db.execute_sql("SELECT contact_id FROM checkin WHERE id = ?", [int(first)]).fetchone()
        return kind, row[0] if row else None
    exists = store.db.execute_sql("SELECT 1 FROM contact WHERE id = ?", [int(first)]).fetchone()
    return kind, int(first) if exists else None


def _release(store: Store, keys: Sequence[str]) -> None:
    with store.db.atomic():
        store.db.execute_sql(
            f"DELETE FROM notification_log WHERE dedupe_key IN ({','.join('?' * len(keys))})", list(keys)
        )


def log_test_notification(store: Store, channel: str, title: str, body: str) -> None:
    """A test notification shows in the history like any other (it shadows no reminder)."""
    now = store.now()
    key = f"test:{uuid.uuid4()}"
    store.db.execute_sql(
        _INSERT_SQL, ["test", key, None, title, body, channel, to_db(now).isoformat(sep=" ")]
    )


def upcoming_moments(store: Store, horizon: timedelta = timedelta(days=2)) -> list[datetime]:
    """When reminders may fall due next, soonest first: the digest, the lead time before each
    planned check-in, the end of quiet hours (what waited overnight is due then) and the end
    of a pause. The scheduler sets an exact timer for the first one."""
    now = store.now()
    settings = store.settings()
    tz = store.tz
    today = now.astimezone(tz).date()
    days = [today + timedelta(days=offset) for offset in range(horizon.days + 1)]
    moments = [datetime.combine(day, parse_clock(settings.quiet_end), tzinfo=tz) for day in days]
    if settings.digest_enabled:
        digest_at = parse_clock(settings.digest_time)
        moments += [
            datetime.combine(d, digest_at, tzinfo=tz) for d in days if d.weekday() in settings.digest_days
        ]
    lead = timedelta(minutes=settings.checkin_reminder_minutes)
    for checkin in planned_checkins(store, since=now):
        starts = from_db(checkin.starts_at)
        if starts is not None and starts - lead < now + horizon:
            moments.append(starts - lead)
    pause = paused_until(settings)
    if pause is not None:
        moments.append(pause)
    from services.review import next_review_moment

    review = next_review_moment(store)
    if review is not None:
        moments.append(review)
    return sorted(moment for moment in moments if moment > now)
