"""Checking a scenario against a partnership, and applying it.

:func:`apply_scenario` resolves every node a change names (by id or exact name, with the
closest matches when nothing matches: :meth:`~graph_model.Partnership.resolve`), finds changes
that contradict each other (a service stopped twice, money moved into a service another change
stops, a body moved after it was merged away, a re-route larger than the money there), makes the
changed records, and builds the changed partnership through
:func:`graph_model.build_partnership`, so the schema's own checks run on the result. Every
problem found is raised together (:class:`~queries.scenarios.parse.InvalidScenario`); nothing
is applied when there is one.

Every record a change adds or changes carries ``source: "scenario FILE: change N"``; a record
whose amount is a stated assumption (an ``assume`` change), and one resting on such an amount,
carries ``assumed: true``. Assumptions are applied first, whatever their place in the file: they
state what the data lacks, and the other changes may rest on them.

What each change does:

* ``decommission`` - each service gets status ``decommissioned`` and its last day the day
  before ``from``; the budget flows into it end that day too.
* ``commission`` - a new Service (status active, starting on ``from``) with CONTRIBUTES_TO,
  TARGETS, SERVES, COMMISSIONS (``contract_value`` as its lifetime value), DELIVERS and FUNDS
  (``amount`` from ``budget``).
* ``reroute`` - out of a service: its one budget flow (or the flow from ``budget``) is cut by
  the amount; out of a budget: the budget's money not already paid out. Into a service: the same
  budget pays it that much more (a new flow when there was none); into a budget: its amount
  rises (an unknown amount stays unknown).
  A flow records one amount for its whole span, so a re-route changes the annual amounts of the
  flows it touches for every day; ``from`` dates only the flows it adds.
* ``pool`` - the budget's kind becomes pooled or aligned (in place from ``from``, when the budget records no
  first day of its own); each contribution is a CONTRIBUTES flow. A contribution given with an amount is the
  scenario's statement: it replaces a contribution the data only guessed at (``assumed``), so a pool the data
  holds as a plan is in place on the changed partnership, and its money counts there.
* ``assume`` - a budget's ``amount`` or a service's ``annual_cost`` the data lacks.
* ``move`` - the body's formal (or reporting) line goes to the new parent; with ``from``, the old
  line ends the day before and the new one starts that day.
* ``merge`` - every link of the body passes to the one it merges into (a duplicate link or a
  link to itself is dropped), and the body goes.
* ``join`` / ``leave`` - a MEMBER_OF link is added or removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from graph_model import (
    InvalidPartnership,
    Location,
    NodeType,
    Partnership,
    Problem,
    Rule,
    UnknownNode,
    build_partnership,
    dump_record,
)
from graph_model.models import default_edge_id, parse_edge, parse_node
from graph_model.partnership import build_validated
from queries.common import format_money

from .model import Assume, ChangeBase, Commission, Decommission, Join, Leave, Merge, Move, Pool, Reroute
from .parse import InvalidScenario, ScenarioText

__all__ = ["Applied", "apply_scenario", "check_scenario"]

_DAY = dt.timedelta(days=1)
#: What each claim on a node says, for a contradiction's message.
_VERBS = {"stop": "stops", "re-route": "moves money of", "assume": "states an amount for", "move": "moves",
          "merge": "merges", "commission": "commissions"}


@dataclass
class Applied:
    """A scenario applied: the changed partnership, and which records each change touched."""

    partnership: Partnership
    touched: dict[str, int] = field(default_factory=dict)  # record id -> the change (1-based) that last touched it
    assumed: set[str] = field(default_factory=set)  # ids of records resting on a stated assumption
    removed: dict[str, int] = field(default_factory=dict)  # record id -> the change that removed it


class _Records(MutableMapping[str, dict[str, Any]]):
    """Records by id as plain data: the partnership's own, each copied out (:func:`dump_record`) only when a change
    reads or writes it, with the ones changes add, less the ones they remove. A partnership of a million records
    is changed without copying the records no change touches."""

    def __init__(self, get: Callable[[str], Any], ids: Callable[[], Iterable[str]]) -> None:
        self.base, self._ids = get, ids  # the partnership's own record with an id, or None
        self.changed: dict[str, dict[str, Any]] = {}  # copied out (and perhaps changed), or added
        self.removed: set[str] = set()

    def __getitem__(self, key: str) -> dict[str, Any]:
        rec = self.changed.get(key)
        if rec is None:
            base = None if key in self.removed else self.base(key)
            if base is None:
                raise KeyError(key)
            rec = self.changed[key] = dump_record(base)
        return rec

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self.changed[key] = value
        self.removed.discard(key)

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.changed.pop(key, None)
        self.removed.add(key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (key in self.changed or (key not in self.removed
                                                                 and self.base(key) is not None))

    def __iter__(self) -> Iterator[str]:
        seen = self.removed
        for key in self._ids():
            if key not in seen:
                yield key
        for key in self.changed:
            if self.base(key) is None:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Work:
    """The records being changed, as plain data, with where each problem is reported."""

    def __init__(self, p: Partnership, sc: ScenarioText, universe: Partnership | None = None) -> None:
        self.p, self.sc = p, sc
        self.universe = universe or p  # where names are resolved and new ids must be new

        def node(nid: str) -> Any:
            return p.node(nid) if nid in p else None

        def edge(eid: str) -> Any:
            try:
                return p.edge(eid)
            except KeyError:
                return None

        self.nodes = _Records(node, lambda: (n.id for n in p.nodes()))
        self.edges = _Records(edge, lambda: (e.id for e in p.edges()))
        self.added: dict[str, list[str]] = {}  # node id -> ids of the edges changes add to or from it
        self.where: dict[str, Location] = {}
        self.problems: list[Problem] = []
        self.touched: dict[str, int] = {}
        self.assumed: set[str] = set()
        self.removed: dict[str, int] = {}
        self.claims: dict[str, tuple[int, str]] = {}  # node id -> (change index, what it did)
        self.merged: dict[str, tuple[str, int]] = {}
        self.index = 0

    # -- reporting ------------------------------------------------------------------------

    def at(self, name: str | None = None) -> Location:
        return self.sc.at(self.index, name)

    def problem(self, rule: Rule, message: str, name: str | None, allowed: str | None = None) -> None:
        self.problems.append(Problem(rule, message, self.at(name), allowed))

    def tag(self) -> str:
        return f"scenario {self.sc.file}: change {self.index + 1}"

    def mark(self, rec: dict[str, Any], name: str | None, *, assumed: bool = False) -> dict[str, Any]:
        rec["source"] = self.tag()
        if assumed:
            rec["assumed"] = True
        rid = rec["id"] if "id" in rec else default_edge_id(rec["type"], rec["from"], rec["to"])
        rec["id"] = rid
        self.where[rid] = self.at(name)
        self.touched[rid] = self.index + 1
        if assumed:
            self.assumed.add(rid)
        return rec

    # -- resolving --------------------------------------------------------------------------

    def ref(self, value: str, name: str, *types: NodeType) -> str | None:
        """The id of the node ``value`` names, or None with a problem reported."""
        try:
            nid = self.universe.resolve(value)
        except UnknownNode as err:
            if value in self.nodes:  # a service an earlier change commissions
                nid = value
            else:
                hint = f"; closest: {', '.join(err.suggestions)}" if err.suggestions else ""
                self.problem(Rule.DANGLING_REFERENCE, f"no node has id or name '{value}'{hint}", name,
                             "an id or the exact name of a node of the partnership")
                return None
        if nid in self.merged:
            into, by = self.merged[nid]
            self.problem(Rule.INVALID_VALUE, f"'{value}' contradicts change {by}, which merges it into '{into}'",
                         name, f"'{into}', or a change before the merge")
            return None
        if nid not in self.nodes:
            self.problem(Rule.INVALID_VALUE, f"'{value}' was removed by change {self.removed.get(nid, '?')}", name)
            return None
        kind = self.nodes[nid]["type"]
        if types and kind not in types:
            self.problem(Rule.INVALID_VALUE, f"'{value}' is a {kind}, not a {' or '.join(t.value for t in types)}",
                         name, ", ".join(t.value for t in types))
            return None
        return nid

    def claim(self, nid: str, what: str, name: str, *, against: Iterable[str] = ()) -> bool:
        """Record that this change does ``what`` to ``nid``; report a contradiction with an earlier change that did
        one of ``against`` (every claim when ``against`` is empty)."""
        earlier = self.claims.get(nid)
        if earlier is not None and (not against or earlier[1] in against):
            self.problem(Rule.INVALID_VALUE, f"this change {_VERBS[what]} '{nid}', which contradicts change "
                         f"{earlier[0]}: it already {_VERBS[earlier[1]]} it", name, "one change for each thing "
                         "changed, none undoing another")
            return False
        self.claims[nid] = (self.index + 1, what)
        return True

    # -- records ----------------------------------------------------------------------------

    def _incident(self, nid: str, kind: str | None, end: str) -> list[dict[str, Any]]:
        """The edges (of ``kind``, or all) whose ``end`` ('from' or 'to') is ``nid``, as the changes leave them."""
        found: list[dict[str, Any]] = []
        if nid in self.p:
            base = self.p.out_edges(nid) if end == "from" else self.p.in_edges(nid)
            found = [self.edges[e.id] for e in base if e.id not in self.edges.removed
                     and (kind is None or e.type.value == kind)]
        for eid in self.added.get(nid, ()):
            rec = self.edges.changed.get(eid)
            if rec is not None and rec[end] == nid and (kind is None or rec["type"] == kind):
                found.append(rec)
        return found

    def out_edges(self, nid: str, kind: str | None = None) -> list[dict[str, Any]]:
        return self._incident(nid, kind, "from")

    def in_edges(self, nid: str, kind: str | None = None) -> list[dict[str, Any]]:
        return self._incident(nid, kind, "to")

    def add_edge(self, kind: str, src: str, dst: str, name: str | None, *, assumed: bool = False,
                 **fields: Any) -> dict[str, Any]:
        rec = {"type": kind, "from": src, "to": dst, **{k: v for k, v in fields.items() if v is not None}}
        rid = default_edge_id(kind, src, dst)
        if rid in self.edges:
            rid = f"{rid}--change-{self.index + 1}"
        rec["id"] = rid
        self.edges[rid] = self.mark(rec, name, assumed=assumed)
        for end in (src, dst):
            self.added.setdefault(end, []).append(rid)
        return rec

    def drop_edge(self, rid: str) -> None:
        if rid in self.edges:
            del self.edges[rid]
        self.removed[rid] = self.index + 1

    def rests_on_assumption(self, *ids: str) -> bool:
        """Whether any of these records holds an amount the scenario assumes (the data's own readings keep their
        own ``assumed`` mark)."""
        return any(i in self.assumed for i in ids)


def check_scenario(p: Partnership, sc: ScenarioText) -> list[Problem]:
    """Every problem the scenario has against ``p`` (reading, resolving, contradictions, the schema's rules);
    nothing is applied. An empty list means it applies cleanly."""
    try:
        apply_scenario(p, sc)
    except InvalidPartnership as err:
        return list(err.problems)
    return []


def apply_scenario(p: Partnership, sc: ScenarioText, *, only: tuple[type[ChangeBase], ...] = (),
                   universe: Partnership | None = None) -> Applied:
    """The partnership ``p`` with the scenario's changes made and validated, or :class:`InvalidScenario`;
    ``only`` makes only the changes of those kinds (the comparison's "before" side takes the assumptions alone).
    ``universe``: the partnership ``p`` is a closed part of (every edge of a node of ``p`` within it), against which
    names are resolved and a new id must be new; the comparison applies a scenario to the part it reaches."""
    sc.valid()  # the file's own problems first: nothing else is checked on a file that cannot be read
    w = _Work(p.whole, sc, universe.whole if universe is not None else None)
    order = sorted((i for i in range(len(sc.changes)) if not only or isinstance(sc.changes[i], only)),
                   key=lambda i: not isinstance(sc.changes[i], Assume))
    for i in order:
        w.index = i
        _APPLY[type(sc.changes[i])](w, sc.changes[i])
    if w.problems:
        raise InvalidScenario(sorted(w.problems, key=lambda q: q.location.line or 0))
    info = p.info.model_copy(update={"notes": [*p.info.notes, f"What-if scenario applied from {sc.file}: "
                                                               f"{sc.info.name if sc.info else ''}"]})
    return Applied(_build(w, info), w.touched, w.assumed, w.removed)


def _build(w: _Work, info: Any) -> Partnership:
    """The changed partnership: the records no change touched as they are, the others validated anew, and every rule
    between records checked in bulk (:func:`~graph_model.partnership.build_validated`); when a rule is broken, built
    again record by record (:func:`~graph_model.build_partnership`), which says where."""
    p, nodes, edges = w.p, w.nodes, w.edges
    # In the partnership's own order, each changed record in its place and the new ones last: the order of nodes
    # decides the order of some answers (the top boards, and so which line a body is first found on).
    node_list: list[Any] = [nodes.changed.get(n.id, n) for n in p.nodes() if n.id not in nodes.removed]
    node_list += [rec for nid, rec in nodes.changed.items() if nid not in p]
    edge_list: list[Any] = [edges.changed.get(e.id, e) for e in p.edges() if e.id not in edges.removed]
    edge_list += [rec for rec in edges.changed.values() if edges.base(rec["id"]) is None]
    try:
        made = build_validated(info, [parse_node(dict(r)) if isinstance(r, dict) else r for r in node_list],
                               [parse_edge(dict(r)) if isinstance(r, dict) else r for r in edge_list])
    except ValidationError:
        made = None
    if made is not None:
        return made
    plain = Location(file=f"{p.info.id} (before the scenario)")
    try:
        return build_partnership(info, [(r, w.where.get(r["id"], plain) if isinstance(r, dict) else plain)
                                        for r in node_list],
                                 [(r, w.where.get(r["id"], plain) if isinstance(r, dict) else plain)
                                  for r in edge_list])
    except InvalidPartnership as err:
        raise InvalidScenario([_schema_problem(q) for q in err.problems]) from None


def _schema_problem(q: Problem) -> Problem:
    """A schema problem of the changed partnership, said to be what the scenario would make."""
    return replace(q, message=f"the changed partnership would break the schema: {q.message}")


# -- each kind of change ----------------------------------------------------------------------


def _decommission(w: _Work, c: Decommission) -> None:
    last = c.from_ - _DAY
    for value in c.services:
        sid = w.ref(value, "services", NodeType.SERVICE)
        if sid is None or not w.claim(sid, "stop", "services"):
            continue
        rec = w.nodes[sid]
        ends = dt.date.fromisoformat(rec["end_date"]) if rec.get("end_date") else None
        if rec.get("status") == "decommissioned" and ends is None:
            w.problem(Rule.INVALID_VALUE, f"'{sid}' is already decommissioned", "services", "an active or planned "
                      "service")
            continue
        if ends is not None and ends < last:
            w.problem(Rule.INVALID_VALUE, f"'{sid}' already ends on {ends.isoformat()}, before {c.from_.isoformat()}",
                      "from", f"a day on or before {(ends + _DAY).isoformat()}")
            continue
        rec.update(status="decommissioned", end_date=last.isoformat())
        w.mark(rec, "services")
        for flow in w.in_edges(sid, "FUNDS"):
            if not flow.get("valid_to") or dt.date.fromisoformat(flow["valid_to"]) > last:
                flow["valid_to"] = last.isoformat()
                w.mark(flow, "from", assumed=w.rests_on_assumption(flow["id"], flow["from"]))


def _commission(w: _Work, c: Commission) -> None:
    if c.id in w.nodes or c.id in w.universe:
        used = w.nodes[c.id] if c.id in w.nodes else dump_record(w.universe.node(c.id))
        w.problem(Rule.DUPLICATE_ID, f"node id '{c.id}' is already used by {used['type']} '{used['name']}'", "id",
                  "a new id")
        return
    node: dict[str, Any] = {"id": c.id, "type": "Service", "name": c.name, "status": "active"}
    if c.tier is not None:
        node["tier"] = c.tier
    if c.from_ is not None:
        node["start_date"] = c.from_.isoformat()
    if c.description:
        node["description"] = c.description
    w.nodes[c.id] = w.mark(node, "id")
    w.claims[c.id] = (w.index + 1, "commission")
    start = c.from_.isoformat() if c.from_ else None
    for kind, name, values in (("CONTRIBUTES_TO", "outcomes", c.outcomes), ("TARGETS", "cohorts", c.cohorts),
                               ("SERVES", "localities", c.localities)):
        for value in values:
            nid = w.ref(value, name)
            if nid is not None:
                w.add_edge(kind, c.id, nid, name)
    if c.commissioner is not None and (who := w.ref(c.commissioner, "commissioner")) is not None:
        w.add_edge("COMMISSIONS", who, c.id, "commissioner", lifetime_value=c.contract_value, valid_from=start)
    if c.provider is not None and (who := w.ref(c.provider, "provider")) is not None:
        w.add_edge("DELIVERS", who, c.id, "provider", valid_from=start)
    if c.budget is not None and (bid := w.ref(c.budget, "budget", NodeType.BUDGET)) is not None:
        w.add_edge("FUNDS", bid, c.id, "budget", amount=c.amount, valid_from=start,
                   assumed=w.rests_on_assumption(bid))
    elif c.amount is not None:
        w.problem(Rule.MISSING_FIELD, "an amount needs the 'budget' that pays it", "amount", "budget: BUDGET-ID")


def _reroute(w: _Work, c: Reroute) -> None:
    src = w.ref(c.out_of, "out_of", NodeType.BUDGET, NodeType.SERVICE)
    dst = w.ref(c.into, "into", NodeType.BUDGET, NodeType.SERVICE)
    if src is None or dst is None:
        return
    if src == dst:
        w.problem(Rule.INVALID_VALUE, f"money would leave and reach '{src}'", "into", "another budget or service")
        return
    for nid, name in ((src, "out_of"), (dst, "into")):
        if w.nodes[nid]["type"] == "Service" and nid in w.claims and w.claims[nid][1] == "stop":
            w.claim(nid, "re-route", name, against=("stop",))
            return
    start = c.from_.isoformat() if c.from_ else None
    if w.nodes[src]["type"] == "Service":
        flows = [f for f in w.in_edges(src, "FUNDS") if not f.get("valid_to")]
        if c.budget is not None:
            bid = w.ref(c.budget, "budget", NodeType.BUDGET)
            flows = [f for f in flows if f["from"] == bid]
        if len(flows) != 1:
            names = ", ".join(sorted({f["from"] for f in flows})) or "none recorded"
            w.problem(Rule.INVALID_VALUE, f"'{src}' is paid by {len(flows)} budget flows ({names}); a re-route out "
                      "of a service needs one", "budget" if c.budget else "out_of",
                      "a service with one budget flow, or 'budget' naming one")
            return
        flow = flows[0]
        there = flow.get("amount")
        if there is None:
            w.problem(Rule.INVALID_VALUE, f"the flow from '{flow['from']}' into '{src}' records no amount, so "
                      "nothing is known to move", "out_of", "a flow with an amount, or an 'assume' change first")
            return
        if c.amount > there:
            w.problem(Rule.INVALID_VALUE, f"a re-route of {format_money(c.amount)} is larger than the "
                      f"{format_money(there)} a year '{flow['from']}' pays '{src}'", "amount",
                      f"at most {format_money(there)}")
            return
        assumed = w.rests_on_assumption(flow["id"], flow["from"])
        flow["amount"] = there - c.amount
        w.mark(flow, "amount", assumed=assumed)
        budget = flow["from"]
    else:
        budget = src
        there = w.nodes[src].get("amount")
        if there is None:
            w.problem(Rule.INVALID_VALUE, f"budget '{src}' records no amount, so nothing is known to move",
                      "out_of", "a budget with an amount, or an 'assume' change stating one")
            return
        paid = sum(f.get("amount") or 0 for f in w.out_edges(src, "FUNDS") if not f.get("valid_to"))
        free = there - paid if w.nodes[dst]["type"] == "Service" else there
        if c.amount > free:
            w.problem(Rule.INVALID_VALUE, f"a re-route of {format_money(c.amount)} is larger than the "
                      f"{format_money(free)} budget '{src}' holds" + (" not already paid out" if paid else ""),
                      "amount", f"at most {format_money(free)}")
            return
        assumed = w.rests_on_assumption(src)
        if w.nodes[dst]["type"] == "Budget":
            w.nodes[src]["amount"] = there - c.amount
            w.mark(w.nodes[src], "amount", assumed=assumed)
    w.claim(src, "re-route", "out_of", against=("stop",))
    if w.nodes[dst]["type"] == "Service":
        into = [f for f in w.in_edges(dst, "FUNDS") if f["from"] == budget and not f.get("valid_to")]
        if into:
            flow = into[0]
            flow["amount"] = None if flow.get("amount") is None else flow["amount"] + c.amount
            w.mark(flow, "amount", assumed=assumed or w.rests_on_assumption(flow["id"]))
        else:
            w.add_edge("FUNDS", budget, dst, "into", assumed=assumed, amount=c.amount, valid_from=start)
    else:
        rec = w.nodes[dst]
        if rec.get("amount") is not None:
            rec["amount"] = rec["amount"] + c.amount
        w.mark(rec, "into", assumed=assumed or w.rests_on_assumption(dst))


def _pool(w: _Work, c: Pool) -> None:
    bid = w.ref(c.budget, "budget", NodeType.BUDGET)
    if bid is None:
        return
    rec = w.nodes[bid]
    rec["kind"] = c.kind.value
    if c.legal_basis:
        rec["legal_basis"] = c.legal_basis
    if c.from_ is not None and not rec.get("valid_from"):  # the pool is in place from that day
        rec["valid_from"] = c.from_.isoformat()
    w.mark(rec, "kind", assumed=w.rests_on_assumption(bid))
    for n, given in enumerate(c.contributions):
        name = f"contributions[{n}]"
        pid = w.ref(given.partner, name, NodeType.PARTNER)
        if pid is None:
            continue
        existing = [e for e in w.in_edges(bid, "CONTRIBUTES") if e["from"] == pid]
        if existing:
            flow = existing[0]
            if given.amount is not None:  # the scenario states the amount: no longer the data's guess of one
                flow["amount"] = given.amount
                flow.pop("assumed", None)
                flow["description"] = f"Stated by the scenario: {format_money(given.amount)}" + (
                    f" ({given.period})" if given.period else "") + "."
            if given.period:
                flow["period"] = given.period
            w.mark(flow, name)
        else:
            w.add_edge("CONTRIBUTES", pid, bid, name, amount=given.amount, period=given.period,
                       valid_from=c.from_.isoformat() if c.from_ else None)


def _assume(w: _Work, c: Assume) -> None:
    nid = w.ref(c.node, "node", NodeType.BUDGET, NodeType.SERVICE)
    if nid is None or not w.claim(nid, "assume", "node", against=("assume",)):
        return
    rec = w.nodes[nid]
    key = "amount" if rec["type"] == "Budget" else "annual_cost"
    if rec.get(key) is not None:
        w.problem(Rule.INVALID_VALUE, f"'{nid}' already records {key} {format_money(rec[key])}; an assumption "
                  "states only what the data lacks", "node", f"a budget or service with no {key} recorded")
        return
    rec[key] = c.amount
    if c.period and rec["type"] == "Budget":
        rec["period"] = c.period
    note = f"Assumed by the scenario: {format_money(c.amount)} a year" + (f" ({c.description})" if c.description else "")
    rec["description"] = f"{rec['description']} {note}." if rec.get("description") else f"{note}."
    w.mark(rec, "amount", assumed=True)


def _move(w: _Work, c: Move) -> None:
    body = w.ref(c.body, "body", NodeType.BOARD, NodeType.SUBGROUP, NodeType.UNIT)
    parent = w.ref(c.to, "to", NodeType.BOARD, NodeType.SUBGROUP)
    if body is None or parent is None or not w.claim(body, "move", "body", against=("move", "merge")):
        return
    old = [e for e in w.out_edges(body, c.link) if not e.get("valid_to")]
    if any(e["to"] == parent for e in old):
        w.problem(Rule.INVALID_VALUE, f"'{body}' is already {c.link} '{parent}'", "to", "a new parent")
        return
    start = c.from_.isoformat() if c.from_ else None
    _end_edges(w, old, c.from_)
    w.add_edge(c.link, body, parent, "to", valid_from=start)


def _merge(w: _Work, c: Merge) -> None:
    body = w.ref(c.body, "body", NodeType.BOARD, NodeType.SUBGROUP, NodeType.UNIT, NodeType.PARTNER)
    into = w.ref(c.into, "into", NodeType.BOARD, NodeType.SUBGROUP, NodeType.UNIT, NodeType.PARTNER)
    if body is None or into is None:
        return
    if body == into:
        w.problem(Rule.INVALID_VALUE, f"'{body}' cannot merge into itself", "into", "another body")
        return
    kinds = {w.nodes[body]["type"], w.nodes[into]["type"]}
    if len(kinds) > 1 and not kinds <= {"Board", "SubGroup"}:  # a sub-group may merge into a board, and back
        w.problem(Rule.INVALID_VALUE, f"'{body}' is a {w.nodes[body]['type']} and '{into}' a "
                  f"{w.nodes[into]['type']}", "into", f"a {w.nodes[body]['type']}" + (
                      ", or a Board or SubGroup" if w.nodes[body]["type"] in ("Board", "SubGroup") else ""))
        return
    if not w.claim(body, "merge", "body"):
        return
    # A passed link runs to or from the body kept, so only that body's own links can repeat it.
    kept = {(e["type"], e["from"], e["to"]) for e in w.out_edges(into) + w.in_edges(into)
            if body not in (e["from"], e["to"])}
    for e in w.out_edges(body) + [e for e in w.in_edges(body) if e["from"] != body]:
        w.drop_edge(e["id"])
        ends = (into if e["from"] == body else e["from"], into if e["to"] == body else e["to"])
        key = (e["type"], *ends)
        if ends[0] == ends[1] or key in kept:
            continue
        kept.add(key)
        fields = {k: v for k, v in e.items() if k not in ("id", "type", "from", "to", "source")}
        w.add_edge(e["type"], ends[0], ends[1], "into", **fields)
    del w.nodes[body]
    w.removed[body] = w.index + 1
    w.merged[body] = (into, w.index + 1)
    w.mark(w.nodes[into], "into")


def _join(w: _Work, c: Join) -> None:
    member = w.ref(c.member, "member", NodeType.PARTNER, NodeType.POST)
    body = w.ref(c.body, "body", NodeType.BOARD, NodeType.SUBGROUP)
    if member is None or body is None:
        return
    if any(e["to"] == body for e in w.out_edges(member, "MEMBER_OF")):
        w.problem(Rule.INVALID_VALUE, f"'{member}' is already a member of '{body}'", "member", "a new membership")
        return
    w.add_edge("MEMBER_OF", member, body, "member", role=c.role.value,
               valid_from=c.from_.isoformat() if c.from_ else None)


def _leave(w: _Work, c: Leave) -> None:
    member = w.ref(c.member, "member", NodeType.PARTNER, NodeType.POST)
    body = w.ref(c.body, "body", NodeType.BOARD, NodeType.SUBGROUP)
    if member is None or body is None:
        return
    seats = [e for e in w.out_edges(member, "MEMBER_OF") if e["to"] == body]
    if not seats:
        w.problem(Rule.INVALID_VALUE, f"'{member}' is not a member of '{body}'", "member",
                  "a membership the partnership records")
        return
    _end_edges(w, seats, c.from_)


def _end_edges(w: _Work, edges: list[dict[str, Any]], day: dt.date | None) -> None:
    """End ``edges`` the day before ``day`` (marked as the scenario's change), or drop them when no day is given."""
    for e in edges:
        if day is None:
            w.drop_edge(e["id"])
        else:
            e["valid_to"] = (day - _DAY).isoformat()
            w.mark(e, "from")


_APPLY: dict[type[ChangeBase], Any] = {
    Decommission: _decommission, Commission: _commission, Reroute: _reroute, Pool: _pool, Assume: _assume,
    Move: _move, Merge: _merge, Join: _join, Leave: _leave,
}
