"""Gaps: the ``gaps`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (a decommissioned service counted as cover, an unfunded service taken for
money) fails a test. Queries are reached through the registry (``run_query``), as every
interface reaches them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import build, covers, edge, node

from graph_model import NodeType, Partnership
from graph_model.models import with_changes
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_homeless_16_17_year_olds_are_reached_by_howe_hill(york: Partnership) -> None:
    """001 Howe Hill: a service for homeless young people aged 16-21; presentations of 16-17 year olds fell to zero."""
    r = run_query("gaps", york, {"all_outcomes": True})
    no_service = {g.node.id for g in r.gaps if g.gap == "no-active-service"}
    assert no_service.isdisjoint({"no-homeless-16-17-year-olds", "homeless-16-17", "homeless-16-21"})
    cells = {(c.outcome, c.column) for c in r.matrix}
    assert ("no-homeless-16-17-year-olds", "homeless-16-17") in cells


def test_staffordshire_outcomes_without_a_named_service_are_gaps(staffordshire: Partnership) -> None:
    """003 names no Staffordshire service for obesity, diet or exercise, so nothing active reaches them."""
    r = run_query("gaps", staffordshire, {"all_outcomes": True})
    no_service = {g.node.id for g in r.gaps if g.gap == "no-active-service"}
    assert {"less-obesity", "better-diet", "more-exercise"} <= no_service
    outcomes = {o.id for o in staffordshire.nodes(NodeType.OUTCOME)}
    assert no_service <= outcomes | {n.id for n in staffordshire.nodes(NodeType.COHORT, NodeType.LOCALITY)}


def _without_contract_value(p: Partnership) -> Partnership:
    """Staffordshire with the short-breaks contract's value left out: then no money is recorded for any service,
    and every locality the framework reaches is a no-money gap, whose rows say how it is reached."""
    info, nodes, edges = p.records()
    edges = [with_changes(e, lifetime_value=None) if e.type.value == "COMMISSIONS" else e for e in edges]
    return Partnership(info, nodes, edges)


def test_a_contract_value_is_money_recorded(staffordshire: Partnership) -> None:
    """The Contracts Finder release records the short-breaks framework's value (£800,000): the localities it
    reaches are not "reached only by services with no funding recorded"."""
    r = run_query("gaps", staffordshire, {})
    assert not [g for g in r.gaps if g.kind == "locality"]
    assert "no funding recorded: Staffordshire" not in r.summary()
    bare = run_query("gaps", _without_contract_value(staffordshire), {})
    assert len([g for g in bare.gaps if g.kind == "locality" and g.gap == "no-money"]) == 59


def test_staffordshire_localities_are_reached_only_through_the_county_wide_short_breaks(
        staffordshire: Partnership) -> None:
    """The one service recorded for a Staffordshire locality is the short breaks framework, which serves
    Staffordshire itself ("within Staffordshire", its OCDS tender description); the county's 8 district areas
    (003 §6) and the 50 C&LP areas inside them (003 §6, generated) are reached only through it, not by a
    service of their own, and the answer must say so rather than "every locality is reached"."""
    r = run_query("gaps", _without_contract_value(staffordshire), {})
    summary = r.summary()
    assert "Every locality" not in summary
    assert ("59 of 59 localities are reached by an active service: 1 by a service of its own, 58 only through "
            "a service for a wider area containing them (Children's Short Break Activities and Support Services "
            "(Aiming High))." in summary)
    (locality,) = [c for c in r.reach if c.kind == "locality"]
    assert (locality.own, locality.wider, locality.narrower, locality.unreached) == (1, 58, 0, 0)
    assert [s.id for s in locality.wider_services] == ["short-breaks-framework"]
    rows = {row["id"]: row for row in r.table() if row["kind"] == "locality"}
    assert rows["staffordshire"]["reached"] == "own service"
    assert rows["district-area-1"]["reached"] == "through wider: Staffordshire"  # Cannock Chase, 003 §6
    assert rows["clp-area-01"]["reached"] == "through wider: Staffordshire"
    by_id = {g.node.id: g for g in r.gaps}
    assert (by_id["district-area-1"].reached_by, [n.id for n in by_id["district-area-1"].through]) == (
        "wider", ["staffordshire"])
    assert by_id["staffordshire"].reached_by == "own"


def test_the_coverage_matrix_is_in_the_table_and_the_csv(york: Partnership) -> None:
    """001 Howe Hill: a service for homeless young people (16-21) for the outcome "no homeless 16 and 17 year
    olds": its cell of the coverage matrix is shown in table and CSV output, not only in JSON."""
    from api.render import render_result

    r = run_query("gaps", york, {"all_outcomes": True})
    rows = [row for row in r.table() if row["section"] == "coverage"]
    assert len(rows) == len(r.matrix)
    assert ("no-homeless-16-17-year-olds", "homeless-16-17") in [(row["id"], row["column_id"]) for row in rows]
    assert all(list(row) == list(type(r).columns) for row in r.table())
    csv = render_result(r, "csv")
    assert "coverage,outcome,no-homeless-16-17-year-olds,No homeless 16 and 17 year olds,," in csv
    assert f"Coverage matrix (outcomes × cohorts): {len(r.matrix)} of " in r.summary()
    assert "Coverage matrix" in render_result(r, "table")


