"""Paging: every list the API gives comes a page at a time (``limit``, at most MAX_LIMIT, and ``offset``) and
says its total, so that an app can tell a page from the whole.

A named query's answer keeps its shape, with ``limit`` items of each of its lists and a ``page`` object; the
whole answer it is cut from is the one :func:`queries.registry.run_query` gives with every item listed (a
query's own ``limit`` is the page's over HTTP). Seed 002: York's Integrated Commissioning Group (ICG) is not
public, so the public YorOK Board has fewer bodies reporting to it than the whole one.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http import Datasets, create_app
from api.http.answers import paged_fields, whole_list_params
from api.http.app import ANSWER_LIMIT, MAX_LIMIT
from graph_model import Partnership
from queries import all_queries, get_query, run_query
from queries.examples import example_params
from queries.registry import QueryResult
from queries.scenarios import example_names


def _whole(name: str, p: Partnership, params: dict[str, Any]) -> dict[str, Any]:
    """The whole answer, every item listed, as JSON data."""
    q = get_query(name)
    return dict(json.loads(run_query(name, p, {**params, **whole_list_params(q.params)}).model_dump_json()))


def _asked(params: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in params.items()}


def _pages(client: TestClient, name: str, params: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    """Every page of a query's answer, ``limit`` items of each list at a time, until every list is done."""
    pages, offset = [], 0
    while True:
        got = client.post(f"/v1/queries/{name}", json={"params": params, "dataset": "staffordshire", "limit": limit,
                                                       "offset": offset})
        assert got.status_code == 200, got.text
        pages.append(got.json())
        offset += limit
        if all(total <= offset for total in got.json()["page"]["totals"].values()):
            return pages


@pytest.mark.parametrize("name", [q.name for q in all_queries()])
def test_pages_joined_make_the_whole_answer(client: TestClient, staffordshire: Partnership, name: str) -> None:
    q = get_query(name)
    params = example_params(q, staffordshire)
    if params is None:
        pytest.skip(f"{name} needs parameters Staffordshire cannot fill")
    whole = _whole(name, staffordshire, params)
    lists = paged_fields(q.result, QueryResult)
    pages = _pages(client, name, _asked(params), limit=3)
    for page in pages:
        info = page.pop("page")
        assert info["totals"] == {n: len(whole[n]) for n in lists}  # the whole answer's lengths, on every page
        assert info["limit"] == 3 and info["complete"] == (len(pages) == 1)
        assert {k: v for k, v in page.items() if k not in lists} == {k: v for k, v in whole.items() if k not in lists}
        assert all(len(page[n]) <= 3 for n in lists)
    assert {n: [item for page in pages for item in page[n]] for n in lists} == {n: whole[n] for n in lists}


def test_a_page_past_the_end_is_empty_with_the_totals(client: TestClient, staffordshire: Partnership) -> None:
    whole = _whole("accountability-integrity", staffordshire, {})
    past = client.get("/v1/queries/accountability-integrity",
                      params={"dataset": "staffordshire", "offset": 10_000, "limit": 5}).json()
    assert past["page"] == {"limit": 5, "offset": 10_000, "complete": False,
                            "totals": {n: len(whole[n]) for n in paged_fields(get_query("accountability-integrity")
                                                                               .result, QueryResult)}}
    assert past["page"]["totals"]["issues"] > 0 and past["issues"] == [] and past["tops"] == []
    assert past["bodies_checked"] == whole["bodies_checked"]  # what is not a list comes whole on every page


def test_the_default_page_and_get_agree_with_post(client: TestClient, staffordshire: Partnership) -> None:
    got = client.get("/v1/queries/health", params={"dataset": "staffordshire", "limit": 4, "offset": 8}).json()
    posted = client.post("/v1/queries/health", json={"dataset": "staffordshire", "limit": 4, "offset": 8}).json()
    assert got == posted and len(got["findings"]) == 4
    assert got["findings"] == _whole("health", staffordshire, {})["findings"][8:12]
    first = client.get("/v1/queries/health", params={"dataset": "staffordshire"}).json()["page"]
    assert (first["limit"], first["offset"]) == (ANSWER_LIMIT, 0)


