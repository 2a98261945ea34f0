"""The named queries find every fault the synthetic generator planted, and nothing else.

The generator keeps everything outside its manifest clean (see
``loaders/synthetic/``), so for each check the set a query reports must equal
the set planted. Queries are reached only through the registry, as every
interface reaches them.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest

from graph_model import Partnership
from loaders.synthetic import Manifest, build, generate
from queries.registry import run_query


@pytest.fixture(scope="module", params=[("s", 0), ("s", 1), ("s", 2), pytest.param(("m", 0), marks=pytest.mark.slow)],
                ids=["s-seed0", "s-seed1", "s-seed2", "m-seed0"])
def planted(request: pytest.FixtureRequest) -> tuple[Partnership, Manifest]:
    scale, seed = request.param
    records, manifest = generate(scale, seed=seed)
    return build(records, validate=True), manifest


def ids(items: Any) -> list[str]:
    return sorted(items)


# -- duplication ----------------------------------------------------------------------------


def test_duplicates_finds_exactly_the_planted_groups(planted: tuple[Partnership, Manifest]) -> None:
    """Services of different partners on one outcome x cohort x locality (seed 003: eliminate duplication)."""
    p, manifest = planted
    result: Any = run_query("duplicates", p, {"limit": 0})
    found = sorted(tuple(sorted(m.service.id for m in g.members)) for g in result.groups)
    assert found == sorted(tuple(sorted(g.services)) for g in manifest.duplicate_groups)
    assert result.crowded == []
    for group in result.groups:
        planted_group = next(g for g in manifest.duplicate_groups if set(g.services) == {m.service.id
                                                                                      for m in group.members})
        assert [o.id for o in group.outcomes] == [planted_group.outcome]
        assert [c.id for c in group.cohorts] == [planted_group.cohort]
        assert [loc.id for loc in group.localities] == [planted_group.locality]


def test_near_identical_descriptions_are_paired_only_where_planted(planted: tuple[Partnership, Manifest]) -> None:
    p, manifest = planted
    result: Any = run_query("duplicates", p, {"limit": 0})
    found = sorted(tuple(sorted((t.a.id, t.b.id))) for t in result.pairs)
    expected = sorted(pair for g in manifest.duplicate_groups if g.near_identical
                      for pair in combinations(sorted(g.services), 2))
    assert expected and found == expected


# -- gaps -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["outcome", "cohort", "locality"])
def test_gaps_finds_what_no_active_service_and_no_money_reaches(planted: tuple[Partnership, Manifest],
                                                                 kind: str) -> None:
    """Priority outcomes, cohorts and localities with no active service or no money (DOMAIN question 2)."""
    p, manifest = planted
    result: Any = run_query("gaps", p)
    unserved = ids(g.node.id for g in result.gaps if g.kind == kind and g.gap == "no-active-service")
    unpaid = ids(g.node.id for g in result.gaps if g.kind == kind)
    plural = "localities" if kind == "locality" else f"{kind}s"
    assert unserved == list(getattr(manifest, f"unserved_{plural}"))
    assert unpaid == list(getattr(manifest, f"unfunded_{plural}"))
    assert result.outcome_scope == "priority"


# -- governance health ------------------------------------------------------------------------

HEALTH_CHECKS = {
    "body-no-chair": "bodies_without_chair",
    "body-no-terms-of-reference": "bodies_without_terms",
    "body-accountable-to-nothing": "orphan_bodies",
    "service-no-outcome": "services_without_outcome",
    "outcome-no-indicator": "outcomes_without_indicator",
    "budget-funds-nothing": "budgets_funding_nothing",
    "pooled-budget-not-reported": "unmonitored_pooled_budgets",
}


@pytest.mark.parametrize("rule", list(HEALTH_CHECKS))
def test_health_finds_each_planted_governance_fault(planted: tuple[Partnership, Manifest], rule: str) -> None:
    """York: chairs and terms of reference, pooled budgets reported to the board (seed 002)."""
    p, manifest = planted
    result: Any = run_query("health", p, {"rule": [rule]})
    assert ids(f.node_id for f in result.findings) == list(getattr(manifest, HEALTH_CHECKS[rule]))


def test_health_finds_every_untendered_contract_over_35000(planted: tuple[Partnership, Manifest]) -> None:
    """Staffordshire: a full tender for contracts over £35,000 lifetime value (seed 003 Part 6)."""
    p, manifest = planted
    result: Any = run_query("health", p, {"rule": ["untendered-contract", "untendered-service-cost"]})
    contracts = [p.edge(eid) for eid in manifest.untendered_contracts]
    assert [f.rule.value for f in result.findings] == ["untendered-contract"] * len(contracts)
    assert ids(f.node_id for f in result.findings) == ids(e.to for e in contracts)


def test_health_finds_nothing_the_generator_did_not_plant(planted: tuple[Partnership, Manifest]) -> None:
    p, manifest = planted
    result: Any = run_query("health", p)
    assert len(result.findings) == sum(len(getattr(manifest, f)) for f in HEALTH_CHECKS.values()) + len(
        manifest.untendered_contracts)
    assert sorted(result.tops) == sorted(p.node(t).name for t in manifest.top_boards)


# -- accountability -----------------------------------------------------------------------------


def test_accountability_integrity_finds_orphans_and_double_parents(planted: tuple[Partnership, Manifest]) -> None:
    """Is every body accountable to exactly one parent, with no loops (DOMAIN question 5)."""
    p, manifest = planted
    result: Any = run_query("accountability-integrity", p)
    by_problem = {problem: ids(i.node.id for i in result.issues if i.problem == problem)
                  for problem in ("no-formal-parent", "several-formal-parents", "loop")}
    assert by_problem == {"no-formal-parent": list(manifest.orphan_bodies),
                          "several-formal-parents": list(manifest.bodies_with_two_parents),
                          "loop": []}
    assert ids(t.id for t in result.tops) == list(manifest.top_boards)


def test_every_clean_body_has_a_reporting_line_to_its_top(planted: tuple[Partnership, Manifest]) -> None:
    p, manifest = planted
    faulty = set(manifest.orphan_bodies) | set(manifest.bodies_with_two_parents)
    tops = set(manifest.top_boards)
    start = next(b for b in manifest.bodies_without_terms if b not in faulty)  # a body several levels down
    result: Any = run_query("reporting-line", p, {"node": start})
    assert result.formal
    assert result.line[-1].above.id in tops
