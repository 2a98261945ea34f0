"""The registry of named queries: each defined once, reached the same way from everywhere.

A named query has a name, a family (one of the eleven question families), a
one-line purpose, a parameter model, a result model and an implementation over
the networkx graph. The CLI, the HTTP API and the Cypher layer reach queries only
through :func:`get_query` / :func:`run_query` / :func:`all_queries`.

Each family's queries are defined in the module named after it
(``queries/reporting_lines.py`` for ``reporting-lines``), which declares its
family once as ``FAMILY`` and passes it to :func:`register`. The package
(``queries/__init__.py``) imports this module and then every family module, so
importing anything from ``queries`` fills the registry.

Every answer is for a date. A query that takes ``as_of`` runs on
:meth:`Partnership.as_of` of that date, or, when none is given, of the partnership's
:meth:`~Partnership.default_day` (today, kept inside the period its data describes;
``today`` fixes the clock). The registry fills the result's ``as_of`` with that date,
``as_of_basis`` with a plain sentence saying why that date, and ``warnings`` with what
the reader must know about it (a date outside the period the data describes). A query
that compares dates of its own (``diff``) states them in ``as_of_basis`` itself.

Every answer also says what it rests on. The registry fills ``coverage`` with a sentence
on how much of the partnership the data records (services and money, from the counts and
from what the partnership's file declares in ``coverage``), so that what the data does not
record is never read as absent from the world; and ``rests_on`` with the records the
answer touches that are the project's own reading (``assumed``) or generated stand-ins,
found among the nodes the answer names (:meth:`QueryResult.about`) and the links between
them. ``stated_only`` answers from the documents' statements alone: assumed and generated
records are left out before the query runs.

Examples
--------
>>> from loaders import load_bundled
>>> result = run_query("reporting-line", load_bundled("york"), {"node": "Integrated Commissioning Group"})
>>> result.query, result.partnership, "YorOK Board" in result.summary()
('reporting-line', 'york', True)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph_model import (
    EdgeType,
    InvalidParameters,
    Location,
    NodeType,
    Partnership,
    UnknownNode,
    UnknownQuery,
    timeframe,
)
from graph_model.errors import NotInForce
from graph_model.models import NodeBase, with_changes
from graph_model.partnership import NODE_TYPE_VALUES, problems_from_validation
from graph_model.timeframe import long_date

from .common import NodeRef, active_service_ids, and_list, counted, kept, label, wholly_synthetic

__all__ = [
    "FAMILIES",
    "About",
    "RestsOn",
    "NamedQuery",
    "QueryParams",
    "QueryResult",
    "all_queries",
    "get_query",
    "register",
    "run_query",
]

#: The eleven question families (DOMAIN.md), in the order the documents ask them, then the maturity
#: journey (issue 14).
FAMILIES: dict[str, str] = {
    "duplication": "Services of different partners overlapping on outcome, cohort and locality.",
    "gaps": "Priority outcomes, cohorts and localities no active service or no money reaches.",
    "service-map": "Services mapped to outcomes and resources: correlations, overlaps and gaps.",
    "interdependencies": "Which outcomes depend on which, transitively; clusters of interdependent outcomes.",
    "reporting-lines": "Reporting lines through the planning bookcase, what reports to a board, integrity.",
    "golden-thread": "Service → outcome → priority → plan, and what contributes to a priority.",
    "funding": "Money from partners through budgets to services and outcomes.",
    "decommissioning": "What stopping a service leaves uncovered, breaks, and frees.",
    "governance-health": "Governance checks: chairs, terms of reference, thresholds, orphans.",
    "network": "Network position of partners and posts: centrality, board load, brokerage.",
    "change-over-time": "The graph on a date, and what changed between two dates.",
    "commissioning-maturity": "Where the partnership stands on the journey from weak to intelligent commissioning.",
}


class QueryParams(BaseModel):
    """Base of every query's parameter model. A field that names nodes is called ``node``."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class About(BaseModel):
    """The nodes and edges an answer is about, by id: what a view highlights."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nodes: list[str] = Field(default_factory=list, description="Ids of the nodes the answer names, in order.")
    edges: list[str] = Field(default_factory=list, description="Ids of the edges between them.")


class RestsOn(BaseModel):
    """The records an answer touches that no document states: the project's reading, or generated stand-ins."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    assumed: list[str] = Field(default_factory=list, description="Each assumed record the answer touches, as a "
                                                                 "sentence names it ('A → B (SUPPORTS_PRIORITY)').")
    generated: int = Field(0, description="Generated stand-in records (nodes and links) the answer touches.")
    fields: list[str] = Field(default_factory=list, description="Fields the answer relies on that are the project's "
                                                               "reading on every record of a type ('Service.tier').")
    synthetic: bool = Field(False, description="Every record of the partnership is generated (synthetic data).")
    stated_only: bool = Field(False, description="The answer was worked out without assumed and generated records.")
    changes: bool = Field(False, description="Leaving the assumed and generated records out changes the answer.")
    without: str = Field("", description="When it does: the answer's summary on the documents' statements alone.")
    sentence: str = Field("", description="The same in a plain sentence.")


