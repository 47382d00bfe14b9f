"""Passwords in the operating system's keyring, and nowhere else.

Only a real secret store is accepted (the Secret Service, macOS Keychain, Windows
Credential Locker...). The backends that would keep a password in a plain or merely
obfuscated file (``keyrings.alt``), and the ones that drop it (``fail``, ``null``), are
refused: the user is told, and nothing is stored. There is no fallback, on purpose.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring is imported where it is used: it takes ~60 ms to load (with its metadata and
# entry points), which the window's start would otherwise pay though a password is needed
# only once a calendar is connected.

log = logging.getLogger(__name__)

SERVICE_NAME = "Rapport"
# Backends that keep secrets in files under the user's home (plaintext or with a guessable key).
REFUSED_MODULE_PREFIXES = ("keyrings.alt",)
NOT_STORED = "nothing was stored"


class SecretStoreUnavailable(Exception):  # noqa: N818 - reads as a state, like NotificationUnavailable
    """No usable keyring: none installed, locked, the unlock prompt dismissed, or it did not answer."""


def _qualified_name(backend: object) -> str:
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def _is_secure(backend: KeyringBackend) -> bool:
    from keyring.backends import chainer, fail, null

    if isinstance(backend, (fail.Keyring, null.Keyring, chainer.ChainerBackend)):
        return False
    module = type(backend).__module__
    return not any(module == prefix or module.startswith(prefix + ".") for prefix in REFUSED_MODULE_PREFIXES)


def _candidates(root: KeyringBackend) -> list[KeyringBackend]:
    # The chainer writes to its first backend and reads from all of them; we pick the
    # secure one ourselves so that a plaintext backend further down is never written to.
    from keyring.backends import chainer

    if isinstance(root, chainer.ChainerBackend):
        return list(root.backends)
    return [root]


def _secure_backend(consequence: str) -> KeyringBackend:
    import keyring
    from keyring.backends import chainer

    root = keyring.get_keyring()
    candidates = _candidates(root)
    for backend in candidates:
        if _is_secure(backend):
            return backend
    if isinstance(root, chainer.ChainerBackend):
        found = ", ".join(_qualified_name(b) for b in candidates) or "none"
        detail = f"{_qualified_name(root)} with no secure backend; found: {found}"
    else:
        detail = _qualified_name(root)
    raise SecretStoreUnavailable(f"no secure keyring is available ({detail}); {consequence}")


def backend_name() -> str:
    """The keyring backend passwords would go to, for diagnostics ('none' when there is none)."""
    try:
        return _qualified_name(_secure_backend(NOT_STORED))
    except SecretStoreUnavailable:
        import keyring

        return f"none (default: {_qualified_name(keyring.get_keyring())})"


def ensure_available() -> str:
    """Raise SecretStoreUnavailable unless a secure keyring is configured; returns its name.

    This does not prove the keyring is unlocked: only storing or reading does.
    """
    return _qualified_name(_secure_backend(NOT_STORED))


def _backend_errors() -> tuple[type[BaseException], ...]:
    """What a keyring backend raises when the service is missing, locked or gone.

    Secret Service errors come from secretstorage and jeepney; both are optional imports.
    """
    from keyring.errors import KeyringError

    errors: list[type[BaseException]] = [KeyringError, RuntimeError, OSError]
    try:
        from secretstorage.exceptions import SecretStorageException

        errors.append(SecretStorageException)
    except ImportError:
        pass
    try:
        from jeepney.wrappers import DBusErrorResponse

        errors.append(DBusErrorResponse)
    except ImportError:
        pass
    return tuple(errors)


def _explain(error: BaseException, consequence: str) -> str:
    from keyring.errors import KeyringLocked, NoKeyringError

    detail = " ".join(str(error).split()) or type(error).__name__
    text = f"{type(error).__name__} {detail}".lower()
    if isinstance(error, NoKeyringError):
        return f"no secure keyring is available ({detail}); {consequence}"
    if isinstance(error, KeyringLocked) or "locked" in text or "dismissed" in text:
        return (
            f"the keyring is locked and was not unlocked ({detail}); "
            f"unlock your login keyring and try again; {consequence}"
        )
    return f"the keyring did not answer ({detail}); {consequence}"


@contextmanager
def _translated(consequence: str) -> Iterator[None]:
    try:
        yield
    except SecretStoreUnavailable:
        raise
    except _backend_errors() as error:
        log.info("keyring failed: %s: %s", type(error).__name__, error)
        raise SecretStoreUnavailable(_explain(error, consequence)) from error


def store_password(account: str, password: str) -> None:
    """Store ``password`` for ``account`` under the service "Rapport"; raise if it cannot be kept."""
    if not password:
        raise ValueError("the password is empty")
    with _translated(NOT_STORED):
        backend = _secure_backend(NOT_STORED)
        backend.set_password(SERVICE_NAME, account, password)
        # A backend that accepts and drops the secret would otherwise go unnoticed until the
        # next push fails with a confusing authentication error.
        if backend.get_password(SERVICE_NAME, account) != password:
            raise SecretStoreUnavailable(
                f"the keyring ({_qualified_name(backend)}) did not keep the password; {NOT_STORED}"
            )


def get_password(account: str) -> str | None:
    """The stored password for ``account``, or None when there is none."""
    consequence = "the calendar password cannot be read"
    with _translated(consequence):
        return _secure_backend(consequence).get_password(SERVICE_NAME, account)


def delete_password(account: str) -> bool:
    """Remove the password for ``account``; False when there was none."""
    consequence = "the password could not be removed from it"
    from keyring.errors import PasswordDeleteError

    with _translated(consequence):
        backend = _secure_backend(consequence)
        try:
            backend.delete_password(SERVICE_NAME, account)
        except PasswordDeleteError:
            return False
        return True
