"""Refreshing a page only when someone can see it, at most once per burst of changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget


class VisibleRefresher(QObject):
    """Call `refresh` soon after `request()` if the page is visible, else the next time it is shown.

    Several signals often arrive for one user action (contact_changed, interaction_logged,
    checkins_changed…); they are coalesced into one refresh on the next turn of the event loop.
    """

    def __init__(self, page: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(page)
        self._page = page
        self._refresh = refresh
        self._stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_if_visible)

    @property
    def stale(self) -> bool:
        return self._stale

    def request(self, *_: object) -> None:
        self._stale = True
        if self._page.isVisible():
            self._timer.start()

    def page_shown(self) -> None:
        """Call from the page's showEvent: a stale page reloads before its first paint, so it
        never flashes old or empty content."""
        if self._stale:
            self.refresh_now()

    def refresh_now(self) -> None:
        self._timer.stop()
        self._stale = False
        self._refresh()

    def _run_if_visible(self) -> None:
        if self._stale and self._page.isVisible():
            self.refresh_now()
