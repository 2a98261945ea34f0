"""Duplication: the ``duplicates`` query.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (a missed overlap, a pair of one partner's services reported) fails a test.
Queries are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from builders import build, covers, edge, ids, node

from graph_model import Partnership
from queries.registry import run_query

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_tamhs_is_over_so_it_overlaps_nothing(york: Partnership) -> None:
    """001 ELSA: ELSA "carries on the work" a previous inspection praised in TaMHS. The York data reads TaMHS as
    succeeded by ELSA (decommissioned, an assumption): it is no live cover, so it duplicates nothing, and ELSA
    overlaps only nurture groups on pupils' social and emotional development."""
    r = run_query("duplicates", york, {"cross_partner": False})
    assert not [g for g in r.groups if "tamhs" in {m.service.id for m in g.members}]
    group = next(g for g in r.groups if "elsa" in {m.service.id for m in g.members})
    assert "better-social-emotional-development" in ids(group.outcomes)
    assert "pupils" in ids(group.cohorts)


def test_cross_partner_duplicates_in_york_really_cross_partners(york: Partnership) -> None:
    """Every group reported with cross_partner on has members with different commissioners or providers, or
    one of them unrecorded, or a collective partner (many organisations under one entry) among them."""
    for g in run_query("duplicates", york, {}).groups:
        profiles = {(tuple(ids(m.commissioners)), tuple(ids(m.deliverers))) for m in g.members}
        assert len(profiles) > 1 or any(not m.commissioners and not m.deliverers for m in g.members) or g.collective


@pytest.mark.parametrize("cross_partner", [True, False], ids=["cross-partner", "any-partner"])
def test_elsa_and_nurture_groups_overlap_though_schools_deliver_both(
        york: Partnership, cross_partner: bool) -> None:
    """001 Commissioning support in Schools: nurture groups (in two schools in areas of considerable deprivation)
    and ELSA (in York's schools) both work on pupils' social and emotional development; TaMHS, whose work ELSA
    carries on, is over. 000 names "schools and school clusters" as one partner: many schools, not one provider,
    so the two may overlap whichever way the question is asked; and the deprived areas lie within the city that
    ELSA serves."""
    r = run_query("duplicates", york, {"cross_partner": cross_partner})
    group = next(g for g in r.groups if {m.service.id for m in g.members} == {"elsa", "nurture-groups"})
    assert ids(group.outcomes) == ["better-social-emotional-development"] and ids(group.cohorts) == ["pupils"]
    assert ids(group.localities) == ["areas-of-considerable-deprivation"]
    assert ids(group.collective) == ["york-schools"]
    lumped = "Schools and school clusters in York, an entry for many organisations, not one provider"
    assert ("within a collective one" in r.summary()) == cross_partner
    assert (lumped in r.summary()) == cross_partner


# -- on hand-built partnerships --------------------------------------------------------------------


DUP_NODES = [node("la", "Partner", sector="local-authority"), node("nhs", "Partner", sector="health"),
             node("charity", "Partner", sector="voluntary-community"),
             node("o1", "Outcome"), node("o2", "Outcome"), node("pupils", "Cohort"), node("carers", "Cohort"),
             node("york", "Locality"), node("acomb", "Locality")]


def service(sid: str, name: str, description: str | None = None) -> dict[str, Any]:
    """A service node with a name and, if given, a description."""
    return node(sid, "Service", name=name, **({"description": description} if description else {}))


PARENTING = "Weekly courses that build parenting skills"


def test_two_partners_buying_the_same_thing_form_one_group_with_score_one() -> None:
    # Changed with the score: 1.0 now needs the same name and description and the same kind of provider,
    # not only the same outcome x cohort x locality (the commissioners' names are left out of the text).
    p = build(DUP_NODES + [service("a", "Parenting programme", PARENTING),
                           service("b", "Parenting programme, NHS", PARENTING)],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "nhs", "b"),
               edge("DELIVERS", "charity", "a"), edge("DELIVERS", "charity", "b"),
               *covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    r = run_query("duplicates", p, {"text": False})
    assert r.total_groups == 1
    group = r.groups[0]
    assert [m.service.id for m in group.members] == ["a", "b"]
    assert group.score == 1.0 and group.shared_keys == 1
    assert [(x.part, x.value, x.known) for x in group.parts] == [
        ("what", 1.0, True), ("who", 1.0, True), ("where", 1.0, True), ("provider", 1.0, True)]
    assert ([o.id for o in group.outcomes], [c.id for c in group.cohorts], [x.id for x in group.localities]) == (
        ["o1"], ["pupils"], ["york"])
    assert [c.id for c in group.members[0].commissioners] == ["la"]
    assert ("Parenting programme and Parenting programme, NHS both contribute to O1 for Pupils in York; "
            "they look like the same offer") in r.summary()


