"""Decoding exports: encodings and byte-order marks in, plain text out, binary refused."""

from __future__ import annotations

import codecs
import re

import pytest

from connectors.errors import ImportRefused
from connectors.text import decode_bytes, read_text

SAMPLE = "First Name,Last Name\r\nJosé,Müller\r\nYuki,田中 🚀\r\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with a byte-order mark, as Excel's "Unicode text"
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-16-le"),  # no mark at all
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "utf16-le-no-bom"],
)
def test_unicode_files_decode_to_the_same_text(data):
    assert decode_bytes(data, "x.csv") == "First Name,Last Name\nJosé,Müller\nYuki,田中 🚀\n"


def test_windows_1252_is_read_when_the_text_is_plausible():
    data = "Name;Company\r\nJosé Núñez;Café “Central”\r\n".encode("cp1252")
    assert decode_bytes(data, "x.csv") == "Name;Company\nJosé Núñez;Café “Central”\n"


def test_latin1_is_read_but_control_bytes_mean_binary():
    assert decode_bytes("Name\nMüller\n".encode("latin-1"), "x.csv") == "Name\nMüller\n"
    with pytest.raises(ImportRefused, match="not a text file"):
        decode_bytes("Name\nA\x8d Müller\n".encode("latin-1"), "x.csv")  # \x8d: a C1 control


def test_old_mac_line_ends_become_newlines():
    assert decode_bytes(b"a\rb\r\nc\n", "x.csv") == "a\nb\nc\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "x.csv: the file is empty"),
        (b"  \r\n\t\n", "x.csv: the file is empty"),
        (codecs.BOM_UTF8, "x.csv: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "x.csv: not a text file"),
        (bytes(range(128, 256)) * 20, "x.csv: not a text file"),
        (b"\xef\xbb\xbfFirst Name\n\xff\xfe\xfa", "x.csv: not readable as UTF-8"),
    ],
    ids=["empty", "blank", "bom-only", "png", "high-bytes", "broken-utf8-after-bom"],
)
def test_unreadable_bytes_are_refused_naming_the_file(data, message):
    with pytest.raises(ImportRefused, match=message):
        decode_bytes(data, "x.csv")


def test_read_text_names_a_missing_file(tmp_path):
    with pytest.raises(ImportRefused, match=re.escape("nothing.csv: cannot be read")):
        read_text(tmp_path / "nothing.csv")


def test_read_text_refuses_a_folder(tmp_path):
    with pytest.raises(ImportRefused, match="is a folder"):
        read_text(tmp_path)
