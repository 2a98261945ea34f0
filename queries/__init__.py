"""Named queries over the partnership graph, reached through one registry.

Importing anything from the package registers every named query: this module
imports the registry, then one module per question family (the families are
:data:`queries.registry.FAMILIES`), each named after its family (``-`` read as
``_``) and registering that family's queries. Family modules share code only
through :mod:`queries.common` and :mod:`queries.money`, never by importing each
other (``tests/queries/test_registry.py`` checks all of this).
"""

from .registry import FAMILIES, NamedQuery, QueryParams, QueryResult, all_queries, get_query, register, run_query

# One module per question family; importing each registers its queries.
from . import (  # isort: skip
    change_over_time,
    commissioning_maturity,
    decommissioning,
    duplication,
    funding,
    gaps,
    golden_thread,
    governance_health,
    interdependencies,
    network,
    reporting_lines,
    service_map,
)

__all__ = [
    "FAMILIES",
    "NamedQuery",
    "QueryParams",
    "QueryResult",
    "all_queries",
    "get_query",
    "register",
    "run_query",
    # the family modules
    "change_over_time",
    "commissioning_maturity",
    "decommissioning",
    "duplication",
    "funding",
    "gaps",
    "golden_thread",
    "governance_health",
    "interdependencies",
    "network",
    "reporting_lines",
    "service_map",
]
