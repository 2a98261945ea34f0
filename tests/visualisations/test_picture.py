"""The static picture of a view (visualisations.picture): an SVG that parses, one mark per node the reader
sees on the view's day, a legend of exactly the kinds shown, the page's markings, and ``bookcase view --svg``.

The facts checked come from the bundled York data (seeds 000-002): the Integrated Commissioning Group
is not a public forum (seed 002) and is accountable to the YorOK Board; the view's day, when none is given,
is the end of the period the documents describe (March 2016).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from api.cli import cli
from graph_model import EdgeType, Partnership
from visualisations import build_view
from visualisations.picture import NOT_PUBLIC_BORDER, picture, visible

SVG = "{http://www.w3.org/2000/svg}"


def _ids(svg: bytes, prefix: str) -> list[str]:
    root = ET.fromstring(svg)
    return [el.get("id", "")[len(prefix):] for el in root.iter() if el.get("id", "").startswith(prefix)]


def _in_force(item: dict[str, Any], day: str) -> bool:
    return (item["s"] is None or item["s"] <= day) and (item["e"] is None or day <= item["e"])


@pytest.fixture(scope="module")
def york_bookcase(york: Partnership) -> Any:
    return build_view(york, "bookcase")


def test_svg_has_a_mark_for_every_node_in_force_and_no_other(york_bookcase: Any, artefacts: Path) -> None:
    svg = picture(york_bookcase, "svg")
    (artefacts / "picture-york-bookcase.svg").write_bytes(svg)
    day = york_bookcase.payload["day"]
    # What the page first shows: in force on the day, switchable members off.
    expected = {n["id"] for n in york_bookcase.payload["nodes"] if _in_force(n, day) and not n.get("group")}
    marks = _ids(svg, "node:")
    assert len(marks) == len(set(marks)), "one mark per node"
    assert set(marks) == expected
    assert "icg" in marks and "yorok-board" in marks


def test_legend_lists_exactly_the_kinds_shown(york_bookcase: Any) -> None:
    svg = picture(york_bookcase, "svg")
    drawn = visible(york_bookcase)
    legend = _ids(svg, "legend:")
    assert sorted(e for e in legend if e.startswith("node:")) == sorted(f"node:{t.value}" for t in drawn.node_types)
    assert sorted(e for e in legend if e.startswith("edge:")) == sorted(f"edge:{t.value}" for t in drawn.edge_types)
    # The members are off: no post (a Post sits on a body only through membership) in the legend.
    assert "node:Post" not in legend


def test_title_names_the_day_and_the_icg_is_marked_not_public(york_bookcase: Any) -> None:
    svg = picture(york_bookcase, "svg")
    text = svg.decode()
    assert "As of 31 March 2016" in text  # the end of the period the York documents describe
    root = ET.fromstring(svg)
    icg = next(el for el in root.iter() if el.get("id") == "node:icg")
    style = " ".join(p.get("style", "") for p in icg.iter(f"{SVG}path"))
    assert NOT_PUBLIC_BORDER.lower() in style.lower() and "stroke-dasharray" in style
    assert "(not public)" in text
    # Seed 002: the ICG is accountable to the YorOK Board; that line is drawn.
    line = next(e for e in york_bookcase.payload["edges"] if e["type"] == EdgeType.ACCOUNTABLE_TO
                and e["from"] == "icg" and e["to"] == "yorok-board")
    assert line["id"] in _ids(svg, "edge:")


def test_public_picture_has_no_trace_of_the_icg(york: Partnership) -> None:
    text = picture(build_view(york.public(), "bookcase"), "svg").decode()
    assert "Integrated Commissioning Group" not in text and "node:icg" not in text and "not public" not in text


def test_a_body_not_yet_in_force_is_not_drawn(york: Partnership) -> None:
    start, _ = york.span(york.node("icg"))
    assert start is not None
    before = build_view(york, "bookcase", as_of=start.replace(year=start.year - 1))
    marks = set(_ids(picture(before, "svg"), "node:"))
    assert "icg" not in marks and marks, "the ICG's record starts later; something else stood then"


def test_members_switch_draws_the_partners_posts_and_units(york_bookcase: Any) -> None:
    off = set(_ids(picture(york_bookcase, "svg"), "node:"))
    on = set(_ids(picture(york_bookcase, "svg", {"members": True}), "node:"))
    day = york_bookcase.payload["day"]
    members = {n["id"] for n in york_bookcase.payload["nodes"] if n.get("group") == "members" and _in_force(n, day)}
    assert members and on == off | members


def test_png_and_pdf(york_bookcase: Any) -> None:
    assert picture(york_bookcase, "png", dpi=40).startswith(b"\x89PNG\r\n\x1a\n")
    assert picture(york_bookcase, "pdf").startswith(b"%PDF")


def test_unknown_money_is_drawn_as_not_recorded(york: Partnership) -> None:
    """York's documents give no amounts: every money line is labelled as not recorded, never drawn as nothing."""
    view = build_view(york, "funding")
    drawn = visible(view)
    money = [e for e in drawn.edges if e["type"] in ("CONTRIBUTES", "FUNDS", "COMMISSIONS")]
    text = picture(view, "svg").decode()
    assert money and set(_ids(text.encode(), "edge:")) >= {e["id"] for e in money}
    in_labels = sum(n["label"].count("£ not recorded") for n in drawn.nodes)  # a budget says so in its own label
    assert text.count("£ not recorded") == len(money) + in_labels


def test_view_command_writes_svg(tmp_path: Path) -> None:
    out, svg = tmp_path / "york.html", tmp_path / "york.svg"
    done = CliRunner().invoke(cli, ["view", "bookcase", "--dataset", "york", "--public-only", "-o", str(out),
                                    "--svg", str(svg)])
    assert done.exit_code == 0, done.output
    assert f"wrote {svg}" in done.output
    root = ET.parse(svg).getroot()
    assert root.tag == f"{SVG}svg"
    assert "Integrated Commissioning Group" not in svg.read_text(encoding="utf-8")
