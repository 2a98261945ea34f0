"""Commissioning maturity: where a partnership stands on the journey from weak to intelligent commissioning.

Staffordshire's Joint Commissioning Framework (2010, section 5, "An intelligent commissioning
approach") describes four stages a partnership passes through: **weak** (led by history and by
providers, with little challenge), **adequate** (firm control of the contracts it holds, but
commissioning seen narrowly as buying), **effective** (talking with communities about the pattern
of services, shaping how delivery is organised, redesigning services, personalisation steered by
commissioners) and **intelligent** (getting the most from the whole local public budget, driven
by outcomes, with users and communities given real power, some of them commissioning).

The ``maturity`` query scores a partnership against a rubric of criteria
(:data:`CRITERIA`), each placed at one of the three stages above weak, from what the graph
records. Each criterion says what it measures, the evidence it used (counts and the nodes
behind them), what is missing, and a verdict:

* **met** - the records show it;
* **not met** - the records show it is not so;
* **cannot tell** - the records cannot settle it: nothing is recorded to judge, amounts are
  not recorded, or the partnership's file declares that its services are only the documents'
  examples (``coverage.services: examples``) or that its money is recorded in part or not at
  all (``coverage.money: partial | none``), so what is recorded is not the whole picture.

One rule holds for every criterion: **a shortfall among what the documents happen to record
is "cannot tell"**. A link, an indicator, a tender or a contract's dates that the data does
not hold may be the documents' silence, not something missing in the partnership, so a
shortfall is *not met* only when the file declares its records complete (or says nothing of
its coverage, and is judged as though complete), or when the failure is itself recorded (a
contract over the threshold recorded as not tendered). A shortfall that rests on the
project's own reading (an ``assumed`` link) cannot tell either.

Rules of three kinds turn evidence into a verdict:

``share``
    at least a stated share of the items must pass (three in four services linked to an
    outcome). Worked out over a sample (the documents' examples) it cannot tell: a sample's
    share says nothing of the whole.
``every``
    every item must pass (every decommissioning decision records its evidence). One item
    recorded as failing is enough to say *not met*, even in a sample; with none failing in a
    sample it cannot tell.
``some``
    at least one item must pass (a voice forum with a two-way link to a board). One item
    that passes is enough to say *met*, even in a sample; with none in a sample it cannot
    tell.

Nothing to judge (no contract, no decision, no voice forum recorded) is always *cannot
tell*, never a pass or a failure.

**The stage reached** is the highest stage whose criteria, and those of every stage below
it, are all met; weak is where the journey starts, so a partnership that shows no more is
"not shown beyond weak", which is not a finding that it commissions weakly. A criterion the
data cannot tell is neither a pass nor a failure: it stops a stage being *shown* as
reached, but does not rule it out. So the answer gives a second stage beside it, the
highest stage **not ruled out** (no criterion of it or below it is *not met*): the stage
the partnership would reach if everything the data cannot tell were met.

A partnership whose file declares nothing about its coverage (a synthetic partnership,
for one) is judged as though its records were complete, and each criterion says so.

Examples
--------
>>> from graph_model import Partnership
>>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
...     {"id": "board", "type": "Board", "name": "Trust Board"},
...     {"id": "youth", "type": "SubGroup", "name": "Youth Council", "kind": "forum"}],
...   edges=[{"type": "INFLUENCES", "from": "youth", "to": "board"},
...          {"type": "INFLUENCES", "from": "board", "to": "youth"}])
>>> r = maturity(p, MaturityParams())
>>> r.verdict("voice-two-way").value, r.stage.value, r.ceiling.value
('met', 'weak', 'intelligent')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph_model import BODY_TYPES, TENDER_THRESHOLD, EdgeType, NodeType, Partnership
from graph_model.models import BudgetKind, CommissioningLevel, CommissioningScale, DecisionKind, Sector
from graph_model.timeframe import answering_day

from .common import NodeRef, Refs, active_service_ids, and_list, counted, format_money, wider
from .money import money_edges, periods_note, unrecorded_pools
from .registry import QueryParams, QueryResult, register

__all__ = [
    "CRITERIA",
    "STAGE_MEANING",
    "Criterion",
    "CriterionResult",
    "MaturityParams",
    "MaturityResult",
    "Stage",
    "StageResult",
    "Verdict",
    "maturity",
    "rubric_markdown",
]

#: The question family this module answers (one of :data:`queries.registry.FAMILIES`).
FAMILY = "commissioning-maturity"


class Stage(StrEnum):
    """The four stages of the journey, in order."""

    WEAK = "weak"
    ADEQUATE = "adequate"
    EFFECTIVE = "effective"
    INTELLIGENT = "intelligent"


#: Each stage in a few words of the project's own (Staffordshire framework, section 5).
STAGE_MEANING: dict[Stage, str] = {
    Stage.WEAK: "led by history and by providers, with little challenge",
    Stage.ADEQUATE: "firm control of existing contracts; commissioning seen as buying",
    Stage.EFFECTIVE: "communities engaged on the pattern of services; delivery shaped and services redesigned",
    Stage.INTELLIGENT: "the whole local public budget, driven by outcomes, users and communities empowered",
}

_ORDER = list(Stage)


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    CANNOT_TELL = "cannot tell"


Rule = Literal["share", "every", "some"]


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric: its stage, what it measures, the rule that judges it, and where it comes from."""

    code: str
    stage: Stage
    title: str
    measures: str
    rule: Rule
    source: str
    threshold: float | None = None
    needs_text: str = ""

    def needs(self) -> str:
        """What passing takes, in words."""
        if self.needs_text:
            return self.needs_text
        if self.rule == "share":
            return f"at least {self.threshold:.0%}" if self.threshold is not None else "a share"
        return {"every": "every one", "some": "at least one"}[self.rule]


