"""'Someone asked me for something': the triage card, big enough to decide in five seconds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.kinds import EXCHANGE_KINDS, label_of
from core.reciprocity import TriageCard
from services.contacts import ContactError
from services.request_triage import Outcome, card_for, record_request
from ui.contact_picker import ContactPicker
from ui.context import AppContext
from ui.day_format import day_text
from ui.style import (
    CARD_PADDING,
    SPACING_L,
    SPACING_S,
    STATUS_COLOURS,
    Avatar,
    Card,
    scaled_font,
    secondary_label,
)


def last_engagement_text(card: TriageCard) -> str:
    if card.last_engagement_on is None:
        return "Never engaged"
    kind = f" ({label_of(card.last_engagement_kind)})" if card.last_engagement_kind else ""
    days = card.days_silent or 0
    if days == 0:
        ago = "today"
    elif card.months_silent and card.months_silent >= 2:
        ago = f"{card.months_silent} months ago"
    else:
        ago = f"{days} day{'s' if days != 1 else ''} ago"
    return f"{day_text(card.last_engagement_on)}{kind} — {ago}"


class TriageCardView(Card):
    """The card itself: who, the one-line verdict, and the numbers behind it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.avatar = Avatar("", 56, self)
        self.name_label = QLabel(self)
        self.name_label.setFont(scaled_font(self.name_label.font(), 1.5, bold=True))
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setFont(scaled_font(self.summary_label.font(), 1.25, bold=True))
        self.summary_label.setAccessibleName("Verdict")
        self.warning_label = QLabel(
            "Asks only — they have asked without giving or engaging in between.", self
        )
        self.warning_label.setWordWrap(True)
        self.warning_label.setAccessibleName("Asks-only warning")
        self.warning_label.setStyleSheet(
            f"QLabel {{ background: {STATUS_COLOURS['cooling']}; color: #FFFFFF; border-radius: 6px; "
            "padding: 8px; font-weight: 600; }"
        )
        self.facts: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(SPACING_L)
        grid.setVerticalSpacing(SPACING_S)
        rows = [
            ("last", "Last engagement"),
            ("their", "They gave you / asked you"),
            ("mine", "You gave them / asked them"),
            ("touches", "Touches in 12 months"),
            ("comments", "Comments on your posts (12 months)"),
        ]
        for row, (key, caption) in enumerate(rows):
            grid.addWidget(secondary_label(caption, self), row, 0)
            value = QLabel(self)
            value.setFont(scaled_font(value.font(), 1.1, bold=True))
            value.setAccessibleName(caption)
            grid.addWidget(value, row, 1)
            self.facts[key] = value
        top = QHBoxLayout()
        top.setSpacing(SPACING_L)
        top.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        heading = QVBoxLayout()
        heading.addWidget(self.name_label)
        heading.addWidget(self.summary_label)
        top.addLayout(heading, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(CARD_PADDING, CARD_PADDING, CARD_PADDING, CARD_PADDING)
        layout.setSpacing(SPACING_S * 2)
        layout.addLayout(top)
        layout.addWidget(self.warning_label)
        layout.addLayout(grid)

    def show_card(self, card: TriageCard) -> None:
        self.avatar.set_name(card.name)
        self.name_label.setText(card.name)
        self.summary_label.setText(card.summary)
        self.warning_label.setVisible(card.asks_only)
        self.facts["last"].setText(last_engagement_text(card))
        self.facts["their"].setText(f"{card.their_gives} / {card.their_asks}")
        self.facts["mine"].setText(f"{card.my_gives} / {card.my_asks}")
        self.facts["touches"].setText(
            f"{card.inbound_touches_12m} from them · {card.outbound_touches_12m} from you"
        )
        self.facts["comments"].setText(str(card.comments_on_my_posts_12m))


class RequestTriageDialog(QDialog):
    def __init__(
        self, context: AppContext, contact_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.contact_id: int | None = None
        self.card: TriageCard | None = None
        self.setWindowTitle("Someone asked me for something")
        self.setMinimumWidth(640)

        self.picker = ContactPicker(context, self)
        self.picker.picked.connect(lambda cid, _name: self.show_contact(cid))
        self.picker.setVisible(contact_id is None)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("What they ask for")
        for kind in EXCHANGE_KINDS:
            self.kind_combo.addItem(kind.replace("_", " ").capitalize(), kind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData("referral"))
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText("What exactly? (optional)")
        self.note_edit.setAccessibleName("Note about the ask")
        ask_row = QHBoxLayout()
        ask_row.addWidget(QLabel("They ask for", self))
        ask_row.addWidget(self.kind_combo)
        ask_row.addWidget(self.note_edit, 1)

        self.card_view = TriageCardView(self)
        self.card_view.hide()
        self.hint = secondary_label("Pick who is asking to see how engaged they have been.", self)
        self.hint.setVisible(contact_id is None)

        self.gave_check = QCheckBox("Helping counts as something I gave them", self)
        self.gave_check.setChecked(True)
        self.log_button = QPushButton("Log the ask", self)
        self.log_button.setAccessibleName("Log the ask and decide later")
        self.log_button.clicked.connect(lambda: self.decide(Outcome.LOGGED))
        self.help_button = QPushButton("Help them", self)
        self.help_button.setAccessibleName("Help them")
        self.help_button.clicked.connect(lambda: self.decide(Outcome.HELPED))
        self.decline_button = QPushButton("Decline", self)
        self.decline_button.setAccessibleName("Decline the ask")
        self.decline_button.clicked.connect(lambda: self.decide(Outcome.DECLINED))
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.log_button, self.help_button, self.decline_button, cancel):
            buttons.addWidget(button)
        self.help_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING_S * 2)
        layout.addWidget(self.picker)
        layout.addWidget(self.hint)
        layout.addLayout(ask_row)
        layout.addWidget(self.card_view)
        layout.addStretch(1)
        layout.addWidget(self.gave_check, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(buttons)
        self._enable(False)
        if contact_id is not None:
            self.show_contact(contact_id)
        else:
            self.picker.search.setFocus()

    def _enable(self, enabled: bool) -> None:
        for button in (self.log_button, self.help_button, self.decline_button):
            button.setEnabled(enabled)

    def show_contact(self, contact_id: int) -> None:
        try:
            self.card = card_for(self._context.store, contact_id)
        except ContactError as error:
            self.hint.setText(str(error))
            self.hint.show()
            return
        self.contact_id = contact_id
        self.card_view.show_card(self.card)
        self.card_view.show()
        self.hint.hide()
        self._enable(True)
        self.help_button.setFocus()

    def decide(self, outcome: Outcome) -> None:
        if self.contact_id is None or self.card is None:
            return
        kind = self.kind_combo.currentData()
        record_request(
            self._context.store, self.contact_id, kind, outcome,
            note=self.note_edit.text().strip(), i_gave=self.gave_check.isChecked(),
        )
        self._context.contact_changed.emit(self.contact_id)
        verbs = {Outcome.LOGGED: "Logged", Outcome.HELPED: "Helped with", Outcome.DECLINED: "Declined"}
        verb = verbs[outcome]
        self._context.status_message.emit(f"{verb} {self.card.name}'s ask: {kind.replace('_', ' ')}")
        self.accept()
