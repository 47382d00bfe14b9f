"""The look shared by every page: spacing, fonts, status colours and small painted widgets.

Colours come from the palette (so light and dark system themes both stay legible); the
only fixed colours are the status chips, whose white text is readable on their fill in
either theme, and the warmth scale.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QSizePolicy, QWidget

# Spacing, in device-independent pixels.
SPACING_XS = 4
SPACING_S = 8
SPACING_M = 12
SPACING_L = 16
SPACING_XL = 24
PAGE_MARGIN = 24
CARD_PADDING = 16
CARD_RADIUS = 10
CHIP_RADIUS = 9

# Status chip fills: white text on each keeps a contrast of at least 4.5:1, on light and dark pages.
STATUS_COLOURS: dict[str, str] = {
    "warm": "#2E7D32",
    "cooling": "#B45309",
    "cold": "#1D4ED8",
    "new": "#7C3AED",
    "untracked": "#64748B",
    "archived": "#6B7280",
}
STATUS_LABELS: dict[str, str] = {
    "warm": "Warm",
    "cooling": "Cooling",
    "cold": "Cold",
    "new": "New",
    "untracked": "Untracked",
    "archived": "Archived",
}
STATUS_EXPLANATIONS: dict[str, str] = {
    "warm": "In touch recently enough for this circle",
    "cooling": "Three quarters of the cadence has passed since the last touch",
    "cold": "The cadence has run out since the last touch",
    "new": "Tracked, but never talked — a good moment for an introductory chat",
    "untracked": "No cadence: awaiting triage into a circle",
    "archived": "Archived: no reminders",
}

# Check-in statuses as small dots beside their name.
CHECKIN_STATUS_COLOURS: dict[str, str] = {"planned": "#2563EB", "done": "#2E7D32", "skipped": "#94A3B8"}

# The warmth scale runs from a cool blue (no recent engagement) to a warm orange.
WARMTH_COLD = QColor("#3B82F6")
WARMTH_MID = QColor("#EAB308")
WARMTH_HOT = QColor("#EA580C")


# --- colours and fonts ---------------------------------------------------------------------


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """`first` moved `amount` (0..1) of the way towards `second`."""
    amount = max(0.0, min(1.0, amount))
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
        1.0,
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def status_key(status: str | None, *, archived: bool = False) -> str:
    """The chip to show: a status, or 'untracked'/'archived' when there is none."""
    if archived:
        return "archived"
    return status if status in STATUS_COLOURS else "untracked"


def status_colour(status: str | None) -> QColor:
    return QColor(STATUS_COLOURS[status_key(status)])


def warmth_colour(warmth: int) -> QColor:
    share = max(0, min(100, warmth)) / 100
    if share < 0.5:
        return mix(WARMTH_COLD, WARMTH_MID, share * 2)
    return mix(WARMTH_MID, WARMTH_HOT, (share - 0.5) * 2)


def border_colour(palette: QPalette) -> QColor:
    return mix(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.16)


def track_colour(palette: QPalette) -> QColor:
    return mix(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.12)


def scaled_font(base: QFont, scale: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    else:
        font.setPixelSize(max(1, round(base.pixelSize() * scale)))
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    return font


def title_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A page title."""
    label = QLabel(text, parent)
    label.setFont(scaled_font(label.font(), 1.7, bold=True))
    label.setAccessibleName(text)
    return label


