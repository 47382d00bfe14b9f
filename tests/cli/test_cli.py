"""The command line, as a user (or a script) would run it, on a real database file."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.runner import Cli

ROOT = Path(__file__).resolve().parents[2]
@pytest.fixture
def cli(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(data_dir, capsys)


@pytest.fixture
def known_history(cli: Cli) -> Cli:
    """The three people of the brief, a newcomer and a warm friend, with hand-checked numbers."""
    cli.ok(
        "add",
        "Marco Bianchi",
        "--company",
        "Fintech SpA",
        "--circle",
        "Network",
        "--linkedin",
        "https://www.linkedin.com/in/marco-bianchi/",
    )
    cli.ok("log", "Marco", "message", "--inbound", "--date", "2025-09-10", "--note", "Could you refer me?")
    cli.ok("exchange", "Marco", "introduction", "--they-asked", "--date", "2025-09-10")
    cli.ok("log", "Marco", "message", "--inbound", "--date", "2026-01-20")
    cli.ok("exchange", "Marco", "referral", "--they-asked", "--date", "2026-01-20")
    cli.ok("add", "Lena Vogel", "--company", "Siemens", "--circle", "Close", "--email", "lena@example.org")
    cli.ok("log", "Lena", "lunch", "--date", "2026-10-17")
    cli.ok("add", "Aisha Khan", "--company", "Nimbus", "--circle", "Close", "--tag", "AI")
    cli.ok("log", "Aisha", "call", "--date", "2026-11-03")
    cli.ok("exchange", "Aisha", "referral", "--received", "--date", "2026-10-01")
    cli.ok("exchange", "Aisha", "introduction", "--received", "--date", "2026-10-20")
    cli.ok("add", "Sam Lee", "--circle", "Network")
    cli.ok("add", "Priya Raman", "--circle", "Inner")
    cli.ok("log", "Priya", "lunch", "--date", "2026-11-25")
    return cli


def test_cold_lists_cooling_and_cold_contacts_with_the_products_numbers(known_history: Cli) -> None:
    result = known_history.json("cold")
    assert result["date"] == "2026-11-27"
    rows = {row["name"]: row for row in result["contacts"]}
    assert list(rows) == ["Marco Bianchi", "Lena Vogel", "Aisha Khan"]
    marco, lena, aisha = rows["Marco Bianchi"], rows["Lena Vogel"], rows["Aisha Khan"]
    # Marco: 311 days since 2026-01-20, cadence 90 -> r = 3.46 (capped at 3), importance 2.
    assert (marco["status"], marco["days_since"], marco["cadence_days"]) == ("cold", 311, 90)
    assert marco["priority"] == 6.0
    # E on 2026-01-20 = 1 + 0.5^(132/90); decayed 311 days at half-life 90.
    engagement = (1 + 0.5 ** (132 / 90)) * 0.5 ** (311 / 90)
    assert marco["warmth"] == round(100 * (1 - math.exp(-engagement / 2))) == 6
    # Lena: a lunch 41 days ago in the Close circle (30 days) -> r = 1.367, cold.
    assert (lena["status"], lena["days_since"]) == ("cold", 41)
    assert lena["priority"] == round(3 * 41 / 30, 2) == 4.1
    assert lena["warmth"] == round(100 * (1 - math.exp(-3 * 0.5 ** (41 / 30) / 2))) == 44
    assert lena["next_due"] == "2026-11-16"
    # Aisha: 24 days of 30 -> r = 0.8, cooling; she gave twice, I gave nothing: owed 2.
    assert (aisha["status"], aisha["days_since"]) == ("cooling", 24)
    assert aisha["priority"] == 3.4  # 3 x 0.8 + 0.5 x 2
    assert any("owed" in reason for reason in aisha["reasons"])


def test_today_is_capped_by_the_daily_budget_and_then_offers_newcomers(known_history: Cli) -> None:
    today = known_history.json("today")
    assert [row["name"] for row in today["contacts"]] == ["Marco Bianchi", "Lena Vogel", "Aisha Khan"]
    # Once Marco is booked, the never-touched newcomer takes the free place.
    known_history.ok("schedule", "Marco", "--at", "2026-11-30 10:00")
    today = known_history.json("today")
    assert [row["name"] for row in today["contacts"]] == ["Lena Vogel", "Aisha Khan", "Sam Lee"]
    assert today["contacts"][2]["status"] == "new"


def test_triage_shows_the_asker_who_never_gives(known_history: Cli) -> None:
    card = known_history.json("triage", "Marco")
    assert card["asks_only"] is True
    assert (card["their_asks"], card["their_gives"]) == (2, 0)
    assert (card["days_silent"], card["months_silent"]) == (311, 10)
    assert card["last_engagement_on"] == "2026-01-20"
    aisha = known_history.json("triage", "Aisha")
    assert aisha["asks_only"] is False
    assert aisha["their_gives"] == 2
    text = known_history.ok("triage", "Marco")
    assert "Asks-only" in text and "10 months" in text


def test_a_done_check_in_resets_the_clock(known_history: Cli) -> None:
    out = known_history.ok("schedule", "Lena")
    # The next free slot: today, an hour ahead (time to send the invite), inside 09:00-17:00.
    assert "Fri 27 Nov 2026 11:00" in out
    checkins = known_history.json("checkins")
    assert checkins["count"] == 1
    checkin = checkins["checkins"][0]
    assert (checkin["name"], checkin["minutes"], checkin["channel"]) == ("Lena Vogel", 10, "call")
    known_history.ok("done", str(checkin["id"]), now="2026-11-27 10:30")
    cold = known_history.json("cold")
    assert "Lena Vogel" not in [row["name"] for row in cold["contacts"]]
    assert known_history.json("checkins")["count"] == 0
    shown = known_history.json("show", "Lena")
    assert shown["status"] == "warm" and shown["last_touch"] == "2026-11-27"


def test_search_finds_names_companies_emails_and_tags(known_history: Cli) -> None:
    def names(text: str) -> list[str]:
        return [c["name"] for c in known_history.json("search", text)["contacts"]]

    assert names("fintech") == ["Marco Bianchi"]
    assert names("LENA@EXAMPLE") == ["Lena Vogel"]
    assert names("ai") == ["Aisha Khan"]  # two letters: name "Aisha", tag "AI"
    assert names("siemens vogel") == ["Lena Vogel"]
    assert names("nobody-here") == []


def test_contacts_are_named_by_id_exact_name_or_unique_prefix(known_history: Cli) -> None:
    known_history.ok("add", "Marco Rossi", "--circle", "Close")
    code, _, err = known_history("log", "Marco", "call")
    assert code == 2
    assert "matches several contacts" in err and "Marco Bianchi" in err and "Marco Rossi" in err
    assert err.count("\n") == 1
    known_history.ok("log", "Marco Rossi", "call")
    known_history.ok("log", "1", "email")


@pytest.mark.parametrize(
    "args, message",
    [
        (["log", "Lena", "dance"], "kind of touch"),
        (["log", "Nobody", "call"], "no contact matches"),
        (["add", "X", "--circle", "Besties"], "no circle called"),
        (["add", "X", "--email", "not-an-email"], "not an email"),
        (["exchange", "Lena", "favour"], "one of the arguments"),
        (["done", "999"], "no check-in #999"),
        (["import", "vcard", "/nonexistent/file.vcf"], "file.vcf: cannot be read"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_usage_exits_2_with_one_clear_line(known_history: Cli, args: list[str], message: str) -> None:
    code, _out, err = known_history(*args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_help_on_every_command_and_the_version() -> None:
    from cli.parser import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert isinstance(commands, dict)
    for name, sub in commands.items():
        assert sub.format_help().startswith("usage: rapport " + name), name
    result = subprocess.run(
        [sys.executable, "main.py", "--version"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith("Rapport ")


def test_a_real_process_reports_errors_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "contacts.vcf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path / "data"), "import", "vcard", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "contacts.vcf" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
