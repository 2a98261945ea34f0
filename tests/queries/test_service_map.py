"""The service map: the ``service-map`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (an unknown amount shown as £0, an overlap or a gap missed) fails a test.
Queries are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from builders import build, edge, node, short_breaks_award

from graph_model import Partnership
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_york_money_is_unknown_never_zero(york: Partnership) -> None:
    """001 and 002 give no amounts for any budget, so no service's money may show as 0."""
    r = run_query("service-map", york, {})
    assert all(s.money is None for s in r.services)
    assert all(o.money is None for o in r.outcomes)
    funded = [s for s in r.services if s.funding]
    assert funded and all(s.unknown_amounts == len(s.funding) for s in funded)
    assert "£0" not in r.summary()


def test_social_and_emotional_development_is_an_overlap_of_school_services(york: Partnership) -> None:
    """001 Commissioning support in schools: nurture groups and ELSA both build pupils' social and emotional
    development; TaMHS did too, but ELSA carries on its work (001 ELSA), so it is over and not live cover."""
    r = run_query("service-map", york, {"node": ["better-social-emotional-development"]})
    (row,) = r.outcomes
    assert {"nurture-groups", "elsa"} <= set(row.services) and "tamhs" not in row.services
    assert [o.outcome.id for o in r.overlaps] == ["better-social-emotional-development"]


def test_the_short_breaks_contract_is_the_services_resource_as_a_lifetime_value(staffordshire: Partnership) -> None:
    """OCDS release (tests/fixtures/ocds): the framework's value is £800,000 over 2020-04-01 to 2022-03-31,
    bought by Staffordshire County Council. Seed 003 maps services to outcomes *and to resources*: the
    contract is the only resource recorded, shown as a lifetime value, never as an annual budget."""
    award = short_breaks_award()
    r = run_query("service-map", staffordshire, {})
    (row,) = r.services
    (deal,) = row.contracts
    assert deal.commissioner.name == award["buyer"]
    assert (deal.value.basis, deal.value.amount, deal.value.start, deal.value.end) == (
        "lifetime", award["value"], award["start"], award["end"])
    assert row.contract_value == award["value"] and row.money is None and row.funding == []
    for outcome in ("ecm-enjoy-and-achieve", "supportive-families-friends-communities"):
        (o,) = [o for o in r.outcomes if o.outcome.id == outcome]
        assert o.contract_value == award["value"] and o.money is None  # counted in full, like budgets here
    assert (r.contracts.amount, r.contract_services, r.known_money) == (award["value"], 1, None)
    assert ("Contracts, lifetime contract value (not a year's budget, so never added to the amounts above): "
            "£800,000 over the contract's life, 1 April 2020 to 31 March 2022 (about £400,000 a year if spread "
            "evenly over its 2 years), for 1 service.") in r.summary()
    assert r.table()[0]["contract_value"][0].startswith("£800,000 over the contract's life")


# -- on hand-built partnerships --------------------------------------------------------------------


def test_service_map_keeps_unknown_money_unknown_and_finds_overlaps_and_gaps() -> None:
    p = build([node("o1", "Outcome"), node("o2", "Outcome"), node("o3", "Outcome"),
               node("pool", "Budget"), node("grant", "Budget"),
               node("a", "Service", tier=1), node("b", "Service", tier=3)],
              [edge("FUNDS", "pool", "a", amount=1000), edge("FUNDS", "grant", "a"), edge("FUNDS", "grant", "b"),
               edge("CONTRIBUTES_TO", "a", "o1"), edge("CONTRIBUTES_TO", "b", "o1"),
               edge("CONTRIBUTES_TO", "a", "o2")])
    r = run_query("service-map", p, {})
    rows = {s.service.id: s for s in r.services}
    assert (rows["a"].money, rows["a"].unknown_amounts) == (1000.0, 1)
    assert (rows["b"].money, rows["b"].unknown_amounts) == (None, 1)
    outcomes = {o.outcome.id: o for o in r.outcomes}
    assert (outcomes["o1"].money, len(outcomes["o1"].services)) == (1000.0, 2)
    assert [o.outcome.id for o in r.overlaps] == ["o1"] and [o.outcome.id for o in r.gaps] == ["o3"]
    assert "£1,000" in r.summary() and "2 funding links without an amount" in r.summary()


