"""Reporting lines through the planning bookcase: up from any node, down from a board, and integrity.

Bodies sit in the structure by three kinds of link, strongest first (the order of
:data:`graph_model.schema.GOVERNANCE_EDGES`):

========== =========================================== ==============================
kind       edge, read upwards                          e.g. (York)
========== =========================================== ==============================
formal     ACCOUNTABLE_TO, followed forwards           the ICG is accountable to the YorOK Board
reporting  REPORTS_TO, followed forwards               the YorOK Board reports to the Without Walls Board
delegation DELEGATES_TO, followed *backwards*: a body  the Health & Wellbeing Board may delegate
           that receives powers from X has X above it  budget decisions to the YorOK Board
========== =========================================== ==============================

**Voice** (INFLUENCES) is not a fourth kind of line. The Youth Council and the
YorOK Board influence each other, a two-way relationship of voice (the Planning
Bookcase annex): neither sits above the other, so influence is followed neither
up nor down. Each answer lists the voice links of the bodies it names apart from
the structure, as a :class:`VoiceLink` read from the body in the structure
(``two-way``, ``influences`` or ``influenced-by``), and
``accountability-integrity`` reports a body linked by voice alone as a voice
forum, not as a body missing a parent.

Other nodes join the structure through where they sit in their organisation: a
service by who COMMISSIONS it (``commissions``); a post by the unit it is PART_OF
(``part-of``), else the partner that EMPLOYS it (``employed-by``); a unit by the
bodies it SUPPORTS (``supports``, besides its own formal, reporting and delegated
links), else the unit or partner it is PART_OF; a partner by the partner it is
PART_OF. So a post's line runs post → its unit or employer → the body that unit
supports → ..., as the Joint Commissioning Unit Manager's runs through the unit that
supports Staffordshire's Children's Trust Board.

**Seats** are not a line. A partner or post that sits on or chairs a body holds a
seat there (MEMBER_OF, CHAIRS), and a partner holds the seats of the posts it
employs: :func:`graph_model.summary.seats`, the one definition the ``network``
query counts too. A seat is membership, not accountability (the PCT partners sit
on the board; they are not accountable to it), so ``reporting-line`` lists the
start's seats apart, each body with its own line upwards, and never climbs by them.
``reports-to`` can still list chairs and members under a body when asked
(``kind``), as who sits there.

``reporting-line``
    From one node upwards. The **line** takes, at each node, the strongest link
    available (formal before reporting before delegation; for a post, its unit
    before its employer) to a node not yet on the line, until there
    is none: the formal line where there is one, continued by the next strongest
    kind where it stops. **Other routes** list every other node above, each with
    the step that first reaches it breadth-first (so each is one step from a node
    on the line or on another route). **Tops** are the nodes above with no link
    further up. **Voice** lists the voice links of the start and of every body
    above it. **Seats** list the bodies a partner or post sits on (see above),
    each with that body's own line. Each call touches only the nodes above the
    start and its seats, through the cached adjacency maps.
``reports-to``
    Everything under a node, as a tree: children by kind (bodies accountable or
    reporting to it, bodies it delegates to; units that support it, chairs,
    members and commissioned services when asked), each node listed once, at its
    shallowest depth. The voice links of the bodies in the tree are listed apart
    (``voice``, and the table's ``voice`` column), never as children. So, by
    default, are the units that support a node of the tree (``support``, and
    table rows of kind ``supports (apart)`` after the tree): support serves a
    body, it does not report to it (York's virtual hub of council finance, HR,
    legal and audit around the Integrated Commissioning Group), so a support
    unit is not counted among the nodes that sit under it, as ``bookcase show``
    does not count it (:data:`graph_model.summary.SUPPORT`). Generated stand-ins
    (Staffordshire's Community & Learning Partnerships) come last among their
    siblings, and the summary counts them in one line rather than naming them.
``accountability-integrity``
    Is every body accountable to exactly one parent, with no loops? Reports boards
    and sub-groups with no formal parent other than the tops (by default the
    partnership's top bodies, :meth:`Partnership.tops`: boards with no
    ACCOUNTABLE_TO and no REPORTS_TO of their own), bodies and units with
    several formal parents, and loops in ACCOUNTABLE_TO and REPORTS_TO together (a
    valid partnership has no loop of formal accountability alone, but reporting
    can loop, or mix with accountability into a loop). A body with no formal
    parent that reports or receives delegated powers is listed with those links;
    a body linked to the rest by voice alone is a voice forum, listed apart
    (``voice_forums``), not as an issue: voice is not a line upwards.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
...     {"id": "ww", "type": "Board", "name": "Without Walls Board"},
...     {"id": "yorok", "type": "Board", "name": "YorOK Board"},
...     {"id": "icg", "type": "SubGroup", "name": "Integrated Commissioning Group"}],
...   edges=[{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "yorok"},
...          {"type": "REPORTS_TO", "from": "yorok", "to": "ww"}])
>>> print(reporting_line(p, ReportingLineParams(node="icg")).summary())
Integrated Commissioning Group is accountable to YorOK Board, which reports to Without Walls Board (the top).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from enum import StrEnum
from operator import attrgetter
from typing import Any, ClassVar, Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from graph_model import BODY_TYPES, EdgeType, NodeType, Partnership
from graph_model.summary import DOWNWARD, SEAT_EDGES, SUPPORT, condition_of, descend, seats
from graph_model.summary import occasional as summary_occasional

from .common import NodeRef, Refs, and_list, kept, node_ref, plural, resolve_nodes, stand_ins
from .registry import QueryParams, QueryResult, register

__all__ = [
    "IntegrityIssue",
    "IntegrityParams",
    "IntegrityResult",
    "LineKind",
    "ReportingLineParams",
    "ReportingLineResult",
    "ReportsToParams",
    "PartSeats",
    "ReportsToResult",
    "SeatsOn",
    "Step",
    "SupportLink",
    "TreeEntry",
    "VoiceLink",
    "accountability_integrity",
    "reporting_line",
    "reports_to",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "reporting-lines"


class LineKind(StrEnum):
    """How one node sits under another, strongest governance link first."""

    FORMAL = "formal"
    REPORTING = "reporting"
    DELEGATION = "delegation"
    SUPPORTS = "supports"
    CHAIRS = "chairs"
    MEMBER = "member"
    COMMISSIONS = "commissions"
    PART_OF = "part-of"
    EMPLOYED = "employed-by"


K = LineKind
#: Each kind's edge type, and the direction to follow it to go *up*.
UPWARDS: dict[LineKind, tuple[EdgeType, Literal["out", "in"]]] = {
    K.FORMAL: (EdgeType.ACCOUNTABLE_TO, "out"),
    K.REPORTING: (EdgeType.REPORTS_TO, "out"),
    K.DELEGATION: (EdgeType.DELEGATES_TO, "in"),
    K.SUPPORTS: (EdgeType.SUPPORTS, "out"),
    K.CHAIRS: (EdgeType.CHAIRS, "out"),
    K.MEMBER: (EdgeType.MEMBER_OF, "out"),
    K.COMMISSIONS: (EdgeType.COMMISSIONS, "in"),
    K.PART_OF: (EdgeType.PART_OF, "out"),
    K.EMPLOYED: (EdgeType.EMPLOYS, "in"),
}
_BODY_CLIMB = (K.FORMAL, K.REPORTING, K.DELEGATION)
#: The kinds each node type climbs by, in order of preference. A seat (chairs, member) is never
#: climbed by: it is membership, listed apart (see the module docstring).
CLIMB: dict[NodeType, tuple[LineKind, ...]] = {
    NodeType.BOARD: _BODY_CLIMB,
    NodeType.SUBGROUP: _BODY_CLIMB,
    NodeType.UNIT: (K.FORMAL, K.REPORTING, K.SUPPORTS, K.DELEGATION, K.PART_OF),
    NodeType.SERVICE: (K.COMMISSIONS,),
    NodeType.POST: (K.PART_OF, K.EMPLOYED),
    NodeType.PARTNER: (K.PART_OF,),
}
#: How a step reads, lower node first ("X is accountable to Y").
PHRASES: dict[LineKind, str] = {
    K.FORMAL: "is accountable to",
    K.REPORTING: "reports to",
    K.DELEGATION: "receives delegated powers from",
    K.SUPPORTS: "supports",
    K.CHAIRS: "chairs",
    K.MEMBER: "sits on",
    K.COMMISSIONS: "is commissioned by",
    K.PART_OF: "is part of",
    K.EMPLOYED: "is employed by",
}
del K


class _Maps(dict[LineKind, dict[str, list[str]]]):
    """Each kind's adjacency map going up, looked up on first use (a start touches only the kinds it climbs by)."""

    def __init__(self, p: Partnership) -> None:
        super().__init__()
        self._p = p

    def __missing__(self, kind: LineKind) -> dict[str, list[str]]:
        et, d = UPWARDS[kind]
        found = self[kind] = self._p.adjacency(et, d)
        return found


