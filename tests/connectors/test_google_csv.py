"""Google Contacts CSV, current and legacy headers."""

from __future__ import annotations

import re

import pytest

from connectors.errors import ImportRefused
from connectors.google_csv import parse_google_csv
from connectors.records import Labelled


def test_current_header_with_multiple_values_and_labels(imports_dir):
    batch = parse_google_csv(imports_dir / "google" / "contacts.csv")
    hana, omar = batch.contacts
    assert (hana.display_name, hana.company, hana.position) == ("Hana Kim", "Hooli", "Product Lead")
    assert list(hana.emails) == [
        Labelled("hana@hooli.example", "Work"),
        Labelled("hana.kim@mail.example", "Work"),
        Labelled("hana@home.example", "Home"),
    ]
    assert list(hana.phones) == [Labelled("+82 10 1234 5678", "Mobile")]
    assert list(hana.tags) == ["Friends", "PyCon"]  # "* myContacts" is Google's, not the user's
    assert hana.linkedin_url == "https://www.linkedin.com/in/hana-kim"
    assert hana.location == "Seoul"
    assert hana.birthday == "1990-07-01"
    assert hana.notes == "Met at PyCon, Seoul."
    assert omar.display_name == "Omar Al Farouk"
    assert omar.birthday == "--12-24"
    assert list(omar.tags) == []  # "* starred" is a system label too
    assert batch.skipped == 1
    assert [str(p) for p in batch.problems] == ["contacts.csv line 4: no name; skipped"]


def test_legacy_header(imports_dir):
    (greta,) = parse_google_csv(imports_dir / "google" / "legacy.csv").contacts
    assert (greta.display_name, greta.company, greta.position) == ("Greta Lind", "Spotify", "Data Scientist")
    assert list(greta.emails) == [Labelled("greta@lind.example", "Work")]
    assert list(greta.tags) == ["Colleagues"]
    assert list(greta.urls) == [Labelled("https://greta.example", "Blog")]
    assert greta.birthday == "1988-02-29"
    assert greta.location == "Stockholm"


def test_utf16_tab_separated_export(tmp_path):
    path = tmp_path / "contacts.csv"
    text = "First Name\tLast Name\tE-mail 1 - Value\r\nZoë\tÅberg\tzoe@example.org\r\n"
    path.write_bytes(text.encode("utf-16"))
    (zoe,) = parse_google_csv(path).contacts
    assert (zoe.display_name, zoe.emails[0].value) == ("Zoë Åberg", "zoe@example.org")


def test_a_linkedin_file_is_not_a_google_csv(imports_dir):
    with pytest.raises(ImportRefused, match=re.escape("Connections.csv: not a Google Contacts CSV")):
        parse_google_csv(imports_dir / "linkedin_export" / "Connections.csv")
