"""Facts in the bundled York (YorOK) partnership, each checked against its seed.

Seeds: 000 is the YorOK Commissioning Framework, 001 "Commissioning and
Decommissioning in York 2014-16" with the Planning Bookcase annex, 002 the terms of
reference of the YorOK Children's Integrated Commissioning Group (ICG). Each test
names the seed and section it checks. The ``york`` fixture (tests/conftest.py) is
the folder ``loaders/data/york`` loaded and validated.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import loaders
from graph_model import Partnership, summarise
from graph_model.models import EdgeBase
from graph_model.schema import EdgeType, NodeType
from queries.registry import run_query

DATA_DIR = Path(loaders.__file__).parent / "data" / "york"

#: The holders of ICG posts that seed 002 names in its membership table. The data
#: models posts only, so none of these may appear anywhere in the York folder.
PEOPLE_NAMED_IN_002 = (
    "Pete Dwyer", "Gareth Wiles", "Jo Dicks", "Jen Slaughter", "Sue Cross", "Kate Helme",
    "Richard Hartle", "Paul Murphy", "Eoin Rush", "Judy Kent", "Carolyn Ford",
)


# --- helpers and fixtures ---------------------------------------------------------------


def edge(p: Partnership, etype: EdgeType, source: str, target: str) -> EdgeBase | None:
    """The direct ``etype`` edge from ``source`` to ``target``, or None."""
    return next((e for e in p.out_edges(source, etype) if e.to == target), None)


def observations(p: Partnership, indicator: str) -> list[tuple[float, str | None, dt.date | None]]:
    """An indicator's observations as (value, period, date), in file order."""
    return [(o.value, o.period, o.date) for o in p.node(indicator).observations]  # type: ignore[attr-defined]


def placement_line(p: Partnership, start: str) -> list[str]:
    """Walk up the bookcase from ``start``, taking ACCOUNTABLE_TO before REPORTS_TO at each step."""
    line = [start]
    while True:
        up = p.out_edges(line[-1], EdgeType.ACCOUNTABLE_TO) or p.out_edges(line[-1], EdgeType.REPORTS_TO)
        if not up or up[0].to in line:
            return line
        line.append(up[0].to)


@pytest.fixture(scope="module")
def data_text() -> str:
    """Every file of the bundled York folder (YAML and README) as one text."""
    files = sorted(f for f in DATA_DIR.iterdir() if f.is_file())
    assert len(files) >= 2, f"expected the York data files in {DATA_DIR}"
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


# --- the whole dataset ---------------------------------------------------------------------


def test_every_node_and_edge_names_its_seed_and_section(york: Partnership) -> None:
    """Brief rule: every record carries ``source`` = seed prefix (000-002) + section."""
    pattern = re.compile(r"^00[012] \S")
    missing = [r.id for r in [*york.nodes(), *york.edges()] if not r.source or not pattern.match(r.source)]
    assert missing == []


def test_no_person_named_in_002_appears_in_the_york_files(data_text: str) -> None:
    """002 membership table names each post holder; the data models posts, never people."""
    flat = re.sub(r"\s+", " ", data_text).casefold()
    assert [n for n in PEOPLE_NAMED_IN_002 if n.casefold() in flat] == []
    surnames = [n.split()[-1] for n in PEOPLE_NAMED_IN_002]
    assert [s for s in surnames if re.search(rf"\b{s}\b", data_text)] == []


def test_no_budget_or_money_flow_has_an_invented_amount(york: Partnership) -> None:
    """001 and 002 give no amount for any budget, contribution or funding flow."""
    assert york.nodes(NodeType.BUDGET), "the seeds name budgets; they must be modelled"
    assert [b.id for b in york.nodes(NodeType.BUDGET) if b.amount is not None] == []  # type: ignore[attr-defined]
    flows = york.edges(EdgeType.CONTRIBUTES, EdgeType.FUNDS)
    assert flows
    assert [e.id for e in flows if e.amount is not None] == []  # type: ignore[attr-defined]


# --- governance: the ICG (002) ------------------------------------------------------------


def test_icg_is_formally_accountable_to_the_yorok_board(york: Partnership) -> None:
    """002 Accountability and reporting: the ICG is formally accountable to the YorOK Board."""
    assert [n.id for n in york.neighbours("icg", EdgeType.ACCOUNTABLE_TO)] == ["yorok-board"]


def test_icg_reports_to_emap_only_as_necessary(york: Partnership) -> None:
    """002 ToR accountability and reporting arrangements: reporting to EMAP as necessary."""
    e = edge(york, EdgeType.REPORTS_TO, "icg", "emap")
    assert e is not None and e.condition == "as necessary"  # type: ignore[attr-defined]


