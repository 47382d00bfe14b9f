"""Paths as people read them: the home folder shown as ~, the way file managers and shells do."""

from __future__ import annotations

from pathlib import Path


def shown_path(path: Path, home: Path | None = None) -> str:
    """``/home/ana/.local/share/Rapport`` -> ``~/.local/share/Rapport``; other paths unchanged."""
    home = home or Path.home()
    try:
        inside = path.relative_to(home)
    except ValueError:
        return str(path)
    return "~" if inside == Path() else f"~/{inside}"
