"""A partnership open in the embedded engine, behind one small interface: :class:`CypherGraph`.

:func:`open_graph` loads a :class:`~graph_model.Partnership` as it stood on a day (by
default the day its named queries answer for, so that Cypher and ``bookcase query`` agree)
or whole (every record whatever its dates); :func:`connect` is the notebook's door, from a
bundled name or a path. Every statement goes through the read-only guard
(:mod:`.guard`); answers come back as rows (dicts) or a data frame (pandas).

Examples
--------
>>> york = connect("york")
>>> york.rows("MATCH (g:SubGroup {id: $id})-[:ACCOUNTABLE_TO]->(b) RETURN b.name AS board",
...           id="icg")
[{'board': 'YorOK Board'}]
>>> york.day.isoformat(), york.partnership
('2016-03-31', 'york')
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import ladybug as lb

from graph_model import Partnership

from .guard import Answer, Limits, RefusedStatement, run
from .load import MAX_DEPTH, open_database
from .load import connect as connect_to

__all__ = ["CypherGraph", "connect", "graph_kind", "open_file", "open_graph", "parse_param", "parse_value"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_value(text: str) -> Any:
    """A parameter's value as written on the command line: a date (``YYYY-MM-DD``), else JSON
    (numbers, ``true``, ``null``, lists such as ``["a","b"]``), else the text itself.

    >>> parse_value("2015-04-01"), parse_value("3"), parse_value('["a", "b"]'), parse_value("yorok-board")
    (datetime.date(2015, 4, 1), 3, ['a', 'b'], 'yorok-board')
    """
    if _DATE.fullmatch(text):
        return dt.date.fromisoformat(text)
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_param(text: str) -> tuple[str, Any]:
    """``name=value`` as a parameter's name and value (:func:`parse_value`).

    >>> parse_param("id=yorok-board")
    ('id', 'yorok-board')
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise RefusedStatement(f"a parameter is written name=value (e.g. id=yorok-board); got {text!r}")
    return name, parse_value(value)


@dataclass
class CypherGraph:
    """One partnership in the engine, and the connection analyst statements run on."""

    database: lb.Database
    connection: lb.Connection
    partnership: str
    day: dt.date | None
    basis: str
    limits: Limits = field(default_factory=Limits)
    writable: bool = False
    reused: bool = False

    def run(self, text: str, parameters: dict[str, Any] | None = None) -> Answer:
        """Run one statement through the guard (:func:`.guard.run`)."""
        return run(self.connection, text, parameters, limits=self.limits, writable=self.writable)

    def rows(self, text: str, /, **parameters: Any) -> list[dict[str, Any]]:
        """The answer's rows as dicts keyed by column (at most the row limit)."""
        return self.run(text, parameters).records()

    def frame(self, text: str, /, **parameters: Any) -> Any:
        """The answer as a pandas data frame (pandas must be installed).

        >>> connect("york").frame("MATCH (b:Board) RETURN count(b) AS boards")["boards"].tolist()
        [9]
        """
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - pandas comes with the test extra
            raise RefusedStatement("a data frame needs pandas: pip install pandas (or use rows())") from None
        answer = self.run(text, parameters)
        return pd.DataFrame(answer.rows, columns=answer.columns)

    def close(self) -> None:
        """Close the connection and the database."""
        self.connection.close()
        self.database.close()

    def __enter__(self) -> CypherGraph:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def open_graph(partnership: Partnership, *, as_of: dt.date | None = None, whole: bool = False,
               folder: Path | None = None, source: Path | None = None, limits: Limits | None = None,
               write: bool = False, max_depth: int = MAX_DEPTH, today: dt.date | None = None,
               buffer_pool_size: int = 0) -> CypherGraph:
    """``partnership`` in the engine: as it stood on ``as_of`` (by default the day its named queries
    answer for), or ``whole``; in memory, or in a database file in ``folder`` (reused while
    ``source`` is unchanged, see :func:`.load.open_database`). ``write`` needs a folder."""
    if write and folder is None:
        raise RefusedStatement("writes need a local database folder (bookcase cypher --db PATH --write); "
                               "an in-memory graph is read-only")
    if whole:
        if as_of is not None:
            raise RefusedStatement("give either an as-of date or the whole graph, not both")
        graph, day, basis = partnership, None, "Every record is loaded, whatever its dates (the whole history)."
    else:
        dating = partnership.dating(as_of, today=today)
        graph, day, basis = partnership.as_of(dating.day), dating.day, dating.basis
    database, reused = open_database(graph, folder=folder, source=source, kind=graph_kind(day), read_only=not write,
                                     buffer_pool_size=buffer_pool_size)
    connection = connect_to(database, max_depth=max_depth, timeout_ms=(limits or Limits()).timeout_ms)
    return CypherGraph(database, connection, partnership.info.id, day, basis, limits or Limits(), write, reused)


def graph_kind(day: dt.date | None) -> str:
    """The kind of database file (:func:`.load.database_file`) that holds a partnership as it stood on ``day``
    (``None``: whole).

    >>> graph_kind(dt.date(2016, 3, 31)), graph_kind(None)
    ('ladybug-2016-03-31', 'ladybug-whole')
    """
    return "ladybug-whole" if day is None else f"ladybug-{day.isoformat()}"


def open_file(path: Path, *, partnership: str, day: dt.date | None, basis: str, limits: Limits | None = None,
              buffer_pool_size: int = 0, max_depth: int = MAX_DEPTH) -> CypherGraph:
    """A database file :func:`open_graph` made earlier (in a folder, from a source), opened read-only without
    loading its partnership: ``partnership`` (its id), ``day`` and ``basis`` say what it holds, as
    :func:`open_graph` worked them out. ``buffer_pool_size`` bounds the memory the engine keeps for pages
    (0: its default, about 80% of the machine's)."""
    database = lb.Database(str(path), read_only=True, buffer_pool_size=buffer_pool_size)
    connection = connect_to(database, max_depth=max_depth, timeout_ms=(limits or Limits()).timeout_ms)
    return CypherGraph(database, connection, partnership, day, basis, limits or Limits(), False, True)


def connect(dataset: str | Path | Partnership = "york", *, as_of: dt.date | str | None = None, whole: bool = False,
            db: str | Path | None = None, limits: Limits | None = None, write: bool = False) -> CypherGraph:
    """The notebook's door: a bundled partnership by name, one from a path, or a loaded one, in the engine.

    ``db`` keeps the database in that folder, reused while the source is unchanged.
    """
    from loaders import bundled_names, bundled_path, load

    source: Path | None = None
    if isinstance(dataset, Partnership):
        partnership = dataset
        if db is not None:
            raise RefusedStatement("a database folder needs the partnership's source: pass its name or path")
    else:
        ref = str(dataset)
        source = bundled_path(ref) if ref in bundled_names() else Path(ref)
        partnership = load(ref)
    day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return open_graph(partnership, as_of=day, whole=whole, folder=Path(db) if db is not None else None,
                      source=source, limits=limits, write=write)
