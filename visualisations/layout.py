"""Positions for a view, computed once in Python: a layered layout (Sugiyama's method) or igraph's force layout.

Positions are in screen pixels (vis-network's units), centred on the origin. A view's
positions are computed once over every date its data holds, so a node keeps its place
when the time slider hides its neighbours.

Examples
--------
>>> pos = layered(["top", "a", "b"], [("top", "a"), ("top", "b")])
>>> pos["top"][1] < pos["a"][1] == pos["b"][1]
True
>>> sorted(force(["a", "b", "c"], [("a", "b"), ("b", "c")]))
['a', 'b', 'c']
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence

import igraph

__all__ = ["Box", "Positions", "force", "layered", "longest_path_layers", "pack", "separate", "spread"]

#: A node id → (x, y) in pixels.
Positions = dict[str, tuple[float, float]]
#: The room a node takes on screen: width, height, and how far its middle lies below its position
#: (a shape with its label underneath takes room below it), in pixels.
Box = tuple[float, float, float]

#: Horizontal room for one node in a layer, and the distance between layers, in pixels.
COLUMN = 170.0
ROW = 120.0
#: The length a force layout's typical edge is scaled to, in pixels.
EDGE_LENGTH = 170.0
#: Above this many nodes, igraph's DrL layout (fast on large graphs) stands in for Fruchterman-Reingold.
LARGE = 1500


def longest_path_layers(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Each node's layer: 0 for a node nothing points down to, else one more than the deepest node above it.

    Edges run downwards (from the upper node to the lower). An edge that would close a loop is
    left out of the layering (the first one met, in input order), so any input gets layers.

    >>> longest_path_layers(["a", "b", "c"], [("a", "b"), ("b", "c"), ("a", "c")])
    {'a': 0, 'b': 1, 'c': 2}
    >>> longest_path_layers(["a", "b"], [("a", "b"), ("b", "a")])
    {'a': 0, 'b': 1}
    """
    known = set(nodes)
    down: dict[str, list[str]] = defaultdict(list)
    for u, v in edges:
        if u in known and v in known and u != v:
            down[u].append(v)
    # Depth-first: keep the edges of a forest order, drop those that reach back to a node on the current path.
    state: dict[str, int] = {}  # 1 on the path, 2 done
    kept: dict[str, list[str]] = defaultdict(list)
    order: list[str] = []
    for root in nodes:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, i = stack[-1]
            children = down.get(node, [])
            if i < len(children):
                stack[-1] = (node, i + 1)
                child = children[i]
                if state.get(child) == 1:
                    continue  # a loop: leave this edge out
                kept[node].append(child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, 0))
            else:
                state[node] = 2
                order.append(node)
                stack.pop()
    layer = dict.fromkeys(nodes, 0)
    for node in reversed(order):  # reverse post-order is a topological order of the kept edges
        for child in kept.get(node, []):
            layer[child] = max(layer[child], layer[node] + 1)
    return layer


def _crossing_order(by_layer: Mapping[int, list[str]], parents: Mapping[str, list[str]],
                    children: Mapping[str, list[str]], *, sweeps: int = 12) -> dict[str, float]:
    """Each node's place in the order of its layer, chosen so that few edges cross: the barycentre
    heuristic of Sugiyama's method (each node moved to the mean place of its neighbours in the layers
    above, then below, sweep after sweep; ties keep the order they had). Places run from 0 to 1.

    igraph's own ``layout_sugiyama`` did this until it crashed the process (a segmentation fault, in
    about one run of the test suite in two, with python-igraph 1.0.0): this is the same heuristic, in Python.

    >>> order = _crossing_order({0: ["a", "b"], 1: ["x", "y"]}, {"x": ["b"], "y": ["a"]}, {"a": ["y"], "b": ["x"]})
    >>> order["y"] < order["x"]
    True
    """
    # Nodes as numbers and places in a list: the sweeps are the layered layout's costliest part at thousands of nodes.
    names = [n for members in by_layer.values() for n in members]
    index = {n: i for i, n in enumerate(names)}
    place = [0.0] * len(names)
    current: dict[int, list[int]] = {}
    for level, members in by_layer.items():
        current[level] = [index[n] for n in members]
        for k, i in enumerate(current[level]):
            place[i] = k / max(1, len(members) - 1)
    above = [tuple(index[m] for m in parents.get(n, ())) for n in names]
    below = [tuple(index[m] for m in children.get(n, ())) for n in names]
    levels = sorted(by_layer)
    still = 0  # sweeps in a row that moved nothing: after one each way, no further sweep would
    for sweep in range(sweeps):
        downwards = sweep % 2 == 0
        near = above if downwards else below
        moved = False
        for level in (levels[1:] if downwards else levels[-2::-1]):

            def key(i: int, near: list[tuple[int, ...]] = near) -> tuple[float, float]:
                around = near[i]
                return (sum(map(place.__getitem__, around)) / len(around) if around else place[i], place[i])

            ordered = sorted(current[level], key=key)
            if ordered != current[level]:
                moved = True
                current[level] = ordered
            for k, i in enumerate(ordered):
                place[i] = k / max(1, len(ordered) - 1)
        still = 0 if moved else still + 1
        if still >= 2:
            break
    return {n: place[i] for n, i in index.items()}


