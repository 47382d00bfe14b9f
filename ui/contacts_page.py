"""Contacts: the whole network as a table — search, filter, sort, bulk edits, and triage mode."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from services.contact_edits import circle_choices, tag_names
from services.contact_rows import ContactRow, contact_count, load_contact_rows
from ui.background import LatestRead
from ui.contact_table_model import ContactTableModel, StatusRole, WarmthRole
from ui.contacts_actions import ContactsBulkActions
from ui.contacts_filter import ARCHIVED, ContactColumn, ContactCriteria
from ui.contacts_filter_bar import ContactsFilterBar
from ui.context import AppContext
from ui.list_table_model import set_up_row_table
from ui.refresh import VisibleRefresher
from ui.style import SPACING_S, heading_label, secondary_label, set_page_margins, title_label
from ui.table_delegates import StatusChipDelegate, WarmthBarDelegate
from ui.untracked_triage import UntrackedTriage

_LIST, _EMPTY, _TRIAGE = 0, 1, 2
_COLUMN_WIDTHS = {
    ContactColumn.NAME: 220,
    ContactColumn.COMPANY: 180,
    ContactColumn.POSITION: 200,
    ContactColumn.CIRCLE: 110,
    ContactColumn.LAST_TOUCH: 110,
    ContactColumn.WARMTH: 96,
    ContactColumn.STATUS: 96,
    ContactColumn.NEXT_DUE: 110,
}
# Restoring a selection row by row after a reload is only worth it for a handful of rows.
_RESELECT_LIMIT = 2_000
# Beyond this many changed contacts, reloading every row is quicker than updating each.
_ROW_UPDATE_LIMIT = 2_000
# From this many contacts on, every row is read in the background (~0.25 s at 30,000): the
# window stays responsive and the page says it is loading. Below, reading is a few ms.
BACKGROUND_LOAD_FROM = 3_000


class ContactsPage(QWidget):
    rows_loaded = Signal()  # every row was (re)read and is shown

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.bulk = ContactsBulkActions(context, self)
        self.model = ContactTableModel(self)
        self._changed_ids: set[int] = set()
        self._reload_all = True
        self._loaded_once = False
        self.background_load_from = BACKGROUND_LOAD_FROM
        store = context.store
        self.loader = LatestRead(
            store, lambda: load_contact_rows(store), "The contacts could not be loaded", self
        )
        self.loader.loaded.connect(self._rows_arrived)
        self.loader.failed.connect(self._load_failed)
        self._refresher = VisibleRefresher(self, self._apply_changes)

        self.title = title_label("Contacts", self)
        self.count_label = secondary_label("", self)
        self.count_label.setAccessibleName("Contacts shown")
        self.triage_button = QPushButton("Triage untracked", self)
        self.triage_button.setAccessibleName("Triage untracked contacts")
        self.triage_button.setToolTip("Put fresh imports into circles, one at a time, with keys 1–5")
        self.triage_button.clicked.connect(self.start_triage)
        self.new_button = QPushButton("New contact", self)
        self.new_button.setAccessibleName("New contact")
        self.new_button.setToolTip("Add a contact (Ctrl+N)")
        self.new_button.clicked.connect(self.new_contact)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(self.triage_button)
        header.addWidget(self.new_button)

        self.filters = ContactsFilterBar(self)
        self.filters.criteria_changed.connect(self._apply_criteria)

        self.selection_label = QLabel(self)
        self.selection_label.setAccessibleName("Selected contacts")
        self.circle_button = QToolButton(self)
        self.circle_button.setText("Set circle")
        self.circle_button.setAccessibleName("Set circle of the selected contacts")
        self.circle_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.circle_menu = QMenu(self.circle_button)
        self.circle_button.setMenu(self.circle_menu)
        self.tag_button = QPushButton("Add tag…", self)
        self.tag_button.setAccessibleName("Add a tag to the selected contacts")
        self.tag_button.clicked.connect(lambda: self.bulk.ask_tag(self.selected_ids()))
        self.log_button = QPushButton("Log touch…", self)
        self.log_button.setAccessibleName("Log a touch with the selected contacts")
        self.log_button.clicked.connect(self.log_touch_with_selection)
        self.archive_button = QPushButton("Archive", self)
        self.archive_button.setAccessibleName("Archive the selected contacts")
        self.archive_button.clicked.connect(self._archive_or_restore)
        bulk = QHBoxLayout()
        bulk.setSpacing(SPACING_S)
        bulk.addWidget(self.selection_label)
        bulk.addStretch(1)
        for button in (self.circle_button, self.tag_button, self.log_button, self.archive_button):
            bulk.addWidget(button)

        self.table = QTableView(self)
        set_up_row_table(
            self.table, self.model, "Contacts table", QAbstractItemView.SelectionMode.ExtendedSelection
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ContactColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.activated.connect(self._open_index)
        vertical = self.table.verticalHeader()
        # Fixed row heights: the view never measures 30,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 12)
        horizontal = self.table.horizontalHeader()
        horizontal.setHighlightSections(False)
        horizontal.setStretchLastSection(False)
        for column, width in _COLUMN_WIDTHS.items():
            horizontal.resizeSection(column, width)
        horizontal.setSectionResizeMode(ContactColumn.POSITION, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(ContactColumn.WARMTH, WarmthBarDelegate(WarmthRole, self.table))
        self.table.setItemDelegateForColumn(ContactColumn.STATUS, StatusChipDelegate(StatusRole, self.table))
        self.table.selectionModel().selectionChanged.connect(self._update_selection_bar)

        self.empty_title = heading_label("", self)
        self.empty_text = secondary_label("", self, word_wrap=True)
        self.empty_button = QPushButton(self)
        self.empty_button.clicked.connect(self._empty_action)
        empty = QWidget(self)
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        # Labels centre their text across the full width (aligning the widgets themselves would
        # size a wrapped text for a guessed width and cut its second line off).
        for label in (self.empty_title, self.empty_text):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            empty_layout.addWidget(label)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.triage = UntrackedTriage(context, self)
        self.triage.left.connect(self.leave_triage)

        list_page = QWidget(self)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(bulk)
        list_layout.addWidget(self.table, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(list_page)
        self.stack.addWidget(empty)
        self.stack.addWidget(self.triage)

        self._list_chrome = QWidget(self)
        chrome = QVBoxLayout(self._list_chrome)
        chrome.setContentsMargins(0, 0, 0, 0)
        chrome.setSpacing(SPACING_S * 2)
        chrome.addLayout(header)
        chrome.addWidget(self.filters)
        layout = QVBoxLayout(self)
        set_page_margins(layout)
        layout.addWidget(self._list_chrome)
        layout.addWidget(self.stack, 1)

        context.data_changed.connect(self._request_reload)
        context.settings_changed.connect(self._request_reload)
        context.contact_changed.connect(self._request_rows)
        context.interaction_logged.connect(self._request_rows)
        self._update_selection_bar()

    # --- the page contract ----------------------------------------------------------------------

    def refresh(self) -> None:
        self._reload_all = True
        self._refresher.refresh_now()

    def focus_search(self) -> None:
        if self.stack.currentIndex() == _TRIAGE:
            self.leave_triage()
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.model.today() != self._context.store.today():
            self._reload_all = True  # a new day: statuses move on
        self._refresher.page_shown()

    # --- loading ------------------------------------------------------------------------------------

    def _request_reload(self, *_: object) -> None:
        self._reload_all = True
        self._refresher.request()

    def _request_rows(self, contact_ids: object) -> None:
        if isinstance(contact_ids, int):
            self._changed_ids.add(contact_ids)
        elif isinstance(contact_ids, list):
            self._changed_ids.update(int(cid) for cid in contact_ids)
        self._refresher.request()

    @property
    def loading(self) -> bool:
        return self.loader.busy

    def _apply_changes(self) -> None:
        store = self._context.store
        if self.loader.busy:
            # The read under way may have missed this change: read everything once more after it.
            self._changed_ids.clear()
            self._reload_all = False
            self.loader.load()
            return
        changed, self._changed_ids = self._changed_ids, set()
        if len(changed) > _ROW_UPDATE_LIMIT:
            self._reload_all = True  # one query for everything beats a huge IN (…)
        if not self._reload_all and changed:
            fresh = load_contact_rows(store, contact_ids=sorted(changed))
            if len(fresh) == len(changed) and all(self.model.contains(r.contact_id) for r in fresh):
                self.model.update_rows(fresh)
                self._after_load()
                return
            self._reload_all = True  # a new or deleted contact: the list itself changed
        if self._reload_all:
            self._reload_all = False
            if contact_count(store) >= self.background_load_from:
                self.loader.load()
                if not self._loaded_once:
                    self._show_list_or_empty()  # says it is loading
                return
            rows = load_contact_rows(store)
            self._rows_arrived(rows)

    def _rows_arrived(self, rows: object) -> None:
        assert isinstance(rows, list)
        selected = self.selected_ids()
        self.model.reload(lambda: rows, self._context.store.today())
        self._loaded_once = True
        if 0 < len(selected) <= _RESELECT_LIMIT:
            self.select_ids(selected)
        self._after_load()
        self.rows_loaded.emit()

    def _load_failed(self, message: str) -> None:
        self._reload_all = True  # tried again the next time the page is shown or data changes
        self._context.status_message.emit(message)

    def _after_load(self) -> None:
        # Circles and tags are a few rows each; a tag added on the contact page must show up here.
        store = self._context.store
        circles = circle_choices(store)
        self.filters.set_choices([c.name for c in circles], tag_names(store))
        self.circle_menu.clear()
        for circle in circles:
            action = self.circle_menu.addAction(circle.name)
            action.triggered.connect(lambda _=False, name=circle.name: self._set_circle(name))
        untracked = self.model.rows.untracked_count
        self.triage_button.setText(f"Triage {untracked:,} untracked" if untracked else "Triage untracked")
        self.triage_button.setEnabled(untracked > 0)
        self._show_list_or_empty()

    # --- filtering ----------------------------------------------------------------------------------

    def _apply_criteria(self, criteria: ContactCriteria) -> None:
        self.model.set_criteria(criteria)
        self.archive_button.setText("Restore" if criteria.status == ARCHIVED else "Archive")
        self._show_list_or_empty()

    def _show_list_or_empty(self) -> None:
        if self.stack.currentIndex() == _TRIAGE:
            return
        if not self._loaded_once and self.loader.busy:
            self.count_label.setText("")
            self._show_empty("Loading contacts…", "Reading your whole network; this takes a moment.", None)
            return
        shown, total = self.model.rowCount(), self.model.rows.live_count
        people = "contact" if total == 1 else "contacts"
        counted = f"{total:,} {people}"
        self.count_label.setText(counted if shown == total else f"{shown:,} of {counted}")
        if shown:
            self.stack.setCurrentIndex(_LIST)
        elif total == 0 and self.model.rows.criteria == ContactCriteria():
            self._show_empty("No contacts yet", "Import your LinkedIn connections, a vCard file or a Google "
                             "Contacts export — or add someone by hand.", "Import LinkedIn export…")
        else:
            self._show_empty("No contacts match", "Try fewer letters, or another circle, status or tag.",
                             "Clear search and filters")
        self._update_selection_bar()

    def _show_empty(self, title: str, text: str, button: str | None) -> None:
        self.empty_title.setText(title)
        self.empty_text.setText(text)
        self.empty_button.setVisible(button is not None)
        if button is not None:
            self.empty_button.setText(button)
            self.empty_button.setAccessibleName(button)
        self.stack.setCurrentIndex(_EMPTY)

    def _empty_action(self) -> None:
        if self.empty_title.text() == "No contacts match":
            self.filters.clear()
            return
        from ui.import_export import start_import

        start_import(self._context, "linkedin", self)

    # --- selection ------------------------------------------------------------------------------------

    def selected_rows(self) -> list[ContactRow]:
        positions = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(position) for position in positions]

    def selected_ids(self) -> list[int]:
        return [row.contact_id for row in self.selected_rows()]

    def select_ids(self, contact_ids: list[int]) -> None:
        wanted = set(contact_ids)
        selection = QItemSelection()
        last_column = self.model.columnCount() - 1
        for position, row in enumerate(self.model.rows.visible):
            if row.contact_id in wanted:
                selection.select(self.model.index(position, 0), self.model.index(position, last_column))
        self.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _update_selection_bar(self, *_: object) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.selection_label.setText(
            f"{count:,} selected" if count else "Select contacts to change many at once (Shift/Ctrl+click)"
        )
        for widget in (self.circle_button, self.tag_button, self.log_button, self.archive_button):
            widget.setEnabled(count > 0)

    # --- actions ----------------------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self._context.open_contact_requested.emit(self.model.contact_id_at(index.row()))

    def _set_circle(self, circle: str) -> None:
        self.bulk.set_circle(self.selected_ids(), circle)

    def _archive_or_restore(self) -> None:
        rows = self.selected_rows()
        if self.model.rows.criteria.status == ARCHIVED:
            self.bulk.archive([row.contact_id for row in rows], archived=False)
        else:
            self.bulk.confirm_archive(rows)

    def log_touch_with_selection(self) -> None:
        from ui.log_touch_dialog import LogTouchDialog

        LogTouchDialog(self._context, self.selected_ids(), self).open()

    def new_contact(self) -> None:
        from ui.edit_contact_dialog import EditContactDialog

        dialog = EditContactDialog(self._context, None, self)
        dialog.saved.connect(self._context.open_contact_requested.emit)
        dialog.open()

    def _context_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not index.isValid():
            return
        if not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction("Open", lambda: self._open_index(index))
        menu.addAction("Log touch…", self.log_touch_with_selection)
        circles = menu.addMenu("Set circle")
        for action in self.circle_menu.actions():
            circles.addAction(action)
        menu.addAction("Add tag…", lambda: self.bulk.ask_tag(self.selected_ids()))
        menu.addSeparator()
        menu.addAction(self.archive_button.text(), self._archive_or_restore)
        menu.popup(self.table.viewport().mapToGlobal(point))

    # --- triage mode ---------------------------------------------------------------------------------------

    def start_triage(self) -> None:
        self._list_chrome.setVisible(False)
        self.stack.setCurrentIndex(_TRIAGE)
        self.triage.start()

    def leave_triage(self) -> None:
        self._list_chrome.setVisible(True)
        self.stack.setCurrentIndex(_LIST)
        self._reload_all = True
        self._refresher.refresh_now()
        self.table.setFocus()
