"""Network position of partners and posts: who sits where, who links whom.

The ``network`` query works on the **membership graph**: an undirected simple
graph whose nodes are every Partner, Post, Board and SubGroup, joined when
they are joined by MEMBER_OF or CHAIRS (partner or post - body), EMPLOYS
(partner - post) or a governance edge (ACCOUNTABLE_TO, REPORTS_TO,
DELEGATES_TO, INFLUENCES) between two of those nodes. Units, services and the
rest of the graph are left out.

Measures
--------
* **degree** - neighbours in the membership graph.
* **betweenness** - normalised betweenness centrality (as
  :func:`networkx.betweenness_centrality` with ``normalized=True``), by Brandes'
  algorithm run over the membership graph's adjacency. Exact up to
  :data:`EXACT_LIMIT` nodes. Above that it is estimated from ``samples`` source
  nodes (default :data:`DEFAULT_SAMPLES`) *per connected component*, drawn with a
  fixed seed, each component's sums scaled up by its size ÷ its sources. A
  country-wide graph is many separate partnerships: sampling per component gives
  every one of them an estimate (networkx's ``k`` sample would miss most), and
  the cost stays ``samples`` × edges whatever the shape. The result says which
  was used.
* **board load** - ``seats``: the bodies a partner or post sits on or chairs
  (a post that both chairs and is a member of one body holds one seat there);
  a partner's seats add the seats of the posts it employs. ``bodies`` counts
  the distinct bodies a partner reaches itself or through its posts.
* **brokerage between sectors** - a post takes the sector of the partner that
  employs it. A body *spans* the sectors of its members. A partner or post
  *brokers* the sectors, other than its own, that it meets on the bodies it
  sits on: ``brokerage`` is how many there are, ``sectors_met`` which.
* **density** - edges ÷ possible edges of the membership graph.

How much the answer rests on
----------------------------
Every measure reads who sits where, so the answer is only as good as the
membership recorded. **Membership coverage** is the share of boards and
sub-groups with at least one member or chair recorded (a MEMBER_OF or CHAIRS
edge from a partner or post); the result gives it (``bodies_with_membership`` of
``bodies_total``) and the summary opens with it. Below
:data:`MIN_MEMBERSHIP_COVERAGE` (half the bodies) the positions describe the few
bodies whose membership is known, not the partnership: the summary leads with
that caveat and names no one as the heaviest loaded, the strongest broker or the
most central (``ranked`` is false), though the table still lists the figures.
York records membership for one body of twenty (the ICG, from its terms of
reference), so its answer is such a caveat; a synthetic partnership records
every body's members.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
...     {"id": "la", "type": "Partner", "name": "Council", "sector": "local-authority"},
...     {"id": "nhs", "type": "Partner", "name": "PCT", "sector": "health"},
...     {"id": "icg", "type": "SubGroup", "name": "ICG"}],
...   edges=[{"type": "MEMBER_OF", "from": "la", "to": "icg"}, {"type": "MEMBER_OF", "from": "nhs", "to": "icg"}])
>>> r = network(p, NetworkParams())
>>> r.bodies[0].sectors, r.actors[0].sectors_met
(['health', 'local-authority'], ['health'])
"""

from __future__ import annotations

import heapq
import random
from collections import defaultdict, deque
from collections.abc import Mapping, Set
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph_model import BODY_TYPES, GOVERNANCE_EDGES, EdgeType, NodeType, Partnership

from .common import and_list, stand_ins
from .registry import QueryParams, QueryResult, register

