"""Neo4j (or any Bolt server): push a partnership, pull it back, run analyst Cypher in read transactions.

The graph in Neo4j has the same labels, relationship types and properties as in the embedded
engine (:mod:`.tables`), the observations as the same child nodes, and three properties more on
every node and relationship, so that several partnerships can live in one database:

* ``partnership``: the id of the partnership that wrote it;
* ``uid``: ``<partnership>/<id>``, unique per label (a uniqueness constraint on each label
  and :data:`PARTNERSHIP_LABEL`), so ids cannot collide across partnerships (``/`` never
  appears in a record's id);
* the partnership itself is one ``(:Partnership {uid, partnership, info})`` node, ``info``
  being its header (name, period, sources, coverage) as JSON.

:func:`push` writes in batches of ``UNWIND $rows AS r MERGE (n:Label {uid: r.uid}) SET n += r.props,
n.partnership = $p``, one statement per label (relationships likewise, one statement per type and
pair of end labels, matched by their ends' uids through the constraints' indexes, which are made
first), each batch in a transaction of its own, so a second push of the same partnership changes
nothing. The partnership's id is one parameter of the statement, not a value in every row: the
rows carry only what differs from record to record. Install ``neo4j-rust-ext`` beside the driver
(the project's dependencies do) and the driver packs the rows in Rust: on this machine that took
the client's share of a push from about a third of its CPU to a twentieth. It deletes nothing it did not write: with ``replace``, it deletes
what carries this partnership's id and is not in the push, and only that. :func:`pull` reads
one partnership back into a validated :class:`~graph_model.Partnership`; push then pull gives
an equal one. :func:`read` runs one analyst statement in a read transaction (the server
refuses writes there), after the guard's text check (:func:`.guard.check_text`).

Examples
--------
>>> uid("york", "icg")
'york/icg'
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graph_model import EdgeType, NodeType, Partnership
from graph_model.models import record_data

from .guard import Answer, CypherFailed, Limits, check_text
from .tables import OBSERVATION, OBSERVED, node_columns, rel_columns

if TYPE_CHECKING:
    from neo4j import Driver

__all__ = ["BATCH", "PARTNERSHIP_LABEL", "Batches", "PushReport", "constraints", "pull", "push", "read", "rows",
           "script", "uid"]

#: Rows sent in one ``UNWIND`` statement (and one transaction). Against ArcadeDB, 1,000 to 5,000 rows
#: a batch pushed at the same rate within the machine's noise and 20,000 more slowly.
BATCH = 2_000
#: The label of the one node that holds a partnership's header.
PARTNERSHIP_LABEL = "Partnership"


def uid(partnership: str, record_id: str) -> str:
    """The key of a record in a database several partnerships share."""
    return f"{partnership}/{record_id}"


def _value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def _props(data: Mapping[str, Any], columns: Iterable[str]) -> dict[str, Any]:
    """The properties to write: the table's columns that hold a value (an empty one is left out)."""
    return {name: _value(data[name]) for name in columns if data.get(name) is not None and data.get(name) != []}


def _labels() -> list[str]:
    return [*(t.value for t in NodeType), OBSERVATION, PARTNERSHIP_LABEL]


def constraints() -> list[str]:
    """One uniqueness constraint per label, on ``uid``."""
    return [f"CREATE CONSTRAINT {label.lower()}_uid IF NOT EXISTS FOR (n:`{label}`) REQUIRE n.uid IS UNIQUE"
            for label in _labels()]


@dataclass
class Batches:
    """What a push writes: node rows by label, relationship rows by (type, from label, to label); every
    row's ``props`` leave out the partnership's id, which each statement sets from ``$p``."""

    partnership: str
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


