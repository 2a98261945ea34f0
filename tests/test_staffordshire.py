"""Facts in the bundled Staffordshire partnership, each checked against its source.

Seed 003 is the Staffordshire Children's Trust Joint Commissioning Framework (June 2010);
the short-breaks contract comes from a real OCDS release, kept in ``tests/fixtures/ocds``. Each test
names the fact it checks. The ``staffordshire`` fixture (tests/conftest.py) is the folder
``loaders/data/staffordshire`` loaded and validated.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

import loaders
from conftest import FIXTURES, seed_text, shared_text
from graph_model import Partnership
from graph_model.schema import EdgeType, NodeType

DATA_DIR = Path(loaders.__file__).parent / "data" / "staffordshire"
OCDS_NAME = "ocds-b5fd17suppliermatch-97f911f5-7d29-4e50-aa8f-ae3dc5d15cc6.json"

BOARD = "staffs-childrens-trust-board"


# --- helpers and fixtures ---------------------------------------------------------------


def scale(node: Any) -> str | None:
    """A body's commissioning scale as text (None when it has none)."""
    value = getattr(node, "commissioning_scale", None)
    return None if value is None else str(value.value)


def has_edge(p: Partnership, etype: EdgeType, source: str, target: str) -> bool:
    """Whether a direct ``etype`` edge runs from ``source`` to ``target``."""
    return any(e.to == target for e in p.out_edges(source, etype))


@pytest.fixture(scope="module")
def data_text() -> str:
    """Every file of the bundled Staffordshire folder, as one lower-cased text."""
    files = sorted(f for f in DATA_DIR.iterdir() if f.is_file())
    assert files, f"no data files in {DATA_DIR}"
    return "\n".join(f.read_text(encoding="utf-8") for f in files).lower()


@pytest.fixture(scope="module")
def ocds_release() -> dict[str, Any]:
    """The one release in the Staffordshire short-breaks OCDS file."""
    path = FIXTURES / "ocds" / OCDS_NAME
    releases = json.loads(path.read_text(encoding="utf-8"))["releases"]
    assert len(releases) == 1
    release: dict[str, Any] = releases[0]
    return release


@pytest.fixture(scope="module")
def seed_003() -> str:
    return seed_text("003")


def ocds_date(stamp: str) -> dt.date:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()


# --- governance ---------------------------------------------------------------------------


def test_board_is_macro_scale(staffordshire: Partnership) -> None:
    """003 §9.1: macro (countywide) commissioning sits with the county Children's Trust Board."""
    board = staffordshire.node(BOARD)
    assert board.type is NodeType.BOARD
    assert scale(board) == "macro"


def test_eight_district_boards_report_to_the_trust_board_as_an_assumption(staffordshire: Partnership) -> None:
    """003 §6: there are 8 District Children's Trust Boards; 003 Part 1 has decisions taken centrally and by
    the district boards but states no line between them, so the line is an assumed REPORTS_TO, never a
    formal ACCOUNTABLE_TO."""
    district_boards = [b for b in staffordshire.nodes(NodeType.BOARD) if scale(b) == "district"]
    assert sorted(b.id for b in district_boards) == [f"district-board-{i}" for i in range(1, 9)]
    for b in district_boards:
        [line] = staffordshire.out_edges(b.id, EdgeType.REPORTS_TO)
        assert line.to == BOARD and (line.description or "").startswith("assumption")
        assert staffordshire.out_edges(b.id, EdgeType.ACCOUNTABLE_TO) == []


def test_no_formal_accountability_is_recorded(staffordshire: Partnership) -> None:
    """Seed 003 states formal accountability nowhere, and ACCOUNTABLE_TO is never an assumption."""
    assert staffordshire.edges(EdgeType.ACCOUNTABLE_TO) == []


def test_each_district_board_covers_a_district_of_the_county(staffordshire: Partnership) -> None:
    """003 §6: district boards work at district scale; the county board covers Staffordshire."""
    assert [n.id for n in staffordshire.neighbours(BOARD, EdgeType.COVERS)] == ["staffordshire"]
    covered = set()
    for i in range(1, 9):
        areas = staffordshire.neighbours(f"district-board-{i}", EdgeType.COVERS)
        assert len(areas) == 1
        assert areas[0].level == "district"  # type: ignore[attr-defined]
        assert [n.id for n in staffordshire.neighbours(areas[0].id, EdgeType.PART_OF)] == ["staffordshire"]
        covered.add(areas[0].id)
    assert len(covered) == 8


