"""The installer for real: build dist/rapport/ with PyInstaller, turn it into a .deb, install
it, run it from /usr/bin, remove it (scripts/build.sh, build-deb.sh, check-package.sh).

Marked `packaging`: it needs root (dpkg) and takes a minute or two. scripts/test.sh runs it
(CI is root); deselect it locally with `-m "not slow and not packaging"`. Like the
`services` tests it fails, never skips, when it cannot run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from core.version import __version__
from models.database import latest_schema_version

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(1200)]


def run_script(name: str, *args: str, dist: Path, timeout: int) -> tuple[str, float]:
    # A private dist/ and work folder: another test run in this checkout can't swap the
    # program out from under this one.
    environment = {
        **os.environ,
        "RAPPORT_DIST_DIR": str(dist),
        "RAPPORT_WORK_DIR": str(dist.parent / "work"),
    }
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / name), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
        env=environment,
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"scripts/{name} failed (exit {result.returncode}):\n{output[-4000:]}"
    print(f"scripts/{name}: {elapsed:.1f} s")
    return output, elapsed


def frozen_self_test(bundle: Path, data_dir: Path, qt_platform: str = "offscreen") -> list[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": qt_platform}
    result = subprocess.run(
        [str(bundle / "rapport"), "--data-dir", str(data_dir), "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd="/",
        env=environment,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def test_build_install_run_and_remove_the_deb(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.fail(
            "installing the .deb needs root (CI runs as root); deselect with -m 'not packaging'",
            pytrace=False,
        )

    dist = tmp_path / "dist"
    bundle = dist / "rapport"
    build_output, build_seconds = run_script("build.sh", dist=dist, timeout=900)
    assert (bundle / "rapport").is_file()
    lines = frozen_self_test(bundle, tmp_path / "data")
    assert lines[-1] == "OK"
    # Migrations are data files in the bundle; without them the schema would stay at 0.
    assert f"database: ok (schema {latest_schema_version()})" in lines
    if os.environ.get("RAPPORT_TEST_SERVICES") == "1":
        # The frozen program reaches the real services scripts/test.sh started.
        assert any(line.startswith("notifications: D-Bus (clickable), daemon: ") for line in lines), lines
        assert "keyring: keyring.backends.SecretService.Keyring" in lines
        # On the X display: Qt's xcb plugin and the libraries it needs were bundled, and Qt
        # finds the system tray (the StatusNotifierItem watcher on the session bus).
        on_x = frozen_self_test(bundle, tmp_path / "data", qt_platform="xcb")
        assert any(line.startswith("qt: ok (") and line.endswith("platform xcb)") for line in on_x), on_x
        assert "tray: ok (system tray available: yes)" in on_x

    deb_output, deb_seconds = run_script("build-deb.sh", dist=dist, timeout=300)
    packages = list(dist.glob(f"rapport_{__version__}_*.deb"))
    assert len(packages) == 1, packages
    assert "Depends: libc6 (>= " in deb_output

    check_output, check_seconds = run_script("check-package.sh", str(packages[0]), dist=dist, timeout=900)
    assert "check-package.sh: OK:" in check_output
    bundle_bytes = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())
    print(
        f"bundle {bundle_bytes / 2**20:.0f} MiB, "
        f".deb {packages[0].stat().st_size / 2**20:.0f} MiB; build {build_seconds:.0f} s, "
        f".deb {deb_seconds:.1f} s, install/run/remove {check_seconds:.1f} s"
    )
    assert f"build.sh: built {dist}/rapport/" in build_output
    # ~240 MB; kept only when the test fails, for a look at what was built.
    shutil.rmtree(dist.parent / "work", ignore_errors=True)
    shutil.rmtree(dist, ignore_errors=True)
