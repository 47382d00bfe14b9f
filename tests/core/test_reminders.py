from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest

from core.records import ContactSnapshot, PlannedCheckIn, SentNotification
from core.reminders import Reminder, human_duration, in_quiet_hours, plan_reminders
from core.settings import Settings

from .conftest import AISHA, BERLIN, LENA, NOW, THREE_PEOPLE, TODAY, network, snapshot

# Reminders that aren't under test are switched off so each test sees only its own kind.
ONLY_CHECKINS_AND_COLD = Settings(digest_enabled=False, birthday_reminders=False)

# Close circle, cadence 30: 33 days since a message, so cold since 2026-11-24 (3 days ago).
JONAS = snapshot(10, "Jonas Weber", last_touch_on=TODAY - timedelta(days=33), last_touch_kind="message")
# 32 days: cold since 2026-11-25.
MIA = snapshot(11, "Mia Schulz", last_touch_on=TODAY - timedelta(days=32), last_touch_kind="coffee")

# A video call with Lena at 10:05 Berlin (09:05 UTC), five minutes after NOW.
LENA_CALL = PlannedCheckIn(
    checkin_id=7,
    contact_id=2,
    name="Lena Vogel",
    starts_at=datetime(2026, 11, 27, 9, 5, tzinfo=UTC),
    channel="video",
    reach="lena@example.com",
)


def plan(
    *,
    now: datetime = NOW,
    settings: Settings | None = None,
    snapshots: tuple[ContactSnapshot, ...] | list[ContactSnapshot] = (),
    planned: tuple[PlannedCheckIn, ...] | list[PlannedCheckIn] = (),
    log: tuple[SentNotification, ...] | list[SentNotification] = (),
    last_run_at: datetime | str | None = "a pass a few minutes ago",
    paused_until: datetime | None = None,
) -> list[Reminder]:
    """The plan of an app that has been running (its last pass five minutes before `now`),
    unless `last_run_at` says otherwise (None: the first pass ever)."""
    if isinstance(last_run_at, str):
        last_run_at = now - timedelta(minutes=5)
    return plan_reminders(
        now=now,
        tz=BERLIN,
        settings=settings or Settings(),
        snapshots=snapshots,
        planned=planned,
        log=log,
        last_run_at=last_run_at,
        paused_until=paused_until,
    )


def sent(kind: str, key: str, contact_id: int | None, at: datetime) -> SentNotification:
    return SentNotification(kind=kind, dedupe_key=key, contact_id=contact_id, sent_at=at)


def berlin(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


# --- helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (3, "3 days"),
        (41, "41 days"),
        (59, "59 days"),
        (60, "2 months"),  # 60 / 30.44 = 1.97
        (305, "10 months"),  # 10.02
        (729, "24 months"),  # 23.95
        (730, "2 years"),  # 730 / 365.25 = 1.999
        (1000, "3 years"),  # 2.74
    ],
)
def test_human_duration(days, text):
    assert human_duration(days) == text


@pytest.mark.parametrize(
    ("clock", "quiet"),
    [
        (time(19, 59, 59), False),
        (time(20, 0), True),
        (time(23, 59), True),
        (time(0, 0), True),
        (time(7, 59, 59), True),
        (time(8, 0), False),
        (time(12, 0), False),
    ],
)
def test_default_quiet_hours_span_midnight(clock, quiet):
    assert in_quiet_hours(clock, Settings()) is quiet


def test_quiet_hours_within_one_day_and_switched_off():
    lunch_break = Settings(quiet_start="12:00", quiet_end="14:00")
    assert [in_quiet_hours(time(h, m), lunch_break) for h, m in [(11, 59), (12, 0), (13, 59), (14, 0)]] == [
        False,
        True,
        True,
        False,
    ]
    never = Settings(quiet_start="00:00", quiet_end="00:00")
    assert not in_quiet_hours(time(3, 0), never)


# --- silence -------------------------------------------------------------------------------


