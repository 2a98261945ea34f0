"""Before and after a scenario, side by side, through the named queries only.

:func:`compare_scenario` applies the scenario (:func:`~queries.scenarios.apply.apply_scenario`) and runs
the same named queries (:func:`queries.run_query`) on the partnership before and after, on the same
day, then sets the answers side by side:

* **cover** - outcomes, cohorts and localities that become gaps or stop being gaps (``gaps``), and,
  for the services a scenario stops, what each leaves uncovered or keeps only partly and the referral
  pathways that break (``decommission-impact`` on the partnership before);
* **money** - money freed by the services stopped, the contract value no longer committed and the
  results recorded against their outcomes that stopping them puts at risk (``decommission-impact``);
  the money the scenario needs (new flows and contracts); money re-routed; the annual spend before
  and after (``funding``);
* **prevention** - the prevention and early-intervention share of annual spend before and after
  (``funding``);
* **reporting** - reporting lines changed below each top board (``reports-to``) and accountability
  issues new and resolved (``accountability-integrity``);
* **health** - governance findings new and resolved (``health``);
* **duplicates** - duplicate groups removed and created (``duplicates``).

Amounts the data does not know stay unknown, never zero; a figure resting on an assumption the
scenario states (an ``assume`` change) is marked ``assumed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar, Literal, cast

from pydantic import BaseModel, ConfigDict, Field

from graph_model import NodeType, Partnership, UnknownNode
from graph_model.timeframe import long_date
from queries.common import and_list, counted, format_money, services_complete, stand_ins
from queries.decommissioning import DecommissionResult
from queries.money import MoneyTotal
from queries.registry import QueryResult, run_query

from .apply import Applied, apply_scenario
from .model import Assume, Commission, Decommission, Reroute
from .parse import ScenarioText

__all__ = ["SCOPE_MIN_NODES", "ComparisonRow", "ScenarioComparison", "compare_scenario", "reach"]

Section = Literal["cover", "money", "prevention", "reporting", "health", "duplicates"]


class ComparisonRow(BaseModel):
    """One thing the scenario changes, before and after."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: Section
    change: str = Field(description="What happens to it: 'loses cover', 'left uncovered', 'loses full cover' (kept "
                                    "only partly), 'gains cover', 'money freed', 'result at risk', 'new', "
                                    "'resolved', 'removed', 'created', 'changed' ...")
    kind: str = Field(description="What it is: outcome, cohort, locality, budget, service, body, finding, group ...")
    id: str
    name: str
    before: str
    after: str
    detail: str = ""
    assumed: bool = Field(False, description="The figure rests on an assumption the scenario states.")


