"""``bookcase benchmark``: the one way to run the project's benchmarks (:mod:`api.bench`; not tests)."""

from __future__ import annotations

from pathlib import Path

import click

from queries.registry import all_queries

from .app import cli

__all__ = ["benchmark"]


@cli.command(short_help="Time loading and every named query against baselines (not a test).")
@click.option("--scales", default="s,m", show_default=True, help="Comma-separated scales to time: s, m, n.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--repeat", type=click.IntRange(min=1), default=5, show_default=True,
              help="Warm runs per query and scale, after one cold run; the median and range are reported.")
@click.option("--load-runs", type=click.IntRange(min=1), default=5, show_default=True,
              help="Rounds of fresh processes per scale for loading: a load, a cached load, the networkx anchor.")
@click.option("--query", "only", multiple=True, help="Only this named query (repeat for several).")
@click.option("--no-load", is_flag=True, help="Skip writing each scale as JSON and timing its load.")
@click.option("--http", "http", default=None, metavar="DATASET",
              help="Instead: a bounded load run against bookcase serve on 127.0.0.1 with DATASET (york, or a "
                   "path): /v1/health, a node lookup, a search and a reporting line.")
@click.option("--http-seconds", type=click.FloatRange(1, 120), default=20, show_default=True,
              help="Seconds of load per target.")
@click.option("--http-connections", type=click.IntRange(1, 256), default=32, show_default=True)
@click.option("--http-node", default="icg", show_default=True, help="The node the lookup and the reporting line ask for.")
@click.option("--import-feed", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Instead: time importing this Open Referral UK feed and a 20,000-service feed made from it.")
@click.option("--scenario", "scenario_on", default=None, metavar="SCALE|PATH",
              help="Instead: time 'scenario compare' with a scenario of 100 changes on a synthetic partnership of "
                   "this scale (s, m, n; generated, not timed) or the partnership at PATH, against the named "
                   "queries it runs (queries/scenarios/bench.py).")
@click.option("--cypher", is_flag=True,
              help="Instead: the Cypher layer at the scales: loading into LadybugDB against the project's load, "
                   "each Cypher twin against its Python query, and (at m) pushing to a local ArcadeDB over Bolt.")
def benchmark(scales: str, seed: int, repeat: int, load_runs: int, only: tuple[str, ...], no_load: bool,
              http: str | None, http_seconds: float, http_connections: int, http_node: str,
              import_feed: Path | None, scenario_on: str | None, cypher: bool) -> None:
    """Time loading and every named query against naive baselines; prints Markdown tables.

    Every time is a median with its range. Loading runs in fresh processes, with a load cache of
    the run's own; at n, half of England (n/2) is timed interleaved with n for the scaling ratios.
    With --http, a bounded load run against the HTTP API instead; with --cypher, the Cypher layer's
    figures (at most 3 load rounds).
    """
    if http is not None:
        from ..bench.http_load import run_http_load

        targets = ["/v1/health", f"/v1/nodes/{http_node}", "/v1/nodes?q=board&limit=20",
                   f"/v1/queries/reporting-line?node={http_node}"]
        run_http_load(http, targets=targets, seconds=http_seconds, connections=http_connections, out=click.echo)
        return
    if scenario_on is not None:
        from loaders.synthetic import build, generate
        from queries.scenarios.bench import run_scenario_benchmark

        from ..loading import collector_paused, keep, load_dataset

        if scenario_on in ("s", "m", "n"):
            with collector_paused():
                p = keep(build(generate(scenario_on, seed)[0]))  # type: ignore[arg-type]
        else:
            p = load_dataset(scenario_on)
        run_scenario_benchmark(p, size=100, seed=seed, repeat=min(repeat, 3), out=click.echo)
        return
    from ..bench import run_benchmark

    if import_feed is not None:
        from ..bench.imports import run_import_benchmark

        run_import_benchmark(import_feed, repeat=min(repeat, 3), out=click.echo)
        return
    wanted = tuple(s.strip() for s in scales.split(",") if s.strip())
    bad = [s for s in wanted if s not in ("s", "m", "n")]
    if bad:
        raise click.BadParameter(f"unknown scale(s) {', '.join(bad)}; use s, m, n", param_hint="--scales")
    known = {q.name for q in all_queries()}
    unknown = [q for q in only if q not in known]
    if unknown:
        raise click.BadParameter(f"no named query {', '.join(unknown)}; see bookcase query --list",
                                 param_hint="--query")
    if cypher:
        from ..bench.cypher import run_cypher_benchmark

        run_cypher_benchmark(wanted, seed=seed, repeat=repeat, load_runs=0 if no_load else min(load_runs, 3),
                             out=click.echo, queries=list(only) or None)
        return
    run_benchmark(wanted, seed=seed, repeat=repeat, load_runs=load_runs, out=click.echo, load=not no_load,
                  queries=list(only) or None)