def test_nothing_when_notifications_are_off():
    assert plan(settings=Settings(notifications_enabled=False), snapshots=[*THREE_PEOPLE, JONAS]) == []


def test_nothing_while_paused():
    people = [*THREE_PEOPLE, JONAS]
    assert plan(snapshots=people, paused_until=NOW + timedelta(minutes=1)) == []
    assert plan(snapshots=people, paused_until=NOW) != []  # the pause is over at its end


def test_pause_stored_in_settings():
    people = [*THREE_PEOPLE, JONAS]
    assert plan(snapshots=people, settings=Settings(reminders_paused_until="2026-11-27T12:00:00+00:00")) == []
    assert plan(snapshots=people, settings=Settings(reminders_paused_until="2026-11-27T08:00:00")) != []
    assert plan(snapshots=people, settings=Settings(reminders_paused_until="soon")) != []


def test_quiet_hours_silence_everything():
    people = [*THREE_PEOPLE, JONAS]  # Aisha's birthday, Jonas gone cold
    assert plan(now=berlin(27, 20, 0), snapshots=people) == []
    assert plan(now=berlin(27, 7, 59), snapshots=people) == []
    # At 08:00 quiet hours are over: what waited is delivered (the digest waits for 09:00).
    assert [r.kind for r in plan(now=berlin(27, 8, 0), snapshots=people)] == ["cold", "birthday"]
    assert [r.kind for r in plan(now=berlin(27, 19, 59), snapshots=people)] == ["cold", "digest", "birthday"]


# --- daily digest ----------------------------------------------------------------------------


def test_daily_digest_lists_todays_queue():
    reminders = plan(snapshots=THREE_PEOPLE, settings=Settings(birthday_reminders=False))
    assert reminders == [
        Reminder(
            kind="digest",
            dedupe_key="digest:2026-11-27",
            contact_id=None,
            title="3 check-ins today",
            body="Marco Bianchi (cold, 10 months) · Lena Vogel (cold, 41 days) · Aisha Khan (owed a favour)",
            due_at=berlin(27, 9, 0),
        )
    ]


def test_digest_waits_for_its_time_and_comes_once():
    settings = Settings(birthday_reminders=False)
    assert plan(now=berlin(27, 8, 59), snapshots=THREE_PEOPLE, settings=settings) == []
    assert [r.kind for r in plan(now=berlin(27, 9, 0), snapshots=THREE_PEOPLE, settings=settings)] == [
        "digest"
    ]
    done = [sent("digest", "digest:2026-11-27", None, datetime(2026, 11, 27, 8, 0, tzinfo=UTC))]
    assert plan(snapshots=THREE_PEOPLE, settings=settings, log=done) == []


def test_no_digest_on_days_off_or_when_disabled():
    settings = Settings(birthday_reminders=False)
    assert plan(now=berlin(28, 10, 0), snapshots=THREE_PEOPLE, settings=settings) == []  # Saturday
    weekend = Settings(birthday_reminders=False, digest_days=[5, 6])
    assert [r.kind for r in plan(now=berlin(28, 10, 0), snapshots=THREE_PEOPLE, settings=weekend)] == [
        "digest"
    ]
    off = Settings(birthday_reminders=False, digest_enabled=False)
    assert plan(snapshots=THREE_PEOPLE, settings=off) == []


def test_no_digest_for_an_empty_queue():
    warm = snapshot(20, "Wim Warm", last_touch_on=TODAY - timedelta(days=3))
    assert plan(snapshots=[warm], settings=Settings(birthday_reminders=False)) == []


def test_contacts_already_booked_are_not_suggested_again():
    # Marco is booked for 15:00 today: he isn't suggested, and the newcomer takes his place,
    # exactly as on the Today page.
    marco_call = PlannedCheckIn(9, 1, "Marco Bianchi", berlin(27, 15, 0))
    (digest,) = plan(
        snapshots=THREE_PEOPLE, planned=[marco_call], settings=Settings(birthday_reminders=False)
    )
    assert digest.title == "3 check-ins today"
    assert digest.body.startswith("Lena Vogel (cold, 41 days) · Aisha Khan (owed a favour) · ")


