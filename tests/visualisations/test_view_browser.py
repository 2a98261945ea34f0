"""Every view on York and Staffordshire, opened in a real headless Chromium.

Checked for each: no console error; no request leaves the page; the nodes drawn are the view's
nodes in force on the day (by :meth:`Partnership.as_of`, not by the page's own reckoning); search
finds a body; a filter hides what it should; the legend lists exactly the types present; the time
slider changes what is drawn. Screenshots go to the folder printed at the end of the run.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from graph_model import BODY_TYPES, Partnership

VIEW_CASES = [
    ("york", "bookcase", {}), ("york", "funding", {}), ("york", "outcomes", {}), ("york", "network", {}),
    ("york", "focus", {"focus": "icg"}),
    ("staffordshire", "bookcase", {}), ("staffordshire", "funding", {}), ("staffordshire", "outcomes", {}),
    ("staffordshire", "network", {}), ("staffordshire", "focus", {"focus": "staffs-childrens-trust-board"}),
]
IDS = [f"{d}-{v}" for d, v, _ in VIEW_CASES]


def expected_drawn(p: Partnership, payload: dict[str, Any], day: dt.date) -> set[str]:
    """The view's nodes that the partnership holds in force on ``day``, less those of a group switched off."""
    in_force = {n.id for n in p.as_of(day).nodes()}
    off = {g for g, spec in payload["groups"].items() if not spec["on"]}
    return {n["id"] for n in payload["nodes"] if n["id"] in in_force and n.get("group") not in off}


@pytest.mark.parametrize(("dataset", "name", "options"), VIEW_CASES, ids=IDS)
def test_the_page_draws_the_views_nodes_in_force_and_asks_for_nothing(
        dataset: str, name: str, options: dict[str, Any], open_view: Any, artefacts: Path,
        request: pytest.FixtureRequest) -> None:
    p: Partnership = request.getfixturevalue(dataset)
    opened = open_view(p, name, **options)
    opened.page.screenshot(path=str(artefacts / f"{dataset}-{name}.png"))
    payload = opened.view.payload
    assert opened.errors == []
    assert opened.requests == []
    drawn = opened.drawn()
    assert drawn == expected_drawn(p, payload, opened.view.day)
    # Every line drawn joins two drawn nodes and is in force.
    in_force_edges = {e.id for e in p.as_of(opened.view.day).edges()}
    assert opened.drawn_edges() <= in_force_edges
    assert opened.js("document.getElementById('title-text').textContent") == opened.view.title
    assert opened.js("document.getElementById('title').textContent").endswith(
        f"as of {opened.view.payload['dayText']}")
    # Each node's tooltip holds its properties, its dates and its source.
    first = sorted(drawn)[0]
    tip = opened.js("id => bookcaseView.nodes.get(id).title", first)
    record = p.node(first)
    assert tip.startswith(f"{record.name} ({record.type.value})")
    assert f"source: {record.source or 'not recorded'}" in tip and "dates: " in tip


@pytest.mark.parametrize(("dataset", "name", "options"), VIEW_CASES, ids=IDS)
def test_the_legend_lists_exactly_the_types_present(dataset: str, name: str, options: dict[str, Any],
                                                    open_view: Any, request: pytest.FixtureRequest) -> None:
    p: Partnership = request.getfixturevalue(dataset)
    opened = open_view(p, name, **options)
    listed = opened.js("Array.from(document.querySelectorAll('#legend input[data-type]'))"
                       ".map(b => b.dataset.kind + ':' + b.dataset.type)")
    held = ({f"node:{p.node(n).type.value}" for n in opened.view.node_ids}
            | {f"edge:{p.edge(e).type.value}" for e in opened.view.edge_ids})
    assert sorted(listed) == sorted(held)
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize(("dataset", "name", "options"), VIEW_CASES, ids=IDS)
def test_search_finds_a_body(dataset: str, name: str, options: dict[str, Any], open_view: Any,
                             request: pytest.FixtureRequest) -> None:
    p: Partnership = request.getfixturevalue(dataset)
    opened = open_view(p, name, **options)
    drawn = opened.drawn()
    bodies = [n for n in drawn if p.node(n).type in BODY_TYPES]
    target = p.node(sorted(bodies or drawn)[0])
    words = target.name.split()
    query = " ".join(words[1:3]) if len(words) > 2 else target.name  # part of the name, in the middle
    opened.page.fill("#search", query.lower())
    opened.page.press("#search", "Enter")
    selected = set(opened.js("bookcaseView.network.getSelectedNodes()"))
    assert target.id in selected
    assert all(query.lower() in p.node(n).name.lower() for n in selected)
    assert "found" in opened.js("document.getElementById('search-status').textContent")


