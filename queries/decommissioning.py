"""Decommissioning impact: what stopping one or more services would leave behind.

Staffordshire's framework (seed 003, Part 5 and its commissioning principles)
asks that every decision to decommission weighs the impact on young people and
on other services, rests on evidence and a risk assessment, and plans the
transition. The ``decommission-impact`` query gives that evidence for a set of
services (``--node`` is repeatable):

* **Statutory duties** - a stopped service marked ``statutory`` meets a duty in law
  (York's early education for eligible two-year-olds): the answer says first that
  stopping it is not a local choice.
* **Cover lost** - outcomes (CONTRIBUTES_TO), cohorts (TARGETS) and localities
  (SERVES) the services reach, each with the other *active* services still
  reaching it and *how* they reach it. Cohorts and localities are nested by the one
  rule of containment (:func:`queries.common.wider`, PART_OF): a service for
  homeless 16-21 year-olds also serves homeless 16-17 year-olds, and a city-wide
  service also serves every area of the city. So the narrower groups and places
  inside those the stopped services reach are assessed too. Cover is kept
  (``cover``):

  - ``full`` - by another active service for the same outcome, cohort or place
    (``scope`` ``own``), or for a place, by one for a wider place containing it (a
    city-wide service is delivered in each of its areas), at the same tier or a
    higher one (or where a tier is not recorded);
  - ``partial`` - only at a lower tier (a tier-2 fund for a tier-3 service), only
    through a wider *cohort* (a fund for disabled children in general is not a
    service for children with severe learning difficulties), or only for a
    narrower cohort or place inside it (``scope`` ``narrower``: a service for the
    families of disabled children on the edge of care reaches only part of all
    families on the edge of care). The answer says which, and never calls it
    covered without saying so;
  - ``none`` - no other active service reaches it in any of these ways.

  *Not recorded is not absent.* Unless the partnership's file declares every
  service recorded (``coverage.services: complete``), ``none`` means no other
  active service *recorded*: the answer says so, and adds that this is what the data
  leaves out, not evidence that nothing else serves them
  (:func:`queries.common.not_recorded_note`, ``services_coverage``).

  A stopped service's tier is compared with the other service's (Health Advisory
  Service tiers 1-4); when several stopped services reach one thing, the highest
  of their tiers counts.
* **Referral pathways broken** - REFERS_TO edges between a stopped service and a
  service that carries on, into and out of the set.
* **Stranded services** - services that carry on but lose their only referral
  source (every service referring to them is stopped) or their only referral
  destination; their only *recorded* one when the data does not record every
  service (York's two-year-old places were also found through DfE data).
* **Money freed** - of two kinds, never added together (:mod:`queries.money`):
  the *annual* FUNDS flows into the stopped services, per budget, and the
  *lifetime* value of the contracts that commission them (COMMISSIONS), with the
  contracts' dates, who commissions them and who delivers them. Annual money is
  sorted by whose it is (``control``): the partners' own, which they could
  redirect (``money_freed``); central government's, which stops but is not freed
  (``external_money``); or, for a budget no one is recorded as owning or paying into
  (York's Children's Fund), money whose source is not recorded (``unsourced_money``),
  neither freed nor external. A contract still running is given at its whole-life
  value, said to be that and not what stopping releases, with the months of its term
  left on the date of the answer and the share of its value those months would take
  were it spent evenly - an estimate, labelled so (``contract_terms``); how much is
  really still to be paid depends on the contract's terms, which the records do not
  give. An unknown amount stays unknown. A contract that ends on or before the date
  of the answer ends anyway: stopping the service frees none of its value
  (``contracts_ending_anyway``), so it is listed apart.
* **Results at risk** - what the indicators of the outcomes a stopped service
  contributes to record. A figure with no better direction (``direction:
  neither``: York's estimate of how many two-year-olds are eligible) says how big a
  need is, not what a service achieved: it is listed as context (``context``), never
  as a result at risk (:func:`queries.common.is_context_figure`).
* **The partnership's own framework** - the answer ends by naming the commissioning
  framework of the partnership's own sources (York's YorOK Commissioning Framework,
  Staffordshire's Joint Commissioning Framework), where it has one.

The summary gives one point a line. In the table a cell of other services still
reaching a place or group is short (how many, and how many only through a wider or
narrower one); the services are named in the JSON (``reached_by``).

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
...     {"id": "howe-hill", "type": "Service", "name": "Howe Hill"},
...     {"id": "homeless", "type": "Cohort", "name": "Homeless 16-21"}],
...   edges=[{"type": "TARGETS", "from": "howe-hill", "to": "homeless"}])
>>> r = decommission_impact(p, DecommissionParams(node=["Howe Hill"]))
>>> [(c.id, c.cover) for c in r.cover]
[('homeless', 'none')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, computed_field, model_validator

from graph_model import EdgeType, NodeType, Partnership
from graph_model.models import Sector, ServiceStatus
from graph_model.timeframe import long_date

from .common import (
    active_service_ids,
    and_list,
    counted,
    format_money,
    indicator_reading,
    is_context_figure,
    kept,
    narrower,
    not_recorded_note,
    plural,
    resolve_nodes,
    stand_ins,
    wider,
)
from .money import (
    LIFETIME_LABEL,
    Amount,
    ContractLedger,
    ContractTotal,
    Ledger,
    MoneyTotal,
    contract_amount,
    contract_years,
    periods_note,
)
from .registry import About, QueryParams, QueryResult, register

__all__ = [
    "BrokenReferral",
    "CoverImpact",
    "OtherCover",
    "DecommissionParams",
    "DecommissionResult",
    "FreedContract",
    "FreedMoney",
    "StoppedService",
    "StrandedService",
    "decommission_impact",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "decommissioning"

CoverKind = Literal["outcome", "cohort", "locality"]
_COVER_EDGES: dict[CoverKind, EdgeType] = {
    "outcome": EdgeType.CONTRIBUTES_TO,
    "cohort": EdgeType.TARGETS,
    "locality": EdgeType.SERVES,
}
_NESTED: frozenset[CoverKind] = frozenset({"cohort", "locality"})
#: How another service reaches an outcome, cohort or locality: itself, only a wider one containing it, or only a
#: narrower one inside it.
Scope = Literal["own", "wider", "narrower"]
_SCOPE_RANK: dict[Scope, int] = {"own": 0, "wider": 1, "narrower": 2}

#: At most this many other services are listed per outcome, cohort or locality.
LISTED = 10
#: A sentence names at most this many things, then counts the rest.
NAMED = 8
#: How both queries introduce figures of context (:func:`queries.common.is_context_figure`), so they agree.
CONTEXT_LEAD = "For context, not results (figures with no better direction, such as how many are eligible): "


class DecommissionParams(QueryParams):
    node: list[str] = Field(min_length=1, description="The service or services to stop, by id or exact name "
                                                      "(repeat the option for several).")


class StoppedService(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    status: str
    statutory: bool = Field(False, description="True when the service meets a duty in law: stopping it is not a "
                                               "local choice.")


class OtherCover(BaseModel):
    """Another active service still reaching an outcome, cohort or locality, and how it reaches it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    scope: Scope = Field(description="'own': it reaches the thing itself; 'wider': only a wider cohort or locality "
                                     "containing it; 'narrower': only a narrower one inside it.")
    through: str | None = Field(None, description="For 'wider' and 'narrower': the id of the cohort or locality it "
                                                  "reaches.")
    through_name: str | None = None
    tier: int | None = Field(None, description="Its tier (1-4), when recorded.")
    lower_tier: bool = Field(description="True when its tier is below the stopped services' tier.")
    full: bool = Field(description="True when it keeps full cover: its own (or, for a place, a wider place), at the "
                                   "same tier or a higher one.")