def rows(partnership: Partnership) -> Batches:
    """The rows a push of ``partnership`` sends (and its script writes out)."""
    pid = partnership.info.id
    out = Batches(pid)
    info = json.dumps(partnership.info.model_dump(mode="json", exclude_none=True), sort_keys=True)
    out.nodes[PARTNERSHIP_LABEL].append({"uid": pid, "props": {"id": pid, "info": info}})
    label_of: dict[str, str] = {}
    for node_type in NodeType:
        columns = list(node_columns(node_type))
        for n in partnership.nodes(node_type):
            label_of[n.id] = node_type.value
            props = _props(record_data(n), columns)
            out.nodes[node_type.value].append({"uid": uid(pid, n.id), "props": props})
            for position, seen in enumerate(getattr(n, "observations", ()), start=1):
                child = f"{n.id}#{position}"
                props = _props({"id": child, "position": position, **record_data(seen)}, node_columns(OBSERVATION))
                out.nodes[OBSERVATION].append({"uid": uid(pid, child), "props": props})
                out.rels[(OBSERVED, node_type.value, OBSERVATION)].append(
                    {"uid": uid(pid, f"{child}--observed"), "from": uid(pid, n.id), "to": uid(pid, child),
                     "props": {}})
    for edge_type in EdgeType:
        columns = list(rel_columns(edge_type))
        for e in partnership.edges(edge_type):
            props = _props(record_data(e), columns)
            out.rels[(edge_type.value, label_of[e.from_], label_of[e.to])].append(
                {"uid": uid(pid, e.id), "from": uid(pid, e.from_), "to": uid(pid, e.to), "props": props})
    return out


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _node_statement(label: str) -> str:
    return f"UNWIND $rows AS r MERGE (n:`{label}` {{uid: r.uid}}) SET n += r.props, n.partnership = $p"


def _rel_statement(rel: str, source: str, target: str) -> str:
    return (f"UNWIND $rows AS r MATCH (a:`{source}` {{uid: r.from}}) MATCH (b:`{target}` {{uid: r.to}}) "
            f"MERGE (a)-[e:`{rel}` {{uid: r.uid}}]->(b) SET e += r.props, e.partnership = $p")


def _write(session: Any, statement: str, batch: list[dict[str, Any]], partnership: str) -> None:
    """One batch in a managed write transaction (the driver retries it on a transient error)."""
    session.execute_write(lambda tx: tx.run(statement, rows=batch, p=partnership).consume())


@dataclass(frozen=True)
class PushReport:
    """What a push wrote, and what ``replace`` deleted."""

    partnership: str
    nodes: int
    relationships: int
    deleted_nodes: int = 0
    deleted_relationships: int = 0


def push(partnership: Partnership, driver: Driver, *, database: str | None = None, replace: bool = False,
         batch: int = BATCH) -> PushReport:
    """Write ``partnership`` (see the module notes); with ``replace``, delete what it wrote before and
    no longer holds."""
    sent = rows(partnership)
    pid = partnership.info.id
    with driver.session(database=database) as session:
        for statement in constraints():
            session.run(statement).consume()
        for label, found in sent.nodes.items():
            for chunk in _chunks(found, batch):
                _write(session, _node_statement(label), chunk, pid)
        for (rel, source, target), found in sent.rels.items():
            for chunk in _chunks(found, batch):
                _write(session, _rel_statement(rel, source, target), chunk, pid)
        deleted_nodes = deleted_rels = 0
        if replace:
            kept_rels = [r["uid"] for found in sent.rels.values() for r in found]
            for rel in {key[0] for key in sent.rels} | {t.value for t in EdgeType} | {OBSERVED}:
                summary = session.run(f"MATCH ()-[e:`{rel}`]->() WHERE e.partnership = $p AND NOT e.uid IN $keep "
                                      "DELETE e", p=pid, keep=kept_rels).consume()
                deleted_rels += summary.counters.relationships_deleted
            for label in _labels():
                keep = [r["uid"] for r in sent.nodes.get(label, [])]
                summary = session.run(f"MATCH (n:`{label}`) WHERE n.partnership = $p AND NOT n.uid IN $keep "
                                      "DETACH DELETE n", p=pid, keep=keep).consume()
                deleted_nodes += summary.counters.nodes_deleted
                deleted_rels += summary.counters.relationships_deleted
    return PushReport(pid, sum(map(len, sent.nodes.values())), sum(map(len, sent.rels.values())),
                      deleted_nodes, deleted_rels)


