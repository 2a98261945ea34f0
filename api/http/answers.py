"""Answers kept by the server: a repeated request is answered at once, and concurrent requests for the
same answer share one computation.

An answer is kept under its dataset's id and version (a reload makes a new version, so answers on the
old graph are never given for the new one), the query, its parameters as the query's own model
reads them, the date asked for, ``stated_only`` and today's date (an answer with no date of its own
is for today, or for the end of the partnership's period). The last ``size`` answers used are kept.

Examples
--------
>>> kept = Answers(size=2)
>>> calls = []
>>> kept.get(("york", 1, "gaps"), lambda: calls.append(1) or "answer")
'answer'
>>> kept.get(("york", 1, "gaps"), lambda: calls.append(1) or "answer"), len(calls)
('answer', 1)
>>> kept.peek(("york", 1, "gaps")), kept.peek(("york", 2, "gaps")) is MISSING
('answer', True)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any

__all__ = ["MISSING", "Answers"]

#: What :meth:`Answers.peek` gives for an answer not kept.
MISSING: Any = object()


class Answers:
    """A thread-safe store of the last ``size`` answers, with one computation per answer at a time."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._done: OrderedDict[Hashable, Any] = OrderedDict()
        self._running: dict[Hashable, Future[Any]] = {}
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> Any:
        """The answer kept under ``key``, or :data:`MISSING`; never waits (an event loop may call it)."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]
        return MISSING

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer kept under ``key``; else the one being computed for another request; else ``compute()``."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]
            running = self._running.get(key)
            if running is None:
                mine: Future[Any] = Future()
                self._running[key] = mine
        if running is not None:
            return running.result()  # another request is computing it: wait for that, raising what it raised
        try:
            value = compute()
        except BaseException as err:
            mine.set_exception(err)
            with self._lock:
                del self._running[key]
            raise
        mine.set_result(value)
        with self._lock:
            del self._running[key]
            if self._size:
                self._done[key] = value
                while len(self._done) > self._size:
                    self._done.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._done)
