"""Filtering and sorting the contacts table's own list of rows, in plain Python.

A generic proxy model would call ``data()`` once per row per keystroke; at 30,000 rows
that is hundreds of milliseconds. Here the rows are sorted once per sort order, and a
keystroke is one pass over the precomputed lower-case search keys — a few milliseconds —
and typing more letters only narrows the rows that already matched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum
from typing import Any

from core.kinds import UNTRACKED
from core.matching import fold
from core.status import Status
from services.contact_rows import LIST_SEPARATOR, ContactRow

# Status filter choices besides the four statuses.
NO_STATUS = "none"  # untracked: no cadence, so no status
ARCHIVED = "archived"


class ContactColumn(IntEnum):
    NAME = 0
    COMPANY = 1
    POSITION = 2
    CIRCLE = 3
    LAST_TOUCH = 4
    WARMTH = 5
    STATUS = 6
    NEXT_DUE = 7


COLUMN_TITLES: dict[ContactColumn, str] = {
    ContactColumn.NAME: "Name",
    ContactColumn.COMPANY: "Company",
    ContactColumn.POSITION: "Position",
    ContactColumn.CIRCLE: "Circle",
    ContactColumn.LAST_TOUCH: "Last touch",
    ContactColumn.WARMTH: "Warmth",
    ContactColumn.STATUS: "Status",
    ContactColumn.NEXT_DUE: "Next due",
}

# Most pressing first when sorting by status ascending.
STATUS_RANK: dict[str | None, int] = {
    Status.COLD.value: 0,
    Status.COOLING.value: 1,
    Status.NEW.value: 2,
    Status.WARM.value: 3,
    None: 4,
}

_NO_DAY = date.max  # missing dates sort after every real one


_LAST_TEXT = "\U0010ffff"  # sorts after any real text, so empty cells go last


def _text_key(field_name: str) -> Callable[[ContactRow], Any]:
    index = ContactRow._fields.index(field_name)

    # A plain string per row: comparing strings is much cheaper than comparing tuples.
    def key(row: ContactRow) -> str:
        text: str = row[index]  # type: ignore[assignment]
        return text.casefold() or _LAST_TEXT

    return key


SORT_KEYS: dict[ContactColumn, Callable[[ContactRow], Any]] = {
    ContactColumn.NAME: lambda row: row.name.casefold(),
    ContactColumn.COMPANY: _text_key("company"),
    ContactColumn.POSITION: _text_key("position"),
    ContactColumn.CIRCLE: lambda row: row.circle_rank,
    ContactColumn.LAST_TOUCH: lambda row: row.last_touch or _NO_DAY,
    ContactColumn.WARMTH: lambda row: -1 if row.warmth is None else row.warmth,
    ContactColumn.STATUS: lambda row: STATUS_RANK.get(row.status, 4),
    ContactColumn.NEXT_DUE: lambda row: row.next_due or _NO_DAY,
}


@dataclass(frozen=True)
class ContactCriteria:
    """What the user filters by; empty values mean 'any'."""

    text: str = ""
    circle: str = ""
    status: str = ""  # a Status value, NO_STATUS or ARCHIVED
    tag: str = ""

    def words(self) -> list[str]:
        return fold(self.text).split()

    def narrows(self, earlier: ContactCriteria) -> bool:
        """True when every row matching self also matched `earlier` (only more text typed)."""
        if replace(self, text="") != replace(earlier, text=""):
            return False
        before = earlier.words()
        now = self.words()
        if len(now) < len(before):
            return False
        return all(new.find(old) >= 0 for old, new in zip(before, now, strict=False))


def row_filter(criteria: ContactCriteria) -> Callable[[ContactRow], bool] | None:
    """A predicate for circle, status and tag (None: no such filter).

    Whether a row is archived is not checked here: live and archived rows are kept in
    separate lists, so the everyday case (no filter but the text) tests nothing per row.
    """
    circle, status, tag = criteria.circle, criteria.status, criteria.tag
    checks: list[Callable[[ContactRow], bool]] = []
    if status == NO_STATUS:
        checks.append(lambda row: row.status is None)
    elif status and status != ARCHIVED:
        checks.append(lambda row: row.status == status)
    if circle:
        checks.append(lambda row: row.circle == circle)
    if tag:
        wanted = tag.casefold()
        checks.append(
            lambda row: bool(row.tags) and wanted in (t.casefold() for t in row.tags.split(LIST_SEPARATOR))
        )
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda row: all(check(row) for check in checks)


_KEY = ContactRow._fields.index("search_key")


def filter_rows(rows: Sequence[ContactRow], criteria: ContactCriteria) -> list[ContactRow]:
    """The rows (all live, or all archived) matching `criteria`, in their current order."""
    matching: list[ContactRow] = list(rows)
    # Text first: it is the most selective and the cheapest test per row.
    for word in criteria.words():
        matching = [row for row in matching if word in row[_KEY]]  # type: ignore[operator]
    predicate = row_filter(criteria)
    if predicate is not None:
        matching = [row for row in matching if predicate(row)]
    return matching


def sort_rows(rows: Sequence[ContactRow], column: ContactColumn, descending: bool) -> list[ContactRow]:
    """Rows sorted by a column; ties keep their order (rows arrive sorted by name)."""
    return sorted(rows, key=SORT_KEYS[column], reverse=descending)


class ContactListController:
    """Owns every row, the sort order and the filter; hands the table the rows to show."""

    def __init__(self) -> None:
        self._by_name: list[ContactRow] = []  # every row, ordered by name
        self._ids: set[int] = set()
        # Every row in the chosen order, live and archived apart.
        self._live: list[ContactRow] = []
        self._archived: list[ContactRow] = []
        self.untracked_count = 0
        self._visible: list[ContactRow] = []
        self._criteria = ContactCriteria()
        self.sort_column = ContactColumn.NAME
        self.descending = False

    @property
    def visible(self) -> list[ContactRow]:
        return self._visible

    @property
    def criteria(self) -> ContactCriteria:
        return self._criteria

    @property
    def all_rows(self) -> list[ContactRow]:
        return self._by_name

    @property
    def live_count(self) -> int:
        return len(self._live)

    def load(self, rows: list[ContactRow]) -> list[ContactRow]:
        """Replace every row (already ordered by name), keeping sort and filter."""
        self._by_name = rows
        self._ids = {row.contact_id for row in rows}
        self.untracked_count = sum(map(_untracked, rows))
        self._resort()
        return self._refilter()

    def set_criteria(self, criteria: ContactCriteria) -> list[ContactRow]:
        narrower = criteria.narrows(self._criteria)
        self._criteria = criteria
        return self._refilter(self._visible if narrower else None)

    def sort(self, column: ContactColumn, descending: bool) -> list[ContactRow]:
        self.sort_column, self.descending = column, descending
        self._resort()
        return self._refilter()

    def update_rows(self, fresh: Sequence[ContactRow]) -> dict[int, int]:
        """Swap in newer versions of some rows where they stand; returns visible positions changed.

        Rows don't jump around under the user's cursor: a changed row keeps its place
        until the next sort or filter.
        """
        by_id = {row.contact_id: row for row in fresh}
        if not by_id:
            return {}
        for position, row in enumerate(self._by_name):
            newer = by_id.get(row.contact_id)
            if newer is not None:
                self._by_name[position] = newer
                self.untracked_count += _untracked(newer) - _untracked(row)
        for rows in (self._live, self._archived):
            for position, row in enumerate(rows):
                if row.contact_id in by_id:
                    rows[position] = by_id[row.contact_id]
        changed: dict[int, int] = {}
        for position, row in enumerate(self._visible):
            if row.contact_id in by_id:
                self._visible[position] = by_id[row.contact_id]
                changed[row.contact_id] = position
        return changed

    def has_row(self, contact_id: int) -> bool:
        return contact_id in self._ids

    def _resort(self) -> None:
        if self.sort_column == ContactColumn.NAME and not self.descending:
            ordered = self._by_name
        else:
            ordered = sort_rows(self._by_name, self.sort_column, self.descending)
        self._live = [row for row in ordered if not row.archived]
        self._archived = [row for row in ordered if row.archived]

    def _refilter(self, within: list[ContactRow] | None = None) -> list[ContactRow]:
        if within is None:
            within = self._archived if self._criteria.status == ARCHIVED else self._live
        self._visible = filter_rows(within, self._criteria)
        return self._visible


def _untracked(row: ContactRow) -> int:
    """1 for a contact awaiting triage (in the Untracked circle, not archived)."""
    return 1 if row.circle == UNTRACKED and not row.archived else 0
