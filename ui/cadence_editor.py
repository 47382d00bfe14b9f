"""Choosing a contact's circle, and its cadence: the circle's default or a custom number of days."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from services.contact_edits import CircleChoice
from ui.style import SPACING_S

_DEFAULT, _CUSTOM = 0, 1
MAX_CADENCE_DAYS = 3650


class CircleCadenceEditor(QWidget):
    circle_chosen = Signal(str)
    cadence_chosen = Signal(object)  # days (int), or None for the circle's default

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._own_cadence: int | None = None
        self.circle_combo = QComboBox(self)
        self.circle_combo.setAccessibleName("Circle")
        self.circle_combo.setToolTip("The circle sets how often to keep in touch")
        self.circle_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.cadence_combo = QComboBox(self)
        self.cadence_combo.setAccessibleName("Cadence")
        self.cadence_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.days_spin = QSpinBox(self)
        self.days_spin.setRange(1, MAX_CADENCE_DAYS)
        self.days_spin.setSuffix(" days")
        self.days_spin.setAccessibleName("Custom cadence in days")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_S)
        layout.addWidget(QLabel("Circle", self))
        layout.addWidget(self.circle_combo)
        layout.addSpacing(SPACING_S)
        layout.addWidget(QLabel("Keep in touch", self))
        layout.addWidget(self.cadence_combo)
        layout.addWidget(self.days_spin)
        layout.addStretch(1)
        # `activated` fires for the user's choices only, never for set_profile's.
        self.circle_combo.activated.connect(self._circle_activated)
        self.cadence_combo.activated.connect(self._cadence_activated)
        self.days_spin.editingFinished.connect(self._days_finished)

    def set_profile(self, circles: list[CircleChoice], circle: str, own_cadence: int | None) -> None:
        self._own_cadence = own_cadence
        current = next((c for c in circles if c.name == circle), None)
        default_days = current.cadence_days if current else None
        blockers = [QSignalBlocker(w) for w in (self.circle_combo, self.cadence_combo, self.days_spin)]
        try:
            self.circle_combo.clear()
            for choice in circles:
                every = f" (every {choice.cadence_days} days)" if choice.cadence_days else " (no reminders)"
                self.circle_combo.addItem(choice.name + every, choice.name)
            self.circle_combo.setCurrentIndex(max(self.circle_combo.findData(circle), 0))
            self.cadence_combo.clear()
            self.cadence_combo.addItem(
                f"Circle default (every {default_days} days)" if default_days else "Circle default (none)"
            )
            self.cadence_combo.addItem("Custom")
            self.cadence_combo.setCurrentIndex(_CUSTOM if own_cadence else _DEFAULT)
            self.days_spin.setValue(own_cadence or default_days or 30)
            self.days_spin.setEnabled(own_cadence is not None)
        finally:
            for blocker in blockers:
                blocker.unblock()

    def _circle_activated(self, index: int) -> None:
        self.circle_chosen.emit(self.circle_combo.itemData(index))

    def _cadence_activated(self, index: int) -> None:
        custom = index == _CUSTOM
        self.days_spin.setEnabled(custom)
        if custom:
            self.days_spin.setFocus()
            self.cadence_chosen.emit(self.days_spin.value())
        elif self._own_cadence is not None:
            self.cadence_chosen.emit(None)

    def _days_finished(self) -> None:
        if self.cadence_combo.currentIndex() == _CUSTOM and self.days_spin.value() != self._own_cadence:
            self.cadence_chosen.emit(self.days_spin.value())
