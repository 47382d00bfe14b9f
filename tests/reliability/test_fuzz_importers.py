"""Fuzzed input for every importer: random bytes, real files cut short and mutated, huge fields,
odd encodings (UTF-16 with and without BOM, Latin-1, Windows-1252), mixed line endings, and
damaged .zip archives.

Whatever the file, the import either succeeds — the database stays sound and importing the
same file again changes nothing — or it is refused with ImportRefused: one line that names
the file, and the database exactly as it was (same content hash). Anything else (another
exception, a traceback) fails the test. Through the command line the same files give exit 2
and one line on stderr.

The examples are the same on every run (``derandomize``); the normal suite tries a fixed
number per importer, ``-m slow`` ten times as many.
"""

from __future__ import annotations

import codecs
import io
import shutil
import sqlite3
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from tests.reliability import report
from tests.reliability.conftest import (
    DATABASE,
    FIXTURES,
    SIZES,
    Tally,
    assert_one_line_refusal,
    copy_data_dir,
    fuzz,
    hash_of,
    open_at,
    run_cli,
    sized,
)

LINKEDIN_FILES = sorted((FIXTURES / "linkedin_export").glob("*.csv")) + sorted(
    (FIXTURES / "linkedin_2021").glob("*.csv")
)
VCARD_FILES = sorted((FIXTURES / "vcard").glob("*.vcf"))
GOOGLE_FILES = sorted((FIXTURES / "google").glob("*.csv"))
FIXTURE_FILES = {"linkedin": LINKEDIN_FILES, "vcard": VCARD_FILES, "google": GOOGLE_FILES}

# Bytes that mean something to a CSV, vCard or zip reader, or to a text decoder.
PALETTE = [
    b'"', b",", b";", b"\t", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xfe", b"\xef\xbb\xbf", b"\\",
    b":", b"=", b"=\r\n", b"\x1a", b"\x7f", b"\xc3", b"\xe2\x80\xa8", b"BEGIN:VCARD\r\n", b"END:VCARD\r\n",
    b"ENCODING=QUOTED-PRINTABLE:", b"item1.", b";CHARSET=ISO-8859-1", b" ", b"PK\x03\x04",
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n", b"30 Feb 2024", b"-1",
]  # fmt: skip
# A file of a few MB is read in seconds, even one of a million one-character rows (about 10 s
# per MB, the worst case); far longer means a parser went quadratic, as a file of blank lines
# once made the vCard reader do (minutes for 1 MB).
MAX_SECONDS_PER_MB = 25.0
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"]


@dataclass(frozen=True)
class Case:
    """A file (or a LinkedIn export folder) to import: its name and bytes."""

    name: str
    data: bytes
    folder: dict[str, bytes] | None = None  # when set, ``name`` is a folder of these files

    def write(self, where: Path) -> Path:
        if where.exists():
            shutil.rmtree(where)
        where.mkdir(parents=True)
        target = where / self.name
        if self.folder is None:
            target.write_bytes(self.data)
        else:
            target.mkdir()
            for name, data in self.folder.items():
                (target / name).write_bytes(data)
        return target


# --- how files are damaged ------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """A real file with a few bytes flipped, inserted, deleted or repeated, perhaps cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "cut"]))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.sampled_from(PALETTE) | st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        else:
            del data[at:]
    return bytes(data)


@st.composite
def reencoded(draw: st.DrawFn, original: bytes) -> bytes:
    """The same text in another encoding, with its line ends changed (all at once or line by line)."""
    text = original.decode("utf-8-sig")
    lines = text.replace("\r\n", "\n").split("\n")
    style = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if style == "mixed":
        ends = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines)))
        text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    else:
        text = style.join(lines)
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace")


@st.composite
def huge_field(draw: st.DrawFn, original: bytes, sizes: tuple[int, ...]) -> bytes:
    """A real file with one enormous value (letters, quotes, blanks, line ends) spliced into it."""
    size = draw(st.sampled_from(sizes))
    piece = draw(
        st.sampled_from([b"A", b"\xc3\xa9", b"x,", b'"', b"\n ", b" \n", b"\t", b"  ", b"=41", b"=\n"])
    )
    piece *= size // len(piece)
    at = draw(st.integers(0, len(original)))
    return original[:at] + piece + original[at:]


