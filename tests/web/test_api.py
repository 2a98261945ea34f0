"""The HTTP API's contract (TestClient) and its main paths over real HTTP against ``bookcase serve``.

Facts from the seeds the answers are checked against:
- seed 002: York's Integrated Commissioning Group (ICG) is accountable to the YorOK Board;
- seed 001: York's commissioning examples are ten services.
"""

from __future__ import annotations

import json
import re
import subprocess

import httpx
import pytest
from fastapi.testclient import TestClient
from test_cli import COMMAND

from api.http import API_PREFIX, API_VERSION, Datasets, create_app
from api.http.app import MAX_LIMIT
from graph_model import Partnership
from loaders import parse_json_text
from loaders.formats import load
from queries import all_queries, run_query


def test_health_and_datasets(client: TestClient, york: Partnership) -> None:
    assert client.get("/v1/health").json() == {"status": "ok", "datasets": ["york", "staffordshire"]}
    listed = client.get("/v1/datasets").json()
    assert (listed["total"], listed["limit"], listed["offset"]) == (2, 50, 0)
    served = {d["id"]: d for d in listed["items"]}
    assert served["york"]["default"] and not served["staffordshire"]["default"]
    assert (served["york"]["nodes"], served["york"]["edges"]) == (len(york), york.edge_count)
    assert served["york"]["coverage"].startswith("10 services recorded")


def test_every_named_query_has_a_get_and_a_post_route(client: TestClient) -> None:
    spec = client.get(f"{API_PREFIX}/openapi.json").json()
    assert spec["info"]["version"] == API_VERSION
    for q in all_queries():
        assert {"get", "post"} <= set(spec["paths"][f"/v1/queries/{q.name}"]), q.name
    assert all(path.startswith("/v1/") or path == "/" for path in spec["paths"])


def test_a_query_answers_as_python_does(client: TestClient, york: Partnership) -> None:
    expected = json.loads(run_query("reporting-line", york, {"node": "icg"}).model_dump_json())
    got = client.get("/v1/queries/reporting-line", params={"node": "icg"})
    assert got.status_code == 200
    answer = got.json()
    assert answer.pop("page")["complete"] is True  # every list of York's answer fits the default page
    assert answer == expected
    assert answer["line"][0]["above"]["name"] == "YorOK Board"  # seed 002: the ICG answers to the YorOK Board
    posted = client.post("/v1/queries/reporting-line", json={"params": {"node": "icg"}})
    assert posted.json() == got.json()


def test_as_of_dataset_and_stated_only_reach_the_query(client: TestClient, staffordshire: Partnership) -> None:
    got = client.get("/v1/queries/gaps", params={"dataset": "staffordshire", "as_of": "2015-01-01"}).json()
    assert (got["partnership"], got["as_of"]) == ("staffordshire", "2015-01-01")
    alone = client.get("/v1/queries/golden-thread", params={"stated_only": "true"}).json()
    assert alone["rests_on"]["stated_only"] is True
    posted = client.post("/v1/queries/gaps", json={"dataset": "staffordshire", "as_of": "2015-01-01"}).json()
    assert posted == got


def test_errors_have_one_shape(client: TestClient) -> None:
    unknown = client.get("/v1/nodes/icgg")
    assert unknown.status_code == 404
    assert unknown.json() == {"status": 404, "code": "unknown-node", "message": unknown.json()["message"],
                              "details": {"suggestions": ["icg"]}}
    query = client.get("/v1/queries/gap")
    assert (query.status_code, query.json()["code"]) == (404, "unknown-query")
    assert "gaps" in query.json()["details"]["suggestions"]
    assert client.get("/v1/queries/gaps", params={"dataset": "leeds"}).json()["code"] == "unknown-dataset"
    not_json = client.post("/v1/queries/gaps", content=b"{bad", headers={"content-type": "application/json"})
    assert (not_json.status_code, not_json.json()["code"]) == (400, "bad-request")
    missing = client.get("/v1/queries/reporting-line")
    assert missing.status_code == 422 and missing.json()["details"]["parameters"] == ["node: is required"]
    extra = client.post("/v1/queries/reporting-line", json={"params": {"nod": "icg"}})
    assert "params.nod: is not a parameter here" in extra.json()["details"]["parameters"]
    big = client.get("/v1/nodes", params={"limit": MAX_LIMIT + 1})
    assert big.status_code == 422 and big.json()["details"]["parameters"][0].startswith("limit:")
    assert client.get("/nowhere").json()["code"] == "not-found"
    assert client.get("/v1/queries/accountability-integrity", params={"as_of": "someday"}).status_code == 422


