"""The generator's vocabulary: place names, outcomes, cohorts, needs, plans, service kinds, partners, budgets.

Place names are made up; the rest follows the seed documents' vocabulary (the
Every Child Matters outcomes, key groups, York's CYPP priorities, service kinds),
written out here as lists. :func:`authority_name` names the authority at an index.
"""

from __future__ import annotations

from dataclasses import dataclass

# Made-up place names, for authorities, districts and areas.
_PLACE_HEADS = ("Ash", "Bram", "Cal", "Dun", "Elm", "Fair", "Glen", "Hart", "Ivy", "Kings", "Lang", "Mar",
                "Nor", "Oak", "Pen", "Ray", "Stan", "Thorn", "Up", "Wes", "Wood", "Brad", "Chel", "Kel")
_PLACE_TAILS = ("bury", "field", "ford", "ham", "ley", "mouth", "stead", "ton", "wick", "worth", "by", "dale",
                "minster")
DISTRICT_WORDS = ("North", "South", "East", "West", "Central", "Rural", "Upper", "Lower")
AREA_WORDS = ("Hill", "Park", "Green", "Bridge", "Moor", "Vale", "Heath", "Common", "Cross", "Gate")

THEMES = ("healthy", "safe", "achieve", "contribute", "economic", "family")

#: The Every Child Matters outcomes, with Staffordshire's sixth (seed 003), by theme.
ECM = (
    ("Be healthy", "healthy"),
    ("Stay safe", "safe"),
    ("Enjoy and achieve", "achieve"),
    ("Make a positive contribution", "contribute"),
    ("Achieve economic wellbeing", "economic"),
    ("Have supportive families, friends and communities", "family"),
)

