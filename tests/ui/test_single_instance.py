"""One window per data folder: a second start asks the first to come forward and gives way.

The end-to-end version (a second `python main.py` exits 0 within a second and the first
window is mapped again) is in tests/integration/test_tray.py.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from connectors.instance_link import ask_running_instance, socket_name, socket_path
from ui.single_instance import SingleInstance

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Short, like /run/user/1000: socket paths are limited to about 100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="rt-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_first_start_claims_and_a_second_asks_it_to_come_forward(
    qtbot: Any, data_dir: Path, runtime_dir: Path
) -> None:
    first = SingleInstance(data_dir)
    assert first.claim() is True
    try:
        with qtbot.waitSignal(first.raise_requested, timeout=3000):
            assert SingleInstance(data_dir).claim() is False
    finally:
        first.release()


def test_the_light_client_reaches_the_window_without_qt(
    qtbot: Any, data_dir: Path, runtime_dir: Path
) -> None:
    first = SingleInstance(data_dir)
    assert first.claim()
    try:
        assert socket_path(first.name).parent == runtime_dir, "the socket lives in the private runtime folder"
        with qtbot.waitSignal(first.raise_requested, timeout=3000):
            assert ask_running_instance(data_dir) is True
    finally:
        first.release()
    assert ask_running_instance(data_dir) is False


def test_another_data_folder_is_another_instance(qtbot: Any, tmp_path: Path, runtime_dir: Path) -> None:
    first, second = SingleInstance(tmp_path / "a"), SingleInstance(tmp_path / "b")
    try:
        assert first.claim() and second.claim()
        assert first.name != second.name
    finally:
        first.release()
        second.release()


def test_a_socket_left_by_a_crash_is_taken_over(qtbot: Any, data_dir: Path, runtime_dir: Path) -> None:
    path = socket_path(socket_name(data_dir))
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(path))
    leftover.close()  # the file stays, nobody listens: what a killed Rapport leaves behind
    assert path.exists()

    assert ask_running_instance(data_dir) is False
    instance = SingleInstance(data_dir)
    try:
        assert instance.claim() is True
        with qtbot.waitSignal(instance.raise_requested, timeout=3000):
            assert ask_running_instance(data_dir) is True
    finally:
        instance.release()


def test_without_a_runtime_folder_the_name_is_still_per_user_and_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    name = socket_name(tmp_path / "data")
    assert not name.startswith("/") and name.startswith("rapport-")
    assert socket_name(tmp_path / "data") == name
    assert socket_name(tmp_path / "other") != name


def test_asking_from_a_fresh_process_is_quick(qtbot: Any, data_dir: Path, runtime_dir: Path) -> None:
    first = SingleInstance(data_dir)
    assert first.claim()
    ask = (
        "import sys\n"
        "from pathlib import Path\n"
        "from connectors.instance_link import ask_running_instance\n"
        "sys.exit(0 if ask_running_instance(Path(sys.argv[1])) else 1)\n"
    )
    try:
        with qtbot.waitSignal(first.raise_requested, timeout=5000):
            started = time.monotonic()
            result = subprocess.run(
                [sys.executable, "-c", ask, str(data_dir)],
                cwd=ROOT,
                timeout=30,
                check=False,
                capture_output=True,
            )
            elapsed = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        assert elapsed < 1.0, f"asking took {elapsed:.2f} s"
    finally:
        first.release()
