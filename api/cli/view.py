"""``bookcase view``: write one of the interactive views of a partnership as a self-contained HTML page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .app import cli
from .common import DATE, load

__all__ = ["view"]

_VIEW_NAMES = ("bookcase", "funding", "outcomes", "network", "focus")


@cli.command(short_help="Write an interactive view (bookcase, funding, outcomes, network, focus) as one HTML file.")
@click.argument("name", type=click.Choice(_VIEW_NAMES))
@click.option("--dataset", default=None, help="A bundled partnership ('york', 'staffordshire') or a path.")
@click.option("--focus", default=None, help="The node the focus view is about (id or name).")
@click.option("--steps", type=click.IntRange(1, 6), default=2, show_default=True,
              help="How many steps from the focus node the focus view reaches.")
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="The date the view is for (YYYY-MM-DD); default: the partnership's default day.")
@click.option("--highlight", default=None, metavar="QUERY[:NAME=VALUE,...]",
              help="Highlight a named query's answer, e.g. reporting-line:node=icg or duplicates.")
@click.option("--public-only", is_flag=True, default=False,
              help="Leave out the bodies that are not public, every line to or from them, and text naming them: "
                   "the version to publish or send outside the partnership.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The HTML file to write (default: DATASET-NAME.html here).")
def view(name: str, dataset: str | None, focus: str | None, steps: int, as_of: dt.date | None,
         highlight: str | None, public_only: bool, output: Path | None) -> None:
    """Write the view NAME of a partnership as one HTML file that works opened from disk, with no network.

    The page has a legend that filters by kind of node and line, a search box, filters by place and
    group of children, tooltips with each record's properties and source, and a time slider over the
    dates in the data. Bodies that are not public are drawn, marked 'not public', unless --public-only.
    """
    from visualisations import build_view, query_highlight, render_page

    if name == "focus" and not focus:
        raise click.UsageError("the focus view needs --focus NODE (an id or a name of a node)")
    partnership = load(dataset)
    if public_only:
        partnership = partnership.public()
    marked = query_highlight(partnership, highlight, as_of=as_of) if highlight else None
    built = build_view(partnership, name, as_of=as_of, focus=focus, steps=steps, highlight=marked)
    target = output or Path(f"{partnership.info.id}-{name}.html")
    target.write_text(render_page(built), encoding="utf-8")
    click.echo(f"wrote {target} ({name} view: {len(built.node_ids)} nodes, {len(built.edge_ids)} lines; "
               f"as of {built.day.isoformat()})")
