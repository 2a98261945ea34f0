"""The five views of a partnership, as data for the page: which nodes and edges each draws, where, and how.

==========  ===================================================================================
view        what it draws
==========  ===================================================================================
bookcase    the bodies as a hierarchy: top boards at the top, formal accountability downwards;
            reporting, delegation and influence drawn differently; membership, chairing and
            support (partners, posts and units) switchable
funding     partners → budgets → services → outcomes, left to right; line width by amount,
            amounts not recorded marked as such (never drawn as zero)
outcomes    outcomes, their dependencies and the services that contribute; gaps (from the
            ``gaps`` query, on each date of the time slider) highlighted
network     partners, posts and bodies: who sits where, sized by betweenness centrality
focus       every node within N steps of one node, along any edge
==========  ===================================================================================

The **scenario view** (:func:`scenario_view`, :func:`build_scenario_view`) draws a partnership after a
what-if scenario over the union of before and after, marking what the scenario adds, removes (or ends
from a day) and changes, and the nodes its comparison says lose cover or are put at risk.

Every view holds its records over *every* date (positions are computed once), each with
the first and last day it is in force (:meth:`Partnership.span`); the page hides what was
not in force on the day its time slider shows.

Examples
--------
>>> from loaders import load_bundled
>>> york = load_bundled("york")
>>> v = build_view(york, "bookcase")
>>> "icg" in v.node_ids, v.day.isoformat()
(True, '2016-03-31')
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from operator import attrgetter
from typing import Any, Literal

from graph_model import EdgeBase, EdgeType, InvalidParameters, NodeBase, NodeType, Partnership
from graph_model.models import BodyBase, Service, record_field_names
from graph_model.schema import BODY_TYPES, GOVERNANCE_EDGES
from graph_model.summary import condition_of
from graph_model.timeframe import long_date

from . import layout
from .styles import EDGE_STYLES, LABEL_INSIDE, NODE_STYLES, SCENARIO_MARKS, legend_entries

__all__ = ["VIEWS", "Highlight", "View", "build_scenario_view", "build_view", "scenario_view"]

ViewName = Literal["bookcase", "funding", "outcomes", "network", "focus"]

#: Every view and what it shows, in the order the command lists them.
VIEWS: dict[str, str] = {
    "bookcase": "the bodies as a hierarchy, top boards at the top, formal accountability downwards",
    "funding": "partners → budgets → services → outcomes, line width by amount",
    "outcomes": "outcomes, their dependencies and contributing services, with gaps highlighted",
    "network": "partners, posts and bodies, sized by betweenness centrality",
    "focus": "every node within N steps of one node",
}

#: The edges that bring partners, posts and units into the bookcase (shown with a switch).
MEMBERSHIP_EDGES = (EdgeType.MEMBER_OF, EdgeType.CHAIRS, EdgeType.SUPPORTS)
MONEY_EDGES = (EdgeType.CONTRIBUTES, EdgeType.FUNDS, EdgeType.COMMISSIONS)
NETWORK_NODES = (NodeType.PARTNER, NodeType.POST, NodeType.BOARD, NodeType.SUBGROUP)
NETWORK_EDGES = (*GOVERNANCE_EDGES, EdgeType.MEMBER_OF, EdgeType.CHAIRS, EdgeType.EMPLOYS, EdgeType.PART_OF)

#: Characters per line of a node's label, and lines at most (the tooltip has the whole name).
LABEL_WIDTH = 18
LABEL_LINES = 3


@dataclass(frozen=True)
class Highlight:
    """What a view highlights: a label saying what it is, and the ids of the nodes and edges it is about."""

    label: str
    nodes: tuple[str, ...] = ()
    edges: tuple[str, ...] = ()
    summary: str = ""


@dataclass
class View:
    """One view, ready for the page: its payload (what the page's script reads) and what tests need."""

    name: str
    title: str
    day: dt.date
    payload: dict[str, Any]
    node_ids: list[str] = field(default_factory=list)
    edge_ids: list[str] = field(default_factory=list)


# -- the parts every view shares -------------------------------------------------------------------------


def wrap_label(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """A name broken into short lines at spaces, at most ``lines`` of them (the last ends in … when cut).

    >>> wrap_label("Integrated Commissioning Group")
    'Integrated\\nCommissioning\\nGroup'
    >>> wrap_label("a b c d e f g h", width=3, lines=2)
    'a b\\nc d…'
    """
    out: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(",;:") + "…"
    return "\n".join(out)


#: An enumerated value's text, looked up once (an enum's ``value`` is a slow property).
_ENUM_TEXT: dict[Enum, str] = {}


def _shown(value: Any) -> str:
    kind = type(value)
    if kind is str:
        text: str = value
    elif kind is bool:
        return "yes" if value else "no"
    elif kind is dt.date:
        return long_date(value)
    elif kind is float and value.is_integer():
        return f"{int(value):,}"
    elif kind is list:
        return f"{len(value)} recorded" if value and isinstance(value[0], dict) else ", ".join(map(_shown, value))
    elif isinstance(value, Enum):
        text = _ENUM_TEXT.get(value) or _ENUM_TEXT.setdefault(value, str(value.value))
    else:
        text = str(value)
    return text if len(text) <= 240 else text[:239] + "…"


_TOOLTIP_SKIP = {"id", "type", "name", "source", "valid_from", "valid_to", "from_", "to", "generated", "assumed"}
#: For each record class, the fields a tooltip shows: their names as shown, and one getter for them all.
_SHOWN_FIELDS: dict[type[Any], tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _shown_fields(kind: type[Any]) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """The fields of a record class a tooltip shows, as shown, and a getter of their values (made once a class)."""
    found = _SHOWN_FIELDS.get(kind)
    if found is None:
        names = tuple(f for f in record_field_names(kind) if f not in _TOOLTIP_SKIP)
        get = attrgetter(*names) if names else (lambda _record: ())
        getter = get if len(names) != 1 else (lambda record, get=get: (get(record),))
        found = _SHOWN_FIELDS[kind] = (tuple(n.replace("_", " ") for n in names), getter)
    return found


def tooltip(record: NodeBase | EdgeBase) -> list[list[str]]:
    """A record's recorded properties for its tooltip, as (name, value) rows. The page adds the dates it
    holds (from the record's span), whether it is a stand-in or the project's reading, and its source."""
    names, values = _shown_fields(type(record))
    return [[name, _shown(value)] for name, value in zip(names, values(record), strict=True)
            if value is not None and value != []]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _hierarchy(p: Partnership, node_type: NodeType) -> dict[str, list[str]]:
    """For each node of ``node_type``, the nodes of that type it is PART_OF, at any depth."""
    up = {k: [v for v in vs if p.node(v).type is node_type] for k, vs in p.adjacency(EdgeType.PART_OF).items()
          if p.node(k).type is node_type}
    out: dict[str, list[str]] = {}
    for start in (n.id for n in p.nodes(node_type)):
        seen: dict[str, None] = {}
        todo = list(up.get(start, []))
        while todo:
            nxt = todo.pop()
            if nxt not in seen and nxt != start:
                seen[nxt] = None
                todo.extend(up.get(nxt, []))
        out[start] = list(seen)
    return out


def _places_of(p: Partnership, drawn: Iterable[str], node_type: NodeType, edge_types: Sequence[EdgeType]
               ) -> dict[str, list[str]]:
    """:func:`_places` for the nodes ``drawn`` alone (the same lists, in the same order), asked node by node:
    a view drawn by place holds a few hundred nodes of a partnership of hundreds of thousands."""
    out: dict[str, list[str]] = {}
    along = [p.adjacency(et) for et in edge_types]  # kept by the partnership, in input order
    for nid in drawn:
        if nid not in p:  # a node the scenario view draws from before the scenario
            continue
        found = [nid] if p.node(nid).type is node_type else []
        for adjacent in along:
            found.extend(to for to in adjacent.get(nid, ()) if p.node(to).type is node_type)
        if found:
            out[nid] = found
    return out


def _service_active(record: Service) -> list[str | None] | bool:
    """A service's first and last active day (``None`` open) by :meth:`Service.status_on`, or False for never."""
    value = record.status.value
    start, end, valid_to = record.start_date, record.end_date, record.valid_to
    if start is None and value == "planned":
        return False
    last = end if end is not None else (valid_to if value == "decommissioned" else None)
    if end is None and value == "decommissioned" and valid_to is None:
        return False
    return [_iso(start), _iso(last)]


#: The page's label font: 16 px, about this many pixels a character and this many a line.
CHAR_WIDTH = 8.8
LINE_HEIGHT = 19.0


def node_box(item: Mapping[str, Any], extra_lines: int = 0) -> layout.Box:
    """The room a node of the page takes: width, height, and how far the middle of that room lies below
    the node's position (a shape with its label underneath takes room below it).

    >>> node_box({"type": "Board", "label": "YorOK Board"})
    (112.8, 35.0, 0.0)
    """
    lines = item["label"].split("\n") + [""] * extra_lines
    longest = max(len(line) for line in lines) * CHAR_WIDTH
    shape = NODE_STYLES[NodeType(item["type"])].shape
    if shape in LABEL_INSIDE:
        width, height = longest + 16, len(lines) * LINE_HEIGHT + 16
        if shape == "ellipse":
            width, height = width * 1.3, height * 1.3
        elif shape == "database":
            height += 16
        return (round(width, 1), round(height, 1), 0.0)
    radius = 26.0 if item.get("focus") else float(item.get("size", 16))
    height = 2 * radius + 4 + len(lines) * LINE_HEIGHT
    return (round(max(2 * radius, longest), 1), round(height, 1), round(height / 2 - radius, 1))


# -- building one view -------------------------------------------------------------------------------------


class _Builder:
    """Collects one view's nodes and edges, then lays them out and makes the payload."""

    def __init__(self, p: Partnership, span: Callable[[NodeBase | EdgeBase], tuple[dt.date | None, dt.date | None]]
                 | None = None) -> None:
        self.p = p
        self.span = span or p.span
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[str, dict[str, Any]] = {}

    def node(self, record: NodeBase, **extra: Any) -> None:
        if record.id in self.nodes:
            self.nodes[record.id].update(extra)
            return
        start, end = self.span(record)
        public = record.public if isinstance(record, BodyBase) else None
        item: dict[str, Any] = {
            "id": record.id, "type": record.type.value, "name": record.name,
            "label": wrap_label(record.name), "s": _iso(start), "e": _iso(end),
            "tip": tooltip(record), "src": record.source,
        }
        if record.generated:
            item["gen"] = True
        if record.assumed:
            item["asm"] = True
        if public is False:
            item["np"] = True
            item["label"] += "\n(not public)"
        if isinstance(record, Service):
            item["act"] = _service_active(record)
        item.update(extra)
        self.nodes[record.id] = item

    def edge(self, record: EdgeBase, **extra: Any) -> None:
        if record.id in self.edges:
            return
        start, end = self.span(record)
        item: dict[str, Any] = {"id": record.id, "type": record.type.value, "from": record.from_, "to": record.to,
                                "s": _iso(start), "e": _iso(end), "tip": tooltip(record), "src": record.source}
        if record.generated:
            item["gen"] = True
        if record.assumed:
            item["asm"] = True
        if (condition := condition_of(record)) is not None:  # holds only on a condition: said on the line
            item["label"] = condition
        item.update(extra)
        self.edges[record.id] = item

    def edges_among(self, types: Iterable[EdgeType], **extra: Any) -> None:
        """Every edge of ``types`` whose two ends are both in the view."""
        for et in types:
            for e in self.p.edges(et):
                if e.from_ in self.nodes and e.to in self.nodes:
                    self.edge(e, **extra)

    def place(self, positions: Mapping[str, tuple[float, float]]) -> None:
        for nid, (x, y) in positions.items():
            self.nodes[nid]["x"] = round(x, 1)
            self.nodes[nid]["y"] = round(y, 1)

    def boxes(self, extra_lines: Mapping[str, int] | None = None) -> dict[str, layout.Box]:
        """The room each node takes on screen, from its shape and label (see :func:`node_box`)."""
        more = extra_lines or {}
        return {nid: node_box(item, more.get(item["type"], 0)) for nid, item in self.nodes.items()}

    def pairs(self, types: Iterable[EdgeType] | None = None) -> list[tuple[str, str]]:
        wanted = {t.value for t in types} if types is not None else None
        return [(e["from"], e["to"]) for e in self.edges.values() if wanted is None or e["type"] in wanted]


def _bookcase(b: _Builder) -> dict[str, Any]:
    p = b.p
    for n in p.nodes(*BODY_TYPES):
        b.node(n)
    # Units and partners in the governance lines (a unit accountable to a body, a partner delegating to one).
    for et in GOVERNANCE_EDGES:
        for e in p.edges(et):
            for end in (e.from_, e.to):
                b.node(p.node(end))
    core = set(b.nodes)
    for et in MEMBERSHIP_EDGES:
        for e in p.edges(et):
            if e.from_ not in core:
                b.node(p.node(e.from_), group="members")
    b.edges_among(GOVERNANCE_EDGES)
    for et in MEMBERSHIP_EDGES:
        for e in p.edges(et):
            b.edge(e, group="members")
    # Downwards: from the body a line runs up to, and from the body or partner that delegates.
    down: list[tuple[str, str]] = []
    for drawn in b.edges.values():
        if drawn["type"] in (EdgeType.ACCOUNTABLE_TO, EdgeType.REPORTS_TO):
            down.append((drawn["to"], drawn["from"]))
        elif drawn["type"] == EdgeType.DELEGATES_TO:
            down.append((drawn["from"], drawn["to"]))
    order = [n for n in b.nodes if n in core]
    layers = layout.longest_path_layers(order, down)
    # A body outside every line up or down (a voice forum linked only by influence) stands level with
    # the first body it influences or is influenced by, rather than alone on the top row.
    placed = {n for pair in down for n in pair}
    for drawn in b.edges.values():
        if drawn["type"] == EdgeType.INFLUENCES:
            for mine, theirs in ((drawn["from"], drawn["to"]), (drawn["to"], drawn["from"])):
                if mine not in placed and theirs in placed:
                    layers[mine] = layers[theirs]
                    placed.add(mine)
    row_height = 130.0
    # Two layouts by igraph's layered layout, no more than ROW_WIDTH side by side: the bodies alone (drawn
    # while the switch is off), and with the partners, posts and units that sit on them, each a layer below
    # the highest body it sits on (drawn while it is on). The page moves every node when the switch moves.
    pos = layout.layered(order, down, layers=layers, row=row_height, max_width=ROW_WIDTH)
    member_layer: dict[str, int] = {}
    member_down: list[tuple[str, str]] = []
    for drawn in b.edges.values():
        if drawn.get("group") == "members" and drawn["from"] not in core:
            member = drawn["from"]
            below = layers[drawn["to"]] + 1
            member_layer[member] = min(member_layer.get(member, below), below)
            member_down.append((drawn["to"], member))
    everyone = list(b.nodes)
    with_members = layout.layered(everyone, down + member_down, layers={**layers, **member_layer}, row=row_height,
                                  max_width=ROW_WIDTH)
    boxes = b.boxes()
    pos = layout.separate(pos, boxes, sideways_only=True)
    with_members = layout.separate(with_members, boxes, sideways_only=True)
    b.place({**with_members, **pos})
    for nid, (x, y) in with_members.items():
        b.nodes[nid]["alt"] = [round(x, 1), round(y, 1)]
    return {"groups": {"members": {"label": "partners, posts and units: membership, chairing and support",
                                   "on": False, "moves": True}},
            "direction": "top-down"}


#: At most this many nodes side by side in one row of a layered view; a wider layer is folded into several rows.
ROW_WIDTH = 8


def _amount_text(amount: float | None) -> str:
    """An amount as a short label: £1.2m, £600k, £950; '£ not recorded' when unknown.

    >>> _amount_text(1_200_000), _amount_text(600_000), _amount_text(950), _amount_text(None)
    ('£1.2m', '£600k', '£950', '£ not recorded')
    """
    if amount is None:
        return "£ not recorded"
    if amount >= 1_000_000:
        return f"£{amount / 1_000_000:.3g}m"
    if amount >= 1_000:
        return f"£{amount / 1_000:.3g}k"
    return f"£{amount:,.0f}"


def _funding(b: _Builder) -> dict[str, Any]:
    p = b.p
    column = {NodeType.PARTNER: 0, NodeType.BUDGET: 1, NodeType.SERVICE: 2, NodeType.OUTCOME: 3}
    money = [e for et in MONEY_EDGES for e in p.edges(et)]
    for e in money:
        b.node(p.node(e.from_))
        b.node(p.node(e.to))
    for n in p.nodes(NodeType.BUDGET):
        b.node(n)
    for e in p.edges(EdgeType.CONTRIBUTES_TO):
        if e.from_ in b.nodes:
            b.node(p.node(e.to))
    for nid, item in b.nodes.items():
        if item["type"] == NodeType.BUDGET:
            kind = getattr(p.node(nid), "kind", None)
            amount = getattr(p.node(nid), "amount", None)
            extra = ", ".join(x for x in (f"{kind.value} budget" if kind else "", _amount_text(amount)) if x)
            item["label"] += f"\n({extra})"
    amounts = [v for e in money if (v := _money_of(e)) is not None and v > 0]
    top = max(amounts, default=1.0)
    for e in money:
        value = _money_of(e)
        if value is None:  # never drawn as zero: a marked line of middling width
            b.edge(e, width=3, unknown=True, label="£ not recorded")
        else:
            b.edge(e, width=round(1.5 + 10 * math.sqrt(value / top), 2), label=_amount_text(value))
    b.edges_among([EdgeType.CONTRIBUTES_TO])
    # A commissioning body (not a partner) sits in the first column with the partners.
    layers = {nid: column.get(NodeType(item["type"]), 0) for nid, item in b.nodes.items()}
    order = list(b.nodes)
    # Top to bottom, then turned to run left to right: a column of more than FUNDING_COLUMN nodes is folded.
    pos = layout.layered(order, b.pairs(), layers=layers, column=110.0, row=280.0, max_width=FUNDING_COLUMN)
    mid = (min(y for _, y in pos.values()) + max(y for _, y in pos.values())) / 2
    b.place({n: (y - mid, x) for n, (x, y) in pos.items()})
    return {"direction": "left-right",
            "columns": ["partners", "budgets", "services", "outcomes"]}


#: At most this many nodes one above another in a column of the funding view.
FUNDING_COLUMN = 24


def _money_of(e: EdgeBase) -> float | None:
    value = getattr(e, "amount", None)
    if value is None:
        value = getattr(e, "lifetime_value", None)
    return float(value) if value is not None else None


#: The most days of the time slider on which the outcomes view asks the gaps query for its gaps.
GAP_DAYS = 60


def _outcomes(b: _Builder, dates: Callable[[], list[dt.date]], view_day: dt.date) -> dict[str, Any]:
    from queries.registry import run_query

    p = b.p
    for n in p.nodes(NodeType.OUTCOME):
        b.node(n)
    for e in p.edges(EdgeType.CONTRIBUTES_TO):
        b.node(p.node(e.from_))
    for e in p.edges(EdgeType.DEPENDS_ON):
        b.edge(e, label="part of" if getattr(e, "kind", "") == "roll-up" else "")
    b.edges_among([EdgeType.CONTRIBUTES_TO])
    b.place(layout.force(list(b.nodes), b.pairs(), boxes=b.boxes({"Outcome": 1})))
    gaps: dict[str, dict[str, str]] = {}
    every = dates()
    asked = every if len(every) <= GAP_DAYS else sorted({*every[:: math.ceil(len(every) / GAP_DAYS)], view_day})
    for day in asked:
        result = run_query("gaps", p, {"all_outcomes": True}, as_of=day)
        gaps[day.isoformat()] = {g.node.id: g.gap for g in getattr(result, "gaps", []) if g.kind == "outcome"}
    extra: dict[str, Any] = {"gaps": gaps}
    if len(asked) < len(every):
        extra["gapNote"] = (f"Gaps are worked out on {len(asked)} of the slider's {len(every)} days (the view's own "
                            "day among them); on the others the page shows those of the latest of them before.")
    return extra


def _network(b: _Builder) -> dict[str, Any]:
    p = b.p
    keep = set(NETWORK_NODES)
    for n in p.nodes(*NETWORK_NODES):
        b.node(n)
    for et in NETWORK_EDGES:
        for e in p.edges(et):
            if p.node(e.from_).type in keep and p.node(e.to).type in keep:
                b.edge(e)
    order = list(b.nodes)
    index = {n: i for i, n in enumerate(order)}
    import igraph

    graph = igraph.Graph(n=len(order), edges=sorted({(index[u], index[v]) for u, v in b.pairs()}), directed=False)
    between = graph.betweenness(directed=False) if order else []
    top = max(between, default=0.0) or 1.0
    for nid, value in zip(order, between, strict=True):
        share = value / top
        b.nodes[nid]["size"] = round(12 + 30 * math.sqrt(share), 1)
        b.nodes[nid]["tip"].insert(0, ["betweenness", f"{value:.1f} ({share:.0%} of the highest)"])
    b.place(layout.force(order, b.pairs(), edge_length=200.0, boxes=b.boxes()))
    return {"sized": "betweenness centrality"}


def _focus(b: _Builder, focus: str, steps: int) -> dict[str, Any]:
    p = b.p
    centre = p.resolve(focus)
    seen = _reach(p, centre, steps)
    for nid in seen:
        b.node(p.node(nid), steps=seen[nid])
    b.nodes[centre]["focus"] = True
    b.edges_among(EdgeType)
    b.place(layout.force(list(b.nodes), b.pairs(), boxes=b.boxes()))
    return {"focus": centre, "steps": steps}


def slider_dates(nodes: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]], day: dt.date) -> list[dt.date]:
    """The days the time slider stops at: each day the view changes on (a record's first day, the day after
    its last), the view's own day, and the first of January of each year in between (so that a reader
    can go to a year).

    >>> [d.isoformat() for d in slider_dates([{"s": "2009-06-01", "e": "2010-12-31"}], [], dt.date(2010, 3, 1))]
    ['2009-06-01', '2010-01-01', '2010-03-01', '2011-01-01']
    """
    found = {day}
    for item in (*nodes, *edges):
        if item["s"]:
            found.add(dt.date.fromisoformat(item["s"]))
        if item["e"]:
            end = dt.date.fromisoformat(item["e"])
            if end < dt.date.max:
                found.add(end + dt.timedelta(days=1))
    first, last = min(found), max(found)
    if last.year - first.year <= 60:
        found.update(dt.date(year, 1, 1) for year in range(first.year + 1, last.year + 1))
    return sorted(found)


#: The most nodes one view draws; a larger one is drawn by place (see :func:`regions`), one node a place.
MAX_NODES = 2000


def selected_ids(p: Partnership, name: str, *, focus: str | None = None, steps: int = 2) -> set[str]:
    """The ids of the nodes the view ``name`` of ``p`` holds, found without laying anything out (a test
    keeps it equal to what :func:`build_view` draws): what decides whether a view is drawn by place."""
    if name == "bookcase":
        found = {n.id for n in p.nodes(*BODY_TYPES)}
        for et in (*GOVERNANCE_EDGES, *MEMBERSHIP_EDGES):
            for e in p.edges(et):
                found.add(e.from_)
                if et in GOVERNANCE_EDGES:
                    found.add(e.to)
        return found
    if name == "funding":
        found = {n.id for n in p.nodes(NodeType.BUDGET)}
        for e in (e for et in MONEY_EDGES for e in p.edges(et)):
            found.update((e.from_, e.to))
        found.update(e.to for e in p.edges(EdgeType.CONTRIBUTES_TO) if e.from_ in found)
        return found
    if name == "outcomes":
        return {n.id for n in p.nodes(NodeType.OUTCOME)} | {e.from_ for e in p.edges(EdgeType.CONTRIBUTES_TO)}
    if name == "network":
        return {n.id for n in p.nodes(*NETWORK_NODES)}
    if not focus:
        raise ValueError("the focus view needs a node to focus on")
    return set(_reach(p, p.resolve(focus), steps))


def _reach(p: Partnership, centre: str, steps: int) -> dict[str, int]:
    """Every node within ``steps`` steps of ``centre`` along any edge, with its distance."""
    seen = {centre: 0}
    queue = deque([centre])
    while queue:
        nid = queue.popleft()
        if seen[nid] >= steps:
            continue
        for e in (*p.out_edges(nid), *p.in_edges(nid)):
            other = e.to if e.from_ == nid else e.from_
            if other not in seen:
                seen[other] = seen[nid] + 1
                queue.append(other)
    return seen


def regions(p: Partnership) -> dict[str, str]:
    """Each node's place at the top of the Locality hierarchy (an authority in the synthetic data): a
    locality's is the top of its PART_OF line; a node tied to a locality (SERVES, COVERS) takes that
    locality's; any other takes the place of the nearest node that has one, along any edge (the first
    found, breadth first). Nodes joined to no place have none.
    """
    up = _hierarchy(p, NodeType.LOCALITY)
    tops = {n.id for n in p.nodes(NodeType.LOCALITY) if not up.get(n.id)}

    def top(loc: str) -> str:
        above = [a for a in up.get(loc, []) if a in tops]
        return above[0] if above else loc

    place: dict[str, str] = {n.id: top(n.id) for n in p.nodes(NodeType.LOCALITY)}
    queue = deque(place)
    for et in (EdgeType.COVERS, EdgeType.SERVES):
        for e in p.edges(et):
            if e.from_ not in place:
                place[e.from_] = place[e.to]
                queue.append(e.from_)
    # Each node's neighbours in the order its edges come (those leaving it, then those arriving), as
    # (*p.out_edges(n), *p.in_edges(n)) would give them, made in one pass over the edges: asking for each
    # node's edges in turn took most of the time at national scale.
    out: dict[str, list[str]] = defaultdict(list)
    into: dict[str, list[str]] = defaultdict(list)
    for e in p.edges():
        out[e.from_].append(e.to)
        into[e.to].append(e.from_)
    while queue:
        nid = queue.popleft()
        here = place[nid]
        for near in (out.get(nid, ()), into.get(nid, ())):
            for other in near:
                if other not in place:
                    place[other] = here
                    queue.append(other)
    return place


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a view is made: making one creates tens of thousands of small
    lists and dicts, and each collection they set off walks every object of a large partnership (at 4.6k nodes
    this more than doubled the time). Nothing made here forms a cycle, so nothing is lost; the collector runs
    again afterwards as before."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build_view(p: Partnership, name: str, *, as_of: dt.date | None = None, focus: str | None = None,
               steps: int = 2, highlight: Highlight | None = None, today: dt.date | None = None,
               locality: str | None = None, max_nodes: int = MAX_NODES) -> View:
    """The view called ``name`` of ``p``, for the day ``as_of`` (by default the partnership's
    :meth:`~Partnership.default_day`); ``focus`` names the node of the focus view, ``steps`` how far it reaches.

    ``locality`` (a place at the top of the Locality hierarchy) draws only what lies in that place
    (:func:`regions`). A view of more than ``max_nodes`` nodes is drawn by place instead: one node for
    each place at the top of the Locality hierarchy, sized by how many of the view's nodes lie there,
    each saying how to draw that place alone.

    Raises :class:`ValueError` for an unknown view, :class:`graph_model.UnknownNode` for an unknown focus
    or locality, and :class:`graph_model.InvalidParameters` for a view too large to draw with no places.
    """
    if name not in VIEWS:
        raise ValueError(f"unknown view {name!r}; views: {', '.join(VIEWS)}")
    with paused_gc():
        return _build_view(p, name, as_of=as_of, focus=focus, steps=steps, highlight=highlight, today=today,
                           locality=locality, max_nodes=max_nodes)


