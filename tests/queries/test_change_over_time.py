"""Change over time: the ``diff`` query, and ``as_of`` on the others.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (money moved between services missed) fails a test. Queries are reached
through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

import pytest
from builders import build, edge, node

from graph_model import EdgeType, InvalidParameters, NodeType, Partnership, record_data
from graph_model.models import ServiceStatus
from loaders.synthetic import build as synthetic_build
from loaders.synthetic import generate
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_the_plans_and_the_two_year_old_entitlement_change_between_2010_and_2014(york: Partnership) -> None:
    """001 Context: plans for 2005-8, 2007-10, 2009-12 and now 2013-16; 001: the two-year-old
    entitlement started in September 2013."""
    r: Any = run_query("diff", york, {"before": "2010-06-01", "after": "2014-06-01"})
    nodes = {(n.change, n.id) for n in r.nodes}
    assert {("removed", "cypp-2007-10"), ("removed", "cypp-2009-12"), ("added", "cypp-2013-16")} <= nodes
    assert ("removed", "cypp-2005-08") not in nodes  # it had already ended before 2010
    assert ("commissioned", "two-year-old-entitlement") in {(s.change, s.id) for s in r.services}


def test_the_short_breaks_framework_is_commissioned_in_2020_and_ends_in_2022(staffordshire: Partnership) -> None:
    """Contracts Finder release (partnership sources): the framework ran 2020-04-01 to 2022-03-31."""
    start: Any = run_query("diff", staffordshire, {"before": "2019-06-01", "after": "2021-06-01"})
    end: Any = run_query("diff", staffordshire, {"before": "2021-06-01", "after": "2023-06-01"})
    assert [(s.change, s.id) for s in start.services] == [("commissioned", "short-breaks-framework")]
    assert [(s.change, s.id) for s in end.services] == [("decommissioned", "short-breaks-framework")]


# -- on hand-built partnerships --------------------------------------------------------------------


MONEY_MOVES = build(
    [node("eif", "Budget", name="Early Intervention Fund"), node("old", "Service", name="Old project",
                                                                 end_date="2014-03-31"),
     node("new", "Service", name="New project", start_date="2014-04-01"), node("steady", "Service")],
    [edge("FUNDS", "eif", "old", amount=40_000, valid_to="2014-03-31"),
     edge("FUNDS", "eif", "new", amount=45_000, valid_from="2014-04-01"),
     {**edge("FUNDS", "eif", "steady", amount=10_000, valid_to="2014-03-31"), "id": "steady-2013"},
     {**edge("FUNDS", "eif", "steady", amount=12_000, valid_from="2014-04-01"), "id": "steady-2014"}])


def test_money_moved_from_one_service_to_another_is_re_routed_and_a_new_amount_is_a_change() -> None:
    r: Any = run_query("diff", MONEY_MOVES, {"before": "2013-06-01", "after": "2014-06-01"})
    assert [(x.budget_id, x.from_services, x.to_services, x.stopped.amount, x.started.amount)
            for x in r.rerouted] == [("eif", ["old"], ["new"], 40_000, 45_000)]
    assert {(e.change, e.to_id) for e in r.edges} == {("removed", "old"), ("added", "new"), ("changed", "steady")}
    change = next(e for e in r.edges if e.change == "changed")
    assert (change.id, change.detail) == ("steady-2014", "amount: 10000.0 → 12000.0")
    assert [(s.change, s.id, s.date) for s in r.services] == [
        ("decommissioned", "old", dt.date(2014, 3, 31)), ("commissioned", "new", dt.date(2014, 4, 1))]
    assert "Early Intervention Fund moved money from Old project to New project" in r.summary()


def test_nothing_changes_between_two_days_in_the_same_period() -> None:
    r: Any = run_query("diff", MONEY_MOVES, {"before": "2014-05-01", "after": "2014-06-01"})
    assert r.counts == [] and r.table() == []
    assert "nothing recorded changed" in r.summary()


def test_an_undated_edge_comes_and_goes_with_its_dated_ends() -> None:
    p = build([node("plan", "Plan", valid_from="2013-01-01"), node("board", "Board")],
              [edge("OWNS", "board", "plan")])
    r: Any = run_query("diff", p, {"before": "2012-01-01", "after": "2014-01-01"})
    assert [(n.change, n.id) for n in r.nodes] == [("added", "plan")]
    assert [(e.change, e.type) for e in r.edges] == [("added", "OWNS")]


def test_before_the_period_an_edge_waits_for_its_undated_end() -> None:
    """York's Children's Fund paid for nurture groups from 2002, but the fund has no dates of its own and
    so holds from the period's start: before then the flow is in neither snapshot."""
    p = Partnership.from_records({"id": "d", "name": "D", "period_start": "2013-04-01"}, nodes=[
        node("fund", "Budget"), node("groups", "Service", valid_from="2002-01-01")],
        edges=[edge("FUNDS", "fund", "groups", valid_from="2002-01-01")])
    early: Any = run_query("diff", p, {"before": "1990-01-01", "after": "2009-01-01"})
    assert [(n.change, n.id) for n in early.nodes] == [("added", "groups")] and early.edges == []
    straddling: Any = run_query("diff", p, {"before": "2009-01-01", "after": "2014-01-01"})
    assert [(e.change, e.type) for e in straddling.edges] == [("added", "FUNDS")]


