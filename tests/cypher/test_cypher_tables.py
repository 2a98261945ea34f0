"""The engine's tables follow the schema, and every record arrives whole, dates as dates.

The DDL is read back from the engine itself (``show_tables``, ``table_info``,
``show_connection``) and compared with the schema and the record models directly, so a new
field, node type, edge type or allowed pair that the DDL does not follow fails here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ladybug as lb
import pytest

from graph_model import EDGE_MODELS, EDGE_RULES, NODE_MODELS, EdgeType, NodeType, Partnership
from graph_model.models import Observation, record_data, record_field_infos
from queries.cypher.load import build_database, connect
from queries.cypher.tables import DERIVED_NODE_TABLES, DERIVED_REL_TABLES, OBSERVATION, OBSERVED


@pytest.fixture(scope="module")
def york_db(york: Partnership) -> lb.Connection:
    """York, whole, in an in-memory database."""
    from queries.cypher.load import build_database, connect

    return connect(build_database(york))

@pytest.fixture(scope="module")
def synthetic_s() -> Partnership:
    """The seeded synthetic partnership at scale s (as ``bookcase generate --scale s`` makes it)."""
    from loaders.synthetic import build, generate

    return build(generate("s", seed=0)[0])


def engine_tables(conn: lb.Connection) -> dict[str, str]:
    return {row[1]: row[2] for row in conn.execute("CALL show_tables() RETURN *").get_all()}


def engine_columns(conn: lb.Connection, table: str) -> dict[str, str]:
    return {row[1]: row[2] for row in conn.execute(f"CALL table_info('{table}') RETURN *").get_all()}


@pytest.fixture(scope="module")
def empty() -> lb.Connection:
    from graph_model import Partnership

    return connect(build_database(Partnership.from_records({"id": "empty", "name": "Empty"}, nodes=[], edges=[])))


def test_one_node_table_per_node_type_and_one_rel_table_per_edge_type(empty: lb.Connection) -> None:
    expected = {**{t.value: "NODE" for t in NodeType}, **{t.value: "REL" for t in EdgeType},
                **dict.fromkeys(DERIVED_NODE_TABLES, "NODE"), **dict.fromkeys(DERIVED_REL_TABLES, "REL")}
    assert engine_tables(empty) == expected


def _is_date(annotation: Any) -> bool:
    return "datetime.date" in str(annotation) or annotation is dt.date


@pytest.mark.parametrize("node_type", list(NodeType), ids=str)
def test_a_node_table_has_a_column_per_field_and_dates_stay_dates(empty: lb.Connection, node_type: NodeType) -> None:
    fields = record_field_infos(NODE_MODELS[node_type])
    columns = engine_columns(empty, node_type.value)
    # every field but the type (the table is the label) and the observations (child nodes)
    assert set(columns) == set(fields) - {"type", "observations"}
    keys = [row[1] for row in empty.execute(f"CALL table_info('{node_type.value}') RETURN *").get_all() if row[4]]
    assert keys == ["id"]
    for name, info in fields.items():
        if _is_date(info.annotation):
            assert columns[name] == "DATE", name
        elif str(info.annotation).startswith("list[str]"):
            assert columns[name] == "STRING[]", name


@pytest.mark.parametrize("edge_type", list(EdgeType), ids=str)
def test_a_rel_table_joins_every_pair_its_rule_allows(empty: lb.Connection, edge_type: EdgeType) -> None:
    pairs = {(row[0], row[1]) for row in empty.execute(f"CALL show_connection('{edge_type.value}') RETURN *").get_all()}
    assert pairs == {(s.value, t.value) for s, t in EDGE_RULES[edge_type].allowed_pairs}
    fields = record_field_infos(EDGE_MODELS[edge_type])
    columns = engine_columns(empty, edge_type.value)
    assert set(columns) == set(fields) - {"type", "from_", "to"}
    assert all(columns[name] == "DATE" for name, info in fields.items() if _is_date(info.annotation))


def test_observations_are_child_nodes_with_their_fields(empty: lb.Connection) -> None:
    columns = engine_columns(empty, OBSERVATION)
    assert set(columns) == {"id", "position"} | set(record_field_infos(Observation))
    assert columns["date"] == "DATE"
    pairs = empty.execute(f"CALL show_connection('{OBSERVED}') RETURN *").get_all()
    assert [(row[0], row[1]) for row in pairs] == [("Indicator", OBSERVATION)]


# -- loading -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["york", "staffordshire", "synthetic_s"])
def test_every_record_is_loaded_into_its_table(request: pytest.FixtureRequest, dataset: str) -> None:
    p: Partnership = request.getfixturevalue(dataset)
    conn = connect(build_database(p))
    for node_type in NodeType:
        [[count]] = conn.execute(f"MATCH (n:`{node_type.value}`) RETURN count(n)").get_all()
        assert count == len(p.nodes(node_type)), node_type
    for edge_type in EdgeType:
        found = conn.execute(f"MATCH (a)-[r:`{edge_type.value}`]->(b) RETURN a.id, r.id, b.id").get_all()
        assert sorted(map(tuple, found)) == sorted((e.from_, e.id, e.to) for e in p.edges(edge_type)), edge_type
    observed = sum(len(i.observations) for i in p.nodes(NodeType.INDICATOR))  # type: ignore[attr-defined]
    [[count]] = conn.execute(f"MATCH (:Indicator)-[:{OBSERVED}]->(o:{OBSERVATION}) RETURN count(o)").get_all()
    assert count == observed


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.value if hasattr(value, "value") and not isinstance(value, (int, float)) else value


def test_filling_keeps_none_of_the_arrow_tables_it_copied(synthetic_s: Partnership) -> None:
    """Each table is let go once copied, not held by the connection until it closes (at national
    scale that held some 600 MB more at the peak)."""
    import pyarrow as pa

    from queries.cypher.load import fill

    conn = lb.Connection(lb.Database())
    before = pa.total_allocated_bytes()
    fill(conn, synthetic_s)
    assert pa.total_allocated_bytes() == before
    assert conn.execute("MATCH ()-[r]->() RETURN count(r)").get_next()[0] > 0  # type: ignore[union-attr]


def test_every_value_of_york_reads_back_as_it_was(york: Partnership, york_db: lb.Connection) -> None:
    for n in york.nodes():
        row = york_db.execute(f"MATCH (n:`{n.type.value}` {{id: $id}}) RETURN n", {"id": n.id}).get_next()[0]
        expected = record_data(n, exclude={"type", "observations"})
        assert {k: row[k] for k in expected} == {k: _plain(v) for k, v in expected.items()}, n.id
    for e in york.edges():
        row = york_db.execute(f"MATCH ()-[r:`{e.type.value}`]->() WHERE r.id = $id RETURN r", {"id": e.id}).get_next()[0]
        expected = record_data(e, exclude={"type", "from_", "to"})
        assert {k: row[k] for k in expected} == {k: _plain(v) for k, v in expected.items()}, e.id


def test_an_indicators_observations_keep_their_order_dates_and_values(york: Partnership,
                                                                       york_db: lb.Connection) -> None:
    indicators = [i for i in york.nodes(NodeType.INDICATOR) if i.observations]  # type: ignore[attr-defined]
    assert indicators
    for indicator in indicators:
        rows = york_db.execute(f"MATCH (i:Indicator {{id: $id}})-[:{OBSERVED}]->(o:{OBSERVATION}) "
                               "RETURN o.id, o.value, o.date, o.period, o.note ORDER BY o.position",
                               {"id": indicator.id}).get_all()
        assert rows == [[f"{indicator.id}#{k}", o.value, o.date, o.period, o.note]
                        for k, o in enumerate(indicator.observations, start=1)]  # type: ignore[attr-defined]
        assert all(isinstance(r[2], dt.date) or r[2] is None for r in rows)


# -- the variable-length cap -----------------------------------------------------------------------------


def chain(length: int) -> Partnership:
    """``length`` DEPENDS_ON edges in one line: o0 → o1 → … → o<length>."""
    nodes = [{"id": f"o{k}", "type": "Outcome", "name": f"Outcome {k}"} for k in range(length + 1)]
    edges = [{"type": "DEPENDS_ON", "from": f"o{k}", "to": f"o{k + 1}"} for k in range(length)]
    return Partnership.from_records({"id": "chain", "name": "Chain"}, nodes=nodes, edges=edges)


def test_a_40_deep_chain_is_followed_to_its_end_on_every_connection() -> None:
    database = build_database(chain(40))
    query = "MATCH p = (a:Outcome {id: 'o0'})-[:DEPENDS_ON*]->(b:Outcome) RETURN max(length(p)), count(b)"
    # the engine's own default stops an unbounded * at 30 hops, silently
    assert lb.Connection(database).execute(query).get_all() == [[30, 30]]
    for _ in range(2):  # the cap is per connection: every connection made here raises it
        assert connect(database).execute(query).get_all() == [[40, 40]]


# -- the database folder -----------------------------------------------------------------------------------


def test_a_database_folder_is_reused_while_the_source_is_unchanged(tmp_path: Any, york: Partnership) -> None:
    from loaders import write
    from queries.cypher.load import open_database

    source = write(york, tmp_path / "york.json")
    folder = tmp_path / "db"
    first, reused = open_database(york, folder=folder, source=source)
    assert not reused
    built = sorted(p.name for p in folder.glob("*.lbug"))
    assert len(built) == 1
    first.close()
    again, reused = open_database(york, folder=folder, source=source)
    assert reused
    [[count]] = connect(again).execute("MATCH (n:Board) RETURN count(n)").get_all()
    assert count == len(york.nodes(NodeType.BOARD))
    again.close()
    source.write_text(source.read_text(encoding="utf-8").replace("YorOK Board", "YorOK Board (renamed)"),
                      encoding="utf-8")
    changed, reused = open_database(york, folder=folder, source=source)
    assert not reused
    now = sorted(p.name for p in folder.glob("*.lbug"))
    assert len(now) == 1 and now != built  # the old content's database is gone
    changed.close()


def test_a_database_made_by_other_tables_is_made_again(tmp_path: Any, york: Partnership, monkeypatch: Any) -> None:
    """A file made by an older layout of the tables (or another engine version) is never opened as this one's:
    its name holds the tables' version, and the old file is deleted when the new one is made."""
    import queries.cypher.load as load
    from loaders import write

    source = write(york, tmp_path / "york.json")
    folder = tmp_path / "db"
    monkeypatch.setattr(load, "_tables_version", lambda: "0123abcd")
    old, _ = load.open_database(york, folder=folder, source=source)
    old.close()
    [made] = [p.name for p in folder.glob("*.lbug")]
    monkeypatch.undo()
    new, reused = load.open_database(york, folder=folder, source=source)
    new.close()
    assert not reused
    assert [p.name for p in folder.glob("*.lbug")] != [made] and len(list(folder.glob("*.lbug"))) == 1
