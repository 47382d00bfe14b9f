"""Shared fixtures: a real SQLite file in a temporary data folder, and a fixed clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.services_required import require_desktop_services

# Widgets render offscreen in unit tests; tests that need the real desktop start their own.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Reminder rules speak of the user's local day; the suite fixes the zone so results are exact.
os.environ["TZ"] = "Europe/Berlin"
import time

time.tzset()


@pytest.fixture(autouse=True)
def _desktop_services(request: pytest.FixtureRequest) -> None:
    """Tests marked `services` need the real desktop that `bash scripts/test.sh` starts:
    without it they fail, never skip (see tests/services_required.py)."""
    if request.node.get_closest_marker("services") is not None:
        require_desktop_services()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def fixed_now() -> datetime:
    """Friday 2026-11-27 10:00 in Berlin."""
    return datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(data_dir: Path) -> Iterator[object]:
    from services.store import open_store

    opened = open_store(data_dir)
    yield opened
    opened.close()
