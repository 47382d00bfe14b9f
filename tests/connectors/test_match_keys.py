"""The keys imports match people on: the fast paths in core.matching give the same answers
as the plain definitions, for any text (checked with generated input)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from core.matching import fold, normalise_linkedin_url, search_text


def reference_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def reference_linkedin_url(url: str) -> str | None:
    text = url.strip()
    if not text:
        return None
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


LETTERS = "abcXYZ -\t\u00a0éèÉçñÑüÖåøßﬁ½田中サンプル" + "ليلىحداد\u064e\u0301\u0327\u034fṩệ🚀"
NAMEISH = st.text(alphabet=st.sampled_from(list(LETTERS)), max_size=16)


@settings(max_examples=500)
@given(NAMEISH)
def test_fold_matches_its_definition(text):
    assert fold(text) == reference_fold(text)


@settings(max_examples=300)
@given(st.text(max_size=12))
def test_fold_matches_its_definition_for_any_text(text):
    assert fold(text) == reference_fold(text)


def reference_search_text(*parts: str) -> str:
    joined = " ".join(p for p in parts if p)
    lowered = re.sub(r"\s+", " ", joined.lower()).strip()
    folded = reference_fold(joined)
    return lowered if folded == lowered else f"{lowered} {folded}"


@settings(max_examples=300)
@given(NAMEISH, NAMEISH, NAMEISH)
def test_search_text_matches_its_definition(name, company, position):
    assert search_text(name, company, position) == reference_search_text(name, company, position)


HOSTS = ["www.linkedin.com", "linkedin.com", "WWW.LinkedIn.com", "de.linkedin.com", "example.com"]
HOSTS += ["www.linkedin.com:443", "user@www.linkedin.com"]
URLS = st.builds(
    lambda scheme, host, path, tail: f"{scheme}{host}{path}{tail}",
    st.sampled_from(["", "https://", "http://", "HTTPS://"]),
    st.sampled_from(HOSTS),
    st.text(alphabet=st.sampled_from(list("/inAbc-_%é:@.0")), max_size=14),
    st.sampled_from(["", "/", "?trk=x", "#top", " "]),
)


@settings(max_examples=500)
@given(URLS)
def test_linkedin_urls_match_their_definition(url):
    assert normalise_linkedin_url(url) == reference_linkedin_url(url)
