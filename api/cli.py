"""The ``bookcase`` command: validate, show, convert, schema, query, generate, benchmark.

A thin layer: it parses arguments, calls the core, prints, and maps errors to exit
codes in one place (:data:`EXIT_CODES`, used only by :func:`main`). Output that is
data can always be had as JSON with ``--format json``.

Examples
--------
>>> main(["validate", "york"])                            # doctest: +SKIP
york: valid (… nodes, … edges)
0
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
import shutil
import sys
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel

from graph_model import (
    BookcaseError,
    EdgeType,
    InvalidParameters,
    InvalidPartnership,
    InvalidTarget,
    Partnership,
    UnknownDataset,
    UnknownNode,
    UnknownQuery,
    schema,
    summarise,
)

__all__ = ["EXIT_CODES", "cli", "main"]

#: Exit codes: 0 success, 1 invalid input data, 2 a bad request (unknown name, bad option).
EXIT_CODES: dict[type[BookcaseError], int] = {
    InvalidPartnership: 1,
    UnknownDataset: 2,
    UnknownNode: 2,
    UnknownQuery: 2,
    InvalidParameters: 2,
    InvalidTarget: 2,
}


class _Options:
    """What the running command asked for that the error handler needs to know."""

    json_output = False


_OPTS = _Options()


def _exit_code(err: BookcaseError) -> int:
    for cls in type(err).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


def _error_payload(err: BookcaseError) -> dict[str, Any]:
    payload: dict[str, Any] = {"error": type(err).__name__, "message": str(err).splitlines()[0]}
    if isinstance(err, InvalidPartnership):
        payload["problems"] = [p.as_dict() for p in err.problems]
    if isinstance(err, (UnknownNode, UnknownQuery)):
        payload["suggestions"] = err.suggestions
    return payload


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script exits with it)."""
    _OPTS.json_output = False
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="bookcase", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as err:
        err.show()
        return int(err.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except BookcaseError as err:
        if _OPTS.json_output:
            click.echo(json.dumps(_error_payload(err), indent=2))
        else:
            click.echo(f"error: {err}", err=True)
        return _exit_code(err)
    except OSError as err:
        click.echo(f"error: {err.strerror or err}: {getattr(err, 'filename', '') or ''}".rstrip(": "), err=True)
        return 1
    return 0


# -- shared options --------------------------------------------------------------------


class _DateType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date; write YYYY-MM-DD", param, ctx)


DATE = _DateType()


F = typing.TypeVar("F", bound=typing.Callable[..., Any])


def _format_option(*choices: str, default: str) -> typing.Callable[[F], F]:
    def callback(ctx: click.Context, param: click.Parameter, value: str) -> str:
        _OPTS.json_output = value == "json"
        return value

    option: typing.Callable[[F], F] = click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        callback=callback, is_eager=True, help="Output format.")
    return option


def _load(ref: str) -> Partnership:
    from loaders import load

    with _progress(f"loading {ref}"):
        return load(ref)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planning-bookcase", prog_name="bookcase")
def cli() -> None:
    """Children's-services partnerships as a graph: who is accountable to whom, where services
    overlap or leave gaps, where the money goes.

    A bundled partnership is named ('york', 'staffordshire'); anything else is a path to a
    YAML file or folder, a JSON file, or a CSV folder (partnership.csv, nodes.csv, edges.csv).
    """


# -- validate / show / convert / schema -----------------------------------------------


@cli.command()
@click.argument("dataset")
@_format_option("text", "json", default="text")
def validate(dataset: str, fmt: str) -> None:
    """Check DATASET against the schema; list every problem and exit 1 if any."""
    p = _load(dataset)
    n_nodes, n_edges = len(p), p.edge_count
    if fmt == "json":
        _echo_json({"dataset": dataset, "valid": True, "nodes": n_nodes, "edges": n_edges, "problems": []})
    else:
        click.echo(f"{dataset}: valid ({n_nodes} nodes, {n_edges} edges)")


