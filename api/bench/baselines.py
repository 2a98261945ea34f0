"""Naive baselines, timed in the same run as the named queries they stand beside.

Pairwise comparison of active services for duplicates; one scan of every edge per
step for reporting lines and trees; one scan of every edge per item for gaps and
health. A baseline that would run for long is timed on a sample and extrapolated.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from itertools import product
from typing import Any

from graph_model import EdgeBase, EdgeType, NodeType, Partnership
from graph_model.models import ServiceStatus

__all__ = ["BASELINES", "BASELINE_BUDGET", "DUPLICATES_BUDGET"]

BASELINE_BUDGET = 3.0
#: The pairwise duplicate baseline runs in full up to this many seconds (all of m), then extrapolates.
DUPLICATES_BUDGET = 30.0


# -- naive baselines ------------------------------------------------------------------------------


def _scan_items(items: Sequence[Any], scan: Callable[[Any], object], *, weight: float = 1.0,
                budget: float = BASELINE_BUDGET) -> tuple[float, bool]:
    """Run ``scan`` on each item; past ``budget`` seconds, extrapolate from the items done."""
    start = time.perf_counter()
    for done, item in enumerate(items, start=1):
        scan(item)
        elapsed = time.perf_counter() - start
        if elapsed > budget and done < len(items):
            return elapsed / done * len(items) * weight, True
    return (time.perf_counter() - start) * weight, False


def _naive_duplicates(p: Partnership, params: Mapping[str, Any]) -> tuple[float, bool]:
    """Compare every pair of active services for a shared (outcome, cohort, locality)."""
    start = time.perf_counter()
    out: dict[EdgeType, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for e in p.edges(EdgeType.CONTRIBUTES_TO, EdgeType.TARGETS, EdgeType.SERVES):
        out[e.type][e.from_].append(e.to)
    active = [s.id for s in p.nodes(NodeType.SERVICE) if s.status is ServiceStatus.ACTIVE]  # type: ignore[attr-defined]
    def recorded(ids: list[str]) -> list[str | None]:  # an unrecorded cohort or locality matches another
        return [*ids] if ids else [None]

    keys = [frozenset(product(out[EdgeType.CONTRIBUTES_TO][s], recorded(out[EdgeType.TARGETS][s]),
                              recorded(out[EdgeType.SERVES][s]))) for s in active]
    setup = time.perf_counter() - start
    overlaps: list[tuple[int, int]] = []

    def row(i: int) -> None:  # compare service i with every other; each pair is met twice over all rows
        mine = keys[i]
        overlaps.extend((i, j) for j, theirs in enumerate(keys) if j != i and not mine.isdisjoint(theirs))

    seconds, extrapolated = _scan_items(range(len(keys)), row, weight=0.5, budget=DUPLICATES_BUDGET)
    return setup + seconds, extrapolated


_UPWARD_RANK: dict[EdgeType, tuple[int, bool]] = {  # edge type -> (preference, followed forwards?)
    EdgeType.ACCOUNTABLE_TO: (0, True), EdgeType.REPORTS_TO: (1, True), EdgeType.DELEGATES_TO: (2, False),
    EdgeType.INFLUENCES: (3, True), EdgeType.SUPPORTS: (4, True), EdgeType.CHAIRS: (5, True),
    EdgeType.MEMBER_OF: (6, True), EdgeType.COMMISSIONS: (7, False),
}


def _naive_reporting_line(p: Partnership, params: Mapping[str, Any]) -> tuple[float, bool]:
    """Climb from the node, scanning every edge at each step for the strongest link up."""
    edges = p.edges()
    start = time.perf_counter()
    here, seen = str(params["node"]), {str(params["node"])}
    while True:
        best: tuple[int, str] | None = None
        for e in edges:
            rank = _UPWARD_RANK.get(e.type)
            if rank is None:
                continue
            forwards = rank[1]
            if (e.from_ if forwards else e.to) != here:
                continue
            nxt = e.to if forwards else e.from_
            if nxt not in seen and (best is None or rank[0] < best[0]):
                best = (rank[0], nxt)
        if best is None:
            return time.perf_counter() - start, False
        here = best[1]
        seen.add(here)


def _naive_reports_to(p: Partnership, params: Mapping[str, Any]) -> tuple[float, bool]:
    """Walk down from the node, scanning every edge for the children of each node reached."""
    edges = p.edges()
    down = {EdgeType.ACCOUNTABLE_TO, EdgeType.REPORTS_TO, EdgeType.INFLUENCES, EdgeType.SUPPORTS}
    placed = {str(params["node"])}
    queue = [str(params["node"])]

    def children(nid: str) -> None:
        for e in edges:
            if e.type in down and e.to == nid:
                child = e.from_
            elif e.type is EdgeType.DELEGATES_TO and e.from_ == nid:
                child = e.to
            else:
                continue
            if child not in placed:
                placed.add(child)
                queue.append(child)

    start = time.perf_counter()
    done = 0
    while done < len(queue):
        children(queue[done])
        done += 1
        elapsed = time.perf_counter() - start
        if elapsed > BASELINE_BUDGET and done < len(queue):
            # Each scan costs the same; the tree's size comes from the adjacency maps.
            total = _tree_size(p, str(params["node"]), down)
            return elapsed / done * total, True
    return time.perf_counter() - start, False


def _tree_size(p: Partnership, root: str, down: set[EdgeType]) -> int:
    maps = [p.adjacency(t, "in") for t in down] + [p.adjacency(EdgeType.DELEGATES_TO, "out")]
    seen, queue = {root}, [root]
    while queue:
        nid = queue.pop()
        for m in maps:
            for child in m.get(nid, ()):
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
    return len(seen)


def _scan_all_edges(edges: list[EdgeBase], test: Callable[[EdgeBase], bool]) -> bool:
    return any(test(e) for e in edges)


def _naive_gaps(p: Partnership, params: Mapping[str, Any]) -> tuple[float, bool]:
    """For each outcome, cohort and locality, scan every edge for an active service reaching it (no hierarchy)."""
    edges = p.edges()
    active = {s.id for s in p.nodes(NodeType.SERVICE) if s.status is ServiceStatus.ACTIVE}  # type: ignore[attr-defined]
    reach = {EdgeType.CONTRIBUTES_TO, EdgeType.TARGETS, EdgeType.SERVES}
    items = [n.id for n in p.nodes(NodeType.OUTCOME, NodeType.COHORT, NodeType.LOCALITY)]
    return _scan_items(items, lambda nid: _scan_all_edges(
        edges, lambda e: e.to == nid and e.type in reach and e.from_ in active))


def _naive_health(p: Partnership, params: Mapping[str, Any]) -> tuple[float, bool]:
    """For each body, service, outcome and budget, scan every edge for its chair, outcome, indicator or spending."""
    edges = p.edges()
    wanted: dict[NodeType, Callable[[str], Callable[[EdgeBase], bool]]] = {
        NodeType.BOARD: lambda nid: lambda e: e.type is EdgeType.CHAIRS and e.to == nid,
        NodeType.SUBGROUP: lambda nid: lambda e: e.type is EdgeType.CHAIRS and e.to == nid,
        NodeType.SERVICE: lambda nid: lambda e: e.type is EdgeType.CONTRIBUTES_TO and e.from_ == nid,
        NodeType.OUTCOME: lambda nid: lambda e: e.type is EdgeType.MEASURED_BY and e.from_ == nid,
        NodeType.BUDGET: lambda nid: lambda e: e.type is EdgeType.FUNDS and e.from_ == nid,
    }
    items = [(n.id, wanted[n.type]) for n in p.nodes(*wanted)]
    return _scan_items(items, lambda item: _scan_all_edges(edges, item[1](item[0])))


#: Naive versions of some queries, each returning (seconds, extrapolated).
BASELINES: dict[str, Callable[[Partnership, Mapping[str, Any]], tuple[float, bool]]] = {
    "duplicates": _naive_duplicates,
    "reporting-line": _naive_reporting_line,
    "reports-to": _naive_reports_to,
    "gaps": _naive_gaps,
    "health": _naive_health,
}