def test_fifty_clps_all_generated_and_micro_scale(staffordshire: Partnership) -> None:
    """003 §6 gives only the count of Community and Learning Partnerships (50): all are generated."""
    clps = [g for g in staffordshire.nodes(NodeType.SUBGROUP) if g.id.startswith("clp-")]
    assert len(clps) == 50
    for clp in clps:
        assert clp.generated, clp.id
        assert scale(clp) == "micro"
        edges = staffordshire.out_edges(clp.id)
        assert edges and all(e.generated for e in edges), clp.id


def test_each_clp_reports_to_one_district_board_and_sits_in_its_district(staffordshire: Partnership) -> None:
    """003 §6 links the C&LPs with the district boards; the generated assignment must be consistent:
    a C&LP's area lies inside the district its board covers."""
    for k in range(1, 51):
        clp = f"clp-{k:02d}"
        boards = staffordshire.neighbours(clp, EdgeType.REPORTS_TO)
        assert len(boards) == 1 and boards[0].id.startswith("district-board-"), clp
        [area] = staffordshire.neighbours(clp, EdgeType.COVERS)
        assert area.id == f"clp-area-{k:02d}" and area.generated
        [district] = staffordshire.neighbours(boards[0].id, EdgeType.COVERS)
        assert [n.id for n in staffordshire.neighbours(area.id, EdgeType.PART_OF)] == [district.id], clp


def test_the_jcu_supports_the_board_and_is_part_of_the_county_council(staffordshire: Partnership) -> None:
    """003 cover page, Part 4 and Part 7: the Joint Commissioning Unit serves the Children's Trust."""
    assert staffordshire.node("staffs-jcu").type is NodeType.UNIT
    assert has_edge(staffordshire, EdgeType.SUPPORTS, "staffs-jcu", BOARD)
    assert has_edge(staffordshire, EdgeType.PART_OF, "staffs-jcu", "staffordshire-county-council")


def test_the_jcu_manager_is_a_post_in_the_unit(staffordshire: Partnership) -> None:
    """003 Executive summary: the framework is signed by the JCU Manager - modelled as a post."""
    post = staffordshire.node("jcu-manager")
    assert post.type is NodeType.POST
    assert post.name == "Joint Commissioning Unit Manager, Children & Young People"
    assert has_edge(staffordshire, EdgeType.PART_OF, "jcu-manager", "staffs-jcu")


# --- outcomes -----------------------------------------------------------------------------

SIX_OUTCOMES = {
    "ecm-be-healthy": "Be healthy",
    "ecm-stay-safe": "Stay safe from harm",
    "ecm-enjoy-and-achieve": "Enjoy and achieve",
    "ecm-positive-contribution": "Make a positive contribution",
    "ecm-economic-wellbeing": "Achieve economic wellbeing",
    "supportive-families-friends-communities": "Have supportive families, friends and communities",
}


def test_six_outcomes_including_supportive_families(staffordshire: Partnership) -> None:
    """003 §3.1: the five ECM outcomes plus Staffordshire's Think Family sixth outcome."""
    framed = {o.id: o for o in staffordshire.nodes(NodeType.OUTCOME) if o.framework}  # type: ignore[attr-defined]
    assert {i: o.name for i, o in framed.items()} == SIX_OUTCOMES
    assert sum(o.framework == "ECM" for o in framed.values()) == 5  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("outcome", "relies_on"),
    [
        pytest.param("less-obesity", "better-diet", id="obesity-on-diet"),
        pytest.param("less-obesity", "more-exercise", id="obesity-on-exercise"),
        pytest.param("better-behaviour", "better-diet", id="behaviour-on-diet"),
        pytest.param("resistance-to-disease", "better-diet", id="disease-resistance-on-diet"),
        pytest.param("ecm-enjoy-and-achieve", "more-exercise", id="enjoy-achieve-on-exercise"),
    ],
)
def test_interdependency_example(staffordshire: Partnership, outcome: str, relies_on: str) -> None:
    """003 Part 5 (continued): less obesity relies on better diet and more exercise; a better diet
    brings better behaviour and resistance to disease; exercise is a way of enjoying and achieving."""
    assert has_edge(staffordshire, EdgeType.DEPENDS_ON, outcome, relies_on)