class QueryResult(BaseModel):
    """Base of every query's result model.

    The registry fills ``query``, ``partnership``, ``as_of`` (the date the answer is for),
    ``as_of_basis`` (why that date, in a sentence), ``warnings``, ``coverage`` (how much of
    the partnership the data records) and ``rests_on`` (what the answer touches that no
    document states). Subclasses implement :meth:`table` (the main table, for ``--format
    table|csv``) and :meth:`summary` (a plain-English answer for governance leads); they may
    override :meth:`about`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    query: str = ""
    partnership: str = ""
    as_of: dt.date | None = Field(None, description="The date the answer is for (empty only for a query that "
                                                     "compares dates of its own).")
    as_of_basis: str = Field("", description="Why the answer is for that date (or which dates it compares).")
    warnings: list[str] = Field(default_factory=list, description="What to know about the date of the answer.")
    coverage: str = Field("", description="How much of the partnership the data records: what the answer can see.")
    rests_on: RestsOn = Field(default_factory=RestsOn, description="Records the answer touches that no document "
                                                                   "states (assumed or generated).")

    #: Column order for :meth:`table`; subclasses may set it.
    columns: ClassVar[tuple[str, ...]] = ()

    def about(self, p: Partnership) -> About:
        """The nodes this answer names (every :class:`~queries.common.NodeRef` in it, in order) and the
        edges of ``p`` between them: what a view highlights. A query may say more precisely."""
        nodes = list(dict.fromkeys(_node_ids(self)))
        inside = set(nodes)
        edges = [e.id for n in nodes if n in p for e in p.out_edges(n) if e.to in inside]
        return About(nodes=[n for n in nodes if n in p], edges=edges)

    def table(self) -> list[dict[str, Any]]:
        """The main table of the answer, one dict per row."""
        raise NotImplementedError

    def summary(self) -> str:
        """The answer in a few plain sentences."""
        raise NotImplementedError


def _node_ids(value: Any) -> Iterator[str]:
    """Every node id a result names, depth first in field order."""
    if isinstance(value, NodeRef):
        yield value.id
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _node_ids(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _node_ids(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _node_ids(item)


def coverage_sentence(p: Partnership, day: dt.date | None = None) -> str:
    """How much of the partnership the data records, as one short sentence for any answer on ``p`` (the
    partnership as it stood on ``day``, the answer's date, or the whole of it): services, then money (each
    with how many were in force on that day), from the counts and from what the file declares
    (``info.coverage``).

    >>> from loaders import load_bundled
    >>> staffs = load_bundled("staffordshire")
    >>> print(coverage_sentence(staffs))
    1 service recorded, the documents' examples, not the whole provision; money: 2 budgets and 4 flows, no amounts (the documents give none), 1 contract value.
    >>> day = dt.date(2012, 3, 31)
    >>> print(coverage_sentence(staffs.as_of(day), day))
    1 service recorded (none in force on 31 March 2012), the documents' examples, not the whole provision; money: 2 budgets and 4 flows, no amounts (the documents give none), 1 contract value.
    >>> day = dt.date(2022, 3, 31)  # the primary care trusts, and their two flows, ended in 2013
    >>> print(coverage_sentence(staffs.as_of(day), day))
    1 service recorded, the documents' examples, not the whole provision; money: 2 budgets and 4 flows (2 in force on 31 March 2022), no amounts (the documents give none), 1 contract value.
    """

    def make() -> str:
        whole = p.whole
        declared = whole.info.coverage
        total = len(whole.nodes(NodeType.SERVICE))
        said = counted(total, "service") + " recorded"
        if day is not None:
            active = len(active_service_ids(p))
            if active != total:
                said += f" ({'none' if not active else f'{active:,}'} in force on {long_date(day)})"
        said += {"complete": ", the whole provision", "examples": ", the documents' examples, not the whole "
                 "provision"}.get(declared.services or "", "; the data does not say whether that is every service")
        budgets = whole.nodes(NodeType.BUDGET)
        flows = whole.edges(EdgeType.CONTRIBUTES, EdgeType.FUNDS)
        amounts = sum(getattr(r, "amount", None) is not None for r in (*budgets, *flows))
        contracts = sum(getattr(e, "lifetime_value", None) is not None for e in whole.edges(EdgeType.COMMISSIONS))
        contracts += sum(getattr(s, "annual_cost", None) is not None for s in whole.nodes(NodeType.SERVICE))
        money = f"{counted(len(budgets), 'budget')} and {counted(len(flows), 'flow')}"
        if day is not None and (live := len(p.edges(EdgeType.CONTRIBUTES, EdgeType.FUNDS))) != len(flows):
            money += f" ({'none' if not live else f'{live:,}'} in force on {long_date(day)})"
        money += ", "
        money += f"{amounts:,} with an amount" if amounts else "no amounts"
        money += {"partial": " (recorded in part: totals are not the partnership's spend)",
                  "none": " (the documents give none)"}.get(declared.money or "", "")
        if contracts:
            money += f", {counted(contracts, 'contract value')}"
        return f"{said}; money: {money}."

    return kept(p, f"registry: coverage on {day}", make)


def _assumed_records(p: Partnership) -> tuple[dict[str, str], dict[str, tuple[str, str, str]], frozenset[str],
                                               dict[str, tuple[str, str]]]:
    """The assumed nodes, assumed edges (with their ends and type), generated nodes and generated edges
    (with their ends) of ``p``, found once per loaded partnership (few in data from documents)."""

    whole = p.whole  # kept with the whole partnership, so found from it: not from the day's view first asked

    def find() -> tuple[dict[str, str], dict[str, tuple[str, str, str]], frozenset[str], dict[str, tuple[str, str]]]:
        nodes = {n.id: n.name for n in whole.nodes() if n.assumed}
        edges = {e.id: (e.from_, e.to, e.type.value) for e in whole.edges() if e.assumed}
        made = frozenset(n.id for n in whole.nodes() if n.generated)
        made_edges = {e.id: (e.from_, e.to) for e in whole.edges() if e.generated}
        return nodes, edges, made, made_edges

    return kept(whole, "registry: assumed records", find)


#: The largest partnership (in nodes) whose answers are asked a second time on the documents' statements
#: alone, to say whether they change; a larger one names what it touches and leaves the rest to --stated-only.
RECHECK_NODES = 20_000


def has_readings(p: Partnership) -> bool:
    """Whether ``p`` (data from documents, not synthetic) holds any assumed or generated record, or a field
    that is the project's reading throughout (``assumed_fields``)."""
    return not wholly_synthetic(p.whole) and (bool(p.info.assumed_fields) or any(_assumed_records(p)))


