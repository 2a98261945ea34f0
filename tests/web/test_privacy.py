"""Privacy: with keys set, a request without one sees only the public partnership, everywhere.

Seed 002: York's Integrated Commissioning Group (ICG) is not a public forum (the York data marks it
``public: false``); a hidden body must not show through nodes, search, edges, queries, views, exports,
errors or close-match hints.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_cli import COMMAND

from api.http import Datasets, create_app
from api.http.keys import KeyStore

SECRET = ("icg", "Integrated Commissioning Group")


@pytest.fixture(scope="module")
def private(held: Datasets, tmp_path_factory: pytest.TempPathFactory) -> Any:
    store = KeyStore(tmp_path_factory.mktemp("keys") / "keys.json")
    keys = {role: store.add(f"{role}-key", role) for role in ("viewer", "analyst", "admin")}  # type: ignore[arg-type]
    app = create_app(held, local=True, keys=store)  # keys set: privacy applies even on loopback
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, keys


def _leaks(text: str) -> bool:
    return any(s in text for s in SECRET) or "ICG" in text


@pytest.mark.parametrize("path", [
    "/", "/v1/datasets", "/v1/nodes?limit=1000", "/v1/nodes?q=commissioning", "/v1/edges?limit=1000",
    "/v1/queries/accountability-integrity", "/v1/queries/reports-to?node=yorok-board",
    "/v1/queries/network", "/v1/queries/health", "/v1/queries/commissioning", "/v1/queries/duplicates",
    "/v1/export/json", "/v1/export/yaml", "/v1/views/bookcase", "/v1/views/network",
    "/v1/queries/reports-to?node=yorok-board&limit=1&offset=1", "/v1/queries/health?limit=5&offset=10",
    "/v1/datasets?limit=1", "/v1/queries?limit=1000",
])
def test_no_trace_of_a_private_body_without_a_key(private: Any, path: str) -> None:
    client, keys = private
    anonymous = client.get(path)
    assert anonymous.status_code == 200, anonymous.text
    assert not _leaks(anonymous.text), path
    viewer = client.get(path, headers={"Authorization": f"Bearer {keys['viewer']}"})
    assert viewer.status_code == 200


def test_a_hidden_node_is_unknown_with_no_hint(private: Any) -> None:
    client, keys = private
    hidden = client.get("/v1/nodes/icg")
    assert hidden.status_code == 404 and not _leaks(json.dumps(hidden.json()["details"]))
    close = client.get("/v1/nodes/icgg")
    assert close.status_code == 404 and "icg" not in close.json()["details"].get("suggestions", [])
    seen = client.get("/v1/nodes/icg", headers={"X-API-Key": keys["viewer"]})
    assert seen.status_code == 200 and seen.json()["node"]["name"] == SECRET[1]


def test_counts_do_not_betray_a_hidden_body(private: Any, york: Any) -> None:
    client, keys = private
    anonymous = next(d for d in client.get("/v1/datasets").json()["items"] if d["id"] == "york")
    viewer = next(d for d in client.get("/v1/datasets", headers={"X-API-Key": keys["viewer"]}).json()["items"]
                  if d["id"] == "york")
    public = york.public()
    assert (anonymous["nodes"], anonymous["edges"]) == (len(public), public.edge_count)
    assert (viewer["nodes"], viewer["edges"]) == (len(york), york.edge_count)


def test_roles(private: Any) -> None:
    client, keys = private
    statement = {"statement": "MATCH (b:Board) RETURN count(b) AS n"}
    assert client.post("/v1/cypher", json=statement).status_code == 403
    assert client.post("/v1/cypher", json=statement, headers={"X-API-Key": keys["viewer"]}).status_code == 403
    assert client.post("/v1/cypher", json=statement, headers={"X-API-Key": keys["analyst"]}).status_code == 200
    assert client.post("/v1/admin/reload", headers={"X-API-Key": keys["analyst"]}).status_code == 403
    done = client.post("/v1/admin/reload", headers={"X-API-Key": keys["admin"]})
    assert done.status_code == 200 and done.json()["version"] == 2
    assert client.get("/v1/health", headers={"X-API-Key": "bk_wrong"}).status_code == 200  # health is open
    assert client.get("/v1/nodes", headers={"X-API-Key": "bk_wrong"}).status_code == 401


def test_a_browser_sends_its_key_once(private: Any) -> None:
    client, keys = private
    assert client.post("/v1/session", json={"key": "bk_wrong"}).status_code == 401
    answer = client.post("/v1/session", json={"key": keys["viewer"]})
    assert answer.status_code == 200 and answer.json() == {"role": "viewer"}
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/v1/nodes/icg").status_code == 200  # the session cookie now stands for the key
    client.cookies.clear()
    assert client.get("/v1/nodes/icg").status_code == 404


def test_keys_are_stored_hashed_and_can_be_revoked(tmp_path: Path) -> None:
    env_file = tmp_path / "keys.json"
    import os

    env = {**os.environ, "BOOKCASE_KEYS_FILE": str(env_file)}
    made = subprocess.run([*COMMAND, "keys", "add", "intranet", "--role", "viewer"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("bk_") and key not in env_file.read_text()
    assert oct(env_file.stat().st_mode)[-3:] == "600"
    assert KeyStore(env_file).role_of(key) == "viewer"
    listed = subprocess.run([*COMMAND, "keys", "list"], capture_output=True, text=True, env=env, timeout=60)
    assert "intranet\tviewer" in listed.stdout and key not in listed.stdout
    assert subprocess.run([*COMMAND, "keys", "revoke", "intranet"], env=env, timeout=60).returncode == 0
    assert KeyStore(env_file).role_of(key) is None
    refused = subprocess.run([*COMMAND, "keys", "revoke", "intranet"], capture_output=True, text=True, env=env,
                             timeout=60)
    assert refused.returncode == 2 and "no key is called 'intranet'" in refused.stderr
