"""Reporting lines: the ``reporting-line``, ``reports-to`` and ``accountability-integrity`` queries.

On the bundled York and Staffordshire partnerships each test names the fact in the seed
documents it checks (seed file and section); the expected answers come from those
documents, not from running the queries. Each small hand-built partnership is made so that
a wrong answer (a step of the wrong kind, a loop that never ends) fails a test. Queries
are reached through the registry (``run_query``), as every interface reaches them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import build, edge, ids, node

from graph_model import InvalidParameters, InvalidPartnership, Partnership, Rule, summarise
from queries.registry import get_query, run_query
from queries.reporting_lines import LineKind

# -- on the bundled York and Staffordshire partnerships --------------------------------------------


def test_the_icg_is_formally_accountable_to_the_yorok_board(york: Partnership) -> None:
    """002 Accountability and reporting: "formally accountable to the Children's Trust YorOK Board"."""
    r = run_query("reporting-line", york, {"node": "icg"})
    first = r.line[0]
    assert (first.kind.value, first.above.id) == ("formal", "yorok-board")
    assert r.summary().startswith(f"{first.below.name} is accountable to {first.above.name}")


def test_the_icg_line_reaches_the_without_walls_board_at_the_top(york: Partnership) -> None:
    """001 Annex (Planning Bookcase): the Without Walls Board sits at the top of the bookcase."""
    r = run_query("reporting-line", york, {"node": "icg"})
    assert r.line[-1].above.id == "without-walls-board"
    assert r.tops[0].id == "without-walls-board"


def test_the_icg_also_reports_to_emap(york: Partnership) -> None:
    """002 Accountability & reporting arrangements: reporting to the Council EMAP "as necessary"."""
    r = run_query("reporting-line", york, {"node": "icg"})
    assert ("icg", "reporting", "emap") in [(s.below.id, s.kind.value, s.above.id) for s in r.others]


def test_the_director_of_childrens_services_chairs_the_icg_as_a_seat_not_a_line(york: Partnership) -> None:
    """002 Chair: the Director of Children's Services, LCCS, chairs the ICG; 000 YorOK Partners: LCCS is the
    council's children's services. The post's line runs through its organisation (employed by LCCS, part of the
    council); chairing the ICG is a seat, shown with the ICG's own line (002: accountable to the YorOK Board)."""
    r = run_query("reporting-line", york, {"node": "director-of-childrens-services"})
    assert [(s.kind.value, s.above.id) for s in r.line] == [("employed-by", "cyc-childrens-services"),
                                                           ("part-of", "city-of-york-council")]
    (seat,) = r.seats
    assert seat.body.id == "icg" and ids(seat.chairs) == ["director-of-childrens-services"]
    assert (seat.line[0].kind.value, seat.line[0].above.id) == ("formal", "yorok-board")
    assert "It chairs Integrated Commissioning Group; Integrated Commissioning Group is accountable to YorOK Board" \
        in r.summary()


#: 002 Terms of reference, membership: the ICG members from the Local Authority, employed by the council itself
#: (not by its children's services, LCCS, whose Director chairs and whose Head of Finance sits).
YORK_COUNCIL_POSTS_ON_THE_ICG = ["ad-partnerships-early-intervention", "ad-children-families",
                                 "childrens-trust-unit-manager", "inspection-planning-manager"]


def test_city_of_york_council_holds_its_seats_on_the_icg_through_its_posts(york: Partnership) -> None:
    """002 Terms of reference, membership (YORK_COUNCIL_POSTS_ON_THE_ICG): four council posts sit on the ICG, so
    the council holds 4 seats on 1 body; it is not said to "sit on no body". Its children's services (LCCS, 000
    YorOK Partners) hold two more, the Director's chair and the Head of Finance's seat, named apart."""
    r = run_query("reporting-line", york, {"node": "city-of-york-council"})
    (seat,) = r.seats
    assert seat.body.id == "icg" and ids(seat.holders) == YORK_COUNCIL_POSTS_ON_THE_ICG
    assert r.seat_count == 4 and r.line == []
    summary = r.summary()
    assert "sits on no body" not in summary and "4 seats on 1 body" in summary
    assert [(ps.part.id, ps.seats) for ps in r.part_seats] == [("cyc-childrens-services", 2)]
    net = {a.id: a for a in run_query("network", york, {"limit": 100}).actors}
    assert (net["city-of-york-council"].seats, net["city-of-york-council"].bodies) == (4, 1)


