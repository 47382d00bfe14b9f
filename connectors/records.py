"""Plain records every parser yields; ``services.importing`` turns them into rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from connectors.errors import RowProblem


@dataclass(frozen=True)
class Labelled:
    """A value with the label the source gave it: ("ana@example.org", "work")."""

    value: str
    label: str = ""


@dataclass(slots=True)
class ParsedContact:
    """One person as a file describes them; empty strings mean 'the file says nothing'.

    Names, company and position are single-spaced one-line text.
    """

    source: str  # file name, for messages
    line: int  # line where the row or card starts
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    company: str = ""
    position: str = ""
    # Tuples, not lists: a 30,000-row import builds one record per row, and list defaults
    # (default_factory) make each construction three times slower.
    emails: tuple[Labelled, ...] = ()
    phones: tuple[Labelled, ...] = ()
    urls: tuple[Labelled, ...] = ()
    linkedin_url: str | None = None
    location: str = ""
    birthday: str | None = None  # "YYYY-MM-DD" or "--MM-DD"
    notes: str = ""
    tags: tuple[str, ...] = ()
    connected_on: date | None = None
    initiated_by: str | None = None  # "me" | "them"

    @property
    def name(self) -> str:
        if self.display_name:
            return self.display_name
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class PersonRef:
    """Someone a touch, exchange or invitation is about, as the file names them."""

    name: str = ""
    linkedin_url: str | None = None  # normalised
    company: str = ""  # helps tell two people of the same name apart


@dataclass
class ParsedTouch:
    """One interaction to log; ``source_key`` makes re-importing it a no-op."""

    source_key: str
    kind: str  # a core.kinds interaction kind
    direction: str  # "out": I reached out; "in": they did
    occurred_at: datetime  # aware UTC
    participants: list[PersonRef]
    note: str = ""
    source: str = ""
    line: int = 0


@dataclass
class ParsedExchange:
    """One line of the reciprocity ledger (a recommendation or endorsements)."""

    source_key: str
    kind: str  # a core.kinds exchange kind
    direction: str  # gave | received
    on: date
    person: PersonRef
    status: str = "done"
    note: str = ""
    source: str = ""
    line: int = 0


@dataclass
class ParsedInvitation:
    """Who sent the connection request: sets contact.initiated_by."""

    person: PersonRef
    initiated_by: str  # "me" (OUTGOING) | "them" (INCOMING)
    source: str = ""
    line: int = 0


@dataclass
class ParsedBatch:
    """Everything one file (or one export) holds, parsed before anything is written."""

    source: str  # what the summary names: "Connections.csv", "export.zip"
    contacts: list[ParsedContact] = field(default_factory=list)
    touches: list[ParsedTouch] = field(default_factory=list)
    exchanges: list[ParsedExchange] = field(default_factory=list)
    invitations: list[ParsedInvitation] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    skipped: int = 0  # contact rows or cards left out (each has a problem)
    owner_name: str = ""  # the account owner, when the export tells
    owner_url: str | None = None
    files_read: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.contacts) + len(self.touches) + len(self.exchanges) + len(self.invitations)
