"""Gaps: what no active service, and no money, reaches.

``gaps``
    Priority outcomes, cohorts and localities that no active service reaches, and
    those that no money reaches, plus a coverage matrix.

    * *Priority outcomes* are outcomes with a SUPPORTS_PRIORITY edge. When no
      outcome supports a priority (or ``all_outcomes`` is set) every outcome is
      checked instead, and the answer says so.
    * An outcome is *reached* by an active service that CONTRIBUTES_TO it. A cohort
      (TARGETS) or locality (SERVES) is reached when an active service reaches it,
      a wider one it is PART_OF (a city-wide service reaches the city's areas), or a
      narrower one inside it.
    * *Money reaches* a node when one of the active services that reach it has a
      FUNDS edge from a budget (an edge without an amount still counts: the amount
      is unknown, not zero).
    * The *coverage matrix* counts, for each outcome checked, the active services
      that contribute to it **and** directly target each cohort (``matrix: cohort``,
      the default) or directly serve each locality (``matrix: locality``). Only
      non-zero cells are listed; a missing cell is a zero.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "demo", "name": "Demo"}, nodes=[
...     {"id": "plan", "type": "Plan", "name": "CYPP"},
...     {"id": "pr", "type": "Priority", "name": "Early help"},
...     {"id": "o1", "type": "Outcome", "name": "Fewer exclusions"},
...     {"id": "o2", "type": "Outcome", "name": "Better attendance"},
...     {"id": "s", "type": "Service", "name": "Nurture groups"}],
...   edges=[{"type": "PART_OF", "from": "pr", "to": "plan"},
...          {"type": "SUPPORTS_PRIORITY", "from": "o1", "to": "pr"},
...          {"type": "SUPPORTS_PRIORITY", "from": "o2", "to": "pr"},
...          {"type": "CONTRIBUTES_TO", "from": "s", "to": "o1"}])
>>> gaps(p, GapsParams()).summary().splitlines()[0]
'1 of 2 priority outcomes has no active service: Better attendance.'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership

from .common import NodeRef, active_service_ids, and_list, node_ref, plural, reachable
from .registry import QueryParams, QueryResult, register

__all__ = [
    "CoverageCell",
    "GapItem",
    "GapsParams",
    "GapsResult",
    "gaps",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "gaps"


def _hierarchy_closure(p: Partnership, start: Iterable[str]) -> set[str]:
    """``start`` plus everything above it (PART_OF out) and everything inside it (PART_OF in)."""
    first = set(start)
    return first.union(*(reachable(p.adjacency(EdgeType.PART_OF, d), first) for d in ("out", "in")))


class GapsParams(QueryParams):
    matrix: Literal["cohort", "locality"] = Field(
        "cohort", description="Columns of the coverage matrix: cohorts (TARGETS) or localities (SERVES).")
    all_outcomes: bool = Field(
        False, description="Check every outcome, not only priority outcomes (those with SUPPORTS_PRIORITY).")


class GapItem(BaseModel):
    """One outcome, cohort or locality that no active service, or no money, reaches."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["outcome", "cohort", "locality"]
    node: NodeRef
    gap: Literal["no-active-service", "no-money"] = Field(
        description="no-active-service: nothing reaches it; no-money: services do, but none is funded.")
    services: int = Field(description="Active services that reach it directly (not through a wider or narrower one).")