def test_service_map_for_chosen_outcomes_lists_only_their_services() -> None:
    p = build([node("o1", "Outcome"), node("o2", "Outcome"), node("a", "Service"), node("b", "Service")],
              [edge("CONTRIBUTES_TO", "a", "o1"), edge("CONTRIBUTES_TO", "b", "o2")])
    r = run_query("service-map", p, {"node": ["o2"]})
    assert [s.service.id for s in r.services] == ["b"] and [o.outcome.id for o in r.outcomes] == ["o2"]


def test_service_map_keeps_contract_values_apart_from_budget_money_and_unknown_stays_unknown() -> None:
    p = build([node("la", "Partner"), node("o", "Outcome"), node("pool", "Budget"),
               node("a", "Service"), node("b", "Service")],
              [edge("FUNDS", "pool", "a", amount=1000), edge("COMMISSIONS", "la", "a", lifetime_value=3000),
               edge("COMMISSIONS", "la", "b"), edge("CONTRIBUTES_TO", "a", "o"), edge("CONTRIBUTES_TO", "b", "o")])
    r = run_query("service-map", p, {})
    rows = {s.service.id: s for s in r.services}
    assert (rows["a"].money, rows["a"].contract_value) == (1000.0, 3000.0)
    assert (rows["b"].contract_value, rows["b"].unknown_contract_values) == (None, 1)
    (o,) = r.outcomes
    assert (o.money, o.contract_value, o.unknown_contract_values) == (1000.0, 3000.0, 1)
    assert r.known_money == 1000.0 and r.contracts.known == 3000.0 and r.contracts.amount is None
    assert "£1,000 recorded against 1 service" in r.summary()
    assert "£3,000 over the contract's life (its dates are not recorded); and 1 contract with no value recorded" in (
        r.summary())


def test_service_map_names_that_hold_commas_stay_apart_and_lists_are_cut() -> None:
    outcomes = [node(f"o{i:02d}", "Outcome", name=f"Safe, well and happy {i:02d}") for i in range(10)]
    r = run_query("service-map", build(outcomes), {})
    assert ("Gaps: 10 outcomes served by no service recorded: Safe, well and happy 00; Safe, well and happy 01; "
            in r.summary())
    assert "Safe, well and happy 07; and 2 more." in r.summary()



def test_the_whole_map_is_kept_apart_for_active_and_all_services_and_for_each_day() -> None:
    """What the whole map counts is kept with each day's partnership, apart for active services and all services;
    a map of chosen outcomes is counted afresh."""
    p = build([node("o1", "Outcome"), node("o2", "Outcome"), node("pool", "Budget"),
               node("a", "Service"), node("late", "Service", start_date="2015-01-01"),
               node("closed", "Service", status="decommissioned")],
              [edge("FUNDS", "pool", "a", amount=100), edge("FUNDS", "pool", "late", amount=10),
               edge("FUNDS", "pool", "closed", amount=1), *(edge("CONTRIBUTES_TO", s, "o1") for s in ("a", "late")),
               edge("CONTRIBUTES_TO", "closed", "o2")])
    for _ in range(2):
        for day, active, everything in (("2014-06-01", (["a"], 100.0), (["a", "late", "closed"], 111.0)),
                                        ("2015-06-01", (["a", "late"], 110.0), (["a", "late", "closed"], 111.0))):
            when = dt.date.fromisoformat(day)
            for params, (services, money) in (({}, active), ({"active_only": False}, everything)):
                r = run_query("service-map", p, params, as_of=when)
                assert [s.service.id for s in r.services] == services and r.known_money == money
            chosen = run_query("service-map", p, {"node": ["o2"], "active_only": False}, as_of=when)
            assert [s.service.id for s in chosen.services] == ["closed"] and chosen.known_money == 1.0


