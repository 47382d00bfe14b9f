from __future__ import annotations

from datetime import date

from core.reciprocity import Ledger, is_asks_only, ledger_of, triage_card
from core.records import ExchangeRecord, Touch
from core.settings import Settings

from .conftest import (
    AISHA,
    AISHA_EXCHANGES,
    AISHA_TOUCHES,
    MARCO,
    MARCO_EXCHANGES,
    MARCO_TOUCHES,
    NOAH,
    TODAY,
)


def _exchange(direction: str, on: date, status: str = "done") -> ExchangeRecord:
    return ExchangeRecord("referral", direction, on, status)


def test_ledger_counts_both_ways():
    ledger = ledger_of(AISHA_EXCHANGES)
    assert ledger == Ledger(gave=1, received=2, they_asked=1, i_asked=0)
    assert ledger.balance == 1  # I owe her one
    assert ledger.owed == 1


def test_declined_gives_do_not_count_but_declined_asks_do():
    ledger = ledger_of(
        [
            _exchange("gave", TODAY, "declined"),
            _exchange("gave", TODAY, "open"),
            _exchange("received", TODAY, "declined"),
            _exchange("they_asked", TODAY, "declined"),
            _exchange("i_asked", TODAY, "open"),
        ]
    )
    assert ledger == Ledger(gave=1, received=0, they_asked=1, i_asked=1)
    assert ledger.balance == -1  # they owe me
    assert ledger.owed == 0


def test_marco_is_asks_only():
    # Latest ask today; window 2025-11-27..2026-11-27. His only inbound touches are the
    # messages carrying his two asks; my unanswered message doesn't count for him.
    assert is_asks_only(MARCO_EXCHANGES, MARCO_TOUCHES, TODAY)


def test_aisha_is_not_asks_only():
    assert not is_asks_only(AISHA_EXCHANGES, AISHA_TOUCHES, TODAY)


def test_nobody_who_never_asked_is_asks_only():
    assert not is_asks_only([], [], TODAY)
    assert not is_asks_only([_exchange("i_asked", TODAY)], [], TODAY)


def test_a_gift_within_the_window_clears_the_flag():
    ask = _exchange("they_asked", TODAY)
    assert not is_asks_only([ask, _exchange("received", date(2025, 11, 27))], [], TODAY)  # A − 365: inside
    assert is_asks_only([ask, _exchange("received", date(2025, 11, 26))], [], TODAY)  # A − 366: outside
    assert is_asks_only([ask, _exchange("received", date(2026, 6, 1), "declined")], [], TODAY)


def test_the_window_ends_at_the_latest_ask_not_today():
    # Asked on 2026-06-01; a gift after that ask doesn't change what preceded it.
    ask = _exchange("they_asked", date(2026, 6, 1))
    assert is_asks_only([ask, _exchange("received", date(2026, 7, 1))], [], TODAY)


def test_inbound_touches_on_other_days_are_engagement():
    ask = _exchange("they_asked", TODAY)
    assert not is_asks_only([ask], [Touch(date(2026, 5, 4), "message", "in")], TODAY)
    assert not is_asks_only([ask], [Touch(date(2026, 5, 4), "their_comment", "in")], TODAY)
    # The ask's own message, my outreach, and a note are not their engagement.
    assert is_asks_only(
        [ask],
        [
            Touch(TODAY, "message", "in"),
            Touch(date(2026, 5, 4), "call", "out"),
            Touch(date(2026, 5, 4), "note", "in"),
        ],
        TODAY,
    )
    # Outside the window, engagement is forgotten.
    assert is_asks_only([ask], [Touch(date(2025, 11, 1), "lunch", "in")], TODAY)


def test_window_is_configurable():
    ask = _exchange("they_asked", TODAY)
    gift = _exchange("received", date(2026, 8, 1))  # 118 days before the ask
    assert not is_asks_only([ask, gift], [], TODAY)
    assert is_asks_only([ask, gift], [], TODAY, window_days=90)


def test_entries_after_today_are_ignored():
    future_ask = _exchange("they_asked", date(2026, 12, 5))
    assert not is_asks_only([future_ask], [], TODAY)


def test_triage_card_for_marco(settings):
    card = triage_card(MARCO, MARCO_EXCHANGES, MARCO_TOUCHES, TODAY, settings)
    # Today's message is his ask, so the last engagement is my message of 2026-01-26:
    # 305 days, floor(305 / 30.44) = floor(10.02) = 10 months.
    assert card.to_json() == {
        "name": "Marco Bianchi",
        "last_engagement_on": "2026-01-26",
        "last_engagement_kind": "message",
        "days_silent": 305,
        "months_silent": 10,
        "their_asks": 2,
        "their_gives": 0,
        "my_asks": 0,
        "my_gives": 0,
        "inbound_touches_12m": 2,  # the two ask messages (2025-12-15 and today)
        "outbound_touches_12m": 1,
        "comments_on_my_posts_12m": 0,
        "asks_only": True,
        "summary": "Silent for 10 months; asked you 2 times and never gave. Asks-only.",
    }


