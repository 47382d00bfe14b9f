"""The CalDAV connector against a real Radicale server: events by UID, busy times, clear errors."""

from __future__ import annotations

import datetime as dt
import http.server
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from connectors.caldav_sync import (
    CalDavCalendar,
    CalendarAuthError,
    CalendarCertificateError,
    CalendarNotFoundError,
    CalendarUnreachableError,
    connect,
)
from tests.integration.radicale_server import (
    CALENDAR_NAME,
    PASSWORD,
    USER,
    RadicaleServer,
    running_radicale,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 30, tzinfo=BERLIN)


def ics(uid: str, start: datetime, minutes: int = 10, summary: str = "Check-in: Ana Costa") -> bytes:
    end = start + timedelta(minutes=minutes)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rapport//Rapport//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261127T090000Z\r\n"
        f"DTSTART:{start.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\nDTEND:{end.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n"
        f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    with running_radicale(tmp_path / "radicale") as server:
        yield server


@pytest.fixture
def calendar(radicale: RadicaleServer) -> Iterator[CalDavCalendar]:
    client = connect(radicale.principal_url, USER, PASSWORD)
    yield client
    client.close()


def test_connect_picks_the_calendar_by_name_by_address_or_the_first(radicale: RadicaleServer) -> None:
    radicale.make_calendar("Private", "private")
    by_name = connect(radicale.principal_url, USER, PASSWORD, "private")  # names match case-insensitively
    assert by_name.info.name == "Private"
    by_address = connect(radicale.calendar_url, USER, PASSWORD)
    assert by_address.info.name == CALENDAR_NAME
    assert by_address.info.url.rstrip("/") == radicale.calendar_url.rstrip("/")
    first = connect(radicale.principal_url, USER, PASSWORD)
    assert first.info.name in {"Private", CALENDAR_NAME}
    with pytest.raises(CalendarNotFoundError, match=r'no calendar named "Holidays" \(found: .*"Work"'):
        connect(radicale.principal_url, USER, PASSWORD, "Holidays")


def test_an_account_without_calendars_is_refused(tmp_path: Path) -> None:
    with (
        running_radicale(tmp_path / "empty", with_calendar=False) as server,
        pytest.raises(CalendarNotFoundError, match="has no calendars"),
    ):
        connect(server.principal_url, USER, PASSWORD)


def test_put_creates_then_replaces_by_uid_and_never_duplicates(
    radicale: RadicaleServer, calendar: CalDavCalendar
) -> None:
    calendar.put_event("a1@rapport", ics("a1@rapport", MONDAY.replace(hour=10)))
    calendar.put_event("a1@rapport", ics("a1@rapport", MONDAY.replace(hour=14)))
    calendar.put_event("a1@rapport", ics("a1@rapport", MONDAY.replace(hour=14)))
    (event,) = radicale.events()
    assert str(event["UID"]) == "a1@rapport"
    assert event.decoded("DTSTART") == MONDAY.replace(hour=14)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=10)
    assert len(radicale.event_files()) == 1


def test_an_event_stored_under_another_name_is_replaced_in_place(
    radicale: RadicaleServer, calendar: CalDavCalendar
) -> None:
    # Another client may have copied the event under a file name of its own choosing.
    with radicale.client() as other:
        target = other.calendar(url=radicale.calendar_url)
        from caldav.calendarobjectresource import Event

        Event(other, url=f"{radicale.calendar_url}copied-by-phone.ics", parent=target).save(
            raw_data=ics("b2@rapport", MONDAY.replace(hour=9))
        )
    calendar.put_event("b2@rapport", ics("b2@rapport", MONDAY.replace(hour=11)))
    (event,) = radicale.events()
    assert event.decoded("DTSTART") == MONDAY.replace(hour=11)
    assert [path.name for path in radicale.event_files()] == ["copied-by-phone.ics"]


def test_delete_removes_the_event_and_says_when_there_was_none(
    radicale: RadicaleServer, calendar: CalDavCalendar
) -> None:
    calendar.put_event("c3@rapport", ics("c3@rapport", MONDAY.replace(hour=10)))
    assert calendar.delete_event("c3@rapport") is True
    assert radicale.events() == []
    assert calendar.delete_event("c3@rapport") is False


