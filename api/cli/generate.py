"""``bookcase generate``: write a synthetic partnership with planted faults, and its manifest."""

from __future__ import annotations

from pathlib import Path

import click

from graph_model import InvalidTarget
from loaders.synthetic.scales import SCALES

from ..loading import collector_paused
from .app import cli
from .common import progress

__all__ = ["generate"]

def _target(output: Path, scale: str, seed: int, fmt: str | None) -> Path:
    """Where to write: a file as named; a folder (existing, or a new path with no file suffix) gets a
    JSON file inside it unless ``--to csv|yaml-dir`` asks for a folder format."""
    from loaders import format_from_suffix

    if fmt in ("csv", "yaml-dir"):
        return output
    named = format_from_suffix(output)
    if output.is_dir() or (fmt is None and named is None and not output.exists()):
        output.mkdir(parents=True, exist_ok=True)
        return output / f"synthetic-{scale}-seed{seed}.{'yaml' if fmt == 'yaml' else 'json'}"
    if fmt is None and named is None:
        raise InvalidTarget(f"'{output}' is a file that is not .json or .yaml; name a .json or .yaml file, "
                            "a folder, or pass --to")
    return output


@cli.command(short_help="Write a synthetic partnership with planted faults.")
@click.option("--scale", type=click.Choice(list(SCALES)), required=True,
              help="; ".join(f"{name}: {spec.size_text()}" for name, spec in SCALES.items()) + ".")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same partnership.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Where to write it: a .json or .yaml file, or a folder (made if it does not exist; a JSON "
                   "file is written inside it, or the folder itself is the output with --to csv|yaml-dir).")
@click.option("--to", "fmt", type=click.Choice(["yaml", "yaml-dir", "csv", "json"]), default=None,
              help="Output format (default: from the suffix).")
def generate(scale: str, seed: int, output: Path, fmt: str | None) -> None:
    """Write a synthetic partnership with planted faults, and its manifest beside it."""
    from loaders import write
    from loaders.synthetic import build
    from loaders.synthetic import generate as make

    target = _target(output, scale, seed, fmt)
    with progress(f"generating scale {scale}") as tick:
        records, manifest = make(scale, seed, progress=tick)  # type: ignore[arg-type]
    with collector_paused():
        partnership = build(records)
    written = write(partnership, target, fmt)
    manifest_path = written.parent / f"{written.stem}.manifest.json" if written.is_file() else written / "manifest.json"
    manifest_path.write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
    click.echo(f"wrote {written} ({len(partnership)} nodes, {partnership.edge_count} edges) "
               f"and {manifest_path}")
