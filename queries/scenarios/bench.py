"""Timing ``scenario compare`` on a large partnership: a benchmark, not a test (``bookcase benchmark --scenario``).

:func:`scenario_of` makes a scenario of ``size`` changes that applies cleanly to a partnership, drawn
with a seeded random choice from its own records: services stopped, money re-routed between
services, amounts assumed for budgets that record none, new services commissioned, members joining
bodies and sub-groups moved under another top board. :func:`time_compare` times
:func:`~queries.scenarios.compare.compare_scenario` with it beside a baseline measured in the same
run, on the same partnership: the named queries the comparison runs, each once on the whole partnership
as it is. The load is not counted; the first run of each, which builds the partnership's kept indexes
(as a server's first answers do), is shown apart.

>>> from loaders import load
>>> york = load("york")
>>> sc = scenario_of(york, size=6, seed=1)
>>> len(sc.changes), sc.problems
(6, [])
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from graph_model import EdgeType, NodeType, Partnership
from queries.registry import run_query

from .compare import compare_scenario, reach
from .parse import ScenarioText, parse_scenario_text

__all__ = ["BASELINE_QUERIES", "CompareTiming", "run_scenario_benchmark", "scenario_of", "time_compare"]

#: The named queries a comparison runs on each side (besides ``reports-to`` once per top board and
#: ``decommission-impact`` once): the baseline is each of them once, on the partnership as it is.
BASELINE_QUERIES: tuple[tuple[str, dict[str, Any] | None], ...] = (
    ("gaps", {"all_outcomes": True}), ("funding", None), ("accountability-integrity", None), ("health", None),
    ("duplicates", {"limit": 0}))


def scenario_of(p: Partnership, *, size: int = 100, seed: int = 0) -> ScenarioText:
    """A scenario of ``size`` changes that applies cleanly to ``p`` (as YAML text, read as a file is).

    The changes are drawn from one area: whole connected parts of ``p`` (at scale n, local authorities) taken
    from a seeded start until they hold three times ``size`` active services. Each change touches records no
    other change touches, so none contradicts another: about a third stop a service, a quarter re-route half of
    a service's one known budget flow into another service, and the rest assume an amount for a budget with
    none, commission a new service, add a membership or move a sub-group under another top board, as far as the
    area has records for each.
    """
    rng = random.Random(seed)
    day = p.dating().day
    now = p.as_of(day)
    services = [s for s in now.nodes(NodeType.SERVICE)
                if getattr(s, "end_date", None) is None and getattr(s, "status", None) is not None
                and s.status.value == "active"]  # type: ignore[attr-defined]
    rng.shuffle(services)
    near = _area(p, [s.id for s in services], 3 * size)
    services = [s for s in services if s.id in near]
    used: set[str] = set()

    def take(pool: list[Any], ok: Callable[[Any], bool] = lambda _: True) -> Any:
        while pool:
            item = pool.pop()
            if item.id not in used and ok(item):
                used.add(item.id)
                return item
        return None

    def one_flow(s: Any) -> bool:
        flows = [e for e in p.in_edges(s.id, EdgeType.FUNDS) if e.valid_to is None]
        return len(flows) == 1 and (flows[0].amount or 0) >= 2  # type: ignore[attr-defined]

    def local(*types: NodeType) -> list[Any]:
        return [n for n in p.nodes(*types) if n.id in near]

    budgets = [b for b in local(NodeType.BUDGET) if getattr(b, "amount", None) is None]
    with_money = [b for b in local(NodeType.BUDGET) if getattr(b, "amount", None) is not None]
    outcomes, cohorts = local(NodeType.OUTCOME), local(NodeType.COHORT)
    members = local(NodeType.PARTNER, NodeType.POST)
    tops = {t for t in p.tops() if t in near}
    subgroups = local(NodeType.SUBGROUP)
    bodies = local(NodeType.BOARD, NodeType.SUBGROUP)
    rng.shuffle(budgets)
    rng.shuffle(subgroups)
    changes: list[dict[str, Any]] = []
    kinds = ["decommission"] * 33 + ["reroute"] * 25 + ["assume"] * 10 + ["commission"] * 12 + ["join"] * 10 + \
        ["move"] * 10
    made = 0
    while len(changes) < size and made < size * 4:
        made += 1
        kind = kinds[rng.randrange(len(kinds))]
        if kind == "decommission" and (s := take(services)) is not None:
            changes.append({"change": "decommission", "services": [s.id], "from": day.isoformat()})
        elif kind == "reroute" and (s := take(services, one_flow)) is not None and (t := take(services)) is not None:
            flow = next(e for e in p.in_edges(s.id, EdgeType.FUNDS) if e.valid_to is None)
            changes.append({"change": "reroute", "amount": float(flow.amount // 2),  # type: ignore[attr-defined]
                            "out_of": s.id, "into": t.id})
        elif kind == "assume" and (b := take(budgets)) is not None:
            changes.append({"change": "assume", "node": b.id, "amount": 100_000})
        elif kind == "commission" and outcomes and cohorts and with_money:
            n = sum(c["change"] == "commission" for c in changes) + 1
            changes.append({"change": "commission", "id": f"bench-new-service-{n}", "name": f"New service {n}",
                            "tier": rng.choice((2, 3)), "outcomes": [rng.choice(outcomes).id],
                            "cohorts": [rng.choice(cohorts).id], "budget": rng.choice(with_money).id,
                            "amount": 50_000, "from": day.isoformat()})
        elif kind == "join" and members and bodies:
            member, body = rng.choice(members), rng.choice(bodies)
            key = f"{member.id} in {body.id}"
            if key not in used and not any(e.to == body.id for e in p.out_edges(member.id, EdgeType.MEMBER_OF)):
                used.add(key)
                changes.append({"change": "join", "member": member.id, "body": body.id})
        elif kind == "move" and len(tops) > 1 and (g := take(subgroups)) is not None:
            parents = {e.to for e in p.out_edges(g.id, EdgeType.ACCOUNTABLE_TO) if e.valid_to is None}
            choices = sorted(tops - parents - {g.id})
            if choices:
                changes.append({"change": "move", "body": g.id, "to": rng.choice(choices)})
    text = yaml.safe_dump({"scenario": {"name": f"{len(changes)} changes (benchmark, seed {seed})"},
                           "changes": changes}, sort_keys=False)
    return parse_scenario_text(text, file=f"benchmark-{len(changes)}-changes.yaml")


def _area(p: Partnership, starts: list[str], services: int) -> set[str]:
    """The nodes of whole connected parts of ``p``, taken in the order of ``starts``, until they hold at least
    ``services`` of those services (or all of ``p``): a commissioner's scenario is about their own area."""
    seen: set[str] = set()
    for start in starts:
        if start in seen:
            continue
        seen.add(start)
        todo = [start]
        while todo:
            nid = todo.pop()
            for other in [e.to for e in p.out_edges(nid)] + [e.from_ for e in p.in_edges(nid)]:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        if sum(s in seen for s in starts) >= services:
            break
    return seen


