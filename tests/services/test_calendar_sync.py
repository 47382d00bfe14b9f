"""Check-ins in the user's calendar: the account, the push that never duplicates, busy times.
Tests marked `services` use a real Radicale server and the real Secret Service; the others
check the bookkeeping with an in-memory calendar and keyring."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from keyring.backends import fail

from connectors import secrets
from connectors.caldav_sync import BusyEvent, CalendarAuthError, CalendarUnreachableError
from models.calendar import CalendarPush
from models.entities import Contact
from services import calendar_busy
from services.calendar_sync import (
    account_of,
    account_status,
    busy_for_slots,
    cached_busy,
    connect_account,
    disconnect_account,
    free_slot,
    pending_changes,
    push_pending,
    schedule_and_push,
)
from services.checkins import complete_checkin, reschedule_checkin, schedule_checkin, skip_checkin
from services.contacts import ContactInput, create_contact
from services.exporting import export_json
from services.json_backup import restore_json
from services.store import Store, open_store
from services.timeline import CHECKIN, delete_item
from tests.calendar_doubles import URL, FakeCalendar, MemoryKeyring, MovableClock, installed

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY_10 = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def _fresh_busy_cache() -> Iterator[None]:
    yield
    calendar_busy.forget_busy_times()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(FRIDAY_10)


@pytest.fixture
def cal_store(data_dir: Path, clock: MovableClock) -> Iterator[Store]:
    store = open_store(data_dir, clock=clock, tz=BERLIN)
    yield store
    store.close()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with installed(MemoryKeyring()) as backend:
        yield backend


@pytest.fixture
def fake() -> FakeCalendar:
    return FakeCalendar()


@pytest.fixture
def ana(cal_store: Store) -> Contact:
    return create_contact(
        cal_store,
        ContactInput(
            display_name="Ana Costa", circle="Close", phones=["+49 170 1234567"], emails=["ana@example.com"]
        ),
    )


@pytest.fixture
def connected(cal_store: Store, memory_keyring: MemoryKeyring, fake: FakeCalendar) -> FakeCalendar:
    connect_account(cal_store, URL, "ana", "s3cret", client_factory=fake.factory)
    return fake


def actions(store: Store) -> list[tuple[str, int | None]]:
    return [(change.action, change.checkin_id) for change in pending_changes(store)]


# --- bookkeeping (in-memory calendar and keyring) ----------------------------------------


def test_connect_saves_the_account_and_the_password_only_in_the_keyring(
    cal_store: Store, memory_keyring: MemoryKeyring, fake: FakeCalendar
) -> None:
    info = connect_account(cal_store, f" {URL} ", " ana ", "s3cret", client_factory=fake.factory)
    assert info.name == "Work"
    account = account_of(cal_store.settings())
    assert account is not None and (account.url, account.user, account.calendar_name) == (URL, "ana", "Work")
    assert memory_keyring.items == {("Rapport", f"caldav:ana@{URL}"): "s3cret"}
    assert b"s3cret" not in cal_store.database_path.read_bytes()
    assert account_status(cal_store).summary == (
        "Connected to Work (cal.example.com) as ana · everything is in the calendar"
    )
    assert disconnect_account(cal_store) == "Disconnected; the password was removed from the keyring."
    assert memory_keyring.items == {}
    assert account_of(cal_store.settings()) is None
    assert account_status(cal_store).summary == "Not connected to a calendar"


def test_without_a_keyring_connect_refuses_before_any_network(cal_store: Store, fake: FakeCalendar) -> None:
    with installed(fail.Keyring()), pytest.raises(secrets.SecretStoreUnavailable, match="nothing was stored"):
        connect_account(cal_store, URL, "ana", "s3cret", client_factory=fake.factory)
    assert fake.logins == []
    assert account_of(cal_store.settings()) is None


def test_a_refused_login_saves_nothing(
    cal_store: Store, memory_keyring: MemoryKeyring, fake: FakeCalendar
) -> None:
    fake.fail_with = CalendarAuthError("cal.example.com: wrong user name or password (401 Unauthorized)")
    with pytest.raises(CalendarAuthError, match="wrong user name or password"):
        connect_account(cal_store, URL, "ana", "wrong", client_factory=fake.factory)
    assert memory_keyring.items == {}
    assert account_of(cal_store.settings()) is None


def test_planned_checkins_are_put_skipped_ones_deleted_and_done_ones_left(
    cal_store: Store, connected: FakeCalendar, ana: Contact, clock: MovableClock
) -> None:
    first = schedule_checkin(cal_store, ana, at=MONDAY_10)
    second = schedule_checkin(cal_store, ana, at=MONDAY_10 + timedelta(days=1))
    old = schedule_checkin(cal_store, ana, at=FRIDAY_10 - timedelta(days=3))  # history: never pushed
    assert actions(cal_store) == [("put", first.id), ("put", second.id)]
    assert push_pending(cal_store, connected.factory).put == 2
    assert set(connected.events) == {first.uid, second.uid}
    assert old.uid not in connected.events
    assert pending_changes(cal_store) == []
    assert push_pending(cal_store, connected.factory).put == 0  # nothing waits: nothing is sent

    reschedule_checkin(cal_store, first, MONDAY_10 + timedelta(hours=3))
    assert actions(cal_store) == [("put", first.id)]
    skip_checkin(cal_store, second)
    clock.now = MONDAY_10 + timedelta(hours=3, minutes=15)
    complete_checkin(cal_store, first)
    assert actions(cal_store) == [("delete", second.id)]  # done: its event stays as it is
    report = push_pending(cal_store, connected.factory)
    assert (report.put, report.deleted, report.failed) == (0, 1, 0)
    assert set(connected.events) == {first.uid}
    assert CalendarPush.get_or_none(CalendarPush.uid == second.uid) is None


def test_a_deleted_contacts_checkins_are_removed_from_the_calendar(
    cal_store: Store, connected: FakeCalendar, ana: Contact
) -> None:
    checkin = schedule_checkin(cal_store, ana, at=MONDAY_10)
    push_pending(cal_store, connected.factory)
    Contact.delete_by_id(ana.id)  # check-ins go with it (ON DELETE CASCADE)
    assert actions(cal_store) == [("delete", checkin.id)]
    assert push_pending(cal_store, connected.factory).deleted == 1
    assert connected.events == {}


def test_restoring_an_old_backup_brings_the_calendar_in_line_with_the_restored_checkins(
    cal_store: Store, connected: FakeCalendar, ana: Contact, tmp_path: Path
) -> None:
    kept = schedule_checkin(cal_store, ana, at=MONDAY_10)
    push_pending(cal_store, connected.factory)
    backup = tmp_path / "backup.json"
    export_json(cal_store, backup)
    # After the backup: the Monday check-in is deleted (its event goes), another is booked.
    delete_item(cal_store, CHECKIN, kept.id)
    later = schedule_checkin(cal_store, ana, at=MONDAY_10 + timedelta(days=1))
    push_pending(cal_store, connected.factory)
    assert set(connected.events) == {later.uid}

    restore_json(cal_store, backup)
    # The calendar still holds what was sent last, whatever the backup remembered.
    assert sorted(actions(cal_store)) == [("delete", later.id), ("put", kept.id)]
    push_pending(cal_store, connected.factory)
    assert set(connected.events) == {kept.uid}
    assert pending_changes(cal_store) == []


def test_a_failed_push_stays_pending_with_its_reason_and_is_retried(
    cal_store: Store, connected: FakeCalendar, ana: Contact
) -> None:
    connected.fail_with = CalendarUnreachableError("cal.example.com: cannot reach the calendar server")
    schedule_checkin(cal_store, ana, at=MONDAY_10)
    schedule_checkin(cal_store, ana, at=MONDAY_10 + timedelta(days=1))
    for attempt in (1, 2):
        report = push_pending(cal_store, connected.factory)
        assert report.unreachable and report.failed == 2 and report.put == 0
        assert [(c.attempts, c.last_error) for c in pending_changes(cal_store)] == [
            (attempt, "cal.example.com: cannot reach the calendar server")
        ] * 2
    assert "2 check-ins waiting to be pushed" in account_status(cal_store).summary
    connected.fail_with = None
    assert push_pending(cal_store, connected.factory).put == 2
    assert pending_changes(cal_store) == []
    assert len(connected.events) == 2


def test_a_change_to_the_contact_or_the_invite_is_pushed_again(
    cal_store: Store, connected: FakeCalendar, ana: Contact
) -> None:
    checkin = schedule_checkin(cal_store, ana, at=MONDAY_10)
    push_pending(cal_store, connected.factory)
    settings = cal_store.settings()
    settings.invite_text = "Hi {first_name}, coffee on {when}?"
    cal_store.save_settings(settings)
    assert actions(cal_store) == [("put", checkin.id)]
    push_pending(cal_store, connected.factory)
    (event,) = Calendar.from_ical(connected.events[checkin.uid]).events
    assert str(event["DESCRIPTION"]).startswith("Hi Ana, coffee on Monday 30 November at 10:00?")


def test_connecting_another_calendar_pushes_everything_afresh(
    cal_store: Store, connected: FakeCalendar, memory_keyring: MemoryKeyring, ana: Contact
) -> None:
    schedule_checkin(cal_store, ana, at=MONDAY_10)
    push_pending(cal_store, connected.factory)
    other = FakeCalendar()
    connect_account(cal_store, "https://other.example.com/", "ana", "pw2", client_factory=other.factory)
    assert list(memory_keyring.items) == [("Rapport", "caldav:ana@https://other.example.com/")]
    assert len(pending_changes(cal_store)) == 1
    push_pending(cal_store, other.factory)
    assert len(other.events) == 1


def test_busy_times_are_cached_briefly_and_leave_out_rapports_own_events(
    cal_store: Store, connected: FakeCalendar, ana: Contact
) -> None:
    own = schedule_checkin(cal_store, ana, at=MONDAY_10)
    meeting = BusyEvent(
        "meeting", MONDAY_10.astimezone(UTC), (MONDAY_10 + timedelta(hours=2)).astimezone(UTC)
    )
    connected.busy = [meeting, BusyEvent(own.uid, meeting.start, meeting.start + timedelta(minutes=10))]
    seconds = [1000.0]
    start, end = FRIDAY_10, FRIDAY_10 + timedelta(days=7)
    busy = busy_for_slots(
        cal_store, start, end, client_factory=connected.factory, monotonic=lambda: seconds[0]
    )
    assert busy == [(meeting.start, meeting.end)]
    seconds[0] += calendar_busy.BUSY_CACHE_S - 1
    busy_for_slots(cal_store, start, end, client_factory=connected.factory, monotonic=lambda: seconds[0])
    assert connected.busy_reads == 1
    seconds[0] += 2
    busy_for_slots(cal_store, start, end, client_factory=connected.factory, monotonic=lambda: seconds[0])
    assert connected.busy_reads == 2
    # The window reads memory only: what is cached, and nothing for days never fetched.
    assert cached_busy(cal_store, start, end, monotonic=lambda: seconds[0]) == [(meeting.start, meeting.end)]
    assert cached_busy(cal_store, end + timedelta(days=30), end + timedelta(days=31)) == []


def test_the_slot_finder_avoids_meetings_and_says_when_it_could_not_look(
    cal_store: Store, connected: FakeCalendar, ana: Contact, clock: MovableClock
) -> None:
    clock.now = datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN)  # after hours: Monday 09:00 is next
    monday_9 = MONDAY_10 - timedelta(hours=1)
    connected.busy = [
        BusyEvent("board", monday_9.astimezone(UTC), (monday_9 + timedelta(hours=3)).astimezone(UTC))
    ]
    choice = free_slot(cal_store, client_factory=connected.factory)
    assert choice.starts_at == monday_9 + timedelta(hours=3) and choice.note == ""
    calendar_busy.forget_busy_times()
    connected.fail_with = CalendarUnreachableError("cal.example.com: cannot reach the calendar server")
    offline = free_slot(cal_store, client_factory=connected.factory)
    assert offline.starts_at == monday_9
    assert offline.note.startswith("your calendar's busy times were not checked: cal.example.com")


def test_schedule_and_push_saves_first_and_pushes_when_it_can(
    cal_store: Store, connected: FakeCalendar, ana: Contact
) -> None:
    connected.fail_with = CalendarUnreachableError("down")
    logins = len(connected.logins)
    outcome = schedule_and_push(cal_store, ana, client_factory=connected.factory)  # the next free slot
    assert outcome.push is not None and outcome.push.unreachable and outcome.push.error == "down"
    assert outcome.note == "your calendar's busy times were not checked: down"
    assert len(connected.logins) == logins + 1  # one try at the server, not one more for the push
    assert outcome.checkin.id is not None and actions(cal_store) == [("put", outcome.checkin.id)]
    assert pending_changes(cal_store)[0].last_error == "down"
    connected.fail_with = None
    back = schedule_and_push(cal_store, ana, at=MONDAY_10, client_factory=connected.factory).push
    assert back is not None and back.put == 2


def test_without_an_account_scheduling_never_touches_a_calendar(cal_store: Store, ana: Contact) -> None:
    def no_network(*args: object) -> Any:
        raise AssertionError("no calendar is connected")

    outcome = schedule_and_push(cal_store, ana, client_factory=no_network)
    assert outcome.push is None and outcome.note == ""
    assert push_pending(cal_store, no_network).put == 0
    assert busy_for_slots(cal_store, FRIDAY_10, MONDAY_10, client_factory=no_network) == []


# --- against a real Radicale server and the real Secret Service ---------------------------


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Any]:
    from tests.integration.radicale_server import running_radicale

    with running_radicale(tmp_path / "radicale") as server:
        yield server


@pytest.fixture
def real_account(cal_store: Store, radicale: Any) -> Iterator[Any]:
    from tests.integration.radicale_server import PASSWORD, USER

    connect_account(cal_store, radicale.principal_url, USER, PASSWORD)
    yield radicale
    disconnect_account(cal_store)


def only_event(radicale: Any) -> Any:
    (event,) = radicale.events()
    assert len(radicale.event_files()) == 1
    return event


@pytest.mark.services
def test_connect_keeps_the_password_in_the_secret_service_and_nowhere_in_the_data(
    cal_store: Store, data_dir: Path, radicale: Any
) -> None:
    from tests.integration.radicale_server import PASSWORD, USER

    info = connect_account(cal_store, radicale.principal_url, USER, PASSWORD)
    assert info.name == "Work"
    account = account_of(cal_store.settings())
    assert account is not None
    assert "SecretService" in secrets.backend_name()
    assert secrets.get_password(account.secret_key) == PASSWORD
    cal_store.db.execute_sql("PRAGMA wal_checkpoint(FULL)")
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    assert files and not [path for path in files if PASSWORD.encode() in path.read_bytes()]
    disconnect_account(cal_store)
    assert secrets.get_password(account.secret_key) is None


@pytest.mark.services
def test_a_checkin_becomes_a_ten_minute_event_that_follows_it(
    cal_store: Store, real_account: Any, ana: Contact, clock: MovableClock
) -> None:
    outcome = schedule_and_push(cal_store, ana, at=MONDAY_10)
    assert outcome.push is not None and outcome.push.put == 1
    event = only_event(real_account)
    assert str(event["UID"]) == outcome.checkin.uid
    assert str(event["SUMMARY"]) == "Check-in: Ana Costa"
    assert event.decoded("DTSTART") == MONDAY_10
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=10)
    assert "Monday 30 November at 10:00" in str(event["DESCRIPTION"])
    assert "+49 170 1234567" in str(event["DESCRIPTION"])
    assert event.walk("VALARM")

    reschedule_checkin(cal_store, outcome.checkin, MONDAY_10 + timedelta(hours=4))
    assert push_pending(cal_store).put == 1
    assert only_event(real_account).decoded("DTSTART") == MONDAY_10 + timedelta(hours=4)

    CalendarPush.delete().execute()  # forget what was sent: the next push repeats it
    assert push_pending(cal_store).put == 1
    assert only_event(real_account).decoded("DTSTART") == MONDAY_10 + timedelta(hours=4)

    clock.now = MONDAY_10 + timedelta(hours=4, minutes=20)
    complete_checkin(cal_store, outcome.checkin)
    push_pending(cal_store)
    assert str(only_event(real_account)["UID"]) == outcome.checkin.uid  # done: it stays

    second = schedule_and_push(cal_store, ana, at=MONDAY_10 + timedelta(days=1)).checkin
    assert len(real_account.events()) == 2
    skip_checkin(cal_store, second)
    assert push_pending(cal_store).deleted == 1
    assert str(only_event(real_account)["UID"]) == outcome.checkin.uid


@pytest.mark.services
def test_a_meeting_on_the_server_is_avoided_by_the_slot_finder(
    cal_store: Store, real_account: Any, ana: Contact, clock: MovableClock
) -> None:
    clock.now = datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN)
    monday_9 = MONDAY_10 - timedelta(hours=1)
    real_account.add_event(
        "board", monday_9.astimezone(UTC), (monday_9 + timedelta(hours=2, minutes=30)).astimezone(UTC)
    )
    outcome = schedule_and_push(cal_store, ana)
    assert outcome.checkin.starts_at.replace(tzinfo=UTC) == (
        monday_9 + timedelta(hours=2, minutes=30)
    ).astimezone(UTC)
    assert outcome.note == ""
    assert len(real_account.events()) == 2  # the meeting and the check-in


@pytest.mark.services
def test_a_wrong_password_is_a_clear_error_and_stores_nothing(cal_store: Store, radicale: Any) -> None:
    from tests.integration.radicale_server import USER

    with pytest.raises(CalendarAuthError, match=r"wrong user name or password \(401 Unauthorized\)"):
        connect_account(cal_store, radicale.principal_url, USER, "not-the-password")
    assert account_of(cal_store.settings()) is None
    assert secrets.get_password(f"caldav:{USER}@{radicale.principal_url}") is None


@pytest.mark.services
def test_offline_scheduling_reaches_the_calendar_once_the_server_is_back(
    cal_store: Store, real_account: Any, ana: Contact
) -> None:
    real_account.stop()
    outcome = schedule_and_push(cal_store, ana, at=MONDAY_10)
    assert outcome.push is not None and outcome.push.unreachable
    (waiting,) = pending_changes(cal_store)
    assert waiting.checkin_id == outcome.checkin.id and "cannot reach" in waiting.last_error
    real_account.start()
    assert push_pending(cal_store).put == 1
    assert str(only_event(real_account)["UID"]) == outcome.checkin.uid
    assert pending_changes(cal_store) == []
