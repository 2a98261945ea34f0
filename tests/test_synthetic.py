"""The synthetic generator: sizes, determinism, validity and that the manifest tells the truth.

The size targets are the project brief's (s ≈ 600 nodes / 3,000 edges for one
authority; m ≈ 23,000 / 130,000 for a region of 15), held in ``SCALES``. The
structural checks here read the graph directly; ``test_planted.py`` checks that
the named queries find what the manifest lists.
"""

from __future__ import annotations

from collections import Counter

import pytest

from graph_model import (
    BODY_TYPES,
    EDGE_RULES,
    TENDER_THRESHOLD,
    EdgeType,
    NodeType,
    Partnership,
)
from graph_model.models import BudgetKind, MemberRole, ServiceStatus
from loaders.synthetic import SCALES, Manifest, Records, authority_name, build, generate

SCALE_PARAMS = ["s", pytest.param("m", marks=pytest.mark.slow)]


@pytest.fixture(scope="module", params=SCALE_PARAMS)
def generated(request: pytest.FixtureRequest) -> tuple[str, Records, Manifest]:
    records, manifest = generate(request.param, seed=0)
    return request.param, records, manifest


@pytest.fixture(scope="module")
def small() -> tuple[Records, Manifest, Partnership]:
    records, manifest = generate("s", seed=0)
    return records, manifest, build(records, validate=True)


# -- size, determinism, validity --------------------------------------------------------


def test_node_and_edge_counts_are_within_15_percent_of_the_scale_targets(generated: tuple[str, Records, Manifest]) -> None:
    scale, (_, nodes, edges), manifest = generated
    spec = SCALES[scale]
    assert abs(len(nodes) - spec.target_nodes) <= 0.15 * spec.target_nodes, len(nodes)
    assert abs(len(edges) - spec.target_edges) <= 0.15 * spec.target_edges, len(edges)
    assert len(manifest.authorities) == spec.authorities


def test_generation_is_deterministic_for_a_seed() -> None:
    (info_a, nodes_a, edges_a), manifest_a = generate("s", seed=7)
    (info_b, nodes_b, edges_b), manifest_b = generate("s", seed=7)
    assert info_a == info_b
    assert nodes_a == nodes_b
    assert edges_a == edges_b
    assert manifest_a == manifest_b


def test_another_seed_gives_another_partnership() -> None:
    (_, nodes_a, edges_a), manifest_a = generate("s", seed=1)
    (_, nodes_b, edges_b), manifest_b = generate("s", seed=2)
    assert nodes_a != nodes_b
    assert {e.id for e in edges_a} != {e.id for e in edges_b}
    assert manifest_a.duplicate_groups != manifest_b.duplicate_groups


def test_an_authority_is_the_same_whatever_the_number_generated() -> None:
    """Half of n is the first 77 authorities of n: each depends only on the seed and its position."""
    (_, nodes_two, edges_two), _ = generate("m", seed=3, authorities=2)
    (_, nodes_three, edges_three), manifest_three = generate("m", seed=3, authorities=3)
    assert manifest_three.authorities == ("a001", "a002", "a003")
    assert nodes_three[: len(nodes_two)] == nodes_two
    assert edges_three[: len(edges_two)] == edges_two


def test_the_graph_passes_full_validation(generated: tuple[str, Records, Manifest]) -> None:
    _, records, _ = generated
    validated = build(records, validate=True)  # raises InvalidPartnership with every problem otherwise
    assert validated == build(records)


def test_every_edge_obeys_its_edge_rule(generated: tuple[str, Records, Manifest]) -> None:
    _, (_, nodes, edges), _ = generated
    type_of = {n.id: n.type for n in nodes}
    broken = [e.id for e in edges if not EDGE_RULES[e.type].allows(type_of[e.from_], type_of[e.to])]
    assert broken == []


def test_ids_are_unique_and_carry_their_authority(generated: tuple[str, Records, Manifest]) -> None:
    _, (_, nodes, edges), manifest = generated
    node_ids = [n.id for n in nodes]
    edge_ids = [e.id for e in edges]
    assert len(set(node_ids)) == len(node_ids)
    assert len(set(edge_ids)) == len(edge_ids)
    prefixes = {i.split(".", 1)[0] for i in node_ids}
    assert prefixes == set(manifest.authorities)
    assert all(n.generated for n in nodes) and all(e.generated for e in edges)


