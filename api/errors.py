"""Errors at the project's doors: exit codes, HTTP statuses and the one error payload.

Every error the core raises on purpose is a :class:`~graph_model.BookcaseError`
(the tree is drawn in :mod:`graph_model.errors`). This module maps each kind to an
exit code (:data:`EXIT_CODES`, for the command line) and an HTTP status
(:data:`HTTP_STATUSES`, for the API), each in this one place, and turns an error
into the one JSON payload both doors send (:func:`error_payload`).

Examples
--------
>>> from graph_model import UnknownQuery
>>> err = UnknownQuery("gap", ["gaps", "golden-thread"])
>>> exit_code(err), http_status(err)
(2, 404)
>>> payload = error_payload(err)
>>> payload["status"], payload["code"], payload["details"]["suggestions"]
(404, 'unknown-query', ['gaps'])
"""

from __future__ import annotations

import re
from typing import Any

from graph_model import (
    BookcaseError,
    InvalidParameters,
    InvalidPartnership,
    InvalidTarget,
    UnknownDataset,
    UnknownNode,
    UnknownQuery,
)
from queries.cypher.guard import CypherFailed, RefusedStatement


class NotAllowed(BookcaseError):
    """A request whose key's role does not allow what it asks (Cypher needs an analyst key, reloading an admin's)."""


class BadKey(BookcaseError):
    """A request that presents an API key the server does not know (or a session that has ended)."""

__all__ = ["EXIT_CODES", "HTTP_STATUSES", "BadKey", "NotAllowed", "error_code", "error_payload", "exit_code", "http_status"]

#: Exit codes: 0 success, 1 the input data is invalid, 2 a bad request (an unknown name, a bad option,
#: a target that cannot be written as asked).
EXIT_CODES: dict[type[BookcaseError], int] = {
    InvalidPartnership: 1,
    UnknownDataset: 2,
    UnknownNode: 2,
    UnknownQuery: 2,
    InvalidParameters: 2,
    InvalidTarget: 2,
    NotAllowed: 2,
    BadKey: 2,
    RefusedStatement: 2,  # Cypher the read-only guard refuses (queries.cypher.guard)
    CypherFailed: 2,  # Cypher the engine cannot run: syntax, types, out of time
}

#: HTTP statuses for the same errors (the API's routes document them).
HTTP_STATUSES: dict[type[BookcaseError], int] = {
    InvalidPartnership: 422,
    UnknownDataset: 404,
    UnknownNode: 404,
    UnknownQuery: 404,
    InvalidParameters: 422,
    InvalidTarget: 400,
    NotAllowed: 403,
    BadKey: 401,
    RefusedStatement: 403,
    CypherFailed: 400,
}


def _lookup(err: BookcaseError, table: dict[type[BookcaseError], int], default: int) -> int:
    for cls in type(err).__mro__:
        if cls in table:
            return table[cls]
    return default


def exit_code(err: BookcaseError) -> int:
    """The exit code for ``err`` (1 for a kind the table does not name)."""
    return _lookup(err, EXIT_CODES, 1)


def http_status(err: BookcaseError) -> int:
    """The HTTP status for ``err`` (500 for a kind the table does not name)."""
    return _lookup(err, HTTP_STATUSES, 500)


def error_code(kind: str) -> str:
    """An error kind's code in the payload: ``UnknownNode`` → ``unknown-node``.

    >>> error_code("InvalidParameters"), error_code("BadRequest")
    ('invalid-parameters', 'bad-request')
    """
    return re.sub(r"(?<!^)(?=[A-Z])", "-", kind).lower()


def error_payload(err: BookcaseError) -> dict[str, Any]:
    """The one error shape, the same from the command line (``--format json``) and the API:
    ``status`` (the HTTP status), ``code`` (the kind, e.g. ``unknown-node``), ``message`` (one
    line) and ``details``: ``problems`` (every problem in invalid input), ``suggestions`` (close
    matches) and ``parameters`` (each bad parameter and why), where they apply."""
    details: dict[str, Any] = {}
    if isinstance(err, InvalidPartnership):
        details["problems"] = [p.as_dict() for p in err.problems]
    if isinstance(err, (UnknownNode, UnknownQuery)):
        details["suggestions"] = err.suggestions
    if isinstance(err, InvalidParameters):
        details["parameters"] = list(err.problems)
    return {"status": http_status(err), "code": error_code(type(err).__name__),
            "message": str(err).splitlines()[0], "details": details}
