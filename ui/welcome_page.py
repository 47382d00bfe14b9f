"""First run: what Rapport does, where the data lives, and five ways to begin."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ui.background import BackgroundTask
from ui.context import AppContext
from ui.icons import accent_icon, app_icon
from ui.paths import shown_path
from ui.style import SPACING_L, SPACING_M, SPACING_S, SPACING_XL, Card, scaled_font, secondary_label

IMPORT_STARTS = (
    (
        "linkedin",
        "Import LinkedIn export",
        "Your connections, messages and invitations (the .zip LinkedIn sends you)",
    ),
    ("vcard", "Import vCard", "A .vcf address book from your phone, Apple Contacts or Outlook"),
    ("google", "Import Google CSV", "The CSV that Google Contacts exports"),
)


class WelcomeController(QObject):
    """Fills the demo network off the UI thread, then tells every page to reload."""

    demo_started = Signal()
    demo_finished = Signal(str)  # a summary
    demo_failed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.task: BackgroundTask | None = None

    def fill_demo(self) -> BackgroundTask | None:
        if self.task is not None and self.task.running:
            return None
        from services.demo import fill_demo_network

        store = self._context.store
        self.task = BackgroundTask(store, lambda: fill_demo_network(store), self)
        self.task.finished.connect(self._done)
        self.task.failed.connect(lambda error: self.demo_failed.emit(str(error)))
        self.demo_started.emit()
        self.task.start()
        return self.task

    def _done(self, counts: object) -> None:
        contacts = getattr(counts, "contacts", 0)
        self._context.data_changed.emit()
        self._context.open_page_requested.emit("today")
        message = f"Demo network ready: {contacts} contacts to explore"
        self._context.status_message.emit(message)
        self.demo_finished.emit(message)


class WelcomePage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.controller = WelcomeController(context, self)
        self.setAccessibleName("Welcome")
        self.setBackgroundRole(QPalette.ColorRole.Window)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(SPACING_XL, SPACING_XL, SPACING_XL, SPACING_XL)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = Card(self)
        card.setMaximumWidth(760)
        row.addWidget(card, 6)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        layout = QVBoxLayout(card)
        layout.setContentsMargins(SPACING_XL + SPACING_S, SPACING_XL, SPACING_XL + SPACING_S, SPACING_XL)
        layout.setSpacing(SPACING_M)
        header = QHBoxLayout()
        header.setSpacing(SPACING_L)
        logo = QLabel(card)
        logo.setPixmap(app_icon().pixmap(QSize(64, 64)))
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        titles.setSpacing(SPACING_S)
        title = QLabel("Welcome to Rapport", card)
        title.setFont(scaled_font(title.font(), 1.9, bold=True))
        titles.addWidget(title)
        self.explanation = QLabel(
            "Rapport keeps your professional network warm: it notices who is going cold and helps "
            "you book a 10-minute check-in before the relationship fades.",
            card,
        )
        self.explanation.setWordWrap(True)
        titles.addWidget(self.explanation)
        folder = shown_path(context.store.data_dir)
        self.where = secondary_label(
            f"Everything stays on this computer, in {folder} — no account, no cloud.",
            card,
            word_wrap=True,
        )
        self.where.setTextFormat(Qt.TextFormat.PlainText)  # a folder name is never markup
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        titles.addWidget(self.where)
        header.addLayout(titles, 1)
        layout.addLayout(header)
        layout.addSpacing(SPACING_M)

        grid = QGridLayout()
        grid.setHorizontalSpacing(SPACING_M)
        grid.setVerticalSpacing(SPACING_S)
        self.import_buttons: dict[str, QCommandLinkButton] = {}
        for number, (kind, text, description) in enumerate(IMPORT_STARTS):
            button = QCommandLinkButton(text, description, card)
            button.setIcon(accent_icon("action-import", self.palette()))
            button.setAccessibleName(text)
            button.clicked.connect(lambda _checked=False, chosen=kind: self.start_import(chosen))
            self.import_buttons[kind] = button
            grid.addWidget(button, number // 2, number % 2)
        self.add_button = QCommandLinkButton(
            "Add a contact", "Start with one person you want to stay close to", card
        )
        self.add_button.setIcon(accent_icon("action-add", self.palette()))
        self.add_button.setAccessibleName("Add a contact")
        self.add_button.clicked.connect(self.add_contact)
        grid.addWidget(self.add_button, 1, 1)
        self.demo_button = QCommandLinkButton(
            "Try with demo data", "A made-up network of 300 people, to see how Rapport works", card
        )
        self.demo_button.setIcon(accent_icon("action-demo", self.palette()))
        self.demo_button.setAccessibleName("Try with demo data")
        self.demo_button.clicked.connect(self.try_demo)
        grid.addWidget(self.demo_button, 2, 0, 1, 2)
        layout.addLayout(grid)

        self.progress = QProgressBar(card)
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Preparing the demo network")
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)

        self.controller.demo_started.connect(self._demo_started)
        self.controller.demo_finished.connect(self._demo_ended)
        self.controller.demo_failed.connect(self._demo_failed)

    def refresh(self) -> None:
        """Nothing to reload: the page only offers ways to begin."""

    def start_import(self, kind: str) -> None:
        from ui.import_export import start_import

        start_import(self.context, kind, self)

    def add_contact(self) -> QWidget:
        from ui.edit_contact_dialog import EditContactDialog

        dialog = EditContactDialog(self.context, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def try_demo(self) -> None:
        self.controller.fill_demo()

    def _demo_started(self) -> None:
        self.progress.show()
        for button in self.findChildren(QCommandLinkButton):
            button.setEnabled(False)

    def _demo_ended(self, _message: str = "") -> None:
        self.progress.hide()
        for button in self.findChildren(QCommandLinkButton):
            button.setEnabled(True)

    def _demo_failed(self, message: str) -> None:
        self._demo_ended()
        QMessageBox.warning(self, "Demo data", f"The demo network could not be created: {message}")
