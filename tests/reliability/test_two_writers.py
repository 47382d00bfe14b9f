"""The window and the command line writing at the same time: every write lands, and no one
ever sees "database is locked".

Two processes write into one data folder: one keeps the database open for the whole run and
writes through the services every 2 ms, as the desktop app does for a very busy user; the
other runs `rapport` commands back to back, each opening the folder, taking the daily
backup check, writing and closing. Meanwhile the test runs a few real `python main.py` commands.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability import report
from tests.reliability.conftest import DATABASE, ROOT, SIZES, assert_sound, copy_data_dir, rapport, sized
from tests.reliability.writer_worker import WRITE_KINDS

WRITERS = ("window", "cli")


def start_writer(mode: str, data_dir: Path, count: int, log: Path) -> subprocess.Popen[str]:
    with log.open("wb") as errors:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.writer_worker", mode, str(data_dir), str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            text=True,
        )


def missing_writes(database: Path, writer: str, count: int) -> list[str]:
    """The marks of writes that are not (wholly) in the database."""
    connection = sqlite3.connect(str(database))

    def found(sql: str, mark: str) -> bool:
        return int(connection.execute(sql, (mark,)).fetchone()[0]) == 1

    missing = []
    try:
        for number in range(count):
            mark = f"{writer}-{number}"
            kind = number % WRITE_KINDS
            if kind == 0:
                there = found(
                    "SELECT COUNT(*) FROM interaction i "
                    "JOIN interaction_contact ic ON ic.interaction_id = i.id WHERE i.note = ?",
                    mark,
                )
            elif kind == 1:
                there = found("SELECT COUNT(*) FROM contact WHERE display_name = ?", mark)
            elif kind == 2:
                there = found(
                    "SELECT COUNT(*) FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE t.name = ?",
                    mark,
                )
            else:
                there = found("SELECT COUNT(*) FROM exchange WHERE note = ?", mark)
            if not there:
                missing.append(mark)
    finally:
        connection.close()
    return missing


def switches(database: Path) -> int:
    """How often consecutive touches (by id) come from different writers: how interleaved they were."""
    connection = sqlite3.connect(str(database))
    try:
        notes = [
            str(note).split("-")[0]
            for (note,) in connection.execute(
                "SELECT note FROM interaction WHERE note LIKE 'window-%' OR note LIKE 'cli-%' ORDER BY id"
            )
        ]
    finally:
        connection.close()
    return sum(1 for first, second in itertools.pairwise(notes) if first != second)


@pytest.mark.parametrize("size", SIZES)
def test_two_processes_writing_at_once_lose_nothing_and_never_see_locked(
    size: str, network_dir: Path, tmp_path: Path
) -> None:
    # The window writes at least its count, and goes on for as long as the commands run.
    counts = {"window": sized(size, 700, 5000), "cli": sized(size, 300, 3000)}
    shell_commands = sized(size, 6, 40)
    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    workers = {mode: start_writer(mode, data_dir, counts[mode], tmp_path / f"{mode}.log") for mode in WRITERS}
    try:
        for mode, worker in workers.items():
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "ready", (tmp_path / f"{mode}.log").read_text()
        for worker in workers.values():
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()

        # Real commands, as a user would type them while the app and a script are busy.
        shell_failures = []
        for number in range(shell_commands):
            ran = rapport(data_dir, "log", "1", "call", "--note", f"shell-{number}")
            if ran.code != 0 or ran.err:
                shell_failures.append(f"shell-{number}: exit {ran.code}: {ran.err.strip()}")

        results = {}
        for mode in ("cli", "window"):  # the window writes until the commands are done
            worker = workers[mode]
            out, _ = worker.communicate(input="stop\n" if mode == "window" else None, timeout=900)
            assert worker.returncode == 0, (tmp_path / f"{mode}.log").read_text()
            results[mode] = json.loads(out.strip().splitlines()[-1])
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.kill()
                worker.wait()

    counts["window"] = results["window"]["writes"]
    database = data_dir / DATABASE
    assert_sound(database)
    missing = {mode: missing_writes(database, mode, counts[mode]) for mode in WRITERS}
    connection = sqlite3.connect(str(database))
    try:
        shell_landed = connection.execute(
            "SELECT COUNT(*) FROM interaction WHERE note LIKE 'shell-%'"
        ).fetchone()[0]
    finally:
        connection.close()
    failures = [failure for mode in WRITERS for failure in results[mode]["failures"]] + shell_failures
    total = sum(counts.values()) + shell_commands
    landed = total - sum(len(m) for m in missing.values()) - (shell_commands - shell_landed)
    interleaved = switches(database)
    report.record(
        "writers.two_processes",
        size=size,
        tried=sum(counts.values()),
        survived=sum(counts.values()) - sum(len(m) for m in missing.values()),
        unit="writes",
        detail=(
            f"{counts['window']:,} from a long-running process + {counts['cli']:,} `rapport` commands; "
            f"the writers alternated {interleaved:,} times; 'database is locked' seen "
            f"{sum('locked' in failure for failure in failures)} times"
        ),
    )
    report.record(
        "writers.real_cli",
        size=size,
        tried=shell_commands,
        survived=int(shell_landed) - len(shell_failures),
        unit="commands",
        detail="`python main.py log …` while both writers ran",
    )
    assert failures == [], failures[:10]
    assert missing == {"window": [], "cli": []}
    assert shell_landed == shell_commands
    assert landed == total
    # The writes really were interleaved, not one process after the other.
    assert interleaved >= 20, f"the writers alternated only {interleaved} times"
