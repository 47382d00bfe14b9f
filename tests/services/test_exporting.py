"""Exports from a real database: vCard, CSV, .ics, and the JSON backup with its restore."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from models.database import latest_schema_version
from models.entities import (
    Circle,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactUrl,
    NotificationLog,
    Share,
    ShareRecipient,
    database_proxy,
)
from services.checkins import schedule_checkin
from services.contacts import ContactInput, create_contact, tags_of
from services.exporting import (
    ExportError,
    RestoreRefused,
    content_hash,
    export_csv,
    export_json,
    export_vcard,
    ics_for_checkin,
    invite_text,
    restore_json,
    when_text,
)
from services.importing import import_file
from services.search import search_contacts
from services.store import Store, open_store
from services.touches import log_interaction, record_exchange

BERLIN = ZoneInfo("Europe/Berlin")
CHECKIN_AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # Tuesday 10:00 in Berlin
DERIVED_SINCE_V2 = ("search_text", "last_touch_at", "last_touch_kind", "last_touch_direction", "engagement")


def populate(store: Store) -> dict[str, Any]:
    """A little of everything: contacts with all fields, touches, the ledger, a check-in, a share."""
    ana = create_contact(
        store,
        ContactInput(
            display_name="Ana Costa",
            company="Acme, Inc.",
            position="CTO",
            emails=["ana@acme.example"],
            phones=["+49 170 1234567"],
            linkedin_url="https://www.linkedin.com/in/ana-costa",
            urls=["https://ana.example"],
            location="Berlin",
            birthday="1985-04-12",
            notes="Hi\nEMAIL:evil@x",
            circle="Close",
            tags=["data", "sailing"],
        ),
    )
    mallory = create_contact(
        store,
        ContactInput(display_name='=HYPERLINK("http://evil.example","x")', circle="Inner", cadence_days=10),
    )
    zoe = create_contact(
        store, ContactInput(display_name="Zoë Ångström 🎉", notes="x\r\nEND:VCARD\r\nBEGIN:VCARD")
    )
    lunch = log_interaction(store, [ana, mallory], "lunch", when=datetime(2026, 11, 20, 11, 0, tzinfo=UTC))
    log_interaction(store, [ana], "note", when=datetime(2026, 11, 21, 9, 0, tzinfo=UTC), note="likes boats")
    record_exchange(store, ana, "referral", "received", note="intro to Bo")
    checkin = schedule_checkin(store, ana, at=CHECKIN_AT, note="ask about the regatta")
    share = Share.create(
        url="https://blog.example/post", title="Post", topics="data", created_at=datetime(2026, 11, 1)
    )
    ShareRecipient.create(share=share, contact=ana, interaction=lunch, sent_at=datetime(2026, 11, 2))
    NotificationLog.create(
        kind="cold",
        dedupe_key="cold:2:2026-11-27",
        contact=mallory,
        title="Going cold",
        sent_at=datetime(2026, 11, 27),
    )
    Circle.update(cadence_days=21).where(Circle.name == "Inner").execute()
    settings = store.settings()
    settings.daily_budget = 5
    settings.invite_text = "Hey {first_name}, does {when} work? {unknown} {0} {"
    store.save_settings(settings)
    return {"ana": ana, "mallory": mallory, "zoe": zoe, "checkin": checkin}


def use(store: Store) -> None:
    """Point the models at this store's database (they follow the store opened last)."""
    database_proxy.initialize(store.db)