_FRAMEWORK = "Staffordshire Joint Commissioning Framework"

#: The rubric, stage by stage. Thresholds are the project's reading: the documents give the journey, not figures.
CRITERIA: dict[str, Criterion] = {c.code: c for c in (
    Criterion("commissioner-recorded", Stage.ADEQUATE, "Services with a commissioner",
              "Share of active services with a commissioner recorded (COMMISSIONS), not only a provider.",
              "share", f"{_FRAMEWORK}, section 5 (the journey: weak commissioning is led by history and providers)",
              0.75),
    Criterion("contracts-controlled", Stage.ADEQUATE, "Contracts under control",
              "Every contract for an active service records its value and its period (the contract's own dates, "
              "or its service's start and end).",
              "every", f"{_FRAMEWORK}, section 5 (adequate: good control of existing contracts) and Part 6 "
                       "(check the rules for the sum being commissioned)"),
    Criterion("tenders-recorded", Stage.ADEQUATE, "Tenders above the threshold",
              f"Every contract worth more than {format_money(TENDER_THRESHOLD)} over its life records a tender.",
              "every", f"{_FRAMEWORK}, Part 6 (a full tender above a lifetime value of £35,000)"),
    Criterion("voice-two-way", Stage.EFFECTIVE, "Voice forums heard both ways",
              "A voice forum of children and young people with a two-way link (INFLUENCES each way) to a board.",
              "some", "York's Commissioning and Decommissioning 2014-16, Planning Bookcase annex (the two-way "
                      f"relationship); {_FRAMEWORK}, section 7.1 (young people's voice in decisions)"),
    Criterion("services-mapped-to-outcomes", Stage.EFFECTIVE, "Services mapped to outcomes",
              "Share of active services that contribute to at least one outcome (CONTRIBUTES_TO).",
              "share", f"{_FRAMEWORK}, Part 5 (services mapped to outcomes and resources)", 0.75),
    Criterion("joint-budget-in-place", Stage.EFFECTIVE, "Aligned or pooled money at work",
              "An aligned or pooled budget, recorded in place, that pays for at least one service.",
              "some", f"{_FRAMEWORK}, Part 7 (aligning budgets as the step towards pooling); NFER analysis of "
                      "Children and Young People's Plans, approaches to resourcing"),
    Criterion("decommissioning-evidence", Stage.EFFECTIVE, "Decommissioning on evidence",
              "Every decision to decommission or remodel a service records its rationale, its evidence and "
              "a risk assessment.",
              "every", f"{_FRAMEWORK}, Part 5 (decommissioning decisions rest on rationale, evidence and a risk "
                       "assessment) and section 5 (weigh the impact on young people and other services)"),
    Criterion("provider-mix", Stage.EFFECTIVE, "A mix of providers",
              "Providers of active services come from at least two of the three sector groups: statutory, "
              "voluntary and community, private.",
              "some", f"{_FRAMEWORK}, section 5 (a mix of statutory, voluntary, community and private providers; "
                      "a wider range of providers) and Part 6 (smaller and third-sector providers)",
              needs_text="two sector groups or more"),
    Criterion("individual-commissioning", Stage.EFFECTIVE, "Commissioning for one child",
              "An active service commissioned at the individual level (one child's package or placement).",
              "some", "YorOK Commissioning Framework, levels of commissioning (individual); "
                      f"{_FRAMEWORK}, section 5 (stewarded personalisation)"),
    Criterion("outcomes-measured", Stage.INTELLIGENT, "Outcomes with indicators",
              "Share of outcomes measured by at least one indicator (MEASURED_BY).",
              "share", f"{_FRAMEWORK}, section 5 (intelligent commissioning is outcome driven) and Part 9 "
                       "(outcome-based performance monitoring)", 0.75),
    Criterion("pooled-aligned-share", Stage.INTELLIGENT, "Money in pooled or aligned budgets",
              "Share of the annual money budgets pay to services (FUNDS) that comes from pooled or aligned "
              "budgets recorded in place.",
              "share", f"{_FRAMEWORK}, section 5 (the most from the total local public budget) and Part 7 "
                       "(commissioning increasingly from pooled resources)", 0.5),
    Criterion("community-led", Stage.INTELLIGENT, "Community-led commissioning",
              "An active service commissioned by a body working at district or neighbourhood scale, by a "
              "body covering part of the area, or by a voluntary or community organisation.",
              "some", f"{_FRAMEWORK}, section 5 (some community-led commissioning) and section 6 (district boards "
                      "and Community and Learning Partnerships commissioning)"),
    Criterion("personal-budgets", Stage.INTELLIGENT, "Personal budgets",
              "A personal budget recorded (money held for one child or family).",
              "some", f"YorOK Commissioning Framework, personal budgets; {_FRAMEWORK}, section 5 (semi-autonomous "
                      "personalisation; direct payments and individual budgets)"),
)}