def test_a_querys_own_limit_is_the_page(client: TestClient, york: Partnership) -> None:
    """network lists its top partners and posts (25 by default on the command line); over HTTP the page says
    how many, and every one can be reached."""
    whole = _whole("network", york, {})
    assert len(whole["actors"]) > 25  # more than the command line lists by default
    top = client.get("/v1/queries/network", params={"limit": 5}).json()
    assert top["actors"] == whole["actors"][:5] and top["page"]["totals"]["actors"] == len(whole["actors"])
    refused = client.post("/v1/queries/network", json={"params": {"limit": 5}})
    assert refused.status_code == 422
    assert "send limit beside params" in refused.json()["message"]
    catalogue = {q["name"]: q for q in client.get("/v1/queries", params={"limit": MAX_LIMIT}).json()["items"]}
    assert "limit" not in catalogue["network"]["parameters"] and "sort" in catalogue["network"]["parameters"]
    assert catalogue["network"]["paged"] == list(paged_fields(get_query("network").result, QueryResult))


@pytest.mark.parametrize(("method", "where"), [("get", "params"), ("post", "json")])
@pytest.mark.parametrize("limit", [MAX_LIMIT + 1, 0])
def test_a_limit_out_of_bounds_is_refused(client: TestClient, method: str, where: str, limit: int) -> None:
    got = client.request(method.upper(), "/v1/queries/gaps", **{where: {"limit": limit}})  # type: ignore[arg-type]
    assert got.status_code == 422
    assert got.json()["code"] == "invalid-parameters" and got.json()["details"]["parameters"][0].startswith("limit:")
    negative = client.request(method.upper(), "/v1/queries/gaps", **{where: {"offset": -1}})  # type: ignore[arg-type]
    assert negative.status_code == 422 and negative.json()["details"]["parameters"][0].startswith("offset:")


def test_pages_are_cut_from_one_kept_answer(held: Datasets, queries_run: list[str]) -> None:
    client = TestClient(create_app(Datasets([held.entry("york")])))
    for offset in (0, 2, 4, 400):
        assert client.get("/v1/queries/health", params={"limit": 2, "offset": offset}).status_code == 200
    assert client.post("/v1/queries/health", json={"limit": 7}).status_code == 200
    assert queries_run == ["health"]


@pytest.mark.parametrize(("path", "expected"), [
    ("/v1/datasets", lambda held: [d.partnership.info.id for d in held.all()]),
    ("/v1/queries", lambda held: [q.name for q in all_queries()]),
    ("/v1/scenarios/examples", lambda held: example_names()),
])
def test_list_routes_are_paged_like_nodes(client: TestClient, held: Datasets, path: str, expected: Any) -> None:
    names = expected(held)
    first = client.get(path).json()
    assert set(first) == {"total", "limit", "offset", "items"} and first["total"] == len(names)
    key = "id" if path == "/v1/datasets" else "name"
    walked = [item[key] for offset in range(len(names) + 1)
              for item in client.get(path, params={"limit": 1, "offset": offset}).json()["items"]]
    assert walked == names
    past = client.get(path, params={"offset": len(names)}).json()
    assert past["items"] == [] and past["total"] == len(names)
    assert client.get(path, params={"limit": MAX_LIMIT + 1}).json()["details"]["parameters"][0].startswith("limit:")


def test_page_totals_do_not_betray_a_hidden_body(private: Any, york: Partnership) -> None:
    client, key = private
    asked = {"node": "yorok-board", "limit": 1}
    anonymous = client.get("/v1/queries/reports-to", params=asked).json()["page"]["totals"]
    viewer = client.get("/v1/queries/reports-to", params=asked, headers={"X-API-Key": key}).json()["page"]["totals"]
    lists = paged_fields(get_query("reports-to").result, QueryResult)
    public, whole = _whole("reports-to", york.public(), {"node": "yorok-board"}), _whole("reports-to", york,
                                                                                        {"node": "yorok-board"})
    assert anonymous == {n: len(public[n]) for n in lists}
    assert viewer == {n: len(whole[n]) for n in lists}
    assert anonymous["entries"] < viewer["entries"]  # seed 002: the ICG, hidden, reports to the board
