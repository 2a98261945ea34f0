"""Network position: the ``network`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (a seat counted twice, betweenness unlike networkx's) fails a test. Queries
are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

import random
from typing import Any

import networkx as nx
import pytest
from builders import build, edge, node

from graph_model import Partnership
from queries.network import betweenness
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


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


def test_york_records_membership_for_the_icg_alone_so_nobody_is_ranked(york: Partnership) -> None:
    """002 Membership: the ICG's terms of reference list its members by agency and post; no document lists the
    members of any other York body. An answer resting on one body names no one "most central"."""
    r: Any = run_query("network", york)
    bodies = len(york.nodes("Board", "SubGroup"))
    assert (r.bodies_with_membership, r.bodies_total) == (1, bodies)
    assert r.recorded_bodies == ["Integrated Commissioning Group"] and not r.ranked
    assert r.membership_coverage == pytest.approx(1 / bodies)
    summary = r.summary()
    assert summary.startswith("Too little membership is recorded to rank anyone: "
                              f"membership known for 1 of {bodies} bodies (Integrated Commissioning Group)")
    for crown in ("Most central", "Strongest broker", "Heaviest board load"):
        assert crown not in summary
    assert r.actors, "the figures are still listed"


def test_staffordshire_membership_is_too_thin_to_rank_and_the_stand_ins_are_counted(
        staffordshire: Partnership) -> None:
    """003 §6 gives only the number of Community and Learning Partnerships (50); their generated stand-ins
    have no members, and the district boards' membership is known only as the district councils."""
    r: Any = run_query("network", staffordshire)
    assert not r.ranked and r.stand_ins_without_membership == 50
    assert "50 of the bodies without it are generated stand-ins" in r.summary()


# -- on hand-built partnerships --------------------------------------------------------------------


def test_board_load_counts_a_partners_own_seats_and_its_posts_seats() -> None:
    p = build([node("la", "Partner"), node("dcs", "Post"), node("cfo", "Post"), node("icg", "SubGroup"),
               node("board", "Board"), node("forum", "SubGroup")],
              [edge("EMPLOYS", "la", "dcs"), edge("EMPLOYS", "la", "cfo"), edge("MEMBER_OF", "la", "board"),
               edge("CHAIRS", "dcs", "icg"), edge("MEMBER_OF", "dcs", "icg", role="chair"),
               edge("MEMBER_OF", "cfo", "icg"), edge("MEMBER_OF", "cfo", "forum")])
    r: Any = run_query("network", p)
    load = {a.id: (a.seats, a.bodies) for a in r.actors}
    # dcs chairs and sits on the ICG: one seat; la: its board seat + dcs's 1 + cfo's 2, on 3 bodies
    assert load == {"la": (4, 3), "cfo": (2, 2), "dcs": (1, 1)}
    assert [a.id for a in r.actors] == ["la", "cfo", "dcs"]


def test_brokerage_counts_the_other_sectors_met_on_shared_bodies() -> None:
    p = build([node("la", "Partner", sector="local-authority"), node("pct", "Partner", sector="health"),
               node("police", "Partner", sector="police"), node("school", "Partner", sector="education"),
               node("head", "Post"), node("icg", "SubGroup"), node("forum", "SubGroup")],
              [edge("EMPLOYS", "school", "head"), edge("MEMBER_OF", "la", "icg"), edge("MEMBER_OF", "pct", "icg"),
               edge("MEMBER_OF", "head", "icg"), edge("MEMBER_OF", "la", "forum"),
               edge("MEMBER_OF", "police", "forum")])
    r: Any = run_query("network", p, {"sort": "brokerage"})
    met = {a.id: a.sectors_met for a in r.actors}
    assert met["la"] == ["education", "health", "police"]
    assert met["head"] == ["health", "local-authority"]  # a post takes its employer's sector
    assert met["police"] == ["local-authority"]
    assert r.actors[0].id == "la"
    assert [(b.id, b.sectors) for b in r.bodies] == [("icg", ["education", "health", "local-authority"]),
                                                    ("forum", ["local-authority", "police"])]


def test_a_post_bridging_two_bodies_is_the_most_central_and_density_is_edges_over_pairs() -> None:
    p = build([node("a", "Partner"), node("b", "Partner"), node("bridge", "Post"), node("x", "SubGroup"),
               node("y", "SubGroup")],
              [edge("MEMBER_OF", "a", "x"), edge("MEMBER_OF", "bridge", "x"), edge("MEMBER_OF", "bridge", "y"),
               edge("MEMBER_OF", "b", "y")])
    r: Any = run_query("network", p, {"sort": "betweenness"})
    assert r.actors[0].id == "bridge"
    assert r.actors[0].betweenness == pytest.approx(nx.betweenness_centrality(nx.path_graph(5))[2])
    assert r.density == pytest.approx(4 / 10)
    assert r.betweenness_method == "exact"


@pytest.mark.parametrize("seed", range(8))
def test_betweenness_matches_networkx_exactly_on_seeded_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    g = nx.gnm_random_graph(rng.randint(3, 40), rng.randint(0, 90), seed=seed)
    adjacency = {str(v): {str(w) for w in g[v]} for v in g}
    expected = nx.betweenness_centrality(g, normalized=True)
    ours = betweenness(adjacency)
    assert ours == pytest.approx({str(v): b for v, b in expected.items()})
    # sampling with at least as many sources as a component has nodes is exact too
    assert betweenness(adjacency, samples=1000) == pytest.approx(ours)


def test_sampled_betweenness_is_repeatable_and_reaches_every_component() -> None:
    # three separate stars: each centre lies on every path between its leaves
    adjacency: dict[str, set[str]] = {}
    for c in range(3):
        leaves = {f"s{c}-{i}" for i in range(6)}
        adjacency[f"centre{c}"] = leaves
        adjacency.update({leaf: {f"centre{c}"} for leaf in leaves})
    first = betweenness(adjacency, samples=2, seed=7)
    assert first == betweenness(adjacency, samples=2, seed=7)
    assert all(first[f"centre{c}"] > 0 for c in range(3))


def test_ranking_needs_membership_for_half_the_bodies() -> None:
    people = [node("la", "Partner"), node("pct", "Partner"), node("dcs", "Post")]
    seats = [edge("MEMBER_OF", "la", "a"), edge("MEMBER_OF", "dcs", "a"), edge("MEMBER_OF", "dcs", "b"),
             edge("MEMBER_OF", "pct", "b")]
    half = build([*people, node("a", "SubGroup"), node("b", "SubGroup"), node("c", "Board"), node("d", "Board")],
                 seats)
    r: Any = run_query("network", half)
    assert (r.bodies_with_membership, r.bodies_total, r.ranked) == (2, 4, True)
    assert r.summary().startswith("Membership known for 2 of 4 bodies.")
    assert "Most central (betweenness): Dcs." in r.summary()
    thin = build([*people, *(node(b, "SubGroup") for b in "abcde")], seats)
    r = run_query("network", thin)
    assert (r.bodies_with_membership, r.bodies_total, r.ranked) == (2, 5, False)
    assert "membership known for 2 of 5 bodies (A and B)" in r.summary() and "Most central" not in r.summary()
    assert r.model_dump()["membership_coverage"] == pytest.approx(0.4)
