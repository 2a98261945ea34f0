"""The golden thread: service → outcome → priority → plan, and back.

York's framework wants everyone in the children's workforce to be able to trace
their contribution to the plan's outcomes. The thread runs along
CONTRIBUTES_TO (service → outcome), SUPPORTS_PRIORITY (outcome → priority) and
PART_OF (priority → plan).

``golden-thread``
    * With ``node`` naming services or outcomes: every thread from them up to a
      plan, one row per (service, outcome, priority, plan); where the thread
      breaks the rest of the row is empty.
    * With ``node`` naming priorities or plans: the reverse, everything that
      contributes to them. A plan includes the priorities of the plans that are
      PART_OF it.
    * Always: the services with **no thread** to any plan (the named services, or
      every service when no node is named) and where each thread breaks: the
      service contributes to no outcome (``no-outcome``), its outcomes support no
      priority (``no-priority``), or its priorities belong to no plan (``no-plan``).
      Without ``node`` only those services are listed (not every thread), so the
      answer stays small on large partnerships.

``active_only`` (the default) leaves planned and decommissioned services out of
the reverse threads and of the check; a service named in ``node`` is traced
whatever its status.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
...     {"id": "cypp", "type": "Plan", "name": "CYPP 2013-16"},
...     {"id": "pr", "type": "Priority", "name": "Happy family life"},
...     {"id": "o", "type": "Outcome", "name": "Fewer out-of-area placements"},
...     {"id": "first", "type": "Service", "name": "FIRST"}],
...   edges=[{"type": "PART_OF", "from": "pr", "to": "cypp"},
...          {"type": "SUPPORTS_PRIORITY", "from": "o", "to": "pr"},
...          {"type": "CONTRIBUTES_TO", "from": "first", "to": "o"}])
>>> print(golden_thread(p, GoldenThreadParams(node=["first"])).summary())
FIRST contributes to Fewer out-of-area placements, which supports Happy family life (CYPP 2013-16).
"""

from __future__ import annotations

from collections import deque
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership

from .common import NodeRef, Refs, active_service_ids, and_list, indicator_reading, is_change, resolve_nodes
from .registry import QueryParams, QueryResult, register

