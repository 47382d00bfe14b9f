"""Long work (imports, exports, restores) in Qt's thread pool, with progress and Cancel.

The work gets two callables — ``progress(done, total)`` and ``cancelled()`` — and runs on
a pool thread with its own database connection (peewee keeps one per thread). Its
progress, result or error come back as signals of a QObject living on the UI thread, so
the receivers run there: no widget is ever touched from the worker.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from services.store import Store

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
Work = Callable[[ProgressCallback, CancelCheck], Any]

# A 30,000-row import reports every row; the UI needs a few updates a second, not thousands.
PROGRESS_INTERVAL_S = 0.05


class TaskSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Task(QRunnable):
    """One piece of long work. Connect to ``signals`` before ``start()``.

    `readable_errors` are errors the user can act on (a bad file, a full disk): their
    message is shown as it is. `cancel_errors` are how the work says it stopped on request.
    Anything else is a programming error: logged with its traceback, reported briefly.
    """

    def __init__(
        self,
        store: Store,
        work: Work,
        *,
        readable_errors: tuple[type[BaseException], ...] = (OSError,),
        cancel_errors: tuple[type[BaseException], ...] = (),
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps the reference; Qt must not delete it under us
        self.signals = TaskSignals()
        self._store = store
        self._work = work
        self._readable = readable_errors
        self._cancel_errors = cancel_errors
        self._cancel = threading.Event()
        self._last_progress = 0.0
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(self)

    def _report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            with self._store.db.connection_context():
                result = self._work(self._report, self.is_cancelled)
        except self._cancel_errors:
            self.signals.cancelled.emit()
        except self._readable as error:
            log.info("task refused: %s", error, exc_info=True)
            self.signals.failed.emit(str(error) or type(error).__name__)
        except Exception as error:
            log.exception("task failed")
            self.signals.failed.emit(f"Something went wrong: {error}. The details are in the log.")
        else:
            # Work that returned normally has committed: report it, even if Cancel came too late.
            self.signals.finished.emit(result)
        finally:
            self.done.set()
