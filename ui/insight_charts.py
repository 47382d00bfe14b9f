"""The Insights charts, drawn with QtCharts from the core's numbers.

Each builder takes one dataclass from ``core.insights`` / ``core.network_health`` and
the palette, and returns a QChart. The chart follows the palette: the light or dark
chart theme by the window's lightness, a transparent background (the card shows
through) and text in the palette's colours. Series colours are mid-tones that stay
legible on both; status colours are the app's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalPercentBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QFrame, QWidget

from core.insights import GROUP_NAMES, BudgetStreak, InboundOutbound, WeeklyTouches
from core.network_health import OVERALL, STATUS_ORDER, CadenceKept, CircleStatuses, ReciprocityBoard
from ui.style import STATUS_COLOURS, STATUS_LABELS, border_colour, is_dark, mix

# Categorical colours (mid-tones: legible on light and dark cards alike).
SERIES_COLOURS = ("#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#E15759", "#76B7B2", "#EDC948")
KIND_COLOURS = dict(zip(GROUP_NAMES, SERIES_COLOURS, strict=False))
INBOUND_COLOUR = "#76B7B2"
OUTBOUND_COLOUR = "#4E79A7"
MET_COLOUR = STATUS_COLOURS["warm"]
BELOW_COLOUR = "#E8A33D"
BOARD_COLOURS = ("#F28E2B", "#4E79A7", "#E15759")
CHART_HEIGHT = 250
SMALL_LABELS = 0.85


def _text(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.WindowText)


def _quiet_text(palette: QPalette) -> QColor:
    return mix(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.35)


def new_chart(palette: QPalette) -> QChart:
    """An empty chart themed for the palette, with a transparent background."""
    chart = QChart()
    dark = is_dark(palette)
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
    chart.setBackgroundVisible(False)
    chart.setPlotAreaBackgroundVisible(False)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(0, 0, 0, 0))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend.setLabelColor(_text(palette))
    return chart


def style_axis(axis: QAbstractAxis, palette: QPalette, *, grid: bool = True) -> None:
    axis.setLabelsColor(_quiet_text(palette))
    axis.setLinePenColor(border_colour(palette))
    axis.setGridLineVisible(grid)
    axis.setGridLineColor(border_colour(palette))
    axis.setTitleVisible(False)


def _add_axis(chart: QChart, axis: QAbstractAxis, where: Qt.AlignmentFlag, palette: QPalette) -> None:
    style_axis(axis, palette, grid=where == Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis, where)


def _value_axis(maximum: float, palette: QPalette, *, label_format: str = "%d") -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, max(1.0, maximum))
    axis.setLabelFormat(label_format)
    axis.applyNiceNumbers()
    return axis


def _bar_set(name: str, values: Sequence[float], colour: str) -> QBarSet:
    bars = QBarSet(name)
    bars.append([float(v) for v in values])
    bars.setColor(QColor(colour))
    bars.setBorderColor(QColor(colour))
    return bars


def _msecs(day: date) -> float:
    # Midday keeps a point on its day whatever the zone's offset.
    return datetime.combine(day, time(12, 0)).timestamp() * 1000


def _labels_at(positions: Sequence[tuple[float, str]], count: int) -> QCategoryAxis:
    """An axis naming a few of `count` bars (by index) right under them, e.g. each month's first week.

    The bars themselves sit on a hidden category axis: fifty-two labels can't be read.
    """
    axis = QCategoryAxis()
    axis.setRange(-0.5, count - 0.5)
    axis.setStartValue(-0.5)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    used: set[str] = set()
    for position, label in positions:
        if label not in used:  # an axis keys its labels by their text
            used.add(label)
            axis.append(label, position)
    return axis


def _small_labels(axis: QAbstractAxis) -> None:
    """Category names a little smaller, so twelve month names fit under a half-width chart."""
    font = QFont(axis.labelsFont())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * SMALL_LABELS)
    axis.setLabelsFont(font)


def touches_per_week_chart(data: WeeklyTouches, palette: QPalette) -> QChart:
    """Stacked bars, one per week, by kind group; the month names run along a date axis."""
    chart = new_chart(palette)
    series = QStackedBarSeries()
    series.setBarWidth(0.8)
    for group in GROUP_NAMES:
        series.append(_bar_set(group, data.counts[group], KIND_COLOURS[group]))
    chart.addSeries(series)
    weeks = QBarCategoryAxis()
    weeks.append([f"{start:%d %b %Y}" for start in data.week_starts])
    chart.addAxis(weeks, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(weeks)
    weeks.setVisible(False)
    # Each month is named under the week that holds its first day (that week's Sunday is day 1–7).
    sundays = [start + timedelta(days=6) for start in data.week_starts]
    firsts = [(float(index), f"{sunday:%b}") for index, sunday in enumerate(sundays) if sunday.day <= 7]
    months = _labels_at(firsts, len(data.week_starts))
    _add_axis(chart, months, Qt.AlignmentFlag.AlignBottom, palette)
    counts = _value_axis(max(data.week_totals(), default=0), palette)
    _add_axis(chart, counts, Qt.AlignmentFlag.AlignLeft, palette)
    series.attachAxis(counts)
    return chart


def statuses_chart(data: CircleStatuses, palette: QPalette) -> QChart:
    """Each circle as one bar split by status, in shares (the counts are in the labels)."""
    chart = new_chart(palette)
    series = QHorizontalPercentBarSeries()
    circles = list(reversed(data.circles))  # the first category is drawn at the bottom
    for status in STATUS_ORDER:
        values = [data.counts[circle][status] for circle in circles]
        series.append(_bar_set(STATUS_LABELS[status.value], values, STATUS_COLOURS[status.value]))
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append([f"{circle} ({data.total(circle):,})" for circle in circles] or ["—"])
    _add_axis(chart, names, Qt.AlignmentFlag.AlignLeft, palette)
    series.attachAxis(names)
    shares = _value_axis(100, palette, label_format="%d %%")
    _add_axis(chart, shares, Qt.AlignmentFlag.AlignBottom, palette)
    series.attachAxis(shares)
    return chart


def cadence_chart(data: CadenceKept, palette: QPalette) -> QChart:
    """One line per circle (and all circles together): % kept within cadence at each month's end."""
    chart = new_chart(palette)
    months = QCategoryAxis()
    months.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    ends = [_msecs(end) for end in data.period_ends]
    months.setRange(ends[0], ends[-1])
    months.setStartValue(ends[0])
    for end, position in zip(data.period_ends, ends, strict=True):
        months.append(f"{end:%b}", position)
    _add_axis(chart, months, Qt.AlignmentFlag.AlignBottom, palette)
    _small_labels(months)
    shares = _value_axis(100, palette, label_format="%d %%")
    _add_axis(chart, shares, Qt.AlignmentFlag.AlignLeft, palette)
    for index, name in enumerate((*data.circles, OVERALL)):
        line = QLineSeries()
        line.setName(name)
        for end, value in zip(data.period_ends, data.percent[name], strict=True):
            if value is not None:
                line.append(_msecs(end), value)
        chart.addSeries(line)
        line.attachAxis(months)
        line.attachAxis(shares)
        if name == OVERALL:
            pen = QPen(_text(palette), 2.5, Qt.PenStyle.DashLine)
        else:
            pen = QPen(QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)]), 2.0)
        line.setPen(pen)
        line.setPointsVisible(True)
    return chart


