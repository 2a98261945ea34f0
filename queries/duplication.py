"""Duplication: active services of different partners that overlap, and near-identical descriptions.

The documents ask partners to map "what is already commissioned by each partner"
to "eliminate duplication of provision". The ``duplicates`` query answers it
without comparing every pair of services:

1. **Blocking.** Every active service gets one *key* per (outcome, cohort,
   locality) it covers: each outcome it CONTRIBUTES_TO × each cohort it TARGETS ×
   each locality it SERVES. A service that records no cohort (or no locality) gets
   ``None`` there, meaning "not recorded", which matches other services that
   record none; a service with no outcome gets no key. Localities and cohorts
   match exactly (a city-wide service does not block with an area service).
2. **Groups.** The services sharing a key form a block. Blocks with the same
   members are one *group*; what a group shares is every key all its members
   have, so the group lists the outcomes, cohorts and localities in common.
   A block with more than ``max_block`` services is *crowded*: it is reported as
   such (key, number of services, number of partners) rather than as a group.
3. **Different partners.** With ``cross_partner`` (the default) a group counts only
   when its members are not all commissioned and delivered by the same partners:
   at least two members differ in who COMMISSIONS or who DELIVERS them. A member
   with neither recorded counts as different from every other member, since
   nothing shows it is the same.
4. **Score.** ``score = shared keys / mean number of keys per member``, in (0, 1]:
   1.0 means the members cover exactly the same outcome × cohort × locality
   combinations; 0.1 means what they share is a tenth of a typical member's
   footprint. Groups are listed best score first, then larger groups first.
5. **Near-identical text.** Inside each group, and inside each crowded block in
   windows of ``max_block`` services sorted by their text (half-overlapping), the
   name and description of every pair are compared with rapidfuzz's
   ``token_set_ratio`` (0-100; 100 when one text's words all occur in the
   other). Pairs at or above ``threshold`` are reported, each pair once. Cost is
   bounded by the sum of squared block sizes, never by all pairs of services.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "Demo"}, nodes=[
...     {"id": "la", "type": "Partner", "name": "Council"},
...     {"id": "nhs", "type": "Partner", "name": "NHS trust"},
...     {"id": "o", "type": "Outcome", "name": "Good mental health"},
...     {"id": "c", "type": "Cohort", "name": "Pupils"},
...     {"id": "york", "type": "Locality", "name": "York"},
...     {"id": "a", "type": "Service", "name": "TaMHS", "description": "mental health support in schools"},
...     {"id": "b", "type": "Service", "name": "Mental health support in schools"}],
...   edges=[{"type": "COMMISSIONS", "from": "la", "to": "a"}, {"type": "COMMISSIONS", "from": "nhs", "to": "b"},
...          *[{"type": t, "from": s, "to": n} for s in ("a", "b")
...            for t, n in (("CONTRIBUTES_TO", "o"), ("TARGETS", "c"), ("SERVES", "york"))]])
>>> r = duplicates(p, DuplicatesParams())
>>> [m.service.id for m in r.groups[0].members], r.groups[0].score
(['a', 'b'], 1.0)
>>> r.pairs[0].similarity
100.0
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from graph_model import EdgeType, NodeType, Partnership

from .common import NodeRef, active_service_ids, and_list, node_ref, resolve_nodes
from .registry import QueryParams, QueryResult, register

__all__ = [
    "CrowdedBlock",
    "DuplicateGroup",
    "DuplicateMember",
    "DuplicatesParams",
    "DuplicatesResult",
    "TextPair",
    "duplicates",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "duplication"

#: A blocking key: (outcome id, cohort id or None, locality id or None).
Key = tuple[str, str | None, str | None]
#: Who commissions and who delivers a service; ("unknown", id) when neither is recorded.
Profile = tuple[object, object]


class DuplicatesParams(QueryParams):
    node: list[str] = Field(default_factory=list, description="Only groups and pairs that include these services "
                                                              "(ids or exact names); all when empty.")
    cross_partner: bool = Field(True, description="Only overlaps between services with different commissioners "
                                                  "or providers.")
    text: bool = Field(True, description="Also compare names and descriptions inside each block.")
    threshold: float = Field(90.0, ge=0, le=100, description="Text similarity (rapidfuzz token_set_ratio, 0-100) "
                                                             "at or above which two services are near-duplicates.")
    max_block: int = Field(50, ge=2, description="A block with more services than this is reported as crowded "
                                                 "and compared for text in sorted windows of this size.")
    limit: int = Field(200, ge=0, description="Most groups and pairs to list, best first; 0 lists all.")


class DuplicateMember(BaseModel):
    """A service in a duplicate group, with who commissions and delivers it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: NodeRef
    commissioners: list[NodeRef]
    deliverers: list[NodeRef]


