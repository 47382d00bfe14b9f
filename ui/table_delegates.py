"""Cells drawn rather than written: the warmth bar and the status chip of the contacts table."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.style import SPACING_S, chip_size, paint_status_chip, paint_warmth_bar

_Index = QModelIndex | QPersistentModelIndex
_BAR_WIDTH = 72


def _paint_background(painter: QPainter, option: QStyleOptionViewItem) -> None:
    """The selection and hover background the style would draw for a normal cell."""
    style = option.widget.style() if option.widget is not None else QApplication.style()
    style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)


class WarmthBarDelegate(QStyledItemDelegate):
    """Warmth 0–100 as a slim bar; the number stays in the model for tooltips and screen readers."""

    def __init__(self, warmth_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._role = warmth_role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        _paint_background(painter, option)
        warmth = index.data(self._role)
        rect = option.rect.adjusted(SPACING_S, 0, -SPACING_S, 0)
        if rect.width() > _BAR_WIDTH:
            rect.setWidth(_BAR_WIDTH)
        paint_warmth_bar(painter, rect, warmth, option.palette)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        base = super().sizeHint(option, index)
        return QSize(_BAR_WIDTH + 2 * SPACING_S, base.height())


class StatusChipDelegate(QStyledItemDelegate):
    """The status as a coloured pill; untracked and archived contacts show no chip."""

    def __init__(self, status_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._role = status_role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.initStyleOption(option, index)
        _paint_background(painter, option)
        status = index.data(self._role)
        if status is None:
            return
        rect = option.rect.adjusted(SPACING_S // 2, 2, -SPACING_S // 2, -2)
        paint_status_chip(painter, rect, status, option.font, align_left=False)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        base = super().sizeHint(option, index)
        chip = chip_size(option.font, "cooling")
        return QSize(chip.width() + SPACING_S, max(base.height(), chip.height() + 4))
