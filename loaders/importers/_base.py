"""What every importer shares: the draft a parse step makes of one file, and its report.

A parse step (``parse_oruk``, ``parse_360giving`` …) is pure: it takes a parsed JSON
document (or the rows of a tabular package) and the file's name, and returns a
:class:`Draft`, raw node and edge records of the project's schema, each naming its
source (file, record, licence), with a :class:`FileReport` saying what was read,
kept, dropped, stripped for privacy, and which records had problems and what was done
with them. Nothing is validated here: :func:`loaders.importers.assemble` merges the
drafts and hands the records to the project's validated path
(:class:`loaders.Parsed`, :func:`graph_model.build_partnership`).

Examples
--------
>>> slug("Break O'Day Council / Mayor")
'break-o-day-council-mayor'
>>> plain_text("<p>Tai&nbsp;chi <b>for</b> all</p><p><br></p>")
'Tai chi for all'
>>> scrub_personal("Ring Jane on 07700 900123 or jane.smith@example.org", Counter())
'Ring Jane on [phone number removed] or [e-mail address removed]'
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph_model import Location
from graph_model.models import default_edge_id

__all__ = [
    "Draft",
    "items",
    "mapping",
    "number",
    "FileReport",
    "RecordProblem",
    "SchemaNote",
    "day",
    "org_id",
    "plain_text",
    "scrub_personal",
    "sector_of",
    "slug",
]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def items(value: object) -> list[Any]:
    """The entries of a field a standard gives as a list, whatever a feed put there: a list as it is, one
    object as a list of it, anything else (a number, text, true) as nothing.

    >>> items([1, 2]), items({"name": "x"}), items(True), items(None)
    ([1, 2], [{'name': 'x'}], [], [])
    """
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, Mapping):
        return [value]
    return []


def mapping(value: object) -> Mapping[str, Any]:
    """A field a standard gives as an object, or an empty one when a feed put something else there."""
    return value if isinstance(value, Mapping) else {}


def number(value: object) -> float | None:
    """A finite number from a field a standard gives as a number (true, false, NaN and infinities are not).

    >>> number(5), number(True), number(float("inf")), number("5")
    (5.0, None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def slug(text: str, *, limit: int = 80) -> str:
    """A valid id from any text: lower case, runs of other characters made one ``-`` (``x`` when nothing is left)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = _NOT_SLUG.sub("-", plain.lower()).strip("-")[:limit].strip("-")
    return out or "x"


_TAG = re.compile(r"<[^>]+>")
#: White space, no-break spaces and control characters (a feed's stray \x03: never text, and not allowed in
#: XML exports), each run made one space.
_SPACE = re.compile(r"[\s\xa0\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")


def plain_text(text: object) -> str | None:
    """Text without HTML tags and entities, white space collapsed; None when nothing is left."""
    if not isinstance(text, str):
        return None
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    out = _SPACE.sub(" ", text).strip()
    return out or None


_DIGITS = re.compile(r"\d{3}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w£$])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)")


def scrub_personal(text: str | None, stripped: Counter[str]) -> str | None:
    """``text`` with e-mail addresses and UK telephone numbers taken out, each counted in ``stripped``.

    A directory's free text often names a contact's address or number; the partnership graph
    keeps neither (who to ring is the directory's job, and the person behind it is not modelled).
    """
    if not text:
        return text
    emails = phones = 0
    if "@" in text:
        text, emails = _EMAIL.subn("[e-mail address removed]", text)
    if _DIGITS.search(text):
        text, phones = _PHONE.subn("[phone number removed]", text)
    if emails:
        stripped["e-mail addresses in free text"] += emails
    if phones:
        stripped["telephone numbers in free text"] += phones
    return text


_ORG_ID = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,6}-\S+$")


def org_id(value: object) -> str | None:
    """An org-id.guide identifier (``GB-CHC-1126147``) normalised, or None when ``value`` is not one.

    >>> org_id(" gb-coh-03864620 "), org_id("360G-WilliamGrantFdn"), org_id(None)
    ('GB-COH-03864620', None, None)
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    prefix, _, rest = text.partition("-")
    scheme, _, local = rest.partition("-")
    candidate = f"{prefix.upper()}-{scheme.upper()}-{local}" if local else text.upper()
    return candidate if _ORG_ID.match(candidate) else None


#: Sectors that an org-id scheme states (a registered charity is in the voluntary sector); schemes that
#: do not say (companies, supplier registers) are left out and the partner's sector stays empty.
_SCHEME_SECTORS: dict[str, str] = {
    "GB-CHC": "voluntary-community", "GB-SC": "voluntary-community", "GB-NIC": "voluntary-community",
    "GB-LAE": "local-authority", "GB-LAS": "local-authority", "GB-LAW": "local-authority",
    "GB-LANI": "local-authority", "GB-PLA": "local-authority", "GB-NHS": "health", "GB-EDU": "education",
    "GB-GOR": "central-government", "GB-GOVUK": "central-government",
}


def sector_of(identifiers: Iterable[str]) -> str | None:
    """The sector the partner's org-id schemes state, when they agree on one.

    >>> sector_of(["GB-CHC-1126147", "GB-COH-06714178"]), sector_of(["GB-COH-1"])
    ('voluntary-community', None)
    """
    found = {_SCHEME_SECTORS[s] for i in identifiers if (s := "-".join(i.split("-")[:2])) in _SCHEME_SECTORS}
    return found.pop() if len(found) == 1 else None


def day(value: object) -> str | None:
    """The date part (``YYYY-MM-DD``) of an ISO date or date-time, or None when there is none.

    >>> day("2020-04-01T00:00:00Z"), day("2017-11-21T00:00:00.000Z"), day("soon"), day("2019")
    ('2020-04-01', '2017-11-21', None, None)
    """
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class RecordProblem:
    """A record inside a sound file that could not be imported as it stands, and what was done."""

    record: str
    field: str | None
    message: str
    action: str

    def __str__(self) -> str:
        where = f"{self.record}, field '{self.field}'" if self.field else self.record
        return f"{where}: {self.message}; {self.action}"


@dataclass
class SchemaNote:
    """Records that break one rule of the standard's own schema, counted, with the first few named."""

    path: str
    rule: str
    message: str
    count: int = 0
    records: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        names = ", ".join(self.records[:3]) + (f" and {self.count - 3} more" if self.count > 3 else "")
        return f"{self.path or '(record)'} [{self.rule}]: {self.count} × e.g. {self.message} ({names})"


@dataclass
class FileReport:
    """What the import made of one file: counts, what was kept, dropped or stripped, and problem records."""

    file: str
    standard: str
    licence: str | None = None
    read: Counter[str] = field(default_factory=Counter)
    problems: list[RecordProblem] = field(default_factory=list)
    schema: dict[tuple[str, str], SchemaNote] = field(default_factory=dict)
    empty_values: Counter[str] = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)
    unmapped: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    stripped: Counter[str] = field(default_factory=Counter)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    totals: list[tuple[str, str, float, int]] = field(default_factory=list)

    def schema_problem(self, record: str, path: str, rule: str, message: str) -> None:
        """Count one schema deviation (grouped by path and rule; the path's list indexes dropped)."""
        key = re.sub(r"/\d+(?=/|$)", "/*", path), rule
        note = self.schema.get(key)
        if note is None:
            note = self.schema[key] = SchemaNote(key[0], rule, message)
        note.count += 1
        if len(note.records) < 3:
            note.records.append(record)

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (the JSON report)."""
        return {
            "file": self.file, "standard": self.standard, "licence": self.licence, "read": dict(self.read),
            "problems": [{"record": p.record, "field": p.field, "message": p.message, "action": p.action}
                         for p in self.problems],
            "schema": [{"path": n.path, "rule": n.rule, "count": n.count, "example": n.message,
                        "records": n.records} for n in self.schema.values()],
            "empty_values": dict(self.empty_values), "kept": self.kept, "unmapped": dict(self.unmapped),
            "dropped": dict(self.dropped), "stripped": dict(self.stripped),
            "renamed": [{"from": a, "to": b} for a, b in self.renamed],
            "totals": [{"partner": pid, "name": name, "amount": amount, "grants": n}
                       for pid, name, amount, n in self.totals],
        }


@dataclass
class Draft:
    """Raw records of the project's schema made from one file, with where each came from, and the report.

    ``partner_keys`` holds, for each Partner made, the org-id identifiers and the name it can be
    merged on; ``service_keys`` the references (an OCDS ocid) by which an imported service is
    known to be one a partnership already records.
    """

    file: str
    standard: str
    licence: str | None = None
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    where: dict[str, Location] = field(default_factory=dict)
    edges: dict[str, dict[str, Any]] = field(default_factory=dict)
    edge_where: dict[str, Location] = field(default_factory=dict)
    service_keys: dict[str, str] = field(default_factory=dict)
    tabular: bool = False
    tick: Callable[[int, int], None] | None = None
    report: FileReport = field(init=False)

    def __post_init__(self) -> None:
        self.report = FileReport(self.file, self.standard, self.licence)
        self._next: dict[str, int] = {}
        self._licence_text = self.licence or "licence not stated in the file"

    def progress(self, done: int, total: int) -> None:
        """Report progress through the file's records (every 200 records, and at the end)."""
        if self.tick is not None and (done % 200 == 0 or done == total):
            self.tick(done, total)

    def source(self, record: str) -> str:
        """The ``source`` of a record made from ``record`` of this file: file, record and licence."""
        return f"{self.file} ({record}; {self._licence_text})"

    def node(self, node_id: str, node_type: str, name: str, record: str, **fields: Any) -> str:
        """Add a node (a second one with the same id is ignored: the first stands); returns its id."""
        if node_id not in self.nodes:
            data = {"id": node_id, "type": node_type, "name": name, "source": self.source(record)}
            data.update({k: v for k, v in fields.items() if v is not None and v != [] and v != ""})
            self.nodes[node_id] = data
            self.where[node_id] = Location(file=self.file, record=f"{node_type} from {record}")
        return node_id

    def edge(self, edge_type: str, source: str, target: str, record: str, **fields: Any) -> str:
        """Add an edge (its default id; a second one between the same nodes is ignored); returns its id."""
        edge_id = default_edge_id(edge_type, source, target)
        if edge_id not in self.edges:
            data = {"id": edge_id, "type": edge_type, "from": source, "to": target, "source": self.source(record)}
            data.update({k: v for k, v in fields.items() if v is not None and v != ""})
            self.edges[edge_id] = data
            self.edge_where[edge_id] = Location(file=self.file, record=f"{edge_type} from {record}")
        return edge_id

    def chain(self, node_type: str, names: Iterable[str], make_id: Callable[[str], str], record: str) -> str | None:
        """A path of names, widest first ("England/South West/Plymouth", "Children > Disabled"): one node of
        ``node_type`` each (id from ``make_id``), each PART_OF the one before; returns the narrowest's id (None
        for no name)."""
        parent: str | None = None
        for name in names:
            nid = self.node(make_id(name), node_type, name, record)
            if parent is not None:
                self.edge("PART_OF", nid, parent, record)
            parent = nid
        return parent

    def problem(self, record: str, field_name: str | None, message: str, action: str) -> None:
        self.report.problems.append(RecordProblem(record, field_name, message, action))

    def unique_id(self, wanted: str) -> str:
        """``wanted``, or ``wanted-2``, ``wanted-3`` … when a node of this draft already has it."""
        if wanted not in self.nodes:
            return wanted
        n = self._next.get(wanted, 2)
        while f"{wanted}-{n}" in self.nodes:
            n += 1
        self._next[wanted] = n + 1
        return f"{wanted}-{n}"

    def check_schema(self, errors: Iterable[Any], record: str, *, prefix: str = "") -> None:
        """Record each schema error of one record: an empty string where the schema wants a value of a
        form is counted as an unfilled field; anything else is a schema deviation of the record."""
        for err in errors:
            path = err.path[len(prefix):].lstrip("/") if prefix and err.path.startswith(prefix) else err.path
            if err.empty and err.keyword in ("enum", "pattern", "format", "minLength"):
                self.report.empty_values[re.sub(r"/\d+(?=/|$)", "/*", path)] += 1
            else:
                self.report.schema_problem(record, path, err.keyword, err.message)


def extra_fields(record: Mapping[str, Any], known: frozenset[str], report: FileReport, mapped: Mapping[str, str],
                 *, prefix: str = "") -> None:
    """Note each field of ``record`` beyond the standard's own: counted as kept when the import maps it
    (``mapped``: field → what it became), as unmapped otherwise."""
    for key, value in record.items():
        if key in known or value in (None, "", [], {}):
            continue
        name = prefix + key
        if name in mapped:
            note = f"{name} (beyond the standard) → {mapped[name]}"
            if note not in report.kept:
                report.kept.append(note)
        else:
            report.unmapped[name] += 1