def test_the_childrens_trust_unit_manager_climbs_through_the_unit_that_supports_the_icg(york: Partnership) -> None:
    """002 Terms of reference, membership: the Children's Trust Unit Manager sits on the ICG; 002 Support for the
    ICG: the Children's Trust Unit supports the ICG. The post's line runs through its unit; its seat is apart."""
    r = run_query("reporting-line", york, {"node": "childrens-trust-unit-manager"})
    assert [(s.kind.value, s.above.id) for s in r.line[:3]] == [
        ("part-of", "childrens-trust-unit"), ("supports", "icg"), ("formal", "yorok-board")]
    assert ("childrens-trust-unit-manager", "employed-by", "city-of-york-council") in [
        (s.below.id, s.kind.value, s.above.id) for s in r.others]
    assert [on.body.id for on in r.seats] == ["icg"]


@pytest.mark.parametrize("dataset", ["york", "staffordshire"])
def test_reporting_line_and_network_count_the_same_seats(dataset: str, request: pytest.FixtureRequest) -> None:
    """One definition of a seat (graph_model.summary.seats): for every partner and post, the seats and bodies
    reporting-line lists are those network counts. York, 002 membership: the council 4 seats on the ICG (the
    PCT's 2 ended with it on 31 March 2013, before the period the answer is for); Staffordshire (assumed in the
    data): the district and borough councils one seat on each of the 8 district boards."""
    p: Partnership = request.getfixturevalue(dataset)
    net = {a.id: a for a in run_query("network", p, {"limit": 1000}).actors}
    for actor_id, position in net.items():
        r = run_query("reporting-line", p, {"node": actor_id})
        assert (r.seat_count, len(r.seats)) == (position.seats, position.bodies), actor_id
    expected = {"york": {"city-of-york-council": 4},
                "staffordshire": {"staffs-district-councils": 8}}[dataset]
    assert {a: net[a].seats for a in expected} == expected
    assert "north-yorkshire-york-pct" not in net


def test_the_pct_partners_seat_on_the_childrens_trust_board_is_a_seat_not_a_line(staffordshire: Partnership) -> None:
    """003 §7.12 and §5 name the PCTs as partners of the Trust but list no board members, so the data assumes their
    seat on the Children's Trust Board. A seat is not accountability: no line runs from the PCTs to the board, and
    the seat is shown as a seat, marked as the project's assumption."""
    r = run_query("reporting-line", staffordshire, {"node": "staffs-pct"}, as_of=dt.date(2011, 3, 31))
    assert r.line == [] and r.others == []
    (seat,) = r.seats
    assert seat.body.id == "staffs-childrens-trust-board" and seat.assumed
    summary = r.summary()
    assert "sits on Staffordshire Children's Trust Board (the top)" not in summary
    assert "Seats (membership of a body, not a line of accountability): It sits on Staffordshire Children's " \
           "Trust Board (the project's assumption" in summary


def test_the_jcu_manager_climbs_through_the_joint_commissioning_unit_to_the_board(staffordshire: Partnership) -> None:
    """003 Executive summary (signature block): the Joint Commissioning Unit Manager, Children & Young People, is
    the unit's post; 003 §1.2, Part 4, Part 7: the Joint Commissioning Unit supports the Children's Trust Board.
    So the post has a line up to the board; it does not have "nothing above it"."""
    r = run_query("reporting-line", staffordshire, {"node": "jcu-manager"})
    assert [(s.kind.value, s.above.id) for s in r.line] == [("part-of", "staffs-jcu"),
                                                           ("supports", "staffs-childrens-trust-board")]
    assert ids(r.tops)[0] == "staffs-childrens-trust-board"
    assert "nothing above it" not in r.summary()


def test_what_reports_to_the_yorok_board_includes_the_icg_and_the_yorok_sub_groups(york: Partnership) -> None:
    """002: the ICG is accountable to the YorOK Board. 001 (the devolved approach, and its Annex): the YorOK
    strategic and delivery sub groups (Looked After Children, CAMHS, Child Poverty) report to the board;
    no document states their formal accountability."""
    r = run_query("reports-to", york, {"node": "yorok-board"})
    kinds = {e.node.id: e.kind.value for e in r.children("yorok-board") if e.kind}
    assert kinds["icg"] == "formal"
    for group in ("looked-after-children-subgroup", "camhs-subgroup", "child-poverty-subgroup"):
        assert kinds[group] == "reporting", group


