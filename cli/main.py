"""Running one command: logging, the data folder, the clock, errors as one clear line."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from cli.output import UsageError
from cli.parser import build_parser

if TYPE_CHECKING:
    from services.clock import Clock

log = logging.getLogger("rapport")

LOG_FILE = "rapport.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
NEARLY_FULL_BYTES = 1024 * 1024


class PrivateRotatingLog(logging.Handler):
    """A rotating log file (0600) that is opened only when something is logged.

    Most commands log nothing; not importing logging.handlers nor opening the file keeps
    their start-up short.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            import logging.handlers

            old_umask = os.umask(0o077)
            try:
                self._file = logging.handlers.RotatingFileHandler(
                    self.path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
                )
            finally:
                os.umask(old_umask)
            self._file.setFormatter(self.formatter)
        old_umask = os.umask(0o077)  # a rotation opens a new file: it must be private too
        try:
            self._file.emit(record)
        finally:
            os.umask(old_umask)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def setup_logging(data_dir: Path, verbose: bool) -> Path:
    """A rotating log in the data folder (0600). Message and note texts never go to it."""
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOG_FILE
    handler = PrivateRotatingLog(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # A log that cannot be written (a full disk) must not print tracebacks on the user's terminal.
    logging.raiseExceptions = False
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return path


def handler_for(command: str) -> Callable[[argparse.Namespace, object], int]:
    # Imported lazily: a command loads only what it uses, so `rapport search` starts fast.
    if command in {"import", "export", "restore", "backup", "demo"}:
        from cli import data_commands as module
    elif command in {"cold", "today", "triage", "schedule", "checkins", "done", "skip"}:
        from cli import queue_commands as module  # type: ignore[no-redef]
    elif command == "calendar":
        from cli import calendar_commands as module  # type: ignore[no-redef]
    elif command == "remind":
        from cli import reminder_commands as module  # type: ignore[no-redef]
    elif command in {"share", "review"}:
        from cli import share_commands as module  # type: ignore[no-redef]
    elif command == "search":
        from cli import search_command as module  # type: ignore[no-redef]
    else:
        from cli import contact_commands as module  # type: ignore[no-redef]
    handler: Callable[[argparse.Namespace, object], int] = getattr(module, "cmd_" + command.replace("-", "_"))
    return handler


def run(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 2
    if args.self_test:
        # Checks the installation in a temporary folder: the user's data folder is left alone.
        from cli.self_test import self_test

        return self_test()
    from models.location import ensure_private_dir, resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    try:
        ensure_private_dir(data_dir)
        log_path = setup_logging(data_dir, args.verbose)
    except OSError as error:
        print(f"rapport: cannot use the data folder {data_dir}: {error.strerror}", file=sys.stderr)
        return 2
    if args.command is None:
        from connectors.instance_link import ask_running_instance

        # Checked before importing Qt: a second start must hand over and exit within a second.
        if ask_running_instance(data_dir):
            return 0
        from ui.app import run_app

        return run_app(args)
    return run_command(args, log_path)


# Errors a user can cause, by module: reported as one line with exit 2. Looked up in
# sys.modules so that a command never imports a module (and its cost) only to name an error.
USER_ERRORS: dict[str, tuple[str, ...]] = {
    "cli.output": ("UsageError",),
    "services.contacts": ("ContactError",),
    "models.database": ("DatabaseError",),
    "connectors.errors": ("ImportRefused",),
    "services.importing": ("ImportCancelled",),
    "services.exporting": ("ExportError", "RestoreRefused"),
    "services.json_backup": ("RestoreRefused",),
    "services.demo": ("DemoRefused",),
    "connectors.secrets": ("SecretStoreUnavailable",),
    "connectors.caldav_sync": ("CalendarError",),
    "services.calendar_sync": ("CalendarSetupError",),
    "services.shares": ("ShareError",),
}


def is_user_error(error: BaseException) -> bool:
    if isinstance(error, (UsageError, ValueError)):
        return True
    for module_name, class_names in USER_ERRORS.items():
        module = sys.modules.get(module_name)
        if module is None:
            continue
        for class_name in class_names:
            error_class = getattr(module, class_name, None)
            if isinstance(error_class, type) and isinstance(error, error_class):
                return True
    return False


def is_disk_full(error: BaseException, data_dir: Path) -> bool:
    """ENOSPC or SQLite's "database or disk is full" anywhere in the error's chain; SQLite's
    "disk I/O error" too when the data folder's disk has (almost) no room left."""
    link: BaseException | None = error
    while link is not None:
        if isinstance(link, OSError) and link.errno == errno.ENOSPC:
            return True
        if "database or disk is full" in str(link):
            return True
        if "disk I/O error" in str(link):
            import shutil

            try:
                return shutil.disk_usage(data_dir).free < NEARLY_FULL_BYTES
            except OSError:
                return False
        link = link.__cause__ or link.__context__
    return False


def run_command(args: argparse.Namespace, log_path: Path) -> int:
    from services.store import open_store

    store = None
    try:
        clock, tz = _clock_from(args.now)
        store = open_store(args.data_dir, clock=clock, tz=tz, auto_backup=args.command != "search")
        return handler_for(args.command)(args, store)
    except FileNotFoundError as error:
        print(f"rapport: {error.filename}: no such file", file=sys.stderr)
        return 2
    except PermissionError as error:
        print(f"rapport: {error.filename}: permission denied", file=sys.stderr)
        return 2
    except IsADirectoryError as error:
        print(f"rapport: {error.filename}: is a folder, not a file", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rapport: interrupted; nothing partial was saved", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`rapport show X | head`): not an error, and nothing more to say.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet
        return 0
    except Exception as error:
        if is_disk_full(error, log_path.parent.parent):
            detail = str(error) if is_user_error(error) else f"nothing was saved in {log_path.parent.parent}"
            print(f"rapport: the disk is full: {detail}; free some space and try again", file=sys.stderr)
            return 2
        if is_user_error(error):
            print(f"rapport: {error}", file=sys.stderr)
            return 2
        log.exception("command %s failed", args.command)
        print(f"rapport: internal error; details are in {log_path}", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.close()


def _clock_from(now_text: str | None) -> tuple[Clock, tzinfo]:
    from services.clock import fixed_clock, local_zone, parse_local_datetime, system_clock

    tz = local_zone()
    if not now_text:
        return system_clock, tz
    try:
        instant = parse_local_datetime(now_text, tz)
    except ValueError as error:
        raise UsageError(f"--now: {error}") from error
    if len(now_text.strip()) <= 10:
        instant = instant.replace(hour=9, minute=0)
    return fixed_clock(instant), tz
