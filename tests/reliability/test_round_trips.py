"""Round trips: what Rapport writes, it reads back the same.

- vCard: contacts exported as vCard and imported into a fresh database come back with the
  same names, emails, phones, organisation, title, URLs, birthday, notes, tags and place —
  whatever characters they hold (commas, semicolons, backslashes, colons, line breaks, emoji…).
- JSON backup: a backup restored gives an identical database (same rows, same content hash),
  into the same folder after changes or into a fresh one, through the services or `rapport`.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from connectors.vcard import SYSTEM_CATEGORIES
from tests.reliability import report
from tests.reliability.conftest import (
    NOW_AT,
    SIZES,
    Tally,
    copy_data_dir,
    fuzz,
    hash_of,
    open_at,
    run_cli,
    sized,
)

# Printable text of every script, with the characters vCard, CSV and JSON give meaning to.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Co", "Cn", "Zl", "Zp"]),
        st.sampled_from(list(",;:\\\"'=<>&%+-@#ü€中🚀")),
    ),
    min_size=1,
    max_size=24,
)
WORDS = (
    st.lists(TEXT, min_size=1, max_size=3).map(lambda parts: " ".join(" ".join(parts).split())).filter(bool)
)
NOTES = st.lists(WORDS, min_size=1, max_size=4).map("\n".join)
# Not Google's own labels ("* myContacts", "starred"), which the vCard importer leaves out on purpose.
TAG = WORDS.filter(lambda tag: not tag.startswith("*") and tag.casefold() not in SYSTEM_CATEGORIES)
SLUG = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=3, max_size=20)
PHONE = st.from_regex(r"\+[1-9][0-9]{1,3} [0-9]{2,4}[ -]?[0-9]{3,8}", fullmatch=True)
COUNT = st.integers(0, 2)


def digits_of(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


LINKEDIN = "https://www.linkedin.com/in/"


@st.composite
def people(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 4))
    result: list[dict[str, Any]] = []
    for number in range(count):
        result.append(
            {
                "first": draw(WORDS),
                "last": f"{draw(WORDS)} {number}",  # different people, never merged as one
                "company": draw(st.none() | WORDS),
                "position": draw(st.none() | WORDS),
                "emails": [f"{draw(SLUG)}.{number}.{i}@{draw(SLUG)}.example" for i in range(draw(COUNT))],
                "phones": draw(st.lists(PHONE, max_size=2, unique_by=digits_of)),  # the same number once
                "urls": [
                    f"https://{draw(SLUG)}.example/{draw(SLUG)}?q={number}&x=1" for _ in range(draw(COUNT))
                ],
                "linkedin": draw(st.none() | SLUG.map(f"{LINKEDIN}{{}}-{number}".format)),
                "birthday": draw(
                    st.none()
                    | st.dates(date(1920, 1, 1), date(2010, 12, 31)).map(date.isoformat)
                    | st.dates(date(2000, 1, 1), date(2000, 12, 31)).map(lambda day: f"--{day:%m-%d}")
                ),
                "notes": draw(st.none() | NOTES),
                "tags": draw(st.lists(TAG, max_size=3, unique_by=str.casefold)),
                "location": draw(st.none() | WORDS),
            }
        )
    # One spelling per tag: the importer merges tags that differ only in case, and so would a user.
    spelling: dict[str, str] = {}
    for person in result:
        tags: list[str] = person["tags"]
        person["tags"] = [spelling.setdefault(tag.casefold(), tag) for tag in tags]
    return result


def create(store: Any, person: dict[str, Any]) -> None:
    from services.contacts import ContactInput, create_contact

    create_contact(
        store,
        ContactInput(
            display_name=f"{person['first']} {person['last']}",
            first_name=person["first"],
            last_name=person["last"],
            company=person["company"],
            position=person["position"],
            emails=person["emails"],
            phones=person["phones"],
            urls=person["urls"],
            linkedin_url=person["linkedin"],
            birthday=person["birthday"],
            notes=person["notes"],
            tags=person["tags"],
            location=person["location"],
        ),
    )


def comparable(store: Any) -> list[tuple[Any, ...]]:
    """Everything a vCard carries, per contact, in an order that does not depend on ids."""
    from services.exporting import exported_contacts

    return sorted(
        (
            c.display_name,
            c.first_name,
            c.last_name,
            c.company,
            c.position,
            sorted(e.value for e in c.emails),
            sorted(p.value for p in c.phones),
            c.linkedin_url,
            sorted(u.value for u in c.urls),
            c.birthday,
            c.notes,
            sorted(c.tags, key=str.casefold),
            c.location,
        )
        for c in exported_contacts(store)
    )


class EmptyStores:
    """Two empty databases, emptied again (SQLite backup API) after each example."""

    def __init__(self, tmp_path: Path) -> None:
        self.source = open_at(tmp_path / "source")
        self.source.close()
        self.target = open_at(tmp_path / "target")
        self.target.close()
        self.empty = sqlite3.connect(":memory:")
        sqlite3.connect(str(tmp_path / "source" / "rapport.sqlite")).backup(self.empty)
        self.tmp_path = tmp_path

    def fresh(self, name: str) -> Any:
        store = open_at(self.tmp_path / name)
        self.empty.backup(store.db.connection())
        return store


@pytest.mark.parametrize("size", SIZES)
def test_vcard_export_then_import_gives_the_same_contacts(size: str, tmp_path: Path) -> None:
    from services.exporting import export_vcard
    from services.importing import import_file

    stores = EmptyStores(tmp_path)
    card_file = tmp_path / "contacts.vcf"
    tally = Tally()

    def check(group: list[dict[str, Any]]) -> None:
        source = stores.fresh("source")
        try:
            for person in group:
                create(source, person)
            export_vcard(source, card_file)
            expected = comparable(source)
        finally:
            source.close()
        target = stores.fresh("target")
        try:
            summary = import_file(target, "vcard", card_file)
            assert summary.problems == [], summary.lines()
            assert comparable(target) == expected
        finally:
            target.close()

    try:
        fuzz(people(), check, sized(size, 80, 800), tally)
    finally:
        report.record(
            "roundtrip.vcard",
            size=size,
            tried=tally.tried,
            survived=tally.held,
            unit="address books",
            detail="1–4 contacts each; names, emails, phones, org, title, URLs, birthday, notes, tags, place",
        )


def test_a_tag_with_capital_accented_letters_can_be_shared_and_removed(tmp_path: Path) -> None:
    from models.entities import Contact
    from services.contact_edits import add_tag_to_contacts, remove_tag
    from services.contacts import ContactInput, create_contact, tags_of

    store = open_at(tmp_path / "data")
    try:
        first = create_contact(store, ContactInput(display_name="Ana", tags=["Öl & Gas", "École"]))
        second = create_contact(store, ContactInput(display_name="Bo", tags=["Öl & Gas"]))
        assert add_tag_to_contacts(store, [first.id, second.id], "École") == 1
        remove_tag(store, first.id, "Öl & Gas")
        assert tags_of(Contact.get_by_id(first.id)) == ["École"]
        assert tags_of(Contact.get_by_id(second.id)) == ["École", "Öl & Gas"]
    finally:
        store.close()


def test_the_fixture_address_books_survive_export_and_reimport(tmp_path: Path) -> None:
    from services.exporting import export_vcard
    from services.importing import import_file
    from tests.reliability.conftest import FIXTURES

    for number, path in enumerate(sorted((FIXTURES / "vcard").glob("*.vcf"))):
        first = open_at(tmp_path / f"first-{number}")
        import_file(first, "vcard", path)
        export_vcard(first, tmp_path / f"{path.stem}.vcf")
        expected = comparable(first)
        first.close()
        second = open_at(tmp_path / f"second-{number}")
        import_file(second, "vcard", tmp_path / f"{path.stem}.vcf")
        assert comparable(second) == expected, path.name
        second.close()


# --- JSON backup → restore --------------------------------------------------------------------


def test_a_json_backup_of_the_demo_network_restores_an_identical_database(tmp_path: Path) -> None:
    from services.contacts import ContactInput, create_contact
    from services.demo import fill_demo_network
    from services.exporting import content_hash, export_json, restore_json
    from services.touches import log_interaction

    store = open_at(tmp_path / "data")
    try:
        fill_demo_network(store)
        original = content_hash(store)
        export_json(store, tmp_path / "backup.json")
        # Then life goes on: new people, new touches, one contact gone.
        someone = create_contact(store, ContactInput(display_name="After The Backup"))
        log_interaction(store, [someone], "call", when=NOW_AT - timedelta(hours=2), note="later")
        store.db.execute_sql("DELETE FROM contact WHERE id = (SELECT MIN(id) FROM contact)")
        assert content_hash(store) != original
        restore_json(store, tmp_path / "backup.json")
        assert content_hash(store) == original
    finally:
        store.close()
    fresh = open_at(tmp_path / "fresh")
    try:
        restore_json(fresh, tmp_path / "backup.json")
        assert content_hash(fresh) == original
    finally:
        fresh.close()
    report.record(
        "roundtrip.json",
        size="ci",
        tried=2,
        survived=2,
        unit="restores",
        detail="the demo network (300+ contacts, touches, ledger, check-ins, shares): same content hash "
        "into the same folder after changes and into a fresh one",
    )


def test_export_json_and_restore_through_the_command_line(network_dir: Path, tmp_path: Path) -> None:
    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    original = hash_of(data_dir)
    backup_file = tmp_path / "backup.json"
    assert run_cli(data_dir, "export", "json", str(backup_file)).code == 0
    assert run_cli(data_dir, "add", "Someone New", "--notes", "after the backup").code == 0
    assert hash_of(data_dir) != original
    restored = run_cli(data_dir, "restore", str(backup_file))
    assert restored.code == 0, restored.err
    assert hash_of(data_dir) == original
    fresh = tmp_path / "fresh"
    assert run_cli(fresh, "restore", str(backup_file)).code == 0
    assert hash_of(fresh) == original


@pytest.mark.parametrize("size", SIZES)
def test_any_network_restores_from_its_json_backup_with_the_same_content_hash(
    size: str, tmp_path: Path
) -> None:
    from services.exporting import content_hash, export_json, restore_json
    from services.touches import log_interaction

    stores = EmptyStores(tmp_path)
    backup_file = tmp_path / "backup.json"
    tally = Tally()

    def check(group: list[dict[str, Any]]) -> None:
        source = stores.fresh("source")
        try:
            for person in group:
                create(source, person)
            from models.entities import Contact

            everyone = list(Contact.select())
            log_interaction(
                source, everyone, "lunch", when=NOW_AT - timedelta(days=3), note=group[0]["first"]
            )
            export_json(source, backup_file)
            expected = content_hash(source)
        finally:
            source.close()
        target = stores.fresh("target")
        try:
            restore_json(target, backup_file)
            assert content_hash(target) == expected
        finally:
            target.close()

    try:
        fuzz(people(), check, sized(size, 40, 400), tally)
    finally:
        report.record(
            "roundtrip.json_generated",
            size=size,
            tried=tally.tried,
            survived=tally.held,
            unit="networks",
            detail="1–4 contacts of any script and punctuation, with a shared touch: same content hash",
        )
