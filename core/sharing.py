"""Sharing content: who would care about it, and the message that goes with it.

Suggested recipients are the contacts whose tags match one of the content's topics
(case- and accent-insensitive, whole tags) and who have not received it yet, coldest and
most important first. A share is a touch, best spent where one is due, and in the order
today's queue uses: cold and cooling contacts first, by the queue's priority
importance · min(r, 3); then tracked contacts never talked to, most important first
(keeping relationships from fading comes before starting new ones); then warm ones,
then untracked ones. Ties go to the contact matching more topics, then the longer
silence, then the name. Archived and snoozed contacts are left out, as everywhere else
where Rapport suggests whom to contact.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.matching import fold
from core.queue import RATIO_CAP
from core.records import ContactSnapshot
from core.settings import Settings
from core.status import Status, days_between, is_snoozed, overdue_ratio, status_of

DEFAULT_SUGGESTIONS = 25
NEVER_TOUCHED_SILENCE = 10**9  # sorts a contact never talked to as the longest silence
# Who a touch is due for first; untracked contacts (no status) last.
TIERS: dict[Status | None, int] = {Status.COLD: 0, Status.COOLING: 0, Status.NEW: 1, Status.WARM: 2}
UNTRACKED_TIER = 3


def topic_key(topic: str) -> str:
    """How topics and tags are compared: 'Machine  Learning' and 'machine learning' match."""
    return fold(topic)


def parse_topics(text: str | Iterable[str]) -> list[str]:
    """'AI, product,ai' -> ['AI', 'product']: split on commas, trimmed, first spelling kept."""
    parts = text.split(",") if isinstance(text, str) else [p for item in text for p in item.split(",")]
    topics: dict[str, str] = {}
    for part in parts:
        cleaned = " ".join(part.split())
        if cleaned:
            topics.setdefault(topic_key(cleaned), cleaned)
    return list(topics.values())


@dataclass(frozen=True)
class ShareCandidate:
    snapshot: ContactSnapshot
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    contact_id: int
    name: str
    circle: str
    status: Status | None
    days_since: int | None  # None: never touched
    matched_topics: tuple[str, ...]  # the contact's tags that match, as the contact spells them
    priority: float

    @property
    def reason(self) -> str:
        if self.status is None:
            state = "untracked"
        elif self.days_since is None:
            state = "never talked"
        else:
            days = "1 day" if self.days_since == 1 else f"{self.days_since} days"
            state = f"{self.status.value}, {days} since last touch"
        return f"{state} · likes {', '.join(self.matched_topics)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.contact_id,
            "name": self.name,
            "circle": self.circle,
            "status": self.status.value if self.status else None,
            "days_since": self.days_since,
            "topics": list(self.matched_topics),
            "priority": round(self.priority, 2),
            "reason": self.reason,
        }


def _coldness(snapshot: ContactSnapshot, today: date) -> tuple[float, int | None]:
    """(r capped at 3, days since the last touch); never touched counts as the coldest."""
    if snapshot.last_touch_on is None:
        return RATIO_CAP, None
    days = days_between(snapshot.last_touch_on, today)
    if snapshot.cadence_days is None:
        return 0.0, days
    return min(overdue_ratio(days, snapshot.cadence_days), RATIO_CAP), days


def suggest_recipients(
    candidates: Iterable[ShareCandidate],
    topics: Sequence[str],
    today: date,
    settings: Settings,
    *,
    already_received: Collection[int] = (),
    limit: int | None = DEFAULT_SUGGESTIONS,
) -> list[Suggestion]:
    wanted = {topic_key(topic) for topic in topics if topic.strip()}
    if not wanted:
        return []
    ranked: list[tuple[tuple[int, float, int, int, str, int], Suggestion]] = []
    for candidate in candidates:
        snapshot = candidate.snapshot
        if snapshot.archived or is_snoozed(snapshot, today) or snapshot.contact_id in already_received:
            continue
        matched = tuple(sorted({tag for tag in candidate.tags if topic_key(tag) in wanted}, key=str.lower))
        if not matched:
            continue
        ratio, days = _coldness(snapshot, today)
        priority = snapshot.importance * ratio
        suggestion = Suggestion(
            contact_id=snapshot.contact_id,
            name=snapshot.name,
            circle=snapshot.circle,
            status=status_of(snapshot, today, settings),
            days_since=days,
            matched_topics=matched,
            priority=priority,
        )
        silence = NEVER_TOUCHED_SILENCE if days is None else days
        tier = TIERS.get(suggestion.status, UNTRACKED_TIER)
        key = (tier, -priority, -len(matched), -silence, snapshot.name, snapshot.contact_id)
        ranked.append((key, suggestion))
    ranked.sort(key=lambda pair: pair[0])
    chosen = [suggestion for _key, suggestion in ranked]
    return chosen if limit is None else chosen[:limit]


def share_message(title: str, url: str, note: str = "") -> str:
    """The text to paste into a message: the note, then the title and the link."""
    lines = [note.strip()] if note.strip() else []
    if lines:
        lines.append("")
    lines.append(f"{title.strip()}\n{url.strip()}" if title.strip() else url.strip())
    return "\n".join(lines)
