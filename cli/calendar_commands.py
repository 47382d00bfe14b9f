"""`rapport calendar ...`: connect a CalDAV calendar, see what waits, push, test, disconnect."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from cli.output import UsageError, plural, print_json, print_table
from connectors.caldav_sync import CalendarError
from connectors.secrets import SecretStoreUnavailable, backend_name
from services.calendar_sync import (
    PushReport,
    account_of,
    account_status,
    connect_account,
    disconnect_account,
    push_pending,
    test_account,
)
from services.store import Store

OFFLINE = "saved; will be added to your calendar when the server is reachable"


def read_password(prompt: str) -> str:
    """From the terminal without echo, or one line of standard input (for scripts).

    Never from the command line: arguments are visible to every user in the process list.
    """
    password = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UsageError("no password given (type it at the prompt, or pipe it as one line)")
    return password


def push_message(report: PushReport | None) -> str | None:
    """One line about what a push after a change did; None when there is nothing to say."""
    if report is None:
        return None
    if report.unreachable:
        return OFFLINE
    if report.failed:
        return f"saved; not yet in your calendar: {report.error}"
    parts = []
    if report.put:
        parts.append(f"{plural(report.put, 'check-in')} sent to your calendar")
    if report.deleted:
        parts.append(f"{plural(report.deleted, 'check-in')} removed from your calendar")
    return "; ".join(parts) + "." if parts else None


def push_after_change(store: Store) -> PushReport | None:
    """Push what a command just changed; None when no calendar is connected."""
    if account_of(store.settings()) is None:
        return None
    return push_pending(store)


def _connect(args: argparse.Namespace, store: Store) -> int:
    password = read_password(f"Password for {args.user} at {args.url}: ")
    info = connect_account(store, args.url, args.user, password, args.calendar)
    print(f'Connected to the calendar "{info.name}" ({info.url}) as {args.user.strip()}.')
    print(f"The password is kept in the system keyring ({backend_name()}), nowhere else.")
    message = push_message(push_pending(store))
    if message:
        print(message)
    return 0


def _status(args: argparse.Namespace, store: Store) -> int:
    status = account_status(store)
    account = status.account
    if args.json:
        print_json(
            {
                "connected": account is not None,
                "url": account.url if account else None,
                "user": account.user if account else None,
                "calendar": account.calendar_name if account else None,
                "pending": [
                    {
                        "uid": change.uid,
                        "checkin_id": change.checkin_id,
                        "action": change.action,
                        "name": change.name,
                        "starts_at": change.starts_at.astimezone(store.tz).isoformat()
                        if change.starts_at
                        else None,
                        "attempts": change.attempts,
                        "last_error": change.last_error,
                    }
                    for change in status.pending
                ],
            }
        )
        return 0
    print(status.summary)
    if account is None:
        print("Connect one with: rapport calendar connect URL --user NAME")
        return 0
    print(f"Address: {account.url}")
    print(f"Keyring: {backend_name()}")
    if status.pending:
        print()
        print_table(
            ["ID", "When", "With", "To do", "Tries", "Last error"],
            [
                [
                    change.checkin_id or "—",
                    f"{change.starts_at.astimezone(store.tz):%Y-%m-%d %H:%M}" if change.starts_at else "—",
                    change.name or "—",
                    "add/update" if change.action == "put" else "remove",
                    change.attempts,
                    change.last_error or "—",
                ]
                for change in status.pending
            ],
            max_width=70,
        )
    return 0


def _test(args: argparse.Namespace, store: Store) -> int:
    info = test_account(store)
    print(f'OK: the calendar "{info.name}" ({info.url}) answers.')
    return 0


def _sync(args: argparse.Namespace, store: Store) -> int:
    if account_of(store.settings()) is None:
        raise UsageError(
            "no calendar is connected; connect one with: rapport calendar connect URL --user NAME"
        )
    report = push_pending(store)
    if report.failed:
        waiting = plural(report.failed, "check-in")
        print(f"rapport: {waiting} not yet in your calendar: {report.error}", file=sys.stderr)
        return 2
    print(push_message(report) or "Your calendar is up to date.")
    return 0


def _disconnect(args: argparse.Namespace, store: Store) -> int:
    print(disconnect_account(store))
    return 0


ACTIONS: dict[str, Callable[[argparse.Namespace, Store], int]] = {
    "connect": _connect,
    "status": _status,
    "test": _test,
    "sync": _sync,
    "disconnect": _disconnect,
}


def cmd_calendar(args: argparse.Namespace, store: Store) -> int:
    try:
        return ACTIONS[args.calendar_command](args, store)
    except (CalendarError, SecretStoreUnavailable) as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 2
