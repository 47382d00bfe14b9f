"""Shared fixtures: a real SQLite file in a temporary data folder, and a fixed clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

# Widgets render offscreen in unit tests; tests that need the real desktop start their own.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Reminder rules speak of the user's local day; the suite fixes the zone so results are exact.
os.environ["TZ"] = "Europe/Berlin"
import time

time.tzset()


@pytest.fixture(autouse=True)
def _desktop_services(request: pytest.FixtureRequest) -> None:
    """Tests marked `services` need the real desktop that `bash scripts/test.sh` starts.

    Without it they FAIL rather than skip, so a CI run whose services are missing can never
    pass by skipping them. RAPPORT_ALLOW_NO_SERVICES=1 skips them instead, for running the
    unit tests on a machine without those services.
    """
    if request.node.get_closest_marker("services") is None:
        return
    if os.environ.get("RAPPORT_TEST_SERVICES") == "1":
        return
    if os.environ.get("RAPPORT_ALLOW_NO_SERVICES") == "1":
        pytest.skip("desktop services not started (RAPPORT_ALLOW_NO_SERVICES=1)")
    pytest.fail(
        "the desktop services (Xvfb, session bus, tray watcher, dunst, keyring) are not running: "
        "run the tests through `bash scripts/test.sh` "
        "(or set RAPPORT_ALLOW_NO_SERVICES=1 to skip the tests that need them)",
        pytrace=False,
    )


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
