"""Progress bars on standard error: one implementation for every command and the benchmark.

Shown as the settings say (``BOOKCASE_PROGRESS``: ``auto`` on a terminal only,
``always`` or ``never``); when not shown, every call is a cheap no-op, so callers
need no branches.

Examples
--------
>>> bar = Progress(enabled=False)
>>> with bar.running():
...     tick = bar.task("loading", 10)
...     tick(5, 10)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .settings import get_settings

__all__ = ["Progress", "Tick", "progress_enabled"]

#: Reports progress: ``tick(done, total)``.
Tick = Callable[[int, int], None]


def progress_enabled() -> bool:
    """Whether bars are shown in this process (the settings, and whether stderr is a terminal)."""
    mode = get_settings().progress
    return mode == "always" or (mode == "auto" and sys.stderr.isatty())


class Progress:
    """A set of progress bars that live while :meth:`running` is open; :meth:`task` adds one."""

    def __init__(self, enabled: bool | None = None) -> None:
        self._bar: Any = None
        if progress_enabled() if enabled is None else enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=True)

    @contextmanager
    def running(self) -> Iterator[Progress]:
        """Show the bars inside the block (nothing when disabled)."""
        if self._bar is None:
            yield self
            return
        with self._bar:
            yield self

    def task(self, description: str, total: int | None = None) -> Tick:
        """A new bar; returns its ``tick(done, total)``."""
        if self._bar is None:
            return lambda done, total: None
        task_id = self._bar.add_task(description, total=total)
        bar = self._bar
        return lambda done, total: bar.update(task_id, completed=done, total=total)
