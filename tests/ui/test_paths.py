"""Folders are shown as people read them: the home folder as ~."""

from __future__ import annotations

from pathlib import Path

from ui.paths import shown_path

HOME = Path("/home/ana")


def test_a_folder_under_home_starts_with_a_tilde() -> None:
    assert shown_path(HOME / ".local/share/Rapport", HOME) == "~/.local/share/Rapport"
    assert shown_path(HOME, HOME) == "~"


def test_other_folders_are_shown_whole() -> None:
    assert shown_path(Path("/srv/rapport"), HOME) == "/srv/rapport"
    # A sibling whose name merely starts like the home folder is not inside it.
    assert shown_path(Path("/home/anabel/Rapport"), HOME) == "/home/anabel/Rapport"
