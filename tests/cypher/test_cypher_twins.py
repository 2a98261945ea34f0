"""The Cypher twins of the named queries: each answer equal to the Python implementation's
(``queries.run_query``) on York, Staffordshire and synthetic s, on the same day; every
registered query has a twin or a declared exception with its reason.

The twin runs on the graph as it stood on the day the Python query answers for
(:func:`queries.cypher.graph.open_graph`), through the read-only guard, with its file's default
parameters. Each case says which parameters to pass to both and how to read both answers as the
same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from graph_model import EdgeType, NodeType, Partnership
from queries.cypher.graph import CypherGraph, open_graph
from queries.cypher.twins import EXCEPTIONS, comparable_params, twins
from queries.registry import all_queries, run_query

DATASETS = ["york", "staffordshire", "synthetic_s"]


@pytest.fixture(scope="module")
def synthetic_s() -> Partnership:
    """The seeded synthetic partnership at scale s (as ``bookcase generate --scale s`` makes it)."""
    from loaders.synthetic import build, generate

    return build(generate("s", seed=0)[0])


@dataclass(frozen=True)
class Case:
    """How to compare one twin with its query: each answer as sorted rows, and (for a twin that asks
    for ``$node``) the node to ask both about on a partnership as of its day, when not the one
    :func:`~queries.cypher.twins.comparable_params` picks. ``python`` reads the query's answer; a twin
    of a part the answer does not hold whole (the candidates before scoring) reads it with the
    partnership as of its day (``with_partnership``)."""

    python: Callable[..., Any]
    twin: Callable[[list[dict[str, Any]]], Any]
    node: Callable[[Partnership], Any] | None = None
    with_partnership: bool = False

    def params(self, name: str, p: Partnership) -> tuple[dict[str, Any], dict[str, Any]]:
        """The twin's parameters and the query's, on ``p`` as of its day."""
        day = p.as_of(p.default_day())
        return comparable_params(name, p, None if self.node is None else self.node(day))

    def expected(self, p: Partnership, result: Any) -> Any:
        """The Python side, as sorted rows."""
        return self.python(p.as_of(p.default_day()), result) if self.with_partnership else self.python(result)


def _dependent_outcomes(p: Partnership) -> list[str]:
    linked = {e.from_ for e in p.edges(EdgeType.DEPENDS_ON)} | {e.to for e in p.edges(EdgeType.DEPENDS_ON)}
    return sorted(linked) or [o.id for o in p.nodes(NodeType.OUTCOME)][:1]


def _breaks(row: dict[str, Any]) -> str:
    """Where a golden thread breaks, read from how far the twin's row gets."""
    return "no-outcome" if not row["outcomes"] else "no-priority" if not row["priorities"] else "no-plan"