@pytest.mark.parametrize(("dataset", "name", "options"), VIEW_CASES, ids=IDS)
def test_a_type_filter_hides_that_type_and_its_lines_and_nothing_else(
        dataset: str, name: str, options: dict[str, Any], open_view: Any, request: pytest.FixtureRequest) -> None:
    p: Partnership = request.getfixturevalue(dataset)
    opened = open_view(p, name, **options)
    before = opened.drawn()
    commonest, _ = Counter(p.node(n).type.value for n in before).most_common(1)[0]
    opened.page.uncheck(f'#legend input[data-kind="node"][data-type="{commonest}"]')
    after = opened.drawn()
    assert after == {n for n in before if p.node(n).type.value != commonest}
    assert all(p.edge(e).from_ in after and p.edge(e).to in after for e in opened.drawn_edges())
    # And a kind of line: its lines go, the nodes stay.
    opened.page.check(f'#legend input[data-kind="node"][data-type="{commonest}"]')
    lines = opened.drawn_edges()
    if lines:
        kind = Counter(p.edge(e).type.value for e in lines).most_common(1)[0][0]
        opened.page.uncheck(f'#legend input[data-kind="edge"][data-type="{kind}"]')
        assert opened.drawn_edges() == {e for e in lines if p.edge(e).type.value != kind}
        assert opened.drawn() == before


@pytest.mark.parametrize(("dataset", "name", "options"), VIEW_CASES, ids=IDS)
def test_the_time_slider_draws_what_stood_on_each_day(dataset: str, name: str, options: dict[str, Any],
                                                      open_view: Any, request: pytest.FixtureRequest) -> None:
    p: Partnership = request.getfixturevalue(dataset)
    opened = open_view(p, name, **options)
    payload = opened.view.payload
    dates: list[str] = payload["dates"]
    assert payload["day"] in dates
    seen: set[frozenset[str]] = set()
    for iso in dates:
        opened.js("d => bookcaseView.setDay(d)", iso)
        drawn = opened.drawn()
        assert drawn == expected_drawn(p, payload, dt.date.fromisoformat(iso)), iso
        assert opened.js("document.getElementById('slider-day').textContent").endswith(iso[:4])
        assert opened.js("document.getElementById('title-day').textContent").endswith(iso[:4])
        seen.add(frozenset(drawn))
    # The data of every view but Staffordshire's bookcase and network changes over its dates.
    if (dataset, name) not in {("staffordshire", "bookcase"), ("staffordshire", "network")}:
        assert len(seen) > 1


def test_moving_york_bookcase_back_to_2010_hides_the_bodies_set_up_later(open_view: Any, york: Partnership,
                                                                         artefacts: Path) -> None:
    opened = open_view(york, "bookcase")
    assert "icg" in opened.drawn()
    opened.js("d => bookcaseView.setDay(d)", "2010-01-01")
    drawn = opened.drawn()
    assert "icg" not in drawn  # the Integrated Commissioning Group is recorded from April 2013
    assert "yorok-board" in drawn  # the YorOK Board is recorded from 2003
    opened.page.screenshot(path=str(artefacts / "york-bookcase-2010.png"))


