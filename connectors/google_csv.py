"""Google Contacts CSV, both the current header (First Name, Labels, E-mail 1 - Label …)
and the legacy one (Name, Given Name, Group Membership, E-mail 1 - Type …).

Columns are found by name. A cell may hold several values separated by " ::: ".
"""

from __future__ import annotations

from pathlib import Path

from connectors.csvtable import CsvRow, read_table
from connectors.dates import parse_birthday
from connectors.errors import RowProblem
from connectors.records import Labelled, ParsedBatch, ParsedContact
from connectors.text import read_text
from core.matching import normalise_email, normalise_linkedin_url

SEPARATOR = " ::: "
NAME_COLUMNS = {"first name", "given name", "name"}
GOOGLE_COLUMNS = {
    "labels",
    "group membership",
    "e-mail 1 - value",
    "phone 1 - value",
    "organization name",
    "organization 1 - name",
    "middle name",
    "additional name",
    "file as",
}
MAX_NUMBERED = 50  # Google numbers repeated fields: E-mail 1, E-mail 2, …


def is_google_header(keys: set[str]) -> bool:
    return bool(keys & NAME_COLUMNS) and bool(keys & GOOGLE_COLUMNS)


def parse_google_csv(path: Path) -> ParsedBatch:
    return parse_google_text(read_text(path), path.name)


def parse_google_text(text: str, name: str) -> ParsedBatch:
    table = read_table(
        text,
        name,
        is_google_header,
        "not a Google Contacts CSV (no 'First Name' or 'Given Name' column next to Google's "
        "'E-mail 1 - Value' or 'Labels' columns)",
    )
    batch = ParsedBatch(
        source=name, files_read=[name], problems=list(table.problems), skipped=len(table.problems)
    )
    for row in table.rows:
        contact = _contact(row, name)
        if contact.name:
            batch.contacts.append(contact)
        else:
            batch.problems.append(RowProblem(name, row.line, "no name; skipped"))
            batch.skipped += 1
    return batch


def split_values(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(SEPARATOR.strip()) if part.strip()]


def _clean_label(label: str) -> str:
    return label.strip().lstrip("*").strip()


def _numbered(row: CsvRow, field_name: str) -> list[Labelled]:
    """Every value of 'E-mail 1 - Value', 'E-mail 2 - Value' … with its label."""
    found: list[Labelled] = []
    for number in range(1, MAX_NUMBERED + 1):
        value_column = f"{field_name} {number} - value"
        if value_column not in row.table.columns:
            break
        labels = split_values(row.get(f"{field_name} {number} - label", f"{field_name} {number} - type"))
        for index, value in enumerate(split_values(row.get(value_column))):
            label = labels[index] if index < len(labels) else (labels[0] if labels else "")
            found.append(Labelled(value, _clean_label(label)))
    return found


def _system_label(label: str) -> bool:
    """Google's own labels ("* myContacts", "* starred", "System Group: …") are not the user's tags."""
    return label.startswith("*") or label.lower().startswith("system group:")


def _first(row: CsvRow, *columns: str) -> str:
    values = split_values(row.get(*columns))
    return values[0] if values else ""


def _contact(row: CsvRow, source: str) -> ParsedContact:
    given, middle = row.get("first name", "given name"), row.get("middle name", "additional name")
    first = " ".join(p for p in (given, middle) if p)
    last = row.get("last name", "family name")
    display = row.get("name") or " ".join(p for p in (first, last) if p)
    contact = ParsedContact(
        source=source,
        line=row.line,
        first_name=first,
        last_name=last,
        display_name=display or row.get("nickname") or row.get("file as"),
        company=_first(row, "organization name", "organization 1 - name"),
        position=_first(row, "organization title", "organization 1 - title"),
        birthday=parse_birthday(row.get("birthday")),
        notes=row.get("notes"),
        location=(
            _first(row, "address 1 - city")
            or _first(row, "address 1 - region")
            or _first(row, "location")
            or _first(row, "address 1 - country")
        ),
    )
    emails = ((normalise_email(email.value), email.label) for email in _numbered(row, "e-mail"))
    contact.emails = tuple(Labelled(value, label) for value, label in emails if value)
    contact.phones = tuple(_numbered(row, "phone"))
    urls = []
    for site in _numbered(row, "website"):
        url = normalise_linkedin_url(site.value) if "linkedin.com/" in site.value.lower() else None
        if url and contact.linkedin_url is None:
            contact.linkedin_url = url
        else:
            urls.append(site)
    contact.urls = tuple(urls)
    labels = split_values(row.get("labels", "group membership"))
    contact.tags = tuple(label for label in labels if not _system_label(label))
    return contact
