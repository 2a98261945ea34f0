"""Part-A named queries on small hand-built partnerships whose right answers are known.

Every query is reached through the registry (``run_query``), as the CLI and the API
reach it. Each partnership is built so that a wrong answer (a missed overlap, a
step of the wrong kind, a loop that never ends) fails a test.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from builders import build, edge, node

from graph_model import InvalidParameters, InvalidPartnership, Partnership, Rule, UnknownNode
from queries.registry import get_query, run_query
from queries.reporting_lines import LineKind

PART_A = ("duplicates", "gaps", "service-map", "interdependencies", "reporting-line", "reports-to",
          "accountability-integrity", "golden-thread")




def covers(service: str, outcome: str, cohort: str | None = None, locality: str | None = None) -> list[dict[str, Any]]:
    """The edges that put a service on an (outcome, cohort, locality) key."""
    out = [edge("CONTRIBUTES_TO", service, outcome)]
    if cohort:
        out.append(edge("TARGETS", service, cohort))
    if locality:
        out.append(edge("SERVES", service, locality))
    return out


EMPTY = build([])


# -- every part-A query ------------------------------------------------------------------------


@pytest.mark.parametrize("name", [q for q in PART_A if q not in ("reporting-line", "reports-to")])
def test_query_on_an_empty_partnership_answers_in_words_and_an_empty_table(name: str) -> None:
    result = run_query(name, EMPTY, {})
    assert result.query == name and result.partnership == "demo"
    assert result.table() == []
    assert result.summary().strip()


@pytest.mark.parametrize("name", PART_A)
def test_query_rows_use_exactly_the_declared_columns(name: str) -> None:
    p = build([node("b", "Board"), node("g", "SubGroup"), node("o", "Outcome"), node("o2", "Outcome"),
               node("s", "Service"), node("t", "Service"), node("loose", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "g", "b"), edge("DEPENDS_ON", "o", "o2"), edge("COMMISSIONS", "g", "s"),
               *covers("s", "o"), *covers("t", "o")])
    params = {"reporting-line": {"node": "s"}, "reports-to": {"node": "b"},
              "interdependencies": {"node": ["o"]}, "golden-thread": {"node": ["s"]}}.get(name, {})
    result = run_query(name, p, params)
    rows = result.table()
    assert rows, f"{name} gave an empty table on a partnership with something to show"
    assert all(list(row) == list(type(result).columns) for row in rows)


@pytest.mark.parametrize("name", ["duplicates", "service-map", "interdependencies", "golden-thread"])
def test_unknown_node_is_refused_with_close_matches(name: str) -> None:
    p = build([node("less-obesity", "Outcome", name="Less obesity"), node("first", "Service", name="FIRST")])
    with pytest.raises(UnknownNode, match="less-obesity"):
        run_query(name, p, {"node": ["less-obesty"]})


@pytest.mark.parametrize(("name", "params"), [
    ("duplicates", {"node": ["o"]}),
    ("service-map", {"node": ["s"]}),
    ("interdependencies", {"node": ["s"]}),
    ("golden-thread", {"node": ["b"]}),
    ("reporting-line", {"node": "o"}),
    ("accountability-integrity", {"node": ["s"]}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_node_of_the_wrong_type_is_a_bad_parameter(name: str, params: dict[str, Any]) -> None:
    p = build([node("o", "Outcome"), node("s", "Service"), node("b", "Budget")])
    with pytest.raises(InvalidParameters, match=f"query '{name}'.*this query takes"):
        run_query(name, p, params)


def test_nodes_are_named_by_exact_name_as_well_as_id() -> None:
    p = build([node("icg", "SubGroup", name="Integrated Commissioning Group"), node("b", "Board")],
              [edge("ACCOUNTABLE_TO", "icg", "b")])
    by_name = run_query("reporting-line", p, {"node": "integrated commissioning group"})
    assert by_name.start.id == "icg"
    assert [s.above.id for s in by_name.line] == ["b"]


# -- duplicates --------------------------------------------------------------------------------

DUP_NODES = [node("la", "Partner"), node("nhs", "Partner"), node("charity", "Partner"),
             node("o1", "Outcome"), node("o2", "Outcome"), node("pupils", "Cohort"), node("carers", "Cohort"),
             node("york", "Locality"), node("acomb", "Locality")]


def test_two_partners_buying_the_same_thing_form_one_group_with_score_one() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "nhs", "b"),
               *covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    r = run_query("duplicates", p, {"text": False})
    assert r.total_groups == 1
    group = r.groups[0]
    assert [m.service.id for m in group.members] == ["a", "b"]
    assert group.score == 1.0 and group.shared_keys == 1
    assert ([o.id for o in group.outcomes], [c.id for c in group.cohorts], [x.id for x in group.localities]) == (
        ["o1"], ["pupils"], ["york"])
    assert [c.id for c in group.members[0].commissioners] == ["la"]
    assert "A and B both contribute to O1 for Pupils in York" in r.summary()


def test_one_partner_commissioning_and_delivering_both_is_not_cross_partner_duplication() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "la", "b"),
               edge("DELIVERS", "charity", "a"), edge("DELIVERS", "charity", "b"),
               *covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    assert run_query("duplicates", p, {}).groups == []
    assert run_query("duplicates", p, {"cross_partner": False}).total_groups == 1


def test_same_commissioner_but_different_providers_still_counts() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "la", "b"),
               edge("DELIVERS", "charity", "a"), edge("DELIVERS", "nhs", "b"),
               *covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    assert run_query("duplicates", p, {}).total_groups == 1


def test_a_service_commissioned_by_nobody_is_not_assumed_to_share_a_partner() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service"), node("c", "Service")],
              [*covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    r = run_query("duplicates", p, {})
    assert [[m.service.id for m in g.members] for g in r.groups] == [["a", "b"]]
    assert r.groups[0].members[0].commissioners == [] and r.groups[0].members[0].deliverers == []
    assert r.services_checked == 2  # c has no outcome, so no key


def test_score_is_shared_keys_over_mean_footprint() -> None:
    # a covers (o1, pupils, york) and (o2, pupils, york); b only the first: 1 / mean(2, 1) = 0.667.
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "nhs", "b"),
               *covers("a", "o1", "pupils", "york"), edge("CONTRIBUTES_TO", "a", "o2"),
               *covers("b", "o1", "pupils", "york")])
    group = run_query("duplicates", p, {}).groups[0]
    assert group.score == pytest.approx(0.667, abs=1e-3)
    assert [o.id for o in group.outcomes] == ["o1"]


@pytest.mark.parametrize(("b_edges", "why"), [
    (covers("b", "o1", "pupils", "acomb"), "another locality"),
    (covers("b", "o1", "carers", "york"), "another cohort"),
    (covers("b", "o2", "pupils", "york"), "another outcome"),
])
def test_services_differing_on_any_dimension_do_not_overlap(b_edges: list[dict[str, Any]], why: str) -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "nhs", "b"),
               *covers("a", "o1", "pupils", "york"), *b_edges])
    assert run_query("duplicates", p, {}).groups == [], why


def test_inactive_services_are_not_duplicates() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service", status="decommissioned")],
              [*covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    assert run_query("duplicates", p, {}).groups == []


def test_groups_with_the_same_members_are_merged_and_subsets_listed_apart() -> None:
    # a, b, c share (o1, pupils, york); a and b also share (o2, pupils, york).
    svcs = [node(s, "Service") for s in "abc"]
    p = build(DUP_NODES + svcs, [*covers("a", "o1", "pupils", "york"), edge("CONTRIBUTES_TO", "a", "o2"),
                                 *covers("b", "o1", "pupils", "york"), edge("CONTRIBUTES_TO", "b", "o2"),
                                 *covers("c", "o1", "pupils", "york")])
    groups = {tuple(m.service.id for m in g.members): g for g in run_query("duplicates", p, {}).groups}
    assert set(groups) == {("a", "b"), ("a", "b", "c")}
    assert groups[("a", "b")].shared_keys == 2 and groups[("a", "b")].score == 1.0
    assert groups[("a", "b", "c")].shared_keys == 1
    assert list(groups)[0] == ("a", "b")  # best score first


def test_unrecorded_cohort_and_locality_match_each_other_and_are_said_to_be_unrecorded() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service")],
              [*covers("a", "o1"), *covers("b", "o1")])
    group = run_query("duplicates", p, {}).groups[0]
    assert group.unrecorded == ["cohort", "locality"]
    assert "no cohort or locality recorded" in group.explain()


def test_crowded_blocks_are_reported_not_grouped_and_still_compared_for_text() -> None:
    names = ["Youth club Acomb", "Youth club in Acomb", "Parent support"]
    svcs = [node(f"s{i}", "Service", name=n) for i, n in enumerate(names)]
    edges = [e for i in range(3) for e in covers(f"s{i}", "o1", "pupils", "york")]
    edges += [edge("COMMISSIONS", "la", "s0"), edge("COMMISSIONS", "nhs", "s1")]
    r = run_query("duplicates", build(DUP_NODES + svcs, edges), {"max_block": 2})
    assert r.groups == []
    assert [(c.outcome.id, c.services, c.partners) for c in r.crowded] == [("o1", 3, 2)]
    assert [(t.a.id, t.b.id) for t in r.pairs] == [("s0", "s1")]


@pytest.mark.parametrize(("threshold", "found"), [(90, True), (99, False)], ids=["at-90", "at-99"])
def test_near_identical_text_respects_the_threshold(threshold: float, found: bool) -> None:
    # token_set_ratio("nurture group west", "nurture groups west") is about 97.
    p = build(DUP_NODES + [node("a", "Service", name="Nurture Group West"),
                           node("b", "Service", name="Nurture Groups West")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "nhs", "b"),
               *covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    r = run_query("duplicates", p, {"threshold": threshold})
    assert (r.total_pairs == 1) is found
    if found:
        assert 90 <= r.pairs[0].similarity < 99 and [o.id for o in r.pairs[0].outcomes] == ["o1"]


def test_identical_names_in_different_blocks_are_never_compared() -> None:
    p = build(DUP_NODES + [node("a", "Service", name="Family support"), node("b", "Service", name="Family support")],
              [*covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "acomb")])
    assert run_query("duplicates", p, {"threshold": 0}).total_pairs == 0


def test_node_filter_keeps_only_groups_with_that_service_and_limit_cuts_the_list() -> None:
    svcs = [node(s, "Service") for s in "abcd"]
    p = build(DUP_NODES + svcs, [*covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york"),
                                 *covers("c", "o2", "carers", "acomb"), *covers("d", "o2", "carers", "acomb")])
    assert run_query("duplicates", p, {}).total_groups == 2
    only_c = run_query("duplicates", p, {"node": ["c"]})
    assert [[m.service.id for m in g.members] for g in only_c.groups] == [["c", "d"]]
    limited = run_query("duplicates", p, {"limit": 1})
    assert (limited.total_groups, len(limited.groups)) == (2, 1)
    assert "(1 listed)" in limited.summary()


def test_blocking_finds_exactly_the_overlaps_a_pairwise_scan_finds() -> None:
    """Seeded invariant: every pair sharing a key with different partners sits in some group, and no other."""
    rng = random.Random(20240601)
    outcomes, cohorts, places, partners = ["o1", "o2", "o3"], ["pupils", "carers"], ["york", "acomb"], ["la", "nhs"]
    nodes = DUP_NODES + [node("o3", "Outcome")]
    edges: list[dict[str, Any]] = []
    for i in range(40):
        sid = f"s{i:02d}"
        nodes.append(node(sid, "Service"))
        edges += [edge("CONTRIBUTES_TO", sid, o) for o in rng.sample(outcomes, rng.randint(1, 2))]
        edges += [edge("TARGETS", sid, c) for c in rng.sample(cohorts, rng.randint(1, 2))]
        edges.append(edge("SERVES", sid, rng.choice(places)))
        edges.append(edge("COMMISSIONS", rng.choice(partners), sid))
    p = build(nodes, edges)
    r = run_query("duplicates", p, {"text": False, "limit": 0, "max_block": 1000})

    def keys(s: str) -> set[tuple[str, str, str]]:
        return {(o, c, loc) for o in p.adjacency("CONTRIBUTES_TO").get(s, []) for c in p.adjacency("TARGETS")[s]
                for loc in p.adjacency("SERVES")[s]}

    def commissioner(s: str) -> list[str]:
        return p.adjacency("COMMISSIONS", "in")[s]

    services = [n.id for n in p.nodes("Service")]
    pairwise = {(a, b) for a, b in itertools.combinations(services, 2)
                if keys(a) & keys(b) and commissioner(a) != commissioner(b)}
    in_groups = {(a, b) for g in r.groups for a, b in itertools.combinations([m.service.id for m in g.members], 2)}
    assert pairwise and pairwise <= in_groups
    for g in r.groups:
        members = [m.service.id for m in g.members]
        shared = set.intersection(*(keys(s) for s in members))
        assert g.shared_keys == len(shared)
        assert g.score == pytest.approx(len(shared) / (sum(len(keys(s)) for s in members) / len(members)), abs=1e-3)
        assert len({tuple(commissioner(s)) for s in members}) > 1


# -- gaps --------------------------------------------------------------------------------------

GAP_NODES = [node("plan", "Plan"), node("pr", "Priority"), node("o-served", "Outcome"), node("o-unfunded", "Outcome"),
             node("o-none", "Outcome"), node("o-not-priority", "Outcome"), node("grant", "Budget"),
             node("s-funded", "Service"), node("s-unfunded", "Service"), node("s-closed", "Service",
                                                                              status="decommissioned")]
GAP_EDGES = [edge("PART_OF", "pr", "plan"), *(edge("SUPPORTS_PRIORITY", o, "pr") for o in
                                                 ("o-served", "o-unfunded", "o-none")),
             edge("FUNDS", "grant", "s-funded"), edge("CONTRIBUTES_TO", "s-funded", "o-served"),
             edge("CONTRIBUTES_TO", "s-unfunded", "o-unfunded"), edge("CONTRIBUTES_TO", "s-closed", "o-none"),
             edge("FUNDS", "grant", "s-closed")]


def test_gaps_tell_no_service_from_no_money_and_ignore_decommissioned_services() -> None:
    r = run_query("gaps", build(GAP_NODES, GAP_EDGES), {})
    assert r.outcome_scope == "priority"
    assert [(g.node.id, g.gap) for g in r.gaps if g.kind == "outcome"] == [
        ("o-unfunded", "no-money"), ("o-none", "no-active-service")]
    assert r.checked["outcome"] == 3  # o-not-priority supports no priority
    assert "1 of 3 priority outcomes has no active service: O None." in r.summary()


def test_without_priorities_every_outcome_is_checked_and_the_answer_says_so() -> None:
    p = build([node("o", "Outcome"), node("o2", "Outcome"), node("s", "Service")], [edge("CONTRIBUTES_TO", "s", "o")])
    r = run_query("gaps", p, {})
    assert r.outcome_scope == "all" and [g.node.id for g in r.gaps] == ["o", "o2"]
    assert "All outcomes were checked" in r.summary()


def test_a_city_wide_service_reaches_the_citys_areas_and_an_area_service_reaches_the_city() -> None:
    p = build([node("york", "Locality"), node("acomb", "Locality"), node("county", "Locality"),
               node("elsewhere", "Locality"), node("city-svc", "Service"), node("area-svc", "Service")],
              [edge("PART_OF", "acomb", "york"), edge("PART_OF", "york", "county"),
               edge("SERVES", "city-svc", "york")])
    gap_ids = [g.node.id for g in run_query("gaps", p, {}).gaps if g.gap == "no-active-service"]
    assert gap_ids == ["elsewhere"]


def test_an_unfunded_service_leaves_its_cohort_without_money() -> None:
    p = build([node("carers", "Cohort"), node("s", "Service"), node("grant", "Budget")],
              [edge("TARGETS", "s", "carers")])
    (gap,) = run_query("gaps", p, {}).gaps
    assert (gap.kind, gap.node.id, gap.gap, gap.services) == ("cohort", "carers", "no-money", 1)


@pytest.mark.parametrize("matrix", ["cohort", "locality"])
def test_coverage_matrix_counts_active_services_per_outcome_and_column(matrix: str) -> None:
    p = build([node("o", "Outcome"), node("c", "Cohort"), node("l", "Locality"),
               node("a", "Service"), node("b", "Service"), node("x", "Service", status="planned")],
              [*covers("a", "o", "c", "l"), *covers("b", "o", "c", "l"), *covers("x", "o", "c", "l")])
    r = run_query("gaps", p, {"matrix": matrix})
    column = "c" if matrix == "cohort" else "l"
    assert [(c.outcome, c.column, c.services) for c in r.matrix] == [("o", column, 2)]
    assert [n.id for n in r.matrix_cols] == [column]


# -- service-map ---------------------------------------------------------------------------------


def test_service_map_keeps_unknown_money_unknown_and_finds_overlaps_and_gaps() -> None:
    p = build([node("o1", "Outcome"), node("o2", "Outcome"), node("o3", "Outcome"),
               node("pool", "Budget"), node("grant", "Budget"),
               node("a", "Service", tier=1), node("b", "Service", tier=3)],
              [edge("FUNDS", "pool", "a", amount=1000), edge("FUNDS", "grant", "a"), edge("FUNDS", "grant", "b"),
               edge("CONTRIBUTES_TO", "a", "o1"), edge("CONTRIBUTES_TO", "b", "o1"),
               edge("CONTRIBUTES_TO", "a", "o2")])
    r = run_query("service-map", p, {})
    rows = {s.service.id: s for s in r.services}
    assert (rows["a"].money, rows["a"].unknown_amounts) == (1000.0, 1)
    assert (rows["b"].money, rows["b"].unknown_amounts) == (None, 1)
    outcomes = {o.outcome.id: o for o in r.outcomes}
    assert (outcomes["o1"].money, len(outcomes["o1"].services)) == (1000.0, 2)
    assert [o.outcome.id for o in r.overlaps] == ["o1"] and [o.outcome.id for o in r.gaps] == ["o3"]
    assert "£1,000" in r.summary() and "2 funding links without an amount" in r.summary()


def test_service_map_for_chosen_outcomes_lists_only_their_services() -> None:
    p = build([node("o1", "Outcome"), node("o2", "Outcome"), node("a", "Service"), node("b", "Service")],
              [edge("CONTRIBUTES_TO", "a", "o1"), edge("CONTRIBUTES_TO", "b", "o2")])
    r = run_query("service-map", p, {"node": ["o2"]})
    assert [s.service.id for s in r.services] == ["b"] and [o.outcome.id for o in r.outcomes] == ["o2"]


# -- interdependencies -------------------------------------------------------------------------


def test_dependencies_are_followed_transitively_with_their_paths() -> None:
    p = build([node(o, "Outcome") for o in ("healthy", "obesity", "diet", "exercise")],
              [edge("DEPENDS_ON", "healthy", "obesity"), edge("DEPENDS_ON", "obesity", "diet"),
               edge("DEPENDS_ON", "obesity", "exercise")])
    (trace,) = run_query("interdependencies", p, {"node": ["obesity"]}).traces
    assert [(d.outcome.id, d.distance) for d in trace.depends_on] == [("diet", 1), ("exercise", 1)]
    assert [d.outcome.id for d in trace.needed_by] == ["healthy"]
    (top,) = run_query("interdependencies", p, {"node": ["healthy"]}).traces
    diet = next(d for d in top.depends_on if d.outcome.id == "diet")
    assert diet.distance == 2 and [n.id for n in diet.path] == ["healthy", "obesity", "diet"]
    (bottom,) = run_query("interdependencies", p, {"node": ["diet"]}).traces
    # Paths run along the DEPENDS_ON edges, the dependent outcome first, whichever way they were traced.
    assert [n.id for n in next(d for d in bottom.needed_by if d.outcome.id == "healthy").path] == [
        "healthy", "obesity", "diet"]


def test_a_dependency_cycle_ends_and_is_reported_as_mutual() -> None:
    p = build([node(o, "Outcome") for o in ("attendance", "achievement", "bullying", "alone")],
              [edge("DEPENDS_ON", "attendance", "achievement"), edge("DEPENDS_ON", "achievement", "bullying"),
               edge("DEPENDS_ON", "bullying", "attendance")])
    r = run_query("interdependencies", p, {"node": ["attendance"]})
    assert sorted(d.outcome.id for d in r.traces[0].depends_on) == ["achievement", "bullying"]
    assert [[o.id for o in m] for m in r.clusters[0].mutual] == [["attendance", "achievement", "bullying"]]
    assert r.clusters[0].links == 3


def test_clusters_are_weak_components_and_singletons_are_left_out() -> None:
    p = build([node(o, "Outcome") for o in ("a", "b", "c", "d", "e", "alone")],
              [edge("DEPENDS_ON", "a", "b"), edge("DEPENDS_ON", "c", "b"), edge("DEPENDS_ON", "d", "e")])
    r = run_query("interdependencies", p, {})
    assert [[o.id for o in c.outcomes] for c in r.clusters] == [["a", "b", "c"], ["d", "e"]]
    assert all(c.mutual == [] for c in r.clusters)
    only = run_query("interdependencies", p, {"node": ["e"]})
    assert [[o.id for o in c.outcomes] for c in only.clusters] == [["d", "e"]]


def test_no_dependencies_at_all() -> None:
    r = run_query("interdependencies", build([node("a", "Outcome")]), {})
    assert r.clusters == [] and r.summary() == "No outcome depends on another."


# -- reporting-line ----------------------------------------------------------------------------

BOOKCASE = [node("ww", "Board", name="Without Walls Board"), node("hwb", "Board", name="Health and Wellbeing Board"),
            node("yorok", "Board", name="YorOK Board"), node("emap", "Board", name="EMAP"),
            node("icg", "SubGroup", name="ICG"), node("youth", "SubGroup", name="Youth Council"),
            node("ctu", "Unit", name="Children's Trust Unit"), node("dcs", "Post", name="DCS"),
            node("council", "Partner", name="Council"), node("first", "Service", name="FIRST"),
            node("orphan", "Service", name="Orphan service")]
BOOKCASE_EDGES = [edge("ACCOUNTABLE_TO", "icg", "yorok"), edge("REPORTS_TO", "icg", "emap"),
                  edge("REPORTS_TO", "yorok", "ww"), edge("REPORTS_TO", "hwb", "ww"),
                  edge("DELEGATES_TO", "hwb", "yorok"), edge("INFLUENCES", "youth", "yorok"),
                  edge("INFLUENCES", "yorok", "youth"), edge("SUPPORTS", "ctu", "icg"),
                  edge("MEMBER_OF", "dcs", "yorok"), edge("CHAIRS", "dcs", "icg"),
                  edge("COMMISSIONS", "icg", "first"), edge("MEMBER_OF", "council", "ww")]


@pytest.fixture(scope="module")
def bookcase() -> Partnership:
    return build(BOOKCASE, BOOKCASE_EDGES)


def line_of(result: Any) -> list[tuple[str, str, str]]:
    return [(s.below.id, s.kind.value, s.above.id) for s in result.line]


def test_the_line_is_formal_first_then_the_next_strongest_link(bookcase: Partnership) -> None:
    r = run_query("reporting-line", bookcase, {"node": "icg"})
    assert line_of(r) == [("icg", "formal", "yorok"), ("yorok", "reporting", "ww")]
    assert [(s.below.id, s.kind.value, s.above.id, s.depth) for s in r.others] == [
        ("icg", "reporting", "emap", 1), ("yorok", "delegation", "hwb", 2), ("yorok", "influence", "youth", 2)]
    assert [t.id for t in r.tops] == ["ww", "emap"]
    assert r.summary().splitlines()[0] == "ICG is accountable to YorOK Board, which reports to Without Walls Board (the top)."


@pytest.mark.parametrize(("start", "first_step"), [
    ("first", ("first", "commissions", "icg")),
    ("dcs", ("dcs", "chairs", "icg")),
    ("ctu", ("ctu", "supports", "icg")),
    ("council", ("council", "member", "ww")),
], ids=["service-via-commissioner", "post-chairs-before-member", "unit-via-supports", "partner-via-member"])
def test_non_bodies_join_the_line_by_their_first_step(bookcase: Partnership, start: str,
                                                      first_step: tuple[str, str, str]) -> None:
    r = run_query("reporting-line", bookcase, {"node": start})
    assert line_of(r)[0] == first_step
    if start != "council":
        assert line_of(r)[1:] == [("icg", "formal", "yorok"), ("yorok", "reporting", "ww")]


def test_delegation_is_followed_backwards(bookcase: Partnership) -> None:
    """The HWB delegates to the YorOK Board, so the HWB sits above it by delegation."""
    r = run_query("reporting-line", bookcase, {"node": "yorok"})
    assert ("yorok", "delegation", "hwb") in [(s.below.id, s.kind.value, s.above.id) for s in r.others]
    under_hwb = run_query("reporting-line", bookcase, {"node": "hwb"})
    assert "yorok" not in [s.above.id for s in under_hwb.line + under_hwb.others]


def test_a_service_commissioned_by_nobody_has_no_line(bookcase: Partnership) -> None:
    r = run_query("reporting-line", bookcase, {"node": "orphan"})
    assert r.line == [] and r.others == [] and r.tops == []
    assert r.summary() == "Orphan service has nothing above it: no commissioner is recorded."


def test_a_partner_met_on_the_way_up_ends_the_line() -> None:
    p = build([node("la", "Partner"), node("board", "Board"), node("svc", "Service")],
              [edge("COMMISSIONS", "la", "svc"), edge("MEMBER_OF", "la", "board")])
    r = run_query("reporting-line", p, {"node": "svc"})
    assert line_of(r) == [("svc", "commissions", "la")] and [t.id for t in r.tops] == ["la"]


def test_a_body_with_two_formal_parents_shows_both() -> None:
    p = build([node("a", "Board"), node("b", "Board"), node("g", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "g", "a"), edge("ACCOUNTABLE_TO", "g", "b")])
    r = run_query("reporting-line", p, {"node": "g"})
    assert line_of(r) == [("g", "formal", "a")]
    assert [(s.kind.value, s.above.id) for s in r.others] == [("formal", "b")]
    assert [t.id for t in r.tops] == ["a", "b"]


def test_a_reporting_loop_ends_without_a_top() -> None:
    p = build([node("a", "SubGroup"), node("b", "SubGroup")],
              [edge("REPORTS_TO", "a", "b"), edge("REPORTS_TO", "b", "a")])
    r = run_query("reporting-line", p, {"node": "a"})
    assert line_of(r) == [("a", "reporting", "b")] and r.others == [] and r.tops == []


# -- reports-to --------------------------------------------------------------------------------


def test_reports_to_lists_the_tree_depth_first_with_kinds(bookcase: Partnership) -> None:
    r = run_query("reports-to", bookcase, {"node": "ww"})
    assert [(e.depth, e.node.id, e.kind and e.kind.value) for e in r.entries] == [
        (0, "ww", None), (1, "yorok", "reporting"), (2, "icg", "formal"), (3, "ctu", "supports"),
        (2, "youth", "influence"), (1, "hwb", "reporting")]
    assert "Directly under Without Walls Board (2): reporting: YorOK Board and Health and Wellbeing Board" in r.summary()


def test_reports_to_follows_delegation_down_and_lists_each_node_once(bookcase: Partnership) -> None:
    r = run_query("reports-to", bookcase, {"node": "hwb"})
    assert [(e.node.id, e.kind and e.kind.value) for e in r.entries][:2] == [("hwb", None), ("yorok", "delegation")]
    ids = [e.node.id for e in r.entries]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("params", "expected"), [
    ({"kind": ["formal"]}, ["yorok", "icg"]),
    ({"depth": 1}, ["yorok", "icg", "youth"]),
    ({"kind": ["formal", "chairs", "member", "commissions"]}, ["yorok", "icg", "first", "dcs"]),
], ids=["formal-only", "one-level", "with-posts-and-services"])
def test_reports_to_kinds_and_depth(bookcase: Partnership, params: dict[str, Any], expected: list[str]) -> None:
    r = run_query("reports-to", bookcase, {"node": "yorok", **params})
    assert [e.node.id for e in r.entries] == expected


def test_nothing_under_a_leaf() -> None:
    r = run_query("reports-to", build([node("g", "SubGroup", name="G")]), {"node": "g"})
    assert [e.node.id for e in r.entries] == ["g"] and r.summary() == "Nothing sits under G."


# -- accountability-integrity --------------------------------------------------------------------


def test_integrity_finds_missing_and_double_formal_parents_and_reporting_loops() -> None:
    p = build([node("top", "Board"), node("other", "Board"), node("g1", "SubGroup"), node("g2", "SubGroup"),
               node("loose", "SubGroup"), node("voice", "SubGroup"), node("r1", "SubGroup"),
               node("r2", "SubGroup"), node("fine", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "other", "top"), edge("ACCOUNTABLE_TO", "fine", "top"),
               edge("ACCOUNTABLE_TO", "g1", "top"), edge("ACCOUNTABLE_TO", "g1", "other"),
               edge("INFLUENCES", "voice", "top"), edge("REPORTS_TO", "r1", "r2"), edge("REPORTS_TO", "r2", "r1"),
               edge("ACCOUNTABLE_TO", "g2", "top")])
    r = run_query("accountability-integrity", p, {})
    assert [t.id for t in r.tops] == ["top"]
    found = [(i.problem, i.node.id) for i in r.issues]
    assert found == [("no-formal-parent", "loose"), ("no-formal-parent", "voice"), ("no-formal-parent", "r1"),
                     ("no-formal-parent", "r2"), ("several-formal-parents", "g1"), ("loop", "r1")]
    details = {(i.problem, i.node.id): i.detail for i in r.issues}
    assert details[("no-formal-parent", "loose")] == "Loose has no link upwards at all"
    assert details[("no-formal-parent", "voice")] == "Voice influences Top"
    assert details[("several-formal-parents", "g1")] == "G1 is accountable to Top and Other"
    assert details[("loop", "r1")] == "R1 reports to R2, which reports to R1"


def test_a_loop_mixing_accountability_and_reporting_is_found() -> None:
    p = build([node("a", "SubGroup"), node("b", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "a", "b"), edge("REPORTS_TO", "b", "a")])
    r = run_query("accountability-integrity", p, {"node": ["a"]})
    assert [(i.problem, i.detail) for i in r.issues if i.problem == "loop"] == [
        ("loop", "A is accountable to B, which reports to A")]


def test_a_formal_accountability_loop_cannot_even_be_loaded() -> None:
    """The query can rely on it: build_partnership refuses ACCOUNTABLE_TO loops."""
    with pytest.raises(InvalidPartnership) as caught:
        build([node("a", "SubGroup"), node("b", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "a", "b"), edge("ACCOUNTABLE_TO", "b", "a")])
    assert [p.rule for p in caught.value.problems] == [Rule.ACCOUNTABILITY_LOOP]


def test_named_tops_replace_the_default_and_a_clean_structure_says_so() -> None:
    p = build([node("ww", "Board"), node("hwb", "Board"), node("g", "SubGroup")],
              [edge("REPORTS_TO", "hwb", "ww"), edge("ACCOUNTABLE_TO", "g", "hwb")])
    default = run_query("accountability-integrity", p, {})
    assert [(i.problem, i.node.id) for i in default.issues] == [("no-formal-parent", "hwb")]
    named = run_query("accountability-integrity", p, {"node": ["ww", "hwb"]})
    assert named.issues == [] and "accountable to exactly one parent" in named.summary()


# -- golden-thread -----------------------------------------------------------------------------

THREAD_NODES = [node("cypp", "Plan", name="CYPP"), node("action-plan", "Plan", name="Action plan"),
                node("pr", "Priority", name="Happy family life"), node("pr2", "Priority", name="Action priority"),
                node("pr-orphan", "Priority", name="Orphan priority"),
                node("o", "Outcome", name="Fewer placements"), node("o2", "Outcome", name="Families supported"),
                node("o-dead-end", "Outcome", name="Lower pregnancy"), node("o-orphan-pr", "Outcome", name="Orphaned"),
                node("first", "Service", name="FIRST"), node("catalyst", "Service", name="Catalyst"),
                node("tp", "Service", name="Teenage pregnancy"), node("lonely", "Service", name="Lonely"),
                node("odd", "Service", name="Odd"), node("old", "Service", name="Old", status="decommissioned")]
THREAD_EDGES = [edge("PART_OF", "pr", "cypp"), edge("PART_OF", "action-plan", "cypp"),
                edge("PART_OF", "pr2", "action-plan"),
                edge("SUPPORTS_PRIORITY", "o", "pr"), edge("SUPPORTS_PRIORITY", "o2", "pr2"),
                edge("SUPPORTS_PRIORITY", "o-orphan-pr", "pr-orphan"),
                edge("CONTRIBUTES_TO", "first", "o"), edge("CONTRIBUTES_TO", "catalyst", "o2"),
                edge("CONTRIBUTES_TO", "old", "o"), edge("CONTRIBUTES_TO", "tp", "o-dead-end"),
                edge("CONTRIBUTES_TO", "odd", "o-orphan-pr")]


@pytest.fixture(scope="module")
def thread() -> Partnership:
    return build(THREAD_NODES, THREAD_EDGES)


def rows_of(result: Any) -> list[tuple[str | None, ...]]:
    return [tuple(x.id if x else None for x in (r.service, r.outcome, r.priority, r.plan))
            for t in result.traces for r in t.rows]


def test_a_service_threads_up_to_its_plan(thread: Partnership) -> None:
    r = run_query("golden-thread", thread, {"node": ["FIRST"]})
    assert rows_of(r) == [("first", "o", "pr", "cypp")] and r.unthreaded == []
    assert r.summary() == "FIRST contributes to Fewer placements, which supports Happy family life (CYPP)."


@pytest.mark.parametrize(("service", "breaks"), [
    ("lonely", "no-outcome"), ("tp", "no-priority"), ("odd", "no-plan")])
def test_where_the_thread_breaks(thread: Partnership, service: str, breaks: str) -> None:
    r = run_query("golden-thread", thread, {"node": [service]})
    assert [(u.service.id, u.breaks) for u in r.unthreaded] == [(service, breaks)]


def test_without_a_node_every_active_service_is_checked(thread: Partnership) -> None:
    r = run_query("golden-thread", thread, {})
    assert r.traces == [] and r.services_checked == 5  # "old" is decommissioned
    assert [(u.service.id, u.breaks) for u in r.unthreaded] == [
        ("tp", "no-priority"), ("lonely", "no-outcome"), ("odd", "no-plan")]
    assert r.summary().startswith("2 of 5 services thread through to a plan; 3 do not:")


def test_a_plan_gathers_everything_that_contributes_including_sub_plans(thread: Partnership) -> None:
    r = run_query("golden-thread", thread, {"node": ["cypp"]})
    assert rows_of(r) == [("first", "o", "pr", "cypp"), ("catalyst", "o2", "pr2", "action-plan")]
    with_closed = run_query("golden-thread", thread, {"node": ["cypp"], "active_only": False})
    assert ("old", "o", "pr", "cypp") in rows_of(with_closed)


def test_a_priority_or_outcome_with_nothing_below_still_shows_its_strand(thread: Partnership) -> None:
    assert rows_of(run_query("golden-thread", thread, {"node": ["pr-orphan"]})) == [
        ("odd", "o-orphan-pr", "pr-orphan", None)]
    lonely_outcome = build([node("o", "Outcome"), node("pr", "Priority"), node("plan", "Plan")],
                           [edge("SUPPORTS_PRIORITY", "o", "pr"), edge("PART_OF", "pr", "plan")])
    assert rows_of(run_query("golden-thread", lonely_outcome, {"node": ["o"]})) == [(None, "o", "pr", "plan")]


def test_line_kinds_are_the_documented_vocabulary() -> None:
    params = get_query("reports-to").params
    assert set(params.model_fields["kind"].default_factory()) <= set(LineKind)  # type: ignore[misc]
