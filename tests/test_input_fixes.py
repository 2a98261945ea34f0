"""Input as people write it, and problems in plain words.

* Amounts of money are accepted as people write them (``£50,000``, ``50,000``,
  ``GBP 1,200``, ``£1.2m``, ``£600k``) and recorded as numbers; anything else is
  refused with a message that says what to write.
* No problem a user sees carries pydantic's wording, its error type names or a
  Python repr of an internal object.
* One broken node does not bury the user in the edges it takes down with it: the
  human text leads with the cause and folds its consequences into one line, while
  :attr:`InvalidPartnership.problems` still lists every one of them.
"""

from __future__ import annotations

import json
import shutil
import types
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest

from graph_model import EDGE_MODELS, NODE_MODELS, InvalidPartnership, Partnership, Problem, Rule
from graph_model.models import Observation, record_field_infos, record_fields, validate_record
from loaders import bundled_path, load, parse_csv_rows, parse_json_text, parse_yaml_text, read_json, write_json

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


# --- Fix A: amounts written as people write them -----------------------------------------------


def _is_float_field(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_float_field(a) for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is Annotated:
        return _is_float_field(get_args(annotation)[0])
    return annotation is float


def _float_fields() -> list[tuple[str, str]]:
    """(type, field) for every number field of every record model that is not a whole number."""
    out = []
    for model in [*NODE_MODELS.values(), *EDGE_MODELS.values(), Observation]:
        for name, info in record_field_infos(model).items():
            if _is_float_field(info.annotation):
                out.append((model.__name__, info.alias or name))
    return out


MONEY_FIELDS = {("Service", "annual_cost"), ("Budget", "amount"), ("Contributes", "amount"), ("Funds", "amount"),
                ("Commissions", "lifetime_value")}


def test_the_money_fields_are_the_ones_expected() -> None:
    """Every money field takes '£50,000'; the other number fields (indicator figures, which are not money) do not."""
    money = set()
    for model_name, field in _float_fields():
        model = next(m for m in [*NODE_MODELS.values(), *EDGE_MODELS.values(), Observation] if m.__name__ == model_name)
        data: dict[str, Any] = {"id": "a", "name": "A", "from": "a", "to": "b", "period": "x", "date": "2013-01-01"}
        data = {k: v for k, v in data.items() if k in record_fields(model)}
        try:
            record = validate_record(model, {**data, field: "£50,000"})
        except Exception:  # noqa: BLE001 - only whether it was accepted matters here
            continue
        assert getattr(record, field.rstrip("_")) == 50000.0
        money.add((model_name, field))
    assert money == MONEY_FIELDS


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("£50,000", 50000.0),
        ("50,000", 50000.0),
        ("'£50,000.50'", 50000.5),
        ("GBP 1,200", 1200.0),
        ("£ 75", 75.0),
        ("1,234,567", 1234567.0),
        ("£1.2m", 1200000.0),
        ("£600k", 600000.0),
        ("£2.35m", 2350000.0),
        ("£1,500k", 1500000.0),
        ("1000", 1000.0),
        ("12.5", 12.5),
    ],
)
def test_yaml_amounts_as_people_write_them(written: str, value: float) -> None:
    text = (
        "partnership: {id: demo, name: Demo}\n"
        "nodes:\n"
        "  - {id: council, type: Partner, name: The council}\n"
        f"  - id: fund\n    type: Budget\n    name: A fund\n    amount: {written}\n"
        f"  - id: svc\n    type: Service\n    name: A service\n    annual_cost: {written}\n"
        "edges:\n"
        f"  - type: FUNDS\n    from: fund\n    to: svc\n    amount: {written}\n"
        f"  - type: CONTRIBUTES\n    from: council\n    to: fund\n    amount: {written}\n"
        f"  - type: COMMISSIONS\n    from: council\n    to: svc\n    lifetime_value: {written}\n"
    )
    p = parse_yaml_text(text, file="x.yaml").build()
    assert p.node("fund").amount == value  # type: ignore[attr-defined]
    assert p.node("svc").annual_cost == value  # type: ignore[attr-defined]
    assert [e.amount for e in p.edges("FUNDS", "CONTRIBUTES")] == [value, value]  # type: ignore[attr-defined]
    assert p.edges("COMMISSIONS")[0].lifetime_value == value  # type: ignore[attr-defined]


def test_csv_amounts_as_people_write_them() -> None:
    parsed = parse_csv_rows(
        partnership=[["field", "value"], ["id", "demo"], ["name", "Demo"]],
        nodes=[["id", "type", "name", "amount", "annual_cost"],
               ["fund", "Budget", "A fund", "£1,250,000", ""],
               ["svc", "Service", "A service", "", " 50,000 "]],
        edges=[["type", "from", "to", "amount"], ["FUNDS", "fund", "svc", "£600k"]])
    p = parsed.build()
    assert p.node("fund").amount == 1250000.0  # type: ignore[attr-defined]
    assert p.node("svc").annual_cost == 50000.0  # type: ignore[attr-defined]
    assert p.edges()[0].amount == 600000.0  # type: ignore[attr-defined]


