"""Part-B named queries (funding, decommission-impact, health, network, diff) on small hand-built partnerships.

Each partnership is built so that a wrong answer fails: an unknown amount counted
as zero, a contract just under the £35,000 threshold flagged, a cohort reported as
uncovered while another service still reaches it, money moved between services
missed. Queries are reached through the registry, as every interface reaches them.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import networkx as nx
import pytest
from builders import build, edge, node

from graph_model import InvalidParameters, Partnership, UnknownNode
from queries.governance_health import HEALTH_RULES, HealthRule, Severity
from queries.network import betweenness
from queries.registry import get_query, run_query

PART_B = ("funding", "decommission-impact", "health", "network", "diff")




# -- every part-B query ------------------------------------------------------------------------

SMALL = build(
    [node("la", "Partner", sector="local-authority"), node("nhs", "Partner", sector="health"),
     node("dcs", "Post"), node("board", "Board", terms_of_reference="2013"), node("icg", "SubGroup"),
     node("pool", "Budget", kind="pooled"), node("s", "Service", tier=2, start_date="2014-01-01"),
     node("t", "Service", tier=3), node("o", "Outcome"), node("c", "Cohort")],
    [edge("EMPLOYS", "la", "dcs"), edge("CHAIRS", "dcs", "icg"), edge("MEMBER_OF", "nhs", "icg"),
     edge("ACCOUNTABLE_TO", "icg", "board"), edge("CONTRIBUTES", "la", "pool", amount=100),
     edge("FUNDS", "pool", "s", amount=60), edge("CONTRIBUTES_TO", "s", "o"), edge("TARGETS", "s", "c"),
     edge("REFERS_TO", "s", "t")])
PARAMS = {"decommission-impact": {"node": ["s"]}, "diff": {"before": "2013-01-01", "after": "2015-01-01"}}


@pytest.mark.parametrize("name", PART_B)
def test_rows_use_exactly_the_declared_columns_and_the_summary_answers(name: str) -> None:
    result = run_query(name, SMALL, PARAMS.get(name, {}))
    rows = result.table()
    assert rows, f"{name} gave an empty table on a partnership with something to show"
    assert all(list(row) == list(type(result).columns) for row in rows)
    assert result.query == name and result.partnership == "demo"
    assert result.summary().strip()


@pytest.mark.parametrize("name", ["funding", "health", "network"])
def test_an_empty_partnership_gives_an_empty_table_and_words(name: str) -> None:
    result = run_query(name, build([]))
    assert result.table() == []
    assert result.summary().strip()


def test_every_part_b_query_is_registered_in_its_family() -> None:
    families = {name: get_query(name).family for name in PART_B}
    assert families == {"funding": "funding", "decommission-impact": "decommissioning",
                        "health": "governance-health", "network": "network", "diff": "change-over-time"}


# -- funding ----------------------------------------------------------------------------------


def pooled(amounts: tuple[float | None, float | None], spend: float | None) -> Partnership:
    return build([node("la", "Partner"), node("pct", "Partner"), node("board", "Board", name="Trust Board"),
                  node("pool", "Budget", kind="pooled"), node("s", "Service", tier=1)],
                 [edge("CONTRIBUTES", "la", "pool", amount=amounts[0]),
                  edge("CONTRIBUTES", "pct", "pool", amount=amounts[1]),
                  edge("FUNDS", "pool", "s", amount=spend), edge("MONITORS", "board", "pool")])


def test_a_pooled_budget_with_one_unknown_contribution_has_an_unknown_balance_not_a_number() -> None:
    r: Any = run_query("funding", pooled((1000, None), 600))
    statement = r.budgets[0]
    assert statement.money_in.amount is None
    assert (statement.money_in.known, statement.money_in.unknown, statement.money_in.flows) == (1000, 1, 2)
    assert statement.balance is None
    assert statement.reported_to == ["Trust Board"]
    assert r.total_in.text() == "£1,000 known + 1 unknown"
    assert "balance unknown" in r.summary()


def test_a_pooled_budget_with_known_contributions_balances() -> None:
    r: Any = run_query("funding", pooled((1000, 500), 600))
    statement = r.budgets[0]
    assert (statement.money_in.amount, statement.money_out.amount, statement.balance) == (1500, 600, 900)
    assert statement.contributors == ["La", "Pct"]
    assert "balance £900; reported to Trust Board" in r.summary()


def test_partner_totals_are_money_put_in_and_unknown_stays_unknown() -> None:
    r: Any = run_query("funding", pooled((1000, None), 600), {"by": "partner"})
    assert {row["id"]: row["amount"] for row in r.table()} == {"la": "£1,000", "pct": "unknown"}


def test_a_service_with_three_outcomes_splits_its_spend_equally_and_totals_add_up() -> None:
    p = build([node("b", "Budget"), node("s", "Service"), node("t", "Service"), node("o1", "Outcome"),
               node("o2", "Outcome"), node("o3", "Outcome"), node("pr", "Priority")],
              [edge("FUNDS", "b", "s", amount=900), edge("FUNDS", "b", "t", amount=100),
               *(edge("CONTRIBUTES_TO", "s", o) for o in ("o1", "o2", "o3")),
               edge("SUPPORTS_PRIORITY", "o1", "pr")])
    r: Any = run_query("funding", p)
    by_outcome = {g.id: g.money.amount for g in r.by_outcome}
    assert by_outcome == {"o1": 300, "o2": 300, "o3": 300, None: 100}  # t has no outcome: unapportioned
    assert sum(g.money.known for g in r.by_outcome) == r.total_spend.amount == 1000
    by_priority = {g.id: g.money.amount for g in r.by_priority}
    assert by_priority == {"pr": 300, None: 700}


def test_prevention_share_counts_tiers_one_and_two_against_three_and_four_and_keeps_untiered_apart() -> None:
    p = build([node("b", "Budget"), node("u", "Service", tier=1), node("tg", "Service", tier=2),
               node("sp", "Service", tier=3), node("x", "Service")],
              [edge("FUNDS", "b", "u", amount=200), edge("FUNDS", "b", "tg", amount=100),
               edge("FUNDS", "b", "sp", amount=100), edge("FUNDS", "b", "x", amount=50)])
    r: Any = run_query("funding", p, {"by": "tier"})
    assert r.prevention.prevention_share == pytest.approx(0.75)
    assert (r.prevention.prevention.amount, r.prevention.specialist.amount, r.prevention.unknown_tier.amount) == (
        300, 100, 50)
    assert [(row["id"], row["amount"]) for row in r.table()] == [
        ("1", "£200"), ("2", "£100"), ("3", "£100"), ("4", "none recorded"), (None, "£50")]
    assert "75% of tiered spend" in r.summary()


def test_when_no_tiered_amount_is_known_the_share_is_unknown_not_zero() -> None:
    p = build([node("b", "Budget"), node("s", "Service", tier=2)], [edge("FUNDS", "b", "s")])
    r: Any = run_query("funding", p)
    assert r.prevention.prevention_share is None
    assert r.total_spend.amount is None and r.total_spend.unknown == 1
    assert r.table()[0]["amount"] == "unknown"
    assert "unknown" in r.summary()


def test_spend_by_budget_kind() -> None:
    p = build([node("g", "Budget", kind="grant"), node("a", "Budget", kind="aligned"), node("n", "Budget"),
               node("s", "Service")],
              [edge("FUNDS", "g", "s", amount=10), edge("FUNDS", "a", "s", amount=30), edge("FUNDS", "n", "s")])
    r: Any = run_query("funding", p, {"by": "budget-kind"})
    assert [(row["id"], row["amount"]) for row in r.table()] == [("aligned", "£30"), ("grant", "£10"),
                                                                  (None, "unknown")]


def test_funding_refuses_an_unknown_view() -> None:
    with pytest.raises(InvalidParameters, match="by"):
        run_query("funding", SMALL, {"by": "colour"})


# -- decommission-impact ------------------------------------------------------------------------


def services_for_cohorts(*, b_status: str = "active") -> Partnership:
    """a: the only service for 'only-a'; a and b both serve 'shared'."""
    return build([node("a", "Service"), node("b", "Service", status=b_status), node("only-a", "Cohort"),
                  node("shared", "Cohort")],
                 [edge("TARGETS", "a", "only-a"), edge("TARGETS", "a", "shared"), edge("TARGETS", "b", "shared")])


def cover(result: Any) -> dict[str, bool]:
    return {c.id: c.uncovered for c in result.cover}


def test_stopping_the_only_service_for_a_cohort_leaves_it_uncovered_but_not_a_shared_one() -> None:
    r: Any = run_query("decommission-impact", services_for_cohorts(), {"node": ["a"]})
    assert cover(r) == {"only-a": True, "shared": False}
    assert next(c for c in r.cover if c.id == "shared").other_services == ["b"]
    assert "1 of 2 cohorts reached would have no other active service (Only A)" in r.summary()


def test_stopping_both_services_leaves_the_shared_cohort_uncovered_too() -> None:
    r: Any = run_query("decommission-impact", services_for_cohorts(), {"node": ["a", "B"]})  # an id and a name
    assert [s.id for s in r.stopped] == ["a", "b"]
    assert cover(r) == {"only-a": True, "shared": True}


@pytest.mark.parametrize("status", ["planned", "decommissioned"])
def test_a_service_that_is_not_active_does_not_keep_a_cohort_covered(status: str) -> None:
    r: Any = run_query("decommission-impact", services_for_cohorts(b_status=status), {"node": ["a"]})
    assert cover(r) == {"only-a": True, "shared": True}


def test_a_broader_group_carries_its_narrower_groups_and_is_still_covered_by_a_service_for_it() -> None:
    """Howe Hill's shape: a service for 16-21 year-olds also serves the 16-17s inside that group."""
    p = build([node("hostel", "Service"), node("advice", "Service"), node("homeless-16-21", "Cohort"),
               node("homeless-16-17", "Cohort"), node("york", "Locality"), node("acomb", "Locality")],
              [edge("PART_OF", "homeless-16-17", "homeless-16-21"), edge("PART_OF", "acomb", "york"),
               edge("TARGETS", "hostel", "homeless-16-21"), edge("SERVES", "hostel", "acomb"),
               edge("SERVES", "advice", "york")])
    r: Any = run_query("decommission-impact", p, {"node": ["hostel"]})
    assert {(c.kind, c.id, c.via, c.uncovered) for c in r.cover} == {
        ("cohort", "homeless-16-21", None, True),
        ("cohort", "homeless-16-17", "homeless-16-21", True),
        ("locality", "acomb", None, False),  # the city-wide advice service still reaches it
    }