def damaged(original: bytes, sizes: tuple[int, ...]) -> st.SearchStrategy[bytes]:
    return st.one_of(mutated(original), reencoded(original), huge_field(original, sizes), st.just(original))


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"Basic_LinkedInDataExport_01-01-2026/{name}", data)
    return buffer.getvalue()


def single_files(paths: list[Path], sizes: tuple[int, ...]) -> st.SearchStrategy[Case]:
    """One real file under its own name, damaged; or random bytes under that name."""
    return st.sampled_from(paths).flatmap(
        lambda path: st.builds(
            Case,
            st.just(path.name),
            st.one_of(damaged(path.read_bytes(), sizes), st.binary(max_size=3000)),
        )
    )


EXPORT = {path.name: path.read_bytes() for path in sorted((FIXTURES / "linkedin_export").glob("*.csv"))}


@st.composite
def linkedin_exports(draw: st.DrawFn, sizes: tuple[int, ...]) -> Case:
    """The whole export as a .zip or a folder with one or two files damaged; or a damaged .zip."""
    files = dict(EXPORT)
    for name in draw(st.lists(st.sampled_from(sorted(files)), min_size=1, max_size=2, unique=True)):
        files[name] = draw(damaged(files[name], sizes))
    form = draw(st.sampled_from(["zip", "folder", "zip-bytes"]))
    if form == "folder":
        return Case("export", b"", folder=files)
    archive = _zip(files)
    if form == "zip-bytes":
        archive = draw(mutated(archive))
    return Case("Basic_LinkedInDataExport.zip", archive)


def linkedin_cases(sizes: tuple[int, ...]) -> st.SearchStrategy[Case]:
    return st.one_of(single_files(LINKEDIN_FILES, sizes), linkedin_exports(sizes))


CASES: dict[str, Callable[[tuple[int, ...]], st.SearchStrategy[Case]]] = {
    "linkedin": linkedin_cases,
    "vcard": lambda sizes: single_files(VCARD_FILES, sizes),
    "google": lambda sizes: single_files(GOOGLE_FILES, sizes),
}
# Sizes of the enormous values: up to 200 KB in the normal suite, up to 3 MB in the long run.
HUGE = {"ci": (70_000, 200_000), "long": (70_000, 200_000, 1_100_000, 3_000_000)}


# --- the property ---------------------------------------------------------------------------------


class Importing:
    """One open store, put back to its first state (with SQLite's backup API) after each import."""

    def __init__(self, data_dir: Path, work: Path) -> None:
        self.store = open_at(data_dir)
        self.pristine = sqlite3.connect(":memory:")
        self.store.db.connection().backup(self.pristine)
        self.work = work
        self.before = self.hash()
        self.imported = self.refused = 0
        self.slowest = 0.0

    def hash(self) -> str:
        from services.json_backup import content_hash

        return str(content_hash(self.store))

    @staticmethod
    def limit(case: Case) -> float:
        """Seconds a file may take: by what it holds, so a small .zip of a huge file gets more."""
        size = len(case.data) + sum(len(data) for data in (case.folder or {}).values())
        try:
            with zipfile.ZipFile(io.BytesIO(case.data)) as archive:
                size += sum(info.file_size for info in archive.infolist())
        except Exception:  # not a readable archive: its own bytes are all there is to read
            pass
        return 2.0 + MAX_SECONDS_PER_MB * size / 1_000_000

    def reset(self) -> None:
        self.pristine.backup(self.store.db.connection())

    def check(self, kind: str, case: Case) -> None:
        try:
            self._check(kind, case)
        finally:
            self.reset()  # even after a failure, so every example starts from the same data

    def _check(self, kind: str, case: Case) -> None:
        from connectors.errors import ImportRefused
        from services.importing import import_file

        path = case.write(self.work)
        started = time.monotonic()
        try:
            summary = import_file(self.store, kind, path)  # type: ignore[arg-type]
        except ImportRefused as error:
            seconds = time.monotonic() - started
            self.slowest = max(self.slowest, seconds)
            self.refused += 1
            message = str(error)
            assert "\n" not in message and message.strip() == message and message, repr(message)
            assert message.startswith(path.name) or path.name in message, f"the file is not named: {message}"
            assert self.hash() == self.before, f"refused, yet the database changed: {message}"
            assert seconds < self.limit(case), f"{case.name}: {seconds:.1f} s to refuse"
            return
        seconds = time.monotonic() - started
        self.slowest = max(self.slowest, seconds)
        assert seconds < self.limit(case), f"{case.name}: {seconds:.1f} s to import"
        self.imported += 1
        summary.lines()  # what the command line and the window show must render
        summary.to_json()
        verdict = self.store.db.execute_sql("PRAGMA quick_check").fetchone()[0]
        assert verdict == "ok", verdict
        once = self.hash()
        again = import_file(self.store, kind, path)  # type: ignore[arg-type]
        assert self.hash() == once, "importing the same file twice changed the database"
        assert again.added == 0, again.headline()

    def close(self) -> None:
        self.pristine.close()
        self.store.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", ["linkedin", "vcard", "google"])
