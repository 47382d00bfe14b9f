"""The argument parser: every command, its options and its help."""

from __future__ import annotations

import argparse
from typing import NoReturn

from cli.output import UsageError
from core.kinds import CHECKIN_CHANNELS, EXCHANGE_KINDS, EXCHANGE_STATUSES, INTERACTION_WEIGHTS
from core.version import APP_NAME, __version__

VERSION = __version__

DESCRIPTION = (
    "Rapport keeps your professional network warm: it tracks contacts and every touch with them, "
    "sees who is going cold and helps you book a 10-minute check-in. With no command, the "
    "desktop app starts."
)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _contact_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--company", help="company or organisation")
    parser.add_argument("--position", help="job title")
    parser.add_argument("--email", action="append", default=[], help="an email address (repeatable)")
    parser.add_argument("--phone", action="append", default=[], help="a phone number (repeatable)")
    parser.add_argument("--linkedin", help="LinkedIn profile URL")
    parser.add_argument("--circle", help="Inner, Close, Network, Acquaintance or Untracked")
    parser.add_argument("--cadence", type=int, metavar="DAYS", help="own keep-in-touch cadence in days")
    parser.add_argument("--tag", action="append", default=[], help="an interest or topic (repeatable)")
    parser.add_argument("--location", help="city or region")
    parser.add_argument("--how-met", help="how you met")
    parser.add_argument("--birthday", help="YYYY-MM-DD or --MM-DD")
    parser.add_argument("--notes", help="free-form notes")


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (a stable interface; see README)")


def _calendar_commands(commands: argparse._SubParsersAction[Parser]) -> None:
    calendar = commands.add_parser("calendar", help="check-ins in your own CalDAV calendar")
    actions = calendar.add_subparsers(
        dest="calendar_command", metavar="ACTION", required=True, parser_class=Parser
    )
    connect = actions.add_parser(
        "connect",
        help="connect a CalDAV calendar; the password is asked for (or read as one line from "
        "standard input) and kept in the system keyring",
    )
    connect.add_argument("url", help="the CalDAV address, e.g. https://cloud.example.com/remote.php/dav/")
    connect.add_argument("--user", required=True, help="your user name on the calendar server")
    connect.add_argument("--calendar", default="", help="the calendar's name (default: the first one)")
    status = actions.add_parser("status", help="the connected calendar and what waits to be pushed")
    _json_flag(status)
    actions.add_parser("test", help="log in to the calendar and read from it")
    actions.add_parser("sync", help="push the check-ins that are not yet in the calendar")
    actions.add_parser("disconnect", help="forget the calendar and delete its password from the keyring")


def _share_commands(commands: argparse._SubParsersAction[Parser]) -> None:
    share = commands.add_parser(
        "share", help="save a link and log it as sent to people who care (each send is a touch)"
    )
    share.add_argument(
        "words", nargs="+", metavar="URL",
        help="the link; 'suggest URL' lists who would care and has not had it; 'list' shows recent shares",
    )  # fmt: skip
    share.add_argument("--title", default="", help="the content's title")
    share.add_argument("--topics", default="", metavar="A,B", help="its topics, matched with contacts' tags")
    share.add_argument("--note", default="", help="a short note to send with it")
    share.add_argument(
        "--to", nargs="+", action="extend", default=[], metavar="CONTACT", help="log it as sent to them"
    )
    share.add_argument("--limit", type=int, default=25, help="at most this many suggestions or shares")
    _json_flag(share)
    review = commands.add_parser(
        "review", help="the weekly review: this week's touches, who went cold, favours owed, next week"
    )
    _json_flag(review)


