"""A static picture of a built view, drawn with matplotlib: SVG (and PNG or PDF) for papers and print.

The interactive page (:mod:`.page`) needs a browser and a script; a board paper or a slide needs a
plain picture. :func:`draw_view` draws what :func:`~visualisations.views.build_view` has already
worked out — the nodes in force on the view's day, at the positions computed in Python, styled from
the one style table (:mod:`.styles`) — with a legend made from the same table, listing exactly the
kinds of node and line the picture shows, and a title naming the day. Nothing is fetched: matplotlib
runs on its Agg back end with the fonts inside its own package, and text stays text in the SVG (so a
reader can search it).

What the page can switch on (the bookcase's members, a view's switchable groups) is drawn only when
asked (``groups``); what the page marks is marked here the same way: bodies that are not public have
a dashed brown border, a highlighted answer a heavy black border, a service not active on the day is
faded, an outcome left as a gap on the day has a vermillion border and says so, and money of unknown
amount is a grey dashed line labelled as not recorded (never drawn as nothing).

Examples
--------
>>> from loaders import load_bundled
>>> from visualisations.views import build_view
>>> svg = picture(build_view(load_bundled("york"), "bookcase"), "svg").decode()
>>> svg.count('id="node:'), 'id="legend:node:Board"' in svg
(22, True)
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from graph_model.schema import EdgeType, NodeType

from .styles import EDGE_STYLES, LABEL_INSIDE, NODE_STYLES, EdgeStyle, NodeStyle, legend_entries
from .views import View, node_box

__all__ = ["Drawn", "draw_view", "picture", "visible"]

Format = Literal["svg", "png", "pdf"]

#: matplotlib's marker for each of the style table's shapes drawn with the label underneath.
_MARKERS = {"diamond": "D", "dot": "o", "square": "s", "star": "*", "triangle": "^", "triangleDown": "v",
            "hexagon": "h"}
#: The border of a body that is not public, as the page draws it.
NOT_PUBLIC_BORDER = "#8a3b00"
#: The border of an outcome left as a gap, as the page draws it.
GAP_BORDER = "#D55E00"
#: One pixel of the page's layout, in points (96 pixels to the inch): the picture keeps the page's proportions.
PX = 0.75


@dataclass(frozen=True)
class Drawn:
    """What a picture shows: the nodes and edges in force on its day (and in a group switched on)."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    node_types: set[NodeType]
    edge_types: set[EdgeType]


def _in_force(item: Mapping[str, Any], day: str) -> bool:
    return (item["s"] is None or item["s"] <= day) and (item["e"] is None or day <= item["e"])


def _active(item: Mapping[str, Any], day: str) -> bool:
    act = item.get("act")
    if act is None:
        return True
    if act is False:
        return False
    return (act[0] is None or act[0] <= day) and (act[1] is None or day <= act[1])


def visible(view: View, groups: Mapping[str, bool] | None = None) -> Drawn:
    """The nodes and edges of ``view`` a reader sees on its day, as its page first shows them: in force on
    the day, and in a group that is on (a group's own setting unless ``groups`` says otherwise)."""
    payload = view.payload
    day = payload["day"]
    on = {name: bool((groups or {}).get(name, spec.get("on", False))) for name, spec in payload["groups"].items()}
    nodes = [n for n in payload["nodes"] if _in_force(n, day) and (not n.get("group") or on.get(n["group"], False))]
    ids = {n["id"] for n in nodes}
    edges = [e for e in payload["edges"] if _in_force(e, day) and (not e.get("group") or on.get(e["group"], False))
             and e["from"] in ids and e["to"] in ids]
    moved = any(on.get(name) and spec.get("moves") for name, spec in payload["groups"].items())
    if moved:  # the layout with the group's members in it (the bookcase's switch)
        nodes = [{**n, "x": n["alt"][0], "y": n["alt"][1]} if "alt" in n else n for n in nodes]
    return Drawn(nodes, edges, {NodeType(n["type"]) for n in nodes}, {EdgeType(e["type"]) for e in edges})


