"""Running `rapport` in-process on a real data folder, as the command-line tests do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import run

NOW = "2026-11-27 10:00"  # a Friday, Berlin time (tests/conftest.py fixes the zone)


class Cli:
    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data_dir = data_dir
        self.capsys = capsys

    def __call__(self, *args: str, now: str = NOW) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = run(["--data-dir", str(self.data_dir), "--now", now, *args])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def ok(self, *args: str, now: str = NOW) -> str:
        code, out, err = self(*args, now=now)
        assert code == 0, err
        return out

    def json(self, *args: str, now: str = NOW) -> dict:
        return json.loads(self.ok(*args, "--json", now=now))
