"""``POST /v1/scenarios/check`` and ``/compare`` over real HTTP against ``bookcase serve``.

Facts from the seeds the answers are checked against:
- seed 001: Howe Hill is York's service for homeless young people aged 16-21; about 45 sixteen and
  seventeen year olds a year presented as homeless before it opened, none since; York's data names no
  other service for them, so stopping it leaves them and the outcome "no homeless 16 and 17 year olds"
  with no active service;
- seed 001: FIRST is one of York's commissioning examples (the README's three-line scenario stops it);
- seed 002: York's Integrated Commissioning Group (ICG) is not a public forum (``public: false``).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.cli import main
from api.http.keys import KeyStore
from api.http.scenarios import COMPARISON_EXAMPLE, MAX_SCENARIO_BYTES, REQUEST_EXAMPLES
from queries.scenarios.compare import ScenarioComparison
from web.conftest import serving

HOWE_HILL = {"scenario": {"name": "Decommission Howe Hill"},
             "changes": [{"change": "decommission", "services": ["howe-hill"], "from": "2015-04-01"}]}
HOWE_HILL_YAML = ("scenario:\n  name: Decommission Howe Hill\nchanges:\n  - change: decommission\n"
                  "    services: [Howe Hill]\n    from: 2015-04-01\n")
#: Three mistakes at once: a misspelt service, a service stopped and then drained of money by another change,
#: and more money moved out of a budget than the scenario's own assumption puts there.
BAD = {"scenario": {"name": "Mistakes"}, "changes": [
    {"change": "decommission", "services": ["Howe Hil"], "from": "2015-04-01"},
    {"change": "decommission", "services": ["first"], "from": "2015-04-01"},
    {"change": "reroute", "amount": "£100k", "out_of": "first", "into": "catalyst"},
    {"change": "assume", "node": "early-intervention-fund", "amount": 100000},
    {"change": "reroute", "amount": "£200k", "out_of": "early-intervention-fund", "into": "catalyst"}]}
SECRET = ("icg", "Integrated Commissioning Group", "ICG")


def post(base: str, route: str, body: Any, **kwargs: Any) -> httpx.Response:
    return httpx.post(f"{base}/v1/scenarios/{route}", json=body, timeout=60, **kwargs)


def _by_id(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in answer["rows"]}


# -- answers ---------------------------------------------------------------------------------------


def test_compare_by_name_is_the_command_lines_json(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The API answers with the very structure ``bookcase scenario compare --format json`` prints."""
    got = post(server, "compare", {"dataset": "york", "scenario": "york-decommission-howe-hill"})
    assert got.status_code == 200, got.text
    assert main(["scenario", "compare", "york", "york-decommission-howe-hill", "--format", "json"]) == 0
    assert got.json() == json.loads(capsys.readouterr().out)
    rows = _by_id(got.json())
    # Seed 001: nothing else in York serves homeless 16-21 year olds, and the result at risk is 45 a year to none.
    assert rows["no-homeless-16-17-year-olds"]["change"] == "left uncovered"
    assert rows["homeless-16-21"]["after"] == "no other active service recorded"
    assert rows["homeless-16-17-presentations"]["before"].startswith("0 young people a year")
    assert "45" in rows["homeless-16-17-presentations"]["before"]
    assert got.json()["money_freed"] == "none recorded"  # York records no amount for Howe Hill: not £0


@pytest.mark.parametrize("form", [HOWE_HILL, HOWE_HILL_YAML], ids=["json-object", "yaml-text"])
def test_a_scenario_as_an_object_or_as_yaml_text_answers_the_same(server: str, form: Any) -> None:
    by_name = post(server, "compare", {"scenario": "york-decommission-howe-hill"}).json()
    got = post(server, "compare", {"dataset": "york", "scenario": form})
    assert got.status_code == 200, got.text
    assert got.json()["file"] == "request"
    assert got.json()["rows"] == by_name["rows"]
    assert got.json()["money_freed"] == by_name["money_freed"]


def test_as_of_moves_both_sides(server: str) -> None:
    """Compared on 31 March 2015, the day before Howe Hill stops: nothing is lost yet, and the answer warns so."""
    got = post(server, "compare", {"scenario": "york-decommission-howe-hill", "as_of": "2015-03-31"}).json()
    assert got["as_of"] == "2015-03-31"
    assert not [r for r in got["rows"] if r["section"] == "cover"]
    assert any("after 31 March 2015" in w for w in got["warnings"])


