"""A real Radicale CalDAV server for the calendar tests.

It listens on 127.0.0.1 on a free port, checks passwords against an htpasswd file
(plain entries) and keeps its collections in a temporary folder. It can be stopped and
started again on the same port, to test what happens while the server is down.
Tests read the server back through the `caldav` package, as any other client would.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

USER = "alice"
# Distinctive bytes, so a test can search every file for them.
PASSWORD = "Rx7-correct-horse-battery-4471"
CALENDAR_ID = "work"
CALENDAR_NAME = "Work"
START_TIMEOUT_S = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RadicaleServer:
    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)
        self.users_file = folder / "users"
        self.users_file.write_text(f"{USER}:{PASSWORD}\n")
        self.config_file = folder / "config"
        self.config_file.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {self.users_file}\n"
            "htpasswd_encryption = plain\n"
            # Radicale waits after a wrong password to slow down guessing; tests need not wait.
            "delay = 0.05\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {folder / 'collections'}\n"
            "[logging]\n"
            "level = warning\n"
        )
        self.log_file = folder / "radicale.log"

    @property
    def principal_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{USER}/"

    @property
    def calendar_url(self) -> str:
        return f"{self.principal_url}{CALENDAR_ID}/"

    def start(self) -> None:
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "radicale", "--config", str(self.config_file)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"radicale exited: {self.log_file.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"radicale did not listen on {self.port} within {START_TIMEOUT_S} s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    # --- reading and writing the calendar as another client would ----------------------

    def client(self) -> Any:
        from caldav.davclient import DAVClient

        return DAVClient(url=self.principal_url, username=USER, password=PASSWORD, timeout=10)

    def make_calendar(self, name: str = CALENDAR_NAME, cal_id: str = CALENDAR_ID) -> None:
        with self.client() as client:
            client.get_principal().make_calendar(name=name, cal_id=cal_id)

    def _calendar(self, client: Any, cal_id: str) -> Any:
        return client.calendar(url=f"{self.principal_url}{cal_id}/")

    def events(self, cal_id: str = CALENDAR_ID) -> list[Any]:
        """Every VEVENT the calendar holds (icalendar components), recurring ones unexpanded."""
        with self.client() as client:
            objects = self._calendar(client, cal_id).get_events()
            return [item.get_icalendar_component() for item in objects]

    def event_files(self, cal_id: str = CALENDAR_ID) -> list[Path]:
        """The stored resources themselves: one file per event, whatever its UID."""
        folder = self.folder / "collections" / "collection-root" / USER / cal_id
        return sorted(path for path in folder.glob("*.ics"))

    def add_event(
        self,
        uid: str,
        start: datetime,
        end: datetime,
        summary: str = "Meeting",
        *,
        extra: str = "",
        cal_id: str = CALENDAR_ID,
    ) -> None:
        """Another client's event (UTC times); `extra` adds raw lines such as RRULE or TRANSP."""
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Tests//Other client//EN",
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20261101T000000Z",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{end:%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{summary}",
            *[line for line in extra.splitlines() if line],
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        with self.client() as client:
            self._calendar(client, cal_id).add_event("\r\n".join(lines))

    def add_raw(self, ics: str, cal_id: str = CALENDAR_ID) -> None:
        with self.client() as client:
            self._calendar(client, cal_id).add_event(ics)


@contextmanager
def running_radicale(folder: Path, *, with_calendar: bool = True) -> Iterator[RadicaleServer]:
    """Start a server (with the "Work" calendar), and always stop it afterwards."""
    server = RadicaleServer(folder)
    server.start()
    try:
        if with_calendar:
            server.make_calendar()
        yield server
    finally:
        server.stop()
