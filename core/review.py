"""The weekly review: the week's touches, who went cold, who is owed a favour, and next week's queue.

The week is the ISO week (Monday to Sunday) being reviewed; a review asked for midweek
covers the days so far. The notification is due on Sunday from 18:00 local time, once per
ISO week, when the user has turned it on; if the app was closed on Sunday evening, it is
still sent on Monday morning (until noon), about the week that just ended. Like every
reminder it waits while notifications are off or paused and during quiet hours.

- *Touches*: interactions with weight > 0 in the week, each counted once however many
  people took part; *people* are the distinct contacts touched.
- *Went cold*: tracked, unsnoozed contacts who are cold today and crossed into cold
  during the week (their first cold day fell in it).
- *Owed a favour*: contacts who gave me more than I gave them (the ledger's "owed").
- *Next week's queue*: the queue as it will stand next Monday, for the whole week: the
  daily budget times next week's check-in days, leaving out contacts already booked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from core.insights import GROUP_NAMES, kind_group, plural
from core.network_health import longest_gap_within
from core.queue import owed_phrase, todays_queue
from core.records import ContactSnapshot, PlannedCheckIn
from core.reminders import Reminder, in_quiet_hours
from core.settings import Settings
from core.status import Status, is_snoozed, status_of

REVIEW_KIND = "weekly_review"
DUE_AT = time(18, 0)  # Sunday evening
CATCH_UP_UNTIL = time(12, 0)  # Monday: a review missed on Sunday evening is still news
SUNDAY, MONDAY = 6, 0
NAMES_IN_BODY = 3


@dataclass(frozen=True)
class WeekTouch:
    """One contact's part in one interaction of the week."""

    interaction_id: int
    contact_id: int
    name: str
    on: date
    kind: str
    direction: str


@dataclass(frozen=True)
class ReviewPerson:
    contact_id: int
    name: str
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.contact_id, "name": self.name, "detail": self.detail}


@dataclass(frozen=True)
class Review:
    week_start: date  # Monday
    week_end: date  # Sunday
    through: date  # the last day counted: Sunday, or today for a review asked midweek
    touches: int
    people: int
    by_kind: dict[str, int]  # kind group -> touches
    went_cold: tuple[ReviewPerson, ...]
    owed: tuple[ReviewPerson, ...]
    next_week: tuple[ReviewPerson, ...]
    booked_next_week: tuple[ReviewPerson, ...]

    @property
    def week_key(self) -> str:
        return review_key(self.week_start)

    def title(self) -> str:
        return f"Your week in Rapport ({self.week_start:%d %b}–{self.week_end:%d %b})"

    def body(self) -> str:
        """The notification text: four short parts, names only where they help."""
        if self.touches:
            touched = plural(self.people, "person", "people")
            parts = [f"{plural(self.touches, 'touch', 'touches')} with {touched}"]
        else:
            parts = ["No touches logged this week"]
        if self.went_cold:
            parts.append(f"{len(self.went_cold)} went cold: {_names(self.went_cold)}")
        if self.owed:
            parts.append(f"you owe {_names(self.owed)} a favour")
        booked = f", {plural(len(self.booked_next_week), 'check-in')} booked" if self.booked_next_week else ""
        parts.append(f"next week: {plural(len(self.next_week), 'person', 'people')} to reach out to{booked}")
        return " · ".join(part[0].upper() + part[1:] for part in parts) + "."

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week_key.removeprefix("review:"),
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "through": self.through.isoformat(),
            "touches": self.touches,
            "people": self.people,
            "by_kind": dict(self.by_kind),
            "went_cold": [p.to_json() for p in self.went_cold],
            "owed_a_favour": [p.to_json() for p in self.owed],
            "next_week_queue": [p.to_json() for p in self.next_week],
            "booked_next_week": [p.to_json() for p in self.booked_next_week],
            "title": self.title(),
            "body": self.body(),
        }


def _names(people: Sequence[ReviewPerson]) -> str:
    shown = ", ".join(p.name for p in people[:NAMES_IN_BODY])
    hidden = len(people) - NAMES_IN_BODY
    return f"{shown} and {hidden} more" if hidden > 0 else shown


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def review_key(week_start: date) -> str:
    year, week, _ = week_start.isocalendar()
    return f"review:{year}-W{week:02d}"


def first_cold_day(snapshot: ContactSnapshot, settings: Settings) -> date | None:
    """The first day r ≥ cold_at: the day after the cadence (as the rule counts it) ran out."""
    if snapshot.cadence_days is None or snapshot.last_touch_on is None:
        return None
    return snapshot.last_touch_on + timedelta(days=longest_gap_within(snapshot.cadence_days, settings) + 1)


