"""A JSON backup of everything in the database, and restoring it.

The file holds every row of every table as it is stored, so restoring it gives back
the same database: ``{"format": "rapport-backup", "schema_version": N, "exported_at":
ISO, "tables": {table: [row, ...]}}``, rows ordered by primary key. The search index
is not saved: it is rebuilt from the contacts. Nor is what the calendar was last sent
(calendar_push): it describes the calendar server, not the user's data, so a restore keeps
the current one, and the next push brings the calendar in line with the restored check-ins
(events of check-ins the backup lacks are removed, missing ones put back).
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

from peewee import PeeweeException, SqliteDatabase

from core.settings import Settings
from models.backup import backup_now
from models.database import HISTORY_TABLE, latest_schema_version, schema_version
from services.derived import refresh_all_derived
from services.store import Store

BACKUP_FORMAT = "rapport-backup"
SEARCH_INDEX = "contact_search"
NOT_BACKED_UP = frozenset({"calendar_push"})
BYTES_KEY = "base64"
HASH_BATCH_ROWS = 1000
_PLAIN_TYPES: set[type] = {type(None), bool, int, float, str}
# What SQLite must hold in a column of each declared type for the app to read it back.
_STORED_TYPES: dict[str, tuple[str, ...]] = {
    "INTEGER": ("integer",),
    "REAL": ("real", "integer"),
    "TEXT": ("text",),
    "DATE": ("text",),
    "DATETIME": ("text",),
}
_PARSERS: dict[str, Callable[[str], object]] = {
    "DATE": date.fromisoformat,
    "DATETIME": datetime.fromisoformat,
}
_SETTING_NAMES = {setting.name for setting in fields(Settings)}
_DAMAGED = object()


class RestoreRefused(Exception):  # noqa: N818 - the name says what happened to the restore
    """The backup cannot be restored; the database was left as it was."""


@dataclass(frozen=True)
class RestoreSummary:
    path: Path
    schema_version: int
    exported_at: str
    rows_by_table: dict[str, int] = field(default_factory=dict)
    safety_backup: Path | None = None  # the database as it was just before the restore

    @property
    def total_rows(self) -> int:
        return sum(self.rows_by_table.values())

    def __str__(self) -> str:
        contacts = self.rows_by_table.get("contact", 0)
        text = f"Restored {self.total_rows} rows ({contacts} contacts) from {self.path}"
        text += f", a backup made {self.exported_at}"
        if self.safety_backup is not None:
            text += f"; the data as it was before is kept in {self.safety_backup}"
        return text


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def data_tables(db: SqliteDatabase) -> list[str]:
    """Ordinary tables holding data: no SQLite internals, no full-text index or its shadow tables."""
    rows = list(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"))
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return [
        name
        for name, _sql in rows
        if not name.startswith("sqlite_")
        and name not in virtual
        and not any(name.startswith(f"{table}_") for table in virtual)
    ]


def backed_up_tables(db: SqliteDatabase) -> list[str]:
    return [table for table in data_tables(db) if table not in NOT_BACKED_UP]


def _columns(db: SqliteDatabase, table: str) -> list[str]:
    return [row[1] for row in db.execute_sql(f"PRAGMA table_info({_quoted(table)})")]


def _order_by(db: SqliteDatabase, table: str) -> str:
    keys = sorted(
        (row[5], row[1]) for row in db.execute_sql(f"PRAGMA table_info({_quoted(table)})") if row[5]
    )
    return ", ".join(_quoted(name) for _position, name in keys) or "rowid"


def insert_order(db: SqliteDatabase, tables: list[str]) -> list[str]:
    """Tables ordered so that every table comes after the tables its foreign keys point to."""
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for table in sorted(tables):
        parents = {row[2] for row in db.execute_sql(f"PRAGMA foreign_key_list({_quoted(table)})")}
        sorter.add(table, *sorted(parent for parent in parents if parent in tables and parent != table))
    return list(sorter.static_order())


def _to_json(value: Any) -> Any:
    if isinstance(value, bytes):
        return {BYTES_KEY: base64.b64encode(value).decode("ascii")}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        return base64.b64decode(value[BYTES_KEY])
    return value


def _has_blobs(db: SqliteDatabase, table: str, columns: list[str]) -> bool:
    blob_tests = " OR ".join(f"typeof({_quoted(column)}) = 'blob'" for column in columns)
    return db.execute_sql(f"SELECT 1 FROM {_quoted(table)} WHERE {blob_tests} LIMIT 1").fetchone() is not None


def _table_rows(db: SqliteDatabase, table: str, columns: list[str]) -> sqlite3.Cursor:
    """A cursor over these columns of every row, in primary-key order."""
    selected = ", ".join(_quoted(column) for column in columns)
    cursor: sqlite3.Cursor = db.execute_sql(
        f"SELECT {selected} FROM {_quoted(table)} ORDER BY {_order_by(db, table)}"
    )
    return cursor


def backup_document(store: Store) -> dict[str, Any]:
    """Every table's rows as JSON-safe values, in one consistent read."""
    db = store.db
    tables: dict[str, list[dict[str, Any]]] = {}
    with db.atomic("DEFERRED"):  # a read: writers need not wait for it
        for table in backed_up_tables(db):
            columns = _columns(db, table)
            rows: Iterable[Sequence[Any]] = _table_rows(db, table, columns)
            if _has_blobs(db, table, columns):
                rows = [[_to_json(value) for value in row] for row in rows]
            tables[table] = [dict(zip(columns, row, strict=True)) for row in rows]
        version = schema_version(db)
    return {
        "format": BACKUP_FORMAT,
        "schema_version": version,
        "exported_at": store.now().isoformat(),
        "tables": tables,
    }


