"""Rapport's first schema: contacts, circles, touches, the ledger, check-ins, shares."""

from typing import Any

STATEMENTS = [
    """CREATE TABLE circle (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        cadence_days INTEGER,
        importance INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE contact (
        id INTEGER PRIMARY KEY,
        first_name TEXT NOT NULL DEFAULT '',
        last_name TEXT NOT NULL DEFAULT '',
        display_name TEXT NOT NULL,
        name_key TEXT NOT NULL DEFAULT '',
        company TEXT NOT NULL DEFAULT '',
        company_key TEXT NOT NULL DEFAULT '',
        position TEXT NOT NULL DEFAULT '',
        linkedin_url TEXT,
        location TEXT NOT NULL DEFAULT '',
        how_met TEXT NOT NULL DEFAULT '',
        connected_on DATE,
        birthday TEXT,
        notes TEXT NOT NULL DEFAULT '',
        circle_id INTEGER NOT NULL REFERENCES circle (id),
        cadence_days INTEGER,
        snoozed_until DATETIME,
        archived INTEGER NOT NULL DEFAULT 0,
        initiated_by TEXT,
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL
    )""",
    "CREATE UNIQUE INDEX contact_linkedin_url ON contact (linkedin_url)",
    "CREATE INDEX contact_name_key ON contact (name_key, company_key)",
    "CREATE INDEX contact_circle ON contact (circle_id)",
    """CREATE TABLE contact_email (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE UNIQUE INDEX contact_email_pair ON contact_email (contact_id, email)",
    "CREATE INDEX contact_email_email ON contact_email (email)",
    """CREATE TABLE contact_phone (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        phone TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE UNIQUE INDEX contact_phone_pair ON contact_phone (contact_id, phone)",
    """CREATE TABLE contact_url (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE UNIQUE INDEX contact_url_pair ON contact_url (contact_id, url)",
    """CREATE TABLE tag (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
    )""",
    """CREATE TABLE contact_tag (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE
    )""",
    "CREATE UNIQUE INDEX contact_tag_pair ON contact_tag (contact_id, tag_id)",
    "CREATE INDEX contact_tag_tag ON contact_tag (tag_id)",
    """CREATE TABLE interaction (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        direction TEXT NOT NULL DEFAULT 'out',
        occurred_at DATETIME NOT NULL,
        duration_minutes INTEGER,
        note TEXT NOT NULL DEFAULT '',
        source_key TEXT,
        created_at DATETIME NOT NULL
    )""",
    "CREATE UNIQUE INDEX interaction_source_key ON interaction (source_key)",
    "CREATE INDEX interaction_occurred_at ON interaction (occurred_at)",
    """CREATE TABLE interaction_contact (
        id INTEGER PRIMARY KEY,
        interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE
    )""",
    "CREATE UNIQUE INDEX interaction_contact_pair ON interaction_contact (interaction_id, contact_id)",
    "CREATE INDEX interaction_contact_contact ON interaction_contact (contact_id)",
    """CREATE TABLE exchange (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        direction TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'done',
        occurred_on DATE NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        source_key TEXT,
        created_at DATETIME NOT NULL
    )""",
    "CREATE UNIQUE INDEX exchange_source_key ON exchange (source_key)",
    "CREATE INDEX exchange_contact ON exchange (contact_id)",
    """CREATE TABLE checkin (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        starts_at DATETIME NOT NULL,
        minutes INTEGER NOT NULL DEFAULT 10,
        channel TEXT NOT NULL DEFAULT 'call',
        status TEXT NOT NULL DEFAULT 'planned',
        uid TEXT NOT NULL UNIQUE,
        note TEXT NOT NULL DEFAULT '',
        interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL
    )""",
    "CREATE INDEX checkin_starts_at ON checkin (status, starts_at)",
    """CREATE TABLE share (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        topics TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL
    )""",
    """CREATE TABLE share_recipient (
        id INTEGER PRIMARY KEY,
        share_id INTEGER NOT NULL REFERENCES share (id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,
        sent_at DATETIME NOT NULL
    )""",
    "CREATE UNIQUE INDEX share_recipient_pair ON share_recipient (share_id, contact_id)",
    """CREATE TABLE notification_log (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        dedupe_key TEXT NOT NULL UNIQUE,
        contact_id INTEGER REFERENCES contact (id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        channel TEXT NOT NULL DEFAULT '',
        sent_at DATETIME NOT NULL
    )""",
    "CREATE INDEX notification_log_sent_at ON notification_log (sent_at)",
    """CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """INSERT INTO circle (name, cadence_days, importance, position) VALUES
        ('Inner', 14, 4, 1), ('Close', 30, 3, 2), ('Network', 90, 2, 3),
        ('Acquaintance', 180, 1, 4), ('Untracked', NULL, 0, 5)""",
]


def up(migrator: Any, db: Any) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