class PreventionShare(BaseModel):
    """The prevention and early-intervention share of annual spend on one side, and its money."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    share: float | None = Field(description="Tier 2 ÷ (tiers 2-4) over known annual amounts; None when unknown.")
    prevention: str
    specialist: str
    complete: bool


class ScenarioComparison(BaseModel):
    """A scenario's comparison: the day, what it rests on, and each change side by side."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scenario: str
    file: str
    partnership: str
    as_of: dt.date
    as_of_basis: str
    warnings: list[str] = Field(default_factory=list)
    changes: int = Field(description="Changes in the scenario.")
    rows: list[ComparisonRow]
    prevention_before: PreventionShare
    prevention_after: PreventionShare
    money_freed: str = Field(description="Annual budget funding freed by the services stopped (decommission-impact).")
    contract_value_freed: str = Field("", description="The whole-life value of the stopped services' contracts: "
                                                     "not what stopping releases (the rows give the term left).")
    money_needed: str = Field(description="Annual money the scenario's new services need.")
    spend_before: str
    spend_after: str
    assumptions: list[str] = Field(default_factory=list, description="The assumptions the scenario states, in words.")
    coverage: str = ""
    services_complete: bool = Field(True, description="Whether the data records every service: only then is "
                                                      "'no other active service' a fact about the world.")
    rests_on: str = Field("", description="What the comparison of the services stopped rests on that no document "
                                          "states (decommission-impact's rests_on).")

    columns: ClassVar[tuple[str, ...]] = ("section", "change", "kind", "id", "name", "before", "after", "assumed",
                                          "detail")

    def table(self) -> list[dict[str, Any]]:
        return [r.model_dump() for r in self.rows]

    def summary(self) -> str:
        def count(section: str, *changes: str) -> list[ComparisonRow]:
            return [r for r in self.rows if r.section == section and (not changes or r.change in changes)]

        lost = count("cover", "loses cover", "left uncovered")
        partly = count("cover", "loses full cover")
        gained = count("cover", "gains cover")
        lines = [f"Scenario '{self.scenario}' ({counted(self.changes, 'change')}) on {self.partnership}, "
                 f"compared on {long_date(self.as_of)}."]
        lines.append(f"Cover: {_many(lost)} losing it" + (f" ({and_list([r.name for r in lost], most=8, sep='; ')})"
                                                           if lost else "")
                     + f", {_many(partly)} losing full cover (kept only partly)"
                     + (f" ({and_list([r.name for r in partly], most=8, sep='; ')})" if partly else "")
                     + f", {_many(gained)} gaining it.")
        if (lost or partly) and not self.services_complete:
            lines.append("The data records only the documents' examples of services, so losing cover means no other "
                         "recorded service reaches it: what the data leaves out, not evidence that nothing else does.")
        risk = count("money", "result at risk")
        lines.append(f"Money: freed {self.money_freed}; stopped contracts' whole-life value {self.contract_value_freed or 'none recorded'} (not what stopping releases); "
                     f"needed {self.money_needed}; annual spend {self.spend_before} before, {self.spend_after} after.")
        if risk:
            lines.append("Results at risk: " + and_list([f"{r.name}: {r.before}" for r in risk], most=8, sep="; ") + ".")
        before, after = (_share(x.share) for x in (self.prevention_before, self.prevention_after))
        marked = " (after rests on the scenario's assumptions)" if any(
            r.assumed for r in self.rows if r.section == "prevention") else ""
        lines.append(f"Prevention share of annual spend: {before} before, {after} after{marked}.")
        lines.append(f"Reporting lines changed: {len(count('reporting'))}; governance findings "
                     f"new {len(count('health', 'new'))}, resolved {len(count('health', 'resolved'))}; duplicate "
                     f"groups created {len(count('duplicates', 'created'))}, removed "
                     f"{len(count('duplicates', 'removed'))}.")
        if self.assumptions:
            lines.append("Assumed by the scenario, not recorded in the data: " + and_list(self.assumptions, most=8,
                                                                                           sep="; ") + ".")
        if self.rests_on:
            lines.append(f"Rests on: {self.rests_on}")
        return "\n".join(lines)


def _many(rows: list[ComparisonRow]) -> int:
    """How many things the rows are about: a row of folded stand-ins counts each of them."""
    return sum(int(r.name.split()[0]) if r.id == "generated stand-ins" else 1 for r in rows)


def _share(x: float | None) -> str:
    return "unknown" if x is None else f"{x:.1%}"