class CoverImpact(BaseModel):
    """One outcome, cohort or locality the stopped services reach, and who else still does, and how."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: CoverKind
    id: str
    name: str
    via: str | None = Field(None, description="For a narrower cohort or locality: the id of the broader one "
                                              "the stopped services reach.")
    via_name: str | None = Field(None, description="The name of that broader cohort or locality.")
    tier: int | None = Field(None, description="The highest tier (1-4) of the stopped services reaching it, when "
                                               "recorded.")
    cover: Literal["full", "partial", "none"] = Field(
        description="'full': another active service reaches it itself (a place: or a wider place) at the same tier or "
                    "a higher one; 'partial': only at a lower tier, only through a wider cohort, or only for a "
                    "narrower cohort or place inside it; 'none': no other active service reaches it.")
    reached_by: list[OtherCover] = Field(description="Other active services still reaching it, best cover first (at "
                                                     "most LISTED = 10).")
    other_services: list[str] = Field(description="Ids of other active services that still reach it "
                                                  "(at most LISTED = 10 are listed), best cover first.")
    other_service_names: list[str]
    uncovered: bool = Field(description="True when no other active service reaches it.")
    stand_in: bool = Field(False, description="A generated stand-in of a partnership built from documents (such as "
                                              "Staffordshire's 50 made-up Community and Learning Partnership areas).")

    def partly(self, *, by: bool = True) -> str:
        """Why the cover is only partial, from the best service still reaching it ('through the wider cohort
        Disabled children, at a lower tier (2 against 3), by Early Intervention Fund projects'); '' when it is
        full or none."""
        if self.cover != "partial" or not self.reached_by:
            return ""
        best = self.reached_by[0]
        why = []
        if best.scope == "wider":
            why.append(f"through the wider {self.kind} {best.through_name}")
        elif best.scope == "narrower":
            why.append(f"reached only for the narrower {self.kind} {best.through_name}")
        if best.lower_tier:
            why.append(f"at a lower tier ({best.tier} against {self.tier})")
        return ", ".join(why) + (f", by {best.name}" if by else "")


class BrokenReferral(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    direction: Literal["into", "out of"] = Field(description="Whether the pathway led into or out of a stopped service.")
    from_id: str
    from_name: str
    to_id: str
    to_name: str


class StrandedService(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    loses: Literal["only referral source", "only referral destination"]


class FreedMoney(BaseModel):
    """A budget's annual payment to a stopped service (FUNDS)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    budget_id: str
    budget_name: str
    service_id: str
    service_name: str
    amount: float | None = Field(description="Annual amount; None when not recorded.")
    period: str | None = Field(None, description="The period label of the flow, when recorded.")
    control: Literal["partners", "external", "unknown"] = Field(
        "partners", description="'external' when every partner that owns or contributes to the budget is central "
                                "government (money paid under national rules, which the partners cannot redirect); "
                                "'unknown' when no one is recorded as owning or paying into the budget (its source "
                                "is not recorded, so it is neither the partners' to redirect nor known to be "
                                "external); 'partners' otherwise.")
    paid_by: list[str] = Field(default_factory=list, description="For external money, the central-government "
                                                                 "partners it comes from.")


class EndedMoney(BaseModel):
    """Funding recorded for a stopped service that had ended before the date of the answer: it frees nothing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    budget_id: str
    budget_name: str
    service_id: str
    service_name: str
    ended: dt.date | None = Field(description="The last day the flow was in force.")


class ResultAtRisk(BaseModel):
    """What an outcome a stopped service contributes to is recorded as achieving (an indicator's latest
    observation: costs avoided, placements avoided), which stopping the service puts at risk."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service_id: str
    outcome_id: str
    outcome_name: str
    indicator_id: str
    indicator_name: str
    value: str = Field(description="The latest observation in words, with its unit and period.")
    sole: bool = Field(description="True when no other active service contributes to the outcome.")
    context: bool = Field(False, description="True for a figure of context, not a result: the indicator has no "
                                             "better direction (an estimate of how many are eligible).")


class ContractTerm(BaseModel):
    """How much of a running contract's term is left on the date of the answer: what stopping the service then
    could release is at most the part of the value still to be paid, which the records do not give."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service_id: str
    commissioner_id: str
    months: float | None = Field(description="The contract's term in months, first and last days included; None "
                                             "when either date is not recorded.")
    months_left: float | None = Field(description="Months of the term after the date of the answer (the whole "
                                                  "term when it has not begun); None when not known.")
    even_share_left: float | None = Field(
        description="An estimate, not a recorded figure: the value times the share of the term left, assuming the "
                    "value is spent evenly over the term; None when the value or the dates are not recorded.")


class FreedContract(BaseModel):
    """A contract for a stopped service (COMMISSIONS): its lifetime value would no longer be committed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    commissioner_id: str
    commissioner_name: str
    service_id: str
    service_name: str
    value: Amount = Field(description="Lifetime contract value with its first and last days, when recorded.")
    tendered: bool | None
    suppliers: list[str] = Field(description="Names of the partners and units delivering the service.")


#: The answer's fields worked out from others when read (see DecommissionResult._derived_not_read).
_DERIVED = frozenset({"contract_value", "contracts_ending_anyway", "contract_terms"})


class DecommissionResult(QueryResult):
    stopped: list[StoppedService]
    cover: list[CoverImpact]
    broken_referrals: list[BrokenReferral]
    stranded: list[StrandedService]
    money: list[FreedMoney] = Field(description="Budget funding of the stopped services (those already "
                                                "decommissioned left out: stopping them frees nothing).")
    money_freed: MoneyTotal = Field(description="Annual budget funding into the stopped services that the partners "
                                                "control and could redirect (external money, and money whose "
                                                "source is not recorded, left out).")
    external_money: MoneyTotal = Field(default_factory=MoneyTotal,
                                       description="Annual funding into the stopped services from central government "
                                                   "(control 'external'): it stops, but is not freed for local use.")
    unsourced_money: MoneyTotal = Field(default_factory=MoneyTotal,
                                        description="Annual funding into the stopped services from budgets no one is "
                                                    "recorded as owning or paying into (control 'unknown'): whether "
                                                    "the partners could redirect it is not known.")
    ended_money: list[EndedMoney] = Field(default_factory=list,
                                          description="Funding of the stopped services that had already ended.")
    at_risk: list[ResultAtRisk] = Field(default_factory=list,
                                        description="Results recorded for the outcomes the stopped services "
                                                    "contribute to (savings, costs or placements avoided).")
    contracts: list[FreedContract] = Field(default_factory=list)
    framework: str | None = Field(None, description="The partnership's own commissioning framework, from its "
                                                    "sources, when it has one.")
    services_coverage: Literal["complete", "examples"] | None = Field(
        None, description="What the partnership's file declares about its services (coverage.services): unless "
                          "'complete', 'no other active service' and 'only referral partner' mean only none "
                          "recorded.")
    default_day: dt.date | None = Field(None, description="The partnership's default day when the query ran: the "
                                                          "date contracts are judged against when the answer has "
                                                          "no as_of of its own (as_of decides when set).")

    columns: ClassVar[tuple[str, ...]] = ("impact", "id", "name", "detail")

    @model_validator(mode="before")
    @classmethod
    def _derived_not_read(cls, data: Any) -> Any:
        """``contract_value`` and ``contracts_ending_anyway`` are worked out from the contracts and the answer's date
        (the registry sets ``as_of`` after the query has run), so an answer read back from its JSON skips them."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in _DERIVED}
        return data

    def _ends_anyway(self, k: FreedContract) -> bool:
        """Whether contract ``k`` ends on or before the date of the answer: then it ends anyway, and stopping the
        service frees none of its value (the date is the answer's own, ``as_of``, else the partnership's default
        day when the query ran)."""
        day = self.as_of or self.default_day
        return day is not None and k.value.end is not None and k.value.end <= day

    @computed_field(  # type: ignore[prop-decorator]
        description="Service ids of the contracts that end on or before the date of the answer: they end anyway, "
                    "so stopping the service frees none of their value.")
    @property
    def contracts_ending_anyway(self) -> list[str]:
        return [k.service_id for k in self.contracts if self._ends_anyway(k)]

    @computed_field(  # type: ignore[prop-decorator]
        description="Whole-life value of the contracts still running on the date of the answer (those that end anyway "
                    "left out): not what stopping releases (see contract_terms); never added to money_freed.")
    @property
    def contract_value(self) -> ContractTotal:
        committed = ContractLedger()
        for k in self.contracts:
            if not self._ends_anyway(k):
                committed.add_contract(k.commissioner_id, k.value.amount, k.value.start, k.value.end)
        return committed.overall()

    @computed_field(  # type: ignore[prop-decorator]
        description="For each contract still running on the date of the answer: its term in months, the months "
                    "left, and an estimate of the value those months would take if it were spent evenly.")
    @property
    def contract_terms(self) -> list[ContractTerm]:
        day = self.as_of or self.default_day
        return [_term(k, day) for k in self.contracts if not self._ends_anyway(k)]

    @property
    def _complete(self) -> bool:
        """Whether the data records every service: only then is a missing service or referral partner a fact."""
        return self.services_coverage == "complete"

    def _no_other(self) -> str:
        return "no other active service" if self._complete else "no other active service recorded"

    def _loses(self, s: StrandedService) -> str:
        return s.loses if self._complete else s.loses.replace("only ", "only recorded ", 1)

    def _left_words(self, t: ContractTerm) -> str:
        """How much of a running contract's term is left on the date of the answer, with the even-spend estimate
        labelled as one."""
        day = self.as_of or self.default_day
        if t.months is None or t.months_left is None or day is None:
            return "its dates are not recorded in full, so how much of its term is left cannot be said"
        if t.months_left >= t.months:
            return f"it has not begun by {long_date(day)}: all {_month_words(t.months)} of its term are left"
        words = f"{_month_words(t.months_left, of=t.months)} are left after {long_date(day)}"
        if t.even_share_left is not None:
            words += (f"; were the value spent evenly over the term, about {_estimate(t.even_share_left)} of it "
                      "would fall in those months (an estimate, not a recorded figure)")
        return words

    def about(self, p: Partnership) -> About:
        """The stopped services, what they reach and who else still does (and through what), the referral
        partners, budgets, indicators and commissioners the answer names; and the edges of ``p`` between them."""
        named: list[str | None] = [s.id for s in self.stopped]
        for c in self.cover:
            named += [c.id, c.via, *(x for r in c.reached_by for x in (r.id, r.through))]
        named += [x for b in self.broken_referrals for x in (b.from_id, b.to_id)] + [s.id for s in self.stranded]
        named += [m.budget_id for m in self.money] + [x.budget_id for x in self.ended_money]
        named += [x for r in self.at_risk for x in (r.outcome_id, r.indicator_id)]
        named += [k.commissioner_id for k in self.contracts]
        # Money, delivery and referral links count only where they touch a stopped service: a commissioner the
        # answer names for a stopped service's contract may also buy a service that only still reaches something
        # (York's council and Howe Hill), and that contract is no part of the answer.
        stopped = {s.id for s in self.stopped}
        return _about(p, named, keep=lambda e: e.type not in _STOPPED_ONLY or e.from_ in stopped or e.to in stopped)

    def table(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = [
            {"impact": "statutory duty", "id": s.id, "name": s.name,
             "detail": "meets a duty in law: stopping it is not a local choice"} for s in self.stopped if s.statutory]
        stopped = "the stopped services reach it" if len(self.stopped) > 1 else "the stopped service reaches it"
        impact = {"none": "left uncovered", "full": "still covered", "partial": "kept only partly"}
        for c in self.cover:
            if c.cover == "none":
                detail = self._no_other()
            elif c.cover == "partial":
                detail = f"only partly: {c.partly()}" + _short_reach(c, c.reached_by[1:], also=True)
            else:
                detail = "still reached" + _short_reach(c, c.reached_by)
            if c.via:
                detail += f" ({stopped} through {c.via_name or c.via})"
            rows.append({"impact": f"{c.kind} {impact[c.cover]}", "id": c.id, "name": c.name, "detail": detail})
        for r in self.broken_referrals:
            rows.append({"impact": f"referral {r.direction} a stopped service broken", "id": f"{r.from_id} → {r.to_id}",
                         "name": f"{r.from_name} → {r.to_name}", "detail": "REFERS_TO"})
        for s in self.stranded:
            rows.append({"impact": f"service loses its {self._loses(s)}", "id": s.id, "name": s.name,
                         "detail": "" if self._complete else "no other referral partner recorded; the data records "
                                                             "only some services"})
        impact_of = {"external": "annual funding stopped, not freed (external)",
                     "unknown": "annual funding stopped, source not recorded",
                     "partners": "annual budget funding freed"}
        for m in self.money:
            detail = f"{Amount.annual(m.amount, m.period).text()} to {m.service_name}"
            if m.control == "external":
                detail += f"; paid by {and_list(m.paid_by, sep='; ')}, which the partners cannot redirect"
            elif m.control == "unknown":
                detail += "; no one is recorded as owning or paying into it, so whose it is is not known"
            rows.append({"impact": impact_of[m.control], "id": m.budget_id, "name": m.budget_name, "detail": detail})
        for risk in sorted(self.at_risk, key=lambda r: r.context):
            rows.append({"impact": "context figure (not a result)" if risk.context else "recorded result at risk",
                         "id": risk.indicator_id, "name": risk.indicator_name,
                         "detail": f"{risk.value}; measures {risk.outcome_name}"
                         + ("" if risk.sole or risk.context else " (other services contribute too)")})
        for x in self.ended_money:
            rows.append({"impact": "funding already ended (frees nothing)", "id": x.budget_id, "name": x.budget_name,
                         "detail": f"to {x.service_name}" + (f", until {x.ended.isoformat()}" if x.ended else "")})
        terms = {(t.service_id, t.commissioner_id): t for t in self.contract_terms}
        for k in self.contracts:
            delivered = f"; delivered by {and_list(k.suppliers, sep='; ')}" if k.suppliers else ""
            term = terms.get((k.service_id, k.commissioner_id))
            left = f"; {self._left_words(term)}" if term is not None else ""
            rows.append({"impact": "contract ends anyway (frees nothing)" if self._ends_anyway(k)
                         else "contract still running (whole-life value)", "id": k.commissioner_id,
                         "name": k.commissioner_name,
                         "detail": f"{k.value.text()}, for {k.service_name}{delivered}{left}"})
        return rows

    def summary(self) -> str:
        status = {"active": "", "decommissioned": " (already decommissioned)", "planned": " (planned, not yet started)"}
        names = and_list([f"{s.name}{status[s.status]}" for s in self.stopped], most=NAMED, sep="; ")
        duties = [s.name for s in self.stopped if s.statutory]
        parts = []
        if duties:
            one = len(duties) == 1
            parts.append(f"{and_list(duties, most=NAMED, sep='; ')} {'meets a duty' if one else 'meet duties'} in law "
                         f"(statutory): stopping {'it' if one else 'them'} is not a local choice, and whatever "
                         f"replaces {'it' if one else 'them'} must still meet the duty.")
        parts.append(f"Stopping {names}:" + ("" if self.cover else " it reaches no recorded outcome, cohort or "
                                                                   "locality."))
        for kind, label in (("outcome", "outcomes"), ("cohort", "cohorts"), ("locality", "localities")):
            lost = [c.name for c in self.cover if c.kind == kind and c.uncovered and not c.stand_in]
            made = sum(1 for c in self.cover if c.kind == kind and c.uncovered and c.stand_in)
            if made:  # generated stand-ins are counted, not named, and said to be generated
                lost.append(f"and {made} generated stand-in{'s' if made != 1 else ''}, not from a document")
            lost_count = len(lost) - (1 if made else 0) + made
            partial = [f"{c.name} ({c.partly()})" for c in self.cover if c.kind == kind and c.cover == "partial"]
            reached = sum(1 for c in self.cover if c.kind == kind)
            if reached:
                named = lost[:-1] if made else lost
                shown = and_list(named, most=NAMED, sep="; ") + (f"; {lost[-1]}" if made and named else
                                                                   lost[-1] if made else "")
                parts.append(f"{lost_count} of {reached} {label} reached would have {self._no_other()}"
                             + (f" ({shown})" if lost else "")
                             + (f"; {len(partial)} would be kept only partly: {and_list(partial, most=NAMED, sep='; ')}"
                                if partial else "") + ".")
        if self.broken_referrals:
            parts.append(f"{counted(len(self.broken_referrals), 'referral pathway')} would break.")
        if self.stranded:
            partner = "only referral partner" if self._complete else "only recorded referral partner"
            parts.append(f"Services left without their {partner}: "
                         + and_list([f"{s.name} ({self._loses(s)})" for s in self.stranded], most=NAMED, sep="; ")
                         + ".")
        missing = ([self._no_other()] if any(c.uncovered for c in self.cover) else []) + (
            ["only recorded referral partner"] if self.stranded else [])
        if note := not_recorded_note(self.services_coverage, missing, nothing_else=(
                "that nothing else serves them" if not self.stranded else
                "that those services have no other referral partner" if len(missing) == 1 else
                "that nothing else serves those outcomes, groups and places, or that those services have no other "
                "referral partner")):
            parts.append(note)
        results = [r for r in self.at_risk if not r.context]
        context = [r for r in self.at_risk if r.context]
        if results:
            parts.append("Recorded results at risk (indicators of the outcomes it contributes to): "
                         + and_list([f"{r.indicator_name}: {r.value}" + ("" if r.sole else " (others contribute)")
                                     for r in results], most=NAMED, sep="; ") + ".")
        if context:
            parts.append(CONTEXT_LEAD + and_list([f"{r.indicator_name}: {r.value}" for r in context],
                                                 most=NAMED, sep="; ") + ".")
        parts += self._money_lines()
        advice = "A decision to stop should rest on evidence and a risk assessment, and plan the transition."
        if self.framework:
            advice += f" The partnership's own commissioning framework covers decommissioning: {self.framework}."
        parts.append(advice)
        return "\n".join(parts)

    def _money_lines(self) -> list[str]:
        """The money, one point a line: what is freed, what stops but is not freed, what had ended, the contracts."""
        ended = [s.name for s in self.stopped if s.status == "decommissioned"]
        lines = ([f"{and_list(ended, most=NAMED, sep='; ')} {'is' if len(ended) == 1 else 'are'} already "
                  f"decommissioned, so stopping frees none of {'its' if len(ended) == 1 else 'their'} money."]
                 if ended else [])
        if len(ended) == len(self.stopped):
            return lines
        note = periods_note(m.period for m in self.money if m.period)
        lines.append(f"Money freed for the partners to redirect: annual budget funding, {self.money_freed.text()}"
                     + (f" ({note})" if note else "") + ".")
        external = [m for m in self.money if m.control == "external"]
        if external:
            payers = list(dict.fromkeys(x for m in external for x in m.paid_by))
            budgets = list(dict.fromkeys(m.budget_name for m in external))
            lines.append(f"Not freed for local use: {self.external_money.text()} from "
                         f"{and_list(budgets, most=NAMED, sep='; ')}, paid by {and_list(payers, most=NAMED, sep='; ')} "
                         "(central government), which the partners cannot redirect.")
        unsourced = [m for m in self.money if m.control == "unknown"]
        if unsourced:
            budgets = list(dict.fromkeys(m.budget_name for m in unsourced))
            one = len(budgets) == 1
            lines.append(f"Source not recorded: {self.unsourced_money.text()} from "
                         f"{and_list(budgets, most=NAMED, sep='; ')}. No one is recorded as owning or paying into "
                         f"{'it' if one else 'them'}, so whether the partners could redirect "
                         f"{'it' if one else 'this money'} is not known: it is counted neither as freed nor as "
                         "external.")
        if self.ended_money:
            gone = [x.budget_name + (f" (until {long_date(x.ended)})" if x.ended else "") for x in self.ended_money]
            lines.append(f"Funding already ended frees nothing: {and_list(gone, most=NAMED, sep='; ')}.")
        if not self.contracts:
            return [*lines, "No contract is recorded for it."]
        for k in (k for k in self.contracts if self._ends_anyway(k)):
            worth = (f", worth {format_money(k.value.amount)} over its life," if k.value.amount is not None else "")
            when = f" on {long_date(k.value.end)}" if k.value.end else ""
            today = ", the date of this answer" if k.value.end and k.value.end == self.as_of else ""
            lines.append(f"The contract with {k.commissioner_name}{worth} ends{when}{today}: it ends anyway, so "
                         "stopping the service frees none of its value. The choice is whether to commission it again.")
        value = self.contract_value
        running = [k for k in self.contracts if not self._ends_anyway(k)]
        bare = running and all(k.value.amount is None and k.value.start is None and k.value.end is None
                               for k in running)
        if bare:  # a commissioning link and nothing else: it may be a contract, or the partner's own provision
            who = and_list(list(dict.fromkeys(k.commissioner_name for k in running)))
            lines.append(f"Commissioned by {who}, with no contract value or term recorded: whether that is a contract "
                         "or the partner's own provision, and what stopping it could release, the data does not say.")
        elif value.contracts:
            one = value.contracts == 1
            lines.append(f"{'Contract' if one else 'Contracts'} still running, at "
                         f"{'its' if one else 'their'} whole-life value: {value.text()}.")
            names = {(k.service_id, k.commissioner_id): f"{k.service_name} ({k.commissioner_name})" for k in running}
            terms = [(names[(t.service_id, t.commissioner_id)], self._left_words(t)) for t in self.contract_terms]
            left = (terms[0][1][0].upper() + terms[0][1][1:] if one else
                    and_list([f"{who}: {words}" for who, words in terms], most=NAMED, sep="; "))
            whose = "the contract's" if one else "the contracts'"
            lines.append(f"{left}. Stopping {'it' if one else 'them'} could release at most the part of the value "
                         f"still to be paid, never the whole-life value; how much that is depends on {whose} own "
                         "terms, which the records do not give.")
            lines.append(f"A {LIFETIME_LABEL} is not a year's budget, so it is not added to the annual funding.")
        if running or self.contracts:
            shown = running or self.contracts
            buyers = list(dict.fromkeys(k.commissioner_name for k in shown))
            suppliers = list(dict.fromkeys(x for k in shown for x in k.suppliers))
            lines.append(f"Commissioned by {and_list(buyers, most=NAMED, sep='; ')}; "
                         + (f"delivered by {and_list(suppliers, most=NAMED, sep='; ')}." if suppliers
                            else "no supplier is recorded."))
        return lines


def _months(start: dt.date, end: dt.date) -> float:
    """Months from ``start`` to ``end``, both days included: whole months where the dates fall so, else days over
    the average month.

    >>> _months(dt.date(2020, 4, 1), dt.date(2022, 3, 31)), _months(dt.date(2021, 7, 1), dt.date(2022, 3, 31))
    (24.0, 9.0)
    """
    years = contract_years(start, end)
    assert years is not None
    return years * 12


def _term(k: FreedContract, day: dt.date | None) -> ContractTerm:
    """How much of contract ``k``'s term is left after ``day`` (the date of the answer), and the share of its value
    those months would take if it were spent evenly (an estimate)."""
    start, end, value = k.value.start, k.value.end, k.value.amount
    months = _months(start, end) if start is not None and end is not None and start <= end else None
    left = None
    if months is not None and day is not None and end is not None:
        left = months if start is None or day < start else _months(day + dt.timedelta(days=1), end)
    share = value * left / months if value is not None and months and left is not None else None
    return ContractTerm(service_id=k.service_id, commissioner_id=k.commissioner_id, months=months, months_left=left,
                        even_share_left=share)


def _month_words(months: float, *, of: float | None = None) -> str:
    """'9 months', '1 month', or 'about 9.5 months' when the dates do not fall on whole months; with ``of``, a part
    of a term ('9 of its 24 months').

    >>> _month_words(1.0), _month_words(9.5), _month_words(9.0, of=24.0)
    ('1 month', 'about 9.5 months', '9 of its 24 months')
    """
    def figure(m: float) -> str:
        return f"{round(m)}" if abs(m - round(m)) < 0.05 else f"about {m:.1f}"

    if of is not None:
        return f"{figure(months)} of its {_month_words(of)}"
    return plural(round(months), "month") if abs(months - round(months)) < 0.05 else f"{figure(months)} months"


def _estimate(amount: float) -> str:
    """An estimate to the nearest thousand pounds (to the pound below £10,000): it is not shown as exact."""
    return format_money(round(amount, -3) if amount >= 10_000 else amount)


#: Links an impact answer relies on only where they touch a stopped service.
_STOPPED_ONLY = frozenset({EdgeType.COMMISSIONS, EdgeType.FUNDS, EdgeType.DELIVERS, EdgeType.REFERS_TO})


def _about(p: Partnership, named: list[str | None], *, keep: Callable[[Any], bool] | None = None) -> About:
    """:class:`About` for the ids ``named`` (in order, each once) and the edges of ``p`` between them (those
    ``keep`` accepts, when given)."""
    nodes = [n for n in dict.fromkeys(named) if n is not None and n in p]
    inside = set(nodes)
    return About(nodes=nodes, edges=[e.id for n in nodes for e in p.out_edges(n)
                                     if e.to in inside and (keep is None or keep(e))])


#: Cover entries are validated all at once: far quicker than one model at a time.
_COVER_LIST = TypeAdapter(list[CoverImpact])


def _reach_words(c: CoverImpact, r: OtherCover) -> str:
    """One other service as the table lists it: its name, and how it reaches the thing when not its own."""
    how = []
    if r.scope != "own":
        how.append(f"through the {r.scope} {c.kind} {r.through_name}")
    if r.lower_tier:
        how.append(f"tier {r.tier}, lower")
    return r.name + (f" ({', '.join(how)})" if how else "")


def _short_reach(c: CoverImpact, others: list[OtherCover], *, also: bool = False) -> str:
    """A short table cell for the other services reaching something: how many, and how many of them only through
    a wider or narrower one or at a lower tier ('by 9 others (8 via the wider City of York)'). The names are in
    the JSON (``reached_by``), not in the cell."""
    if not others:
        return ""
    n = len(others)
    count = f"{LISTED}+" if n >= LISTED and not also else str(n)
    how = []
    for scope in ("wider", "narrower"):
        if k := sum(1 for r in others if r.scope == scope):
            places = sorted({r.through_name or "" for r in others if r.scope == scope})
            how.append(f"{k} via the {scope} {places[0]}" if len(places) == 1 else f"{k} via {scope} ones")
    if lower := sum(1 for r in others if r.lower_tier):
        how.append(f"{lower} at a lower tier")
    return (f"{'; also reached' if also else ''} by {count} other{'s' if count != '1' else ''}"
            + (f" ({', '.join(how)})" if how else ""))


def _others(p: Partnership, kind: CoverKind, target: str, tier: int | None, reached_by: dict[str, list[str]],
            active_other: Callable[[str], bool]) -> list[dict[str, Any]]:
    """Up to :data:`LISTED` other active services reaching ``target`` (itself, or for a cohort or locality a wider
    or a narrower one), best cover first; the search stops once LISTED give full cover (big graphs)."""
    places: list[tuple[Scope, str]] = [("own", target)]
    if kind in _NESTED:
        places += [("wider", w) for w in wider(p, target)] + [("narrower", n) for n in narrower(p, target)]
    found: dict[str, dict[str, Any]] = {}
    full = 0
    for scope, place in places:
        for sid in reached_by.get(place, ()):
            if sid in found or not active_other(sid):
                continue
            their = p.node(sid).tier  # type: ignore[attr-defined]
            lower = tier is not None and their is not None and their < tier
            # a place lies wholly within a wider one, which a service for that one is delivered in; a group's
            # particular needs are not what a service for a wider group is for
            whole = scope == "own" or (scope == "wider" and kind == "locality")
            found[sid] = {"id": sid, "name": p.node(sid).name, "scope": scope,
                          "through": None if scope == "own" else place,
                          "through_name": None if scope == "own" else p.node(place).name,
                          "tier": their, "lower_tier": lower, "full": whole and not lower}
            full += whole and not lower
            if full == LISTED:
                break
        if full == LISTED:
            break
    ranked = sorted(found.values(), key=lambda r: (not r["full"], _SCOPE_RANK[r["scope"]], r["lower_tier"]))
    return ranked[:LISTED]


@register("decommission-impact", family=FAMILY,
          purpose="What stopping one or more services leaves uncovered, which referral pathways break, "
                  "and what money is freed.",
          params=DecommissionParams, result=DecommissionResult, reads=("Service.tier", "Budget.kind"))
def decommission_impact(p: Partnership, params: DecommissionParams) -> DecommissionResult:
    """Impact of stopping the services named in ``params.node``.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "a", "type": "Service", "name": "A"}, {"id": "b", "type": "Service", "name": "B"}],
    ...   edges=[{"type": "REFERS_TO", "from": "a", "to": "b"}])
    >>> [s.loses for s in decommission_impact(p, DecommissionParams(node=["a"])).stranded]
    ['only referral source']
    """
    stopped = resolve_nodes(p, params.node, query="decommission-impact", types=[NodeType.SERVICE])
    stop = set(stopped)

    active: frozenset[str] = kept(p, "active-services", lambda: frozenset(active_service_ids(p)))

    def active_other(sid: str) -> bool:
        return sid not in stop and sid in active

    cover: list[dict[str, Any]] = []
    for kind, etype in _COVER_EDGES.items():
        reached_by = p.adjacency(etype, "in")
        direct: dict[str, None] = {}
        tiers: dict[str, list[int]] = {}  # the tiers of the stopped services reaching each thing assessed
        for sid in stopped:
            tier = p.node(sid).tier  # type: ignore[attr-defined]
            for target in p.adjacency(etype, "out").get(sid, []):
                direct.setdefault(target)
                if tier is not None:
                    for t in [target, *(narrower(p, target) if kind in _NESTED else ())]:
                        tiers.setdefault(t, []).append(tier)
        made_up = stand_ins(p)
        assessed: dict[str, str | None] = {t: None for t in direct}
        if kind in _NESTED:
            for t in direct:
                for inner in narrower(p, t):
                    assessed.setdefault(inner, t)
        for target, via in assessed.items():
            tier = max(tiers[target]) if target in tiers else None
            others = _others(p, kind, target, tier, reached_by, active_other)
            state = "none" if not others else "full" if others[0]["full"] else "partial"
            cover.append({"kind": kind, "id": target, "name": p.node(target).name, "via": via,
                          "via_name": p.node(via).name if via else None, "tier": tier, "cover": state,
                          "reached_by": others, "other_services": [o["id"] for o in others],
                          "other_service_names": [o["name"] for o in others], "uncovered": not others,
                          "stand_in": target in made_up})

    broken: list[BrokenReferral] = []
    stranded: list[StrandedService] = []
    refers_out = p.adjacency(EdgeType.REFERS_TO, "out")
    refers_in = p.adjacency(EdgeType.REFERS_TO, "in")
    for sid in stopped:
        for target in refers_out.get(sid, []):
            if target not in stop:
                broken.append(BrokenReferral(direction="out of", from_id=sid, from_name=p.node(sid).name,
                                             to_id=target, to_name=p.node(target).name))
        for source in refers_in.get(sid, []):
            if source not in stop:
                broken.append(BrokenReferral(direction="into", from_id=source, from_name=p.node(source).name,
                                             to_id=sid, to_name=p.node(sid).name))
    neighbours_out = dict.fromkeys(b.to_id for b in broken if b.direction == "out of")
    neighbours_in = dict.fromkeys(b.from_id for b in broken if b.direction == "into")
    for target in neighbours_out:
        if all(src in stop for src in refers_in[target]):
            stranded.append(StrandedService(id=target, name=p.node(target).name, loses="only referral source"))
    for source in neighbours_in:
        if all(dst in stop for dst in refers_out[source]):
            stranded.append(StrandedService(id=source, name=p.node(source).name, loses="only referral destination"))

    freed, external, unsourced = Ledger(), Ledger(), Ledger()
    ledgers = {"partners": freed, "external": external, "unknown": unsourced}
    money = []
    ended: list[EndedMoney] = []
    contracts = []
    day = p.default_day()
    for sid in stopped:
        if p.node(sid).status is ServiceStatus.DECOMMISSIONED:  # type: ignore[attr-defined]
            continue  # its money is no longer paid or committed, so stopping it frees none
        for e in p.in_edges(sid, EdgeType.FUNDS):
            amount = e.amount  # type: ignore[attr-defined]
            control, payers = _control(p, e.from_)
            ledgers[control].add(e.from_, amount)
            money.append(FreedMoney(budget_id=e.from_, budget_name=p.node(e.from_).name, service_id=sid,
                                    service_name=p.node(sid).name, amount=amount,
                                    period=e.period,  # type: ignore[attr-defined]
                                    control=control, paid_by=payers))
        whole = p.whole
        for e in whole.in_edges(sid, EdgeType.FUNDS):
            last = whole.span(e)[1]
            if last is not None and last < day:
                ended.append(EndedMoney(budget_id=e.from_, budget_name=whole.node(e.from_).name, service_id=sid,
                                        service_name=p.node(sid).name, ended=last))
        suppliers = [p.node(e.from_).name for e in p.in_edges(sid, EdgeType.DELIVERS)]
        for e in p.in_edges(sid, EdgeType.COMMISSIONS):
            value = contract_amount(e)
            contracts.append(FreedContract(commissioner_id=e.from_, commissioner_name=p.node(e.from_).name,
                                           service_id=sid, service_name=p.node(sid).name, value=value,
                                           tendered=e.tendered, suppliers=suppliers))  # type: ignore[attr-defined]

    at_risk = [r for sid in stopped if p.node(sid).status is not ServiceStatus.DECOMMISSIONED  # type: ignore[attr-defined]
               for r in _recorded_results(p, sid, active_other)]

    return DecommissionResult(
        stopped=[StoppedService(id=s, name=p.node(s).name, status=p.node(s).status.value,  # type: ignore[attr-defined]
                                statutory=bool(p.node(s).statutory)) for s in stopped],  # type: ignore[attr-defined]
        cover=_COVER_LIST.validate_python(cover), broken_referrals=broken, stranded=stranded, money=money,
        money_freed=freed.overall(), external_money=external.overall(), unsourced_money=unsourced.overall(),
        ended_money=ended, at_risk=at_risk,
        contracts=contracts, framework=_framework(p), default_day=day, services_coverage=p.info.coverage.services)


def _framework(p: Partnership) -> str | None:
    """The title of the partnership's own commissioning framework, from its sources ("file: title"), if any."""
    for source in p.info.sources:
        title = source.split(": ", 1)[-1]
        if "commissioning framework" in title.lower():
            return title
    return None


