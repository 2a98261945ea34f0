"""Importers of the data standards UK councils, funders and commissioners publish.

=============  ============================================  =======================================
format         what it reads                                 parse step
=============  ============================================  =======================================
``oruk``       Open Referral UK v1 service feeds (JSON)      :func:`.openreferral.parse_oruk`
``hsds``       HSDS 3.0 JSON (full and list forms), and the  :func:`.openreferral.parse_hsds`
               tabular data package (a folder of CSV files)
``360giving``  360Giving grants packages (JSON)              :func:`.threesixtygiving.parse_360giving`
``ocds``       OCDS 1.1 release and record packages (JSON)   :func:`.ocds.parse_ocds`
``popolo``     Popolo exports (JSON)                         :func:`.popolo.parse_popolo`
=============  ============================================  =======================================

Each parse step is pure (a parsed document in, a :class:`Draft` of raw records and a file
report out), checks the document against its standard's own vendored schema
(:mod:`.schemas`), and leaves the validation of records to the project's one path:
:func:`.merge.assemble` merges the drafts (org-id identifiers, then names) and builds the
partnership through :class:`loaders.Parsed`. :func:`read_standard` is the thin file reader;
:func:`import_files` does the whole import.

Examples
--------
>>> from pathlib import Path
>>> fixture = Path(__file__).parents[2] / "tests/fixtures/ocds"
>>> p, report = import_files("ocds", sorted(fixture.glob("*.json")))
>>> [s.name for s in p.nodes("Service")]
["Framework for the Provision of Children's Short Break Activities and Support Services (Aiming High)"]
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graph_model import InvalidPartnership, Location, Partnership, Problem, Rule, UnknownDataset

from .._common import decode
from ._base import Draft, FileReport
from .merge import ImportReport, MergeNote, assemble, normalised_name
from .ocds import parse_ocds
from .openreferral import hsds_tables, parse_hsds, parse_oruk
from .popolo import parse_popolo
from .schemas import schemas_root
from .threesixtygiving import parse_360giving

__all__ = [
    "IMPORT_FORMATS",
    "Draft",
    "FileReport",
    "ImportReport",
    "MergeNote",
    "assemble",
    "hsds_tables",
    "import_files",
    "normalised_name",
    "parse_360giving",
    "parse_hsds",
    "parse_ocds",
    "parse_oruk",
    "parse_popolo",
    "read_standard",
    "schemas_root",
]

#: Every import format, with what it reads.
IMPORT_FORMATS: dict[str, str] = {
    "oruk": "Open Referral UK v1 service feed (a JSON list of services with their organisations)",
    "hsds": "HSDS 3.0: service or organisation JSON (full or list page), or the tabular package (a CSV folder)",
    "360giving": "360Giving grants package (JSON)",
    "ocds": "OCDS 1.1 release or record package (JSON)",
    "popolo": "Popolo export: organisations, posts, memberships (JSON); people are counted, not imported",
}

_PARSERS: dict[str, Callable[..., Draft]] = {
    "oruk": parse_oruk, "hsds": parse_hsds, "360giving": parse_360giving, "ocds": parse_ocds, "popolo": parse_popolo,
}


def _json(path: Path) -> Any:
    text, problems = decode(path.read_bytes(), str(path))
    if text is None:
        raise InvalidPartnership(problems)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InvalidPartnership([Problem(Rule.MALFORMED_FILE, f"not JSON: {err.msg}",
                                          Location(file=str(path), line=err.lineno), "a JSON document")]) from None


def _tables(folder: Path, report_unknown: dict[str, int]) -> list[dict[str, Any]]:
    """The tabular data package in ``folder`` joined into service records; its tables and columns are checked
    against the HSDS 3.0 data package's (vendored)."""
    package = json.loads((schemas_root() / "hsds" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {Path(r["path"]).stem: {f["name"] for f in r["schema"]["fields"]} for r in package["resources"]}
    if not (folder / "services.csv").is_file():
        raise InvalidPartnership([Problem(Rule.MALFORMED_FILE, "this folder is not an HSDS tabular package: it has "
                                          "no services.csv", Location(file=str(folder)),
                                          "a folder with services.csv, organizations.csv … as HSDS 3.0 names them")])
    tables: dict[str, list[dict[str, str]]] = {}
    for path in sorted(folder.glob("*.csv")):
        text, problems = decode(path.read_bytes(), str(path))
        if text is None:
            raise InvalidPartnership(problems)
        rows = list(csv.DictReader(io.StringIO(text)))
        if path.stem not in fields:
            report_unknown[f"table {path.name} (not an HSDS table)"] = len(rows)
            continue
        header = rows[0].keys() if rows else []
        for column in header:
            if column not in fields[path.stem]:
                report_unknown[f"{path.stem}.{column}"] = len(rows)
        tables[path.stem] = rows
    return hsds_tables(tables)


def read_standard(fmt: str, path: str | Path, *, licence: str | None = None,
                  tick: Callable[[int, int], None] | None = None) -> Draft:
    """Read one file (or an HSDS tabular folder) of format ``fmt`` into a :class:`Draft` (the thin reader).

    ``tick(done, total)`` reports progress through the file's records. ``licence`` is recorded on every record when the file states none of its own (an OCDS or
    360Giving ``license`` field wins). Raises :class:`~graph_model.UnknownDataset` for a missing path and
    :class:`~graph_model.InvalidPartnership` for a file that is not the format it claims.
    """
    if fmt not in _PARSERS:
        raise UnknownDataset(f"unknown import format '{fmt}'; known: {', '.join(IMPORT_FORMATS)}")
    path = Path(path)
    if not path.exists():
        raise UnknownDataset(f"no file or folder at '{path}'")
    if path.is_dir():
        if fmt != "hsds":
            raise InvalidPartnership([Problem(Rule.MALFORMED_FILE, f"a folder, and {fmt} files are single JSON "
                                              "files", Location(file=str(path)), "a JSON file")])
        unknown: dict[str, int] = {}
        draft = parse_hsds(_tables(path, unknown), str(path), tabular=True, licence=licence, tick=tick)
        draft.report.unmapped.update(unknown)
        return draft
    return _PARSERS[fmt](_json(path), str(path), licence=licence, tick=tick)


def import_files(fmt: str, paths: Sequence[str | Path], *, into: Partnership | None = None,
                 into_name: str | None = None, info: dict[str, Any] | None = None, strict: bool = False,
                 licence: str | None = None,
                 tick: Callable[[int, int], None] | None = None) -> tuple[Partnership, ImportReport]:
    """Import ``paths`` of format ``fmt`` (into ``into`` when given): the partnership and the report.

    ``tick(done, total)`` is called as each file's records are read (in thousandths of all the files, each
    file's share alike). Nothing half-loaded: a valid
    partnership, or :class:`~graph_model.InvalidPartnership` with every problem.
    """
    drafts = []
    for i, path in enumerate(paths):
        def within(done: int, total: int, i: int = i) -> None:  # this file's share of the bar
            if tick is not None and total:
                tick(i * 1000 + done * 1000 // total, len(paths) * 1000)

        drafts.append(read_standard(fmt, path, licence=licence, tick=within))
        if tick is not None:
            tick((i + 1) * 1000, len(paths) * 1000)
    return assemble(drafts, into=into, into_name=into_name, info=info, strict=strict)
