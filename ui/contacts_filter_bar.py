"""The row above the contacts table: search as you type, and circle, status and tag filters."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from core.status import Status
from ui.contacts_filter import ARCHIVED, NO_STATUS, ContactCriteria
from ui.style import SPACING_S

# Long enough to skip the intermediate letters of a fast typist, short enough to feel instant.
SEARCH_DEBOUNCE_MS = 120

STATUS_CHOICES: list[tuple[str, str]] = [
    ("Any status", ""),
    ("Cold", Status.COLD.value),
    ("Cooling", Status.COOLING.value),
    ("New", Status.NEW.value),
    ("Warm", Status.WARM.value),
    ("No status (untracked)", NO_STATUS),
    ("Archived", ARCHIVED),
]


class ContactsFilterBar(QWidget):
    criteria_changed = Signal(object)  # ContactCriteria

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search names, companies, positions, emails, tags…")
        self.search.setAccessibleName("Search contacts")
        self.search.setToolTip("Search as you type (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self.circle = self._combo("Filter by circle")
        self.status = self._combo("Filter by status")
        for label, value in STATUS_CHOICES:
            self.status.addItem(label, value)
        self.tag = self._combo("Filter by tag")
        self.set_choices([], [])

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_S)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.circle, 1)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.tag, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._announce)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._announce)
        for combo in (self.circle, self.status, self.tag):
            combo.currentIndexChanged.connect(self._announce)

    def _combo(self, accessible_name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(accessible_name)
        combo.setToolTip(accessible_name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def set_choices(self, circles: list[str], tags: list[str]) -> None:
        """Offer these circles and tags, keeping the current choice when it still exists."""
        offers = ((self.circle, "All circles", circles), (self.tag, "All tags", tags))
        for combo, everything, values in offers:
            current = combo.currentData() or ""
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItem(everything, "")
                for value in values:
                    combo.addItem(value, value)
                found = combo.findData(current)
                combo.setCurrentIndex(max(found, 0))

    def criteria(self) -> ContactCriteria:
        return ContactCriteria(
            text=self.search.text().strip(),
            circle=self.circle.currentData() or "",
            status=self.status.currentData() or "",
            tag=self.tag.currentData() or "",
        )

    def set_status(self, value: str) -> None:
        self.status.setCurrentIndex(max(self.status.findData(value), 0))

    def set_circle(self, value: str) -> None:
        self.circle.setCurrentIndex(max(self.circle.findData(value), 0))

    def clear(self) -> None:
        with QSignalBlocker(self.search):
            self.search.clear()
        for combo in (self.circle, self.status, self.tag):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(0)
        self._announce()

    def flush(self) -> None:
        """Apply typed text now instead of after the pause (e.g. before a test or a bulk action)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._announce()

    def _announce(self) -> None:
        self._debounce.stop()
        self.criteria_changed.emit(self.criteria())