@pytest.mark.parametrize(
    ("a", "b"),
    [pytest.param(a, b, id=f"{a}-on-{b}")
     for a, b in itertools.permutations(["attendance", "achievement", "freedom-from-bullying"], 2)],
)
def test_attendance_achievement_bullying_are_interrelated(staffordshire: Partnership, a: str, b: str) -> None:
    """003 Part 5 (continued): attendance, achievement and freedom from bullying are all interrelated."""
    assert has_edge(staffordshire, EdgeType.DEPENDS_ON, a, b)


def test_every_concrete_outcome_reaches_an_outcome_of_the_framework(staffordshire: Partnership) -> None:
    """Convention (README): concrete outcomes hang under an ECM or Think Family outcome via DEPENDS_ON."""
    into = staffordshire.adjacency(EdgeType.DEPENDS_ON, "in")
    for o in staffordshire.nodes(NodeType.OUTCOME):
        if o.id in SIX_OUTCOMES:
            continue
        seen, todo = {o.id}, [o.id]
        while todo:
            for parent in into.get(todo.pop(), []):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        assert seen & SIX_OUTCOMES.keys(), o.id


# --- plans, cohorts and money ---------------------------------------------------------------


def test_framework_dated_june_2010_and_owned_by_the_board(staffordshire: Partnership) -> None:
    """003 cover page (June 2010) and Executive summary (adopted by the Children's Trust Board)."""
    jcf = staffordshire.node("staffs-joint-commissioning-framework")
    assert jcf.valid_from == dt.date(2010, 6, 1)
    assert has_edge(staffordshire, EdgeType.OWNS, BOARD, jcf.id)
    aims = [e.from_ for e in staffordshire.in_edges(jcf.id, EdgeType.PART_OF)]
    assert len(aims) == 6  # the six joint aims listed in 003 §3.1


@pytest.mark.parametrize(
    ("plan", "period"),
    [
        pytest.param("cypp-2010", "2010", id="cypp-refresh-2010"),
        pytest.param("cypp-2011-14", "2011-14", id="cypp-rewrite-2011-14"),
        pytest.param("laa-2008-11", "2008-11", id="laa-2008-11"),
    ],
)
def test_plan_periods(staffordshire: Partnership, plan: str, period: str) -> None:
    """003 §6 (CYPP 2010 refresh, rewrite for 2011-14) and Part 6/7 (2008-11 LAA)."""
    assert staffordshire.node(plan).period == period  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "cohort",
    ["looked-after-children", "children-with-ldd", "minority-ethnic-children", "disabled-children", "sen"],
)
def test_key_groups_are_cohorts(staffordshire: Partnership, cohort: str) -> None:
    """003 §4.2 (looked after, LDD, minority ethnic) and Part 2 (disabled, SEN, looked after)."""
    assert staffordshire.node(cohort).type is NodeType.COHORT


def test_the_pool_is_a_plan_and_aligned_budgets_lead_to_it(staffordshire: Partnership) -> None:
    """003 Part 7: pooling "will take some time"; aligning budgets is the low-risk interim step towards a pool in
    the medium term. The pooling powers are s75 NHS Act 2006 and s10 Children Act 2004; the seed does not say
    which a pool would use ("late summer 2010" is the target for putting the Trust's partnership functions on
    s10), so no legal basis and no dates are recorded. The seed gives no amounts, so none are recorded."""
    budgets = {b.id: b for b in staffordshire.nodes(NodeType.BUDGET)}
    pooled = budgets["childrens-trust-pooled-budget"]
    assert pooled.kind.value == "pooled"  # type: ignore[attr-defined]
    assert pooled.legal_basis is None and (pooled.valid_from, pooled.valid_to) == (None, None)  # type: ignore[attr-defined]
    description = (pooled.description or "").lower()
    assert description.startswith("planned, not recorded in place")
    assert "section 75" in description and "section 10" in description and "will take some" in description
    assert budgets["childrens-trust-aligned-budgets"].kind.value == "aligned"  # type: ignore[attr-defined]
    assert all(b.amount is None for b in budgets.values())  # type: ignore[attr-defined]
    assert all(e.amount is None for e in staffordshire.edges(EdgeType.CONTRIBUTES))  # type: ignore[attr-defined]


