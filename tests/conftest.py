"""Fixtures shared by every test module: the two bundled partnerships, loaded once."""

from __future__ import annotations

import pytest

from graph_model import Partnership
from loaders import load_bundled


@pytest.fixture(scope="session")
def york() -> Partnership:
    """The bundled York (YorOK) partnership, seeds 000-002, loaded and validated."""
    return load_bundled("york")


@pytest.fixture(scope="session")
def staffordshire() -> Partnership:
    """The bundled Staffordshire Children's Trust partnership, seed 003, loaded and validated."""
    return load_bundled("staffordshire")