def _recorded_results(p: Partnership, sid: str, other_active: Callable[[str], bool]) -> list[ResultAtRisk]:
    """What the indicators of the outcomes service ``sid`` contributes to record (their latest observations),
    each saying whether another active service (``other_active``) contributes to that outcome too."""
    contributors = p.adjacency(EdgeType.CONTRIBUTES_TO, "in")
    return [ResultAtRisk(service_id=sid, outcome_id=o, outcome_name=p.node(o).name, indicator_id=i,
                         indicator_name=p.node(i).name, value=latest,
                         sole=not any(other_active(other) for other in contributors.get(o, ()) if other != sid),
                         context=is_context_figure(p.node(i)))
            for o in dict.fromkeys(p.adjacency(EdgeType.CONTRIBUTES_TO).get(sid, ()))
            for i in p.adjacency(EdgeType.MEASURED_BY).get(o, ())
            if (latest := _latest(p.node(i)))]


class ValueParams(QueryParams):
    limit: int = Field(50, ge=0, description="List at most this many services (0: all); counts are complete.")


class ServiceValue(BaseModel):
    """An active service and the results recorded for the outcomes it contributes to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service_id: str
    service_name: str
    results: list[ResultAtRisk] = Field(description="Results recorded for the outcomes it contributes to (figures "
                                                    "of context left out).")
    context: list[ResultAtRisk] = Field(default_factory=list, description="Figures of context, not results, recorded "
                                                                          "for those outcomes: indicators with no "
                                                                          "better direction (how many are eligible).")
    savings: list[str] = Field(description="Of the results, the amounts of money saved or avoided (indicators "
                                           "counted in GBP).")
    statutory: bool = Field(False, description="True when the service meets a duty in law: stopping it is not a "
                                               "local choice, whatever its results.")


class ValueResult(QueryResult):
    services: list[ServiceValue] = Field(description="Active services with a recorded result, those with savings "
                                                     "in money first (a figure of context is not a result).")
    active: int = Field(description="Active services.")
    with_results: int = Field(description="Of them, those with a recorded result.")
    without_results: list[str] = Field(description="Names of the active services with no recorded result (at most "
                                                   "20), figures of context aside.")
    statutory: list[str] = Field(default_factory=list, description="Names of the active services that meet a duty "
                                                                   "in law (at most 20): not a local choice to stop.")

    columns: ClassVar[tuple[str, ...]] = ("service_id", "service", "statutory", "indicator", "recorded", "outcome",
                                          "shared", "context")

    def about(self, p: Partnership) -> About:
        """The services listed, the outcomes their figures are recorded against and those indicators; and the
        edges of ``p`` between them."""
        return _about(p, [x for v in self.services
                          for x in (v.service_id, *(y for r in (*v.results, *v.context)
                                                    for y in (r.outcome_id, r.indicator_id)))])

    def table(self) -> list[dict[str, Any]]:
        """A row per result, then the service's figures of context (``context`` true)."""
        return [{"service_id": v.service_id, "service": v.service_name, "statutory": v.statutory,
                 "indicator": r.indicator_name, "recorded": r.value, "outcome": r.outcome_name, "shared": not r.sole,
                 "context": r.context}
                for v in self.services for r in (*v.results, *v.context)]

    def summary(self) -> str:
        if not self.active:
            return "There is no active service."
        verb = "has" if self.with_results == 1 or self.active == 1 else "have"
        parts = [f"{self.with_results:,} of {counted(self.active, 'active service')} {verb} a result recorded for "
                 "the outcomes they contribute to."]
        saving = [v for v in self.services if v.savings]
        if saving:
            parts.append("Money saved or avoided, as recorded: " + and_list(
                [f"{v.service_name} ({'; '.join(v.savings)})" for v in saving], most=NAMED, sep="; ") + ".")
        others = [v for v in self.services if not v.savings]
        if others:
            parts.append("Other results recorded: " + and_list(
                [f"{v.service_name} ({'; '.join(_figure(r) for r in v.results[:3])})"
                 for v in others], most=NAMED, sep="; ") + ".")
        context = [v for v in self.services if v.context]
        if context:
            parts.append(CONTEXT_LEAD + and_list(
                [f"{v.service_name} ({'; '.join(f'{r.indicator_name}: {r.value}' for r in v.context[:3])})"
                 for v in context], most=NAMED, sep="; ") + ".")
        if self.without_results:
            parts.append(f"No result recorded for {self.active - self.with_results}: "
                         + and_list(self.without_results, most=NAMED, sep="; ") + ".")
        if self.statutory:
            one = len(self.statutory) == 1
            parts.append(f"{and_list(self.statutory, most=NAMED, sep='; ')} {'meets a duty' if one else 'meet duties'} "
                         f"in law (statutory): stopping {'it' if one else 'them'} is not a local choice, whatever the "
                         "figures.")
        parts.append("A result is what an indicator of an outcome the service contributes to records; where other "
                     "services contribute to the same outcome, it is not this service's alone.")
        return " ".join(parts)


