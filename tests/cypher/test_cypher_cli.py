"""``bookcase cypher``: one statement in each format, refusals as errors, the database folder and
``--write``, the shell (its commands, and the real prompt_toolkit loop), the notebook door."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from api.cli import main
from api.cli.cypher import Shell, run_shell
from graph_model import NodeType, Partnership
from queries.cypher.graph import CypherGraph, connect, open_graph

ABOVE_ICG = "MATCH (g:SubGroup {id: $id})-[:ACCOUNTABLE_TO]->(b) RETURN b.id AS id, b.name AS name"


def test_a_statement_answers_as_a_table_with_its_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cypher", ABOVE_ICG, "--param", "id=icg"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The data describes April 2013 to March 2016; answers are as of 31 March 2016")
    assert "YorOK Board" in out and out.rstrip().endswith("1 row")


def test_json_and_csv_carry_the_same_rows(capsys: pytest.CaptureFixture[str], york: Partnership) -> None:
    statement = "MATCH (b:Board) RETURN b.id AS id, b.valid_to AS until ORDER BY id"
    assert main(["cypher", statement, "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["partnership"] == "york" and answer["as_of"] == "2016-03-31"
    boards = sorted(b.id for b in york.as_of(york.default_day()).nodes(NodeType.BOARD))
    assert [row["id"] for row in answer["rows"]] == boards
    assert main(["cypher", statement, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["id"] for row in rows] == boards


def test_a_date_parameter_compares_with_date_columns(capsys: pytest.CaptureFixture[str], york: Partnership) -> None:
    statement = "MATCH (p:Plan) WHERE p.valid_from >= $since RETURN p.id AS id ORDER BY id"
    assert main(["cypher", statement, "-p", "since=2013-01-01", "--whole", "--format", "json"]) == 0
    found = [row["id"] for row in json.loads(capsys.readouterr().out)["rows"]]
    import datetime as dt

    assert found == sorted(p.id for p in york.nodes(NodeType.PLAN)
                           if p.valid_from is not None and p.valid_from >= dt.date(2013, 1, 1))
    assert found


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(["MATCH (b:Board) DETACH DELETE b"], "refused: DETACH DELETE is a write", id="write"),
    pytest.param(["MATCH (b:Board {name: 'YorOK Board'}) RETURN b"], "every value is a parameter", id="literal"),
    pytest.param(["MATCH (b:Board) RETURN b.nope"], "Cannot find property nope", id="engine-error"),
    pytest.param(["MATCH (b:Board) SET b.name = $x", "-p", "x=1", "--write"], "writes need a local database folder",
                 id="write-without-db"),
    pytest.param(["RETURN $x", "-p", "no-equals"], "a parameter is written name=value", id="bad-param"),
])
def test_refusals_and_failures_are_errors_with_exit_code_2(capsys: pytest.CaptureFixture[str], args: list[str],
                                                            message: str) -> None:
    assert main(["cypher", *args]) == 2
    assert message in capsys.readouterr().err


def test_a_database_folder_is_kept_reused_and_written_only_with_write(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "db"
    count = "MATCH (b:Board) RETURN count(b) AS boards"
    assert main(["cypher", count, "--db", str(folder), "--format", "json"]) == 0
    before = json.loads(capsys.readouterr().out)["rows"][0]["boards"]
    [made] = list(folder.glob("ladybug-*.lbug"))
    stamp = made.stat().st_mtime_ns
    make = "CREATE (:Board {id: $id, name: $name})"
    assert main(["cypher", make, "-p", "id=new-board", "-p", "name=New", "--db", str(folder)]) == 2
    assert "CREATE is a write" in capsys.readouterr().err
    assert main(["cypher", make, "-p", "id=new-board", "-p", "name=New", "--db", str(folder), "--write"]) == 0
    capsys.readouterr()
    assert main(["cypher", count, "--db", str(folder), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"][0]["boards"] == before + 1  # the same file, written
    assert list(folder.glob("ladybug-*.lbug")) == [made] and made.stat().st_mtime_ns >= stamp


# -- the shell --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph(york: Partnership) -> CypherGraph:
    return open_graph(york)


def test_the_shell_runs_statements_with_its_parameters(graph: CypherGraph) -> None:
    shell = Shell(graph)
    assert shell.handle(":param id=icg") == "$id = 'icg'\n"
    assert "$id = 'icg'" in shell.handle(":params")
    out = shell.handle(ABOVE_ICG + ";")
    assert "YorOK Board" in out and "1 row" in out
    assert shell.handle("MATCH (b:Board) SET b.name = $id").startswith("error: refused: SET is a write")
    assert shell.handle(":nonsense").startswith("error: no shell command :nonsense")
    assert not shell.done
    shell.handle(":quit")
    assert shell.done


def test_the_shell_shows_the_schema_the_twins_and_help(graph: CypherGraph) -> None:
    from queries.cypher.twins import twins

    shell = Shell(graph)
    schema = shell.handle(":schema")
    assert all(f"(:{t.value})" in schema for t in NodeType)
    assert "[:ACCOUNTABLE_TO] Board→Board, Board→SubGroup" in schema
    listed = shell.handle(":queries")
    assert all(name in listed for name in twins())
    for name, twin in twins().items():
        assert shell.handle(f":queries {name}").strip() == twin.text.strip()
    assert ":schema" in shell.handle(":help") and ":queries" in shell.handle(":help")


def test_the_shell_loop_reads_multi_line_statements_until_the_semicolon(graph: CypherGraph, tmp_path: Path) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    said: list[str] = []
    with create_pipe_input() as pipe:
        # a statement over two lines (Enter on an unfinished one starts a new line), a command, then leave
        pipe.send_text("MATCH (b:Board)\rRETURN count(b) AS boards;\r:param x=1\r:quit\r")
        run_shell(Shell(graph), history=tmp_path / "history", input=pipe, output=DummyOutput(), say=said.append)
    boards = len(graph.rows("MATCH (b:Board) RETURN b.id"))
    answer = next(text for text in said if "boards" in text)
    assert f"│ {boards}" in answer and "1 row" in answer
    assert "$x = 1\n" in said
    assert "+MATCH (b:Board)\n+RETURN count(b) AS boards;\n" in (tmp_path / "history").read_text(encoding="utf-8")


# -- the notebook door --------------------------------------------------------------------------------------


def test_the_notebook_door_gives_rows_and_a_data_frame(york: Partnership) -> None:
    with connect("york") as g:
        rows = g.rows("MATCH (s:Service) RETURN s.id AS id, s.tier AS tier ORDER BY id")
        frame = g.frame("MATCH (s:Service) RETURN s.id AS id, s.tier AS tier ORDER BY id")
    services = york.as_of(york.default_day()).nodes(NodeType.SERVICE)
    assert [r["id"] for r in rows] == sorted(s.id for s in services)
    assert list(frame.columns) == ["id", "tier"] and frame["id"].tolist() == [r["id"] for r in rows]
