"""Loading the Insights off the UI thread, one load at a time.

At 30,000 contacts the six charts take about a second to compute, so the page asks a
LatestRead for them and keeps drawing the previous numbers meanwhile; a burst of changes
costs at most one extra load.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from services.insights import Insights, load_insights
from services.shares import ShareSummary, recent_shares
from services.store import Store
from ui.background import LatestRead
from ui.context import AppContext


@dataclass(frozen=True)
class InsightsPageData:
    insights: Insights
    shares: list[ShareSummary]


def load_page_data(store: Store) -> InsightsPageData:
    return InsightsPageData(load_insights(store), recent_shares(store))


def insights_reader(context: AppContext, parent: QObject | None = None) -> LatestRead:
    """The page's loader: `load()` to read, `loaded(InsightsPageData)` or `failed(text)` after."""
    store = context.store
    return LatestRead(store, lambda: load_page_data(store), "The insights could not be loaded", parent)
