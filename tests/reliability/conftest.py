"""Shared pieces of the reliability tests: a filled data folder, checks that nothing was lost,
the command line in-process and as a real process, and the two sizes every long test comes in.

Every test that tries many cases runs twice over the same code: a seeded subset of fixed size
in the normal suite (``ci``), and a long run marked ``slow`` (``long``), selected with
``-m slow``. Both are reproducible: the seeds and the hypothesis examples never change.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "imports"
BERLIN = ZoneInfo("Europe/Berlin")
NOW = "2026-11-27 10:00"  # a Friday, Berlin time (tests/conftest.py fixes TZ for child processes too)
NOW_AT = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
DATABASE = "rapport.sqlite"
# Words that only ever appear in notes and message texts, so a test can look for them anywhere.
NOTE_MARK = "zq-private-note-7731"
MESSAGE_MARK = "zq-private-message-4410"

# The two sizes of every long test: the seeded subset CI runs, and the long run (-m slow).
SIZES = [
    pytest.param("ci", id="ci"),
    pytest.param("long", id="long", marks=[pytest.mark.slow, pytest.mark.timeout(3600)]),
]


def sized(size: str, ci: int, long: int) -> int:
    return ci if size == "ci" else long


# --- a data folder with a little of everything --------------------------------------------------


def open_at(data_dir: Path, now: datetime = NOW_AT) -> Any:
    from services.clock import fixed_clock
    from services.store import open_store

    return open_store(data_dir, clock=fixed_clock(now), tz=BERLIN)


def fill_network(store: Any, people: int = 12) -> None:
    """Contacts with every kind of detail, touches with notes, the ledger, check-ins, a setting."""
    from services.checkins import schedule_checkin
    from services.contacts import ContactInput, create_contact
    from services.touches import log_interaction, record_exchange

    circles = ("Inner", "Close", "Network", "Acquaintance", "Untracked")
    contacts = []
    for number in range(people):
        contacts.append(
            create_contact(
                store,
                ContactInput(
                    display_name=f"Person {number:02d} Ærøskøbing",
                    company=f"Company {number % 4}, Ltd",
                    position="Engineer; Platform",
                    emails=[f"person{number}@example.org"],
                    phones=[f"+49 170 {number:07d}"],
                    urls=[f"https://example.org/p/{number}"],
                    linkedin_url=f"https://www.linkedin.com/in/person-{number}",
                    birthday=f"19{70 + number:02d}-0{1 + number % 9}-1{number % 10}",
                    notes=f"{NOTE_MARK} about person {number}\nsecond line",
                    tags=["python", f"topic-{number % 3}"],
                    circle=circles[number % len(circles)],
                ),
            )
        )
    for number, contact in enumerate(contacts):
        for days in (3, 40, 200):
            log_interaction(
                store,
                [contact],
                ("call", "lunch", "message")[days % 3],
                when=NOW_AT - timedelta(days=days + number),
                note=f"{MESSAGE_MARK} {number}/{days}",
            )
        if number % 3 == 0:
            record_exchange(store, contact, "referral", "received", note=f"{NOTE_MARK} ledger {number}")
    log_interaction(store, contacts[:3], "lunch", when=NOW_AT - timedelta(days=1), note="three at once")
    schedule_checkin(store, contacts[0], at=NOW_AT + timedelta(days=3), note=f"{NOTE_MARK} check-in")
    store.save_settings(replace(store.settings(), daily_budget=5, digest_time="08:30", warm_below=0.7))


@pytest.fixture(scope="session")
def network_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding fill_network's data; copy it with copy_data_dir, never change it."""
    folder = tmp_path_factory.mktemp("network") / "data"
    store = open_at(folder)
    try:
        fill_network(store)
    finally:
        store.close()
    return folder


class Rewound:
    """A store kept open across many examples and put back, after each, to its state when opened.

    SQLite's backup API copies the saved pages back in about a millisecond: much faster than
    a fresh data folder per example.
    """

    def __init__(self, data_dir: Path) -> None:
        self.store = open_at(data_dir)
        self.saved = sqlite3.connect(":memory:")
        self.store.db.connection().backup(self.saved)

    def rewind(self) -> None:
        self.saved.backup(self.store.db.connection())

    def close(self) -> None:
        self.saved.close()
        self.store.close()


def copy_data_dir(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


# --- what "nothing lost" is checked with --------------------------------------------------------


def integrity(database: Path) -> tuple[str, list[Any]]:
    """PRAGMA integrity_check's verdict and the foreign keys that point nowhere, read by plain sqlite3."""
    connection = sqlite3.connect(str(database), timeout=15)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    return str(verdict), dangling


def assert_sound(database: Path) -> None:
    verdict, dangling = integrity(database)
    assert verdict == "ok", f"{database}: integrity_check says {verdict}"
    assert dangling == [], f"{database}: foreign keys pointing nowhere: {dangling[:5]}"


def count(database: Path, table: str, where: str = "1") -> int:
    connection = sqlite3.connect(str(database), timeout=15)
    try:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()[0])
    finally:
        connection.close()


def hash_of(data_dir: Path) -> str:
    from services.json_backup import content_hash

    store = open_at(data_dir)
    try:
        return str(content_hash(store))
    finally:
        store.close()


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


# --- the command line ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


@contextlib.contextmanager
def _own_root_handlers() -> Iterator[None]:
    """cli.main.run adds a log handler to the root logger; take it off (and close it) afterwards."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        yield
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


def run_cli(data_dir: Path, *args: str, now: str = NOW) -> Ran:
    """`rapport --data-dir DIR --now NOW ARGS…` in this process (the same code as main.py runs)."""
    from cli.main import run

    out, err = io.StringIO(), io.StringIO()
    with _own_root_handlers(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--data-dir", str(data_dir), "--now", now, *args])
    return Ran(code, out.getvalue(), err.getvalue())


def rapport(data_dir: Path, *args: str, now: str = NOW, stdin: str = "", timeout: float = 120) -> Ran:
    """`python main.py …` as a real process, as a user or a script runs it."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "--now", now, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "TZ": "Europe/Berlin", "PYTHONPATH": str(ROOT)},
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def assert_one_line_refusal(ran: Ran) -> None:
    """Exit 2 and a single 'rapport: …' line on stderr: the user's error, never a traceback."""
    assert ran.code == 2, f"exit {ran.code}, stderr: {ran.err!r}"
    lines = ran.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rapport: "), ran.err
    assert "Traceback" not in ran.err and "internal error" not in ran.err


# --- property-based runs ------------------------------------------------------------------------


@dataclass
class Tally:
    """How many values a property was checked on, and on how many it failed (shrinking included)."""

    tried: int = 0
    failed: int = 0

    @property
    def held(self) -> int:
        return self.tried - self.failed


def fuzz(
    strategy: st.SearchStrategy[Any], check: Callable[[Any], None], examples: int, tally: Tally | None = None
) -> Tally:
    """Run ``check`` on ``examples`` values drawn from ``strategy``; the same values every run."""
    counts = tally if tally is not None else Tally()

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(strategy)
    def property_holds(value: Any) -> None:
        counts.tried += 1
        try:
            check(value)
        except BaseException:
            counts.failed += 1
            raise

    property_holds()
    return counts


def now_utc() -> datetime:
    return datetime.now(timezone.utc)