@cli.command()
@click.argument("dataset")
@click.option("--as-of", type=DATE, default=None, help="Show the partnership as it stood on this date.")
@_format_option("text", "json", default="text")
def show(dataset: str, as_of: dt.date | None, fmt: str) -> None:
    """Summarise DATASET: counts by type, the top boards, the validity range."""
    p = _load(dataset)
    if as_of:
        p = p.as_of(as_of)
    s = summarise(p)
    if as_of:
        s["as_of"] = as_of.isoformat()
    if fmt == "json":
        _echo_json(s)
        return
    out = [f"{s['name']} ({s['id']})" + (f" as of {as_of.isoformat()}" if as_of else ""),
           f"{s['nodes']} nodes, {s['edges']} edges"
           + (f" ({s['generated_records']} records generated, not from a document)" if s["generated_records"] else ""),
           "", "Nodes by type:"]
    out += [f"  {k:<18}{v:>7}" for k, v in s["node_counts"].items()]
    out += ["", "Edges by type:"]
    out += [f"  {k:<18}{v:>7}" for k, v in s["edge_counts"].items()]
    out += ["", "Top boards (nothing above them; bodies below by accountability or reporting):"]
    out += [f"  {t['name']} [{t['id']}]: {t['bodies_below']} below" for t in s["top_boards"]]
    if s["unattached_bodies"]:
        out += ["", "Bodies outside the reporting structure (linked by influence or delegation only):"]
        out += [f"  {t['name']} [{t['id']}]" for t in s["unattached_bodies"]]
    span = f"{s['valid_from'] or 'open'} to {s['valid_to'] or 'open'}"
    out += ["", f"Validity range of dated records: {span}"]
    click.echo("\n".join(out))


@cli.command()
@click.argument("source")
@click.argument("target", type=click.Path(dir_okay=True, file_okay=True, path_type=Path))
@click.option("--to", "fmt", type=click.Choice(["yaml", "yaml-dir", "csv", "json"]), default=None,
              help="Output format (default: from TARGET's suffix; a folder needs --to).")
def convert(source: str, target: Path, fmt: str | None) -> None:
    """Convert SOURCE (bundled name or path) to TARGET in YAML, CSV or JSON."""
    from loaders import write

    p = _load(source)
    written = write(p, target, fmt)
    click.echo(f"wrote {written} ({len(p)} nodes, {p.edge_count} edges)")


@cli.command("schema")
@_format_option("markdown", "json", default="markdown")
def schema_cmd(fmt: str) -> None:
    """Print the schema table: node types, edge types and the node types each edge may join."""
    if fmt == "json":
        _echo_json({
            "node_types": [{"type": i.type.value, "group": i.group, "meaning": i.meaning}
                           for i in schema.NODE_TYPES.values()],
            "edge_types": [{"type": r.type.value, "meaning": r.meaning, "family": r.family,
                            "pairs": [[s.value, t.value] for s, t in r.pairs()]}
                           for r in schema.EDGE_RULES.values()],
        })
    else:
        click.echo(schema.schema_table_markdown(), nl=False)


@cli.command()
@click.option("--scale", type=click.Choice(["s", "m", "n"]), required=True,
              help="s ≈ 600 nodes (one authority); m ≈ 23k (15 authorities); n ≈ 234k (153 authorities).")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same partnership.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Where to write it: a .json or .yaml file, an existing folder (a JSON file is written "
                   "inside it), or a new folder with --to csv|yaml-dir.")
@click.option("--to", "fmt", type=click.Choice(["yaml", "yaml-dir", "csv", "json"]), default=None,
              help="Output format (default: from the suffix).")
def generate(scale: str, seed: int, output: Path, fmt: str | None) -> None:
    """Write a synthetic partnership with planted faults, and its manifest beside it."""
    from graph_model.synthetic import build
    from graph_model.synthetic import generate as make
    from loaders import write

    if output.is_dir() and fmt not in ("csv", "yaml-dir"):
        output = output / f"synthetic-{scale}-seed{seed}.json"  # an existing folder: write inside it
    elif fmt is None and output.suffix.lower() not in (".json", ".yaml", ".yml"):
        raise InvalidTarget(f"cannot tell which format to write '{output}' in; name a .json or .yaml file, "
                            "or pass --to")
    with _progress(f"generating scale {scale}") as tick:
        records, manifest = make(scale, seed, progress=tick)  # type: ignore[arg-type]
    partnership = build(records)
    written = write(partnership, output, fmt)
    manifest_path = written.parent / f"{written.stem}.manifest.json" if written.is_file() else written / "manifest.json"
    manifest_path.write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
    click.echo(f"wrote {written} ({len(partnership)} nodes, {partnership.edge_count} edges) "
               f"and {manifest_path}")


