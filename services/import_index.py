"""What the database already holds, loaded in bulk so an import can match 30,000 rows fast.

Matching order (PRODUCT.md): LinkedIn profile URL, then email, then normalised name +
company. People named by messages, invitations and the ledger files are found by URL,
else by a name only one contact has.

Existing contacts stay raw rows until an import row matches them; emails, phones, URLs
and tags are kept as (contact, value) pairs rather than one set per contact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from connectors.records import ParsedContact, PersonRef
from core.matching import company_key, fold, name_key
from services.store import Store

CONTACT_COLUMNS = (
    "id, first_name, last_name, display_name, company, position, linkedin_url, location, "
    "connected_on, birthday, notes, initiated_by, name_key, company_key"
)
ContactRow = tuple[Any, ...]  # the CONTACT_COLUMNS of one contact, as SQLite returns them

# Employers repeat across thousands of rows; their key is the same every time.
cached_company_key = lru_cache(maxsize=65536)(company_key)


@dataclass(slots=True)
class ContactState:
    """A contact's importable fields as they are (or will be, once this import is written)."""

    contact_id: int
    display_name: str
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    position: str = ""
    linkedin_url: str | None = None
    location: str = ""
    connected_on: date | None = None
    birthday: str | None = None
    notes: str = ""
    initiated_by: str | None = None
    is_new: bool = False
    name_key: str = ""  # as stored: name_key(first, last), else the folded display name
    company_key: str = ""

    @classmethod
    def from_row(cls, row: ContactRow) -> ContactState:
        (cid, first, last, display, company, position, url, location, connected, birthday, notes,
         initiated, stored_name_key, stored_company_key) = row  # fmt: skip
        return cls(
            contact_id=cid,
            display_name=display,
            first_name=first,
            last_name=last,
            company=company,
            position=position,
            linkedin_url=url,
            location=location,
            connected_on=date.fromisoformat(connected) if connected else None,
            birthday=birthday,
            notes=notes,
            initiated_by=initiated,
            name_key=stored_name_key,
            company_key=stored_company_key,
        )

    def refresh_keys(self) -> None:
        self.name_key = name_key(self.first_name, self.last_name) or fold(self.display_name)
        self.company_key = cached_company_key(self.company)


def _state_keys(state: ContactState) -> list[str]:
    return name_keys(state.first_name, state.last_name, state.display_name, state.name_key)


def name_keys(first: str, last: str, display: str, stored_key: str) -> list[str]:
    """The stored name key, and the folded display name when that says something else."""
    if stored_key and display == f"{first} {last}".strip():
        return [stored_key]
    return [key for key in dict.fromkeys((stored_key, fold(display))) if key]


@dataclass(frozen=True, slots=True)
class ParsedKeys:
    """The match keys of one parsed contact, computed once."""

    name_key: str
    display_key: str
    company_key: str

    @property
    def names(self) -> list[str]:
        if self.display_key == self.name_key or not self.display_key:
            return [self.name_key] if self.name_key else []
        return [self.name_key, self.display_key] if self.name_key else [self.display_key]

    @classmethod
    def of(cls, parsed: ParsedContact) -> ParsedKeys:
        key = name_key(parsed.first_name, parsed.last_name)
        display = parsed.name
        joined = f"{parsed.first_name} {parsed.last_name}".strip()
        display_key = key if display == joined else fold(display)
        return cls(key or display_key, display_key, cached_company_key(parsed.company))


