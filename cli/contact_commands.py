"""Commands about contacts: add, edit, archive, snooze, log, exchange, search, show."""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from cli.output import UsageError, print_json, print_table
from core.kinds import INTERACTION_WEIGHTS, label_of
from core.status import status_of
from core.warmth import warmth_of
from models.entities import (
    CheckIn,
    Contact,
    ContactEmail,
    ContactPhone,
    Exchange,
    Interaction,
    InteractionContact,
)
from services.clock import from_db, parse_local_datetime
from services.contacts import (
    ContactInput,
    archive_contacts,
    create_contact,
    resolve_contact,
    snooze_contact,
    tags_of,
    update_contact,
)
from services.snapshots import load_snapshots
from services.store import Store
from services.touches import log_interaction, record_exchange


def _contact_input(args: argparse.Namespace) -> ContactInput:
    if args.birthday and not _valid_birthday(args.birthday):
        raise UsageError(f"--birthday: '{args.birthday}' is not YYYY-MM-DD or --MM-DD")
    return ContactInput(
        company=args.company,
        position=args.position,
        linkedin_url=args.linkedin,
        circle=args.circle,
        cadence_days=args.cadence,
        location=args.location,
        how_met=args.how_met,
        birthday=args.birthday,
        notes=args.notes,
        emails=args.email,
        phones=args.phone,
        tags=args.tag,
    )


def _valid_birthday(text: str) -> bool:
    try:
        if text.startswith("--"):
            date.fromisoformat("2000-" + text[2:])
        else:
            date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_emails(emails: list[str]) -> None:
    for email in emails:
        if "@" not in email or email.startswith("@") or email.endswith("@") or " " in email.strip():
            raise UsageError(f"--email: '{email}' is not an email address")


def cmd_add(args: argparse.Namespace, store: Store) -> int:
    _check_emails(args.email)
    data = _contact_input(args)
    data.display_name = args.name
    contact = create_contact(store, data)
    print(f"Added #{contact.id} {contact.display_name} ({contact.circle.name})")
    return 0


def cmd_edit(args: argparse.Namespace, store: Store) -> int:
    _check_emails(args.email)
    contact = resolve_contact(args.contact)
    data = _contact_input(args)
    data.display_name = args.name
    data.clear_cadence = args.circle_cadence
    update_contact(store, contact, data)
    print(f"Updated #{contact.id} {contact.display_name}")
    return 0


def cmd_archive(args: argparse.Namespace, store: Store) -> int:
    contact = resolve_contact(args.contact)
    archive_contacts(store, [contact.id], archived=not args.undo)
    print(f"{'Restored' if args.undo else 'Archived'} #{contact.id} {contact.display_name}")
    return 0


def cmd_snooze(args: argparse.Namespace, store: Store) -> int:
    contact = resolve_contact(args.contact)
    if args.days < 0:
        raise UsageError("days cannot be negative")
    until = store.today() + timedelta(days=args.days) if args.days else None
    snooze_contact(store, contact, until)
    print(f"{contact.display_name}: " + (f"snoozed until {until:%a %d %b %Y}" if until else "snooze ended"))
    return 0


def cmd_log(args: argparse.Namespace, store: Store) -> int:
    *names, kind = args.items
    if kind not in INTERACTION_WEIGHTS:
        raise UsageError(f"the last word must be a kind of touch: {', '.join(INTERACTION_WEIGHTS)}")
    if not names:
        raise UsageError("name at least one contact before the kind")
    contacts = [resolve_contact(name) for name in names]
    when = parse_local_datetime(args.date, store.tz) if args.date else store.now()
    if when > store.now() + timedelta(days=1):
        raise UsageError("a touch cannot be logged in the future")
    log_interaction(
        store,
        contacts,
        kind,
        when=when,
        direction="in" if args.inbound else "out",
        minutes=args.minutes,
        note=args.note or "",
    )
    who = ", ".join(c.display_name for c in contacts)
    print(f"Logged {label_of(kind)} with {who} on {when.astimezone(store.tz):%a %d %b %Y}")
    return 0


