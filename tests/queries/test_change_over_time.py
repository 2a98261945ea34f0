"""Change over time: the ``diff`` query, and ``as_of`` on the others.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (money moved between services missed) fails a test. Queries are reached
through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import build, edge, node

from graph_model import InvalidParameters, Partnership
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
