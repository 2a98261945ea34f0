"""Governance health: the ``health`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (a contract just under the £35,000 threshold flagged) fails a test. Queries
are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import build, edge, node

from graph_model import EdgeType, InvalidParameters, Partnership
from graph_model.models import with_changes
from queries.governance_health import HEALTH_RULES, HealthRule, Severity
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_the_icg_has_a_chair_and_terms_of_reference(york: Partnership) -> None:
    """002 Chair: the Director of Children's Services chairs the ICG; 002 is its terms of reference."""
    r: Any = run_query("health", york, {"rule": ["body-no-chair", "body-no-terms-of-reference"]})
    assert "icg" not in {f.node_id for f in r.findings}
    assert r.findings, "other York bodies have no chair recorded in the seeds"


def test_the_icg_is_accountable_so_it_is_not_flagged_and_the_top_of_the_bookcase_is_a_top(york: Partnership) -> None:
    """002: the ICG is formally accountable to the YorOK Board; 001 Annex: the Without Walls Board heads
    the bookcase."""
    r: Any = run_query("health", york, {"rule": ["body-accountable-to-nothing"]})
    assert "icg" not in {f.node_id for f in r.findings}
    assert "Without Walls Board" in r.tops


def test_the_childrens_fund_funds_nothing_before_2002_and_nurture_groups_after(york: Partnership) -> None:
    """001 Nurture Groups: first commissioned through the Children's Fund in 2002."""
    params = {"rule": ["budget-funds-nothing"]}
    in_2001: Any = run_query("health", york, params, as_of=dt.date(2001, 6, 1))
    in_2010: Any = run_query("health", york, params, as_of=dt.date(2010, 6, 1))
    in_2014: Any = run_query("health", york, params, as_of=dt.date(2014, 6, 1))
    # The fund has no start of its own; it and its flow end on 31 March 2013, when 001's "now mainstreamed"
    # has happened (an assumption of the York data). It holds up to then, so in 2001 it is there, but
    # before 2002 it funds nothing (flagged); in 2010 it funds nurture groups; by 2014 it has ended.
    assert "childrens-fund" in {f.node_id for f in in_2001.findings} and in_2001.warnings
    assert "childrens-fund" not in {f.node_id for f in in_2010.findings}
    assert "childrens-fund" not in {f.node_id for f in in_2014.findings}


def test_the_tendered_short_breaks_contract_is_not_flagged(staffordshire: Partnership) -> None:
    """003 Part 6: contracts over £35,000 lifetime value need a full tender; the short-breaks framework
    (lifetime value £800,000) records one."""
    contract = next(e for e in staffordshire.in_edges("short-breaks-framework", EdgeType.COMMISSIONS))
    assert contract.lifetime_value > 35_000 and contract.tendered is True  # type: ignore[attr-defined]
    r: Any = run_query("health", staffordshire, {"rule": ["untendered-contract", "untendered-service-cost"]})
    assert r.findings == []


def test_york_records_no_contract_value_so_the_tender_rule_is_not_checked_rather_than_passed(
        york: Partnership) -> None:
    """The York data records three COMMISSIONS links, each a reading of 001 or 002 (the ICG commissions the Early
    Intervention Fund projects; the council nurture groups and Howe Hill) and the seeds give no contract value
    and no tender for any, so the tender rule has nothing to check: the answer says so, and does not say "No
    governance findings"."""
    r: Any = run_query("health", york, {"rule": ["untendered-contract"]})
    assert r.findings == [] and r.not_checked == [HealthRule.UNTENDERED_CONTRACT]
    (count,) = r.by_rule
    assert (count.records, count.findings) == (0, 0)
    summary = r.summary()
    assert "No governance findings" not in summary
    assert ("Not checked: untendered-contract (error), nothing to check — no contract value is recorded for any "
            "COMMISSIONS link (0 of 3).") in summary
    assert summary.startswith("Nothing was checked")


def test_the_staffordshire_short_breaks_contract_value_is_there_to_check(staffordshire: Partnership) -> None:
    """The short breaks framework's COMMISSIONS link records a lifetime value of £800,000 and a tender (its
    OCDS release): the tender rule has one record to check and passes it."""
    r: Any = run_query("health", staffordshire, {"rule": ["untendered-contract"]})
    assert r.not_checked == [] and [c.records for c in r.by_rule] == [1]
    assert r.summary() == "No governance findings (1 check run)."


