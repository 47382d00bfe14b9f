"""Where Rapport keeps its data: the platform data folder, or an override."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Rapport"
DATA_DIR_ENV = "RAPPORT_DATA_DIR"
DATABASE_FILE = "rapport.sqlite"
BACKUP_FOLDER = "backups"


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir``, else ``$RAPPORT_DATA_DIR``, else the platform's."""
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_private_dir(folder: Path) -> Path:
    """Create ``folder`` readable by its owner only (0700), and tighten it if it exists."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    return folder


def make_private_file(path: Path) -> None:
    """Make an existing file readable and writable by its owner only (0600)."""
    if path.exists():
        path.chmod(0o600)
