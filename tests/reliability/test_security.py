"""Nothing leaked: private files, no password outside the keyring, only safe links opened,
exports that cannot attack the program that opens them, and logs without the user's words.
"""

from __future__ import annotations

import base64
import csv
import io
import logging
import os
import shutil
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from tests.reliability.conftest import (
    FIXTURES,
    MESSAGE_MARK,
    NOTE_MARK,
    NOW_AT,
    Rewound,
    files_under,
    fuzz,
    open_at,
    rapport,
    run_cli,
)

# Words from the message bodies of the LinkedIn fixture export: they must never reach a log.
FIXTURE_MESSAGE_WORDS = ("coffee next week", "Thanks for connecting")


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """Most desktops start programs with umask 022: files would be world-readable by default."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def modes(folder: Path) -> dict[str, str]:
    """Every folder and file under ``folder`` (itself included) with its permission bits."""
    found = {".": oct(stat.S_IMODE(folder.stat().st_mode))}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder))] = oct(stat.S_IMODE(path.stat().st_mode))
    return found


def not_private(folder: Path) -> dict[str, str]:
    return {
        name: mode
        for name, mode in modes(folder).items()
        if mode != ("0o700" if (folder / name).is_dir() else "0o600")
    }


def a_realistic_session(data_dir: Path, exports: Path) -> None:
    """What a user does in a few weeks: add, log with notes, import everything, export, back up."""
    linkedin = FIXTURES / "linkedin_export"
    commands: list[tuple[str, ...]] = [
        ("add", "Ana Costa", "--email", "ana@example.org", "--phone", "+351 912 345 678",
         "--notes", f"{NOTE_MARK} met at the fintech meetup", "--circle", "Close"),
        ("add", "Bo Chen", "--company", "Globex", "--notes", f"{NOTE_MARK} second"),
        ("log", "Ana", "lunch", "--date", "2026-11-20", "--note", f"{MESSAGE_MARK} talked about her move"),
        ("exchange", "Bo", "referral", "--they-asked", "--note", f"{NOTE_MARK} wants an intro"),
        ("import", "linkedin", str(linkedin)),
        ("import", "vcard", str(FIXTURES / "vcard" / "google_30.vcf")),
        ("import", "google", str(FIXTURES / "google" / "contacts.csv")),
        ("edit", "Bo", "--notes", f"{NOTE_MARK} changed", "--tag", "fintech"),
        ("schedule", "Ana", "--at", "2026-11-30 10:00", "--ics", str(data_dir / "checkin.ics")),
        ("done", "1", "--note", f"{MESSAGE_MARK} done note"),
        ("export", "vcard", str(data_dir / "contacts.vcf")),
        ("export", "csv", str(data_dir / "contacts.csv")),
        ("export", "json", str(data_dir / "backup.json")),
        ("export", "json", str(exports / "elsewhere.json")),
        ("backup",),
        ("restore", str(data_dir / "backup.json")),
        ("remind", "--dry-run"),
        ("remind",),  # sends (or fails to send) reminders, and logs either
        ("show", "Ana"), ("cold",), ("today",), ("search", "ana"),
        ("import", "vcard", str(FIXTURES / "google" / "contacts.csv")),  # refused: not a vCard
    ]  # fmt: skip
    for command in commands:
        ran = run_cli(data_dir, *command)
        assert ran.code in (0, 2), (command, ran.err)
    assert rapport(data_dir, "log", "Bo", "call", "--note", f"{MESSAGE_MARK} from a real process").code == 0


def test_after_a_realistic_session_the_data_folder_is_0700_and_every_file_in_it_0600(
    tmp_path: Path, usual_umask: None
) -> None:
    data_dir = tmp_path / "data"
    exports = tmp_path / "exports"
    exports.mkdir()
    a_realistic_session(data_dir, exports)
    names = set(modes(data_dir))
    assert {
        "rapport.sqlite",
        "logs",
        "backups",
        "contacts.vcf",
        "contacts.csv",
        "backup.json",
        "checkin.ics",
    } <= names
    assert any(name.startswith("backups/rapport-") for name in names)
    assert not_private(data_dir) == {}
    # Files Rapport writes elsewhere are the user's own too.
    assert oct(stat.S_IMODE((exports / "elsewhere.json").stat().st_mode)) == "0o600"

    # While the database is open and written, its -wal and -shm files are private as well.
    store = open_at(data_dir)
    try:
        from services.contacts import ContactInput, create_contact

        create_contact(store, ContactInput(display_name="While Open"))
        open_files = {p.name for p in data_dir.iterdir()}
        assert {"rapport.sqlite-wal", "rapport.sqlite-shm"} <= open_files
        assert not_private(data_dir) == {}
    finally:
        store.close()


def test_a_migration_backup_is_private_too(tmp_path: Path, usual_umask: None) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(FIXTURES.parent / "schema_v1.sqlite", data_dir / "rapport.sqlite")
    (data_dir / "rapport.sqlite").chmod(0o644)  # as an old version, or a copy, may have left it
    os.chmod(data_dir, 0o755)
    assert run_cli(data_dir, "cold").code == 0
    assert any(path.name.startswith("before-migration-") for path in (data_dir / "backups").iterdir())
    assert not_private(data_dir) == {}


def test_logs_never_hold_note_or_message_text_at_the_default_level(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    exports = tmp_path / "exports"
    exports.mkdir()
    a_realistic_session(data_dir, exports)
    # Make the app log what it logs: a migration, a failing command, a refused backup.
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "rapport-backup", "schema_version": 1, "tables": 7}', encoding="utf-8")
    run_cli(data_dir, "restore", str(broken))
    logged = "".join(
        path.read_text(encoding="utf-8", errors="replace") for path in files_under(data_dir / "logs")
    )
    for secret in (NOTE_MARK, MESSAGE_MARK, *FIXTURE_MESSAGE_WORDS):
        assert secret not in logged
    # The database does hold them: the test looked in the right place.
    database = (data_dir / "rapport.sqlite").read_bytes()
    assert NOTE_MARK.encode() in database and MESSAGE_MARK.encode() in database


def test_the_log_rotates_and_every_log_file_stays_private(tmp_path: Path, usual_umask: None) -> None:
    from cli.main import LOG_BACKUPS, LOG_MAX_BYTES, setup_logging

    assert 0 < LOG_MAX_BYTES <= 10_000_000 and 1 <= LOG_BACKUPS <= 10
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    root.handlers = []  # only the handler under test: other tests' may still hang on the root logger
    try:
        setup_logging(data_dir, verbose=False)
        noisy = logging.getLogger("rapport.test")
        line = "x" * 1000
        for number in range((LOG_BACKUPS + 2) * LOG_MAX_BYTES // 1000):
            noisy.info("record %d %s", number, line)
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
            handler.close()
        root.handlers = before
        root.setLevel(level)
    logs = sorted(p.name for p in (data_dir / "logs").iterdir())
    assert logs == ["rapport.log", *[f"rapport.log.{n}" for n in range(1, LOG_BACKUPS + 1)]]
    assert all((data_dir / "logs" / name).stat().st_size <= LOG_MAX_BYTES for name in logs)
    assert not_private(data_dir) == {}


# --- the calendar password lives in the keyring only ----------------------------------------------


def leaked(folder: Path, secrets: list[bytes]) -> list[str]:
    return [str(path) for path in files_under(folder) if any(s in path.read_bytes() for s in secrets)]


@pytest.mark.services
def test_after_connecting_a_calendar_no_file_rapport_wrote_holds_the_password(tmp_path: Path) -> None:
    import keyring

    from tests.integration.radicale_server import PASSWORD, USER, running_radicale

    data_dir = tmp_path / "data"
    exports = tmp_path / "exports"
    exports.mkdir()
    secrets = [
        PASSWORD.encode(),
        PASSWORD.encode("utf-16-le"),
        base64.b64encode(f"{USER}:{PASSWORD}".encode()),  # an Authorization header
    ]
    with running_radicale(tmp_path / "radicale") as server:
        assert rapport(data_dir, "add", "Ana Costa", "--phone", "+49 170 1234567").code == 0
        # An address with the password in it is not kept (it would end up in the settings).
        with_password = server.principal_url.replace("http://", f"http://{USER}:{PASSWORD}@")
        ran = rapport(data_dir, "calendar", "connect", with_password, "--user", USER, stdin=PASSWORD + "\n")
        assert ran.code == 2 and len(ran.err.splitlines()) == 1, ran.err
        connected = rapport(
            data_dir, "-v", "calendar", "connect", server.principal_url, "--user", USER, stdin=PASSWORD + "\n"
        )
        assert connected.code == 0, connected.err
        try:
            assert keyring.get_password("Rapport", f"caldav:{USER}@{server.principal_url}") == PASSWORD
            for command in (
                ("-v", "schedule", "Ana", "--at", "2026-11-30 10:00", "--ics", str(exports / "a.ics")),
                ("-v", "calendar", "sync"),
                ("-v", "calendar", "test"),
                ("calendar", "status"),
                ("export", "json", str(exports / "backup.json")),
                ("export", "json", str(data_dir / "backup.json")),
                ("backup",),
                ("-v", "skip", "1"),
            ):
                ran = rapport(data_dir, *command)
                assert ran.code == 0, (command, ran.err)
                assert not any(s.decode("latin-1") in ran.out + ran.err for s in secrets[:1])
            assert leaked(data_dir, secrets) == []
            assert leaked(exports, secrets) == []
        finally:
            rapport(data_dir, "calendar", "disconnect")
    assert keyring.get_password("Rapport", f"caldav:{USER}@{server.principal_url}") is None


# --- only web, mail and phone links are opened -------------------------------------------------------

UNSAFE_LINKS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "\x00javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd", "FILE:///C:/Windows/System32/calc.exe", "smb://evil.example/share", "ftp://evil.example/",
    "ms-settings:", "x-apple.systempreferences:", "steam://run/1", "//evil.example/x", "evil.example/x",
    "http:/\\evil.example", "https://", "mailto", "tel", "about:blank", "chrome://settings", "ldap://x",
    "jar:file:///x!/y", "view-source:https://x.example", "http://exa mple.com", "https://x.example/\nfile:///x",
]  # fmt: skip


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    from PySide6.QtGui import QDesktopServices

    calls: list[Any] = []

    def record(url: Any) -> bool:
        calls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", record)
    return calls


def test_only_http_https_mailto_and_tel_links_are_ever_opened(opened: list[Any]) -> None:
    from ui.links import SAFE_SCHEMES, open_link

    for link in UNSAFE_LINKS:
        assert open_link(link) is False, link
    assert opened == []
    for link in (
        "https://www.linkedin.com/in/ana",
        "http://example.org",
        "mailto:ana@example.org",
        "tel:+4917012",
    ):
        assert open_link(link) is True
    assert [url.scheme() for url in opened] == ["https", "http", "mailto", "tel"]

    def check(text: str) -> None:
        opened.clear()
        open_link(text)
        assert all(url.scheme().lower() in SAFE_SCHEMES and url.isValid() for url in opened), text
        if opened and url_scheme(text) not in SAFE_SCHEMES:
            raise AssertionError(f"{text!r} was opened as {opened[0].toString()}")

    schemes = st.sampled_from(
        ["http", "https", "mailto", "tel", "javascript", "file", "data", "", "ftp", "smb"]
    )
    fuzz(
        st.tuples(schemes, st.sampled_from([":", "://", ":/\\", " :"]), st.text(max_size=40)).map("".join),
        check,
        300,
    )


def url_scheme(text: str) -> str:
    return text.strip().split(":", 1)[0].lower() if ":" in text else ""


def test_links_from_an_imported_vcard_are_shown_but_only_safe_ones_can_be_opened(
    qtbot: Any, tmp_path: Path, opened: list[Any]
) -> None:
    from PySide6.QtCore import Qt

    from services.importing import import_file
    from ui.contact_page import ContactPage
    from ui.context import AppContext
    from ui.links import SAFE_SCHEMES

    card = tmp_path / "mallory.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mallory Example\r\nN:Example;Mallory;;;\r\n"
        + "".join(f"URL:{link}\r\n" for link in UNSAFE_LINKS if "\n" not in link and "\x00" not in link)
        + "URL:https://mallory.example/\r\nEMAIL:javascript:alert(1)@x.example\r\nTEL:javascript:alert(1)\r\n"
        + "item1.X-SOCIALPROFILE;type=linkedin:javascript:alert(1)\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    store = open_at(tmp_path / "data")
    try:
        import_file(store, "vcard", card)
        context = AppContext(store)
        try:
            page = ContactPage(context)
            qtbot.addWidget(page)
            page.show_contact(1)
            labels = page.header.link_labels
            assert len(labels) > len(UNSAFE_LINKS) // 2  # the links are shown
            for label in labels:
                if label.textFormat() == Qt.TextFormat.RichText:
                    href = label.text().split('href="', 1)[1].split('"', 1)[0]
                    label.linkActivated.emit(href.replace("&amp;", "&"))
            assert opened, "the safe links can be opened"
            assert all(url.scheme() in SAFE_SCHEMES for url in opened)
            assert {url.toString() for url in opened} >= {"https://mallory.example/"}
        finally:
            context._poll.stop()
    finally:
        store.close()


# --- exports cannot attack what opens them ------------------------------------------------------

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]
FORMULAS = ["", "cmd|' /C calc'!A0", 'HYPERLINK("http://x")', "1+1"]
PAYLOADS = st.tuples(st.sampled_from(FORMULA_STARTS), st.sampled_from(FORMULAS), st.text(max_size=10)).map(
    "".join
)


def test_csv_export_neutralises_every_formula_payload(tmp_path: Path) -> None:
    from services.contacts import ContactInput, create_contact
    from services.exporting import export_csv

    target = tmp_path / "contacts.csv"
    rewound = Rewound(tmp_path / "data")

    def check(values: list[str]) -> None:
        name, company, position, location, notes, how_met, tag = values
        create_contact(
            rewound.store,
            ContactInput(
                display_name=f"x{name}", first_name=name, last_name=name, company=company, position=position,
                location=location, notes=notes, how_met=how_met, tags=[tag], phones=[values[0]],
            ),
        )  # fmt: skip
        export_csv(rewound.store, target)
        rewound.rewind()
        header, row = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))
        for cell in row:
            assert not cell.startswith(tuple(FORMULA_STARTS)), repr(cell)
        # Neutralised, not mangled: the text is all there after the apostrophe.
        cells = dict(zip(header, row, strict=True))
        assert cells["Notes"] in (notes, "'" + notes)
        assert cells["First Name"] == "'" + name

    try:
        fuzz(st.lists(PAYLOADS, min_size=7, max_size=7), check, 100)
    finally:
        rewound.close()


LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
INJECTIONS = [
    "END:VCARD", "BEGIN:VCARD", "FN:Injected", "URL:javascript:alert(1)", "END:VEVENT", "BEGIN:VEVENT",
    "ATTACH:file:///etc/passwd", "ORGANIZER:mailto:evil@example", "X-EVIL:1",
]  # fmt: skip
HOSTILE = st.lists(
    st.one_of(st.sampled_from(LINE_BREAKS), st.sampled_from(INJECTIONS), st.text(max_size=8)),
    min_size=1,
    max_size=8,
).map(lambda parts: "x" + "".join(parts))
VCARD_PROPERTIES = {
    "BEGIN", "VERSION", "PRODID", "UID", "FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "ADR", "BDAY",
    "CATEGORIES", "NOTE", "REV", "END",
}  # fmt: skip


def content_lines(data: bytes) -> list[str]:
    """The unfolded lines of a vCard or iCalendar file; every line must end in CRLF."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert not any(ch in line for ch in LINE_BREAKS), repr(line)
    unfolded: list[str] = []
    for line in physical:
        if line.startswith(" ") and unfolded:
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    return unfolded


