"""Funding: the ``funding`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (an unknown amount counted as zero, spend split unequally) fails a test.
Queries are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import SMALL, build, edge, node, short_breaks_award

from api.render import csv_text
from graph_model import EdgeType, InvalidParameters, Partnership
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_the_pooled_budgets_are_reported_to_the_yorok_board(york: Partnership) -> None:
    """002 Accountability & reporting: specific reporting to the YorOK Board on the financial
    position of pooled budgets."""
    funding: Any = run_query("funding", york)
    pooled = next(b for b in funding.budgets if b.id == "yorok-pooled-budgets")
    assert pooled.kind == "pooled" and pooled.reported_to == ["YorOK Board"]
    health: Any = run_query("health", york, {"rule": ["pooled-budget-not-reported"]})
    assert health.findings == []


def test_york_money_is_unknown_not_zero(york: Partnership) -> None:
    """001 and 002 name budgets and who funds what but give no amount for any of them."""
    r: Any = run_query("funding", york)
    flows = len(york.as_of(r.as_of).edges(EdgeType.FUNDS))  # the flows in force on the answer's date
    assert flows > 0
    assert r.total_spend.amount is None and r.total_spend.unknown == flows and r.total_spend.known == 0
    assert r.prevention.prevention_share is None
    assert all(b.balance is None for b in r.budgets if b.money_in.flows or b.money_out.flows)
    assert "£0" not in r.summary() and "unknown" in r.summary()
    funded = [row for row in r.table() if row["flows"]]
    assert funded and all(row["annual_amount"].startswith("unknown (") for row in funded)


def test_york_partners_put_money_into_the_early_intervention_fund(york: Partnership) -> None:
    """001 Early Intervention Fund: the city's funds are added to by the voluntary sector."""
    r: Any = run_query("funding", york, {"by": "partner"})
    eif = next(b for b in r.budgets if b.id == "early-intervention-fund")
    assert eif.money_in.flows == 2 and eif.money_in.amount is None
    assert {"City of York Council"} <= set(eif.contributors)


def test_staffordshires_short_breaks_contract_is_money_in_funding_as_a_lifetime_value(
        staffordshire: Partnership) -> None:
    """OCDS release (tests/fixtures/ocds): the framework's value is £800,000 over 2020-04-01 to 2022-03-31,
    bought by Staffordshire County Council. It is a contract's lifetime value, so it is shown apart from the
    annual budget amounts (seed 003 gives none), with its dates, and never added to them."""
    award = short_breaks_award()
    r: Any = run_query("funding", staffordshire)
    contracts = r.total_contracts
    assert (contracts.amount, contracts.contracts, contracts.basis) == (award["value"], 1, "lifetime")
    assert (contracts.start, contracts.end, contracts.same_dates) == (award["start"], award["end"], True)
    assert contracts.derived_per_year == pytest.approx(award["value"] / 2)  # two whole years
    assert r.commissioners == [award["buyer"]]
    assert r.total_spend.flows == 0 and r.total_spend.known == 0  # the contract is not annual spend
    summary = r.summary()
    assert ("£800,000 over the contract's life, 1 April 2020 to 31 March 2022 (about £400,000 a year if spread "
            "evenly over its 2 years)") in summary
    assert "lifetime contract value, kept apart from the annual amounts and never added to them" in summary
    assert "paid by budgets to services, none recorded" in summary


