"""``bookcase benchmark``: the one way to run the project's benchmarks (not tests)."""

from __future__ import annotations

import click

from .app import cli

__all__ = ["benchmark"]


@cli.command(short_help="Time loading and every named query against baselines (not a test).")
@click.option("--scales", default="s,m", show_default=True, help="Comma-separated scales to time: s, m, n.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--repeat", type=int, default=3, show_default=True, help="Runs per query; the median is reported.")
def benchmark(scales: str, seed: int, repeat: int) -> None:
    """Time loading and every named query against naive baselines; prints a Markdown table."""
    from queries.benchmark import run_benchmark

    wanted = tuple(s.strip() for s in scales.split(",") if s.strip())
    bad = [s for s in wanted if s not in ("s", "m", "n")]
    if bad:
        raise click.BadParameter(f"unknown scale(s) {', '.join(bad)}; use s, m, n", param_hint="--scales")
    run_benchmark(wanted, seed=seed, repeat=repeat, out=click.echo)
