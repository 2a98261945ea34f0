"""Read-only means read-only: the one guard every door runs analyst Cypher through.

The engine's own read-only mode is not enough (it exists only for databases on disk, and even
there ``COPY … TO``, ``LOAD FROM``, ``EXPORT DATABASE``, ``INSTALL``, ``CALL <setting>=…``
and several statements in one call all run; ``CALL READ_CSV_SERIAL(…)`` crashes the
process). So a statement is checked by the project before the engine sees it, and again on
the engine's own plan before it runs:

1. **On the text** (:func:`check_text`, nothing reaches the engine until it passes): one
   statement only (a ``;`` may only end it); no string literal: every value is a parameter
   (``$name``, given with ``--param name=value``); the statement starts with a read clause,
   and every clause keyword in it is one of :data:`READ_CLAUSES`. Comments, backquoted
   names, properties (``n.set``), labels and parameters are not clauses.
2. **On the plan** (:func:`check_plan`, from ``EXPLAIN``, which plans without running):
   every operator is one of :data:`READ_OPERATORS` and every table function one of
   :data:`READ_FUNCTIONS`. What the text check might miss (a clause it does not know, a
   write hidden in an expression) fails here, closed: an operator not on the list is refused.
3. **When it runs** (:func:`run`): the connection's query timeout stops it after
   :attr:`Limits.timeout_ms`, and at most :attr:`Limits.max_rows` rows are read (the answer
   says when more were left).

A refusal is a :class:`RefusedStatement` naming the clause, operator or function and what is
allowed. ``writable=True`` (``bookcase cypher --write`` on a local database folder) adds the
write clauses (``CREATE``, ``MERGE``, ``SET``, ``DELETE``) and their operators and nothing
else: files, extensions, settings and several statements stay refused.

Examples
--------
>>> check_text("MATCH (b:Board {id: $id}) RETURN b.name")
>>> check_text("MATCH (b:Board) SET b.name = $name")
Traceback (most recent call last):
...
queries.cypher.guard.RefusedStatement: refused: SET is a write; analyst Cypher may only read (writes need bookcase cypher --write on a local database folder)
>>> check_text("MATCH (b:Board {name: 'YorOK Board'}) RETURN b")
Traceback (most recent call last):
...
queries.cypher.guard.RefusedStatement: refused: the string literal 'YorOK Board' (line 1, column 23); every value is a parameter: write $name in the query and give --param name=value
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph_model import BookcaseError

if TYPE_CHECKING:  # the engine is imported by whoever opens a database, not by every command that maps errors
    import ladybug as lb

__all__ = [
    "READ_CLAUSES",
    "READ_FUNCTIONS",
    "READ_OPERATORS",
    "WRITE_CLAUSES",
    "Answer",
    "CypherFailed",
    "Limits",
    "EngineFailed",
    "RefusedStatement",
    "check_plan",
    "check_text",
    "plan_of",
    "run",
]


class RefusedStatement(BookcaseError):
    """A Cypher statement the read-only guard does not let through (the message names why)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"refused: {reason}")


class CypherFailed(BookcaseError):
    """The engine could not run a statement the guard let through: a syntax or type error, or its time ran out."""


class EngineFailed(CypherFailed):
    """The engine's process died, or stopped answering, while running a statement (the server's worker)."""


@dataclass(frozen=True)
class Limits:
    """How long a statement may run and how many rows an answer holds at most."""

    timeout_ms: int = 30_000
    max_rows: int = 100_000


#: The clauses analyst Cypher may use, as the refusal message names them.
READ_CLAUSES = ("MATCH", "OPTIONAL MATCH", "WHERE", "WITH", "UNWIND", "RETURN", "ORDER BY", "SKIP", "LIMIT", "UNION")
#: The clauses ``--write`` adds.
WRITE_CLAUSES = ("CREATE", "MERGE", "SET", "DELETE", "DETACH DELETE")