__all__ = [
    "GoldenThreadParams",
    "GoldenThreadResult",
    "Thread",
    "ThreadRow",
    "Unthreaded",
    "golden_thread",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "golden-thread"

_TRACEABLE = (NodeType.SERVICE, NodeType.OUTCOME, NodeType.PRIORITY, NodeType.PLAN)


class GoldenThreadParams(QueryParams):
    node: list[str] = Field(default_factory=list, description="Services, outcomes, priorities or plans to trace (ids "
                                                              "or exact names); without, the services with no thread.")
    active_only: bool = Field(True, description="Only active services in reverse threads and in the check.")


class ThreadRow(BaseModel):
    """One strand of the thread; empty from where it breaks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: NodeRef | None
    outcome: NodeRef | None
    priority: NodeRef | None
    plan: NodeRef | None


class Thread(BaseModel):
    """Every strand through one node that was asked about."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    node: NodeRef
    rows: list[ThreadRow]


class Unthreaded(BaseModel):
    """A service with no thread to any plan, and where the thread breaks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: NodeRef
    breaks: Literal["no-outcome", "no-priority", "no-plan"]


_BREAKS = {"no-outcome": "contributes to no outcome", "no-priority": "its outcomes support no priority",
           "no-plan": "its priorities belong to no plan"}


class GoldenThreadResult(QueryResult):
    traces: list[Thread]
    unthreaded: list[Unthreaded]
    services_checked: int = Field(description="Services checked for a thread to a plan.")

    columns: ClassVar[tuple[str, ...]] = ("traced", "service", "outcome", "priority", "plan", "breaks")

    def table(self) -> list[dict[str, Any]]:
        rows = [{"traced": t.node.name, "service": r.service and r.service.name, "outcome": r.outcome and
                 r.outcome.name, "priority": r.priority and r.priority.name, "plan": r.plan and r.plan.name,
                 "breaks": None} for t in self.traces for r in t.rows]
        rows += [{"traced": None, "service": u.service.name, "outcome": None, "priority": None, "plan": None,
                  "breaks": u.breaks} for u in self.unthreaded]
        return rows

    def summary(self) -> str:
        lines = [_describe(t) for t in self.traces]
        if not self.traces or self.unthreaded:
            missing = len(self.unthreaded)
            if not self.services_checked:
                lines.append("There are no services to check.")
            elif not missing:
                every = "The one service" if self.services_checked == 1 else f"All {self.services_checked} services"
                lines.append(f"{every} checked thread{'s' if self.services_checked == 1 else ''} through to a plan.")
            else:
                lines.append(f"{self.services_checked - missing} of {self.services_checked} services thread through "
                             f"to a plan; {missing} do{'es' if missing == 1 else ''} not: "
                             + and_list([f"{u.service.label} ({_BREAKS[u.breaks]})" for u in self.unthreaded], most=6)
                             + ".")
        return "\n".join(lines)


def _uniq(refs: list[NodeRef | None]) -> list[NodeRef]:
    return list({r.id: r for r in refs if r is not None}.values())


def _describe(t: Thread) -> str:
    """One plain sentence about the thread through ``t.node``."""
    kind = t.node.type
    if kind is NodeType.SERVICE:
        outcomes = _uniq([r.outcome for r in t.rows])
        if not outcomes:
            return f"{t.node.name} contributes to no outcome, so it has no thread to a plan."
        parts = []
        for o in outcomes:
            ups = [r for r in t.rows if r.outcome and r.outcome.id == o.id and r.priority]
            if ups:
                parts.append(f"{o.name}, which supports " + and_list(
                    [f"{r.priority.name} ({r.plan.name if r.plan else 'in no plan'})" for r in ups if r.priority]))
            else:
                parts.append(f"{o.name}, which supports no priority")
        return f"{t.node.name} contributes to " + "; and to ".join(parts) + "."
    services = _uniq([r.service for r in t.rows])
    served = and_list([s.name for s in services]) if services else "no service"
    if kind is NodeType.OUTCOME:
        prios = [f"{r.priority.name} ({r.plan.name if r.plan else 'in no plan'})" for r in t.rows if r.priority]
        supports = and_list(list(dict.fromkeys(prios))) if prios else "no priority"
        return f"{t.node.name} is served by {served} and supports {supports}."
    outcomes = _uniq([r.outcome for r in t.rows])
    return (f"{len(services)} service{'s' if len(services) != 1 else ''} contribute to {t.node.name} through "
            f"{len(outcomes)} outcome{'s' if len(outcomes) != 1 else ''}"
            + (f" ({and_list([o.name for o in outcomes])})" if outcomes else "") + f": {served}.")


@register("golden-thread", family=FAMILY, purpose="Service → outcome → priority → plan, what contributes "
          "to a priority or plan, and services with no thread.", params=GoldenThreadParams, result=GoldenThreadResult)
def golden_thread(p: Partnership, params: GoldenThreadParams) -> GoldenThreadResult:
    """Trace the golden thread up from services and down from plans (see the module docstring).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "o", "type": "Outcome", "name": "Lower teenage pregnancy"},
    ...     {"id": "s", "type": "Service", "name": "Teenage pregnancy services"}],
    ...   edges=[{"type": "CONTRIBUTES_TO", "from": "s", "to": "o"}])
    >>> [(u.service.id, u.breaks) for u in golden_thread(p, GoldenThreadParams()).unthreaded]
    [('s', 'no-priority')]
    """
    focus = resolve_nodes(p, params.node, query="golden-thread", types=_TRACEABLE)
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    contributors = p.adjacency(EdgeType.CONTRIBUTES_TO, "in")
    supports = p.adjacency(EdgeType.SUPPORTS_PRIORITY, "out")
    supporters = p.adjacency(EdgeType.SUPPORTS_PRIORITY, "in")
    part_of = p.adjacency(EdgeType.PART_OF, "out")
    parts = p.adjacency(EdgeType.PART_OF, "in")
    active = set(active_service_ids(p))

    def type_of(nid: str) -> NodeType:
        return p.node(nid).type

    def plans_of(priority: str) -> list[str]:
        return [x for x in part_of.get(priority, ()) if type_of(x) is NodeType.PLAN]

    def wanted(service: str) -> bool:
        return not params.active_only or service in active

    refs = Refs(p)

    def ref(nid: str | None) -> NodeRef | None:
        return None if nid is None else refs(nid)

    def up_from(outcome: str) -> list[tuple[str | None, str | None]]:
        strands: list[tuple[str | None, str | None]] = []
        for pr in supports.get(outcome, ()):
            strands += [(pr, pl) for pl in plans_of(pr)] or [(pr, None)]
        return strands or [(None, None)]

    def down_to(priority: str) -> list[tuple[str | None, str]]:
        strands: list[tuple[str | None, str]] = []
        for o in supporters.get(priority, ()):
            strands += [(s, o) for s in contributors.get(o, ()) if wanted(s)] or [(None, o)]
        return strands

    traces: list[Thread] = []
    for nid in focus:
        kind = type_of(nid)
        raw: list[tuple[str | None, str | None, str | None, str | None]] = []
        if kind is NodeType.SERVICE:
            for o in contributes.get(nid, ()):
                raw += [(nid, o, pr, pl) for pr, pl in up_from(o)]
            raw = raw or [(nid, None, None, None)]
        elif kind is NodeType.OUTCOME:
            services: list[str | None] = [s for s in contributors.get(nid, ()) if wanted(s)] or [None]
            raw = [(s, nid, pr, pl) for s in services for pr, pl in up_from(nid)]
        elif kind is NodeType.PRIORITY:
            plan_ids: list[str | None] = [*plans_of(nid)] or [None]
            for pl in plan_ids:
                raw += [(s, o, nid, pl) for s, o in down_to(nid)] or [(None, None, nid, pl)]
        else:
            plans = [nid]
            queue = deque(plans)
            while queue:  # plans that are part of this plan, at any depth
                for sub in parts.get(queue.popleft(), ()):
                    if type_of(sub) is NodeType.PLAN and sub not in plans:
                        plans.append(sub)
                        queue.append(sub)
            for pl in plans:
                for pr in parts.get(pl, ()):
                    if type_of(pr) is NodeType.PRIORITY:
                        raw += [(s, o, pr, pl) for s, o in down_to(pr)] or [(None, None, pr, pl)]
        rows = [ThreadRow(service=ref(s), outcome=ref(o), priority=ref(pr), plan=ref(pl))
                for s, o, pr, pl in dict.fromkeys(raw)]
        traces.append(Thread(node=refs(nid), rows=rows))

    if focus:
        checked = [n for n in focus if type_of(n) is NodeType.SERVICE]
    else:
        checked = [s.id for s in p.nodes(NodeType.SERVICE) if wanted(s.id)]
    unthreaded = []
    for sid in checked:
        outcomes = contributes.get(sid, ())
        priorities = [pr for o in outcomes for pr in supports.get(o, ())]
        if any(plans_of(pr) for pr in priorities):
            continue
        breaks: Literal["no-outcome", "no-priority", "no-plan"] = (
            "no-outcome" if not outcomes else "no-priority" if not priorities else "no-plan")
        unthreaded.append(Unthreaded(service=refs(sid), breaks=breaks))
    return GoldenThreadResult(traces=traces, unthreaded=unthreaded, services_checked=len(checked))


# -- indicators: is it working? ------------------------------------------------------------------------


class IndicatorsParams(QueryParams):
    node: list[str] = Field(default_factory=list, description="Only the indicators of these outcomes (ids or "
                                                              "names); every indicator when empty.")
    limit: int = Field(50, ge=0, description="List at most this many indicators (0: all); counts are complete.")


class IndicatorTravel(BaseModel):
    """An indicator, the outcomes it measures, and its direction of travel."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    indicator: NodeRef
    outcomes: list[NodeRef]
    unit: str | None
    direction: str | None = Field(description="Which way is better: higher, lower or neither.")
    first: str | None = Field(description="What the travel is measured from: the baseline, or the first observation.")
    latest: str | None = Field(description="The latest observation, with its period or date.")
    travel: Literal["improving", "worsening", "no change", "not judged", "no data"] = Field(
        description="Latest against the baseline (or the first observation): better, worse or the same by the "
                    "indicator's direction; for an indicator whose figures are themselves a change (on a year "
                    "earlier: queries.common.is_change), the latest change's sign by that direction; "
                    "'not judged' when there is nothing to compare with or no better way; "
                    "'no data' when nothing is observed.")
    target: str | None = Field(description="Against the target, when one is recorded: 'met' or 'not yet met'.")