#: How many nodes a criterion lists as evidence and as missing (its counts always cover every one).
LISTED = 40

_CANNOT_TELL_RULE = ("A criterion the data cannot tell is neither met nor failed: it keeps a stage from being shown "
                     "as reached, but does not rule it out.")


def rubric_markdown() -> str:
    """The rubric as the README's table: each criterion, its stage, what it measures and its source.

    >>> rubric_markdown().splitlines()[0]
    '| criterion | stage | what it measures | needs | from |'
    """
    rows = ["| criterion | stage | what it measures | needs | from |", "|---|---|---|---|---|"]
    rows += [f"| `{c.code}` | {c.stage.value} | {c.measures} | {c.needs()} | {c.source} |" for c in CRITERIA.values()]
    return "\n".join(rows) + "\n"


# -- result -----------------------------------------------------------------------------------------


class CriterionResult(BaseModel):
    """One criterion judged: its verdict, the evidence it used and what is missing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    stage: Stage
    title: str
    measures: str
    needs: str = Field(description="What passing takes: a share, every one, or at least one.")
    source: str = Field(description="The document and section the criterion comes from.")
    verdict: Verdict
    figure: str = Field(description="The measure in words, e.g. '6 of 11 outcomes (55%)'.")
    why: str = Field(description="Why the verdict, in a sentence.")
    evidence: list[NodeRef] = Field(default_factory=list, description=f"Nodes that pass (at most {LISTED}).")
    evidence_count: int = 0
    missing: list[NodeRef] = Field(default_factory=list, description=f"Nodes that fail (at most {LISTED}).")
    missing_count: int = 0
    notes: list[str] = Field(default_factory=list, description="What else is missing or worth knowing.")
    linked: list[NodeRef] = Field(default_factory=list, description="Other nodes the evidence runs through (the "
                                                                   "boards voice forums are linked with), for views.")


class StageResult(BaseModel):
    """One stage: how its criteria came out, whether it is shown and whether it is ruled out."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: Stage
    meaning: str
    met: int = 0
    not_met: int = 0
    cannot_tell: int = 0
    shown: bool = Field(description="Every criterion of this stage and of the stages below it is met.")
    ruled_out: bool = Field(description="A criterion of this stage or of a stage below it is not met.")


class MaturityParams(QueryParams):
    pass


class MaturityResult(QueryResult):
    stage: Stage = Field(description="The highest stage shown: its criteria and those below it all met.")
    ceiling: Stage = Field(description="The highest stage not ruled out: no criterion of it or below it not met.")
    stages: list[StageResult]
    criteria: list[CriterionResult]
    cannot_tell_rule: str = Field(_CANNOT_TELL_RULE, description="How 'cannot tell' is treated.")

    columns: ClassVar[tuple[str, ...]] = ("stage", "criterion", "verdict", "figure", "why", "evidence", "missing",
                                          "source")

    def verdict(self, code: str) -> Verdict:
        """The verdict of one criterion, by its code."""
        return next(c.verdict for c in self.criteria if c.code == code)

    def table(self) -> list[dict[str, Any]]:
        return [{"stage": c.stage.value, "criterion": c.code, "verdict": c.verdict.value, "figure": c.figure,
                 "why": c.why, "evidence": _names(c.evidence, c.evidence_count),
                 "missing": "; ".join(filter(None, [_names(c.missing, c.missing_count), *c.notes])),
                 "source": c.source} for c in self.criteria]

    def summary(self) -> str:
        tally = {v: sum(c.verdict is v for c in self.criteria) for v in Verdict}
        if self.stage is Stage.WEAK:
            head = ("Stage shown by the evidence: none beyond weak, where the journey starts (that is what the "
                    "records can show, not a finding that commissioning is weak).")
        else:
            head = (f"Stage shown by the evidence: {self.stage.value} ({STAGE_MEANING[self.stage]}): every "
                    f"criterion of it and of the stages below it is met.")
        if self.ceiling is self.stage:
            reach = ("No higher stage is open: " + _first_not_met(self) if self.stage is not Stage.INTELLIGENT
                     else "It is the last stage of the journey.")
        else:
            above = _ORDER[_ORDER.index(self.stage) + 1]
            open_ = [c.title.lower() for c in self.criteria if c.stage is above and c.verdict is Verdict.CANNOT_TELL]
            reach = (f"Highest stage not ruled out: {self.ceiling.value}, if what the data cannot tell were met; "
                     f"{above.value} is not shown because the data cannot tell {and_list(open_)}. "
                     + _CANNOT_TELL_RULE)
        lines = [head, reach,
                 f"{counted(len(self.criteria), 'criterion', 'criteria')}: {tally[Verdict.MET]} met, "
                 f"{tally[Verdict.NOT_MET]} not met, {tally[Verdict.CANNOT_TELL]} cannot tell."]
        for s in self.stages:
            if s.stage is Stage.WEAK:
                continue
            lines.append(f"{s.stage.value.capitalize()} ({s.meaning}):")
            for c in self.criteria:
                if c.stage is s.stage:
                    also = f" ({'; '.join(c.notes)})" if c.notes and c.verdict is not Verdict.MET else ""
                    lines.append(f"  {c.verdict.value} - {c.title}: {c.figure}. {c.why}{also}")
        return "\n".join(lines)


