"""Cypher for analysts: the partnership in an embedded graph engine (LadybugDB), read-only.

A layer over the :class:`~graph_model.Partnership`'s public interface and the query
registry, not a question family:

=====================  ==========================================================
module                 what it holds
=====================  ==========================================================
:mod:`.tables`         the engine's tables, derived from the schema (DDL), and the
                       one mapping of observations to child nodes
:mod:`.load`           the columnar bulk load (``COPY`` from Arrow tables), database
                       files named by the load cache's rule, the path-depth cap
:mod:`.guard`          the read-only guard every door uses: text, plan, limits
:mod:`.graph`          :class:`CypherGraph` and :func:`connect`, the notebook's door
:mod:`.twins`          the named queries' Cypher twins (``texts/NAME.cypher``) and
                       the declared exceptions
:mod:`.bolt`           Neo4j (any Bolt server): push, pull, a Cypher script, and
                       analyst Cypher in read transactions
=====================  ==========================================================

The engine and Arrow are imported when a graph is first opened, not with this package:
the command line maps the guard's errors on every command and must stay quick to start.

Examples
--------
>>> from queries.cypher import connect
>>> connect("york").rows("MATCH (b:Board {id: $id}) RETURN b.name AS name", id="yorok-board")
[{'name': 'YorOK Board'}]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .guard import Answer, CypherFailed, Limits, RefusedStatement

if TYPE_CHECKING:
    from .graph import CypherGraph, connect, open_graph

__all__ = ["Answer", "CypherFailed", "CypherGraph", "Limits", "RefusedStatement", "connect", "open_graph"]


def __getattr__(name: str) -> Any:
    if name in ("CypherGraph", "connect", "open_graph"):
        from . import graph

        return getattr(graph, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
