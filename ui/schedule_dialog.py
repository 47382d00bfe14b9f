"""The schedule dialog (book a check-in with someone) and the reschedule dialog."""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from services.agenda import checkin_rows
from ui.context import AppContext
from ui.schedule_controller import CHANNEL_LABELS, ScheduleController
from ui.style import SPACING_L, SPACING_M, SPACING_S, SPACING_XS, Avatar, heading_label, secondary_label

DATETIME_FORMAT = "ddd d MMM yyyy   HH:mm"


def _slot_text(instant: datetime) -> str:
    return f"{instant:%a} {instant.day} {instant:%b}, {instant:%H:%M}"


class SlotPicker(QWidget):
    """A date-time editor with the next free slots offered as one-click choices."""

    changed = Signal()

    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_XS)
        self.editor = QDateTimeEdit(self)
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat(DATETIME_FORMAT)
        self.editor.setAccessibleName("Check-in date and time")
        self.editor.setToolTip("When the check-in starts (your local time)")
        self.editor.dateTimeChanged.connect(lambda _value: self.changed.emit())
        layout.addWidget(self.editor)
        self.setFocusProxy(self.editor)
        self._choices = QHBoxLayout()
        self._choices.setSpacing(SPACING_XS)
        self._choices_label = secondary_label("Also free:")
        layout.addLayout(self._choices)
        self.choice_buttons: list[QPushButton] = []

    def set_proposals(self, proposals: list[datetime], *, keep_chosen: bool = False) -> None:
        """Preset the first proposal (unless `keep_chosen`); offer the others as buttons."""
        for button in self.choice_buttons:
            button.setParent(None)
            button.deleteLater()
        self.choice_buttons = []
        if proposals and not keep_chosen:
            self.set_chosen(proposals[0])
        alternatives = proposals[1:]
        self._choices_label.setVisible(bool(alternatives))
        if alternatives and self._choices.indexOf(self._choices_label) < 0:
            self._choices.addWidget(self._choices_label)
        for slot in alternatives:
            button = QPushButton(_slot_text(slot), self)
            button.setAccessibleName(f"Use the free slot {_slot_text(slot)}")
            button.setToolTip("Another free slot inside your check-in hours")
            button.clicked.connect(lambda _checked=False, chosen=slot: self.set_chosen(chosen))
            self._choices.addWidget(button)
            self.choice_buttons.append(button)
        self._choices.addStretch(1)

    def set_chosen(self, instant: datetime) -> None:
        local = instant.astimezone(self._tz)
        self.editor.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )

    def chosen(self) -> datetime:
        """The edited wall-clock time, read in the user's zone."""
        day, clock = self.editor.date(), self.editor.time()
        return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=self._tz)