def _named_providers(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The twin's provider mix as the Python answer gives it: at most 20 providers named a sector."""
    return [(r["sector"], r["services"], len([x for x in r["providers"] if x is not None][:20])) for r in rows]


def _referring_services(p: Partnership) -> list[str]:
    """Up to three services on referral pathways (any service when none is), to stop."""
    linked = sorted({e.from_ for e in p.edges(EdgeType.REFERS_TO)} | {e.to for e in p.edges(EdgeType.REFERS_TO)})
    return linked[:3] or [s.id for s in p.nodes(NodeType.SERVICE)][:1]


def _statement(budget: str, known_in: float, unknown_in: int, flows_in: int, known_out: float, unknown_out: int,
               flows_out: int) -> tuple[Any, ...]:
    """A budget statement with its sums rounded to the penny (the engine may add in another order)."""
    return budget, round(float(known_in), 2), unknown_in, flows_in, round(float(known_out), 2), unknown_out, flows_out


def _above(r: Any) -> list[tuple[str, bool, bool]]:
    """The nodes above a reporting line's start: (id, a top?, reached only through a link on a condition?)."""
    tops = {t.id for t in r.tops}
    return sorted((s.above.id, s.above.id in tops, s.condition is not None) for s in [*r.line, *r.others])


def _above_rows(rows: list[dict[str, Any]]) -> list[tuple[str, bool, bool]]:
    return sorted((r["id"], r["top"], r["on_condition"]) for r in rows)


def _key(parts: Any) -> tuple[str, str, str]:
    """A block's key (outcome, cohort, locality) with an unrecorded cohort or locality as ''."""
    return tuple("" if x is None else x for x in parts)  # type: ignore[return-value]


def _candidates(p: Partnership, result: Any) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """The pairs ``duplicates`` compares on their outcomes (:func:`queries.duplication.candidate_pairs`), each
    with the blocks it shares; first checked against the answer: every pair of every group found on outcomes
    is a candidate, or two services of one set of partners."""
    from queries.duplication import candidate_pairs

    max_block = twins()["duplicates"].defaults["max_block"]  # the query was asked with the twin's (comparable_params)
    found = candidate_pairs(p, cross_partner=result.cross_partner, max_block=max_block)
    every = candidate_pairs(p, cross_partner=False, max_block=max_block)
    for g in (g for g in result.groups if g.basis == "outcome"):
        members = sorted(m.service.id for m in g.members)
        assert all((a, b) in every for i, a in enumerate(members) for b in members[i + 1:]), members
        assert any((a, b) in found for i, a in enumerate(members) for b in members[i + 1:]), members
    return sorted((a, b, sorted(map(_key, keys))) for (a, b), keys in found.items())


CASES: dict[str, Case] = {
    "reporting-line": Case(python=_above, twin=_above_rows),
    "duplicates": Case(
        with_partnership=True, python=_candidates,
        twin=lambda rows: sorted((r["a"], r["b"], sorted(map(_key, r["shared"]))) for r in rows)),
    "reports-to": Case(
        python=lambda r: sorted((e.node.id, e.depth) for e in r.entries if e.depth > 0),
        twin=lambda rows: sorted((r["id"], r["depth"]) for r in rows)),
    "funding": Case(
        python=lambda r: sorted(_statement(b.id, b.money_in.known, b.money_in.unknown, b.money_in.flows,
                                           b.money_out.known, b.money_out.unknown, b.money_out.flows)
                                for b in r.budgets),
        twin=lambda rows: sorted(_statement(r["budget"], r["in_known"], r["in_unknown"], r["in_flows"],
                                            r["out_known"], r["out_unknown"], r["out_flows"]) for r in rows)),
    "service-map": Case(
        python=lambda r: sorted((o.outcome.id, o.service_count, sorted(o.services)) for o in r.outcomes),
        twin=lambda rows: sorted((r["outcome"], r["services"], sorted(r["service_ids"])) for r in rows)),
    "gaps": Case(
        python=lambda r: sorted((c.outcome, c.column, c.services) for c in r.matrix),
        twin=lambda rows: sorted((r["outcome"], r["cohort"], r["services"]) for r in rows)),
    "value": Case(
        python=lambda r: sorted((v.service_id, bool(v.savings), sorted({x.indicator_id for x in v.results}))
                                for v in r.services),
        twin=lambda rows: sorted((r["service"], r["in_money"], sorted(r["indicators"])) for r in rows)),
    "indicators": Case(
        python=lambda r: sorted([(True, i.id) for i in r.no_data] + [(False, o.id) for o in r.outcomes_without_indicator]),
        twin=lambda rows: sorted((r["indicator"], r["id"]) for r in rows)),
    "decommission-impact": Case(
        node=_referring_services,
        python=lambda r: sorted((b.direction == "into", b.from_id, b.to_id) for b in r.broken_referrals),
        twin=lambda rows: sorted((r["into"], r["from_id"], r["to_id"]) for r in rows)),
    "providers": Case(
        python=lambda r: [(x.sector, x.services, len(x.providers)) for x in r.sectors],
        twin=_named_providers),
    "health": Case(
        python=lambda r: sorted((f.rule.value, f.node_id) for f in r.findings),
        twin=lambda rows: sorted((r["rule"], r["node"]) for r in rows)),
    "network": Case(
        python=lambda r: sorted((a.id, a.seats, a.bodies) for a in r.actors),
        twin=lambda rows: sorted((r["id"], int(r["seats"]), r["bodies"]) for r in rows)),
    "commissioning": Case(
        python=lambda r: (sorted((x.level, x.services, x.commissioned, sorted(c.id for c in x.commissioners))
                                 for x in r.levels), sorted(s.id for s in r.without_commissioner)),
        twin=lambda rows: (sorted((r["level"] or "not recorded", r["services"], r["commissioned"],
                                   sorted(r["commissioners"])) for r in rows),
                           sorted(s for r in rows for s in r["without_commissioner"]))),
    "golden-thread": Case(
        python=lambda r: sorted((u.service.id, u.breaks) for u in r.unthreaded),
        twin=lambda rows: sorted((r["service"], _breaks(r)) for r in rows)),
    "interdependencies": Case(
        node=_dependent_outcomes,
        python=lambda r: sorted((t.outcome.id, way, d.outcome.id, d.distance) for t in r.traces
                                for way, found in ((True, t.depends_on), (False, t.needed_by)) for d in found),
        twin=lambda rows: sorted((r["outcome"], r["depends_on"], r["other_id"], r["distance"]) for r in rows)),
    "needs": Case(
        python=lambda r: sorted((n.need.id, sorted(s.id for s in n.services), sorted(x.id for x in n.priorities))
                                for n in r.needs),
        twin=lambda rows: sorted((r["need"], sorted(r["services"]), sorted(r["priorities"])) for r in rows)),
    "accountability-integrity": Case(
        python=lambda r: sorted((i.node.id, 0 if i.problem == "no-formal-parent" else len(i.related),
                                 sorted(x.id for x in i.related)) for i in r.issues if i.problem != "loop"),
        twin=lambda rows: sorted((r["body"], r["formal_parents"], sorted(r["related"])) for r in rows)),
}


@pytest.fixture(scope="module")
def graphs(request: pytest.FixtureRequest) -> dict[str, tuple[Partnership, CypherGraph]]:
    """Each dataset, and its graph in the engine as of the day its queries answer for."""
    loaded = {}
    for name in DATASETS:
        p: Partnership = request.getfixturevalue(name)
        loaded[name] = (p, open_graph(p))
    return loaded


def test_every_registered_query_has_a_twin_or_a_declared_exception() -> None:
    registered = {q.name for q in all_queries()}
    missing = registered - set(twins()) - set(EXCEPTIONS)
    assert not missing, f"no Cypher twin and no declared exception: {sorted(missing)}"
    assert set(twins()) <= registered, f"twins of no registered query: {sorted(set(twins()) - registered)}"
    assert set(EXCEPTIONS) <= registered
    assert not set(twins()) & set(EXCEPTIONS), "a query with a twin is also declared an exception"
    assert all(len(reason.split()) >= 5 for reason in EXCEPTIONS.values()), "an exception needs its reason"


def test_every_twin_is_compared_here_and_documents_its_parameters() -> None:
    assert set(CASES) == set(twins())
    for twin in twins().values():
        assert twin.notes.get("part"), f"{twin.name} does not say what part of the answer it gives"
        for name in twin.parameters:
            assert f"${name}" in twin.notes, f"{twin.name}: ${name} is not documented in the file's head"


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_twin_answers_as_the_python_query_does(graphs: dict[str, tuple[Partnership, CypherGraph]],
                                                   name: str, dataset: str) -> None:
    p, graph = graphs[dataset]
    case, twin = CASES[name], twins()[name]
    twin_params, python_params = case.params(name, p)
    result = run_query(name, p, python_params)
    assert result.as_of == graph.day
    answer = graph.run(twin.text, twin_params)
    assert not answer.truncated
    assert case.twin(answer.records()) == case.expected(p, result)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_twin_is_compared_on_a_real_answer_somewhere(graphs: dict[str, tuple[Partnership, CypherGraph]],
                                                          name: str) -> None:
    """The comparison means something: on at least one dataset the answer is not empty."""
    case, twin = CASES[name], twins()[name]
    sizes = []
    for p, graph in graphs.values():
        twin_params, _ = case.params(name, p)
        sizes.append(len(graph.run(twin.text, twin_params).rows))
    assert max(sizes) > 0, f"{name}'s twin answers nothing on every dataset"


def _with_delegation_in_force(p: Partnership) -> Partnership:
    """``p`` with every delegation made firm (none marked conditional), so that reporting lines climb through it."""
    import dataclasses

    info, nodes, edges = p.records()
    return Partnership(info, nodes, [dataclasses.replace(e, conditional=None) if e.type is EdgeType.DELEGATES_TO
                                     else e for e in edges])


@pytest.mark.parametrize("firm", [False, True], ids=["york", "york-delegation-in-force"])
def test_the_reporting_line_twin_answers_from_every_node(york: Partnership, firm: bool) -> None:
    """Every body, unit, service, post and partner of York, as it is and with its delegations in force (the twin
    follows delegation read backwards then, as Python does: the council above the YorOK Board, and a top)."""
    from queries.reporting_lines import CLIMB

    p = _with_delegation_in_force(york) if firm else york
    graph, twin = open_graph(p), twins()["reporting-line"]
    day = p.as_of(p.default_day())
    starts = [n.id for n in day.nodes(*CLIMB)]
    climbed = 0
    for start in starts:
        python = _above(run_query("reporting-line", p, {"node": start}))
        assert _above_rows(graph.run(twin.text, {"node": start}).records()) == python, start
        climbed += bool(python)
    assert climbed > len(starts) // 2
    # the council may delegate budget decisions to the YorOK Board: listed on a condition, or a top once in force
    council = ("city-of-york-council", True, False) if firm else ("city-of-york-council", False, True)
    assert council in _above(run_query("reporting-line", p, {"node": "yorok-board"}))


def _small(nodes: list[tuple[str, str]], edges: list[tuple[str, str, str]], **extra: dict[str, Any]) -> Partnership:
    """A small partnership from (id, type) nodes and (type, from, to) edges; ``extra`` adds fields by id."""
    return Partnership.from_records(
        {"id": "small", "name": "Small"},
        nodes=[{"id": i, "type": t, "name": i.title(), **extra.get(i, {})} for i, t in nodes],
        edges=[{"type": t, "from": a, "to": b, **extra.get(f"{a}>{b}", {})} for t, a, b in edges])


def test_the_reporting_line_twin_climbs_through_two_firm_delegations() -> None:
    """A sub-group accountable to a board that receives powers from a board that receives powers from a third,
    which reports on a condition to a fourth; a partner may (on a condition) delegate to the first board."""
    p = _small([("g", "SubGroup"), ("b", "Board"), ("c", "Board"), ("d", "Board"), ("e", "Board"),
                ("council", "Partner")],
               [("ACCOUNTABLE_TO", "g", "b"), ("DELEGATES_TO", "c", "b"), ("DELEGATES_TO", "d", "c"),
                ("REPORTS_TO", "d", "e"), ("DELEGATES_TO", "council", "b")],
               **{"d>e": {"condition": "as necessary"}, "council>b": {"conditional": True}})
    python = _above(run_query("reporting-line", p, {"node": "g"}))
    assert python == [("b", False, False), ("c", False, False), ("council", False, True), ("d", False, False),
                      ("e", False, True)]
    assert _above_rows(open_graph(p).run(twins()["reporting-line"].text, {"node": "g"}).records()) == python


def test_the_duplicates_twin_blocks_as_python_does_on_every_rule() -> None:
    """One outcome; services recorded for a city and for an area inside it, with and without a cohort or a
    locality; two of one council, two of a collective partner, one with nobody recorded."""
    from queries.duplication import candidate_pairs

    services = {"a": ("c1", "area"), "b": ("c1", "city"), "d": (None, "city"), "e": (None, "area"),
                "f": ("c1", None), "g": (None, None), "h": ("c1", "area"), "i": ("c1", "area"),
                "j": ("c2", "area"), "k": (None, "city"), "m": ("c1", "area")}
    who = {"a": "council", "b": "nhs", "d": "nhs", "e": "council", "f": "nhs", "h": "council", "i": "schools",
           "k": "police", "m": "schools"}
    edges = [("PART_OF", "area", "city")]
    for s, (cohort, place) in services.items():
        edges += [("CONTRIBUTES_TO", s, "o")] + ([("TARGETS", s, cohort)] if cohort else []) \
            + ([("SERVES", s, place)] if place else []) + ([("COMMISSIONS", who[s], s)] if s in who else [])
    p = _small([("o", "Outcome"), ("c1", "Cohort"), ("c2", "Cohort"), ("city", "Locality"), ("area", "Locality"),
                ("council", "Partner"), ("nhs", "Partner"), ("schools", "Partner"), ("police", "Partner"),
                *((s, "Service") for s in services)], edges,
               schools={"collective": True}, **{s: {"status": "active"} for s in services})
    graph, twin = open_graph(p), twins()["duplicates"]
    for cross in (True, False):
        python = candidate_pairs(p, cross_partner=cross)
        rows = graph.run(twin.text, {**twin.defaults, "cross_partner": cross}).records()
        assert sorted((r["a"], r["b"], sorted(map(_key, r["shared"]))) for r in rows) == \
            sorted((a, b, sorted(map(_key, keys))) for (a, b), keys in python.items())
        assert (("a", "h") in python) is not cross  # one council commissions both
        assert ("i", "m") in python  # one collective partner (many schools) commissions both
        assert ("d", "e") in python and ("d", "k") in python and ("a", "i") in python and ("f", "g") in python
        assert ("a", "j") not in python and ("b", "g") in python
