"""“Share something”: a link, its topics, who would care, and sending it by copy or email.

The dialog holds the layout; ``ShareController`` does the work. Open it with
``open_share_dialog(context, parent)`` (the menus' “Share something…” action does).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.shares import ShareSummary
from ui.context import AppContext
from ui.style import SPACING_M, SPACING_S, heading_label, secondary_label
from ui.suggestions_model import SuggestionColumn, SuggestionsModel

NOTE_HEIGHT = 64
DIALOG_SIZE = (640, 620)


class ShareDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Share something")
        self.setAccessibleName("Share something")
        self.resize(*DIALOG_SIZE)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING_M)
        layout.addWidget(heading_label("Share something useful", self))
        layout.addWidget(secondary_label(
            "Save a link, find the people who care about its topics, and send it. "
            "Each person you send it to counts as a touch.", self, word_wrap=True,
        ))  # fmt: skip

        form = QFormLayout()
        form.setSpacing(SPACING_S)
        self.url_edit = self._line("https://…", "Link")
        self.title_edit = self._line("What is it called?", "Title")
        self.topics_edit = self._line("e.g. AI, hiring — matched with your contacts' tags", "Topics")
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setPlaceholderText("A line to go with it (optional)")
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(NOTE_HEIGHT)
        form.addRow("&Link:", self.url_edit)
        form.addRow("&Title:", self.title_edit)
        form.addRow("T&opics:", self.topics_edit)
        form.addRow("&Note:", self.note_edit)
        layout.addLayout(form)

        row = QHBoxLayout()
        self.suggest_button = QPushButton("&Suggest recipients", self)
        self.suggest_button.setAccessibleName("Suggest recipients")
        self.suggest_button.setToolTip("Contacts tagged with these topics who haven't had this link yet")
        row.addWidget(self.suggest_button)
        self.count_label = secondary_label("", self)
        row.addWidget(self.count_label, 1)
        layout.addLayout(row)

        self.model = SuggestionsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Suggested recipients")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SuggestionColumn.NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SuggestionColumn.CIRCLE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SuggestionColumn.WHY, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Share status")
        layout.addWidget(self.status)

        buttons = QDialogButtonBox(self)
        self.copy_button = buttons.addButton("&Copy text", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip("Copy the message, and log it as sent to the people ticked")
        self.email_button = buttons.addButton("&Email…", QDialogButtonBox.ButtonRole.ActionRole)
        self.email_button.setToolTip("Open an email draft to the people ticked, and log it as sent")
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        from ui.share_controller import ShareController

        self.controller = ShareController(context, self)
        self.url_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _line(self, placeholder: str, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(name)
        edit.setClearButtonEnabled(True)
        return edit

    def fill_from(self, share: ShareSummary) -> None:
        self.url_edit.setText(share.url)
        self.title_edit.setText(share.title)
        self.topics_edit.setText(", ".join(share.topics))
        self.note_edit.setPlainText(share.note)


def open_share_dialog(
    context: AppContext, parent: QWidget | None = None, *, share: object = None
) -> ShareDialog:
    """Open “Share something”, filled in from `share` (a ShareSummary) when sending one again."""
    dialog = ShareDialog(context, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if isinstance(share, ShareSummary):
        dialog.fill_from(share)
        dialog.controller.suggest()
    dialog.open()
    return dialog
