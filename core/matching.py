"""Normalisation used to recognise the same person across imports."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

_SPACES = re.compile(r"\s+")
_PLAIN_LINKEDIN_URL = re.compile(r"(?:https?://)?(?:www\.)?linkedin\.com(/[^?#\s:@]*)?(?:[?#]\S*)?", re.I)
# Combining accents U+0300-U+036F, all of combining class > 0 except the grapheme joiner U+034F.
_LATIN_ACCENTS = re.compile("[\u0300-\u034e\u0350-\u036f]")
_COMPANY_SUFFIXES = re.compile(
    r"[,\s]+(inc|inc\.|llc|ltd|ltd\.|gmbh|ag|sa|s\.a\.|bv|b\.v\.|plc|corp|corp\.|co|co\.)$"
)


def fold(text: str) -> str:
    """Casefolded, accents removed, whitespace collapsed: 'José  Núñez' -> 'jose nunez'."""
    # Importers fold every name of a 30,000-row file; plain ASCII needs no decomposition.
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    # Latin accents are the common case: when removing them leaves ASCII, no other marks remain.
    stripped = _LATIN_ACCENTS.sub("", decomposed)
    if not stripped.isascii():
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def name_key(first_name: str, last_name: str = "") -> str:
    return fold(f"{first_name} {last_name}")


def company_key(company: str) -> str:
    folded = fold(company)
    return _COMPANY_SUFFIXES.sub("", folded).strip()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def normalise_linkedin_url(url: str) -> str | None:
    """'https://www.LinkedIn.com/in/Marco-Bianchi/?x=1' -> 'https://www.linkedin.com/in/marco-bianchi'."""
    text = url.strip()
    if not text:
        return None
    # Importers normalise every URL of a 30,000-row export; the usual shape skips urlsplit.
    if quick := _PLAIN_LINKEDIN_URL.fullmatch(text):
        path = (quick[1] or "").rstrip("/").lower()
        return f"https://www.linkedin.com{path}" if path else None
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.netloc.lower()
    if host.endswith("linkedin.com"):
        host = "www.linkedin.com"
    path = parts.path.rstrip("/")
    if host == "www.linkedin.com":
        path = path.lower()
    if not host or not path:
        return None
    return f"https://{host}{path}"


def search_text(*parts: str) -> str:
    """What search matches against: lower-cased text plus an accent-free copy where it differs."""
    joined = " ".join(p for p in parts if p)
    lowered = " ".join(joined.lower().split())
    if joined.isascii():
        return lowered
    folded = fold(joined)
    return lowered if folded == lowered else f"{lowered} {folded}"
