"""Funding flows: partners → budgets → services → outcomes → priorities, and the contracts beside them.

The ``funding`` query follows the money along CONTRIBUTES (partner → budget),
FUNDS (budget → service), CONTRIBUTES_TO (service → outcome) and
SUPPORTS_PRIORITY (outcome → priority) and totals it by outcome, priority,
partner, tier, budget kind and budget. Beside it, it totals the contracts
(COMMISSIONS ``lifetime_value``) the same ways.

Rules the answer follows
------------------------
* **Two kinds of money, never added together** (:mod:`queries.money`). Budgets,
  contributions and FUNDS flows are *annual* amounts; a contract's value is a
  *lifetime* amount over the contract's dates. Every total is of one kind, and
  the answer says which: each row has its annual ``money`` and, apart, its
  lifetime ``contracts``; the summary states them in separate sentences.
* **Unknown is not zero.** An amount that is not recorded counts as unknown: a
  total is a :class:`~queries.money.MoneyTotal` holding the sum of the known
  amounts *and* how many had none. Its ``amount`` is ``None`` (shown as
  "unknown") as soon as one is unknown.
* **Spend is what budgets pay to services** (FUNDS). Partners' contributions
  (CONTRIBUTES) are money *in*; they are totalled by partner and per budget.
* **Contracts.** A contract's value counts for the body that commissions it
  (the buyer, on the partner view) and for its service's tier and outcomes.
  The suppliers that deliver the service get no share: a framework promises
  none of them any part of its value, and the records give none. Contracts do
  not pass through budgets, so the budget-kind view and budget statements have
  none.
* **Apportioning.** A service that contributes to several outcomes has its spend
  and its contract value split *equally* between them, and an outcome that
  supports several priorities has its share split equally again, so the outcome
  and priority tables add up to the totals. Money for a service with no outcome
  is shown on an "unapportioned" row (id ``None``); money reaching no priority
  (the service has no outcome, or its outcomes support no priority) is shown
  on a "no priority" row.
* **Prevention against specialist spend.** Tiers 1-2 (universal and targeted)
  count as prevention and early intervention, tiers 3-4 as specialist; money
  for services with no tier is shown separately and left out of the share.
  The share of annual spend and the share of contract value are worked out
  apart.
* **Periods.** Annual amounts carry the period label their record gives
  (``2014/15``). When the amounts counted are for more than one period the
  summary says they are added together, and a budget statement whose money in
  and money out are for different periods strikes no balance.
* **Budget statements.** For each budget: money in (contributions, or the
  budget's declared ``amount`` when no contribution is recorded), money out
  (FUNDS) and the balance, which is unknown when either side is. They are in
  the result's ``budgets``; the summary states each pooled budget's position
  and the board it is reported to (seed 002: "the financial position of pooled
  budgets"). The main
  table shows the totals chosen with ``by``.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "demo", "name": "Demo"}, nodes=[
...     {"id": "la", "type": "Partner", "name": "Council"},
...     {"id": "pool", "type": "Budget", "name": "Pooled fund", "kind": "pooled"},
...     {"id": "s", "type": "Service", "name": "Family support", "tier": 2},
...     {"id": "o", "type": "Outcome", "name": "Happy family life"}],
...   edges=[{"type": "CONTRIBUTES", "from": "la", "to": "pool", "amount": 1000},
...          {"type": "FUNDS", "from": "pool", "to": "s", "amount": 600},
...          {"type": "COMMISSIONS", "from": "la", "to": "s", "lifetime_value": 1800},
...          {"type": "CONTRIBUTES_TO", "from": "s", "to": "o"}])
>>> r = funding(p, FundingParams())
>>> r.total_spend.amount, r.budgets[0].balance, r.total_contracts.amount
(600.0, 400.0, 1800.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership

from .common import and_list, counted, format_money, kept
from .money import (
    ANNUAL_LABEL,
    LIFETIME_LABEL,
    ContractLedger,
    ContractTotal,
    Key,
    Ledger,
    MoneyEdges,
    MoneyTotal,
    money_edges,
    periods_note,
)
from .registry import QueryParams, QueryResult, register

__all__ = [
    "BudgetStatement",
    "FundingParams",
    "FundingResult",
    "GroupTotal",
    "PreventionBalance",
    "funding",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "funding"

PREVENTION_TIERS: frozenset[int] = frozenset({1, 2})
SPECIALIST_TIERS: frozenset[int] = frozenset({3, 4})
#: The summary states this many pooled budgets one by one, then counts the rest.
SUMMARY_BUDGETS = 5


# -- parameters and result ------------------------------------------------------------------

FundingView = Literal["outcome", "priority", "partner", "tier", "budget-kind"]


class FundingParams(QueryParams):
    by: FundingView = Field("outcome", description="Which totals the main table shows: outcome, priority, "
                                                   "partner (money put in, and contract value commissioned), "
                                                   "tier or budget-kind (money paid out).")


class GroupTotal(BaseModel):
    """Money reaching one outcome, priority, partner, tier or budget kind: annual and lifetime apart."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None = Field(description="Node id, tier number or budget kind; None for the not-recorded row.")
    name: str
    money: MoneyTotal = Field(description="Annual budget amounts (FUNDS paid out; CONTRIBUTES put in, for a partner).")
    contracts: ContractTotal | None = Field(None, description="Lifetime contract value (for a partner: commissioned by "
                                                           "it); None when no contract reaches it. Never added to "
                                                           "money.")