def _build_view(p: Partnership, name: str, *, as_of: dt.date | None, focus: str | None, steps: int,
                highlight: Highlight | None, today: dt.date | None, locality: str | None, max_nodes: int) -> View:
    dating = p.dating(as_of, today=today)
    if locality is not None:
        chosen = p.resolve(locality)
        place = regions(p)
        if place.get(chosen) != chosen:
            raise InvalidParameters("view", [f"locality: '{locality}' is not a place at the top of the Locality "
                                             f"hierarchy; places: {', '.join(sorted(set(place.values()))[:10])}"])
        p = p.subset(lambda n: place.get(n.id) == chosen, kind=f"view-region:{chosen}")
    if name != "focus" or focus:
        wanted = selected_ids(p, name, focus=focus, steps=steps)
        if len(wanted) > max_nodes:
            return _by_place(p, name, wanted, dating.day, dating.basis, max_nodes)
    b = _Builder(p)
    extra: dict[str, Any]
    if name == "bookcase":
        extra = _bookcase(b)
    elif name == "funding":
        extra = _funding(b)
    elif name == "outcomes":
        extra = _outcomes(b, lambda: slider_dates(b.nodes.values(), b.edges.values(), dating.day), dating.day)
    elif name == "network":
        extra = _network(b)
    else:
        if not focus:
            raise ValueError("the focus view needs a node to focus on")
        extra = _focus(b, focus, steps)
    if highlight is not None:
        for nid in highlight.nodes:
            if nid in b.nodes:
                b.nodes[nid]["hl"] = True
        for eid in highlight.edges:
            if eid in b.edges:
                b.edges[eid]["hl"] = True
    if locality is not None:
        extra["locality"] = p.node(p.resolve(locality)).name
    return _finish(p, name, b, dating.day, dating.basis, extra, highlight)