def test_referral_pathways_into_and_out_of_the_stopped_service_break_and_strand_single_partners() -> None:
    p = build([node(s, "Service") for s in ("gp", "school", "camhs", "respite", "outreach")],
              [edge("REFERS_TO", "gp", "camhs"), edge("REFERS_TO", "school", "camhs"),
               edge("REFERS_TO", "school", "outreach"), edge("REFERS_TO", "camhs", "respite")])
    r: Any = run_query("decommission-impact", p, {"node": ["camhs"]})
    assert sorted((b.direction, b.from_id, b.to_id) for b in r.broken_referrals) == [
        ("into", "gp", "camhs"), ("into", "school", "camhs"), ("out of", "camhs", "respite")]
    # gp referred only to camhs; respite was referred to only by camhs; school still refers to outreach
    assert sorted((s.id, s.loses) for s in r.stranded) == [("gp", "only referral destination"),
                                                           ("respite", "only referral source")]


def test_money_freed_keeps_unknown_amounts_unknown() -> None:
    p = build([node("eif", "Budget"), node("grant", "Budget"), node("s", "Service")],
              [edge("FUNDS", "eif", "s", amount=25_000), edge("FUNDS", "grant", "s")])
    r: Any = run_query("decommission-impact", p, {"node": ["s"]})
    assert r.money_freed.amount is None
    assert (r.money_freed.known, r.money_freed.unknown) == (25_000, 1)
    assert sorted((m.budget_id, m.amount) for m in r.money) == [("eif", 25_000), ("grant", None)]
    assert "Money freed: £25,000 known + 1 unknown." in r.summary()


