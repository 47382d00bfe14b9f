"""Dates as people read them: '5 Nov 2026', without a leading zero."""

from __future__ import annotations

from datetime import date, datetime


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def short_day_text(day: date) -> str:
    return f"{day.day} {day:%b}"


def day_time_text(instant: datetime) -> str:
    return f"{instant.day} {instant:%b %Y, %H:%M}"