class BudgetStatement(BaseModel):
    """Money in, money out and the balance of one budget (annual amounts)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    kind: str | None
    declared: float | None = Field(description="The budget's own recorded amount, if any.")
    money_in: MoneyTotal
    money_out: MoneyTotal
    balance: float | None = Field(description="Money in less money out; None when either is unknown, or when "
                                              "they are for different periods.")
    periods: list[str] = Field(default_factory=list, description="Period labels of the budget and of its money "
                                                                 "in and out; more than one strikes no balance.")
    contributors: list[str] = Field(description="Names of the partners paying in.")
    reported_to: list[str] = Field(description="Names of the boards and sub-groups that monitor it.")

    def position(self) -> str:
        """In, out and balance in words."""
        money_in = self.money_in.text() if self.money_in.flows else format_money(self.declared)
        text = f"in {money_in}, out {self.money_out.text()}, "
        if len(self.periods) > 1:
            return text + f"no balance struck: the amounts are for different periods ({and_list(self.periods)})"
        return text + f"balance {format_money(self.balance)}" + (f" ({self.periods[0]})" if self.periods else "")


class PreventionBalance(BaseModel):
    """Money on prevention and early intervention (tiers 1-2) against specialist money (tiers 3-4).

    Annual spend and lifetime contract value are weighed apart, each with its own share.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    prevention: MoneyTotal
    specialist: MoneyTotal
    unknown_tier: MoneyTotal
    prevention_share: float | None = Field(description="Prevention ÷ (prevention + specialist) over known annual "
                                                       "amounts; None when no tiered spend has a known amount.")
    complete: bool = Field(description="True when every tiered flow has a known amount.")
    contract_prevention: ContractTotal = Field(default_factory=ContractTotal)
    contract_specialist: ContractTotal = Field(default_factory=ContractTotal)
    contract_unknown_tier: ContractTotal = Field(default_factory=ContractTotal)
    contract_prevention_share: float | None = Field(None, description="The same share over known lifetime "
                                                                      "contract values, worked out apart.")