def test_the_short_breaks_value_is_split_across_its_outcomes_and_counts_for_its_buyer_only(
        staffordshire: Partnership) -> None:
    """OCDS release (tests/fixtures/ocds): one award of £800,000, bought by the county council and delivered by
    four suppliers; the bundled data links it to two outcomes and records no tier."""
    award = short_breaks_award()
    by_outcome: Any = run_query("funding", staffordshire)
    shares = {g.id: g.contracts.amount for g in by_outcome.by_outcome if g.contracts}
    assert shares == {"ecm-enjoy-and-achieve": award["value"] / 2,
                      "supportive-families-friends-communities": award["value"] / 2}
    assert all(g.money.flows == 0 for g in by_outcome.by_outcome)  # no annual money was made up
    by_partner: Any = run_query("funding", staffordshire, {"by": "partner"})
    bought = {g.id: g.contracts.amount for g in by_partner.by_partner if g.contracts}
    assert bought == {"staffordshire-county-council": award["value"]}  # suppliers deliver; they do not buy
    rows = {row["id"]: row for row in by_partner.table()}
    assert rows["action-for-children"]["contract_value"] == "none recorded"
    prevention = by_partner.prevention
    assert prevention.prevention_share is None and prevention.contract_prevention_share is None
    assert prevention.contract_unknown_tier.amount == award["value"]
    assert "Its service has no recorded tier, so it counts in no prevention share." in by_partner.summary()


def test_york_contracts_have_no_recorded_value_and_stay_unknown(york: Partnership) -> None:
    """002 (the ICG commissions Early Intervention Fund projects) and 001 (the council commissions NEET and RPA
    places) say who commissions, but give no contract value: the contract total is unknown, never £0."""
    r: Any = run_query("funding", york)
    commissions = len(york.edges(EdgeType.COMMISSIONS))
    assert commissions > 0
    assert (r.total_contracts.amount, r.total_contracts.unknown) == (None, commissions)
    assert f"unknown ({commissions} contracts with no value recorded)" in r.summary()


# -- on hand-built partnerships --------------------------------------------------------------------


def pooled(amounts: tuple[float | None, float | None], spend: float | None) -> Partnership:
    return build([node("la", "Partner"), node("pct", "Partner"), node("board", "Board", name="Trust Board"),
                  node("pool", "Budget", kind="pooled"), node("s", "Service", tier=1)],
                 [edge("CONTRIBUTES", "la", "pool", amount=amounts[0]),
                  edge("CONTRIBUTES", "pct", "pool", amount=amounts[1]),
                  edge("FUNDS", "pool", "s", amount=spend), edge("MONITORS", "board", "pool")])


def test_a_pooled_budget_with_one_unknown_contribution_has_an_unknown_balance_not_a_number() -> None:
    r: Any = run_query("funding", pooled((1000, None), 600))
    statement = r.budgets[0]
    assert statement.money_in.amount is None
    assert (statement.money_in.known, statement.money_in.unknown, statement.money_in.flows) == (1000, 1, 2)
    assert statement.balance is None
    assert statement.reported_to == ["Trust Board"]
    assert r.total_in.text() == "£1,000 known + 1 flow with no amount"
    assert "balance unknown" in r.summary()


def test_a_pooled_budget_with_known_contributions_balances() -> None:
    r: Any = run_query("funding", pooled((1000, 500), 600))
    statement = r.budgets[0]
    assert (statement.money_in.amount, statement.money_out.amount, statement.balance) == (1500, 600, 900)
    assert statement.contributors == ["La", "Pct"]
    assert "balance £900; reported to Trust Board" in r.summary()


def test_partner_totals_are_money_put_in_and_unknown_stays_unknown() -> None:
    r: Any = run_query("funding", pooled((1000, None), 600), {"by": "partner"})
    assert {row["id"]: row["annual_amount"] for row in r.table()} == {"la": "£1,000",
                                                                     "pct": "unknown (1 flow with no amount)"}


def test_a_service_with_three_outcomes_splits_its_spend_equally_and_totals_add_up() -> None:
    p = build([node("b", "Budget"), node("s", "Service"), node("t", "Service"), node("o1", "Outcome"),
               node("o2", "Outcome"), node("o3", "Outcome"), node("pr", "Priority")],
              [edge("FUNDS", "b", "s", amount=900), edge("FUNDS", "b", "t", amount=100),
               *(edge("CONTRIBUTES_TO", "s", o) for o in ("o1", "o2", "o3")),
               edge("SUPPORTS_PRIORITY", "o1", "pr")])
    r: Any = run_query("funding", p)
    by_outcome = {g.id: g.money.amount for g in r.by_outcome}
    assert by_outcome == {"o1": 300, "o2": 300, "o3": 300, None: 100}  # t has no outcome: unapportioned
    assert sum(g.money.known for g in r.by_outcome) == r.total_spend.amount == 1000
    by_priority = {g.id: g.money.amount for g in r.by_priority}
    assert by_priority == {"pr": 300, None: 700}