#: Every keyword that starts or names a clause in the engine's dialect (and Neo4j's); a word here
#: that is not a read clause's is refused wherever it stands as a bare word.
_CLAUSE_WORDS = frozenset({
    "MATCH", "OPTIONAL", "WHERE", "WITH", "UNWIND", "RETURN", "ORDER", "SKIP", "LIMIT", "UNION",
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "RENAME", "COMMENT",
    "COPY", "LOAD", "EXPORT", "IMPORT", "INSTALL", "UNINSTALL", "UPDATE", "ATTACH", "USE", "CALL", "YIELD",
    "BEGIN", "COMMIT", "ROLLBACK", "CHECKPOINT", "TRANSACTION", "EXPLAIN", "PROFILE", "FOREACH",
    "PROJECT", "MACRO", "FINISH", "TRUNCATE", "GRANT", "REVOKE", "SHOW", "TERMINATE", "ENABLE", "DISABLE",
})
_READ_WORDS = frozenset({"MATCH", "OPTIONAL", "WHERE", "WITH", "UNWIND", "RETURN", "ORDER", "SKIP", "LIMIT",
                         "UNION"})
_WRITE_WORDS = frozenset({"CREATE", "MERGE", "SET", "DELETE", "DETACH"})
_READ_STARTS = frozenset({"MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN"})
_WRITE_STARTS = frozenset({"CREATE", "MERGE"})
#: How a refused word is named: the clause it begins.
_CLAUSE_NAMES = {"DETACH": "DETACH DELETE", "LOAD": "LOAD FROM", "EXPORT": "EXPORT DATABASE",
                 "IMPORT": "IMPORT DATABASE", "ORDER": "ORDER BY", "OPTIONAL": "OPTIONAL MATCH",
                 "CALL": "CALL (procedures, table functions and settings)"}

#: The plan operators of reading statements (from ``EXPLAIN``); anything else is refused.
READ_OPERATORS = frozenset({
    "RESULT_COLLECTOR", "PROJECTION", "FILTER", "FLATTEN", "LIMIT", "SKIP", "MULTIPLICITY_REDUCER",
    "SCAN_NODE_TABLE", "PRIMARY_KEY_SCAN_NODE_TABLE", "SCAN_REL_TABLE", "QUERY_PRIMARY_KEY_LOOKUP",
    "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "INTERSECT_BUILD", "INTERSECT", "CROSS_PRODUCT", "SEMI_MASKER",
    "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN",
    "TOP_K", "TOP_K_SCAN", "UNWIND", "UNION_ALL_SCAN", "RECURSIVE_EXTEND", "PATH_PROPERTY_PROBE",
    "DUMMY_SINK", "EMPTY_RESULT", "TABLE_FUNCTION_CALL", "COUNT_REL_TABLE",
})
#: The operators ``--write`` adds.
WRITE_OPERATORS = frozenset({"INSERT", "SET_PROPERTY", "DELETE", "MERGE"})
#: The table functions a reading plan may call: the engine's own reading of an intermediate result.
READ_FUNCTIONS = frozenset({"READ_FTABLE"})

_WORD = re.compile(r"[^\W\d]\w*")  # any letter: ch.isalpha() below is true for ý too
#: An operator's name and number, as ``NAME[12]``; it counts as an operator where only blanks stand between
#: it and a box's sides (:func:`_operators`). The plan pads its boxes with long runs of blanks, so a pattern
#: that started at every side and ran over the blanks took longer than the statement itself.
_OPERATOR = re.compile(r"([A-Z][A-Z_]*)\[\d+\]")
_BLANKS = frozenset(" \t\r\n")
_FUNCTION = re.compile(r"Function:\s*([A-Za-z_][A-Za-z0-9_]*)")


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def _allowed_clauses(writable: bool) -> str:
    return ", ".join((*READ_CLAUSES, *WRITE_CLAUSES) if writable else READ_CLAUSES)