class FundingResult(QueryResult):
    by: FundingView
    total_in: MoneyTotal
    total_spend: MoneyTotal
    total_contracts: ContractTotal = Field(default_factory=ContractTotal,
                                        description="Lifetime value of every contract; never added to the annual "
                                                    "totals.")
    commissioners: list[str] = Field(default_factory=list,
                                     description="Names of the bodies that commission the contracts, most first.")
    periods: list[str] = Field(default_factory=list, description="Period labels of the annual amounts counted.")
    by_outcome: list[GroupTotal]
    by_priority: list[GroupTotal]
    by_partner: list[GroupTotal]
    by_tier: list[GroupTotal]
    by_budget_kind: list[GroupTotal]
    budgets: list[BudgetStatement]
    prevention: PreventionBalance
    apportioning: str = ("A service's spend and contract value are each split equally between its outcomes, and "
                         "an outcome's share equally between its priorities; unknown amounts stay unknown; annual "
                         "amounts and lifetime contract values are never added together.")

    columns: ClassVar[tuple[str, ...]] = ("id", "name", "annual_amount", "annual_known", "unknown_flows", "flows",
                                          "contract_value", "contract_known", "contracts")

    def table(self) -> list[dict[str, Any]]:
        groups = {"outcome": self.by_outcome, "priority": self.by_priority, "partner": self.by_partner,
                  "tier": self.by_tier, "budget-kind": self.by_budget_kind}[self.by]
        rows = []
        for g in groups:
            c = g.contracts
            rows.append({"id": g.id, "name": g.name, "annual_amount": g.money.text(),
                         "annual_known": f"{g.money.known:.2f}", "unknown_flows": g.money.unknown,
                         "flows": g.money.flows, "contract_value": c.text() if c else "none recorded",
                         "contract_known": f"{c.known:.2f}" if c else "0.00", "contracts": c.contracts if c else 0})
        return rows

    def summary(self) -> str:
        lines = [f"{ANNUAL_LABEL.capitalize()}: put in by partners, {self.total_in.text()}; paid by budgets to "
                 f"services, {self.total_spend.text()}."]
        note = periods_note(self.periods)
        if note:
            lines.append(f"{note[0].upper()}{note[1:]}; --as-of DATE counts only the flows in force on that date.")
        pv = self.prevention
        if not pv.prevention.flows and not pv.specialist.flows:
            lines.append("No budget spend on a service with a tier is recorded, so there is no prevention share.")
        elif pv.prevention_share is None:
            lines.append("The split between prevention (tiers 1-2) and specialist (tiers 3-4) spend is unknown: "
                         f"prevention {pv.prevention.text()}, specialist {pv.specialist.text()}.")
        else:
            caveat = "" if pv.complete else " (of known amounts; some flows have no amount)"
            lines.append(f"{pv.prevention_share:.0%} of tiered spend goes on prevention and early intervention"
                         f"{caveat}: {pv.prevention.text()} against {pv.specialist.text()} specialist.")
        if pv.unknown_tier.flows:
            lines.append(f"Spend on services with no recorded tier: {pv.unknown_tier.text()}.")
        lines.append(self._contracts_sentence())
        if self.by in ("outcome", "priority"):
            lines.append("The table splits each service's money and contract value equally between its outcomes"
                         + (", and each outcome's share between its priorities." if self.by == "priority" else "."))
        pooled = [b for b in self.budgets if b.kind == "pooled"]
        for b in pooled[:SUMMARY_BUDGETS]:
            where = f"reported to {and_list(b.reported_to, sep='; ')}" if b.reported_to else "no board recorded as receiving its statement"
            lines.append(f"Pooled budget {b.name}: {b.position()}; {where}.")
        if len(pooled) > SUMMARY_BUDGETS:
            unreported = sum(1 for b in pooled if not b.reported_to)
            lines.append(f"{len(pooled):,} pooled budgets in all, {unreported:,} with no board recorded as receiving their statements.")
        if not pooled:
            lines.append("No pooled budget is recorded.")
        return " ".join(lines)

    def _contracts_sentence(self) -> str:
        total, pv = self.total_contracts, self.prevention
        if not total.contracts:
            return "No contract is recorded."
        bodies = self.commissioners
        who = (f" commissioned by {and_list(bodies, sep='; ')}" if len(bodies) <= 3
               else f" commissioned by {counted(len(bodies), 'body', 'bodies')}") if bodies else ""
        words = (f"Contracts{who} ({LIFETIME_LABEL}, kept apart from the annual amounts and never added to them): "
                 f"{total.text()}.")
        if pv.contract_prevention_share is not None:
            caveat = ("" if not pv.contract_prevention.unknown and not pv.contract_specialist.unknown
                      else " (of known values; some contracts have none)")
            words += (f" {pv.contract_prevention_share:.0%} of the value of contracts for services with a tier is on "
                      f"prevention and early intervention{caveat}: {format_money(pv.contract_prevention.known)} "
                      f"against {format_money(pv.contract_specialist.known)} specialist.")
        if pv.contract_unknown_tier.contracts == total.contracts:
            words += (" No contract's service has a recorded tier, so contract value counts in no prevention share."
                      if total.contracts > 1 else
                      " Its service has no recorded tier, so it counts in no prevention share.")
        elif pv.contract_unknown_tier.contracts:
            words += (f" Contracts for services with no recorded tier: "
                      f"{counted(pv.contract_unknown_tier.contracts, 'contract')}, "
                      f"{format_money(pv.contract_unknown_tier.known)} known.")
        return words


# -- the query ----------------------------------------------------------------------------------


