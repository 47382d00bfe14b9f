"""The demo network's shared content: a few articles sent to the people who care about them.

Kept apart from ``services.demo`` and written through ``services.shares``, the way a user
shares. The recipients leave the story of the brief alone: Aisha, Lena and Marco receive
nothing, so who is cooling, cold or asks-only stays as the demo tells it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from models.entities import Contact, Share
from services.clock import to_db
from services.shares import ShareInput, save_share, send_share
from services.store import Store

SENT_AT = time(8, 30)


@dataclass(frozen=True)
class DemoShare:
    url: str
    title: str
    topics: tuple[str, ...]
    note: str
    recipients: tuple[str, ...]  # keys of services.demo.PEOPLE
    days_ago: int


DEMO_SHARES: tuple[DemoShare, ...] = (
    DemoShare("https://example.org/notes/hiring-data-scientists",
              "Hiring data scientists: what actually predicts success", ("hiring", "data"),
              "Thought of your team when I read this.", ("hannah", "olga", "wang"), 16),
    DemoShare("https://example.org/reports/climate-fintech-seed-2026",
              "Where climate-fintech seed money went this year", ("climate", "fintech"),
              "The section on grid storage made me think of you.", ("emilie", "kwame", "mai"), 34),
    DemoShare("https://example.org/design/onboarding-without-homework",
              "Onboarding flows that don't feel like homework", ("design", "product"),
              "", ("taro", "isabela", "jonas"), 62),
    DemoShare("https://example.org/essays/ten-minute-catch-up",
              "The quiet power of a 10-minute catch-up", ("sales", "hiring"),
              "", (), 2),
)  # fmt: skip


def add_demo_shares(store: Store, people: Mapping[str, Contact]) -> int:
    """Save the demo's articles and log each as sent to its recipients; returns the sends logged."""
    sends = 0
    for demo in DEMO_SHARES:
        day = store.today() - timedelta(days=demo.days_ago)
        when = datetime.combine(day, SENT_AT, tzinfo=store.tz)
        share = save_share(
            store, ShareInput(url=demo.url, title=demo.title, topics=list(demo.topics), note=demo.note)
        )
        # Saved on the day it was sent, as the user would have done, not when the demo was made.
        Share.update(created_at=to_db(when)).where(Share.id == share.id).execute()
        sends += len(send_share(store, share, [people[key].id for key in demo.recipients], when=when))
    return sends


def demo_people() -> dict[str, Contact]:
    """The hand-written demo people by key, found by name in a database the demo filled."""
    from services.demo import PEOPLE  # imported here: services.demo calls this module

    people = {}
    for person in PEOPLE:
        # The hand-written people come first; a generated namesake may follow.
        found = Contact.select().where(Contact.display_name == person.name).order_by(Contact.id).first()
        if found is not None:
            people[person.key] = found
    return people
