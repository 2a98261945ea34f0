"""The benchmark: load time, memory and every named query at the synthetic scales, against baselines.

Not a test (tests never assert on wall-clock time): run it on demand with
``bookcase benchmark --scales s,m,n`` (the only way in). The machine it runs on is
small, shared and noisy, so every time is a median with its range, and every
comparison is with something measured in the same run.

**Loading.** Each scale's synthetic partnership (:mod:`loaders.synthetic`) is written
as JSON and loaded in ``load_runs`` rounds of fresh processes (:func:`measure_load`).
A round loads the file as the command line does (:func:`api.loading.load_dataset`:
the time of the call, with what it imports on first use, and the process's peak
memory, VmHWM); loads it again in another fresh process (the *cached load*: a second
load of an unchanged file, which the load cache may answer, once the first load has
written its entry); and builds it plainly in a third (the *anchor*: ``json`` and a
networkx ``MultiDiGraph`` with every field as an attribute, validating nothing).
Each round has a cache folder of its own inside the benchmark's temporary folder,
given to the loading processes as ``BOOKCASE_CACHE_DIR``, so that no cache from
outside the run, or from another round, is ever used. The anchor runs first in
every other round, so that a drift in the machine's load falls on both sides.

**Queries.** Every query in the registry runs once cold (the first run builds what
the graph caches), then ``repeat`` times warm; the median and range of the warm runs
are reported, with the median of their CPU time. A query under 10 ms gets more warm
runs (:func:`rounds_for`, up to 201), since a few runs of microseconds are at the
mercy of one interruption. At ``n`` half of England (77 authorities, ``n/2``) is generated too
and both are kept in memory: each query runs cold on ``n/2`` then ``n``, then its
warm runs alternate between them (``n/2, n``, then ``n, n/2``, ...), so that the
``n/2 → n`` ratio (2.0 is linear) compares runs made side by side.

Each query is compared, in the same run, with a naive baseline where one is defined
(:data:`BASELINES`): pairwise comparison of active services for duplicates, one scan
of every edge per step for reporting lines, one scan of every edge per item for gaps
and health. A baseline that would run for long is timed on a sample and
extrapolated; the table says so.

Timing runs on frozen graphs (``gc.freeze()`` after building), as a long-lived
service would keep them, so that the cyclic collector's full passes over millions of
records do not land inside a query's time.
"""

from __future__ import annotations

import gc
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import loaders
from graph_model import BookcaseError, Partnership
from loaders.synthetic import SCALES, build, generate
from queries.examples import example_params
from queries.registry import NamedQuery, all_queries, run_query

from ..loading import collector_paused
from ..progress import Progress
from ..settings import get_settings
from .baselines import BASELINES
from .tables import (
    HALF_N_AUTHORITIES,
    VARIANTS,
    LoadRow,
    QueryRow,
    load_table,
    markdown_table,
    scaling_table,
    spread,
    target_for,
)

__all__ = ["FAST", "FAST_BUDGET", "MAX_ROUNDS", "measure_load", "rounds_for", "run_benchmark"]

_ROOT = Path(__file__).resolve().parents[2]

# -- loading, in fresh processes ------------------------------------------------------------------------

# The peak is VmHWM, which starts afresh at exec; ru_maxrss survives exec, so in a process started
# by the big benchmark process it would report the parent's size (it is only the fallback off Linux).
_PEAK = """
def peak_kb():
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

#: One load as the command line and the server load: with their memory policy and any load cache.
#: The clock runs for the one call, which imports the loaders and the cache on first use; a
#: networkx program has networkx imported before it reads a file, so the anchor's clock does not.
_LOAD_PROBE = _PEAK + """
import json, sys, time
from api.loading import load_dataset
start, cpu = time.perf_counter(), time.process_time()
p = load_dataset(sys.argv[1])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_kb": peak_kb(), "nodes": len(p), "edges": p.edge_count}))
"""

#: The anchor: what a plain networkx build of the same file costs, validating nothing.
_ANCHOR_PROBE = _PEAK + """
import json, sys, time
import networkx as nx
start, cpu = time.perf_counter(), time.process_time()
with open(sys.argv[1], "rb") as f:
    data = json.loads(f.read())
g = nx.MultiDiGraph(**data["partnership"])
g.add_nodes_from((n["id"], n) for n in data["nodes"])
g.add_edges_from((e["from"], e["to"], e) for e in data["edges"])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_kb": peak_kb(), "nodes": g.number_of_nodes(),
                  "edges": g.number_of_edges()}))
