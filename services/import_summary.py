"""What an import did, in words a user reads once: counts, and the rows it left out."""

from __future__ import annotations

from dataclasses import dataclass, field

from connectors.errors import RowProblem

PROBLEMS_IN_HEADLINE = 3


@dataclass
class ImportSummary:
    source: str  # the file or export the user picked
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # contact rows left out (see problems)
    touches_added: int = 0
    exchanges_added: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    touches_unchanged: int = 0  # already imported earlier
    exchanges_unchanged: int = 0
    unmatched: int = 0  # touches, exchanges, invitations about people who are not contacts
    owner: str = ""  # whose LinkedIn export it was, when it says
    files: list[str] = field(default_factory=list)

    def _where(self, problem: RowProblem) -> str:
        place = f"line {problem.line}" if problem.line else "file"
        own_file = problem.file == self.source
        return f"{place}: {problem.reason}" if own_file else f"{problem.file} {place}: {problem.reason}"

    def headline(self) -> str:
        text = (
            f"Imported {self.source}: {self.added:,} added, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged, {self.skipped:,} skipped"
        )
        if self.problems:
            shown = "; ".join(self._where(p) for p in self.problems[:PROBLEMS_IN_HEADLINE])
            more = len(self.problems) - PROBLEMS_IN_HEADLINE
            text += f" ({shown}{f'; … {more:,} more' if more > 0 else ''})"
        return text

    def lines(self) -> list[str]:
        """The headline, then touches and ledger counts, then every problem on its own line."""
        lines = [self.headline()]
        if self.touches_added or self.touches_unchanged:
            lines.append(f"Touches: {self.touches_added:,} added, {self.touches_unchanged:,} already there")
        if self.exchanges_added or self.exchanges_unchanged:
            lines.append(
                f"Recommendations and endorsements: {self.exchanges_added:,} added, "
                f"{self.exchanges_unchanged:,} already there"
            )
        if self.unmatched:
            lines.append(
                f"{self.unmatched:,} messages, invitations or endorsements concern people who are not "
                "among your contacts and were left out"
            )
        lines.extend(str(problem) for problem in self.problems)
        return lines

    def __str__(self) -> str:
        return self.headline()

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.updated or self.touches_added or self.exchanges_added)

    def to_json(self) -> dict[str, object]:
        """The summary as JSON-ready data (the CLI's --json prints it)."""
        return {
            "source": self.source,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "touches_added": self.touches_added,
            "touches_unchanged": self.touches_unchanged,
            "exchanges_added": self.exchanges_added,
            "exchanges_unchanged": self.exchanges_unchanged,
            "unmatched": self.unmatched,
            "owner": self.owner,
            "files": list(self.files),
            "problems": [problem.to_json() for problem in self.problems],
        }
