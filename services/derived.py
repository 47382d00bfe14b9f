"""Columns the database keeps derived from other rows, so reads at 30,000 contacts stay fast.

- ``contact.search_text``: names, company, position, emails and tags (the FTS index follows it).
- ``contact.last_touch_*``: the latest interaction that counts as a touch.
- ``contact.engagement`` as of ``engagement_on``: decayed engagement, so warmth is one multiplication.
- ``touch_history.instants``: every touch's instant, sorted, one row per contact (the Insights).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import tzinfo

from core.kinds import weight_of
from core.matching import search_text
from core.records import Touch
from core.warmth import engagement_on
from services.clock import from_db
from services.store import Store

CHUNK = 500
UNTRACKED_HALF_LIFE_DAYS = 90  # untracked contacts have no cadence; warmth is not shown for them
SEPARATOR = ","  # between the instants of touch_history (they hold a space themselves)


def chunked(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    batch: list[int] = []
    for contact_id in ids:
        batch.append(contact_id)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _placeholders(count: int) -> str:
    return ",".join("?" * count)


def refresh_search_text(store: Store, contact_ids: Iterable[int] | None = None) -> None:
    """Recompute the search text of these contacts (all when None)."""
    db = store.db
    if contact_ids is None:
        contact_ids = [row[0] for row in db.execute_sql("SELECT id FROM contact")]
    for batch in chunked(contact_ids):
        marks = _placeholders(len(batch))
        emails: dict[int, list[str]] = defaultdict(list)
        for contact_id, email in db.execute_sql(
            f"SELECT contact_id, email FROM contact_email WHERE contact_id IN ({marks})", batch
        ):
            emails[contact_id].append(email)
        tags: dict[int, list[str]] = defaultdict(list)
        for contact_id, name in db.execute_sql(
            f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            f"WHERE ct.contact_id IN ({marks})",
            batch,
        ):
            tags[contact_id].append(name)
        updates = []
        for contact_id, display, company, position, old_text in db.execute_sql(
            f"SELECT id, display_name, company, position, search_text FROM contact WHERE id IN ({marks})",
            batch,
        ):
            text = search_text(display, company, position, *emails[contact_id], *tags[contact_id])
            if text != old_text:
                updates.append((text, contact_id))
        if updates:
            db.connection().executemany("UPDATE contact SET search_text = ? WHERE id = ?", updates)


def refresh_touch_columns(store: Store, contact_ids: Iterable[int] | None = None) -> None:
    """Recompute last touch and engagement of these contacts (all when None) from their interactions."""
    db = store.db
    if contact_ids is None:
        contact_ids = [row[0] for row in db.execute_sql("SELECT id FROM contact")]
    tz = store.tz
    for batch in chunked(contact_ids):
        marks = _placeholders(len(batch))
        cadences = {
            contact_id: cadence
            for contact_id, cadence in db.execute_sql(
                f"SELECT c.id, COALESCE(c.cadence_days, ci.cadence_days) FROM contact c "
                f"JOIN circle ci ON ci.id = c.circle_id WHERE c.id IN ({marks})",
                batch,
            )
        }
        touches: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        for contact_id, occurred_at, kind, direction in db.execute_sql(
            f"SELECT ic.contact_id, i.occurred_at, i.kind, i.direction FROM interaction_contact ic "
            f"JOIN interaction i ON i.id = ic.interaction_id WHERE ic.contact_id IN ({marks})",
            batch,
        ):
            if weight_of(kind) > 0:
                touches[contact_id].append((occurred_at, kind, direction))
        updates = [_touch_update(cid, touches.get(cid, []), cadences.get(cid), tz) for cid in batch]
        connection = db.connection()
        connection.executemany(
            "UPDATE contact SET last_touch_at = ?, last_touch_kind = ?, last_touch_direction = ?, "
            "engagement = ?, engagement_on = ? WHERE id = ?",
            updates,
        )
        connection.execute(f"DELETE FROM touch_history WHERE contact_id IN ({marks})", batch)
        connection.executemany(
            "INSERT INTO touch_history (contact_id, instants) VALUES (?, ?)",
            [(cid, history_text(rows)) for cid, rows in touches.items()],
        )


def history_text(rows: Iterable[Sequence[str]]) -> str:
    """The instants (first items) of these touch rows, sorted, as touch_history stores them."""
    return SEPARATOR.join(sorted(str(row[0]) for row in rows))


def _touch_update(
    contact_id: int, rows: Sequence[tuple[str, str, str]], cadence: int | None, tz: tzinfo
) -> tuple[object, ...]:
    if not rows:
        return (None, None, None, 0.0, None, contact_id)
    latest = max(rows, key=lambda row: str(row[0]))
    as_touches = []
    for occurred_at, kind, direction in rows:
        instant = from_db(occurred_at)
        assert instant is not None
        as_touches.append(Touch(on=instant.astimezone(tz).date(), kind=kind, direction=direction))
    last_day = max(t.on for t in as_touches)
    engagement = engagement_on(as_touches, cadence or UNTRACKED_HALF_LIFE_DAYS, last_day)
    return (str(latest[0]), latest[1], latest[2], engagement, last_day.isoformat(), contact_id)


def refresh_all_derived(store: Store) -> None:
    with store.db.atomic():
        refresh_search_text(store)
        refresh_touch_columns(store)


def refresh_contacts(store: Store, contact_ids: Iterable[int]) -> None:
    ids = list(dict.fromkeys(contact_ids))
    refresh_search_text(store, ids)
    refresh_touch_columns(store, ids)
