"""The user's own CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale...) over `caldav`.

Every call can block for up to TIMEOUT_S seconds: callers in the window run it on a
worker thread. Failures become CalendarError subclasses whose message a user can act
on (wrong password, wrong address, certificate, server down); server replies are never
echoed, since some servers answer errors with whole HTML pages.
"""

from __future__ import annotations

import importlib
import logging
import re
import ssl
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from caldav.lib import error as dav_error
else:
    # caldav and its HTTP stack take a quarter of a second to import: the window must not
    # wait for them when no calendar is connected. The module loads on first use.
    class _OnFirstUse:
        def __init__(self, name: str) -> None:
            self._name = name

        def __getattr__(self, attribute: str) -> Any:
            return getattr(importlib.import_module(self._name), attribute)

    dav_error = _OnFirstUse("caldav.lib.error")

log = logging.getLogger(__name__)

TIMEOUT_S = 10
_SSL_REASON = re.compile(r"\[SSL: [A-Z_]+\][^()'\"]*")


class CalendarError(Exception):
    """The calendar could not be used; the message says why in the user's terms."""


class CalendarAuthError(CalendarError):
    """Wrong user name or password, or no permission for this calendar."""


class CalendarNotFoundError(CalendarError):
    """The address is not a CalDAV calendar, or the named calendar does not exist."""


class CalendarCertificateError(CalendarError):
    """The server's TLS certificate was not accepted."""


class CalendarUnreachableError(CalendarError):
    """The server is down, the network is off, or it did not answer in time."""


@dataclass(frozen=True)
class CalendarInfo:
    name: str
    url: str


@dataclass(frozen=True)
class BusyEvent:
    """A stretch of time the calendar marks busy (aware UTC times), and which event it comes from."""

    uid: str
    start: datetime
    end: datetime


class CalendarClient(Protocol):
    """What the services need from a calendar; tests of pure logic may pass a small fake."""

    @property
    def info(self) -> CalendarInfo: ...

    def put_event(self, uid: str, ics: bytes) -> None: ...

    def delete_event(self, uid: str) -> bool: ...

    def busy_events(self, start: datetime, end: datetime, zone: tzinfo | None = None) -> list[BusyEvent]: ...

    def test(self) -> CalendarInfo: ...

    def close(self) -> None: ...


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _ssl_reason(error: BaseException) -> str:
    found = _SSL_REASON.search(str(error))
    return found.group(0).strip() if found else "the secure connection failed"


def _is_kind(error: BaseException, name: str) -> bool:
    """Whether ``error`` is a ``name`` of whichever HTTP library caldav picked (niquests or requests)."""
    return any(kind.__name__ == name for kind in type(error).__mro__)


def _http_failure(error: dav_error.DAVError, url: str, doing: str) -> CalendarError:
    status = error.status
    if isinstance(error, dav_error.AuthorizationError) and status != 403:
        return CalendarAuthError(f"{_host(url)}: wrong user name or password (401 Unauthorized)")
    if isinstance(error, dav_error.AuthorizationError):
        return CalendarAuthError(
            f"{url}: the server refused access (403 Forbidden); check the address and the user name"
        )
    if isinstance(error, dav_error.NotFoundError) or status == 404:
        return CalendarNotFoundError(f"{url}: nothing found at this address (404); check the calendar URL")
    if status in (405, 501):
        return CalendarNotFoundError(f"{url}: this address is not a CalDAV calendar ({status})")
    if status is not None and status >= 500:
        return CalendarError(f"{_host(url)}: the calendar server failed to {doing} ({status}); try later")
    suffix = f" ({status})" if status else ""
    return CalendarError(f"{_host(url)}: the calendar server refused to {doing}{suffix}")


@contextmanager
def _translated(url: str, doing: str, timeout: float) -> Iterator[None]:
    try:
        yield
    except CalendarError:
        raise
    except dav_error.DAVError as error:
        log.info("CalDAV %s at %s: %s, status %s", doing, _host(url), type(error).__name__, error.status)
        raise _http_failure(error, url, doing) from error
    except (OSError, ssl.SSLError) as error:  # niquests/requests errors are OSErrors
        log.info("CalDAV %s at %s failed: %s", doing, _host(url), type(error).__name__)
        if isinstance(error, ssl.SSLError) or _is_kind(error, "SSLError"):
            raise CalendarCertificateError(
                f"{_host(url)}: certificate problem ({_ssl_reason(error)}); "
                "check the address, or the server's certificate"
            ) from error
        if _is_kind(error, "Timeout") or isinstance(error, TimeoutError):
            raise CalendarUnreachableError(
                f"{_host(url)}: the calendar server did not answer within {timeout:g} s"
            ) from error
        raise CalendarUnreachableError(
            f"{_host(url)}: cannot reach the calendar server (it may be down, or you are offline)"
        ) from error


def _check_address(url: str) -> str:
    cleaned = url.strip()
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CalendarNotFoundError(f"{cleaned or 'the address'}: a calendar address starts with https://")
    return cleaned


def _same_collection(left: str, right: str) -> bool:
    return left.rstrip("/") == right.rstrip("/")


