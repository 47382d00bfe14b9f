"""messages.csv: who wrote to whom and when, turned into touches.

A 30-message chat on one day is one touch, not thirty: messages are grouped into one
interaction per conversation, UTC day and direction ("out" when the account owner
wrote, "in" when someone else did). Only the subject or the first line of the first
message of the group is kept as the note; message bodies are not stored.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from connectors.csvtable import read_table
from connectors.dates import parse_instant
from connectors.errors import RowProblem
from connectors.linkedin_files import NOTE_LIMIT, OwnerEvidence, clip, linkedin_url_of, stable_key
from connectors.records import ParsedTouch, PersonRef
from core.kinds import DIRECTION_IN, DIRECTION_OUT
from core.matching import fold

_TAGS = re.compile(r"<[^>]+>")
_URL_SPLIT = re.compile(r"[,\s]+")
# Credentials that 'Jane Doe, Ph.D.' splits off when TO is split on ', '.
NAME_SUFFIXES = frozenset(
    {"phd", "mba", "cpa", "cfa", "pmp", "md", "jr", "sr", "ii", "iii", "iv", "esq", "pe"}
    | {"msc", "bsc", "ma", "ba", "mph", "rn", "dds", "ceng"}
)
SPONSORED_MARK = "spinmail-quill-editor"

IsKnown = Callable[[PersonRef], bool]


@dataclass
class Message:
    line: int
    conversation: str
    sender: PersonRef
    recipients: list[PersonRef]
    at: datetime  # aware UTC
    subject: str
    first_line: str


@dataclass
class Owner:
    """The account owner as messages name them: by profile URL and/or by name."""

    name: str = ""
    urls: set[str] = field(default_factory=set)

    @property
    def name_key(self) -> str:
        return fold(self.name)

    def is_me(self, person: PersonRef) -> bool:
        if person.linkedin_url and self.urls:
            return person.linkedin_url in self.urls
        return bool(self.name) and fold(person.name) == self.name_key


def is_messages_header(keys: set[str]) -> bool:
    return "conversation id" in keys and "from" in keys


def _is_suffix(part: str) -> bool:
    bare = part.replace(".", "").lower()
    return bare in NAME_SUFFIXES or "." in part or (part.isupper() and 2 <= len(part) <= 6)


def _split_names(text: str) -> list[str]:
    names: list[str] = []
    for part in (p.strip() for p in text.split(", ")):
        if not part:
            continue
        if names and " " not in part and _is_suffix(part):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


def _first_line(content: str) -> str:
    text = _TAGS.sub(" ", content)
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


def _recipients(names_text: str, urls_text: str) -> list[PersonRef]:
    names = _split_names(names_text)
    urls = [u for u in (linkedin_url_of(raw) for raw in _URL_SPLIT.split(urls_text) if raw) if u]
    if urls and len(urls) == len(names):
        return [PersonRef(name, url) for name, url in zip(names, urls, strict=True)]
    if urls:
        return [PersonRef("", url) for url in urls]
    return [PersonRef(name, None) for name in names]


def parse_messages(text: str, name: str) -> tuple[list[Message], list[RowProblem], bool]:
    """The messages worth counting, the rows that could not be read, and whether recipients have URLs."""
    table = read_table(
        text, name, is_messages_header, "not a LinkedIn messages file (no 'CONVERSATION ID' header found)"
    )
    messages: list[Message] = []
    problems = list(table.problems)
    at_ = table.index_of
    conversation_at, from_at, sender_url_at = at_("conversation id"), at_("from"), at_("sender profile url")
    to_at, recipient_urls_at, date_at = at_("to"), at_("recipient profile urls"), at_("date")
    subject_at, content_at = at_("subject"), at_("content")
    folder_at, draft_at = at_("folder"), at_("is message draft")
    for row in table.rows:
        cells = table.padded(row)
        if cells[folder_at].strip().upper() == "SPAM" or cells[draft_at].strip().lower() in {"yes", "true"}:
            continue
        content = cells[content_at]
        if SPONSORED_MARK in content:
            continue
        raw_date = cells[date_at].strip()
        at = parse_instant(raw_date)
        if at is None:
            problems.append(RowProblem(name, row.line, f"unreadable date '{raw_date}'; message skipped"))
            continue
        messages.append(
            Message(
                line=row.line,
                conversation=cells[conversation_at].strip() or f"line-{row.line}",
                sender=PersonRef(cells[from_at].strip(), linkedin_url_of(cells[sender_url_at])),
                recipients=_recipients(cells[to_at], cells[recipient_urls_at]),
                at=at,
                subject=cells[subject_at].strip(),
                first_line=_first_line(content),
            )
        )
    return messages, problems, table.has("recipient profile urls")


def _most_common_unique(counts: Counter[str], is_known: Callable[[str], bool]) -> str | None:
    """The identity in the most conversations; among equals, the only one who is not a contact."""
    if not counts:
        return None
    top = max(counts.values())
    leaders = [identity for identity, count in counts.items() if count == top]
    if len(leaders) == 1:
        return leaders[0]
    strangers = [identity for identity in leaders if not is_known(identity)]
    return strangers[0] if len(strangers) == 1 else None


def detect_owner(
    messages: list[Message], evidence: OwnerEvidence, recipient_urls: bool, is_known: IsKnown
) -> Owner | None:
    """Whose export this is: from Profile.csv and Invitations.csv, else from who is in every conversation."""
    owner = Owner()
    if evidence.urls:
        owner.urls.add(evidence.urls.most_common(1)[0][0])
    if evidence.names:
        owner.name = evidence.names.most_common(1)[0][0]
    if not owner.urls and not owner.name:
        by_url: Counter[str] = Counter()
        by_name: Counter[str] = Counter()
        names: dict[str, str] = {}
        seen: set[tuple[str, str]] = set()
        for message in messages:
            for person in (message.sender, *message.recipients):
                if person.linkedin_url and (message.conversation, person.linkedin_url) not in seen:
                    seen.add((message.conversation, person.linkedin_url))
                    by_url[person.linkedin_url] += 1
                key = fold(person.name)
                if key and (message.conversation, "name:" + key) not in seen:
                    seen.add((message.conversation, "name:" + key))
                    by_name[key] += 1
                    names.setdefault(key, person.name)
        if recipient_urls and by_url:
            url = _most_common_unique(by_url, lambda u: is_known(PersonRef("", u)))
            if url:
                owner.urls.add(url)
        else:
            leader = _most_common_unique(by_name, lambda k: is_known(PersonRef(names[k], None)))
            if leader:
                owner.name = names[leader]
    if not owner.urls and not owner.name:
        return None
    # Complete each half from the other: the URLs that write under the owner's name, and back.
    for message in messages:
        sender = message.sender
        if owner.name and sender.linkedin_url and fold(sender.name) == owner.name_key:
            owner.urls.add(sender.linkedin_url)
        elif not owner.name and sender.linkedin_url in owner.urls:
            owner.name = sender.name
    return owner


def _same_person(a: PersonRef, b: PersonRef) -> bool:
    if a.linkedin_url and b.linkedin_url:
        return a.linkedin_url == b.linkedin_url
    return fold(a.name) == fold(b.name)


def group_into_touches(messages: list[Message], owner: Owner, source: str) -> list[ParsedTouch]:
    groups: dict[tuple[str, str, str], list[tuple[Message, list[PersonRef]]]] = {}
    for message in sorted(messages, key=lambda m: m.at):
        if owner.is_me(message.sender):
            direction = DIRECTION_OUT
            others = [r for r in message.recipients if not owner.is_me(r)]
        else:
            direction = DIRECTION_IN
            others = [message.sender]
        others = [p for p in others if p.name or p.linkedin_url]
        if not others:
            continue
        key = (message.conversation, message.at.date().isoformat(), direction)
        groups.setdefault(key, []).append((message, others))
    touches = []
    for (conversation, day, direction), items in groups.items():
        participants: list[PersonRef] = []
        for _, others in items:
            for person in others:
                if not any(_same_person(person, known) for known in participants):
                    participants.append(person)
        first = items[0][0]
        subject = next((m.subject for m, _ in items if m.subject), "")
        summary = subject or first.first_line
        suffix = f" ({len(items)} messages)" if len(items) > 1 else ""
        note = clip(summary, NOTE_LIMIT - len(suffix)) + suffix if summary else suffix.strip()
        touches.append(
            ParsedTouch(
                source_key=stable_key("li:msg", conversation, day, direction),
                kind="inmail" if subject else "message",
                direction=direction,
                occurred_at=items[-1][0].at,
                participants=participants,
                note=note,
                source=source,
                line=first.line,
            )
        )
    return touches