def _dashes(style: EdgeStyle, width: float) -> Any:
    """A matplotlib line style for the page's dash pattern (in pixels, scaled to the line's width)."""
    if not style.dashes:
        return "solid"
    return (0, tuple(d * PX / max(width, 0.5) for d in style.dashes))


def _clip(x0: float, y0: float, x1: float, y1: float, box: tuple[float, float, float], shape: str) -> tuple[float, float]:
    """Where the line from (x0, y0) to the centre (x1, y1) of a node meets the node's outline (its box or
    ellipse for a shape holding its label, else the shape's marker), so that an arrow ends at the node."""
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy) or 1.0
    if shape == "ellipse":
        a, b = box[0] / 2, box[1] / 2
        scale = 1 / math.sqrt((dx / a) ** 2 + (dy / b) ** 2) if (dx or dy) else 0.0
        return x1 - dx * min(scale, 1.0), y1 - dy * min(scale, 1.0)
    if shape in LABEL_INSIDE:
        half_w, half_h = box[0] / 2, box[1] / 2
        scale = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
        return x1 - dx * min(scale, 1.0), y1 - dy * min(scale, 1.0)
    radius = box[1] / 2 - box[2] + 2  # the marker's radius (node_box: the room above its label), and a gap
    return x1 - dx / length * radius, y1 - dy / length * radius


