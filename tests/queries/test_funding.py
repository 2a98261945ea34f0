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
from queries.funding import PREVENTION_RULE
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_the_pooled_budgets_are_reported_to_the_yorok_board(york: Partnership) -> None:
    """002 Accountability & reporting: specific reporting to the YorOK Board on the financial
    position of pooled budgets. No York pool is recorded in place, so the reporting is what 002 arranges for one,
    and health does not check a planned pool's reporting."""
    funding: Any = run_query("funding", york)
    pooled = next(b for b in funding.budgets if b.id == "yorok-pooled-budgets")
    assert pooled.kind == "pooled" and pooled.reported_to == ["YorOK Board"] and pooled.status == "planned"
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


def test_york_funding_table_shows_no_known_figure_where_nothing_is_known(york: Partnership) -> None:
    """001 and 002 give no amount for any York budget or flow: a row's known amount is empty, not "0.00" beside
    "none recorded" or "unknown", which a board would read as nil spend."""
    r: Any = run_query("funding", york)
    rows = r.table()
    assert rows and all(row["annual_known"] is None and row["contract_known"] is None for row in rows)
    assert not any(row["annual_known"] == "0.00" for row in rows)


def test_york_funding_summary_is_one_point_a_line(york: Partnership) -> None:
    """The York answer runs to about ten points (001/002: unknown amounts, the tier rule, contracts, the pool):
    each its own short line, not one paragraph of 1,500 characters."""
    lines = run_query("funding", york).summary().splitlines()
    assert len(lines) >= 8 and max(map(len, lines)) < 400


def test_a_known_amount_is_shown_where_one_is_recorded() -> None:
    p = build([node("la", "Partner"), node("grant", "Budget"), node("s", "Service"), node("o", "Outcome")],
              [edge("FUNDS", "grant", "s", amount=30_000), edge("CONTRIBUTES_TO", "s", "o")])
    (row,) = [row for row in run_query("funding", p).table() if row["id"] == "o"]
    assert row["annual_known"] == "30000.00" and row["contract_known"] is None


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
    """002 (the ICG's sub-groups commission Early Intervention Fund projects) and 001 (the city commissioned nurture
    groups; Howe Hill was commissioned) say or imply who commissions, but give no contract value: the contract
    total is unknown, never £0."""
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


