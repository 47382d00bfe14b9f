"""Commands that move data in and out: import, export, restore, backup, demo."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.output import UsageError, plural, print_json
from models.backup import backup_now
from services.store import Store


def cmd_import(args: argparse.Namespace, store: Store) -> int:
    from services.importing import import_file

    summary = import_file(store, args.source, Path(args.path), circle=args.circle)
    if args.json:
        print_json(summary.to_json())
    else:
        print(summary)
    return 0


def cmd_export(args: argparse.Namespace, store: Store) -> int:
    from services import exporting

    path = Path(args.path)
    if path.is_dir():
        raise UsageError(f"{path} is a folder; name the file to write")
    writers = {
        "vcard": (exporting.export_vcard, "contact"),
        "csv": (exporting.export_csv, "contact"),
        "json": (exporting.export_json, "row"),
    }
    writer, unit = writers[args.format]
    count = writer(store, path)
    print(f"Exported {plural(count, unit)} to {path}")
    return 0


def cmd_restore(args: argparse.Namespace, store: Store) -> int:
    from services.exporting import restore_json

    summary = restore_json(store, Path(args.path))
    print(summary)
    return 0


def cmd_backup(args: argparse.Namespace, store: Store) -> int:
    path = backup_now(store.db, store.backups_dir, store.today(), label="manual")
    print(f"Backed up to {path}")
    return 0


def cmd_demo(args: argparse.Namespace, store: Store) -> int:
    from services.demo import DemoRefused, fill_demo_network

    try:
        counts = fill_demo_network(store)
    except DemoRefused as error:
        raise UsageError(str(error)) from error
    print(
        f"Demo network ready: {plural(counts.contacts, 'contact')}, "
        f"{plural(counts.interactions, 'touch', 'touches')}, {plural(counts.checkins, 'check-in')}. "
        "Try: rapport today"
    )
    return 0