def draw_view(view: View, groups: Mapping[str, bool] | None = None, *, legend: bool = True) -> tuple[Any, Drawn]:
    """The matplotlib figure of ``view`` (see :func:`visible` for what it shows), and what it shows.

    Every node's artists carry the SVG id ``node:ID`` and each legend row ``legend:node:TYPE`` or
    ``legend:edge:TYPE``, so a test (or a reader's tool) finds them in the SVG."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch

    drawn = visible(view, groups)
    payload = view.payload
    day = payload["day"]
    gaps = _gaps_on(payload.get("gaps"), day)
    highlighted = {n for n in (payload.get("highlight") or {}).get("nodes", [])}
    lit_edges = {e for e in (payload.get("highlight") or {}).get("edges", [])}
    boxes = {n["id"]: node_box(n, 1 if n["id"] in gaps else 0) for n in drawn.nodes}
    left = min(n["x"] - boxes[n["id"]][0] / 2 for n in drawn.nodes) if drawn.nodes else -100.0
    right = max(n["x"] + boxes[n["id"]][0] / 2 for n in drawn.nodes) if drawn.nodes else 100.0
    top = min(n["y"] - boxes[n["id"]][1] / 2 + boxes[n["id"]][2] for n in drawn.nodes) if drawn.nodes else -100.0
    bottom = max(n["y"] + boxes[n["id"]][1] / 2 + boxes[n["id"]][2] for n in drawn.nodes) if drawn.nodes else 100.0
    pad = 24.0
    width_px, height_px = right - left + 2 * pad, bottom - top + 2 * pad
    entries = legend_entries(drawn.node_types, drawn.edge_types) if legend else []
    legend_rows = math.ceil(len(entries) / max(1, min(4, int(width_px // 260) or 1))) if entries else 0
    title_px, legend_px = 70.0, legend_rows * 26.0 + (30.0 if entries else 0.0)
    fig_w = max(width_px, 640.0) * PX / 72
    fig_h = (height_px + title_px + legend_px) * PX / 72
    fig = Figure(figsize=(fig_w, fig_h))
    ax_h = height_px / (height_px + title_px + legend_px)
    ax = fig.add_axes((0.0, legend_px / (height_px + title_px + legend_px), 1.0, ax_h))
    ax.set_axis_off()
    extra_w = max(0.0, 640.0 - width_px) / 2
    ax.set_xlim(left - pad - extra_w, right + pad + extra_w)
    ax.set_ylim(bottom + pad, top - pad)  # the page's y runs downwards
    ax.set_aspect("equal", adjustable="datalim")
    font = 16 * PX  # the page's 16 px labels

    # -- lines first, beneath the nodes; parallel lines between one pair bow apart ---------------------------
    pair_count: Counter[frozenset[str]] = Counter()
    by_id = {n["id"]: n for n in drawn.nodes}
    for e in drawn.edges:
        a, b = by_id[e["from"]], by_id[e["to"]]
        line_style = EDGE_STYLES[EdgeType(e["type"])]
        width = float(e.get("width", line_style.width))
        colour = line_style.colour
        dashes = _dashes(line_style, width)
        if e.get("unknown"):
            colour, dashes = "#777777", (0, (3 * PX / 1.5, 6 * PX / 1.5))
        if e["id"] in lit_edges:
            colour, width = "#000000", width + 1.5
        key = frozenset((e["from"], e["to"]))
        k = pair_count[key]
        pair_count[key] += 1
        rad = 0.0 if k == 0 else 0.18 * ((k + 1) // 2) * (1 if k % 2 else -1)
        start = _clip(b["x"], b["y"], a["x"], a["y"], boxes[a["id"]], NODE_STYLES[NodeType(a["type"])].shape)
        end = _clip(a["x"], a["y"], b["x"], b["y"], boxes[b["id"]], NODE_STYLES[NodeType(b["type"])].shape)
        arrow = FancyArrowPatch(start, end, arrowstyle="-|>" if line_style.arrow == "to" else "-",
                                mutation_scale=10 + width * 2, color=colour, linewidth=width * PX, linestyle=dashes,
                                connectionstyle=f"arc3,rad={rad}", shrinkA=0, shrinkB=0, zorder=1)
        arrow.set_gid(f"edge:{e['id']}")
        ax.add_patch(arrow)
        if e.get("label"):
            mid_x, mid_y = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
            ax.text(mid_x, mid_y, e["label"], fontsize=12 * PX, ha="center", va="center", color="#333333", zorder=2,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9})

    # -- nodes: a shape holding its label, or a marker with the label underneath ----------------------------
    for n in drawn.nodes:
        style: NodeStyle = NODE_STYLES[NodeType(n["type"])]
        border, border_w, line = "#000000" if style.colour != "#000000" else "#444444", 1.0, "solid"
        if n.get("np"):
            border, border_w, line = NOT_PUBLIC_BORDER, 3.0, "dashed"
        if n["id"] in gaps:
            border, border_w = GAP_BORDER, 5.0
        if n["id"] in highlighted:
            border, border_w = "#000000", 5.0
        if n.get("focus"):
            border_w = 5.0
        alpha = 1.0 if _active(n, day) else 0.45
        label = n["label"] + (f"\nGAP: {'no money' if gaps[n['id']] == 'no-money' else 'no active service'}"
                              if n["id"] in gaps else "")
        if style.shape in LABEL_INSIDE:
            w, h, _ = boxes[n["id"]]
            outline: Any
            if style.shape == "ellipse":
                outline = Ellipse((n["x"], n["y"]), w, h)
            else:
                outline = FancyBboxPatch((n["x"] - w / 2, n["y"] - h / 2), w, h, boxstyle="round,pad=0,rounding_size=6")
            outline.set(facecolor=style.colour, edgecolor=border, linewidth=border_w * PX, linestyle=line,
                        alpha=alpha, zorder=3)
            outline.set_gid(f"node:{n['id']}")
            ax.add_patch(outline)
            ax.text(n["x"], n["y"], label, ha="center", va="center", fontsize=font * (18 / 16 if n.get("focus") else 1),
                    color=style.font_colour, zorder=4, linespacing=1.15, alpha=max(alpha, 0.7))
        else:
            size = 26.0 if n.get("focus") else float(n.get("size", 16))
            marker = _MARKERS[style.shape]
            scale = 1.3 if marker == "*" else 1.0
            mark = ax.plot([n["x"]], [n["y"]], marker=marker, markersize=2 * size * PX * scale, linestyle="none",
                           markerfacecolor=style.colour, markeredgecolor=border, markeredgewidth=border_w * PX,
                           alpha=alpha, zorder=3)[0]
            mark.set_gid(f"node:{n['id']}")
            ax.text(n["x"], n["y"] + size + 4, label, ha="center", va="top", fontsize=font, color="#1a1a1a",
                    zorder=4, linespacing=1.15, alpha=max(alpha, 0.7),
                    bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75})

    # -- title and legend --------------------------------------------------------------------------------------
    when = payload["dayText"]
    fig.text(0.5, 1 - 14 / (height_px + title_px + legend_px), view.title, ha="center", va="top",
             fontsize=20 * PX, weight="bold", wrap=True)
    fig.text(0.5, 1 - 44 / (height_px + title_px + legend_px),
             f"As of {when}: {len(drawn.nodes)} {'node' if len(drawn.nodes) == 1 else 'nodes'} and "
             f"{len(drawn.edges)} {'line' if len(drawn.edges) == 1 else 'lines'} in force on that day",
             ha="center", va="top", fontsize=14 * PX, color="#333333")
    if entries:
        handles, labels = [], []
        for entry in entries:
            s = entry.style
            if isinstance(s, NodeStyle):
                marker = {"box": "s", "ellipse": "o"}.get(s.shape, _MARKERS.get(s.shape, "s"))
                handles.append(Line2D([], [], marker=marker, linestyle="none", markerfacecolor=s.colour,
                                      markeredgecolor="#000000", markersize=11, markeredgewidth=1.0))
                labels.append(f"{entry.label} ({_shape_words(s.shape)})")
            else:
                handles.append(Line2D([], [], color=s.colour, linewidth=s.width * PX, linestyle=_dashes(s, s.width)))
                labels.append(f"{entry.label.replace('_', ' ').lower()} ({s.line})")
        columns = max(1, min(4, int(width_px // 260) or 1))
        made = fig.legend(handles, labels, loc="lower center", ncols=columns, frameon=False, fontsize=14 * PX,
                          handlelength=3.2, bbox_to_anchor=(0.5, 0.0))
        for entry, text in zip(entries, made.get_texts(), strict=True):
            text.set_gid(f"legend:{entry.kind}:{entry.label}")
    return fig, drawn


def _shape_words(shape: str) -> str:
    return {"box": "box", "ellipse": "ellipse", "diamond": "diamond", "dot": "circle", "square": "square",
            "star": "star", "triangle": "triangle", "triangleDown": "triangle pointing down",
            "hexagon": "hexagon", "database": "cylinder"}.get(shape, shape)


def _gaps_on(gaps: Mapping[str, Mapping[str, str]] | None, day: str) -> Mapping[str, str]:
    """The outcomes view's gaps on ``day``: those of the latest day asked on or before it (as the page does)."""
    if not gaps:
        return {}
    keys = sorted(k for k in gaps if k <= day)
    return gaps[keys[-1]] if keys else {}


def picture(view: View, fmt: Format = "svg", groups: Mapping[str, bool] | None = None, *,
            salt: str | None = None, dpi: int = 150) -> bytes:
    """``view`` drawn as an SVG, PNG or PDF file's bytes. ``salt`` makes the SVG's internal ids differ from
    another picture's, so several can sit inline in one HTML page."""
    import matplotlib

    out = io.BytesIO()
    rc: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": salt or f"{view.payload['partnership']}-{view.name}",
          "font.family": "DejaVu Sans"}
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]  # the keys are matplotlib's own
        fig, _ = draw_view(view, groups)
        fig.savefig(out, format=fmt, dpi=dpi, metadata=_metadata(fmt, view))
    return out.getvalue()


def _metadata(fmt: Format, view: View) -> dict[str, Any]:
    """Fixed metadata: the title, and no creation date (the same view makes the same file)."""
    if fmt == "svg":
        return {"Title": view.title, "Date": None}
    if fmt == "pdf":
        return {"Title": view.title, "CreationDate": None, "ModDate": None}
    return {"Title": view.title}