def compare_scenario(p: Partnership, sc: ScenarioText, *, as_of: dt.date | None = None,
                     applied: Applied | None = None, scoped: bool | None = None) -> ScenarioComparison:
    """Apply ``sc`` to ``p`` and set the named queries' answers before and after side by side, on ``as_of`` (else
    the scenario's own ``as_of``, else the partnership's default day). The scenario's assumptions (``assume``)
    hold on both sides: they state what the data lacks, and change nothing.

    On a large partnership (:data:`SCOPE_MIN_NODES`) whose changes reach only part of it (``scoped``: None decides
    so; True or False forces it), both sides are the part the changes can reach (:func:`reach`) and the totals
    of money are the whole partnership's, moved by what changes in that part: the same answer, made without
    rebuilding and asking again about a million records no change can affect."""
    valid = sc.valid()
    whole = p.whole
    region = None if applied is not None or scoped is False else reach(p, sc, force=scoped is True)
    if region is not None:
        p = _part(whole, region)
    applied = applied or apply_scenario(p, sc, universe=whole if region is not None else None)
    after_p = applied.partnership
    unassumed = p
    # An assumption states what the data lacks, not a change: both sides carry it, so they compare like with like.
    stated = any(isinstance(c, Assume) for c in sc.changes)
    p = apply_scenario(p, sc, only=(Assume,), universe=whole if region is not None else None).partnership \
        if stated else p
    dating = whole.dating(as_of or valid.scenario.as_of)
    day = dating.day
    warnings = list(dating.warnings)
    for n, c in enumerate(sc.changes, 1):
        if c.from_ is not None and c.from_ > day:
            warnings.append(f"change {n} takes effect on {long_date(c.from_)}, after {long_date(day)}: the comparison "
                            "does not show it (give a later --as-of)")

    def both(name: str, params: dict[str, Any] | None = None) -> tuple[Any, Any]:
        return (run_query(name, p, params, as_of=day), run_query(name, after_p, params, as_of=day))

    rows: list[ComparisonRow] = []
    money_assumed = any(_is_money(after_p, rid) for rid in applied.assumed)

    # -- cover ------------------------------------------------------------------------------
    gb, ga = both("gaps", {"all_outcomes": True})
    rank = {"no-money": 1, "no-active-service": 2}
    what = {0: "reached", 1: "reached, no money recorded", 2: "no active service"}
    before_gaps = {(g.kind, g.node.id): g for g in gb.gaps}
    after_gaps = {(g.kind, g.node.id): g for g in ga.gaps}
    for key in dict.fromkeys([*before_gaps, *after_gaps]):
        was, now = before_gaps.get(key), after_gaps.get(key)
        r_was, r_now = rank[was.gap] if was else 0, rank[now.gap] if now else 0
        g = now or was
        if g is None or r_was == r_now or key[1] not in after_p:
            continue
        rows.append(ComparisonRow(section="cover", change="loses cover" if r_now > r_was else "gains cover",
                                  kind=g.kind, id=g.node.id, name=g.node.name, before=what[r_was], after=what[r_now],
                                  detail="gaps", assumed=money_assumed and 1 in (r_was, r_now)))
    stopped = [s for c in sc.changes if isinstance(c, Decommission) and c.from_ <= day for s in c.services]
    stopped_ids = [s for s in dict.fromkeys(_resolve(p, s) for s in stopped) if s in p.whole]  # not ones it adds
    impact = (cast(DecommissionResult, run_query("decommission-impact", p, {"node": stopped_ids}, as_of=day))
              if stopped_ids else None)
    seen = {(r.kind, r.id) for r in rows}
    no_other = "no other active service" if services_complete(p) else "no other active service recorded"
    if impact is not None:
        for cov in impact.cover:
            if cov.cover == "full" or cov.id not in after_p:
                continue
            change = "left uncovered" if cov.cover == "none" else "loses full cover"
            if (cov.kind, cov.id) in seen:  # the gaps answer already says it: keep decommission-impact's detail
                rows = [r for r in rows if (r.kind, r.id) != (cov.kind, cov.id)]
            rows.append(ComparisonRow(section="cover", change=change, kind=cov.kind, id=cov.id, name=cov.name,
                                      before="covered", after=no_other if cov.cover == "none"
                                      else f"only partly: {cov.partly()}", detail="decommission-impact"))

        for b in impact.broken_referrals:
            rows.append(ComparisonRow(section="cover", change="referral broken", kind="pathway",
                                      id=f"{b.from_id} → {b.to_id}", name=f"{b.from_name} → {b.to_name}",
                                      before="refers", after="broken", detail=f"a pathway {b.direction} a stopped "
                                      "service (decommission-impact)"))

    rows = _fold_stand_ins(rows, stand_ins(whole))

    # -- money ------------------------------------------------------------------------------
    freed = impact.money_freed.text() if impact is not None else "none (no service stopped)"
    contract = impact.contract_value.text() if impact is not None and impact.contracts else ""
    if impact is not None:
        for m in impact.money:
            rows.append(ComparisonRow(section="money", change={"partners": "money freed",
                                                               "external": "stops, not freed (external)"}.get(
                                          m.control, "stops, source not recorded"), kind="budget", id=m.budget_id,
                                      name=m.budget_name, before=format_money(m.amount), after="£0 to "
                                      + m.service_name, detail=f"annual, to {m.service_name}",
                                      assumed=_rests(p, applied, m.budget_id)))
        for risk in impact.at_risk:
            if not risk.context:
                rows.append(ComparisonRow(section="money", change="result at risk", kind="indicator",
                                          id=risk.indicator_id, name=risk.indicator_name, before=risk.value,
                                          after="at risk", detail=f"measures {risk.outcome_name}"
                                          + ("" if risk.sole else "; other services contribute too")))
        terms = {(t.service_id, t.commissioner_id): t for t in impact.contract_terms}
        for k in impact.contracts:
            t = terms.get((k.service_id, k.commissioner_id))
            left = ("ends anyway" if t is None else "term left not known" if t.even_share_left is None
                    else f"about {format_money(t.even_share_left)} of the term left (an estimate: even spend)")
            reading = any(e.assumed for e in p.whole.out_edges(k.commissioner_id, "COMMISSIONS")
                          if e.to == k.service_id)
            rows.append(ComparisonRow(section="money", change="contract stopped", kind="contract",
                                      id=k.service_id, name=k.service_name, before=k.value.text(), after=left,
                                      assumed=reading,
                                      detail=f"commissioned by {k.commissioner_name} (whole-life value before; "
                                             "not what stopping releases)"
                                             + ("; that it is commissioned is the project's reading" if reading
                                                else "")))
    needed: list[float | None] = []
    for n, c in enumerate(sc.changes, 1):
        if isinstance(c, Commission):
            if c.budget is not None:
                needed.append(c.amount)
            rows.append(ComparisonRow(section="money", change="money needed", kind="service", id=c.id, name=c.name,
                                      before="none", after=format_money(c.amount) + " a year" if c.budget else
                                      "unknown (no budget named)", detail=f"change {n}"
                                      + (f"; contract value {format_money(c.contract_value)} (lifetime)"
                                         if c.contract_value is not None else ""),
                                      assumed=c.budget is not None and _rests(p, applied, p.resolve(c.budget))))
        elif isinstance(c, Reroute):
            rows.append(ComparisonRow(section="money", change="re-routed", kind="money", id=f"{c.out_of} → {c.into}",
                                      name=f"{_name(p, c.out_of)} → {_name(p, c.into)}",
                                      before=f"{format_money(c.amount)} a year with {_name(p, c.out_of)}",
                                      after=f"{format_money(c.amount)} a year paid to {_name(p, c.into)}",
                                      detail=f"change {n}",
                                      assumed=_rests(p, applied, _resolve(p, c.out_of))))
    if needed:
        total: float | None = None if any(x is None for x in needed) else sum(x for x in needed if x is not None)
        money_needed = (format_money(total) + " a year") if total is not None else \
            f"unknown ({counted(sum(x is None for x in needed), 'new service')} with no amount)"
    else:
        money_needed = "none (no new service paid from a budget)"
    fb, fa = both("funding")
    fw = run_query("funding", whole, None, as_of=day)  # the data as it is, for its coverage
    if region is not None:  # the whole's totals, moved by what changes in the part the scenario reaches
        f0 = run_query("funding", unassumed, None, as_of=day)
        fb, fa = _Moved(fw, f0, fb), _Moved(fw, f0, fa)
    spend_before, spend_after = fb.total_spend.text(), fa.total_spend.text()
    if spend_before != spend_after:
        rows.append(ComparisonRow(section="money", change="changed", kind="annual spend", id="total-spend",
                                  name="Annual budget funding to services", before=spend_before, after=spend_after,
                                  detail="funding", assumed=money_assumed))

    # -- prevention ------------------------------------------------------------------------
    pb, pa = _prevention(fb), _prevention(fa)
    rows.append(ComparisonRow(section="prevention", change="changed" if pb.share != pa.share else "unchanged",
                              kind="share", id="prevention-share", name="Prevention and early-intervention share "
                              "of annual spend", before=_share(pb.share), after=_share(pa.share),
                              detail=f"tier 2 {pb.prevention} before, {pa.prevention} after; tiers 3-4 "
                              f"{pb.specialist} before, {pa.specialist} after" + _untiered(fb, fa),
                              assumed=money_assumed))

    # -- reporting lines -------------------------------------------------------------------
    rows += _reporting(p, after_p, day)
    ib, ia = both("accountability-integrity")
    rows += _new_resolved("reporting", "accountability", {(i.problem, i.node.id): (i.node.name, i.detail)
                                                           for i in ib.issues},
                          {(i.problem, i.node.id): (i.node.name, i.detail) for i in ia.issues})

    # -- governance health -----------------------------------------------------------------
    hb, ha = both("health", {"include_generated": True})  # stand-ins one by one on both sides: never folded on one
    rows += _new_resolved("health", "finding", {(f.rule.value, f.node_id): (f.node_name, f.message) for f in hb.findings},
                          {(f.rule.value, f.node_id): (f.node_name, f.message) for f in ha.findings})

    # -- duplicates ------------------------------------------------------------------------
    db, da = both("duplicates", {"limit": 0})
    groups_b = {frozenset(m.service.id for m in g.members): g for g in db.groups}
    groups_a = {frozenset(m.service.id for m in g.members): g for g in da.groups}
    for members, g in groups_b.items():
        if members not in groups_a:
            rows.append(ComparisonRow(section="duplicates", change="removed", kind="group", id=" + ".join(sorted(members)),
                                      name=and_list([m.service.name for m in g.members]), before=f"score {g.score:.2f}",
                                      after="no longer a group"))
    for members, g in groups_a.items():
        if members not in groups_b:
            rows.append(ComparisonRow(section="duplicates", change="created", kind="group", id=" + ".join(sorted(members)),
                                      name=and_list([m.service.name for m in g.members]), before="not a group",
                                      after=f"score {g.score:.2f}"))

    assumptions = [f"{_name(after_p, c.node)}: {format_money(c.amount)} a year" + (f" ({c.period})" if c.period else "")
                   for c in sc.changes if isinstance(c, Assume)]
    return ScenarioComparison(
        scenario=valid.scenario.name, file=sc.file, partnership=p.info.id, as_of=day, as_of_basis=dating.basis,
        warnings=warnings, changes=len(sc.changes), rows=rows, prevention_before=pb, prevention_after=pa,
        money_freed=freed, contract_value_freed=contract, money_needed=money_needed, spend_before=spend_before,
        spend_after=spend_after, assumptions=assumptions, coverage=fw.coverage,
        services_complete=services_complete(p), rests_on=impact.rests_on.sentence if impact is not None else "")