TWINS = [node("fund", "Budget"), node("s1", "Service"), node("s2", "Service"), node("s3", "Service"),
         node("la", "Partner"), node("board", "Board")]
TWIN_EDGES = [
    {**edge("FUNDS", "fund", "s1", amount=10, valid_to="2013-03-31"), "id": "f1"},
    {**edge("FUNDS", "fund", "s2", amount=20, valid_to="2013-03-31"), "id": "f2"},
    {**edge("FUNDS", "fund", "s1", amount=30, valid_to="2013-03-31"), "id": "f3"},
    {**edge("FUNDS", "fund", "s1", amount=40, valid_from="2013-04-01"), "id": "f4"},
    {**edge("FUNDS", "fund", "s3", amount=50, valid_from="2013-04-01"), "id": "f5"},
    {**edge("MEMBER_OF", "la", "board", role="member", valid_to="2013-03-31"), "id": "m1"},
    {**edge("MEMBER_OF", "la", "board", role="chair", valid_from="2013-04-01"), "id": "m2"}]


@pytest.mark.parametrize("period_start", [None, "2012-01-01", "2013-01-01"], ids=["no-period", "period-2012",
                                                                                   "period-2013"])
def test_edges_between_the_same_two_nodes_pair_up_in_the_order_listed(period_start: str | None) -> None:
    """Each edge that started takes the first unpaired edge that ended between the same two nodes;
    the edges left over are listed by their ends, in the order those ends first ended."""
    p = Partnership.from_records({"id": "d", "name": "D", "period_start": period_start}, nodes=TWINS,
                                 edges=TWIN_EDGES)
    r: Any = run_query("diff", p, {"before": "2013-01-01", "after": "2014-01-01"})
    assert [(e.change, e.id, e.detail) for e in r.edges] == [
        ("changed", "m2", "role: member → chair"),  # the schema's edge types in order: MEMBER_OF before FUNDS
        ("changed", "f4", "amount: 10.0 → 40.0"), ("added", "f5", ""), ("removed", "f3", ""), ("removed", "f2", "")]
    assert [(x.from_services, x.to_services, x.stopped.amount, x.started.amount) for x in r.rerouted] == [
        (["s1", "s2"], ["s3"], 50, 50)]
    for before, after in [("2012-06-01", "2014-01-01"), ("2011-01-01", "2014-01-01"), ("2011-01-01", "2012-06-01")]:
        day, later = dt.date.fromisoformat(before), dt.date.fromisoformat(after)
        assert answer(run_query("diff", p, {"before": day, "after": later, "limit": 0})) == reference_diff(p, day, later)


