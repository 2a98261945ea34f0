"""The loaders: each format reads a small hand-written partnership, and bad input is
reported with the file, the line or row, the field, the rule and what is allowed,
and nothing is loaded.

The small partnership (:data:`MINI`) borrows York's names (seeds 000-002) but is a
test fixture, not the bundled data; the bundled York and Staffordshire folders are
checked by tests/test_roundtrip.py and tests/test_fuzz.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import loaders
from graph_model import EdgeType, InvalidPartnership, InvalidTarget, Partnership, Problem, Rule, UnknownDataset
from loaders import (
    FORMATS,
    bundled_names,
    bundled_path,
    detect_format,
    load,
    parse_csv_rows,
    parse_json_text,
    parse_yaml_text,
    read_csv,
    read_json,
    read_yaml,
    write,
    write_csv,
    write_json,
    write_yaml,
    write_yaml_dir,
)

MINI = """\
partnership:
  id: mini
  name: Mini partnership
  sources: ["test fixture"]
nodes:
  - id: yorok-board
    type: Board
    name: YorOK Board
    public: true
  - id: icg
    type: SubGroup
    name: Integrated Commissioning Group
    description: |
      Accountable to the YorOK Board.
      A decision-making forum.
  - id: dcs
    type: Post
    name: Director of Children's Services
  - id: first
    type: Service
    name: FIRST
    tier: 2
    start_date: 2012-04-01
  - id: eif
    type: Budget
    name: Early Intervention Fund
    kind: pooled
    amount: 1000
  - id: fewer-placements
    type: Outcome
    name: Fewer placements outside York
  - id: lldd-placements
    type: Indicator
    name: LLDD placements outside York
    observations:
      - {period: 2010/11, value: 26}
      - {period: 2013/14, value: 12}
edges:
  - {type: ACCOUNTABLE_TO, from: icg, to: yorok-board}
  - {type: CHAIRS, from: dcs, to: icg}
  - type: FUNDS
    from: eif
    to: first
    amount: 500
  - {type: CONTRIBUTES_TO, from: first, to: fewer-placements}
  - {type: MEASURED_BY, from: fewer-placements, to: lldd-placements}
