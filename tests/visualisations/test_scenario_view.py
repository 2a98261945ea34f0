"""The scenario view: a partnership after a what-if scenario, what it adds, removes and changes marked.

The York example stops FIRST from 1 April 2015 (tests/fixtures/scenarios/york-stop-first.yaml). Seed 001
says FIRST is York's service for keeping disabled children out of out-of-area placements, that no
disabled child has been placed out of area since it began, and that it saved about £600,000; seed 002
puts the Integrated Commissioning Group (ICG) under the YorOK Board. The browser tests open the pages in
the session's headless Chromium (see conftest.py) and write screenshots to the artefacts folder.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graph_model import EdgeType, InvalidParameters, Partnership
from queries.scenarios import parse_scenario_text, read_scenario
from visualisations import render_page
from visualisations.views import View, scenario_view

SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
STOP_FIRST = SCENARIOS / "york-stop-first.yaml"
#: The outcome FIRST alone works towards, and the two results recorded for it (seed 001).
OUTCOME = "fewer-out-of-area-placements-disabled-children"
RESULTS = ("first-cost-savings", "disabled-children-out-of-area-since-first")

#: Merge the ICG into the YorOK Board, and commission a short-breaks service for FIRST's outcome.
MERGE_AND_COMMISSION = """scenario: {name: Merge and commission}
changes:
  - {change: merge, body: icg, into: yorok-board}
  - change: commission
    id: short-breaks-hub
    name: Short breaks hub
    tier: 3
    outcomes: [fewer-out-of-area-placements-disabled-children]
    commissioner: city-of-york-council
    from: 2015-04-01