def test_digest_reasons_for_cooling_and_new():
    cooling = snapshot(21, "Carla Cooling", last_touch_on=TODAY - timedelta(days=25))  # 25/30: cooling
    settings = Settings(birthday_reminders=False, daily_budget=5)
    (digest,) = plan(snapshots=[*THREE_PEOPLE, cooling], settings=settings)
    assert digest.title == "5 check-ins today"
    # Carla: 3 · 25/30 = 2.5, below Aisha's 2.9.
    assert digest.body.endswith(
        "Aisha Khan (owed a favour) · Carla Cooling (cooling, 25 days) · Noah Park (introductory chat)"
    )


# --- going cold -------------------------------------------------------------------------------


def test_a_contact_turning_cold_gets_one_notice():
    assert plan(snapshots=[JONAS], settings=ONLY_CHECKINS_AND_COLD) == [
        Reminder(
            kind="cold",
            dedupe_key="cold:10:2026-11-24",
            contact_id=10,
            title="Jonas Weber is going cold",
            body="Last touch 33 days ago (message). Schedule a 10-minute check-in?",
            due_at=berlin(24, 0, 0),
        )
    ]


@pytest.mark.parametrize(
    ("days_since", "notified"),
    [
        (29, False),  # 29/30: still cooling
        (30, True),  # cold since today
        (36, True),  # cold since 2026-11-21, 6 days ago
        (37, False),  # cold since 2026-11-20, 7 days ago: the digest's job now
    ],
)
def test_only_recent_crossings_are_notified(days_since, notified):
    contact = replace(JONAS, last_touch_on=TODAY - timedelta(days=days_since))
    assert bool(plan(snapshots=[contact], settings=ONLY_CHECKINS_AND_COLD)) is notified


def test_long_cadences_speak_in_months():
    # Acquaintance, cadence 180, lunch 183 days ago: 183 / 30.44 = 6.01 -> "6 months".
    friend = snapshot(
        12,
        "Olga Old",
        cadence_days=180,
        importance=1,
        last_touch_on=TODAY - timedelta(days=183),
        last_touch_kind="lunch",
    )
    (reminder,) = plan(snapshots=[friend], settings=ONLY_CHECKINS_AND_COLD)
    assert reminder.body == "Last touch 6 months ago (lunch). Schedule a 10-minute check-in?"


def test_no_cold_notice_for_snoozed_archived_or_untracked():
    people = [
        replace(JONAS, snoozed_until=TODAY + timedelta(days=1)),
        replace(MIA, archived=True),
        snapshot(
            13,
            "Ute Untracked",
            circle="Untracked",
            cadence_days=None,
            importance=0,
            last_touch_on=TODAY - timedelta(days=400),
        ),
    ]
    assert plan(snapshots=people, settings=ONLY_CHECKINS_AND_COLD) == []


