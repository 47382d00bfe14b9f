"""Insights: the health of the whole network at a glance, and what you have shared.

Six charts, each on a card under its one-line reading, and the recent shares. The
numbers are computed off the UI thread (``insights_reader``) whenever the page is
visible and something changed; the charts are rebuilt from them, and rebuilt again
when the palette switches between light and dark.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCharts import QChart
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.insights import ContactDirections
from core.network_health import BoardEntry
from ui.context import AppContext
from ui.insight_charts import (
    ChartView,
    board_chart,
    cadence_chart,
    directions_chart,
    statuses_chart,
    streak_chart,
    touches_per_week_chart,
)
from ui.insights_controller import InsightsPageData, insights_reader
from ui.refresh import VisibleRefresher
from ui.shares_panel import SharesPanel
from ui.style import (
    CARD_PADDING,
    SPACING_L,
    SPACING_S,
    Card,
    heading_label,
    secondary_label,
    set_page_margins,
    title_label,
)

ONE_COLUMN_BELOW = 880  # narrower than this, the cards stack in one column
PEOPLE_SHOWN = 5
LOADING = "Loading…"

# (key, card title) in reading order.
CHARTS = (
    ("weekly", "Touches per week"),
    ("cadence", "Kept within cadence"),
    ("statuses", "Contacts by circle and status"),
    ("directions", "Who reaches out"),
    ("board", "Reciprocity"),
    ("streak", "Daily budget streak"),
)


class ChartCard(Card):
    """A chart's title, its reading in plain words, the chart, and an optional row of people lists."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(CARD_PADDING, CARD_PADDING - 2, CARD_PADDING, CARD_PADDING - 4)
        layout.setSpacing(SPACING_S)
        layout.addWidget(heading_label(title, self))
        self.reading = QLabel(LOADING, self)
        self.reading.setWordWrap(True)
        self.reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reading.setAccessibleName(f"{title}: reading")
        layout.addWidget(self.reading)
        self.view = ChartView(title, self)
        layout.addWidget(self.view, 1)
        self.people = QHBoxLayout()
        self.people.setSpacing(SPACING_L)
        layout.addLayout(self.people)

    def show_chart(self, chart: QChart, reading: str) -> None:
        self.reading.setText(reading)
        self.view.show_chart(chart, reading)


