"""What makes the API quick under load must not change what it answers: the search index against a plain
scan, kept query answers against the command line's JSON, kept node pages against a reload, and the
request log (route pattern, status, time; no path that could name a person, no query string).

Facts from the seeds: seed 002, York's Integrated Commissioning Group (ICG) answers to the YorOK Board;
seed 001, York's commissioning examples are ten services.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from api.http import Datasets, create_app
from api.http.answers import whole_list_params
from api.http.datasets import _NameIndex
from graph_model import NodeType, Partnership
from queries import all_queries, run_query
from queries.examples import example_params


def _scan(p: Partnership, text: str) -> list[str]:
    """The search as a plain loop over every node (what the index replaces)."""
    needle = text.casefold()
    return [n.id for n in p.nodes() if needle in n.name.casefold() or needle in n.id]


def test_the_search_index_finds_what_a_scan_finds(york: Partnership, staffordshire: Partnership) -> None:
    for p in (york, staffordshire):
        index = _NameIndex(p)
        words = {w for n in p.nodes() for w in (*n.name.split(), n.id)}
        needles = [*sorted(words), "board", "oard", "ok board", "-", " ", "Commissioning Group", "ICG", "zzz",
                   "yorok-", "'", "ß"]
        for needle in needles:
            assert [n.id for n in index.search(needle)] == _scan(p, needle), needle
    assert "Integrated Commissioning Group" in [n.name for n in _NameIndex(york).search("integrated commissioning")]


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=12))
def test_the_search_index_agrees_with_a_scan_on_any_text(text: str) -> None:
    p = _york()
    assert [n.id for n in _NameIndex(p).search(text)] == _scan(p, text)


_HELD: list[Partnership] = []


def _york() -> Partnership:
    if not _HELD:
        from api.loading import load_dataset

        _HELD.append(load_dataset("york"))
    return _HELD[0]


def test_search_by_type_and_paging_over_http(client: TestClient, york: Partnership) -> None:
    boards = client.get("/v1/nodes", params={"q": "board", "type": "Board", "limit": 1, "offset": 1}).json()
    expected = [n for n in _scan(york, "board") if york.node(n).type is NodeType.BOARD]
    assert boards["total"] == len(expected) and [i["id"] for i in boards["items"]] == expected[1:2]


def test_kept_answers_are_the_command_lines_json(client: TestClient, york: Partnership) -> None:
    """Every named query, asked twice (the second answer is the kept bytes), answers as run_query does with
    every item listed (over HTTP a query's own limit is the page's), its page holding every list whole."""
    for q in all_queries():
        params = example_params(q, york)
        if params is None:
            continue
        expected = json.loads(run_query(q.name, york, {**params, **whole_list_params(q.params)}).model_dump_json())
        asked = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in params.items()}
        first = client.post(f"/v1/queries/{q.name}", json={"params": asked})
        again = client.post(f"/v1/queries/{q.name}", json={"params": asked})
        assert first.status_code == 200, (q.name, first.text)
        answer = first.json()
        assert answer.pop("page")["complete"] is True, q.name
        assert answer == expected and again.content == first.content, q.name
    line = client.get("/v1/queries/reporting-line", params={"node": "icg"}).json()
    assert line["line"][0]["above"]["name"] == "YorOK Board"  # seed 002


def test_a_kept_node_page_is_not_given_for_a_reloaded_graph(york: Partnership, tmp_path: Path) -> None:
    """A reload makes a new version, and a node's page is kept per version: after a reload the page
    comes from the file read again (here, one in which the ICG has a new name)."""
    from loaders.json_io import dump_json_text

    file = tmp_path / "york.json"
    file.write_text(dump_json_text(york))
    held = Datasets.load([str(file)])
    client = TestClient(create_app(held))
    assert client.get("/v1/nodes/icg").json()["node"]["name"] == "Integrated Commissioning Group"
    file.write_text(file.read_text().replace('"Integrated Commissioning Group"', '"Joint Commissioning Group"'))
    held.reload()
    assert client.get("/v1/nodes/icg").json()["node"]["name"] == "Joint Commissioning Group"
    assert client.get("/v1/nodes", params={"q": "joint commissioning"}).json()["items"][0]["id"] == "icg"


def test_each_request_is_logged_by_route_not_by_path(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="bookcase.http"):
        client.get("/v1/nodes/Integrated Commissioning Group", headers={"Authorization": "Bearer not-a-real-key"})
        client.get("/v1/queries/reporting-line", params={"node": "icg"})
        client.get("/v1/no-such-route")
    lines = [r.getMessage() for r in caplog.records if r.name == "bookcase.http"]
    assert lines[0].startswith("GET /v1/nodes/{node_id} 200 ") and lines[0].endswith(" ms")
    assert lines[1].startswith("GET /v1/queries/reporting-line 200 ")
    assert lines[2].startswith("GET (no route) 404 ")
    assert not any("Commissioning" in line or "icg" in line or "Bearer" in line or "real-key" in line
                   for line in lines)


_FREEZE_CHECK = """
import gc, sys, weakref
from pathlib import Path
from api.http import Datasets
from api.http.datasets import settle_memory
from api.loading import load_dataset
from loaders.json_io import dump_json_text
file = Path(sys.argv[1])
file.write_text(dump_json_text(load_dataset("york")))
held = Datasets.load([str(file)])
held.get().public()
settle_memory()
old = weakref.ref(held.get())
held.reload()
print(gc.get_freeze_count() > 0, old() is None)
"""


def test_a_reload_frees_the_old_graph_when_the_server_set_its_graphs_aside(tmp_path: Path) -> None:
    """bookcase serve sets the loaded graphs aside from the garbage collector; a reload must still free the
    old graph (and set the new one aside), or every reload would keep a whole partnership alive. In a
    process of its own, as setting memory aside is for the whole process."""
    import subprocess
    import sys

    ran = subprocess.run([sys.executable, "-c", _FREEZE_CHECK, str(tmp_path / "york.json")], capture_output=True,
                         text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["True", "True"]


def test_a_searched_word_is_kept_and_gives_the_same_nodes() -> None:
    """The second search for a word is served from what the first found (the words of every name are not gone
    through again), with the same nodes; the words kept are bounded."""
    from api.http.datasets import _NameIndex
    from loaders import load_bundled

    index = _NameIndex(load_bundled("york"))
    first = [n.id for n in index.search("board")]
    assert "yorok-board" in first and "board" in index._kept  # 001 annex: the YorOK Board
    index._holders = {}  # were the words gone through again, nothing would be found
    assert [n.id for n in index.search("board")] == first
    for k in range(index.KEPT + 5):
        index.search(f"w{k}")
    assert len(index._kept) == index.KEPT and "board" not in index._kept
