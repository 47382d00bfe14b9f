"""When the window runs reminder passes: at start, on the exact due minute (timers capped at
Qt's limit), after a wake-up, and when check-ins or settings change.

The notifier records instead of showing: the desktop end is tested in tests/integration.
Today is Friday 2026-11-27, 09:30 in Berlin (tests/ui/conftest.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.ui.conftest import SHELL_NOW
from ui.scheduler import EXACT_SLACK_MS, MAX_TIMER_MS, ReminderScheduler, timer_delay_ms


class Recorder:
    def __init__(self) -> None:
        self.titles: list[str] = []
        self.shown: list[str] = []  # title and body

    def send(self, title: str, body: str, *, urgency: str = "normal", key: str = "") -> str:
        self.titles.append(title)
        self.shown.append(f"{title}: {body}")
        return "fake"


class FakeClocks:
    def __init__(self) -> None:
        self.wall = 1_000_000.0
        self.mono = 500.0

    def sleep(self, seconds: float) -> None:
        """The machine sleeps: the wall clock runs on, the monotonic one stands still."""
        self.wall += seconds

    def tick(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


def _scheduler(context: Any, notifier: Recorder, clocks: FakeClocks | None = None) -> ReminderScheduler:
    clocks = clocks or FakeClocks()
    return ReminderScheduler(context, notifier, wall_clock=lambda: clocks.wall, monotonic=lambda: clocks.mono)


def test_timers_are_never_longer_than_qts_limit() -> None:
    assert MAX_TIMER_MS == 2**31 - 1
    assert timer_delay_ms(40 * 24 * 3600) == MAX_TIMER_MS  # 40 days away: re-planned before then
    assert timer_delay_ms(-30) == 0
    assert timer_delay_ms(60) == 60_000 + EXACT_SLACK_MS


def test_start_runs_the_catch_up_pass_and_starts_the_timers(
    qtbot: Any, shell_context: Any, shell_person: Any
) -> None:
    shell_person("Lena Vogel", last_touch_days=31)
    notifier = Recorder()
    scheduler = _scheduler(shell_context, notifier)

    scheduler.start()

    # The very first pass sums up what is due in one notification.
    assert notifier.titles == ["Your network today"]
    assert "1 contact is cold: Lena Vogel" in notifier.shown[0]
    assert scheduler.periodic.isActive() and scheduler.heartbeat.isActive()
    assert scheduler.periodic.interval() == 5 * 60 * 1000
    scheduler.stop()


def test_the_exact_timer_points_at_the_next_check_in_reminder(
    qtbot: Any, shell_context: Any, shell_person: Any
) -> None:
    from services.checkins import schedule_checkin

    lena = shell_person("Lena Vogel", last_touch_days=3)
    schedule_checkin(shell_context.store, lena, at=SHELL_NOW.replace(hour=11, minute=0))
    scheduler = _scheduler(shell_context, Recorder())

    scheduler.replan()

    assert scheduler.next_exact == SHELL_NOW.replace(hour=10, minute=50)
    assert scheduler.exact.isActive() and scheduler.exact.isSingleShot()
    assert scheduler.exact.interval() == 80 * 60 * 1000 + EXACT_SLACK_MS


def test_a_pass_is_run_when_the_exact_timer_fires(qtbot: Any, shell_context: Any, shell_person: Any) -> None:
    scheduler = _scheduler(shell_context, Recorder())
    with qtbot.waitSignal(scheduler.pass_finished, timeout=2000):
        scheduler.exact.start(0)
    assert scheduler.passes == 1


def test_waking_up_from_sleep_runs_a_pass(qtbot: Any, shell_context: Any, shell_person: Any) -> None:
    clocks = FakeClocks()
    notifier = Recorder()
    scheduler = _scheduler(shell_context, notifier, clocks)
    clocks.tick(30)
    assert scheduler.check_for_wake_up() is False, "a normal heartbeat is not a wake-up"

    shell_person("Lena Vogel", last_touch_days=31)
    clocks.sleep(8 * 3600)
    clocks.tick(30)

    assert scheduler.check_for_wake_up() is True
    assert any("Lena Vogel" in shown for shown in notifier.shown)
    clocks.tick(30)
    assert scheduler.check_for_wake_up() is False


def test_a_clock_set_back_also_counts_as_a_jump(qtbot: Any, shell_context: Any) -> None:
    clocks = FakeClocks()
    scheduler = _scheduler(shell_context, Recorder(), clocks)
    clocks.wall -= 3600
    assert scheduler.check_for_wake_up() is True


def test_a_check_in_booked_for_soon_is_reminded_at_once(
    qtbot: Any, shell_context: Any, shell_person: Any
) -> None:
    from services.checkins import schedule_checkin

    notifier = Recorder()
    scheduler = _scheduler(shell_context, notifier)
    lena = shell_person("Lena Vogel", last_touch_days=3)
    schedule_checkin(shell_context.store, lena, at=SHELL_NOW + timedelta(minutes=5))

    with qtbot.waitSignal(scheduler.pass_finished, timeout=3000):
        shell_context.checkins_changed.emit()

    assert notifier.titles == ["Check-in with Lena Vogel at 09:35"]


def test_a_burst_of_changes_runs_one_pass(qtbot: Any, shell_context: Any) -> None:
    scheduler = _scheduler(shell_context, Recorder())
    with qtbot.waitSignal(scheduler.pass_finished, timeout=3000):
        for _ in range(5):
            shell_context.settings_changed.emit()
            shell_context.data_changed.emit()
    qtbot.wait(700)
    assert scheduler.passes == 1


def test_a_failing_pass_is_logged_and_the_timers_keep_going(
    qtbot: Any, shell_context: Any, monkeypatch: Any, caplog: Any
) -> None:
    scheduler = _scheduler(shell_context, Recorder())

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("database is locked")

    monkeypatch.setattr("ui.scheduler.run_reminder_pass", broken)
    assert scheduler.run_pass("test") is None
    assert "reminder pass (test) failed" in caplog.text
    assert scheduler.exact.isActive(), "the next moment is still planned"
