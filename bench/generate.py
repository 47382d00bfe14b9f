"""Large, realistic data for the benchmarks: a LinkedIn Connections.csv and a full database.

Both are generated fast (a few seconds for 30,000 contacts and 300,000 interactions) and
cached under ``bench/.data`` keyed by their parameters, so reruns start at once.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import time as wall_clock
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from core.kinds import EXCHANGE_DIRECTIONS, EXCHANGE_KINDS
from core.matching import company_key, fold, name_key, search_text
from models.database import latest_schema_version
from models.location import DATABASE_FILE
from models.search_index import create_search_triggers, drop_search_triggers, rebuild_search_index
from services.demo_generated import (
    CITIES,
    COMPANIES,
    FIRST_NAMES,
    LAST_NAMES,
    POSITIONS,
    TAGS,
    TOUCH_KINDS,
    db_instant,
    slug_of,
    weighted_choice,
)
from services.derived import refresh_touch_columns
from services.store import Store, open_store

CACHE_DIR = Path(__file__).resolve().parent / ".data"
# Bump when the generated data changes shape, so stale caches are rebuilt.
GENERATOR_VERSION = 2
COMPLETE_MARK = "complete.json"

LINKEDIN_PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their connections "
    "to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\r\n'
    "\r\n"
)
LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Company and position spellings with commas, so the CSV needs quoting as real exports do.
COMMA_COMPANIES = ("Acme, Inc.", "Smith, Jones & Partners", "Globex, LLC", "Initech, Ltd")
COMMA_POSITIONS = ("Founder, CEO", "Engineer, Platform", "Director, Sales & Partnerships")

CIRCLE_MIX = (("Untracked", 60), ("Inner", 1), ("Close", 5), ("Network", 18), ("Acquaintance", 16))
Pair = tuple[int, str]  # a contact id and its circle


def linkedin_date(day: date) -> str:
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def _rng(seed: int) -> random.Random:
    return random.Random(seed)  # made-up people, not secrets


def generate_connections_csv(path: Path | str, n: int = 30_000, seed: int = 1) -> Path:
    """A LinkedIn Connections.csv of ``n`` rows, byte for byte in LinkedIn's format."""
    rng = _rng(seed)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    today = date.today()
    used_slugs: set[str] = set()
    # Distinct people: the importer rightly treats the same name at the same company as one.
    used_people: set[tuple[str, str]] = set()
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(LINKEDIN_PREAMBLE)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(LINKEDIN_HEADER)
        for row_number in range(n):
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                company = rng.choice(COMMA_COMPANIES) if rng.random() < 0.03 else rng.choice(COMPANIES)
                person = (name_key(first, last), company_key(company))
                if person not in used_people:
                    used_people.add(person)
                    break
            slug = slug_of(first, last, rng)
            while slug in used_slugs:
                slug = slug_of(first, last, rng)
            used_slugs.add(slug)
            position = rng.choice(COMMA_POSITIONS) if rng.random() < 0.03 else rng.choice(POSITIONS)
            email = ""
            if rng.random() < 0.08:
                handle = f"{fold(first)}.{fold(last)}".replace(" ", "")
                email = f"{handle}{row_number}@mail.example"
            connected = today - timedelta(days=int(rng.triangular(1, 4000, 300)))
            writer.writerow((first, last, f"https://www.linkedin.com/in/{slug}", email, company, position,
                             linkedin_date(connected)))  # fmt: skip
    return target


def cached_connections_csv(n: int = 30_000, seed: int = 1) -> Path:
    path = CACHE_DIR / f"connections-n{n}-s{seed}-v{GENERATOR_VERSION}.csv"
    if not path.exists():
        partial = path.with_suffix(".partial")
        generate_connections_csv(partial, n, seed)
        partial.replace(path)
    return path


def large_database_dir(contacts: int = 30_000, interactions: int = 300_000, seed: int = 1) -> Path:
    key = f"db-c{contacts}-i{interactions}-s{seed}-v{GENERATOR_VERSION}-schema{latest_schema_version()}"
    return CACHE_DIR / key