def test_a_highlighted_reporting_line_stands_out_and_the_rest_fades(open_view: Any, york: Partnership,
                                                                     artefacts: Path) -> None:
    from visualisations import query_highlight

    mark = query_highlight(york, "reporting-line:node=icg")
    opened = open_view(york, "bookcase", highlight=mark)
    opened.page.screenshot(path=str(artefacts / "york-bookcase-highlight.png"))
    assert opened.errors == [] and opened.requests == []
    styled = {n["id"]: n for n in opened.js("bookcaseView.nodes.get()")}
    marked = set(mark.nodes) & set(styled)
    assert {"icg", "yorok-board"} <= marked
    assert all(styled[n]["borderWidth"] >= 5 for n in marked)
    assert all(styled[n].get("opacity") == 0.3 for n in set(styled) - marked)
    assert "highlighted: reporting-line (node=icg)" in opened.js("document.getElementById('showing').textContent")


def _set_up(opened: Any) -> None:
    """Move the page away from how it opens: a day in 2014, partners filtered out, members shown."""
    opened.js("d => bookcaseView.setDay(d)", "2014-01-01")
    opened.page.uncheck('#legend input[data-kind="node"][data-type="Partner"]')
    opened.page.check("#group-members")


def test_a_saved_view_reopens_with_the_same_day_filters_and_highlight(open_view: Any, york: Partnership,
                                                                       tmp_path: Path, artefacts: Path) -> None:
    from visualisations import query_highlight

    mark = query_highlight(york, "reporting-line:node=icg")
    opened = open_view(york, "bookcase", highlight=mark)
    _set_up(opened)
    state = opened.js("bookcaseView.currentState(false)")
    drawn = opened.drawn()
    assert state["day"] == "2014-01-01" and state["hidden_node_types"] == ["Partner"]
    assert state["groups"] == {"members": True}
    with opened.page.expect_download() as download:
        opened.page.click("#save")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "york-bookcase-2014-01-01.html"
    again = open_view(york, "bookcase", highlight=mark, path=saved)
    again.page.screenshot(path=str(artefacts / "york-bookcase-saved.png"))
    assert again.errors == [] and again.requests == []
    assert again.js("bookcaseView.currentState(false)") == state
    assert again.drawn() == drawn
    assert again.js("document.querySelector('#legend input[data-type=\"Partner\"]').checked") is False
    styled = {n["id"]: n for n in again.js("bookcaseView.nodes.get()")}
    assert styled["icg"]["borderWidth"] >= 5 and styled["emap"]["borderWidth"] >= 5


def test_the_url_fragment_keeps_the_state_while_the_page_is_open(open_view: Any, york: Partnership) -> None:
    opened = open_view(york, "bookcase")
    _set_up(opened)
    url = opened.page.url
    assert "#view=" in url
    again = open_view(york, "bookcase", fragment="#" + url.split("#", 1)[1])
    assert again.js("bookcaseView.currentState(false)") == opened.js("bookcaseView.currentState(false)")
    assert again.drawn() == opened.drawn()


