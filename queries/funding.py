"""Funding flows: partners → budgets → services → outcomes → priorities.

The ``funding`` query follows the money along CONTRIBUTES (partner → budget),
FUNDS (budget → service), CONTRIBUTES_TO (service → outcome) and
SUPPORTS_PRIORITY (outcome → priority) and totals it by outcome, priority,
partner, tier, budget kind and budget.

Rules the answer follows
------------------------
* **Unknown is not zero.** A flow without an amount counts as unknown: a total
  is a :class:`~queries.money.MoneyTotal` holding the sum of the known amounts *and* how many
  flows had no amount. Its ``amount`` is ``None`` (shown as "unknown") as soon
  as one flow is unknown.
* **Spend is what budgets pay to services** (FUNDS). Partners' contributions
  (CONTRIBUTES) are money *in*; they are totalled by partner and per budget.
* **Apportioning.** A service that contributes to several outcomes has its spend
  split *equally* between them, and an outcome that supports several priorities
  has its share split equally again, so the outcome and priority tables add up
  to total spend. Spend on a service with no outcome is shown on an
  "unapportioned" row (id ``None``); money reaching outcomes that support no
  priority is shown on a "no priority" row.
* **Prevention against specialist spend.** Tiers 1-2 (universal and targeted)
  count as prevention and early intervention, tiers 3-4 as specialist; spend on
  services with no tier is shown separately and left out of the share.
* **Budget statements.** For each budget: money in (contributions, or the
  budget's declared ``amount`` when no contribution is recorded), money out
  (FUNDS) and the balance, which is unknown when either side is. They are in
  the result's ``budgets``; the summary states each pooled budget's position
  and the board it is reported to (seed 002: "the financial position of pooled
  budgets"). The main table shows the totals chosen with ``by``.

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
...          {"type": "CONTRIBUTES_TO", "from": "s", "to": "o"}])
>>> r = funding(p, FundingParams())
>>> r.total_spend.amount, r.budgets[0].balance
(600.0, 400.0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership

from .common import format_money
from .money import Key, Ledger, MoneyTotal
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
                                                   "partner (money put in), tier or budget-kind (money paid out).")


class GroupTotal(BaseModel):
    """Money reaching one outcome, priority, partner, tier or budget kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None = Field(description="Node id, tier number or budget kind; None for the not-recorded row.")
    name: str
    money: MoneyTotal