def _by_place(p: Partnership, name: str, wanted: set[str], day: dt.date, basis: str, max_nodes: int) -> View:
    """The view drawn by place: one node for each place at the top of the Locality hierarchy."""
    place = regions(p)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for nid in wanted:
        counts[place.get(nid, "")][p.node(nid).type.value] += 1
    unplaced = sum(counts.pop("", Counter()).values())
    if not counts:
        raise InvalidParameters("view", [f"{name}: {len(wanted)} nodes, more than {max_nodes} to draw at once, and no "
                                         "places (localities) to draw them by; narrow it with the focus view"])
    b = _Builder(p)
    top = max(sum(c.values()) for c in counts.values())
    for loc in sorted(counts, key=lambda x: p.node(x).name):
        total = sum(counts[loc].values())
        b.node(p.node(loc), size=round(14 + 30 * math.sqrt(total / top), 1))
        item = b.nodes[loc]
        item["label"] = f"{wrap_label(p.node(loc).name)}\n{total:,} nodes"
        item["tip"] = [["nodes of this view here", f"{total:,}"],
                       *[[kind, f"{n:,}"] for kind, n in counts[loc].most_common()],
                       ["to draw this place alone", f"bookcase view {name} --locality {loc}"], *item["tip"]]
    b.place(layout.force(list(b.nodes), [], boxes=b.boxes()))
    extra: dict[str, Any] = {"byPlace": {"nodes": len(wanted), "unplaced": unplaced, "limit": max_nodes}}
    return _finish(p, name, b, day, basis, extra, None)


