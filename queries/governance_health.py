"""Governance health: checks a partnership lead would run before a board meeting.

Each check is a rule in :data:`HEALTH_RULES` with a code, a severity and what it
looks for; the ``health`` query returns one :class:`Finding` per node that
breaks a rule, and counts every rule it ran (:class:`RuleCount`).

Severities, and what they tell a commissioner:

=========== ================================================== =============================
severity    meaning                                            rules
=========== ================================================== =============================
``error``   a **governance fault**: a documented rule is       ``untendered-contract``
            broken by what is recorded
``warning`` a **governance fault**, likely: what is recorded   ``pooled-budget-not-reported``,
            looks wrong and is worth asking about              ``untendered-service-cost``
``info``    a **gap in the data**: nothing is recorded (the    ``body-no-chair``,
            data, or the documents behind it, do not say),     ``body-no-terms-of-reference``,
            which is not evidence of a fault                   ``body-accountable-to-nothing``,
                                                               ``service-no-outcome``,
                                                               ``outcome-no-indicator``,
                                                               ``budget-funds-nothing``
=========== ================================================== =============================

Why each rule sits where it does:

* ``untendered-contract`` (error): the Staffordshire Joint Commissioning
  Framework (Part 6) requires a full tender for contracts with a lifetime value
  over :data:`TENDER_THRESHOLD` (£35,000). A COMMISSIONS edge over it whose
  ``tendered`` is not ``true`` breaks that rule: the record of the tender is the
  evidence a commissioner must be able to show.
* ``untendered-service-cost`` (warning): a service whose ``annual_cost`` alone is
  over the threshold (so any contract for it of a year or more is too) with no
  tendered COMMISSIONS edge and no contract already reported. The contract's
  value is implied, not recorded, so it is a likely fault, not a broken rule.
* ``pooled-budget-not-reported`` (warning): York's ICG reports "the financial
  position of pooled budgets" to the YorOK Board (its terms of reference); pooled
  money that no board or sub-group is recorded as monitoring is a likely fault.
  Only a pool some document records in place is checked
  (:func:`queries.money.unrecorded_pools`: stated dates, an amount, or money in or
  out): a planned pool holds no money to report on, so it is not checked
  (Staffordshire's and York's pools are plans no document records as set up).
* The ``info`` rules find something *not recorded*: a body with no chair or no
  terms of reference recorded (York's terms of reference say every sub-group has
  both, the documents just do not name them), a body that reports upwards with no
  formal accountability recorded, a service with no outcome, an outcome with no
  indicator, a budget recorded as funding no service.

**Nothing to check.** A rule whose records are all missing checks nothing: with no
contract value recorded for any COMMISSIONS link, ``untendered-contract`` cannot find a
contract over the threshold, and that is not a pass. Each rule counts the records it had
to check (:attr:`RuleCount.records`); a rule with none is listed in
:attr:`HealthResult.not_checked` and the summary names it as not checked, with what is
missing, instead of counting it among the rules with no findings.

Loops in accountability and bodies with several formal parents are found by
``accountability-integrity``.

**Generated stand-ins.** A node marked ``generated`` inside a partnership built
from documents (:func:`queries.common.stand_ins`: at least one node is not
generated) stands in for something a document only counts, such as
Staffordshire's 50 Community & Learning Partnerships. What the rules find on
stand-ins says nothing about the partnership, so their findings are folded into
one line per rule ("50 generated stand-in bodies have no chair recorded"), unless
``include_generated`` lists them. A wholly synthetic partnership (every node
generated, as ``bookcase generate`` writes) has no stand-ins: it is analysed in
full, as data.

The top bodies are the partnership's own (:meth:`Partnership.tops`: a Board
with no ACCOUNTABLE_TO or REPORTS_TO above it); a body that reports somewhere
but has no formal accountability recorded is flagged, tops are not (they are
listed in the result).

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
...     {"id": "board", "type": "Board", "name": "Trust Board", "terms_of_reference": "2013"}], edges=[])
>>> [(f.rule.value, f.severity.value) for f in health(p, HealthParams()).findings]
[('body-no-chair', 'info')]
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any, ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from graph_model import BODY_TYPES, TENDER_THRESHOLD, EdgeType, NodeType, Partnership
from graph_model.models import BudgetKind, MemberRole, ServiceStatus

from .common import and_list, format_money, plural, stand_ins, wholly_synthetic
from .money import unrecorded_pools
from .registry import QueryParams, QueryResult, register

__all__ = [
    "HEALTH_RULES",
    "SEVERITY_MEANING",
    "Finding",
    "FoldedFindings",
    "HealthParams",
    "HealthResult",
    "HealthRule",
    "RuleCount",
    "RuleInfo",
    "Severity",
    "health",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "governance-health"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


#: What each severity means; errors and warnings are governance faults, infos are gaps in the data.
SEVERITY_MEANING: dict[Severity, str] = {
    Severity.ERROR: "a documented rule is broken",
    Severity.WARNING: "a likely fault",
    Severity.INFO: "not recorded (the data, or the documents behind it, do not say)",
}


class HealthRule(StrEnum):
    UNTENDERED_CONTRACT = "untendered-contract"
    POOLED_NOT_REPORTED = "pooled-budget-not-reported"
    UNTENDERED_SERVICE_COST = "untendered-service-cost"
    BODY_NO_CHAIR = "body-no-chair"
    BODY_NO_TERMS = "body-no-terms-of-reference"
    BODY_UNACCOUNTABLE = "body-accountable-to-nothing"
    SERVICE_NO_OUTCOME = "service-no-outcome"
    OUTCOME_NO_INDICATOR = "outcome-no-indicator"
    BUDGET_FUNDS_NOTHING = "budget-funds-nothing"


class RuleInfo(NamedTuple):
    severity: Severity
    checks: str
    folded: tuple[str, str]  # how one stand-in / several stand-ins read in a folded line


_THRESHOLD = format_money(TENDER_THRESHOLD)

#: Every governance check, by severity (errors first), in the order findings are reported.
HEALTH_RULES: dict[HealthRule, RuleInfo] = {
    HealthRule.UNTENDERED_CONTRACT: RuleInfo(
        Severity.ERROR, f"A COMMISSIONS edge with lifetime_value over {_THRESHOLD} and no tender recorded.",
        (f"service has a contract over {_THRESHOLD} with no tender recorded",
         f"services have a contract over {_THRESHOLD} with no tender recorded")),
    HealthRule.POOLED_NOT_REPORTED: RuleInfo(
        Severity.WARNING, "A pooled budget recorded in place (stated dates, amount, or money in or out) that no board "
                          "or sub-group MONITORS.",
        ("pooled budget has no board recorded as monitoring it",
         "pooled budgets have no board recorded as monitoring them")),
    HealthRule.UNTENDERED_SERVICE_COST: RuleInfo(
        Severity.WARNING, f"A service whose annual_cost is over {_THRESHOLD} with no tendered contract.",
        (f"service costs over {_THRESHOLD} a year with no tendered contract recorded",
         f"services cost over {_THRESHOLD} a year with no tendered contract recorded")),
    HealthRule.BODY_NO_CHAIR: RuleInfo(
        Severity.INFO, "A board or sub-group with no CHAIRS edge and no member in the chair role.",
        ("body has no chair recorded", "bodies have no chair recorded")),
    HealthRule.BODY_NO_TERMS: RuleInfo(
        Severity.INFO, "A board or sub-group with no terms_of_reference recorded.",
        ("body has no terms of reference recorded", "bodies have no terms of reference recorded")),
    HealthRule.BODY_UNACCOUNTABLE: RuleInfo(
        Severity.INFO, "A board or sub-group that reports somewhere but is ACCOUNTABLE_TO nothing.",
        ("body reports upwards with no formal accountability recorded",
         "bodies report upwards with no formal accountability recorded")),
    HealthRule.SERVICE_NO_OUTCOME: RuleInfo(
        Severity.INFO, "A planned or active service that CONTRIBUTES_TO no outcome.",
        ("service has no outcome recorded", "services have no outcome recorded")),
    HealthRule.OUTCOME_NO_INDICATOR: RuleInfo(
        Severity.INFO, "An outcome MEASURED_BY no indicator.",
        ("outcome has no indicator recorded", "outcomes have no indicator recorded")),
    HealthRule.BUDGET_FUNDS_NOTHING: RuleInfo(
        Severity.INFO, "A budget with no FUNDS edge to any service.",
        ("budget is recorded as funding no service", "budgets are recorded as funding no service")),
}

_STAND_IN = "generated, not from a document"
_LIST_THEM = "--include-generated lists them"


class HealthParams(QueryParams):
    severity: Severity | None = Field(None, description="Only findings of this severity (error, warning or info).")
    rule: list[HealthRule] = Field(default_factory=list, description="Only findings of these rules "
                                                                     "(repeat the option for several).")
    include_generated: bool = Field(False, description="List findings on generated stand-in records one by one; "
                                                       "by default, in a partnership built from documents, they "
                                                       "are folded into one line per rule.")


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    rule: HealthRule
    node_id: str
    node_name: str
    node_type: str
    message: str
    stand_in: bool = Field(False, description="The node is a generated stand-in in a partnership built from "
                                              "documents (listed only with include_generated).")


class FoldedFindings(BaseModel):
    """The findings of one rule on generated stand-ins, folded into one line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    rule: HealthRule
    count: int
    node_types: list[str]
    message: str