class PeopleList(QWidget):
    """A short list of names with a number each; a name opens the contact."""

    def __init__(
        self, heading: str, open_contact: Callable[[int], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.heading = secondary_label(heading, self)
        layout.addWidget(self.heading)
        self.names = QLabel(self)
        self.names.setTextFormat(Qt.TextFormat.RichText)
        self.names.setWordWrap(True)
        self.names.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.names.setAccessibleName(heading)
        self.names.linkActivated.connect(lambda link: open_contact(int(link.removeprefix("contact:"))))
        layout.addWidget(self.names)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.shown: list[str] = []

    def set_people(self, people: Sequence[tuple[int, str, str]], palette: QPalette) -> None:
        """(contact id, name, its number) for each person, best first.

        The link colour is written out from `palette`: a label keeps the colour its text
        was laid out with, and on a theme switch the page may hear of it before the label.
        """
        self.shown = [name for _cid, name, _detail in people[:PEOPLE_SHOWN]]
        link = palette.color(QPalette.ColorRole.Link).name()
        lines = [
            f'<a style="color: {link}" href="contact:{cid}">{html.escape(name)}</a> · {html.escape(detail)}'
            for cid, name, detail in people[:PEOPLE_SHOWN]
        ]
        self.names.setText("<br>".join(lines) if lines else "<i>nobody</i>")


def _directions_people(entries: Sequence[ContactDirections], inbound: bool) -> list[tuple[int, str, str]]:
    def detail(e: ContactDirections) -> str:
        return f"{e.inbound} in, {e.outbound} out" if inbound else f"{e.outbound} out, {e.inbound} in"

    return [(e.contact_id, e.name, detail(e)) for e in entries]


def _board_people(entries: Sequence[BoardEntry]) -> list[tuple[int, str, str]]:
    return [(e.contact_id, e.name, str(e.count)) for e in entries]


class InsightsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName("Insights")
        self.data: InsightsPageData | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget(scroll)
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        set_page_margins(layout)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(title_label("Insights", content))
        self.subtitle = secondary_label("How your network is doing", content)
        titles.addWidget(self.subtitle)
        header.addLayout(titles)
        header.addStretch(1)
        self.share_button = QPushButton("Share something…", content)
        self.share_button.setAccessibleName("Share something")
        self.share_button.setToolTip("Save a link and send it to the people who care about its topics")
        self.share_button.clicked.connect(lambda: self.open_share_dialog())
        header.addWidget(self.share_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(header)

        self.grid = QGridLayout()
        self.grid.setSpacing(SPACING_L)
        layout.addLayout(self.grid)
        self.cards = {key: ChartCard(title, content) for key, title in CHARTS}
        open_contact = self.context.open_contact_requested.emit
        self.reach_out = PeopleList("Reach out to you most, lately", open_contact, self.cards["directions"])
        self.chased = PeopleList("You chase most, lately", open_contact, self.cards["directions"])
        for people in (self.reach_out, self.chased):
            self.cards["directions"].people.addWidget(people)
        self.you_owe = PeopleList("You owe them (favours)", open_contact, self.cards["board"])
        self.they_owe = PeopleList("They owe you (favours)", open_contact, self.cards["board"])
        self.asks_only = PeopleList("Only ask (asks)", open_contact, self.cards["board"])
        for people in (self.you_owe, self.they_owe, self.asks_only):
            self.cards["board"].people.addWidget(people)
        self.shares = SharesPanel(content)
        self.shares.share_requested.connect(lambda share: self.open_share_dialog(share))
        self._columns = 0
        self._place_cards(2)
        layout.addStretch(1)

        self.controller = insights_reader(context, self)
        self.controller.loaded.connect(self.show_data)
        self.controller.failed.connect(self._show_failure)
        self.refresher = VisibleRefresher(self, self.refresh)
        for signal in (
            context.data_changed,
            context.contact_changed,
            context.interaction_logged,
            context.settings_changed,
            context.checkins_changed,
        ):
            signal.connect(self.refresher.request)

    # --- layout ---------------------------------------------------------------------------

    def _place_cards(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        widgets: list[QWidget] = [self.cards[key] for key, _title in CHARTS] + [self.shares]
        for widget in widgets:
            self.grid.removeWidget(widget)
        self.grid.addWidget(self.cards["weekly"], 0, 0, 1, columns)
        for index, widget in enumerate(widgets[1:]):
            row, column = divmod(index, columns)
            self.grid.addWidget(widget, row + 1, column)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_cards(1 if event.size().width() < ONE_COLUMN_BELOW else 2)

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the numbers in the background; the charts update when they arrive."""
        self.controller.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresher.page_shown()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.data is not None:
            self._draw(self.data)  # light and dark themes need differently styled charts

    def show_data(self, data: object) -> None:
        assert isinstance(data, InsightsPageData)
        self.data = data
        self._draw(data)

    def _draw(self, data: InsightsPageData) -> None:
        insights = data.insights
        palette: QPalette = self.palette()
        self.subtitle.setText(f"How your network is doing, as of {insights.today:%A %d %B %Y}")
        builders = {
            "weekly": (touches_per_week_chart(insights.weekly, palette), insights.weekly.reading),
            "cadence": (cadence_chart(insights.cadence, palette), insights.cadence.reading),
            "statuses": (statuses_chart(insights.statuses, palette), insights.statuses.reading),
            "directions": (directions_chart(insights.directions, palette), insights.directions.reading),
            "board": (board_chart(insights.board, palette), insights.board.reading),
            "streak": (streak_chart(insights.streak, palette), insights.streak.reading),
        }
        for key, (chart, reading) in builders.items():
            self.cards[key].show_chart(chart, reading)
        directions, board = insights.directions, insights.board
        self.reach_out.set_people(_directions_people(directions.reach_out_most, inbound=True), palette)
        self.chased.set_people(_directions_people(directions.you_chase, inbound=False), palette)
        self.you_owe.set_people(_board_people(board.you_owe), palette)
        self.they_owe.set_people(_board_people(board.they_owe), palette)
        self.asks_only.set_people(_board_people(board.asks_only), palette)
        self.shares.set_shares(data.shares, self.context.store.tz)

    def _show_failure(self, message: str) -> None:
        for card in self.cards.values():
            if card.reading.text() == LOADING:
                card.reading.setText(message)
        self.context.status_message.emit(message)

    # --- sharing --------------------------------------------------------------------------

    def open_share_dialog(self, share: object = None) -> QWidget:
        from ui.share_dialog import open_share_dialog

        return open_share_dialog(self.context, self, share=share)
