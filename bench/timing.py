"""Wall-clock and CPU time of one step.

On a busy machine the wall clock includes waiting for a CPU; the CPU time shows what
the step itself costs. Targets are judged on the wall clock, as a user feels it.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable


class Stopwatch:
    """``with Stopwatch() as watch: ...`` then ``watch.wall_ms`` and ``watch.cpu_ms``."""

    def __init__(self, *, children: bool = False) -> None:
        # Subprocesses are measured through RUSAGE_CHILDREN (after they are waited for).
        self._children = children
        self.wall_ms = 0.0
        self.cpu_ms = 0.0

    def _cpu(self) -> float:
        if self._children:
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            return usage.ru_utime + usage.ru_stime
        return time.process_time()

    def __enter__(self) -> Stopwatch:
        self._wall = time.perf_counter()
        self._cpu_start = self._cpu()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall_ms = (time.perf_counter() - self._wall) * 1000
        self.cpu_ms = (self._cpu() - self._cpu_start) * 1000


def measure(action: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``runs`` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        with Stopwatch() as watch:
            action()
        wall.append(watch.wall_ms)
        cpu.append(watch.cpu_ms)
    return wall, cpu