def test_no_file_crashes_an_importer_or_changes_anything_when_refused(
    kind: str, size: str, network_dir: Path, tmp_path: Path
) -> None:
    examples = sized(size, 150, 1500)
    importing = Importing(copy_data_dir(network_dir, tmp_path / "data"), tmp_path / "input")
    tally = Tally()
    try:
        fuzz(CASES[kind](HUGE[size]), lambda case: importing.check(kind, case), examples, tally)
    finally:
        importing.close()
        report.record(
            f"fuzz.{kind}",
            size=size,
            tried=tally.tried,
            survived=tally.held,
            unit="files",
            detail=f"{importing.imported} imported, {importing.refused} refused in one line, the slowest in "
            f"{importing.slowest:.1f} s; hypothesis, derandomized",
        )
    assert importing.imported and importing.refused, "the examples should include good and bad files"


@pytest.mark.parametrize("kind", ["linkedin", "vcard", "google"])
@pytest.mark.parametrize("blank", [" \n", "\n ", "\t\n", " "])
def test_a_file_of_blank_lines_is_refused_at_once(kind: str, blank: str, tmp_path: Path) -> None:
    from connectors.errors import ImportRefused
    from services.importing import import_file

    path = tmp_path / (
        "Connections.csv" if kind == "linkedin" else "contacts.vcf" if kind == "vcard" else "google.csv"
    )
    path.write_text(blank * 1_000_000 + "x\n", encoding="utf-8")
    store = open_at(tmp_path / "data")
    try:
        started = time.monotonic()
        with pytest.raises(ImportRefused):
            import_file(store, kind, path)  # type: ignore[arg-type]
        assert time.monotonic() - started < 5
    finally:
        store.close()


# --- good files in other encodings are read the same ---------------------------------------------


def contacts_after_import(data_dir: Path, kind: str, path: Path) -> list[tuple[Any, ...]]:
    from services.exporting import exported_contacts
    from services.importing import import_file

    store = open_at(data_dir)
    try:
        import_file(store, kind, path)  # type: ignore[arg-type]
        return sorted(
            (c.display_name, c.company, c.position, tuple(e.value for e in c.emails), c.birthday, c.notes)
            for c in exported_contacts(store)
        )
    finally:
        store.close()


