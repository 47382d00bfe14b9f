"""What Today shows and what its buttons do: the queue, the week's check-ins, birthdays."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QObject, Signal

from core.queue import QueueEntry
from services.agenda import CheckinRow, checkin_rows
from services.birthdays import UpcomingBirthday, upcoming_birthdays
from services.contacts import ContactError, resolve_contact, snooze_contact
from services.queue import today_list
from ui.checkin_actions import CheckinActions
from ui.context import AppContext

WEEK_DAYS = 7
UNCLOSED_LOOKBACK_DAYS = 14  # planned check-ins this old that were never marked done or skipped


@dataclass(frozen=True)
class TodayOverview:
    day: date
    queue: list[QueueEntry]
    unclosed_checkins: list[CheckinRow]  # planned before today, never marked done or skipped
    week_checkins: list[CheckinRow]  # planned from today on, for the coming week
    birthdays: list[UpcomingBirthday]
    checkin_minutes: int = 10
    daily_budget: int = 3
    dismissed: frozenset[int] = field(default_factory=frozenset)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class TodayController(QObject):
    problem = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.checkins = CheckinActions(context, self)
        self.checkins.problem.connect(self.problem)
        # "Not now" hides someone for the rest of the local day; a new day brings them back.
        self._dismissed_on: date | None = None
        self._dismissed: set[int] = set()

    def _dismissed_today(self) -> set[int]:
        today = self._context.store.today()
        if self._dismissed_on != today:
            self._dismissed_on = today
            self._dismissed = set()
        return self._dismissed

    def overview(self) -> TodayOverview:
        store = self._context.store
        settings = store.settings()
        day = store.today()
        dismissed = self._dismissed_today()
        start_of_day = datetime.combine(day, time(0, 0), tzinfo=store.tz)
        return TodayOverview(
            day=day,
            queue=today_list(store, dismissed=dismissed),
            unclosed_checkins=checkin_rows(
                store, since=start_of_day - timedelta(days=UNCLOSED_LOOKBACK_DAYS), until=start_of_day
            ),
            week_checkins=checkin_rows(
                store, since=start_of_day, until=start_of_day + timedelta(days=WEEK_DAYS)
            ),
            birthdays=upcoming_birthdays(store, today=day),
            checkin_minutes=settings.checkin_minutes,
            daily_budget=settings.daily_budget,
            dismissed=frozenset(dismissed),
        )

    def not_now(self, contact_id: int) -> None:
        self._dismissed_today().add(contact_id)
        self._context.status_message.emit("Hidden until tomorrow")

    def snooze(self, contact_id: int, days: int) -> date | None:
        """Snooze for a week (7) or a month (30 means one calendar month)."""
        store = self._context.store
        today = store.today()
        until = add_months(today, 1) if days == 30 else today + timedelta(days=days)
        try:
            contact = resolve_contact(f"#{contact_id}")
            snooze_contact(store, contact, until)
        except ContactError as error:
            self.problem.emit(str(error))
            return None
        self._context.contact_changed.emit(contact_id)
        self._context.status_message.emit(f"{contact.display_name} snoozed until {until:%a %d %b}")
        return until
