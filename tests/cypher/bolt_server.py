"""A real Bolt server for the tests: ArcadeDB from the ``arcadedb-embedded`` wheel (it bundles its own
Java), started on a free 127.0.0.1 port with its Bolt plugin, waited for, and stopped by its PID.

ArcadeDB stands in for Neo4j, which cannot be installed here; it is not a target dialect. When
``BOOKCASE_NEO4J_URI`` (with ``BOOKCASE_NEO4J_USER`` and ``BOOKCASE_NEO4J_PASSWORD``) is set, the
tests run against that server instead. Without the wheel the tests skip, except in CI
(``CI=true``), where a skipped Bolt test is a failure.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

#: The database the tests use on the server.
DATABASE = "bookcase"
#: A second database, holding one partnership as of a day, where the twins run.
TWINS = "twins"
#: A third, where the Cypher script export is loaded by hand.
SCRIPT = "script"
PASSWORD = "bookcase-test-password"


@dataclass(frozen=True)
class Server:
    uri: str
    user: str
    password: str
    database: str | None
    #: The database the twins run on: one partnership as of a day, alone.
    twins_database: str | None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _arcadedb_home() -> Path:
    try:
        import arcadedb_embedded
    except ImportError:
        message = "arcadedb-embedded is not installed (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; in CI a skipped Bolt test is a failure")
        pytest.skip(message)
    return Path(arcadedb_embedded.__file__).resolve().parent


@contextmanager
def arcadedb(root: Path) -> Iterator[Server]:
    """ArcadeDB with Bolt on a free port, its files under ``root``; stopped (SIGTERM, then SIGKILL) on exit."""
    home = _arcadedb_home()
    bolt, http = _free_port(), _free_port()
    command = [str(home / "jre" / "bin" / "java"), "-Xmx512m", "-cp", str(home / "jars") + "/*",
               f"-Darcadedb.server.rootPath={root}", f"-Darcadedb.server.rootPassword={PASSWORD}",
               "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
               f"-Darcadedb.bolt.port={bolt}", "-Darcadedb.bolt.host=127.0.0.1",
               "-Darcadedb.server.httpIncomingHost=127.0.0.1", f"-Darcadedb.server.httpIncomingPort={http}",
               f"-Darcadedb.server.defaultDatabases={DATABASE}[root];{TWINS}[root];{SCRIPT}[root]", "com.arcadedb.server.ArcadeDBServer"]
    log = (root / "server.out").open("wb")
    process = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        server = Server(f"bolt://127.0.0.1:{bolt}", "root", PASSWORD, DATABASE, TWINS)
        _wait(server, process, root)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait(server: Server, process: subprocess.Popen[bytes], root: Path, *, seconds: float = 90) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError, ServiceUnavailable

    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"ArcadeDB stopped at start: {(root / 'server.out').read_text(errors='replace')[-2000:]}")
        try:
            with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver, \
                    driver.session(database=server.database) as session:
                session.run("RETURN 1").consume()
            return
        except (ServiceUnavailable, Neo4jError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


@contextmanager
def bolt_server(root: Path) -> Iterator[Server]:
    """A real Neo4j when BOOKCASE_NEO4J_URI is set, else ArcadeDB started for the tests."""
    uri = os.environ.get("BOOKCASE_NEO4J_URI")
    if uri:
        twins = os.environ.get("BOOKCASE_NEO4J_TWINS_DATABASE")
        if not twins:  # the twins read every node of a label: they need a database of their own
            pytest.fail("with BOOKCASE_NEO4J_URI, set BOOKCASE_NEO4J_TWINS_DATABASE to an empty database the "
                        "twins may fill")
        yield Server(uri, os.environ.get("BOOKCASE_NEO4J_USER", "neo4j"), os.environ["BOOKCASE_NEO4J_PASSWORD"],
                     os.environ.get("BOOKCASE_NEO4J_DATABASE"), twins)
        return
    with arcadedb(root) as server:
        yield server
