"""Insights: a placeholder until the charts of the network's health arrive."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.icons import tinted_pixmap
from ui.style import (
    SPACING_M,
    SPACING_S,
    SPACING_XL,
    Card,
    heading_label,
    mix,
    secondary_label,
    set_page_margins,
    title_label,
)

COMING = (
    "How warm your network is, week by week",
    "Who gives and who only asks, across everyone",
    "Which circles need attention, and how close you are to your daily habit",
)
CARD_WIDTH = 560


class InsightsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName("Insights")
        layout = QVBoxLayout(self)
        set_page_margins(layout)
        layout.addWidget(title_label("Insights", self))
        layout.addStretch(1)

        card = Card(self)
        card.setFixedWidth(CARD_WIDTH)
        inside = QVBoxLayout(card)
        inside.setContentsMargins(SPACING_XL, SPACING_XL, SPACING_XL, SPACING_XL)
        inside.setSpacing(SPACING_M)
        picture = QLabel(card)
        palette = self.palette()
        text, base = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Base)
        quiet = mix(text, base, 0.45)
        picture.setPixmap(tinted_pixmap("nav-insights", quiet, 64, self.devicePixelRatioF()))
        inside.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.headline = heading_label("Insights arrive soon", card)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        inside.addWidget(self.headline)
        self.explanation = secondary_label(
            "This page will show the health of your network at a glance. Until then, Today "
            "and Contacts have everything you need. Coming here:",
            card,
            word_wrap=True,
        )
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        inside.addWidget(self.explanation)
        inside.addSpacing(SPACING_S)
        self.coming: list[QLabel] = []
        for item in COMING:
            line = QLabel(f"•  {item}", card)
            line.setWordWrap(True)
            inside.addWidget(line)
            self.coming.append(line)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def refresh(self) -> None:
        """Nothing to load yet."""