def test_the_pooled_budget_has_no_owner_yet(staffordshire: Partnership) -> None:
    """003 Part 7: partners are to entrust pooled resources to the Joint Commissioning Unit only once trust
    in it has been built; the seed does not say who holds the pool until then."""
    assert staffordshire.in_edges("childrens-trust-pooled-budget", EdgeType.OWNS) == []


@pytest.mark.parametrize(
    ("etype", "source", "target"),
    [
        pytest.param(EdgeType.OWNS, BOARD, "cypp-2010", id="board-owns-cypp-2010"),
        pytest.param(EdgeType.OWNS, BOARD, "cypp-2011-14", id="board-owns-cypp-2011-14"),
        pytest.param(EdgeType.OWNS, "staffordshire-partnership", "laa-2008-11", id="partnership-owns-laa"),
        pytest.param(EdgeType.MEMBER_OF, "staffordshire-county-council", BOARD, id="council-on-board"),
        pytest.param(EdgeType.MEMBER_OF, "staffs-pct", BOARD, id="pct-on-board"),
        pytest.param(EdgeType.INFLUENCES, "staffs-participation-network", BOARD, id="network-influences-board"),
        pytest.param(EdgeType.PART_OF, "staffs-jcu", "staffordshire-county-council", id="jcu-in-council"),
        pytest.param(EdgeType.EMPLOYS, "staffordshire-county-council", "jcu-manager", id="council-employs-manager"),
        pytest.param(EdgeType.CONTRIBUTES, "staffordshire-county-council", "childrens-trust-pooled-budget",
                     id="council-expected-in-pool"),
        pytest.param(EdgeType.CONTRIBUTES, "staffs-pct", "childrens-trust-pooled-budget", id="pct-expected-in-pool"),
    ],
)
def test_links_the_seed_does_not_state_are_marked_as_assumptions(staffordshire: Partnership, etype: EdgeType,
                                                                  source: str, target: str) -> None:
    """003 names no owner of the CYPPs (§6) or the LAA (Part 7), gives no board membership (§2.3, §7.12),
    does not name the board as what the participation network influences (§7.1, §7.4, Part 3), and does
    not say who hosts the JCU: README lists each as an assumption, and the record must say so too."""
    [e] = [e for e in staffordshire.out_edges(source, etype) if e.to == target]
    assert (e.description or "").startswith("assumption")


def test_the_staffordshire_partnership_is_itself_a_reading(staffordshire: Partnership) -> None:
    """003 Part 7 only links to the 2008-11 LAA on staffordshirepartnership.org.uk; reading it as the county's
    local strategic partnership is the project's, so the record is marked assumed and says so first."""
    node = staffordshire.node("staffordshire-partnership")
    assert node.assumed and (node.description or "").startswith("assumption")


def test_every_record_that_says_it_is_an_assumption_is_marked(staffordshire: Partnership) -> None:
    """A reading written only in a description is not marked: every record whose description starts with
    "assumption" (README: 'on each record the description starts with "assumption"') carries assumed: true."""
    records = [*staffordshire.nodes(), *staffordshire.edges()]
    said = [r for r in records if (r.description or "").lower().startswith("assumption")]
    assert said and [r.id for r in said if not r.assumed] == []


def test_readme_counts_match_the_data(staffordshire: Partnership) -> None:
    """README.md 'Counts' line: the node and edge counts it quotes are those of the folder."""
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    match = re.search(r"Counts: (\d+) nodes .*? and (\d+) edges", text, re.S)
    assert match is not None
    assert (int(match[1]), int(match[2])) == (len(staffordshire.nodes()), len(staffordshire.edges()))