def test_busy_times_expand_recurrences_and_leave_out_free_time(
    radicale: RadicaleServer, calendar: CalDavCalendar
) -> None:
    monday_9 = MONDAY.replace(hour=9).astimezone(UTC)
    radicale.add_event("meeting", monday_9, monday_9 + timedelta(hours=2), "Board meeting")
    radicale.add_event(
        "standup", monday_9 - timedelta(days=7), monday_9 - timedelta(days=7) + timedelta(minutes=15),
        extra="RRULE:FREQ=DAILY;COUNT=10",
    )  # fmt: skip
    radicale.add_event("free", monday_9, monday_9 + timedelta(hours=8), extra="TRANSP:TRANSPARENT")
    radicale.add_event("cancelled", monday_9, monday_9 + timedelta(hours=8), extra="STATUS:CANCELLED")
    all_day = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//T//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
        "DTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20261130\r\nDTEND;VALUE=DATE:20261201\r\n"
        "{extra}SUMMARY:{uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    radicale.add_raw(all_day.format(uid="birthday", extra=""))
    radicale.add_raw(all_day.format(uid="vacation", extra="TRANSP:OPAQUE\r\n"))
    floating = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//T//EN\r\nBEGIN:VEVENT\r\nUID:floating\r\n"
        "DTSTAMP:20261101T000000Z\r\nDTSTART:20261130T160000\r\nDURATION:PT30M\r\n"
        "SUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    radicale.add_raw(floating)

    busy = calendar.busy_events(MONDAY, MONDAY + timedelta(days=1), BERLIN)
    spans = {
        (event.uid, event.start.astimezone(BERLIN).strftime("%H:%M"), event.end - event.start)
        for event in busy
    }
    assert spans == {
        ("meeting", "09:00", timedelta(hours=2)),
        ("standup", "09:00", timedelta(minutes=15)),  # the Monday instance of a daily series
        ("vacation", "00:00", timedelta(days=1)),
        ("floating", "16:00", timedelta(minutes=30)),  # a floating time is the user's local time
    }
    assert all(event.start.tzinfo is not None for event in busy)
    intervals = calendar.busy_intervals(
        MONDAY, MONDAY + timedelta(days=1), ignore_uids={"vacation"}, zone=BERLIN
    )
    assert len(intervals) == 3


def test_test_reads_the_calendar(calendar: CalDavCalendar) -> None:
    assert calendar.test().name == CALENDAR_NAME


def test_a_wrong_password_is_named_as_such(radicale: RadicaleServer) -> None:
    with pytest.raises(CalendarAuthError, match="wrong user name or password"):
        connect(radicale.principal_url, USER, "not-the-password")


def test_a_wrong_address_is_not_found(radicale: RadicaleServer) -> None:
    with pytest.raises(CalendarNotFoundError, match=r"nothing found at this address \(404\)"):
        connect(f"{radicale.principal_url}no-such-calendar/", USER, PASSWORD)
    with pytest.raises(CalendarNotFoundError, match="starts with https://"):
        connect("cal.example.com/dav", USER, PASSWORD)


def test_a_web_server_that_is_not_caldav_is_named_as_such(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(CalendarNotFoundError, match=r"not a CalDAV calendar \(501\)") as raised:
            connect(f"http://127.0.0.1:{server.server_port}/", USER, PASSWORD)
        assert "<html" not in str(raised.value).lower()  # the server's error page is not echoed
    finally:
        server.shutdown()
        server.server_close()


def test_a_stopped_server_is_unreachable(radicale: RadicaleServer) -> None:
    radicale.stop()
    started = time.monotonic()
    with pytest.raises(CalendarUnreachableError, match="cannot reach the calendar server"):
        connect(radicale.principal_url, USER, PASSWORD)
    assert time.monotonic() - started < 5


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(CalendarUnreachableError, match="did not answer within 1 s"):
            connect(f"http://127.0.0.1:{port}/dav/", USER, PASSWORD, timeout=1)
        assert time.monotonic() - started < 8


def _self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


def test_an_untrusted_certificate_is_a_certificate_problem(tmp_path: Path) -> None:
    cert_file, key_file = _self_signed_certificate(tmp_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(
            CalendarCertificateError, match=r"certificate problem \(\[SSL: CERTIFICATE_VERIFY_FAILED\]"
        ):
            connect(f"https://127.0.0.1:{server.server_port}/dav/", USER, PASSWORD, timeout=5)
    finally:
        server.shutdown()
        server.server_close()
