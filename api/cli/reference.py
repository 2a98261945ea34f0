"""The command and query tables of the README, made from the commands and the registry themselves.

``tests/test_docs.py`` keeps the README's tables equal to these, so help and README
cannot drift apart: a command's row comes from its usage line and its short help,
a query's row from the registry.
"""

from __future__ import annotations

import click

from loaders.synthetic.scales import SCALES, approx
from queries.registry import FAMILIES, all_queries

from .app import cli

__all__ = ["commands_markdown", "queries_markdown", "scales_markdown"]


def _usage(name: str, command: click.Command) -> str:
    with click.Context(cli, info_name="bookcase") as parent, click.Context(command, info_name=name,
                                                                          parent=parent) as ctx:
        pieces = command.collect_usage_pieces(ctx)
    return " ".join(["bookcase", name, *pieces])


def commands_markdown() -> str:
    """One row per ``bookcase`` command: its usage line and what it does."""
    rows = ["| command | what it does |", "|---|---|"]
    for name in sorted(cli.commands):
        command = cli.commands[name]
        rows.append(f"| `{_usage(name, command)}` | {command.get_short_help_str(limit=200)} |")
    return "\n".join(rows) + "\n"


def queries_markdown() -> str:
    """One row per named query, in family order: its name, family and purpose."""
    rows = ["| query | family | what it answers |", "|---|---|---|"]
    order = list(FAMILIES)
    for q in sorted(all_queries(), key=lambda q: (order.index(q.family), q.name)):
        rows.append(f"| `{q.name}` | {q.family} | {q.purpose} |")
    return "\n".join(rows) + "\n"


def scales_markdown() -> str:
    """One row per synthetic scale: what it stands for and its size (what ``generate --help`` says)."""
    rows = ["| scale | what | nodes | edges |", "|---|---|---:|---:|"]
    for name, spec in SCALES.items():
        rows.append(f"| {name} | {spec.area} | {approx(spec.target_nodes)} | {approx(spec.target_edges)} |")
    return "\n".join(rows) + "\n"


def refresh(readme: str) -> str:
    """``readme`` with every generated block (schema, commands, queries, scales) made anew."""
    import re

    from graph_model.schema import schema_table_markdown
    from queries.cypher.tables import schema_markdown as cypher_schema_markdown

    blocks = {"schema-table": schema_table_markdown(), "commands": commands_markdown(),
              "queries": queries_markdown(), "scales": scales_markdown(),
              "cypher-schema": cypher_schema_markdown()}  # the graph in Cypher (queries/cypher/tables.py)
    for name, text in blocks.items():
        pattern = re.compile(rf"<!-- {name}:start -->\n.*?<!-- {name}:end -->", re.S)
        fresh = f"<!-- {name}:start -->\n{text}<!-- {name}:end -->"
        readme = pattern.sub(lambda _match: fresh, readme)  # noqa: B023  # used at once, inside the loop
    return readme


if __name__ == "__main__":  # `make readme`: rewrite the README's generated tables in place
    from pathlib import Path

    path = Path("README.md")
    path.write_text(refresh(path.read_text(encoding="utf-8")), encoding="utf-8")