#: Three services that share an outcome, a cohort and a locality and nothing else, as the synthetic region
#: (scale m, seed 0, before the generator planted variety) had them: the old score called them identical (1.00).
DIFFERENT = [
    ("aep", "Alternative Education Provision, Central Dunham Moor (Dunham Fostering Agency Ltd)",
     "Full-time education outside mainstream school for minority ethnic children in Central Dunham Moor, "
     "delivered alongside local schools.", "district-1", "fostering", "private-independent"),
    ("abp", "Anti-bullying Programme, Central Dunham Moor (North Dunham Green Primary School)",
     "Whole-school work to prevent and respond to bullying open to minority ethnic children in Central Dunham "
     "Moor, delivered by referral from early help panels.", "district-2", "school", "education"),
    ("ais", "Attendance Improvement Service, Central Dunham Moor (Dunham Parent Carer Forum)",
     "Casework with families where children miss school aimed at minority ethnic children in Central Dunham "
     "Moor, delivered with volunteers and peer supporters.", "icg", "forum", "voluntary-community"),
]
PROVIDER_NAMES = {"fostering": "Dunham Fostering Agency Ltd", "school": "North Dunham Green Primary School",
                  "forum": "Dunham Parent Carer Forum"}


def test_services_that_share_only_outcome_cohort_and_locality_score_clearly_below_half() -> None:
    nodes = [node("attainment", "Outcome", name="Better attainment at 11"),
             node("bme", "Cohort", name="Minority ethnic children"),
             node("moor", "Locality", name="Central Dunham Moor"),
             node("district-1", "Board", name="North Dunham District Children's Trust Board"),
             node("district-2", "Board", name="South Dunham District Children's Trust Board"),
             node("icg", "SubGroup", name="Integrated Commissioning Group")]
    edges: list[dict[str, Any]] = []
    for sid, name, description, commissioner, provider, sector in DIFFERENT:
        nodes += [service(sid, name, description), node(provider, "Partner", name=PROVIDER_NAMES[provider],
                                                        sector=sector)]
        edges += [edge("COMMISSIONS", commissioner, sid), edge("DELIVERS", provider, sid),
                  *covers(sid, "attainment", "bme", "moor")]
    r = run_query("duplicates", build(nodes, edges), {})
    (group,) = r.groups
    assert [m.service.id for m in group.members] == ["abp", "aep", "ais"]
    parts = {x.part: x.value for x in group.parts}
    assert group.score < 0.4 and parts["what"] < 0.4, (group.score, parts)
    assert parts["who"] == parts["where"] == 1.0 and parts["provider"] == 0.0
    assert r.alike_groups == 0 and r.pairs == []
    assert "none looks alike" in r.summary() and "they do different things" in r.summary()


@pytest.mark.parametrize(("first", "second"), [
    (("Parenting Programme for teenage parents, York", "Structured courses that build parenting skills for "
      "teenage parents in York, delivered as weekly group sessions."),
     ("Parenting Programme, York (teenage parents)", "Structured classes that develop parenting skills aimed at "
      "teenage parents in York, delivered as weekly group sessions.")),
    (("Parenting Programme for teenage parents, York", "Structured courses that build parenting skills for "
      "teenage parents in York, delivered as weekly group sessions."),
     ("York: Parenting Programme (teenage parents)", "Delivered as weekly group sessions in York: structured "
      "courses that build parenting skills for teenage parents.")),
    (("Targeted Mental Health in Schools for teenage parents, York", "Mental health workers based in school "
      "clusters for teenage parents in York, delivered through drop-in sessions."),
     ("TaMHS, York", "MH workers based in sch. clusters for teenage parents in York, delivered through drop-in "
      "sessions.")),
    (("Child and Adolescent Mental Health Service", "Assessment and treatment by a specialist team"),
     ("CAMHS", "Assessment & treatment by a spec. team")),
], ids=["reworded", "reordered", "abbreviated", "acronym-with-and"])
def test_one_service_written_up_twice_in_other_words_looks_alike(first: tuple[str, str],
                                                                  second: tuple[str, str]) -> None:
    nodes = [*DUP_NODES, node("parents", "Cohort", name="Teenage parents"), service("a", *first),
             service("b", *second)]
    p = build([n for n in nodes if n["id"] != "york"] + [node("york", "Locality", name="York")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "nhs", "b"), edge("DELIVERS", "charity", "a"),
               edge("DELIVERS", "charity", "b"), *covers("a", "o1", "parents", "york"),
               *covers("b", "o1", "parents", "york")])
    r = run_query("duplicates", p, {})
    assert r.groups[0].score >= 0.75 and r.alike_groups == 1
    assert [(t.a.id, t.b.id) for t in r.pairs] == [("a", "b")] and r.pairs[0].similarity >= 75


