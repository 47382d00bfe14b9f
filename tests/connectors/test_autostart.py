"""Start at login: the XDG autostart entry (validated by desktop-file-validate), and the macOS
LaunchAgent, which is a plain file too. The Windows Run key is not reachable here."""

from __future__ import annotations

import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from connectors import autostart


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    program = shutil.which("desktop-file-validate")
    assert program, (
        "desktop-file-validate is not installed (Debian desktop-file-utils; scripts/test.sh installs it)"
    )
    return subprocess.run([program, str(path)], capture_output=True, text=True, timeout=30, check=False)


def _exec_line(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            return line.removeprefix("Exec=")
    raise AssertionError("no Exec line")


def _unquote_exec(value: str) -> list[str]:
    """An Exec value as a launcher reads it (Desktop Entry specification, "The Exec key")."""
    # First the string escapes of any value, then the quoting of the arguments.
    text = value.replace("\\\\", "\\")
    arguments: list[str] = []
    current, quoted, escaped, started = "", False, False, False
    for ch in text:
        if escaped:
            current, escaped = current + ch, False
        elif quoted and ch == "\\":
            escaped = True
        elif ch == '"':
            quoted, started = not quoted, True
        elif ch == " " and not quoted:
            if started or current:
                arguments.append(current)
            current, started = "", False
        else:
            current += ch
    if started or current:
        arguments.append(current)
    return [argument.replace("%%", "%") for argument in arguments]


def test_enabling_writes_a_valid_autostart_entry_and_disabling_removes_it(config_home: Path) -> None:
    assert not autostart.is_enabled(platform="linux")

    path = autostart.enable(platform="linux")

    assert path == config_home / "autostart" / "rapport.desktop"
    assert autostart.is_enabled(platform="linux")
    checked = _validate(path)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout + checked.stderr
    text = path.read_text(encoding="utf-8")
    assert "Name=Rapport" in text and "Type=Application" in text
    assert shlex.split(_exec_line(path)) == [sys.executable, str(autostart.MAIN_SCRIPT)]

    assert autostart.disable(platform="linux") is True
    assert not path.exists()
    assert not autostart.is_enabled(platform="linux")
    assert autostart.disable(platform="linux") is False, "disabling twice is harmless"


def test_the_entry_starts_this_installation(config_home: Path, tmp_path: Path) -> None:
    path = autostart.enable(["--data-dir", str(tmp_path / "my data")], platform="linux")
    assert path is not None

    command = shlex.split(_exec_line(path))
    assert command[-2:] == ["--data-dir", str(tmp_path / "my data")]
    # The same command, asked for its version instead of opening a window.
    result = subprocess.run(
        [*command[:2], "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Rapport ")


def test_arguments_with_spaces_quotes_and_percents_stay_valid(config_home: Path, tmp_path: Path) -> None:
    awkward = str(tmp_path / 'Ana\'s "data" 100% $HOME `x` \\ folder')
    path = autostart.enable(["--data-dir", awkward], platform="linux")
    assert path is not None

    checked = _validate(path)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout + checked.stderr
    assert _unquote_exec(_exec_line(path))[-2:] == ["--data-dir", awkward]


def test_a_relative_xdg_config_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert autostart.xdg_entry_path() == tmp_path / "home" / ".config" / "autostart" / "rapport.desktop"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert autostart.xdg_entry_path() == tmp_path / "home" / ".config" / "autostart" / "rapport.desktop"


def test_the_entry_is_private_to_the_user(config_home: Path) -> None:
    path = autostart.enable(platform="linux")
    assert path is not None
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_macos_gets_a_launch_agent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    path = autostart.enable(platform="darwin")

    assert path == tmp_path / "Library" / "LaunchAgents" / "app.rapport.Rapport.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent["RunAtLoad"] is True
    assert agent["ProgramArguments"] == [sys.executable, str(autostart.MAIN_SCRIPT)]
    assert autostart.is_enabled(platform="darwin")
    assert autostart.disable(platform="darwin") is True
    assert not autostart.is_enabled(platform="darwin")


def test_start_at_login_follows_the_setting(config_home: Path, store: object) -> None:
    from services.background import sync_start_at_login
    from services.preferences import update_settings

    update_settings(store, start_at_login=True)  # type: ignore[arg-type]
    path = sync_start_at_login(store)  # type: ignore[arg-type]
    assert path is not None and path.exists()
    data_dir = str(store.data_dir.resolve())  # type: ignore[attr-defined]
    assert shlex.split(_exec_line(path))[-3:] == ["--hidden", "--data-dir", data_dir], (
        "at login it starts in the tray, with this (test) data folder"
    )

    update_settings(store, start_at_login=False)  # type: ignore[arg-type]
    assert sync_start_at_login(store) is None  # type: ignore[arg-type]
    assert not path.exists()


def test_a_frozen_build_starts_its_own_executable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/Rapport/rapport")
    assert autostart.launch_command() == ["/opt/Rapport/rapport"]
    assert os.path.basename(autostart.launch_command(["--data-dir", "x"])[0]) == "rapport"
