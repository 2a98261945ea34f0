"""The README's Cypher examples run: every ``bookcase cypher`` line of its block answers with rows,
or is refused with exit code 2 where the line says so."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from api.cli import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def example_lines() -> list[str]:
    block = re.search(r"<!-- cypher-examples:start -->\n```sh\n(.*?)```\n<!-- cypher-examples:end -->", README, re.S)
    assert block, "README lost its Cypher examples"
    return [line for line in block.group(1).splitlines() if line.startswith("bookcase cypher")]


def test_the_readme_has_ten_questions_and_the_refusals() -> None:
    lines = example_lines()
    assert sum(1 for line in lines if not line.endswith("# refused")) >= 10
    assert sum(1 for line in lines if line.endswith("# refused")) >= 3


@pytest.mark.parametrize("line", example_lines())
def test_a_readme_example_runs(line: str, capsys: pytest.CaptureFixture[str]) -> None:
    refused = line.endswith("# refused")
    args = shlex.split(line.removesuffix("# refused"))[1:]
    if refused:
        assert main(args) == 2
        assert "refused: " in capsys.readouterr().err
        return
    assert main(args) == 0, capsys.readouterr().err
    capsys.readouterr()
    wanted = [a for a in args if a not in ("--format", "csv", "json", "table")]
    assert main([*wanted, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"], f"no rows: {line}"


def test_the_readme_shows_the_graph_as_the_engine_holds_it() -> None:
    from queries.cypher.tables import schema_markdown

    block = re.search(r"<!-- cypher-schema:start -->\n(.*?)<!-- cypher-schema:end -->", README, re.S)
    assert block, "README lost its Cypher schema markers"
    assert block.group(1) == schema_markdown()
