"""Fixtures for the window tests: a store on a fixed clock, the signal bus, and people to show."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

BERLIN = ZoneInfo("Europe/Berlin")
# Friday 27 November 2026, 09:30 in Berlin: a workday morning, check-in hours have begun.
SHELL_NOW = datetime(2026, 11, 27, 9, 30, tzinfo=BERLIN)


@pytest.fixture
def shell_store(data_dir: Path) -> Iterator[object]:
    """A real SQLite store whose clock stands still at SHELL_NOW."""
    from services.clock import fixed_clock
    from services.store import open_store

    opened = open_store(data_dir, clock=fixed_clock(SHELL_NOW), tz=BERLIN)
    yield opened
    opened.close()


@pytest.fixture
def shell_context(qtbot, shell_store) -> Iterator[object]:
    from ui.context import AppContext

    context = AppContext(shell_store)
    yield context
    context._poll.stop()


@pytest.fixture
def shell_person(shell_store) -> Callable[..., object]:
    """Add a contact: shell_person("Lena Vogel", circle="Close", last_touch_days=41, kind="lunch", ...)."""
    from services.contacts import ContactInput, create_contact
    from services.touches import log_interaction

    def add(
        name: str,
        *,
        circle: str = "Close",
        last_touch_days: int | None = None,
        kind: str = "lunch",
        company: str = "",
        position: str = "",
        emails: tuple[str, ...] = (),
        birthday: str | None = None,
    ) -> object:
        contact = create_contact(
            shell_store,
            ContactInput(
                display_name=name,
                circle=circle,
                company=company,
                position=position,
                emails=list(emails),
                birthday=birthday,
            ),
        )
        if last_touch_days is not None:
            log_interaction(shell_store, [contact], kind, when=SHELL_NOW - timedelta(days=last_touch_days))
        return contact

    return add


@pytest.fixture
def shell_window(qtbot, shell_store) -> Iterator[object]:
    """The main window over shell_store, shown (its window state lives in the data folder)."""
    from ui.app import build_main_window

    context, window = build_main_window(shell_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    context._poll.stop()


def shown_contacts_page(qtbot, context) -> object:
    """The Contacts page on its own, shown and loaded."""
    from ui.contacts_page import ContactsPage

    page = ContactsPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    return page