def _read_fields(p: Partnership, reads: tuple[str, ...], named: set[str]) -> list[str]:
    """The keys of ``p``'s ``assumed_fields`` an answer relies on: a type's field the query ``reads``, or one named
    node's field of that kind ('early-intervention-fund.kind' when it reads 'Budget.kind' and names the fund)."""
    found = []
    for key in p.info.assumed_fields:
        owner, _, name = key.rpartition(".")
        if owner in NODE_TYPE_VALUES:
            if key in reads:
                found.append(key)
        elif (owner in named or not named) and owner in p and f"{p.node(owner).type.value}.{name}" in reads:
            found.append(key)
    return found


def _field_name(key: str, p: Partnership | None = None) -> str:
    """A declared field in words: ``Service.tier`` → ``service tiers``; one node's field by its name.

    >>> _field_name("Service.tier"), _field_name("SubGroup.meeting_frequency")
    ('service tiers', 'sub-group meeting frequencies')
    """
    kind, _, name = key.rpartition(".")
    if kind not in NODE_TYPE_VALUES:
        return f"the {name.replace('_', ' ')} of {label(p, kind) if p is not None and kind in p else kind}"
    kind = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", kind).lower()
    name = name.replace("_", " ")
    plural = name[:-1] + "ies" if name.endswith("y") else name + "s"
    return f"{kind} {plural}"


