"""The local socket a running Rapport window listens on, and the light way to reach it.

A second start must exit within a second, and importing Qt alone takes half of that; so
on Unix the "come forward" message goes through Python's own socket module, before any
Qt import. (The window listens with Qt's QLocalServer, which on Unix is a plain Unix
domain socket at this same path; on Windows, a named pipe that only Qt reaches.)
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import logging
import os
import socket
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

RAISE = b"raise\n"
CONNECT_TIMEOUT_S = 0.5
# Unix socket paths are limited to 108 bytes; a longer runtime folder falls back to /tmp.
MAX_SOCKET_PATH = 100


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def socket_name(data_dir: Path) -> str:
    """One name per user and data folder: two portable copies may run side by side.

    On Linux a full path in $XDG_RUNTIME_DIR (private to the user, cleared at logout);
    elsewhere a plain name, which Qt places in the temporary folder or the pipe namespace.
    """
    digest = hashlib.sha256(str(data_dir.expanduser().resolve()).encode("utf-8")).hexdigest()[:16]
    name = f"rapport-{_user()}-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform.startswith("linux") and runtime and Path(runtime).is_dir():
        path = str(Path(runtime) / f"{name}.sock")
        if len(path.encode()) <= MAX_SOCKET_PATH:
            return path
    return name


def socket_path(name: str) -> Path:
    """Where Qt's QLocalServer puts the socket for `name` on Unix."""
    return Path(name) if name.startswith("/") else Path(tempfile.gettempdir()) / name


def ask_running_instance(data_dir: Path) -> bool | None:
    """Ask a running window for this data folder to come forward.

    True: it was asked (the caller exits). False: none is running. None: can't tell
    without Qt (Windows); SingleInstance.claim() then asks through Qt.
    """
    if not hasattr(socket, "AF_UNIX"):
        return None
    path = socket_path(socket_name(data_dir))
    if not path.exists():
        return False
    link = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    link.settimeout(CONNECT_TIMEOUT_S)
    try:
        link.connect(str(path))
        link.sendall(RAISE)
    except OSError as error:  # refused: a socket left behind by a crash
        log.debug("no running Rapport behind %s: %s", path, error)
        return False
    finally:
        with contextlib.suppress(OSError):
            link.close()
    log.info("Rapport already runs for this data folder: asked it to come forward")
    return True