def test_one_partner_commissioning_and_delivering_both_is_not_cross_partner_duplication() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "la", "b"),
               edge("DELIVERS", "charity", "a"), edge("DELIVERS", "charity", "b"),
               *covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    assert run_query("duplicates", p, {}).groups == []
    assert run_query("duplicates", p, {"cross_partner": False}).total_groups == 1


def test_same_commissioner_but_different_providers_still_counts() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "la", "b"),
               edge("DELIVERS", "charity", "a"), edge("DELIVERS", "nhs", "b"),
               *covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    assert run_query("duplicates", p, {}).total_groups == 1


def test_a_service_commissioned_by_nobody_is_not_assumed_to_share_a_partner() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service"), node("c", "Service")],
              [*covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    r = run_query("duplicates", p, {})
    assert [[m.service.id for m in g.members] for g in r.groups] == [["a", "b"]]
    assert r.groups[0].members[0].commissioners == [] and r.groups[0].members[0].deliverers == []
    assert r.services_checked == 2  # c has no outcome, so no key


def test_score_is_what_times_the_weighted_setting_and_its_parts_add_up() -> None:
    # Replaces the old shared-keys-over-mean-footprint score. Same text (what 1.0); cohorts {pupils, carers} and
    # {pupils} (who 1/2); localities {york, acomb} and {york}, acomb not inside york (where (1/2 + 1) / 2);
    # delivered by a charity and by the NHS (provider 0): 1.0 x (0.5 + 0.2 x 0.5 + 0.2 x 0.75 + 0.1 x 0) = 0.75.
    p = build(DUP_NODES + [service("a", "Youth club", "Open-access evening sessions"),
                           service("b", "Youth club", "Open-access evening sessions")],
              [edge("DELIVERS", "charity", "a"), edge("DELIVERS", "nhs", "b"),
               *covers("a", "o1", "pupils", "york"), edge("TARGETS", "a", "carers"), edge("SERVES", "a", "acomb"),
               *covers("b", "o1", "pupils", "york")])
    group = run_query("duplicates", p, {}).groups[0]
    assert [(x.part, x.value, x.weight, x.contribution) for x in group.parts] == [
        ("what", 1.0, 0.5, 0.5), ("who", 0.5, 0.2, 0.1), ("where", 0.75, 0.2, 0.15), ("provider", 0.0, 0.1, 0.0)]
    assert group.score == 0.75 == pytest.approx(sum(x.contribution for x in group.parts))
    assert [o.id for o in group.outcomes] == ["o1"] and group.shared_keys == 1
    assert "they look like the same offer, though they differ in the kind of provider" in group.explain()


@pytest.mark.parametrize(("inside", "where"), [(True, 1.0), (False, 0.75)], ids=["acomb-in-york", "apart"])
def test_where_counts_a_locality_inside_one_the_other_serves(inside: bool, where: float) -> None:
    # a serves York and Acomb, b all of York: with Acomb part of York, b reaches everywhere a does.
    p = build(DUP_NODES + [service("a", "Youth club"), service("b", "Youth club")],
              [*([edge("PART_OF", "acomb", "york")] if inside else []),
               *covers("a", "o1", "pupils", "york"), edge("SERVES", "a", "acomb"), *covers("b", "o1", "pupils", "york")])
    group = run_query("duplicates", p, {}).groups[0]
    assert {x.part: x.value for x in group.parts}["where"] == where


def test_who_is_the_overlap_of_the_cohorts_as_sets() -> None:
    p = build(DUP_NODES + [node("under-fives", "Cohort"), service("a", "Youth club"), service("b", "Youth club")],
              [*covers("a", "o1", "pupils", "york"), edge("TARGETS", "a", "carers"),
               *covers("b", "o1", "pupils", "york"), edge("TARGETS", "b", "under-fives")])
    group = run_query("duplicates", p, {}).groups[0]
    assert {x.part: x.value for x in group.parts}["who"] == pytest.approx(0.333, abs=1e-3)  # {pupils} of three


@pytest.mark.parametrize(("b_delivered_by", "provider"), [
    ("la-2", (1.0, True)),     # the Early Help unit is the council's: both local authority
    ("charity", (0.0, True)),  # local authority and a charity
    (None, (0.5, False)),      # nobody recorded as delivering b, nor commissioning it
], ids=["unit-and-council", "council-and-charity", "unrecorded"])
def test_the_kind_of_provider_is_the_sector_delivering_a_unit_its_host_and_unknown_counts_half(
        b_delivered_by: str | None, provider: tuple[float, bool]) -> None:
    p = build(DUP_NODES + [node("la-2", "Partner", name="Another council", sector="local-authority"),
                           node("early-help", "Unit"), service("a", "Youth club"), service("b", "Youth club")],
              [edge("PART_OF", "early-help", "la"), edge("DELIVERS", "early-help", "a"),
               *([edge("DELIVERS", b_delivered_by, "b")] if b_delivered_by else []),
               *covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    (group,) = run_query("duplicates", p, {"text": False}).groups
    assert next((x.value, x.known) for x in group.parts if x.part == "provider") == provider


def test_an_unrecorded_cohort_matches_any_cohort_and_counts_as_half() -> None:
    # b records no cohort: it might serve pupils (with a) or carers (with c); a and c do not meet.
    p = build(DUP_NODES + [service(s, "Youth club", "Open-access evening sessions") for s in "abc"],
              [edge("DELIVERS", "charity", "a"), edge("DELIVERS", "charity", "b"), edge("DELIVERS", "charity", "c"),
               edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "nhs", "b"), edge("COMMISSIONS", "la", "c"),
               *covers("a", "o1", "pupils", "york"), *covers("b", "o1", None, "york"),
               *covers("c", "o1", "carers", "york")])
    r = run_query("duplicates", p, {})
    groups = {tuple(m.service.id for m in g.members): g for g in r.groups}
    assert set(groups) == {("a", "b"), ("b", "c")}
    ab = groups[("a", "b")]
    assert [c.id for c in ab.cohorts] == ["pupils"] and ab.unrecorded == ["cohort"]
    assert [(x.part, x.value, x.known) for x in ab.parts][1] == ("who", 0.5, False)
    assert ab.score == 0.9  # 1.0 x (0.5 + 0.2 x 0.5 + 0.2 + 0.1): not near 1, since who it serves is unknown
    assert "no cohort recorded" in ab.explain() and "who they serve 0.50 (not recorded)" in ab.explain()
    assert {(t.a.id, t.b.id) for t in r.pairs} == {("a", "b"), ("b", "c")}


def test_the_table_shows_each_part_with_its_weight() -> None:
    p = build(DUP_NODES + [service("a", "Youth club"), service("b", "Youth club")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "nhs", "b"),
               *covers("a", "o1", "pupils", "york"), *covers("b", "o1", None, "york")])
    rows = run_query("duplicates", p, {}).table()
    assert [r["kind"] for r in rows] == ["overlap", "near-identical text"]
    assert {k: rows[0][k] for k in ("what (×0.5)", "who (×0.2)", "where (×0.2)", "provider (×0.1)")} == {
        "what (×0.5)": "1.00", "who (×0.2)": "0.50 (not recorded)", "where (×0.2)": "1.00",
        "provider (×0.1)": "0.00"}
    assert (rows[1]["outcomes"], rows[1]["cohorts"], rows[1]["localities"]) == (["O1"], [], ["York"])


@pytest.mark.parametrize(("b_edges", "why"), [
    (covers("b", "o1", "pupils", "acomb"), "another locality"),
    (covers("b", "o1", "carers", "york"), "another cohort"),
    (covers("b", "o2", "pupils", "york"), "another outcome"),
])
def test_services_differing_on_any_dimension_do_not_overlap(b_edges: list[dict[str, Any]], why: str) -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "nhs", "b"),
               *covers("a", "o1", "pupils", "york"), *b_edges])
    assert run_query("duplicates", p, {}).groups == [], why


