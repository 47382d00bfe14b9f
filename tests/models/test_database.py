"""Opening, migrating, refusing and backing up the database file."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from models.backup import daily_backups, rotate_daily_backup
from models.database import (
    DatabaseError,
    DatabaseTooNewError,
    latest_schema_version,
    open_database,
)
from models.entities import ALL_MODELS, Circle, Contact
from services.clock import fixed_clock
from services.search import search_contacts
from services.store import open_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_private_and_current(data_dir: Path) -> None:
    path = data_dir / "sub" / "rapport.sqlite"
    opened = open_database(path)
    try:
        assert opened.schema_version == latest_schema_version()
        assert [c.name for c in Circle.select().order_by(Circle.position)] == [
            "Inner",
            "Close",
            "Network",
            "Acquaintance",
            "Untracked",
        ]
        assert {c.name: c.cadence_days for c in Circle.select()}["Close"] == 30
        assert opened.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert opened.db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        opened.db.close()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_models_describe_the_migrated_schema(data_dir: Path) -> None:
    opened = open_database(data_dir / "rapport.sqlite")
    try:
        for model in ALL_MODELS:
            columns = {c.name for c in opened.db.get_columns(model._meta.table_name)}
            fields = {f.column_name for f in model._meta.sorted_fields}
            assert fields == columns, model.__name__
    finally:
        opened.db.close()


def test_frozen_version_1_database_runs_through_every_migration(data_dir: Path) -> None:
    target = data_dir / "rapport.sqlite"
    shutil.copy(FIXTURES / "schema_v1.sqlite", target)
    before = sha256(target)
    now = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
    store = open_store(data_dir, clock=fixed_clock(now))
    try:
        assert store.opened.applied_migrations[0] == "0002_search_and_last_touch"
        assert store.opened.schema_version == latest_schema_version()
        # The file was copied aside, as it was, before its schema changed.
        backup = store.opened.pre_migration_backup
        assert backup is not None and backup.exists()
        copy = sqlite3.connect(backup)
        assert copy.execute("SELECT COUNT(*) FROM schema_migration").fetchone()[0] == 1
        assert copy.execute("SELECT COUNT(*) FROM contact").fetchone()[0] == 2
        copy.close()
        assert before != sha256(target)
        # Old rows gained their derived columns: last touch, touch history and search.
        lena = Contact.get(Contact.display_name == "Lena Vogel")
        assert str(lena.last_touch_at).startswith("2026-10-15")
        assert lena.last_touch_kind == "lunch"
        assert lena.engagement == pytest.approx(3.0)
        history = dict(store.db.execute_sql("SELECT contact_id, instants FROM touch_history").fetchall())
        assert history[lena.id] == "2026-10-15 11:00:00"
        assert [h.name for h in search_contacts(store, "lena@exa")] == ["Lena Vogel"]
        assert [h.name for h in search_contacts(store, "fintech")] == ["Marco Bianchi"]
    finally:
        store.close()


def test_database_from_a_newer_version_is_refused_and_left_untouched(data_dir: Path) -> None:
    path = data_dir / "rapport.sqlite"
    opened = open_database(path)
    opened.db.execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('0099_future', '2030-01-01')")
    opened.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    opened.db.close()
    before = sha256(path)
    with pytest.raises(DatabaseTooNewError, match="newer version of Rapport"):
        open_database(path)
    assert sha256(path) == before


def test_a_file_that_is_not_a_database_is_refused(data_dir: Path) -> None:
    path = data_dir / "rapport.sqlite"
    path.write_bytes(b"\x00\x01not sqlite at all" * 100)
    with pytest.raises(DatabaseError, match="not a Rapport database"):
        open_database(path)


def test_another_programs_sqlite_file_is_refused(data_dir: Path) -> None:
    path = data_dir / "rapport.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    other.commit()
    other.close()
    with pytest.raises(DatabaseError, match="not a Rapport database"):
        open_database(path)


def test_daily_backups_rotate_keeping_the_last_seven(data_dir: Path) -> None:
    opened = open_database(data_dir / "rapport.sqlite")
    folder = data_dir / "backups"
    try:
        for day in range(1, 11):
            rotate_daily_backup(opened.db, folder, date(2026, 11, day))
            # A second run the same day adds nothing.
            assert rotate_daily_backup(opened.db, folder, date(2026, 11, day)) is None
    finally:
        opened.db.close()
    names = [p.name for p in daily_backups(folder)]
    assert names == [f"rapport-2026-11-{d:02d}.sqlite" for d in range(4, 11)]
    newest = sqlite3.connect(folder / names[-1])
    assert newest.execute("SELECT COUNT(*) FROM circle").fetchone()[0] == 5
    newest.close()
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in daily_backups(folder))
