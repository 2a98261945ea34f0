"""Duplication: the ``duplicates`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (a missed overlap, a pair of one partner's services reported) fails a test.
Queries are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from builders import build, covers, edge, ids, node

from graph_model import Partnership
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


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


# -- on hand-built partnerships --------------------------------------------------------------------


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
