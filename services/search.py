"""Search across names, companies, positions, emails and tags."""

from __future__ import annotations

from dataclasses import dataclass

from core.matching import fold
from services.store import Store

TRIGRAM = 3  # FTS5's trigram tokenizer needs at least three characters


@dataclass(frozen=True)
class SearchHit:
    contact_id: int
    name: str
    company: str
    position: str
    circle: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.contact_id,
            "name": self.name,
            "company": self.company,
            "position": self.position,
            "circle": self.circle,
        }


_COLUMNS = "c.id, c.display_name, c.company, c.position, ci.name"


def search_contacts(
    store: Store, text: str, *, limit: int = 50, include_archived: bool = False
) -> list[SearchHit]:
    """Contacts whose name, company, position, email or tag contains ``text`` (any case, any accents)."""
    words = [w for w in text.lower().split() if w]
    if not words:
        return []
    archived = "" if include_archived else " AND c.archived = 0"
    if all(len(w) >= TRIGRAM for w in words):
        # Each word as a quoted FTS5 string: the trigram index matches it anywhere in the text.
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = (
            f"SELECT {_COLUMNS} FROM contact_search s JOIN contact c ON c.id = s.rowid "
            f"JOIN circle ci ON ci.id = c.circle_id WHERE contact_search MATCH ?{archived} "
            "ORDER BY c.display_name COLLATE NOCASE LIMIT ?"
        )
        params: list[object] = [match, limit]
    else:
        conditions = " AND ".join("c.search_text LIKE ? ESCAPE '\\'" for _ in words)
        sql = (
            f"SELECT {_COLUMNS} FROM contact c JOIN circle ci ON ci.id = c.circle_id "
            f"WHERE {conditions}{archived} ORDER BY c.display_name COLLATE NOCASE LIMIT ?"
        )
        params = [f"%{_escape_like(w)}%" for w in words] + [limit]
    rows = store.db.execute_sql(sql, params).fetchall()
    hits = [SearchHit(*row) for row in rows]
    if not hits and fold(text) != text.lower():
        return search_contacts(store, fold(text), limit=limit, include_archived=include_archived)
    return hits


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
