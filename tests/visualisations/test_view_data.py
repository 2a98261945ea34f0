"""What each view holds and where it puts it, checked on the bundled partnerships (no browser)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pytest

from graph_model import BODY_TYPES, EdgeType, NodeType, Partnership, UnknownNode
from queries.registry import run_query
from visualisations import build_view, render_page
from visualisations.views import node_box

DATASETS = ["york", "staffordshire"]


@pytest.fixture(params=DATASETS)
def p(request: pytest.FixtureRequest) -> Partnership:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


def test_the_bookcase_holds_every_body_and_draws_accountability_downwards(p: Partnership) -> None:
    view = build_view(p, "bookcase")
    nodes = {n["id"]: n for n in view.payload["nodes"]}
    assert {n.id for n in p.nodes(*BODY_TYPES)} <= set(nodes)
    top_y = min(nodes[t]["y"] for t in p.tops())
    assert all(n["y"] >= top_y for n in nodes.values())
    for e in p.edges(EdgeType.ACCOUNTABLE_TO, EdgeType.REPORTS_TO):
        assert nodes[e.to]["y"] < nodes[e.from_]["y"], e.id  # the body reported to stands higher


def test_the_bookcase_puts_membership_chairing_and_support_behind_a_switch(york: Partnership) -> None:
    view = build_view(york, "bookcase")
    switched = {e["type"] for e in view.payload["edges"] if e.get("group") == "members"}
    assert switched == {"MEMBER_OF", "CHAIRS", "SUPPORTS"}
    assert view.payload["groups"]["members"]["on"] is False
    members = [n for n in view.payload["nodes"] if n.get("group") == "members"]
    assert members and all(n["type"] in ("Partner", "Post", "Unit") for n in members)


def test_funding_runs_left_to_right_from_partners_to_outcomes(p: Partnership) -> None:
    view = build_view(p, "funding")
    xs: dict[str, list[float]] = {}
    for n in view.payload["nodes"]:
        xs.setdefault(n["type"], []).append(n["x"])
    order = [t for t in ("Partner", "Budget", "Service", "Outcome") if t in xs]
    for left, right in itertools.pairwise(order):
        assert max(xs[left]) < min(xs[right])


def test_funding_marks_unknown_amounts_and_never_draws_one_as_zero(york: Partnership) -> None:
    view = build_view(york, "funding")
    money = [e for e in view.payload["edges"] if e["type"] in ("CONTRIBUTES", "FUNDS", "COMMISSIONS")]
    assert money
    for e in money:
        record = york.edge(e["id"])
        amount = getattr(record, "amount", None) or getattr(record, "lifetime_value", None)
        if amount is None:
            assert e["unknown"] is True and "not recorded" in e["label"]
        assert e["width"] > 0


def test_funding_widths_grow_with_the_amount() -> None:
    p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
        {"id": "council", "type": "Partner", "name": "Council"},
        {"id": "pool", "type": "Budget", "name": "Pool", "kind": "pooled"},
        {"id": "small", "type": "Service", "name": "Small"}, {"id": "big", "type": "Service", "name": "Big"},
        {"id": "unknown", "type": "Service", "name": "Unknown"}],
        edges=[{"type": "CONTRIBUTES", "from": "council", "to": "pool", "amount": "£1m"},
               {"type": "FUNDS", "from": "pool", "to": "small", "amount": 10_000},
               {"type": "FUNDS", "from": "pool", "to": "big", "amount": 500_000},
               {"type": "FUNDS", "from": "pool", "to": "unknown"}])
    edges = {e["to"]: e for e in build_view(p, "funding").payload["edges"]}
    assert edges["small"]["width"] < edges["big"]["width"] < edges["pool"]["width"]
    assert edges["small"]["label"] == "£10k" and edges["pool"]["label"] == "£1m"
    assert edges["unknown"]["unknown"] is True and edges["unknown"]["width"] > 0
    pool = next(n for n in build_view(p, "funding").payload["nodes"] if n["id"] == "pool")
    assert "pooled budget" in pool["label"]


def test_outcome_gaps_are_the_gaps_querys_on_every_slider_date(p: Partnership) -> None:
    view = build_view(p, "outcomes")
    assert set(view.payload["gaps"]) == set(view.payload["dates"])
    for iso in view.payload["dates"][:: max(1, len(view.payload["dates"]) // 4)]:
        result = run_query("gaps", p, {"all_outcomes": True}, as_of=dt.date.fromisoformat(iso))
        expected = {g.node.id: g.gap for g in result.gaps if g.kind == "outcome"}  # type: ignore[attr-defined]
        assert view.payload["gaps"][iso] == expected


def test_network_sizes_follow_betweenness(p: Partnership) -> None:
    view = build_view(p, "network")
    assert {n["type"] for n in view.payload["nodes"]} <= {"Partner", "Post", "Board", "SubGroup"}
    ranked = sorted(view.payload["nodes"], key=lambda n: float(n["tip"][0][1].split()[0]))
    sizes = [n["size"] for n in ranked]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_focus_holds_what_lies_within_the_steps_and_refuses_an_unknown_node(york: Partnership) -> None:
    view = build_view(york, "focus", focus="Integrated Commissioning Group", steps=1)
    neighbours = {e.to for e in york.out_edges("icg")} | {e.from_ for e in york.in_edges("icg")}
    assert set(view.node_ids) == neighbours | {"icg"}
    assert len(build_view(york, "focus", focus="icg", steps=2).node_ids) > len(view.node_ids)
    with pytest.raises(UnknownNode, match="no node"):
        build_view(york, "focus", focus="no-such-body")


@pytest.mark.parametrize("name", ["outcomes", "network", "focus"])
def test_force_layouts_leave_no_two_nodes_overlapping(p: Partnership, name: str) -> None:
    view = build_view(p, name, focus=p.tops()[0])
    boxes = []
    for n in view.payload["nodes"]:
        w, h, dy = node_box(n, 1 if name == "outcomes" and n["type"] == "Outcome" else 0)
        boxes.append((n["id"], n["x"] - w / 2, n["y"] + dy - h / 2, n["x"] + w / 2, n["y"] + dy + h / 2))
    overlapping = [(a[0], b[0]) for a, b in itertools.combinations(boxes, 2)
                   if a[1] < b[3] - 1 and b[1] < a[3] - 1 and a[2] < b[4] - 1 and b[2] < a[4] - 1]
    assert overlapping == []


def test_the_title_says_the_date_and_that_non_public_bodies_are_shown(york: Partnership) -> None:
    view = build_view(york, "bookcase", as_of=dt.date(2014, 6, 1))
    page = render_page(view)
    assert view.payload["day"] == "2014-06-01" and "As of 1 June 2014" in page
    assert "not public" in " ".join(view.payload["notes"])
    assert view.title.endswith("(with bodies that are not public)")
    assert "not public" not in build_view(york.public(), "bookcase").title
    assert next(n for n in view.payload["nodes"] if n["id"] == "icg")["np"] is True


def test_the_page_is_self_contained(york: Partnership) -> None:
    page = render_page(build_view(york, "bookcase"))
    assert not re.search(r"<(?:script|img|iframe)[^>]+src=|<link\b", page, re.I)
    assert "sourceMappingURL" not in page
    assert "vis-network" in page  # the library is inline
    data = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', page, re.S)
    assert data is not None and json.loads(data.group(1))["view"] == "bookcase"


def test_text_that_looks_like_markup_cannot_break_out_of_the_page() -> None:
    name = "</script><script>alert(1)</script>"
    p = Partnership.from_records({"id": "d", "name": "D <b>"}, nodes=[{"id": "b", "type": "Board", "name": name}],
                                 edges=[])
    page = render_page(build_view(p, "bookcase"))
    assert "<script>alert(1)" not in page
    assert "D &lt;b&gt;" in page


def test_tooltips_carry_each_records_properties_and_source(york: Partnership) -> None:
    view = build_view(york, "bookcase")
    icg = next(n for n in view.payload["nodes"] if n["id"] == "icg")
    rows = dict(icg["tip"])
    assert icg["src"] == york.node("icg").source
    assert rows["public"] == "no"
    assert (icg["s"], icg["e"]) == tuple(d.isoformat() if d else None for d in york.span(york.node("icg")))


def test_an_unknown_view_is_refused(york: Partnership) -> None:
    with pytest.raises(ValueError, match="unknown view 'map'"):
        build_view(york, "map")


def test_every_node_type_of_a_view_has_its_style_and_legend_entry(p: Partnership) -> None:
    view = build_view(p, "focus", focus=p.tops()[0], steps=3)
    types = {n["type"] for n in view.payload["nodes"]}
    assert set(view.payload["styles"]["nodes"]) == types
    assert {entry["type"] for entry in view.payload["legend"] if entry["kind"] == "node"} == types
    assert all(NodeType(t) for t in types)


def test_a_highlight_is_what_the_querys_answer_says_it_is_about(york: Partnership) -> None:
    from visualisations import parse_highlight, query_highlight

    result = run_query("reporting-line", york, {"node": "icg"})
    about = result.about(york)
    mark = query_highlight(york, "reporting-line:node=icg")
    assert (list(mark.nodes), list(mark.edges)) == (about.nodes, about.edges)
    view = build_view(york, "bookcase", highlight=mark)
    assert view.payload["highlight"]["nodes"] == [n for n in about.nodes if n in view.node_ids]
    assert view.payload["highlight"]["edges"] == [e for e in about.edges if e in view.edge_ids]
    assert any("Highlighted: reporting-line (node=icg)" in note for note in view.payload["notes"])
    assert parse_highlight("duplicates:min_score=0.5,node=a,node=b") == (
        "duplicates", {"min_score": "0.5", "node": ["a", "b"]})
    with pytest.raises(Exception, match="NAME=VALUE"):
        parse_highlight("reporting-line:icg")


@pytest.mark.parametrize("name", ["bookcase", "funding", "outcomes", "network", "focus"])
def test_the_selection_that_decides_drawing_by_place_is_what_the_view_draws(p: Partnership, name: str) -> None:
    from visualisations.views import selected_ids

    focus = p.tops()[0]
    assert selected_ids(p, name, focus=focus) == set(build_view(p, name, focus=focus).node_ids)


def _three_authorities() -> Partnership:
    nodes: list[dict[str, object]] = []
    edges: list[dict[str, object]] = []
    for a in ("north", "south", "west"):
        nodes += [{"id": a, "type": "Locality", "name": a.title(), "level": "authority"},
                  {"id": f"{a}-d", "type": "Locality", "name": f"{a.title()} district"},
                  {"id": f"{a}-board", "type": "Board", "name": f"{a.title()} Board"}]
        edges += [{"type": "PART_OF", "from": f"{a}-d", "to": a}, {"type": "COVERS", "from": f"{a}-board", "to": a}]
        for i in range(4 if a == "north" else 2):
            nodes.append({"id": f"{a}-g{i}", "type": "SubGroup", "name": f"{a.title()} group {i}"})
            edges.append({"type": "REPORTS_TO", "from": f"{a}-g{i}", "to": f"{a}-board"})
    return Partnership.from_records({"id": "three", "name": "Three"}, nodes=nodes, edges=edges)


def test_a_view_too_large_to_draw_is_drawn_by_place_each_saying_how_to_draw_it_alone() -> None:
    p = _three_authorities()
    view = build_view(p, "bookcase", max_nodes=10)  # 3 boards and 8 groups: 11 nodes
    assert sorted(view.node_ids) == ["north", "south", "west"]
    labels = {n["id"]: n["label"] for n in view.payload["nodes"]}
    assert labels["north"].endswith("5 nodes") and labels["south"].endswith("3 nodes")
    tips = {n["id"]: dict(n["tip"]) for n in view.payload["nodes"]}
    assert tips["west"]["to draw this place alone"] == "bookcase view bookcase --locality west"
    assert "by place" in view.title and any("more than the 10" in note for note in view.payload["notes"])
    alone = build_view(p, "bookcase", locality="west", max_nodes=10)
    assert sorted(alone.node_ids) == ["west-board", "west-g0", "west-g1"]
    assert alone.title.endswith("in West")
    with pytest.raises(Exception, match="not a place at the top"):
        build_view(p, "bookcase", locality="west-d")


def test_a_view_too_large_with_no_places_is_refused_with_a_way_out(york: Partnership) -> None:
    p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
        {"id": f"b{i}", "type": "Board", "name": f"Board {i}"} for i in range(5)], edges=[])
    with pytest.raises(Exception, match="no places"):
        build_view(p, "bookcase", max_nodes=3)


def test_a_link_that_holds_on_a_condition_says_so_on_the_line(york: Partnership) -> None:
    """002: the ICG reports to the council's advisory panel "as necessary"; 001: budget decisions "may be
    delegated" to the YorOK Board. The bookcase draws both lines with their condition, so neither reads as a
    placement or a delegation made; a line with no condition carries no such word."""
    view = build_view(york, "bookcase")
    edges = {(e["from"], e["to"], e["type"]): e for e in view.payload["edges"]}
    assert edges[("icg", "emap", "REPORTS_TO")]["label"] == "as necessary"
    assert edges[("city-of-york-council", "yorok-board", "DELEGATES_TO")]["label"] == "may be delegated"
    assert "label" not in edges[("icg", "yorok-board", "ACCOUNTABLE_TO")]
