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
* **betweenness** - normalised betweenness centrality, as
  :func:`networkx.betweenness_centrality` with ``normalized=True`` gives it: the
  share of shortest paths between other nodes through a node, summed over pairs
  and divided by the pairs of the *whole* membership graph (``(n-1)(n-2)/2``
  for ``n`` nodes), so at national scale the figures are small. Computed by
  igraph (Brandes' algorithm, in C). Exact when the work fits
  :data:`EXACT_STEPS`: one breadth-first walk from every node over its connected
  component, so the sum over components of nodes × (nodes + links). A
  country-wide graph is many separate partnerships: synthetic England (scale n)
  is some 150 of about 280 nodes each, 43 million steps, and is exact.
  Above the budget it is estimated from ``samples`` source nodes *per connected
  component* (by default as many as fit the same budget), drawn with a fixed
  seed, each component's sums scaled up by its size ÷ its sources: every
  component gets an estimate (networkx's ``k`` sample would miss most). The
  result says which was used. The membership graph and its betweenness are
  worked out once per loaded partnership and kept with it.
* **board load** - ``seats``, as :func:`graph_model.summary.seats` defines a
  seat for every query (``reporting-line`` lists the same seats): the bodies a
  partner or post sits on or chairs (a post that both chairs and is a member of
  one body holds one seat there); a partner's seats add the seats of the posts
  it employs. ``bodies`` counts the distinct bodies a partner reaches itself or
  through its posts.
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
from collections import defaultdict
from collections.abc import Mapping, Sequence, Set
from typing import Any, ClassVar, Literal, NamedTuple

import igraph
from pydantic import BaseModel, ConfigDict, Field

from graph_model import BODY_TYPES, GOVERNANCE_EDGES, EdgeType, NodeType, Partnership
from graph_model.summary import SEAT_EDGES, seats_of

from .common import and_list, kept, stand_ins
from .registry import QueryParams, QueryResult, register

__all__ = [
    "EXACT_STEPS",
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

#: Betweenness is exact when its work is at most this many steps (a step: one node or link walked
#: from one source; see the module's docstring); above it, sources are sampled.
EXACT_STEPS = 60_000_000
#: Seed of the sample, so approximate answers repeat.
SEED = 20140101
#: The share of bodies whose membership must be recorded before anyone is ranked by name in the summary.
MIN_MEMBERSHIP_COVERAGE = 0.5

_ACTORS = (NodeType.PARTNER, NodeType.POST)
_MEMBERSHIP_TYPES = (*_ACTORS, *sorted(BODY_TYPES))
_LINK_EDGES = (*SEAT_EDGES, EdgeType.EMPLOYS, *GOVERNANCE_EDGES)


class NetworkParams(QueryParams):
    sort: Literal["seats", "degree", "betweenness", "brokerage"] = Field(
        "seats", description="Order partners and posts by seats (board load), degree, betweenness or brokerage.")
    limit: int = Field(25, ge=1, description="How many partners/posts and bodies to list.")
    samples: int | None = Field(None, ge=1, le=1_000_000, description="Source nodes sampled per connected component when exact "
                                                        f"betweenness would take over {EXACT_STEPS:,} steps "
                                                        "(default: as many as fit that budget).")


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
    bodies_membership_assumed: int = Field(0, description="Of bodies_with_membership, those whose every member and "
                                                          "chair recorded is the project's assumption (assumed), "
                                                          "not a document's statement.")
    ranked: bool = Field(False, description="Whether membership coverage reaches MIN_MEMBERSHIP_COVERAGE, so the "
                                            "summary ranks partners and posts by name.")
    stand_ins_without_membership: int = Field(0, description="Of the bodies without membership, generated "
                                                             "stand-ins of a partnership built from documents.")
    recorded_bodies: list[str] = Field(default_factory=list, description="Names of the bodies with membership "
                                                                         "recorded, when they are too few to rank "
                                                                         "on (at most 10).")
    actors: list[ActorPosition] = Field(description="The top partners and posts, by ``sort``.")
    heaviest_loaded: ActorPosition | None = Field(None, description="Of all partners and posts, the one with "
                                                                    "most seats (whatever ``sort`` and ``limit``).")
    strongest_broker: ActorPosition | None = Field(None, description="Of all partners and posts, the one meeting "
                                                                     "most other sectors (then betweenness).")
    most_central: ActorPosition | None = Field(None, description="Of all partners and posts, the one with the "
                                                                 "highest betweenness.")
    bodies: list[BodyPosition] = Field(description="The bodies spanning most sectors, then most members.")

    columns: ClassVar[tuple[str, ...]] = ("id", "name", "type", "sector", "seats", "bodies", "degree",
                                          "betweenness", "brokerage", "sectors_met")

    def table(self) -> list[dict[str, Any]]:
        return [{**a.model_dump(exclude={"sectors_met"}), "betweenness": float(f"{a.betweenness:.4g}"),
                 "sectors_met": ", ".join(a.sectors_met)} for a in self.actors]

    def membership_recorded(self) -> str:
        """How much of the structure the answer rests on, e.g. 'membership recorded for 1 of 20 bodies'."""
        return (f"membership recorded for {self.bodies_with_membership:,} of {self.bodies_total:,} "
                f"bod{'y' if self.bodies_total == 1 else 'ies'}")

    def assumed_sentence(self) -> str:
        """How many of the bodies with membership have only the project's assumed members, or ''."""
        assumed, recorded = self.bodies_membership_assumed, self.bodies_with_membership
        if not assumed:
            return ""
        if assumed == recorded:
            whose = "that body's membership is" if recorded == 1 else f"all {recorded:,} of those memberships are"
            return f"But {whose} the project's assumption, not a document's statement."
        return (f"For {assumed:,} of those {recorded:,} bodies the membership is the project's assumption, not a "
                "document's statement.")

    def summary(self) -> str:
        graph = (f"The membership graph has {self.nodes:,} partners, posts and bodies joined by {self.edges:,} links "
                 f"(density {self.density:.3g}; betweenness {self.betweenness_method}).")
        if not self.ranked:
            if not self.bodies_with_membership:
                return (f"No membership is recorded ({self.membership_recorded()}): nobody can be placed in the network, "
                        f"so no one is ranked. {graph}")
            known = and_list(self.recorded_bodies, most=3)
            more = self.bodies_with_membership - len(self.recorded_bodies)
            known += f" and {more} more" if more > 0 else ""
            stand_ins = (f"; {self.stand_ins_without_membership} of the bodies without it are generated stand-ins"
                         if self.stand_ins_without_membership else "")
            one = self.bodies_with_membership == 1
            parts = [f"Too little membership is recorded to rank anyone: {self.membership_recorded()} ({known}{stand_ins}); "
                     f"ranking needs at least {MIN_MEMBERSHIP_COVERAGE:.0%}."]
            parts += [x for x in [self.assumed_sentence()] if x]
            parts += [f"The figures describe who sits on {'that body' if one else 'those bodies'}, not the "
                      "partnership, so no one is named the heaviest loaded, the strongest broker or the most "
                      "central.", graph]
            spanning = [b for b in self.bodies if len(b.sectors) > 1]
            if spanning:
                parts.append(f"{spanning[0].name} brings together {len(spanning[0].sectors)} sectors.")
            return "\n".join(parts)
        parts = [f"{self.membership_recorded().capitalize()}.", *[x for x in [self.assumed_sentence()] if x], graph]
        # Leaders are of every partner and post, not only of the rows listed.
        busiest, broker, central = self.heaviest_loaded, self.strongest_broker, self.most_central
        if busiest is not None:
            on = f"on {busiest.bodies} bod{'y' if busiest.bodies == 1 else 'ies'}"
            parts.append(f"Heaviest board load: {busiest.name} with {busiest.seats} seat(s) {on}"
                         + (" (a partner's seats include those of the posts it employs)."
                            if busiest.type == "Partner" else "."))
        if broker is not None and broker.brokerage:
            parts.append(f"Strongest broker between sectors: {broker.name}, meeting "
                         f"{', '.join(broker.sectors_met)}.")
        if central is not None and central.betweenness > 0:
            parts.append(f"Most central (betweenness): {central.name}.")
        spanning = [b for b in self.bodies if len(b.sectors) > 1]
        if spanning:
            parts.append(f"Widest meeting place: {spanning[0].name}, bringing together "
                         f"{len(spanning[0].sectors)} sectors.")
        return "\n".join(parts)


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
    # A loaded partnership does not change: its membership graph, and every figure no parameter
    # changes, are worked out once and kept with it for the next time it is asked.
    m = kept(p, "network: membership", lambda: _Membership(p))
    between, method = m.betweenness(params.samples)
    order = {"seats": lambda a: (-a.seats, -a.degree, a.name),
             "degree": lambda a: (-a.degree, a.name),
             "betweenness": lambda a: (-between[a.at], a.name),
             "brokerage": lambda a: (-a.brokerage, -a.seats, a.name)}[params.sort]
    def position(a: _Actor) -> ActorPosition:
        return ActorPosition(id=a.id, name=a.name, type=a.type, sector=a.sector, seats=a.seats, bodies=a.bodies,
                             degree=a.degree, betweenness=between[a.at], brokerage=a.brokerage,
                             sectors_met=m.sector_names(a.met))

    actors = [position(a) for a in heapq.nsmallest(params.limit, m.actors, key=order)]
    leaders = [None if found is None else position(found) for found in kept(
        p, f"network: leaders, samples {params.samples}", lambda: _leaders(m.actors, between))]
    bodies = [BodyPosition(id=b.id, name=b.name, type=b.type, members=b.members, degree=b.degree,
                           betweenness=between[b.at], sectors=m.sector_names(b.spans))
              for b in m.bodies[: params.limit]]

    n = len(m.nodes)
    possible = n * (n - 1) / 2
    body_total = len(m.bodies)
    recorded = [b for b in m.bodies_in_order if b.members]
    coverage = len(recorded) / body_total if body_total else 0.0
    ranked = bool(body_total) and coverage >= MIN_MEMBERSHIP_COVERAGE
    extras = stand_ins(p) if not ranked else frozenset()
    assumed_only = kept(p, "network: bodies with assumed membership only", lambda: _assumed_only(p))
    return NetworkResult(nodes=n, edges=m.links, density=m.links / possible if possible else 0.0,
                         betweenness_method=method, sort=params.sort, bodies_total=body_total,
                         bodies_with_membership=len(recorded), membership_coverage=coverage, ranked=ranked,
                         bodies_membership_assumed=sum(1 for b in recorded if b.id in assumed_only),
                         recorded_bodies=[] if ranked else [b.name for b in recorded[:10]],
                         stand_ins_without_membership=sum(1 for b in m.bodies if b.id in extras and not b.members),
                         actors=actors, heaviest_loaded=leaders[0], strongest_broker=leaders[1],
                         most_central=leaders[2], bodies=bodies)


def _assumed_only(p: Partnership) -> frozenset[str]:
    """The bodies whose every member and chair recorded (MEMBER_OF, CHAIRS) is the project's assumption."""
    seated: set[str] = set()
    stated: set[str] = set()
    for etype in SEAT_EDGES:
        for e in p.edges(etype):
            seated.add(e.to)
            if not e.assumed:
                stated.add(e.to)
    return frozenset(seated - stated)


def _leaders(actors: Sequence[_Actor], between: Sequence[float]) -> list[_Actor | None]:
    """Of every partner and post: the heaviest loaded (seats, as ``sort="seats"`` orders them), the
    strongest broker (sectors met, then betweenness) and the most central (betweenness)."""
    if not actors:
        return [None, None, None]
    return [min(actors, key=lambda a: (-a.seats, -a.degree, a.name)),
            min(actors, key=lambda a: (-a.brokerage, -between[a.at], a.name)),
            min(actors, key=lambda a: (-between[a.at], a.name))]


class _Actor(NamedTuple):
    """A partner's or post's figures that no parameter changes; ``at`` is its node in the graph,
    ``met`` the sectors it meets as bits of :attr:`_Membership.sectors`."""

    at: int
    id: str
    name: str
    type: str
    sector: str | None
    seats: int
    bodies: int
    degree: int
    brokerage: int
    met: int


class _Body(NamedTuple):
    """A board's or sub-group's figures that no parameter changes; ``at`` is its node in the graph,
    ``spans`` the sectors of its members as bits of :attr:`_Membership.sectors`."""

    at: int
    id: str
    name: str
    type: str
    members: int
    degree: int
    spans: int


class _Membership:
    """The membership graph of one partnership and every figure of the answer that no parameter
    changes, worked out once per loaded partnership (:func:`queries.common.kept`).

    Nodes are numbered as igraph numbers them; a set of sectors is an int with one bit per sector.
    """

    def __init__(self, p: Partnership) -> None:
        groups = [(t, p.nodes(t)) for t in _MEMBERSHIP_TYPES]
        nodes = [n for _, group in groups for n in group]  # the graph's node i is nodes[i]
        get = {n.id: i for i, n in enumerate(nodes)}.get

        def ends(etype: EdgeType) -> list[tuple[int, int]]:
            """The ends of the edges of a type that join two nodes of the membership graph, in edge order."""
            return [(a, b) for e in p.edges(etype) if (a := get(e.from_)) is not None and (b := get(e.to)) is not None]

        seat_ends = [pair for etype in SEAT_EDGES for pair in ends(etype)]  # (partner or post, body)
        employ_ends = ends(EdgeType.EMPLOYS)  # (partner, post)
        graph = _graph(len(nodes), [*seat_ends, *employ_ends, *(pair for t in GOVERNANCE_EDGES for pair in ends(t))])
        degree: list[int] = graph.degree()
        self.nodes = nodes
        self.graph = graph
        self.links: int = graph.ecount()
        #: The work of exact betweenness on this graph (see :data:`EXACT_STEPS`).
        self.steps = _exact_steps(graph)
        self._between: dict[int, tuple[list[float], str]] = {}  # by sources per component, 0: all

        # a partner's sector, and a post's: that of its first employer with one
        sector: list[str | None] = [n.sector.value if n.type is NodeType.PARTNER and n.sector else None  # type: ignore[attr-defined]
                                    for n in nodes]
        for partner, post in employ_ends:
            if sector[post] is None:
                sector[post] = sector[partner]
        #: The sectors met, in order: bit k of a set of sectors stands for ``sectors[k]``.
        self.sectors = sorted({s for s in sector if s})
        bit = {s: 1 << k for k, s in enumerate(self.sectors)}
        own = [bit[s] if s else 0 for s in sector]

        # a body spans the sectors of those who sit on it themselves
        members: dict[int, set[int]] = defaultdict(set)
        spans = [0] * len(nodes)
        for actor, body in seat_ends:
            members[body].add(actor)
            spans[body] |= own[actor]

        self.actors: list[_Actor] = []
        self.bodies_in_order: list[_Body] = []
        i = 0
        for t, group in groups:
            kind = t.value
            if t not in _ACTORS:
                for node in group:
                    self.bodies_in_order.append(
                        _Body(i, node.id, node.name, kind, len(members.get(i, ())), degree[i], spans[i]))
                    i += 1
                continue
            # the one definition of a seat, shared with reporting-line
            for node, held in zip(group, seats_of(p, [n.id for n in group]), strict=True):
                reached = {at for seat in held if (at := get(seat.body)) is not None}
                met = 0
                for body in reached:
                    met |= spans[body]
                met &= ~own[i]
                self.actors.append(_Actor(i, node.id, node.name, kind, sector[i], len(held), len(reached), degree[i],
                                          met.bit_count(), met))
                i += 1
        #: The bodies spanning most sectors first, then most members, then by name.
        self.bodies = sorted(self.bodies_in_order, key=lambda b: (-b.spans.bit_count(), -b.members, b.name))

    def sector_names(self, bits: int) -> list[str]:
        """The sectors a set of bits stands for, in order."""
        return [s for k, s in enumerate(self.sectors) if bits >> k & 1]

    def betweenness(self, samples: int | None) -> tuple[list[float], str]:
        """Each node's betweenness (by index) and how it was found: exact when that fits
        :data:`EXACT_STEPS`, else from ``samples`` sources per component (by default as many as
        fit the same budget: each source per component costs the graph's nodes + links)."""
        per_source = self.graph.vcount() + self.links
        k = 0 if self.steps <= EXACT_STEPS else samples or max(1, EXACT_STEPS // per_source)  # 0: every node
        found = self._between.get(k)
        if found is None:
            names = [n.id for n in self.nodes]
            if not k:
                found = _betweenness(self.graph, names, samples=None, seed=SEED), "exact"
            else:
                found = (_betweenness(self.graph, names, samples=k, seed=SEED),
                         f"approximate, {k:,} sampled sources per connected component, seed {SEED}")
            self._between[k] = found
        return found


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
    names = list(adjacency)
    index = {v: i for i, v in enumerate(names)}
    graph = _graph(len(names), [(index[v], index[w]) for v, near in adjacency.items() for w in near])
    return dict(zip(names, _betweenness(graph, names, samples=samples, seed=seed), strict=True))


def _graph(n: int, ends: Sequence[tuple[int, int]]) -> igraph.Graph:
    """The undirected simple graph on nodes ``0 .. n-1`` joining each pair of ``ends`` (once, however often)."""
    graph = igraph.Graph(n=n, edges=ends, directed=False)
    graph.simplify()
    return graph


def _exact_steps(graph: igraph.Graph) -> int:
    """The work of exact betweenness: one breadth-first walk from every node over its component,
    so the sum over components of nodes × (nodes + links)."""
    components = graph.connected_components()
    sizes: list[int] = components.sizes()
    ends = [0] * len(sizes)  # each link has two
    for c, d in zip(components.membership, graph.degree(), strict=True):
        ends[c] += d
    return sum(size * (size + twice // 2) for size, twice in zip(sizes, ends, strict=True) if size > 2)


def _betweenness(graph: igraph.Graph, names: Sequence[str], *, samples: int | None, seed: int) -> list[float]:
    """Normalised betweenness of each node of ``graph`` (by index), as :func:`betweenness` says;
    ``names`` order the nodes a sample is drawn from, so that a seed draws the same sources
    whatever order the graph was built in."""
    n = graph.vcount()
    if n < 3:
        return [0.0] * n  # no node lies between two others
    norm = 2 / ((n - 1) * (n - 2))  # igraph counts each unordered pair once; networkx's scale is for ordered pairs
    if samples is None:
        return [b * norm for b in graph.betweenness(directed=False)]
    rng = random.Random(seed)
    sources: list[int] = []
    scale = [norm] * n
    for component in graph.connected_components():
        if len(component) < 3:
            continue
        if samples >= len(component):
            sources += component
            continue
        sources += rng.sample(sorted(component, key=names.__getitem__), samples)
        for v in component:
            scale[v] = norm * len(component) / samples
    raw: list[float] = graph.betweenness(directed=False, sources=sources) if sources else [0.0] * n
    return [b * s for b, s in zip(raw, scale, strict=True)]