def test_the_same_contract_without_its_tender_would_break_the_threshold_rule(staffordshire: Partnership) -> None:
    """003 Part 6, checked against the real value: drop the tender and the rule fires."""
    info, nodes, edges = staffordshire.records()
    untendered = [with_changes(e, tendered=None) if e.type is EdgeType.COMMISSIONS else e for e in edges]
    p = Partnership(info, nodes, untendered)
    r: Any = run_query("health", p, {"rule": ["untendered-contract"]})
    assert [(f.node_id, f.severity.value) for f in r.findings] == [("short-breaks-framework", "error")]
    assert "£800,000" in r.findings[0].message


def test_york_bodies_the_documents_do_not_describe_are_gaps_in_the_data_not_faults(york: Partnership) -> None:
    """002 Terms of reference: "All groups have a nominated chair and terms of reference" - the documents
    name the ICG's chair and give its terms, and name no other body's chair (the YorOK sub-groups' terms are
    recorded as existing, not given): what is missing for the others is not recorded, which is no evidence of a
    fault. York's documents break no rule the checks know."""
    r: Any = run_query("health", york)
    missing = [f for f in r.findings if f.rule in (HealthRule.BODY_NO_CHAIR, HealthRule.BODY_NO_TERMS)]
    assert {"youth-council", "safeguarding-board", "camhs-subgroup"} <= {f.node_id for f in missing}
    assert {f.severity for f in missing} == {Severity.INFO}
    assert [f for f in r.findings if f.severity is not Severity.INFO] == []
    first = r.summary().splitlines()[0]
    assert "no governance faults" in first and f"{len(r.findings)} gaps in the data" in first


def test_the_yorok_sub_groups_terms_of_reference_are_recorded_as_existing(york: Partnership) -> None:
    """002: "All groups have a nominated chair and terms of reference" - the Looked After Children, CAMHS and
    Child Poverty sub-groups (001 Annex) have terms of reference the documents do not give; the data records
    that they exist, so they are not reported as missing. Their chairs are not named and the model has no way to
    record a chair but by its post, so they stay "no chair recorded" (a gap in the data, not a fault)."""
    groups = {"looked-after-children-subgroup", "camhs-subgroup", "child-poverty-subgroup"}
    r: Any = run_query("health", york, {"rule": ["body-no-chair", "body-no-terms-of-reference"]})
    found = {(f.rule, f.node_id) for f in r.findings}
    assert not {(HealthRule.BODY_NO_TERMS, g) for g in groups} & found
    assert {(HealthRule.BODY_NO_CHAIR, g) for g in groups} <= found
    for g in groups:
        assert "002 says every established YorOK sub-group has terms of reference" in (
            york.node(g).terms_of_reference or "")  # type: ignore[attr-defined]


def test_yorks_planned_pool_is_not_checked_for_reporting(york: Partnership) -> None:
    """002 has the ICG explore pooling; 001 (2014-16) commissions without pooling agreements: no York pool is
    recorded in place, so the pooled-budget rule has nothing to check (though 002 has the YorOK Board receive
    the position of any pool)."""
    r: Any = run_query("health", york, {"rule": ["pooled-budget-not-reported"]})
    assert r.findings == [] and r.not_checked == [HealthRule.POOLED_NOT_REPORTED]


def test_health_counts_every_rule_run_and_lists_findings_by_severity(staffordshire: Partnership) -> None:
    """003 Part 7: the Children's Trust pooled budget arrangement is a plan ("will take some time", aligned
    budgets first) that no document records in place, so no board watching it is no fault: the pooled-budget
    rule has nothing to check, and says so. The findings are listed by severity."""
    r: Any = run_query("health", staffordshire)
    assert "childrens-trust-pooled-budget" not in {f.node_id for f in r.findings if f.rule is
                                                   HealthRule.POOLED_NOT_REPORTED}
    rank = {s: i for i, s in enumerate(Severity)}
    assert [rank[f.severity] for f in r.findings] == sorted(rank[f.severity] for f in r.findings)
    counts = {c.rule: c for c in r.by_rule}
    assert set(counts) == set(HealthRule)
    assert counts[HealthRule.UNTENDERED_CONTRACT].findings == 0  # the short-breaks framework was tendered
    assert (counts[HealthRule.POOLED_NOT_REPORTED].findings, counts[HealthRule.POOLED_NOT_REPORTED].records) == (0, 0)
    assert HealthRule.POOLED_NOT_REPORTED in r.not_checked
    summary = r.summary()
    assert ("Not checked: pooled-budget-not-reported (warning), nothing to check — no pooled budget is recorded in "
            "place (0 of 1 pooled budget: planned, with no dates, amount, or money in or out stated).") in summary
    assert "no governance faults" in summary.splitlines()[0]
    assert "By rule:" in summary and "No findings: untendered-contract (error)" in summary
    assert "error = a documented rule is broken; warning = a likely fault; info = not recorded" in summary


