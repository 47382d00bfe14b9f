"""khal, a real command-line calendar, reading the .ics files Rapport writes (Berlin time)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

KHAL = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "khal"


def khal_config(folder: Path) -> tuple[Path, Path]:
    """A khal configuration with one calendar in `folder`: (the config file, the calendar's folder)."""
    calendar_dir = folder / "khal-calendar"
    calendar_dir.mkdir()
    config = folder / "khal.conf"
    config.write_text(
        "[calendars]\n[[rapport]]\n"
        f"path = {calendar_dir}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n"
        f"[sqlite]\npath = {folder / 'khal.db'}\n"
    )
    return config, calendar_dir


def khal(config: Path, *arguments: str) -> str:
    environment = {**os.environ, "TZ": "Europe/Berlin", "HOME": str(config.parent), "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [str(KHAL), "-c", str(config), *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