class IndicatorsResult(QueryResult):
    indicators: list[IndicatorTravel]
    counts: dict[str, int] = Field(description="Indicators by travel (every one, not only those listed).")
    no_data: list[NodeRef] = Field(description="Indicators with no observation.")
    outcomes_without_indicator: list[NodeRef] = Field(description="Priority outcomes (those supporting a priority) "
                                                                  "with no indicator recorded.")
    not_recorded: str = Field("", description="What 'no indicator recorded' rests on, when the file does not "
                                              "declare its records complete ('' when it does).")

    columns: ClassVar[tuple[str, ...]] = ("indicator", "outcomes", "direction", "first", "latest", "travel",
                                          "target")

    def table(self) -> list[dict[str, Any]]:
        return [{"indicator": t.indicator.name, "outcomes": "; ".join(o.name for o in t.outcomes),
                 "direction": t.direction, "first": t.first, "latest": t.latest, "travel": t.travel,
                 "target": t.target} for t in self.indicators]

    def summary(self) -> str:
        total = sum(self.counts.values())
        if not total:
            return "No indicator is recorded."
        order = ("improving", "worsening", "no change", "not judged", "no data")
        parts = [f"{total} indicator{'s' if total != 1 else ''}: "
                 + ", ".join(f"{self.counts[k]} {k}" for k in order if self.counts.get(k)) + "."]
        if self.no_data:
            parts.append("No data recorded for " + and_list([n.label for n in self.no_data], most=6) + ".")
        if self.outcomes_without_indicator:
            parts.append(f"{len(self.outcomes_without_indicator)} priority outcome"
                         f"{'s have' if len(self.outcomes_without_indicator) != 1 else ' has'} no indicator "
                         "recorded: " + and_list([o.label for o in self.outcomes_without_indicator], most=6) + ".")
            if self.not_recorded:
                parts.append(self.not_recorded)
        parts.append("Travel compares the latest observation with the baseline, or else with the first observation, "
                     "by the indicator's better direction; a figure that is itself a change (on a year earlier) is "
                     "judged by its sign.")
        return "\n".join(parts)