class Step(BaseModel):
    """One link in a reporting line: ``below`` sits under ``above`` by ``kind``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    below: NodeRef
    kind: LineKind
    above: NodeRef
    depth: int = Field(description="Steps from the start to ``above``.")
    condition: str | None = Field(None, description="When the link holds only on a condition: a report made "
                                                    "'as necessary', powers that 'may' be delegated.")

    def phrase(self) -> str:
        """How the step reads between its two ends: 'may receive delegated powers from' for powers that may be
        delegated, a reporting link's condition after it ('reports to (as necessary)')."""
        if self.kind is LineKind.DELEGATION and self.condition:
            return "may receive delegated powers from"
        return PHRASES[self.kind]

    def text(self) -> str:
        """The step as a sentence fragment, e.g. 'ICG is accountable to YorOK Board'."""
        return f"{self.below.label} {self.phrase()} {self.above.label}{self.tail()}"

    def tail(self) -> str:
        """The condition of a reporting link, after the body it reaches: ' (when needed)'."""
        return f" ({self.condition})" if self.condition and self.kind is not LineKind.DELEGATION else ""


def _condition(p: Partnership, kind: LineKind, below: str, above: str) -> str | None:
    """The condition on the link ``below`` → ``above`` of ``kind``: a REPORTS_TO's ``condition``, or
    'may be delegated' for a DELEGATES_TO marked ``conditional`` (every such edge between the two, or None)."""
    if kind is LineKind.REPORTING:
        found = [condition_of(e) for e in p.out_edges(below, EdgeType.REPORTS_TO) if e.to == above]
    elif kind is LineKind.DELEGATION:
        found = [condition_of(e) for e in p.out_edges(above, EdgeType.DELEGATES_TO) if e.to == below]
    else:
        return None
    return found[0] if found and all(found) else None


