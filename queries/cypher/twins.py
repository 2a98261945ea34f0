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
from typing import Any

__all__ = ["EXCEPTIONS", "TEXTS", "Twin", "twins"]

#: Where the twins' files are.
TEXTS = Path(__file__).resolve().parent / "texts"

#: Registered queries with no Cypher twin (yet), each with the reason.
EXCEPTIONS: dict[str, str] = {
    "duplicates": "its score weighs text similarity of descriptions and kinds of provider (Python's word "
                  "sets and rapidfuzz); the overlap on outcome, cohort and locality alone is not the answer.",
    "diff": "it compares the graph on two dates, and a database holds one day's graph (or the whole "
            "history, undated records and plan-inherited spans not resolved).",
    "reporting-line": "its line takes the strongest link at each step (formal, then reporting, then "
                      "delegation read backwards), mixing directions a Cypher path pattern cannot; no twin "
                      "written yet for the set of nodes above.",
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


_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
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
    parameters = tuple(dict.fromkeys(_PARAMETER.findall(body)))
    return Twin(path.stem, text, notes.get("part", "the whole answer"), parameters, notes)


@cache
def twins() -> dict[str, Twin]:
    """Every twin, by its query's name."""
    return {path.stem: _read(path) for path in sorted(TEXTS.glob("*.cypher"))}