def test_check_answers_like_the_command_line(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "check", "staffordshire", "staffordshire-pool-short-breaks", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    got = post(server, "check", {"dataset": "staffordshire", "scenario": "staffordshire-pool-short-breaks"})
    assert got.status_code == 200, got.text
    body = got.json()
    assert (body["dataset"], body["valid"], body["problems"], body["changes"]) == ("staffordshire", True, [], 3)
    # The command line names the scenario by what it was given; the API by its name, with its file beside it.
    assert {k: body[k] for k in ("dataset", "valid", "problems")} == {k: printed[k] for k in ("dataset", "valid",
                                                                                            "problems")}
    assert (body["scenario"], body["file"]) == ("Pool the short-breaks money", "staffordshire-pool-short-breaks.yaml")


def test_a_name_is_never_read_as_a_path_on_the_server(client: Any, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A file in the server's folder named like an example is not what a request's name means."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "york-decommission-howe-hill").write_text(HOWE_HILL_YAML.replace("Howe Hill", "FIRST"))
    got = client.post("/v1/scenarios/compare", json={"scenario": "york-decommission-howe-hill"}).json()
    assert got["file"] == "york-decommission-howe-hill.yaml" and "homeless-16-21" in _by_id(got)
    listed = client.get("/v1/scenarios/examples").json()["items"]
    assert [e["scenario"] for e in listed if e["name"] == "york-decommission-howe-hill"] == ["Decommission Howe Hill"]


def test_the_shipped_examples_are_listed(server: str) -> None:
    got = httpx.get(f"{server}/v1/scenarios/examples").json()
    assert got["total"] == len(got["items"])
    assert {e["name"] for e in got["items"]} == {"york-decommission-howe-hill", "staffordshire-pool-short-breaks",
                                        "synthetic-s-nfer-reroute"}


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["check", "compare"])
def test_a_bad_scenario_is_refused_with_every_problem_and_nothing_applied(server: str, route: str) -> None:
    before = httpx.get(f"{server}/v1/datasets").json()
    got = post(server, route, {"dataset": "york", "scenario": BAD})
    assert got.status_code == 422
    body = got.json()
    assert set(body) == {"status", "code", "message", "details"} and body["code"] == "invalid-scenario"
    assert body["message"] == "3 problems found; nothing was applied"
    found = {(p["record"], p["field"], p["rule"]): p["message"] for p in body["details"]["problems"]}
    assert found[("change 1", "services", "dangling-reference")] == \
        "no node has id or name 'Howe Hil'; closest: howe-hill, Howe Hill"
    assert "contradicts change 2" in found[("change 3", "out_of", "invalid-value")]
    assert found[("change 5", "amount", "invalid-value")] == \
        "a re-route of £200,000 is larger than the £100,000 budget 'early-intervention-fund' holds"
    assert all(p["line"] is None for p in body["details"]["problems"])  # a JSON object has no lines of its own
    # The served partnership is untouched: same counts, Howe Hill and FIRST still active, no stated amount.
    assert httpx.get(f"{server}/v1/datasets").json() == before
    for sid in ("howe-hill", "first"):
        node = httpx.get(f"{server}/v1/nodes/{sid}").json()["node"]
        assert node.get("status", "active") == "active" and "source" in node and "scenario" not in node["source"]
    assert httpx.get(f"{server}/v1/nodes/early-intervention-fund").json()["node"].get("amount") is None


def test_a_good_compare_leaves_the_served_partnership_as_it_was(server: str) -> None:
    assert post(server, "compare", {"scenario": "york-decommission-howe-hill"}).status_code == 200
    node = httpx.get(f"{server}/v1/nodes/howe-hill").json()["node"]
    assert node.get("status", "active") == "active" and "end_date" not in node
    gaps = httpx.get(f"{server}/v1/queries/gaps").json()["gaps"]
    assert ("homeless-16-21", "no-active-service") not in {(g["node"]["id"], g["gap"]) for g in gaps}
    assert ("homeless-16-21", "no-money") in {(g["node"]["id"], g["gap"]) for g in gaps}  # as the data stands


def test_problems_in_yaml_text_name_their_lines(server: str) -> None:
    text = "scenario: {name: Typo}\nchanges:\n  - change: decomission\n    services: [FIRST]\n"
    problem, = post(server, "check", {"scenario": text}).json()["details"]["problems"]
    assert (problem["line"], problem["field"]) == (3, "change")
    assert "did you mean decommission" in problem["message"]


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"scenario": 5}, 422, "invalid-parameters"),
    ({"scenario": ["a"]}, 422, "invalid-parameters"),
    ({}, 422, "invalid-parameters"),
    ({"scenario": "york-decommission-howe-hill", "as_of": "31/03/2016"}, 422, "invalid-parameters"),
    ({"scenario": "york-decommission-howe-hill", "extra": 1}, 422, "invalid-parameters"),
    ({"scenario": "york-decommission-howe-hill", "dataset": "yorks"}, 404, "unknown-dataset"),
    ({"scenario": "just a word"}, 422, "invalid-scenario"),
    ({"scenario": {"changes": []}}, 422, "invalid-scenario"),
    ({"scenario": "../../etc/passwd"}, 422, "invalid-scenario"),
], ids=["number", "list", "nothing", "bad-date", "unknown-field", "unknown-dataset", "a-word", "empty",
        "a-path-is-not-read"])
