"""Reading a CSV export by header name, wherever the header is and whatever the delimiter."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from connectors.errors import ImportRefused, RowProblem

# Message bodies can be long; the csv module's default limit (128 KiB) would refuse them.
csv.field_size_limit(64 * 1024 * 1024)

HEADER_SCAN_ROWS = 50  # the LinkedIn preamble is three lines; allow for more
DELIMITERS = (",", ";", "\t")  # Excel in many locales saves ';', "Unicode text" saves tabs


def header_key(cell: str) -> str:
    """'  E-mail 1 - Value ' -> 'e-mail 1 - value'; how columns are looked up."""
    return " ".join(cell.replace("\ufeff", "").strip().strip('"').split()).casefold()


@dataclass(slots=True)
class CsvRow:
    line: int  # where the row starts in the file
    cells: list[str]
    table: CsvTable

    def get(self, *names: str) -> str:
        """The stripped value of the first of ``names`` the file has; '' when none."""
        for name in names:
            index = self.table.columns.get(name)
            if index is not None and index < len(self.cells):
                return self.cells[index].strip()
        return ""


@dataclass
class CsvTable:
    name: str
    header: list[str]
    columns: dict[str, int]  # header_key -> first index with that name
    header_line: int
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # rows dropped while reading

    def has(self, *names: str) -> bool:
        return any(name in self.columns for name in names)

    def index_of(self, *names: str) -> int:
        """Position of the first of ``names`` the file has; -1 (an always-empty cell) when none."""
        return next((self.columns[name] for name in names if name in self.columns), -1)

    def padded(self, row: CsvRow) -> list[str]:
        """The row's cells, one per column plus a last empty one that index_of's -1 reads."""
        missing = len(self.header) - len(row.cells)
        return [*row.cells, *[""] * missing, ""] if missing > 0 else [*row.cells[: len(self.header)], ""]


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    previous_end = 0
    for cells in reader:
        yield previous_end + 1, cells
        previous_end = reader.line_num


def read_table(
    text: str,
    name: str,
    is_header: Callable[[set[str]], bool],
    refusal: str,
) -> CsvTable:
    """Find the header row (the first that satisfies ``is_header``) and read every row after it.

    ``refusal`` completes "NAME: ..." when no header is found, e.g.
    "not a LinkedIn connections file (no 'First Name' header found)".
    """
    for delimiter in DELIMITERS:
        found = _find_header(text, delimiter, is_header)
        if found is not None:
            return _read_after(text, name, delimiter, *found)
    raise ImportRefused(f"{name}: {refusal}")


def sniff_header(text: str, is_header: Callable[[set[str]], bool]) -> set[str] | None:
    """The column names of the first header row that satisfies ``is_header``, if any."""
    for delimiter in DELIMITERS:
        found = _find_header(text, delimiter, is_header)
        if found is not None:
            return {header_key(cell) for cell in found[1]}
    return None


def _find_header(
    text: str, delimiter: str, is_header: Callable[[set[str]], bool]
) -> tuple[int, list[str]] | None:
    try:
        for index, (line, cells) in enumerate(_rows(text, delimiter)):
            if index >= HEADER_SCAN_ROWS:
                return None
            if len(cells) > 1 and is_header({header_key(cell) for cell in cells}):
                return line, cells
    except csv.Error:
        return None
    return None


def _read_after(text: str, name: str, delimiter: str, header_line: int, header: list[str]) -> CsvTable:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        columns.setdefault(header_key(cell), index)
    table = CsvTable(name=name, header=header, columns=columns, header_line=header_line)
    rows = table.rows
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if start > header_line and "".join(cells).strip():
                rows.append(CsvRow(start, cells, table))
    except csv.Error as error:
        raise ImportRefused(f"{name}: not a readable CSV file ({error})") from error
    _drop_truncated_tail(text, table)
    return table


def _drop_truncated_tail(text: str, table: CsvTable) -> None:
    """A file cut off inside a quoted field swallows everything after the quote into one cell."""
    if not table.rows or text.count('"') % 2 == 0:
        return
    last = table.rows[-1]
    if any("\n" in cell for cell in last.cells):
        table.rows.pop()
        table.problems.append(
            RowProblem(table.name, last.line, "a quoted field never ends (is the file cut off?); row skipped")
        )
