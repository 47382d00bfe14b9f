"""One contact: who they are, where the relationship stands, its history, and one-click logging."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from services.contacts import ContactError
from services.timeline import TimelineItem
from ui.cadence_editor import CircleCadenceEditor
from ui.contact_header import ContactHeader
from ui.contact_page_controller import ContactPageController, ContactPageData
from ui.context import AppContext
from ui.ledger_panel import LedgerPanel
from ui.quick_log_bar import QuickLogBar, to_qdate
from ui.refresh import VisibleRefresher
from ui.style import CARD_PADDING, SPACING_L, SPACING_S, Card, heading_label, set_page_margins
from ui.tags_editor import TagsEditor
from ui.timeline_item_dialog import TimelineItemDialog
from ui.timeline_panel import TimelinePanel


class NotesEdit(QPlainTextEdit):
    """Free-text notes, saved when the field loses focus (nothing to press, nothing to lose)."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Notes")
        self.setPlaceholderText("Notes: how you met, what they care about, what you promised…")
        self.setTabChangesFocus(True)
        self._saved = ""

    def show_notes(self, text: str, *, force: bool = False) -> None:
        if not force and self.hasFocus() and self.toPlainText() != self._saved:
            return  # the user is typing; their text wins until they leave the field
        self._saved = text
        self.setPlainText(text)

    def commit(self) -> None:
        text = self.toPlainText()
        if text != self._saved:
            self._saved = text
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)


def _card(parent: QWidget, *widgets: QWidget) -> Card:
    card = Card(parent)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(CARD_PADDING, CARD_PADDING, CARD_PADDING, CARD_PADDING)
    layout.setSpacing(SPACING_S)
    for widget in widgets:
        layout.addWidget(widget)
    return card