def _names(refs: Sequence[NodeRef], total: int, most: int = 5) -> str:
    names = [r.label for r in refs[:most]]
    if total > len(names):
        names.append(f"{total - len(names):,} more")
    return and_list(names, most=most + 1, sep="; ")


def _first_not_met(r: MaturityResult) -> str:
    above = _ORDER[_ORDER.index(r.stage) + 1]
    failed = [c.title.lower() for c in r.criteria if c.stage is above and c.verdict is Verdict.NOT_MET]
    return f"{above.value} is ruled out by what is not met ({and_list(failed)})."


# -- evidence ---------------------------------------------------------------------------------------


@dataclass
class _Found:
    """What a criterion's check found, before it is judged."""

    counted: int = 0                                   # items judged (services, contracts, forums …)
    passing: list[str] = field(default_factory=list)   # node ids that pass
    failing: list[str] = field(default_factory=list)   # node ids that fail
    passed: int | None = None                          # items passing, when items are not one per node
    failed: int | None = None                          # items failing, likewise
    noun: tuple[str, str] = ("item", "items")          # what an item is, one and many
    sample: str = ""                                   # why the items recorded may not be all of them
    unknown: str = ""                                  # set: the data cannot tell, and why
    empty: str = "nothing is recorded to judge"        # why there is nothing to judge, when counted is 0
    bounds: tuple[float, float] | None = None          # a share's lowest and highest possible value
    figure: str = ""                                   # the measure in words, when not a count
    whole: str = ""                                    # how a verdict rests on records the file does not call whole
    met_why: str = ""                                  # why a 'some' criterion is met, when not the usual words
    fail_why: str = ""                                 # why a 'some' criterion does not pass, likewise
    notes: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)    # other nodes the evidence runs through (to highlight)

    @property
    def n_pass(self) -> int:
        return len(self.passing) if self.passed is None else self.passed

    @property
    def n_fail(self) -> int:
        return len(self.failing) if self.failed is None else self.failed


def _percent(part: float, whole: float) -> str:
    """A share as a whole percentage that reads 0% or 100% only when it is exactly so.

    >>> _percent(228, 229), _percent(1, 400), _percent(3, 4)
    ('99%', '1%', '75%')
    """
    share = round(100 * part / whole)
    if part and share == 0:
        share = 1
    elif part != whole and share == 100:
        share = 99
    return f"{share}%"


def _judge(c: Criterion, f: _Found) -> tuple[Verdict, str, str]:
    """The verdict, the reason in a sentence, and the figure of one criterion."""
    one, many = f.noun
    figure = f.figure or (f"{f.n_pass:,} of {counted(f.counted, one, many)}"
                          + (f" ({_percent(f.n_pass, f.counted)})" if c.rule == "share" and f.counted else ""))
    if f.unknown:
        return Verdict.CANNOT_TELL, f.unknown, figure
    if not f.counted:
        return Verdict.CANNOT_TELL, f"Nothing to judge: {f.empty}.", f.figure or f"no {many} recorded"
    if c.rule == "share":
        low, high = f.bounds or (f.n_pass / f.counted,) * 2
        need = c.threshold or 0.0
        if f.sample:
            return Verdict.CANNOT_TELL, f"{f.sample}; a share of them says nothing of the whole.", figure
        if low >= need:
            return Verdict.MET, f"At least {need:.0%} needed, and it is reached{f.whole}.", figure
        if high < need:
            return Verdict.NOT_MET, f"At least {need:.0%} needed, and it falls short{f.whole}.", figure
        return Verdict.CANNOT_TELL, (f"At least {need:.0%} needed; with the amounts not recorded it could be "
                                     f"anywhere from {low:.0%} to {high:.0%}."), figure
    if c.rule == "every":
        if f.n_fail:
            return Verdict.NOT_MET, f"{counted(f.n_fail, one, many)} fall{'s' if f.n_fail == 1 else ''} short.", figure
        if f.sample:
            return Verdict.CANNOT_TELL, f"None recorded falls short, but {f.sample[0].lower() + f.sample[1:]}.", figure
        return Verdict.MET, f"Every one recorded passes{f.whole}.", figure
    if f.n_pass:
        return Verdict.MET, f.met_why or f"At least one is needed, and {f.n_pass:,} {'is' if f.n_pass == 1 else 'are'} recorded.", figure
    none = f.fail_why or (f"the one {one} recorded does not pass" if f.counted == 1
                          else f"none of the {counted(f.counted, one, many)} recorded passes")
    if f.sample:
        return Verdict.CANNOT_TELL, f"At least one is needed; {none}, but {f.sample[0].lower() + f.sample[1:]}.", figure
    return Verdict.NOT_MET, f"At least one is needed; {none}{f.whole}.", figure


@dataclass(frozen=True)
class _Scope:
    """What a check needs to know about the partnership it judges."""

    p: Partnership
    services_sample: str   # why the services recorded may not be all ('' when the file does not say so)
    money_sample: str      # why the money recorded may not be all
    active: list[str]
    whole: str             # said of a verdict when the file does not declare whether every service is recorded
    budgets_sample: str    # why the budgets recorded may not be all
    partial: bool = False  # the file declares part of its records incomplete (services examples, money partial)
    records_whole: str = ""  # said of a verdict when the file does not declare whether its records are complete

    def named(self, what: str) -> str:
        """Why the records of ``what`` may not be all ('' when the file does not say its records are partial)."""
        return _named(what) if self.partial else ""