def _figure(r: ResultAtRisk) -> str:
    return f"{r.indicator_name}: {r.value}" + ("" if r.sole else ", with other services")


@register("value", family=FAMILY, purpose="Savings, costs avoided and other results recorded against the outcomes "
          "each active service contributes to: what to protect and what to stop.",
          params=ValueParams, result=ValueResult)
def value(p: Partnership, params: ValueParams) -> ValueResult:
    """The results recorded for what each active service contributes to.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "first", "type": "Service", "name": "FIRST"},
    ...     {"id": "o", "type": "Outcome", "name": "Fewer out-of-area placements"},
    ...     {"id": "i", "type": "Indicator", "name": "Savings", "unit": "GBP",
    ...      "observations": [{"value": 600000, "period": "since FIRST began"}]}],
    ...   edges=[{"type": "CONTRIBUTES_TO", "from": "first", "to": "o"}, {"type": "MEASURED_BY", "from": "o", "to": "i"}])
    >>> value(p, ValueParams()).services[0].savings
    ['£600,000 (since FIRST began)']
    """
    active = kept(p, "active-services", lambda: frozenset(active_service_ids(p)))
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO)
    flags = kept(p, "value: outcome figures", lambda: _outcome_figures(p))
    with_figures, saving = [], []
    missing, duties = [], []
    for s in p.nodes(NodeType.SERVICE):
        if s.id not in active:
            continue
        if s.statutory:  # type: ignore[attr-defined]
            duties.append(s.name)
        found = [flags[o] for o in contributes.get(s.id, ()) if o in flags]
        if not found:
            missing.append(s.name)
        elif any(found):  # True: a figure in money
            saving.append(s)
        else:
            with_figures.append(s)
    # Only the services listed get their figures in full: at national scale there are over 100,000.
    rows = []
    for s in (saving + with_figures)[: params.limit or None]:
        figures = _recorded_results(p, s.id, active.__contains__)
        results = [r for r in figures if not r.context]
        rows.append(ServiceValue(service_id=s.id, service_name=s.name, results=results,
                                 context=[r for r in figures if r.context],
                                 savings=[r.value for r in results if p.node(r.indicator_id).unit == "GBP"],  # type: ignore[attr-defined]
                                 statutory=bool(s.statutory)))  # type: ignore[attr-defined]
    return ValueResult(services=rows, active=len(active), with_results=len(saving) + len(with_figures),
                       without_results=missing[:20], statutory=duties[:20])