def rests_on(result: QueryResult, p: Partnership, *, stated_only: bool = False,
             without: str | None = None, reads: tuple[str, ...] = ()) -> RestsOn:
    """The records ``result`` (an answer on ``p``) touches that no document states: assumed or generated
    nodes it names, and assumed or generated links between the nodes it names; the fields it ``reads``
    that the partnership declares the project's reading (``assumed_fields``); ``without``, the same
    answer's summary on the documents' statements alone (None when it could not be asked)."""
    if wholly_synthetic(p.whole):
        return RestsOn(synthetic=True, sentence="Every record is generated (synthetic data): the answer describes "
                                                "no real partnership.")
    if stated_only:
        return RestsOn(stated_only=True, sentence="Worked out from the documents' statements alone: the project's "
                                                  "own readings and generated stand-ins were left out.")
    a_nodes, a_edges, g_nodes, g_edges = _assumed_records(p)
    declared = p.info.assumed_fields
    if not (a_nodes or a_edges or g_nodes or g_edges or declared):
        return RestsOn(sentence="Every record the answer rests on is stated in the documents.")
    about = result.about(p)  # what the answer is about, as a query says it (NodeRefs and the links between them)
    named, linked = set(about.nodes), set(about.edges)
    read = _read_fields(p, reads, named)
    fields = [f"{key}: {declared[key]}" for key in read]
    assumed = [f"{a_nodes[n]}" for n in sorted(named & a_nodes.keys())]
    assumed += [f"{label(p, u)} → {label(p, v)} ({t})" for eid, (u, v, t) in a_edges.items()
                if eid in linked and u in p and v in p]
    generated = len(named & g_nodes) + len(linked & g_edges.keys())
    changes = without is not None and without != result.summary()
    if changes and not assumed and not generated:  # it names no reading whole: the links from what it names
        assumed = [f"{label(p, u)} → {label(p, v)} ({t})" for u, v, t in a_edges.values()
                   if (u in named or v in named) and u in p and v in p]
    if not assumed and not generated and not changes and not fields:
        return RestsOn(sentence="Nothing in this answer rests on the project's own readings or generated records: "
                                "on the documents' statements alone it is the same.")
    parts = []
    if assumed:
        parts.append(f"{counted(len(assumed), 'record')} that {'is' if len(assumed) == 1 else 'are'} the project's "
                     f"reading, not the documents' ({and_list(assumed, most=4, sep='; ')})")
    if generated:
        parts.append(f"{counted(generated, 'generated record')} standing in for what a document only counts")
    relies = and_list([_field_name(key, p) for key in read])
    said = []
    if parts:
        said.append("This answer touches " + " and ".join(parts) + ".")
    if fields:
        said.append(f"{'It also' if parts else 'This answer'} relies on {relies}: the project's reading, not the "
                    "documents'.")
    if changes and not parts:  # what it names does not say which readings move it: count them
        kinds: dict[str, int] = {}
        for _, _, t in a_edges.values():
            kinds[t] = kinds.get(t, 0) + 1
        among = and_list([counted(n, f"{t} link") for t, n in sorted(kinds.items(), key=lambda kv: -kv[1])]
                         + ([counted(len(a_nodes), "record")] if a_nodes else [])
                         + ([counted(len(g_nodes) + len(g_edges), "generated record")] if g_nodes or g_edges else []),
                         most=4)
        said.append("The answer changes without the project's readings or generated records, which it counts "
                     f"rather than names; the partnership's readings are {among}.")
    sentence = " ".join(said)
    if changes:
        sentence += " " + _difference(result.summary(), without or "")
    elif without is not None:
        sentence += " On the documents' statements alone (--stated-only) it is the same."
    else:
        sentence += " --stated-only answers on the documents' statements alone."
    return RestsOn(assumed=assumed, generated=generated, fields=fields, changes=changes,
                   without=without or "" if changes else "", sentence=sentence)


def _sentences(text: str) -> list[str]:
    """The sentences of a summary, one per line or per full stop.

    >>> _sentences("Two gaps: A and B. One more.\\nCoverage matrix: 4 of 36.")
    ['Two gaps: A and B.', 'One more.', 'Coverage matrix: 4 of 36.']
    """
    return [s for line in text.splitlines() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"(])", line.strip()) if s]