def test_inactive_services_are_not_duplicates() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service", status="decommissioned")],
              [*covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york")])
    assert run_query("duplicates", p, {}).groups == []


def test_groups_with_the_same_members_are_merged_and_subsets_listed_apart() -> None:
    # a, b, c share (o1, pupils, york); a and b also share (o2, pupils, york). a and b are the same offer; c is
    # another (changed with the score: the order now follows how alike the members are, not footprints).
    svcs = [service("a", "Youth club"), service("b", "Youth club"), service("c", "Speech therapy")]
    p = build(DUP_NODES + svcs, [*covers("a", "o1", "pupils", "york"), edge("CONTRIBUTES_TO", "a", "o2"),
                                 *covers("b", "o1", "pupils", "york"), edge("CONTRIBUTES_TO", "b", "o2"),
                                 *covers("c", "o1", "pupils", "york")])
    groups = {tuple(m.service.id for m in g.members): g for g in run_query("duplicates", p, {}).groups}
    assert set(groups) == {("a", "b"), ("a", "b", "c")}
    assert groups[("a", "b")].shared_keys == 2 and groups[("a", "b")].score > groups[("a", "b", "c")].score
    assert groups[("a", "b", "c")].shared_keys == 1
    assert list(groups)[0] == ("a", "b")  # best score first


def test_unrecorded_cohort_and_locality_match_each_other_and_are_said_to_be_unrecorded() -> None:
    p = build(DUP_NODES + [node("a", "Service"), node("b", "Service")],
              [*covers("a", "o1"), *covers("b", "o1")])
    group = run_query("duplicates", p, {}).groups[0]
    assert group.unrecorded == ["cohort", "locality"]
    assert "no cohort or locality recorded" in group.explain()


def test_crowded_blocks_are_reported_not_grouped_and_still_compared_for_text() -> None:
    names = ["Youth club Acomb", "Youth club in Acomb", "Parent support"]
    svcs = [node(f"s{i}", "Service", name=n) for i, n in enumerate(names)]
    edges = [e for i in range(3) for e in covers(f"s{i}", "o1", "pupils", "york")]
    edges += [edge("COMMISSIONS", "la", "s0"), edge("COMMISSIONS", "nhs", "s1")]
    r = run_query("duplicates", build(DUP_NODES + svcs, edges), {"max_block": 2})
    assert r.groups == []
    assert [(c.outcome.id, c.services, c.partners) for c in r.crowded] == [("o1", 3, 2)]
    assert [(t.a.id, t.b.id) for t in r.pairs] == [("s0", "s1")]


@pytest.mark.parametrize("max_block", [50, 2], ids=["in-a-group", "in-a-crowded-block"])
def test_near_identical_pairs_are_reported_at_or_above_the_threshold_as_shown(max_block: int) -> None:
    # Replaces a test of rapidfuzz's token_set_ratio on "Nurture Group(s) West": whatever the similarity,
    # a pair whose similarity (as shown, to one decimal) equals the threshold is reported, and one just below not.
    p = build(DUP_NODES + [service("a", "Nurture group", "Small in-school classes that settle children"),
                           service("b", "Nurture group", "Small classes in school that help children settle"),
                           service("c", "Speech therapy")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "nhs", "b"),
               *(e for s in "abc" for e in covers(s, "o1", "pupils", "york"))])
    every = run_query("duplicates", p, {"threshold": 0, "max_block": max_block})
    sim = next(t.similarity for t in every.pairs if (t.a.id, t.b.id) == ("a", "b"))
    assert 50 < sim < 100 and sim != round(sim)

    def pairs(threshold: float) -> list[tuple[str, str]]:
        r = run_query("duplicates", p, {"threshold": threshold, "max_block": max_block})
        return [(t.a.id, t.b.id) for t in r.pairs]

    assert pairs(sim) == [("a", "b")]
    assert pairs(round(sim + 0.1, 1)) == []


