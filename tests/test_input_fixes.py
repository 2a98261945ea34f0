"""Problems in plain words: no problem a user sees carries pydantic's wording, its
error type names or a Python repr of an internal object.
"""

from __future__ import annotations

import pytest

from graph_model import InvalidPartnership, Problem
from loaders import parse_csv_rows, parse_json_text, parse_yaml_text

BASE = """\
partnership: {id: demo, name: Demo}
nodes:
  - {id: board, type: Board, name: Board}
  - {id: svc, type: Service, name: A service}
  - {id: fund, type: Budget, name: A fund}
  - {id: council, type: Partner, name: The council}
  - {id: ind, type: Indicator, name: An indicator}
  - {id: kids, type: Cohort, name: Children}
edges:
  - {type: FUNDS, from: fund, to: svc}
"""


def problems_of(text: str, file: str = "x.yaml") -> list[Problem]:
    with pytest.raises(InvalidPartnership) as caught:
        parse_yaml_text(text, file=file).build()
    assert caught.value.problems
    return caught.value.problems


def with_line(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# --- Fix B: no library wording in what users see --------------------------------------------------

#: (what is broken, text in BASE, what it becomes): each kind of bad value a file can hold.
BAD_VALUES = [
    ("whole number as date", "name: A service}", "name: A service, tier: 2013-01-01}"),
    ("whole number as list", "name: A service}", "name: A service, tier: [1]}"),
    ("whole number as mapping", "name: A service}", "name: A service, tier: {a: 1}}"),
    ("whole number as fraction", "name: A service}", "name: A service, tier: 2.5}"),
    ("whole number out of range", "name: A service}", "name: A service, tier: 99999999999999999999999}"),
    ("amount in words", "name: A fund}", "name: A fund, amount: fifty thousand}"),
    ("amount as date", "name: A fund}", "name: A fund, amount: 2013-01-01}"),
    ("amount as date and time", "name: A fund}", "name: A fund, amount: 2013-01-01 10:00:00}"),
    ("amount as binary", "name: A fund}", "name: A fund, amount: !!binary aGVsbG8=}"),
    ("amount as set", "name: A fund}", "name: A fund, amount: !!set {a}}"),
    ("amount as list", "name: A fund}", "name: A fund, amount: [1]}"),
    ("amount infinite", "name: A fund}", "name: A fund, amount: .inf}"),
    ("amount negative", "name: A fund}", "name: A fund, amount: -5}"),
    ("figure in words", "name: An indicator}", "name: An indicator, baseline: lots}"),
    ("figure as list", "name: An indicator}", "name: An indicator, target: [1, 2]}"),
    ("text as list", "name: A service}", "name: [A, service]}"),
    ("text as mapping", "name: A service}", "name: {a: service}}"),
    ("text empty", "name: A service}", "name: ''}"),
    ("text list holding a list", "name: The council}", "name: The council, identifiers: [[a]]}"),
    ("text list as mapping", "name: The council}", "name: The council, identifiers: {a: b}}"),
    ("id too long", "{id: board,", "{id: " + "b" * 201 + ","),
    ("id not a slug", "{id: board,", "{id: The Board,"),
    ("date order", "name: Board}", "name: Board, valid_from: 2014-01-01, valid_to: 2013-01-01}"),
    ("date in words", "name: Board}", "name: Board, valid_from: soon}"),
    ("date as list", "name: Board}", "name: Board, valid_from: [2013-01-01]}"),
    ("date as number", "name: Board}", "name: Board, valid_to: 20130101}"),
    ("observation with no date or period", "name: An indicator}", "name: An indicator, observations: [{value: 1}]}"),
    ("observation not a mapping", "name: An indicator}", "name: An indicator, observations: [5]}"),
    ("observations not a list", "name: An indicator}", "name: An indicator, observations: 5}"),
    ("observation with an unknown field", "name: An indicator}",
     "name: An indicator, observations: [{value: 1, period: x, colour: red}]}"),
    ("observation value as date", "name: An indicator}", "name: An indicator, observations: [{value: 2013-01-01, period: x}]}"),
    ("not true or false", "name: Board}", "name: Board, public: maybe}"),
    ("not an allowed value", "name: A fund}", "name: A fund, kind: big}"),
    ("currency", "name: A fund}", "name: A fund, currency: EUR}"),
    ("age out of range", "name: Children}", "name: Children, age_min: -1}"),
    ("node type missing", "{id: kids, type: Cohort,", "{id: kids,"),
    ("node type as list", "{id: kids, type: Cohort,", "{id: kids, type: [Cohort],"),
    ("node type unknown", "{id: kids, type: Cohort,", "{id: kids, type: Cohrt,"),
    ("unknown field", "name: Board}", "name: Board, colour: red}"),
    ("edge type missing", "{type: FUNDS, from: fund, to: svc}", "{from: fund, to: svc}"),
    ("edge end as list", "{type: FUNDS, from: fund, to: svc}", "{type: FUNDS, from: [fund], to: svc}"),
    ("edge end missing", "{type: FUNDS, from: fund, to: svc}", "{type: FUNDS, from: fund}"),
    ("edge amount in words", "{type: FUNDS, from: fund, to: svc}", "{type: FUNDS, from: fund, to: svc, amount: lots}"),
    ("edge role", "{type: FUNDS, from: fund, to: svc}", "{type: FUNDS, from: fund, to: svc}\n  - {type: MEMBER_OF, from: council, to: board, role: boss}"),
    ("partnership id", "{id: demo, name: Demo}", "{id: Demo Demo, name: Demo}"),
    ("partnership name as mapping", "{id: demo, name: Demo}", "{id: demo, name: {x: 1}}"),
    ("partnership sources as number", "{id: demo, name: Demo}", "{id: demo, name: Demo, sources: 5}"),
    ("partnership source holding a mapping", "{id: demo, name: Demo}", "{id: demo, name: Demo, sources: [{a: 1}]}"),
    ("record not a mapping", "  - {id: kids, type: Cohort, name: Children}\n", "  - just text\n"),
]

#: Pydantic's wording, its error type names, and Python's reprs of objects that are not text.
LEAKS = ["Value error", "validation error", "pydantic", "input_value", "type=", "Input should", "String should",
         "should be a valid", "should have", "datetime.", "b'", "Decimal(", "{'", "['", "frozenset", " a edge",
         " a Indicator", "not list", "not dict", "not str", "not int", "not float"]


@pytest.mark.parametrize(("old", "new"), [pytest.param(old, new, id=what) for what, old, new in BAD_VALUES])
def test_problems_are_in_plain_words(old: str, new: str) -> None:
    problems = problems_of(with_line(BASE, old, new))
    for problem in problems:
        text = str(problem)
        leaks = [leak for leak in LEAKS if leak in text]
        assert not leaks, f"{leaks} in: {text}"
        assert not problem.message.startswith((" ", ":")), text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param('{"version": 1, "nodes": []}', "no 'format'", id="no-format"),
        pytest.param('{"format": null, "version": 1}', "null", id="format-null"),
        pytest.param('{"format": "planning-bookcase", "version": null}', "null", id="version-null"),
        pytest.param('{"format": "planning-bookcase", "version": [1]}', "[1]", id="version-list"),
    ],
)
def test_json_header_problems_are_in_json_terms(text: str, fragment: str) -> None:
    [problem] = parse_json_text(text, file="x.json").fatal
    assert "None" not in problem.message and fragment in problem.message, problem.message


def test_csv_cell_json_problem_is_in_plain_words() -> None:
    parsed = parse_csv_rows(
        partnership=[["field", "value"], ["id", "demo"], ["name", "Demo"]],
        nodes=[["id", "type", "name", "observations"], ["ind", "Indicator", "I", "[{bad"]],
        edges=[["type", "from", "to"]])
    [problem] = parsed.problems
    assert "(char " not in problem.message and "character 3" in problem.message, problem.message