def test_the_voice_forums_are_listed_apart_from_the_tree_under_the_yorok_board(york: Partnership) -> None:
    """001 Annex: Youth Council and Show Me I Matter Panel, a "2 way relationship" of voice and influence with
    the YorOK Board: voice, not a line of accountability, so neither sits under the board as a child."""
    r = run_query("reports-to", york, {"node": "yorok-board"})
    in_tree = {e.node.id for e in r.entries}
    assert "youth-council" not in in_tree and "show-me-i-matter-panel" not in in_tree
    voice = {(v.body.id, v.other.id, v.way) for v in r.voice}
    assert {("yorok-board", "youth-council", "two-way"), ("yorok-board", "show-me-i-matter-panel", "two-way")} <= voice
    board_row = r.table()[0]
    assert board_row["id"] == "yorok-board" and "Youth Council (two-way)" in board_row["voice"]
    assert "YorOK Board and Youth Council influence each other (two-way)" in r.summary()


def test_the_youth_council_never_appears_above_the_icg_on_its_reporting_line(york: Partnership) -> None:
    """001 Annex: the Youth Council and the YorOK Board influence each other (two-way voice); 002: the ICG is
    accountable to the YorOK Board. The forum is not above the board, so it is no step of the ICG's line,
    no other route up, and in the table it is only ever on a voice row."""
    r = run_query("reporting-line", york, {"node": "icg"})
    above = [s.above.id for s in r.line + r.others]
    assert "youth-council" not in above and "show-me-i-matter-panel" not in above
    assert ("yorok-board", "youth-council", "two-way") in [(v.body.id, v.other.id, v.way) for v in r.voice]
    rows = [row for row in r.table() if row["to_id"] == "youth-council"]
    assert [(row["route"], row["from"], row["kind"]) for row in rows] == [("voice", "YorOK Board", "voice, two-way")]
    assert "influences Youth Council" not in r.summary().split("Voice")[0]
    assert "Voice (influence between bodies, not a line upwards): " in r.summary()


def test_the_youth_council_has_no_line_upwards_only_voice(york: Partnership) -> None:
    """001 Annex: the Youth Council's link to the YorOK Board is voice, a two-way relationship."""
    r = run_query("reporting-line", york, {"node": "youth-council"})
    assert r.line == [] and r.others == [] and r.tops == []
    assert [(v.other.id, v.way) for v in r.voice] == [("yorok-board", "two-way")]
    assert "it is linked by voice alone" in r.summary()


def test_york_voice_forums_are_not_reported_as_bodies_missing_a_parent(york: Partnership) -> None:
    """001 Annex: the voice forums' link to the YorOK Board is voice and influence, not accountability, so
    accountability-integrity lists them as voice forums, and no body's links upwards include influence."""
    r = run_query("accountability-integrity", york, {})
    assert {"youth-council", "show-me-i-matter-panel"} <= set(ids(r.voice_forums))
    flagged = {i.node.id: i for i in r.issues}
    assert "youth-council" not in flagged and "show-me-i-matter-panel" not in flagged
    assert not any("influences" in i.detail for i in r.issues)
    assert "Youth Council" not in [x.name for x in flagged["yorok-board"].related]
    assert "Voice forums, linked to the rest by influence alone" in r.summary()


@pytest.mark.parametrize("dataset", ["york", "staffordshire"])
def test_reports_to_lists_what_show_counts_below_each_top(dataset: str, request: pytest.FixtureRequest) -> None:
    """One definition of "below a body" (graph_model.summary.DOWNWARD): for every top board, the default
    reports-to tree holds exactly the bodies and units ``bookcase show`` counts below it, and lists apart the
    same support units ``show`` keeps apart. York, 001 Annex and 002: 15 bodies below the Without Walls Board;
    the 11 units of the ICG's "virtual hub" (002 Annex 1) support it and are not below it."""
    p: Partnership = request.getfixturevalue(dataset)
    for top in summarise(p)["top_boards"]:
        tree = run_query("reports-to", p, {"node": top["id"]})
        under = tree.entries[1:]
        bodies = [e for e in under if e.node.type.value in ("Board", "SubGroup")]
        assert (len(bodies), len(under) - len(bodies)) == (top["bodies_below"], top.get("units_below")), top["id"]
        assert len({s.unit.id for s in tree.support}) == top["support_units"], top["id"]


def test_yorok_support_hub_is_listed_apart_not_counted_under_the_board(york: Partnership) -> None:
    """002 Annex 1: a "virtual" hub around the Children's Trust Unit (council finance, legal, HR, workforce
    development, audit and others) supports the ICG with expertise; it is support, not a line of reporting. So
    under the YorOK Board sit 5 bodies (the ICG, the Integrated Commissioning Network, and the LAC, CAMHS and
    Child Poverty sub-groups: 001 Annex, 002), and the 11 support units are listed apart."""
    r = run_query("reports-to", york, {"node": "yorok-board"})
    text = r.summary()
    assert "In all 5 nodes sit under it, 2 levels deep: 5 bodies." in text
    assert "11 units" in text and "Finance, City of York Council" in text.split("Support, listed apart")[1]
    assert all(e.node.type.value != "Unit" for e in r.entries)