def _outcome_figures(p: Partnership) -> dict[str, bool]:
    """Outcomes some indicator with an observation measures, each with whether one is counted in money; a figure
    of context (:func:`queries.common.is_context_figure`) is not a result, so it does not count."""
    found: dict[str, bool] = {}
    for outcome, indicators in p.adjacency(EdgeType.MEASURED_BY).items():
        observed = [n for n in map(p.node, indicators)
                    if getattr(n, "observations", None) and not is_context_figure(n)]
        if observed:
            found[outcome] = any(getattr(n, "unit", None) == "GBP" for n in observed)
    return found


def _latest(indicator: Any) -> str:
    """An indicator's latest observation in words, and what it moved from when that is recorded (its
    baseline, or its first observation): '12 learners (2013/14), from 26 learners (baseline)', or ''."""
    reading = indicator_reading(indicator)
    if reading is None:
        return ""
    if reading.start_words is not None and reading.start != reading.latest:
        return f"{reading.latest_words}, from {reading.start_words}"
    return reading.latest_words


def _control(p: Partnership, budget: str) -> tuple[Literal["partners", "external", "unknown"], list[str]]:
    """Whose money ``budget`` is, as far as the records say, and for external money the partners it comes from.

    * ``external`` - every partner owning or paying into it (OWNS, CONTRIBUTES) is central government: its
      money is paid under national rules, which the partners cannot redirect (York's Education Funding Agency);
    * ``unknown`` - no one is recorded as owning or paying into it (York's Children's Fund, a national programme
      the data records only as a grant): its source is not recorded, so it is neither counted as the partners'
      to redirect nor said to be external;
    * ``partners`` - otherwise: a partner or a body of the partnership holds or pays into it.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "grant", "type": "Budget", "name": "Grant"},
    ...     {"id": "dfe", "type": "Partner", "name": "DfE", "sector": "central-government"},
    ...     {"id": "national", "type": "Budget", "name": "National"}],
    ...   edges=[{"type": "OWNS", "from": "dfe", "to": "national"}])
    >>> _control(p, "grant"), _control(p, "national")
    (('unknown', []), ('external', ['DfE']))
    """
    found = [p.node(e.from_) for e in p.in_edges(budget, EdgeType.OWNS, EdgeType.CONTRIBUTES)]
    if not found:
        return "unknown", []
    partners = [n for n in found if n.type is NodeType.PARTNER]
    if partners and len(partners) == len(found) and all(
            n.sector is Sector.CENTRAL_GOVERNMENT for n in partners):  # type: ignore[attr-defined]
        return "external", list(dict.fromkeys(n.name for n in partners))
    return "partners", []
