"""Where a relationship stands: warm, cooling, cold, or new.

*r* is the number of days since the last touch divided by the contact's cadence; the
thresholds between warm, cooling and cold are settings (defaults 0.75 and 1.0).
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from core.records import ContactSnapshot
from core.settings import Settings

# Built once: status_of runs for every contact on every refresh.
_DEFAULTS = Settings()


class Status(StrEnum):
    WARM = "warm"
    COOLING = "cooling"
    COLD = "cold"
    NEW = "new"  # tracked, but never touched


def days_between(earlier: date, later: date) -> int:
    """Calendar days from `earlier` to `later`, never negative.

    A date after `later` counts as the same day: a touch logged ahead of time (or on a
    machine whose clock runs fast) must not make anyone look more than fresh.
    """
    return max(0, (later - earlier).days)


def overdue_ratio(days_since: int, cadence_days: int) -> float:
    """r = days since the last touch / cadence. A cadence below one day counts as one."""
    return days_since / max(cadence_days, 1)


def status_for_ratio(ratio: float, settings: Settings) -> Status:
    """Warm, cooling or cold for an r that is already known."""
    if ratio >= settings.cold_at:
        return Status.COLD
    if ratio >= settings.warm_below:
        return Status.COOLING
    return Status.WARM


def status_of(snapshot: ContactSnapshot, today: date, settings: Settings | None = None) -> Status | None:
    """The contact's status on `today`; None for untracked and archived contacts."""
    cadence = snapshot.cadence_days
    if cadence is None or snapshot.archived:
        return None
    if snapshot.last_touch_on is None:
        return Status.NEW
    ratio = overdue_ratio(days_between(snapshot.last_touch_on, today), cadence)
    return status_for_ratio(ratio, settings or _DEFAULTS)


def next_due(snapshot: ContactSnapshot, today: date) -> date | None:
    """The day the cadence runs out: last touch + cadence.

    A tracked contact who was never touched is due today (an introductory chat);
    untracked and archived contacts are never due.
    """
    cadence = snapshot.cadence_days
    if cadence is None or snapshot.archived:
        return None
    if snapshot.last_touch_on is None:
        return today
    return snapshot.last_touch_on + timedelta(days=cadence)


def is_snoozed(snapshot: ContactSnapshot, today: date) -> bool:
    """Snoozed until a day means hidden up to and including the day before it."""
    return snapshot.snoozed_until is not None and today < snapshot.snoozed_until
