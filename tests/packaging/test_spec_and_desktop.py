"""What the installers are built from: the .desktop entry, the spec, the version, the self-test.

Fast checks that run with every test run; tests/packaging/test_bundle.py builds and
installs the real thing.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cli import self_test as self_test_module
from cli.self_test import CheckError, SelfTest, self_test
from core.version import APP_NAME, __version__
from models.database import latest_schema_version

ROOT = Path(__file__).resolve().parents[2]
DESKTOP_FILE = ROOT / "resources" / "rapport.desktop"
SPEC = ROOT / "pyinstaller.spec"


def run_self_test_from_source(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path / "data"), "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )


# --- the desktop entry -------------------------------------------------------------------------


def test_desktop_entry_passes_desktop_file_validate() -> None:
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate is missing (Debian: desktop-file-utils)"
    result = subprocess.run([validator, str(DESKTOP_FILE)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_desktop_entry_starts_rapport_with_its_icon_and_window_class() -> None:
    entry = dict(
        line.split("=", 1) for line in DESKTOP_FILE.read_text(encoding="utf-8").splitlines() if "=" in line
    )
    assert entry["Name"] == APP_NAME
    assert entry["Exec"] == "rapport"  # /usr/bin/rapport from the .deb
    assert entry["Icon"] == "rapport"  # hicolor/<size>/apps/rapport.png, scalable/apps/rapport.svg
    # The window manager matches windows to the entry by this class, which Qt takes from
    # QGuiApplication.setDesktopFileName.
    import ui.app

    assert entry["StartupWMClass"] == ui.app.DESKTOP_FILE
    assert "Office" in entry["Categories"].split(";")


def test_icons_the_installers_need_exist() -> None:
    from ui.icons import APP_ICON_SIZES, ICON_DIR

    needed = ["rapport.svg", "rapport-tray.svg", *(f"rapport-{side}.png" for side in APP_ICON_SIZES)]
    assert [name for name in needed if not (ICON_DIR / name).is_file()] == []
    assert 256 in APP_ICON_SIZES  # the largest hicolor PNG, and the Windows/macOS icon


# --- one version -------------------------------------------------------------------------------


def test_pyproject_version_is_the_version_in_core() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__


def test_version_is_written_in_core_version_only() -> None:
    """Everything else (command line, About box, installers) reads core/version.py."""
    literal = re.compile(r"""(["'])""" + re.escape(__version__) + r"""\1""")
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("cli", "connectors", "core", "models", "services", "ui")
        for path in (ROOT / package).rglob("*.py")
        if path != ROOT / "core" / "version.py" and literal.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "import __version__ from core.version instead"


def test_version_option_names_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import run

    with pytest.raises(SystemExit) as exit_info:
        run(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"{APP_NAME} {__version__}"


# --- the spec ----------------------------------------------------------------------------------


def test_spec_bundles_what_is_loaded_dynamically() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    # plyer imports its platform module by name; keyring finds backends through metadata.
    assert 'collect_submodules(f"plyer.platforms.{PLYER_PLATFORM}")' in spec
    assert '"plyer.platforms"' in spec
    assert 'collect_submodules("keyring.backends")' in spec
    assert 'copy_metadata("keyring")' in spec
    assert '"dbus"' in spec  # plyer's D-Bus notifications on Linux
    # Migrations are read as files by playhouse's Runner, next to the models package.
    assert '"models/migrations"' in spec
    assert '(str(ROOT / "resources"), "resources")' in spec
    assert 'runpy.run_path(str(ROOT / "core" / "version.py"))' in spec


def test_spec_builds_rapport_and_a_windowed_program_where_it_matters() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    assert 'name="rapport"' in spec  # COLLECT: dist/rapport/
    assert 'executable("rapport", console=True)' in spec  # Linux
    assert 'executable("rapportw", console=False' in spec  # Windows: Start menu, no console
    assert "BUNDLE(" in spec and '"NSRequiresAquaSystemAppearance": False' in spec


def test_spec_parses_as_python() -> None:
    compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")


# --- the self-test -----------------------------------------------------------------------------


def test_self_test_reports_each_check_and_names_what_is_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_state: SelfTest) -> str:
        raise CheckError("the SVG icon plugin is missing")

    def crashing(_state: SelfTest) -> str:
        raise RuntimeError("no such widget")

    def missing(_state: SelfTest) -> str:
        import ui.not_there  # noqa: F401

        return "ok"

    monkeypatch.setattr(
        self_test_module,
        "CHECKS",
        (
            ("database", lambda _state: "ok (schema 3)"),
            ("resources", broken),
            ("window", crashing),
            ("tray", missing),
        ),
    )
    out = io.StringIO()
    assert self_test(out) == 1
    assert out.getvalue().splitlines() == [
        "database: ok (schema 3)",
        "FAILED: resources: the SVG icon plugin is missing",
        "FAILED: window: RuntimeError: no such widget",
        "FAILED: tray: not available (No module named 'ui.not_there')",
        "self-test failed: resources, window, tray",
    ]


def test_self_test_passes_from_source(tmp_path: Path) -> None:
    result = run_self_test_from_source(tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[-1] == "OK"
    assert f"database: ok (schema {latest_schema_version()})" in lines
    for check in ("qt", "modules", "resources", "window", "tray", "notifications", "keyring"):
        assert any(line.startswith(f"{check}: ") for line in lines), f"no {check} line in {lines}"
    # The user's data folder is never opened: the database lives in a temporary folder.
    assert not (tmp_path / "data" / "rapport.sqlite").exists()


@pytest.mark.services
def test_self_test_names_the_real_notification_and_keyring_backends(tmp_path: Path) -> None:
    result = run_self_test_from_source(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "notifications: D-Bus (clickable), daemon: dunst" in "\n".join(lines)
    assert "keyring: keyring.backends.SecretService.Keyring" in lines
