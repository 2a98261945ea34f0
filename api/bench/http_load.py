"""A bounded load run against a real ``bookcase serve`` on 127.0.0.1 (a benchmark, not a test).

For each target (``/v1/health``, a node lookup, a search and a reporting line) a closed loop of
``connections`` asyncio clients (plain HTTP/1.1 on kept-alive sockets, on uvloop when it is installed)
sends requests for ``seconds`` in all and stops by itself. The seconds are cut into ``rounds`` slices
taken in turn (health, lookup, search, line, health, …), so that other work on a shared machine weighs
on every target alike. The run reports requests per second, the median and 99th-percentile latency,
errors, each graph endpoint's throughput and p99 beside ``/v1/health``'s in the same run, the CPU
time the server and the client spent on each request, and the server's peak memory: its own, and its
Cypher worker's after one statement (``MATCH (n) RETURN count(n)``) has made the worker load the graph
into the engine. Traffic goes only to the loopback address of the server this run started.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["LoadFigure", "run_http_load", "wait_until_serving"]


@dataclass(frozen=True)
class LoadFigure:
    """What one target did under load."""

    target: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def server_us(self) -> float:
        """The server's CPU time (user and system) per request, in microseconds."""
        return self.server_cpu_s / self.requests * 1e6 if self.requests else 0.0

    @property
    def client_us(self) -> float:
        """The load generator's own CPU time per request, in microseconds."""
        return self.client_cpu_s / self.requests * 1e6 if self.requests else 0.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) the process has used so far, in seconds (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _family(pid: int) -> list[int]:
    """The process and its descendants (children of any of its threads: the Cypher worker is started from
    one of the server's worker threads)."""
    found = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            for child in children.read_text().split():
                found += _family(int(child))
        except OSError:
            continue
    return found


def _peak_kib(pid: int) -> int:
    """Peak resident memory (VmHWM) of a process and its descendants, added up, in KiB (Linux)."""
    total = 0
    for p in _family(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One GET on a kept-alive HTTP/1.1 connection; its status (the body is read and dropped)."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _hammer(base: str, path: str, connections: int, seconds: float,
                  server: int) -> tuple[LoadFigure, list[float]]:
    """A closed loop per connection: plain HTTP/1.1 on kept-alive sockets (a light client, so that the
    client, on the same two cores, takes as little as it can from the server). ``server``: its pid, for
    the CPU time it spends."""
    host, port = base.removeprefix("http://").split(":")
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode()
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    server_cpu, client_cpu = _cpu_seconds(server), time.process_time()

    async def loop() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while time.perf_counter() < stop:
                start = time.perf_counter()
                try:
                    if await _get(reader, writer, request) != 200:
                        errors += 1
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, int(port))
                latencies.append(time.perf_counter() - start)
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(connections)))
    took = time.perf_counter() - began
    figure = _figure(path, latencies, errors, took, _cpu_seconds(server) - server_cpu,
                     time.process_time() - client_cpu)
    return figure, latencies


def _figure(path: str, latencies: list[float], errors: int, took: float, server_cpu: float,
            client_cpu: float) -> LoadFigure:
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return LoadFigure(path, len(latencies), errors, took, statistics.median(ordered) * 1000, p99 * 1000,
                      server_cpu, client_cpu)


def _merge(slices: Sequence[tuple[LoadFigure, list[float]]]) -> LoadFigure:
    """One target's slices as one figure: the latencies pooled, the counts and times added."""
    latencies = [x for _, lat in slices for x in lat]
    first = slices[0][0]
    return _figure(first.target, latencies, sum(f.errors for f, _ in slices), sum(f.seconds for f, _ in slices),
                   sum(f.server_cpu_s for f, _ in slices), sum(f.client_cpu_s for f, _ in slices))


def wait_until_serving(base: str, server: subprocess.Popen[Any], *, seconds: float, log: Path | None = None) -> None:
    """Wait until the ``bookcase serve`` process ``server`` answers ``/v1/health`` at ``base``; raise, with its
    log when one is given, if it stops or ``seconds`` pass first."""
    import httpx

    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            said = f"; its log:\n{log.read_text()}" if log is not None and log.exists() else ""
            raise RuntimeError(f"bookcase serve did not start{said}")
        time.sleep(0.2)


def _runner() -> asyncio.Runner:
    """An event loop for the client: uvloop's (installed with uvicorn[standard]) when there, as it spends
    less of the shared cores than asyncio's own."""
    try:
        import uvloop
    except ImportError:
        return asyncio.Runner()
    return asyncio.Runner(loop_factory=uvloop.new_event_loop)


def run_http_load(dataset: str, *, targets: Sequence[str], seconds: float = 20.0, connections: int = 32,
                  rounds: int = 4, out: Callable[[str], None] = print) -> list[LoadFigure]:
    """Start ``bookcase serve --dataset DATASET`` on a free loopback port, load the targets in turn for
    ``seconds`` each, cut into ``rounds`` slices, then stop it."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).parent / "bookcase"), "serve", "--dataset", dataset, "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "BOOKCASE_PROGRESS": "never"})
    slices: dict[str, list[tuple[LoadFigure, list[float]]]] = {path: [] for path in targets}
    try:
        wait_until_serving(base, server, seconds=600)
        began_kib = _peak_kib(server.pid)
        with _runner() as runner:
            for path in targets:  # one short warm-up each: the first answer is worked out, then kept
                runner.run(_hammer(base, path, 1, 0.5, server.pid))
            for _ in range(rounds):
                for path in targets:
                    slices[path].append(runner.run(_hammer(base, path, connections, seconds / rounds, server.pid)))
        served_kib = _peak_kib(server.pid)
        counted = _count_in_cypher(base)
        peak = _peak_kib(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    figures = [_merge(slices[path]) for path in targets]
    health = figures[0] if figures else None
    out(f"Load on {dataset}: {connections} connections, {seconds:g} s a target in {rounds} slices taken in turn, "
        "client and server on this machine.")
    out("")
    out("| target | requests/s | share of /v1/health | p50 | p99 | p99 ÷ health's | server CPU/request | "
        "client CPU/request | errors |")
    out("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for f in figures:
        share = f"{f.per_second / health.per_second:.0%}" if health and health.per_second else "—"
        ratio = f"{f.p99_ms / health.p99_ms:.2f}×" if health and health.p99_ms else "—"
        out(f"| `{f.target}` | {f.per_second:,.0f} | {share} | {f.p50_ms:.1f} ms | {f.p99_ms:.1f} ms | {ratio} | "
            f"{f.server_us:,.0f} µs | {f.client_us:,.0f} µs | {f.errors} |")
    out("")
    out(f"Server memory (peak resident): {began_kib / 1024:,.0f} MB loaded, {served_kib / 1024:,.0f} MB after the "
        f"load, {peak / 1024:,.0f} MB with the Cypher worker ({counted}).")
    return figures


def _count_in_cypher(base: str) -> str:
    """One Cypher statement, so that the worker starts and loads the graph: what it answered, in words."""
    import httpx

    answer = httpx.post(f"{base}/v1/cypher", json={"statement": "MATCH (n) RETURN count(n) AS nodes"}, timeout=600)
    if answer.status_code != 200:
        return f"the statement failed: {answer.status_code} {answer.json().get('message', '')}"
    return f"{answer.json()['rows'][0][0]:,} nodes in the engine"