class RuleCount(BaseModel):
    """One rule that was run, and how many findings it made."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: HealthRule
    severity: Severity
    checks: str
    findings: int = Field(description="Every finding of the rule, stand-ins included.")
    stand_ins: int = Field(description="Of them, findings on generated stand-ins (folded unless listed).")
    records: int | None = Field(None, description="The records the rule had to check (0: nothing to check, so "
                                                  "not checked).")
    nothing_to_check: str | None = Field(None, description="When records is 0: what is missing, and out of how "
                                                           "many.")


class HealthResult(QueryResult):
    findings: list[Finding] = Field(description="Findings listed one by one, by severity (error, warning, info) "
                                                "and rule; stand-ins only with include_generated.")
    folded: list[FoldedFindings] = Field(default_factory=list, description="Findings on generated stand-ins, one "
                                                                           "line per rule, when not listed.")
    by_rule: list[RuleCount] = Field(default_factory=list, description="Every rule run, with its counts.")
    synthetic: bool = Field(False, description="Every node is generated: a synthetic partnership, analysed in "
                                               "full as data.")
    stand_ins: int = Field(0, description="Generated stand-in nodes of a partnership built from documents.")
    tops: list[str] = Field(description="Names of the top bodies (Partnership.tops: boards with no outgoing "
                                        "ACCOUNTABLE_TO or REPORTS_TO).")
    checked: list[HealthRule] = Field(description="The rules that were run.")
    not_checked: list[HealthRule] = Field(default_factory=list, description="Of the rules run, those that had no "
                                                                            "records to check: not a pass.")

    columns: ClassVar[tuple[str, ...]] = ("severity", "rule", "node_id", "node_name", "node_type", "message")

    def table(self) -> list[dict[str, Any]]:
        """The findings by severity and rule, each rule's folded line after its listed findings."""
        folded = {f.rule: f for f in self.folded}
        rows: list[dict[str, Any]] = []
        for rule in HEALTH_RULES:
            rows += [f.model_dump(mode="json", exclude={"stand_in"}) for f in self.findings if f.rule is rule]
            if rule in folded:
                fold = folded[rule]
                rows.append({"severity": fold.severity.value, "rule": rule.value, "node_id": "",
                             "node_name": f"{fold.count} generated stand-ins", "node_type": ", ".join(fold.node_types),
                             "message": fold.message})
        return rows

    def summary(self) -> str:
        total = sum(c.findings for c in self.by_rule)
        unchecked = [f"Not checked: {c.rule.value} ({c.severity.value}), nothing to check — {c.nothing_to_check}."
                     for c in self.by_rule if c.rule in self.not_checked]
        if not total:
            ran = len(self.checked) - len(self.not_checked)
            if not unchecked:
                return f"No governance findings ({plural(len(self.checked), 'check')} run)."
            if not ran:
                asked = "the 1 check asked for" if len(self.checked) == 1 else f"none of the {len(self.checked)} checks"
                head = (f"Nothing was checked: {asked} had {'no' if len(self.checked) == 1 else 'any'} records to "
                        "check, so no findings here is not a pass.")
            else:
                head = (f"No governance findings from the {plural(ran, 'check')} with records to check; "
                        f"{len(unchecked)} had nothing to check.")
            return "\n".join([head, *unchecked])
        by_sev = Counter[Severity]()
        for c in self.by_rule:
            by_sev[c.severity] += c.findings
        faults = by_sev[Severity.ERROR] + by_sev[Severity.WARNING]
        parts = [f"{plural(by_sev[s], s.value)}" for s in (Severity.ERROR, Severity.WARNING) if by_sev[s]]
        fault_text = (f"{plural(faults, 'governance fault')} ({', '.join(parts)})" if faults
                      else "no governance faults (no errors or warnings)")
        gaps = by_sev[Severity.INFO]
        gap_text = f"{plural(gaps, 'gap')} in the data (info)" if gaps else "no gaps in the data"
        folded = sum(f.count for f in self.folded)
        if folded:
            gap_text += f"; {folded} of the findings are on generated stand-ins, folded below"
        lines = [f"{plural(total, 'finding')}: {fault_text}; {gap_text}.",
                 "Severity: " + "; ".join(f"{s.value} = {m}" for s, m in SEVERITY_MEANING.items()) + "."]
        found = [c for c in self.by_rule if c.findings]
        width = max(len(c.rule.value) for c in found)
        lines.append("By rule:")
        for c in found:
            note = f"  ({c.stand_ins} on generated stand-ins)" if c.stand_ins else ""
            lines.append(f"  {c.severity.value:<9}{c.rule.value:<{width}}{c.findings:>6}{note}")
        clean = [f"{c.rule.value} ({c.severity.value})" for c in self.by_rule
                 if not c.findings and c.rule not in self.not_checked]
        if clean:
            lines.append(f"No findings: {and_list(clean, most=len(clean))}.")
        lines += unchecked
        lines += [f.message + "." for f in self.folded]
        if self.synthetic:
            lines.append("Every record is generated: a synthetic partnership, analysed in full as data.")
        if self.tops:
            more = f" and {len(self.tops) - 10} more" if len(self.tops) > 10 else ""
            lines.append("Bodies with no line of accountability or reporting above them (taken as tops): "
                         f"{', '.join(self.tops[:10])}{more}.")
        return "\n".join(lines)