@cli.command()
@click.option("--scales", default="s,m", show_default=True, help="Comma-separated scales to time: s, m, n.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--repeat", type=int, default=3, show_default=True, help="Runs per query; the median is reported.")
def benchmark(scales: str, seed: int, repeat: int) -> None:
    """Time loading and every named query against naive baselines; prints a Markdown table."""
    from queries.benchmark import run_benchmark

    wanted = tuple(s.strip() for s in scales.split(",") if s.strip())
    bad = [s for s in wanted if s not in ("s", "m", "n")]
    if bad:
        raise click.BadParameter(f"unknown scale(s) {', '.join(bad)}; use s, m, n", param_hint="--scales")
    run_benchmark(wanted, seed=seed, repeat=repeat, out=click.echo)


class _progress:
    """A progress bar on a terminal (stderr), silence when piped; yields a ``tick(done, total)``."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task(self.label, total=None)

        def tick(done: int, total: int) -> None:
            self.bar.update(task, completed=done, total=total)

        return tick

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


# -- named queries -----------------------------------------------------------------------


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


def _print_result(result: Any, fmt: str) -> None:
    if fmt == "json":
        click.echo(result.model_dump_json(indent=2))
        return
    rows = result.table()
    if fmt == "csv":
        buf = io.StringIO()
        columns = list(result.columns) or list(dict.fromkeys(k for r in rows for k in r))
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _cell(v) for k, v in r.items()})
        click.echo(buf.getvalue(), nl=False)
        return
    click.echo(result.summary())
    if rows:
        from rich.console import Console
        from rich.table import Table

        columns = list(result.columns) or list(dict.fromkeys(k for r in rows for k in r))
        table = Table(show_lines=False)
        for c in columns:
            table.add_column(c)
        for r in rows:
            table.add_row(*[_cell(r.get(c)) for c in columns])
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 160
        Console(width=max(100, width)).print(table)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple, set)):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, BaseModel):
        return json.dumps(v.model_dump(mode="json"))
    if isinstance(v, dict):
        return json.dumps(v, default=str)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _query_command(name: str) -> click.Command:
    from queries.registry import get_query, run_query

    q = get_query(name)

    def callback(dataset: str, fmt: str, as_of: dt.date | None = None, **params: Any) -> None:
        clean = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()
                 if v is not None and v != ()}
        p = _load(dataset)
        result = run_query(name, p, clean, as_of=as_of)
        _print_result(result, fmt)

    params: list[click.Parameter] = [
        click.Option(["--dataset", "dataset"], default="york", show_default=True,
                     help="Bundled partnership name or path."),
    ]
    if q.as_of:
        params.append(click.Option(["--as-of", "as_of"], type=DATE, default=None,
                                   help="Answer on the partnership as it stood on this date (YYYY-MM-DD)."))
    for fname, field in q.params.model_fields.items():
        params.append(_click_param(fname, field))

    def set_fmt(ctx: click.Context, param: click.Parameter, value: str) -> str:
        _OPTS.json_output = value == "json"
        return value

    params.append(click.Option(["--format", "fmt"], type=click.Choice(["table", "json", "csv"]), default="table",
                               show_default=True, callback=set_fmt, is_eager=True, help="Output format."))
    return click.Command(name, params=params, callback=callback, help=f"{q.purpose} (family: {q.family})",
                         short_help=q.purpose)


class _QueryGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        from queries.registry import all_queries

        return [q.name for q in all_queries()]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from queries.registry import get_query

        get_query(cmd_name)  # raises UnknownQuery with close matches
        return _query_command(cmd_name)


@cli.group(cls=_QueryGroup, invoke_without_command=True)
@click.option("--list", "list_", is_flag=True, help="List every named query with its family and purpose.")
@_format_option("table", "json", default="table")
@click.pass_context
def query(ctx: click.Context, list_: bool, fmt: str) -> None:
    """Run a named query: bookcase query NAME [--dataset york|PATH] [--node X] [--as-of DATE] [--format table|json|csv]."""
    if ctx.invoked_subcommand is not None:
        return
    if not list_:
        click.echo(ctx.get_help())
        return
    from queries.registry import FAMILIES, all_queries

    qs = all_queries()
    if fmt == "json":
        _echo_json([{"name": q.name, "family": q.family, "purpose": q.purpose,
                     "parameters": q.params.model_json_schema().get("properties", {})} for q in qs])
        return
    for family, meaning in FAMILIES.items():
        click.echo(f"{family}: {meaning}")
        for q in qs:
            if q.family == family:
                click.echo(f"  {q.name:<26}{q.purpose}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