def test_prevention_share_counts_tiers_one_and_two_against_three_and_four_and_keeps_untiered_apart() -> None:
    p = build([node("b", "Budget"), node("u", "Service", tier=1), node("tg", "Service", tier=2),
               node("sp", "Service", tier=3), node("x", "Service")],
              [edge("FUNDS", "b", "u", amount=200), edge("FUNDS", "b", "tg", amount=100),
               edge("FUNDS", "b", "sp", amount=100), edge("FUNDS", "b", "x", amount=50)])
    r: Any = run_query("funding", p, {"by": "tier"})
    assert r.prevention.prevention_share == pytest.approx(0.75)
    assert (r.prevention.prevention.amount, r.prevention.specialist.amount, r.prevention.unknown_tier.amount) == (
        300, 100, 50)
    assert [(row["id"], row["annual_amount"]) for row in r.table()] == [
        ("1", "£200"), ("2", "£100"), ("3", "£100"), ("4", "none recorded"), (None, "£50")]
    assert "75% of tiered spend" in r.summary()


def test_when_no_tiered_amount_is_known_the_share_is_unknown_not_zero() -> None:
    p = build([node("b", "Budget"), node("s", "Service", tier=2)], [edge("FUNDS", "b", "s")])
    r: Any = run_query("funding", p)
    assert r.prevention.prevention_share is None
    assert r.total_spend.amount is None and r.total_spend.unknown == 1
    assert r.table()[0]["annual_amount"] == "unknown (1 flow with no amount)"
    assert "unknown" in r.summary()


def test_spend_by_budget_kind() -> None:
    p = build([node("g", "Budget", kind="grant"), node("a", "Budget", kind="aligned"), node("n", "Budget"),
               node("s", "Service")],
              [edge("FUNDS", "g", "s", amount=10), edge("FUNDS", "a", "s", amount=30), edge("FUNDS", "n", "s")])
    r: Any = run_query("funding", p, {"by": "budget-kind"})
    assert [(row["id"], row["annual_amount"]) for row in r.table()] == [
        ("aligned", "£30"), ("grant", "£10"), (None, "unknown (1 flow with no amount)")]


def test_funding_refuses_an_unknown_view() -> None:
    with pytest.raises(InvalidParameters, match="by"):
        run_query("funding", SMALL, {"by": "colour"})


def test_annual_money_and_contract_values_are_never_added_together() -> None:
    """The same service paid £600 a year by a budget and bought on a £1,800 three-year contract: two figures,
    each on its own basis, in every total and share."""
    p = build([node("la", "Partner"), node("pool", "Budget"), node("s", "Service", tier=1),
               node("t", "Service", tier=3), node("o", "Outcome")],
              [edge("FUNDS", "pool", "s", amount=600), edge("FUNDS", "pool", "t", amount=200),
               edge("COMMISSIONS", "la", "s", lifetime_value=1800, valid_from="2012-04-01", valid_to="2015-03-31"),
               edge("COMMISSIONS", "la", "t", lifetime_value=None), edge("CONTRIBUTES_TO", "s", "o")])
    r: Any = run_query("funding", p, {"by": "tier"}, as_of=dt.date(2014, 1, 1))  # while the contract runs
    assert r.total_spend.amount == 800 and r.total_contracts.known == 1800 and r.total_contracts.amount is None
    assert r.prevention.prevention_share == pytest.approx(0.75)  # annual: 600 against 200
    assert r.prevention.contract_prevention_share == pytest.approx(1.0)  # the specialist contract has no value
    tiers = {row["id"]: (row["annual_amount"], row["contract_value"]) for row in r.table()}
    assert tiers["1"] == ("£600", "£1,800 over the contract's life, 1 April 2012 to 31 March 2015 (about £600 a year "
                                  "if spread evenly over its 3 years)")
    assert tiers["3"] == ("£200", "unknown (1 contract with no value recorded)")
    outcome = next(g for g in r.by_outcome if g.id == "o")
    assert (outcome.money.amount, outcome.contracts.amount) == (600, 1800)


