"""The command and query tables of the README, made from the commands and the registry themselves.

``tests/test_docs.py`` keeps the README's tables equal to these, so help and README
cannot drift apart: a command's row comes from its usage line and its short help,
a query's row from the registry.
"""

from __future__ import annotations

import click

from queries.registry import FAMILIES, all_queries

from .app import cli

__all__ = ["commands_markdown", "queries_markdown"]


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
