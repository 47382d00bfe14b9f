"""Who would care about a piece of content: matching tags, coldest and most important first."""

from __future__ import annotations

from datetime import date, timedelta

from core.records import ContactSnapshot
from core.settings import Settings
from core.sharing import ShareCandidate, parse_topics, share_message, suggest_recipients, topic_key
from core.status import Status

TODAY = date(2026, 11, 27)
CIRCLES = {"Inner": (14, 4), "Close": (30, 3), "Network": (90, 2), "Untracked": (None, 0)}


def candidate(
    contact_id: int,
    name: str,
    circle: str,
    tags: tuple[str, ...],
    days_since: int | None,
    **fields: object,
) -> ShareCandidate:
    cadence, importance = CIRCLES[circle]
    last = None if days_since is None else TODAY - timedelta(days=days_since)
    snapshot = ContactSnapshot(
        contact_id=contact_id, name=name, circle=circle, cadence_days=cadence, importance=importance,
        last_touch_on=last, **fields,  # type: ignore[arg-type]
    )  # fmt: skip
    return ShareCandidate(snapshot, tags)


PEOPLE = [
    candidate(1, "Ana", "Inner", ("AI",), 28),  # r 2: priority 8
    candidate(2, "Ben", "Network", ("ai", "Product"), None),  # never talked, two topics
    candidate(3, "Cleo", "Close", ("Product",), 24),  # r 0.8, cooling: priority 2.4
    candidate(4, "Dev", "Close", ("AI",), 3),  # warm: after those a touch is due for, and newcomers
    candidate(5, "Eve", "Untracked", ("AI",), 400),  # untracked: last
    candidate(6, "Finn", "Inner", ("design",), 40),  # no matching tag
    candidate(7, "Gus", "Close", ("AI",), 90, archived=True),
    candidate(8, "Hal", "Close", ("AI",), 90, snoozed_until=TODAY + timedelta(days=3)),
    candidate(9, "Ivy", "Close", ("AI",), 90),  # already has it
    candidate(10, "Jo", "Network", ("AI",), 270),  # r 3: priority 6
    candidate(11, "Kai", "Network", ("AI",), None),  # never talked, one topic
]


def test_suggestions_are_ranked_coldest_and_most_important_first() -> None:
    found = suggest_recipients(PEOPLE, ["ai", "PRODUCT"], TODAY, Settings(), already_received={9})
    assert [s.name for s in found] == ["Ana", "Jo", "Cleo", "Ben", "Kai", "Dev", "Eve"]
    ana, ben = found[0], found[3]
    assert (ana.status, ana.days_since, ana.priority) == (Status.COLD, 28, 8.0)
    assert ben.matched_topics == ("ai", "Product")
    assert ben.status is Status.NEW
    assert found[-1].status is None


def test_reasons_say_why_in_plain_words() -> None:
    found = {s.name: s for s in suggest_recipients(PEOPLE, ["AI", "product"], TODAY, Settings())}
    assert found["Ana"].reason == "cold, 28 days since last touch · likes AI"
    assert found["Ben"].reason == "never talked · likes ai, Product"
    assert found["Eve"].reason == "untracked · likes AI"
    assert found["Ana"].to_json()["topics"] == ["AI"]


def test_limits_and_no_topics() -> None:
    top_two = suggest_recipients(PEOPLE, ["AI"], TODAY, Settings(), limit=2)
    assert [s.name for s in top_two] == ["Ivy", "Ana"]  # Ivy has not had this one: r 3 in Close
    assert suggest_recipients(PEOPLE, [" ", ""], TODAY, Settings()) == []
    assert suggest_recipients(PEOPLE, ["climate"], TODAY, Settings()) == []


def test_topics_are_parsed_once_each() -> None:
    assert parse_topics("AI, product,ai ,  machine   learning,") == ["AI", "product", "machine learning"]
    assert parse_topics(["AI,Data", "data"]) == ["AI", "Data"]
    assert topic_key("Économie") == topic_key("economie")


def test_the_message_to_send() -> None:
    assert share_message("A title", "https://x.example/a", "Thought of you") == (
        "Thought of you\n\nA title\nhttps://x.example/a"
    )
    assert share_message("", "https://x.example/a") == "https://x.example/a"
