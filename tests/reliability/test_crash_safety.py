"""SIGKILL at random moments: during a large import, a burst of edits, backups and a restore.

After every kill the database passes ``PRAGMA integrity_check`` and ``foreign_key_check``,
each import (and restore) is wholly there or wholly absent — the content hash is exactly
the one before or the one after — every edit reported as saved is there, none is half
there, and the app starts normally: ``open_store`` and a ``rapport`` command work.

The kill moments are drawn from a seeded generator over the measured length of the work,
so every run kills at the same moments (give or take the machine's speed). The normal
suite runs a fixed number of trials; ``-m slow`` runs ten times as many.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.reliability import report
from tests.reliability.conftest import (
    DATABASE,
    NOW,
    ROOT,
    SIZES,
    copy_data_dir,
    count,
    hash_of,
    integrity,
    open_at,
    sized,
)
from tests.reliability.crash_worker import EDIT_KINDS

SEED = 20261127
IMPORT_ROWS = 3000
EDIT_COUNT = 300
BACKUP_COUNT = 12


class ForkingWorker:
    """tests/reliability/crash_worker.py, which forks one process per trial; and every message
    it and those processes sent."""

    def __init__(self, log: Path) -> None:
        self.log = log
        with log.open("wb") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.reliability.crash_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                text=True,
                bufsize=1,
            )
        self.messages: list[dict[str, Any]] = []

    def send(self, command: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def wait_for(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        for message in self.messages:
            if wanted(message):
                return message
        assert self.process.stdout is not None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError(
                    f"the crash worker ended: {self.log.read_text(errors='replace')[-3000:]}"
                )
            message = json.loads(line)
            self.messages.append(message)
            if wanted(message):
                return message

    def start(self, command: dict[str, Any]) -> int:
        self.messages.clear()
        self.send(command)
        return int(self.wait_for(lambda m: "pid" in m and len(m) == 1)["pid"])

    def wait_until_started(self, pid: int) -> None:
        message = self.wait_for(lambda m: m.get("go") == pid or (m.get("pid") == pid and "error" in m))
        assert "error" not in message, message["error"]

    def reap(self, pid: int) -> tuple[int, list[dict[str, Any]]]:
        self.send({"op": "reap", "pid": pid})
        code = int(self.wait_for(lambda m: m.get("reaped") == pid)["code"])
        return code, [m for m in self.messages if m.get("pid") == pid or pid in (m.get("go"), m.get("done"))]

    def cli(self, *argv: str) -> int:
        pid = self.start({"op": "cli", "argv": list(argv)})
        code, _ = self.reap(pid)
        return code

    def stop(self) -> None:
        if self.process.poll() is None:
            self.send({"op": "quit"})
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[ForkingWorker]:
    forking = ForkingWorker(tmp_path / "crash-worker.log")
    yield forking
    forking.stop()


@dataclass
class Trial:
    """One forked process: killed after ``delay`` seconds, or left to finish when ``delay`` is None."""

    pid: int
    code: int
    committed: list[int] = field(default_factory=list)
    finished: bool = False
    seconds: float = 0.0


def run_trial(worker: ForkingWorker, command: dict[str, Any], delay: float | None) -> Trial:
    pid = worker.start(command)
    worker.wait_until_started(pid)
    started = time.monotonic()
    if delay is None:
        worker.wait_for(lambda m: m.get("done") == pid or (m.get("pid") == pid and "error" in m))
    else:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)  # not reaped yet, so the pid cannot have been reused
    seconds = time.monotonic() - started
    code, messages = worker.reap(pid)
    errors = [m["error"] for m in messages if "error" in m]
    assert not errors, errors
    return Trial(
        pid=pid,
        code=code,
        committed=[int(m["committed"]) for m in messages if "committed" in m],
        finished=any(m.get("done") == pid for m in messages),
        seconds=seconds,
    )


# --- what must hold after every kill ---------------------------------------------------------------


def schema_of(database: Path) -> set[tuple[str, str]]:
    connection = sqlite3.connect(str(database))
    try:
        return {
            (str(name), str(sql)) for name, sql in connection.execute("SELECT name, sql FROM sqlite_master")
        }
    finally:
        connection.close()


def search_index_problem(database: Path) -> str | None:
    connection = sqlite3.connect(str(database))
    try:
        connection.execute("INSERT INTO contact_search (contact_search) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        connection.close()
    return None


def starts_normally(worker: ForkingWorker, data_dir: Path) -> list[str]:
    """The app opens the folder (migrations checked, daily backup taken) and a command works."""
    problems = []
    try:
        store = open_at(data_dir)
        store.close()
    except Exception as error:
        problems.append(f"open_store failed: {type(error).__name__}: {error}")
    code = worker.cli("--data-dir", str(data_dir), "--now", NOW, "cold")
    if code != 0:
        problems.append(f"`rapport cold` exited {code}")
    return problems


def soundness_problems(database: Path, schema: set[tuple[str, str]]) -> list[str]:
    verdict, dangling = integrity(database)
    problems = []
    if verdict != "ok":
        problems.append(f"integrity_check: {verdict}")
    if dangling:
        problems.append(f"dangling foreign keys: {dangling[:3]}")
    if schema_of(database) != schema:
        problems.append("the schema changed (an index or trigger dropped by the import is missing)")
    search = search_index_problem(database)
    if search:
        problems.append(f"search index: {search}")
    return problems


class Outcomes:
    """Trials and what went wrong in each; recorded for docs/reliability.md, then asserted."""

    def __init__(self, key: str, size: str) -> None:
        self.key, self.size = key, size
        self.trials = 0
        self.mid_work = 0
        self.failures: list[str] = []

    def add(self, trial: Trial, problems: list[str]) -> None:
        self.trials += 1
        self.mid_work += not trial.finished
        if problems:
            self.failures.append(f"trial {self.trials} (pid {trial.pid}): " + "; ".join(problems))

    def finish(self, what: str) -> None:
        report.record(
            self.key,
            size=self.size,
            tried=self.trials,
            survived=self.trials - len(self.failures),
            unit="kills",
            detail=f"{self.mid_work} landed mid-{what}; seed {SEED}",
        )
        assert not self.failures, "\n".join(self.failures[:10])
        # Most kills must land inside the work, or the test proves little.
        assert self.mid_work >= self.trials // 2, (
            f"only {self.mid_work} of {self.trials} kills were mid-{what}"
        )


def fresh_copy(source: Path, tmp_path: Path, number: int) -> Path:
    target = tmp_path / f"trial-{number}"
    if target.exists():
        shutil.rmtree(target)
    return copy_data_dir(source, target)


# --- the large import ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def connections_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.generate import generate_connections_csv

    return generate_connections_csv(
        tmp_path_factory.mktemp("export") / "Connections.csv", IMPORT_ROWS, seed=5
    )


@pytest.mark.parametrize("size", SIZES)
def test_a_killed_import_is_wholly_there_or_wholly_absent(
    size: str, worker: ForkingWorker, network_dir: Path, connections_csv: Path, tmp_path: Path
) -> None:
    trials = sized(size, 40, 400)
    database_before = network_dir / DATABASE
    schema = schema_of(database_before)
    before = hash_of(network_dir)
    contacts_before = count(database_before, "contact")

    # One import left to finish: how long the work takes, and what "wholly there" looks like.
    whole = fresh_copy(network_dir, tmp_path, 0)
    finished = run_trial(worker, {"op": "import", "data_dir": str(whole), "path": str(connections_csv)}, None)
    assert finished.finished and finished.code == 0
    after = hash_of(whole)
    assert count(whole / DATABASE, "contact") == contacts_before + IMPORT_ROWS
    window = finished.seconds * 1.15

    rng = random.Random(SEED)
    outcomes = Outcomes("crash.import", size)
    for number in range(1, trials + 1):
        data_dir = fresh_copy(network_dir, tmp_path, number)
        trial = run_trial(
            worker,
            {"op": "import", "data_dir": str(data_dir), "path": str(connections_csv)},
            rng.uniform(0, window),
        )
        database = data_dir / DATABASE
        problems = soundness_problems(database, schema)
        if not problems:
            contacts = count(database, "contact")
            if contacts not in (contacts_before, contacts_before + IMPORT_ROWS):
                problems.append(f"{contacts - contacts_before} of {IMPORT_ROWS} contacts imported")
            elif hash_of(data_dir) not in (before, after):
                problems.append("the data is neither the data before the import nor after it")
            problems += starts_normally(worker, data_dir)
        outcomes.add(trial, problems)
        shutil.rmtree(data_dir)
    outcomes.finish("import")


# --- a burst of edits ---------------------------------------------------------------------------------


def edits_present(database: Path, upto: int) -> tuple[list[int], list[int]]:
    """Which of edits 0..upto-1 are wholly in the database, and which only partly (never allowed)."""
    connection = sqlite3.connect(str(database))
    present: list[int] = []
    partial: list[int] = []

    def one(sql: str, *args: Any) -> int:
        return int(connection.execute(sql, args).fetchone()[0])

    try:
        for number in range(upto):
            mark = f"edit-{number}"
            kind = number % EDIT_KINDS
            if kind == 0:
                rows = one("SELECT COUNT(*) FROM interaction WHERE note = ?", mark)
                linked = one(
                    "SELECT COUNT(*) FROM interaction i "
                    "JOIN interaction_contact ic ON ic.interaction_id = i.id WHERE i.note = ?",
                    mark,
                )
                parts = [rows == 1, linked == 1]
            elif kind == 1:
                parts = [
                    one("SELECT COUNT(*) FROM contact WHERE display_name = ?", f"Edit {number}") == 1,
                    one("SELECT COUNT(*) FROM contact_email WHERE email = ?", f"{mark}@example.org") == 1,
                ]
            elif kind == 2:
                parts = [one("SELECT COUNT(*) FROM exchange WHERE note = ?", mark) == 1]
            elif kind == 3:
                parts = [one("SELECT COUNT(*) FROM checkin WHERE note = ?", mark) == 1]
            else:
                parts = [
                    one("SELECT COUNT(*) FROM tag WHERE name = ?", mark) == 1,
                    one(
                        "SELECT COUNT(*) FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE t.name = ?",
                        mark,
                    )
                    == 1,
                ]
            if all(parts):
                present.append(number)
            elif any(parts):
                partial.append(number)
    finally:
        connection.close()
    return present, partial


def derived_columns_problem(data_dir: Path) -> str | None:
    """Last-touch, warmth and search columns must match the rows they are computed from."""
    from services.derived import refresh_all_derived
    from services.json_backup import content_hash

    store = open_at(data_dir)
    try:
        before = content_hash(store)
        refresh_all_derived(store)
        if content_hash(store) != before:
            return "derived columns (last touch, warmth, search text) disagree with the touches"
    finally:
        store.close()
    return None


@pytest.mark.parametrize("size", SIZES)
def test_every_saved_edit_survives_a_kill_and_none_is_half_saved(
    size: str, worker: ForkingWorker, network_dir: Path, tmp_path: Path
) -> None:
    trials = sized(size, 20, 200)
    schema = schema_of(network_dir / DATABASE)
    whole = fresh_copy(network_dir, tmp_path, 0)
    finished = run_trial(worker, {"op": "edits", "data_dir": str(whole), "count": EDIT_COUNT}, None)
    assert finished.finished and finished.committed == list(range(EDIT_COUNT))
    assert edits_present(whole / DATABASE, EDIT_COUNT) == (list(range(EDIT_COUNT)), [])
    window = finished.seconds * 1.1

    rng = random.Random(SEED + 1)
    outcomes = Outcomes("crash.edits", size)
    for number in range(1, trials + 1):
        data_dir = fresh_copy(network_dir, tmp_path, number)
        trial = run_trial(
            worker, {"op": "edits", "data_dir": str(data_dir), "count": EDIT_COUNT}, rng.uniform(0, window)
        )
        database = data_dir / DATABASE
        problems = soundness_problems(database, schema)
        if not problems:
            saved = len(trial.committed)  # edits 0..saved-1 were reported as committed
            present, partial = edits_present(database, EDIT_COUNT)
            if partial:
                problems.append(f"edits half saved: {partial}")
            if present not in (list(range(saved)), list(range(saved + 1))):
                problems.append(f"{saved} edits reported saved, found {len(present)}: lost or out of order")
            derived = derived_columns_problem(data_dir)
            if derived:
                problems.append(derived)
            problems += starts_normally(worker, data_dir)
        outcomes.add(trial, problems)
        shutil.rmtree(data_dir)
    outcomes.finish("edit")


# --- backups and a restore ----------------------------------------------------------------------------


def backup_problems(data_dir: Path, contacts: int | None) -> list[str]:
    """Every file named as a backup is a whole copy of the database (of ``contacts`` contacts)."""
    from models.backup import DAILY_PATTERN

    problems = []
    for path in sorted((data_dir / "backups").glob("*.sqlite")):
        verdict, _ = integrity(path)
        if verdict != "ok":
            problems.append(f"backup {path.name}: {verdict}")
            continue
        try:
            copied = count(path, "contact")
        except sqlite3.DatabaseError as error:
            problems.append(f"backup {path.name} is not a copy of the database ({error})")
            continue
        if contacts is not None and DAILY_PATTERN.match(path.name) and copied != contacts:
            problems.append(f"backup {path.name} holds {copied} contacts, not {contacts}")
    return problems


@pytest.mark.parametrize("size", SIZES)
def test_a_killed_backup_never_leaves_a_broken_backup_behind(
    size: str, worker: ForkingWorker, network_dir: Path, connections_csv: Path, tmp_path: Path
) -> None:
    trials = sized(size, 10, 100)
    # A bigger database, so each backup takes long enough to be killed in the middle.
    source = fresh_copy(network_dir, tmp_path, 0)
    finished = run_trial(
        worker, {"op": "import", "data_dir": str(source), "path": str(connections_csv)}, None
    )
    assert finished.code == 0
    schema = schema_of(source / DATABASE)
    contacts = count(source / DATABASE, "contact")

    whole = fresh_copy(source, tmp_path, 1)
    finished = run_trial(worker, {"op": "backup", "data_dir": str(whole), "count": BACKUP_COUNT}, None)
    assert finished.committed == list(range(BACKUP_COUNT))
    assert backup_problems(whole, contacts) == []
    window = finished.seconds * 1.1

    rng = random.Random(SEED + 2)
    outcomes = Outcomes("crash.backup", size)
    for number in range(2, trials + 2):
        data_dir = fresh_copy(source, tmp_path, number)
        trial = run_trial(
            worker, {"op": "backup", "data_dir": str(data_dir), "count": BACKUP_COUNT}, rng.uniform(0, window)
        )
        problems = soundness_problems(data_dir / DATABASE, schema)
        problems += backup_problems(data_dir, contacts)
        problems += starts_normally(worker, data_dir)
        # A copy cut short stays hidden under a name no one takes for a backup (and is swept later).
        leftovers = [
            p.name
            for p in (data_dir / "backups").iterdir()
            if not p.name.endswith(".sqlite") and p.name[0] != "."
        ]
        if leftovers:
            problems.append(f"files left in backups/: {leftovers}")
        outcomes.add(trial, problems)
        shutil.rmtree(data_dir)
    outcomes.finish("backup")


@pytest.mark.parametrize("size", SIZES)
def test_a_killed_restore_leaves_the_data_as_it_was_or_as_restored(
    size: str, worker: ForkingWorker, network_dir: Path, connections_csv: Path, tmp_path: Path
) -> None:
    from services.exporting import export_json

    trials = sized(size, 10, 100)
    # The backup to restore: the network plus a large import, so the restore takes a while.
    other = fresh_copy(network_dir, tmp_path, 0)
    assert (
        run_trial(worker, {"op": "import", "data_dir": str(other), "path": str(connections_csv)}, None).code
        == 0
    )
    backup_file = tmp_path / "backup.json"
    store = open_at(other)
    try:
        export_json(store, backup_file)
    finally:
        store.close()
    restored = hash_of(other)
    before = hash_of(network_dir)
    schema = schema_of(network_dir / DATABASE)

    whole = fresh_copy(network_dir, tmp_path, 1)
    finished = run_trial(worker, {"op": "restore", "data_dir": str(whole), "path": str(backup_file)}, None)
    assert finished.finished and hash_of(whole) == restored
    window = finished.seconds * 1.1

    rng = random.Random(SEED + 3)
    outcomes = Outcomes("crash.restore", size)
    for number in range(2, trials + 2):
        data_dir = fresh_copy(network_dir, tmp_path, number)
        trial = run_trial(
            worker,
            {"op": "restore", "data_dir": str(data_dir), "path": str(backup_file)},
            rng.uniform(0, window),
        )
        problems = soundness_problems(data_dir / DATABASE, schema)
        if not problems and hash_of(data_dir) not in (before, restored):
            problems.append("the data is neither the data before the restore nor the backup's")
        problems += backup_problems(data_dir, None)
        problems += starts_normally(worker, data_dir)
        outcomes.add(trial, problems)
        shutil.rmtree(data_dir)
    outcomes.finish("restore")