def test_decommission_names_unknown_services_with_close_matches_and_refuses_other_types() -> None:
    p = services_for_cohorts()
    with pytest.raises(UnknownNode, match="only-a"):
        run_query("decommission-impact", p, {"node": ["only-aa"]})
    with pytest.raises(InvalidParameters, match="'shared' is a Cohort; this query takes Service"):
        run_query("decommission-impact", p, {"node": ["shared"]})
    with pytest.raises(InvalidParameters, match="node"):
        run_query("decommission-impact", p, {"node": []})


# -- health -----------------------------------------------------------------------------------


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
    p = build([node("board", "Board"), node("watched", "Budget", kind="pooled"),
               node("unwatched", "Budget", kind="pooled"), node("aligned", "Budget", kind="aligned")],
              [edge("MONITORS", "board", "watched")])
    assert findings(p, rule=["pooled-budget-not-reported"]) == [("pooled-budget-not-reported", "unwatched")]


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
               node("t", "Service"), node("o", "Outcome"), node("pool", "Budget", kind="pooled")],
              [edge("REPORTS_TO", "g", "b"), edge("COMMISSIONS", "la", "t", lifetime_value=1e6)])
    fired = {rule for rule, _ in findings(p)}
    assert fired == {r.value for r in HealthRule}


# -- network ----------------------------------------------------------------------------------