def _as_instant(value: date | datetime, zone: tzinfo) -> datetime:
    """An aware UTC instant; floating times and whole days are read in the user's zone."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(UTC)
    return datetime.combine(value, time(), tzinfo=zone).astimezone(UTC)


def _busy_span(component: Any, zone: tzinfo) -> tuple[datetime, datetime] | None:
    """When an event blocks the user's time, or None when it does not (free, cancelled, all-day)."""
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return None
    transparency = str(component.get("TRANSP", "")).upper()
    if transparency == "TRANSPARENT" or "DTSTART" not in component:
        return None
    starts = component.decoded("DTSTART")
    all_day = not isinstance(starts, datetime)
    # Calendar apps mark all-day entries (birthdays, holidays) free unless the user chose busy.
    if all_day and transparency != "OPAQUE":
        return None
    if "DTEND" in component:
        ends = component.decoded("DTEND")
    elif "DURATION" in component:
        ends = starts + component.decoded("DURATION")
    else:
        ends = starts + timedelta(days=1) if all_day else starts
    start, end = _as_instant(starts, zone), _as_instant(ends, zone)
    return (start, end) if end > start else None


class CalDavCalendar:
    """One calendar on a CalDAV server, reached with one user's password."""

    def __init__(self, client: Any, calendar: Any, info: CalendarInfo, timeout: float) -> None:
        self._client = client
        self._calendar = calendar
        self._info = info
        self._timeout = timeout

    @property
    def info(self) -> CalendarInfo:
        return self._info

    def _guard(self, doing: str) -> Any:
        return _translated(self._info.url, doing, self._timeout)

    def _find(self, uid: str) -> Any | None:
        try:
            return self._calendar.get_event_by_uid(uid)
        except dav_error.NotFoundError:
            return None

    def put_event(self, uid: str, ics: bytes) -> None:
        """Create the event, or replace the one with this UID wherever it lives: never a duplicate."""
        with self._guard("save the event"):
            existing = self._find(uid)
            if existing is None:
                from caldav.calendarobjectresource import Event

                # Without a URL, caldav names the new resource after the UID in the data.
                Event(client=self._client, parent=self._calendar).save(raw_data=ics)
            else:
                existing.save(raw_data=ics)

    def delete_event(self, uid: str) -> bool:
        """Remove the event with this UID; False when the calendar does not hold it."""
        with self._guard("delete the event"):
            existing = self._find(uid)
            if existing is None:
                return False
            try:
                existing.delete()
            except dav_error.NotFoundError:
                return False
            return True

    def busy_events(self, start: datetime, end: datetime, zone: tzinfo | None = None) -> list[BusyEvent]:
        """Busy time between ``start`` and ``end``, recurring events expanded.

        A time-range event search works on every server we know; free-busy-query is
        missing or restricted on several (iCloud, some Nextcloud setups).
        """
        local = zone or start.tzinfo or UTC
        low, high = start.astimezone(UTC), end.astimezone(UTC)
        with self._guard("read your busy times"):
            found = self._calendar.search(start=low, end=high, event=True, expand=True)
            components = [item.get_icalendar_component() for item in found]
        busy = []
        for component in components:
            span = _busy_span(component, local)
            if span is not None and span[0] < high and span[1] > low:
                busy.append(BusyEvent(str(component.get("UID", "")), span[0], span[1]))
        busy.sort(key=lambda event: (event.start, event.end, event.uid))
        return busy

    def busy_intervals(
        self, start: datetime, end: datetime, *, ignore_uids: Collection[str] = (), zone: tzinfo | None = None
    ) -> list[tuple[datetime, datetime]]:
        """Busy (start, end) pairs for core.slots.find_free_slot, leaving out the given events."""
        return [(e.start, e.end) for e in self.busy_events(start, end, zone) if e.uid not in ignore_uids]

    def test(self) -> CalendarInfo:
        """Read from the calendar once, to prove the address, the password and the permissions."""
        now = datetime.now(UTC)
        self.busy_events(now, now + timedelta(days=1))
        return self._info

    def close(self) -> None:
        self._client.close()


def _display_name(calendar: Any) -> str:
    try:
        name = calendar.get_display_name()
    except dav_error.DAVError:
        name = None
    return str(name) if name else str(calendar.url).rstrip("/").rsplit("/", 1)[-1]


def _choose(calendars: list[Any], url: str, wanted: str | None) -> Any:
    if not calendars:
        raise CalendarNotFoundError(f"{url}: this account has no calendars")
    if wanted:
        for calendar in calendars:
            if _display_name(calendar).casefold() == wanted.strip().casefold():
                return calendar
        names = ", ".join(f'"{_display_name(c)}"' for c in calendars)
        raise CalendarNotFoundError(f'{url}: no calendar named "{wanted.strip()}" (found: {names})')
    for calendar in calendars:  # the address may be a calendar's own
        if _same_collection(str(calendar.url), url):
            return calendar
    return calendars[0]


def connect(
    url: str, user: str, password: str, calendar_name: str | None = None, *, timeout: int = TIMEOUT_S
) -> CalDavCalendar:
    """Log in and pick the calendar: by display name, else the one at ``url``, else the first."""
    from caldav.davclient import DAVClient

    address = _check_address(url)
    client = DAVClient(
        url=address,
        username=user,
        password=password,
        timeout=timeout,
        # The user gives a full URL; DNS-based discovery would only add delays and surprises.
        enable_rfc6764=False,
    )
    try:
        with _translated(address, "list your calendars", timeout):
            calendars = client.get_calendars(client.get_principal())
            chosen = _choose(calendars, address, calendar_name)
            info = CalendarInfo(name=_display_name(chosen), url=str(chosen.url))
    except BaseException:
        client.close()
        raise
    return CalDavCalendar(client, chosen, info, timeout)
