"""A LinkedIn data export — the .zip, its unpacked folder, or any one of its CSV files."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from connectors.csvtable import sniff_header
from connectors.errors import ImportRefused, RowProblem
from connectors.linkedin_files import (
    OwnerEvidence,
    is_connections_header,
    is_endorsements_header,
    is_invitations_header,
    is_profile_header,
    is_recommendations_header,
    parse_connections,
    parse_endorsements,
    parse_invitations,
    parse_profile_name,
    parse_recommendations,
)
from connectors.linkedin_messages import (
    IsKnown,
    detect_owner,
    group_into_touches,
    is_messages_header,
    parse_messages,
)
from connectors.records import ParsedBatch, PersonRef
from connectors.text import MAX_FILE_BYTES, decode_bytes, read_text
from core.kinds import GAVE, RECEIVED
from core.matching import fold

# File kinds, by their name with case, spaces, underscores and dashes ignored.
KIND_BY_NAME = {
    "connections": "connections",
    "messages": "messages",
    "invitations": "invitations",
    "profile": "profile",
    "recommendationsgiven": "recommendations_given",
    "recommendationsreceived": "recommendations_received",
    "endorsementgiveninfo": "endorsements_given",
    "endorsementreceivedinfo": "endorsements_received",
    "endorsementsgiven": "endorsements_given",
    "endorsementsreceived": "endorsements_received",
}
HEADER_TESTS: list[tuple[str, Callable[[set[str]], bool]]] = [
    ("connections", is_connections_header),
    ("messages", is_messages_header),
    ("invitations", is_invitations_header),
    ("endorsements", is_endorsements_header),
    ("recommendations", is_recommendations_header),
    ("profile", is_profile_header),
]
EXPECTED = "Connections.csv, messages.csv, Invitations.csv, Recommendations_*.csv or Endorsement_*_Info.csv"
ZIP_MAGIC = b"PK\x03\x04"
FOLDER_DEPTH = 3  # the export folder itself, or one or two folders above it


class ExportFile(NamedTuple):
    label: str  # how messages name the file: "export.zip/Connections.csv"
    text: str


ExportFiles = dict[str, ExportFile]  # by kind


def canonical_name(filename: str) -> str:
    stem = filename.lower().removesuffix(".csv")
    return "".join(ch for ch in stem if ch not in " _-")


def parse_linkedin(path: Path, *, is_known: IsKnown | None = None) -> ParsedBatch:
    """Read every file of the export that Rapport uses; ImportRefused if it holds none.

    ``is_known`` tells whether someone is already a contact; it settles who the account
    owner is when the export alone cannot (the owner is never their own contact).
    """
    if path.is_dir():
        files = _from_folder(path)
    elif _looks_like_zip(path):
        files = _from_zip(path)
    else:
        files = _single_file(path)
    return parse_export_files(path.name, files, is_known or (lambda person: False))


def _looks_like_zip(path: Path) -> bool:
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) == ZIP_MAGIC
    except OSError:
        return False


def _from_zip(path: Path) -> ExportFiles:
    files: ExportFiles = {}
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if sum(info.file_size for info in members) > 4 * MAX_FILE_BYTES:
                raise ImportRefused(f"{path.name}: the archive unpacks to more than any export could hold")
            for info in sorted(members, key=lambda i: i.filename.count("/")):
                base = PurePosixPath(info.filename).name
                kind = KIND_BY_NAME.get(canonical_name(base))
                if kind is None or kind in files or not base.lower().endswith(".csv"):
                    continue
                data = archive.read(info)
                label = f"{path.name}/{base}"
                if data.strip():
                    files[kind] = ExportFile(label, decode_bytes(data, label))
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, ValueError) as error:
        raise ImportRefused(
            f"{path.name}: not a readable zip archive (damaged or cut off: {error})"
        ) from error
    except RuntimeError as error:  # encrypted members
        raise ImportRefused(f"{path.name}: cannot read the archive ({error})") from error
    except OSError as error:
        raise ImportRefused(f"{path.name}: cannot be read ({error.strerror or error})") from error
    if not files:
        raise ImportRefused(f"{path.name}: no LinkedIn export files inside (expected {EXPECTED})")
    return files


def _csv_files(folder: Path, depth: int) -> list[Path]:
    """CSV files up to ``depth`` levels down, shallowest first; never a walk of a whole disk."""
    found: list[Path] = []
    level = [folder]
    for _ in range(depth):
        subfolders: list[Path] = []
        for current in level:
            try:
                entries = sorted(current.iterdir())
            except OSError:
                continue
            found.extend(e for e in entries if e.suffix.lower() == ".csv" and e.is_file())
            subfolders.extend(e for e in entries if e.is_dir() and not e.name.startswith("."))
        level = subfolders
    return found


def _from_folder(path: Path) -> ExportFiles:
    files: ExportFiles = {}
    for candidate in _csv_files(path, FOLDER_DEPTH):
        kind = KIND_BY_NAME.get(canonical_name(candidate.name))
        if kind is None or kind in files or not candidate.stat().st_size:
            continue
        label = str(candidate.relative_to(path.parent))
        files[kind] = ExportFile(label, read_text(candidate, label))
    if not files:
        raise ImportRefused(f"{path.name}: no LinkedIn export files in this folder (expected {EXPECTED})")
    return files


def _single_file(path: Path) -> ExportFiles:
    text = read_text(path)
    kind = KIND_BY_NAME.get(canonical_name(path.name))
    if kind is not None:
        return {kind: ExportFile(path.name, text)}
    return {_kind_from_header(text, path.name): ExportFile(path.name, text)}


def _kind_from_header(text: str, name: str) -> str:
    for kind, test in HEADER_TESTS:
        keys = sniff_header(text, test)
        if keys is None:
            continue
        if kind == "endorsements":
            return "endorsements_received" if "endorser first name" in keys else "endorsements_given"
        if kind == "recommendations":
            lowered = name.lower()
            if "given" in lowered:
                return "recommendations_given"
            if "received" in lowered:
                return "recommendations_received"
            raise ImportRefused(
                f"{name}: a LinkedIn recommendations file, but its name does not say whether they "
                "were given or received (keep the export's name, e.g. Recommendations_Received.csv)"
            )
        return kind
    raise ImportRefused(f"{name}: not a LinkedIn export file (expected {EXPECTED})")


def parse_export_files(source: str, files: ExportFiles, is_known: IsKnown) -> ParsedBatch:
    batch = ParsedBatch(source=source, files_read=sorted(file.label for file in files.values()))
    evidence = OwnerEvidence()
    if "profile" in files:
        owner_name = parse_profile_name(files["profile"].text, files["profile"].label)
        if owner_name:
            evidence.names[owner_name] += 1000  # the profile itself outweighs any guess
    if "connections" in files:
        contacts, problems, skipped = parse_connections(files["connections"].text, files["connections"].label)
        batch.contacts.extend(contacts)
        batch.skipped += skipped
        batch.problems.extend(problems)
    if "invitations" in files:
        invitations_file = files["invitations"]
        invitations, problems = parse_invitations(invitations_file.text, invitations_file.label, evidence)
        batch.invitations.extend(invitations)
        batch.problems.extend(problems)
    for kind, direction in (("recommendations_given", GAVE), ("recommendations_received", RECEIVED)):
        if kind in files:
            exchanges, problems = parse_recommendations(files[kind].text, files[kind].label, direction)
            batch.exchanges.extend(exchanges)
            batch.problems.extend(problems)
    for kind in ("endorsements_given", "endorsements_received"):
        if kind in files:
            exchanges, problems = parse_endorsements(files[kind].text, files[kind].label)
            batch.exchanges.extend(exchanges)
            batch.problems.extend(problems)
    if "messages" in files:
        _add_messages(batch, files["messages"], evidence, is_known)
    if batch.size == 0 and not batch.problems and set(files) == {"profile"}:
        raise ImportRefused(f"{source}: holds only your own profile; nothing to import")
    return batch


def _add_messages(batch: ParsedBatch, file: ExportFile, evidence: OwnerEvidence, is_known: IsKnown) -> None:
    label = file.label
    messages, problems, recipient_urls = parse_messages(file.text, label)
    batch.problems.extend(problems)
    connection_urls = {c.linkedin_url for c in batch.contacts if c.linkedin_url}
    connection_names = {fold(c.name) for c in batch.contacts}

    def known(person: PersonRef) -> bool:
        if person.linkedin_url and person.linkedin_url in connection_urls:
            return True
        return (bool(person.name) and fold(person.name) in connection_names) or is_known(person)

    owner = detect_owner(messages, evidence, recipient_urls, known)
    if owner is None:
        if messages:
            batch.problems.append(
                RowProblem(
                    label,
                    0,
                    f"could not tell which messages are yours, so {len(messages):,} messages were left out "
                    "(import the whole export .zip, which names you in Profile.csv)",
                )
            )
        return
    batch.owner_name = owner.name
    batch.owner_url = min(owner.urls) if owner.urls else None
    batch.touches.extend(group_into_touches(messages, owner, label))