def directions_chart(data: InboundOutbound, palette: QPalette) -> QChart:
    """Two bars a month: touches they started, touches I started."""
    chart = new_chart(palette)
    series = QBarSeries()
    series.append(_bar_set("They reached out", data.inbound, INBOUND_COLOUR))
    series.append(_bar_set("I reached out", data.outbound, OUTBOUND_COLOUR))
    chart.addSeries(series)
    months = QBarCategoryAxis()
    months.append([f"{start:%b}" for start in data.month_starts])
    _add_axis(chart, months, Qt.AlignmentFlag.AlignBottom, palette)
    _small_labels(months)
    series.attachAxis(months)
    counts = _value_axis(max((*data.inbound, *data.outbound), default=0), palette)
    _add_axis(chart, counts, Qt.AlignmentFlag.AlignLeft, palette)
    series.attachAxis(counts)
    return chart


BOARD_LABELS = ("You owe them", "They owe you", "Only ask")


def board_chart(data: ReciprocityBoard, palette: QPalette) -> QChart:
    """How many people stand on each side of the ledger."""
    chart = new_chart(palette)
    series = QHorizontalBarSeries()
    sizes = (len(data.you_owe), len(data.they_owe), len(data.asks_only))
    # A horizontal series draws its first set at the bottom: add them in reverse, so "You owe
    # them" heads the chart, and reverse the legend back into reading order.
    for label, size, colour in reversed(list(zip(BOARD_LABELS, sizes, BOARD_COLOURS, strict=True))):
        series.append(_bar_set(label, [size], colour))
    chart.legend().setReverseMarkers(True)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsInsideEnd)
    chart.addSeries(series)
    people = QBarCategoryAxis()
    people.append(["People"])
    _add_axis(chart, people, Qt.AlignmentFlag.AlignLeft, palette)
    people.setVisible(False)
    series.attachAxis(people)
    counts = _value_axis(max(sizes, default=0), palette)
    _add_axis(chart, counts, Qt.AlignmentFlag.AlignBottom, palette)
    series.attachAxis(counts)
    return chart


