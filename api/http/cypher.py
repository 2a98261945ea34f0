"""Analyst Cypher over HTTP, run in a worker process: a statement that crashes the engine costs one
request, not the server.

The server starts one worker process (``spawn``, so it shares nothing with the server's threads) the
first time a statement arrives. The worker loads the served datasets from where the server loaded
them, opens each in the embedded engine (:func:`queries.cypher.open_graph`) on the day asked for
(the partnership's own by default, as the named queries), and runs each statement through the
read-only guard with its time and row limits (:mod:`queries.cypher.guard`). Statements are run one
at a time. When the worker dies, or does not answer within the time limit and a grace period, the
server ends it, answers that request with an error, and starts a new worker for the next one.

Examples
--------
>>> from api.http.datasets import Datasets
>>> worker = CypherWorker(Datasets.load(["york"]))
>>> worker.run(None, "MATCH (b:Board {id: $id}) RETURN b.name AS name", {"id": "yorok-board"}, None)["rows"]
[['YorOK Board']]
>>> worker.close()
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import threading
from collections import OrderedDict
from multiprocessing.connection import Connection
from typing import Any

from queries.cypher.guard import CypherFailed, EngineFailed, RefusedStatement

from .datasets import Datasets

__all__ = ["CypherWorker", "EngineFailed"]

#: Seconds the server waits beyond the statement's own time limit before it ends the worker.
GRACE_SECONDS = 10.0
#: Engine graphs a worker keeps open (one per dataset and day asked for).
GRAPHS_KEPT = 4


class CypherWorker:
    """The server's side of the worker: start on first use, one statement at a time, restart after a death."""

    def __init__(self, datasets: Datasets) -> None:
        self._datasets = datasets
        self._lock = threading.Lock()
        self._process: Any = None
        self._pipe: Connection | None = None

    def _start(self) -> None:
        context = mp.get_context("spawn")
        ours, theirs = context.Pipe()
        refs = {d.partnership.info.id: d.ref for d in self._datasets.all()}
        self._process = context.Process(target=_serve, args=(theirs, refs), daemon=True, name="bookcase-cypher")
        self._process.start()
        theirs.close()
        self._pipe = ours

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._pipe is not None:
            self._pipe.close()
        self._process = self._pipe = None

    def run(self, dataset: str | None, text: str, parameters: dict[str, Any], as_of: dt.date | None) -> dict[str, Any]:
        """Run one statement in the worker; its answer (columns, rows, truncated, max_rows, partnership, as_of,
        as_of_basis), or the guard's or the engine's error raised here."""
        entry = self._datasets.entry(dataset)  # an unknown dataset is refused before the worker sees anything
        limits = _limits()
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._stop()
                self._start()
            assert self._pipe is not None
            try:
                self._pipe.send((entry.partnership.info.id, entry.version, text, parameters, as_of, limits))
                if not self._pipe.poll(limits.timeout_ms / 1000 + GRACE_SECONDS + _STARTUP_SECONDS):
                    self._stop()
                    raise EngineFailed("the statement did not finish within its time limit; the engine was stopped "
                                       "and will be started again")
                kind, payload = self._pipe.recv()
            except (EOFError, OSError, BrokenPipeError):
                self._stop()
                raise EngineFailed("the engine failed on this statement and was started again; the statement was "
                                   "not run to the end") from None
        if kind == "ok":
            return dict(payload)
        if kind == "refused":
            raise RefusedStatement(payload)  # the guard's reason, as the worker's guard gave it
        raise CypherFailed(payload)

    @property
    def pid(self) -> int | None:
        """The worker process's id, while one runs."""
        return self._process.pid if self._process is not None and self._process.is_alive() else None

    def close(self) -> None:
        with self._lock:
            self._stop()


#: Seconds a worker may take to start and load the served datasets into the engine on its first statement.
_STARTUP_SECONDS = 60.0


def _limits() -> Any:
    from queries.cypher.guard import Limits

    from ..settings import get_settings

    settings = get_settings()
    return Limits(timeout_ms=settings.cypher_timeout_ms, max_rows=settings.cypher_max_rows)


def _serve(pipe: Connection, refs: dict[str, str]) -> None:  # pragma: no cover - runs in the worker process
    """The worker: load the datasets, then answer statements until the pipe closes."""
    from queries.cypher import open_graph

    from ..loading import load_dataset

    loaded = {name: load_dataset(ref) for name, ref in refs.items()}
    graphs: OrderedDict[tuple[str, int, dt.date | None], Any] = OrderedDict()
    while True:
        try:
            name, version, text, parameters, as_of, limits = pipe.recv()
        except (EOFError, OSError):
            return
        try:
            key = (name, version, as_of)
            graph = graphs.get(key)
            if graph is None:
                graph = open_graph(loaded[name], as_of=as_of, limits=limits)
                graphs[key] = graph
                while len(graphs) > GRAPHS_KEPT:
                    graphs.popitem(last=False)[1].close()
            graph.limits = limits
            answer = graph.run(text, parameters)
            pipe.send(("ok", {"partnership": name, "as_of": graph.day, "as_of_basis": graph.basis,
                              "columns": answer.columns, "rows": [[_plain(v) for v in row] for row in answer.rows],
                              "truncated": answer.truncated, "max_rows": answer.max_rows}))
        except RefusedStatement as err:
            pipe.send(("refused", err.reason))
        except CypherFailed as err:
            pipe.send(("failed", str(err)))
        except Exception as err:  # noqa: BLE001 - any other failure is the engine's, told to the server
            pipe.send(("failed", f"the engine could not run the statement ({type(err).__name__})"))


def _plain(value: Any) -> Any:
    """A value JSON can carry: dates as ISO text, decimals as numbers, nested lists and maps kept."""
    from decimal import Decimal

    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
