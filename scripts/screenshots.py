"""Take the screenshots in docs/screenshots from the real window, over the demo network.

    python scripts/screenshots.py [--out docs/screenshots] [--now '2026-11-27 09:30']

Best run on a real X display (e.g. Xvfb with QT_QPA_PLATFORM=xcb); offscreen works too.
A fresh data folder in a temporary directory is used and removed afterwards; the clock is
fixed so every run shows the same day. The demo network has Chinese, Japanese and Korean
names: install a font that covers them (Debian: fonts-droid-fallback or fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("TZ", "Europe/Berlin")  # the demo's story is told in one zone
time.tzset()

from PySide6.QtCore import QEvent, QPoint, QRect, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from services.store import Store, open_store  # noqa: E402
from ui.app import build_main_window, clock_from, create_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

WINDOW_SIZE = (1280, 800)
SCRATCH = Path.home() / ".cache" / "rapport-screenshots"
CONTACT_SHOWN = "Aisha Khan"  # the engaged colleague: a full timeline and ledger
ASKER = "Marco Bianchi"  # the one who only gets in touch when he needs something


def settle(app: QApplication, rounds: int = 12) -> None:
    for _ in range(rounds):
        app.processEvents()
        # Outside app.exec(), widgets replaced with deleteLater() would linger on screen.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        time.sleep(0.02)


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1E2126",
        QPalette.ColorRole.WindowText: "#E6E8EB",
        QPalette.ColorRole.Base: "#272B31",
        QPalette.ColorRole.AlternateBase: "#2C3138",
        QPalette.ColorRole.Text: "#E6E8EB",
        QPalette.ColorRole.Button: "#30353C",
        QPalette.ColorRole.ButtonText: "#E6E8EB",
        QPalette.ColorRole.Highlight: "#3D7BD9",
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.ToolTipBase: "#30353C",
        QPalette.ColorRole.ToolTipText: "#E6E8EB",
        QPalette.ColorRole.PlaceholderText: "#9AA1AB",
        QPalette.ColorRole.Link: "#7FB0FF",
        QPalette.ColorRole.Light: "#3A4048",
        QPalette.ColorRole.Midlight: "#343A41",
        QPalette.ColorRole.Mid: "#23272C",
        QPalette.ColorRole.Dark: "#16181C",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6B727C"))
    return palette


def over_window(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window, dimmed, with the dialog centred on it and a soft shadow, as a user sees it."""
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    picture = dialog.grab()
    left = (shot.width() - picture.width()) // 2
    top = max(24, (shot.height() - picture.height()) // 2)
    for spread in range(12, 0, -2):
        width, height = picture.width() + 2 * spread, picture.height() + 2 * spread
        halo = QRect(left - spread, top - spread + 4, width, height)
        painter.fillRect(halo, QColor(0, 0, 0, 10))
    painter.drawPixmap(QPoint(left, top), picture)
    painter.setPen(window.palette().color(QPalette.ColorRole.Mid))
    painter.drawRect(QRect(left - 1, top - 1, picture.width() + 1, picture.height() + 1))
    painter.end()
    return shot


def contact_id_named(name: str) -> int:
    from services.contacts import resolve_contact

    return int(resolve_contact(name).id)


class Shooter:
    def __init__(self, app: QApplication, out: Path) -> None:
        self.app = app
        self.out = out
        out.mkdir(parents=True, exist_ok=True)

    def save(self, name: str, pixmap: QPixmap) -> None:
        path = self.out / f"{name}.png"
        pixmap.save(str(path), "PNG")
        shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
        print(f"{shown}  {pixmap.width()}x{pixmap.height()}")

    def window(self, name: str, window: MainWindow, prepare: Callable[[], None]) -> None:
        prepare()
        settle(self.app)
        self.save(name, window.grab())

    def dialog(self, name: str, window: MainWindow, open_dialog: Callable[[], QWidget | None]) -> None:
        dialog = open_dialog()
        assert dialog is not None
        settle(self.app)
        self.save(name, over_window(window, dialog))
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()
        settle(self.app)


def open_window(store: Store) -> MainWindow:
    _context, window = build_main_window(store)
    window.resize(*WINDOW_SIZE)
    window.show()
    return window


def demo_store(folder: Path, now: str) -> Store:
    from services.demo import fill_demo_network

    clock, tz = clock_from(now)
    store = open_store(folder, clock=clock, tz=tz)
    fill_demo_network(store)
    from services.demo_shares import add_demo_shares, demo_people

    add_demo_shares(store, demo_people())  # adds nothing once fill_demo_network does it itself
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--now", default="2026-11-27 09:30")
    args = parser.parse_args(argv)
    app = create_application(sys.argv[:1])
    shooter = Shooter(app, Path(args.out))

    # A fixed scratch folder, so the folder the pages show (as ~/…) is the same in every run.
    shutil.rmtree(SCRATCH, ignore_errors=True)  # what a run cut short left behind
    try:
        empty_folder = SCRATCH / "welcome"
        clock, tz = clock_from(args.now)
        empty = open_store(empty_folder, clock=clock, tz=tz)
        window = open_window(empty)
        shooter.window("welcome", window, lambda: window.show_page("today"))
        window.close()
        empty.close()

        store = demo_store(SCRATCH / "demo", args.now)
        window = open_window(store)
        shooter.window("today", window, lambda: window.show_page("today"))
        shooter.window("contacts", window, lambda: window.show_page("contacts"))
        shooter.window("contact", window, lambda: window.open_contact(contact_id_named(CONTACT_SHOWN)))
        shooter.dialog("request-triage", window, lambda: _request_triage(window, contact_id_named(ASKER)))
        shooter.window("checkins", window, lambda: _checkins_with_history(window))
        shooter.dialog("schedule-dialog", window, lambda: _schedule(window))
        shooter.window("insights", window, lambda: _insights(window))
        window.resize(*WINDOW_SIZE)
        shooter.dialog("share-dialog", window, lambda: _share_dialog(window))
        shooter.window("settings", window, lambda: window.show_page("settings"))
        app.setPalette(dark_palette())
        shooter.window("today-dark", window, lambda: window.show_page("today"))
        shooter.window("contact-dark", window, lambda: window.open_contact(contact_id_named(CONTACT_SHOWN)))
        shooter.window("insights-dark", window, lambda: _insights(window))
        window.close()
        store.close()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    return 0


def _checkins_with_history(window: MainWindow) -> None:
    from ui.checkins_page import CheckinsPage

    window.show_page("checkins")
    page = window.page("checkins")
    assert isinstance(page, CheckinsPage)
    page.show_past.setChecked(True)
    planned = [row.checkin_id for row in page.model.rows if row.is_planned]
    if planned:
        page.select_checkin(planned[0])


INSIGHTS_SIZE = (1280, 1640)  # tall enough for every chart and the shares in one picture


def _insights(window: MainWindow) -> None:
    """The Insights page once its numbers (computed in the background) have arrived."""
    from ui.insights_page import InsightsPage

    window.resize(*INSIGHTS_SIZE)
    window.show_page("insights")
    page = window.page("insights")
    assert isinstance(page, InsightsPage)
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + 60
    while (page.controller.loads == 0 or page.controller.busy) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def _share_dialog(window: MainWindow) -> QWidget:
    """“Share something” for the demo's article nobody has had yet, with two people ticked."""
    from services.shares import recent_shares
    from ui.share_dialog import open_share_dialog
    from ui.suggestions_model import SuggestionColumn

    unsent = next(s for s in recent_shares(window.context.store) if s.recipients == 0)
    dialog = open_share_dialog(window.context, window, share=unsent)
    model = dialog.model
    for row in range(min(2, model.rowCount())):
        model.setData(model.index(row, SuggestionColumn.NAME), 2, Qt.ItemDataRole.CheckStateRole)
    return dialog


def _request_triage(window: MainWindow, contact_id: int) -> QWidget:
    window.open_contact(contact_id)
    return window.request_triage()


def _schedule(window: MainWindow) -> QWidget | None:
    window.show_page("today")
    settle(QApplication.instance())  # type: ignore[arg-type]
    page = window.today_page
    if not page.cards:
        return None
    return page.open_schedule_dialog(page.cards[0].contact_id)


if __name__ == "__main__":
    sys.exit(main())
