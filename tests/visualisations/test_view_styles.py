"""The style table: keyed by the schema, exactly; colour-blind-safe; a legend of exactly the types present."""

from __future__ import annotations

import re

import pytest

from graph_model import EdgeType, NodeType, Partnership
from visualisations import EDGE_STYLES, NODE_STYLES, OKABE_ITO, build_view, legend_entries, legend_html
from visualisations.views import VIEWS


def test_node_styles_cover_the_schema_exactly() -> None:
    assert set(NODE_STYLES) == set(NodeType)


def test_edge_styles_cover_the_schema_exactly() -> None:
    assert set(EDGE_STYLES) == set(EdgeType)


def test_no_two_node_types_share_shape_and_colour() -> None:
    pairs = [(s.shape, s.colour) for s in NODE_STYLES.values()]
    assert len(set(pairs)) == len(pairs)


def test_no_two_edge_types_in_one_family_look_the_same() -> None:
    looks = [(s.colour, s.width, s.dashes) for s in EDGE_STYLES.values()]
    same = {look for look in looks if looks.count(look) > 1}
    # Money lines share a look on purpose (their width is the amount); nothing else may.
    assert same <= {(EDGE_STYLES[EdgeType.FUNDS].colour, EDGE_STYLES[EdgeType.FUNDS].width, ())}


def test_governance_lines_differ_by_line_not_only_colour() -> None:
    lines = {EDGE_STYLES[et].dashes for et in (EdgeType.ACCOUNTABLE_TO, EdgeType.REPORTS_TO,
                                                EdgeType.DELEGATES_TO, EdgeType.INFLUENCES)}
    assert len(lines) == 4


def test_every_colour_is_from_the_okabe_ito_palette() -> None:
    palette = set(OKABE_ITO.values())
    assert {s.colour for s in NODE_STYLES.values()} <= palette
    assert {s.colour for s in EDGE_STYLES.values()} - {"#333333"} <= palette


def _contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours."""
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("node_type", [nt for nt, s in NODE_STYLES.items() if s.shape in ("box", "ellipse", "database")],
                         ids=str)
def test_a_label_drawn_inside_a_node_meets_wcag_aa_contrast(node_type: NodeType) -> None:
    style = NODE_STYLES[node_type]
    assert _contrast(style.font_colour, style.colour) >= 4.5


def test_legend_lists_the_types_given_in_schema_order() -> None:
    entries = legend_entries({NodeType.SERVICE, NodeType.BOARD}, {EdgeType.FUNDS, EdgeType.REPORTS_TO})
    assert [(e.kind, e.label) for e in entries] == [
        ("node", "Board"), ("node", "Service"), ("edge", "REPORTS_TO"), ("edge", "FUNDS")]


@pytest.mark.parametrize("name", [v for v in VIEWS if v != "focus"])
@pytest.mark.parametrize("dataset", ["york", "staffordshire"])
def test_each_views_legend_lists_exactly_the_types_it_holds(name: str, dataset: str,
                                                           request: pytest.FixtureRequest) -> None:
    p: Partnership = request.getfixturevalue(dataset)
    view = build_view(p, name)
    html = legend_html({NodeType(n["type"]) for n in view.payload["nodes"]},
                       {EdgeType(e["type"]) for e in view.payload["edges"]})
    listed = set(re.findall(r'data-kind="(?:node|edge)" data-type="([A-Za-z_]+)"', html))
    held = {p.node(n).type.value for n in view.node_ids} | {p.edge(e).type.value for e in view.edge_ids}
    assert listed == held