def _named(what: str) -> str:
    """Why records the documents happen to name may not be all of them.

    >>> _named("indicators")
    'The indicators recorded are those the documents happen to name, not necessarily all'
    """
    return f"The {what} recorded are those the documents happen to name, not necessarily all"


def _scope(p: Partnership) -> _Scope:
    coverage = p.whole.info.coverage
    services = ("The services recorded are the documents' examples, not the whole provision"
                if coverage.services == "examples" else "")
    money = {"partial": "Money is recorded only in part", "none": "The documents give no amounts of money"}.get(
        coverage.money or "", "")
    whole = ("" if coverage.services else " (the file does not say whether every service is recorded: "
             "judged as though it were)")
    partial = bool(services or money)
    declared = coverage.services == "complete" and coverage.money == "complete"
    records_whole = ("" if partial or declared else " (the file does not say whether its records are complete: "
                     "judged as though they were)")
    return _Scope(p, services, money, active_service_ids(p), whole, _named("budgets") if partial else "", partial,
                  records_whole)


def _commissioner_recorded(s: _Scope) -> _Found:
    bought = s.p.adjacency(EdgeType.COMMISSIONS, "in")
    return _Found(len(s.active), [x for x in s.active if bought.get(x)], [x for x in s.active if not bought.get(x)],
                  noun=("active service", "active services"), sample=s.services_sample, whole=s.whole,
                  empty="no active service is recorded")


def _contracts(s: _Scope) -> list[Any]:
    """The contracts (COMMISSIONS edges) for active services."""
    active = set(s.active)
    return [e for e in s.p.edges(EdgeType.COMMISSIONS) if e.to in active]


def _contracts_controlled(s: _Scope) -> _Found:
    p, deals = s.p, _contracts(s)
    ok: list[str] = []
    short: list[str] = []
    lacking: dict[str, int] = {"value": 0, "period": 0}
    for e in deals:
        service = p.node(e.to)
        dated = (e.valid_from is not None and e.valid_to is not None) or (
            getattr(service, "start_date", None) is not None and getattr(service, "end_date", None) is not None)
        valued = e.lifetime_value is not None
        lacking["value"] += not valued
        lacking["period"] += not dated
        (ok if valued and dated else short).append(e.to)
    found = _Found(len(deals), list(dict.fromkeys(ok)), list(dict.fromkeys(short)), passed=len(deals) - len(short),
                   failed=len(short), noun=("contract", "contracts"), sample=s.services_sample, whole=s.whole,
                   empty="no contract (COMMISSIONS) for an active service is recorded")
    gaps = [f"{counted(n, 'contract')} with no {what} recorded" for what, n in lacking.items() if n]
    found.notes += gaps
    if short and s.money_sample and lacking["value"]:
        found.unknown = (f"{s.money_sample}, so a contract with no value recorded may be the documents' silence, "
                         "not a contract out of control.")
    elif short and s.partial:
        what = " or ".join(w for w, n in lacking.items() if n)
        found.unknown = (f"The data records only what the documents name, so a contract with no {what} recorded "
                         "may be the documents' silence, not a contract out of control.")
    return found


def _tenders_recorded(s: _Scope) -> _Found:
    deals = _contracts(s)
    valued = [e for e in deals if e.lifetime_value is not None]
    over = [e for e in valued if e.lifetime_value > TENDER_THRESHOLD]
    ok = [e for e in over if e.tendered is True]
    # Recorded as not tendered is a failure on record; no tender recorded is one only if the records are complete.
    silent = [e for e in over if e.tendered is None] if s.partial else []
    short = [e for e in over if e.tendered is not True and e not in silent]
    empty = (f"no contract is worth more than {format_money(TENDER_THRESHOLD)}" if valued
             else "no contract value is recorded")
    found = _Found(len(over), list(dict.fromkeys(e.to for e in ok)), list(dict.fromkeys(e.to for e in short)),
                   passed=len(ok), failed=len(short), noun=(f"contract over {format_money(TENDER_THRESHOLD)}",
                                                            f"contracts over {format_money(TENDER_THRESHOLD)}"),
                   sample=s.services_sample, whole=s.whole, empty=empty)
    if len(valued) < len(deals):
        found.notes.append(f"{counted(len(deals) - len(valued), 'contract')} with no value recorded, not checked")
    if silent:
        found.notes.append(f"{counted(len(silent), 'contract')} over {format_money(TENDER_THRESHOLD)} with no tender "
                           "recorded either way")
        if not short:
            found.unknown = ("The data records only what the documents name, so a contract over the threshold with no "
                             "tender recorded may have been tendered all the same.")
    return found