def property_name(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0].upper()


def test_line_breaks_in_notes_cannot_inject_properties_into_vcard_or_ics(tmp_path: Path) -> None:
    from icalendar import Calendar

    from models.entities import CheckIn
    from services.checkins import schedule_checkin
    from services.contacts import ContactInput, create_contact
    from services.exporting import export_vcard, ics_for_checkin

    rewound = Rewound(tmp_path / "data")

    def check(values: list[str]) -> None:
        name, note, company, location, url, phone = values
        store = rewound.store
        contact = create_contact(
            store,
            ContactInput(display_name=name, company=company, location=location, notes=note,
                         urls=[url], phones=[phone], emails=["ana@example.org"], tags=[note[:20]]),
        )  # fmt: skip
        export_vcard(store, tmp_path / "one.vcf")
        checkin: CheckIn = schedule_checkin(
            store, contact, at=NOW_AT + timedelta(days=3), channel="coffee", note=note
        )
        ics = ics_for_checkin(store, checkin)
        rewound.rewind()
        lines = content_lines((tmp_path / "one.vcf").read_bytes())
        assert [property_name(line) for line in lines].count("BEGIN") == 1
        assert {property_name(line) for line in lines} <= VCARD_PROPERTIES, lines
        assert sum(property_name(line) == "URL" for line in lines) == 1
        ics_lines = content_lines(ics)
        assert not any(property_name(line) in {"ATTACH", "ORGANIZER", "X-EVIL", "FN"} for line in ics_lines)
        assert sum(line == "BEGIN:VEVENT" for line in ics_lines) == 1
        (event,) = Calendar.from_ical(ics).walk("VEVENT")
        assert len(event.walk("VALARM")) == 1
        assert str(event["SUMMARY"]).startswith("Check-in: ")

    try:
        fuzz(st.lists(HOSTILE, min_size=6, max_size=6), check, 100)
    finally:
        rewound.close()


def test_calendar_files_saved_from_the_window_are_private(
    qtbot: Any, tmp_path: Path, usual_umask: None
) -> None:
    from services.checkins import schedule_checkin
    from services.contacts import ContactInput, create_contact
    from ui.checkin_actions import CheckinActions
    from ui.context import AppContext

    store = open_at(tmp_path / "data")
    try:
        contact = create_contact(store, ContactInput(display_name="Ana Costa", notes=NOTE_MARK))
        checkin = schedule_checkin(store, contact, at=NOW_AT + timedelta(days=3))
        context = AppContext(store)
        try:
            target = tmp_path / "ana.ics"
            assert CheckinActions(context).save_ics(checkin.id, target)
            assert oct(stat.S_IMODE(target.stat().st_mode)) == "0o600"
        finally:
            context._poll.stop()
    finally:
        store.close()
