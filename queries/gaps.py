"""Gaps: what no active service, and no money, reaches.

``gaps``
    Priority outcomes, cohorts and localities that no active service reaches, and
    those that no money reaches, plus a coverage matrix.

    * *Priority outcomes* are outcomes with a SUPPORTS_PRIORITY edge. When no
      outcome supports a priority (or ``all_outcomes`` is set) every outcome is
      checked instead, and the answer says so.
    * An outcome is *reached* by an active service that CONTRIBUTES_TO it. A cohort
      (TARGETS) or locality (SERVES) is reached when an active service reaches it,
      a wider one it is PART_OF (a city-wide service reaches the city's areas), or a
      narrower one inside it.
    * *How* a cohort or locality is reached (``reached_by`` on each gap, and the counts in
      ``reach``): ``own``, by an active service recorded for it itself; ``wider``, only
      through a service recorded for a wider one that contains it (a county-wide service
      reaching a district); ``narrower``, only through a service recorded for one inside it.
      The summary says how many are reached each way and names the services that reach
      them through a wider one, so a count of "reached" never hides that none has a
      service of its own. An outcome is only ever reached by its own services.
    * *Money reaches* a node when one of the active services that reach it has a
      FUNDS edge from a budget (an edge without an amount still counts: the amount
      is unknown, not zero), a contract with a value (COMMISSIONS ``lifetime_value``)
      or an annual cost of its own.
    * The *coverage matrix* counts, for each outcome checked, the active services
      that contribute to it **and** directly target each cohort (``matrix: cohort``,
      the default) or directly serve each locality (``matrix: locality``). Only
      non-zero cells are listed; a missing cell is a zero. The table lists them
      outcome by outcome, in the order the outcomes and columns were given.

    The table (and CSV) holds both answers, told apart by its ``section`` column:
    first the gaps (``section`` ``gap``: ``kind``, ``id``, ``name``, ``gap``,
    ``services``), then the matrix's non-zero cells (``section`` ``coverage``: the
    outcome as ``id`` and ``name``, the cohort or locality as ``column`` and
    ``column_id``, and the ``services`` in the cell). A gap's ``reached`` column says how an
    active service reaches it: ``own service``, or ``through`` the wider or narrower ones. The summary says how many
    cells of the matrix have any service.

    "No money" means no FUNDS edge is recorded for the services that reach it; the
    answer says "no funding recorded", because an amount the documents do not give
    is unknown, not zero.

    *Not recorded is not absent.* A gap is a gap in provision (``evidence`` ``gap``) only
    when the partnership's file declares that its data records every service
    (``coverage.services: complete``), or, for "no money", every budget and flow
    (``coverage.money: complete``). Otherwise it is ``not-recorded``: the data holds no
    such service or funding, which may only mean the documents do not name it (York's
    ten services are the commissioning framework's examples), and the summary says so
    rather than stating that nothing exists. Gaps on generated stand-ins (Staffordshire's 50 made-up
    Community & Learning Partnership areas) are counted as such in the summary.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "demo", "name": "Demo"}, nodes=[
...     {"id": "plan", "type": "Plan", "name": "CYPP"},
...     {"id": "pr", "type": "Priority", "name": "Early help"},
...     {"id": "o1", "type": "Outcome", "name": "Fewer exclusions"},
...     {"id": "o2", "type": "Outcome", "name": "Better attendance"},
...     {"id": "s", "type": "Service", "name": "Nurture groups"}],
...   edges=[{"type": "PART_OF", "from": "pr", "to": "plan"},
...          {"type": "SUPPORTS_PRIORITY", "from": "o1", "to": "pr"},
...          {"type": "SUPPORTS_PRIORITY", "from": "o2", "to": "pr"},
...          {"type": "CONTRIBUTES_TO", "from": "s", "to": "o1"}])
>>> gaps(p, GapsParams()).summary().splitlines()[0]
'1 of 2 priority outcomes has no active service recorded: Better attendance.'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, product, repeat
from operator import attrgetter
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership

from .common import NodeRef, Refs, active_service_ids, and_list, kept, narrower, plural, stand_ins, wider
from .registry import QueryParams, QueryResult, register

__all__ = [
    "CoverageCell",
    "GapItem",
    "GapReach",
    "GapsParams",
    "GapsResult",
    "NeedCover",
    "NeedThread",
    "NeedsParams",
    "NeedsResult",
    "gaps",
    "needs",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "gaps"


Kind = Literal["outcome", "cohort", "locality"]
Evidence = Literal["gap", "not-recorded"]
ReachedBy = Literal["own", "wider", "narrower"]

#: What is checked: each kind of node, the edge an active service reaches it by, and whether
#: reaching one reaches the wider ones it is PART_OF and the narrower ones inside it.
_KINDS: tuple[tuple[Kind, EdgeType, bool], ...] = (
    ("outcome", EdgeType.CONTRIBUTES_TO, False),
    ("cohort", EdgeType.TARGETS, True),
    ("locality", EdgeType.SERVES, True),
)


def _hierarchy_closure(p: Partnership, start: Iterable[str]) -> set[str]:
    """``start`` plus everything above it (PART_OF out) and everything inside it (PART_OF in)."""
    first = set(start)
    return first.union(wider(p, first), narrower(p, first))


@dataclass(frozen=True, slots=True)
class _Reach:
    """What the active services of a partnership reach, of one kind: how many reach each node directly,
    every node reached (through the PART_OF hierarchy where it counts), and every node money reaches."""

    direct: Counter[str]
    reached: set[str]
    paid: set[str]
    inside_direct: set[str]  # inside a node an active service reaches directly: reached through a wider one

    def how(self, node_id: str) -> ReachedBy | None:
        """How an active service reaches ``node_id``: its own, only through a wider or a narrower one, or not."""
        if self.direct[node_id]:
            return "own"
        if node_id not in self.reached:
            return None
        return "wider" if node_id in self.inside_direct else "narrower"


def _reach(p: Partnership) -> dict[Kind, _Reach]:
    """The :class:`_Reach` of each kind, worked out once per partnership (:func:`~queries.common.kept`)."""

    def find() -> dict[Kind, _Reach]:
        active = active_service_ids(p)
        paid_for = set(map(attrgetter("to"), p.edges(EdgeType.FUNDS)))
        # A contract value (or a service's own annual cost) is money recorded for it too.
        paid_for.update(e.to for e in p.edges(EdgeType.COMMISSIONS) if getattr(e, "lifetime_value", None) is not None)
        paid_for.update(n.id for n in p.nodes(NodeType.SERVICE) if getattr(n, "annual_cost", None) is not None)
        funded = [s for s in active if s in paid_for]
        found: dict[Kind, _Reach] = {}
        for kind, edge_type, nested in _KINDS:
            adj = p.adjacency(edge_type, "out")
            direct = Counter(chain.from_iterable(map(adj.get, active, repeat(()))))
            money = set(chain.from_iterable(map(adj.get, funded, repeat(()))))
            inside = set(narrower(p, direct)) if nested else set()
            found[kind] = _Reach(direct=direct, reached=_hierarchy_closure(p, direct) if nested else set(direct),
                                 paid=_hierarchy_closure(p, money) if nested else money, inside_direct=inside)
        return found

    return kept(p, "gaps: reach", find)


def _matrix(p: Partnership, columns: Literal["cohort", "locality"], outcomes: list[str],
            scope: Literal["priority", "all"]) -> list[CoverageCell]:
    """The non-zero cells of the coverage matrix, in the order an active service first fills each (services in
    input order, then their outcomes, then their columns), made once per partnership and kept: they are frozen."""

    def find() -> list[CoverageCell]:
        contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
        column_adj = p.adjacency(EdgeType.TARGETS if columns == "cohort" else EdgeType.SERVES, "out")
        active = active_service_ids(p)
        outs: Iterable[Iterable[str]] = map(contributes.get, active, repeat(()))
        if len(outcomes) < len(p.nodes(NodeType.OUTCOME)):  # CONTRIBUTES_TO leads only to outcomes
            in_scope = set(outcomes)
            outs = [[o for o in found if o in in_scope] for found in outs]
        cells = Counter(chain.from_iterable(map(product, outs, map(column_adj.get, active, repeat(())))))
        return [CoverageCell(outcome=o, column=c, services=n) for (o, c), n in cells.items()]

    return kept(p, f"gaps: {columns} matrix, {scope} outcomes", find)


class GapsParams(QueryParams):
    matrix: Literal["cohort", "locality"] = Field(
        "cohort", description="Columns of the coverage matrix: cohorts (TARGETS) or localities (SERVES).")
    all_outcomes: bool = Field(
        False, description="Check every outcome, not only priority outcomes (those with SUPPORTS_PRIORITY).")


class GapItem(BaseModel):
    """One outcome, cohort or locality that no active service, or no money, reaches."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["outcome", "cohort", "locality"]
    node: NodeRef
    gap: Literal["no-active-service", "no-money"] = Field(
        description="no-active-service: nothing reaches it; no-money: services do, but none is funded.")
    services: int = Field(description="Active services that reach it directly (not through a wider or narrower one).")
    stand_in: bool = Field(False, description="A generated stand-in of a partnership built from documents.")
    reached_by: ReachedBy | None = Field(
        None, description="How an active service reaches it: own (a service recorded for it itself), wider (only "
                          "through one recorded for a wider one containing it), narrower (only through one inside "
                          "it); none when nothing reaches it.")
    through: list[NodeRef] = Field(
        default_factory=list, description="When reached_by is wider or narrower: the ones, containing it or inside "
                                          "it, that an active service is recorded for.")
    evidence: Evidence = Field(
        "not-recorded", description="gap: the data records every service (or every flow of money, for no-money), "
                                    "so nothing reaches it; not-recorded: the data records no such service or "
                                    "funding, which may only mean the documents do not name it.")


