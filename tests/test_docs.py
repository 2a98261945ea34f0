"""The README stays true to the code: schema table, commands, test command."""

from __future__ import annotations

import re
from pathlib import Path

from graph_model.schema import schema_table_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_schema_table_equals_the_schema() -> None:
    block = re.search(r"<!-- schema-table:start -->\n(.*?)<!-- schema-table:end -->", README, re.S)
    assert block, "README lost its schema-table markers"
    assert block.group(1) == schema_table_markdown()


def test_readme_first_two_commands_are_run_and_test() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands[:2] == ["make run", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_documents_every_cli_command() -> None:
    from api.cli import cli

    for name in cli.commands:
        assert f"bookcase {name}" in README, f"README does not document 'bookcase {name}'"


def test_readme_python_examples_run(capsys: object) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks, "README lost its Python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
