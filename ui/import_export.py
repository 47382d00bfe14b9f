"""Imports, exports, backups and restores in the window: off the UI thread, with progress and Cancel.

Each run shows a progress dialog; Cancel leaves nothing partial (the importer rolls its
transaction back, an export discards its file). Then the importer's summary, or a
readable message for a refused file, is shown — never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from connectors.errors import ImportCancelled, ImportRefused
from services.contacts import ContactError
from services.data_transfer import EXPORT_FORMATS, TransferCancelled, back_up, export_to, plural
from services.exporting import ExportError, RestoreRefused, RestoreSummary, restore_json
from services.import_summary import ImportSummary
from services.importing import import_file
from ui.context import AppContext
from ui.workers import CancelCheck, ProgressCallback, Task

READABLE_ERRORS: tuple[type[BaseException], ...] = (
    ImportRefused, RestoreRefused, ExportError, ContactError, OSError,
)
CANCEL_ERRORS: tuple[type[BaseException], ...] = (ImportCancelled, TransferCancelled)


@dataclass(frozen=True)
class ImportSource:
    title: str
    file_filter: str


IMPORT_SOURCES: dict[str, ImportSource] = {
    "linkedin": ImportSource(
        "Import LinkedIn export",
        "LinkedIn data export (*.zip Connections.csv *.csv);;All files (*)",
    ),
    "vcard": ImportSource("Import vCard", "vCard files (*.vcf *.vcard);;All files (*)"),
    "google": ImportSource("Import Google Contacts CSV", "Google Contacts CSV (*.csv);;All files (*)"),
}

Outcome = str  # "done" | "failed" | "cancelled"


class TransferJob(QObject):
    """One long transfer: its progress dialog, its worker, and the message at the end."""

    completed = Signal(str)  # the outcome

    def __init__(
        self,
        context: AppContext,
        title: str,
        work: Callable[[ProgressCallback, CancelCheck], Any],
        describe: Callable[[Any], str],
        parent: QWidget | None,
        *,
        cancellable: bool = True,
        changes_data: bool = True,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._title = title
        self._describe = describe
        self._changes_data = changes_data
        self.outcome: Outcome = ""
        self.message = ""
        self.message_box: QMessageBox | None = None
        self.progress = QProgressDialog(f"{title}…", "Cancel" if cancellable else "", 0, 0, parent)
        self.progress.setWindowTitle(title)
        self.progress.setAccessibleName(f"{title} progress")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        if not cancellable:
            self.progress.setCancelButton(None)
        self.task = Task(context.store, work, readable_errors=READABLE_ERRORS, cancel_errors=CANCEL_ERRORS)
        self.task.signals.progress.connect(self._on_progress)
        self.task.signals.finished.connect(self._on_finished)
        self.task.signals.failed.connect(self._on_failed)
        self.task.signals.cancelled.connect(self._on_cancelled)
        self.progress.canceled.connect(self.cancel)

    def start(self) -> TransferJob:
        _running.add(self)
        self.task.start()
        return self

    def cancel(self) -> None:
        self.task.cancel()
        self.progress.setLabelText("Cancelling… nothing will be kept")

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setMaximum(total)
            self.progress.setValue(min(done, total))
            self.progress.setLabelText(f"{self._title}… {done:,} of {total:,}")

    def _on_finished(self, result: object) -> None:
        if self._changes_data:
            self._context.data_changed.emit()
        self._end("done", self._describe(result), QMessageBox.Icon.Information)

    def _on_failed(self, message: str) -> None:
        self._end("failed", message, QMessageBox.Icon.Warning)

    def _on_cancelled(self) -> None:
        self._end("cancelled", f"{self._title} cancelled. Nothing was changed.", QMessageBox.Icon.Information)

    def _end(self, outcome: Outcome, message: str, icon: QMessageBox.Icon) -> None:
        self.outcome, self.message = outcome, message
        self.progress.canceled.disconnect(self.cancel)  # closing the dialog must not read as Cancel
        self.progress.close()
        headline = message.splitlines()[0] if message else self._title
        self._context.status_message.emit(headline)
        parent = self.parent()
        box = QMessageBox(icon, self._title, message, QMessageBox.StandardButton.Ok,
                          parent if isinstance(parent, QWidget) else None)
        box.setAccessibleName(f"{self._title} result")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the window stays responsive and nothing blocks
        self.message_box = box
        _running.discard(self)
        self.completed.emit(outcome)


_running: set[TransferJob] = set()  # jobs stay alive until their worker has reported


def _documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def summary_text(summary: ImportSummary) -> str:
    return "\n".join(summary.lines())


# --- imports -----------------------------------------------------------------------------


def run_import(context: AppContext, kind: str, path: Path, parent: QWidget | None = None) -> TransferJob:
    """Import `path` in the background; the summary appears when it is done."""
    source = IMPORT_SOURCES[kind]

    def work(progress: ProgressCallback, cancelled: CancelCheck) -> ImportSummary:
        return import_file(context.store, kind, path, progress=progress, cancelled=cancelled)  # type: ignore[arg-type]

    def describe(summary: Any) -> str:
        return summary_text(summary) if isinstance(summary, ImportSummary) else str(summary)

    return TransferJob(context, source.title, work, describe, parent).start()


def start_import(context: AppContext, kind: str, parent: QWidget | None = None) -> TransferJob | None:
    """Ask for the file to import, then import it; None when the user closes the file dialog."""
    source = IMPORT_SOURCES[kind]
    chosen, _ = QFileDialog.getOpenFileName(parent, source.title, _documents_folder(), source.file_filter)
    if not chosen:
        return None
    return run_import(context, kind, Path(chosen), parent)


# --- exports -----------------------------------------------------------------------------


def run_export(context: AppContext, fmt: str, target: Path, parent: QWidget | None = None) -> TransferJob:
    spec = EXPORT_FORMATS[fmt]

    def work(progress: ProgressCallback, cancelled: CancelCheck) -> str:
        return export_to(context.store, fmt, target, cancelled)

    return TransferJob(context, spec.title, work, str, parent, changes_data=False).start()


def start_export(context: AppContext, fmt: str, parent: QWidget | None = None) -> TransferJob | None:
    spec = EXPORT_FORMATS[fmt]
    suggested = str(Path(_documents_folder()) / spec.default_name)
    chosen, _ = QFileDialog.getSaveFileName(parent, spec.title, suggested, spec.file_filter)
    if not chosen:
        return None
    return run_export(context, fmt, Path(chosen), parent)


# --- backups -----------------------------------------------------------------------------


def backup_now(context: AppContext, parent: QWidget | None = None) -> TransferJob:
    """Copy the database into the backups folder now."""

    def work(progress: ProgressCallback, cancelled: CancelCheck) -> Path:
        return back_up(context.store)

    return TransferJob(
        context, "Back up now", work, lambda path: f"Backed up to {path}", parent,
        cancellable=False, changes_data=False,
    ).start()


def run_restore(context: AppContext, path: Path, parent: QWidget | None = None) -> TransferJob:
    def work(progress: ProgressCallback, cancelled: CancelCheck) -> RestoreSummary:
        return restore_json(context.store, path)

    def describe(summary: Any) -> str:
        if not isinstance(summary, RestoreSummary):
            return str(summary)
        text = f"Restored {plural(summary.total_rows, 'row')} from {summary.path}."
        if summary.safety_backup is not None:
            text += f"\nYour data as it was before is kept in {summary.safety_backup}."
        return text

    return TransferJob(context, "Restore", work, describe, parent, cancellable=False).start()


def restore_backup(context: AppContext, parent: QWidget | None = None) -> TransferJob | None:
    """Pick a JSON backup and, once confirmed, replace everything with it."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Restore from a JSON backup", _documents_folder(),
        "Rapport JSON backup (*.json);;All files (*)",
    )
    if not chosen:
        return None
    answer = QMessageBox.question(
        parent,
        "Restore",
        f"Replace everything in Rapport with the backup in {chosen}?\n\n"
        "Your current data is backed up first, so this can be undone from the backups folder.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    return run_restore(context, Path(chosen), parent)
