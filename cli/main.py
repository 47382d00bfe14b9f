"""Running one command: logging, the data folder, the clock, errors as one clear line."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
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


def setup_logging(data_dir: Path, verbose: bool) -> Path:
    """A rotating log in the data folder (0600). Message and note texts never go to it."""
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOG_FILE
    old_umask = os.umask(0o077)
    try:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    finally:
        os.umask(old_umask)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
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
    from models.location import ensure_private_dir, resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    try:
        ensure_private_dir(data_dir)
        log_path = setup_logging(data_dir, args.verbose)
    except OSError as error:
        print(f"rapport: cannot use the data folder {data_dir}: {error.strerror}", file=sys.stderr)
        return 2
    if args.self_test:
        from cli.self_test import self_test

        return self_test()
    if args.command is None:
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
    except Exception as error:
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