class GapReach(BaseModel):
    """How the cohorts or localities checked are reached: by a service of their own, or only through others."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["outcome", "cohort", "locality"]
    own: int = Field(description="Reached by an active service recorded for it itself.")
    wider: int = Field(description="Reached only through an active service recorded for a wider one containing it.")
    narrower: int = Field(description="Reached only through an active service recorded for one inside it.")
    unreached: int = Field(description="Reached by no active service.")
    wider_services: list[NodeRef] = Field(
        default_factory=list, description="The active services that reach the ones counted in wider.")
    narrower_services: list[NodeRef] = Field(
        default_factory=list, description="The active services that reach the ones counted in narrower.")


class CoverageCell(BaseModel):
    """A non-zero cell of the coverage matrix."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: str
    column: str
    services: int


class GapsResult(QueryResult):
    outcome_scope: Literal["priority", "all"] = Field(
        description="Which outcomes were checked: priority outcomes, or all (asked for, or there are no priorities).")
    checked: dict[str, int] = Field(description="How many outcomes, cohorts and localities were checked.")
    gaps: list[GapItem]
    matrix_columns: Literal["cohort", "locality"]
    matrix_rows: list[NodeRef] = Field(description="The outcomes checked, the rows of the matrix.")
    matrix_cols: list[NodeRef] = Field(description="Every cohort or locality, the columns of the matrix.")
    matrix: list[CoverageCell] = Field(description="Non-zero cells: active services per outcome and column.")
    reach: list[GapReach] = Field(
        default_factory=list, description="For each kind checked, how many are reached by a service of their own, "
                                          "only through a wider or narrower one, or not at all.")
    services_complete: bool = Field(False, description="The partnership's data records every service "
                                                       "(coverage.services: complete).")
    money_complete: bool = Field(False, description="The partnership's data records every budget and flow "
                                                    "(coverage.money: complete).")

    columns: ClassVar[tuple[str, ...]] = ("section", "kind", "id", "name", "gap", "evidence", "services", "reached",
                                          "column", "column_id")

    def table(self) -> list[dict[str, Any]]:
        """The gaps (section ``gap``; generated stand-ins after the rest), then the coverage matrix's non-zero
        cells (section ``coverage``)."""
        rows = [{"section": "gap", "kind": g.kind, "id": g.node.id, "name": g.node.name, "gap": g.gap,
                 "evidence": g.evidence, "services": g.services, "reached": _reached_text(g), "column": None, "column_id": None}
                for g in sorted(self.gaps, key=attrgetter("stand_in"))]
        outcomes = {o.id: (i, o.name) for i, o in enumerate(self.matrix_rows)}
        cols = {c.id: (i, c.name) for i, c in enumerate(self.matrix_cols)}
        unknown = (len(outcomes) + len(cols), "")
        cells = sorted(self.matrix, key=lambda c: (outcomes.get(c.outcome, unknown)[0], cols.get(c.column, unknown)[0]))
        rows += [{"section": "coverage", "kind": "outcome", "id": c.outcome,
                  "name": outcomes.get(c.outcome, unknown)[1] or c.outcome, "gap": None, "evidence": None,
                  "services": c.services,
                  "reached": None, "column": cols.get(c.column, unknown)[1] or c.column, "column_id": c.column} for c in cells]
        return rows

    def summary(self) -> str:
        scope = "priority outcome" if self.outcome_scope == "priority" else "outcome"
        lines = []
        money_gaps = False
        reach: dict[str, GapReach] = {r.kind: r for r in self.reach}
        for kind, label in (("outcome", scope), ("cohort", "cohort"), ("locality", "locality")):
            total = self.checked.get(kind, 0)
            if not total:
                continue
            plural_form = "localities" if label == "locality" else None
            mine = [g for g in self.gaps if g.kind == kind]
            # generated stand-ins are counted in one line of their own, not named among the real ones
            none = [g.node.label for g in mine if g.gap == "no-active-service" and not g.stand_in]
            unfunded = [g.node.label for g in mine if g.gap == "no-money" and not g.stand_in]
            made_none = sum(1 for g in mine if g.gap == "no-active-service" and g.stand_in)
            made_unfunded = sum(1 for g in mine if g.gap == "no-money" and g.stand_in)
            how = reach.get(kind)
            if none:
                verb = "has" if len(none) == 1 else "have"
                said = "no active service" if self.services_complete else "no active service recorded"
                lines.append(f"{len(none)} of {plural(total, label, plural_form)} {verb} {said}: {and_list(none)}.")
                if how is not None and (how.wider or how.narrower):
                    lines.append(f"Of the other {total - len(none)}, reached by an active service: "
                                 f"{_reach_text(how)}.")
            elif how is not None and (how.wider or how.narrower):
                lines.append(f"{total} of {plural(total, label, plural_form)} "
                             f"{'is' if total == 1 else 'are'} reached by an active service: {_reach_text(how)}.")
            elif how is not None:
                lines.append(f"Every {label} ({total}) is reached by an active service of its own.")
            else:
                lines.append(f"Every {label} ({total}) is reached by an active service.")
            if unfunded:
                verb = "is" if len(unfunded) == 1 else "are"
                lead = f"{len(unfunded)} more" if none else f"{len(unfunded)} of them"
                lines.append(f"{lead} {verb} reached only by services with no funding recorded: "
                             f"{and_list(unfunded)}.")
                if not self.money_complete:
                    money_gaps = True
            if made_none or made_unfunded:
                ways = [f"{made_none} with no active service{'' if self.services_complete else ' recorded'}"
                        if made_none else "",
                        f"{made_unfunded} reached only by services with no funding recorded" if made_unfunded else ""]
                many = made_none + made_unfunded
                lines.append(f"Besides these, {plural(many, 'generated stand-in')} ({plural_form or label + 's'} the "
                             f"project made up for what a document only counts): {and_list([w for w in ways if w])}; "
                             "the table lists them last.")
        if not self.services_complete and any(g.gap == "no-active-service" for g in self.gaps):
            lines.append("The data does not record every service, so \"no active service recorded\" is what the "
                         "data leaves out, not evidence that no provision exists.")
        if money_gaps:
            lines.append("Nor does it record all the money: \"no funding recorded\" may only mean the documents do "
                         "not say who pays.")
        if not any(self.checked.values()):
            return ("Nothing to check on this date: no outcome, cohort or locality is in force then (records "
                    "without dates of their own hold only from the start of the period the data describes), so no "
                    "gap can be found.")
        if self.outcome_scope == "all" and self.checked.get("outcome"):
            lines.append("All outcomes were checked (none, or not only, those supporting a priority).")
        if self.matrix_rows and self.matrix_cols:
            cells = len(self.matrix_rows) * len(self.matrix_cols)
            columns = "cohorts" if self.matrix_columns == "cohort" else "localities"
            lines.append(f"Coverage matrix ({scope}s × {columns}): {len(self.matrix):,} of {cells:,} cells have an "
                         "active service; the table lists them (section coverage), and a cell not listed has none.")
        return "\n".join(lines) or "There are no outcomes, cohorts or localities to check."


