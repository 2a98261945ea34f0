"""One entry point for every format, and the partnerships bundled with the package.

:func:`load` takes a bundled name or a path and picks the reader from the path;
:func:`write` picks the writer from ``fmt`` or the path's suffix.

Examples
--------
>>> "york" in bundled_names()
True
>>> detect_format(bundled_path("york"))
'yaml-dir'
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from graph_model import InvalidTarget, Partnership, UnknownDataset
from graph_model.errors import close_matches

from ._common import atomic_write_text
from .csv_io import read_csv, write_csv
from .graph_io import dump_export_text, graph_for_export, read_graph_file
from .json_io import read_json, write_json
from .yaml_io import YAML_SUFFIXES, read_yaml, write_yaml, write_yaml_dir, yaml_files

__all__ = [
    "EXPORT_ONLY", "FORMATS", "bundled_names", "dump_export_text", "graph_for_export", "write_gexf", "write_graphml",
    "write_node_link", "bundled_path", "detect_format", "format_from_suffix", "load", "load_bundled",
    "target_format", "write",
]

#: Every format, with what it is on disk.
FORMATS: dict[str, str] = {
    "yaml": "one hand-editable YAML file (.yaml or .yml)",
    "yaml-dir": "a folder of hand-editable YAML files, merged in file-name order",
    "csv": "a folder with partnership.csv, nodes.csv and edges.csv, for spreadsheets",
    "json": "one JSON file (.json): the lossless machine format",
    "gexf": "one GEXF file (.gexf) for Gephi; lists are written as JSON text",
    "graphml": "one GraphML file (.graphml) for yEd, Cytoscape and Gephi; lists are written as JSON text",
}

#: Formats that are written but not read back, with what they are: node-link JSON (a ``.json`` file is
#: read as the project's own JSON). :func:`write` and ``bookcase export`` take these beside :data:`FORMATS`.
EXPORT_ONLY: dict[str, str] = {
    "node-link": "one node-link JSON file (networkx's node_link_data, as D3 reads it); written, not read",
}

_READERS: dict[str, Callable[[Path], Partnership]] = {
    "yaml": read_yaml, "yaml-dir": read_yaml, "csv": read_csv, "json": read_json,
    "gexf": read_graph_file, "graphml": read_graph_file,
}


def write_gexf(p: Partnership, path: Path) -> Path:
    """Write the partnership as GEXF (Gephi), atomically."""
    return atomic_write_text(Path(path), dump_export_text(p, "gexf"))


def write_graphml(p: Partnership, path: Path) -> Path:
    """Write the partnership as GraphML (yEd, Cytoscape, Gephi), atomically."""
    return atomic_write_text(Path(path), dump_export_text(p, "graphml"))


def write_node_link(p: Partnership, path: Path) -> Path:
    """Write the partnership as node-link JSON (``networkx.node_link_data``, edges under ``links``), atomically."""
    return atomic_write_text(Path(path), dump_export_text(p, "node-link"))


_WRITERS: dict[str, Callable[[Partnership, Path], Path]] = {
    "yaml": write_yaml, "yaml-dir": write_yaml_dir, "csv": write_csv, "json": write_json,
    "gexf": write_gexf, "graphml": write_graphml, "node-link": write_node_link,
}


def _data_root() -> Path:
    return Path(str(resources.files("loaders").joinpath("data")))


def bundled_names() -> list[str]:
    """The names of the partnerships bundled with the package, sorted.

    >>> bundled_names()[:2]
    ['staffordshire', 'york']
    """
    root = _data_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")) and yaml_files(p))


def bundled_path(name: str) -> Path:
    """The folder of the bundled partnership ``name`` (raises :class:`~graph_model.UnknownDataset`).

    >>> bundled_path("york").name
    'york'
    >>> bundled_path("yrok")
    Traceback (most recent call last):
    ...
    graph_model.errors.UnknownDataset: no bundled partnership named 'yrok'; did you mean york? (bundled: staffordshire, york)
    """
    names = bundled_names()
    if name not in names:
        near = close_matches(name, names)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise UnknownDataset(f"no bundled partnership named '{name}'{hint} (bundled: {', '.join(names) or 'none'})")
    return _data_root() / name


def load_bundled(name: str) -> Partnership:
    """Load a bundled partnership by name.

    >>> load_bundled("york").info.id
    'york'
    """
    return read_yaml(bundled_path(name))


def detect_format(path: str | Path) -> str:
    """The format of a file or folder: ``json``, ``yaml``, ``csv`` or ``yaml-dir``.

    A folder holding ``nodes.csv`` is CSV; a folder holding ``.yaml``/``.yml`` files
    is a YAML folder. Raises :class:`~graph_model.UnknownDataset` for a path that
    does not exist or whose format cannot be told.

    >>> detect_format("no/such/file.json")
    Traceback (most recent call last):
    ...
    graph_model.errors.UnknownDataset: no file or folder at 'no/such/file.json'
    """
    path = Path(path)
    if not path.exists():
        raise UnknownDataset(f"no file or folder at '{path}'")
    if path.is_dir():
        if (path / "nodes.csv").is_file():
            return "csv"
        if yaml_files(path):
            return "yaml-dir"
        raise UnknownDataset(f"the folder '{path}' holds neither nodes.csv nor .yaml files")
    fmt = format_from_suffix(path)
    if fmt is not None:
        return fmt
    raise UnknownDataset(f"cannot tell the format of '{path}'; expected a .json, .yaml or .yml file, "
                         "a folder with nodes.csv, or a folder of .yaml files")


def format_from_suffix(path: Path) -> str | None:
    """The file format a path's suffix names (``json`` or ``yaml``), or None: the one suffix rule.

    >>> format_from_suffix(Path("york.JSON")), format_from_suffix(Path("a/york.yml")), format_from_suffix(Path("x"))
    ('json', 'yaml', None)
    """
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".gexf", ".graphml"):
        return suffix[1:]
    if suffix in YAML_SUFFIXES:
        return "yaml"
    return None


def target_format(path: Path) -> str | None:
    """The format :func:`write` would use for ``path`` when none is named: from the suffix, or
    from what a folder that already holds a partnership holds; None when it cannot tell."""
    fmt = format_from_suffix(path)
    if fmt is None and path.is_dir() and ((path / "nodes.csv").is_file() or yaml_files(path)):
        fmt = detect_format(path)
    return fmt


def load(ref: str | Path) -> Partnership:
    """Load a partnership from a bundled name or a path (file or folder, format detected).

    A string that is a bundled name loads the bundled data; to load a local folder
    of the same name, pass a :class:`~pathlib.Path` or write it ``./york``.
    Raises :class:`~graph_model.InvalidPartnership` (every problem; nothing is
    loaded) or :class:`~graph_model.UnknownDataset`.

    >>> load("york") == load(bundled_path("york"))
    True
    >>> load("yorkk")
    Traceback (most recent call last):
    ...
    graph_model.errors.UnknownDataset: 'yorkk' is neither a bundled partnership (staffordshire, york) nor a file or folder; did you mean york?
    """
    if isinstance(ref, str) and ref in bundled_names():
        return load_bundled(ref)
    path = Path(ref)
    if not path.exists() and isinstance(ref, str) and "/" not in ref and "." not in ref:
        names = bundled_names()
        near = close_matches(ref, names)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise UnknownDataset(f"'{ref}' is neither a bundled partnership ({', '.join(names) or 'none'}) "
                             f"nor a file or folder{hint}")
    return _READERS[detect_format(path)](path)


def write(p: Partnership, path: str | Path, fmt: str | None = None) -> Path:
    """Write a partnership in one of :data:`FORMATS`, atomically, and return the path written.

    Without ``fmt`` the format comes from the suffix (``.json``, ``.yaml``/``.yml``)
    or, for a folder that already holds a partnership, from what it holds; any
    other target needs ``fmt`` (:class:`InvalidTarget`). Folders are replaced whole, and
    only when they hold nothing but files of that format.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "york.json"
    >>> load(write(load("york"), target)) == load("york")
    True
    """
    path = Path(path)
    if fmt is None:
        fmt = target_format(path)
        if fmt is None:
            raise InvalidTarget(f"cannot tell which format to write '{path}' in: name a .json or .yaml file, "
                                f"or choose a format ({', '.join(FORMATS)})")
    if fmt not in _WRITERS:
        raise InvalidTarget(f"unknown format '{fmt}'; known: {', '.join([*FORMATS, *EXPORT_ONLY])}")
    if fmt in ("json", "yaml", "gexf", "graphml", *EXPORT_ONLY) and path.is_dir():
        raise InvalidTarget(f"'{path}' is a folder, and {fmt} is written to a single file; "
                            "name a file, or choose a folder format (csv or yaml-dir)")
    return _WRITERS[fmt](p, path)
