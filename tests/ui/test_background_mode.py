"""The background half wired to a window: closing to the tray (asked once), no tray at all,
clicked tray messages and desktop notifications, and the start-at-login entry following its
setting.

Offscreen there is no system tray, so the tray is forced on where a test needs one; the
real tray under Xvfb is tested in tests/integration/test_tray.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from services.reminders import SENT, Delivery, ReminderPass
from tests.ui.conftest import SHELL_NOW
from ui.background_mode import NO_TRAY_TEXT, Background

_BUILT: list[Background] = []


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    quits = qapp.quitOnLastWindowClosed()
    yield qapp
    qapp.setQuitOnLastWindowClosed(quits)
    # The application outlives the test: take back what each Background installed on it.
    while _BUILT:
        background = _BUILT.pop()
        background.scheduler.stop()
        qapp.removeEventFilter(background)
        background.deleteLater()


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    widget.setWindowTitle("Today — Rapport")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _background(context: Any, window: QWidget, app: QApplication, *, tray: bool) -> Background:
    background = Background(context, window, app, tray_available=tray)
    # No modal question in tests: "no" unless a test answers itself (closing at teardown asks too).
    background.ask_keep_running = lambda: False  # type: ignore[method-assign]
    _BUILT.append(background)
    return background


def _keep(context: Any) -> bool | None:
    return context.store.settings().keep_running_in_tray


def test_closing_asks_once_then_keeps_running_in_the_tray(
    qtbot: Any, shell_context: Any, window: QWidget, app: QApplication
) -> None:
    background = _background(shell_context, window, app, tray=True)
    asked: list[bool] = []

    def answer_yes() -> bool:
        asked.append(True)
        return True

    background.ask_keep_running = answer_yes  # type: ignore[method-assign]

    window.close()

    assert asked == [True] and _keep(shell_context) is True
    assert not window.isVisible() and not background.quitting
    assert app.quitOnLastWindowClosed() is False, "a dialog closing while hidden must not quit"
    background.show_window()
    window.close()
    assert asked == [True], "asked only once"
    assert not window.isVisible()


def test_closing_quits_when_the_user_said_no(
    qtbot: Any, shell_context: Any, window: QWidget, app: QApplication
) -> None:
    from services.preferences import update_settings

    update_settings(shell_context.store, keep_running_in_tray=False)
    background = _background(shell_context, window, app, tray=True)

    window.close()

    assert not window.isVisible() and background.quitting


def test_without_a_tray_rapport_says_so_once_and_closing_quits(
    qtbot: Any, shell_context: Any, window: QWidget, app: QApplication, caplog: Any
) -> None:
    messages: list[str] = []
    shell_context.status_message.connect(messages.append)

    background = _background(shell_context, window, app, tray=False)
    qtbot.waitUntil(lambda: bool(messages))
    qtbot.wait(50)

    assert messages == [NO_TRAY_TEXT]
    assert "no system tray" in caplog.text
    assert background.tray is None and background.hub.tray is None
    window.close()
    assert not window.isVisible(), "no tray: the window really closes"
    assert _keep(shell_context) is None, "nothing to ask without a tray"


def test_a_quit_lets_the_window_close(
    qtbot: Any, shell_context: Any, window: QWidget, app: QApplication
) -> None:
    from PySide6.QtCore import QEvent

    from services.preferences import update_settings

    update_settings(shell_context.store, keep_running_in_tray=True)
    background = _background(shell_context, window, app, tray=True)
    # What the application's filter sees when anything asks it to quit (a real Quit event
    # would end the test session's own event loops).
    assert background.eventFilter(app, QEvent(QEvent.Type.Quit)) is False

    assert background.quitting
    window.close()
    assert not window.isVisible()


def test_left_click_toggles_the_window(
    qtbot: Any, shell_context: Any, window: QWidget, app: QApplication
) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    background = _background(shell_context, window, app, tray=True)
    assert background.tray is not None
    trigger = QSystemTrayIcon.ActivationReason.Trigger
    background.tray.icon.activated.emit(trigger)
    assert not window.isVisible()
    background.tray.icon.activated.emit(trigger)
    assert window.isVisible()


def test_clicking_a_tray_message_opens_the_right_page(
    qtbot: Any, shell_context: Any, window: QWidget, app: QApplication, shell_person: Any
) -> None:
    from core.reminders import Reminder

    background = _background(shell_context, window, app, tray=True)
    assert background.tray is not None
    lena = shell_person("Lena Vogel", last_touch_days=31)
    cold = Reminder("cold", "cold:1:2026-10-27", lena.id, "Lena Vogel is going cold", "…", SHELL_NOW)
    background._pass_finished(ReminderPass(SHELL_NOW, False, "", [Delivery(cold, SENT, channel="tray")]))
    window.hide()

    with qtbot.waitSignal(shell_context.open_contact_requested) as opened:
        background.tray.icon.messageClicked.emit()
    assert opened.args == [lena.id] and window.isVisible()

    digest = Reminder("digest", "digest:2026-11-27", None, "3 check-ins today", "…", SHELL_NOW)
    background.tray.remember_message(digest.kind, digest.contact_id)
    with qtbot.waitSignal(shell_context.open_page_requested) as page:
        background.tray.icon.messageClicked.emit()
    assert page.args == ["today"]


def test_clicking_a_desktop_notification_opens_what_it_is_about(
    qtbot: Any, shell_context: Any, window: QWidget, app: QApplication, shell_person: Any
) -> None:
    from core.reminders import Reminder

    background = _background(shell_context, window, app, tray=False)
    lena = shell_person("Lena Vogel", last_touch_days=31)
    cold = Reminder("cold", "cold:1:2026-10-27", lena.id, "Lena Vogel is going cold", "…", SHELL_NOW)
    digest = Reminder("digest", "digest:2026-11-27", None, "3 check-ins today", "…", SHELL_NOW)
    shown = [Delivery(cold, SENT, channel="desktop"), Delivery(digest, SENT, channel="desktop")]
    background._pass_finished(ReminderPass(SHELL_NOW, False, "", shown))
    window.hide()

    # The notification service reports the click with the key the reminder was sent with.
    with qtbot.waitSignal(shell_context.open_contact_requested) as opened:
        background.hub.reminder_clicked.emit(cold.dedupe_key)
    assert opened.args == [lena.id] and window.isVisible()
    with qtbot.waitSignal(shell_context.open_page_requested) as page:
        background.hub.reminder_clicked.emit(digest.dedupe_key)
    assert page.args == ["today"]


def test_start_at_login_follows_the_setting(
    qtbot: Any, shell_context: Any, window: QWidget, app: QApplication, tmp_path: Path, monkeypatch: Any
) -> None:
    from services.preferences import update_settings

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    entry = tmp_path / "config" / "autostart" / "rapport.desktop"
    _background(shell_context, window, app, tray=True)
    assert not entry.exists()

    update_settings(shell_context.store, start_at_login=True)
    shell_context.settings_changed.emit()
    assert entry.exists()

    update_settings(shell_context.store, start_at_login=False)
    shell_context.settings_changed.emit()
    assert not entry.exists()


def test_the_tray_menu_offers_todays_queue(
    qtbot: Any, shell_context: Any, window: QWidget, app: QApplication, shell_person: Any
) -> None:
    shell_person("Lena Vogel", last_touch_days=31)
    background = _background(shell_context, window, app, tray=True)
    assert background.tray is not None
    menu = background.tray.menu
    menu.aboutToShow.emit()

    labels = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert labels == ["Open Rapport", "Today", "Log a touch…", "Pause reminders", "Quit Rapport"]
    today = next(a.menu() for a in menu.actions() if a.text() == "Today")
    assert isinstance(today, QMenu)
    assert [a.text() for a in today.actions()] == ["Schedule a 10-minute check-in with Lena Vogel"]
    assert background.tray.icon.toolTip() == "1 contact going cold"


def test_the_attention_icon_carries_a_dot(qapp: QApplication) -> None:
    from ui.icons import tray_icon
    from ui.tray import ATTENTION_COLOUR, attention_icon

    plain = tray_icon().pixmap(32, 32).toImage()
    marked = attention_icon(tray_icon()).pixmap(32, 32).toImage()

    assert marked.pixelColor(24, 7).name() == ATTENTION_COLOUR.name()
    assert plain.pixelColor(24, 7).name() != ATTENTION_COLOUR.name()
    assert marked.pixelColor(8, 24) == plain.pixelColor(8, 24), "the rest of the icon is unchanged"