#: A partnership with fewer nodes is always compared whole: it is quick, and the answer is the same.
SCOPE_MIN_NODES = 20_000


def reach(p: Partnership, sc: ScenarioText, *, force: bool = False) -> set[str] | None:
    """The ids of the nodes a scenario's changes can affect: every node joined, by any path of edges, to a node a
    change names; None when that is most of a partnership, or the partnership is small (unless ``force``).

    Every answer the comparison sets side by side is about a node and what it is joined to (cover, findings,
    lines, groups of services with the same outcomes, cohorts and places), and a change links only nodes it
    names, so nothing outside this part differs between the two sides.
    """
    whole = p.whole
    if not force and len(whole) < SCOPE_MIN_NODES:
        return None
    seen: set[str] = set()
    for change in sc.changes:
        for ref in _refs(change):
            try:
                seen.add(whole.resolve(ref))
            except UnknownNode:
                continue  # the scenario's check says so; the comparison is refused then
    todo = list(seen)
    while todo:
        nid = todo.pop()
        for e in whole.out_edges(nid):
            if e.to not in seen:
                seen.add(e.to)
                todo.append(e.to)
        for e in whole.in_edges(nid):
            if e.from_ not in seen:
                seen.add(e.from_)
                todo.append(e.from_)
        if not force and 2 * len(seen) > len(whole):
            return None
    return seen


