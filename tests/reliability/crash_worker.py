"""The child process of the crash tests: it forks one worker per trial, and the test kills it.

Started once per test (``python -m tests.reliability.crash_worker``), it loads Rapport's
modules, then reads one JSON command per line on stdin. Each work command is done in a
fresh forked process, so a trial starts in milliseconds and its SIGKILL is a real crash of
a process holding the database open. Replies are JSON lines on stdout:

    {"op": "import",  "data_dir": D, "path": CSV}   linkedin import of CSV
    {"op": "edits",   "data_dir": D, "count": N}    N edits, one transaction each (see edit())
    {"op": "backup",  "data_dir": D, "count": N}    N automatic daily backups, one day apart
    {"op": "restore", "data_dir": D, "path": JSON}  restore of a JSON backup
    {"op": "cli",     "argv": [...]}                one `rapport` command (output discarded)
        -> {"pid": P}; then, from the worker: {"go": P} when the work starts,
           {"committed": K, "pid": P} after edit/backup K, {"done": P} at the end
    {"op": "reap", "pid": P}  -> {"reaped": P, "code": exit code or -signal}
    {"op": "quit"}
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
NOW_AT = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
FIRST_BACKUP_DAY = date(2026, 12, 1)
EDIT_KINDS = 5


def _say(message: dict[str, Any]) -> None:
    # One write() of a short line: atomic on a pipe, so lines from several processes never mix.
    os.write(1, (json.dumps(message) + "\n").encode("utf-8"))


def _open(data_dir: str) -> Any:
    from services.clock import fixed_clock
    from services.store import open_store

    return open_store(Path(data_dir), clock=fixed_clock(NOW_AT), tz=BERLIN)


def edit(store: Any, number: int, contact_ids: list[int]) -> None:
    """Edit ``number`` of a burst: each is one service call, so one transaction, and leaves a mark
    named ``edit-NUMBER`` that tests.reliability.test_crash_safety.edits_present() looks for."""
    from models.entities import Contact
    from services.checkins import schedule_checkin
    from services.contacts import ContactInput, create_contact, update_contact
    from services.touches import log_interaction, record_exchange

    mark = f"edit-{number}"
    contact = Contact.get_by_id(contact_ids[number % len(contact_ids)])
    kind = number % EDIT_KINDS
    if kind == 0:
        log_interaction(store, [contact], "call", when=NOW_AT - timedelta(minutes=number), note=mark)
    elif kind == 1:
        create_contact(store, ContactInput(display_name=f"Edit {number}", emails=[f"{mark}@example.org"]))
    elif kind == 2:
        record_exchange(store, contact, "advice", "gave", note=mark)
    elif kind == 3:
        schedule_checkin(store, contact, at=NOW_AT + timedelta(days=1, minutes=number * 11), note=mark)
    else:
        update_contact(store, contact, ContactInput(notes=mark, tags=[mark]))


def _work(command: dict[str, Any]) -> None:
    op = command["op"]
    if op == "cli":
        from cli.main import run

        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os._exit(run(command["argv"]))
    store = _open(command["data_dir"])
    pid = os.getpid()
    if op == "import":
        from services.importing import import_file

        _say({"go": pid})
        import_file(store, "linkedin", Path(command["path"]))
    elif op == "edits":
        from models.entities import Contact

        contact_ids = [row.id for row in Contact.select(Contact.id).order_by(Contact.id)]
        _say({"go": pid})
        for number in range(command["count"]):
            edit(store, number, contact_ids)
            _say({"committed": number, "pid": pid})
    elif op == "backup":
        from models.backup import rotate_daily_backup

        _say({"go": pid})
        for number in range(command["count"]):
            rotate_daily_backup(store.db, store.backups_dir, FIRST_BACKUP_DAY + timedelta(days=number))
            _say({"committed": number, "pid": pid})
    elif op == "restore":
        from services.json_backup import restore_json

        _say({"go": pid})
        restore_json(store, Path(command["path"]))
    else:
        raise ValueError(f"unknown op {op}")
    store.close()
    _say({"done": pid})


def main() -> int:
    # Everything a trial needs is loaded once, here, before any fork.
    import cli.contact_commands
    import cli.data_commands
    import cli.main
    import cli.queue_commands  # noqa: F401
    import models.backup  # noqa: F401
    import services.checkins
    import services.importing
    import services.json_backup
    import services.store
    import services.touches  # noqa: F401

    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "quit":
            break
        if command["op"] == "reap":
            _pid, status = os.waitpid(command["pid"], 0)
            _say({"reaped": command["pid"], "code": os.waitstatus_to_exitcode(status)})
            continue
        pid = os.fork()
        if pid == 0:
            try:
                _work(command)
            except BaseException as error:  # reported, then the worker ends like a failed process
                _say({"error": f"{type(error).__name__}: {error}", "pid": os.getpid()})
                os._exit(1)
            os._exit(0)
        _say({"pid": pid})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
