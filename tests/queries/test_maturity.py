"""The ``maturity`` query: the journey from weak to intelligent commissioning, criterion by criterion.

Facts from the documents and the bundled data the answers are checked against:
- York's Planning Bookcase annex (Commissioning and Decommissioning 2014-16) draws the Youth Council and
  the Show Me I Matter Panel in a two-way relationship with the YorOK Board;
- the same document gives York's services as ten commissioning examples (York's file declares
  ``coverage.services: examples``) and no amount of money for any budget;
- it reports figures for some outcomes (homeless 16-17 year-olds presenting: about 45 a year, then none)
  and none for others (Catalyst's families: it describes the approach but reports no results); the data
  holds only the indicators the documents name (6 of York's 11 outcomes have one), which is not a finding
  that the other outcomes go unmeasured;
- York's Early Intervention Fund is the project's reading of an aligned budget (``assumed``), paying for
  the Early Intervention Fund projects; York's pooled budgets are a plan no document records in place;
- TaMHS is recorded as decommissioned (the project's reading) with no decision recorded;
- Staffordshire's framework names outcomes but gives no indicators, and no amounts; the participation
  network's link to the Children's Trust Board is the project's reading, one way only, and the framework
  (section 7.1) says young people's involvement in decision making is already under way, so no link
  recorded back from the board is the documents' silence, not a finding of no feedback;
- Staffordshire's one recorded service, the short-breaks framework (April 2020 to March 2022), is a real
  contract worth £800,000, tendered, delivered by four voluntary-sector organisations;
- the synthetic generator plants its faults and lists them in its manifest (untendered contracts,
  outcomes with no indicator, services with no outcome).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from builders import edge, node

from graph_model import Partnership
from queries import run_query
from queries.commissioning_maturity import CRITERIA, MaturityResult, Stage, Verdict, rubric_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def criterion(result: MaturityResult, code: str) -> Any:
    return next(c for c in result.criteria if c.code == code)


def verdicts(result: MaturityResult) -> dict[str, Verdict]:
    return {c.code: c.verdict for c in result.criteria}


# -- York -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def york_answer(york: Partnership) -> MaturityResult:
    result = run_query("maturity", york)
    assert isinstance(result, MaturityResult)
    return result


def test_york_voice_forums_have_the_two_way_link_the_annex_draws(york_answer: MaturityResult) -> None:
    voice = criterion(york_answer, "voice-two-way")
    assert voice.verdict is Verdict.MET
    assert {r.id for r in voice.evidence} == {"youth-council", "show-me-i-matter-panel"}
    assert [r.id for r in voice.linked] == ["yorok-board"]


def test_york_outcomes_with_no_indicator_recorded_cannot_tell(york_answer: MaturityResult) -> None:
    # 6 of 11 outcomes have an indicator the documents name; York's file declares its records partial, so
    # the shortfall is among what the documents happen to record, not a finding that intelligent is out of reach.
    measured = criterion(york_answer, "outcomes-measured")
    assert measured.verdict is Verdict.CANNOT_TELL
    assert measured.figure == "6 of 11 outcomes (55%)"
    assert "records only the indicators the documents name" in measured.why
    missing = {r.id for r in measured.missing}
    assert "families-supported-in-community" in missing  # Catalyst: no results reported
    assert "no-homeless-16-17-year-olds" in {r.id for r in measured.evidence}  # Howe Hill: 45 a year, then none
    assert measured.evidence_count + measured.missing_count == len(york_answer_outcomes(york_answer))
    assert measured.evidence_count / (measured.evidence_count + measured.missing_count) < CRITERIA[
        "outcomes-measured"].threshold  # type: ignore[operator]


def york_answer_outcomes(result: MaturityResult) -> list[str]:
    c = criterion(result, "outcomes-measured")
    return [r.id for r in c.evidence + c.missing]


@pytest.mark.parametrize("code", ["commissioner-recorded", "services-mapped-to-outcomes", "individual-commissioning",
                                  "community-led"])
def test_york_shares_over_the_documents_examples_cannot_tell(york_answer: MaturityResult, code: str) -> None:
    c = criterion(york_answer, code)
    assert c.verdict is Verdict.CANNOT_TELL
    assert "documents' examples" in c.why


def test_york_money_and_contract_criteria_cannot_tell_without_amounts(york_answer: MaturityResult) -> None:
    # No amount is given for any York budget, flow or contract.
    for code in ("pooled-aligned-share", "contracts-controlled", "tenders-recorded"):
        assert criterion(york_answer, code).verdict is Verdict.CANNOT_TELL, code
    assert "no amount recorded for any" in criterion(york_answer, "pooled-aligned-share").figure


def test_york_decommissioning_cannot_tell_and_names_tamhs(york_answer: MaturityResult) -> None:
    decommissioning = criterion(york_answer, "decommissioning-evidence")
    assert decommissioning.verdict is Verdict.CANNOT_TELL
    assert any("TaMHS" in note for note in decommissioning.notes)


def test_york_provider_mix_is_met_by_private_and_statutory_providers(york_answer: MaturityResult) -> None:
    mix = criterion(york_answer, "provider-mix")
    assert mix.verdict is Verdict.MET
    assert {"pvi-childcare-providers", "york-schools"} <= {r.id for r in mix.evidence}


def test_york_stage_shown_is_weak_and_nothing_is_ruled_out(york_answer: MaturityResult) -> None:
    # Adequate cannot be told (examples, no amounts); the outcomes with no indicator recorded rule nothing out.
    assert (york_answer.stage, york_answer.ceiling) == (Stage.WEAK, Stage.INTELLIGENT)
    words = york_answer.summary()
    assert "not a finding that commissioning is weak" in words
    assert "Highest stage not ruled out: intelligent" in words
    assert "not met -" not in words


def test_york_aligned_fund_is_the_projects_reading_and_stated_only_drops_it(york: Partnership,
                                                                            york_answer: MaturityResult) -> None:
    joint = criterion(york_answer, "joint-budget-in-place")
    assert joint.verdict is Verdict.MET and [r.id for r in joint.evidence] == ["early-intervention-fund"]
    assert "Early Intervention Fund" in york_answer.rests_on.sentence and york_answer.rests_on.changes
    alone = run_query("maturity", york, stated_only=True)
    assert isinstance(alone, MaturityResult)
    assert criterion(alone, "joint-budget-in-place").verdict is Verdict.CANNOT_TELL
    assert alone.rests_on.stated_only


def test_york_about_names_the_evidence_for_views(york: Partnership, york_answer: MaturityResult) -> None:
    about = york_answer.about(york)
    assert {"youth-council", "yorok-board", "early-intervention-fund"} <= set(about.nodes)
    assert "youth-council--influences--yorok-board" in about.edges


# -- Staffordshire --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def staffs_answer(staffordshire: Partnership) -> MaturityResult:
    result = run_query("maturity", staffordshire)
    assert isinstance(result, MaturityResult)
    return result


def test_staffordshire_one_way_assumed_voice_link_cannot_tell(staffordshire: Partnership,
                                                              staffs_answer: MaturityResult) -> None:
    # The one link (network to board) is the project's reading, and the file records only what the documents
    # name: no link back is the documents' silence (section 7.1 says involvement is already under way).
    voice = criterion(staffs_answer, "voice-two-way")
    assert voice.verdict is Verdict.CANNOT_TELL
    assert [r.id for r in voice.missing] == ["staffs-participation-network"]
    assert voice.notes == ["1 forum linked to a board one way only"]
    assert "the project's reading" in voice.why and "documents' silence" in voice.why
    # The link is the project's reading: without it no voice forum is recorded at all.
    alone = run_query("maturity", staffordshire, stated_only=True)
    assert criterion(alone, "voice-two-way").verdict is Verdict.CANNOT_TELL


def test_staffordshire_outcomes_with_no_indicator_cannot_tell(staffs_answer: MaturityResult) -> None:
    measured = criterion(staffs_answer, "outcomes-measured")
    assert measured.verdict is Verdict.CANNOT_TELL and "No outcome has an indicator recorded" in measured.why


def test_staffordshire_one_tendered_contract_is_an_example_not_a_pass(staffs_answer: MaturityResult) -> None:
    tenders = criterion(staffs_answer, "tenders-recorded")
    assert tenders.verdict is Verdict.CANNOT_TELL
    assert [r.id for r in tenders.evidence] == ["short-breaks-framework"] and tenders.missing_count == 0
    mix = criterion(staffs_answer, "provider-mix")
    assert mix.verdict is Verdict.CANNOT_TELL and "voluntary and community 4" in mix.figure


def test_staffordshire_stage_and_ceiling(staffs_answer: MaturityResult) -> None:
    # Adequate cannot be told from one example; the one-way, assumed voice link rules nothing out.
    assert (staffs_answer.stage, staffs_answer.ceiling) == (Stage.WEAK, Stage.INTELLIGENT)
    assert "Highest stage not ruled out: intelligent" in staffs_answer.summary()
    assert not any(c.verdict is Verdict.NOT_MET for c in staffs_answer.criteria)


def test_staffordshire_as_of_before_the_contract_has_nothing_to_judge(staffordshire: Partnership) -> None:
    # The short-breaks framework runs from 1 April 2020: in 2015 no service or contract is in force.
    before = run_query("maturity", staffordshire, as_of=dt.date(2015, 1, 1))
    during = run_query("maturity", staffordshire, as_of=dt.date(2021, 1, 1))
    assert before.as_of == dt.date(2015, 1, 1)
    assert criterion(before, "contracts-controlled").figure == "no contracts recorded"
    assert criterion(during, "contracts-controlled").figure == "1 of 1 contract"


# -- synthetic s: money recorded, faults planted --------------------------------------------------


@pytest.fixture(scope="module")
def synthetic() -> tuple[Partnership, Any, MaturityResult]:
    from loaders.synthetic import build, generate

    data, manifest = generate("s", seed=0)
    p = build(data)
    result = run_query("maturity", p)
    assert isinstance(result, MaturityResult)
    return p, manifest, result


def test_synthetic_untendered_contracts_are_the_planted_ones(synthetic: tuple[Partnership, Any, MaturityResult]) -> None:
    p, manifest, result = synthetic
    tenders = criterion(result, "tenders-recorded")
    assert tenders.verdict is Verdict.NOT_MET
    assert {r.id for r in tenders.missing} == {p.edge(e).to for e in manifest.untendered_contracts}


def test_synthetic_outcomes_and_services_missing_are_the_planted_ones(
        synthetic: tuple[Partnership, Any, MaturityResult]) -> None:
    _, manifest, result = synthetic
    measured = criterion(result, "outcomes-measured")
    assert {r.id for r in measured.missing} == set(manifest.outcomes_without_indicator)
    assert measured.verdict is Verdict.MET  # 2 planted gaps among 24 outcomes leave more than three in four
    mapped = criterion(result, "services-mapped-to-outcomes")
    assert {r.id for r in mapped.missing} <= set(manifest.services_without_outcome)
    assert mapped.verdict is Verdict.MET and "99%" in mapped.figure  # never rounded up to 100%


def test_synthetic_money_share_says_what_is_known_and_cannot_tell(
        synthetic: tuple[Partnership, Any, MaturityResult]) -> None:
    p, _, result = synthetic
    share = criterion(result, "pooled-aligned-share")
    unvalued = sum(e.amount is None for e in p.as_of(result.as_of).edges("FUNDS"))  # type: ignore[arg-type, attr-defined]
    assert unvalued and f"{unvalued} payments with no amount" in share.figure
    assert share.verdict is Verdict.CANNOT_TELL and "anywhere from 0% to 100%" in share.why


def test_synthetic_is_weak_because_contracts_record_no_period(
        synthetic: tuple[Partnership, Any, MaturityResult]) -> None:
    _, _, result = synthetic
    assert criterion(result, "contracts-controlled").verdict is Verdict.NOT_MET
    assert (result.stage, result.ceiling) == (Stage.WEAK, Stage.WEAK)
    assert "adequate is ruled out by what is not met" in result.summary()
    assert result.rests_on.synthetic


# -- a small partnership where each verdict flips --------------------------------------------------


def exemplary(services: str = "complete", money: str = "complete", *, drop: tuple[str, ...] = (),
              nodes: list[dict[str, Any]] | None = None, edges: list[dict[str, Any]] | None = None) -> Partnership:
    """A small partnership that meets every criterion; ``drop`` leaves out edges by id, extra records are added."""
    info = {"id": "demo", "name": "Demo", "coverage": {"services": services, "money": money}}
    base_nodes = [
        node("la", "Partner", sector="local-authority"), node("vcs", "Partner", sector="voluntary-community"),
        node("board", "Board"), node("district", "Board", commissioning_scale="district"),
        node("youth", "SubGroup", kind="forum"),
        node("pool", "Budget", kind="pooled", amount=100), node("single", "Budget", kind="single-agency"),
        node("personal", "Budget", kind="personal"),
        node("s1", "Service", start_date="2020-04-01", end_date="2023-03-31"),
        node("s2", "Service", commissioning_level="individual", start_date="2020-04-01", end_date="2023-03-31"),
        node("o", "Outcome"), node("i", "Indicator"),
        node("d", "Decision", kind="decommission", rationale="Demand fell", evidence="Review 2019",
             risk_assessment="Users moved to s2"),
    ]
    base_edges = [
        edge("INFLUENCES", "youth", "board", id="voice-up"), edge("INFLUENCES", "board", "youth", id="voice-down"),
        edge("COMMISSIONS", "la", "s1", id="c1", lifetime_value=90_000, tendered=True),
        edge("COMMISSIONS", "district", "s2", id="c2", lifetime_value=20_000),
        edge("DELIVERS", "la", "s1"), edge("DELIVERS", "vcs", "s2", id="vcs-delivers"),
        edge("CONTRIBUTES_TO", "s1", "o", id="s1-o"), edge("CONTRIBUTES_TO", "s2", "o", id="s2-o"),
        edge("MEASURED_BY", "o", "i", id="o-i"),
        edge("FUNDS", "pool", "s1", id="f-pool", amount=60), edge("FUNDS", "single", "s2", id="f-single", amount=40),
        edge("DECIDED", "board", "d"), edge("AFFECTS", "d", "s1"),
    ]
    kept_edges = [e for e in base_edges if e.get("id") not in drop]
    return Partnership.from_records(info, nodes=base_nodes + (nodes or []), edges=kept_edges + (edges or []))


DAY = dt.date(2021, 1, 1)


def judged(p: Partnership) -> MaturityResult:
    result = run_query("maturity", p, as_of=DAY)
    assert isinstance(result, MaturityResult)
    return result


def test_an_exemplary_partnership_meets_every_criterion_and_reaches_intelligent() -> None:
    result = judged(exemplary())
    assert set(verdicts(result).values()) == {Verdict.MET}, verdicts(result)
    assert (result.stage, result.ceiling) == (Stage.INTELLIGENT, Stage.INTELLIGENT)


FLIPS: dict[str, list[tuple[str, dict[str, Any], Verdict]]] = {
    "voice-two-way": [
        ("one way only", {"drop": ("voice-down",)}, Verdict.NOT_MET),
        ("a forum with no link", {"drop": ("voice-up", "voice-down")}, Verdict.NOT_MET),
        ("one way, records partial", {"services": "examples", "drop": ("voice-down",)}, Verdict.CANNOT_TELL),
        ("one way, money partial", {"money": "partial", "drop": ("voice-down",)}, Verdict.CANNOT_TELL),
        ("one way, the link assumed", {"drop": ("voice-up", "voice-down"), "edges": [
            edge("INFLUENCES", "youth", "board", assumed=True)]}, Verdict.CANNOT_TELL),
    ],
    "services-mapped-to-outcomes": [
        ("one of two linked", {"drop": ("s2-o",)}, Verdict.NOT_MET),
        ("examples only", {"services": "examples"}, Verdict.CANNOT_TELL),
    ],
    "tenders-recorded": [
        ("over the threshold, untendered", {"drop": ("c1",), "edges": [
            edge("COMMISSIONS", "la", "s1", lifetime_value=90_000)]}, Verdict.NOT_MET),
        ("a failing example is enough", {"services": "examples", "drop": ("c1",), "edges": [
            edge("COMMISSIONS", "la", "s1", lifetime_value=90_000, tendered=False)]}, Verdict.NOT_MET),
        ("a passing example is not", {"services": "examples"}, Verdict.CANNOT_TELL),
        ("no value over the threshold", {"drop": ("c1",), "edges": [
            edge("COMMISSIONS", "la", "s1", lifetime_value=30_000)]}, Verdict.CANNOT_TELL),
        ("no tender recorded among examples", {"services": "examples", "drop": ("c1",), "edges": [
            edge("COMMISSIONS", "la", "s1", lifetime_value=90_000)]}, Verdict.CANNOT_TELL),
    ],
    "contracts-controlled": [
        ("no value, money complete", {"drop": ("c2",), "edges": [edge("COMMISSIONS", "district", "s2")]},
         Verdict.NOT_MET),
        ("no value, money partial", {"money": "partial", "drop": ("c2",),
                                     "edges": [edge("COMMISSIONS", "district", "s2")]}, Verdict.CANNOT_TELL),
        ("no period, services examples", {"services": "examples", "nodes": [node("s3", "Service")],
                                          "edges": [edge("COMMISSIONS", "la", "s3", lifetime_value=10_000)]},
         Verdict.CANNOT_TELL),
    ],
    "pooled-aligned-share": [
        ("40% pooled", {"drop": ("f-pool", "f-single"), "edges": [
            edge("FUNDS", "pool", "s1", amount=40), edge("FUNDS", "single", "s2", amount=60)]}, Verdict.NOT_MET),
        ("other money unknown", {"drop": ("f-single",), "edges": [edge("FUNDS", "single", "s2")]},
         Verdict.CANNOT_TELL),
        ("money partial", {"money": "partial"}, Verdict.CANNOT_TELL),
    ],
    "decommissioning-evidence": [
        ("no risk assessment", {"nodes": [node("d2", "Decision", kind="remodel", rationale="r", evidence="e")]},
         Verdict.NOT_MET),
        ("no risk assessment recorded, money partial", {"money": "partial", "nodes": [
            node("d2", "Decision", kind="remodel", rationale="r", evidence="e")]}, Verdict.CANNOT_TELL),
    ],
    "provider-mix": [
        ("one sector", {"drop": ("vcs-delivers",), "edges": [edge("DELIVERS", "la", "s2")]}, Verdict.NOT_MET),
        ("one sector among examples", {"services": "examples", "drop": ("vcs-delivers",),
                                       "edges": [edge("DELIVERS", "la", "s2")]}, Verdict.CANNOT_TELL),
    ],
    "outcomes-measured": [
        ("one of two measured", {"nodes": [node("o2", "Outcome")]}, Verdict.NOT_MET),
        ("one of two measured, records partial", {"services": "examples", "nodes": [node("o2", "Outcome")]},
         Verdict.CANNOT_TELL),
        ("none measured at all", {"drop": ("o-i",)}, Verdict.CANNOT_TELL),
    ],
}


@pytest.mark.parametrize(("code", "how", "changes", "expected"),
                         [(code, how, changes, expected) for code, cases in FLIPS.items()
                          for how, changes, expected in cases],
                         ids=[f"{code}: {how}" for code, cases in FLIPS.items() for how, _, _ in cases])
def test_each_verdict_flips_with_the_evidence(code: str, how: str, changes: dict[str, Any],
                                              expected: Verdict) -> None:
    assert criterion(judged(exemplary()), code).verdict is Verdict.MET
    assert criterion(judged(exemplary(**changes)), code).verdict is expected


def test_pooled_share_unknown_pooled_money_can_only_raise_a_share_already_met() -> None:
    # 60 of 100 known is pooled; a further pooled payment of unknown size can only push the share up.
    p = exemplary(edges=[edge("FUNDS", "pool", "s2", id="more-pool")])
    share = criterion(judged(p), "pooled-aligned-share")
    assert share.verdict is Verdict.MET and share.figure.startswith("£60 of £100 a year known (60%)")


def test_nothing_to_judge_is_cannot_tell_not_a_pass() -> None:
    no_decision = exemplary().subset(lambda n: n.id != "d", kind="test: no decision")
    assert criterion(judged(no_decision), "decommissioning-evidence").verdict is Verdict.CANNOT_TELL
    empty = judged(Partnership.from_records({"id": "e", "name": "E"}, nodes=[], edges=[]))
    assert set(verdicts(empty).values()) == {Verdict.CANNOT_TELL}
    assert (empty.stage, empty.ceiling) == (Stage.WEAK, Stage.INTELLIGENT)


def test_a_criterion_that_cannot_tell_stops_the_stage_shown_but_rules_nothing_out() -> None:
    # Contracts under control (adequate) made 'cannot tell': nothing above adequate is shown, nothing ruled out.
    unknown = judged(exemplary(money="partial", drop=("c2",), edges=[edge("COMMISSIONS", "district", "s2")]))
    assert criterion(unknown, "contracts-controlled").verdict is Verdict.CANNOT_TELL
    assert (unknown.stage, unknown.ceiling) == (Stage.WEAK, Stage.INTELLIGENT)
    # The same criterion 'not met': everything above weak is ruled out.
    failed = judged(exemplary(drop=("c2",), edges=[edge("COMMISSIONS", "district", "s2")]))
    assert (failed.stage, failed.ceiling) == (Stage.WEAK, Stage.WEAK)
    # An intelligent criterion not met leaves effective shown.
    unmeasured = judged(exemplary(nodes=[node("o2", "Outcome")]))
    assert (unmeasured.stage, unmeasured.ceiling) == (Stage.EFFECTIVE, Stage.EFFECTIVE)


# -- documentation and interfaces -----------------------------------------------------------------


def test_readme_rubric_table_equals_the_rubric() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- maturity-rubric:start -->\n(.*?)<!-- maturity-rubric:end -->", text, re.S)
    assert block, "README has no maturity-rubric block"
    assert block.group(1) == rubric_markdown(), "paste queries.commissioning_maturity.rubric_markdown() into README"


def test_every_stage_above_weak_has_criteria_and_every_criterion_a_source() -> None:
    assert {c.stage for c in CRITERIA.values()} == {Stage.ADEQUATE, Stage.EFFECTIVE, Stage.INTELLIGENT}
    assert all(c.source and c.measures for c in CRITERIA.values())
    assert all((c.threshold is not None) == (c.rule == "share") for c in CRITERIA.values())


def test_the_command_prints_the_answer_for_york() -> None:
    from test_cli import COMMAND

    done = subprocess.run([*COMMAND, "query", "maturity", "--dataset", "york"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Stage shown by the evidence: none beyond weak" in done.stdout
    assert "met - Voice forums heard both ways" in done.stdout
