"""The golden thread: the ``golden-thread`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (a thread broken in the wrong place, a sub-plan left out) fails a test.
Queries are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import build, edge, node

from graph_model import InvalidParameters, Partnership
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


YORK_SERVICES = 9  # 001 Commissioning examples: the ten services York's documents describe, less TaMHS, whose work
# ELSA carries on (001 ELSA): the York data reads it as over, and the thread is checked for live services only
NEW_PLAN_ENDS = dt.date(2016, 12, 31)  # "2013-16", years only: the record runs to the end of 2016


@pytest.mark.parametrize(("day", "checked"), [
    (dt.date(2008, 1, 1), 1),  # before the period: only the nurture groups, dated from 2002 (001)
    (dt.date(2014, 6, 1), YORK_SERVICES),
    (None, YORK_SERVICES),  # by default: the end of the period, 31 March 2016
    (dt.date(2018, 1, 1), YORK_SERVICES),  # after the 2013-16 plan: the services carry on (assumed), its priorities not
], ids=["2008", "2014", "default", "2018"])
def test_the_golden_thread_is_coherent_on_every_date(york: Partnership, day: dt.date | None, checked: int) -> None:
    """000 §3: the five priorities are the 2013-16 plan's; 001 Context: York's plans covered 2005-8, 2007-10,
    2009-12 and 2013-16. A priority belongs to its plan's period, so on no date does a service's thread
    break at a priority that belongs to no plan: while the plan is in force every service threads through
    to it (001 ties each example to the plan's outcomes); before and after it, no priority is in force."""
    r: Any = run_query("golden-thread", york, {}, as_of=day, today=dt.date(2026, 11, 26))
    assert r.services_checked == checked
    assert "no-plan" not in {u.breaks for u in r.unthreaded}
    in_force = dt.date(2013, 4, 1) <= r.as_of <= NEW_PLAN_ENDS
    if in_force:
        assert r.unthreaded == [] and r.warnings == []
    else:
        assert len(r.unthreaded) == checked and r.warnings  # the date is outside the period, and it says so
    priorities = {n.id for n in york.as_of(r.as_of).nodes("Priority")}
    assert len(priorities) == (5 if in_force else 0)


def test_the_thread_through_the_plan_of_2013_16_is_empty_before_and_after_it(york: Partnership) -> None:
    """000 §3: the five priorities of the 2013-16 plan; the plan is not in force in 2018."""
    with pytest.raises(InvalidParameters, match="'cypp-2013-16' was not in force on 2018-01-01"):
        run_query("golden-thread", york, {"node": ["cypp-2013-16"]}, as_of=dt.date(2018, 1, 1))
    now: Any = run_query("golden-thread", york, {"node": ["cypp-2013-16"]}, as_of=dt.date(2014, 6, 1))
    assert {row.priority.id for row in now.traces[0].rows if row.priority} == {
        "priority-happy-family-life", "priority-extra-help-early", "priority-good-mental-health",
        "priority-reaching-further", "priority-planning-well"}


# -- on hand-built partnerships --------------------------------------------------------------------


#: A dated plan with an undated priority and an undated PART_OF link to it; no period declared, so
#: every other undated record holds on any date.
DATED_PLAN = build([node("cypp", "Plan", name="CYPP 2013-16", valid_from="2013-04-01", valid_to="2016-03-31"),
                    node("pr", "Priority", name="Happy family life"), node("o", "Outcome", name="Fewer placements"),
                    node("first", "Service", name="FIRST")],
                   [edge("PART_OF", "pr", "cypp"), edge("SUPPORTS_PRIORITY", "o", "pr"),
                    edge("CONTRIBUTES_TO", "first", "o")])


@pytest.mark.parametrize(("day", "breaks"), [
    (dt.date(2008, 1, 1), ["no-priority"]), (dt.date(2014, 1, 1), []), (dt.date(2018, 1, 1), ["no-priority"])])
def test_an_undated_priority_belongs_to_its_plans_period(day: dt.date, breaks: list[str]) -> None:
    r: Any = run_query("golden-thread", DATED_PLAN, {}, as_of=day)
    assert [u.breaks for u in r.unthreaded] == breaks
    assert DATED_PLAN.span(DATED_PLAN.node("pr")) == (dt.date(2013, 4, 1), dt.date(2016, 3, 31))
    assert DATED_PLAN.span(DATED_PLAN.edges("PART_OF")[0]) == (dt.date(2013, 4, 1), dt.date(2016, 3, 31))



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


def test_york_indicators_say_which_way_things_are_going(york: Partnership) -> None:
    """001 NEET and RPA: learners with learning difficulties placed outside York fell from 26 (2010/11) to 12
    (2013/14) - improving, since fewer is better. 001 Howe Hill: 16-17 year olds presenting as homeless fell
    from about 45 a year to none. 001 Teenage pregnancy: the downward trend continues, but no figure is given -
    no data, not 'no change'."""
    r: Any = run_query("indicators", york)
    travel = {t.indicator.id: t.travel for t in r.indicators}
    assert travel["lldd-placements-outside-york"] == "improving"
    assert travel["homeless-16-17-presentations"] == "improving"
    assert travel["teenage-pregnancy"] == "no data"
    assert [n.id for n in r.no_data] == ["teenage-pregnancy"]
    lldd = next(t for t in r.indicators if t.indicator.id == "lldd-placements-outside-york")
    assert (lldd.first, lldd.latest) == ("26 learners (baseline)", "12 learners (2013/14)")
    assert "No data recorded for Teenage pregnancy." in r.summary()
    # One observation and no baseline (FIRST's savings) is not a trend: not judged.
    assert travel["first-cost-savings"] == "not judged"


def test_york_outcomes_with_no_indicator_are_not_recorded_not_unmeasured(york: Partnership) -> None:
    """001 Catalyst: the document describes the family intervention work (families on the edge of care) but gives
    no measure of it; York's file declares its records the documents' examples. So the five priority outcomes
    with no indicator are what the data leaves out, not outcomes York does not measure."""
    r: Any = run_query("indicators", york)
    assert "families-supported-in-community" in {o.id for o in r.outcomes_without_indicator}
    words = r.summary()
    assert f"{len(r.outcomes_without_indicator)} priority outcomes have no indicator recorded: " in words
    assert "records only the indicators the documents name" in words
    assert "have no indicator:" not in words


def test_outcomes_with_no_indicator_say_nothing_more_when_the_file_declares_its_records_complete() -> None:
    nodes = [node("o", "Outcome"), node("o2", "Outcome"), node("p", "Priority"), node("i", "Indicator")]
    edges = [edge("SUPPORTS_PRIORITY", "o", "p"), edge("MEASURED_BY", "o2", "i")]
    complete: Any = run_query("indicators", Partnership.from_records(
        {"id": "c", "name": "C", "coverage": {"services": "complete", "money": "complete"}}, nodes=nodes, edges=edges))
    assert complete.not_recorded == ""
    silent: Any = run_query("indicators", build(nodes, edges))
    assert "does not say whether it records every indicator" in silent.summary()


def test_york_year_on_year_participation_gain_is_improving(york: Partnership) -> None:
    """001 NEET and RPA: in June 2013 participation of 16 and 17 year olds stood 1.6 points above a year before,
    and higher participation is better. The figure is itself a change on a year earlier, so a rise is improving,
    with no baseline needed. The gap above the regional and national averages is a comparison, not a travel over
    time, and stays not judged; the count of eligible two-year-olds (a government estimate, no better way) too."""
    r: Any = run_query("indicators", york)
    travel = {t.indicator.id: t.travel for t in r.indicators}
    assert travel["participation-16-17-year-on-year"] == "improving"
    assert travel["participation-16-17-above-regional-national"] == "not judged"
    assert travel["eligible-two-year-olds-estimate"] == "not judged"


@pytest.mark.parametrize(("value", "direction", "expected"), [
    (1.6, "higher", "improving"), (-2.0, "higher", "worsening"), (-2.0, "lower", "improving"),
    (0.0, "higher", "no change"), (3.0, None, "not judged")], ids=["rise-up", "fall-up", "fall-down", "zero", "no-way"])
def test_a_change_type_indicator_is_judged_by_its_sign_and_direction(value: float, direction: str | None,
                                                                      expected: str) -> None:
    extra = {"direction": direction} if direction else {}
    ind = node("chg", "Indicator", name="Take-up: change on a year earlier", unit="percentage points",
               observations=[{"value": value, "period": "2014"}], **extra)
    r: Any = run_query("indicators", build([node("o", "Outcome"), ind], [edge("MEASURED_BY", "o", "chg")]))
    assert r.indicators[0].travel == expected


def test_indicators_judge_travel_by_the_better_direction_and_the_target() -> None:
    nodes = [node("o", "Outcome"), node("o2", "Outcome"), node("p", "Priority"),
             node("up", "Indicator", direction="higher", target=90,
                  observations=[{"value": 80, "date": "2013-01-01"}, {"value": 70, "date": "2014-01-01"}]),
             node("flat", "Indicator", direction="lower", baseline=5, observations=[{"value": 5, "period": "now"}])]
    edges = [edge("MEASURED_BY", "o", "up"), edge("MEASURED_BY", "o", "flat"),
             edge("SUPPORTS_PRIORITY", "o", "p"), edge("SUPPORTS_PRIORITY", "o2", "p")]
    r: Any = run_query("indicators", build(nodes, edges))
    got = {t.indicator.id: (t.travel, t.target) for t in r.indicators}
    assert got == {"up": ("worsening", "not yet met"), "flat": ("no change", None)}
    assert [o.id for o in r.outcomes_without_indicator] == ["o2"]