_compact = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def backup_text(document: dict[str, Any]) -> str:
    """The document as JSON with one row per line: compact, yet readable and diff-friendly."""
    header = {key: value for key, value in document.items() if key != "tables"}
    parts = [_compact(header)[:-1] + ',"tables":{']
    tables = list(document["tables"].items())
    for index, (table, rows) in enumerate(tables):
        body = ",\n".join(_compact(row) for row in rows)
        parts.append(f"{_compact(table)}:[\n{body}\n]" + ("," if index < len(tables) - 1 else ""))
    parts.append("}}")
    return "\n".join(parts) + "\n"


def saved_row_count(document: dict[str, Any]) -> int:
    """How many rows a backup document holds, not counting the migration history."""
    return sum(len(rows) for table, rows in document["tables"].items() if table != HISTORY_TABLE)


def content_hash(store: Store) -> str:
    """A sha256 over every table's rows in primary-key order (migration times left out).

    Two databases with the same hash hold the same data, whatever file they live in.
    """
    db = store.db
    digest = hashlib.sha256()
    for table in data_tables(db):
        columns = ["name"] if table == HISTORY_TABLE else _columns(db, table)
        digest.update(_compact([table, columns]).encode("utf-8") + b"\n")
        cursor = _table_rows(db, table, columns)
        blobs = _has_blobs(db, table, columns)
        while batch := cursor.fetchmany(HASH_BATCH_ROWS):
            rows = [[_to_json(value) for value in row] for row in batch] if blobs else batch
            digest.update(_compact(rows).encode("utf-8") + b"\n")
    return digest.hexdigest()


def _is_value(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float | str):
        return True
    return isinstance(value, dict) and set(value) == {BYTES_KEY} and isinstance(value[BYTES_KEY], str)


