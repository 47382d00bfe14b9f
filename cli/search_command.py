"""`rapport search`: kept apart so the most frequent command imports the least."""

from __future__ import annotations

import argparse

from cli.output import plural, print_json, print_table
from services.search import search_contacts
from services.store import Store


def cmd_search(args: argparse.Namespace, store: Store) -> int:
    hits = search_contacts(store, args.text, limit=args.limit)
    if args.json:
        print_json({"query": args.text, "count": len(hits), "contacts": [h.to_json() for h in hits]})
        return 0
    if not hits:
        print(f"No contact matches '{args.text}'.")
        return 0
    print_table(
        ["ID", "Name", "Company", "Position", "Circle"],
        [[h.contact_id, h.name, h.company, h.position, h.circle] for h in hits],
    )
    print(f"\n{plural(len(hits), 'contact')}" + (" (limit reached)" if len(hits) == args.limit else ""))
    return 0
