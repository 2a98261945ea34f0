"""The registry's own rules and the contract every named query keeps.

As-of dates, nodes not in force, queries that take no as-of; every query answering
every dataset in one shape, in words and in its declared columns; node parameters
refused with close matches or for their type; and the layout of ``queries/`` (one
module per question family, named after it, sharing code only through the shared
modules).
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from builders import SMALL, build, covers, edge, node

import queries
from graph_model import InvalidParameters, Partnership, UnknownNode
from queries.registry import FAMILIES, all_queries, get_query, run_query

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
    assert "1 of 1 cohorts reached would have no other active service recorded (Young carers)" in stopped.summary()


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
    from loaders.synthetic import build as build_synthetic
    from loaders.synthetic import generate

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
    # Every answer states its date and why; diff states the two dates it compares instead.
    assert result.as_of_basis.strip().endswith(".")
    assert (result.as_of is not None) is query.as_of
    assert result.as_of is None or result.as_of == p.default_day()
    assert result.summary().strip()
    # Users read the documents' titles, never the project's numbering of its source files ("seed 003").
    words = result.summary() + " " + " ".join(str(v) for row in result.table() for v in row.values())
    assert not re.search(r"\bseeds? ?\d{3}\b", words, re.I), words
    columns = set(query.result.columns)
    assert columns, f"{name} declares no table columns"
    assert all(set(row) <= columns for row in result.table())


# -- every query: answers in words and in declared columns; node parameters ------------------------


@pytest.mark.parametrize("dataset", ["york", "staffordshire"])
@pytest.mark.parametrize("name", ["duplicates", "gaps", "service-map", "interdependencies",
                                  "accountability-integrity", "golden-thread"])
def test_every_part_a_query_answers_on_the_bundled_data(request: pytest.FixtureRequest, dataset: str,
                                                        name: str) -> None:
    p = request.getfixturevalue(dataset)
    result = run_query(name, p, {})
    assert result.partnership == dataset and result.summary().strip()
    assert all(list(row) == list(type(result).columns) for row in result.table())


PART_A = ("duplicates", "gaps", "service-map", "interdependencies", "reporting-line", "reports-to",
          "accountability-integrity", "golden-thread")


EMPTY = build([])


@pytest.mark.parametrize("name", [q for q in PART_A if q not in ("reporting-line", "reports-to")])
def test_query_on_an_empty_partnership_answers_in_words_and_an_empty_table(name: str) -> None:
    result = run_query(name, EMPTY, {})
    assert result.query == name and result.partnership == "demo"
    assert result.table() == []
    assert result.summary().strip()


@pytest.mark.parametrize("name", PART_A)
def test_query_rows_use_exactly_the_declared_columns(name: str) -> None:
    p = build([node("b", "Board"), node("g", "SubGroup"), node("o", "Outcome"), node("o2", "Outcome"),
               node("s", "Service"), node("t", "Service"), node("loose", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "g", "b"), edge("DEPENDS_ON", "o", "o2"), edge("COMMISSIONS", "g", "s"),
               *covers("s", "o"), *covers("t", "o")])
    params = {"reporting-line": {"node": "s"}, "reports-to": {"node": "b"},
              "interdependencies": {"node": ["o"]}, "golden-thread": {"node": ["s"]}}.get(name, {})
    result = run_query(name, p, params)
    rows = result.table()
    assert rows, f"{name} gave an empty table on a partnership with something to show"
    assert all(list(row) == list(type(result).columns) for row in rows)


@pytest.mark.parametrize("name", ["duplicates", "service-map", "interdependencies", "golden-thread"])
def test_unknown_node_is_refused_with_close_matches(name: str) -> None:
    p = build([node("less-obesity", "Outcome", name="Less obesity"), node("first", "Service", name="FIRST")])
    with pytest.raises(UnknownNode, match="less-obesity"):
        run_query(name, p, {"node": ["less-obesty"]})


@pytest.mark.parametrize(("name", "params"), [
    ("duplicates", {"node": ["o"]}),
    ("service-map", {"node": ["s"]}),
    ("interdependencies", {"node": ["s"]}),
    ("golden-thread", {"node": ["b"]}),
    ("reporting-line", {"node": "o"}),
    ("accountability-integrity", {"node": ["s"]}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_node_of_the_wrong_type_is_a_bad_parameter(name: str, params: dict[str, Any]) -> None:
    p = build([node("o", "Outcome"), node("s", "Service"), node("b", "Budget")])
    with pytest.raises(InvalidParameters, match=f"query '{name}'.*this query takes"):
        run_query(name, p, params)


def test_nodes_are_named_by_exact_name_as_well_as_id() -> None:
    p = build([node("icg", "SubGroup", name="Integrated Commissioning Group"), node("b", "Board")],
              [edge("ACCOUNTABLE_TO", "icg", "b")])
    by_name = run_query("reporting-line", p, {"node": "integrated commissioning group"})
    assert by_name.start.id == "icg"
    assert [s.above.id for s in by_name.line] == ["b"]


PART_B = ("funding", "decommission-impact", "health", "network", "diff")


PARAMS = {"decommission-impact": {"node": ["s"]}, "diff": {"before": "2013-01-01", "after": "2015-01-01"}}


@pytest.mark.parametrize("name", PART_B)
def test_rows_use_exactly_the_declared_columns_and_the_summary_answers(name: str) -> None:
    result = run_query(name, SMALL, PARAMS.get(name, {}))
    rows = result.table()
    assert rows, f"{name} gave an empty table on a partnership with something to show"
    assert all(list(row) == list(type(result).columns) for row in rows)
    assert result.query == name and result.partnership == "demo"
    assert result.summary().strip()


@pytest.mark.parametrize("name", ["funding", "health", "network"])
def test_an_empty_partnership_gives_an_empty_table_and_words(name: str) -> None:
    result = run_query(name, build([]))
    assert result.table() == []
    assert result.summary().strip()


def test_every_part_b_query_is_registered_in_its_family() -> None:
    families = {name: get_query(name).family for name in PART_B}
    assert families == {"funding": "funding", "decommission-impact": "decommissioning",
                        "health": "governance-health", "network": "network", "diff": "change-over-time"}


# -- the layout of queries/: one module per family, sharing code through shared modules ------------


QUERIES_DIR = Path(queries.__file__).parent
#: Modules of the package that are no question family: the package, the registry, code the
#: family modules share and example parameters.
NOT_FAMILIES = {"__init__", "registry", "common", "money", "examples"}
#: What a family module may import from the package: the registry and the shared code.
FAMILY_MAY_IMPORT = {"registry", "common", "money"}
#: The project's packages; queries may use graph_model (and loaders in doctests and tests only).
PROJECT = {"graph_model", "loaders", "queries", "api", "visualisations"}


def module_of(family: str) -> str:
    """The module a family's queries live in: its name with ``-`` read as ``_``."""
    return family.replace("-", "_")


