"""Loaders: partnership files in and out (YAML, CSV, JSON) and the bundled partnerships.

Each format has a pure ``parse_*`` function over text or rows, returning raw
records with their :class:`~graph_model.Location` (:class:`Parsed`), and thin
``read_*`` / ``write_*`` wrappers over files. :func:`load` and :func:`write` pick
the format. Loading either returns a whole, valid
:class:`~graph_model.Partnership` or raises
:class:`~graph_model.InvalidPartnership` with every problem found, each naming
its file, line or row, field, rule and what is allowed. Writes are atomic.

=========  ==========================================  =====================
format     on disk                                     locations
=========  ==========================================  =====================
yaml       one ``.yaml``/``.yml`` file                 file, line of the field
yaml-dir   a folder of ``.yaml`` files                 file, line of the field
csv        ``partnership.csv``, ``nodes.csv``,         file, row (header is
           ``edges.csv`` in a folder                   row 1), column
json       one ``.json`` file                          file, line (writer's
                                                       layout) or index
=========  ==========================================  =====================

The seeded synthetic partnerships with planted faults come from the
:mod:`loaders.synthetic` package, imported from there only when needed. The
bundled partnerships are folders of YAML in ``loaders/data/``. Importers of the
standards councils publish (Open Referral UK / HSDS, 360Giving, OCDS, Popolo) live in
:mod:`loaders.importers`, each a pure parse step with a thin file reader; the GEXF and
GraphML formats (for Gephi, yEd, Cytoscape; read back whole) are in :mod:`.graph_io`, with
node-link JSON (written only), all in :data:`FORMATS`. This package imports only
:mod:`graph_model` (and networkx and the standards' schema validator).

Examples
--------
>>> york = load("york")
>>> york.info.id
'york'
"""

from ._common import Parsed
from .csv_io import EDGE_COLUMNS, NODE_COLUMNS, parse_csv_rows, read_csv, write_csv
from .formats import (
    EXPORT_ONLY,
    FORMATS,
    bundled_names,
    bundled_path,
    detect_format,
    dump_export_text,
    format_from_suffix,
    graph_for_export,
    load,
    load_bundled,
    target_format,
    write,
    write_gexf,
    write_graphml,
    write_node_link,
)
from .json_io import parse_json_text, read_json, write_json
from .yaml_io import parse_yaml_text, read_yaml, write_yaml, write_yaml_dir

__all__ = [
    "EDGE_COLUMNS",
    "EXPORT_ONLY",
    "FORMATS",
    "NODE_COLUMNS",
    "Parsed",
    "bundled_names",
    "bundled_path",
    "detect_format",
    "dump_export_text",
    "format_from_suffix",
    "graph_for_export",
    "load",
    "load_bundled",
    "parse_csv_rows",
    "parse_json_text",
    "parse_yaml_text",
    "read_csv",
    "read_json",
    "read_yaml",
    "target_format",
    "write",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_node_link",
    "write_json",
    "write_yaml",
    "write_yaml_dir",
]
