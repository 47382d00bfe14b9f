"""Warmth 0–100: how much recent engagement a relationship holds.

E = Σ weight · 0.5^(age_days / cadence) over the contact's touches, so each touch loses
half its weight every cadence. Because every term decays by the same factor, the whole
sum does too: E(later) = E(earlier) · 0.5^(days / cadence). That lets the database keep a
single number per contact (E and the day it was computed for) and bring it up to date
in O(1) instead of re-reading every touch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from core.kinds import weight_of
from core.records import ContactSnapshot, Touch
from core.status import days_between


def _half_lives(days: int, cadence_days: int) -> float:
    # A cadence below one day would mean instant decay or a division by zero.
    return days / max(cadence_days, 1)


def engagement_on(touches: Iterable[Touch], cadence_days: int, on: date) -> float:
    """E on the day `on`, from every touch up to and including that day.

    Touches dated after `on` are ignored; notes weigh 0 and so add nothing.
    """
    total = 0.0
    for touch in touches:
        if touch.on > on:
            continue
        weight = weight_of(touch.kind)
        if weight > 0:
            total += weight * 0.5 ** _half_lives(days_between(touch.on, on), cadence_days)
    return total


def decay(engagement: float, from_day: date, to_day: date, cadence_days: int) -> float:
    """E carried from `from_day` to `to_day`; it never grows by moving back in time."""
    return engagement * 0.5 ** _half_lives(days_between(from_day, to_day), cadence_days)


def warmth_from_engagement(engagement: float) -> int:
    """round(100 · (1 − e^(−E/2))), within 0..100.

    The saturating curve means a few solid touches make someone warm, and piling on more
    adds less and less: a lunch today (E=3) is 78, two lunches today (E=6) are 95.
    """
    value = round(100 * (1 - math.exp(-max(engagement, 0.0) / 2)))
    return min(100, max(0, value))


def warmth_of(snapshot: ContactSnapshot, today: date) -> int | None:
    """The contact's warmth today; None when there is no cadence to decay by."""
    cadence = snapshot.cadence_days
    if cadence is None:
        return None
    if snapshot.engagement_on is None:
        return 0
    return warmth_from_engagement(decay(snapshot.engagement, snapshot.engagement_on, today, cadence))
