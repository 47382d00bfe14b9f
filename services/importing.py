"""Importing contacts and history from LinkedIn exports, vCard files and Google Contacts CSV.

Everything is parsed and matched before the first write, so a bad file is refused with
the database untouched; then all rows go in one transaction, which a cancel rolls back.
Re-importing a file changes nothing: contacts are matched (LinkedIn URL, email, name +
company), and touches and exchanges carry a ``source_key`` that is imported only once.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from peewee import SqliteDatabase

from connectors.errors import ImportCancelled, ImportRefused, RowProblem
from connectors.google_csv import parse_google_csv
from connectors.linkedin import parse_linkedin
from connectors.records import ParsedBatch, PersonRef
from connectors.vcard import parse_vcards
from core.kinds import UNTRACKED
from core.matching import search_text
from models.search_index import create_search_triggers, drop_search_triggers, rebuild_search_index
from services.clock import to_db
from services.contacts import circle_named
from services.derived import refresh_search_text, refresh_touch_columns
from services.import_index import ContactState, knows_in_database, load_index
from services.import_plan import ImportPlan, plan_import
from services.import_summary import ImportSummary
from services.store import Store

__all__ = ["ImportCancelled", "ImportKind", "ImportRefused", "ImportSummary", "RowProblem", "import_file"]

ImportKind = Literal["linkedin", "vcard", "google"]
Progress = Callable[[int, int], None]
KINDS: tuple[str, ...] = ("linkedin", "vcard", "google")
WRITE_CHUNK = 2000
BULK_INSERT_THRESHOLD = 1000  # above this many new contacts, rebuild the search index once

INSERT_CONTACT = (
    "INSERT INTO contact (id, first_name, last_name, display_name, name_key, company, company_key, "
    "position, linkedin_url, location, how_met, connected_on, birthday, notes, circle_id, archived, "
    "initiated_by, created_at, updated_at, search_text) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, 0, ?, ?, ?, ?)"
)
INSERT_EMAIL = "INSERT OR IGNORE INTO contact_email (contact_id, email, label) VALUES (?, ?, ?)"
INSERT_PHONE = "INSERT OR IGNORE INTO contact_phone (contact_id, phone, label) VALUES (?, ?, ?)"
INSERT_URL = "INSERT OR IGNORE INTO contact_url (contact_id, url, label) VALUES (?, ?, ?)"
INSERT_CONTACT_TAG = "INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)"
INSERT_INTERACTION = (
    "INSERT INTO interaction (kind, direction, occurred_at, duration_minutes, note, source_key, created_at) "
    "VALUES (?, ?, ?, NULL, ?, ?, ?)"
)
INSERT_PARTICIPANT = "INSERT OR IGNORE INTO interaction_contact (interaction_id, contact_id) VALUES (?, ?)"
INSERT_EXCHANGE = (
    "INSERT INTO exchange (contact_id, kind, direction, status, occurred_on, note, source_key, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
UPDATE_CONTACT = (
    "UPDATE contact SET company = ?, company_key = ?, position = ?, linkedin_url = ?, location = ?, "
    "connected_on = ?, birthday = ?, notes = ?, initiated_by = ?, updated_at = ? WHERE id = ?"
)


def import_file(
    store: Store,
    kind: ImportKind,
    path: Path,
    *,
    circle: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Import ``path`` as a LinkedIn export (zip, folder or one CSV), a vCard file or a Google CSV.

    Raises ImportRefused (nothing written) for a file that is not of that kind or cannot be
    read, ImportCancelled (everything rolled back) when ``cancelled()`` turns true, and
    ContactError for an unknown ``circle``. New contacts go to ``circle`` (default Untracked).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind '{kind}' (kinds: {', '.join(KINDS)})")
    circle_id = circle_named(circle or UNTRACKED).id
    with _collector_paused():
        return _import(store, kind, Path(path), circle_id, progress, cancelled)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing 30,000 rows creates ~200,000 small objects and none of them form cycles; the
    cyclic garbage collector would walk them again and again (a third of the import's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import(
    store: Store,
    kind: str,
    path: Path,
    circle_id: int,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> ImportSummary:
    batch = _parse(kind, path, knows_in_database(store))
    # One writer from matching to commit: the ids planned for new contacts stay free, and
    # nothing the plan relies on changes underneath it. Parsing happens before, unlocked.
    with store.db.atomic("IMMEDIATE"):
        index = load_index(store, with_details=kind != "linkedin")
        plan = plan_import(store, index, batch)
        summary = _summary(batch, plan)
        if cancelled is not None and cancelled():
            raise ImportCancelled(f"{batch.source}: import cancelled; nothing was changed")
        if plan.write_count:  # nothing to write means nothing is touched, not even updated_at
            _Writer(store, plan, circle_id, progress, cancelled, batch.source).write()
    return summary


def _parse(kind: str, path: Path, knows: Callable[[PersonRef], bool]) -> ParsedBatch:
    if kind == "linkedin":
        return parse_linkedin(path, is_known=knows)
    if path.is_dir():
        raise ImportRefused(f"{path.name}: is a folder; pick the file itself")
    if kind == "vcard":
        return parse_vcards(path)
    return parse_google_csv(path)


def _summary(batch: ParsedBatch, plan: ImportPlan) -> ImportSummary:
    return ImportSummary(
        source=batch.source,
        added=len(plan.new_contacts),
        updated=len(plan.changed),
        unchanged=len(plan.unchanged),
        skipped=batch.skipped,
        touches_added=len(plan.touches),
        exchanges_added=len(plan.exchanges),
        problems=_in_file_order(batch.problems),
        touches_unchanged=plan.touches_known,
        exchanges_unchanged=plan.exchanges_known,
        unmatched=plan.unmatched,
        owner=batch.owner_name,
        files=list(batch.files_read),
    )


class _Writer:
    """Writes a plan, in chunks between which progress and cancel are checked.

    Runs inside the import's transaction, so a cancel or an error rolls all of it back.
    """

    def __init__(
        self,
        store: Store,
        plan: ImportPlan,
        circle_id: int,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
        source: str,
    ) -> None:
        self.store = store
        self.plan = plan
        self.circle_id = circle_id
        self.progress = progress
        self.cancelled = cancelled
        self.source = source
        self.done = 0
        self.total = plan.write_count
        self.now = str(to_db(store.now()))
        self.connection = store.db.connection()

    def step(self, count: int) -> None:
        self.done += count
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled(f"{self.source}: import cancelled; nothing was changed")
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def write(self) -> None:
        if self.progress is not None:
            self.progress(0, self.total)
        tag_ids = self._tag_ids()
        self._insert_contacts()
        self._update_contacts()
        self._insert_details(tag_ids)
        touched = self._insert_touches()
        self._insert_exchanges()
        if self.plan.changed:
            refresh_search_text(self.store, list(self.plan.changed))
        if touched:
            refresh_touch_columns(self.store, sorted(touched))
        self.step(0)  # a cancel during the last chunk still rolls everything back

    def _tag_ids(self) -> dict[str, int]:
        wanted = {name.lower(): name for _, name in self.plan.tags}
        if not wanted:
            return {}
        existing = self._existing_tags()
        missing = [(name,) for lowered, name in wanted.items() if lowered not in existing]
        if missing:
            self.connection.executemany("INSERT OR IGNORE INTO tag (name) VALUES (?)", missing)
            existing = self._existing_tags()
        return existing

    def _existing_tags(self) -> dict[str, int]:
        rows = self.store.db.execute_sql("SELECT id, name FROM tag")
        return {name.lower(): tag_id for tag_id, name in rows}

    def _insert_contacts(self) -> None:
        new = self.plan.new_contacts
        if not new:
            return
        emails = _values_by_contact(self.plan.emails)
        tags: dict[int, list[str]] = defaultdict(list)
        for cid, name in self.plan.tags:
            tags[cid].append(name)
        db = self.store.db
        bulk = len(new) > BULK_INSERT_THRESHOLD
        # Into a (nearly) empty table, building each index once afterwards is about twice as
        # fast as updating it row by row; into a big table, rebuilding would cost more.
        indexes = _contact_indexes(db) if bulk and len(new) > self.plan.existing_contacts else []
        if bulk:
            drop_search_triggers(db)
        for name, _ in indexes:
            db.execute_sql(f'DROP INDEX "{name}"')
        for start in range(0, len(new), WRITE_CHUNK):
            chunk = new[start : start + WRITE_CHUNK]
            self.connection.executemany(INSERT_CONTACT, [self._row(s, emails, tags) for s in chunk])
            self.step(len(chunk))
        for _, sql in indexes:
            db.execute_sql(sql)
        if bulk:
            rebuild_search_index(db)
            create_search_triggers(db)

    def _row(
        self, state: ContactState, emails: dict[int, list[str]], tags: dict[int, list[str]]
    ) -> tuple[object, ...]:
        cid = state.contact_id
        text = search_text(
            state.display_name, state.company, state.position, *emails.get(cid, ()), *tags.get(cid, ())
        )
        return (
            cid, state.first_name, state.last_name, state.display_name, state.name_key, state.company,
            state.company_key, state.position, state.linkedin_url, state.location,
            state.connected_on.isoformat() if state.connected_on else None, state.birthday, state.notes,
            self.circle_id, state.initiated_by, self.now, self.now, text,
        )  # fmt: skip

    def _update_contacts(self) -> None:
        changed = list(self.plan.changed.values())
        for start in range(0, len(changed), WRITE_CHUNK):
            chunk = changed[start : start + WRITE_CHUNK]
            self.connection.executemany(UPDATE_CONTACT, [self._update_row(state) for state in chunk])
            self.step(len(chunk))

    def _update_row(self, s: ContactState) -> tuple[object, ...]:
        return (
            s.company, s.company_key, s.position, s.linkedin_url, s.location,
            s.connected_on.isoformat() if s.connected_on else None, s.birthday, s.notes,
            s.initiated_by, self.now, s.contact_id,
        )  # fmt: skip

    def _insert_details(self, tag_ids: dict[str, int]) -> None:
        plan = self.plan
        executemany = self.connection.executemany
        executemany(INSERT_EMAIL, plan.emails)
        executemany(INSERT_PHONE, plan.phones)
        executemany(INSERT_URL, plan.urls)
        executemany(INSERT_CONTACT_TAG, [(cid, tag_ids[name.lower()]) for cid, name in plan.tags])

    def _insert_touches(self) -> set[int]:
        touched: set[int] = set()
        cursor = self.connection.cursor()
        touches = self.plan.touches
        for start in range(0, len(touches), WRITE_CHUNK):
            chunk = touches[start : start + WRITE_CHUNK]
            links: list[tuple[int, int]] = []
            for touch, contact_ids in chunk:
                occurred_at = str(to_db(touch.occurred_at))
                cursor.execute(
                    INSERT_INTERACTION,
                    (touch.kind, touch.direction, occurred_at, touch.note, touch.source_key, self.now),
                )
                interaction_id = int(cursor.lastrowid or 0)
                links.extend((interaction_id, cid) for cid in contact_ids)
                touched.update(contact_ids)
            self.connection.executemany(INSERT_PARTICIPANT, links)
            self.step(len(chunk))
        return touched

    def _insert_exchanges(self) -> None:
        exchanges = self.plan.exchanges
        for start in range(0, len(exchanges), WRITE_CHUNK):
            chunk = exchanges[start : start + WRITE_CHUNK]
            self.connection.executemany(
                INSERT_EXCHANGE,
                [
                    (cid, e.kind, e.direction, e.status, e.on.isoformat(), e.note, e.source_key, self.now)
                    for e, cid in chunk
                ],
            )
            self.step(len(chunk))


def _contact_indexes(db: SqliteDatabase) -> list[tuple[str, str]]:
    """Name and CREATE statement of every explicit index on the contact table."""
    rows = db.execute_sql(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = 'contact' AND sql IS NOT NULL"
    )
    return [(name, statement) for name, statement in rows]


def _in_file_order(problems: Sequence[RowProblem]) -> list[RowProblem]:
    """Problems grouped by file (in the order the files were read), by line within each."""
    file_order = {name: index for index, name in enumerate(dict.fromkeys(p.file for p in problems))}
    return sorted(problems, key=lambda problem: (file_order[problem.file], problem.line))


def _values_by_contact(rows: Sequence[tuple[int, str, str]]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for cid, value, _label in rows:
        grouped[cid].append(value)
    return grouped