def _words(text: str) -> list[tuple[str, int]]:
    """The bare words of ``text`` outside comments, strings and backquoted names, with their
    positions; a word after ``.``, ``$`` or ``:`` (a property, a parameter, a label) is no keyword
    and is left out. Refuses string literals and a second statement on the way."""
    words: list[tuple[str, int]] = []
    i, n = 0, len(text)
    previous = ""  # the last character outside comments and blanks
    while i < n:
        ch = text[i]
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise RefusedStatement(f"a comment opened at {_position(text, i)} is never closed")
            i = end + 2
        elif ch in "'\"":
            end = i + 1
            while end < n and text[end] != ch:
                end += 2 if text[end] == "\\" else 1
            raise RefusedStatement(f"the string literal {text[i:end + 1]} ({_position(text, i)}); every value is a "
                                   "parameter: write $name in the query and give --param name=value")
        elif ch == "`":
            end = text.find("`", i + 1)
            if end < 0:
                raise RefusedStatement(f"a name quoted at {_position(text, i)} is never closed")
            i, previous = end + 1, "`"
        elif ch == ";":
            if _words_after(text, i + 1):
                raise RefusedStatement(f"several statements ({_position(text, i)}: ';' ends the first); "
                                       "give one statement at a time")
            i = n
        elif ch.isalpha() or ch == "_":
            found = _WORD.match(text, i)
            assert found is not None
            if previous not in (".", "$", ":"):
                words.append((found.group(), i))
            i, previous = found.end(), "w"
        else:
            if not ch.isspace():
                previous = ch
            i += 1
    return words


def _words_after(text: str, start: int) -> bool:
    """Whether anything but blanks, semicolons and comments follows ``start``."""
    rest = re.sub(r"//[^\n]*|/\*.*?\*/", "", text[start:], flags=re.S)
    return bool(rest.strip(" \t\r\n;"))


def check_text(text: str, *, writable: bool = False) -> None:
    """Refuse ``text`` unless it is one reading statement with every value a parameter (see the module notes)."""
    words = _words(text)
    if not words:
        raise RefusedStatement("an empty statement")
    first, _ = words[0]
    starts = _READ_STARTS | (_WRITE_STARTS if writable else frozenset())
    allowed = _READ_WORDS | (_WRITE_WORDS if writable else frozenset())
    for word, _ in words:
        upper = word.upper()
        if upper in _CLAUSE_WORDS and upper not in allowed:
            clause = _CLAUSE_NAMES.get(upper, upper)
            if upper in _WRITE_WORDS:
                raise RefusedStatement(f"{clause} is a write; analyst Cypher may only read (writes need "
                                       "bookcase cypher --write on a local database folder)")
            raise RefusedStatement(f"{clause} is not a read clause; analyst Cypher may only read "
                                   f"(allowed clauses: {_allowed_clauses(writable)})")
    if first.upper() not in starts:
        raise RefusedStatement(f"a statement may not start with {first}; it starts with one of "
                               f"{', '.join(sorted(starts))}")


def plan_of(conn: lb.Connection, text: str, parameters: Mapping[str, Any] | None = None) -> str:
    """The engine's plan of ``text`` (``EXPLAIN``: planned, not run). Call only after :func:`check_text`."""
    try:
        result = conn.execute(f"EXPLAIN {text}", dict(parameters or {}))
    except RuntimeError as err:
        raise CypherFailed(_engine_message(err)) from None
    assert not isinstance(result, list)
    row = result.get_next()
    assert isinstance(row, list)
    return str(row[0])


def _operators(plan: str) -> list[str]:
    """The operators in a plan: each ``NAME[n]`` alone in its box, between sides ``│`` with only blanks around.

    >>> _operators("│   FILTER[3]   │ │ x = FOO[1] │ │  SCAN_NODE_TABLE[0]  │")
    ['FILTER', 'SCAN_NODE_TABLE']
    """
    found = []
    for match in _OPERATOR.finditer(plan):
        before, after = match.start() - 1, match.end()
        while before >= 0 and plan[before] in _BLANKS:
            before -= 1
        while after < len(plan) and plan[after] in _BLANKS:
            after += 1
        if before >= 0 and plan[before] == "│" and after < len(plan) and plan[after] == "│":
            found.append(match.group(1))
    return found


