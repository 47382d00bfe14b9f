"""Running slow work (demo data, recomputations) off the UI thread.

The work runs in Qt's thread pool with its own database connection (peewee keeps one per
thread); its result or error comes back to the UI thread by a queued signal, so no
widget is ever touched from the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from services.store import Store

log = logging.getLogger(__name__)

WORKER_CACHE_SIZE = -2_000  # 2 MB: to SQLite a negative cache size counts KiB


class BackgroundTask(QObject):
    """One piece of work; `finished(result)` or `failed(error)` arrive on the UI thread."""

    finished = Signal(object)
    failed = Signal(object)
    _done = Signal(object)
    _error = Signal(object)

    def __init__(self, store: Store, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._work = work
        self.running = False
        # The relays are slots of this object, which lives on the UI thread: emitting
        # from the worker therefore queues the call onto the UI thread.
        self._done.connect(self._relay_done)
        self._error.connect(self._relay_error)

    def start(self, pool: QThreadPool | None = None) -> None:
        self.running = True
        (pool or QThreadPool.globalInstance()).start(_Runnable(self))

    def _run_in_worker(self) -> None:
        try:
            with self._store.db.connection_context():
                # A worker's connection lives for one read: a small page cache keeps the window's
                # memory down (the operating system caches the file anyway).
                self._store.db.execute_sql(f"PRAGMA cache_size = {WORKER_CACHE_SIZE}")
                result = self._work()
        except Exception as error:  # reported to the UI thread, which decides what to show
            log.warning("background task failed: %s", error, exc_info=True)
            self._error.emit(error)
        else:
            self._done.emit(result)

    @Slot(object)
    def _relay_done(self, result: object) -> None:
        self.running = False
        self.finished.emit(result)

    @Slot(object)
    def _relay_error(self, error: object) -> None:
        self.running = False
        self.failed.emit(error)


class _Runnable(QRunnable):
    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run_in_worker()


def run_in_background(
    store: Store,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    parent: QObject,
) -> BackgroundTask:
    task = BackgroundTask(store, work, parent)
    task.finished.connect(on_done)
    task.failed.connect(on_error)
    task.start()
    return task


class LatestRead(QObject):
    """One read of the database at a time, off the UI thread, whose result is never stale.

    Asked again while a read runs, it reads once more when that one ends and hands over only
    the newer result: a burst of changes costs at most one extra read.
    """

    loaded = Signal(object)  # what `work` returned
    failed = Signal(str)  # `failure` followed by the error

    def __init__(
        self, store: Store, work: Callable[[], Any], failure: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._work = work
        self._failure = failure
        self._task: BackgroundTask | None = None
        self._again = False
        self.loads = 0  # results handed over, for tests and diagnostics

    @property
    def busy(self) -> bool:
        return self._task is not None

    def load(self) -> None:
        if self.busy:
            self._again = True
            return
        self._task = BackgroundTask(self._store, self._work, self)
        self._task.finished.connect(self._done)
        self._task.failed.connect(self._failed)
        self._task.start()

    def _done(self, result: object) -> None:
        if self._finish():
            return  # a newer read is on its way; this result may already be stale
        self.loads += 1
        self.loaded.emit(result)

    def _failed(self, error: object) -> None:
        if not self._finish():
            self.failed.emit(f"{self._failure}: {error}")

    def _finish(self) -> bool:
        """Let go of the finished task; True when another read was started."""
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        if self._again:
            self._again = False
            self.load()
            return True
        return False
