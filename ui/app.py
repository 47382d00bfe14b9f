"""Starting the desktop app: the application object, error handling, the data folder, the window."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import traceback
from datetime import tzinfo
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core.version import __version__
from models.database import DatabaseError
from models.location import resolve_data_dir
from services.clock import Clock, fixed_clock, local_zone, parse_local_datetime, system_clock
from services.store import Store, open_store
from ui.background_mode import install_background
from ui.calendar_push import CalendarPusher
from ui.context import AppContext
from ui.icons import app_icon
from ui.main_window import MainWindow
from ui.single_instance import SingleInstance

log = logging.getLogger(__name__)

APP_NAME = "Rapport"
ORGANISATION = "Rapport"
DESKTOP_FILE = "rapport"
VERSION = __version__
LOG_FILE = Path("logs") / "rapport.log"
MAX_OPEN_ERROR_DIALOGS = 1
INTERRUPT_CHECK_MS = 500


# --- the application object ------------------------------------------------------------------


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(VERSION)
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())
    return app


def window_settings_for(data_dir: Path) -> QSettings:
    """Window size, position and last page, kept in the data folder (never the real home in tests)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(data_dir))
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APP_NAME)


def build_main_window(store: Store) -> tuple[AppContext, MainWindow]:
    """The signal bus and the main window over an open store (not shown yet)."""
    context = AppContext(store)
    window = MainWindow(context, window_settings_for(store.data_dir))
    return context, window


# --- errors ------------------------------------------------------------------------------------


class ErrorReporter(QObject):
    """Unhandled exceptions go to the log and to an error dialog; the app keeps running.

    Exceptions may arrive on any thread; the dialog is always shown on the UI thread
    (the signal is queued to this object, which lives there).
    """

    report = Signal(str, str)

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.open_dialogs: list[QMessageBox] = []
        self.report.connect(self._show)

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("unhandled exception", exc_info=(exc_type, exc, tb))
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        self.report.emit(str(exc) or exc_type.__name__, details)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        if len(self.open_dialogs) >= MAX_OPEN_ERROR_DIALOGS:
            return  # one dialog at a time: a loop of errors must not bury the window
        parent = QApplication.activeWindow()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Something went wrong")
        box.setText(f"Rapport ran into an unexpected problem: {summary}")
        box.setInformativeText(
            f"Your data is safe and Rapport keeps running. The details are in the log:\n{self.log_path}"
        )
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self.open_dialogs.remove(box))
        self.open_dialogs.append(box)
        box.open()


def _log_path(data_dir: Path) -> Path:
    for handler in logging.getLogger().handlers:
        filename = getattr(handler, "baseFilename", None)
        if filename:
            return Path(filename)
    return data_dir / LOG_FILE


def install_excepthook(log_path: Path) -> ErrorReporter:
    reporter = ErrorReporter(log_path, QApplication.instance())
    sys.excepthook = reporter.handle
    threading.excepthook = lambda hook: reporter.handle(
        hook.exc_type, hook.exc_value or hook.exc_type(), hook.exc_traceback
    )
    return reporter


# --- starting ----------------------------------------------------------------------------------


def clock_from(now_text: str | None) -> tuple[Clock, tzinfo]:
    """--now 'YYYY-MM-DD[ HH:MM]' fixes the clock (a bare date means 09:00), as on the command line."""
    tz = local_zone()
    if not now_text:
        return system_clock, tz
    instant = parse_local_datetime(now_text, tz)
    if len(now_text.strip()) <= 10:
        instant = instant.replace(hour=9, minute=0)
    return fixed_clock(instant), tz


def quit_on_interrupt(app: QApplication) -> None:
    """Ctrl+C in the terminal closes the app cleanly instead of waiting for the next event."""
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    # Python handles signals only between bytecodes; Qt's loop must hand it control now and then.
    heartbeat = QTimer(app)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(INTERRUPT_CHECK_MS)


def _refuse(message: str) -> int:
    log.error("cannot start: %s", message)
    QMessageBox.critical(None, "Rapport cannot start", message)
    return 2


def run_app(args: argparse.Namespace) -> int:
    """The desktop app: open the data folder, show the window, run until it closes."""
    app = create_application(sys.argv[:1])
    data_dir = resolve_data_dir(args.data_dir)
    install_excepthook(_log_path(data_dir))
    instance = SingleInstance(data_dir)
    if not instance.claim():
        return 0  # Rapport already runs for this data folder; its window came forward
    try:
        clock, tz = clock_from(getattr(args, "now", None))
    except ValueError as error:
        return _refuse(f"--now: {error}")
    try:
        store = open_store(args.data_dir, clock=clock, tz=tz, auto_backup=True)
    except DatabaseError as error:
        return _refuse(f"{error}\n\nNothing was changed. Your data folder is {data_dir}.")
    except OSError as error:
        return _refuse(f"The data folder {data_dir} cannot be used: {error.strerror or error}")
    try:
        context, window = build_main_window(store)
        hidden = bool(getattr(args, "hidden", False))
        if not hidden:
            window.show()
        # Tray, notifications and the reminder scheduler; kept referenced while the app runs.
        background = install_background(context, window, app, single_instance=instance)
        if hidden and not background.has_tray:
            window.show()  # nothing else could bring it back
        elif hidden:
            log.info("started in the tray, window hidden")
        calendar = CalendarPusher(context)
        calendar.start()
        quit_on_interrupt(app)
        code = int(app.exec())
        del background, calendar
        return code
    finally:
        store.close()