def test_manifest_counts_match_the_records(generated: tuple[str, Records, Manifest]) -> None:
    _, (_, nodes, edges), manifest = generated
    assert manifest.nodes == len(nodes) and manifest.edges == len(edges)
    assert manifest.counts == {**Counter(n.type.value for n in nodes), **Counter(e.type.value for e in edges)}
    statuses = Counter(n.status.value for n in nodes if n.type is NodeType.SERVICE)  # type: ignore[attr-defined]
    assert manifest.services_by_status == {k: statuses[k] for k in ("active", "planned", "decommissioned")}
    assert all(n >= 1 for n in manifest.planted().values()), manifest.planted()


def test_unknown_scale_and_bad_authority_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown scale 'x'; scales: s, m, n"):
        generate("x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 1"):
        generate("m", authorities=0)


def test_progress_is_reported_after_each_authority() -> None:
    calls: list[tuple[int, int]] = []
    generate("m", authorities=3, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


# -- realistic structure ------------------------------------------------------------------


def test_every_node_and_edge_type_occurs(small: tuple[Records, Manifest, Partnership]) -> None:
    _, manifest, _ = small
    assert set(manifest.counts) == {t.value for t in NodeType} | {t.value for t in EdgeType}


def test_the_bookcase_is_several_levels_deep_under_one_top(small: tuple[Records, Manifest, Partnership]) -> None:
    _, manifest, p = small
    (top,) = manifest.top_boards
    up = p.adjacency(EdgeType.ACCOUNTABLE_TO, "out")

    def depth(body: str) -> int:
        return 0 if body == top or body not in up else 1 + depth(up[body][0])

    assert max(depth(b.id) for b in p.nodes(*BODY_TYPES)) >= 4
    assert top not in up


def test_services_budgets_and_dates_vary(small: tuple[Records, Manifest, Partnership]) -> None:
    _, manifest, p = small
    assert all(manifest.services_by_status[s.value] > 0 for s in ServiceStatus)
    budgets = p.nodes(NodeType.BUDGET)
    assert {b.kind for b in budgets} == set(BudgetKind)  # type: ignore[attr-defined]
    amounts = [b.amount for b in budgets]  # type: ignore[attr-defined]
    assert None in amounts and any(a for a in amounts)
    assert any(n.valid_to for n in p.nodes()) and any(n.valid_from for n in p.nodes())
    for s in p.nodes(NodeType.SERVICE):
        if s.status is ServiceStatus.DECOMMISSIONED:  # type: ignore[attr-defined]
            assert s.valid_to is not None and s.valid_to < manifest.reference_date


# -- clean except where planted (read straight from the graph) ----------------------------


def test_bodies_lack_a_chair_or_terms_only_where_planted(small: tuple[Records, Manifest, Partnership]) -> None:
    """York: each sub-group has a nominated chair and terms of reference (seed 002)."""
    _, manifest, p = small
    chaired = set(p.adjacency(EdgeType.CHAIRS, "in"))
    chaired |= {e.to for e in p.edges(EdgeType.MEMBER_OF) if e.role is MemberRole.CHAIR}  # type: ignore[attr-defined]
    bodies = p.nodes(*BODY_TYPES)
    assert sorted(b.id for b in bodies if b.id not in chaired) == list(manifest.bodies_without_chair)
    assert sorted(b.id for b in bodies if not b.terms_of_reference) == list(manifest.bodies_without_terms)  # type: ignore[attr-defined]


def test_formal_parents_are_one_each_except_where_planted(small: tuple[Records, Manifest, Partnership]) -> None:
    _, manifest, p = small
    parents = p.adjacency(EdgeType.ACCOUNTABLE_TO, "out")
    bodies = [b.id for b in p.nodes(*BODY_TYPES)]
    assert sorted(b for b in bodies if b not in parents) == sorted([*manifest.orphan_bodies, *manifest.top_boards])
    assert sorted(b for b in bodies if len(parents.get(b, [])) > 1) == list(manifest.bodies_with_two_parents)


def test_outcomes_services_and_budgets_are_linked_except_where_planted(
        small: tuple[Records, Manifest, Partnership]) -> None:
    _, manifest, p = small
    measured = p.adjacency(EdgeType.MEASURED_BY, "out")
    assert sorted(o.id for o in p.nodes(NodeType.OUTCOME) if o.id not in measured) == list(
        manifest.outcomes_without_indicator)
    linked = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    assert sorted(s.id for s in p.nodes(NodeType.SERVICE) if s.id not in linked) == list(
        manifest.services_without_outcome)
    funds = p.adjacency(EdgeType.FUNDS, "out")
    assert sorted(b.id for b in p.nodes(NodeType.BUDGET) if b.id not in funds) == list(
        manifest.budgets_funding_nothing)
    monitored = p.adjacency(EdgeType.MONITORS, "in")
    pooled = [b.id for b in p.nodes(NodeType.BUDGET) if b.kind is BudgetKind.POOLED]  # type: ignore[attr-defined]
    assert sorted(b for b in pooled if b not in monitored) == list(manifest.unmonitored_pooled_budgets)


def test_contracts_over_the_threshold_are_tendered_except_where_planted(
        small: tuple[Records, Manifest, Partnership]) -> None:
    """Staffordshire: contracts over £35,000 lifetime value need a full tender (seed 003 Part 6)."""
    _, manifest, p = small
    commissions = p.edges(EdgeType.COMMISSIONS)
    untendered = sorted(e.id for e in commissions
                        if (e.lifetime_value or 0) > TENDER_THRESHOLD and e.tendered is not True)  # type: ignore[attr-defined]
    assert untendered == list(manifest.untendered_contracts)
    assert any(e.lifetime_value == TENDER_THRESHOLD and e.tendered is False for e in commissions)  # type: ignore[attr-defined]


def test_no_two_services_share_an_outcome_cohort_and_locality_outside_planted_groups(
        small: tuple[Records, Manifest, Partnership]) -> None:
    _, manifest, p = small
    out = {k: p.adjacency(t, "out") for k, t in (("o", EdgeType.CONTRIBUTES_TO), ("c", EdgeType.TARGETS),
                                                  ("l", EdgeType.SERVES))}
    holders: dict[tuple[str, str, str], list[str]] = {}
    for s in p.nodes(NodeType.SERVICE):
        for o in out["o"].get(s.id, []):
            for c in out["c"].get(s.id, []):
                for loc in out["l"].get(s.id, []):
                    holders.setdefault((o, c, loc), []).append(s.id)
    shared = sorted(tuple(sorted(v)) for v in holders.values() if len(v) > 1)
    # A planted case shares its combination among the members that record its cohort (all but unrecorded ones).
    planted = [tuple(sorted(s for s in g.services if g.cohort in out["c"].get(s, [])))
               for g in manifest.duplicate_groups if g.cohort is not None]
    assert shared == sorted(members for members in planted if len(members) > 1)


def test_only_planted_services_leave_their_cohort_unrecorded_and_nobody_else_shares_their_place(
        small: tuple[Records, Manifest, Partnership]) -> None:
    """An unrecorded cohort might be anyone's, so no other service holds that outcome and locality for any cohort."""
    _, manifest, p = small
    targets, serves = p.adjacency(EdgeType.TARGETS, "out"), p.adjacency(EdgeType.SERVES, "out")
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    unrecorded = sorted(s.id for s in p.nodes(NodeType.SERVICE) if s.id not in targets)
    cases = [g for g in manifest.duplicate_groups if g.unrecorded]
    assert unrecorded == sorted(s for g in cases for s in g.services if s not in targets)
    for case in cases:
        beside = [s.id for s in p.nodes(NodeType.SERVICE) if case.outcome in contributes.get(s.id, [])
                  and case.locality in serves.get(s.id, [])]
        assert sorted(beside) == sorted(case.services)


def test_planted_duplicates_vary_in_size_wording_and_crowding(generated: tuple[str, Records, Manifest]) -> None:
    """Not one habit: copies are told apart by more than a number, groups differ in size, a block is crowded."""
    scale, (_, nodes, _), manifest = generated
    names = {n.id: n.name for n in nodes}
    descriptions = {n.id: n.description for n in nodes}
    cases = manifest.duplicate_groups
    sizes = {len(g.services) for g in cases if g.grouped}
    assert sizes <= {2, 3} and (scale != "m" or sizes == {2, 3})
    assert all(len(g.services) > 50 for g in cases if g.variant == "crowded")
    for g in cases:
        if g.variant in ("reworded", "reordered", "abbreviated"):
            first, second = (names[s] for s in g.services[:2])
            assert not second.startswith(first) and not first.startswith(second), (first, second)
            assert descriptions[g.services[0]] != descriptions[g.services[1]]


def test_authority_names_are_unique_across_england() -> None:
    names = [authority_name(i) for i in range(SCALES["n"].authorities)]
    assert len(set(names)) == len(names)
