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
(:class:`Rule`), what was found and what is allowed, and how serious it is
(:class:`Severity`): an error stops the data loading; a warning (a service whose
recorded status its own dates contradict) is kept on the loaded
:attr:`Partnership.warnings <graph_model.Partnership.warnings>` and shown by
``bookcase validate`` and ``bookcase show``. A problem that only follows
from another (an edge that cannot be checked because a node it names could not be
read) points at that problem with ``caused_by``; :class:`InvalidPartnership` keeps
every problem, and its text leads with each cause and folds what follows from it.
The command line and the HTTP API each map these to exit codes and statuses in
exactly one place.

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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

__all__ = [
    "BookcaseError",
    "InvalidParameters",
    "InvalidPartnership",
    "InvalidTarget",
    "Location",
    "NotInForce",
    "Problem",
    "Rule",
    "Severity",
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
    STATUS_DATES = "status-dates"


class Severity(StrEnum):
    """How serious a problem is: an error stops loading; a warning is reported and the data loads."""

    ERROR = "error"
    WARNING = "warning"


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
    """One thing wrong with the input.

    ``caused_by`` is set on a problem that only follows from another one (an edge
    that could not be checked because a node it names could not be read): fixing
    the cause makes it go away, or lets it be checked properly. ``severity`` is
    :attr:`Severity.ERROR` unless the problem is only a warning.
    """

    rule: Rule
    message: str
    location: Location = field(default_factory=Location)
    allowed: str | None = None
    caused_by: Problem | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = str(self.location)
        text = f"{where}: {self.message}" if where else self.message
        if self.allowed and "allowed:" not in self.message:
            text += f"; allowed: {self.allowed}"
        return f"{text} [{self.rule.value}]"

    def as_dict(self) -> dict[str, object]:
        """The problem as plain data; ``caused_by`` is the cause's own dict, or None."""
        loc = self.location
        return {
            "rule": self.rule.value,
            "severity": self.severity.value,
            "message": self.message,
            "allowed": self.allowed,
            "file": loc.file,
            "line": loc.line,
            "row": loc.row,
            "field": loc.field,
            "record": loc.record,
            "caused_by": self.caused_by.as_dict() if self.caused_by is not None else None,
        }


class BookcaseError(Exception):
    """Base class of every error the project raises on purpose."""


class InvalidPartnership(BookcaseError):
    """Input that cannot become a valid partnership graph; nothing is loaded.

    ``problems`` lists every problem found, in the order of the input, consequences
    included (each with ``caused_by``). The text (what the command line prints)
    lists each independent problem in input order and folds the problems that follow
    from it under it: one is shown in full, several are counted in one line.

    >>> cause = Problem(Rule.UNKNOWN_NODE_TYPE, "unknown node type 'Servise'; did you mean Service?",
    ...                 Location("s.yaml", 8, field="type", record="node 'first'"))
    >>> edges = [Problem(Rule.DANGLING_REFERENCE, f"edge {i} from 'first', a node that could not be read",
    ...                  Location("s.yaml", 20 + i, field="from"), caused_by=cause) for i in range(3)]
    >>> print(InvalidPartnership([cause, *edges]))
    1 problem found, and 3 more that follow from it; nothing was loaded
      s.yaml, line 8, field 'type': unknown node type 'Servise'; did you mean Service? [unknown-node-type]
        … and 3 edges to or from node 'first' could not be checked (they name a node that could not be read)
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(render_problems(self.problems))

    def __str__(self) -> str:
        return render_problems(self.problems)


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


class NotInForce(UnknownNode, InvalidParameters):
    """A node parameter naming a node that exists in the data but not in the graph the answer is worked out on
    (not in force on the day asked about, or left out with the project's readings): an unknown node to the API
    (404), and a bad parameter to the query (its problem says why)."""

    def __init__(self, query: str, ref: str, problem: str) -> None:
        self.ref, self.suggestions = ref, []
        self.query, self.problems = query, [problem]
        BookcaseError.__init__(self, f"bad parameters for query '{query}': {problem}")


class InvalidTarget(BookcaseError):
    """A place to write that cannot be used as asked: no format can be told from it, an
    unknown format, a folder where a file should go, or a folder holding other files."""


def render_problems(problems: Sequence[Problem]) -> str:
    """The problems as text for people: a head line, then each independent problem with what follows from it folded."""
    listed = set(problems)
    follows: dict[Problem, list[Problem]] = defaultdict(list)
    for p in problems:
        if p.caused_by is not None and p.caused_by in listed:
            follows[p.caused_by].append(p)
    lines: list[str] = []
    for p in problems:
        if p.caused_by is not None and p.caused_by in listed:
            continue
        lines.append(f"  {p}")
        after = follows.get(p)
        if after:
            lines.append("    " + (str(after[0]) if len(after) == 1 else _folded(p, after)))
    shown = len(problems) - sum(len(v) for v in follows.values())
    head = f"{shown} problem{'s' if shown != 1 else ''} found"
    if follows:
        more = len(problems) - shown
        head += f", and {more} more that follow{'s' if more == 1 else ''} from {'it' if shown == 1 else 'them'}"
    return "\n".join([f"{head}; nothing was loaded", *lines])


def _folded(cause: Problem, after: Sequence[Problem]) -> str:
    n = len(after)
    if all(p.rule is Rule.DANGLING_REFERENCE for p in after):
        subject = cause.location.record or "a node"
        return f"… and {n} edges to or from {subject} could not be checked (they name a node that could not be read)"
    return f"… and {n} more problems that follow from this one"


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
