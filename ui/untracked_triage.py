"""Triage mode: fresh imports one at a time; keys 1–5 put each in a circle and move on.

1 Inner, 2 Close, 3 Network, 4 Acquaintance, 5 keep untracked (skip); Backspace or U
undoes the last decision; Esc leaves. Triaging a thousand imported connections should
take minutes, so the hands never leave the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from core.kinds import UNTRACKED
from services.contact_edits import circle_choices, untracked_contact_ids
from services.contact_profile import ContactProfile, load_profile
from services.contacts import ContactError, set_circle
from services.store import Store
from ui.context import AppContext
from ui.day_format import day_text
from ui.style import (
    CARD_PADDING,
    SPACING_L,
    SPACING_S,
    Avatar,
    Card,
    heading_label,
    scaled_font,
    secondary_label,
    set_page_margins,
    title_label,
)

_COLUMN_WIDTH = 760
_CHOICE_HEIGHT = 44
_DIGIT_KEYS = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3, Qt.Key.Key_5: 4}


@dataclass(frozen=True)
class TriageDecision:
    position: int
    contact_id: int
    circle: str | None  # None: kept untracked


class UntrackedTriageQueue:
    """The queue of untracked contacts, the decisions made so far, and undo."""

    def __init__(self, store: Store, contact_ids: list[int]) -> None:
        self._store = store
        self.contact_ids = contact_ids
        self.position = 0
        self.decisions: list[TriageDecision] = []

    @property
    def total(self) -> int:
        return len(self.contact_ids)

    @property
    def finished(self) -> bool:
        return self.position >= self.total

    def current(self) -> int | None:
        return None if self.finished else self.contact_ids[self.position]

    def decide(self, circle: str | None) -> int | None:
        """Put the current contact in `circle` (None keeps it untracked); returns its id."""
        contact_id = self.current()
        if contact_id is None:
            return None
        if circle is not None:
            set_circle(self._store, [contact_id], circle)
        self.decisions.append(TriageDecision(self.position, contact_id, circle))
        self.position += 1
        return contact_id

    def undo(self) -> int | None:
        """Take back the last decision and show that contact again; returns its id."""
        if not self.decisions:
            return None
        last = self.decisions.pop()
        if last.circle is not None:
            set_circle(self._store, [last.contact_id], UNTRACKED)
        self.position = last.position
        return last.contact_id

    def progress_text(self) -> str:
        if self.finished:
            return f"All {self.total:,} triaged"
        return f"{self.position + 1:,} of {self.total:,}"


def _initiated_text(initiated_by: str | None) -> str:
    if initiated_by == "them":
        return "They sent the invitation"
    if initiated_by == "me":
        return "You sent the invitation"
    return "Who invited whom is not known"


class UntrackedTriage(QWidget):
    """The triage view: one contact card, the five choices, progress."""

    left = Signal()  # the user is done (Esc, or the queue is empty)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.queue = UntrackedTriageQueue(context.store, [])
        self._circles: list[str] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Triage untracked contacts")

        title = title_label("Triage untracked contacts", self)
        self.progress_label = heading_label("", self)
        self.progress_label.setAccessibleName("Triage position")
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setAccessibleName("Triage progress")
        self.progress_bar.setMaximumHeight(8)
        hint = secondary_label(
            "Keys 1–4 choose a circle, 5 keeps the contact untracked; Backspace undoes; Esc leaves.", self
        )

        card = Card(self)
        card.setMaximumWidth(_COLUMN_WIDTH)
        self.avatar = Avatar("", 88, card)
        self.name_label = QLabel(card)
        self.name_label.setFont(scaled_font(self.name_label.font(), 1.9, bold=True))
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.headline_label = QLabel(card)
        self.headline_label.setTextFormat(Qt.TextFormat.PlainText)
        self.headline_label.setFont(scaled_font(self.headline_label.font(), 1.15))
        self.connected_label = secondary_label("", card)
        self.initiated_label = secondary_label("", card)
        self.extra_label = secondary_label("", card, word_wrap=True)
        text_column = QVBoxLayout()
        text_column.setSpacing(SPACING_S // 2)
        for label in (self.name_label, self.headline_label, self.connected_label, self.initiated_label,
                      self.extra_label):
            text_column.addWidget(label)
        card_layout = QHBoxLayout(card)
        padding = CARD_PADDING * 2
        card_layout.setContentsMargins(padding, padding, padding, padding)
        card_layout.setSpacing(SPACING_L)
        card_layout.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        card_layout.addLayout(text_column, 1)

        self.choice_buttons: list[QPushButton] = []
        choices = QHBoxLayout()
        choices.setSpacing(SPACING_S)
        for number in range(1, 6):
            button = QPushButton(self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the triage view
            button.setMinimumHeight(_CHOICE_HEIGHT)
            button.clicked.connect(lambda _=False, index=number - 1: self.choose(index))
            self.choice_buttons.append(button)
            choices.addWidget(button)
        self.undo_button = QPushButton("Undo (Backspace)", self)
        self.undo_button.setAccessibleName("Undo the last decision")
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.clicked.connect(self.undo)
        self.leave_button = QPushButton("Done (Esc)", self)
        self.leave_button.setAccessibleName("Leave triage")
        self.leave_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.leave_button.clicked.connect(self.left.emit)
        footer = QHBoxLayout()
        footer.addWidget(self.undo_button)
        footer.addStretch(1)
        footer.addWidget(self.leave_button)

        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.progress_label, 0, Qt.AlignmentFlag.AlignBottom)
        column = QWidget(self)
        column.setMaximumWidth(_COLUMN_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(SPACING_L)
        column_layout.addWidget(card)
        column_layout.addLayout(choices)
        column_layout.addLayout(footer)

        layout = QVBoxLayout(self)
        set_page_margins(layout)
        layout.addLayout(header)
        layout.addWidget(self.progress_bar)
        layout.addWidget(hint)
        layout.addStretch(1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(column, 6)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addStretch(2)

    def start(self) -> None:
        """Begin with every untracked contact, newest connections first."""
        store = self._context.store
        self._circles = [c.name for c in circle_choices(store) if c.name != UNTRACKED][:4]
        cadences = {c.name: c.cadence_days for c in circle_choices(store)}
        labels = [*self._circles, "Keep untracked"]
        for number, (button, label) in enumerate(zip(self.choice_buttons, labels, strict=False), start=1):
            button.setText(f"{number}  {label}")
            button.setAccessibleName(label)
            days = cadences.get(label)
            cadence = f"keep in touch every {days} days" if days else "no reminders"
            button.setToolTip(f"Press {number}: {cadence}")
        self.queue = UntrackedTriageQueue(store, untracked_contact_ids(store))
        self._show_current()
        self.setFocus()

    def choose(self, index: int) -> None:
        if self.queue.finished or index > len(self._circles):
            return
        circle = self._circles[index] if index < len(self._circles) else None
        try:
            contact_id = self.queue.decide(circle)
        except ContactError as error:
            self._context.status_message.emit(str(error))
            return
        if contact_id is not None and circle is not None:
            self._context.contact_changed.emit(contact_id)
        self._show_current()

    def undo(self) -> None:
        contact_id = self.queue.undo()
        if contact_id is not None:
            self._context.contact_changed.emit(contact_id)
        self._show_current()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _DIGIT_KEYS:
            self.choose(_DIGIT_KEYS[Qt.Key(key)])
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_U):
            self.undo()
        elif key == Qt.Key.Key_Escape:
            self.left.emit()
        else:
            super().keyPressEvent(event)

    def _show_current(self) -> None:
        queue = self.queue
        self.progress_label.setText(queue.progress_text())
        self.progress_bar.setMaximum(max(queue.total, 1))
        self.progress_bar.setValue(queue.position)
        self.undo_button.setEnabled(bool(queue.decisions))
        for button in self.choice_buttons:
            button.setEnabled(not queue.finished)
        contact_id = queue.current()
        if contact_id is None:
            self._show_done()
            return
        try:
            profile = load_profile(self._context.store, contact_id)
        except ContactError:  # deleted meanwhile (another window): skip it
            queue.decide(None)
            self._show_current()
            return
        self._show_profile(profile)

    def _show_profile(self, profile: ContactProfile) -> None:
        self.avatar.set_name(profile.name)
        self.name_label.setText(profile.name)
        self.headline_label.setText(profile.headline or "No position or company known")
        connected = profile.connected_on
        self.connected_label.setText(
            f"Connected on {day_text(connected)}" if connected else "Connection date unknown"
        )
        self.initiated_label.setText(_initiated_text(profile.initiated_by))
        self.initiated_label.setVisible(profile.initiated_by is not None)
        extra = [part for part in (", ".join(profile.emails), profile.location, profile.how_met) if part]
        self.extra_label.setText(" · ".join(extra))
        self.extra_label.setVisible(bool(extra))

    def _show_done(self) -> None:
        total = self.queue.total
        self.avatar.set_name("✓")
        self.name_label.setText("Nothing left to triage" if total == 0 else "All done")
        self.headline_label.setText(
            "Every contact is in a circle." if total == 0 else f"You went through {total:,} contacts."
        )
        self.connected_label.setText("Press Esc to go back to your contacts.")
        self.initiated_label.setText("")
        self.extra_label.setVisible(False)
