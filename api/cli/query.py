"""``bookcase query``: every named query of the registry, as a subcommand built from its parameter model.

The options every query shares (``--dataset``, ``--format``, ``--as-of``, ``--stated-only``) may stand
before or after the query's name (``bookcase query --format json gaps`` and
``bookcase query gaps --format json`` are the same); given in both places with
different values, they are refused rather than one silently winning.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import click

from queries.registry import FAMILIES, all_queries, get_query, run_query

from ..loading import collector_paused
from ..render import csv_text, render_result
from .app import cli
from .common import DATE, FORMAT_KEY, echo_json, load, remember_format, terminal_width

__all__ = ["query"]

#: The query formats; the first is the default.
FORMATS = ("table", "json", "csv")

#: Options every query takes, with their defaults (the dataset's default comes from the settings).
SHARED: dict[str, Any] = {"dataset": None, "fmt": "table", "as_of": None, "stated_only": False, "public_only": False}


def _unwrap_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _click_param(name: str, field: Any) -> click.Option:
    """A click option for one field of a query's parameter model."""
    ann = _unwrap_optional(field.annotation)
    multiple = False
    if typing.get_origin(ann) in (list, tuple, set, frozenset):
        multiple = True
        ann = _unwrap_optional(typing.get_args(ann)[0])
    flag = "--" + name.replace("_", "-")
    help_text = field.description or ""
    required = field.is_required()
    if ann is bool:
        return click.Option([f"{flag}/--no-{flag[2:]}", name], default=field.default if not required else None,
                            help=help_text, show_default=True)
    if ann is dt.date:
        ptype: Any = DATE
    elif ann is int:
        ptype = click.INT
    elif ann is float:
        ptype = click.FLOAT
    elif isinstance(ann, type) and issubclass(ann, enum.Enum):
        ptype = click.Choice([str(m.value) for m in ann])
    elif typing.get_origin(ann) is typing.Literal:
        ptype = click.Choice([str(a) for a in typing.get_args(ann)])
    else:
        ptype = click.STRING
    default = None if required or multiple else field.default
    if isinstance(default, enum.Enum):
        default = default.value
    if not multiple:
        # click keeps the last of a repeated option; collect them all so a repeat can be refused.
        return click.Option([flag, name], type=ptype, multiple=True, required=required,
                            default=() if default is None else (default,), show_default=default is not None,
                            help=help_text, callback=_one_value)
    return click.Option([flag, name], type=ptype, multiple=True, required=required,
                        default=None, help=help_text)


def _one_value(ctx: click.Context, param: click.Parameter, value: tuple[Any, ...]) -> Any:
    if len(value) > 1:
        raise click.BadParameter(f"takes one value; got {len(value)}: {', '.join(map(str, value))}")
    return value[0] if value else None


_STATED = ("Answer from the documents' statements alone: leave out the records that are the project's own reading "
           "(assumed) or generated stand-ins.")

_PUBLIC = ("Answer on the public partnership: bodies that are not public (York's ICG), and every line to or from "
           "them, left out, as a published view or board paper is made.")

_FLAGS = {"dataset": "--dataset", "fmt": "--format", "as_of": "--as-of", "stated_only": "--stated-only",
          "public_only": "--public-only"}


def _shared(ctx: click.Context, own: dict[str, Any]) -> dict[str, Any]:
    """The shared options' values, whether given before the query's name or after it."""
    before: dict[str, Any] = (ctx.parent.obj if ctx.parent is not None else None) or {}
    merged: dict[str, Any] = {}
    for key, default in SHARED.items():
        first, second = before.get(key), own.get(key)
        if first is not None and second is not None and first != second:
            raise click.UsageError(f"{_FLAGS[key]} is given twice, with different values ({first} before the "
                                   f"query's name, {second} after it); give it once")
        merged[key] = second if second is not None else first if first is not None else default
    ctx.meta[FORMAT_KEY] = merged["fmt"]
    return merged