@pytest.mark.parametrize("written", ["fifty thousand", "50,00", "5,0000", "£", "£50,000 a year", "$500",
                                     "12 pounds", "£12 k m", "1,2,3", "£50,000,"])
def test_other_amounts_fail_and_say_what_to_write(written: str) -> None:
    text = with_line(BASE, "{id: fund, type: Budget, name: A fund}",
                     "{id: fund, type: Budget, name: A fund,\n     amount: '" + written + "'}")
    problem = next(p for p in problems_of(text) if p.location.field == "amount")
    assert problem.rule is Rule.INVALID_NUMBER
    assert problem.location.line == 1 + next(i for i, line in enumerate(text.splitlines()) if "amount:" in line)
    assert problem.message.startswith(f"'{written}' is not an amount; write a number such as 50000")
    assert "£" in problem.message and "commas" in problem.message


def test_a_csv_cell_that_is_not_an_amount_says_what_to_write() -> None:
    parsed = parse_csv_rows(
        partnership=[["field", "value"], ["id", "demo"], ["name", "Demo"]],
        nodes=[["id", "type", "name", "amount"], ["fund", "Budget", "A fund", "fifty thousand"]],
        edges=[["type", "from", "to"]])
    with pytest.raises(InvalidPartnership) as caught:
        parsed.build()
    [problem] = caught.value.problems
    assert (problem.location.file, problem.location.row, problem.location.field) == ("nodes.csv", 2, "amount")
    assert str(problem).startswith("nodes.csv, row 2, field 'amount': 'fifty thousand' is not an amount; "
                                   "write a number such as 50000")


def test_negative_amounts_are_refused_as_before() -> None:
    text = with_line(BASE, "{id: fund, type: Budget, name: A fund}", "{id: fund, type: Budget, name: A fund, amount: -500}")
    problem = next(p for p in problems_of(text) if p.location.field == "amount")
    assert problem.rule is Rule.INVALID_VALUE
    assert "at least 0" in (problem.allowed or "")


