"""Check-ins in the user's own CalDAV calendar: the account, the push, and what is still waiting.

The URL, user and calendar name are settings; the password lives only in the OS keyring
(connectors.secrets). What to push is not queued by whoever changes a check-in: it is
worked out by comparing the check-ins with what the calendar was last sent (see
services.calendar_pending), so a change made anywhere — the window, the command line,
another process, a restore — reaches the calendar, and a failed push is simply retried.

Functions that talk to the server block for up to the connector's timeout: the window
calls them on a worker thread (ui.calendar_settings, the scheduler).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from connectors import secrets
from connectors.caldav_sync import (
    CalendarAuthError,
    CalendarClient,
    CalendarError,
    CalendarInfo,
    CalendarUnreachableError,
)
from core.settings import Settings
from models.calendar import CalendarPush
from models.entities import CheckIn, Contact
from services.calendar_account import (
    Account,
    ClientFactory,
    account_of,
    default_client_factory,
    open_calendar,
)
from services.calendar_busy import (
    FIRST_WINDOW,
    SlotChoice,
    busy_for_slots,
    cached_busy,
    forget_busy_times,
    free_slot,
)
from services.calendar_pending import PendingChange, fingerprint, pending_changes
from services.checkins import schedule_checkin
from services.clock import to_db
from services.store import Store

__all__ = [
    "PUSH_INTERVAL_S",
    "Account",
    "AccountStatus",
    "ClientFactory",
    "PendingChange",
    "PushReport",
    "ScheduleOutcome",
    "SlotChoice",
    "account_of",
    "account_status",
    "busy_for_slots",
    "cached_busy",
    "calendar_tick",
    "connect_account",
    "default_client_factory",
    "disconnect_account",
    "free_slot",
    "open_calendar",
    "pending_changes",
    "push_pending",
    "schedule_and_push",
    "test_account",
]

log = logging.getLogger(__name__)

# Once the window's scheduler runs push_pending this often, a failed push is retried within it.
PUSH_INTERVAL_S = 300


@dataclass(frozen=True)
class PushReport:
    put: int = 0
    deleted: int = 0
    failed: int = 0
    error: str = ""  # why the last failure happened
    unreachable: bool = False  # the server could not be reached: everything waits for the next try

    @property
    def ok(self) -> bool:
        return self.failed == 0


@dataclass(frozen=True)
class AccountStatus:
    account: Account | None
    pending: list[PendingChange]

    @property
    def summary(self) -> str:
        """'Connected to Work (cal.example.com) as ana · 2 check-ins waiting to be pushed'."""
        if self.account is None:
            return "Not connected to a calendar"
        host = urlsplit(self.account.url).netloc or self.account.url
        name = self.account.calendar_name or "your calendar"
        line = f"Connected to {name} ({host}) as {self.account.user}"
        waiting = len(self.pending)
        if waiting:
            line += f" · {waiting} check-in{'s' if waiting != 1 else ''} waiting to be pushed"
        else:
            line += " · everything is in the calendar"
        return line


def account_status(store: Store) -> AccountStatus:
    """The account and what waits to be pushed; reads only the database (safe on the UI thread)."""
    account = account_of(store.settings())
    return AccountStatus(account, pending_changes(store) if account else [])


def connect_account(
    store: Store,
    url: str,
    user: str,
    password: str,
    calendar_name: str = "",
    *,
    client_factory: ClientFactory = default_client_factory,
) -> CalendarInfo:
    """Check the login, keep the password in the keyring and the rest in the settings.

    Nothing is saved unless both the server accepted the login and the keyring kept
    the password.
    """
    url, user = url.strip(), user.strip()
    if not user:
        raise ValueError("the user name is empty")
    if not password:
        raise ValueError("the password is empty")
    if urlsplit(url).password is not None:  # it would be kept in the settings, in plain text
        raise ValueError(
            "the address contains a password: remove it from the address "
            "(the password is asked for on its own and kept in the keyring)"
        )
    secrets.ensure_available()  # before the network: a missing keyring is the first thing to tell
    client = client_factory(url, user, password, calendar_name.strip() or None)
    try:
        info = client.test()
    finally:
        client.close()
    settings = store.settings()
    previous = account_of(settings)
    new = Account(url, user, info.name)
    secrets.store_password(new.secret_key, password)
    if previous is not None and previous.secret_key != new.secret_key:
        _forget_secret(previous)
    settings.calendar_url, settings.calendar_user, settings.calendar_name = (
        new.url,
        new.user,
        new.calendar_name,
    )
    with store.db.atomic():
        store.save_settings(settings)
        if previous != new:
            # Another calendar holds none of our events: everything is pushed afresh.
            CalendarPush.delete().execute()
    forget_busy_times()
    log.info("calendar connected: %s at %s", info.name, url)
    return info


def _forget_secret(account: Account) -> bool:
    try:
        return secrets.delete_password(account.secret_key)
    except secrets.SecretStoreUnavailable as error:
        log.warning("could not remove the old calendar password: %s", error)
        return False


def disconnect_account(store: Store) -> str:
    """Forget the account and delete its password from the keyring; returns what was done."""
    settings = store.settings()
    account = account_of(settings)
    if account is None:
        return "No calendar was connected."
    problem = ""
    try:
        secrets.delete_password(account.secret_key)
    except secrets.SecretStoreUnavailable as error:
        problem = str(error)
    settings.calendar_url = settings.calendar_user = settings.calendar_name = ""
    with store.db.atomic():
        store.save_settings(settings)
        CalendarPush.delete().execute()
    forget_busy_times()
    if problem:
        return f"Disconnected, but the password could not be removed from the keyring: {problem}"
    return "Disconnected; the password was removed from the keyring."


def test_account(store: Store, client_factory: ClientFactory = default_client_factory) -> CalendarInfo:
    client = open_calendar(store, client_factory)
    try:
        return client.test()
    finally:
        client.close()


def _record_success(uid: str, checkin_id: int | None, fingerprint: str, now: datetime) -> None:
    CalendarPush.insert(
        uid=uid,
        checkin_id=checkin_id,
        pushed_fingerprint=fingerprint,
        attempts=0,
        last_error="",
        updated_at=now,
    ).on_conflict_replace().execute()


def _record_failure(store: Store, changes: list[PendingChange], error: str) -> None:
    """Count a failed attempt on each change and keep the reason; what was sent stays as it is."""
    now = to_db(store.now())
    with store.db.atomic():
        for change in changes:
            CalendarPush.insert(
                uid=change.uid, checkin_id=change.checkin_id, attempts=1, last_error=error, updated_at=now
            ).on_conflict(
                conflict_target=[CalendarPush.uid],
                update={
                    CalendarPush.attempts: CalendarPush.attempts + 1,
                    CalendarPush.last_error: error,
                    CalendarPush.updated_at: now,
                },
            ).execute()


def _push_one(store: Store, client: CalendarClient, change: PendingChange, settings: Settings) -> str:
    """Push one change; returns 'put', 'deleted' or '' when it no longer applies."""
    from services.exporting import ics_for_checkin

    now = to_db(store.now())
    if change.action == "delete":
        client.delete_event(change.uid)
        CalendarPush.delete().where(CalendarPush.uid == change.uid).execute()
        return "deleted"
    checkin = CheckIn.select(CheckIn, Contact).join(Contact).where(CheckIn.uid == change.uid).first()
    if checkin is None or checkin.status != "planned":
        return ""  # changed meanwhile; the next look at pending_changes decides again
    sent = fingerprint(checkin, settings, store)
    client.put_event(checkin.uid, ics_for_checkin(store, checkin))
    _record_success(checkin.uid, checkin.id, sent, now)
    return "put"


def push_pending(store: Store, client_factory: ClientFactory = default_client_factory) -> PushReport:
    """Bring the calendar up to date; failures stay pending with their reason, for the next try.

    Returns at once, without any network, when no calendar is connected or nothing waits.
    """
    if account_of(store.settings()) is None:
        return PushReport()
    changes = pending_changes(store)
    if not changes:
        return PushReport()
    try:
        client = open_calendar(store, client_factory)
    except (CalendarError, secrets.SecretStoreUnavailable) as error:
        _record_failure(store, changes, str(error))
        return PushReport(
            failed=len(changes), error=str(error), unreachable=isinstance(error, CalendarUnreachableError)
        )
    settings = store.settings()
    put = deleted = failed = 0
    last_error = ""
    try:
        for index, change in enumerate(changes):
            try:
                done = _push_one(store, client, change, settings)
            except (CalendarUnreachableError, CalendarAuthError) as error:
                # The server is gone or refuses us: the rest would fail the same way.
                _record_failure(store, changes[index:], str(error))
                unreachable = isinstance(error, CalendarUnreachableError)
                return PushReport(put, deleted, failed + len(changes) - index, str(error), unreachable)
            except CalendarError as error:
                log.info("push of %s failed: %s", change.uid, error)
                _record_failure(store, [change], str(error))
                failed += 1
                last_error = str(error)
                continue
            put += done == "put"
            deleted += done == "deleted"
    finally:
        client.close()
    return PushReport(put, deleted, failed, last_error)


@dataclass(frozen=True)
class ScheduleOutcome:
    checkin: CheckIn
    push: PushReport | None  # None: no calendar connected
    note: str  # e.g. why the calendar's busy times could not be consulted


def schedule_and_push(
    store: Store,
    contact: Contact,
    *,
    at: datetime | None = None,
    minutes: int | None = None,
    channel: str = "call",
    note: str = "",
    client_factory: ClientFactory = default_client_factory,
) -> ScheduleOutcome:
    """Book a check-in (avoiding the calendar's meetings when no time is given) and push it.

    The booking is saved first and always: without the server it waits for the next push.
    """
    connected = account_of(store.settings()) is not None
    choice = None
    if at is None and connected:
        choice = free_slot(store, minutes, client_factory=client_factory)
        at = choice.starts_at
    checkin = schedule_checkin(store, contact, at=at, minutes=minutes, channel=channel, note=note)
    if not connected:
        return ScheduleOutcome(checkin, None, "")
    remark = choice.note if choice else ""
    if choice is not None and choice.unreachable:
        # The server did not answer a moment ago: waiting for it twice would only slow the user.
        changes = pending_changes(store)
        _record_failure(store, changes, choice.error)
        report = PushReport(failed=len(changes), error=choice.error, unreachable=True)
        return ScheduleOutcome(checkin, report, remark)
    return ScheduleOutcome(checkin, push_pending(store, client_factory), remark)


def calendar_tick(store: Store, client_factory: ClientFactory = default_client_factory) -> PushReport:
    """The scheduler's periodic calendar work (on a worker, every PUSH_INTERVAL_S): push, then
    refresh the busy times the schedule dialog reads from memory. Never raises for a server
    or keyring problem: those stay in the pending list with their reason.
    """
    report = push_pending(store, client_factory)
    if account_of(store.settings()) is None or report.unreachable:
        return report
    now = store.now()
    try:
        busy_for_slots(store, now, now + FIRST_WINDOW, client_factory=client_factory)
    except (CalendarError, secrets.SecretStoreUnavailable) as error:
        log.info("busy times not refreshed: %s", error)
    return report
