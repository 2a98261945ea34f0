"""The schema, the record models and the Partnership graph object."""

from __future__ import annotations

import datetime as dt
import typing

import pytest

import graph_model
from graph_model import (
    EDGE_MODELS,
    EDGE_RULES,
    NODE_MODELS,
    NODE_TYPES,
    EdgeBase,
    EdgeType,
    InvalidPartnership,
    NodeBase,
    NodeType,
    Partnership,
    Rule,
    UnknownNode,
)
from graph_model.models import dump_record, parse_edge, parse_node, record_field_infos, with_changes

INFO = {"id": "demo", "name": "Demo partnership"}


def build(nodes: list[dict[str, typing.Any]], edges: list[dict[str, typing.Any]] = ()) -> Partnership:  # type: ignore[assignment]
    return Partnership.from_records(INFO, nodes=nodes, edges=list(edges))


def problems_of(nodes: list[dict[str, typing.Any]], edges: list[dict[str, typing.Any]] = ()) -> list[graph_model.Problem]:  # type: ignore[assignment]
    with pytest.raises(InvalidPartnership) as caught:
        build(nodes, edges)
    return caught.value.problems


BOARD = {"id": "board", "type": "Board", "name": "Children's Trust Board"}
ICG = {"id": "icg", "type": "SubGroup", "name": "Integrated Commissioning Group"}
OUTCOME = {"id": "less-obesity", "type": "Outcome", "name": "Less obesity"}
SERVICE = {"id": "first", "type": "Service", "name": "FIRST"}


# -- one schema: everything derives from it -------------------------------------------------


def test_every_node_type_has_exactly_one_model_and_one_description() -> None:
    assert set(NODE_MODELS) == set(NodeType)
    assert set(NODE_TYPES) == set(NodeType)
    for node_type, model in NODE_MODELS.items():
        assert model.model_fields["type"].default is node_type


def test_every_edge_type_has_exactly_one_model_and_one_rule() -> None:
    assert set(EDGE_MODELS) == set(EdgeType)
    assert set(EDGE_RULES) == set(EdgeType)
    for edge_type, model in EDGE_MODELS.items():
        assert record_field_infos(model)["type"].default is edge_type
        assert EDGE_RULES[edge_type].pairs(), f"{edge_type} allows no pair of node types"


def test_domain_edge_types_are_all_present() -> None:
    # DOMAIN.md "What is an edge" and issue #2 §1 list these; more may be added, none removed.
    required = ["ACCOUNTABLE_TO", "REPORTS_TO", "DELEGATES_TO", "INFLUENCES", "MEMBER_OF", "CHAIRS", "SUPPORTS", "PART_OF", "EMPLOYS", "CONTRIBUTES", "FUNDS", "COMMISSIONS", "DELIVERS", "CONTRIBUTES_TO", "TARGETS", "SERVES", "ADDRESSES", "REFERS_TO", "DEPENDS_ON", "SUPPORTS_PRIORITY", "MEASURED_BY", "OWNS", "MONITORS", "DECIDED", "AFFECTS"]
    assert set(required) <= {e.value for e in EdgeType}


@pytest.mark.parametrize("node_type", list(NodeType), ids=str)
def test_every_node_model_has_the_common_fields(node_type: NodeType) -> None:
    fields = set(NODE_MODELS[node_type].model_fields)
    assert {"id", "type", "name", "description", "valid_from", "valid_to", "source", "generated"} <= fields


@pytest.mark.parametrize("edge_type", list(EdgeType), ids=str)
def test_every_edge_model_has_the_common_fields(edge_type: EdgeType) -> None:
    fields = set(record_field_infos(EDGE_MODELS[edge_type]))
    assert {"id", "type", "from_", "to", "description", "valid_from", "valid_to", "source", "generated"} <= fields


def test_nodes_and_edges_declare_the_common_fields_alike() -> None:
    """Node models and edge records are built differently (models, slotted dataclasses), from separate
    declarations of the fields they share: same type, same default, or a file means one thing on a node
    and another on an edge."""
    node, edge = record_field_infos(NodeBase), record_field_infos(EdgeBase)
    for name in ("id", "description", "valid_from", "valid_to", "source", "generated"):
        assert (node[name].annotation, node[name].default, repr(node[name].metadata)) == \
            (edge[name].annotation, edge[name].default, repr(edge[name].metadata)), name
    assert (edge["from_"].annotation, repr(edge["from_"].metadata)) == (edge["to"].annotation, repr(edge["to"].metadata))