def test_york_commissioning_is_operational_and_mostly_unrecorded(york: Partnership) -> None:
    """000 Levels of commissioning: every York example is commissioned at the operational level (for a group
    or a place). Of the nine live examples (TaMHS is over: ELSA carries on its work) the documents give a
    commissioner for three: the Integrated Commissioning Group for the Early Intervention Fund projects (002),
    the city for nurture groups (001: first commissioned in 2002) and the council for Howe Hill (001: it was
    commissioned and sits in the housing service). NEET and RPA provision is not commissioned: the Education
    Funding Agency pays providers directly (001). For the rest the documents do not say, which the answer must
    not present as no one commissioning them."""
    r: Any = run_query("commissioning", york)
    [level] = r.levels
    assert (level.level, level.services, level.commissioned) == ("operational", 9, 3)
    assert {c.id for c in level.commissioners} == {"icg", "city-of-york-council"}
    without = {s.id for s in r.without_commissioner}
    assert len(without) == 6 and {"neet-rpa-provision", "elsa"} <= without
    assert not {"howe-hill", "nurture-groups"} & without
    assert "Not recorded is not the same as no one commissioning them" in r.summary()


def test_commissioning_keeps_services_of_no_recorded_level_apart() -> None:
    p = build([node("la", "Partner"), node("a", "Service", commissioning_level="strategic"), node("b", "Service")],
              [edge("COMMISSIONS", "la", "a")])
    r: Any = run_query("commissioning", p)
    assert [(x.level, x.services, x.commissioned) for x in r.levels] == [("strategic", 1, 1), ("not recorded", 1, 0)]
    assert "Strategic level: 1 active service" in r.summary() and "Level not recorded: 1 active service" in r.summary()


def test_staffordshires_short_breaks_contract_and_the_compacts_notice(staffordshire: Partnership) -> None:
    """The OCDS record (003's short breaks): Staffordshire County Council's framework ran to 31 March 2022,
    delivered by Action for Children, Caudwell Children and Crossroads Care (voluntary sector). 003 Part 6: the
    Compact asks for a 90-day notice of intent to tender to the third sector, so to re-tender before the contract
    ends, that notice was due by 31 December 2021 at the latest. It is notice of a tender, not of the contract's
    end, and the answer must not read as a notice to end the contract."""
    r: Any = run_query("providers", staffordshire)
    [contract] = r.contracts
    assert (contract.service.id, contract.commissioner.id, contract.ends) == (
        "short-breaks-framework", "staffordshire-county-council", dt.date(2022, 3, 31))
    assert contract.voluntary and contract.tender_notice_by == dt.date(2021, 12, 31)
    assert {s.id for s in contract.suppliers} >= {"action-for-children", "caudwell-children"}
    assert [(x.sector, x.services) for x in r.sectors] == [("voluntary-community", 1)]
    text = r.summary()
    assert ("to re-tender before it ends, the Compact's 90-day notice of intent to tender was due by "
            "31 December 2021 at the latest") in text
    assert "not notice to end the contract" in text and "90 days' notice" not in text


def test_york_provider_mix_keeps_unrecorded_providers_apart(york: Partnership) -> None:
    """001 names who delivers most York examples (schools, colleges, the council, a private provider);
    for the rest no provider is recorded, which the mix says rather than dropping them."""
    r: Any = run_query("providers", york)
    mix = {x.sector: x.services for x in r.sectors}
    assert mix.get("not recorded", 0) > 0 and sum(1 for _ in r.sectors) >= 2
    assert r.contracts == [] and r.contracts_without_end == 3  # the seeds give none of the three an end date
    # and the answer names them, in the table too, rather than count contracts it never shows
    assert {s.id for s in r.undated} == {"eif-projects", "howe-hill", "nurture-groups"}
    assert {row["name"] for row in r.table() if row["kind"] == "contract" and row["ends"] is None} == {
        s.name for s in r.undated}


def test_a_map_of_example_services_calls_its_gaps_unrecorded(staffordshire: Partnership) -> None:
    """003 gives one service (the short-breaks framework) as an example of commissioning, not the county's whole
    provision, so the outcomes no recorded service serves are what the data leaves out, not a gap in provision."""
    text = run_query("service-map", staffordshire).summary()
    assert "Gaps: 12 outcomes served by no service recorded:" in text
    assert "served by no service:" not in text
    assert "what the data leaves out, not evidence that no provision serves them" in text
