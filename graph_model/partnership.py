"""The partnership graph: typed nodes and edges over a networkx MultiDiGraph.

A :class:`Partnership` is only ever built whole and valid: :func:`build_partnership`
checks every record against the schema and raises :class:`InvalidPartnership`
with every problem found, or returns the graph. There is no half-loaded state.

Examples
--------
>>> p = Partnership.from_records(
...     {"id": "demo", "name": "Demo"},
...     nodes=[{"id": "board", "type": "Board", "name": "Children's Trust Board"},
...            {"id": "icg", "type": "SubGroup", "name": "Integrated Commissioning Group"}],
...     edges=[{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"}],
... )
>>> [n.name for n in p.neighbours("icg", EdgeType.ACCOUNTABLE_TO)]
["Children's Trust Board"]
>>> p.counts()["Board"]
1
"""

from __future__ import annotations

import datetime as dt
import types
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from inspect import isclass
from itertools import compress, repeat
from operator import attrgetter, is_, is_not, or_
from typing import Any, Literal, Union, get_args, get_origin

import networkx as nx
from pydantic import BaseModel, ValidationError

from . import timeframe
from .errors import InvalidPartnership, Location, Problem, Rule, Severity, UnknownNode, close_matches, shown_value
from .models import (
    AMOUNT_ALLOWED,
    AMOUNT_HINT,
    EDGE_MODELS,
    NODE_MODELS,
    EdgeBase,
    NodeBase,
    PartnershipInfo,
    Service,
    ServiceStatus,
    parse_edge,
    parse_node,
    record_data,
    record_field_infos,
    record_fields,
    records_from_rows,
    records_to_rows,
)
from .schema import EDGE_RULES, EdgeType, NodeType
from .timeframe import Dating

#: The node type names, as ``assumed_fields`` keys may start with one (``Service.tier``).
NODE_TYPE_VALUES = frozenset(t.value for t in NodeType)

__all__ = ["Direction", "Partnership", "RawRecord", "Span", "build_partnership", "build_validated",
           "problems_from_validation"]

#: The first and last day a record is in force (``None`` where open).
Span = tuple[dt.date | None, dt.date | None]
#: A record as read from a file (plain data, or a record model already validated), with where it was read.
RawRecord = tuple[Mapping[str, Any] | NodeBase | EdgeBase, Location]
Direction = Literal["out", "in", "both"]


