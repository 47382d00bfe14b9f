"""Rapport's performance figures at 30,000 contacts and 300,000 interactions, against their targets.

    python -m bench.run [--quick] [--json PATH]

Prints one line per figure (median of several runs beside its target) and exits with
status 1 when any target is missed. Targets are judged on the wall clock; the CPU column
(the same runs' CPU time) shows what a step costs when other programs compete for the
processor. The data is generated once and cached under ``bench/.data`` (see
``bench.generate``); every run works on a temporary copy.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bench.generate import build_large_database, cached_connections_csv, database_file
from bench.timing import Stopwatch, measure

REPO = Path(__file__).resolve().parent.parent
CONTACTS = 30_000
INTERACTIONS = 300_000
# One subprocess, one command: RUSAGE_CHILDREN then holds that command's peak memory alone.
PEAK_MEMORY_PROBE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(peak, code)\n"
)


@dataclass
class Figure:
    name: str
    target: float
    unit: str  # "ms", "s" or "MB"; samples are in this unit
    samples: list[float] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)  # the same runs' CPU time, same unit
    skipped: str = ""  # why the figure could not be measured
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_samples) if self.cpu_samples else None

    @property
    def result(self) -> str:
        if self.skipped or self.median is None:
            return "SKIPPED"
        return "OK" if self.median <= self.target else "MISSED"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(median=self.median, cpu_median=self.cpu_median, result=self.result)
        return data


@dataclass
class Bench:
    quick: bool
    work: Path
    figures: list[Figure] = field(default_factory=list)

    def runs(self, full: int, quick: int = 3) -> int:
        return quick if self.quick else full

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        print(f"  measured {figure.name}", file=sys.stderr, flush=True)
        return figure


def timed_figure(name: str, target: float, action: Callable[[], object], runs: int) -> Figure:
    wall, cpu = measure(action, runs)
    return Figure(name, target, "ms", wall, cpu)


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("RAPPORT_DATA_DIR", None)
    return env


def cli(data_dir: Path, *command: str) -> list[str]:
    return [sys.executable, str(REPO / "main.py"), "--data-dir", str(data_dir), *command]


def copy_data_dir(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, mode=0o700)
    shutil.copy2(database_file(source), database_file(target))
    return target


# ---------------------------------------------------------------- import


def bench_import(bench: Bench, csv_path: Path) -> None:
    first = Figure("import 30k Connections.csv (empty db)", 1.0, "s")
    again = Figure("re-import same file (0 new rows)", 0.5, "s")
    if importlib.util.find_spec("services.importing") is None:
        first.skipped = again.skipped = "services.importing is not there yet"
        bench.add(first)
        bench.add(again)
        return
    from services.importing import import_file
    from services.store import open_store

    for number in range(bench.runs(3, 2)):
        store = open_store(bench.work / f"import-{number}")
        try:
            with Stopwatch() as watch:
                summary = import_file(store, "linkedin", csv_path)
            first.samples.append(watch.wall_ms / 1000)
            first.cpu_samples.append(watch.cpu_ms / 1000)
            first.note = f"{summary.added:,} added of {CONTACTS:,} rows"
            with Stopwatch() as watch:
                summary = import_file(store, "linkedin", csv_path)
            again.samples.append(watch.wall_ms / 1000)
            again.cpu_samples.append(watch.cpu_ms / 1000)
            assert summary.added == 0, f"re-import added {summary.added} rows"
            assert summary.updated == 0, f"re-import updated {summary.updated} rows"
        finally:
            store.close()
    bench.add(first)
    bench.add(again)


# ---------------------------------------------------------------- queue and search


def bench_queries(bench: Bench, data_dir: Path) -> None:
    from services.queue import cold_list, today_list
    from services.search import search_contacts
    from services.store import open_store

    store = open_store(data_dir)
    try:
        runs = bench.runs(9, 5)
        cold = timed_figure("going-cold list (cold_list)", 50, lambda: cold_list(store), runs)
        cold.note = f"{len(cold_list(store))} contacts cooling or cold"
        bench.add(cold)
        bench.add(timed_figure("today's queue (today_list)", 50, lambda: today_list(store), runs))
        for text, target in (("smith", 10), ("engineer", 10), ("acm", 10), ("sm", 30)):
            label = f"search '{text}'" + (" (2 letters)" if len(text) < 3 else "")
            figure = timed_figure(label, target, partial(search_contacts, store, text), runs)
            figure.note = f"{len(search_contacts(store, text))} hits shown (limit 50)"
            bench.add(figure)
    finally:
        store.close()


# ---------------------------------------------------------------- command line


def bench_cli_search(bench: Bench, data_dir: Path) -> None:
    command = cli(data_dir, "search", "smith")
    figure = Figure("`main.py search smith` end to end", 150, "ms")
    subprocess.run(command, env=cli_env(), capture_output=True, check=True)  # compiles .pyc, warms caches
    for _ in range(bench.runs(7, 5)):
        with Stopwatch(children=True) as watch:
            subprocess.run(command, env=cli_env(), capture_output=True, check=True)
        figure.samples.append(watch.wall_ms)
        figure.cpu_samples.append(watch.cpu_ms)
    bench.add(figure)


def peak_memory_mb(command: list[str]) -> tuple[float, int]:
    probe = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY_PROBE, *command],
        env=cli_env(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    peak, code = probe.stdout.split()
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return int(peak) / divisor, int(code)


def busiest_contact(data_dir: Path) -> str:
    with sqlite3.connect(database_file(data_dir)) as connection:
        row = connection.execute(
            "SELECT contact_id FROM interaction_contact GROUP BY contact_id ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()
    return str(row[0])


def bench_cli_memory(bench: Bench, data_dir: Path, csv_path: Path) -> None:
    export_path = bench.work / "export.csv"
    commands = {
        "today": cli(data_dir, "today"),
        "cold": cli(data_dir, "cold"),
        "search": cli(data_dir, "search", "smith"),
        "import": cli(bench.work / "memory-import", "import", "linkedin", str(csv_path)),
        "show": cli(data_dir, "show", busiest_contact(data_dir)),
        "export csv": cli(data_dir, "export", "csv", str(export_path)),
    }
    for name, command in commands.items():
        figure = Figure(f"peak memory: {name}", 150, "MB")
        peak, code = peak_memory_mb(command)
        if code != 0:
            figure.skipped = f"the command failed (exit {code})"
        else:
            figure.samples.append(peak)
        bench.add(figure)


# ---------------------------------------------------------------- window


def bench_window(bench: Bench, data_dir: Path) -> None:
    names = [
        ("window: start to first paint", 0.6, "s", "start"),
        ("window: search keystroke", 50, "ms", "keystroke"),
        ("window: sort a column (slowest)", 100, "ms", "sort"),
        ("window: open a contact page", 100, "ms", "open_contact"),
        ("window: resident memory", 150, "MB", "memory"),
    ]
    figures = {key: Figure(name, target, unit) for name, target, unit, key in names}
    if importlib.util.find_spec("ui.app") is None:
        for figure in figures.values():
            figure.skipped = "ui/app.py is not there yet"
            bench.add(figure)
        return
    env = cli_env() | {"QT_QPA_PLATFORM": "offscreen"}
    for _ in range(bench.runs(3, 2)):
        probe = subprocess.run(
            [sys.executable, "-m", "bench.window", str(data_dir), repr(time.time())],
            env=env, cwd=REPO, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if probe.returncode != 0:
            reason = (probe.stderr.strip().splitlines() or ["no output"])[-1]
            for figure in figures.values():
                figure.skipped = f"window probe failed: {reason}"
            break
        result = json.loads(probe.stdout.strip().splitlines()[-1])
        for key, figure in figures.items():
            value = result.get(key)
            if isinstance(value, str):
                figure.skipped = value
            elif value is not None:
                figure.samples.append(float(value))
                cpu = result.get(key + "_cpu")
                if isinstance(cpu, (int, float)):
                    figure.cpu_samples.append(float(cpu))
        for key, note in result.get("notes", {}).items():
            figures[key].note = note
    for figure in figures.values():
        bench.add(figure)


# ---------------------------------------------------------------- insights


def bench_insights(bench: Bench, data_dir: Path) -> None:
    """Each Insights chart's data, computed from scratch as the chart alone would be."""
    from bench.insights import CHARTS, TARGET_MS
    from services.store import open_store

    store = open_store(data_dir)
    try:
        for name, load in CHARTS.items():
            load(store)  # the first run reads the file into the page cache, as the app has by then

            bench.add(timed_figure(f"insights: {name}", TARGET_MS, partial(load, store), bench.runs(5)))
    finally:
        store.close()


