"""YAML: the hand-editable format, one file or a folder of files.

A partnership file is a mapping with up to three sections::

    partnership: {id: york, name: ...}     # in exactly one file of a folder
    nodes:  [ {id: ..., type: ..., name: ...}, ... ]
    edges:  [ {type: ..., from: ..., to: ...}, ... ]

A folder is read as the ``*.yaml`` / ``*.yml`` files directly inside it, merged in
sorted file-name order. Every record keeps its file (relative to the folder) and
line, and every field its own line, so a problem points at the exact line to fix.

YAML 1.1 reads ``no``, ``on`` or ``2013`` as a bool or a number. This loader reads
any value of a *text* field (ids, names, types, enumerations, descriptions) as the
text written, so ``id: no`` is the id ``"no"`` and ``period: 2013`` the text
``"2013"``; numbers, dates and booleans are converted only where the field wants
one. A key given twice in one mapping is a ``duplicate-key`` problem (PyYAML
itself silently keeps the last value).

Examples
--------
>>> parsed = parse_yaml_text('''
... partnership: {id: demo, name: Demo}
... nodes:
...   - id: no
...     type: Board
...     name: The "no" board
... ''', file="demo.yaml")
>>> parsed.nodes[0]
({'id': 'no', 'type': 'Board', 'name': 'The "no" board'}, Location(file='demo.yaml', line=4, row=None, field=None, record=None))
>>> parsed.build().node("no").name
'The "no" board'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from graph_model import (
    EDGE_RULES,
    NODE_TYPES,
    EdgeBase,
    Location,
    NodeBase,
    Partnership,
    PartnershipInfo,
    Problem,
    Rule,
    dump_record,
)
from graph_model.errors import close_matches

from ._common import (
    ANY,
    TEXT,
    TEXTS,
    Parsed,
    Shape,
    atomic_write_dir,
    atomic_write_text,
    decode,
    dump_info,
    edge_model,
    field_shapes,
    node_model,
)

__all__ = [
    "YAML_SUFFIXES",
    "dump_yaml_text",
    "parse_yaml_text",
    "read_yaml",
    "write_yaml",
    "write_yaml_dir",
    "yaml_files",
]

YAML_SUFFIXES = (".yaml", ".yml")
SECTIONS = ("partnership", "nodes", "edges")
_NULL_TAG = "tag:yaml.org,2002:null"
#: libyaml's parser when PyYAML was built with it (about fifteen times faster), else the pure-Python one.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml_text(text: str, *, file: str = "<text>") -> Parsed:
    """Read one YAML document into raw records with their file and line (nothing validated yet).

    Malformed YAML gives one ``malformed-file`` problem at the line PyYAML stopped on (the last
    line, when it stopped at the end of the file).

    >>> parsed = parse_yaml_text("nodes:\\n  - id: a\\n    type: [Board\\n", file="bad.yaml")
    >>> [(p.rule.value, p.location.line) for p in parsed.fatal]
    [('malformed-file', 3)]
    """
    return _YamlReader(file).read(text)


def read_yaml(path: str | Path) -> Partnership:
    """Load a YAML file, or a folder of YAML files, into a validated partnership.

    Raises :class:`~graph_model.InvalidPartnership` listing every problem.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "demo.yaml"
    >>> _ = f.write_text("partnership: {id: demo, name: Demo}\\nnodes: []\\n")
    >>> read_yaml(f).info.id
    'demo'
    """
    path = Path(path)
    if path.is_dir():
        files = yaml_files(path)
        if not files:
            problem = Problem(Rule.MALFORMED_FILE, "the folder holds no .yaml or .yml files",
                              Location(file=path.name, line=1), "a folder of .yaml files")
            return Parsed([path.name], fatal=[problem]).build()
        return Parsed.merge(_parse_file(f, f.relative_to(path).as_posix()) for f in files).build()
    return _parse_file(path, path.name).build()


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files a folder load reads: ``*.yaml`` / ``*.yml`` directly inside, sorted, hidden ones skipped."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in YAML_SUFFIXES and not p.name.startswith("."))


def _parse_file(path: Path, label: str) -> Parsed:
    text, problems = decode(path.read_bytes(), label)
    if text is None:
        return Parsed([label], fatal=problems)
    return parse_yaml_text(text, file=label)


class _YamlReader:
    """Builds plain values from PyYAML's node tree, keeping every line number."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.parsed = Parsed([file])
        self._constructor = yaml.SafeLoader("")
        self._stack: set[int] = set()

    def at(self, node: Node, field: str | None = None) -> Location:
        return Location(file=self.file, line=node.start_mark.line + 1, field=field)

    def fatal(self, rule: Rule, message: str, where: Location, allowed: str | None = None) -> None:
        self.parsed.fatal.append(Problem(rule, message, where, allowed))

    def read(self, text: str) -> Parsed:
        try:
            root = yaml.compose(text, Loader=_LOADER)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            # At the end of a file with no final newline the parser points one line past the last.
            line = min(mark.line + 1, max(1, len(text.splitlines()))) if mark else 1
            what = str(err.problem or err.context)
            if err.context and err.problem:
                started = f" on line {err.context_mark.line + 1}" if err.context_mark else ""
                what += f" ({err.context}{started})"
            self.fatal(Rule.MALFORMED_FILE, f"not valid YAML: {what}", Location(file=self.file, line=line),
                       "YAML mappings and lists, indented with spaces")
            return self.parsed
        except yaml.reader.ReaderError as err:
            # libyaml counts the position in UTF-8 bytes, PyYAML in characters
            if _LOADER is yaml.SafeLoader:
                line = text[: err.position].count("\n") + 1
            else:
                line = text.encode()[: err.position].count(b"\n") + 1
            self.fatal(Rule.MALFORMED_FILE, f"not valid YAML: character {err.character:#x} is not allowed",
                       Location(file=self.file, line=line), "printable text")
            return self.parsed
        except yaml.YAMLError as err:  # pragma: no cover - every PyYAML error above carries a mark
            self.fatal(Rule.MALFORMED_FILE, f"not valid YAML: {err}", Location(file=self.file, line=1))
            return self.parsed
        if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL_TAG):
            return self.parsed  # an empty file
        try:
            self._sections(root)
        except _Recursive as err:
            self.fatal(Rule.MALFORMED_FILE, "a YAML alias refers to the mapping or list that contains it",
                       self.at(err.node), "aliases to values defined elsewhere")
        return self.parsed

    def _sections(self, root: Node) -> None:
        if not isinstance(root, MappingNode):
            self.fatal(Rule.MALFORMED_FILE, "a partnership file must be a mapping of sections, "
                       "not a single value or a list", self.at(root), ", ".join(SECTIONS))
            return
        seen: dict[str, int] = {}
        for key_node, value in root.value:
            key = self._key(key_node)
            if key is None:
                continue
            if key in seen:
                self.fatal(Rule.DUPLICATE_KEY, f"section '{key}' appears twice in this file (first on line "
                           f"{seen[key]})", self.at(key_node, key), "each section once per file")
                continue
            seen[key] = key_node.start_mark.line + 1
            if key == "partnership":
                self._partnership(key_node, value)
            elif key in ("nodes", "edges"):
                self._records(key, value)
            else:
                near = close_matches(key, SECTIONS)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                self.fatal(Rule.UNKNOWN_FIELD, f"'{key}' is not a section of a partnership file{hint}",
                           self.at(key_node, key), ", ".join(SECTIONS))

    def _partnership(self, key_node: Node, value: Node) -> None:
        if not isinstance(value, MappingNode):
            self.fatal(Rule.MALFORMED_FILE, "'partnership' must be a mapping of fields (id, name, ...)",
                       self.at(value, "partnership"))
            return
        where = self.at(key_node)
        fields: dict[str, int] = {}
        self.parsed.info = self._mapping(value, PartnershipInfo, "", fields)
        self.parsed.info_location = where
        self.parsed.positions[(self.file, where.line)] = fields

    def _records(self, section: str, value: Node) -> None:
        if isinstance(value, ScalarNode) and value.tag == _NULL_TAG:
            return  # "nodes:" with nothing under it
        kind = section[:-1]
        if not isinstance(value, SequenceNode):
            self.fatal(Rule.MALFORMED_FILE, f"'{section}' must be a list of {kind} records (each line starting '- ')",
                       self.at(value, section))
            return
        out = self.parsed.nodes if section == "nodes" else self.parsed.edges
        for item in value.value:
            if not isinstance(item, MappingNode):
                self.fatal(Rule.MALFORMED_FILE, f"each of '{section}' must be a mapping of fields, "
                           f"not {'a list' if isinstance(item, SequenceNode) else repr(item.value)}", self.at(item))
                continue
            type_name = next((v.value for k, v in item.value
                              if isinstance(k, ScalarNode) and k.value == "type" and isinstance(v, ScalarNode)), None)
            model = node_model(type_name) if section == "nodes" else edge_model(type_name)
            where = self.at(item)
            fields: dict[str, int] = {}
            record = self._mapping(item, model, "", fields)
            self.parsed.positions[(self.file, where.line)] = fields
            out.append((record, where))

    def _key(self, node: Node) -> str | None:
        if isinstance(node, ScalarNode):
            return str(node.value)
        self.fatal(Rule.MALFORMED_FILE, "a key must be a plain name, not a list or mapping", self.at(node))
        return None

    def _mapping(self, node: MappingNode, model: Any, prefix: str, fields: dict[str, int]) -> dict[str, Any]:
        shapes = field_shapes(model) if model is not None else {}
        data: dict[str, Any] = {}
        with self._guard(node):
            for key_node, value in node.value:
                key = self._key(key_node)
                if key is None:
                    continue
                path = f"{prefix}.{key}" if prefix else key
                if key in data:
                    self.parsed.problems.append(Problem(
                        Rule.DUPLICATE_KEY, f"'{key}' is given twice in one record (first on line {fields[path]}); "
                        "YAML would silently keep the last", self.at(key_node, path), "each field once per record"))
                fields[path] = key_node.start_mark.line + 1
                data[key] = self._value(value, shapes.get(key, ANY), path, fields)
        return data

    def _value(self, node: Node, shape: Shape, path: str, fields: dict[str, int]) -> Any:
        if isinstance(node, ScalarNode):
            if shape in (TEXT, TEXTS):
                if node.tag not in yaml.SafeLoader.yaml_constructors:
                    self.fatal(Rule.MALFORMED_FILE, f"the YAML tag {node.tag!r} is not supported",
                               self.at(node, path), "plain YAML values without tags")
                    return None
                return None if node.tag == _NULL_TAG and node.style is None else str(node.value)
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            item_shape: Shape = TEXT if shape == TEXTS else (shape if not isinstance(shape, str) else ANY)
            items = []
            with self._guard(node):
                for i, item in enumerate(node.value):
                    fields[f"{path}[{i}]"] = item.start_mark.line + 1
                    items.append(self._value(item, item_shape, f"{path}[{i}]", fields))
            return items
        assert isinstance(node, MappingNode)
        return self._mapping(node, shape if not isinstance(shape, str) else None, path, fields)

    def _scalar(self, node: ScalarNode, path: str) -> Any:
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as err:
            self.fatal(Rule.MALFORMED_FILE, f"cannot read the value: {err.problem}", self.at(node, path))
            return None
        except (ValueError, OverflowError, TypeError):
            return str(node.value)  # e.g. 2013-13-45 looks like a date but is not one: the model says so

    def _guard(self, node: Node) -> _Guard:
        return _Guard(self, node)


