"""A full disk during writes: a clear one-line error, and nothing corrupted or lost.

The data folder is put on a real 8 MB tmpfs, mounted in a private mount namespace
(``unshare --mount``) so nothing is left mounted whatever happens; the disk is then filled
completely, or all but 160 KB, and `rapport` commands are run as real processes
(tests/reliability/disk_full_scenario.py). Needs root, or unprivileged user namespaces.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability import report
from tests.reliability.conftest import ROOT, copy_data_dir

MOUNT_SIZE = "8m"


def namespace_command() -> list[str] | None:
    """How to get a private mount namespace here: as root, or as a user mapped to root."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    command = [unshare, "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        command[1:1] = ["--user", "--map-root-user"]
    probe = subprocess.run([*command, "--", "true"], capture_output=True, timeout=30, check=False)
    return command if probe.returncode == 0 else None


@pytest.fixture(scope="module")
def connections_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.generate import generate_connections_csv

    return generate_connections_csv(tmp_path_factory.mktemp("export") / "Connections.csv", 3000, seed=5)


def test_a_full_disk_gives_a_clear_error_and_corrupts_nothing(
    network_dir: Path, connections_csv: Path, tmp_path: Path
) -> None:
    namespace = namespace_command()
    if namespace is None:
        pytest.skip("cannot mount a small file system here (needs root or user namespaces for `unshare`)")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    seeded = copy_data_dir(network_dir, tmp_path / "seeded")
    results_file = tmp_path / "results.json"
    script = 'mount -t tmpfs -o "size=$1,mode=0700" tmpfs "$2" && shift 2 && exec "$@"'
    done = subprocess.run(
        [
            *namespace, "--", "sh", "-c", script, "sh", MOUNT_SIZE, str(mount),
            sys.executable, "-m", "tests.reliability.disk_full_scenario",
            str(mount), str(seeded), str(connections_csv), str(results_file),
        ],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TZ": "Europe/Berlin"}, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(results_file.read_text(encoding="utf-8"))
    before = results["before"]
    steps = {step["name"]: step for step in results["steps"]}

    failures = []
    full = [
        name for name in steps if "disk full" in name or (", nearly full" in name and "new day" not in name)
    ]
    for name in full:
        step, after = steps[name], steps[name]["after"]
        lines = step["err"].splitlines()
        if step["code"] != 2 or len(lines) != 1 or not lines[0].startswith("rapport: the disk is full: "):
            failures.append(f"{name}: exit {step['code']}, stderr {step['err'][-500:]!r}")
        if (after["integrity"], after["dangling"]) != ("ok", 0):
            failures.append(f"{name}: the database is damaged: {after['integrity']}")
        if after["hash"] != before["hash"]:
            failures.append(f"{name}: the data changed although nothing was saved")
        if after["unreadable_backups"] or any(b.startswith(".") for b in after["backups"]):
            failures.append(f"{name}: a broken backup was left: {after['backups']}")
    report.record(
        "disk_full",
        size="ci",
        tried=len(full),
        survived=len(full) - len({failure.split(":")[0] for failure in failures}),
        unit="commands",
        detail="add, log, backup, export, restore, cold, a 3,000-row import on a full (or nearly full) disk: "
        "exit 2, one line; data intact",
    )
    assert failures == [], "\n".join(failures)

    # Reading still works when only the new day's backup has no room (it is skipped, and logged).
    assert steps["cold, nearly full, a new day (no room for its backup)"]["code"] == 0
    # With room again, everything works, and nothing was lost on the way.
    for name in ("add, space freed", "import, space freed"):
        assert steps[name]["code"] == 0, steps[name]["err"]
        assert steps[name]["after"]["integrity"] == "ok"
    assert "Imported Connections.csv: 3,000 added" in steps["import, space freed"]["out"]
    assert all("Traceback" not in step["err"] for step in results["steps"])
