"""How each node type and edge type is drawn: one table, keyed by the schema, the same in every view.

Colours are the Okabe-Ito palette (told apart by readers with any common colour-vision
deficiency), and shape carries the type as well as colour: no two node types share both a
shape and a colour. Edge types differ by line (solid, dashed, dotted, dash-dot), width and
arrow as well as colour. The legend of every view is made from these tables
(:func:`legend_entries`), listing exactly the types the view holds.

Examples
--------
>>> NODE_STYLES[NodeType.BOARD].shape, NODE_STYLES[NodeType.BOARD].colour
('box', '#0072B2')
>>> EDGE_STYLES[EdgeType.REPORTS_TO].dashes
(8, 5)
>>> [entry.label for entry in legend_entries({NodeType.SUBGROUP, NodeType.BOARD}, set())]
['Board', 'SubGroup']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from graph_model.schema import EdgeType, NodeType

__all__ = ["EDGE_STYLES", "NODE_STYLES", "OKABE_ITO", "SCENARIO_MARKS", "EdgeStyle", "LegendEntry", "MarkStyle", "NodeStyle",
           "legend_entries"]

#: The Okabe-Ito palette (Okabe and Ito, *Color Universal Design*), with its grey.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
_C = OKABE_ITO

#: vis-network's shapes that draw the label inside the node; the others draw it below.
LABEL_INSIDE = frozenset({"box", "ellipse", "database", "circle", "text"})

Shape = Literal["box", "ellipse", "database", "diamond", "dot", "square", "star", "triangle", "triangleDown",
                "hexagon"]


@dataclass(frozen=True)
class NodeStyle:
    """How one node type is drawn: vis-network shape, fill colour, and the text colour inside it."""

    shape: Shape
    colour: str
    font_colour: str = "#000000"

    def vis(self) -> dict[str, Any]:
        """The vis-network node options for this style."""
        border = "#000000" if self.colour != OKABE_ITO["black"] else "#444444"
        out: dict[str, Any] = {
            "shape": self.shape,
            "color": {"background": self.colour, "border": border,
                      "highlight": {"background": self.colour, "border": "#000000"}},
            "borderWidth": 1,
        }
        if self.shape in LABEL_INSIDE:
            out["font"] = {"color": self.font_colour}
        return out


@dataclass(frozen=True)
class EdgeStyle:
    """How one edge type is drawn: colour, width, dash pattern (empty for a solid line) and arrow."""

    colour: str
    width: float
    dashes: tuple[int, ...] = ()
    arrow: Literal["to", "none"] = "to"

    def vis(self) -> dict[str, Any]:
        """The vis-network edge options for this style."""
        return {
            "color": {"color": self.colour, "highlight": "#000000", "opacity": 1.0},
            "width": self.width,
            "dashes": list(self.dashes) if self.dashes else False,
            "arrows": {"to": {"enabled": self.arrow == "to", "scaleFactor": 0.6}},
        }

    @property
    def line(self) -> str:
        """The line in words, for the legend's text alternative."""
        kind = {(): "solid", (8, 5): "dashed", (2, 4): "dotted", (10, 4, 2, 4): "dash-dot", (4, 4): "short dashes"}
        return f"{kind.get(self.dashes, 'patterned')} line"


#: One style per node type (a test proves it covers :class:`NodeType` exactly and no two share shape and colour).
NODE_STYLES: dict[NodeType, NodeStyle] = {
    NodeType.PARTNER: NodeStyle("diamond", _C["orange"]),
    NodeType.BOARD: NodeStyle("box", _C["blue"], "#FFFFFF"),
    NodeType.SUBGROUP: NodeStyle("ellipse", _C["sky blue"]),
    NodeType.UNIT: NodeStyle("box", _C["bluish green"]),
    NodeType.POST: NodeStyle("triangle", _C["reddish purple"]),
    NodeType.PLAN: NodeStyle("box", _C["yellow"]),
    NodeType.PRIORITY: NodeStyle("star", _C["yellow"]),
    NodeType.OUTCOME: NodeStyle("hexagon", _C["bluish green"]),
    NodeType.INDICATOR: NodeStyle("triangleDown", _C["sky blue"]),
    NodeType.SERVICE: NodeStyle("dot", _C["vermillion"]),
    NodeType.BUDGET: NodeStyle("square", _C["orange"]),
    NodeType.COHORT: NodeStyle("triangleDown", _C["reddish purple"]),
    NodeType.LOCALITY: NodeStyle("hexagon", _C["grey"]),
    NodeType.NEED: NodeStyle("star", _C["vermillion"]),
    NodeType.DECISION: NodeStyle("diamond", _C["black"]),
}

_DARK = "#333333"
_SOLID: tuple[int, ...] = ()
_DASHED = (8, 5)
_DOTTED = (2, 4)
_DASH_DOT = (10, 4, 2, 4)
_SHORT = (4, 4)