def _checked_rows(
    path: Path, table: str, rows: list[Any], columns: set[str], same_schema: bool
) -> list[dict[str, Any]]:
    """The rows of one table as the database takes them; refuses anything damaged.

    The common case (plain values, known columns) is checked in bulk: 300,000 rows must
    not take longer to check than to insert.
    """
    if not all(type(row) is dict for row in rows):
        number = next(n for n, row in enumerate(rows, start=1) if type(row) is not dict)
        raise RestoreRefused(f"{path}: table '{table}', row {number} is damaged")
    value_types: set[type] = set()
    used_columns: set[str] = set()
    for row in rows:
        value_types.update(map(type, row.values()))
        used_columns.update(row)
    if not value_types <= _PLAIN_TYPES:
        for number, row in enumerate(rows, start=1):
            if not all(map(_is_value, row.values())):
                raise RestoreRefused(f"{path}: table '{table}', row {number} is damaged")
        try:
            rows = [{key: _from_json(value) for key, value in row.items()} for row in rows]
        except ValueError as error:
            raise RestoreRefused(f"{path}: table '{table}' holds damaged binary data") from error
    unknown = used_columns - columns
    if unknown and same_schema:
        raise RestoreRefused(f"{path}: table '{table}' has unknown columns: {', '.join(sorted(unknown))}")
    if unknown:  # dropped by a later migration
        rows = [{key: value for key, value in row.items() if key in columns} for row in rows]
    return rows


def _read_document(path: Path) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise RestoreRefused(f"{path}: cannot read the file ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise RestoreRefused(f"{path}: not a Rapport backup (not UTF-8 text)") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RestoreRefused(
            f"{path}: not a Rapport backup — the file is not valid JSON or was cut short "
            f"(line {error.lineno}, column {error.colno})"
        ) from error
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise RestoreRefused(f'{path}: not a Rapport backup (no "format": "{BACKUP_FORMAT}")')
    return document


def _validated(store: Store, path: Path) -> tuple[int, str, dict[str, list[dict[str, Any]]]]:
    """The backup's version, time and rows, checked against this database before anything changes."""
    document = _read_document(path)
    version = document.get("schema_version")
    latest = latest_schema_version()
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise RestoreRefused(f"{path}: not a Rapport backup (no valid schema_version)")
    if version > latest:
        raise RestoreRefused(
            f"{path}: this backup was written by a newer version of Rapport (schema {version}, "
            f"this version knows {latest}); please update Rapport — nothing was restored"
        )
    exported_at = document.get("exported_at")
    tables = document.get("tables")
    if not isinstance(exported_at, str) or not isinstance(tables, dict):
        raise RestoreRefused(f"{path}: the backup is incomplete (no exported_at or tables)")
    db = store.db
    wanted = [table for table in backed_up_tables(db) if table != HISTORY_TABLE]
    same_schema = version == latest
    restored: dict[str, list[dict[str, Any]]] = {}
    for table in wanted:
        rows = tables.get(table, [] if not same_schema else None)
        if not isinstance(rows, list):
            raise RestoreRefused(f"{path}: the backup is incomplete (table '{table}' is missing)")
        restored[table] = _checked_rows(path, table, rows, set(_columns(db, table)), same_schema)
    # Older backups hold the calendar's push state; it is left as it is now.
    extra = sorted(set(tables) - set(wanted) - {HISTORY_TABLE} - NOT_BACKED_UP)
    if extra and same_schema:
        raise RestoreRefused(f"{path}: the backup has tables this version does not know: {', '.join(extra)}")
    return version, exported_at, restored


