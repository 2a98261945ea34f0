"""``bookcase report``: a board paper (one self-contained HTML document, and a PDF of it) about a partnership.

The paper is made by :func:`visualisations.paper.board_paper`; the PDF is printed by headless Chromium
through Playwright, as ``bookcase view --pdf`` prints a view (the same Chromium, found the same way).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from graph_model import InvalidTarget

from .app import cli
from .common import DATE, chromium, load

__all__ = ["print_pdf", "report"]


@cli.command(short_help="Write a board paper (HTML, and a PDF with --pdf) about a partnership on one day.")
@click.argument("dataset")
@click.option("--scenario", "scenario_file", default=None, metavar="FILE",
              help="Add a what-if scenario's comparison (a YAML file of changes; see 'scenario').")
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="The day the paper is about (YYYY-MM-DD); default: the partnership's default day.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the paper as an A4 PDF, printed by headless Chromium.")
@click.option("--include-private", is_flag=True, default=False,
              help="Include the bodies that are not public (the paper then says so on its first page); by default "
                   "the paper is made from the public partnership, fit to circulate.")
def report(dataset: str, scenario_file: str | None, as_of: dt.date | None, output: Path, pdf: Path | None,
           include_private: bool) -> None:
    """Write a board paper about DATASET: the bookcase as a picture, governance findings by severity, gaps,
    duplicates, funding with the prevention share, the commissioning maturity assessment (when this version
    has one) and, with --scenario, what the scenario would change. Every figure and table names the query it
    comes from. The HTML holds no script and asks for nothing over a network; it prints on A4."""
    from queries.scenarios import read_scenario
    from visualisations.paper import board_paper

    scenario = None
    if scenario_file is not None:
        if not Path(scenario_file).is_file():
            raise InvalidTarget(f"no scenario file '{scenario_file}'; name a YAML file of changes")
        scenario = read_scenario(scenario_file)
        scenario.valid()  # every problem of the file, before anything is written
    partnership = load(dataset)
    if not include_private:
        partnership = partnership.public()
    paper = board_paper(partnership, as_of=as_of, scenario=scenario, scenario_file=scenario_file or "",
                        dataset=dataset)
    if pdf is not None:
        chromium("--pdf")  # fail before writing anything when the PDF cannot be made
    output.write_text(paper.html, encoding="utf-8")
    click.echo(f"wrote {output} (board paper on {paper.day.isoformat()}: {', '.join(paper.sections)})")
    if pdf is not None:
        print_pdf(paper.html, pdf, title=f"{paper.title}, {paper.day.isoformat()}")
        click.echo(f"wrote {pdf}")


def print_pdf(document: str, pdf: Path, *, title: str = "", browser: Any = None) -> None:
    """Print an HTML document to an A4 PDF with headless Chromium: ``browser`` (a Playwright browser already
    started) or one started for the purpose. The page may fetch nothing: any request but its own file is refused.
    The footer carries the title and page numbers."""
    with tempfile.TemporaryDirectory(prefix="bookcase-report-") as folder:
        page_file = Path(folder) / "paper.html"
        page_file.write_text(document, encoding="utf-8")
        if browser is not None:
            _print(browser, page_file, pdf, title)
            return
        from playwright.sync_api import sync_playwright

        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        with sync_playwright() as pw:
            started = pw.chromium.launch(executable_path=chromium("--pdf"), args=args, headless=True)
            try:
                _print(started, page_file, pdf, title)
            finally:
                started.close()


def _print(browser: Any, page_file: Path, pdf: Path, title: str) -> None:
    import html

    own = page_file.resolve().as_uri()
    tab = browser.new_page()
    try:
        tab.route("**/*", lambda route: route.continue_() if route.request.url == own else route.abort())
        tab.goto(own)
        footer = ('<div style="font-size:7pt; width:100%; padding:0 14mm; color:#555; display:flex; '
                  f'justify-content:space-between"><span>{html.escape(title)}</span><span>page '
                  '<span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')
        tab.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True,
                display_header_footer=True, header_template="<div></div>", footer_template=footer)
    finally:
        tab.close()
