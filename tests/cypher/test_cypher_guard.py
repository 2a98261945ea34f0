"""The read-only guard: the attempts it refuses (a table), the reads it lets through, its limits.

The refusals include what the engine itself lets through even in its read-only mode (COPY TO,
LOAD FROM, EXPORT DATABASE, INSTALL, CALL <setting>, several statements in one call) and the
call that crashes it (READ_CSV_SERIAL): the guard refuses them on the text, before the engine
sees anything. Each refusal is also checked to have changed nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ladybug as lb
import pytest

from graph_model import Partnership
from queries.cypher.guard import (
    CypherFailed,
    Limits,
    RefusedStatement,
    check_plan,
    check_text,
    plan_of,
    run,
)


@pytest.fixture(scope="module")
def york_db(york: Partnership) -> lb.Connection:
    """York, whole, in an in-memory database."""
    from queries.cypher.load import build_database, connect

    return connect(build_database(york))


#: (statement, what the refusal must name)
REFUSED = [
    pytest.param("COPY (MATCH (b:Board) RETURN b.id) TO $file", "COPY is not a read clause", id="copy-to"),
    pytest.param("LOAD FROM $file (file_format=$format, header=false) RETURN *", "LOAD FROM is not a read clause",
                 id="load-from"),
    pytest.param("EXPORT DATABASE $folder", "EXPORT DATABASE is not a read clause", id="export-database"),
    pytest.param("INSTALL json", "INSTALL is not a read clause", id="install"),
    pytest.param("CALL var_length_extend_max_depth=5", "CALL", id="call-setting"),
    pytest.param("CALL current_setting($name) RETURN *", "CALL", id="call-read-setting"),
    pytest.param("CALL READ_CSV_SERIAL($file) RETURN *", "CALL", id="read-csv-serial-crash"),
    # Found by schemathesis over POST /v1/cypher: a letter outside ASCII once failed an assertion in the guard.
    pytest.param("\u0016\u00fd", "start with", id="a-non-ascii-letter"),
    pytest.param("ÿMATCH (n) DETACH DELETE n", "DETACH DELETE", id="a-letter-glued-to-a-clause"),
    pytest.param("MATCH (b:Board) RETURN b.id; MATCH (s:SubGroup) RETURN s.id", "several statements",
                 id="two-statements"),
    pytest.param("MATCH (b:Board) RETURN b.id;\nCREATE (:Board {id: $id, name: $id})", "several statements",
                 id="read-then-write"),
    pytest.param("CREATE (:Board {id: $id, name: $id})", "CREATE is a write", id="create"),
    pytest.param("MERGE (b:Board {id: $id})", "MERGE is a write", id="merge"),
    pytest.param("MATCH (b:Board) SET b.name = $id", "SET is a write", id="set"),
    pytest.param("MATCH (b:Board) DELETE b", "DELETE is a write", id="delete"),
    pytest.param("MATCH (b:Board) DETACH DELETE b", "DETACH DELETE is a write", id="detach-delete"),
    pytest.param("match (b:Board) set b.name = $id", "SET is a write", id="lower-case"),
    pytest.param("MATCH (b:Board) /* a comment */ SET b.name = $id", "SET is a write", id="after-a-comment"),
    pytest.param("DROP TABLE Board", "DROP is not a read clause", id="drop-table"),
    pytest.param("ALTER TABLE Board ADD x INT64", "ALTER is not a read clause", id="alter-table"),
    pytest.param("BEGIN TRANSACTION", "BEGIN is not a read clause", id="transaction"),
    pytest.param("CHECKPOINT", "CHECKPOINT is not a read clause", id="checkpoint"),
    pytest.param("ATTACH $file AS other (dbtype lbug)", "ATTACH is not a read clause", id="attach"),
    pytest.param("EXPLAIN MATCH (b:Board) RETURN b", "EXPLAIN is not a read clause", id="explain"),
    pytest.param("PROFILE MATCH (b:Board) RETURN b", "PROFILE is not a read clause", id="profile"),
    pytest.param("MATCH (b:Board {name: 'YorOK Board'}) RETURN b", "the string literal 'YorOK Board'",
                 id="string-literal"),
    pytest.param('MATCH (b:Board) WHERE b.name = "x" RETURN b', 'the string literal "x"', id="double-quoted"),
    pytest.param("// only a comment", "an empty statement", id="empty"),
    pytest.param("(b:Board) RETURN b", "may not start with b", id="no-clause"),
]


@pytest.mark.parametrize(("statement", "named"), REFUSED)
def test_the_guard_refuses_and_names_the_clause(york_db: lb.Connection, tmp_path: Path, statement: str,
                                                named: str) -> None:
    params: dict[str, Any] = {"file": str(tmp_path / "out.csv"), "folder": str(tmp_path / "export"),
                              "format": "csv", "name": "threads", "id": "new-board"}
    [[before]] = york_db.execute("MATCH (n) RETURN count(n)").get_all()
    with pytest.raises(RefusedStatement, match="^refused: ") as refused:
        run(york_db, statement, params)
    assert named in str(refused.value)
    # nothing happened: no file written, no node made or changed, the cap still raised
    assert list(tmp_path.iterdir()) == []
    assert york_db.execute("MATCH (n) RETURN count(n)").get_all() == [[before]]
    assert york_db.execute("MATCH (b:Board {id: $id}) RETURN b.name", {"id": "yorok-board"}).get_all() == [
        ["YorOK Board"]]


ALLOWED = [
    "MATCH (b:Board {id: $id}) RETURN b.name",
    "MATCH (g:SubGroup) OPTIONAL MATCH (g)-[:ACCOUNTABLE_TO]->(b) RETURN g.id, b.id ORDER BY g.id SKIP 1 LIMIT 3",
    "MATCH (b:Board) RETURN b.id UNION MATCH (g:SubGroup) RETURN g.id",
    "MATCH p = (g:SubGroup)-[:ACCOUNTABLE_TO* SHORTEST 1..10]->(b:Board) RETURN length(p)",
    "MATCH (o:Outcome) WHERE NOT EXISTS { MATCH (o)-[:MEASURED_BY]->() } RETURN count(o)",
    "UNWIND $ids AS x MATCH (n:Service {id: x}) RETURN n.name",
    "MATCH (s:Service) WITH s.tier AS tier, count(*) AS n WHERE n > 1 RETURN tier, n",
    "MATCH (n:`Board`) // CREATE nothing: a comment is no clause\nRETURN n.id;",
    "MATCH (i:Indicator)-[:HAS_OBSERVATION]->(o:Observation) RETURN i.id, max(o.date)",
    # counting the links of one pattern: the engine plans it as a count of the link table (COUNT_REL_TABLE)
    "MATCH (s:Service)-[:CONTRIBUTES_TO]->(o:Outcome) RETURN count(*) AS links",
]


@pytest.mark.parametrize("statement", ALLOWED)
def test_reads_pass_the_text_and_the_plan(york_db: lb.Connection, statement: str) -> None:
    params = {"id": "yorok-board", "ids": ["first"]}
    answer = run(york_db, statement, params)
    assert answer.columns and not answer.truncated


@pytest.mark.parametrize(("statement", "named"), [
    pytest.param("MATCH (b:Board) SET b.name = $id", "SET_PROPERTY", id="set"),
    pytest.param("CREATE (:Board {id: $id, name: $id})", "INSERT", id="create"),
    pytest.param("MATCH (b:Board) DELETE b", "DELETE", id="delete"),
    pytest.param("COPY (MATCH (b:Board) RETURN b.id) TO '/nonexistent/x.csv'", "COPY_TO", id="copy-to"),
    pytest.param("LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
                 "READ_CSV_PARALLEL", id="load-from"),
    pytest.param("INSTALL json", "INSTALL_EXTENSION", id="install"),
    pytest.param("CALL current_setting('threads') RETURN *", "CURRENT_SETTING", id="call-function"),
])
def test_the_plan_check_refuses_what_the_text_check_would_have(york_db: lb.Connection, statement: str,
                                                               named: str) -> None:
    """The second line of defence on its own: the engine's plan (EXPLAIN plans without running)."""
    with pytest.raises(RefusedStatement, match=named):
        check_plan(plan_of(york_db, statement, {"id": "x"}))


