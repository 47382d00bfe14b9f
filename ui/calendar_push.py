"""Keeping the user's calendar up to date while the window runs, without ever waiting on it.

Check-in changes are pushed a moment after they happen (changes come in bursts), and
everything still waiting is retried every few minutes; each push runs on Qt's thread
pool, one at a time, and reports back by signal.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from connectors.caldav_sync import CalendarError
from connectors.secrets import SecretStoreUnavailable
from services.calendar_sync import PUSH_INTERVAL_S, PushReport, account_of, calendar_tick
from ui.context import AppContext
from ui.workers import Task

log = logging.getLogger(__name__)

SOON_MS = 1_500


class CalendarPusher(QObject):
    """Runs services.calendar_sync.calendar_tick in the background: soon after changes, and periodically."""

    # A push finished: its PushReport.
    pushed = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent or context)
        self.context = context
        self._task: Task | None = None
        self._again = False
        self.periodic = QTimer(self)
        self.periodic.setInterval(PUSH_INTERVAL_S * 1000)
        self.periodic.timeout.connect(self.push_now)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(SOON_MS)
        self.soon.timeout.connect(self.push_now)
        for signal in (context.checkins_changed, context.settings_changed, context.data_changed):
            signal.connect(self.push_soon)

    def start(self) -> None:
        self.periodic.start()
        self.push_soon()

    def stop(self) -> None:
        self.periodic.stop()
        self.soon.stop()

    @property
    def running(self) -> bool:
        return self._task is not None

    def push_soon(self, *_: object) -> None:
        self.soon.start()

    def push_now(self) -> bool:
        """Start a push unless one is running (then one more follows it); False when not connected."""
        if account_of(self.context.store.settings()) is None:
            return False
        if self._task is not None:
            self._again = True
            return True
        store = self.context.store
        task = Task(
            store,
            lambda _progress, _cancelled: calendar_tick(store),
            readable_errors=(CalendarError, SecretStoreUnavailable, OSError, ValueError),
        )
        task.signals.finished.connect(self._finished)
        task.signals.failed.connect(self._failed)
        self._task = task
        task.start()
        return True

    def _finished(self, report: PushReport) -> None:
        self._task = None
        if report.put or report.deleted:
            self.context.status_message.emit(_done_text(report))
        self.pushed.emit(report)
        self._follow_up()

    def _failed(self, message: str) -> None:
        self._task = None
        log.info("calendar push failed: %s", message)
        self.pushed.emit(PushReport(failed=1, error=message))
        self._follow_up()

    def _follow_up(self) -> None:
        if self._again:
            self._again = False
            self.push_soon()


def _done_text(report: PushReport) -> str:
    parts = []
    if report.put:
        parts.append(f"{report.put} check-in{'s' if report.put != 1 else ''} sent to your calendar")
    if report.deleted:
        parts.append(f"{report.deleted} removed from your calendar")
    return "; ".join(parts)
