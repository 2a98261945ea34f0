"""The example scenarios shipped with the package (``queries/scenarios/examples``), each compared with an answer
checked by hand from the data; opening a scenario by example name or by path; a scenario given as data."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from graph_model import EdgeType, InvalidTarget, Partnership
from loaders.synthetic import build, generate
from queries.scenarios import (
    apply_scenario,
    check_scenario,
    example_names,
    example_path,
    open_scenario,
    parse_scenario_data,
)
from queries.scenarios.bench import scenario_of
from queries.scenarios.compare import ComparisonRow, ScenarioComparison, compare_scenario

from .helpers import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ("staffordshire-pool-short-breaks", "synthetic-s-nfer-reroute", "york-decommission-howe-hill")


@pytest.fixture(scope="module")
def synthetic_s() -> Partnership:
    """``bookcase generate --scale s`` (seed 0): the one-authority synthetic partnership, which records money."""
    return build(generate("s", 0)[0])


def rows(result: ScenarioComparison, section: str, change: str | None = None) -> list[ComparisonRow]:
    return [r for r in result.rows if r.section == section and (change is None or r.change == change)]


# -- the examples ----------------------------------------------------------------------------------


def test_york_decommissioning_howe_hill(york: Partnership) -> None:
    """Seed 001: Howe Hill works with homeless young people aged 16-21; about 45 sixteen and seventeen year olds a
    year presented as homeless before it opened, none since. By hand: York's data has Howe Hill alone targeting the
    two homeless cohorts and contributing to "no homeless 16 and 17 year olds" (checked here from the edges), so all
    three are left with no other service; it records no money for Howe Hill, so none is known to be freed."""
    for cohort in ("homeless-16-21", "homeless-16-17"):
        assert [e.from_ for e in york.in_edges(cohort, EdgeType.TARGETS)] == ["howe-hill"]
    assert [e.from_ for e in york.in_edges("no-homeless-16-17-year-olds", EdgeType.CONTRIBUTES_TO)] == ["howe-hill"]
    assert not york.in_edges("howe-hill", EdgeType.FUNDS) or all(
        e.amount is None for e in york.in_edges("howe-hill", EdgeType.FUNDS))  # type: ignore[attr-defined]

    result = compare_scenario(york, open_scenario("york-decommission-howe-hill"))
    assert result.as_of == dt.date(2016, 3, 31) and not result.warnings
    lost = {r.id: r.change for r in rows(result, "cover")}
    assert lost == {"no-homeless-16-17-year-olds": "left uncovered", "homeless-16-21": "left uncovered",
                    "homeless-16-17": "left uncovered"}
    (risk,) = rows(result, "money", "result at risk")
    assert risk.id == "homeless-16-17-presentations" and risk.before.startswith("0 young people a year")
    assert "from 45 young people a year" in risk.before
    assert result.money_freed == "none recorded"  # unknown, never £0
    assert result.contract_value_freed == "unknown (1 contract with no value recorded)"


def test_staffordshire_pooling_the_short_breaks_money(staffordshire: Partnership) -> None:
    """The short-breaks framework's contract is worth £800,000 over 1 April 2020 to 31 March 2022 (the OCDS award
    in the bundled data), two years: the example assumes £400,000 a year, pools it in the Children's Trust pooled
    budget (a plan the data holds, with no amount) and pays the framework from it. By hand: annual spend goes from
    none recorded to £400,000, resting on the assumption; the framework records no tier, so the money counts in no
    prevention share (unknown before and after, the untiered £400,000 said); pooling stops no service, so it frees
    nothing; the pool, in place now and paying a service, resolves "funds nothing" and raises "not reported"."""
    contract = staffordshire.edge("staffordshire-county-council--commissions--short-breaks-framework")
    years = (contract.valid_to - contract.valid_from + dt.timedelta(days=1)).days / 365.25  # type: ignore[operator]
    sc = open_scenario("staffordshire-pool-short-breaks")
    (assumed,) = [c for c in sc.changes if c.change == "assume"]  # type: ignore[attr-defined]
    assert assumed.amount * round(years) == contract.lifetime_value == 800_000  # type: ignore[attr-defined]

    result = compare_scenario(staffordshire, sc)
    assert result.as_of == dt.date(2021, 3, 31)
    assert (result.spend_before, result.spend_after) == ("none recorded", "£400,000")
    (spend,) = rows(result, "money", "changed")
    assert spend.assumed
    (moved,) = rows(result, "money", "re-routed")
    assert moved.assumed and moved.after.startswith("£400,000 a year paid to Children's Short Break")
    (share,) = rows(result, "prevention")
    assert (share.before, share.after, result.prevention_after.share) == ("unknown", "unknown", None)
    assert "no recorded tier (in no share) none recorded before, £400,000 after" in share.detail
    assert result.money_freed == "none (no service stopped)"
    assert result.assumptions == ["Children's Trust pooled budget arrangement: £400,000 a year "
                                  "(a year, 2020/21 and 2021/22)"]
    # The framework's £800,000 contract value is already money recorded for it, so nothing it reaches was a money
    # gap before: pooling gains no cover (and Staffordshire's 50 generated areas are named nowhere).
    assert rows(result, "cover") == []
    assert "0 gaining it" in result.summary()
    health = {(r.change, r.before if r.change == "resolved" else r.after) for r in rows(result, "health")
              if r.id == "childrens-trust-pooled-budget"}
    assert health == {("resolved", "budget-funds-nothing"), ("new", "pooled-budget-not-reported")}


def test_synthetic_s_nfer_rerouting_shows_the_prevention_share_before_and_after(synthetic_s: Partnership) -> None:
    """By hand from the records: on the comparison's day, known budget flows into tier 2 services add up to T2 and
    into tiers 3-4 to T34 (summed here straight from the FUNDS edges); the example moves £700,000 a year from a tier 4
    placement service to two tier 2 services, so the share goes from T2 / (T2 + T34) to (T2 + 700,000) / (T2 + T34),
    and the total stays the same."""
    sc = open_scenario("synthetic-s-nfer-reroute")
    day = synthetic_s.dating().day
    now = synthetic_s.as_of(day)
    t2 = t34 = 0.0
    for e in now.edges(EdgeType.FUNDS):
        tier = now.node(e.to).tier  # type: ignore[attr-defined]
        amount = e.amount  # type: ignore[attr-defined]
        if amount is not None and tier == 2:
            t2 += amount
        elif amount is not None and tier in (3, 4):
            t34 += amount
    placements = synthetic_s.node("a001.svc-0034")
    assert (placements.tier, synthetic_s.in_edges(placements.id, EdgeType.FUNDS)[0].amount) == (4, 843_700)  # type: ignore[attr-defined]

    result = compare_scenario(synthetic_s, sc)
    assert result.prevention_before.share == pytest.approx(t2 / (t2 + t34))
    assert result.prevention_after.share == pytest.approx((t2 + 700_000) / (t2 + t34))
    assert result.prevention_after.share > result.prevention_before.share  # type: ignore[operator]
    (share,) = rows(result, "prevention")
    assert (share.before, share.after) == (f"{t2 / (t2 + t34):.1%}", f"{(t2 + 700_000) / (t2 + t34):.1%}")
    assert result.spend_before == result.spend_after
    assert [r.before for r in rows(result, "money", "re-routed")] == [
        "£500,000 a year with " + placements.name, "£200,000 a year with " + placements.name]
    after = apply_scenario(synthetic_s, sc).partnership
    assert after.in_edges(placements.id, EdgeType.FUNDS)[0].amount == 143_700  # type: ignore[attr-defined]


# -- opening scenarios -----------------------------------------------------------------------------


def test_the_examples_are_shipped_as_package_data() -> None:
    assert tuple(example_names()) == EXAMPLES
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["queries"]
    assert "scenarios/examples/*.yaml" in patterns
    for name in EXAMPLES:
        path = example_path(name)
        assert path is not None and path.parent.name == "examples" and path.parent.parent.name == "scenarios"
        assert not open_scenario(name).problems
        assert example_path(f"{name}.yaml") == path


def test_a_path_still_opens_and_wins_over_a_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert open_scenario(SCENARIOS / "york-stop-first.yaml").info.name == "Stop FIRST"  # type: ignore[union-attr]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "york-decommission-howe-hill").write_text((SCENARIOS / "york-stop-first.yaml").read_text())
    assert open_scenario("york-decommission-howe-hill").info.name == "Stop FIRST"  # type: ignore[union-attr]


def test_an_unknown_name_lists_the_examples() -> None:
    with pytest.raises(InvalidTarget, match=r"no scenario file 'york-howe-hill'; did you mean "
                                            r"york-decommission-howe-hill\?; .*shipped example: "
                                            "staffordshire-pool-short-breaks, synthetic-s-nfer-reroute"):
        open_scenario("york-howe-hill")


def test_a_scenario_given_as_data_is_checked_as_a_file_is(york: Partnership) -> None:
    sc = parse_scenario_data({"scenario": {"name": "Typos"}, "changes": [
        {"change": "decommission", "services": ["Howe Hil"], "from": "2015-04-01"},
        {"change": "reroute", "amount": "lots", "out_of": "first", "into": "catalyst"}]}, file="request")
    (bad_amount,) = sc.problems
    assert (str(bad_amount.location), bad_amount.location.line) == ("request, change 2, field 'amount'", None)
    fixed = parse_scenario_data({"scenario": {"name": "Typo"}, "changes": [
        {"change": "decommission", "services": ["Howe Hil"], "from": "2015-04-01"}]}, file="request")
    (unknown,) = check_scenario(york, fixed)
    assert str(unknown).startswith("request, change 1, field 'services': no node has id or name 'Howe Hil'; "
                                   "closest: howe-hill")


def test_the_benchmark_scenario_applies_cleanly(synthetic_s: Partnership) -> None:
    """The benchmark's scenario (queries/scenarios/bench.py) must apply, or it would time an error: 100 changes of
    several kinds, none contradicting another."""
    sc = scenario_of(synthetic_s, size=100, seed=0)
    assert len(sc.changes) == 100 and not sc.problems
    assert len({c.change for c in sc.changes}) >= 5  # type: ignore[attr-defined]
    assert check_scenario(synthetic_s, sc) == []


def test_cover_lost_among_example_services_says_so_and_what_it_rests_on(york: Partnership) -> None:
    """001 names Howe Hill as an example of York's commissioning, not its whole provision, and that the council
    commissions it is the project's reading: losing cover means no other *recorded* service, and the comparison
    says what it rests on."""
    result = compare_scenario(york, open_scenario("york-decommission-howe-hill"))
    summary = result.summary()
    assert "losing cover means no other recorded service reaches it" in summary
    assert "Rests on: This answer touches 1 record that is the project's reading" in summary
    (contract,) = rows(result, "money", "contract stopped")
    assert contract.assumed and "that it is commissioned is the project's reading" in contract.detail
    assert {r.after for r in rows(result, "cover")} == {"no other active service recorded"}
