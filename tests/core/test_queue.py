from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from core.queue import QueueEntry, going_cold, priority_of, todays_queue
from core.settings import Settings
from core.status import Status

from .conftest import AISHA, LENA, MARCO, NOAH, THREE_PEOPLE, TODAY, network, snapshot


def _names(entries: list[QueueEntry]) -> list[str]:
    return [e.snapshot.name for e in entries]


def _days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def test_priority_formula():
    # importance · min(r, 3) + 0.5 · owed
    assert priority_of(LENA, 41 / 30) == pytest.approx(4.1)  # 3 · 1.3667
    assert priority_of(AISHA, 0.8) == pytest.approx(2.9)  # 3 · 0.8 + 0.5 · 1
    assert priority_of(MARCO, 305 / 90) == pytest.approx(6.0)  # 2 · min(3.39, 3)


def test_going_cold_lists_cooling_and_cold_by_priority(settings):
    snoozed = snapshot(5, "Sven Snoozed", last_touch_on=_days_ago(60), snoozed_until=date(2026, 12, 1))
    archived = snapshot(6, "Anna Archived", last_touch_on=_days_ago(60), archived=True)
    untracked = snapshot(7, "Uwe Untracked", circle="Untracked", cadence_days=None, importance=0)
    warm = snapshot(8, "Wim Warm", last_touch_on=_days_ago(22))  # 22/30 = 0.733
    entries = going_cold([*THREE_PEOPLE, snoozed, archived, untracked, warm], TODAY, settings)
    # Marco 6.0, Lena 4.1, Aisha 2.9; the newcomer is not "going cold".
    assert _names(entries) == ["Marco Bianchi", "Lena Vogel", "Aisha Khan"]
    assert [e.status for e in entries] == [Status.COLD, Status.COLD, Status.COOLING]


def test_entry_for_lena(settings):
    (lena,) = going_cold([LENA], TODAY, settings)
    assert lena.status is Status.COLD
    assert lena.days_since == 41
    assert lena.ratio == pytest.approx(41 / 30)
    assert lena.priority == pytest.approx(4.1)
    assert lena.warmth == 32  # see test_warmth
    assert lena.next_due == date(2026, 11, 16)
    assert lena.reasons == ("cold, 41 days since last touch (cadence 30)",)


def test_entry_for_aisha_to_json(settings):
    (aisha,) = going_cold([AISHA], TODAY, settings)
    # E = 3 on 2026-11-03, 24 days at cadence 30: 3 · 0.5^0.8 = 1.723 -> warmth 58.
    assert aisha.to_json() == {
        "id": 3,
        "name": "Aisha Khan",
        "circle": "Close",
        "status": "cooling",
        "days_since": 24,
        "cadence_days": 30,
        "warmth": 58,
        "priority": 2.9,
        "reasons": ["cooling, 24 days since last touch (cadence 30)", "owed a favour"],
        "next_due": "2026-12-03",
        "last_touch_kind": "lunch",
    }


def test_owed_more_than_once_shows_the_count(settings):
    (entry,) = going_cold([replace(LENA, owed=2)], TODAY, settings)
    assert entry.reasons[1] == "owed a favour (2)"
    assert entry.priority == pytest.approx(5.1)  # 4.1 + 0.5 · 2


def test_ratio_boundaries(settings):
    below = snapshot(10, "Below", last_touch_on=_days_ago(22))  # 0.733: warm
    at_cooling = snapshot(11, "At Cooling", cadence_days=20, last_touch_on=_days_ago(15))  # 0.75
    at_cold = snapshot(12, "At Cold", cadence_days=20, last_touch_on=_days_ago(20))  # 1.0
    entries = going_cold([below, at_cooling, at_cold], TODAY, settings)
    assert [(e.snapshot.name, e.status) for e in entries] == [
        ("At Cold", Status.COLD),  # 3 · 1.0 = 3.0
        ("At Cooling", Status.COOLING),  # 3 · 0.75 = 2.25
    ]


def test_ties_break_on_ratio_then_name(settings):
    # Both priority 3.0: importance 2 at r 1.5, importance 3 at r 1.0. The longer overdue first.
    longer = snapshot(20, "Zoe", importance=2, last_touch_on=_days_ago(45))
    shorter = snapshot(21, "Adam", importance=3, last_touch_on=_days_ago(30))
    twin = snapshot(22, "Bea", importance=3, last_touch_on=_days_ago(30))
    assert _names(going_cold([twin, shorter, longer], TODAY, settings)) == ["Zoe", "Adam", "Bea"]