def phone_key(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits or phone.strip().lower()


def url_key(url: str) -> str:
    return url.strip().rstrip("/").lower()


class ContactIndex:
    """Every contact's match keys; new contacts of the running import are added as planned.

    The name maps are built on first use: re-importing an export whose rows all carry a
    known profile URL never needs them.
    """

    def __init__(self, rows: dict[int, ContactRow] | None = None) -> None:
        self.rows: dict[int, ContactRow] = rows or {}
        self.states: dict[int, ContactState] = {}
        # Lowest id first, so the oldest contact keeps a URL that several rows share.
        newest_first = sorted(self.rows.items(), reverse=True)
        self.by_url: dict[str, int] = {row[6]: cid for cid, row in newest_first if row[6]}
        # Contacts that may lack a profile URL (never undercounted): only they can match a
        # row that has one by name, since a contact with the same URL matched already.
        self.without_url = len(self.rows) - len(self.by_url)
        self.by_email: dict[str, int] = {}
        self._by_name_company: dict[tuple[str, str], int] = {}
        self._by_name: dict[str, list[int]] = {}
        self._names_ready = False
        self.emails: set[tuple[int, str]] = set()  # (contact, email)
        self.phones: set[tuple[int, str]] = set()  # (contact, phone_key)
        self.urls: set[tuple[int, str]] = set()  # (contact, url_key)
        self.tags: set[tuple[int, str]] = set()  # (contact, lower-case tag)

    def _names(self) -> tuple[dict[tuple[str, str], int], dict[str, list[int]]]:
        if not self._names_ready:
            self._names_ready = True
            for cid, row in sorted(self.rows.items()):
                state = self.states.get(cid)
                if state is None:
                    self._add_names(cid, name_keys(row[1], row[2], row[3], row[12]), row[13])
            for state in self.states.values():
                self._add_names(state.contact_id, _state_keys(state), state.company_key)
        return self._by_name_company, self._by_name

    @property
    def by_name(self) -> dict[str, list[int]]:
        return self._names()[1]

    def state(self, contact_id: int) -> ContactState:
        found = self.states.get(contact_id)
        if found is None:
            found = self.states[contact_id] = ContactState.from_row(self.rows[contact_id])
        return found

    def _company_key_of(self, contact_id: int) -> str:
        state = self.states.get(contact_id)
        return state.company_key if state is not None else self.rows[contact_id][13]

    def _url_of(self, contact_id: int) -> str | None:
        state = self.states.get(contact_id)
        return state.linkedin_url if state is not None else self.rows[contact_id][6]

    def _add_names(self, contact_id: int, keys: list[str], company: str) -> None:
        """Record name keys; the first contact to claim a key keeps it."""
        for key in keys:
            self._by_name_company.setdefault((key, company), contact_id)
            ids = self._by_name.setdefault(key, [])
            if contact_id not in ids:
                ids.append(contact_id)

    def register(self, state: ContactState, keys: ParsedKeys | None = None) -> None:
        """Take note of a new or changed contact's keys (``keys``: already computed for it)."""
        if state.is_new and not state.linkedin_url and state.contact_id not in self.states:
            self.without_url += 1
        self.states[state.contact_id] = state
        if state.linkedin_url:
            self.by_url.setdefault(state.linkedin_url, state.contact_id)
        if self._names_ready:
            names = keys.names if keys is not None else _state_keys(state)
            self._add_names(state.contact_id, names, state.company_key)

    def add_email(self, contact_id: int, email: str) -> bool:
        if (contact_id, email) in self.emails:
            return False
        self.emails.add((contact_id, email))
        self.by_email.setdefault(email, contact_id)
        return True

    def match_by_address(self, parsed: ParsedContact) -> int | None:
        """The contact with this LinkedIn URL, else with one of these emails."""
        if parsed.linkedin_url and (found := self.by_url.get(parsed.linkedin_url)) is not None:
            return found
        for email in parsed.emails:
            if (found := self.by_email.get(email.value)) is not None:
                return found
        return None

    def match_by_name(self, parsed: ParsedContact, keys: ParsedKeys) -> int | None:
        """The contact with this name at this company, unless their profiles differ."""
        if parsed.linkedin_url and not self.without_url:
            return None  # every contact has a profile URL, and none has this one
        by_name_company = self._names()[0]
        for key in (keys.name_key, keys.display_key):
            if key and (found := by_name_company.get((key, keys.company_key))) is not None:
                # Two profiles are two people, however alike their names and employers.
                other_url = self._url_of(found)
                if parsed.linkedin_url and other_url and other_url != parsed.linkedin_url:
                    return None
                return found
        return None

    def resolve(self, person: PersonRef) -> int | None:
        """The one contact a message, invitation or ledger row names, or None."""
        if person.linkedin_url and (found := self.by_url.get(person.linkedin_url)) is not None:
            return found
        key = fold(person.name)
        candidates = self.by_name.get(key, []) if key else []
        if not candidates and "," in person.name:  # "Ben Ode, MBA" is Ben Ode
            candidates = self.by_name.get(fold(person.name.split(",")[0]), [])
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1 and person.company:
            wanted = company_key(person.company)
            same = [cid for cid in candidates if self._company_key_of(cid) == wanted]
            if len(same) == 1:
                return same[0]
        return None


def knows_in_database(store: Store) -> Callable[[PersonRef], bool]:
    """Whether someone is already a contact, asked of the database one person at a time."""

    def knows(person: PersonRef) -> bool:
        db = store.db
        url, key = person.linkedin_url, fold(person.name)
        if url and db.execute_sql("SELECT 1 FROM contact WHERE linkedin_url = ?", (url,)).fetchone():
            return True
        by_name = db.execute_sql("SELECT 1 FROM contact WHERE name_key = ? LIMIT 1", (key,)) if key else None
        return by_name is not None and by_name.fetchone() is not None

    return knows


def load_index(store: Store, *, with_details: bool) -> ContactIndex:
    """All contacts and their emails; phones, URLs and tags too when ``with_details``."""
    db = store.db
    index = ContactIndex({row[0]: row for row in db.execute_sql(f"SELECT {CONTACT_COLUMNS} FROM contact")})
    for cid, email in db.execute_sql("SELECT contact_id, email FROM contact_email ORDER BY id"):
        index.add_email(cid, email)
    if with_details:
        phones = db.execute_sql("SELECT contact_id, phone FROM contact_phone")
        index.phones = {(cid, phone_key(phone)) for cid, phone in phones}
        urls = db.execute_sql("SELECT contact_id, url FROM contact_url")
        index.urls = {(cid, url_key(url)) for cid, url in urls}
        tags = db.execute_sql("SELECT c.contact_id, t.name FROM contact_tag c JOIN tag t ON t.id = c.tag_id")
        index.tags = {(cid, tag.lower()) for cid, tag in tags}
    return index