def test_the_health_and_wellbeing_board_may_delegate_to_the_yorok_board(york: Partnership) -> None:
    """001 The devolved approach: budget decisions "may be delegated to it by the Health and Wellbeing Board"."""
    r = run_query("reports-to", york, {"node": "health-wellbeing-board", "kind": ["delegation"]})
    # powers that only *may* be delegated place nothing under the board: the link is listed apart, with its condition
    assert [(e.node.id, e.kind and e.kind.value) for e in r.entries] == [("health-wellbeing-board", None)]
    assert [(s.below.id, s.kind.value, s.condition) for s in r.occasional] == [
        ("yorok-board", "delegation", "may be delegated")]
    assert "YorOK Board may receive delegated powers from Health and Wellbeing Board" in r.summary()


def test_the_icg_reports_to_the_council_panel_only_as_necessary(york: Partnership) -> None:
    """002 Accountability and reporting: the ICG is accountable to the YorOK Board and reports to the council's
    Executive Member Advisory Panel "as necessary". The panel advises an executive member; nothing sits under it,
    and the ICG's line reads the occasional report with its condition."""
    tree = run_query("reports-to", york, {"node": "emap"})
    assert [e.node.id for e in tree.entries] == ["emap"]
    assert "Nothing sits under Council Executive Member Advisory Panel (EMAP)." in tree.summary()
    assert "Integrated Commissioning Group reports to Council Executive Member Advisory Panel (EMAP) (as necessary)" \
        in tree.summary()
    line = run_query("reporting-line", york, {"node": "icg"}).summary()
    assert "Integrated Commissioning Group is accountable to YorOK Board" in line
    assert "reports to Council Executive Member Advisory Panel (EMAP) (as necessary)" in line
    assert "YorOK Board may receive delegated powers from City of York Council" in line  # 001: "may be delegated"
    assert "YorOK Board receives delegated powers" not in line


def test_york_sub_groups_each_have_one_formal_parent_and_nothing_loops(york: Partnership) -> None:
    """002: the ICG is accountable to the YorOK Board alone. 001: the YorOK sub-groups report to the board,
    with no formal accountability stated, so each is reported as having no formal parent (with its line)."""
    r = run_query("accountability-integrity", york, {})
    assert "without-walls-board" in ids(r.tops)
    flagged = {i.node.id: i for i in r.issues}
    assert "icg" not in flagged
    for group in ("looked-after-children-subgroup", "camhs-subgroup", "child-poverty-subgroup"):
        assert flagged[group].problem == "no-formal-parent" and "yorok-board" in ids(flagged[group].related)
    assert [i for i in r.issues if i.problem in ("loop", "several-formal-parents")] == []


def test_the_integrated_commissioning_network_is_linked_but_not_formally_accountable(york: Partnership) -> None:
    """002 Integrated Commissioning Network: a wider network around the ICG, with no accountability stated."""
    r = run_query("accountability-integrity", york, {})
    issue = next(i for i in r.issues if i.node.id == "integrated-commissioning-network")
    assert issue.problem == "no-formal-parent" and "icg" in ids(issue.related)


def test_the_eight_district_boards_sit_under_the_childrens_trust_board(staffordshire: Partnership) -> None:
    """003 §6: "the 8 District Children's Trust Boards and 50 Community and Learning Partnerships"."""
    r = run_query("reports-to", staffordshire, {"node": "staffs-childrens-trust-board"})
    districts = [e for e in r.children("staffs-childrens-trust-board") if e.node.id.startswith("district-board-")]
    assert len(districts) == 8
    clps = [e for e in r.entries if e.node.id.startswith("clp-")]
    assert len(clps) == 50 and all(e.depth == 2 for e in clps)


def test_a_community_and_learning_partnership_climbs_to_the_county_board(staffordshire: Partnership) -> None:
    """003 §6: C&LPs link to the district boards, which link to the county Children's Trust."""
    r = run_query("reporting-line", staffordshire, {"node": "clp-01"})
    assert r.line[0].above.id.startswith("district-board-")
    assert r.line[-1].above.id == "staffs-childrens-trust-board"
    # 003 §6 states no formal accountability of the district boards: their line is an assumed report.
    assert r.line[-1].kind.value == "reporting"


