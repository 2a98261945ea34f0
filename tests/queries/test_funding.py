"""Funding: the ``funding`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (an unknown amount counted as zero, spend split unequally) fails a test.
Queries are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

from typing import Any

import pytest
from builders import SMALL, build, edge, node

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
    flows = len(york.edges(EdgeType.FUNDS))
    assert flows > 0
    assert r.total_spend.amount is None and r.total_spend.unknown == flows and r.total_spend.known == 0
    assert r.prevention.prevention_share is None
    assert all(b.balance is None for b in r.budgets if b.money_in.flows or b.money_out.flows)
    assert "£0" not in r.summary() and "unknown" in r.summary()
    funded = [row for row in r.table() if row["flows"]]
    assert funded and all(row["amount"] == "unknown" for row in funded)


def test_york_partners_put_money_into_the_early_intervention_fund(york: Partnership) -> None:
    """001 Early Intervention Fund: the city's funds are added to by the voluntary sector."""
    r: Any = run_query("funding", york, {"by": "partner"})
    eif = next(b for b in r.budgets if b.id == "early-intervention-fund")
    assert eif.money_in.flows == 2 and eif.money_in.amount is None
    assert {"City of York Council"} <= set(eif.contributors)


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
    assert r.total_in.text() == "£1,000 known + 1 unknown"
    assert "balance unknown" in r.summary()


def test_a_pooled_budget_with_known_contributions_balances() -> None:
    r: Any = run_query("funding", pooled((1000, 500), 600))
    statement = r.budgets[0]
    assert (statement.money_in.amount, statement.money_out.amount, statement.balance) == (1500, 600, 900)
    assert statement.contributors == ["La", "Pct"]
    assert "balance £900; reported to Trust Board" in r.summary()


def test_partner_totals_are_money_put_in_and_unknown_stays_unknown() -> None:
    r: Any = run_query("funding", pooled((1000, None), 600), {"by": "partner"})
    assert {row["id"]: row["amount"] for row in r.table()} == {"la": "£1,000", "pct": "unknown"}


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
    assert [(row["id"], row["amount"]) for row in r.table()] == [
        ("1", "£200"), ("2", "£100"), ("3", "£100"), ("4", "none recorded"), (None, "£50")]
    assert "75% of tiered spend" in r.summary()


def test_when_no_tiered_amount_is_known_the_share_is_unknown_not_zero() -> None:
    p = build([node("b", "Budget"), node("s", "Service", tier=2)], [edge("FUNDS", "b", "s")])
    r: Any = run_query("funding", p)
    assert r.prevention.prevention_share is None
    assert r.total_spend.amount is None and r.total_spend.unknown == 1
    assert r.table()[0]["amount"] == "unknown"
    assert "unknown" in r.summary()


def test_spend_by_budget_kind() -> None:
    p = build([node("g", "Budget", kind="grant"), node("a", "Budget", kind="aligned"), node("n", "Budget"),
               node("s", "Service")],
              [edge("FUNDS", "g", "s", amount=10), edge("FUNDS", "a", "s", amount=30), edge("FUNDS", "n", "s")])
    r: Any = run_query("funding", p, {"by": "budget-kind"})
    assert [(row["id"], row["amount"]) for row in r.table()] == [("aligned", "£30"), ("grant", "£10"),
                                                                  (None, "unknown")]


def test_funding_refuses_an_unknown_view() -> None:
    with pytest.raises(InvalidParameters, match="by"):
        run_query("funding", SMALL, {"by": "colour"})
