"""Backups that restore: the automatic ones open and can be put back, a restore backs up the
current data first, and anything written by a newer Rapport is refused and left untouched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    BERLIN,
    DATABASE,
    NOW_AT,
    assert_one_line_refusal,
    assert_sound,
    copy_data_dir,
    count,
    hash_of,
    open_at,
    rapport,
    run_cli,
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def put_back(backup: Path, data_dir: Path) -> None:
    """What a user does with an automatic backup: copy it over the database (the app closed)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{data_dir / DATABASE}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, data_dir / DATABASE)


def test_automatic_backups_open_and_put_back_give_the_data_of_their_day(
    network_dir: Path, tmp_path: Path
) -> None:
    from models.backup import daily_backups
    from services.clock import fixed_clock
    from services.contacts import ContactInput, create_contact
    from services.json_backup import content_hash
    from services.store import open_store

    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    states = {}
    for day in range(10):  # ten days of use: the app opened each morning, a contact added each day
        when = NOW_AT + timedelta(days=day)
        store = open_store(data_dir, clock=fixed_clock(when), tz=BERLIN, auto_backup=True)
        try:
            states[when.date().isoformat()] = content_hash(store)
            create_contact(store, ContactInput(display_name=f"Met on day {day}"))
        finally:
            store.close()
    backups = daily_backups(data_dir / "backups")
    assert len(backups) == 7  # the newest seven are kept
    for backup in backups:
        assert_sound(backup)
        taken_on = backup.name.removeprefix("rapport-").removesuffix(".sqlite")
        restored = tmp_path / f"restored-{taken_on}"
        restored.mkdir(mode=0o700)
        put_back(backup, restored)
        assert hash_of(restored) == states[taken_on], f"{backup.name} does not hold the data of {taken_on}"
        assert run_cli(restored, "search", "Person").code == 0

    # And put back in place of the live database, after more changes: the app starts on it.
    newest = backups[-1]
    put_back(newest, data_dir)
    assert hash_of(data_dir) == states[newest.name[8:18]]


def test_a_restore_first_backs_up_the_data_it_replaces(network_dir: Path, tmp_path: Path) -> None:
    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    empty = tmp_path / "empty"
    assert run_cli(empty, "export", "json", str(tmp_path / "empty.json")).code == 0
    before = hash_of(data_dir)
    ran = run_cli(data_dir, "restore", str(tmp_path / "empty.json"))
    assert ran.code == 0, ran.err
    assert count(data_dir / DATABASE, "contact") == 0
    safety = data_dir / "backups" / "rapport-2026-11-27-before-restore.sqlite"
    assert str(safety) in ran.out, ran.out
    # The safety copy is the whole database as it was: put it back and everything returns.
    put_back(safety, data_dir)
    assert hash_of(data_dir) == before
    # A second restore the same day keeps the first safety copy and makes another.
    assert run_cli(data_dir, "restore", str(tmp_path / "empty.json")).code == 0
    assert (data_dir / "backups" / "rapport-2026-11-27-before-restore-2.sqlite").exists()
    assert sha256(safety) != sha256(data_dir / DATABASE)


def test_a_json_backup_from_a_newer_version_is_refused(network_dir: Path, tmp_path: Path) -> None:
    from models.database import latest_schema_version

    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    before = hash_of(data_dir)
    backup_file = tmp_path / "backup.json"
    assert run_cli(data_dir, "export", "json", str(backup_file)).code == 0
    document = json.loads(backup_file.read_text(encoding="utf-8"))
    document["schema_version"] = latest_schema_version() + 1
    document["tables"]["contact"][0]["some_future_column"] = "x"
    backup_file.write_text(json.dumps(document), encoding="utf-8")
    ran = rapport(data_dir, "restore", str(backup_file))
    assert_one_line_refusal(ran)
    assert "written by a newer version of Rapport" in ran.err and "nothing was restored" in ran.err
    assert hash_of(data_dir) == before


def test_a_database_from_a_newer_version_is_refused_and_left_as_it_is(
    network_dir: Path, tmp_path: Path
) -> None:
    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    database = data_dir / DATABASE
    connection = sqlite3.connect(str(database))
    connection.execute("INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = sha256(database)
    for command in (("cold",), ("add", "Someone"), ("backup",)):
        ran = rapport(data_dir, *command)
        assert_one_line_refusal(ran)
        assert "newer version of Rapport" in ran.err and "left untouched" in ran.err
    assert sha256(database) == before
    assert not (data_dir / "backups").exists() or not list((data_dir / "backups").iterdir())
    # The same for an automatic backup of that database put back in place of a current one.
    current = copy_data_dir(network_dir, tmp_path / "current")
    put_back(database, current)
    assert_one_line_refusal(run_cli(current, "today"))


class DiskFullDuringCopy:
    """A database whose online backup writes a little, then fails as a full disk does."""

    def connection(self) -> DiskFullDuringCopy:
        return self

    def backup(self, destination: sqlite3.Connection) -> None:
        destination.execute("CREATE TABLE half (x)")
        destination.commit()
        raise sqlite3.OperationalError("database or disk is full")


def test_a_backup_that_fails_keeps_the_previous_backup_of_that_name(
    network_dir: Path, tmp_path: Path
) -> None:
    from models.backup import backup_now

    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    store = open_at(data_dir)
    try:
        first = backup_now(store.db, store.backups_dir, store.today(), label="manual")
    finally:
        store.close()
    kept = sha256(first)
    with pytest.raises(sqlite3.OperationalError):
        backup_now(DiskFullDuringCopy(), first.parent, NOW_AT.date(), label="manual")  # type: ignore[arg-type]
    assert sha256(first) == kept
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # nothing half-written is left


def test_copies_a_crash_left_half_written_are_swept_once_they_are_old(
    network_dir: Path, tmp_path: Path
) -> None:
    from models.backup import backup_now

    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    folder = data_dir / "backups"
    folder.mkdir(mode=0o700)
    old = folder / ".rapport-2026-11-20.sqlite.4242.partial"
    old_journal = folder / ".rapport-2026-11-20.sqlite.4242.partial-journal"
    young = folder / ".rapport-2026-11-27.sqlite.4343.partial"  # maybe another process, right now
    for path in (old, old_journal, young):
        path.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    os.utime(old_journal, (two_hours_ago, two_hours_ago))
    store = open_at(data_dir)
    try:
        backup_now(store.db, folder, store.today())
    finally:
        store.close()
    assert not old.exists() and not old_journal.exists()
    assert young.exists()