# --- the short-breaks contract (OCDS) --------------------------------------------------------


def test_short_breaks_contract_matches_the_ocds_release(staffordshire: Partnership,
                                                        ocds_release: dict[str, Any]) -> None:
    """shared/data/ocds/…97f911f5…: value, contract period, buyer and tender of the award."""
    [award] = ocds_release["awards"]
    service = staffordshire.node("short-breaks-framework")
    [commission] = staffordshire.in_edges(service.id, EdgeType.COMMISSIONS)
    start, end = (ocds_date(award["contractPeriod"][k]) for k in ("startDate", "endDate"))

    assert commission.lifetime_value == award["value"]["amount"]  # type: ignore[attr-defined]
    assert (service.start_date, service.end_date) == (start, end)  # type: ignore[attr-defined]
    assert (service.valid_from, service.valid_to) == (start, end)
    assert staffordshire.node(commission.from_).name == ocds_release["buyer"]["name"]
    assert commission.tendered is ("tender" in ocds_release["tag"]  # type: ignore[attr-defined]
                                   and ocds_release["tender"]["procurementMethod"] == "open")


def test_short_breaks_suppliers_match_the_ocds_release(staffordshire: Partnership,
                                                       ocds_release: dict[str, Any]) -> None:
    """shared/data/ocds/…97f911f5…: the four suppliers of the award deliver the service."""
    [award] = ocds_release["awards"]
    providers = staffordshire.in_edges("short-breaks-framework", EdgeType.DELIVERS)
    names = {staffordshire.node(e.from_).name.casefold() for e in providers}
    assert names == {s["name"].casefold() for s in award["suppliers"]}


def test_short_breaks_contract_over_35k_was_tendered(staffordshire: Partnership) -> None:
    """003 Part 6: a full tender is needed above a lifetime value of 35,000 GBP."""
    [commission] = staffordshire.in_edges("short-breaks-framework", EdgeType.COMMISSIONS)
    assert commission.lifetime_value > 35_000  # type: ignore[attr-defined]
    assert commission.tendered is True  # type: ignore[attr-defined]


def test_no_personal_contact_data_from_the_ocds_release(data_text: str) -> None:
    """The OCDS parties carry contact names, e-mails and phone numbers; none may reach the data.

    The copy in tests/fixtures has them blanked, so this reads the original release.
    """
    original = json.loads(shared_text(f"data/ocds/{OCDS_NAME}"))["releases"][0]
    personal = [party.get("contactPoint", {}).get(field) for party in original["parties"]
                for field in ("name", "email", "telephone", "faxNumber")]
    personal = [p for p in personal if p]
    assert personal, "the release should contain contact details for this test to mean anything"
    for value in personal:
        assert value.lower() not in data_text, value


def test_the_ocds_fixture_carries_no_personal_contact_data() -> None:
    """tests/fixtures/README.md: the shipped copy of the release has its contact points blanked."""
    release = json.loads((FIXTURES / "ocds" / OCDS_NAME).read_text(encoding="utf-8"))["releases"][0]
    assert all(not party.get("contactPoint", {}).get(field) for party in release["parties"]
               for field in ("name", "email", "telephone", "faxNumber"))


# --- hygiene ---------------------------------------------------------------------------------


def test_every_node_and_edge_has_a_source(staffordshire: Partnership) -> None:
    """Every record names the seed section or file it comes from."""
    unsourced = [r.id for r in [*staffordshire.nodes(), *staffordshire.edges()] if not (r.source or "").strip()]
    assert unsourced == []


def test_the_jcu_managers_name_appears_nowhere_in_the_data(data_text: str, seed_003: str) -> None:
    """003 Executive summary names the JCU manager above the post title: model the post, not the person.
    The name is read from the seed so it is not written into the project."""
    lines = [line.strip() for line in seed_003.splitlines()]
    at = next(i for i, line in enumerate(lines) if line.startswith("Joint Commissioning Unit Manager"))
    name = next(line for line in reversed(lines[:at]) if line)
    assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", name), f"expected a personal name above the title, got {name!r}"
    for part in (name, *name.split()):
        assert part.lower() not in data_text, part
