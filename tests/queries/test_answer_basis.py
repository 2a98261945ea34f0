"""What every answer says it rests on (issue #8 points 1 and 9): how much of the partnership the data
records, which of the records it touches are the project's reading or generated, and the same answer
on the documents' statements alone.

The facts behind the expectations:
- York's seed 001 gives ten commissioning examples (FIRST, Catalyst, the two-year-old entitlement, the
  Early Intervention Fund, Nurture Groups, ELSA, TaMHS, NEET and RPA provision, Howe Hill, teenage
  pregnancy services), not a list of every service; the York data's file says so (coverage: examples).
- No York seed links an outcome to one of seed 000's five priorities: those SUPPORTS_PRIORITY links are
  the project's mapping (York partnership notes), marked ``assumed``.
- Staffordshire's seed 003 §6 says there are eight District Children's Trust Boards but not how they
  answer to the county board: their REPORTS_TO links are the project's reading.
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import INFO, build, edge, node
from test_cli import bookcase

from graph_model import InvalidParameters, Partnership
from queries import all_queries, run_query
from queries.examples import example_params
from queries.registry import stated


@pytest.mark.parametrize("dataset", ["york", "staffordshire"])
def test_every_answer_states_its_coverage_and_what_it_rests_on(dataset: str, request: pytest.FixtureRequest) -> None:
    p: Partnership = request.getfixturevalue(dataset)
    services = len(p.nodes("Service"))
    for q in all_queries():
        params = example_params(q, p)
        if params is None:
            continue
        result = run_query(q.name, p, params)
        assert result.coverage.startswith(f"{services} service"), (q.name, result.coverage)
        assert "the documents' examples, not the whole provision" in result.coverage, q.name
        assert result.rests_on.sentence, q.name


def test_york_coverage_counts_the_ten_examples(york: Partnership) -> None:
    coverage = run_query("gaps", york).coverage
    # Seed 001: ELSA carries on the work TaMHS did, so 9 of the 10 were in force on 31 March 2016.
    assert coverage.startswith("10 services recorded (9 in force on 31 March 2016), the documents' examples, "
                               "not the whole provision;")
    assert "(recorded in part: totals are not the partnership's spend)" in coverage
    # Before the two-year-old entitlement began (September 2013, seed 001), fewer were in force.
    early = run_query("gaps", york, as_of=dt.date(2013, 6, 1)).coverage
    assert early.startswith("10 services recorded (") and "in force on 1 June 2013)" in early


def test_a_cohort_with_no_recorded_service_is_not_called_a_gap_in_provision(york: Partnership) -> None:
    """Seed 001 names no service for looked-after children among its examples; that does not mean York
    has none, so the answer says 'no active service recorded' and marks it not-recorded."""
    result = run_query("gaps", york)
    looked_after = next(g for g in result.gaps if g.node.id == "looked-after-children")
    assert (looked_after.gap, looked_after.evidence) == ("no-active-service", "not-recorded")
    summary = result.summary()
    assert "1 of 18 cohorts has no active service recorded: Looked after children." in summary
    assert "has no active service:" not in summary
    assert "not evidence that no provision exists" in summary
    assert {row["evidence"] for row in result.table() if row["section"] == "gap"} == {"not-recorded"}


def test_a_gap_is_a_gap_where_the_data_records_every_service() -> None:
    nodes = [node("carers", "Cohort", name="Young carers"), node("refugees", "Cohort", name="Refugee children"),
             node("club", "Service", name="Carers' club"), node("pot", "Budget", name="Pot")]
    edges = [edge("TARGETS", "club", "carers"), edge("FUNDS", "pot", "club")]
    complete = Partnership.from_records({**INFO, "coverage": {"services": "complete", "money": "complete"}},
                                        nodes=nodes, edges=edges)
    result = run_query("gaps", complete)
    refugees = next(g for g in result.gaps if g.node.id == "refugees")
    assert refugees.evidence == "gap"
    assert "1 of 2 cohorts has no active service: Refugee children." in result.summary()
    assert "not evidence" not in result.summary()
    assert result.coverage.startswith("1 service recorded, the whole provision")
    # The same records with no declaration: the data does not say it is complete.
    undeclared = build(nodes, edges)
    assert next(g for g in run_query("gaps", undeclared).gaps if g.node.id == "refugees").evidence == "not-recorded"
    assert "does not say whether that is every service" in run_query("gaps", undeclared).coverage


def test_golden_thread_says_it_rests_on_the_projects_mapping(york: Partnership) -> None:
    """Every York outcome reaches a priority only through the project's own mapping: the answer says that
    on the documents' statements alone no service threads through to a plan."""
    result = run_query("golden-thread", york)
    assert result.summary().startswith("All 9 services checked thread through to a plan")  # TaMHS is over (001)
    assert result.rests_on.changes
    assert result.rests_on.without.startswith("0 of 9 services thread through to a plan")
    assert "--stated-only" in result.rests_on.sentence

    alone = run_query("golden-thread", york, stated_only=True)
    assert alone.summary().startswith("0 of 9 services thread through to a plan")
    assert alone.rests_on.stated_only and not alone.rests_on.changes


