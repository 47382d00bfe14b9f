"""Help: about Rapport, and the list of keyboard shortcuts."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from core.version import __version__
from ui.paths import shown_path
from ui.style import SPACING_M, heading_label

VERSION = __version__


def show_about(parent: QWidget, data_dir: Path) -> None:
    QMessageBox.about(
        parent,
        "About Rapport",
        f"<h3>Rapport {VERSION}</h3>"
        "<p>Keeps your professional network warm: who is going cold, a 10-minute check-in "
        "booked in seconds, and one click to log it.</p>"
        f"<p>Your data stays on this computer, in <br><code>{html.escape(shown_path(data_dir))}</code></p>",
    )


def show_shortcuts(parent: QWidget, shortcuts: list[tuple[str, QKeySequence]]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    dialog.setAccessibleName("Keyboard shortcuts")
    layout = QVBoxLayout(dialog)
    layout.setSpacing(SPACING_M)
    layout.addWidget(heading_label("Keyboard shortcuts", dialog))
    rows = "".join(
        f"<tr><td style='padding-right:24px'>{text.replace('&', '').rstrip('…')}</td>"
        f"<td><b>{keys.toString(QKeySequence.SequenceFormat.NativeText)}</b></td></tr>"
        for text, keys in shortcuts
    )
    table = QLabel(f"<table cellspacing='4'>{rows}</table>", dialog)
    layout.addWidget(table)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.open()
    return dialog
