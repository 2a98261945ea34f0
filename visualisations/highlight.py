"""A named query's answer as a view's highlight: the nodes and edges the answer says it is about.

The query is run through the registry (:func:`queries.registry.run_query`) and its result says
which nodes and edges it is about (``QueryResult.about``), so a view highlights any query's answer
without knowing how the query works.

Examples
--------
>>> parse_highlight("reporting-line:node=icg")
('reporting-line', {'node': 'icg'})
>>> parse_highlight("duplicates")
('duplicates', {})
>>> from loaders import load_bundled
>>> h = query_highlight(load_bundled("york"), "reporting-line:node=icg")
>>> h.nodes[:2], "icg--accountable_to--yorok-board" in h.edges
(('icg', 'yorok-board'), True)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph_model import InvalidParameters, Partnership

from .views import Highlight

__all__ = ["parse_highlight", "query_highlight"]


def parse_highlight(spec: str) -> tuple[str, dict[str, Any]]:
    """``QUERY[:NAME=VALUE,NAME=VALUE…]`` as the query's name and its parameters (a name given twice
    becomes a list). Raises :class:`InvalidParameters` for a parameter with no ``=``."""
    name, _, rest = spec.partition(":")
    params: dict[str, Any] = {}
    for part in filter(None, (piece.strip() for piece in rest.split(","))):
        key, eq, value = part.partition("=")
        if not eq or not key.strip():
            raise InvalidParameters(name.strip(), [f"'{part}': write each parameter as NAME=VALUE, e.g. node=icg"])
        key, value = key.strip().replace("-", "_"), value.strip()
        if key in params:
            params[key] = [*params[key], value] if isinstance(params[key], list) else [params[key], value]
        else:
            params[key] = value
    return name.strip(), params


def query_highlight(p: Partnership, spec: str, *, as_of: dt.date | None = None) -> Highlight:
    """Run the query ``spec`` names (see :func:`parse_highlight`) on ``p`` for ``as_of`` and return what
    its answer is about, labelled with the query and the first sentence of its summary."""
    from queries.registry import run_query

    name, params = parse_highlight(spec)
    result = run_query(name, p, params, as_of=as_of)
    about = result.about(p)
    asked = ", ".join(f"{k}={v}" for k, v in params.items())
    first = result.summary().strip().split("\n")[0]
    label = f"{name}{f' ({asked})' if asked else ''}"
    return Highlight(label=label, nodes=tuple(about.nodes), edges=tuple(about.edges), summary=first)
