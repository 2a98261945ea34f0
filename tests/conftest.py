"""Fixtures shared by every test module: the two bundled partnerships, loaded once; the fixture
files inside ``tests/fixtures``; the seed documents beside the project (``../shared``); and a load
cache folder of the run's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph_model import Partnership
from loaders import load_bundled


@pytest.fixture(scope="session", autouse=True)
def _own_load_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tests' load cache is their own: never the user's, and empty at the start of a run."""
    os.environ["BOOKCASE_CACHE_DIR"] = str(tmp_path_factory.mktemp("load-cache"))


@pytest.fixture(scope="session", autouse=True)
def _own_keys(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tests' API keys file is their own (none at the start): never the user's."""
    os.environ["BOOKCASE_KEYS_FILE"] = str(tmp_path_factory.mktemp("keys") / "keys.json")


@pytest.fixture(scope="session")
def york() -> Partnership:
    """The bundled York (YorOK) partnership, seeds 000-002, loaded and validated."""
    return load_bundled("york")


@pytest.fixture(scope="session")
def staffordshire() -> Partnership:
    """The bundled Staffordshire Children's Trust partnership, seed 003, loaded and validated."""
    return load_bundled("staffordshire")


#: Small real files the tests need, shipped with the project (see tests/fixtures/README.md).
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: The steering folder beside a checkout: the seed documents live in ``shared/seeds``.
SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_text(pattern: str) -> str:
    """The text of the one file under ``../shared`` matching ``pattern`` (``"seeds/003_*.txt"``).

    Only tests that must read the original documents use this: to prove that a person a
    seed document or a real feed names appears nowhere in the data. Every other test uses
    the bundled data or ``tests/fixtures``. A fresh clone has no ``../shared``: such a test
    skips there, saying why; in CI (``CI=true``) a missing file fails it instead.
    """
    found = sorted(SHARED.glob(pattern))
    if not found:
        message = f"{pattern} not found under {SHARED}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must have the shared folder beside the checkout)")
        pytest.skip(message)
    return found[0].read_text(encoding="utf-8")


def seed_text(prefix: str) -> str:
    """The text of the seed document whose file name starts with ``prefix`` (``"003"``); see :func:`shared_text`."""
    return shared_text(f"seeds/{prefix}_*.txt")
