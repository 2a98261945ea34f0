"""A real Bolt server for the tests: ArcadeDB from the ``arcadedb-embedded`` wheel (it bundles its own
Java), started on a free 127.0.0.1 port with its Bolt plugin, waited for, and stopped by its PID.

ArcadeDB stands in for Neo4j, which cannot be installed here; it is not a target dialect. When
``BOOKCASE_NEO4J_URI`` (with ``BOOKCASE_NEO4J_USER`` and ``BOOKCASE_NEO4J_PASSWORD``) is set, the
tests run against that server instead. Without the wheel the tests skip, except in CI
(``CI=true``), where a skipped Bolt test is a failure.
"""

from __future__ import annotations

import os
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


def _installed() -> None:
    try:
        import arcadedb_embedded  # noqa: F401
    except ImportError:
        message = "arcadedb-embedded is not installed (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; in CI a skipped Bolt test is a failure")
        pytest.skip(message)


@contextmanager
def arcadedb(root: Path) -> Iterator[Server]:
    """ArcadeDB with Bolt on a free port, its files under ``root``, stopped by its PID on exit: the one
    starter the benchmark uses too (:func:`api.bench.cypher.arcadedb`)."""
    from api.bench.cypher import arcadedb as start

    _installed()
    with start(root, [DATABASE, TWINS, SCRIPT], password=PASSWORD) as found:
        yield Server(found.uri, found.user, found.password, DATABASE, TWINS)


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
