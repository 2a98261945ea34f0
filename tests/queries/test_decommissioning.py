"""Decommissioning: the ``decommission-impact`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (a cohort reported as uncovered while another service still reaches it)
fails a test. Queries are reached through the registry (``run_query``), as every interface
reaches them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import build, edge, node, short_breaks_award

from graph_model import EdgeType, InvalidParameters, Partnership, UnknownNode
from queries.common import is_context_figure
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_stopping_howe_hill_leaves_homeless_16_17_year_olds_with_no_service(york: Partnership) -> None:
    """001 Howe Hill: about 45 homeless 16-17 year-olds a year before it opened, none since; it is the
    service for homeless young people aged 16-21, so stopping it leaves them with nothing."""
    r: Any = run_query("decommission-impact", york, {"node": ["Howe Hill"]})
    lost = {(c.kind, c.id) for c in r.cover if c.uncovered}
    assert {("cohort", "homeless-16-17"), ("cohort", "homeless-16-21"),
            ("outcome", "no-homeless-16-17-year-olds")} <= lost
    assert "Homeless 16 and 17 year olds" in r.summary()


def test_stopping_howe_hill_still_leaves_york_served_by_other_services(york: Partnership) -> None:
    """001 Commissioning examples: the other services (FIRST, Catalyst ...) serve the city too."""
    r: Any = run_query("decommission-impact", york, {"node": ["howe-hill"]})
    city = next(c for c in r.cover if c.kind == "locality" and not c.via)
    assert not city.uncovered and "first" in city.other_services


def test_stopping_catalyst_breaks_the_pathway_to_two_year_old_places_only_once_they_exist(york: Partnership) -> None:
    """001 2 Year Old Entitlement: from September 2013 families needing extra support were found
    through the Troubled Families Programme (Catalyst); before then there was no such pathway."""
    params = {"node": ["catalyst"]}
    before: Any = run_query("decommission-impact", york, params, as_of=dt.date(2013, 6, 1))
    after: Any = run_query("decommission-impact", york, params, as_of=dt.date(2014, 6, 1))
    assert before.broken_referrals == []
    assert [(b.direction, b.to_id) for b in after.broken_referrals] == [("out of", "two-year-old-entitlement")]


def test_stopping_short_breaks_leaves_disabled_children_without_a_service(staffordshire: Partnership) -> None:
    """003 Part 5: decommissioning must weigh the impact on young people; the framework is the only
    recorded service for disabled children and children with SEN."""
    r: Any = run_query("decommission-impact", staffordshire, {"node": ["short-breaks-framework"]})
    assert {"disabled-children", "sen"} <= {c.id for c in r.cover if c.kind == "cohort" and c.uncovered}


def test_stopping_short_breaks_on_its_last_day_frees_none_of_its_contract_value(staffordshire: Partnership) -> None:
    """OCDS release (tests/fixtures/ocds): the framework's value is £800,000 over 2020-04-01 to 2022-03-31,
    bought by Staffordshire County Council from four suppliers; seed 003 records no budget for it. The answer is
    for 31 March 2022, the framework's last day: it ends anyway, so stopping it frees none of that value and the
    answer must not call it "no longer committed"."""
    award = short_breaks_award()
    r: Any = run_query("decommission-impact", staffordshire, {"node": ["short-breaks-framework"]})
    assert r.as_of == dt.date(2022, 3, 31)
    (deal,) = r.contracts
    assert (deal.commissioner_name, deal.value.start, deal.value.end) == (award["buyer"], award["start"], award["end"])
    assert deal.value.amount == award["value"]
    assert [x.casefold() for x in deal.suppliers] == [x.casefold() for x in award["suppliers"]]
    assert r.contracts_ending_anyway == ["short-breaks-framework"] and r.contract_value.contracts == 0
    assert r.money == [] and r.money_freed.flows == 0
    summary = r.summary()
    assert "no longer committed" not in summary
    assert ("The contract with Staffordshire County Council, worth £800,000 over its life, ends on 31 March 2022, "
            "the date of this answer: it ends anyway, so stopping the service frees none of its value.") in summary
    assert any(row["impact"] == "contract ends anyway (frees nothing)" for row in r.table())
    assert r.model_dump(mode="json")["contracts_ending_anyway"] == ["short-breaks-framework"]


def test_stopping_short_breaks_mid_contract_gives_the_whole_life_value_as_such_and_the_term_left(
        staffordshire: Partnership) -> None:
    """OCDS release (tests/fixtures/ocds): £800,000 over 1 April 2020 to 31 March 2022, 24 months. Asked on
    30 June 2021, 15 months in, 9 months are left: the answer must not head with the whole £800,000 as what
    stopping now releases. It gives the whole-life value as such, the months left, and an even-spend share of
    the value (800,000 x 9/24 = £300,000) labelled as an estimate."""
    award = short_breaks_award()
    r: Any = run_query("decommission-impact", staffordshire, {"node": ["short-breaks-framework"]},
                       as_of=dt.date(2021, 6, 30))
    assert (r.contract_value.amount, r.contract_value.basis) == (award["value"], "lifetime")
    [term] = r.contract_terms
    assert (term.months, term.months_left) == (24, 9)
    assert term.even_share_left == pytest.approx(award["value"] * 9 / 24)
    summary = r.summary()
    assert "no longer committed" not in summary
    assert ("Contract still running, at its whole-life value: £800,000 over the contract's life, 1 April 2020 to "
            "31 March 2022") in summary
    assert ("9 of its 24 months are left after 30 June 2021; were the value spent evenly over the term, about "
            "£300,000 of it would fall in those months (an estimate, not a recorded figure).") in summary
    assert "never the whole-life value" in summary
    assert "not a year's budget, so it is not added to the annual funding" in summary
    row = next(row for row in r.table() if row["impact"] == "contract still running (whole-life value)")
    assert "9 of its 24 months are left" in row["detail"] and "an estimate" in row["detail"]
    assert r.model_dump(mode="json")["contract_terms"][0]["months_left"] == 9


def test_an_estimate_of_eligible_children_is_context_not_a_result_at_risk(york: Partnership) -> None:
    """001 2 year old entitlement: about 300 two-year-olds were eligible in phase one and 700 in phase two, a
    government estimate of how many qualify, not something the service achieved (the data gives it no better
    direction); the share of eligible children identified (100% in the first term) is a result."""
    r: Any = run_query("decommission-impact", york, {"node": ["two-year-old-entitlement"]})
    flags = {x.indicator_id: x.context for x in r.at_risk}
    assert flags == {"eligible-two-year-olds-estimate": True, "eligible-two-year-olds-identified": False}
    results = next(line for line in r.summary().splitlines() if line.startswith("Recorded results at risk"))
    assert "Share of eligible two-year-olds identified" in results and "700 children" not in results
    assert "For context, not results" in r.summary()


def test_york_cites_its_own_commissioning_framework_not_staffordshires(york: Partnership,
                                                                         staffordshire: Partnership) -> None:
    """000 is York's own commissioning framework and places decommissioning in its commissioning cycle; 003 is
    Staffordshire's. Each answer names its own partnership's framework."""
    r = run_query("decommission-impact", york, {"node": ["howe-hill"]})
    assert "YorOK Commissioning Framework" in r.summary() and "Staffordshire" not in r.summary()
    s = run_query("decommission-impact", staffordshire, {"node": ["short-breaks-framework"]})
    assert "Staffordshire Children's Trust Joint Commissioning Framework" in s.summary()


def test_decommission_summary_is_one_point_a_line_and_table_cells_are_short(york: Partnership) -> None:
    """001 NEET and RPA and the two-year-old entitlement: the answers run to many points; each gets its own line,
    and a place still reached by eight other services is a count in the table, the names in the JSON."""
    r: Any = run_query("decommission-impact", york, {"node": ["neet-rpa-provision"]})
    lines = r.summary().splitlines()
    assert len(lines) >= 8 and max(map(len, lines)) < 500
    two: Any = run_query("decommission-impact", york, {"node": ["two-year-old-entitlement"]})
    city = next(row for row in two.table() if row["id"] == "york")
    assert city["impact"] == "locality still covered" and len(city["detail"]) < 120
    assert city["detail"].startswith("still reached by 8 others")  # TaMHS ended: ELSA carries on its work (001)
    assert len(next(c for c in two.cover if c.id == "york").reached_by) == 8


def test_stopping_short_breaks_names_a_few_of_the_59_localities_and_counts_the_rest(
        staffordshire: Partnership) -> None:
    """003 §6: the county, its 8 districts and 50 Community and Learning Partnership areas - 59 places the
    county-wide framework reaches. The seed names none of the 50 areas (the data's are generated stand-ins), so
    the sentence names the documented places and counts the stand-ins apart, saying they are generated."""
    r: Any = run_query("decommission-impact", staffordshire, {"node": ["short-breaks-framework"]})
    summary = r.summary()
    assert ("59 of 59 localities reached would have no other active service recorded (Staffordshire; Cannock "
            "Chase;") in summary
    assert "; and 1 more; and 50 generated stand-ins, not from a document)." in summary
    assert "Community and Learning Partnership" not in summary
    assert sum(c.stand_in for c in r.cover if c.kind == "locality") == 50
    cannock = next(row for row in r.table() if row["id"] == "district-area-1")
    assert cannock["detail"] == ("no other active service recorded (the stopped service reaches it through "
                                 "Staffordshire)")  # a name, not an id


# -- on hand-built partnerships --------------------------------------------------------------------


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
    # the partnership does not say it records every service, so none other is only none recorded
    assert "1 of 2 cohorts reached would have no other active service recorded (Only A)" in r.summary()


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
    p = build([node("la", "Partner"), node("eif", "Budget"), node("grant", "Budget"), node("s", "Service")],
              [edge("OWNS", "la", "eif"), edge("OWNS", "la", "grant"),
               edge("FUNDS", "eif", "s", amount=25_000), edge("FUNDS", "grant", "s")])
    r: Any = run_query("decommission-impact", p, {"node": ["s"]})
    assert r.money_freed.amount is None
    assert (r.money_freed.known, r.money_freed.unknown) == (25_000, 1)
    assert sorted((m.budget_id, m.amount) for m in r.money) == [("eif", 25_000), ("grant", None)]
    assert "Money freed for the partners to redirect: annual budget funding, £25,000 known + 1 flow with no amount." in r.summary()


def test_decommission_names_unknown_services_with_close_matches_and_refuses_other_types() -> None:
    p = services_for_cohorts()
    with pytest.raises(UnknownNode, match="only-a"):
        run_query("decommission-impact", p, {"node": ["only-aa"]})
    with pytest.raises(InvalidParameters, match="'shared' is a Cohort; this query takes Service"):
        run_query("decommission-impact", p, {"node": ["shared"]})
    with pytest.raises(InvalidParameters, match="node"):
        run_query("decommission-impact", p, {"node": []})


def test_every_list_in_the_decommission_summary_is_cut_with_a_count() -> None:
    """Twelve services stopped at once, each the only referrer to a service of its own, and twelve cohorts."""
    stops = [node(f"s{i:02d}", "Service", name=f"Stop {i:02d}") for i in range(12)]
    others = [node(f"t{i:02d}", "Service", name=f"Keep {i:02d}") for i in range(12)]
    cohorts = [node(f"c{i:02d}", "Cohort", name=f"Group {i:02d}") for i in range(12)]
    p = build([*stops, *others, *cohorts],
              [e for i in range(12) for e in (edge("REFERS_TO", f"s{i:02d}", f"t{i:02d}"),
                                                edge("TARGETS", f"s{i:02d}", f"c{i:02d}"))])
    r: Any = run_query("decommission-impact", p, {"node": [f"s{i:02d}" for i in range(12)]})
    summary = r.summary()
    assert summary.startswith("Stopping Stop 00; Stop 01;") and "Stop 07; and 4 more:" in summary
    assert "12 of 12 cohorts reached would have no other active service recorded (Group 00;" in summary
    assert "Group 07; and 4 more)." in summary
    assert "12 referral pathways would break." in summary
    assert "Keep 07 (only recorded referral source); and 4 more." in summary
    for hidden in ("Stop 08", "Group 08", "Keep 08"):
        assert hidden not in summary


def test_annual_funding_and_contract_value_are_freed_apart() -> None:
    p = build([node("la", "Partner"), node("charity", "Partner", name="Family Action"), node("grant", "Budget"),
               node("s", "Service", name="Family support")],
              [edge("OWNS", "la", "grant"), edge("FUNDS", "grant", "s", amount=30_000, period="2014/15"),
               edge("COMMISSIONS", "la", "s", lifetime_value=90_000, valid_from="2013-04-01", valid_to="2016-03-31"),
               edge("DELIVERS", "charity", "s")])
    # Asked while the contract runs (by default the answer is for today, after it ended).
    r: Any = run_query("decommission-impact", p, {"node": ["s"]}, as_of=dt.date(2015, 1, 1))
    assert (r.money_freed.amount, r.contract_value.amount) == (30_000, 90_000)
    summary = r.summary()
    assert "Money freed for the partners to redirect: annual budget funding, £30,000." in summary
    assert ("Contract still running, at its whole-life value: £90,000 over the contract's life, 1 April 2013 to "
            "31 March 2016 (about £30,000 a year if spread evenly over its 3 years).") in summary
    assert "Commissioned by La; delivered by Family Action." in summary
    assert "£120,000" not in summary  # never added together


def test_stopping_a_service_already_decommissioned_frees_no_money() -> None:
    """Its budget paid it in 2012/13 and its contract has ended: stopping it again frees none of that."""
    p = build([node("la", "Partner"), node("grant", "Budget"),
               node("old", "Service", name="Old project", status="decommissioned", end_date="2013-03-31")],
              [edge("FUNDS", "grant", "old", amount=5_000, period="2012/13"),
               edge("COMMISSIONS", "la", "old", lifetime_value=15_000)])
    r: Any = run_query("decommission-impact", p, {"node": ["old"]})
    assert r.money == [] and r.contracts == [] and r.money_freed.flows == 0
    summary = r.summary()
    assert "Stopping Old project (already decommissioned):" in summary
    assert "Old project is already decommissioned, so stopping frees none of its money." in summary
    assert "£5,000" not in summary and "£15,000" not in summary



def test_the_education_funding_agencys_money_stops_but_is_not_freed_for_york(york: Partnership) -> None:
    """001 NEET and RPA: the Education Funding Agency pays 16-18 providers directly, so stopping the
    provision frees nothing the partners could redirect; the answer shows the money apart."""
    r: Any = run_query("decommission-impact", york, {"node": ["neet-rpa-provision"]})
    [m] = r.money
    assert (m.budget_id, m.control, m.paid_by) == ("efa-16-19-funding", "external", ["Education Funding Agency"])
    assert r.money_freed.flows == 0 and r.external_money.flows == 1
    summary = r.summary()
    assert "Money freed for the partners to redirect: annual budget funding, none recorded." in summary
    assert ("Not freed for local use: unknown (1 flow with no amount) from Education Funding Agency funding for "
            "16-18 provision, paid by Education Funding Agency (central government)") in summary


def test_the_long_ended_childrens_fund_frees_nothing(york: Partnership) -> None:
    """001 Nurture Groups: first paid for by the Children's Fund in 2002, 'now mainstreamed'; the York
    data ends that flow on 31 March 2013 (its assumption), so stopping nurture groups frees none of it."""
    r: Any = run_query("decommission-impact", york, {"node": ["nurture-groups"]})
    assert r.money == [] and r.money_freed.flows == 0
    assert [(x.budget_id, x.ended) for x in r.ended_money] == [("childrens-fund", dt.date(2013, 3, 31))]
    assert "Funding already ended frees nothing: Children's Fund (until 31 March 2013)." in r.summary()
    # Asked in 2010, the fund still paid for them: then stopping would free it.
    in_2010: Any = run_query("decommission-impact", york, {"node": ["nurture-groups"]}, as_of=dt.date(2010, 6, 1))
    assert [m.budget_id for m in in_2010.money] == ["childrens-fund"] and in_2010.ended_money == []


def test_stopping_first_puts_its_recorded_savings_and_avoided_placements_at_risk(york: Partnership) -> None:
    """001 FIRST: no disabled child has needed an out-of-area assessment or placement since FIRST began,
    with savings of about £600,000. Stopping FIRST must say those results are at risk, not only that no
    money is recorded as freed."""
    r: Any = run_query("decommission-impact", york, {"node": ["first"]})
    assert {(x.indicator_id, x.value, x.sole) for x in r.at_risk} == {
        ("first-cost-savings", "£600,000 (since FIRST was introduced)", True),
        ("disabled-children-out-of-area-since-first", "0 children (since FIRST was introduced)", True)}
    summary = r.summary()
    assert "Cost savings from FIRST: £600,000 (since FIRST was introduced)" in summary
    assert any(row["impact"] == "recorded result at risk" for row in r.table())


def test_a_result_shared_with_another_service_says_so() -> None:
    """An outcome other active services also contribute to: its results are at risk only in part."""
    p = build([node("a", "Service"), node("b", "Service"), node("o", "Outcome"),
               node("i", "Indicator", unit="GBP", observations=[{"value": 1000, "period": "2014-15"}])],
              [edge("CONTRIBUTES_TO", "a", "o"), edge("CONTRIBUTES_TO", "b", "o"), edge("MEASURED_BY", "o", "i")])
    r: Any = run_query("decommission-impact", p, {"node": ["a"]})
    assert [(x.indicator_id, x.value, x.sole) for x in r.at_risk] == [("i", "£1,000 (2014-15)", False)]
    assert "(others contribute)" in r.summary()


def test_york_value_names_firsts_savings_and_the_fall_in_placements_outside_york(york: Partnership) -> None:
    """001 FIRST: savings of about £600,000. 001 NEET and RPA: learners with learning difficulties placed
    outside York down from 26 to 12. What to protect starts from what is recorded as achieved."""
    r: Any = run_query("value", york)
    by_service = {v.service_id: v for v in r.services}
    assert by_service["first"].savings == ["£600,000 (since FIRST was introduced)"]
    assert r.services[0].service_id == "first"  # savings in money come first
    lldd = [x.value for x in by_service["neet-rpa-provision"].results
            if x.indicator_id == "lldd-placements-outside-york"]
    assert lldd == ["12 learners (2013/14), from 26 learners (baseline)"]
    assert (r.active, r.with_results) == (9, 4)  # TaMHS is over: ELSA carries on its work (001 ELSA)
    assert "Teenage pregnancy services" in r.without_results  # 001 gives a trend but no figure
    assert "Money saved or avoided, as recorded: FIRST (£600,000 (since FIRST was introduced))." in r.summary()


# -- how cover is kept: the same cohort or only a wider one, the same tier or a lower one ---------------


def test_stopping_first_keeps_children_with_severe_learning_difficulties_only_partly(york: Partnership) -> None:
    """001 FIRST is the specialist service for children with severe learning difficulties and challenging
    behaviour; 001 Early Intervention Fund names disabled children among the groups its voluntary-sector
    projects reach. The York data makes FIRST tier 3 and the fund's projects tier 2 (its reading). So the
    fund keeps the group only through the wider cohort of disabled children, at a lower tier: partly, not
    'still covered'."""
    r: Any = run_query("decommission-impact", york, {"node": ["first"]})
    sld = next(c for c in r.cover if c.id == "children-sld-challenging-behaviour")
    assert (sld.cover, sld.uncovered, sld.tier) == ("partial", False, 3)
    [eif] = sld.reached_by
    assert (eif.id, eif.scope, eif.through, eif.tier, eif.lower_tier, eif.full) == (
        "eif-projects", "wider", "disabled-children", 2, True, False)
    assert ("Children with severe learning difficulties and challenging behaviour (through the wider cohort "
            "Disabled children, at a lower tier (2 against 3), by Early Intervention Fund projects)") in r.summary()
    row = next(row for row in r.table() if row["id"] == "children-sld-challenging-behaviour")
    assert row["impact"] == "cohort kept only partly"
    assert row["detail"] == ("only partly: through the wider cohort Disabled children, at a lower tier (2 against 3), "
                             "by Early Intervention Fund projects")


def test_stopping_catalyst_does_not_say_firsts_disability_service_covers_every_family_on_the_edge_of_care(
        york: Partnership) -> None:
    """001 Catalyst works with the most challenging families and those on the edge of care; 001 FIRST works
    only with families of children with severe learning difficulties who feel care out of the authority is
    their only option. Without Catalyst, FIRST reaches only that part of the families on the edge of care."""
    r: Any = run_query("decommission-impact", york, {"node": ["catalyst"]})
    edge = next(c for c in r.cover if c.id == "edge-of-care-families")
    assert edge.cover == "partial"
    assert [(o.id, o.scope, o.through) for o in edge.reached_by] == [
        ("first", "narrower", "sld-families-edge-of-care")]
    summary = r.summary()
    assert ("Families on the edge of care (reached only for the narrower cohort Families of children with severe "
            "learning difficulties and challenging behaviour on the edge of care, by FIRST)") in summary
    assert "troubled families" in summary.casefold()


def test_stopping_the_two_year_old_entitlement_says_first_that_it_is_a_duty_in_law(york: Partnership) -> None:
    """001 2 Year Old Entitlement: from September 2013 the government introduced the entitlement; the council
    must provide the places (the York data marks the service statutory). Stopping it is not a local choice."""
    r: Any = run_query("decommission-impact", york, {"node": ["two-year-old-entitlement"]})
    assert [(s.id, s.statutory) for s in r.stopped] == [("two-year-old-entitlement", True)]
    assert r.summary().startswith("Early education for eligible two-year-olds meets a duty in law (statutory): "
                                  "stopping it is not a local choice")
    assert r.table()[0] == {"impact": "statutory duty", "id": "two-year-old-entitlement",
                            "name": "Early education for eligible two-year-olds",
                            "detail": "meets a duty in law: stopping it is not a local choice"}
    other: Any = run_query("decommission-impact", york, {"node": ["howe-hill"]})
    assert "duty in law" not in other.summary() and not other.stopped[0].statutory


def test_value_marks_the_statutory_two_year_old_entitlement(york: Partnership) -> None:
    """001 2 Year Old Entitlement: a government entitlement (statutory in the York data); 001 NEET and RPA: the
    council's statutory duties to secure provision for 16-18 year olds. What to protect and what to stop: a duty
    in law is not a local choice to stop, whatever its figures."""
    r: Any = run_query("value", york)
    by_service = {v.service_id: v for v in r.services}
    assert by_service["two-year-old-entitlement"].statutory and not by_service["first"].statutory
    assert by_service["neet-rpa-provision"].statutory
    assert r.statutory == ["Early education for eligible two-year-olds",
                           "Education and training provision for 16-18 year olds (NEET and RPA)"]
    assert ("Early education for eligible two-year-olds; and Education and training provision for 16-18 year olds "
            "(NEET and RPA) meet duties in law (statutory): stopping them is not a local choice") in r.summary()
    assert {row["statutory"] for row in r.table() if row["service_id"] == "two-year-old-entitlement"} == {True}


def cover_kinds(p: Partnership, stop: str) -> dict[str, tuple[str, str | None]]:
    """Each thing assessed: its cover, and how the best other service reaches it (scope, with 'lower' added)."""
    r: Any = run_query("decommission-impact", p, {"node": [stop]})
    return {c.id: (c.cover, None if not c.reached_by else
                   c.reached_by[0].scope + (" lower" if c.reached_by[0].lower_tier else "")) for c in r.cover}


@pytest.mark.parametrize(("other_tier", "expected"), [
    (3, ("full", "own")), (4, ("full", "own")), (None, ("full", "own")), (2, ("partial", "own lower"))],
    ids=["same-tier", "higher-tier", "tier-not-recorded", "lower-tier"])
def test_another_service_for_the_same_cohort_covers_it_fully_unless_at_a_lower_tier(
        other_tier: int | None, expected: tuple[str, str]) -> None:
    p = build([node("specialist", "Service", tier=3), node("other", "Service", tier=other_tier),
               node("group", "Cohort"), node("o", "Outcome")],
              [edge("TARGETS", "specialist", "group"), edge("TARGETS", "other", "group"),
               edge("CONTRIBUTES_TO", "specialist", "o"), edge("CONTRIBUTES_TO", "other", "o")])
    assert cover_kinds(p, "specialist") == {"group": expected, "o": expected}


def test_a_wider_cohort_covers_only_partly_but_a_wider_place_covers_fully() -> None:
    """A service for disabled children in general is not one for children with severe learning difficulties;
    a city-wide service is delivered in each area of the city."""
    p = build([node("first", "Service", tier=3), node("fund", "Service", tier=3), node("sld", "Cohort"),
               node("disabled", "Cohort"), node("acomb", "Locality"), node("york", "Locality")],
              [edge("PART_OF", "sld", "disabled"), edge("PART_OF", "acomb", "york"),
               edge("TARGETS", "first", "sld"), edge("TARGETS", "fund", "disabled"),
               edge("SERVES", "first", "acomb"), edge("SERVES", "fund", "york")])
    assert cover_kinds(p, "first") == {"sld": ("partial", "wider"), "acomb": ("full", "wider")}


def test_a_service_for_only_a_part_keeps_cover_only_partly_and_the_best_cover_comes_first() -> None:
    """Stopping a city-wide service: an area service reaches part of the city only; of two services for a
    cohort, the one for the cohort itself is listed before the one for a part of it."""
    p = build([node("city", "Service"), node("area", "Service"), node("whole", "Service"),
               node("york", "Locality"), node("acomb", "Locality"), node("families", "Cohort"),
               node("some-families", "Cohort")],
              [edge("PART_OF", "acomb", "york"), edge("PART_OF", "some-families", "families"),
               edge("SERVES", "city", "york"), edge("SERVES", "area", "acomb"),
               edge("TARGETS", "city", "families"), edge("TARGETS", "area", "some-families"),
               edge("TARGETS", "whole", "families")])
    r: Any = run_query("decommission-impact", p, {"node": ["city"]})
    by_id = {c.id: c for c in r.cover}
    assert (by_id["york"].cover, by_id["york"].reached_by[0].scope) == ("partial", "narrower")
    assert by_id["acomb"].cover == "full"  # the area service reaches the area itself
    assert [o.id for o in by_id["families"].reached_by] == ["whole", "area"]
    assert by_id["families"].cover == "full"
    assert "1 would be kept only partly: York (reached only for the narrower locality Acomb, by Area)" in r.summary()


def test_the_answer_is_about_the_stopped_service_what_it_reaches_and_who_else_does(york: Partnership) -> None:
    """A view of the answer highlights FIRST, the groups it reaches, the fund that still reaches one of them
    through the wider cohort of disabled children, and the links between them."""
    r: Any = run_query("decommission-impact", york, {"node": ["first"]})
    about = r.about(york)
    assert {"first", "children-sld-challenging-behaviour", "eif-projects", "disabled-children",
            "first-cost-savings"} <= set(about.nodes)
    links = {(york.edge(e).from_, york.edge(e).to) for e in about.edges}
    assert {("first", "children-sld-challenging-behaviour"), ("eif-projects", "disabled-children"),
            ("children-sld-challenging-behaviour", "disabled-children")} <= links


# -- not recorded is not absent; money whose source is not recorded; figures of context ---------------------


def test_stopping_catalyst_leaves_the_two_year_old_places_without_their_only_recorded_referrer(
        york: Partnership) -> None:
    """001 2 Year Old Entitlement: DfE data identified the eligible two-year-olds, and families needing extra
    support were found through local data such as Children's Centre registrations and the Troubled Families
    Programme. Catalyst's link is the only referral into the places the data records, and the York file
    declares its services the documents' examples: so the places lose their only *recorded* referral partner,
    and the answer says the data holds only examples."""
    assert york.info.coverage.services == "examples"
    r: Any = run_query("decommission-impact", york, {"node": ["catalyst"]})
    assert [(s.id, s.loses) for s in r.stranded] == [("two-year-old-entitlement", "only referral source")]
    summary = r.summary()
    assert ("Services left without their only recorded referral partner: Early education for eligible "
            "two-year-olds (only recorded referral source).") in summary
    assert "their only referral partner" not in summary
    assert ("The data records only the documents' examples of services, not the whole provision, so \"no other "
            "active service recorded\" and \"only recorded referral partner\" are what the data leaves out") in summary
    row = next(row for row in r.table() if row["id"] == "two-year-old-entitlement")
    assert row["impact"] == "service loses its only recorded referral source"
    # Where the file declares every service recorded, no other partner is a finding about the world, said plainly.
    p = Partnership.from_records({"id": "d", "name": "D", "coverage": {"services": "complete"}},
                                 nodes=[node("a", "Service"), node("b", "Service"), node("only-a", "Cohort")],
                                 edges=[edge("TARGETS", "a", "only-a"), edge("REFERS_TO", "a", "b")])
    plain = run_query("decommission-impact", p, {"node": ["a"]}).summary()
    assert "1 of 1 cohorts reached would have no other active service (Only A)." in plain
    assert "Services left without their only referral partner: B (only referral source)." in plain
    assert "leaves out" not in plain


@pytest.mark.parametrize(("dataset", "service", "cohort"), [
    ("staffordshire", "short-breaks-framework", "disabled-children"),
    ("york", "howe-hill", "homeless-16-17")], ids=["staffordshire-short-breaks", "york-howe-hill"])
def test_a_cohort_with_no_other_service_recorded_is_not_said_to_have_none(
        dataset: str, service: str, cohort: str, request: pytest.FixtureRequest) -> None:
    """003 records one Staffordshire service, the short-breaks framework, as an example of joint commissioning;
    001 gives York's ten services as commissioning examples. Neither is the whole provision (both files declare
    coverage.services: examples), so a cohort the stopped service alone reaches in the data has no other active
    service *recorded*, and the answer says that is what the data leaves out, as gaps does."""
    p: Partnership = request.getfixturevalue(dataset)
    assert p.info.coverage.services == "examples"
    r: Any = run_query("decommission-impact", p, {"node": [service]})
    assert r.services_coverage == "examples"
    assert cohort in {c.id for c in r.cover if c.uncovered}
    summary = r.summary()
    assert "would have no other active service recorded" in summary
    assert "would have no other active service (" not in summary and "would have no other active service." not in summary
    assert ("The data records only the documents' examples of services, not the whole provision, so \"no other "
            "active service recorded\" is what the data leaves out, not evidence that nothing else serves them.") in summary
    assert {row["detail"].split(" (")[0] for row in r.table() if row["impact"].endswith("left uncovered")} == {
        "no other active service recorded"}


def test_the_childrens_fund_with_no_payer_recorded_is_not_money_the_partners_can_redirect(york: Partnership) -> None:
    """001 Nurture Groups: the city first commissioned nurture groups through the Children's Fund in 2002; 001
    names no one who paid into the fund, and the York data records it as a grant owned by no partner. Asked in
    2012, while it still paid for them, its money is neither the partners' to redirect nor known to be external:
    its source is not recorded."""
    fund = york.node("childrens-fund")
    assert not list(york.in_edges(fund.id, EdgeType.OWNS, EdgeType.CONTRIBUTES))  # no payer recorded
    r: Any = run_query("decommission-impact", york, {"node": ["nurture-groups"]}, as_of=dt.date(2012, 6, 30))
    [m] = r.money
    assert (m.budget_id, m.control, m.paid_by) == ("childrens-fund", "unknown", [])
    assert (r.money_freed.flows, r.external_money.flows, r.unsourced_money.flows) == (0, 0, 1)
    summary = r.summary()
    assert "Money freed for the partners to redirect: annual budget funding, none recorded." in summary
    assert "Source not recorded: unknown (1 flow with no amount) from Children's Fund." in summary
    assert "Not freed for local use" not in summary  # not said to be central government's either
    row = next(row for row in r.table() if row["id"] == "childrens-fund")
    assert row["impact"] == "annual funding stopped, source not recorded"


def test_the_answer_on_nurture_groups_does_not_rest_on_howe_hills_contract(york: Partnership) -> None:
    """001 Nurture Groups and Howe Hill: the council commissions both (the York data's reading). Howe Hill is named
    only as another service still reaching York; its contract is no part of the answer on nurture groups."""
    r: Any = run_query("decommission-impact", york, {"node": ["nurture-groups"]})
    links = {(york.edge(e).from_, york.edge(e).to, york.edge(e).type.value) for e in r.about(york).edges}
    assert ("city-of-york-council", "nurture-groups", "COMMISSIONS") in links
    assert ("city-of-york-council", "howe-hill", "COMMISSIONS") not in links


def test_value_and_decommission_impact_agree_that_the_eligibility_estimate_is_context(york: Partnership) -> None:
    """001 2 Year Old Entitlement: the government estimated 300 eligible two-year-olds in phase one and 700 in
    phase two - how big the need is, not what the service achieved; 100% of them were identified in the first
    term - a result. Both queries sort the figures with the one shared test, is_context_figure."""
    v: Any = run_query("value", york)
    d: Any = run_query("decommission-impact", york, {"node": ["two-year-old-entitlement"]})
    two = next(x for x in v.services if x.service_id == "two-year-old-entitlement")
    assert [r.indicator_id for r in two.results] == ["eligible-two-year-olds-identified"]
    assert [r.indicator_id for r in two.context] == ["eligible-two-year-olds-estimate"]
    from_value = {r.indicator_id: r.context for x in v.services for r in (*x.results, *x.context)}
    from_impact = {r.indicator_id: r.context for r in d.at_risk}
    assert from_value.items() >= from_impact.items()
    assert all(flag == is_context_figure(york.node(i)) for i, flag in from_value.items())
    summary = v.summary()
    results = summary.split("For context, not results")[0]
    assert "700 children" not in results and "Share of eligible two-year-olds identified: 100 %" in results
    assert ("For context, not results (figures with no better direction, such as how many are eligible): Early "
            "education for eligible two-year-olds (Eligible two-year-olds in York: 700 children") in summary
    assert {row["context"] for row in v.table() if row["indicator"] == "Eligible two-year-olds in York"} == {True}


def test_a_service_with_only_a_figure_of_context_has_no_result_recorded() -> None:
    """One active service whose outcome carries only an estimate of need (no better direction): it has no
    result, and the count agrees in number with one service."""
    p = build([node("s", "Service", name="Places"), node("o", "Outcome"),
               node("i", "Indicator", name="Eligible", direction="neither",
                    observations=[{"value": 700, "period": "2014"}])],
              [edge("CONTRIBUTES_TO", "s", "o"), edge("MEASURED_BY", "o", "i")])
    r: Any = run_query("value", p)
    assert (r.active, r.with_results, r.without_results) == (1, 0, ["Places"])
    assert r.summary().startswith("0 of 1 active service has a result recorded")


def test_a_commissioning_link_with_nothing_recorded_is_not_called_a_running_contract(york: Partnership) -> None:
    """001: Howe Hill sits within the council's housing service; no contract, value or term is recorded (that the
    council commissions it is the project's reading). Stopping it is not described as ending a running contract."""
    summary = run_query("decommission-impact", york, {"node": ["howe-hill"]}).summary()
    assert "Contract still running" not in summary
    assert ("Commissioned by City of York Council, with no contract value or term recorded: whether that is a "
            "contract or the partner's own provision") in summary