def _groups(ledger: Ledger, names: Mapping[Key, str], *, contracts: ContractLedger | None = None,
            ordered: bool = False) -> list[GroupTotal]:
    """Totals as rows: in key order, or largest known annual amount first (the not-recorded row last).

    With ``contracts``, each row has its lifetime contract value too, and a key only contracts reach is a row.
    """
    keys = list(ledger)
    if contracts is not None:
        seen = set(keys)
        keys += [k for k in contracts if k not in seen]
    rows = [GroupTotal(id=k, name=names[k], money=ledger.total(k),
                       contracts=contracts.total(k) if contracts is not None and contracts.count(k) else None)
            for k in keys]
    if not ordered:
        rows.sort(key=lambda g: (g.id is None, -g.money.known, -(g.contracts.known if g.contracts else 0.0), g.name))
    return rows


_TIER_KEYS: dict[int | None, Key] = {None: None, 1: "1", 2: "2", 3: "3", 4: "4"}


@dataclass(frozen=True, slots=True)
class _Reach:
    """Where each money edge of a partnership reaches, beside :class:`~queries.money.MoneyEdges`: the tier and
    outcomes of the service each FUNDS and COMMISSIONS edge pays for, and the period labels of each budget."""

    flow_tiers: tuple[Key, ...]
    flow_outcomes: tuple[list[str] | None, ...]
    deal_tiers: tuple[Key, ...]
    deal_outcomes: tuple[list[str] | None, ...]
    periods: tuple[str, ...]  # every period label of the annual amounts
    periods_of: dict[str, list[str]]  # each budget's period labels (its own, its money in and out)


def _reach(p: Partnership, m: MoneyEdges) -> _Reach:
    outcomes_of = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    tier_of = {s.id: _TIER_KEYS[s.tier] for s in p.nodes(NodeType.SERVICE)}  # type: ignore[attr-defined]
    per_budget = (set(zip(m.payers, m.flow_periods, strict=True)) | set(zip(m.receivers, m.gift_periods, strict=True))
                  | {(b.id, b.period) for b in p.nodes(NodeType.BUDGET)})  # type: ignore[attr-defined]
    periods_of: dict[str, list[str]] = {}
    for bid, label in sorted(per_budget, key=lambda pair: (pair[0], pair[1] or "")):
        if label:
            periods_of.setdefault(bid, []).append(label)
    return _Reach(
        flow_tiers=tuple(map(tier_of.__getitem__, m.paid_to)), flow_outcomes=tuple(map(outcomes_of.get, m.paid_to)),
        deal_tiers=tuple(map(tier_of.__getitem__, m.bought)), deal_outcomes=tuple(map(outcomes_of.get, m.bought)),
        periods=tuple(sorted({label for _, label in per_budget if label})), periods_of=periods_of)


def _share(prevention: MoneyTotal | ContractTotal, specialist: MoneyTotal | ContractTotal) -> float | None:
    known = prevention.known + specialist.known
    return prevention.known / known if known > 0 else None


@register("funding", family=FAMILY,
          purpose="Money from partners through budgets to services, outcomes and priorities; contract values "
                  "apart; prevention share; pooled budget statements.",
          params=FundingParams, result=FundingResult)
def funding(p: Partnership, params: FundingParams) -> FundingResult:
    """Totals of the money flowing partners → budgets → services → outcomes → priorities, and of contracts.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "b", "type": "Budget", "name": "Grant"},
    ...     {"id": "s", "type": "Service", "name": "Nurture Groups", "tier": 2}],
    ...   edges=[{"type": "FUNDS", "from": "b", "to": "s"}])
    >>> funding(p, FundingParams()).total_spend.text()
    'unknown (1 flow with no amount)'
    """
    return FundingResult(by=params.by, **kept(p, "funding: totals", lambda: _totals(p)))


