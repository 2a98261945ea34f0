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
of their own are listed before those without. The comparison reads each record's
dates once rather than building two snapshot graphs, so it stays linear on large
partnerships.

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
from collections import Counter, defaultdict
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph_model import EdgeBase, EdgeType, NodeBase, NodeType, Partnership, record_data
from graph_model.models import ServiceStatus
from graph_model.partnership import Span
from graph_model.timeframe import describe_period, long_date, period_warning

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
    limit: int = Field(100, ge=0, description="List at most this many services, budgets, nodes and edges each "
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


class NodeChange(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    change: Literal["added", "removed"]
    id: str
    name: str
    type: str


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


class ServiceChange(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    change: Literal["commissioned", "decommissioned"]
    id: str
    name: str
    date: dt.date | None = Field(description="The start or end date, when recorded.")


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

    columns: ClassVar[tuple[str, ...]] = ("change", "kind", "id", "name", "detail")

    def count(self, record: str, change: str, type: str | None = None) -> int:
        """How many records of a kind changed this way, e.g. ``count("edge", "added", "FUNDS")``."""
        return sum(c.count for c in self.counts
                   if c.record == record and c.change == change and (type is None or c.type == type))

    def table(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        rows += [{"change": s.change, "kind": "service", "id": s.id, "name": s.name,
                  "detail": s.date.isoformat() if s.date else ""} for s in self.services]
        rows += [{"change": "re-routed", "kind": "money", "id": r.budget_id, "name": r.budget_name,
                  "detail": f"{', '.join(r.from_names)} ({r.stopped.text()}) → "
                            f"{', '.join(r.to_names)} ({r.started.text()})"} for r in self.rerouted]
        rows += [{"change": n.change, "kind": n.type, "id": n.id, "name": n.name, "detail": ""} for n in self.nodes]
        rows += [{"change": e.change, "kind": e.type, "id": e.id, "name": f"{e.from_name} → {e.to_name}",
                  "detail": e.detail} for e in self.edges]
        return rows

    def summary(self) -> str:
        span = f"Between {self.before.isoformat()} and {self.after.isoformat()}"
        if not self.counts:
            return f"{span} nothing recorded changed."
        parts = [f"{span}: {self.count('node', 'added')} node(s) added and {self.count('node', 'removed')} removed; "
                 f"{self.count('edge', 'added')} edge(s) added, {self.count('edge', 'removed')} removed and "
                 f"{self.count('edge', 'changed')} changed."]
        for kind in ("commissioned", "decommissioned"):
            total = self.count("service", kind)
            if total:
                names = [s.name for s in self.services if s.change == kind][:10]
                more = f" and {total - len(names)} more" if total > len(names) else ""
                parts.append(f"{kind.capitalize()} ({total}): {', '.join(names)}{more}.")
        for r in self.rerouted[:5]:
            parts.append(f"{r.budget_name} moved money from {', '.join(r.from_names)} to {', '.join(r.to_names)}.")
        if self.count("budget", "re-routed") > 5:
            parts.append(f"{self.count('budget', 're-routed')} budgets re-routed money in all.")
        if self.listed:
            parts.append(f"Lists are cut to {self.listed} items each; counts are complete.")
        return " ".join(parts)


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
    node_spans, edge_spans = p.dated_spans()  # every record whose span is not an undated one's

    # nodes: only dated ones can differ between the two days, unless the days straddle the period's start
    gone_before: set[str] = set()  # nodes not in force on each day
    gone_after: set[str] = set()
    added_nodes: list[NodeBase] = []
    removed_nodes: list[NodeBase] = []
    for node in p.nodes(*NodeType):
        span = node_spans.get(node.id)
        if span is None:
            if undated_was == undated_now:
                continue
            was, now = undated_was, undated_now
        else:
            was, now = _within(span, before), _within(span, after)
        if not was:
            gone_before.add(node.id)
        if not now:
            gone_after.add(node.id)
        if now and not was:
            added_nodes.append(node)
        elif was and not now:
            removed_nodes.append(node)
    moved = gone_before ^ gone_after  # nodes present on one day only

    # edges, type by type: only dated edges, or edges touching a node that came or went, can differ;
    # an edge that ended and one that started between the same two nodes is one change
    counts: Counter[tuple[str, str, str]] = Counter()
    edge_changes: list[tuple[Change, EdgeBase, EdgeBase | None]] = []
    funds_changes: list[tuple[Change, EdgeBase, EdgeBase | None]] = []
    for etype in EdgeType:
        added: list[EdgeBase] = []
        removed: list[EdgeBase] = []
        inheriting = etype is EdgeType.PART_OF  # only PART_OF edges take dates that are not their own
        for e in p.edges(etype):
            source, target = e.from_, e.to
            span = edge_spans.get(e.id) if inheriting or e.valid_from is not None or e.valid_to is not None else None
            if span is None:
                if source not in moved and target not in moved and undated_was == undated_now:
                    continue
                was, now = undated_was, undated_now
            else:
                was, now = _within(span, before), _within(span, after)
            was = was and source not in gone_before and target not in gone_before
            now = now and source not in gone_after and target not in gone_after
            if not undated_now:  # both days before the period: an end with no dates of its own is not yet in force
                was = was and source in node_spans and target in node_spans
                now = now and source in node_spans and target in node_spans
            if was != now:
                (added if now else removed).append(e)
        if not (added or removed):
            continue
        first = len(edge_changes)
        ended: dict[tuple[str, str], list[EdgeBase]] = defaultdict(list)
        for e in removed:
            ended[(e.from_, e.to)].append(e)
        for e in added:
            olds = ended.get((e.from_, e.to))
            edge_changes.append(("changed", e, olds.pop(0)) if olds else ("added", e, None))
        edge_changes += [("removed", e, None) for olds in ended.values() for e in olds]
        if etype is EdgeType.FUNDS:
            funds_changes = edge_changes[first:]
        unpaired = sum(len(olds) for olds in ended.values())
        paired = len(removed) - unpaired
        counts[("edge", etype.value, "added")] = len(added) - paired
        counts[("edge", etype.value, "removed")] = unpaired
        counts[("edge", etype.value, "changed")] = paired

    # money re-routed: per budget, flows to some services stopped and to others started
    stopped: dict[str, dict[str, None]] = defaultdict(dict)
    started: dict[str, dict[str, None]] = defaultdict(dict)
    stopped_money, started_money = Ledger(), Ledger()
    for change, e, _ in funds_changes:
        if change != "changed":
            (stopped if change == "removed" else started)[e.from_][e.to] = None
            (stopped_money if change == "removed" else started_money).add(e.from_, e.amount)  # type: ignore[attr-defined]
    rerouted_budgets = [b for b in stopped if b in started]

    service_changes: list[tuple[str, NodeBase]] = []
    for s in p.nodes(NodeType.SERVICE):
        if (s.valid_from is None and s.valid_to is None and s.start_date is None and s.end_date is None  # type: ignore[attr-defined]
                and undated_was == undated_now):
            continue  # running on both days or on neither
        # running_on(s, day, p), with the span looked up once
        span = node_spans.get(s.id)
        status_on = s.status_on  # type: ignore[attr-defined]
        was = (undated_was if span is None else _within(span, before)) and status_on(before) is ServiceStatus.ACTIVE
        now = (undated_now if span is None else _within(span, after)) and status_on(after) is ServiceStatus.ACTIVE
        if was != now:
            service_changes.append(("commissioned" if now else "decommissioned", s))

    counts.update(("service", "Service", change) for change, _ in service_changes)
    counts.update(("budget", "Budget", "re-routed") for _ in rerouted_budgets)
    counts.update(("node", n.type.value, "added") for n in added_nodes)
    counts.update(("node", n.type.value, "removed") for n in removed_nodes)
    counts = +counts  # drop the zero counts

    def name(node_id: str) -> str:
        return p.node(node_id).name

    node_changes = [("added", n) for n in added_nodes] + [("removed", n) for n in removed_nodes]
    if undated_was != undated_now:  # the records the documents date first, then the flood of undated ones
        node_changes.sort(key=lambda c: c[1].valid_from is None and c[1].valid_to is None)
        edge_changes.sort(key=lambda c: c[1].valid_from is None and c[1].valid_to is None)
    longest = max(len(service_changes), len(rerouted_budgets), len(node_changes), len(edge_changes))
    period = describe_period(*p.period)
    basis = (f"The data describes {period}; this" if period else "This") + (
        f" compares {long_date(before)} with {long_date(after)}, the two dates asked for.")
    warnings = list(dict.fromkeys(w for day in (before, after) if (w := period_warning(*p.period, day))))
    if undated_was != undated_now and start is not None:
        warnings.append(f"Records without dates of their own are taken to hold from {long_date(start)}, so they "
                        "show as added between the two dates.")
    return DiffResult(
        as_of_basis=basis, warnings=warnings,
        before=before, after=after,
        counts=[ChangeCount(record=r, type=t, change=c, count=n) for (r, t, c), n in counts.items()],
        services=[ServiceChange(change=c, id=s.id, name=s.name,
                                date=s.start_date if c == "commissioned" else s.end_date)  # type: ignore[attr-defined]
                  for c, s in service_changes[:cap]],
        rerouted=[Reroute(budget_id=b, budget_name=name(b), from_services=list(stopped[b]),
                          from_names=[name(s) for s in stopped[b]], to_services=list(started[b]),
                          to_names=[name(s) for s in started[b]], stopped=stopped_money.total(b),
                          started=started_money.total(b)) for b in rerouted_budgets[:cap]],
        nodes=[NodeChange(change=c, id=n.id, name=n.name, type=n.type.value)
               for c, n in node_changes[:cap]],
        edges=[EdgeChange(change=c, id=e.id, type=e.type.value, from_id=e.from_, from_name=name(e.from_), to_id=e.to,
                          to_name=name(e.to), detail=_difference(old, e) if old is not None else "")
               for c, e, old in edge_changes[:cap]],
        listed=cap if cap is not None and longest > cap else 0,
    )