@register("indicators", family=FAMILY, purpose="Each indicator's direction of travel against its baseline and "
          "target; indicators with no data and priority outcomes with no indicator recorded.",
          params=IndicatorsParams, result=IndicatorsResult)
def indicators(p: Partnership, params: IndicatorsParams) -> IndicatorsResult:
    """Is it working? Each indicator's latest observation against its baseline (or first observation).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "o", "type": "Outcome", "name": "Fewer placements outside York"},
    ...     {"id": "i", "type": "Indicator", "name": "Placements outside York", "direction": "lower",
    ...      "baseline": 26, "observations": [{"value": 12, "period": "2013/14"}]}],
    ...   edges=[{"type": "MEASURED_BY", "from": "o", "to": "i"}])
    >>> [(t.indicator.id, t.travel) for t in indicators(p, IndicatorsParams()).indicators]
    [('i', 'improving')]
    """
    measured = p.adjacency(EdgeType.MEASURED_BY, "in")
    focus = set(resolve_nodes(p, params.node, query="indicators", types=[NodeType.OUTCOME])) if params.node else None
    refs = Refs(p)
    rows = []
    for ind in p.nodes(NodeType.INDICATOR):
        outcomes = measured.get(ind.id, [])
        if focus is not None and focus.isdisjoint(outcomes):
            continue
        rows.append(_travel(ind, [refs(o) for o in outcomes], refs(ind.id)))
    counts: dict[str, int] = {}
    for t in rows:
        counts[t.travel] = counts.get(t.travel, 0) + 1
    measured_outcomes = set(_measured_of(p))
    priority_outcomes = p.adjacency(EdgeType.SUPPORTS_PRIORITY, "out")
    without = [refs(o.id) for o in p.nodes(NodeType.OUTCOME)
               if o.id in priority_outcomes and o.id not in measured_outcomes
               and (focus is None or o.id in focus)]
    return IndicatorsResult(indicators=rows[: params.limit or None], counts=counts,
                            no_data=[t.indicator for t in rows if t.travel == "no data"],
                            outcomes_without_indicator=without, not_recorded=_not_recorded(p) if without else "")


