"""Commands about who to talk to: cold, today, triage, schedule, checkins, done, skip."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.calendar_commands import push_after_change, push_message
from cli.output import plural, print_json, print_table
from core.queue import QueueEntry
from core.reciprocity import triage_card
from models.entities import CheckIn, Contact
from services.calendar_sync import schedule_and_push
from services.checkins import (
    complete_checkin,
    get_checkin,
    planned_checkins,
    skip_checkin,
)
from services.clock import from_db, parse_local_datetime
from services.contacts import resolve_contact
from services.history import exchanges_of, touches_of
from services.queue import cold_list, today_list
from services.snapshots import load_snapshots
from services.store import Store


def _print_entries(entries: list[QueueEntry], store: Store, *, as_json: bool, empty: str) -> None:
    if as_json:
        print_json(
            {
                "date": store.today().isoformat(),
                "count": len(entries),
                "contacts": [e.to_json() for e in entries],
            }
        )
        return
    if not entries:
        print(empty)
        return
    print_table(
        ["Name", "Circle", "Status", "Days", "Cadence", "Warmth", "Priority", "Why"],
        [
            [
                e.snapshot.name,
                e.snapshot.circle,
                e.status.value,
                "—" if e.days_since is None else e.days_since,
                e.snapshot.cadence_days,
                e.warmth,
                f"{e.priority:.2f}",
                "; ".join(e.reasons),
            ]
            for e in entries
        ],
        max_width=60,
    )


def cmd_cold(args: argparse.Namespace, store: Store) -> int:
    entries = cold_list(store)
    _print_entries(entries, store, as_json=args.json, empty="Nobody is going cold. Nicely done.")
    if entries and not args.json:
        print(f"\n{plural(len(entries), 'contact')} cooling or cold")
    return 0


def cmd_today(args: argparse.Namespace, store: Store) -> int:
    entries = today_list(store)
    _print_entries(entries, store, as_json=args.json, empty="Nothing due today. Your network is warm.")
    if entries and not args.json:
        print("\nBook one with: rapport schedule CONTACT")
    return 0


def cmd_triage(args: argparse.Namespace, store: Store) -> int:
    contact = resolve_contact(args.contact)
    snapshot = load_snapshots(store, include_archived=True, contact_ids=[contact.id])[0]
    card = triage_card(
        snapshot, exchanges_of(contact), touches_of(store, contact), store.today(), store.settings()
    )
    if args.json:
        print_json(card.to_json())
        return 0
    print(f"{card.name}: {card.summary}")
    last = (
        f"{card.last_engagement_on} ({card.last_engagement_kind}), {card.days_silent} days ago"
        if card.last_engagement_on
        else "never"
    )
    rows = [
        ("Last engagement", last),
        ("They asked / gave", f"{card.their_asks} / {card.their_gives}"),
        ("I asked / gave", f"{card.my_asks} / {card.my_gives}"),
        ("Touches this year", f"{card.inbound_touches_12m} from them, {card.outbound_touches_12m} from me"),
        ("Comments on my posts", str(card.comments_on_my_posts_12m)),
        ("Asks only", "yes" if card.asks_only else "no"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")
    return 0


def _checkin_json(checkin: CheckIn, store: Store) -> dict[str, object]:
    starts = from_db(checkin.starts_at)
    assert starts is not None
    return {
        "id": checkin.id,
        "contact_id": checkin.contact.id,
        "name": checkin.contact.display_name,
        "starts_at": starts.astimezone(store.tz).isoformat(),
        "minutes": checkin.minutes,
        "channel": checkin.channel,
        "status": checkin.status,
        "uid": checkin.uid,
    }


def _print_calendar_push(store: Store) -> None:
    message = push_message(push_after_change(store))
    if message:
        print(message)


def cmd_schedule(args: argparse.Namespace, store: Store) -> int:
    contact = resolve_contact(args.contact)
    at = parse_local_datetime(args.at, store.tz) if args.at else None
    outcome = schedule_and_push(store, contact, at=at, minutes=args.minutes, channel=args.channel)
    checkin = outcome.checkin
    starts = from_db(checkin.starts_at)
    assert starts is not None
    local = starts.astimezone(store.tz)
    print(
        f"Check-in #{checkin.id} with {contact.display_name}: {local:%a %d %b %Y %H:%M}, "
        f"{checkin.minutes} min, {checkin.channel}"
    )
    for line in (outcome.note, push_message(outcome.push)):
        if line:
            print(line)
    if args.ics:
        from connectors.atomic import write_private_atomically
        from services.exporting import ics_for_checkin

        path = Path(args.ics)
        write_private_atomically(path, ics_for_checkin(store, checkin))  # 0600, like every export
        print(f"Calendar file written to {path}")
    return 0


def cmd_checkins(args: argparse.Namespace, store: Store) -> int:
    if args.all:
        checkins = list(CheckIn.select(CheckIn, Contact).join(Contact).order_by(CheckIn.starts_at))
    else:
        checkins = planned_checkins(store)
    if args.json:
        print_json({"count": len(checkins), "checkins": [_checkin_json(c, store) for c in checkins]})
        return 0
    if not checkins:
        print("No planned check-ins. Book one with: rapport schedule CONTACT")
        return 0
    rows = []
    for checkin in checkins:
        item = _checkin_json(checkin, store)
        rows.append(
            [
                item["id"],
                str(item["starts_at"])[:16].replace("T", " "),
                item["name"],
                f"{item['minutes']} min",
                item["channel"],
                item["status"],
            ]
        )
    print_table(["ID", "When", "With", "Length", "Channel", "Status"], rows)
    return 0


def cmd_done(args: argparse.Namespace, store: Store) -> int:
    checkin = complete_checkin(store, get_checkin(args.checkin_id), note=args.note)
    print(f"Done: check-in with {checkin.contact.display_name} logged; their clock is reset.")
    _print_calendar_push(store)  # a done check-in stays in the calendar; this sends what else waits
    return 0


def cmd_skip(args: argparse.Namespace, store: Store) -> int:
    checkin = skip_checkin(store, get_checkin(args.checkin_id))
    print(f"Skipped the check-in with {checkin.contact.display_name}.")
    _print_calendar_push(store)  # removes its event from the calendar
    return 0
