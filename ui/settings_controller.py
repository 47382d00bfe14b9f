"""What the settings page does: save each change at once if it makes sense, recompute cadences."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from core.settings import Settings
from services.circles import CircleCadence, circle_cadences, set_circle_cadence
from services.contacts import ContactError
from services.preferences import SettingsProblemError, update_settings
from ui.background import BackgroundTask
from ui.context import AppContext


class SettingsController(QObject):
    # A change was refused (the message says why), or the last refusal is resolved (empty text).
    problem_changed = Signal(str)
    # A circle's cadence finished recomputing: (circle, contacts recomputed).
    cadence_saved = Signal(str, int)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._tasks: list[BackgroundTask] = []
        # Refused changes by the settings they touch; the page shows them until they are fixed.
        self._refused: dict[tuple[str, ...], str] = {}

    def settings(self) -> Settings:
        return self._context.store.settings()

    def circles(self) -> list[CircleCadence]:
        return circle_cadences(self._context.store)

    def change(self, **changes: Any) -> bool:
        """Save these changes if they make sense together with the rest; False (and why) if not.

        Pairs that are only valid together (check-in start and end, quiet hours) are always
        changed together, so fixing either half saves both.
        """
        group = tuple(sorted(changes))
        try:
            update_settings(self._context.store, **changes)
        except SettingsProblemError as problem:
            self._refused[group] = f"Not saved: {problem}."
            self._announce_problems()
            return False
        self._refused.pop(group, None)
        self._announce_problems()
        self._context.settings_changed.emit()
        return True

    def _announce_problems(self) -> None:
        self.problem_changed.emit("\n".join(self._refused.values()))

    def change_cadence(self, circle: str, days: int) -> BackgroundTask | None:
        """Set a circle's cadence; its contacts are recomputed off the UI thread."""
        current = {c.name: c.cadence_days for c in self.circles()}
        if current.get(circle) == days:
            return None
        store = self._context.store
        task = BackgroundTask(store, lambda: set_circle_cadence(store, circle, days), self)
        task.finished.connect(lambda count: self._cadence_done(task, circle, int(count)))
        task.failed.connect(lambda error: self._cadence_failed(task, error))
        self._tasks.append(task)
        self._context.status_message.emit(f"Updating {circle} to every {days} days…")
        task.start()
        return task

    def busy(self) -> bool:
        return any(task.running for task in self._tasks)

    def _cadence_done(self, task: BackgroundTask, circle: str, count: int) -> None:
        self._forget(task)
        if self._refused.pop(("cadence",), None) is not None:
            self._announce_problems()
        self._context.data_changed.emit()
        self._context.status_message.emit(f"{circle}: cadence saved, {count} contacts updated")
        self.cadence_saved.emit(circle, count)

    def _cadence_failed(self, task: BackgroundTask, error: object) -> None:
        self._forget(task)
        message = str(error) if isinstance(error, ContactError) else f"Could not save the cadence: {error}"
        self._refused[("cadence",)] = f"Not saved: {message}."
        self._announce_problems()

    def _forget(self, task: BackgroundTask) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        task.deleteLater()