def build_parser() -> Parser:
    parser = Parser(prog="rapport", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {VERSION}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="data folder (default: the platform's; or $RAPPORT_DATA_DIR)"
    )
    parser.add_argument("--now", metavar="'YYYY-MM-DD[ HH:MM]'", help="pretend it is this local time")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    parser.add_argument("--self-test", action="store_true", help="check the installation, print OK and exit")
    parser.add_argument(
        "--hidden",
        action="store_true",
        help="start in the system tray without showing the window (as at login); shown when there is no tray",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    imp = commands.add_parser("import", help="import contacts from LinkedIn, vCard or Google CSV")
    imp.add_argument("source", choices=["linkedin", "vcard", "google"])
    imp.add_argument("path", help="the file (a LinkedIn export may be the .zip or its folder)")
    imp.add_argument("--circle", help="circle for new contacts (default Untracked)")
    _json_flag(imp)

    exp = commands.add_parser("export", help="export contacts as vCard or CSV, or everything as JSON")
    exp.add_argument("format", choices=["vcard", "csv", "json"])
    exp.add_argument("path")

    res = commands.add_parser("restore", help="replace everything with a JSON backup (backs up first)")
    res.add_argument("path")
    commands.add_parser("backup", help="back up the database now")

    add = commands.add_parser("add", help="add a contact")
    add.add_argument("name")
    _contact_options(add)
    edit = commands.add_parser("edit", help="change a contact")
    edit.add_argument("contact", help="id, exact name or unique name prefix")
    edit.add_argument("--name", help="new display name")
    _contact_options(edit)
    edit.add_argument("--circle-cadence", action="store_true", help="drop the contact's own cadence")

    archive = commands.add_parser("archive", help="archive a contact (no reminders, hidden from lists)")
    archive.add_argument("contact")
    archive.add_argument("--undo", action="store_true", help="bring an archived contact back")

    snooze = commands.add_parser("snooze", help="no reminders for a contact for a while")
    snooze.add_argument("contact")
    snooze.add_argument("days", type=int, nargs="?", default=7, help="days (default 7; 0 ends a snooze)")

    log = commands.add_parser("log", help="log a touch with one or more contacts")
    log.add_argument(
        "items",
        nargs="+",
        metavar="CONTACT… KIND",
        help=f"contacts, then one of: {', '.join(INTERACTION_WEIGHTS)}",
    )
    log.add_argument("--date", help="YYYY-MM-DD[ HH:MM] (default now)")
    log.add_argument("--inbound", action="store_true", help="they reached out")
    log.add_argument("--note")
    log.add_argument("--minutes", type=int)

    exch = commands.add_parser("exchange", help="record a favour, referral, introduction… in the ledger")
    exch.add_argument("contact")
    exch.add_argument("kind", choices=EXCHANGE_KINDS)
    direction = exch.add_mutually_exclusive_group(required=True)
    direction.add_argument("--gave", dest="direction", action="store_const", const="gave", help="I gave them")
    direction.add_argument(
        "--received", dest="direction", action="store_const", const="received", help="they gave me"
    )
    direction.add_argument(
        "--they-asked", dest="direction", action="store_const", const="they_asked", help="they asked me"
    )
    direction.add_argument(
        "--i-asked", dest="direction", action="store_const", const="i_asked", help="I asked them"
    )
    exch.add_argument("--date", help="YYYY-MM-DD (default today)")
    exch.add_argument("--status", choices=EXCHANGE_STATUSES, default="done")
    exch.add_argument("--note", default="")

    for name, text in (
        ("cold", "contacts going cold, most urgent first"),
        ("today", "today's check-in queue"),
    ):
        listing = commands.add_parser(name, help=text)
        _json_flag(listing)
    triage = commands.add_parser("triage", help="someone asks for something: how engaged have they been?")
    triage.add_argument("contact")
    _json_flag(triage)

    show = commands.add_parser("show", help="a contact's details and timeline")
    show.add_argument("contact")
    _json_flag(show)

    schedule = commands.add_parser("schedule", help="book a check-in (the next free slot by default)")
    schedule.add_argument("contact")
    schedule.add_argument("--at", help="'YYYY-MM-DD HH:MM' local time")
    schedule.add_argument("--minutes", type=int, help="length (default from settings: 10)")
    schedule.add_argument("--channel", choices=CHECKIN_CHANNELS, default="call")
    schedule.add_argument("--ics", metavar="PATH", help="also write an .ics calendar file")
    checkins = commands.add_parser("checkins", help="planned check-ins")
    checkins.add_argument("--all", action="store_true", help="include done and skipped ones")
    _json_flag(checkins)
    done = commands.add_parser("done", help="mark a check-in done (logs the touch)")
    done.add_argument("checkin_id", type=int)
    done.add_argument("--note", default="")
    skip = commands.add_parser("skip", help="skip a check-in")
    skip.add_argument("checkin_id", type=int)
    _calendar_commands(commands)

    search = commands.add_parser("search", help="search names, companies, positions, emails and tags")
    search.add_argument("text")
    search.add_argument("--limit", type=int, default=50)
    _json_flag(search)

    commands.add_parser("demo", help="fill an empty database with a demo network")
    _share_commands(commands)

    remind = commands.add_parser(
        "remind", help="send the reminders due now, once (for cron or a systemd timer)"
    )
    remind.add_argument(
        "--dry-run", action="store_true", help="print what would be sent; send or log nothing"
    )
    _json_flag(remind)
    return parser
