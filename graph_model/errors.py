"""The project's one error tree.

::

    BookcaseError                     every error the project raises on purpose
    ├── InvalidPartnership            input that cannot become a valid graph; carries every Problem found
    ├── UnknownDataset                a bundled partnership name or path that does not exist
    ├── UnknownNode                   a node named by id or name that is not in the graph (with close matches)
    ├── UnknownQuery                  a named query that is not in the registry (with close matches)
    ├── InvalidParameters             query parameters that do not fit the query's parameter model
    └── InvalidTarget                 a place to write that cannot be used as asked

Each :class:`Problem` names where (file, line or row, field), the rule broken
(:class:`Rule`), what was found and what is allowed. The command line and the
HTTP API each map these to exit codes and statuses in exactly one place.

Examples
--------
>>> p = Problem(Rule.DANGLING_REFERENCE, "edge 'x' points to 'nowhere', which is not a node id",
...             Location(file="york.yaml", line=12, field="to"))
>>> str(p)
"york.yaml, line 12, field 'to': edge 'x' points to 'nowhere', which is not a node id [dangling-reference]"
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

__all__ = [
    "BookcaseError",
    "InvalidParameters",
    "InvalidPartnership",
    "InvalidTarget",
    "Location",
    "Problem",
    "Rule",
    "UnknownDataset",
    "UnknownNode",
    "UnknownQuery",
    "close_matches",
    "shown_value",
]


class Rule(StrEnum):
    """The rules input can break; each problem names one."""

    MALFORMED_FILE = "malformed-file"
    MISSING_COLUMN = "missing-column"
    ROW_LENGTH = "row-length"
    UNKNOWN_NODE_TYPE = "unknown-node-type"
    UNKNOWN_EDGE_TYPE = "unknown-edge-type"
    UNKNOWN_FIELD = "unknown-field"
    MISSING_FIELD = "missing-field"
    INVALID_ID = "invalid-id"
    INVALID_DATE = "invalid-date"
    INVALID_NUMBER = "invalid-number"
    INVALID_VALUE = "invalid-value"
    DUPLICATE_ID = "duplicate-id"
    DUPLICATE_KEY = "duplicate-key"
    DANGLING_REFERENCE = "dangling-reference"
    EDGE_RULE = "edge-rule"
    ACCOUNTABILITY_LOOP = "accountability-loop"
    DATE_ORDER = "date-order"


@dataclass(frozen=True)
class Location:
    """Where a record came from: file, line (text files) or row (CSV), and field."""

    file: str | None = None
    line: int | None = None
    row: int | None = None
    field: str | None = None
    record: str | None = None

    def with_field(self, name: str | None) -> Location:
        return replace(self, field=name)

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.record and self.line is None and self.row is None:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input."""

    rule: Rule
    message: str
    location: Location = field(default_factory=Location)
    allowed: str | None = None

    def __str__(self) -> str:
        where = str(self.location)
        text = f"{where}: {self.message}" if where else self.message
        if self.allowed and "allowed:" not in self.message:
            text += f"; allowed: {self.allowed}"
        return f"{text} [{self.rule.value}]"

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "rule": self.rule.value,
            "message": self.message,
            "allowed": self.allowed,
            "file": loc.file,
            "line": loc.line,
            "row": loc.row,
            "field": loc.field,
            "record": loc.record,
        }


class BookcaseError(Exception):
    """Base class of every error the project raises on purpose."""


class InvalidPartnership(BookcaseError):
    """Input that cannot become a valid partnership graph; nothing is loaded.

    ``problems`` lists every problem found, in the order of the input.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found; nothing was loaded"
        super().__init__(head + "\n" + "\n".join(f"  {p}" for p in self.problems))


class UnknownDataset(BookcaseError):
    """A bundled partnership name, or a path, that does not exist."""


class UnknownNode(BookcaseError):
    """A node reference (id or exact name) that matches no node."""

    def __init__(self, ref: str, suggestions: Sequence[str] = ()) -> None:
        self.ref = ref
        self.suggestions = list(suggestions)
        hint = f"; closest: {', '.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"no node has id or name '{ref}'{hint}")


class UnknownQuery(BookcaseError):
    """A query name that is not in the registry."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        known = list(known)
        self.suggestions = close_matches(name, known)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no named query '{name}'{hint} (see 'bookcase query --list'; known: {', '.join(known)})")


class InvalidParameters(BookcaseError):
    """Query parameters that do not fit the query's parameter model."""

    def __init__(self, query: str, problems: Sequence[str]) -> None:
        self.query = query
        self.problems = list(problems)
        super().__init__(f"bad parameters for query '{query}': " + "; ".join(self.problems))


class InvalidTarget(BookcaseError):
    """A place to write that cannot be used as asked: no format can be told from it, an
    unknown format, a folder where a file should go, or a folder holding other files."""


def shown_value(value: object, limit: int = 80) -> str:
    """A value from a file as a person would write it, for a problem's message.

    >>> [shown_value(v) for v in ("five", 2.0, 2.5, True, None, dt.date(2013, 1, 1), [1], {"a": 1}, b"x")]
    ["'five'", '2', '2.5', 'true', 'an empty value', '2013-01-01', 'a list', 'a mapping', 'binary data']
    """
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f"'{text}'" if text.isprintable() else repr(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if value is None:
        return "an empty value"
    kinds: dict[type, str] = {list: "a list", tuple: "a list", dict: "a mapping", set: "a set", frozenset: "a set",
                              bytes: "binary data", bytearray: "binary data"}
    return kinds.get(type(value), "a value of another kind")


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to ``word`` (case-insensitive), best first.

    >>> close_matches("Servce", ["Service", "Board", "Budget"])
    ['Service']
    """
    cands = list(candidates)
    lowered = {c.lower(): c for c in cands}
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[h] for h in hits]