def _query_command(name: str) -> click.Command:
    q = get_query(name)

    @click.pass_context
    def callback(ctx: click.Context, /, dataset: str | None, fmt: str | None, stated_only: bool | None,
                 public_only: bool | None, as_of: dt.date | None = None, **params: Any) -> None:
        shared = _shared(ctx, {"dataset": dataset, "fmt": fmt, "as_of": as_of, "stated_only": stated_only,
                               "public_only": public_only})
        clean = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()
                 if v is not None and v != ()}
        p = load(shared["dataset"])
        if shared["public_only"]:
            p = p.public()
        with collector_paused():  # one answer, then the process ends: the collector's passes would only cost time
            result = run_query(name, p, clean, as_of=shared["as_of"], stated_only=shared["stated_only"])
        click.echo(render_result(result, shared["fmt"], width=terminal_width()), nl=False)

    params: list[click.Parameter] = [
        click.Option(["--dataset", "dataset"], default=None,
                     help="Bundled partnership name or path.  [default: york, or BOOKCASE_DATASET]"),
    ]
    if q.as_of:
        params.append(click.Option(["--as-of", "as_of"], type=DATE, default=None,
                                   help="Answer on the partnership as it stood on this date (YYYY-MM-DD)."))
    for fname, field in q.params.model_fields.items():
        params.append(_click_param(fname, field))
    params.append(click.Option(["--stated-only", "stated_only"], is_flag=True, default=None, help=_STATED))
    params.append(click.Option(["--public-only", "public_only"], is_flag=True, default=None, help=_PUBLIC))
    params.append(click.Option(["--format", "fmt"], type=click.Choice(FORMATS), default=None,
                               callback=remember_format, is_eager=True, help="Output format.  [default: table]"))
    return click.Command(name, params=params, callback=callback, help=f"{q.purpose} (family: {q.family})",
                         short_help=q.purpose)


class _QueryGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [q.name for q in all_queries()]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        get_query(cmd_name)  # raises UnknownQuery with close matches
        return _query_command(cmd_name)


@cli.group(cls=_QueryGroup, invoke_without_command=True, short_help="Run a named query (--list lists them).",
           subcommand_metavar="NAME [QUERY OPTIONS]")
@click.option("--list", "list_", is_flag=True, help="List every named query with its family and purpose.")
@click.option("--dataset", default=None, help="Bundled partnership name or path (here or after NAME).")
@click.option("--as-of", "as_of", type=DATE, default=None, help="Answer as of this date (here or after NAME).")
@click.option("--stated-only", "stated_only", is_flag=True, default=None, help=_STATED + " (here or after NAME)")
@click.option("--public-only", "public_only", is_flag=True, default=None, help=_PUBLIC + " (here or after NAME)")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, callback=remember_format, is_eager=True,
              help="Output format (here or after NAME).  [default: table]")
@click.pass_context
def query(ctx: click.Context, list_: bool, dataset: str | None, as_of: dt.date | None, stated_only: bool | None,
          public_only: bool | None, fmt: str | None) -> None:
    """Run a named query: bookcase query NAME [--dataset york|PATH] [--node X] [--as-of DATE] [--format table|json|csv].

    --dataset, --as-of and --format may come before or after NAME.
    """
    ctx.obj = {"dataset": dataset, "as_of": as_of, "fmt": fmt, "stated_only": stated_only, "public_only": public_only}
    if ctx.invoked_subcommand is not None:
        return
    if not list_:
        click.echo(ctx.get_help())
        return
    for flag, value in (("--dataset", dataset), ("--as-of", as_of), ("--stated-only", stated_only),
                        ("--public-only", public_only)):
        if value is not None:
            raise click.UsageError(f"{flag} applies to a query's answer, not to --list; "
                                   f"write: bookcase query NAME {flag}{'' if value is True else f' {value}'}")
    qs = all_queries()
    if fmt == "json":
        echo_json([{"name": q.name, "family": q.family, "purpose": q.purpose,
                    "parameters": q.params.model_json_schema().get("properties", {})} for q in qs])
        return
    if fmt == "csv":
        click.echo(csv_text([{"name": q.name, "family": q.family, "purpose": q.purpose} for q in qs],
                            ["name", "family", "purpose"]), nl=False)
        return
    for family, meaning in FAMILIES.items():
        click.echo(f"{family}: {meaning}")
        for q in qs:
            if q.family == family:
                click.echo(f"  {q.name:<26}{q.purpose}")