def test_board_load_counts_a_partners_own_seats_and_its_posts_seats() -> None:
    p = build([node("la", "Partner"), node("dcs", "Post"), node("cfo", "Post"), node("icg", "SubGroup"),
               node("board", "Board"), node("forum", "SubGroup")],
              [edge("EMPLOYS", "la", "dcs"), edge("EMPLOYS", "la", "cfo"), edge("MEMBER_OF", "la", "board"),
               edge("CHAIRS", "dcs", "icg"), edge("MEMBER_OF", "dcs", "icg", role="chair"),
               edge("MEMBER_OF", "cfo", "icg"), edge("MEMBER_OF", "cfo", "forum")])
    r: Any = run_query("network", p)
    load = {a.id: (a.seats, a.bodies) for a in r.actors}
    # dcs chairs and sits on the ICG: one seat; la: its board seat + dcs's 1 + cfo's 2, on 3 bodies
    assert load == {"la": (4, 3), "cfo": (2, 2), "dcs": (1, 1)}
    assert [a.id for a in r.actors] == ["la", "cfo", "dcs"]


def test_brokerage_counts_the_other_sectors_met_on_shared_bodies() -> None:
    p = build([node("la", "Partner", sector="local-authority"), node("pct", "Partner", sector="health"),
               node("police", "Partner", sector="police"), node("school", "Partner", sector="education"),
               node("head", "Post"), node("icg", "SubGroup"), node("forum", "SubGroup")],
              [edge("EMPLOYS", "school", "head"), edge("MEMBER_OF", "la", "icg"), edge("MEMBER_OF", "pct", "icg"),
               edge("MEMBER_OF", "head", "icg"), edge("MEMBER_OF", "la", "forum"),
               edge("MEMBER_OF", "police", "forum")])
    r: Any = run_query("network", p, {"sort": "brokerage"})
    met = {a.id: a.sectors_met for a in r.actors}
    assert met["la"] == ["education", "health", "police"]
    assert met["head"] == ["health", "local-authority"]  # a post takes its employer's sector
    assert met["police"] == ["local-authority"]
    assert r.actors[0].id == "la"
    assert [(b.id, b.sectors) for b in r.bodies] == [("icg", ["education", "health", "local-authority"]),
                                                    ("forum", ["local-authority", "police"])]


def test_a_post_bridging_two_bodies_is_the_most_central_and_density_is_edges_over_pairs() -> None:
    p = build([node("a", "Partner"), node("b", "Partner"), node("bridge", "Post"), node("x", "SubGroup"),
               node("y", "SubGroup")],
              [edge("MEMBER_OF", "a", "x"), edge("MEMBER_OF", "bridge", "x"), edge("MEMBER_OF", "bridge", "y"),
               edge("MEMBER_OF", "b", "y")])
    r: Any = run_query("network", p, {"sort": "betweenness"})
    assert r.actors[0].id == "bridge"
    assert r.actors[0].betweenness == pytest.approx(nx.betweenness_centrality(nx.path_graph(5))[2])
    assert r.density == pytest.approx(4 / 10)
    assert r.betweenness_method == "exact"


@pytest.mark.parametrize("seed", range(8))
def test_betweenness_matches_networkx_exactly_on_seeded_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    g = nx.gnm_random_graph(rng.randint(3, 40), rng.randint(0, 90), seed=seed)
    adjacency = {str(v): {str(w) for w in g[v]} for v in g}
    expected = nx.betweenness_centrality(g, normalized=True)
    ours = betweenness(adjacency)
    assert ours == pytest.approx({str(v): b for v, b in expected.items()})
    # sampling with at least as many sources as a component has nodes is exact too
    assert betweenness(adjacency, samples=1000) == pytest.approx(ours)


