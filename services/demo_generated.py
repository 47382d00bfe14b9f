"""The generated part of the demo network: hundreds of plausible connections, inserted in bulk.

Most are fresh LinkedIn imports awaiting triage (Untracked, with a connected-on date);
a share are tracked, with touches of mixed kinds over the last two years. Their overdue
ratios stay below those of the hand-written people so today's queue tells the story of
the brief. Rows go in with ``executemany`` (row-by-row ORM inserts would take seconds),
then the derived columns are refreshed for exactly these contacts.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from core.kinds import CIRCLE_DEFAULT_CADENCE
from core.matching import company_key, fold, name_key, search_text
from services.derived import refresh_contacts
from services.store import Store

FIRST_NAMES = (
    "James", "Mary", "Olivia", "Noah", "Emma", "Liam", "Sophia", "Lucas", "Mia", "Ethan",
    "Chloé", "Louis", "Léa", "Hugo", "Camille", "Matteo", "Giulia", "Lorenzo", "Chiara",
    "Lukas", "Anna", "Felix", "Lea", "Jonas", "Marta", "Pablo", "Lucía", "Javier", "Sofía",
    "João", "Beatriz", "Rafael", "Inês", "Piotr", "Agnieszka", "Tomasz", "Katarzyna",
    "Ananya", "Arjun", "Priya", "Rohan", "Kavya", "Vikram", "Wei", "Li", "Jing", "Hao",
    "Yuki", "Haruto", "Sakura", "Ren", "Ji-woo", "Min-seo", "Seo-yeon", "Oluwaseun", "Amara",
    "Chinedu", "Zanele", "Kofi", "Ama", "Omar", "Layla", "Yusuf", "Fatima", "Ahmed",
    "Nour", "Mehmet", "Elif", "Emre", "Zeynep", "Ivan", "Daria", "Nikolai", "Svetlana",
    "Erik", "Astrid", "Lars", "Ingrid", "Sean", "Aoife", "Ciarán", "Niamh", "Thanh",
    "Linh", "Minh", "Diego", "Valentina", "Mateo", "Camila", "Tariq", "Samira", "Dmitri",
    "Hamid", "Parisa", "Aditya", "Meera", "Kenji", "Hana", "Björn", "Søren",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
    "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Rossi", "Russo", "Ferrari", "Esposito",
    "Müller", "Schneider", "Fischer", "Weber", "Becker", "García", "Rodríguez", "López",
    "Martínez", "Silva", "Santos", "Oliveira", "Kowalski", "Nowak", "Wiśniewski", "Sharma",
    "Patel", "Iyer", "Reddy", "Gupta", "Chen", "Wang", "Zhang", "Liu", "Tanaka", "Suzuki",
    "Sato", "Kim", "Lee", "Park", "Choi", "Adeyemi", "Okonkwo", "Nwosu", "Mensah", "Boateng",
    "Dlamini", "Haddad", "Nasser", "Al-Farsi", "Yılmaz", "Kaya", "Demir", "Ivanov", "Petrov",
    "Sokolova", "Andersson", "Johansson", "Nielsen", "Hansen", "O'Brien", "Murphy", "Kelly",
    "Nguyen", "Tran", "Pham", "Hernández", "Gómez", "Cohen", "Levi", "Rahman", "Hosseini",
    "Karimi", "Jensen", "Van der Berg", "De Vries", "Novak", "Horvat", "Papadopoulos",
)  # fmt: skip
COMPANIES = (
    "Acme Corp", "Northwind Analytics", "Globex", "Initech", "Helix Bio", "Lumen Health",
    "Brightline Capital", "Kestrel Robotics", "Solarkraft GmbH", "Tidewater Energy",
    "Orbital Payments", "Fernhill Consulting", "Bluefin Software", "Copperleaf Ltd",
    "Aurora Mobility", "Meridian Bank", "Quillon Labs", "Sable & Finch", "Verdant Foods",
    "Paloma Studio", "Stackwise", "Harbor Freight Tech", "Ironbridge Partners", "Nimbus Cloud",
    "Cedar Health", "Polaris Insurance", "Riverstone Media", "Zephyr AI", "Granite Ventures",
    "Lattice Data", "Tessellate Design", "Kumo Design", "Vela Logistics", "Mosaic Learning",
    "Atlas Grid", "Open Ledger", "Beacon Retail", "Fathom Research", "Juniper Legal", "",
)  # fmt: skip
POSITIONS = (
    "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager",
    "Product Manager", "Senior Product Manager", "Head of Product", "Product Designer",
    "UX Researcher", "Data Scientist", "Machine Learning Engineer", "Data Engineer",
    "Sales Director", "Account Executive", "Customer Success Manager", "Marketing Lead",
    "Growth Marketer", "Founder", "Co-founder & CEO", "CTO", "VP Engineering", "Recruiter",
    "Talent Partner", "Investor", "Partner", "Principal Consultant", "Business Analyst",
    "Operations Manager", "Financial Analyst", "Sustainability Lead", "Solutions Architect",
    "DevOps Engineer", "Security Engineer", "Research Scientist", "Policy Advisor", "",
)  # fmt: skip
TAGS = ("AI", "fintech", "climate", "hiring", "product", "design", "sales", "data", "health", "SaaS")
CITIES = (
    "London", "Berlin", "Paris", "Milan", "Madrid", "Lisbon", "Amsterdam", "Stockholm", "Warsaw",
    "Dublin", "New York", "San Francisco", "Toronto", "São Paulo", "Bangalore", "Singapore",
    "Tokyo", "Seoul", "Dubai", "Lagos", "Nairobi", "Cape Town", "Sydney", "Zurich", "",
)  # fmt: skip

# Kinds of generated touches and how often each turns up.
TOUCH_KINDS = (
    ("message", 24), ("comment", 16), ("their_comment", 14), ("email", 12), ("call", 9),
    ("video", 7), ("coffee", 5), ("lunch", 4), ("share", 4), ("group", 3), ("meeting", 2),
)  # fmt: skip
# Generated tracked contacts stay below these overdue ratios, so today's queue is led by
# the hand-written people of the story (their priorities are 3.4 and up).
MAX_RATIO = {"Close": 1.1, "Network": 1.6, "Acquaintance": 2.8}
TRACKED_MIX = (("Close", 15), ("Network", 50), ("Acquaintance", 35))
UNTRACKED_SHARE = 0.65
OVERDUE_SHARE = 0.3
HISTORY_DAYS = 730
HOW_MET = ("LinkedIn", "conference", "former colleague", "meetup")

_GENERATED_EXCHANGES = (
    ("endorsement", "gave"), ("endorsement", "received"), ("advice", "they_asked"),
    ("advice", "received"), ("recommendation", "gave"), ("job_lead", "received"),
    ("favour", "i_asked"), ("introduction", "gave"),
)  # fmt: skip


@dataclass
class GeneratedPerson:
    first_name: str
    last_name: str
    company: str
    position: str
    slug: str
    email: str | None
    tags: list[str]
    location: str
    connected_on: date


@dataclass
class GeneratedCounts:
    contacts: int = 0
    interactions: int = 0
    exchanges: int = 0
    contact_ids: list[int] = field(default_factory=list)


def weighted_choice(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([name for name, _ in options], weights=[weight for _, weight in options])[0]


def slug_of(first_name: str, last_name: str, rng: random.Random) -> str:
    base = fold(f"{first_name} {last_name}").replace(" ", "-").replace("'", "")
    return f"{base}-{rng.getrandbits(32):08x}"


def random_person(rng: random.Random, today: date, *, email_share: float = 0.3) -> GeneratedPerson:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    company = rng.choice(COMPANIES)
    email = None
    if rng.random() < email_share:
        domain = (company_key(company).replace(" ", "").replace("&", "") or "mail") + ".example"
        email = f"{fold(first).replace(' ', '')}.{fold(last).replace(' ', '').replace(chr(39), '')}@{domain}"
    tags = rng.sample(TAGS, k=rng.choice((0, 0, 1, 1, 2, 3)))
    return GeneratedPerson(
        first_name=first,
        last_name=last,
        company=company,
        position=rng.choice(POSITIONS),
        slug=slug_of(first, last, rng),
        email=email,
        tags=tags,
        location=rng.choice(CITIES),
        connected_on=today - timedelta(days=int(rng.triangular(3, 2200, 200))),
    )


def db_instant(day: date, at: time, tz: tzinfo) -> str:
    """A local day and wall-clock time as the naive UTC text every DateTimeField stores."""
    instant = datetime.combine(day, at, tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
    return instant.isoformat(sep=" ")


def touch_days(rng: random.Random, cadence: int, circle: str) -> list[int]:
    """Days ago of one tracked contact's touches, latest first; empty for a never-touched one."""
    if rng.random() < 0.1:
        return []
    # Most tracked relationships are warm; about a third are cooling or cold.
    overdue = rng.random() < OVERDUE_SHARE
    ratio = rng.uniform(0.75, MAX_RATIO[circle]) if overdue else rng.uniform(0.02, 0.74)
    latest = max(1, round(ratio * cadence))
    days = [latest]
    for _ in range(rng.randint(0, 12)):
        gap = max(1, round(cadence * rng.uniform(0.3, 1.4)))
        if days[-1] + gap > HISTORY_DAYS:
            break
        days.append(days[-1] + gap)
    return days


