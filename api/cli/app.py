"""The ``bookcase`` group and :func:`main`: where core errors become messages and exit codes.

Examples
--------
>>> main(["validate", "york"])  # doctest: +ELLIPSIS
york: valid (... nodes, ... edges)
0
>>> main(["query", "no-such-query"])  # the message goes to stderr; a bad request exits 2
2
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from graph_model import BookcaseError

from ..errors import error_payload, exit_code
from .common import FORMAT_KEY, echo_json

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planning-bookcase", prog_name="bookcase")
def cli() -> None:
    """Children's-services partnerships as a graph: who is accountable to whom, where services
    overlap or leave gaps, where the money goes.

    A bundled partnership is named ('york', 'staffordshire'); anything else is a path to a
    YAML file or folder, a JSON file, or a CSV folder (partnership.csv, nodes.csv, edges.csv).
    """


def _quiet_stdout() -> None:
    """After a broken pipe (``bookcase … | head``), send what is left to /dev/null so that
    Python's own flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture): nothing to quiet
        pass
    finally:
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script exits with it).

    Every :class:`~graph_model.BookcaseError` is mapped here, once: its message on stderr
    (or the JSON error payload on stdout when the command was asked for ``--format json``)
    and its exit code from :data:`api.errors.EXIT_CODES`. No traceback reaches the user.
    """
    args = list(argv) if argv is not None else sys.argv[1:]
    meta: dict[str, Any] = {}
    try:
        with cli.make_context("bookcase", args) as ctx:
            meta = ctx.meta
            cli.invoke(ctx)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as err:
        err.show()
        return int(err.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except BookcaseError as err:
        if meta.get(FORMAT_KEY) == "json":
            echo_json(error_payload(err))
        else:
            click.echo(f"error: {err}", err=True)
        return exit_code(err)
    except OSError as err:
        click.echo(f"error: {err.strerror or err}: {getattr(err, 'filename', '') or ''}".rstrip(": "), err=True)
        return 1
    return 0