def test_director_of_childrens_services_chairs_the_icg(york: Partnership) -> None:
    """002 Chair: the Director of Children's Services, LCCS, chairs the ICG."""
    assert edge(york, EdgeType.CHAIRS, "director-of-childrens-services", "icg") is not None
    member = edge(york, EdgeType.MEMBER_OF, "director-of-childrens-services", "icg")
    assert member is not None and member.role.value == "chair"  # type: ignore[attr-defined]
    assert [n.id for n in york.neighbours("director-of-childrens-services", EdgeType.EMPLOYS, "in")] == [
        "cyc-childrens-services"]


def test_icg_is_not_public_and_meets_about_six_times_a_year(york: Partnership) -> None:
    """002: 'not a public forum'; ToR frequency of meeting: approximately six times a year."""
    icg = york.node("icg")
    assert icg.public is False  # type: ignore[attr-defined]
    assert "six times a year" in icg.meeting_frequency  # type: ignore[attr-defined]
    assert icg.terms_of_reference and "(12)" in icg.terms_of_reference  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("post", "employer"),
    [
        ("director-of-childrens-services", "cyc-childrens-services"),
        ("assistant-director-commissioning-pct", "north-yorkshire-york-pct"),
        ("directorate-manager-cyp-maternity", "acute-hospital-trust"),
        ("general-manager-provider-services", "north-yorkshire-york-pct"),
        ("head-of-protective-services", "north-yorkshire-police"),
        ("cyp-family-development-officer", "york-cvs"),
        ("chair-of-schools-forum", "york-schools"),
        ("head-of-finance-lccs", "cyc-childrens-services"),
        ("ad-partnerships-early-intervention", "city-of-york-council"),
        ("ad-children-families", "city-of-york-council"),
        ("childrens-trust-unit-manager", "city-of-york-council"),
        ("inspection-planning-manager", "city-of-york-council"),
    ],
)
def test_icg_members_by_post_and_agency(york: Partnership, post: str, employer: str) -> None:
    """002 ToR membership: each post sits on the ICG and comes from the agency in the table."""
    assert york.node(post).type is NodeType.POST
    assert edge(york, EdgeType.MEMBER_OF, post, "icg") is not None
    assert [n.id for n in york.neighbours(post, EdgeType.EMPLOYS, "in")] == [employer]


def test_icg_has_exactly_the_twelve_posts_of_002(york: Partnership) -> None:
    """002 ToR membership lists twelve posts, no more; secretariat support is a unit, not a member."""
    assert len(york.in_edges("icg", EdgeType.MEMBER_OF)) == 12


@pytest.mark.parametrize(
    ("post", "representing"),
    [("cyp-family-development-officer", "voluntary and community sector"),
     ("chair-of-schools-forum", "primary and secondary schools")],
)
def test_representative_members(york: Partnership, post: str, representing: str) -> None:
    """002 ToR membership: York CVS's officer represents the VCS; the Schools Forum chair represents schools."""
    e = edge(york, EdgeType.MEMBER_OF, post, "icg")
    assert e is not None and representing in (e.representing or "")  # type: ignore[attr-defined]


def test_icg_support_hub(york: Partnership) -> None:
    """002 Support for the ICG and Annex 1: CTU support, LCCS Director's Office secretariat, council support services."""
    roles = {e.from_: e.role.value for e in york.in_edges("icg", EdgeType.SUPPORTS)}  # type: ignore[attr-defined]
    assert roles["childrens-trust-unit"] == "support"
    assert roles["lccs-directors-office"] == "secretariat"
    council_services = ["cyc-finance", "cyc-legal-services", "cyc-hr", "cyc-workforce-development", "cyc-audit",
                        "cyc-procurement"]
    for unit in council_services:
        assert unit in roles, unit
        assert [n.id for n in york.neighbours(unit, EdgeType.PART_OF)] == ["city-of-york-council"]
    assert [n.id for n in york.neighbours("joint-commissioning-team", EdgeType.PART_OF)] == ["childrens-trust-unit"]


def test_pooled_budgets_owned_by_icg_and_reported_to_yorok_board(york: Partnership) -> None:
    """002 ToR accountability: regular reporting to the YorOK Board on the financial position of pooled budgets."""
    assert york.node("yorok-pooled-budgets").kind.value == "pooled"  # type: ignore[attr-defined]
    assert edge(york, EdgeType.OWNS, "icg", "yorok-pooled-budgets") is not None
    assert edge(york, EdgeType.MONITORS, "yorok-board", "yorok-pooled-budgets") is not None


# --- governance: the planning bookcase (001) ------------------------------------------------