def _voice_two_way(s: _Scope) -> _Found:
    p = s.p
    out, into = p.adjacency(EdgeType.INFLUENCES, "out"), p.adjacency(EdgeType.INFLUENCES, "in")
    forums = [g.id for g in p.nodes(NodeType.SUBGROUP)
              if getattr(g, "kind", None) in ("forum", "panel") or out.get(g.id)]
    boards = {b.id for b in p.nodes(NodeType.BOARD)}
    two_way = [f for f in forums if boards & set(out.get(f, ())) & set(into.get(f, ()))]
    found = _Found(len(forums), two_way, [f for f in forums if f not in two_way],
                   noun=("voice forum", "voice forums"), empty="no voice forum is recorded")
    found.linked = sorted({b for f in two_way for b in boards & set(out.get(f, ()))})
    one_way = [f for f in found.failing if boards & (set(out.get(f, ())) | set(into.get(f, ())))]
    if one_way:
        found.notes.append(f"{counted(len(one_way), 'forum')} linked to a board one way only")
    found.whole = s.records_whole
    if found.failing and not two_way:
        links = [e for e in p.edges(EdgeType.INFLUENCES)
                 if (e.from_ in found.failing and e.to in boards) or (e.to in found.failing and e.from_ in boards)]
        reasons = []
        if s.partial:
            reasons.append("the data records only the links the documents name")
        if links and all(e.assumed for e in links):
            reasons.append(f"the {'one link' if len(links) == 1 else 'only links'} recorded between "
                           f"{'a forum' if len(found.failing) == 1 else 'forums'} and a board "
                           f"{'is' if len(links) == 1 else 'are'} the project's reading, not the documents'")
        if reasons:
            found.unknown = (f"No voice forum is recorded with a link each way to a board, but {and_list(reasons)}: "
                             "a link not recorded is the documents' silence, not a finding that young people go "
                             "unheard.")
    return found


def _services_mapped(s: _Scope) -> _Found:
    linked = s.p.adjacency(EdgeType.CONTRIBUTES_TO, "out")
    return _Found(len(s.active), [x for x in s.active if linked.get(x)], [x for x in s.active if not linked.get(x)],
                  noun=("active service", "active services"), sample=s.services_sample, whole=s.whole,
                  empty="no active service is recorded")


_JOINT = (BudgetKind.POOLED, BudgetKind.ALIGNED)


def _budgets_in_place(p: Partnership) -> list[Any]:
    """The budgets in force, leaving out pools no document records in place (they are plans)."""
    planned = unrecorded_pools(p)
    return [b for b in p.nodes(NodeType.BUDGET) if b.id not in planned]


def _joint_budget(s: _Scope) -> _Found:
    p = s.p
    budgets = _budgets_in_place(p)
    pays = p.adjacency(EdgeType.FUNDS, "out")
    joint = [b for b in budgets if getattr(b, "kind", None) in _JOINT]
    working = [b.id for b in joint if pays.get(b.id)]
    found = _Found(len(budgets), working, [b.id for b in joint if not pays.get(b.id)],
                   noun=("budget in place", "budgets in place"), sample=s.budgets_sample,
                   empty="no budget is recorded in place")
    planned = [b for b in unrecorded_pools(p) if b in p]
    if planned:
        found.notes.append(f"{counted(len(planned), 'pooled budget')} planned, not recorded in place")
    if found.failing:
        found.notes.append(f"{counted(len(found.failing), 'aligned or pooled budget')} paying for no recorded service")
    return found


def _decommissioning(s: _Scope) -> _Found:
    p, day = s.p, answering_day()
    decisions = [d for d in p.nodes(NodeType.DECISION)
                 if getattr(d, "kind", None) in (DecisionKind.DECOMMISSION, DecisionKind.REMODEL)
                 and (day is None or d.date is None or d.date <= day)]  # type: ignore[attr-defined]
    whole = {d.id for d in decisions if all(getattr(d, f, None) for f in ("rationale", "evidence", "risk_assessment"))}
    found = _Found(len(decisions), [d.id for d in decisions if d.id in whole],
                   [d.id for d in decisions if d.id not in whole],
                   noun=("decommissioning decision", "decommissioning decisions"), sample=s.services_sample, whole=s.whole,
                   empty="no decision to decommission or remodel a service is recorded")
    lacking = {f: sum(not getattr(d, f, None) for d in decisions) for f in ("rationale", "evidence", "risk_assessment")}
    found.notes += [f"{counted(n, 'decision')} with no {f.replace('_', ' ')} recorded" for f, n in lacking.items() if n]
    if found.failing and s.partial:
        found.unknown = ("The data records only what the documents name, so a decision with no rationale, evidence "
                         "or risk assessment recorded may have rested on them all the same.")
    taken = {d.id for d in decisions}
    decided = {e.to for e in p.edges(EdgeType.AFFECTS) if e.from_ in taken}
    ended = [x.id for x in p.nodes(NodeType.SERVICE)
             if getattr(x, "status", None) is not None and x.status.value == "decommissioned"  # type: ignore[attr-defined]
             and x.id not in decided]
    if ended:
        found.notes.append(f"{counted(len(ended), 'decommissioned service')} with no decision recorded "
                           f"({and_list([p.node(x).name for x in ended], most=4, sep='; ')})")
    return found


#: The sector groups of the provider mix.
_STATUTORY, _VOLUNTARY, _PRIVATE = "statutory", "voluntary and community", "private"
_GROUP: dict[Sector, str] = {Sector.VOLUNTARY_COMMUNITY: _VOLUNTARY, Sector.FAITH: _VOLUNTARY,
                             Sector.PRIVATE_INDEPENDENT: _PRIVATE, Sector.OTHER: ""}


def _group_of(p: Partnership, provider: str) -> str:
    """The sector group of a provider: a unit is its host partner's own team; '' when not recorded."""
    rec = p.node(provider)
    if rec.type is NodeType.UNIT:
        hosts = [h for h in p.adjacency(EdgeType.PART_OF, "out").get(provider, ()) if p.node(h).type is NodeType.PARTNER]
        return _group_of(p, hosts[0]) if hosts else _STATUTORY
    sector = getattr(rec, "sector", None)
    if sector is None:
        return ""
    return _GROUP.get(sector, _STATUTORY)