class DuplicateGroup(BaseModel):
    """Active services that all cover the same outcome × cohort × locality combinations."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    members: list[DuplicateMember]
    score: float = Field(description="Shared keys / mean keys per member, in (0, 1]; 1 = identical footprints.")
    shared_keys: int = Field(description="How many (outcome, cohort, locality) combinations all members cover.")
    outcomes: list[NodeRef]
    cohorts: list[NodeRef]
    localities: list[NodeRef]
    unrecorded: list[Literal["cohort", "locality"]] = Field(
        description="Dimensions the members share by all leaving them unrecorded.")

    def explain(self) -> str:
        """What the members share, in one sentence."""
        names = and_list([m.service.name for m in self.members])
        verb = "both" if len(self.members) == 2 else "all"
        parts = [f"{names} {verb} contribute to {and_list([o.name for o in self.outcomes])}"]
        if self.cohorts:
            parts.append(f"for {and_list([c.name for c in self.cohorts])}")
        if self.localities:
            parts.append(f"in {and_list([loc.name for loc in self.localities])}")
        text = " ".join(parts)
        if self.unrecorded:
            text += f" (no {' or '.join(self.unrecorded)} recorded)"
        return text


class CrowdedBlock(BaseModel):
    """An outcome × cohort × locality combination served by more than ``max_block`` services."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: NodeRef
    cohort: NodeRef | None
    locality: NodeRef | None
    services: int
    partners: int = Field(description="Distinct partners commissioning or delivering those services.")


