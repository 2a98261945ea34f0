"""The README's "Importing the standards" commands, run as written from the checkout's root."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import networkx as nx
import pytest

from api.cli import main
from loaders import load

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[str]:
    block = re.search(r"<!-- import-examples:start -->\n```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "the README's import examples block is missing"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_import_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    for command in _commands():
        args = shlex.split(command)
        assert args[0] == "bookcase"
        assert main(args[1:]) == 0, command
    assert os.path.exists("bristol-report.json")
    staffs = load(tmp_path / "staffordshire.json")
    assert [n.name for n in staffs.nodes("Partner")].count("Staffordshire County Council") == 1
    assert len(nx.read_gexf("staffordshire.gexf")) == len(staffs)
    assert len(nx.read_graphml("bristol.graphml")) == len(load(tmp_path / "bristol.json"))
