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
                              f"membership recorded for 1 of {bodies} bodies (Integrated Commissioning Group)")
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


def test_the_table_keeps_four_significant_figures_of_the_small_betweenness_of_a_large_graph() -> None:
    # the bridge of a path of 5 among 500 boards nobody sits on: normalised over all 505 nodes, 3.2e-05
    lone = [node(f"lone{i}", "Board") for i in range(500)]
    p = build([node("a", "Partner"), node("b", "Partner"), node("bridge", "Post"), node("x", "SubGroup"),
               node("y", "SubGroup"), *lone],
              [edge("MEMBER_OF", "a", "x"), edge("MEMBER_OF", "bridge", "x"), edge("MEMBER_OF", "bridge", "y"),
               edge("MEMBER_OF", "b", "y")])
    g = nx.path_graph(5)
    g.add_nodes_from(range(5, 505))
    expected = nx.betweenness_centrality(g)[2]
    r: Any = run_query("network", p, {"sort": "betweenness"})
    assert r.table()[0]["id"] == "bridge" and r.table()[0]["betweenness"] == pytest.approx(expected, rel=1e-3)
    assert r.actors[0].betweenness == pytest.approx(expected)


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


@pytest.mark.parametrize("seed", range(6))
def test_sampled_betweenness_counts_networkx_paths_from_the_drawn_sources_scaled_per_component(seed: int) -> None:
    """The documented draw: components in the order their first node is given, ``samples`` sources from
    each (sorted by id) by one ``random.Random(seed)``, all of a component with no more nodes; each
    component's path counts (networkx's, from those sources) scaled by its size ÷ its sources."""
    rng = random.Random(seed)
    g = nx.disjoint_union_all([nx.gnm_random_graph(rng.randint(2, 25), rng.randint(10, 50), seed=seed * 10 + i)
                               for i in range(3)])
    g = nx.relabel_nodes(g, {v: f"v{v:02d}" for v in g})
    given = sorted(g, key=lambda v: rng.random())  # not in the order of the ids
    adjacency = {v: set(g[v]) for v in given}
    samples, n = 4, len(g)
    draw = random.Random(seed)
    expected = dict.fromkeys(g, 0.0)
    for component in sorted(nx.connected_components(g), key=lambda c: min(map(given.index, c))):
        if len(component) < 3:
            continue
        sources = (sorted(component) if samples >= len(component)
                   else draw.sample(sorted(component), samples))
        # networkx counts each unordered pair once on an undirected graph: twice that is every ordered pair
        paths = nx.betweenness_centrality_subset(g, sources, list(g), normalized=False)
        for v in component:
            expected[v] = 2 * paths[v] * len(component) / len(sources) / ((n - 1) * (n - 2))
    assert betweenness(adjacency, samples=samples, seed=seed) == pytest.approx(expected)


def _two_partnerships_and_a_pair() -> tuple[Partnership, nx.Graph]:
    """Two separate partnerships, a partner on a body of its own and a board nobody sits on; and the same
    membership graph drawn by hand (one link per pair of nodes an edge joins, whatever its type)."""
    p = build([node("a", "Partner"), node("b", "Partner"), node("bridge", "Post"), node("x", "SubGroup"),
               node("y", "SubGroup"), node("board", "Board"), *(node(f"p{i}", "Partner") for i in range(4)),
               node("forum", "SubGroup"), node("q", "Partner"), node("z", "SubGroup"), node("lone", "Board")],
              [edge("MEMBER_OF", "a", "x"), edge("MEMBER_OF", "bridge", "x"), edge("MEMBER_OF", "bridge", "y"),
               edge("CHAIRS", "bridge", "y"), edge("MEMBER_OF", "b", "y"), edge("EMPLOYS", "a", "bridge"),
               *(edge("MEMBER_OF", f"p{i}", "board") for i in range(4)), edge("ACCOUNTABLE_TO", "forum", "board"),
               edge("MEMBER_OF", "p0", "forum"), edge("MEMBER_OF", "q", "z")])
    g = nx.Graph([("a", "x"), ("bridge", "x"), ("bridge", "y"), ("b", "y"), ("a", "bridge"),
                  *((f"p{i}", "board") for i in range(4)), ("forum", "board"), ("p0", "forum"), ("q", "z")])
    g.add_node("lone")
    return p, g


def test_betweenness_is_exact_on_every_separate_partnership_and_normalised_over_the_whole_graph() -> None:
    p, g = _two_partnerships_and_a_pair()
    expected = nx.betweenness_centrality(g, normalized=True)
    r: Any = run_query("network", p, {"sort": "betweenness", "limit": 100})
    assert r.betweenness_method == "exact" and "betweenness exact" in r.summary()
    ours = {a.id: a.betweenness for a in r.actors} | {b.id: b.betweenness for b in r.bodies}
    assert ours == pytest.approx(expected)
    assert {a.id: a.degree for a in r.actors} == {a.id: g.degree(a.id) for a in r.actors}
    assert (r.nodes, r.edges) == (g.number_of_nodes(), g.number_of_edges())  # CHAIRS beside MEMBER_OF: one link
    assert r.actors[0].id == "bridge" and r.actors[0].betweenness > 0  # the one partner or post between others


