"""`rapport remind`: one reminder pass, for cron or a systemd timer when the app isn't running.

It exits 0 even when no notification could be shown: a timer that fails every few
minutes helps nobody. It then says so on stderr, and nothing is marked as sent, so the
next run (or the window) delivers the reminder once a notification service is there.
"""

from __future__ import annotations

import argparse
import sys

from cli.output import plural, print_json
from connectors.notify import desktop_notifier_chain
from services.reminders import NOT_SHOWN, TAKEN, Delivery, ReminderPass, run_reminder_pass
from services.store import Store


def _line(delivery: Delivery) -> str:
    reminder = delivery.reminder
    text = f"{delivery.outcome:<14} [{reminder.kind}] {reminder.title} — {reminder.body}"
    if delivery.channel:
        text += f" (via {delivery.channel})"
    return text


def _summary(result: ReminderPass) -> str:
    if result.dry_run:
        count = len(result.deliveries)
        if not count:
            return _nothing(result, "Nothing would be sent")
        return f"{plural(count, 'reminder')} would be sent (dry run: nothing sent or logged)."
    if not result.deliveries:
        return _nothing(result, "Nothing to send")
    parts = [f"{plural(len(result.sent), 'reminder')} sent"]
    not_shown, taken = len(result.with_outcome(NOT_SHOWN)), len(result.with_outcome(TAKEN))
    if not_shown:
        parts.append(f"{not_shown} could not be shown and will be retried")
    if taken:
        parts.append(f"{taken} already sent by Rapport running elsewhere")
    return "; ".join(parts) + "."


def _nothing(result: ReminderPass, text: str) -> str:
    return f"{text}: {result.silenced}." if result.silenced else f"{text}."


def cmd_remind(args: argparse.Namespace, store: Store) -> int:
    notifier = None if args.dry_run else desktop_notifier_chain()
    result = run_reminder_pass(store, notifier, dry_run=args.dry_run)
    if args.json:
        print_json(
            {
                "ran_at": result.ran_at.isoformat(),
                "dry_run": result.dry_run,
                "silenced": result.silenced,
                "sent": len(result.sent),
                "not_shown": len(result.not_shown),
                "reminders": [d.to_json() for d in result.deliveries],
            }
        )
    else:
        for delivery in result.deliveries:
            print(_line(delivery))
        print(_summary(result))
    failed = result.with_outcome(NOT_SHOWN)
    if failed:
        print(
            "rapport: notifications could not be shown "
            f"({failed[0].error}). Nothing was marked as sent: the next run will try again. "
            "Is a notification service running in your desktop session?",
            file=sys.stderr,
        )
    return 0
