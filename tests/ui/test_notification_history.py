"""The notification history page: what was sent when, newest first, and a test notification."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from connectors.notify import NotificationUnavailable, NotifierChain
from tests.services_required import require_desktop_services
from tests.ui.conftest import SHELL_NOW
from ui.notification_history import NotificationHistoryPage
from ui.notifications import notification_hub


class Recorder:
    def __init__(self, channel: str = "plyer-dbus") -> None:
        self.channel = channel
        self.sent: list[str] = []

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        self.sent.append(title)
        return self.channel


class Refuses:
    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        raise NotificationUnavailable("no daemon")


def _remind(context: Any, shell_person: Any) -> None:
    from services.preferences import update_settings
    from services.reminders import run_reminder_pass

    update_settings(context.store, digest_enabled=False)
    shell_person("Lena Vogel", last_touch_days=31)
    run_reminder_pass(context.store, Recorder())


def _texts(page: NotificationHistoryPage) -> list[list[str]]:
    model = page.model
    return [[model.data(model.index(row, column)) for column in range(4)] for row in range(model.rowCount())]


def test_the_history_lists_what_was_sent_newest_first(
    qtbot: Any, qtmodeltester: Any, shell_context: Any, shell_person: Any
) -> None:
    from services.reminders import log_test_notification

    _remind(shell_context, shell_person)
    shell_context.store.clock = lambda: SHELL_NOW + timedelta(minutes=5)
    log_test_notification(shell_context.store, "in-app banner", "Rapport test notification", "Hello")

    page = NotificationHistoryPage(shell_context)
    qtbot.addWidget(page)

    qtmodeltester.check(page.model)
    assert _texts(page) == [
        ["Fri 27 Nov 2026, 09:35", "Test", "Rapport test notification — Hello", "Banner in the window"],
        [
            "Fri 27 Nov 2026, 09:30",
            "Going cold",
            "Lena Vogel is going cold — Last touch 31 days ago (lunch). Schedule a 10-minute check-in?",
            "Desktop notification",
        ],
    ]
    assert page.empty.isHidden()


def test_an_empty_history_says_so(qtbot: Any, shell_context: Any) -> None:
    page = NotificationHistoryPage(shell_context)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 0 and page.empty.isVisible()


def test_a_test_notification_is_sent_logged_and_listed(qtbot: Any, shell_context: Any) -> None:
    hub = notification_hub(shell_context)
    recorder = Recorder("tray")
    hub.chain = NotifierChain([("fake", lambda: recorder)])
    page = NotificationHistoryPage(shell_context)
    qtbot.addWidget(page)

    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)

    assert recorder.sent == ["Rapport test notification"]
    assert page.result.text() == "Sent as: tray message. Did it appear?"
    assert [row[1] for row in _texts(page)] == ["Test"], "the page refreshed itself"


def test_a_test_notification_that_cannot_be_shown_says_why(qtbot: Any, shell_context: Any) -> None:
    hub = notification_hub(shell_context)
    hub.chain = NotifierChain([("plyer", Refuses)])
    page = NotificationHistoryPage(shell_context)
    qtbot.addWidget(page)

    text = page.send_test()

    assert text == "No notification could be shown: plyer: no daemon"
    assert page.model.rowCount() == 0


def test_double_clicking_a_reminder_opens_its_contact(
    qtbot: Any, shell_context: Any, shell_person: Any
) -> None:
    _remind(shell_context, shell_person)
    page = NotificationHistoryPage(shell_context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(shell_context.open_contact_requested) as opened:
        page.table.doubleClicked.emit(page.model.index(0, 2))
    assert opened.args == [1]


@pytest.mark.services
def test_the_test_button_reaches_the_real_notification_daemon(qtbot: Any, shell_context: Any) -> None:
    require_desktop_services()
    from tests.integration.conftest import Dunst

    dunst = Dunst()
    page = NotificationHistoryPage(shell_context)
    qtbot.addWidget(page)

    assert page.send_test() == "Sent as: desktop notification. Did it appear?"
    [arrived] = dunst.wait_for(1)
    assert (arrived.appname, arrived.summary) == ("Rapport", "Rapport test notification")