def _finding(p: Partnership, rule: HealthRule, node_id: str, message: str) -> Finding:
    node = p.node(node_id)
    return Finding(severity=HEALTH_RULES[rule].severity, rule=rule, node_id=node_id, node_name=node.name,
                   node_type=node.type.value, message=message)


@register("health", family=FAMILY,
          purpose="Governance checks: chairs, terms of reference, accountability, outcomes without indicators, "
                  f"idle or unreported budgets, contracts over {_THRESHOLD} without a tender.",
          params=HealthParams, result=HealthResult, reads=("Budget.kind",))
def health(p: Partnership, params: HealthParams) -> HealthResult:
    """Run the checks in :data:`HEALTH_RULES` (filtered by ``params``) and list the findings.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "la", "type": "Partner", "name": "Council"},
    ...     {"id": "s", "type": "Service", "name": "Short breaks"}],
    ...   edges=[{"type": "COMMISSIONS", "from": "la", "to": "s", "lifetime_value": 40000, "tendered": False}])
    >>> [f.severity.value for f in health(p, HealthParams(rule=["untendered-contract"])).findings]
    ['error']
    """
    wanted = [r for r in HEALTH_RULES
              if (not params.rule or r in params.rule)
              and (params.severity is None or HEALTH_RULES[r].severity is params.severity)]
    run = set(wanted)
    findings: list[Finding] = []
    bodies = p.nodes(*sorted(BODY_TYPES))

    if run & {HealthRule.UNTENDERED_CONTRACT, HealthRule.UNTENDERED_SERVICE_COST}:
        findings += _tender_findings(p, run)

    budgets = p.nodes(NodeType.BUDGET)
    if HealthRule.POOLED_NOT_REPORTED in run:
        monitored = p.adjacency(EdgeType.MONITORS, "in")
        findings += [_finding(p, HealthRule.POOLED_NOT_REPORTED, b.id,
                              f"{b.name} is a pooled budget, but no board or sub-group is recorded as monitoring it")
                     for b in _pools_in_place(p)
                     if not any(p.node(m).type in BODY_TYPES for m in monitored.get(b.id, []))]

    if HealthRule.BODY_NO_CHAIR in run:
        chaired = set(p.adjacency(EdgeType.CHAIRS, "in"))
        chaired.update(e.to for e in p.edges(EdgeType.MEMBER_OF) if e.role is MemberRole.CHAIR)  # type: ignore[attr-defined]
        findings += [_finding(p, HealthRule.BODY_NO_CHAIR, b.id, f"{b.name} has no chair recorded (no CHAIRS edge "
                                                                 "and no member with the chair role)")
                     for b in bodies if b.id not in chaired]
    if HealthRule.BODY_NO_TERMS in run:
        findings += [_finding(p, HealthRule.BODY_NO_TERMS, b.id, f"{b.name} has no terms of reference recorded")
                     for b in bodies if not b.terms_of_reference]  # type: ignore[attr-defined]

    tops = [p.node(t).name for t in p.tops()]
    if HealthRule.BODY_UNACCOUNTABLE in run:
        accountable = p.adjacency(EdgeType.ACCOUNTABLE_TO, "out")
        reports = p.adjacency(EdgeType.REPORTS_TO, "out")
        findings += [_finding(p, HealthRule.BODY_UNACCOUNTABLE, b.id,
                              f"{b.name} reports to {and_list([p.node(t).name for t in reports[b.id]])}, "
                              "but no formal accountability is recorded for it")
                     for b in bodies if b.id not in accountable and b.id in reports
                     and not getattr(b, "independent", None)]  # one that stands on its own by design is no gap

    if HealthRule.SERVICE_NO_OUTCOME in run:
        with_outcome = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
        findings += [_finding(p, HealthRule.SERVICE_NO_OUTCOME, s.id,
                              f"{s.name} is {s.status.value}, but no outcome is recorded for it")  # type: ignore[attr-defined]
                     for s in p.nodes(NodeType.SERVICE)
                     if s.id not in with_outcome and s.status is not ServiceStatus.DECOMMISSIONED]  # type: ignore[attr-defined]
    if HealthRule.OUTCOME_NO_INDICATOR in run:
        measured = p.adjacency(EdgeType.MEASURED_BY, "out")
        findings += [_finding(p, HealthRule.OUTCOME_NO_INDICATOR, o.id, f"no indicator is recorded for {o.name}")
                     for o in p.nodes(NodeType.OUTCOME) if o.id not in measured]
    if HealthRule.BUDGET_FUNDS_NOTHING in run:
        funds = p.adjacency(EdgeType.FUNDS, "out")
        findings += [_finding(p, HealthRule.BUDGET_FUNDS_NOTHING, b.id, f"no service is recorded as funded by {b.name}")
                     for b in budgets if b.id not in funds]

    order = {r: i for i, r in enumerate(HEALTH_RULES)}
    findings.sort(key=lambda f: order[f.rule])  # stable: within a rule, the order the nodes were given in
    return _fold(p, params, wanted, findings, tops, _records(p, wanted))


