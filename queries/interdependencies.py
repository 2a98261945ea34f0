"""Outcome interdependencies: what an outcome depends on, what depends on it, and clusters.

Seed 003 (Part 5) asks for "mapping of outcome inter-dependencies": reducing
obesity relies on better diet and more exercise; better diet also helps behaviour
and resistance to disease; attendance, achievement and freedom from bullying are
interrelated. Localities "may choose to express their problems in terms of
groups of interdependent outcomes".

A DEPENDS_ON edge is one of two kinds (``DependsOn.kind``):

* a **dependency** (``kind: dependency``): one outcome needs the other, as the
  document says less obesity needs a better diet;
* a **roll-up** (``kind: roll-up``): the other outcome is one part of a wider one,
  such as a concrete outcome under an Every Child Matters outcome ("exercise is a
  way of enjoying and achieving"). Most roll-ups are the project's mapping, and
  the data marks those ``assumed``.

Only dependencies make groups of interdependent outcomes. A roll-up ties many
concrete outcomes to one wide outcome, so following it would join every group
under one ECM outcome into a single cluster; roll-ups are listed apart, as
"under" the wider outcome, and never join two clusters.

``interdependencies``
    * For each outcome named in ``node``: every outcome it depends on, directly or
      through others (following dependencies forwards), and every outcome that
      depends on it (following them backwards), each with its distance and one
      shortest path; and, apart, the wider outcomes it sits under and the
      outcomes that sit under it (roll-ups).
    * **Clusters** are the *weakly* connected components of the dependencies with
      two or more outcomes: outcomes linked by dependency in either direction,
      which is the "group of interdependent outcomes" a locality can work on
      together. Inside each cluster, the *strongly* connected parts (outcomes
      that depend on each other in a loop, like attendance, achievement and
      freedom from bullying) are listed as ``mutual``.
    * **Roll-ups** list which outcomes sit under which wider outcome, each marked
      when it is the project's mapping rather than a document's statement.
    * Without ``node``, the answer is the clusters and every roll-up; with it, the
      clusters that hold the outcomes named (or the outcomes under them) and the
      roll-ups that touch those outcomes.

Every step is linear in the number of outcomes and DEPENDS_ON edges.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
...     {"id": n, "type": "Outcome", "name": n.replace("-", " ").capitalize()}
...     for n in ("be-healthy", "less-obesity", "better-diet", "more-exercise")],
...   edges=[{"type": "DEPENDS_ON", "from": "less-obesity", "to": "better-diet"},
...          {"type": "DEPENDS_ON", "from": "less-obesity", "to": "more-exercise"},
...          {"type": "DEPENDS_ON", "from": "be-healthy", "to": "less-obesity", "kind": "roll-up",
...           "assumed": True}])
>>> r = interdependencies(p, InterdependenciesParams(node=["less-obesity"]))
>>> print(r.summary())
Less obesity depends on Better diet and More exercise; nothing depends on it. It sits under Be healthy (the project's mapping).
1 cluster of interdependent outcomes: Less obesity, Better diet and More exercise.
Under wider outcomes (a roll-up, not a dependency; it joins no clusters): under Be healthy, Less obesity (the project's mapping).
"""

from __future__ import annotations

from collections import deque
from typing import Any, ClassVar, Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership

from .common import NodeRef, Refs, and_list, node_ref, resolve_nodes
from .registry import QueryParams, QueryResult, register

