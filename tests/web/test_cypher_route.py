"""``POST /v1/cypher``: analyst Cypher through the read-only guard, in a worker process.

Seed 002: York's Integrated Commissioning Group is accountable to the YorOK Board.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http import Datasets, create_app

LINE = "MATCH (g:SubGroup {id: $id})-[:ACCOUNTABLE_TO]->(b) RETURN b.name AS board"


@pytest.fixture(scope="module")
def app_client(held: Datasets) -> Any:
    app = create_app(held)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client


def test_a_statement_answers_with_its_date(app_client: Any) -> None:
    _, client = app_client
    got = client.post("/v1/cypher", json={"statement": LINE, "params": {"id": "icg"}})
    assert got.status_code == 200, got.text
    body = got.json()
    assert (body["columns"], body["rows"], body["as_of"]) == (["board"], [["YorOK Board"]], "2016-03-31")
    earlier = client.post("/v1/cypher", json={"statement": "MATCH (s:Service) RETURN count(s) AS n",
                                              "as_of": "2013-06-01"}).json()
    later = client.post("/v1/cypher", json={"statement": "MATCH (s:Service) RETURN count(s) AS n"}).json()
    # The two-year-old entitlement began in September 2013 (seed 001): one service fewer in June 2013.
    assert earlier["rows"][0][0] == later["rows"][0][0] - 1


@pytest.mark.parametrize("statement", [
    "MATCH (n) DETACH DELETE n",
    "CREATE (:Board {id: $id, name: $id})",
    "MATCH (n) SET n.name = $x RETURN n",
    "COPY (MATCH (n) RETURN n.id) TO $file",
    "LOAD FROM $file RETURN *",
    "CALL READ_CSV_SERIAL($file) RETURN *",
    "MATCH (n) RETURN n.id; MATCH (n) DETACH DELETE n",
    "MATCH (b:Board {id: 'yorok-board'}) RETURN b",
    "match (n) detach   delete n",
    "EXPORT DATABASE $file",
    "INSTALL httpfs",
    "CALL timeout=1",
])
def test_the_guard_refuses_writes_and_escapes(app_client: Any, statement: str) -> None:
    _, client = app_client
    got = client.post("/v1/cypher", json={"statement": statement, "params": {"id": "x", "x": "x",
                                                                             "file": "/etc/passwd"}})
    assert got.status_code == 403, got.text
    assert got.json()["code"] == "refused-statement"
    assert not got.json()["message"].startswith("refused: refused")
    still = client.post("/v1/cypher", json={"statement": LINE, "params": {"id": "icg"}}).json()
    assert still["rows"] == [["YorOK Board"]]  # nothing changed, and the server still answers


def test_a_statement_in_a_parameter_is_only_a_value(app_client: Any) -> None:
    _, client = app_client
    got = client.post("/v1/cypher", json={"statement": "MATCH (b:Board) WHERE b.id = $id RETURN b.name",
                                          "params": {"id": "x' OR 1=1 DETACH DELETE b //"}}).json()
    assert got["rows"] == []


def test_engine_errors_are_clear(app_client: Any) -> None:
    _, client = app_client
    got = client.post("/v1/cypher", json={"statement": "MATCH (n) RETURN n.nosuch"})
    assert (got.status_code, got.json()["code"]) == (400, "cypher-failed")
    assert "nosuch" in got.json()["message"]
    assert client.post("/v1/cypher", json={"statement": LINE, "dataset": "leeds"}).json()["code"] == "unknown-dataset"


def test_a_dead_engine_costs_one_request_not_the_server(app_client: Any) -> None:
    app, client = app_client
    assert client.post("/v1/cypher", json={"statement": LINE, "params": {"id": "icg"}}).status_code == 200
    pid = app.state.cypher.pid
    assert pid is not None
    slow: list[Any] = []
    worker = threading.Thread(target=lambda: slow.append(client.post(
        "/v1/cypher", json={"statement": "UNWIND range(1, 300000000) AS x RETURN sum(x) AS n"})))
    worker.start()
    time.sleep(1.5)
    os.kill(pid, signal.SIGKILL)  # what a crash inside the engine does to the process
    worker.join(60)
    assert slow and slow[0].status_code == 400 and slow[0].json()["code"] == "engine-failed"
    again = client.post("/v1/cypher", json={"statement": LINE, "params": {"id": "icg"}})
    assert again.status_code == 200 and again.json()["rows"] == [["YorOK Board"]]
    assert app.state.cypher.pid not in (None, pid)


def test_a_statement_that_needs_more_memory_than_allowed_says_so(app_client: Any) -> None:
    # Every path of up to 12 steps between any two of York's nodes: far more than the engine may hold.
    _, client = app_client
    got = client.post("/v1/cypher", json={"statement": "MATCH p=(a)-[*1..12]-(b) RETURN count(*) AS n"})
    assert (got.status_code, got.json()["code"]) == (400, "cypher-failed")
    assert "BOOKCASE_CYPHER_MEMORY_MB" in got.json()["message"]
    assert client.post("/v1/cypher", json={"statement": LINE, "params": {"id": "icg"}}).json()["rows"] == [
        ["YorOK Board"]]


def test_a_large_dataset_is_prepared_before_the_server_loads_it(tmp_path: Any) -> None:
    """``bookcase serve`` makes a large dataset's database first (api.http.cypher.prepare); the worker then opens
    that file and makes no other."""
    from api.http.cypher import CypherWorker, database_path, prepare
    from api.settings import get_settings
    from loaders import load_bundled, write

    source = write(load_bundled("york"), tmp_path / "york.json")
    assert prepare([str(source)], min_bytes=source.stat().st_size + 1) == []  # a small one waits for its statement
    assert prepare([str(source)], min_bytes=0) == [str(source)]
    made = database_path(get_settings().cache_dir / "cypher", source, load_bundled("york").dating(None).day)
    folder = made.parent
    assert made.exists()
    stamp = made.stat().st_mtime_ns
    held = Datasets.load([str(source)])
    worker = CypherWorker(held)
    try:
        assert worker.run(None, LINE, {"id": "icg"}, None)["rows"] == [["YorOK Board"]]
    finally:
        worker.close()
    assert made.stat().st_mtime_ns == stamp
    content = made.name.rsplit("-", 1)[1]  # the SHA-256 of the source's content ends the name
    assert [p.name for p in folder.glob(f"*-{content}")] == [made.name]


def test_a_builder_that_fails_says_why(tmp_path: Any) -> None:
    from api.http.cypher import _run_builder
    from queries.cypher.guard import CypherFailed

    broken = tmp_path / "broken.json"
    broken.write_text('{"partnership": {"id": "x"', encoding="utf-8")
    with pytest.raises(CypherFailed) as failed:
        _run_builder(str(broken), None, tmp_path / "db", 256)
    assert "could not be made" in str(failed.value) and "broken.json" in str(failed.value)
    assert not list((tmp_path / "db").glob("*.lbug"))  # nothing half-made is left to be opened


def test_cypher_answers_on_the_reloaded_graph(tmp_path: Any) -> None:
    """After the served file is edited and the dataset reloaded, Cypher answers on the new content: the worker
    opens the database made from it, not the one it had open."""
    from api.http.cypher import CypherWorker
    from loaders import load_bundled, write

    source = write(load_bundled("york"), tmp_path / "york.json")
    held = Datasets.load([str(source)])
    worker = CypherWorker(held)
    try:
        assert worker.run(None, LINE, {"id": "icg"}, None)["rows"] == [["YorOK Board"]]
        source.write_text(source.read_text(encoding="utf-8").replace('"YorOK Board"', '"YorOK Board (renamed)"'),
                          encoding="utf-8")
        held.reload()
        assert worker.run(None, LINE, {"id": "icg"}, None)["rows"] == [["YorOK Board (renamed)"]]
    finally:
        worker.close()


def test_two_sources_of_one_day_keep_their_own_files(tmp_path: Any) -> None:
    """Two datasets whose answers are for the same day (two copies of York, one edited) each keep their database:
    making one's file does not delete the other's."""
    from api.http.cypher import build
    from loaders import load_bundled, write

    york = load_bundled("york")
    first = write(york, tmp_path / "a" / "york.json")
    second = write(york, tmp_path / "b" / "york.json")
    second.write_text(second.read_text(encoding="utf-8").replace('"YorOK Board"', '"YorOK Board (b)"'), encoding="utf-8")
    folder = tmp_path / "cypher"
    made = [build(str(source), None, folder, 256) for source in (first, second)]
    assert made[0] != made[1] and all(path.exists() for path in made)
