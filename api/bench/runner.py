"""The benchmark: load time, memory and every named query at the synthetic scales, against naive baselines.

Not a test (tests never assert on wall-clock time): run it on demand with
``bookcase benchmark --scales s,m,n`` (the only way in). For each
scale it generates the synthetic partnership (:mod:`loaders.synthetic`),
writes it as JSON and loads it back in a fresh process (time and peak memory,
against a bare ``json`` parse of the same file), then runs every query in the
registry ``repeat`` times and takes the median. At ``n`` it also generates half
of England (77 authorities) and reports the ``n/2 → n`` ratio of each time (2.0
is linear).

Each query is compared, in the same run, with a naive baseline where one is
defined (:data:`BASELINES`): pairwise comparison of active services for
duplicates, one scan of every edge per step for reporting lines, one scan of
every edge per item for gaps and health. A baseline that would run for long is
timed on a sample and extrapolated; the table says so.

Timing runs on a frozen graph (``gc.freeze()`` after loading), as a long-lived
service would keep it, so that the cyclic collector's full passes over millions
of records do not land inside a query's time.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graph_model import BookcaseError, Partnership
from loaders.synthetic import SCALES, build, generate
from queries.examples import example_params
from queries.registry import NamedQuery, all_queries, run_query

from ..loading import collector_paused
from ..progress import Progress
from .baselines import BASELINES
from .tables import HALF_N_AUTHORITIES, VARIANTS, LoadRow, QueryRow, load_table, markdown_table, target_for

__all__ = ["run_benchmark"]

# -- timing ------------------------------------------------------------------------------------------


def _median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


_PROBE = """
import json, resource, sys, time
path = sys.argv[1]
from api.loading import load_dataset
start = time.perf_counter()
p = load_dataset(path)  # as the command line and the server load: with their memory policy
load = time.perf_counter() - start
# Peak memory before the bare parse below adds its own. ru_maxrss survives exec, so in a process
# started by the big benchmark process it reports the parent's size; VmHWM starts afresh at exec.
try:
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
del p
start = time.perf_counter()
with open(path, "rb") as f:
    json.loads(f.read())
raw = time.perf_counter() - start
print(json.dumps({"load": load, "raw": raw, "maxrss_kb": peak}))
"""


def _measure_load(p: Partnership, folder: Path, label: str) -> tuple[dict[str, float] | None, str | None]:
    """Write ``p`` as JSON and load it in a fresh process: load time, bare JSON parse time, peak memory."""
    try:
        import loaders
    except ImportError as err:  # pragma: no cover - the loaders ship with the project
        return None, f"loaders not importable ({err})"
    path = folder / f"synthetic-{label.replace('/', '-')}.json"
    start = time.perf_counter()
    loaders.write(p, path)
    written = time.perf_counter() - start
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], check=False)
    if proc.returncode != 0:
        return {"write": written}, f"load failed: {proc.stderr.strip().splitlines()[-1:]}"
    probe = json.loads(proc.stdout.strip().splitlines()[-1])
    size = path.stat().st_size
    path.unlink()
    return {"write": written, "load": probe["load"], "raw": probe["raw"], "mb": probe["maxrss_kb"] / 1024,
            "file_mb": size / 2**20}, None


# -- the run ------------------------------------------------------------------------------------------


def run_benchmark(
    scales: Sequence[str] = ("s", "m", "n"),
    *,
    seed: int = 0,
    repeat: int = 3,
    out: Callable[[str], object] = print,
    load: bool = True,
    queries: Sequence[str] | None = None,
    progress: bool | None = None,
) -> tuple[list[LoadRow], list[QueryRow]]:
    """Time loading and every named query at each scale; print Markdown tables through ``out``.

    Parameters
    ----------
    scales
        Any of ``"s"``, ``"m"``, ``"n"``; ``"n"`` also runs half of England (``n/2``).
    seed
        Seed of the synthetic partnerships.
    repeat
        Runs per query; the median is reported.
    out
        Where lines of the report go (``print`` by default).
    load
        Also write each scale as JSON and time loading it in a fresh process.
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
    registered = all_queries()
    chosen = [q for q in registered if queries is None or q.name in queries]
    bar = Progress(progress)
    load_rows: list[LoadRow] = []
    query_rows: list[QueryRow] = []
    runs: list[tuple[str, str, int | None]] = []  # (label, scale, authorities)
    for scale in scales:
        if scale == "n":
            runs.append(("n/2", "n", HALF_N_AUTHORITIES))
        runs.append((scale, scale, None))
    with bar.running(), tempfile.TemporaryDirectory(prefix="bookcase-bench-") as tmp:
        for label, scale, authorities in runs:
            total = authorities or SCALES[scale].authorities
            start = time.perf_counter()
            records, _ = generate(scale, seed, authorities=authorities,  # type: ignore[arg-type]
                                  progress=bar.task(f"{label}: generating", total))
            generated = time.perf_counter() - start
            start = time.perf_counter()
            with collector_paused():
                p = build(records)
            del records
            row = LoadRow(label, len(p), p.edge_count, generated, time.perf_counter() - start)
            if load:
                measured, note = _measure_load(p, Path(tmp), label)
                if measured:
                    row.write, row.load, row.raw_parse = measured.get("write"), measured.get("load"), measured.get("raw")
                    row.load_mb, row.file_mb = measured.get("mb"), measured.get("file_mb")
                if note:
                    row.notes.append(note)
            load_rows.append(row)
            out(f"{label}: {row.nodes:,} nodes, {row.edges:,} edges; generated in {generated:.1f} s"
                + (f", loaded from JSON in {row.load:.1f} s, peak {row.load_mb:,.0f} MB" if row.load else ""))

            # A long-lived service would do the same after loading: keep the collector off the graph.
            gc.collect()
            gc.freeze()
            step = bar.task(f"{label}: queries", len(chosen))
            for i, query in enumerate(chosen, start=1):
                for name, extra in VARIANTS.get(query.name, [(query.name, {})]):
                    query_rows.append(_time_query(query, p, label, repeat, baselines=label != "n/2",
                                                  name=name, extra=extra))
                step(i, len(chosen))
            gc.unfreeze()
            del p
            gc.collect()
    out("")
    out(load_table(load_rows))
    out("")
    out(markdown_table(query_rows))
    return load_rows, query_rows


def _time_query(query: NamedQuery[Any, Any], p: Partnership, label: str, repeat: int, *,
                baselines: bool, name: str | None = None, extra: dict[str, Any] | None = None) -> QueryRow:
    row_name = name or query.name
    target = target_for(row_name, label)
    params = example_params(query, p)
    if params is None:
        return QueryRow(row_name, label, None, target=target, error="no default parameters")
    params = {**params, **(extra or {})}
    try:
        # The first run also builds the graph's cached adjacency maps it uses; later runs reuse them,
        # as a running service would.
        first = _median_time(lambda: run_query(query.name, p, params), 1)
        seconds = _median_time(lambda: run_query(query.name, p, params), repeat)
    except (BookcaseError, ValueError, KeyError, TypeError, AttributeError) as err:
        return QueryRow(row_name, label, None, target=target, error=f"{type(err).__name__}: {err}"[:120])
    row = QueryRow(row_name, label, seconds, first=first, target=target)
    naive = BASELINES.get(query.name)
    if baselines and naive is not None:
        row.baseline, row.extrapolated = naive(p, params)
    return row
