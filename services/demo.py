"""A demo network that shows every feature, always dated relative to today.

The story of the brief is told by three people: Marco Bianchi, who only gets in touch
when he needs something; Aisha Khan, the engaged colleague who has given more than she
got; and Lena Vogel, a promising newcomer who has gone quiet for 41 days. Around them
are a couple of dozen hand-written people (every circle, many cultures and scripts,
every kind of touch and exchange, check-ins planned, done and skipped, a snoozed and an
archived contact) and a few hundred generated connections, most of them fresh imports.

The hand-written people go through the services functions, so the demo reads like what
a user would do; the generated ones are bulk-inserted (see ``services.demo_generated``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from models.entities import Contact, Share, ShareRecipient
from services.checkins import complete_checkin, schedule_checkin, skip_checkin
from services.clock import to_db
from services.contacts import ContactInput, archive_contacts, create_contact, snooze_contact
from services.demo_generated import insert_generated_network
from services.demo_shares import add_demo_shares
from services.store import Store
from services.touches import log_interaction, record_exchange


class DemoRefused(Exception):  # noqa: N818 - reads as a sentence: 'demo refused'
    """The demo only fills an empty database; it never mixes with real contacts."""


@dataclass
class DemoCounts:
    contacts: int
    interactions: int
    checkins: int
    exchanges: int


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    circle: str
    company: str = ""
    position: str = ""
    first_name: str | None = None  # for names whose family name comes first
    last_name: str | None = None
    slug: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    location: str = ""
    how_met: str = ""
    connected_days_ago: int | None = None
    birthday: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class Touch:
    keys: tuple[str, ...]
    days_ago: int
    kind: str
    direction: str = "out"
    hour: int = 11
    minutes: int | None = None
    note: str = ""
    hours_ago: float | None = None  # overrides days_ago and hour: "this morning"


@dataclass(frozen=True)
class Ledger:
    key: str
    days_ago: int
    kind: str
    direction: str
    status: str = "done"
    note: str = ""
    hours_ago: float | None = None


@dataclass(frozen=True)
class PastCheckIn:
    key: str
    days_ago: int
    hour: int
    done: bool
    channel: str = "call"
    note: str = ""


PEOPLE: tuple[Person, ...] = (
    # The three people of the brief.
    Person("marco", "Marco Bianchi", "Network", "Vela Logistics", "Business Development Manager",
           slug="marco-bianchi", emails=("marco.bianchi@vela-logistics.example",),
           phones=("+39 347 555 0192",), tags=("sales", "logistics"), location="Milan",
           how_met="Supply-chain meetup in Milan", connected_days_ago=1100,
           notes="Asked for a referral last winter; now wants an introduction to my fintech contacts."),
    Person("aisha", "Aisha Khan", "Close", "Northwind Analytics", "Head of Data Science",
           slug="aisha-khan-data", emails=("aisha.khan@northwind.example",),
           phones=("+44 20 7946 0321",), tags=("AI", "data", "hiring"), location="London",
           how_met="Worked together at Northwind", connected_days_ago=1500, birthday="--03-08",
           notes="Referred me for the Meridian Bank project and introduced me to Kwame. I owe her one."),
    Person("lena", "Lena Vogel", "Close", "Solarkraft GmbH", "Product Designer",
           slug="lena-vogel", emails=("lena.vogel@solarkraft.example",), tags=("design", "climate"),
           location="Berlin", how_met="Climate Tech Berlin, panel on product design",
           connected_days_ago=62,
           notes="Building a home-battery app. Wants feedback on her onboarding flow."),
    # Inner circle.
    Person("sofia", "Sofía Martínez", "Inner", "Lumen Health", "VP Product", slug="sofia-martinez-pm",
           emails=("sofia@lumenhealth.example",), phones=("+34 612 555 018",), tags=("product", "health"),
           location="Madrid", how_met="Co-founded Tandem together", connected_days_ago=2900,
           notes="Ex co-founder. Fortnightly catch-up."),
    Person("wang", "王芳", "Inner", "Zephyr AI", "VP Engineering", first_name="芳", last_name="王",
           slug="wang-fang", emails=("wang.fang@zephyr-ai.example",), phones=("+86 21 5555 0142",),
           tags=("AI", "hiring"), location="Shanghai", how_met="My mentor since 2019",
           connected_days_ago=2400, birthday="--10-02"),
    Person("jonas", "Jonas Lindqvist", "Inner", "Kestrel Robotics", "CTO", slug="jonas-lindqvist",
           emails=("jonas@kestrel.example", "jonas.lindqvist@gmail.example"), tags=("AI", "product"),
           location="Stockholm", how_met="University friend", connected_days_ago=3300),
    # Close.
    Person("taro", "山田太郎", "Close", "Kumo Design", "Design Director", first_name="太郎",
           last_name="山田", slug="taro-yamada", emails=("t.yamada@kumo.example",), tags=("design",),
           location="Tokyo", how_met="Design systems workshop", connected_days_ago=900),
    Person("priya", "Priya Raghunathan", "Close", "Orbital Payments", "Senior Product Manager",
           slug="priya-raghunathan", emails=("priya.r@orbital.example",), phones=("+91 98 5555 0117",),
           tags=("fintech", "product"), location="Bangalore", how_met="Former colleague",
           connected_days_ago=1300),
    Person("chidi", "Chidi Okafor", "Close", "Meridian Bank", "Engineering Manager",
           slug="chidi-okafor", emails=("chidi.okafor@meridian.example",), tags=("fintech", "hiring"),
           location="Lagos", how_met="Meridian Bank project", connected_days_ago=700,
           notes="On parental leave until next month — snoozed."),
    Person("emilie", "Émilie Dubois", "Close", "Tidewater Energy", "Founder & CEO",
           slug="emilie-dubois", emails=("emilie@tidewater.example",), tags=("climate", "fintech"),
           location="Paris", how_met="Introduced by Sofía", connected_days_ago=400,
           notes="Raising a seed round; I promised an intro to Kwame."),
    # Network.
    Person("mohammed", "محمد علي", "Network", "Open Ledger", "Head of Partnerships",
           first_name="محمد", last_name="علي", slug="mohammed-ali-fintech",
           emails=("m.ali@openledger.example",), phones=("+971 4 555 0190",), tags=("fintech",),
           location="Dubai", how_met="Money20/20 Europe", connected_days_ago=600),
    Person("olga", "Olga Petrova", "Network", "Lattice Data", "Senior Data Scientist",
           slug="olga-petrova", tags=("AI", "data"), location="Warsaw", how_met="Kaggle team-mate",
           connected_days_ago=1000),
    Person("diego", "Diego Fernández", "Network", "Fathom Research", "Research Scientist",
           slug="diego-fernandez-ml", emails=("diego@fathom.example",), tags=("AI",),
           location="Buenos Aires", how_met="NeurIPS workshop", connected_days_ago=800),
    Person("mai", "Nguyễn Thị Mai", "Network", "Atlas Grid", "Policy Advisor", first_name="Mai",
           last_name="Nguyễn Thị", slug="nguyen-thi-mai", tags=("climate",), location="Hanoi",
           how_met="Energy transition working group", connected_days_ago=500),
    Person("kwame", "Kwame Mensah", "Network", "Granite Ventures", "Partner", slug="kwame-mensah-vc",
           emails=("kwame@granite.example",), tags=("fintech", "climate"), location="Accra",
           how_met="Introduced by Aisha", connected_days_ago=300),
    Person("hannah", "Hannah Schmidt", "Network", "Helix Bio", "Head of Talent", slug="hannah-schmidt",
           emails=("hannah.schmidt@helix.example",), tags=("hiring", "health"), location="Munich",
           how_met="Met briefly at the Berlin HR summit", connected_days_ago=20),
    # Acquaintances.
    Person("ravi", "Ravi Patel", "Acquaintance", "Copperleaf Ltd", "Account Executive",
           slug="ravi-patel-sales", emails=("ravi.patel@copperleaf.example",), tags=("sales",),
           location="Leicester", how_met="Connected after a webinar", connected_days_ago=700),
    Person("isabela", "Isabela Costa", "Acquaintance", "Aurora Mobility", "Growth Marketer",
           slug="isabela-costa", tags=("product",), location="São Paulo", how_met="Web Summit Lisbon",
           connected_days_ago=500),
    Person("tomas", "Tomáš Novák", "Acquaintance", "Stackwise", "DevOps Engineer", slug="tomas-novak",
           tags=("SaaS",), location="Prague", how_met="Open-source contributor", connected_days_ago=350),
    Person("minjun", "김민준", "Acquaintance", "Nimbus Cloud", "Solutions Architect", first_name="민준",
           last_name="김", slug="kim-minjun", emails=("minjun.kim@nimbus.example",), tags=("SaaS", "AI"),
           location="Seoul", how_met="AWS Summit Seoul", connected_days_ago=420),
    # Untracked fresh imports and an archived contact.
    Person("fatima", "Fatima Zahra El Amrani", "Untracked", "Verdant Foods", "Operations Manager",
           slug="fatima-zahra-el-amrani", location="Casablanca", connected_days_ago=6),
    Person("liam", "Liam O'Connor", "Untracked", "Beacon Retail", "Recruiter", slug="liam-oconnor",
           emails=("liam.oconnor@beacon.example",), tags=("hiring",), location="Dublin",
           connected_days_ago=9),
    Person("greg", "Greg Holloway", "Network", "Riverstone Media", "Editor", slug="greg-holloway",
           location="Toronto", how_met="Wrote about my talk", connected_days_ago=1900,
           notes="Left the industry; archived."),
)  # fmt: skip

TOUCHES: tuple[Touch, ...] = (
    # Marco: an early coffee, then asks only; silent for ten months now, so he is in this
    # morning's queue, and when he asks again the triage card says who he is.
    Touch(("marco",), 1050, "coffee", "out", 9, 40, "Met at the supply-chain meetup"),
    Touch(("marco",), 420, "message", "in", 17, note="Asks for an introduction to a logistics buyer"),
    Touch(("marco",), 306, "message", "in", 18, note="Asks for a referral to Meridian Bank"),
    Touch(("marco",), 305, "message", "out", 9, note="Sent the referral; congratulated him on the new role"),
    # Aisha: regular, both ways; slightly cooling now (27 days at cadence 30).
    Touch(("aisha",), 27, "lunch", "out", 12, 60, "Talked about her team's LLM evaluation work"),
    Touch(("aisha",), 33, "their_comment", "in", 20),
    Touch(("aisha",), 40, "introduction", "in", 10, note="Introduced me to Kwame Mensah"),
    Touch(("aisha",), 45, "call", "in", 16, 20),
    Touch(("aisha",), 52, "comment", "out", 8, note="Her post on hiring data scientists"),
    Touch(("aisha", "jonas"), 60, "lunch", "out", 12, 75, "Three of us at the Borough Market"),
    Touch(("aisha",), 75, "referral", "in", 9, note="Referred me for the Meridian Bank project"),
    Touch(("aisha",), 95, "video", "out", 15, 30),
    Touch(("aisha",), 110, "their_comment", "in", 21),
    Touch(("aisha",), 140, "coffee", "out", 9, 45),
    Touch(("aisha",), 170, "email", "in", 10),
    # Lena: two good chats after we connected, then silence (41 days at cadence 30: cold).
    Touch(("lena",), 58, "coffee", "out", 10, 30, "Intro chat after the panel"),
    Touch(("lena",), 52, "their_comment", "in", 19),
    Touch(("lena",), 41, "video", "in", 14, 35, "Walked through her onboarding flow"),
    # Inner.
    Touch(("sofia",), 12, "call", "out", 18, 25),
    Touch(("sofia",), 26, "lunch", "out", 13, 60),
    Touch(("sofia",), 40, "message", "in", 22),
    Touch(("wang",), 19, "share", "out", 8, note="Sent her the paper on retrieval evaluation"),
    Touch(("wang",), 33, "video", "in", 7, 30),
    Touch(("jonas",), 21, "meeting", "out", 14, 90, "Office visit at Kestrel"),
    # Close.
    Touch(("taro",), 8, "their_comment", "in", 3),
    Touch(("taro",), 14, "video", "out", 9, 30),
    Touch(("taro",), 50, "inmail", "in", 4),
    Touch(("priya",), 6, "coffee", "out", 8, 30),
    Touch(("priya",), 30, "message", "in", 11),
    Touch(("chidi",), 50, "call", "out", 17, 20),
    Touch(("emilie",), 24, "meeting", "out", 15, 60, "Pitch practice for her seed round"),
    Touch(("emilie",), 60, "email", "in", 9),
    # Network.
    Touch(("mohammed",), 30, "message", "in", 10),
    Touch(("mohammed",), 200, "coffee", "out", 9, 30),
    Touch(("olga",), 90, "message", "out", 12),
    Touch(("diego", "mai", "kwame"), 120, "group", "out", 17, 60, "Climate x AI discussion group"),
    Touch(("diego",), 200, "call", "in", 15, 20),
    Touch(("mai",), 45, "their_comment", "in", 6),
    Touch(("kwame",), 38, "email", "out", 10, note="Thanks for the intro via Aisha"),
    Touch(("hannah",), 20, "note", "out", 18, note="Follow up about the data team she is building"),
    # Acquaintances.
    Touch(("ravi",), 400, "inmail", "in", 9, note="Asks for a job lead at Orbital"),
    Touch(("ravi",), 20, "message", "in", 9, note="Asks for a LinkedIn recommendation"),
    Touch(("isabela",), 220, "comment", "out", 20),
    Touch(("tomas",), 40, "their_comment", "in", 13),
    Touch(("minjun",), 150, "email", "out", 10),
    # The snoozed and the archived one.
    Touch(("greg",), 600, "call", "in", 11, 15),
)  # fmt: skip

LEDGER: tuple[Ledger, ...] = (
    Ledger("marco", 306, "referral", "they_asked", "done", "Referral to Meridian Bank"),
    Ledger("marco", 420, "introduction", "they_asked", "done", "Introduction to a logistics buyer"),
    Ledger("aisha", 75, "referral", "received", "done", "Meridian Bank project"),
    Ledger("aisha", 41, "introduction", "i_asked", "done", "Asked her to introduce me to Kwame"),
    Ledger("aisha", 40, "introduction", "received", "done", "Kwame Mensah, Granite Ventures"),
    Ledger("taro", 200, "endorsement", "gave", "done", "Design systems"),
    Ledger("taro", 180, "recommendation", "received", "done"),
    Ledger("priya", 100, "job_lead", "gave", "done", "Staff PM role at Stackwise"),
    Ledger("priya", 5, "favour", "they_asked", "open", "Review her conference talk"),
    Ledger("wang", 300, "advice", "received", "done", "How to structure my first team"),
    Ledger("wang", 150, "favour", "gave", "done", "Spoke at her team's offsite"),
    Ledger("jonas", 400, "recommendation", "gave", "done"),
    Ledger("jonas", 380, "endorsement", "received", "done"),
    Ledger("ravi", 400, "job_lead", "they_asked", "declined", "Wanted a job lead at Orbital"),
    Ledger("ravi", 20, "recommendation", "they_asked", "open", "LinkedIn recommendation"),
    Ledger("diego", 200, "advice", "i_asked", "open", "Which evaluation benchmarks to trust"),
    Ledger("olga", 500, "job_lead", "received", "done"),
    Ledger("olga", 480, "referral", "gave", "done"),
    Ledger("kwame", 38, "introduction", "i_asked", "declined", "Intro to his portfolio CFOs"),
    Ledger("emilie", 24, "introduction", "gave", "open", "Promised an intro to Kwame"),
    Ledger("isabela", 230, "endorsement", "received", "done"),
)  # fmt: skip

PAST_CHECKINS: tuple[PastCheckIn, ...] = (
    PastCheckIn("wang", 5, 9, True, "video", "Talked about her new hiring plan"),
    PastCheckIn("jonas", 9, 16, True, "call"),
    PastCheckIn("olga", 20, 11, False, "call"),
    PastCheckIn("tomas", 75, 14, True, "video"),
    PastCheckIn("priya", 44, 10, False, "coffee"),
)

# Planned: one later today, two later this week (never with the people in today's queue).
PLANNED_LATER_TODAY = "emilie"
PLANNED_THIS_WEEK = (("mohammed", 1, time(10, 30)), ("kwame", 3, time(14, 0)))

SHARED_ARTICLE = (
    "https://example.org/blog/evaluating-llm-products",
    "What we learned evaluating LLM products",
    "AI,product",
    ("wang", "jonas", "taro", "mai"),
    11,
)
SNOOZED = ("chidi", 25)  # key, days
ARCHIVED = "greg"
BIRTHDAY_THIS_WEEK = ("priya", 2, 1991)  # key, in days, birth year


def fill_demo_network(store: Store, *, seed: int = 7, generated: int = 300) -> DemoCounts:
    """Fill an empty database with the demo network; refuse if it holds any contact."""
    if Contact.select().exists():
        raise DemoRefused("the database already has contacts; the demo only fills an empty one")
    rng = random.Random(seed)  # noqa: S311 - made-up people, not secrets
    with store.db.atomic():
        people = _add_people(store)
        _add_touches(store, people)
        _add_ledger(store, people)
        _add_checkins(store, people)
        _add_share(store, people)
        add_demo_shares(store, people)
        snoozed, days = SNOOZED
        snooze_contact(store, people[snoozed], store.today() + timedelta(days=days))
        archive_contacts(store, [people[ARCHIVED].id])
        insert_generated_network(store, rng, generated)
    return _counts(store)


def _add_people(store: Store) -> dict[str, Contact]:
    today = store.today()
    birthday_key, in_days, year = BIRTHDAY_THIS_WEEK
    upcoming = today + timedelta(days=in_days)
    people = {}
    for person in PEOPLE:
        birthday = person.birthday
        if person.key == birthday_key:
            birthday = f"{year}-{upcoming:%m-%d}" if (upcoming.month, upcoming.day) != (2, 29) else "--02-29"
        people[person.key] = create_contact(
            store,
            ContactInput(
                display_name=person.name,
                first_name=person.first_name,
                last_name=person.last_name,
                company=person.company,
                position=person.position,
                linkedin_url=f"https://www.linkedin.com/in/{person.slug}" if person.slug else None,
                location=person.location,
                how_met=person.how_met,
                connected_on=(
                    today - timedelta(days=person.connected_days_ago) if person.connected_days_ago else None
                ),
                birthday=birthday,
                notes=person.notes,
                circle=person.circle,
                emails=list(person.emails),
                phones=list(person.phones),
                tags=list(person.tags),
            ),
        )
    return people


def _local(store: Store, days_ago: int, hour: int, minute: int = 0) -> datetime:
    day = store.today() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, minute), tzinfo=store.tz)


def _earlier_today(store: Store, hours_ago: float) -> datetime:
    """``hours_ago`` before now, but never before today's midnight: "this morning" stays today."""
    now = store.now().astimezone(store.tz)
    midnight = datetime.combine(now.date(), time(0, 0), tzinfo=store.tz)
    return max(now - timedelta(hours=hours_ago), midnight)