@pytest.mark.parametrize("max_block", [50, 2], ids=["in-a-group", "in-a-crowded-block"])
def test_near_identical_pairs_respect_the_cross_partner_filter(max_block: int) -> None:
    # a and b are one partner's (the council commissions both, the charity delivers both) and read alike; c is
    # another partner's, so the block {a, b, c} is a cross-partner group, but the pair (a, b) is not.
    p = build(DUP_NODES + [service("a", "Youth club", "Open-access evening sessions"),
                           service("b", "Youth club", "Open-access evening sessions, North"),
                           service("c", "Speech therapy")],
              [edge("COMMISSIONS", "la", "a"), edge("COMMISSIONS", "la", "b"), edge("DELIVERS", "charity", "a"),
               edge("DELIVERS", "charity", "b"), edge("COMMISSIONS", "nhs", "c"),
               *(e for s in "abc" for e in covers(s, "o1", "pupils", "york"))])
    across = run_query("duplicates", p, {"max_block": max_block})
    assert across.pairs == [] and across.total_pairs == 0
    assert (across.total_groups, len(across.crowded)) == ((1, 0) if max_block == 50 else (0, 1))
    anyone = run_query("duplicates", p, {"max_block": max_block, "cross_partner": False})
    assert [(t.a.id, t.b.id) for t in anyone.pairs] == [("a", "b")]