def _records(p: Partnership, wanted: list[HealthRule]) -> dict[HealthRule, tuple[int, str]]:
    """For each rule run, how many records it had to check, and what is missing when there are none."""
    bodies = p.nodes(*sorted(BODY_TYPES))
    budgets = p.nodes(NodeType.BUDGET)
    services = p.nodes(NodeType.SERVICE)
    found: dict[HealthRule, tuple[int, str]] = {}
    for rule in wanted:
        if rule is HealthRule.UNTENDERED_CONTRACT:
            links = p.edges(EdgeType.COMMISSIONS)
            n = sum(e.lifetime_value is not None or e.tendered is True for e in links)  # type: ignore[attr-defined]
            found[rule] = (n, f"no contract value is recorded for any COMMISSIONS link ({n} of {len(links)})")
        elif rule is HealthRule.UNTENDERED_SERVICE_COST:
            n = sum(s.annual_cost is not None for s in services)  # type: ignore[attr-defined]
            found[rule] = (n, f"no annual cost is recorded for any service ({n} of {len(services)})")
        elif rule is HealthRule.POOLED_NOT_REPORTED:
            pooled = sum(b.kind is BudgetKind.POOLED for b in budgets)  # type: ignore[attr-defined]
            n = len(_pools_in_place(p))
            found[rule] = (n, f"no budget is recorded as pooled ({n} of {len(budgets)})" if not pooled else
                           f"no pooled budget is recorded in place ({n} of {plural(pooled, 'pooled budget')}: "
                           "planned, with no dates, amount, or money in or out stated)")
        elif rule in (HealthRule.BODY_NO_CHAIR, HealthRule.BODY_NO_TERMS):
            found[rule] = (len(bodies), "no board or sub-group is recorded")
        elif rule is HealthRule.BODY_UNACCOUNTABLE:
            reports = p.adjacency(EdgeType.REPORTS_TO, "out")
            n = sum(b.id in reports for b in bodies)
            found[rule] = (n, f"no board or sub-group is recorded as reporting to another ({n} of {len(bodies)})")
        elif rule is HealthRule.SERVICE_NO_OUTCOME:
            n = sum(s.status is not ServiceStatus.DECOMMISSIONED for s in services)  # type: ignore[attr-defined]
            found[rule] = (n, f"no planned or active service is recorded ({n} of {len(services)} services)")
        elif rule is HealthRule.OUTCOME_NO_INDICATOR:
            found[rule] = (len(p.nodes(NodeType.OUTCOME)), "no outcome is recorded")
        elif rule is HealthRule.BUDGET_FUNDS_NOTHING:
            found[rule] = (len(budgets), "no budget is recorded")
    return found


