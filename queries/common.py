"""Helpers every named query shares: naming nodes in results, resolving node parameters, wording.

Examples
--------
>>> and_list(["FIRST", "Catalyst", "ELSA"]), format_money(None)
('FIRST, Catalyst and ELSA', 'unknown')
"""

from __future__ import annotations

import re
import weakref
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any, Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict

from graph_model import EdgeType, InvalidParameters, NodeType, Partnership
from graph_model.models import ServiceStatus

__all__ = ["NodeRef", "Refs", "active_service_ids", "and_list", "counted", "format_money", "is_change",
           "is_context_figure", "kept", "label", "lies_within", "narrower", "node_ref", "not_recorded_note", "plural",
           "reachable", "resolve_nodes", "services_complete", "shared_names", "stand_ins", "wholly_synthetic", "wider"]

T = TypeVar("T")


class NodeRef(BaseModel):
    """A node as a result names it: id, name and type, and the label sentences use for it.

    ``label`` is the name, unless several nodes of the partnership share that name (at
    national scale every authority has a "Better diet"): then the id follows it in
    brackets, so that a sentence never names two things alike.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    type: NodeType
    label: str = ""

    def model_post_init(self, context: Any, /) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.name)


def shared_names(p: Partnership) -> frozenset[str]:
    """The names (case-folded) that more than one node of ``p`` has, worked out once per partnership.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "a1.diet", "type": "Outcome", "name": "Better diet"},
    ...     {"id": "a2.diet", "type": "Outcome", "name": "Better diet"},
    ...     {"id": "icg", "type": "SubGroup", "name": "ICG"}], edges=[])
    >>> sorted(shared_names(p))
    ['better diet']
    """
    return _names(p)[0]


def _sharing(p: Partnership) -> frozenset[str]:
    """Ids of the nodes whose name another node shares, worked out once per partnership."""
    return _names(p)[1]


def _names(p: Partnership) -> tuple[frozenset[str], frozenset[str]]:
    """The shared names (case-folded) of ``p`` and the ids of the nodes that have one, in one look at every node,
    kept with the partnership."""

    def find() -> tuple[frozenset[str], frozenset[str]]:
        nodes = p.nodes()
        keys = list(map(str.casefold, map(attrgetter("name"), nodes)))
        shared = frozenset(key for key, count in Counter(keys).items() if count > 1)
        return shared, frozenset(n.id for n, key in zip(nodes, keys, strict=True) if key in shared)

    return kept(p, "shared-names", find)


def label(p: Partnership, node_id: str) -> str:
    """How a sentence names a node: its name, with its id in brackets when other nodes share the name.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "a1.diet", "type": "Outcome", "name": "Better diet"},
    ...     {"id": "a2.diet", "type": "Outcome", "name": "Better diet"},
    ...     {"id": "icg", "type": "SubGroup", "name": "ICG"}], edges=[])
    >>> label(p, "a1.diet"), label(p, "icg")
    ('Better diet [a1.diet]', 'ICG')
    """
    name = p.node(node_id).name
    return f"{name} [{node_id}]" if node_id in _sharing(p) else name


def node_ref(p: Partnership, node_id: str) -> NodeRef:
    """The id, name and type of one node (made once per partnership and node, then kept: it is frozen).

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "icg", "type": "SubGroup", "name": "Integrated Commissioning Group"}], edges=[])
    >>> node_ref(p, "icg").name
    'Integrated Commissioning Group'
    >>> node_ref(p, "icg") is node_ref(p, "icg")
    True
    """
    return Refs(p)(node_id)


class Refs:
    """The :class:`NodeRef` of each node of one partnership, each made once and kept with the partnership.

    Take one where a query names many nodes: it looks the kept refs up once.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "icg", "type": "SubGroup", "name": "ICG"}], edges=[])
    >>> refs = Refs(p)
    >>> refs("icg") is refs("icg") is Refs(p)("icg")
    True
    """

    __slots__ = ("_cache", "_p", "_sharing")

    def __init__(self, p: Partnership) -> None:
        self._p = p
        self._cache: dict[str, NodeRef] = kept(p, "node-refs", dict)
        self._sharing: frozenset[str] | None = None

    def __call__(self, node_id: str) -> NodeRef:
        ref = self._cache.get(node_id)
        if ref is None:
            if self._sharing is None:
                self._sharing = _sharing(self._p)
            rec = self._p.node(node_id)
            name = rec.name
            text = f"{name} [{node_id}]" if node_id in self._sharing else name
            ref = self._cache[node_id] = NodeRef(id=rec.id, name=name, type=rec.type, label=text)
        return ref


def resolve_nodes(p: Partnership, refs: Iterable[str], *, query: str,
                  types: Iterable[NodeType] | None = None) -> list[str]:
    """Resolve ids or exact names to ids, in order and without repeats.

    Raises :class:`UnknownNode` (with close matches) for a name nothing matches and
    :class:`InvalidParameters` for a node of a type ``query`` cannot start from.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "icg", "type": "SubGroup", "name": "Integrated Commissioning Group"}], edges=[])
    >>> resolve_nodes(p, ["Integrated Commissioning Group", "icg"], query="demo")
    ['icg']
    >>> resolve_nodes(p, ["icg"], query="demo", types=[NodeType.OUTCOME])
    Traceback (most recent call last):
    ...
    graph_model.errors.InvalidParameters: bad parameters for query 'demo': node: 'icg' is a SubGroup; this query takes Outcome
    """
    wanted = None if types is None else set(types)
    ids: list[str] = []
    problems: list[str] = []
    for ref in refs:
        nid = p.resolve(ref)
        ntype = p.node(nid).type
        if wanted is not None and ntype not in wanted:
            allowed = ", ".join(t.value for t in NodeType if t in wanted)
            article = "an" if ntype.value[0] in "AEIOU" else "a"
            problems.append(f"node: '{ref}' is {article} {ntype.value}; this query takes {allowed}")
        elif nid not in ids:
            ids.append(nid)
    if problems:
        raise InvalidParameters(query, problems)
    return ids


def active_service_ids(p: Partnership) -> list[str]:
    """Ids of the services whose status is active, in input order (found once per partnership; a new list each call).

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "a", "type": "Service", "name": "A"},
    ...     {"id": "b", "type": "Service", "name": "B", "status": "decommissioned"}], edges=[])
    >>> active_service_ids(p)
    ['a']
    """
    def find() -> tuple[str, ...]:
        active = ServiceStatus.ACTIVE
        return tuple(s.id for s in p.nodes(NodeType.SERVICE) if s.status is active)  # type: ignore[attr-defined]

    return list(kept(p, "active-service-ids", find))


def reachable(adjacency: Mapping[str, Sequence[str]], start: Iterable[str]) -> list[str]:
    """Every node reached from ``start`` along ``adjacency`` at any depth, nearest first, ``start`` left out.

    With ``p.adjacency(EdgeType.PART_OF, "out")`` it is everything a cohort or
    locality sits inside; with ``"in"``, everything inside it.

    >>> part_of = {"acomb": ["york"], "york": ["north-yorkshire"], "north-yorkshire": []}
    >>> reachable(part_of, ["acomb"])
    ['york', 'north-yorkshire']
    """
    first = list(start)
    seen = set(first)
    found: list[str] = []
    queue = deque(first)
    while queue:
        for nxt in adjacency.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                found.append(nxt)
                queue.append(nxt)
    return found


# -- containment: one rule for "does this place (or group) lie within that one" -----------------------


def wider(p: Partnership, start: str | Iterable[str]) -> list[str]:
    """Every locality (or cohort) that ``start`` lies within, at any depth, nearest first, ``start`` left out.

    This is the one rule of containment every query uses, for localities and for
    cohorts alike: A lies within B when a chain of PART_OF edges leads from A up to B.
    An area of York lies within York (so a city-wide service reaches it); York does
    not lie within its areas; two areas of one city do not lie within each other.
    Nothing else makes one contain another: not a shared word in the names, and not
    an age range (homeless 16-17 year-olds fall in the age range of a 13-19 teenage
    pregnancy service, but are not a part of its group unless the data says so).
    PART_OF only ever joins a locality to a locality and a cohort to a cohort.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "york", "type": "Locality", "name": "York"},
    ...     {"id": "acomb", "type": "Locality", "name": "Acomb"},
    ...     {"id": "westfield", "type": "Locality", "name": "Westfield"}],
    ...   edges=[{"type": "PART_OF", "from": "acomb", "to": "york"},
    ...          {"type": "PART_OF", "from": "westfield", "to": "acomb"}])
    >>> wider(p, "westfield"), wider(p, "york")
    (['acomb', 'york'], [])
    """
    return _nested(p, "out", start)


def narrower(p: Partnership, start: str | Iterable[str]) -> list[str]:
    """Every locality (or cohort) that lies within ``start``, at any depth, nearest first (:func:`wider` turned round).

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "york", "type": "Locality", "name": "York"},
    ...     {"id": "acomb", "type": "Locality", "name": "Acomb"}],
    ...   edges=[{"type": "PART_OF", "from": "acomb", "to": "york"}])
    >>> narrower(p, "york"), narrower(p, "acomb")
    (['acomb'], [])
    """
    return _nested(p, "in", start)


def _nested(p: Partnership, direction: Literal["out", "in"], start: str | Iterable[str]) -> list[str]:
    """:func:`wider` (PART_OF ``"out"``) or :func:`narrower` (``"in"``); for one node, worked out once per
    partnership."""
    adjacency = p.adjacency(EdgeType.PART_OF, direction)
    if not isinstance(start, str):
        return reachable(adjacency, start)
    made: dict[str, tuple[str, ...]] = kept(p, f"part-of {direction}", dict)
    found = made.get(start)
    if found is None:
        found = made[start] = tuple(reachable(adjacency, [start]))
    return list(found)


def lies_within(p: Partnership, inner: str, outer: str) -> bool:
    """Whether locality (or cohort) ``inner`` is ``outer`` or lies within it (:func:`wider`); worked out once per
    node and partnership.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "york", "type": "Locality", "name": "York"},
    ...     {"id": "deprived", "type": "Locality", "name": "Areas of considerable deprivation"}],
    ...   edges=[{"type": "PART_OF", "from": "deprived", "to": "york"}])
    >>> lies_within(p, "deprived", "york"), lies_within(p, "york", "deprived"), lies_within(p, "york", "york")
    (True, False, True)
    """
    if inner == outer:
        return True
    around: dict[str, frozenset[str]] = kept(p, "lies-within", dict)
    found = around.get(inner)
    if found is None:
        found = around[inner] = frozenset(wider(p, inner))
    return outer in found


def and_list(names: Sequence[str], *, most: int = 8, sep: str = ", ") -> str:
    """Names joined as English ("A, B and C"), cut to ``most`` with a count of the rest.

    ``sep="; "`` keeps names that hold commas or "and" apart ("Youth club, Acomb; and Nurture groups").

    >>> and_list(["FIRST", "Catalyst", "ELSA"])
    'FIRST, Catalyst and ELSA'
    >>> and_list(["a", "b", "c", "d"], most=2)
    'a, b and 2 more'
    >>> and_list(["Youth club, Acomb", "Nurture groups, York", "ELSA"], most=2, sep="; ")
    'Youth club, Acomb; Nurture groups, York; and 1 more'
    """
    items = list(names)
    if len(items) > most:
        items = items[:most] + [f"{len(names) - most:,} more"]
    if len(items) <= 1:
        return "".join(items)
    last = " and " if sep == ", " else f"{sep.rstrip()} and "
    return sep.join(items[:-1]) + last + items[-1]


def plural(count: int, word: str, many: str | None = None) -> str:
    """A count with its noun, plural (``many``, or the noun with an s) when the count is not one.

    >>> plural(1, "service"), plural(3, "outcome"), plural(2, "locality", "localities")
    ('1 service', '3 outcomes', '2 localities')
    """
    return f"{count} {word if count == 1 else (many or word + 's')}"


def counted(count: int, word: str, many: str | None = None) -> str:
    """:func:`plural` with the count written as people write large numbers.

    >>> counted(10536, "service"), counted(1, "contract")
    ('10,536 services', '1 contract')
    """
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def format_money(amount: float | None) -> str:
    """An amount as pounds, or ``"unknown"`` when there is none.

    >>> format_money(1234567.4), format_money(None), format_money(0), format_money(-150200)
    ('£1,234,567', 'unknown', '£0', '-£150,200')
    """
    if amount is None:
        return "unknown"
    return f"-£{-amount:,.0f}" if amount < 0 else f"£{amount:,.0f}"


#: What :func:`kept` has made, per partnership object (by id) and name; emptied when the partnership goes.
_KEPT: dict[int, dict[str, Any]] = {}


def kept(p: Partnership, name: str, make: Callable[[], T]) -> T:
    """``make()`` once per partnership and ``name``, then the same answer for as long as the partnership lives.

    For what a query reads from the records alone (a partnership's records do not
    change; :meth:`Partnership.as_of` makes a new partnership), so that asking
    again of one loaded partnership does not walk the same edges again.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[], edges=[])
    >>> kept(p, "demo", lambda: [1]) is kept(p, "demo", lambda: [2])
    True
    """
    made = _KEPT.get(id(p))
    if made is None:
        made = _KEPT[id(p)] = {}
        weakref.finalize(p, _KEPT.pop, id(p), None)
    if name not in made:
        made[name] = make()
    value: T = made[name]
    return value


def _generated(p: Partnership) -> tuple[frozenset[str], bool]:
    """The stand-ins of ``p`` and whether it is wholly synthetic, worked out once per partnership
    (telling a synthetic partnership needs a look at every node)."""

    def find() -> tuple[frozenset[str], bool]:
        nodes = p.nodes()
        synthetic = bool(nodes) and all(map(attrgetter("generated"), nodes))
        return (frozenset() if synthetic else frozenset(n.id for n in nodes if n.generated)), synthetic

    return kept(p, "generated", find)


def stand_ins(p: Partnership) -> frozenset[str]:
    """Ids of the generated stand-in nodes of a partnership built from documents; empty for a synthetic one.

    A node marked ``generated`` stands in for something a document only counts
    (Staffordshire's 50 Community & Learning Partnerships, whose names and areas
    the project made up). A partnership is *built from documents* when at least one
    of its nodes is not generated: its generated nodes are stand-ins, and a query
    may fold what it finds on them into one line. A partnership whose every node is
    generated (what ``bookcase generate`` writes) is *wholly synthetic*
    (:func:`wholly_synthetic`): it has no stand-ins, and every record is analysed
    as data. (The share of generated nodes cannot tell the two apart: more than
    half of Staffordshire's nodes are stand-ins.)

    >>> docs = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "board", "type": "Board", "name": "Board"},
    ...     {"id": "clp-01", "type": "SubGroup", "name": "C&LP 01", "generated": True}], edges=[])
    >>> sorted(stand_ins(docs))
    ['clp-01']
    >>> made_up = Partnership.from_records({"id": "s", "name": "S"}, nodes=[
    ...     {"id": "clp-01", "type": "SubGroup", "name": "C&LP 01", "generated": True}], edges=[])
    >>> stand_ins(made_up)
    frozenset()
    """
    return _generated(p)[0]


def wholly_synthetic(p: Partnership) -> bool:
    """Whether every node of ``p`` is generated (what ``bookcase generate`` writes); see :func:`stand_ins`.

    >>> p = Partnership.from_records({"id": "s", "name": "S"}, nodes=[
    ...     {"id": "g", "type": "SubGroup", "name": "G", "generated": True}], edges=[])
    >>> wholly_synthetic(p), wholly_synthetic(Partnership.from_records({"id": "e", "name": "E"}, nodes=[], edges=[]))
    (True, False)
    """
    return _generated(p)[1]


class Reading(NamedTuple):
    """What an indicator records: its latest observation, and what travel is measured from (its baseline,
    else its first observation when there are several), each as a value and in words."""

    latest: float
    latest_words: str
    start: float | None
    start_words: str | None


def indicator_reading(indicator: Any) -> Reading | None:
    """The :class:`Reading` of an indicator, or None when nothing is observed. The latest observation is
    the latest dated one when every observation has a date, else the last listed.

    >>> from graph_model import parse_node
    >>> i = parse_node({"id": "i", "type": "Indicator", "name": "Placements", "unit": "learners", "baseline": 26,
    ...                 "observations": [{"value": 12, "period": "2013/14"}]})
    >>> indicator_reading(i)
    Reading(latest=12.0, latest_words='12 learners (2013/14)', start=26.0, start_words='26 learners (baseline)')
    """
    observations = list(getattr(indicator, "observations", None) or ())
    if not observations:
        return None
    dated = [o for o in observations if o.date is not None]
    every_dated = len(dated) == len(observations)
    last = max(dated, key=attrgetter("date")) if every_dated else observations[-1]
    unit = indicator.unit

    def words(value: float, when: str) -> str:
        figure = format_money(value) if unit == "GBP" else f"{value:g}" + (f" {unit}" if unit else "")
        return figure + (f" ({when})" if when else "")

    def when(o: Any) -> str:
        return str(o.period or (o.date.isoformat() if o.date else ""))

    if indicator.baseline is not None:
        start: float | None = indicator.baseline
        start_words: str | None = words(indicator.baseline, "baseline")
    elif len(observations) > 1:
        first = min(dated, key=attrgetter("date")) if every_dated else observations[0]
        start, start_words = first.value, words(first.value, when(first))
    else:
        start, start_words = None, None
    return Reading(last.value, words(last.value, when(last)), start, start_words)


def is_context_figure(indicator: Any) -> bool:
    """Whether an indicator is a figure for context, not a result: the data gives it no better direction
    (``direction: neither``), as York's government estimate of how many two-year-olds are eligible. Such a
    figure says how big a need is, not what a service achieved, so it is never a result at risk or judged.

    >>> from graph_model import parse_node
    >>> is_context_figure(parse_node({"id": "i", "type": "Indicator", "name": "Eligible two-year-olds",
    ...                               "direction": "neither"}))
    True
    """
    direction = getattr(indicator, "direction", None)
    return direction is not None and str(getattr(direction, "value", direction)) == "neither"


#: Names that say an indicator records a change itself (on a year earlier, since a date), not a level.
_CHANGE_NAME = re.compile(r"\bchange (?:on|since|from|over)\b|\byear[- ]on[- ]year\b", re.IGNORECASE)


def is_change(indicator: Any) -> bool:
    """Whether each observation of an indicator is itself a change (York's "Participation of 16 and 17 year
    olds: change on a year earlier", 1.6 percentage points), so its sign says which way it travelled: a rise
    where higher is better is improving, with no baseline needed. The data has no field for this, so it is
    read from the name ("change on", "change since", "year-on-year").

    >>> from graph_model import parse_node
    >>> is_change(parse_node({"id": "i", "type": "Indicator", "name": "Participation: change on a year earlier"}))
    True
    """
    return bool(_CHANGE_NAME.search(getattr(indicator, "name", "") or ""))


# -- not recorded is not absent -----------------------------------------------------------------------


def services_complete(p: Partnership) -> bool:
    """Whether the partnership's file declares that it records every service (``coverage.services:
    complete``). Only then is "no other service" a fact about the world; otherwise it is what the data
    leaves out.

    >>> p = Partnership.from_records({"id": "d", "name": "D", "coverage": {"services": "examples"}}, nodes=[],
    ...                              edges=[])
    >>> services_complete(p)
    False
    """
    return p.info.coverage.services == "complete"


def not_recorded_note(declared: str | None, phrases: Sequence[str], *, nothing_else: str) -> str:
    """The sentence an answer adds when it reports something as missing ("no other active service
    recorded") but the data does not record every service (``declared`` is the file's ``coverage.services``):
    what the data holds, and that the finding is what the data leaves out, not evidence of ``nothing_else``
    ('' when every service is recorded).

    >>> print(not_recorded_note("examples", ["no other active service recorded"],
    ...                         nothing_else="that nothing else serves them"))
    The data records only the documents' examples of services, not the whole provision, so "no other active service recorded" is what the data leaves out, not evidence that nothing else serves them.
    >>> not_recorded_note("complete", ["no other active service"], nothing_else="that nothing else serves them")
    ''
    """
    if declared == "complete" or not phrases:
        return ""
    holds = ("records only the documents' examples of services, not the whole provision" if declared == "examples"
             else "does not say whether it records every service")
    quoted = and_list([f'"{x}"' for x in phrases])
    return (f"The data {holds}, so {quoted} {'is' if len(phrases) == 1 else 'are'} what the data leaves out, not "
            f"evidence {nothing_else}.")
