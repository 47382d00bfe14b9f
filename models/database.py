"""Opening the database: pragmas, permissions, schema version checks and migrations."""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from peewee import SqliteDatabase

from models.entities import database_proxy
from models.location import BACKUP_FOLDER, ensure_private_dir, make_private_file

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HISTORY_TABLE = "schema_migration"
BUSY_TIMEOUT_MS = 15_000
TRANSACTION_LOCK = "IMMEDIATE"
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": BUSY_TIMEOUT_MS,
    "cache_size": -8_000,  # 8 MB of pages: the window stays under its memory budget at 30k contacts
}


class DatabaseError(Exception):
    """A problem with the database file that the user can act on."""


class DatabaseTooNewError(DatabaseError):
    """The file was written by a newer Rapport; opening it could lose data."""


@dataclass
class OpenedDatabase:
    db: SqliteDatabase
    path: Path
    applied_migrations: list[str] = field(default_factory=list)
    pre_migration_backup: Path | None = None

    @property
    def schema_version(self) -> int:
        return schema_version(self.db)


def known_migrations() -> list[str]:
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def schema_version(db: SqliteDatabase) -> int:
    """The number of applied migrations; 0 for an empty database."""
    if HISTORY_TABLE not in db.get_tables():
        return 0
    row = db.execute_sql(f"SELECT COUNT(*) FROM {HISTORY_TABLE}").fetchone()
    return int(row[0])


def applied_migrations(db: SqliteDatabase) -> set[str]:
    """Names of the migrations recorded in the database's history table."""
    if HISTORY_TABLE not in db.get_tables():
        return set()
    return {row[0] for row in db.execute_sql(f"SELECT name FROM {HISTORY_TABLE}")}


def latest_schema_version() -> int:
    return len(known_migrations())


def open_database(path: Path, *, migrate: bool = True) -> OpenedDatabase:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Refuses a database whose schema is newer than this version of Rapport, and copies
    the file aside before running any migration on existing data.
    """
    ensure_private_dir(path.parent)
    old_umask = os.umask(0o077)
    try:
        # Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), so it waits its
        # turn under the busy timeout. A deferred one that reads first fails at once with
        # "database is locked" when another process wrote meanwhile: SQLite cannot wait there.
        db = SqliteDatabase(
            str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000, lock_type=TRANSACTION_LOCK
        )
        try:
            db.connect(reuse_if_open=True)
        except Exception as error:  # peewee wraps sqlite3 errors in its own classes
            if "not a database" in str(error):
                raise DatabaseError(f"{path}: not a Rapport database ({error})") from error
            raise DatabaseError(f"{path}: cannot open the database ({error})") from error
        try:
            opened = _check_and_migrate(db, path, migrate)
        except sqlite3.DatabaseError as error:
            db.close()
            raise DatabaseError(f"{path}: not a Rapport database ({error})") from error
        except Exception as error:
            if isinstance(error, DatabaseError):
                db.close()
                raise
            if "file is not a database" in str(error) or "malformed" in str(error):
                db.close()
                raise DatabaseError(f"{path}: not a Rapport database ({error})") from error
            raise
    finally:
        os.umask(old_umask)
    for suffix in ("", "-wal", "-shm"):
        make_private_file(Path(str(path) + suffix))
    database_proxy.initialize(db)
    return opened


def _check_and_migrate(db: SqliteDatabase, path: Path, migrate: bool) -> OpenedDatabase:
    known = known_migrations()
    applied = applied_migrations(db)
    unknown = sorted(applied - set(known))
    if unknown:
        raise DatabaseTooNewError(
            f"{path}: this database was written by a newer version of Rapport "
            f"(schema {len(applied)}, this version knows {len(known)}); "
            "please update Rapport — the file was left untouched"
        )
    if applied and not (db.get_tables() and HISTORY_TABLE in db.get_tables()):
        raise DatabaseError(f"{path}: not a Rapport database")
    if not applied and _has_foreign_tables(db):
        raise DatabaseError(f"{path}: this SQLite file is not a Rapport database")
    pending = [name for name in known if name not in applied]
    opened = OpenedDatabase(db=db, path=path)
    if not pending or not migrate:
        return opened
    if applied:
        opened.pre_migration_backup = copy_before_migration(db, path, len(applied))
    # Imported here: the runner costs a noticeable share of every command's start-up, and
    # it is needed only when the schema changes.
    from playhouse.migrations import Runner

    runner = Runner(db, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)
    opened.applied_migrations = runner.up()
    log.info("database %s migrated: %s", path, ", ".join(opened.applied_migrations))
    return opened


def _has_foreign_tables(db: SqliteDatabase) -> bool:
    return any(not name.startswith("sqlite_") for name in db.get_tables())


def copy_before_migration(db: SqliteDatabase, path: Path, version: int) -> Path:
    """Copy the whole database aside with SQLite's online backup before changing its schema."""
    folder = ensure_private_dir(path.parent / BACKUP_FOLDER)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    target = folder / f"before-migration-v{version}-{stamp}.sqlite"
    copy_database(db, target)
    return target


def partial_copy_name(target: Path) -> Path:
    """Where this process writes a copy until it is complete: hidden, never named like a backup."""
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


def copy_database(db: SqliteDatabase, target: Path) -> None:
    """A consistent copy of the live database, even while others write to it.

    The copy takes ``target``'s name only once it is complete, so a crash or a full disk
    in the middle never leaves a half-written (or empty) database named as a backup.
    """
    partial = partial_copy_name(target)
    old_umask = os.umask(0o077)
    try:
        _remove_partial(partial)
        destination = sqlite3.connect(str(partial))
        try:
            db.connection().backup(destination)
        finally:
            destination.close()
        make_private_file(partial)
        partial.replace(target)
    except BaseException:
        _remove_partial(partial)
        raise
    finally:
        os.umask(old_umask)


def _remove_partial(partial: Path) -> None:
    for leftover in (partial, Path(f"{partial}-journal")):
        leftover.unlink(missing_ok=True)


def close_database(opened: OpenedDatabase) -> None:
    if not opened.db.is_closed():
        opened.db.close()
