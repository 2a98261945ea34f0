"""The Cypher layer's benchmark (``bookcase benchmark --cypher``): the embedded engine and a Bolt server.

Not a test. Everything is compared with something measured in the same run, on a machine
shared with other work:

**Loading into LadybugDB**, in ``load_runs`` rounds of fresh processes per scale: the
project's own load of the scale's JSON file (:func:`api.loading.load_dataset`, as the command
line loads it), then the partnership into the engine in memory as ``bookcase cypher`` does it
(:func:`queries.cypher.graph.open_graph`: the day's graph cut, the tables made, every table
copied in; the engine imported before the clock starts) with the CPU time it used (on a shared
machine the wall clock counts the other work too), the process's peak memory at that
point (the partnership included), then the same into a database file and the file opened
again as a reused ``--db`` folder opens it.

**Each Cypher twin against its Python query**, in this process on the same partnership: the
parameters that make the answers comparable (:func:`queries.cypher.twins.comparable_params`),
one cold run of each, then ``repeat`` warm runs alternating between the two. The twin runs as
an analyst's statement does, through the read-only guard (its text check and ``EXPLAIN`` plan
check are in the time). Target: within 3× the Python query or 20 ms, whichever is larger.

**Push to a Bolt server** at m: ArcadeDB from the ``arcadedb-embedded`` wheel (the server the
tests use; :func:`arcadedb`), warmed by one push into a database of its own, then a first push
into an empty database, a second push of the same partnership (which changes nothing), and, as
the baseline, a sample pushed one record per statement. Records are nodes and relationships
(observations and their links included). The CPU the client and the server spent is given
beside the wall-clock rates: on a busy machine the wall clock measures the other work too.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import loaders
from graph_model import Partnership

from .tables import duration, spread

__all__ = ["TWIN_FLOOR", "TWIN_RATIO", "BoltServer", "PushRow", "TwinRow", "arcadedb", "run_cypher_benchmark",
           "twin_table"]

_ROOT = Path(__file__).resolve().parents[2]

#: A twin is within target when its median is at most TWIN_RATIO × its Python query's or TWIN_FLOOR seconds.
TWIN_RATIO, TWIN_FLOOR = 3.0, 0.020
#: Issue #11's targets: loading n into the engine, the process's peak, reopening a kept database, pushing.
LOAD_SECONDS_N, PEAK_MB_N, REOPEN_SECONDS, PUSH_PER_SECOND = 15.0, 2048.0, 1.0, 5_000.0

# -- a Bolt server -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoltServer:
    """A Bolt server started here: where it listens, how to log in, its databases and its process id."""

    uri: str
    user: str
    password: str
    databases: tuple[str, ...]
    pid: int


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def arcadedb(root: Path, databases: Sequence[str], *, password: str = "bookcase-bench-password",
             heap: str = "512m", seconds: float = 90) -> Iterator[BoltServer]:
    """ArcadeDB (from the ``arcadedb-embedded`` wheel, with its own Java) serving Bolt on a free
    127.0.0.1 port, its files under ``root``, with ``databases``; waited for until it answers, and
    stopped by its PID on exit (SIGTERM, then SIGKILL after 30 s). ImportError without the wheel."""
    import arcadedb_embedded  # type: ignore[import-untyped]

    home = Path(arcadedb_embedded.__file__).resolve().parent
    bolt, http = _free_port(), _free_port()
    command = [str(home / "jre" / "bin" / "java"), f"-Xmx{heap}", "-cp", str(home / "jars") + "/*",
               f"-Darcadedb.server.rootPath={root}", f"-Darcadedb.server.rootPassword={password}",
               "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
               f"-Darcadedb.bolt.port={bolt}", "-Darcadedb.bolt.host=127.0.0.1",
               "-Darcadedb.server.httpIncomingHost=127.0.0.1", f"-Darcadedb.server.httpIncomingPort={http}",
               "-Darcadedb.server.defaultDatabases=" + ";".join(f"{d}[root]" for d in databases),
               "com.arcadedb.server.ArcadeDBServer"]
    log = (root / "server.out").open("wb")
    process = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        server = BoltServer(f"bolt://127.0.0.1:{bolt}", "root", password, tuple(databases), process.pid)
        _wait(server, process, root, seconds=seconds)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait(server: BoltServer, process: subprocess.Popen[bytes], root: Path, *, seconds: float) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError, ServiceUnavailable

    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"ArcadeDB stopped at start: {(root / 'server.out').read_text(errors='replace')[-2000:]}")
        try:
            with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver, \
                    driver.session(database=server.databases[0]) as session:
                session.run("RETURN 1").consume()
            return
        except (ServiceUnavailable, Neo4jError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def _cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) a process has used, from /proc (None where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- rows ------------------------------------------------------------------------------------------------------


@dataclass
class LoadRow:
    """Loading one scale into the engine, in fresh processes: each list in round order."""

    scale: str
    nodes: int
    edges: int
    project: list[float] = field(default_factory=list)  #: the project's own load of the JSON file
    engine: list[float] = field(default_factory=list)  #: the partnership into the engine, in memory
    engine_cpu: list[float] = field(default_factory=list)  #: the CPU time (user and system) that load used
    peaks_mb: list[float] = field(default_factory=list)  #: the process's peak with both in memory
    file: list[float] = field(default_factory=list)  #: the same into a database file
    reopen: list[float] = field(default_factory=list)  #: that file opened again (a reused --db folder)
    notes: list[str] = field(default_factory=list)


@dataclass
class TwinRow:
    """One twin against its Python query at one scale: cold runs and warm runs of each."""

    query: str
    scale: str
    python: list[float] = field(default_factory=list)
    cypher: list[float] = field(default_factory=list)
    python_first: float | None = None
    cypher_first: float | None = None
    rows: int | None = None
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if not self.python or not self.cypher:
            return None
        return _median(self.cypher) / max(_median(self.python), 1e-9)

    @property
    def target(self) -> float | None:
        return None if not self.python else max(TWIN_RATIO * _median(self.python), TWIN_FLOOR)

    @property
    def met(self) -> bool | None:
        return None if self.target is None or not self.cypher else _median(self.cypher) <= self.target


@dataclass
class PushRow:
    """Pushing one scale to the Bolt server: records, seconds and the CPU each side spent."""

    what: str
    records: int
    seconds: float
    client_cpu: float
    server_cpu: float | None
    extrapolated: bool = False

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else float("inf")


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# -- loading, in fresh processes -----------------------------------------------------------------------------

_LOAD_PROBE = """
import json, sys, time
from pathlib import Path
def peak_kb():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
from api.loading import load_dataset
start = time.perf_counter()
p = load_dataset(sys.argv[1])
project = time.perf_counter() - start
import ladybug, pyarrow  # the engine is imported before its clock starts
from queries.cypher.graph import open_graph
from queries.cypher.load import connect, open_database
start, cpu = time.perf_counter(), time.process_time()
graph = open_graph(p)
engine, engine_cpu = time.perf_counter() - start, time.process_time() - cpu
peak = peak_kb()
found = graph.rows("MATCH (n) RETURN count(n) AS n")[0]["n"]
graph.close()
day = p.dating(None).day
cut = p.as_of(day)
folder, kind = Path(sys.argv[2]), f"ladybug-{day.isoformat()}"
start = time.perf_counter()
database, reused = open_database(cut, folder=folder, source=Path(sys.argv[1]), kind=kind)
built = time.perf_counter() - start
database.close()
start = time.perf_counter()
database, reused = open_database(cut, folder=folder, source=Path(sys.argv[1]), kind=kind)
conn = connect(database)
again = conn.execute("MATCH (n) RETURN count(n)").get_next()[0]
reopen = time.perf_counter() - start
print(json.dumps({"project": project, "engine": engine, "engine_cpu": engine_cpu, "peak_kb": peak, "file": built,
                  "reopen": reopen, "reused": reused, "same": found == again, "nodes": len(p), "edges": p.edge_count}))
