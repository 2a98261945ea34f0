"""GEXF and GraphML (and node-link JSON): the partnership as a graph file for Gephi, yEd and Cytoscape.

:func:`graph_for_export` makes the one networkx graph every graph format writes: each node
keeps its fields (``type``, ``name``, ``label`` = the name, dates as ISO text, lists as JSON
text, empty fields left out); each edge is keyed by its id and keeps its fields the same way,
its type as ``edge_type`` and ``label`` (GEXF keeps an edge's ``type`` for directed or
undirected); the partnership block travels as JSON text (a GraphML graph attribute, the
GEXF ``meta`` description). Values keep their kinds (numbers, booleans), so GEXF and GraphML
carry everything: :func:`read_graph_file` reads them back through the project's validated
path, and export then import gives an identical partnership. Node-link JSON is written only
(a ``.json`` file is read as the project's own JSON).

Examples
--------
>>> import tempfile, pathlib
>>> from loaders import load, write
>>> target = pathlib.Path(tempfile.mkdtemp()) / "york.graphml"
>>> load(write(load("york"), target)) == load("york")
True
"""

from __future__ import annotations

import io
import json
import re
from html import escape, unescape
from pathlib import Path
from typing import Any

from graph_model import InvalidPartnership, InvalidTarget, Location, Partnership, Problem, Rule

from ._common import TEXTS, Parsed, decode, dump_info, edge_model, field_shapes, node_model

__all__ = ["dump_export_text", "graph_for_export", "parse_graph", "read_graph_file"]

_INFO = "partnership_info"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def graph_for_export(p: Partnership) -> Any:
    """The partnership as a networkx ``MultiDiGraph`` whose attributes GEXF and GraphML can hold.

    >>> from loaders import load
    >>> g = graph_for_export(load("york"))
    >>> g.nodes["icg"]["type"], g.nodes["icg"]["label"] == g.nodes["icg"]["name"]
    ('SubGroup', True)
    """
    import networkx as nx

    from graph_model.models import dump_record

    def flat(data: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, (list, dict)):
                value = json.dumps(value, ensure_ascii=False)
            if isinstance(value, str):
                value = _NOT_XML.sub("\ufffd", value)  # XML 1.0 cannot hold control characters
            if value is not None:
                out[key] = value
        return out

    g = nx.MultiDiGraph(name=p.info.name, **{_INFO: json.dumps(dump_info(p.info), ensure_ascii=False)})
    for n in p.nodes():
        data = flat(dump_record(n))
        data.pop("id", None)
        g.add_node(n.id, label=n.name, **data)
    for e in p.edges():
        data = flat(dump_record(e))
        for key in ("id", "from", "to", "type"):
            data.pop(key, None)
        g.add_edge(e.from_, e.to, key=e.id, id=e.id, label=e.type.value, edge_type=e.type.value, **data)
    return g


def dump_export_text(p: Partnership, fmt: str) -> str:
    """The partnership as the text of a graph format (``gexf``, ``graphml``, ``node-link``): what the
    writers write and the HTTP API's ``/export`` sends, made once.

    >>> from loaders import load
    >>> dump_export_text(load("york"), "graphml").startswith("<?xml")
    True
    """
    import networkx as nx

    graph = graph_for_export(p)
    if fmt == "node-link":
        data = nx.node_link_data(graph, edges="links")
        return json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"
    buffer = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(graph, buffer)
        text = buffer.getvalue().decode("utf-8")
        # networkx keeps no graph attribute in GEXF but its name: the partnership block goes in meta
        info = f"<description>{escape(graph.graph[_INFO])}</description>"
        return re.sub(r"(<meta\b[^>]*>)", lambda m: m.group(1) + info, text, count=1)
    if fmt == "graphml":
        nx.write_graphml(graph, buffer)
        return buffer.getvalue().decode("utf-8")
    raise InvalidTarget(f"'{fmt}' is not a graph format; known: gexf, graphml, node-link")


def _value(shape: Any, value: Any) -> Any:
    if isinstance(value, str) and (shape == TEXTS or isinstance(shape, type)):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def parse_graph(graph: Any, info: Any, file: str) -> Parsed:
    """Raw records from a graph :func:`graph_for_export` made (read back from GEXF or GraphML)."""
    parsed = Parsed(files=[file], info=info, info_location=Location(file=file, record="partnership"))
    for node_id, attrs in graph.nodes(data=True):
        data = {k: v for k, v in attrs.items() if k != "label"}
        shapes = field_shapes(node_model(data.get("type")))
        raw = {"id": str(node_id), **{k: _value(shapes.get(k), v) for k, v in data.items()}}
        parsed.nodes.append((raw, Location(file=file, record=f"node '{node_id}'")))
    for source, target, attrs in graph.edges(data=True):
        data = {k: v for k, v in attrs.items() if k not in ("label", "edge_type")}
        etype = attrs.get("edge_type")
        shapes = field_shapes(edge_model(etype))
        raw = {"type": etype, "from": str(source), "to": str(target),
               **{k: _value(shapes.get(k), v) for k, v in data.items()}}
        parsed.edges.append((raw, Location(file=file, record=f"edge '{attrs.get('id')}'")))
    return parsed


def read_graph_file(path: Path) -> Partnership:
    """Read a GEXF or GraphML file :func:`dump_export_text` wrote; raises :class:`InvalidPartnership`."""
    import networkx as nx

    path = Path(path)
    text, problems = decode(path.read_bytes(), str(path))
    if text is None:
        raise InvalidPartnership(problems)
    gexf = path.suffix.lower() == ".gexf"
    try:
        graph = (nx.read_gexf if gexf else nx.read_graphml)(io.BytesIO(text.encode("utf-8")))
    except Exception as err:  # networkx raises several kinds (XML, key and value errors) for a broken file
        raise InvalidPartnership([Problem(Rule.MALFORMED_FILE, f"not a {'GEXF' if gexf else 'GraphML'} file "
                                          f"networkx can read: {err}", Location(file=str(path)),
                                          "a file bookcase wrote with --to gexf or graphml")]) from None
    raw_info: str | None = graph.graph.get(_INFO)
    if raw_info is None and gexf:
        found = re.search(r"<meta\b[^>]*>.*?<description>(.*?)</description>", text, re.S)
        raw_info = unescape(found.group(1)) if found else None
    info = json.loads(raw_info) if raw_info else None
    return parse_graph(graph, info, str(path)).build()