def _when(store: Store, days_ago: int, hour: int, hours_ago: float | None) -> datetime:
    if hours_ago is not None:
        return _earlier_today(store, hours_ago)
    return _local(store, days_ago, hour)


def _day(store: Store, days_ago: int, hours_ago: float | None) -> date:
    if hours_ago is not None:
        return _earlier_today(store, hours_ago).date()
    return store.today() - timedelta(days=days_ago)


def _add_touches(store: Store, people: dict[str, Contact]) -> None:
    for touch in TOUCHES:
        log_interaction(
            store,
            [people[key] for key in touch.keys],
            touch.kind,
            when=_when(store, touch.days_ago, touch.hour, touch.hours_ago),
            direction=touch.direction,
            minutes=touch.minutes,
            note=touch.note,
        )


def _add_ledger(store: Store, people: dict[str, Contact]) -> None:
    for entry in LEDGER:
        record_exchange(
            store,
            people[entry.key],
            entry.kind,
            entry.direction,
            on=_day(store, entry.days_ago, entry.hours_ago),
            status=entry.status,
            note=entry.note,
        )


def _add_checkins(store: Store, people: dict[str, Contact]) -> None:
    for past in PAST_CHECKINS:
        starts = _local(store, past.days_ago, past.hour)
        checkin = schedule_checkin(store, people[past.key], at=starts, minutes=10, channel=past.channel)
        if past.done:
            complete_checkin(store, checkin, note=past.note)
        else:
            skip_checkin(store, checkin)
    schedule_checkin(
        store, people[PLANNED_LATER_TODAY], at=_later_today(store), minutes=10, channel="video",
        note="Seed round: who else should she talk to?",
    )  # fmt: skip
    for key, in_days, at in PLANNED_THIS_WEEK:
        day = store.today() + timedelta(days=in_days)
        schedule_checkin(store, people[key], at=datetime.combine(day, at, tzinfo=store.tz), minutes=10)


def _later_today(store: Store) -> datetime:
    """Two hours from now on a quarter hour, or as late today as still works."""
    now = store.now().astimezone(store.tz)
    later = (now + timedelta(hours=2)).replace(second=0, microsecond=0)
    later -= timedelta(minutes=later.minute % 15)
    end_of_day = datetime.combine(now.date(), time(23, 45), tzinfo=store.tz)
    if later.date() != now.date():
        later = max(end_of_day, now + timedelta(minutes=5))
    return later


def _add_share(store: Store, people: dict[str, Contact]) -> None:
    url, title, topics, keys, days_ago = SHARED_ARTICLE
    sent = _local(store, days_ago, 8, 30)
    share = Share.create(url=url, title=title, topics=topics, created_at=to_db(sent))
    for key in keys:
        interaction = log_interaction(store, [people[key]], "share", when=sent, note=title)
        ShareRecipient.create(share=share, contact=people[key], interaction=interaction, sent_at=to_db(sent))


def _counts(store: Store) -> DemoCounts:
    def count(table: str) -> int:
        return int(store.db.execute_sql(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    return DemoCounts(
        contacts=count("contact"),
        interactions=count("interaction"),
        checkins=count("checkin"),
        exchanges=count("exchange"),
    )
