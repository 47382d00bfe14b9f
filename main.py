"""Rapport: keep your professional network warm.

Thin entry point: with a command it runs the command line; without one, the desktop app.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from cli.main import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
