"""JSON: the lossless machine format.

::

    {"format": "planning-bookcase", "version": 1,
    "partnership": {...},
    "nodes": [
    {"id": ..., "type": ..., "name": ..., every field written},
    ...
    ],
    "edges": [
    ...
    ]}

The writer puts each record on a line of its own, so the reader can name the
line of a record in a file laid out that way; for any other layout a problem
names the record by its index (``nodes[3]``). orjson is used when installed.

Examples
--------
>>> parsed = parse_json_text('{"format": "planning-bookcase", "version": 1, '
...     '"partnership": {"id": "demo", "name": "Demo"}, "nodes": [], "edges": []}')
>>> parsed.build().info.name
'Demo'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph_model import Location, Partnership, PartnershipInfo, Problem, Rule, dump_record
from graph_model.models import EDGE_ADAPTER, NODE_ADAPTER
from graph_model.partnership import build_validated, node_compactor

from ._common import Parsed, atomic_write_text, decode, dump_info

try:  # pragma: no cover - which branch runs depends on the machine
    import orjson

    def _loads(text: str) -> Any:
        return orjson.loads(text)

    def _dumps(data: Any) -> str:
        text: str = orjson.dumps(data).decode()
        return text

except ImportError:  # pragma: no cover
    def _loads(text: str) -> Any:
        return json.loads(text)

    def _dumps(data: Any) -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "dump_json_text", "parse_json_text", "read_json", "write_json"]

FORMAT_NAME = "planning-bookcase"
FORMAT_VERSION = 1
_KEYS = ("format", "version", "partnership", "nodes", "edges")


def parse_json_text(text: str, *, file: str = "<text>") -> Parsed:
    """Read a JSON document into raw records with their file and line or index (nothing validated yet).

    >>> bad = parse_json_text('{"format": "planning-bookcase",\\n "version": 1,,}', file="x.json")
    >>> [(p.rule.value, p.location.line) for p in bad.fatal]
    [('malformed-file', 2)]
    """
    parsed = Parsed([file])

    def fatal(message: str, line: int | None = 1, allowed: str | None = None, record: str | None = None) -> Parsed:
        parsed.fatal.append(Problem(Rule.MALFORMED_FILE, message, Location(file=file, line=line, record=record),
                                    allowed))
        return parsed

    try:
        doc = _loads(text)
    except json.JSONDecodeError as err:
        return fatal(f"not valid JSON: {err.msg} (column {err.colno})", err.lineno)
    if not isinstance(doc, dict):
        return fatal("a partnership JSON file must be an object", allowed=", ".join(_KEYS))
    if doc.get("format") != FORMAT_NAME:
        found = f"'format' is {_json_value(doc['format'])}" if "format" in doc else "there is no 'format' key"
        return fatal(f"{found}, so this is not a planning-bookcase file", allowed=f'"format": "{FORMAT_NAME}"')
    if doc.get("version") != FORMAT_VERSION:
        found = f"'version' {_json_value(doc['version'])} is" if "version" in doc else "a file with no 'version' is"
        return fatal(f"{found} not one this loader reads", allowed=f'"version": {FORMAT_VERSION}')
    unknown = [k for k in doc if k not in _KEYS]
    if unknown:
        return fatal(f"unknown top-level keys: {', '.join(unknown)}", allowed=", ".join(_KEYS))
    lines = text.splitlines()
    info = doc.get("partnership")
    if info is not None:
        if not isinstance(info, dict):
            return fatal("'partnership' must be an object", _line_of(lines, '"partnership":'))
        parsed.info = info
        parsed.info_location = Location(file=file, line=_line_of(lines, '"partnership":'))
    for section in ("nodes", "edges"):
        records = doc.get(section, [])
        if not isinstance(records, list):
            return fatal(f"'{section}' must be a list of objects")
        at = _record_lines(lines, section, len(records))
        out = parsed.nodes if section == "nodes" else parsed.edges
        for i, rec in enumerate(records):
            where = Location(file=file, line=at(i), record=None if at(i) else f"{section}[{i}]")
            if not isinstance(rec, dict):
                return fatal(f"{section}[{i}] must be an object, not {type(rec).__name__}", where.line,
                             record=where.record)
            out.append((rec, where))
    return parsed


def _json_value(value: Any) -> str:
    """A value as JSON writes it (``null``, ``"text"``, ``[1]``), cut short when long."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


def _line_of(lines: list[str], start: str) -> int | None:
    return next((i + 1 for i, line in enumerate(lines) if line.lstrip().startswith(start)), None)