def test_services_without_a_recorded_budget_are_reported_as_no_funding_recorded(york: Partnership) -> None:
    """001 gives no amounts and names no budget behind Howe Hill: its cohort is reached by an active service
    with no funding recorded - unknown, not unfunded."""
    r = run_query("gaps", york, {})
    assert ("homeless-16-21", "no-money") in [(g.node.id, g.gap) for g in r.gaps]
    assert "reached only by services with no funding recorded: " in r.summary()
    assert "no budget funds" not in r.summary()


def test_staffordshire_generated_areas_are_counted_as_stand_ins(staffordshire: Partnership) -> None:
    """003 §6 gives only the number of Community and Learning Partnerships (50): their areas are generated. They
    are summed up in one line, not named among the county and its districts, and listed last in the table."""
    r = run_query("gaps", _without_contract_value(staffordshire), {})
    stand_ins = [g.node.id for g in r.gaps if g.stand_in]
    assert len(stand_ins) == 50 and all(i.startswith("clp-area-") for i in stand_ins)
    text = r.summary()
    assert ("Besides these, 50 generated stand-ins (localities the project made up for what a document only "
            "counts): 50 reached only by services with no funding recorded; the table lists them last.") in text
    assert "9 of them are reached only by services with no funding recorded: Staffordshire, Cannock Chase" in text
    assert "Community and Learning Partnership" not in text
    gaps = [row for row in r.table() if row["section"] == "gap"]
    first = next(i for i, row in enumerate(gaps) if row["id"].startswith("clp-area-"))
    assert all(row["id"].startswith("clp-area-") for row in gaps[first:])


def test_before_the_period_gaps_says_there_is_nothing_to_check(york: Partnership) -> None:
    """York's data describes April 2013 to March 2016 (000: the 2013-16 plan); its outcomes, cohorts and places
    carry no dates of their own, so on 1 January 2012 none is in force: the answer says what it found."""
    r = run_query("gaps", york, {}, as_of=dt.date(2012, 1, 1))
    assert r.summary().startswith("Nothing to check on this date: no outcome, cohort or locality is in force then")
    assert "All outcomes were checked" not in r.summary()


# -- on hand-built partnerships --------------------------------------------------------------------


GAP_NODES = [node("plan", "Plan"), node("pr", "Priority"), node("o-served", "Outcome"), node("o-unfunded", "Outcome"),
             node("o-none", "Outcome"), node("o-not-priority", "Outcome"), node("grant", "Budget"),
             node("s-funded", "Service"), node("s-unfunded", "Service"), node("s-closed", "Service",
                                                                              status="decommissioned")]
GAP_EDGES = [edge("PART_OF", "pr", "plan"), *(edge("SUPPORTS_PRIORITY", o, "pr") for o in
                                                 ("o-served", "o-unfunded", "o-none")),
             edge("FUNDS", "grant", "s-funded"), edge("CONTRIBUTES_TO", "s-funded", "o-served"),
             edge("CONTRIBUTES_TO", "s-unfunded", "o-unfunded"), edge("CONTRIBUTES_TO", "s-closed", "o-none"),
             edge("FUNDS", "grant", "s-closed")]


def test_gaps_tell_no_service_from_no_money_and_ignore_decommissioned_services() -> None:
    r = run_query("gaps", build(GAP_NODES, GAP_EDGES), {})
    assert r.outcome_scope == "priority"
    assert [(g.node.id, g.gap) for g in r.gaps if g.kind == "outcome"] == [
        ("o-unfunded", "no-money"), ("o-none", "no-active-service")]
    assert r.checked["outcome"] == 3  # o-not-priority supports no priority
    assert "1 of 3 priority outcomes has no active service recorded: O None." in r.summary()


def test_without_priorities_every_outcome_is_checked_and_the_answer_says_so() -> None:
    p = build([node("o", "Outcome"), node("o2", "Outcome"), node("s", "Service")], [edge("CONTRIBUTES_TO", "s", "o")])
    r = run_query("gaps", p, {})
    assert r.outcome_scope == "all" and [g.node.id for g in r.gaps] == ["o", "o2"]
    assert "All outcomes were checked" in r.summary()