def test_json_writes_the_amount_as_a_number(tmp_path: Path) -> None:
    text = with_line(BASE, "{id: fund, type: Budget, name: A fund}", "{id: fund, type: Budget, name: A fund, amount: '£50,000'}")
    text = with_line(text, "{type: FUNDS, from: fund, to: svc}", "{type: FUNDS, from: fund, to: svc, amount: £1.2m}")
    p = parse_yaml_text(text, file="x.yaml").build()
    path = write_json(p, tmp_path / "demo.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    fund = next(n for n in doc["nodes"] if n["id"] == "fund")
    assert fund["amount"] == 50000 and isinstance(fund["amount"], (int, float))
    assert doc["edges"][0]["amount"] == 1200000 and isinstance(doc["edges"][0]["amount"], (int, float))
    assert read_json(path) == p


def test_a_json_file_with_a_written_amount_loads(tmp_path: Path) -> None:
    """The fast JSON path reads numbers only; an amount written as text falls back to the located reader."""
    p = parse_yaml_text(with_line(BASE, "{id: fund, type: Budget, name: A fund}",
                                  "{id: fund, type: Budget, name: A fund, amount: 50000}"), file="x.yaml").build()
    path = write_json(p, tmp_path / "demo.json")
    path.write_text(path.read_text(encoding="utf-8").replace('"amount":50000.0', '"amount":"£50,000"'), encoding="utf-8")
    assert "£50,000" in path.read_text(encoding="utf-8")
    assert load(path) == p


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


# --- Fix C: lead with the cause, fold the consequences --------------------------------------------


def broken_york(tmp_path: Path, node_id: str, new_type: str) -> tuple[Path, str, int]:
    """A copy of York with one node's type broken: (the folder, the file changed, the line of its type)."""
    folder = tmp_path / "york"
    shutil.copytree(bundled_path("york"), folder)
    for path in sorted(folder.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.strip() == f"- id: {node_id}" and lines[i + 1].strip().startswith("type:"):
                lines[i + 1] = lines[i + 1].split("type:")[0] + f"type: {new_type}\n"
                path.write_text("".join(lines), encoding="utf-8")
                return folder, path.name, i + 2
    raise AssertionError(f"no node {node_id} in block style")


def invalid(path: Path) -> InvalidPartnership:
    with pytest.raises(InvalidPartnership) as caught:
        load(path)
    return caught.value


@pytest.mark.parametrize(("node_id", "new_type", "suggestion"),
                         [("icg", "SubGrup", "SubGroup"), ("first", "Servise", "Service")])
def test_a_broken_node_leads_and_its_edges_fold_into_one_line(tmp_path: Path, york: Partnership, node_id: str,
                                                              new_type: str, suggestion: str) -> None:
    folder, file, line = broken_york(tmp_path, node_id, new_type)
    err = invalid(folder)
    incident = {e.id for e in york.edges() if node_id in (e.from_, e.to)}
    assert len(incident) >= 5

    # the human text: the cause first, its consequences in one line, short
    lines = str(err).splitlines()
    assert len(lines) < 10, str(err)
    assert lines[0].startswith("1 problem found")
    assert lines[1].strip().startswith(f"{file}, line {line}, field 'type': unknown node type '{new_type}'; "
                                       f"did you mean {suggestion}?")
    assert f"… and {len(incident)} edges to or from node '{node_id}' could not be checked" in lines[2]
    assert len(lines) == 3, str(err)

    # the structured side: every problem, each consequence pointing at its cause
    cause, *rest = err.problems[:1] + [p for p in err.problems if p.caused_by is not None]
    assert cause.rule is Rule.UNKNOWN_NODE_TYPE and cause.caused_by is None
    assert len(err.problems) == 1 + len(incident)
    assert sorted(p.message.split("'")[1] for p in rest) == sorted(incident)
    assert all(p.caused_by == cause and p.rule is Rule.DANGLING_REFERENCE for p in rest)
    assert all(p.location.file and p.location.line for p in rest)
    as_dicts = [p.as_dict() for p in err.problems]
    assert json.loads(json.dumps(as_dicts)) == as_dicts
    assert [d["caused_by"] for d in as_dicts].count(None) == 1
    assert all(d["caused_by"] == cause.as_dict() for d in as_dicts if d["caused_by"] is not None)


def test_independent_problems_are_all_still_listed(tmp_path: Path, york: Partnership) -> None:
    """A second broken node and an edge to a missing id are listed too, each cause with its own folded line."""
    folder, _, _ = broken_york(tmp_path, "icg", "SubGrup")
    services = folder / "services.yaml"
    lines = services.read_text(encoding="utf-8").splitlines(keepends=True)
    tier_line = next(i for i, row in enumerate(lines, start=1) if row.strip().startswith("tier:"))
    service = next(row.split("id:")[1].strip() for row in reversed(lines[:tier_line]) if row.strip().startswith("- id:"))
    lines[tier_line - 1] = lines[tier_line - 1].split("tier:")[0] + "tier: five\n"
    serves = next(i for i, row in enumerate(lines) if "type: SERVES" in row and f"from: {service}," not in row)
    lines[serves] = lines[serves].replace("to: york,", "to: yorkk,")
    assert "yorkk" in lines[serves]
    services.write_text("".join(lines), encoding="utf-8")

    err = invalid(folder)
    human = str(err)
    causes = [p for p in err.problems if p.caused_by is None]
    assert [p.rule for p in causes] == [Rule.UNKNOWN_NODE_TYPE, Rule.INVALID_NUMBER, Rule.DANGLING_REFERENCE]
    follows = {c.rule: sum(1 for p in err.problems if p.caused_by == c) for c in causes}
    assert follows == {Rule.UNKNOWN_NODE_TYPE: york.degree("icg"), Rule.INVALID_NUMBER: york.degree(service),
                       Rule.DANGLING_REFERENCE: 0}
    more = york.degree("icg") + york.degree(service)
    assert human.splitlines()[0] == f"3 problems found, and {more} more that follow from them; nothing was loaded"
    assert "unknown node type 'SubGrup'" in human
    assert f"services.yaml, line {tier_line}, field 'tier': 'five' is not a whole number" in human
    assert f"… and {york.degree('icg')} edges to or from node 'icg' could not be checked" in human
    assert f"… and {york.degree(service)} edges to or from node '{service}' could not be checked" in human
    assert "'yorkk', which is not a node id" in human
    assert len(human.splitlines()) == 6, human


def test_a_single_consequence_is_shown_in_full_under_its_cause() -> None:
    text = with_line(BASE, "{id: fund, type: Budget, name: A fund}", "{id: fund, type: Budgit, name: A fund}")
    with pytest.raises(InvalidPartnership) as caught:
        parse_yaml_text(text, file="x.yaml").build()
    lines = str(caught.value).splitlines()
    assert lines[0] == "1 problem found, and 1 more that follows from it; nothing was loaded"
    assert "unknown node type 'Budgit'; did you mean Budget" in lines[1]
    assert lines[2].startswith("    x.yaml, line 10, field 'from': FUNDS edge 'fund--funds--svc' from 'fund'")
    assert len(lines) == 3


def test_the_cli_json_payload_keeps_every_problem(tmp_path: Path, york: Partnership,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from api.cli import main

    folder, _, _ = broken_york(tmp_path, "icg", "SubGrup")
    assert main(["validate", str(folder), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert len(payload["details"]["problems"]) == 1 + york.degree("icg")
    assert sum(1 for p in payload["details"]["problems"] if p["caused_by"] is not None) == york.degree("icg")
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out  # validate's problems are its output, on stdout
    assert len(out.splitlines()) < 10 and "did you mean SubGroup?" in out.splitlines()[1]