def test_betweenness_is_exact_within_the_budget_and_says_when_it_is_sampled(monkeypatch: pytest.MonkeyPatch) -> None:
    # a path of 5 nodes and 4 links: a walk from each of its 5 nodes takes 5 + 4 steps, 45 in all
    def path() -> Partnership:
        return build([node("a", "Partner"), node("b", "Partner"), node("bridge", "Post"), node("x", "SubGroup"),
                      node("y", "SubGroup")],
                     [edge("MEMBER_OF", "a", "x"), edge("MEMBER_OF", "bridge", "x"), edge("MEMBER_OF", "bridge", "y"),
                      edge("MEMBER_OF", "b", "y")])

    monkeypatch.setattr("queries.network.EXACT_STEPS", 45)
    assert run_query("network", path()).betweenness_method == "exact"
    monkeypatch.setattr("queries.network.EXACT_STEPS", 44)
    p = path()
    r: Any = run_query("network", p)
    method = "approximate, 4 sampled sources per connected component, seed 20140101"  # 44 // 9 sources fit
    assert r.betweenness_method == method and f"betweenness {method})" in r.summary()
    # the sample is asked for again with other parameters, and with another number of sources
    assert run_query("network", p, {"sort": "degree"}).betweenness_method == method
    assert run_query("network", p, {"samples": 2}).betweenness_method.startswith("approximate, 2 sampled sources")
    assert run_query("network", p).betweenness_method == method


def test_asking_again_gives_the_same_figures_in_another_order() -> None:
    p, _ = _two_partnerships_and_a_pair()
    first: Any = run_query("network", p, {"limit": 100})
    again: Any = run_query("network", p, {"sort": "brokerage", "limit": 100})
    assert sorted(first.actors, key=lambda a: a.id) == sorted(again.actors, key=lambda a: a.id)
    assert first.model_dump(exclude={"actors", "sort"}) == again.model_dump(exclude={"actors", "sort"})


def test_ranking_needs_membership_for_half_the_bodies() -> None:
    people = [node("la", "Partner"), node("pct", "Partner"), node("dcs", "Post")]
    seats = [edge("MEMBER_OF", "la", "a"), edge("MEMBER_OF", "dcs", "a"), edge("MEMBER_OF", "dcs", "b"),
             edge("MEMBER_OF", "pct", "b")]
    half = build([*people, node("a", "SubGroup"), node("b", "SubGroup"), node("c", "Board"), node("d", "Board")],
                 seats)
    r: Any = run_query("network", half)
    assert (r.bodies_with_membership, r.bodies_total, r.ranked) == (2, 4, True)
    assert r.summary().startswith("Membership recorded for 2 of 4 bodies.")
    assert "Most central (betweenness): Dcs." in r.summary()
    thin = build([*people, *(node(b, "SubGroup") for b in "abcde")], seats)
    r = run_query("network", thin)
    assert (r.bodies_with_membership, r.bodies_total, r.ranked) == (2, 5, False)
    assert "membership recorded for 2 of 5 bodies (A and B)" in r.summary() and "Most central" not in r.summary()
    assert r.model_dump()["membership_coverage"] == pytest.approx(0.4)


def test_staffordshire_membership_is_recorded_and_all_of_it_assumed(staffordshire: Partnership) -> None:
    """003 §6 names the district Children's Trust Boards but lists no members: the data's members of those
    boards and of the county board are the project's reading (assumed), so the answer says "recorded", not
    "known", and that every one of those memberships is an assumption."""
    r: Any = run_query("network", staffordshire)
    assert r.bodies_with_membership == r.bodies_membership_assumed == 9
    text = r.summary()
    assert "membership known" not in text and "membership recorded for 9 of 61 bodies" in text
    assert "But all 9 of those memberships are the project's assumption, not a document's statement." in text


def test_york_icg_membership_is_stated_not_assumed(york: Partnership) -> None:
    """002 Membership lists the ICG's members by agency and post: stated, so no assumption is reported."""
    r: Any = run_query("network", york)
    assert r.bodies_membership_assumed == 0 and "assumption" not in r.summary()


def test_the_summary_names_the_leaders_of_everyone_not_only_of_the_rows_listed() -> None:
    """Listed by seats, one row: the post with most seats (three bodies of its own) is listed, but the
    most central is the post that alone joins two crowded bodies; the summary must say so."""
    bodies = ["x", "y", "z1", "z2", "z3"]
    nodes = [node(b, "SubGroup") for b in bodies] + [node(p, "Post") for p in
                                                      ["bridge", "busy", "x1", "x2", "x3", "y1", "y2", "y3"]]
    edges = [edge("MEMBER_OF", "bridge", "x"), edge("MEMBER_OF", "bridge", "y")]
    edges += [edge("MEMBER_OF", "busy", z) for z in ("z1", "z2", "z3")]
    edges += [edge("MEMBER_OF", f"{b}{i}", b) for b in ("x", "y") for i in (1, 2, 3)]
    r: Any = run_query("network", build(nodes, edges), {"sort": "seats", "limit": 1})
    assert [a.id for a in r.actors] == ["busy"]
    assert r.heaviest_loaded.id == "busy" and r.most_central.id == "bridge"
    assert "Most central (betweenness): Bridge." in r.summary()
