"""What every loader shares: parsed-but-unvalidated records, field shapes, atomic writes.

Each format's ``parse_*`` function turns text into a :class:`Parsed`: raw records,
each with its :class:`~graph_model.Location`, plus the problems the format itself
found (malformed text, duplicate keys, short rows). :meth:`Parsed.build` hands the
records to :func:`graph_model.build_partnership`, which does all the validation,
and reports every problem at once, pointing at the field's own line or row when
the parser knew it.

Problems come in two kinds:

* *fatal* problems mean the file could not be read into complete records (the
  YAML or JSON is malformed, a CSV row has the wrong number of cells, a section
  is unknown). Records are then not validated: the checks would complain about
  records the loader could not read.
* other problems (a key given twice, an unknown column) leave complete records,
  so the records are validated too and every problem is reported together.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from inspect import isclass
from pathlib import Path
from typing import Any, Literal, TypeAlias, Union, get_args, get_origin

from pydantic import BaseModel

from graph_model import (
    EDGE_MODELS,
    NODE_MODELS,
    EdgeBase,
    InvalidPartnership,
    InvalidTarget,
    Location,
    NodeBase,
    Partnership,
    PartnershipInfo,
    Problem,
    RawRecord,
    Rule,
    build_partnership,
)
from graph_model.models import record_field_infos

__all__ = [
    "ANY",
    "TEXT",
    "TEXTS",
    "Parsed",
    "Shape",
    "atomic_write_dir",
    "atomic_write_text",
    "dump_info",
    "edge_model",
    "field_shapes",
    "node_model",
    "decode",
]

#: How a loader should read a field's value: as text as written, as a list of texts,
#: as anything (numbers, dates, booleans: the model converts), or as a list of
#: records of a nested model (``Indicator.observations``).
Shape: TypeAlias = Literal["text", "texts", "any"] | type[BaseModel]
TEXT: Shape = "text"
TEXTS: Shape = "texts"
ANY: Shape = "any"

_NODE_BY_NAME: dict[str, type[NodeBase]] = {t.value: m for t, m in NODE_MODELS.items()}
_EDGE_BY_NAME: dict[str, type[EdgeBase]] = {t.value: m for t, m in EDGE_MODELS.items()}


def node_model(type_name: object) -> type[Any]:
    """The model for a node type name, or :class:`NodeBase` when the name is unknown.

    >>> node_model("Service").__name__, node_model("Servce").__name__
    ('Service', 'NodeBase')
    """
    return _NODE_BY_NAME.get(type_name, NodeBase) if isinstance(type_name, str) else NodeBase


def edge_model(type_name: object) -> type[Any]:
    """The model for an edge type name, or :class:`EdgeBase` when the name is unknown.

    >>> edge_model("FUNDS").__name__
    'Funds'
    """
    return _EDGE_BY_NAME.get(type_name, EdgeBase) if isinstance(type_name, str) else EdgeBase


def field_shapes(model: type[Any]) -> dict[str, Shape]:
    """Each field of ``model`` (by its name in files) with the shape its value is read as.

    Text fields (plain strings, enumerations, literals) are read as written, so a
    YAML id ``no`` or ``2013`` stays text instead of turning into a bool or a number.

    >>> shapes = field_shapes(node_model("Indicator"))
    >>> shapes["id"], shapes["valid_from"], shapes["baseline"], shapes["observations"].__name__
    ('text', 'any', 'any', 'Observation')
    >>> field_shapes(PartnershipInfo)["sources"]
    'texts'
    """
    found = _SHAPES.get(model)
    if found is None:
        found = _SHAPES[model] = {(f.alias or name): _shape(f.annotation) for name, f in record_field_infos(model).items()}
    return found


_SHAPES: dict[type[Any], dict[str, Shape]] = {}


def _shape(annotation: Any) -> Shape:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            return ANY
        annotation, origin = args[0], get_origin(args[0])
    if isclass(annotation) and issubclass(annotation, str):
        return TEXT
    if origin is Literal and all(isinstance(a, str) for a in get_args(annotation)):
        return TEXT
    if origin is list:
        (item,) = get_args(annotation)
        if item is str:
            return TEXTS
        if isclass(item) and issubclass(item, BaseModel):
            return item
    return ANY


def dump_info(info: PartnershipInfo) -> dict[str, Any]:
    """The partnership block as plain data, empty fields left out.

    >>> dump_info(PartnershipInfo(id="demo", name="Demo"))
    {'id': 'demo', 'name': 'Demo'}
    """
    data = info.model_dump(mode="json", exclude_none=True)
    return {k: v for k, v in data.items() if v != [] and v != "" and v != {}}


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Text from UTF-8 bytes (a leading byte-order mark is dropped), or a problem naming the line.

    >>> decode(b"a\\n\\xff", "x.yaml")[1][0].location.line
    2
    """
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [Problem(Rule.MALFORMED_FILE, f"not UTF-8 text (byte {data[err.start]:#04x})",
                              Location(file=file, line=line), "UTF-8 text")]