class VoiceLink(BaseModel):
    """Voice between a body in the structure and another body: influence, never a line upwards."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    body: NodeRef = Field(description="The body in the structure (the start, a body above it, or one in the tree).")
    other: NodeRef = Field(description="The body it has a voice link with.")
    way: Literal["two-way", "influences", "influenced-by"] = Field(
        description="Read from ``body``: they influence each other, it influences ``other``, or ``other`` "
                    "influences it.")

    def text(self) -> str:
        """The link as a sentence fragment, e.g. 'YorOK Board and Youth Council influence each other (two-way)'."""
        if self.way == "two-way":
            return f"{self.body.label} and {self.other.label} influence each other (two-way)"
        if self.way == "influences":
            return f"{self.body.label} influences {self.other.label}"
        return f"{self.other.label} influences {self.body.label}"


def _voice(p: Partnership, ref: Refs, bodies: Iterable[str]) -> list[VoiceLink]:
    """The voice links (INFLUENCES either way) of ``bodies``, each pair once, in the order the bodies come."""
    outwards = p.adjacency(EdgeType.INFLUENCES, "out")
    inwards = p.adjacency(EdgeType.INFLUENCES, "in")
    links: list[VoiceLink] = []
    seen: set[frozenset[str]] = set()
    for b in bodies:
        outs, ins = outwards.get(b, ()), inwards.get(b, ())
        if not outs and not ins:
            continue
        for other in dict.fromkeys([*outs, *ins]):
            pair = frozenset((b, other))
            if pair in seen:
                continue
            seen.add(pair)
            way: Literal["two-way", "influences", "influenced-by"] = (
                "two-way" if other in outs and other in ins else "influences" if other in outs else "influenced-by")
            links.append(VoiceLink(body=ref(b), other=ref(other), way=way))
    return links


def _voice_sentence(links: list[VoiceLink], most: int = 8) -> str:
    shown = "; ".join(v.text() for v in links[:most]) + ("; …" if len(links) > most else "")
    return f"Voice (influence between bodies, not a line upwards): {shown}."


# -- reporting-line ------------------------------------------------------------------------


class ReportingLineParams(QueryParams):
    node: str = Field(description="Where to start (id or exact name): a board, sub-group, unit, service, post "
                                  "or partner.")


class SeatsOn(BaseModel):
    """The seats the start holds on one body (:func:`graph_model.summary.seats`), with that body's own line.

    A seat is membership, not a line upwards: the body's line is where the body sits, not
    where the start sits.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    body: NodeRef
    holders: list[NodeRef] = Field(description="Who sits there, one per seat: the start itself, or a post it "
                                               "employs.")
    chairs: list[NodeRef] = Field(default_factory=list, description="Of the holders, those who chair the body.")
    assumed: bool = Field(False, description="True when a link a seat rests on is the project's assumption, not a "
                                             "document's statement.")
    line: list[Step] = Field(default_factory=list, description="The body's own line upwards, strongest link first.")
    at_top: bool = Field(False, description="Whether the body's line ends at a top (nothing above its last node).")


