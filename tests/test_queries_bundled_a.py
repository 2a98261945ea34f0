"""Part-A named queries on the bundled York and Staffordshire partnerships.

Each test names the fact in the seed documents it checks (seed file and section);
the expected answers come from those documents, not from running the queries.
"""

from __future__ import annotations

from typing import Any

import pytest

from graph_model import NodeType, Partnership
from queries.registry import run_query


def ids(refs: Any) -> list[str]:
    return [r.id for r in refs]


# -- York: reporting lines (seed 001 Annex, seed 002) ---------------------------------------------


def test_the_icg_is_formally_accountable_to_the_yorok_board(york: Partnership) -> None:
    """002 Accountability and reporting: "formally accountable to the Children's Trust YorOK Board"."""
    r = run_query("reporting-line", york, {"node": "icg"})
    first = r.line[0]
    assert (first.kind.value, first.above.id) == ("formal", "yorok-board")
    assert r.summary().startswith(f"{first.below.name} is accountable to {first.above.name}")


def test_the_icg_line_reaches_the_without_walls_board_at_the_top(york: Partnership) -> None:
    """001 Annex (Planning Bookcase): the Without Walls Board sits at the top of the bookcase."""
    r = run_query("reporting-line", york, {"node": "icg"})
    assert r.line[-1].above.id == "without-walls-board"
    assert r.tops[0].id == "without-walls-board"


def test_the_icg_also_reports_to_emap(york: Partnership) -> None:
    """002 Accountability & reporting arrangements: reporting to the Council EMAP "as necessary"."""
    r = run_query("reporting-line", york, {"node": "icg"})
    assert ("icg", "reporting", "emap") in [(s.below.id, s.kind.value, s.above.id) for s in r.others]


def test_the_director_of_childrens_services_climbs_by_chairing_the_icg(york: Partnership) -> None:
    """002 Chair: "The Director of Children's Services ... will chair the ICG"."""
    r = run_query("reporting-line", york, {"node": "director-of-childrens-services"})
    assert [(s.kind.value, s.above.id) for s in r.line[:2]] == [("chairs", "icg"), ("formal", "yorok-board")]


def test_what_reports_to_the_yorok_board_includes_the_icg_and_the_yorok_sub_groups(york: Partnership) -> None:
    """001 Annex: YorOK strategic and delivery sub groups (Looked After Children, CAMHS, Child Poverty);
    002: the ICG is a sub-group of the YorOK Board."""
    r = run_query("reports-to", york, {"node": "yorok-board"})
    formal = [e.node.id for e in r.children("yorok-board") if e.kind and e.kind.value == "formal"]
    assert {"icg", "looked-after-children-subgroup", "camhs-subgroup", "child-poverty-subgroup"} <= set(formal)


def test_the_voice_forums_sit_under_the_yorok_board_by_influence(york: Partnership) -> None:
    """001 Annex: Youth Council and Show Me I Matter Panel, a "2 way relationship" of voice and influence."""
    r = run_query("reports-to", york, {"node": "yorok-board"})
    kinds = {e.node.id: e.kind.value for e in r.entries if e.kind}
    assert kinds["youth-council"] == "influence" and kinds["show-me-i-matter-panel"] == "influence"


def test_the_health_and_wellbeing_board_may_delegate_to_the_yorok_board(york: Partnership) -> None:
    """001 The devolved approach: budget decisions "may be delegated to it by the Health and Wellbeing Board"."""
    r = run_query("reports-to", york, {"node": "health-wellbeing-board", "kind": ["delegation"]})
    assert [(e.node.id, e.kind and e.kind.value) for e in r.entries] == [
        ("health-wellbeing-board", None), ("yorok-board", "delegation")]


def test_york_sub_groups_each_have_one_formal_parent_and_nothing_loops(york: Partnership) -> None:
    """002 and 001 Annex: the ICG and the YorOK sub-groups are each accountable to the YorOK Board alone."""
    r = run_query("accountability-integrity", york, {})
    assert "without-walls-board" in ids(r.tops)
    flagged = {i.node.id for i in r.issues}
    assert flagged.isdisjoint({"icg", "looked-after-children-subgroup", "camhs-subgroup", "child-poverty-subgroup"})
    assert [i for i in r.issues if i.problem in ("loop", "several-formal-parents")] == []


