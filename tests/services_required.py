"""The one rule for tests that need the real desktop services (scripts/desktop-services.sh).

They FAIL rather than skip when the services are missing, so a CI run whose services did
not come up can never pass by skipping them. RAPPORT_ALLOW_NO_SERVICES=1 turns the
failure into a skip, for running the unit tests on a machine without them.
"""

from __future__ import annotations

import os

import pytest


def require_desktop_services() -> None:
    """Return when scripts/desktop-services.sh started the services; else fail (or skip)."""
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
