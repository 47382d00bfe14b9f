"""What importers report: a whole file refused, or single rows left out."""

from __future__ import annotations

from dataclasses import asdict, dataclass


class ImportRefused(Exception):  # noqa: N818 - reads as a sentence: 'import refused'
    """The file cannot be imported at all; nothing was written.

    The message is one line that names the file and the problem, e.g.
    "Connections.csv: not a LinkedIn connections file (no 'First Name' header found)".
    """


class ImportCancelled(Exception):  # noqa: N818
    """The user stopped the import; everything it had written was rolled back."""


@dataclass(frozen=True)
class RowProblem:
    """One row (or card) of a file that was skipped or only partly understood."""

    file: str
    line: int  # 1-based line where the row starts; 0 when it concerns the whole file
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "whole file"
        return f"{self.file} {where}: {self.reason}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)
