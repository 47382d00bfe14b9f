"""Rotating daily backups with SQLite's online backup API."""

from __future__ import annotations

import contextlib
import re
import time
from datetime import date
from pathlib import Path

from peewee import SqliteDatabase

from models.database import copy_database
from models.location import ensure_private_dir

DAILY_PATTERN = re.compile(r"^rapport-(\d{4}-\d{2}-\d{2})\.sqlite$")
KEEP_DAILY = 7
PARTIAL_COPY_MAX_AGE_S = 3600


def daily_backups(folder: Path) -> list[Path]:
    """Automatic backups in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if DAILY_PATTERN.match(p.name))


def backup_now(db: SqliteDatabase, folder: Path, today: date, *, label: str = "") -> Path:
    """Write a backup now; the file is named after today (and ``label`` if given)."""
    ensure_private_dir(folder)
    name = f"rapport-{today.isoformat()}.sqlite" if not label else f"rapport-{today}-{label}.sqlite"
    target = folder / name
    _sweep_partial_copies(folder)
    copy_database(db, target)  # replaces an older file of that name only once the copy is whole
    return target


def _sweep_partial_copies(folder: Path) -> None:
    """Remove copies a crash left half-written; a young one may still be written by another process."""
    cutoff = time.time() - PARTIAL_COPY_MAX_AGE_S
    for leftover in folder.glob(".*.partial*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def rotate_daily_backup(db: SqliteDatabase, folder: Path, today: date, keep: int = KEEP_DAILY) -> Path | None:
    """At most one automatic backup a day; keep the newest ``keep``. Returns the new file, if any."""
    existing = daily_backups(folder)
    created = None
    if not any(p.name == f"rapport-{today.isoformat()}.sqlite" for p in existing):
        created = backup_now(db, folder, today)
        existing = daily_backups(folder)
    for old in existing[:-keep] if keep > 0 else existing:
        old.unlink(missing_ok=True)
    return created