def _finish(p: Partnership, name: str, b: _Builder, day: dt.date, basis: str, extra: dict[str, Any],
            highlight: Highlight | None) -> View:
    nodes, edges = list(b.nodes.values()), list(b.edges.values())
    node_types = {NodeType(n["type"]) for n in nodes}
    edge_types = {EdgeType(e["type"]) for e in edges}
    not_public = [n["name"] for n in nodes if n.get("np")]
    what = {"bookcase": "the planning bookcase", "funding": "where the money goes",
            "outcomes": "outcomes and what contributes to them", "network": "who sits where",
            "focus": f"around {p.node(extra['focus']).name}" if name == "focus" else ""}.get(name) or extra.pop("what")
    title = f"{p.info.name}: {what}"
    if extra.get("locality"):
        title += f", in {extra['locality']}"
    if not_public:
        title += " (with bodies that are not public)"
    notes = [basis] if basis else []
    notes.extend(extra.pop("extraNotes", []))
    if extra.get("gapNote"):
        notes.append(extra["gapNote"])
    by_place = extra.get("byPlace")
    if by_place:
        title += ", by place"
        notes.append(f"This view holds {by_place['nodes']:,} nodes, more than the {by_place['limit']:,} drawn at once: "
                     f"each place at the top of the Locality hierarchy is drawn as one node, sized by how many of them "
                     f"lie there" + (f" ({by_place['unplaced']:,} joined to no place are left out)"
                                     if by_place["unplaced"] else "") +
                     ". Its tooltip gives the command that draws that place alone (--locality).")
    if highlight is not None:
        shown = sum(1 for n in highlight.nodes if n in b.nodes)
        notes.append(f"Highlighted: {highlight.label}, {shown} of the {len(highlight.nodes)} nodes it is about drawn in "
                     f"this view" + (f". {highlight.summary}" if highlight.summary else ""))
    if not_public:
        named = ", ".join(not_public[:5]) + (f" and {len(not_public) - 5} more" if len(not_public) > 5 else "")
        notes.append(f"This view contains {len(not_public)} {'body' if len(not_public) == 1 else 'bodies'} that "
                     f"{'is' if len(not_public) == 1 else 'are'} not public ({named}), marked "
                     "'not public': make the version to share with --public-only.")
    places = {"localities": (NodeType.LOCALITY, (EdgeType.SERVES, EdgeType.COVERS)),
              "cohorts": (NodeType.COHORT, (EdgeType.TARGETS,))}
    for key, (node_type, via) in places.items():
        own = _places_of(p, b.nodes, node_type, via)
        up = _hierarchy(p, node_type)
        tag = "loc" if key == "localities" else "coh"
        used: dict[str, None] = {}
        for n in nodes:
            tied = own.get(n["id"], [])
            if tied:
                n[tag] = tied
                used.update(dict.fromkeys(tied))
        above = {a for u in used for a in up.get(u, ())}
        listed = [x for x in p.nodes(node_type) if x.id in used or x.id in above]
        extra[key] = [{"id": x.id, "name": x.name, "up": up.get(x.id, [])} for x in listed]
    dates = sorted({*slider_dates(nodes, edges, day), *extra.pop("moreDates", ())})
    payload: dict[str, Any] = {
        "view": name, "title": title, "partnership": p.info.id, "day": day.isoformat(),
        "periodStart": _iso(p.period[0]), "periodEnd": _iso(p.period[1]),
        "dayText": long_date(day), "notes": notes, "dates": [d.isoformat() for d in dates],
        "nodes": nodes, "edges": edges, "notPublic": bool(not_public),
        "styles": {"nodes": {nt.value: NODE_STYLES[nt].vis() for nt in node_types},
                   "edges": {et.value: EDGE_STYLES[et].vis() for et in edge_types}},
        "legend": [{"kind": e.kind, "type": e.label} for e in legend_entries(node_types, edge_types)],
        "highlight": ({"label": highlight.label, "nodes": [n for n in highlight.nodes if n in b.nodes],
                       "edges": [e for e in highlight.edges if e in b.edges]} if highlight else None),
        "physics": False,
        **extra,
    }
    payload.setdefault("groups", {})
    return View(name=name, title=title, day=day, payload=payload, node_ids=list(b.nodes), edge_ids=list(b.edges))