def test_the_command_rebuilds_a_view_from_a_spec_and_takes_its_picture(browser: Any, tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text('{"view": "bookcase", "dataset": "york", "highlight": "reporting-line:node=icg",'
                    ' "state": {"day": "2014-01-01", "hidden_node_types": ["Partner"]}}', encoding="utf-8")
    html, png, pdf = tmp_path / "view.html", tmp_path / "view.png", tmp_path / "view.pdf"
    # Its own process: the command drives a browser of its own, which cannot start inside this session's.
    done = subprocess.run([sys.executable, "-m", "api.cli", "view", "--spec", str(spec), "-o", str(html),
                           "--png", str(png), "--pdf", str(pdf)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
    page = browser.new_page()
    try:
        page.goto(html.as_uri())
        page.wait_for_function("window.bookcaseView && window.bookcaseView.firstDrawn()")
        state = page.evaluate("bookcaseView.currentState(false)")
        assert state["day"] == "2014-01-01" and state["hidden_node_types"] == ["Partner"]
        assert page.evaluate("bookcaseView.data.highlight.label") == "reporting-line (node=icg)"
    finally:
        page.close()


@pytest.mark.parametrize(("dataset", "name", "options"), [VIEW_CASES[0], VIEW_CASES[2], VIEW_CASES[8]],
                         ids=[IDS[0], IDS[2], IDS[8]])
def test_axe_finds_no_serious_or_critical_accessibility_violation(dataset: str, name: str, options: dict[str, Any],
                                                                  open_view: Any, axe: str,
                                                                  request: pytest.FixtureRequest) -> None:
    p: Partnership = request.getfixturevalue(dataset)
    opened = open_view(p, name, **options)
    opened.page.click("#table-toggle")  # the table view too
    opened.page.add_script_tag(content=axe)
    result = opened.js("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                       first: v.nodes[0] && v.nodes[0].html.slice(0, 120)}));
    }""")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert opened.requests == []


def test_the_controls_work_from_the_keyboard(open_view: Any, york: Partnership) -> None:
    opened = open_view(york, "bookcase")
    page = opened.page
    page.focus("#slider")
    before = opened.js("bookcaseView.state.day")
    page.keyboard.press("Home")  # the first stop of the slider
    assert opened.js("bookcaseView.state.day") == opened.view.payload["dates"][0] != before
    assert "icg" not in opened.drawn()
    page.keyboard.press("End")
    assert "icg" in opened.drawn()
    page.focus("#search")
    page.keyboard.type("integrated commissioning group")
    page.keyboard.press("Enter")
    assert opened.js("bookcaseView.network.getSelectedNodes()") == ["icg"]
    page.focus('#legend input[data-type="SubGroup"]')
    page.keyboard.press("Space")
    assert not any(york.node(n).type.value == "SubGroup" for n in opened.drawn())
    page.focus("#table-toggle")
    page.keyboard.press("Enter")
    rows = opened.js("Array.from(document.querySelectorAll('#table-view tbody tr')).map(r => r.cells[0].textContent)")
    assert len(rows) == len(opened.drawn()) and rows


def test_a_view_drawn_by_place_opens_clean(open_view: Any, york: Partnership, artefacts: Path) -> None:
    opened = open_view(york, "network", max_nodes=20)
    opened.page.screenshot(path=str(artefacts / "york-network-by-place.png"))
    assert opened.errors == [] and opened.requests == []
    assert "by place" in opened.view.title
    assert opened.drawn() == expected_drawn(york, opened.view.payload, opened.view.day) == {"york"}


def _tied(p: Partnership, kind: str, via: tuple[str, ...]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Each node's own places (or cohorts), and each place's places above it, from the partnership."""
    own: dict[str, set[str]] = {n.id: {n.id} for n in p.nodes(kind)}
    for e in p.edges(*via):
        own.setdefault(e.from_, set()).add(e.to)
    above: dict[str, set[str]] = {}
    for n in p.nodes(kind):
        seen: set[str] = set()
        todo = [e.to for e in p.out_edges(n.id, "PART_OF")]
        while todo:
            nxt = todo.pop()
            if nxt not in seen and p.node(nxt).type.value == kind:
                seen.add(nxt)
                todo += [e.to for e in p.out_edges(nxt, "PART_OF")]
        above[n.id] = seen
    return own, above


@pytest.mark.parametrize(("dataset", "name", "select", "kind", "via"), [
    ("york", "outcomes", "#cohort", "Cohort", ("TARGETS",)),
    ("staffordshire", "bookcase", "#locality", "Locality", ("SERVES", "COVERS")),
], ids=["york-outcomes-cohort", "staffordshire-bookcase-locality"])
def test_the_place_and_cohort_filters_keep_what_is_tied_to_the_choice(
        dataset: str, name: str, select: str, kind: str, via: tuple[str, ...], open_view: Any,
        request: pytest.FixtureRequest) -> None:
    p: Partnership = request.getfixturevalue(dataset)
    opened = open_view(p, name)
    before = opened.drawn()
    options = opened.js(f"Array.from(document.querySelectorAll('{select} option')).map(o => o.value).filter(v => v)")
    assert options
    own, above = _tied(p, kind, via)
    changed = False
    for choice in options[:6]:
        opened.page.select_option(select, choice)
        kept = {n for n in before if not own.get(n) or any(
            t == choice or choice in above.get(t, set()) or t in above.get(choice, set()) for t in own[n])}
        assert opened.drawn() == kept, choice
        changed |= kept != before
    assert changed  # some choice hid something
    opened.page.select_option(select, "")
    assert opened.drawn() == before
