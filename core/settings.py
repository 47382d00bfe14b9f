"""Every user setting, declared once with its default. Stored as JSON in the database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import time
from typing import Any


def _workdays() -> list[int]:
    return [0, 1, 2, 3, 4]  # Monday..Friday, as date.weekday() numbers


@dataclass
class Settings:
    daily_budget: int = 3
    digest_enabled: bool = True
    digest_time: str = "09:00"
    digest_days: list[int] = field(default_factory=_workdays)
    quiet_start: str = "20:00"
    quiet_end: str = "08:00"
    checkin_days: list[int] = field(default_factory=_workdays)
    checkin_start: str = "09:00"
    checkin_end: str = "17:00"
    checkin_minutes: int = 10
    checkin_reminder_minutes: int = 10
    cold_notice_repeat_days: int = 7
    notifications_enabled: bool = True
    birthday_reminders: bool = True
    weekly_review_enabled: bool = False
    keep_running_in_tray: bool | None = None  # None: not asked yet
    start_at_login: bool = False
    reminders_paused_until: str | None = None  # ISO UTC instant
    owner_name: str = ""  # the user's own name, as in their LinkedIn export
    owner_profile_url: str = ""
    warm_below: float = 0.75  # r below this is warm
    cold_at: float = 1.0  # r at or above this is cold
    asks_only_window_days: int = 365
    # The user's CalDAV calendar; the password is never a setting (it lives in the OS keyring).
    calendar_url: str = ""
    calendar_user: str = ""
    calendar_name: str = ""  # a calendar's display name; empty: the account's first calendar
    invite_text: str = (
        "Hi {first_name}, it's been a while! Do you have 10 minutes for a quick catch-up "
        "on {when}? I'd love to hear what you're working on."
    )

    def to_storage(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_storage(cls, stored: dict[str, Any]) -> Settings:
        """Settings from stored values; unknown keys are ignored, missing ones default."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in stored.items() if key in known})


def parse_clock(text: str) -> time:
    """'09:30' -> time(9, 30)."""
    hours, minutes = text.strip().split(":")
    return time(int(hours), int(minutes))