#: One style per edge type (a test proves it covers :class:`EdgeType` exactly). Governance lines are the
#: heaviest: formal accountability solid, reporting dashed, delegation dotted, influence dash-dot.
EDGE_STYLES: dict[EdgeType, EdgeStyle] = {
    EdgeType.ACCOUNTABLE_TO: EdgeStyle(_DARK, 3.5, _SOLID),
    EdgeType.REPORTS_TO: EdgeStyle(_DARK, 2.5, _DASHED),
    EdgeType.DELEGATES_TO: EdgeStyle(_C["blue"], 2.5, _DOTTED),
    EdgeType.INFLUENCES: EdgeStyle(_C["reddish purple"], 2.0, _DASH_DOT),
    EdgeType.MEMBER_OF: EdgeStyle(_C["grey"], 1.0, _SOLID),
    EdgeType.CHAIRS: EdgeStyle(_C["reddish purple"], 2.0, _SOLID),
    EdgeType.SUPPORTS: EdgeStyle(_C["bluish green"], 1.5, _DOTTED),
    EdgeType.PART_OF: EdgeStyle(_C["grey"], 1.0, _SHORT),
    EdgeType.EMPLOYS: EdgeStyle(_C["grey"], 1.0, _DOTTED),
    EdgeType.CONTRIBUTES: EdgeStyle(_C["orange"], 2.0, _SOLID),
    EdgeType.FUNDS: EdgeStyle(_C["orange"], 2.0, _SOLID),
    EdgeType.COMMISSIONS: EdgeStyle(_C["vermillion"], 1.5, _DASHED),
    EdgeType.DELIVERS: EdgeStyle(_C["vermillion"], 1.5, _SOLID),
    EdgeType.CONTRIBUTES_TO: EdgeStyle(_C["bluish green"], 1.5, _SOLID),
    EdgeType.TARGETS: EdgeStyle(_C["reddish purple"], 1.0, _SHORT),
    EdgeType.SERVES: EdgeStyle(_C["grey"], 1.0, _DASH_DOT),
    EdgeType.COVERS: EdgeStyle(_C["grey"], 1.0, _DASHED),
    EdgeType.ADDRESSES: EdgeStyle(_C["vermillion"], 1.0, _DOTTED),
    EdgeType.REFERS_TO: EdgeStyle(_C["vermillion"], 1.0, _DASH_DOT),
    EdgeType.DEPENDS_ON: EdgeStyle(_C["bluish green"], 2.0, _DASHED),
    EdgeType.SUPPORTS_PRIORITY: EdgeStyle(_C["yellow"], 2.0, _SOLID),
    EdgeType.MEASURED_BY: EdgeStyle(_C["sky blue"], 1.0, _DOTTED),
    EdgeType.OWNS: EdgeStyle(_C["blue"], 1.0, _SHORT),
    EdgeType.MONITORS: EdgeStyle(_C["blue"], 1.0, _DASH_DOT),
    EdgeType.DECIDED: EdgeStyle(_C["black"], 1.0, _SOLID),
    EdgeType.AFFECTS: EdgeStyle(_C["black"], 1.0, _DASHED),
}



@dataclass(frozen=True)
class MarkStyle:
    """How the scenario view marks what a scenario does to a record, over the record's own style: the node's
    border (colour, dashes), its fill (``None`` keeps the type's), and the line's colour and dashes (``None``
    leaves a line as its type draws it)."""

    words: str
    border: str
    dashes: tuple[int, ...] = ()
    fill: str | None = None
    line: str | None = None
    line_dashes: tuple[int, ...] = ()

    def vis(self) -> dict[str, Any]:
        """The mark as the page's script reads it."""
        return {"border": self.border, "dashes": list(self.dashes) or False, "fill": self.fill, "line": self.line,
                "lineDashes": list(self.line_dashes) or None}


#: The scenario view's marks, in the order its legend lists them; each record falls under exactly one (a node the
#: comparison names and the scenario itself changes is marked as changed, and labelled with both).
SCENARIO_MARKS: dict[str, MarkStyle] = {
    "added": MarkStyle("added by the scenario: green border, green line", _C["bluish green"],
                       line=_C["bluish green"]),
    "removed": MarkStyle("removed by the scenario, or ended from a day: grey, dashed red border and line, drawn "
                         "where it stood", _C["vermillion"], (7, 4), "#E6E6E6", _C["vermillion"], (7, 6)),
    "changed": MarkStyle("changed by the scenario: black border, black line", _C["black"], line=_C["black"]),
    "affected": MarkStyle("named by the comparison (cover lost or gained, a result at risk): orange dotted border",
                          _C["orange"], (3, 3)),
    "same": MarkStyle("unchanged, drawn for context", "#555555"),
}

del _C


@dataclass(frozen=True)
class LegendEntry:
    """One row of a legend: a node type or an edge type, and its style."""

    kind: Literal["node", "edge"]
    label: str
    style: NodeStyle | EdgeStyle


def legend_entries(node_types: Iterable[NodeType], edge_types: Iterable[EdgeType]) -> list[LegendEntry]:
    """The legend for a view holding ``node_types`` and ``edge_types``: those types and no others, in schema order."""
    present_nodes, present_edges = set(node_types), set(edge_types)
    return ([LegendEntry("node", nt.value, NODE_STYLES[nt]) for nt in NodeType if nt in present_nodes]
            + [LegendEntry("edge", et.value, EDGE_STYLES[et]) for et in EdgeType if et in present_edges])
