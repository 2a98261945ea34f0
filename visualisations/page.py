"""A view as one self-contained HTML page: every script, style and datum inline, so it works opened from disk.

The page is the project's own template (``assets/page.html``), not pyvis's (which links
Bootstrap and vis-network from a CDN). vis-network itself comes from inside pyvis's wheel
(``pyvis/lib/vis-9.1.2/``), read at run time and written into the page; the page's own
script (``assets/view.js``) draws the view's data with it.

Examples
--------
>>> from loaders import load_bundled
>>> from visualisations.views import build_view
>>> page = render_page(build_view(load_bundled("york"), "bookcase"))
>>> page.startswith("<!DOCTYPE html>"), "http://" in page.split("<script")[0]
(True, False)
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from graph_model.schema import EdgeType, NodeType

from .spec import PageState
from .styles import SCENARIO_MARKS, EdgeStyle, NodeStyle, legend_entries
from .views import View, paused_gc

__all__ = ["VIS_NETWORK_VERSION", "legend_html", "render_page", "scenario_legend_html", "vis_network_files"]

#: The vis-network build inside pyvis's wheel that pages inline.
VIS_NETWORK_VERSION = "9.1.2"

_MARKER = re.compile(r"\{\{([A-Z_]+)\}\}")


@cache
def vis_network_files() -> tuple[str, str]:
    """vis-network's script and stylesheet, read from inside pyvis's wheel (its source-map line taken out:
    the page must ask for nothing, not even from a browser's developer tools)."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_NETWORK_VERSION}"
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    script = re.sub(r"//# sourceMappingURL=\S+", "", script)
    style = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", style)
    return script, style


@cache
def _asset(name: str) -> str:
    return files("visualisations").joinpath("assets", name).read_text(encoding="utf-8")


def _swatch_node(style: NodeStyle) -> str:
    fill, stroke = style.colour, "#000000"
    shapes = {
        "box": '<rect x="2" y="5" width="24" height="14" rx="3"/>',
        "ellipse": '<ellipse cx="14" cy="12" rx="12" ry="7"/>',
        "database": '<path d="M4 7 v10 a10 3 0 0 0 20 0 v-10 a10 3 0 0 0 -20 0 a10 3 0 0 0 20 0"/>',
        "diamond": '<polygon points="14,2 24,12 14,22 4,12"/>',
        "dot": '<circle cx="14" cy="12" r="8"/>',
        "square": '<rect x="6" y="4" width="16" height="16"/>',
        "star": '<polygon points="14,2 16.9,8.8 24,9.3 18.6,14 20.3,21 14,17.2 7.7,21 9.4,14 4,9.3 11.1,8.8"/>',
        "triangle": '<polygon points="14,3 24,21 4,21"/>',
        "triangleDown": '<polygon points="4,3 24,3 14,21"/>',
        "hexagon": '<polygon points="9,3 19,3 24,12 19,21 9,21 4,12"/>',
    }
    return (f'<svg width="28" height="24" viewBox="0 0 28 24" aria-hidden="true" focusable="false">'
            f'<g fill="{fill}" stroke="{stroke}" stroke-width="1.2">{shapes[style.shape]}</g></svg>')


def _swatch_edge(style: EdgeStyle) -> str:
    dash = f' stroke-dasharray="{",".join(map(str, style.dashes))}"' if style.dashes else ""
    arrow = (f'<polygon points="34,12 27,8 27,16" fill="{style.colour}"/>' if style.arrow == "to" else "")
    width = min(style.width, 4)
    return (f'<svg width="36" height="24" viewBox="0 0 36 24" aria-hidden="true" focusable="false">'
            f'<line x1="2" y1="12" x2="28" y2="12" stroke="{style.colour}" stroke-width="{width}"{dash}/>'
            f"{arrow}</svg>")


def legend_html(node_types: set[NodeType], edge_types: set[EdgeType]) -> str:
    """The legend of a view holding these types: one row per type (and no other), each a filter checkbox.

    >>> html = legend_html({NodeType.BOARD}, {EdgeType.REPORTS_TO})
    >>> html.count('data-kind="node"'), html.count('data-kind="edge"')
    (1, 1)
    """
    groups: dict[str, list[str]] = {"node": [], "edge": []}
    for entry in legend_entries(node_types, edge_types):
        style = entry.style
        if isinstance(style, NodeStyle):
            swatch = _swatch_node(style)
            words = f"{entry.label}: {style.shape} shape"
        else:
            swatch = _swatch_edge(style)
            words = f"{entry.label.replace('_', ' ').lower()}: {style.line}"
        name = html.escape(entry.label)
        groups[entry.kind].append(
            f'<label title="{html.escape(words)}"><input type="checkbox" checked data-kind="{entry.kind}" '
            f'data-type="{name}">{swatch}<span>{html.escape(entry.label if entry.kind == "node" else words)}</span>'
            f'<span class="count"></span></label>')
    out = []
    for kind, heading in (("node", "Kinds of node"), ("edge", "Kinds of line")):
        if groups[kind]:
            out.append(f"<fieldset><legend>{heading}</legend>{''.join(groups[kind])}</fieldset>")
    return "".join(out)


def scenario_legend_html() -> str:
    """The scenario view's legend of marks: one row per mark, each a filter checkbox (``data-change``) with a count.

    >>> scenario_legend_html().count('data-change=')
    5
    """
    rows = []
    for key, mark in SCENARIO_MARKS.items():
        width = "1.2" if key == "same" else "3"
        dash = f' stroke-dasharray="{",".join(map(str, mark.dashes))}"' if mark.dashes else ""
        line_dash = f' stroke-dasharray="{",".join(map(str, mark.line_dashes))}"' if mark.line_dashes else ""
        drawn_line = (f'<line x1="30" y1="12" x2="54" y2="12" stroke="{mark.line}" stroke-width="{width}"{line_dash}/>'
                      if mark.line else "")
        swatch = (f'<svg width="56" height="24" viewBox="0 0 56 24" aria-hidden="true" focusable="false">'
                  f'<rect x="3" y="4" width="22" height="16" rx="3" fill="{mark.fill or "#FFFFFF"}" '
                  f'stroke="{mark.border}" stroke-width="{width}"{dash}/>{drawn_line}</svg>')
        rows.append(f'<label title="{html.escape(mark.words)}"><input type="checkbox" checked data-change="{key}">'
                    f'{swatch}<span>{html.escape(mark.words)}</span><span class="count"></span></label>')
    return f'<fieldset class="marks"><legend>What the scenario does</legend>{"".join(rows)}</fieldset>'


def _comparison_html(scenario: dict[str, object]) -> str:
    """The scenario view's comparison, a line each, in a section beside the legend (nothing for other views)."""
    lines = scenario.get("comparison") or []
    if not isinstance(lines, list) or not lines:
        return ""
    items = "".join(f"<li>{html.escape(str(line))}</li>" for line in lines)
    on = f", on {html.escape(str(scenario['on']))}" if scenario.get("on") else ""  # the date the slider does not move
    return (f'<section id="comparison" aria-labelledby="comparison-title"><h2 id="comparison-title">What the '
            f"comparison says{on}</h2><ul>{items}</ul></section>")


def _json_for_script(payload: object) -> str:
    """JSON that cannot end its script element early: every ``<`` written as ``\\u003c`` (the same string to
    the script that parses it)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render_page(view: View, state: PageState | None = None) -> str:
    """The view as one self-contained HTML page, opening in ``state`` when one is given."""
    with paused_gc():
        return _render_page(view, state)


def _render_page(view: View, state: PageState | None) -> str:
    vis_js, vis_css = vis_network_files()
    payload = view.payload
    node_types = {NodeType(n["type"]) for n in payload["nodes"]}
    edge_types = {EdgeType(e["type"]) for e in payload["edges"]}
    notes = "".join(
        f'<li class="{"not-public" if "not public" in note else ""}">{html.escape(note)}</li>' for note in payload["notes"])
    values = {
        "TITLE": html.escape(view.title),
        "SHOWING": html.escape(f"As of {payload['dayText']}"),
        "DAY": html.escape(payload["dayText"]),
        "NOTES": notes,
        "ASIDE": _comparison_html(payload.get("scenario") or {}),
        "LEGEND": (scenario_legend_html() if payload.get("scenario") else "") + legend_html(node_types, edge_types),
        "DATA": _json_for_script(payload),
        "STATE": _json_for_script(state.model_dump(mode="json", exclude_defaults=True) if state else None),
        "VIS_CSS": vis_css,
        "VIEW_CSS": _asset("view.css"),
        "VIS_JS": vis_js,
        "VIEW_JS": _asset("view.js"),
    }
    # One pass: what is put in is never read again for markers.
    return _MARKER.sub(lambda m: values[m.group(1)], _asset("page.html"))