def cmd_exchange(args: argparse.Namespace, store: Store) -> int:
    contact = resolve_contact(args.contact)
    on = date.fromisoformat(args.date) if args.date else store.today()
    record_exchange(store, contact, args.kind, args.direction, on=on, status=args.status, note=args.note)
    what, direction = args.kind.replace("_", " "), args.direction.replace("_", " ")
    print(f"Recorded {what} ({direction}) with {contact.display_name}")
    return 0


def contact_details(store: Store, contact: Contact) -> dict[str, object]:
    snapshot = load_snapshots(store, include_archived=True, contact_ids=[contact.id])[0]
    today = store.today()
    status = status_of(snapshot, today)
    timeline = []
    query = (
        Interaction.select()
        .join(InteractionContact)
        .where(InteractionContact.contact == contact)
        .order_by(Interaction.occurred_at.desc())
    )
    for interaction in query:
        when = from_db(interaction.occurred_at)
        assert when is not None
        timeline.append(
            {
                "type": "touch",
                "id": interaction.id,
                "kind": interaction.kind,
                "direction": interaction.direction,
                "at": when.astimezone(store.tz).isoformat(),
                "minutes": interaction.duration_minutes,
                "note": interaction.note,
            }
        )
    for exchange in Exchange.select().where(Exchange.contact == contact):
        timeline.append(
            {
                "type": "exchange",
                "id": exchange.id,
                "kind": exchange.kind,
                "direction": exchange.direction,
                "status": exchange.status,
                "at": exchange.occurred_on.isoformat(),
                "note": exchange.note,
            }
        )
    for checkin in CheckIn.select().where(CheckIn.contact == contact):
        starts = from_db(checkin.starts_at)
        assert starts is not None
        timeline.append(
            {
                "type": "checkin",
                "id": checkin.id,
                "status": checkin.status,
                "channel": checkin.channel,
                "at": starts.astimezone(store.tz).isoformat(),
                "minutes": checkin.minutes,
            }
        )
    timeline.sort(key=lambda item: str(item["at"]), reverse=True)
    return {
        "id": contact.id,
        "name": contact.display_name,
        "company": contact.company,
        "position": contact.position,
        "circle": contact.circle.name,
        "cadence_days": snapshot.cadence_days,
        "status": status.value if status else None,
        "warmth": warmth_of(snapshot, today),
        "last_touch": snapshot.last_touch_on.isoformat() if snapshot.last_touch_on else None,
        "emails": [e.email for e in ContactEmail.select().where(ContactEmail.contact == contact)],
        "phones": [p.phone for p in ContactPhone.select().where(ContactPhone.contact == contact)],
        "linkedin_url": contact.linkedin_url,
        "tags": tags_of(contact),
        "archived": contact.archived,
        "notes": contact.notes,
        "timeline": timeline,
    }


def cmd_show(args: argparse.Namespace, store: Store) -> int:
    details = contact_details(store, resolve_contact(args.contact))
    if args.json:
        print_json(details)
        return 0
    print(f"#{details['id']} {details['name']}")
    for key in ("company", "position", "circle", "cadence_days", "status", "warmth", "last_touch"):
        if details[key] not in (None, ""):
            print(f"  {key.replace('_', ' ')}: {details[key]}")
    for key in ("emails", "phones", "tags"):
        values = details[key]
        if isinstance(values, list) and values:
            print(f"  {key}: {', '.join(values)}")
    timeline = details["timeline"]
    assert isinstance(timeline, list)
    if timeline:
        print("\nTimeline:")
        print_table(
            ["When", "What", "Direction", "Note"],
            [
                [
                    str(i["at"])[:16].replace("T", " "),
                    f"{i['type']}: {i.get('kind') or i.get('channel')}",
                    i.get("direction", i.get("status")),
                    i.get("note", ""),
                ]
                for i in timeline[:30]
            ],
        )
    return 0
