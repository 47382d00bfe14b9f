"""Importing into a real database: what the user sees after picking a LinkedIn export,
a vCard file or a Google Contacts CSV — and that importing it again changes nothing."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from models.entities import (
    Circle,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactUrl,
    Exchange,
    Interaction,
    InteractionContact,
)
from services.contacts import ContactInput, create_contact, set_circle, tags_of, update_contact
from services.importing import import_file
from services.search import search_contacts

IMPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
EXPORT = IMPORTS / "linkedin_export"


@pytest.fixture
def export_zip(tmp_path: Path) -> Path:
    target = tmp_path / "Basic_LinkedInDataExport_10-02-2026.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(EXPORT.iterdir()):
            archive.write(path, path.name)
    return target


def contact(name: str) -> Contact:
    return Contact.get(Contact.display_name == name)


def emails_of(person: Contact) -> list[str]:
    rows = ContactEmail.select().where(ContactEmail.contact == person).order_by(ContactEmail.id)
    return [row.email for row in rows]


def participant_names(interaction: Interaction) -> list[str]:
    links = InteractionContact.select().where(InteractionContact.interaction == interaction)
    return sorted(link.contact.display_name for link in links)


def names_found(store, text: str) -> list[str]:
    return [hit.name for hit in search_contacts(store, text)]


def counts(store) -> dict[str, int]:
    tables = ("contact", "contact_email", "contact_phone", "contact_url", "contact_tag", "tag",
              "interaction", "interaction_contact", "exchange")  # fmt: skip
    return {t: store.db.execute_sql(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def test_linkedin_export_brings_in_people_history_and_ledger(store, export_zip):
    summary = import_file(store, "linkedin", export_zip)

    assert (summary.added, summary.updated, summary.unchanged, summary.skipped) == (8, 0, 0, 1)
    assert (summary.touches_added, summary.exchanges_added) == (6, 5)
    assert summary.unmatched == 3  # a recruiter's message, a stranger's endorsement, a pending invitation
    assert summary.owner == "Jordan Pike"
    assert str(summary).startswith(
        f"Imported {export_zip.name}: 8 added, 0 updated, 0 unchanged, 1 skipped "
        f"({export_zip.name}/Connections.csv line 12: no name (the member hides their profile); skipped;"
    )
    untracked = Circle.get(Circle.name == "Untracked")
    assert {c.circle.id for c in Contact.select()} == {untracked.id}

    ines = contact("Ines Okafor-Lindqvist")
    assert ines.company == "Northwind Analytics, Inc."
    assert ines.linkedin_url == "https://www.linkedin.com/in/ines-okafor-l-3b2a91"
    assert ines.connected_on == date(2026, 2, 8)
    assert ines.initiated_by == "me"
    assert str(ines.last_touch_at).startswith("2025-09-10 08:00:00")  # her latest message
    assert (ines.last_touch_kind, ines.last_touch_direction) == ("message", "in")
    assert contact("Andrea Volk").initiated_by == "them"
    assert contact("Bo Chen").connected_on == date(2022, 2, 7)
    assert contact("Bo Chen").position == "Head of Partnerships EMEA & APAC"
    assert contact("Yuki 田中").company == "株式会社サンプル"
    assert contact("ليلى حداد").position == "مستثمرة"
    sam = contact("Sam 🚀 Okafor")
    assert emails_of(sam) == ["sam@rocket.example"]
    assert sam.last_touch_direction == "in"
    assert contact("Dee Park").connected_on is None

    together = [(i, names) for i in Interaction.select() if len(names := participant_names(i)) == 2]
    assert [(i.direction, names) for i, names in together] == [("out", ["Andrea Volk", "Dee Park"])]

    ledger = {(e.contact.display_name, e.kind, e.direction, e.occurred_on) for e in Exchange.select()}
    assert ledger == {
        ("Tomás Reyes", "recommendation", "received", date(2024, 3, 15)),
        ("Bo Chen", "recommendation", "gave", date(2023, 5, 2)),
        ("Andrea Volk", "endorsement", "received", date(2024, 7, 28)),
        ("Dee Park", "endorsement", "received", date(2024, 8, 2)),
        ("Sam 🚀 Okafor", "endorsement", "gave", date(2025, 2, 1)),
    }
    assert names_found(store, "okafor") == ["Ines Okafor-Lindqvist", "Sam 🚀 Okafor"]
    assert names_found(store, "northwind") == ["Ines Okafor-Lindqvist"]


def test_reimporting_the_export_changes_nothing(store, export_zip):
    import_file(store, "linkedin", export_zip)
    before = counts(store)
    stamps = {c.id: (c.updated_at, c.last_touch_at) for c in Contact.select()}
    again = import_file(store, "linkedin", export_zip)
    assert (again.added, again.updated, again.unchanged, again.skipped) == (0, 0, 8, 1)
    assert (again.touches_added, again.exchanges_added) == (0, 0)
    assert (again.touches_unchanged, again.exchanges_unchanged) == (6, 5)
    assert counts(store) == before
    assert {c.id: (c.updated_at, c.last_touch_at) for c in Contact.select()} == stamps
    assert not again.changed_anything


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("linkedin", EXPORT),
        ("linkedin", EXPORT / "Connections.csv"),
        ("linkedin", EXPORT / "messages.csv"),
        ("linkedin", IMPORTS / "linkedin_2021"),
        ("vcard", IMPORTS / "vcard" / "phone_21.vcf"),
        ("vcard", IMPORTS / "vcard" / "google_30.vcf"),
        ("vcard", IMPORTS / "vcard" / "outlook_40.vcf"),
        ("google", IMPORTS / "google" / "contacts.csv"),
        ("google", IMPORTS / "google" / "legacy.csv"),
    ],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_every_format_reimports_as_unchanged(store, kind, path):
    first = import_file(store, kind, path)
    before = counts(store)
    again = import_file(store, kind, path)
    assert (again.added, again.updated, again.touches_added, again.exchanges_added) == (0, 0, 0, 0)
    assert again.unchanged == first.added + first.updated + first.unchanged
    assert counts(store) == before


def test_old_export_matches_message_people_by_name(store):
    summary = import_file(store, "linkedin", IMPORTS / "linkedin_2021")
    assert (summary.added, summary.touches_added, summary.owner) == (2, 4, "Carla Dias")
    ana, ben = contact("Ana Silva"), contact("Ben Ode")
    assert (ana.last_touch_direction, str(ana.last_touch_at)[:10]) == ("in", "2021-05-02")
    assert (ben.last_touch_direction, str(ben.last_touch_at)[:10]) == ("out", "2021-06-03")
    assert ben.connected_on == date(2021, 2, 7)


def test_messages_imported_after_connections_attach_to_them(store):
    import_file(store, "linkedin", EXPORT / "Connections.csv")
    summary = import_file(store, "linkedin", EXPORT / "messages.csv")
    assert (summary.added, summary.touches_added, summary.unmatched) == (0, 6, 1)
    assert contact("Bo Chen").last_touch_direction == "out"


def test_vcard_after_linkedin_fills_in_without_renaming(store, export_zip):
    import_file(store, "linkedin", export_zip)
    summary = import_file(store, "vcard", IMPORTS / "vcard" / "google_30.vcf")
    assert (summary.added, summary.updated) == (1, 1)  # Marco is new; Layla matched by her profile URL
    layla = contact("ليلى حداد")  # the LinkedIn name stays
    assert layla.company == "Dubai Ventures"
    assert layla.birthday == "--11-05"
    assert emails_of(layla) == ["layla@ventures.example"]
    marco = contact("Marco Bianchi")
    assert (marco.location, marco.birthday, marco.position) == ("Milano", "1979-10-03", "Export Manager")
    assert sorted(tags_of(marco)) == ["Friends", "Wine lovers"]
    urls = ContactUrl.select().where(ContactUrl.contact == marco)
    assert [(u.url, u.label) for u in urls] == [("https://bianchi.example", "HomePage")]
    assert names_found(store, "wine lovers") == ["Marco Bianchi"]


def test_existing_contacts_are_matched_by_email_and_keep_what_the_user_wrote(store):
    known = ContactInput(display_name="Pepe", emails=["jose.garcia@acme.example"], notes="Owes me a coffee.")
    jose = create_contact(store, known)
    set_circle(store, [jose.id], "Inner")
    summary = import_file(store, "vcard", IMPORTS / "vcard" / "phone_21.vcf", circle="Network")
    assert (summary.added, summary.updated) == (1, 1)
    jose = Contact.get_by_id(jose.id)
    assert jose.display_name == "Pepe"  # names are the user's
    assert jose.circle.name == "Inner"  # circles too
    assert jose.company == "Acme Ibérica"
    assert jose.notes.startswith("Owes me a coffee.\n\nMet at the Madrid fintech meetup")
    assert {p.phone for p in ContactPhone.select().where(ContactPhone.contact == jose)} == {
        "+34 600 111 222",
        "+34 91 555 0100",
    }
    assert contact("Jürgen Müller").circle.name == "Network"  # new contacts go where the user said


def test_existing_contacts_are_matched_by_name_and_company(store):
    hana = create_contact(store, ContactInput(display_name="Hana Kim", company="Hooli Inc."))
    summary = import_file(store, "google", IMPORTS / "google" / "contacts.csv")
    assert (summary.added, summary.updated) == (1, 1)
    assert Contact.select().where(Contact.name_key == "hana kim").count() == 1
    hana = Contact.get_by_id(hana.id)
    assert hana.linkedin_url == "https://www.linkedin.com/in/hana-kim"
    assert len(emails_of(hana)) == 3


def test_same_name_and_company_but_different_profiles_are_two_people(store, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Silva,https://www.linkedin.com/in/ana-silva-1,,Acme,Engineer,01 Jan 2024\n"
        "Ana,Silva,https://www.linkedin.com/in/ana-silva-2,,Acme,Designer,02 Jan 2024\n",
        encoding="utf-8",
    )
    assert import_file(store, "linkedin", path).added == 2


def test_a_newer_export_updates_changed_jobs_only(store, tmp_path):
    import_file(store, "linkedin", EXPORT / "Connections.csv")
    bo = contact("Bo Chen")
    update_contact(store, bo, ContactInput(notes="Met at SaaStr."))
    newer = tmp_path / "Connections.csv"
    text = (EXPORT / "Connections.csv").read_text(encoding="utf-8-sig")
    moved = text.replace('Globex,"Head of Partnerships\nEMEA & APAC"', "Initech,COO")
    newer.write_text(moved, encoding="utf-8")
    summary = import_file(store, "linkedin", newer)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 7)
    bo = Contact.get_by_id(bo.id)
    assert (bo.company, bo.position, bo.notes) == ("Initech", "COO", "Met at SaaStr.")
    assert names_found(store, "initech") == ["Bo Chen"]


def test_progress_is_reported_up_to_the_total(store, export_zip):
    seen: list[tuple[int, int]] = []
    import_file(store, "linkedin", export_zip, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 19)  # 8 contacts, 6 touches, 5 exchanges
    assert seen[-1] == (19, 19)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_lone_conversation_is_read_from_the_owners_side_using_known_contacts(store, tmp_path):
    import_file(store, "linkedin", EXPORT / "Connections.csv")
    me, bo = "https://www.linkedin.com/in/jordanpike", "https://www.linkedin.com/in/bo-chen-42"
    messages = tmp_path / "messages.csv"
    messages.write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,"
        "SUBJECT,CONTENT,FOLDER\n"
        f"c1,,Bo Chen,{bo},Jordan Pike,{me},2026-03-01 09:00:00 UTC,,Ping,INBOX\n"
        f"c1,,Jordan Pike,{me},Bo Chen,{bo},2026-03-02 09:00:00 UTC,,Pong,INBOX\n",
        encoding="utf-8",
    )
    summary = import_file(store, "linkedin", messages)
    assert (summary.owner, summary.touches_added) == ("Jordan Pike", 2)
    bo_chen = contact("Bo Chen")
    assert (str(bo_chen.last_touch_at)[:10], bo_chen.last_touch_direction) == ("2026-03-02", "out")


def test_a_contact_without_profile_is_found_by_name_and_company_and_gets_the_url(store):
    ines = create_contact(
        store, ContactInput(display_name="Ines Okafor-Lindqvist", company="Northwind Analytics")
    )
    summary = import_file(store, "linkedin", EXPORT / "Connections.csv")
    assert (summary.added, summary.updated) == (7, 1)
    ines = Contact.get_by_id(ines.id)
    assert ines.linkedin_url == "https://www.linkedin.com/in/ines-okafor-l-3b2a91"
    assert ines.company == "Northwind Analytics, Inc."
