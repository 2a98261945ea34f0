"""Rendering any answer as a table, CSV or JSON: the one place output is formatted.

A named query's result (:class:`queries.QueryResult`) has a plain-English
:meth:`summary`, a main :meth:`table` (one dict per row) and an optional column
order; :func:`render_result` turns it into what a person or a program reads.
Other data (a summary dict, a list) goes through :func:`to_json`.

Examples
--------
>>> cell(["FIRST", "Catalyst"]), cell(None), cell(0.5)
('FIRST; Catalyst', '', '0.5')
>>> print(csv_text([{"name": "FIRST", "tier": 3}], ["name", "tier"]), end="")
name,tier
FIRST,3
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Literal, Protocol

from pydantic import BaseModel

__all__ = ["TABLE_ROWS", "Format", "Renderable", "cell", "columns_of", "csv_text", "render_result", "table_text", "to_json"]

#: The output formats of a named query.
Format = Literal["table", "json", "csv"]


class Renderable(Protocol):
    """What a result offers to be rendered (every named query's result does)."""

    columns: ClassVar[tuple[str, ...]]

    @property
    def as_of_basis(self) -> str: ...

    @property
    def warnings(self) -> list[str]: ...

    @property
    def coverage(self) -> str: ...

    @property
    def rests_on(self) -> Any: ...

    def table(self) -> list[dict[str, Any]]: ...

    def summary(self) -> str: ...

    def model_dump_json(self, *, indent: int | None = None) -> str: ...


def to_json(data: Any) -> str:
    """Data as indented JSON (dates and other values as text)."""
    return json.dumps(data, indent=2, default=str, ensure_ascii=False)


def cell(v: Any) -> str:
    """One value as a table or CSV cell: lists joined with '; ', models and dicts as JSON."""
    if v is None:
        return ""
    if isinstance(v, (list, tuple, set)):
        return "; ".join(cell(x) for x in v)
    if isinstance(v, BaseModel):
        return json.dumps(v.model_dump(mode="json"))
    if isinstance(v, dict):
        return json.dumps(v, default=str)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def columns_of(rows: Iterable[dict[str, Any]], declared: Sequence[str] = ()) -> list[str]:
    """The declared column order, or every key in order of first appearance."""
    return list(declared) or list(dict.fromkeys(k for r in rows for k in r))


def csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV with a header row; keys not in ``columns`` are left out."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: cell(v) for k, v in r.items()})
    return buf.getvalue()


def table_text(rows: Sequence[dict[str, Any]], columns: Sequence[str], *, width: int = 160) -> str:
    """Rows as a boxed text table ``width`` characters wide at most."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c)
    for r in rows:
        table.add_row(*[cell(r.get(c)) for c in columns])
    console = Console(width=max(100, width), file=io.StringIO(), force_terminal=False, color_system=None)
    console.print(table)
    out: str = console.file.getvalue()  # type: ignore[attr-defined]
    return out


def render_result(result: Renderable, fmt: Format, *, width: int = 160) -> str:
    """A named query's answer: the date it is for and why, any warnings, its summary, what the data
    covers and what the answer rests on, and its table (``table``); its table as CSV; or its model as JSON (``as_of``, ``as_of_basis`` and
    ``warnings`` among its fields)."""
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    rows = result.table()
    columns = columns_of(rows, tuple(result.columns))
    if fmt == "csv":
        return csv_text(rows, columns)
    text = "".join(f"{line}\n" for line in (result.as_of_basis, *(f"Warning: {w}" for w in result.warnings)) if line)
    text += result.summary() + "\n"
    text += "".join(f"{head}: {line}\n" for head, line in (("Coverage", result.coverage),
                                                         ("Rests on", getattr(result.rests_on, "sentence", "")))
                    if line)
    if rows:
        text += table_text(rows[:TABLE_ROWS], columns, width=width)
    if len(rows) > TABLE_ROWS:  # a boxed table of tens of thousands of rows takes a minute and helps nobody
        text += (f"The table shows the first {TABLE_ROWS:,} of {len(rows):,} rows; "
                 "--format csv or --format json gives every row.\n")
    return text


#: The most rows a boxed table shows; CSV and JSON give every row.
TABLE_ROWS = 1_000
