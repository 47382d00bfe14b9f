"""Log a touch (Ctrl+L) with one or more people: kind, day, who reached out, minutes, note."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.kinds import DIRECTION_IN, DIRECTION_OUT, INTERACTION_WEIGHTS, is_touch, label_of
from models.entities import Contact
from services.contacts import ContactError
from services.touches import log_interaction
from ui.contact_picker import ContactPicker
from ui.context import AppContext
from ui.flow_layout import FlowLayout
from ui.problem_text import style_problem_label
from ui.quick_log_bar import from_qdate, to_qdate
from ui.style import SPACING_XS


class LogTouchDialog(QDialog):
    def __init__(
        self, context: AppContext, contact_ids: list[int] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("Log a touch")
        self.setMinimumWidth(460)
        self.chosen: dict[int, str] = {}

        self.picker = ContactPicker(context, self)
        self.picker.picked.connect(self.add_contact)
        self.people = QWidget(self)
        self.people.setAccessibleName("People in this touch")
        self._people_layout = FlowLayout(self.people, SPACING_XS * 2)
        self._chips: list[QToolButton] = []

        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("Kind of touch")
        for kind in INTERACTION_WEIGHTS:
            self.kind_combo.addItem(label_of(kind).capitalize(), kind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData("call"))
        today = context.store.today()
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd MMM yyyy")
        self.date_edit.setMaximumDate(to_qdate(today))
        self.date_edit.setDate(to_qdate(today))
        self.date_edit.setAccessibleName("Date")
        self.direction_combo = QComboBox(self)
        self.direction_combo.setAccessibleName("Who reached out")
        self.direction_combo.addItem("I reached out", DIRECTION_OUT)
        self.direction_combo.addItem("They reached out", DIRECTION_IN)
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(0, 24 * 60)
        self.minutes_spin.setSpecialValueText("—")
        self.minutes_spin.setSuffix(" min")
        self.minutes_spin.setAccessibleName("Minutes")
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(90)
        self.error_label = QLabel(self)
        style_problem_label(self.error_label)
        self.error_label.hide()

        form = QFormLayout()
        form.addRow("&With", self.picker)
        form.addRow("", self.people)
        form.addRow("&Kind", self.kind_combo)
        form.addRow("&Date", self.date_edit)
        form.addRow("Wh&o", self.direction_combo)
        form.addRow("&Minutes", self.minutes_spin)
        form.addRow("&Note", self.note_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.log_button = self.buttons.addButton("Log", QDialogButtonBox.ButtonRole.AcceptRole)
        self.log_button.setAccessibleName("Log the touch")
        self.buttons.accepted.connect(self.log)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        for contact_id in contact_ids or []:
            contact = Contact.get_or_none(Contact.id == contact_id)
            if contact is not None:
                self.add_contact(contact.id, contact.display_name)
        self._update()
        if not self.chosen:
            self.picker.search.setFocus()

    def add_contact(self, contact_id: int, name: str) -> None:
        if contact_id in self.chosen:
            return
        self.chosen[contact_id] = name
        chip = QToolButton(self.people)
        chip.setText(f"{name}  ✕")
        chip.setAccessibleName(f"Remove {name}")
        chip.clicked.connect(lambda _=False, cid=contact_id, button=chip: self._remove(cid, button))
        self._people_layout.addWidget(chip)
        self._chips.append(chip)
        self._update()

    def _remove(self, contact_id: int, chip: QToolButton) -> None:
        self.chosen.pop(contact_id, None)
        self._people_layout.removeWidget(chip)
        self._chips.remove(chip)
        chip.deleteLater()
        self._update()

    def _update(self) -> None:
        self.people.setVisible(bool(self.chosen))
        self.log_button.setEnabled(bool(self.chosen))

    def when(self) -> datetime:
        day: date = from_qdate(self.date_edit.date())
        store = self._context.store
        if day >= store.today():
            return store.now()
        return datetime.combine(day, time(12, 0), tzinfo=store.tz)

    def log(self) -> None:
        if not self.chosen:
            return
        contacts = list(Contact.select().where(Contact.id.in_(list(self.chosen))))
        kind = self.kind_combo.currentData()
        try:
            log_interaction(
                self._context.store, contacts, kind, when=self.when(),
                direction=self.direction_combo.currentData(), minutes=self.minutes_spin.value() or None,
                note=self.note_edit.toPlainText().strip(),
            )
        except ContactError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        ids = [c.id for c in contacts]
        self._context.interaction_logged.emit(ids)
        names = ", ".join(self.chosen.values())
        self._context.status_message.emit(
            f"Logged {label_of(kind)} with {names}" if is_touch(kind) else f"Note added for {names}"
        )
        self.accept()
