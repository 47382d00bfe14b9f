"""Today: who to reach out to, the check-ins of the week, and birthdays."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from services.agenda import CheckinRow
from ui.context import AppContext
from ui.icons import tinted_pixmap
from ui.queue_card import BirthdayRowWidget, CheckinRowWidget, QueueCard, day_heading
from ui.refresh import VisibleRefresher
from ui.schedule_dialog import RescheduleDialog, ScheduleDialog
from ui.style import (
    CARD_PADDING,
    SPACING_L,
    SPACING_M,
    SPACING_S,
    SPACING_XL,
    SPACING_XS,
    STATUS_COLOURS,
    Card,
    Separator,
    heading_label,
    scaled_font,
    secondary_label,
    set_page_margins,
    title_label,
)
from ui.today_controller import TodayController, TodayOverview

SIDE_COLUMN_MIN_WIDTH = 280
SIDE_COLUMN_MAX_WIDTH = 400
NARROW_PAGE_WIDTH = 900  # below this, the side column moves under the queue
QWIDGETSIZE_MAX = 16_777_215
DAY_CHECK_MS = 60_000


def greeting(hour: int) -> str:
    if hour < 12:
        return "Good morning"
    if hour < 18:
        return "Good afternoon"
    return "Good evening"


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        inner = item.layout()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class SideCard(Card):
    """A titled card in the right-hand column."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(CARD_PADDING, CARD_PADDING - 2, CARD_PADDING, CARD_PADDING - 2)
        outer.setSpacing(SPACING_S)
        outer.addWidget(heading_label(title, self))
        self.rows = QVBoxLayout()
        self.rows.setSpacing(SPACING_S)
        outer.addLayout(self.rows)


