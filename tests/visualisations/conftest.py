"""One headless Chromium for the whole test session, the views' pages written once, and a folder of artefacts.

The browser is Debian's Chromium (``apt-get install -y --no-install-recommends chromium``, as
``.ci/run`` does), driven by Playwright for Python (the ``test`` extra), which downloads no browser of
its own. Without it the browser tests skip, saying how to install it; in CI (``CI=true``) a missing
browser fails them instead. Screenshots go to the folder printed at the end of the run
(``bookcase-view-artefacts`` in the system's temporary folder; ``BOOKCASE_VIEW_ARTEFACTS`` names another).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph_model import Partnership
from visualisations import View, build_view, render_page

INSTALL = ("install Chromium with `apt-get install -y --no-install-recommends chromium` and Playwright with "
           "`pip install -e '.[test]'` (it uses that Chromium and downloads no browser of its own)")

#: Where the screenshots went, for the summary at the end of the run.
_ARTEFACTS: list[Path] = []


def chromium_path() -> str | None:
    """The Chromium to drive: ``BOOKCASE_CHROMIUM``, or Debian's."""
    named = os.environ.get("BOOKCASE_CHROMIUM")
    if named:
        return named
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def axe_script() -> str | None:
    """axe-core's script, installed from the npm registry into ``BOOKCASE_AXE_DIR`` (as ``.ci/run`` does)."""
    folder = Path(os.environ.get("BOOKCASE_AXE_DIR") or Path.home() / ".cache" / "bookcase" / "axe-core")
    found = folder / "node_modules" / "axe-core" / "axe.min.js"
    return found.read_text(encoding="utf-8") if found.is_file() else None


@pytest.fixture(scope="session")
def axe() -> str:
    """axe-core's script, to run inside a page (a missing one skips the test, or fails it in CI)."""
    script = axe_script()
    if script is None:
        message = ("accessibility tests: axe-core not found; install it with `npm install --no-save --prefix "
                   "~/.cache/bookcase/axe-core axe-core@4` (or set BOOKCASE_AXE_DIR)")
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (in CI a missing axe-core is a failure)")
        pytest.skip(message)
    return script


def _missing(why: str) -> None:
    message = f"browser tests: {why}; {INSTALL}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (in CI a missing browser is a failure)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session (root needs ``--no-sandbox``)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
    path = chromium_path()
    if path is None:
        _missing("no Chromium found")
    with sync_playwright() as pw:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        launched = pw.chromium.launch(executable_path=path, args=args, headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    """The folder the browser tests write screenshots to (printed at the end of the run)."""
    named = os.environ.get("BOOKCASE_VIEW_ARTEFACTS")
    # Not under pytest's own temporary folder: pytest removes all but its last three runs' folders.
    folder = Path(named) if named else Path(tempfile.gettempdir()) / "bookcase-view-artefacts"
    folder.mkdir(parents=True, exist_ok=True)
    _ARTEFACTS.append(folder)
    return folder


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for folder in _ARTEFACTS:
        shots = sorted(folder.glob("*.png"))
        if shots:
            terminalreporter.write_line(f"view screenshots ({len(shots)}): {folder}")


class Pages:
    """The views' pages, each built and written once per session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.built: dict[tuple[str, str, str], tuple[View, Path]] = {}

    def get(self, p: Partnership, name: str, **options: Any) -> tuple[View, Path]:
        key = (p.info.id, name, repr(sorted(options.items())))
        if key not in self.built:
            view = build_view(p, name, **options)
            path = self.folder / f"{p.info.id}-{name}-{len(self.built)}.html"
            path.write_text(render_page(view), encoding="utf-8")
            self.built[key] = (view, path)
        return self.built[key]


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Pages:
    return Pages(tmp_path_factory.mktemp("view-pages"))


class Opened:
    """A view's page open in the browser, with every console error and every request it made."""

    def __init__(self, page: Any, view: View) -> None:
        self.page = page
        self.view = view
        self.errors: list[str] = []
        self.requests: list[str] = []

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def drawn(self) -> set[str]:
        return set(self.js("bookcaseView.drawnNodeIds()"))

    def drawn_edges(self) -> set[str]:
        return set(self.js("bookcaseView.drawnEdgeIds()"))


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(view, path, fragment="")``: the page at ``path`` (made from ``view``), loaded and drawn, in a
    fresh page. Any request for something other than the file itself (or what it makes in memory) is recorded and
    refused."""
    contexts: list[Any] = []

    def opener(view: View, path: Path, fragment: str = "") -> Opened:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, view)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        own = path.as_uri()

        def local(url: str) -> bool:  # the page itself, or what it makes in memory (a saved copy's blob)
            return url.split("#")[0] == own or url.startswith(("blob:", "data:"))

        def guard(route: Any) -> None:
            if local(route.request.url):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", guard)
        page.on("request", lambda r: None if local(r.url) else opened.requests.append(r.url))
        page.goto(own + fragment)
        page.wait_for_function("window.bookcaseView && window.bookcaseView.firstDrawn()", timeout=30_000)
        return opened

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture
def open_view(open_page: Any, pages: Pages) -> Any:
    """``open_view(partnership, name, **options)``: the view's page, loaded and drawn, in a fresh page
    (``path=`` opens another file of that view, a saved copy; ``fragment=`` adds a URL fragment); see
    :func:`open_page`."""

    def opener(p: Partnership, name: str, *, path: Path | None = None, fragment: str = "", **options: Any) -> Opened:
        view, built = pages.get(p, name, **options)
        result: Opened = open_page(view, path or built, fragment)
        return result

    return opener
