"""Commands for sharing content and the weekly review: share, share suggest, share list, review."""

from __future__ import annotations

import argparse

from cli.output import UsageError, plural, print_json, print_table
from core.sharing import parse_topics
from services.contacts import resolve_contact
from services.review import weekly_review
from services.shares import (
    ShareInput,
    find_share,
    normalise_url,
    recent_shares,
    save_share,
    send_share,
    suggest_for,
    topics_of,
)
from services.store import Store

SUGGEST = "suggest"
LIST = "list"


def cmd_share(args: argparse.Namespace, store: Store) -> int:
    words = args.words
    if words[0] == SUGGEST:
        if len(words) != 2:
            raise UsageError("usage: share suggest URL [--topics A,B] [--json]")
        return _suggest(args, store, words[1])
    if words == [LIST]:
        return _list(args, store)
    if len(words) != 1:
        raise UsageError("give one link: share URL --title T --topics A,B [--to CONTACT…]")
    return _save_and_send(args, store, words[0])


def _save_and_send(args: argparse.Namespace, store: Store, url: str) -> int:
    contacts = [resolve_contact(name) for name in args.to]
    data = ShareInput(url=url, title=args.title, topics=parse_topics(args.topics), note=args.note)
    share = save_share(store, data)
    sent = send_share(store, share, [c.id for c in contacts]) if contacts else []
    names = {c.id: c.display_name for c in contacts}
    if args.json:
        print_json({
            "id": share.id, "url": share.url, "title": share.title, "topics": topics_of(share),
            "sent_to": [{"id": cid, "name": names[cid]} for cid in sent],
            "already_had_it": [{"id": c.id, "name": c.display_name} for c in contacts if c.id not in sent],
        })  # fmt: skip
        return 0
    topics = ", ".join(topics_of(share)) or "none"
    print(f"Saved “{share.title or share.url}” ({share.url}) · topics: {topics}")
    if sent:
        touches = plural(len(sent), "touch", "touches")
        print(f"Logged as sent to {', '.join(names[cid] for cid in sent)} ({touches})")
    skipped = [c.display_name for c in contacts if c.id not in sent]
    if skipped:
        print(f"Already had it: {', '.join(skipped)}")
    if not contacts:
        print(f"Who would care: rapport share suggest {share.url}")
    return 0


def _suggest(args: argparse.Namespace, store: Store, url: str) -> int:
    share = find_share(url)
    topics = parse_topics(args.topics) or (topics_of(share) if share else [])
    if not topics:
        if share is None:
            raise UsageError(f"{normalise_url(url)} is not saved yet: pass --topics A,B (or save it first)")
        raise UsageError("this share has no topics: pass --topics A,B")
    suggestions = suggest_for(store, topics, url=url, limit=args.limit)
    if args.json:
        print_json({
            "url": normalise_url(url), "topics": topics, "count": len(suggestions),
            "contacts": [s.to_json() for s in suggestions],
        })  # fmt: skip
        return 0
    if not suggestions:
        print(f"Nobody tagged {', '.join(topics)} is waiting for this one.")
        return 0
    print_table(
        ["ID", "Name", "Circle", "Why"],
        [[s.contact_id, s.name, s.circle, s.reason] for s in suggestions],
        max_width=70,
    )
    print(f"\nSend it with: rapport share {normalise_url(url)} --to CONTACT…")
    return 0


def _list(args: argparse.Namespace, store: Store) -> int:
    shares = recent_shares(store, limit=args.limit)
    if args.json:
        print_json({"count": len(shares), "shares": [s.to_json() for s in shares]})
        return 0
    if not shares:
        print("No shares yet. Save one with: rapport share URL --title T --topics A,B")
        return 0
    print_table(
        ["ID", "Title", "Topics", "Sent to", "Last sent"],
        [
            [
                s.share_id,
                s.display_title,
                ", ".join(s.topics),
                s.recipients,
                f"{s.last_sent_at.astimezone(store.tz):%Y-%m-%d}" if s.last_sent_at else "—",
            ]
            for s in shares
        ],
    )
    return 0


def cmd_review(args: argparse.Namespace, store: Store) -> int:
    review = weekly_review(store)
    if args.json:
        print_json(review.to_json())
        return 0
    print(review.title())
    print(review.body())
    by_kind = ", ".join(f"{group.lower()} {count}" for group, count in review.by_kind.items())
    sections = [
        ("Touches", [f"{plural(review.touches, 'touch', 'touches')} with "
                     f"{plural(review.people, 'person', 'people')}" + (f" ({by_kind})" if by_kind else "")]),
        ("Went cold", [f"{p.name} — {p.detail}" for p in review.went_cold]),
        ("Owed a favour", [f"{p.name} — {p.detail}" for p in review.owed]),
        ("Next week's queue", [f"{p.name} — {p.detail}" for p in review.next_week]),
        ("Booked next week", [f"{p.name} — {p.detail}" for p in review.booked_next_week]),
    ]  # fmt: skip
    for heading, lines in sections:
        print(f"\n{heading}:")
        for line in lines or ["nobody"]:
            print(f"  {line}")
    return 0