def test_health_and_wellbeing_board_may_delegate_budget_decisions_to_yorok_board(york: Partnership) -> None:
    """001 devolved approach (YorOK Board constitution, Jan 2013): budget decisions *may* be delegated to it."""
    e = edge(york, EdgeType.DELEGATES_TO, "health-wellbeing-board", "yorok-board")
    assert e is not None
    assert e.conditional is True  # type: ignore[attr-defined]
    assert "budget" in (e.powers or "")  # type: ignore[attr-defined]


def test_yorok_board_is_public_and_owns_and_monitors_the_plan(york: Partnership) -> None:
    """002 Involvement - providers: the YorOK Board is a public forum; 001 Context: it produces and monitors the CYPP."""
    assert york.node("yorok-board").public is True  # type: ignore[attr-defined]
    assert edge(york, EdgeType.OWNS, "yorok-board", "cypp-2013-16") is not None
    assert edge(york, EdgeType.MONITORS, "yorok-board", "cypp-2013-16") is not None


@pytest.mark.parametrize("forum", ["youth-council", "show-me-i-matter-panel"])
def test_voice_forums_and_yorok_board_influence_each_other(york: Partnership, forum: str) -> None:
    """001 Annex: voice and influence of children and young people, a '2 way relationship'."""
    assert edge(york, EdgeType.INFLUENCES, forum, "yorok-board") is not None
    assert edge(york, EdgeType.INFLUENCES, "yorok-board", forum) is not None


@pytest.mark.parametrize(
    ("group", "board"),
    [
        ("looked-after-children-subgroup", "yorok-board"),
        ("camhs-subgroup", "yorok-board"),
        ("child-poverty-subgroup", "yorok-board"),
        ("mental-health-learning-disabilities-partnership", "health-wellbeing-board"),
        ("tackling-deprivation-health-inequality-partnership", "health-wellbeing-board"),
        ("older-people-long-term-conditions-partnership", "health-wellbeing-board"),
    ],
)
def test_annex_sub_groups_report_to_their_board_without_stated_accountability(
        york: Partnership, group: str, board: str) -> None:
    """001 devolved approach: the bookcase is a network of groups that report to the YorOK Board; 001 Annex
    lists the YorOK sub-groups (LAC, CAMHS, Child Poverty) under it and the strategic delivery partnerships
    under the Health and Wellbeing Board. Neither states formal accountability, so the line is REPORTS_TO."""
    assert board in [n.id for n in york.neighbours(group, EdgeType.REPORTS_TO)]
    assert york.neighbours(group, EdgeType.ACCOUNTABLE_TO) == []


def test_only_the_icg_is_formally_accountable(york: Partnership) -> None:
    """002 Accountability and reporting is the only passage in 000-002 that states formal accountability
    (the ICG to the YorOK Board); ACCOUNTABLE_TO is never an assumption."""
    assert [(e.from_, e.to) for e in york.edges(EdgeType.ACCOUNTABLE_TO)] == [("icg", "yorok-board")]


def test_involvement_sub_group_has_no_stated_parent(york: Partnership) -> None:
    """002 Annex 1 lists the Involvement sub-group in the support hub and states no accountability."""
    assert york.out_edges("involvement-subgroup", EdgeType.ACCOUNTABLE_TO) == []
    assert york.out_edges("involvement-subgroup", EdgeType.REPORTS_TO) == []
    influence = edge(york, EdgeType.INFLUENCES, "involvement-subgroup", "icg")
    assert influence is not None and (influence.description or "").startswith("Assumption")
    assert influence.source == "002 Annex 1: support for the ICG"


def test_icg_reporting_line_runs_through_yorok_board_to_without_walls(york: Partnership) -> None:
    """002: ICG accountable to the YorOK Board; 001 Annex: YorOK among the HWB's partnerships, Without Walls on top."""
    assert placement_line(york, "icg") == ["icg", "yorok-board", "health-wellbeing-board", "without-walls-board"]


#: 001 Annex (Planning Bookcase): the six partnerships reporting to the Without Walls Board, the YorOK Board
#: and three strategic delivery partnerships under the Health and Wellbeing Board, the YorOK sub-groups (LAC,
#: CAMHS, Child Poverty); 002: the ICG (accountable to the YorOK Board) and the Integrated Commissioning Network.
BODIES_BELOW_WITHOUT_WALLS = 6 + 4 + 3 + 2
#: 002 Support for the ICG and Annex 1: the Children's Trust Unit, the LCCS Director's Office, the Joint
#: Commissioning Team, six council services (finance, legal, HR, workforce development, audit, procurement)
#: and two support-hub teams (contracts; needs analysis and performance). They support the ICG: not below it.
UNITS_BELOW_WITHOUT_WALLS = 3 + 6 + 2


