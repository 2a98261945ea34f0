"""The registry's own rules: as-of dates, nodes not in force, queries that take no as-of."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import build, edge, node

from graph_model import InvalidParameters, Partnership, UnknownNode
from queries.registry import FAMILIES, all_queries, run_query

# A cohort served by one service that ran 2008-2012 and was then decommissioned.
HISTORY = build(
    [node("carers", "Cohort", name="Young carers"),
     node("o", "Outcome", name="Carers supported"),
     node("old", "Service", name="Carers project", status="decommissioned",
          valid_from="2008-04-01", valid_to="2012-07-03"),
     node("new", "Service", name="Carers hub", status="planned", start_date="2014-04-01")],
    [edge("TARGETS", "old", "carers"), edge("CONTRIBUTES_TO", "old", "o"),
     edge("TARGETS", "new", "carers"), edge("CONTRIBUTES_TO", "new", "o")])


def uncovered_cohorts(result: Any) -> set[str]:
    return {g.node.id for g in result.gaps if g.kind == "cohort" and g.gap == "no-active-service"}


def test_as_of_reads_status_from_dates_in_every_query() -> None:
    # In 2010 the decommissioned project was running; in 2013 nothing was; from 2014 the hub is.
    assert uncovered_cohorts(run_query("gaps", HISTORY, {}, as_of=dt.date(2010, 1, 1))) == set()
    assert uncovered_cohorts(run_query("gaps", HISTORY, {}, as_of=dt.date(2013, 1, 1))) == {"carers"}
    assert uncovered_cohorts(run_query("gaps", HISTORY, {}, as_of=dt.date(2015, 1, 1))) == set()
    # Stopping the project in 2010 would have left young carers with nothing (the hub came in 2014).
    stopped = run_query("decommission-impact", HISTORY, {"node": ["old"]}, as_of=dt.date(2010, 1, 1))
    assert "1 of 1 cohorts reached would have no other active service (Young carers)" in stopped.summary()


def test_a_node_not_in_force_on_the_day_is_named_as_such() -> None:
    with pytest.raises(InvalidParameters, match=r"'old' was not in force on 2015-01-01 \(valid 2008-04-01 to 2012-07-03\)"):
        run_query("decommission-impact", HISTORY, {"node": ["old"]}, as_of=dt.date(2015, 1, 1))
    with pytest.raises(UnknownNode, match="no node has id or name 'nowhere'"):
        run_query("decommission-impact", HISTORY, {"node": ["nowhere"]}, as_of=dt.date(2015, 1, 1))


def test_diff_takes_no_as_of_and_every_other_query_does() -> None:
    takes = {q.name: q.as_of for q in all_queries()}
    assert [name for name, yes in takes.items() if not yes] == ["diff"]
    with pytest.raises(InvalidParameters, match="takes no as-of date"):
        run_query("diff", HISTORY, {"before": "2010-01-01", "after": "2015-01-01"}, as_of=dt.date(2013, 1, 1))


def test_every_family_has_a_query() -> None:
    assert {q.family for q in all_queries()} == set(FAMILIES)


def test_york_as_of_2010_shows_the_plan_then_in_force(york: Partnership) -> None:
    # 001: York's plans ran 2005-08, 2007-10, 2009-12 and 2013-16; in 2010 the 2009-12 plan was in force.
    plans = {p.id for p in york.as_of(dt.date(2010, 6, 1)).nodes("Plan") if "cypp" in p.id}
    assert "cypp-2013-16" not in plans and any("2009" in p for p in plans)


@pytest.fixture(scope="module")
def synthetic_s() -> Partnership:
    from graph_model.synthetic import build as build_synthetic
    from graph_model.synthetic import generate

    return build_synthetic(generate("s", seed=0)[0])


@pytest.mark.parametrize("dataset", ["york", "staffordshire", "synthetic_s"])
@pytest.mark.parametrize("name", [q.name for q in all_queries()])
def test_every_query_answers_every_dataset_in_one_shape(request: pytest.FixtureRequest, dataset: str,
                                                        name: str) -> None:
    """The contract the CLI, and later the API, rely on: every query runs on each bundled and the
    synthetic s partnership; its JSON reads back to an equal result; its summary says something;
    its table keeps to its declared columns."""
    from queries.examples import example_params
    from queries.registry import get_query

    p: Partnership = request.getfixturevalue(dataset)
    query = get_query(name)
    params = example_params(query, p)
    assert params is not None, f"no parameters could be chosen for {name} on {dataset}"
    result = run_query(name, p, params)
    assert isinstance(result, query.result)
    assert query.result.model_validate_json(result.model_dump_json()) == result
    assert result.summary().strip()
    columns = set(query.result.columns)
    assert columns, f"{name} declares no table columns"
    assert all(set(row) <= columns for row in result.table())