def test_staffordshire_district_boards_have_one_formal_parent_and_nothing_loops(staffordshire: Partnership) -> None:
    """003 §6: each district board works with the one county Children's Trust; the document states no formal
    accountability, so the (assumed) reporting line is shown and no formal parent is reported."""
    r = run_query("accountability-integrity", staffordshire, {})
    assert "staffs-childrens-trust-board" in ids(r.tops)
    district = {i.node.id: i for i in r.issues if i.node.id.startswith("district-board-")}
    assert sorted(district) == [f"district-board-{n}" for n in range(1, 9)]
    assert all(i.problem == "no-formal-parent" and ids(i.related) == ["staffs-childrens-trust-board"]
               for i in district.values())
    assert [i for i in r.issues if i.problem in ("loop", "several-formal-parents")] == []
    # 003 §6 gives only the number of Community and Learning Partnerships: the 50 flagged are generated stand-ins.
    # They are summed up in one line, not named one by one, and listed after the real bodies in the table.
    assert r.stand_in_issues == 50 and "Besides these, 50 generated stand-ins" in r.summary()
    assert "Community and Learning Partnership 02" not in r.summary()
    assert [row["id"].startswith("clp-") for row in r.table()] == [False] * 8 + [True] * 50


def test_reports_to_says_the_clps_under_a_district_board_and_their_placing_are_generated(
        staffordshire: Partnership) -> None:
    """003 §6 counts 50 Community and Learning Partnerships and names none; the data's C&LPs, and which district
    board each reports to, are the project's stand-ins (round-robin), so the answer must say so, in one line."""
    r = run_query("reports-to", staffordshire, {"node": "district-board-1"})
    text = r.summary()
    assert "Directly under Cannock Chase District Children's Trust Board (7): reporting: 7 generated stand-ins." in text
    assert "are generated stand-ins" in text and "which body each sits under is generated too" in text
    top = run_query("reports-to", staffordshire, {"node": "staffs-childrens-trust-board"})
    tree = [row for row in top.table()[1:] if row["kind"] != "supports (apart)"]
    assert [row["id"].startswith("clp-") for row in tree] == [False] * 8 + [True] * 50


# -- on hand-built partnerships: reporting-line ----------------------------------------------------


BOOKCASE = [node("ww", "Board", name="Without Walls Board"), node("hwb", "Board", name="Health and Wellbeing Board"),
            node("yorok", "Board", name="YorOK Board"), node("emap", "Board", name="EMAP"),
            node("icg", "SubGroup", name="ICG"), node("youth", "SubGroup", name="Youth Council"),
            node("ctu", "Unit", name="Children's Trust Unit"), node("dcs", "Post", name="DCS"),
            node("council", "Partner", name="Council"), node("first", "Service", name="FIRST"),
            node("orphan", "Service", name="Orphan service")]
BOOKCASE_EDGES = [edge("ACCOUNTABLE_TO", "icg", "yorok"), edge("REPORTS_TO", "icg", "emap"),
                  edge("REPORTS_TO", "yorok", "ww"), edge("REPORTS_TO", "hwb", "ww"),
                  edge("DELEGATES_TO", "hwb", "yorok"), edge("INFLUENCES", "youth", "yorok"),
                  edge("INFLUENCES", "yorok", "youth"), edge("SUPPORTS", "ctu", "icg"),
                  edge("MEMBER_OF", "dcs", "yorok"), edge("CHAIRS", "dcs", "icg"),
                  edge("COMMISSIONS", "icg", "first"), edge("MEMBER_OF", "council", "ww")]


@pytest.fixture(scope="module")
def bookcase() -> Partnership:
    return build(BOOKCASE, BOOKCASE_EDGES)


def line_of(result: Any) -> list[tuple[str, str, str]]:
    return [(s.below.id, s.kind.value, s.above.id) for s in result.line]


def test_the_line_is_formal_first_then_the_next_strongest_link(bookcase: Partnership) -> None:
    r = run_query("reporting-line", bookcase, {"node": "icg"})
    assert line_of(r) == [("icg", "formal", "yorok"), ("yorok", "reporting", "ww")]
    assert [(s.below.id, s.kind.value, s.above.id, s.depth) for s in r.others] == [
        ("icg", "reporting", "emap", 1), ("yorok", "delegation", "hwb", 2)]
    assert [t.id for t in r.tops] == ["ww", "emap"]
    assert [(v.body.id, v.other.id, v.way) for v in r.voice] == [("yorok", "youth", "two-way")]
    assert r.summary().splitlines()[0] == "ICG is accountable to YorOK Board, which reports to Without Walls Board (the top)."


