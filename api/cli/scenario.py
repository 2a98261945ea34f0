"""``bookcase scenario``: what-if scenarios checked, applied and compared (:mod:`queries.scenarios`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from loaders import write
from queries.common import counted
from queries.scenarios import InvalidScenario, ScenarioText, apply_scenario, check_scenario, open_scenario
from queries.scenarios.compare import compare_scenario

from ..render import columns_of, csv_text, table_text
from .app import cli
from .common import DATE, echo_json, format_option, load, terminal_width

__all__ = ["scenario"]


def _read(file: str) -> ScenarioText:
    return open_scenario(file)  # a path, or the name of a shipped example


@cli.group(short_help="Check, apply or compare a what-if scenario (a YAML file of changes).")
def scenario() -> None:
    """What-if scenarios: a small YAML file of changes to a partnership (see the README, "What-if scenarios")."""


@scenario.command(short_help="List every problem of a scenario; apply nothing.")
@click.argument("dataset")
@click.argument("file")
@format_option("text", "json", default="text")
@click.pass_context
def check(ctx: click.Context, dataset: str, file: str, fmt: str) -> None:
    """Check FILE against DATASET: unknown ids (with the closest matches), changes that contradict each other, and a
    result that breaks the schema's rules. Nothing is applied; the exit code is 1 when there is a problem."""
    p = load(dataset)
    sc = _read(file)
    problems = check_scenario(p, sc)
    if fmt == "json":
        echo_json({"dataset": dataset, "scenario": file, "valid": not problems,
                   "problems": [q.as_dict() for q in problems]})
    elif problems:
        click.echo(str(InvalidScenario(problems)))
    else:
        click.echo(f"{file}: {len(sc.changes)} change{'s' if len(sc.changes) != 1 else ''} apply cleanly to {dataset}")
    if problems:
        ctx.exit(1)


@scenario.command(short_help="Write the partnership with a scenario's changes made, validated.")
@click.argument("dataset")
@click.argument("file")
@click.option("-o", "--output", "out", required=True, help="Where to write it (.yaml, .json, or a folder).")
@click.option("--to", "target", default=None, help="The output format when the path does not say (see 'export').")
def apply(dataset: str, file: str, out: str, target: str | None) -> None:
    """Apply FILE to DATASET and write the changed partnership to OUT through the loaders' writers. Every record a
    change adds or changes carries source 'scenario FILE: change N'; one resting on a stated assumption, assumed."""
    p = load(dataset)
    applied = apply_scenario(p, _read(file))
    path = write(applied.partnership, out, target)
    q = applied.partnership
    click.echo(f"wrote {path} ({len(q)} nodes, {q.edge_count} edges; {counted(len(applied.touched), 'record')} "
               f"added or changed, {len(applied.removed)} removed)")


@scenario.command(short_help="Before and after a scenario, side by side, through the named queries.")
@click.argument("dataset")
@click.argument("file")
@click.option("--as-of", type=DATE, default=None,
              help="The day both sides are compared on (default: the scenario's as_of, else the partnership's "
                   "default day).")
@format_option("table", "json", "csv", default="table")
def compare(dataset: str, file: str, as_of: dt.date | None, fmt: str) -> None:
    """Compare DATASET before and after FILE's changes on one day: cover lost and gained, money freed and needed,
    the prevention share, reporting lines, governance findings and duplicate groups. Unknown amounts stay unknown;
    figures resting on the scenario's assumptions are marked."""
    result = compare_scenario(load(dataset), _read(file), as_of=as_of)
    if fmt == "json":
        click.echo(result.model_dump_json(indent=2))
        return
    rows = result.table()
    columns = columns_of(rows, result.columns)
    if fmt == "csv":
        click.echo(csv_text(rows, columns), nl=False)
        return
    text = "".join(f"{line}\n" for line in (result.as_of_basis, *(f"Warning: {w}" for w in result.warnings)) if line)
    text += result.summary() + "\n"
    if result.coverage:
        text += f"Coverage: {result.coverage}\n"
    text += table_text(rows, columns, width=terminal_width())
    click.echo(text, nl=False)



@scenario.command(name="view", short_help="Write a scenario's changes as an interactive view (one HTML file).")
@click.argument("dataset")
@click.argument("file")
@click.option("--as-of", type=DATE, default=None,
              help="The day the view is for (default: the scenario's as_of, else the partnership's default day).")
@click.option("--steps", type=click.IntRange(0, 6), default=1, show_default=True,
              help="Draw what the scenario changes and every node within this many steps of it.")
@click.option("--whole", is_flag=True, help="Draw the whole partnership, before and after, not only what changes.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The HTML file to write.")
@click.option("--png", "png", type=click.Path(path_type=Path), default=None,
              help="Also write a PNG picture of the page, taken by headless Chromium.")
def view_scenario(dataset: str, file: str, as_of: dt.date | None, steps: int, whole: bool, output: Path,
                  png: Path | None) -> None:
    """Write DATASET after FILE's changes as one self-contained HTML page (the views' page: legend, search,
    filters, tooltips, time slider, table, Save). What the scenario adds is drawn green, what it removes or ends
    grey with a dashed red border where it stood, what it changes outlined in black; the outcomes, groups of
    children and results the comparison says lose cover or are put at risk are outlined in orange. Each tooltip
    names the change ('scenario FILE: change N'); the title names the scenario and the day."""
    from visualisations import render_page
    from visualisations.views import scenario_view

    from .view import _export

    built = scenario_view(load(dataset), _read(file), as_of=as_of, steps=None if whole else steps)
    output.write_text(render_page(built), encoding="utf-8")
    scope = "the whole partnership" if whole else f"within {steps} step{'s' if steps != 1 else ''} of the changes"
    click.echo(f"wrote {output} (scenario view, {scope}: {len(built.node_ids)} nodes, {len(built.edge_ids)} lines; "
               f"as of {built.day.isoformat()})")
    if png is not None:
        _export(output, png=png, pdf=None)
        click.echo(f"wrote {png}")
