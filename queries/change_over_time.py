"""Change over time: what changed in a partnership between two dates.

Every query already runs "as of" a date through the registry
(``run_query(..., as_of=day)`` works on :meth:`Partnership.as_of`). The ``diff``
query compares two such snapshots, ``before`` and ``after``:

* **nodes and edges added or removed** - a record is in a snapshot when it is
  in force on that day (:meth:`Partnership.span`: its ``valid_from`` /
  ``valid_to``; with no ``valid_from``, from the start of the period the data
  describes; a priority with no dates of its own, its plan's) and, for an edge,
  both its ends are too. So when ``before`` falls before the period starts, the
  records with no dates of their own show as added on the period's first day,
  and the answer warns about it. Records are never edited in place, so a
  change to an edge shows as one edge ending and another starting between the
  same two nodes: such pairs are reported once, as **changed**, with the fields
  that differ (an amount, a role ...).
* **services commissioned or decommissioned** - a service is *running* on a day
  when it is in force then, has started (``start_date`` on or before the day; with
  no start date, when its status is not ``planned``) and has not ended
  (``end_date`` on or after the day; with no end date, when its status is not
  ``decommissioned``). Commissioned = running after but not before;
  decommissioned = running before but not after.
* **money re-routed** - per budget: FUNDS flows to some services stopped while
  flows from the same budget to *other* services started. A flow that stopped
  and restarted to the same service is a change, not a re-routing.

Counts (:attr:`DiffResult.counts`) are always complete; the lists of changed
services, budgets, nodes and edges hold at most ``limit`` items each, because
across a whole country two dates can be hundreds of thousands of records
apart; when the two dates straddle the start of the period, the records with dates
of their own are listed before those without. No snapshot graph is built: between
two days on the same side of the period's start only the records that come into
force or go out of it between them are read, found in a timeline of the records
with dates made once per partnership and kept with it; across the period's start,
when every record without dates comes into force, each record's dates are read once.

Examples
--------
>>> import datetime as dt
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
...     {"id": "cyp-2009", "type": "Plan", "name": "CYPP 2009-12", "valid_to": "2012-03-31"},
...     {"id": "cyp-2013", "type": "Plan", "name": "CYPP 2013-16", "valid_from": "2013-04-01"}], edges=[])
>>> r = diff(p, DiffParams(before=dt.date(2011, 1, 1), after=dt.date(2014, 1, 1)))
>>> [(n.change, n.id) for n in r.nodes]
[('added', 'cyp-2013'), ('removed', 'cyp-2009')]
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain, compress, count, islice, repeat
from operator import add, and_, attrgetter, gt, is_not, itemgetter, le, lshift, ne, not_, or_, xor
from typing import Any, ClassVar, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph_model import EdgeBase, EdgeType, NodeBase, NodeType, Partnership, record_data
from graph_model.models import ServiceStatus
from graph_model.partnership import Span
from graph_model.timeframe import describe_period, long_date, period_warning

from .common import and_list, kept, plural
from .money import Ledger, MoneyTotal
from .registry import QueryParams, QueryResult, register

__all__ = [
    "ChangeCount",
    "DiffParams",
    "DiffResult",
    "EdgeChange",
    "NodeChange",
    "Reroute",
    "ServiceChange",
    "diff",
    "running_on",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "change-over-time"

#: Fields that say when or where a record came from, not what it says.
_BOOKKEEPING = frozenset({"id", "valid_from", "valid_to", "source", "generated", "description"})

Change = Literal["added", "removed", "changed"]


class DiffParams(QueryParams):
    before: dt.date = Field(description="The earlier date (YYYY-MM-DD).")
    after: dt.date = Field(description="The later date (YYYY-MM-DD).")
    limit: int = Field(100, ge=0, le=10_000_000, description="List at most this many services, budgets, nodes and edges each "
                                              "(counts are always complete); 0 lists everything.")

    @model_validator(mode="after")
    def _in_order(self) -> DiffParams:
        if self.after < self.before:
            raise ValueError(f"after ({self.after.isoformat()}) is earlier than before ({self.before.isoformat()})")
        return self


class ChangeCount(BaseModel):
    """How many records of one type were added, removed or changed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record: Literal["node", "edge", "service", "budget"]
    type: str
    change: str
    count: int
    undated: int = Field(0, description="Of the count, those that changed only because records without dates of "
                                        "their own are taken to hold from the period's start (not dated change).")