def test_show_and_reports_to_count_the_same_fifteen_bodies_below_without_walls_and_eleven_support_units_apart(
        york: Partnership) -> None:
    """001 Annex and 002 (see the constants above): 15 bodies sit below the Without Walls Board; the 11 units of
    the ICG's "virtual hub" (002 Annex 1) support it and are not below it. ``bookcase show`` (summarise) and the
    reports-to tree count the same 15 nodes and keep the same 11 units apart."""
    (top,) = [t for t in summarise(york)["top_boards"] if t["id"] == "without-walls-board"]
    assert (top["bodies_below"], top["units_below"], top["below"], top["support_units"]) == (
        BODIES_BELOW_WITHOUT_WALLS, 0, 15, UNITS_BELOW_WITHOUT_WALLS)
    tree = run_query("reports-to", york, {"node": "without-walls-board"})
    assert len(tree.entries) - 1 == 15 and len(tree.support) == UNITS_BELOW_WITHOUT_WALLS
    assert "In all 15 nodes sit under it, 4 levels deep: 15 bodies." in tree.summary()


@pytest.mark.parametrize(
    "body",
    ["health-wellbeing-board", "york-education-partnership", "safeguarding-board", "economic-partnership",
     "environment-partnership", "safer-york-partnership", "integrated-commissioning-network",
     "camhs-subgroup", "older-people-long-term-conditions-partnership"],
)
def test_annex_bodies_lead_up_to_the_without_walls_board(york: Partnership, body: str) -> None:
    """001 Annex: the Without Walls Board is the top of the planning bookcase."""
    assert placement_line(york, body)[-1] == "without-walls-board"


def test_no_body_has_two_formal_parents(york: Partnership) -> None:
    """002 Accountability and reporting: formal accountability is single (the ICG to the YorOK Board)."""
    parents: dict[str, list[str]] = {}
    for e in york.edges(EdgeType.ACCOUNTABLE_TO):
        parents.setdefault(e.from_, []).append(e.to)
    assert {b: ps for b, ps in parents.items() if len(ps) > 1} == {}


# --- partners (000 "YorOK Partners") -------------------------------------------------------


@pytest.mark.parametrize(
    ("partner", "sector", "community"),
    [
        ("vale-of-york-ccg", "health", "Health Community"),
        ("public-health", "health", "Health Community"),
        ("york-schools", "education", "Education Community"),
        ("york-colleges", "education", "Education Community"),
        ("cyc-childrens-services", "local-authority", "Local Authority"),
        ("cyc-housing", "local-authority", "Local Authority"),
        ("north-yorkshire-police", "police", "YorOK Community"),
        ("faith-groups", "faith", "YorOK Community"),
        ("voluntary-community-sector", "voluntary-community", "YorOK Community"),
        ("pvi-childcare-providers", "private-independent", "YorOK Community"),
    ],
)
def test_partners_sit_in_their_000_community(york: Partnership, partner: str, sector: str, community: str) -> None:
    """000 YorOK Partners: Health, Education, Local Authority and YorOK communities."""
    node = york.node(partner)
    assert (node.sector.value, node.community) == (sector, community)  # type: ignore[attr-defined]


@pytest.mark.parametrize("part", ["cyc-childrens-services", "cyc-adult-services", "cyc-housing",
                                  "cyc-economic-development"])
def test_council_directorates_are_part_of_the_council(york: Partnership, part: str) -> None:
    """000 YorOK Partners: Local Authority = Children's Services, Adult Services, Housing, Economic Development."""
    assert [n.id for n in york.neighbours(part, EdgeType.PART_OF)] == ["city-of-york-council"]


def test_the_council_covers_york_citing_the_partner_list(york: Partnership) -> None:
    """000 YorOK Partners names the Local Authority as a partner; 000 §1 says nothing about the council."""
    e = edge(york, EdgeType.COVERS, "city-of-york-council", "york")
    assert e is not None and e.source == "000 YorOK Partners"


# --- plan and priorities (000, 001) --------------------------------------------------------


def test_five_priorities_in_the_order_of_the_plan(york: Partnership) -> None:
    """000 §3: the five priorities of the 2013-16 CYPP, in the order given."""
    parts = york.neighbours("cypp-2013-16", EdgeType.PART_OF, "in")
    priorities = sorted((n for n in parts if n.type is NodeType.PRIORITY), key=lambda n: n.rank)  # type: ignore[attr-defined]
    assert [(n.rank, n.id) for n in priorities] == [  # type: ignore[attr-defined]
        (1, "priority-happy-family-life"),
        (2, "priority-extra-help-early"),
        (3, "priority-good-mental-health"),
        (4, "priority-reaching-further"),
        (5, "priority-planning-well"),
    ]
    assert "happy family life" in priorities[0].name and "mental health" in priorities[2].name


