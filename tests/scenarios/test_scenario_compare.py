"""Before and after, side by side, through the named queries: each section with a hand-checkable answer."""

from __future__ import annotations

import datetime as dt

import pytest

from graph_model import Partnership
from loaders import load
from queries.scenarios import read_scenario
from queries.scenarios.compare import ComparisonRow, ScenarioComparison, compare_scenario

from .helpers import SCENARIOS, scenario


@pytest.fixture(scope="module")
def county() -> Partnership:
    return load(SCENARIOS / "nfer-county.yaml")


def rows(result: ScenarioComparison, section: str, change: str | None = None) -> list[ComparisonRow]:
    return [r for r in result.rows if r.section == section and (change is None or r.change == change)]


def test_nfer_reroute_shows_the_prevention_share_before_and_after(county: Partnership) -> None:
    """£2m of £10m is tier 2 (20%); moving £2.3m from placements to early help makes it £4.3m of £10m (43%)."""
    result = compare_scenario(county, read_scenario(SCENARIOS / "nfer-reroute.yaml"))
    assert result.prevention_before.share == pytest.approx(0.2)
    assert result.prevention_after.share == pytest.approx(0.43)
    (share,) = rows(result, "prevention")
    assert (share.before, share.after, share.assumed) == ("20.0%", "43.0%", False)
    assert (result.spend_before, result.spend_after) == ("£10,000,000", "£10,000,000")
    (moved,) = rows(result, "money", "re-routed")
    assert moved.before == "£2,300,000 a year with Specialist placements"
    assert "Prevention share of annual spend: 20.0% before, 43.0% after." in result.summary()


def test_york_stop_first_shows_the_cohort_losing_cover_and_the_savings_at_risk(york: Partnership) -> None:
    """Seed 001: FIRST is for children with severe learning difficulties and challenging behaviour, and saved about
    £600,000; only Early Intervention Fund projects (tier 2, for disabled children in general) reach them besides."""
    result = compare_scenario(york, read_scenario(SCENARIOS / "york-stop-first.yaml"))
    lost = {r.id: r for r in rows(result, "cover")}
    assert lost["children-sld-challenging-behaviour"].change == "loses full cover"
    assert "Early Intervention Fund projects" in lost["children-sld-challenging-behaviour"].after
    assert lost["fewer-out-of-area-placements-disabled-children"].change == "left uncovered"
    risks = {r.id: r.before for r in rows(result, "money", "result at risk")}
    assert risks["first-cost-savings"].startswith("£600,000")
    # York records no amount for FIRST's money: unknown, never £0
    assert result.money_freed == "none recorded"
    assert result.prevention_before.share is None and rows(result, "prevention")[0].before == "unknown"
    assert "Cost savings from FIRST: £600,000" in result.summary()


def test_figures_resting_on_an_assumption_are_marked(county: Partnership) -> None:
    """Assume £500,000 in the family support fund and move £200,000 of it to early help: tier 2 becomes £2.2m
    against £8m at tiers 3-4, 21.6% — a figure resting on the assumption."""
    result = compare_scenario(county, scenario(
        "  - {change: assume, node: family-support-fund, amount: 500k}\n"
        "  - {change: reroute, amount: 200k, out_of: family-support-fund, into: early-help}\n"))
    (share,) = rows(result, "prevention")
    assert (share.before, share.after, share.assumed) == ("20.0%", "21.6%", True)
    assert rows(result, "money", "re-routed")[0].assumed
    assert result.assumptions == ["Family support fund: £500,000 a year"]


def test_a_new_service_gains_cover_and_needs_money(york: Partnership) -> None:
    """York records no active service for looked-after children (gaps); the new one is paid £120,000 a year from the
    Early Intervention Fund, so the cohort is reached and money reaches it."""
    result = compare_scenario(york, scenario(
        "  - {change: commission, id: lac-support, name: Support for looked after children, tier: 3, "
        "cohorts: [looked-after-children], outcomes: [better-attainment], budget: early-intervention-fund, "
        "amount: 120k}\n"))
    gained = {r.id: (r.before, r.after) for r in rows(result, "cover", "gains cover")}
    assert gained["looked-after-children"] == ("no active service", "reached")
    assert result.money_needed == "£120,000 a year"


