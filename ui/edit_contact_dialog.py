"""Adding or editing a contact.

A mistake keeps the dialog open with the field marked and a message: nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from services.contact_edits import circle_choices
from services.contact_form import ContactForm, FormError, check_form, form_of, save_form
from services.contacts import ContactError
from ui.context import AppContext
from ui.problem_text import mark_field, style_problem_label
from ui.style import SPACING_M

# (field, label, placeholder)
_TEXT_FIELDS: list[tuple[str, str, str]] = [
    ("name", "&Name", "First and last name"),
    ("company", "&Company", ""),
    ("position", "&Position", "e.g. Head of Sales"),
    ("linkedin_url", "&LinkedIn", "https://www.linkedin.com/in/…"),
    ("emails", "&Emails", "name@example.com, another@example.com"),
    ("phones", "P&hones", "+49 30 1234567"),
    ("websites", "&Websites", "https://example.com"),
    ("location", "L&ocation", "City, country"),
    ("how_met", "How we &met", "e.g. PyCon 2024"),
    ("connected_on", "Connected o&n", "YYYY-MM-DD"),
    ("birthday", "&Birthday", "YYYY-MM-DD, or MM-DD without the year"),
    ("tags", "&Tags", "Comma-separated, e.g. python, hiring"),
]


class EditContactDialog(QDialog):
    saved = Signal(int)  # the contact's id

    def __init__(
        self, context: AppContext, contact_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.contact_id = contact_id
        self.setWindowTitle("New contact" if contact_id is None else "Edit contact")
        self.setMinimumWidth(480)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        form = QFormLayout()
        form.setVerticalSpacing(SPACING_M // 2)
        for name, label, placeholder in _TEXT_FIELDS:
            line = QLineEdit(self)
            line.setPlaceholderText(placeholder)
            line.setAccessibleName(label.replace("&", ""))
            self.fields[name] = line
            form.addRow(label, line)
            if name == "position":
                self.circle_combo = QComboBox(self)
                self.circle_combo.setAccessibleName("Circle")
                for choice in circle_choices(context.store):
                    days = choice.cadence_days
                    every = f" (every {days} days)" if days else " (no reminders)"
                    self.circle_combo.addItem(choice.name + every, choice.name)
                self.fields["circle"] = self.circle_combo
                form.addRow("Ci&rcle", self.circle_combo)
        self.error_label = QLabel(self)
        self.error_label.setAccessibleName("Problem")
        style_problem_label(self.error_label)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self._initial = ContactForm(circle="Untracked")
        if contact_id is not None:
            self._initial = form_of(context.store, contact_id)
        self.set_form(self._initial)

    # --- the form's values ----------------------------------------------------------------------------

    def set_form(self, form: ContactForm) -> None:
        for item in fields(ContactForm):
            widget = self.fields[item.name]
            value = getattr(form, item.name)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            else:
                widget.setText(value)

    def form(self) -> ContactForm:
        values = {}
        for item in fields(ContactForm):
            widget = self.fields[item.name]
            values[item.name] = widget.currentData() if isinstance(widget, QComboBox) else widget.text()
        return ContactForm(**values)

    def field(self, name: str) -> QLineEdit:
        widget = self.fields[name]
        assert isinstance(widget, QLineEdit)
        return widget

    # --- saving -----------------------------------------------------------------------------------------

    def save(self) -> None:
        self._clear_problem()
        form = self.form()
        try:
            check_form(form, self._context.store.today())
            contact_id = save_form(self._context.store, form, self.contact_id)
        except FormError as error:
            self._show_problem(str(error), error.field_name)
            return
        except ContactError as error:
            field_name = "linkedin_url" if "linkedin" in str(error).lower() else "name"
            self._show_problem(str(error), field_name)
            return
        self.contact_id = contact_id
        self._initial = form
        self._context.contact_changed.emit(contact_id)
        self._context.status_message.emit(f"Saved {form.name.strip()}")
        self.saved.emit(contact_id)
        self.accept()

    def _show_problem(self, message: str, field_name: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        widget = self.fields.get(field_name)
        if widget is not None:
            mark_field(widget, True)
            widget.setAccessibleDescription(message)
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def _clear_problem(self) -> None:
        self.error_label.hide()
        for widget in self.fields.values():
            mark_field(widget, False)
            widget.setAccessibleDescription("")

    def problem_field(self) -> str | None:
        """The field currently marked as wrong, if any."""
        for name, widget in self.fields.items():
            if widget.styleSheet():
                return name
        return None

    def reject(self) -> None:
        if self.form() != self._initial:
            answer = QMessageBox.question(
                self, "Discard changes?", "Close without saving? What you typed will be lost.",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
