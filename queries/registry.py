"""The registry of named queries: each defined once, reached the same way from everywhere.

A named query has a name, a family (one of the eleven question families), a
one-line purpose, a parameter model, a result model and an implementation over
the networkx graph. The CLI, the HTTP API and the Cypher layer reach queries only
through :func:`get_query` / :func:`run_query` / :func:`all_queries`.

Each family's queries are defined in the module named after it
(``queries/reporting_lines.py`` for ``reporting-lines``), which declares its
family once as ``FAMILY`` and passes it to :func:`register`. The package
(``queries/__init__.py``) imports this module and then every family module, so
importing anything from ``queries`` fills the registry.

Every answer is for a date. A query that takes ``as_of`` runs on
:meth:`Partnership.as_of` of that date, or, when none is given, of the partnership's
:meth:`~Partnership.default_day` (today, kept inside the period its data describes;
``today`` fixes the clock). The registry fills the result's ``as_of`` with that date,
``as_of_basis`` with a plain sentence saying why that date, and ``warnings`` with what
the reader must know about it (a date outside the period the data describes). A query
that compares dates of its own (``diff``) states them in ``as_of_basis`` itself.

Examples
--------
>>> from loaders import load_bundled
>>> result = run_query("reporting-line", load_bundled("york"), {"node": "Integrated Commissioning Group"})
>>> result.query, result.partnership, "YorOK Board" in result.summary()
('reporting-line', 'york', True)
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph_model import InvalidParameters, Location, Partnership, UnknownNode, UnknownQuery
from graph_model.partnership import problems_from_validation

__all__ = [
    "FAMILIES",
    "NamedQuery",
    "QueryParams",
    "QueryResult",
    "all_queries",
    "get_query",
    "register",
    "run_query",
]

#: The eleven question families (DOMAIN.md), in the order the documents ask them.
FAMILIES: dict[str, str] = {
    "duplication": "Services of different partners overlapping on outcome, cohort and locality.",
    "gaps": "Priority outcomes, cohorts and localities no active service or no money reaches.",
    "service-map": "Services mapped to outcomes and resources: correlations, overlaps and gaps.",
    "interdependencies": "Which outcomes depend on which, transitively; clusters of interdependent outcomes.",
    "reporting-lines": "Reporting lines through the planning bookcase, what reports to a board, integrity.",
    "golden-thread": "Service → outcome → priority → plan, and what contributes to a priority.",
    "funding": "Money from partners through budgets to services and outcomes.",
    "decommissioning": "What stopping a service leaves uncovered, breaks, and frees.",
    "governance-health": "Governance checks: chairs, terms of reference, thresholds, orphans.",
    "network": "Network position of partners and posts: centrality, board load, brokerage.",
    "change-over-time": "The graph on a date, and what changed between two dates.",
}


class QueryParams(BaseModel):
    """Base of every query's parameter model. A field that names nodes is called ``node``."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class QueryResult(BaseModel):
    """Base of every query's result model.

    The registry fills ``query``, ``partnership``, ``as_of`` (the date the answer is for),
    ``as_of_basis`` (why that date, in a sentence) and ``warnings``. Subclasses implement
    :meth:`table` (the main table, for ``--format table|csv``) and :meth:`summary` (a
    plain-English answer for governance leads).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    query: str = ""
    partnership: str = ""
    as_of: dt.date | None = Field(None, description="The date the answer is for (empty only for a query that "
                                                     "compares dates of its own).")
    as_of_basis: str = Field("", description="Why the answer is for that date (or which dates it compares).")
    warnings: list[str] = Field(default_factory=list, description="What to know about the date of the answer.")

    #: Column order for :meth:`table`; subclasses may set it.
    columns: ClassVar[tuple[str, ...]] = ()

    def table(self) -> list[dict[str, Any]]:
        """The main table of the answer, one dict per row."""
        raise NotImplementedError

    def summary(self) -> str:
        """The answer in a few plain sentences."""
        raise NotImplementedError


P = TypeVar("P", bound=QueryParams)
R = TypeVar("R", bound=QueryResult)


@dataclass(frozen=True)
class NamedQuery(Generic[P, R]):
    """One named query as the registry holds it."""

    name: str
    family: str
    purpose: str
    params: type[P]
    result: type[R]
    run: Callable[[Partnership, P], R]
    as_of: bool = True  # False for a query that compares dates of its own (diff)


_REGISTRY: dict[str, NamedQuery[Any, Any]] = {}


def register(
    name: str, *, family: str, purpose: str, params: type[P], result: type[R], as_of: bool = True
) -> Callable[[Callable[[Partnership, P], R]], Callable[[Partnership, P], R]]:
    """Decorator that registers a query implementation under ``name``.

    ``as_of=False`` marks a query that takes no ``as_of`` (it compares dates of its own).
    """
    if family not in FAMILIES:
        raise ValueError(f"unknown query family {family!r}; families: {', '.join(FAMILIES)}")

    def wrap(fn: Callable[[Partnership, P], R]) -> Callable[[Partnership, P], R]:
        if name in _REGISTRY:
            raise ValueError(f"query {name!r} is registered twice")
        _REGISTRY[name] = NamedQuery(name, family, purpose, params, result, fn, as_of)
        return fn

    return wrap


def all_queries() -> list[NamedQuery[Any, Any]]:
    """Every registered query, in family order then name."""
    order = list(FAMILIES)
    return sorted(_REGISTRY.values(), key=lambda q: (order.index(q.family), q.name))


def get_query(name: str) -> NamedQuery[Any, Any]:
    """The query called ``name`` (raises :class:`UnknownQuery` with close matches)."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownQuery(name, sorted(_REGISTRY)) from None