def test_cypp_2013_16_is_dream_again_and_statutory(york: Partnership) -> None:
    """000 §1: 'Dream Again', 2013-16; 002 ToR statutory plans: the Children and Young People's Plan."""
    plan = york.node("cypp-2013-16")
    assert "Dream Again" in plan.name
    assert (plan.period, plan.statutory) == ("2013-16", True)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("day", "plans"),
    [
        (dt.date(2006, 6, 1), ["cypp-2005-08"]),
        (dt.date(2008, 6, 1), ["cypp-2005-08", "cypp-2007-10"]),
        (dt.date(2011, 6, 1), ["cypp-2009-12"]),
        (dt.date(2014, 6, 1), ["cypp-2013-16"]),
    ],
    ids=["2006", "2008-overlap", "2011", "2014"],
)
def test_the_plan_in_force_changes_over_time(york: Partnership, day: dt.date, plans: list[str]) -> None:
    """001 Context: plans covering 2005-8, 2007-10, 2009-12 and now 2013-16 (years only: 1 Jan to 31 Dec)."""
    in_force = sorted(n.id for n in york.as_of(day).nodes(NodeType.PLAN) if n.id.startswith("cypp-20"))
    assert in_force == plans


# --- services, outcomes and indicators (001) ------------------------------------------------


def test_howe_hill_is_delivered_within_housing_for_homeless_16_to_21s(york: Partnership) -> None:
    """001 Howe Hill: for homeless young people aged 16-21, within the housing service."""
    assert [n.id for n in york.neighbours("howe-hill", EdgeType.DELIVERS, "in")] == ["cyc-housing"]
    targets = {n.id for n in york.neighbours("howe-hill", EdgeType.TARGETS)}
    assert {"homeless-16-21", "homeless-16-17"} <= targets
    cohort = york.node("homeless-16-21")
    assert (cohort.age_min, cohort.age_max) == (16, 21)  # type: ignore[attr-defined]
    assert [n.id for n in york.neighbours("homeless-16-17", EdgeType.PART_OF)] == ["homeless-16-21"]


def test_homeless_16_17_presentations_fell_from_about_45_to_zero(york: Partnership) -> None:
    """001 Howe Hill: an average of 45 16-17 year olds a year presented as homeless before; zero since."""
    assert [v for v, _, _ in observations(york, "homeless-16-17-presentations")] == [45, 0]
    assert edge(york, EdgeType.MEASURED_BY, "no-homeless-16-17-year-olds", "homeless-16-17-presentations")
    assert edge(york, EdgeType.CONTRIBUTES_TO, "howe-hill", "no-homeless-16-17-year-olds")


def test_participation_of_16_17_year_olds_june_2013(york: Partnership) -> None:
    """001 NEET/RPA: DfE data June 2013, 1.6 higher than a year before and 2.0 above regional and national."""
    june = dt.date(2013, 6, 30)
    assert observations(york, "participation-16-17-year-on-year") == [(1.6, "June 2013", june)]
    assert observations(york, "participation-16-17-above-regional-national") == [(2.0, "June 2013", june)]
    measured = {n.id for n in york.neighbours("higher-16-17-participation", EdgeType.MEASURED_BY)}
    assert measured == {"participation-16-17-year-on-year", "participation-16-17-above-regional-national"}


def test_lldd_placements_outside_york_fell_from_26_to_12(york: Partnership) -> None:
    """001 NEET/RPA: LLDD learners 16-25 with places outside York, 26 (2010/11) to 12 (2013/14)."""
    assert [(v, p) for v, p, _ in observations(york, "lldd-placements-outside-york")] == [
        (26, "2010/11"), (12, "2013/14")]
    assert york.node("lldd-placements-outside-york").direction.value == "lower"  # type: ignore[attr-defined]


def test_two_year_old_entitlement_from_september_2013(york: Partnership) -> None:
    """001 2 year old entitlement: from September 2013; 300 eligible (phase one), 700 (phase two); 100% identified."""
    service = york.node("two-year-old-entitlement")
    assert service.start_date == dt.date(2013, 9, 1)  # type: ignore[attr-defined]
    assert [v for v, _, _ in observations(york, "eligible-two-year-olds-estimate")] == [300, 700]
    assert [v for v, _, _ in observations(york, "eligible-two-year-olds-identified")] == [100]
    assert [n.id for n in york.neighbours("two-year-old-entitlement", EdgeType.DELIVERS, "in")] == [
        "pvi-childcare-providers"]
    assert "two-year-old-entitlement" not in york.as_of(dt.date(2013, 8, 31))
    assert "two-year-old-entitlement" in york.as_of(dt.date(2013, 9, 1))


