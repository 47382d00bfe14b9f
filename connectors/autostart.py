"""Starting Rapport at login: an XDG autostart entry on Linux, the Run key on Windows,
a LaunchAgent on macOS. Only the Linux entry is tested on these machines.

The entry starts the installed launcher when Rapport runs frozen (the packaged build),
else this Python with this checkout's main.py, so a development copy starts itself.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import plistlib
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from connectors.atomic import write_private_atomically

APP_NAME = "Rapport"
ENTRY_NAME = "rapport.desktop"
WINDOWS_RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
MAC_LABEL = "app.rapport.Rapport"
MAIN_SCRIPT = Path(__file__).resolve().parent.parent / "main.py"
ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "rapport.svg"


def launch_command(arguments: Sequence[str] = ()) -> list[str]:
    """The command that starts this installation of Rapport, with `arguments`."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *arguments]
    return [sys.executable, str(MAIN_SCRIPT), *arguments]


# --- Linux (XDG) ---------------------------------------------------------------------------


def xdg_entry_path(environ: Mapping[str, str] | None = None) -> Path:
    """$XDG_CONFIG_HOME/autostart/rapport.desktop (~/.config when unset or relative)."""
    env = os.environ if environ is None else environ
    config = env.get("XDG_CONFIG_HOME", "")
    # The specification says to ignore a relative path.
    base = Path(config) if config and Path(config).is_absolute() else Path.home() / ".config"
    return base / "autostart" / ENTRY_NAME


def _exec_quote(argument: str) -> str:
    """One Exec argument, quoted as the Desktop Entry specification asks."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if argument and not reserved.intersection(argument):
        text = argument
    else:
        escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in argument)
        text = f'"{escaped}"'
    # Field codes start with %, so a literal one is doubled; and the value as a whole is a
    # string whose backslashes are themselves escaped.
    return text.replace("%", "%%").replace("\\", "\\\\")


def desktop_entry(command: Sequence[str]) -> str:
    exec_line = " ".join(_exec_quote(part) for part in command)
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        f"Name={APP_NAME}",
        "Comment=Keep your professional network warm: reminders in the background",
        f"Exec={exec_line}",
        f"Icon={ICON if ICON.exists() else 'rapport'}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ]
    return "\n".join(lines)


# --- Windows -------------------------------------------------------------------------------


def _windows_command_line(command: Sequence[str]) -> str:
    import subprocess

    return subprocess.list2cmdline(list(command))


def _winreg() -> Any:
    # Imported by name: the module exists only on Windows, where alone these run.
    return importlib.import_module("winreg")


def _windows_set(command: Sequence[str] | None) -> None:
    winreg = _winreg()

    access = winreg.KEY_SET_VALUE
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY, 0, access) as key:
        if command is not None:
            winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, _windows_command_line(command))
            return
        with contextlib.suppress(FileNotFoundError):
            winreg.DeleteValue(key, APP_NAME)


def _windows_enabled() -> bool:
    winreg = _winreg()

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY) as key:
            winreg.QueryValueEx(key, APP_NAME)
    except FileNotFoundError:
        return False
    return True


# --- macOS ---------------------------------------------------------------------------------


def launch_agent_path(home: Path | None = None) -> Path:
    return (home or Path.home()) / "Library" / "LaunchAgents" / f"{MAC_LABEL}.plist"


def launch_agent(command: Sequence[str]) -> bytes:
    return plistlib.dumps(
        {
            "Label": MAC_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


# --- the switch ----------------------------------------------------------------------------


def entry_location(platform: str | None = None) -> str:
    """Where the entry lives, for messages: a path, or the registry key."""
    system = platform or sys.platform
    if system.startswith("win"):
        return f"HKEY_CURRENT_USER\\{WINDOWS_RUN_KEY}\\{APP_NAME}"
    if system == "darwin":
        return str(launch_agent_path())
    return str(xdg_entry_path())


def enable(arguments: Sequence[str] = (), *, platform: str | None = None) -> Path | None:
    """Start Rapport at login. Returns the file written (None for the Windows registry)."""
    system = platform or sys.platform
    command = launch_command(arguments)
    if system.startswith("win"):
        _windows_set(command)
        return None
    if system == "darwin":
        path, data = launch_agent_path(), launch_agent(command)
    else:
        path, data = xdg_entry_path(), desktop_entry(command).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private_atomically(path, data)
    return path


def disable(*, platform: str | None = None) -> bool:
    """Stop starting at login; True when there was an entry to remove."""
    system = platform or sys.platform
    if system.startswith("win"):
        was = _windows_enabled()
        _windows_set(None)
        return was
    path = launch_agent_path() if system == "darwin" else xdg_entry_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def is_enabled(*, platform: str | None = None) -> bool:
    system = platform or sys.platform
    if system.startswith("win"):
        return _windows_enabled()
    return (launch_agent_path() if system == "darwin" else xdg_entry_path()).exists()
