"""Reading every row of the Contacts table off the UI thread, for large networks.

At 30,000 contacts reading the rows takes about a quarter of a second: on the UI thread
that is a frozen window each time the list is (re)loaded. The loader runs the read in the
thread pool; asked again while it runs, it reads once more afterwards, so the last answer
is never older than the last change.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from services.contact_rows import load_contact_rows
from ui.background import BackgroundTask
from ui.context import AppContext


class ContactRowsLoader(QObject):
    loaded = Signal(object)  # list[ContactRow]
    failed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task: BackgroundTask | None = None
        self._again = False

    @property
    def busy(self) -> bool:
        return self._task is not None

    def load(self) -> None:
        if self.busy:
            self._again = True
            return
        store = self.context.store
        self._task = BackgroundTask(store, lambda: load_contact_rows(store), self)
        self._task.finished.connect(self._done)
        self._task.failed.connect(self._failed)
        self._task.start()

    def _done(self, rows: object) -> None:
        if self._finish():
            return  # a newer read is on its way; these rows may already be stale
        self.loaded.emit(rows)

    def _failed(self, error: object) -> None:
        if not self._finish():
            self.failed.emit(f"The contacts could not be loaded: {error}")

    def _finish(self) -> bool:
        """Let go of the finished task; True when another read was started."""
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        if self._again:
            self._again = False
            self.load()
            return True
        return False
