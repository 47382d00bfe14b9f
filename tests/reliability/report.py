"""The figures of the latest reliability run, and the Markdown table docs/reliability.md shows.

Each reliability test records what it tried (crash trials survived, writes interleaved,
fuzz cases per importer) in one JSON file; this module prints that file as the table:

    python -m tests.reliability.report            # print the table
    python -m tests.reliability.report --write    # also put it into docs/reliability.md

The file is ``bench/.data/reliability.json`` (not versioned), or ``$RAPPORT_RELIABILITY_RESULTS``.
Each test keeps the figures of its latest run in each size (``ci``: the seeded subset of the
normal suite; ``long``: the ``-m slow`` run), so the table shows both.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_RESULTS = ROOT / "bench" / ".data" / "reliability.json"
DOC = ROOT / "docs" / "reliability.md"
TABLE_START = "<!-- reliability-table:start -->"
TABLE_END = "<!-- reliability-table:end -->"

# Row order and wording of the table; a figure recorded under another key is listed after these.
ROWS: tuple[tuple[str, str], ...] = (
    ("crash.import", "SIGKILL during a 3,000-row LinkedIn import"),
    ("crash.edits", "SIGKILL during a burst of edits"),
    ("crash.backup", "SIGKILL during a backup"),
    ("crash.restore", "SIGKILL during a JSON restore"),
    ("writers.two_processes", "Two processes writing at once (window-like + command line)"),
    ("writers.real_cli", "`rapport` commands run while another process writes"),
    ("fuzz.linkedin", "Fuzzed LinkedIn exports (CSV files and .zip)"),
    ("fuzz.vcard", "Fuzzed vCard files"),
    ("fuzz.google", "Fuzzed Google Contacts CSV"),
    ("fuzz.cli", "Damaged files through `rapport import` (exit 2, one line)"),
    ("fuzz.restore", "Fuzzed JSON backups for `restore`"),
    ("fuzz.cli_restore", "Damaged backups through `rapport restore` (exit 2, one line)"),
    ("roundtrip.vcard", "vCard export → import into a fresh database"),
    ("roundtrip.json", "JSON backup → restore of the demo network"),
    ("roundtrip.json_generated", "JSON backup → restore of generated networks"),
    ("disk_full", "`rapport` commands on a full disk (8 MB tmpfs)"),
)


def results_path() -> Path:
    return Path(os.environ.get("RAPPORT_RELIABILITY_RESULTS") or DEFAULT_RESULTS)


def load(path: Path | None = None) -> dict[str, Any]:
    source = path or results_path()
    try:
        loaded = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def record(key: str, *, size: str, tried: int, survived: int, unit: str, detail: str = "") -> None:
    """Store one test's figures: ``tried`` cases, of which ``survived`` lost and leaked nothing."""
    path = results_path()
    figures = load(path)
    entry = figures.get(key)
    sizes: dict[str, Any] = entry if isinstance(entry, dict) and "tried" not in entry else {}
    sizes[size] = {
        "tried": tried,
        "survived": survived,
        "unit": unit,
        "detail": detail,
        "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    figures[key] = sizes
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)


def _cell(entry: dict[str, Any] | None) -> str:
    return f"{entry['tried']:,} {entry['unit']}" if entry else "—"


def table(figures: dict[str, Any]) -> str:
    """The Markdown table of every recorded figure, in ROWS order."""
    labels = dict(ROWS)
    keys = [key for key, _ in ROWS if key in figures] + sorted(set(figures) - set(labels))
    lines = [
        "| What was tried | Normal suite (CI) | Long run (`-m slow`) | Lost, corrupted or leaked "
        "| Detail (latest run) |",
        "|---|---:|---:|---|---|",
    ]
    for key in keys:
        runs = figures[key]
        failed = sum(entry["tried"] - entry["survived"] for entry in runs.values())
        latest = max(runs.values(), key=lambda entry: entry["at"])
        verdict = "nothing" if failed == 0 else f"**{failed:,} cases failed**"
        lines.append(
            f"| {labels.get(key, key)} | {_cell(runs.get('ci'))} | {_cell(runs.get('long'))} | {verdict} "
            f"| {latest.get('detail', '')} |"
        )
    return "\n".join(lines)


def last_recorded(figures: dict[str, Any]) -> str:
    stamps = [entry["at"] for runs in figures.values() for entry in runs.values()]
    return max(stamps)[:16].replace("T", " ") + " UTC" if stamps else "never"


def write_into(doc: Path, text: str) -> None:
    """Replace the table between the markers in ``doc``."""
    content = doc.read_text(encoding="utf-8")
    start, end = content.index(TABLE_START) + len(TABLE_START), content.index(TABLE_END)
    doc.write_text(content[:start] + "\n" + text + "\n" + content[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability.report", description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"put the table into {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    figures = load()
    if not figures:
        print(f"no figures in {results_path()}: run `bash scripts/test.sh tests/reliability` first")
        return 1
    text = table(figures) + f"\n\nLatest figures recorded {last_recorded(figures)}."
    print(text)
    if args.write:
        write_into(DOC, text)
        print(f"\nwritten into {DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