# -- the scenario view ---------------------------------------------------------------------------------------

#: What a scenario does to a record, as the scenario view marks it (the page's legend says how each is drawn).
ChangeMark = Literal["added", "removed", "changed", "same"]
#: The comparison's rows that name a consequence worth marking on the node they are about.
_QUIET_CHANGES = frozenset({"unchanged", ""})


def _hull(a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None]
          ) -> tuple[dt.date | None, dt.date | None]:
    """The span from the earlier start to the later end of two spans (``None`` is open)."""
    start = None if a[0] is None or b[0] is None else min(a[0], b[0])
    end = None if a[1] is None or b[1] is None else max(a[1], b[1])
    return start, end


def _last(span: tuple[dt.date | None, dt.date | None] | list[str | None] | bool) -> dt.date | None | bool:
    """The last day of a span or of a service's active days (``None`` open; False for a service never active)."""
    if span is False or span is True:
        return span
    end = span[1]
    return dt.date.fromisoformat(end) if isinstance(end, str) else end


def _ends_earlier(before: dt.date | None | bool, after: dt.date | None | bool) -> dt.date | None:
    """The first day a record is no longer in force (or active) after a scenario, when the scenario ends it
    sooner than before; else None."""
    if after is False and before is not False:
        return dt.date.min
    if not isinstance(after, dt.date) or before is False:
        return None
    if before is None or (isinstance(before, dt.date) and after < before):
        return after + dt.timedelta(days=1)
    return None


