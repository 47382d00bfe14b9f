"""One contact's history as the rules see it: touches and ledger entries."""

from __future__ import annotations

from core.records import ExchangeRecord, Touch
from models.entities import Contact, Exchange
from services.clock import local_date
from services.store import Store


def touches_of(store: Store, contact: Contact) -> list[Touch]:
    rows = store.db.execute_sql(
        "SELECT i.occurred_at, i.kind, i.direction FROM interaction i "
        "JOIN interaction_contact ic ON ic.interaction_id = i.id WHERE ic.contact_id = ? "
        "ORDER BY i.occurred_at",
        [contact.id],
    )
    touches = []
    for occurred_at, kind, direction in rows:
        day = local_date(occurred_at, store.tz)
        assert day is not None
        touches.append(Touch(on=day, kind=kind, direction=direction))
    return touches


def exchanges_of(contact: Contact) -> list[ExchangeRecord]:
    return [
        ExchangeRecord(kind=e.kind, direction=e.direction, on=e.occurred_on, status=e.status)
        for e in Exchange.select().where(Exchange.contact == contact).order_by(Exchange.occurred_on)
    ]
