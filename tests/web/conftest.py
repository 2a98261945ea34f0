"""The HTTP API's fixtures: an app over York and Staffordshire for TestClient, and one real
``bookcase serve`` process (uvicorn) on a free loopback port for the whole test session."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.bench.http_load import wait_until_serving
from api.http import Datasets, create_app

SCRIPT = Path(sys.executable).parent / "bookcase"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "api.cli"]


@pytest.fixture(scope="session")
def held() -> Datasets:
    return Datasets.load(["york", "staffordshire"])


@pytest.fixture
def queries_run(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the named queries the server works out from here on (``run_query`` is counted)."""
    import api.http.app as app_module

    calls: list[str] = []
    real = app_module.run_query

    def counted(name: str, *args: object, **kwargs: object) -> object:
        calls.append(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app_module, "run_query", counted)
    return calls


@pytest.fixture(scope="module")
def private(held: Datasets, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """A local server that has a viewer's key, so privacy applies: its client and that key."""
    from api.http.keys import KeyStore

    store = KeyStore(tmp_path_factory.mktemp("keys") / "keys.json")
    key = store.add("viewer-key", "viewer")
    with TestClient(create_app(held, local=True, keys=store), raise_server_exceptions=False) as client:
        yield client, key


@pytest.fixture(scope="session")
def client(held: Datasets) -> TestClient:
    return TestClient(create_app(held), raise_server_exceptions=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """``bookcase serve`` on a free loopback port, its output in ``log`` and ``env`` added to its environment; the
    base URL once it answers. Stopped on leaving."""
    port = _free_port()
    with log.open("w") as out:
        proc = subprocess.Popen([*COMMAND, "serve", "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "BOOKCASE_PROGRESS": "never", **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, proc, seconds=60, log=log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``bookcase serve`` as a user starts it, on a free port; its base URL. Stopped at the end."""
    with serving(tmp_path_factory.mktemp("serve") / "serve.log") as base:
        yield base
