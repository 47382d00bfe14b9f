"""The plain contact record the exporters write; the services layer builds it from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple


class Labelled(NamedTuple):
    """An email, phone number or URL with its free-text label ("work", "mobile", "")."""

    value: str
    label: str = ""


@dataclass(frozen=True)
class ExportedContact:
    contact_id: int
    display_name: str
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    position: str = ""
    emails: tuple[Labelled, ...] = ()
    phones: tuple[Labelled, ...] = ()
    linkedin_url: str | None = None
    urls: tuple[Labelled, ...] = ()  # other URLs, besides the LinkedIn profile
    location: str = ""
    how_met: str = ""
    connected_on: date | None = None
    birthday: str | None = None  # "YYYY-MM-DD", or "--MM-DD" when the year is unknown
    notes: str = ""
    tags: tuple[str, ...] = ()
    circle: str = ""
    cadence_days: int | None = None  # effective: the contact's own, else its circle's
    last_touch_on: date | None = None  # the user's local date
    created_at: datetime | None = None  # aware UTC
    updated_at: datetime | None = None  # aware UTC
