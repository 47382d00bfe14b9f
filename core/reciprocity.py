"""Who gives and who only asks: the reciprocity ledger and the request-triage card."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core.kinds import DIRECTION_IN, DIRECTION_OUT, GAVE, I_ASKED, RECEIVED, THEY_ASKED, weight_of
from core.records import ContactSnapshot, ExchangeRecord, Touch
from core.settings import Settings
from core.status import days_between

DECLINED = "declined"
YEAR_DAYS = 365
DAYS_PER_MONTH = 30.44  # mean Gregorian month


@dataclass(frozen=True)
class Ledger:
    gave: int  # I gave them something (declined offers don't count)
    received: int  # they gave me something (declined offers don't count)
    they_asked: int  # every ask counts, whatever came of it
    i_asked: int

    @property
    def balance(self) -> int:
        """Positive: I owe them."""
        return self.received - self.gave

    @property
    def owed(self) -> int:
        return max(0, self.balance)


def ledger_of(exchanges: Iterable[ExchangeRecord]) -> Ledger:
    gave = received = they_asked = i_asked = 0
    for exchange in exchanges:
        if exchange.direction == THEY_ASKED:
            they_asked += 1
        elif exchange.direction == I_ASKED:
            i_asked += 1
        elif exchange.status == DECLINED:
            continue
        elif exchange.direction == GAVE:
            gave += 1
        elif exchange.direction == RECEIVED:
            received += 1
    return Ledger(gave=gave, received=received, they_asked=they_asked, i_asked=i_asked)


def _ask_days(exchanges: Iterable[ExchangeRecord], today: date) -> set[date]:
    return {e.on for e in exchanges if e.direction == THEY_ASKED and e.on <= today}


def is_asks_only(
    exchanges: Iterable[ExchangeRecord],
    touches: Iterable[Touch],
    today: date,
    window_days: int = YEAR_DAYS,
) -> bool:
    """They asked me for something, and before their latest ask they gave and engaged in nothing else.

    Concretely, with A the day of their latest ask (on or before `today`), all of:
    - they asked at least once;
    - in [A − window_days, A] they gave nothing: no "received" exchange that wasn't
      declined;
    - in that window every touch they started (direction "in", weight > 0) fell on a day
      they asked for something. Asks usually arrive as a message, and that message is the
      ask itself, not engagement; a comment on my post or a call on another day is.
    Entries dated after `today` are ignored, so the flag never depends on typos in the
    future. My own outreach doesn't count either way: the flag is about their behaviour.
    """
    exchange_list = list(exchanges)
    ask_days = _ask_days(exchange_list, today)
    if not ask_days:
        return False
    latest_ask = max(ask_days)
    window_start = latest_ask - timedelta(days=window_days)
    for exchange in exchange_list:
        if (
            exchange.direction == RECEIVED
            and exchange.status != DECLINED
            and window_start <= exchange.on <= latest_ask
        ):
            return False
    for touch in touches:
        if (
            touch.direction == DIRECTION_IN
            and window_start <= touch.on <= latest_ask
            and touch.on not in ask_days
            and weight_of(touch.kind) > 0
        ):
            return False
    return True


@dataclass(frozen=True)
class TriageCard:
    """What the user needs in one glance when someone asks them for something."""

    name: str
    last_engagement_on: date | None
    last_engagement_kind: str | None
    days_silent: int | None
    months_silent: int | None
    their_asks: int
    their_gives: int
    my_asks: int
    my_gives: int
    inbound_touches_12m: int
    outbound_touches_12m: int
    comments_on_my_posts_12m: int
    asks_only: bool
    summary: str

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "last_engagement_on": self.last_engagement_on.isoformat() if self.last_engagement_on else None,
            "last_engagement_kind": self.last_engagement_kind,
            "days_silent": self.days_silent,
            "months_silent": self.months_silent,
            "their_asks": self.their_asks,
            "their_gives": self.their_gives,
            "my_asks": self.my_asks,
            "my_gives": self.my_gives,
            "inbound_touches_12m": self.inbound_touches_12m,
            "outbound_touches_12m": self.outbound_touches_12m,
            "comments_on_my_posts_12m": self.comments_on_my_posts_12m,
            "asks_only": self.asks_only,
            "summary": self.summary,
        }


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _silence(days_silent: int | None, months_silent: int | None) -> str:
    if days_silent is None or months_silent is None:
        return "No engagement logged"
    if days_silent == 0:
        return "In touch today"
    if months_silent >= 2:
        return f"Silent for {months_silent} months"
    return f"Silent for {days_silent} day" + ("" if days_silent == 1 else "s")


def _summary(
    *,
    days_silent: int | None,
    months_silent: int | None,
    ledger: Ledger,
    inbound_12m: int,
    asks_only: bool,
) -> str:
    gives = f"gave {ledger.received}, asked {ledger.they_asked}"
    if asks_only:
        never = "never gave" if ledger.received == 0 else "gave nothing in the year before asking"
        silence = _silence(days_silent, months_silent)
        return f"{silence}; asked you {_times(ledger.they_asked)} and {never}. Asks-only."
    if inbound_12m > 0:
        touches = "touch" if inbound_12m == 1 else "touches"
        return f"Engaged: {inbound_12m} {touches} from them this year; {gives}."
    return f"{_silence(days_silent, months_silent)}; {gives}."


def triage_card(
    snapshot: ContactSnapshot,
    exchanges: Iterable[ExchangeRecord],
    touches: Iterable[Touch],
    today: date,
    settings: Settings,
) -> TriageCard:
    """The request-triage card for `snapshot` as of `today`.

    Last engagement is the latest touch with weight > 0 in either direction, except that
    an inbound touch on the day of a request made today is the request itself: otherwise
    the message carrying today's ask would read as "in touch today" and hide ten months
    of silence. Earlier contact, asks included, still says when they were last in touch.
    The 12-month counts are raw: every touch with weight > 0 dated within the last 365 days.
    """
    exchange_list = list(exchanges)
    touch_list = [t for t in touches if t.on <= today and weight_of(t.kind) > 0]
    ask_days = _ask_days(exchange_list, today)
    ledger = ledger_of(exchange_list)

    asked_today = today in ask_days
    engagement = [
        t for t in touch_list if not (asked_today and t.direction == DIRECTION_IN and t.on == today)
    ]
    # On a day with several touches the weightiest one names the engagement.
    last = max(engagement, key=lambda t: (t.on, weight_of(t.kind)), default=None)
    days_silent = days_between(last.on, today) if last else None
    months_silent = math.floor(days_silent / DAYS_PER_MONTH) if days_silent is not None else None

    year_start = today - timedelta(days=YEAR_DAYS)
    recent = [t for t in touch_list if t.on >= year_start]
    inbound_12m = sum(1 for t in recent if t.direction == DIRECTION_IN)
    outbound_12m = sum(1 for t in recent if t.direction == DIRECTION_OUT)
    comments_12m = sum(1 for t in recent if t.kind == "their_comment")
    asks_only = is_asks_only(exchange_list, touch_list, today, settings.asks_only_window_days)

    return TriageCard(
        name=snapshot.name,
        last_engagement_on=last.on if last else None,
        last_engagement_kind=last.kind if last else None,
        days_silent=days_silent,
        months_silent=months_silent,
        their_asks=ledger.they_asked,
        their_gives=ledger.received,
        my_asks=ledger.i_asked,
        my_gives=ledger.gave,
        inbound_touches_12m=inbound_12m,
        outbound_touches_12m=outbound_12m,
        comments_on_my_posts_12m=comments_12m,
        asks_only=asks_only,
        summary=_summary(
            days_silent=days_silent,
            months_silent=months_silent,
            ledger=ledger,
            inbound_12m=inbound_12m,
            asks_only=asks_only,
        ),
    )