"""


def _measure_load(path: Path, row: LoadRow, *, runs: int, folder: Path) -> None:
    for i in range(runs):
        db = folder / f"db-{row.scale}-{i}"
        proc = subprocess.run([sys.executable, "-c", _LOAD_PROBE, str(path), str(db)], capture_output=True, text=True,
                              cwd=_ROOT, env={**os.environ, "BOOKCASE_CACHE_DIR": str(folder / f"cache-{i}")},
                              check=False)
        if proc.returncode != 0:
            row.notes.append(f"round {i + 1} failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
            return
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        if not got["reused"] or not got["same"]:
            row.notes.append(f"round {i + 1}: the kept database was {'not reused' if not got['reused'] else 'different'}")
        row.project.append(got["project"])
        row.engine.append(got["engine"])
        row.engine_cpu.append(got["engine_cpu"])
        row.peaks_mb.append(got["peak_kb"] / 1024)
        row.file.append(got["file"])
        row.reopen.append(got["reopen"])
        for leftover in db.glob("*"):
            leftover.unlink()


# -- twins, in this process -----------------------------------------------------------------------------------


def _time_twins(p: Partnership, scale: str, repeat: int, names: Sequence[str] | None) -> list[TwinRow]:
    from queries.cypher.graph import open_graph
    from queries.cypher.guard import Limits
    from queries.cypher.twins import comparable_params, twins
    from queries.registry import run_query

    # the whole answer, as the Python query gives it: no row limit short of it, time enough at n
    graph = open_graph(p, limits=Limits(timeout_ms=600_000, max_rows=10_000_000))
    rows = []
    try:
        for name, twin in twins().items():
            if names is not None and name not in names:
                continue
            row = TwinRow(name, scale)
            rows.append(row)
            try:
                twin_params, python_params = comparable_params(name, p)
                timed: list[tuple[list[float], Callable[[], Any]]] = [
                    (row.python, lambda: run_query(name, p, python_params)),  # noqa: B023 - used within the loop
                    (row.cypher, lambda: graph.run(twin.text, twin_params)),  # noqa: B023
                ]
                start = time.perf_counter()
                timed[0][1]()
                row.python_first = time.perf_counter() - start
                start = time.perf_counter()
                answer = timed[1][1]()
                row.cypher_first = time.perf_counter() - start
                row.rows = len(answer.rows)
                if answer.truncated:
                    row.error = f"the answer has more than {answer.max_rows:,} rows"
                for i in range(repeat):
                    for times, fn in timed if i % 2 == 0 else timed[::-1]:
                        start = time.perf_counter()
                        fn()
                        times.append(time.perf_counter() - start)
            except Exception as err:  # noqa: BLE001 - a benchmark reports what failed and goes on
                row.error = f"{type(err).__name__}: {err}"[:120]
    finally:
        graph.close()
    return rows


# -- push, to a Bolt server ----------------------------------------------------------------------------------


def _time_push(p: Partnership, out: Callable[[str], object], *, sample: int = 1_000) -> list[PushRow]:
    from neo4j import GraphDatabase

    from queries.cypher import bolt

    rows: list[PushRow] = []
    with tempfile.TemporaryDirectory(prefix="bookcase-bench-bolt-") as tmp, \
            arcadedb(Path(tmp), ["warmup", "bench", "naive"]) as server, \
            GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
        bolt.push(p, driver, database="warmup")  # the server's Java compiles its hot code here

        def timed(what: str, fn: Callable[[], int], *, extrapolate_to: int | None = None) -> None:
            start, cpu, server_cpu = time.perf_counter(), time.process_time(), _cpu_seconds(server.pid)
            records = fn()
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            after = _cpu_seconds(server.pid)
            used = None if server_cpu is None or after is None else after - server_cpu
            if extrapolate_to:
                scale = extrapolate_to / records
                rows.append(PushRow(what, extrapolate_to, seconds * scale, cpu * scale,
                                    None if used is None else used * scale, True))
            else:
                rows.append(PushRow(what, records, seconds, cpu, used))

        def first() -> int:
            report = bolt.push(p, driver, database="bench")
            return report.nodes + report.relationships

        timed("first push, into an empty database", first)
        timed("second push, changing nothing", first)
        total = rows[0].records
        timed("baseline: one record per statement (a sample)", lambda: _naive_push(p, driver, "naive", sample),
              extrapolate_to=total)
    return rows


def _naive_push(p: Partnership, driver: Any, database: str, sample: int) -> int:
    """The first ``sample`` node rows and ``sample`` relationship rows, one MERGE statement each."""
    from queries.cypher import bolt

    batches = bolt.rows(p)
    nodes = [(label, r) for label, found in batches.nodes.items() for r in found][:sample]
    rels = [(key, r) for key, found in batches.rels.items() for r in found if r["from"] and r["to"]]
    wanted = {r["uid"] for _, r in nodes}
    rels = [(key, r) for key, r in rels if r["from"] in wanted and r["to"] in wanted][:sample]
    with driver.session(database=database) as session:
        for statement in bolt.constraints():
            session.run(statement).consume()
        for label, r in nodes:
            session.run(f"MERGE (n:`{label}` {{uid: $uid}}) SET n += $props, n.partnership = $p",
                        uid=r["uid"], props=r["props"], p=batches.partnership).consume()
        for (rel, source, target), r in rels:
            session.run(f"MATCH (a:`{source}` {{uid: $from}}) MATCH (b:`{target}` {{uid: $to}}) "
                        f"MERGE (a)-[e:`{rel}` {{uid: $uid}}]->(b) SET e += $props, e.partnership = $p",
                        {"from": r["from"], "to": r["to"], "uid": r["uid"], "props": r["props"],
                         "p": batches.partnership}).consume()
    return len(nodes) + len(rels)


# -- the run and its tables ----------------------------------------------------------------------------------


def twin_table(rows: Sequence[TwinRow]) -> str:
    """The twins against their Python queries, as a Markdown table."""
    lines = ["| twin | scale | rows | Python: median (min–max) | Python cold | Cypher: median (min–max) | Cypher cold | "
             "ratio | target | met? |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        if r.error:
            lines.append(f"| {r.query} | {r.scale} | — | — | — | — | — | — | — | failed: {r.error} |")
            continue
        met = "—" if r.met is None else "yes" if r.met else "**no**"
        lines.append(f"| {r.query} | {r.scale} | {r.rows:,} | {spread(r.python)} | {duration(r.python_first)} | "
                     f"{spread(r.cypher)} | {duration(r.cypher_first)} | {r.ratio:.2f}× | ≤ {duration(r.target)} | {met} |"
                     if r.ratio is not None and r.rows is not None
                     else f"| {r.query} | {r.scale} | — | — | — | — | — | — | — | — |")
    return "\n".join(lines)


def _load_table(rows: Sequence[LoadRow]) -> str:
    lines = ["| scale | nodes | edges | project's load | into LadybugDB (in memory) | its CPU time | ratio | peak (both) | "
             "into a database file | kept file opened again | met? |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        if not r.engine:
            lines.append(f"| {r.scale} | {r.nodes:,} | {r.edges:,} | — | — | — | — | — | — | — | {'; '.join(r.notes)} |")
            continue
        peak = _median(r.peaks_mb)
        checks = [_median(r.reopen) <= REOPEN_SECONDS]
        if r.scale == "n":
            checks += [_median(r.engine) <= LOAD_SECONDS_N, peak <= PEAK_MB_N]
        met = "yes" if all(checks) else "**no**"
        lines.append(f"| {r.scale} | {r.nodes:,} | {r.edges:,} | {spread(r.project)} | {spread(r.engine)} | "
                     f"{spread(r.engine_cpu)} | {_median(r.engine) / _median(r.project):.2f}× | {peak:,.0f} MB | "
                     f"{spread(r.file)} | {spread(r.reopen)} | {met}{'; ' + '; '.join(r.notes) if r.notes else ''} |")
    return "\n".join(lines)


def _push_table(rows: Sequence[PushRow]) -> str:
    lines = ["| push | records | seconds | records/s | client CPU | server CPU | records per CPU-second | "
             "against the baseline |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    base = next((r for r in rows if r.extrapolated), None)
    for r in rows:
        cpu = r.client_cpu + (r.server_cpu or 0.0)
        against = "—" if base is None or r is base else f"{r.rate / base.rate:,.1f}×"
        lines.append(f"| {r.what}{' (extrapolated)' if r.extrapolated else ''} | {r.records:,} | {r.seconds:,.1f} | "
                     f"{r.rate:,.0f} | {r.client_cpu:,.1f} s | "
                     f"{'—' if r.server_cpu is None else f'{r.server_cpu:,.1f} s'} | "
                     f"{r.records / cpu if cpu > 0 else 0:,.0f} | {against} |")
    return "\n".join(lines)


def run_cypher_benchmark(scales: Sequence[str], *, seed: int = 0, repeat: int = 5, load_runs: int = 3,
                         out: Callable[[str], object] = print, queries: Sequence[str] | None = None,
                         push_scale: str = "m") -> tuple[list[LoadRow], list[TwinRow], list[PushRow]]:
    """Time the Cypher layer at each scale (see the module notes); print Markdown tables through ``out``."""
    from loaders.synthetic import build, generate

    from ..loading import collector_paused

    busy = [os.getloadavg()[0]]
    load_rows: list[LoadRow] = []
    twin_rows: list[TwinRow] = []
    push_rows: list[PushRow] = []
    with tempfile.TemporaryDirectory(prefix="bookcase-bench-cypher-") as tmp:
        folder = Path(tmp)
        for scale in scales:
            records, _ = generate(scale, seed)  # type: ignore[arg-type]
            with collector_paused():
                p = build(records)
            del records
            row = LoadRow(scale, len(p), p.edge_count)
            load_rows.append(row)
            if load_runs:
                path = folder / f"synthetic-{scale}.json"
                loaders.write(p, path)
                (folder / "db").mkdir(exist_ok=True)
                _measure_load(path, row, runs=load_runs, folder=folder)
                path.unlink()
            out(f"{scale}: {row.nodes:,} nodes, {row.edges:,} edges; into LadybugDB {spread(row.engine)} "
                f"(the project's load {spread(row.project)})")
            twin_rows += _time_twins(p, scale, repeat, queries)
            if scale == push_scale:
                try:
                    push_rows = _time_push(p, out)
                except ImportError:
                    out("push not measured: arcadedb-embedded is not installed (pip install -e '.[test]')")
            del p
    busy.append(os.getloadavg()[0])
    out("")
    out(f"Machine: {os.cpu_count()} cores; load average (1 minute) {busy[0]:.1f} at the start, {busy[1]:.1f} at the end.")
    if any(r.engine or r.notes for r in load_rows):
        out("")
        out(f"Loading into LadybugDB: {load_runs} rounds of fresh processes per scale, medians with min–max. Targets: "
            f"n into the engine ≤ {LOAD_SECONDS_N:g} s with the process's peak ≤ {PEAK_MB_N / 1024:g} GB; a kept "
            f"database opened again ≤ {REOPEN_SECONDS:g} s.")
        out("")
        out(_load_table(load_rows))
    if twin_rows:
        out("")
        out(f"Cypher twins against their Python queries (comparable parameters, the guard's checks included): "
            f"{repeat} warm runs each, alternating, after one cold run. Target: ≤ {TWIN_RATIO:g}× the Python "
            f"query or ≤ {TWIN_FLOOR * 1000:g} ms, whichever is larger. A Python query keeps what it works out from a "
            "partnership's records for as long as the partnership lives (funding keeps its whole totals), so its "
            "warm runs read what its cold run made; the engine keeps no answers.")
        out("")
        out(twin_table(twin_rows))
    if push_rows:
        out("")
        out(f"Push to ArcadeDB over Bolt at {push_scale} (512 MB heap; warmed by one push into a database of its own), "
            f"batches of {_batch()} rows. Target ≥ {PUSH_PER_SECOND:,.0f} records/s.")
        out("")
        out(_push_table(push_rows))
    return load_rows, twin_rows, push_rows


def _batch() -> str:
    from queries.cypher.bolt import BATCH

    return f"{BATCH:,}"
