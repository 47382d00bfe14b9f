"""The vocabulary of touches and exchanges, and how much each touch counts."""

from __future__ import annotations

from typing import Final

# Interaction kinds and their engagement weight (PRODUCT.md). A note is not a touch.
INTERACTION_WEIGHTS: Final[dict[str, float]] = {
    "lunch": 3.0,
    "coffee": 3.0,
    "meeting": 3.0,
    "call": 2.0,
    "video": 2.0,
    "referral": 3.0,
    "introduction": 3.0,
    "email": 1.0,
    "message": 1.0,
    "inmail": 1.0,
    "share": 1.0,
    "comment": 0.5,
    "their_comment": 0.5,
    "group": 0.5,
    "note": 0.0,
}

INTERACTION_LABELS: Final[dict[str, str]] = {
    "lunch": "lunch",
    "coffee": "coffee",
    "meeting": "meeting in person",
    "call": "call",
    "video": "video call",
    "referral": "referral",
    "introduction": "introduction",
    "email": "email",
    "message": "message",
    "inmail": "InMail",
    "share": "shared content",
    "comment": "comment on their post",
    "their_comment": "they commented on my post",
    "group": "group discussion",
    "note": "note",
}

DIRECTION_OUT: Final = "out"  # I reached out
DIRECTION_IN: Final = "in"  # they reached out
DIRECTIONS: Final = (DIRECTION_OUT, DIRECTION_IN)

EXCHANGE_KINDS: Final = (
    "referral",
    "introduction",
    "recommendation",
    "endorsement",
    "advice",
    "job_lead",
    "favour",
)

# Reciprocity ledger directions.
GAVE: Final = "gave"  # I gave them something
RECEIVED: Final = "received"  # they gave me something
THEY_ASKED: Final = "they_asked"  # they asked me for something
I_ASKED: Final = "i_asked"  # I asked them for something
EXCHANGE_DIRECTIONS: Final = (GAVE, RECEIVED, THEY_ASKED, I_ASKED)
EXCHANGE_STATUSES: Final = ("open", "done", "declined")

CHECKIN_STATUSES: Final = ("planned", "done", "skipped")
CHECKIN_CHANNELS: Final = ("call", "video", "coffee")

# Circles, in order, with their default cadence and importance in today's queue.
CIRCLE_DEFAULT_CADENCE: Final[dict[str, int | None]] = {
    "Inner": 14,
    "Close": 30,
    "Network": 90,
    "Acquaintance": 180,
    "Untracked": None,
}
CIRCLE_IMPORTANCE: Final[dict[str, int]] = {
    "Inner": 4,
    "Close": 3,
    "Network": 2,
    "Acquaintance": 1,
    "Untracked": 0,
}
UNTRACKED: Final = "Untracked"


def weight_of(kind: str) -> float:
    """Engagement weight of an interaction kind; unknown kinds count as a message."""
    return INTERACTION_WEIGHTS.get(kind, 1.0)


def is_touch(kind: str) -> bool:
    return weight_of(kind) > 0


def label_of(kind: str) -> str:
    return INTERACTION_LABELS.get(kind, kind)
