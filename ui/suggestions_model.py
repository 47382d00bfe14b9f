"""Suggested recipients of a share as a table with a checkbox per person."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from core.sharing import Suggestion
from ui.list_table_model import Index, ListTableModel
from ui.style import STATUS_COLOURS, dot_icon, status_key


class SuggestionColumn(IntEnum):
    NAME = 0
    CIRCLE = 1
    WHY = 2


_TITLES = {SuggestionColumn.NAME: "Send to", SuggestionColumn.CIRCLE: "Circle", SuggestionColumn.WHY: "Why"}


class SuggestionsModel(ListTableModel):
    """Checkable rows: the people the share will be logged as sent to."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([_TITLES[column] for column in SuggestionColumn], parent)
        self._rows: list[Suggestion] = []
        self._checked: set[int] = set()

    def row_count(self) -> int:
        return len(self._rows)

    def set_rows(self, rows: list[Suggestion]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        kept = {row.contact_id for row in self._rows}
        self._checked &= kept
        self.endResetModel()

    def rows(self) -> list[Suggestion]:
        return list(self._rows)

    def checked_ids(self) -> list[int]:
        return [row.contact_id for row in self._rows if row.contact_id in self._checked]

    def set_checked(self, contact_id: int, checked: bool) -> None:
        for position, row in enumerate(self._rows):
            if row.contact_id == contact_id:
                self.setData(
                    self.index(position, SuggestionColumn.NAME),
                    Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked,
                    Qt.ItemDataRole.CheckStateRole,
                )

    def remove_ids(self, contact_ids: list[int]) -> None:
        """People who have just received the share are no longer suggestions."""
        gone = set(contact_ids)
        self.set_rows([row for row in self._rows if row.contact_id not in gone])

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == SuggestionColumn.NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == SuggestionColumn.NAME:
                return row.name
            if column == SuggestionColumn.CIRCLE:
                return row.circle
            return row.reason
        if role == Qt.ItemDataRole.CheckStateRole and column == SuggestionColumn.NAME:
            return Qt.CheckState.Checked if row.contact_id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and column == SuggestionColumn.CIRCLE:
            status = status_key(row.status.value if row.status else None)
            return dot_icon(STATUS_COLOURS[status])
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.reason
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if index.column() != SuggestionColumn.NAME:
            return False
        contact_id = self._rows[index.row()].contact_id
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        if checked:
            self._checked.add(contact_id)
        else:
            self._checked.discard(contact_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