def test_an_edge_record_holds_no_dict_and_stays_frozen() -> None:
    """What keeps a million edges within memory: slots, no per-record __dict__; and they cannot be changed."""
    e = parse_edge({"type": "FUNDS", "from": "eif", "to": "first", "amount": "£1.2m"})
    assert not hasattr(e, "__dict__")
    with pytest.raises(AttributeError):
        e.to = "elsewhere"  # type: ignore[misc]
    assert with_changes(e, amount=5).amount == 5.0 and e.amount == 1_200_000.0


def test_public_api_is_listed() -> None:
    for name in graph_model.__all__:
        assert hasattr(graph_model, name), name


# -- records -----------------------------------------------------------------------------


def test_records_are_frozen_and_forbid_unknown_fields() -> None:
    svc = parse_node({**SERVICE, "tier": 2})
    with pytest.raises(Exception, match="frozen"):
        svc.name = "other"  # type: ignore[misc]
    with pytest.raises(Exception, match="Extra inputs"):
        parse_node({**SERVICE, "colour": "red"})


def test_edge_id_defaults_from_type_and_ends_and_dump_round_trips() -> None:
    edge = parse_edge({"type": "FUNDS", "from": "eif", "to": "first", "amount": 1000, "period": "2014-15"})
    assert edge.id == "eif--funds--first"
    assert parse_edge(dump_record(edge)) == edge
    assert "id" not in dump_record(edge, drop_defaults=True)


# -- validation ------------------------------------------------------------------------------