def test_the_integrated_commissioning_network_is_linked_but_not_formally_accountable(york: Partnership) -> None:
    """002 Integrated Commissioning Network: a wider network around the ICG, with no accountability stated."""
    r = run_query("accountability-integrity", york, {})
    issue = next(i for i in r.issues if i.node.id == "integrated-commissioning-network")
    assert issue.problem == "no-formal-parent" and "icg" in ids(issue.related)


# -- York: golden thread, gaps, service map, duplicates (seeds 000, 001) --------------------------


def test_first_threads_to_a_cypp_priority_and_the_cypp(york: Partnership) -> None:
    """001 FIRST: no disabled child has needed an out-of-area placement since FIRST; 000: the CYPP 2013-16
    priorities. FIRST contributes to fewer out-of-area placements, which threads to the CYPP 2013-16."""
    r = run_query("golden-thread", york, {"node": ["first"]})
    rows = r.traces[0].rows
    assert {row.outcome.id for row in rows if row.outcome} == {"fewer-out-of-area-placements-disabled-children"}
    assert all(row.priority and row.priority.id.startswith("priority-") for row in rows)
    assert {row.plan.id for row in rows if row.plan} == {"cypp-2013-16"}
    assert r.unthreaded == []


def test_the_cypp_gathers_first_and_howe_hill(york: Partnership) -> None:
    """000: the five CYPP 2013-16 priorities; 001: FIRST and Howe Hill are commissioned to deliver them."""
    r = run_query("golden-thread", york, {"node": ["cypp-2013-16"]})
    services = {row.service.id for row in r.traces[0].rows if row.service}
    assert {"first", "howe-hill"} <= services
    priorities = {row.priority.id for row in r.traces[0].rows if row.priority}
    assert priorities <= {"priority-happy-family-life", "priority-extra-help-early", "priority-good-mental-health",
                          "priority-reaching-further", "priority-planning-well"}


def test_homeless_16_17_year_olds_are_reached_by_howe_hill(york: Partnership) -> None:
    """001 Howe Hill: a service for homeless young people aged 16-21; presentations of 16-17 year olds fell to zero."""
    r = run_query("gaps", york, {"all_outcomes": True})
    no_service = {g.node.id for g in r.gaps if g.gap == "no-active-service"}
    assert no_service.isdisjoint({"no-homeless-16-17-year-olds", "homeless-16-17", "homeless-16-21"})
    cells = {(c.outcome, c.column) for c in r.matrix}
    assert ("no-homeless-16-17-year-olds", "homeless-16-17") in cells


def test_york_money_is_unknown_never_zero(york: Partnership) -> None:
    """001 and 002 give no amounts for any budget, so no service's money may show as 0."""
    r = run_query("service-map", york, {})
    assert all(s.money is None for s in r.services)
    assert all(o.money is None for o in r.outcomes)
    funded = [s for s in r.services if s.funding]
    assert funded and all(s.unknown_amounts == len(s.funding) for s in funded)
    assert "£0" not in r.summary()


def test_social_and_emotional_development_is_an_overlap_of_school_services(york: Partnership) -> None:
    """001 Commissioning support in schools: nurture groups, ELSA and TaMHS all build pupils' social and
    emotional development."""
    r = run_query("service-map", york, {"node": ["better-social-emotional-development"]})
    (row,) = r.outcomes
    assert {"nurture-groups", "elsa", "tamhs"} <= set(row.services)
    assert [o.outcome.id for o in r.overlaps] == ["better-social-emotional-development"]


def test_elsa_and_tamhs_overlap_on_outcome_cohort_and_locality(york: Partnership) -> None:
    """001: ELSA and TaMHS both serve pupils in York's schools for their social and emotional development."""
    r = run_query("duplicates", york, {"cross_partner": False})
    group = next(g for g in r.groups if {"elsa", "tamhs"} <= {m.service.id for m in g.members})
    assert "better-social-emotional-development" in ids(group.outcomes)
    assert "pupils" in ids(group.cohorts)


def test_cross_partner_duplicates_in_york_really_cross_partners(york: Partnership) -> None:
    """Every group reported with cross_partner on has members with different commissioners or providers."""
    for g in run_query("duplicates", york, {}).groups:
        profiles = {(tuple(ids(m.commissioners)), tuple(ids(m.deliverers))) for m in g.members}
        assert len(profiles) > 1 or any(not m.commissioners and not m.deliverers for m in g.members)


# -- Staffordshire (seed 003) ----------------------------------------------------------------------