class _Guard:
    """Stops a recursive YAML alias (``&a [*a]``) from recursing for ever."""

    def __init__(self, reader: _YamlReader, node: Node) -> None:
        self.reader, self.node = reader, node

    def __enter__(self) -> None:
        if id(self.node) in self.reader._stack:
            raise _Recursive(self.node)
        self.reader._stack.add(id(self.node))

    def __exit__(self, *exc: object) -> None:
        self.reader._stack.discard(id(self.node))


class _Recursive(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


# -- writing ------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line text as ``|`` blocks, lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_ODD_BREAKS = frozenset("\x85\u2028\u2029")  # YAML line breaks that PyYAML mangles outside double quotes


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _ODD_BREAKS.intersection(value):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else (">" if len(value) > 80 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _dump(data: Any) -> str:
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                         default_flow_style=False))


def _indent(text: str) -> str:
    return "".join(f"  {line}" if line.strip() else line for line in text.splitlines(keepends=True))


def dump_yaml_text(p: Partnership) -> str:
    """The partnership as readable YAML: one block per record, defaults left out.

    >>> from graph_model import Partnership
    >>> demo = Partnership.from_records({"id": "demo", "name": "Demo"},
    ...     nodes=[{"id": "b", "type": "Board", "name": "B"}], edges=[])
    >>> print(dump_yaml_text(demo))
    partnership:
      id: demo
      name: Demo
    <BLANKLINE>
    nodes:
      - id: b
        type: Board
        name: B
    <BLANKLINE>
    """
    return _yaml_text(p.info, p.nodes(), p.edges())


