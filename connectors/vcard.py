"""vCard files (2.1, 3.0 and 4.0) from phones, Google, iCloud and Outlook; many cards per file.

Handles line folding, vCard 2.1 quoted-printable values with CHARSET and soft line
breaks, grouped properties (``item1.URL`` labelled by ``item1.X-ABLabel``) and the
backslash escapes of 3.0/4.0. A card without a name is reported and skipped.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from connectors.dates import parse_birthday
from connectors.errors import ImportRefused, RowProblem
from connectors.records import Labelled, ParsedBatch, ParsedContact
from connectors.text import read_text
from core.matching import normalise_email, normalise_linkedin_url

_ESCAPE = re.compile(r"\\(.)", re.S)
# Blanks around the words, but never across a line: "\s*" there made a file of blank lines take
# minutes (each line start rescanned every line after it).
_BEGIN_LINE = re.compile(r"^[^\S\n]*BEGIN[^\S\n]*:[^\S\n]*VCARD[^\S\n]*$", re.I | re.M)
_UNESCAPED = {"n": "\n", "N": "\n"}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
ENCODING_WORDS = {"quoted-printable", "base64", "b", "8bit", "7bit"}
IGNORED_TYPES = {"internet", "pref", "x400", "voice", "x-internet"}
SYSTEM_CATEGORIES = {"mycontacts", "my contacts", "starred", "starred in android"}
BINARY_PROPERTIES = {"PHOTO", "LOGO", "SOUND", "KEY"}


@dataclass
class Property:
    group: str
    name: str  # upper case
    params: dict[str, list[str]]  # lower-case keys; bare 2.1 parameters are TYPE values
    value: str  # raw, still escaped, already decoded from quoted-printable

    @property
    def types(self) -> list[str]:
        return [t.lower() for t in self.params.get("type", [])]


@dataclass
class Card:
    line: int
    version: str = ""
    properties: list[Property] = field(default_factory=list)
    closed: bool = False


def parse_vcards(path: Path) -> ParsedBatch:
    return parse_vcard_text(read_text(path), path.name)


def parse_vcard_text(text: str, name: str) -> ParsedBatch:
    if not _BEGIN_LINE.search(text):
        raise ImportRefused(f"{name}: not a vCard file (no BEGIN:VCARD found)")
    batch = ParsedBatch(source=name, files_read=[name])
    for card in _cards(text):
        if not card.closed:
            reason = "card never ends (END:VCARD missing; is the file cut off?); skipped"
            batch.problems.append(RowProblem(name, card.line, reason))
            batch.skipped += 1
            continue
        contact = _contact(card, name)
        if contact.name:
            batch.contacts.append(contact)
        else:
            batch.problems.append(RowProblem(name, card.line, "card has no name (FN or N); skipped"))
            batch.skipped += 1
    return batch


# --- lines and cards -----------------------------------------------------------------------


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfolded lines with the number of the physical line each starts on."""
    current: str | None = None
    start = 0
    version_21 = False
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if current is not None and line[:1] in (" ", "\t"):
            # 3.0/4.0 folding removes the line break and one blank; 2.1 keeps the blank.
            current += line if version_21 else line[1:]
            continue
        if current is not None:
            yield start, current
        current, start = line, index
        if _is_quoted_printable(line):
            while current.endswith("=") and index < len(lines):
                current = current[:-1] + lines[index]
                index += 1
        upper = current.strip().upper()
        if upper.startswith("VERSION:"):
            version_21 = upper.endswith("2.1")
        elif upper == "BEGIN:VCARD":
            version_21 = False
    if current is not None:
        yield start, current