def build_scenario_view(before: Partnership, after: Partnership, *, scenario: str, file: str, day: dt.date,
                        basis: str = "", touched: Mapping[str, int], removed: Mapping[str, int],
                        kinds: Sequence[str] = (), affected: Mapping[str, tuple[str, str]] | None = None,
                        notes: Sequence[str] = (), comparison: Sequence[str] = (), effective: dt.date | None = None,
                        steps: int | None = 1, max_nodes: int = MAX_NODES) -> View:
    """The scenario view: ``after`` (a partnership with a scenario's changes made) drawn over the union of it and
    ``before``, so that nothing moves: what the scenario adds, removes and changes is marked, and what it removes
    is drawn where it stood.

    ``touched`` and ``removed`` give, for each record id, the change (1-based) that last added or changed it,
    or removed it; ``kinds`` names each change's kind (``decommission`` ...). ``affected`` gives nodes the
    comparison names (an outcome left uncovered, a result at risk) with what happens to them and how;
    ``notes`` go under the title, ``comparison`` (the comparison's summary, a line each) beside the legend.
    ``effective`` is the first day every change has taken effect (``None`` when one has no day): before it,
    the page leaves the comparison's marks off, as they describe the partnership once the changes are made.
    ``steps`` draws what changes and every node within that many steps of it (along any line, before or
    after); ``None`` draws the whole of both. A view of more than ``max_nodes`` nodes is refused
    (:class:`graph_model.InvalidParameters`): give fewer steps.
    """
    with paused_gc():
        return _scenario_view(before.whole, after.whole, scenario=scenario, file=file, day=day, basis=basis,
                              touched=touched, removed=removed, kinds=kinds, affected=affected or {}, notes=notes,
                              comparison=comparison, effective=effective, steps=steps, max_nodes=max_nodes)