def _refs(change: Any) -> list[str]:
    """Every text in a change that names a node (its own new id and words aside)."""
    words = {"change", "description", "id", "name", "period", "legal_basis", "kind", "link", "role"}
    found: list[str] = []
    for key, value in change:
        if key in words:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, BaseModel):
                found += [v for k, v in item if isinstance(v, str) and k not in words]
    return found


def _part(whole: Partnership, region: set[str]) -> Partnership:
    """The part of ``whole`` made of the nodes in ``region`` and the edges between them, in the whole's order."""
    return Partnership(whole.info, [n for n in whole.nodes() if n.id in region],
                       [e for e in whole.edges() if e.from_ in region])


class _Moved:
    """A funding answer for a whole partnership made from the whole's answer (``whole``) moved by the difference
    between two answers for a part of it (``was``, then ``now``): annual money outside the part is the same."""

    def __init__(self, whole: Any, was: Any, now: Any) -> None:
        self.total_spend = _shift(whole.total_spend, was.total_spend, now.total_spend)
        wp, bp, np_ = whole.prevention, was.prevention, now.prevention
        prevention, specialist = _shift(wp.prevention, bp.prevention, np_.prevention), \
            _shift(wp.specialist, bp.specialist, np_.specialist)
        known = prevention.known + specialist.known  # the funding query's rule: tier 2 over tiers 2-4, known amounts
        self.prevention = np_.model_copy(update={
            "prevention": prevention, "specialist": specialist,
            "unknown_tier": _shift(wp.unknown_tier, bp.unknown_tier, np_.unknown_tier),
            "prevention_share": prevention.known / known if known > 0 else None,
            "complete": prevention.unknown == 0 and specialist.unknown == 0})


