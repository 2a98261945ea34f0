"""Part-B named queries on the bundled York and Staffordshire partnerships.

Each test names the fact in the seed documents it checks (seed file and section);
the expected answers come from those documents, not from running the queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph_model import EdgeType, Partnership
from queries.registry import run_query

# -- York: decommissioning (seed 001 Howe Hill; seed 003 Part 5 on weighing the impact) -----------


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


# -- York: governance health (seed 002) ---------------------------------------------------------


def test_the_icg_has_a_chair_and_terms_of_reference(york: Partnership) -> None:
    """002 Chair: the Director of Children's Services chairs the ICG; 002 is its terms of reference."""
    r: Any = run_query("health", york, {"rule": ["body-no-chair", "body-no-terms-of-reference"]})
    assert "icg" not in {f.node_id for f in r.findings}
    assert r.findings, "other York bodies have no chair recorded in the seeds"


def test_the_pooled_budgets_are_reported_to_the_yorok_board(york: Partnership) -> None:
    """002 Accountability & reporting: specific reporting to the YorOK Board on the financial
    position of pooled budgets."""
    funding: Any = run_query("funding", york)
    pooled = next(b for b in funding.budgets if b.id == "yorok-pooled-budgets")
    assert pooled.kind == "pooled" and pooled.reported_to == ["YorOK Board"]
    health: Any = run_query("health", york, {"rule": ["pooled-budget-not-reported"]})
    assert health.findings == []


def test_the_icg_is_accountable_so_it_is_not_flagged_and_the_top_of_the_bookcase_is_a_top(york: Partnership) -> None:
    """002: the ICG is formally accountable to the YorOK Board; 001 Annex: the Without Walls Board heads
    the bookcase."""
    r: Any = run_query("health", york, {"rule": ["body-accountable-to-nothing"]})
    assert "icg" not in {f.node_id for f in r.findings}
    assert "Without Walls Board" in r.tops


# -- York: funding (seeds 001, 002 give no amounts) -----------------------------------------------


def test_york_money_is_unknown_not_zero(york: Partnership) -> None:
    """001 and 002 name budgets and who funds what but give no amount for any of them."""
    r: Any = run_query("funding", york)
    flows = len(york.edges(EdgeType.FUNDS))
    assert flows > 0
    assert r.total_spend.amount is None and r.total_spend.unknown == flows and r.total_spend.known == 0
    assert r.prevention.prevention_share is None
    assert all(b.balance is None for b in r.budgets if b.money_in.flows or b.money_out.flows)
    assert "£0" not in r.summary() and "unknown" in r.summary()
    funded = [row for row in r.table() if row["flows"]]
    assert funded and all(row["amount"] == "unknown" for row in funded)


def test_york_partners_put_money_into_the_early_intervention_fund(york: Partnership) -> None:
    """001 Early Intervention Fund: the city's funds are added to by the voluntary sector."""
    r: Any = run_query("funding", york, {"by": "partner"})
    eif = next(b for b in r.budgets if b.id == "early-intervention-fund")
    assert eif.money_in.flows == 2 and eif.money_in.amount is None
    assert {"City of York Council"} <= set(eif.contributors)


# -- York: network (seed 002 membership) --------------------------------------------------------------


def test_the_icg_is_the_widest_meeting_place_of_sectors(york: Partnership) -> None:
    """002 Membership: the ICG brings together the council, the PCT and acute trust, the police, the
    voluntary sector (York CVS) and schools."""
    r: Any = run_query("network", york)
    assert r.bodies[0].id == "icg"
    assert {"local-authority", "health", "police", "voluntary-community", "education"} <= set(r.bodies[0].sectors)


def test_the_director_of_childrens_services_sits_on_the_icg(york: Partnership) -> None:
    """002 Chair and membership: the DCS chairs the ICG."""
    r: Any = run_query("network", york, {"limit": 100})
    dcs = next(a for a in r.actors if a.id == "director-of-childrens-services")
    assert dcs.seats >= 1 and "health" in dcs.sectors_met


