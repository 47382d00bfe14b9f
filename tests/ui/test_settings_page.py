"""Settings: every change saves at once, nonsense is refused with a reason, cadences recompute."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTime

from core.status import Status, status_of
from services.circles import circle_cadences
from services.snapshots import load_snapshots
from ui.paths import shown_path
from ui.settings_page import SettingsPage


@pytest.fixture
def settings_page(qtbot, shell_context):
    page = SettingsPage(shell_context)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.refresher.stale)
    return page


def test_the_page_shows_the_stored_settings(settings_page, shell_store):
    settings = shell_store.settings()
    assert settings_page.budget.value() == settings.daily_budget == 3
    assert [box.isChecked() for box in settings_page.day_boxes] == [True] * 5 + [False] * 2
    assert settings_page.checkin_start.time() == QTime(9, 0)
    assert settings_page.checkin_end.time() == QTime(17, 0)
    assert settings_page.quiet_start.time() == QTime(20, 0)
    assert settings_page.digest_time.time() == QTime(9, 0)
    assert settings_page.checkin_minutes.value() == 10
    assert settings_page.invite.toPlainText() == settings.invite_text
    assert {name: spin.value() for name, spin in settings_page.cadence_spins.items()} == {
        "Inner": 14,
        "Close": 30,
        "Network": 90,
        "Acquaintance": 180,
    }
    assert settings_page.data_section.data_folder.text() == shown_path(shell_store.data_dir)
    assert settings_page.data_section.data_folder.toolTip() == str(shell_store.data_dir)
    assert settings_page.data_section.data_folder.isReadOnly()


def test_a_change_is_saved_at_once_and_announced(qtbot, settings_page, shell_store, shell_context):
    with qtbot.waitSignal(shell_context.settings_changed, timeout=1000):
        settings_page.budget.setValue(5)
    assert shell_store.settings().daily_budget == 5

    settings_page.day_boxes[4].setChecked(False)  # no check-ins on Fridays
    settings_page.notifications.setChecked(False)
    settings_page.keep_in_tray.setChecked(True)
    settings_page.checkin_minutes.setValue(15)
    saved = shell_store.settings()
    assert saved.checkin_days == [0, 1, 2, 3]
    assert saved.notifications_enabled is False
    assert saved.keep_running_in_tray is True
    assert saved.checkin_minutes == 15


def test_check_in_hours_ending_before_they_start_are_refused_until_fixed(qtbot, settings_page, shell_store):
    settings_page.checkin_end.setTime(QTime(8, 0))

    assert settings_page.problem.isVisible()
    assert "check-in hours must end after they start" in settings_page.problem_text.text()
    assert shell_store.settings().checkin_end == "17:00"

    settings_page.checkin_start.setTime(QTime(7, 0))

    assert not settings_page.problem.isVisible()
    saved = shell_store.settings()
    assert (saved.checkin_start, saved.checkin_end) == ("07:00", "08:00")


def test_quiet_hours_must_start_and_end_at_different_times(settings_page, shell_store):
    settings_page.quiet_end.setTime(QTime(20, 0))

    assert "quiet hours must start and end at different times" in settings_page.problem_text.text()
    assert shell_store.settings().quiet_end == "08:00"


def test_at_least_one_check_in_day_is_needed(settings_page, shell_store):
    for box in settings_page.day_boxes:
        box.setChecked(False)

    assert "choose at least one day for check-ins" in settings_page.problem_text.text()
    assert shell_store.settings().checkin_days == [4]  # the last day unticked was refused


def test_the_invite_text_is_saved_after_typing_settles(qtbot, settings_page, shell_store):
    settings_page.invite.setPlainText("Hi {first_name}, a quick call on {when}?")
    qtbot.waitUntil(lambda: shell_store.settings().invite_text == "Hi {first_name}, a quick call on {when}?")


def test_a_circle_cadence_change_recomputes_its_contacts(
    qtbot, settings_page, shell_store, shell_context, shell_person
):
    walter = shell_person("Walter Warm", circle="Close", last_touch_days=20)
    today = shell_store.today()
    assert status_of(load_snapshots(shell_store, contact_ids=[walter.id])[0], today) is Status.WARM

    with (
        qtbot.waitSignal(settings_page.controller.cadence_saved, timeout=5000) as saved,
        qtbot.waitSignal(shell_context.data_changed, timeout=5000),
    ):
        settings_page.cadence_spins["Close"].setValue(14)

    assert saved.args == ["Close", 1]
    assert {c.name: c.cadence_days for c in circle_cadences(shell_store)}["Close"] == 14
    assert status_of(load_snapshots(shell_store, contact_ids=[walter.id])[0], today) is Status.COLD
    qtbot.waitUntil(lambda: settings_page.circle_counts["Close"].text() == "1 contact")


def test_start_at_login_is_a_saved_setting(settings_page, shell_store):
    assert settings_page.start_at_login.isEnabled()
    settings_page.start_at_login.setChecked(True)
    assert shell_store.settings().start_at_login is True
    settings_page.start_at_login.setChecked(False)
    assert shell_store.settings().start_at_login is False


def test_changes_made_elsewhere_show_up(qtbot, settings_page, shell_store, shell_context):
    changed = shell_store.settings()
    changed.daily_budget = 7
    shell_store.save_settings(changed)
    shell_context.settings_changed.emit()

    qtbot.waitUntil(lambda: settings_page.budget.value() == 7)


def test_controls_have_accessible_names(settings_page):
    assert settings_page.budget.accessibleName() == "Daily budget of check-ins"
    assert settings_page.cadence_spins["Inner"].accessibleName() == "Cadence of the Inner circle"
    assert settings_page.quiet_start.accessibleName() == "Quiet hours start"
    data = settings_page.data_section
    assert data.backup_button.accessibleName() == "Back up now"
    assert [a.text() for a in data.import_button.menu().actions()] == [
        "LinkedIn export…",
        "vCard file…",
        "Google Contacts CSV…",
    ]
    assert [a.text() for a in data.export_button.menu().actions()] == [
        "vCard…",
        "CSV spreadsheet…",
        "JSON backup…",
    ]


def test_a_refused_change_does_not_block_other_changes(settings_page, shell_store):
    settings_page.quiet_end.setTime(QTime(20, 0))
    settings_page.budget.setValue(4)

    assert shell_store.settings().daily_budget == 4
    assert settings_page.problem.isVisible()  # the quiet hours still need fixing
    settings_page.quiet_end.setTime(QTime(7, 0))
    assert not settings_page.problem.isVisible()
    assert shell_store.settings().quiet_end == "07:00"
