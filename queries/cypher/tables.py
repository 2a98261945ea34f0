"""The graph's tables in the embedded engine, derived from the schema: one node table per node type,
one relationship table per edge type with every FROM/TO pair its rule allows.

Columns come from the record models' typed fields (:mod:`graph_model.models`): text and
enumerations as ``STRING``, whole numbers as ``INT64``, amounts and measures as ``DOUBLE``,
flags as ``BOOLEAN``, **dates as ``DATE``**, lists of text as ``STRING[]``. A node's type is
its table (its label), so the ``type`` field is no column; an edge's ends are the
relationship's own ends, so ``from`` and ``to`` are no columns either. Every node table's
primary key is ``id``; the project's rule that ids are unique across the whole graph holds
before loading (the engine checks uniqueness per table only).

**The one mapping for values a column cannot hold directly.** An indicator's observations (a
list of objects: value, date, period label, note) become child nodes, the same in the
embedded engine and in Neo4j (whose properties cannot hold a list of maps)::

    (:Indicator)-[:HAS_OBSERVATION]->(:Observation {id, position, value, date, period, note})

An observation's ``id`` is its indicator's id, ``#`` and its position in the indicator's list
(1-based: ``ind-16-17-participation#2``); ``#`` never appears in a record's id, so these ids
cannot collide with the partnership's own. ``Observation`` and ``HAS_OBSERVATION`` are the
only tables that are not a schema type (:data:`DERIVED_NODE_TABLES`, :data:`DERIVED_REL_TABLES`).

Examples
--------
>>> node_columns(NodeType.INDICATOR)["baseline"], node_columns(NodeType.SERVICE)["start_date"]
('DOUBLE', 'DATE')
>>> "observations" in node_columns(NodeType.INDICATOR)
False
>>> rel_pairs(EdgeType.CHAIRS)
[('Post', 'Board'), ('Post', 'SubGroup')]
>>> ddl()[0].startswith('CREATE NODE TABLE `Partner` (`id` STRING PRIMARY KEY, `name` STRING, `valid_from` DATE')
True
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

from graph_model import EDGE_MODELS, EDGE_RULES, NODE_MODELS, EdgeType, NodeType
from graph_model.models import Observation, record_field_infos

__all__ = [
    "DERIVED_NODE_TABLES",
    "DERIVED_REL_TABLES",
    "OBSERVATION",
    "OBSERVATION_COLUMNS",
    "OBSERVED",
    "SKIPPED_FIELDS",
    "column_type",
    "ddl",
    "node_columns",
    "rel_columns",
    "rel_pairs",
    "schema_markdown",
    "schema_text",
]

#: The child-node table that holds an indicator's observations, and the relationship to it.
OBSERVATION = "Observation"
OBSERVED = "HAS_OBSERVATION"
#: The observation table's columns: its id, its position in the indicator's list (1-based), then
#: the fields of :class:`graph_model.models.Observation`.
OBSERVATION_COLUMNS: dict[str, str] = {"id": "STRING", "position": "INT64"}

#: Tables that are not a schema type: the documented mapping of observations (see the module notes).
DERIVED_NODE_TABLES = (OBSERVATION,)
DERIVED_REL_TABLES = (OBSERVED,)

#: Fields that are no column: the type is the table; an edge's ends are the relationship's own;
#: observations are child nodes.
SKIPPED_FIELDS = frozenset({"type", "from_", "to", "observations"})


def _unwrap(annotation: Any) -> Any:
    """``X | None`` and ``Annotated[X, ...]`` read as ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"no column type for {annotation!r}")
            annotation = args[0]
        else:
            return annotation


def column_type(annotation: Any) -> str:
    """The engine's column type for a model field's annotation.

    >>> column_type(dt.date | None), column_type(list[str]), column_type(typing.Literal["GBP"])
    ('DATE', 'STRING[]', 'STRING')
    """
    ann = _unwrap(annotation)
    if typing.get_origin(ann) is typing.Literal:
        kinds = {type(a) for a in typing.get_args(ann)}
        if all(issubclass(k, str) for k in kinds):
            return "STRING"
        raise TypeError(f"no column type for {annotation!r}")
    if typing.get_origin(ann) is list:
        return column_type(typing.get_args(ann)[0]) + "[]"
    if ann is bool:
        return "BOOLEAN"
    if ann is int:
        return "INT64"
    if ann is float:
        return "DOUBLE"
    if ann is dt.date:
        return "DATE"
    if ann is str or (isinstance(ann, type) and issubclass(ann, enum.Enum)):
        return "STRING"
    raise TypeError(f"no column type for {annotation!r}")