def test_at_most_one_cold_notice_per_contact_per_week():
    # An earlier notice for another crossing, 6 days 23 hours 59 minutes ago: still too soon.
    earlier = sent("cold", "cold:10:2026-11-01", 10, datetime(2026, 11, 20, 9, 1, tzinfo=UTC))
    assert plan(snapshots=[JONAS], settings=ONLY_CHECKINS_AND_COLD, log=[earlier]) == []
    week_ago = replace(earlier, sent_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))  # exactly 7 days
    assert len(plan(snapshots=[JONAS], settings=ONLY_CHECKINS_AND_COLD, log=[week_ago])) == 1
    same_crossing = sent("cold", "cold:10:2026-11-24", 10, datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
    assert plan(snapshots=[JONAS], settings=ONLY_CHECKINS_AND_COLD, log=[same_crossing]) == []


def _freshly_cold() -> list[ContactSnapshot]:
    # Cadence 30, 30..34 days: priority 3 · r = 3.0, 3.1, 3.2, 3.3, 3.4.
    return [
        snapshot(
            100 + days, f"Person {days}", last_touch_on=TODAY - timedelta(days=days), last_touch_kind="email"
        )
        for days in range(30, 35)
    ]


def test_cold_notices_are_capped_by_the_daily_budget():
    reminders = plan(snapshots=_freshly_cold(), settings=ONLY_CHECKINS_AND_COLD)
    assert [r.contact_id for r in reminders] == [134, 133, 132]  # the three highest priorities


def test_cold_notices_sent_earlier_today_count_against_the_budget():
    log = [
        # 00:30 and 08:00 in Berlin today: they count.
        sent("cold", "cold:90:2026-11-26", 90, datetime(2026, 11, 26, 23, 30, tzinfo=UTC)),
        sent("cold", "cold:91:2026-11-26", 91, datetime(2026, 11, 27, 7, 0, tzinfo=UTC)),
        # 23:30 in Berlin yesterday: it doesn't.
        sent("cold", "cold:92:2026-11-26", 92, datetime(2026, 11, 26, 22, 30, tzinfo=UTC)),
    ]
    reminders = plan(snapshots=_freshly_cold(), settings=ONLY_CHECKINS_AND_COLD, log=log)
    assert [r.contact_id for r in reminders] == [134]


def test_old_cold_contacts_are_left_to_the_digest():
    # Marco (cold since April) and Lena (since 2026-11-16) get no notice of their own.
    assert plan(snapshots=THREE_PEOPLE, settings=ONLY_CHECKINS_AND_COLD) == []


# --- check-ins -------------------------------------------------------------------------------


def test_reminder_before_a_planned_check_in():
    assert plan(snapshots=[LENA], planned=[LENA_CALL], settings=ONLY_CHECKINS_AND_COLD) == [
        Reminder(
            kind="checkin",
            dedupe_key="checkin:7:2026-11-27T09:05:00+00:00",
            contact_id=2,
            title="Check-in with Lena Vogel at 10:05",
            body="10-minute video call — lena@example.com.",
            due_at=datetime(2026, 11, 27, 8, 55, tzinfo=UTC),
        )
    ]


@pytest.mark.parametrize(
    ("starts_at_utc", "reminded"),
    [
        (datetime(2026, 11, 27, 9, 10, tzinfo=UTC), True),  # due exactly now
        (datetime(2026, 11, 27, 9, 11, tzinfo=UTC), False),  # not yet
        (datetime(2026, 11, 27, 9, 1, tzinfo=UTC), True),
        (datetime(2026, 11, 27, 9, 0, tzinfo=UTC), False),  # starting now: too late
        (datetime(2026, 11, 27, 8, 30, tzinfo=UTC), False),  # already past
    ],
)
def test_check_in_reminder_window(starts_at_utc, reminded):
    checkin = replace(LENA_CALL, starts_at=starts_at_utc)
    assert bool(plan(planned=[checkin], settings=ONLY_CHECKINS_AND_COLD)) is reminded


def test_check_in_reminder_comes_once_whatever_zone_the_start_is_in():
    in_berlin = replace(LENA_CALL, starts_at=berlin(27, 10, 5))
    (reminder,) = plan(planned=[in_berlin], settings=ONLY_CHECKINS_AND_COLD)
    assert reminder.dedupe_key == "checkin:7:2026-11-27T09:05:00+00:00"
    log = [sent("checkin", reminder.dedupe_key, 2, datetime(2026, 11, 27, 8, 56, tzinfo=UTC))]
    assert plan(planned=[LENA_CALL], settings=ONLY_CHECKINS_AND_COLD, log=log) == []


def test_no_check_in_reminder_for_snoozed_archived_or_untracked():
    for lena in (
        replace(LENA, snoozed_until=TODAY + timedelta(days=3)),
        replace(LENA, archived=True),
        replace(LENA, cadence_days=None, circle="Untracked"),
    ):
        assert plan(snapshots=[lena], planned=[LENA_CALL], settings=ONLY_CHECKINS_AND_COLD) == []


# --- birthdays -------------------------------------------------------------------------------


def test_birthday_reminder():
    assert plan(snapshots=[AISHA], settings=Settings(digest_enabled=False)) == [
        Reminder(
            kind="birthday",
            dedupe_key="birthday:3:2026",
            contact_id=3,
            title="It's Aisha Khan's birthday",
            body="A short note today keeps the connection warm.",
            due_at=berlin(27, 0, 0),
        )
    ]


def test_birthdays_for_untracked_but_not_archived_or_snoozed():
    settings = Settings(digest_enabled=False)
    untracked = snapshot(
        30, "Uli Untracked", circle="Untracked", cadence_days=None, importance=0, birthday="--11-27"
    )
    assert [r.contact_id for r in plan(snapshots=[untracked], settings=settings)] == [30]
    assert plan(snapshots=[replace(untracked, archived=True)], settings=settings) == []
    assert plan(snapshots=[replace(AISHA, snoozed_until=TODAY + timedelta(days=1))], settings=settings) == []
    assert plan(snapshots=[replace(AISHA, birthday="27 Nov")], settings=settings) == []  # unreadable
    assert plan(snapshots=[AISHA], settings=Settings(digest_enabled=False, birthday_reminders=False)) == []
    done = [sent("birthday", "birthday:3:2026", 3, datetime(2026, 11, 27, 7, 0, tzinfo=UTC))]
    assert plan(snapshots=[AISHA], settings=settings, log=done) == []


def test_leap_day_birthdays_fall_on_28_february_in_common_years():
    settings = Settings(digest_enabled=False)
    leapling = snapshot(31, "Lea Leap", birthday="2000-02-29")
    assert len(plan(now=berlin(28, 10, 0, month=2, year=2027), snapshots=[leapling], settings=settings)) == 1
    assert plan(now=berlin(28, 10, 0, month=2, year=2028), snapshots=[leapling], settings=settings) == []
    assert len(plan(now=berlin(29, 10, 0, month=2, year=2028), snapshots=[leapling], settings=settings)) == 1


# --- order and catch-up ------------------------------------------------------------------------


def test_order_is_checkin_cold_digest_birthday():
    reminders = plan(snapshots=[*THREE_PEOPLE, JONAS], planned=[LENA_CALL])
    assert [r.kind for r in reminders] == ["checkin", "cold", "digest", "birthday"]


# The app last ran yesterday at 18:00 in Berlin; the machine slept through the night.
LAST_EVENING = berlin(26, 18, 0)
LENA_MISSED = replace(LENA_CALL, checkin_id=8, starts_at=berlin(27, 9, 30))


def test_a_long_absence_is_caught_up_in_one_summary():
    reminders = plan(snapshots=[*THREE_PEOPLE, JONAS, MIA], planned=[LENA_MISSED], last_run_at=LAST_EVENING)
    # Lena, booked for today, is not suggested again; the three places go to others.
    assert reminders == [
        Reminder(
            kind="catch_up",
            dedupe_key="catch_up:2026-11-27T10:00",
            contact_id=None,
            title="While you were away",
            body=(
                "1 check-in passed: Lena Vogel at 09:30 · 2 contacts went cold: Jonas Weber, Mia Schulz"
                " · 3 check-ins today: Marco Bianchi, Jonas Weber, Mia Schulz · birthday: Aisha Khan."
            ),
            due_at=NOW,
            covers=(
                "checkin:8:2026-11-27T08:30:00+00:00",
                "cold:10:2026-11-24",
                "cold:11:2026-11-25",
                "digest:2026-11-27",
                "birthday:3:2026",
            ),
        )
    ]


def test_the_first_pass_ever_says_it_all_in_one_notification():
    # Just installed, or a network just imported: one notice, not a burst of them.
    (summary,) = plan(snapshots=[*THREE_PEOPLE, JONAS], planned=[LENA_CALL], last_run_at=None)
    assert (summary.kind, summary.title) == ("catch_up", "Your network today")
    assert summary.body == (
        "1 check-in coming up: Lena Vogel at 10:05 · 1 contact is cold: Jonas Weber"
        " · 3 check-ins today: Marco Bianchi, Jonas Weber, Aisha Khan · birthday: Aisha Khan."
    )
    assert [key.split(":")[0] for key in summary.covers] == ["checkin", "cold", "digest", "birthday"]
    # A single reminder needs no summary, on the first pass as on any other.
    assert [r.kind for r in plan(snapshots=[JONAS], settings=ONLY_CHECKINS_AND_COLD, last_run_at=None)] == [
        "cold"
    ]


def test_no_summary_after_exactly_six_hours():
    reminders = plan(snapshots=[*THREE_PEOPLE, JONAS], last_run_at=NOW - timedelta(hours=6))
    assert [r.kind for r in reminders] == ["cold", "digest", "birthday"]


def test_a_single_reminder_after_an_absence_is_sent_as_itself():
    reminders = plan(snapshots=[JONAS], settings=ONLY_CHECKINS_AND_COLD, last_run_at=LAST_EVENING)
    assert [r.kind for r in reminders] == ["cold"]


def test_a_missed_check_in_alone_is_still_told():
    (summary,) = plan(planned=[LENA_MISSED], settings=ONLY_CHECKINS_AND_COLD, last_run_at=LAST_EVENING)
    assert summary.kind == "catch_up"
    assert summary.body == "1 check-in passed: Lena Vogel at 09:30."
    assert summary.covers == ("checkin:8:2026-11-27T08:30:00+00:00",)


def test_missed_check_ins_only_count_after_an_absence():
    # A short nap: the passed check-in is simply gone, not reported.
    assert (
        plan(planned=[LENA_MISSED], settings=ONLY_CHECKINS_AND_COLD, last_run_at=NOW - timedelta(hours=2))
        == []
    )
    # Its reminder was due before the last run, so it isn't news after the absence either.
    early = replace(LENA_MISSED, starts_at=berlin(26, 17, 55))
    assert plan(planned=[early], settings=ONLY_CHECKINS_AND_COLD, last_run_at=LAST_EVENING) == []


def test_summary_names_days_and_upcoming_check_ins():
    yesterday_evening = replace(LENA_CALL, checkin_id=9, starts_at=berlin(26, 18, 30))
    (summary,) = plan(
        planned=[yesterday_evening, LENA_CALL], settings=ONLY_CHECKINS_AND_COLD, last_run_at=LAST_EVENING
    )
    assert (
        summary.body
        == "1 check-in coming up: Lena Vogel at 10:05 · 1 check-in passed: Lena Vogel at Thu 18:30."
    )
    assert summary.covers == ("checkin:7:2026-11-27T09:05:00+00:00", "checkin:9:2026-11-26T17:30:00+00:00")


def test_summary_shortens_long_lists():
    missed = [
        PlannedCheckIn(40 + hour, 40 + hour, f"Person {hour}", berlin(26, hour, 0, month=11))
        for hour in range(1, 8)
    ]
    (summary,) = plan(planned=missed, settings=ONLY_CHECKINS_AND_COLD, last_run_at=berlin(26, 0, 0))
    assert summary.body == (
        "7 check-ins passed: Person 1 at Thu 01:00, Person 2 at Thu 02:00, Person 3 at Thu 03:00,"
        " Person 4 at Thu 04:00, Person 5 at Thu 05:00 and 2 more."
    )
    assert len(summary.covers) == 7


def test_a_large_network_gets_the_budget_of_cold_notices_and_one_digest():
    people = network(30_000)
    reminders = plan(snapshots=people, settings=Settings(birthday_reminders=False))
    assert [r.kind for r in reminders] == ["cold", "cold", "cold", "digest"]
