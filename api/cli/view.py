"""``bookcase view``: write one of the interactive views of a partnership as a self-contained HTML page,
and, asked for, a PNG picture or a PDF of it through headless Chromium, or a static SVG picture drawn with
matplotlib (:mod:`visualisations.picture`)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from graph_model import InvalidParameters

from .app import cli
from .common import DATE, chromium, load

__all__ = ["view"]

_VIEW_NAMES = ("bookcase", "funding", "outcomes", "network", "focus")


@cli.command(short_help="Write an interactive view (bookcase, funding, outcomes, network, focus) as one HTML file.")
@click.argument("name", type=click.Choice(_VIEW_NAMES), required=False)
@click.option("--dataset", default=None, help="A bundled partnership ('york', 'staffordshire') or a path.")
@click.option("--focus", default=None, help="The node the focus view is about (id or name).")
@click.option("--steps", type=click.IntRange(1, 6), default=None, help="How far the focus view reaches [default: 2].")
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="The date the view is for (YYYY-MM-DD); default: the partnership's default day.")
@click.option("--locality", default=None,
              help="Draw only what lies in this place (a locality at the top of the hierarchy, e.g. an authority).")
@click.option("--highlight", default=None, metavar="QUERY[:NAME=VALUE,...]",
              help="Highlight a named query's answer, e.g. reporting-line:node=icg or duplicates.")
@click.option("--public-only", is_flag=True, default=None,
              help="Leave out the bodies that are not public, every line to or from them, and text naming them: "
                   "the version to publish or send outside the partnership.")
@click.option("--spec", "spec_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A JSON file describing the view (its options, and the page's state); options given here win.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The HTML file to write (default: DATASET-NAME.html here).")
@click.option("--png", "png", type=click.Path(path_type=Path), default=None,
              help="Also write a PNG picture of the page, taken by headless Chromium.")
@click.option("--pdf", "pdf", type=click.Path(path_type=Path), default=None,
              help="Also write the page as a PDF (landscape A3), printed by headless Chromium.")
@click.option("--svg", "svg", type=click.Path(path_type=Path), default=None,
              help="Also write a static SVG picture of the view as it first opens, drawn with matplotlib (no "
                   "browser needed).")
def view(name: str | None, dataset: str | None, focus: str | None, steps: int | None, as_of: dt.date | None,
         locality: str | None, highlight: str | None, public_only: bool | None, spec_file: Path | None, output: Path | None,
         png: Path | None, pdf: Path | None, svg: Path | None) -> None:
    """Write the view NAME of a partnership as one HTML file that works opened from disk, with no network.

    A view of more than 2,000 nodes is drawn by place (one node for each authority, or whatever
    stands at the top of the Locality hierarchy); --locality draws one place alone.

    The page has a legend that filters by kind of node and line, a search box, filters by place and
    group of children, tooltips with each record's properties and source, a time slider over the
    dates in the data, a table of the nodes drawn, and a Save button that writes the view as it
    stands to a new file. Bodies that are not public are drawn, marked 'not public', unless
    --public-only.
    """
    from visualisations import build_view, query_highlight, render_page
    from visualisations.spec import ViewSpec

    given: dict[str, Any] = {"view": name, "dataset": dataset, "focus": focus, "steps": steps, "as_of": as_of,
                             "locality": locality,
                             "highlight": highlight, "public_only": public_only}
    base: dict[str, Any] = {}
    if spec_file is not None:
        try:
            base = json.loads(spec_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise InvalidParameters("view", [f"{spec_file}: not JSON ({err.msg}, line {err.lineno})"]) from None
        if not isinstance(base, dict):
            raise InvalidParameters("view", [f"{spec_file}: a spec is a JSON object"])
    merged = {**base, **{k: v for k, v in given.items() if v is not None}}
    if "view" not in merged:
        raise click.UsageError("name a view (bookcase, funding, outcomes, network, focus) or give --spec FILE")
    try:
        spec = ViewSpec.model_validate(merged)
    except ValidationError as err:
        raise InvalidParameters("view", [f"{'.'.join(map(str, e['loc'])) or 'spec'}: {e['msg']}"
                                         for e in err.errors()]) from None
    if spec.view == "focus" and not spec.focus:
        raise click.UsageError("the focus view needs --focus NODE (an id or a name of a node)")
    partnership = load(spec.dataset)
    if spec.public_only:
        partnership = partnership.public()
    marked = query_highlight(partnership, spec.highlight, as_of=spec.as_of) if spec.highlight else None
    built = build_view(partnership, spec.view, as_of=spec.as_of, focus=spec.focus, steps=spec.steps,
                       highlight=marked, locality=spec.locality)
    target = output or Path(f"{partnership.info.id}-{spec.view}.html")
    target.write_text(render_page(built, spec.state), encoding="utf-8")
    click.echo(f"wrote {target} ({spec.view} view: {len(built.node_ids)} nodes, {len(built.edge_ids)} lines; "
               f"as of {built.day.isoformat()})")
    if svg is not None:
        from visualisations.picture import picture

        svg.write_bytes(picture(built, "svg"))
        click.echo(f"wrote {svg}")
    if png is not None or pdf is not None:
        _export(target, png=png, pdf=pdf)
        for written in (png, pdf):
            if written is not None:
                click.echo(f"wrote {written}")


def _export(page: Path, *, png: Path | None, pdf: Path | None, width: int = 1600, height: int = 1000) -> None:
    """A PNG picture and/or a PDF of the page once drawn, by headless Chromium through Playwright."""
    browser_path = chromium("--png and --pdf")
    from playwright.sync_api import sync_playwright
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=args, headless=True)
        try:
            tab = browser.new_page(viewport={"width": width, "height": height})
            tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else route.abort())
            tab.goto(page.resolve().as_uri())
            tab.wait_for_function("window.bookcaseView && window.bookcaseView.firstDrawn()", timeout=60_000)
            if png is not None:
                tab.screenshot(path=str(png))
            if pdf is not None:
                tab.pdf(path=str(pdf), format="A3", landscape=True, print_background=True)
        finally:
            browser.close()