def streak_chart(data: BudgetStreak, palette: QPalette) -> QChart:
    """Touches per day for the last four weeks, coloured by whether the day met the budget."""
    chart = new_chart(palette)
    series = QStackedBarSeries()
    met = [d.touches if d.met else 0 for d in data.days]
    below = [d.touches if d.counts and not d.met else 0 for d in data.days]
    off = [d.touches if not d.counts else 0 for d in data.days]
    series.append(_bar_set("Met", met, MET_COLOUR))
    series.append(_bar_set("Below", below, BELOW_COLOUR))
    series.append(_bar_set("Day off", off, _quiet_text(palette).name()))
    chart.addSeries(series)
    days = QBarCategoryAxis()
    days.append([f"{d.day:%d %b %Y}" for d in data.days])
    chart.addAxis(days, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(days)
    days.setVisible(False)
    mondays = [(float(i), f"{d.day.day} {d.day:%b}") for i, d in enumerate(data.days) if d.day.weekday() == 0]
    _add_axis(chart, _labels_at(mondays, len(data.days)), Qt.AlignmentFlag.AlignBottom, palette)
    counts = _value_axis(max(max((d.touches for d in data.days), default=0), data.budget), palette)
    _add_axis(chart, counts, Qt.AlignmentFlag.AlignLeft, palette)
    series.attachAxis(counts)
    budget = QLineSeries()
    budget.setName(f"Budget ({data.budget})")
    budget.append(-0.5, data.budget)
    budget.append(len(data.days) - 0.5, data.budget)
    chart.addSeries(budget)
    budget.attachAxis(days)
    budget.attachAxis(counts)
    budget.setPen(QPen(_text(palette), 1.5, Qt.PenStyle.DashLine))
    return chart


class ChartView(QChartView):
    """A chart on a card: antialiased, frameless, transparent around the plot."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QBrush(Qt.GlobalColor.transparent))
        self.setStyleSheet("background: transparent")
        self.setMinimumHeight(CHART_HEIGHT)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def show_chart(self, chart: QChart, description: str) -> None:
        previous = self.chart()
        self.setChart(chart)
        self.setAccessibleDescription(description)
        if previous is not None and previous is not chart:
            previous.deleteLater()
