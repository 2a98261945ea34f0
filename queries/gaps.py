"""Coverage: what active services and money reach, and the service-outcome-resource map.

Two named queries, plus the small helpers every part-A query shares
(:class:`NodeRef`, :func:`node_ref`, :func:`resolve_nodes`, :func:`active_service_ids`,
:func:`and_list`).

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

``service-map``
    The services × outcomes × resources map of Staffordshire's framework (seed 003
    Part 5: services "mapped to outcomes and also to resources" to show
    "correlations, overlaps and gaps"): per service its outcomes, budgets with the
    FUNDS amounts, tier and level; per outcome its number of services and the
    money of those services; overlaps (outcomes served by more than one service)
    and gaps (outcomes served by none). A service's money is counted in full
    against each of its outcomes (not apportioned), so outcome totals may add up
    to more than total spend; the ``funding`` query apportions.

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

from collections import Counter, deque
from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership

from .common import NodeRef, Refs, active_service_ids, and_list, format_money, node_ref, resolve_nodes
from .registry import QueryParams, QueryResult, register

__all__ = [
    "CoverageCell",
    "GapItem",
    "GapsParams",
    "GapsResult",
    "OutcomeMapRow",
    "ServiceFunding",
    "ServiceMapParams",
    "ServiceMapResult",
    "ServiceMapRow",
    "gaps",
    "service_map",
]


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _hierarchy_closure(p: Partnership, start: Iterable[str]) -> set[str]:
    """``start`` plus everything above it (PART_OF out) and everything inside it (PART_OF in)."""
    first = set(start)
    closure = set(first)
    for direction in ("out", "in"):
        adj = p.adjacency(EdgeType.PART_OF, direction)
        seen = set(first)
        queue = deque(first)
        while queue:
            for nxt in adj.get(queue.popleft(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        closure |= seen
    return closure


# -- gaps ----------------------------------------------------------------------------------


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
            plural = "localities" if label == "locality" else None
            none = [g.node.name for g in self.gaps if g.kind == kind and g.gap == "no-active-service"]
            unfunded = [g.node.name for g in self.gaps if g.kind == kind and g.gap == "no-money"]
            if none:
                verb = "has" if len(none) == 1 else "have"
                lines.append(f"{len(none)} of {_plural(total, label, plural)} {verb} no active service: "
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


@register("gaps", family="gaps", purpose="Priority outcomes, cohorts and localities no active service or no money "
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


# -- service-map ---------------------------------------------------------------------------


class ServiceMapParams(QueryParams):
    node: list[str] = Field(default_factory=list,
                            description="Only these outcomes (ids or exact names); every outcome when empty.")
    active_only: bool = Field(True, description="Map active services only (planned and decommissioned left out).")
    limit: int = Field(500, ge=0, description="List at most this many services, and services per outcome; "
                                              "counts and totals always cover all. 0 lists everything.")


class ServiceFunding(BaseModel):
    """One budget paying for a service, with the FUNDS amount (None when not recorded)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    budget: NodeRef
    amount: float | None


class ServiceMapRow(BaseModel):
    """One service on the map: its outcomes and its resources."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: NodeRef
    status: str
    tier: int | None
    commissioning_level: str | None
    outcomes: list[NodeRef]
    funding: list[ServiceFunding]
    money: float | None = Field(description="Sum of the known FUNDS amounts; None when no amount is known.")
    unknown_amounts: int = Field(description="FUNDS edges into the service with no amount.")
    annual_cost: float | None


class OutcomeMapRow(BaseModel):
    """One outcome on the map: how many services serve it and with what known money."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: NodeRef
    service_count: int = Field(description="Services contributing to the outcome (all, whatever the limit).")
    services: list[str] = Field(description="Ids of those services, up to the limit (names are in the service rows).")
    money: float | None = Field(description="Known money of its services, each counted in full; None when none known.")
    unknown_amounts: int = Field(description="FUNDS edges into its services with no amount.")


class ServiceMapResult(QueryResult):
    services: list[ServiceMapRow] = Field(description="Services on the map, up to the limit, in input order.")
    outcomes: list[OutcomeMapRow]
    service_total: int = Field(description="Services on the map, whatever the limit.")
    linked_total: int = Field(description="Of those, services contributing to at least one mapped outcome.")
    known_money: float | None = Field(description="Known money of all mapped services; None when none is known.")
    money_services: int = Field(description="Services with some known money.")
    unknown_amounts: int = Field(description="FUNDS edges into mapped services with no amount.")
    unfunded: int = Field(description="Mapped services with no budget recorded.")
    listed: int = Field(description="The limit the lists were cut to; 0 when nothing was cut.")

    columns: ClassVar[tuple[str, ...]] = ("service_id", "service", "tier", "outcomes", "budgets", "money",
                                          "unknown_amounts")

    def table(self) -> list[dict[str, Any]]:
        return [{"service_id": r.service.id, "service": r.service.name, "tier": r.tier,
                 "outcomes": [o.name for o in r.outcomes], "budgets": [f.budget.name for f in r.funding],
                 "money": format_money(r.money) if r.funding else "no budget recorded",
                 "unknown_amounts": r.unknown_amounts} for r in self.services]

    @property
    def overlaps(self) -> list[OutcomeMapRow]:
        """Outcomes served by more than one service."""
        return [o for o in self.outcomes if o.service_count > 1]

    @property
    def gaps(self) -> list[OutcomeMapRow]:
        """Outcomes served by no service."""
        return [o for o in self.outcomes if not o.service_count]

    def summary(self) -> str:
        if not self.outcomes and not self.service_total:
            return "There are no services or outcomes to map."
        linked = self.linked_total
        lines = [f"{_plural(self.service_total, 'service')} mapped against "
                 f"{_plural(len(self.outcomes), 'outcome')}; {linked} contribute{'s' if linked == 1 else ''} "
                 "to at least one."]
        if self.overlaps:
            lines.append(f"Overlaps: {_plural(len(self.overlaps), 'outcome')} served by more than one service: "
                         + and_list([f"{o.outcome.name} ({o.service_count})" for o in self.overlaps]) + ".")
        if self.gaps:
            lines.append(f"Gaps: {_plural(len(self.gaps), 'outcome')} served by no service: "
                         + and_list([o.outcome.name for o in self.gaps]) + ".")
        money = (f"{format_money(self.known_money)} recorded against {_plural(self.money_services, 'service')}"
                 if self.known_money is not None else "no amount recorded for any service")
        lines.append(f"Resources: {money}; {_plural(self.unknown_amounts, 'funding link')} without an amount; "
                     f"{_plural(self.unfunded, 'service')} with no budget recorded.")
        if self.listed:
            lines.append(f"Lists cut to {self.listed} (use --limit 0 for all); the counts above cover every service.")
        return "\n".join(lines)


