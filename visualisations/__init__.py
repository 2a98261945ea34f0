"""Interactive network views of a partnership: self-contained HTML pages drawn with vis-network.

A view is made from a :class:`graph_model.Partnership` and, to highlight an answer, a
named query's result reached through :mod:`queries.registry`; it never reads files or
settings itself (that is :mod:`api`'s job).

=====================  ==========================================================
module                 what it holds
=====================  ==========================================================
:mod:`.styles`         **the** style table: colour and shape per node type, line per
                       edge type (Okabe-Ito), and the legend made from it
:mod:`.layout`         positions, computed once with igraph (layered or force)
:mod:`.views`          the five views: which nodes and edges each draws, and where;
                       and the scenario view (a what-if scenario's changes, marked)
:mod:`.page`           a view as one self-contained HTML page (vis-network inline)
:mod:`.highlight`      a named query's answer as a view's highlight
=====================  ==========================================================
"""

from .highlight import parse_highlight, query_highlight
from .layout import force, layered
from .page import legend_html, render_page
from .styles import EDGE_STYLES, NODE_STYLES, OKABE_ITO, EdgeStyle, NodeStyle, legend_entries
from .views import VIEWS, Highlight, View, build_scenario_view, build_view, scenario_view

__all__ = [
    "EDGE_STYLES",
    "EdgeStyle",
    "Highlight",
    "NODE_STYLES",
    "NodeStyle",
    "OKABE_ITO",
    "VIEWS",
    "View",
    "build_scenario_view",
    "build_view",
    "force",
    "layered",
    "legend_entries",
    "legend_html",
    "parse_highlight",
    "query_highlight",
    "render_page",
    "scenario_view",
]
