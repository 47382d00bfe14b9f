"""What every page and dialog shares: the open store, the signal bus and navigation.

The application object is the signal bus (pages listen instead of calling each other),
and any change in the database made elsewhere — the command line, another window — is
noticed through SQLite's ``data_version`` and announced as ``data_changed``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from services.store import Store

EXTERNAL_CHANGE_POLL_MS = 2_000


class AppContext(QObject):
    # A contact's fields, circle, tags or touches changed (its id).
    contact_changed = Signal(int)
    # Something changed that may affect many rows: an import, a restore, a bulk edit, another process.
    data_changed = Signal()
    # A touch was logged (contact ids involved).
    interaction_logged = Signal(list)
    # Check-ins were planned, moved, done or skipped.
    checkins_changed = Signal()
    settings_changed = Signal()
    # Navigation requests: pages ask, the main window obeys.
    open_contact_requested = Signal(int)
    open_page_requested = Signal(str)  # "today" | "contacts" | "checkins" | "insights" | "settings"
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._data_version = self._read_data_version()
        self._poll = QTimer(self)
        self._poll.setInterval(EXTERNAL_CHANGE_POLL_MS)
        self._poll.timeout.connect(self.check_external_changes)
        self._poll.start()
        # Our own writes must not look like someone else's: every signal we emit
        # re-reads the counter first.
        for signal in (self.contact_changed, self.interaction_logged, self.checkins_changed):
            signal.connect(self._remember_data_version)
        self.data_changed.connect(self._remember_data_version)

    def _read_data_version(self) -> int:
        row = self.store.db.execute_sql("PRAGMA data_version").fetchone()
        return int(row[0])

    def _remember_data_version(self, *_: object) -> None:
        self._data_version = self._read_data_version()

    def check_external_changes(self) -> bool:
        """Emit data_changed when another connection wrote to the database since we last looked."""
        version = self._read_data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        self.data_changed.emit()
        return True