def _quoted(sentence: str, most: int = 160, against: Iterable[str] = ()) -> str:
    """``sentence`` in quotes, cut to ``most`` characters; when it shares a long beginning with one of the
    sentences it is set ``against``, the cut shows where they part rather than the part they share.

    >>> a, b = "x" * 200 + " at a lower tier.", "x" * 200 + "."
    >>> _quoted(a, 40, [b]) != _quoted(b, 40, [a])
    True
    """
    if len(sentence) <= most:
        return f'"{sentence}"'
    shared = max((len(os.path.commonprefix([sentence, other])) for other in against), default=0)
    if shared < most - 20:
        return f'"{sentence[:most - 1].rstrip()}…"'
    start = max(0, shared - most // 2)
    return f'"…{sentence[start:start + most - 2].strip()}…"'


def _difference(answer: str, without: str, *, most: int = 2) -> str:
    """What the answer would say differently on the documents' statements alone: the sentences it would add
    and those it would no longer say, in the order they come.

    >>> print(_difference("All 10 services thread through. Good.", "0 of 10 services thread through. Good."))
    On the documents' statements alone (--stated-only) it would say: "0 of 10 services thread through."; and no longer: "All 10 services thread through."
    """
    mine, theirs = _sentences(answer), _sentences(without)
    new, gone = [x for x in theirs if x not in set(mine)], [x for x in mine if x not in set(theirs)]
    added = [_quoted(x, against=gone) for x in new]
    lost = [_quoted(x, against=new) for x in gone]
    parts = []
    if added:
        parts.append("it would say: " + and_list(added, most=most, sep=" "))
    if lost:
        parts.append("and no longer: " + and_list(lost, most=most, sep=" ") if added
                     else "it would no longer say: " + and_list(lost, most=most, sep=" "))
    if not parts:  # the same sentences in another order
        return "On the documents' statements alone (--stated-only) it says the same in another order."
    return "On the documents' statements alone (--stated-only) " + "; ".join(parts)


P = TypeVar("P", bound=QueryParams)
R = TypeVar("R", bound=QueryResult)


@dataclass(frozen=True)
class NamedQuery(Generic[P, R]):
    """One named query as the registry holds it."""

    name: str
    family: str
    purpose: str
    params: type[P]
    result: type[R]
    run: Callable[[Partnership, P], R]
    as_of: bool = True  # False for a query that compares dates of its own (diff)
    reads: tuple[str, ...] = ()  # fields ('Service.tier') a partnership may declare the project's reading


_REGISTRY: dict[str, NamedQuery[Any, Any]] = {}


def register(
    name: str, *, family: str, purpose: str, params: type[P], result: type[R], as_of: bool = True,
    reads: tuple[str, ...] = (),
) -> Callable[[Callable[[Partnership, P], R]], Callable[[Partnership, P], R]]:
    """Decorator that registers a query implementation under ``name``.

    ``as_of=False`` marks a query that takes no ``as_of`` (it compares dates of its own). ``reads`` names the
    fields (``"Service.tier"``) its answer turns on, so that an answer on a partnership declaring one of them
    the project's reading (``assumed_fields``) says so.
    """
    if family not in FAMILIES:
        raise ValueError(f"unknown query family {family!r}; families: {', '.join(FAMILIES)}")

    def wrap(fn: Callable[[Partnership, P], R]) -> Callable[[Partnership, P], R]:
        if name in _REGISTRY:
            raise ValueError(f"query {name!r} is registered twice")
        _REGISTRY[name] = NamedQuery(name, family, purpose, params, result, fn, as_of, reads)
        return fn

    return wrap


def all_queries() -> list[NamedQuery[Any, Any]]:
    """Every registered query, in family order then name."""
    order = list(FAMILIES)
    return sorted(_REGISTRY.values(), key=lambda q: (order.index(q.family), q.name))


def get_query(name: str) -> NamedQuery[Any, Any]:
    """The query called ``name`` (raises :class:`UnknownQuery` with close matches)."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownQuery(name, sorted(_REGISTRY)) from None


def parse_params(query: NamedQuery[Any, Any], params: Mapping[str, Any] | QueryParams | None) -> QueryParams:
    """Validate parameters against the query's model (raises :class:`InvalidParameters`)."""
    if isinstance(params, query.params):
        return typing.cast(QueryParams, params)
    try:
        parsed: QueryParams = query.params.model_validate(dict(params or {}))
        return parsed
    except ValidationError as err:
        # The loaders' wording (plain words, values as written), not pydantic's.
        problems = problems_from_validation(err, Location(), "parameters")
        raise InvalidParameters(query.name, [
            f"{p.location.field or 'parameters'}: {p.message}" + (f" (allowed: {p.allowed})" if p.allowed else "")
            for p in problems
        ]) from None


def run_query(
    name: str,
    partnership: Partnership,
    params: Mapping[str, Any] | QueryParams | None = None,
    *,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    stated_only: bool = False,
) -> QueryResult:
    """Run the named query on ``partnership`` as it stood on ``as_of``, or by default on its
    :meth:`~Partnership.default_day` (``today``: the clock's date unless given).

    ``stated_only`` runs it on the documents' statements alone: the partnership without its
    assumed and generated records (:func:`stated`)."""
    query = get_query(name)
    parsed = parse_params(query, params)
    if as_of and not query.as_of:
        raise InvalidParameters(name, ["as_of: this query compares two dates of its own and takes no as-of date"])
    whole = partnership.whole
    if stated_only:
        partnership = stated(partnership)
    dating = partnership.dating(as_of, today=today) if query.as_of else None
    graph = partnership.as_of(dating.day) if dating else partnership
    try:
        with timeframe.answering(dating.day if dating else None):
            result: QueryResult = query.run(graph, parsed)
    except UnknownNode as err:
        if stated_only and err.ref in whole and err.ref not in partnership:
            raise NotInForce(name, err.ref, f"node: '{err.ref}' is the project's reading or a generated stand-in, "
                                            "which --stated-only leaves out") from None
        if dating is None:
            raise
        try:  # the node may exist but not have been in force on that day: say so
            node = partnership.node(partnership.resolve(err.ref))
        except UnknownNode:
            raise err from None
        start, end = partnership.span(node)
        span = f"{start or 'open'} to {end or 'open'}"
        if node.valid_from is None and start is not None and start == partnership.info.period_start:
            span += (f"; no start date is recorded for it, so it is taken to hold from the start of the period the "
                     f"data describes, {long_date(start)}, not that it began then")
        raise NotInForce(name, err.ref, f"node: '{err.ref}' was not in force on {dating.day.isoformat()} "
                                        f"(valid {span}). {dating.basis}") from None
    without: str | None = None
    if not stated_only and len(graph) <= RECHECK_NODES and has_readings(graph):  # does the answer change without them?
        bare = stated(partnership)
        try:
            with timeframe.answering(dating.day if dating else None):
                without = query.run(bare.as_of(dating.day) if dating else bare, parsed).summary()
        except (UnknownNode, InvalidParameters):  # it asks about a record the documents do not state
            without = "(it cannot be asked: it names a record that is the project's reading or generated)"
    update: dict[str, Any] = {"query": name, "partnership": partnership.info.id, "coverage": coverage_sentence(graph, dating.day if dating else None),
                              "rests_on": rests_on(result, graph, stated_only=stated_only, without=without,
                                                   reads=query.reads)}
    if dating is not None:
        update |= {"as_of": dating.day, "as_of_basis": dating.basis,
                   "warnings": [*dating.warnings, *result.warnings]}
    return result.model_copy(update=update)


def stated(p: Partnership) -> Partnership:
    """The partnership on its documents' statements alone: without the records that are the project's own
    reading (``assumed``) or generated stand-ins, and the links that touch them (kept with the partnership).

    >>> from loaders import load_bundled
    >>> york = load_bundled("york")
    >>> york.edge_count - stated(york).edge_count  # the outcome-to-priority mapping and the other readings
    37
    """
    if wholly_synthetic(p.whole):
        raise InvalidParameters("stated-only", ["every record of this partnership is generated (synthetic data): "
                                                "nothing is left when generated records are left out"])
    blank: dict[str, dict[str, None]] = {}
    for key in p.whole.info.assumed_fields:  # fields that are the project's reading (a type's or a node's): emptied
        owner, _, name = key.rpartition(".")
        blank.setdefault(owner, {})[name] = None

    def bare(n: NodeBase) -> NodeBase:
        changes = blank.get(n.type.value, {}) | blank.get(n.id, {})
        return with_changes(n, **changes) if changes else n

    return p.whole.subset(lambda n: not (n.assumed or n.generated), lambda e: not (e.assumed or e.generated),
                          kind="stated", change_node=bare if blank else None)
