"""The tray icon: who is going cold at a glance, and the day's check-ins one click away.

Its menu is rebuilt each time it opens (on D-Bus trays too, where the panel asks for it),
so it always shows the current queue and pause state without being kept up to date.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QObject, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from services.background import TrayStatus, pause_for, pause_until_tomorrow, resume_reminders, tray_status
from ui.context import AppContext
from ui.icons import tray_icon

log = logging.getLogger(__name__)

ATTENTION_COLOUR = QColor("#e8590c")
ICON_SIDES = (16, 22, 24, 32, 48, 64)
# Where a clicked message leads, by reminder kind (contact reminders open the contact).
PAGE_FOR_KIND = {
    "digest": "today", "catch_up": "today", "checkin": "checkins", "weekly_review": "insights", "test": ""
}  # fmt: skip


def attention_icon(base: QIcon) -> QIcon:
    """The tray icon with a dot in its top-right corner: someone is due."""
    icon = QIcon()
    for side in ICON_SIDES:
        pixmap = base.pixmap(QSize(side, side))
        canvas = QPixmap(pixmap.size())
        canvas.setDevicePixelRatio(pixmap.devicePixelRatio())
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawPixmap(0, 0, pixmap)
        radius = side * 0.22
        centre = QPointF(side - radius - side * 0.02, radius + side * 0.02)
        # A transparent ring first, so the dot stays distinct on the icon and any panel.
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        painter.setBrush(Qt.GlobalColor.black)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(centre, radius * 1.35, radius * 1.35)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setBrush(ATTENTION_COLOUR)
        painter.drawEllipse(centre, radius, radius)
        painter.end()
        icon.addPixmap(canvas)
    return icon


class RapportTray(QObject):
    """The tray icon with its tooltip and menu. `quit_requested` asks the app to quit."""

    quit_requested = Signal()
    toggle_requested = Signal()
    show_requested = Signal()

    def __init__(self, context: AppContext, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.window = window
        self._normal_icon = tray_icon()
        self._attention_icon = attention_icon(self._normal_icon)
        self.status: TrayStatus | None = None
        self._dialogs: list[QWidget] = []
        self._submenus: list[QMenu] = []
        self._click_target: tuple[str, int | None] = ("", None)
        self._showing_attention = False
        self.icon = QSystemTrayIcon(self._normal_icon, self)
        self.menu = QMenu(window)
        self.menu.setTitle("Rapport")
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self.rebuild_menu()  # reads the status too

    def show(self) -> None:
        self.icon.show()

    def refresh(self) -> None:
        """Re-read the queue: icon, tooltip."""
        try:
            self.status = tray_status(self.context.store)
        except Exception:  # a tray that can't read the database still lets the user quit
            log.exception("could not read the tray status")
            return
        tooltip = self.status.tooltip(self.context.store)
        if tooltip != self.icon.toolTip():
            self.icon.setToolTip(tooltip)
        if self.status.attention != self._showing_attention:
            self._showing_attention = self.status.attention
            self.icon.setIcon(self._attention_icon if self.status.attention else self._normal_icon)

    # --- the menu --------------------------------------------------------------------------

    def rebuild_menu(self) -> None:
        self.refresh()
        self.menu.clear()
        # clear() drops the actions but not the submenus, which are the menu's children.
        for submenu in self._submenus:
            submenu.deleteLater()
        self._submenus = []
        self._add(self.menu, "Open Rapport", self.show_requested.emit)
        self._today_menu()
        self._add(self.menu, "Log a touch…", self.log_touch)
        self.menu.addSeparator()
        self._pause_menu()
        self.menu.addSeparator()
        self._add(self.menu, "Quit Rapport", self.quit_requested.emit)

    def _submenu(self, title: str) -> QMenu:
        submenu = QMenu(title, self.menu)
        self.menu.addMenu(submenu)
        self._submenus.append(submenu)
        return submenu

    def _add(
        self, menu: QMenu, text: str, slot: Callable[[], object] | None, *, enabled: bool = True
    ) -> QAction:
        action = menu.addAction(text)
        action.setEnabled(enabled)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        return action

    def _today_menu(self) -> None:
        today = self._submenu("Today")
        entries = self.status.today if self.status is not None else []
        if not entries:
            self._add(today, "No one to call today", None, enabled=False)
            return
        minutes = self.status.checkin_minutes if self.status is not None else 10
        for entry in entries:
            contact_id = entry.snapshot.contact_id
            self._add(
                today,
                f"Schedule a {minutes}-minute check-in with {entry.snapshot.name}",
                functools.partial(self.schedule, contact_id),
            )

    def _pause_menu(self) -> None:
        pause = self._submenu("Pause reminders")
        paused = self.status.paused_until if self.status is not None else None
        store = self.context.store
        if paused is not None:
            self._add(pause, f"Paused until {paused.astimezone(store.tz):%a %H:%M}", None, enabled=False)
        self._add(pause, "1 hour", lambda: self._pause(lambda: pause_for(store, timedelta(hours=1))))
        self._add(pause, "Until tomorrow", lambda: self._pause(lambda: pause_until_tomorrow(store)))
        self._add(
            pause, "Resume", lambda: self._pause(lambda: resume_reminders(store)), enabled=paused is not None
        )

    def _pause(self, change: Callable[[], object]) -> None:
        change()
        self.context.settings_changed.emit()
        self.refresh()

    # --- what the entries do ---------------------------------------------------------------

    def schedule(self, contact_id: int) -> None:
        from ui.schedule_dialog import ScheduleDialog

        self.show_requested.emit()
        self._open(ScheduleDialog(self.context, contact_id, self.window))

    def log_touch(self) -> None:
        from ui.log_touch_dialog import LogTouchDialog

        self.show_requested.emit()
        self._open(LogTouchDialog(self.context, None, self.window))

    def _open(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: self._dialogs.remove(dialog) if dialog in self._dialogs else None)
        getattr(dialog, "open", dialog.show)()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_requested.emit()
        elif reason == QSystemTrayIcon.ActivationReason.DoubleClick:
            self.show_requested.emit()

    # --- messages --------------------------------------------------------------------------

    def remember_message(self, kind: str, contact_id: int | None) -> None:
        """The reminder the tray showed last: clicking its message opens the right page."""
        self._click_target = (kind, contact_id)

    def _message_clicked(self) -> None:
        kind, contact_id = self._click_target
        log.info("tray message clicked (%s)", kind or "no reminder")
        self.show_requested.emit()
        open_reminder_target(self.context, kind, contact_id)


def open_reminder_target(context: AppContext, kind: str, contact_id: int | None) -> None:
    """Open what a clicked reminder is about: its contact, or the page for its kind."""
    if contact_id is not None and kind not in PAGE_FOR_KIND:
        context.open_contact_requested.emit(contact_id)
    elif PAGE_FOR_KIND.get(kind):
        context.open_page_requested.emit(PAGE_FOR_KIND[kind])


def build_tray(context: AppContext, window: QWidget) -> RapportTray:
    """The tray icon and its menu, built but not shown (the self-test checks they load)."""
    return RapportTray(context, window)