def heading_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A section heading inside a page."""
    label = QLabel(text, parent)
    label.setFont(scaled_font(label.font(), 1.15, bold=True))
    return label


def secondary_label(text: str = "", parent: QWidget | None = None, *, word_wrap: bool = False) -> QLabel:
    """Quieter text (subtitles, hints) that follows the palette in light and dark themes."""
    label = QLabel(text, parent)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setWordWrap(word_wrap)
    return label


def set_page_margins(layout: QLayout) -> None:
    layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN - SPACING_XS, PAGE_MARGIN, PAGE_MARGIN)
    layout.setSpacing(SPACING_L)


# --- painting helpers (also used by item delegates) ----------------------------------------


def chip_font(base: QFont) -> QFont:
    return scaled_font(base, 0.85, bold=True)


def chip_size(font: QFont, status: str | None) -> QSize:
    metrics = QFontMetrics(chip_font(font))
    text = STATUS_LABELS[status_key(status)]
    return QSize(metrics.horizontalAdvance(text) + 2 * SPACING_S + 2, metrics.height() + SPACING_XS + 2)


def paint_status_chip(
    painter: QPainter, rect: QRect, status: str | None, font: QFont, *, align_left: bool = True
) -> None:
    """A rounded status pill inside `rect`, vertically centred."""
    key = status_key(status)
    size = chip_size(font, key)
    size = QSize(min(size.width(), rect.width()), min(size.height(), rect.height()))
    left = rect.left() if align_left else rect.center().x() - size.width() // 2
    pill = QRectF(left, rect.center().y() - size.height() / 2 + 0.5, size.width(), size.height())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STATUS_COLOURS[key]))
    radius = pill.height() / 2
    painter.drawRoundedRect(pill, radius, radius)
    painter.setPen(QColor("#FFFFFF"))
    painter.setFont(chip_font(font))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, STATUS_LABELS[key])
    painter.restore()


def paint_warmth_bar(
    painter: QPainter, rect: QRect, warmth: int | None, palette: QPalette, *, bar_height: int = 6
) -> None:
    """A slim horizontal bar, full at warmth 100; nothing for contacts without warmth."""
    if warmth is None:
        return
    height = min(bar_height, rect.height())
    track = QRectF(rect.left(), rect.center().y() - height / 2 + 0.5, rect.width(), height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(track_colour(palette))
    painter.drawRoundedRect(track, height / 2, height / 2)
    share = max(0, min(100, warmth)) / 100
    if share > 0:
        filled = QRectF(track.left(), track.top(), max(height, track.width() * share), height)
        painter.setBrush(warmth_colour(warmth))
        painter.drawRoundedRect(filled, height / 2, height / 2)
    painter.restore()


def dot_icon(colour: str, diameter: int = 10) -> QIcon:
    """A filled circle, e.g. a status beside its name in a table."""
    icon = QIcon()
    for ratio in (1.0, 2.0):
        side = round(diameter * ratio)
        pixmap = QPixmap(side, side)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawEllipse(QRectF(0.5, 0.5, side - 1, side - 1))
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        icon.addPixmap(pixmap)
    return icon


def initials_of(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[-1][0]).upper()


def avatar_colour(name: str) -> QColor:
    """A stable, calm colour per name; white initials stay legible on it."""
    digest = hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).digest()
    return QColor.fromHsl(digest[0] * 360 // 256, 115, 105)


def paint_avatar(painter: QPainter, rect: QRect, name: str) -> None:
    side = min(rect.width(), rect.height())
    circle = QRectF(rect.left(), rect.top(), side, side)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(avatar_colour(name))
    painter.drawEllipse(circle)
    font = QFont(painter.font())
    font.setPixelSize(max(8, round(side * 0.38)))
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    painter.setPen(QColor("#FFFFFF"))
    painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, initials_of(name))
    painter.restore()


# --- small widgets -------------------------------------------------------------------------


class StatusChip(QWidget):
    """The contact's status as a coloured pill (warm, cooling, cold, new, untracked, archived)."""

    def __init__(self, status: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._status = status_key(status)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._describe()

    def set_status(self, status: str | None, *, archived: bool = False) -> None:
        self._status = status_key(status, archived=archived)
        self._describe()
        self.updateGeometry()
        self.update()

    def status(self) -> str:
        return self._status

    def text(self) -> str:
        return STATUS_LABELS[self._status]

    def _describe(self) -> None:
        self.setAccessibleName(f"Status: {self.text()}")
        self.setToolTip(STATUS_EXPLANATIONS[self._status])

    def sizeHint(self) -> QSize:
        return chip_size(self.font(), self._status)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_status_chip(painter, self.rect(), self._status, self.font())


class WarmthBar(QWidget):
    """Warmth 0–100 as a slim bar; the number is in the tooltip and the accessible name."""

    def __init__(self, warmth: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._warmth: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_warmth(warmth)

    def set_warmth(self, warmth: int | None) -> None:
        self._warmth = warmth
        text = "no warmth (untracked)" if warmth is None else f"{warmth} of 100"
        self.setAccessibleName(f"Warmth: {text}")
        self.setToolTip(f"Warmth {text}: recent engagement, each touch fading by half every cadence")
        self.update()

    def warmth(self) -> int | None:
        return self._warmth

    def sizeHint(self) -> QSize:
        return QSize(120, 10)

    def minimumSizeHint(self) -> QSize:
        return QSize(48, 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_warmth_bar(painter, self.rect(), self._warmth, self.palette())


class Avatar(QWidget):
    """A round avatar with the contact's initials."""

    def __init__(self, name: str = "", diameter: int = 40, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self.setFixedSize(diameter, diameter)
        self.setAccessibleName(f"Avatar of {name}" if name else "Avatar")

    def set_name(self, name: str) -> None:
        self._name = name
        self.setAccessibleName(f"Avatar of {name}")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_avatar(painter, self.rect(), self._name)


class Card(QFrame):
    """A rounded panel on the page's background, drawn from the palette."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContentsMargins(0, 0, 0, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        outline = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        path = QPainterPath()
        path.addRoundedRect(outline, CARD_RADIUS, CARD_RADIUS)
        painter.fillPath(path, palette.color(QPalette.ColorRole.Base))
        painter.setPen(QPen(border_colour(palette), 1.0))
        painter.drawPath(path)


class Separator(QFrame):
    """A thin horizontal rule in the palette's border colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(border_colour(self.palette()))
        painter.drawLine(QPointF(0, 0.5), QPointF(self.width(), 0.5))
