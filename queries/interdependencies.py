"""Outcome interdependencies: what an outcome depends on, what depends on it, and clusters.

Seed 003 (Part 5) asks for "mapping of outcome inter-dependencies": reducing
obesity relies on better diet and more exercise; better diet also helps behaviour
and resistance to disease; attendance, achievement and freedom from bullying are
interrelated. Localities "may choose to express their problems in terms of
groups of interdependent outcomes".

``interdependencies``
    * For each outcome named in ``node``: every outcome it depends on, directly or
      through others (following DEPENDS_ON edges forwards), and every outcome that
      depends on it (following them backwards), each with its distance and one
      shortest path.
    * **Clusters** are the *weakly* connected components of the DEPENDS_ON graph
      with two or more outcomes: outcomes linked by dependency in either
      direction, which is the "group of interdependent outcomes" a locality can
      work on together. Inside each cluster, the *strongly* connected parts
      (outcomes that depend on each other in a loop, like attendance, achievement
      and freedom from bullying) are listed as ``mutual``.
    * Without ``node``, the answer is the clusters; with it, the clusters that
      hold the outcomes named.

Every step is linear in the number of outcomes and DEPENDS_ON edges.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
...     {"id": n, "type": "Outcome", "name": n.replace("-", " ").capitalize()}
...     for n in ("less-obesity", "better-diet", "more-exercise")],
...   edges=[{"type": "DEPENDS_ON", "from": "less-obesity", "to": "better-diet"},
...          {"type": "DEPENDS_ON", "from": "less-obesity", "to": "more-exercise"}])
>>> r = interdependencies(p, InterdependenciesParams(node=["less-obesity"]))
>>> print(r.summary())
Less obesity depends on Better diet and More exercise; nothing depends on it.
1 cluster of interdependent outcomes: Less obesity, Better diet and More exercise.
"""

from __future__ import annotations

from collections import deque
from typing import Any, ClassVar, Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership

from .common import NodeRef, and_list, node_ref, resolve_nodes
from .registry import QueryParams, QueryResult, register

