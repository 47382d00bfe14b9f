"""Writing contacts as vCard 4.0 (RFC 6350) for any address book or CardDAV server.

Every text value is escaped and every line break inside a value becomes ``\\n``, so a
note can never start a property of its own; lines are folded at 75 octets without
splitting a UTF-8 character, and end in CRLF.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import quote

from connectors.export_records import ExportedContact, Labelled

PRODID = "-//Rapport//Rapport//EN"
MAX_LINE_OCTETS = 75
# Fixed forever: contact UIDs are derived from it, so re-exports update the same cards.
CONTACT_UID_NAMESPACE = uuid.UUID("6f1f3a52-4c1e-4d7e-9a1b-2f0b6c8e5d31")

# Every character some reader treats as the end of a line (Python's str.splitlines() agrees).
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Other control characters are not allowed in a vCard value at all (tab is).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DAY_ONLY = re.compile(r"^--(\d{2})-?(\d{2})$")
_WORDS = re.compile(r"[a-z]+")

_EMAIL_TYPES = {"work": "work", "business": "work", "office": "work", "home": "home", "personal": "home"}
_TEL_TYPES = {
    "work": "work",
    "business": "work",
    "office": "work",
    "home": "home",
    "mobile": "cell",
    "cell": "cell",
    "iphone": "cell",
    "fax": "fax",
    "pager": "pager",
    "text": "text",
    "video": "video",
}
_URL_TYPES = {"work": "work", "business": "work", "home": "home", "personal": "home"}


def clean_text(value: str) -> str:
    """Line breaks of every kind as ``\\n``; other control characters dropped."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))


def escape_text(value: str) -> str:
    """A TEXT value (RFC 6350 §3.4): backslash, comma, semicolon and newline escaped."""
    return (
        clean_text(value).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")
    )


def clean_uri(value: str) -> str:
    """A URI value: no line breaks or controls; spaces, backslashes and non-ASCII percent-encoded."""
    single_line = _CONTROLS.sub("", _LINE_BREAKS.sub("", value)).strip()
    return quote(single_line, safe=_URI_SAFE)


def fold_line(line: str) -> str:
    """Fold one content line into CRLF + space continuations of at most 75 octets each.

    Counting is in UTF-8 octets and a multi-byte character is never split; the leading
    space of a continuation line counts towards its 75.
    """
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    limit = MAX_LINE_OCTETS
    for character in line:
        size = len(character.encode("utf-8"))
        if used + size > limit:
            pieces.append("".join(current))
            current, used, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(character)
        used += size
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def contact_uid(contact_id: int, created_at: datetime | None) -> str:
    """A stable ``urn:uuid:`` for a contact: the same contact gets the same UID on every export."""
    created = created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") if created_at else ""
    return f"urn:uuid:{uuid.uuid5(CONTACT_UID_NAMESPACE, f'rapport-contact/{contact_id}/{created}')}"


def vcard_birthday(birthday: str | None) -> str | None:
    """'1985-04-12' -> '19850412'; '--04-12' -> '--0412'; anything else is left out."""
    text = (birthday or "").strip()
    full = _FULL_DATE.match(text)
    if full:
        return "".join(full.groups())
    day_only = _DAY_ONLY.match(text)
    if day_only:
        return "--" + "".join(day_only.groups())
    return None


def _type_parameter(label: str, known: dict[str, str]) -> str:
    """';TYPE=work,cell' from a free-text label; only known tokens are ever written."""
    types = list(dict.fromkeys(known[word] for word in _WORDS.findall(label.lower()) if word in known))
    return f";TYPE={','.join(types)}" if types else ""


def _property(name: str, value: str, parameters: str = "") -> str:
    return fold_line(f"{name}{parameters}:{value}")


def _labelled(name: str, items: Iterable[Labelled], known: dict[str, str], *, uri: bool) -> list[str]:
    lines = []
    for item in items:
        value = clean_uri(item.value) if uri else escape_text(item.value.strip())
        if value:
            lines.append(_property(name, value, _type_parameter(item.label, known)))
    return lines


def vcard_lines(contact: ExportedContact) -> list[str]:
    """The folded content lines of one card, BEGIN to END."""
    full_name = contact.display_name.strip() or " ".join(
        part for part in (contact.first_name, contact.last_name) if part
    )
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        _property("PRODID", PRODID),
        _property("UID", contact_uid(contact.contact_id, contact.created_at)),
        _property("FN", escape_text(full_name)),
        _property("N", f"{escape_text(contact.last_name)};{escape_text(contact.first_name)};;;"),
    ]
    if contact.company.strip():
        lines.append(_property("ORG", escape_text(contact.company.strip())))
    if contact.position.strip():
        lines.append(_property("TITLE", escape_text(contact.position.strip())))
    lines += _labelled("EMAIL", contact.emails, _EMAIL_TYPES, uri=False)
    lines += _labelled("TEL", contact.phones, _TEL_TYPES, uri=False)
    if contact.linkedin_url:
        lines += _labelled("URL", [Labelled(contact.linkedin_url)], {}, uri=True)
    lines += _labelled("URL", contact.urls, _URL_TYPES, uri=True)
    if contact.location.strip():
        lines.append(_property("ADR", f";;;{escape_text(contact.location.strip())};;;"))
    birthday = vcard_birthday(contact.birthday)
    if birthday:
        lines.append(_property("BDAY", birthday))
    if contact.tags:
        lines.append(_property("CATEGORIES", ",".join(escape_text(tag) for tag in contact.tags)))
    if contact.notes.strip():
        lines.append(_property("NOTE", escape_text(contact.notes.strip())))
    if contact.updated_at is not None:
        lines.append(_property("REV", contact.updated_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")))
    lines.append("END:VCARD")
    return lines


def vcard_text(contacts: Iterable[ExportedContact]) -> str:
    """Every contact as one vCard, CRLF line ends throughout."""
    return "".join("\r\n".join(vcard_lines(contact)) + "\r\n" for contact in contacts)


def vcard_bytes(contacts: Iterable[ExportedContact]) -> bytes:
    return vcard_text(contacts).encode("utf-8")
