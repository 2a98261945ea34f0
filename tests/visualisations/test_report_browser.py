"""The board paper in a real headless Chromium (the session's browser): no console error, no request beyond
the file itself, every section present and its pictures drawn; and its PDF, printed by Chromium, rendered
to PNG pages (written to the artefacts folder to be looked at) and read back as text.

York's paper is made from the public partnership (the command's default), so the Integrated Commissioning
Group, not a public forum (seed 002), appears nowhere in it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.cli.report import print_pdf
from graph_model import Partnership
from visualisations.paper import Paper, board_paper

TITLES = {"bookcase": "The planning bookcase", "findings": "Governance findings by severity", "gaps": "Gaps",
          "duplicates": "Duplicates", "funding": "Funding and the prevention share",
          "maturity": "Commissioning maturity"}


@pytest.fixture(scope="module")
def paper(york: Partnership) -> Paper:
    return board_paper(york.public())


@pytest.fixture(scope="module")
def opened(browser: Any, paper: Paper, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    path = tmp_path_factory.mktemp("paper") / "york-paper.html"
    path.write_text(paper.html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    seen: dict[str, Any] = {"page": page, "errors": [], "requests": []}
    own = path.as_uri()
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: None if r.url == own else seen["requests"].append(r.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url == own else route.abort())
    page.goto(own, wait_until="load")
    yield seen
    context.close()


def test_no_console_error_and_no_request(opened: dict[str, Any]) -> None:
    assert opened["errors"] == []
    assert opened["requests"] == []
    assert opened["page"].evaluate("document.scripts.length") == 0


def test_every_section_present_with_its_heading(opened: dict[str, Any], paper: Paper) -> None:
    page = opened["page"]
    assert paper.sections == list(TITLES)
    for sid, title in TITLES.items():
        assert page.locator(f"section#{sid} > h2").inner_text() == title
    links = page.eval_on_selector_all("nav a", "els => els.map(e => e.getAttribute('href'))")
    assert links == [f"#{s}" for s in TITLES] + ["#about"]
    assert "Integrated Commissioning Group" not in page.content()


def test_pictures_are_drawn(opened: dict[str, Any], artefacts: Path) -> None:
    page = opened["page"]
    box = page.locator("#figure-bookcase svg").bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 300
    assert page.locator("#figure-bookcase svg [id^='node:']").count() > 0
    assert page.locator("#figure-findings svg").count() == 1
    page.screenshot(path=str(artefacts / "report-york-screen.png"), full_page=True)


def test_pdf_prints_on_a4_and_reads_back(browser: Any, paper: Paper, tmp_path: Path, artefacts: Path) -> None:
    pdf = tmp_path / "york-paper.pdf"
    print_pdf(paper.html, pdf, title="York board paper", browser=browser)
    assert pdf.read_bytes().startswith(b"%PDF")
    if not (shutil.which("pdftoppm") and shutil.which("pdftotext")):
        pytest.skip("pdftoppm and pdftotext (poppler-utils) are needed to look at the PDF's pages")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for title in TITLES.values():
        assert title in text, title
    assert "page 1 of" in text  # the footer
    stem = artefacts / "report-york-page"
    for old in artefacts.glob("report-york-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(stem)], check=True)
    pages = sorted(artefacts.glob("report-york-page-*.png"))
    assert len(pages) >= 3
    import matplotlib.image

    first = matplotlib.image.imread(str(pages[0]))
    height, width = first.shape[:2]
    assert abs(height / width - 297 / 210) < 0.02  # A4 portrait
    assert (first[..., :3] < 0.9).mean() > 0.02  # something is printed on it