def _fold(p: Partnership, params: HealthParams, wanted: list[HealthRule], findings: list[Finding],
          tops: list[str], records: dict[HealthRule, tuple[int, str]]) -> HealthResult:
    """Mark findings on generated stand-ins; fold them into one line per rule unless they are to be listed."""
    extras = stand_ins(p)
    synthetic = wholly_synthetic(p)
    listed: list[Finding] = []
    on_stand_ins: dict[HealthRule, list[Finding]] = {}
    for f in findings:
        if f.node_id in extras:
            on_stand_ins.setdefault(f.rule, []).append(f)
            if params.include_generated:
                listed.append(f.model_copy(update={"stand_in": True, "message": f"{f.message} ({_STAND_IN})"}))
        else:
            listed.append(f)
    folded: list[FoldedFindings] = []
    if not params.include_generated:
        for rule, found in on_stand_ins.items():
            info = HEALTH_RULES[rule]
            what = info.folded[0] if len(found) == 1 else info.folded[1]
            folded.append(FoldedFindings(
                severity=info.severity, rule=rule, count=len(found),
                node_types=sorted({f.node_type for f in found}),
                message=f"{len(found)} generated stand-in {what} — {_STAND_IN}; {_LIST_THEM}"))
    totals = Counter(f.rule for f in findings)
    by_rule = [RuleCount(rule=r, severity=HEALTH_RULES[r].severity, checks=HEALTH_RULES[r].checks,
                         findings=totals[r], stand_ins=len(on_stand_ins.get(r, ())), records=records[r][0],
                         nothing_to_check=None if records[r][0] else records[r][1]) for r in wanted]
    return HealthResult(findings=listed, folded=folded, by_rule=by_rule, synthetic=synthetic,
                        stand_ins=len(extras), tops=tops, checked=wanted,
                        not_checked=[r for r in wanted if not records[r][0]])