def parse_params(query: NamedQuery[Any, Any], params: Mapping[str, Any] | QueryParams | None) -> QueryParams:
    """Validate parameters against the query's model (raises :class:`InvalidParameters`)."""
    if isinstance(params, query.params):
        return typing.cast(QueryParams, params)
    try:
        parsed: QueryParams = query.params.model_validate(dict(params or {}))
        return parsed
    except ValidationError as err:
        # The loaders' wording (plain words, values as written), not pydantic's.
        problems = problems_from_validation(err, Location(), "parameters")
        raise InvalidParameters(query.name, [
            f"{p.location.field or 'parameters'}: {p.message}" + (f" (allowed: {p.allowed})" if p.allowed else "")
            for p in problems
        ]) from None


def run_query(
    name: str,
    partnership: Partnership,
    params: Mapping[str, Any] | QueryParams | None = None,
    *,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
) -> QueryResult:
    """Run the named query on ``partnership`` as it stood on ``as_of``, or by default on its
    :meth:`~Partnership.default_day` (``today``: the clock's date unless given)."""
    query = get_query(name)
    parsed = parse_params(query, params)
    if as_of and not query.as_of:
        raise InvalidParameters(name, ["as_of: this query compares two dates of its own and takes no as-of date"])
    dating = partnership.dating(as_of, today=today) if query.as_of else None
    graph = partnership.as_of(dating.day) if dating else partnership
    try:
        result: QueryResult = query.run(graph, parsed)
    except UnknownNode as err:
        if dating is None:
            raise
        try:  # the node may exist but not have been in force on that day: say so
            node = partnership.node(partnership.resolve(err.ref))
        except UnknownNode:
            raise err from None
        start, end = partnership.span(node)
        span = f"{start or 'open'} to {end or 'open'}"
        raise InvalidParameters(name, [f"node: '{err.ref}' was not in force on {dating.day.isoformat()} "
                                       f"(valid {span}); {dating.basis}"]) from None
    update: dict[str, Any] = {"query": name, "partnership": partnership.info.id}
    if dating is not None:
        update |= {"as_of": dating.day, "as_of_basis": dating.basis,
                   "warnings": [*dating.warnings, *result.warnings]}
    return result.model_copy(update=update)
