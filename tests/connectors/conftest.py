"""Fixtures for the importer tests: the sample exports under tests/fixtures/imports."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

IMPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


@pytest.fixture
def imports_dir() -> Path:
    return IMPORTS


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    """Pack an export folder the way LinkedIn ships it (files at the root, or under ``prefix``)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, prefix + path.name)
    return target


@pytest.fixture
def make_zip():
    return zip_folder


@pytest.fixture
def linkedin_zip(tmp_path: Path) -> Path:
    return zip_folder(IMPORTS / "linkedin_export", tmp_path / "Basic_LinkedInDataExport_10-02-2026.zip")
