"""The views' benchmark (not a test): page generation, and time to a drawn, still view in headless Chromium,
each against pyvis's defaults on the same graph, measured in the same run.

Run on demand: ``python -m visualisations.bench`` (Chromium and Playwright needed for the browser
figures). The graphs are the bundled York bookcase and the funding view of one, two and five
authorities of the synthetic scale ``m`` (about 0.9k, 1.9k and 4.6k nodes), the whole of ``m``
drawn by place, and England: the bookcase of the synthetic scale ``n`` (153 authorities, about 230k
nodes) drawn by place, one node an authority. Making ``n`` takes a minute or two and is not timed;
``BOOKCASE_BENCH_N=0`` leaves that row out.

* **generation**: :func:`build_view` and :func:`render_page` on a partnership already loaded (the
  view's selection, layout, tooltips and the page), median of ``repeat`` runs, with the processor time
  this process spent (steadier than the clock on a machine shared with other work); pyvis's baseline
  builds a ``pyvis.network.Network`` from the same nodes and edges with ``add_node``/``add_edge`` (its
  documented way) and writes its HTML (``generate_html``), once.
* **first frame**: from navigation to vis-network's first ``afterDrawing`` (the page's physics is off),
  from ``performance.now()`` in the page; pyvis's page (its defaults: physics on, ``in_line`` resources,
  requests to CDNs refused) to ``stabilized``, polled every 50 ms, or the timeout.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph_model import Partnership

from .page import render_page
from .views import View, build_view, regions

__all__ = ["main", "measure"]

#: How long pyvis's page may take to settle before the run gives up on it, in seconds.
PYVIS_TIMEOUT = 90.0


def _median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """The median wall-clock time of ``repeat`` runs, and the median processor time this process spent on them
    (on a machine shared with other work the second is the steadier figure)."""
    times, cpu = [], []
    for _ in range(repeat):
        start, used = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    return statistics.median(times), statistics.median(cpu)


def _maker(make: Callable[[], View]) -> Callable[[], str]:
    def made() -> str:
        return render_page(make())

    return made


def _pyvis_html(view: View) -> str:
    from pyvis.network import Network

    net = Network(cdn_resources="in_line", directed=True)
    for n in view.payload["nodes"]:
        net.add_node(n["id"], label=n["name"], title=n["type"])
    for e in view.payload["edges"]:
        net.add_edge(e["from"], e["to"], title=e["type"])
    html: str = net.generate_html()
    return html


def _authorities(p: Partnership, count: int) -> Partnership:
    place = regions(p)
    chosen = sorted(set(place.values()))[:count]
    return p.subset(lambda n: place.get(n.id) in chosen, kind=f"bench-{count}")


def measure(*, repeat: int = 3, browser: bool = True, england: bool = True) -> list[dict[str, Any]]:
    """The benchmark's rows: one per graph, with its node count and each figure (seconds; None when not measured).
    ``england`` adds the row of the synthetic scale ``n`` drawn by place (making ``n`` is not timed)."""
    from loaders import load_bundled
    from loaders.synthetic import build, generate

    records, _ = generate("m", 0)
    m = build(records)
    york = load_bundled("york")
    cases: list[tuple[str, Callable[[], View]]] = [
        ("York bookcase", lambda: build_view(york, "bookcase")),
        ("m, 1 authority, funding", lambda: build_view(_authorities(m, 1), "funding")),
        ("m, 2 authorities, funding", lambda: build_view(_authorities(m, 2), "funding")),
        ("m, 5 authorities, funding", lambda: build_view(_authorities(m, 5), "funding", max_nodes=10_000)),
        ("m, whole, bookcase by place", lambda: build_view(m, "bookcase")),
    ]
    if england:
        del records
        n = build(generate("n", 0)[0])
        cases.append((f"England (n, {len(n):,} nodes), bookcase by place", lambda: build_view(n, "bookcase")))
    rows: list[dict[str, Any]] = []
    folder = Path(tempfile.mkdtemp(prefix="bookcase-view-bench-"))
    try:
        for label, make in cases:
            view = make()
            ours, ours_cpu = _median_time(_maker(make), repeat)
            start = time.perf_counter()
            theirs_html = _pyvis_html(view)
            theirs = time.perf_counter() - start
            page = folder / f"{len(rows)}-ours.html"
            page.write_text(render_page(view), encoding="utf-8")
            base = folder / f"{len(rows)}-pyvis.html"
            base.write_text(theirs_html, encoding="utf-8")
            row: dict[str, Any] = {"graph": label, "nodes": len(view.node_ids), "edges": len(view.edge_ids),
                                   "generate": ours, "generate_cpu": ours_cpu, "generate_pyvis": theirs,
                                   "first_frame": None,
                                   "still_pyvis": None}
            rows.append(row)
            if browser and len(view.node_ids) <= 2_000:
                row["first_frame"], row["still_pyvis"] = _browser_times(page, base, repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def _browser_times(ours: Path, theirs: Path, repeat: int) -> tuple[float | None, float | None]:
    from playwright.sync_api import sync_playwright

    path = os.environ.get("BOOKCASE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        return None, None
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=args, headless=True)
        try:
            frames = []
            for _ in range(repeat):
                tab = browser.new_page(viewport={"width": 1400, "height": 900})
                tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                tab.goto(ours.as_uri(), timeout=120_000)
                tab.wait_for_function("window.bookcaseView && window.bookcaseView.firstDrawn()", timeout=120_000)
                frames.append(float(tab.evaluate("bookcaseView.firstDrawnAt()")) / 1000)
                tab.close()
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            try:  # on a busy machine pyvis's page may not even finish loading within the time allowed
                tab.goto(theirs.as_uri(), wait_until="domcontentloaded", timeout=PYVIS_TIMEOUT * 1000)
                tab.wait_for_function("window.network && network.physics && network.physics.stabilized === true",
                                      timeout=PYVIS_TIMEOUT * 1000, polling=50)
                still: float | None = float(tab.evaluate("performance.now()")) / 1000
            except Exception:  # noqa: BLE001 - not settled within the timeout: reported as such
                still = None
            tab.close()
            return statistics.median(frames), still
        finally:
            browser.close()


def _table(rows: list[dict[str, Any]]) -> str:
    def secs(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f} s"

    def ratio(theirs: float | None, ours: float | None) -> str:
        if ours is None:
            return "—"
        if theirs is None:
            return f"> {PYVIS_TIMEOUT / ours:.0f}× (pyvis not still after {PYVIS_TIMEOUT:.0f} s)"
        return f"{theirs / ours:.1f}×"

    lines = ["| graph | nodes | edges | page made | its CPU | pyvis | ratio | first frame | pyvis still | ratio |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['graph']} | {r['nodes']:,} | {r['edges']:,} | {secs(r['generate'])} | "
                     f"{secs(r['generate_cpu'])} | "
                     f"{secs(r['generate_pyvis'])} | {ratio(r['generate_pyvis'], r['generate'])} | "
                     f"{secs(r['first_frame'])} | {secs(r['still_pyvis'])} | "
                     f"{ratio(r['still_pyvis'], r['first_frame'])} |")
    return "\n".join(lines)


def main() -> None:
    """Print the benchmark's table (Markdown)."""
    print(_table(measure(browser=os.environ.get("BOOKCASE_BENCH_BROWSER", "1") != "0",
                         england=os.environ.get("BOOKCASE_BENCH_N", "1") != "0")))


if __name__ == "__main__":
    main()
