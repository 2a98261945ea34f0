"""Analyst Cypher over HTTP, run in a worker process: a statement that crashes the engine costs one
request, not the server.

The server starts one worker process (``spawn``, so it shares nothing with the server's threads) the
first time a statement arrives. The worker does not load the partnerships: it opens each one's
database file read-only (:func:`queries.cypher.graph.open_file`), on the day asked for (the partnership's own
by default, as the named queries), one at a time, with the engine's memory bounded
(``BOOKCASE_CYPHER_MEMORY_MB``). The files live in the cache folder (``cypher/`` under
``BOOKCASE_CACHE_DIR``), a folder per source (:func:`database_path`), named by the source's content
(:func:`queries.cypher.load.database_file`), so they are made once per content and day and reused
across restarts. A file that does not exist yet is made by a short-lived builder
process (:func:`build`), which loads the partnership, writes the file and exits, taking its memory with
it; ``bookcase serve`` runs the builder for a large dataset before loading it itself (:func:`prepare`),
so that the builder's peak and the server's never add up.

Each statement goes through the read-only guard with its time and row limits
(:mod:`queries.cypher.guard`). Statements are run one at a time. When the worker dies, or does not
answer within the time limit and a grace period, the server ends it, answers that request with an
error, and starts a new worker for the next one.

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
import subprocess
import sys
import threading
from collections import OrderedDict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from queries.cypher.guard import CypherFailed, EngineFailed, RefusedStatement

from .datasets import Datasets

__all__ = ["CypherWorker", "EngineFailed", "build", "database_path", "prepare"]

#: Seconds the server waits beyond the statement's own time limit before it ends the worker.
GRACE_SECONDS = 10.0
#: Engine graphs a worker keeps open (one per dataset and day asked for). One: the engine may hold up to
#: ``BOOKCASE_CYPHER_MEMORY_MB`` for each, and opening another file takes a fraction of a second.
GRAPHS_KEPT = 1
#: Seconds a builder may take to make one database file (national scale takes about half a minute).
BUILD_SECONDS = 600.0


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
        settings = _settings()
        self._process = context.Process(target=_serve, args=(theirs, str(_folder()), settings.cypher_memory_mb),
                                        daemon=True, name="bookcase-cypher")
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
        dating = entry.partnership.dating(as_of)  # the day the named queries would answer for
        limits = _limits()
        job = (entry.partnership.info.id, entry.version, entry.ref, str(_source(entry.ref)), dating.day,
               dating.basis, text, parameters, limits)
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._stop()
                self._start()
            assert self._pipe is not None
            try:
                self._pipe.send(job)
                if not self._pipe.poll(limits.timeout_ms / 1000 + GRACE_SECONDS + BUILD_SECONDS):
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


def _settings() -> Any:
    from ..settings import get_settings

    return get_settings()


def _limits() -> Any:
    from queries.cypher.guard import Limits

    settings = _settings()
    return Limits(timeout_ms=settings.cypher_timeout_ms, max_rows=settings.cypher_max_rows)


def _folder() -> Path:
    """Where the server's database files live: ``cypher/`` in the cache folder."""
    return Path(_settings().cache_dir) / "cypher"


def _source(ref: str) -> Path:
    """The file or folder a dataset is read from: a bundled partnership's folder, or the path given."""
    from loaders import bundled_names, bundled_path

    return bundled_path(ref) if ref in bundled_names() else Path(ref)


def database_path(folder: Path, source: Path, day: dt.date) -> Path:
    """The database file of ``source`` as it stood on ``day`` under the server's ``folder``: in a folder of its
    own per source (named by a hash of the source's full path), so that a file made from a source's new content
    replaces only that source's older one, never another dataset's of the same day."""
    import hashlib

    from queries.cypher.graph import graph_kind
    from queries.cypher.load import database_file

    own = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
    return database_file(folder / own, source, graph_kind(day))