def test_identical_names_in_different_blocks_are_never_compared() -> None:
    p = build(DUP_NODES + [node("a", "Service", name="Family support"), node("b", "Service", name="Family support")],
              [*covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "acomb")])
    assert run_query("duplicates", p, {"threshold": 0}).total_pairs == 0


def test_node_filter_keeps_only_groups_with_that_service_and_limit_cuts_the_list() -> None:
    svcs = [node(s, "Service") for s in "abcd"]
    p = build(DUP_NODES + svcs, [*covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york"),
                                 *covers("c", "o2", "carers", "acomb"), *covers("d", "o2", "carers", "acomb")])
    assert run_query("duplicates", p, {}).total_groups == 2
    only_c = run_query("duplicates", p, {"node": ["c"]})
    assert [[m.service.id for m in g.members] for g in only_c.groups] == [["c", "d"]]
    limited = run_query("duplicates", p, {"limit": 1})
    assert (limited.total_groups, len(limited.groups)) == (2, 1)
    assert "(1 listed)" in limited.summary()


def test_blocking_finds_exactly_the_overlaps_a_pairwise_scan_finds() -> None:
    """Seeded invariant: every pair sharing a key with different partners sits in some group, and no other."""
    rng = random.Random(20240601)
    outcomes, cohorts, places, partners = ["o1", "o2", "o3"], ["pupils", "carers"], ["york", "acomb"], ["la", "nhs"]
    nodes = DUP_NODES + [node("o3", "Outcome")]
    edges: list[dict[str, Any]] = []
    for i in range(40):
        sid = f"s{i:02d}"
        nodes.append(node(sid, "Service"))
        edges += [edge("CONTRIBUTES_TO", sid, o) for o in rng.sample(outcomes, rng.randint(1, 2))]
        edges += [edge("TARGETS", sid, c) for c in rng.sample(cohorts, rng.randint(1, 2))]
        edges.append(edge("SERVES", sid, rng.choice(places)))
        edges.append(edge("COMMISSIONS", rng.choice(partners), sid))
    p = build(nodes, edges)
    r = run_query("duplicates", p, {"text": False, "limit": 0, "max_block": 1000})

    def keys(s: str) -> set[tuple[str, str, str]]:
        return {(o, c, loc) for o in p.adjacency("CONTRIBUTES_TO").get(s, []) for c in p.adjacency("TARGETS")[s]
                for loc in p.adjacency("SERVES")[s]}

    def commissioner(s: str) -> list[str]:
        return p.adjacency("COMMISSIONS", "in")[s]

    services = [n.id for n in p.nodes("Service")]
    pairwise = {(a, b) for a, b in itertools.combinations(services, 2)
                if keys(a) & keys(b) and commissioner(a) != commissioner(b)}
    in_groups = {(a, b) for g in r.groups for a, b in itertools.combinations([m.service.id for m in g.members], 2)}
    assert pairwise and pairwise <= in_groups
    for g in r.groups:
        members = [m.service.id for m in g.members]
        shared = set.intersection(*(keys(s) for s in members))
        assert g.shared_keys == len(shared)
        assert len({tuple(commissioner(s)) for s in members}) > 1
        # Changed with the score: who is the mean over pairs of the cohorts' overlap; the parts add up to the score.
        cohorts = [set(p.adjacency("TARGETS")[s]) for s in members]
        who = [len(x & y) / len(x | y) for x, y in itertools.combinations(cohorts, 2)]
        parts = {x.part: x for x in g.parts}
        assert parts["who"].value == pytest.approx(sum(who) / len(who), abs=1e-3)
        assert g.score == pytest.approx(sum(x.contribution for x in g.parts), abs=2e-3)


