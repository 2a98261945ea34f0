"""Checking a scenario: unknown ids with close matches, contradictions, money that is not there, and the
schema's own rules on the changed partnership; nothing applied."""

from __future__ import annotations

import pytest

from graph_model import Partnership, Rule
from loaders import load
from queries.scenarios import InvalidScenario, apply_scenario, check_scenario

from .helpers import SCENARIOS, scenario


@pytest.fixture(scope="module")
def county() -> Partnership:
    return load(SCENARIOS / "nfer-county.yaml")


def test_an_unknown_id_gets_the_closest_matches(york: Partnership) -> None:
    problems = check_scenario(york, scenario("  - {change: decommission, services: [frist], from: 2015-04-01}\n"))
    assert len(problems) == 1
    assert problems[0].rule is Rule.DANGLING_REFERENCE and problems[0].location.line == 3
    assert "no node has id or name 'frist'; closest: first" in problems[0].message


def test_a_node_of_the_wrong_kind_is_refused(york: Partnership) -> None:
    problems = check_scenario(york, scenario("  - {change: decommission, services: [yorok-board], from: 2015-04-01}\n"))
    assert [str(p) for p in problems] == ["test.yaml, line 3, field 'services': 'yorok-board' is a Board, not a "
                                          "Service; allowed: Service [invalid-value]"]


def test_changes_that_contradict_each_other_are_found(york: Partnership) -> None:
    problems = check_scenario(york, scenario("  - {change: decommission, services: [first], from: 2015-04-01}\n"
                                             "  - {change: decommission, services: [FIRST], from: 2015-06-01}\n"))
    assert [(p.location.line, p.rule) for p in problems] == [(4, Rule.INVALID_VALUE)]
    assert "this change stops 'first', which contradicts change 1: it already stops it" in problems[0].message


def test_money_into_a_stopped_service_contradicts_the_stop(county: Partnership) -> None:
    problems = check_scenario(county, scenario(
        "  - {change: decommission, services: [early-help], from: 2014-04-01}\n"
        "  - {change: reroute, amount: 100, out_of: placements, into: early-help}\n"))
    assert [p.location.line for p in problems] == [4]
    assert "contradicts change 1" in problems[0].message


def test_a_reroute_larger_than_the_money_there_is_refused(county: Partnership) -> None:
    """The care budget pays specialist placements £8,000,000 a year (nfer-county.yaml)."""
    problems = check_scenario(county, scenario("  - {change: reroute, amount: £9m, out_of: placements, "
                                               "into: early-help}\n"))
    assert [p.message for p in problems] == ["a re-route of £9,000,000 is larger than the £8,000,000 a year "
                                             "'care-budget' pays 'placements'"]
    assert problems[0].allowed == "at most £8,000,000"


def test_a_reroute_of_money_the_data_does_not_know_asks_for_an_assumption(county: Partnership) -> None:
    """The family support fund records no amount (nfer-county.yaml)."""
    problems = check_scenario(county, scenario("  - {change: reroute, amount: 1, out_of: family-support-fund, "
                                               "into: early-help}\n"))
    assert ["records no amount" in p.message and "assume" in (p.allowed or "") for p in problems] == [True]


def test_an_assumption_may_not_replace_a_recorded_amount(county: Partnership) -> None:
    problems = check_scenario(county, scenario("  - {change: assume, node: care-budget, amount: 1}\n"))
    assert ["already records amount £10,000,000" in p.message for p in problems] == [True]


def test_a_result_that_breaks_the_schema_is_reported_by_the_schemas_own_checks(york: Partnership) -> None:
    """The ICG is accountable to the YorOK Board (seed 002): putting the board under the ICG makes a loop."""
    problems = check_scenario(york, scenario("  - {change: move, body: yorok-board, to: icg}\n"))
    assert [p.rule for p in problems] == [Rule.ACCOUNTABILITY_LOOP]
    assert problems[0].message.startswith("the changed partnership would break the schema:")
    assert problems[0].location.file == "test.yaml" and problems[0].location.line == 3


def test_nothing_is_applied_when_there_is_a_problem(county: Partnership) -> None:
    sc = scenario("  - {change: reroute, amount: 100, out_of: placements, into: early-help}\n"
                  "  - {change: join, member: nobody, body: trust-board}\n")
    before = county.edges()
    with pytest.raises(InvalidScenario, match="1 problem found; nothing was applied"):
        apply_scenario(county, sc)
    assert county.edges() == before
    assert county.edge("care-budget--funds--placements").amount == 8_000_000


def test_a_clean_scenario_has_no_problems(york: Partnership) -> None:
    assert check_scenario(york, scenario("  - {change: decommission, services: [first], from: 2015-04-01}\n")) == []
