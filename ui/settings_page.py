"""Settings: cadences, the daily rhythm, reminders and the data folder. Every change saves at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, SignalInstance
from PySide6.QtGui import QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QStyle,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from core.settings import Settings
from services.circles import MAX_CADENCE_DAYS
from services.preferences import MAX_CHECKIN_MINUTES, MAX_DAILY_BUDGET
from ui.calendar_settings import CalendarSettingsPanel
from ui.context import AppContext
from ui.notification_history import NotificationHistoryPage
from ui.refresh import VisibleRefresher
from ui.settings_controller import SettingsController
from ui.settings_sections import DataSection, Section, clock_text, spin_box, time_edit, to_qtime
from ui.style import (
    SPACING_L,
    SPACING_M,
    SPACING_S,
    SPACING_XL,
    secondary_label,
    set_page_margins,
    title_label,
)

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TWO_COLUMN_WIDTH = 1000  # page width below which the sections stack in one column
SAVE_DELAY_MS = 600  # typing and arrow clicks settle before a save (or a cadence recomputation)


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.controller = SettingsController(context, self)
        self._loading = False
        self.setAccessibleName("Settings")

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        content = QWidget(scroll)
        content.setBackgroundRole(QPalette.ColorRole.Window)
        scroll.setWidget(content)
        page = QVBoxLayout(content)
        set_page_margins(page)
        page.setSpacing(SPACING_S)
        page.addWidget(title_label("Settings", content))
        page.addWidget(secondary_label("Changes are saved as you make them.", content))
        self.problem = self._problem_banner(content)
        page.addWidget(self.problem)
        page.addSpacing(SPACING_S)

        columns = QHBoxLayout()
        columns.setSpacing(SPACING_XL)
        self.left_column, self.right_column = QVBoxLayout(), QVBoxLayout()
        for column in (self.left_column, self.right_column):
            column.setSpacing(SPACING_L)
            columns.addLayout(column, 1)
        page.addLayout(columns)
        page.addStretch(1)
        self.calendar = CalendarSettingsPanel(context, content)
        cadence, checkins = self._cadence_section(content), self._checkin_section(content)
        reminders = self._reminder_section(content)
        self.data_section = data = DataSection(context, content)
        history = self._history_section(content)
        # Left and right when wide; one column, in reading order, when narrow.
        self._two_columns = ([cadence, checkins, data], [reminders, history, self.calendar])
        self._one_column = [cadence, reminders, history, checkins, self.calendar, data]
        self._columns = 0
        self._arrange(2)

        self.controller.problem_changed.connect(self._show_problem)
        self.refresher = VisibleRefresher(self, self.refresh)
        context.settings_changed.connect(self.refresher.request)
        context.data_changed.connect(self.refresher.request)

    # --- sections --------------------------------------------------------------------------

    def _problem_banner(self, parent: QWidget) -> QWidget:
        banner = QWidget(parent)
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(0, SPACING_S, 0, 0)
        icon = QLabel(banner)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(20, 20))
        layout.addWidget(icon)
        self.problem_text = QLabel(banner)
        self.problem_text.setWordWrap(True)
        self.problem_text.setAccessibleName("Settings problem")
        layout.addWidget(self.problem_text, 1)
        banner.hide()
        return banner

    def _cadence_section(self, parent: QWidget) -> Section:
        section = Section(
            "Keep in touch",
            "How often to be in touch with each circle. Contacts with a cadence of their own keep it.",
            parent,
        )
        self.cadence_spins: dict[str, QSpinBox] = {}
        self.circle_counts: dict[str, QLabel] = {}
        self._cadence_timers: dict[str, QTimer] = {}
        for circle in self.controller.circles():
            if circle.cadence_days is None:
                continue
            spin = spin_box(f"Cadence of the {circle.name} circle", 1, MAX_CADENCE_DAYS, " days", section)
            count = secondary_label("", section)
            row = QHBoxLayout()
            row.setSpacing(SPACING_M)
            row.addWidget(spin)
            row.addWidget(count, 1)
            section.form.addRow(f"{circle.name}:", row)
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(SAVE_DELAY_MS)
            timer.timeout.connect(lambda name=circle.name: self._save_cadence(name))
            spin.valueChanged.connect(lambda _value, t=timer: None if self._loading else t.start())
            self.cadence_spins[circle.name] = spin
            self.circle_counts[circle.name] = count
            self._cadence_timers[circle.name] = timer
        self.budget = spin_box("Daily budget of check-ins", 1, MAX_DAILY_BUDGET, " a day", section)
        self.budget.setToolTip(
            "How many people Today suggests, and how many check-ins a day the slot finder books"
        )
        self._on_change(self.budget.valueChanged, lambda: {"daily_budget": self.budget.value()})
        section.form.addRow("Daily budget:", self.budget)
        return section

    def _checkin_section(self, parent: QWidget) -> Section:
        section = Section(
            "Check-ins", "When the slot finder may propose a check-in, and how long it lasts.", parent
        )
        days = QHBoxLayout()
        days.setSpacing(SPACING_S)
        self.day_boxes: list[QCheckBox] = []
        for name in WEEKDAY_NAMES:
            box = QCheckBox(name, section)
            box.setAccessibleName(f"Check-ins on {name}")
            self._on_change(box.toggled, self._checkin_days)
            self.day_boxes.append(box)
            days.addWidget(box)
        days.addStretch(1)
        section.form.addRow("Days:", days)
        self.checkin_start, self.checkin_end = self._time_range(
            section, "Hours:", "Check-in hours", self._checkin_hours
        )
        self.checkin_minutes = spin_box(
            "Check-in length in minutes", 5, MAX_CHECKIN_MINUTES, " minutes", section
        )
        self.checkin_minutes.setSingleStep(5)
        self._on_change(
            self.checkin_minutes.valueChanged, lambda: {"checkin_minutes": self.checkin_minutes.value()}
        )
        section.form.addRow("Length:", self.checkin_minutes)
        self.invite = QPlainTextEdit(section)
        self.invite.setAccessibleName("Invite text")
        self.invite.setToolTip("{first_name} and {when} are filled in for each check-in")
        self.invite.setTabChangesFocus(True)
        self.invite.setFixedHeight(self.invite.fontMetrics().lineSpacing() * 3 + 14)
        self.invite.setMinimumWidth(340)
        self._invite_timer = QTimer(self)
        self._invite_timer.setSingleShot(True)
        self._invite_timer.setInterval(SAVE_DELAY_MS)
        self._invite_timer.timeout.connect(self._save_invite)
        self.invite.textChanged.connect(lambda: None if self._loading else self._invite_timer.start())
        section.form.addRow("Invite text:", self.invite)
        return section

    def _time_range(
        self, section: Section, label: str, name: str, changes: Callable[[], dict[str, object]]
    ) -> tuple[QTimeEdit, QTimeEdit]:
        """A "from … to …" pair of times on one form row, saved together by `changes`."""
        start, end = time_edit(f"{name} start", section), time_edit(f"{name} end", section)
        row = QHBoxLayout()
        row.addWidget(start)
        row.setSpacing(SPACING_S)
        row.addWidget(QLabel("to", section))
        row.addWidget(end)
        row.addStretch(1)
        section.form.addRow(label, row)
        for edit in (start, end):
            self._on_change(edit.timeChanged, changes)
        return start, end

    def _reminder_section(self, parent: QWidget) -> Section:
        section = Section("Reminders", "Rapport nudges you, never in your quiet hours.", parent)
        self.notifications = QCheckBox("Show desktop notifications", section)
        self.notifications.setAccessibleName("Show desktop notifications")
        self._on_change(
            self.notifications.toggled, lambda: {"notifications_enabled": self.notifications.isChecked()}
        )
        section.form.addRow(self.notifications)
        self.digest_enabled = QCheckBox("Daily digest at", section)
        self.digest_enabled.setAccessibleName("Send a daily digest")
        self.digest_time = time_edit("Daily digest time", section)
        digest = QHBoxLayout()
        digest.addWidget(self.digest_enabled)
        digest.addWidget(self.digest_time)
        digest.addStretch(1)
        section.form.addRow(digest)
        self._on_change(
            self.digest_enabled.toggled, lambda: {"digest_enabled": self.digest_enabled.isChecked()}
        )
        self._on_change(
            self.digest_time.timeChanged, lambda: {"digest_time": clock_text(self.digest_time.time())}
        )
        self.quiet_start, self.quiet_end = self._time_range(
            section, "Quiet hours:", "Quiet hours", self._quiet_hours
        )
        self.birthdays = QCheckBox("Remind me of birthdays", section)
        self.birthdays.setAccessibleName("Remind me of birthdays")
        self._on_change(self.birthdays.toggled, lambda: {"birthday_reminders": self.birthdays.isChecked()})
        section.form.addRow(self.birthdays)
        self.weekly_review = QCheckBox("Send me a weekly review on Sunday evening", section)
        self.weekly_review.setAccessibleName("Weekly review on Sunday evening")
        self._on_change(
            self.weekly_review.toggled, lambda: {"weekly_review_enabled": self.weekly_review.isChecked()}
        )
        section.form.addRow(self.weekly_review)
        self.keep_in_tray = QCheckBox("Keep running in the tray when the window closes", section)
        self.keep_in_tray.setAccessibleName("Keep running in the tray when the window closes")
        self._on_change(
            self.keep_in_tray.toggled, lambda: {"keep_running_in_tray": self.keep_in_tray.isChecked()}
        )
        section.form.addRow(self.keep_in_tray)
        self.start_at_login = QCheckBox("Start Rapport when I log in", section)
        self.start_at_login.setAccessibleName("Start Rapport when I log in")
        self.start_at_login.setToolTip("Rapport starts with your desktop session, so reminders arrive")
        # The background half writes or removes the login entry when the setting changes.
        self._on_change(
            self.start_at_login.toggled, lambda: {"start_at_login": self.start_at_login.isChecked()}
        )
        section.form.addRow(self.start_at_login)
        return section

    def _history_section(self, parent: QWidget) -> Section:
        section = Section("Notification history", "", parent)
        self.history = NotificationHistoryPage(self.context, section)
        self.history.setMinimumHeight(260)
        section.form.addRow(self.history)
        return section

    def _arrange(self, columns: int) -> None:
        """Sections in two columns, or one when the window is narrow."""
        if columns == self._columns:
            return
        self._columns = columns
        for column in (self.left_column, self.right_column):
            while column.count():
                column.takeAt(0)  # the sections stay; only their places change
        left, right = self._two_columns if columns == 2 else (self._one_column, [])
        for column, sections in ((self.left_column, left), (self.right_column, right)):
            for section in sections:
                column.addWidget(section)
            column.addStretch(1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(1 if event.size().width() < TWO_COLUMN_WIDTH else 2)

    def _on_change(self, signal: SignalInstance, values: Callable[[], dict[str, object]]) -> None:
        signal.connect(lambda *_: None if self._loading else self.controller.change(**values()))

    def _checkin_hours(self) -> dict[str, object]:
        start, end = self.checkin_start.time(), self.checkin_end.time()
        return {"checkin_start": clock_text(start), "checkin_end": clock_text(end)}

    def _quiet_hours(self) -> dict[str, object]:
        start, end = self.quiet_start.time(), self.quiet_end.time()
        return {"quiet_start": clock_text(start), "quiet_end": clock_text(end)}

    def _save_invite(self) -> None:
        self.controller.change(invite_text=self.invite.toPlainText())

    def _checkin_days(self) -> dict[str, object]:
        return {"checkin_days": [day for day, box in enumerate(self.day_boxes) if box.isChecked()]}

    def _save_cadence(self, circle: str) -> None:
        self.controller.change_cadence(circle, self.cadence_spins[circle].value())

    # --- page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        settings = self.controller.settings()
        self._loading = True
        try:
            self._load(settings)
        finally:
            self._loading = False

    def _load(self, settings: Settings) -> None:
        for circle in self.controller.circles():
            if circle.name in self.cadence_spins and not self._cadence_timers[circle.name].isActive():
                self.cadence_spins[circle.name].setValue(circle.cadence_days or 1)
                noun = "contact" if circle.contacts == 1 else "contacts"
                self.circle_counts[circle.name].setText(f"{circle.contacts:,} {noun}")
        self.budget.setValue(settings.daily_budget)
        for day, box in enumerate(self.day_boxes):
            box.setChecked(day in settings.checkin_days)
        self.checkin_start.setTime(to_qtime(settings.checkin_start))
        self.checkin_end.setTime(to_qtime(settings.checkin_end))
        self.checkin_minutes.setValue(settings.checkin_minutes)
        if self.invite.toPlainText() != settings.invite_text and not self._invite_timer.isActive():
            self.invite.setPlainText(settings.invite_text)
        self.notifications.setChecked(settings.notifications_enabled)
        self.digest_enabled.setChecked(settings.digest_enabled)
        self.digest_time.setTime(to_qtime(settings.digest_time))
        self.quiet_start.setTime(to_qtime(settings.quiet_start))
        self.quiet_end.setTime(to_qtime(settings.quiet_end))
        self.birthdays.setChecked(settings.birthday_reminders)
        self.weekly_review.setChecked(settings.weekly_review_enabled)
        self.keep_in_tray.setChecked(bool(settings.keep_running_in_tray))
        self.start_at_login.setChecked(settings.start_at_login)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresher.page_shown()

    def _show_problem(self, message: str) -> None:
        self.problem_text.setText(message)
        self.problem.setVisible(bool(message))
