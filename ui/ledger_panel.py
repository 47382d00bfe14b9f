"""The reciprocity ledger of one contact: who gave, who asked, the balance, an asks-only warning."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from core.kinds import EXCHANGE_KINDS, GAVE, I_ASKED, RECEIVED
from services.request_triage import LedgerSummary
from ui.style import SPACING_S, STATUS_COLOURS, heading_label, scaled_font, secondary_label

_RECORD_CHOICES = ((GAVE, "I gave them…"), (RECEIVED, "They gave me…"), (I_ASKED, "I asked them…"))


def exchange_label(kind: str) -> str:
    return kind.replace("_", " ")


class LedgerPanel(QWidget):
    exchange_requested = Signal(str, str)  # direction, kind
    request_triage_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Ledger")
        title = heading_label("Ledger", self)
        self.counts: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(SPACING_S * 2)
        grid.setVerticalSpacing(SPACING_S // 2)
        captions = (("gave", "I gave"), ("received", "They gave"), ("they_asked", "They asked"),
                    ("i_asked", "I asked"))
        for position, (key, text) in enumerate(captions):
            number = QLabel("0", self)
            number.setFont(scaled_font(number.font(), 1.5, bold=True))
            number.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            number.setAccessibleName(text)
            caption = secondary_label(text, self)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(number, 0, position)
            grid.addWidget(caption, 1, position)
            self.counts[key] = number
        self.balance_label = QLabel(self)
        self.balance_label.setAccessibleName("Balance")
        self.warning_label = QLabel(self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setAccessibleName("Asks-only warning")
        self.warning_label.setText(
            "Asks only: they asked for something and, in the year before, gave and engaged in nothing else."
        )
        self.warning_label.setStyleSheet(
            f"QLabel {{ background: {STATUS_COLOURS['cooling']}; color: #FFFFFF; border-radius: 6px; "
            "padding: 6px; }"
        )
        self.warning_label.hide()

        self.record_button = QToolButton(self)
        self.record_button.setText("Record exchange")
        self.record_button.setAccessibleName("Record an exchange")
        self.record_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.record_button)
        for direction, text in _RECORD_CHOICES:
            submenu = menu.addMenu(text)
            for kind in EXCHANGE_KINDS:
                action = submenu.addAction(exchange_label(kind).capitalize())
                action.triggered.connect(self._requester(direction, kind))
        menu.addSeparator()
        menu.addAction("They asked me for something…", self.request_triage_requested.emit)
        self.record_button.setMenu(menu)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_S)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addWidget(self.balance_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignLeft)

    def _requester(self, direction: str, kind: str) -> Callable[[], None]:
        return lambda: self.exchange_requested.emit(direction, kind)

    def show_ledger(self, summary: LedgerSummary) -> None:
        ledger = summary.ledger
        for key, value in (("gave", ledger.gave), ("received", ledger.received),
                           ("they_asked", ledger.they_asked), ("i_asked", ledger.i_asked)):
            self.counts[key].setText(str(value))
            self.counts[key].setAccessibleName(f"{self.counts[key].accessibleName().split(':')[0]}: {value}")
        self.balance_label.setText(f"Balance: {summary.balance_text}")
        self.warning_label.setVisible(summary.asks_only)