def test_writes_pass_only_when_writable(york_db: lb.Connection) -> None:
    statement = "MATCH (b:Board {id: $id}) SET b.name = $name"
    check_text(statement, writable=True)
    check_plan(plan_of(york_db, statement, {"id": "x", "name": "y"}), writable=True)
    for still_refused in ("COPY (MATCH (b:Board) RETURN b.id) TO $file", "LOAD FROM $file RETURN *",
                          "CALL var_length_extend_max_depth=5", "MATCH (b) RETURN b; CREATE (:Board {id: $id})"):
        with pytest.raises(RefusedStatement):
            check_text(still_refused, writable=True)


def test_a_statement_stops_at_the_time_limit(york_db: lb.Connection) -> None:
    slow = "MATCH (a), (b), (c), (d) WHERE a.id + b.id + c.id + d.id = $x RETURN count(*)"
    with pytest.raises(CypherFailed, match="ran out of time"):
        run(york_db, slow, {"x": "nothing"}, limits=Limits(timeout_ms=200))


def test_an_answer_holds_at_most_the_row_limit_and_says_so(york_db: lb.Connection) -> None:
    [[count]] = york_db.execute("MATCH (n:Partner) RETURN count(n)").get_all()
    assert count > 5
    answer = run(york_db, "MATCH (n:Partner) RETURN n.id ORDER BY n.id", limits=Limits(max_rows=5))
    assert len(answer.rows) == 5 and answer.truncated
    whole = run(york_db, "MATCH (n:Partner) RETURN n.id ORDER BY n.id", limits=Limits(max_rows=count))
    assert len(whole.rows) == count and not whole.truncated
    assert whole.rows[:5] == answer.rows


def test_an_engine_error_is_a_cypher_failure_not_a_crash(york_db: lb.Connection) -> None:
    with pytest.raises(CypherFailed, match="Cannot find property nope"):
        run(york_db, "MATCH (b:Board) RETURN b.nope")


def test_a_parameter_not_given_is_refused_not_read_as_null(york_db: lb.Connection) -> None:
    """Without the check the engine reads a missing $active as null and answers 0 services, which reads as a
    real answer; York records active services (seed 000: FIRST among them)."""
    from queries.cypher.guard import run

    statement = "MATCH (s:Service) WHERE s.status = $active RETURN count(s) AS n"
    with pytest.raises(RefusedStatement, match=r"\$active, not given.*--param active=VALUE"):
        run(york_db, statement, {})
    assert run(york_db, statement, {"active": "active"}).rows[0][0] > 0
    assert run(york_db, "MATCH (s:Service) // not $here\nRETURN count(s) AS n", {}).rows[0][0] > 0