class CoverageCell(BaseModel):
    """A non-zero cell of the coverage matrix."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: str
    column: str
    services: int


class GapsResult(QueryResult):
    outcome_scope: Literal["priority", "all"] = Field(
        description="Which outcomes were checked: priority outcomes, or all (asked for, or there are no priorities).")
    checked: dict[str, int] = Field(description="How many outcomes, cohorts and localities were checked.")
    gaps: list[GapItem]
    matrix_columns: Literal["cohort", "locality"]
    matrix_rows: list[NodeRef] = Field(description="The outcomes checked, the rows of the matrix.")
    matrix_cols: list[NodeRef] = Field(description="Every cohort or locality, the columns of the matrix.")
    matrix: list[CoverageCell] = Field(description="Non-zero cells: active services per outcome and column.")

    columns: ClassVar[tuple[str, ...]] = ("kind", "id", "name", "gap", "services")

    def table(self) -> list[dict[str, Any]]:
        return [{"kind": g.kind, "id": g.node.id, "name": g.node.name, "gap": g.gap, "services": g.services}
                for g in self.gaps]

    def summary(self) -> str:
        scope = "priority outcome" if self.outcome_scope == "priority" else "outcome"
        lines = []
        for kind, label in (("outcome", scope), ("cohort", "cohort"), ("locality", "locality")):
            total = self.checked.get(kind, 0)
            if not total:
                continue
            plural_form = "localities" if label == "locality" else None
            none = [g.node.name for g in self.gaps if g.kind == kind and g.gap == "no-active-service"]
            unfunded = [g.node.name for g in self.gaps if g.kind == kind and g.gap == "no-money"]
            if none:
                verb = "has" if len(none) == 1 else "have"
                lines.append(f"{len(none)} of {plural(total, label, plural_form)} {verb} no active service: "
                             f"{and_list(none)}.")
            else:
                lines.append(f"Every {label} ({total}) is reached by an active service.")
            if unfunded:
                verb = "is" if len(unfunded) == 1 else "are"
                more = " more" if none else ""
                lines.append(f"{len(unfunded)}{more} {verb} reached only by services no budget funds: "
                             f"{and_list(unfunded)}.")
        if self.outcome_scope == "all" and "outcome" in self.checked:
            lines.append("All outcomes were checked (none, or not only, those supporting a priority).")
        return "\n".join(lines) or "There are no outcomes, cohorts or localities to check."


@register("gaps", family=FAMILY, purpose="Priority outcomes, cohorts and localities no active service or no money "
          "reaches, with a coverage matrix.", params=GapsParams, result=GapsResult)
def gaps(p: Partnership, params: GapsParams) -> GapsResult:
    """Find what no active service, or no money, reaches (see the module docstring).

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "young-carers", "type": "Cohort", "name": "Young carers"},
    ...     {"id": "refugees", "type": "Cohort", "name": "Refugee children"},
    ...     {"id": "s", "type": "Service", "name": "Carers' club"}],
    ...   edges=[{"type": "TARGETS", "from": "s", "to": "young-carers"}])
    >>> [(g.node.id, g.gap) for g in gaps(p, GapsParams()).gaps]
    [('young-carers', 'no-money'), ('refugees', 'no-active-service')]
    """
    active = active_service_ids(p)
    funds_in = p.adjacency(EdgeType.FUNDS, "in")
    funded = {s for s in active if funds_in.get(s)}
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    targets = p.adjacency(EdgeType.TARGETS, "out")
    serves = p.adjacency(EdgeType.SERVES, "out")

    priority_outcomes = p.adjacency(EdgeType.SUPPORTS_PRIORITY, "out")
    all_outcomes = [o.id for o in p.nodes(NodeType.OUTCOME)]
    if params.all_outcomes or not priority_outcomes:
        scope: Literal["priority", "all"] = "all"
        outcomes = all_outcomes
    else:
        scope = "priority"
        outcomes = [o for o in all_outcomes if o in priority_outcomes]

    items: list[GapItem] = []
    checked: dict[str, int] = {}
    dims: list[tuple[Literal["outcome", "cohort", "locality"], list[str], dict[str, list[str]], bool]] = [
        ("outcome", outcomes, contributes, False),
        ("cohort", [c.id for c in p.nodes(NodeType.COHORT)], targets, True),
        ("locality", [loc.id for loc in p.nodes(NodeType.LOCALITY)], serves, True),
    ]
    for kind, candidates, adj, nested in dims:
        checked[kind] = len(candidates)
        direct: Counter[str] = Counter(t for s in active for t in adj.get(s, ()))
        reached = _hierarchy_closure(p, direct) if nested else set(direct)
        money = {t for s in funded for t in adj.get(s, ())}
        paid = _hierarchy_closure(p, money) if nested else money
        for nid in candidates:
            if nid not in reached:
                items.append(GapItem(kind=kind, node=node_ref(p, nid), gap="no-active-service", services=0))
            elif nid not in paid:
                items.append(GapItem(kind=kind, node=node_ref(p, nid), gap="no-money", services=direct[nid]))

    column_adj = targets if params.matrix == "cohort" else serves
    column_type = NodeType.COHORT if params.matrix == "cohort" else NodeType.LOCALITY
    in_scope = set(outcomes)
    cells: Counter[tuple[str, str]] = Counter()
    for s in active:
        for o in contributes.get(s, ()):
            if o in in_scope:
                for c in column_adj.get(s, ()):
                    cells[(o, c)] += 1
    return GapsResult(
        outcome_scope=scope,
        checked=checked,
        gaps=items,
        matrix_columns=params.matrix,
        matrix_rows=[node_ref(p, o) for o in outcomes],
        matrix_cols=[node_ref(p, n.id) for n in p.nodes(column_type)],
        matrix=[CoverageCell(outcome=o, column=c, services=n) for (o, c), n in cells.items()],
    )