def test_an_unexpected_failure_sends_no_trace(held: Datasets, monkeypatch: pytest.MonkeyPatch) -> None:
    import api.http.app as app_module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals at /srv/app.py line 12")

    monkeypatch.setattr(app_module, "run_query", broken)
    failed = TestClient(create_app(held), raise_server_exceptions=False).get("/v1/queries/gaps")
    assert failed.status_code == 500
    assert failed.json()["code"] == "internal-error"
    assert "secret" not in failed.text and "Traceback" not in failed.text


def test_nodes_search_and_paging(client: TestClient, york: Partnership) -> None:
    boards = client.get("/v1/nodes", params={"type": "Board", "limit": 2}).json()
    assert boards["total"] == len(york.nodes("Board")) and len(boards["items"]) == 2
    rest = client.get("/v1/nodes", params={"type": "Board", "limit": 2, "offset": 2}).json()
    assert not {n["id"] for n in boards["items"]} & {n["id"] for n in rest["items"]}
    found = client.get("/v1/nodes", params={"q": "integrated commissioning"}).json()
    assert "icg" in [n["id"] for n in found["items"]]
    icg = client.get("/v1/nodes/Integrated Commissioning Group").json()
    assert icg["node"]["id"] == "icg"
    assert "icg--accountable_to--yorok-board" in [e["id"] for e in icg["out_edges"]]
    edges = client.get("/v1/edges", params={"type": "ACCOUNTABLE_TO"}).json()
    assert edges["total"] == len(york.edges("ACCOUNTABLE_TO"))


def test_schema_lists_every_type(client: TestClient) -> None:
    from graph_model.schema import EDGE_RULES, NODE_TYPES

    body = client.get("/v1/schema").json()
    assert [t["type"] for t in body["node_types"]] == [t.value for t in NODE_TYPES]
    assert [t["type"] for t in body["edge_types"]] == [t.value for t in EDGE_RULES]


def test_export_gives_back_the_same_partnership(client: TestClient, york: Partnership) -> None:
    exported = client.get("/v1/export/json")
    assert exported.headers["content-type"].startswith("application/json")
    parsed = parse_json_text(exported.text, file="york.json")
    assert not parsed.fatal and not parsed.problems
    assert client.get("/v1/export/yaml").status_code == 200
    assert client.get("/v1/export/csv").headers["content-type"] == "application/zip"
    assert client.get("/v1/export/pdf").status_code == 422


def test_the_export_loads(tmp_path: object, client: TestClient, york: Partnership) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "york.json"
    target.write_text(client.get("/v1/export/json").text)
    assert load(target) == york


# -- over real HTTP, against the process a user starts ------------------------------------------------