# -- York: change over time (seed 001 Context and 2 Year Old Entitlement) ----------------------------


def test_the_plans_and_the_two_year_old_entitlement_change_between_2010_and_2014(york: Partnership) -> None:
    """001 Context: plans for 2005-8, 2007-10, 2009-12 and now 2013-16; 001: the two-year-old
    entitlement started in September 2013."""
    r: Any = run_query("diff", york, {"before": "2010-06-01", "after": "2014-06-01"})
    nodes = {(n.change, n.id) for n in r.nodes}
    assert {("removed", "cypp-2007-10"), ("removed", "cypp-2009-12"), ("added", "cypp-2013-16")} <= nodes
    assert ("removed", "cypp-2005-08") not in nodes  # it had already ended before 2010
    assert ("commissioned", "two-year-old-entitlement") in {(s.change, s.id) for s in r.services}


def test_the_childrens_fund_funds_nothing_before_2002_and_nurture_groups_after(york: Partnership) -> None:
    """001 Nurture Groups: first commissioned through the Children's Fund in 2002."""
    params = {"rule": ["budget-funds-nothing"]}
    in_2001: Any = run_query("health", york, params, as_of=dt.date(2001, 6, 1))
    in_2014: Any = run_query("health", york, params, as_of=dt.date(2014, 6, 1))
    assert "childrens-fund" in {f.node_id for f in in_2001.findings}
    assert "childrens-fund" not in {f.node_id for f in in_2014.findings}


# -- Staffordshire (seed 003 Part 6 tender threshold; the short-breaks contract) --------------------


def test_the_tendered_short_breaks_contract_is_not_flagged(staffordshire: Partnership) -> None:
    """003 Part 6: contracts over £35,000 lifetime value need a full tender; the short-breaks framework
    (lifetime value £800,000) records one."""
    contract = next(e for e in staffordshire.in_edges("short-breaks-framework", EdgeType.COMMISSIONS))
    assert contract.lifetime_value > 35_000 and contract.tendered is True  # type: ignore[attr-defined]
    r: Any = run_query("health", staffordshire, {"rule": ["untendered-contract", "untendered-service-cost"]})
    assert r.findings == []


def test_the_same_contract_without_its_tender_would_break_the_threshold_rule(staffordshire: Partnership) -> None:
    """003 Part 6, checked against the real value: drop the tender and the rule fires."""
    info, nodes, edges = staffordshire.records()
    untendered = [e.model_copy(update={"tendered": None}) if e.type is EdgeType.COMMISSIONS else e for e in edges]
    p = Partnership(info, nodes, untendered)
    r: Any = run_query("health", p, {"rule": ["untendered-contract"]})
    assert [(f.node_id, f.severity.value) for f in r.findings] == [("short-breaks-framework", "error")]
    assert "£800,000" in r.findings[0].message


def test_the_short_breaks_framework_is_commissioned_in_2020_and_ends_in_2022(staffordshire: Partnership) -> None:
    """Contracts Finder release (partnership sources): the framework ran 2020-04-01 to 2022-03-31."""
    start: Any = run_query("diff", staffordshire, {"before": "2019-06-01", "after": "2021-06-01"})
    end: Any = run_query("diff", staffordshire, {"before": "2021-06-01", "after": "2023-06-01"})
    assert [(s.change, s.id) for s in start.services] == [("commissioned", "short-breaks-framework")]
    assert [(s.change, s.id) for s in end.services] == [("decommissioned", "short-breaks-framework")]


def test_stopping_short_breaks_leaves_disabled_children_without_a_service(staffordshire: Partnership) -> None:
    """003 Part 5: decommissioning must weigh the impact on young people; the framework is the only
    recorded service for disabled children and children with SEN."""
    r: Any = run_query("decommission-impact", staffordshire, {"node": ["short-breaks-framework"]})
    assert {"disabled-children", "sen"} <= {c.id for c in r.cover if c.kind == "cohort" and c.uncovered}
