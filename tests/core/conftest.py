"""The three people of the brief, and a few neighbours, as the rules see them on one fixed day.

Today is Friday 2026-11-27; the reminder tests run at 10:00 in Berlin (09:00 UTC).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.records import ContactSnapshot, ExchangeRecord, Touch
from core.settings import Settings

TODAY = date(2026, 11, 27)  # a Friday
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 10:00 in Berlin (CET, UTC+1)
BERLIN = ZoneInfo("Europe/Berlin")


def snapshot(contact_id: int, name: str, **fields: Any) -> ContactSnapshot:
    """A Close-circle contact (cadence 30, importance 3) unless told otherwise."""
    values: dict[str, Any] = {"circle": "Close", "cadence_days": 30, "importance": 3}
    values.update(fields)
    return ContactSnapshot(contact_id=contact_id, name=name, **values)


# Marco: Network circle (cadence 90). I last messaged him 305 days ago (2026-01-26) and got
# no answer; he asked me for a referral on 2025-12-15 and asks again today, each time by
# message. He never gave anything.
MARCO = snapshot(
    1,
    "Marco Bianchi",
    circle="Network",
    cadence_days=90,
    importance=2,
    last_touch_on=date(2026, 1, 26),
    last_touch_kind="message",
    engagement=1.0,
    engagement_on=date(2026, 1, 26),
)
MARCO_TOUCHES = (
    Touch(date(2025, 12, 15), "message", "in"),  # first ask
    Touch(date(2026, 1, 26), "message", "out"),  # my congratulations, unanswered
    Touch(date(2026, 11, 27), "message", "in"),  # today's ask
)
MARCO_EXCHANGES = (
    ExchangeRecord("referral", "they_asked", date(2025, 12, 15), "done"),
    ExchangeRecord("referral", "they_asked", date(2026, 11, 27), "open"),
)

# Lena: Close circle, last touch a call 41 days ago (2026-10-17).
LENA = snapshot(
    2,
    "Lena Vogel",
    last_touch_on=date(2026, 10, 17),
    last_touch_kind="call",
    engagement=2.0,
    engagement_on=date(2026, 10, 17),
)

# Aisha: an engaged colleague in the Close circle; last touch a lunch 24 days ago
# (2026-11-03). She gave me a referral and advice, I gave her one introduction: owed 1.
AISHA = snapshot(
    3,
    "Aisha Khan",
    last_touch_on=date(2026, 11, 3),
    last_touch_kind="lunch",
    engagement=3.0,
    engagement_on=date(2026, 11, 3),
    owed=1,
    birthday="1990-11-27",
)
AISHA_TOUCHES = (
    Touch(date(2026, 11, 3), "lunch", "out"),
    Touch(date(2026, 10, 28), "their_comment", "in"),
    Touch(date(2026, 9, 2), "their_comment", "in"),
    Touch(date(2026, 8, 14), "call", "in"),
    Touch(date(2026, 6, 1), "message", "in"),
    Touch(date(2026, 5, 1), "message", "out"),
    Touch(date(2026, 2, 10), "message", "in"),
)
AISHA_EXCHANGES = (
    ExchangeRecord("advice", "received", date(2026, 3, 1), "done"),
    ExchangeRecord("introduction", "gave", date(2026, 4, 15), "done"),
    ExchangeRecord("referral", "received", date(2026, 7, 10), "done"),
    ExchangeRecord("advice", "they_asked", date(2026, 9, 20), "done"),
)

# A newcomer: tracked in the Network circle, never talked to.
NOAH = snapshot(4, "Noah Park", circle="Network", cadence_days=90, importance=2)

THREE_PEOPLE = (MARCO, LENA, AISHA, NOAH)


def network(size: int) -> list[ContactSnapshot]:
    """A large seeded network: mixed circles, one in ten never touched, two in five owed a favour."""
    generator = random.Random(7)
    cadences = [(14, 4), (30, 3), (90, 2), (180, 1)]
    people = []
    for contact_id in range(size):
        cadence, importance = generator.choice(cadences)
        touched = generator.random() < 0.9
        people.append(
            ContactSnapshot(
                contact_id=contact_id,
                name=f"Person {contact_id:05d}",
                circle="Close",
                cadence_days=cadence,
                importance=importance,
                last_touch_on=TODAY - timedelta(days=generator.randrange(0, 700)) if touched else None,
                owed=generator.choice([0, 0, 0, 1, 2]),
            )
        )
    return people


@pytest.fixture
def settings() -> Settings:
    return Settings()