def _native(value: Any) -> Any:
    """A value as read from the driver, as Python holds it (the driver's dates become datetime.date)."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value


def _plain(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _native(v) for k, v in props.items() if k not in ("uid", "partnership")}


def pull(driver: Driver, partnership: str, *, database: str | None = None) -> Partnership:
    """The partnership ``partnership`` as a push wrote it, read back and validated."""
    with driver.session(database=database) as session:
        header = session.run(f"MATCH (p:`{PARTNERSHIP_LABEL}` {{uid: $p}}) RETURN p.info AS info",
                             p=partnership).single()
        if header is None:
            raise CypherFailed(f"no partnership {partnership!r} in that database (push it first)")
        info = json.loads(header["info"])
        observed: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        for record in session.run(f"MATCH (i:Indicator)-[:`{OBSERVED}`]->(o:`{OBSERVATION}`) "
                                  "WHERE o.partnership = $p RETURN i.id AS indicator, o AS o", p=partnership):
            props = _plain(dict(record["o"]))
            position = props.pop("position")
            props.pop("id")
            observed[record["indicator"]].append((position, props))
        nodes = []
        for node_type in NodeType:
            for record in session.run(f"MATCH (n:`{node_type.value}`) WHERE n.partnership = $p RETURN n AS n",
                                      p=partnership):
                props = _plain(dict(record["n"]))
                if node_type is NodeType.INDICATOR:
                    props["observations"] = [o for _, o in sorted(observed.get(props["id"], []),
                                                                  key=lambda pair: pair[0])]
                nodes.append({**props, "type": node_type.value})
        edges = []
        for edge_type in EdgeType:
            for record in session.run(f"MATCH (a)-[e:`{edge_type.value}`]->(b) WHERE e.partnership = $p "
                                      "RETURN a.id AS source, b.id AS target, e AS e", p=partnership):
                edges.append({**_plain(dict(record["e"])), "type": edge_type.value, "from": record["source"],
                              "to": record["target"]})
    return Partnership.from_records(info, nodes=nodes, edges=edges)


def read(driver: Driver, text: str, parameters: Mapping[str, Any] | None = None, *, database: str | None = None,
         limits: Limits | None = None) -> Answer:
    """Run one analyst statement in a read transaction, after the guard's text check, within the limits."""
    from neo4j import unit_of_work
    from neo4j.exceptions import Neo4jError

    limits = limits or Limits()
    check_text(text)

    @unit_of_work(timeout=limits.timeout_ms / 1000)
    def work(tx: Any) -> Answer:
        result = tx.run(text, dict(parameters or {}))
        columns = list(result.keys())
        rows: list[list[Any]] = []
        for record in result:
            if len(rows) == limits.max_rows:
                return Answer(columns, rows, True, limits.max_rows)
            rows.append([_native(v) for v in record.values()])
        return Answer(columns, rows, False, limits.max_rows)

    try:
        with driver.session(database=database) as session:
            answer: Answer = session.execute_read(work)
    except Neo4jError as err:
        raise CypherFailed(f"the server refused or could not run it: {err.message or err}") from None
    return answer


def script(partnership: Partnership, *, batch: int = 1_000) -> str:
    """The push as a Cypher script for people who load files by hand: the constraints, then ``UNWIND``
    batches with their rows written out as literal maps (the one place Cypher holds values in its text:
    the script is data, not analyst input)."""
    sent = rows(partnership)
    pid = _literal(sent.partnership)
    lines = [statement + ";" for statement in constraints()]
    for label, found in sent.nodes.items():
        for chunk in _chunks(found, batch):
            lines.append(_node_statement(label).replace("= $p", f"= {pid}")
                         .replace("UNWIND $rows", f"UNWIND {_literal(chunk)}") + ";")
    for (rel, source, target), found in sent.rels.items():
        for chunk in _chunks(found, batch):
            lines.append(_rel_statement(rel, source, target).replace("= $p", f"= {pid}")
                         .replace("UNWIND $rows", f"UNWIND {_literal(chunk)}") + ";")
    return "\n".join(lines) + "\n"


def _literal(value: Any) -> str:
    """A value as a Cypher literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return f"date({json.dumps(value.isoformat())})"
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list):
        return "[" + ", ".join(map(_literal, value)) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"`{k}`: {_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {value!r}")
