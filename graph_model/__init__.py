"""The partnership graph model: schema, typed records, the graph object and its errors.

Pure: no file, network or database I/O, and no imports from sibling packages.

=====================  ==========================================================
module                 what it holds
=====================  ==========================================================
:mod:`.schema`         **the** schema: node types, edge types, the node types each
                       edge may join, and constants such as the tender threshold
:mod:`.models`         one frozen pydantic model per node and edge type
:mod:`.partnership`    the :class:`Partnership` (typed indexes, ``tops()``,
                       ``as_of``, ``.graph``) and validation into it
:mod:`.errors`         the one error tree and :class:`Problem`
:mod:`.summary`        what ``bookcase show`` prints
=====================  ==========================================================

A new node or edge type starts in :mod:`.schema`; the drift tests then point at
everything else that must follow.
"""

from .errors import (
    BookcaseError,
    InvalidParameters,
    InvalidPartnership,
    InvalidTarget,
    Location,
    Problem,
    Rule,
    Severity,
    UnknownDataset,
    UnknownNode,
    UnknownQuery,
)
from .models import (
    EDGE_MODELS,
    NODE_MODELS,
    Coverage,
    EdgeBase,
    NodeBase,
    PartnershipInfo,
    dump_record,
    parse_edge,
    parse_node,
    record_data,
)
from .partnership import Partnership, RawRecord, build_partnership
from .schema import BODY_TYPES, EDGE_RULES, GOVERNANCE_EDGES, NODE_TYPES, TENDER_THRESHOLD, EdgeRule, EdgeType, NodeType
from .summary import bodies_below, summarise
from .timeframe import Dating

__all__ = [
    "BODY_TYPES",
    "BookcaseError",
    "Dating",
    "EDGE_MODELS",
    "EDGE_RULES",
    "EdgeBase",
    "EdgeRule",
    "EdgeType",
    "GOVERNANCE_EDGES",
    "InvalidParameters",
    "InvalidPartnership",
    "InvalidTarget",
    "Location",
    "NODE_MODELS",
    "NODE_TYPES",
    "NodeBase",
    "NodeType",
    "Partnership",
    "Coverage",
    "PartnershipInfo",
    "Problem",
    "RawRecord",
    "Rule",
    "Severity",
    "TENDER_THRESHOLD",
    "UnknownDataset",
    "UnknownNode",
    "UnknownQuery",
    "bodies_below",
    "build_partnership",
    "dump_record",
    "parse_edge",
    "parse_node",
    "record_data",
    "summarise",
]
