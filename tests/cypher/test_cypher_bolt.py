"""Neo4j push and pull, and analyst Cypher in read transactions, against a real Bolt server.

The server is ArcadeDB from the ``arcadedb-embedded`` wheel, started here (``bolt_server.py``), or a
real Neo4j when ``BOOKCASE_NEO4J_URI`` is set. York and Staffordshire share one database; each is
pulled back equal to what was pushed. The portable twins (those with no ``dialect:`` line) run on a
second database holding one partnership as of its day, and answer as the Python queries do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bolt_server import Server, bolt_server
from test_cypher_twins import CASES

from graph_model import NodeType, Partnership
from queries.cypher.bolt import pull, push, read
from queries.cypher.guard import RefusedStatement
from queries.cypher.twins import twins
from queries.registry import run_query

#: Where ArcadeDB, standing in for Neo4j, answers a portable twin otherwise than Neo4j would (none so far),
#: and what it does not do as Neo4j does.
ARCADEDB_DIFFERENCES: dict[str, str] = {
    "read transactions": "ArcadeDB runs a write inside a read transaction (Neo4j refuses it); the guard's text "
                         "check refuses analyst writes before either server sees them.",
    "transient conflicts": "ArcadeDB sometimes fails an UNWIND … MERGE batch with a transient 'modified by a "
                           "concurrent transaction' error; push runs each batch in a managed transaction, which "
                           "the driver retries.",
    "twins in Ladybug's dialect": "the twins whose file has a dialect: line (duplicates, reporting-line, reports-to "
                                  "and others) are written as Ladybug reads them (list_concat, list_sort, (x:A:B) for "
                                  "A or B, a filter on each link of a variable-length path), which neither Neo4j nor "
                                  "ArcadeDB reads; they are not run here, and the line says how Neo4j writes them.",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with bolt_server(Path(tmp_path_factory.mktemp("arcadedb"))) as found:
        yield found


@pytest.fixture(scope="module")
def driver(server: Server) -> Iterator[Any]:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as found:
        yield found


@pytest.fixture(scope="module")
def pushed(server: Server, driver: Any, york: Partnership, staffordshire: Partnership) -> dict[str, Partnership]:
    """York and Staffordshire pushed into one database."""
    for p in (york, staffordshire):
        push(p, driver, database=server.database)
    return {"york": york, "staffordshire": staffordshire}


def count(driver: Any, database: str | None, partnership: str) -> tuple[int, int]:
    with driver.session(database=database) as session:
        nodes = session.run("MATCH (n) WHERE n.partnership = $p RETURN count(n) AS n", p=partnership).single()["n"]
        rels = session.run("MATCH ()-[e]->() WHERE e.partnership = $p RETURN count(e) AS n", p=partnership).single()["n"]
    return nodes, rels


@pytest.mark.parametrize("name", ["york", "staffordshire"])
def test_push_then_pull_gives_the_same_partnership(server: Server, driver: Any, pushed: dict[str, Partnership],
                                                   name: str) -> None:
    back = pull(driver, name, database=server.database)
    assert back == pushed[name]
    if name == "york":  # York's indicators have observations: the child nodes came back in order
        assert any(i.observations for i in back.nodes(NodeType.INDICATOR))  # type: ignore[attr-defined]


def test_a_second_push_changes_nothing(server: Server, driver: Any, pushed: dict[str, Partnership]) -> None:
    before = {name: count(driver, server.database, name) for name in pushed}
    report = push(pushed["york"], driver, database=server.database)
    assert {name: count(driver, server.database, name) for name in pushed} == before
    york_nodes = len(pushed["york"]) + 1 + sum(len(i.observations)  # type: ignore[attr-defined]
                                               for i in pushed["york"].nodes(NodeType.INDICATOR))
    assert before["york"][0] == york_nodes == report.nodes
    assert pull(driver, "york", database=server.database) == pushed["york"]


def test_partnerships_share_a_database_without_their_ids_colliding(server: Server, driver: Any,
                                                                   pushed: dict[str, Partnership]) -> None:
    twin = Partnership.from_records({"id": "twin-of-york", "name": "Another partnership"},
                                    nodes=[{"id": "icg", "type": "SubGroup", "name": "Another ICG"}], edges=[])
    push(twin, driver, database=server.database)
    with driver.session(database=server.database) as session:
        found = session.run("MATCH (g:SubGroup {id: $id}) RETURN g.partnership AS p, g.name AS name ORDER BY p",
                            id="icg").data()
    assert found == [{"p": "twin-of-york", "name": "Another ICG"},
                     {"p": "york", "name": "Integrated Commissioning Group"}]
    assert pull(driver, "york", database=server.database) == pushed["york"]


def test_replace_deletes_only_what_this_partnership_wrote_and_no_longer_holds(
        server: Server, driver: Any, pushed: dict[str, Partnership], york: Partnership) -> None:
    gone = "howe-hill"
    smaller = york.subset(lambda n: n.id != gone, kind="test: without howe-hill")
    push(smaller, driver, database=server.database)  # without replace: nothing is deleted
    assert pull(driver, "york", database=server.database) == york
    report = push(smaller, driver, database=server.database, replace=True)
    assert report.deleted_nodes == 1 and report.deleted_relationships >= 1
    assert pull(driver, "york", database=server.database) == smaller
    assert pull(driver, "staffordshire", database=server.database) == pushed["staffordshire"]
    push(york, driver, database=server.database)  # as it was, for the other tests
    assert pull(driver, "york", database=server.database) == york


def test_analyst_cypher_runs_in_a_read_transaction_through_the_guard(server: Server, driver: Any,
                                                                     pushed: dict[str, Partnership]) -> None:
    answer = read(driver, "MATCH (g:SubGroup {uid: $uid})-[:ACCOUNTABLE_TO]->(b) RETURN b.name AS board",
                  {"uid": "york/icg"}, database=server.database)
    assert answer.records() == [{"board": "YorOK Board"}]
    with pytest.raises(RefusedStatement, match="DETACH DELETE is a write"):
        read(driver, "MATCH (n) DETACH DELETE n", database=server.database)


def portable() -> list[str]:
    return sorted(name for name, twin in twins().items() if "dialect" not in twin.notes)


@pytest.mark.parametrize("name", portable())
def test_a_portable_twin_answers_on_the_bolt_server_as_the_python_query(server: Server, driver: Any, york: Partnership,
                                                                        name: str) -> None:
    day = york.as_of(york.default_day())
    push(day, driver, database=server.twins_database)
    case, twin = CASES[name], twins()[name]
    twin_params, python_params = case.params(name, york)
    answer = read(driver, twin.text, twin_params, database=server.twins_database)
    assert case.twin(answer.records()) == case.python(run_query(name, york, python_params))


def test_the_portable_twins_are_most_of_them() -> None:
    assert len(portable()) >= 5


# -- the commands ---------------------------------------------------------------------------------------------


@pytest.fixture
def password(server: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The password in the environment, where the commands read it (never an option)."""
    from api.settings import get_settings

    monkeypatch.setenv("BOOKCASE_NEO4J_PASSWORD", server.password)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_commands_push_pull_and_query(server: Server, password: None, tmp_path: Path, york: Partnership,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from api.cli import main
    from loaders import load

    where = ["--uri", server.uri, "--user", server.user, *(["--database", server.database] if server.database else [])]
    assert main(["neo4j", "push", "--dataset", "york", *where]) == 0
    observations = sum(len(i.observations) for i in york.nodes(NodeType.INDICATOR))  # type: ignore[attr-defined]
    # every record, the partnership's own node, and each observation as a child node with its link
    nodes, links = len(york) + 1 + observations, york.edge_count + observations
    assert f"york: {nodes:,} nodes and {links:,} relationships written." in capsys.readouterr().out
    target = tmp_path / "york.json"
    assert main(["neo4j", "pull", *where, "--partnership", "york", "-o", str(target)]) == 0
    assert load(target) == york
    statement = "MATCH (g:SubGroup {uid: $uid})-[:ACCOUNTABLE_TO]->(b) RETURN b.name AS board"
    capsys.readouterr()
    assert main(["cypher", statement, "--param", "uid=york/icg", "--neo4j", server.uri, "--user", server.user,
                 *(["--database", server.database] if server.database else []), "--format", "json"]) == 0
    assert '"board": "YorOK Board"' in capsys.readouterr().out
    assert main(["cypher", "MATCH (n) DETACH DELETE n", "--neo4j", server.uri, "--user", server.user]) == 2
    assert "DETACH DELETE is a write" in capsys.readouterr().err


def test_a_password_is_never_an_option(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    from api.cli import main

    assert main(["neo4j", "push", "--uri", server.uri, "--password", server.password]) == 2
    assert "No such option '--password'" in capsys.readouterr().err


def test_the_cypher_script_loads_by_hand_into_the_same_graph(server: Server, driver: Any, york: Partnership) -> None:
    from bolt_server import SCRIPT

    from queries.cypher.bolt import script

    if server.database is None:
        pytest.skip("needs a database of its own: set BOOKCASE_NEO4J_DATABASE")
    statements = [s for s in script(york).split(";\n") if s.strip()]
    with driver.session(database=SCRIPT) as session:
        for statement in statements:  # managed transactions: ArcadeDB may ask for a retry (see the differences)
            session.execute_write(lambda tx, text=statement: tx.run(text).consume())
    assert pull(driver, "york", database=SCRIPT) == york