__all__ = [
    "Cluster",
    "Dependency",
    "InterdependenciesParams",
    "InterdependenciesResult",
    "OutcomeTrace",
    "interdependencies",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "interdependencies"


class InterdependenciesParams(QueryParams):
    node: list[str] = Field(default_factory=list, description="Outcomes to trace (ids or exact names); "
                                                              "without, only the clusters.")


class Dependency(BaseModel):
    """An outcome reached along DEPENDS_ON, with the shortest path to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: NodeRef
    distance: int = Field(description="DEPENDS_ON steps: 1 for a direct dependency.")
    path: list[NodeRef] = Field(description="The DEPENDS_ON chain joining the two, in edge direction "
                                                     "(the dependent outcome first).")


class OutcomeTrace(BaseModel):
    """What one outcome depends on, and what depends on it, transitively."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: NodeRef
    depends_on: list[Dependency]
    needed_by: list[Dependency]


class Cluster(BaseModel):
    """A group of outcomes linked by dependency in either direction."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcomes: list[NodeRef]
    mutual: list[list[NodeRef]] = Field(description="Sets of outcomes that depend on each other in a loop.")
    links: int = Field(description="DEPENDS_ON edges inside the cluster.")


class InterdependenciesResult(QueryResult):
    traces: list[OutcomeTrace]
    clusters: list[Cluster]

    columns: ClassVar[tuple[str, ...]] = ("outcome", "direction", "other_id", "other", "distance", "path")

    def table(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for t in self.traces:
            for direction, deps in (("depends on", t.depends_on), ("needed by", t.needed_by)):
                rows += [{"outcome": t.outcome.name, "direction": direction, "other_id": d.outcome.id,
                          "other": d.outcome.name, "distance": d.distance,
                          "path": " → ".join(n.name for n in d.path)} for d in deps]
        if not self.traces:
            for i, c in enumerate(self.clusters, 1):
                rows += [{"outcome": o.name, "direction": "in cluster", "other_id": None,
                          "other": f"cluster {i} ({len(c.outcomes)} outcomes)", "distance": None, "path": None}
                         for o in c.outcomes]
        return rows

    def summary(self) -> str:
        lines = []
        for t in self.traces:
            deps = and_list([d.outcome.label for d in t.depends_on]) or "nothing"
            needed = and_list([d.outcome.label for d in t.needed_by])
            tail = f"{needed} depend{'s' if len(t.needed_by) == 1 else ''} on it" if needed else \
                "nothing depends on it"
            lines.append(f"{t.outcome.label} depends on {deps}; {tail}.")
        if self.clusters:
            count = len(self.clusters)
            head = f"{count} cluster{'s' if count != 1 else ''} of interdependent outcomes"
            parts = [and_list([o.label for o in c.outcomes]) for c in self.clusters[:5]]
            lines.append(f"{head}: " + "; ".join(parts) + ("; …" if count > 5 else "") + ".")
            loops = [m for c in self.clusters for m in c.mutual]
            if loops:
                lines.append("Mutually dependent: " + "; ".join(and_list([o.label for o in m]) for m in loops[:5])
                             + ".")
        elif not self.traces:
            lines.append("No outcome depends on another.")
        return "\n".join(lines)


def _reach(start: str, adj: dict[str, list[str]]) -> tuple[dict[str, int], dict[str, str]]:
    """Breadth-first distances and parents from ``start`` along ``adj``."""
    dist, parent = {start: 0}, {}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for nxt in adj.get(here, ()):
            if nxt not in dist:
                dist[nxt], parent[nxt] = dist[here] + 1, here
                queue.append(nxt)
    return dist, parent


def _trace(p: Partnership, start: str, adj: dict[str, list[str]], direction: Literal["out", "in"]) -> list[Dependency]:
    dist, parent = _reach(start, adj)
    found = []
    for nid, d in dist.items():
        if nid == start:
            continue
        path = [nid]
        while path[-1] != start:
            path.append(parent[path[-1]])
        if direction == "out":
            path.reverse()
        found.append(Dependency(outcome=node_ref(p, nid), distance=d, path=[node_ref(p, x) for x in path]))
    return found


@register("interdependencies", family=FAMILY, purpose="What an outcome depends on and what depends "
          "on it, transitively; clusters of interdependent outcomes.", params=InterdependenciesParams,
          result=InterdependenciesResult)
def interdependencies(p: Partnership, params: InterdependenciesParams) -> InterdependenciesResult:
    """Trace DEPENDS_ON from the outcomes named and group outcomes into clusters (see the module docstring).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": n, "type": "Outcome", "name": n} for n in ("attendance", "achievement", "bullying")],
    ...   edges=[{"type": "DEPENDS_ON", "from": a, "to": b}
    ...          for a, b in (("attendance", "achievement"), ("achievement", "bullying"), ("bullying", "attendance"))])
    >>> [[o.id for o in m] for m in interdependencies(p, InterdependenciesParams()).clusters[0].mutual]
    [['attendance', 'achievement', 'bullying']]
    """
    focus = resolve_nodes(p, params.node, query="interdependencies", types=[NodeType.OUTCOME])
    down = p.adjacency(EdgeType.DEPENDS_ON, "out")
    up = p.adjacency(EdgeType.DEPENDS_ON, "in")
    traces = [OutcomeTrace(outcome=node_ref(p, o), depends_on=_trace(p, o, down, "out"),
                           needed_by=_trace(p, o, up, "in")) for o in focus]

    order = {o.id: i for i, o in enumerate(p.nodes(NodeType.OUTCOME))}
    g: nx.DiGraph = nx.DiGraph()
    g.add_edges_from((a, b) for a, targets in down.items() for b in targets)
    loops: dict[str, list[str]] = {}
    for scc in nx.strongly_connected_components(g):
        if len(scc) > 1:
            members = sorted(scc, key=order.__getitem__)
            loops[members[0]] = members
    wanted = set(focus)
    clusters = []
    for component in nx.weakly_connected_components(g):
        if wanted and wanted.isdisjoint(component):
            continue
        members = sorted(component, key=order.__getitem__)
        mutual = [loops[o] for o in members if o in loops]
        clusters.append(Cluster(outcomes=[node_ref(p, o) for o in members],
                                mutual=[[node_ref(p, o) for o in m] for m in mutual],
                                links=sum(g.out_degree(o) for o in members)))
    clusters.sort(key=lambda c: (-len(c.outcomes), order[c.outcomes[0].id]))
    return InterdependenciesResult(traces=traces, clusters=clusters)