class Partnership:
    """A validated partnership graph.

    Typed access (:meth:`nodes`, :meth:`edges`, :meth:`out_edges`, :meth:`adjacency` ...)
    reads the partnership's own indexes. :attr:`graph` is the same partnership as a
    :class:`networkx.MultiDiGraph` keyed by node id, each node with a ``record`` attribute
    (its pydantic model) and each edge keyed by its edge id with a ``record`` attribute,
    for networkx's algorithms. It is made on first use (at a million edges it costs
    seconds and about 0.7 GB, which a query that never needs it should not pay).
    Treat both as read-only.

    **Time.** ``info.period_start`` / ``info.period_end`` declare the period the data
    describes. An answer given no date is for :meth:`default_day`: today, or the end of
    that period once today is past it, or its start while today is before it (with no
    period, today). :meth:`as_of` gives the partnership on a day, by these rules
    (:meth:`span`):

    * a record with no ``valid_from`` holds from the start of the declared period, not
      before (unless its own ``valid_to`` ends it earlier: it then holds up to that date);
      with no period declared it holds on any date;
    * a record with no ``valid_to`` holds open-endedly;
    * a priority (or a plan) with no dates of its own that is PART_OF a plan, and an
      undated PART_OF edge into a plan, take that plan's dates: a priority belongs to its
      plan's period;
    * an edge holds only while both its ends do, and a service's status on the day comes
      from its start and end dates.

    :attr:`warnings` lists what is doubtful but not invalid (a recorded status its dates
    contradict); the data loads all the same.
    """

    def __init__(self, info: PartnershipInfo, nodes: Iterable[NodeBase], edges: Iterable[EdgeBase], *,
                 where: Mapping[str, Location] | None = None,
                 edges_by_type: dict[EdgeType, list[EdgeBase]] | None = None) -> None:
        """Assemble an already-validated graph; use :func:`build_partnership` for input.

        ``where`` maps node ids to where each was read, for the warnings' locations;
        ``edges_by_type``, when the caller has them, the edges of each type in input order.
        """
        node: dict[str, NodeBase] = {}
        by_node_type: dict[NodeType, list[NodeBase]] = defaultdict(list)
        # The records with dates of their own are noted on the way (while each is at hand): as_of needs them.
        dated_nodes: list[NodeBase] = []
        for n in nodes:
            node[n.id] = n
            by_node_type[n.type].append(n)
            if n.valid_from is not None or n.valid_to is not None:
                dated_nodes.append(n)
        # Edges, a million and more: the dated ones are picked out in C.
        edge_list: list[EdgeBase] = list(edges)
        by_type = edges_by_type
        if by_type is None:
            by_type = defaultdict(list)
            for e in edge_list:
                by_type[e.type].append(e)
        dated_edges = list(compress(edge_list, map(or_, map(is_not, map(_valid_from, edge_list), repeat(None)),
                                                   map(is_not, map(_valid_to, edge_list), repeat(None)))))
        self._assemble(info, node, by_node_type, edge_list, by_type)
        self._where: Mapping[str, Location] = where or {}
        self._dated: tuple[list[NodeBase], list[EdgeBase]] | None = (dated_nodes, dated_edges)

    def _assemble(self, info: PartnershipInfo, node: dict[str, NodeBase], by_node_type: dict[NodeType, list[NodeBase]],
                  edges: list[EdgeBase] | None, by_type: dict[EdgeType, list[EdgeBase]],
                  origin: Partnership | None = None, day: dt.date | None = None,
                  gone: tuple[set[str], set[int]] | None = None) -> None:
        """Set the records and empty every index made on first use (shared by views, see :meth:`as_of`).

        A view that leaves edges out (``gone``: the ids of the nodes out of force and the ``id()`` of
        the edges out of force) gets its edge lists from its origin's on first use, type by type.
        """
        self.info = info
        self._node = node
        self._nodes_by_type = by_node_type
        self._edge_list = edges
        self._edges_by_type = by_type
        self._gone = gone
        self._touched: set[NodeType] = set()  # a view's node types whose lists are filtered on first use
        self._dated = None  # the records with dates of their own, noted by __init__ until as_of takes them
        self._graph: nx.MultiDiGraph | None = None
        self._incident: tuple[dict[str, list[EdgeBase]], dict[str, list[EdgeBase]]] | None = None
        self._adjacency: dict[tuple[EdgeType, str], dict[str, list[str]]] = {}
        self._edge_index: dict[str, EdgeBase] | None = None
        self._name_index: dict[str, list[str]] | None = None
        self._origin: Partnership = origin or self  # the loaded partnership a view was taken from
        self._day = day  # a view's day
        self._times: _Times | None = None
        self._views: OrderedDict[dt.date, Partnership] = OrderedDict()
        self._datings: dict[tuple[dt.date | None, dt.date], Dating] = {}
        self._warnings: tuple[dt.date, list[Problem]] | None = None
        self._subsets: dict[str, Partnership] = {}  # see subset()

    @property
    def whole(self) -> Partnership:
        """The partnership as loaded, every record whatever its dates: for a view from :meth:`as_of`,
        the partnership it was taken from; otherwise this one (what ended before a view's day is
        found here)."""
        return self._origin

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The partnership as a networkx MultiDiGraph (made on first use, then kept)."""
        if self._graph is None:
            g: nx.MultiDiGraph = nx.MultiDiGraph()
            # Nodes and edges go straight into networkx's documented adjacency layout (succ[u][v][key]
            # is the edge's data dict, shared with pred[v][u]); add_edge's per-call checks cost ~5 µs
            # an edge. tests/test_graph_model.py checks the result equals a graph built with add_edge.
            node_attrs, succ, pred = g._node, g._succ, g._pred
            for n in self._node.values():
                succ[n.id], pred[n.id] = {}, {}
                node_attrs[n.id] = {"record": n}
            for e in self._all_edges():
                u, v = e.from_, e.to
                keydict = succ[u].get(v)
                if keydict is None:
                    keydict = succ[u][v] = pred[v][u] = {}
                keydict[e.id] = {"record": e}
            self._graph = g
        return self._graph

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_records(
        cls,
        info: Mapping[str, Any] | PartnershipInfo,
        *,
        nodes: Iterable[Mapping[str, Any]],
        edges: Iterable[Mapping[str, Any]],
    ) -> Partnership:
        """Validate plain records (no file positions) and build the graph."""
        return build_partnership(
            info,
            ((n, _position("node", i, n)) for i, n in enumerate(nodes)),
            ((e, _position("edge", i, e)) for i, e in enumerate(edges)),
        )

    # -- typed access -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._node

    @property
    def edge_count(self) -> int:
        """How many edges the partnership has."""
        return len(self._all_edges())

    def node(self, node_id: str) -> NodeBase:
        """The node with this id (raises :class:`UnknownNode`)."""
        try:
            return self._node[node_id]
        except KeyError:
            raise UnknownNode(node_id, close_matches(node_id, self._node)) from None

    def nodes(self, *types: NodeType | str) -> list[NodeBase]:
        """Nodes of the given types (all nodes when none are given), in input order."""
        if not types:
            return list(self._node.values())
        return [n for t in types for n in self._typed_nodes(NodeType(t))]

    def _typed_nodes(self, nt: NodeType) -> list[NodeBase]:
        """The nodes of one type in input order (a view filters its origin's on first use)."""
        found = self._nodes_by_type.get(nt)
        if found is None:
            if nt not in self._touched:
                return []
            node = self._node
            found = self._nodes_by_type[nt] = [node[n.id] for n in self._origin._typed_nodes(nt) if n.id in node]
        return found

    def edges(self, *types: EdgeType | str) -> list[EdgeBase]:
        """Edges of the given types (all edges when none are given), in input order."""
        if not types:
            return list(self._all_edges())
        return [e for t in types for e in self._typed(EdgeType(t))]

    def _all_edges(self) -> list[EdgeBase]:
        """Every edge in input order (a view filters its origin's on first use)."""
        if self._edge_list is None:
            assert self._gone is not None
            gone, gone_edges = self._gone
            self._edge_list = [e for e in self._origin._all_edges()
                               if e.from_ not in gone and e.to not in gone and id(e) not in gone_edges]
        return self._edge_list

    def _typed(self, et: EdgeType) -> list[EdgeBase]:
        """The edges of one type in input order (a view filters its origin's on first use)."""
        found = self._edges_by_type.get(et)
        if found is None:
            if self._gone is None:
                return []
            gone, gone_edges = self._gone
            found = self._edges_by_type[et] = [e for e in self._origin._typed(et)
                                               if e.from_ not in gone and e.to not in gone and id(e) not in gone_edges]
        return found

    def edge(self, edge_id: str) -> EdgeBase:
        """The edge with this id (raises ``KeyError``)."""
        if self._edge_index is None:
            self._edge_index = {r.id: r for r in self._all_edges()}
        return self._edge_index[edge_id]

    def _incident_index(self) -> tuple[dict[str, list[EdgeBase]], dict[str, list[EdgeBase]]]:
        if self._incident is None:
            out: dict[str, list[EdgeBase]] = defaultdict(list)
            into: dict[str, list[EdgeBase]] = defaultdict(list)
            for e in self._all_edges():
                out[e.from_].append(e)
                into[e.to].append(e)
            self._incident = (dict(out), dict(into))
        return self._incident

    def out_edges(self, node_id: str, *types: EdgeType | str) -> list[EdgeBase]:
        """Edges leaving ``node_id``, optionally only of the given types (an index made on first use)."""
        found = self._incident_index()[0].get(node_id, [])
        wanted = {EdgeType(t) for t in types}
        return [r for r in found if r.type in wanted] if wanted else list(found)

    def in_edges(self, node_id: str, *types: EdgeType | str) -> list[EdgeBase]:
        """Edges arriving at ``node_id``, optionally only of the given types (an index made on first use)."""
        found = self._incident_index()[1].get(node_id, [])
        wanted = {EdgeType(t) for t in types}
        return [r for r in found if r.type in wanted] if wanted else list(found)

    def degree(self, node_id: str) -> int:
        """How many edges leave or arrive at ``node_id``."""
        out, into = self._incident_index()
        return len(out.get(node_id, ())) + len(into.get(node_id, ()))

    def neighbours(self, node_id: str, edge_type: EdgeType | str, direction: Direction = "out") -> list[NodeBase]:
        """Nodes one ``edge_type`` step from ``node_id`` (``out``: along the edge, ``in``: against it)."""
        ids = self.adjacency(edge_type, direction).get(node_id, [])
        return [self._node[i] for i in ids]

    def adjacency(self, edge_type: EdgeType | str, direction: Direction = "out") -> dict[str, list[str]]:
        """A cached map node id → neighbour ids along one edge type (for fast traversals)."""
        et = EdgeType(edge_type)
        key = (et, direction)
        if key not in self._adjacency:
            adj: dict[str, list[str]] = defaultdict(list)
            for e in self._typed(et):
                if direction in ("out", "both"):
                    adj[e.from_].append(e.to)
                if direction in ("in", "both"):
                    adj[e.to].append(e.from_)
            self._adjacency[key] = dict(adj)
        return self._adjacency[key]

    def tops(self) -> list[str]:
        """Ids of the top bodies: the one definition the whole project uses.

        A top body is a Board with no ACCOUNTABLE_TO or REPORTS_TO line above it. A
        sub-group with nothing above it is never a top: it is a body outside the
        reporting structure (an orphan, or a voice forum linked only by influence).

        >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
        ...     {"id": "board", "type": "Board", "name": "Board"},
        ...     {"id": "icg", "type": "SubGroup", "name": "ICG"},
        ...     {"id": "forum", "type": "SubGroup", "name": "Forum"}],
        ...   edges=[{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"}])
        >>> p.tops()
        ['board']
        """
        upward = self.adjacency(EdgeType.ACCOUNTABLE_TO).keys() | self.adjacency(EdgeType.REPORTS_TO).keys()
        return [n.id for n in self.nodes(NodeType.BOARD) if n.id not in upward]

    def unplaced(self) -> list[str]:
        """Ids of the sub-groups with no ACCOUNTABLE_TO or REPORTS_TO line above them (not tops).

        >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
        ...     {"id": "board", "type": "Board", "name": "Board"},
        ...     {"id": "forum", "type": "SubGroup", "name": "Forum"}], edges=[])
        >>> p.unplaced()
        ['forum']
        """
        upward = self.adjacency(EdgeType.ACCOUNTABLE_TO).keys() | self.adjacency(EdgeType.REPORTS_TO).keys()
        return [n.id for n in self.nodes(NodeType.SUBGROUP) if n.id not in upward]

    def resolve(self, ref: str) -> str:
        """The id of the node named ``ref`` by id or exact (case-insensitive) name.

        Raises :class:`UnknownNode` with the closest ids and names when nothing
        matches, or with the candidates' ids when a name is shared.
        """
        if ref in self._node:
            return ref
        if self._name_index is None:
            index: dict[str, list[str]] = defaultdict(list)
            for nid, rec in self._node.items():
                index[rec.name.casefold()].append(nid)
            self._name_index = dict(index)
        hits = self._name_index.get(ref.casefold(), [])
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise UnknownNode(ref, [f"{h} (shares the name)" for h in hits])
        names = [rec.name for rec in self._node.values()]
        suggestions = close_matches(ref, list(self._node)) + close_matches(ref, names)
        raise UnknownNode(ref, list(dict.fromkeys(suggestions))[:5])

    # -- summaries ----------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Number of nodes of each node type and edges of each edge type, schema order, zeros left out."""
        out: dict[str, int] = {}
        for nt in NodeType:
            if self._typed_nodes(nt):
                out[nt.value] = len(self._typed_nodes(nt))
        for et in EdgeType:
            if self._typed(et):
                out[et.value] = len(self._typed(et))
        return out

    def validity_range(self) -> tuple[dt.date | None, dt.date | None]:
        """The earliest ``valid_from`` and latest ``valid_to`` of any record (None when no record has one)."""
        records: list[NodeBase | EdgeBase] = [*self.nodes(), *self.edges()]
        starts = [r.valid_from for r in records if r.valid_from]
        ends = [r.valid_to for r in records if r.valid_to]
        return (min(starts) if starts else None, max(ends) if ends else None)

    # -- time ---------------------------------------------------------------------

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day of the period the data describes (``None`` where open or not declared)."""
        return self.info.period_start, self.info.period_end

    def default_day(self, today: dt.date | None = None) -> dt.date:
        """The date an answer is for when none is asked for: ``today`` (the clock's, by default),
        or the end of the declared period once today is past it, or its start while today is before it.
        A view from :meth:`as_of` answers for its own day, and so does any partnership while a named
        query works out an answer for a day (:func:`graph_model.timeframe.answering`)."""
        if self._day is not None:
            return self._day
        answering = timeframe.answering_day() if today is None else None
        if answering is not None:
            return answering
        return timeframe.default_day(*self.period, today or timeframe.today())

    def dating(self, as_of: dt.date | None = None, *, today: dt.date | None = None) -> Dating:
        """The date an answer is for (``as_of``, or :meth:`default_day`), the sentence saying why,
        and a warning when that date lies outside the declared period (kept: a query pays it once)."""
        key = (as_of or self._day, today or timeframe.today())
        found = self._datings.get(key)
        if found is None:
            if len(self._datings) >= _VIEWS_KEPT * 8:
                self._datings.clear()
            found = self._datings[key] = timeframe.dating(*self.period, key[0], today=key[1],
                                                          documents=self.info.documents_date)
        return found

    def span(self, record: NodeBase | EdgeBase) -> Span:
        """The first and last day ``record`` is in force (``None`` where open), by the rules of time.

        A record's own ``valid_from`` / ``valid_to`` come first. A record with no ``valid_from``
        holds from the start of the declared period (not before), unless its own ``valid_to`` is
        earlier; with no period declared it holds from any date. A record with no ``valid_to``
        holds open-endedly. A priority or plan with no dates of its own that is PART_OF a plan,
        and an undated PART_OF edge into a plan, take the plan's dates (a priority belongs to its
        plan's period; with several plans, from the earliest start to the latest end).
        """
        times = self._time_index()
        spans = times.edge_spans if isinstance(record, EdgeBase) else times.node_spans
        found = spans.get(record.id)
        return found if found is not None else times.own(record)

    def dated_spans(self) -> tuple[Mapping[str, Span], Mapping[str, Span]]:
        """The :meth:`span` of every node and every edge (by id) whose span is not that of an undated
        record (from the period's start, open-ended): those with dates of their own or taken from a
        plan. Made once; read-only."""
        times = self._time_index()
        return times.node_spans, times.edge_spans

    def in_force(self, record: NodeBase | EdgeBase, day: dt.date) -> bool:
        """Whether ``record`` is in force on ``day`` by its :meth:`span` (its ends are not checked)."""
        start, end = self.span(record)
        return (start is None or start <= day) and (end is None or day <= end)

    def as_of(self, day: dt.date) -> Partnership:
        """The partnership as it stood on ``day``: records in force then (:meth:`span`), edges whose
        ends both are, and each service's status as its dates give it (:meth:`Service.status_on`).

        Views are kept per day (the last few days asked for); when every record is in force and
        no service's status changes on ``day`` the view is the partnership itself. A view's
        indexes are made on first use, as the partnership's are. A view's own :meth:`as_of`,
        :meth:`span` and :meth:`warnings` are those of the partnership it was taken from, and an
        answer on it with no date of its own is for its day.
        """
        if self._origin is not self:
            return self._origin.as_of(day)
        view = self._views.get(day)
        if view is None:
            view = self._view_on(day)
            self._views[day] = view
            if len(self._views) > _VIEWS_KEPT:
                self._views.popitem(last=False)
        else:
            self._views.move_to_end(day)
        return view

    def _time_index(self) -> _Times:
        root = self._origin
        if root._times is None:
            root._times = _Times(root)
        return root._times

    def _view_on(self, day: dt.date) -> Partnership:
        times = self._time_index()
        start = times.start
        if start is not None and day < start:  # undated records are out too: look at every record
            node_spans, edge_spans, own = times.node_spans, times.edge_spans, times.own
            gone = {n.id for n in self._node.values() if not _within(node_spans.get(n.id) or own(n), day)}
            gone_edges = {id(e) for e in self._all_edges() if not _within(edge_spans.get(e.id) or own(e), day)}
        else:  # only the records with dates (their own or a plan's) can be out
            gone = {key for start, end, key in times.node_checks
                    if (start is not None and day < start) or (end is not None and day > end)}
            gone_edges = {key for start, end, key in times.edge_checks
                          if (start is not None and day < start) or (end is not None and day > end)}
        restated: dict[str, NodeBase] = {}
        for sid in times.restated(day):
            if sid not in gone:
                s = self._node[sid]
                restated[sid] = s.model_copy(update={"status": s.status_on(day)})  # type: ignore[attr-defined]
        if not gone and not gone_edges and not restated:
            return self
        node = dict(self._node)
        for nid in gone:
            del node[nid]
        node.update(restated)
        # Node lists of the types that lost or restated a node are filtered on first use; the rest are shared.
        touched = {self._node[nid].type for nid in gone} | {n.type for n in restated.values()}
        by_node_type = {nt: listed for nt, listed in self._nodes_by_type.items() if nt not in touched}
        view = Partnership.__new__(Partnership)
        if gone or gone_edges:  # the view's edge lists are filtered from these on first use, type by type
            view._assemble(self.info, node, by_node_type, None, {}, origin=self, day=day, gone=(gone, gone_edges))
        else:
            view._assemble(self.info, node, by_node_type, self._edge_list, self._edges_by_type, origin=self, day=day)
        view._touched = touched
        view._where = self._where
        return view

    # -- warnings -------------------------------------------------------------------

    @property
    def warnings(self) -> list[Problem]:
        """Warnings about the data (the data still loads): each service whose recorded status its
        own dates contradict on :meth:`default_day` (answers read the status from the dates).

        A view from :meth:`as_of` has the warnings of the partnership it was taken from.
        """
        root = self._origin
        day = root.default_day()
        if root._warnings is None or root._warnings[0] != day:
            root._warnings = (day, root.warnings_on(day))
        return list(root._warnings[1])

    def warnings_on(self, day: dt.date) -> list[Problem]:
        """The warnings of :attr:`warnings`, judged on ``day``."""
        found = []
        for sid in self._time_index().restated(day):
            s = self._origin._node[sid]
            assert isinstance(s, Service)
            status = s.status_on(day)
            dates = ", ".join(f"{label} {value.isoformat()}" for label, value in (
                ("start", s.start_date), ("end", s.end_date), ("valid to", s.valid_to)) if value)
            where = self._where.get(s.id) or Location(record=f"node '{s.id}'")
            found.append(Problem(
                Rule.STATUS_DATES,
                f"service '{s.id}' is recorded as {s.status.value}, but its dates ({dates}) make it "
                f"{status.value} on {day.isoformat()}, the date answers are for by default; answers read its "
                "status from its dates", where.with_field("status"),
                "a status that agrees with start_date and end_date", severity=Severity.WARNING))
        return found

    def subset(self, keep_node: Callable[[NodeBase], bool], keep_edge: Callable[[EdgeBase], bool] = bool,
               *, kind: str, change_node: Callable[[NodeBase], NodeBase] | None = None) -> Partnership:
        """The partnership with only the nodes ``keep_node`` keeps and the edges ``keep_edge`` keeps
        whose ends both stay; kept with the loaded partnership under ``kind`` (one per kind), so a
        second call is free. Taken from the whole partnership (every date): take :meth:`as_of`
        of the subset for a day. The subset's indexes are its own. ``change_node``, when given,
        replaces each kept node (its id unchanged), as :func:`~queries.registry.stated` empties
        the fields that are the project's reading.

        >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
        ...     {"id": "a", "type": "Board", "name": "A"}, {"id": "b", "type": "SubGroup", "name": "B"}],
        ...     edges=[{"type": "REPORTS_TO", "from": "b", "to": "a", "assumed": True}])
        >>> stated = p.subset(lambda n: True, lambda e: not e.assumed, kind="stated")
        >>> len(stated), stated.edge_count, stated is p.subset(bool, kind="stated")
        (2, 0, True)
        """
        root = self._origin
        found = root._subsets.get(kind)
        if found is None:
            nodes = [n for n in root.nodes() if keep_node(n)]
            if change_node is not None:
                nodes = [change_node(n) for n in nodes]
            kept = {n.id for n in nodes}
            edges = [e for e in root._all_edges() if e.from_ in kept and e.to in kept and keep_edge(e)]
            found = root._subsets[kind] = Partnership(root.info, nodes, edges, where=root._where)
        return found

    def public(self) -> Partnership:
        """The partnership fit to publish: every body that is not public (``public: false``) left out, with
        every edge that would reveal it (any edge to or from it), taken with :meth:`subset` under the kind
        ``"public"``; and, in the records that stay, the text that names a body left out (by its name, its
        initials such as ICG, or its id) taken out: a sentence of a description or other note, or the
        section title of a source citation (the document and section number stay). Counts and answers
        made on it know nothing of what was left out. The partnership itself when every body is public.

        >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
        ...     {"id": "board", "type": "Board", "name": "Board", "description": "Meets monthly. The ICG reports here."},
        ...     {"id": "icg", "type": "SubGroup", "name": "Integrated Commissioning Group", "public": False}],
        ...     edges=[{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board", "source": "002 §3: the ICG"}])
        >>> shared = p.public()
        >>> [n.id for n in shared.nodes()], shared.edge_count, shared.node("board").description
        (['board'], 0, 'Meets monthly.')
        """
        root = self._origin
        hidden = [n for n in root.nodes() if getattr(n, "public", None) is False]
        if not hidden:
            return root
        gone = {n.id for n in hidden}
        kept = root.subset(lambda n: n.id not in gone, kind="public")
        if root._subsets.get("public:text") is None:
            redact = _Redactor(hidden)
            nodes = [redact.record(n) for n in kept.nodes()]
            edges = [redact.record(e) for e in kept.edges()]
            info = redact.record(root.info)
            root._subsets["public:text"] = Partnership(info, nodes, edges, where=root._where)
        return root._subsets["public:text"]

    def records(self) -> tuple[PartnershipInfo, list[NodeBase], list[EdgeBase]]:
        """Info, nodes and edges in input order: what the writers serialise."""
        return self.info, self.nodes(), self.edges()

    def __eq__(self, other: object) -> bool:
        """Two partnerships are equal when info, node records and edge records are equal (order aside)."""
        if not isinstance(other, Partnership):
            return NotImplemented
        return (
            self.info == other.info
            and sorted(self.nodes(), key=lambda n: n.id) == sorted(other.nodes(), key=lambda n: n.id)
            and sorted(self.edges(), key=lambda e: e.id) == sorted(other.edges(), key=lambda e: e.id)
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as records in compact rows (:func:`records_to_rows`), restored without validating
        them again; a view from :meth:`as_of` pickles as its partnership and its day. Indexes are
        not kept: they are made again on first use."""
        if self._origin is not self:
            return _view_of, (self._origin, self._day)
        services = {n.id for n in self._typed_nodes(NodeType.SERVICE)}
        where = {nid: at for nid, at in self._where.items() if nid in services}
        return _restored, (self.info, records_to_rows(self.nodes(), self.edges()), where)

    def __repr__(self) -> str:
        return f"<Partnership {self.info.id!r}: {len(self)} nodes, {self.edge_count} edges>"


class _Redactor:
    """Takes out of records the text that names any of some bodies (see :meth:`Partnership.public`)."""

    _KEEP = frozenset({"id", "type", "name", "from_", "to", "source", "valid_from", "valid_to", "generated",
                       "assumed", "period_start", "period_end"})

    def __init__(self, bodies: Sequence[NodeBase]) -> None:
        import re

        terms: set[str] = set()
        for b in bodies:
            terms |= {b.name, b.id}
            words = [w for w in re.findall(r"[A-Za-z][\w'&-]*", b.name) if w[0].isupper()]
            if len(words) >= 2:
                terms.add("".join(w[0] for w in words))
            terms |= set(re.findall(r"\(([A-Z]{2,})\)", b.name))
        # One pattern per term, found through the term's longest word: a text is searched only for the terms whose
        # key word it holds, so thousands of hidden bodies (national data) cost a set lookup per text, not a scan
        # of every name.
        self._words = re.compile(r"[a-z0-9]+")
        self._by_key: dict[str, list[re.Pattern[str]]] = {}
        for term in sorted(terms, key=len, reverse=True):
            words = self._words.findall(term.lower())
            if not words:
                continue
            pattern = re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", re.IGNORECASE)
            self._by_key.setdefault(max(words, key=len), []).append(pattern)
        self._sentence = re.compile(r"(?<=[.!?])\s+")

    def _mentions(self, text: str) -> bool:
        found = self._by_key
        return any(pattern.search(text) is not None
                   for word in set(self._words.findall(text.lower())) if word in found for pattern in found[word])

    def text(self, text: str) -> str | None:
        """``text`` less every sentence that names one of the bodies (None when nothing is left)."""
        if not self._mentions(text):
            return text
        kept = [s for s in self._sentence.split(text) if not self._mentions(s)]
        return " ".join(kept) or None

    def source(self, text: str) -> str | None:
        """A source citation (``doc section: title; …``) with every title that names a body cut to its
        document and section, and a citation that still names one left out."""
        if not self._mentions(text):
            return text
        out = []
        for cite in (c.strip() for c in text.split(";")):
            if self._mentions(cite):
                cite = cite.split(":", 1)[0].strip() if ":" in cite else ""
            if cite and not self._mentions(cite):
                out.append(cite)
        return "; ".join(out) or None

    def record(self, record: Any) -> Any:
        """``record`` (a node, an edge or the partnership's info) with its text cleaned, or itself when clean."""
        from .models import with_changes

        data = record.model_dump() if isinstance(record, PartnershipInfo) else record_data(record)
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key == "source" and isinstance(value, str):
                cleaned: Any = self.source(value)
            elif key in self._KEEP:
                continue
            elif isinstance(value, str):
                cleaned = self.text(value)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                cleaned = [c for c in (self.text(v) for v in value) if c]
            else:
                continue
            if cleaned != value:
                changes[key] = cleaned
        if not changes:
            return record
        if isinstance(record, PartnershipInfo):
            return record.model_copy(update=changes)
        return with_changes(record, **changes)


def _restored(info: PartnershipInfo, rows: tuple[Any, ...], where: Mapping[str, Location]) -> Partnership:
    nodes, edges, by_type = records_from_rows(rows)
    return Partnership(info, nodes, edges, where=where, edges_by_type=by_type)


def _view_of(origin: Partnership, day: dt.date) -> Partnership:
    return origin.as_of(day)


# -- building and validating ----------------------------------------------------------


def build_partnership(
    info: Mapping[str, Any] | PartnershipInfo,
    nodes: Iterable[RawRecord],
    edges: Iterable[RawRecord],
    *,
    info_location: Location | None = None,
) -> Partnership:
    """Validate every record and build the graph, or raise :class:`InvalidPartnership`.

    Checks, in order: each record against its type's model (types, dates, numbers,
    allowed values, unknown fields); duplicate ids; edges to ids that are not nodes;
    edges joining node types their rule forbids; loops in formal accountability.
    Every problem found is reported, each with its file position. Records may
    come as plain data or as record models already validated (they then skip
    the first check).

    Memory policy is the caller's: a command or server that loads national-scale data
    pauses the garbage collector around this call and freezes the result
    (``api.loading.load_dataset`` does).
    """
    problems: list[Problem] = []
    if isinstance(info, PartnershipInfo):
        part_info: PartnershipInfo | None = info
    else:
        try:
            part_info = PartnershipInfo.model_validate(dict(info))
        except ValidationError as err:
            problems += problems_from_validation(err, info_location or Location(record="partnership"), "partnership")
            part_info = None

    node_records: dict[str, NodeBase] = {}
    node_where: dict[str, Location] = {}
    unreadable: dict[str, Problem] = {}  # id of a node that failed validation -> its first problem, the cause
    shapes: _Shapes = ({}, {})
    for raw, where in nodes:
        try:
            rec = raw if isinstance(raw, NodeBase) else parse_node(raw if isinstance(raw, dict) else dict(raw))  # type: ignore[arg-type]
        except ValidationError as err:
            found = problems_from_validation(err, _named(where, "node", raw), "node")
            problems += found
            if found and isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
                unreadable.setdefault(raw["id"], found[0])
            continue
        if rec.id in node_records:
            first = _named(node_where[rec.id], "node", raw)
            problems.append(Problem(Rule.DUPLICATE_ID, f"node id '{rec.id}' is used twice (first at {first})",
                                    _named(where, "node", raw).with_field("id"), "each node id once"))
            continue
        _compact(rec, shapes)
        node_records[rec.id] = rec
        node_where[rec.id] = where

    edge_list: list[EdgeBase] = []
    edge_where: list[Location] = []
    edge_index: dict[str, int] = {}
    # The rules' pairs of node types, keyed by record classes: classes hash in C, enumeration members do not.
    pairs_allowed = {EDGE_MODELS[t]: {(NODE_MODELS[a], NODE_MODELS[b]) for a, b in r.allowed_pairs}
                     for t, r in EDGE_RULES.items()}
    for raw, where in edges:
        try:
            erec = raw if isinstance(raw, EdgeBase) else parse_edge(raw if isinstance(raw, dict) else dict(raw))
        except ValidationError as err:
            problems += problems_from_validation(err, _named(where, "edge", raw), "edge")
            continue
        if erec.id in edge_index:
            first = _named(edge_where[edge_index[erec.id]], "edge", raw)
            given = isinstance(raw, EdgeBase) or (isinstance(raw, Mapping) and raw.get("id"))
            hint = "" if given else " (edges of one type between the same two nodes need their own 'id')"
            problems.append(Problem(Rule.DUPLICATE_ID, f"edge id '{erec.id}' is used twice (first at {first}){hint}",
                                    _named(where, "edge", raw).with_field("id"), "each edge id once"))
            continue
        source, target = node_records.get(erec.from_), node_records.get(erec.to)
        if source is None or target is None:
            for end, node_id in (("from", erec.from_), ("to", erec.to)):
                if node_id in unreadable:
                    problems.append(Problem(Rule.DANGLING_REFERENCE,
                                            f"{erec.type.value} edge '{erec.id}' {end} '{node_id}', a node that could "
                                            "not be read (its own problem is listed too)", _named(where, "edge", raw).with_field(end),
                                            caused_by=unreadable[node_id]))
                elif node_id not in node_records:
                    near = close_matches(node_id, node_records)
                    hint = f"; closest ids: {', '.join(near)}" if near else ""
                    problems.append(Problem(Rule.DANGLING_REFERENCE,
                                            f"{erec.type.value} edge '{erec.id}' {end} '{node_id}', which is not a node id{hint}",
                                            _named(where, "edge", raw).with_field(end)))
            continue
        if (type(source), type(target)) not in pairs_allowed[type(erec)]:
            rule = EDGE_RULES[erec.type]
            s_type, t_type = source.type, target.type
            targets = rule.targets_from(s_type)
            if targets:
                allowed = "targets from " + s_type.value + ": " + ", ".join(t.value for t in _ordered(targets))
            else:
                allowed = rule.describe_ends()
            problems.append(Problem(
                Rule.EDGE_RULE,
                f"{erec.type.value} cannot run from {s_type.value} '{erec.from_}' to {t_type.value} '{erec.to}'",
                _named(where, "edge", raw).with_field("to" if targets else "from"), allowed))
            continue
        if erec.from_ == erec.to:
            problems.append(Problem(
                Rule.ACCOUNTABILITY_LOOP if erec.type is EdgeType.ACCOUNTABLE_TO else Rule.EDGE_RULE,
                f"{erec.type.value} edge '{erec.id}' joins '{erec.from_}' to itself",
                _named(where, "edge", raw).with_field("to"), "an edge between two different nodes"))
            continue
        # The ends become the node records' own id strings: one copy of each id in memory.
        _set(erec, "from_", source.id)
        _set(erec, "to", target.id)
        edge_index[erec.id] = len(edge_list)
        edge_list.append(erec)
        edge_where.append(where)

    accountable = [(i, e) for i, e in enumerate(edge_list) if e.type is EdgeType.ACCOUNTABLE_TO]
    problems += _accountability_loops(accountable, edge_where)
    if part_info is not None:  # a reading of one record's field must name a node that has the field
        for key in part_info.assumed_fields:
            owner, _, name = key.rpartition(".")
            if owner in NODE_TYPE_VALUES:
                continue
            held = node_records.get(owner)
            field = type(held).model_fields.get(name) if held is not None else None
            if field is None:
                why = (f"no node '{owner}' is in the data" if held is None
                       else f"{held.type.value} '{owner}' has no field '{name}'")
                problems.append(Problem(Rule.DANGLING_REFERENCE, f"assumed_fields '{key}': {why}",
                                        (info_location or Location(record="partnership")).with_field("assumed_fields"),
                                        "'Type.field' or 'node-id.field' naming a node in the data"))
    if problems or part_info is None:
        raise InvalidPartnership(problems)
    del edge_index, edge_where
    services_where = {nid: node_where[nid] for nid in node_records if node_records[nid].type is NodeType.SERVICE}
    del node_where
    return Partnership(part_info, node_records.values(), edge_list, where=services_where)


def build_validated(info: PartnershipInfo, nodes: list[NodeBase], edges: list[EdgeBase], *,
                    where: Location | None = None) -> Partnership | None:
    """The partnership of records already validated one by one, when every rule between them holds;
    else ``None``.

    The bulk twin of :func:`build_partnership`, for large files read the fast way: the
    same rules (each id once, edges between existing nodes of the types their rule allows,
    no edge from a node to itself, no loop in formal accountability), checked over whole
    columns in C (sets, ``map``) rather than record by record in Python. It cannot say where
    a problem is, so on any problem it returns ``None`` and the caller reads its input again
    through :func:`build_partnership`, which places every problem. ``where`` is where all the
    records were read (the warnings name it). A reader holding many nodes passes each through
    :func:`node_compactor` as it reads them (the JSON reader does), so they share fields-sets.

    >>> from graph_model.models import parse_edge, parse_node
    >>> board, icg = (parse_node({"id": i, "type": t, "name": i}) for i, t in (("b", "Board"), ("icg", "SubGroup")))
    >>> info = PartnershipInfo(id="d", name="D")
    >>> build_validated(info, [board, icg], [parse_edge({"type": "ACCOUNTABLE_TO", "from": "icg", "to": "b"})])
    <Partnership 'd': 2 nodes, 1 edges>
    >>> build_validated(info, [board, icg], [parse_edge({"type": "CHAIRS", "from": "b", "to": "icg"})]) is None
    True
    """
    node_records = {n.id: n for n in nodes}
    if len(node_records) != len(nodes):
        return None  # a node id used twice
    get = node_records.get
    sources, targets = list(map(get, map(_from, edges))), list(map(get, map(_to, edges)))
    if None in sources or None in targets:
        return None  # an edge to an id that is not a node
    triples = set(zip(map(type, edges), map(type, sources), map(type, targets), strict=True))
    if not triples <= _allowed_triples() or any(map(is_, sources, targets)):
        return None  # an edge joining node types its rule does not allow, or a node to itself
    # The ends become the node records' own id strings: one copy of each id in memory (and the
    # copies the file gave go before the ids are counted below).
    deque(map(_set, edges, repeat("from_"), map(_id, sources)), maxlen=0)
    deque(map(_set, edges, repeat("to"), map(_id, targets)), maxlen=0)
    del sources, targets
    if len(set(map(_id, edges))) != len(edges):
        return None  # an edge id used twice
    accountable = [(0, e) for e in edges if type(e) is _ACCOUNTABLE]
    if _accountability_loops(accountable, [where or Location()]):
        return None
    at = where or Location()
    return Partnership(info, nodes, edges, where={n.id: at for n in nodes if type(n) is Service})


_from, _to, _id = attrgetter("from_"), attrgetter("to"), attrgetter("id")
_valid_from, _valid_to = attrgetter("valid_from"), attrgetter("valid_to")
_ACCOUNTABLE = EDGE_MODELS[EdgeType.ACCOUNTABLE_TO]


@cache
def _allowed_triples() -> frozenset[tuple[type[EdgeBase], type[NodeBase], type[NodeBase]]]:
    """Every (edge record class, source node class, target node class) the schema's rules allow."""
    return frozenset((EDGE_MODELS[t], NODE_MODELS[a], NODE_MODELS[b])
                     for t, rule in EDGE_RULES.items() for a, b in rule.allowed_pairs)


_set = object.__setattr__  # edge records are frozen; the build alone sets their ends (see above)

#: How many days' views :meth:`Partnership.as_of` keeps.
_VIEWS_KEPT = 8


def _within(span: Span, day: dt.date) -> bool:
    start, end = span
    return (start is None or start <= day) and (end is None or day <= end)


def _hull(spans: Iterable[Span]) -> Span:
    """From the earliest start to the latest end (an open end anywhere stays open)."""
    starts, ends = zip(*spans, strict=True)
    return (None if None in starts else min(s for s in starts if s is not None),
            None if None in ends else max(e for e in ends if e is not None))


class _Times:
    """What :meth:`Partnership.as_of` needs to know about time, found once per partnership.

    ``node_spans`` / ``edge_spans`` hold the span of every record whose span is not simply
    "from the period's start, open-ended" (the span of every undated record): the records with
    dates of their own or a plan's, the only ones that can be out of force on a day inside or
    after the period. ``node_checks`` / ``edge_checks`` hold the same spans as ``(start, end,
    key)`` (a node's id, an edge's ``id()``), and ``status_checks`` the days on which each
    service with dates keeps its recorded status (:meth:`Service.status_kept`), so that each
    new day's check reads no record.
    """

    def __init__(self, p: Partnership) -> None:
        self.start = start = p.info.period_start
        dated, p._dated = p._dated, None  # noted when the partnership was assembled
        if dated is None:
            dated = ([n for n in p._node.values() if n.valid_from is not None or n.valid_to is not None],
                     [e for e in p._all_edges() if e.valid_from is not None or e.valid_to is not None])
        self.node_spans: dict[str, Span] = {}
        self.edge_spans: dict[str, Span] = {}
        self.edge_checks: list[tuple[dt.date | None, dt.date | None, int]] = []
        for n in dated[0]:
            first, last = n.valid_from, n.valid_to
            if first is None and start is not None and (last is None or last >= start):
                first = start
            self.node_spans[n.id] = (first, last)
        for e in dated[1]:
            first, last = e.valid_from, e.valid_to
            if first is None and start is not None and (last is None or last >= start):
                first = start
            self.edge_spans[e.id] = (first, last)
            self.edge_checks.append((first, last, id(e)))
        self._inherit(p)
        self.node_checks = [(first, last, nid) for nid, (first, last) in self.node_spans.items()]
        self.status_checks: list[tuple[dt.date | None, dt.date | None, str]] = []
        active, decommissioned = ServiceStatus.ACTIVE, ServiceStatus.DECOMMISSIONED
        for s in p._typed_nodes(NodeType.SERVICE):
            assert isinstance(s, Service)
            first, last = s.start_date, s.end_date
            if s.status is active:  # the common case, as Service.status_kept gives it
                if first is not None or last is not None:
                    self.status_checks.append((first, last, s.id))
            elif first is not None or last is not None or (s.status is decommissioned and s.valid_to is not None):
                self.status_checks.append((*s.status_kept(), s.id))

    def own(self, record: NodeBase | EdgeBase) -> Span:
        """A record's span from its own dates; with no ``valid_from``, from the period's start
        (unless its own ``valid_to`` ends it before then: it then holds up to that date)."""
        first, last = record.valid_from, record.valid_to
        if first is None and self.start is not None and (last is None or last >= self.start):
            first = self.start
        return first, last

    def restated(self, day: dt.date) -> list[str]:
        """Ids of the services whose dates give them another status than the recorded one on ``day``."""
        return [sid for first, last, sid in self.status_checks
                if (first is not None and day < first) or (last is not None and day > last)]

    def _inherit(self, p: Partnership) -> None:
        """Undated priorities and plans PART_OF a plan, and undated PART_OF edges into a plan, take its span."""
        nodes = p._node
        into_plan: dict[str, list[EdgeBase]] = defaultdict(list)  # priority or plan id -> its PART_OF edges to plans
        for e in p._typed(EdgeType.PART_OF):
            if nodes[e.to].type is NodeType.PLAN and nodes[e.from_].type in (NodeType.PRIORITY, NodeType.PLAN):
                into_plan[e.from_].append(e)
        found: dict[str, Span] = {}

        def span_of(nid: str, seen: frozenset[str]) -> Span:
            if nid in found:
                return found[nid]
            rec = nodes[nid]
            parents = [e.to for e in into_plan.get(nid, ()) if e.to not in seen]
            if rec.valid_from is not None or rec.valid_to is not None or not parents:
                span = self.own(rec)
            else:
                span = _hull(span_of(parent, seen | {nid}) for parent in parents)
            found[nid] = span
            return span

        for nid, edges in into_plan.items():
            rec = nodes[nid]
            if rec.valid_from is None and rec.valid_to is None:
                span = span_of(nid, frozenset())
                if span != self.own(rec):
                    self.node_spans[nid] = span
            for e in edges:
                if e.valid_from is None and e.valid_to is None:
                    span = span_of(e.to, frozenset({nid}))
                    if span != self.own(e):
                        self.edge_spans[e.id] = span
                        self.edge_checks.append((*span, id(e)))


_Shapes = tuple[dict[frozenset[str], set[str]], dict[type, set[str]]]


def node_compactor() -> Callable[[NodeBase], NodeBase]:
    """A function that returns each node record given to it, sharing one fields-set among nodes of
    one shape (see :func:`_compact`): for a reader that holds many nodes before it builds the graph."""
    shapes: _Shapes = ({}, {})

    def compact(record: NodeBase) -> NodeBase:
        _compact(record, shapes)
        return record

    return compact


def _compact(record: NodeBase, shapes: _Shapes) -> None:
    """Share one fields-set among records that set the same fields.

    Pydantic keeps a set of the fields given explicitly on every record (several hundred
    bytes each); records never change it (they are frozen, and ``model_copy`` copies it),
    so records of one shape can share one. At a million edges this saves about 0.7 GB.
    """
    by_shape, last = shapes
    given = record.__pydantic_fields_set__
    shared = last.get(type(record))
    if shared is None or shared != given:  # records of a type mostly come in runs of one shape
        key = frozenset(given)
        shared = by_shape.get(key)
        if shared is None:
            shared = by_shape[key] = given
        last[type(record)] = shared
    if shared is not given:
        object.__setattr__(record, "__pydantic_fields_set__", shared)


def _position(kind: str, index: int, raw: Mapping[str, Any]) -> Location:
    rid = raw.get("id") if isinstance(raw, Mapping) else None
    return Location(record=f"{kind} '{rid}'" if rid else f"{kind} {index + 1}")


def _ordered(types: Iterable[NodeType]) -> list[NodeType]:
    order = list(NodeType)
    return sorted(types, key=order.index)


def _named(where: Location, kind: str, raw: object) -> Location:
    if where.record:
        return where
    rid = raw.get("id") if isinstance(raw, Mapping) else getattr(raw, "id", None)
    if rid:
        return Location(where.file, where.line, where.row, where.field, f"{kind} '{rid}'")
    return where


def _accountability_loops(edges: Iterable[tuple[int, EdgeBase]], where: list[Location]) -> list[Problem]:
    g: nx.DiGraph = nx.DiGraph()
    first_edge: dict[tuple[str, str], int] = {}
    for i, e in edges:
        g.add_edge(e.from_, e.to)
        first_edge.setdefault((e.from_, e.to), i)
    problems = []
    for component in nx.strongly_connected_components(g):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(g.subgraph(component))
        path = " → ".join([u for u, _ in cycle] + [cycle[0][0]])
        index = first_edge[(cycle[-1][0], cycle[-1][1])]
        loc = where[index]
        problems.append(Problem(Rule.ACCOUNTABILITY_LOOP,
                                f"formal accountability runs in a loop: {path}",
                                loc.with_field("to"), "ACCOUNTABLE_TO edges that never lead back to where they started"))
    return problems


_DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type",
                "datetime_parsing", "datetime_from_date_parsing"}
_NUMBER_ERRORS = {"float_parsing", "float_type", "int_parsing", "int_type", "finite_number", "int_from_float",
                  "decimal_parsing", "decimal_type", "int_parsing_size"}
_TEXT_ERRORS = {"string_type", "string_sub_type", "string_unicode"}
_MAPPING_ERRORS = {"model_type", "model_attributes_type", "dict_type", "dataclass_type", "dataclass_args_type"}
_BOUNDS = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than",
           "less_than": "less than"}


