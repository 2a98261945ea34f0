"""The import benchmark: a real Open Referral UK feed and the same feed scaled to 20,000 services.

Not a test. :func:`run_import_benchmark` times, in one run and on the same machine:

* reading the feed (``json.load``), the anchor every import time is compared with;
* importing it (:func:`loaders.importers.import_files`: the schema check of every record,
  the mapping, the merge and the project's validation);
* importing a feed of ``scaled`` services made by repeating the real one with new ids (each
  copy's organisations renamed, so that partners do not all merge into one);
* the ``duplicates`` query on the imported real feed.

Each time is the median of ``repeat`` runs with its range. Targets (the issue's): 20,000
services imported in 10 s or less on two cores; duplicates on the imported Bristol graph in
1 s or less.
"""

from __future__ import annotations

import copy
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .tables import spread

__all__ = ["run_import_benchmark", "scaled_feed"]


def scaled_feed(services: list[Any], size: int) -> list[Any]:
    """``size`` services made by repeating ``services``, each copy with new service and organisation ids and
    its organisations' names marked with the copy's number.

    >>> [s["id"] for s in scaled_feed([{"id": "a"}, {"id": "b"}], 3)]
    ['a-r0', 'b-r0', 'a-r1']
    """
    out: list[Any] = []
    copy_no = 0
    while len(out) < size and services:
        for service in services:
            if len(out) >= size:
                break
            made = copy.deepcopy(service)
            if isinstance(made, dict):
                made["id"] = f"{made.get('id')}-r{copy_no}"
                org = made.get("organization")
                if isinstance(org, dict):
                    made["organization"] = {**org, "id": f"{org.get('id')}-r{copy_no}",
                                            "name": f"{org.get('name')} ({copy_no})"}
            out.append(made)
        copy_no += 1
    return out


def _times(run: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return times, result


def _ratio(times: list[float], anchor: list[float]) -> str:
    return f"{statistics.median(times) / max(statistics.median(anchor), 1e-9):.0f}"


def run_import_benchmark(feed: Path, *, scaled: int = 20_000, repeat: int = 3,
                         out: Callable[[str], None] = print) -> None:
    """Time reading, importing and scaling ``feed`` (an ORUK v1 JSON list), and duplicates on it; print a table."""
    from loaders.importers import import_files
    from queries.registry import run_query

    def read() -> Any:
        with open(feed, encoding="utf-8") as fh:
            return json.load(fh)

    services = read()
    rows: list[tuple[str, str, str, str]] = []
    anchor, _ = _times(read, repeat)
    rows.append((f"read {feed.name} (json.load, the anchor)", str(len(services)), spread(anchor), "1.0"))
    imported, (p, _report) = _times(lambda: import_files("oruk", [feed]), repeat)
    rows.append((f"import {feed.name}", str(len(p.nodes("Service"))), spread(imported), _ratio(imported, anchor)))
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / f"scaled-{scaled}.json"
        big.write_text(json.dumps(scaled_feed(services, scaled)), encoding="utf-8")
        big_times, (q, _) = _times(lambda: import_files("oruk", [big]), max(1, repeat - 1))
        rows.append((f"import the feed scaled to {scaled:,} services (target ≤ 10 s)", str(len(q.nodes("Service"))),
                     spread(big_times), _ratio(big_times, anchor)))
    dup_times, _ = _times(lambda: run_query("duplicates", p, {}), repeat)
    rows.append((f"duplicates on the imported {feed.name} (target ≤ 1 s)", str(len(p.nodes("Service"))),
                 spread(dup_times), "—"))
    out("| step | services | time (median, range) | × the anchor |")
    out("|---|---|---|---|")
    for row in rows:
        out("| " + " | ".join(row) + " |")