class BudgetStatement(BaseModel):
    """Money in, money out and the balance of one budget."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    kind: str | None
    declared: float | None = Field(description="The budget's own recorded amount, if any.")
    money_in: MoneyTotal
    money_out: MoneyTotal
    balance: float | None = Field(description="Money in less money out; None when either is unknown.")
    contributors: list[str] = Field(description="Names of the partners paying in.")
    reported_to: list[str] = Field(description="Names of the boards and sub-groups that monitor it.")


class PreventionBalance(BaseModel):
    """Spend on prevention and early intervention (tiers 1-2) against specialist spend (tiers 3-4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prevention: MoneyTotal
    specialist: MoneyTotal
    unknown_tier: MoneyTotal
    prevention_share: float | None = Field(description="Prevention ÷ (prevention + specialist) over known amounts; "
                                                       "None when no tiered spend has a known amount.")
    complete: bool = Field(description="True when every tiered flow has a known amount.")


class FundingResult(QueryResult):
    by: FundingView
    total_in: MoneyTotal
    total_spend: MoneyTotal
    by_outcome: list[GroupTotal]
    by_priority: list[GroupTotal]
    by_partner: list[GroupTotal]
    by_tier: list[GroupTotal]
    by_budget_kind: list[GroupTotal]
    budgets: list[BudgetStatement]
    prevention: PreventionBalance
    apportioning: str = ("A service's spend is split equally between its outcomes, and an outcome's share "
                         "equally between its priorities; unknown amounts stay unknown.")

    columns: ClassVar[tuple[str, ...]] = ("id", "name", "amount", "known", "unknown_flows", "flows")

    def table(self) -> list[dict[str, Any]]:
        groups = {"outcome": self.by_outcome, "priority": self.by_priority, "partner": self.by_partner,
                  "tier": self.by_tier, "budget-kind": self.by_budget_kind}[self.by]
        return [{"id": g.id, "name": g.name,
                 "amount": format_money(g.money.amount) if g.money.flows else "none recorded", "known": g.money.known,
                 "unknown_flows": g.money.unknown, "flows": g.money.flows} for g in groups]

    def summary(self) -> str:
        lines = [f"Partners put in {self.total_in.text()}; budgets pay {self.total_spend.text()} to services."]
        pv = self.prevention
        if pv.prevention_share is None:
            lines.append("The split between prevention (tiers 1-2) and specialist (tiers 3-4) spend is unknown: "
                         f"prevention {pv.prevention.text()}, specialist {pv.specialist.text()}.")
        else:
            caveat = "" if pv.complete else " (of known amounts; some flows have no amount)"
            lines.append(f"{pv.prevention_share:.0%} of tiered spend goes on prevention and early intervention"
                         f"{caveat}: {pv.prevention.text()} against {pv.specialist.text()} specialist.")
        if pv.unknown_tier.flows:
            lines.append(f"Spend on services with no recorded tier: {pv.unknown_tier.text()}.")
        pooled = [b for b in self.budgets if b.kind == "pooled"]
        for b in pooled[:SUMMARY_BUDGETS]:
            where = f"reported to {', '.join(b.reported_to)}" if b.reported_to else "reported to no board"
            money_in = b.money_in.text() if b.money_in.flows else format_money(b.declared)
            lines.append(f"Pooled budget {b.name}: in {money_in}, out {b.money_out.text()}, "
                         f"balance {format_money(b.balance)}; {where}.")
        if len(pooled) > SUMMARY_BUDGETS:
            unreported = sum(1 for b in pooled if not b.reported_to)
            lines.append(f"{len(pooled)} pooled budgets in all, {unreported} reported to no board.")
        if not pooled:
            lines.append("No pooled budget is recorded.")
        return " ".join(lines)


# -- the query ----------------------------------------------------------------------------------


def _groups(ledger: Ledger, names: Mapping[Key, str], *, ordered: bool = False) -> list[GroupTotal]:
    """Totals as rows: in key order, or largest known amount first (the not-recorded row last)."""
    rows = [GroupTotal(id=k, name=names[k], money=ledger.total(k)) for k in ledger]
    if not ordered:
        rows.sort(key=lambda g: (g.id is None, -g.money.known, g.name))
    return rows


@register("funding", family=FAMILY,
          purpose="Money from partners through budgets to services, outcomes and priorities; prevention share; "
                  "pooled budget statements.",
          params=FundingParams, result=FundingResult)
def funding(p: Partnership, params: FundingParams) -> FundingResult:
    """Totals of the money flowing partners → budgets → services → outcomes → priorities.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "b", "type": "Budget", "name": "Grant"},
    ...     {"id": "s", "type": "Service", "name": "Nurture Groups", "tier": 2}],
    ...   edges=[{"type": "FUNDS", "from": "b", "to": "s"}])
    >>> funding(p, FundingParams()).total_spend.text()
    'unknown (1 flow with no amount)'
    """
    # money out: budget → service, apportioned to outcomes and counted by tier
    outcomes_of = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    tier_of = {s.id: s.tier for s in p.nodes(NodeType.SERVICE)}  # type: ignore[attr-defined]
    budget_out = Ledger()
    outcome_money = Ledger(o.id for o in p.nodes(NodeType.OUTCOME))
    tier_money = Ledger(["1", "2", "3", "4"])
    for e in p.edges(EdgeType.FUNDS):
        amount = e.amount  # type: ignore[attr-defined]
        budget_out.add(e.from_, amount)
        tier = tier_of[e.to]
        tier_money.add(str(tier) if tier else None, amount)
        outcomes = outcomes_of.get(e.to)
        if outcomes:
            share = 1 / len(outcomes)
            for oid in outcomes:
                outcome_money.add(oid, amount, share)
        else:
            outcome_money.add(None, amount)

    # outcomes → priorities, split equally again
    priorities_of = p.adjacency(EdgeType.SUPPORTS_PRIORITY, "out")
    priority_money = Ledger(pr.id for pr in p.nodes(NodeType.PRIORITY))
    for key in outcome_money:
        priorities = priorities_of.get(key, []) if key is not None else []
        for pid in priorities:
            priority_money.merge(pid, outcome_money, key, 1 / len(priorities))
        if not priorities and outcome_money.flows[key]:
            priority_money.merge(None, outcome_money, key)

    # money in: partner → budget
    partner_in = Ledger(n.id for n in p.nodes(NodeType.PARTNER))
    budget_in = Ledger()
    contributors: dict[str, list[str]] = defaultdict(list)
    for e in p.edges(EdgeType.CONTRIBUTES):
        partner_in.add(e.from_, e.amount)  # type: ignore[attr-defined]
        budget_in.add(e.to, e.amount)  # type: ignore[attr-defined]
        contributors[e.to].append(e.from_)

    # budget statements and spend by budget kind
    names: dict[Key, str] = {n.id: n.name for n in p.nodes(NodeType.PARTNER, NodeType.BOARD, NodeType.SUBGROUP,
                                                           NodeType.OUTCOME, NodeType.PRIORITY)}
    monitors = p.adjacency(EdgeType.MONITORS, "in")
    kind_money = Ledger()
    statements = []
    for b in p.nodes(NodeType.BUDGET):
        kind = b.kind.value if b.kind else None  # type: ignore[attr-defined]
        declared = b.amount  # type: ignore[attr-defined]
        kind_money.merge(kind, budget_out, b.id)
        money_in, money_out = budget_in.total(b.id), budget_out.total(b.id)
        in_amount = money_in.amount if money_in.flows else declared
        balance = in_amount - money_out.amount if in_amount is not None and money_out.amount is not None else None
        statements.append(BudgetStatement(
            id=b.id, name=b.name, kind=kind, declared=declared, money_in=money_in, money_out=money_out,
            balance=balance, contributors=[names[c] for c in contributors.get(b.id, [])],
            reported_to=[names[m] for m in monitors.get(b.id, [])]))

    prevention = tier_money.overall(str(t) for t in sorted(PREVENTION_TIERS))
    specialist = tier_money.overall(str(t) for t in sorted(SPECIALIST_TIERS))
    known_tiered = prevention.known + specialist.known
    balance_model = PreventionBalance(
        prevention=prevention, specialist=specialist, unknown_tier=tier_money.total(None),
        prevention_share=prevention.known / known_tiered if known_tiered > 0 else None,
        complete=prevention.unknown == 0 and specialist.unknown == 0)

    tier_names: dict[Key, str] = {"1": "Tier 1 (universal)", "2": "Tier 2 (targeted)", "3": "Tier 3 (specialist)",
                                  "4": "Tier 4 (highly specialist)", None: "Tier not recorded"}
    return FundingResult(
        by=params.by,
        total_in=budget_in.overall(),
        total_spend=budget_out.overall(),
        by_outcome=_groups(outcome_money, {**names, None: "Unapportioned (service has no outcome)"}),
        by_priority=_groups(priority_money, {**names, None: "No priority (outcome supports no priority)"}),
        by_partner=_groups(partner_in, names),
        by_tier=_groups(tier_money, tier_names, ordered=True),
        by_budget_kind=_groups(kind_money, {k: k or "kind not recorded" for k in kind_money}),
        budgets=statements,
        prevention=balance_model,
    )
