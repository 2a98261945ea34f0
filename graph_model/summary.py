"""Domain summaries of a partnership: what ``bookcase show`` prints and the API's summary returns.

What sits **below** a body is defined once, here (:data:`DOWNWARD`, :func:`descend`,
:func:`below`), and the ``reports-to`` query walks the same links by default, so
``bookcase show`` and ``bookcase query reports-to`` count the same nodes. A node sits
below ``top`` when, at any depth, it is accountable or reports to a node below it
(ACCOUNTABLE_TO, REPORTS_TO), or receives powers delegated by one (DELEGATES_TO). The
count is given in two parts: the **bodies** (boards and sub-groups) and the **units**.
Voice (INFLUENCES) puts nothing below anything, and nor does **support** (SUPPORTS): a
unit that supports a body serves it, as York's "virtual hub" of council finance, HR,
legal and audit serves the Integrated Commissioning Group, and does not report to it.
The units that support ``top`` or a node below it are listed apart (:data:`SUPPORT`,
``Below.support``), never counted among the nodes below. A link that holds only on a
condition is not a placement either (:func:`occasional`): York's ICG reports to the
council's advisory panel "as necessary", so nothing sits below that panel, and powers
that *may* be delegated (``conditional``) put the body that may receive them below no one.

What a **seat** is is defined here too (:func:`seats`), for the ``network`` query's
board load and the ``reporting-line`` query's seats alike: a partner or post holds
one seat on each body it is a member of or chairs (a post that both chairs a body
and is a member of it holds one seat there), and a partner also holds the seats of
the posts it employs. A seat is membership, not a line upwards: nothing sits *below*
a body because it has a seat on it.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "Demo"}, nodes=[
...     {"id": "board", "type": "Board", "name": "Board"},
...     {"id": "icg", "type": "SubGroup", "name": "ICG"},
...     {"id": "ctu", "type": "Unit", "name": "Children's Trust Unit"},
...     {"id": "forum", "type": "SubGroup", "name": "Youth Forum"}],
...   edges=[{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"},
...          {"type": "SUPPORTS", "from": "ctu", "to": "icg"},
...          {"type": "INFLUENCES", "from": "forum", "to": "board"}])
>>> s = summarise(p)
>>> [(t["id"], t["bodies_below"], t["units_below"], t["support_units"]) for t in s["top_boards"]]
[('board', 1, 0, 1)]
>>> [u["id"] for u in s["unattached_bodies"]]
['forum']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from .partnership import Direction, Partnership
from .schema import BODY_TYPES, EdgeType, NodeType

__all__ = ["DOWNWARD", "SEAT_EDGES", "SUPPORT", "Below", "Placed", "Seat", "below", "bodies_below", "condition_of", "descend", "occasional",
           "seats",
           "seats_of", "summarise"]

#: The links that put one node below another, strongest first: each edge type with the
#: direction that leads *down* it (a sub-group is ACCOUNTABLE_TO the board above it; a
#: board DELEGATES_TO the body below it). The one definition of "below a body".
DOWNWARD: tuple[tuple[EdgeType, Direction], ...] = (
    (EdgeType.ACCOUNTABLE_TO, "in"),
    (EdgeType.REPORTS_TO, "in"),
    (EdgeType.DELEGATES_TO, "out"),
)

#: Support, not a line: the units that SUPPORT a body serve it and are listed apart from what sits below it.
SUPPORT: tuple[EdgeType, Direction] = (EdgeType.SUPPORTS, "in")

#: The links by which a partner or post holds a seat on a body (see :func:`seats`).
SEAT_EDGES: tuple[EdgeType, ...] = (EdgeType.MEMBER_OF, EdgeType.CHAIRS)


class Placed(NamedTuple):
    """Where :func:`descend` first reached a node: its parent, the index of the step, its depth."""

    parent: str | None
    step: int | None
    depth: int


class Below(NamedTuple):
    """The ids below a top (:func:`below`), bodies and units apart, each in the order reached, and the units
    that support the top or a node below it (``support``: listed apart, not below)."""

    bodies: tuple[str, ...]
    units: tuple[str, ...]
    support: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """Bodies and units together (support units are not below, so not counted)."""
        return len(self.bodies) + len(self.units)


def descend(p: Partnership, top: str, steps: Sequence[tuple[EdgeType, Direction]] = DOWNWARD, *,
            depth: int | None = None) -> dict[str, Placed]:
    """Every node reached down from ``top`` by ``steps``, breadth first, each at its shallowest depth.

    At each node the steps are tried in order, so a child reached two ways is placed by the
    first. ``top`` itself is placed with no parent at depth 0; ``depth`` stops the walk there.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "b", "type": "Board", "name": "B"}, {"id": "g", "type": "SubGroup", "name": "G"},
    ...     {"id": "u", "type": "Unit", "name": "U"}],
    ...   edges=[{"type": "REPORTS_TO", "from": "g", "to": "b"}, {"type": "ACCOUNTABLE_TO", "from": "u", "to": "g"}])
    >>> descend(p, "b")
    {'b': Placed(parent=None, step=None, depth=0), 'g': Placed(parent='b', step=1, depth=1), \
'u': Placed(parent='g', step=0, depth=2)}
    """
    maps = [_placing(p, et, d) for et, d in steps]
    placed = {top: Placed(None, None, 0)}
    queue = deque([top])
    while queue:
        nid = queue.popleft()
        here = placed[nid].depth
        if depth is not None and here >= depth:
            continue
        for i, adj in enumerate(maps):
            for child in adj.get(nid, ()):
                if child not in placed:
                    placed[child] = Placed(nid, i, here + 1)
                    queue.append(child)
    return placed


def condition_of(e: Any) -> str | None:
    """The condition a link holds on, in words, or None: a report's own (``as necessary``), or ``may be
    delegated`` for powers that may be delegated (``conditional``). Such a link places nothing."""
    if getattr(e, "conditional", None):
        return "may be delegated"
    found = getattr(e, "condition", None)
    return str(found) if found else None


def _is_occasional(e: Any) -> bool:
    """A link that holds only on a condition (:func:`condition_of`)."""
    return condition_of(e) is not None


def _placing(p: Partnership, edge_type: EdgeType, direction: Direction) -> dict[str, list[str]]:
    """:meth:`Partnership.adjacency` without the occasional links (:func:`_is_occasional`), which place nothing."""
    edges = p.edges(edge_type)
    if not any(map(_is_occasional, edges)):
        return p.adjacency(edge_type, direction)
    found: dict[str, list[str]] = {}
    for e in edges:
        if not _is_occasional(e):
            a, b = (e.from_, e.to) if direction == "out" else (e.to, e.from_)
            found.setdefault(a, []).append(b)
    return found


def occasional(p: Partnership, nodes: Sequence[str]) -> list[tuple[str, str, str]]:
    """The occasional links *into* ``nodes`` as (from, to, condition): reports made only on a condition and
    powers that may be delegated, which place nothing below anything but are worth saying.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "panel", "type": "Board", "name": "Panel"}, {"id": "icg", "type": "SubGroup", "name": "ICG"}],
    ...   edges=[{"type": "REPORTS_TO", "from": "icg", "to": "panel", "condition": "as necessary"}])
    >>> below(p, "panel").bodies, occasional(p, ["panel"])
    ((), [('icg', 'panel', 'as necessary')])
    """
    wanted = set(nodes)
    found = [(e.from_, e.to, condition_of(e) or "") for e in p.edges(EdgeType.REPORTS_TO)
             if e.to in wanted and _is_occasional(e)]
    found += [(e.to, e.from_, condition_of(e) or "") for e in p.edges(EdgeType.DELEGATES_TO)
              if e.from_ in wanted and _is_occasional(e)]
    return found


def below(p: Partnership, top: str) -> Below:
    """The bodies and the units below ``top`` at any depth, by :data:`DOWNWARD` (see the module docstring).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "b", "type": "Board", "name": "B"}, {"id": "g", "type": "SubGroup", "name": "G"},
    ...     {"id": "u", "type": "Unit", "name": "U"}],
    ...   edges=[{"type": "REPORTS_TO", "from": "g", "to": "b"}, {"type": "SUPPORTS", "from": "u", "to": "g"}])
    >>> below(p, "b")
    Below(bodies=('g',), units=(), support=('u',))
    """
    placed = descend(p, top)
    under = [n for n in placed if n != top]
    helpers = p.adjacency(*SUPPORT)
    support = dict.fromkeys(u for n in placed for u in helpers.get(n, ()) if u not in placed)
    return Below(bodies=tuple(n for n in under if p.node(n).type in BODY_TYPES),
                 units=tuple(n for n in under if p.node(n).type not in BODY_TYPES), support=tuple(support))


def bodies_below(p: Partnership, top: str) -> int:
    """How many bodies (boards and sub-groups) sit below ``top`` at any depth: ``len(below(p, top).bodies)``."""
    return len(below(p, top).bodies)


class Seat(NamedTuple):
    """One seat on a body (:func:`seats`): the body, who sits there (the partner or post itself, or a post the
    partner employs), and whether they chair it."""

    body: str
    holder: str
    chairs: bool


def seats(p: Partnership, actor: str) -> tuple[Seat, ...]:
    """The seats a partner or post holds on bodies: the one definition of a seat (see the module docstring).

    A post holds one seat on each body it is a member of or chairs; a partner holds its own
    seats and those of each post it employs (``holder`` says who sits). Seats come in the order
    of the links, the partner's own first, memberships before bodies only chaired. Read through
    the partnership's cached adjacency maps, so a call costs the seats it finds.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "council", "type": "Partner", "name": "Council"},
    ...     {"id": "dcs", "type": "Post", "name": "Director of Children's Services"},
    ...     {"id": "icg", "type": "SubGroup", "name": "ICG"}, {"id": "board", "type": "Board", "name": "Board"}],
    ...   edges=[{"type": "EMPLOYS", "from": "council", "to": "dcs"}, {"type": "CHAIRS", "from": "dcs", "to": "icg"},
    ...          {"type": "MEMBER_OF", "from": "dcs", "to": "icg"}, {"type": "MEMBER_OF", "from": "council", "to": "board"}])
    >>> seats(p, "council")
    (Seat(body='board', holder='council', chairs=False), Seat(body='icg', holder='dcs', chairs=True))
    """
    return seats_of(p, [actor])[0]


def seats_of(p: Partnership, actors: Iterable[str]) -> list[tuple[Seat, ...]]:
    """:func:`seats` of each of ``actors``, in order, looking the adjacency maps up once for all of them.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "pct", "type": "Partner", "name": "PCT"}, {"id": "board", "type": "Board", "name": "Board"}],
    ...   edges=[{"type": "MEMBER_OF", "from": "pct", "to": "board"}])
    >>> [len(found) for found in seats_of(p, ["pct", "board"])]
    [1, 0]
    """
    member = p.adjacency(EdgeType.MEMBER_OF, "out")
    chairs = p.adjacency(EdgeType.CHAIRS, "out")
    employs = p.adjacency(EdgeType.EMPLOYS, "out")
    no: tuple[str, ...] = ()

    def own(holder: str) -> list[Seat]:
        """The seats ``holder`` sits in itself, one per body."""
        joined, chaired = member.get(holder, no), chairs.get(holder, no)
        if not chaired:
            return [Seat(body, holder, False) for body in dict.fromkeys(joined)]
        return [Seat(body, holder, body in chaired) for body in dict.fromkeys([*joined, *chaired])]

    found: list[tuple[Seat, ...]] = []
    for actor in actors:
        held = own(actor)
        for post in dict.fromkeys(employs.get(actor, no)):  # only a partner employs
            held += own(post)
        found.append(tuple(held))
    return found


def summarise(p: Partnership) -> dict[str, Any]:
    """Counts by type, the top boards (:meth:`Partnership.tops`) with the bodies and units below each
    (:func:`below`: ``bodies_below``, ``units_below`` and their sum ``below``; the units that support them,
    not below, as ``support_units``), the
    sub-groups outside the reporting structure, the validity range and the generated records."""
    start, end = p.validity_range()
    counts = p.counts()
    node_types = set(NodeType.__members__.values())
    edge_types = set(EdgeType.__members__.values())
    ranked = sorted(((t, below(p, t)) for t in p.tops()), key=lambda tb: (-tb[1].total, -len(tb[1].bodies)))
    generated_nodes = sum(1 for r in p.nodes() if r.generated)
    generated_edges = sum(1 for r in p.edges() if r.generated)
    return {
        "id": p.info.id,
        "name": p.info.name,
        "area": p.info.area,
        "nodes": len(p),
        "edges": p.edge_count,
        "node_counts": {k: v for k, v in counts.items() if k in node_types},
        "edge_counts": {k: v for k, v in counts.items() if k in edge_types},
        "top_boards": [
            {"id": t, "name": p.node(t).name, "type": p.node(t).type.value,
             "bodies_below": len(under.bodies), "units_below": len(under.units), "below": under.total,
             "support_units": len(under.support),
             "occasional": [{"id": a, "name": p.node(a).name, "condition": c}
                            for a, b, c in occasional(p, [t]) if b == t]}
            for t, under in ranked
        ],
        "unattached_bodies": [{"id": u, "name": p.node(u).name, "type": p.node(u).type.value}
                              for u in p.unplaced()],
        "valid_from": start.isoformat() if start else None,
        "valid_to": end.isoformat() if end else None,
        "generated_records": generated_nodes + generated_edges,
        "generated_nodes": generated_nodes,
        "generated_edges": generated_edges,
    }
