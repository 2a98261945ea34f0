"""``bookcase import``: build a partnership from the standards councils, funders and commissioners publish;
``bookcase export``: write one in any format of the writer registry."""

from __future__ import annotations

from pathlib import Path

import click

from graph_model import InvalidTarget
from loaders import EXPORT_ONLY, FORMATS

from ..progress import Progress, progress_enabled
from .app import cli
from .common import echo_json, format_option, load

__all__ = ["export", "import_cmd"]

_FORMATS = ("oruk", "hsds", "360giving", "ocds", "popolo")


@cli.command("import", short_help="Import Open Referral UK / HSDS, 360Giving, OCDS or Popolo files.")
@click.argument("standard", metavar="FORMAT", type=click.Choice(_FORMATS))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--into", "into", default=None, metavar="DATASET",
              help="Merge into this partnership (bundled name or path) instead of starting a new one.")
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="Where to write the partnership (.json, .yaml, or a folder with --to).")
@click.option("--to", "to", type=click.Choice(list(FORMATS)), default=None,
              help="Output format (default: from OUT's suffix).")
@click.option("--strict", is_flag=True, help="Fail on any problem record or break of the standard's schema "
                                             "instead of importing the sound records.")
@click.option("--licence", default=None, metavar="TEXT",
              help="The licence the files are published under, recorded on every record when a file states none "
                   "(e.g. 'Open Government Licence v3.0').")
@click.option("--report", "report_path", type=click.Path(path_type=Path), default=None,
              help="Also write the full import report as JSON to this file.")
@format_option("text", "json", default="text")
def import_cmd(standard: str, files: tuple[Path, ...], into: str | None, out: Path, to: str | None, strict: bool,
               licence: str | None, report_path: Path | None, fmt: str) -> None:
    """Import FILES of FORMAT (oruk, hsds, 360giving, ocds, popolo) into a partnership written to OUT.

    Each file is checked against its standard's own schema (vendored with the project).
    Sound records are imported; each problem record is listed in the report with what was
    done (--strict fails instead). Organisations merge on org-id identifiers, then on
    normalised names; every record names its source file, record and licence. Personal
    data (contacts' names, e-mail addresses, phone numbers; people in Popolo) is not
    imported: the report counts what was stripped.
    """
    from loaders import target_format, write
    from loaders.importers import assemble, read_standard

    if to is None and target_format(out) is None:
        raise InvalidTarget(f"cannot tell which format to write '{out}' in: name a .json or .yaml file, "
                            "or add --to csv, --to yaml-dir, --to yaml or --to json")
    base = load(into) if into else None
    drafts = []
    bars = Progress()
    with bars.running():
        for path in files:  # one bar a file, counting its records
            tick = bars.task(f"reading {path.name}") if progress_enabled() else None
            drafts.append(read_standard(standard, path, licence=licence, tick=tick))
        done = bars.task("merging and checking the records", None)
        p, report = assemble(drafts, into=base, into_name=into, strict=strict)
        done(1, 1)
    written = write(p, out, to)
    if report_path is not None:
        from api.render import to_json
        from loaders._common import atomic_write_text

        atomic_write_text(report_path, to_json(report.as_dict()) + "\n")
    if fmt == "json":
        echo_json({"written": str(written), "nodes": len(p), "edges": p.edge_count, "report": report.as_dict()})
        return
    click.echo(report.text())
    click.echo(f"wrote {written} ({len(p)} nodes, {p.edge_count} edges)")


#: Exports made outside loaders (which imports no sibling): the Cypher script of the Neo4j work
#: (queries.cypher.bolt.script, what ``bookcase neo4j script`` writes), reached here too.
_OTHER_EXPORTS = ("cypher",)


@cli.command(short_help="Write a partnership in any format: YAML, CSV, JSON, GEXF, GraphML, node-link, Cypher.")
@click.argument("fmt", metavar="FORMAT", type=click.Choice([*FORMATS, *EXPORT_ONLY, *_OTHER_EXPORTS]))
@click.option("--dataset", default=None, help="Bundled name or path (default: the settings' dataset).")
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path), help="Where to write.")
def export(fmt: str, dataset: str | None, out: Path) -> None:
    """Write DATASET in FORMAT to OUT: every format of the writer registry (loaders.FORMATS and the
    export-only loaders.EXPORT_ONLY) and the Cypher script of `bookcase neo4j script`, one implementation
    each; GEXF and GraphML open in Gephi, yEd and Cytoscape and read back whole."""
    from loaders import write

    p = load(dataset)
    if fmt == "cypher":
        from loaders._common import atomic_write_text
        from queries.cypher.bolt import script

        written = atomic_write_text(out, script(p))
    else:
        written = write(p, out, fmt)
    click.echo(f"wrote {written} ({len(p)} nodes, {p.edge_count} edges)")
