"""The Settings page's calendar card: connect a CalDAV calendar, test it, push, disconnect.

Every server or keyring call runs on Qt's thread pool; the card shows a busy bar and
keeps its buttons disabled meanwhile, and the answer (or a one-line reason) comes back
by signal. The password field is emptied as soon as the password is in the keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from connectors.caldav_sync import CalendarError, CalendarInfo
from connectors.secrets import SecretStoreUnavailable
from services.calendar_sync import (
    Account,
    ClientFactory,
    PushReport,
    account_status,
    connect_account,
    default_client_factory,
    disconnect_account,
    push_pending,
    test_account,
)
from ui.context import AppContext
from ui.style import CARD_PADDING, SPACING_L, SPACING_S, Card, heading_label, secondary_label
from ui.workers import Task

READABLE_ERRORS = (CalendarError, SecretStoreUnavailable, ValueError, OSError)
FIELD_WIDTH = 360
EXPLANATION = (
    "Check-ins appear in the calendar you already use (Nextcloud, Fastmail, iCloud, Radicale…), "
    "and proposed slots avoid your meetings there. The password is kept in your system's keyring."
)


class CalendarSettingsPanel(Card):
    """Self-contained: embed it in the Settings page; it saves and reports on its own."""

    # A server or keyring call finished: (what, ok, message). For tests and the status bar.
    operation_finished = Signal(str, bool, str)

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        client_factory: ClientFactory = default_client_factory,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._client_factory = client_factory
        self._task: Task | None = None
        self._shown_account: Account | None = None
        self.setAccessibleName("Calendar")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(CARD_PADDING + 2, CARD_PADDING, CARD_PADDING + 2, CARD_PADDING + 2)
        layout.setSpacing(SPACING_S)
        layout.addWidget(heading_label("Calendar", self))
        layout.addWidget(secondary_label(EXPLANATION, self, word_wrap=True))

        form = QFormLayout()
        form.setHorizontalSpacing(SPACING_L)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.url = self._field("Calendar address", "https://cloud.example.com/remote.php/dav/")
        self.user = self._field("User name", "")
        self.password = self._field("Password", "an app password, if your provider offers them")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.calendar_name = self._field("Calendar name", "optional: the first calendar is used")
        form.addRow("&Address:", self.url)
        form.addRow("&User:", self.user)
        form.addRow("&Password:", self.password)
        form.addRow("Ca&lendar:", self.calendar_name)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING_S)
        self.connect_button = self._button("&Connect", "Check the login and keep the password in the keyring")
        self.test_button = self._button("&Test", "Log in and read from the calendar")
        self.push_button = self._button("Push &now", "Send the check-ins that are not yet in the calendar")
        self.disconnect_button = self._button("&Disconnect", "Forget the calendar and delete its password")
        for button in (self.connect_button, self.test_button, self.push_button, self.disconnect_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: we cannot know how long a server takes
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.setAccessibleName("Working")
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Calendar status")
        layout.addWidget(self.status)
        self.error_banner = QWidget(self)
        banner = QHBoxLayout(self.error_banner)
        banner.setContentsMargins(0, 0, 0, 0)
        icon = QLabel(self.error_banner)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(20, 20))
        banner.addWidget(icon)
        self.error = QLabel(self.error_banner)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Calendar problem")
        banner.addWidget(self.error, 1)
        self.error_banner.hide()
        layout.addWidget(self.error_banner)

        self.connect_button.clicked.connect(self.connect_account)
        self.test_button.clicked.connect(self.test_account)
        self.push_button.clicked.connect(self.push_now)
        self.disconnect_button.clicked.connect(self.disconnect_account)
        for signal in (context.checkins_changed, context.settings_changed, context.data_changed):
            signal.connect(self.refresh)
        self.refresh()

    def _field(self, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setAccessibleName(name)
        field.setPlaceholderText(placeholder)
        field.setMinimumWidth(FIELD_WIDTH)
        return field

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", ""))
        return button

    # --- state ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    def refresh(self, *_: object) -> None:
        """Fields and status from the settings and the database (no network, no keyring)."""
        status = account_status(self.context.store)
        account = status.account
        # Only a change of account rewrites the fields: a refresh must not undo the user's typing.
        if account is not None and account != self._shown_account and not self.busy:
            self.url.setText(account.url)
            self.user.setText(account.user)
            self.calendar_name.setText(account.calendar_name)
        self._shown_account = account
        self.status.setText(status.summary)
        tooltip = "\n".join(
            f"{change.name or 'a removed check-in'}: {change.last_error}"
            for change in status.pending
            if change.last_error
        )
        self.status.setToolTip(tooltip)
        self._enable(account is not None, bool(status.pending))

    def _enable(self, connected: bool, pending: bool) -> None:
        idle = not self.busy
        for field in (self.url, self.user, self.password, self.calendar_name):
            field.setEnabled(idle)
        self.connect_button.setEnabled(idle)
        self.test_button.setEnabled(idle and connected)
        self.push_button.setEnabled(idle and connected and pending)
        self.disconnect_button.setEnabled(idle and connected)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error_banner.setVisible(bool(message))

    # --- operations (each on a worker) ---------------------------------------------------

    def _run(self, what: str, work: Callable[[], Any], done: Callable[[Any], str]) -> bool:
        if self.busy:
            return False
        self._show_error("")
        self.progress.show()
        task = Task(self.context.store, lambda _progress, _cancelled: work(), readable_errors=READABLE_ERRORS)
        task.signals.finished.connect(lambda result: self._finished(what, done(result)))
        task.signals.failed.connect(lambda message: self._failed(what, message))
        self._task = task
        self.refresh()
        task.start()
        return True

    def _finished(self, what: str, message: str) -> None:
        self._task = None
        self.progress.hide()
        self.refresh()
        self.context.status_message.emit(message)
        self.operation_finished.emit(what, True, message)

    def _failed(self, what: str, message: str) -> None:
        self._task = None
        self.progress.hide()
        self._show_error(message)
        self.refresh()
        self.operation_finished.emit(what, False, message)

    def connect_account(self) -> bool:
        store, factory = self.context.store, self._client_factory
        url, user, name = self.url.text(), self.user.text(), self.calendar_name.text()
        password = self.password.text()
        if not url.strip() or not user.strip() or not password:
            self._show_error("Fill in the address, the user name and the password.")
            return False

        def work() -> tuple[CalendarInfo, PushReport]:
            info = connect_account(store, url, user, password, name, client_factory=factory)
            return info, push_pending(store, factory)

        def done(result: tuple[CalendarInfo, PushReport]) -> str:
            info, report = result
            self.password.clear()
            self.context.settings_changed.emit()
            sent = f"; {report.put} check-in{'s' if report.put != 1 else ''} sent" if report.put else ""
            return f'Connected to the calendar "{info.name}"{sent}'

        return self._run("connect", work, done)

    def test_account(self) -> bool:
        store, factory = self.context.store, self._client_factory

        def done(info: CalendarInfo) -> str:
            return f'The calendar "{info.name}" answers'

        return self._run("test", lambda: test_account(store, factory), done)

    def push_now(self) -> bool:
        store, factory = self.context.store, self._client_factory

        def done(report: PushReport) -> str:
            if report.failed:
                self._show_error(f"Not yet in your calendar: {report.error}")
                return "Some check-ins are not yet in your calendar"
            return "Your calendar is up to date"

        return self._run("push", lambda: push_pending(store, factory), done)

    def disconnect_account(self) -> bool:
        store = self.context.store

        def done(message: str) -> str:
            self.url.clear()
            self.user.clear()
            self.password.clear()
            self.calendar_name.clear()
            self.context.settings_changed.emit()
            if "could not" in message:  # the keyring refused: the user should know the secret stayed
                self._show_error(message)
            return message

        return self._run("disconnect", lambda: disconnect_account(store), done)