def test_prevention_share_counts_tier_two_against_three_and_four_and_keeps_universal_and_untiered_apart() -> None:
    """Tier 1 is universal provision, much of it core funding (York's post-16 participation money): it is shown
    apart and left out of the prevention share, and the answer says so in words, not only in its JSON."""
    p = build([node("b", "Budget"), node("u", "Service", tier=1), node("tg", "Service", tier=2),
               node("sp", "Service", tier=3), node("x", "Service")],
              [edge("FUNDS", "b", "u", amount=200), edge("FUNDS", "b", "tg", amount=100),
               edge("FUNDS", "b", "sp", amount=100), edge("FUNDS", "b", "x", amount=50)])
    r: Any = run_query("funding", p, {"by": "tier"})
    assert r.prevention.prevention_share == pytest.approx(0.5)
    assert (r.prevention.prevention.amount, r.prevention.specialist.amount, r.prevention.universal.amount,
            r.prevention.unknown_tier.amount) == (100, 100, 200, 50)
    assert [(row["id"], row["annual_amount"]) for row in r.table()] == [
        ("1", "£200"), ("2", "£100"), ("3", "£100"), ("4", "none recorded"), (None, "£50")]
    assert [row["name"] for row in r.table()][:2] == ["Tier 1 (universal; apart from the prevention share)",
                                                      "Tier 2 (targeted; prevention and early intervention)"]
    summary = r.summary()
    assert r.prevention.rule in summary
    assert "tier 1 universal provision (core provision such as post-16 participation funding) is shown apart" in summary
    assert "50% of targeted and specialist spend goes on prevention and early intervention: £100 against £100" in summary
    assert "Universal (tier 1) spend, shown apart: £200." in summary


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
    p = build([node("la", "Partner"), node("pool", "Budget"), node("s", "Service", tier=2),
               node("t", "Service", tier=3), node("o", "Outcome")],
              [edge("FUNDS", "pool", "s", amount=600), edge("FUNDS", "pool", "t", amount=200),
               edge("COMMISSIONS", "la", "s", lifetime_value=1800, valid_from="2012-04-01", valid_to="2015-03-31"),
               edge("COMMISSIONS", "la", "t", lifetime_value=None), edge("CONTRIBUTES_TO", "s", "o")])
    r: Any = run_query("funding", p, {"by": "tier"}, as_of=dt.date(2014, 1, 1))  # while the contract runs
    assert r.total_spend.amount == 800 and r.total_contracts.known == 1800 and r.total_contracts.amount is None
    assert r.prevention.prevention_share == pytest.approx(0.75)  # annual: 600 against 200
    assert r.prevention.contract_prevention_share == pytest.approx(1.0)  # the specialist contract has no value
    tiers = {row["id"]: (row["annual_amount"], row["contract_value"]) for row in r.table()}
    assert tiers["2"] == ("£600", "£1,800 over the contract's life, 1 April 2012 to 31 March 2015 (about £600 a year "
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


# -- money in against money out, reconciled budget by budget (#8 point 6) ---------------------------


def york_with_amounts() -> Partnership:
    """York's money as 001 describes it, with amounts a finance officer might hold: the council and the voluntary
    sector put £110,000 into the Early Intervention Fund, which pays EIF projects and FIRST; a grant whose payer is
    not recorded pays £25,000 for NEET and RPA provision (tier 1, core post-16 funding). Budgets pay £135,000."""
    return build([node("city-of-york-council", "Partner", name="City of York Council"),
                  node("voluntary-community-sector", "Partner", name="Voluntary and community sector"),
                  node("early-intervention-fund", "Budget", name="Early Intervention Fund", kind="aligned"),
                  node("connexions-grant", "Budget", name="Connexions grant", kind="grant"),
                  node("eif-projects", "Service", name="Early Intervention Fund projects", tier=2),
                  node("first", "Service", name="FIRST", tier=3),
                  node("neet-rpa-provision", "Service", name="NEET and RPA provision", tier=1),
                  node("vulnerable-children-supported-early", "Outcome"), node("children-stay-in-mainstream", "Outcome"),
                  node("fewer-out-of-area-placements", "Outcome"), node("higher-participation", "Outcome")],
                 [edge("CONTRIBUTES", "city-of-york-council", "early-intervention-fund", amount=80_000),
                  edge("CONTRIBUTES", "voluntary-community-sector", "early-intervention-fund", amount=30_000),
                  edge("FUNDS", "early-intervention-fund", "eif-projects", amount=60_000),
                  edge("FUNDS", "early-intervention-fund", "first", amount=50_000),
                  edge("FUNDS", "connexions-grant", "neet-rpa-provision", amount=25_000),
                  edge("CONTRIBUTES_TO", "eif-projects", "vulnerable-children-supported-early"),
                  edge("CONTRIBUTES_TO", "eif-projects", "children-stay-in-mainstream"),
                  edge("CONTRIBUTES_TO", "first", "fewer-out-of-area-placements"),
                  edge("CONTRIBUTES_TO", "neet-rpa-provision", "higher-participation")])


def test_the_difference_between_money_in_and_out_is_explained_by_the_budgets_with_no_recorded_contributor() -> None:
    """Partners put in £110,000 and budgets pay £135,000: the £25,000 is the grant whose payer is not recorded,
    named with its amount, and the three figures add up in the answer's own words."""
    r: Any = run_query("funding", york_with_amounts())
    assert (r.total_in.amount, r.total_spend.amount, r.reconciliation.difference) == (110_000, 135_000, 25_000)
    assert [(b.id, b.amount) for b in r.reconciliation.no_contributor] == [("connexions-grant", 25_000)]
    assert r.reconciliation.beyond == [] and r.reconciliation.not_passed_on == []
    summary = r.summary()
    assert "put in by partners, £110,000; paid by budgets to services, £135,000." in summary
    assert ("Budgets pay £25,000 more than partners put in. Reconciled: £110,000 put in by partners, plus £25,000 "
            "paid by budgets with no recorded contributor (Connexions grant, £25,000), is the £135,000 paid by "
            "budgets.") in summary


def test_core_post_16_funding_is_universal_provision_shown_apart_from_the_prevention_share() -> None:
    """001 NEET and RPA: the Education Funding Agency's post-16 money is core provision (tier 1). Counted as
    prevention it would make 63% of the spend 'prevention'; the share is of targeted against specialist spend,
    and the rule is stated in the summary."""
    r: Any = run_query("funding", york_with_amounts(), {"by": "tier"})
    pv = r.prevention
    assert (pv.prevention.amount, pv.specialist.amount, pv.universal.amount) == (60_000, 50_000, 25_000)
    assert pv.prevention_share == pytest.approx(60 / 110)
    summary = r.summary()
    assert PREVENTION_RULE in summary
    assert "55% of targeted and specialist spend goes on prevention and early intervention: £60,000 against £50,000" \
           in summary
    assert "Universal (tier 1) spend, shown apart: £25,000." in summary


def test_the_equal_split_of_a_services_money_between_its_outcomes_is_stated_in_the_table_and_the_summary() -> None:
    """EIF projects serve two outcomes; the records give no shares, so each gets half. A reader of the table or the
    summary, not only of the JSON, is told that half is the project's rule."""
    r: Any = run_query("funding", york_with_amounts())
    rows = {row["id"]: row for row in r.table()}
    assert rows["vulnerable-children-supported-early"]["annual_amount"] == "£30,000"
    assert rows["vulnerable-children-supported-early"]["apportioning"] == "equal shares: 1 of 1 amount"
    assert rows["fewer-out-of-area-placements"]["apportioning"] == "whole amounts"
    assert (r.split_services, r.funded_services) == (1, 3)
    summary = r.summary()
    assert ("Split equally: the records give no shares, so the table divides the money and contract value of a "
            "service serving several outcomes equally between them (the project's rule, not a recorded split); 1 of "
            "the 3 services with money is split so") in summary
    assert "apportioning" in type(r).columns


def test_an_outcome_supporting_two_priorities_splits_its_share_and_the_priority_table_says_so() -> None:
    p = build([node("b", "Budget"), node("s", "Service"), node("t", "Service"), node("o", "Outcome"),
               node("whole", "Outcome"), node("p1", "Priority"), node("p2", "Priority")],
              [edge("FUNDS", "b", "s", amount=100), edge("FUNDS", "b", "t", amount=40),
               edge("CONTRIBUTES_TO", "s", "o"), edge("CONTRIBUTES_TO", "t", "whole"),
               edge("SUPPORTS_PRIORITY", "o", "p1"), edge("SUPPORTS_PRIORITY", "o", "p2"),
               edge("SUPPORTS_PRIORITY", "whole", "p1")])
    r: Any = run_query("funding", p, {"by": "priority"})
    rows = {row["id"]: (row["annual_amount"], row["apportioning"]) for row in r.table()}
    assert rows == {"p1": ("£90", "equal shares: 1 of 2 amounts"), "p2": ("£50", "equal shares: 1 of 1 amount")}
    assert r.split_outcomes == 1
    assert "and the share of each of 1 outcome equally between the priorities it supports" in r.summary()


@pytest.mark.parametrize(("gifts", "payments"), [
    ({"a": 1000, "b": 100}, {"a": 600, "b": 300, "c": 50}),
    ({"a": 500}, {"a": 500}),
    ({"a": 500, "b": 70}, {"a": 250, "c": 1_234.5}),
    ({"b": 10}, {"c": 99}),
])
def test_money_in_and_the_differences_budget_by_budget_add_up_to_money_out(
        gifts: dict[str, float], payments: dict[str, float]) -> None:
    """Put in + paid with no contributor + paid beyond contributions - not passed on = paid out, whatever the mix."""
    budgets = sorted({*gifts, *payments})
    p = build([node("la", "Partner"), *(node(b, "Budget") for b in budgets),
               *(node(f"s-{b}", "Service") for b in payments)],
              [*(edge("CONTRIBUTES", "la", b, amount=v) for b, v in gifts.items()),
               *(edge("FUNDS", b, f"s-{b}", amount=v) for b, v in payments.items())])
    r: Any = run_query("funding", p)
    rec = r.reconciliation
    assert {b.id for b in rec.no_contributor} == set(payments) - set(gifts)
    settled = (r.total_in.amount + sum(b.amount for b in rec.no_contributor) + sum(b.amount for b in rec.beyond)
               - sum(b.amount for b in rec.not_passed_on))
    assert settled == pytest.approx(r.total_spend.amount)
    assert rec.difference == pytest.approx(r.total_spend.amount - r.total_in.amount)


def test_a_mixed_reconciliation_names_each_kind_of_difference_with_its_budgets() -> None:
    p = build([node("la", "Partner"), node("pool", "Budget", name="Pooled fund"), node("top-up", "Budget"),
               node("grant", "Budget", name="Youth grant"), node("s", "Service"), node("t", "Service"),
               node("u", "Service")],
              [edge("CONTRIBUTES", "la", "pool", amount=1000), edge("CONTRIBUTES", "la", "top-up", amount=100),
               edge("FUNDS", "pool", "s", amount=600), edge("FUNDS", "top-up", "t", amount=300),
               edge("FUNDS", "grant", "u", amount=50)])
    summary = run_query("funding", p).summary()
    assert ("Partners put in £150 more than budgets pay. Reconciled: £1,100 put in by partners, plus £50 paid by "
            "budgets with no recorded contributor (Youth grant, £50), plus £200 paid by budgets beyond their recorded "
            "contributions (Top Up, £200), less £400 put in and not recorded as passed on to any service (Pooled "
            "fund, £400), is the £950 paid by budgets.") in summary


def test_with_amounts_missing_the_reconciliation_says_so_and_still_names_the_budgets() -> None:
    p = build([node("la", "Partner"), node("eif", "Budget", name="Early Intervention Fund"),
               node("grant", "Budget", name="Youth grant"), node("idle", "Budget", name="Idle fund"),
               node("s", "Service"), node("t", "Service")],
              [edge("CONTRIBUTES", "la", "eif", amount=1000), edge("CONTRIBUTES", "la", "idle"),
               edge("FUNDS", "eif", "s"), edge("FUNDS", "grant", "t", amount=25)])
    r: Any = run_query("funding", p)
    assert r.reconciliation.difference is None and r.reconciliation.unsettled == 1
    summary = r.summary()
    assert "Money in and money out cannot be reconciled while 2 amounts are not recorded." in summary
    assert "Budgets paying services with no recorded contributor: Youth grant, £25." in summary
    assert "Budgets with money put in and none recorded as passed on to a service: Idle fund." in summary


def test_york_names_no_budget_without_a_contributor_and_cannot_reconcile_unknown_amounts(york: Partnership) -> None:
    """001/002 give no amounts: the answer says the totals cannot be reconciled, never that they agree."""
    r: Any = run_query("funding", york)
    assert r.reconciliation.difference is None
    assert "cannot be reconciled while 5 amounts are not recorded" in r.summary()
    assert "agree" not in r.summary()


# -- a pool's standing, legal basis and assumptions (#8 point 7) -----------------------------------


def test_staffordshires_pool_is_a_plan_no_document_records_in_place(staffordshire: Partnership) -> None:
    """003 Part 7: commissioning from pooled resources "will take some time"; aligned budgets are the low-risk
    interim step towards a pooled budget "in the medium term". The "late summer 2010" target is for using
    section 10 of the Children Act 2004 to underpin the Trust's partnership functions, not for a pool. No
    document records the pool in place, so it is stated as planned, its assumed contributions as expected, not
    counted as money put in, and no legal basis is recorded (the seed does not say which power a pool would use)."""
    # as of 31 March 2011, while the framework's PCTs still existed (abolished 31 March 2013)
    r: Any = run_query("funding", staffordshire, as_of=dt.date(2011, 3, 31))
    pool = next(b for b in r.budgets if b.id == "childrens-trust-pooled-budget")
    assert (pool.status, pool.recorded_in_place, pool.valid_from, pool.legal_basis, pool.assumed) == (
        "planned", False, None, None, False)
    assert sorted(pool.assumed_contributors) == sorted(pool.contributors) and len(pool.contributors) == 2
    assert pool.money_in.flows == 0 and pool.balance is None
    assert r.total_in.flows == 2  # only the two contributions to the aligned budgets are money put in
    summary = r.summary()
    assert ("Pooled budget Children's Trust pooled budget arrangement (legal basis not recorded): planned: no "
            "document records it in place on 31 March 2011 (no start date, amount, or money paid in or out is "
            "stated for it); contributions expected from Staffordshire County Council; and Primary Care Trust "
            "(PCT) partners, both the project's assumptions, not a document's statement; no board recorded as "
            "receiving its statement.") in summary
    assert "it goes into Children's Trust aligned budgets." in summary  # the planned pool holds no money
    for live in (": in place on", "31 August 2010", "late summer"):
        assert live not in summary
    # By the data's last day the primary care trusts had been abolished (31 March 2013): the council alone is
    # expected to contribute, and the PCTs are not named as partners putting money in.
    later: Any = run_query("funding", staffordshire)  # as of 31 March 2022
    pool = next(b for b in later.budgets if b.id == "childrens-trust-pooled-budget")
    assert pool.contributors == ["Staffordshire County Council"]
    assert "Primary Care Trust" not in later.summary()


def test_staffordshires_pool_is_planned_on_every_date(staffordshire: Partnership) -> None:
    """003 Part 7: no date is given for the pool, before or after the framework's June 2010."""
    for day in (dt.date(2010, 7, 1), dt.date(2011, 1, 1), dt.date(2016, 6, 1)):
        r: Any = run_query("funding", staffordshire, as_of=day)
        pool = next(b for b in r.budgets if b.id == "childrens-trust-pooled-budget")
        assert (pool.status, pool.recorded_in_place) == ("planned", False), day
        assert ": in place on" not in r.summary()


def test_the_staffordshire_pool_record_is_the_seeds_plan_with_no_dates(staffordshire: Partnership) -> None:
    """loaders/data/staffordshire/money.yaml: the plan is the seed's (not assumed); it has no dates, amount or
    legal basis, and its description says first that it is planned; the contributions to it are assumed."""
    pool = staffordshire.node("childrens-trust-pooled-budget")
    assert (pool.valid_from, pool.valid_to, pool.amount, pool.legal_basis, pool.assumed) == (  # type: ignore[attr-defined]
        None, None, None, None, False)
    assert (pool.description or "").startswith("Planned, not recorded in place")
    assert all(e.assumed for e in staffordshire.in_edges(pool.id, EdgeType.CONTRIBUTES))


def test_yorks_pool_is_planned_not_in_place(york: Partnership) -> None:
    """002 has the ICG explore pooling and report the position of pooled budgets to the YorOK Board; 001 (2014-16)
    commissions "without need for time-consuming pooling agreements". No document records a York pool in place."""
    r: Any = run_query("funding", york)
    pool = next(b for b in r.budgets if b.id == "yorok-pooled-budgets")
    assert (pool.status, pool.recorded_in_place) == ("planned", False)
    summary = r.summary()
    assert ("Pooled budget YorOK pooled budgets (legal basis not recorded): planned: no document records it in place "
            "on 31 March 2016 (no start date, amount, or money paid in or out is stated for it); to be reported to "
            "YorOK Board.") in summary
    assert "(its record gives no dates)" not in summary


def test_a_pool_with_nothing_stated_is_planned_and_its_assumed_money_is_expected_not_counted() -> None:
    """A pooled budget is in place only when a document's statement shows it so: a start, an amount, or stated
    money in or out. Otherwise it is planned, and money the project assumed for it is not counted."""
    p = build([node("la", "Partner", name="Council"), node("board", "Board", name="Trust Board"),
               node("plan", "Budget", name="Planned pool", kind="pooled"),
               node("live", "Budget", name="Live pool", kind="pooled"),
               node("guess", "Budget", name="Dated pool", kind="pooled", valid_from="2012-04-01", assumed=True,
                    description="Assumption - dated from a target. A pool."),
               node("s", "Service")],
              [edge("CONTRIBUTES", "la", "plan", amount=500, assumed=True), edge("FUNDS", "plan", "s", assumed=True),
               edge("CONTRIBUTES", "la", "live"), edge("MONITORS", "board", "plan"),
               edge("CONTRIBUTES", "la", "guess", assumed=True)])
    r: Any = run_query("funding", p, as_of=dt.date(2014, 6, 1))
    statuses = {b.id: (b.status, b.recorded_in_place) for b in r.budgets}
    assert statuses == {"plan": ("planned", False), "live": ("in place", True), "guess": ("planned", False)}
    assert (r.total_in.flows, r.total_spend.flows) == (1, 0)  # only the live pool's stated contribution
    summary = r.summary()
    assert ("Pooled budget Planned pool (legal basis not recorded): planned: no document records it in place on "
            "1 June 2014 (no start date, amount, or money paid in or out is stated for it); contributions expected "
            "from Council, the project's assumption, not a document's statement; its payment to S is the project's "
            "assumption too; to be reported to Trust Board.") in summary
    assert ("Pooled budget Dated pool (legal basis not recorded): planned: no document records it in place on "
            "1 June 2014 (no start date, amount, or money paid in or out is stated for it), a record that is the "
            "project's reading, not a document's statement (its record: dated from a target)") in summary
    assert "Pooled budget Live pool (legal basis not recorded): in place on 1 June 2014 (its record gives no dates)" \
           in summary
    before: Any = run_query("funding", p, as_of=dt.date(2012, 1, 1))
    assert ("Pooled budget Dated pool (legal basis not recorded): planned: no document records it in place on "
            "1 January 2012 (no start date, amount, or money paid in or out is stated for it), due from 1 April 2012, "
            "a date the project assumed") in before.summary()


def test_an_ended_pool_is_stated_as_ended_and_a_recorded_start_is_not_called_assumed() -> None:
    p = build([node("board", "Board", name="Trust Board"), node("la", "Partner", name="Council"),
               node("old", "Budget", name="Old pool", kind="pooled", valid_to="2013-03-31"),
               node("new", "Budget", name="New pool", kind="pooled", valid_from="2015-04-01",
                    legal_basis="section 75 NHS Act 2006"),
               node("s", "Service")],
              [edge("CONTRIBUTES", "la", "old", amount=100), edge("FUNDS", "old", "s", amount=100),
               edge("CONTRIBUTES", "la", "new", assumed=True), edge("MONITORS", "board", "new")])
    r: Any = run_query("funding", p, as_of=dt.date(2014, 6, 1))
    statuses = {b.id: b.status for b in r.budgets}
    assert statuses == {"old": "ended", "new": "planned"}
    summary = r.summary()
    assert "Pooled budget Old pool (legal basis not recorded): ended on 31 March 2013, so not in place on 1 June 2014" \
           in summary
    assert ("Pooled budget New pool (legal basis: section 75 NHS Act 2006): planned, not in place on 1 June 2014: due "
            "from 1 April 2015; contributions expected from Council, the project's assumption, not a document's "
            "statement; to be reported to Trust Board.") in summary
    assert "assumed, not recorded" not in summary
    later: Any = run_query("funding", p, as_of=dt.date(2015, 6, 1))
    assert "New pool (legal basis: section 75 NHS Act 2006): in place on 1 June 2015, since 1 April 2015; in unknown" \
           in later.summary()