@register("service-map", family="service-map", purpose="Services mapped to outcomes and resources: "
          "correlations, overlaps and gaps (Staffordshire's map).", params=ServiceMapParams, result=ServiceMapResult)
def service_map(p: Partnership, params: ServiceMapParams) -> ServiceMapResult:
    """Map services to outcomes and to the money that pays for them (see the module docstring).

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "o", "type": "Outcome", "name": "Less obesity"},
    ...     {"id": "b", "type": "Budget", "name": "Public health grant"},
    ...     {"id": "s", "type": "Service", "name": "Healthy schools", "tier": 1}],
    ...   edges=[{"type": "CONTRIBUTES_TO", "from": "s", "to": "o"},
    ...          {"type": "FUNDS", "from": "b", "to": "s", "amount": 5000}])
    >>> r = service_map(p, ServiceMapParams())
    >>> r.services[0].money, r.outcomes[0].money
    (5000.0, 5000.0)
    """
    if params.node:
        outcome_ids = resolve_nodes(p, params.node, query="service-map", types=[NodeType.OUTCOME])
    else:
        outcome_ids = [o.id for o in p.nodes(NodeType.OUTCOME)]
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    contributors = p.adjacency(EdgeType.CONTRIBUTES_TO, "in")
    candidates = active_service_ids(p) if params.active_only else [s.id for s in p.nodes(NodeType.SERVICE)]
    if params.node:
        wanted = set(outcome_ids)
        keep = {s for o in outcome_ids for s in contributors.get(o, ())}
        service_ids = [s for s in candidates if s in keep]
    else:
        wanted = set(outcome_ids)
        service_ids = candidates

    # Totals are counted over every service in plain data; models are made only for what is listed
    # (at scale n there are 120k services, and a model each would cost seconds).
    cap = params.limit or None
    refs = Refs(p)
    funds: dict[str, list[tuple[str, float | None]]] = {}
    for e in p.edges(EdgeType.FUNDS):
        funds.setdefault(e.to, []).append((e.from_, e.amount))  # type: ignore[attr-defined]
    by_outcome: dict[str, list[str]] = {o: [] for o in outcome_ids}
    money_of: dict[str, tuple[float | None, int]] = {}
    linked = unfunded = money_services = unknown_total = 0
    known_total = 0.0
    for sid in service_ids:
        funding = funds.get(sid, [])
        known = [a for _, a in funding if a is not None]
        money = sum(known) if known else None
        unknown = len(funding) - len(known)
        money_of[sid] = (money, unknown)
        unknown_total += unknown
        unfunded += not funding
        if money is not None:
            known_total += money
            money_services += 1
        outs = [o for o in contributes.get(sid, ()) if o in wanted]
        linked += bool(outs)
        for o in outs:
            by_outcome[o].append(sid)

    rows: list[ServiceMapRow] = []
    for sid in service_ids[:cap]:
        rec: Any = p.node(sid)
        money, unknown = money_of[sid]
        rows.append(ServiceMapRow(
            service=refs(sid), status=rec.status.value, tier=rec.tier,
            commissioning_level=rec.commissioning_level.value if rec.commissioning_level else None,
            outcomes=[refs(o) for o in contributes.get(sid, ()) if o in wanted],
            funding=[ServiceFunding(budget=refs(b), amount=a) for b, a in funds.get(sid, [])],
            money=money, unknown_amounts=unknown, annual_cost=rec.annual_cost))

    outcome_rows = []
    for o in outcome_ids:
        sids = by_outcome[o]
        amounts = [a for a in (money_of[s][0] for s in sids) if a is not None]
        outcome_rows.append(OutcomeMapRow(
            outcome=refs(o), service_count=len(sids), services=sids[:cap],
            money=sum(amounts) if amounts else None, unknown_amounts=sum(money_of[s][1] for s in sids)))
    cut = cap is not None and (len(service_ids) > cap or any(len(v) > cap for v in by_outcome.values()))
    return ServiceMapResult(
        services=rows, outcomes=outcome_rows, service_total=len(service_ids), linked_total=linked,
        known_money=known_total if money_services else None, money_services=money_services,
        unknown_amounts=unknown_total, unfunded=unfunded, listed=cap if cut and cap else 0)