@pytest.mark.parametrize(
    "fixture",
    [*LINKEDIN_FILES[:1], *VCARD_FILES, *GOOGLE_FILES],
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("line_end", ["\r\n", "\r", "mixed"])
def test_a_good_file_reads_the_same_in_any_unicode_encoding_and_with_any_line_ends(
    fixture: Path, encoding: str, line_end: str, tmp_path: Path
) -> None:
    kind = {"linkedin_export": "linkedin", "vcard": "vcard", "google": "google"}[fixture.parent.name]
    original = contacts_after_import(tmp_path / "original", kind, fixture)
    lines = fixture.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").split("\n")
    ends = ["\r\n", "\n", "\r"] if line_end == "mixed" else [line_end]
    text = "".join(line + ends[number % len(ends)] for number, line in enumerate(lines))
    (tmp_path / "input").mkdir()
    converted = tmp_path / "input" / fixture.name
    converted.write_bytes(text.encode(encoding))
    assert contacts_after_import(tmp_path / "converted", kind, converted) == original


def test_latin1_and_windows_1252_files_keep_their_accents(tmp_path: Path) -> None:
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    rows = (
        "José,Müller,,,Café Crème S.à r.l.,Directeur général,12 Mar 2024\r\n"
        "Zoë,Ñúñez,,,Señor €uro,CEO,7-Feb-22\r\n"
    )
    for encoding in ("latin-1", "cp1252"):
        path = tmp_path / encoding / "Connections.csv"
        path.parent.mkdir()
        text = header + rows if encoding == "cp1252" else (header + rows).replace("€", "E")
        path.write_bytes(text.encode(encoding))
        contacts = contacts_after_import(tmp_path / f"data-{encoding}", "linkedin", path)
        names = [(name, company) for name, company, *_ in contacts]
        assert ("José Müller", "Café Crème S.à r.l.") in names, names
        assert ("Zoë Ñúñez", "Señor €uro" if encoding == "cp1252" else "Señor Euro") in names, names


# --- the command line: exit 2, one line, nothing changed ------------------------------------------


def refused_files() -> list[tuple[str, Case]]:
    """One damaged file of each sort, for each importer: all of them must be refused."""
    connections = (FIXTURES / "linkedin_export" / "Connections.csv").read_bytes()
    vcard = (FIXTURES / "vcard" / "google_30.vcf").read_bytes()
    google = (FIXTURES / "google" / "contacts.csv").read_bytes()
    archive = _zip(EXPORT)
    return [
        ("linkedin", Case("Connections.csv", b"\x00\x01\x02binary\xff\xfe" * 50)),
        ("linkedin", Case("Connections.csv", b"")),
        ("linkedin", Case("Connections.csv", connections[:40])),
        ("linkedin", Case("Connections.csv", codecs.BOM_UTF16_LE + "Name,Surname\n".encode("utf-16-le"))),
        ("linkedin", Case("export.zip", archive[: len(archive) // 2])),
        ("linkedin", Case("export.zip", b"PK\x03\x04" + b"\x00" * 64)),
        ("linkedin", Case("notes.csv", b"a,b,c\n1,2,3\n")),
        ("vcard", Case("contacts.vcf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))),
        ("vcard", Case("contacts.vcf", vcard.replace(b"BEGIN:VCARD", b"BEGIN:VCALENDAR"))),
        ("vcard", Case("contacts.vcf", b"\xef\xbb\xbf")),
        ("google", Case("contacts.csv", google.split(b"\n", 1)[1])),
        ("google", Case("contacts.csv", b"\xff\xfe\x00\xd8")),
    ]


def test_damaged_files_through_the_command_line_exit_2_with_one_line_and_change_nothing(
    network_dir: Path, tmp_path: Path
) -> None:
    data_dir = copy_data_dir(network_dir, tmp_path / "data")
    before = hash_of(data_dir)
    cases = refused_files()
    for number, (kind, case) in enumerate(cases):
        path = case.write(tmp_path / f"input-{number}")
        ran = run_cli(data_dir, "import", kind, str(path))
        assert_one_line_refusal(ran)
        assert case.name in ran.err, ran.err
        assert hash_of(data_dir) == before, f"{case.name}: refused, yet the database changed"
    assert (data_dir / DATABASE).exists()
    report.record(
        "fuzz.cli",
        size="ci",
        tried=len(cases),
        survived=len(cases),
        unit="files",
        detail="binary, empty, cut short, UTF-16 without a header, broken .zip, PNG as vCard …: "
        "exit 2, one line",
    )