@pytest.mark.parametrize(("start", "first_step"), [
    ("first", ("first", "commissions", "icg")),
    ("ctu", ("ctu", "supports", "icg")),
], ids=["service-via-commissioner", "unit-via-supports"])
def test_non_bodies_join_the_line_by_their_first_step(bookcase: Partnership, start: str,
                                                      first_step: tuple[str, str, str]) -> None:
    r = run_query("reporting-line", bookcase, {"node": start})
    assert line_of(r)[0] == first_step
    assert line_of(r)[1:] == [("icg", "formal", "yorok"), ("yorok", "reporting", "ww")]


@pytest.mark.parametrize(("start", "seats"), [
    ("dcs", [("yorok", []), ("icg", ["dcs"])]),
    ("council", [("ww", [])]),
], ids=["post-chairs-one-sits-on-another", "partner-sits-on-the-top"])
def test_seats_are_listed_apart_and_never_climbed(bookcase: Partnership, start: str,
                                                  seats: list[tuple[str, list[str]]]) -> None:
    """Chairing or sitting on a body is a seat: no line runs through it, and no top is reached by it."""
    r = run_query("reporting-line", bookcase, {"node": start})
    assert r.line == [] and r.others == [] and r.tops == []
    assert [(on.body.id, ids(on.chairs)) for on in r.seats] == seats
    assert "has nothing above it" in r.summary() and "Seats (membership of a body" in r.summary()
    assert all(row["route"] in ("seat", "seat's body") for row in r.table())


def test_a_posts_line_runs_through_its_unit_then_its_employer() -> None:
    p = build([node("board", "Board", name="Board"), node("unit", "Unit", name="Unit"),
               node("council", "Partner", name="Council"), node("county", "Partner", name="County"),
               node("manager", "Post", name="Manager"), node("clerk", "Post", name="Clerk")],
              [edge("SUPPORTS", "unit", "board"), edge("PART_OF", "unit", "council"),
               edge("PART_OF", "council", "county"), edge("PART_OF", "manager", "unit"),
               edge("EMPLOYS", "council", "manager"), edge("EMPLOYS", "council", "clerk"),
               edge("MEMBER_OF", "clerk", "board")])
    r = run_query("reporting-line", p, {"node": "manager"})
    assert line_of(r) == [("manager", "part-of", "unit"), ("unit", "supports", "board")]
    assert [(s.below.id, s.kind.value, s.above.id) for s in r.others] == [
        ("manager", "employed-by", "council"), ("council", "part-of", "county")]
    assert ids(r.tops) == ["board", "county"] and r.seats == []
    assert r.summary().splitlines()[-1] == "It holds no seat on any body."
    clerk = run_query("reporting-line", p, {"node": "clerk"})
    assert line_of(clerk) == [("clerk", "employed-by", "council"), ("council", "part-of", "county")]
    council = run_query("reporting-line", p, {"node": "council"})
    assert [(on.body.id, ids(on.holders)) for on in council.seats] == [("board", ["clerk"])]
    assert [(ps.part.id, ps.seats) for ps in run_query("reporting-line", p, {"node": "county"}).part_seats] == [
        ("council", 1)]


def test_delegation_is_followed_backwards(bookcase: Partnership) -> None:
    """The HWB delegates to the YorOK Board, so the HWB sits above it by delegation."""
    r = run_query("reporting-line", bookcase, {"node": "yorok"})
    assert ("yorok", "delegation", "hwb") in [(s.below.id, s.kind.value, s.above.id) for s in r.others]
    under_hwb = run_query("reporting-line", bookcase, {"node": "hwb"})
    assert "yorok" not in [s.above.id for s in under_hwb.line + under_hwb.others]


def test_a_service_commissioned_by_nobody_has_no_line(bookcase: Partnership) -> None:
    r = run_query("reporting-line", bookcase, {"node": "orphan"})
    assert r.line == [] and r.others == [] and r.tops == []
    assert r.summary() == "Orphan service has nothing above it: no commissioner is recorded."


def test_a_partner_met_on_the_way_up_ends_the_line() -> None:
    p = build([node("la", "Partner"), node("board", "Board"), node("svc", "Service")],
              [edge("COMMISSIONS", "la", "svc"), edge("MEMBER_OF", "la", "board")])
    r = run_query("reporting-line", p, {"node": "svc"})
    assert line_of(r) == [("svc", "commissions", "la")] and [t.id for t in r.tops] == ["la"]


