"""The window figures, measured in a process of their own (run by ``bench.run``).

    QT_QPA_PLATFORM=offscreen python -m bench.window DATA_DIR [LAUNCHED_AT]

``LAUNCHED_AT`` is the parent's ``time.time()`` just before it started this process, so
the start-up figure includes the interpreter and the imports, as a user would see them.
Prints one JSON line: start (s), keystroke (ms), sort (ms), open_contact (ms), memory (MB),
the CPU time of each timed figure (``start_cpu``…), and notes with the details behind each.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

LAUNCHED_AT = float(sys.argv[2]) if len(sys.argv) > 2 else time.time()

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer  # noqa: E402 - the clock starts first
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from bench.timing import Stopwatch  # noqa: E402
from services.store import open_store  # noqa: E402
from ui.app import build_main_window, create_application, window_settings_for  # noqa: E402

TYPED = ["s", "m", "i", "t", "h"]
FIRST_PAINT_TIMEOUT_S = 10.0


class PaintWatch(QObject):
    """Notes the first paint of a widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted_at: float | None = None
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.time()
        return False


def settle(app: QApplication) -> None:
    """Deliver everything queued so far, paints included."""
    app.processEvents()
    app.sendPostedEvents()
    app.processEvents()


def resident_mb() -> float:
    """Current resident memory (Linux); the peak comes from getrusage."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * resource.getpagesize() / (1024 * 1024)


def busiest_contacts(store, count: int) -> list[int]:
    sql = "SELECT contact_id FROM interaction_contact GROUP BY contact_id ORDER BY COUNT(*) DESC LIMIT ?"
    rows = store.db.execute_sql(sql, [count]).fetchall()
    return [row[0] for row in rows]


def main() -> int:
    data_dir = Path(sys.argv[1])
    app = create_application([sys.argv[0]])
    window_settings_for(data_dir).clear()  # start on the default page, not where the last run ended
    opened_at = time.time()
    store = open_store(data_dir)
    store_at = time.time()
    context, window = build_main_window(store)
    built_at = time.time()
    watch = PaintWatch(window)
    window.show()
    deadline = time.time() + FIRST_PAINT_TIMEOUT_S
    while watch.painted_at is None and time.time() < deadline:
        app.processEvents()
    if watch.painted_at is None:
        print(json.dumps({"start": "the window never painted"}))
        return 1
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result: dict[str, object] = {
        "start": watch.painted_at - LAUNCHED_AT,
        "start_cpu": usage.ru_utime + usage.ru_stime,  # this process's CPU time so far
    }
    notes = {
        "start": (
            f"imports+app {opened_at - LAUNCHED_AT:.2f} s, open store {store_at - opened_at:.2f} s, "
            f"build {built_at - store_at:.2f} s, show+paint {watch.painted_at - built_at:.2f} s"
        )
    }

    memory_at = {"first paint": resident_mb()}

    # The Contacts page: first load of every row (in the background at this size: the
    # window keeps answering meanwhile), then typing in its search box.
    started = time.perf_counter()
    window.show_page("contacts")
    settle(app)
    page = window.contacts_page
    contacts_shown = time.perf_counter() - started
    # A timer due every frame (16 ms) stands for the user: how late does it fire at worst?
    ticks = [time.perf_counter()]
    frame = QTimer()
    frame.setInterval(16)
    frame.timeout.connect(lambda: ticks.append(time.perf_counter()))
    frame.start()
    while page.loading:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    frame.stop()
    longest_stall = max(b - a for a, b in zip(ticks, [*ticks[1:], time.perf_counter()], strict=True))
    settle(app)
    contacts_loaded = time.perf_counter() - started
    memory_at["Contacts page loaded"] = resident_mb()
    rows = page.model.rowCount()
    box = page.filters.search
    box.setFocus()
    keystrokes, keystrokes_cpu = [], []
    for key in [*TYPED, *["\b"] * len(TYPED)]:
        with Stopwatch() as step:
            if key == "\b":
                QTest.keyClick(box, Qt.Key.Key_Backspace)
            else:
                QTest.keyClicks(box, key)
            page.filters.flush()  # skip the deliberate typing pause; measure the work itself
            settle(app)
        keystrokes.append(step.wall_ms)
        keystrokes_cpu.append(step.cpu_ms)
    result["keystroke"] = statistics.median(keystrokes)
    result["keystroke_cpu"] = statistics.median(keystrokes_cpu)
    notes["keystroke"] = (
        f"per keystroke {min(keystrokes):.0f}–{max(keystrokes):.0f} ms over {rows:,} rows, after the "
        f"typing pause; the page shows in {contacts_shown * 1000:.0f} ms, its rows in the background in "
        f"{contacts_loaded * 1000:.0f} ms (the window answered within {longest_stall * 1000:.0f} ms)"
    )

    # Sorting each column both ways; the figure is the slowest column's median.
    header = page.table.horizontalHeader()
    by_column: dict[str, float] = {}
    cpu_by_column: dict[str, float] = {}
    for column in range(page.model.columnCount()):
        samples, samples_cpu = [], []
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder) * 2:
            with Stopwatch() as step:
                page.table.sortByColumn(column, order)
                settle(app)
            samples.append(step.wall_ms)
            samples_cpu.append(step.cpu_ms)
        name = str(page.model.headerData(column, Qt.Orientation.Horizontal)) or str(column)
        by_column[name] = statistics.median(samples)
        cpu_by_column[name] = statistics.median(samples_cpu)
    slowest = max(by_column, key=lambda name: by_column[name])
    result["sort"] = by_column[slowest]
    result["sort_cpu"] = cpu_by_column[slowest]
    notes["sort"] = f"slowest: {slowest}; " + ", ".join(f"{n} {v:.0f}" for n, v in by_column.items())
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)

    # Opening contact pages, the busiest first (the first open also builds the page).
    opens, opens_cpu = [], []
    for contact_id in busiest_contacts(store, 6):
        with Stopwatch() as step:
            context.open_contact_requested.emit(contact_id)
            settle(app)
        opens.append(step.wall_ms)
        opens_cpu.append(step.cpu_ms)
        window.go_back()
        settle(app)
    result["open_contact"] = statistics.median(opens)
    result["open_contact_cpu"] = statistics.median(opens_cpu)
    notes["open_contact"] = (
        f"first open (builds the page) {opens[0]:.0f} ms; then {min(opens[1:]):.0f}–{max(opens[1:]):.0f} ms"
    )

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["memory"] = peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
    memory_at["end"] = resident_mb()
    notes["memory"] = "peak; resident at " + ", ".join(f"{k} {v:.0f} MB" for k, v in memory_at.items())
    result["notes"] = notes
    window.close()
    store.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
