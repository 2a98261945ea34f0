"""The board paper (visualisations.paper, ``bookcase report``): every section, its sources, no script and no
address to fetch, privacy, money that is unknown never charted as zero, and a scenario's comparison.

Facts checked: York's Integrated Commissioning Group is not a public forum (seed 002), and the project reads it
as commissioning the Early Intervention Fund projects (002: it may set up sub-groups to commission them), so the
public paper's answers differ from the command line's, which include it; York's documents give
no amounts of money (the bundled data records none); in the illustrative NFER county
(tests/fixtures/scenarios/nfer-county.yaml) the care budget pays £8,000,000 to specialist placements (tier 3)
and £2,000,000 to early help (tier 2), so prevention is 20.0% of tiered spend, and re-routing £2.3m
(nfer-reroute.yaml) makes it (2.0 + 2.3) / 10 = 43.0%.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cli import bookcase

from api.cli import cli
from graph_model import Partnership, UnknownQuery
from loaders import load
from queries.registry import get_query, run_query
from queries.scenarios import read_scenario
from visualisations.paper import board_paper

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
SECTIONS = ["bookcase", "findings", "gaps", "duplicates", "funding", "maturity"]


def _maturity_registered() -> bool:
    try:
        get_query("maturity")
    except UnknownQuery:
        return False
    return True


@pytest.fixture(scope="module")
def york_paper(york: Partnership) -> str:
    return board_paper(york.public()).html


@pytest.fixture(scope="module")
def nfer() -> Partnership:
    return load(SCENARIOS / "nfer-county.yaml")


def _section(html: str, sid: str) -> str:
    found = re.search(rf'<section id="{sid}"[^>]*>(.*?)</section>', html, re.S)
    assert found, f"no section {sid}"
    return found.group(1)


def test_every_section_in_order_with_its_source(york_paper: str) -> None:
    ids = re.findall(r'<section id="([a-z-]+)"', york_paper)
    assert ids == [*SECTIONS, "about"]
    for sid, query in (("findings", "health"), ("gaps", "gaps"), ("duplicates", "duplicates"), ("funding", "funding")):
        body = _section(york_paper, sid)
        assert f"named query <code>{query}</code> on york, as of 31 March 2016" in body, sid
        assert "Coverage of the public partnership: " in body, sid
    assert "bookcase view bookcase --dataset york" in _section(york_paper, "bookcase")


def test_self_contained_no_script_no_address(york_paper: str) -> None:
    assert "<script" not in york_paper.lower()
    assert not re.search(r'(src|href)="(?!#)', york_paper), "only links within the document"
    assert "default-src 'none'" in york_paper  # and a policy that would refuse anything else
    assert york_paper.count("<svg") >= 2  # the bookcase and the findings chart, inline


def test_public_by_default_private_when_asked(york: Partnership, york_paper: str) -> None:
    assert "Integrated Commissioning Group" not in york_paper and "node:icg" not in york_paper
    private = board_paper(york).html
    assert "Integrated Commissioning Group" in private
    assert "Contains bodies that are not public" in private


def test_every_section_says_it_is_worked_out_on_the_public_partnership(york: Partnership, york_paper: str) -> None:
    # Without the ICG (not public, 002) the paper finds one fewer finding and one fewer service with a commissioner
    # (the Early Intervention Fund projects) than bookcase query without --public-only; with it, the same.
    whole, public = run_query("health", york), run_query("health", york.public())
    assert len(public.findings) < len(whole.findings)  # type: ignore[attr-defined]
    for sid in SECTIONS:
        body = _section(york_paper, sid)
        assert "public partnership" in body, sid
        if sid != "bookcase":
            assert (f"as <code>bookcase query {'health' if sid == 'findings' else sid} --dataset york --as-of "
                    "2016-03-31 --public-only</code> gives it") in body, sid
            assert "without --public-only the command line includes them and can differ" in body, sid
    assert "--public-only</code>" in _section(york_paper, "bookcase")
    about = _section(york_paper, "about")
    assert "--as-of 2016-03-31 --public-only</code>" in about
    assert "can differ from this paper" in about


def test_the_paper_gives_what_bookcase_query_public_only_gives() -> None:
    """The command the paper cites answers as the paper does: York without the ICG (not public, 002) has 51
    governance findings where the whole partnership has 52."""
    from test_cli import bookcase

    public = bookcase("query", "health", "--dataset", "york", "--as-of", "2016-03-31", "--public-only")
    whole = bookcase("query", "health", "--dataset", "york", "--as-of", "2016-03-31")
    assert public.returncode == 0 and whole.returncode == 0
    assert "51 findings" in public.stdout and "52 findings" in whole.stdout
    assert "Integrated Commissioning Group" not in public.stdout


def test_a_private_paper_matches_the_command_line(york: Partnership) -> None:
    private = board_paper(york).html
    assert "Coverage of the whole partnership, bodies that are not public included: " in _section(private, "gaps")
    assert "The same answers, with every row, come from" in _section(private, "about")
    assert "without --public-only" not in private


def test_unknown_money_is_not_charted(york_paper: str) -> None:
    funding = _section(york_paper, "funding")
    assert 'id="figure-money"' not in funding and 'id="figure-tiers"' not in funding
    assert "unknown is not zero" in funding
    assert "Prevention and early-intervention share of annual spend: unknown" in funding


def test_findings_grouped_by_severity(york_paper: str) -> None:
    findings = _section(york_paper, "findings")
    positions = [findings.index(f'id="findings-{s}"') for s in ("error", "warning", "info")]
    assert positions == sorted(positions)
    assert 'id="figure-findings"' in findings
    # Rules with nothing to check are said to be not checked, not drawn as no findings.
    assert "not checked: nothing to check" in findings


def test_maturity_section_is_honest_about_what_this_version_has(york_paper: str) -> None:
    maturity = _section(york_paper, "maturity")
    if _maturity_registered():
        assert "named query <code>maturity</code>" in maturity
    else:
        assert "Not available" in maturity and "no named query <code>maturity</code>" in maturity


def test_money_charts_and_prevention_share(nfer: Partnership) -> None:
    funding = _section(board_paper(nfer).html, "funding")
    assert 'id="figure-money"' in funding and 'id="figure-tiers"' in funding
    assert "Prevention and early-intervention share of annual spend: 20.0%" in funding


def test_scenario_comparison(nfer: Partnership) -> None:
    file = str(SCENARIOS / "nfer-reroute.yaml")
    paper = board_paper(nfer, scenario=read_scenario(file), scenario_file=file)
    assert paper.sections[-1] == "scenario"
    scenario = _section(paper.html, "scenario")
    assert "20.0% before, 43.0% after" in scenario
    assert 'id="figure-scenario"' in scenario and "bookcase scenario compare" in scenario


def test_report_command_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "paper.html"
    done = CliRunner().invoke(cli, ["report", "york", "--scenario", str(SCENARIOS / "york-stop-first.yaml"),
                                    "--as-of", "2015-06-01", "-o", str(out)])
    assert done.exit_code == 0, done.output
    html = out.read_text(encoding="utf-8")
    assert "1 June 2015" in html and '<section id="scenario"' in html
    assert "Stop FIRST" in html  # the scenario's own name (york-stop-first.yaml)


def test_bad_scenario_writes_nothing(tmp_path: Path) -> None:
    """The command as a user runs it: a clear error naming the file, a non-zero exit, no stack trace, no paper."""
    out = tmp_path / "paper.html"
    missing = bookcase("report", "york", "--scenario", str(tmp_path / "missing.yaml"), "-o", str(out))
    assert missing.returncode != 0 and "missing.yaml" in missing.stderr
    assert not out.exists()
    bad = bookcase("report", "york", "--scenario", str(SCENARIOS / "york-bad.yaml"), "-o", str(out))
    assert bad.returncode != 0 and "york-bad.yaml" in bad.stderr
    assert not out.exists()