def build_large_database(
    data_dir: Path | str | None = None,
    contacts: int = 30_000,
    interactions: int = 300_000,
    seed: int = 1,
) -> Path:
    """A data folder holding ``contacts`` contacts and ``interactions`` interactions.

    With no ``data_dir`` the folder is cached under ``bench/.data`` and reused while the
    parameters (and the schema) stay the same. Returns the data folder.
    """
    folder = Path(data_dir) if data_dir is not None else large_database_dir(contacts, interactions, seed)
    if (folder / COMPLETE_MARK).exists():
        return folder
    if data_dir is None:
        _prune_stale_caches(keep=folder)
    if folder.exists():
        shutil.rmtree(folder)  # a half-built cache from an interrupted run
    started = wall_clock.perf_counter()
    store = open_store(folder)
    try:
        with store.db.atomic():
            # Per-row triggers make a bulk insert ~9x slower than one rebuild of the index.
            drop_search_triggers(store.db)
            contact_ids = _insert_contacts(store, _rng(seed), contacts)
            _insert_interactions(store, _rng(seed + 1), contact_ids, interactions)
            _insert_ledger_and_checkins(store, _rng(seed + 2), contact_ids)
            rebuild_search_index(store.db)
            create_search_triggers(store.db)
            refresh_touch_columns(store)
        store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    seconds = wall_clock.perf_counter() - started
    mark = {"contacts": contacts, "interactions": interactions, "seed": seed,
            "built_at": datetime.now(UTC).isoformat(), "seconds": seconds}  # fmt: skip
    (folder / COMPLETE_MARK).write_text(json.dumps(mark, indent=2))
    return folder


def _prune_stale_caches(keep: Path) -> None:
    """Databases cached for an older schema or generator are 70 MB each and never used again."""
    for folder in CACHE_DIR.glob("db-*"):
        if folder != keep and folder.name.rsplit("-schema", 1)[0] == keep.name.rsplit("-schema", 1)[0]:
            shutil.rmtree(folder, ignore_errors=True)


