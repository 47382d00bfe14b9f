from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.records import Touch
from core.warmth import decay, engagement_on, warmth_from_engagement, warmth_of

from .conftest import AISHA, AISHA_TOUCHES, LENA, MARCO, NOAH, TODAY


def test_lunch_a_cadence_ago_is_half_its_weight():
    # Lunch weighs 3; 30 days at cadence 30 is one half-life: E = 1.5.
    # Warmth = round(100 · (1 − e^−0.75)) = round(100 · 0.52763) = 53.
    touches = [Touch(date(2026, 10, 28), "lunch")]
    assert engagement_on(touches, 30, TODAY) == pytest.approx(1.5)
    assert warmth_from_engagement(1.5) == 53


def test_engagement_sums_decayed_weights():
    # Call today: 2 · 0.5^0 = 2. Message 60 days ago at cadence 30: 1 · 0.5^2 = 0.25.
    # A note weighs nothing. E = 2.25 -> round(100 · (1 − e^−1.125)) = round(67.53) = 68.
    touches = [
        Touch(TODAY, "call", "in"),
        Touch(date(2026, 9, 28), "message"),
        Touch(date(2026, 11, 20), "note"),
    ]
    assert engagement_on(touches, 30, TODAY) == pytest.approx(2.25)
    assert warmth_from_engagement(2.25) == 68


def test_touches_after_the_day_are_ignored():
    assert engagement_on([Touch(date(2026, 11, 28), "lunch")], 30, TODAY) == 0.0


def test_unknown_kinds_weigh_like_a_message():
    assert engagement_on([Touch(TODAY, "carrier_pigeon")], 30, TODAY) == 1.0


def test_aisha_engagement():
    # Cadence 30, ages from 2026-11-27:
    #   lunch 24d: 3 · 0.5^0.8 = 1.723048          their_comment 30d: 0.5 · 0.5^1 = 0.25
    #   their_comment 86d: 0.5 · 0.5^(86/30) = 0.068552    call 105d: 2 · 0.5^3.5 = 0.176777
    #   message 179d: 0.5^(179/30) = 0.015990      message 210d: 0.5^7 = 0.007812
    #   message 290d: 0.5^(290/30) = 0.001230
    # E = 2.243409 -> round(100 · (1 − e^−1.121704)) = round(67.43) = 67.
    engagement = engagement_on(AISHA_TOUCHES, 30, TODAY)
    assert engagement == pytest.approx(2.243409, abs=1e-6)
    assert warmth_from_engagement(engagement) == 67


def test_decay_halves_every_cadence():
    assert decay(2.25, date(2026, 10, 28), TODAY, 30) == pytest.approx(1.125)
    assert decay(4.0, date(2026, 9, 28), TODAY, 30) == pytest.approx(1.0)
    assert decay(4.0, TODAY, TODAY, 30) == 4.0
    assert decay(4.0, TODAY, date(2026, 11, 1), 30) == 4.0  # never grows backwards


def test_decay_of_stored_engagement_equals_recomputing_from_touches():
    # What lets the database keep one number per contact.
    earlier = date(2026, 11, 3)
    stored = engagement_on(AISHA_TOUCHES, 30, earlier)
    assert decay(stored, earlier, TODAY, 30) == pytest.approx(engagement_on(AISHA_TOUCHES, 30, TODAY))


@pytest.mark.parametrize(
    ("engagement", "warmth"),
    [
        (0.0, 0),
        (-1.0, 0),  # clamped
        (0.5, 22),  # 100 · (1 − e^−0.25) = 22.12
        (3.0, 78),  # a lunch today: 100 · (1 − e^−1.5) = 77.69
        (6.0, 95),  # 100 · (1 − e^−3) = 95.02
        (1000.0, 100),
    ],
)
def test_warmth_from_engagement(engagement, warmth):
    assert warmth_from_engagement(engagement) == warmth


def test_warmth_of_decays_the_stored_engagement():
    # Lena: E = 2 stored on 2026-10-17; 41 days later: 2 · 0.5^(41/30) = 0.775572
    # -> round(100 · (1 − e^−0.387786)) = round(32.15) = 32.
    assert warmth_of(LENA, TODAY) == 32
    # Marco: E = 1 on 2026-01-26; 305 days at cadence 90: 0.5^3.3889 = 0.095465
    # -> round(100 · (1 − e^−0.047732)) = round(4.66) = 5.
    assert warmth_of(MARCO, TODAY) == 5


def test_warmth_of_without_cadence_or_engagement():
    assert warmth_of(NOAH, TODAY) == 0  # tracked, never touched
    assert warmth_of(replace(LENA, cadence_days=None), TODAY) is None
    assert warmth_of(replace(AISHA, engagement_on=None), TODAY) == 0