"""


class _ProbeFailed(Exception):
    """A probe process exited with an error."""


def _probe(script: str, path: Path, cache: Path) -> dict[str, Any]:
    """Run a probe in a fresh Python process whose load cache is ``cache``; what it printed.

    The output is read to its end, which comes only when every process holding the probe's
    output has exited: a background writer the load cache forks included.
    """
    env = {**os.environ, "BOOKCASE_CACHE_DIR": str(cache)}
    proc = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                          cwd=_ROOT, env=env, check=False)
    if proc.returncode != 0:
        raise _ProbeFailed((proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1])
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def _settled(cache: Path, timeout: float = 120.0) -> bool:
    """Wait until nothing is being written to the cache folder (a writer's temporary file is gone)."""
    deadline = time.monotonic() + timeout
    while any(cache.glob(".writing-*")):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def measure_load(path: Path, row: LoadRow, *, runs: int, folder: Path) -> None:
    """Load ``path`` in ``runs`` rounds of fresh processes, adding to ``row``'s lists (see the module).

    Each round's cache folder is made under ``folder`` (the owner's alone, as the load
    cache requires) and removed after the round; the cached load starts once the first
    load's cache entry is written. A process that fails, or a load that finds other than
    ``row.nodes`` and ``row.edges``, is noted on the row; a failure ends the rounds.
    """
    steps = ("load", "cached", "anchor")
    for i in range(runs):
        cache = folder / f"cache-{row.scale.replace('/', '-')}-{i}"
        cache.mkdir(parents=True)
        cache.chmod(0o700)  # whatever the umask: the cache uses no folder others can write to
        try:
            for step in steps if i % 2 == 0 else (steps[2], *steps[:2]):
                try:
                    got = _probe(_ANCHOR_PROBE if step == "anchor" else _LOAD_PROBE, path, cache)
                except _ProbeFailed as err:
                    row.notes.append(f"{step} failed in round {i + 1}: {err}")
                    return
                if (got["nodes"], got["edges"]) != (row.nodes, row.edges):
                    row.notes.append(f"{step} in round {i + 1} found {got['nodes']:,} nodes and {got['edges']:,} "
                                     f"edges, not {row.nodes:,} and {row.edges:,}")
                if step == "load":
                    row.loads.append(got["seconds"])
                    row.loads_cpu.append(got["cpu"])
                    row.peaks_mb.append(got["peak_kb"] / 1024)
                    if not _settled(cache):
                        row.notes.append(f"the cache was still being written when round {i + 1}'s cached load began")
                    row.cache_mb.append(_folder_mb(cache))
                elif step == "cached":
                    row.cached.append(got["seconds"])
                else:
                    row.anchors.append(got["seconds"])
                    row.anchors_cpu.append(got["cpu"])
                    row.anchor_peaks_mb.append(got["peak_kb"] / 1024)
        finally:
            shutil.rmtree(cache, ignore_errors=True)


# -- queries, in this process ------------------------------------------------------------------------


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


#: A query whose median is under FAST seconds after the first ``repeat`` rounds gets more rounds,
#: up to FAST_BUDGET seconds of warm runs per graph and at most MAX_ROUNDS in all: a few runs of
#: microseconds each are at the mercy of one interruption by another process.
FAST, FAST_BUDGET, MAX_ROUNDS = 0.01, 0.25, 201


def rounds_for(median: float, repeat: int) -> int:
    """How many rounds a query gets whose slowest median is ``median`` after ``repeat`` rounds.

    >>> rounds_for(0.5, 5), rounds_for(0.005, 5), rounds_for(0.00005, 5), rounds_for(0.00005, 500)
    (5, 50, 201, 500)
    """
    if median >= FAST:
        return repeat
    return max(repeat, min(MAX_ROUNDS, math.ceil(FAST_BUDGET / max(median, 1e-9))))


_QUERY_ERRORS = (BookcaseError, ValueError, KeyError, TypeError, AttributeError)


def _nodes_present(params: dict[str, Any], p: Partnership) -> bool:
    """Whether every node a query's ``node`` parameter names is in ``p``."""
    node = params.get("node")
    return node is None or all(n in p for n in ([node] if isinstance(node, str) else node))


def _time_interleaved(query: NamedQuery[Any, Any], graphs: Sequence[tuple[str, Partnership]], repeat: int, *,
                      name: str, extra: dict[str, Any]) -> list[QueryRow]:
    """One query (or variant) on each graph: a cold first run each, then ``repeat`` warm runs, interleaved.

    The warm runs go round the graphs in order, then in reverse, and so on, so that
    neither always runs just after the other; a fast query gets more rounds
    (:func:`rounds_for`). A query that fails on a graph is reported with its error and
    not run there again.
    """
    rows = {label: QueryRow(name, label, target=target_for(name, label)) for label, _ in graphs}
    live: list[tuple[str, Partnership, dict[str, Any]]] = []
    shared: dict[str, Any] | None = None
    for label, p in graphs:
        # A query about one node asks about the same node in each graph when it is there (the authorities
        # of n/2 are n's first ones, record for record): each graph's busiest node would be a bigger one in
        # the bigger graph, and the ratio would measure the node, not the graph.
        params = shared if shared is not None and _nodes_present(shared, p) else example_params(query, p)
        shared = shared if shared is not None else params
        if params is None:
            rows[label].error = "no default parameters"
        else:
            live.append((label, p, {**params, **extra}))

    def run(label: str, p: Partnership, params: dict[str, Any]) -> tuple[float, float] | None:
        try:
            return _timed(lambda: run_query(query.name, p, params))
        except _QUERY_ERRORS as err:
            rows[label].error = f"{type(err).__name__}: {err}"[:120]
            return None

    # The first run also builds the graph's cached indexes and views; later runs reuse them,
    # as a running service would.
    for label, p, params in live:
        if (first := run(label, p, params)) is not None:
            rows[label].first = first[0]
    rounds, i = repeat, 0
    while i < rounds:
        for label, p, params in live if i % 2 == 0 else live[::-1]:
            if rows[label].error is None and (timed := run(label, p, params)) is not None:
                rows[label].times.append(timed[0])
                rows[label].cpu.append(timed[1])
        i += 1
        if i == repeat:
            medians = [row.seconds for row in rows.values() if row.error is None and row.seconds is not None]
            rounds = rounds_for(max(medians), repeat) if medians else repeat
    naive = BASELINES.get(query.name)
    for label, p, params in live:
        if naive is not None and label != "n/2" and rows[label].error is None:
            rows[label].baseline, rows[label].extrapolated = naive(p, params)
    return [rows[label] for label, _ in graphs]


# -- the run ------------------------------------------------------------------------------------------


def run_benchmark(
    scales: Sequence[str] = ("s", "m", "n"),
    *,
    seed: int = 0,
    repeat: int = 5,
    load_runs: int = 5,
    out: Callable[[str], object] = print,
    load: bool = True,
    queries: Sequence[str] | None = None,
    progress: bool | None = None,
) -> tuple[list[LoadRow], list[QueryRow]]:
    """Time loading and every named query at each scale; print Markdown tables through ``out``.

    Parameters
    ----------
    scales
        Any of ``"s"``, ``"m"``, ``"n"``; ``"n"`` also runs half of England (``n/2``), interleaved with it.
    seed
        Seed of the synthetic partnerships.
    repeat
        Warm runs per query and scale, after one cold run; the median and range are reported.
    load_runs
        Rounds of fresh processes per scale for loading (a load, a cached load, the networkx anchor).
    out
        Where lines of the report go (``print`` by default).
    load
        Also write each scale as JSON and time loading it in fresh processes.
    queries
        Only these named queries (all registered ones by default).
    progress
        Show progress bars; by default as the settings say (``BOOKCASE_PROGRESS``: on a terminal only).

    Returns
    -------
    (load rows, query rows)
    """
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        raise ValueError(f"unknown scale {unknown[0]!r}; scales: {', '.join(SCALES)}")
    if repeat < 1 or load_runs < 1:
        raise ValueError("repeat and load_runs must be at least 1")
    chosen = [q for q in all_queries() if queries is None or q.name in queries]
    bar = Progress(progress)
    busy = [_load_average()]
    load_rows: list[LoadRow] = []
    query_rows: list[QueryRow] = []
    with bar.running(), tempfile.TemporaryDirectory(prefix="bookcase-bench-") as tmp:
        for scale in scales:
            # n/2 and n are timed together, so both are kept in memory.
            group = [("n/2", HALF_N_AUTHORITIES), ("n", None)] if scale == "n" else [(scale, None)]
            graphs: list[tuple[str, Partnership]] = []
            for label, authorities in group:
                p, row = _prepare(scale, label, authorities, seed=seed, bar=bar)
                if load:
                    path = Path(tmp) / f"synthetic-{label.replace('/', '-')}.json"
                    _write(p, path, row)
                    measure_load(path, row, runs=load_runs, folder=Path(tmp))
                    path.unlink()
                load_rows.append(row)
                out(f"{label}: {row.nodes:,} nodes, {row.edges:,} edges; generated in {row.generate:.1f} s"
                    + (f"; loaded in {spread(row.loads)}, peak {row.peak_mb:,.0f} MB, "
                       f"cached load {spread(row.cached)}, networkx anchor {spread(row.anchors)}"
                       if row.loads and row.peak_mb is not None else ""))
                graphs.append((label, p))
                del p

            # A long-lived service would do the same after loading: keep the collector off the graphs.
            gc.collect()
            gc.freeze()
            names = " and ".join(label for label, _ in graphs)
            step = bar.task(f"{names}: queries", len(chosen))
            for i, query in enumerate(chosen, start=1):
                for name, extra in VARIANTS.get(query.name, [(query.name, {})]):
                    query_rows += _time_interleaved(query, graphs, repeat, name=name, extra=extra)
                step(i, len(chosen))
            gc.unfreeze()
            del graphs
            gc.collect()

    busy.append(_load_average())
    _report(out, load_rows, query_rows, repeat=repeat, load_runs=load_runs, busy=busy)
    return load_rows, query_rows


def _load_average() -> float | None:
    """The machine's load average over the last minute (None where the system does not say)."""
    try:
        return os.getloadavg()[0]
    except OSError:  # pragma: no cover - not on Linux
        return None


def _prepare(scale: str, label: str, authorities: int | None, *, seed: int, bar: Progress) -> tuple[Partnership, LoadRow]:
    """Generate and build one scale (or n/2)."""
    total = authorities or SCALES[scale].authorities
    start = time.perf_counter()
    records, _ = generate(scale, seed, authorities=authorities,  # type: ignore[arg-type]
                          progress=bar.task(f"{label}: generating", total))
    generated = time.perf_counter() - start
    start = time.perf_counter()
    with collector_paused():
        p = build(records)
    del records
    return p, LoadRow(label, len(p), p.edge_count, generated, time.perf_counter() - start)


def _write(p: Partnership, path: Path, row: LoadRow) -> None:
    start = time.perf_counter()
    loaders.write(p, path)
    row.write = time.perf_counter() - start
    row.file_mb = path.stat().st_size / 2**20


def _report(out: Callable[[str], object], load_rows: Sequence[LoadRow], query_rows: Sequence[QueryRow], *,
            repeat: int, load_runs: int, busy: Sequence[float | None]) -> None:
    """How busy the machine was, then the tables, each after a line saying what was measured."""
    if None not in busy:
        out("")
        out(f"Machine: {os.cpu_count()} cores; load average (1 minute) {busy[0]:.1f} at the start, "
            f"{busy[-1]:.1f} at the end.")
    if any(r.loads for r in load_rows):
        settings = get_settings()
        policy = (f"on for files of at least {settings.cache_min_bytes / 2**20:g} MiB (BOOKCASE_CACHE_MIN_BYTES)"
                  if settings.cache else "off (BOOKCASE_CACHE), so a cached load reads the file again")
        out("")
        out(f"Loading: {load_runs} rounds of fresh processes per scale (a load; a second, cached load; the "
            f"networkx anchor), medians with min–max. Load cache {policy}, in a folder of each round's own.")
        out("")
        out(load_table(load_rows))
    labels = list(dict.fromkeys(r.scale for r in query_rows))
    for label in labels:
        rows = [r for r in query_rows if r.scale == label]
        out("")
        out(f"Queries at {label}: median (min–max) of {repeat} warm runs, more for a query under "
            f"{FAST * 1000:g} ms, after one cold first run"
            + (", interleaved with the other half of the n/2 → n pair." if label in ("n/2", "n") else "."))
        out("")
        out(markdown_table(rows))
    if "n/2" in labels and "n" in labels:
        out("")
        out("Scaling n/2 → n: ratio of the medians of the interleaved warm runs (2.0 is linear); "
            "in brackets, the range of the ratios of the runs made side by side.")
        out("")
        out(scaling_table(query_rows))