def test_the_home_page_over_http(server: str) -> None:
    page = httpx.get(f"{server}/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "including bodies that are not public" in page.text
    assert 'href="/docs"' in page.text and "/v1/queries/gaps?dataset=york" in page.text
    docs = httpx.get(f"{server}/docs")
    assert docs.status_code == 200
    # The reference's script and style come from this server, so it works with no internet, as the views do.
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert assets and all(a.startswith("/") for a in assets), assets
    assert all(httpx.get(f"{server}{a}").status_code == 200 for a in assets)
    # the board paper and the shipped scenarios are reached from the home page too, and their links answer
    for link in ("/v1/report/york", "/v1/scenarios/examples"):
        assert f'href="{link}"' in page.text
        assert httpx.get(f"{server}{link}", timeout=60).status_code == 200


def test_queries_over_http(server: str, staffordshire: Partnership) -> None:
    got = httpx.get(f"{server}/v1/queries/gaps", params={"dataset": "staffordshire"}, timeout=30)
    assert got.status_code == 200
    answer = got.json()
    assert answer.pop("page")["complete"] is True
    assert answer == json.loads(run_query("gaps", staffordshire).model_dump_json())
    error = httpx.get(f"{server}/v1/nodes/no-such-node")
    assert error.status_code == 404 and error.json()["code"] == "unknown-node"


def test_serve_refuses_an_address_other_machines_reach() -> None:
    done = subprocess.run([*COMMAND, "serve", "--host", "0.0.0.0"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "API keys" in done.stderr and "Traceback" not in done.stderr


def test_answers_are_kept_and_shared(held: Datasets, queries_run: list[str]) -> None:
    """A repeated request is answered from what the server kept; a reload (a new version) is not."""
    client = TestClient(create_app(Datasets([held.entry("york")])))
    first = client.get("/v1/queries/gaps").json()
    assert client.get("/v1/queries/gaps").json() == first
    assert client.post("/v1/queries/gaps", json={}).json() == first  # the same parameters, another door
    assert queries_run == ["gaps"]
    client.get("/v1/queries/gaps", params={"all_outcomes": "true"})
    assert queries_run == ["gaps", "gaps"]


def test_cors_is_off_unless_origins_are_named(held: Datasets, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.settings import get_settings

    origin = {"Origin": "https://intranet.example.gov.uk"}
    closed = TestClient(create_app(held)).get("/v1/health", headers=origin)
    assert "access-control-allow-origin" not in closed.headers
    monkeypatch.setenv("BOOKCASE_CORS_ORIGINS", '["https://intranet.example.gov.uk"]')
    get_settings.cache_clear()
    try:
        opened = TestClient(create_app(held)).get("/v1/health", headers=origin)
        assert opened.headers["access-control-allow-origin"] == "https://intranet.example.gov.uk"
        other = TestClient(create_app(held)).get("/v1/health", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
    finally:
        get_settings.cache_clear()


def test_concurrent_requests_share_one_computation() -> None:
    import threading
    import time

    from api.http.answers import Answers

    kept = Answers(size=4)
    calls: list[int] = []
    started = threading.Event()

    def slow() -> str:
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return "answer"

    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(kept.get("k", slow)))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: results.append(kept.get("k", slow)))
    second.start()
    first.join(5)
    second.join(5)
    assert results == ["answer", "answer"] and calls == [1]


def test_views_are_served_as_self_contained_pages(client: TestClient, york: Partnership) -> None:
    import re

    page = client.get("/v1/views/bookcase")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert york.info.name in page.text
    # Self-contained: no script, style or image is fetched from anywhere (vis-network is inline).
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']https?://""", page.text)
    lit = client.get("/v1/views/bookcase", params={"highlight": "reporting-line:node=icg"})
    assert lit.status_code == 200 and lit.text != page.text
    staffs = client.get("/v1/views/funding", params={"dataset": "staffordshire"})
    assert staffs.status_code == 200 and "Staffordshire" in staffs.text
    assert client.get("/v1/views/focus").status_code == 422  # the focus view needs a node
    assert client.get("/v1/views/focus", params={"focus": "icg"}).status_code == 200
    assert client.get("/v1/views/map").status_code == 422
    home = client.get("/").text
    assert '/v1/views/bookcase?dataset=york' in home and '/v1/views/funding?dataset=staffordshire' in home


def test_a_view_over_http(server: str) -> None:
    page = httpx.get(f"{server}/v1/views/outcomes", params={"dataset": "york"}, timeout=60)
    assert page.status_code == 200 and "<html" in page.text.lower()


def test_a_body_not_sent_as_json_is_a_bad_request(client: TestClient) -> None:
    for headers in ({}, {"content-type": "text/plain"}):
        got = client.post("/v1/queries/gaps", content=b'{"params": {}}', headers=headers)
        assert got.status_code == 400, got.text
        assert got.json()["code"] == "bad-request" and "Content-Type: application/json" in got.json()["message"]
    # JSON of the wrong shape is still a bad parameter, named
    assert client.post("/v1/queries/gaps", json="gaps").status_code == 422