def layered(nodes: Sequence[str], edges: Sequence[tuple[str, str]], *, layers: Mapping[str, int] | None = None,
            column: float = COLUMN, row: float = ROW, max_width: int | None = None) -> Positions:
    """A layered (Sugiyama-style) layout: layer 0 at the top, each edge drawn downwards, crossings kept few
    (:func:`_crossing_order`).

    ``layers`` gives each node's layer (:func:`longest_path_layers` of ``edges`` when not given).
    Edges between nodes of the same layer, or running upwards, are left out of the layout. A layer
    of more than ``max_width`` nodes is folded into several rows, in that order (so that the
    children of one node stay together), and the layers below it move down.

    >>> pos = layered(["top", *"abcde"], [("top", c) for c in "abcde"], max_width=3, column=1, row=1)
    >>> sorted({y for _, y in pos.values()}), sum(1 for _, y in pos.values() if y == 1.0)
    ([0.0, 1.0, 2.0], 3)
    """
    if not nodes:
        return {}
    lay = dict(layers) if layers is not None else longest_path_layers(nodes, edges)
    index = {n: i for i, n in enumerate(nodes)}
    down = sorted({(index[u], index[v]) for u, v in edges
                   if u in index and v in index and lay[u] < lay[v]})
    parents: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    for u, v in down:
        parents[nodes[v]].append(nodes[u])
        children[nodes[u]].append(nodes[v])
    by_layer: dict[int, list[str]] = defaultdict(list)
    for n in nodes:
        by_layer[lay[n]].append(n)
    rank_in_layer = _crossing_order(by_layer, parents, children)
    coords = [(rank_in_layer[n], 0.0) for n in nodes]
    # The order within each layer keeps crossings few; the places are then made compact: each node as near
    # as may be to the mean of the nodes above it that it hangs from, one column from its neighbours.
    x: dict[str, float] = {}
    y: dict[str, float] = {}
    shift = 0
    for level in sorted(by_layer):
        ordered = sorted(by_layer[level], key=lambda n: (coords[index[n]][0], index[n]))
        rank = {n: k - (len(ordered) - 1) / 2 for k, n in enumerate(ordered)}
        wanted: dict[str, float] = {}
        for n in ordered:
            above = [x[q] for q in parents.get(n, []) if q in x]
            wanted[n] = sum(above) / len(above) + rank[n] * 1e-3 if above else rank[n]
        if max_width is None or len(ordered) <= max_width:
            x.update(spread(wanted, 1.0))
            y.update(dict.fromkeys(ordered, float(level + shift)))
            continue
        in_order = sorted(ordered, key=wanted.__getitem__)
        folds = math.ceil(len(in_order) / max_width)
        per = math.ceil(len(in_order) / folds)
        for k in range(folds):
            chunk = in_order[k * per:(k + 1) * per]
            x.update(spread({n: wanted[n] for n in chunk}, 1.0))
            y.update(dict.fromkeys(chunk, float(level + shift + k)))
        shift += folds - 1
    mid = (min(x.values()) + max(x.values())) / 2
    return {n: ((x[n] - mid) * column, y[n] * row) for n in nodes}