"""


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing ``needle`` (the test fails if none does)."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert hits, f"{needle!r} is not in the text"
    return hits[0]


def problems_of(load_it: Callable[[], object]) -> list[Problem]:
    with pytest.raises(InvalidPartnership) as info:
        load_it()
    assert info.value.problems, "InvalidPartnership without problems"
    return info.value.problems


def the_problem(problems: list[Problem], rule: Rule) -> Problem:
    found = [p for p in problems if p.rule is rule]
    assert found, f"no {rule.value} problem among: {[str(p) for p in problems]}"
    return found[0]


@pytest.fixture
def mini() -> Partnership:
    return parse_yaml_text(MINI, file="mini.yaml").build()


# --- YAML -------------------------------------------------------------------------------


def test_yaml_file_loads_the_mini_partnership(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    p = read_yaml(path)
    assert p.counts() == {"Board": 1, "SubGroup": 1, "Post": 1, "Outcome": 1, "Indicator": 1, "Service": 1,
                          "Budget": 1, "ACCOUNTABLE_TO": 1, "CHAIRS": 1, "FUNDS": 1, "CONTRIBUTES_TO": 1,
                          "MEASURED_BY": 1}
    assert p.node("first").tier == 2
    assert p.node("first").start_date == dt.date(2012, 4, 1)
    assert p.node("icg").description == "Accountable to the YorOK Board.\nA decision-making forum.\n"
    assert [(o.period, o.value) for o in p.node("lldd-placements").observations] == [("2010/11", 26.0),
                                                                                      ("2013/14", 12.0)]
    assert p.edge("eif--funds--first").amount == 500.0
    assert [n.id for n in p.neighbours("icg", EdgeType.ACCOUNTABLE_TO)] == ["yorok-board"]


def test_yaml_records_carry_file_and_line() -> None:
    parsed = parse_yaml_text(MINI, file="mini.yaml")
    where = {rec["id"]: loc for rec, loc in parsed.nodes}
    assert (where["first"].file, where["first"].line) == ("mini.yaml", line_of(MINI, "id: first"))
    edge_lines = [loc.line for _, loc in parsed.edges]
    assert edge_lines[2] == line_of(MINI, "type: FUNDS")


def test_yaml_folder_merges_files_in_order_and_names_each_file(tmp_path: Path) -> None:
    head, rest = MINI.split("nodes:\n", 1)
    node_text, edge_text = rest.split("edges:\n", 1)
    (tmp_path / "partnership.yaml").write_text(head, encoding="utf-8")
    (tmp_path / "a-nodes.yml").write_text("nodes:\n" + node_text, encoding="utf-8")
    (tmp_path / "b-edges.yaml").write_text("edges:\n" + edge_text.replace("to: icg}", "to: icgg}"),
                                           encoding="utf-8")
    (tmp_path / "README.md").write_text("not read", encoding="utf-8")
    problem = the_problem(problems_of(lambda: load(tmp_path)), Rule.DANGLING_REFERENCE)
    assert problem.location.file == "b-edges.yaml"
    assert problem.location.line == line_of("edges:\n" + edge_text, "to: icg}")
    (tmp_path / "b-edges.yaml").write_text("edges:\n" + edge_text, encoding="utf-8")
    assert load(tmp_path) == parse_yaml_text(MINI).build()


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        pytest.param("id: no", "id", "no", id="id-no-stays-text"),
        pytest.param("id: '2013'", "id", "2013", id="quoted-number-id"),
        pytest.param("id: 2013", "id", "2013", id="number-id-stays-text"),
        pytest.param("name: yes", "name", "yes", id="name-yes-stays-text"),
        pytest.param("name: on", "name", "on", id="name-on-stays-text"),
        pytest.param("name: 1.50", "name", "1.50", id="name-keeps-its-digits"),
        pytest.param("period: 2013", "period", "2013", id="period-number-stays-text"),
        pytest.param("statutory: yes", "statutory", True, id="bool-field-reads-yes"),
    ],
)
def test_yaml_text_fields_keep_what_was_written(text: str, field: str, expected: object) -> None:
    """YAML 1.1 would turn ``no``/``on``/``2013`` into bools and numbers; text fields keep the text."""
    record = {"id": "cypp", "type": "Plan", "name": "CYPP"} | dict([text.split(": ", 1)])
    body = "\n".join(f"    {k}: {v}" for k, v in record.items() if k != text.split(": ")[0]) + f"\n    {text}\n"
    p = parse_yaml_text("partnership: {id: t, name: T}\nnodes:\n  - " + body.lstrip()).build()
    (node,) = p.nodes()
    assert getattr(node, field) == expected


def yaml_error_line(text: str) -> int:
    """The line PyYAML's own error mark names, for malformed text whose exact stopping point is PyYAML's choice."""
    with pytest.raises(yaml.MarkedYAMLError) as err:
        yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert err.value.problem_mark is not None
    return int(err.value.problem_mark.line) + 1


BAD_YAML = [
    # (id, old text, new text, rule, text on the expected line (None: PyYAML's error mark; a tuple: any
    #  of these lines, e.g. either edge of a loop), field,
    #  text in 'allowed' or the message, or None)
    ("malformed-tab", "    tier: 2", "\ttier: 2", Rule.MALFORMED_FILE, "\ttier: 2", None, None),
    ("malformed-unclosed-flow", "{type: CHAIRS, from: dcs, to: icg}", "{type: CHAIRS, from: dcs, to: icg",
     Rule.MALFORMED_FILE, None, None, "YAML mappings"),
    ("unknown-node-type", "type: Service", "type: Servce", Rule.UNKNOWN_NODE_TYPE, "type: Servce", "type",
     "Service"),
    ("unknown-edge-type", "type: CHAIRS", "type: CHAIR", Rule.UNKNOWN_EDGE_TYPE, "type: CHAIR,", "type", "CHAIRS"),
    ("edge-to-missing-id", "to: icg}", "to: icgg}", Rule.DANGLING_REFERENCE, "to: icgg}", "to", None),
    ("edge-forbidden-ends", "{type: CHAIRS, from: dcs, to: icg}", "{type: CHAIRS, from: dcs, to: first}",
     Rule.EDGE_RULE, "to: first}", "to", "Board, SubGroup"),
    ("duplicate-node-id", "  - id: eif\n", "  - {id: first, type: Cohort, name: Again}\n  - id: eif\n",
     Rule.DUPLICATE_ID, "name: Again", "id", "each node id once"),
    ("accountability-loop", "edges:\n", "edges:\n  - {type: ACCOUNTABLE_TO, from: yorok-board, to: icg}\n",
     Rule.ACCOUNTABILITY_LOOP, ("from: yorok-board, to: icg}", "from: icg, to: yorok-board}"), "to",
     "never lead back"),
    ("date-not-a-date", "start_date: 2012-04-01", "start_date: 2012-02-30", Rule.INVALID_DATE, "2012-02-30",
     "start_date", "YYYY-MM-DD"),
    ("date-in-words", "start_date: 2012-04-01", "start_date: next April", Rule.INVALID_DATE, "next April",
     "start_date", "YYYY-MM-DD"),
    ("amount-not-a-number", "amount: 1000", "amount: a thousand pounds", Rule.INVALID_NUMBER, "a thousand",
     "amount", "a number"),
    ("edge-amount-not-a-number", "amount: 500", "amount: £500 a year", Rule.INVALID_NUMBER, "£500", "amount",
     "a number"),
    ("nested-value-not-a-number", "value: 12}", "value: twelve}", Rule.INVALID_NUMBER, "twelve",
     "observations[1].value", "a number"),
    ("tier-not-whole", "tier: 2", "tier: 2.5", Rule.INVALID_NUMBER, "tier: 2.5", "tier", "whole number"),
    ("tier-out-of-range", "tier: 2", "tier: 7", Rule.INVALID_VALUE, "tier: 7", "tier", "at most 4"),
    ("value-not-allowed", "kind: pooled", "kind: pooledd", Rule.INVALID_VALUE, "pooledd", "kind", "pooled"),
    ("unknown-field", "tier: 2", "teir: 2", Rule.UNKNOWN_FIELD, "teir: 2", "teir", "tier"),
    ("duplicate-key", "    name: FIRST\n", "    name: FIRST\n    name: FIRST service\n", Rule.DUPLICATE_KEY,
     "name: FIRST service", "name", "each field once"),
    ("unknown-section", "edges:\n", "nodez: []\nedges:\n", Rule.UNKNOWN_FIELD, "nodez", "nodez", "nodes"),
    ("bad-id", "id: first", "id: First Service", Rule.INVALID_ID, "id: First Service", "id", "lower-case"),
    ("missing-name", "    name: FIRST\n", "", Rule.MISSING_FIELD, "id: first", "name", None),
    ("date-order", "start_date: 2012-04-01", "valid_from: 2014-01-01\n    valid_to: 2013-01-01",
     Rule.DATE_ORDER, "valid_to: 2013", "valid_to", "on or after"),
    ("partnership-field", "  sources:", "  source:", Rule.UNKNOWN_FIELD, "  source:", "source", "sources"),
    ("no-partnership", "partnership:\n  id: mini\n  name: Mini partnership\n  sources: [\"test fixture\"]\n",
     "", Rule.MISSING_FIELD, "nodes:", None, "partnership"),
]


@pytest.mark.parametrize(("old", "new", "rule", "on_line", "field", "allowed"),
                         [pytest.param(*case[1:], id=case[0]) for case in BAD_YAML])
def test_bad_yaml_names_file_line_field_rule_and_allowed(
    tmp_path: Path, old: str, new: str, rule: Rule, on_line: str | tuple[str, ...] | None, field: str | None, allowed: str | None
) -> None:
    assert old in MINI
    text = MINI.replace(old, new, 1)
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    problem = the_problem(problems_of(lambda: load(path)), rule)
    if isinstance(on_line, tuple):
        lines = [line_of(text, alternative) for alternative in on_line]
        expected_line = problem.location.line if problem.location.line in lines else lines[0]
    else:
        expected_line = line_of(text, on_line) if on_line else yaml_error_line(text)
    assert problem.location.file == "mini.yaml"
    assert problem.location.line == expected_line, str(problem)
    assert problem.location.field == field
    if allowed is not None:
        assert allowed in (problem.allowed or "") + problem.message
    text_of = str(problem)
    assert text_of.startswith(f"mini.yaml, line {expected_line}")
    assert f"[{rule.value}]" in text_of
    if field:
        assert f"field '{field}'" in text_of


def test_unknown_type_suggests_the_close_name(tmp_path: Path) -> None:
    problems = problems_of(lambda: parse_yaml_text(MINI.replace("type: Service", "type: Servce")).build())
    assert "did you mean Service?" in the_problem(problems, Rule.UNKNOWN_NODE_TYPE).message


def test_every_problem_is_reported_at_once() -> None:
    """Three independent mistakes give three problems, in file order; nothing is loaded."""
    text = (MINI.replace("type: Service", "type: Servce").replace("amount: 1000", "amount: lots")
            .replace("to: icg}", "to: nowhere}"))
    problems = problems_of(lambda: parse_yaml_text(text, file="mini.yaml").build())
    assert [p.rule for p in problems][:3] == [Rule.UNKNOWN_NODE_TYPE, Rule.INVALID_NUMBER, Rule.DANGLING_REFERENCE]
    assert [p.location.line for p in problems[:3]] == sorted(p.location.line or 0 for p in problems[:3])


def test_two_partnership_blocks_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("partnership: {id: a, name: A}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("# second\npartnership: {id: b, name: B}\n", encoding="utf-8")
    problem = the_problem(problems_of(lambda: read_yaml(tmp_path)), Rule.DUPLICATE_KEY)
    assert (problem.location.file, problem.location.line) == ("b.yaml", 2)
    assert "a.yaml, line 1" in problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("- just\n- a list\n", 1, id="list-at-top"),
        pytest.param("partnership: {id: a, name: A}\nnodes:\n  - a-string\n", 3, id="record-not-a-mapping"),
        pytest.param("partnership: {id: a, name: A}\nnodes: {id: x}\n", 2, id="section-not-a-list"),
        pytest.param("partnership: {id: a, name: A}\nnodes: []\nnodes: []\n", 3, id="section-twice"),
        pytest.param("partnership: &p {id: a, name: A, notes: [*p]}\n", 1, id="recursive-alias"),
        pytest.param("partnership: {id: a, name: A}\n\x07\n", 2, id="control-character"),
        pytest.param("a: 1\n---\nb: 2\n", 2, id="two-documents"),
        pytest.param("partnership: {id: a, name: A}\nnodes:\n  - {id: s, type: Service, name: S, tier: !custom 2}\n",
                     3, id="unknown-tag"),
        pytest.param("partnership: {id: a, name: !!python/object:os.system A}\n", 1, id="python-tag-on-text"),
    ],
)
def test_yaml_structure_problems_are_malformed_file(text: str, line: int) -> None:
    problems = parse_yaml_text(text, file="x.yaml").fatal
    assert problems, "expected a structural problem"
    assert all(p.location.file == "x.yaml" for p in problems)
    assert problems[0].location.line == line, str(problems[0])
    assert problems[0].rule in (Rule.MALFORMED_FILE, Rule.DUPLICATE_KEY)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(MINI.replace("FIRST", "FIRST caf\xe9").encode("latin-1"))
    problem = the_problem(problems_of(lambda: read_yaml(path)), Rule.MALFORMED_FILE)
    assert problem.location.line == line_of(MINI, "FIRST")


# --- CSV ----------------------------------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def row_number(rows: list[list[str]], record_id: str) -> int:
    """The spreadsheet row (header = row 1) of the record whose first cell is ``record_id``."""
    return next(i for i, row in enumerate(rows, start=1) if row and row[0] == record_id)


def test_csv_folder_loads_the_mini_partnership(tmp_path: Path, mini: Partnership) -> None:
    folder = write_csv(mini, tmp_path / "mini")
    assert sorted(f.name for f in folder.iterdir()) == ["edges.csv", "nodes.csv", "partnership.csv"]
    assert read_csv(folder) == mini
    nodes = read_rows(folder / "nodes.csv")
    assert nodes[0][:8] == ["id", "type", "name", "description", "valid_from", "valid_to", "source", "generated"]
    observations = nodes[row_number(nodes, "lldd-placements") - 1][nodes[0].index("observations")]
    assert json.loads(observations) == [{"value": 26.0, "period": "2010/11"}, {"value": 12.0, "period": "2013/14"}]


def test_csv_reads_hand_written_cells() -> None:
    """Spreadsheet users type lists as 'a; b' and leave cells empty."""
    parsed = parse_csv_rows(
        partnership=[["field", "value"], ["id", "demo"], ["name", "Demo"], ["sources", "one"], ["sources", "two"]],
        nodes=[["id", "type", "name", "functions", "public", "tier"],
               ["hub", "Unit", "Support hub", "finance; legal ;HR", "", ""],
               ["board", "Board", "Board", "", "yes", ""]],
        edges=[["type", "from", "to", "id"], ["SUPPORTS", "hub", "board", ""]])
    p = parsed.build()
    assert p.info.sources == ["one", "two"]
    assert p.node("hub").functions == ["finance", "legal", "HR"]
    assert p.node("board").public is True
    assert p.edges()[0].id == "hub--supports--board"


def mutate_csv(folder: Path, name: str, change: Callable[[list[list[str]]], None]) -> list[list[str]]:
    rows = read_rows(folder / name)
    change(rows)
    write_rows(folder / name, rows)
    return rows


def test_csv_row_with_a_missing_cell(tmp_path: Path, mini: Partnership) -> None:
    folder = write_csv(mini, tmp_path / "mini")
    rows = mutate_csv(folder, "nodes.csv", lambda rows: rows[row_number(rows, "first") - 1].pop())
    problems = problems_of(lambda: load(folder))
    problem = the_problem(problems, Rule.ROW_LENGTH)
    assert (problem.location.file, problem.location.row) == ("nodes.csv", row_number(rows, "first"))
    assert f"{len(rows[0])} cells" in (problem.allowed or "")
    assert str(problem).startswith(f"nodes.csv, row {row_number(rows, 'first')}:")


@pytest.mark.parametrize(("sheet", "column"), [("nodes.csv", "type"), ("nodes.csv", "id"), ("edges.csv", "from")])
def test_csv_header_missing_a_required_column(tmp_path: Path, mini: Partnership, sheet: str, column: str) -> None:
    folder = write_csv(mini, tmp_path / "mini")

    def drop(rows: list[list[str]]) -> None:
        at = rows[0].index(column)
        for row in rows:
            del row[at]

    mutate_csv(folder, sheet, drop)
    problem = the_problem(problems_of(lambda: load(folder)), Rule.MISSING_COLUMN)
    assert (problem.location.file, problem.location.row, problem.location.field) == (sheet, 1, column)


def set_cell(record_id: str, column: str, value: str) -> Callable[[list[list[str]]], None]:
    def change(rows: list[list[str]]) -> None:
        rows[row_number(rows, record_id) - 1][rows[0].index(column)] = value
    return change


@pytest.mark.parametrize(
    ("sheet", "record_id", "column", "value", "rule", "allowed"),
    [
        pytest.param("nodes.csv", "yorok-board", "tier", "3", Rule.UNKNOWN_FIELD, "remit", id="cell-not-for-this-type"),
        pytest.param("nodes.csv", "first", "type", "Servce", Rule.UNKNOWN_NODE_TYPE, "Service", id="unknown-node-type"),
        pytest.param("nodes.csv", "first", "start_date", "31/02/2013", Rule.INVALID_DATE, "YYYY-MM-DD",
                     id="date-not-a-date"),
        pytest.param("nodes.csv", "eif", "amount", "about £1k", Rule.INVALID_NUMBER, "a number",
                     id="amount-not-a-number"),
        pytest.param("nodes.csv", "lldd-placements", "observations", "[{bad json", Rule.INVALID_VALUE, "JSON list",
                     id="cell-not-json"),
        pytest.param("edges.csv", "eif--funds--first", "to", "firstt", Rule.DANGLING_REFERENCE, None,
                     id="edge-to-missing-id"),
        pytest.param("edges.csv", "icg--accountable_to--yorok-board", "type", "ACCOUNTABLE", Rule.UNKNOWN_EDGE_TYPE,
                     "ACCOUNTABLE_TO", id="unknown-edge-type"),
        pytest.param("edges.csv", "dcs--chairs--icg", "to", "first", Rule.EDGE_RULE, "Board, SubGroup",
                     id="edge-forbidden-ends"),
        pytest.param("nodes.csv", "eif", "id", "first", Rule.DUPLICATE_ID, "once", id="duplicate-id"),
    ],
)
def test_bad_csv_cell_names_file_row_field_and_rule(
    tmp_path: Path, mini: Partnership, sheet: str, record_id: str, column: str, value: str, rule: Rule,
    allowed: str | None,
) -> None:
    folder = write_csv(mini, tmp_path / "mini")
    rows = read_rows(folder / sheet)
    expected_row = row_number(rows, record_id)
    mutate_csv(folder, sheet, set_cell(record_id, column, value))
    problem = the_problem(problems_of(lambda: load(folder)), rule)
    assert (problem.location.file, problem.location.row, problem.location.field) == (sheet, expected_row, column)
    assert problem.location.line is None
    if allowed:
        assert allowed in (problem.allowed or "") + problem.message
    assert str(problem).startswith(f"{sheet}, row {expected_row}, field '{column}'")


def test_csv_unknown_column_and_partnership_field(tmp_path: Path, mini: Partnership) -> None:
    folder = write_csv(mini, tmp_path / "mini")
    mutate_csv(folder, "nodes.csv", lambda rows: rows[0].__setitem__(rows[0].index("tier"), "teir"))
    rows = mutate_csv(folder, "partnership.csv", lambda rows: rows.append(["colour", "blue"]))
    problems = problems_of(lambda: load(folder))
    column = the_problem([p for p in problems if p.location.file == "nodes.csv"], Rule.UNKNOWN_FIELD)
    assert (column.location.file, column.location.row, column.location.field) == ("nodes.csv", 1, "teir")
    assert "did you mean tier?" in column.message
    field = [p for p in problems if p.location.file == "partnership.csv"]
    assert [(p.rule, p.location.row, p.location.field) for p in field] == [(Rule.UNKNOWN_FIELD, len(rows), "colour")]


def test_csv_missing_sheet(tmp_path: Path, mini: Partnership) -> None:
    folder = write_csv(mini, tmp_path / "mini")
    (folder / "edges.csv").unlink()
    problem = the_problem(problems_of(lambda: read_csv(folder)), Rule.MALFORMED_FILE)
    assert problem.location.file == "edges.csv"


def test_csv_lists_with_semicolons_survive(tmp_path: Path) -> None:
    p = Partnership.from_records({"id": "t", "name": "T", "notes": ["a; b", "[x]", "plain"]},
                                 nodes=[{"id": "u", "type": "Unit", "name": "U", "functions": ["finance; HR", "legal"]}],
                                 edges=[])
    assert read_csv(write_csv(p, tmp_path / "t")) == p


# --- JSON ---------------------------------------------------------------------------------


def test_json_is_lossless_and_one_record_per_line(tmp_path: Path, mini: Partnership) -> None:
    path = write_json(mini, tmp_path / "mini.json")
    text = path.read_text(encoding="utf-8")
    assert read_json(path) == mini
    doc = json.loads(text)
    assert (doc["format"], doc["version"]) == ("planning-bookcase", 1)
    board = next(n for n in doc["nodes"] if n["id"] == "yorok-board")
    assert board["generated"] is False  # every field written, defaults included
    assert line_of(text, '"id":"first"') == next(loc.line for rec, loc in parse_json_text(text).nodes
                                                  if rec["id"] == "first")


def test_json_bad_record_names_its_line(tmp_path: Path, mini: Partnership) -> None:
    path = write_json(mini, tmp_path / "mini.json")
    text = path.read_text(encoding="utf-8").replace('"type":"Service"', '"type":"Servce"')
    path.write_text(text, encoding="utf-8")
    problem = the_problem(problems_of(lambda: load(path)), Rule.UNKNOWN_NODE_TYPE)
    assert (problem.location.file, problem.location.line, problem.location.field) == (
        "mini.json", line_of(text, "Servce"), "type")


def test_json_in_another_layout_names_the_record_index(mini: Partnership) -> None:
    doc = json.loads(loaders.json_io.dump_json_text(mini))
    doc["nodes"][3]["tier"] = "two"
    problem = the_problem(problems_of(lambda: parse_json_text(json.dumps(doc, indent=2), file="m.json").build()),
                          Rule.INVALID_NUMBER)
    assert (problem.location.file, problem.location.record, problem.location.field) == ("m.json", "nodes[3]", "tier")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param('{"format": "planning-bookcase",\n"version": 1,\n"nodes": [,]}', 3, "not valid JSON",
                     id="malformed"),
        pytest.param('{"format": "other", "version": 1}', 1, "not a planning-bookcase file", id="wrong-format"),
        pytest.param('{"format": "planning-bookcase", "version": 2}', 1, "version", id="wrong-version"),
        pytest.param('{"format": "planning-bookcase", "version": 1, "nodez": []}', 1, "nodez", id="unknown-key"),
        pytest.param('[1, 2]', 1, "must be an object", id="not-an-object"),
    ],
)
def test_bad_json_is_malformed_file(text: str, line: int, message: str) -> None:
    problem = the_problem(problems_of(lambda: parse_json_text(text, file="x.json").build()), Rule.MALFORMED_FILE)
    assert (problem.location.file, problem.location.line) == ("x.json", line)
    assert message in problem.message


# --- the public API -------------------------------------------------------------------------


def test_public_api_is_listed() -> None:
    for name in ("load", "write", "detect_format", "FORMATS", "bundled_names", "bundled_path", "load_bundled"):
        assert name in loaders.__all__
        assert hasattr(loaders, name)
    assert set(FORMATS) == {"yaml", "yaml-dir", "csv", "json", "gexf", "graphml"}


def test_bundled_names_and_paths() -> None:
    assert {"york", "staffordshire"} <= set(bundled_names())
    for name in bundled_names():
        assert bundled_path(name).is_dir()
        assert detect_format(bundled_path(name)) == "yaml-dir"


def test_bundled_york_loads_with_the_icg_accountable_to_the_yorok_board(york: Partnership) -> None:
    """Seed 002, Accountability and reporting: the ICG is formally accountable to the YorOK Board."""
    assert load("york") == york
    assert york.info.id == "york"
    (icg,) = [n for n in york.nodes() if n.name.endswith("Integrated Commissioning Group")]
    assert [n.name for n in york.neighbours(icg.id, EdgeType.ACCOUNTABLE_TO)] == ["YorOK Board"]


@pytest.mark.parametrize(("ref", "message"), [("yrok", "did you mean york"), ("nowhere", "staffordshire, york"),
                                              ("no/such/file.yaml", "no file or folder")])
def test_unknown_dataset_says_what_exists(ref: str, message: str) -> None:
    with pytest.raises(UnknownDataset, match=message):
        load(ref)
    with pytest.raises(UnknownDataset, match="did you mean york"):
        bundled_path("yrok")


@pytest.mark.parametrize(("fmt", "name"), [("json", "p.json"), ("yaml", "p.yaml"), ("yaml", "p.yml"),
                                           ("yaml-dir", "p"), ("csv", "p")])
def test_write_then_detect_then_load(tmp_path: Path, mini: Partnership, fmt: str, name: str) -> None:
    out = write(mini, tmp_path / name, fmt if fmt in ("yaml-dir", "csv") else None)
    assert detect_format(out) == fmt
    assert load(out) == mini
    assert load(str(out)) == mini


def test_write_needs_a_format_for_a_new_folder(tmp_path: Path, mini: Partnership) -> None:
    with pytest.raises(InvalidTarget, match="cannot tell which format"):
        write(mini, tmp_path / "folder")
    with pytest.raises(InvalidTarget, match="unknown format 'xml'"):
        write(mini, tmp_path / "p.xml", "xml")
    write(mini, tmp_path / "folder", "csv")
    assert detect_format(write(mini, tmp_path / "folder")) == "csv"  # an existing folder keeps its format


def test_detect_format_rejects_what_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(UnknownDataset, match="cannot tell the format"):
        detect_format(tmp_path / "notes.txt")
    with pytest.raises(UnknownDataset, match="neither nodes.csv nor .yaml"):
        detect_format(tmp_path)


def test_yaml_writer_is_short_and_readable(tmp_path: Path, mini: Partnership) -> None:
    text = write_yaml(mini, tmp_path / "mini.yaml").read_text(encoding="utf-8")
    assert "generated" not in text and "status: active" not in text  # defaults left out
    assert "id: icg--accountable_to--yorok-board" not in text  # a default edge id is left out
    assert "description: |\n      Accountable to the YorOK Board.\n      A decision-making forum.\n" in text
    blocks = text.split("\n\n")
    assert any(b.lstrip().startswith("nodes:\n  - id: yorok-board\n    type: Board\n    name: YorOK Board")
               for b in blocks)


def test_failed_file_write_leaves_the_old_file(tmp_path: Path, mini: Partnership,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_yaml(mini, tmp_path / "mini.yaml")
    before = path.read_bytes()

    def explode(text: str) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr("loaders._common.os.replace", lambda *a: explode(""))
    with pytest.raises(RuntimeError, match="disk full"):
        write_yaml(mini.as_of(dt.date(2000, 1, 1)), path)
    assert path.read_bytes() == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ["mini.yaml"]  # no temporary file left


@pytest.mark.parametrize("writer", [write_csv, write_yaml_dir], ids=["csv", "yaml-dir"])
def test_failed_folder_write_leaves_the_old_folder(tmp_path: Path, mini: Partnership,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   writer: Callable[[Partnership, Path], Path]) -> None:
    folder = writer(mini, tmp_path / "out")
    before = {f.name: f.read_bytes() for f in folder.iterdir()}

    def explode(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("pathlib.Path.write_text", explode)
    monkeypatch.setattr("csv.writer", explode)
    with pytest.raises(OSError, match="disk full"):
        writer(mini, folder)
    assert {f.name: f.read_bytes() for f in folder.iterdir()} == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ["out"]


def test_folder_write_refuses_a_folder_with_other_files(tmp_path: Path, mini: Partnership) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("precious", encoding="utf-8")
    with pytest.raises(InvalidTarget, match="thesis.docx"):
        write(mini, tmp_path / "mine", "csv")
    assert (tmp_path / "mine" / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_json_fast_path_gives_the_same_graph_as_the_located_path(york: Partnership, tmp_path: Path) -> None:
    """A valid JSON file is read by pydantic straight from bytes; anything else falls back to the
    line-by-line reader, so problems still carry lines. Both must agree on a valid file."""
    from loaders.json_io import _read_fast

    path = write(york, tmp_path / "york.json")
    fast = _read_fast(path)
    assert fast is not None and fast == york
    assert fast == parse_json_text(path.read_text(encoding="utf-8"), file=path.name).build()
    broken = path.read_text(encoding="utf-8").replace('"tier":3', '"tier":"three"', 1)
    assert broken != path.read_text(encoding="utf-8")
    path.write_text(broken, encoding="utf-8")
    assert _read_fast(path) is None
    with pytest.raises(InvalidPartnership) as caught:
        load(path)
    assert caught.value.problems[0].location.line is not None and caught.value.problems[0].location.field == "tier"


def test_json_fast_path_problems_fall_back_to_located_messages(york: Partnership, tmp_path: Path) -> None:
    """A duplicate edge id is only found after records validate: the fast path must hand over
    to the located reader rather than fail, and the message must name the line."""
    path = write(york, tmp_path / "york.json")
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines.index('"edges": [')
    lines.insert(head + 1, lines[head + 1] if lines[head + 1].endswith(",") else lines[head + 1] + ",")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidPartnership) as caught:
        load(path)
    [problem] = caught.value.problems
    assert problem.rule is Rule.DUPLICATE_ID and problem.location.line == head + 3


def _edge_line(**fields: object) -> str:
    return json.dumps({"generated": False, **fields}, separators=(",", ":")) + ","


@pytest.mark.parametrize(("line", "rule"), [
    (_edge_line(id="dangling", type="CHAIRS", **{"from": "no-such-post", "to": "yorok-board"}), Rule.DANGLING_REFERENCE),
    (_edge_line(id="board-chairs", type="CHAIRS", **{"from": "yorok-board", "to": "icg"}), Rule.EDGE_RULE),
    (_edge_line(id="self", type="REPORTS_TO", **{"from": "icg", "to": "icg"}), Rule.EDGE_RULE),
    (_edge_line(id="board-to-icg", type="ACCOUNTABLE_TO", **{"from": "yorok-board", "to": "icg"}),
     Rule.ACCOUNTABILITY_LOOP),
])
def test_json_fast_path_checks_every_rule_between_records(york: Partnership, tmp_path: Path, line: str,
                                                          rule: Rule) -> None:
    """The fast path checks the rules between records in bulk and cannot place a problem: each broken
    rule must send the file to the located reader (never load), which names the rule and the line."""
    from loaders.json_io import _read_fast

    path = write(york, tmp_path / "york.json")
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines.index('"edges": [')
    lines.insert(head + 1, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _read_fast(path) is None
    with pytest.raises(InvalidPartnership) as caught:
        load(path)
    assert {p.rule for p in caught.value.problems} == {rule}
    assert any(p.location.line == head + 2 for p in caught.value.problems) or rule is Rule.ACCOUNTABILITY_LOOP
