"""A contact's timeline — touches, check-ins, exchanges and shares, newest first — and its edits.

Deleting an item returns everything needed to put it back (the row, its participants and
the links other rows had to it), so the window can offer Undo.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Any

from core.kinds import (
    CHECKIN_CHANNELS,
    CHECKIN_STATUSES,
    DIRECTIONS,
    EXCHANGE_DIRECTIONS,
    EXCHANGE_KINDS,
    EXCHANGE_STATUSES,
    INTERACTION_WEIGHTS,
)
from services.clock import from_db, to_db
from services.contacts import ContactError
from services.derived import refresh_touch_columns
from services.store import Store

TOUCH = "touch"
CHECKIN = "checkin"
EXCHANGE = "exchange"
SHARE = "share"

_TABLES = {TOUCH: "interaction", CHECKIN: "checkin", EXCHANGE: "exchange", SHARE: "share_recipient"}
_NOON = time(12, 0)


@dataclass(frozen=True)
class TimelineItem:
    item_type: str  # touch | checkin | exchange | share
    item_id: int
    when: datetime  # aware; exchanges (which only have a day) sit at local noon
    day: date  # the user's local day
    kind: str  # interaction kind, exchange kind, check-in channel, or "share"
    direction: str | None = None  # touches: out | in; exchanges: gave | received | they_asked | i_asked
    status: str | None = None  # exchanges and check-ins
    note: str = ""
    minutes: int | None = None
    others: tuple[str, ...] = ()  # the other people in a group touch
    share_title: str = ""  # a touch that was a share, or a share item
    share_url: str = ""
    from_checkin: bool = False  # a touch logged by marking a check-in done


@dataclass(frozen=True)
class DeletedItem:
    """Enough to restore a deleted timeline item exactly."""

    item_type: str
    row: dict[str, Any]
    participants: list[dict[str, Any]] = field(default_factory=list)
    # (table, row id) of rows whose link to the deleted interaction was set to NULL.
    links: list[tuple[str, int]] = field(default_factory=list)
    contact_ids: tuple[int, ...] = ()


def _dicts(store: Store, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = store.db.execute_sql(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _aware(value: Any) -> datetime:
    instant = from_db(value)
    assert instant is not None
    return instant


def timeline_of(store: Store, contact_id: int) -> list[TimelineItem]:
    tz = store.tz
    touches = _dicts(
        store,
        "SELECT i.id, i.kind, i.direction, i.occurred_at, i.duration_minutes, i.note FROM interaction i "
        "JOIN interaction_contact ic ON ic.interaction_id = i.id WHERE ic.contact_id = ?",
        [contact_id],
    )
    others: dict[int, list[str]] = defaultdict(list)
    for interaction_id, name in store.db.execute_sql(
        "SELECT ic.interaction_id, c.display_name FROM interaction_contact ic "
        "JOIN contact c ON c.id = ic.contact_id WHERE ic.contact_id != ? AND ic.interaction_id IN "
        "(SELECT interaction_id FROM interaction_contact WHERE contact_id = ?) ORDER BY c.display_name",
        [contact_id, contact_id],
    ):
        others[interaction_id].append(name)
    shares = _dicts(
        store,
        "SELECT sr.id, sr.sent_at, sr.interaction_id, s.url, s.title FROM share_recipient sr "
        "JOIN share s ON s.id = sr.share_id WHERE sr.contact_id = ?",
        [contact_id],
    )
    checkins = _dicts(
        store,
        "SELECT id, starts_at, minutes, channel, status, note, interaction_id FROM checkin "
        "WHERE contact_id = ?",
        [contact_id],
    )
    shared_by_touch = {s["interaction_id"]: s for s in shares if s["interaction_id"] is not None}
    touch_ids = {t["id"] for t in touches}
    checkin_touches = {c["interaction_id"] for c in checkins if c["status"] == "done" and c["interaction_id"]}

    items: list[TimelineItem] = []
    for touch in touches:
        when = _aware(touch["occurred_at"])
        share = shared_by_touch.get(touch["id"])
        items.append(TimelineItem(
            TOUCH, touch["id"], when, when.astimezone(tz).date(), touch["kind"], touch["direction"],
            note=touch["note"] or "", minutes=touch["duration_minutes"], others=tuple(others[touch["id"]]),
            share_title=(share["title"] or share["url"]) if share else "",
            share_url=share["url"] if share else "",
            from_checkin=touch["id"] in checkin_touches,
        ))
    for share in shares:
        if share["interaction_id"] in touch_ids:
            continue  # shown as the touch it made
        when = _aware(share["sent_at"])
        items.append(TimelineItem(
            SHARE, share["id"], when, when.astimezone(tz).date(), SHARE, "out",
            share_title=share["title"] or share["url"], share_url=share["url"],
        ))
    for checkin in checkins:
        if checkin["status"] == "done" and checkin["interaction_id"] in touch_ids:
            continue  # the call it became is on the timeline
        when = _aware(checkin["starts_at"])
        items.append(TimelineItem(
            CHECKIN, checkin["id"], when, when.astimezone(tz).date(), checkin["channel"],
            status=checkin["status"], note=checkin["note"] or "", minutes=checkin["minutes"],
        ))
    for exchange in _dicts(
        store, "SELECT id, kind, direction, status, occurred_on, note FROM exchange WHERE contact_id = ?",
        [contact_id],
    ):
        day = date.fromisoformat(str(exchange["occurred_on"]))
        items.append(TimelineItem(
            EXCHANGE, exchange["id"], datetime.combine(day, _NOON, tzinfo=tz), day, exchange["kind"],
            exchange["direction"], status=exchange["status"], note=exchange["note"] or "",
        ))
    items.sort(key=lambda item: (item.when.astimezone(timezone.utc), item.item_id), reverse=True)
    return items


# --- delete and undo ---------------------------------------------------------------------


def delete_item(store: Store, item_type: str, item_id: int) -> DeletedItem:
    table = _table(item_type)
    with store.db.atomic():
        rows = _dicts(store, f"SELECT * FROM {table} WHERE id = ?", [item_id])
        if not rows:
            raise ContactError("that item is already gone")
        row = rows[0]
        participants: list[dict[str, Any]] = []
        links: list[tuple[str, int]] = []
        if item_type == TOUCH:
            participants = _dicts(
                store, "SELECT * FROM interaction_contact WHERE interaction_id = ?", [item_id]
            )
            for linked_table in ("checkin", "share_recipient"):
                links += [
                    (linked_table, linked_id)
                    for (linked_id,) in store.db.execute_sql(
                        f"SELECT id FROM {linked_table} WHERE interaction_id = ?", [item_id]
                    )
                ]
            contact_ids = tuple(p["contact_id"] for p in participants)
        else:
            contact_ids = (row["contact_id"],)
        store.db.execute_sql(f"DELETE FROM {table} WHERE id = ?", [item_id])
        if item_type == TOUCH:
            refresh_touch_columns(store, contact_ids)
    return DeletedItem(item_type, row, participants, links, contact_ids)


def restore_item(store: Store, deleted: DeletedItem) -> int:
    """Put a deleted item back, with its participants and links; returns its (possibly new) id."""
    table = _table(deleted.item_type)
    with store.db.atomic():
        new_id = _reinsert(store, table, deleted.row)
        if deleted.item_type == TOUCH:
            for participant in deleted.participants:
                values = {k: v for k, v in participant.items() if k != "id"}
                values["interaction_id"] = new_id
                _insert(store, "interaction_contact", values)
            for linked_table, linked_id in deleted.links:
                store.db.execute_sql(
                    f"UPDATE {linked_table} SET interaction_id = ? WHERE id = ?", [new_id, linked_id]
                )
            refresh_touch_columns(store, deleted.contact_ids)
    return new_id


def _table(item_type: str) -> str:
    try:
        return _TABLES[item_type]
    except KeyError:
        raise ContactError(f"unknown timeline item '{item_type}'") from None


def _insert(store: Store, table: str, values: dict[str, Any]) -> int:
    columns = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join("?" for _ in values)
    cursor = store.db.execute_sql(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))
    return int(cursor.lastrowid)


def _reinsert(store: Store, table: str, row: dict[str, Any]) -> int:
    """Insert with the original id when it is still free, else under a new one."""
    taken = store.db.execute_sql(f"SELECT 1 FROM {table} WHERE id = ?", [row["id"]]).fetchone()
    values = dict(row) if taken is None else {k: v for k, v in row.items() if k != "id"}
    if values.get("source_key") is not None and store.db.execute_sql(
        f"SELECT 1 FROM {table} WHERE source_key = ?", [values["source_key"]]
    ).fetchone():
        values["source_key"] = None  # re-imported meanwhile: keep both rather than fail
    return _insert(store, table, values)


# --- edits -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemChanges:
    """New values for a timeline item; None leaves a field as it is."""

    day: date | None = None
    kind: str | None = None
    direction: str | None = None
    status: str | None = None
    note: str | None = None


def _moved_to(store: Store, stored: Any, day: date) -> datetime:
    """The same local time of day, on another day."""
    local = _aware(stored).astimezone(store.tz)
    return datetime.combine(day, local.time(), tzinfo=store.tz)


def update_item(store: Store, item_type: str, item_id: int, changes: ItemChanges) -> tuple[int, ...]:
    """Apply edits to one item; returns the contacts whose history changed."""
    table = _table(item_type)
    rows = _dicts(store, f"SELECT * FROM {table} WHERE id = ?", [item_id])
    if not rows:
        raise ContactError("that item no longer exists")
    row = rows[0]
    values: dict[str, Any] = {}
    if changes.note is not None and item_type != SHARE:
        values["note"] = changes.note
    if item_type == TOUCH:
        _check(changes.kind, INTERACTION_WEIGHTS, "kind of touch")
        _check(changes.direction, DIRECTIONS, "direction")
        if changes.day is not None:
            values["occurred_at"] = to_db(_moved_to(store, row["occurred_at"], changes.day))
        _put(values, "kind", changes.kind)
        _put(values, "direction", changes.direction)
    elif item_type == EXCHANGE:
        _check(changes.kind, EXCHANGE_KINDS, "kind of exchange")
        _check(changes.direction, EXCHANGE_DIRECTIONS, "direction")
        _check(changes.status, EXCHANGE_STATUSES, "status")
        _put(values, "occurred_on", changes.day)
        _put(values, "kind", changes.kind)
        _put(values, "direction", changes.direction)
        _put(values, "status", changes.status)
    elif item_type == CHECKIN:
        _check(changes.kind, CHECKIN_CHANNELS, "channel")
        _check(changes.status, CHECKIN_STATUSES, "status")
        if changes.day is not None:
            values["starts_at"] = to_db(_moved_to(store, row["starts_at"], changes.day))
        _put(values, "channel", changes.kind)
        _put(values, "status", changes.status)
        values["updated_at"] = to_db(store.now())
    elif item_type == SHARE and changes.day is not None:
        values["sent_at"] = to_db(_moved_to(store, row["sent_at"], changes.day))
    with store.db.atomic():
        if values:
            assignments = ", ".join(f'"{name}" = ?' for name in values)
            store.db.execute_sql(
                f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), item_id]
            )
        if item_type == TOUCH:
            contact_ids = tuple(
                cid for (cid,) in store.db.execute_sql(
                    "SELECT contact_id FROM interaction_contact WHERE interaction_id = ?", [item_id]
                )
            )
            refresh_touch_columns(store, contact_ids)
            return contact_ids
    return (int(row["contact_id"]),)


def _check(value: str | None, allowed: Any, what: str) -> None:
    if value is not None and value not in allowed:
        raise ContactError(f"unknown {what} '{value}'")


def _put(values: dict[str, Any], name: str, value: Any) -> None:
    if value is not None:
        values[name] = value
