"""The contacts table: a QAbstractTableModel over plain rows, filtered and sorted in Python."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.kinds import label_of
from services.contact_rows import ContactRow
from ui.contacts_filter import COLUMN_TITLES, ContactColumn, ContactCriteria, ContactListController
from ui.day_format import day_text

ContactIdRole = int(Qt.ItemDataRole.UserRole) + 1
WarmthRole = int(Qt.ItemDataRole.UserRole) + 2  # int 0..100, or None
StatusRole = int(Qt.ItemDataRole.UserRole) + 3  # a Status value, or None

_Index = QModelIndex | QPersistentModelIndex
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_CENTRED_COLUMNS = (ContactColumn.WARMTH, ContactColumn.STATUS)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, ContactIdRole, WarmthRole, StatusRole})
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


class ContactTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = ContactListController()
        self._today = date.today()
        # Formatting a date is cheap, but scrolling asks for the same few hundred days again and again.
        self._day_texts: dict[date, str] = {}

    # --- what the page asks for ---------------------------------------------------------

    def load(self, rows: list[ContactRow], today: date) -> None:
        self.beginResetModel()
        self._today = today
        self.rows.load(rows)
        self.endResetModel()

    def reload(self, loader: Callable[[], list[ContactRow]], today: date) -> None:
        """Replace every row with what `loader` returns, dropping the old rows first.

        At 30,000 contacts the rows take megabytes; letting go of the old ones before
        reading the new ones keeps the two from ever being in memory together.
        """
        self.beginResetModel()
        self._today = today
        self.rows.load([])
        try:
            self.rows.load(loader())
        finally:
            self.endResetModel()

    def set_criteria(self, criteria: ContactCriteria) -> None:
        self.beginResetModel()
        self.rows.set_criteria(criteria)
        self.endResetModel()

    def update_rows(self, fresh: Sequence[ContactRow]) -> None:
        for position in self.rows.update_rows(fresh).values():
            self.dataChanged.emit(self.index(position, 0), self.index(position, len(ContactColumn) - 1))

    def today(self) -> date:
        return self._today

    def contains(self, contact_id: int) -> bool:
        return self.rows.has_row(contact_id)

    def row_at(self, position: int) -> ContactRow:
        return self.rows.visible[position]

    def contact_id_at(self, position: int) -> int:
        return self.rows.visible[position].contact_id

    def position_of(self, contact_id: int) -> int | None:
        for position, row in enumerate(self.rows.visible):
            if row.contact_id == contact_id:
                return position
        return None

    # --- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows.visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ContactColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[ContactColumn(section)]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks for a dozen roles per cell while scrolling: unknown roles leave first.
        if role not in _ROLES or not index.isValid():
            return None
        row = self.rows.visible[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return self._display(row, column)
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        if role == ContactIdRole:
            return row.contact_id
        if role == WarmthRole:
            return row.warmth
        if role == StatusRole:
            return row.status
        if column in _CENTRED_COLUMNS:  # the alignment role
            return _CENTRED
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self.rows.sort(ContactColumn(column), order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    # --- display ------------------------------------------------------------------------

    def _day(self, day: date | None) -> str:
        if day is None:
            return ""
        text = self._day_texts.get(day)
        if text is None:
            text = self._day_texts.setdefault(day, day_text(day))
        return text

    def _display(self, row: ContactRow, column: int) -> str:
        if column == ContactColumn.NAME:
            return row.name
        if column == ContactColumn.COMPANY:
            return row.company
        if column == ContactColumn.POSITION:
            return row.position
        if column == ContactColumn.CIRCLE:
            return row.circle
        if column == ContactColumn.LAST_TOUCH:
            return self._day(row.last_touch)
        if column == ContactColumn.WARMTH:
            return "" if row.warmth is None else str(row.warmth)
        if column == ContactColumn.STATUS:
            return (row.status or "").capitalize()
        if column == ContactColumn.NEXT_DUE:
            return self._day(row.next_due)
        return ""

    def _tooltip(self, row: ContactRow, column: int) -> str | None:
        if column == ContactColumn.LAST_TOUCH and row.last_touch is not None:
            days = (self._today - row.last_touch).days
            when = "today" if days <= 0 else ("yesterday" if days == 1 else f"{days} days ago")
            kind = f" ({label_of(row.last_touch_kind)})" if row.last_touch_kind else ""
            return f"Last touch {when}{kind}"
        if column == ContactColumn.WARMTH and row.warmth is not None:
            return f"Warmth {row.warmth} of 100"
        if column == ContactColumn.NAME and (row.emails or row.tags):
            return "\n".join(part for part in (row.emails, f"Tags: {row.tags}" if row.tags else "") if part)
        if column == ContactColumn.CIRCLE and row.cadence_days:
            return f"Keep in touch every {row.cadence_days} days"
        return None