def _reached_text(g: GapItem) -> str | None:
    """The ``reached`` column of a gap's row: ``own service``, or what it is reached ``through``."""
    if g.reached_by is None:
        return None
    if g.reached_by == "own":
        return "own service"
    where = "wider" if g.reached_by == "wider" else "narrower"
    return f"through {where}: {and_list([n.label for n in g.through], most=3)}"


def _reach_text(r: GapReach) -> str:
    """How many are reached each way, naming the services that reach them through another."""
    parts = [f"{r.own} by a service of its own"]
    if r.wider:
        parts.append(f"{r.wider} only through a service for a wider area containing "
                     f"{'it' if r.wider == 1 else 'them'} ({and_list([s.label for s in r.wider_services], sep='; ')})")
    if r.narrower:
        parts.append(f"{r.narrower} only through a service for a narrower area inside "
                     f"{'it' if r.narrower == 1 else 'them'} "
                     f"({and_list([s.label for s in r.narrower_services], sep='; ')})")
    return ", ".join(parts)


@register("gaps", family=FAMILY, purpose="Priority outcomes, cohorts and localities no active service or no money "
          "reaches, with a coverage matrix.", params=GapsParams, result=GapsResult)
def gaps(p: Partnership, params: GapsParams) -> GapsResult:
    """Find what no active service, or no money, reaches (see the module docstring).

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "young-carers", "type": "Cohort", "name": "Young carers"},
    ...     {"id": "refugees", "type": "Cohort", "name": "Refugee children"},
    ...     {"id": "s", "type": "Service", "name": "Carers' club"}],
    ...   edges=[{"type": "TARGETS", "from": "s", "to": "young-carers"}])
    >>> [(g.node.id, g.gap) for g in gaps(p, GapsParams()).gaps]
    [('young-carers', 'no-money'), ('refugees', 'no-active-service')]
    """
    priority_outcomes = p.adjacency(EdgeType.SUPPORTS_PRIORITY, "out")
    all_outcomes = [o.id for o in p.nodes(NodeType.OUTCOME)]
    if params.all_outcomes or not priority_outcomes:
        scope: Literal["priority", "all"] = "all"
        outcomes = all_outcomes
    else:
        scope = "priority"
        outcomes = [o for o in all_outcomes if o in priority_outcomes]

    refs = Refs(p)
    reach = _reach(p)
    services_complete = p.info.coverage.services == "complete"
    money_complete = services_complete and p.info.coverage.money == "complete"
    items: list[GapItem] = []
    checked: dict[str, int] = {}
    candidates: dict[Kind, list[str]] = {
        "outcome": outcomes,
        "cohort": [c.id for c in p.nodes(NodeType.COHORT)],
        "locality": [loc.id for loc in p.nodes(NodeType.LOCALITY)],
    }
    counts: list[GapReach] = []
    for kind, edge_type, nested in _KINDS:
        checked[kind] = len(candidates[kind])
        r = reach[kind]
        ways = Counter[ReachedBy | None]()
        via_services: dict[ReachedBy, dict[str, None]] = {"wider": {}, "narrower": {}}
        serving = p.adjacency(edge_type, "in")
        active = set(active_service_ids(p))
        for nid in candidates[kind]:
            how = r.how(nid)
            ways[how] += 1
            through: list[NodeRef] = []
            if how == "wider" or how == "narrower":
                around = [n for n in (wider if how == "wider" else narrower)(p, nid) if r.direct[n]]
                through = [refs(n) for n in around]
                via_services[how].update((s, None) for n in around for s in serving.get(n, ()) if s in active)
            if how is None:
                items.append(GapItem(kind=kind, node=refs(nid), gap="no-active-service", services=0,
                                     evidence="gap" if services_complete else "not-recorded"))
            elif nid not in r.paid:
                items.append(GapItem(kind=kind, node=refs(nid), gap="no-money", services=r.direct[nid],
                                     reached_by=how, through=through,
                                     evidence="gap" if money_complete else "not-recorded"))
        if nested:
            counts.append(GapReach(kind=kind, own=ways["own"], wider=ways["wider"], narrower=ways["narrower"],
                                   unreached=ways[None], wider_services=list(map(refs, via_services["wider"])),
                                   narrower_services=list(map(refs, via_services["narrower"]))))

    column_type = NodeType.COHORT if params.matrix == "cohort" else NodeType.LOCALITY
    if any(p.node(g.node.id).generated for g in items):
        extras = stand_ins(p)
        items = [g.model_copy(update={"stand_in": True}) if g.node.id in extras else g for g in items]
    return GapsResult(
        outcome_scope=scope,
        checked=checked,
        gaps=items,
        matrix_columns=params.matrix,
        matrix_rows=[refs(o) for o in outcomes],
        matrix_cols=[refs(n.id) for n in p.nodes(column_type)],
        matrix=_matrix(p, params.matrix, outcomes, scope),
        reach=counts,
        services_complete=services_complete,
        money_complete=money_complete,
    )


