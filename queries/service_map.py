"""The service map: services × outcomes × resources.

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
...     {"id": "o1", "type": "Outcome", "name": "Fewer exclusions"},
...     {"id": "o2", "type": "Outcome", "name": "Better attendance"},
...     {"id": "s", "type": "Service", "name": "Nurture groups"},
...     {"id": "t", "type": "Service", "name": "Attendance team"}],
...   edges=[{"type": "CONTRIBUTES_TO", "from": "s", "to": "o1"},
...          {"type": "CONTRIBUTES_TO", "from": "t", "to": "o1"}])
>>> service_map(p, ServiceMapParams()).summary().splitlines()[1:3]
['Overlaps: 1 outcome served by more than one service: Fewer exclusions (2).', 'Gaps: 1 outcome served by no service: Better attendance.']
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership

from .common import NodeRef, Refs, active_service_ids, and_list, format_money, plural, resolve_nodes
from .registry import QueryParams, QueryResult, register

__all__ = [
    "OutcomeMapRow",
    "ServiceFunding",
    "ServiceMapParams",
    "ServiceMapResult",
    "ServiceMapRow",
    "service_map",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "service-map"


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
        lines = [f"{plural(self.service_total, 'service')} mapped against "
                 f"{plural(len(self.outcomes), 'outcome')}; {linked} contribute{'s' if linked == 1 else ''} "
                 "to at least one."]
        if self.overlaps:
            lines.append(f"Overlaps: {plural(len(self.overlaps), 'outcome')} served by more than one service: "
                         + and_list([f"{o.outcome.name} ({o.service_count})" for o in self.overlaps]) + ".")
        if self.gaps:
            lines.append(f"Gaps: {plural(len(self.gaps), 'outcome')} served by no service: "
                         + and_list([o.outcome.name for o in self.gaps]) + ".")
        money = (f"{format_money(self.known_money)} recorded against {plural(self.money_services, 'service')}"
                 if self.known_money is not None else "no amount recorded for any service")
        lines.append(f"Resources: {money}; {plural(self.unknown_amounts, 'funding link')} without an amount; "
                     f"{plural(self.unfunded, 'service')} with no budget recorded.")
        if self.listed:
            lines.append(f"Lists cut to {self.listed} (use --limit 0 for all); the counts above cover every service.")
        return "\n".join(lines)


@register("service-map", family=FAMILY, purpose="Services mapped to outcomes and resources: "
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