def _shift(whole: MoneyTotal, was: MoneyTotal, now: MoneyTotal) -> MoneyTotal:
    known = round(whole.known - was.known + now.known, 2)
    unknown = whole.unknown - was.unknown + now.unknown
    return MoneyTotal(known=known, unknown=unknown, flows=whole.flows - was.flows + now.flows,
                      amount=known if unknown == 0 else None)


def _prevention(f: Any) -> PreventionShare:
    b = f.prevention
    return PreventionShare(share=b.prevention_share, prevention=b.prevention.text(), specialist=b.specialist.text(),
                           complete=b.complete)


def _fold_stand_ins(rows: list[ComparisonRow], made_up: frozenset[str]) -> list[ComparisonRow]:
    """Cover rows about generated stand-ins (places the project made up for ones a document only counts, such as
    Staffordshire's 50 Community and Learning Partnership areas) folded into one row for each kind and change,
    counted and said to be generated, never named as if a document named them."""
    kept: list[ComparisonRow] = []
    folded: dict[tuple[str, str, str, str, bool, str], list[ComparisonRow]] = {}
    for r in rows:
        if r.section == "cover" and r.id in made_up:
            folded.setdefault((r.change, r.kind, r.before, r.after, r.assumed, r.detail), []).append(r)
        else:
            kept.append(r)
    for (change, kind, before, after, assumed, detail), group in folded.items():
        plural = "ies" if kind.endswith("y") else "s"
        noun = kind if len(group) == 1 else (kind[:-1] + plural if plural == "ies" else kind + plural)
        kept.append(ComparisonRow(section="cover", change=change, kind=kind, id="generated stand-ins",
                                  name=f"{len(group)} generated stand-in {noun}, not from a document", before=before,
                                  after=after, assumed=assumed, detail=f"{detail}; made up by the project for "
                                  "places a document only counts"))
    return kept