class TextPair(BaseModel):
    """Two services in one block whose names and descriptions are near-identical."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    a: NodeRef
    b: NodeRef
    similarity: float = Field(description="rapidfuzz token_set_ratio of name + description, 0-100.")
    outcomes: list[NodeRef] = Field(description="Outcomes both contribute to.")


class DuplicatesResult(QueryResult):
    groups: list[DuplicateGroup]
    total_groups: int = Field(description="Groups found before the limit.")
    crowded: list[CrowdedBlock]
    pairs: list[TextPair]
    total_pairs: int = Field(description="Near-duplicate pairs found before the limit.")
    services_checked: int = Field(description="Active services with at least one outcome.")
    threshold: float | None = Field(description="The text threshold used; None when text was not compared.")

    columns: ClassVar[tuple[str, ...]] = ("kind", "score", "services", "outcomes", "cohorts", "localities",
                                          "partners")

    def table(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for g in self.groups:
            partners = {p.name for m in g.members for p in (*m.commissioners, *m.deliverers)}
            rows.append({"kind": "overlap", "score": g.score, "services": [m.service.name for m in g.members],
                         "outcomes": [o.name for o in g.outcomes], "cohorts": [c.name for c in g.cohorts],
                         "localities": [loc.name for loc in g.localities], "partners": sorted(partners)})
        for t in self.pairs:
            rows.append({"kind": "near-identical text", "score": round(t.similarity / 100, 3),
                         "services": [t.a.name, t.b.name], "outcomes": [o.name for o in t.outcomes],
                         "cohorts": [], "localities": [], "partners": []})
        return rows

    def summary(self) -> str:
        if not self.services_checked:
            return "No active service is linked to an outcome, so there is nothing to compare."
        lines = []
        if self.groups:
            shown = "" if self.total_groups == len(self.groups) else f" ({len(self.groups)} listed)"
            lines.append(f"{self.total_groups} group{'s' if self.total_groups != 1 else ''} of active services "
                         f"overlap on outcome, cohort and locality{shown}. "
                         f"Closest (score {self.groups[0].score:.2f}): {self.groups[0].explain()}.")
        else:
            besides = "Outside the crowded combinations below, no" if self.crowded else "No"
            lines.append(f"{besides} two of the {self.services_checked} active services with an outcome overlap on "
                         "outcome, cohort and locality across different partners.")
        if self.crowded:
            worst = max(self.crowded, key=lambda c: c.services)
            lines.append(f"{len(self.crowded)} combination{'s are' if len(self.crowded) != 1 else ' is'} crowded; "
                         f"the busiest, {worst.outcome.name}"
                         + (f" for {worst.cohort.name}" if worst.cohort else "")
                         + (f" in {worst.locality.name}" if worst.locality else "")
                         + f", has {worst.services} services from {worst.partners} partners.")
        if self.threshold is not None:
            if self.pairs:
                best = self.pairs[0]
                lines.append(f"{self.total_pairs} pair{'s' if self.total_pairs != 1 else ''} of services have "
                             f"near-identical names and descriptions (similarity ≥ {self.threshold:g}), e.g. "
                             f"{best.a.name} and {best.b.name} ({best.similarity:.0f}).")
            else:
                lines.append(f"No pair of overlapping services has near-identical descriptions "
                             f"(similarity ≥ {self.threshold:g}).")
        return "\n".join(lines)


@register("duplicates", family=FAMILY, purpose="Active services of different partners overlapping on "
          "outcome, cohort and locality; near-identical descriptions.", params=DuplicatesParams,
          result=DuplicatesResult)
def duplicates(p: Partnership, params: DuplicatesParams) -> DuplicatesResult:
    """Find overlapping services by blocking on (outcome, cohort, locality) (see the module docstring).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "o", "type": "Outcome", "name": "Less obesity"},
    ...     {"id": "a", "type": "Service", "name": "Healthy schools"},
    ...     {"id": "b", "type": "Service", "name": "Cook and eat"}],
    ...   edges=[{"type": "CONTRIBUTES_TO", "from": "a", "to": "o"},
    ...          {"type": "CONTRIBUTES_TO", "from": "b", "to": "o"}])
    >>> duplicates(p, DuplicatesParams(text=False)).groups[0].unrecorded
    ['cohort', 'locality']
    """
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    targets = p.adjacency(EdgeType.TARGETS, "out")
    serves = p.adjacency(EdgeType.SERVES, "out")
    commissioners = p.adjacency(EdgeType.COMMISSIONS, "in")
    deliverers = p.adjacency(EdgeType.DELIVERS, "in")
    focus = set(resolve_nodes(p, params.node, query="duplicates", types=[NodeType.SERVICE])) if params.node else None

    keys_of: dict[str, list[Key]] = {}
    blocks: dict[Key, list[str]] = defaultdict(list)
    no_cohort: tuple[None] = (None,)
    for sid in active_service_ids(p):
        outcomes = contributes.get(sid)
        if not outcomes:
            continue
        cohorts = targets.get(sid) or no_cohort
        localities = serves.get(sid) or no_cohort
        keys = [(o, c, loc) for o in outcomes for c in cohorts for loc in localities]
        keys_of[sid] = keys
        for key in keys:
            blocks[key].append(sid)

    profiles: dict[str, Profile] = {}

    def profile(sid: str) -> Profile:
        if sid not in profiles:
            com, dlv = frozenset(commissioners.get(sid, ())), frozenset(deliverers.get(sid, ()))
            profiles[sid] = (com, dlv) if com or dlv else ("unknown", sid)
        return profiles[sid]

    def differ(members: Sequence[str]) -> bool:
        return not params.cross_partner or len({profile(s) for s in members}) > 1

    # Distinct member sets; crowded blocks set aside.
    member_sets: dict[frozenset[str], None] = {}
    crowded_keys: list[Key] = []
    for key, members in blocks.items():
        if len(members) < 2:
            continue
        if len(members) > params.max_block:
            crowded_keys.append(key)
        else:
            member_sets.setdefault(frozenset(members), None)

    key_sets: dict[str, frozenset[Key]] = {}

    def keyset(sid: str) -> frozenset[Key]:
        if sid not in key_sets:
            key_sets[sid] = frozenset(keys_of[sid])
        return key_sets[sid]

    scored: list[tuple[float, int, tuple[str, ...], frozenset[Key]]] = []
    for members_set in member_sets:
        group = tuple(sorted(members_set))
        if focus is not None and focus.isdisjoint(group):
            continue
        if not differ(group):
            continue
        shared = frozenset.intersection(*(keyset(s) for s in group))
        mean = sum(len(keyset(s)) for s in group) / len(group)
        scored.append((round(len(shared) / mean, 3), len(group), group, shared))
    scored.sort(key=lambda g: (-g[0], -g[1], g[2]))
    shown = scored[: params.limit or None]
    groups = [_group(p, members, shared, score, commissioners, deliverers) for score, _, members, shared in shown]

    crowded = []
    for key in crowded_keys:
        members = blocks[key]
        if focus is not None and focus.isdisjoint(members):
            continue
        partners = {x for s in members for x in (*commissioners.get(s, ()), *deliverers.get(s, ()))}
        o, c, loc = key
        crowded.append(CrowdedBlock(outcome=node_ref(p, o), cohort=node_ref(p, c) if c else None,
                                    locality=node_ref(p, loc) if loc else None, services=len(members),
                                    partners=len(partners)))
    crowded.sort(key=lambda c: -c.services)

    pairs: list[TextPair] = []
    total_pairs = 0
    if params.text:
        found = _similar_pairs(p, member_sets, [blocks[k] for k in crowded_keys], params, focus, differ)
        found.sort(key=lambda t: (-t[2], t[0], t[1]))
        total_pairs = len(found)
        shown_pairs = found[: params.limit or None]
        for a, b, sim in shown_pairs:
            common = dict.fromkeys(o for o, _, _ in keys_of[a] if o in {k[0] for k in keys_of[b]})
            pairs.append(TextPair(a=node_ref(p, a), b=node_ref(p, b), similarity=sim,
                                  outcomes=[node_ref(p, o) for o in common]))

    return DuplicatesResult(groups=groups, total_groups=len(scored), crowded=crowded, pairs=pairs,
                            total_pairs=total_pairs, services_checked=len(keys_of),
                            threshold=params.threshold if params.text else None)


def _group(p: Partnership, members: tuple[str, ...], shared: frozenset[Key], score: float,
           commissioners: dict[str, list[str]], deliverers: dict[str, list[str]]) -> DuplicateGroup:
    outcomes = sorted({k[0] for k in shared})
    cohorts = sorted({k[1] for k in shared if k[1] is not None})
    localities = sorted({k[2] for k in shared if k[2] is not None})
    unrecorded: list[Literal["cohort", "locality"]] = []
    if not cohorts:
        unrecorded.append("cohort")
    if not localities:
        unrecorded.append("locality")
    return DuplicateGroup(
        members=[DuplicateMember(service=node_ref(p, s),
                                 commissioners=[node_ref(p, x) for x in dict.fromkeys(commissioners.get(s, ()))],
                                 deliverers=[node_ref(p, x) for x in dict.fromkeys(deliverers.get(s, ()))])
                 for s in members],
        score=score, shared_keys=len(shared),
        outcomes=[node_ref(p, o) for o in outcomes], cohorts=[node_ref(p, c) for c in cohorts],
        localities=[node_ref(p, loc) for loc in localities], unrecorded=unrecorded)


def _similar_pairs(p: Partnership, member_sets: dict[frozenset[str], None], crowded: list[list[str]],
                   params: DuplicatesParams, focus: set[str] | None,
                   differ: Callable[[Sequence[str]], bool]) -> list[tuple[str, str, float]]:
    """Pairs inside blocks whose texts score at or above the threshold, each pair once."""
    texts: dict[str, str] = {}

    def text(sid: str) -> str:
        if sid not in texts:
            rec = p.node(sid)
            texts[sid] = default_process(f"{rec.name} {rec.description or ''}")
        return texts[sid]

    windows: list[list[str]] = [sorted(m) for m in member_sets]
    size, step = params.max_block, max(1, params.max_block // 2)
    for members in crowded:
        ordered = sorted(members, key=lambda s: (text(s), s))
        windows += [ordered[i:i + size] for i in range(0, max(1, len(ordered) - step), step)]

    threshold = params.threshold
    seen: set[tuple[str, str]] = set()
    found: list[tuple[str, str, float]] = []
    for window in windows:
        if focus is not None and focus.isdisjoint(window):
            continue
        for i, a in enumerate(window):
            ta = text(a)
            for b in window[i + 1:]:
                pair = (a, b) if a < b else (b, a)
                if pair in seen:
                    continue
                seen.add(pair)
                if focus is not None and a not in focus and b not in focus:
                    continue
                sim = fuzz.token_set_ratio(ta, text(b), processor=None, score_cutoff=threshold)
                if sim >= threshold and differ(pair):
                    found.append((pair[0], pair[1], round(float(sim), 1)))
    return found
