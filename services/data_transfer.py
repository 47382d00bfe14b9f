"""Imports, exports, backups and restores as the window runs them: cancellable, nothing partial."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.backup import backup_now
from services import exporting
from services.store import Store

ExportWriter = Callable[[Store, Path], int]


class TransferCancelled(Exception):  # noqa: N818 - it names what happened, like ImportCancelled
    """The user pressed Cancel; nothing was written."""


@dataclass(frozen=True)
class ExportFormat:
    title: str
    default_name: str
    file_filter: str
    unit: str  # what the count counts
    writer: ExportWriter


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "vcard": ExportFormat(
        "Export contacts as vCard", "rapport-contacts.vcf", "vCard (*.vcf)", "contact", exporting.export_vcard
    ),
    "csv": ExportFormat(
        "Export contacts as CSV", "rapport-contacts.csv", "CSV spreadsheet (*.csv)", "contact",
        exporting.export_csv,
    ),
    "json": ExportFormat(
        "Export a full JSON backup", "rapport-backup.json", "Rapport JSON backup (*.json)", "row",
        exporting.export_json,
    ),
}


def plural(count: int, unit: str) -> str:
    return f"{count:,} {unit}" + ("" if count == 1 else "s")


def export_to(store: Store, fmt: str, target: Path, cancelled: Callable[[], bool]) -> str:
    """Write the export next to `target`, then move it into place unless cancelled meanwhile.

    The writers are atomic but not interruptible, so Cancel is honoured at the end: the
    finished file is discarded and whatever was at `target` before stays untouched.
    """
    spec = EXPORT_FORMATS[fmt]
    partial = target.with_name(f".{target.name}.partial")
    try:
        count = spec.writer(store, partial)
        if cancelled():
            raise TransferCancelled
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return f"Exported {plural(count, spec.unit)} to {target}"


def back_up(store: Store) -> Path:
    """A copy of the database in the backups folder, named after today."""
    return backup_now(store.db, store.backups_dir, store.today(), label="manual")