def test_a_city_wide_service_reaches_the_citys_areas_and_an_area_service_reaches_the_city() -> None:
    p = build([node("york", "Locality"), node("acomb", "Locality"), node("county", "Locality"),
               node("elsewhere", "Locality"), node("city-svc", "Service"), node("area-svc", "Service")],
              [edge("PART_OF", "acomb", "york"), edge("PART_OF", "york", "county"),
               edge("SERVES", "city-svc", "york")])
    gap_ids = [g.node.id for g in run_query("gaps", p, {}).gaps if g.gap == "no-active-service"]
    assert gap_ids == ["elsewhere"]


def test_each_area_says_whether_it_is_reached_by_its_own_service_or_through_a_wider_or_narrower_one() -> None:
    p = build([node("york", "Locality"), node("acomb", "Locality"), node("county", "Locality"),
               node("elsewhere", "Locality"), node("city-svc", "Service", name="City service")],
              [edge("PART_OF", "acomb", "york"), edge("PART_OF", "york", "county"),
               edge("SERVES", "city-svc", "york")])
    r = run_query("gaps", p, {})
    how = {g.node.id: (g.reached_by, [n.id for n in g.through]) for g in r.gaps}
    assert how == {"york": ("own", []), "acomb": ("wider", ["york"]), "county": ("narrower", ["york"]),
                   "elsewhere": (None, [])}
    assert ("Of the other 3, reached by an active service: 1 by a service of its own, 1 only through a service "
            "for a wider area containing it (City service), 1 only through a service for a narrower area inside "
            "it (City service).") in r.summary()


def test_areas_each_with_a_service_of_their_own_say_so() -> None:
    p = build([node("york", "Locality"), node("s", "Service")], [edge("SERVES", "s", "york")])
    assert "Every locality (1) is reached by an active service of its own." in run_query("gaps", p, {}).summary()


def test_an_unfunded_service_leaves_its_cohort_without_money() -> None:
    p = build([node("carers", "Cohort"), node("s", "Service"), node("grant", "Budget")],
              [edge("TARGETS", "s", "carers")])
    (gap,) = run_query("gaps", p, {}).gaps
    assert (gap.kind, gap.node.id, gap.gap, gap.services) == ("cohort", "carers", "no-money", 1)


@pytest.mark.parametrize("matrix", ["cohort", "locality"])
def test_coverage_matrix_counts_active_services_per_outcome_and_column(matrix: str) -> None:
    p = build([node("o", "Outcome"), node("c", "Cohort"), node("l", "Locality"),
               node("a", "Service"), node("b", "Service"), node("x", "Service", status="planned")],
              [*covers("a", "o", "c", "l"), *covers("b", "o", "c", "l"), *covers("x", "o", "c", "l")])
    r = run_query("gaps", p, {"matrix": matrix})
    column = "c" if matrix == "cohort" else "l"
    assert [(c.outcome, c.column, c.services) for c in r.matrix] == [("o", column, 2)]
    assert [n.id for n in r.matrix_cols] == [column]
    assert [(row["id"], row["column_id"], row["services"]) for row in r.table() if row["section"] == "coverage"] == [
        ("o", column, 2)]
    assert "1 of 1 cells have an active service" in r.summary()


def test_the_tables_matrix_cells_are_listed_outcome_by_outcome_in_the_order_given() -> None:
    p = build([node("o1", "Outcome"), node("o2", "Outcome"), node("c1", "Cohort"), node("c2", "Cohort"),
               node("late", "Service"), node("early", "Service")],
              [*covers("late", "o2", "c1"), *covers("early", "o1", "c2"), edge("TARGETS", "early", "c1")])
    r = run_query("gaps", p, {})
    rows = [(row["id"], row["column_id"]) for row in r.table() if row["section"] == "coverage"]
    assert rows == [("o1", "c1"), ("o1", "c2"), ("o2", "c1")]


def test_the_matrix_of_priority_outcomes_leaves_other_outcomes_out_however_often_asked() -> None:
    """What gaps works out is kept with the partnership: each scope and each kind of column keeps its own cells."""
    p = build([*GAP_NODES, node("c", "Cohort"), node("l", "Locality")],
              [*GAP_EDGES, edge("TARGETS", "s-funded", "c"), edge("SERVES", "s-funded", "l"),
               *covers("s-unfunded", "o-not-priority", "c", "l")])
    for _ in range(2):
        for matrix, column in (("cohort", "c"), ("locality", "l")):
            priority = run_query("gaps", p, {"matrix": matrix})
            assert [(c.outcome, c.column, c.services) for c in priority.matrix] == [
                ("o-served", column, 1), ("o-unfunded", column, 1)]
            every = run_query("gaps", p, {"matrix": matrix, "all_outcomes": True})
            assert [(c.outcome, c.column, c.services) for c in every.matrix] == [
                ("o-served", column, 1), ("o-unfunded", column, 1), ("o-not-priority", column, 1)]


