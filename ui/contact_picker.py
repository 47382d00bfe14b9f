"""Finding a contact by typing part of a name, company, email or tag, for dialogs that need one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QVBoxLayout, QWidget

from services.search import SearchHit, search_contacts
from ui.context import AppContext

_Index = QModelIndex | QPersistentModelIndex
PICKER_RESULTS = 30


class ContactHitsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            where = " @ ".join(part for part in (hit.position, hit.company) if part)
            return f"{hit.name} — {where}" if where else hit.name
        if role == Qt.ItemDataRole.UserRole:
            return hit.contact_id
        return None


class _SearchField(QLineEdit):
    """Up and Down move through the results while the typing stays here; Enter picks one."""

    moved = Signal(int)
    enter_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.has_results = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.moved.emit(1 if event.key() == Qt.Key.Key_Down else -1)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.has_results:
            # Picking a contact must not also press the dialog's default button.
            event.accept()
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class ContactPicker(QWidget):
    picked = Signal(int, str)  # contact id, name

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.search = _SearchField(self)
        self.search.setPlaceholderText("Type a name, company, email or tag…")
        self.search.setAccessibleName("Find a contact")
        self.model = ContactHitsModel(self)
        self.results = QListView(self)
        self.results.setModel(self.model)
        self.results.setAccessibleName("Matching contacts")
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setMaximumHeight(160)
        self.results.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.search.textEdited.connect(self._search)
        self.search.enter_pressed.connect(self.pick_current)
        self.search.moved.connect(self._move)
        self.results.activated.connect(lambda index: self._pick_row(index.row()))

    def _search(self, text: str) -> None:
        hits = search_contacts(self._context.store, text, limit=PICKER_RESULTS) if text.strip() else []
        self.model.set_hits(hits)
        self.search.has_results = bool(hits)
        self.results.setVisible(bool(hits))
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))

    def _move(self, step: int) -> None:
        if not self.model.hits:
            return
        row = max(0, min(len(self.model.hits) - 1, self.results.currentIndex().row() + step))
        self.results.setCurrentIndex(self.model.index(row, 0))

    def pick_current(self) -> None:
        if self.model.hits:
            self._pick_row(max(self.results.currentIndex().row(), 0))

    def _pick_row(self, row: int) -> None:
        hit = self.model.hits[row]
        self.search.clear()
        self.model.set_hits([])
        self.search.has_results = False
        self.results.hide()
        self.picked.emit(hit.contact_id, hit.name)

    def type_text(self, text: str) -> None:
        """Search for `text` as if typed (for keyboard-free callers and tests)."""
        self.search.setText(text)
        self._search(text)
