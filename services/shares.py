"""Shares: saving a piece of content, suggesting who would care, and logging each send as a touch.

A share is one row per URL (saving the same link again updates it). Sending it to a
contact writes one ShareRecipient and one Interaction of kind "share" for that contact,
both in the same transaction; a contact receives a given share at most once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from core.sharing import (
    DEFAULT_SUGGESTIONS,
    ShareCandidate,
    Suggestion,
    parse_topics,
    suggest_recipients,
    topic_key,
)
from models.entities import Contact, Interaction, InteractionContact, Share, ShareRecipient
from services.clock import from_db, to_db
from services.derived import chunked, refresh_touch_columns
from services.snapshots import load_snapshots
from services.store import Store

RECENT_SHARES = 20


class ShareError(ValueError):
    """Something about a share that cannot be done, in plain words."""


@dataclass
class ShareInput:
    url: str
    title: str = ""
    topics: list[str] = field(default_factory=list)
    note: str = ""


def normalise_url(text: str) -> str:
    """A link as stored: trimmed, with https:// added when no scheme was typed."""
    url = text.strip()
    if not url:
        raise ShareError("a share needs a link (URL)")
    if any(ch.isspace() for ch in url):
        raise ShareError(f"'{url}' is not a link: it contains spaces")
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        raise ShareError(f"'{text.strip()}' is not a link")
    return url


def find_share(url: str) -> Share | None:
    return Share.get_or_none(Share.url == normalise_url(url))


def topics_of(share: Share) -> list[str]:
    return parse_topics(share.topics or "")


def save_share(store: Store, data: ShareInput) -> Share:
    """Create the share, or update the saved one with the same link (blank fields keep their value)."""
    url = normalise_url(data.url)
    topics = ",".join(parse_topics(data.topics))
    with store.db.atomic():
        share = Share.get_or_none(Share.url == url)
        if share is None:
            return Share.create(
                url=url, title=data.title.strip(), topics=topics, note=data.note.strip(),
                created_at=to_db(store.now()),
            )  # fmt: skip
        if data.title.strip():
            share.title = data.title.strip()
        if topics:
            share.topics = topics
        if data.note.strip():
            share.note = data.note.strip()
        share.save()
    return share


def recipients_of(share: Share | None) -> set[int]:
    if share is None:
        return set()
    rows = Share._meta.database.execute_sql(
        "SELECT contact_id FROM share_recipient WHERE share_id = ?", [share.id]
    )
    return {int(contact_id) for (contact_id,) in rows}


def _tagged_contacts(store: Store, topics: Sequence[str]) -> dict[int, list[str]]:
    """Contacts with a tag matching one of `topics`, and those tags as each contact spells them."""
    wanted = {topic_key(topic) for topic in topics}
    tag_ids = [tag_id for tag_id, name in store.db.execute_sql("SELECT id, name FROM tag")
               if topic_key(name) in wanted]  # fmt: skip
    tagged: dict[int, list[str]] = defaultdict(list)
    for batch in chunked(tag_ids):
        marks = ",".join("?" * len(batch))
        for contact_id, name in store.db.execute_sql(
            f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            f"WHERE ct.tag_id IN ({marks})",
            batch,
        ):
            tagged[contact_id].append(name)
    return tagged


def suggest_for(
    store: Store, topics: Iterable[str], *, url: str | None = None, limit: int | None = DEFAULT_SUGGESTIONS
) -> list[Suggestion]:
    """Who would care about content on these topics and has not received the link yet."""
    wanted = parse_topics(list(topics))
    if not wanted:
        return []
    already = recipients_of(find_share(url)) if url and url.strip() else set()
    tagged = _tagged_contacts(store, wanted)
    if not tagged:
        return []
    snapshots = load_snapshots(store, contact_ids=list(tagged))
    candidates = [ShareCandidate(s, tuple(tagged[s.contact_id])) for s in snapshots]
    return suggest_recipients(
        candidates, wanted, store.today(), store.settings(), already_received=already, limit=limit
    )


def send_share(
    store: Store, share: Share, contact_ids: Iterable[int], *, when: datetime | None = None
) -> list[int]:
    """Log the share as sent to these contacts: a touch each. Returns those who had not had it yet."""
    wanted = list(dict.fromkeys(int(cid) for cid in contact_ids))
    now = store.now()
    sent_at = to_db(when or now)
    with store.db.atomic():
        known = {c.id for c in Contact.select(Contact.id).where(Contact.id.in_(wanted))} if wanted else set()
        missing = [cid for cid in wanted if cid not in known]
        if missing:
            raise ShareError(f"no contact #{missing[0]}")
        already = recipients_of(share)
        new_ids = [cid for cid in wanted if cid not in already]
        for contact_id in new_ids:
            interaction = Interaction.create(
                kind="share", direction="out", occurred_at=sent_at, note=share.note or "",
                created_at=to_db(now),
            )  # fmt: skip
            InteractionContact.create(interaction=interaction, contact=contact_id)
            ShareRecipient.create(share=share, contact=contact_id, interaction=interaction, sent_at=sent_at)
        if new_ids:
            refresh_touch_columns(store, new_ids)
    return new_ids


@dataclass(frozen=True)
class ShareSummary:
    share_id: int
    url: str
    title: str
    topics: tuple[str, ...]
    note: str
    saved_at: datetime  # aware UTC
    recipients: int
    last_sent_at: datetime | None

    @property
    def display_title(self) -> str:
        return self.title or self.url

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.share_id,
            "url": self.url,
            "title": self.title,
            "topics": list(self.topics),
            "note": self.note,
            "saved_at": self.saved_at.isoformat(),
            "recipients": self.recipients,
            "last_sent_at": self.last_sent_at.isoformat() if self.last_sent_at else None,
        }


def recent_shares(store: Store, limit: int = RECENT_SHARES) -> list[ShareSummary]:
    """The latest shares (by last send, else by when they were saved) with their recipient counts."""
    rows = store.db.execute_sql(
        "SELECT s.id, s.url, s.title, s.topics, s.note, s.created_at, COUNT(r.id), MAX(r.sent_at) "
        "FROM share s LEFT JOIN share_recipient r ON r.share_id = s.id GROUP BY s.id "
        "ORDER BY COALESCE(MAX(r.sent_at), s.created_at) DESC, s.id DESC LIMIT ?",
        [limit],
    )
    summaries = []
    for share_id, url, title, topics, note, created_at, count, last_sent in rows:
        saved = from_db(created_at)
        assert saved is not None
        summaries.append(ShareSummary(
            share_id, url, title or "", tuple(parse_topics(topics or "")), note or "", saved, int(count),
            from_db(last_sent),
        ))  # fmt: skip
    return summaries


def emails_of(contact_ids: Iterable[int]) -> dict[int, str]:
    """The first email address of each contact that has one."""
    ids = list(dict.fromkeys(contact_ids))
    found: dict[int, str] = {}
    for batch in chunked(ids):
        marks = ",".join("?" * len(batch))
        for contact_id, email in Share._meta.database.execute_sql(
            f"SELECT contact_id, email FROM contact_email WHERE contact_id IN ({marks}) ORDER BY id", batch
        ):
            found.setdefault(contact_id, email)
    return found