# -- a collective partner is not one provider; a place inside a wider one blocks with it ---------------


def test_two_services_of_one_collective_partner_may_overlap_but_two_of_one_organisation_do_not() -> None:
    nodes = [*DUP_NODES, node("schools", "Partner", sector="education", collective=True),
             service("a", "Nurture groups"), service("b", "Emotional literacy support")]
    for partner, expected in (("schools", [["a", "b"]]), ("la", [])):
        p = build(nodes, [*covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york"),
                          edge("DELIVERS", partner, "a"), edge("DELIVERS", partner, "b")])
        r = run_query("duplicates", p, {})
        assert [[m.service.id for m in g.members] for g in r.groups] == expected, partner
        assert r.same_partner_groups == (0 if expected else 1)


def test_near_identical_texts_of_one_collective_partner_are_reported_across_partners() -> None:
    nodes = [*DUP_NODES, node("schools", "Partner", sector="education", collective=True),
             service("a", "Parenting programme", PARENTING), service("b", "Parenting programme", PARENTING)]
    p = build(nodes, [*covers("a", "o1", "pupils", "york"), *covers("b", "o1", "pupils", "york"),
                      edge("DELIVERS", "schools", "a"), edge("DELIVERS", "schools", "b")])
    assert [(t.a.id, t.b.id) for t in run_query("duplicates", p, {}).pairs] == [("a", "b")]


def test_an_area_service_blocks_with_a_city_wide_one_but_not_with_one_in_another_area() -> None:
    """A city-wide service is delivered in each of the city's areas; two areas of one city are apart."""
    p = build([*DUP_NODES, node("tang-hall", "Locality"), service("city", "City service"),
               service("west", "Acomb service"), service("east", "Tang Hall service")],
              [edge("PART_OF", "acomb", "york"), edge("PART_OF", "tang-hall", "york"),
               *covers("city", "o1", "pupils", "york"), *covers("west", "o1", "pupils", "acomb"),
               *covers("east", "o1", "pupils", "tang-hall")])
    r = run_query("duplicates", p, {"cross_partner": False})
    assert sorted(([m.service.id for m in g.members], ids(g.localities)) for g in r.groups) == [
        (["city", "east"], ["tang-hall"]), (["city", "west"], ["acomb"])]


# -- services that record no outcome: compared by name, cohort and locality -------------------------------------
# A service directory (Open Referral UK) records names, descriptions, audiences and places, never outcomes: with
# blocking on outcome alone such services were never compared at all.

def _directory(*services: dict[str, Any], edges: list[dict[str, Any]] | None = None) -> Partnership:
    """Services with no outcome, the first delivered by the charity and the rest by the NHS trust."""
    delivers = [edge("DELIVERS", "charity" if i == 0 else "nhs", s["id"]) for i, s in enumerate(services)]
    return build(DUP_NODES + [node("bristol", "Locality"), node("fishponds", "Locality"),
                              node("dementia", "Cohort"), *services],
                 [edge("PART_OF", "fishponds", "bristol"), *delivers, *(edges or [])])


def test_two_providers_listing_the_same_service_with_no_outcome_are_a_group_by_name() -> None:
    p = _directory(service("a", "Stay and Play", "Songs and messy play for under-fives and their carers"),
                   service("b", "Stay & Play", "Songs and messy play for under-fives and their carers"))
    r = run_query("duplicates", p, {})
    (group,) = r.groups
    assert [m.service.id for m in group.members] == ["a", "b"]
    assert group.basis == "name" and group.outcomes == [] and group.shared_keys == 0
    assert group.name_words == ["stay", "play"] and group.name_similarity == 1.0
    assert group.unrecorded == ["cohort", "locality"]
    assert r.services_checked == 0 and r.services_by_name == 2
    assert "compared by name" in group.explain() and "compared with each other by name" in r.summary()
    assert group.score >= 0.5  # the same text: what 1.0, and who, where and provider unrecorded (0.5 each)


def test_a_place_named_in_one_name_and_not_the_other_keeps_listings_apart() -> None:
    # Two memory cafés of one charity's network in two parts of a city are two services, not one listed twice:
    # the place words are rare among the names, so they weigh more than the shared "memory cafe".
    same = "A friendly cafe for people living with dementia and the people who care for them"
    p = _directory(service("a", "Memory Cafe - Fishponds", same), service("b", "Memory Cafe - Kingswood", same),
                   service("c", "Memory Cafe - Fishponds", same))
    r = run_query("duplicates", p, {"cross_partner": False})
    assert [[m.service.id for m in g.members] for g in r.groups] == [["a", "c"]]


