"""Domain summaries of a partnership: what ``bookcase show`` prints and the API's summary returns.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "Demo"}, nodes=[
...     {"id": "board", "type": "Board", "name": "Board"},
...     {"id": "icg", "type": "SubGroup", "name": "ICG"},
...     {"id": "forum", "type": "SubGroup", "name": "Youth Forum"}],
...   edges=[{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"},
...          {"type": "INFLUENCES", "from": "forum", "to": "board"}])
>>> s = summarise(p)
>>> [(t["id"], t["bodies_below"]) for t in s["top_boards"]], [u["id"] for u in s["unattached_bodies"]]
([('board', 1)], ['forum'])
"""

from __future__ import annotations

from typing import Any

from .partnership import Partnership
from .schema import EdgeType, NodeType

__all__ = ["bodies_below", "summarise"]


def bodies_below(p: Partnership, top: str) -> int:
    """How many bodies and units sit below ``top`` by formal accountability or reporting, at any depth."""
    below = p.adjacency(EdgeType.ACCOUNTABLE_TO, "in")
    below2 = p.adjacency(EdgeType.REPORTS_TO, "in")
    seen: set[str] = set()
    stack = [top]
    while stack:
        cur = stack.pop()
        for child in below.get(cur, []) + below2.get(cur, []):
            if child not in seen and child != top:
                seen.add(child)
                stack.append(child)
    return len(seen)


def summarise(p: Partnership) -> dict[str, Any]:
    """Counts by type, the top boards (:meth:`Partnership.tops`) with what sits below each, the
    sub-groups outside the reporting structure, the validity range and the generated records."""
    start, end = p.validity_range()
    counts = p.counts()
    node_types = set(NodeType.__members__.values())
    edge_types = set(EdgeType.__members__.values())
    ranked = sorted(((t, bodies_below(p, t)) for t in p.tops()), key=lambda tb: -tb[1])
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
            {"id": t, "name": p.node(t).name, "type": p.node(t).type.value, "bodies_below": below}
            for t, below in ranked
        ],
        "unattached_bodies": [{"id": u, "name": p.node(u).name, "type": p.node(u).type.value}
                              for u in p.unplaced()],
        "valid_from": start.isoformat() if start else None,
        "valid_to": end.isoformat() if end else None,
        "generated_records": generated_nodes + generated_edges,
        "generated_nodes": generated_nodes,
        "generated_edges": generated_edges,
    }