def test_malformed_requests_get_the_one_error_shape(server: str, body: Any, status: int, code: str) -> None:
    got = post(server, "compare", body)
    assert (got.status_code, got.json()["code"]) == (status, code), got.text
    assert set(got.json()) == {"status", "code", "message", "details"}


def test_a_body_too_large_or_not_json_is_refused(server: str) -> None:
    huge = json.dumps({"scenario": "x" * (MAX_SCENARIO_BYTES + 1)}).encode()
    got = httpx.post(f"{server}/v1/scenarios/compare", content=huge, headers={"content-type": "application/json"})
    assert (got.status_code, got.json()["status"]) == (413, 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server counts as it reads
        yield b'{"scenario": "'
        for _ in range(MAX_SCENARIO_BYTES // 4096 + 2):
            yield b"x" * 4096
        yield b'"}'

    chunked = httpx.post(f"{server}/v1/scenarios/check", content=chunks(), headers={"content-type": "application/json"})
    assert chunked.status_code == 413
    broken = httpx.post(f"{server}/v1/scenarios/check", content=b"{not json", headers={"content-type": "application/json"})
    assert (broken.status_code, broken.json()["code"]) == (400, "bad-request")


# -- the README and the reference -------------------------------------------------------------------


def _readme_examples() -> list[str]:
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = re.search(r"<!-- scenario-api-examples:start -->\n```sh\n(.*?)```", text, re.S)
    assert block, "the README's scenario API examples are missing"
    return [line for line in block.group(1).splitlines() if line.strip()]


@pytest.mark.parametrize("command", _readme_examples())
def test_readme_scenario_api_example(command: str, server: str) -> None:
    if shutil.which("curl") is None:
        pytest.fail("curl is needed to run the README's API examples (apt-get install curl)")
    args = [arg.replace("http://localhost:8000", server) for arg in shlex.split(command)]
    done = subprocess.run([*args, "-w", "\n%{http_code}"], capture_output=True, text=True, timeout=60)
    body, status = done.stdout.rsplit("\n", 1)
    assert (done.returncode, status) == (0, "200"), done.stdout
    answer = json.loads(body)
    if "/compare" in command:  # seed 001: stopping Howe Hill leaves homeless 16-21 year olds with no service
        assert _by_id(answer)["homeless-16-21"]["change"] == "left uncovered"
    else:  # seed 001: FIRST is one of York's services, so stopping it applies cleanly
        assert (answer["valid"], answer["changes"], answer["scenario"]) == (True, 1, "Stop FIRST")



def test_the_reference_examples_answer(server: str) -> None:
    """Every request example in the OpenAPI document answers 200, and the response example is a real comparison's
    shape (the model reads it back)."""
    spec = httpx.get(f"{server}/v1/openapi.json").json()
    for route in ("check", "compare"):
        op = spec["paths"][f"/v1/scenarios/{route}"]["post"]
        examples = op["requestBody"]["content"]["application/json"]["examples"]
        assert set(examples) == set(REQUEST_EXAMPLES)
        for name, example in examples.items():
            got = post(server, route, example["value"])
            assert got.status_code == 200, (route, name, got.text)
        assert {"413", "422"} <= set(op["responses"])
    shown = spec["paths"]["/v1/scenarios/compare"]["post"]["responses"]["200"]["content"]["application/json"]
    # FastAPI leaves every null out of the OpenAPI document: the unknown shares come back as absent.
    for side in ("prevention_before", "prevention_after"):
        shown["example"][side].setdefault("share", None)
    ScenarioComparison.model_validate(shown["example"])  # a real comparison's shape
    real = post(server, "compare", {"scenario": "york-decommission-howe-hill"}).json()
    # the document's example is the shipped York example's comparison, worked out (lists cut to two rows)
    assert {k: shown["example"][k] for k in ("money_freed", "spend_before", "rests_on", "coverage")} == \
        {k: real[k] for k in ("money_freed", "spend_before", "rests_on", "coverage")}
    assert [r["id"] for r in shown["example"]["rows"]] == [r["id"] for r in real["rows"][:2]]
    real = post(server, "compare", {"scenario": HOWE_HILL}).json()
    assert {r["id"] for r in COMPARISON_EXAMPLE["rows"]} <= {r["id"] for r in real["rows"]}
    assert {k: real[k] for k in ("money_freed", "spend_before", "prevention_before")} == \
        {k: COMPARISON_EXAMPLE[k] for k in ("money_freed", "spend_before", "prevention_before")}


# -- privacy ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def private_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """``bookcase serve`` with an API key set, so privacy applies; its base URL and a viewer's key."""
    folder = tmp_path_factory.mktemp("private-serve")
    store = KeyStore(folder / "keys.json")
    key = store.add("viewer-key", "viewer")
    with serving(folder / "serve.log", {"BOOKCASE_KEYS_FILE": str(store.path)}) as base:
        yield base, key


def _leaks(text: str) -> bool:
    return any(s in text for s in SECRET)


@pytest.mark.parametrize("ref", ["icg", "Integrated Commissioning Group", "icgg"])
def test_a_hidden_body_is_unknown_to_a_request_without_a_key(private_server: tuple[str, str], ref: str) -> None:
    base, key = private_server
    scenario = {"scenario": {"name": "Fold it into the board"},
                "changes": [{"change": "merge", "body": ref, "into": "yorok-board"}]}
    anonymous = post(base, "check", {"dataset": "york", "scenario": scenario})
    assert anonymous.status_code == 422
    problem, = anonymous.json()["details"]["problems"]
    assert problem["rule"] == "dangling-reference"
    assert not _leaks(problem["message"].replace(f"'{ref}'", ""))  # the request's own words aside, no trace of it
    if ref != "icgg":  # a viewer sees the ICG, and may fold it into the board
        seen = post(base, "check", {"dataset": "york", "scenario": scenario}, headers={"X-API-Key": key})
        assert seen.status_code == 200, seen.text


def test_a_comparison_without_a_key_is_made_on_the_public_partnership(private_server: tuple[str, str]) -> None:
    """The Integrated Commissioning Network reports to the ICG: folding it into the CAMHS sub-group ends that line,
    which a viewer's comparison shows and an anonymous one, made on the public partnership, never names."""
    base, key = private_server
    body = {"dataset": "york", "scenario": {"scenario": {"name": "Fold the network"}, "changes": [
        {"change": "merge", "body": "integrated-commissioning-network", "into": "camhs-subgroup"}]}}
    viewer = post(base, "compare", body, headers={"Authorization": f"Bearer {key}"})
    assert viewer.status_code == 200 and _leaks(viewer.text)  # the whole partnership: the line to the ICG ends
    anonymous = post(base, "compare", body)
    assert anonymous.status_code == 200 and not _leaks(anonymous.text)
    resolved = {(r["section"], r["id"], r["before"]) for r in anonymous.json()["rows"] if r["change"] == "resolved"}
    assert ("health", "integrated-commissioning-network", "body-no-chair") in resolved