def _untiered(before: Any, after: Any) -> str:
    """Spend on services with no recorded tier, which counts in no share: said, so that money is not lost from view."""
    b, a = before.prevention.unknown_tier, after.prevention.unknown_tier
    if not b.flows and not a.flows:
        return ""
    return f"; services with no recorded tier (in no share) {b.text()} before, {a.text()} after"


def _resolve(p: Partnership, ref: str) -> str:
    try:
        return p.resolve(ref)
    except UnknownNode:
        return ref


def _name(p: Partnership, ref: str) -> str:
    nid = _resolve(p, ref)
    return p.whole.node(nid).name if nid in p.whole else ref


def _rests(p: Partnership, applied: Applied, nid: str) -> bool:
    """Whether money at node ``nid`` (or flowing from it) rests on an assumption the scenario states."""
    return nid in applied.assumed or any(e.id in applied.assumed for e in applied.partnership.whole.out_edges(nid)) \
        if nid in applied.partnership.whole else nid in applied.assumed


def _is_money(p: Partnership, rid: str) -> bool:
    whole = p.whole
    if rid in whole:
        return whole.node(rid).type in (NodeType.BUDGET, NodeType.SERVICE)
    try:
        return whole.edge(rid).type.value in ("FUNDS", "CONTRIBUTES")
    except KeyError:
        return False


def _lines(p: Partnership, day: dt.date) -> dict[str, tuple[str, str, str]]:
    """Each body below a top board: its parent, the kind of link and the top (``reports-to`` from each top)."""
    out: dict[str, tuple[str, str, str]] = {}
    for top in p.as_of(day).tops():
        result: QueryResult = run_query("reports-to", p, {"node": top}, as_of=day)
        for entry in result.entries:  # type: ignore[attr-defined]
            if entry.parent is not None:
                out.setdefault(entry.node.id, (entry.parent, entry.kind.value if entry.kind else "", top))
    return out


def _reporting(before: Partnership, after: Partnership, day: dt.date) -> list[ComparisonRow]:
    lb, la = _lines(before, day), _lines(after, day)
    rows = []
    for nid in dict.fromkeys([*lb, *la]):
        was, now = lb.get(nid), la.get(nid)
        if was is not None and now is not None and was[:2] == now[:2]:
            continue
        name = _name(after if nid in after.whole else before, nid)
        rows.append(ComparisonRow(
            section="reporting", change="changed" if was and now else ("added" if now else "removed"), kind="line",
            id=nid, name=name, before=f"{was[1]} {_name(before, was[0])}" if was else "not below a top board",
            after=f"{now[1]} {_name(after, now[0])}" if now else ("merged or removed" if nid not in after.whole
                                                                 else "not below a top board"),
            detail="reports-to"))
    return rows


def _new_resolved(section: Section, kind: str, before: dict[tuple[str, str], tuple[str, str]],
                  after: dict[tuple[str, str], tuple[str, str]]) -> Iterable[ComparisonRow]:
    for key, (name, message) in after.items():
        if key not in before:
            yield ComparisonRow(section=section, change="new", kind=kind, id=key[1], name=name, before="none",
                                after=key[0], detail=message)
    for key, (name, message) in before.items():
        if key not in after:
            yield ComparisonRow(section=section, change="resolved", kind=kind, id=key[1], name=name, before=key[0],
                                after="none", detail=message)