def test_an_acronym_meets_the_name_it_stands_for() -> None:
    # They share no word; the long name's initials block it with the acronym.
    p = _directory(service("a", "CAMHS"), service("b", "Child and Adolescent Mental Health Services"))
    (group,) = run_query("duplicates", p, {}).groups
    assert group.name_similarity == 1.0 and group.name_words == []


@pytest.mark.parametrize(("cohorts", "grouped"), [(("dementia", "dementia"), True), (("dementia", None), True),
                                                  (("dementia", "carers"), False)],
                         ids=["same-cohort", "one-unrecorded", "different-cohorts"])
def test_recorded_cohorts_that_differ_keep_same_named_services_apart(cohorts: tuple[str, str | None],
                                                                      grouped: bool) -> None:
    targets = [edge("TARGETS", s, c) for s, c in zip("ab", cohorts, strict=True) if c]
    p = _directory(service("a", "Singing for the Brain"), service("b", "Singing for the Brain"), edges=targets)
    assert (run_query("duplicates", p, {}).total_groups == 1) == grouped


@pytest.mark.parametrize(("places", "grouped"), [(("fishponds", "bristol"), True), (("york", "bristol"), False)],
                         ids=["area-inside-city", "different-places"])
def test_recorded_localities_that_do_not_meet_keep_same_named_services_apart(places: tuple[str, str],
                                                                             grouped: bool) -> None:
    serves = [edge("SERVES", s, loc) for s, loc in zip("ab", places, strict=True)]
    p = _directory(service("a", "Young Carers Group"), service("b", "Young Carers Group"), edges=serves)
    assert (run_query("duplicates", p, {}).total_groups == 1) == grouped


def test_one_providers_repeated_listing_waits_for_cross_partner_off() -> None:
    p = build(DUP_NODES + [service("a", "Respite Day Centre", "Day care for people living with dementia"),
                           service("b", "Respite Day Centre", "Day care for people living with dementia")],
              [edge("DELIVERS", "charity", "a"), edge("DELIVERS", "charity", "b")])
    r = run_query("duplicates", p, {})
    assert r.groups == [] and r.same_partner_groups == 1
    assert "one provider's service listed more than once" in r.summary()
    (group,) = run_query("duplicates", p, {"cross_partner": False}).groups
    assert group.score == 0.8  # what 1.0 x (0.5 + 0.2 x 0.5 + 0.2 x 0.5 + 0.1 x 1.0): one sector, both


def test_a_service_with_outcomes_is_compared_on_them_only() -> None:
    # b records an outcome: it is compared through outcome blocks, never by name, so the planted answers of
    # partnerships that record outcomes do not change; two services with no outcome are needed for a name group.
    p = _directory(service("a", "Stay and Play"), service("b", "Stay and Play"),
                   edges=[edge("CONTRIBUTES_TO", "b", "o1")])
    r = run_query("duplicates", p, {})
    assert r.groups == [] and r.services_checked == 1 and r.services_by_name == 1


def test_a_missing_description_is_not_counted_as_a_difference() -> None:
    # One listing has a description, its repeat none: what they do is compared on the names alone.
    p = _directory(service("a", "Alternative therapy"),
                   service("b", "Alternative therapy", "Emotional Freedom Technique sessions online"))
    (group,) = run_query("duplicates", p, {}).groups
    assert group.parts[0].part == "what" and group.parts[0].value == 1.0


def test_name_blocking_groups_each_activitys_listings_and_nothing_else() -> None:
    # 300 services with no outcome, named from 100 different activities, three providers each: only services
    # sharing a word of their name are ever compared, and each activity's three listings make one group.
    rng = random.Random(5)
    words = sorted({"".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
                    for _ in range(400)})[:100]
    services = [service(f"s{i}-{k}", f"{w.title()} club") for i, w in enumerate(words) for k in range(3)]
    p = _directory(*services)
    r = run_query("duplicates", p, {"cross_partner": False, "limit": 0, "text": False})
    assert sorted(len(g.members) for g in r.groups) == [3] * 100
    assert all(len({m.service.id.split("-")[0] for m in g.members}) == 1 for g in r.groups)
