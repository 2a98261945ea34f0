"""Small builders for hand-made partnerships in query tests."""

from __future__ import annotations

from typing import Any

from graph_model import Partnership

INFO = {"id": "demo", "name": "Demo partnership"}


def node(node_id: str, node_type: str, **fields: Any) -> dict[str, Any]:
    """A node record; the name defaults to the id in title case."""
    return {"id": node_id, "type": node_type, "name": fields.pop("name", node_id.replace("-", " ").title()), **fields}


def edge(edge_type: str, source: str, target: str, **fields: Any) -> dict[str, Any]:
    """An edge record."""
    return {"type": edge_type, "from": source, "to": target, **fields}


def build(nodes: list[dict[str, Any]], edges: list[dict[str, Any]] | None = None) -> Partnership:
    """A validated partnership from node and edge records."""
    return Partnership.from_records(INFO, nodes=nodes, edges=edges or [])
