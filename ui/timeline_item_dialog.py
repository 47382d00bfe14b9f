"""Editing one timeline item: its day, kind, direction, status and note."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QWidget,
)

from core.kinds import (
    CHECKIN_CHANNELS,
    DIRECTION_IN,
    DIRECTION_OUT,
    EXCHANGE_DIRECTIONS,
    EXCHANGE_KINDS,
    EXCHANGE_STATUSES,
    INTERACTION_WEIGHTS,
    label_of,
)
from services.timeline import CHECKIN, EXCHANGE, SHARE, TOUCH, ItemChanges, TimelineItem
from ui.quick_log_bar import from_qdate, to_qdate
from ui.timeline_model import EXCHANGE_DIRECTION_TEXT

_TITLES = {TOUCH: "Edit touch", CHECKIN: "Edit check-in", EXCHANGE: "Edit exchange", SHARE: "Edit share"}


def _combo(parent: QWidget, name: str, choices: list[tuple[str, str]], current: str | None) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    for text, value in choices:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class TimelineItemDialog(QDialog):
    def __init__(self, item: TimelineItem, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setWindowTitle(_TITLES.get(item.item_type, "Edit"))
        form = QFormLayout(self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd MMM yyyy")
        self.date_edit.setAccessibleName("Date")
        if item.item_type != CHECKIN:  # check-ins may lie ahead; touches and exchanges may not
            self.date_edit.setMaximumDate(to_qdate(max(today, item.day)))
        self.date_edit.setDate(to_qdate(item.day))
        form.addRow("&Date", self.date_edit)

        self.kind_combo: QComboBox | None = None
        self.direction_combo: QComboBox | None = None
        self.status_combo: QComboBox | None = None
        if item.item_type == TOUCH:
            kinds = [(label_of(k).capitalize(), k) for k in INTERACTION_WEIGHTS]
            self.kind_combo = _combo(self, "Kind", kinds, item.kind)
            who = [("I reached out", DIRECTION_OUT), ("They reached out", DIRECTION_IN)]
            self.direction_combo = _combo(self, "Who reached out", who, item.direction)
        elif item.item_type == EXCHANGE:
            kinds = [(k.replace("_", " ").capitalize(), k) for k in EXCHANGE_KINDS]
            self.kind_combo = _combo(self, "Kind", kinds, item.kind)
            directions = [(EXCHANGE_DIRECTION_TEXT[d], d) for d in EXCHANGE_DIRECTIONS]
            self.direction_combo = _combo(self, "Direction", directions, item.direction)
            statuses = [(s.capitalize(), s) for s in EXCHANGE_STATUSES]
            self.status_combo = _combo(self, "Status", statuses, item.status)
        elif item.item_type == CHECKIN:
            channels = [(c.capitalize(), c) for c in CHECKIN_CHANNELS]
            self.kind_combo = _combo(self, "Channel", channels, item.kind)
        if self.kind_combo is not None:
            form.addRow("&Channel" if item.item_type == CHECKIN else "&Kind", self.kind_combo)
        if self.direction_combo is not None:
            form.addRow("D&irection", self.direction_combo)
        if self.status_combo is not None:
            form.addRow("&Status", self.status_combo)

        self.note_edit: QPlainTextEdit | None = None
        if item.item_type != SHARE:
            self.note_edit = QPlainTextEdit(item.note, self)
            self.note_edit.setAccessibleName("Note")
            self.note_edit.setTabChangesFocus(True)
            self.note_edit.setMaximumHeight(120)
            form.addRow("&Note", self.note_edit)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> ItemChanges:
        """Only what the user changed."""
        item = self.item
        day = from_qdate(self.date_edit.date())

        def changed(combo: QComboBox | None, old: str | None) -> str | None:
            if combo is None:
                return None
            value = combo.currentData()
            return value if value != old else None

        note = self.note_edit.toPlainText().strip() if self.note_edit is not None else None
        return ItemChanges(
            day=day if day != item.day else None,
            kind=changed(self.kind_combo, item.kind),
            direction=changed(self.direction_combo, item.direction),
            status=changed(self.status_combo, item.status),
            note=note if note is not None and note != item.note else None,
        )
