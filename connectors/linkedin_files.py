"""The small files of a LinkedIn export: connections, invitations, recommendations, endorsements.

Columns are found by name (case-insensitive), so reordered or extra columns are fine and
optional ones (URL, Email Address, the endorsers' Public Url) may be missing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from connectors.csvtable import CsvRow, CsvTable, read_table
from connectors.dates import parse_date
from connectors.errors import RowProblem
from connectors.records import Labelled, ParsedContact, ParsedExchange, ParsedInvitation, PersonRef
from core.kinds import GAVE, RECEIVED
from core.matching import fold, normalise_email, normalise_linkedin_url

NOTE_LIMIT = 200


def stable_key(prefix: str, *parts: str) -> str:
    """A source_key that stays the same every time the same export is read."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{prefix}:{digest[:24]}"


def clip(text: str, limit: int = NOTE_LIMIT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def full_name(first: str, last: str) -> str:
    return " ".join(part for part in (first.strip(), last.strip()) if part)


def linkedin_url_of(text: str) -> str | None:
    url = normalise_linkedin_url(text)
    return url if url and "linkedin.com/" in url else None


# --- Connections.csv ---------------------------------------------------------------------


def is_connections_header(keys: set[str]) -> bool:
    return "first name" in keys and ("connected on" in keys or {"last name", "company", "position"} <= keys)


def parse_connections(text: str, name: str) -> tuple[list[ParsedContact], list[RowProblem], int]:
    """The connections, the problems found, and how many rows were skipped."""
    table = read_table(
        text, name, is_connections_header, "not a LinkedIn connections file (no 'First Name' header found)"
    )
    contacts: list[ParsedContact] = []
    problems = list(table.problems)
    skipped = len(table.problems)
    first_at, last_at = table.index_of("first name"), table.index_of("last name")
    url_at, email_at = table.index_of("url", "profile url"), table.index_of("email address", "email")
    company_at, position_at = table.index_of("company"), table.index_of("position")
    connected_at = table.index_of("connected on")
    for row in table.rows:
        cells = table.padded(row)
        # Names, employers and titles are one-line fields, even when a cell spans lines.
        first, last = " ".join(cells[first_at].split()), " ".join(cells[last_at].split())
        if not first and not last:
            problems.append(RowProblem(name, row.line, "no name (the member hides their profile); skipped"))
            skipped += 1
            continue
        contact = ParsedContact(
            source=name,
            line=row.line,
            first_name=first,
            last_name=last,
            display_name=f"{first} {last}" if first and last else first or last,
            company=" ".join(cells[company_at].split()),
            position=" ".join(cells[position_at].split()),
            linkedin_url=linkedin_url_of(cells[url_at]),
        )
        email = normalise_email(cells[email_at])
        if email:
            contact.emails = (Labelled(email),)
        connected = cells[connected_at].strip()
        if connected:
            contact.connected_on = parse_date(connected)
            if contact.connected_on is None:
                reason = f"unreadable 'Connected On' date '{connected}'; imported without it"
                problems.append(RowProblem(name, row.line, reason))
        contacts.append(contact)
    return contacts, problems, skipped


# --- Profile.csv -------------------------------------------------------------------------


def is_profile_header(keys: set[str]) -> bool:
    return "first name" in keys and bool(keys & {"headline", "maiden name", "geo location", "birth date"})


def parse_profile_name(text: str, name: str) -> str:
    table = read_table(
        text, name, is_profile_header, "not a LinkedIn profile file (no 'Headline' header found)"
    )
    for row in table.rows:
        owner = full_name(row.get("first name"), row.get("last name"))
        if owner:
            return owner
    return ""


# --- Invitations.csv ---------------------------------------------------------------------


@dataclass
class OwnerEvidence:
    """What the small files say about whose export this is."""

    names: Counter[str] = field(default_factory=Counter)  # display names
    urls: Counter[str] = field(default_factory=Counter)


def is_invitations_header(keys: set[str]) -> bool:
    return {"from", "to", "direction"} <= keys


def parse_invitations(
    text: str, name: str, evidence: OwnerEvidence
) -> tuple[list[ParsedInvitation], list[RowProblem]]:
    table = read_table(
        text, name, is_invitations_header, "not a LinkedIn invitations file (no 'Direction' header found)"
    )
    invitations: list[ParsedInvitation] = []
    problems = list(table.problems)
    for row in table.rows:
        direction = row.get("direction").upper()
        inviter = PersonRef(row.get("from"), linkedin_url_of(row.get("inviterprofileurl")))
        invitee = PersonRef(row.get("to"), linkedin_url_of(row.get("inviteeprofileurl")))
        if direction == "OUTGOING":
            person, owner, initiated_by = invitee, inviter, "me"
        elif direction == "INCOMING":
            person, owner, initiated_by = inviter, invitee, "them"
        else:
            problems.append(RowProblem(name, row.line, f"unknown direction '{direction}'; skipped"))
            continue
        if owner.name:
            evidence.names[owner.name] += 1
        if owner.linkedin_url:
            evidence.urls[owner.linkedin_url] += 1
        if not person.name and not person.linkedin_url:
            problems.append(RowProblem(name, row.line, "invitation names nobody; skipped"))
            continue
        invitations.append(
            ParsedInvitation(person=person, initiated_by=initiated_by, source=name, line=row.line)
        )
    return invitations, problems


# --- Recommendations_Given.csv / Recommendations_Received.csv ----------------------------


def is_recommendations_header(keys: set[str]) -> bool:
    return "first name" in keys and "text" in keys and bool(keys & {"creation date", "status", "job title"})


def _exchange_status(raw: str) -> str:
    return "declined" if raw.strip().upper() in {"REJECTED", "DECLINED", "WITHDRAWN"} else "done"


def parse_recommendations(
    text: str, name: str, direction: str
) -> tuple[list[ParsedExchange], list[RowProblem]]:
    table = read_table(
        text,
        name,
        is_recommendations_header,
        "not a LinkedIn recommendations file (no 'First Name' and 'Text' headers found)",
    )
    exchanges: list[ParsedExchange] = []
    problems = list(table.problems)
    for row in table.rows:
        person_name = full_name(row.get("first name"), row.get("last name"))
        if not person_name:
            problems.append(RowProblem(name, row.line, "no name; skipped"))
            continue
        raw_date = row.get("creation date", "date")
        on = parse_date(raw_date)
        if on is None:
            problems.append(RowProblem(name, row.line, f"unreadable date '{raw_date}'; skipped"))
            continue
        body = row.get("text")
        exchanges.append(
            ParsedExchange(
                source_key=stable_key(
                    f"li:rec:{direction}", fold(person_name), on.isoformat(), fold(body)[:100]
                ),
                kind="recommendation",
                direction=direction,
                on=on,
                person=PersonRef(person_name, None, row.get("company")),
                status=_exchange_status(row.get("status")),
                note=clip(f"Recommendation: {body}" if body else "Recommendation"),
                source=name,
                line=row.line,
            )
        )
    return exchanges, problems


# --- Endorsement_Given_Info.csv / Endorsement_Received_Info.csv ---------------------------


def is_endorsements_header(keys: set[str]) -> bool:
    return "skill name" in keys and bool(keys & {"endorser first name", "endorsee first name"})


def endorsement_direction(table: CsvTable) -> str:
    return RECEIVED if table.has("endorser first name") else GAVE


def parse_endorsements(text: str, name: str) -> tuple[list[ParsedExchange], list[RowProblem]]:
    """One exchange per person, day and direction: endorsing five skills at once is one favour."""
    table = read_table(
        text, name, is_endorsements_header, "not a LinkedIn endorsements file (no 'Skill Name' header found)"
    )
    direction = endorsement_direction(table)
    role = "endorser" if direction == RECEIVED else "endorsee"
    groups: dict[tuple[str, str], list[tuple[CsvRow, PersonRef, str]]] = {}
    problems = list(table.problems)
    for row in table.rows:
        person_name = full_name(row.get(f"{role} first name"), row.get(f"{role} last name"))
        url = linkedin_url_of(row.get(f"{role} public url"))
        if not person_name and not url:
            problems.append(RowProblem(name, row.line, "no name; skipped"))
            continue
        raw_date = row.get("endorsement date", "date")
        on = parse_date(raw_date)
        if on is None:
            problems.append(RowProblem(name, row.line, f"unreadable date '{raw_date}'; skipped"))
            continue
        groups.setdefault((fold(person_name) or url or "", on.isoformat()), []).append(
            (row, PersonRef(person_name, url), row.get("endorsement status", "status"))
        )
    exchanges = []
    for (person_key, day), rows in groups.items():
        first_row, person, _ = rows[0]
        skills = list(dict.fromkeys(row.get("skill name") for row, _, _ in rows if row.get("skill name")))
        all_declined = all(_exchange_status(status) == "declined" for _, _, status in rows)
        exchanges.append(
            ParsedExchange(
                source_key=stable_key(f"li:end:{direction}", person_key, day),
                kind="endorsement",
                direction=direction,
                on=date.fromisoformat(day),
                person=person,
                status="declined" if all_declined else "done",
                note=clip("Endorsed: " + ", ".join(skills) if skills else "Endorsement"),
                source=name,
                line=first_row.line,
            )
        )
    return exchanges, problems