def test_less_obesity_depends_on_better_diet_and_more_exercise(staffordshire: Partnership) -> None:
    """003 Part 5 (continued): "reducing obesity relies on improved diets and more exercise"."""
    (trace,) = run_query("interdependencies", staffordshire, {"node": ["less-obesity"]}).traces
    direct = {d.outcome.id for d in trace.depends_on if d.distance == 1}
    assert {"better-diet", "more-exercise"} <= direct


def test_better_diet_is_needed_by_behaviour_disease_resistance_and_obesity(staffordshire: Partnership) -> None:
    """003 Part 5: better diet "can have other associated outcomes like better behaviour and resistance to disease"."""
    (trace,) = run_query("interdependencies", staffordshire, {"node": ["better-diet"]}).traces
    assert {"better-behaviour", "resistance-to-disease", "less-obesity"} <= set(ids(d.outcome for d in
                                                                                   trace.needed_by))
    via = next(d for d in trace.needed_by if d.outcome.id == "less-obesity")
    assert [n.id for n in via.path] == ["less-obesity", "better-diet"]


def test_attendance_achievement_and_bullying_are_one_mutual_group(staffordshire: Partnership) -> None:
    """003 Part 5: "Attendance, achievement and freedom from bullying for example are all interrelated"."""
    r = run_query("interdependencies", staffordshire, {"node": ["attendance"]})
    mutual = [set(ids(m)) for c in r.clusters for m in c.mutual]
    assert {"attendance", "achievement", "freedom-from-bullying"} in mutual
    obesity = run_query("interdependencies", staffordshire, {"node": ["less-obesity"]}).clusters[0]
    assert {"less-obesity", "better-diet", "more-exercise"} <= set(ids(obesity.outcomes))


def test_the_eight_district_boards_sit_under_the_childrens_trust_board(staffordshire: Partnership) -> None:
    """003 §6: "the 8 District Children's Trust Boards and 50 Community and Learning Partnerships"."""
    r = run_query("reports-to", staffordshire, {"node": "staffs-childrens-trust-board"})
    districts = [e for e in r.children("staffs-childrens-trust-board") if e.node.id.startswith("district-board-")]
    assert len(districts) == 8
    clps = [e for e in r.entries if e.node.id.startswith("clp-")]
    assert len(clps) == 50 and all(e.depth == 2 for e in clps)


def test_a_community_and_learning_partnership_climbs_to_the_county_board(staffordshire: Partnership) -> None:
    """003 §6: C&LPs link to the district boards, which link to the county Children's Trust."""
    r = run_query("reporting-line", staffordshire, {"node": "clp-01"})
    assert r.line[0].above.id.startswith("district-board-")
    assert r.line[-1].above.id == "staffs-childrens-trust-board"
    assert r.line[-1].kind.value == "formal"


def test_staffordshire_district_boards_have_one_formal_parent_and_nothing_loops(staffordshire: Partnership) -> None:
    """003 §6: each district board belongs to the one county Children's Trust."""
    r = run_query("accountability-integrity", staffordshire, {})
    assert "staffs-childrens-trust-board" in ids(r.tops)
    assert all(not i.node.id.startswith("district-board-") for i in r.issues)
    assert [i for i in r.issues if i.problem == "loop"] == []


def test_staffordshire_outcomes_without_a_named_service_are_gaps(staffordshire: Partnership) -> None:
    """003 names no Staffordshire service for obesity, diet or exercise, so nothing active reaches them."""
    r = run_query("gaps", staffordshire, {"all_outcomes": True})
    no_service = {g.node.id for g in r.gaps if g.gap == "no-active-service"}
    assert {"less-obesity", "better-diet", "more-exercise"} <= no_service
    outcomes = {o.id for o in staffordshire.nodes(NodeType.OUTCOME)}
    assert no_service <= outcomes | {n.id for n in staffordshire.nodes(NodeType.COHORT, NodeType.LOCALITY)}


@pytest.mark.parametrize("dataset", ["york", "staffordshire"])
@pytest.mark.parametrize("name", ["duplicates", "gaps", "service-map", "interdependencies",
                                  "accountability-integrity", "golden-thread"])
def test_every_part_a_query_answers_on_the_bundled_data(request: pytest.FixtureRequest, dataset: str,
                                                        name: str) -> None:
    p = request.getfixturevalue(dataset)
    result = run_query(name, p, {})
    assert result.partnership == dataset and result.summary().strip()
    assert all(list(row) == list(type(result).columns) for row in result.table())