def _not_recorded(p: Partnership) -> str:
    """The sentence that keeps "no indicator recorded" apart from "not measured", by the file's coverage.

    >>> _not_recorded(Partnership.from_records({"id": "d", "name": "D", "coverage": {"services": "examples"}},
    ...                                        nodes=[], edges=[]))
    'The data records only the indicators the documents name, so "no indicator recorded" is what the data leaves out, not evidence that an outcome goes unmeasured.'
    """
    coverage = p.whole.info.coverage
    if coverage.services == "complete" and coverage.money == "complete":
        return ""
    partial = coverage.services == "examples" or coverage.money in ("partial", "none")
    holds = ("records only the indicators the documents name" if partial
             else "does not say whether it records every indicator")
    return (f'The data {holds}, so "no indicator recorded" is what the data leaves out, not evidence that an '
            "outcome goes unmeasured.")


def _measured_of(p: Partnership) -> list[str]:
    """Ids of the outcomes some indicator measures."""
    return list(p.adjacency(EdgeType.MEASURED_BY, "out"))


def _travel(ind: Any, outcomes: list[NodeRef], ref: NodeRef) -> IndicatorTravel:
    reading = indicator_reading(ind)
    direction = ind.direction.value if ind.direction is not None else None
    if reading is None:
        return IndicatorTravel(indicator=ref, outcomes=outcomes, unit=ind.unit, direction=direction, first=None,
                               latest=None, travel="no data",
                               target=None if ind.target is None else "not yet met")
    latest, start = reading.latest, reading.start
    first = reading.start_words
    if direction in ("higher", "lower") and is_change(ind):
        # each observation is itself a change (on a year earlier): its sign says which way it went
        first = "each figure is itself a change: judged by its sign"
        start = 0.0
    if start is None or direction not in ("higher", "lower"):
        travel: Any = "not judged"
    elif latest == start:
        travel = "no change"
    else:
        travel = "improving" if (latest > start) == (direction == "higher") else "worsening"
    target = None
    if ind.target is not None:
        met = latest >= ind.target if direction == "higher" else latest <= ind.target \
            if direction == "lower" else latest == ind.target
        target = "met" if met else "not yet met"
    return IndicatorTravel(indicator=ref, outcomes=outcomes, unit=ind.unit, direction=direction,
                           first=first, latest=reading.latest_words, travel=travel, target=target)
