"""iCalendar (RFC 5545) events for check-ins, for any calendar application.

Times are written in the user's time zone with its VTIMEZONE, so the entry shows at
the right local time everywhere; a zone without a name (a bare UTC offset) falls back
to UTC times, which every reader understands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from connectors.atomic import write_private_atomically

PRODID = "-//Rapport//Rapport//EN"
DEFAULT_REMINDER_MINUTES = 10
# The VTIMEZONE only needs to cover the events; a narrow window keeps it a few lines long.
ZONE_MARGIN = timedelta(days=3 * 366)

_LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_UTC_NAMES = {"UTC", "ETC/UTC", "GMT", "ETC/GMT", "UCT", "ETC/UCT", "UNIVERSAL", "ZULU"}
_CHANNEL_LABELS = {"call": "call", "video": "video call", "coffee": "coffee"}


def clean_text(value: str) -> str:
    """Line breaks of every kind as ``\\n`` (icalendar escapes it); other control characters dropped."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))


def _single_line(value: str) -> str:
    return " ".join(clean_text(value).split())


def zone_name(tz: tzinfo) -> str | None:
    """The IANA name of a zone ('Europe/Berlin'), or None for UTC and bare offsets."""
    for attribute in ("key", "zone"):  # zoneinfo.ZoneInfo, pytz
        name = getattr(tz, attribute, None)
        if isinstance(name, str) and name and name.upper() not in _UTC_NAMES:
            return name
    return None


def _in_zone(instant: datetime, tz: tzinfo) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware one")
    if zone_name(tz) is None:
        return instant.astimezone(UTC)
    return instant.astimezone(tz)


def checkin_event(
    *,
    uid: str,
    name: str,
    starts_at: datetime,
    minutes: int,
    channel: str,
    description: str,
    tz: tzinfo,
    location: str = "",
    url: str = "",
    stamp: datetime | None = None,
    status: str = "CONFIRMED",
    reminder_minutes: int | None = DEFAULT_REMINDER_MINUTES,
) -> Event:
    """One check-in as a VEVENT: local start and end (start + ``minutes``) and a display alarm."""
    if minutes <= 0:
        raise ValueError("a check-in lasts at least one minute")
    start = _in_zone(starts_at, tz)
    event = Event()
    event.add("uid", _single_line(uid))
    event.add("dtstamp", (stamp or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", start)
    # DTEND, not DURATION: RFC 5545 allows only one of them, and DTEND is read by every client.
    event.add("dtend", start + timedelta(minutes=minutes))
    label = _CHANNEL_LABELS.get(channel, _single_line(channel))
    event.add("summary", f"Check-in: {_single_line(name)}")
    event.add("description", clean_text(description))
    event.add("categories", ["Check-in"])
    event.add("status", status)
    event.add("transp", "OPAQUE")
    if location.strip():
        event.add("location", _single_line(location))
    if url.strip():
        event.add("url", "".join(clean_text(url).split()))
    if reminder_minutes is not None and reminder_minutes >= 0:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Check-in with {_single_line(name)} ({label}) in {reminder_minutes} min")
        alarm.add("trigger", timedelta(minutes=-reminder_minutes))
        event.add_component(alarm)
    return event


def _zone_window(events: list[Event]) -> tuple[date, date]:
    starts = [event.decoded("dtstart") for event in events]
    earliest = min(starts).date() - ZONE_MARGIN
    latest = max(starts).date() + ZONE_MARGIN
    return earliest, latest


def calendar_of(events: Iterable[Event]) -> Calendar:
    """A VCALENDAR holding ``events`` and the VTIMEZONE of every zone they use."""
    items = list(events)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for event in items:
        calendar.add_component(event)
    if items:
        first, last = _zone_window(items)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar


def ics_bytes(events: Iterable[Event]) -> bytes:
    """The ``.ics`` file's bytes: UTF-8, CRLF line ends, lines folded at 75 octets."""
    return calendar_of(events).to_ical()


def write_ics(path: Path, events: Iterable[Event]) -> None:
    """Write an ``.ics`` file atomically, readable by its owner only."""
    write_private_atomically(Path(path), ics_bytes(events))