def check_plan(plan: str, *, writable: bool = False) -> None:
    """Refuse a plan with an operator or a table function that does not only read."""
    operators = _operators(plan)
    if not operators:
        raise RefusedStatement("the engine's plan could not be read, so the statement cannot be shown to only read")
    allowed = READ_OPERATORS | (WRITE_OPERATORS if writable else frozenset())
    for operator in operators:
        if operator not in allowed:
            raise RefusedStatement(f"the engine would run {operator}, which is not a read; analyst Cypher may only "
                                   f"read (allowed clauses: {_allowed_clauses(writable)})")
    for function in _FUNCTION.findall(plan):
        if function.upper() not in READ_FUNCTIONS:
            raise RefusedStatement(f"the engine would call the table function {function}, which reads outside the "
                                   f"graph or changes a setting; analyst Cypher may only read the graph")


def _engine_message(err: Exception) -> str:
    message = str(err).strip()
    if "interrupted" in message.lower() or "timeout" in message.lower():
        return f"the statement ran out of time ({message})"
    if "buffer pool is full" in message.lower():
        return ("the statement needed more memory than the engine may use here; narrow it (fewer hops in a "
                "variable-length path, a LIMIT, an anchor node) or, on a server, raise BOOKCASE_CYPHER_MEMORY_MB "
                f"({message})")
    return message


@dataclass(frozen=True)
class Answer:
    """What a statement returned: its columns, at most the row limit of rows, and whether more were left."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    max_rows: int = 0

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def parameters_named(text: str) -> tuple[str, ...]:
    """The parameters ``text`` names (``$name``), each once, in order, outside comments.

    >>> parameters_named("MATCH (s:Service {id: $node}) /* not $this */ WHERE s.status = $active RETURN s")
    ('node', 'active')
    """
    bare = re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)
    return tuple(dict.fromkeys(_PARAMETER.findall(bare)))


def check_parameters(text: str, parameters: Mapping[str, Any]) -> None:
    """Refuse a statement that names a parameter it is not given: the engine would read it as null and
    answer as if nothing matched (``WHERE s.status = $active`` finds no service), which reads as a real
    answer."""
    missing = [name for name in parameters_named(text) if name not in parameters]
    if missing:
        named = ", ".join(f"${name}" for name in missing)
        raise RefusedStatement(f"the statement uses {named}, not given: give every parameter it names (bookcase "
                               f"cypher --param {missing[0]}=VALUE; a twin's file gives each default on its "
                               f"'// ${missing[0]}:' line)")


def run(conn: lb.Connection, text: str, parameters: Mapping[str, Any] | None = None, *,
        limits: Limits | None = None, writable: bool = False) -> Answer:
    """Run one analyst statement through the guard: text, then plan, then within the limits.

    >>> from loaders import load_bundled
    >>> from queries.cypher.load import build_database, connect
    >>> conn = connect(build_database(load_bundled("york")))
    >>> run(conn, "MATCH (b:Board {id: $id}) RETURN b.name AS name", {"id": "yorok-board"}).records()
    [{'name': 'YorOK Board'}]
    """
    limits = limits or Limits()
    check_text(text, writable=writable)
    values = dict(parameters or {})
    check_parameters(text, values)
    check_plan(plan_of(conn, text, values), writable=writable)
    conn.set_query_timeout(int(limits.timeout_ms))
    try:
        result = conn.execute(text, values)
        assert not isinstance(result, list)
        columns = result.get_column_names()
        rows: list[list[Any]] = []
        while result.has_next() and len(rows) < limits.max_rows:
            row = result.get_next()
            assert isinstance(row, list)
            rows.append(row)
        truncated = result.has_next()
        result.close()
    except RuntimeError as err:
        raise CypherFailed(_engine_message(err)) from None
    return Answer(columns, rows, truncated, limits.max_rows)