def _yaml_text(info: PartnershipInfo | None, nodes: Sequence[NodeBase], edges: Sequence[EdgeBase]) -> str:
    parts: list[str] = []
    if info is not None:
        parts.append("partnership:\n" + _indent(_dump(dump_info(info))))
    for section, records in (("nodes", nodes), ("edges", edges)):
        if records:
            blocks = [_indent(_dump([dump_record(r, drop_defaults=True)])) for r in records]
            parts.append(f"{section}:\n" + "\n".join(blocks))
    return "\n".join(parts)


def write_yaml(p: Partnership, path: str | Path) -> Path:
    """Write the partnership to one YAML file (atomically).

    >>> import tempfile, pathlib
    >>> demo = Partnership.from_records({"id": "demo", "name": "Demo"}, nodes=[], edges=[])
    >>> out = write_yaml(demo, pathlib.Path(tempfile.mkdtemp()) / "demo.yaml")
    >>> read_yaml(out) == demo
    True
    """
    return atomic_write_text(Path(path), dump_yaml_text(p))


def write_yaml_dir(p: Partnership, path: str | Path) -> Path:
    """Write the partnership to a folder: ``partnership.yaml``, ``nodes-<group>.yaml``, ``edges-<family>.yaml``.

    Node files follow the node groups of the schema (governance, organisation, ...)
    and edge files the edge families. The folder is replaced atomically; an
    existing folder holding anything but YAML files is left alone
    (:class:`~graph_model.InvalidTarget`).

    >>> import tempfile, pathlib
    >>> demo = Partnership.from_records({"id": "demo", "name": "Demo"},
    ...     nodes=[{"id": "b", "type": "Board", "name": "B"}], edges=[])
    >>> out = write_yaml_dir(demo, pathlib.Path(tempfile.mkdtemp()) / "demo")
    >>> sorted(f.name for f in out.iterdir())
    ['nodes-governance.yaml', 'partnership.yaml']
    """

    def fill(folder: Path) -> None:
        (folder / "partnership.yaml").write_text(_yaml_text(p.info, [], []), encoding="utf-8")
        # records of one type keep their input order, so writing what was read gives the same files
        for group in dict.fromkeys(info.group for info in NODE_TYPES.values()):
            nodes = p.nodes(*(t for t, info in NODE_TYPES.items() if info.group == group))
            if nodes:
                (folder / f"nodes-{group}.yaml").write_text(_yaml_text(None, nodes, []), encoding="utf-8")
        for family in dict.fromkeys(rule.family for rule in EDGE_RULES.values()):
            edges = p.edges(*(t for t, rule in EDGE_RULES.items() if rule.family == family))
            if edges:
                (folder / f"edges-{family}.yaml").write_text(_yaml_text(None, [], edges), encoding="utf-8")

    return atomic_write_dir(Path(path), fill, owned=lambda f: f.is_file() and f.suffix.lower() in YAML_SUFFIXES)