def _scenario_view(before: Partnership, after: Partnership, *, scenario: str, file: str, day: dt.date, basis: str,
                   touched: Mapping[str, int], removed: Mapping[str, int], kinds: Sequence[str],
                   affected: Mapping[str, tuple[str, str]], notes: Sequence[str], comparison: Sequence[str],
                   effective: dt.date | None, steps: int | None, max_nodes: int) -> View:
    old_nodes = {n.id: n for n in before.nodes()}
    old_edges = {e.id: e for e in before.edges()}
    new_nodes = {n.id: n for n in after.nodes()}
    new_edges = {e.id: e for e in after.edges()}

    def mark(rid: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> ChangeMark:
        if rid not in old:
            return "added"
        if rid not in new:
            return "removed"
        return "changed" if rid in touched else "same"

    node_marks = {nid: mark(nid, old_nodes, new_nodes) for nid in (*new_nodes, *(n for n in old_nodes
                                                                               if n not in new_nodes))}
    edge_marks = {eid: mark(eid, old_edges, new_edges) for eid in (*new_edges, *(e for e in old_edges
                                                                               if e not in new_edges))}
    records: dict[str, NodeBase] = {**old_nodes, **new_nodes}
    lines: dict[str, EdgeBase] = {**old_edges, **new_edges}

    # What to draw: every node the scenario touches (and the ends of every line it touches), what the comparison
    # names, and what lies within ``steps`` of them, along the lines of either side.
    seeds = {nid for nid, m in node_marks.items() if m != "same"}
    for eid, m in edge_marks.items():
        if m != "same":
            seeds.update((lines[eid].from_, lines[eid].to))
    seeds.update(nid for nid in affected if nid in records)
    if steps is None:
        chosen = dict.fromkeys(records, 0)
    else:
        around: dict[str, list[str]] = defaultdict(list)
        for e in lines.values():
            around[e.from_].append(e.to)
            around[e.to].append(e.from_)
        chosen = dict.fromkeys(sorted(seeds), 0)
        queue = deque(chosen)
        while queue:
            nid = queue.popleft()
            if chosen[nid] >= steps:
                continue
            for other in around.get(nid, ()):
                if other not in chosen:
                    chosen[other] = chosen[nid] + 1
                    queue.append(other)
    if len(chosen) > max_nodes:
        raise InvalidParameters("scenario view", [
            f"steps: {len(chosen):,} nodes lie within {steps} steps of what the scenario changes, more than the "
            f"{max_nodes:,} drawn at once; give fewer steps" if steps is not None else
            f"whole: the partnership before and after holds {len(chosen):,} nodes, more than the {max_nodes:,} "
            "drawn at once; draw what changes and its neighbours instead (steps)"])

    def span(record: NodeBase | EdgeBase) -> tuple[dt.date | None, dt.date | None]:
        """Drawn for every day either side holds it, so that the slider shows what the scenario ends, marked."""
        is_edge = isinstance(record, EdgeBase)
        old, new = (old_edges, new_edges) if is_edge else (old_nodes, new_nodes)
        if record.id in old and record.id in new:
            return _hull(before.span(old[record.id]), after.span(new[record.id]))
        return (after if record.id in new else before).span(record)

    def source(rid: str, m: ChangeMark, numbers: Mapping[str, int]) -> str:
        n = numbers.get(rid)
        if n is None:
            return ""
        kind = f" ({kinds[n - 1]})" if 0 < n <= len(kinds) else ""
        verb = {"added": "added", "removed": "removed", "changed": "changed"}.get(m, "changed")
        return f"{verb} by scenario {file}: change {n}{kind}"

    def ends(rid: str, old: NodeBase | EdgeBase, new: NodeBase | EdgeBase) -> dt.date | None:
        cut = _ends_earlier(_last(before.span(old)), _last(after.span(new)))
        if isinstance(old, Service) and isinstance(new, Service):
            stops = _ends_earlier(_last(_service_active(old)), _last(_service_active(new)))
            cut = stops if cut is None or (stops is not None and stops < cut) else cut
        return cut

    def mark_drawn(item: dict[str, Any], rid: str, m: ChangeMark, old: NodeBase | EdgeBase | None,
             new: NodeBase | EdgeBase | None) -> None:
        """A drawn node's or line's mark: what the scenario did to it, its values before, and the day it ends."""
        if m != "same":
            item["chg"] = m
            item["tip"].insert(0, ["scenario", source(rid, m, removed if m == "removed" else touched)])
        if m != "changed" or old is None or new is None:
            return
        _before_row(item, old, new)
        if (cut := ends(rid, old, new)) is not None:
            item["cut"] = cut.isoformat()
            item["tip"][0][1] += f"; no longer in force from {long_date(cut)}" if cut > dt.date.min else (
                "; no longer in force")

    b = _Builder(after, span)
    for nid in chosen:
        record = records[nid]
        m = node_marks[nid]
        b.node(record)
        item = b.nodes[nid]
        mark_drawn(item, nid, m, old_nodes.get(nid), new_nodes.get(nid))
        if nid in affected:
            what, how = affected[nid]
            item["aff"] = what
            item["tip"].insert(0, [f"the comparison, on {long_date(day)}", f"{what}: {how}" if how else what])
    for eid, e in lines.items():
        if e.from_ in b.nodes and e.to in b.nodes:
            m = edge_marks[eid]
            b.edge(e)
            item = b.edges[eid]
            mark_drawn(item, eid, m, old_edges.get(eid), new_edges.get(eid))
            if m == "changed":
                was, now = _money_of(old_edges[eid]), _money_of(new_edges[eid])
                if was != now:  # money moved: the line says how much, before and after
                    item["chgLabel"] = f"{_amount_text(was)} → {_amount_text(now)}"
    for item in b.nodes.values():
        if "chg" in item or "aff" in item:  # room for the marked border to be seen on a small shape
            item["size"] = max(item.get("size", 16), MARKED_SIZE)
    # Room for the mark's line under each label ("(added)", "(no cover)" ...), then one layout over both sides.
    boxes = {}
    for nid, item in b.nodes.items():
        marks = [f"({MARK_WORDS[item['chg']]})"] if "chg" in item else []
        if item.get("cut"):
            marks.append(f"({MARK_WORDS['ended']})")
        if item.get("aff"):
            marks.append(f"({item['aff']})")
        longest = max(marks, key=len) if marks else ""
        boxes[nid] = node_box({**item, "label": item["label"] + (f"\n{longest}" if longest else "")},
                              1 if "chg" in item and item.get("aff") else 0)
    b.place(layout.force(list(b.nodes), b.pairs(), boxes=boxes))
    said = _what_it_does(b.nodes.values(), b.edges.values())
    reach = ("the whole partnership, before and after" if steps is None else
             f"what the scenario changes and everything within {steps} step{'s' if steps != 1 else ''} of it")
    intro = (f"Scenario “{scenario}” ({file}) {said}. Drawn: {reach}; what it removes or ends is drawn where it "
             "stood, and every position is worked out over both sides, so nothing moves.")
    extra: dict[str, Any] = {
        "what": f"after the scenario “{scenario}”",
        "scenario": {"name": scenario, "file": file, "steps": steps, "comparison": list(comparison),
                     "on": long_date(day), "from": _iso(effective),
                     "marks": {key: mark.vis() for key, mark in SCENARIO_MARKS.items()},
                     "affected": sum(1 for n in b.nodes.values() if n.get("aff"))},
        "extraNotes": [intro, *notes],
        # The slider stops on each day a change takes effect, as well as on the days the records change on.
        "moreDates": {dt.date.fromisoformat(item["cut"]) for item in (*b.nodes.values(), *b.edges.values())
                      if item.get("cut") and item["cut"] > dt.date.min.isoformat()} | ({effective} if effective else set()),
    }
    return _finish(after, "scenario", b, day, basis, extra, None)


def _before_row(item: dict[str, Any], old: NodeBase | EdgeBase, new: NodeBase | EdgeBase) -> None:
    """Add to a changed record's tooltip what its changed fields held before the scenario, after its scenario row."""
    was = dict(tooltip(old))
    now = dict(tooltip(new))
    said = [f"{key}: {was.get(key, 'not recorded')}" for key in dict.fromkeys([*was, *now]) if was.get(key) != now.get(key)]
    if said:
        at = next((i for i, row in enumerate(item["tip"]) if row[0] == "scenario"), -1) + 1
        item["tip"].insert(at, ["before the scenario", "; ".join(said)])


def _what_it_does(nodes: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]]) -> str:
    """What a scenario does to the nodes and lines drawn, in words (the nodes named when there are few).

    >>> _what_it_does([{"name": "FIRST", "chg": "changed", "cut": "2015-04-01"}], [{"chg": "added"}])
    'adds 1 line; ends, from a day, 1 node (FIRST)'
    """
    from queries.common import and_list, counted

    groups: dict[str, tuple[list[str], int]] = {}
    for verb in ("adds", "removes", "changes", "ends, from a day,"):
        groups[verb] = ([], 0)
    verbs = {"added": "adds", "removed": "removes", "changed": "changes"}
    for item in nodes:
        if "chg" in item:
            verb = "ends, from a day," if item.get("cut") else verbs[item["chg"]]
            groups[verb][0].append(item["name"])
    for item in edges:
        if "chg" in item:
            verb = "ends, from a day," if item.get("cut") else verbs[item["chg"]]
            names, lines = groups[verb]
            groups[verb] = (names, lines + 1)
    parts = []
    for verb, (names, lines) in groups.items():
        said = [f"{counted(len(names), 'node')}" + (f" ({and_list(names, most=5, sep='; ')})" if names else "")
                if names else "", counted(lines, "line") if lines else ""]
        if any(said):
            parts.append(f"{verb} {' and '.join(x for x in said if x)}")
    return "; ".join(parts) if parts else "changes nothing drawn"