__all__ = [
    "Cluster",
    "Dependency",
    "InterdependenciesParams",
    "InterdependenciesResult",
    "OutcomeTrace",
    "RollUp",
    "interdependencies",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "interdependencies"

#: How a summary marks a roll-up that is the project's mapping rather than a document's statement.
MAPPED = "the project's mapping"


class InterdependenciesParams(QueryParams):
    node: list[str] = Field(default_factory=list, description="Outcomes to trace (ids or exact names); "
                                                              "without, only the clusters and roll-ups.")


class Dependency(BaseModel):
    """An outcome reached along dependencies (``kind: dependency``), with the shortest path to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: NodeRef
    distance: int = Field(description="Dependency steps: 1 for a direct dependency.")
    path: list[NodeRef] = Field(description="The chain of dependencies joining the two, in edge direction "
                                            "(the dependent outcome first).")


class RollUp(BaseModel):
    """An outcome that is one part of a wider outcome (``kind: roll-up``): not a dependency."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    part: NodeRef = Field(description="The outcome that sits under the wider one (a concrete outcome).")
    wider: NodeRef = Field(description="The wider outcome (an Every Child Matters outcome).")
    assumed: bool = Field(description="True when the roll-up is the project's mapping, not a document's statement.")


class OutcomeTrace(BaseModel):
    """What one outcome depends on, and what depends on it, transitively; and the roll-ups it is in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: NodeRef
    depends_on: list[Dependency]
    needed_by: list[Dependency]
    under: list[RollUp] = Field(default_factory=list, description="The wider outcomes it sits under.")
    parts: list[RollUp] = Field(default_factory=list, description="The outcomes that sit under it.")


class Cluster(BaseModel):
    """A group of outcomes linked by dependency in either direction (roll-ups left out)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcomes: list[NodeRef]
    mutual: list[list[NodeRef]] = Field(description="Sets of outcomes that depend on each other in a loop.")
    links: int = Field(description="Dependencies (DEPENDS_ON edges of kind 'dependency') inside the cluster.")


def _roll_up_link(r: RollUp) -> str:
    return f"roll-up ({MAPPED})" if r.assumed else "roll-up (stated)"


def _roll_up_names(items: list[RollUp], side: Literal["part", "wider"]) -> str:
    """The outcomes on one side of some roll-ups, those a document states first, then the project's mapping."""
    stated = [getattr(r, side).label for r in items if not r.assumed]
    mapped = [getattr(r, side).label for r in items if r.assumed]
    if not mapped:
        return and_list(stated)
    if not stated:
        return f"{and_list(mapped)} ({MAPPED})"
    return f"{and_list(stated)} (as a document states), {and_list(mapped)} ({MAPPED})"


class InterdependenciesResult(QueryResult):
    traces: list[OutcomeTrace]
    clusters: list[Cluster]
    roll_ups: list[RollUp] = Field(default_factory=list, description="Outcomes under a wider outcome, listed apart "
                                                                     "from the clusters, which they never join.")

    columns: ClassVar[tuple[str, ...]] = ("outcome", "direction", "other_id", "other", "distance", "path", "link")

    def table(self) -> list[dict[str, Any]]:
        """With outcomes named, their traces; without, each cluster's outcomes. Then the roll-ups (``sits under``)."""
        rows: list[dict[str, Any]] = []
        for t in self.traces:
            for direction, deps in (("depends on", t.depends_on), ("needed by", t.needed_by)):
                rows += [{"outcome": t.outcome.name, "direction": direction, "other_id": d.outcome.id,
                          "other": d.outcome.name, "distance": d.distance,
                          "path": " → ".join(n.name for n in d.path), "link": "dependency"} for d in deps]
        if not self.traces:
            for i, c in enumerate(self.clusters, 1):
                rows += [{"outcome": o.name, "direction": "in cluster", "other_id": None,
                          "other": f"cluster {i} ({len(c.outcomes)} outcomes)", "distance": None, "path": None,
                          "link": "dependency"}
                         for o in c.outcomes]
        rows += [{"outcome": r.part.name, "direction": "sits under", "other_id": r.wider.id, "other": r.wider.name,
                  "distance": None, "path": None, "link": _roll_up_link(r)} for r in self.roll_ups]
        return rows

    def summary(self) -> str:
        lines = []
        for t in self.traces:
            deps = and_list([d.outcome.label for d in t.depends_on]) or "nothing"
            needed = and_list([d.outcome.label for d in t.needed_by])
            tail = f"{needed} depend{'s' if len(t.needed_by) == 1 else ''} on it" if needed else \
                "nothing depends on it"
            line = f"{t.outcome.label} depends on {deps}; {tail}."
            if t.under:
                line += f" It sits under {_roll_up_names(t.under, 'wider')}."
            if t.parts:
                line += f" Under it sit {_roll_up_names(t.parts, 'part')}."
            lines.append(line)
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
        if self.roll_ups:
            groups: dict[str, list[RollUp]] = {}
            for r in self.roll_ups:
                groups.setdefault(r.wider.id, []).append(r)
            shown = [f"under {items[0].wider.label}, {_roll_up_names(items, 'part')}"
                     for items in list(groups.values())[:6]]
            lines.append("Under wider outcomes (a roll-up, not a dependency; it joins no clusters): "
                         + "; ".join(shown) + ("; …" if len(groups) > 6 else "") + ".")
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
    """Trace dependencies from the outcomes named and group outcomes into clusters (see the module docstring).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": n, "type": "Outcome", "name": n} for n in ("attendance", "achievement", "bullying", "ecm")],
    ...   edges=[{"type": "DEPENDS_ON", "from": a, "to": b}
    ...          for a, b in (("attendance", "achievement"), ("achievement", "bullying"), ("bullying", "attendance"))]
    ...        + [{"type": "DEPENDS_ON", "from": "ecm", "to": "attendance", "kind": "roll-up"}])
    >>> r = interdependencies(p, InterdependenciesParams())
    >>> [[o.id for o in m] for m in r.clusters[0].mutual], [(u.part.id, u.wider.id) for u in r.roll_ups]
    ([['attendance', 'achievement', 'bullying']], [('attendance', 'ecm')])
    """
    focus = resolve_nodes(p, params.node, query="interdependencies", types=[NodeType.OUTCOME])
    down: dict[str, list[str]] = {}
    up: dict[str, list[str]] = {}
    rolled: list[tuple[str, str, bool]] = []  # (part, wider, assumed)
    for e in p.edges(EdgeType.DEPENDS_ON):
        if e.kind == "roll-up":  # type: ignore[attr-defined]
            rolled.append((e.to, e.from_, e.assumed))
        else:
            down.setdefault(e.from_, []).append(e.to)
            up.setdefault(e.to, []).append(e.from_)
    ref = Refs(p)
    order = {o.id: i for i, o in enumerate(p.nodes(NodeType.OUTCOME))}
    rolled.sort(key=lambda r: (order[r[1]], order[r[0]]))  # by wider outcome, then part, as the data lists them
    roll_ups = [RollUp(part=ref(part), wider=ref(wider), assumed=assumed) for part, wider, assumed in rolled]
    traces = [OutcomeTrace(outcome=ref(o), depends_on=_trace(p, o, down, "out"), needed_by=_trace(p, o, up, "in"),
                           under=[r for r in roll_ups if r.part.id == o], parts=[r for r in roll_ups if r.wider.id == o])
              for o in focus]

    g: nx.DiGraph = nx.DiGraph()
    g.add_edges_from((a, b) for a, targets in down.items() for b in targets)
    loops: dict[str, list[str]] = {}
    for scc in nx.strongly_connected_components(g):
        if len(scc) > 1:
            members = sorted(scc, key=order.__getitem__)
            loops[members[0]] = members
    wanted = set(focus) | {part for part, wider, _ in rolled if wider in focus}
    clusters = []
    for component in nx.weakly_connected_components(g):
        if wanted and wanted.isdisjoint(component):
            continue
        members = sorted(component, key=order.__getitem__)
        mutual = [loops[o] for o in members if o in loops]
        clusters.append(Cluster(outcomes=[ref(o) for o in members], mutual=[[ref(o) for o in m] for m in mutual],
                                links=sum(g.out_degree(o) for o in members)))
    clusters.sort(key=lambda c: (-len(c.outcomes), order[c.outcomes[0].id]))
    if focus:
        touched = set(focus) | {o.id for c in clusters for o in c.outcomes}
        roll_ups = [r for r in roll_ups if r.part.id in touched or r.wider.id in touched]
    return InterdependenciesResult(traces=traces, clusters=clusters, roll_ups=roll_ups)