def _replace_rows(db: SqliteDatabase, rows_by_table: dict[str, list[dict[str, Any]]]) -> None:
    order = insert_order(db, list(rows_by_table))
    connection = db.connection()
    for table in reversed(order):
        db.execute_sql(f"DELETE FROM {_quoted(table)}")
    for table in order:
        groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for row in rows_by_table[table]:
            groups.setdefault(tuple(row), []).append(tuple(row.values()))
        for columns, values in groups.items():
            names = ", ".join(_quoted(column) for column in columns)
            marks = ", ".join("?" * len(columns))
            connection.executemany(f"INSERT INTO {_quoted(table)} ({names}) VALUES ({marks})", values)
    if SEARCH_INDEX in {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master")}:
        db.execute_sql(f"INSERT INTO {SEARCH_INDEX}({SEARCH_INDEX}) VALUES('rebuild')")


def _first_unreadable_row(db: SqliteDatabase, table: str, column: str, kind: str) -> int | None:
    """The rowid of the first value in ``column`` the app could not read as ``kind``, if any."""
    name, quoted_table = _quoted(column), _quoted(table)
    allowed = _STORED_TYPES[kind]
    wrong_type = db.execute_sql(
        f"SELECT rowid FROM {quoted_table} "
        f"WHERE {name} IS NOT NULL AND typeof({name}) NOT IN ({', '.join('?' * len(allowed))}) LIMIT 1",
        list(allowed),
    ).fetchone()
    if wrong_type is not None:
        return int(wrong_type[0])
    parse = _PARSERS.get(kind)
    if parse is not None:
        for rowid, value in db.execute_sql(
            f"SELECT rowid, {name} FROM {quoted_table} WHERE {name} IS NOT NULL"
        ):
            try:
                parse(value)
            except ValueError:
                return int(rowid)
    return None


def _check_stored_values(db: SqliteDatabase, path: Path, tables: Iterable[str]) -> None:
    """Refuse values the app could not read back: a date that is no date, a number that is text.

    Checked on what SQLite stored (after its type affinity), inside the restore's transaction.
    The value itself is not named: it may be a note, and messages can reach the log.
    """
    for table in tables:
        for _position, column, declared, *_rest in list(
            db.execute_sql(f"PRAGMA table_info({_quoted(table)})")
        ):
            kind = str(declared).upper()
            if kind not in _STORED_TYPES:
                continue
            rowid = _first_unreadable_row(db, table, column, kind)
            if rowid is not None:
                raise RestoreRefused(
                    f"{path}: table '{table}', row {rowid}: '{column}' does not hold a valid {kind.lower()}; "
                    "the database was left as it was"
                )


def _fits(value: Any, default: Any) -> bool:
    """Whether a stored setting has the type of its default (an int where a float is wanted is fine)."""
    if default is None:
        return value is None or type(value) in _PLAIN_TYPES
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    if isinstance(default, list):
        return isinstance(value, list) and all(type(item) is int for item in value)
    return isinstance(value, type(default))


def _check_settings(db: SqliteDatabase, path: Path) -> None:
    """Every setting must be JSON of the type the app expects, or every window would fail to open."""
    defaults = Settings()
    for key, text in db.execute_sql("SELECT key, value FROM setting"):
        try:
            value = json.loads(text)
        except (TypeError, ValueError):
            value = _DAMAGED
        if value is _DAMAGED or (key in _SETTING_NAMES and not _fits(value, getattr(defaults, key))):
            raise RestoreRefused(
                f"{path}: the setting '{key}' holds a value this version cannot use; "
                "the database was left as it was"
            )


def _unused_label(store: Store) -> str:
    """'before-restore', numbered when there was a restore earlier today: never overwrite one."""
    label, number = "before-restore", 1
    while (store.backups_dir / f"rapport-{store.today()}-{label}.sqlite").exists():
        number += 1
        label = f"before-restore-{number}"
    return label


def restore_json(store: Store, path: Path | str) -> RestoreSummary:
    """Replace everything in the database with the backup at ``path``.

    The file is checked first; then the current database is copied aside
    ("before-restore"); then all rows are replaced in one transaction, so a failure
    leaves the database exactly as it was.
    """
    source = Path(path)
    version, exported_at, rows_by_table = _validated(store, source)
    try:
        safety = backup_now(store.db, store.backups_dir, store.today(), label=_unused_label(store))
    except OSError as error:
        raise RestoreRefused(
            f"{source}: could not back up the current database first ({error}); nothing was restored"
        ) from error
    try:
        with store.db.atomic():
            _replace_rows(store.db, rows_by_table)
            _check_stored_values(store.db, source, rows_by_table)
            _check_settings(store.db, source)
            if version < latest_schema_version():
                refresh_all_derived(store)  # columns added since the backup was written
    except (PeeweeException, sqlite3.Error, ValueError, OverflowError) as error:
        raise RestoreRefused(
            f"{source}: the backup's rows do not fit together ({error}); the database was left as it was"
        ) from error
    return RestoreSummary(
        path=source,
        schema_version=version,
        exported_at=exported_at,
        rows_by_table={table: len(rows) for table, rows in rows_by_table.items()},
        safety_backup=safety,
    )
