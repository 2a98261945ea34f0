"""Fixtures of the Cypher tests: the synthetic s partnership and the bundled ones in the embedded engine."""

from __future__ import annotations

from collections.abc import Iterator

import ladybug as lb
import pytest

from graph_model import Partnership
from queries.cypher.load import build_database, connect


@pytest.fixture(scope="session")
def synthetic_s() -> Partnership:
    """The seeded synthetic partnership at scale s (as ``bookcase generate --scale s`` makes it)."""
    from loaders.synthetic import build, generate

    return build(generate("s", seed=0)[0])


@pytest.fixture(scope="session")
def york_db(york: Partnership) -> Iterator[lb.Connection]:
    """York, whole, in an in-memory database."""
    conn = connect(build_database(york))
    yield conn
    conn.close()