def test_first_keeps_disabled_children_out_of_out_of_area_placements(york: Partnership) -> None:
    """001 FIRST: no out-of-area assessment or placement since FIRST (considered for 8); savings about £600,000."""
    e = edge(york, EdgeType.CONTRIBUTES_TO, "first", "fewer-out-of-area-placements-disabled-children")
    assert e is not None and e.strength.value == "strong"  # type: ignore[attr-defined]
    (zero,) = york.node("disabled-children-out-of-area-since-first").observations  # type: ignore[attr-defined]
    assert zero.value == 0 and "8 children" in (zero.note or "")
    (saving,) = york.node("first-cost-savings").observations  # type: ignore[attr-defined]
    assert saving.value == 600000 and "estimate" in (saving.note or "")


def test_nurture_groups_funded_by_the_childrens_fund_from_2002(york: Partnership) -> None:
    """001 Nurture Groups: first commissioned through the Children's Fund in 2002; 2 schools in deprived areas."""
    funds = edge(york, EdgeType.FUNDS, "childrens-fund", "nurture-groups")
    assert funds is not None and funds.valid_from == dt.date(2002, 1, 1)
    assert [n.id for n in york.neighbours("nurture-groups", EdgeType.SERVES)] == ["areas-of-considerable-deprivation"]
    assert {n.id for n in york.neighbours("nurture-groups", EdgeType.CONTRIBUTES_TO)} == {
        "better-attainment", "better-social-emotional-development"}


def test_early_intervention_fund_targets_vulnerable_children(york: Partnership) -> None:
    """001 EIF: young carers, refugees, disabled children, domestic violence; city funds plus the voluntary sector."""
    assert {n.id for n in york.neighbours("eif-projects", EdgeType.TARGETS)} == {
        "young-carers", "refugee-children", "disabled-children", "children-affected-by-domestic-violence"}
    assert {n.id for n in york.neighbours("early-intervention-fund", EdgeType.CONTRIBUTES, "in")} == {
        "city-of-york-council", "voluntary-community-sector"}
    assert edge(york, EdgeType.FUNDS, "early-intervention-fund", "eif-projects") is not None


def test_efa_funds_16_18_providers_directly(york: Partnership) -> None:
    """001 NEET/RPA: the Education Funding Agency pays providers directly; the council holds the duty."""
    assert edge(york, EdgeType.CONTRIBUTES, "education-funding-agency", "efa-16-19-funding") is not None
    assert edge(york, EdgeType.FUNDS, "efa-16-19-funding", "neet-rpa-provision") is not None


def test_teenage_pregnancy_has_a_direction_but_no_figures(york: Partnership) -> None:
    """001 Teenage pregnancy: 'continuing the downward trend', with no numbers given."""
    indicator = york.node("teenage-pregnancy")
    assert indicator.direction.value == "lower"  # type: ignore[attr-defined]
    assert indicator.observations == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("priority", "need"),
    [
        ("priority-good-mental-health", "need-emotional-behavioural-mental-health"),
        ("priority-happy-family-life", "need-intensive-family-support"),
        ("priority-reaching-further", "need-education-training-16-18"),
    ],
)
def test_priority_to_need_links_are_marked_as_the_projects_mapping(york: Partnership, priority: str,
                                                                   need: str) -> None:
    """000 §3 lists the five priorities and 000/001 name the needs, but no seed says which priority
    addresses which need: each such link must say it is an assumption."""
    e = edge(york, EdgeType.ADDRESSES, priority, need)
    assert e is not None and (e.description or "").startswith("Assumption")
    every = [x for x in york.edges(EdgeType.ADDRESSES) if york.node(x.from_).type is NodeType.PRIORITY]
    assert all((x.description or "").startswith("Assumption") for x in every)


def test_catalyst_has_no_funding_stream(york: Partnership) -> None:
    """001 Family Intervention Programme: Catalyst is locally resourced and the Troubled Families initiative
    is built on it; the seed names no grant for either and no flow of money to Catalyst."""
    assert york.in_edges("catalyst", EdgeType.FUNDS) == []
    assert "troubled-families-grant" not in york
    assert [b.id for b in york.nodes(NodeType.BUDGET) if "troubled" in b.name.casefold()] == []


def test_readme_counts_match_the_data(york: Partnership) -> None:
    """README.md 'Size' line: the node and edge counts it quotes are those of the folder."""
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    match = re.search(r"Size: (\d+) nodes .*? and (\d+) edges", text, re.S)
    assert match is not None
    assert (int(match[1]), int(match[2])) == (len(york.nodes()), len(york.edges()))
    budgets = re.search(r"(\d+) budgets", text)
    assert budgets is not None and int(budgets[1]) == len(york.nodes(NodeType.BUDGET))