def _record_lines(lines: list[str], section: str, count: int) -> Callable[[int], int | None]:
    """Record index -> line, when the file has the writer's one-record-per-line layout."""
    head = next((i for i, line in enumerate(lines) if line.strip() == f'"{section}": ['), None)
    if head is not None:
        body = lines[head + 1: head + 1 + count]
        closing = lines[head + 1 + count] if head + 1 + count < len(lines) else ""
        if len(body) == count and all(b.lstrip().startswith("{") for b in body) and closing.lstrip().startswith("]"):
            return lambda i: head + 2 + i
    return lambda i: None


_validate_node_json = NODE_ADAPTER.validator.validate_json
_validate_edge_json = EDGE_ADAPTER.validator.validate_json


def _read_fast(path: Path) -> Partnership | None:
    """The partnership when ``data`` is a valid file in the writer's layout, else None.

    The writer puts each record on its own line, so each line goes straight from
    bytes into its record model (pydantic's JSON parser, no intermediate dicts), and
    the rules between records are checked in bulk (:func:`build_validated`). Anything
    unexpected - another layout, a record that does not validate, an edge an id or
    rule does not allow - returns None and the caller reads the file again the slow
    way, which places every problem.
    """
    file = path.name
    with path.open("rb") as f:  # read line by line: the whole file is never in memory beside its records
        lines = iter(f)
        if not next(lines, b"").startswith(b'{"format": "planning-bookcase", "version": 1,'):
            return None
        head = next(lines, b"")
        if not head.startswith(b'"partnership": ') or next(lines, b"").rstrip(b"\r\n") != b'"nodes": [':
            return None
        try:
            info = PartnershipInfo.model_validate_json(head[len(b'"partnership": '):].rstrip(b",\r\n"))
            compact = node_compactor()
            nodes = _records(lines, lambda line: compact(_validate_node_json(line)))
            if nodes is None or next(lines, b"").rstrip(b"\r\n") != b'"edges": [':
                return None
            edges = _records(lines, _validate_edge_json)
        except ValidationError:
            return None
        if edges is None or f.read().strip():
            return None
    return build_validated(info, nodes[0], edges[0], where=Location(file=file)) \
        if nodes[1] == b"]," and edges[1] == b"]}" else None


def _records(lines: Iterator[bytes], validate: Callable[[bytes], Any]) -> tuple[list[Any], bytes] | None:
    """Records validated line by line up to the line closing their list, and that line (None at the file's end)."""
    made: list[Any] = []
    for line in lines:
        if line.startswith(b"]"):
            return made, line.rstrip(b"\r\n")
        made.append(validate(line.rstrip(b",\r\n")))
    return None


def read_json(path: str | Path) -> Partnership:
    """Load a planning-bookcase JSON file into a validated partnership.

    >>> import tempfile, pathlib
    >>> demo = Partnership.from_records({"id": "demo", "name": "Demo"}, nodes=[], edges=[])
    >>> read_json(write_json(demo, pathlib.Path(tempfile.mkdtemp()) / "demo.json")) == demo
    True
    """
    path = Path(path)
    fast = _read_fast(path)
    if fast is not None:
        return fast
    text, problems = decode(path.read_bytes(), path.name)
    if text is None:
        return Parsed([path.name], fatal=problems).build()
    return parse_json_text(text, file=path.name).build()


def dump_json_text(p: Partnership) -> str:
    """The partnership as JSON, every field of every record written, one record per line.

    >>> demo = Partnership.from_records({"id": "demo", "name": "Demo"},
    ...     nodes=[{"id": "b", "type": "Board", "name": "B"}], edges=[])
    >>> print(dump_json_text(demo), end="")
    {"format": "planning-bookcase", "version": 1,
    "partnership": {"id":"demo","name":"Demo"},
    "nodes": [
    {"id":"b","type":"Board","name":"B","generated":false}
    ],
    "edges": [
    ]}
    """
    out = [f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION},',
           f'"partnership": {_dumps(dump_info(p.info))},']
    for section, records, end in (("nodes", p.nodes(), "],"), ("edges", p.edges(), "]}")):
        out.append(f'"{section}": [')
        rows = [_dumps(dump_record(r)) for r in records]
        out += [row + ("," if i < len(rows) - 1 else "") for i, row in enumerate(rows)]
        out.append(end)
    return "\n".join(out) + "\n"


def write_json(p: Partnership, path: str | Path) -> Path:
    """Write the partnership to a JSON file (atomically); see :func:`read_json` for an example."""
    return atomic_write_text(Path(path), dump_json_text(p))
