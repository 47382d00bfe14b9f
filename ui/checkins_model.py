"""The check-ins table: a model over plain CheckinRow records, sorted in its own list."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from services.agenda import CheckinRow
from ui.list_table_model import Index, ListTableModel
from ui.schedule_controller import CHANNEL_LABELS
from ui.style import CHECKIN_STATUS_COLOURS, dot_icon

CheckinIdRole = Qt.ItemDataRole.UserRole + 1
ContactIdRole = Qt.ItemDataRole.UserRole + 2
CheckinStatusRole = Qt.ItemDataRole.UserRole + 3


class CheckinColumn(IntEnum):
    WHEN = 0
    WITH = 1
    LENGTH = 2
    CHANNEL = 3
    STATUS = 4


COLUMN_TITLES = {
    CheckinColumn.WHEN: "When",
    CheckinColumn.WITH: "With",
    CheckinColumn.LENGTH: "Length",
    CheckinColumn.CHANNEL: "Channel",
    CheckinColumn.STATUS: "Status",
}
STATUS_TEXT = {"planned": "Planned", "done": "Done", "skipped": "Skipped"}

_SORT_KEYS: dict[CheckinColumn, Callable[[CheckinRow], Any]] = {
    CheckinColumn.WHEN: lambda row: (row.starts_at, row.checkin_id),
    CheckinColumn.WITH: lambda row: (row.name.casefold(), row.starts_at),
    CheckinColumn.LENGTH: lambda row: (row.minutes, row.starts_at),
    CheckinColumn.CHANNEL: lambda row: (row.channel, row.starts_at),
    CheckinColumn.STATUS: lambda row: (row.status, row.starts_at),
}


def when_text(row: CheckinRow) -> str:
    starts = row.starts_at
    return f"{starts:%a} {starts.day} {starts:%b %Y}, {starts:%H:%M}"


class CheckinTableModel(ListTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([COLUMN_TITLES[column] for column in CheckinColumn], parent)
        self.rows: list[CheckinRow] = []
        self._dots: dict[str, QIcon] = {}
        self._sort: tuple[CheckinColumn, Qt.SortOrder] = (CheckinColumn.WHEN, Qt.SortOrder.AscendingOrder)

    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, rows: list[CheckinRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def row_at(self, row: int) -> CheckinRow:
        return self.rows[row]

    # --- QAbstractTableModel ---------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = CheckinColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == CheckinColumn.WITH:
            return f"Double-click to open {row.name}"
        if role == Qt.ItemDataRole.DecorationRole and column == CheckinColumn.STATUS:
            return self._status_dots().get(row.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == CheckinColumn.LENGTH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CheckinIdRole:
            return row.checkin_id
        if role == ContactIdRole:
            return row.contact_id
        if role == CheckinStatusRole:
            return row.status
        return None

    def _status_dots(self) -> dict[str, QIcon]:
        if not self._dots:
            self._dots = {status: dot_icon(colour) for status, colour in CHECKIN_STATUS_COLOURS.items()}
        return self._dots

    @staticmethod
    def _text(row: CheckinRow, column: CheckinColumn) -> str:
        if column == CheckinColumn.WHEN:
            return when_text(row)
        if column == CheckinColumn.WITH:
            return row.name
        if column == CheckinColumn.LENGTH:
            return f"{row.minutes} min"
        if column == CheckinColumn.CHANNEL:
            return CHANNEL_LABELS.get(row.channel, row.channel)
        return STATUS_TEXT.get(row.status, row.status)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(CheckinColumn):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self.rows[index.row()].checkin_id for index in persistent]
        self._sort = (CheckinColumn(column), order)
        self._apply_sort()
        # Selections and the current row follow their check-in to its new place.
        position = {row.checkin_id: number for number, row in enumerate(self.rows)}
        moved = [
            self.index(position[checkin_id], index.column())
            for checkin_id, index in zip(ids, persistent, strict=True)
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        self.rows.sort(key=_SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
