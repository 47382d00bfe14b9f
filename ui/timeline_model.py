"""A contact's timeline as a table: when, what, who started it (or its status), the note."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from core.kinds import DIRECTION_IN, GAVE, I_ASKED, RECEIVED, THEY_ASKED, is_touch, label_of
from services.timeline import CHECKIN, EXCHANGE, SHARE, TOUCH, TimelineItem
from ui.day_format import day_text, day_time_text
from ui.list_table_model import Index, ListTableModel

ItemRole = Qt.ItemDataRole.UserRole + 1

EXCHANGE_DIRECTION_TEXT = {
    GAVE: "I gave",
    RECEIVED: "They gave",
    THEY_ASKED: "They asked",
    I_ASKED: "I asked",
}


class TimelineColumn(IntEnum):
    WHEN = 0
    WHAT = 1
    WHO = 2
    NOTE = 3


_TITLES = {TimelineColumn.WHEN: "Date", TimelineColumn.WHAT: "What",
           TimelineColumn.WHO: "Who / status", TimelineColumn.NOTE: "Note"}


def when_text(item: TimelineItem, tz: Any) -> str:
    if item.item_type == CHECKIN:
        return day_time_text(item.when.astimezone(tz))
    return day_text(item.day)


def what_text(item: TimelineItem) -> str:
    if item.item_type == TOUCH:
        text = label_of(item.kind).capitalize()
        if item.minutes:
            text += f", {item.minutes} min"
        if item.share_title:
            text += f" · “{item.share_title}”"
        if item.from_checkin:
            text += " · check-in"
        if item.others:
            text += " · with " + ", ".join(item.others)
        return text
    if item.item_type == CHECKIN:
        return f"Check-in ({item.kind}, {item.minutes or 10} min)"
    if item.item_type == EXCHANGE:
        return item.kind.replace("_", " ").capitalize()
    if item.item_type == SHARE:
        return f"Shared “{item.share_title}”"
    return item.kind


def who_text(item: TimelineItem) -> str:
    if item.item_type in (TOUCH, SHARE):
        if item.item_type == TOUCH and not is_touch(item.kind):
            return "Note"
        return "They reached out" if item.direction == DIRECTION_IN else "I reached out"
    if item.item_type == EXCHANGE:
        return f"{EXCHANGE_DIRECTION_TEXT.get(item.direction or '', item.direction)} · {item.status}"
    return (item.status or "").capitalize()


class TimelineModel(ListTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([_TITLES[column] for column in TimelineColumn], parent)
        self._items: list[TimelineItem] = []
        self._tz: Any = None
        self._texts: list[tuple[str, str, str, str]] = []

    def row_count(self) -> int:
        return len(self._items)

    def set_items(self, items: list[TimelineItem], tz: Any) -> None:
        self.beginResetModel()
        self._items = items
        self._tz = tz
        # A few hundred items at most: format once, so painting and scrolling only index lists.
        self._texts = [
            (when_text(item, tz), what_text(item), who_text(item), item.note.replace("\n", " "))
            for item in items
        ]
        self.endResetModel()

    def item_at(self, row: int) -> TimelineItem:
        return self._items[row]

    def items(self) -> list[TimelineItem]:
        return list(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._texts[row][index.column()]
            if role == Qt.ItemDataRole.ToolTipRole:
                item = self._items[row]
                return item.note or item.share_url or text or None
            return text
        if role == ItemRole:
            return self._items[row]
        if role == Qt.ItemDataRole.ForegroundRole and self._items[row].item_type == CHECKIN:
            # Planned and skipped check-ins are not touches: quieter text, from the palette.
            return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        return None