class ScheduleDialog(QDialog):
    """Book a check-in: a free slot, its length and channel, and an invite ready to send."""

    def __init__(self, context: AppContext, contact_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = ScheduleController(context, contact_id, self)
        self.controller.problem.connect(self._show_problem)
        contact = self.controller.contact
        self._invite_edited = False
        self._preset: datetime | None = None
        self.setWindowTitle(f"Schedule a check-in with {contact.name}")
        self.setAccessibleName("Schedule a check-in")
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING_L + SPACING_XS, SPACING_L, SPACING_L + SPACING_XS, SPACING_L)
        layout.setSpacing(SPACING_M)
        header = QHBoxLayout()
        header.setSpacing(SPACING_M)
        header.addWidget(Avatar(contact.name, 44, self))
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(heading_label(f"Check-in with {contact.name}"))
        self.hint = secondary_label("The next free slot inside your check-in hours is preset.")
        titles.addWidget(self.hint)
        header.addLayout(titles, 1)
        layout.addLayout(header)

        form = QFormLayout()
        form.setHorizontalSpacing(SPACING_M)
        form.setVerticalSpacing(SPACING_S + 2)
        self.slot_picker = SlotPicker(context.store.tz, self)
        form.addRow("&When:", self.slot_picker)
        self.length = QSpinBox(self)
        self.length.setRange(5, 240)
        self.length.setSingleStep(5)
        self.length.setSuffix(" minutes")
        self.length.setValue(self.controller.settings.checkin_minutes)
        self.length.setAccessibleName("Length in minutes")
        form.addRow("&Length:", self.length)
        self.channel = QComboBox(self)
        for key, label in CHANNEL_LABELS.items():
            self.channel.addItem(label, key)
        self.channel.setAccessibleName("Channel")
        form.addRow("C&hannel:", self.channel)
        self.invite = QPlainTextEdit(self)
        self.invite.setAccessibleName("Invite text")
        self.invite.setTabChangesFocus(True)
        self.invite.setFixedHeight(self.invite.fontMetrics().lineSpacing() * 5 + 16)
        form.addRow("&Invite:", self.invite)
        layout.addLayout(form)

        invite_actions = QHBoxLayout()
        invite_actions.setSpacing(SPACING_S)
        self.copy_button = QPushButton("&Copy invite", self)
        self.copy_button.setAccessibleName("Copy the invite text")
        self.email_button = QPushButton("Open &email draft", self)
        self.email_button.setAccessibleName("Open an email draft with the invite")
        if contact.email:
            self.email_button.setToolTip(f"A new email to {contact.email} with the invite")
        else:
            self.email_button.setEnabled(False)
            self.email_button.setToolTip(f"No email address on file for {contact.name}")
        self.ics_button = QPushButton("Book and save .ic&s…", self)
        self.ics_button.setAccessibleName("Book the check-in and save a calendar file")
        self.ics_button.setToolTip("Books the check-in and saves it as a calendar event (.ics)")
        for button in (self.copy_button, self.email_button, self.ics_button):
            invite_actions.addWidget(button)
        invite_actions.addStretch(1)
        layout.addLayout(invite_actions)

        self.buttons = QDialogButtonBox(self)
        self.schedule_button = self.buttons.addButton("&Schedule", QDialogButtonBox.ButtonRole.AcceptRole)
        self.schedule_button.setDefault(True)
        self.schedule_button.setAccessibleName("Schedule the check-in")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.schedule)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.copy_button.clicked.connect(self.copy_invite)
        self.email_button.clicked.connect(self.open_email_draft)
        self.ics_button.clicked.connect(self.book_and_save_ics)
        self.slot_picker.changed.connect(self._time_changed)
        self.invite.textChanged.connect(self._invite_typed)
        self.length.valueChanged.connect(self._length_changed)
        self._load_proposals()

    # --- behaviour wired to the view --------------------------------------------------------

    def _load_proposals(self) -> None:
        # A time the user picked stays; only an untouched preset follows the new proposals.
        keep = self._preset is not None and self.slot_picker.chosen() != self._preset
        proposals = self.controller.proposals(self.length.value())
        if not proposals:
            proposals = [self.controller.fallback_time()]
            self.hint.setText("No free slot inside your check-in hours soon; pick any time.")
        self.slot_picker.set_proposals(proposals, keep_chosen=keep)
        if not keep:
            self._preset = self.slot_picker.chosen()
        self._time_changed()

    def _length_changed(self, _value: int) -> None:
        if self.controller.checkin_id is None:
            self._load_proposals()

    def _time_changed(self) -> None:
        if not self._invite_edited:
            self.invite.blockSignals(True)
            self.invite.setPlainText(self.controller.invite(self.slot_picker.chosen()))
            self.invite.blockSignals(False)

    def _invite_typed(self) -> None:
        # Once the user writes their own words, moving the time must not overwrite them.
        self._invite_edited = True

    def chosen_channel(self) -> str:
        return str(self.channel.currentData())

    def copy_invite(self) -> None:
        self.controller.copy_text(self.invite.toPlainText())

    def open_email_draft(self) -> None:
        url = self.controller.mailto_url(
            self.invite.toPlainText(), self.slot_picker.chosen(), self.length.value(), self.chosen_channel()
        )
        QDesktopServices.openUrl(url)

    def _book(self) -> bool:
        chosen = self.slot_picker.chosen()
        checkin_id = self.controller.book(chosen, self.length.value(), self.chosen_channel())
        if checkin_id is None:
            return False
        for widget in (self.slot_picker, self.length, self.channel):
            widget.setEnabled(False)
        starts = self.slot_picker.chosen()
        self.hint.setText(f"Booked for {_slot_text(starts)}.")
        return True

    def book_and_save_ics(self) -> None:
        starts = self.slot_picker.chosen()
        suggested = str(Path.home() / self.controller.ics_file_name(starts))
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the check-in as a calendar file", suggested, "Calendar files (*.ics)"
        )
        if not path:
            return
        self.save_ics_to(Path(path))

    def save_ics_to(self, path: Path) -> bool:
        if not self._book():
            return False
        if self.controller.save_ics(path):
            self.hint.setText(f"Booked for {_slot_text(self.slot_picker.chosen())}; calendar file saved.")
            self.schedule_button.setText("&Done")
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
            return True
        return False

    def schedule(self) -> None:
        if self._book():
            self.accept()

    def _show_problem(self, message: str) -> None:
        QMessageBox.warning(self, "Cannot schedule", message)


class RescheduleDialog(QDialog):
    """Move a planned check-in to another time, with the next free slots offered."""

    def __init__(self, context: AppContext, checkin_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        store = context.store
        rows = [row for row in checkin_rows(store, statuses=("planned",)) if row.checkin_id == checkin_id]
        self.checkin_id = checkin_id
        self.setWindowTitle("Reschedule the check-in")
        self.setAccessibleName("Reschedule the check-in")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING_L + SPACING_XS, SPACING_L, SPACING_L + SPACING_XS, SPACING_L)
        layout.setSpacing(SPACING_M)
        current = rows[0] if rows else None
        layout.addWidget(heading_label(f"Check-in with {current.name}" if current else "Check-in"))
        if current is not None:
            planned = f"Planned for {_slot_text(current.starts_at)}, {current.minutes} min"
            layout.addWidget(secondary_label(planned))
        self.slot_picker = SlotPicker(store.tz, self)
        form = QFormLayout()
        form.addRow("&Move to:", self.slot_picker)
        layout.addLayout(form)
        minutes = current.minutes if current else store.settings().checkin_minutes
        controller = ScheduleController(context, current.contact_id, self) if current else None
        proposals = controller.proposals(minutes) if controller else []
        self.slot_picker.set_proposals(proposals or ([current.starts_at] if current else []))
        buttons = QDialogButtonBox(self)
        move = buttons.addButton("&Reschedule", QDialogButtonBox.ButtonRole.AcceptRole)
        move.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> datetime:
        return self.slot_picker.chosen()