def test_sampled_betweenness_is_repeatable_and_reaches_every_component() -> None:
    # three separate stars: each centre lies on every path between its leaves
    adjacency: dict[str, set[str]] = {}
    for c in range(3):
        leaves = {f"s{c}-{i}" for i in range(6)}
        adjacency[f"centre{c}"] = leaves
        adjacency.update({leaf: {f"centre{c}"} for leaf in leaves})
    first = betweenness(adjacency, samples=2, seed=7)
    assert first == betweenness(adjacency, samples=2, seed=7)
    assert all(first[f"centre{c}"] > 0 for c in range(3))


# -- diff and as-of ---------------------------------------------------------------------------


MONEY_MOVES = build(
    [node("eif", "Budget", name="Early Intervention Fund"), node("old", "Service", name="Old project",
                                                                 end_date="2014-03-31"),
     node("new", "Service", name="New project", start_date="2014-04-01"), node("steady", "Service")],
    [edge("FUNDS", "eif", "old", amount=40_000, valid_to="2014-03-31"),
     edge("FUNDS", "eif", "new", amount=45_000, valid_from="2014-04-01"),
     {**edge("FUNDS", "eif", "steady", amount=10_000, valid_to="2014-03-31"), "id": "steady-2013"},
     {**edge("FUNDS", "eif", "steady", amount=12_000, valid_from="2014-04-01"), "id": "steady-2014"}])


def test_money_moved_from_one_service_to_another_is_re_routed_and_a_new_amount_is_a_change() -> None:
    r: Any = run_query("diff", MONEY_MOVES, {"before": "2013-06-01", "after": "2014-06-01"})
    assert [(x.budget_id, x.from_services, x.to_services, x.stopped.amount, x.started.amount)
            for x in r.rerouted] == [("eif", ["old"], ["new"], 40_000, 45_000)]
    assert {(e.change, e.to_id) for e in r.edges} == {("removed", "old"), ("added", "new"), ("changed", "steady")}
    change = next(e for e in r.edges if e.change == "changed")
    assert (change.id, change.detail) == ("steady-2014", "amount: 10000.0 → 12000.0")
    assert [(s.change, s.id, s.date) for s in r.services] == [
        ("decommissioned", "old", dt.date(2014, 3, 31)), ("commissioned", "new", dt.date(2014, 4, 1))]
    assert "Early Intervention Fund moved money from Old project to New project" in r.summary()


def test_nothing_changes_between_two_days_in_the_same_period() -> None:
    r: Any = run_query("diff", MONEY_MOVES, {"before": "2014-05-01", "after": "2014-06-01"})
    assert r.counts == [] and r.table() == []
    assert "nothing recorded changed" in r.summary()


def test_an_undated_edge_comes_and_goes_with_its_dated_ends() -> None:
    p = build([node("plan", "Plan", valid_from="2013-01-01"), node("board", "Board")],
              [edge("OWNS", "board", "plan")])
    r: Any = run_query("diff", p, {"before": "2012-01-01", "after": "2014-01-01"})
    assert [(n.change, n.id) for n in r.nodes] == [("added", "plan")]
    assert [(e.change, e.type) for e in r.edges] == [("added", "OWNS")]


def test_lists_are_cut_to_the_limit_but_counts_stay_complete() -> None:
    p = build([node(f"s{i}", "Service", start_date="2014-01-01") for i in range(5)])
    r: Any = run_query("diff", p, {"before": "2013-01-01", "after": "2015-01-01", "limit": 2})
    assert len(r.services) == 2 and r.count("service", "commissioned") == 5
    assert r.listed == 2 and "cut to 2" in r.summary()
    everything: Any = run_query("diff", p, {"before": "2013-01-01", "after": "2015-01-01", "limit": 0})
    assert len(everything.services) == 5 and everything.listed == 0


def test_diff_refuses_dates_in_the_wrong_order() -> None:
    with pytest.raises(InvalidParameters, match="earlier than before"):
        run_query("diff", MONEY_MOVES, {"before": "2015-01-01", "after": "2014-01-01"})


def test_as_of_changes_what_funding_and_decommissioning_see() -> None:
    before: Any = run_query("funding", MONEY_MOVES, as_of=dt.date(2013, 6, 1))
    after: Any = run_query("funding", MONEY_MOVES, as_of=dt.date(2014, 6, 1))
    assert (before.total_spend.amount, after.total_spend.amount) == (50_000, 57_000)
    freed: Any = run_query("decommission-impact", MONEY_MOVES, {"node": ["steady"]}, as_of=dt.date(2014, 6, 1))
    assert [m.amount for m in freed.money] == [12_000]
