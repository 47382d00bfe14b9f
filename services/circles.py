"""Circles and their keep-in-touch cadence, as the user sets them."""

from __future__ import annotations

from dataclasses import dataclass

from core.kinds import UNTRACKED
from models.entities import Circle
from services.contacts import ContactError, circle_named
from services.derived import refresh_touch_columns
from services.store import Store

MAX_CADENCE_DAYS = 3650  # ten years: anything longer is not keeping in touch


@dataclass(frozen=True)
class CircleCadence:
    name: str
    cadence_days: int | None  # None: untracked, no cadence
    importance: int
    contacts: int  # contacts in the circle, archived ones excepted


def circle_cadences(store: Store) -> list[CircleCadence]:
    """Every circle in display order, with its cadence and how many contacts it holds."""
    rows = store.db.execute_sql(
        "SELECT ci.name, ci.cadence_days, ci.importance, "
        "(SELECT COUNT(*) FROM contact c WHERE c.circle_id = ci.id AND c.archived = 0) "
        "FROM circle ci ORDER BY ci.position, ci.id"
    )
    return [CircleCadence(name, cadence, importance, count) for name, cadence, importance, count in rows]


def set_circle_cadence(store: Store, circle: str, days: int) -> int:
    """Give a circle a new cadence and recompute its contacts' engagement; returns how many.

    Engagement decays with a half-life of the cadence, so the stored value of every contact
    who follows the circle's cadence (no cadence of their own) must be recomputed.
    """
    target = circle_named(circle)
    if target.name == UNTRACKED:
        raise ContactError("Untracked contacts have no cadence; move them into a circle instead")
    if not 1 <= days <= MAX_CADENCE_DAYS:
        raise ContactError(f"a cadence is between 1 and {MAX_CADENCE_DAYS} days")
    if target.cadence_days == days:
        return 0
    with store.db.atomic():
        Circle.update(cadence_days=days).where(Circle.id == target.id).execute()
        following = [
            row[0]
            for row in store.db.execute_sql(
                "SELECT id FROM contact WHERE circle_id = ? AND cadence_days IS NULL", [target.id]
            )
        ]
        refresh_touch_columns(store, following)
    return len(following)
