"""Check-in events: conformant iCalendar that calendar tools read back at the right local time."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from connectors.ics import checkin_event, ics_bytes, write_ics
from tests.khal import KHAL, khal, khal_config

BERLIN = ZoneInfo("Europe/Berlin")
STARTS = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Berlin
STAMP = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def event(**overrides: Any) -> Any:
    values: dict[str, Any] = {
        "uid": "3f1c2a@rapport",
        "name": "Ana Costa",
        "starts_at": STARTS,
        "minutes": 10,
        "channel": "call",
        "description": "Hi Ana, 10 minutes on Tuesday?\nPhone: +49 170 1234567",
        "tz": BERLIN,
        "stamp": STAMP,
    }
    values.update(overrides)
    return checkin_event(**values)


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    return lines


def test_calendar_event_and_alarm_are_conformant() -> None:
    data = ics_bytes([event(location="Phone: +49 170 1234567", url="https://www.linkedin.com/in/ana")])
    calendar = parse(data)
    assert str(calendar["PRODID"]) == "-//Rapport//Rapport//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    (vevent,) = calendar.events
    assert str(vevent["UID"]) == "3f1c2a@rapport"
    assert vevent.decoded("DTSTAMP") == STAMP
    assert str(vevent["SUMMARY"]) == "Check-in: Ana Costa"
    assert str(vevent["DESCRIPTION"]) == "Hi Ana, 10 minutes on Tuesday?\nPhone: +49 170 1234567"
    assert str(vevent["LOCATION"]) == "Phone: +49 170 1234567"
    assert str(vevent["URL"]) == "https://www.linkedin.com/in/ana"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "DURATION" not in vevent  # RFC 5545: DTEND or DURATION, never both
    assert vevent.start == datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
    assert isinstance(vevent.start, datetime) and str(vevent["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert vevent.end - vevent.start == timedelta(minutes=10)
    (alarm,) = vevent.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-10)
    assert str(alarm["DESCRIPTION"])
    assert b"DTSTART;TZID=Europe/Berlin:20261201T100000\r\n" in data


def test_duration_follows_minutes_and_summer_time_is_right() -> None:
    summer = datetime(2026, 7, 14, 7, 30, tzinfo=UTC)  # 09:30 CEST
    (vevent,) = parse(ics_bytes([event(starts_at=summer, minutes=25)])).events
    assert vevent.start == datetime(2026, 7, 14, 9, 30, tzinfo=BERLIN)
    assert isinstance(vevent.start, datetime) and vevent.start.utcoffset() == timedelta(hours=2)
    assert vevent.end - vevent.start == timedelta(minutes=25)


@pytest.mark.parametrize(
    "hostile",
    [
        "Hi\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Pay me",
        "Hi\nATTENDEE:mailto:evil@x",
        "a\rDTSTART:19700101T000000Z\u2028RRULE:FREQ=SECONDLY\x85x\x0by\x0cz",
        "back\\slash; semi, comma",
    ],
)
def test_text_cannot_inject_properties_or_components(hostile: str) -> None:
    data = ics_bytes([event(name=hostile, description=hostile, location=hostile, uid=f"u1{hostile}")])
    unfolded = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert unfolded.count("BEGIN:VEVENT") == 1
    unfolded = unfolded[unfolded.index("BEGIN:VEVENT") :]  # the VTIMEZONE has DTSTARTs of its own
    expected_counts = {"SUMMARY": 1, "DESCRIPTION": 2, "LOCATION": 1, "DTSTART": 1, "UID": 1, "RRULE": 0}
    for prefix, count in {**expected_counts, "ATTENDEE": 0, "END:VEVENT": 1}.items():
        assert sum(line.startswith(prefix) for line in unfolded) == count, prefix
    (vevent,) = parse(data).events
    assert "RRULE" not in vevent and "ATTENDEE" not in vevent
    assert vevent.start == datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
    expected = hostile.replace("\r\n", "\n")
    for separator in ("\r", "\u2028", "\x85", "\x0b", "\x0c"):
        expected = expected.replace(separator, "\n")
    assert str(vevent["DESCRIPTION"]) == expected
    assert str(vevent["SUMMARY"]) == "Check-in: " + " ".join(expected.split())


def test_lines_are_crlf_and_folded_at_75_octets() -> None:
    long_text = "Zoë 🎉 Ångström " * 30
    data = ics_bytes([event(name=long_text, description=long_text)])
    for line in physical_lines(data):
        assert len(line) <= 75
        line.decode("utf-8")
    (vevent,) = parse(data).events
    assert str(vevent["DESCRIPTION"]) == long_text


def test_a_zone_without_a_name_falls_back_to_utc_times() -> None:
    data = ics_bytes([event(tz=timezone(timedelta(hours=5, minutes=30)))])
    calendar = parse(data)
    assert calendar.timezones == []
    (vevent,) = calendar.events
    assert vevent.start == STARTS and b"DTSTART:20261201T090000Z" in data


def test_skipped_checkins_are_cancelled_and_reminders_can_be_turned_off() -> None:
    (vevent,) = parse(ics_bytes([event(status="CANCELLED", reminder_minutes=None)])).events
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent.walk("VALARM") == []


def test_naive_start_and_empty_duration_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        event(starts_at=datetime(2026, 12, 1, 10, 0))
    with pytest.raises(ValueError, match="minute"):
        event(minutes=0)


def test_write_ics_is_private_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "checkin.ics"
    target.write_text("old")
    write_ics(target, [event(), event(uid="second@rapport", starts_at=STARTS + timedelta(hours=1))])
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["checkin.ics"]
    assert [str(e["UID"]) for e in parse(target.read_bytes()).events] == ["3f1c2a@rapport", "second@rapport"]


@pytest.mark.skipif(not KHAL.exists(), reason="khal is installed with requirements-dev.txt")
def test_khal_imports_the_event_at_the_right_time_for_ten_minutes(tmp_path: Path) -> None:
    config, calendar_dir = khal_config(tmp_path)
    ics_file = tmp_path / "checkin.ics"
    write_ics(ics_file, [event(name="Zoë Ångström", description="Hi Zoë\nEND:VEVENT")])
    khal(config, "import", "--batch", str(ics_file))
    listed = khal(config, "list", "--format", "{start-time}-{end-time} {title} [{uid}]", "2026-12-01", "2d")
    assert "10:00-10:10 Check-in: Zoë Ångström [3f1c2a@rapport]" in listed
    assert len(list(calendar_dir.glob("*.ics"))) == 1
