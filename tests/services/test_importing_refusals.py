"""Bad input is refused with a message naming the file, and the database stays byte-for-byte
the same; a cancelled import leaves nothing behind; a big import keeps search working."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest

from connectors.errors import ImportCancelled, ImportRefused
from models.entities import Contact
from services.contacts import ContactError, ContactInput, update_contact
from services.importing import import_file
from services.search import search_contacts

IMPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


def database_fingerprint(store) -> str:
    """Hash of the database file and its write-ahead log, after moving the log into the file."""
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        path = Path(str(store.database_path) + suffix)
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


def unchanged_after(store, action) -> None:
    before = database_fingerprint(store)
    action()
    # No checkpoint here: a write of any kind would show in the log or the file.
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        path = Path(str(store.database_path) + suffix)
        digest.update(path.read_bytes() if path.exists() else b"-")
    assert digest.hexdigest() == before


def trigger_count(store) -> int:
    row = store.db.execute_sql("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()
    return int(row[0])


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def truncated_zip(tmp_path: Path) -> Path:
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((IMPORTS / "linkedin_export").iterdir()):
            archive.write(path, path.name)
    return write(tmp_path, "Basic_LinkedInDataExport.zip", whole.read_bytes()[:1500])


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
BAD_FILES = [
    ("linkedin", "Connections.csv", b"Name,Phone\r\nAna,123\r\n", "Connections.csv: not a LinkedIn"),
    ("linkedin", "Connections.csv", PNG, "Connections.csv: not a text file"),
    ("linkedin", "Connections.csv", b"", "Connections.csv: the file is empty"),
    ("linkedin", "messages.csv", b"\x81\x8d\x8f\x90\x9d" * 50, "messages.csv: not a text file"),
    ("vcard", "contacts.vcf", b"First Name,Last Name\nAna,Silva\n", "contacts.vcf: not a vCard file"),
    ("vcard", "contacts.vcf", b"\x00\x00\x00\x18ftypheic", "contacts.vcf: not a text file"),
    ("google", "google.csv", b"\xef\xbb\xbf", "google.csv: the file is empty"),
    ("google", "google.csv", (IMPORTS / "linkedin_export" / "Connections.csv").read_bytes(), "not a Google"),
]


@pytest.mark.parametrize(("kind", "name", "data", "message"), BAD_FILES)
def test_bad_files_are_refused_and_nothing_is_written(store, tmp_path, kind, name, data, message):
    import_file(store, "google", IMPORTS / "google" / "contacts.csv")  # something to protect
    path = write(tmp_path, name, data)

    def attempt() -> None:
        with pytest.raises(ImportRefused, match=message):
            import_file(store, kind, path)

    unchanged_after(store, attempt)


def test_a_cut_off_zip_is_refused_and_nothing_is_written(store, tmp_path):
    import_file(store, "vcard", IMPORTS / "vcard" / "google_30.vcf")
    path = truncated_zip(tmp_path)

    def attempt() -> None:
        refusal = re.escape("Basic_LinkedInDataExport.zip: not a readable zip archive")
        with pytest.raises(ImportRefused, match=refusal):
            import_file(store, "linkedin", path)

    unchanged_after(store, attempt)


def test_other_unusable_paths_are_refused(store, tmp_path):
    with pytest.raises(ImportRefused, match=re.escape("missing.vcf: cannot be read")):
        import_file(store, "vcard", tmp_path / "missing.vcf")
    with pytest.raises(ImportRefused, match="is a folder"):
        import_file(store, "google", tmp_path)
    with pytest.raises(ContactError, match="no circle called 'Friends'"):
        import_file(store, "vcard", IMPORTS / "vcard" / "outlook_40.vcf", circle="Friends")
    assert Contact.select().count() == 0


def test_single_bad_rows_are_skipped_with_their_line(store, tmp_path):
    path = write(
        tmp_path,
        "Connections.csv",
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ana,Silva,https://www.linkedin.com/in/ana,,Acme,Engineer,01 Jan 2024\n"
        b",,,,,,02 Jan 2024\n"
        b'Ben,Ode,https://www.linkedin.com/in/ben,,"Initech,Analyst,03 Jan 2024\n',
    )
    summary = import_file(store, "linkedin", path)
    assert (summary.added, summary.skipped) == (1, 2)
    assert summary.lines() == [
        "Imported Connections.csv: 1 added, 0 updated, 0 unchanged, 2 skipped (line 3: no name (the "
        "member hides their profile); skipped; line 4: a quoted field never ends (is the file cut off?); "
        "row skipped)",
        "Connections.csv line 3: no name (the member hides their profile); skipped",
        "Connections.csv line 4: a quoted field never ends (is the file cut off?); row skipped",
    ]
    assert json.loads(json.dumps(summary.to_json()))["problems"][0] == {
        "file": "Connections.csv",
        "line": 3,
        "reason": "no name (the member hides their profile); skipped",
    }


def test_cancel_rolls_everything_back(store, tmp_path):
    import_file(store, "vcard", IMPORTS / "vcard" / "outlook_40.vcf")
    calls = {"n": 0}

    def cancel_midway() -> bool:
        calls["n"] += 1
        return calls["n"] > 2  # after the parse, during the writes

    def attempt() -> None:
        with pytest.raises(ImportCancelled):
            import_file(store, "linkedin", IMPORTS / "linkedin_export", cancelled=cancel_midway)

    unchanged_after(store, attempt)
    assert [c.display_name for c in Contact.select()] == ["Priya Raman"]
    assert trigger_count(store) == 3


def connections_csv(tmp_path: Path, rows: int) -> Path:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(rows):
        email = f"p{i}@example.org" if i % 5 == 0 else ""
        lines.append(
            f"Person{i},Family{i % 97},https://www.linkedin.com/in/p{i},{email},"
            f"Company {i % 50},Role {i % 7},{1 + i % 28:02d} Mar 2023"
        )
    return write(tmp_path, "Connections.csv", "\r\n".join(lines).encode())


def test_a_big_import_rebuilds_the_search_index_and_keeps_it_in_step(store, tmp_path):
    path = connections_csv(tmp_path, 2500)
    summary = import_file(store, "linkedin", path)
    assert summary.added == 2500
    assert trigger_count(store) == 3
    assert [hit.name for hit in search_contacts(store, "person1234")] == ["Person1234 Family70"]
    assert [hit.name for hit in search_contacts(store, "p2495@example")] == ["Person2495 Family70"]
    person = Contact.get(Contact.display_name == "Person1234 Family70")
    update_contact(store, person, ContactInput(company="Zeppelin Works"))
    assert [hit.name for hit in search_contacts(store, "zeppelin")] == ["Person1234 Family70"]
    again = import_file(store, "linkedin", path)
    assert (again.added, again.updated, again.unchanged) == (0, 1, 2499)  # the company edit is put back


def test_cancelling_a_big_import_restores_the_search_triggers(store, tmp_path):
    path = connections_csv(tmp_path, 4500)
    progress: list[int] = []

    def attempt() -> None:
        with pytest.raises(ImportCancelled):
            import_file(
                store,
                "linkedin",
                path,
                progress=lambda done, total: progress.append(done),
                cancelled=lambda: len(progress) >= 2,  # after the first chunk of contacts is in
            )

    unchanged_after(store, attempt)
    assert Contact.select().count() == 0
    assert trigger_count(store) == 3