def test_the_50_generated_community_and_learning_partnerships_fold_into_one_line_per_rule(
        staffordshire: Partnership) -> None:
    """003 §6 gives only the number of Community and Learning Partnerships (50): their records are generated
    stand-ins, so what the checks find on them is one folded line per rule, not 150 findings."""
    r: Any = run_query("health", staffordshire)
    assert not [f for f in r.findings if f.node_id.startswith("clp-")]
    folded = {f.rule: f for f in r.folded}
    assert set(folded) == {HealthRule.BODY_NO_CHAIR, HealthRule.BODY_NO_TERMS, HealthRule.BODY_UNACCOUNTABLE}
    assert all(f.count == 50 for f in folded.values())
    assert folded[HealthRule.BODY_NO_CHAIR].message == (
        "50 generated stand-in bodies have no chair recorded — generated, not from a document; "
        "--include-generated lists them")
    assert folded[HealthRule.BODY_NO_CHAIR].message + "." in r.summary()
    assert {c.rule: c.stand_ins for c in r.by_rule}[HealthRule.BODY_NO_CHAIR] == 50
    assert r.stand_ins == 100 and not r.synthetic  # 50 partnerships and their 50 areas
    rows = [row for row in r.table() if row["node_id"] == ""]
    assert len(rows) == 3 and rows[0]["node_name"] == "50 generated stand-ins"

    listed: Any = run_query("health", staffordshire, {"include_generated": True})
    clps = [f for f in listed.findings if f.node_id.startswith("clp-")]
    assert len(clps) == 150 and all(f.stand_in for f in clps) and listed.folded == []
    assert "generated, not from a document" in clps[0].message


# -- on hand-built partnerships --------------------------------------------------------------------


def findings(p: Partnership, **params: Any) -> list[tuple[str, str]]:
    r: Any = run_query("health", p, params)
    return [(f.rule.value, f.node_id) for f in r.findings]


CONTRACTS = build(
    [node("la", "Partner"), node("untendered-40k", "Service"), node("untendered-30k", "Service"),
     node("tendered-50k", "Service"), node("unrecorded-40k", "Service"), node("exactly-35k", "Service")],
    [edge("COMMISSIONS", "la", "untendered-40k", lifetime_value=40_000, tendered=False),
     edge("COMMISSIONS", "la", "untendered-30k", lifetime_value=30_000, tendered=False),
     edge("COMMISSIONS", "la", "tendered-50k", lifetime_value=50_000, tendered=True),
     edge("COMMISSIONS", "la", "unrecorded-40k", lifetime_value=40_000),
     edge("COMMISSIONS", "la", "exactly-35k", lifetime_value=35_000, tendered=False)])


def test_contracts_over_35000_without_a_recorded_tender_are_errors_and_no_others() -> None:
    """Seed 003 Part 6: full tenders for contracts with a lifetime value *over* £35,000."""
    r: Any = run_query("health", CONTRACTS, {"rule": ["untendered-contract"]})
    assert [(f.node_id, f.severity) for f in r.findings] == [("untendered-40k", Severity.ERROR),
                                                            ("unrecorded-40k", Severity.ERROR)]
    assert "recorded as not tendered" in r.findings[0].message
    assert "has no tender recorded" in r.findings[1].message
    assert "£40,000" in r.findings[0].message and "£35,000" in r.findings[0].message


def test_an_annual_cost_over_the_threshold_implies_a_contract_that_needs_a_tender() -> None:
    p = build([node("la", "Partner"), node("big", "Service", annual_cost=50_000),
               node("big-tendered", "Service", annual_cost=50_000), node("small", "Service", annual_cost=20_000)],
              [edge("COMMISSIONS", "la", "big-tendered", tendered=True)])
    assert findings(p, rule=["untendered-service-cost"]) == [("untendered-service-cost", "big")]
    assert HEALTH_RULES[HealthRule.UNTENDERED_SERVICE_COST].severity is Severity.WARNING


