"""Logging touches (interactions) and the reciprocity ledger (exchanges)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from core.kinds import (
    DIRECTIONS,
    EXCHANGE_DIRECTIONS,
    EXCHANGE_KINDS,
    EXCHANGE_STATUSES,
    INTERACTION_WEIGHTS,
)
from models.entities import Contact, Exchange, Interaction, InteractionContact
from services.clock import to_db
from services.contacts import ContactError
from services.derived import refresh_touch_columns
from services.store import Store


def log_interaction(
    store: Store,
    contacts: Sequence[Contact],
    kind: str,
    *,
    when: datetime | None = None,
    direction: str = "out",
    minutes: int | None = None,
    note: str = "",
    source_key: str | None = None,
) -> Interaction:
    """Record one touch with one or more contacts; their clocks reset if it is their latest."""
    if kind not in INTERACTION_WEIGHTS:
        raise ContactError(f"unknown kind '{kind}' (kinds: {', '.join(INTERACTION_WEIGHTS)})")
    if direction not in DIRECTIONS:
        raise ContactError(f"direction must be one of {', '.join(DIRECTIONS)}")
    if not contacts:
        raise ContactError("a touch needs at least one contact")
    if minutes is not None and minutes < 0:
        raise ContactError("minutes cannot be negative")
    now = store.now()
    with store.db.atomic():
        interaction = Interaction.create(
            kind=kind,
            direction=direction,
            occurred_at=to_db(when or now),
            duration_minutes=minutes,
            note=note,
            source_key=source_key,
            created_at=to_db(now),
        )
        ids = list(dict.fromkeys(c.id for c in contacts))
        InteractionContact.insert_many(
            [{"interaction": interaction.id, "contact": cid} for cid in ids]
        ).execute()
        refresh_touch_columns(store, ids)
    return interaction


def participants_of(interaction: Interaction) -> list[int]:
    rows = interaction._meta.database.execute_sql(
        "SELECT contact_id FROM interaction_contact WHERE interaction_id = ?", [interaction.id]
    )
    return [int(contact_id) for (contact_id,) in rows]


def delete_interaction(store: Store, interaction: Interaction) -> None:
    with store.db.atomic():
        ids = participants_of(interaction)
        interaction.delete_instance()
        refresh_touch_columns(store, ids)


def update_interaction(
    store: Store,
    interaction: Interaction,
    *,
    kind: str | None = None,
    when: datetime | None = None,
    direction: str | None = None,
    note: str | None = None,
    minutes: int | None = None,
) -> Interaction:
    with store.db.atomic():
        if kind is not None:
            if kind not in INTERACTION_WEIGHTS:
                raise ContactError(f"unknown kind '{kind}'")
            interaction.kind = kind
        if when is not None:
            interaction.occurred_at = to_db(when)
        if direction is not None:
            interaction.direction = direction
        if note is not None:
            interaction.note = note
        if minutes is not None:
            interaction.duration_minutes = minutes
        interaction.save()
        refresh_touch_columns(store, participants_of(interaction))
    return interaction


def record_exchange(
    store: Store,
    contact: Contact,
    kind: str,
    direction: str,
    *,
    on: date | None = None,
    status: str = "done",
    note: str = "",
    source_key: str | None = None,
) -> Exchange:
    if kind not in EXCHANGE_KINDS:
        raise ContactError(f"unknown exchange '{kind}' (kinds: {', '.join(EXCHANGE_KINDS)})")
    if direction not in EXCHANGE_DIRECTIONS:
        raise ContactError(f"direction must be one of {', '.join(EXCHANGE_DIRECTIONS)}")
    if status not in EXCHANGE_STATUSES:
        raise ContactError(f"status must be one of {', '.join(EXCHANGE_STATUSES)}")
    with store.db.atomic():
        return Exchange.create(
            contact=contact,
            kind=kind,
            direction=direction,
            status=status,
            occurred_on=on or store.today(),
            note=note,
            source_key=source_key,
            created_at=to_db(store.now()),
        )
