"""When someone asks for something: their triage card, their ledger, and recording the ask."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.kinds import GAVE, THEY_ASKED
from core.reciprocity import Ledger, TriageCard, is_asks_only, ledger_of, triage_card
from models.entities import Contact, Exchange
from services.contacts import ContactError
from services.history import exchanges_of, touches_of
from services.snapshots import load_snapshots
from services.store import Store
from services.touches import record_exchange


class Outcome(StrEnum):
    LOGGED = "open"  # noted; decide later
    HELPED = "done"
    DECLINED = "declined"


@dataclass(frozen=True)
class LedgerSummary:
    ledger: Ledger
    asks_only: bool

    @property
    def balance_text(self) -> str:
        balance = self.ledger.balance
        if balance > 0:
            return "You owe them one" if balance == 1 else f"You owe them {balance}"
        if balance < 0:
            return "They owe you one" if balance == -1 else f"They owe you {-balance}"
        return "Even"


def _contact(contact_id: int) -> Contact:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise ContactError(f"no contact #{contact_id}")
    return contact


def card_for(store: Store, contact_id: int) -> TriageCard:
    """PRODUCT.md's request-triage card for this contact, as of today."""
    contact = _contact(contact_id)
    snapshot = load_snapshots(store, include_archived=True, contact_ids=[contact_id])[0]
    touches = touches_of(store, contact)
    return triage_card(snapshot, exchanges_of(contact), touches, store.today(), store.settings())


def ledger_for(store: Store, contact_id: int) -> LedgerSummary:
    contact = _contact(contact_id)
    exchanges = exchanges_of(contact)
    window = store.settings().asks_only_window_days
    asks_only = is_asks_only(exchanges, touches_of(store, contact), store.today(), window)
    return LedgerSummary(ledger_of(exchanges), asks_only)


def record_request(
    store: Store, contact_id: int, kind: str, outcome: Outcome, *, note: str = "", i_gave: bool = False
) -> list[Exchange]:
    """Log their ask with its outcome; helping can also count as something I gave them."""
    contact = _contact(contact_id)
    with store.db.atomic():
        recorded = [record_exchange(store, contact, kind, THEY_ASKED, status=outcome.value, note=note)]
        if outcome is Outcome.HELPED and i_gave:
            recorded.append(record_exchange(store, contact, kind, GAVE, status="done", note=note))
    return recorded