@dataclass
class CompareTiming:
    """Seconds for the comparison and for the baseline, in the same run: the first of each (before any answer was
    asked of the partnership, so it builds the partnership's kept indexes), then ``repeat`` of each, interleaved."""

    changes: int
    first_compare: float = 0.0
    first_baseline: float = 0.0
    compare: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    rows: int = 0
    scoped: bool = False

    @property
    def ratio(self) -> float:
        """The comparison's median over the baseline's."""
        return statistics.median(self.compare) / statistics.median(self.baseline)

    def lines(self) -> list[str]:
        """The timings as a Markdown table."""
        c, b = statistics.median(self.compare), statistics.median(self.baseline)
        part = "the part the changes reach" if self.scoped else "the whole partnership"
        return ["| what | first run s (the comparison first, on the partnership as loaded) | median s | range s |",
                "|---|---:|---:|---:|",
                f"| scenario compare, {self.changes} changes ({self.rows} rows; on {part}) | "
                f"{self.first_compare:.2f} | {c:.2f} | {min(self.compare):.2f}-{max(self.compare):.2f} |",
                f"| baseline: {', '.join(q for q, _ in BASELINE_QUERIES)}, once each on the whole | "
                f"{self.first_baseline:.2f} | {b:.2f} | {min(self.baseline):.2f}-{max(self.baseline):.2f} |",
                f"| ratio, compare ÷ baseline | {self.first_compare / self.first_baseline:.2f}× | {self.ratio:.2f}× | |"]


def time_compare(p: Partnership, sc: ScenarioText, *, repeat: int = 3, as_of: dt.date | None = None,
                 out: Callable[[str], object] | None = None) -> CompareTiming:
    """Time ``compare_scenario(p, sc)`` and the baseline (:data:`BASELINE_QUERIES` once each on ``p``): a first run
    of each on the partnership as loaded, then ``repeat`` runs of each, interleaved."""
    timing = CompareTiming(changes=len(sc.changes), scoped=reach(p, sc) is not None)

    def baseline() -> None:
        for name, params in BASELINE_QUERIES:
            run_query(name, p, params, as_of=as_of)

    def compare() -> None:
        timing.rows = len(compare_scenario(p, sc, as_of=as_of).rows)

    def timed(fn: Callable[[], None], what: str) -> float:
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        if out is not None:
            out(f"  {what}: {took:.2f} s")
        return took

    timing.first_compare = timed(compare, "compare, first run")
    timing.first_baseline = timed(baseline, "baseline, first run")
    for i in range(repeat):
        for what in (("compare", "baseline") if i % 2 == 0 else ("baseline", "compare")):
            if what == "compare":
                timing.compare.append(timed(compare, f"compare, run {i + 1}"))
            else:
                timing.baseline.append(timed(baseline, f"baseline, run {i + 1}"))
    return timing


def run_scenario_benchmark(p: Partnership, *, size: int = 100, seed: int = 0, repeat: int = 3,
                           out: Callable[[str], object] = print) -> CompareTiming:
    """Make a scenario of ``size`` changes for ``p`` (:func:`scenario_of`), time its comparison against the baseline
    (:func:`time_compare`) and print the table through ``out``."""
    start = time.perf_counter()
    sc = scenario_of(p, size=size, seed=seed)
    out(f"{len(p):,} nodes, {p.edge_count:,} edges; a scenario of {len(sc.changes)} changes "
        f"({', '.join(sorted({c.change for c in sc.changes}))}; made in {time.perf_counter() - start:.1f} s)")  # type: ignore[attr-defined]
    timing = time_compare(p, sc, repeat=repeat, out=out)
    for line in timing.lines():
        out(line)
    return timing
