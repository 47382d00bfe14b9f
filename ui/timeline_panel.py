"""The timeline on the contact page: the table, Edit and Delete, and the Undo bar after a delete."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.timeline import TimelineItem
from ui.list_table_model import set_up_row_table
from ui.style import SPACING_S, Card, heading_label, secondary_label
from ui.timeline_model import TimelineColumn, TimelineModel


class _TimelineTable(QTableView):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentIndex().isValid():
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class TimelinePanel(QWidget):
    edit_requested = Signal(object)  # TimelineItem
    delete_requested = Signal(object)  # TimelineItem
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TimelineModel(self)
        title = heading_label("Timeline", self)
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setAccessibleName("Edit the selected timeline item")
        self.edit_button.clicked.connect(self._edit_current)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setAccessibleName("Delete the selected timeline item")
        self.delete_button.setToolTip("Delete (Del); undo with Ctrl+Z")
        self.delete_button.clicked.connect(self._delete_current)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.edit_button)
        header.addWidget(self.delete_button)

        self.undo_bar = Card(self)
        self.undo_label = QLabel(self.undo_bar)
        self.undo_label.setAccessibleName("Last deletion")
        self.undo_button = QPushButton("Undo", self.undo_bar)
        self.undo_button.setAccessibleName("Undo the deletion")
        self.undo_button.setToolTip("Undo (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo_requested.emit)
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(SPACING_S * 2, SPACING_S // 2, SPACING_S, SPACING_S // 2)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()

        self.table = _TimelineTable(self)
        set_up_row_table(self.table, self.model, "Timeline")
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        horizontal = self.table.horizontalHeader()
        horizontal.setHighlightSections(False)
        horizontal.resizeSection(TimelineColumn.WHEN, 130)
        horizontal.resizeSection(TimelineColumn.WHAT, 220)
        horizontal.resizeSection(TimelineColumn.WHO, 150)
        horizontal.setSectionResizeMode(TimelineColumn.NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._edit_index)
        self.table.delete_pressed.connect(self._delete_current)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.empty_label = secondary_label(
            "Nothing logged yet. Use the buttons above to log a first touch.", self
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_S)
        layout.addLayout(header)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self._update_buttons()

    def set_items(self, items: list[TimelineItem], tz: object) -> None:
        self.model.set_items(items, tz)
        self.table.setVisible(bool(items))
        self.empty_label.setVisible(not items)
        self._update_buttons()

    def current_item(self) -> TimelineItem | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def show_undo(self, text: str) -> None:
        self.undo_label.setText(text)
        self.undo_bar.show()

    def hide_undo(self) -> None:
        self.undo_bar.hide()

    def _update_buttons(self, *_: object) -> None:
        has_item = self.table.currentIndex().isValid()
        self.edit_button.setEnabled(has_item)
        self.delete_button.setEnabled(has_item)

    def _edit_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_requested.emit(self.model.item_at(index.row()))

    def _edit_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.edit_requested.emit(item)

    def _delete_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.delete_requested.emit(item)