@pytest.fixture
def other_store(store: Store, tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "other")
    use(store)
    yield opened
    opened.close()
    use(store)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_vcard_export_of_everyone_and_of_a_selection(store: Store, tmp_path: Path) -> None:
    people = populate(store)
    target = tmp_path / "contacts.vcf"
    assert export_vcard(store, target) == 3
    assert mode_of(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.vcf", "data"]
    cards = list(vobject.readComponents(target.read_text(encoding="utf-8")))
    by_name = {card.fn.value: card for card in cards}
    assert set(by_name) == {"Ana Costa", '=HYPERLINK("http://evil.example","x")', "Zoë Ångström 🎉"}
    ana = by_name["Ana Costa"]
    assert [e.value for e in ana.email_list] == ["ana@acme.example"]
    assert ana.note.value == "Hi\nEMAIL:evil@x"
    assert [u.value for u in ana.url_list] == ["https://www.linkedin.com/in/ana-costa", "https://ana.example"]
    assert ana.categories.value == ["data", "sailing"]
    assert by_name["Zoë Ångström 🎉"].note.value == "x\nEND:VCARD\nBEGIN:VCARD"
    assert export_vcard(store, target, [people["zoe"].id]) == 1
    assert target.read_bytes().split(b"\r\n").count(b"BEGIN:VCARD") == 1


def test_csv_export_keeps_raw_data_and_neutralises_formulas(store: Store, tmp_path: Path) -> None:
    populate(store)
    target = tmp_path / "contacts.csv"
    assert export_csv(store, target) == 3
    assert mode_of(target) == 0o600
    rows = {
        r["Name"]: r for r in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline=""))
    }
    assert rows["Ana Costa"]["Last Touch"] == "2026-11-20"  # a note is not a touch
    assert rows["Ana Costa"]["Cadence (days)"] == "30"
    assert rows["Ana Costa"]["Phones"] == "'+49 170 1234567"
    assert rows["Ana Costa"]["Tags"] == "data; sailing"
    assert rows['\'=HYPERLINK("http://evil.example","x")']["Cadence (days)"] == "10"
    assert rows["Zoë Ångström 🎉"]["Circle"] == "Untracked"
    assert rows["Zoë Ångström 🎉"]["Cadence (days)"] == ""


def test_export_to_a_missing_folder_names_the_file(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "contacts.vcf"
    with pytest.raises(ExportError, match=r"contacts\.vcf"):
        export_vcard(store, target)


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(store)
    target = tmp_path / "contacts.csv"
    target.write_text("the previous export")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("connectors.atomic.os.fsync", disk_full)
    with pytest.raises(ExportError, match="No space left"):
        export_csv(store, target)
    assert target.read_text() == "the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.csv", "data"]


def test_json_backup_holds_every_table_in_primary_key_order(store: Store, tmp_path: Path) -> None:
    populate(store)
    target = tmp_path / "backup.json"
    saved = export_json(store, target)
    assert mode_of(target) == 0o600
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "rapport-backup"
    assert document["schema_version"] == latest_schema_version()
    datetime.fromisoformat(document["exported_at"])
    tables = document["tables"]
    expected = {
        "circle", "contact", "contact_email", "contact_phone", "contact_url", "tag", "contact_tag",
        "interaction", "interaction_contact", "exchange", "checkin", "share", "share_recipient",
        "notification_log", "setting", "schema_migration", "touch_history",
    }  # fmt: skip
    assert set(tables) == expected
    assert saved == sum(len(rows) for name, rows in tables.items() if name != "schema_migration")
    assert {row["name"]: row["cadence_days"] for row in tables["circle"]}["Inner"] == 21
    assert [row["id"] for row in tables["contact"]] == sorted(row["id"] for row in tables["contact"])
    assert [row["key"] for row in tables["setting"]] == sorted(row["key"] for row in tables["setting"])
    assert len(tables["checkin"]) == len(tables["notification_log"]) == len(tables["share_recipient"]) == 1
    assert not any(name.startswith("contact_search") for name in tables)


def test_backup_then_restore_into_a_fresh_store_gives_the_same_database(
    store: Store, other_store: Store, tmp_path: Path
) -> None:
    populate(store)
    target = tmp_path / "backup.json"
    export_json(store, target)
    assert content_hash(other_store) != content_hash(store)
    summary = restore_json(other_store, target)
    assert content_hash(other_store) == content_hash(store)
    use(other_store)
    assert summary.rows_by_table["contact"] == 3 and summary.total_rows > 20
    assert [hit.name for hit in search_contacts(other_store, "acme")] == ["Ana Costa"]  # search index rebuilt
    assert other_store.settings().daily_budget == 5