def _columns(model: type[Any]) -> dict[str, str]:
    """A model's columns: ``id`` and ``name`` first (where it has them), then its fields in order."""
    columns = {name: column_type(info.annotation) for name, info in record_field_infos(model).items()
               if name not in SKIPPED_FIELDS}
    head = [name for name in ("id", "name") if name in columns]
    return {**{name: columns[name] for name in head}, **columns}


def node_columns(node_type: NodeType | str) -> dict[str, str]:
    """A node table's columns and their types, ``id`` first (the primary key)."""
    if node_type == OBSERVATION:
        return {**OBSERVATION_COLUMNS, **_columns(Observation)}
    return _columns(NODE_MODELS[NodeType(node_type)])


def rel_columns(edge_type: EdgeType | str) -> dict[str, str]:
    """A relationship table's columns and their types (its ends are not columns)."""
    if edge_type == OBSERVED:
        return {}
    return _columns(EDGE_MODELS[EdgeType(edge_type)])


def rel_pairs(edge_type: EdgeType | str) -> list[tuple[str, str]]:
    """Every (FROM, TO) pair of node tables a relationship table joins, in schema order."""
    if edge_type == OBSERVED:
        return [(NodeType.INDICATOR.value, OBSERVATION)]
    return [(s.value, t.value) for s, t in EDGE_RULES[EdgeType(edge_type)].pairs()]


def _quoted(name: str) -> str:
    return f"`{name}`"


def _column_list(columns: dict[str, str], *, key: str | None = None) -> list[str]:
    return [f"{_quoted(name)} {kind}" + (" PRIMARY KEY" if name == key else "") for name, kind in columns.items()]


def ddl() -> list[str]:
    """The statements that make every table: the node tables (schema order, then ``Observation``),
    then the relationship tables (schema order, then ``HAS_OBSERVATION``)."""
    statements = []
    for table in [*(t.value for t in NodeType), *DERIVED_NODE_TABLES]:
        columns = ", ".join(_column_list(node_columns(table), key="id"))
        statements.append(f"CREATE NODE TABLE {_quoted(table)} ({columns})")
    for rel in [*(t.value for t in EdgeType), *DERIVED_REL_TABLES]:
        ends = [f"FROM {_quoted(s)} TO {_quoted(t)}" for s, t in rel_pairs(rel)]
        statements.append(f"CREATE REL TABLE {_quoted(rel)} ({', '.join([*ends, *_column_list(rel_columns(rel))])})")
    return statements


def schema_text() -> str:
    """The tables as an analyst reads them: each node label with its columns, then each relationship
    type with the labels it joins and its columns (what the shell's ``:schema`` prints).

    >>> print(schema_text().splitlines()[0])
    Node labels (a node has exactly one; (n:A:B) means A or B):
    """
    lines = ["Node labels (a node has exactly one; (n:A:B) means A or B):"]
    for table in [*(t.value for t in NodeType), *DERIVED_NODE_TABLES]:
        columns = ", ".join(f"{name} {kind}" for name, kind in node_columns(table).items())
        lines.append(f"  (:{table}) {columns}")
    lines.append("Relationship types:")
    for rel in [*(t.value for t in EdgeType), *DERIVED_REL_TABLES]:
        ends = ", ".join(f"{s}→{t}" for s, t in rel_pairs(rel))
        columns = ", ".join(f"{name} {kind}" for name, kind in rel_columns(rel).items())
        lines.append(f"  [:{rel}] {ends}" + (f"; {columns}" if columns else ""))
    return "\n".join(lines) + "\n"


def schema_markdown() -> str:
    """The graph as an analyst queries it, as the README shows it: each label with its properties and
    types, then each relationship type with the labels it joins and its properties.

    >>> schema_markdown().splitlines()[2].startswith("| `(:Partner)` |")
    True
    """
    def props(columns: dict[str, str]) -> str:
        return ", ".join(f"`{name}` {kind}" for name, kind in columns.items()) or "—"

    lines = ["| label | properties |", "|---|---|"]
    lines += [f"| `(:{table})` | {props(node_columns(table))} |"
              for table in [*(t.value for t in NodeType), *DERIVED_NODE_TABLES]]
    lines += ["", "| relationship type | joins | properties |", "|---|---|---|"]
    lines += [f"| `[:{rel}]` | {', '.join(f'{s} → {t}' for s, t in rel_pairs(rel))} | {props(rel_columns(rel))} |"
              for rel in [*(t.value for t in EdgeType), *DERIVED_REL_TABLES]]
    return "\n".join(lines) + "\n"