def test_every_service_has_an_outcome_and_every_outcome_a_priority(york: Partnership) -> None:
    """001 gives every example an outcome; README maps each outcome to a 000 §3 priority (the golden thread)."""
    contributes = york.adjacency(EdgeType.CONTRIBUTES_TO)
    supports = york.adjacency(EdgeType.SUPPORTS_PRIORITY)
    assert [s.id for s in york.nodes(NodeType.SERVICE) if not contributes.get(s.id)] == []
    assert [o.id for o in york.nodes(NodeType.OUTCOME) if not supports.get(o.id)] == []


# --- the commissioner's review: abolished bodies, plans, duties, readings (seeds 000-002) ---------------


PCT_POSTS = ("assistant-director-commissioning-pct", "general-manager-provider-services")


def test_the_pct_and_its_two_posts_end_when_primary_care_trusts_were_abolished(york: Partnership) -> None:
    """002 membership: the North Yorkshire and York PCT held two ICG seats; 000 (the framework for 2013-16) names
    the Vale of York CCG and no PCT. PCTs were abolished on 31 March 2013, so neither the PCT nor its posts are
    current in the period: as of 31 March 2016 it sits on nothing."""
    end = dt.date(2013, 3, 31)
    assert york.node("north-yorkshire-york-pct").valid_to == end
    assert all(york.node(post).valid_to == end for post in PCT_POSTS)
    assert all(e.valid_to == end for e in york.out_edges("north-yorkshire-york-pct", EdgeType.EMPLOYS))
    now = york.as_of(dt.date(2016, 3, 31))
    assert not {"north-yorkshire-york-pct", *PCT_POSTS} & {n.id for n in now.nodes()}
    assert [e.from_ for e in now.in_edges("icg", EdgeType.MEMBER_OF) if e.from_ in PCT_POSTS] == []
    then = york.as_of(dt.date(2012, 6, 1))  # before the period: the trust and its posts, with no ICG to sit on
    assert sorted(n.id for n in then.neighbours("north-yorkshire-york-pct", EdgeType.EMPLOYS)) == sorted(PCT_POSTS)


def test_the_icgs_start_is_not_recorded_so_it_holds_from_the_period(york: Partnership) -> None:
    """002 describes the ICG in the PCT's time and calls it a new YorOK Board sub-group, but no seed dates it: the
    record is undated (a start would be the project's reading), so it holds from 1 April 2013, as README says."""
    icg = york.node("icg")
    assert (icg.valid_from, icg.valid_to, icg.assumed) == (None, None, False)
    assert york.span(icg) == (dt.date(2013, 4, 1), None)
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "**Its start is not recorded.**" in readme


def test_neet_and_rpa_provision_is_a_statutory_duty_and_not_a_contract(york: Partnership) -> None:
    """001 NEET and RPA: the council's statutory duties to secure provision for 16-18 year olds; not a pure
    commissioning function, because the Education Funding Agency funds providers directly. So the service is
    statutory and no COMMISSIONS edge (a contract, to decommission-impact) is drawn to it."""
    assert york.node("neet-rpa-provision").statutory is True  # type: ignore[attr-defined]
    assert york.in_edges("neet-rpa-provision", EdgeType.COMMISSIONS) == []
    assert [e.from_ for e in york.in_edges("neet-rpa-provision", EdgeType.FUNDS)] == ["efa-16-19-funding"]
    impact = run_query("decommission-impact", york, {"node": ["neet-rpa-provision"]}).summary()
    assert "No contract is recorded for it." in impact and "meets a duty in law" in impact


@pytest.mark.parametrize(("service", "since"), [("nurture-groups", dt.date(2002, 1, 1)), ("howe-hill", None)])
def test_nurture_groups_and_howe_hill_have_the_council_as_commissioner(york: Partnership, service: str,
                                                                       since: dt.date | None) -> None:
    """001 Nurture Groups: "the city first commissioned" them in 2002 through the Children's Fund; 001 Howe Hill:
    it "was commissioned" and sits in the council's housing service. Neither seed names the commissioner, so the
    council is the project's reading, marked assumed, with the seed as source."""
    (e,) = york.in_edges(service, EdgeType.COMMISSIONS)
    assert (e.from_, e.assumed, e.valid_from) == ("city-of-york-council", True, since)
    assert (e.source or "").startswith("001 Commissioning examples")