def force(nodes: Sequence[str], edges: Sequence[tuple[str, str]], *, seed: int = 0,
          edge_length: float = EDGE_LENGTH, boxes: Mapping[str, Box] | None = None) -> Positions:
    """A force-directed layout, the same for the same input (the random start comes from ``seed``).

    Each connected part is laid out on its own with igraph's Fruchterman-Reingold (DrL beyond
    :data:`LARGE` nodes) and scaled so that its typical edge is ``edge_length`` pixels long; the parts
    are then packed side by side (:func:`pack`), largest first, and, given each node's ``boxes``,
    nodes that would overlap are pushed apart (:func:`separate`).
    """
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in edges
                    if u in index and v in index and u != v})
    graph = igraph.Graph(n=len(nodes), edges=pairs, directed=False)
    rng = random.Random(seed)
    parts: list[Positions] = []
    # igraph draws from Python's random module (its default generator): seed it for the same layout from
    # the same input, and give the caller's state back after (igraph's generator itself is left alone).
    outside = random.getstate()
    random.seed(seed)
    try:
        for members in graph.connected_components():
            sub = graph.subgraph(members)
            names = [nodes[m] for m in members]
            if len(members) == 1:
                parts.append({names[0]: (0.0, 0.0)})
                continue
            side = math.sqrt(len(members))
            start = [[rng.uniform(-side, side), rng.uniform(-side, side)] for _ in members]
            if len(members) > LARGE:
                coords = sub.layout_drl(seed=start).coords
            else:
                coords = sub.layout_fruchterman_reingold(seed=start, niter=1000, grid="auto").coords
            lengths = sorted(math.dist(coords[a], coords[b]) for a, b in sub.get_edgelist())
            typical = lengths[len(lengths) // 2] if lengths else 1.0
            scale = edge_length / typical if typical > 0 else edge_length
            parts.append({n: (coords[k][0] * scale, coords[k][1] * scale) for k, n in enumerate(names)})
    finally:
        random.setstate(outside)
    positions = pack(parts, boxes or {}, gap=edge_length / 2)
    if boxes:
        positions = separate(positions, boxes)
    return positions


def _extent(part: Positions, boxes: Mapping[str, Box]) -> tuple[float, float, float, float]:
    """The left, top, right and bottom of a part, its nodes' boxes included."""
    left = top = math.inf
    right = bottom = -math.inf
    for n, (x, y) in part.items():
        w, h, dy = boxes.get(n, (40.0, 40.0, 0.0))
        left, right = min(left, x - w / 2), max(right, x + w / 2)
        top, bottom = min(top, y + dy - h / 2), max(bottom, y + dy + h / 2)
    return left, top, right, bottom


def pack(parts: Sequence[Positions], boxes: Mapping[str, Box], *, gap: float = 80.0,
         aspect: float = 1.6) -> Positions:
    """Parts of a layout set side by side in rows (largest first), the rows about ``aspect`` times as wide
    as the whole is tall, centred on the origin.

    >>> pos = pack([{"a": (0.0, 0.0), "b": (100.0, 0.0)}, {"c": (5.0, 5.0)}], {}, gap=10)
    >>> pos["b"][0] - pos["a"][0], pos["c"][1] - pos["a"][1]  # the part kept whole; the second on a row below
    (100.0, 50.0)
    """
    if not parts:
        return {}
    extents = [_extent(part, boxes) for part in parts]
    order = sorted(range(len(parts)), key=lambda i: -len(parts[i]))
    area = sum((right - left + gap) * (bottom - top + gap) for left, top, right, bottom in extents)
    widest = max(right - left for left, _, right, _ in extents)
    row_width = max(widest, math.sqrt(area * aspect))
    out: Positions = {}
    x0 = y0 = row_height = 0.0
    for i in order:
        left, top, right, bottom = extents[i]
        width, height = right - left, bottom - top
        if x0 > 0 and x0 + width > row_width:
            x0, y0, row_height = 0.0, y0 + row_height + gap, 0.0
        for n, (x, y) in parts[i].items():
            out[n] = (x - left + x0, y - top + y0)
        x0 += width + gap
        row_height = max(row_height, height)
    cx = (min(x for x, _ in out.values()) + max(x for x, _ in out.values())) / 2
    cy = (min(y for _, y in out.values()) + max(y for _, y in out.values())) / 2
    return {n: (x - cx, y - cy) for n, (x, y) in out.items()}


def separate(positions: Positions, boxes: Mapping[str, Box], *, pad: float = 8.0, rounds: int = 400,
             sideways_only: bool = False) -> Positions:
    """Positions moved as little as may be so that no two nodes' boxes overlap (``pad`` pixels apart):
    each overlapping pair is pushed apart along the direction in which it overlaps least (each node a
    little over half the overlap, so that crowded spots settle), a round at a time, until no pair overlaps or ``rounds`` are done. Nearby pairs are found through a grid.

    >>> out = separate({"a": (0.0, 0.0), "b": (10.0, 0.0)}, {"a": (50, 20, 0), "b": (50, 20, 0)}, pad=0)
    >>> out  # they overlapped least up and down: each moved a little over half the overlap
    {'a': (0.0, -11.0), 'b': (10.0, 11.0)}
    """
    pos = {n: [x, y + boxes.get(n, (0, 0, 0))[2]] for n, (x, y) in positions.items()}  # box centres
    size = {n: boxes.get(n, (40.0, 40.0, 0.0)) for n in positions}
    cell = max((max(w, h) for w, h, _ in size.values()), default=40.0) + pad
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[str]] = defaultdict(list)
        for n, (x, y) in pos.items():
            grid[(int(x // cell), int(y // cell))].append(n)
        moved = False
        for (gx, gy), here in grid.items():
            near = [m for dx in (-1, 0, 1) for dy in (-1, 0, 1) for m in grid.get((gx + dx, gy + dy), ())]
            for a in here:
                for b in near:
                    if b <= a:
                        continue
                    (ax, ay), (bx, by) = pos[a], pos[b]
                    over_x = (size[a][0] + size[b][0]) / 2 + pad - abs(ax - bx)
                    over_y = (size[a][1] + size[b][1]) / 2 + pad - abs(ay - by)
                    if over_x <= 0 or over_y <= 0:
                        continue
                    moved = True
                    if over_x < over_y or sideways_only:
                        step = over_x * 0.55 * (1 if bx >= ax else -1)
                        pos[a][0] -= step
                        pos[b][0] += step
                    else:
                        step = over_y * 0.55 * (1 if by >= ay else -1)
                        pos[a][1] -= step
                        pos[b][1] += step
        if not moved:
            break
    return {n: (x, y - boxes.get(n, (0, 0, 0))[2]) for n, (x, y) in pos.items()}


def spread(wanted: Mapping[str, float], gap: float) -> dict[str, float]:
    """Places on a line as near as may be to where each is ``wanted`` (least squares), in the order of
    their wanted places, no two closer than ``gap``: nodes that would crowd each other form a block
    centred where its members want to be on average; the others keep their places.

    >>> spread({"a": 0.0, "b": 0.0, "c": 10.0}, 4.0)
    {'a': -2.0, 'b': 2.0, 'c': 10.0}
    >>> spread({"a": 0.0, "b": 1.0, "c": 2.0}, 2.0)
    {'a': -1.0, 'b': 1.0, 'c': 3.0}
    """
    order = sorted(wanted, key=lambda k: wanted[k])
    # Pool adjacent violators: each block is (start of block, members); its start is the mean of
    # (wanted - offset in the block), which puts the block where its members want it on average.
    blocks: list[tuple[float, list[str]]] = []
    for k in order:
        start, members = wanted[k], [k]
        while blocks:
            prev_start, prev = blocks[-1]
            if prev_start + gap * len(prev) <= start:
                break
            blocks.pop()
            members = prev + members
            start = sum(wanted[m] - gap * i for i, m in enumerate(members)) / len(members)
        blocks.append((start, members))
    return {m: start + gap * i for start, members in blocks for i, m in enumerate(members)}
