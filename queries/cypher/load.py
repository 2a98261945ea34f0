"""Loading a partnership into the embedded engine (LadybugDB), column by column.

Each node table and each relationship table (:mod:`.tables`) is filled by one ``COPY … FROM
$table`` of an Arrow table built a column at a time from the records (a relationship table
with several FROM/TO pairs takes one ``COPY`` per pair), several times faster than
``UNWIND … CREATE``. A database is in memory unless a folder is given: then it is one file in
that folder named by the load cache's naming rule (:meth:`loaders.cache.LoadCache.entry`: the
kind, the record layout's version and the SHA-256 of the source's content), so it is reused
while the source is unchanged and built anew (the old file deleted) when it changes.

Every connection raises the engine's cap on variable-length paths (30 hops by default, past
which an unbounded ``*`` silently stops) to :data:`MAX_DEPTH` or the caller's own.

Examples
--------
>>> from loaders import load_bundled
>>> db = build_database(load_bundled("york"))
>>> conn = connect(db)
>>> conn.execute("MATCH (b:Board {id: $id}) RETURN b.name", {"id": "yorok-board"}).get_next()
['YorOK Board']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from operator import attrgetter
from pathlib import Path
from typing import Any

import ladybug as lb
import pyarrow as pa
import pyarrow.compute as pc

from graph_model import EdgeType, NodeType, Partnership

from .tables import OBSERVATION, OBSERVED, ddl, node_columns, rel_columns, rel_pairs

__all__ = ["MAX_DEPTH", "arrow_type", "build_database", "connect", "database_file", "fill", "open_database"]

#: The longest variable-length path a connection follows unless told otherwise.
MAX_DEPTH = 1_000

_ARROW = {"STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
          "DATE": pa.date32(), "STRING[]": pa.list_(pa.string())}


def arrow_type(column_type: str) -> pa.DataType:
    """The Arrow type a column of the engine's type is loaded from.

    >>> str(arrow_type("DATE")), str(arrow_type("STRING[]"))
    ('date32[day]', 'list<item: string>')
    """
    return _ARROW[column_type]


def _table(columns: dict[str, str], values: dict[str, list[Any]]) -> pa.Table:
    return pa.table({name: pa.array(values[name], type=arrow_type(kind)) for name, kind in columns.items()})


def _node_table(node_type: NodeType, records: list[Any]) -> pa.Table:
    columns = node_columns(node_type)
    return _table(columns, {name: list(map(attrgetter(name), records)) for name in columns})


def _observation_table(indicators: Iterable[Any]) -> tuple[pa.Table, pa.Table]:
    """The observation child nodes and their HAS_OBSERVATION relationships."""
    columns = node_columns(OBSERVATION)
    values: dict[str, list[Any]] = {name: [] for name in columns}
    owners: list[str] = []
    for indicator in indicators:
        for position, seen in enumerate(indicator.observations, start=1):
            owners.append(indicator.id)
            values["id"].append(f"{indicator.id}#{position}")
            values["position"].append(position)
            for name in columns:
                if name not in ("id", "position"):
                    values[name].append(getattr(seen, name))
    links = pa.table({"from": pa.array(owners, pa.string()), "to": pa.array(values["id"], pa.string())})
    return _table(columns, values), links


def _copy(conn: lb.Connection, table: str, rows: pa.Table, options: str = "") -> None:
    """``COPY`` ``rows`` into ``table`` on a connection of its own, closed once the copy is done.

    A connection keeps every statement it has prepared until it closes, and a prepared ``COPY`` keeps
    the Arrow table it read: on the caller's connection every table of the load would stay in memory
    until the end (at national scale about 600 MB more at the peak).
    """
    with lb.Connection(conn.database) as own:
        own.execute(f"COPY `{table}` FROM $rows{options}", {"rows": rows})


def fill(conn: lb.Connection, partnership: Partnership) -> None:
    """Make every table (:func:`.tables.ddl`) and copy the partnership's records into them, one Arrow
    table at a time, each let go once copied."""
    for statement in ddl():
        conn.execute(statement)
    type_of: dict[str, str] = {}
    for node_type in NodeType:
        records = partnership.nodes(node_type)
        type_of.update(dict.fromkeys((n.id for n in records), node_type.value))
        if records:
            _copy(conn, node_type.value, _node_table(node_type, records))
    observations, links = _observation_table(partnership.nodes(NodeType.INDICATOR))
    if observations.num_rows:
        _copy(conn, OBSERVATION, observations)
        _copy(conn, OBSERVED, links)
    del observations, links
    for edge_type in EdgeType:
        edges = partnership.edges(edge_type)
        if edges:
            _copy_edges(conn, edge_type, edges, type_of)


def _copy_edges(conn: lb.Connection, edge_type: EdgeType, edges: list[Any], type_of: dict[str, str]) -> None:
    """Copy one edge type's records: one ``COPY``, or one per FROM/TO pair of node tables
    (``type_of`` gives each node id's table)."""
    columns = rel_columns(edge_type)
    ends = {"from": list(map(attrgetter("from_"), edges)), "to": list(map(attrgetter("to"), edges))}
    table = _table({"from": "STRING", "to": "STRING", **columns},
                   {**ends, **{name: list(map(attrgetter(name), edges)) for name in columns}})
    pairs = rel_pairs(edge_type)
    if len(pairs) == 1:
        _copy(conn, edge_type.value, table)
        return
    sources = pa.array(list(map(type_of.__getitem__, ends["from"])), pa.string())
    targets = pa.array(list(map(type_of.__getitem__, ends["to"])), pa.string())
    for source, target in pairs:
        part = table.filter(pc.and_(pc.equal(sources, source), pc.equal(targets, target)))
        if part.num_rows:
            _copy(conn, edge_type.value, part, f" (from='{source}', to='{target}')")


def connect(database: lb.Database, *, max_depth: int = MAX_DEPTH, timeout_ms: int | None = None) -> lb.Connection:
    """A connection to ``database`` whose variable-length paths go up to ``max_depth`` hops (and whose
    queries stop after ``timeout_ms`` milliseconds, when given)."""
    conn = lb.Connection(database)
    conn.execute(f"CALL var_length_extend_max_depth={int(max_depth)}")
    if timeout_ms is not None:
        conn.set_query_timeout(int(timeout_ms))
    return conn


def build_database(partnership: Partnership, path: Path | None = None, *, buffer_pool_size: int = 0) -> lb.Database:
    """A database holding ``partnership``: in memory, or in the file ``path`` (which must not exist yet).
    ``buffer_pool_size``: the most memory, in bytes, the engine keeps for pages (0: its default, about 80%
    of the machine's; an in-memory database must hold everything in it)."""
    database = (lb.Database(str(path), buffer_pool_size=buffer_pool_size) if path is not None
                else lb.Database(buffer_pool_size=buffer_pool_size))
    conn = lb.Connection(database)
    try:
        fill(conn, partnership)
    finally:
        conn.close()
    return database


def _tables_version() -> str:
    """Eight hex digits that change with the tables (:func:`.tables.ddl`) or the engine's version: a
    database file made by another layout or another engine is never opened as this one's."""
    import hashlib

    return hashlib.sha256("\n".join([str(lb.__version__), *ddl()]).encode()).hexdigest()[:8]


def database_file(folder: Path, source: Path, kind: str) -> Path:
    """Where the database of ``kind`` made from ``source``'s current content lives in ``folder``: the
    load cache's naming rule (:meth:`loaders.cache.LoadCache.entry`) with ``folder`` as the cache folder,
    its kind followed by the tables' version (:func:`_tables_version`)."""
    from loaders.cache import LoadCache

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return LoadCache(folder).entry(source, f"{kind}-{_tables_version()}", ".lbug")


def open_database(partnership: Partnership, *, folder: Path | None = None, source: Path | None = None,
                  kind: str = "ladybug", read_only: bool = True,
                  buffer_pool_size: int = 0) -> tuple[lb.Database, bool]:
    """The database of ``partnership``, and whether it was reused.

    Without ``folder``: built in memory. With it (and the ``source`` the partnership was read
    from): the file :func:`database_file` names, opened as it is when it exists (read-only
    unless ``read_only`` is false), else built there (other databases of the same ``kind`` in
    the folder, made from older content, are deleted).
    """
    if folder is None:
        return build_database(partnership), False
    if source is None:
        raise ValueError("a database folder needs the source the partnership was read from")
    target = database_file(folder, source, kind)
    if target.exists():
        return lb.Database(str(target), read_only=read_only, buffer_pool_size=buffer_pool_size), True
    older = re.compile(re.escape(kind) + r"(-[0-9a-f]{8})?-[0-9a-f]{12}-[0-9a-f]{64}\.lbug(\.wal)?")
    for old in folder.iterdir():
        if older.fullmatch(old.name):
            old.unlink(missing_ok=True)
    building = target.with_name(f".building-{os.getpid()}-{target.name}")
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)
    built = build_database(partnership, building, buffer_pool_size=buffer_pool_size)
    built.close()
    os.replace(building, target)
    building.with_name(building.name + ".wal").unlink(missing_ok=True)
    return lb.Database(str(target), read_only=read_only, buffer_pool_size=buffer_pool_size), False