class EmptyState(Card):
    """What Today shows when nobody needs attention."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Nothing due today")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING_XL, SPACING_XL + SPACING_S, SPACING_XL, SPACING_XL + SPACING_S)
        layout.setSpacing(SPACING_M)
        self.picture = QLabel(self)
        warm = QColor(STATUS_COLOURS["warm"])
        self.picture.setPixmap(tinted_pixmap("state-warm", warm, 72, self.devicePixelRatioF()))
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.title = QLabel("Your network is warm. Nothing due today.", self)
        self.title.setFont(scaled_font(self.title.font(), 1.25, bold=True))
        layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        self.text = secondary_label(
            "People come back here as their cadence runs out. Log touches as they happen, "
            "and Rapport keeps the clock for you.",
            word_wrap=True,
        )
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.text)
        self.browse = QPushButton("Browse contacts", self)
        self.browse.setAccessibleName("Browse contacts")
        layout.addWidget(self.browse, 0, Qt.AlignmentFlag.AlignHCenter)


class TodayPage(QWidget):
    """The page a networker opens every morning."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.controller = TodayController(context, self)
        self.controller.problem.connect(self._show_problem)
        self.overview: TodayOverview | None = None
        self.cards: list[QueueCard] = []
        self.checkin_rows: list[CheckinRowWidget] = []
        self.birthday_rows: list[BirthdayRowWidget] = []
        self.setAccessibleName("Today")

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setBackgroundRole(QPalette.ColorRole.Window)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        content = QWidget(scroll)
        content.setBackgroundRole(QPalette.ColorRole.Window)
        scroll.setWidget(content)
        page = QVBoxLayout(content)
        set_page_margins(page)

        header = QVBoxLayout()
        header.setSpacing(SPACING_XS)
        self.title = title_label("Today", content)
        header.addWidget(self.title)
        self.subtitle = secondary_label("", content)
        header.addWidget(self.subtitle)
        page.addLayout(header)

        self.columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.setSpacing(SPACING_XL)
        page.addLayout(columns, 1)
        queue_column = QVBoxLayout()
        queue_column.setSpacing(SPACING_M)
        queue_heading = QHBoxLayout()
        queue_heading.addWidget(heading_label("Reach out today", content))
        queue_heading.addStretch(1)
        self.budget_label = secondary_label("", content)
        queue_heading.addWidget(self.budget_label)
        queue_column.addLayout(queue_heading)
        self.queue_layout = QVBoxLayout()
        self.queue_layout.setSpacing(SPACING_M)
        queue_column.addLayout(self.queue_layout)
        queue_column.addStretch(1)
        columns.addLayout(queue_column, 3)

        side = QVBoxLayout()
        side.setSpacing(SPACING_L)
        self.checkins_card = SideCard("Planned check-ins", content)
        side.addWidget(self.checkins_card)
        self.birthdays_card = SideCard("Birthdays this week", content)
        side.addWidget(self.birthdays_card)
        side.addStretch(1)
        self.side_widget = side_widget = QWidget(content)
        side_widget.setLayout(side)
        side_widget.setMinimumWidth(SIDE_COLUMN_MIN_WIDTH)
        side_widget.setMaximumWidth(SIDE_COLUMN_MAX_WIDTH)
        side_widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        side.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(side_widget, 2)

        self.empty_state = EmptyState(content)
        self.empty_state.browse.clicked.connect(lambda: context.open_page_requested.emit("contacts"))
        self.empty_state.hide()

        self.refresher = VisibleRefresher(self, self.refresh)
        for signal in (
            context.contact_changed,
            context.data_changed,
            context.interaction_logged,
            context.checkins_changed,
            context.settings_changed,
        ):
            signal.connect(self.refresher.request)
        # Left open overnight, the page moves on to the new day by itself.
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._check_new_day)
        self._day_timer.start()

    # --- page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.overview = overview = self.controller.overview()
        now = self.context.store.now().astimezone(self.context.store.tz)
        self.title.setText(f"{greeting(now.hour)}")
        self.title.setAccessibleName("Today")
        week_count = len(overview.week_checkins)
        summary = [
            f"{overview.day:%A} {overview.day.day} {overview.day:%B}",
            _plural(len(overview.queue), "person to reach out to", "people to reach out to"),
            _plural(week_count, "check-in planned this week", "check-ins planned this week"),
        ]
        self.subtitle.setText(" · ".join(summary))
        self.budget_label.setText(f"Daily budget: {overview.daily_budget}")
        self._fill_queue(overview)
        self._fill_checkins(overview)
        self._fill_birthdays(overview)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresher.page_shown()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A narrow window stacks the check-ins and birthdays under the queue instead of cramping both.
        narrow = event.size().width() < NARROW_PAGE_WIDTH
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
            self.side_widget.setMaximumWidth(QWIDGETSIZE_MAX if narrow else SIDE_COLUMN_MAX_WIDTH)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Rich-text links take their colour when built: a new theme needs new cards.
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "refresher"):
            self.refresher.request()

    # --- building the columns --------------------------------------------------------------

    def _fill_queue(self, overview: TodayOverview) -> None:
        self.empty_state.setParent(None)
        clear_layout(self.queue_layout)
        self.cards = []
        if not overview.queue:
            self.empty_state.setParent(self.queue_layout.parentWidget())
            self.queue_layout.addWidget(self.empty_state)
            self.empty_state.show()
            return
        for entry in overview.queue:
            card = QueueCard(entry, overview.checkin_minutes)
            card.open_contact.connect(self.context.open_contact_requested)
            card.schedule.connect(self.open_schedule_dialog)
            card.log_touch.connect(self.open_log_touch_dialog)
            card.snooze.connect(self._snooze)
            card.not_now.connect(self._not_now)
            self.queue_layout.addWidget(card)
            self.cards.append(card)

    def _fill_checkins(self, overview: TodayOverview) -> None:
        rows_layout = self.checkins_card.rows
        clear_layout(rows_layout)
        self.checkin_rows = []
        groups: dict[str, list[CheckinRow]] = {}
        for row in overview.unclosed_checkins + overview.week_checkins:
            groups.setdefault(day_heading(row.starts_at.date(), overview.day), []).append(row)
        if not groups:
            nothing = secondary_label("Nothing planned this week. Book one from a card.", word_wrap=True)
            rows_layout.addWidget(nothing)
            return
        for index, (heading, rows) in enumerate(groups.items()):
            if index:
                rows_layout.addWidget(Separator())
            label = QLabel(heading)
            label.setFont(scaled_font(label.font(), 0.92, bold=True))
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            rows_layout.addWidget(label)
            for row in rows:
                widget = CheckinRowWidget(row, overview.day)
                widget.open_contact.connect(self.context.open_contact_requested)
                widget.done.connect(lambda checkin_id: self.controller.checkins.complete([checkin_id]))
                widget.skip.connect(lambda checkin_id: self.controller.checkins.skip([checkin_id]))
                widget.reschedule.connect(self.open_reschedule_dialog)
                rows_layout.addWidget(widget)
                self.checkin_rows.append(widget)

    def _fill_birthdays(self, overview: TodayOverview) -> None:
        rows_layout = self.birthdays_card.rows
        clear_layout(rows_layout)
        self.birthday_rows = []
        if not overview.birthdays:
            rows_layout.addWidget(secondary_label("No birthdays in the next 7 days."))
            return
        for birthday in overview.birthdays:
            widget = BirthdayRowWidget(birthday)
            widget.open_contact.connect(self.context.open_contact_requested)
            rows_layout.addWidget(widget)
            self.birthday_rows.append(widget)

    # --- actions ---------------------------------------------------------------------------

    def open_schedule_dialog(self, contact_id: int) -> ScheduleDialog:
        dialog = ScheduleDialog(self.context, contact_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_log_touch_dialog(self, contact_id: int) -> QWidget:
        from ui.log_touch_dialog import LogTouchDialog

        dialog = LogTouchDialog(self.context, [contact_id], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_reschedule_dialog(self, checkin_id: int) -> RescheduleDialog:
        dialog = RescheduleDialog(self.context, checkin_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._reschedule(checkin_id, dialog.chosen()))
        dialog.open()
        return dialog

    def _reschedule(self, checkin_id: int, when: datetime) -> None:
        self.controller.checkins.reschedule(checkin_id, when)

    def _snooze(self, contact_id: int, days: int) -> None:
        self.controller.snooze(contact_id, days)

    def _not_now(self, contact_id: int) -> None:
        self.controller.not_now(contact_id)
        self.refresher.refresh_now()

    def _check_new_day(self) -> None:
        if self.overview is not None and self.context.store.today() != self.overview.day:
            self.refresher.request()

    def _show_problem(self, message: str) -> None:
        QMessageBox.warning(self, "Rapport", message)