# ---------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "load_average": " ".join(f"{load:.2f}" for load in os.getloadavg()),
    }


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.0f} MB"


def print_table(figures: list[Figure]) -> None:
    rows = [("Figure", "Median", "CPU", "Target", "Result", "Runs", "Note")]
    for figure in figures:
        note = figure.skipped or figure.note
        median = format_value(figure.median, figure.unit)
        target = "≤ " + format_value(figure.target, figure.unit)
        cpu = format_value(figure.cpu_median, figure.unit)
        rows.append((figure.name, median, cpu, target, figure.result, str(len(figure.samples)), note))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for number, row in enumerate(rows):
        print("  ".join(text.ljust(widths[i]) for i, text in enumerate(row)).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs per figure")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    os.chdir(REPO)
    started = time.perf_counter()
    info = machine()
    print(f"Machine: {info['cpus']} CPUs, Python {info['python']}, SQLite {info['sqlite']}, "
          f"{info['platform']}, load average {info['load_average']}")  # fmt: skip
    print(f"Data: {CONTACTS:,} contacts, {INTERACTIONS:,} interactions", flush=True)
    if os.getloadavg()[0] > (os.cpu_count() or 1) * 0.5:
        print("Note: the machine is busy; wall-clock figures include waiting for a CPU (see CPU).")
    csv_path = cached_connections_csv(CONTACTS)
    cached = build_large_database(contacts=CONTACTS, interactions=INTERACTIONS)
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as folder:
        bench = Bench(quick=args.quick, work=Path(folder))
        data_dir = copy_data_dir(cached, bench.work / "large")
        bench_import(bench, csv_path)
        bench_queries(bench, data_dir)
        bench_cli_search(bench, data_dir)
        bench_cli_memory(bench, data_dir, csv_path)
        bench_window(bench, data_dir)
        bench_insights(bench, data_dir)
    elapsed = time.perf_counter() - started
    print()
    print_table(bench.figures)
    missed = [figure.name for figure in bench.figures if figure.result == "MISSED"]
    skipped = [figure.name for figure in bench.figures if figure.result == "SKIPPED"]
    print()
    print(f"{len(bench.figures) - len(missed) - len(skipped)} OK, {len(missed)} missed, "
          f"{len(skipped)} skipped in {elapsed:.0f} s")  # fmt: skip
    if args.json:
        document = {"machine": info, "seconds": elapsed, "figures": [f.to_json() for f in bench.figures]}
        Path(args.json).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