def _provider_mix(s: _Scope) -> _Found:
    p, active = s.p, set(s.active)
    providers = list(dict.fromkeys(e.from_ for e in p.edges(EdgeType.DELIVERS) if e.to in active))
    groups: dict[str, list[str]] = {}
    for x in providers:
        groups.setdefault(_group_of(p, x), []).append(x)
    unknown = groups.pop("", [])
    found = _Found(len(providers), [x for g in groups.values() for x in g], unknown,
                   noun=("provider", "providers"), empty="no provider of an active service is recorded",
                   figure=(f"{counted(len(groups), 'sector group')} among {counted(len(providers), 'provider')}"
                           + (f" ({and_list([f'{g} {len(xs)}' for g, xs in groups.items()])})" if groups else "")))
    if unknown:
        found.notes.append(f"{counted(len(unknown), 'provider')} with no sector recorded")
    found.failed = 0
    found.met_why = "Providers from two sector groups or more are recorded."
    found.fail_why = "the providers recorded are all of one sector group"
    if len(groups) < 2:  # 'some' on the mix: pass only with two groups or more
        found.passing, found.passed = [], 0
        if unknown and not s.services_sample:
            found.unknown = ("Fewer than two sector groups among the providers whose sector is recorded; "
                             f"{counted(len(unknown), 'provider')} with no sector recorded could widen it.")
    found.sample, found.whole = s.services_sample, s.whole
    return found


def _individual(s: _Scope) -> _Found:
    p = s.p
    level = [x for x in s.active if getattr(p.node(x), "commissioning_level", None) is CommissioningLevel.INDIVIDUAL]
    return _Found(len(s.active), level, noun=("active service", "active services"), sample=s.services_sample, whole=s.whole,
                  empty="no active service is recorded")


def _outcomes_measured(s: _Scope) -> _Found:
    p = s.p
    measured = p.adjacency(EdgeType.MEASURED_BY, "out")
    outcomes = [o.id for o in p.nodes(NodeType.OUTCOME)]
    found = _Found(len(outcomes), [o for o in outcomes if measured.get(o)], [o for o in outcomes if not measured.get(o)],
                   noun=("outcome", "outcomes"), empty="no outcome is recorded")
    indicators = {i for o in found.passing for i in measured[o]}
    found.whole = s.records_whole
    if outcomes and not found.passing:
        found.unknown = ("No outcome has an indicator recorded: the data holds no outcome measures at all, which is "
                         "not evidence that none are kept.")
    elif s.partial and outcomes and len(found.passing) / len(outcomes) < (CRITERIA["outcomes-measured"].threshold or 0):
        found.unknown = ("The data records only the indicators the documents name, so an outcome with no indicator "
                         "recorded may be measured all the same: the shortfall is among what the documents happen "
                         "to record.")
    observed = sum(bool(getattr(p.node(i), "observations", None)) for i in indicators)
    if indicators and observed < len(indicators):
        found.notes.append(f"{observed:,} of the {counted(len(indicators), 'indicator')} measuring them "
                           "have an observation recorded")
    return found


def _pooled_share(s: _Scope) -> _Found:
    p = s.p
    planned = unrecorded_pools(p)
    m = money_edges(p).without_budgets(planned)
    kinds = {b.id: getattr(b, "kind", None) for b in p.nodes(NodeType.BUDGET)}
    joint_known = other_known = 0.0
    joint_unknown = other_unknown = 0
    joint: list[str] = []
    unvalued: list[str] = []
    for budget, amount in zip(m.payers, m.amounts, strict=True):
        is_joint = kinds.get(budget) in _JOINT
        if amount is None:
            unvalued.append(budget)
            if is_joint:
                joint_unknown += 1
            else:
                other_unknown += 1
        elif is_joint:
            joint_known += amount
        else:
            other_known += amount
        if is_joint:
            joint.append(budget)
    flows = len(m.payers)
    known = joint_known + other_known
    found = _Found(flows, list(dict.fromkeys(joint)), [],
                   passed=joint_unknown + sum(1 for b, a in zip(m.payers, m.amounts, strict=True)
                                              if a is not None and kinds.get(b) in _JOINT),
                   noun=("payment to a service", "payments to services"),
                   empty="no budget is recorded paying a service (FUNDS)")
    share = joint_known / known if known else None
    if not flows:
        found.figure = "no payment to a service recorded"
    elif known or not unvalued:
        found.figure = (f"{format_money(joint_known)} of {format_money(known)} a year known"
                        + (f" ({_percent(joint_known, known)})" if share is not None else "")
                        + (f"; {counted(len(unvalued), 'payment')} with no amount" if unvalued else ""))
    else:
        found.figure = ("no amount recorded for the one payment to a service" if flows == 1
                        else f"no amount recorded for any of the {flows:,} payments to services")
    if unvalued:
        names = [p.node(b).name for b in dict.fromkeys(unvalued)]
        found.notes.append(f"no amount recorded for payments from {and_list(names, most=4, sep='; ')}")
    low = 0.0 if other_unknown or share is None else share
    high = 1.0 if joint_unknown or share is None else share
    found.bounds = (low, high)
    note = periods_note(x for x in m.flow_periods if x)
    if note:
        found.notes.append(note)
    if planned:
        found.notes.append(f"{counted(len(planned), 'planned pool')}, not recorded in place, left out")
    found.sample, found.whole = s.services_sample, s.whole
    if s.money_sample:
        found.unknown = f"{s.money_sample}: the recorded money is not the partnership's whole spend."
    elif not known and flows:
        found.unknown = "No payment to a service has an amount recorded."
    return found