def test_each_day_asked_has_its_own_gaps() -> None:
    """An answer kept for one day's partnership is not given for another day's."""
    p = build([node("o", "Outcome"), node("c", "Cohort"), node("grant", "Budget"),
               node("s", "Service", start_date="2014-01-01", end_date="2014-12-31")],
              [*covers("s", "o", "c"), edge("FUNDS", "grant", "s")])
    for _ in range(2):
        for day, expected in (("2014-06-01", []), ("2015-06-01", [("o", "no-active-service"),
                                                                  ("c", "no-active-service")])):
            r = run_query("gaps", p, {}, as_of=dt.date.fromisoformat(day))
            assert [(g.node.id, g.gap) for g in r.gaps] == expected
            assert len(r.matrix) == (0 if expected else 1)


def test_a_name_shared_only_with_a_node_out_of_force_needs_no_id_on_that_day() -> None:
    """Node refs are kept with each day's partnership: a label made for one day is not given on another."""
    p = build([node("a1.diet", "Outcome", name="Better diet"),
               node("a2.diet", "Outcome", name="Better diet", valid_to="2014-12-31")])
    for _ in range(2):
        before = run_query("gaps", p, {}, as_of=dt.date(2014, 6, 1))
        assert [g.node.label for g in before.gaps] == ["Better diet [a1.diet]", "Better diet [a2.diet]"]
        after = run_query("gaps", p, {}, as_of=dt.date(2015, 6, 1))
        assert [g.node.label for g in after.gaps] == ["Better diet"]


def test_york_youth_homelessness_reaches_a_priority_only_through_howe_hill(york: Partnership) -> None:
    """001 Howe Hill answers homelessness among 16 and 17 year olds and its result is that none now present as
    homeless; no priority of 000 names the need, but the outcome Howe Hill contributes to is read (an assumption)
    as supporting "Helping all York children enjoy a happy family life", as golden-thread traces it. So the need
    is answered by a priority through Howe Hill, not left without one. The other needs York records are addressed
    both by a service and by a priority (000 Levels of commissioning; 001 ELSA, Catalyst, FIRST, NEET and RPA)."""
    r: Any = run_query("needs", york)
    gaps = {n.need.id: n for n in r.needs}
    homeless = gaps["need-youth-homelessness"]
    assert _names(homeless.services) == ["Howe Hill"] and homeless.priorities == []
    assert [(t.service.name, t.priority.name) for t in homeless.through] == [
        ("Howe Hill", "Helping all York children enjoy a happy family life")]
    assert (r.total, r.without_service, r.without_priority, r.through_only) == (4, 0, 0, 1)
    assert "): no priority" not in r.summary()
    assert "Howe Hill contributes to No homeless 16 and 17 year olds, which supports Helping all York children " \
           "enjoy a happy family life." in r.summary()
    thread = run_query("golden-thread", york, {"node": ["howe-hill"]})
    assert "Helping all York children enjoy a happy family life" in thread.summary()


def test_a_need_no_priority_reaches_either_way_is_still_a_gap() -> None:
    p = build([node("n", "Need"), node("s", "Service"), node("o", "Outcome"), node("pr", "Priority")],
              [edge("ADDRESSES", "s", "n"), edge("CONTRIBUTES_TO", "s", "o")])
    r: Any = run_query("needs", p)
    assert (r.without_priority, r.through_only) == (1, 0)
    assert r.table()[0]["gap"] == "no priority"
    linked = build([node("n", "Need"), node("s", "Service"), node("o", "Outcome"), node("pr", "Priority")],
                   [edge("ADDRESSES", "s", "n"), edge("CONTRIBUTES_TO", "s", "o"), edge("SUPPORTS_PRIORITY", "o", "pr")])
    r = run_query("needs", linked)
    assert (r.without_priority, r.through_only) == (0, 1)
    assert r.table()[0]["gap"] == "" and "(through" in r.table()[0]["priorities"]


def test_a_need_only_a_stopped_service_addressed_has_no_active_service() -> None:
    p = build([node("n", "Need"), node("gone", "Service", status="decommissioned"), node("pr", "Priority")],
              [edge("ADDRESSES", "gone", "n"), edge("ADDRESSES", "pr", "n")])
    r: Any = run_query("needs", p)
    assert (r.without_service, r.without_priority) == (1, 0)
    assert r.table()[0]["gap"] == "no active service"


def _names(refs: Any) -> list[str]:
    return [x.name for x in refs]
