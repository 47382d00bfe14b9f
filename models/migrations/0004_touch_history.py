"""Every contact's touch instants in one row, so the Insights can replay a year of history fast.

``instants`` holds the stored (UTC) instants of the contact's touches — interactions that
weigh something — sorted and separated by commas. It is derived, like
``contact.last_touch_at``, and kept up to date in the same place. The kept-within-cadence
chart needs each tracked contact's latest touch before each of twelve month ends: reading
one row per contact and bisecting its instants takes a fraction of the time of grouping
hundreds of thousands of interactions by contact.
"""

from typing import Any

STATEMENTS = [
    """CREATE TABLE touch_history (
        contact_id INTEGER PRIMARY KEY REFERENCES contact (id) ON DELETE CASCADE,
        instants TEXT NOT NULL
    )""",
]


def up(migrator: Any, db: Any) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
    # Existing rows are filled in by the services layer (services.store.open_store), which
    # recomputes every derived value after any migration.
