"""The Insights page over the demo network: every chart drawn with real data, in light and dark."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QChart, QLineSeries
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from services.clock import fixed_clock
from services.contacts import resolve_contact
from services.demo import fill_demo_network
from services.demo_shares import add_demo_shares, demo_people
from services.shares import ShareInput, save_share, send_share
from services.store import Store, open_store
from ui.context import AppContext
from ui.insights_page import CHARTS, LOADING, InsightsPage
from ui.shares_panel import SharesTableModel

BERLIN = ZoneInfo("Europe/Berlin")
LOAD_TIMEOUT_MS = 15_000


@pytest.fixture
def insights_demo_store(data_dir: Path) -> Iterator[Store]:
    store = open_store(data_dir, clock=fixed_clock(datetime(2026, 11, 27, 8, 30, tzinfo=UTC)), tz=BERLIN)
    fill_demo_network(store)
    add_demo_shares(store, demo_people())
    yield store
    store.close()


@pytest.fixture
def insights_page(qtbot, insights_demo_store: Store) -> Iterator[InsightsPage]:
    context = AppContext(insights_demo_store)
    page = InsightsPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 1900)
    page.show()
    qtbot.waitUntil(lambda: page.controller.loads >= 1, timeout=LOAD_TIMEOUT_MS)
    yield page
    context._poll.stop()


def _points(chart: QChart) -> int:
    """How many data points the chart's series hold (bars with a value, points on lines)."""
    total = 0
    for series in chart.series():
        if isinstance(series, QAbstractBarSeries):
            for bar_set in series.barSets():
                total += sum(1 for i in range(bar_set.count()) if bar_set.at(i) > 0)
        elif isinstance(series, QLineSeries):
            total += series.count()
    return total


def test_every_chart_shows_real_data_under_its_reading(insights_page: InsightsPage) -> None:
    for key, title in CHARTS:
        card = insights_page.cards[key]
        chart = card.view.chart()
        assert chart.series(), f"{title} has no series"
        assert _points(chart) > 0, f"{title} has no data points"
        assert card.reading.text() not in ("", LOADING)
        assert card.view.accessibleDescription() == card.reading.text()
    weekly = insights_page.cards["weekly"].reading.text()
    assert "touches in the last 12 months" in weekly
    assert insights_page.cards["cadence"].reading.text().startswith("You kept ")
    assert "Marco Bianchi" in insights_page.asks_only.shown
    assert "Aisha Khan" in insights_page.you_owe.shown
    assert insights_page.subtitle.text() == "How your network is doing, as of Friday 27 November 2026"


def test_the_shares_section_lists_recent_shares(qtmodeltester, insights_page: InsightsPage) -> None:
    model = insights_page.shares.model
    qtmodeltester.check(model)
    titles = {model.share_at(row).title: model.index(row, 2).data() for row in range(model.rowCount())}
    assert titles["What we learned evaluating LLM products"] == "4 people"
    assert titles["The quiet power of a 10-minute catch-up"] == "nobody yet"
    assert insights_page.shares.table.isVisible()


def test_the_page_follows_a_dark_palette(qtbot, insights_page: InsightsPage) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    dark = QPalette(original)
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#1E2126"), (roles.WindowText, "#E6E8EB"), (roles.Base, "#272B31"),
                         (roles.Text, "#E6E8EB")):  # fmt: skip
        dark.setColor(role, QColor(colour))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(
            lambda: insights_page.cards["weekly"].view.chart().theme() == QChart.ChartTheme.ChartThemeDark
        )
        for key, _title in CHARTS:
            chart = insights_page.cards[key].view.chart()
            assert chart.theme() == QChart.ChartTheme.ChartThemeDark
            assert not chart.isBackgroundVisible()
            assert chart.legend().labelColor().lightness() > 128  # light text on the dark card
            assert _points(chart) > 0
        image = insights_page.grab().toImage()
        assert not image.isNull()
    finally:
        app.setPalette(original)
    light = QChart.ChartTheme.ChartThemeLight
    qtbot.waitUntil(lambda: insights_page.cards["weekly"].view.chart().theme() == light)


def test_a_new_share_shows_up_after_the_signal(qtbot, insights_page: InsightsPage) -> None:
    store = insights_page.context.store
    share = save_share(store, ShareInput("example.org/new-post", "A brand new post", ["AI"]))
    sent = send_share(store, share, [resolve_contact("Olga Petrova").id])
    loads = insights_page.controller.loads
    insights_page.context.interaction_logged.emit(sent)
    qtbot.waitUntil(lambda: insights_page.controller.loads > loads, timeout=LOAD_TIMEOUT_MS)
    model = insights_page.shares.model
    assert model.share_at(0).title == "A brand new post"
    assert model.index(0, 2).data() == "1 person"


def test_names_open_the_contact(qtbot, insights_page: InsightsPage) -> None:
    marco = resolve_contact("Marco Bianchi")
    with qtbot.waitSignal(insights_page.context.open_contact_requested) as opened:
        insights_page.asks_only.names.linkActivated.emit(f"contact:{marco.id}")
    assert opened.args == [marco.id]


def test_an_empty_network_reads_plainly(qtbot, data_dir: Path) -> None:
    store = open_store(data_dir, clock=fixed_clock(datetime(2026, 11, 27, 8, 30, tzinfo=UTC)), tz=BERLIN)
    context = AppContext(store)
    page = InsightsPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.controller.loads >= 1, timeout=LOAD_TIMEOUT_MS)
    assert page.cards["statuses"].reading.text().startswith("Nobody is tracked yet")
    assert page.cards["board"].reading.text().startswith("Your ledger is even")
    assert page.shares.empty.isVisible() and not page.shares.table.isVisible()
    context._poll.stop()
    store.close()


def test_the_main_window_opens_insights(qtbot, shell_window) -> None:
    shell_window.show_page("insights")
    page = shell_window.page("insights")
    assert isinstance(page, InsightsPage)
    qtbot.waitUntil(lambda: page.controller.loads >= 1, timeout=LOAD_TIMEOUT_MS)
    assert page.isVisible()


def test_the_shares_model_is_sound_when_empty(qtmodeltester) -> None:
    model = SharesTableModel()
    model.set_rows([], BERLIN)
    qtmodeltester.check(model)
