"""What the user's CalDAV calendar holds of Rapport's check-ins, so changes reach it exactly once.

One row per check-in event that was pushed, or that a push was attempted for. Rows are
keyed by the event's UID rather than the check-in's id: a deleted check-in still needs its
event removed, and SQLite may hand a deleted row's id to the next check-in.
"""

from typing import Any

STATEMENTS = [
    """CREATE TABLE calendar_push (
        uid TEXT PRIMARY KEY,
        checkin_id INTEGER,
        pushed_fingerprint TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        updated_at DATETIME NOT NULL
    )""",
]


def up(migrator: Any, db: Any) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
