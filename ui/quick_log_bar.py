"""One click logs a touch: Lunch, Call, Email, Message, Comment or Note, dated today by default."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.kinds import DIRECTION_IN, DIRECTION_OUT, label_of
from ui.style import SPACING_S

QUICK_KINDS: tuple[str, ...] = ("lunch", "call", "email", "message", "comment", "note")
_DATE_FORMAT = "dd MMM yyyy"
_TOOLTIPS = {
    "note": "Add a note (not a touch: the clock doesn't reset)",
    "comment": "Log a comment: mine on their post, or — with “They reached out” — theirs on mine",
}


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class QuickLogBar(QWidget):
    # kind, day (datetime.date), direction ("out" | "in"), note
    log_requested = Signal(str, object, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Quick log")
        self.kind_buttons: dict[str, QPushButton] = {}
        kinds = QHBoxLayout()
        kinds.setSpacing(SPACING_S)
        for kind in QUICK_KINDS:
            text = "Comment" if kind == "comment" else label_of(kind).capitalize()
            button = QPushButton(text, self)
            button.setAccessibleName(f"Log {text.lower()}")
            button.setToolTip(_TOOLTIPS.get(kind, f"Log a {label_of(kind)} on the chosen day"))
            button.clicked.connect(lambda _=False, chosen=kind: self._log(chosen))
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        kinds.addStretch(1)

        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(_DATE_FORMAT)
        self.date_edit.setAccessibleName("Date of the touch")
        # Radio buttons: which one is chosen is unmistakable in every style and palette.
        self.out_button = QRadioButton("I reached out", self)
        self.in_button = QRadioButton("They reached out", self)
        self.direction = QButtonGroup(self)
        self.direction.setExclusive(True)
        for choice in (self.out_button, self.in_button):
            choice.setAccessibleName(choice.text())
            self.direction.addButton(choice)
        self.out_button.setChecked(True)
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText("Note (optional)")
        self.note_edit.setAccessibleName("Note for the touch")
        details = QHBoxLayout()
        details.setSpacing(SPACING_S)
        details.addWidget(self.date_edit)
        details.addWidget(self.out_button)
        details.addWidget(self.in_button)
        details.addWidget(self.note_edit, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_S)
        layout.addLayout(kinds)
        layout.addLayout(details)
        self.set_today(date.today())

    def set_today(self, today: date) -> None:
        """Date the next touch today, and forbid the future."""
        self.date_edit.setMaximumDate(to_qdate(today))
        self.date_edit.setDate(to_qdate(today))

    def chosen_direction(self) -> str:
        return DIRECTION_IN if self.in_button.isChecked() else DIRECTION_OUT

    def _log(self, kind: str) -> None:
        direction = self.chosen_direction()
        if kind == "comment" and direction == DIRECTION_IN:
            kind = "their_comment"  # their comment on my post: it counts as engagement on my posts
        day = from_qdate(self.date_edit.date())
        self.log_requested.emit(kind, day, direction, self.note_edit.text().strip())

    def logged(self) -> None:
        """After a successful log: the note is used up; date and direction stay for the next one."""
        self.note_edit.clear()