# -- needs: identified needs nothing answers ---------------------------------------------------------


class NeedsParams(QueryParams):
    limit: int = Field(50, ge=0, description="List at most this many needs (0: all); counts are complete.")


class NeedCover(BaseModel):
    """An identified need, the active services and the priorities that address it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    need: NodeRef
    services: list[NodeRef] = Field(description="Active services addressing it (ADDRESSES).")
    priorities: list[NodeRef] = Field(description="Priorities addressing it (ADDRESSES).")
    through: list[NeedThread] = Field(
        default_factory=list, description="Priorities it reaches through a service: an active service addressing "
                                          "it contributes to an outcome that supports the priority (the thread "
                                          "golden-thread follows). A need so reached is answered by a priority.")


class NeedThread(BaseModel):
    """How a need reaches a priority through a service: service → outcome → priority."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: NodeRef
    outcome: NodeRef
    priority: NodeRef


class NeedsResult(QueryResult):
    needs: list[NeedCover] = Field(description="Needs with no active service or no priority first, then the rest.")
    total: int = Field(description="Needs recorded and in force.")
    without_service: int = Field(description="Needs no active service addresses.")
    without_priority: int = Field(description="Needs no priority answers, either directly (ADDRESSES) or through "
                                              "a service contributing to an outcome that supports one.")
    through_only: int = Field(0, description="Needs no priority addresses directly but one reaches through a "
                                             "service, an outcome it contributes to and the priority that outcome "
                                             "supports.")
    with_gap: int = Field(0, description="Needs with either gap.")

    columns: ClassVar[tuple[str, ...]] = ("need_id", "need", "services", "priorities", "gap")

    def table(self) -> list[dict[str, Any]]:
        return [{"need_id": n.need.id, "need": n.need.name, "services": "; ".join(s.name for s in n.services),
                 "priorities": "; ".join([s.name for s in n.priorities]
                                         + [f"{t.priority.name} (through {t.service.name} → {t.outcome.name})"
                                            for t in n.through]),
                 "gap": _need_gap(n)} for n in self.needs]

    def summary(self) -> str:
        if not self.total:
            return "No need is recorded."
        parts = [f"{self.total} identified need{'s' if self.total != 1 else ''}: "
                 f"{self.without_service} with no active service addressing it, "
                 f"{self.without_priority} answered by no priority."]
        if self.through_only:
            parts.append(f"{self.through_only} of them {'is' if self.through_only == 1 else 'are'} answered by a "
                         "priority only through a service: no priority names the need, but a service addressing it "
                         "contributes to an outcome that supports one.")
            for n in [n for n in self.needs if n.through and not n.priorities][:_NEEDS_NAMED]:
                parts.append(f"{n.need.label}: " + "; ".join(
                    f"{t.service.label} contributes to {t.outcome.label}, which supports {t.priority.label}"
                    for t in n.through[:3]) + ".")
        gaps = [n for n in self.needs if _need_gap(n)]
        for n in gaps[:_NEEDS_NAMED]:
            by = f" (addressed by {and_list([s.label for s in n.services], most=3)})" if n.services else ""
            parts.append(f"{n.need.label}{by}: {_need_gap(n)}.")
        more = self.with_gap - min(len(gaps), _NEEDS_NAMED)
        if more > 0:
            parts.append(f"{more:,} more need{'s have' if more != 1 else ' has'} a gap (see the table; "
                         "--limit 0 lists every need).")
        parts.append("Only needs the data records are checked; a need no document names cannot show here.")
        return "\n".join(parts)


