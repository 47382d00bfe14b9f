"""Deciding, before anything is written, what an import adds and changes.

New contacts get their ids here (the import holds the only write lock, so max(id) + 1
onwards is theirs), which lets touches and exchanges point at people the same export
introduces. Existing contacts only gain: a non-empty value that differs replaces the old
one, emails/phones/URLs/tags are added, notes are appended, names and circles never change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from connectors.records import Labelled, ParsedBatch, ParsedContact, ParsedExchange, ParsedTouch
from services.contacts import split_name
from services.import_index import ContactIndex, ContactState, ParsedKeys, phone_key, url_key
from services.store import Store

SCALAR_FIELDS = ("company", "position", "location", "connected_on", "initiated_by")
CHUNK = 500


@dataclass
class ImportPlan:
    new_contacts: list[ContactState] = field(default_factory=list)
    changed: dict[int, ContactState] = field(default_factory=dict)  # existing contacts only
    unchanged: set[int] = field(default_factory=set)
    emails: list[tuple[int, str, str]] = field(default_factory=list)  # (contact, email, label)
    phones: list[tuple[int, str, str]] = field(default_factory=list)
    urls: list[tuple[int, str, str]] = field(default_factory=list)
    tags: list[tuple[int, str]] = field(default_factory=list)
    touches: list[tuple[ParsedTouch, list[int]]] = field(default_factory=list)
    exchanges: list[tuple[ParsedExchange, int]] = field(default_factory=list)
    touches_known: int = 0  # imported before: left alone
    exchanges_known: int = 0
    unmatched: int = 0  # about people who are not among the contacts
    existing_contacts: int = 0  # how many the database held before

    @property
    def write_count(self) -> int:
        return len(self.new_contacts) + len(self.changed) + len(self.touches) + len(self.exchanges)


def plan_import(store: Store, index: ContactIndex, batch: ParsedBatch) -> ImportPlan:
    plan = ImportPlan(existing_contacts=len(index.rows))
    next_id = int(store.db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM contact").fetchone()[0]) + 1
    for parsed in batch.contacts:
        keys: ParsedKeys | None = None
        found = index.match_by_address(parsed)
        if found is None:
            keys = ParsedKeys.of(parsed)
            found = index.match_by_name(parsed, keys)
        if found is None:
            assert keys is not None
            state = _new_state(next_id, parsed, keys)
            next_id += 1
            _add_collections(plan, index, state, parsed)
            index.register(state, keys)
            plan.new_contacts.append(state)
            continue
        if found not in index.states and _adds_nothing(index, found, parsed):
            plan.unchanged.add(found)
            continue
        state = index.state(found)
        if _merge(plan, index, state, parsed) and not state.is_new:
            plan.changed[found] = state
        elif not state.is_new:
            plan.unchanged.add(found)
    for invitation in batch.invitations:
        found = index.resolve(invitation.person)
        if found is None:
            plan.unmatched += 1
            continue
        state = index.state(found)
        if state.initiated_by != invitation.initiated_by:
            state.initiated_by = invitation.initiated_by
            if not state.is_new:
                plan.changed[found] = state
    plan.unchanged -= set(plan.changed)
    _plan_touches(store, index, batch, plan)
    _plan_exchanges(store, index, batch, plan)
    return plan


def _adds_nothing(index: ContactIndex, contact_id: int, parsed: ParsedContact) -> bool:
    """A quick look at the stored row: True when ``parsed`` holds nothing the contact lacks.

    Re-importing a 30,000-row export takes this path for every row; anything it is unsure
    about (notes, birthdays, phones, URLs, tags) goes through the full merge instead.
    """
    row = index.rows[contact_id]
    if parsed.notes or parsed.birthday or parsed.phones or parsed.urls or parsed.tags:
        return False
    connected = parsed.connected_on.isoformat() if parsed.connected_on else None
    return (
        (not parsed.company or parsed.company == row[4])
        and (not parsed.position or parsed.position == row[5])
        and (not parsed.linkedin_url or row[6] is not None)
        and (not parsed.location or parsed.location == row[7])
        and (connected is None or connected == row[8])
        and (not parsed.initiated_by or parsed.initiated_by == row[11])
        and all((contact_id, email.value) in index.emails for email in parsed.emails if email.value)
    )


def _new_state(contact_id: int, parsed: ParsedContact, keys: ParsedKeys) -> ContactState:
    display = " ".join(parsed.name.split())
    first, last = parsed.first_name, parsed.last_name
    if not first and not last:
        first, last = split_name(display)
    # The keys of a split display name are the display name's own: name_key() folds "first last".
    return ContactState(
        name_key=keys.name_key,
        company_key=keys.company_key,
        contact_id=contact_id,
        display_name=display,
        first_name=first,
        last_name=last,
        company=parsed.company,
        position=parsed.position,
        linkedin_url=parsed.linkedin_url,
        location=parsed.location,
        connected_on=parsed.connected_on,
        birthday=parsed.birthday,
        notes=parsed.notes.strip(),
        initiated_by=parsed.initiated_by,
        is_new=True,
    )


def _merge(plan: ImportPlan, index: ContactIndex, state: ContactState, parsed: ParsedContact) -> bool:
    """Bring what ``parsed`` adds into ``state``; True when anything changed."""
    changed = False
    for name in SCALAR_FIELDS:
        value = getattr(parsed, name)
        if value and value != getattr(state, name):
            setattr(state, name, value)
            changed = True
    # A year-less birthday never replaces one that has the year.
    if (
        parsed.birthday
        and parsed.birthday != state.birthday
        and (state.birthday is None or not parsed.birthday.startswith("--"))
    ):
        state.birthday = parsed.birthday
        changed = True
    notes = parsed.notes.strip()
    if notes and notes not in state.notes:
        state.notes = f"{state.notes.rstrip()}\n\n{notes}" if state.notes.strip() else notes
        changed = True
    if parsed.linkedin_url and state.linkedin_url is None and parsed.linkedin_url not in index.by_url:
        state.linkedin_url = parsed.linkedin_url
        changed = True
    changed |= _add_collections(plan, index, state, parsed)
    if changed:
        state.refresh_keys()
        index.register(state)
    return changed


def _add_collections(
    plan: ImportPlan, index: ContactIndex, state: ContactState, parsed: ParsedContact
) -> bool:
    """Add the emails, phones, URLs and tags ``state`` lacks; True when any was new."""
    cid = state.contact_id
    added = False
    for email in parsed.emails:
        if email.value and index.add_email(cid, email.value):
            plan.emails.append((cid, email.value, email.label))
            added = True
    if parsed.phones:
        added |= _add_labelled(parsed.phones, index.phones, phone_key, plan.phones, cid)
    if parsed.urls:
        added |= _add_labelled(parsed.urls, index.urls, url_key, plan.urls, cid)
    for tag in parsed.tags:
        cleaned = " ".join(tag.split())
        if cleaned and (cid, cleaned.lower()) not in index.tags:
            index.tags.add((cid, cleaned.lower()))
            plan.tags.append((cid, cleaned))
            added = True
    return added


def _add_labelled(
    values: Iterable[Labelled],
    seen: set[tuple[int, str]],
    key_of: Callable[[str], str],
    rows: list[tuple[int, str, str]],
    contact_id: int,
) -> bool:
    added = False
    for item in values:
        value = item.value.strip()
        key = (contact_id, key_of(value))
        if value and key not in seen:
            seen.add(key)
            rows.append((contact_id, value, item.label))
            added = True
    return added


def existing_source_keys(store: Store, table: str, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT source_key FROM {table} WHERE source_key IN ({marks})"
        found.update(row[0] for row in store.db.execute_sql(sql, chunk))
    return found


def _plan_touches(store: Store, index: ContactIndex, batch: ParsedBatch, plan: ImportPlan) -> None:
    known = existing_source_keys(store, "interaction", [t.source_key for t in batch.touches])
    for touch in batch.touches:
        if touch.source_key in known:
            plan.touches_known += 1
            continue
        ids = list(dict.fromkeys(cid for cid in map(index.resolve, touch.participants) if cid is not None))
        if not ids:
            plan.unmatched += 1
            continue
        known.add(touch.source_key)
        plan.touches.append((touch, ids))


def _plan_exchanges(store: Store, index: ContactIndex, batch: ParsedBatch, plan: ImportPlan) -> None:
    known = existing_source_keys(store, "exchange", [e.source_key for e in batch.exchanges])
    for exchange in batch.exchanges:
        if exchange.source_key in known:
            plan.exchanges_known += 1
            continue
        found = index.resolve(exchange.person)
        if found is None:
            plan.unmatched += 1
            continue
        known.add(exchange.source_key)
        plan.exchanges.append((exchange, found))
