"""A contact's tags as removable chips, and a field to add one (with completion from existing tags)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QToolButton, QWidget

from ui.flow_layout import FlowLayout
from ui.style import SPACING_XS


class TagsEditor(QWidget):
    tag_added = Signal(str)
    tag_removed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Tags")
        self._layout = FlowLayout(self, SPACING_XS * 2)
        self._known = QStringListModel(self)
        self.chips: dict[str, QToolButton] = {}
        self.input = self._new_input()

    def _new_input(self) -> QLineEdit:
        field = QLineEdit(self)
        field.setPlaceholderText("Add tag…")
        field.setAccessibleName("Add a tag")
        field.setMaximumWidth(160)
        completer = QCompleter(self._known, field)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        field.setCompleter(completer)
        field.returnPressed.connect(self._add_typed)
        return field

    def set_tags(self, tags: list[str] | tuple[str, ...], known: list[str]) -> None:
        self._layout.removeWidget(self.input)
        for chip in self.chips.values():
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = {}
        for tag in tags:
            chip = QToolButton(self)
            chip.setText(f"{tag}  ✕")
            chip.setAccessibleName(f"Remove tag {tag}")
            chip.setToolTip(f"Remove the tag “{tag}”")
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _=False, name=tag: self.tag_removed.emit(name))
            self._layout.addWidget(chip)
            self.chips[tag] = chip
        self._layout.addWidget(self.input)  # the same field: a reload while typing keeps focus and letters
        self._known.setStringList(known)
        self.updateGeometry()

    def _add_typed(self) -> None:
        text = self.input.text().strip()
        if text:
            self.input.clear()
            self.tag_added.emit(text)