def _totals(p: Partnership) -> dict[str, Any]:
    """Every field of the answer but ``by`` (which only picks the table), worked out once per partnership and kept
    (:func:`~queries.common.kept`): the totals are frozen models, and each answer gets its own lists of them."""
    m = money_edges(p)
    where = _reach(p, m)

    # money out: budget → service (annual), on to the service's outcomes (split equally) and tier
    budget_out = Ledger()
    budget_out.add_all(m.payers, m.amounts)
    outcome_money = Ledger(o.id for o in p.nodes(NodeType.OUTCOME))
    outcome_money.spread_all(where.flow_outcomes, m.amounts)
    tier_money = Ledger(["1", "2", "3", "4"])
    tier_money.add_all(where.flow_tiers, m.amounts)

    # contracts: commissioner → service (lifetime), the same ways, and never into the annual ledgers
    commissioned = ContractLedger()
    commissioned.add_contracts(m.buyers, m.values, m.starts, m.ends)
    outcome_contracts = ContractLedger()
    outcome_contracts.spread_contracts(where.deal_outcomes, m.values, m.starts, m.ends)
    tier_contracts = ContractLedger()
    tier_contracts.add_contracts(where.deal_tiers, m.values, m.starts, m.ends)

    # outcomes → priorities, split equally again
    priorities_of = p.adjacency(EdgeType.SUPPORTS_PRIORITY, "out")
    priority_money = Ledger(pr.id for pr in p.nodes(NodeType.PRIORITY))
    priority_money.spread(outcome_money, priorities_of)
    priority_contracts = ContractLedger()
    priority_contracts.spread(outcome_contracts, priorities_of)

    # money in: partner → budget
    partner_in = Ledger(n.id for n in p.nodes(NodeType.PARTNER))
    budget_in = Ledger()
    partner_in.add_all(m.givers, m.gifts)
    budget_in.add_all(m.receivers, m.gifts)
    contributors: dict[str, list[str]] = {}
    for giver, receiver in zip(m.givers, m.receivers, strict=True):
        contributors.setdefault(receiver, []).append(giver)

    # budget statements and spend by budget kind
    names: dict[Key, str] = {n.id: n.name for n in p.nodes(NodeType.PARTNER, NodeType.BOARD, NodeType.SUBGROUP,
                                                           NodeType.UNIT, NodeType.OUTCOME, NodeType.PRIORITY)}
    monitors = p.adjacency(EdgeType.MONITORS, "in")
    kind_money = Ledger()
    statements = []
    for b in p.nodes(NodeType.BUDGET):
        kind = b.kind.value if b.kind else None  # type: ignore[attr-defined]
        declared = b.amount  # type: ignore[attr-defined]
        kind_money.merge(kind, budget_out, b.id)
        money_in, money_out = budget_in.total(b.id), budget_out.total(b.id)
        in_amount = money_in.amount if money_in.flows else declared
        labels = where.periods_of.get(b.id, [])
        balance = (in_amount - money_out.amount if in_amount is not None and money_out.amount is not None
                   and len(labels) < 2 else None)
        statements.append(BudgetStatement(
            id=b.id, name=b.name, kind=kind, declared=declared, money_in=money_in, money_out=money_out,
            balance=balance, periods=labels, contributors=[names[c] for c in contributors.get(b.id, [])],
            reported_to=[names[r] for r in monitors.get(b.id, [])]))

    prevention = tier_money.overall(str(t) for t in sorted(PREVENTION_TIERS))
    specialist = tier_money.overall(str(t) for t in sorted(SPECIALIST_TIERS))
    contract_prevention = tier_contracts.overall(str(t) for t in sorted(PREVENTION_TIERS))
    contract_specialist = tier_contracts.overall(str(t) for t in sorted(SPECIALIST_TIERS))
    balance_model = PreventionBalance(
        prevention=prevention, specialist=specialist, unknown_tier=tier_money.total(None),
        prevention_share=_share(prevention, specialist),
        complete=prevention.unknown == 0 and specialist.unknown == 0,
        contract_prevention=contract_prevention, contract_specialist=contract_specialist,
        contract_unknown_tier=tier_contracts.total(None),
        contract_prevention_share=_share(contract_prevention, contract_specialist))

    tier_names: dict[Key, str] = {"1": "Tier 1 (universal)", "2": "Tier 2 (targeted)", "3": "Tier 3 (specialist)",
                                  "4": "Tier 4 (highly specialist)", None: "Tier not recorded"}
    by_value = sorted((k for k in commissioned if k is not None), key=lambda k: -commissioned.parts(k)[0])
    return dict(
        total_in=budget_in.overall(),
        total_spend=budget_out.overall(),
        total_contracts=commissioned.overall(),
        commissioners=[names[k] for k in by_value],
        periods=list(where.periods),
        by_outcome=_groups(outcome_money, {**names, None: "Unapportioned (service has no outcome)"},
                           contracts=outcome_contracts),
        by_priority=_groups(priority_money, {**names, None: "No priority (the service has no outcome, or its "
                                                            "outcomes support no priority)"},
                            contracts=priority_contracts),
        by_partner=_groups(partner_in, names, contracts=commissioned),
        by_tier=_groups(tier_money, tier_names, contracts=tier_contracts, ordered=True),
        by_budget_kind=_groups(kind_money, {k: k or "kind not recorded" for k in kind_money}),
        budgets=statements,
        prevention=balance_model,
    )