def test_a_new_service_with_no_amount_needs_an_unknown_sum(york: Partnership) -> None:
    result = compare_scenario(york, scenario(
        "  - {change: commission, id: lac-support, name: LAC support, budget: early-intervention-fund}\n"))
    assert result.money_needed == "unknown (1 new service with no amount)"


def test_reporting_lines_and_governance_findings_changed(york: Partnership) -> None:
    """Moving the ICG under the Without Walls Board changes its line; a new service with no outcome is a new
    health finding."""
    result = compare_scenario(york, scenario(
        "  - {change: move, body: icg, to: without-walls-board}\n"
        "  - {change: commission, id: drop-in, name: Drop-in, tier: 2}\n"))
    (line,) = [r for r in rows(result, "reporting") if r.id == "icg"]
    assert "YorOK Board" in line.before and "Without Walls" in line.after
    assert any(r.id == "drop-in" for r in rows(result, "health", "new"))


def test_a_duplicate_group_created(county: Partnership) -> None:
    """A second early help service for the same families, from another partner, duplicates early help."""
    before = compare_scenario(county, scenario("  - {change: join, member: health, body: trust-board}\n"))
    assert rows(before, "duplicates") == []
    result = compare_scenario(county, scenario(
        "  - {change: commission, id: early-help-2, name: Early help, tier: 2, outcomes: [fewer-lac], "
        "cohorts: [edge-of-care], commissioner: health}\n"))
    (group,) = rows(result, "duplicates", "created")
    assert group.id == "early-help + early-help-2"


def test_a_referral_pathway_broken() -> None:
    """Early help refers to a specialist service; stopping the specialist service breaks the pathway."""
    p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
        {"id": "a", "type": "Service", "name": "Early help", "tier": 2},
        {"id": "b", "type": "Service", "name": "Specialist", "tier": 3}],
        edges=[{"type": "REFERS_TO", "from": "a", "to": "b"}])
    result = compare_scenario(p, scenario("  - {change: decommission, services: [b], from: 2015-04-01}\n"))
    assert [r.id for r in rows(result, "cover", "referral broken")] == ["a → b"]


def test_an_assumption_alone_changes_nothing(county: Partnership) -> None:
    """An assumption states what the data lacks: both sides carry it, so on its own it changes no answer. (Were it on
    the after side only, health's untendered-service-cost warning, for a yearly cost over £35,000 with no tender
    recorded, would show as a new finding for specialist placements.)"""
    result = compare_scenario(county, scenario("  - {change: assume, node: placements, amount: 100k}\n"))
    assert [(r.section, r.change) for r in result.rows] == [("prevention", "unchanged")]
    assert result.assumptions == ["Specialist placements: £100,000 a year"]


def test_a_change_after_the_comparison_day_is_warned_of_and_not_shown(county: Partnership) -> None:
    """The county's data ends on 31 March 2016; a stop from 2017 has not happened by then."""
    result = compare_scenario(county, scenario("  - {change: decommission, services: [early-help], from: 2017-01-01}\n"))
    assert result.as_of.isoformat() == "2016-03-31"
    assert result.warnings == ["change 1 takes effect on 1 January 2017, after 31 March 2016: the comparison does "
                               "not show it (give a later --as-of)"]
    assert rows(result, "cover") == [] and result.money_freed == "none (no service stopped)"
    later = compare_scenario(county, scenario("  - {change: decommission, services: [early-help], from: 2017-01-01}\n"),
                             as_of=dt.date(2017, 6, 1))
    assert {r.id for r in rows(later, "cover")} >= {"edge-of-care"}


def test_money_reaching_a_cohort_on_an_assumed_amount_is_marked() -> None:
    """A carers' club for young carers is paid by no budget; £50,000 of a fund whose size is assumed reaches it."""
    p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
        {"id": "club", "type": "Service", "name": "Carers' club", "tier": 2},
        {"id": "carers", "type": "Cohort", "name": "Young carers"},
        {"id": "fund", "type": "Budget", "name": "Fund"}],
        edges=[{"type": "TARGETS", "from": "club", "to": "carers"}])
    result = compare_scenario(p, scenario("  - {change: assume, node: fund, amount: 80k}\n"
                                          "  - {change: reroute, amount: 50k, out_of: fund, into: club}\n"))
    gained = {r.id: r for r in rows(result, "cover", "gains cover")}
    assert (gained["carers"].before, gained["carers"].after, gained["carers"].assumed) == (
        "reached, no money recorded", "reached", True)
