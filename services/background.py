"""What Rapport's background half shows and changes: the tray summary, pausing reminders,
the notification history, and starting at login."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import platformdirs

from connectors import autostart
from core.queue import QueueEntry, going_cold, todays_queue
from core.records import PlannedCheckIn
from models.location import APP_NAME
from services.checkins import as_planned, planned_checkins
from services.clock import from_db
from services.queue import overdue_candidates, planned_contact_ids
from services.reminders import paused_until
from services.store import Store

log = logging.getLogger(__name__)

TRAY_QUEUE_SIZE = 5
HISTORY_LIMIT = 500
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class TrayStatus:
    now: datetime
    going_cold: int  # cooling or cold, tracked, not snoozed
    today: list[QueueEntry]  # the top of today's queue
    next_checkin: PlannedCheckIn | None
    paused_until: datetime | None
    checkin_minutes: int

    @property
    def attention(self) -> bool:
        return self.going_cold > 0

    def tooltip(self, store: Store) -> str:
        """'3 contacts going cold · next check-in 10:00 with Lena Vogel'."""
        if self.going_cold:
            noun = "contact" if self.going_cold == 1 else "contacts"
            parts = [f"{self.going_cold} {noun} going cold"]
        else:
            parts = ["Everyone is warm"]
        if self.next_checkin is not None:
            when = clock_text(self.next_checkin.starts_at, self.now, store)
            parts.append(f"next check-in {when} with {self.next_checkin.name}")
        if self.paused_until is not None:
            parts.append(f"reminders paused until {clock_text(self.paused_until, self.now, store)}")
        return " · ".join(parts)


def clock_text(moment: datetime, now: datetime, store: Store) -> str:
    """'10:00' today, 'Mon 10:00' within a week, else '2026-12-24 10:00' (local time)."""
    local, today = moment.astimezone(store.tz), now.astimezone(store.tz).date()
    if local.date() == today:
        return f"{local:%H:%M}"
    if timedelta(0) < local.date() - today < timedelta(days=7):
        return f"{_WEEKDAYS[local.weekday()]} {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def tray_status(store: Store) -> TrayStatus:
    now = store.now()
    settings = store.settings()
    today = store.today()
    candidates = overdue_candidates(store)
    queue = todays_queue(
        candidates, today, settings, budget=TRAY_QUEUE_SIZE, exclude_ids=planned_contact_ids(store)
    )
    upcoming = planned_checkins(store, since=now)
    pause = paused_until(settings)
    return TrayStatus(
        now=now,
        going_cold=len(going_cold(candidates, today, settings)),
        today=queue,
        next_checkin=as_planned(upcoming[0]) if upcoming else None,
        paused_until=pause if pause is not None and pause > now else None,
        checkin_minutes=settings.checkin_minutes,
    )


# --- pausing ------------------------------------------------------------------------------


def pause_reminders(store: Store, until: datetime) -> datetime:
    stored = until.astimezone(timezone.utc).isoformat()
    settings = dataclasses.replace(store.settings(), reminders_paused_until=stored)
    store.save_settings(settings)
    log.info("reminders paused until %s", until.isoformat())
    return until


def pause_for(store: Store, delta: timedelta) -> datetime:
    return pause_reminders(store, store.now() + delta)


def pause_until_tomorrow(store: Store) -> datetime:
    """Until the start of tomorrow, local time (quiet hours then hold the night)."""
    tomorrow = store.today() + timedelta(days=1)
    return pause_reminders(store, datetime.combine(tomorrow, time(0), tzinfo=store.tz))


def resume_reminders(store: Store) -> None:
    store.save_settings(dataclasses.replace(store.settings(), reminders_paused_until=None))
    log.info("reminders resumed")


# --- history --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    sent_at: datetime  # aware, local
    kind: str
    title: str
    body: str
    channel: str
    contact_id: int | None
    contact_name: str


def notification_history(store: Store, limit: int = HISTORY_LIMIT) -> list[HistoryRow]:
    """The notification log, newest first."""
    rows = store.db.execute_sql(
        "SELECT n.sent_at, n.kind, n.title, n.body, n.channel, n.contact_id, COALESCE(c.display_name, '') "
        "FROM notification_log n LEFT JOIN contact c ON c.id = n.contact_id "
        "ORDER BY n.sent_at DESC, n.id DESC LIMIT ?",
        [limit],
    )
    history = []
    for sent_at, kind, title, body, channel, contact_id, name in rows:
        instant = from_db(sent_at) or datetime.now(timezone.utc)
        history.append(HistoryRow(instant.astimezone(store.tz), kind, title, body, channel, contact_id, name))
    return history


# --- start at login ------------------------------------------------------------------------


def sync_start_at_login(store: Store) -> Path | None:
    """Make the login entry match the setting (and point at this installation).

    Returns the entry written, or None when start at login is off. Raises OSError when the
    entry can't be written or removed: the caller tells the user.
    """
    if store.settings().start_at_login:
        return autostart.enable(_login_arguments(store))
    autostart.disable()
    return None


def _login_arguments(store: Store) -> list[str]:
    # At login Rapport starts quietly in the tray. A portable or test data folder must be the
    # one opened at login too; the default one needs no argument (and then survives the user
    # moving nothing).
    default = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if store.data_dir.resolve() == default.resolve():
        return ["--hidden"]
    return ["--hidden", "--data-dir", str(store.data_dir.resolve())]
