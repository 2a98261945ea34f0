"""CSV: a folder of three sheets for spreadsheet users.

``partnership.csv``
    columns ``field,value``; a list field (``sources``, ``notes``) repeats its
    field name on one row per item; a field of a nested block is named
    ``block.field`` (``coverage.services``).
``nodes.csv``
    one row per node; columns ``id,type,name,description,valid_from,valid_to,source,generated``
    then every other node field in schema order (:data:`NODE_COLUMNS`).
``edges.csv``
    one row per edge; columns ``id,type,from,to,...`` (:data:`EDGE_COLUMNS`).

An empty cell means the field is absent. A list of texts is written ``a; b``
(or as a JSON list when an item itself holds a ``;``); nested records
(``Indicator.observations``) are compact JSON in the cell.

Rows are numbered as a spreadsheet shows them: the header is row 1, so the first
record is row 2. A problem names the file, the row and the column.

Examples
--------
>>> parsed = parse_csv_rows(
...     partnership=[["field", "value"], ["id", "demo"], ["name", "Demo"]],
...     nodes=[["id", "type", "name", "tier"], ["first", "Service", "FIRST", "2"]],
...     edges=[["type", "from", "to"]])
>>> parsed.build().node("first").tier
2
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graph_model import (
    EDGE_MODELS,
    NODE_MODELS,
    Location,
    Partnership,
    PartnershipInfo,
    Problem,
    Rule,
    dump_record,
)
from graph_model.errors import close_matches
from graph_model.models import record_fields

from ._common import (
    TEXT,
    TEXTS,
    Parsed,
    Shape,
    atomic_write_dir,
    decode,
    dump_info,
    edge_model,
    field_shapes,
    node_model,
)

__all__ = [
    "CSV_FILES",
    "EDGE_COLUMNS",
    "NODE_COLUMNS",
    "dump_csv_tables",
    "parse_csv_rows",
    "read_csv",
    "write_csv",
]

CSV_FILES = ("partnership.csv", "nodes.csv", "edges.csv")


def _columns(head: Sequence[str], models: Iterable[Any]) -> tuple[str, ...]:
    cols = list(head)
    for model in models:
        cols += [f for f in record_fields(model) if f not in cols]
    return tuple(cols)


#: Every column of ``nodes.csv``, in order: the common fields, then each type's own in schema order.
NODE_COLUMNS = _columns(("id", "type", "name", "description", "valid_from", "valid_to", "source", "generated", "assumed"),
                        NODE_MODELS.values())
#: Every column of ``edges.csv``, in order.
EDGE_COLUMNS = _columns(("id", "type", "from", "to", "description", "valid_from", "valid_to", "source", "generated", "assumed"),
                        EDGE_MODELS.values())
_REQUIRED = {"nodes.csv": ("id", "type"), "edges.csv": ("type", "from", "to")}


def parse_csv_rows(
    *,
    partnership: Iterable[Sequence[str]],
    nodes: Iterable[Sequence[str]],
    edges: Iterable[Sequence[str]],
    files: Sequence[str] = CSV_FILES,
) -> Parsed:
    """Read the rows of the three sheets into raw records with file, row and column.

    A short or long row is a ``row-length`` problem, a header without ``id``/``type``
    (nodes) or ``type``/``from``/``to`` (edges) a ``missing-column`` problem.

    >>> parsed = parse_csv_rows(partnership=[["field", "value"], ["id", "demo"], ["name", "Demo"]],
    ...                         nodes=[["id", "type", "name"], ["b", "Board"]], edges=[["type", "from", "to"]])
    >>> [(p.rule.value, p.location.file, p.location.row) for p in parsed.fatal]
    [('row-length', 'nodes.csv', 2)]
    """
    p_file, n_file, e_file = files
    parsed = Parsed(list(files))
    _partnership(parsed, p_file, list(partnership))
    _records(parsed, n_file, list(nodes), "nodes.csv", NODE_COLUMNS, parsed.nodes)
    _records(parsed, e_file, list(edges), "edges.csv", EDGE_COLUMNS, parsed.edges)
    return parsed


def _blank(row: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _partnership(parsed: Parsed, file: str, rows: list[Sequence[str]]) -> None:
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["field", "value"]:
        parsed.fatal.append(Problem(Rule.MISSING_COLUMN, "the header must be 'field,value'",
                                    Location(file=file, row=1), "field, value"))
        return
    shapes = field_shapes(PartnershipInfo)
    info: dict[str, Any] = {}
    fields: dict[str, int] = {}
    first_row: int | None = None
    for number, row in enumerate(rows[1:], start=2):
        if _blank(row):
            continue
        if len(row) != 2 and not (len(row) > 2 and _blank(row[2:])):
            parsed.fatal.append(Problem(Rule.ROW_LENGTH, f"the row has {len(row)} cells", Location(file=file, row=number),
                                        "2 cells: field, value"))
            continue
        name, value = row[0].strip(), row[1]
        first_row = first_row or number
        if not value.strip():
            continue
        if shapes.get(name) == TEXTS:
            items = info.setdefault(name, [])
            fields[f"{name}[{len(items)}]"] = number
            fields.setdefault(name, number)
            items.append(value)
        elif "." in name:  # a field of a nested block, one row each: coverage.services
            block, _, key = name.partition(".")
            nested = info.setdefault(block, {})
            if not isinstance(nested, dict) or key in nested:
                parsed.problems.append(Problem(Rule.DUPLICATE_KEY, f"'{name}' is given twice",
                                               Location(file=file, row=number, field=name), "each field once"))
                continue
            fields[name] = number
            fields.setdefault(block, number)
            nested[key] = value
        elif name in info:
            parsed.problems.append(Problem(Rule.DUPLICATE_KEY, f"'{name}' is given twice (first in row {fields[name]})",
                                           Location(file=file, row=number, field=name), "each field once"))
        else:
            fields[name] = number
            info[name] = value
    parsed.info = info
    parsed.info_location = Location(file=file, row=first_row or 1)
    parsed.positions[(file, first_row or 1)] = fields


def _records(parsed: Parsed, file: str, rows: list[Sequence[str]], sheet: str, columns: Sequence[str],
             out: list[Any]) -> None:
    if not rows:
        parsed.fatal.append(Problem(Rule.MISSING_COLUMN, "the sheet is empty: it needs a header row",
                                    Location(file=file, row=1), ", ".join(columns)))
        return
    header = [c.strip() for c in rows[0]]
    while header and not header[-1]:
        header.pop()
    missing = [c for c in _REQUIRED[sheet] if c not in header]
    for col in missing:
        parsed.fatal.append(Problem(Rule.MISSING_COLUMN, f"the header has no '{col}' column",
                                    Location(file=file, row=1, field=col), ", ".join(_REQUIRED[sheet]) + " at least"))
    seen: set[str] = set()
    for col in header:
        if col in seen:
            parsed.fatal.append(Problem(Rule.DUPLICATE_KEY, f"column '{col}' appears twice in the header",
                                        Location(file=file, row=1, field=col), "each column once"))
        seen.add(col)
        if col not in columns:
            near = close_matches(col, columns)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            parsed.problems.append(Problem(Rule.UNKNOWN_FIELD, f"'{col}' is not a column of {sheet}{hint}",
                                           Location(file=file, row=1, field=col), ", ".join(columns)))
    if missing:
        return
    model_of = node_model if sheet == "nodes.csv" else edge_model
    for number, row in enumerate(rows[1:], start=2):
        if _blank(row):
            continue
        if len(row) != len(header) and not (len(row) > len(header) and _blank(row[len(header):])):
            parsed.fatal.append(Problem(
                Rule.ROW_LENGTH, f"the row has {len(row)} cells but the header has {len(header)} columns",
                Location(file=file, row=number), f"{len(header)} cells, one per column: {', '.join(header)}"))
            continue
        cells = dict(zip(header, row, strict=False))
        shapes = field_shapes(model_of(cells.get("type", "").strip()))
        record: dict[str, Any] = {}
        for col, cell in cells.items():
            if col not in columns or not cell.strip():
                continue
            try:
                record[col] = _read_cell(cell, shapes.get(col, TEXT))
            except (ValueError, RecursionError) as err:
                why = f": {err.msg} (character {err.pos + 1})" if isinstance(err, json.JSONDecodeError) else ""
                parsed.problems.append(Problem(Rule.INVALID_VALUE, f"the cell is not valid JSON{why}",
                                               Location(file=file, row=number, field=col),
                                               "a JSON list of objects, e.g. [{\"date\":\"2013-06-30\",\"value\":1}]"))
        out.append((record, Location(file=file, row=number)))


def _read_cell(cell: str, shape: Shape) -> Any:
    if shape == TEXT:
        return cell
    if shape == TEXTS:
        if cell.lstrip().startswith("["):
            return json.loads(cell)
        return [item.strip() for item in cell.split(";") if item.strip()]
    if not isinstance(shape, str):
        return json.loads(cell)
    return cell.strip()


def _write_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        plain = all(v and v == v.strip() and ";" not in v for v in value) and not value[0].startswith("[")
        return "; ".join(value) if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def dump_csv_tables(p: Partnership) -> dict[str, list[list[str]]]:
    """The three sheets as rows of cells (every field written, so a spreadsheet shows every value).

    >>> demo = Partnership.from_records({"id": "demo", "name": "Demo", "sources": ["a", "b"]},
    ...     nodes=[{"id": "b", "type": "Board", "name": "B"}], edges=[])
    >>> dump_csv_tables(demo)["partnership.csv"]
    [['field', 'value'], ['id', 'demo'], ['name', 'Demo'], ['sources', 'a'], ['sources', 'b']]
    >>> dump_csv_tables(demo)["nodes.csv"][1][:4]
    ['b', 'Board', 'B', '']
    """
    info_rows = [["field", "value"]]
    for name, value in dump_info(p.info).items():
        if isinstance(value, list):
            info_rows += [[name, v] for v in value]
        elif isinstance(value, dict):  # a nested block (coverage): one row per field, named block.field
            info_rows += [[f"{name}.{key}", _write_cell(v)] for key, v in value.items()]
        else:
            info_rows.append([name, str(value)])
    tables = {"partnership.csv": info_rows}
    for sheet, columns, records in (("nodes.csv", NODE_COLUMNS, p.nodes()), ("edges.csv", EDGE_COLUMNS, p.edges())):
        rows = [list(columns)]
        for rec in records:
            data = dump_record(rec)
            rows.append([_write_cell(data[c]) if c in data else "" for c in columns])
        tables[sheet] = rows
    return tables


def read_csv(path: str | Path) -> Partnership:
    """Load a folder holding ``partnership.csv``, ``nodes.csv`` and ``edges.csv``.

    >>> import tempfile, pathlib
    >>> demo = Partnership.from_records({"id": "demo", "name": "Demo"},
    ...     nodes=[{"id": "b", "type": "Board", "name": "B", "public": True}], edges=[])
    >>> read_csv(write_csv(demo, pathlib.Path(tempfile.mkdtemp()) / "demo")) == demo
    True
    """
    folder = Path(path)
    tables: list[list[list[str]]] = []
    fatal: list[Problem] = []
    for name in CSV_FILES:
        rows, problems = _read_rows(folder / name)
        tables.append(rows)
        fatal += problems
    if fatal:
        return Parsed(list(CSV_FILES), fatal=fatal).build()
    return parse_csv_rows(partnership=tables[0], nodes=tables[1], edges=tables[2]).build()


def _read_rows(path: Path) -> tuple[list[list[str]], list[Problem]]:
    if not path.is_file():
        return [], [Problem(Rule.MALFORMED_FILE, f"the folder has no {path.name}", Location(file=path.name, row=1),
                            ", ".join(CSV_FILES))]
    text, problems = decode(path.read_bytes(), path.name)
    if text is None:
        return [], [Problem(p.rule, p.message, Location(file=path.name, row=p.location.line), p.allowed)
                    for p in problems]
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows.extend(reader)
    except csv.Error as err:
        return [], [Problem(Rule.MALFORMED_FILE, f"not valid CSV: {err}", Location(file=path.name, row=len(rows) + 1),
                            "comma-separated cells, quoted with \" when they hold a comma or a line break")]
    return rows, []


def write_csv(p: Partnership, path: str | Path) -> Path:
    """Write the partnership to a folder of three CSV files (the folder is replaced atomically).

    The files are UTF-8 with a byte-order mark so spreadsheet programs read accents
    and the pound sign correctly. See :func:`read_csv` for an example.
    """
    def fill(folder: Path) -> None:
        for name, rows in dump_csv_tables(p).items():
            with open(folder / name, "w", encoding="utf-8-sig", newline="") as fh:
                csv.writer(fh).writerows(rows)

    return atomic_write_dir(Path(path), fill, owned=lambda f: f.name in CSV_FILES)
