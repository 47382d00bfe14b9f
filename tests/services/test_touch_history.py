"""touch_history follows every way a touch is written, edited or removed.

The kept-within-cadence chart reads each contact's touch instants from this one row; a
row that lagged behind the interactions would quietly draw the wrong percentages.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from models.entities import Contact, Interaction
from services.clock import fixed_clock
from services.contacts import ContactInput, create_contact
from services.exporting import export_json
from services.importing import import_file
from services.json_backup import restore_json
from services.shares import ShareInput, save_share, send_share
from services.store import Store, open_store
from services.timeline import TOUCH, ItemChanges, delete_item, restore_item, update_item
from services.touches import delete_interaction, log_interaction

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=BERLIN)
LINKEDIN = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "linkedin_export"


@pytest.fixture
def berlin(data_dir: Path) -> Iterator[Store]:
    store = open_store(data_dir, clock=fixed_clock(NOW), tz=BERLIN)
    yield store
    store.close()


def stored(store: Store) -> dict[int, list[str]]:
    return {
        cid: text.split(",")
        for cid, text in store.db.execute_sql("SELECT contact_id, instants FROM touch_history")
    }


def from_interactions(store: Store) -> dict[int, list[str]]:
    """What the rows should say: every non-note interaction's instant, per participant, sorted."""
    expected: dict[int, list[str]] = {}
    for cid, when in store.db.execute_sql(
        "SELECT ic.contact_id, i.occurred_at FROM interaction_contact ic "
        "JOIN interaction i ON i.id = ic.interaction_id WHERE i.kind != 'note' "
        "ORDER BY ic.contact_id, i.occurred_at"
    ):
        expected.setdefault(cid, []).append(str(when))
    return expected


def person(store: Store, name: str) -> Contact:
    return create_contact(store, ContactInput(display_name=name, circle="Close"))


def test_logging_editing_and_deleting_touches_keep_the_history_exact(berlin: Store) -> None:
    ana, ben = person(berlin, "Ana"), person(berlin, "Ben")
    assert stored(berlin) == {}

    lunch = log_interaction(berlin, [ana, ben], "lunch", when=datetime(2026, 10, 1, 0, 30, tzinfo=BERLIN))
    log_interaction(berlin, [ana], "email", when=datetime(2026, 11, 2, 9, 0, tzinfo=BERLIN))
    log_interaction(berlin, [ben], "note", when=datetime(2026, 11, 3, 9, 0, tzinfo=BERLIN))
    # 00:30 in Berlin on 1 October is still 30 September in UTC, as stored.
    assert stored(berlin) == {
        ana.id: ["2026-09-30 22:30:00", "2026-11-02 08:00:00"],
        ben.id: ["2026-09-30 22:30:00"],
    }

    update_item(berlin, TOUCH, lunch.id, ItemChanges(day=date(2026, 11, 20)))
    assert stored(berlin)[ben.id] == ["2026-11-19 23:30:00"]  # 00:30 local again, now at UTC+1
    assert stored(berlin) == from_interactions(berlin)

    deleted = delete_item(berlin, TOUCH, lunch.id)
    assert ben.id not in stored(berlin)
    restore_item(berlin, deleted)
    assert stored(berlin)[ben.id] == ["2026-11-19 23:30:00"]

    only = Interaction.get(Interaction.kind == "email")
    delete_interaction(berlin, only)
    assert stored(berlin) == from_interactions(berlin)
    assert stored(berlin)[ana.id] == ["2026-11-19 23:30:00"]


def test_a_touch_that_becomes_a_note_leaves_the_history(berlin: Store) -> None:
    ana = person(berlin, "Ana")
    call = log_interaction(berlin, [ana], "call", when=datetime(2026, 11, 10, 9, 0, tzinfo=BERLIN))
    update_item(berlin, TOUCH, call.id, ItemChanges(kind="note"))
    assert stored(berlin) == {}


def test_shares_imports_and_deleted_contacts(berlin: Store) -> None:
    ana, ben = person(berlin, "Ana"), person(berlin, "Ben")
    share = save_share(berlin, ShareInput(url="https://example.org/essay", title="An essay"))
    send_share(berlin, share, [ana.id, ben.id])
    assert set(stored(berlin)) == {ana.id, ben.id}

    import_file(berlin, "linkedin", LINKEDIN)
    history = stored(berlin)
    assert len(history) > 2  # the export's messages became touches
    assert history == from_interactions(berlin)

    Contact.delete().where(Contact.id == ana.id).execute()
    assert ana.id not in stored(berlin)


def test_a_backup_restores_the_history_with_the_touches(berlin: Store, tmp_path: Path) -> None:
    ana = person(berlin, "Ana")
    log_interaction(berlin, [ana], "call", when=datetime(2026, 11, 10, 9, 0, tzinfo=BERLIN))
    backup = tmp_path / "backup.json"
    export_json(berlin, backup)
    log_interaction(berlin, [ana], "video", when=datetime(2026, 11, 12, 9, 0, tzinfo=BERLIN))
    restore_json(berlin, backup)
    assert stored(berlin) == {ana.id: ["2026-11-10 08:00:00"]}