def test_ratio_is_capped_at_three(settings):
    # Acquaintance forgotten for 5 cadences: 1 · min(5, 3) = 3.0; Inner at r 1: 4 · 1 = 4.0.
    ancient = snapshot(30, "Old Friend", importance=1, cadence_days=180, last_touch_on=_days_ago(900))
    inner = snapshot(31, "Inner Friend", importance=4, cadence_days=14, last_touch_on=_days_ago(14))
    entries = going_cold([ancient, inner], TODAY, settings)
    assert _names(entries) == ["Inner Friend", "Old Friend"]
    assert entries[1].priority == 3.0


def test_todays_queue_takes_the_daily_budget(settings):
    queue = todays_queue(THREE_PEOPLE, TODAY, settings)
    assert _names(queue) == ["Marco Bianchi", "Lena Vogel", "Aisha Khan"]


def test_newcomers_follow_the_overdue(settings):
    queue = todays_queue(THREE_PEOPLE, TODAY, settings, budget=4)
    assert _names(queue) == ["Marco Bianchi", "Lena Vogel", "Aisha Khan", "Noah Park"]
    noah = queue[3]
    assert noah.status is Status.NEW
    assert noah.days_since is None and noah.ratio is None
    assert noah.priority == 2.0  # importance 2 · 1
    assert noah.warmth == 0
    assert noah.next_due == TODAY
    assert noah.reasons == ("never talked — introductory chat",)
    assert noah.to_json()["days_since"] is None


def test_newcomers_come_after_overdue_even_when_more_important(settings):
    inner_newcomer = snapshot(40, "Ida Inner", importance=4, cadence_days=14, owed=3)  # priority 5.5
    faint = snapshot(41, "Fred Faint", importance=1, cadence_days=180, last_touch_on=_days_ago(140))
    queue = todays_queue([inner_newcomer, faint], TODAY, settings)
    assert _names(queue) == ["Fred Faint", "Ida Inner"]
    assert queue[1].priority == 5.5  # 4 · 1 + 0.5 · 3


def test_newcomers_by_importance_then_name(settings):
    people = [
        snapshot(50, "Carl", importance=1, cadence_days=180),
        snapshot(51, "Bert", importance=4, cadence_days=14),
        snapshot(52, "Abel", importance=4, cadence_days=14),
        snapshot(53, "Dora", importance=2, cadence_days=90),
    ]
    assert _names(todays_queue(people, TODAY, settings, budget=10)) == ["Abel", "Bert", "Dora", "Carl"]


def test_excluded_and_snoozed_are_skipped(settings):
    snoozed_marco = replace(MARCO, snoozed_until=date(2026, 12, 24))
    queue = todays_queue([snoozed_marco, LENA, AISHA, NOAH], TODAY, settings, exclude_ids=[2])
    assert _names(queue) == ["Aisha Khan", "Noah Park"]


def test_zero_budget_and_custom_budget(settings):
    assert todays_queue(THREE_PEOPLE, TODAY, settings, budget=0) == []
    assert _names(todays_queue(THREE_PEOPLE, TODAY, settings, budget=1)) == ["Marco Bianchi"]
    assert _names(todays_queue(THREE_PEOPLE, TODAY, Settings(daily_budget=2))) == [
        "Marco Bianchi",
        "Lena Vogel",
    ]


def test_the_shortcut_for_large_networks_picks_what_a_full_sort_picks(settings):
    people = network(30_000)
    queue = todays_queue(people, TODAY, settings, exclude_ids={1, 2, 3})
    assert len(queue) == 3
    # The shortcut through a partial sort picks the same people as a full sort would.
    full = going_cold(people, TODAY, settings)
    assert (
        _names(queue)
        == [n for n in _names(full) if n not in {"Person 00001", "Person 00002", "Person 00003"}][:3]
    )


def test_going_cold_can_stop_at_the_top(settings):
    people = network(5_000)
    full = going_cold(people, TODAY, settings)
    assert _names(going_cold(people, TODAY, settings, limit=25)) == _names(full)[:25]
    assert going_cold(people, TODAY, settings, limit=0) == []