def _community_led(s: _Scope) -> _Found:
    p, active = s.p, set(s.active)
    covers = p.adjacency(EdgeType.COVERS, "out")
    buyers = list(dict.fromkeys(e.from_ for e in p.edges(EdgeType.COMMISSIONS) if e.to in active))

    def local(buyer: str) -> bool:
        rec = p.node(buyer)
        if rec.type in BODY_TYPES and getattr(rec, "commissioning_scale", None) in (CommissioningScale.DISTRICT,
                                                                                     CommissioningScale.MICRO):
            return True
        if getattr(rec, "sector", None) in (Sector.VOLUNTARY_COMMUNITY, Sector.FAITH):
            return True
        return rec.type in BODY_TYPES and any(wider(p, place) for place in covers.get(buyer, ()))

    found = _Found(len(buyers), [b for b in buyers if local(b)], noun=("commissioner", "commissioners"),
                   sample=s.services_sample, whole=s.whole, empty="no commissioner of an active service is recorded")
    return found


def _personal_budgets(s: _Scope) -> _Found:
    budgets = _budgets_in_place(s.p)
    return _Found(len(budgets), [b.id for b in budgets if getattr(b, "kind", None) is BudgetKind.PERSONAL],
                  noun=("budget", "budgets"), sample=s.budgets_sample,
                  empty="no budget is recorded")


_CHECKS: dict[str, Callable[[_Scope], _Found]] = {
    "commissioner-recorded": _commissioner_recorded,
    "contracts-controlled": _contracts_controlled,
    "tenders-recorded": _tenders_recorded,
    "voice-two-way": _voice_two_way,
    "services-mapped-to-outcomes": _services_mapped,
    "joint-budget-in-place": _joint_budget,
    "decommissioning-evidence": _decommissioning,
    "provider-mix": _provider_mix,
    "individual-commissioning": _individual,
    "outcomes-measured": _outcomes_measured,
    "pooled-aligned-share": _pooled_share,
    "community-led": _community_led,
    "personal-budgets": _personal_budgets,
}


def _stages(criteria: Iterable[CriterionResult]) -> tuple[list[StageResult], Stage, Stage]:
    by_stage = {s: [c for c in criteria if c.stage is s] for s in Stage}
    results: list[StageResult] = []
    shown, open_ = True, True
    stage = ceiling = Stage.WEAK
    for s in Stage:
        mine = by_stage[s]
        shown = shown and all(c.verdict is Verdict.MET for c in mine)
        open_ = open_ and not any(c.verdict is Verdict.NOT_MET for c in mine)
        if shown:
            stage = s
        if open_:
            ceiling = s
        results.append(StageResult(stage=s, meaning=STAGE_MEANING[s], met=sum(c.verdict is Verdict.MET for c in mine),
                                   not_met=sum(c.verdict is Verdict.NOT_MET for c in mine),
                                   cannot_tell=sum(c.verdict is Verdict.CANNOT_TELL for c in mine),
                                   shown=shown, ruled_out=not open_))
    return results, stage, ceiling


@register("maturity", family=FAMILY,
          purpose="Where the partnership stands on the journey from weak to intelligent commissioning, criterion by "
                  "criterion, with the evidence used, what is missing, and what the data cannot tell.",
          params=MaturityParams, result=MaturityResult, reads=("Budget.kind",))
def maturity(p: Partnership, params: MaturityParams) -> MaturityResult:
    """Judge every criterion of :data:`CRITERIA` on ``p`` and work out the stage shown and the stage not ruled out.

    >>> from graph_model import Partnership
    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "o", "type": "Outcome", "name": "Fewer exclusions"},
    ...     {"id": "o2", "type": "Outcome", "name": "Better attendance"},
    ...     {"id": "i", "type": "Indicator", "name": "Exclusions a year"}],
    ...   edges=[{"type": "MEASURED_BY", "from": "o", "to": "i"}])
    >>> r = maturity(p, MaturityParams())
    >>> r.verdict("outcomes-measured").value, r.ceiling.value
    ('not met', 'effective')
    """
    scope = _scope(p)
    refs = Refs(p)
    criteria: list[CriterionResult] = []
    for code, criterion in CRITERIA.items():
        found = _CHECKS[code](scope)
        verdict, why, figure = _judge(criterion, found)
        criteria.append(CriterionResult(
            code=code, stage=criterion.stage, title=criterion.title, measures=criterion.measures,
            needs=criterion.needs(), source=criterion.source, verdict=verdict, figure=figure, why=why,
            evidence=[refs(x) for x in found.passing[:LISTED]], evidence_count=len(found.passing),
            missing=[refs(x) for x in found.failing[:LISTED]], missing_count=len(found.failing),
            notes=found.notes, linked=[refs(x) for x in found.linked[:LISTED]]))
    stages, stage, ceiling = _stages(criteria)
    return MaturityResult(stage=stage, ceiling=ceiling, stages=stages, criteria=criteria)
