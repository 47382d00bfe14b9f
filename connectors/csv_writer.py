"""Writing contacts as a CSV file that spreadsheets open safely.

UTF-8 with a byte-order mark (so Excel reads accents right) and CRLF row ends. A cell a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab or carriage return
first) gets a leading apostrophe, so an imported name like ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from connectors.export_records import ExportedContact, Labelled

CSV_COLUMNS: tuple[str, ...] = (
    "Name",
    "First Name",
    "Last Name",
    "Company",
    "Position",
    "Emails",
    "Phones",
    "LinkedIn",
    "Other URLs",
    "Location",
    "Birthday",
    "Connected On",
    "How Met",
    "Circle",
    "Cadence (days)",
    "Tags",
    "Last Touch",
    "Notes",
)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would otherwise evaluate as a formula."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def _values(items: Iterable[Labelled]) -> str:
    return LIST_SEPARATOR.join(item.value for item in items if item.value)


def csv_row(contact: ExportedContact) -> list[str]:
    """One contact's cells, in the order of CSV_COLUMNS, neutralised."""
    cells = [
        contact.display_name,
        contact.first_name,
        contact.last_name,
        contact.company,
        contact.position,
        _values(contact.emails),
        _values(contact.phones),
        contact.linkedin_url or "",
        _values(contact.urls),
        contact.location,
        contact.birthday or "",
        contact.connected_on.isoformat() if contact.connected_on else "",
        contact.how_met,
        contact.circle,
        str(contact.cadence_days) if contact.cadence_days is not None else "",
        LIST_SEPARATOR.join(contact.tags),
        contact.last_touch_on.isoformat() if contact.last_touch_on else "",
        contact.notes,
    ]
    return [neutralise(cell) for cell in cells]


def csv_text(contacts: Iterable[ExportedContact]) -> str:
    """The header and one row per contact, CRLF row ends, without the byte-order mark."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for contact in contacts:
        writer.writerow(csv_row(contact))
    return buffer.getvalue()


def csv_bytes(contacts: Iterable[ExportedContact]) -> bytes:
    """The file's bytes: UTF-8 with a byte-order mark."""
    return csv_text(contacts).encode("utf-8-sig")
