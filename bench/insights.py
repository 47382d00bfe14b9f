"""How long each Insights chart's data takes at 30,000 contacts and 300,000 interactions.

    python -m bench.insights [--runs N]

``measure_insights(store)`` returns the median wall-clock milliseconds per chart (each
computed from scratch, as a chart alone would be) and for the whole page, which reads the
day-by-day activity once for three charts. The target is 200 ms per chart.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.generate import build_large_database, database_file
from bench.timing import measure
from services import insights
from services.store import Store, open_store

TARGET_MS = 200.0
RUNS = 5

CHARTS: dict[str, Callable[[Store], object]] = {
    "touches per week": insights.weekly_touches_of,
    "contacts per status per circle": insights.circle_statuses_of,
    "kept within cadence": insights.cadence_kept_of,
    "inbound vs outbound": insights.inbound_outbound_of,
    "reciprocity board": insights.reciprocity_board_of,
    "budget streak": insights.budget_streak_of,
}
WHOLE_PAGE = "all six charts (the page's one load)"


def measure_insights(store: Store, runs: int = RUNS) -> dict[str, float]:
    """Median milliseconds per chart's data, and for all of them as the page loads them."""
    results: dict[str, float] = {}
    for name, load in CHARTS.items():
        load(store)  # the first run reads the file into the page cache, as the app has by then

        def run(load: Callable[[Store], object] = load) -> object:
            return load(store)

        wall, _cpu = measure(run, runs)
        results[name] = statistics.median(wall)
    wall, _cpu = measure(lambda: insights.load_insights(store), runs)
    results[WHOLE_PAGE] = statistics.median(wall)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    source = build_large_database()
    with tempfile.TemporaryDirectory(prefix="rapport-bench-insights-") as temp:
        folder = Path(temp)
        shutil.copy2(database_file(source), database_file(folder))
        store = open_store(folder)
        try:
            results = measure_insights(store, args.runs)
        finally:
            store.close()
    for name, ms in results.items():
        verdict = "" if name == WHOLE_PAGE else ("  OK" if ms <= TARGET_MS else "  MISSED")
        print(f"{name:<40} {ms:8.1f} ms{verdict}")
    return 0 if all(ms <= TARGET_MS for name, ms in results.items() if name != WHOLE_PAGE) else 1


if __name__ == "__main__":
    raise SystemExit(main())
