"""`rapport share …` and `rapport review`, run as a user would, on a real database file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.runner import Cli


@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    runner = Cli(data_dir, capsys)
    runner.ok("add", "Aisha Khan", "--circle", "Close", "--tag", "AI", "--tag", "data")
    runner.ok("add", "Lena Vogel", "--circle", "Close", "--tag", "design")
    runner.ok("add", "Olga Petrova", "--circle", "Network", "--tag", "ai")
    runner.ok("log", "Aisha", "lunch", "--date", "2026-10-20")
    runner.ok("log", "Lena", "video", "--date", "2026-10-26 14:00")
    return runner


def test_share_saves_and_logs_a_touch_per_person(cli: Cli) -> None:
    out = cli.ok("share", "example.org/llm-evals", "--title", "LLM evals", "--topics", "AI, data",
                 "--to", "Aisha")  # fmt: skip
    assert "Saved “LLM evals” (https://example.org/llm-evals) · topics: AI, data" in out
    assert "Logged as sent to Aisha Khan (1 touch)" in out
    shown = cli.json("show", "Aisha")
    assert shown["timeline"][0]["kind"] == "share"
    assert shown["status"] == "warm"
    again = cli.ok("share", "https://example.org/llm-evals", "--to", "Aisha", "Olga")
    assert "Logged as sent to Olga Petrova (1 touch)" in again
    assert "Already had it: Aisha Khan" in again


def test_share_suggest_lists_who_would_care(cli: Cli) -> None:
    cli.ok("share", "example.org/llm-evals", "--title", "LLM evals", "--topics", "AI")
    found = cli.json("share", "suggest", "example.org/llm-evals")
    assert found["topics"] == ["AI"]
    assert [c["name"] for c in found["contacts"]] == ["Aisha Khan", "Olga Petrova"]
    assert found["contacts"][0]["reason"] == "cold, 38 days since last touch · likes AI"
    cli.ok("share", "example.org/llm-evals", "--to", "Aisha")
    table = cli.ok("share", "suggest", "example.org/llm-evals")
    assert "Olga Petrova" in table and "Aisha Khan" not in table
    by_topics = cli.json("share", "suggest", "example.org/other", "--topics", "design")
    assert [c["name"] for c in by_topics["contacts"]] == ["Lena Vogel"]


def test_share_list(cli: Cli) -> None:
    assert "No shares yet" in cli.ok("share", "list")
    cli.ok("share", "example.org/a", "--title", "A", "--topics", "AI", "--to", "Aisha", "Olga")
    listed = cli.json("share", "list")
    assert [(s["title"], s["recipients"]) for s in listed["shares"]] == [("A", 2)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("share", "suggest", "example.org/unsaved"), "is not saved yet: pass --topics"),
        (("share", "suggest"), "usage: share suggest URL"),
        (("share", "a.example", "b.example"), "give one link"),
        (("share", "not a link"), "is not a link"),
        (("share", "example.org/x", "--to", "Nobody Here"), "no contact matches 'Nobody Here'"),
    ],
)
def test_mistakes_get_one_clear_line(cli: Cli, args: tuple[str, ...], message: str) -> None:
    code, _out, err = cli(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_review(cli: Cli) -> None:
    review = cli.json("review")
    assert review["week"] == "2026-W48"
    assert review["touches"] == 0
    assert [p["name"] for p in review["went_cold"]] == ["Lena Vogel"]
    assert [p["name"] for p in review["next_week_queue"]][:2] == ["Aisha Khan", "Lena Vogel"]
    text = cli.ok("review")
    assert text.startswith("Your week in Rapport (23 Nov–29 Nov)")
    assert "Went cold:\n  Lena Vogel — Close, cold since Wed 25 Nov" in text
    assert "Owed a favour:\n  nobody" in text