def test_a_body_with_two_formal_parents_shows_both() -> None:
    p = build([node("a", "Board"), node("b", "Board"), node("g", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "g", "a"), edge("ACCOUNTABLE_TO", "g", "b")])
    r = run_query("reporting-line", p, {"node": "g"})
    assert line_of(r) == [("g", "formal", "a")]
    assert [(s.kind.value, s.above.id) for s in r.others] == [("formal", "b")]
    assert [t.id for t in r.tops] == ["a", "b"]


def test_a_reporting_loop_ends_without_a_top() -> None:
    p = build([node("a", "SubGroup"), node("b", "SubGroup")],
              [edge("REPORTS_TO", "a", "b"), edge("REPORTS_TO", "b", "a")])
    r = run_query("reporting-line", p, {"node": "a"})
    assert line_of(r) == [("a", "reporting", "b")] and r.others == [] and r.tops == []


# -- on hand-built partnerships: reports-to --------------------------------------------------------


def test_reports_to_lists_the_tree_depth_first_with_kinds(bookcase: Partnership) -> None:
    r = run_query("reports-to", bookcase, {"node": "ww"})
    assert [(e.depth, e.node.id, e.kind and e.kind.value) for e in r.entries] == [
        (0, "ww", None), (1, "yorok", "reporting"), (2, "icg", "formal"), (1, "hwb", "reporting")]
    # A unit that supports a body serves it and does not report to it: listed apart, after the tree.
    assert [(s.unit.id, s.supports.id) for s in r.support] == [("ctu", "icg")]
    assert r.table()[-1]["kind"] == "supports (apart)"
    assert [(v.body.id, v.other.id, v.way) for v in r.voice] == [("yorok", "youth", "two-way")]
    assert "Directly under Without Walls Board (2): reporting: YorOK Board and Health and Wellbeing Board" in r.summary()


def test_reports_to_follows_delegation_down_and_lists_each_node_once(bookcase: Partnership) -> None:
    r = run_query("reports-to", bookcase, {"node": "hwb"})
    assert [(e.node.id, e.kind and e.kind.value) for e in r.entries][:2] == [("hwb", None), ("yorok", "delegation")]
    ids = [e.node.id for e in r.entries]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("params", "expected"), [
    ({"kind": ["formal"]}, ["yorok", "icg"]),
    ({"depth": 1}, ["yorok", "icg"]),
    ({"kind": ["formal", "chairs", "member", "commissions"]}, ["yorok", "icg", "first", "dcs"]),
], ids=["formal-only", "one-level", "with-posts-and-services"])
def test_reports_to_kinds_and_depth(bookcase: Partnership, params: dict[str, Any], expected: list[str]) -> None:
    r = run_query("reports-to", bookcase, {"node": "yorok", **params})
    assert [e.node.id for e in r.entries] == expected


def test_nothing_under_a_leaf() -> None:
    r = run_query("reports-to", build([node("g", "SubGroup", name="G")]), {"node": "g"})
    assert [e.node.id for e in r.entries] == ["g"] and r.summary() == "Nothing sits under G."


# -- on hand-built partnerships: accountability-integrity ------------------------------------------


def test_integrity_finds_missing_and_double_formal_parents_and_reporting_loops() -> None:
    p = build([node("top", "Board"), node("other", "Board"), node("g1", "SubGroup"), node("g2", "SubGroup"),
               node("loose", "SubGroup"), node("voice", "SubGroup"), node("r1", "SubGroup"),
               node("r2", "SubGroup"), node("fine", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "other", "top"), edge("ACCOUNTABLE_TO", "fine", "top"),
               edge("ACCOUNTABLE_TO", "g1", "top"), edge("ACCOUNTABLE_TO", "g1", "other"),
               edge("INFLUENCES", "voice", "top"), edge("REPORTS_TO", "r1", "r2"), edge("REPORTS_TO", "r2", "r1"),
               edge("ACCOUNTABLE_TO", "g2", "top")])
    r = run_query("accountability-integrity", p, {})
    assert [t.id for t in r.tops] == ["top"]
    found = [(i.problem, i.node.id) for i in r.issues]
    assert found == [("no-formal-parent", "loose"), ("no-formal-parent", "r1"), ("no-formal-parent", "r2"),
                     ("several-formal-parents", "g1"), ("loop", "r1")]
    assert [v.id for v in r.voice_forums] == ["voice"]  # linked by influence alone: voice, not an orphan
    details = {(i.problem, i.node.id): i.detail for i in r.issues}
    assert details[("no-formal-parent", "loose")] == "Loose has no link upwards at all"
    assert details[("several-formal-parents", "g1")] == "G1 is accountable to Top and Other"
    assert details[("loop", "r1")] == "R1 reports to R2, which reports to R1"