def test_a_service_already_reported_for_its_contract_is_not_reported_again_for_its_cost() -> None:
    p = build([node("la", "Partner"), node("s", "Service", annual_cost=60_000)],
              [edge("COMMISSIONS", "la", "s", lifetime_value=120_000, tendered=False)])
    assert [rule for rule, _ in findings(p) if rule.startswith("untendered")] == ["untendered-contract"]


def test_a_body_without_a_chair_is_found_and_either_way_of_recording_a_chair_counts() -> None:
    p = build([node("dcs", "Post"), node("no-chair", "SubGroup"), node("chaired", "SubGroup"),
               node("member-chair", "SubGroup"), node("member-only", "SubGroup")],
              [edge("CHAIRS", "dcs", "chaired"), edge("MEMBER_OF", "dcs", "member-chair", role="chair"),
               edge("MEMBER_OF", "dcs", "member-only")])
    assert findings(p, rule=["body-no-chair"]) == [("body-no-chair", "no-chair"), ("body-no-chair", "member-only")]


def test_bodies_without_terms_of_reference() -> None:
    p = build([node("with", "Board", terms_of_reference="Amended January 2013"), node("without", "SubGroup")])
    assert findings(p, rule=["body-no-terms-of-reference"]) == [("body-no-terms-of-reference", "without")]


def test_a_body_that_reports_but_is_accountable_to_nothing_is_flagged_and_tops_are_not() -> None:
    p = build([node("top", "Board"), node("child", "SubGroup"), node("drifter", "SubGroup"),
               node("loner", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "child", "top"), edge("REPORTS_TO", "drifter", "top")])
    r: Any = run_query("health", p, {"rule": ["body-accountable-to-nothing"]})
    assert [f.node_id for f in r.findings] == ["drifter"]
    # A top is a Board with nothing above (Partnership.tops, the one definition); the sub-group
    # with no line at all is an orphan, never a top (accountability-integrity reports it).
    assert r.tops == ["Top"]


def test_services_outcomes_and_budgets_that_link_to_nothing() -> None:
    p = build([node("s", "Service"), node("gone", "Service", status="decommissioned"), node("linked", "Service"),
               node("o", "Outcome"), node("measured", "Outcome"), node("i", "Indicator"),
               node("idle", "Budget"), node("used", "Budget")],
              [edge("CONTRIBUTES_TO", "linked", "measured"), edge("MEASURED_BY", "measured", "i"),
               edge("FUNDS", "used", "linked")])
    assert findings(p, rule=["service-no-outcome", "outcome-no-indicator", "budget-funds-nothing"]) == [
        ("service-no-outcome", "s"), ("outcome-no-indicator", "o"), ("budget-funds-nothing", "idle")]


def test_a_pooled_budget_must_be_monitored_by_a_board_or_sub_group() -> None:
    p = build([node("board", "Board"), node("la", "Partner"), node("watched", "Budget", kind="pooled", amount=100),
               node("unwatched", "Budget", kind="pooled", valid_from="2014-04-01"),
               node("funded", "Budget", kind="pooled"), node("aligned", "Budget", kind="aligned")],
              [edge("MONITORS", "board", "watched"), edge("CONTRIBUTES", "la", "funded")])
    assert findings(p, rule=["pooled-budget-not-reported"]) == [("pooled-budget-not-reported", "unwatched"),
                                                                ("pooled-budget-not-reported", "funded")]


def test_a_planned_pool_is_not_checked_for_reporting() -> None:
    """A pooled budget no document records in place (no stated dates, amount, or money in or out; money the
    project assumed does not count) is a plan: it holds no money to report on, so no board watching it is no
    fault (Staffordshire's, 003 Part 7; York's, 002 and 001)."""
    p = build([node("la", "Partner"), node("plan", "Budget", kind="pooled"),
               node("guessed", "Budget", kind="pooled", valid_from="2010-08-31", assumed=True)],
              [edge("CONTRIBUTES", "la", "plan", assumed=True), edge("CONTRIBUTES", "la", "guessed", assumed=True)])
    r: Any = run_query("health", p, {"rule": ["pooled-budget-not-reported"]})
    assert r.findings == [] and r.not_checked == [HealthRule.POOLED_NOT_REPORTED]
    assert "no pooled budget is recorded in place (0 of 2 pooled budgets: planned" in r.summary()