class PartSeats(BaseModel):
    """A partner that is part of the start (a council's directorate) and the seats it holds itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    part: NodeRef
    seats: int = Field(description="Its seats, as :func:`graph_model.summary.seats` counts them.")


class ReportingLineResult(QueryResult):
    start: NodeRef
    line: list[Step] = Field(description="The main line, strongest link first at each step, up to a top.")
    others: list[Step] = Field(description="Every other node above, each with the step that first reaches it.")
    tops: list[NodeRef] = Field(description="Nodes above with no link further up; the line's end first.")
    voice: list[VoiceLink] = Field(default_factory=list, description="Voice links of the start and of the bodies "
                                                                     "above it: influence, not a step upwards.")
    seats: list[SeatsOn] = Field(default_factory=list, description="The bodies a partner or post sits on, by body: "
                                                                   "membership, not a line upwards.")
    part_seats: list[PartSeats] = Field(default_factory=list, description="For a partner, the partners that are part "
                                                                          "of it and hold seats of their own (not "
                                                                          "counted in its seats).")

    columns: ClassVar[tuple[str, ...]] = ("route", "depth", "from", "kind", "to", "to_id")

    @property
    def formal(self) -> bool:
        """Whether the line between bodies is formal accountability all the way."""
        body_steps = [s for s in self.line if s.kind in _BODY_CLIMB]
        return bool(body_steps) and all(s.kind is LineKind.FORMAL for s in body_steps)

    @property
    def seat_count(self) -> int:
        """Seats held, as :func:`graph_model.summary.seats` counts them (and ``network`` with it)."""
        return sum(len(on.holders) for on in self.seats)

    def table(self) -> list[dict[str, Any]]:
        """The line, the other routes (``from`` sits under ``to``), the seats (route ``seat``, each followed by
        the seat's body's own line, route ``seat's body``), then the voice links (route ``voice``)."""
        rows = [{"route": route, "depth": s.depth, "from": s.below.name, "kind": s.kind.value,
                 "to": s.above.name, "to_id": s.above.id}
                for route, steps in (("line", self.line), ("other", self.others)) for s in steps]
        for on in self.seats:
            chairs = {c.id for c in on.chairs}
            rows += [{"route": "seat", "depth": 1, "from": h.name,
                      "kind": LineKind.CHAIRS.value if h.id in chairs else LineKind.MEMBER.value,
                      "to": on.body.name, "to_id": on.body.id} for h in on.holders]
            rows += [{"route": "seat's body", "depth": s.depth + 1, "from": s.below.name, "kind": s.kind.value,
                      "to": s.above.name, "to_id": s.above.id} for s in on.line]
        depth = {self.start.id: 0} | {s.above.id: s.depth for s in [*self.line, *self.others]}
        rows += [{"route": "voice", "depth": depth.get(v.body.id, 0), "from": v.body.name, "kind": f"voice, {v.way}",
                  "to": v.other.name, "to_id": v.other.id} for v in self.voice]
        return rows

    def summary(self) -> str:
        lines: list[str] = []
        if not self.line:
            why = {NodeType.SERVICE: "no commissioner is recorded",
                   NodeType.POST: "no unit it belongs to and no employer is recorded",
                   NodeType.PARTNER: "it is part of no other partner",
                   NodeType.UNIT: "it supports and reports to no body and is part of no partner"}
            occasional = [s for s in self.others if s.condition]
            if occasional:  # only links that hold on a condition: no line, but not nothing either
                head = (f"{self.start.label} has no line above it: only links that hold on a condition "
                        "(" + "; ".join(s.text() for s in occasional[:8]) + ("; …" if len(occasional) > 8 else "")
                        + ")")
            else:
                head = (f"{self.start.label} has nothing above it: "
                        f"{why.get(self.start.type, 'no accountability, reporting or delegation is recorded')}")
            if self.voice and not self.seats and not occasional:
                return f"{head}; it is linked by voice alone.\n{_voice_sentence(self.voice)}"
            lines.append(head + ".")
        else:
            parts = [self.line[0].text()] + [f"which {s.phrase()} {s.above.label}{s.tail()}" for s in self.line[1:]]
            end = self.line[-1].above
            top = ""
            if self.tops and self.tops[0].id == end.id:  # a partner heads an organisation, not the bookcase
                top = " (at the top of its organisation)" if end.type is NodeType.PARTNER else " (the top)"
            lines.append(", ".join(parts) + top + ".")
            if self.others:
                lines.append("Other routes: " + "; ".join(s.text() for s in self.others[:8])
                             + ("; …" if len(self.others) > 8 else "") + ".")
            more_tops = [t.label for t in self.tops if t.id != end.id]
            if more_tops:
                lines.append(f"Other tops reached: {and_list(more_tops)}.")
        if self.seats:
            lines.append(self._seats_sentence())
        elif self.start.type in (NodeType.POST, NodeType.PARTNER):
            lines.append("It holds no seat on any body.")
        if self.part_seats:
            lines.append(self._parts_sentence())
        if self.voice:
            lines.append(_voice_sentence(self.voice))
        return "\n".join(lines)

    def _seats_sentence(self) -> str:
        """The seats as a sentence: who sits on each body, then where that body sits."""
        head = "Seats (membership of a body, not a line of accountability): "
        count = self.seat_count
        if count > 1:
            head += f"{plural(count, 'seat')} on {plural(len(self.seats), 'body', 'bodies')}. "

        def one(on: SeatsOn) -> str:
            posts = [h for h in on.holders if h.id != self.start.id]
            itself = len(posts) < len(on.holders)
            verb = "chairs" if itself and any(c.id == self.start.id for c in on.chairs) else "sits on"
            text = f"{verb} {on.body.label}"
            if posts:
                names = and_list([h.label for h in posts], sep="; ")
                text += f"{' itself and' if itself else ''} through the post{'s' if len(posts) > 1 else ''} " \
                        f"it employs ({names})"
                chairing = [c.label for c in on.chairs if c.id != self.start.id]
                if chairing:
                    text += f", {and_list(chairing, sep='; ')} in the chair"
            if on.assumed:
                text += " (the project's assumption, not a document's statement)"
            return text

        if len(self.seats) <= 3:
            texts = []
            for on in self.seats:
                text = one(on)
                if on.line:
                    steps = [f"{on.line[0].phrase()} {on.line[0].above.label}{on.line[0].tail()}"]
                    steps += [f"which {s.phrase()} {s.above.label}{s.tail()}" for s in on.line[1:]]
                    text += f"; {on.body.label} " + ", ".join(steps) + (" (the top)" if on.at_top else "")
                else:
                    text += ", which has nothing above it"
                texts.append(text)
            return head + "It " + "; it ".join(texts) + "."
        ends = list(dict.fromkeys(on.line[-1].above.label for on in self.seats if on.line))
        text = f"It sits on {and_list([on.body.label for on in self.seats])}"
        assumed = sum(1 for on in self.seats if on.assumed)
        if assumed:
            text += (f" ({'all' if assumed == len(self.seats) else assumed} of them the project's assumption, "
                     "not a document's statement)")
        if ends:
            text += f"; their lines lead up to {and_list(ends)}"
        return head + text + "."

    def _parts_sentence(self) -> str:
        shown = [f"{ps.part.label} ({plural(ps.seats, 'seat')})" for ps in self.part_seats]
        return ("Its parts hold seats of their own, counted apart from its own: "
                + and_list(shown, sep="; ") + ".")


def _upward(p: Partnership, maps: dict[LineKind, dict[str, list[str]]], nid: str) -> list[tuple[LineKind, str]]:
    return [(kind, nxt) for kind in CLIMB.get(p.node(nid).type, ()) for nxt in maps[kind].get(nid, ())]


def _climb(p: Partnership, maps: dict[LineKind, dict[str, list[str]]], ref: Refs, start: str) -> list[Step]:
    """The line from ``start``: at each node the strongest link up to a node not yet on it. A link that holds only
    on a condition (a report 'as necessary', powers that may be delegated) is no line: it is left to the other
    routes."""
    line: list[Step] = []
    on_line, here = {start}, start
    while True:
        nxt = next(((k, n) for k, n in _upward(p, maps, here)
                    if n not in on_line and not _condition(p, k, here, n)), None)
        if nxt is None:
            return line
        kind, above = nxt
        line.append(Step(below=ref(here), kind=kind, above=ref(above), depth=len(line) + 1,
                         condition=_condition(p, kind, here, above)))
        on_line.add(above)
        here = above


def _seats(p: Partnership, maps: dict[LineKind, dict[str, list[str]]], ref: Refs, actor: str) -> list[SeatsOn]:
    """The seats of a partner or post (:func:`graph_model.summary.seats`), by body, each body with its line."""
    by_body: dict[str, list[Any]] = {}
    for seat in seats(p, actor):
        by_body.setdefault(seat.body, []).append(seat)
    assumed = kept(p, "reporting-line: assumed seat links", lambda: frozenset(
        (e.from_, e.to) for et in (*SEAT_EDGES, EdgeType.EMPLOYS) for e in p.edges(et) if e.assumed))
    found = []
    for body, held in by_body.items():
        line = _climb(p, maps, ref, body)
        found.append(SeatsOn(body=ref(body), holders=[ref(s.holder) for s in held],
                             chairs=[ref(s.holder) for s in held if s.chairs],
                             assumed=any((s.holder, body) in assumed or (actor, s.holder) in assumed for s in held),
                             line=line, at_top=bool(line) and not _upward(p, maps, line[-1].above.id)))
    return found


@register("reporting-line", family=FAMILY, purpose="From any body, service, post or unit up to the "
          "top(s): the formal line first, then the other routes; a partner's or post's seats apart.",
          params=ReportingLineParams, result=ReportingLineResult)
def reporting_line(p: Partnership, params: ReportingLineParams) -> ReportingLineResult:
    """Climb from one node to the top(s) of the structure (see the module docstring).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "board", "type": "Board", "name": "Children's Trust Board"},
    ...     {"id": "jcu", "type": "Unit", "name": "Joint Commissioning Unit"},
    ...     {"id": "manager", "type": "Post", "name": "JCU Manager"},
    ...     {"id": "s", "type": "Service", "name": "Short breaks"}],
    ...   edges=[{"type": "SUPPORTS", "from": "jcu", "to": "board"},
    ...          {"type": "COMMISSIONS", "from": "jcu", "to": "s"}, {"type": "PART_OF", "from": "manager", "to": "jcu"}])
    >>> [(s.kind.value, s.above.id) for s in reporting_line(p, ReportingLineParams(node="s")).line]
    [('commissions', 'jcu'), ('supports', 'board')]
    >>> print(reporting_line(p, ReportingLineParams(node="manager")).summary())
    JCU Manager is part of Joint Commissioning Unit, which supports Children's Trust Board (the top).
    It holds no seat on any body.
    """
    start = resolve_nodes(p, [params.node], query="reporting-line", types=CLIMB)[0]
    maps = _Maps(p)
    ref = Refs(p)
    line = _climb(p, maps, ref, start)
    on_line = {start, *(s.above.id for s in line)}
    here = line[-1].above.id if line else start

    others: list[Step] = []
    depth = {start: 0}
    queue = deque([start])
    tops: list[str] = [here] if line and not _upward(p, maps, here) else []
    while queue:
        nid = queue.popleft()
        ups = _upward(p, maps, nid)
        if not ups and nid != start and nid not in tops:
            tops.append(nid)
        for kind, above in ups:
            if above not in depth:
                condition = _condition(p, kind, nid, above)
                depth[above] = depth[nid] + 1
                if not condition:  # a link that holds only on a condition is listed, not followed to a top
                    queue.append(above)
                if above not in on_line:
                    others.append(Step(below=ref(nid), kind=kind, above=ref(above), depth=depth[above],
                                       condition=condition))
    stype = p.node(start).type
    held = _seats(p, maps, ref, start) if stype in (NodeType.POST, NodeType.PARTNER) else []
    parts: list[PartSeats] = []
    if stype is NodeType.PARTNER:
        for part in p.adjacency(EdgeType.PART_OF, "in").get(start, ()):
            if p.node(part).type is NodeType.PARTNER and (count := len(seats(p, part))):
                parts.append(PartSeats(part=ref(part), seats=count))
    voice = _voice(p, ref, [start, *(s.above.id for s in line), *(s.above.id for s in others)])
    return ReportingLineResult(start=ref(start), line=line, others=others, tops=[ref(t) for t in tops], voice=voice,
                               seats=held, part_seats=parts)


# -- reports-to ----------------------------------------------------------------------------


def _down(kind: LineKind) -> tuple[EdgeType, Literal["out", "in"]]:
    """The edge type of ``kind`` and the direction that leads down it."""
    et, up = UPWARDS[kind]
    return et, "in" if up == "out" else "out"


#: By default the tree follows the links that put one node below another in graph_model
#: (:data:`graph_model.summary.DOWNWARD`), so it counts what ``bookcase show`` counts.
_DEFAULT_DOWN = sorted((k for k in LineKind if _down(k) in DOWNWARD), key=lambda k: DOWNWARD.index(_down(k)))
#: How each node type is counted in the summary ("15 bodies and 11 units").
_NOUNS: dict[NodeType, tuple[str, str]] = {NodeType.BOARD: ("body", "bodies"), NodeType.SUBGROUP: ("body", "bodies"),
                                           NodeType.UNIT: ("unit", "units"), NodeType.POST: ("post", "posts"),
                                           NodeType.PARTNER: ("partner", "partners"),
                                           NodeType.SERVICE: ("service", "services")}


class ReportsToParams(QueryParams):
    node: str = Field(description="The board or body at the top of the tree (id or exact name).")
    kind: list[LineKind] = Field(default_factory=lambda: list(_DEFAULT_DOWN),
                                 description="Kinds of link to follow down (repeat for several); by default "
                                             "formal, reporting and delegation, what `bookcase show` counts "
                                             "below a board (voice and support units are listed apart).")
    depth: int | None = Field(None, ge=1, description="Deepest level to list; every level when empty.")


class TreeEntry(BaseModel):
    """One node in the tree under a board, in depth-first order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    node: NodeRef
    depth: int
    kind: LineKind | None = Field(description="How it sits under its parent; None for the root.")
    parent: str | None = Field(description="The parent's id; None for the root.")
    stand_in: bool = Field(False, description="A generated stand-in of a partnership built from documents (listed "
                                              "after its real siblings).")
    generated_link: bool = Field(False, description="The link that places it under its parent is generated.")


class SupportLink(BaseModel):
    """A unit that supports a node of the tree: listed apart, since support is not a line of reporting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit: NodeRef
    supports: NodeRef


class ReportsToResult(QueryResult):
    root: NodeRef
    entries: list[TreeEntry] = Field(description="The tree, depth first: the root, then each child and its subtree.")
    voice: list[VoiceLink] = Field(default_factory=list, description="Voice links of the bodies in the tree, "
                                                                     "listed apart: influence is not a child.")
    support: list[SupportLink] = Field(default_factory=list, description="Units supporting a node of the tree, "
                                                                         "listed apart: support is not reporting, "
                                                                         "so they do not sit under it.")
    occasional: list[Step] = Field(default_factory=list, description="Links into the tree that hold only on a "
                                   "condition (a report 'as necessary', powers that may be delegated), from bodies "
                                   "not in it: listed apart, since they place nothing under the tree.")

    columns: ClassVar[tuple[str, ...]] = ("depth", "name", "kind", "id", "type", "parent", "voice")

    def table(self) -> list[dict[str, Any]]:
        """The tree; each row's ``voice`` names the bodies it has voice links with (not children). Generated stand-ins
        come after the rest (each with its parent); then the support units, apart (kind ``supports (apart)``, no depth: they serve the body named as parent, not under it)."""
        voice: dict[str, list[str]] = {}
        for v in self.voice:
            voice.setdefault(v.body.id, []).append(f"{v.other.name} ({v.way})")
        rows = [{"depth": e.depth, "name": "  " * e.depth + e.node.name, "kind": e.kind.value if e.kind else None,
                 "id": e.node.id, "type": e.node.type.value, "parent": e.parent,
                 "voice": "; ".join(voice.get(e.node.id, ()))}
                for e in sorted(self.entries, key=attrgetter("stand_in"))]  # generated stand-ins after the rest
        rows += [{"depth": None, "name": s.unit.name, "kind": "supports (apart)", "id": s.unit.id,
                  "type": s.unit.type.value, "parent": s.supports.id, "voice": ""} for s in self.support]
        return rows

    def children(self, node_id: str) -> list[TreeEntry]:
        """The entries directly under ``node_id``."""
        return [e for e in self.entries if e.parent == node_id]

    def summary(self) -> str:
        below = self.entries[1:]
        voice = [_voice_sentence(self.voice)] if self.voice else []
        support = [_support_sentence(self.support)] if self.support else []
        if self.occasional:
            support.append("Linked only on a condition, so not placed under it: "
                           + and_list([s.text() for s in self.occasional], sep="; ") + ".")
        if not below:
            return "\n".join([f"Nothing sits under {self.root.label}.", *voice, *support])
        direct = self.children(self.root.id)
        by_kind = []
        for kind in LineKind:
            these = [e for e in direct if e.kind is kind]
            if not these:
                continue
            real = [e.node.label for e in these if not e.stand_in]
            made = len(these) - len(real)
            by_kind.append(f"{kind.value}: " + and_list(
                real + ([plural(made, "generated stand-in")] if made else []), most=8 + bool(made)))
        levels = max(e.depth for e in below)
        counts: dict[tuple[str, str], int] = {}
        for e in below:
            noun = _NOUNS.get(e.node.type, (e.node.type.value.lower(), e.node.type.value.lower() + "s"))
            counts[noun] = counts.get(noun, 0) + 1
        parts = and_list([plural(n, one, many) for (one, many), n in counts.items()])
        lines = [f"Directly under {self.root.label} ({len(direct)}): " + "; ".join(by_kind) + ".",
                 f"In all {len(below)} {'nodes sit' if len(below) != 1 else 'node sits'} under it, "
                 f"{levels} level{'s' if levels != 1 else ''} deep: {parts}."]
        made_up = [e for e in below if e.stand_in]
        if made_up:
            n = len(made_up)
            every = (f"All {n}" if n == len(below) else f"{n} of them") if n > 1 else "One"
            lines.append(f"{every} ({_stand_in_names(made_up)}) {'is a generated stand-in' if n == 1 else 'are generated stand-ins'}: "
                         "the project made them up for what a document only counts"
                         + ("; which body each sits under is generated too"
                            if any(e.generated_link for e in made_up) else "")
                         + ". The table lists them last.")
        return "\n".join(lines + voice + support)


@register("reports-to", family=FAMILY, purpose="Everything under a board, as a tree with children by "
          "kind of link.", params=ReportsToParams, result=ReportsToResult)
def reports_to(p: Partnership, params: ReportsToParams) -> ReportsToResult:
    """The tree of everything under one node (see the module docstring).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "yorok", "type": "Board", "name": "YorOK Board"},
    ...     {"id": "icg", "type": "SubGroup", "name": "ICG"},
    ...     {"id": "icn", "type": "SubGroup", "name": "Integrated Commissioning Network"}],
    ...   edges=[{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "yorok"},
    ...          {"type": "REPORTS_TO", "from": "icn", "to": "icg"}])
    >>> [(e.depth, e.node.id, e.kind and e.kind.value) for e in reports_to(p, ReportsToParams(node="yorok")).entries]
    [(0, 'yorok', None), (1, 'icg', 'formal'), (2, 'icn', 'reporting')]
    """
    root = resolve_nodes(p, [params.node], query="reports-to")[0]
    kinds = [k for k in LineKind if k in set(params.kind)]
    placed = descend(p, root, [_down(k) for k in kinds], depth=params.depth)
    extras = stand_ins(p)
    children: dict[str, list[str]] = {}
    for nid, at in placed.items():
        if at.parent is not None:
            children.setdefault(at.parent, []).append(nid)
    made_links = _generated_links(p, placed, kinds) if extras and not extras.isdisjoint(placed) else frozenset()
    ref = Refs(p)
    entries: list[TreeEntry] = []
    stack = [root]
    while stack:
        nid = stack.pop()
        at = placed[nid]
        entries.append(TreeEntry(node=ref(nid), depth=at.depth, kind=None if at.step is None else kinds[at.step],
                                 parent=at.parent, stand_in=nid in extras, generated_link=nid in made_links))
        stack.extend(reversed(sorted(children.get(nid, []), key=extras.__contains__)))  # stand-ins last
    support: list[SupportLink] = []
    if LineKind.SUPPORTS not in kinds:
        helpers = p.adjacency(*SUPPORT)
        support = [SupportLink(unit=ref(u), supports=ref(e.node.id))
                   for e in entries for u in helpers.get(e.node.id, ()) if u not in placed]
    occasional = [Step(below=ref(a), kind=LineKind.DELEGATION if c == "may be delegated" else LineKind.REPORTING,
                       above=ref(b), depth=placed[b].depth + 1, condition=c)
                  for a, b, c in summary_occasional(p, list(placed)) if a not in placed]
    return ReportsToResult(root=ref(root), entries=entries, voice=_voice(p, ref, (e.node.id for e in entries)),
                           support=support, occasional=occasional)


def _generated_links(p: Partnership, placed: dict[str, Any], kinds: list[LineKind]) -> frozenset[str]:
    """The nodes of the tree whose link to their parent (the edge that placed them) is generated."""
    found = set()
    for i, kind in enumerate(kinds):
        et, down = _down(kind)
        for e in p.edges(et):
            if not e.generated:
                continue
            parent, child = (e.to, e.from_) if down == "in" else (e.from_, e.to)
            at = placed.get(child)
            if at is not None and at.parent == parent and at.step == i:
                found.add(child)
    return frozenset(found)


def _stand_in_names(entries: list[TreeEntry]) -> str:
    """A short name for a run of stand-ins: the first and last (or the one), not every name."""
    names = sorted(e.node.label for e in entries)
    return names[0] if len(names) == 1 else f"{names[0]} … {names[-1]}"


def _support_sentence(links: list[SupportLink]) -> str:
    """Support units, apart from the tree: which body each serves."""
    by_body: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for s in links:
        by_body.setdefault(s.supports.id, []).append(s.unit.label)
        names[s.supports.id] = s.supports.label
    units = len({s.unit.id for s in links})
    parts = [f"{names[b]}: {and_list(us, sep='; ', most=12)}" for b, us in by_body.items()]
    return (f"Support, listed apart (units that serve a body, not a line of reporting, so not counted as under it): "
            f"{plural(units, 'unit')}. " + ". ".join(parts) + ".")


# -- accountability-integrity -----------------------------------------------------------------


class IntegrityParams(QueryParams):
    node: list[str] = Field(default_factory=list, description="The top bodies (ids or exact names); by default "
                                                              "every board with no ACCOUNTABLE_TO or REPORTS_TO.")


class IntegrityIssue(BaseModel):
    """One break in the rule "every body accountable to exactly one parent, no loops"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    problem: Literal["no-formal-parent", "several-formal-parents", "loop"]
    node: NodeRef
    related: list[NodeRef] = Field(description="The formal parents, the other links upwards, or the loop's nodes.")
    detail: str


class IntegrityResult(QueryResult):
    tops: list[NodeRef]
    bodies_checked: int
    issues: list[IntegrityIssue]
    voice_forums: list[NodeRef] = Field(default_factory=list, description="Bodies linked to the rest by voice "
                                                                          "(INFLUENCES) alone: no formal parent is "
                                                                          "expected, so they are not issues.")
    stand_in_issues: int = Field(0, description="Of the issues, those on generated stand-ins of a partnership "
                                                "built from documents.")
    independent: list[NodeRef] = Field(default_factory=list, description="Bodies the data says stand on their own "
                                                                         "by design (independent): no formal parent "
                                                                         "is expected, so they are not issues.")

    stand_ins: list[str] = Field(default_factory=list, description="Ids of the bodies listed that are generated "
                                                                   "stand-ins (summarised in one line, listed last).")

    columns: ClassVar[tuple[str, ...]] = ("problem", "id", "name", "detail")

    def table(self) -> list[dict[str, Any]]:
        made = set(self.stand_ins)
        return [{"problem": i.problem, "id": i.node.id, "name": i.node.name, "detail": i.detail}
                for i in sorted(self.issues, key=lambda i: i.node.id in made)]

    def summary(self) -> str:
        tops = and_list([t.label for t in self.tops]) or "none"
        head = f"Checked {self.bodies_checked:,} bodies; tops: {tops}."
        voice = ([f"Voice forums, linked to the rest by influence alone (no formal parent is expected of them): "
                  f"{and_list([v.label for v in self.voice_forums])}."] if self.voice_forums else [])
        voice += ([f"Standing on their own by design (the data marks them independent; no formal parent is "
                   f"expected): {and_list([v.label for v in self.independent])}."] if self.independent else [])
        if not self.issues:
            others = "Every other body but those" if voice else "Every other body"
            return "\n".join([f"{head} {others} is accountable to exactly one parent, and nothing loops.", *voice])
        lines = [head]
        made = set(self.stand_ins)
        real = [i for i in self.issues if i.node.id not in made]
        orphans = [i for i in real if i.problem == "no-formal-parent"]
        linked = [i.node.label for i in orphans if i.related]
        loose = [i.node.label for i in orphans if not i.related]
        if linked:
            lines.append(f"{len(linked)} with no formal parent recorded, linked upwards only by reporting or "
                         f"delegated powers: {and_list(linked)}.")
        if loose:
            lines.append(f"{len(loose)} with no formal parent and no link upwards at all: {and_list(loose)}.")
        several = [i.node.label for i in real if i.problem == "several-formal-parents"]
        if several:
            lines.append(f"{len(several)} with more than one formal parent: {and_list(several)}.")
        loops = [i.detail for i in real if i.problem == "loop"]
        if loops:
            lines.append(f"{plural(len(loops), 'loop')}: " + "; ".join(loops[:5]) + ("; …" if len(loops) > 5 else "")
                         + ".")
        if self.stand_in_issues:
            fake = sorted(i.node.label for i in self.issues if i.node.id in made)
            span = fake[0] if len(fake) == 1 else f"{fake[0]} … {fake[-1]}"
            kinds = and_list(sorted({_PROBLEM_TEXT[i.problem] for i in self.issues if i.node.id in made}))
            lines.append(f"{'Besides these, ' if real else ''}{self.stand_in_issues} generated stand-in"
                         f"{'s' if self.stand_in_issues != 1 else ''} ({span}), made up by the project for what a "
                         f"document only counts: {kinds}; the table lists them last.")
        return "\n".join(lines + voice)


#: How each kind of issue reads in the one line that sums up the generated stand-ins.
_PROBLEM_TEXT = {"no-formal-parent": "no formal parent recorded", "several-formal-parents": "more than one formal parent",
                 "loop": "in a loop"}


@register("accountability-integrity", family=FAMILY, purpose="Bodies with no formal parent or several, "
          "and loops in accountability and reporting.", params=IntegrityParams, result=IntegrityResult)
def accountability_integrity(p: Partnership, params: IntegrityParams) -> IntegrityResult:
    """Check that every body is accountable to exactly one parent, with no loops (see the module docstring).

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "a", "type": "Board", "name": "A"}, {"id": "b", "type": "Board", "name": "B"},
    ...     {"id": "g", "type": "SubGroup", "name": "G"}],
    ...   edges=[{"type": "ACCOUNTABLE_TO", "from": "g", "to": "a"}, {"type": "ACCOUNTABLE_TO", "from": "g", "to": "b"}])
    >>> [(i.problem, i.node.id) for i in accountability_integrity(p, IntegrityParams()).issues]
    [('several-formal-parents', 'g')]
    """
    formal = p.adjacency(EdgeType.ACCOUNTABLE_TO, "out")
    reporting = p.adjacency(EdgeType.REPORTS_TO, "out")
    delegators = p.adjacency(EdgeType.DELEGATES_TO, "in")
    voiced = p.adjacency(EdgeType.INFLUENCES, "out").keys() | p.adjacency(EdgeType.INFLUENCES, "in").keys()
    bodies = [n.id for n in p.nodes(*sorted(BODY_TYPES))]
    if params.node:
        tops = resolve_nodes(p, params.node, query="accountability-integrity", types=BODY_TYPES)
    else:
        tops = p.tops()
    top_set = set(tops)

    issues: list[IntegrityIssue] = []
    voice_forums: list[str] = []
    independent: list[str] = []
    for b in bodies:
        if b in top_set or formal.get(b):
            continue
        if getattr(p.node(b), "independent", None):  # stands on its own by design: not a gap
            independent.append(b)
            continue
        links = [(LineKind.REPORTING, x) for x in reporting.get(b, ())]
        links += [(LineKind.DELEGATION, x) for x in delegators.get(b, ())]
        if not links and b in voiced:  # voice is not a line upwards: a voice forum needs no parent
            voice_forums.append(b)
            continue
        name = p.node(b).name
        if links:
            detail = "; ".join(Step(below=node_ref(p, b), kind=k, above=node_ref(p, x), depth=1,
                                    condition=_condition(p, k, b, x)).text() for k, x in links)
        else:
            detail = f"{name} has no link upwards at all"
        issues.append(IntegrityIssue(problem="no-formal-parent", node=node_ref(p, b),
                                     related=[node_ref(p, x) for _, x in links], detail=detail))

    for n in [*bodies, *(u.id for u in p.nodes(NodeType.UNIT))]:
        parents = list(dict.fromkeys(formal.get(n, ())))
        if len(parents) > 1:
            names = and_list([p.node(x).name for x in parents])
            issues.append(IntegrityIssue(problem="several-formal-parents", node=node_ref(p, n),
                                         related=[node_ref(p, x) for x in parents],
                                         detail=f"{p.node(n).name} is accountable to {names}"))

    g: nx.DiGraph = nx.DiGraph()
    g.add_edges_from((a, b) for adj in (formal, reporting) for a, targets in adj.items() for b in targets)
    order = {n.id: i for i, n in enumerate(p.nodes())}
    for scc in sorted(nx.strongly_connected_components(g), key=lambda c: min(order[x] for x in c)):
        if len(scc) < 2:
            continue
        first = min(scc, key=order.__getitem__)
        cycle = [u for u, _ in nx.find_cycle(g.subgraph(scc), source=first)]
        steps = [(u, cycle[(i + 1) % len(cycle)]) for i, u in enumerate(cycle)]
        parts = [f"{PHRASES[LineKind.FORMAL if v in formal.get(u, ()) else LineKind.REPORTING]} {p.node(v).name}"
                 for u, v in steps]
        text = f"{p.node(cycle[0]).name} " + ", which ".join(parts)
        issues.append(IntegrityIssue(problem="loop", node=node_ref(p, first),
                                     related=[node_ref(p, x) for x in cycle], detail=text))
    extras = stand_ins(p) if any(p.node(i.node.id).generated for i in issues) else frozenset()
    return IntegrityResult(tops=[node_ref(p, t) for t in tops], bodies_checked=len(bodies), issues=issues,
                           voice_forums=[node_ref(p, v) for v in voice_forums],
                           stand_in_issues=sum(1 for i in issues if i.node.id in extras),
                           stand_ins=list(dict.fromkeys(i.node.id for i in issues if i.node.id in extras)),
                           independent=[node_ref(p, b) for b in independent])