def insert_generated_network(store: Store, rng: random.Random, count: int) -> GeneratedCounts:
    """Insert ``count`` generated contacts with their histories; the caller holds the transaction."""
    db = store.db
    connection = db.connection()
    tz = store.tz
    today = store.today()
    now_text = store.now().astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
    circle_ids = dict(db.execute_sql("SELECT name, id FROM circle").fetchall())
    tag_ids = _ensure_tags(store, TAGS)
    next_contact = _next_id(store, "contact")
    next_interaction = _next_id(store, "interaction")

    contacts: list[tuple[object, ...]] = []
    emails: list[tuple[int, str]] = []
    contact_tags: list[tuple[int, int]] = []
    interactions: list[tuple[object, ...]] = []
    participants: list[tuple[int, int]] = []
    exchanges: list[tuple[object, ...]] = []
    result = GeneratedCounts()

    for offset in range(count):
        contact_id = next_contact + offset
        person = random_person(rng, today)
        tracked = rng.random() >= UNTRACKED_SHARE
        circle = weighted_choice(rng, TRACKED_MIX) if tracked else "Untracked"
        cadence = CIRCLE_DEFAULT_CADENCE[circle] or 90
        if tracked:
            days = touch_days(rng, cadence, circle)
        else:
            # A few fresh imports wrote first: recruiters and people pitching something.
            days = [rng.randint(2, 300)] if rng.random() < 0.06 else []
        if days:
            # Connected before the first touch, so the story holds together.
            first_touch = today - timedelta(days=days[-1])
            person.connected_on = min(person.connected_on, first_touch - timedelta(days=rng.randint(0, 60)))
        display = f"{person.first_name} {person.last_name}"
        how_met = rng.choice(HOW_MET) if tracked else "LinkedIn"
        contacts.append((
            contact_id, person.first_name, person.last_name, display,
            name_key(person.first_name, person.last_name), person.company, company_key(person.company),
            person.position, f"https://www.linkedin.com/in/{person.slug}", person.location,
            how_met,
            person.connected_on.isoformat(), circle_ids[circle], now_text, now_text,
            search_text(display, person.company, person.position, *([person.email] if person.email else []),
                        *person.tags),
        ))  # fmt: skip
        if person.email:
            emails.append((contact_id, person.email))
        contact_tags.extend((contact_id, tag_ids[tag]) for tag in person.tags)
        result.contact_ids.append(contact_id)

        for days_ago in days:
            day = today - timedelta(days=days_ago)
            kind = weighted_choice(rng, TOUCH_KINDS) if tracked else "message"
            direction = "in" if (not tracked or rng.random() < 0.35) else "out"
            at = time(rng.randint(8, 18), rng.choice((0, 15, 30, 45)))
            minutes = {"call": 15, "video": 25, "coffee": 45, "lunch": 60, "meeting": 50}.get(kind)
            interactions.append(
                (next_interaction, kind, direction, db_instant(day, at, tz), minutes, "", now_text)
            )
            participants.append((next_interaction, contact_id))
            next_interaction += 1
        if tracked and days and days[0] < 0.75 * cadence and rng.random() < 0.2:
            kind, direction = rng.choice(_GENERATED_EXCHANGES)
            on = today - timedelta(days=rng.randint(days[0], HISTORY_DAYS // 2))
            exchanges.append((contact_id, kind, direction, "done", on.isoformat(), "", now_text))

    connection.executemany(
        "INSERT INTO contact (id, first_name, last_name, display_name, name_key, company, company_key, "
        "position, linkedin_url, location, how_met, connected_on, circle_id, created_at, updated_at, "
        "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        contacts,
    )
    connection.executemany("INSERT INTO contact_email (contact_id, email) VALUES (?, ?)", emails)
    connection.executemany("INSERT INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", contact_tags)
    connection.executemany(
        "INSERT INTO interaction (id, kind, direction, occurred_at, duration_minutes, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        interactions,
    )
    connection.executemany(
        "INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (?, ?)", participants
    )
    connection.executemany(
        "INSERT INTO exchange (contact_id, kind, direction, status, occurred_on, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        exchanges,
    )
    refresh_contacts(store, result.contact_ids)
    result.contacts = len(contacts)
    result.interactions = len(interactions)
    result.exchanges = len(exchanges)
    return result


def _next_id(store: Store, table: str) -> int:
    row = store.db.execute_sql(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()
    return int(row[0])


def _ensure_tags(store: Store, names: Sequence[str]) -> dict[str, int]:
    connection = store.db.connection()
    connection.executemany("INSERT OR IGNORE INTO tag (name) VALUES (?)", [(name,) for name in names])
    rows = store.db.execute_sql(
        f"SELECT name, id FROM tag WHERE name IN ({','.join('?' * len(names))})", list(names)
    ).fetchall()
    # The tag column is case-insensitive: map each wanted spelling to whichever row holds it.
    by_folded = {name.lower(): tag_id for name, tag_id in rows}
    return {name: by_folded[name.lower()] for name in names}
