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

Money is of two kinds, never added together (:mod:`queries.money`): the *annual*
amounts budgets pay a service (FUNDS), and the *lifetime* value of the contracts
that commission it (COMMISSIONS), with the contracts' dates. Each row, each
outcome and the summary give them apart, each labelled.

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
['Overlaps: 1 outcome served by more than one service: Fewer exclusions (2).', 'Gaps: 1 outcome served by no service recorded: Better attendance.']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import repeat
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership
from graph_model.timeframe import long_date

from .common import (
    NodeRef,
    Refs,
    active_service_ids,
    and_list,
    counted,
    format_money,
    kept,
    not_recorded_note,
    resolve_nodes,
)
from .money import ANNUAL_LABEL, LIFETIME_LABEL, Amount, ContractTotal, service_money
from .registry import QueryParams, QueryResult, register

__all__ = [
    "OutcomeMapRow",
    "ServiceContract",
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
    """One budget paying for a service, with the FUNDS amount (annual; None when not recorded)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    budget: NodeRef
    amount: float | None


class ServiceContract(BaseModel):
    """One contract commissioning a service: who buys it and its lifetime value with its dates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    commissioner: NodeRef
    value: Amount = Field(description="The contract's lifetime value (basis 'lifetime'), with its first and last "
                                      "days when recorded; None amount when not recorded.")
    tendered: bool | None


class ServiceMapRow(BaseModel):
    """One service on the map: its outcomes and its resources."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: NodeRef
    status: str
    tier: int | None
    commissioning_level: str | None
    outcomes: list[NodeRef]
    funding: list[ServiceFunding]
    money: float | None = Field(description="Sum of the known FUNDS amounts (annual); None when no amount is known.")
    unknown_amounts: int = Field(description="FUNDS edges into the service with no amount.")
    annual_cost: float | None
    contracts: list[ServiceContract] = Field(default_factory=list)
    contract_value: float | None = Field(None, description="Sum of the known lifetime values of its contracts; None "
                                                           "when none is known. Never added to money.")
    unknown_contract_values: int = Field(0, description="Contracts for the service with no value recorded.")


class OutcomeMapRow(BaseModel):
    """One outcome on the map: how many services serve it and with what known money."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: NodeRef
    service_count: int = Field(description="Services contributing to the outcome (all, whatever the limit).")
    services: list[str] = Field(description="Ids of those services, up to the limit (names are in the service rows).")
    money: float | None = Field(description="Known annual money of its services, each counted in full; None when "
                                            "none known.")
    unknown_amounts: int = Field(description="FUNDS edges into its services with no amount.")
    contract_value: float | None = Field(None, description="Known lifetime contract value of its services, each "
                                                           "counted in full; None when none known.")
    unknown_contract_values: int = Field(0, description="Contracts for its services with no value recorded.")


class ServiceMapResult(QueryResult):
    services: list[ServiceMapRow] = Field(description="Services on the map, up to the limit, in input order.")
    outcomes: list[OutcomeMapRow]
    service_total: int = Field(description="Services on the map, whatever the limit.")
    linked_total: int = Field(description="Of those, services contributing to at least one mapped outcome.")
    known_money: float | None = Field(description="Known annual money of all mapped services; None when none is "
                                                  "known.")
    money_services: int = Field(description="Services with some known money.")
    unknown_amounts: int = Field(description="FUNDS edges into mapped services with no amount.")
    unfunded: int = Field(description="Mapped services with no budget recorded.")
    contracts: ContractTotal = Field(default_factory=ContractTotal,
                                     description="Lifetime value of the contracts for mapped services, with their "
                                                 "dates; never added to the annual money.")
    services_coverage: str | None = Field(None, description="What the partnership's file declares of its services "
                                                            "(coverage.services): a gap is a fact only when complete.")
    contract_services: int = Field(0, description="Mapped services with at least one contract recorded.")
    listed: int = Field(description="The limit the lists were cut to; 0 when nothing was cut.")

    columns: ClassVar[tuple[str, ...]] = ("service_id", "service", "tier", "outcomes", "budgets", "annual_money",
                                          "unknown_amounts", "contract_value")

    def table(self) -> list[dict[str, Any]]:
        return [{"service_id": r.service.id, "service": r.service.name, "tier": r.tier,
                 "outcomes": [o.name for o in r.outcomes], "budgets": [f.budget.name for f in r.funding],
                 "annual_money": format_money(r.money) if r.funding else "no budget recorded",
                 "unknown_amounts": r.unknown_amounts,
                 "contract_value": [f"{c.value.text()} ({c.commissioner.name})" for c in r.contracts]
                 or "no contract recorded"} for r in self.services]

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
        lines = [f"{counted(self.service_total, 'service')} mapped against "
                 f"{counted(len(self.outcomes), 'outcome')}; {linked:,} contribute{'s' if linked == 1 else ''} "
                 "to at least one."]
        if self.overlaps:
            lines.append(f"Overlaps: {counted(len(self.overlaps), 'outcome')} served by more than one service: "
                         + and_list([f"{o.outcome.label} ({o.service_count})" for o in self.overlaps], sep="; ") + ".")
        if self.gaps:
            served = "served by no service" + ("" if self.services_coverage == "complete" else " recorded")
            lines.append(f"Gaps: {counted(len(self.gaps), 'outcome')} {served}: "
                         + and_list([o.outcome.label for o in self.gaps], sep="; ") + ".")
            note = not_recorded_note(self.services_coverage, [served], nothing_else="that no provision serves them")
            if note:
                lines.append(note)
        money = (f"{format_money(self.known_money)} recorded against {counted(self.money_services, 'service')}"
                 if self.known_money is not None else "no amount recorded for any service")
        lines.append(f"Resources, {ANNUAL_LABEL}: {money}; {counted(self.unknown_amounts, 'funding link')} without "
                     f"an amount; {counted(self.unfunded, 'service')} with no budget recorded.")
        if self.contracts.contracts:
            lines.append(f"Contracts, {LIFETIME_LABEL} (not a year's budget, so never added to the amounts above): "
                         f"{self.contracts.text()}, for {counted(self.contract_services, 'service')}.")
        else:
            lines.append("No contract is recorded for a mapped service.")
        if self.listed:
            lines.append(f"Lists cut to {self.listed} (use --limit 0 for all); the counts above cover every service.")
        return "\n".join(lines)


@register("service-map", family=FAMILY, purpose="Services mapped to outcomes and resources: "
          "correlations, overlaps and gaps (Staffordshire's map).", params=ServiceMapParams, result=ServiceMapResult,
          reads=("Service.tier",))
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
        contributors = p.adjacency(EdgeType.CONTRIBUTES_TO, "in")
        keep = {s for o in outcome_ids for s in contributors.get(o, ())}
        tally = _tally(p, [s for s in _candidates(p, params.active_only) if s in keep], outcome_ids)
    else:  # the whole map: worked out once per partnership and kept
        which = "active" if params.active_only else "all"
        tally = kept(p, f"service-map: {which} services",
                     lambda: _tally(p, _candidates(p, params.active_only), [o.id for o in p.nodes(NodeType.OUTCOME)],
                                    every_outcome=True))
    service_ids, by_outcome = tally.service_ids, tally.by_outcome

    # Models are made only for what is listed (at scale n there are 120k services, and a model each would
    # cost seconds); the counts and totals cover every service.
    cap = params.limit or None
    refs = Refs(p)
    money = service_money(p)
    parts = money.parts
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    wanted = by_outcome.keys()
    listed = service_ids[:cap]
    funds, contracts = money.funds_of(listed), money.deals_of(listed)
    rows: list[ServiceMapRow] = []
    for sid in listed:
        rec: Any = p.node(sid)
        amount, unknown, _, c_value, c_unknown, _ = parts.get(sid, _NOTHING)
        deals = [ServiceContract(commissioner=refs(buyer), value=Amount.lifetime(value, start, end),
                                 tendered=tendered) for buyer, value, start, end, tendered in contracts.get(sid, ())]
        rows.append(ServiceMapRow(
            service=refs(sid), status=rec.status.value, tier=rec.tier,
            commissioning_level=rec.commissioning_level.value if rec.commissioning_level else None,
            outcomes=[refs(o) for o in contributes.get(sid, ()) if o in wanted],
            funding=[ServiceFunding(budget=refs(b), amount=a) for b, a in funds.get(sid, [])],
            money=amount, unknown_amounts=unknown, annual_cost=rec.annual_cost, contracts=deals,
            contract_value=c_value, unknown_contract_values=c_unknown))

    outcome_rows = [OutcomeMapRow(outcome=refs(o), service_count=len(sids), services=sids[:cap], money=total,
                                  unknown_amounts=unknown, contract_value=c_total, unknown_contract_values=c_unknown)
                    for (o, sids), (total, unknown, c_total, c_unknown) in zip(by_outcome.items(), tally.outcome_money,
                                                                               strict=True)]
    cut = cap is not None and (len(service_ids) > cap or any(len(v) > cap for v in by_outcome.values()))
    return ServiceMapResult(
        services=rows, outcomes=outcome_rows, service_total=len(service_ids), linked_total=tally.linked,
        known_money=tally.known_money, money_services=tally.money_services, unknown_amounts=tally.unknown_amounts,
        unfunded=tally.unfunded, contracts=tally.contracts, contract_services=tally.contract_services,
        listed=cap if cut and cap else 0, services_coverage=p.info.coverage.services)


#: A service's money when none is recorded (see :attr:`queries.money.ServiceMoney.parts`).
_NOTHING: tuple[float | None, int, int, float | None, int, int] = (None, 0, 0, None, 0, 0)


def _candidates(p: Partnership, active_only: bool) -> list[str]:
    return active_service_ids(p) if active_only else [s.id for s in p.nodes(NodeType.SERVICE)]


@dataclass(frozen=True, slots=True)
class _Tally:
    """What a map counts, in plain data: its services, each outcome's services and their money, and the totals."""

    service_ids: list[str]
    by_outcome: dict[str, list[str]]  # each mapped outcome (in order) -> its services, in input order
    outcome_money: list[tuple[float | None, int, float | None, int]]  # per outcome: annual known, unknown flows,
    #                                                                   contract value known, unknown values
    linked: int
    known_money: float | None
    money_services: int
    unknown_amounts: int
    unfunded: int
    contracts: ContractTotal
    contract_services: int


def _tally(p: Partnership, service_ids: list[str], outcome_ids: list[str], *, every_outcome: bool = False) -> _Tally:
    """Count the map of ``service_ids`` against ``outcome_ids`` (``every_outcome``: all of the partnership's, so
    that every outcome a service contributes to is on the map). Money is added up in input order."""
    money = service_money(p)
    parts = money.parts
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    by_outcome: dict[str, list[str]] = {o: [] for o in outcome_ids}
    rows = list(map(parts.get, service_ids, repeat(_NOTHING)))
    linked = unfunded = money_services = unknown_total = 0
    known_total = 0.0
    for sid, (amount, unknown, flows, _, _, _) in zip(service_ids, rows, strict=True):
        unknown_total += unknown
        unfunded += not flows
        if amount is not None:
            known_total += amount
            money_services += 1
        outs = contributes.get(sid, ())
        if not every_outcome:
            outs = [o for o in outs if o in by_outcome]
        linked += bool(outs)
        for o in outs:
            by_outcome[o].append(sid)
    with_contracts = [sid for sid, row in zip(service_ids, rows, strict=True) if row[5]]

    outcome_money: list[tuple[float | None, int, float | None, int]] = []
    for sids in by_outcome.values():
        total = c_total = 0.0
        known_any = c_any = False
        unknown = c_unknown = 0
        for s_amount, s_unknown, _, s_value, s_c_unknown, _ in map(parts.get, sids, repeat(_NOTHING)):
            if s_amount is not None:
                total += s_amount
                known_any = True
            if s_value is not None:
                c_total += s_value
                c_any = True
            unknown += s_unknown
            c_unknown += s_c_unknown
        outcome_money.append((total if known_any else None, unknown, c_total if c_any else None, c_unknown))
    return _Tally(service_ids=service_ids, by_outcome=by_outcome, outcome_money=outcome_money, linked=linked,
                  known_money=known_total if money_services else None, money_services=money_services,
                  unknown_amounts=unknown_total, unfunded=unfunded, contracts=money.contracts.overall(with_contracts),
                  contract_services=len(with_contracts))


# -- commissioning: who holds the responsibility, at which level -------------------------------------------


_LEVELS = ("strategic", "operational", "individual")


class CommissioningParams(QueryParams):
    limit: int = Field(50, ge=0, description="List at most this many services (0: all); counts are complete.")


class CommissioningLevelRow(BaseModel):
    """The active services at one commissioning level and who commissions them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: str = Field(description="strategic, operational or individual (York's levels, seed 000), or "
                                   "'not recorded'.")
    services: int
    commissioned: int = Field(description="Of them, those with a commissioner recorded (COMMISSIONS).")
    commissioners: list[NodeRef] = Field(description="The partners, bodies and units commissioning them.")


class CommissioningResult(QueryResult):
    levels: list[CommissioningLevelRow]
    active: int = Field(description="Active services.")
    without_commissioner: list[NodeRef] = Field(description="Active services with no commissioner recorded.")

    columns: ClassVar[tuple[str, ...]] = ("level", "services", "commissioned", "commissioners")

    def table(self) -> list[dict[str, Any]]:
        return [{"level": row.level, "services": row.services, "commissioned": row.commissioned,
                 "commissioners": "; ".join(c.name for c in row.commissioners)} for row in self.levels]

    def summary(self) -> str:
        if not self.active:
            return "There is no active service."
        parts = []
        for row in self.levels:
            who = f"commissioned by {and_list([c.label for c in row.commissioners], most=5)}" if row.commissioners \
                else "no commissioner recorded"
            name = "Level not recorded" if row.level == "not recorded" else f"{row.level.capitalize()} level"
            parts.append(f"{name}: {counted(row.services, 'active service')}, "
                         f"{row.commissioned:,} with a commissioner recorded ({who}).")
        missing = len(self.without_commissioner)
        if missing:
            parts.append(f"{missing} of {counted(self.active, 'active service')} have no commissioner recorded: "
                         + and_list([s.label for s in self.without_commissioner], most=6)
                         + ". Not recorded is not the same as no one commissioning them: the documents may not say.")
        else:
            parts.append(f"Every active service ({self.active}) has a commissioner recorded.")
        return " ".join(parts)


@register("commissioning", family=FAMILY, purpose="Who holds commissioning responsibility at each level (strategic, "
          "operational, individual), and active services with no commissioner recorded.",
          params=CommissioningParams, result=CommissioningResult)
def commissioning(p: Partnership, params: CommissioningParams) -> CommissioningResult:
    """Active services by commissioning level, with their commissioners (COMMISSIONS).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "icg", "type": "SubGroup", "name": "ICG"},
    ...     {"id": "eif", "type": "Service", "name": "EIF projects", "commissioning_level": "operational"},
    ...     {"id": "howe", "type": "Service", "name": "Howe Hill", "commissioning_level": "operational"}],
    ...   edges=[{"type": "COMMISSIONS", "from": "icg", "to": "eif"}])
    >>> r = commissioning(p, CommissioningParams())
    >>> [(x.level, x.services, x.commissioned) for x in r.levels], [s.id for s in r.without_commissioner]
    ([('operational', 2, 1)], ['howe'])
    """
    active = kept(p, "active-services", lambda: frozenset(active_service_ids(p)))
    commissioned_by = p.adjacency(EdgeType.COMMISSIONS, "in")
    refs = Refs(p)
    order = [*_LEVELS, "not recorded"]
    services: dict[str, int] = dict.fromkeys(order, 0)
    counted_in: dict[str, int] = dict.fromkeys(order, 0)
    who: dict[str, dict[str, None]] = {level: {} for level in order}
    missing = []
    for s in p.nodes(NodeType.SERVICE):
        if s.id not in active:
            continue
        level_value = getattr(s, "commissioning_level", None)
        level = level_value.value if level_value is not None else "not recorded"
        services[level] += 1
        by = commissioned_by.get(s.id, [])
        if by:
            counted_in[level] += 1
            who[level].update(dict.fromkeys(by))
        else:
            missing.append(s.id)
    levels = [CommissioningLevelRow(level=level, services=services[level], commissioned=counted_in[level],
                                    commissioners=[refs(c) for c in who[level]])
              for level in order if services[level]]
    return CommissioningResult(levels=levels, active=len(active),
                               without_commissioner=[refs(s) for s in missing[: params.limit or None]])


# -- providers: the provider mix and contracts by end date ------------------------------------------------

#: The Compact (the code of practice between public bodies and the voluntary and community sector), as
#: Staffordshire's framework reads it (seed 003 Part 6): a 90-day notice of intent to tender, given to the
#: third sector before a service is (re-)tendered. It counts back from the tender, not from a contract's end:
#: it is not a notice to end the contract. To re-tender before a contract ends, the notice is due at the
#: latest this many days before the end (earlier in practice, since the tender itself takes time).
COMPACT_NOTICE_DAYS = 90


class ProvidersParams(QueryParams):
    limit: int = Field(50, ge=0, description="List at most this many contracts (0: all); counts are complete.")


class ProviderSector(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sector: str = Field(description="The delivering partner's sector, 'unit' for a unit (a partner's own team), "
                                    "or 'not recorded'.")
    services: int = Field(description="Active services with at least one provider of this sector.")
    providers: list[NodeRef]


class ContractEnd(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    service: NodeRef
    commissioner: NodeRef
    ends: dt.date
    suppliers: list[NodeRef]
    voluntary: bool = Field(description="Whether a supplier is of the voluntary and community sector.")
    tender_notice_by: dt.date | None = Field(
        description="For a voluntary-sector supplier: to re-tender before the contract ends, the last day to give "
                    "the Compact's notice of intent to tender (COMPACT_NOTICE_DAYS before the end, at the latest; "
                    "the tender itself needs time after it). Not a notice to end the contract.")


class ProvidersResult(QueryResult):
    sectors: list[ProviderSector]
    active: int
    contracts: list[ContractEnd] = Field(description="Contracts (COMMISSIONS) of active services with an end date, "
                                                     "soonest first.")
    contracts_without_end: int = Field(description="Contracts of active services with no end date recorded.")
    undated: list[NodeRef] = Field(default_factory=list, description="Those contracts' services (at most "
                                                                     "``limit``), listed in the table without an end.")

    columns: ClassVar[tuple[str, ...]] = ("kind", "name", "count", "ends", "tender_notice_by", "detail")

    def table(self) -> list[dict[str, Any]]:
        rows = [{"kind": "sector", "name": x.sector, "count": x.services, "ends": None, "tender_notice_by": None,
                 "detail": "; ".join(p.name for p in x.providers[:10])} for x in self.sectors]
        rows += [{"kind": "contract", "name": c.service.name, "count": None, "ends": c.ends.isoformat(),
                  "tender_notice_by": c.tender_notice_by.isoformat() if c.tender_notice_by else None,
                  "detail": f"{c.commissioner.name} → " + "; ".join(s.name for s in c.suppliers)}
                 for c in self.contracts]
        rows += [{"kind": "contract", "name": s.name, "count": None, "ends": None, "tender_notice_by": None,
                  "detail": "no end date recorded"} for s in self.undated]
        return rows

    def summary(self) -> str:
        if not self.active:
            return "There is no active service."
        mix = ", ".join(f"{x.sector} {x.services:,}" for x in self.sectors)
        parts = [f"Providers of {counted(self.active, 'active service')}, by sector (a service with several "
                 f"providers counts under each): {mix}."]
        for c in self.contracts[:5]:
            words = f"{c.service.label}: the contract with {c.commissioner.label} ends on {long_date(c.ends)}"
            if c.tender_notice_by is not None:
                was = "was" if self.as_of is not None and c.tender_notice_by < self.as_of else "is"
                words += (f". Its supplier is of the voluntary sector, so to re-tender before it ends, the Compact's "
                          f"{COMPACT_NOTICE_DAYS}-day notice of intent to tender {was} due by "
                          f"{long_date(c.tender_notice_by)} at the latest (earlier, to leave time for the tender "
                          "itself); this is notice of a tender, not notice to end the contract")
            parts.append(words + ".")
        if len(self.contracts) > 5:
            parts.append(f"{len(self.contracts) - 5:,} more contracts end later.")
        if self.contracts_without_end:
            parts.append(f"{counted(self.contracts_without_end, 'contract')} of active services "
                         f"{'has' if self.contracts_without_end == 1 else 'have'} no end date recorded"
                         + (f" ({and_list([s.label for s in self.undated], most=5)})." if self.undated else "."))
        return "\n".join(parts)


@register("providers", family=FAMILY, purpose="The provider mix by sector; contracts by end date, with the "
          "last day for the Compact's notice of intent to re-tender to voluntary-sector suppliers.", params=ProvidersParams, result=ProvidersResult)
def providers(p: Partnership, params: ProvidersParams) -> ProvidersResult:
    """Who delivers the active services, by sector, and when their contracts end.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D", "period_start": "2020-04-01"}, nodes=[
    ...     {"id": "cc", "type": "Partner", "name": "County Council", "sector": "local-authority"},
    ...     {"id": "afc", "type": "Partner", "name": "Action for Children", "sector": "voluntary-community"},
    ...     {"id": "sb", "type": "Service", "name": "Short breaks"}],
    ...   edges=[{"type": "DELIVERS", "from": "afc", "to": "sb"},
    ...          {"type": "COMMISSIONS", "from": "cc", "to": "sb", "valid_to": "2022-03-31"}])
    >>> r = providers(p, ProvidersParams(), )
    >>> [(x.sector, x.services) for x in r.sectors], r.contracts[0].tender_notice_by
    ([('voluntary-community', 1)], datetime.date(2021, 12, 31))
    """
    active = kept(p, "active-services", lambda: frozenset(active_service_ids(p)))
    delivered_by = p.adjacency(EdgeType.DELIVERS, "in")
    refs = Refs(p)
    sector_services: dict[str, int] = {}
    sector_providers: dict[str, dict[str, None]] = {}
    for s in p.nodes(NodeType.SERVICE):
        if s.id not in active:
            continue
        seen = set()
        found: list[str | None] = list(delivered_by.get(s.id, [])) or [None]
        for provider in found:
            if provider is None:
                sector = "not recorded"
            else:
                n = p.node(provider)
                value = getattr(n, "sector", None)
                sector = "unit" if n.type is NodeType.UNIT else (value.value if value is not None else "not recorded")
                sector_providers.setdefault(sector, {})[provider] = None
            if sector not in seen:
                seen.add(sector)
                sector_services[sector] = sector_services.get(sector, 0) + 1
    sectors = [ProviderSector(sector=sector, services=count,
                              providers=[refs(x) for x in list(sector_providers.get(sector, {}))[:20]])
               for sector, count in sorted(sector_services.items(), key=lambda kv: (-kv[1], kv[0]))]
    ends = []
    without_end: list[str] = []
    for e in p.edges(EdgeType.COMMISSIONS):
        if e.to not in active:
            continue
        last = p.span(e)[1] or getattr(p.node(e.to), "end_date", None)
        if last is None:
            without_end.append(e.to)
            continue
        ends.append((last, e))
    ends.sort(key=lambda pair: (pair[0], pair[1].to))
    contracts = []
    for last, e in ends[: params.limit or None]:
        suppliers = delivered_by.get(e.to, [])
        voluntary = any(getattr(getattr(p.node(x), "sector", None), "value", None) == "voluntary-community"
                        for x in suppliers)
        contracts.append(ContractEnd(service=refs(e.to), commissioner=refs(e.from_), ends=last,
                                     suppliers=[refs(x) for x in suppliers], voluntary=voluntary,
                                     tender_notice_by=last - dt.timedelta(days=COMPACT_NOTICE_DAYS) if voluntary
                                     else None))
    return ProvidersResult(sectors=sectors, active=len(active), contracts=contracts,
                           contracts_without_end=len(without_end),
                           undated=[refs(x) for x in sorted(without_end)[: params.limit or None]])
