"""One rule for "does locality A lie within locality B", and the queries that ask it agreeing on it.

``queries.common.wider`` / ``narrower`` / ``lies_within`` are the rule (a chain of PART_OF
edges from A up to B). ``gaps`` (a locality reached only through a wider or a narrower one),
``decommission-impact`` (cover kept by a service for a wider place, or only for a part) and
``duplicates`` (an area service blocks with one for a wider place) each ask it; for every
ordered pair of places in a small tree, each must answer as the rule does.
"""

from __future__ import annotations

from itertools import permutations
from typing import Any

import pytest
from builders import build, edge, node

from graph_model import Partnership
from queries.common import lies_within, narrower, wider
from queries.registry import run_query

#: York contains Acomb and Tang Hall; Westfield lies within Acomb; Leeds is apart from them all.
PLACES = ["york", "acomb", "westfield", "tang-hall", "leeds"]
TREE = [("acomb", "york"), ("westfield", "acomb"), ("tang-hall", "york")]


def two_services(a: str, b: str) -> Partnership:
    """Service 'in-a' serves place a, service 'in-b' serves place b; both for one outcome and cohort."""
    return build([*(node(x, "Locality") for x in PLACES), node("o", "Outcome"), node("pupils", "Cohort"),
                  node("in-a", "Service"), node("in-b", "Service")],
                 [*(edge("PART_OF", x, y) for x, y in TREE),
                  *(e for s, place in (("in-a", a), ("in-b", b))
                    for e in (edge("SERVES", s, place), edge("CONTRIBUTES_TO", s, "o"),
                              edge("TARGETS", s, "pupils")))])


def test_the_rule_follows_part_of_chains_upwards_only() -> None:
    p = two_services("york", "leeds")
    assert wider(p, "westfield") == ["acomb", "york"] and wider(p, "york") == []
    assert set(narrower(p, "york")) == {"acomb", "tang-hall", "westfield"}
    assert lies_within(p, "westfield", "york") and not lies_within(p, "york", "westfield")
    assert not lies_within(p, "acomb", "tang-hall") and not lies_within(p, "leeds", "york")


@pytest.mark.parametrize(("a", "b"), list(permutations(PLACES, 2)), ids=lambda x: x)
def test_gaps_decommission_impact_and_duplicates_agree_with_the_rule(a: str, b: str) -> None:
    p = two_services(a, b)
    inside, around = lies_within(p, a, b), lies_within(p, b, a)  # a within b; b within a

    # gaps, with 'in-b' alone active: how is a reached?
    only_b = run_query("gaps", two_services_without_a(a, b), {})
    how = {g.node.id: g.reached_by for g in only_b.gaps if g.kind == "locality"}.get(a)
    assert how == ("wider" if inside else "narrower" if around else None)

    # decommission-impact: stop 'in-a'; is place a still reached by 'in-b', and how?
    r: Any = run_query("decommission-impact", p, {"node": ["in-a"]})
    place = next(c for c in r.cover if c.id == a)
    scopes = [o.scope for o in place.reached_by]
    assert scopes == (["wider"] if inside else ["narrower"] if around else [])
    assert place.cover == ("full" if inside else "partial" if around else "none")

    # duplicates: do the two services block together (one place lies within the other)?
    d: Any = run_query("duplicates", p, {"cross_partner": False, "text": False})
    assert bool(d.groups) == (inside or around)


def two_services_without_a(a: str, b: str) -> Partnership:
    """The same places, with only the service for b recorded (so how a is reached is through b or not at all)."""
    return build([*(node(x, "Locality") for x in PLACES), node("in-b", "Service")],
                 [*(edge("PART_OF", x, y) for x, y in TREE), edge("SERVES", "in-b", b)])


def test_on_york_the_queries_agree_that_the_deprived_areas_lie_within_the_city(york: Partnership) -> None:
    """001 Nurture Groups: they continue in two schools, both in areas of considerable deprivation in York; the
    other services of 001 serve the whole city. So decommission-impact and duplicates both count those areas
    as part of York (before, duplicates did not)."""
    assert lies_within(york, "areas-of-considerable-deprivation", "york")
    stop: Any = run_query("decommission-impact", york, {"node": ["nurture-groups"]})
    areas = next(c for c in stop.cover if c.id == "areas-of-considerable-deprivation")
    assert areas.cover == "full" and {o.scope for o in areas.reached_by} == {"wider"}
    dup: Any = run_query("duplicates", york, {"cross_partner": False})
    assert any("nurture-groups" in {m.service.id for m in g.members} for g in dup.groups)