def test_valid_graph_builds_with_typed_access() -> None:
    p = build([BOARD, ICG, SERVICE, OUTCOME],
              [{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"},
               {"type": "COMMISSIONS", "from": "icg", "to": "first"},
               {"type": "CONTRIBUTES_TO", "from": "first", "to": "less-obesity", "strength": "strong"}])
    assert [n.id for n in p.nodes(NodeType.SERVICE)] == ["first"]
    assert [e.to for e in p.out_edges("first", EdgeType.CONTRIBUTES_TO)] == ["less-obesity"]
    assert [n.id for n in p.neighbours("board", EdgeType.ACCOUNTABLE_TO, "in")] == ["icg"]
    assert p.adjacency(EdgeType.COMMISSIONS) == {"icg": ["first"]}
    assert p.counts() == {"Board": 1, "SubGroup": 1, "Outcome": 1, "Service": 1,
                          "ACCOUNTABLE_TO": 1, "COMMISSIONS": 1, "CONTRIBUTES_TO": 1}


@pytest.mark.parametrize(
    ("nodes", "edges", "rule", "field", "text"),
    [
        pytest.param([BOARD, BOARD], [], Rule.DUPLICATE_ID, "id", "used twice", id="duplicate-node-id"),
        pytest.param([{**BOARD, "type": "Bord"}], [], Rule.UNKNOWN_NODE_TYPE, "type", "did you mean Board", id="unknown-node-type"),
        pytest.param([BOARD, ICG], [{"type": "ACCOUNTABLE", "from": "icg", "to": "board"}], Rule.UNKNOWN_EDGE_TYPE, "type", "unknown edge type", id="unknown-edge-type"),
        pytest.param([BOARD], [{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"}], Rule.DANGLING_REFERENCE, "from", "not a node id", id="dangling-from"),
        pytest.param([BOARD, OUTCOME], [{"type": "ACCOUNTABLE_TO", "from": "less-obesity", "to": "board"}], Rule.EDGE_RULE, "from", "cannot run from Outcome", id="edge-rule-source"),
        pytest.param([BOARD, ICG, SERVICE], [{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "first"}], Rule.EDGE_RULE, "to", "allowed: targets from SubGroup: Board, SubGroup", id="edge-rule-target"),
        pytest.param([BOARD, ICG], [{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"}, {"type": "ACCOUNTABLE_TO", "from": "board", "to": "icg"}], Rule.ACCOUNTABILITY_LOOP, "to", "loop", id="accountability-loop"),
        pytest.param([{**SERVICE, "start_date": "2013-02-30"}], [], Rule.INVALID_DATE, "start_date", "not a date", id="bad-date"),
        pytest.param([{**SERVICE, "tier": 5}], [], Rule.INVALID_VALUE, "tier", "at most 4", id="tier-out-of-range"),
        pytest.param([{**SERVICE, "status": "paused"}], [], Rule.INVALID_VALUE, "status", "'planned', 'active' or 'decommissioned'", id="bad-status"),
        pytest.param([{"id": "b", "type": "Budget", "name": "B", "amount": "lots"}], [], Rule.INVALID_NUMBER, "amount", "not an amount", id="amount-not-number"),
        pytest.param([{**BOARD, "id": "Board One"}], [], Rule.INVALID_ID, "id", "not a valid id", id="bad-id"),
        pytest.param([{**BOARD, "valid_from": "2014-01-01", "valid_to": "2013-01-01"}], [], Rule.DATE_ORDER, "valid_to", "before valid_from", id="date-order"),
        pytest.param([{"id": "x", "type": "Board"}], [], Rule.MISSING_FIELD, "name", "required", id="missing-name"),
        pytest.param([{**BOARD, "chiar": "x"}], [], Rule.UNKNOWN_FIELD, "chiar", "not a field of a Board node", id="unknown-field"),
    ],
)
def test_each_bad_input_names_rule_field_and_what_is_allowed(
    nodes: list[dict[str, typing.Any]], edges: list[dict[str, typing.Any]], rule: Rule, field: str, text: str
) -> None:
    problems = problems_of(nodes, edges)
    matching = [p for p in problems if p.rule is rule]
    assert matching, f"expected a {rule} problem, got {[str(p) for p in problems]}"
    assert matching[0].location.field == field
    assert text in str(matching[0])


def test_every_problem_is_reported_not_just_the_first() -> None:
    problems = problems_of([BOARD, BOARD, {**SERVICE, "tier": "high"}],
                           [{"type": "FUNDS", "from": "nowhere", "to": "first"}])
    assert {p.rule for p in problems} == {Rule.DUPLICATE_ID, Rule.INVALID_NUMBER, Rule.DANGLING_REFERENCE}


# -- as_of, resolve, equality ------------------------------------------------------------------


def test_as_of_keeps_only_what_was_valid_on_the_day() -> None:
    p = build([BOARD, {**ICG, "valid_from": "2010-01-01", "valid_to": "2012-12-31"}, SERVICE],
              [{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"},
               {"type": "COMMISSIONS", "from": "board", "to": "first", "valid_from": "2013-09-01"}])
    assert {n.id for n in p.as_of(dt.date(2011, 6, 1)).nodes()} == {"board", "icg", "first"}
    assert p.as_of(dt.date(2011, 6, 1)).edges(EdgeType.COMMISSIONS) == []
    later = p.as_of(dt.date(2014, 1, 1))
    assert "icg" not in later and later.edges(EdgeType.ACCOUNTABLE_TO) == []
    assert [e.to for e in later.edges(EdgeType.COMMISSIONS)] == ["first"]
    assert p.validity_range() == (dt.date(2010, 1, 1), dt.date(2012, 12, 31))


def test_resolve_by_id_or_exact_name_and_suggests_close_matches() -> None:
    p = build([BOARD, ICG])
    assert p.resolve("icg") == "icg"
    assert p.resolve("integrated commissioning group") == "icg"
    with pytest.raises(UnknownNode, match="closest: Integrated Commissioning Group"):
        p.resolve("Integrated Comissioning Group")


def test_equality_ignores_order_but_not_content() -> None:
    a = build([BOARD, ICG], [{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"}])
    b = build([ICG, BOARD], [{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"}])
    c = build([BOARD, {**ICG, "public": False}], [{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"}])
    assert a == b
    assert a != c


def test_fast_edge_insertion_matches_networkx_add_edge() -> None:
    import networkx as nx

    p = build([BOARD, ICG, SERVICE, OUTCOME],
              [{"type": "ACCOUNTABLE_TO", "from": "icg", "to": "board"},
               {"type": "REPORTS_TO", "from": "icg", "to": "board"},
               {"type": "COMMISSIONS", "from": "icg", "to": "first"},
               {"type": "CONTRIBUTES_TO", "from": "first", "to": "less-obesity"}])
    reference = nx.MultiDiGraph()
    for n in p.nodes():
        reference.add_node(n.id, record=n)
    for e in p.edges():
        reference.add_edge(e.from_, e.to, key=e.id, record=e)
    assert nx.utils.graphs_equal(p.graph, reference)
    assert sorted(p.graph.edges(keys=True)) == sorted(reference.edges(keys=True))
    assert p.graph.in_degree("board") == 2 and p.graph.number_of_edges("icg", "board") == 2


def test_as_of_reads_a_services_status_from_its_dates() -> None:
    # A service decommissioned in 2012 was active in 2010; a planned one is active once started.
    p = build([{**SERVICE, "status": "decommissioned", "valid_from": "2008-04-01", "valid_to": "2012-07-03"},
               {"id": "two", "type": "Service", "name": "Two-year-old places", "status": "planned",
                "start_date": "2013-09-01"}])
    then = p.as_of(dt.date(2010, 1, 1))
    assert then.node("first").status.value == "active"  # type: ignore[attr-defined]
    assert then.node("two").status.value == "planned"  # type: ignore[attr-defined]
    later = p.as_of(dt.date(2014, 1, 1))
    assert "first" not in later and later.node("two").status.value == "active"  # type: ignore[attr-defined]
    assert p.node("first").status.value == "decommissioned"  # the full graph keeps the recorded status