"""


def _nodes(view: View) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in view.payload["nodes"]}


def _edges(view: View) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in view.payload["edges"]}


def _scenario_row(item: dict[str, Any]) -> str:
    return dict((name, value) for name, value in item["tip"])["scenario"]


@pytest.fixture(scope="module")
def stop_first(york: Partnership) -> View:
    return scenario_view(york, read_scenario(STOP_FIRST))


@pytest.fixture(scope="module")
def merged(york: Partnership) -> View:
    return scenario_view(york, parse_scenario_text(MERGE_AND_COMMISSION, file="merge.yaml"))


def test_stopping_first_marks_it_ended_from_the_day_and_names_the_change(stop_first: View) -> None:
    nodes = _nodes(stop_first)
    first = nodes["first"]
    assert first["chg"] == "changed" and first["cut"] == "2015-04-01"  # the file stops it from 1 April 2015
    assert "2015-04-01" in stop_first.payload["dates"]  # the time slider stops on that day
    said = _scenario_row(first)
    assert said.startswith("changed by scenario york-stop-first.yaml: change 1 (decommission)")
    assert "1 April 2015" in said
    assert first["src"] == "scenario york-stop-first.yaml: change 1"
    assert "Stop FIRST" in stop_first.title
    assert stop_first.payload["view"] == "scenario"
    # What is not touched carries no mark.
    assert all("chg" not in n for nid, n in nodes.items() if nid != "first")


def test_the_comparisons_consequences_are_marked_on_their_nodes(stop_first: View) -> None:
    nodes = _nodes(stop_first)
    assert nodes[OUTCOME]["aff"] == "left uncovered"  # FIRST is the only service working towards it
    for result in RESULTS:  # both recorded results rest on FIRST
        assert nodes[result]["aff"] == "result at risk"
    rows = dict((name, value) for name, value in nodes["first-cost-savings"]["tip"])
    assert "£600,000" in rows["the comparison, on 31 March 2016"]
    assert "ends, from a day, 1 node (FIRST)" in " ".join(stop_first.payload["notes"])
    assert "Cost savings from FIRST: £600,000" in " ".join(stop_first.payload["scenario"]["comparison"])


def test_the_view_is_for_the_comparisons_day(york: Partnership, stop_first: View) -> None:
    from queries.scenarios.compare import compare_scenario

    day = compare_scenario(york, read_scenario(STOP_FIRST)).as_of
    assert stop_first.day == day and stop_first.payload["day"] == day.isoformat()
    other = scenario_view(york, read_scenario(STOP_FIRST), as_of=dt.date(2014, 6, 1))
    assert other.day == dt.date(2014, 6, 1)


def test_a_merge_removes_the_body_and_draws_it_where_it_stood(york: Partnership, merged: View) -> None:
    nodes, edges = _nodes(merged), _edges(merged)
    icg = nodes["icg"]
    assert icg["chg"] == "removed"
    assert _scenario_row(icg) == "removed by scenario merge.yaml: change 1 (merge)"
    assert isinstance(icg["x"], float) and isinstance(icg["y"], float)
    # Every line the ICG had is drawn, marked removed; the board it merges into is marked changed.
    had = {e.id for e in (*york.in_edges("icg"), *york.out_edges("icg"))}
    assert had <= set(edges)
    assert all(edges[e]["chg"] == "removed" for e in had)
    assert nodes["yorok-board"]["chg"] == "changed"
    # The ICG's members pass to the board: new lines, marked added by change 1.
    members = {e.from_ for e in york.in_edges("icg", EdgeType.MEMBER_OF)}
    added = {e["from"] for e in edges.values() if e.get("chg") == "added" and e["type"] == "MEMBER_OF"}
    assert added and added <= members
    assert all(e["to"] == "yorok-board" for e in edges.values() if e.get("chg") == "added" and e["type"] == "MEMBER_OF")


def test_a_commissioned_service_is_added_with_its_lines(merged: View) -> None:
    nodes, edges = _nodes(merged), _edges(merged)
    hub = nodes["short-breaks-hub"]
    assert hub["chg"] == "added"
    assert _scenario_row(hub) == "added by scenario merge.yaml: change 2 (commission)"
    assert hub["s"] == "2015-04-01" or hub["act"][0] == "2015-04-01"
    ends = {(e["type"], e["from"], e["to"]) for e in edges.values() if e.get("chg") == "added"}
    assert ("CONTRIBUTES_TO", "short-breaks-hub", OUTCOME) in ends
    assert ("COMMISSIONS", "city-of-york-council", "short-breaks-hub") in ends
    # A new service for FIRST's outcome: the comparison says that outcome gains nothing it lacked (FIRST still runs).
    assert "added 1" not in " ".join(merged.payload["notes"])
    assert "adds 1 node (Short breaks hub)" in " ".join(merged.payload["notes"])


def test_no_two_nodes_share_a_place(merged: View) -> None:
    places = [(n["x"], n["y"]) for n in merged.payload["nodes"]]
    assert len(set(places)) == len(places)


def test_steps_and_whole_choose_what_is_drawn(york: Partnership) -> None:
    sc = read_scenario(STOP_FIRST)
    only = scenario_view(york, sc, steps=0)
    # Only what changes and what the comparison names: FIRST, its outcome, the two results, and the two groups
    # of children the comparison says lose full cover.
    assert {"first", OUTCOME, *RESULTS} <= set(only.node_ids)
    assert all(n.get("chg") or n.get("aff") for n in only.payload["nodes"])
    whole = scenario_view(york, parse_scenario_text(MERGE_AND_COMMISSION, file="merge.yaml"), steps=None)
    assert set(whole.node_ids) == {n.id for n in york.nodes()} | {"short-breaks-hub"}  # the ICG kept, removed
    with pytest.raises(InvalidParameters, match="more than the 3 drawn at once; give fewer steps"):
        scenario_view(york, sc, max_nodes=3)


def test_the_page_has_the_marks_legend_only_in_the_scenario_view(stop_first: View, york: Partnership) -> None:
    from visualisations import build_view

    page = render_page(stop_first)
    assert page.count('data-change="') == 5 and "What the scenario does" in page
    # The comparison holds for one day (York's default: the end of its period), which the date slider does not move.
    assert "What the comparison says, on 31 March 2016</h2><ul><li>Cover: 1 losing it" in page
    assert 'data-change="' not in render_page(build_view(york, "bookcase"))


# -- the command --------------------------------------------------------------------------------------------


def _bookcase(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True, text=True, check=False)


def test_the_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "first.html"
    done = _bookcase("scenario", "view", "york", str(STOP_FIRST), "-o", str(out), "--steps", "2")
    assert done.returncode == 0, done.stderr
    assert f"wrote {out} (scenario view, within 2 steps of the changes" in done.stdout
    page = out.read_text(encoding="utf-8")
    assert "Stop FIRST" in page and 'data-change="removed"' in page


def test_a_bad_scenario_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "bad.html"
    done = _bookcase("scenario", "view", "york", str(SCENARIOS / "york-bad.yaml"), "-o", str(out))
    assert done.returncode != 0
    assert "york-bad.yaml, line 6, field 'services': no node has id or name 'Howe Hil'" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


# -- in the browser -----------------------------------------------------------------------------------------


def _open(open_page: Any, view: View, folder: Path, name: str) -> Any:
    path = folder / f"{name}.html"
    path.write_text(render_page(view), encoding="utf-8")
    return open_page(view, path)


def test_the_york_example_in_the_browser(open_page: Any, stop_first: View, york: Partnership, artefacts: Path,
                                         tmp_path: Path) -> None:
    opened = _open(open_page, stop_first, tmp_path, "york-stop-first")
    opened.page.screenshot(path=str(artefacts / "york-scenario-stop-first.png"))
    assert opened.errors == [] and opened.requests == []
    assert opened.drawn() == set(stop_first.node_ids)  # everything drawn is in force on 31 March 2016
    first = opened.js("bookcaseView.nodes.get('first')")
    assert first["label"].endswith("(ended)")
    assert first["color"]["border"] == "#D55E00" and first["shapeProperties"]["borderDashes"]
    assert "changed by scenario york-stop-first.yaml: change 1 (decommission)" in first["title"]
    outcome = opened.js(f"bookcaseView.nodes.get('{OUTCOME}')")
    assert outcome["label"].endswith("(left uncovered)") and outcome["color"]["border"] == "#E69F00"
    title = opened.js("document.getElementById('title').textContent")
    assert "Stop FIRST" in title and title.endswith(f"as of {stop_first.payload['dayText']}")
    counts = opened.js("Object.fromEntries(Array.from(document.querySelectorAll('#legend input[data-change]'))"
                       ".map(b => [b.dataset.change, b.parentNode.querySelector('.count').textContent]))")
    assert counts["removed"] == "1" and counts["added"] == "0"  # FIRST, ended; nothing added
    assert counts["affected"] == "5"  # the outcome, two results, two groups of children losing full cover
    # Before 1 April 2015 FIRST still runs: marked changed, and nothing moves.
    where = opened.js("bookcaseView.network.getPositions()")
    opened.js("d => bookcaseView.setDay(d)", "2015-01-01")
    first = opened.js("bookcaseView.nodes.get('first')")
    assert first["label"].endswith("(changed)") and first["color"]["border"] == "#000000"
    assert opened.js("bookcaseView.network.getPositions()") == where
    # Nor is the outcome uncovered yet: the comparison's marks hold from the day the change takes effect.
    outcome = opened.js(f"bookcaseView.nodes.get('{OUTCOME}')")
    assert "(left uncovered)" not in outcome["label"] and outcome["color"]["border"] != "#E69F00"
    opened.page.screenshot(path=str(artefacts / "york-scenario-stop-first-2015-01.png"))


def test_the_marks_filter_what_is_drawn(open_page: Any, stop_first: View, tmp_path: Path) -> None:
    opened = _open(open_page, stop_first, tmp_path, "york-stop-first-filter")
    opened.page.uncheck('#legend input[data-change="same"]')
    drawn = opened.drawn()
    marked = {n["id"] for n in stop_first.payload["nodes"] if n.get("chg") or n.get("aff")}
    assert drawn == marked
    opened.page.uncheck('#legend input[data-change="removed"]')
    assert opened.drawn() == marked - {"first"}


def test_a_merge_and_a_commission_in_the_browser(open_page: Any, merged: View, artefacts: Path,
                                                 tmp_path: Path) -> None:
    opened = _open(open_page, merged, tmp_path, "york-merge")
    opened.page.screenshot(path=str(artefacts / "york-scenario-merge.png"))
    assert opened.errors == [] and opened.requests == []
    drawn = opened.drawn()
    assert {"icg", "short-breaks-hub", "yorok-board"} <= drawn
    icg = opened.js("bookcaseView.nodes.get('icg')")
    assert icg["label"].split("\n")[-1] == "(removed)" and icg["shapeProperties"]["borderDashes"]
    hub = opened.js("bookcaseView.nodes.get('short-breaks-hub')")
    assert hub["label"].endswith("(added)") and hub["color"]["border"] == "#009E73"
    board = opened.js("bookcaseView.nodes.get('yorok-board')")
    assert "(changed)" in board["label"].split("\n") and board["color"]["border"] == "#000000"
    lines = {e["id"]: e for e in opened.js("bookcaseView.edges.get()")}
    for eid, e in _edges(merged).items():
        if e.get("chg") == "added":
            assert lines[eid]["color"]["color"] == "#009E73" and lines[eid]["label"] == "added"
        elif e.get("chg") == "removed":
            assert lines[eid]["color"]["color"] == "#D55E00" and lines[eid]["dashes"]


def test_money_moved_shows_before_and_after_on_the_line(county_view: View) -> None:
    """The NFER county pays £8m to specialist placements and £2m to early help; £2.3m moves (the fixture files)."""
    edges = _edges(county_view)
    placements = edges["care-budget--funds--placements"]
    early = edges["care-budget--funds--early-help"]
    assert placements["chg"] == early["chg"] == "changed"
    assert placements["chgLabel"] == "£8m → £5.7m" and early["chgLabel"] == "£2m → £4.3m"
    rows = dict((name, value) for name, value in placements["tip"])
    assert rows["before the scenario"] == "amount: 8,000,000"
    assert rows["amount"] == "5,700,000"


@pytest.fixture(scope="module")
def county_view() -> View:
    from loaders import load

    return scenario_view(load(SCENARIOS / "nfer-county.yaml"), read_scenario(SCENARIOS / "nfer-reroute.yaml"),
                         steps=None)


def test_money_moved_in_the_browser(open_page: Any, county_view: View, artefacts: Path, tmp_path: Path) -> None:
    opened = _open(open_page, county_view, tmp_path, "nfer-reroute")
    opened.page.screenshot(path=str(artefacts / "nfer-scenario-reroute.png"))
    assert opened.errors == [] and opened.requests == []
    line = opened.js("bookcaseView.edges.get('care-budget--funds--placements')")
    assert line["label"] == "£8m → £5.7m" and line["color"]["color"] == "#000000"


def test_axe_finds_no_serious_or_critical_violation_in_the_scenario_view(open_page: Any, stop_first: View, axe: str,
                                                                         tmp_path: Path) -> None:
    opened = _open(open_page, stop_first, tmp_path, "york-stop-first-axe")
    opened.page.click("#table-toggle")  # the table, with each node's mark, too
    opened.page.add_script_tag(content=axe)
    result = opened.js("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, first: v.nodes[0] && v.nodes[0].html.slice(0, 120)}));
    }""")
    assert [v for v in result if v["impact"] in ("serious", "critical")] == []
    rows = opened.js("Array.from(document.querySelectorAll('#table-view td:first-child')).map(td => td.textContent)")
    assert "FIRST (ended)" in rows and any(r.endswith("(left uncovered)") for r in rows)


def test_a_saved_scenario_view_keeps_its_marks_filter_and_day(open_page: Any, stop_first: View,
                                                              tmp_path: Path) -> None:
    opened = _open(open_page, stop_first, tmp_path, "york-stop-first-save")
    opened.page.uncheck('#legend input[data-change="same"]')
    opened.js("d => bookcaseView.setDay(d)", "2015-01-01")
    drawn = opened.drawn()
    saved = tmp_path / "saved.html"
    saved.write_text(opened.js("bookcaseView.savedPage()"), encoding="utf-8")
    again = open_page(stop_first, saved)
    assert again.errors == [] and again.requests == []
    assert again.drawn() == drawn
    assert again.js("document.querySelector('#legend input[data-change=\"same\"]').checked") is False
    assert again.js("bookcaseView.nodes.get('first')")["label"].endswith("(changed)")  # 1 January 2015
