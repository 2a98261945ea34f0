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
  and priority tables add up to the totals. The records give no shares, so the
  equal split is the project's rule: the summary says so and how many services
  it splits, and the table's ``apportioning`` column says how many of each
  row's amounts are equal shares. Money for a service with no outcome is shown
  on an "unapportioned" row (id ``None``); money reaching no priority (the
  service has no outcome, or its outcomes support no priority) is shown on a
  "no priority" row.
* **Money in and money out reconcile** (:class:`Reconciliation`). Partners'
  contributions and budgets' payments are rarely equal; the answer says where
  the difference comes from, budget by budget: money paid by budgets with no
  recorded contributor (a grant whose payer is not recorded), money paid beyond
  a budget's recorded contributions, and money put in that no budget passes on
  to a service. With every amount known the three add up to the difference;
  with some unknown the answer names the budgets and says the sum cannot be
  struck.
* **Prevention against specialist spend** (:data:`PREVENTION_RULE`, stated in
  every answer with tiered money). Tier 2 (targeted services and early help)
  counts as prevention and early intervention, tiers 3-4 as specialist. Tier 1
  is universal provision, much of it core funding (York's post-16 participation
  money, paid by the Education Funding Agency straight to providers): it is
  shown apart and left out of the share, as is money for services with no tier.
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
  budgets"). The main table shows the totals chosen with ``by``.
* **A pool's standing.** A pooled budget's statement gives its status on the
  answer's date from its dates: *planned* (its start is later), *in place*, or
  *ended*; a pool planned or ended on that day is stated too, from the whole
  partnership. A pool no document records in place
  (:func:`queries.money.unrecorded_pools`: no stated dates, amount, or money in
  or out) is *planned* on every date, "no document records it in place", never
  in place (``recorded_in_place`` is false): both bundled pools are such plans
  (seed 003 Part 7: pooling "will take some time", aligned budgets first; seed
  002 has York's ICG explore pooling). Money the project assumed into or out of
  such a pool is named as expected and not counted in the totals. The statement
  gives the pool's legal basis (``legal_basis``; "not recorded" when none is),
  and says which of its figures are the project's reading: a record marked
  ``assumed`` is quoted from its description, and each assumed contribution or
  payment is named.

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

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
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
    long_date,
    money_edges,
    periods_note,
    unrecorded_pools,
)
from .registry import QueryParams, QueryResult, register

