"""The triggers that keep the ``contact_search`` FTS5 index in step with ``contact.search_text``.

Migration 0002 creates them. Bulk imports drop them, insert, rebuild the index in one
pass and recreate them: per-row triggers make a 30,000-contact insert ~9x slower.
Changing this SQL needs a new migration, since databases already hold the old triggers.
"""

from __future__ import annotations

from typing import Any

SEARCH_TRIGGER_NAMES = ("contact_search_insert", "contact_search_delete", "contact_search_update")

SEARCH_TRIGGERS = [
    """CREATE TRIGGER contact_search_insert AFTER INSERT ON contact BEGIN
        INSERT INTO contact_search (rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER contact_search_delete AFTER DELETE ON contact BEGIN
        INSERT INTO contact_search (contact_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER contact_search_update AFTER UPDATE OF search_text ON contact BEGIN
        INSERT INTO contact_search (contact_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO contact_search (rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]


def drop_search_triggers(db: Any) -> None:
    """Stop following contact.search_text; call inside the transaction that rebuilds."""
    for name in SEARCH_TRIGGER_NAMES:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")


def rebuild_search_index(db: Any) -> None:
    db.execute_sql("INSERT INTO contact_search (contact_search) VALUES ('rebuild')")


def create_search_triggers(db: Any) -> None:
    for statement in SEARCH_TRIGGERS:
        db.execute_sql(statement)
