"""One of the two writers of tests/reliability/test_two_writers.py.

    python -m tests.reliability.writer_worker window DATA_DIR COUNT
    python -m tests.reliability.writer_worker cli DATA_DIR COUNT

``window`` keeps one store open for the whole run, as the desktop app does, and writes
through the services; ``cli`` runs `rapport` commands one after another (the same code as
main.py, in this process), each opening and closing the data folder. Both print "ready",
wait for a line on stdin and write: ``cli`` COUNT times as fast as it can, ``window`` at
least COUNT times, 2 ms apart, and on until a second line arrives (so it writes all the
while the commands run). Then each prints one JSON line:
{"writes": attempted, "failures": [what went wrong, ...], "seconds": s}.
Every write leaves a mark named after the writer and its number (``window-17``, ``cli-17``).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
NOW_AT = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
NOW = "2026-11-27 10:00"
WRITE_KINDS = 4
# A window writes when the user acts: a busy user, but never a loop that holds the lock back to
# back (SQLite's busy handler polls; a writer that never pauses can starve the other for ever).
WINDOW_PAUSE_S = 0.002


def window_write(store: Any, number: int, contact_ids: list[int]) -> None:
    from models.entities import Contact
    from services.contacts import ContactInput, create_contact, update_contact
    from services.touches import log_interaction, record_exchange

    mark = f"window-{number}"
    contact = Contact.get_by_id(contact_ids[number % len(contact_ids)])
    kind = number % WRITE_KINDS
    if kind == 0:
        log_interaction(store, [contact], "call", when=NOW_AT - timedelta(minutes=number), note=mark)
    elif kind == 1:
        create_contact(store, ContactInput(display_name=mark, company="Window Ltd"))
    elif kind == 2:
        update_contact(store, contact, ContactInput(notes=mark, tags=[mark]))
    else:
        record_exchange(store, contact, "advice", "gave", note=mark)


def cli_arguments(number: int, contact_ids: list[int]) -> list[str]:
    mark = f"cli-{number}"
    contact = str(contact_ids[(number * 7) % len(contact_ids)])
    kind = number % WRITE_KINDS
    if kind == 0:
        return ["log", contact, "message", "--date", "2026-11-20 09:00", "--note", mark]
    if kind == 1:
        return ["add", mark, "--company", "Command Line GmbH"]
    if kind == 2:
        return ["edit", contact, "--notes", mark, "--tag", mark]
    return ["exchange", contact, "advice", "--received", "--note", mark]


def run_cli_once(data_dir: str, arguments: list[str]) -> tuple[int, str]:
    from cli.main import run

    root = logging.getLogger()
    before = list(root.handlers)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(["--data-dir", data_dir, "--now", NOW, *arguments])
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
    return code, err.getvalue()


def main(argv: list[str]) -> int:
    mode, data_dir, count = argv[0], argv[1], int(argv[2])
    from models.entities import Contact
    from services.clock import fixed_clock
    from services.store import open_store

    store = open_store(Path(data_dir), clock=fixed_clock(NOW_AT), tz=BERLIN)
    contact_ids = [row.id for row in Contact.select(Contact.id).order_by(Contact.id)]
    if mode == "cli":
        store.close()
    print("ready", flush=True)
    sys.stdin.readline()
    stop = threading.Event()

    def wait_for_stop() -> None:
        sys.stdin.readline()
        stop.set()

    threading.Thread(target=wait_for_stop, daemon=True).start()
    failures: list[str] = []
    written = 0
    started = time.monotonic()
    while written < count or (mode == "window" and not stop.is_set()):
        number, written = written, written + 1
        try:
            if mode == "window":
                window_write(store, number, contact_ids)
                time.sleep(WINDOW_PAUSE_S)
            else:
                code, err = run_cli_once(data_dir, cli_arguments(number, contact_ids))
                if code != 0:
                    failures.append(f"{number}: exit {code}: {err.strip()}")
        except Exception as error:  # every failure is reported; the test fails on any
            failures.append(f"{number}: {type(error).__name__}: {error}")
    seconds = time.monotonic() - started
    if mode == "window":
        store.close()
    print(json.dumps({"writes": written, "failures": failures, "seconds": seconds}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