def test_tamhs_is_over_succeeded_by_elsa(york: Partnership) -> None:
    """001 ELSA: ELSA "carries on the work" a previous inspection praised in TaMHS. Read as TaMHS having ended
    (no date given): decommissioned, marked assumed, so it is no live cover on any day the data shows it."""
    tamhs = york.node("tamhs")
    assert tamhs.status.value == "decommissioned" and tamhs.assumed  # type: ignore[attr-defined]
    assert tamhs.end_date is None and tamhs.valid_to is None  # type: ignore[attr-defined]
    for day in (dt.date(2013, 4, 1), dt.date(2016, 3, 31)):
        assert york.as_of(day).node("tamhs").status.value == "decommissioned"  # type: ignore[attr-defined]


def test_yorks_pool_records_no_dates_amount_or_money(york: Partnership) -> None:
    """002 has the ICG explore pooling; 001 (2014-16) commissions without pooling agreements: no document
    records a York pool in place, so the record has nothing that would show one."""
    pool = york.node("yorok-pooled-budgets")
    assert (pool.valid_from, pool.valid_to, pool.amount) == (None, None, None)  # type: ignore[attr-defined]
    assert york.in_edges(pool.id, EdgeType.CONTRIBUTES) == [] and york.out_edges(pool.id, EdgeType.FUNDS) == []
    assert (pool.description or "").startswith("Planned, not recorded in place")


def test_the_annex_sub_groups_have_terms_of_reference_recorded_as_existing(york: Partnership) -> None:
    """002: "All groups have a nominated chair and terms of reference"; the documents give neither."""
    for group in ("looked-after-children-subgroup", "camhs-subgroup", "child-poverty-subgroup"):
        terms = york.node(group).terms_of_reference or ""  # type: ignore[attr-defined]
        assert "every established YorOK sub-group has terms of reference" in terms
        assert york.in_edges(group, EdgeType.CHAIRS) == []  # no chair post is invented


#: Records that are the project's reading of the seeds, each marked assumed (README lists them).
READINGS = [
    ("node", "childrens-fund"),  # 001 Nurture Groups: its end, 31 March 2013, is not given
    ("node", "tamhs"),  # 001 ELSA: ended, succeeded by ELSA
    ("edge", "yorok-board--reports_to--health-wellbeing-board"),  # 001 Annex: no arrows
    ("edge", "city-of-york-council--delegates_to--yorok-board"),  # 001: "may be delegated" by partners on it
    ("edge", "vale-of-york-ccg--delegates_to--yorok-board"),
    ("edge", "childrens-fund--funds--nurture-groups"),
    ("edge", "childrens-trust-unit--part_of--city-of-york-council"),
    ("edge", "hub-needs-analysis-performance--part_of--north-yorkshire-york-pct"),  # 002 Annex 1: "health"
    ("edge", "icg--commissions--eif-projects"),
    ("edge", "city-of-york-council--commissions--nurture-groups"),
    ("edge", "city-of-york-council--commissions--howe-hill"),
    ("edge", "city-of-york-council--decided--decision-commission-nurture-groups"),  # "the city"
    ("edge", "yorok-board--owns--cypp-2005-08"),
    ("edge", "yorok-board--owns--cypp-2007-10"),
    ("edge", "yorok-board--owns--cypp-2009-12"),
]


def test_a_reading_of_one_field_is_declared_for_that_field(york: Partnership) -> None:
    """001 EIF: the fund is named, with who adds to it and what it pays for; only "aligned" is not said. So the
    record is a statement and its kind alone is declared a reading (assumed_fields), saying why."""
    fund = york.node("early-intervention-fund")
    assert not fund.assumed and fund.kind is not None  # type: ignore[attr-defined]
    assert "aligned" in york.info.assumed_fields["early-intervention-fund.kind"]
    assert "is the project's reading" in (fund.description or "")


@pytest.mark.parametrize(("kind", "record"), READINGS, ids=[r for _, r in READINGS])
def test_readings_are_marked_assumed_and_say_so(york: Partnership, kind: str, record: str) -> None:
    """A reading written only in a description is not enough: the record carries assumed: true, and its
    description starts by saying what was assumed."""
    r = york.node(record) if kind == "node" else york.edge(record)
    assert r.assumed, record
    assert (r.description or "").lower().startswith("assumption"), record


def test_every_record_that_says_it_is_an_assumption_is_marked(york: Partnership) -> None:
    """The other way round: no York record calls itself an assumption, or something "taken to be" or "read as"
    so, without the mark (a description may point to a reading that another record carries)."""
    records = [*york.nodes(), *york.edges()]
    said = [r.id for r in records if (r.description or "").lower().startswith("assumption")
            or any(k in (r.description or "") for k in ("taken to be", " read as "))]
    assert said and [r for r in said if not (york.node(r) if r in york else york.edge(r)).assumed] == []
