"""Seeded synthetic partnerships at three scales, with every fault planted on purpose.

:func:`generate` makes a partnership of one or more made-up local authorities,
each shaped like the partnerships in the seed documents: a top board with boards
and sub-groups several levels deep, partners of every sector with their posts,
plans with priorities, outcomes and indicators, budgets of every kind, and
hundreds of services with outcomes, cohorts, localities, commissioners,
providers, funding and referral pathways, some decommissioned and some planned.

Faults are planted deliberately and listed in a :class:`Manifest`; everything
else is clean, so a query that finds faults should find exactly what the manifest
lists. The data is clean in these senses:

- every body has a chair (a ``CHAIRS`` edge and a chair membership), terms of
  reference, members, and exactly one formal parent (``ACCOUNTABLE_TO``), except
  each authority's top board, which has none and reports nowhere; a planted
  orphan ``REPORTS_TO`` its would-be parent but is accountable to nothing;
- every service has a commissioner, a provider and at least one outcome; every
  active service is funded; no two services share an
  (outcome, cohort, locality) triple;
- every outcome serves a priority and has an indicator; every outcome, cohort
  and locality is reached by an active, funded service. Coverage counts up and
  down the locality hierarchy, so no active service serves the whole authority
  or a district holding a planted gap area: they are reached through their areas;
- every budget funds an active service; every pooled budget is monitored by a
  board; every contract over :data:`TENDER_THRESHOLD` records a tender (one per
  authority is worth exactly the threshold, untendered: not over it);
- every decision records its rationale, evidence and risk assessment.

Scales (:data:`SCALES`): ``s`` is one authority (about 600 nodes), ``m`` a region
of 15 (about 23,000 nodes), ``n`` England's 153 (about 234,000 nodes). Each
authority depends only on the seed and its position, so the first 77 authorities
of ``n`` are the same whether 77 or 153 are generated. Ids are prefixed with the
authority id (``a001.svc-0001``), so they are unique across authorities. Every
record is marked ``generated``.

Examples
--------
>>> (info, nodes, edges), manifest = generate("s", seed=1)
>>> info.id, manifest.authorities
('synthetic-s', ('a001',))
>>> len(nodes) == manifest.nodes and len(edges) == manifest.edges
True
>>> p = build((info, nodes, edges))
>>> p.node(manifest.top_boards[0]).name
'Ashbury Health and Wellbeing Board'
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict

from .errors import Location
from .models import (
    EDGE_MODELS,
    NODE_MODELS,
    EdgeBase,
    NodeBase,
    PartnershipInfo,
    default_edge_id,
    dump_record,
)
from .partnership import Partnership, build_partnership
from .schema import EdgeType, NodeType

__all__ = [
    "REFERENCE_DATE",
    "SCALES",
    "TENDER_THRESHOLD",
    "DuplicateGroup",
    "Manifest",
    "Records",
    "Scale",
    "ScaleSpec",
    "authority_name",
    "build",
    "generate",
]

Scale: TypeAlias = Literal["s", "m", "n"]
#: What :func:`generate` returns besides the manifest: the same shape as :meth:`Partnership.records`.
Records: TypeAlias = tuple[PartnershipInfo, list[NodeBase], list[EdgeBase]]
Progress: TypeAlias = Callable[[int, int], None]

#: The synthetic world's "today": services active on this date are active.
REFERENCE_DATE = dt.date(2015, 4, 1)
#: Staffordshire's procurement rule (seed 003): contracts over this lifetime value need a tender.
TENDER_THRESHOLD = 35_000.0

N = NodeType
E = EdgeType
_EDGE_INFIX = {t: default_edge_id(t, "", "") for t in EdgeType}


# -- the shape of an authority ------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """How big one authority is; faults per kind are drawn from ``1..faults``."""

    districts: int
    areas_per_district: int
    clps_per_district: int
    outcomes: int  # concrete outcomes besides the six ECM ones
    cohorts: int
    services: int
    schools_per_area: int
    voluntary: int
    private: int
    budgets: int
    needs: int
    faults: int
    duplicate_groups: int


SMALL = Profile(districts=3, areas_per_district=4, clps_per_district=2, outcomes=18, cohorts=12, services=245,
                schools_per_area=1, voluntary=8, private=4, budgets=30, needs=10, faults=3, duplicate_groups=3)
FULL = Profile(districts=6, areas_per_district=5, clps_per_district=4, outcomes=30, cohorts=14, services=800,
               schools_per_area=1, voluntary=18, private=8, budgets=80, needs=18, faults=2, duplicate_groups=3)


@dataclass(frozen=True)
class ScaleSpec:
    """A named scale: how many authorities of which shape, and the sizes it aims at."""

    name: str
    authorities: int
    profile: Profile
    target_nodes: int
    target_edges: int
    area: str


SCALES: dict[str, ScaleSpec] = {
    "s": ScaleSpec("s", 1, SMALL, 600, 3_000, "one local authority"),
    "m": ScaleSpec("m", 15, FULL, 23_000, 130_000, "a region of 15 local authorities"),
    "n": ScaleSpec("n", 153, FULL, 234_000, 1_300_000, "England: 153 local authorities"),
}


# -- the manifest -------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DuplicateGroup(_Frozen):
    """Active services of different commissioners and providers planted on one (outcome, cohort, locality)."""

    services: tuple[str, ...]
    outcome: str
    cohort: str
    locality: str
    near_identical: bool


class Manifest(_Frozen):
    """Exactly what :func:`generate` planted, and how much it generated.

    Every list holds ids, sorted. ``unfunded_*`` lists what no money reaches
    through an active service, which includes the ``unserved_*`` ones.
    ``untendered_contracts`` holds ``COMMISSIONS`` edge ids.
    """

    scale: str
    seed: int
    reference_date: dt.date
    authorities: tuple[str, ...]
    top_boards: tuple[str, ...]
    duplicate_groups: tuple[DuplicateGroup, ...]
    unserved_outcomes: tuple[str, ...]
    unserved_cohorts: tuple[str, ...]
    unserved_localities: tuple[str, ...]
    unfunded_outcomes: tuple[str, ...]
    unfunded_cohorts: tuple[str, ...]
    unfunded_localities: tuple[str, ...]
    bodies_without_chair: tuple[str, ...]
    bodies_without_terms: tuple[str, ...]
    services_without_outcome: tuple[str, ...]
    outcomes_without_indicator: tuple[str, ...]
    budgets_funding_nothing: tuple[str, ...]
    unmonitored_pooled_budgets: tuple[str, ...]
    orphan_bodies: tuple[str, ...]
    bodies_with_two_parents: tuple[str, ...]
    untendered_contracts: tuple[str, ...]
    nodes: int
    edges: int
    counts: dict[str, int]
    services_by_status: dict[str, int]

    def planted(self) -> dict[str, int]:
        """How many of each planted fault there are.

        >>> _, m = generate("s")
        >>> m.planted()["duplicate_groups"] == len(m.duplicate_groups)
        True
        """
        return {name: len(getattr(self, name)) for name in _FAULT_FIELDS}



#: The manifest fields that list planted faults, in the order the documents raise them.
_FAULT_FIELDS: tuple[str, ...] = (
    "duplicate_groups",
    "unserved_outcomes",
    "unserved_cohorts",
    "unserved_localities",
    "unfunded_outcomes",
    "unfunded_cohorts",
    "unfunded_localities",
    "bodies_without_chair",
    "bodies_without_terms",
    "services_without_outcome",
    "outcomes_without_indicator",
    "budgets_funding_nothing",
    "unmonitored_pooled_budgets",
    "orphan_bodies",
    "bodies_with_two_parents",
    "untendered_contracts",
)


# -- vocabulary -----------------------------------------------------------------------------
# Made-up place names; the rest follows the seed documents' vocabulary (ECM outcomes,
# key groups, York's CYPP priorities, service kinds), written out here as lists.

_PLACE_HEADS = ("Ash", "Bram", "Cal", "Dun", "Elm", "Fair", "Glen", "Hart", "Ivy", "Kings", "Lang", "Mar",
                "Nor", "Oak", "Pen", "Ray", "Stan", "Thorn", "Up", "Wes", "Wood", "Brad", "Chel", "Kel")
_PLACE_TAILS = ("bury", "field", "ford", "ham", "ley", "mouth", "stead", "ton", "wick", "worth", "by", "dale",
                "minster")
_DISTRICT_WORDS = ("North", "South", "East", "West", "Central", "Rural", "Upper", "Lower")
_AREA_WORDS = ("Hill", "Park", "Green", "Bridge", "Moor", "Vale", "Heath", "Common", "Cross", "Gate")

THEMES = ("healthy", "safe", "achieve", "contribute", "economic", "family")

#: The Every Child Matters outcomes, with Staffordshire's sixth (seed 003), by theme.
_ECM = (
    ("Be healthy", "healthy"),
    ("Stay safe", "safe"),
    ("Enjoy and achieve", "achieve"),
    ("Make a positive contribution", "contribute"),
    ("Achieve economic wellbeing", "economic"),
    ("Have supportive families, friends and communities", "family"),
)

#: Concrete outcomes: (name, theme, indicator, unit, direction).
_OUTCOMES = (
    ("Less childhood obesity", "healthy", "Year 6 children who are obese", "%", "lower"),
    ("Better diet", "healthy", "Children eating five portions of fruit and vegetables a day", "%", "higher"),
    ("More physical exercise", "healthy", "Children active for an hour a day", "%", "higher"),
    ("Fewer teenage conceptions", "healthy", "Conceptions per 1,000 girls aged 15-17", "rate", "lower"),
    ("Better emotional wellbeing", "healthy", "Pupils reporting good emotional wellbeing", "%", "higher"),
    ("Less substance misuse by young people", "healthy", "Young people in specialist treatment", "count", "lower"),
    ("Higher immunisation uptake", "healthy", "Two-year-olds fully immunised", "%", "higher"),
    ("Fewer out-of-area placements", "safe", "Children placed outside the authority", "count", "lower"),
    ("Freedom from bullying", "safe", "Pupils reporting bullying in the last term", "%", "lower"),
    ("Fewer children in need of protection", "safe", "Child protection plans per 10,000 children", "rate", "lower"),
    ("Fewer first-time entrants to youth justice", "safe", "First-time entrants per 100,000 aged 10-17", "rate", "lower"),
    ("Stable placements for looked-after children", "safe", "Looked-after children with three or more moves", "%", "lower"),
    ("Fewer missing-from-home episodes", "safe", "Missing episodes reported", "count", "lower"),
    ("Better attainment at 11", "achieve", "Pupils reaching the expected level at 11", "%", "higher"),
    ("Better attainment at 16", "achieve", "Pupils with five good GCSEs", "%", "higher"),
    ("Better school attendance", "achieve", "Persistent absence", "%", "lower"),
    ("Narrower attainment gap", "achieve", "Gap between disadvantaged pupils and others", "points", "lower"),
    ("More children ready for school", "achieve", "Children with a good level of development at 5", "%", "higher"),
    ("Fewer permanent exclusions", "achieve", "Permanent exclusions", "count", "lower"),
    ("More young people volunteering", "contribute", "Young people volunteering in the last year", "%", "higher"),
    ("Children's voices heard in decisions", "contribute", "Decisions shaped by children's forums", "count", "higher"),
    ("Less anti-social behaviour", "contribute", "Anti-social behaviour incidents involving young people", "count", "lower"),
    ("Higher participation at 16-17", "economic", "16-17 year olds in education or training", "%", "higher"),
    ("Fewer young people not in education, employment or training", "economic", "16-18 year olds NEET", "%", "lower"),
    ("No homeless 16-17 year olds", "economic", "Homeless presentations aged 16-17", "count", "lower"),
    ("Fewer children in low-income families", "economic", "Children in low-income families", "%", "lower"),
    ("More care leavers in education, employment or training", "economic", "Care leavers in EET at 19", "%", "higher"),
    ("Fewer families in crisis", "family", "Families needing emergency support", "count", "lower"),
    ("More confident parents", "family", "Parents reporting confidence after support", "%", "higher"),
    ("Young carers supported", "family", "Young carers known and supported", "count", "higher"),
    ("Fewer children entering care from the edge of care", "family", "Children entering care per 10,000", "rate", "lower"),
)

#: Key groups (seed 004 and the documents' vocabulary): (name, age_min, age_max).
_COHORTS = (
    ("Looked-after children", 0, 18), ("Disabled children", 0, 18), ("Children with special educational needs", 0, 25),
    ("Young carers", 5, 18), ("Young people not in education, employment or training", 16, 18),
    ("Homeless young people", 16, 21), ("Families on the edge of care", 0, 18), ("Eligible two-year-olds", 2, 2),
    ("Young substance misusers", 11, 18), ("Minority ethnic children", 0, 18), ("Teenage parents", 13, 19),
    ("Children in need", 0, 18), ("Care leavers", 16, 25), ("Children at risk of exclusion", 5, 16),
)

_NEEDS = (
    "Rising demand for specialist placements", "Low take-up of early education by eligible two-year-olds",
    "High teenage conception rates in some wards", "Poor emotional health among secondary pupils",
    "Child poverty concentrated in a few areas", "Homelessness at 16-17", "Low post-16 participation among vulnerable groups",
    "Domestic abuse affecting children", "Childhood obesity above the national average", "Young carers not identified",
    "Delays in special educational needs assessments", "Substance misuse among young people",
    "Placement instability for looked-after children", "Persistent absence from school", "Isolation of disabled children",
    "Low parenting confidence", "Anti-social behaviour in town centres", "Poor outcomes for care leavers",
)

#: Plans with their priorities; the first plan's priorities are York's five (seed 000).
_PLANS = (
    ("cypp", "Children and Young People's Plan 2014-2017", "2014-2017", True,
     ("A happy family life", "Extra help at the earliest opportunity", "Good mental health",
      "Reaching further: links to a strong economy", "Planning well in a changing world")),
    ("early-help", "Early Help Strategy", "2014-2016", False, ("Spot need early", "Joined-up support for families")),
    ("commissioning", "Joint Commissioning Framework", "2014-2016", False,
     ("Less duplication of provision", "Shift spend towards prevention")),
    ("jsna", "Joint Strategic Needs Assessment", "2014", True, ("Understand need by locality",)),
    ("emotional-health", "Emotional Health and Wellbeing Strategy", "2014-2017", False,
     ("Early support for emotional wellbeing", "Timely specialist help")),
    ("child-poverty", "Child Poverty Strategy", "2013-2016", False,
     ("Raise family income", "Break the cycle of disadvantage")),
)
_DISTRICT_PRIORITIES = ("early help close to home", "raising attainment")


@dataclass(frozen=True)
class _Kind:
    name: str
    tier: int
    themes: tuple[str, ...]
    what: str


_KINDS = (
    _Kind("Family Support Service", 2, ("family", "safe"), "Practical and emotional help at home"),
    _Kind("Family Intervention Project", 3, ("family", "safe", "contribute"), "Intensive key-worker support for families with complex needs"),
    _Kind("Parenting Programme", 2, ("family",), "Structured courses that build parenting skills"),
    _Kind("Children's Centre", 1, ("achieve", "healthy", "family"), "Drop-in early years activities, health clinics and advice"),
    _Kind("Youth Centre", 1, ("contribute", "healthy"), "Open-access evening and weekend youth sessions"),
    _Kind("Two-year-old Early Education", 1, ("achieve",), "Funded nursery places for two-year-olds"),
    _Kind("Nurture Group", 2, ("achieve", "healthy"), "Small in-school classes that settle children who struggle in class"),
    _Kind("Emotional Literacy Support", 2, ("healthy",), "Trained teaching assistants helping pupils manage their feelings"),
    _Kind("Targeted Mental Health in Schools", 2, ("healthy", "achieve"), "Mental health workers based in school clusters"),
    _Kind("Specialist CAMHS", 3, ("healthy",), "Assessment and treatment by a child and adolescent mental health team"),
    _Kind("Inpatient Mental Health Care", 4, ("healthy", "safe"), "Hospital treatment for young people in mental health crisis"),
    _Kind("School Nursing", 1, ("healthy",), "Health checks, advice and drop-ins in schools"),
    _Kind("Health Visiting", 1, ("healthy", "family"), "Home visits to families with babies and toddlers"),
    _Kind("Teenage Pregnancy Advice", 2, ("healthy",), "Confidential advice on relationships and contraception"),
    _Kind("Young People's Substance Misuse Service", 3, ("healthy", "safe"), "Treatment and harm reduction for young people using drugs or alcohol"),
    _Kind("NEET Re-engagement Programme", 2, ("economic",), "Coaching and taster courses back into learning or work"),
    _Kind("Supported Lodgings", 3, ("economic", "safe"), "Rooms with trained hosts for young people who cannot live at home"),
    _Kind("Youth Homelessness Prevention", 2, ("economic", "family"), "Mediation and housing advice that keeps young people at home"),
    _Kind("Short Breaks", 3, ("family", "healthy"), "Day and overnight breaks for disabled children and their carers"),
    _Kind("Residential Respite", 4, ("family", "safe"), "Overnight residential care for disabled children"),
    _Kind("Fostering Support", 3, ("safe",), "Training, supervision and peer groups for foster carers"),
    _Kind("Independent Fostering Placements", 4, ("safe",), "Placements bought from independent fostering agencies"),
    _Kind("Care Leavers' Personal Advisers", 3, ("economic", "safe"), "Advisers who stay alongside young people leaving care"),
    _Kind("Young Carers' Support", 2, ("family", "contribute"), "Groups, respite trips and school liaison for young carers"),
    _Kind("Youth Crime Prevention", 2, ("safe", "contribute"), "Diversion activities for young people at risk of offending"),
    _Kind("Domestic Abuse Support for Children", 3, ("safe", "family"), "One-to-one and group work with children who live with abuse"),
    _Kind("Anti-bullying Programme", 1, ("safe", "achieve"), "Whole-school work to prevent and respond to bullying"),
    _Kind("Healthy Weight Programme", 2, ("healthy",), "Family sessions on food, cooking and activity"),
    _Kind("Breastfeeding Peer Support", 1, ("healthy",), "Trained mothers supporting new mothers to breastfeed"),
    _Kind("Speech and Language Therapy", 3, ("achieve", "healthy"), "Therapy for children with speech, language and communication needs"),
    _Kind("Educational Psychology", 3, ("achieve",), "Assessment and advice for pupils with learning difficulties"),
    _Kind("Attendance Improvement Service", 2, ("achieve",), "Casework with families where children miss school"),
    _Kind("Alternative Education Provision", 3, ("achieve", "economic"), "Full-time education outside mainstream school"),
    _Kind("Holiday Activity Scheme", 1, ("healthy", "contribute"), "Free activities and meals in the school holidays"),
    _Kind("Mentoring Scheme", 2, ("contribute", "achieve"), "Volunteer mentors matched with young people"),
    _Kind("Advocacy for Looked-after Children", 2, ("contribute", "safe"), "Independent advocates who help children in care be heard"),
    _Kind("Missing from Home Support", 2, ("safe",), "Return interviews and follow-up for children who go missing"),
    _Kind("Early Help Key Work", 2, ("family", "achieve"), "A lead professional coordinating help for a family"),
    _Kind("Portage Home Visiting", 2, ("achieve", "family"), "Home-based learning support for pre-school disabled children"),
    _Kind("Inclusion Support in Schools", 2, ("achieve",), "Specialist staff helping schools include pupils at risk of exclusion"),
)
_KINDS_BY_THEME = {t: tuple(k for k in _KINDS if t in k.themes) for t in THEMES}
_APPROACHES = (
    "through home visits", "as weekly group sessions", "through drop-in sessions", "with a named key worker",
    "alongside local schools", "through outreach in community venues", "with volunteers and peer supporters",
    "through a mix of one-to-one and group work", "as an after-school offer", "by referral from early help panels",
)

_VOLUNTARY = ("{A} CVS", "{A} Family Action", "{A} Young Carers' Centre", "{A} Mind", "Barnardo's in {A}",
              "{A} Youth Trust", "Home-Start {A}", "{A} Women's Aid", "{A} Parent Carer Forum", "{A} Sports Trust",
              "Relate {A}", "{A} Citizens Advice", "{A} Community Foundation", "{A} Foodbank Network",
              "{A} Scouts and Guides", "{A} Refugee Welcome", "{A} Play Association", "{A} Advocacy Service")
_PRIVATE = ("{A} Day Nurseries Ltd", "{A} Fostering Agency Ltd", "{A} Residential Care Ltd", "{A} Training Ltd",
            "{A} Therapy Services Ltd", "{A} Childminding Network Ltd", "{A} Learning Centres Ltd",
            "{A} Support Services Ltd", "{A} Tuition Ltd", "{A} Care Homes Ltd")

_BUDGET_NAMES = {
    "pooled": ("Pooled CAMHS budget", "Pooled drug and alcohol budget", "Pooled teenage pregnancy budget",
               "Pooled short breaks budget", "Pooled community equipment budget", "Pooled placements budget"),
    "aligned": ("Aligned early help budget", "Aligned family support budget", "Aligned youth justice budget",
                "Aligned emotional health budget"),
    "grant": ("Troubled Families grant", "Early Intervention Grant", "Dedicated Schools Grant (high needs)",
              "Pupil Premium", "Sure Start grant", "CAMHS grant", "Education Funding Agency 16-19 allocation",
              "Youth Justice Board grant"),
    "single-agency": ("Children's social care budget", "Council early help budget", "Public Health 0-19 budget",
                      "CCG children's community health budget", "School cluster budget", "Police community safety budget",
                      "Housing options budget", "Youth service budget"),
    "personal": ("Personal budgets for disabled children", "Personal budgets for SEN transport"),
}
_LEGAL_BASIS = ("Section 75, NHS Act 2006", "Section 10, Children Act 2004")
_FREQUENCIES = ("monthly", "every six weeks", "every two months", "quarterly")


def authority_name(index: int) -> str:
    """The made-up name of the authority at ``index`` (0-based), unique for the first 312.

    >>> authority_name(0), authority_name(1), authority_name(24)
    ('Ashbury', 'Bramfield', 'Ashmouth')
    """
    head, lap = index % len(_PLACE_HEADS), index // len(_PLACE_HEADS)
    return _PLACE_HEADS[head] + _PLACE_TAILS[(index + 7 * lap) % len(_PLACE_TAILS)]


def _slug(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in out.split("-") if part)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


# -- one authority ------------------------------------------------------------------------------


@dataclass
class _Service:
    """A service being planned, before its records are written."""

    key: str
    kind: _Kind
    outcomes: list[str]
    cohorts: list[str]
    localities: list[str]
    status: str = "active"
    funded: bool = True
    commissioner: str = ""
    provider: str = ""
    description: str | None = None
    name: str | None = None


class _Authority:
    """Builds one authority's records and notes the faults it plants."""

    def __init__(self, index: int, seed: int, profile: Profile) -> None:
        self.rng = random.Random(f"planning-bookcase:{seed}:{index}")
        self.aid = f"a{index + 1:03d}"
        self.name = authority_name(index)
        self.p = profile
        self.source = f"synthetic generator, seed {seed}, authority {self.aid}"
        self.nodes: list[NodeBase] = []
        self.edges: list[EdgeBase] = []
        self.faults: dict[str, list[Any]] = {name: [] for name in _FAULT_FIELDS}
        self.names: dict[str, str] = {}
        self.records: dict[str, Any] = {}
        self.status: Counter[str] = Counter()
        self._edge_ids: set[str] = set()
        self._service_names: set[str] = set()

    # -- record helpers

    def node(self, ntype: NodeType, key: str, name: str, **fields: Any) -> str:
        nid = f"{self.aid}.{key}"
        record = NODE_MODELS[ntype](id=nid, name=name, source=self.source, generated=True, **fields)
        self.nodes.append(record)
        self.records[nid] = record
        self.names[nid] = name
        return nid

    def edge(self, etype: EdgeType, source: str, target: str, **fields: Any) -> str:
        eid = source + _EDGE_INFIX[etype] + target  # graph_model.models.default_edge_id, inlined for speed
        if eid in self._edge_ids:
            raise RuntimeError(f"synthetic generator made edge {eid!r} twice")
        self._edge_ids.add(eid)
        self.edges.append(EDGE_MODELS[etype](id=eid, from_=source, to=target, generated=True, **fields))
        return eid

    def fault(self, kind: str, item: Any) -> None:
        self.faults[kind].append(item)

    def run(self) -> _Authority:
        self.places()
        self.groups_and_needs()
        self.planning()
        self.organisations()
        self.governance()
        self.delivery()
        return self

    # -- places, cohorts, needs

    def places(self) -> None:
        p = self.p
        self.top_locality = self.node(N.LOCALITY, "loc", self.name, level="authority",
                                      description=f"The whole of {self.name}.")
        self.districts: list[str] = []
        self.areas: dict[str, list[str]] = {}
        self.area_set: set[str] = set()
        for d in range(p.districts):
            dname = f"{_DISTRICT_WORDS[d]} {self.name}"
            did = self.node(N.LOCALITY, f"loc-d{d + 1}", dname, level="district")
            self.edge(E.PART_OF, did, self.top_locality)
            self.districts.append(did)
            self.areas[did] = []
            for a in range(p.areas_per_district):
                word = _AREA_WORDS[(a + d) % len(_AREA_WORDS)]
                aid = self.node(N.LOCALITY, f"loc-d{d + 1}-a{a + 1}", f"{dname} {word}", level="area")
                self.edge(E.PART_OF, aid, did)
                self.areas[did].append(aid)
                self.area_set.add(aid)

    def groups_and_needs(self) -> None:
        self.cohorts = [
            self.node(N.COHORT, f"coh.{_slug(name)}", name, age_min=lo, age_max=hi)
            for name, lo, hi in _COHORTS[: self.p.cohorts]
        ]
        self.needs = [
            self.node(N.NEED, f"need.{_slug(name)}", name, evidence=f"{self.name} JSNA {2013 + i % 2}")
            for i, name in enumerate(_NEEDS[: self.p.needs])
        ]

    # -- plans, priorities, outcomes, indicators

    def planning(self) -> None:
        rng, p = self.rng, self.p
        self.plans: dict[str, str] = {}
        self.priorities: list[str] = []
        for key, name, period, statutory, prios in _PLANS:
            pid = self.node(N.PLAN, f"plan.{key}", f"{self.name} {name}", period=period, statutory=statutory)
            self.plans[key] = pid
            for rank, pname in enumerate(prios, start=1):
                prid = self.node(N.PRIORITY, f"prio.{key}-{rank}", pname, rank=rank)
                self.edge(E.PART_OF, prid, pid)
                self.priorities.append(prid)
        for d, did in enumerate(self.districts):
            pid = self.node(N.PLAN, f"plan.district-{d + 1}", f"{self.names[did]} District Commissioning Plan",
                            period="2014-2016", statutory=False)
            self.plans[f"district-{d + 1}"] = pid
            self.edge(E.PART_OF, pid, self.plans["cypp"])
            for rank, topic in enumerate(_DISTRICT_PRIORITIES, start=1):
                prid = self.node(N.PRIORITY, f"prio.district-{d + 1}-{rank}",
                                 f"{self.names[did]}: {topic}", rank=rank)
                self.edge(E.PART_OF, prid, pid)
                self.priorities.append(prid)

        self.theme: dict[str, str] = {}
        self.ecm: list[str] = []
        for name, theme in _ECM:
            oid = self.node(N.OUTCOME, f"out.{_slug(name)}", name, framework="ECM")
            self.theme[oid] = theme
            self.ecm.append(oid)
        self.concrete: list[str] = []
        indicator_of: dict[str, tuple[str, str, str]] = {}
        for name, theme, ind, unit, direction in _OUTCOMES[: p.outcomes]:
            oid = self.node(N.OUTCOME, f"out.{_slug(name)}", name)
            self.theme[oid] = theme
            self.concrete.append(oid)
            indicator_of[oid] = (ind, unit, direction)
        self.outcomes = self.ecm + self.concrete

        # The golden thread: every outcome serves a priority and every priority has an outcome.
        links: set[tuple[str, str]] = set()
        outs = rng.sample(self.outcomes, len(self.outcomes))
        for k in range(max(len(outs), len(self.priorities))):
            links.add((outs[k % len(outs)], self.priorities[k % len(self.priorities)]))
        for o in self.outcomes:
            if rng.random() < 0.3:
                links.add((o, rng.choice(self.priorities)))
        for o, pr in sorted(links):
            self.edge(E.SUPPORTS_PRIORITY, o, pr)

        # Interdependencies: ECM outcomes rest on concrete ones; some concrete ones on each other.
        deps: set[tuple[str, str]] = set()
        for e in self.ecm:
            same = [o for o in self.concrete if self.theme[o] == self.theme[e]]
            for o in rng.sample(same, min(len(same), rng.randint(1, 3))):
                deps.add((e, o))
        for o in self.concrete:
            if rng.random() < 0.45:
                for other in rng.sample(self.concrete, rng.randint(1, 2)):
                    if other != o:
                        deps.add((o, other))
        for a, b in sorted(deps):
            self.edge(E.DEPENDS_ON, a, b, strength=rng.choice(("weak", "moderate", "strong")))

        # Special outcomes: gaps and a missing indicator, each fault on its own outcome.
        pool = rng.sample(self.concrete, len(self.concrete))
        self.unserved_outcomes = [pool.pop() for _ in range(rng.randint(1, p.faults))]
        self.unfunded_outcomes = [pool.pop() for _ in range(rng.randint(1, p.faults))]
        unmeasured = {pool.pop() for _ in range(rng.randint(1, p.faults))}
        self.normal_outcomes = [o for o in self.outcomes if o not in self.unserved_outcomes
                                and o not in self.unfunded_outcomes]
        for o in self.outcomes:
            if o in unmeasured:
                self.fault("outcomes_without_indicator", o)
                continue
            specs = [indicator_of.get(o) or (f"Children's survey: {self.names[o].lower()}", "%", "higher")]
            if rng.random() < 0.7:
                specs.append((f"{specs[0][0]} (disadvantaged pupils)", specs[0][1], specs[0][2]))
            for i, (iname, unit, direction) in enumerate(specs, start=1):
                iid = self.node(N.INDICATOR, f"ind.{o.split('.', 1)[1][4:]}-{i}", iname, **self._indicator(unit, direction))
                self.edge(E.MEASURED_BY, o, iid)

    def _indicator(self, unit: str, direction: str) -> dict[str, Any]:
        rng = self.rng
        scale = {"%": 60.0, "rate": 40.0, "count": 120.0, "points": 25.0}[unit]
        base = round(rng.uniform(0.3, 1.0) * scale, 1)
        step = (-1 if direction == "lower" else 1) * rng.uniform(0.0, 0.08) * base
        obs = [{"period": f"{y}/{(y + 1) % 100:02d}", "value": round(base + step * (i + 1) + rng.uniform(-1, 1), 1)}
               for i, y in enumerate(range(2012, 2012 + rng.randint(2, 3)))]
        return {"unit": unit, "direction": direction, "baseline": base, "target": round(base + step * 5, 1),
                "observations": obs}

    # -- partners, posts, units

    def organisations(self) -> None:
        p, A = self.p, self.name
        self.posts_of: dict[str, list[str]] = {}
        self.partners: list[str] = []

        def partner(key: str, name: str, sector: str, community: str, parent: str | None = None,
                    titles: Sequence[str] = ()) -> str:
            pid = self.node(N.PARTNER, f"org.{key}", name, sector=sector, community=community)
            self.partners.append(pid)
            if parent:
                self.edge(E.PART_OF, pid, parent)
            self.posts_of[pid] = []
            for t in titles:
                post = self.node(N.POST, f"post.{key}.{_slug(t)}", f"{t}, {name}")
                self.edge(E.EMPLOYS, pid, post)
                self.posts_of[pid].append(post)
            return pid

        la, health, edu, vcs, pis = ("Local Authority", "Health Community", "Education Community",
                                     "Voluntary and Community Sector", "Private and Independent Sector")
        self.council = partner("council", f"{A} Council", "local-authority", la,
                               titles=("Chief Executive", "Cabinet Member for Children", "Cabinet Member for Health"))
        self.csd = partner("council.childrens-services", f"{A} Council Children's Services", "local-authority", la,
                           self.council, ("Director of Children's Services", "Assistant Director Commissioning",
                                          "Assistant Director Early Help", "Head of Safeguarding",
                                          "Head of Children in Care", "Head of Youth Services", "Virtual School Head",
                                          "Principal Educational Psychologist"))
        self.finance = partner("council.resources", f"{A} Council Resources", "local-authority", la, self.council,
                               ("Head of Finance", "Head of Procurement", "Head of Legal Services"))
        self.adults = partner("council.adult-services", f"{A} Council Adult Social Care", "local-authority", la,
                              self.council, ("Director of Adult Social Care",))
        self.housing = partner("council.housing", f"{A} Council Housing Services", "local-authority", la,
                               self.council, ("Head of Housing Options",))
        self.public_health = partner("council.public-health", f"{A} Public Health", "health", health, self.council,
                                     ("Director of Public Health", "Consultant in Public Health"))
        self.education = partner("council.education", f"{A} Council Education and Skills", "local-authority", la,
                                 self.council, ("Assistant Director Education", "Head of SEN"))
        self.ccg = partner("ccg", f"{A} Clinical Commissioning Group", "health", health,
                           titles=("Chief Officer", "Chief Nurse", "Head of Children's Commissioning"))
        self.community_trust = partner("community-trust", f"{A} Community Health NHS Trust", "health", health,
                                       titles=("Director of Operations", "Head of Health Visiting and School Nursing"))
        self.mh_trust = partner("mental-health-trust", f"{A} Mental Health NHS Foundation Trust", "health", health,
                                titles=("Clinical Director for CAMHS",))
        self.hospital = partner("hospital", f"{A} Hospitals NHS Foundation Trust", "health", health,
                                titles=("Director of Nursing",))
        self.police = partner("police", f"{A} Police", "police", "Community Safety",
                              titles=("Superintendent for Partnerships", "Detective Inspector, Public Protection"))
        self.fire = partner("fire", f"{A} Fire and Rescue Service", "fire-rescue", "Community Safety",
                            titles=("Community Safety Manager",))
        self.probation = partner("probation", f"{A} Probation Service", "justice", "Community Safety",
                                 titles=("Head of Local Delivery",))
        self.dfe = partner("dfe", f"Department for Education (for {A})", "central-government", "Central Government",
                           titles=("Regional Adviser",))
        self.trust = partner("learning-trust", f"{A} Learning Trust", "education", edu, titles=("Chief Executive",))
        self.schools: list[str] = []
        for d, did in enumerate(self.districts):
            self.schools.append(partner(f"school.d{d + 1}-academy", f"{self.names[did]} Academy", "education", edu,
                                        self.trust, ("Principal", "Special Educational Needs Coordinator")))
            for area in self.areas[did][: p.schools_per_area * p.areas_per_district]:
                key = area.split(".", 1)[1]
                self.schools.append(partner(f"school.{key}", f"{self.names[area]} Primary School", "education", edu,
                                            None, ("Headteacher",)))
        self.college = partner("college", f"{A} College", "education", edu,
                               titles=("Principal", "Vice Principal for Curriculum"))
        self.voluntary = [partner(f"vcs.{_slug(t.format(A=''))}", t.format(A=A), "voluntary-community", vcs,
                                  titles=("Chief Executive",) if i % 2 else ("Chief Executive", "Services Manager"))
                          for i, t in enumerate(_VOLUNTARY[: p.voluntary])]
        self.private = [partner(f"pvi.{_slug(t.format(A=''))}", t.format(A=A), "private-independent", pis,
                                titles=("Managing Director",))
                        for t in _PRIVATE[: p.private]]
        self.faith = [partner("faith.diocese", f"Diocese of {A} Board of Education", "faith", "Faith Communities",
                              titles=("Diocesan Director of Education",)),
                      partner("faith.churches", f"Churches Together in {A}", "faith", "Faith Communities",
                              titles=("Coordinator",))]

        def unit(key: str, name: str, host: str, functions: Sequence[str], head: str) -> str:
            uid = self.node(N.UNIT, f"unit.{key}", name, functions=list(functions))
            self.edge(E.PART_OF, uid, host)
            post = self.node(N.POST, f"post.unit.{key}", f"{head}, {name}")
            self.edge(E.EMPLOYS, host, post)
            self.edge(E.PART_OF, post, uid)
            self.posts_of[host].append(post)
            return uid

        self.ctu = unit("childrens-trust", "Children's Trust Unit", self.csd, ("secretariat", "performance"),
                        "Head of Children's Trust Unit")
        self.jcu = unit("joint-commissioning", "Joint Commissioning Unit", self.council, ("commissioning",),
                        "Head of Joint Commissioning")
        self.hub = unit("support-hub", "Commissioning Support Hub", self.council,
                        ("finance", "legal", "HR", "procurement", "audit", "workforce development"), "Hub Manager")
        self.early_help = unit("early-help", "Early Help Team", self.csd, ("key work", "family support"),
                               "Early Help Manager")
        self.units = [self.ctu, self.jcu, self.hub, self.early_help]
        self.all_posts = [post for posts in self.posts_of.values() for post in posts]
        self.key_posts = {
            "dcs": self.posts_of[self.csd][0], "ad-commissioning": self.posts_of[self.csd][1],
            "ad-early-help": self.posts_of[self.csd][2], "lead-member": self.posts_of[self.council][1],
            "health-member": self.posts_of[self.council][2], "dph": self.posts_of[self.public_health][0],
            "ccg": self.posts_of[self.ccg][0], "safeguarding": self.posts_of[self.csd][3],
            "education": self.posts_of[self.education][0],
        }

    # -- boards and sub-groups

    def governance(self) -> None:
        rng, p, A = self.rng, self.p, self.name
        # (key, name, type, parent, chair post or "", extra fields); parents come before children.
        specs: list[dict[str, Any]] = []

        def body(key: str, name: str, parent: str | None, *, board: bool = False, chair: str = "",
                 **fields: Any) -> str:
            specs.append({"key": key, "name": name, "parent": parent, "board": board, "chair": chair,
                          "fields": fields})
            return f"{self.aid}.body.{key}"

        kp = self.key_posts
        top = body("hwb", f"{A} Health and Wellbeing Board", None, board=True, chair=kp["health-member"],
                   statutory=True, public=True, commissioning_scale="macro")
        ctb = body("ctb", f"{A} Children's Trust Board", top, board=True, chair=kp["lead-member"], public=True,
                   commissioning_scale="macro")
        lscb = body("lscb", f"{A} Safeguarding Children Board", top, board=True, chair=kp["safeguarding"],
                    statutory=True, public=True)
        edu = body("education-partnership", f"{A} Education Partnership", ctb, board=True, chair=kp["education"],
                   public=True)
        icg = body("icg", "Integrated Commissioning Group", ctb, chair=kp["dcs"], kind="sub-group",
                   commissioning_scale="macro")
        subs = {
            "lac": body("lac", "Looked After Children Partnership", ctb, kind="partnership"),
            "camhs": body("camhs", "Emotional Health and CAMHS Sub-group", ctb, kind="sub-group"),
            "poverty": body("poverty", "Child Poverty Sub-group", ctb, kind="sub-group"),
            "early-help": body("early-help", "Early Help Partnership", ctb, chair=kp["ad-early-help"],
                               kind="partnership"),
            "involvement": body("involvement", "Involvement Sub-group", ctb, kind="sub-group"),
            "disabled": body("disabled", "Disabled Children and SEN Sub-group", ctb, kind="sub-group"),
            "tp": body("teenage-pregnancy", "Teenage Pregnancy Partnership", ctb, kind="partnership"),
        }
        youth = body("youth-council", f"{A} Youth Council", subs["involvement"], kind="forum")
        in_care = body("children-in-care-council", "Children in Care Council", subs["lac"], kind="forum")
        network = body("icn", "Integrated Commissioning Network", icg, kind="network")
        body("pooled-budget-panel", "Pooled Budget Panel", icg, kind="panel")
        body("decommissioning-panel", "Decommissioning Review Panel", icg, kind="panel", standing=False)
        for key, name in (("cse", "Child Sexual Exploitation Sub-group"), ("scr", "Serious Case Review Panel"),
                          ("learning", "Learning and Improvement Sub-group"), ("qa", "Quality Assurance Sub-group")):
            body(key, name, lscb, kind="panel" if key == "scr" else "sub-group")
        body("school-improvement", "School Improvement Group", edu, kind="sub-group")
        body("participation", "14-19 Participation Partnership", edu, kind="partnership")
        self.district_boards: dict[str, str] = {}
        self.clps: list[str] = []
        for d, did in enumerate(self.districts):
            db = body(f"district-{d + 1}", f"{self.names[did]} District Children's Trust Board", ctb, board=True,
                      commissioning_scale="district", locality=did)
            self.district_boards[did] = db
            for c, area in enumerate(self.areas[did][: p.clps_per_district]):
                self.clps.append(body(f"clp-d{d + 1}-{c + 1}", f"{self.names[area]} Community and Learning Partnership",
                                      db, kind="partnership", commissioning_scale="micro", locality=area))
        # Time-limited task groups, the leaves of the bookcase; a few have closed.
        parents = self.clps + [subs["camhs"], subs["poverty"], subs["early-help"], icg]
        topics = ("transition to secondary school", "summer holiday offer", "school readiness", "young carers' census",
                  "domestic abuse pathway", "healthy weight", "NEET tracking", "short breaks review")
        for t, parent in enumerate(parents):
            topic = topics[t % len(topics)]
            parent_name = next(s["name"] for s in specs if f"{self.aid}.body.{s['key']}" == parent)
            closed = rng.random() < 0.15
            body(f"task-{t + 1}", f"Task group on {topic} ({parent_name})", parent, kind="sub-group", standing=False,
                 closed=closed)

        ids = [f"{self.aid}.body.{s['key']}" for s in specs]
        children = Counter(s["parent"] for s in specs if s["parent"])
        depth: dict[str, int] = {}
        for s, bid in zip(specs, ids, strict=True):
            depth[bid] = 0 if s["parent"] is None else depth[s["parent"]] + 1

        # Plant governance faults, each on its own body; the top board stays clean.
        open_bodies = [bid for s, bid in zip(specs, ids, strict=True) if s["parent"] and not s["fields"].get("closed")]
        pool = rng.sample(open_bodies, len(open_bodies))
        leaves = [b for b in pool if children[b] == 0 and b not in (youth, in_care)]
        orphans = set(leaves[: rng.randint(1, p.faults)])
        pool = [b for b in pool if b not in orphans]
        deep = [b for b in pool if depth[b] >= 2]
        two_parents = set(deep[: rng.randint(1, p.faults)])
        pool = [b for b in pool if b not in two_parents]
        chairless = set(pool[: rng.randint(1, p.faults)])
        pool = pool[len(chairless):]
        no_terms = set(pool[: rng.randint(1, p.faults)])

        self.top = top
        self.bodies: list[str] = []
        self.boards: list[str] = []
        for s, bid in zip(specs, ids, strict=True):
            fields = dict(s["fields"])
            locality = fields.pop("locality", None)
            closed = fields.pop("closed", False)
            validity: dict[str, Any] = {}
            if closed:
                validity = {"valid_from": dt.date(2012, 9, 1), "valid_to": _day(rng, dt.date(2013, 6, 1),
                                                                                 dt.date(2014, 12, 31))}
            elif fields.get("standing") is False:
                validity = {"valid_from": _day(rng, dt.date(2013, 1, 1), dt.date(2014, 12, 31))}
            terms = None if bid in no_terms else f"Terms of reference agreed {rng.randint(2011, 2014)}, reviewed yearly"
            ntype = N.BOARD if s["board"] else N.SUBGROUP
            self.node(ntype, f"body.{s['key']}", s["name"], terms_of_reference=terms,
                      meeting_frequency=rng.choice(_FREQUENCIES), remit=f"Oversees {s['name'].lower()} business",
                      public=fields.pop("public", False), **validity, **fields)
            self.bodies.append(bid)
            if s["board"]:
                self.boards.append(bid)
            if s["parent"] and bid not in orphans:
                self.edge(E.ACCOUNTABLE_TO, bid, s["parent"], **validity)
            if bid in two_parents:
                higher = [b for b in open_bodies + [top] if depth[b] < depth[bid] and b != s["parent"]
                          and b not in orphans]
                self.edge(E.ACCOUNTABLE_TO, bid, rng.choice(higher), **validity)
                self.fault("bodies_with_two_parents", bid)
            if bid in orphans:  # reports to its would-be parent, but is accountable to nothing
                self.edge(E.REPORTS_TO, bid, s["parent"], condition="informally")
                self.fault("orphan_bodies", bid)
            if bid in no_terms:
                self.fault("bodies_without_terms", bid)
            chair = s["chair"] or rng.choice(self.all_posts)
            members = rng.sample([x for x in self.all_posts + self.partners if x != chair], rng.randint(4, 8))
            if bid in chairless:
                self.fault("bodies_without_chair", bid)
            else:
                self.edge(E.CHAIRS, chair, bid, **validity)
                self.edge(E.MEMBER_OF, chair, bid, role="chair", **validity)
            for i, m in enumerate(members):
                role = "vice-chair" if i == 0 and rng.random() < 0.3 else rng.choice(("member", "member", "invited"))
                self.edge(E.MEMBER_OF, m, bid, role=role, **validity)
            if locality:
                self.edge(E.COVERS, bid, locality)
        self.edge(E.COVERS, top, self.top_locality)
        self.edge(E.COVERS, ctb, self.top_locality)
        for target in (ctb, icg, subs["involvement"]):
            self.edge(E.SUPPORTS, self.ctu, target, role="secretariat" if target == ctb else "support")
        self.edge(E.SUPPORTS, self.jcu, icg)
        self.edge(E.SUPPORTS, self.jcu, network)
        self.edge(E.SUPPORTS, self.hub, icg)
        for u in self.units:  # units answer to the body they serve
            self.edge(E.ACCOUNTABLE_TO, u, icg if u != self.ctu else ctb)
        self.edge(E.REPORTS_TO, icg, lscb, condition="as necessary")
        self.edge(E.REPORTS_TO, subs["camhs"], top)
        self.edge(E.REPORTS_TO, subs["tp"], top)
        self.edge(E.DELEGATES_TO, top, ctb, powers="decisions on pooled budgets", conditional=True)
        self.edge(E.INFLUENCES, youth, ctb)
        self.edge(E.INFLUENCES, ctb, youth)
        self.edge(E.INFLUENCES, in_care, subs["lac"])
        self.edge(E.INFLUENCES, subs["lac"], in_care)

        owners = {"cypp": ctb, "early-help": subs["early-help"], "commissioning": icg, "jsna": top,
                  "emotional-health": subs["camhs"], "child-poverty": subs["poverty"]}
        for key, plan in self.plans.items():
            owner = owners.get(key) or self.district_boards[self.districts[int(key.split("-")[1]) - 1]]
            self.edge(E.OWNS, owner, plan)
            self.edge(E.MONITORS, top if owner != top else ctb, plan)
        self.ctb, self.icg, self.lscb = ctb, icg, lscb
        self.commissioning_bodies = [icg, *self.district_boards.values(), *self.clps]

    # -- services, budgets, decisions

    def delivery(self) -> None:
        rng, p = self.rng, self.p
        areas = [a for d in self.districts for a in self.areas[d]]
        pool = rng.sample(areas, len(areas))
        unserved_areas = [pool.pop() for _ in range(rng.randint(1, p.faults))]
        unfunded_areas = [pool.pop() for _ in range(rng.randint(1, p.faults))]
        cpool = rng.sample(self.cohorts, len(self.cohorts))
        unserved_cohorts = [cpool.pop() for _ in range(rng.randint(1, p.faults))]
        unfunded_cohorts = [cpool.pop() for _ in range(rng.randint(1, p.faults))]
        special = set(unserved_areas + unfunded_areas + unserved_cohorts + unfunded_cohorts
                      + self.unserved_outcomes + self.unfunded_outcomes)
        outs = self.normal_outcomes
        cohs = [c for c in self.cohorts if c not in special]
        open_areas = {d: [a for a in self.areas[d] if a not in special] for d in self.districts}
        # The gaps query rolls coverage up and down the locality hierarchy, so a gap area's
        # district and the whole authority are served only through other areas by active services.
        gap_districts = {d for d in self.districts if any(a in special for a in self.areas[d])}
        open_districts = [d for d in self.districts if d not in gap_districts]
        locs = [*open_districts, *(a for d in self.districts for a in open_areas[d])]
        used: set[tuple[str, str, str]] = set()

        def claim(o: Sequence[str], c: Sequence[str], loc: Sequence[str]) -> bool:
            triples = list(itertools.product(o, c, loc))
            if any(t in used for t in triples):
                return False
            used.update(triples)
            return True

        services: list[_Service] = []

        def add(kind: _Kind, o: list[str], c: list[str], loc: list[str], **kw: Any) -> _Service:
            svc = _Service(f"svc-{len(services) + 1:04d}", kind, o, c, loc, **kw)
            services.append(svc)
            return svc

        def kind_for(outcome: str | None) -> _Kind:
            if outcome is None:
                return rng.choice(_KINDS)
            return rng.choice(_KINDS_BY_THEME[self.theme[outcome]] or _KINDS)

        def places(active: bool) -> list[str]:
            scope, d = rng.random(), rng.choice(self.districts)
            if scope < 0.6 and open_areas[d]:
                return rng.sample(open_areas[d], min(len(open_areas[d]), rng.choice((1, 1, 2))))
            if not active and scope > 0.95:
                return [self.top_locality]
            if not active:
                return [d]
            if scope < 0.85 or len(open_districts) < 2:
                return [rng.choice(open_districts or locs)]
            return rng.sample(open_districts, rng.randint(2, len(open_districts)))

        # 1. Coverage: every normal outcome, cohort and locality gets an active, funded service.
        for k in range(max(len(outs), len(cohs), len(locs))):
            o, c, loc = outs[k % len(outs)], cohs[k % len(cohs)], locs[k % len(locs)]
            claim([o], [c], [loc])
            add(kind_for(o), [o], [c], [loc])
        # 2. Duplicates: services of different commissioners and providers on one triple.
        for g in range(p.duplicate_groups):
            while True:
                o, c, loc = rng.choice(outs), rng.choice(cohs), rng.choice(locs)
                if claim([o], [c], [loc]):
                    break
            near = g % 2 == 0
            size = rng.choice((2, 2, 3))
            kinds = [kind_for(o)] * size if near else rng.sample(_KINDS_BY_THEME[self.theme[o]] or _KINDS, size)
            commissioners = rng.sample(self._commissioners(), size)
            providers = rng.sample(self._providers(), size)
            approach = rng.choice(_APPROACHES)
            group = []
            for i in range(size):
                svc = add(kinds[i], [o], [c], [loc], commissioner=commissioners[i], provider=providers[i])
                if near:
                    svc.description = self._describe(kinds[i], c, loc, approach, variant=i)
                if near:  # the same offer twice: only a number tells the names apart
                    svc.name = (f"{kinds[i].name} for {self.names[c].lower()}, {self.names[loc]}"
                                + (f" ({i + 1})" if i else ""))
                else:
                    svc.name = f"{kinds[i].name}, {self.names[loc]} ({self.names[providers[i]]})"
                group.append(svc.key)
            self.fault("duplicate_groups", DuplicateGroup(
                services=tuple(f"{self.aid}.{k}" for k in group), outcome=o, cohort=c, locality=loc,
                near_identical=near))
        # 3. Money gaps: active services that reach a special outcome, cohort or area but no budget funds.
        for special_ids, dim in ((self.unfunded_outcomes, 0), (unfunded_cohorts, 1), (unfunded_areas, 2)):
            for sid in special_ids:
                for _ in range(rng.randint(1, 2)):
                    while True:
                        o = sid if dim == 0 else rng.choice(outs)
                        c = sid if dim == 1 else rng.choice(cohs)
                        loc = sid if dim == 2 else rng.choice(locs)
                        if claim([o], [c], [loc]):
                            break
                    add(kind_for(o), [o], [c], [loc], funded=False)
        # 4. Service gaps: only decommissioned services ever reached these (or nothing did).
        for special_ids, dim in ((self.unserved_outcomes, 0), (unserved_cohorts, 1), (unserved_areas, 2)):
            for sid in special_ids:
                if rng.random() < 0.5:
                    o = sid if dim == 0 else rng.choice(outs)
                    c = sid if dim == 1 else rng.choice(cohs)
                    loc = sid if dim == 2 else rng.choice(locs)
                    if claim([o], [c], [loc]):
                        add(kind_for(o), [o], [c], [loc], status="decommissioned")
        # 5. Services with no outcome at all.
        for _ in range(rng.randint(1, p.faults)):
            svc = add(kind_for(None), [], [rng.choice(cohs)], [rng.choice(locs)])
            self.fault("services_without_outcome", f"{self.aid}.{svc.key}")
        # 6. The rest: random services, each on triples no other service holds.
        themed = {k.name: [x for x in outs if self.theme[x] in k.themes] for k in _KINDS}
        while len(services) < p.services:
            r = rng.random()
            status = "decommissioned" if r < 0.08 else "planned" if r < 0.12 else "active"
            for attempt in range(30):
                o_count = 1 if attempt > 10 else rng.choice((1, 2, 2, 3))
                first = rng.choice(outs)
                kind = kind_for(first)
                theme_outs = [x for x in themed[kind.name] if x != first] if o_count > 1 else []
                o_ids = [first] + rng.sample(theme_outs, min(len(theme_outs), o_count - 1))
                c_ids = rng.sample(cohs, 1 if attempt > 10 else rng.choice((1, 2, 2)))
                l_ids = places(status == "active")
                if attempt > 20:
                    l_ids = l_ids[:1]
                if claim(o_ids, c_ids, l_ids):
                    add(kind, o_ids, c_ids, l_ids, status=status)
                    break

        for key, items in (("unserved_outcomes", self.unserved_outcomes), ("unserved_cohorts", unserved_cohorts),
                           ("unserved_localities", unserved_areas),
                           ("unfunded_outcomes", self.unserved_outcomes + self.unfunded_outcomes),
                           ("unfunded_cohorts", unserved_cohorts + unfunded_cohorts),
                           ("unfunded_localities", unserved_areas + unfunded_areas)):
            self.faults[key].extend(items)
        self._write_services(services)

    def _commissioners(self) -> list[str]:
        return [self.csd, self.public_health, self.ccg, self.housing, self.education, self.jcu, self.trust,
                *self.commissioning_bodies[: 3]]

    def _providers(self) -> list[str]:
        return [self.csd, self.early_help, self.community_trust, self.mh_trust, self.hospital, self.college,
                *self.voluntary, *self.private, *self.schools[:4]]

    def _describe(self, kind: _Kind, cohort: str, locality: str, approach: str, variant: int = 0) -> str:
        words = ("for", "aimed at", "open to")
        return (f"{kind.what} {words[variant % 3]} {self.names[cohort].lower()} in {self.names[locality]}, "
                f"delivered {approach}.")

    def _write_services(self, services: list[_Service]) -> None:
        rng = self.rng
        commissioners, providers = self._commissioners(), self._providers()
        boundary_done = False
        ids: dict[str, str] = {}
        tender_faults = rng.randint(1, self.p.faults)
        for svc in services:
            sid = f"{self.aid}.{svc.key}"
            ids[svc.key] = sid
            kind = svc.kind
            if svc.status == "decommissioned":
                start = _day(rng, dt.date(2006, 4, 1), dt.date(2011, 3, 31))
                end: dt.date | None = _day(rng, dt.date(2012, 3, 31), REFERENCE_DATE - dt.timedelta(days=1))
                validity = {"valid_from": start, "valid_to": end}
            elif svc.status == "planned":
                start, end = _day(rng, REFERENCE_DATE + dt.timedelta(days=60), dt.date(2016, 4, 1)), None
                validity = {"valid_from": start}
            else:
                start, end = _day(rng, dt.date(2008, 4, 1), REFERENCE_DATE - dt.timedelta(days=30)), None
                validity = {"valid_from": start} if start.year >= 2012 else {}
            cost = None if rng.random() < 0.12 else float(round(
                rng.uniform(*{1: (20e3, 150e3), 2: (12e3, 120e3), 3: (40e3, 400e3), 4: (100e3, 900e3)}[kind.tier]), -2))
            loc0 = svc.localities[0]
            level = ("individual" if kind.tier == 4 else "operational" if loc0 in self.area_set else "strategic")
            name = svc.name or f"{kind.name}, {self.names[loc0]}"
            if name in self._service_names:
                name = f"{name} ({self.names[svc.cohorts[0]].lower()})"
            while name in self._service_names:
                name = f"{name}, {svc.key[4:]}"
            self._service_names.add(name)
            description = svc.description or self._describe(kind, svc.cohorts[0], loc0, rng.choice(_APPROACHES),
                                                             variant=rng.randrange(3))
            self.node(N.SERVICE, svc.key, name, description=description, status=svc.status,
                      commissioning_level=level, tier=kind.tier, start_date=start, end_date=end, annual_cost=cost,
                      **validity)
            self.status[svc.status] += 1
            svc.commissioner = svc.commissioner or rng.choice(commissioners)
            svc.provider = svc.provider or rng.choice(providers)
            years = rng.randint(1, 5)
            value = None if cost is None else cost * years
            tendered: bool | None = None if value is None else value > TENDER_THRESHOLD
            money_validity = {k: v for k, v in validity.items() if k == "valid_to"}
            if not boundary_done and cost is not None and cost <= TENDER_THRESHOLD and svc.status == "active":
                value, tendered, boundary_done = TENDER_THRESHOLD, False, True  # at, not over, the threshold: no tender due
            elif (tender_faults and value is not None and svc.status == "active" and svc.outcomes and svc.funded):
                value = max(value, TENDER_THRESHOLD + 5_000.0)
                tendered = None if tender_faults % 2 else False
                tender_faults -= 1
                eid = default_edge_id(E.COMMISSIONS, svc.commissioner, sid)
                self.fault("untendered_contracts", eid)
            self.edge(E.COMMISSIONS, svc.commissioner, sid, lifetime_value=value, tendered=tendered,
                      tender_reference=f"{self.aid.upper()}-T{svc.key[4:]}" if tendered else None, **money_validity)
            self.edge(E.DELIVERS, svc.provider, sid)
            for o in svc.outcomes:
                self.edge(E.CONTRIBUTES_TO, sid, o, strength=rng.choice(("weak", "moderate", "strong")))
            for c in svc.cohorts:
                self.edge(E.TARGETS, sid, c)
            for loc in svc.localities:
                self.edge(E.SERVES, sid, loc)
            for need in rng.sample(self.needs, rng.choice((0, 1, 1, 2))):
                self.edge(E.ADDRESSES, sid, need)
        # Referral pathways: step up to specialist services and step down again.
        by_tier: dict[bool, list[str]] = {True: [], False: []}
        for svc in services:
            by_tier[svc.kind.tier >= 3].append(ids[svc.key])
        pairs: set[tuple[str, str]] = set()
        for svc in services:
            specialist = svc.kind.tier >= 3
            if rng.random() < (0.15 if specialist else 0.3):
                pairs.add((ids[svc.key], rng.choice(by_tier[not specialist])))
        for a, b in sorted(pairs):
            self.edge(E.REFERS_TO, a, b)
        for pr in self.priorities:
            if rng.random() < 0.4:
                self.edge(E.ADDRESSES, pr, rng.choice(self.needs))
        self._budgets(services, ids)
        self._decisions(services, ids)

    def _budgets(self, services: list[_Service], ids: dict[str, str]) -> None:
        rng, p = self.rng, self.p
        count = p.budgets
        pooled = max(p.faults + 1, round(count * 0.12))
        kinds = (["pooled"] * pooled + ["aligned"] * round(count * 0.12) + ["grant"] * round(count * 0.2)
                 + ["personal"] * max(1, round(count * 0.05)))
        kinds += ["single-agency"] * (count - len(kinds))
        budgets: list[tuple[str, str]] = []  # (id, kind)
        seen: Counter[str] = Counter()
        names: dict[str, str] = {}
        for i, kind in enumerate(kinds):
            base = rng.choice(_BUDGET_NAMES[kind])
            seen[base] += 1
            names[f"{self.aid}.bud-{i + 1:03d}"] = base if seen[base] == 1 else f"{base} {seen[base]}"
            budgets.append((f"{self.aid}.bud-{i + 1:03d}", kind))
        fundable = [s for s in services if s.funded]
        active = [s for s in fundable if s.status == "active"]
        rng.shuffle(active)
        funding: dict[str, list[_Service]] = {b: [] for b, _ in budgets}
        if len(active) < len(budgets):
            raise RuntimeError("synthetic profile has fewer active services than budgets")
        for (b, _), svc in zip(budgets, active, strict=False):
            funding[b].append(svc)
        first = {id(s) for s in active[: len(budgets)]}
        for svc in fundable:
            if id(svc) not in first:
                funding[rng.choice(budgets)[0]].append(svc)
        if rng.random() < 0.5 and len(fundable) > 1:  # a few services have two budgets
            for svc in rng.sample(fundable, max(1, len(fundable) // 8)):
                b = rng.choice(budgets)[0]
                if svc not in funding[b]:
                    funding[b].append(svc)
        unmonitored = set(rng.sample([b for b, k in budgets if k == "pooled"], rng.randint(1, p.faults)))
        known = {b: rng.random() >= 0.15 for b, _ in budgets}
        for b, kind in budgets:
            total = 0.0
            for svc in funding[b]:
                node = self.records[ids[svc.key]]
                amount = node.annual_cost if known[b] else None
                if amount is not None and svc.status == "active":
                    total += amount
                ended = node.valid_to
                period = "2014/15" if ended is None else f"{ended.year - 1}/{ended.year % 100:02d}"
                self.edge(E.FUNDS, b, ids[svc.key], amount=amount, period=period, valid_to=ended)
            amount = round(total * rng.uniform(1.0, 1.1), -2) if known[b] and total else None
            self._budget(b, names[b], kind, amount)
            if kind == "pooled" and b not in unmonitored:
                self.edge(E.MONITORS, rng.choice((self.ctb, self.top)), b)
            elif kind == "pooled":
                self.fault("unmonitored_pooled_budgets", b)
        for j in range(rng.randint(1, p.faults)):
            b = f"{self.aid}.bud-idle-{j + 1}"
            kind = rng.choice(("grant", "single-agency", "aligned"))
            self._budget(b, f"{rng.choice(_BUDGET_NAMES[kind])} (unallocated)", kind,
                         float(round(rng.uniform(20e3, 300e3), -2)))
            self.fault("budgets_funding_nothing", b)

    def _budget(self, bid: str, name: str, kind: str, amount: float | None) -> None:
        rng = self.rng
        legal = rng.choice(_LEGAL_BASIS) if kind == "pooled" else None
        self.node(N.BUDGET, bid.split(".", 1)[1], name, kind=kind, amount=amount, period="2014/15", legal_basis=legal)
        contributors = {
            "pooled": rng.sample([self.csd, self.ccg, self.public_health, self.police], rng.randint(2, 4)),
            "aligned": rng.sample([self.csd, self.ccg, self.public_health, self.education], 2),
            "grant": [self.dfe],
            "single-agency": [rng.choice([self.csd, self.public_health, self.ccg, self.police, self.housing,
                                          self.trust])],
            "personal": [self.csd],
        }[kind]
        shares = [rng.uniform(1, 3) for _ in contributors]
        for who, share in zip(contributors, shares, strict=True):
            part = None if amount is None else float(round(amount * share / sum(shares), 2))
            self.edge(E.CONTRIBUTES, who, bid, amount=part, period="2014/15")
        owner = {"pooled": self.ctb, "aligned": self.icg, "grant": self.csd, "personal": self.csd}.get(kind, contributors[0])
        self.edge(E.OWNS, owner, bid)

    def _decisions(self, services: list[_Service], ids: dict[str, str]) -> None:
        rng = self.rng
        k = 0
        for svc in services:
            node = self.records[ids[svc.key]]
            if svc.status == "decommissioned":
                kind, date = "decommission", node.end_date - dt.timedelta(days=rng.randint(60, 180))
                why = "Outcomes evidence showed little impact for the cost"
            elif svc.status == "planned" or (svc.status == "active" and rng.random() < 0.05):
                kind, date = "commission", min(node.start_date, REFERENCE_DATE) - dt.timedelta(days=rng.randint(30, 120))
                why = "Needs analysis showed a gap this service fills"
            else:
                continue
            k += 1
            did = self.node(N.DECISION, f"dec-{k:04d}", f"{kind.capitalize()} {node.name}", kind=kind, date=date,
                            rationale=why, evidence=f"{self.name} JSNA and service review",
                            risk_assessment="Impact on children and on other services assessed")
            body = rng.choice((self.icg, self.ctb, *self.district_boards.values()))
            self.edge(E.DECIDED, body, did)
            self.edge(E.AFFECTS, did, ids[svc.key])


# -- the public functions ---------------------------------------------------------------------


def generate(
    scale: Scale,
    seed: int = 0,
    *,
    authorities: int | None = None,
    progress: Progress | None = None,
) -> tuple[Records, Manifest]:
    """Generate a synthetic partnership and the manifest of what was planted in it.

    Parameters
    ----------
    scale
        ``"s"`` (one authority), ``"m"`` (15) or ``"n"`` (153); see :data:`SCALES`.
    seed
        The same seed always gives the same records.
    authorities
        How many authorities to generate instead of the scale's number (e.g. 77
        for half of ``n``); each authority is the same as at full size.
    progress
        Called as ``progress(done, total)`` after each authority.

    Returns
    -------
    ((info, nodes, edges), manifest)
        Validated record models (as :meth:`Partnership.records` gives them) and
        the :class:`Manifest`. :func:`build` turns the records into a graph.

    Examples
    --------
    >>> (info, nodes, edges), manifest = generate("s", seed=3)
    >>> manifest.nodes == len(nodes), manifest.counts["Service"] == len([n for n in nodes if n.type == "Service"])
    (True, True)
    >>> len(manifest.bodies_without_chair) >= 1
    True
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; scales: {', '.join(SCALES)}")
    spec = SCALES[scale]
    total = spec.authorities if authorities is None else authorities
    if total < 1:
        raise ValueError("authorities must be at least 1")
    nodes: list[NodeBase] = []
    edges: list[EdgeBase] = []
    faults: dict[str, list[Any]] = {name: [] for name in _FAULT_FIELDS}
    status: Counter[str] = Counter()
    aids, tops = [], []
    for i in range(total):
        a = _Authority(i, seed, spec.profile).run()
        nodes += a.nodes
        edges += a.edges
        for name, items in a.faults.items():
            faults[name] += items
        status.update(a.status)
        aids.append(a.aid)
        tops.append(a.top)
        if progress is not None:
            progress(i + 1, total)
    counts: Counter[str] = Counter(n.type.value for n in nodes)
    counts.update(e.type.value for e in edges)
    order = [t.value for t in (*NodeType, *EdgeType)]
    size = f"{total} authorit{'y' if total == 1 else 'ies'}"
    info = PartnershipInfo(
        id=f"synthetic-{scale}",
        name=f"Synthetic partnership, scale {scale} ({size})",
        description=f"A made-up partnership of {size} for tests and benchmarks, with planted faults; seed {seed}.",
        area=spec.area if authorities is None else size,
        sources=["graph_model.synthetic: generated; names and figures are invented"],
        notes=[f"Every record is generated (seed {seed}); faults are planted on purpose and listed in the manifest.",
               f"Status and validity dates are relative to a reference date of {REFERENCE_DATE.isoformat()}."],
    )
    manifest = Manifest(
        scale=scale, seed=seed, reference_date=REFERENCE_DATE, authorities=tuple(aids), top_boards=tuple(tops),
        duplicate_groups=tuple(faults["duplicate_groups"]),
        **{name: tuple(sorted(faults[name])) for name in _FAULT_FIELDS if name != "duplicate_groups"},
        nodes=len(nodes), edges=len(edges),
        counts={k: counts[k] for k in order if counts[k]},
        services_by_status={k: status[k] for k in ("active", "planned", "decommissioned")},
    )
    return (info, nodes, edges), manifest


def build(records: Records, *, validate: bool = False) -> Partnership:
    """Turn generated records into a :class:`Partnership`.

    With ``validate=False`` (fast) the records, already validated one by one when
    they were made, are assembled directly. With ``validate=True`` every record
    goes as plain data through :func:`build_partnership`, exactly as a file's
    records would: schema, duplicate ids, dangling ends, edge rules, loops.

    >>> records, _ = generate("s")
    >>> build(records) == build(records, validate=True)
    True
    """
    info, nodes, edges = records
    if not validate:
        return Partnership(info, nodes, edges)
    return build_partnership(
        info,
        ((dump_record(n), Location(record=f"node {n.id}")) for n in nodes),
        ((dump_record(e), Location(record=f"edge {e.id}")) for e in edges),
    )

