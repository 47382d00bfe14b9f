"""Starts the desktop app the way ui/app.py's run_app does, with the background half installed.

Used by the integration tests while ui/app.py does not call install_background itself;
`python tests/integration/background_app.py --data-dir D --now ...` takes main.py's options.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from cli.main import setup_logging
    from cli.parser import build_parser
    from connectors.instance_link import ask_running_instance
    from models.location import ensure_private_dir, resolve_data_dir

    args = build_parser().parse_args(sys.argv[1:])
    data_dir = ensure_private_dir(resolve_data_dir(args.data_dir))
    setup_logging(data_dir, args.verbose)
    if ask_running_instance(data_dir):  # before importing the window: a second start is quick
        return 0

    from services.store import open_store
    from ui.app import build_main_window, clock_from, create_application
    from ui.background_mode import install_background
    from ui.single_instance import SingleInstance

    app = create_application(sys.argv[:1])
    instance = SingleInstance(data_dir)
    if not instance.claim():
        return 0
    clock, tz = clock_from(args.now)
    store = open_store(args.data_dir, clock=clock, tz=tz)
    try:
        context, window = build_main_window(store)
        window.show()
        background = install_background(context, window, app, single_instance=instance)
        code = int(app.exec())
        del background
        return code
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
