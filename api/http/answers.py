"""Answers kept by the server: a repeated request is answered at once, and concurrent requests for the
same answer share one computation.

An answer is kept under its dataset's id and version (a reload makes a new version, so answers on the
old graph are never given for the new one), the query, its parameters as the query's own model
reads them, the date asked for, ``stated_only`` and today's date (an answer with no date of its own
is for today, or for the end of the partnership's period). The last ``size`` answers used are kept, and
no more of them than ``budget`` bytes, as ``weigh`` counts them (a whole answer at national scale may
take 130 MB).

A named query's answer is kept whole, as a :class:`PagedAnswer`: its JSON written once, each item of each
list it pages apart, so that a page (``limit`` items of each list from ``offset``) is put together from the
kept pieces, with no query run again and no JSON read back. :func:`paged_fields` says which lists those are,
from the result model alone, and :func:`whole_list_params` lifts a query's own ``limit``, so that what is
kept is the whole answer.

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

import functools
import sys
import threading
import typing
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any

from annotated_types import Ge, Le
from pydantic import BaseModel, TypeAdapter
from pydantic_core import to_json

__all__ = ["MISSING", "Answers", "PagedAnswer", "paged_fields", "whole_list_params"]

#: What :meth:`Answers.peek` gives for an answer not kept.
MISSING: Any = object()


class Answers:
    """A thread-safe store of the last ``size`` answers, with one computation per answer at a time; with a
    ``budget``, the oldest are let go while the kept answers weigh more than it (the newest is always kept).

    >>> kept = Answers(size=8, budget=10, weigh=len)
    >>> kept.get("a", lambda: "x" * 6), kept.get("b", lambda: "y" * 6), kept.peek("a") is MISSING
    ('xxxxxx', 'yyyyyy', True)
    """

    def __init__(self, size: int, *, budget: int | None = None, weigh: Callable[[Any], int] | None = None) -> None:
        self._size = size
        self._budget = budget
        self._weigh = weigh
        self._weights: dict[Hashable, int] = {}
        self._weight = 0
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
                if self._weigh is not None:
                    self._weights[key] = weight = self._weigh(value)
                    self._weight += weight
                while len(self._done) > self._size or (
                        self._budget is not None and self._weight > self._budget and len(self._done) > 1):
                    old, _ = self._done.popitem(last=False)
                    self._weight -= self._weights.pop(old, 0)
        return value

    def __len__(self) -> int:
        return len(self._done)


def paged_fields(result: type[BaseModel], base: type[BaseModel]) -> tuple[str, ...]:
    """The lists an answer of model ``result`` is paged on: every field holding a list that ``result`` adds to
    ``base`` (the fields every answer shares, such as its warnings, are not paged), in the model's order.

    >>> from queries import get_query
    >>> from queries.registry import QueryResult
    >>> paged_fields(get_query("duplicates").result, QueryResult)
    ('groups', 'crowded', 'pairs')
    """
    return _paged_fields(result, base)


@functools.cache
def _paged_fields(result: type[BaseModel], base: type[BaseModel]) -> tuple[str, ...]:
    return tuple(name for name, field in result.model_fields.items()
                 if name not in base.model_fields and typing.get_origin(field.annotation) is list)


def whole_list_params(params: type[BaseModel]) -> dict[str, Any]:
    """What lifts a query's own ``limit`` (how many the command line lists) so that it lists everything: 0
    where 0 means all, else the largest number it takes. Empty for a query with no ``limit``. Worked out once
    per model, and the same dict given each time: read it, never change it.

    >>> from queries import get_query
    >>> whole_list_params(get_query("service-map").params), whole_list_params(get_query("gaps").params)
    ({'limit': 0}, {})
    """
    return _whole_list_params(params)


@functools.cache
def _whole_list_params(params: type[BaseModel]) -> dict[str, Any]:
    field = params.model_fields.get("limit")
    if field is None:
        return {}
    least: Any = next((m.ge for m in field.metadata if isinstance(m, Ge)), None)
    most: Any = next((m.le for m in field.metadata if isinstance(m, Le)), sys.maxsize)
    return {"limit": 0 if least is not None and least <= 0 else most}


@functools.cache
def _item_writers(model: type[BaseModel], lists: tuple[str, ...]) -> dict[str, TypeAdapter[Any]]:
    """For each paged list of ``model``, what writes one of its items as the model writes it."""
    return {name: TypeAdapter(typing.get_args(model.model_fields[name].annotation)[0]) for name in lists}


class PagedAnswer:
    """One whole answer, kept as JSON in pieces: every field but the paged lists written once, and each item
    of each paged list written apart. :meth:`page` joins the pieces of one page; the page that starts at 0
    with the default size is joined when the answer is kept, ready to be sent as it is.

    >>> from queries import run_query
    >>> from queries.registry import QueryResult
    >>> from loaders import load_bundled
    >>> result = run_query("gaps", load_bundled("york"))
    >>> kept = PagedAnswer(result, paged_fields(type(result), QueryResult), default_limit=100)
    >>> import json
    >>> page = json.loads(kept.page(1, 1))
    >>> page["gaps"] == json.loads(result.model_dump_json())["gaps"][1:2]
    True
    >>> page["page"] == {"limit": 1, "offset": 1, "totals": kept.totals, "complete": False}
    True
    >>> kept.totals["gaps"] == len(result.gaps)
    True
    """

    __slots__ = ("_default", "_first", "_parts", "size", "totals")

    def __init__(self, result: BaseModel, lists: tuple[str, ...], *, default_limit: int) -> None:
        model = type(result)
        writers = _item_writers(model, lists)
        # The other fields (computed ones too) as model_dump_json writes them, as Python data: they are small.
        head = result.model_dump(mode="json", exclude=set(lists))
        #: How many items each paged list holds in the whole answer.
        self.totals = {name: len(getattr(result, name)) for name in lists}
        # Each field as '"name":value', or for a paged list '"name":' and its items, each written apart, in the
        # order model_dump_json writes them.
        self._parts: list[tuple[bytes, list[bytes] | None]] = [
            (to_json(name) + b":", [writers[name].dump_json(item) for item in getattr(result, name)])
            if name in writers else (to_json(name) + b":" + to_json(head[name]), None)
            for name in (*model.model_fields, *model.model_computed_fields) if name in writers or name in head]
        self._default = default_limit
        self._first = self._join(default_limit, 0)
        #: Roughly the bytes held (each piece, with what Python adds to each).
        self.size = len(self._first) + sum(len(key) + 33 + (0 if items is None else sum(map(len, items))
                                                             + 33 * len(items)) for key, items in self._parts)

    def page(self, limit: int, offset: int) -> bytes:
        """The answer as JSON with ``limit`` items of each paged list from ``offset`` and a ``page`` object
        saying so: the limit, the offset, the total of each list in the whole answer, and whether this page
        holds every item of every list (``complete``)."""
        if limit == self._default and offset == 0:
            return self._first
        return self._join(limit, offset)

    def _join(self, limit: int, offset: int) -> bytes:
        pieces = [key if items is None else key + b"[" + b",".join(items[offset:offset + limit]) + b"]"
                  for key, items in self._parts]
        complete = offset == 0 and all(n <= limit for n in self.totals.values())
        pieces.append(b'"page":' + to_json({"limit": limit, "offset": offset, "totals": self.totals,
                                            "complete": complete}))
        return b"{" + b",".join(pieces) + b"}"
