"""Changing settings from the window: checked first, then saved in one go."""

from __future__ import annotations

import dataclasses
from typing import Any

from core.settings import Settings, parse_clock
from services.store import Store

MAX_DAILY_BUDGET = 50
MAX_CHECKIN_MINUTES = 240


class SettingsProblemError(ValueError):
    """A combination of settings that cannot work, in words the user understands."""


def problems_with(settings: Settings) -> list[str]:
    """Everything wrong with these settings; empty when they can be saved."""
    problems: list[str] = []
    clocks = {}
    for name in ("digest_time", "quiet_start", "quiet_end", "checkin_start", "checkin_end"):
        try:
            clocks[name] = parse_clock(getattr(settings, name))
        except (ValueError, AttributeError):
            problems.append(f"{name.replace('_', ' ')} is not a time like 09:00")
    if not 1 <= settings.daily_budget <= MAX_DAILY_BUDGET:
        problems.append(f"the daily budget is between 1 and {MAX_DAILY_BUDGET} check-ins")
    if not 1 <= settings.checkin_minutes <= MAX_CHECKIN_MINUTES:
        problems.append(f"a check-in lasts between 1 and {MAX_CHECKIN_MINUTES} minutes")
    if "quiet_start" in clocks and "quiet_end" in clocks and clocks["quiet_start"] == clocks["quiet_end"]:
        problems.append("quiet hours must start and end at different times")
    start, end = clocks.get("checkin_start"), clocks.get("checkin_end")
    if start is not None and end is not None and end <= start:
        problems.append("check-in hours must end after they start")
    if not settings.checkin_days:
        problems.append("choose at least one day for check-ins")
    if any(day not in range(7) for day in settings.checkin_days):
        problems.append("check-in days are Monday to Sunday")
    if not settings.invite_text.strip():
        problems.append("the invite text cannot be empty")
    return problems


def update_settings(store: Store, **changes: Any) -> Settings:
    """The stored settings with `changes` applied, saved if they make sense; else SettingsProblemError."""
    updated = dataclasses.replace(store.settings(), **changes)
    problems = problems_with(updated)
    if problems:
        raise SettingsProblemError("; ".join(problems))
    store.save_settings(updated)
    return updated
