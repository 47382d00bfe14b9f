"""How a form says something is wrong: an amber message and an amber frame around the field.

Amber reads as 'fix this' without alarm; the shade follows the palette so the text stays
legible on light and dark themes alike.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.style import is_dark

_ON_LIGHT = "#B45309"
_ON_DARK = "#FBBF24"


def problem_colour(widget: QWidget) -> str:
    return _ON_DARK if is_dark(widget.palette()) else _ON_LIGHT


def style_problem_label(label: QLabel) -> None:
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {problem_colour(label)}; font-weight: 600;")


def mark_field(field: QWidget, marked: bool) -> None:
    field.setStyleSheet(
        f"{type(field).__name__} {{ border: 2px solid {problem_colour(field)}; border-radius: 3px; }}"
        if marked else ""
    )