def test_lists_are_cut_to_the_limit_but_counts_stay_complete() -> None:
    p = build([node(f"s{i}", "Service", start_date="2014-01-01") for i in range(5)])
    r: Any = run_query("diff", p, {"before": "2013-01-01", "after": "2015-01-01", "limit": 2})
    assert len(r.services) == 2 and r.count("service", "commissioned") == 5
    assert r.listed == 2 and "cut to 2" in r.summary()
    everything: Any = run_query("diff", p, {"before": "2013-01-01", "after": "2015-01-01", "limit": 0})
    assert len(everything.services) == 5 and everything.listed == 0


def test_diff_refuses_dates_in_the_wrong_order() -> None:
    with pytest.raises(InvalidParameters, match="earlier than before"):
        run_query("diff", MONEY_MOVES, {"before": "2015-01-01", "after": "2014-01-01"})


def test_as_of_changes_what_funding_and_decommissioning_see() -> None:
    before: Any = run_query("funding", MONEY_MOVES, as_of=dt.date(2013, 6, 1))
    after: Any = run_query("funding", MONEY_MOVES, as_of=dt.date(2014, 6, 1))
    assert (before.total_spend.amount, after.total_spend.amount) == (50_000, 57_000)
    freed: Any = run_query("decommission-impact", MONEY_MOVES, {"node": ["steady"]}, as_of=dt.date(2014, 6, 1))
    assert [m.amount for m in freed.money] == [12_000]


# -- against a plain reference: the two as_of snapshots compared record by record ------------------


def reference_diff(p: Partnership, before: dt.date, after: dt.date) -> dict[str, Any]:
    """What ``diff`` answers (every list whole), found the plain way: take ``p.as_of`` on both days
    and compare the two snapshots record by record, in the order ``diff`` lists things."""
    was, now = p.as_of(before), p.as_of(after)
    nodes_was, nodes_now = {n.id for n in was.nodes()}, {n.id for n in now.nodes()}
    edges_was, edges_now = {e.id for e in was.edges()}, {e.id for e in now.edges()}
    start = p.period[0]
    straddle = start is not None and before < start <= after  # undated records come into force between

    def undated(record: Any) -> bool:
        return record.valid_from is None and record.valid_to is None

    counts: Counter[tuple[str, str, str]] = Counter()
    nodes: list[tuple[str, Any]] = []
    for change, present, absent in (("added", nodes_now, nodes_was), ("removed", nodes_was, nodes_now)):
        for n in p.nodes(*NodeType):
            if n.id in present and n.id not in absent:
                nodes.append((change, n))
                counts[("node", n.type.value, change)] += 1
    edges: list[tuple[str, Any, Any]] = []
    funds: list[tuple[str, Any, Any]] = []
    for etype in EdgeType:
        added = [e for e in p.edges(etype) if e.id in edges_now and e.id not in edges_was]
        removed = [e for e in p.edges(etype) if e.id in edges_was and e.id not in edges_now]
        ended: dict[tuple[str, str], list[Any]] = defaultdict(list)  # an edge ending and one starting
        for e in removed:                                          # between the same two nodes: a change
            ended[(e.from_, e.to)].append(e)
        for e in added:
            olds = ended.get((e.from_, e.to))
            edges.append(("changed", e, olds.pop(0)) if olds else ("added", e, None))
        edges += [("removed", e, None) for olds in ended.values() for e in olds]
        if etype is EdgeType.FUNDS:
            funds = [c for c in edges if c[1].type is EdgeType.FUNDS]
    for change, e, _ in edges:
        counts[("edge", e.type.value, change)] += 1
    if straddle:
        nodes.sort(key=lambda c: undated(c[1]))
        edges.sort(key=lambda c: undated(c[1]))

    def running(view: Partnership) -> set[str]:
        return {s.id for s in view.nodes(NodeType.SERVICE) if s.status is ServiceStatus.ACTIVE}

    running_was, running_now = running(was), running(now)
    services = [("commissioned", s.id, s.start_date) if s.id in running_now else ("decommissioned", s.id, s.end_date)
                for s in p.nodes(NodeType.SERVICE) if (s.id in running_was) != (s.id in running_now)]
    for change, *_ in services:
        counts[("service", "Service", change)] += 1

    stopped: dict[str, dict[str, None]] = {}  # budget -> the services its flows to stopped (started), in order
    started: dict[str, dict[str, None]] = {}
    amounts: dict[tuple[str, str], list[float | None]] = defaultdict(list)  # (change, budget) -> amounts, in order
    for change, e, _ in funds:
        if change != "changed":
            (stopped if change == "removed" else started).setdefault(e.from_, {})[e.to] = None
            amounts[(change, e.from_)].append(e.amount)

    def total(change: str, budget: str) -> tuple[float, int, int]:
        known = 0.0
        for a in amounts[(change, budget)]:
            known += a or 0.0
        return known, amounts[(change, budget)].count(None), len(amounts[(change, budget)])

    rerouted = [(b, list(stopped[b]), list(started[b]), total("removed", b), total("added", b))
                for b in stopped if b in started]
    counts.update(("budget", "Budget", "re-routed") for _ in rerouted)

    def detail(old: Any, new: Any) -> str:
        a, b = record_data(old, exclude=BOOKKEEPING), record_data(new, exclude=BOOKKEEPING)
        return "; ".join(f"{k}: {a.get(k)} → {b.get(k)}" for k in sorted(set(a) | set(b))
                         if a.get(k) != b.get(k)) or "dates or source only"

    return {"counts": dict(counts), "services": services, "rerouted": rerouted,
            "nodes": [(c, n.id) for c, n in nodes],
            "edges": [(c, e.id, e.from_, e.to, detail(old, e) if old is not None else "") for c, e, old in edges]}


