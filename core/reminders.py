"""The reminder policy: given the clock, the contacts and what was already sent, what to send now.

The caller runs this every few minutes and again after a resume, sends what comes back
and logs every dedupe key it was given (a catch-up summary's own key and its `covers`).
Everything that decides "not again" is read from that log, so the policy holds across
restarts, sleep and clock changes, and a reminder missed in quiet hours or while the app
was closed is simply delivered by the first run that may speak.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from core.kinds import label_of
from core.queue import QueueEntry, owed_phrase, priority_of, todays_queue
from core.records import ContactSnapshot, PlannedCheckIn, SentNotification
from core.settings import Settings, parse_clock
from core.status import Status, is_snoozed, overdue_ratio, status_for_ratio

DIGEST = "digest"
COLD = "cold"
CHECKIN = "checkin"
BIRTHDAY = "birthday"
CATCH_UP = "catch_up"

# A gap this long between two runs means the app was closed or the machine slept; what
# piled up meanwhile is told once, as a summary, instead of as a burst of notifications.
CATCH_UP_AFTER = timedelta(hours=6)
# Only contacts that turned cold this recently get their own notification. Older cold
# contacts are the digest's job; without this a fresh import would notify hundreds.
COLD_NOTICE_WINDOW_DAYS = 7
DAYS_PER_MONTH = 30.44
DAYS_PER_YEAR = 365.25
MAX_NAMES_IN_SUMMARY = 5
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Reminder:
    kind: str  # digest | cold | checkin | birthday | catch_up
    dedupe_key: str
    contact_id: int | None
    title: str
    body: str
    due_at: datetime  # when it became due, aware
    urgency: str = "normal"
    covers: tuple[str, ...] = ()  # a catch-up's folded reminders: log these keys as sent too


# A reminder, and how a catch-up summary mentions it ("Lena Vogel at 10:05").
_Mentioned = tuple[Reminder, str]


def _half_up(value: float) -> int:
    # round() rounds halves to even; a duration shown to people should not.
    return math.floor(value + 0.5)


def human_duration(days: int) -> str:
    """'3 days', '41 days' under 60 days; '10 months' under two years; then '2 years'."""
    if days < 60:
        return "1 day" if days == 1 else f"{days} days"
    if days < 730:
        return f"{_half_up(days / DAYS_PER_MONTH)} months"
    return f"{_half_up(days / DAYS_PER_YEAR)} years"


def in_quiet_hours(local_time: time, settings: Settings) -> bool:
    """Whether `local_time` falls in [quiet_start, quiet_end); the span may cross midnight.

    Equal start and end mean no quiet hours at all.
    """
    start, end = parse_clock(settings.quiet_start), parse_clock(settings.quiet_end)
    moment = local_time.replace(tzinfo=None)
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(names[:MAX_NAMES_IN_SUMMARY])
    hidden = len(names) - MAX_NAMES_IN_SUMMARY
    return f"{shown} and {hidden} more" if hidden > 0 else shown


def _pause_from_settings(settings: Settings) -> datetime | None:
    if not settings.reminders_paused_until:
        return None
    try:
        until = datetime.fromisoformat(settings.reminders_paused_until)
    except ValueError:
        return None  # a damaged setting must not silence reminders forever
    return until if until.tzinfo else until.replace(tzinfo=UTC)


def _checkin_key(checkin: PlannedCheckIn) -> str:
    # Normalised to UTC so the key doesn't change with the zone the start was read in.
    return f"checkin:{checkin.checkin_id}:{checkin.starts_at.astimezone(UTC).isoformat()}"


def _clock(moment: datetime, tz: tzinfo, today: date) -> str:
    local = moment.astimezone(tz)
    if local.date() == today:
        return f"{local:%H:%M}"
    return f"{_WEEKDAYS[local.weekday()]} {local:%H:%M}"


def _checkins(
    now: datetime,
    tz: tzinfo,
    settings: Settings,
    planned: Sequence[PlannedCheckIn],
    sent: set[str],
    blocked: set[int],
    last_run_at: datetime | None,
) -> tuple[list[_Mentioned], list[_Mentioned]]:
    """Reminders for check-ins about to start, and check-ins that started while away.

    A reminder after the start is useless, so a check-in that started while the app
    was closed is only ever mentioned in the catch-up summary (as a key to log, with
    no reminder of its own: the second list's reminders are never sent).
    """
    lead = timedelta(minutes=settings.checkin_reminder_minutes)
    today = now.astimezone(tz).date()
    due: list[_Mentioned] = []
    missed: list[_Mentioned] = []
    for checkin in sorted(planned, key=lambda c: (c.starts_at, c.checkin_id)):
        key = _checkin_key(checkin)
        if key in sent or checkin.contact_id in blocked:
            continue
        remind_at = checkin.starts_at - lead
        mention = f"{checkin.name} at {_clock(checkin.starts_at, tz, today)}"
        if remind_at <= now < checkin.starts_at:
            due.append((_checkin_reminder(checkin, key, remind_at, tz), mention))
        elif checkin.starts_at <= now and last_run_at is not None and remind_at > last_run_at:
            missed.append((_checkin_reminder(checkin, key, remind_at, tz), mention))
    return due, missed


def _checkin_reminder(checkin: PlannedCheckIn, key: str, remind_at: datetime, tz: tzinfo) -> Reminder:
    body = f"{checkin.minutes}-minute {label_of(checkin.channel)}"
    if checkin.reach:
        body += f" — {checkin.reach}"
    return Reminder(
        kind=CHECKIN,
        dedupe_key=key,
        contact_id=checkin.contact_id,
        title=f"Check-in with {checkin.name} at {checkin.starts_at.astimezone(tz):%H:%M}",
        body=body + ".",
        due_at=remind_at,
    )


def _colds(
    *,
    now: datetime,
    tz: tzinfo,
    today: date,
    settings: Settings,
    snapshots: Sequence[ContactSnapshot],
    log: Sequence[SentNotification],
    sent: set[str],
) -> list[_Mentioned]:
    """Contacts that turned cold in the last week, at most once a week each and at most
    the daily budget a day, most pressing first."""
    repeat = timedelta(days=settings.cold_notice_repeat_days)
    cold_log = [entry for entry in log if entry.kind == COLD]
    recently_told = {e.contact_id for e in cold_log if now - e.sent_at < repeat}
    room = settings.daily_budget - sum(1 for e in cold_log if e.sent_at.astimezone(tz).date() == today)
    if room <= 0:
        return []

    candidates: list[tuple[float, float, str, int, _Mentioned]] = []
    # Runs over every contact: first a cheap test on whole days ("turned cold within the
    # window"), with the day count that makes each cadence cold computed once per cadence.
    today_ordinal = today.toordinal()
    cold_after: dict[int, int] = {}
    for snapshot in snapshots:
        cadence = snapshot.cadence_days
        last_touch = snapshot.last_touch_on
        if cadence is None or last_touch is None or snapshot.archived:
            continue
        threshold = cold_after.get(cadence)
        if threshold is None:
            threshold = cold_after[cadence] = math.ceil(settings.cold_at * max(cadence, 1))
        days_since = today_ordinal - last_touch.toordinal()
        if not threshold <= days_since < threshold + COLD_NOTICE_WINDOW_DAYS:
            continue
        ratio = overdue_ratio(days_since, cadence)
        if status_for_ratio(ratio, settings) is not Status.COLD or is_snoozed(snapshot, today):
            continue
        cold_since = last_touch + timedelta(days=threshold)
        key = f"cold:{snapshot.contact_id}:{cold_since.isoformat()}"
        if key in sent or snapshot.contact_id in recently_told:
            continue
        kind = f" ({label_of(snapshot.last_touch_kind)})" if snapshot.last_touch_kind else ""
        reminder = Reminder(
            kind=COLD,
            dedupe_key=key,
            contact_id=snapshot.contact_id,
            title=f"{snapshot.name} is going cold",
            body=(
                f"Last touch {human_duration(days_since)} ago{kind}. "
                f"Schedule a {settings.checkin_minutes}-minute check-in?"
            ),
            due_at=datetime.combine(cold_since, time(0), tzinfo=tz),
        )
        priority = priority_of(snapshot, ratio)
        candidates.append((-priority, -ratio, snapshot.name, snapshot.contact_id, (reminder, snapshot.name)))
    candidates.sort(key=lambda c: c[:4])
    return [c[4] for c in candidates[:room]]


def _digest_reason(entry: QueueEntry) -> str:
    owed = owed_phrase(entry.snapshot.owed) if entry.snapshot.owed > 0 else ""
    if entry.status is Status.COLD and entry.days_since is not None:
        cold = f"cold, {human_duration(entry.days_since)}"
        return f"{cold}, {owed}" if owed else cold
    if owed:
        return owed  # a favour owed says more than "cooling"
    if entry.status is Status.NEW or entry.days_since is None:
        return "introductory chat"
    return f"cooling, {human_duration(entry.days_since)}"


def _digest(
    *,
    local_now: datetime,
    tz: tzinfo,
    settings: Settings,
    snapshots: Sequence[ContactSnapshot],
    planned: Sequence[PlannedCheckIn],
    sent: set[str],
) -> _Mentioned | None:
    today = local_now.date()
    digest_at = parse_clock(settings.digest_time)
    if not settings.digest_enabled or today.weekday() not in settings.digest_days:
        return None
    if local_now.time() < digest_at:
        return None
    key = f"{DIGEST}:{today.isoformat()}"
    if key in sent:
        return None
    # The same queue as the Today page: the daily budget of people to reach out to, leaving
    # out those who already have a check-in booked (they need no suggestion).
    queue = todays_queue(
        snapshots, today, settings, budget=settings.daily_budget, exclude_ids={c.contact_id for c in planned}
    )
    if not queue:
        return None
    reminder = Reminder(
        kind=DIGEST,
        dedupe_key=key,
        contact_id=None,
        title=f"{_plural(len(queue), 'check-in')} today",
        body=" · ".join(f"{e.snapshot.name} ({_digest_reason(e)})" for e in queue),
        due_at=datetime.combine(today, digest_at, tzinfo=tz),
    )
    return reminder, f"{reminder.title}: {_names([e.snapshot.name for e in queue])}"


def _birthday_of(text: str | None) -> tuple[int, int] | None:
    """(month, day) from 'YYYY-MM-DD' or '--MM-DD'; None when absent or unreadable."""
    if not text:
        return None
    parts = text.strip().removeprefix("--").split("-")
    try:
        month, day = int(parts[-2]), int(parts[-1])
        date(2000, month, day)  # a leap year, so 29 February is valid
    except (ValueError, IndexError):
        return None
    return month, day


def _is_birthday(month_day: tuple[int, int], today: date) -> bool:
    if month_day == (2, 29) and not calendar.isleap(today.year):
        return (today.month, today.day) == (2, 28)  # celebrated the day before in common years
    return (today.month, today.day) == month_day


def _birthdays(
    today: date, tz: tzinfo, snapshots: Sequence[ContactSnapshot], sent: set[str]
) -> list[_Mentioned]:
    reminders: list[_Mentioned] = []
    for snapshot in snapshots:
        if not snapshot.birthday or snapshot.archived or is_snoozed(snapshot, today):
            continue
        month_day = _birthday_of(snapshot.birthday)
        if month_day is None or not _is_birthday(month_day, today):
            continue
        key = f"{BIRTHDAY}:{snapshot.contact_id}:{today.year}"
        if key in sent:
            continue
        reminder = Reminder(
            kind=BIRTHDAY,
            dedupe_key=key,
            contact_id=snapshot.contact_id,
            title=f"It's {snapshot.name}'s birthday",
            body="A short note today keeps the connection warm.",
            due_at=datetime.combine(today, time(0), tzinfo=tz),
        )
        reminders.append((reminder, snapshot.name))
    return sorted(reminders, key=lambda pair: (pair[1], pair[0].contact_id or 0))


def _catch_up(
    now: datetime, tz: tzinfo, sections: Sequence[tuple[str, list[_Mentioned]]], title: str
) -> Reminder:
    """One summary of `sections`: each a heading and the reminders it names."""
    parts = []
    for heading, items in sections:
        if items:
            listed = _names([mention for _reminder, mention in items])
            parts.append(f"{heading}: {listed}" if heading else listed)
    return Reminder(
        kind=CATCH_UP,
        # Minute precision: two long absences on one day get two distinct summaries.
        dedupe_key=f"{CATCH_UP}:{now.astimezone(tz):%Y-%m-%dT%H:%M}",
        contact_id=None,
        title=title,
        body=" · ".join(parts) + ".",
        due_at=now,
        covers=tuple(r.dedupe_key for _heading, items in sections for r, _m in items),
    )


def plan_reminders(
    *,
    now: datetime,
    tz: tzinfo,
    settings: Settings,
    snapshots: Sequence[ContactSnapshot],
    planned: Sequence[PlannedCheckIn],
    log: Sequence[SentNotification],
    last_run_at: datetime | None,
    paused_until: datetime | None = None,
) -> list[Reminder]:
    """The reminders to send at `now`, in the order check-in, cold, digest, birthday.

    Nothing while notifications are off, paused (`paused_until`, else the stored
    setting) or in quiet hours. On the first pass ever (`last_run_at` None) and after a
    gap of more than six hours since `last_run_at`, two or more reminders, or any check-in
    that started meanwhile, become one summary whose `covers` lists the keys it stands for.
    """
    if not settings.notifications_enabled:
        return []
    pause = paused_until if paused_until is not None else _pause_from_settings(settings)
    if pause is not None and now < pause:
        return []
    local_now = now.astimezone(tz)
    if in_quiet_hours(local_now.time(), settings):
        return []
    today = local_now.date()
    sent = {entry.dedupe_key for entry in log}

    # A booked appointment follows the same rule as every other reminder: nothing for
    # contacts the user has snoozed, archived or stopped tracking.
    planned_ids = {c.contact_id for c in planned}
    blocked: set[int] = set()
    for s in snapshots if planned_ids else ():
        if s.contact_id in planned_ids and (not s.tracked or is_snoozed(s, today)):
            blocked.add(s.contact_id)
    checkins, missed = _checkins(now, tz, settings, planned, sent, blocked, last_run_at)
    colds = _colds(now=now, tz=tz, today=today, settings=settings, snapshots=snapshots, log=log, sent=sent)
    digest = _digest(
        local_now=local_now, tz=tz, settings=settings, snapshots=snapshots, planned=planned, sent=sent
    )
    birthdays = _birthdays(today, tz, snapshots, sent) if settings.birthday_reminders else []
    individual = [r for r, _mention in (*checkins, *colds, *([digest] if digest else []), *birthdays)]

    # The very first pass (just installed, or just imported a network) says it all at once too.
    first_run = last_run_at is None
    away = last_run_at is None or now - last_run_at > CATCH_UP_AFTER
    if away and (len(individual) > 1 or missed):
        if first_run:
            title, cold = "Your network today", ("contact is" if len(colds) == 1 else "contacts are")
        else:
            title, cold = "While you were away", ("contact went" if len(colds) == 1 else "contacts went")
        sections = [
            (f"{_plural(len(checkins), 'check-in')} coming up", checkins),
            (f"{_plural(len(missed), 'check-in')} passed", missed),
            (f"{len(colds)} {cold} cold", colds),
            ("", [digest] if digest else []),  # its mention is already "3 check-ins today: …"
            ("birthday" if len(birthdays) == 1 else "birthdays", birthdays),
        ]
        return [_catch_up(now, tz, sections, title)]
    return individual
