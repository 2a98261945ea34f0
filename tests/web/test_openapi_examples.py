"""The OpenAPI document: every route's responses and request bodies carry an example, and the examples
are real answers on York (seed 002: the Integrated Commissioning Group is accountable to the YorOK Board)."""

from __future__ import annotations

from typing import Any

import jsonschema
from fastapi.testclient import TestClient

#: Media types that hold bytes JSON cannot carry; they need no example.
BINARY = {"application/zip"}


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def test_every_response_and_request_body_has_an_example(client: TestClient) -> None:
    spec = client.get("/v1/openapi.json").json()
    missing = []
    for path, method, op in _operations(spec):
        for status, response in op["responses"].items():
            for media, content in response.get("content", {}).items():
                if media not in BINARY and "example" not in content and "examples" not in content:
                    missing.append(f"{method.upper()} {path} {status} {media}")
        for media, content in op.get("requestBody", {}).get("content", {}).items():
            if "example" not in content and "examples" not in content:
                missing.append(f"{method.upper()} {path} request body {media}")
    assert not missing, missing
    assert len(_operations(spec)) > 40  # the walk saw the named queries' routes too


def test_json_examples_keep_their_schemas(client: TestClient) -> None:
    spec = client.get("/v1/openapi.json").json()
    resolver = {"components": spec["components"]}
    broken = []
    for path, method, op in _operations(spec):
        bodies = [(status, r.get("content", {}).get("application/json")) for status, r in op["responses"].items()]
        bodies.append(("request body", op.get("requestBody", {}).get("content", {}).get("application/json")))
        for what, content in bodies:
            if content is None or "schema" not in content:
                continue
            examples = [content["example"]] if "example" in content else [
                e["value"] for e in content.get("examples", {}).values() if "value" in e]
            assert examples, f"{method.upper()} {path} {what}: no example"
            for example in examples:
                try:
                    jsonschema.validate(example, {**content["schema"], **resolver})
                except jsonschema.ValidationError as err:
                    broken.append(f"{method.upper()} {path} {what}: {err.message}")
    assert not broken, broken


def test_examples_are_york_answers(client: TestClient) -> None:
    paths = client.get("/v1/openapi.json").json()["paths"]
    lookup = paths["/v1/nodes/{node_id}"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    assert lookup["node"]["id"] == "icg"
    assert {"type": "ACCOUNTABLE_TO", "to": "yorok-board"}.items() <= next(
        e for e in lookup["out_edges"] if e["type"] == "ACCOUNTABLE_TO").items()  # seed 002
    line = paths["/v1/queries/reporting-line"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    assert line["partnership"] == "york"
    # Errors are JSON everywhere, the HTML pages' routes included.
    home = paths["/"]["get"]["responses"]
    assert all("text/html" not in r.get("content", {}) for status, r in home.items() if status != "200")
