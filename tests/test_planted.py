"""The named queries find every fault the synthetic generator planted, and nothing else.

The generator keeps everything outside its manifest clean (see
``loaders/synthetic/``), so for each check the set a query reports must equal
the set planted. Queries are reached only through the registry, as every
interface reaches them.
"""

from __future__ import annotations

from typing import Any, get_args

import pytest

from graph_model import Partnership
from loaders.synthetic import Manifest, build, generate
from loaders.synthetic.manifest import Variant
from queries.duplication import DuplicatesParams
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
#
# The generator plants each kind of case in every authority (loaders/synthetic/duplicates.py): the same service
# written up twice or three times (numbered, reworded, reordered, abbreviated), once with its cohort unrecorded,
# services that share only an outcome, a cohort and a locality, partial overlaps and a crowded block; each is
# recorded in the manifest with what the query should say about it.


def test_every_kind_of_duplication_case_is_planted_in_every_authority(planted: tuple[Partnership, Manifest]) -> None:
    _, manifest = planted
    for aid in manifest.authorities:
        variants = sorted(g.variant for g in manifest.duplicate_groups if g.services[0].startswith(f"{aid}."))
        assert variants == sorted(get_args(Variant)), aid


def test_duplicates_finds_exactly_the_planted_groups(planted: tuple[Partnership, Manifest]) -> None:
    """Services of different partners on one outcome x cohort x locality (seed 003: eliminate duplication)."""
    p, manifest = planted
    result: Any = run_query("duplicates", p, {"limit": 0})
    found = {frozenset(m.service.id for m in g.members): g for g in result.groups}
    expected = {frozenset(g.services): g for g in manifest.duplicate_groups if g.grouped}
    assert sorted(map(sorted, found)) == sorted(map(sorted, expected))
    for members, case in expected.items():
        group = found[members]
        assert [o.id for o in group.outcomes] == [case.outcome], case.variant
        assert [c.id for c in group.cohorts] == ([case.cohort] if case.cohort else []), case.variant
        assert [loc.id for loc in group.localities] == [case.locality], case.variant
        assert group.unrecorded == list(case.unrecorded), case.variant


def test_duplicates_scores_high_what_is_alike_and_low_what_is_not(planted: tuple[Partnership, Manifest]) -> None:
    """A copy of one service scores as alike; services that only share outcome, cohort and locality score low."""
    p, manifest = planted
    result: Any = run_query("duplicates", p, {"limit": 0})
    score = {frozenset(m.service.id for m in g.members): g.score for g in result.groups}
    wrong = []
    for case in manifest.duplicate_groups:
        if not case.grouped:
            continue
        got = score[frozenset(case.services)]
        if (case.min_score is not None and got < case.min_score) or (
                case.max_score is not None and got >= case.max_score):
            wrong.append((case.variant, case.services, got, case.min_score, case.max_score))
    assert wrong == []
    assert {c.variant for c in manifest.duplicate_groups if c.max_score is not None and c.min_score is None} == {
        "different-purpose", "partial-overlap"}


def test_duplicates_reports_the_planted_crowded_blocks(planted: tuple[Partnership, Manifest]) -> None:
    p, manifest = planted
    result: Any = run_query("duplicates", p, {"limit": 0})
    max_block = DuplicatesParams().max_block
    expected = sorted((c.outcome, c.cohort, c.locality, len(c.services)) for c in manifest.duplicate_groups
                      if not c.grouped)
    assert expected and all(n > max_block for *_, n in expected)
    assert sorted((c.outcome.id, c.cohort.id if c.cohort else None, c.locality.id if c.locality else None,
                   c.services) for c in result.crowded) == expected


def test_near_identical_descriptions_are_paired_only_where_planted(planted: tuple[Partnership, Manifest]) -> None:
    """Reworded, reordered and abbreviated write-ups are found too, inside groups and crowded blocks alike."""
    p, manifest = planted
    result: Any = run_query("duplicates", p, {"limit": 0})
    found = sorted(tuple(sorted((t.a.id, t.b.id))) for t in result.pairs)
    expected = sorted(pair for g in manifest.duplicate_groups for pair in g.text_pairs)
    assert {g.variant for g in manifest.duplicate_groups if g.text_pairs} >= {
        "numbered", "reworded", "reordered", "abbreviated", "unrecorded-cohort", "crowded"}
    assert found == expected


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
