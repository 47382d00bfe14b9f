"""Turning a file's bytes into text, or refusing it as binary.

Exports arrive as UTF-8 (with or without a byte-order mark), as UTF-16 from Excel's
"Unicode text", or as Windows-1252 / Latin-1 from older address books. Line ends are
normalised to "\\n" so parsers never see "\\r".
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from connectors.errors import ImportRefused

MAX_FILE_BYTES = 512 * 1024 * 1024  # far beyond any real export; protects memory
# Control characters no text file contains (tab, line ends and the DOS end-of-file mark are fine).
_BAD_CONTROLS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_MAX_NON_ASCII_SHARE = 0.3  # real Latin-1 text is mostly ASCII with a few accents


def read_text(path: Path, name: str | None = None) -> str:
    """The decoded, line-normalised text of ``path``; ImportRefused for unreadable files."""
    label = name or path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportRefused(f"{label}: file is too large to be an export ({size:,} bytes)")
        data = path.read_bytes()
    except ImportRefused:
        raise
    except IsADirectoryError as error:
        raise ImportRefused(f"{label}: is a folder, not a file") from error
    except OSError as error:
        raise ImportRefused(f"{label}: cannot be read ({error.strerror or error})") from error
    return decode_bytes(data, label)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode ``data`` robustly; refuse empty, binary or undecodable content naming ``name``."""
    text = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise ImportRefused(f"{name}: the file is empty")
    return text


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise ImportRefused(f"{name}: the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _check_controls(_strict(data, "utf-16", name), name)
    if b"\x00" in data:
        guessed = _bomless_utf16(data)
        if guessed is None:
            raise ImportRefused(f"{name}: not a text file (it contains binary data)")
        return _check_controls(_strict(data, guessed, name), name)
    try:
        return _check_controls(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    for legacy in ("cp1252", "latin-1"):
        try:
            text = data.decode(legacy)
        except UnicodeDecodeError:
            continue
        if _plausible_legacy(text):
            return text
    raise ImportRefused(f"{name}: not a text file (its bytes are neither UTF-8 nor Windows-1252 text)")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"{name}: not readable as {encoding.upper()} text (bad bytes at offset {error.start})"
        ) from error


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as NUL every other byte in mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls >= 0.9 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls >= 0.9 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def _has_bad_controls(text: str) -> bool:
    return _BAD_CONTROLS.search(text) is not None


def _check_controls(text: str, name: str) -> str:
    if _has_bad_controls(text):
        raise ImportRefused(f"{name}: not a text file (it contains binary data)")
    return text


def _plausible_legacy(text: str) -> bool:
    if _has_bad_controls(text):
        return False
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii <= _MAX_NON_ASCII_SHARE * len(text)