def problems_from_validation(err: ValidationError, where: Location, kind: str) -> list[Problem]:
    """Turn a pydantic error into problems naming the field, the rule and what is allowed.

    Every message is the project's own wording: pydantic's messages and error names,
    and Python's reprs of values, never reach the user (a value is shown as it would be
    written in a file: ``'five'``, ``2.5``, ``2013-01-01``, ``a list``).
    """
    errors = err.errors(include_url=False)
    problems = []
    for e in errors:
        etype = e["type"]
        loc = [str(p) for p in e["loc"]]
        if kind in ("node", "edge") and loc and (loc[0] in NodeType.__members__.values() or loc[0] in EdgeType.__members__.values()):
            model_name = loc[0]
            loc = loc[1:]
        else:
            model_name = None
        field_name = loc[0] if loc else None
        path = "".join(f"[{p}]" if p.isdigit() else (f".{p}" if i else p) for i, p in enumerate(loc)) or None
        got = e.get("input")
        shown = shown_value(got)
        ctx = e.get("ctx") or {}
        at = where.with_field(path)
        if etype == "union_tag_invalid":
            known = [t.value for t in (NodeType if kind == "node" else EdgeType)]
            rule = Rule.UNKNOWN_NODE_TYPE if kind == "node" else Rule.UNKNOWN_EDGE_TYPE
            tag = got.get("type") if isinstance(got, Mapping) else ctx.get("tag")
            if isinstance(tag, str):
                near = close_matches(tag, known)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                message = f"unknown {kind} type '{tag}'{hint}"
            else:
                message = f"{_a(kind)} type must be a name such as {known[0]}, not {shown_value(tag)}"
            problems.append(Problem(rule, message, where.with_field("type"), ", ".join(known)))
        elif etype == "union_tag_not_found":
            problems.append(Problem(Rule.MISSING_FIELD, f"{_a(kind)} needs a 'type'", where.with_field("type")))
        elif etype == "missing":
            if kind == "edge" and path == "id" and len(errors) > 1:
                continue  # an edge's id is made from its type, from and to, whose own problems are listed
            problems.append(Problem(Rule.MISSING_FIELD, f"'{path}' is required", at))
        elif etype in ("extra_forbidden", "unexpected_keyword_argument"):
            record_model = _model_for(kind, model_name)
            model = _nested_model(record_model, loc[:-1])  # the record's own model, or one inside it
            if model is None or model is record_model:
                what = f"{model_name} {kind}" if model_name else kind
            else:
                what = model.__name__.lower()  # e.g. an observation of an indicator
            fields = record_fields(model) if model is not None else []
            near = close_matches(loc[-1] if loc else "", fields)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            problems.append(Problem(Rule.UNKNOWN_FIELD, f"'{path}' is not a field of {_a(what)}{hint}", at,
                                    ", ".join(fields) or None))
        elif etype in _DATE_ERRORS:
            problems.append(Problem(Rule.INVALID_DATE, f"{shown} is not a date", at, "a date written YYYY-MM-DD"))
        elif etype == "amount_parsing":
            problems.append(Problem(Rule.INVALID_NUMBER, f"{shown} is not an amount; {AMOUNT_HINT}", at, AMOUNT_ALLOWED))
        elif etype in _NUMBER_ERRORS:
            want = "a whole number" if etype.startswith("int") else "a number"
            problems.append(Problem(Rule.INVALID_NUMBER, f"{shown} is not {want}", at, want))
        elif etype == "string_pattern_mismatch":
            problems.append(Problem(Rule.INVALID_ID, f"{shown} is not a valid id", at,
                                    "lower-case letters and digits, joined by '-', '_', '.' or ':'"))
        elif etype == "string_too_long":
            most = ctx.get("max_length")
            rule = Rule.INVALID_ID if field_name in ("id", "from", "to") else Rule.INVALID_VALUE
            problems.append(Problem(rule, f"{shown} is longer than {most} characters", at, f"at most {most} characters"))
        elif etype in ("enum", "literal_error"):
            problems.append(Problem(Rule.INVALID_VALUE, f"{shown} is not an allowed value", at, str(ctx.get("expected"))))
        elif etype in ("bool_parsing", "bool_type"):
            problems.append(Problem(Rule.INVALID_VALUE, f"{shown} is not true or false", at, "true, false"))
        elif etype in _BOUNDS:
            limit = shown_value(next(iter(ctx.values()), None)) if ctx else "?"
            problems.append(Problem(Rule.INVALID_VALUE, f"{shown} is out of range", at, f"{_BOUNDS[etype]} {limit}"))
        elif etype == "string_too_short":
            problems.append(Problem(Rule.MISSING_FIELD, f"'{path}' is empty", at, "a non-empty text"))
        elif etype == "date_order":
            problems.append(Problem(Rule.DATE_ORDER, f"valid_to {ctx.get('valid_to')} is before valid_from "
                                    f"{ctx.get('valid_from')}", where.with_field("valid_to"), "valid_to on or after valid_from"))
        elif etype == "period_order":
            problems.append(Problem(Rule.DATE_ORDER, f"period_end {ctx.get('end')} is before period_start "
                                    f"{ctx.get('start')}", where.with_field("period_end"),
                                    "period_end on or after period_start"))
        elif etype == "observation_when":
            problems.append(Problem(Rule.INVALID_VALUE, "an observation needs a date or a period label", at,
                                    "a 'date' (YYYY-MM-DD), a 'period' label, or both"))
        elif etype in _MAPPING_ERRORS:
            whole = f"'{path}'" if path else _a(kind)
            problems.append(Problem(Rule.MALFORMED_FILE, f"{whole} must be a mapping of field names to values, not {shown}", at))
        elif etype == "list_type":
            problems.append(Problem(Rule.INVALID_VALUE, f"'{path}' must be a list, not {shown}", at))
        elif etype in _TEXT_ERRORS:
            problems.append(Problem(Rule.INVALID_VALUE, f"'{path}' must be text, not {shown}", at, "text"))
        elif etype == "value_error" and isinstance(ctx.get("error"), ValueError):
            problems.append(Problem(Rule.INVALID_VALUE, str(ctx["error"]), at))  # a ValueError the project raised
        else:
            problems.append(Problem(Rule.INVALID_VALUE, f"{shown} is not a valid value" + (f" of '{path}'" if path else ""), at))
    return problems


