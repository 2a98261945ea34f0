"""The golden thread: the ``golden-thread`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (a thread broken in the wrong place, a sub-plan left out) fails a test.
Queries are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

from typing import Any

import pytest
from builders import build, edge, node

from graph_model import Partnership
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_first_threads_to_a_cypp_priority_and_the_cypp(york: Partnership) -> None:
    """001 FIRST: no disabled child has needed an out-of-area placement since FIRST; 000: the CYPP 2013-16
    priorities. FIRST contributes to fewer out-of-area placements, which threads to the CYPP 2013-16."""
    r = run_query("golden-thread", york, {"node": ["first"]})
    rows = r.traces[0].rows
    assert {row.outcome.id for row in rows if row.outcome} == {"fewer-out-of-area-placements-disabled-children"}
    assert all(row.priority and row.priority.id.startswith("priority-") for row in rows)
    assert {row.plan.id for row in rows if row.plan} == {"cypp-2013-16"}
    assert r.unthreaded == []


def test_the_cypp_gathers_first_and_howe_hill(york: Partnership) -> None:
    """000: the five CYPP 2013-16 priorities; 001: FIRST and Howe Hill are commissioned to deliver them."""
    r = run_query("golden-thread", york, {"node": ["cypp-2013-16"]})
    services = {row.service.id for row in r.traces[0].rows if row.service}
    assert {"first", "howe-hill"} <= services
    priorities = {row.priority.id for row in r.traces[0].rows if row.priority}
    assert priorities <= {"priority-happy-family-life", "priority-extra-help-early", "priority-good-mental-health",
                          "priority-reaching-further", "priority-planning-well"}


# -- on hand-built partnerships --------------------------------------------------------------------


THREAD_NODES = [node("cypp", "Plan", name="CYPP"), node("action-plan", "Plan", name="Action plan"),
                node("pr", "Priority", name="Happy family life"), node("pr2", "Priority", name="Action priority"),
                node("pr-orphan", "Priority", name="Orphan priority"),
                node("o", "Outcome", name="Fewer placements"), node("o2", "Outcome", name="Families supported"),
                node("o-dead-end", "Outcome", name="Lower pregnancy"), node("o-orphan-pr", "Outcome", name="Orphaned"),
                node("first", "Service", name="FIRST"), node("catalyst", "Service", name="Catalyst"),
                node("tp", "Service", name="Teenage pregnancy"), node("lonely", "Service", name="Lonely"),
                node("odd", "Service", name="Odd"), node("old", "Service", name="Old", status="decommissioned")]
THREAD_EDGES = [edge("PART_OF", "pr", "cypp"), edge("PART_OF", "action-plan", "cypp"),
                edge("PART_OF", "pr2", "action-plan"),
                edge("SUPPORTS_PRIORITY", "o", "pr"), edge("SUPPORTS_PRIORITY", "o2", "pr2"),
                edge("SUPPORTS_PRIORITY", "o-orphan-pr", "pr-orphan"),
                edge("CONTRIBUTES_TO", "first", "o"), edge("CONTRIBUTES_TO", "catalyst", "o2"),
                edge("CONTRIBUTES_TO", "old", "o"), edge("CONTRIBUTES_TO", "tp", "o-dead-end"),
                edge("CONTRIBUTES_TO", "odd", "o-orphan-pr")]


@pytest.fixture(scope="module")
def thread() -> Partnership:
    return build(THREAD_NODES, THREAD_EDGES)


def rows_of(result: Any) -> list[tuple[str | None, ...]]:
    return [tuple(x.id if x else None for x in (r.service, r.outcome, r.priority, r.plan))
            for t in result.traces for r in t.rows]


def test_a_service_threads_up_to_its_plan(thread: Partnership) -> None:
    r = run_query("golden-thread", thread, {"node": ["FIRST"]})
    assert rows_of(r) == [("first", "o", "pr", "cypp")] and r.unthreaded == []
    assert r.summary() == "FIRST contributes to Fewer placements, which supports Happy family life (CYPP)."


@pytest.mark.parametrize(("service", "breaks"), [
    ("lonely", "no-outcome"), ("tp", "no-priority"), ("odd", "no-plan")])
def test_where_the_thread_breaks(thread: Partnership, service: str, breaks: str) -> None:
    r = run_query("golden-thread", thread, {"node": [service]})
    assert [(u.service.id, u.breaks) for u in r.unthreaded] == [(service, breaks)]


def test_without_a_node_every_active_service_is_checked(thread: Partnership) -> None:
    r = run_query("golden-thread", thread, {})
    assert r.traces == [] and r.services_checked == 5  # "old" is decommissioned
    assert [(u.service.id, u.breaks) for u in r.unthreaded] == [
        ("tp", "no-priority"), ("lonely", "no-outcome"), ("odd", "no-plan")]
    assert r.summary().startswith("2 of 5 services thread through to a plan; 3 do not:")


def test_a_plan_gathers_everything_that_contributes_including_sub_plans(thread: Partnership) -> None:
    r = run_query("golden-thread", thread, {"node": ["cypp"]})
    assert rows_of(r) == [("first", "o", "pr", "cypp"), ("catalyst", "o2", "pr2", "action-plan")]
    with_closed = run_query("golden-thread", thread, {"node": ["cypp"], "active_only": False})
    assert ("old", "o", "pr", "cypp") in rows_of(with_closed)


def test_a_priority_or_outcome_with_nothing_below_still_shows_its_strand(thread: Partnership) -> None:
    assert rows_of(run_query("golden-thread", thread, {"node": ["pr-orphan"]})) == [
        ("odd", "o-orphan-pr", "pr-orphan", None)]
    lonely_outcome = build([node("o", "Outcome"), node("pr", "Priority"), node("plan", "Plan")],
                           [edge("SUPPORTS_PRIORITY", "o", "pr"), edge("PART_OF", "pr", "plan")])
    assert rows_of(run_query("golden-thread", lonely_outcome, {"node": ["o"]})) == [(None, "o", "pr", "plan")]
