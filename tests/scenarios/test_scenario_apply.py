"""Applying each kind of change, with hand-checkable results, and writing the changed partnership."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph_model import EdgeType, Partnership
from loaders import load, write
from queries.scenarios import apply_scenario, read_scenario

from .helpers import SCENARIOS, scenario

TAG = "scenario test.yaml: change 1"


@pytest.fixture(scope="module")
def county() -> Partnership:
    return load(SCENARIOS / "nfer-county.yaml")


def test_decommission_ends_the_service_and_its_money_the_day_before(county: Partnership) -> None:
    after = apply_scenario(county, scenario("  - {change: decommission, services: [placements], from: 2015-04-01}\n"))
    q = after.partnership
    svc = q.node("placements")
    assert (svc.status.value, svc.end_date, svc.source) == ("decommissioned", dt.date(2015, 3, 31), TAG)  # type: ignore[attr-defined]
    assert q.edge("care-budget--funds--placements").valid_to == dt.date(2015, 3, 31)
    assert svc.status_on(dt.date(2015, 3, 31)).value == "active"  # type: ignore[attr-defined]
    assert svc.status_on(dt.date(2015, 4, 1)).value == "decommissioned"  # type: ignore[attr-defined]


def test_commission_adds_the_service_with_its_links(county: Partnership) -> None:
    q = apply_scenario(county, scenario(
        "  - change: commission\n    id: edge-of-care-team\n    name: Edge of care team\n    tier: 2\n"
        "    outcomes: [fewer-lac]\n    cohorts: [Families on the edge of care]\n    commissioner: county-council\n"
        "    provider: health\n    budget: care-budget\n    amount: 300k\n    from: 2014-04-01\n")).partnership
    svc = q.node("edge-of-care-team")
    assert (svc.tier, svc.start_date, svc.source) == (2, dt.date(2014, 4, 1), TAG)  # type: ignore[attr-defined]
    links = {(e.type.value, e.from_, e.to) for e in q.edges() if "edge-of-care-team" in (e.from_, e.to)}
    assert links == {("CONTRIBUTES_TO", "edge-of-care-team", "fewer-lac"), ("TARGETS", "edge-of-care-team", "edge-of-care"),
                     ("COMMISSIONS", "county-council", "edge-of-care-team"), ("DELIVERS", "health", "edge-of-care-team"),
                     ("FUNDS", "care-budget", "edge-of-care-team")}
    assert q.edge("care-budget--funds--edge-of-care-team").amount == 300_000
    assert all(e.source == TAG for e in q.in_edges("edge-of-care-team"))


def test_reroute_between_services_moves_the_amount(county: Partnership) -> None:
    """£8m to placements and £2m to early help; moving £2.3m leaves £5.7m and £4.3m."""
    q = apply_scenario(county, read_scenario(SCENARIOS / "nfer-reroute.yaml")).partnership
    assert q.edge("care-budget--funds--placements").amount == pytest.approx(5_700_000)
    assert q.edge("care-budget--funds--early-help").amount == pytest.approx(4_300_000)
    assert q.edge("care-budget--funds--early-help").source == "scenario nfer-reroute.yaml: change 1"


def test_an_assumption_is_marked_wherever_it_is_used(county: Partnership) -> None:
    """The family support fund records no amount: the scenario assumes £500,000 and moves £200,000 to early help."""
    after = apply_scenario(county, scenario(
        "  - {change: reroute, amount: 200k, out_of: family-support-fund, into: early-help}\n"
        "  - {change: assume, node: family-support-fund, amount: 500k, period: 2013-14}\n"))
    q = after.partnership
    fund = q.node("family-support-fund")
    assert (fund.amount, fund.assumed, fund.source) == (500_000, True, "scenario test.yaml: change 2")  # type: ignore[attr-defined]
    flow = q.edge("family-support-fund--funds--early-help")
    assert (flow.amount, flow.assumed, flow.source) == (200_000, True, TAG)
    assert not q.edge("care-budget--funds--early-help").assumed  # not touched, not resting on the assumption


def test_pool_changes_the_kind_and_adds_contributions(county: Partnership) -> None:
    q = apply_scenario(county, scenario(
        "  - change: pool\n    budget: family-support-fund\n    kind: aligned\n    legal_basis: s10 Children Act 2004\n"
        "    contributions: [{partner: health, amount: 250k}, {partner: county-council}]\n")).partnership
    fund = q.node("family-support-fund")
    assert (fund.kind.value, fund.legal_basis) == ("aligned", "s10 Children Act 2004")  # type: ignore[attr-defined]
    given = {e.from_: e.amount for e in q.in_edges("family-support-fund", EdgeType.CONTRIBUTES)}
    assert given == {"health": 250_000, "county-council": None}  # an amount not given stays unknown


def test_move_merge_join_and_leave(york: Partnership) -> None:
    """The ICG is accountable to the YorOK Board and the Youth Council sits apart (seed 002)."""
    q = apply_scenario(york, scenario("  - {change: move, body: icg, to: without-walls-board}\n")).partnership
    assert [e.to for e in q.out_edges("icg", EdgeType.ACCOUNTABLE_TO)] == ["without-walls-board"]
    members = {e.from_ for e in york.in_edges("icg", EdgeType.MEMBER_OF)}
    someone = sorted(members)[0]
    q = apply_scenario(york, scenario(f"  - {{change: leave, member: {someone}, body: icg}}\n"
                                      f"  - {{change: join, member: {someone}, body: yorok-board, role: invited}}\n")
                       ).partnership
    assert someone not in {e.from_ for e in q.in_edges("icg", EdgeType.MEMBER_OF)}
    assert [e.role.value for e in q.out_edges(someone, EdgeType.MEMBER_OF) if e.to == "yorok-board"] == ["invited"]  # type: ignore[attr-defined]


def test_merge_passes_every_link_to_the_body_kept(york: Partnership) -> None:
    before_icg = {(e.type, e.from_) for e in york.in_edges("icg")}
    after = apply_scenario(york, scenario("  - {change: merge, body: icg, into: yorok-board}\n"))
    q = after.partnership
    assert "icg" not in q and after.removed["icg"] == 1
    now = {(e.type, e.from_) for e in q.in_edges("yorok-board")}
    assert {(t, f) for t, f in before_icg if f != "yorok-board"} <= now


def test_the_changed_partnership_is_written_by_the_loaders_writers(york: Partnership, tmp_path: Path) -> None:
    after = apply_scenario(york, read_scenario(SCENARIOS / "york-stop-first.yaml")).partnership
    out = write(after, tmp_path / "york-after.yaml")
    assert load(out) == after
    assert load(out).node("first").source == "scenario york-stop-first.yaml: change 1"


def test_a_pool_from_a_day_is_in_place_from_that_day(county: Partnership) -> None:
    """The family support fund records no first day; pooling it from 1 April 2014 records that day."""
    q = apply_scenario(county, scenario("  - {change: pool, budget: family-support-fund, from: 2014-04-01}\n")
                       ).partnership
    fund = q.node("family-support-fund")
    assert (fund.kind.value, fund.valid_from) == ("pooled", dt.date(2014, 4, 1))  # type: ignore[attr-defined]
