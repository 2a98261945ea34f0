"""Commands on a partnership's data: ``validate``, ``show``, ``convert``, ``schema``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from graph_model import InvalidPartnership, InvalidTarget, schema, summarise
from queries.common import counted

from ..errors import error_payload
from .app import cli
from .common import DATE, echo_json, format_option, load

__all__ = ["convert", "schema_cmd", "show", "validate"]


@cli.command(short_help="Check a partnership against the schema; list every problem.")
@click.argument("dataset")
@format_option("text", "json", default="text")
@click.pass_context
def validate(ctx: click.Context, dataset: str, fmt: str) -> None:
    """Check DATASET against the schema; list every problem and exit 1 if any.

    The problems are this command's output: they go to standard output, so that
    `bookcase validate FILE | less` shows them.
    """
    try:
        p = load(dataset)
    except InvalidPartnership as err:
        if fmt == "json":
            echo_json({"dataset": dataset, "valid": False, **error_payload(err)})
        else:
            click.echo(str(err))
        ctx.exit(1)
    warnings = p.warnings
    if fmt == "json":
        echo_json({"dataset": dataset, "valid": True, "nodes": len(p), "edges": p.edge_count, "problems": [],
                   "warnings": [w.as_dict() for w in warnings]})
    else:
        click.echo(f"{dataset}: valid ({len(p)} nodes, {p.edge_count} edges)"
                   + (f", with {_count(len(warnings), 'warning')}" if warnings else ""))
        for w in warnings:
            click.echo(f"  warning: {w}")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _generated_note(nodes: int, edges: int) -> str:
    parts = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in ((nodes, "node"), (edges, "edge")) if n]
    return f" ({' and '.join(parts)} generated to stand in for what the documents only count)" if parts else ""


@cli.command(short_help="Summarise a partnership: counts, top boards, dates.")
@click.argument("dataset")
@click.option("--as-of", type=DATE, default=None,
              help="Show the partnership as it stood on this date (default: today, kept inside the period "
                   "its data describes).")
@format_option("text", "json", default="text")
def show(dataset: str, as_of: dt.date | None, fmt: str) -> None:
    """Summarise DATASET as it stands on a date: counts by type, the top boards, the validity range.

    Without --as-of the date is today, or the end of the period the data describes once today
    is past it (its start while today is before it); the summary says which date and why.
    """
    whole = load(dataset)
    dating = whole.dating(as_of)
    p = whole.as_of(dating.day)
    s = summarise(p)
    start, end = whole.validity_range()
    s.update({"valid_from": start.isoformat() if start else None, "valid_to": end.isoformat() if end else None,
              "as_of": dating.day.isoformat(), "as_of_basis": dating.basis,
              "records": {"nodes": len(whole), "edges": whole.edge_count},
              "warnings": [*dating.warnings, *(str(w) for w in whole.warnings)]})
    if fmt == "json":
        echo_json(s)
        return
    in_data = "" if p is whole else (f" (the data holds {counted(len(whole), 'node')} and "
                                     f"{counted(whole.edge_count, 'edge')})")
    out = [f"{s['name']} ({s['id']}) as of {dating.day.isoformat()}", dating.basis]
    out += [f"Warning: {w}" for w in s["warnings"]]
    out += [f"{counted(s['nodes'], 'node')}, {counted(s['edges'], 'edge')} in force{in_data}"
            + _generated_note(s["generated_nodes"], s["generated_edges"]),
            "", "Nodes by type:"]
    out += [f"  {k:<18}{v:>7}" for k, v in s["node_counts"].items()]
    out += ["", "Edges by type:"]
    out += [f"  {k:<18}{v:>7}" for k, v in s["edge_counts"].items()]
    out += ["", "Top boards (nothing above them); below each, at any depth, the bodies and units accountable or "
                "reporting to it or holding powers it delegates (as `bookcase query reports-to` lists them); "
                "units that support them serve them, not report to them, and are counted apart:"]
    out += [f"  {t['name']} [{t['id']}]: {t['bodies_below']} {'body' if t['bodies_below'] == 1 else 'bodies'} "
            f"and {_count(t['units_below'], 'unit')} below ({t['below']} in all)"
            + (f"; {_count(t['support_units'], 'support unit')} apart" if t["support_units"] else "")
            + "".join(f"; {o['name']} reports to it only {o['condition']} (not placed below it)"
                      for o in t.get("occasional", ()))
            for t in s["top_boards"]]
    if s["unattached_bodies"]:
        out += ["", "Bodies outside the reporting structure (linked by influence or delegation only):"]
        out += [f"  {t['name']} [{t['id']}]" for t in s["unattached_bodies"]]
    span = f"{s['valid_from'] or 'open'} to {s['valid_to'] or 'open'}"
    out += ["", f"Validity range of dated records in the data: {span}"]
    click.echo("\n".join(out))


@cli.command(short_help="Convert a partnership between YAML, CSV and JSON.")
@click.argument("source")
@click.argument("target", type=click.Path(dir_okay=True, file_okay=True, path_type=Path))
@click.option("--to", "fmt", type=click.Choice(["yaml", "yaml-dir", "csv", "json"]), default=None,
              help="Output format (default: from TARGET's suffix; a folder needs --to).")
def convert(source: str, target: Path, fmt: str | None) -> None:
    """Convert SOURCE (bundled name or path) to TARGET in YAML, CSV or JSON."""
    from loaders import target_format, write

    if fmt is None and target_format(target) is None:
        raise InvalidTarget(f"cannot tell which format to write '{target}' in: name a .json or .yaml file, "
                            "or add --to csv (a folder of CSV files), --to yaml-dir, --to yaml or --to json")
    p = load(source)
    written = write(p, target, fmt)
    click.echo(f"wrote {written} ({len(p)} nodes, {p.edge_count} edges)")


@cli.command("schema", short_help="Print the schema: node types, edge types, allowed pairs.")
@format_option("markdown", "json", default="markdown")
def schema_cmd(fmt: str) -> None:
    """Print the schema table: node types, edge types and the node types each edge may join."""
    if fmt == "json":
        echo_json({
            "node_types": [{"type": i.type.value, "group": i.group, "meaning": i.meaning}
                           for i in schema.NODE_TYPES.values()],
            "edge_types": [{"type": r.type.value, "meaning": r.meaning, "family": r.family,
                            "pairs": [[s.value, t.value] for s, t in r.pairs()]}
                           for r in schema.EDGE_RULES.values()],
        })
    else:
        click.echo(schema.schema_table_markdown(), nl=False)
