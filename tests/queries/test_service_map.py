"""The service map: the ``service-map`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (an unknown amount shown as £0, an overlap or a gap missed) fails a test.
Queries are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

from builders import build, edge, node

from graph_model import Partnership
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


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


# -- on hand-built partnerships --------------------------------------------------------------------


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