def test_rules_with_no_records_are_named_as_not_checked_beside_the_findings_of_the_others() -> None:
    p = build([node("board", "Board", terms_of_reference="2013"), node("s", "Service")], [])
    r: Any = run_query("health", p, {"rule": ["body-no-chair", "budget-funds-nothing", "untendered-service-cost"]})
    assert r.not_checked == [HealthRule.UNTENDERED_SERVICE_COST, HealthRule.BUDGET_FUNDS_NOTHING]
    assert {c.rule.value: c.records for c in r.by_rule} == {
        "untendered-service-cost": 0, "body-no-chair": 1, "budget-funds-nothing": 0}
    summary = r.summary()
    assert "No findings:" not in summary
    assert ("Not checked: untendered-service-cost (warning), nothing to check — no annual cost is recorded for any "
            "service (0 of 1).") in summary
    assert "Not checked: budget-funds-nothing (info), nothing to check — no budget is recorded." in summary
    board_only: Any = run_query("health", p, {"rule": ["body-no-terms-of-reference", "budget-funds-nothing"]})
    assert board_only.summary().splitlines()[0] == (
        "No governance findings from the 1 check with records to check; 1 had nothing to check.")


def test_severity_and_rule_filters_select_findings_and_bad_values_are_refused() -> None:
    p = build([node("la", "Partner"), node("s", "Service"), node("o", "Outcome")],
              [edge("COMMISSIONS", "la", "s", lifetime_value=90_000), edge("CONTRIBUTES_TO", "s", "o")])
    assert findings(p, severity="error") == [("untendered-contract", "s")]
    assert findings(p, severity="info") == [("outcome-no-indicator", "o")]
    assert findings(p, severity="warning") == []
    with pytest.raises(InvalidParameters, match="rule"):
        run_query("health", p, {"rule": ["no-such-rule"]})
    with pytest.raises(InvalidParameters, match="severity"):
        run_query("health", p, {"severity": "fatal"})


def test_every_rule_is_listed_once_with_a_severity_and_can_fire() -> None:
    assert set(HEALTH_RULES) == set(HealthRule)
    p = build([node("la", "Partner"), node("b", "Board"), node("g", "SubGroup"), node("s", "Service", annual_cost=1e6),
               node("t", "Service"), node("o", "Outcome"), node("pool", "Budget", kind="pooled", amount=5000)],
              [edge("REPORTS_TO", "g", "b"), edge("COMMISSIONS", "la", "t", lifetime_value=1e6)])
    fired = {rule for rule, _ in findings(p)}
    assert fired == {r.value for r in HealthRule}


def test_severities_follow_the_scale_faults_first_then_gaps_in_the_data() -> None:
    p = build([node("la", "Partner"), node("g", "SubGroup"), node("pool", "Budget", kind="pooled"),
               node("s", "Service", annual_cost=50_000), node("t", "Service")],
              [edge("COMMISSIONS", "la", "t", lifetime_value=90_000), edge("FUNDS", "pool", "t")])
    r: Any = run_query("health", p)
    assert [(f.severity.value, f.rule.value) for f in r.findings] == [
        ("error", "untendered-contract"), ("warning", "pooled-budget-not-reported"),
        ("warning", "untendered-service-cost"), ("info", "body-no-chair"), ("info", "body-no-terms-of-reference"),
        ("info", "service-no-outcome"), ("info", "service-no-outcome")]
    assert r.summary().splitlines()[0] == ("7 findings: 3 governance faults (1 error, 2 warnings); "
                                           "4 gaps in the data (info).")


def test_a_wholly_synthetic_partnership_is_analysed_in_full() -> None:
    """Every record generated, as ``bookcase generate`` writes: no stand-ins, every finding listed."""
    p = build([node("b", "Board", generated=True), node("g", "SubGroup", generated=True)],
              [edge("REPORTS_TO", "g", "b", generated=True)])
    r: Any = run_query("health", p)
    assert r.synthetic and r.folded == [] and r.stand_ins == 0
    assert ("body-no-chair", "g") in [(f.rule.value, f.node_id) for f in r.findings]
    assert not any(f.stand_in for f in r.findings)
    assert "analysed in full as data" in r.summary()
