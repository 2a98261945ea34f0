"""The Cypher twins of the named queries: one parameterised Cypher file per registered query.

Each twin is a file in ``queries/cypher/texts/``, named after its query
(``reporting-line.cypher``), that an analyst can copy. Its head is comment lines:

* ``// part:`` what of the Python answer the Cypher gives (the whole answer, or the part
  Cypher can do when the rest needs more than Cypher: text similarity, betweenness);
* ``// $name:`` one line per parameter, saying what to pass, ending ``(default: VALUE)`` (JSON)
  for a value the twin needs but an analyst rarely changes (every value is a parameter,
  even the status ``"active"``);
* ``// dialect:`` where the text is Ladybug's and how Neo4j writes it.

The twin runs on the graph as it stood on the query's date (:func:`.graph.open_graph`
loads that day's graph, the day ``bookcase query`` answers for), and its answer is tested
equal to the Python implementation's on York, Staffordshire and synthetic s
(``tests/cypher/test_cypher_twins.py``). A registered query with no twin is declared in
:data:`EXCEPTIONS` with the reason; a test fails when a query has neither.

Examples
--------
>>> twin = twins()["interdependencies"]
>>> twin.parameters
('node', 'dependency')
>>> "DEPENDS_ON" in twin.text
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .guard import parameters_named

if TYPE_CHECKING:
    from graph_model import Partnership

__all__ = ["EXCEPTIONS", "PYTHON_PARAMS", "TEXTS", "Twin", "comparable_params", "twins"]

#: Where the twins' files are.
TEXTS = Path(__file__).resolve().parent / "texts"

#: Registered queries with no Cypher twin (yet), each with the reason.
EXCEPTIONS: dict[str, str] = {
    "diff": "it compares the graph on two dates, and a database holds one day's graph (or the whole "
            "history, undated records and plan-inherited spans not resolved).",
    "maturity": "it is a rubric over several answers, not one statement: thirteen criteria, each a count or a "
                "share judged against what the partnership's file declares about its coverage, then a stage "
                "worked out from the verdicts.",
}


@dataclass(frozen=True)
class Twin:
    """One named query's Cypher: the file's text, the part of the answer it gives, its parameters."""

    name: str
    text: str
    part: str
    parameters: tuple[str, ...]
    notes: dict[str, str]

    @property
    def defaults(self) -> dict[str, Any]:
        """The parameters the head gives a default, with it.

        >>> twins()["needs"].defaults
        {'active': 'active'}
        """
        found = {}
        for name in self.parameters:
            default = _DEFAULT.search(self.notes.get(f"${name}", ""))
            if default:
                found[name] = json.loads(default.group(1))
        return found

    @property
    def path(self) -> Path:
        """The file an analyst copies."""
        return TEXTS / f"{self.name}.cypher"


_DEFAULT = re.compile(r"\(default: (.*)\)\s*$")
_HEAD = re.compile(r"^//\s*(\$?[A-Za-z_][A-Za-z0-9_ -]*):\s*(.*)$")


def _read(path: Path) -> Twin:
    text = path.read_text(encoding="utf-8")
    notes: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        found = _HEAD.match(line)
        if found:
            notes[found.group(1)] = found.group(2).strip()
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    parameters = parameters_named(body)
    return Twin(path.stem, text, notes.get("part", "the whole answer"), parameters, notes)


@cache
def twins() -> dict[str, Twin]:
    """Every twin, by its query's name."""
    return {path.stem: _read(path) for path in sorted(TEXTS.glob("*.cypher"))}


#: What the Python query is asked so that its answer holds the rows its twin gives: the whole list
#: rather than its first rows (``limit`` 0), the kinds of link one path pattern follows together,
#: findings on generated stand-ins listed one by one. ``network``'s limit is every actor, and
#: ``duplicates`` blocks as its twin does, with the twin's ``max_block`` and ``cross_partner`` (see
#: :func:`comparable_params`); its near-identical texts are not asked for, since the twin gives none.
PYTHON_PARAMS: dict[str, dict[str, Any]] = {
    "service-map": {"limit": 0},
    "value": {"limit": 0},
    "indicators": {"limit": 0},
    "commissioning": {"limit": 0},
    "needs": {"limit": 0},
    "health": {"include_generated": True},
    "reports-to": {"kind": ["formal", "reporting", "supports"]},
    "duplicates": {"limit": 0, "text": False},
}


def _busiest_dependent_outcome(partnership: Partnership) -> list[str]:
    """The outcome with the most DEPENDS_ON links (any outcome when none has one), as a list."""
    from collections import Counter

    from graph_model import EdgeType, NodeType

    links = Counter(end for e in partnership.edges(EdgeType.DEPENDS_ON) for end in (e.from_, e.to))
    if links:
        return [min(links, key=lambda n: (-links[n], n))]
    return [o.id for o in partnership.nodes(NodeType.OUTCOME)][:1]


def comparable_params(name: str, partnership: Partnership, node: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The parameters to give a twin (its file's defaults included) and its Python query so that the two
    answers can be compared, on ``partnership`` as of the day its queries answer for.

    A twin that asks for ``$node`` gets ``node``, or else the node the benchmark and the contract test
    ask about (:func:`queries.examples.example_params`; for ``interdependencies``, the outcome with the
    most dependency links), and the Python query the same node.

    >>> from loaders import load_bundled
    >>> comparable_params("needs", load_bundled("york"))
    ({'active': 'active'}, {'limit': 0})
    """
    from graph_model import NodeType
    from queries.examples import example_params
    from queries.registry import get_query

    twin = twins()[name]
    day = partnership.as_of(partnership.default_day())
    twin_params, python_params = dict(twin.defaults), dict(PYTHON_PARAMS.get(name, {}))
    if "node" in twin.parameters:
        if node is None:
            if name == "interdependencies":
                node = _busiest_dependent_outcome(day)
            else:
                found = example_params(get_query(name), day)
                node = None if found is None else found.get("node")
        twin_params["node"] = python_params["node"] = node
    if name == "network":
        python_params["limit"] = max(1, len(day.nodes(NodeType.PARTNER)) + len(day.nodes(NodeType.POST)))
    if name == "duplicates":
        python_params.update({k: twin_params[k] for k in ("max_block", "cross_partner")})
    return twin_params, python_params