def build(ref: str, day: dt.date | None, folder: Path, memory_mb: int) -> Path:
    """Make the database file of dataset ``ref`` as it stood on ``day`` (``None``: the day its named queries
    answer for) in ``folder``, unless it is there already, with the engine's memory bounded to ``memory_mb``;
    where it is. Runs in the builder process (:data:`_BUILDER`, given FOLDER MEMORY_MB REF [DAY])."""
    from queries.cypher.graph import open_graph

    from ..loading import load_dataset

    partnership = load_dataset(ref)
    source = _source(ref)
    day = partnership.dating(day).day
    own = database_path(folder, source, day).parent
    graph = open_graph(partnership, as_of=day, folder=own, source=source, buffer_pool_size=memory_mb * 2**20)
    graph.close()
    return database_path(folder, source, day)


#: The builder process's program: :func:`_main` with the arguments after it.
_BUILDER = "import sys; from api.http.cypher import _main; raise SystemExit(_main(sys.argv[1:]))"


def _run_builder(ref: str, day: dt.date | None, folder: Path, memory_mb: int) -> None:
    """:func:`build` in a process of its own, which gives its memory back when it ends; its failure raised
    as :class:`CypherFailed` with the builder's last line."""
    command = [sys.executable, "-c", _BUILDER, str(folder), str(memory_mb), ref, *([day.isoformat()] if day else [])]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise CypherFailed(f"the engine's database for {ref} took longer than {BUILD_SECONDS:.0f} s to make") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise CypherFailed(f"the engine's database for {ref} could not be made: {last}")


def prepare(refs: list[str], *, min_bytes: int | None = None) -> list[str]:
    """Make the database file of each large dataset (a source file of at least ``min_bytes``, by default
    ``BOOKCASE_CACHE_MIN_BYTES``) for its own day, each in a builder process, before the server loads the
    datasets itself: the first Cypher statement then opens a file, and the builder's memory is given back
    before the server takes its own. Small datasets are made on their first statement (a second or two).
    The refs prepared."""
    settings = _settings()
    least = settings.cache_min_bytes if min_bytes is None else min_bytes
    done = []
    for ref in refs:
        source = _source(ref)
        if source.is_file() and source.stat().st_size >= least:
            _run_builder(ref, None, _folder(), settings.cypher_memory_mb)
            done.append(ref)
    return done


def _serve(pipe: Connection, folder: str, memory_mb: int) -> None:  # pragma: no cover - runs in the worker process
    """The worker: open each dataset's database file (made first by a builder when missing), then answer
    statements until the pipe closes."""
    from queries.cypher.graph import open_file

    graphs: OrderedDict[tuple[str, int, dt.date], Any] = OrderedDict()
    while True:
        try:
            name, version, ref, source, day, basis, text, parameters, limits = pipe.recv()
        except (EOFError, OSError):
            return
        try:
            key = (name, version, day)
            graph = graphs.get(key)
            if graph is None:
                path = database_path(Path(folder), Path(source), day)
                if not path.exists():
                    _run_builder(ref, day, Path(folder), memory_mb)
                graph = open_file(path, partnership=name, day=day, basis=basis, limits=limits,
                                  buffer_pool_size=memory_mb * 2**20)
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


def _main(arguments: list[str]) -> int:  # pragma: no cover - the builder process
    """The builder (:func:`build`), given FOLDER MEMORY_MB REF [DAY]; a failure is one line on stderr."""
    from graph_model import BookcaseError

    folder, memory_mb, ref = Path(arguments[0]), int(arguments[1]), arguments[2]
    day = dt.date.fromisoformat(arguments[3]) if len(arguments) > 3 else None
    try:
        build(ref, day, folder, memory_mb)
    except (BookcaseError, OSError, RuntimeError, ValueError) as err:
        print(f"{type(err).__name__}: {err}".splitlines()[0], file=sys.stderr)
        return 1
    return 0