#: How many needs with a gap the summary names (the table lists them all, up to ``limit``).
_NEEDS_NAMED = 10


def _need_gap(n: NeedCover) -> str:
    return "; ".join(g for g, missing in (("no active service", not n.services),
                                          ("no priority", not n.priorities and not n.through)) if missing)


@register("needs", family=FAMILY, purpose="Identified needs no active service addresses, or no priority does.",
          params=NeedsParams, result=NeedsResult)
def needs(p: Partnership, params: NeedsParams) -> NeedsResult:
    """Each identified need with the active services and priorities that address it.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "homeless", "type": "Need", "name": "Homelessness among 16 and 17 year olds"},
    ...     {"id": "howe-hill", "type": "Service", "name": "Howe Hill"}],
    ...   edges=[{"type": "ADDRESSES", "from": "howe-hill", "to": "homeless"}])
    >>> r = needs(p, NeedsParams())
    >>> [(n.need.id, _need_gap(n)) for n in r.needs]
    [('homeless', 'no priority')]
    """
    addressed_by = p.adjacency(EdgeType.ADDRESSES, "in")
    contributes = p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    supports = p.adjacency(EdgeType.SUPPORTS_PRIORITY, "out")
    active = set(active_service_ids(p))
    refs = Refs(p)
    rows = []
    for need in p.nodes(NodeType.NEED):
        by = addressed_by.get(need.id, [])
        services = [s for s in by if s in active]
        named = [s for s in by if p.node(s).type is NodeType.PRIORITY]
        threads = [NeedThread(service=refs(s), outcome=refs(o), priority=refs(pr))
                   for s in services for o in contributes.get(s, ()) for pr in supports.get(o, ())
                   if pr not in named]
        rows.append(NeedCover(need=refs(need.id), services=list(map(refs, services)),
                              priorities=list(map(refs, named)), through=threads))
    rows.sort(key=lambda n: not _need_gap(n))
    return NeedsResult(needs=rows[: params.limit or None], total=len(rows),
                       without_service=sum(1 for n in rows if not n.services),
                       without_priority=sum(1 for n in rows if not n.priorities and not n.through),
                       through_only=sum(1 for n in rows if n.through and not n.priorities),
                       with_gap=sum(1 for n in rows if _need_gap(n)))
