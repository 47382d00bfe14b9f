"""Loading the Insights off the UI thread, one load at a time.

At 30,000 contacts the six charts take about a second to compute, so the page asks this
controller and keeps drawing the previous numbers meanwhile. A request that arrives
while a load runs is remembered and served once that load is done, so a burst of
changes costs at most one extra load.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from services.insights import Insights, load_insights
from services.shares import ShareSummary, recent_shares
from services.store import Store
from ui.background import BackgroundTask
from ui.context import AppContext


@dataclass(frozen=True)
class InsightsPageData:
    insights: Insights
    shares: list[ShareSummary]


def load_page_data(store: Store) -> InsightsPageData:
    return InsightsPageData(load_insights(store), recent_shares(store))


class InsightsController(QObject):
    loaded = Signal(object)  # InsightsPageData
    failed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task: BackgroundTask | None = None
        self._again = False
        self.loads = 0  # finished loads, for tests and diagnostics

    @property
    def busy(self) -> bool:
        return self._task is not None and self._task.running

    def reload(self) -> None:
        if self.busy:
            self._again = True
            return
        store = self.context.store
        self._task = BackgroundTask(store, lambda: load_page_data(store), self)
        self._task.finished.connect(self._done)
        self._task.failed.connect(self._failed)
        self._task.start()

    def _done(self, data: object) -> None:
        self.loads += 1
        self._finish()
        self.loaded.emit(data)

    def _failed(self, error: object) -> None:
        self._finish()
        self.failed.emit(f"The insights could not be loaded: {error}")

    def _finish(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        if self._again:
            self._again = False
            self.reload()
