"""Test doubles for the calendar's pure unit tests: a keyring and a calendar in memory.

The real Secret Service and a real Radicale server are tested under the `services` mark.
The keyring doubles define no `priority`, so keyring never picks them on its own: they
exist only where a test installs them (``installed``), and are removed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from connectors.caldav_sync import BusyEvent, CalendarError, CalendarInfo

URL = "https://cal.example.com/dav/"
Backend = TypeVar("Backend", bound=KeyringBackend)


class MemoryKeyring(KeyringBackend):
    """A secure store as far as Rapport can tell; keeps secrets in a dict."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


@contextmanager
def installed(backend: Backend) -> Iterator[Backend]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


class FakeCalendar:
    """An in-memory calendar; `fail_with` makes every call raise, like a server that is down."""

    def __init__(self) -> None:
        self.events: dict[str, bytes] = {}
        self.busy: list[BusyEvent] = []
        self.busy_reads = 0
        self.fail_with: CalendarError | None = None
        self.logins: list[tuple[str, str, str, str | None]] = []

    def factory(self, url: str, user: str, password: str, name: str | None) -> FakeCalendar:
        self.logins.append((url, user, password, name))
        return self

    @property
    def info(self) -> CalendarInfo:
        return CalendarInfo("Work", URL + "work/")

    def _check(self) -> None:
        if self.fail_with is not None:
            raise self.fail_with

    def put_event(self, uid: str, ics: bytes) -> None:
        self._check()
        self.events[uid] = ics

    def delete_event(self, uid: str) -> bool:
        self._check()
        return self.events.pop(uid, None) is not None

    def busy_events(self, start: datetime, end: datetime, zone: Any = None) -> list[BusyEvent]:
        self._check()
        self.busy_reads += 1
        return [event for event in self.busy if event.start < end and event.end > start]

    def test(self) -> CalendarInfo:
        self._check()
        return self.info

    def close(self) -> None:
        pass


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