def answer(r: Any) -> dict[str, Any]:
    """The parts of a ``diff`` answer :func:`reference_diff` gives, in the same shape (what came and went
    between the two days is in force on neither, so two snapshots cannot see it: it is tested apart)."""
    return {"counts": {(c.record, c.type, c.change): c.count for c in r.counts if c.change != "came and went"},
            "services": [(s.change, s.id, s.date) for s in r.services],
            "rerouted": [(x.budget_id, x.from_services, x.to_services, (x.stopped.known, x.stopped.unknown,
                                                                        x.stopped.flows),
                          (x.started.known, x.started.unknown, x.started.flows)) for x in r.rerouted],
            "nodes": [(n.change, n.id) for n in r.nodes],
            "edges": [(e.change, e.id, e.from_id, e.to_id, e.detail) for e in r.edges]}


BOOKKEEPING = {"id", "valid_from", "valid_to", "source", "generated", "description"}


def days_to_compare(p: Partnership) -> list[dt.date]:
    """Days that catch every rule of time: long before and after everything, the period's first
    day and the day before it, and each date a record starts or ends on, with the day either side."""
    day = dt.timedelta(days=1)
    node_spans, edge_spans = p.dated_spans()
    dates = {d for span in [*node_spans.values(), *edge_spans.values()] for d in span if d is not None}
    dates |= {d for s in p.nodes(NodeType.SERVICE) for d in (s.start_date, s.end_date) if d is not None}  # type: ignore[attr-defined]
    dates |= {d for d in p.period if d is not None}
    picked = sorted(dates)
    if len(picked) > 12:  # a large partnership: a spread of its dates
        picked = picked[:: len(picked) // 12]
    days = {dt.date(1990, 1, 1), dt.date(2040, 1, 1)} | {d + k * day for d in picked for k in (-1, 0, 1)}
    return sorted(days)


def synthetic(seed: int) -> Partnership:
    return synthetic_build(generate("s", seed)[0])


@pytest.mark.parametrize("which", ["york", "staffordshire", "synthetic-s-0", "synthetic-s-1"])
def test_diff_answers_as_the_two_snapshots_compared_record_by_record(which: str, request: pytest.FixtureRequest) -> None:
    p = synthetic(int(which[-1])) if which.startswith("synthetic") else request.getfixturevalue(which)
    days = days_to_compare(p)
    pairs = [(b, a) for i, b in enumerate(days) for a in days[i:]]
    if len(pairs) > 100:  # a spread of the pairs across the period's start (where every record is listed),
        start = p.period[0]  # and of the rest
        straddling = [(b, a) for b, a in pairs if start is not None and b < start <= a]
        rest = [pair for pair in pairs if pair not in straddling]
        pairs = straddling[:: max(1, len(straddling) // 2)] + rest[:: len(rest) // 30]
    for before, after in pairs:
        r = run_query("diff", p, {"before": before, "after": after, "limit": 0})
        assert answer(r) == reference_diff(p, before, after), (before, after)


def test_york_2010_to_2016_headlines_only_dated_change(york: Partnership) -> None:
    """001 2 year old entitlement: the free places began in September 2013, a dated start; 000 and the plans: the
    2013-16 plan replaced the 2007-10 and 2009-12 plans. City of York Council, the ICG and the Safeguarding Board,
    and services such as FIRST and Catalyst, carry no dates of their own: they are only taken to hold from the
    period's start (1 April 2013), so they are not headlined as added or commissioned, but counted apart."""
    r: Any = run_query("diff", york, {"before": "2010-01-01", "after": "2016-03-31"})
    lines = r.summary().splitlines()
    assert lines[0].startswith("Between 2010-01-01 and 2016-03-31, dated change")
    assert lines[1] == "Commissioned (1): Early education for eligible two-year-olds."
    assert lines[2].startswith("Not dated: ") and "taken to hold from 1 April 2013" in lines[2]
    assert "FIRST" not in lines[0] + lines[1]
    undated = {n.id for n in r.nodes if n.undated}
    assert {"city-of-york-council", "icg", "safeguarding-board"} <= undated
    dated = {(n.change, n.id) for n in r.nodes if not n.undated}
    assert {("added", "cypp-2013-16"), ("removed", "cypp-2007-10"), ("removed", "cypp-2009-12")} <= dated
    assert {s.id for s in r.services if s.undated} >= {"first", "catalyst"}
    assert r.count("service", "commissioned", dated=True) == 1
    rows = r.table()
    first_undated = next(i for i, row in enumerate(rows) if "undated" in row["change"])
    assert all("undated" in row["change"] for row in rows[first_undated:])
    assert next(row for row in rows if row["id"] == "icg")["change"] == "added (undated: held from 2013-04-01)"
    # Inside the period nothing is undated: the headline is the whole answer.
    inside: Any = run_query("diff", york, {"before": "2014-01-01", "after": "2016-03-31"})
    assert "Not dated" not in inside.summary() and all(c.undated == 0 for c in inside.counts)


def test_a_contract_that_began_and_ended_inside_the_window_is_reported(staffordshire: Partnership) -> None:
    """003 and the OCDS record: the short-breaks framework ran from 1 April 2020 to 31 March 2022. Compared
    across 2019-2023 it is in force on neither date, yet it came and went in between: the answer says so
    rather than 'nothing changed'."""
    r: Any = run_query("diff", staffordshire, {"before": "2019-01-01", "after": "2023-01-01"})
    assert [(n.id, n.change) for n in r.came_and_went] == [("short-breaks-framework", "came and went")]
    assert r.count("node", "came and went") == 1
    assert "nothing recorded changed" not in r.summary()
    assert "Began and ended between the two dates" in r.summary()
    # Inside its life the same service is simply in force on both dates: nothing came and went.
    inside: Any = run_query("diff", staffordshire, {"before": "2020-06-01", "after": "2021-06-01"})
    assert inside.came_and_went == []