class NodeChange(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    change: Literal["added", "removed", "came and went"]
    id: str
    name: str
    type: str
    undated: bool = Field(False, description="It has no dates of its own: it shows as added (or removed) only "
                                             "because such records are taken to hold from the period's start, "
                                             "not because a document dates the change.")


class EdgeChange(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    change: Change
    id: str = Field(description="The edge id (for a change: the id of the edge in force after).")
    type: str
    from_id: str
    from_name: str
    to_id: str
    to_name: str
    detail: str = ""
    undated: bool = Field(False, description="Added or removed only because records without dates of their own "
                                             "(it, or an end of it) are taken to hold from the period's start.")


class ServiceChange(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    change: Literal["commissioned", "decommissioned"]
    id: str
    name: str
    date: dt.date | None = Field(description="The start or end date, when recorded.")
    undated: bool = Field(False, description="Its running changes only because, with no dates of its own, it is "
                                             "taken to hold from the period's start: no document dates it.")


class Reroute(BaseModel):
    """One budget whose money stopped going to some services and started going to others."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    budget_id: str
    budget_name: str
    from_services: list[str] = Field(description="Ids of the services whose funding from this budget stopped.")
    from_names: list[str]
    to_services: list[str] = Field(description="Ids of the services whose funding from this budget started.")
    to_names: list[str]
    stopped: MoneyTotal
    started: MoneyTotal


class DiffResult(QueryResult):
    before: dt.date
    after: dt.date
    counts: list[ChangeCount]
    services: list[ServiceChange]
    rerouted: list[Reroute]
    nodes: list[NodeChange]
    edges: list[EdgeChange]
    listed: int = Field(description="The limit each list was cut to; 0 when nothing was cut.")
    came_and_went: list[NodeChange] = Field(
        default_factory=list, description="Nodes in force on neither date but on days between them (a contract that "
                                          "began and ended inside the window), and services that started and "
                                          "stopped running between them.")
    period_start: dt.date | None = Field(None, description="When the two dates straddle the start of the period "
                                                           "the data describes: that start, from which records "
                                                           "without dates of their own are taken to hold.")

    columns: ClassVar[tuple[str, ...]] = ("change", "kind", "id", "name", "detail")

    def count(self, record: str, change: str, type: str | None = None, *, dated: bool = False) -> int:
        """How many records of a kind changed this way, e.g. ``count("edge", "added", "FUNDS")``; with ``dated``,
        only the changes the records' own dates make (not those of undated records taken to hold from the
        period's start)."""
        return sum(c.count - (c.undated if dated else 0) for c in self.counts
                   if c.record == record and c.change == change and (type is None or c.type == type))

    def undated(self, record: str) -> int:
        """How many records of a kind show as changed only because they have no dates of their own."""
        return sum(c.undated for c in self.counts if c.record == record)

    def table(self) -> list[dict[str, Any]]:
        """Services, money, nodes and edges; the changes no document dates (undated records taken to hold from the
        period's start) after the rest, their ``change`` saying so."""
        undated = f"{{}} (undated: held from {self.period_start.isoformat()})" if self.period_start else "{}"
        rows: list[dict[str, Any]] = []
        rows += [{"change": s.change, "kind": "service", "id": s.id, "name": s.name,
                  "detail": s.date.isoformat() if s.date else ""} for s in self.services if not s.undated]
        rows += [{"change": "re-routed", "kind": "money", "id": r.budget_id, "name": r.budget_name,
                  "detail": f"{', '.join(r.from_names)} ({r.stopped.text()}) → "
                            f"{', '.join(r.to_names)} ({r.started.text()})"} for r in self.rerouted]
        rows += [{"change": n.change, "kind": n.type, "id": n.id, "name": n.name, "detail": ""} for n in self.nodes
                 if not n.undated]
        rows += [{"change": n.change, "kind": n.type, "id": n.id, "name": n.name,
                  "detail": "in force on neither date, but between them"} for n in self.came_and_went]
        rows += [{"change": e.change, "kind": e.type, "id": e.id, "name": f"{e.from_name} → {e.to_name}",
                  "detail": e.detail} for e in self.edges if not e.undated]
        rows += [{"change": undated.format(s.change), "kind": "service", "id": s.id, "name": s.name, "detail": ""}
                 for s in self.services if s.undated]
        rows += [{"change": undated.format(n.change), "kind": n.type, "id": n.id, "name": n.name, "detail": ""}
                 for n in self.nodes if n.undated]
        rows += [{"change": undated.format(e.change), "kind": e.type, "id": e.id, "name": f"{e.from_name} → {e.to_name}",
                  "detail": e.detail} for e in self.edges if e.undated]
        return rows

    def summary(self) -> str:
        span = f"Between {self.before.isoformat()} and {self.after.isoformat()}"
        if not self.counts:
            return f"{span} nothing recorded changed."
        split = any(c.undated for c in self.counts)
        lead = f"{span}, dated change (what the records' own dates show)" if split else span
        parts = [f"{lead}: {self.count('node', 'added', dated=True)} node(s) added and "
                 f"{self.count('node', 'removed', dated=True)} removed; "
                 f"{self.count('edge', 'added', dated=True)} edge(s) added, "
                 f"{self.count('edge', 'removed', dated=True)} removed and "
                 f"{self.count('edge', 'changed', dated=True)} changed."]
        for kind in ("commissioned", "decommissioned"):
            total = self.count("service", kind, dated=True)
            if total:
                names = [s.name for s in self.services if s.change == kind and not s.undated][:10]
                more = f" and {total - len(names)} more" if total > len(names) else ""
                parts.append(f"{kind.capitalize()} ({total}): {', '.join(names)}{more}.")
        if split:
            held = f"from {long_date(self.period_start)}, the start of the period the data describes" \
                if self.period_start else "from the start of the period the data describes"
            services = [s.name for s in self.services if s.undated]
            what = [plural(n, one) for n, one in ((self.undated("node"), "node"), (self.undated("edge"), "edge"))
                    if n]
            parts.append(f"Not dated: {and_list(what)} have no dates of their own (or join one that has none) and "
                         f"are taken to hold {held}, so they show as added or removed; no document says they "
                         "changed then."
                         + (f" Among them {plural(self.undated('service'), 'service')} show as commissioned for that reason alone: "
                            f"{and_list(services, most=5, sep='; ')}." if services else "")
                         + " The table lists them last, marked undated.")
        went_between = self.count("node", "came and went")
        if went_between:
            listed_between = and_list([n.name for n in self.came_and_went], most=5, sep="; ")
            parts.append(f"Began and ended between the two dates, so in force on neither: {went_between} node(s) "
                         f"({listed_between}).")
        for r in self.rerouted[:5]:
            parts.append(f"{r.budget_name} moved money from {', '.join(r.from_names)} to {', '.join(r.to_names)}.")
        if self.count("budget", "re-routed") > 5:
            parts.append(f"{self.count('budget', 're-routed')} budgets re-routed money in all.")
        if self.listed:
            parts.append(f"Lists are cut to {self.listed} items each; counts are complete.")
        return "\n".join(parts)


def running_on(service: NodeBase, day: dt.date, p: Partnership | None = None) -> bool:
    """Whether a service was running on ``day`` (see the module notes); in force by its own dates,
    or by ``p``'s rules of time (:meth:`Partnership.in_force`) when ``p`` is given.

    >>> from graph_model import parse_node
    >>> s = parse_node({"id": "two", "type": "Service", "name": "Two-year-old places", "start_date": "2013-09-01"})
    >>> running_on(s, dt.date(2013, 8, 31)), running_on(s, dt.date(2013, 9, 1))
    (False, True)
    """
    status_on = service.status_on  # type: ignore[attr-defined]
    in_force = p.in_force(service, day) if p is not None else service.valid_on(day)
    return in_force and status_on(day) is ServiceStatus.ACTIVE


def _within(span: Span, day: dt.date) -> bool:
    start, end = span
    return (start is None or start <= day) and (end is None or day <= end)


def _difference(old: EdgeBase, new: EdgeBase) -> str:
    a = record_data(old, exclude=_BOOKKEEPING)
    b = record_data(new, exclude=_BOOKKEEPING)
    changed = [f"{k}: {a.get(k)} → {b.get(k)}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    return "; ".join(changed) or "dates or source only"


class _Found(NamedTuple):
    """What differs between two days (for services: what may), named by keys - indexes into
    ``nodes``, ``edges`` and ``services`` - each list of keys in the order :func:`diff` lists them."""

    nodes: Sequence[NodeBase]
    came: list[int]  # nodes in force after but not before
    went: list[int]  # nodes in force before but not after
    edges: Sequence[EdgeBase]
    typed: list[tuple[EdgeType, list[int], list[int]]]  # per edge type with any: the edges that came and went
    services: list[NodeBase]  # the services whose running on the two days is to be compared
    twins: set[int] | None  # keys of the edges that share their type and ends with another, when known
    undated_nodes: frozenset[int] = frozenset()  # nodes that came or went only as undated records (straddling days)
    undated_edges: frozenset[int] = frozenset()  # edges likewise


def _scan(p: Partnership, before: dt.date, after: dt.date) -> _Found:
    """What differs between the two days, every record read: for two days either side of the period's start,
    between which every record without dates of its own comes into force."""
    start = p.period[0]
    undated_was, undated_now = start is None or before >= start, start is None or after >= start
    node_spans, edge_spans = p.dated_spans()  # every record whose span is not an undated one's
    gone_before: set[str] = set()  # nodes not in force on each day
    gone_after: set[str] = set()
    dated_gone_before: set[str] = set()  # nodes not in force on each day by dates of their own
    dated_gone_after: set[str] = set()
    nodes = p.nodes(*NodeType)
    came: list[int] = []
    went: list[int] = []
    undated_nodes: set[int] = set()  # changed only because undated records hold from the period's start
    for key, node in enumerate(nodes):
        span = node_spans.get(node.id)
        was, now = (undated_was, undated_now) if span is None else (_within(span, before), _within(span, after))
        if not was:
            gone_before.add(node.id)
            if span is not None:
                dated_gone_before.add(node.id)
        if not now:
            gone_after.add(node.id)
            if span is not None:
                dated_gone_after.add(node.id)
        if was != now:
            (came if now else went).append(key)
            if span is None:
                undated_nodes.add(key)
    edges: list[EdgeBase] = []
    typed: list[tuple[EdgeType, list[int], list[int]]] = []
    undated_edges: set[int] = set()
    for etype in EdgeType:
        added: list[int] = []
        removed: list[int] = []
        listed = p.edges(etype)
        for key, e in enumerate(listed, start=len(edges)):
            eid, source, target = e.id, e.from_, e.to
            if eid in edge_spans:
                span = edge_spans[eid]
                was, now = _within(span, before), _within(span, after)
                own_was, own_now = was, now
            else:
                was, now = undated_was, undated_now
                own_was = own_now = True
            was = was and source not in gone_before and target not in gone_before
            now = now and source not in gone_after and target not in gone_after
            if was != now:
                (added if now else removed).append(key)
                # would it differ were undated records in force on both days? if not, it is no dated change
                own_was = own_was and source not in dated_gone_before and target not in dated_gone_before
                own_now = own_now and source not in dated_gone_after and target not in dated_gone_after
                if own_was == own_now:
                    undated_edges.add(key)
        edges += listed
        if added or removed:
            typed.append((etype, added, removed))
    return _Found(nodes, came, went, edges, typed, p.nodes(NodeType.SERVICE), None, frozenset(undated_nodes),
                  frozenset(undated_edges))


#: Days as ordinals, with a day before every date and one after every date for open ends.
_OPEN_START, _OPEN_END = 0, dt.date.max.toordinal() + 1
#: A day and a key in one number, sorted by day then key: ``day << _KEY_BITS | key``.
_KEY_BITS = 32
_KEY = (1 << _KEY_BITS) - 1


def _ordinals(span: Span) -> tuple[int, int]:
    first, last = span
    return (_OPEN_START if first is None else first.toordinal()), (_OPEN_END if last is None else last.toordinal())


def _marks(days: Iterable[int], keys: Iterable[int]) -> array[int]:
    """``(day, key)`` pairs as single numbers, sorted (plain numbers sort quickly and take little room)."""
    return array("q", sorted(map(or_, map(lshift, days, repeat(_KEY_BITS)), keys)))


def _between(marks: array[int], before: dt.date, after: dt.date) -> set[int]:
    """The keys of the marks whose day falls after ``before`` and on or before ``after``."""
    low = bisect_right(marks, before.toordinal() << _KEY_BITS | _KEY)
    high = bisect_right(marks, after.toordinal() << _KEY_BITS | _KEY)
    return set(map(and_, marks[low:high], repeat(_KEY)))


class _Runs:
    """For records each in force over one run of days, the days their runs start and end, sorted,
    so that the records in force on one of two days only are found without reading the others.
    A record is named by its key, its index in ``firsts`` and ``lasts`` (its first and last day
    as ordinals, :data:`_OPEN_START` / :data:`_OPEN_END` where open)."""

    __slots__ = ("ends", "starts")

    def __init__(self, firsts: list[int], lasts: list[int]) -> None:
        held = list(map(le, firsts, lasts))  # a run that ends before it starts never holds
        starting = list(compress(range(len(firsts)), map(and_, held, map(ne, firsts, repeat(_OPEN_START)))))
        ending = list(compress(range(len(lasts)), map(and_, held, map(ne, lasts, repeat(_OPEN_END)))))
        self.starts = _marks(map(firsts.__getitem__, starting), starting)
        self.ends = _marks(map(add, map(lasts.__getitem__, ending), repeat(1)), ending)  # from the day after the last

    def flipped(self, before: dt.date, after: dt.date) -> tuple[list[int], list[int]]:
        """The keys of the records in force on ``after`` but not ``before``, and of those in force on
        ``before`` but not ``after``, each in key order.

        A run that starts in ``(before, after]`` holds on ``after`` only unless it also ends in
        ``[before, after)``, when it holds on neither; a run that ends there and does not start
        there holds on ``before`` only; any other run holds on both days or on neither.
        """
        came, went = _between(self.starts, before, after), _between(self.ends, before, after)
        return sorted(came - went), sorted(went - came)


_ID, _TYPE, _ENDS = attrgetter("id"), attrgetter("type"), attrgetter("from_", "to")
_VALID_FROM, _VALID_TO = attrgetter("valid_from"), attrgetter("valid_to")


class _Timeline:
    """When each record that can differ between two days on the same side of the period's start
    comes into force and goes out of it, found once per partnership and kept with it.

    A record without dates of its own holds from the period's start, so on two such days only
    these can differ: nodes with dates (their own or a plan's, :meth:`Partnership.dated_spans`),
    edges with dates or with such a node at an end, and services with dates. A node is in force
    over its span. An edge holds over its span cut to its two ends' (it holds only while both
    do): most edges have neither dates of their own nor a second end with dates, and on days
    inside the period they come and go with their one dated end (they are *attached* to it);
    the others have runs of their own. A service's running turns only on the days its span
    starts and ends and on those :meth:`Service.status_on` reads (its start date, and the day
    after its end date or its ``valid_to``): it runs differently on two days only when one of
    these falls between them, and only those services are then looked at.
    """

    __slots__ = ("attached", "edge_runs", "edge_types", "edges", "node_runs", "nodes", "own_runs", "service_turns",
                 "services", "start", "twins")

    def __init__(self, p: Partnership) -> None:
        node_spans, edge_spans = p.dated_spans()
        self.start = p.period[0]
        self.nodes = [n for n in p.nodes(*NodeType) if n.id in node_spans]
        node_key = {n.id: key for key, n in enumerate(self.nodes)}
        node_days = [_ordinals(node_spans[n.id]) for n in self.nodes]
        self.node_runs = _Runs(list(map(itemgetter(0), node_days)), list(map(itemgetter(1), node_days)))

        # Each edge is read once: at a million edges, reading a record costs more than what is done with it.
        self.edges: list[EdgeBase] = []
        self.edge_types: list[tuple[EdgeType, int, int]] = []  # each type's keys: (type, first, after the last)
        attached: list[list[int]] = [[] for _ in self.nodes]  # per dated node, the edges attached to it
        own_runs: list[int] = []  # the edges with runs of their own
        own_ids: list[str] = []
        sources: list[str] = []
        targets: list[str] = []
        keep, own_run, own_id = self.edges.append, own_runs.append, own_ids.append
        source_of, target_of = sources.append, targets.append
        for etype in EdgeType:
            first = key = len(self.edges)
            for e in p.edges(etype):
                eid, source, target = e.id, e.from_, e.to
                if source in node_key:
                    if target in node_key or eid in edge_spans:
                        own_run(key)
                        own_id(eid)
                    else:
                        attached[node_key[source]].append(key)
                elif target in node_key:
                    if eid in edge_spans:
                        own_run(key)
                        own_id(eid)
                    else:
                        attached[node_key[target]].append(key)
                elif eid in edge_spans:
                    own_run(key)
                    own_id(eid)
                else:
                    continue
                keep(e)
                source_of(source)
                target_of(target)
                key += 1
            if key > first:
                self.edge_types.append((etype, first, key))

        self.attached = [array("i", keys) for keys in attached]  # kept as arrays: a tenth of the room
        self.own_runs = array("i", own_runs)
        undated = _ordinals((self.start, None))
        days_of = dict(zip(map(_ID, self.nodes), node_days, strict=True))
        own = [_ordinals(edge_spans[eid]) if eid in edge_spans else undated for eid in own_ids]
        ends = [list(map(days_of.get, map(column.__getitem__, own_runs), repeat(undated)))
                for column in (sources, targets)]
        self.edge_runs = _Runs(list(map(max, *(map(itemgetter(0), days) for days in (own, *ends)))),
                               list(map(min, *(map(itemgetter(1), days) for days in (own, *ends)))))
        # The edges that share their type and ends with another, found by the ends' hashes (two pairs of
        # ends that share a hash only make more twins, which _pair then reads exactly).
        self.twins: set[int] = set()
        for _, first, end in self.edge_types:
            pairs = list(map(xor, map(hash, sources[first:end]), map(lshift, map(hash, targets[first:end]), repeat(1))))
            shared = Counter(pairs)
            if len(shared) < len(pairs):
                self.twins.update(compress(count(first), map(gt, map(shared.__getitem__, pairs), repeat(1))))

        self.services: list[NodeBase] = []
        turns: list[int] = []  # the days on which a service may start or stop running, as ordinals
        for s in p.nodes(NodeType.SERVICE):
            start_date, end_date, valid_to = s.start_date, s.end_date, s.valid_to  # type: ignore[attr-defined]
            if start_date is None and end_date is None and valid_to is None and s.valid_from is None:
                continue  # running on every day or on none
            key = len(self.services)
            self.services.append(s)
            since, until = days_of.get(s.id, undated)
            if start_date is not None:  # from its start, or from the day after its end
                turns.append(start_date.toordinal() << _KEY_BITS | key)
            if end_date is not None:
                turns.append(end_date.toordinal() + 1 << _KEY_BITS | key)
            if valid_to is not None:
                turns.append(valid_to.toordinal() + 1 << _KEY_BITS | key)
            if since != _OPEN_START:
                turns.append(since << _KEY_BITS | key)
            if until != _OPEN_END:
                turns.append(until + 1 << _KEY_BITS | key)
        turns.sort()
        self.service_turns = array("q", turns)

    def between(self, before: dt.date, after: dt.date) -> _Found:
        """What differs between two days on the same side of the period's start."""
        came, went = self.node_runs.flipped(before, after)
        came_own, went_own = self.edge_runs.flipped(before, after)
        came_edges = list(map(self.own_runs.__getitem__, came_own))
        went_edges = list(map(self.own_runs.__getitem__, went_own))
        if self.start is None or before >= self.start:  # attached edges hold while their dated end does
            came_edges = sorted(chain(came_edges, chain.from_iterable(map(self.attached.__getitem__, came))))
            went_edges = sorted(chain(went_edges, chain.from_iterable(map(self.attached.__getitem__, went))))
        typed: list[tuple[EdgeType, list[int], list[int]]] = []
        for etype, first, end in self.edge_types:
            added = came_edges[bisect_left(came_edges, first):bisect_left(came_edges, end)]
            removed = went_edges[bisect_left(went_edges, first):bisect_left(went_edges, end)]
            if added or removed:
                typed.append((etype, added, removed))
        turned = sorted(_between(self.service_turns, before, after))
        return _Found(self.nodes, came, went, self.edges, typed, list(map(self.services.__getitem__, turned)),
                      self.twins)


class _EdgeChanges(NamedTuple):
    """One edge type's changes: the edges that came (``replacing``: those that replace an edge that
    went, a change) and the edges that went that nothing replaces, each in the order listed."""

    type: EdgeType
    came: list[int]
    replacing: dict[int, int]  # key of an edge that came -> key of the edge it replaces
    went: list[int]


def _pair(edges: Sequence[EdgeBase], etype: EdgeType, came: list[int], went: list[int],
          twins: set[int] | None) -> _EdgeChanges:
    """Records are never edited in place: an edge that went and one that came between the same two
    nodes are one change. Each edge that came takes the first edge still unpaired that went between
    its ends; the edges left unpaired are listed by their ends, in the order each pair of ends first went.
    Only ``twins`` (when known: the edges sharing their type and ends with another) can pair up."""
    if not went or (twins is not None and twins.isdisjoint(went)):
        return _EdgeChanges(etype, came, {}, went)  # no changes, and no two that went share their ends
    record = edges.__getitem__
    ended = list(map(_ENDS, map(record, went)))
    pairs = set(ended)
    pairable = came if twins is None else list(compress(came, map(twins.__contains__, came)))
    if pairs.isdisjoint(map(_ENDS, map(record, pairable))) and len(pairs) == len(went):
        return _EdgeChanges(etype, came, {}, went)
    by_ends: dict[tuple[str, str], list[int]] = defaultdict(list)
    for key, ends in zip(went, ended, strict=True):
        by_ends[ends].append(key)
    replacing: dict[int, int] = {}
    for key in compress(pairable, map(pairs.__contains__, map(_ENDS, map(record, pairable)))):
        olds = by_ends[_ENDS(edges[key])]
        if olds:
            replacing[key] = olds.pop(0)
    return _EdgeChanges(etype, came, replacing, [key for olds in by_ends.values() for key in olds])


def _listed(records: Sequence[NodeBase | EdgeBase], keys: Iterable[int], came: Iterable[bool], cap: int | None, *,
            dated_first: bool) -> list[tuple[int, bool]]:
    """The first ``cap`` of ``(key, came)`` in order; with ``dated_first``, those whose records have dates
    of their own come first, then the others, each in order (when two days straddle the period's start,
    the records the documents date before the flood of undated ones)."""
    listed: Iterable[tuple[int, bool]] = zip(keys, came, strict=True)
    if dated_first:
        keys, came = list(keys), list(came)
        chosen = list(map(records.__getitem__, keys))
        dated = list(map(or_, map(is_not, map(_VALID_FROM, chosen), repeat(None)),
                         map(is_not, map(_VALID_TO, chosen), repeat(None))))
        listed = chain(compress(zip(keys, came, strict=True), dated),
                       compress(zip(keys, came, strict=True), map(not_, dated)))
    return list(islice(listed, cap))


@register("diff", family=FAMILY,
          purpose="Nodes and edges added, removed or changed between two dates; services commissioned and "
                  "decommissioned; money re-routed.",
          params=DiffParams, result=DiffResult, as_of=False)
def diff(p: Partnership, params: DiffParams) -> DiffResult:
    """What changed between ``params.before`` and ``params.after``.

    >>> import datetime as dt
    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "two", "type": "Service", "name": "Two-year-old places", "start_date": "2013-09-01"}], edges=[])
    >>> [s.change for s in diff(p, DiffParams(before="2013-01-01", after="2014-01-01")).services]
    ['commissioned']
    """
    before, after = params.before, params.after
    cap = params.limit or None
    # A record with no dates of its own holds from the period's start (open when none is declared):
    # on both days, on neither, or - when the two days straddle that start - from one to the other.
    start = p.period[0]
    undated_was, undated_now = start is None or before >= start, start is None or after >= start
    straddling = undated_was != undated_now
    if straddling:  # every record without dates comes into force between the two days
        found = _scan(p, before, after)
    else:  # only records with dates, and edges touching them, can differ
        found = kept(p, "diff: timeline", lambda: _Timeline(p)).between(before, after)
    nodes, edges = found.nodes, found.edges

    counts: Counter[tuple[str, str, str]] = Counter()
    edge_changes = [_pair(edges, etype, came, went, found.twins) for etype, came, went in found.typed]
    undated_counts: Counter[tuple[str, str, str]] = Counter()  # of counts, the changes no document dates
    undated_edges, undated_nodes = found.undated_edges, found.undated_nodes
    for c in edge_changes:
        counts[("edge", c.type.value, "added")] = len(c.came) - len(c.replacing)
        counts[("edge", c.type.value, "removed")] = len(c.went)
        counts[("edge", c.type.value, "changed")] = len(c.replacing)
        if undated_edges:
            undated_counts[("edge", c.type.value, "added")] = sum(
                1 for k in c.came if k in undated_edges and k not in c.replacing)
            undated_counts[("edge", c.type.value, "removed")] = sum(1 for k in c.went if k in undated_edges)

    # money re-routed: per budget, flows to some services stopped while flows to others started
    funds = next((c for c in edge_changes if c.type is EdgeType.FUNDS), None)
    stopped: dict[str, dict[str, None]] = defaultdict(dict)
    started: dict[str, dict[str, None]] = defaultdict(dict)
    stopped_money, started_money = Ledger(), Ledger()
    rerouted_budgets: list[str] = []
    if funds is not None:
        ended = [edges[key] for key in funds.went]
        begun = [edges[key] for key in funds.came if key not in funds.replacing]
        budget_of = attrgetter("from_")
        starting = set(map(budget_of, begun))
        rerouted_budgets = [b for b in dict.fromkeys(map(budget_of, ended)) if b in starting]
        listed = set(rerouted_budgets[:cap])  # only the budgets listed need their services and money
        for flows, services, money in ((ended, stopped, stopped_money), (begun, started, started_money)):
            for e in flows:
                if e.from_ in listed:
                    services[e.from_][e.to] = None
                    money.add(e.from_, e.amount)  # type: ignore[attr-defined]

    # services: running_on(s, day, p) for those whose running may differ, with the span looked up once
    node_spans = p.dated_spans()[0]
    service_changes: list[tuple[str, NodeBase]] = []
    undated_services: set[str] = set()
    active = ServiceStatus.ACTIVE
    for s in found.services:
        span = node_spans.get(s.id)
        status_on = s.status_on  # type: ignore[attr-defined]
        running_before, running_after = status_on(before) is active, status_on(after) is active
        was = (undated_was if span is None else _within(span, before)) and running_before
        now = (undated_now if span is None else _within(span, after)) and running_after
        if was != now:
            service_changes.append(("commissioned" if now else "decommissioned", s))
            if straddling and span is None and running_before == running_after:
                undated_services.add(s.id)  # it changes only by being taken to hold from the period's start

    for change, number in Counter(map(itemgetter(0), service_changes)).items():
        counts[("service", "Service", change)] = number
    for change, number in Counter(c for c, s in service_changes if s.id in undated_services).items():
        undated_counts[("service", "Service", change)] = number
    counts.update(("budget", "Budget", "re-routed") for _ in rerouted_budgets)
    for change, keys in (("added", found.came), ("removed", found.went)):
        for node_type, number in Counter(map(_TYPE, map(nodes.__getitem__, keys))).items():
            counts[("node", node_type.value, change)] = number
        if undated_nodes:
            for node_type, number in Counter(_TYPE(nodes[k]) for k in keys if k in undated_nodes).items():
                undated_counts[("node", node_type.value, change)] = number
    # what began and ended between the two days: in force on neither, but on days between them
    between = _came_and_went(p, before, after)
    for node_type, number in Counter(map(_TYPE, between)).items():
        counts[("node", node_type.value, "came and went")] = number
    counts = +counts  # drop the zero counts

    def name(node_id: str) -> str:
        return p.node(node_id).name

    # the lists: nodes that came then went; edges type by type, those that came then went
    listed_nodes = _listed(nodes, chain(found.came, found.went),
                           chain(repeat(True, len(found.came)), repeat(False, len(found.went))), cap,
                           dated_first=straddling)
    listed_edges = _listed(edges, chain.from_iterable(chain(c.came, c.went) for c in edge_changes),
                           chain.from_iterable(chain(repeat(True, len(c.came)), repeat(False, len(c.went)))
                                               for c in edge_changes), cap, dated_first=straddling)
    replacing = {new: old for c in edge_changes for new, old in c.replacing.items()}
    longest = max(len(service_changes), len(rerouted_budgets), len(found.came) + len(found.went),
                  sum(len(c.came) + len(c.went) for c in edge_changes))
    period = describe_period(*p.period)
    basis = (f"The data describes {period}; this" if period else "This") + (
        f" compares {long_date(before)} with {long_date(after)}, the two dates asked for.")
    warnings = list(dict.fromkeys(w for day in (before, after) if (w := period_warning(*p.period, day))))
    if straddling and start is not None:
        warnings.append(f"Records without dates of their own are taken to hold from {long_date(start)}, so they "
                        "show as added between the two dates.")
    return DiffResult(
        as_of_basis=basis, warnings=warnings,
        before=before, after=after,
        counts=[ChangeCount(record=r, type=t, change=c, count=n, undated=undated_counts[(r, t, c)])
                for (r, t, c), n in counts.items()],
        services=[ServiceChange(change=c, id=s.id, name=s.name,
                                date=s.start_date if c == "commissioned" else s.end_date,  # type: ignore[attr-defined]
                                undated=s.id in undated_services)
                  for c, s in service_changes[:cap]],
        rerouted=[Reroute(budget_id=b, budget_name=name(b), from_services=list(stopped[b]),
                          from_names=[name(s) for s in stopped[b]], to_services=list(started[b]),
                          to_names=[name(s) for s in started[b]], stopped=stopped_money.total(b),
                          started=started_money.total(b)) for b in rerouted_budgets[:cap]],
        nodes=[NodeChange(change="added" if came else "removed", id=n.id, name=n.name, type=n.type.value,
                          undated=key in undated_nodes)
               for n, came, key in ((nodes[key], came, key) for key, came in listed_nodes)],
        edges=[EdgeChange(change=("changed" if key in replacing else "added") if came else "removed", id=e.id,
                          type=e.type.value, from_id=e.from_, from_name=name(e.from_), to_id=e.to, to_name=name(e.to),
                          detail=_difference(edges[replacing[key]], e) if key in replacing else "",
                          undated=key in undated_edges and key not in replacing)
               for e, key, came in ((edges[key], key, came) for key, came in listed_edges)],
        period_start=start if straddling else None,
        listed=cap if cap is not None and longest > cap or cap is not None and len(between) > cap else 0,
        came_and_went=[NodeChange(change="came and went", id=n.id, name=n.name, type=n.type.value)
                       for n in between[:cap]],
    )


def _came_and_went(p: Partnership, before: dt.date, after: dt.date) -> list[NodeBase]:
    """Nodes whose span lies wholly between ``before`` and ``after``, and services whose running began
    and ended between them (in force or running on neither day, but on days in between)."""
    node_spans = p.dated_spans()[0]
    found = {nid: None for nid, (first, last) in node_spans.items()
             if first is not None and last is not None and before < first and last < after}
    for s in p.nodes(NodeType.SERVICE):
        first, last = s.start_date, s.end_date  # type: ignore[attr-defined]
        if first is not None and last is not None and before < first and last < after and s.id not in found:
            span = node_spans.get(s.id)
            if span is None or (_within(span, first) and _within(span, last)):
                found[s.id] = None
    return [p.node(nid) for nid in found]