def _a(words: str) -> str:
    """``words`` with its indefinite article: 'an edge', 'a node', 'an Outcome node', 'a Unit node'."""
    first = words[:1].lower()
    vowel = first in "aeio" or (first == "u" and not words.lower().startswith(("uni", "use")))
    return f"{'an' if vowel else 'a'} {words}"


def _nested_model(model: type[Any] | None, path: Sequence[str]) -> type[Any] | None:
    """The record model a path of field names (and list indexes) leads to inside ``model``."""
    for part in path:
        if model is None:
            return None
        if part.isdigit():
            continue
        info = next((f for n, f in record_field_infos(model).items() if (f.alias or n) == part), None)
        model = _model_in(info.annotation) if info is not None else None
    return model


def _model_in(annotation: Any) -> type[Any] | None:
    if get_origin(annotation) in (Union, types.UnionType, list):
        return next((m for a in get_args(annotation) if (m := _model_in(a)) is not None), None)
    if isclass(annotation) and (issubclass(annotation, BaseModel) or hasattr(annotation, "__pydantic_fields__")):
        return annotation
    return None


def _model_for(kind: str, name: str | None) -> type[Any] | None:
    if kind == "partnership":
        return PartnershipInfo
    if name is None:
        return None
    if kind == "node":
        return NODE_MODELS.get(NodeType(name))
    return EDGE_MODELS.get(EdgeType(name))