def database_file(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILE


def _insert_contacts(store: Store, rng: random.Random, count: int) -> list[Pair]:
    """Insert the contacts; returns (id, circle) pairs."""
    db = store.db
    today = store.today()
    now_text = datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
    circle_ids = dict(db.execute_sql("SELECT name, id FROM circle").fetchall())
    db.connection().executemany("INSERT OR IGNORE INTO tag (name) VALUES (?)", [(tag,) for tag in TAGS])
    tag_ids = dict(db.execute_sql("SELECT name, id FROM tag").fetchall())
    rows: list[tuple[object, ...]] = []
    emails: list[tuple[int, str]] = []
    phones: list[tuple[int, str]] = []
    tags: list[tuple[int, int]] = []
    ids: list[Pair] = []
    for contact_id in range(1, count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        display = f"{first} {last}"
        company, position = rng.choice(COMPANIES), rng.choice(POSITIONS)
        circle = weighted_choice(rng, CIRCLE_MIX)
        email = f"{fold(first).replace(' ', '')}.{contact_id}@mail.example" if rng.random() < 0.5 else None
        contact_tags = rng.sample(TAGS, k=rng.choice((0, 0, 0, 1, 1, 2)))
        connected = today - timedelta(days=int(rng.triangular(1, 4000, 300)))
        rows.append((
            contact_id, first, last, display, name_key(first, last), company, company_key(company), position,
            f"https://www.linkedin.com/in/{slug_of(first, last, rng)}", rng.choice(CITIES),
            "LinkedIn" if circle == "Untracked" else rng.choice(("conference", "former colleague", "meetup")),
            connected.isoformat(), circle_ids[circle], now_text, now_text,
            search_text(display, company, position, *([email] if email else []), *contact_tags),
        ))  # fmt: skip
        if email:
            emails.append((contact_id, email))
        if rng.random() < 0.1:
            phones.append((contact_id, f"+1 555 {rng.randint(1_000_000, 9_999_999)}"))
        tags.extend((contact_id, tag_ids[tag]) for tag in contact_tags)
        ids.append((contact_id, circle))
    connection = db.connection()
    connection.executemany(
        "INSERT INTO contact (id, first_name, last_name, display_name, name_key, company, company_key, "
        "position, linkedin_url, location, how_met, connected_on, circle_id, created_at, updated_at, "
        "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.executemany("INSERT INTO contact_email (contact_id, email) VALUES (?, ?)", emails)
    connection.executemany("INSERT INTO contact_phone (contact_id, phone) VALUES (?, ?)", phones)
    connection.executemany("INSERT INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", tags)
    return ids


def _insert_interactions(store: Store, rng: random.Random, contacts: Sequence[Pair], count: int) -> None:
    """Touches over three years, nine in ten with tracked contacts, some with several people."""
    tracked = [cid for cid, circle in contacts if circle != "Untracked"]
    untracked = [cid for cid, circle in contacts if circle == "Untracked"] or tracked
    today = store.today()
    tz = store.tz
    now_text = datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
    # Instants are drawn from a pool of local (day, quarter-hour) slots: converting each
    # one separately would dominate the build time.
    slots = [
        db_instant(today - timedelta(days=days_ago), time(hour, minute), tz)
        for days_ago in range(1, 3 * 365)
        for hour in range(8, 20)
        for minute in (0, 15, 30, 45)
    ]
    kinds = [kind for kind, _ in TOUCH_KINDS]
    weights = [weight for _, weight in TOUCH_KINDS]
    drawn_kinds = rng.choices(kinds, weights=weights, k=count)
    rows, participants = [], []
    for interaction_id in range(1, count + 1):
        kind = drawn_kinds[interaction_id - 1]
        first = rng.choice(tracked) if rng.random() < 0.9 else rng.choice(untracked)
        direction = "in" if rng.random() < 0.35 else "out"
        minutes = {"call": 15, "video": 25, "coffee": 45, "lunch": 60, "meeting": 50}.get(kind)
        rows.append((interaction_id, kind, direction, rng.choice(slots), minutes, "", now_text))
        participants.append((interaction_id, first))
        if kind in ("lunch", "meeting", "group") and rng.random() < 0.4:
            for other in {rng.choice(tracked) for _ in range(rng.randint(1, 3))} - {first}:
                participants.append((interaction_id, other))
    connection = store.db.connection()
    connection.executemany(
        "INSERT INTO interaction (id, kind, direction, occurred_at, duration_minutes, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.executemany(
        "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (?, ?)", participants
    )


def _insert_ledger_and_checkins(store: Store, rng: random.Random, contacts: Sequence[Pair]) -> None:
    tracked = [cid for cid, circle in contacts if circle != "Untracked"] or [cid for cid, _ in contacts]
    today = store.today()
    tz = store.tz
    now_text = datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
    exchanges = [
        (rng.choice(tracked), rng.choice(EXCHANGE_KINDS), rng.choice(EXCHANGE_DIRECTIONS),
         rng.choice(("done", "done", "done", "open", "declined")),
         (today - timedelta(days=rng.randint(1, 3 * 365))).isoformat(), "", now_text)
        for _ in range(max(1, len(contacts) // 10))
    ]  # fmt: skip
    checkins = []
    for number in range(max(1, len(contacts) // 600)):
        day = today + timedelta(days=rng.randint(0, 14))
        checkins.append((rng.choice(tracked), db_instant(day, time(rng.randint(9, 16), 15), tz), 10, "call",
                         "planned", f"bench-{number}@rapport", now_text, now_text))  # fmt: skip
    connection = store.db.connection()
    connection.executemany(
        "INSERT INTO exchange (contact_id, kind, direction, status, occurred_on, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        exchanges,
    )
    connection.executemany(
        "INSERT INTO checkin (contact_id, starts_at, minutes, channel, status, uid, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        checkins,
    )


if __name__ == "__main__":
    print(cached_connections_csv())
    print(build_large_database())
