"""vCard 4.0 output: well-formed, escaped, folded, and readable by another vCard library."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import vobject

from connectors.export_records import ExportedContact, Labelled
from connectors.vcard_writer import (
    contact_uid,
    escape_text,
    fold_line,
    vcard_birthday,
    vcard_bytes,
    vcard_text,
)

CREATED = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


def contact(**fields: Any) -> ExportedContact:
    values: dict[str, Any] = {
        "contact_id": 7,
        "display_name": "Ana Costa",
        "first_name": "Ana",
        "last_name": "Costa",
        "created_at": CREATED,
        "updated_at": datetime(2026, 11, 20, 12, 0, tzinfo=UTC),
    }
    values.update(fields)
    return ExportedContact(**values)


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines), "only CRLF line ends"
    return lines


def unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def read_cards(text: str) -> list[Any]:
    return list(vobject.readComponents(text))


def test_a_full_card_reads_back_in_another_vcard_library() -> None:
    card = contact(
        company="Acme, Inc.; Europe",
        position="Head of Data",
        emails=(Labelled("ana@acme.example", "Work"), Labelled("ana@home.example", "home")),
        phones=(Labelled("+49 170 1234567", "Mobile"),),
        linkedin_url="https://www.linkedin.com/in/ana-costa",
        urls=(Labelled("https://ana.example/blog", ""),),
        location="Berlin, Germany",
        birthday="1985-04-12",
        notes="Met at PyCon; likes sailing",
        tags=("data", "sailing, boats"),
    )
    text = vcard_text([card])
    lines = unfolded(text)
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:4.0"] and lines[-1] == "END:VCARD"
    assert "ADR:;;;Berlin\\, Germany;;;" in lines
    assert "BDAY:19850412" in lines
    assert "TEL;TYPE=cell:+49 170 1234567" in lines
    assert "EMAIL;TYPE=work:ana@acme.example" in lines
    (parsed,) = read_cards(text)
    assert parsed.fn.value == "Ana Costa"
    assert (parsed.n.value.family, parsed.n.value.given) == ("Costa", "Ana")
    assert parsed.org.value == ["Acme, Inc.; Europe"]
    assert parsed.title.value == "Head of Data"
    assert [e.value for e in parsed.email_list] == ["ana@acme.example", "ana@home.example"]
    assert [u.value for u in parsed.url_list] == [
        "https://www.linkedin.com/in/ana-costa",
        "https://ana.example/blog",
    ]
    assert parsed.categories.value == ["data", "sailing, boats"]
    assert parsed.note.value == "Met at PyCon; likes sailing"
    assert parsed.uid.value == contact_uid(7, CREATED)
    assert parsed.rev.value == "20261120T120000Z"


@pytest.mark.parametrize(
    "notes",
    [
        "Hi\nEMAIL:evil@x",
        "x\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Mallory",
        "line\rTEL:666",
        "sep\u2028EMAIL:evil@x\u2029BDAY:20000101\x85NOTE:x\x0bURL:x\x0cy",
        "back\\slash\\nnot-a-newline; semi, comma",
    ],
)
def test_notes_can_never_inject_properties(notes: str) -> None:
    text = vcard_text([contact(notes=notes, emails=(Labelled("ana@acme.example"),))])
    lines = unfolded(text)
    assert sum(line.startswith("NOTE:") for line in lines) == 1
    assert [line for line in lines if line.startswith(("EMAIL", "TEL", "BDAY", "URL", "FN"))] == [
        "FN:Ana Costa",
        "EMAIL:ana@acme.example",
    ]
    assert lines.count("BEGIN:VCARD") == 1 and lines.count("END:VCARD") == 1
    (parsed,) = read_cards(text)
    assert [e.value for e in parsed.email_list] == ["ana@acme.example"]
    expected = notes
    for separator in ("\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"):
        expected = expected.replace(separator, "\n")
    assert parsed.note.value == expected


def test_splitlines_sees_one_line_per_property() -> None:
    """Readers that split with str.splitlines() must see the same lines as RFC readers."""
    text = vcard_text([contact(notes="a\u2028b\x1cc\x1dd\x1ee\x85f", display_name="Zoë\u2029Mallory")])
    assert text.replace("\r\n ", "").splitlines() == unfolded(text)


def test_labels_cannot_inject_parameters_or_properties() -> None:
    text = vcard_text(
        [
            contact(
                emails=(Labelled("ana@acme.example", 'work";X=1:evil\r\nEMAIL:evil@x'),),
                phones=(Labelled("+1 555 0100", "Work Fax"),),
            )
        ]
    )
    lines = unfolded(text)
    assert "EMAIL;TYPE=work:ana@acme.example" in lines
    assert "TEL;TYPE=work,fax:+1 555 0100" in lines
    assert "evil" not in text


def test_urls_stay_on_one_line_and_are_valid_uris() -> None:
    text = vcard_text([contact(urls=(Labelled("https://ex.example/a b\r\nEMAIL:evil@x", "work"),))])
    assert "URL;TYPE=work:https://ex.example/a%20bEMAIL:evil@x" in unfolded(text)
    (parsed,) = read_cards(text)
    assert not hasattr(parsed, "email")


def test_special_characters_in_names_and_company_round_trip() -> None:
    card = contact(display_name="O'Brien, Seán; \\ Jr", first_name="Seán", last_name="O'Brien; Jr")
    (parsed,) = read_cards(vcard_text([card]))
    assert parsed.fn.value == "O'Brien, Seán; \\ Jr"
    assert parsed.n.value.family == "O'Brien; Jr"


def test_long_unicode_lines_fold_at_75_octets_without_splitting_characters() -> None:
    name = "Zoë Ångström-Łukasiewicz 🎉🚀 " * 6 + "李小龍"
    notes = "émoji 👩‍👩‍👧‍👦 " * 40
    data = vcard_bytes([contact(display_name=name, notes=notes)])
    for line in physical_lines(data):
        assert len(line) <= 75
        line.decode("utf-8")  # every physical line is valid UTF-8 on its own
    (parsed,) = read_cards(data.decode("utf-8"))
    assert parsed.fn.value == name.strip()
    assert parsed.note.value == notes.strip()


def test_fold_line_counts_octets_and_the_continuation_space() -> None:
    folded = fold_line("N" * 200)
    pieces = folded.split("\r\n")
    assert [len(p) for p in pieces] == [75, 75, 52]
    assert all(p.startswith(" ") for p in pieces[1:])
    assert fold_line("short") == "short"
    euro = fold_line("€" * 30)  # 3 octets each: 25 fit on the first line, 24 on the next
    assert [len(p.encode()) for p in euro.split("\r\n")] == [75, 16]


@pytest.mark.parametrize(
    ("stored", "written"),
    [("1985-04-12", "19850412"), ("--04-12", "--0412"), ("--0412", "--0412"), ("April", None), (None, None)],
)
def test_birthday_formats(stored: str | None, written: str | None) -> None:
    assert vcard_birthday(stored) == written
    lines = unfolded(vcard_text([contact(birthday=stored)]))
    assert (f"BDAY:{written}" in lines) if written else not any(line.startswith("BDAY") for line in lines)


def test_uid_is_stable_per_contact_and_unique_between_contacts() -> None:
    first = contact_uid(7, CREATED)
    assert first.startswith("urn:uuid:")
    assert first == contact_uid(7, CREATED)
    assert first != contact_uid(8, CREATED)
    assert first != contact_uid(7, datetime(2025, 3, 1, 8, 31, tzinfo=UTC))
    assert vcard_text([contact()]) == vcard_text([contact()])


def test_many_cards_in_one_file() -> None:
    text = vcard_text([contact(), contact(contact_id=8, display_name="Bo", first_name="Bo", last_name="")])
    cards = read_cards(text)
    assert [c.fn.value for c in cards] == ["Ana Costa", "Bo"]
    assert cards[0].uid.value != cards[1].uid.value


def test_escape_text_escapes_the_four_specials() -> None:
    assert escape_text("a\\b,c;d\ne\r\nf") == "a\\\\b\\,c\\;d\\ne\\nf"
    assert escape_text("bell\x07tab\tok") == "belltab\tok"