def _pools_in_place(p: Partnership) -> list[Any]:
    """The pooled budgets some document records in place (:func:`queries.money.unrecorded_pools`): a planned pool
    holds no money yet, so its reporting is not checked."""
    planned = unrecorded_pools(p)
    return [b for b in p.nodes(NodeType.BUDGET)
            if b.kind is BudgetKind.POOLED and b.id not in planned]  # type: ignore[attr-defined]


def _tender_findings(p: Partnership, run: set[HealthRule]) -> list[Finding]:
    findings: list[Finding] = []
    tendered: set[str] = set()
    reported: set[str] = set()
    for e in p.edges(EdgeType.COMMISSIONS):
        value, done = e.lifetime_value, e.tendered  # type: ignore[attr-defined]
        if done is True:
            tendered.add(e.to)
        elif value is not None and value > TENDER_THRESHOLD:
            reported.add(e.to)
            if HealthRule.UNTENDERED_CONTRACT in run:
                state = "recorded as not tendered" if done is False else "has no tender recorded"
                findings.append(_finding(
                    p, HealthRule.UNTENDERED_CONTRACT, e.to,
                    f"the contract from {p.node(e.from_).name} for {p.node(e.to).name} is worth "
                    f"{format_money(value)} over its life, above the {format_money(TENDER_THRESHOLD)} "
                    f"tender threshold, and {state}"))
    if HealthRule.UNTENDERED_SERVICE_COST in run:
        for s in p.nodes(NodeType.SERVICE):
            cost = s.annual_cost  # type: ignore[attr-defined]
            if cost is not None and cost > TENDER_THRESHOLD and s.id not in tendered and s.id not in reported:
                findings.append(_finding(
                    p, HealthRule.UNTENDERED_SERVICE_COST, s.id,
                    f"{s.name} costs {format_money(cost)} a year, so any contract for it exceeds the "
                    f"{format_money(TENDER_THRESHOLD)} tender threshold, but no tendered contract is recorded"))
    return findings