def test_a_loop_mixing_accountability_and_reporting_is_found() -> None:
    p = build([node("a", "SubGroup"), node("b", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "a", "b"), edge("REPORTS_TO", "b", "a")])
    r = run_query("accountability-integrity", p, {"node": ["a"]})
    assert [(i.problem, i.detail) for i in r.issues if i.problem == "loop"] == [
        ("loop", "A is accountable to B, which reports to A")]


def test_a_formal_accountability_loop_cannot_even_be_loaded() -> None:
    """The query can rely on it: build_partnership refuses ACCOUNTABLE_TO loops."""
    with pytest.raises(InvalidPartnership) as caught:
        build([node("a", "SubGroup"), node("b", "SubGroup")],
              [edge("ACCOUNTABLE_TO", "a", "b"), edge("ACCOUNTABLE_TO", "b", "a")])
    assert [p.rule for p in caught.value.problems] == [Rule.ACCOUNTABILITY_LOOP]


def test_named_tops_replace_the_default_and_a_clean_structure_says_so() -> None:
    p = build([node("ww", "Board"), node("hwb", "Board"), node("g", "SubGroup")],
              [edge("REPORTS_TO", "hwb", "ww"), edge("ACCOUNTABLE_TO", "g", "hwb")])
    default = run_query("accountability-integrity", p, {})
    assert [(i.problem, i.node.id) for i in default.issues] == [("no-formal-parent", "hwb")]
    named = run_query("accountability-integrity", p, {"node": ["ww", "hwb"]})
    assert named.issues == [] and "accountable to exactly one parent" in named.summary()


def test_line_kinds_are_the_documented_vocabulary() -> None:
    params = get_query("reports-to").params
    assert set(params.model_fields["kind"].default_factory()) <= set(LineKind)  # type: ignore[misc]


def test_influence_is_never_followed_as_a_line_and_a_one_way_voice_reads_from_the_body() -> None:
    p = build([node("board", "Board", name="Board"), node("forum", "SubGroup", name="Forum"),
               node("g", "SubGroup", name="G")],
              [edge("INFLUENCES", "board", "forum"), edge("INFLUENCES", "forum", "g"),
               edge("ACCOUNTABLE_TO", "g", "board")])
    r = run_query("reporting-line", p, {"node": "g"})
    assert line_of(r) == [("g", "formal", "board")] and r.others == []
    assert [(v.body.id, v.other.id, v.way) for v in r.voice] == [("g", "forum", "influenced-by"),
                                                                  ("board", "forum", "influences")]
    assert [v.text() for v in r.voice] == ["Forum influences G", "Board influences Forum"]
    with pytest.raises(InvalidParameters, match="kind"):
        run_query("reports-to", p, {"node": "board", "kind": ["influence"]})


def test_bodies_that_stand_on_their_own_are_not_reported_as_lacking_a_parent(york: Partnership) -> None:
    """001 Annex: the Safeguarding Board and the Health and Wellbeing Board sit in York's bookcase with no
    formal parent; by design (an independent safeguarding board, a council committee), which the York data
    marks `independent`. Neither is a gap in accountability, and the answer says why."""
    r: Any = run_query("accountability-integrity", york)
    orphans = {i.node.id for i in r.issues if i.problem == "no-formal-parent"}
    assert {"safeguarding-board", "health-wellbeing-board"}.isdisjoint(orphans)
    assert {b.id for b in r.independent} == {"safeguarding-board", "health-wellbeing-board"}
    assert "Standing on their own by design" in r.summary()
    assert "yorok-board" in orphans  # a body not marked independent is still reported
    health: Any = run_query("health", york, {"rule": ["body-accountable-to-nothing"]})
    assert {"safeguarding-board", "health-wellbeing-board"}.isdisjoint({f.node_id for f in health.findings})


def test_powers_that_may_be_delegated_are_no_line_upwards(york: Partnership) -> None:
    """001 The devolved approach: decisions "may be delegated" to the YorOK Board by the Health and Wellbeing Board
    (and by partners on it). On the documents' statements alone the board's placement under the Health and
    Wellbeing Board (the project's reading) is gone, and what is left holds only on a condition: no line runs
    above the board, and the answer names the condition rather than claim a delegation or nothing at all."""
    r = run_query("reporting-line", york, {"node": "yorok-board"}, stated_only=True)
    assert r.line == []
    assert [(s.below.id, s.above.id, s.condition) for s in r.others if s.condition] == [
        ("yorok-board", "health-wellbeing-board", "may be delegated")]
    assert r.summary().startswith("YorOK Board has no line above it: only links that hold on a condition (YorOK "
                                  "Board may receive delegated powers from Health and Wellbeing Board).")