def test_integrity_names_the_district_lines_as_the_projects_reading(staffordshire: Partnership) -> None:
    rests = run_query("accountability-integrity", staffordshire).rests_on
    district_lines = [a for a in rests.assumed if "District Children's Trust Board → Staffordshire Children's "
                                                  "Trust Board (REPORTS_TO)" in a]
    assert len(district_lines) == 8  # seed 003 §6: eight district boards, their line to the county not stated
    assert rests.generated > 0  # the fifty Community and Learning Partnerships are generated stand-ins


def test_an_answer_on_stated_records_only_is_the_same_says_so(york: Partnership) -> None:
    rests = run_query("interdependencies", york).rests_on  # 001: attainment rests on social and emotional skills
    assert not rests.changes and not rests.assumed
    assert "the same" in rests.sentence


def test_stated_leaves_out_assumed_and_generated_records(york: Partnership, staffordshire: Partnership) -> None:
    bare = stated(york)
    assert not any(e.assumed for e in bare.edges()) and not any(n.assumed for n in bare.nodes())
    # York's assumed nodes are readings of whole records (the Children's Fund's end, TaMHS as over); their links go
    # with them. York has no generated node. (The Early Intervention Fund's kind is a reading of one field.)
    readings = {n.id for n in york.nodes() if n.assumed}
    assert readings == {"childrens-fund", "tamhs"}
    assert len(york) - len(bare) == len(readings)
    assert bare.edge_count == sum(not e.assumed and not {e.from_, e.to} & readings for e in york.edges())
    staffs = stated(staffordshire)
    assert not any(n.generated for n in staffs.nodes())
    assert len(staffordshire) - len(staffs) == sum(n.generated or n.assumed for n in staffordshire.nodes())


def test_stated_only_refuses_a_generated_node_and_synthetic_data(staffordshire: Partnership) -> None:
    generated = next(n.id for n in staffordshire.nodes("SubGroup") if n.generated)
    with pytest.raises(InvalidParameters, match="--stated-only leaves out"):
        run_query("reporting-line", staffordshire, {"node": generated}, stated_only=True)
    synthetic = build([node("b", "Board", generated=True)])
    with pytest.raises(InvalidParameters, match="every record of this partnership is generated"):
        run_query("health", synthetic, stated_only=True)
    assert run_query("health", synthetic).rests_on.synthetic


def test_about_names_the_nodes_and_the_edges_between_them(york: Partnership) -> None:
    """Seed 002: the Integrated Commissioning Group is accountable to the YorOK Board."""
    about = run_query("reporting-line", york, {"node": "icg"}).about(york)
    assert about.nodes[0] == "icg" and "yorok-board" in about.nodes
    assert "icg--accountable_to--yorok-board" in about.edges
    assert all(york.edge(e).from_ in about.nodes and york.edge(e).to in about.nodes for e in about.edges)


def test_the_cli_prints_coverage_and_basis_and_takes_stated_only() -> None:
    done = bookcase("query", "golden-thread", "--dataset", "york")
    assert done.returncode == 0, done.stderr
    assert "\nCoverage: 10 services recorded" in done.stdout
    assert "\nRests on: " in done.stdout and "0 of 9 services thread through" in done.stdout
    alone = bookcase("query", "--stated-only", "golden-thread", "--dataset", "york")
    assert alone.returncode == 0, alone.stderr
    assert "0 of 9 services thread through to a plan" in alone.stdout.splitlines()[1]
    refused = bookcase("query", "--list", "--stated-only")
    assert refused.returncode != 0 and "write: bookcase query NAME --stated-only" in refused.stderr