def test_a_budget_whose_money_in_and_out_are_for_different_years_strikes_no_balance() -> None:
    """A 2014/15 budget of £1,000 that paid £900 in 2013/14 and £400 in 2014/15 is not £500 overspent."""
    p = build([node("board", "Board"), node("pool", "Budget", kind="pooled", amount=1000, period="2014/15"),
               node("old", "Service"), node("new", "Service")],
              [edge("FUNDS", "pool", "old", amount=900, period="2013/14"),
               edge("FUNDS", "pool", "new", amount=400, period="2014/15"), edge("MONITORS", "board", "pool")])
    r: Any = run_query("funding", p)
    (statement,) = r.budgets
    assert statement.balance is None and statement.periods == ["2013/14", "2014/15"]
    assert r.periods == ["2013/14", "2014/15"]
    summary = r.summary()
    assert "no balance struck: the amounts are for different periods (2013/14 and 2014/15)" in summary
    assert "The annual amounts are for 2 periods (2013/14 and 2014/15), added together here" in summary


def test_large_amounts_keep_every_digit_in_csv() -> None:
    """A finance officer's spreadsheet gets £1,234,567.50, not 1.23457e+06."""
    p = build([node("b", "Budget"), node("s", "Service"), node("o", "Outcome")],
              [edge("FUNDS", "b", "s", amount=1_234_567.5), edge("CONTRIBUTES_TO", "s", "o")])
    r: Any = run_query("funding", p)
    text = csv_text(r.table(), r.columns)
    assert "1234567.50" in text and "e+06" not in text


def test_lists_in_the_funding_summary_are_cut_with_a_count() -> None:
    """A pooled budget monitored by twelve boards names eight of them and counts the rest."""
    boards = [node(f"board-{i:02d}", "Board") for i in range(12)]
    p = build([*boards, node("pool", "Budget", kind="pooled")],
              [edge("MONITORS", b["id"], "pool") for b in boards])
    summary = run_query("funding", p).summary()
    assert "Board 07; and 4 more." in summary and "Board 08" not in summary



def test_a_pool_with_no_recorded_board_is_not_said_to_report_to_none(staffordshire: Partnership) -> None:
    """003 Part 7 plans a pooled budget but names no board that receives its statement: not recorded,
    which is not the same as reporting to no board."""
    summary = run_query("funding", staffordshire).summary()
    assert "no board recorded as receiving its statement" in summary
    assert "reported to no board" not in summary


def test_every_view_of_the_totals_is_the_same_money_however_often_and_on_whichever_day_asked() -> None:
    """The totals are worked out once per day's partnership and kept; ``by`` only picks the table."""
    p = build([node("la", "Partner"), node("pool", "Budget"), node("o", "Outcome"),
               node("s", "Service", tier=1), node("late", "Service", tier=3, valid_from="2015-01-01")],
              [edge("CONTRIBUTES", "la", "pool", amount=500), edge("FUNDS", "pool", "s", amount=100),
               edge("FUNDS", "pool", "late", amount=300), edge("CONTRIBUTES_TO", "s", "o")])
    for _ in range(2):
        for day, spend in (("2014-06-01", 100.0), ("2015-06-01", 400.0)):
            answers = [run_query("funding", p, {"by": by}, as_of=dt.date.fromisoformat(day))
                       for by in ("outcome", "priority", "partner", "tier", "budget-kind")]
            assert [r.by for r in answers] == ["outcome", "priority", "partner", "tier", "budget-kind"]
            assert {r.total_spend.amount for r in answers} == {spend}
            assert {r.model_dump_json(exclude={"by"}) for r in answers} == {answers[0].model_dump_json(exclude={"by"})}
            assert answers[0].budgets is not answers[1].budgets
