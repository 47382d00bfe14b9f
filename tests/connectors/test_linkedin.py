"""Reading LinkedIn exports: what the files say about people, touches and the ledger."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import UTC, date, datetime

import pytest

from connectors.errors import ImportRefused
from connectors.linkedin import parse_linkedin
from connectors.records import PersonRef

ME = "https://www.linkedin.com/in/jordanpike"
ANA = "https://www.linkedin.com/in/ana"


def by_name(batch):
    return {contact.name: contact for contact in batch.contacts}


def test_connections_with_bom_crlf_preamble_and_quirks(imports_dir):
    batch = parse_linkedin(imports_dir / "linkedin_export" / "Connections.csv")
    people = by_name(batch)
    assert list(people) == [
        "Ines Okafor-Lindqvist",
        "Tomás Reyes",
        "Bo Chen",
        "Yuki 田中",
        "ليلى حداد",
        "Sam 🚀 Okafor",
        "Andrea Volk",
        "Dee Park",
    ]
    assert people["Ines Okafor-Lindqvist"].company == "Northwind Analytics, Inc."
    assert people["Tomás Reyes"].position == "Engineer, Platform"
    assert people["Tomás Reyes"].emails[0].value == "tomas.reyes@example.org"
    assert list(people["Ines Okafor-Lindqvist"].emails) == []
    assert people["Bo Chen"].position == "Head of Partnerships EMEA & APAC"  # a cell over two lines
    assert people["Bo Chen"].connected_on == date(2022, 2, 7)  # Excel's 7-Feb-22
    assert people["Andrea Volk"].connected_on == date(2024, 3, 12)
    assert people["Yuki 田中"].company == "株式会社サンプル"
    assert people["Sam 🚀 Okafor"].linkedin_url == "https://www.linkedin.com/in/sam-okafor"
    assert people["Dee Park"].connected_on is None
    assert batch.skipped == 1
    assert [str(p) for p in batch.problems] == [
        "Connections.csv line 12: no name (the member hides their profile); skipped",
        "Connections.csv line 14: unreadable 'Connected On' date 'someday'; imported without it",
    ]


def test_older_connections_without_url_or_preamble(imports_dir):
    batch = parse_linkedin(imports_dir / "linkedin_2021" / "Connections.csv")
    people = by_name(batch)
    assert set(people) == {"Ana Silva", "Ben Ode"}
    assert people["Ana Silva"].linkedin_url is None
    assert people["Ben Ode"].connected_on == date(2021, 2, 7)


def test_whole_export_owner_touches_and_ledger(linkedin_zip):
    batch = parse_linkedin(linkedin_zip)
    assert batch.source == linkedin_zip.name
    assert batch.owner_name == "Jordan Pike"
    assert batch.owner_url == ME
    touches = sorted((t.occurred_at, t.direction, [p.name for p in t.participants]) for t in batch.touches)
    assert touches == [
        (datetime(2024, 11, 20, 10, 0, tzinfo=UTC), "out", ["Bo Chen"]),
        (datetime(2025, 3, 3, 9, 0, tzinfo=UTC), "out", ["Andrea Volk", "Dee Park"]),
        (datetime(2025, 6, 1, 15, 10, tzinfo=UTC), "in", ["Ines Okafor-Lindqvist"]),
        (datetime(2025, 6, 1, 15, 30, tzinfo=UTC), "out", ["Ines Okafor-Lindqvist"]),
        (datetime(2025, 9, 10, 8, 0, tzinfo=UTC), "in", ["Ines Okafor-Lindqvist"]),
        (datetime(2025, 10, 10, 10, 0, tzinfo=UTC), "in", ["Riley Recruiter"]),
        (datetime(2026, 1, 5, 18, 45, tzinfo=UTC), "in", ["Sam 🚀 Okafor"]),
    ]  # spam and drafts left out; a chat's messages of one day and direction are one touch
    notes = {t.note for t in batch.touches}
    assert "Thanks for the intro — free Thursday? (2 messages)" in notes
    assert "Could you introduce me to someone at Hooli?" in notes  # HTML stripped
    assert "Hi Bo," in notes  # only the first line of a message is kept
    assert {t.kind for t in batch.touches if t.participants[0].name == "Riley Recruiter"} == {"inmail"}
    ledger = sorted((e.kind, e.direction, e.person.name, e.on, e.note) for e in batch.exchanges)
    assert ledger == [
        ("endorsement", "gave", "Sam 🚀 Okafor", date(2025, 2, 1), "Endorsed: Leadership"),
        ("endorsement", "received", "Andrea Volk", date(2024, 7, 28), "Endorsed: Python, SQL"),
        ("endorsement", "received", "Dee Park", date(2024, 8, 2), "Endorsed: Negotiation"),
        ("endorsement", "received", "Stranger Danger", date(2024, 8, 3), "Endorsed: Sales"),
        (
            "recommendation",
            "gave",
            "Bo Chen",
            date(2023, 5, 2),
            "Recommendation: Bo opens doors, generously.",
        ),
        (
            "recommendation",
            "received",
            "Tomás Reyes",
            date(2024, 3, 15),
            "Recommendation: Jordan helped our team ship on time. Highly recommended.",
        ),
    ]
    invitations = {(i.person.name, i.initiated_by) for i in batch.invitations}
    assert invitations == {("Ines Okafor-Lindqvist", "me"), ("Andrea Volk", "them"), ("Pat Pending", "me")}
    assert "messages.csv line 13: unreadable date 'yesterday-ish'; message skipped" in {
        f"{p.file.split('/')[-1]} line {p.line}: {p.reason}" for p in batch.problems
    }


def test_source_keys_are_stable_across_reads(linkedin_zip, imports_dir):
    first = parse_linkedin(linkedin_zip)
    again = parse_linkedin(imports_dir / "linkedin_export")
    assert [t.source_key for t in first.touches] == [t.source_key for t in again.touches]
    assert [e.source_key for e in first.exchanges] == [e.source_key for e in again.exchanges]
    assert len({t.source_key for t in first.touches}) == len(first.touches)


def test_messages_alone_find_the_owner_in_every_conversation(imports_dir):
    batch = parse_linkedin(imports_dir / "linkedin_export" / "messages.csv")
    assert batch.owner_url == ME
    assert batch.owner_name == "Jordan Pike"
    assert {t.direction for t in batch.touches if t.participants[0].name == "Bo Chen"} == {"out"}


def test_old_messages_without_recipient_urls_find_the_owner_by_name(imports_dir):
    batch = parse_linkedin(imports_dir / "linkedin_2021")
    assert batch.owner_name == "Carla Dias"
    touches = sorted((t.occurred_at.date(), t.direction, t.participants[0].name) for t in batch.touches)
    assert touches == [
        (date(2021, 5, 1), "out", "Ana Silva"),
        (date(2021, 5, 2), "in", "Ana Silva"),
        (date(2021, 6, 1), "out", "Ben Ode, MBA"),
        (date(2021, 6, 3), "out", "Ben Ode"),
    ]


def test_one_conversation_alone_is_settled_by_who_is_already_a_contact(tmp_path):
    messages = tmp_path / "messages.csv"
    messages.write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,"
        "SUBJECT,CONTENT,FOLDER\n"
        f"c1,,Jordan Pike,{ME},Ana Silva,{ANA},2024-01-01 10:00:00 UTC,,Hi,INBOX\n"
        f"c1,,Ana Silva,{ANA},Jordan Pike,{ME},2024-01-02 10:00:00 UTC,,Hey,INBOX\n",
        encoding="utf-8",
    )
    unsure = parse_linkedin(messages)
    assert unsure.touches == []
    assert "could not tell which messages are yours" in unsure.problems[0].reason
    knows_ana = parse_linkedin(messages, is_known=lambda person: person.linkedin_url == ANA)
    assert knows_ana.owner_url == ME
    assert [(t.direction, t.occurred_at.day) for t in knows_ana.touches] == [("out", 1), ("in", 2)]


def test_file_kind_is_recognised_by_header_when_renamed(tmp_path, imports_dir):
    renamed = tmp_path / "Connections (1).csv"
    renamed.write_bytes((imports_dir / "linkedin_export" / "Connections.csv").read_bytes())
    assert len(parse_linkedin(renamed).contacts) == 8
    endorsements = tmp_path / "endorsements.csv"
    endorsements.write_bytes((imports_dir / "linkedin_export" / "Endorsement_Received_Info.csv").read_bytes())
    assert {e.direction for e in parse_linkedin(endorsements).exchanges} == {"received"}


def test_recommendations_file_whose_name_hides_the_direction_is_refused(tmp_path, imports_dir):
    mystery = tmp_path / "recs.csv"
    mystery.write_bytes((imports_dir / "linkedin_export" / "Recommendations_Given.csv").read_bytes())
    with pytest.raises(ImportRefused, match=r"recs.csv: .*given or received"):
        parse_linkedin(mystery)


def test_zip_with_export_in_a_subfolder(tmp_path, imports_dir, make_zip):
    archive = make_zip(imports_dir / "linkedin_export", tmp_path / "export.zip", prefix="Complete/")
    assert len(parse_linkedin(archive).contacts) == 8


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("Connections.csv", "Name,Phone\nAna,123\n", "Connections.csv: not a LinkedIn connections file"),
        ("messages.csv", "From,Text\nAna,hi\n", "messages.csv: not a LinkedIn messages file"),
        ("Invitations.csv", "From,To\nA,B\n", "Invitations.csv: not a LinkedIn invitations file"),
        ("notes.csv", "Anything,Else\n1,2\n", "notes.csv: not a LinkedIn export file"),
        ("Profile.csv", "First Name,Last Name,Headline\nJo,Pike,Hi\n", "nothing to import"),
    ],
)
def test_wrong_files_are_refused_naming_them(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRefused, match=message):
        parse_linkedin(path)


def test_damaged_archives_are_refused(tmp_path, linkedin_zip):
    cut = tmp_path / "cut.zip"
    cut.write_bytes(linkedin_zip.read_bytes()[:700])
    with pytest.raises(ImportRefused, match=re.escape("cut.zip: not a readable zip archive")):
        parse_linkedin(cut)
    unrelated = tmp_path / "photos.zip"
    with zipfile.ZipFile(unrelated, "w") as archive:
        archive.writestr("holiday.jpg", b"\xff\xd8\xff")
    with pytest.raises(ImportRefused, match=re.escape("photos.zip: no LinkedIn export files inside")):
        parse_linkedin(unrelated)
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    with pytest.raises(ImportRefused, match="empty: no LinkedIn export files in this folder"):
        parse_linkedin(empty_folder)


def test_member_that_is_binary_refuses_the_whole_archive(tmp_path):
    archive_path = tmp_path / "export.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("Connections.csv", b"\x00\x01\x02PK\x00binary")
    with pytest.raises(ImportRefused, match=re.escape("export.zip/Connections.csv: not a text file")):
        parse_linkedin(archive_path)


def test_person_refs_are_normalised(imports_dir):
    batch = parse_linkedin(imports_dir / "linkedin_export" / "Endorsement_Received_Info.csv")
    andrea = PersonRef("Andrea Volk", "https://www.linkedin.com/in/avolk")
    assert andrea in {e.person for e in batch.exchanges}


def test_the_folder_above_an_unpacked_export_is_fine(tmp_path, imports_dir):
    shutil.copytree(imports_dir / "linkedin_export", tmp_path / "Downloads" / "Basic_LinkedInDataExport")
    batch = parse_linkedin(tmp_path / "Downloads")
    assert len(batch.contacts) == 8
    assert batch.owner_name == "Jordan Pike"
    assert "Downloads/Basic_LinkedInDataExport/Connections.csv" in batch.files_read
