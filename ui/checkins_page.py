"""Check-ins: every planned conversation (and, on request, the past ones), with what to do next."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.agenda import CheckinRow, checkin_rows
from ui.checkin_actions import CheckinActions
from ui.checkins_model import CheckinColumn, CheckinTableModel
from ui.context import AppContext
from ui.list_table_model import set_up_row_table
from ui.refresh import VisibleRefresher
from ui.schedule_dialog import RescheduleDialog
from ui.style import SPACING_S, SPACING_XS, heading_label, secondary_label, set_page_margins, title_label

PAST_DAYS_SHOWN = 365


class CheckinsController:
    """Which check-ins the page lists."""

    def __init__(self, context: AppContext) -> None:
        self._context = context

    def rows(self, *, include_past: bool) -> list[CheckinRow]:
        store = self._context.store
        if include_past:
            since = store.now() - timedelta(days=PAST_DAYS_SHOWN)
            return checkin_rows(store, statuses=("planned", "done", "skipped"), since=since)
        # Planned ones from the start of today: earlier ones still planned need closing too.
        start_of_today = datetime.combine(store.today(), time(0, 0), tzinfo=store.tz)
        unclosed = checkin_rows(store, until=start_of_today)
        return unclosed + checkin_rows(store, since=start_of_today)


class CheckinsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.controller = CheckinsController(context)
        self.checkin_actions = CheckinActions(context, self)
        self.checkin_actions.problem.connect(lambda message: QMessageBox.warning(self, "Rapport", message))
        self.setAccessibleName("Check-ins")

        layout = QVBoxLayout(self)
        set_page_margins(layout)
        layout.setSpacing(SPACING_S)
        layout.addWidget(title_label("Check-ins", self))
        self.summary = secondary_label("", self)
        layout.addWidget(self.summary)
        layout.addSpacing(SPACING_XS)

        bar = QHBoxLayout()
        bar.setSpacing(SPACING_S)
        self.done_button = QPushButton("&Done", self)
        self.done_button.setToolTip("It happened: log the touch and reset the clock")
        self.skip_button = QPushButton("S&kip", self)
        self.skip_button.setToolTip("It did not happen; nothing is logged")
        self.reschedule_button = QPushButton("&Reschedule…", self)
        self.reschedule_button.setToolTip("Move the check-in to another time")
        self.ics_button = QPushButton("Save .&ics…", self)
        self.ics_button.setToolTip("Save the check-in as a calendar event")
        for button, name in (
            (self.done_button, "Mark the selected check-ins done"),
            (self.skip_button, "Skip the selected check-ins"),
            (self.reschedule_button, "Reschedule the selected check-in"),
            (self.ics_button, "Save the selected check-in as a calendar file"),
        ):
            button.setAccessibleName(name)
            bar.addWidget(button)
        bar.addStretch(1)
        self.show_past = QCheckBox("Show &past check-ins", self)
        self.show_past.setAccessibleName("Show past check-ins")
        self.show_past.setToolTip("Also list done and skipped check-ins of the last year")
        bar.addWidget(self.show_past)
        layout.addLayout(bar)

        self.model = CheckinTableModel(self)
        self.table = QTableView(self)
        set_up_row_table(
            self.table, self.model, "Check-ins table", QAbstractItemView.SelectionMode.ExtendedSelection
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CheckinColumn.WHEN, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CheckinColumn.WITH, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(CheckinColumn.WHEN, 210)
        header.resizeSection(CheckinColumn.LENGTH, 90)
        header.resizeSection(CheckinColumn.CHANNEL, 120)
        header.resizeSection(CheckinColumn.STATUS, 110)
        header.setHighlightSections(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)

        self.empty = QWidget(self)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_title = heading_label("No check-ins planned", self.empty)
        empty_title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addWidget(empty_title)
        empty_text = secondary_label(
            "Book a 10-minute check-in from Today or from a contact's page; it shows up here.", self.empty
        )
        empty_text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addWidget(empty_text)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        self.hint = QLabel("Double-click a row to open the contact.", self)
        self.hint.setForegroundRole(self.summary.foregroundRole())
        layout.addWidget(self.hint)

        self.done_button.clicked.connect(self.complete_selected)
        self.skip_button.clicked.connect(self.skip_selected)
        self.reschedule_button.clicked.connect(self.open_reschedule_dialog)
        self.ics_button.clicked.connect(self.save_selected_ics)
        self.show_past.toggled.connect(lambda _on: self.refresh())
        self.table.doubleClicked.connect(self._open_contact)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(lambda *_: self._update_buttons())

        self.refresher = VisibleRefresher(self, self.refresh)
        for signal in (context.checkins_changed, context.data_changed, context.contact_changed):
            signal.connect(self.refresher.request)
        self._update_buttons()

    # --- page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        selected = set(self.selected_ids())
        rows = self.controller.rows(include_past=self.show_past.isChecked())
        self.model.set_rows(rows)
        planned = sum(1 for row in rows if row.is_planned)
        self.summary.setText(
            f"{planned} planned" + (f" · {len(rows) - planned} past" if self.show_past.isChecked() else "")
        )
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self._reselect(selected)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresher.page_shown()

    # --- selection -------------------------------------------------------------------------

    def selected_rows(self) -> list[CheckinRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(row) for row in rows]

    def selected_ids(self) -> list[int]:
        return [row.checkin_id for row in self.selected_rows()]

    def select_checkin(self, checkin_id: int) -> None:
        self._reselect({checkin_id})

    def _reselect(self, checkin_ids: set[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for number, row in enumerate(self.model.rows):
            if row.checkin_id in checkin_ids:
                selection.select(self.model.index(number, 0), flags)

    def _update_buttons(self) -> None:
        rows = self.selected_rows()
        planned = [row for row in rows if row.is_planned]
        self.done_button.setEnabled(bool(planned))
        self.skip_button.setEnabled(bool(planned))
        self.reschedule_button.setEnabled(len(rows) == 1 and bool(planned))
        self.ics_button.setEnabled(len(rows) == 1)

    # --- actions ---------------------------------------------------------------------------

    def complete_selected(self) -> None:
        self.checkin_actions.complete([row.checkin_id for row in self.selected_rows() if row.is_planned])

    def skip_selected(self) -> None:
        self.checkin_actions.skip([row.checkin_id for row in self.selected_rows() if row.is_planned])

    def open_reschedule_dialog(self) -> RescheduleDialog | None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return None
        checkin_id = rows[0].checkin_id
        dialog = RescheduleDialog(self.context, checkin_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.checkin_actions.reschedule(checkin_id, dialog.chosen()))
        dialog.open()
        return dialog

    def save_selected_ics(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        safe = "".join(ch if ch.isalnum() else "-" for ch in row.name).strip("-").lower() or "contact"
        suggested = str(Path.home() / f"check-in-{safe}-{row.starts_at:%Y-%m-%d-%H%M}.ics")
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the check-in as a calendar file", suggested, "Calendar files (*.ics)"
        )
        if path:
            self.checkin_actions.save_ics(row.checkin_id, Path(path))

    def _open_contact(self, index: QModelIndex) -> None:
        if index.isValid():
            self.context.open_contact_requested.emit(self.model.row_at(index.row()).contact_id)