def test_an_answer_on_york_service_tiers_says_they_are_the_projects_reading(york: Partnership) -> None:
    """No York seed gives a service tier: the tiers are the project's reading of 001's descriptions (declared in
    ``assumed_fields``). The prevention share turns on them, so funding says so, and on the documents' statements
    alone every tier is empty (no money is left to call prevention or specialist)."""
    assert "Service.tier" in york.info.assumed_fields
    rests = run_query("funding", york).rests_on
    assert [f.split(":")[0] for f in rests.fields] == ["Service.tier", "early-intervention-fund.kind"]
    assert "relies on service tiers and the kind of Early Intervention Fund: the project's reading" in rests.sentence
    bare = stated(york)
    assert {n.tier for n in bare.nodes("Service")} == {None}  # type: ignore[attr-defined]
    assert {n.tier for n in york.nodes("Service")} >= {1, 2, 3}  # type: ignore[attr-defined]
    # a query that does not read tiers is not said to rely on them
    assert not run_query("reports-to", york, {"node": "icg"}).rests_on.fields


def test_a_declared_reading_must_name_an_optional_field_of_a_node_type() -> None:
    from pydantic import ValidationError

    from graph_model.models import PartnershipInfo

    assert PartnershipInfo(id="d", name="D", assumed_fields={"Service.tier": "read"}).assumed_fields
    for bad in ("Service.name", "Servce.tier", "tier"):
        with pytest.raises(ValidationError, match="not an optional field of a node type or of a node"):
            PartnershipInfo(id="d", name="D", assumed_fields={bad: "read"})


def test_a_reading_of_one_records_field_empties_the_field_and_keeps_the_record(york: Partnership) -> None:
    """001 names the Early Intervention Fund and says who adds to it and what it pays for; only its kind (aligned)
    is the project's reading. On the documents' statements alone the fund stays, with no kind, so the projects it
    pays for still have funding recorded; an answer that turns on a budget's kind says it relies on the reading."""
    assert "early-intervention-fund.kind" in york.info.assumed_fields
    bare = stated(york)
    fund = bare.node("early-intervention-fund")
    assert fund.kind is None and york.node("early-intervention-fund").kind.value == "aligned"  # type: ignore[attr-defined]
    assert any(e.to == "eif-projects" for e in bare.out_edges("early-intervention-fund", "FUNDS"))
    gaps = run_query("gaps", york, stated_only=True)
    assert "eif-projects" not in {s for g in gaps.gaps for s in getattr(g, "service_ids", [])}
    rests = run_query("funding", york).rests_on
    assert any(f.startswith("early-intervention-fund.kind:") for f in rests.fields)
    assert "the kind of Early Intervention Fund" in rests.sentence


def test_a_reading_of_one_records_field_must_name_a_node_with_that_field() -> None:
    from graph_model import InvalidPartnership

    info = {"id": "d", "name": "D", "assumed_fields": {"fund.kind": "read", "nowhere.kind": "read",
                                                       "board.kind": "read"}}
    with pytest.raises(InvalidPartnership) as caught:
        Partnership.from_records(info, nodes=[{"id": "fund", "type": "Budget", "name": "Fund", "kind": "aligned"},
                                              {"id": "board", "type": "Board", "name": "Board"}], edges=[])
    messages = [p.message for p in caught.value.problems]
    assert messages == ["assumed_fields 'nowhere.kind': no node 'nowhere' is in the data",
                        "assumed_fields 'board.kind': Board 'board' has no field 'kind'"]


def test_what_an_answer_rests_on_does_not_depend_on_the_day_first_asked(york: Partnership) -> None:
    """The project's readings are found once per loaded partnership: from the whole of it, not from the view of
    the first day an answer was asked for (in 2012 the council's commissioning of Howe Hill, a reading, is not yet
    in force; asked later about 2016, the answer must still say it rests on it)."""
    fresh = Partnership(*york.records())
    run_query("health", fresh, as_of=dt.date(2012, 6, 30))
    rests = run_query("decommission-impact", fresh, {"node": ["howe-hill"]}).rests_on
    assert "City of York Council → Howe Hill (COMMISSIONS)" in rests.assumed
