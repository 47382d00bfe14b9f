"""A full disk during writes, on a real (small) file system: tests/reliability/test_disk_full.py.

    python -m tests.reliability.disk_full_scenario MOUNT DATA CSV RESULTS

MOUNT is an empty 8 MB tmpfs (the test mounts it in a private mount namespace); DATA a data
folder to copy onto it; CSV a large LinkedIn export kept elsewhere. With the disk full or nearly
full, `rapport` commands (real processes) add, import, export, back up and restore; then
space is freed and they are run again. What each did, and the state of the database after
it, is written to RESULTS as JSON for the test to judge.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-27 10:00"
CHUNK = 16 * 1024


def rapport(data_dir: Path, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "--now", NOW, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    return {"code": done.returncode, "out": done.stdout, "err": done.stderr}


def fill(mount: Path, leave: int) -> Path:
    """Take the free space of ``mount``, all of it but ``leave`` bytes."""
    filler = mount / f"filler-{len(list(mount.glob('filler-*')))}"
    with filler.open("wb") as out:
        try:
            while True:
                free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
                if free <= leave:
                    break
                out.write(b"\0" * min(CHUNK, max(free - leave, 1)))
                out.flush()
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
    return filler


def state(data_dir: Path, scratch: Path) -> dict[str, Any]:
    """Judged on a byte-for-byte copy elsewhere: even reading a WAL database needs a little space."""
    from tests.reliability.conftest import hash_of, integrity

    copy = scratch / "data"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(data_dir, copy)
    files = sorted(p.name for p in data_dir.iterdir())
    database = copy / "rapport.sqlite"
    verdict, dangling = integrity(database)
    backups = copy / "backups"
    return {
        "integrity": verdict,
        "dangling": len(dangling),
        "hash": hash_of(copy),
        "backups": sorted(p.name for p in backups.iterdir()) if backups.is_dir() else [],
        "unreadable_backups": [
            p.name
            for p in sorted(backups.glob("*.sqlite"))
            if integrity(p)[0] != "ok" or not _has_contacts(p)
        ]
        if backups.is_dir()
        else [],
        "files": files,
    }


def _has_contacts(path: Path) -> bool:
    connection = sqlite3.connect(str(path))
    try:
        connection.execute("SELECT COUNT(*) FROM contact").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()


def main(argv: list[str]) -> int:
    mount, seeded, csv_path, results_path = (Path(arg) for arg in argv[:4])
    data_dir = mount / "data"
    scratch = results_path.parent / "scratch"
    shutil.copytree(seeded, data_dir)
    results: dict[str, Any] = {"steps": []}

    def step(name: str, *args: str) -> None:
        ran = rapport(data_dir, *args)
        results["steps"].append({"name": name, **ran, "after": state(data_dir, scratch)})

    results["before"] = state(data_dir, scratch)
    backup_file = mount / "backup.json"
    step("export json while there is room", "export", "json", str(backup_file))
    results["before"] = state(data_dir, scratch)  # now with today's automatic backup

    fillers = [fill(mount, 0)]
    step("add, disk full", "add", "Nobody Saved", "--notes", "written on a full disk")
    step("log, disk full", "log", "1", "call", "--note", "written on a full disk")
    step("backup, disk full", "backup")
    step("export, disk full", "export", "json", str(data_dir / "export.json"))
    step("restore, disk full", "restore", str(backup_file))
    step("cold, disk full", "cold")

    for filler in fillers:
        filler.unlink()
    fillers = [fill(mount, 160 * 1024)]
    step("import, nearly full", "import", "linkedin", str(csv_path))

    step("restore, nearly full (no room for the safety copy)", "restore", str(backup_file))
    step("backup, nearly full", "backup")
    step("cold, nearly full, a new day (no room for its backup)", "--now", "2026-11-28 10:00", "cold")

    for filler in fillers:
        filler.unlink()
    step("add, space freed", "add", "Somebody Saved")
    step("import, space freed", "import", "linkedin", str(csv_path))
    results_path.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
