"""When the window runs reminder passes: at start, every few minutes, on the exact minute a
reminder falls due, after the machine wakes up, and when check-ins or settings change.

Timers can't be trusted across sleep (Qt's run on a monotonic clock that stops while the
machine sleeps), so a heartbeat compares the wall clock with the monotonic one and runs a
pass when they drift apart. The exact timer is single-shot, capped at 2^31−1 ms (Qt's
limit) and re-planned after every pass, so a far-off moment is never lost to the cap.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from connectors.notify import Notifier
from services.reminders import ReminderPass, run_reminder_pass, upcoming_moments
from ui.context import AppContext

log = logging.getLogger(__name__)

PASS_INTERVAL_MS = 5 * 60 * 1000
HEARTBEAT_MS = 30 * 1000
# The wall clock ran this much further than the heartbeat expected: the machine slept
# (or the clock was set); either way, what is due now should be looked at now.
WAKE_GAP_S = 90.0
MAX_TIMER_MS = 2**31 - 1
# Fire a little after the due minute, so the policy sees the moment as reached.
EXACT_SLACK_MS = 1_000
# Signals often come in bursts (an import, a settings page); one pass answers them all.
COALESCE_MS = 500


def timer_delay_ms(seconds: float) -> int:
    """A QTimer interval for `seconds` from now: never negative, never above Qt's limit."""
    return max(0, min(MAX_TIMER_MS, int(seconds * 1000) + EXACT_SLACK_MS))


class ReminderScheduler(QObject):
    # A pass finished: its ReminderPass.
    pass_finished = Signal(object)

    def __init__(
        self,
        context: AppContext,
        notifier: Notifier,
        *,
        wall_clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or context)
        self.context = context
        self.notifier = notifier
        self._wall_clock = wall_clock
        self._monotonic = monotonic
        self._last_beat = (wall_clock(), monotonic())
        self.next_exact: datetime | None = None
        self.passes = 0

        self.periodic = QTimer(self)
        self.periodic.setInterval(PASS_INTERVAL_MS)
        self.periodic.timeout.connect(lambda: self.run_pass("periodic"))
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self.check_for_wake_up)
        self.exact = QTimer(self)
        self.exact.setSingleShot(True)
        self.exact.timeout.connect(lambda: self.run_pass("due time"))
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(COALESCE_MS)
        self.soon.timeout.connect(lambda: self.run_pass("data changed"))

        for signal in (context.checkins_changed, context.settings_changed, context.data_changed):
            signal.connect(self.run_soon)

    def start(self) -> None:
        """The catch-up pass, then the timers."""
        self.run_pass("start")
        self.periodic.start()
        self.heartbeat.start()

    def stop(self) -> None:
        for timer in (self.periodic, self.heartbeat, self.exact, self.soon):
            timer.stop()

    def run_soon(self, *_: object) -> None:
        self.soon.start()

    def run_pass(self, reason: str) -> ReminderPass | None:
        self.soon.stop()
        result: ReminderPass | None = None
        try:
            result = run_reminder_pass(self.context.store, self.notifier)
        except Exception:  # one bad pass must not stop the next ones
            log.exception("reminder pass (%s) failed", reason)
        else:
            self.passes += 1
            if result.deliveries:
                log.info(
                    "reminder pass (%s): %d due, %d sent", reason, len(result.deliveries), len(result.sent)
                )
            self.pass_finished.emit(result)
        self.replan()
        return result

    def replan(self) -> None:
        """Point the exact timer at the next moment a reminder may fall due."""
        try:
            moments = upcoming_moments(self.context.store)
        except Exception:
            log.exception("could not plan the next reminder time")
            moments = []
        self.exact.stop()
        self.next_exact = moments[0] if moments else None
        if self.next_exact is None:
            return
        wait = (self.next_exact - self.context.store.now()).total_seconds()
        self.exact.start(timer_delay_ms(wait))

    def check_for_wake_up(self) -> bool:
        """Run a pass when the wall clock jumped (sleep, resume, a clock change)."""
        wall, mono = self._wall_clock(), self._monotonic()
        last_wall, last_mono = self._last_beat
        self._last_beat = (wall, mono)
        drift = (wall - last_wall) - (mono - last_mono)
        if abs(drift) < WAKE_GAP_S:
            return False
        log.info("the clock jumped by %.0f s (sleep or a clock change): checking reminders", drift)
        self.run_pass("wake-up")
        return True
