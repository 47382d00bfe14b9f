"""Fuzzed JSON backups for `restore`: random bytes, backups cut short, bytes flipped, and
backups whose JSON is still valid but whose content is not (missing tables, rows of the
wrong shape, duplicate ids, rows pointing nowhere, values of the wrong type, other versions).

Whatever the file, the restore either is refused with RestoreRefused — and the database is
exactly as it was — or it succeeds, and then the database is sound (integrity and foreign
keys) and everything the app reads from it still reads.
"""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from tests.reliability import report
from tests.reliability.conftest import (
    NOW_AT,
    SIZES,
    Tally,
    assert_one_line_refusal,
    copy_data_dir,
    fuzz,
    hash_of,
    open_at,
    run_cli,
    sized,
)
from tests.reliability.test_fuzz_importers import mutated

JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "2026-02-30", "2026-11-27 10:00:00+00:00", "not a date", "-1", "1e400"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.just({"base64": "!!not base64!!"}),
)


@pytest.fixture(scope="module")
def backup_text(network_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    from services.exporting import export_json

    target = tmp_path_factory.mktemp("backup") / "rapport-backup.json"
    store = open_at(network_dir)
    try:
        export_json(store, target)
    finally:
        store.close()
    return target.read_text(encoding="utf-8")


@st.composite
def content_damage(draw: st.DrawFn, document: dict[str, Any]) -> bytes:
    """The backup's JSON still parses, but something inside it is wrong."""
    damaged = copy.deepcopy(document)
    tables = damaged["tables"]
    names = sorted(tables)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(
            st.sampled_from(
                ["value", "value", "value", "drop-key", "extra-key", "drop-table", "extra-table",
                 "duplicate-row", "row-not-object", "header", "table-not-list"]
            )
        )  # fmt: skip
        table = draw(st.sampled_from(names))
        rows = tables.get(table)
        if action in ("value", "drop-key", "extra-key", "duplicate-row", "row-not-object"):
            if not isinstance(rows, list) or not rows:
                continue
            at = draw(st.integers(0, len(rows) - 1))
            row = rows[at]
            if not isinstance(row, dict) or not row:
                continue
            column = draw(st.sampled_from(sorted(row)))
            if action == "value":
                row[column] = draw(JSON_VALUES)
            elif action == "drop-key":
                del row[column]
            elif action == "extra-key":
                row[draw(st.text(min_size=1, max_size=8))] = draw(JSON_VALUES)
            elif action == "duplicate-row":
                rows.append(copy.deepcopy(row))
            else:
                rows[at] = draw(st.sampled_from([[], "row", 7, None]))
        elif action == "drop-table":
            tables.pop(table, None)
        elif action == "extra-table":
            tables[draw(st.text(min_size=1, max_size=8))] = []
        elif action == "table-not-list":
            tables[table] = draw(st.sampled_from([{}, "rows", 3, None]))
        else:
            key = draw(st.sampled_from(["format", "schema_version", "exported_at", "tables"]))
            damaged[key] = draw(JSON_VALUES | st.sampled_from([1, 2, 4, 99, "3", True]))
    return json.dumps(damaged, ensure_ascii=draw(st.booleans())).encode("utf-8")


def backups(text: str) -> st.SearchStrategy[bytes]:
    data = text.encode("utf-8")
    document = json.loads(text)
    return st.one_of(
        st.binary(max_size=2000),
        st.integers(0, len(data)).map(lambda at: data[:at]),  # cut short
        mutated(data),
        content_damage(document),
        content_damage(document),
        content_damage(document),
    )


def everything_reads(store: Any) -> None:
    """What the window and the commands read, over every contact."""
    from services.contact_rows import load_contact_rows
    from services.exporting import exported_contacts
    from services.json_backup import backup_document
    from services.queue import cold_list, today_list
    from services.snapshots import load_snapshots
    from services.timeline import timeline_of

    store.settings()
    snapshots = load_snapshots(store)
    cold_list(store)
    today_list(store)
    load_contact_rows(store)
    for contact in exported_contacts(store):
        timeline_of(store, contact.contact_id)
    backup_document(store)
    assert snapshots is not None


class Restoring:
    def __init__(self, data_dir: Path, work: Path) -> None:
        from services.json_backup import content_hash

        self.store = open_at(data_dir)
        self.pristine = sqlite3.connect(":memory:")
        self.store.db.connection().backup(self.pristine)
        self.work = work
        self.work.mkdir()
        self.content_hash = content_hash
        self.before = content_hash(self.store)
        self.restored = self.refused = 0

    def check(self, data: bytes) -> None:
        try:
            self._check(data)
        finally:  # even after a failure, so every example starts from the same data
            self.pristine.backup(self.store.db.connection())
            shutil.rmtree(self.store.backups_dir, ignore_errors=True)  # the copies taken before each restore

    def _check(self, data: bytes) -> None:
        from services.json_backup import RestoreRefused, restore_json

        path = self.work / "backup.json"
        path.write_bytes(data)
        try:
            restore_json(self.store, path)
        except RestoreRefused as error:
            self.refused += 1
            message = str(error)
            assert "\n" not in message and str(path) in message, repr(message)
            assert self.content_hash(self.store) == self.before, (
                f"refused, yet the database changed: {message}"
            )
            return
        self.restored += 1
        connection = self.store.db.connection()
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        everything_reads(self.store)

    def close(self) -> None:
        self.pristine.close()
        self.store.close()


@pytest.mark.parametrize("size", SIZES)
def test_no_backup_file_crashes_restore_or_changes_anything_when_refused(
    size: str, network_dir: Path, backup_text: str, tmp_path: Path
) -> None:
    from services.clock import fixed_clock

    examples = sized(size, 200, 2000)
    # Restore into a database that differs from the backup, so a refusal that changed anything shows.
    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    store = open_at(data_dir)
    try:
        from services.contacts import ContactInput, create_contact

        create_contact(store, ContactInput(display_name="Only In The Database"))
    finally:
        store.close()
    restoring = Restoring(data_dir, tmp_path / "input")
    restoring.store.clock = fixed_clock(NOW_AT)
    tally = Tally()
    try:
        fuzz(backups(backup_text), restoring.check, examples, tally)
    finally:
        restoring.close()
        report.record(
            "fuzz.restore",
            size=size,
            tried=tally.tried,
            survived=tally.held,
            unit="backups",
            detail=f"{restoring.restored} restored, {restoring.refused} refused in one line; "
            "hypothesis, derandomized",
        )
    assert restoring.refused and restoring.restored


def test_damaged_backups_through_the_command_line_exit_2_with_one_line(
    network_dir: Path, backup_text: str, tmp_path: Path
) -> None:
    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    before = hash_of(data_dir)
    document = json.loads(backup_text)
    newer = {**document, "schema_version": document["schema_version"] + 1}
    duplicate = copy.deepcopy(document)
    duplicate["tables"]["contact"].append(duplicate["tables"]["contact"][0])
    dangling = copy.deepcopy(document)
    dangling["tables"]["interaction_contact"][0]["contact_id"] = 999_999
    files = {
        "random.json": bytes(range(256)) * 4,
        "cut.json": backup_text[: len(backup_text) // 2].encode("utf-8"),
        "other.json": b'{"hello": "world"}',
        "newer.json": json.dumps(newer).encode("utf-8"),
        "duplicate.json": json.dumps(duplicate).encode("utf-8"),
        "dangling.json": json.dumps(dangling).encode("utf-8"),
        "utf16.json": backup_text.encode("utf-16"),
    }
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        ran = run_cli(data_dir, "restore", str(path))
        assert_one_line_refusal(ran)
        assert name in ran.err
        assert hash_of(data_dir) == before, f"{name}: refused, yet the database changed"
    report.record(
        "fuzz.cli_restore",
        size="ci",
        tried=len(files),
        survived=len(files),
        unit="files",
        detail="random bytes, cut short, not a backup, a newer version, duplicate ids, a row pointing "
        "nowhere, UTF-16",
    )
