"""Passwords go to a real keyring or nowhere: refused backends, locked keyrings, the Secret Service."""

from __future__ import annotations

import os
import secrets as token
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringLocked

from connectors import secrets
from connectors.secrets import SecretStoreUnavailable
from tests.calendar_doubles import MemoryKeyring, installed

ROOT = Path(__file__).resolve().parents[2]


# Doubles for the pure unit tests; see tests/keyring_doubles.py.
class DroppingKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        pass


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class DismissedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        from secretstorage.exceptions import PromptDismissedException

        raise PromptDismissedException("Prompt dismissed.")


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt.file.PlaintextKeyring, which writes secrets into a file."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


@pytest.fixture
def use_backend() -> Iterator[Any]:
    with ExitStack() as stack:
        yield lambda backend: stack.enter_context(installed(backend))


@pytest.mark.parametrize(
    ("backend", "name"),
    [
        (fail.Keyring(), "keyring.backends.fail.Keyring"),
        (null.Keyring(), "keyring.backends.null.Keyring"),
        (PlaintextKeyring(), "keyrings.alt.file.PlaintextKeyring"),
    ],
)
def test_backends_that_are_not_secret_stores_are_refused(use_backend: Any, backend: Any, name: str) -> None:
    use_backend(backend)
    with pytest.raises(SecretStoreUnavailable) as refused:
        secrets.store_password("caldav:ana@https://cal.example.com/", "hunter2")
    assert str(refused.value) == f"no secure keyring is available ({name}); nothing was stored"
    if isinstance(backend, MemoryKeyring):
        assert backend.items == {}
    with pytest.raises(SecretStoreUnavailable, match="no secure keyring"):
        secrets.ensure_available()
    assert secrets.backend_name().startswith("none")


def test_a_secure_backend_round_trips(use_backend: Any) -> None:
    backend = use_backend(MemoryKeyring())
    secrets.store_password("caldav:ana@x", "pw 1")
    assert backend.items == {("Rapport", "caldav:ana@x"): "pw 1"}
    assert secrets.get_password("caldav:ana@x") == "pw 1"
    assert secrets.delete_password("caldav:ana@x") is True
    assert secrets.delete_password("caldav:ana@x") is False
    assert secrets.get_password("caldav:ana@x") is None
    assert secrets.backend_name() == "tests.calendar_doubles.MemoryKeyring"


def test_a_backend_that_drops_the_password_is_found_out(use_backend: Any) -> None:
    use_backend(DroppingKeyring())
    with pytest.raises(SecretStoreUnavailable, match="did not keep the password; nothing was stored"):
        secrets.store_password("k", "pw")


def test_a_locked_keyring_and_a_dismissed_prompt_are_explained(use_backend: Any) -> None:
    use_backend(LockedKeyring())
    with pytest.raises(SecretStoreUnavailable) as locked:
        secrets.store_password("k", "pw")
    assert str(locked.value) == (
        "the keyring is locked and was not unlocked (Failed to unlock the collection!); "
        "unlock your login keyring and try again; nothing was stored"
    )
    use_backend(DismissedKeyring())
    with pytest.raises(SecretStoreUnavailable, match=r"locked and was not unlocked \(Prompt dismissed\.\)"):
        secrets.get_password("k")


def test_an_empty_password_is_refused(use_backend: Any) -> None:
    use_backend(MemoryKeyring())
    with pytest.raises(ValueError, match="empty"):
        secrets.store_password("k", "")


def _run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT
    )


STORE_AND_REPORT = textwrap.dedent(
    """
    from connectors.secrets import SecretStoreUnavailable, store_password
    try:
        store_password("caldav:ana@https://cal.example.com/", "pw-never-stored-8812")
    except SecretStoreUnavailable as error:
        print(error)
    else:
        print("STORED")
    """
)


@pytest.mark.parametrize("forced", [None, "keyring.backends.fail.Keyring"])
def test_without_a_session_bus_nothing_is_stored(tmp_path: Path, forced: str | None) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBUS_", "PYTHON_KEYRING", "XDG_", "GNOME_KEYRING"))
    }
    env.update(
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path / 'no-bus'}",
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PYTHONPATH=str(ROOT),
    )
    if forced:
        env["PYTHON_KEYRING_BACKEND"] = forced
    done = _run_python(STORE_AND_REPORT, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("no secure keyring is available (")
    assert done.stdout.rstrip().endswith("; nothing was stored")
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not any(b"pw-never-stored-8812" in p.read_bytes() for p in written)


@pytest.mark.services
def test_the_secret_service_keeps_and_forgets_a_password() -> None:
    account = f"caldav:test-{token.token_hex(4)}@https://cal.example.com/"
    password = token.token_urlsafe(16)
    assert "SecretService" in secrets.backend_name()
    assert "SecretService" in secrets.ensure_available()
    secrets.store_password(account, password)
    try:
        assert secrets.get_password(account) == password
        assert keyring.get_password("Rapport", account) == password  # as any other keyring client sees it
    finally:
        assert secrets.delete_password(account) is True
    assert secrets.get_password(account) is None
    assert secrets.delete_password(account) is False


LOCKED_SESSION = textwrap.dedent(
    """
    set -eu
    export XDG_DATA_HOME="$1/data" XDG_RUNTIME_DIR="$1/run" HOME="$1/home"
    mkdir -p "$XDG_DATA_HOME" "$HOME" && mkdir -m 0700 "$XDG_RUNTIME_DIR"
    # No --unlock: the login keyring does not exist and nobody can answer the prompt.
    gnome-keyring-daemon --foreground --components=secrets >"$1/daemon.out" 2>&1 </dev/null &
    daemon=$!
    for _ in $(seq 100); do
        dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \\
            | grep -q true && break
        sleep 0.05
    done
    "$2" -c "$3" || true
    kill "$daemon"
    """
)


@pytest.mark.services
def test_a_locked_keyring_whose_prompt_is_dismissed_stores_nothing(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "PYTHON_KEYRING_BACKEND"}
    }
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", LOCKED_SESSION, "locked", str(tmp_path), sys.executable,
         STORE_AND_REPORT],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )  # fmt: skip
    assert done.stdout.startswith("the keyring is locked and was not unlocked ("), done.stdout + done.stderr
    assert "Prompt dismissed" in done.stdout
    assert done.stdout.rstrip().endswith("nothing was stored")
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not any(b"pw-never-stored-8812" in p.read_bytes() for p in written)