def test_triage_card_for_aisha(settings):
    card = triage_card(AISHA, AISHA_EXCHANGES, AISHA_TOUCHES, TODAY, settings)
    assert card.last_engagement_on == date(2026, 11, 3)
    assert card.last_engagement_kind == "lunch"
    assert (card.days_silent, card.months_silent) == (24, 0)
    assert (card.their_asks, card.their_gives, card.my_asks, card.my_gives) == (1, 2, 0, 1)
    # In: 2 comments on my posts, a call, 2 messages. Out: the lunch and a message.
    assert (card.inbound_touches_12m, card.outbound_touches_12m) == (5, 2)
    assert card.comments_on_my_posts_12m == 2
    assert not card.asks_only
    assert card.summary == "Engaged: 5 touches from them this year; gave 2, asked 1."


def test_triage_card_for_the_newcomer(settings):
    card = triage_card(NOAH, [], [], TODAY, settings)
    assert card.last_engagement_on is None and card.last_engagement_kind is None
    assert card.days_silent is None and card.months_silent is None
    assert not card.asks_only
    assert card.summary == "No engagement logged; gave 0, asked 0."
    assert card.to_json()["last_engagement_on"] is None


def test_a_newcomer_who_only_asks(settings):
    card = triage_card(
        NOAH, [_exchange("they_asked", TODAY)], [Touch(TODAY, "inmail", "in")], TODAY, settings
    )
    assert card.asks_only
    assert card.summary == "No engagement logged; asked you once and never gave. Asks-only."


def test_a_giver_long_ago_who_now_only_asks(settings):
    exchanges = [_exchange("received", date(2024, 3, 1)), _exchange("they_asked", TODAY)]
    touches = [Touch(date(2026, 9, 1), "message", "out")]  # 87 days: floor(2.86) = 2 months
    card = triage_card(NOAH, exchanges, touches, TODAY, settings)
    assert (
        card.summary
        == "Silent for 2 months; asked you once and gave nothing in the year before asking. Asks-only."
    )


def test_quiet_but_not_asks_only(settings):
    touches = [Touch(date(2026, 11, 1), "call", "out")]  # 26 days
    card = triage_card(NOAH, [_exchange("received", date(2026, 4, 1))], touches, TODAY, settings)
    assert card.summary == "Silent for 26 days; gave 1, asked 0."


def test_twelve_month_counts_include_exactly_365_days():
    touches = [
        Touch(date(2025, 11, 27), "their_comment", "in"),  # 365 days ago: counted
        Touch(date(2025, 11, 26), "their_comment", "in"),  # 366 days ago: not
        Touch(date(2026, 11, 28), "message", "in"),  # tomorrow: not yet
        Touch(date(2026, 10, 1), "note", "out"),  # not a touch
    ]
    card = triage_card(NOAH, [], touches, TODAY, Settings())
    assert (card.inbound_touches_12m, card.outbound_touches_12m, card.comments_on_my_posts_12m) == (1, 0, 1)
    assert card.last_engagement_on == date(2025, 11, 27)


def test_weightiest_touch_names_a_busy_day(settings):
    touches = [Touch(TODAY, "message", "out"), Touch(TODAY, "lunch", "out"), Touch(TODAY, "comment", "out")]
    card = triage_card(NOAH, [], touches, TODAY, settings)
    assert card.last_engagement_kind == "lunch"
    assert card.summary == "In touch today; gave 0, asked 0."


def test_an_earlier_ask_still_marks_when_they_were_last_in_touch(settings):
    # He asked by message on 2026-01-20 and nothing since; today he asks again by message.
    touches = [Touch(date(2026, 1, 20), "message", "in"), Touch(TODAY, "message", "in")]
    exchanges = [_exchange("they_asked", date(2026, 1, 20)), _exchange("they_asked", TODAY)]
    card = triage_card(NOAH, exchanges, touches, TODAY, settings)
    # Today's message is the request; the one of 2026-01-20 was 311 days ago: 10 months.
    assert (card.last_engagement_on, card.days_silent, card.months_silent) == (date(2026, 1, 20), 311, 10)
    assert card.asks_only
    assert card.summary == "Silent for 10 months; asked you 2 times and never gave. Asks-only."
