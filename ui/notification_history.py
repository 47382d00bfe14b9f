"""The notification history: what Rapport told you and when, newest first, and a button to
check that notifications reach you at all."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from connectors.notify import NotificationUnavailable
from services.background import HistoryRow, notification_history
from ui.context import AppContext
from ui.list_table_model import Index, ListTableModel
from ui.notifications import BANNER, TRAY, notification_hub

ContactIdRole = Qt.ItemDataRole.UserRole + 1

HEADERS = ("Sent", "Kind", "Notification", "Shown as")
KIND_TEXT = {
    "digest": "Morning digest",
    "cold": "Going cold",
    "checkin": "Check-in",
    "birthday": "Birthday",
    "catch_up": "Catch-up",
    "weekly_review": "Weekly review",
    "test": "Test",
}


def channel_text(channel: str) -> str:
    if channel.startswith("plyer") or channel in ("notify-send", "desktop"):
        return "Desktop notification"
    return {TRAY: "Tray message", BANNER: "Banner in the window", "": "In a summary"}.get(channel, channel)


class NotificationHistoryModel(ListTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, parent)
        self.rows: list[HistoryRow] = []

    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == ContactIdRole:
            return row.contact_id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return f"{row.title}\n{row.body}".strip()
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return f"{row.sent_at:%a} {row.sent_at.day} {row.sent_at:%b %Y, %H:%M}"
        if column == 1:
            return KIND_TEXT.get(row.kind, row.kind)
        if column == 2:
            return f"{row.title} — {row.body}" if row.body else row.title
        if column == 3:
            return channel_text(row.channel)
        return None


class NotificationHistoryPage(QWidget):
    """The history table and 'Send a test notification'. Call refresh() to re-read."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.hub = notification_hub(context)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Every reminder Rapport showed you, newest first. A reminder is shown once: "
            "what was sent is never sent again.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        buttons = QHBoxLayout()
        self.test_button = QPushButton("Send a test notification", self)
        self.test_button.setAccessibleName("Send a test notification")
        self.test_button.clicked.connect(self.send_test)
        buttons.addWidget(self.test_button)
        self.result = QLabel("", self)
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Test notification result")
        buttons.addWidget(self.result, 1)
        layout.addLayout(buttons)
        self.model = NotificationHistoryModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Notification history")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open_contact)
        layout.addWidget(self.table, 1)
        self.empty = QLabel("Nothing sent yet.", self)
        layout.addWidget(self.empty)
        self.hub.log_changed.connect(self.refresh)
        context.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(notification_history(self.context.store))
        self.empty.setVisible(not self.model.rows)

    def send_test(self) -> str:
        """Send a test notification; the text shown below the button says how it went."""
        try:
            channel = self.hub.send_test()
        except NotificationUnavailable as error:
            text = f"No notification could be shown: {error}"
        else:
            text = f"Sent as: {channel_text(channel).lower()}. Did it appear?"
        self.result.setText(text)
        return text

    def _open_contact(self, index: QModelIndex) -> None:
        contact_id = self.model.data(index, ContactIdRole)
        if contact_id is not None:
            self.context.open_contact_requested.emit(int(contact_id))