class ContactPage(QWidget):
    back_requested = Signal()
    shown_name_changed = Signal(str)  # the name of the contact on show, for the window title

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.controller = ContactPageController(context)
        self.data: ContactPageData | None = None
        self._refresher = VisibleRefresher(self, self.refresh)

        self.back_button = QPushButton("← Contacts", self)
        self.back_button.setAccessibleName("Back to contacts")
        self.back_button.setToolTip("Back (Alt+Left)")
        self.back_button.setFlat(True)
        self.back_button.clicked.connect(self.back_requested.emit)
        self.edit_button = self._button("Edit…", "Edit this contact")
        self.edit_button.clicked.connect(self.edit_contact)
        self.schedule_button = self._button("Schedule check-in…", "Schedule a 10-minute check-in")
        self.schedule_button.clicked.connect(self.schedule_checkin)
        self.asked_button = self._button(
            "Someone asked me…", "They asked me for something: triage the request"
        )
        self.asked_button.clicked.connect(self.triage_request)
        self.archive_button = self._button("Archive", "Archive this contact: no more reminders")
        self.archive_button.clicked.connect(self._toggle_archive)
        actions = QHBoxLayout()
        actions.addWidget(self.back_button)
        actions.addStretch(1)
        for button in (self.edit_button, self.schedule_button, self.asked_button, self.archive_button):
            actions.addWidget(button)

        self.header = ContactHeader(self)
        self.cadence = CircleCadenceEditor(self)
        self.cadence.circle_chosen.connect(lambda circle: self._run(self.controller.set_circle, circle))
        self.cadence.cadence_chosen.connect(lambda days: self._run(self.controller.set_cadence, days))
        self.tags = TagsEditor(self)
        self.tags.tag_added.connect(lambda tag: self._run(self.controller.add_tag, tag))
        self.tags.tag_removed.connect(lambda tag: self._run(self.controller.remove_tag, tag))

        self.quick_log = QuickLogBar(self)
        self.quick_log.log_requested.connect(self.log_touch)
        self.timeline = TimelinePanel(self)
        self.timeline.edit_requested.connect(self.edit_item)
        self.timeline.delete_requested.connect(self.delete_item)
        self.timeline.undo_requested.connect(self.undo)
        self.ledger = LedgerPanel(self)
        self.ledger.exchange_requested.connect(
            lambda direction, kind: self._run(self.controller.record_exchange, direction, kind)
        )
        self.ledger.request_triage_requested.connect(self.triage_request)
        self.notes = NotesEdit(self)
        self.notes.committed.connect(lambda text: self._run(self.controller.save_notes, text))

        side = QVBoxLayout()
        side.setSpacing(SPACING_L)
        side.addWidget(_card(self, self.ledger))
        side.addWidget(_card(self, heading_label("Notes", self), self.notes), 1)
        columns = QHBoxLayout()
        columns.setSpacing(SPACING_L)
        columns.addWidget(_card(self, self.timeline), 3)
        columns.addLayout(side, 2)

        content = QWidget(self)
        body = QVBoxLayout(content)
        set_page_margins(body)
        body.addLayout(actions)
        body.addWidget(self.header)
        body.addWidget(self.cadence)
        body.addWidget(self.tags)
        body.addWidget(_card(self, heading_label("Log a touch", self), self.quick_log))
        body.addLayout(columns, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        undo = QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back = QShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), self, self.back_requested.emit)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        context.contact_changed.connect(self._maybe_refresh)
        context.interaction_logged.connect(self._maybe_refresh)
        context.data_changed.connect(self._refresher.request)
        context.checkins_changed.connect(self._refresher.request)
        context.settings_changed.connect(self._refresher.request)

    def _button(self, text: str, tooltip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(tooltip)
        button.setToolTip(tooltip)
        return button

    # --- the page contract ----------------------------------------------------------------------------

    @property
    def contact_id(self) -> int | None:
        return self.controller.contact_id

    def show_contact(self, contact_id: int) -> None:
        switching = contact_id != self.controller.contact_id
        if switching:
            self.notes.commit()  # typed notes belong to the contact they were typed for
            self.timeline.hide_undo()
            self.quick_log.set_today(self._context.store.today())
        try:
            self._show(self.controller.open(contact_id), switching=switching)
        except ContactError as error:
            self._context.status_message.emit(str(error))
            self.back_requested.emit()

    def refresh(self) -> None:
        if self.controller.contact_id is None:
            return
        try:
            self._show(self.controller.load())
        except ContactError:  # deleted elsewhere (a restore, another window)
            self.back_requested.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refresher.page_shown()

    def _maybe_refresh(self, contact_ids: object) -> None:
        ids = contact_ids if isinstance(contact_ids, list) else [contact_ids]
        if self.controller.contact_id in ids:
            self._refresher.request()

    def _show(self, data: ContactPageData, *, switching: bool = False) -> None:
        self.data = data
        profile = data.profile
        today = self._context.store.today()
        self.header.show_profile(profile, today)
        self.cadence.set_profile(data.circles, profile.circle, profile.own_cadence_days)
        self.tags.set_tags(profile.tags, data.known_tags)
        self.timeline.set_items(data.timeline, self._context.store.tz)
        self.ledger.show_ledger(data.ledger)
        self.notes.show_notes(profile.notes, force=switching)
        self.archive_button.setText("Restore" if profile.archived else "Archive")
        if self.quick_log.date_edit.maximumDate() != to_qdate(today):
            self.quick_log.set_today(today)  # a new day began while the page was open
        self.setAccessibleName(f"Contact: {profile.name}")
        self.shown_name_changed.emit(profile.name)

    # --- actions --------------------------------------------------------------------------------------

    def _run(self, action: object, *args: object) -> bool:
        """Run a controller action; a refusal becomes a message, and the page shows the result."""
        try:
            action(*args)  # type: ignore[operator]
        except ContactError as error:
            QMessageBox.warning(self, "Rapport", str(error))
            self._refresher.refresh_now()
            return False
        self._refresher.refresh_now()
        return True

    def log_touch(self, kind: str, day: date, direction: str, note: str) -> None:
        if self._run(self.controller.log_touch, kind, day, direction, note):
            self.quick_log.logged()

    def edit_item(self, item: TimelineItem) -> None:
        dialog = TimelineItemDialog(item, self._context.store.today(), self)
        dialog.accepted.connect(lambda: self._run(self.controller.edit, item, dialog.changes()))
        dialog.open()

    def delete_item(self, item: TimelineItem) -> None:
        try:
            description = self.controller.delete(item)
        except ContactError as error:
            self._context.status_message.emit(str(error))
            self._refresher.refresh_now()
            return
        self._refresher.refresh_now()
        self.timeline.show_undo(f"{description}.")

    def undo(self) -> None:
        try:
            message = self.controller.undo()
        except ContactError as error:
            QMessageBox.warning(self, "Rapport", f"Could not undo: {error}")
            return
        if message is None:
            return
        self._refresher.refresh_now()
        if self.controller.undo_stack:
            self.timeline.show_undo(f"{self.controller.undo_stack[-1][1]}.")
        else:
            self.timeline.hide_undo()

    def edit_contact(self) -> None:
        from ui.edit_contact_dialog import EditContactDialog

        if self.controller.contact_id is None:
            return
        dialog = EditContactDialog(self._context, self.controller.contact_id, self)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open()

    def schedule_checkin(self) -> None:
        from ui.schedule_dialog import ScheduleDialog

        if self.controller.contact_id is not None:
            ScheduleDialog(self._context, self.controller.contact_id, self).open()

    def triage_request(self) -> None:
        from ui.request_triage_dialog import RequestTriageDialog

        if self.controller.contact_id is not None:
            RequestTriageDialog(self._context, self.controller.contact_id, self).open()

    def _toggle_archive(self) -> None:
        if self.data is None:
            return
        archived = not self.data.profile.archived
        if archived:
            answer = QMessageBox.question(
                self, "Archive", f"Archive {self.data.profile.name}? They get no more reminders.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._run(self.controller.set_archived, archived)