#: Where each field of a record sits: (file, record line or row) -> {field path: line or row}.
Positions = dict[tuple[str | None, int | None], dict[str, int]]


@dataclass
class Parsed:
    """Raw records read from one or more files, not yet validated.

    ``files`` lists the files read, in order; problems are reported in that order.
    """

    files: list[str] = field(default_factory=list)
    info: Mapping[str, Any] | None = None
    info_location: Location | None = None
    nodes: list[RawRecord] = field(default_factory=list)
    edges: list[RawRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fatal: list[Problem] = field(default_factory=list)
    positions: Positions = field(default_factory=dict)

    @classmethod
    def merge(cls, parts: Iterable[Parsed]) -> Parsed:
        """One :class:`Parsed` from several files; the ``partnership`` block may appear in only one."""
        out = cls()
        for part in parts:
            out.files += part.files
            if part.info is not None:
                if out.info is None:
                    out.info, out.info_location = part.info, part.info_location
                else:
                    out.problems.append(Problem(
                        Rule.DUPLICATE_KEY, f"a second 'partnership' block (the first is at {out.info_location})",
                        part.info_location or Location(file=part.files[0] if part.files else None),
                        "one 'partnership' block in one file of the folder"))
            out.nodes += part.nodes
            out.edges += part.edges
            out.problems += part.problems
            out.fatal += part.fatal
            out.positions.update(part.positions)
        return out

    def build(self) -> Partnership:
        """Validate every record and return the partnership, or raise :class:`InvalidPartnership`.

        >>> parsed = Parsed(["x"], {"id": "demo", "name": "Demo"}, Location("x", line=1),
        ...                 nodes=[({"id": "b", "type": "Board", "name": "B"}, Location("x", line=3))])
        >>> parsed.build().counts()
        {'Board': 1}
        """
        problems = list(self.problems) + list(self.fatal)
        if self.fatal:
            raise InvalidPartnership(self._ordered(problems))
        info = self.info
        if info is None:
            first = self.files[0] if self.files else None
            problems.append(Problem(Rule.MISSING_FIELD, "no 'partnership' block (id, name, ...) was found",
                                    Location(file=first, line=1), "one 'partnership' block, by convention "
                                    "in partnership.yaml or partnership.csv"))
            info = {"id": "missing", "name": "missing"}
        try:
            built = build_partnership(info, self.nodes, self.edges, info_location=self.info_location)
        except InvalidPartnership as err:
            problems += [self._refine(p) for p in err.problems]
        else:
            if not problems:
                return built
        raise InvalidPartnership(self._ordered(problems))

    def _refine(self, problem: Problem) -> Problem:
        """Point a problem (and the problem it follows from) at its field's own line or row when the parser recorded it."""
        if problem.caused_by is not None:
            problem = replace(problem, caused_by=self._refine(problem.caused_by))
        loc = problem.location
        by_line = loc.line is not None
        fields = self.positions.get((loc.file, loc.line if by_line else loc.row))
        if not fields or not loc.field:
            return problem
        path = loc.field
        while path:
            if path in fields:
                at = replace(loc, line=fields[path]) if by_line else replace(loc, row=fields[path])
                return replace(problem, location=at)
            path = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", path) if re.search(r"[.\[]", path) else ""
        return problem

    def _ordered(self, problems: list[Problem]) -> list[Problem]:
        order = {f: i for i, f in enumerate(self.files)}

        def key(p: Problem) -> tuple[int, int]:
            loc = p.location
            pos = loc.line if loc.line is not None else loc.row
            return order.get(loc.file or "", len(order)), pos or 0

        return sorted(problems, key=key)


# -- atomic writes ----------------------------------------------------------------------


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` through a temporary file and a rename: never half a file.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write_text(target, "hello").read_text()
    'hello'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_dir(path: Path, fill: Callable[[Path], None], *, owned: Callable[[Path], bool]) -> Path:
    """Fill a fresh temporary folder with ``fill`` and swap it in for ``path``.

    An existing ``path`` is replaced only when every entry in it satisfies
    ``owned`` (files this format writes); otherwise :class:`InvalidTarget` is
    raised and nothing changes. If ``fill`` fails the old folder stays as it was.
    """
    if path.exists():
        if not path.is_dir():
            raise InvalidTarget(f"'{path}' exists and is not a folder; name a new or empty folder")
        strangers = sorted(p.name for p in path.iterdir() if not owned(p))
        if strangers:
            raise InvalidTarget(f"'{path}' holds files this format does not write ({', '.join(strangers[:5])}); "
                                  "write to an empty or new folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.tmp-"))
    try:
        fill(tmp)
        os.chmod(tmp, 0o755)
        if path.exists():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.old-"))
            os.replace(path, old / "x")
            try:
                os.replace(tmp, path)
            except BaseException:
                os.replace(old / "x", path)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path