__all__ = [
    "BudgetAmount",
    "BudgetStatement",
    "FundingParams",
    "FundingResult",
    "GroupTotal",
    "PreventionBalance",
    "Reconciliation",
    "funding",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "funding"

#: Tier 2, targeted services and early help: the prevention and early-intervention share.
PREVENTION_TIERS: frozenset[int] = frozenset({2})
#: Tier 1, universal provision: shown apart, in no share (much of it is core funding).
UNIVERSAL_TIERS: frozenset[int] = frozenset({1})
SPECIALIST_TIERS: frozenset[int] = frozenset({3, 4})
#: What the prevention share counts, as every answer with tiered money states it.
PREVENTION_RULE = ("Prevention and early intervention counts tier 2 (targeted services and early help) only; "
                   "tier 1 universal provision (core provision such as post-16 participation funding) is shown "
                   "apart and left out of the share, as is money for services with no recorded tier.")
#: The summary states this many pooled budgets one by one, then counts the rest.
SUMMARY_BUDGETS = 5
#: A sentence names this many budgets, then counts the rest.
NAMED = 8


# -- parameters and result ------------------------------------------------------------------

FundingView = Literal["outcome", "priority", "partner", "tier", "budget-kind"]
PoolStatus = Literal["planned", "in place", "ended"]


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
    shares: int = Field(0, description="How many of the amounts counted here (flows and contracts) are equal shares "
                                       "of a service's money split between its outcomes, or of an outcome's split "
                                       "between its priorities, rather than whole amounts.")

    def apportioning(self) -> str:
        """How the row's amounts were counted, in words: whole, or how many are equal shares."""
        counted_here = self.money.flows + (self.contracts.contracts if self.contracts else 0)
        if not counted_here:
            return "nothing counted"
        if not self.shares:
            return "whole amounts"
        return f"equal shares: {self.shares:,} of {counted(counted_here, 'amount')}"


class BudgetAmount(BaseModel):
    """One budget's part in a reconciliation: how much, when known."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    amount: float | None = Field(description="Pounds, or None when an amount it rests on is not recorded.")

    def text(self) -> str:
        return self.name if self.amount is None else f"{self.name}, {format_money(self.amount)}"


class Reconciliation(BaseModel):
    """Where the difference between money put in by partners and money paid by budgets comes from, budget by budget.

    With every amount known, money in + ``no_contributor`` + ``beyond`` - ``not_passed_on`` = money out.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    difference: float | None = Field(description="Money paid out less money put in; None when either is unknown.")
    no_contributor: list[BudgetAmount] = Field(default_factory=list, description="Budgets paying services with no "
                                                                                 "recorded contributor, and what they "
                                                                                 "pay.")
    beyond: list[BudgetAmount] = Field(default_factory=list, description="Budgets paying more than their recorded "
                                                                         "contributions, and by how much.")
    not_passed_on: list[BudgetAmount] = Field(default_factory=list, description="Budgets holding money put in that "
                                                                                "they pass on to no service, and how "
                                                                                "much.")
    unsettled: int = Field(0, description="Budgets with money both in and out whose difference is unknown (an "
                                          "amount is not recorded).")

    @staticmethod
    def _sum(parts: Sequence[BudgetAmount]) -> float | None:
        return None if any(b.amount is None for b in parts) else sum(b.amount or 0.0 for b in parts)

    def sentence(self, money_in: MoneyTotal, money_out: MoneyTotal) -> str:
        """The reconciliation in words ('' when no money is recorded either way)."""
        if not money_in.flows and not money_out.flows:
            return ""

        def listed(parts: Sequence[BudgetAmount]) -> str:
            return and_list([b.text() for b in parts], most=NAMED, sep="; ")

        if not money_in.flows:
            return (f"No partner's contribution is recorded, so all the money budgets pay out has no recorded "
                    f"contributor: it is paid by {listed(self.no_contributor)}.")
        if not money_out.flows:
            return (f"No budget is recorded as paying a service, so none of the money put in is recorded as reaching "
                    f"one: it goes into {listed(self.not_passed_on)}.")
        if money_in.amount is not None and money_out.amount is not None:
            steps = []
            for parts, word, what in ((self.no_contributor, "plus", "paid by budgets with no recorded contributor"),
                                      (self.beyond, "plus", "paid by budgets beyond their recorded contributions"),
                                      (self.not_passed_on, "less", "put in and not recorded as passed on to any service")):
                if parts:
                    steps.append(f"{word} {format_money(self._sum(parts))} {what} ({listed(parts)})")
            if not steps:
                return "Money in and money out agree, budget by budget."
            gap = money_out.amount - money_in.amount
            lead = (f"Budgets pay {format_money(gap)} more than partners put in. " if gap > 0 else
                    f"Partners put in {format_money(-gap)} more than budgets pay. " if gap < 0 else
                    "The totals agree, but not budget by budget. ")
            return (f"{lead}Reconciled: {format_money(money_in.amount)} put in by partners, {', '.join(steps)}, is "
                    f"the {format_money(money_out.amount)} paid by budgets.")
        missing = money_in.unknown + money_out.unknown
        words = [f"Money in and money out cannot be reconciled while {counted(missing, 'amount')} "
                 f"{'is' if missing == 1 else 'are'} not recorded."]
        if self.no_contributor:
            words.append(f"Budgets paying services with no recorded contributor: {listed(self.no_contributor)}.")
        if self.beyond:
            words.append(f"Budgets paying more than their recorded contributions: {listed(self.beyond)}.")
        if self.not_passed_on:
            words.append(f"Budgets with money put in and none recorded as passed on to a service: "
                         f"{listed(self.not_passed_on)}.")
        return " ".join(words)


class BudgetStatement(BaseModel):
    """Money in, money out and the balance of one budget (annual amounts), with its standing on the answer's date."""

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
    status: PoolStatus = Field("in place", description="On the answer's date, from the budget's dates: planned (it "
                                                       "starts later, or no document records it in place), in "
                                                       "place, or ended. Only a pooled budget is stated when not in "
                                                       "place.")
    recorded_in_place: bool = Field(True, description="False for a pooled budget no document records in place (no "
                                                      "stated dates, amount, or money in or out): it is planned, "
                                                      "and money recorded for it is expected, not counted.")
    valid_from: dt.date | None = Field(None, description="The budget's own first day, when its record gives one.")
    valid_to: dt.date | None = Field(None, description="The budget's own last day, when its record gives one.")
    legal_basis: str | None = Field(None, description="The law the budget rests on (a pool: s10 Children Act 2004, "
                                                      "s75 NHS Act 2006), when recorded.")
    assumed: bool = Field(False, description="The budget's record (its dates included) is the project's reading, "
                                             "not a document's statement.")
    note: str | None = Field(None, description="For an assumed record: the first sentence of its description, "
                                               "saying what was assumed.")
    assumed_contributors: list[str] = Field(default_factory=list, description="Partners whose contribution is the "
                                                                              "project's assumption.")
    assumed_payments: list[str] = Field(default_factory=list, description="Services whose payment from the budget is "
                                                                          "the project's assumption.")

    def position(self) -> str:
        """In, out and balance in words."""
        money_in = self.money_in.text() if self.money_in.flows else format_money(self.declared)
        text = f"in {money_in}, out {self.money_out.text()}, "
        if len(self.periods) > 1:
            return text + f"no balance struck: the amounts are for different periods ({and_list(self.periods)})"
        return text + f"balance {format_money(self.balance)}" + (f" ({self.periods[0]})" if self.periods else "")

    def standing(self, day: dt.date | None) -> str:
        """Status on ``day`` from the budget's dates, saying when the dates are the project's reading."""
        on = f" on {long_date(day)}" if day else ""
        due = self.valid_from is not None and (day is None or day < self.valid_from)
        if self.status == "planned" and not self.recorded_in_place:
            # a pool no document records in place: a plan, whatever dates the project gave it
            words = (f"planned: no document records it in place{on} (no start date, amount, or money paid in or out "
                     "is stated for it)")
            if due:
                words += f", due from {long_date(self.valid_from)}"  # type: ignore[arg-type]
        elif self.status == "planned":
            words = f"planned, not in place{on}: due from {long_date(self.valid_from)}" if self.valid_from else \
                f"planned, not in place{on}"
        elif self.status == "ended":
            words = f"ended{f' on {long_date(self.valid_to)}' if self.valid_to else ''}, so not in place{on}"
        else:
            words = f"in place{on}"
            if self.valid_from:
                words += f", since {long_date(self.valid_from)}"
            if self.valid_to:
                words += f", until {long_date(self.valid_to)}"
            if not self.valid_from and not self.valid_to:
                words += " (its record gives no dates)"
        if self.assumed:
            shown = (self.valid_from is not None if self.status != "ended" else 0) + (
                self.valid_to is not None if self.status != "planned" else 0)
            if not self.recorded_in_place:
                shown = int(due) + (self.valid_to is not None and self.status == "ended")
            words += (f", {'a date' if shown == 1 else 'dates'} the project assumed, not recorded by any document"
                      if shown else ", a record that is the project's reading, not a document's statement")
            note = _unprefixed(self.note)
            if note:
                words += f" (its record: {note.rstrip('.')})"
        return words

    def assumptions(self, *, named: bool = False) -> str:
        """Which of the budget's money flows are the project's assumptions, in words ('' when none).

        ``named``: the contributors were just listed, so when every contribution is assumed they are not named again.
        """
        words = []
        n, every = len(self.assumed_contributors), len(self.assumed_contributors) == len(self.contributors)
        if n and named and every:
            words.append(f"{'' if n == 1 else 'both ' if n == 2 else 'all '}the project's "
                         f"assumption{'' if n == 1 else 's'}, not a document's statement")
        elif n:
            which = ("its contribution" if n == 1 and every else "both its contributions" if n == 2 and every
                     else f"all {n} of its contributions" if every
                     else f"{n} of its {len(self.contributors)} contributions")
            words.append(f"{which} ({and_list(self.assumed_contributors, most=NAMED, sep='; ')}) "
                         f"{'is' if n == 1 else 'are'} the project's assumption{'' if n == 1 else 's'}, not a "
                         f"document's statement")
        if self.assumed_payments:
            k = len(self.assumed_payments)
            to = and_list(self.assumed_payments, most=NAMED, sep="; ")
            words.append(f"its payment{'' if k == 1 else 's'} to {to} {'is' if k == 1 else 'are'} the project's "
                         f"assumption{'' if k == 1 else 's'} too" if words else
                         f"its payment{'' if k == 1 else 's'} to {to} {'is' if k == 1 else 'are'} the project's "
                         f"assumption{'' if k == 1 else 's'}, not a document's statement")
        return "; ".join(words)

    def pool_sentence(self, day: dt.date | None) -> str:
        """The pooled budget's statement in one sentence: standing, legal basis, money, assumptions, reporting."""
        basis = f"legal basis: {self.legal_basis}" if self.legal_basis else "legal basis not recorded"
        parts = [f"Pooled budget {self.name} ({basis}): {self.standing(day)}"]
        named = self.status != "in place" and bool(self.contributors)
        if self.status == "in place":
            parts.append(self.position())
        elif named:
            parts.append(f"{'contributions expected from' if self.status == 'planned' else 'contributions were from'}"
                         f" {and_list(self.contributors, most=NAMED, sep='; ')}")
        assumed = self.assumptions(named=named)
        if assumed:
            if named and self.assumed_contributors and len(self.assumed_contributors) == len(self.contributors):
                parts[-1] += f", {assumed}"
            else:
                parts.append(assumed)
        to = "to be reported to" if self.status == "planned" else "reported to"
        parts.append(f"{to} {and_list(self.reported_to, sep='; ')}" if self.reported_to
                     else "no board recorded as receiving its statement")
        return "; ".join(parts) + "."


class PreventionBalance(BaseModel):
    """Money on prevention and early intervention (tier 2) against specialist money (tiers 3-4), with universal
    provision (tier 1) apart (:data:`PREVENTION_RULE`).

    Annual spend and lifetime contract value are weighed apart, each with its own share.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(PREVENTION_RULE, description="What the prevention share counts.")
    prevention: MoneyTotal = Field(description="Tier 2: targeted services and early help.")
    specialist: MoneyTotal = Field(description="Tiers 3-4.")
    universal: MoneyTotal = Field(default_factory=MoneyTotal, description="Tier 1, universal provision: shown apart, "
                                                                          "in no share.")
    unknown_tier: MoneyTotal
    prevention_share: float | None = Field(description="Prevention ÷ (prevention + specialist) over known annual "
                                                       "amounts; None when no targeted or specialist spend has a "
                                                       "known amount.")
    complete: bool = Field(description="True when every targeted and specialist flow has a known amount.")
    contract_prevention: ContractTotal = Field(default_factory=ContractTotal)
    contract_specialist: ContractTotal = Field(default_factory=ContractTotal)
    contract_universal: ContractTotal = Field(default_factory=ContractTotal)
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
    reconciliation: Reconciliation = Field(default_factory=lambda: Reconciliation(difference=None),
                                           description="Where money in and money out differ, budget by budget.")
    prevention: PreventionBalance
    split_services: int = Field(0, description="Services with money (paid or contracted for) that serve several "
                                               "outcomes: their money is split equally between them.")
    funded_services: int = Field(0, description="Services with money, paid or contracted for.")
    split_outcomes: int = Field(0, description="Outcomes with money that support several priorities: their share is "
                                               "split equally between them.")
    apportioning: str = ("A service's spend and contract value are each split equally between its outcomes, and "
                         "an outcome's share equally between its priorities (the records give no shares, so the "
                         "equal split is the project's rule); unknown amounts stay unknown; annual amounts and "
                         "lifetime contract values are never added together.")

    columns: ClassVar[tuple[str, ...]] = ("id", "name", "annual_amount", "annual_known", "unknown_flows", "flows",
                                          "contract_value", "contract_known", "contracts", "apportioning")

    def table(self) -> list[dict[str, Any]]:
        groups = {"outcome": self.by_outcome, "priority": self.by_priority, "partner": self.by_partner,
                  "tier": self.by_tier, "budget-kind": self.by_budget_kind}[self.by]
        rows = []
        for g in groups:
            c = g.contracts
            # a known figure only where some amount is known: "0.00" beside "none recorded" would read as nil spend
            known_money = g.money.flows > g.money.unknown
            known_deals = c is not None and c.contracts > c.unknown
            rows.append({"id": g.id, "name": g.name, "annual_amount": g.money.text(),
                         "annual_known": f"{g.money.known:.2f}" if known_money else None,
                         "unknown_flows": g.money.unknown,
                         "flows": g.money.flows, "contract_value": c.text() if c else "none recorded",
                         "contract_known": f"{c.known:.2f}" if c is not None and known_deals else None,
                         "contracts": c.contracts if c else 0,
                         "apportioning": g.apportioning()})
        return rows

    def summary(self) -> str:
        lines = [f"{ANNUAL_LABEL.capitalize()}: put in by partners, {self.total_in.text()}; paid by budgets to "
                 f"services, {self.total_spend.text()}."]
        reconciled = self.reconciliation.sentence(self.total_in, self.total_spend)
        if reconciled:
            lines.append(reconciled)
        note = periods_note(self.periods)
        if note:
            lines.append(f"{note[0].upper()}{note[1:]}; --as-of DATE counts only the flows in force on that date.")
        lines += self._prevention_sentences()
        lines += self._contracts_sentences()
        if self.by in ("outcome", "priority"):
            lines.append(self._apportioning_sentence())
        pooled = [b for b in self.budgets if b.kind == "pooled"]
        lines += [b.pool_sentence(self.as_of) for b in pooled[:SUMMARY_BUDGETS]]
        if len(pooled) > SUMMARY_BUDGETS:
            unreported = sum(1 for b in pooled if not b.reported_to)
            lines.append(f"{len(pooled):,} pooled budgets in all, {unreported:,} with no board recorded as receiving their statements.")
        if not pooled:
            lines.append("No pooled budget is recorded.")
        return "\n".join(lines)  # one point a line

    def _prevention_sentences(self) -> list[str]:
        pv = self.prevention
        tiered = pv.prevention.flows + pv.specialist.flows + pv.universal.flows
        contracts = pv.contract_prevention.contracts + pv.contract_specialist.contracts + pv.contract_universal.contracts
        if not tiered:
            lines = ["No budget spend on a service with a tier is recorded, so there is no prevention share."]
            return [pv.rule, *lines] if contracts else lines
        lines = [pv.rule]
        if not pv.prevention.flows and not pv.specialist.flows:
            lines.append("No targeted or specialist spend is recorded, so there is no prevention share.")
        elif pv.prevention_share is None:
            lines.append("The split between prevention (tier 2) and specialist (tiers 3-4) spend is unknown: "
                         f"prevention {pv.prevention.text()}, specialist {pv.specialist.text()}.")
        else:
            caveat = "" if pv.complete else " (of known amounts; some flows have no amount)"
            lines.append(f"{pv.prevention_share:.0%} of targeted and specialist spend goes on prevention and early "
                         f"intervention{caveat}: {pv.prevention.text()} against {pv.specialist.text()} specialist.")
        if pv.universal.flows:
            lines.append(f"Universal (tier 1) spend, shown apart: {pv.universal.text()}.")
        if pv.unknown_tier.flows:
            lines.append(f"Spend on services with no recorded tier: {pv.unknown_tier.text()}.")
        return lines

    def _apportioning_sentence(self) -> str:
        n, k = self.funded_services, self.split_services
        if not n:
            return "No service has money recorded, so nothing is split between outcomes."
        if not k:
            words = "No service with money serves more than one outcome, so each outcome's figure is whole amounts"
        else:
            which = ("the one service with money is" if n == 1 else
                     f"{k:,} of the {n:,} services with money {'is' if k == 1 else 'are'}")
            words = (f"Split equally: the records give no shares, so the table divides the money and contract value "
                     f"of a service serving several outcomes equally between them (the project's rule, not a "
                     f"recorded split); {which} split so")
        if self.by == "priority":
            j = self.split_outcomes
            words += (f", and the share of each of {counted(j, 'outcome')} equally between the priorities it "
                      f"supports" if j else "; no outcome with money supports more than one priority")
        return words + "; the apportioning column says how many of each row's amounts are equal shares."

    def _contracts_sentences(self) -> list[str]:
        total, pv = self.total_contracts, self.prevention
        if not total.contracts:
            return ["No contract is recorded."]
        bodies = self.commissioners
        who = (f" commissioned by {and_list(bodies, sep='; ')}" if len(bodies) <= 3
               else f" commissioned by {counted(len(bodies), 'body', 'bodies')}") if bodies else ""
        words = [f"Contracts{who} ({LIFETIME_LABEL}, kept apart from the annual amounts and never added to them): "
                 f"{total.text()}."]
        if pv.contract_prevention_share is not None:
            caveat = ("" if not pv.contract_prevention.unknown and not pv.contract_specialist.unknown
                      else " (of known values; some contracts have none)")
            words.append(f"{pv.contract_prevention_share:.0%} of the value of contracts for targeted and specialist "
                         f"services is on prevention and early intervention{caveat}: "
                         f"{format_money(pv.contract_prevention.known)} against "
                         f"{format_money(pv.contract_specialist.known)} specialist.")
        if pv.contract_universal.contracts:
            words.append(f"Contracts for universal (tier 1) services, shown apart: {pv.contract_universal.text()}.")
        if pv.contract_unknown_tier.contracts == total.contracts:
            words.append("No contract's service has a recorded tier, so contract value counts in no prevention share."
                         if total.contracts > 1 else
                         "Its service has no recorded tier, so it counts in no prevention share.")
        elif pv.contract_unknown_tier.contracts:
            words.append(f"Contracts for services with no recorded tier: "
                         f"{counted(pv.contract_unknown_tier.contracts, 'contract')}, "
                         f"{format_money(pv.contract_unknown_tier.known)} known.")
        return words


# -- the query ----------------------------------------------------------------------------------


def _groups(ledger: Ledger, names: Mapping[Key, str], *, contracts: ContractLedger | None = None,
            ordered: bool = False, shares: Mapping[Key, int] | None = None) -> list[GroupTotal]:
    """Totals as rows: in key order, or largest known annual amount first (the not-recorded row last).

    With ``contracts``, each row has its lifetime contract value too, and a key only contracts reach is a row;
    ``shares`` counts, per key, the amounts that are equal shares.
    """
    keys = list(ledger)
    if contracts is not None:
        seen = set(keys)
        keys += [k for k in contracts if k not in seen]
    split = shares or {}
    rows = [GroupTotal(id=k, name=names[k], money=ledger.total(k),
                       contracts=contracts.total(k) if contracts is not None and contracts.count(k) else None,
                       shares=split.get(k, 0))
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


def _tiers(tiers: Iterable[int]) -> list[Key]:
    return [str(t) for t in sorted(tiers)]


def _first_sentence(text: str | None) -> str | None:
    """The first sentence of a description (to its first full stop followed by a space), or None.

    >>> _first_sentence("Assumption - dated from a target. Partners' money combined.")
    'Assumption - dated from a target.'
    """
    if not text:
        return None
    words = " ".join(text.split())
    end = words.find(". ")
    return words if end < 0 else words[:end + 1]


def _unprefixed(note: str | None) -> str | None:
    """A note without the 'Assumption -' its record starts with (the answer has said it is assumed).

    >>> _unprefixed("Assumption - dated from a target."), _unprefixed("assumption: no amount given.")
    ('dated from a target.', 'no amount given.')
    """
    if not note:
        return None
    head, sep, rest = note.partition(" ")
    if head.rstrip(":-").lower() == "assumption" and rest:
        return rest.lstrip(":- ") or None
    return note


def _split_counts(targets: Iterable[Sequence[str] | None], into: dict[Key, int]) -> None:
    """Count, for every key, the amounts it gets that are equal shares (their target lists several keys)."""
    for keys in targets:
        if keys and len(keys) > 1:
            for key in keys:
                into[key] = into.get(key, 0) + 1


@register("funding", family=FAMILY,
          purpose="Money from partners through budgets to services, outcomes and priorities; contract values "
                  "apart; prevention share; pooled budget statements.",
          params=FundingParams, result=FundingResult, reads=("Service.tier", "Budget.kind"))
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


def _reconcile(statements: Iterable[BudgetStatement]) -> Reconciliation:
    """Each budget's money out less its partners' money in, sorted into where the totals part."""
    no_contributor, beyond, not_passed_on = [], [], []
    unsettled = 0
    for b in statements:
        given, paid = b.money_in, b.money_out
        if not paid.flows and not given.flows:
            continue
        if not given.flows:
            no_contributor.append(BudgetAmount(id=b.id, name=b.name, amount=paid.amount))
        elif not paid.flows:
            not_passed_on.append(BudgetAmount(id=b.id, name=b.name, amount=given.amount))
        elif given.amount is None or paid.amount is None:
            unsettled += 1
        elif paid.amount > given.amount:
            beyond.append(BudgetAmount(id=b.id, name=b.name, amount=paid.amount - given.amount))
        elif paid.amount < given.amount:
            not_passed_on.append(BudgetAmount(id=b.id, name=b.name, amount=given.amount - paid.amount))

    def largest_first(parts: list[BudgetAmount]) -> list[BudgetAmount]:
        return sorted(parts, key=lambda x: (x.amount is None, -(x.amount or 0.0), x.name))

    return Reconciliation(difference=None, no_contributor=largest_first(no_contributor), beyond=largest_first(beyond),
                          not_passed_on=largest_first(not_passed_on), unsettled=unsettled)


def _pools_not_in_place(p: Partnership) -> list[BudgetStatement]:
    """Statements for the pooled budgets of the whole partnership that are planned or ended on the view's day."""
    whole = p.whole
    if whole is p:  # every record is in force on the answer's date
        return []
    day = p.default_day()
    out: list[tuple[Any, PoolStatus]] = []
    for b in whole.nodes(NodeType.BUDGET):
        if b.kind is None or b.kind.value != "pooled" or b.id in p:  # type: ignore[attr-defined]
            continue
        if b.valid_from is not None and day < b.valid_from:
            out.append((b, "planned"))
        elif b.valid_to is not None and day > b.valid_to:
            out.append((b, "ended"))
    if not out:
        return []
    unrecorded = unrecorded_pools(p)
    wanted = {b.id for b, _ in out}
    givers: dict[str, list[tuple[str, bool]]] = {}
    for e in whole.edges(EdgeType.CONTRIBUTES):
        if e.to in wanted:
            givers.setdefault(e.to, []).append((whole.node(e.from_).name, e.assumed))
    watchers: dict[str, list[str]] = {}
    for e in whole.edges(EdgeType.MONITORS):
        if e.to in wanted:
            watchers.setdefault(e.to, []).append(whole.node(e.from_).name)
    return [BudgetStatement(
        id=b.id, name=b.name, kind="pooled", declared=b.amount, money_in=MoneyTotal(),
        money_out=MoneyTotal(), balance=None, contributors=[n for n, _ in givers.get(b.id, [])],
        reported_to=watchers.get(b.id, []), status=status, valid_from=b.valid_from, valid_to=b.valid_to,
        recorded_in_place=b.id not in unrecorded,
        legal_basis=b.legal_basis, assumed=b.assumed, note=_first_sentence(b.description) if b.assumed else None,
        assumed_contributors=[n for n, guess in givers.get(b.id, []) if guess]) for b, status in out]


def _totals(p: Partnership) -> dict[str, Any]:
    """Every field of the answer but ``by`` (which only picks the table), worked out once per partnership and kept
    (:func:`~queries.common.kept`): the totals are frozen models, and each answer gets its own lists of them."""
    # money into or out of a pool no document records in place is expected, not counted (its statement names it)
    planned = unrecorded_pools(p)
    recorded = money_edges(p)
    m = recorded.without_budgets(planned)
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

    # which amounts are equal shares: per outcome, the flows and contracts of services with several outcomes; per
    # priority, those again plus every amount reaching it through an outcome with several priorities
    outcome_shares: dict[Key, int] = {}
    _split_counts(where.flow_outcomes, outcome_shares)
    _split_counts(where.deal_outcomes, outcome_shares)
    priority_shares: dict[Key, int] = {}
    split_outcomes = 0
    for o in {*outcome_money, *outcome_contracts}:
        reached = outcome_money.count(o) + outcome_contracts.count(o)
        if not reached:
            continue
        targets = priorities_of.get(o) if o is not None else None
        several = targets is not None and len(targets) > 1
        split_outcomes += several
        shared = reached if several else outcome_shares.get(o, 0)
        if shared:
            for pr in targets or (None,):
                priority_shares[pr] = priority_shares.get(pr, 0) + shared
    outcomes_of = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    funded = {*m.paid_to, *m.bought}
    split_services = sum(1 for sid in funded if len(outcomes_of.get(sid, ())) > 1)

    # money in: partner → budget
    partner_in = Ledger(n.id for n in p.nodes(NodeType.PARTNER))
    budget_in = Ledger()
    partner_in.add_all(m.givers, m.gifts)
    budget_in.add_all(m.receivers, m.gifts)
    contributors: dict[str, list[tuple[str, bool]]] = {}
    for giver, receiver, guess in zip(recorded.givers, recorded.receivers, recorded.gift_assumed, strict=True):
        contributors.setdefault(receiver, []).append((giver, guess))
    guessed_payments: dict[str, list[str]] = {}
    for payer, service, guess in zip(recorded.payers, recorded.paid_to, recorded.flow_assumed, strict=True):
        if guess:
            guessed_payments.setdefault(payer, []).append(service)

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
        givers = contributors.get(b.id, [])
        statements.append(BudgetStatement(
            id=b.id, name=b.name, kind=kind, declared=declared, money_in=money_in, money_out=money_out,
            balance=balance, periods=labels, contributors=[names[c] for c, _ in givers],
            reported_to=[names[r] for r in monitors.get(b.id, [])], valid_from=b.valid_from, valid_to=b.valid_to,
            **({"status": "planned", "recorded_in_place": False} if b.id in planned else {}),
            legal_basis=b.legal_basis, assumed=b.assumed,  # type: ignore[attr-defined]
            note=_first_sentence(b.description) if b.assumed else None,
            assumed_contributors=[names[c] for c, guess in givers if guess],
            assumed_payments=[p.node(s).name for s in guessed_payments.get(b.id, [])]))
    reconciliation = _reconcile(statements)
    total_in, total_spend = budget_in.overall(), budget_out.overall()
    if total_in.amount is not None and total_spend.amount is not None:
        reconciliation = reconciliation.model_copy(update={"difference": total_spend.amount - total_in.amount})
    statements += _pools_not_in_place(p)

    prevention = tier_money.overall(_tiers(PREVENTION_TIERS))
    specialist = tier_money.overall(_tiers(SPECIALIST_TIERS))
    contract_prevention = tier_contracts.overall(_tiers(PREVENTION_TIERS))
    contract_specialist = tier_contracts.overall(_tiers(SPECIALIST_TIERS))
    balance_model = PreventionBalance(
        prevention=prevention, specialist=specialist, universal=tier_money.overall(_tiers(UNIVERSAL_TIERS)),
        unknown_tier=tier_money.total(None), prevention_share=_share(prevention, specialist),
        complete=prevention.unknown == 0 and specialist.unknown == 0,
        contract_prevention=contract_prevention, contract_specialist=contract_specialist,
        contract_universal=tier_contracts.overall(_tiers(UNIVERSAL_TIERS)),
        contract_unknown_tier=tier_contracts.total(None),
        contract_prevention_share=_share(contract_prevention, contract_specialist))

    tier_names: dict[Key, str] = {"1": "Tier 1 (universal; apart from the prevention share)",
                                  "2": "Tier 2 (targeted; prevention and early intervention)",
                                  "3": "Tier 3 (specialist)", "4": "Tier 4 (highly specialist)",
                                  None: "Tier not recorded"}
    by_value = sorted((k for k in commissioned if k is not None), key=lambda k: -commissioned.parts(k)[0])
    return dict(
        total_in=total_in,
        total_spend=total_spend,
        total_contracts=commissioned.overall(),
        commissioners=[names[k] for k in by_value],
        periods=list(where.periods),
        by_outcome=_groups(outcome_money, {**names, None: "Unapportioned (service has no outcome)"},
                           contracts=outcome_contracts, shares=outcome_shares),
        by_priority=_groups(priority_money, {**names, None: "No priority (the service has no outcome, or its "
                                                            "outcomes support no priority)"},
                            contracts=priority_contracts, shares=priority_shares),
        by_partner=_groups(partner_in, names, contracts=commissioned),
        by_tier=_groups(tier_money, tier_names, contracts=tier_contracts, ordered=True),
        by_budget_kind=_groups(kind_money, {k: k or "kind not recorded" for k in kind_money}),
        budgets=statements,
        reconciliation=reconciliation,
        prevention=balance_model,
        split_services=split_services,
        funded_services=len(funded),
        split_outcomes=split_outcomes,
    )
