from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.settings import Settings
from core.slots import find_free_slot, proposed_slots

from .conftest import BERLIN

DEFAULTS = Settings()  # Mon–Fri 09:00–17:00, 10-minute check-ins, 3 a day


def berlin(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=BERLIN)


def slot(after: datetime, settings: Settings = DEFAULTS, **kwargs) -> datetime | None:
    return find_free_slot(after=after, tz=BERLIN, settings=settings, **kwargs)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (berlin(11, 27, 10, 0), berlin(11, 27, 10, 0)),  # on the grid: that very minute
        (berlin(11, 27, 10, 7), berlin(11, 27, 10, 15)),  # rounded up to the quarter hour
        (berlin(11, 27, 10, 15, 1), berlin(11, 27, 10, 30)),  # a second past counts
        (berlin(11, 27, 6, 0), berlin(11, 27, 9, 0)),  # before hours: when they open
        (berlin(11, 27, 16, 45), berlin(11, 27, 16, 45)),  # ends 16:55
        (berlin(11, 27, 16, 46), berlin(11, 30, 9, 0)),  # 17:00 would end after hours: Monday
        (berlin(11, 28, 11, 0), berlin(11, 30, 9, 0)),  # Saturday: Monday
    ],
)
def test_next_slot_on_the_quarter_hour_inside_check_in_hours(after, expected):
    assert slot(after) == expected


def test_the_slot_must_end_by_the_end_of_hours():
    assert slot(berlin(11, 27, 16, 30), minutes=30) == berlin(11, 27, 16, 30)  # ends 17:00 sharp
    assert slot(berlin(11, 27, 16, 31), minutes=30) == berlin(11, 30, 9, 0)


def test_result_is_in_the_users_zone():
    found = slot(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))  # 10:00 Berlin
    assert found == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert found is not None and found.tzinfo is BERLIN and found.hour == 10


def test_busy_intervals_are_avoided():
    after = berlin(11, 27, 10, 0)
    # Half-open: a meeting ending at 10:30 leaves 10:30 free.
    assert slot(after, busy=[(berlin(11, 27, 10, 0), berlin(11, 27, 10, 30))]) == berlin(11, 27, 10, 30)
    # 10:00–10:10 ends before a meeting at 10:20.
    assert slot(after, busy=[(berlin(11, 27, 10, 20), berlin(11, 27, 10, 40))]) == berlin(11, 27, 10, 0)
    # 10:05–10:20 blocks both 10:00 and 10:15.
    assert slot(after, busy=[(berlin(11, 27, 10, 5), berlin(11, 27, 10, 20))]) == berlin(11, 27, 10, 30)
    # Busy times may come in any zone.
    utc_meeting = (datetime(2026, 11, 27, 9, 0, tzinfo=UTC), datetime(2026, 11, 27, 11, 0, tzinfo=UTC))
    assert slot(after, busy=[utc_meeting]) == berlin(11, 27, 12, 0)


def test_planned_check_ins_are_avoided():
    # A check-in at 10:05 lasts until 10:15: 10:00 overlaps it, 10:15 starts as it ends.
    assert slot(berlin(11, 27, 10, 0), planned_starts=[berlin(11, 27, 10, 5)]) == berlin(11, 27, 10, 15)
    # With 30-minute check-ins, the planned one lasts until 10:35.
    found = slot(berlin(11, 27, 10, 0), minutes=30, planned_starts=[berlin(11, 27, 10, 5)])
    assert found == berlin(11, 27, 10, 45)


def test_a_day_with_the_daily_budget_planned_is_full():
    two = [berlin(11, 27, 13, 0), berlin(11, 27, 14, 0)]
    assert slot(berlin(11, 27, 10, 0), planned_starts=two) == berlin(11, 27, 10, 0)
    three = [*two, berlin(11, 27, 15, 0)]
    assert slot(berlin(11, 27, 10, 0), planned_starts=three) == berlin(11, 30, 9, 0)
    assert slot(berlin(11, 27, 10, 0), settings=Settings(daily_budget=4), planned_starts=three) == berlin(
        11, 27, 10, 0
    )


def test_the_budget_counts_check_ins_by_local_day():
    # 23:30 UTC on Friday is 00:30 on Saturday in Berlin: it doesn't fill Friday.
    late = [datetime(2026, 11, 27, 23, 30, tzinfo=UTC)] * 3
    assert slot(berlin(11, 27, 10, 0), planned_starts=late) == berlin(11, 27, 10, 0)


def test_spring_forward_weekend():
    # Summer time starts on Sunday 2026-03-29. Friday 17:00 CET -> Monday 09:00 CEST = 07:00 UTC.
    found = slot(berlin(3, 27, 17, 0))
    assert found == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert found is not None and found.utcoffset() == timedelta(hours=2)


def test_fall_back_weekend():
    # Winter time starts on Sunday 2026-10-25. Monday 09:00 CET = 08:00 UTC.
    found = slot(berlin(10, 23, 17, 0))
    assert found == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
    assert found is not None and found.utcoffset() == timedelta(hours=1)


def test_hours_that_do_not_exist_are_skipped():
    # Night owl hours 01:00–04:00 every day. On 2026-03-29 clocks jump from 02:00 to 03:00:
    # after 01:55 CET the next real quarter hour is 03:00 CEST (01:00 UTC).
    owl = Settings(checkin_days=list(range(7)), checkin_start="01:00", checkin_end="04:00")
    found = slot(datetime(2026, 3, 29, 0, 55, tzinfo=UTC), settings=owl)
    assert found == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert found is not None and (found.hour, found.minute) == (3, 0)


def test_another_zone():
    new_york = ZoneInfo("America/New_York")
    # 09:00 UTC on Friday is 04:00 in New York; hours open at 09:00 EST = 14:00 UTC.
    found = find_free_slot(after=datetime(2026, 11, 27, 9, 0, tzinfo=UTC), tz=new_york, settings=DEFAULTS)
    assert found == datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def test_nothing_within_the_horizon():
    assert slot(berlin(11, 27, 10, 0), settings=Settings(checkin_days=[])) is None
    everything = [(berlin(11, 27, 0, 0), berlin(12, 31, 0, 0))]
    assert slot(berlin(11, 27, 10, 0), busy=everything, horizon_days=30) is None
    assert slot(berlin(11, 27, 10, 0), busy=everything) == berlin(12, 31, 9, 0)  # Thursday
    assert slot(berlin(11, 27, 10, 0), minutes=9 * 60) is None  # longer than the day


def test_proposed_slots_offer_the_next_free_ones():
    options = proposed_slots(
        after=berlin(11, 27, 16, 0),
        tz=BERLIN,
        settings=DEFAULTS,
        planned_starts=[berlin(11, 27, 16, 5)],
        count=4,
    )
    # 16:00 overlaps 16:05–16:15; 16:45 is the last slot of Friday; then Monday.
    assert options == [
        berlin(11, 27, 16, 15),
        berlin(11, 27, 16, 30),
        berlin(11, 27, 16, 45),
        berlin(11, 30, 9, 0),
    ]
    assert proposed_slots(after=berlin(11, 27, 16, 0), tz=BERLIN, settings=DEFAULTS, count=0) == []