#: Concrete outcomes: (name, theme, indicator, unit, direction).
OUTCOMES = (
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
COHORTS = (
    ("Looked-after children", 0, 18), ("Disabled children", 0, 18), ("Children with special educational needs", 0, 25),
    ("Young carers", 5, 18), ("Young people not in education, employment or training", 16, 18),
    ("Homeless young people", 16, 21), ("Families on the edge of care", 0, 18), ("Eligible two-year-olds", 2, 2),
    ("Young substance misusers", 11, 18), ("Minority ethnic children", 0, 18), ("Teenage parents", 13, 19),
    ("Children in need", 0, 18), ("Care leavers", 16, 25), ("Children at risk of exclusion", 5, 16),
)

NEEDS = (
    "Rising demand for specialist placements", "Low take-up of early education by eligible two-year-olds",
    "High teenage conception rates in some wards", "Poor emotional health among secondary pupils",
    "Child poverty concentrated in a few areas", "Homelessness at 16-17", "Low post-16 participation among vulnerable groups",
    "Domestic abuse affecting children", "Childhood obesity above the national average", "Young carers not identified",
    "Delays in special educational needs assessments", "Substance misuse among young people",
    "Placement instability for looked-after children", "Persistent absence from school", "Isolation of disabled children",
    "Low parenting confidence", "Anti-social behaviour in town centres", "Poor outcomes for care leavers",
)

#: Plans with their priorities; the first plan's priorities are York's five (seed 000).
PLANS = (
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
DISTRICT_PRIORITIES = ("early help close to home", "raising attainment")


@dataclass(frozen=True)
class Kind:
    name: str
    tier: int
    themes: tuple[str, ...]
    what: str


KINDS = (
    Kind("Family Support Service", 2, ("family", "safe"), "Practical and emotional help at home"),
    Kind("Family Intervention Project", 3, ("family", "safe", "contribute"), "Intensive key-worker support for families with complex needs"),
    Kind("Parenting Programme", 2, ("family",), "Structured courses that build parenting skills"),
    Kind("Children's Centre", 1, ("achieve", "healthy", "family"), "Drop-in early years activities, health clinics and advice"),
    Kind("Youth Centre", 1, ("contribute", "healthy"), "Open-access evening and weekend youth sessions"),
    Kind("Two-year-old Early Education", 1, ("achieve",), "Funded nursery places for two-year-olds"),
    Kind("Nurture Group", 2, ("achieve", "healthy"), "Small in-school classes that settle children who struggle in class"),
    Kind("Emotional Literacy Support", 2, ("healthy",), "Trained teaching assistants helping pupils manage their feelings"),
    Kind("Targeted Mental Health in Schools", 2, ("healthy", "achieve"), "Mental health workers based in school clusters"),
    Kind("Specialist CAMHS", 3, ("healthy",), "Assessment and treatment by a child and adolescent mental health team"),
    Kind("Inpatient Mental Health Care", 4, ("healthy", "safe"), "Hospital treatment for young people in mental health crisis"),
    Kind("School Nursing", 1, ("healthy",), "Health checks, advice and drop-ins in schools"),
    Kind("Health Visiting", 1, ("healthy", "family"), "Home visits to families with babies and toddlers"),
    Kind("Teenage Pregnancy Advice", 2, ("healthy",), "Confidential advice on relationships and contraception"),
    Kind("Young People's Substance Misuse Service", 3, ("healthy", "safe"), "Treatment and harm reduction for young people using drugs or alcohol"),
    Kind("NEET Re-engagement Programme", 2, ("economic",), "Coaching and taster courses back into learning or work"),
    Kind("Supported Lodgings", 3, ("economic", "safe"), "Rooms with trained hosts for young people who cannot live at home"),
    Kind("Youth Homelessness Prevention", 2, ("economic", "family"), "Mediation and housing advice that keeps young people at home"),
    Kind("Short Breaks", 3, ("family", "healthy"), "Day and overnight breaks for disabled children and their carers"),
    Kind("Residential Respite", 4, ("family", "safe"), "Overnight residential care for disabled children"),
    Kind("Fostering Support", 3, ("safe",), "Training, supervision and peer groups for foster carers"),
    Kind("Independent Fostering Placements", 4, ("safe",), "Placements bought from independent fostering agencies"),
    Kind("Care Leavers' Personal Advisers", 3, ("economic", "safe"), "Advisers who stay alongside young people leaving care"),
    Kind("Young Carers' Support", 2, ("family", "contribute"), "Groups, respite trips and school liaison for young carers"),
    Kind("Youth Crime Prevention", 2, ("safe", "contribute"), "Diversion activities for young people at risk of offending"),
    Kind("Domestic Abuse Support for Children", 3, ("safe", "family"), "One-to-one and group work with children who live with abuse"),
    Kind("Anti-bullying Programme", 1, ("safe", "achieve"), "Whole-school work to prevent and respond to bullying"),
    Kind("Healthy Weight Programme", 2, ("healthy",), "Family sessions on food, cooking and activity"),
    Kind("Breastfeeding Peer Support", 1, ("healthy",), "Trained mothers supporting new mothers to breastfeed"),
    Kind("Speech and Language Therapy", 3, ("achieve", "healthy"), "Therapy for children with speech, language and communication needs"),
    Kind("Educational Psychology", 3, ("achieve",), "Assessment and advice for pupils with learning difficulties"),
    Kind("Attendance Improvement Service", 2, ("achieve",), "Casework with families where children miss school"),
    Kind("Alternative Education Provision", 3, ("achieve", "economic"), "Full-time education outside mainstream school"),
    Kind("Holiday Activity Scheme", 1, ("healthy", "contribute"), "Free activities and meals in the school holidays"),
    Kind("Mentoring Scheme", 2, ("contribute", "achieve"), "Volunteer mentors matched with young people"),
    Kind("Advocacy for Looked-after Children", 2, ("contribute", "safe"), "Independent advocates who help children in care be heard"),
    Kind("Missing from Home Support", 2, ("safe",), "Return interviews and follow-up for children who go missing"),
    Kind("Early Help Key Work", 2, ("family", "achieve"), "A lead professional coordinating help for a family"),
    Kind("Portage Home Visiting", 2, ("achieve", "family"), "Home-based learning support for pre-school disabled children"),
    Kind("Inclusion Support in Schools", 2, ("achieve",), "Specialist staff helping schools include pupils at risk of exclusion"),
    Kind("Child Sexual Exploitation Service", 3, ("safe",), "Specialist workers protecting children groomed for sexual exploitation"),
    Kind("Youth Offending Team Interventions", 3, ("safe", "contribute"), "Court-ordered programmes and reparation for young offenders"),
    Kind("Sexual Health Clinic", 2, ("healthy",), "Walk-in testing, treatment and contraception for under-25s"),
    Kind("Stop Smoking Support", 1, ("healthy",), "Quit-smoking advice and nicotine replacement for teenagers"),
    Kind("Oral Health Promotion", 1, ("healthy",), "Supervised toothbrushing and dental checks in nurseries"),
    Kind("Family Nurse Partnership", 3, ("healthy", "family"), "Intensive nurse home visiting for first-time teenage mothers"),
    Kind("Bereavement Counselling", 2, ("healthy", "family"), "Counselling for children who have lost a parent or sibling"),
    Kind("School Counselling", 2, ("healthy", "achieve"), "On-site counsellors for pupils with emotional difficulties"),
    Kind("Adoption Support", 3, ("safe", "family"), "Therapeutic help and training for adoptive families"),
    Kind("Private Fostering Assessment", 3, ("safe",), "Checks and visits for children living with private foster carers"),
    Kind("Virtual School", 2, ("achieve", "safe"), "Tracking and raising the attainment of children in care"),
    Kind("Reading Recovery", 2, ("achieve",), "Daily one-to-one lessons for six-year-olds struggling to read"),
    Kind("Careers Guidance", 1, ("economic",), "Impartial advice on jobs, apprenticeships and courses"),
    Kind("Apprenticeship Brokerage", 2, ("economic",), "Matching school leavers with local employers offering apprenticeships"),
    Kind("Debt and Welfare Advice", 2, ("economic", "family"), "Help for families to claim benefits and manage debt"),
    Kind("Emergency Food Vouchers", 1, ("economic", "family"), "Vouchers and food parcels for families in crisis"),
    Kind("Young Inspectors", 1, ("contribute",), "Young people trained to inspect and report on local services"),
    Kind("Youth Council", 1, ("contribute",), "An elected forum where young people debate and advise councillors"),
    Kind("Duke of Edinburgh Award", 1, ("contribute", "achieve"), "Expeditions, volunteering and skills for the award"),
    Kind("Restorative Justice", 2, ("safe", "contribute"), "Meetings that bring young offenders and victims together"),
    Kind("Play Therapy", 3, ("healthy",), "Therapy through play for young children after trauma"),
)
KINDS_BY_THEME = {t: tuple(k for k in KINDS if t in k.themes) for t in THEMES}
APPROACHES = (
    "through home visits", "as weekly group sessions", "through drop-in sessions", "with a named key worker",
    "alongside local schools", "through outreach in community venues", "with volunteers and peer supporters",
    "through a mix of one-to-one and group work", "as an after-school offer", "by referral from early help panels",
)

#: Words a second write-up of the same service may use instead (for planted near-identical descriptions).
SYNONYMS = {
    "help": "assistance", "support": "help", "supporting": "helping", "advice": "guidance", "sessions": "meetings",
    "courses": "classes", "build": "develop", "families": "households", "activities": "events", "treatment": "care",
    "specialist": "expert", "practical": "hands-on", "trained": "qualified", "small": "little", "pupils": "students",
    "home": "house", "visits": "calls", "checks": "reviews", "workers": "staff", "young": "younger",
    "independent": "impartial", "casework": "case work", "overnight": "night-time", "groups": "circles",
    "lessons": "tuition", "matching": "pairing", "intensive": "in-depth", "free": "no-cost", "therapy": "treatment",
    "advisers": "mentors", "placements": "places", "rooms": "lodgings", "assessment": "appraisal",
    "funded": "paid", "nursery": "pre-school", "work": "activity", "interviews": "talks",
    "counselling": "talking therapy", "tracking": "monitoring", "raising": "improving", "expeditions": "trips",
    "outside": "beyond", "bought": "purchased",
}
#: Abbreviations people write in service lists (for planted abbreviated descriptions): short forms, same
#: first letter, letters in order; or initials in capitals.
ABBREVIATIONS = {
    "and": "&", "with": "w/", "young people": "YP", "children": "chn", "service": "svc", "services": "svcs",
    "programme": "prog.", "support": "supp.", "school": "sch.", "schools": "schs", "education": "ed.",
    "health": "hlth", "information": "info", "specialist": "spec.", "group": "grp", "groups": "grps",
    "management": "mgmt", "development": "dev.", "community": "comm.", "centre": "ctr", "family": "fam.",
    "families": "fams", "emotional": "emot.", "assessment": "asmt", "treatment": "trmt", "advice": "adv.",
    "mental health": "MH", "looked-after": "LA", "one-to-one": "1:1", "parenting": "par.", "through": "thru",
    "visits": "vis.", "sessions": "sess.", "referral": "ref.", "after-school": "after-sch.", "nursery": "nurs.",
    "teaching": "tchg", "assistants": "asst", "independent": "ind.", "fostering": "fost.", "supporting": "supp.",
    "trained": "trd", "visiting": "vstg",
}

VOLUNTARY = ("{A} CVS", "{A} Family Action", "{A} Young Carers' Centre", "{A} Mind", "Barnardo's in {A}",
              "{A} Youth Trust", "Home-Start {A}", "{A} Women's Aid", "{A} Parent Carer Forum", "{A} Sports Trust",
              "Relate {A}", "{A} Citizens Advice", "{A} Community Foundation", "{A} Foodbank Network",
              "{A} Scouts and Guides", "{A} Refugee Welcome", "{A} Play Association", "{A} Advocacy Service")
PRIVATE = ("{A} Day Nurseries Ltd", "{A} Fostering Agency Ltd", "{A} Residential Care Ltd", "{A} Training Ltd",
            "{A} Therapy Services Ltd", "{A} Childminding Network Ltd", "{A} Learning Centres Ltd",
            "{A} Support Services Ltd", "{A} Tuition Ltd", "{A} Care Homes Ltd")

BUDGET_NAMES = {
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
LEGAL_BASIS = ("Section 75, NHS Act 2006", "Section 10, Children Act 2004")
FREQUENCIES = ("monthly", "every six weeks", "every two months", "quarterly")


def authority_name(index: int) -> str:
    """The made-up name of the authority at ``index`` (0-based), unique for the first 312.

    >>> authority_name(0), authority_name(1), authority_name(24)
    ('Ashbury', 'Bramfield', 'Ashmouth')
    """
    head, lap = index % len(_PLACE_HEADS), index // len(_PLACE_HEADS)
    return _PLACE_HEADS[head] + _PLACE_TAILS[(index + 7 * lap) % len(_PLACE_TAILS)]