__all__ = [
    "DEFAULT_SAMPLES",
    "EXACT_LIMIT",
    "MIN_MEMBERSHIP_COVERAGE",
    "ActorPosition",
    "BodyPosition",
    "NetworkParams",
    "NetworkResult",
    "betweenness",
    "network",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "network"

#: Betweenness is exact on membership graphs of up to this many nodes.
EXACT_LIMIT = 2_000
#: Source nodes sampled per connected component for approximate betweenness above :data:`EXACT_LIMIT`.
DEFAULT_SAMPLES = 3
#: Seed of the sample, so approximate answers repeat.
SEED = 20140101
#: The share of bodies whose membership must be recorded before anyone is ranked by name in the summary.
MIN_MEMBERSHIP_COVERAGE = 0.5

_ACTORS = (NodeType.PARTNER, NodeType.POST)
_MEMBERSHIP_NODES = frozenset({*_ACTORS, *BODY_TYPES})
_SEAT_EDGES = (EdgeType.MEMBER_OF, EdgeType.CHAIRS)


class NetworkParams(QueryParams):
    sort: Literal["seats", "degree", "betweenness", "brokerage"] = Field(
        "seats", description="Order partners and posts by seats (board load), degree, betweenness or brokerage.")
    limit: int = Field(25, ge=1, description="How many partners/posts and bodies to list.")
    samples: int | None = Field(None, ge=1, description="Source nodes sampled per connected component for "
                                                        f"approximate betweenness on graphs over {EXACT_LIMIT:,} nodes "
                                                        f"(default {DEFAULT_SAMPLES}).")


class ActorPosition(BaseModel):
    """A partner's or post's position in the membership graph."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    type: str
    sector: str | None
    seats: int
    bodies: int
    degree: int
    betweenness: float
    brokerage: int
    sectors_met: list[str]


class BodyPosition(BaseModel):
    """A board or sub-group: who sits on it and which sectors it brings together."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    type: str
    members: int
    degree: int
    betweenness: float
    sectors: list[str]


class NetworkResult(QueryResult):
    nodes: int
    edges: int
    density: float
    betweenness_method: str = Field(description="'exact' or 'approximate, k sampled sources, seed S'.")
    sort: str
    bodies_total: int = Field(0, description="Boards and sub-groups in the membership graph.")
    bodies_with_membership: int = Field(0, description="Of them, those with a member or chair recorded.")
    membership_coverage: float = Field(0.0, description="bodies_with_membership ÷ bodies_total (0 when there are "
                                                        "no bodies).")
    ranked: bool = Field(False, description="Whether membership coverage reaches MIN_MEMBERSHIP_COVERAGE, so the "
                                            "summary ranks partners and posts by name.")
    stand_ins_without_membership: int = Field(0, description="Of the bodies without membership, generated "
                                                             "stand-ins of a partnership built from documents.")
    recorded_bodies: list[str] = Field(default_factory=list, description="Names of the bodies with membership "
                                                                         "recorded, when they are too few to rank "
                                                                         "on (at most 10).")
    actors: list[ActorPosition] = Field(description="The top partners and posts, by ``sort``.")
    bodies: list[BodyPosition] = Field(description="The bodies spanning most sectors, then most members.")

    columns: ClassVar[tuple[str, ...]] = ("id", "name", "type", "sector", "seats", "bodies", "degree",
                                          "betweenness", "brokerage", "sectors_met")

    def table(self) -> list[dict[str, Any]]:
        return [{**a.model_dump(exclude={"sectors_met"}), "betweenness": round(a.betweenness, 4),
                 "sectors_met": ", ".join(a.sectors_met)} for a in self.actors]

    def coverage(self) -> str:
        """How much of the structure the answer rests on, e.g. 'membership known for 1 of 20 bodies'."""
        return (f"membership known for {self.bodies_with_membership:,} of {self.bodies_total:,} "
                f"bod{'y' if self.bodies_total == 1 else 'ies'}")

    def summary(self) -> str:
        graph = (f"The membership graph has {self.nodes:,} partners, posts and bodies joined by {self.edges:,} links "
                 f"(density {self.density:.3g}; betweenness {self.betweenness_method}).")
        if not self.ranked:
            if not self.bodies_with_membership:
                return (f"No membership is recorded ({self.coverage()}): nobody can be placed in the network, "
                        f"so no one is ranked. {graph}")
            known = and_list(self.recorded_bodies, most=3)
            more = self.bodies_with_membership - len(self.recorded_bodies)
            known += f" and {more} more" if more > 0 else ""
            stand_ins = (f"; {self.stand_ins_without_membership} of the bodies without it are generated stand-ins"
                         if self.stand_ins_without_membership else "")
            one = self.bodies_with_membership == 1
            parts = [f"Too little membership is recorded to rank anyone: {self.coverage()} ({known}{stand_ins}); "
                     f"ranking needs at least {MIN_MEMBERSHIP_COVERAGE:.0%}. The figures describe who sits on "
                     f"{'that body' if one else 'those bodies'}, not the partnership, so no one is named the "
                     "heaviest loaded, the strongest broker or the most central.", graph]
            spanning = [b for b in self.bodies if len(b.sectors) > 1]
            if spanning:
                parts.append(f"{spanning[0].name} brings together {len(spanning[0].sectors)} sectors.")
            return " ".join(parts)
        parts = [f"{self.coverage().capitalize()}. {graph}"]
        if self.actors:
            busiest = max(self.actors, key=lambda a: (a.seats, a.name))
            on = f"on {busiest.bodies} bod{'y' if busiest.bodies == 1 else 'ies'}"
            parts.append(f"Heaviest board load: {busiest.name} with {busiest.seats} seat(s) {on}"
                         + (" (a partner's seats include those of the posts it employs)."
                            if busiest.type == "Partner" else "."))
            broker = max(self.actors, key=lambda a: (a.brokerage, a.betweenness))
            if broker.brokerage:
                parts.append(f"Strongest broker between sectors: {broker.name}, meeting "
                             f"{', '.join(broker.sectors_met)}.")
            central = max(self.actors, key=lambda a: a.betweenness)
            if central.betweenness > 0:
                parts.append(f"Most central (betweenness): {central.name}.")
        spanning = [b for b in self.bodies if len(b.sectors) > 1]
        if spanning:
            parts.append(f"Widest meeting place: {spanning[0].name}, bringing together "
                         f"{len(spanning[0].sectors)} sectors.")
        return " ".join(parts)


@register("network", family=FAMILY,
          purpose="Degree, betweenness, board load and sector brokerage of partners and posts; density.",
          params=NetworkParams, result=NetworkResult)
def network(p: Partnership, params: NetworkParams) -> NetworkResult:
    """Positions of partners, posts and bodies in the membership graph.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "la", "type": "Partner", "name": "Council"},
    ...     {"id": "dcs", "type": "Post", "name": "Director of Children's Services"},
    ...     {"id": "icg", "type": "SubGroup", "name": "ICG"}, {"id": "board", "type": "Board", "name": "Board"}],
    ...   edges=[{"type": "EMPLOYS", "from": "la", "to": "dcs"}, {"type": "CHAIRS", "from": "dcs", "to": "icg"},
    ...          {"type": "MEMBER_OF", "from": "dcs", "to": "board"}])
    >>> [(a.id, a.seats) for a in network(p, NetworkParams()).actors]
    [('dcs', 2), ('la', 2)]
    """
    kept = {n.id: n for t in _MEMBERSHIP_NODES for n in p.nodes(t)}
    adjacency: dict[str, set[str]] = {nid: set() for nid in kept}
    for etype in (*_SEAT_EDGES, EdgeType.EMPLOYS, *GOVERNANCE_EDGES):
        for e in p.edges(etype):
            if e.from_ in kept and e.to in kept:
                adjacency[e.from_].add(e.to)
                adjacency[e.to].add(e.from_)
    degree = {nid: len(near) for nid, near in adjacency.items()}
    n = len(kept)
    if n <= EXACT_LIMIT:
        between = betweenness(adjacency)
        method = "exact"
    else:
        samples = params.samples or DEFAULT_SAMPLES
        between = betweenness(adjacency, samples=samples, seed=SEED)
        method = f"approximate, {samples} sampled sources per connected component, seed {SEED}"

    # seats and sectors
    seats_of: dict[str, set[str]] = defaultdict(set)
    for etype in _SEAT_EDGES:
        for e in p.edges(etype):
            seats_of[e.from_].add(e.to)
    employs = p.adjacency(EdgeType.EMPLOYS, "out")
    employer = p.adjacency(EdgeType.EMPLOYS, "in")

    def sector_of(actor: str) -> str | None:
        node = kept[actor]
        if node.type is NodeType.PARTNER:
            return node.sector.value if node.sector else None  # type: ignore[attr-defined]
        for partner in employer.get(actor, []):
            sector = kept[partner].sector  # type: ignore[attr-defined]
            if sector:
                return sector.value  # type: ignore[no-any-return]
        return None

    actor_ids = [nid for nid, node in kept.items() if node.type in _ACTORS]
    sectors = {a: sector_of(a) for a in actor_ids}
    body_sectors: dict[str, set[str]] = defaultdict(set)
    body_members: dict[str, set[str]] = defaultdict(set)
    for actor in actor_ids:
        for body in seats_of.get(actor, ()):
            body_members[body].add(actor)
            if sectors[actor]:
                body_sectors[body].add(sectors[actor])  # type: ignore[arg-type]

    # measure every partner and post cheaply; build result models only for the rows listed
    rows: list[dict[str, Any]] = []
    for actor in actor_ids:
        node = kept[actor]
        own = seats_of.get(actor, set())
        seats = len(own)
        reached = set(own)
        if node.type is NodeType.PARTNER:
            for post in employs.get(actor, []):
                post_seats = seats_of.get(post, set())
                seats += len(post_seats)
                reached |= post_seats
        met = set().union(*(body_sectors[b] for b in reached)) - {sectors[actor]}
        rows.append({"id": actor, "name": node.name, "type": node.type.value, "sector": sectors[actor],
                     "seats": seats, "bodies": len(reached), "degree": degree[actor],
                     "betweenness": between.get(actor, 0.0), "brokerage": len(met), "sectors_met": sorted(met)})
    order = {"seats": lambda r: (-r["seats"], -r["degree"], r["name"]),
             "degree": lambda r: (-r["degree"], r["name"]),
             "betweenness": lambda r: (-r["betweenness"], r["name"]),
             "brokerage": lambda r: (-r["brokerage"], -r["seats"], r["name"])}[params.sort]
    actors = [ActorPosition(**r) for r in heapq.nsmallest(params.limit, rows, key=order)]

    body_ids = [b for b, node in kept.items() if node.type in BODY_TYPES]
    top_bodies = heapq.nsmallest(params.limit, body_ids, key=lambda b: (
        -len(body_sectors.get(b, ())), -len(body_members.get(b, ())), kept[b].name))
    bodies = [BodyPosition(id=b, name=kept[b].name, type=kept[b].type.value, members=len(body_members.get(b, ())),
                           degree=degree[b], betweenness=between.get(b, 0.0), sectors=sorted(body_sectors.get(b, ())))
              for b in top_bodies]

    links = sum(degree.values()) // 2
    possible = n * (n - 1) / 2
    recorded = [b for b in body_ids if body_members.get(b)]
    coverage = len(recorded) / len(body_ids) if body_ids else 0.0
    ranked = bool(body_ids) and coverage >= MIN_MEMBERSHIP_COVERAGE
    extras = stand_ins(p) if not ranked else frozenset()
    return NetworkResult(nodes=n, edges=links, density=links / possible if possible else 0.0,
                         betweenness_method=method, sort=params.sort, bodies_total=len(body_ids),
                         bodies_with_membership=len(recorded), membership_coverage=coverage, ranked=ranked,
                         recorded_bodies=[] if ranked else [kept[b].name for b in recorded[:10]],
                         stand_ins_without_membership=sum(1 for b in body_ids if b in extras and not body_members.get(b)),
                         actors=actors[: params.limit], bodies=bodies[: params.limit])


def betweenness(adjacency: Mapping[str, Set[str]], *, samples: int | None = None,
                seed: int = SEED) -> dict[str, float]:
    """Normalised betweenness centrality of an undirected graph given as node → neighbours.

    With ``samples`` None every node is a source (exact, equal to
    :func:`networkx.betweenness_centrality` with ``normalized=True``). Otherwise
    each connected component contributes ``samples`` sources drawn with ``seed``
    (all its nodes when it has no more), its sums scaled by size ÷ sources.

    >>> path = {"a": {"b"}, "b": {"a", "c"}, "c": {"b"}}
    >>> betweenness(path)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    rng = random.Random(seed)
    result = dict.fromkeys(adjacency, 0.0)
    seen: set[str] = set()
    for start in adjacency:
        if start in seen:
            continue
        component = _component(adjacency, start)
        seen.update(component)
        if len(component) < 3:
            continue  # no node lies between two others
        exact = samples is None or samples >= len(component)
        sources = component if samples is None or exact else rng.sample(sorted(component), samples)
        scale = len(component) / len(sources)
        for source in sources:
            _accumulate(adjacency, source, result, scale)
    n = len(adjacency)
    norm = 1 / ((n - 1) * (n - 2)) if n > 2 else 1.0  # ordered pairs; each unordered pair was counted twice
    return {v: b * norm for v, b in result.items()}


def _component(adjacency: Mapping[str, Set[str]], start: str) -> list[str]:
    found = [start]
    seen = {start}
    for v in found:  # the list grows while it is read: a breadth-first walk
        for w in adjacency[v]:
            if w not in seen:
                seen.add(w)
                found.append(w)
    return found


def _accumulate(adjacency: Mapping[str, Set[str]], source: str, result: dict[str, float], scale: float) -> None:
    """One source of Brandes' algorithm: shortest-path counts forward, dependencies back."""
    order: list[str] = []
    preds: dict[str, list[str]] = {source: []}
    sigma: dict[str, float] = {source: 1.0}
    dist: dict[str, int] = {source: 0}
    queue = deque([source])
    while queue:
        v = queue.popleft()
        order.append(v)
        dv = dist[v] + 1
        for w in adjacency[v]:
            if w not in dist:
                dist[w] = dv
                sigma[w] = 0.0
                preds[w] = []
                queue.append(w)
            if dist[w] == dv:
                sigma[w] += sigma[v]
                preds[w].append(v)
    delta = dict.fromkeys(order, 0.0)
    for w in reversed(order):
        coefficient = (1 + delta[w]) / sigma[w]
        for v in preds[w]:
            delta[v] += sigma[v] * coefficient
        if w != source:
            result[w] += delta[w] * scale