def test_restore_backs_up_the_current_database_first(store: Store, tmp_path: Path) -> None:
    populate(store)
    target = tmp_path / "backup.json"
    export_json(store, target)
    original = content_hash(store)
    create_contact(store, ContactInput(display_name="Added Later"))
    summary = restore_json(store, target)
    assert content_hash(store) == original
    assert Contact.get_or_none(Contact.display_name == "Added Later") is None
    safety = store.backups_dir / f"rapport-{store.today()}-before-restore.sqlite"
    assert summary.safety_backup == safety
    with sqlite3.connect(safety) as copy:
        names = {row[0] for row in copy.execute("SELECT display_name FROM contact")}
    assert "Added Later" in names
    second = restore_json(store, target)  # a second restore the same day keeps the first copy
    assert second.safety_backup == store.backups_dir / f"rapport-{store.today()}-before-restore-2.sqlite"
    assert safety.exists()


def damaged_backups(good: dict[str, Any]) -> dict[str, bytes]:
    text = json.dumps(good)
    newer = {**good, "schema_version": latest_schema_version() + 1}
    no_contacts = {**good, "tables": {k: v for k, v in good["tables"].items() if k != "contact"}}
    bad_row = json.loads(text)
    bad_row["tables"]["contact"][0] = "not a row"
    unknown_column = json.loads(text)
    unknown_column["tables"]["contact"][0]["shoe_size"] = 44
    nested = json.loads(text)
    nested["tables"]["contact"][0]["notes"] = ["a", "list"]
    return {
        "not json": b"id,name\n1,Ana\n",
        "truncated": text[: len(text) // 2].encode(),
        "empty": b"",
        "binary": b"\xff\xfe\x00garbage",
        "wrong format": json.dumps({"format": "something-else", "tables": {}}).encode(),
        "a list": b"[1, 2, 3]",
        "no version": json.dumps({**good, "schema_version": "two"}).encode(),
        "newer": json.dumps(newer).encode(),
        "no tables": json.dumps({k: v for k, v in good.items() if k != "tables"}).encode(),
        "missing table": json.dumps(no_contacts).encode(),
        "bad row": json.dumps(bad_row).encode(),
        "unknown column": json.dumps(unknown_column).encode(),
        "nested value": json.dumps(nested).encode(),
    }


def test_bad_files_are_refused_before_anything_changes(store: Store, tmp_path: Path) -> None:
    populate(store)
    good = tmp_path / "good.json"
    export_json(store, good)
    before = content_hash(store)
    for case, data in damaged_backups(json.loads(good.read_text(encoding="utf-8"))).items():
        path = tmp_path / f"{case.replace(' ', '-')}.json"
        path.write_bytes(data)
        with pytest.raises(RestoreRefused) as refused:
            restore_json(store, path)
        message = str(refused.value)
        assert str(path) in message and "\n" not in message, case
        if case == "newer":
            assert "written by a newer version of Rapport" in message
        assert content_hash(store) == before, case
    assert not store.backups_dir.exists() or not list(store.backups_dir.glob("*before-restore*"))
    with pytest.raises(RestoreRefused, match="cannot read"):
        restore_json(store, tmp_path / "nowhere.json")


def test_rows_that_do_not_fit_together_roll_back_completely(store: Store, tmp_path: Path) -> None:
    populate(store)
    target = tmp_path / "backup.json"
    export_json(store, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    document["tables"]["contact"][0]["circle_id"] = 999  # no such circle
    target.write_text(json.dumps(document), encoding="utf-8")
    before = content_hash(store)
    with pytest.raises(RestoreRefused, match="left as it was"):
        restore_json(store, target)
    assert content_hash(store) == before
    assert [hit.name for hit in search_contacts(store, "acme")] == ["Ana Costa"]


def test_a_backup_from_an_older_schema_is_restored_and_derived_columns_recomputed(
    store: Store, other_store: Store, tmp_path: Path
) -> None:
    populate(store)
    target = tmp_path / "backup.json"
    export_json(store, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    document["schema_version"] = 1
    for row in document["tables"]["contact"]:
        for column in (*DERIVED_SINCE_V2, "engagement_on"):
            del row[column]
    target.write_text(json.dumps(document), encoding="utf-8")
    restore_json(other_store, target)
    assert content_hash(other_store) == content_hash(store)


def test_when_text_and_invite_template() -> None:
    assert when_text(datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)) == "Tuesday 1 December at 10:00"
    assert when_text(datetime(2027, 3, 7, 9, 5, tzinfo=BERLIN)) == "Sunday 7 March at 09:05"
    filled = invite_text(
        "Hi {first_name}, {when}? {first_name.__class__} {0} {", first_name="Ana", when="today"
    )
    assert filled == "Hi Ana, today? {first_name.__class__} {0} {"


def test_ics_for_a_checkin_carries_the_invite_and_how_to_reach_them(store: Store) -> None:
    checkin = populate(store)["checkin"]
    calendar = Calendar.from_ical(ics_for_checkin(store, checkin))
    (event,) = calendar.events
    assert str(event["UID"]) == checkin.uid
    assert event.start == datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
    assert (event.end - event.start).total_seconds() == 600
    assert str(event["SUMMARY"]) == "Check-in: Ana Costa"
    assert str(event["DESCRIPTION"]).splitlines() == [
        "Hey Ana, does Tuesday 1 December at 10:00 work? {unknown} {0} {",
        "",
        "How to reach Ana Costa:",
        "Phone: +49 170 1234567",
        "Email: ana@acme.example",
        "LinkedIn: https://www.linkedin.com/in/ana-costa",
        "",
        "ask about the regatta",
    ]
    assert str(event["LOCATION"]) == "Phone: +49 170 1234567"
    assert str(event["URL"]) == "https://www.linkedin.com/in/ana-costa"
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER").total_seconds() == -600


def test_vcard_export_reads_back_through_the_vcard_importer(
    store: Store, other_store: Store, tmp_path: Path
) -> None:

    populate(store)
    target = tmp_path / "contacts.vcf"
    export_vcard(store, target)
    use(other_store)
    import_file(other_store, "vcard", target)
    imported = {c.display_name: c for c in Contact.select()}
    assert set(imported) == {"Ana Costa", '=HYPERLINK("http://evil.example","x")', "Zoë Ångström 🎉"}
    ana = imported["Ana Costa"]
    assert (ana.first_name, ana.last_name, ana.company, ana.position) == ("Ana", "Costa", "Acme, Inc.", "CTO")
    assert ana.linkedin_url == "https://www.linkedin.com/in/ana-costa"
    assert ana.notes == "Hi\nEMAIL:evil@x"
    assert ana.birthday == "1985-04-12"
    assert [e.email for e in ContactEmail.select().where(ContactEmail.contact == ana)] == ["ana@acme.example"]
    assert [p.phone for p in ContactPhone.select().where(ContactPhone.contact == ana)] == ["+49 170 1234567"]
    assert (ana.location, tags_of(ana)) == ("Berlin", ["data", "sailing"])
    assert [u.url for u in ContactUrl.select().where(ContactUrl.contact == ana)] == ["https://ana.example"]
    assert imported["Zoë Ångström 🎉"].notes == "x\nEND:VCARD\nBEGIN:VCARD"
    after_first_import = content_hash(other_store)
    import_file(other_store, "vcard", target)  # re-importing changes nothing
    assert content_hash(other_store) == after_first_import
