"""The README stays true to the code: schema table, commands, test command."""

from __future__ import annotations

import re
from pathlib import Path

from graph_model.schema import schema_table_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def generated_block(name: str) -> str:
    block = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", README, re.S)
    assert block, f"README lost its {name} markers"
    return block.group(1)


def test_readme_schema_table_equals_the_schema() -> None:
    assert generated_block("schema-table") == schema_table_markdown()


def test_readme_command_table_equals_the_commands() -> None:
    from api.cli.reference import commands_markdown

    assert generated_block("commands") == commands_markdown()


def test_readme_query_table_equals_the_registry() -> None:
    from api.cli.reference import queries_markdown

    assert generated_block("queries") == queries_markdown()


def test_readme_scale_table_equals_what_generate_says() -> None:
    from api.cli.reference import scales_markdown
    from loaders.synthetic.scales import SCALES, approx

    assert generated_block("scales") == scales_markdown()
    from api.cli import cli

    help_text = " ".join(cli.commands["generate"].get_help(__import__("click").Context(cli.commands["generate"])).split())
    for spec in SCALES.values():  # the same sizes in --help as in the README
        assert f"{approx(spec.target_nodes)} nodes" in help_text


def test_readme_says_where_the_command_and_the_python_are() -> None:
    """After `make run`, `bookcase` is in the virtual environment, not on the PATH: the README says so."""
    quick_start = README[README.index("## Quick start"):README.index("## The `bookcase` command")]
    assert ".venv/bin/bookcase" in quick_start and "source .venv/bin/activate" in quick_start
    python_part = README[README.index("From Python"):]
    assert ".venv/bin/python" in python_part[:600]


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
