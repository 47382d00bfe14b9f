"""The navigation sidebar: Today, Contacts, Check-ins, Insights, Settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHBoxLayout, QLabel, QListView, QVBoxLayout, QWidget

from ui.icons import app_icon, themed_icon
from ui.style import SPACING_L, SPACING_M, SPACING_S, scaled_font

_Index = QModelIndex | QPersistentModelIndex
PageKeyRole = Qt.ItemDataRole.UserRole + 1
SIDEBAR_WIDTH = 208
ICON_SIDE = 20


@dataclass(frozen=True)
class NavigationEntry:
    key: str  # the page key used by open_page_requested
    title: str
    icon: str
    shortcut: str


NAVIGATION = (
    NavigationEntry("today", "Today", "nav-today", "Ctrl+1"),
    NavigationEntry("contacts", "Contacts", "nav-contacts", "Ctrl+2"),
    NavigationEntry("checkins", "Check-ins", "nav-checkins", "Ctrl+3"),
    NavigationEntry("insights", "Insights", "nav-insights", "Ctrl+4"),
    NavigationEntry("settings", "Settings", "nav-settings", "Ctrl+5"),
)


class NavigationModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries = list(NAVIGATION)
        self._icons: dict[str, QIcon] = {}
        self._icon_colours: tuple[int, int] | None = None
        self._row_height = 36

    def set_palette(self, palette: QPalette) -> None:
        colours = (
            palette.color(QPalette.ColorRole.WindowText).rgba(),
            palette.color(QPalette.ColorRole.HighlightedText).rgba(),
        )
        if colours == self._icon_colours:
            return  # polishing re-announces the same palette; the icons are still right
        self._icon_colours = colours
        self._icons = {entry.key: themed_icon(entry.icon, palette, (ICON_SIDE,)) for entry in self.entries}
        if self.entries:
            self.dataChanged.emit(self.index(0), self.index(len(self.entries) - 1))

    def set_row_height(self, height: int) -> None:
        self._row_height = height

    def row_of(self, key: str) -> int:
        return next((row for row, entry in enumerate(self.entries) if entry.key == key), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return entry.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(entry.key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.title} ({entry.shortcut})"
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(0, self._row_height)
        if role == PageKeyRole:
            return entry.key
        return None


class Sidebar(QFrame):
    """The app's name and the page list; `page_chosen(key)` when the user picks a page."""

    page_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(SIDEBAR_WIDTH)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Navigation")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING_M, SPACING_L, SPACING_M, SPACING_L)
        layout.setSpacing(SPACING_L)

        brand = QHBoxLayout()
        brand.setSpacing(SPACING_S + 2)
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(QSize(30, 30)))
        brand.addWidget(logo)
        name = QLabel("Rapport", self)
        name.setFont(scaled_font(name.font(), 1.35, bold=True))
        brand.addWidget(name)
        brand.addStretch(1)
        layout.addLayout(brand)

        self.model = NavigationModel(self)
        self.model.set_row_height(max(36, self.fontMetrics().height() + 18))
        self.model.set_palette(self.palette())
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setAccessibleName("Pages")
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        self.list.setSpacing(2)
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setFont(scaled_font(self.list.font(), 1.05))
        self.list.viewport().setAutoFillBackground(False)
        layout.addWidget(self.list, 1)
        self.list.selectionModel().currentChanged.connect(self._current_changed)

    def select(self, key: str) -> None:
        """Highlight a page without announcing it (the window already shows it)."""
        row = self.model.row_of(key)
        if row < 0:
            return
        self.list.blockSignals(True)
        self.list.selectionModel().blockSignals(True)
        self.list.setCurrentIndex(self.model.index(row))
        self.list.selectionModel().blockSignals(False)
        self.list.blockSignals(False)
        self.list.viewport().update()

    def current_key(self) -> str | None:
        index = self.list.currentIndex()
        return str(index.data(PageKeyRole)) if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.page_chosen.emit(str(current.data(PageKeyRole)))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "model"):
            self.model.set_palette(self.palette())