#: The least size of a marked node in the scenario view (vis-network's ``size``; 16 otherwise).
MARKED_SIZE = 22

#: The words a scenario view's label adds under a node's name for each mark.
MARK_WORDS = {"added": "added", "removed": "removed", "changed": "changed", "ended": "ended"}


def _consequences(rows: Iterable[Any], nodes: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """The comparison's rows about a node, as (what happens to it, how) for the scenario view: cover lost or
    gained, a result at risk, a reporting line changed, a governance finding new or resolved."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        if r.id not in nodes or r.change in _QUIET_CHANGES:
            continue
        if r.section == "cover":
            what = r.change
        elif r.section == "money" and r.change == "result at risk":
            what = "result at risk"
        elif r.section == "reporting" and r.kind == "line":
            what = f"reporting line {r.change}"
        elif r.section in ("reporting", "health"):
            what = {"new": "new finding", "resolved": "finding resolved"}.get(r.change, r.change)
        else:
            continue
        how = f"{r.before} → {r.after}" + (f" ({r.detail})" if r.detail else "")
        found[r.id].append((what, how))
    return {nid: ("; ".join(dict.fromkeys(w for w, _ in said)), "; ".join(h for _, h in said))
            for nid, said in found.items()}


def scenario_view(p: Partnership, sc: Any, *, as_of: dt.date | None = None, steps: int | None = 1,
                  max_nodes: int = MAX_NODES) -> View:
    """The scenario view of a scenario file (:class:`queries.scenarios.ScenarioText`) on ``p``: the scenario
    applied and compared (:mod:`queries.scenarios`, on the comparison's day: ``as_of``, else the scenario's,
    else the partnership's default day), drawn by :func:`build_scenario_view` with the comparison's summary in
    its notes and the nodes the comparison names marked. Raises what applying the scenario raises."""
    from queries.scenarios import apply_scenario
    from queries.scenarios.compare import compare_scenario

    applied = apply_scenario(p, sc)
    result = compare_scenario(p, sc, as_of=as_of, applied=applied)
    union = {n.id: n for n in (*p.whole.nodes(), *applied.partnership.whole.nodes())}
    kinds = [str(getattr(c, "change", "")) for c in sc.changes]
    days = [c.from_ for c in sc.changes]
    effective = max(d for d in days if d is not None) if days and None not in days else None
    return build_scenario_view(p, applied.partnership, scenario=result.scenario, file=sc.file, day=result.as_of,
                               basis=result.as_of_basis, touched=applied.touched, removed=applied.removed,
                               kinds=kinds, affected=_consequences(result.rows, union), notes=result.warnings,
                               comparison=result.summary().splitlines()[1:], effective=effective, steps=steps,
                               max_nodes=max_nodes)
