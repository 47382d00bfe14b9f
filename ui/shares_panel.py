"""The Shares section of the Insights page: recent shares and how many people each reached."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.shares import ShareSummary
from ui.day_format import day_text
from ui.list_table_model import Index, ListTableModel, set_up_row_table
from ui.style import CARD_PADDING, SPACING_S, Card, heading_label, secondary_label

ShareRole = Qt.ItemDataRole.UserRole + 1
VISIBLE_ROWS = 6


class ShareColumn(IntEnum):
    TITLE = 0
    TOPICS = 1
    SENT_TO = 2
    LAST_SENT = 3


_TITLES = {ShareColumn.TITLE: "Title", ShareColumn.TOPICS: "Topics", ShareColumn.SENT_TO: "Sent to",
           ShareColumn.LAST_SENT: "Last sent"}  # fmt: skip


class SharesTableModel(ListTableModel):
    """Recent shares as rows; the texts are formatted once when the rows arrive."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([_TITLES[column] for column in ShareColumn], parent)
        self._rows: list[ShareSummary] = []
        self._texts: list[tuple[str, str, str, str]] = []

    def row_count(self) -> int:
        return len(self._rows)

    def set_rows(self, rows: list[ShareSummary], tz: Any) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [
            (
                row.display_title,
                ", ".join(row.topics),
                "nobody yet" if row.recipients == 0 else f"{row.recipients:,} " + (
                    "person" if row.recipients == 1 else "people"),
                day_text(row.last_sent_at.astimezone(tz).date()) if row.last_sent_at else "—",
            )
            for row in self._rows
        ]  # fmt: skip
        self.endResetModel()

    def share_at(self, row: int) -> ShareSummary:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            share = self._rows[row]
            return f"{share.display_title}\n{share.url}" + (f"\n\n{share.note}" if share.note else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == ShareColumn.SENT_TO:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ShareRole:
            return self._rows[row]
        return None


class SharesPanel(Card):
    """Recent shares with their recipient counts; a double-click sends one to more people."""

    share_requested = Signal(object)  # the ShareSummary to send again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Shares")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(CARD_PADDING, CARD_PADDING - 2, CARD_PADDING, CARD_PADDING)
        layout.setSpacing(SPACING_S)
        layout.addWidget(heading_label("Shares", self))
        self.reading = secondary_label("", self, word_wrap=True)
        layout.addWidget(self.reading)

        self.model = SharesTableModel(self)
        self.table = QTableView(self)
        # One line a share; the whole title is in the tooltip.
        set_up_row_table(self.table, self.model, "Recent shares")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ShareColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (ShareColumn.TOPICS, ShareColumn.SENT_TO, ShareColumn.LAST_SENT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._open_row)
        self.table.activated.connect(self._open_row)
        rows_height = self.table.verticalHeader().defaultSectionSize() * VISIBLE_ROWS
        self.table.setMinimumHeight(rows_height + header.sizeHint().height() + 4)
        layout.addWidget(self.table)
        self.empty = QLabel("Nothing shared yet. “Share something…” sends an article to the people who care "
                            "about its topic; each send counts as a touch.", self)  # fmt: skip
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)

    def set_shares(self, shares: list[ShareSummary], tz: Any) -> None:
        self.model.set_rows(shares, tz)
        has_rows = bool(shares)
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        sent = sum(1 for s in shares if s.recipients)
        people = sum(s.recipients for s in shares)
        self.reading.setText(
            f"{len(shares)} recent share{'s' if len(shares) != 1 else ''}, "
            f"{sent} sent to {people:,} {'person' if people == 1 else 'people'} in all. "
            "Double-click one to send it to more people."
            if has_rows
            else ""
        )
        self.reading.setVisible(has_rows)

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.share_requested.emit(self.model.share_at(index.row()))

