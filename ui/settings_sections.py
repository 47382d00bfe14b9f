"""Building blocks of the settings page: a titled section, time and number fields, the data card."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTime, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from core.settings import parse_clock
from ui.context import AppContext
from ui.paths import shown_path
from ui.style import CARD_PADDING, SPACING_L, SPACING_S, Card, heading_label, secondary_label

IMPORT_CHOICES = (
    ("LinkedIn export…", "linkedin"),
    ("vCard file…", "vcard"),
    ("Google Contacts CSV…", "google"),
)
EXPORT_CHOICES = (("vCard…", "vcard"), ("CSV spreadsheet…", "csv"), ("JSON backup…", "json"))
SPIN_WIDTH = 120
FOLDER_FIELD_WIDTH = 300


def to_qtime(text: str) -> QTime:
    """'09:30' -> QTime(9, 30)."""
    value = parse_clock(text)
    return QTime(value.hour, value.minute)


def clock_text(value: QTime) -> str:
    return value.toString("HH:mm")


def time_edit(name: str, parent: QWidget) -> QTimeEdit:
    edit = QTimeEdit(parent)
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    return edit


def spin_box(name: str, low: int, high: int, suffix: str, parent: QWidget) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setAccessibleName(name)
    spin.setMinimumWidth(SPIN_WIDTH)
    return spin


class Section(Card):
    """A card with a title, a line of explanation and a form."""

    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(CARD_PADDING + 2, CARD_PADDING, CARD_PADDING + 2, CARD_PADDING + 2)
        layout.setSpacing(SPACING_S)
        layout.addWidget(heading_label(title, self))
        if explanation:
            layout.addWidget(secondary_label(explanation, self, word_wrap=True))
        layout.addSpacing(SPACING_S - 2)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(SPACING_L)
        self.form.setVerticalSpacing(SPACING_S + 2)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        layout.addLayout(self.form)
        layout.addStretch(1)


def choice_menu(
    parent: QWidget, choices: tuple[tuple[str, str], ...], handler: Callable[[str], None]
) -> QMenu:
    menu = QMenu(parent)
    for text, key in choices:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False, chosen=key: handler(chosen))
    return menu


class DataSection(Section):
    """Where the data lives, and the shared backup, restore, import and export flows."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            "Your data", "Everything stays on this computer, readable only by you; backed up daily.", parent
        )
        self.context = context
        self.data_folder = QLineEdit(shown_path(context.store.data_dir), self)
        self.data_folder.setToolTip(str(context.store.data_dir))
        self.data_folder.setReadOnly(True)
        self.data_folder.setAccessibleName("Data folder")
        self.data_folder.setMinimumWidth(FOLDER_FIELD_WIDTH)
        self.open_folder = QPushButton("Open folder", self)
        self.open_folder.setAccessibleName("Open the data folder")
        self.open_folder.clicked.connect(self.open_data_folder)
        folder = QHBoxLayout()
        folder.addWidget(self.data_folder, 1)
        folder.addWidget(self.open_folder)
        self.form.addRow("Folder:", folder)

        self.backup_button = QPushButton("Back up now", self)
        self.backup_button.setAccessibleName("Back up now")
        self.restore_button = QPushButton("Restore…", self)
        self.restore_button.setAccessibleName("Restore from a backup")
        self.import_button = QPushButton("Import", self)
        self.import_button.setAccessibleName("Import contacts")
        self.export_button = QPushButton("Export", self)
        self.export_button.setAccessibleName("Export contacts")
        self.import_button.setMenu(choice_menu(self, IMPORT_CHOICES, self.start_import))
        self.export_button.setMenu(choice_menu(self, EXPORT_CHOICES, self.start_export))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_backup)
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING_S)
        for button in (self.backup_button, self.restore_button, self.import_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.form.addRow("Backups:", buttons)

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.context.store.data_dir)))

    def start_import(self, kind: str) -> None:
        from ui.import_export import start_import

        start_import(self.context, kind, self.window())

    def start_export(self, fmt: str) -> None:
        from ui.import_export import start_export

        start_export(self.context, fmt, self.window())

    def backup_now(self) -> None:
        from ui.import_export import backup_now

        backup_now(self.context, self.window())

    def restore_backup(self) -> None:
        from ui.import_export import restore_backup

        restore_backup(self.context, self.window())
