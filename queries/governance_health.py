"""Governance health: checks a partnership lead would run before a board meeting.

Each check is a rule in :data:`HEALTH_RULES` with a code, a severity and what it
looks for; the ``health`` query returns one :class:`Finding` per node that
breaks a rule. Severities:

* ``error`` - a documented rule is broken (Staffordshire's £35,000 tender
  threshold, seed 003 Part 6);
* ``warning`` - something the documents expect is missing (York's sub-groups
  each have "a nominated chair and terms of reference", seed 002; pooled budgets
  are reported to the board, seed 002);
* ``info`` - worth a look, not necessarily wrong.

The tender rule: a COMMISSIONS edge whose ``lifetime_value`` is over
:data:`TENDER_THRESHOLD` (£35,000) and whose ``tendered`` is not ``true`` is an
error. A service whose ``annual_cost`` alone is over the threshold (so any
contract for it of a year or more is too) and which has no tendered
COMMISSIONS edge and no contract already reported is a warning: the lifetime
value is implied, not recorded.

The top bodies are the partnership's own (:meth:`Partnership.tops`: a Board
with no ACCOUNTABLE_TO or REPORTS_TO above it); a body that reports somewhere
but is accountable to nothing is flagged, tops are not (they are listed in the
result).

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
...     {"id": "board", "type": "Board", "name": "Trust Board", "terms_of_reference": "2013"}], edges=[])
>>> [f.rule.value for f in health(p, HealthParams()).findings]
['body-no-chair']
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any, ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from graph_model import BODY_TYPES, TENDER_THRESHOLD, EdgeType, NodeType, Partnership
from graph_model.models import BudgetKind, MemberRole, ServiceStatus

from .common import format_money
from .registry import QueryParams, QueryResult, register

__all__ = [
    "HEALTH_RULES",
    "Finding",
    "HealthParams",
    "HealthResult",
    "HealthRule",
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


class HealthRule(StrEnum):
    BODY_NO_CHAIR = "body-no-chair"
    BODY_NO_TERMS = "body-no-terms-of-reference"
    BODY_UNACCOUNTABLE = "body-accountable-to-nothing"
    SERVICE_NO_OUTCOME = "service-no-outcome"
    OUTCOME_NO_INDICATOR = "outcome-no-indicator"
    BUDGET_FUNDS_NOTHING = "budget-funds-nothing"
    POOLED_NOT_REPORTED = "pooled-budget-not-reported"
    UNTENDERED_CONTRACT = "untendered-contract"
    UNTENDERED_SERVICE_COST = "untendered-service-cost"


class RuleInfo(NamedTuple):
    severity: Severity
    checks: str


_THRESHOLD = format_money(TENDER_THRESHOLD)

#: Every governance check, in the order findings are reported.
HEALTH_RULES: dict[HealthRule, RuleInfo] = {
    HealthRule.BODY_NO_CHAIR: RuleInfo(Severity.WARNING,
                                       "A board or sub-group with no CHAIRS edge and no member in the chair role."),
    HealthRule.BODY_NO_TERMS: RuleInfo(Severity.WARNING,
                                       "A board or sub-group with no terms_of_reference recorded."),
    HealthRule.BODY_UNACCOUNTABLE: RuleInfo(Severity.WARNING,
                                            "A board or sub-group that reports somewhere but is ACCOUNTABLE_TO nothing."),
    HealthRule.SERVICE_NO_OUTCOME: RuleInfo(Severity.WARNING,
                                            "A planned or active service that CONTRIBUTES_TO no outcome."),
    HealthRule.OUTCOME_NO_INDICATOR: RuleInfo(Severity.INFO, "An outcome MEASURED_BY no indicator."),
    HealthRule.BUDGET_FUNDS_NOTHING: RuleInfo(Severity.INFO, "A budget with no FUNDS edge to any service."),
    HealthRule.POOLED_NOT_REPORTED: RuleInfo(Severity.WARNING,
                                             "A pooled budget that no board or sub-group MONITORS."),
    HealthRule.UNTENDERED_CONTRACT: RuleInfo(Severity.ERROR,
                                             f"A COMMISSIONS edge with lifetime_value over {_THRESHOLD} "
                                             "and no tender recorded."),
    HealthRule.UNTENDERED_SERVICE_COST: RuleInfo(Severity.WARNING,
                                                 f"A service whose annual_cost is over {_THRESHOLD} "
                                                 "with no tendered contract."),
}


class HealthParams(QueryParams):
    severity: Severity | None = Field(None, description="Only findings of this severity (error, warning or info).")
    rule: list[HealthRule] = Field(default_factory=list, description="Only findings of these rules "
                                                                     "(repeat the option for several).")


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    rule: HealthRule
    node_id: str
    node_name: str
    node_type: str
    message: str


class HealthResult(QueryResult):
    findings: list[Finding]
    tops: list[str] = Field(description="Names of the top bodies (Partnership.tops: boards with no outgoing "
                                        "ACCOUNTABLE_TO or REPORTS_TO).")
    checked: list[HealthRule] = Field(description="The rules that were run.")

    columns: ClassVar[tuple[str, ...]] = ("severity", "rule", "node_id", "node_name", "node_type", "message")

    def table(self) -> list[dict[str, Any]]:
        return [f.model_dump(mode="json") for f in self.findings]

    def summary(self) -> str:
        if not self.findings:
            return f"No governance findings ({len(self.checked)} checks run)."
        by_sev = Counter(f.severity for f in self.findings)
        counts = ", ".join(f"{by_sev[s]} {s.value}{'s' if by_sev[s] != 1 else ''}" for s in Severity if by_sev[s])
        by_rule = Counter(f.rule for f in self.findings)
        rules = "; ".join(f"{r.value}: {n}" for r, n in by_rule.items())
        more = f" and {len(self.tops) - 10} more" if len(self.tops) > 10 else ""
        tops = (f" Bodies with no line of accountability or reporting above them (taken as tops): "
                f"{', '.join(self.tops[:10])}{more}." if self.tops else "")
        return f"{len(self.findings)} governance findings ({counts}) - {rules}.{tops}"


def _finding(p: Partnership, rule: HealthRule, node_id: str, message: str) -> Finding:
    node = p.node(node_id)
    return Finding(severity=HEALTH_RULES[rule].severity, rule=rule, node_id=node_id, node_name=node.name,
                   node_type=node.type.value, message=message)


@register("health", family=FAMILY,
          purpose="Governance checks: chairs, terms of reference, accountability, outcomes without indicators, "
                  f"idle or unreported budgets, contracts over {_THRESHOLD} without a tender.",
          params=HealthParams, result=HealthResult)
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

    if HealthRule.BODY_NO_CHAIR in run:
        chaired = set(p.adjacency(EdgeType.CHAIRS, "in"))
        chaired.update(e.to for e in p.edges(EdgeType.MEMBER_OF) if e.role is MemberRole.CHAIR)  # type: ignore[attr-defined]
        findings += [_finding(p, HealthRule.BODY_NO_CHAIR, b.id, f"{b.name} has no chair recorded (no CHAIRS edge "
                                                                 "and no member with the chair role)")
                     for b in bodies if b.id not in chaired]
    if HealthRule.BODY_NO_TERMS in run:
        findings += [_finding(p, HealthRule.BODY_NO_TERMS, b.id, f"{b.name} has no terms of reference recorded")
                     for b in bodies if not b.terms_of_reference]  # type: ignore[attr-defined]

    accountable = p.adjacency(EdgeType.ACCOUNTABLE_TO, "out")
    reports = p.adjacency(EdgeType.REPORTS_TO, "out")
    tops = [p.node(t).name for t in p.tops()]
    if HealthRule.BODY_UNACCOUNTABLE in run:
        findings += [_finding(p, HealthRule.BODY_UNACCOUNTABLE, b.id,
                              f"{b.name} reports to {', '.join(p.node(t).name for t in reports[b.id])} "
                              "but is formally accountable to no body")
                     for b in bodies if b.id not in accountable and b.id in reports]

    if HealthRule.SERVICE_NO_OUTCOME in run:
        with_outcome = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
        findings += [_finding(p, HealthRule.SERVICE_NO_OUTCOME, s.id,
                              f"{s.name} is {s.status.value} but contributes to no outcome")  # type: ignore[attr-defined]
                     for s in p.nodes(NodeType.SERVICE)
                     if s.id not in with_outcome and s.status is not ServiceStatus.DECOMMISSIONED]  # type: ignore[attr-defined]
    if HealthRule.OUTCOME_NO_INDICATOR in run:
        measured = p.adjacency(EdgeType.MEASURED_BY, "out")
        findings += [_finding(p, HealthRule.OUTCOME_NO_INDICATOR, o.id, f"no indicator measures {o.name}")
                     for o in p.nodes(NodeType.OUTCOME) if o.id not in measured]

    budgets = p.nodes(NodeType.BUDGET)
    if HealthRule.BUDGET_FUNDS_NOTHING in run:
        funds = p.adjacency(EdgeType.FUNDS, "out")
        findings += [_finding(p, HealthRule.BUDGET_FUNDS_NOTHING, b.id, f"{b.name} funds no service")
                     for b in budgets if b.id not in funds]
    if HealthRule.POOLED_NOT_REPORTED in run:
        monitored = p.adjacency(EdgeType.MONITORS, "in")
        findings += [_finding(p, HealthRule.POOLED_NOT_REPORTED, b.id,
                              f"{b.name} is a pooled budget but no board or sub-group monitors it")
                     for b in budgets
                     if b.kind is BudgetKind.POOLED  # type: ignore[attr-defined]
                     and not any(p.node(m).type in BODY_TYPES for m in monitored.get(b.id, []))]

    if run & {HealthRule.UNTENDERED_CONTRACT, HealthRule.UNTENDERED_SERVICE_COST}:
        findings += _tender_findings(p, run)

    order = {r: i for i, r in enumerate(HEALTH_RULES)}
    findings.sort(key=lambda f: order[f.rule])
    return HealthResult(findings=findings, tops=tops, checked=wanted)


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
