"""mailto: links open a draft holding exactly the text the user saw (RFC 6068)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from connectors.mailto import how_to_join, invite_email, mailto_url

UNRESERVED_OR_ENCODED = re.compile(r"^[A-Za-z0-9\-._~%@,]*$")


def decoded(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    fields = {key: values[0] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
    return unquote(parts.path), fields


def test_subject_and_body_survive_any_characters() -> None:
    body = "Hi Zoë & Jo,\n10 minutes? 100% informal; #ideas + a=b ?\nTschüss 🎉"
    url = mailto_url("zoe@example.com", "Catch-up? Mon & Tue", body)
    address, fields = decoded(url)
    assert address == "zoe@example.com"
    assert fields["subject"] == "Catch-up? Mon & Tue"
    assert fields["body"] == body.replace("\n", "\r\n")  # RFC 6068: line breaks are CRLF
    query = url.split("?", 1)[1]
    for part in query.split("&"):
        _name, value = part.split("=", 1)
        assert UNRESERVED_OR_ENCODED.match(value), value
    assert "%0D%0A" in url and "+" not in query and " " not in url


def test_addresses_are_encoded_and_several_are_comma_separated() -> None:
    url = mailto_url(["ana+work@example.com", " jo@example.com "], "", "")
    assert url == "mailto:ana%2Bwork@example.com,jo@example.com"
    assert mailto_url("", "Hello", "") == "mailto:?subject=Hello"


def test_a_subject_stays_on_one_line() -> None:
    _, fields = decoded(mailto_url("a@example.com", "Line one\r\nBcc: evil@example.com", "x"))
    assert fields["subject"] == "Line one Bcc: evil@example.com"


@pytest.mark.parametrize(
    ("channel", "kwargs", "expected"),
    [
        ("call", {"phone": "+49 170 1234567"}, "A phone call: I'll call you on +49 170 1234567."),
        ("call", {}, "A phone call: which number is best?"),
        ("video", {}, "A video call: I'll send you a link (or send me yours)."),
        ("coffee", {"location": "Café Kranzler"}, "Coffee at Café Kranzler."),
    ],
)
def test_how_to_join(channel: str, kwargs: dict[str, str], expected: str) -> None:
    assert how_to_join(channel, **kwargs) == expected


def test_the_invite_email_carries_the_time_the_invite_and_how_to_join() -> None:
    url = invite_email(
        to="ana@example.com",
        when="Tuesday 1 December at 10:00",
        minutes=10,
        channel="call",
        invite="Hi Ana, it's been a while! Do you have 10 minutes on Tuesday 1 December at 10:00?",
        join=how_to_join("call", phone="+49 170 1234567"),
        zone="Europe/Berlin",
    )
    address, fields = decoded(url)
    assert address == "ana@example.com"
    assert fields["subject"] == "10-minute call? Tuesday 1 December at 10:00 (Europe/Berlin)"
    assert fields["body"].split("\r\n") == [
        "Hi Ana, it's been a while! Do you have 10 minutes on Tuesday 1 December at 10:00?",
        "",
        "When: Tuesday 1 December at 10:00 (Europe/Berlin), 10 minutes",
        "How: A phone call: I'll call you on +49 170 1234567.",
    ]
