"""Example parameters that run any named query on any partnership.

A query whose parameters all have defaults runs with none; one that needs a node
gets the busiest node of a fitting type (:data:`NODE_CHOICE`) among those in force
on the date the query answers for by default, one that needs dates gets the
synthetic world's reference date and two years before it. The
contract test runs every query on every dataset with these, and the benchmark
times every query with them.
"""

from __future__ import annotations

from typing import Any

from graph_model import NodeType, Partnership
from graph_model.models import ServiceStatus
from loaders.synthetic import REFERENCE_DATE

from .registry import NamedQuery

__all__ = ["NODE_CHOICE", "example_params"]

#: For a query that needs a node: the node types to pick from, best first (highest degree wins).
NODE_CHOICE: dict[str, tuple[NodeType, ...]] = {
    "reporting-line": (NodeType.SUBGROUP,),
    "reports-to": (NodeType.BOARD,),
    "decommission-impact": (NodeType.SERVICE,),
}
_FALLBACK_TYPES = (NodeType.SERVICE, NodeType.SUBGROUP, NodeType.BOARD, NodeType.OUTCOME, NodeType.PARTNER)


def _busiest(p: Partnership, node_type: NodeType) -> str | None:
    """The node of a type with the most edges (an active one, for services)."""
    nodes = p.nodes(node_type)
    if node_type is NodeType.SERVICE:
        nodes = [n for n in nodes if n.status is ServiceStatus.ACTIVE] or nodes  # type: ignore[attr-defined]
    if not nodes:
        return None
    degree = p.degree
    return max(nodes, key=lambda n: degree(n.id)).id


def example_params(query: NamedQuery[Any, Any], p: Partnership) -> dict[str, Any] | None:
    """Sensible parameters for ``query`` on ``p``: the busiest node where one is needed.

    Required ``node`` fields get the highest-degree node of a fitting type;
    required dates get the reference date of the synthetic world and two years
    before it. None when a required field cannot be filled.

    >>> from queries.registry import get_query
    >>> from loaders.synthetic import build, generate
    >>> p = build(generate("s")[0])
    >>> example_params(get_query("health"), p)
    {}
    >>> p.node(example_params(get_query("reports-to"), p)["node"]).type.value
    'Board'
    """
    params: dict[str, Any] = {}
    if query.as_of:
        p = p.as_of(p.default_day())  # the partnership the query will answer on
    for name, info in query.params.model_fields.items():
        if not info.is_required():
            continue
        annotation = str(info.annotation)
        if name == "node":
            types = NODE_CHOICE.get(query.name, _FALLBACK_TYPES)
            node = next((n for t in types if (n := _busiest(p, t))), None)
            if node is None:
                return None
            params[name] = [node] if "list" in annotation else node
        elif "date" in annotation:
            params[name] = REFERENCE_DATE if name != "before" else REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 2)
        else:
            return None
    return params