def _is_quoted_printable(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def _cards(text: str) -> Iterator[Card]:
    card: Card | None = None
    nested = 0
    for number, line in _logical_lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        upper = stripped.upper().replace(" ", "")
        if upper == "BEGIN:VCARD" or upper.endswith(":BEGIN:VCARD"):
            if card is None:
                card = Card(line=number)
            else:
                nested += 1  # a 2.1 AGENT card inside this one
            continue
        if upper == "END:VCARD":
            if nested:
                nested -= 1
            elif card is not None:
                card.closed = True
                yield card
                card = None
            continue
        if card is None or nested:
            continue
        prop = _property(stripped)
        if prop is None:
            continue
        if prop.name == "VERSION":
            card.version = prop.value.strip()
        card.properties.append(prop)
    if card is not None:
        yield card


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _property(line: str) -> Property | None:
    head_and_value = _split_unquoted(line, ":")
    if len(head_and_value) < 2:
        return None  # base64 continuation lines and other debris
    head, value = head_and_value[0], ":".join(head_and_value[1:])
    head_parts = _split_unquoted(head, ";")
    group, _, prop_name = head_parts[0].strip().rpartition(".")
    params: dict[str, list[str]] = {}
    for raw in head_parts[1:]:
        key, has_value, param_value = raw.partition("=")
        if not has_value:
            word = key.strip().lower()
            bucket = "encoding" if word in ENCODING_WORDS else "type"
            params.setdefault(bucket, []).append(word)
            continue
        values = [v.strip().strip('"') for v in _split_unquoted(param_value, ",")]
        params.setdefault(key.strip().lower(), []).extend(v for v in values if v)
    prop = Property(group=group.lower(), name=prop_name.upper(), params=params, value=value)
    encodings = [e.lower() for e in params.get("encoding", [])]
    if "quoted-printable" in encodings:
        prop.value = _decode_qp(value, params.get("charset", ["utf-8"])[0])
    elif {"b", "base64"} & set(encodings) and prop.name not in BINARY_PROPERTIES:
        return None  # a base64 text value is vanishingly rare; don't guess
    return prop


def _decode_qp(value: str, charset: str) -> str:
    raw = quopri.decodestring(value.encode("utf-8"))
    for encoding in (charset, "utf-8", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("latin-1")  # pragma: no cover - latin-1 decodes any bytes


# --- values --------------------------------------------------------------------------------


def unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: _UNESCAPED.get(m[1], m[1]), text)


def _split_escaped(text: str, separator: str) -> list[str]:
    """Split on separators not preceded by a backslash, keeping escapes for unescape()."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def components(value: str) -> list[str]:
    return [unescape(part).strip() for part in _split_escaped(value, ";")]


def name_components(value: str) -> list[str]:
    """N's components; the several values of one (``Anna,Maria``) joined by spaces.

    Only unescaped commas separate values: an escaped one (``Smith\\, Jr.``) is part of the name.
    """
    return [
        " ".join(" ".join(unescape(item) for item in _split_escaped(part, ",")).split())
        for part in _split_escaped(value, ";")
    ]


def _label(prop: Property, labels: dict[str, str]) -> str:
    if prop.group and prop.group in labels:
        return labels[prop.group]
    types = [t for t in prop.types if t not in IGNORED_TYPES]
    return types[0] if types else ""


def _clean_label(raw: str) -> str:
    match = _APPLE_LABEL.match(raw.strip())
    return (match[1] if match else raw).strip()


def _contact(card: Card, source: str) -> ParsedContact:
    contact = ParsedContact(source=source, line=card.line)
    labels = {
        p.group: _clean_label(unescape(p.value)) for p in card.properties if p.name == "X-ABLABEL" and p.group
    }
    lists = _Lists()
    for prop in card.properties:
        _apply(contact, prop, labels, lists)
    contact.notes = "\n".join(lists.notes).strip()
    contact.emails, contact.phones = tuple(lists.emails), tuple(lists.phones)
    contact.urls, contact.tags = tuple(lists.urls), tuple(lists.tags)
    if not contact.display_name:
        contact.display_name = " ".join(p for p in (contact.first_name, contact.last_name) if p)
    return contact


@dataclass
class _Lists:
    """What a card may hold several of, collected while its properties are read."""

    emails: list[Labelled] = field(default_factory=list)
    phones: list[Labelled] = field(default_factory=list)
    urls: list[Labelled] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _apply(contact: ParsedContact, prop: Property, labels: dict[str, str], lists: _Lists) -> None:
    name = prop.name
    if name == "FN":
        contact.display_name = contact.display_name or " ".join(unescape(prop.value).split())
    elif name == "N":
        parts = [*name_components(prop.value), "", "", ""]
        family, given, middle = parts[0], parts[1], parts[2]
        contact.last_name = contact.last_name or family
        contact.first_name = contact.first_name or " ".join(f"{given} {middle}".split())
    elif name == "ORG":
        contact.company = contact.company or components(prop.value)[0]
    elif name == "TITLE" or (name == "ROLE" and not contact.position):
        contact.position = contact.position or " ".join(unescape(prop.value).split())
    elif name == "EMAIL":
        email = normalise_email(unescape(prop.value).removeprefix("mailto:"))
        if email:
            lists.emails.append(Labelled(email, _label(prop, labels)))
    elif name == "TEL":
        phone = unescape(prop.value).strip().removeprefix("tel:")
        if phone:
            lists.phones.append(Labelled(phone, _label(prop, labels)))
    elif name in ("URL", "X-SOCIALPROFILE"):
        _add_url(contact, lists, unescape(prop.value).strip(), _label(prop, labels))
    elif name == "BDAY":
        contact.birthday = contact.birthday or parse_birthday(unescape(prop.value))
    elif name == "NOTE":
        lists.notes.append(unescape(prop.value).strip())
    elif name == "ADR" and not contact.location:
        parts = [*components(prop.value), *[""] * 7]
        locality, region, country = parts[3], parts[4], parts[6]
        contact.location = locality or region or country
    elif name == "CATEGORIES":
        for tag in (unescape(t).strip() for t in _split_escaped(prop.value, ",")):
            if tag and tag.lower() not in SYSTEM_CATEGORIES and not tag.startswith("*"):
                lists.tags.append(tag)


def _add_url(contact: ParsedContact, lists: _Lists, url: str, label: str) -> None:
    if not url:
        return
    if "linkedin.com/" in url.lower():
        normalised = normalise_linkedin_url(url)
        if normalised and contact.linkedin_url is None:
            contact.linkedin_url = normalised
            return
    lists.urls.append(Labelled(url, label))