def project_imports(module: str) -> set[str]:
    """What a module of ``queries/`` imports from the project, anywhere in it: ``queries.x`` for a
    module of the package, else the top-level package (``graph_model``)."""
    found: set[str] = set()
    for n in ast.walk(ast.parse((QUERIES_DIR / f"{module}.py").read_text(encoding="utf-8"))):
        if isinstance(n, ast.ImportFrom) and n.level:  # from .x import y, or from . import x
            found |= {f"queries.{n.module}"} if n.module else {f"queries.{a.name}" for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.module:
            found.add(n.module)
        elif isinstance(n, ast.Import):
            found |= {a.name for a in n.names}
    return {".".join(name.split(".")[:2]) if name.startswith("queries.") else name.split(".")[0]
            for name in found if name.split(".")[0] in PROJECT}


def test_every_family_has_one_module_named_after_it_and_no_module_is_left_over() -> None:
    modules = {path.stem for path in QUERIES_DIR.glob("*.py")} - NOT_FAMILIES
    assert sorted(modules) == sorted(module_of(f) for f in FAMILIES)
    for family in FAMILIES:
        module = importlib.import_module(f"queries.{module_of(family)}")
        assert family == module.FAMILY, f"{module.__name__} declares family {module.FAMILY!r}, not {family!r}"
        # the package imports it, so importing anything from queries registers its queries
        assert getattr(queries, module_of(family)) is module


def test_every_query_is_defined_in_its_familys_module() -> None:
    for q in all_queries():
        assert q.run.__module__ == f"queries.{module_of(q.family)}", (
            f"{q.name} (family {q.family}) is defined in {q.run.__module__}")


@pytest.mark.parametrize("family", list(FAMILIES))
def test_a_family_module_imports_only_the_registry_the_shared_modules_and_graph_model(family: str) -> None:
    imported = project_imports(module_of(family))
    allowed = {f"queries.{m}" for m in FAMILY_MAY_IMPORT} | {"graph_model"}
    assert imported <= allowed, f"queries/{module_of(family)}.py imports {sorted(imported - allowed)}"


@pytest.mark.parametrize("module", sorted(NOT_FAMILIES - {"__init__"}))
def test_no_shared_module_imports_a_family_module_or_the_interfaces(module: str) -> None:
    imported = project_imports(module)
    families = {f"queries.{module_of(f)}" for f in FAMILIES}
    assert not imported & families, f"queries/{module}.py imports {sorted(imported & families)}"
    assert not imported & {"api", "visualisations"}


@pytest.mark.parametrize(("name", "params", "text"), [
    pytest.param("diff", {"before": "2014-01-01", "after": "2013-01-01"},
                 "after (2013-01-01) is earlier than before (2014-01-01)", id="date-order"),
    pytest.param("duplicates", {"limit": -1}, "limit: -1 is out of range (allowed: at least 0)", id="range"),
    pytest.param("gaps", {"bogus": 1}, "'bogus' is not a field", id="unknown-field"),
])
def test_bad_parameters_are_told_in_plain_words(york: Partnership, name: str, params: dict[str, Any],
                                               text: str) -> None:
    with pytest.raises(InvalidParameters) as caught:
        run_query(name, york, params)
    message = str(caught.value)
    assert text in message
    assert not any(leak in message for leak in ("Value error", "Input should", "input_value", "type="))


# -- names that repeat (at national scale every authority has a "Better diet") ---------------------

TWIN_AUTHORITIES = build(
    [node("a1.diet", "Outcome", name="Better diet"), node("a1.obesity", "Outcome", name="Less obesity"),
     node("a2.diet", "Outcome", name="Better diet"), node("a2.obesity", "Outcome", name="Less obesity"),
     node("a1.board", "Board", name="Children's Trust Board"), node("a1.icg", "SubGroup", name="Commissioning Group"),
     node("a2.board", "Board", name="Children's Trust Board")],
    [edge("DEPENDS_ON", "a1.obesity", "a1.diet"), edge("DEPENDS_ON", "a2.obesity", "a2.diet"),
     edge("ACCOUNTABLE_TO", "a1.icg", "a1.board")])


@pytest.mark.parametrize(("name", "params", "expected"), [
    pytest.param("interdependencies", {"node": ["a1.obesity"]},
                 ["Less obesity [a1.obesity] depends on Better diet [a1.diet]"], id="interdependencies"),
    pytest.param("reporting-line", {"node": "a1.icg"},
                 ["Children's Trust Board [a1.board]"], id="reporting-line"),
    pytest.param("accountability-integrity", {},
                 ["Children's Trust Board [a1.board]", "Children's Trust Board [a2.board]"], id="integrity"),
])
def test_a_summary_names_the_id_when_a_name_is_not_unique(name: str, params: dict[str, Any],
                                                          expected: list[str]) -> None:
    summary = run_query(name, TWIN_AUTHORITIES, params).summary()
    for text in expected:
        assert text in summary, summary
    assert "Commissioning Group [" not in summary  # a unique name is left as it is


def test_results_keep_the_plain_name_and_carry_the_label_beside_it() -> None:
    r: Any = run_query("interdependencies", TWIN_AUTHORITIES, {"node": ["a1.obesity"]})
    target = r.traces[0]
    assert (target.outcome.name, target.outcome.label) == ("Less obesity", "Less obesity [a1.obesity]")
