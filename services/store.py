"""One open Rapport data folder: the database, the clock, the settings, the backups."""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path

from peewee import SqliteDatabase

from core.settings import Settings
from models.backup import rotate_daily_backup
from models.database import OpenedDatabase, close_database, open_database
from models.entities import Setting
from models.location import BACKUP_FOLDER, DATABASE_FILE, ensure_private_dir, resolve_data_dir
from services.clock import Clock, local_zone, system_clock

log = logging.getLogger(__name__)


@dataclass
class Store:
    data_dir: Path
    opened: OpenedDatabase
    clock: Clock = system_clock
    tz: tzinfo = field(default_factory=local_zone)

    @property
    def db(self) -> SqliteDatabase:
        return self.opened.db

    @property
    def database_path(self) -> Path:
        return self.opened.path

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / BACKUP_FOLDER

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.now().astimezone(self.tz).date()

    def settings(self) -> Settings:
        stored = {row.key: json.loads(row.value) for row in Setting.select()}
        return Settings.from_storage(stored)

    def save_settings(self, settings: Settings) -> None:
        rows = [{"key": k, "value": json.dumps(v)} for k, v in settings.to_storage().items()]
        with self.db.atomic():
            Setting.insert_many(rows).on_conflict_replace().execute()

    def close(self) -> None:
        close_database(self.opened)


def open_store(
    data_dir: Path | str | None = None,
    *,
    clock: Clock = system_clock,
    tz: tzinfo | None = None,
    auto_backup: bool = False,
) -> Store:
    """Open the data folder, migrating the database if needed; optionally take the daily backup."""
    folder = ensure_private_dir(resolve_data_dir(data_dir))
    opened = open_database(folder / DATABASE_FILE)
    store = Store(data_dir=folder, opened=opened, clock=clock, tz=tz or local_zone())
    if opened.pre_migration_backup is not None:
        from services.derived import refresh_all_derived

        refresh_all_derived(store)
    if auto_backup:
        try:
            rotate_daily_backup(store.db, store.backups_dir, store.today())
        except (OSError, sqlite3.Error) as error:  # a full disk must not stop the user from working
            log.warning("automatic backup failed: %s", error)
    return store
