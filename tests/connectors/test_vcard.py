"""vCard 2.1, 3.0 and 4.0 as phones, Google, iCloud and Outlook write them."""

from __future__ import annotations

import re

import pytest

from connectors.errors import ImportRefused
from connectors.records import Labelled
from connectors.vcard import parse_vcard_text, parse_vcards


def test_vcard_21_quoted_printable_with_charsets_and_soft_breaks(imports_dir):
    batch = parse_vcards(imports_dir / "vcard" / "phone_21.vcf")
    jose, jurgen = batch.contacts
    assert (jose.display_name, jose.first_name, jose.last_name) == ("José García", "José", "García")
    assert jose.company == "Acme Ibérica"  # the first ORG component is the company
    assert jose.position == "Sales Lead"
    assert list(jose.emails) == [Labelled("jose.garcia@acme.example", "work")]
    assert list(jose.phones) == [Labelled("+34 600 111 222", "cell"), Labelled("+34 91 555 0100", "work")]
    assert jose.notes == "Met at the Madrid fintech meetup; loves football and paella.\nSecond line."
    assert jose.birthday == "1985-04-12"
    assert jurgen.display_name == "Jürgen Müller"  # ISO-8859-1 quoted-printable
    assert list(jurgen.phones) == [Labelled("030 1234567", "home")]  # the base64 photo is skipped
    assert batch.skipped == 1
    assert [str(p) for p in batch.problems] == ["phone_21.vcf line 24: card has no name (FN or N); skipped"]


def test_vcard_30_grouped_properties_escapes_and_folding(imports_dir):
    batch = parse_vcards(imports_dir / "vcard" / "google_30.vcf")
    marco, layla = batch.contacts
    assert marco.company == "Bianchi & Figli, S.p.A."
    assert marco.linkedin_url == "https://www.linkedin.com/in/marco-bianchi"
    assert list(marco.urls) == [Labelled("https://bianchi.example", "HomePage")]  # item1.X-ABLabel
    assert marco.notes == "Introduced by Ines, at the Berlin summit.\nLikes espresso; hates small talk."
    assert list(marco.tags) == ["Friends", "Wine lovers"]  # Google's myContacts is not a tag
    assert marco.location == "Milano"
    assert [e.label for e in marco.emails] == ["work", "home"]
    assert layla.linkedin_url == "https://www.linkedin.com/in/layla-haddad"  # X-SOCIALPROFILE
    assert layla.birthday == "--11-05"  # iCloud's year 1604 means "no year"
    assert layla.company == "Dubai Ventures"


def test_vcard_40(imports_dir):
    (priya,) = parse_vcards(imports_dir / "vcard" / "outlook_40.vcf").contacts
    assert priya.display_name == "Priya Raman"
    assert list(priya.phones) == [Labelled("+1-555-0100", "voice,cell")]
    assert priya.birthday == "--04-12"
    assert list(priya.urls) == [Labelled("https://raman.example/team", "work")]
    assert list(priya.tags) == ["AI", "Mentors"]


def test_a_card_cut_off_is_reported_and_the_rest_kept(imports_dir):
    batch = parse_vcards(imports_dir / "vcard" / "cut_off.vcf")
    assert [c.display_name for c in batch.contacts] == ["Whole Card"]
    assert batch.problems[0].line == 5
    assert "END:VCARD missing" in batch.problems[0].reason


def test_names_from_n_when_fn_is_missing_and_escaped_lists():
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nN:van der Berg;Anna;Maria;Dr.;\nCATEGORIES:Cycling\\, road,Books\n"
        "ORG:Stark\\; Partners;R&D\nEND:VCARD\n"
    )
    (anna,) = parse_vcard_text(text, "x.vcf").contacts
    assert (anna.first_name, anna.last_name) == ("Anna Maria", "van der Berg")
    assert anna.display_name == "Anna Maria van der Berg"
    assert list(anna.tags) == ["Cycling, road", "Books"]
    assert anna.company == "Stark; Partners"


def test_a_nested_agent_card_does_not_end_the_outer_card():
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant\nEND:VCARD\n"
        "TITLE:CEO\nEND:VCARD\n"
    )
    (boss,) = parse_vcard_text(text, "x.vcf").contacts
    assert (boss.display_name, boss.position) == ("Boss", "CEO")


@pytest.mark.parametrize(
    "text",
    ["First Name,Last Name\nAna,Silva\n", "just some notes\nBEGIN of nothing\n"],
    ids=["csv", "prose"],
)
def test_files_without_cards_are_refused(text):
    with pytest.raises(ImportRefused, match=re.escape("x.vcf: not a vCard file")):
        parse_vcard_text(text, "x.vcf")