def build_review(
    *,
    week_start: date,
    today: date,
    touches: Iterable[WeekTouch],
    snapshots: Iterable[ContactSnapshot],
    planned: Sequence[PlannedCheckIn],
    settings: Settings,
    tz: tzinfo,
) -> Review:
    """The review of the week starting `week_start`, as of `today`.

    `snapshots` must hold every contact who may be cold, cooling by next Monday, or owed
    a favour; `planned` the planned check-ins (any that start next week are used).
    """
    week_end = week_start + timedelta(days=6)
    through = min(week_end, today)
    interactions: dict[int, str] = {}
    people: set[int] = set()
    for touch in touches:
        group = kind_group(touch.kind)
        if group is None or not week_start <= touch.on <= through:
            continue
        interactions[touch.interaction_id] = group
        people.add(touch.contact_id)
    per_group = Counter(interactions.values())
    by_kind = {group: per_group[group] for group in GROUP_NAMES if per_group[group]}

    contacts = {s.contact_id: s for s in snapshots}
    went_cold = []
    for s in contacts.values():
        crossed = first_cold_day(s, settings)
        if (
            s.tracked and crossed is not None and week_start <= crossed <= through
            and not is_snoozed(s, today) and status_of(s, today, settings) is Status.COLD
        ):  # fmt: skip
            detail = f"{s.circle}, cold since {crossed:%a %d %b}"
            went_cold.append((-s.importance, s.name, s.contact_id, detail))
    owed = [
        (-s.owed, -s.importance, s.name, s.contact_id, owed_phrase(s.owed))
        for s in contacts.values()
        if s.owed > 0 and not s.archived
    ]

    next_monday = week_start + timedelta(days=7)
    next_sunday = next_monday + timedelta(days=6)
    booked = [c for c in planned if next_monday <= c.starts_at.astimezone(tz).date() <= next_sunday]
    checkin_days = sum(1 for d in range(7) if d in set(settings.checkin_days)) or 7
    queue = todays_queue(
        list(contacts.values()), next_monday, settings,
        budget=max(0, settings.daily_budget) * checkin_days,
        exclude_ids={c.contact_id for c in booked},
    )  # fmt: skip
    return Review(
        week_start=week_start,
        week_end=week_end,
        through=through,
        touches=len(interactions),
        people=len(people),
        by_kind=by_kind,
        went_cold=tuple(ReviewPerson(cid, name, detail) for _i, name, cid, detail in sorted(went_cold)),
        owed=tuple(ReviewPerson(cid, name, detail) for *_k, name, cid, detail in sorted(owed)),
        next_week=tuple(ReviewPerson(e.snapshot.contact_id, e.snapshot.name, e.reasons[0]) for e in queue),
        booked_next_week=tuple(
            ReviewPerson(c.contact_id, c.name, f"{c.starts_at.astimezone(tz):%a %d %b %H:%M}, {c.channel}")
            for c in sorted(booked, key=lambda c: (c.starts_at, c.checkin_id))
        ),
    )


# --- when the review is due ----------------------------------------------------------------


def _paused(settings: Settings, now: datetime) -> bool:
    if not settings.reminders_paused_until:
        return False
    try:
        until = datetime.fromisoformat(settings.reminders_paused_until)
    except ValueError:
        return False  # a damaged setting must not silence reminders forever
    return now < (until if until.tzinfo else until.replace(tzinfo=UTC))


def week_to_review(now: datetime, tz: tzinfo) -> date | None:
    """The Monday of the week whose review is due at `now`, or None outside the window."""
    local = now.astimezone(tz)
    day = local.date()
    if day.weekday() == SUNDAY and local.time() >= DUE_AT:
        return week_of(day)[0]
    if day.weekday() == MONDAY and local.time() < CATCH_UP_UNTIL:
        return day - timedelta(days=7)
    return None


def due_at(week_start: date, tz: tzinfo) -> datetime:
    return datetime.combine(week_start + timedelta(days=6), DUE_AT, tzinfo=tz)


def next_due_moment(now: datetime, tz: tzinfo, settings: Settings) -> datetime | None:
    """The next Sunday 18:00 from `now` (for the scheduler's timer); None while it is off."""
    if not settings.weekly_review_enabled:
        return None
    local = now.astimezone(tz)
    days_ahead = (SUNDAY - local.weekday()) % 7
    moment = datetime.combine(local.date() + timedelta(days=days_ahead), DUE_AT, tzinfo=tz)
    return moment if moment > now else moment + timedelta(days=7)


def review_due(now: datetime, tz: tzinfo, settings: Settings, sent_keys: Iterable[str]) -> date | None:
    """The week to send a review for now, or None: off, silenced, outside the window, or sent."""
    if not (settings.weekly_review_enabled and settings.notifications_enabled):
        return None
    if _paused(settings, now) or in_quiet_hours(now.astimezone(tz).time(), settings):
        return None
    week_start = week_to_review(now, tz)
    if week_start is None or review_key(week_start) in set(sent_keys):
        return None
    return week_start


def review_reminder_for(review: Review, tz: tzinfo) -> Reminder:
    return Reminder(
        kind=REVIEW_KIND,
        dedupe_key=review.week_key,
        contact_id=None,
        title=review.title(),
        body=review.body(),
        due_at=due_at(review.week_start, tz),
        urgency="low",
    )
