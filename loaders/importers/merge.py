"""Merge drafts from several files (and a partnership they are imported into) into one partnership.

The same organisation arriving from several files becomes one Partner: first on a shared
org-id identifier (GB-LAE, GB-NHS, GB-CHC, GB-COH, GB-EDU, GB-SRS, GB-CQC …), then on its
normalised name (case, punctuation, "the", "limited"/"ltd" and the like set aside) unless
the two carry different identifiers of the same scheme, which is a conflict: both are kept,
and the merge report says why. A service an OCDS file imports merges into the service a
partnership already records for the same contracting process (its COMMISSIONS edge's
``tender_reference`` is the ocid). Other records with the same id and type and name (a
cohort two files both name) are one record; a clash of ids between different records gives
the later one a new id, said in the report. Every record goes through the project's own
validated path (:class:`loaders.Parsed`), so the result is a valid partnership or nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_model import (
    EdgeType,
    InvalidPartnership,
    Location,
    NodeType,
    Partnership,
    Problem,
    Rule,
    timeframe,
)
from graph_model.models import default_edge_id, dump_record

from .._common import Parsed, dump_info
from ._base import Draft, FileReport

__all__ = ["ImportReport", "MergeNote", "assemble", "normalised_name"]

_SUFFIXES = re.compile(r"\b(the|limited|ltd|plc|cic|cio|llp|inc|incorporated|company|co|uk)\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalised_name(name: str) -> str:
    """A name as organisations are matched on: lower case, ``&`` as ``and``, punctuation and legal suffixes out.

    >>> normalised_name("CAUDWELL CHILDREN") == normalised_name("Caudwell Children Ltd.")
    True
    >>> normalised_name("The Access to Justice Foundation")
    'access to justice foundation'
    """
    text = name.lower().replace("&", " and ")
    text = _SUFFIXES.sub(" ", _NON_WORD.sub(" ", text))
    return " ".join(text.split())


@dataclass(frozen=True)
class MergeNote:
    """One merge, conflict or renaming the merge step made, for people to read."""

    kind: str  # merged | conflict | unmatched | renamed
    record: str
    into: str
    why: str

    def __str__(self) -> str:
        if self.kind == "merged":
            return f"merged {self.record} into '{self.into}': {self.why}"
        if self.kind == "conflict":
            return f"not merged: {self.record} and '{self.into}': {self.why}"
        if self.kind == "unmatched":
            return f"added {self.record} as '{self.into}': {self.why}"
        return f"new id for {self.record}: '{self.into}' ({self.why})"


@dataclass
class ImportReport:
    """What an import did: one :class:`FileReport` a file, the merges, and what the partnership holds."""

    files: list[FileReport] = field(default_factory=list)
    merges: list[MergeNote] = field(default_factory=list)
    nodes: Counter[str] = field(default_factory=Counter)
    edges: Counter[str] = field(default_factory=Counter)
    into: str | None = None
    coverage_note: str | None = None
    status_note: str | None = None

    @property
    def problem_count(self) -> int:
        return sum(len(f.problems) + sum(n.count for n in f.schema.values()) for f in self.files)

    def as_dict(self) -> dict[str, Any]:
        return {"into": self.into, "files": [f.as_dict() for f in self.files],
                "merges": [{"kind": m.kind, "record": m.record, "into": m.into, "why": m.why} for m in self.merges],
                "nodes": dict(self.nodes), "edges": dict(self.edges), "coverage": self.coverage_note,
                "status": self.status_note}

    def text(self, *, limit: int = 20) -> str:
        """The report as text for people; long lists show their first ``limit`` lines and count the rest."""
        out: list[str] = []

        def listed(title: str, lines: Sequence[str]) -> None:
            if not lines:
                return
            out.append(f"  {title}:")
            out.extend(f"    {line}" for line in lines[:limit])
            if len(lines) > limit:
                out.append(f"    … and {len(lines) - limit} more (the JSON report lists them all)")

        for f in self.files:
            out.append(f"{f.file} ({f.standard}; {f.licence or 'licence not stated in the file'})")
            out.append("  read: " + ", ".join(f"{n} {what}" for what, n in f.read.items()))
            listed("problem records, and what was done", [str(p) for p in f.problems])
            listed("breaks of the standard's schema (records kept; these fields are not what the import reads "
                   "unless said above)", [str(n) for n in f.schema.values()])
            if f.empty_values:
                listed("empty strings where the schema wants a value (read as not given)",
                       [f"{path}: {n}" for path, n in f.empty_values.most_common()])
            listed("kept beyond the standard", f.kept)
            listed("fields beyond the standard not imported", [f"{k}: in {n} records" for k, n in f.unmapped.items()])
            listed("dropped", [f"{what}: {n}" for what, n in f.dropped.items()])
            listed("personal data stripped", [f"{what}: {n}" for what, n in f.stripped.items()])
            listed("ids changed to valid slugs", [f"'{a}' → '{b}'" for a, b in f.renamed])
            listed("funders and their totals", [f"{name} [{pid}]: £{amount:,.0f} in {n} grant{'s' if n != 1 else ''}"
                                                for pid, name, amount, n in f.totals])
        merged = [str(m) for m in self.merges if m.kind == "merged"]
        conflicts = [str(m) for m in self.merges if m.kind == "conflict"]
        renamed = [str(m) for m in self.merges if m.kind == "renamed"]
        unmatched = [str(m) for m in self.merges if m.kind == "unmatched"]
        out.append(f"merge{' into ' + self.into if self.into else ''}: {len(merged)} merged, "
                   f"{len(conflicts)} conflicts, {len(unmatched)} partners matched nothing, "
                   f"{len(renamed)} given new ids")
        listed("merged", merged)
        listed("conflicts (kept apart)", conflicts)
        listed("partners that matched nothing (added as new)", unmatched)
        listed("new ids", renamed)
        out.append("partnership: " + ", ".join(f"{n} {t}" for t, n in sorted(self.nodes.items()))
                   + "; edges: " + ", ".join(f"{n} {t}" for t, n in sorted(self.edges.items())))
        if self.status_note:
            out.append(f"status: {self.status_note}")
        if self.coverage_note:
            out.append(f"coverage: {self.coverage_note}")
        return "\n".join(out)


def _schemes(identifiers: Sequence[str]) -> dict[str, str]:
    return {"-".join(i.split("-")[:2]): i for i in identifiers}


@dataclass
class _Canon:
    id: str
    name: str
    identifiers: list[str]
    record: dict[str, Any]


_COVERAGE: dict[str, dict[str, str]] = {
    "oruk": {"services": "examples", "money": "none"},
    "hsds": {"services": "examples", "money": "none"},
    "360giving": {"services": "examples", "money": "partial"},
    "ocds": {"services": "examples", "money": "partial"},
    "popolo": {},
}


def _strict_problems(drafts: Sequence[Draft]) -> list[Problem]:
    problems = []
    for d in drafts:
        for p in d.report.problems:
            problems.append(Problem(Rule.INVALID_VALUE, f"{p.message} (without --strict: {p.action})",
                                    Location(file=d.file, record=p.record, field=p.field)))
        for n in d.report.schema.values():
            problems.append(Problem(Rule.INVALID_VALUE, f"{n.count} record(s) break the {d.standard} schema "
                                    f"[{n.rule}], e.g. {n.message} ({', '.join(n.records)})",
                                    Location(file=d.file, field=n.path or None), "what the standard's schema allows"))
    return problems


def assemble(drafts: Sequence[Draft], *, into: Partnership | None = None, into_name: str | None = None,
             info: dict[str, Any] | None = None, strict: bool = False) -> tuple[Partnership, ImportReport]:
    """One validated partnership from ``drafts`` (merged into ``into`` when given), and the import report.

    Raises :class:`~graph_model.InvalidPartnership` when the records do not make a valid graph, or,
    with ``strict``, when any file had a problem record or broke its standard's schema.
    """
    report = ImportReport(files=[d.report for d in drafts], into=into_name)
    if strict:
        problems = _strict_problems(drafts)
        if problems:
            raise InvalidPartnership(problems)
    nodes: dict[str, dict[str, Any]] = {}
    where: dict[str, Location] = {}
    edges: dict[str, dict[str, Any]] = {}
    edge_where: dict[str, Location] = {}
    canon: list[_Canon] = []
    by_ident: dict[str, _Canon] = {}
    by_name: dict[str, list[_Canon]] = {}
    by_ocid: dict[str, str] = {}
    imported: set[str] = set()

    def add_canon(node: dict[str, Any]) -> None:
        c = _Canon(node["id"], node["name"], list(node.get("identifiers") or []), node)
        canon.append(c)
        for ident in c.identifiers:
            by_ident.setdefault(ident, c)
        by_name.setdefault(normalised_name(c.name), []).append(c)

    if into is not None:
        origin = into_name or into.info.id
        for n in into.nodes():
            raw = dump_record(n)
            nodes[n.id] = raw
            where[n.id] = Location(file=origin, record=f"{n.type.value} '{n.id}'")
            if n.type is NodeType.PARTNER:
                add_canon(raw)
        for e in into.edges():
            raw = dump_record(e)
            edges[e.id] = raw
            edge_where[e.id] = Location(file=origin, record=f"{e.type.value} '{e.id}'")
            if e.type is EdgeType.COMMISSIONS and raw.get("tender_reference"):
                by_ocid.setdefault(str(raw["tender_reference"]), e.to)

    for d in drafts:
        remap: dict[str, str] = {}
        for node_id, raw in d.nodes.items():
            node = {k: v for k, v in raw.items() if not k.startswith("_")}
            label = f"{node['type']} '{node['name']}' from {d.file}"
            target: str | None = None
            if node["type"] == "Partner":
                target = _match_partner(node, by_ident, by_name, report, label)
                if target is not None:
                    _fold(nodes[target], node)
                    for ident in nodes[target].get("identifiers") or []:
                        by_ident.setdefault(ident, next(c for c in canon if c.id == target))
            elif node["type"] == "Service" and d.service_keys.get(node_id) in by_ocid:
                target = by_ocid[d.service_keys[node_id]]
                report.merges.append(MergeNote("merged", label, target,
                                               f"the same contracting process (ocid {d.service_keys[node_id]})"))
                _fold(nodes[target], node)
            elif node_id in nodes and nodes[node_id]["type"] == node["type"] and nodes[node_id]["name"] == node["name"]:
                target = node_id
                _fold(nodes[target], node, note=False)
            if target is None:
                new_id = node_id
                if new_id in nodes:
                    k = 2
                    while f"{node_id}-{k}" in nodes:
                        k += 1
                    new_id = f"{node_id}-{k}"
                    report.merges.append(MergeNote("renamed", label, new_id,
                                                   f"'{node_id}' is already {nodes[node_id]['type']} "
                                                   f"'{nodes[node_id]['name']}'"))
                node["id"] = new_id
                nodes[new_id] = node
                imported.add(new_id)
                where[new_id] = d.where[node_id]
                if node["type"] == "Partner":
                    add_canon(node)
                    if into is not None or d is not drafts[0]:  # the first file has nothing to match before it
                        idents = ", ".join(node.get("identifiers") or []) or "no org-id"
                        report.merges.append(MergeNote(
                            "unmatched", label, new_id,
                            f"{idents}; no partner {'of the partnership or ' if into is not None else ''}"
                            "of an earlier file shares an org-id or the name"))
                if node["type"] == "Service" and node_id in d.service_keys:
                    by_ocid.setdefault(d.service_keys[node_id], new_id)
                target = new_id
            remap[node_id] = target
        for edge_id, raw in d.edges.items():
            edge = dict(raw)
            edge["from"], edge["to"] = remap.get(edge["from"], edge["from"]), remap.get(edge["to"], edge["to"])
            edge["id"] = default_edge_id(edge["type"], edge["from"], edge["to"])
            if edge["from"] == edge["to"] and edge["type"] == "PART_OF":
                continue
            if edge["id"] in edges:
                continue  # the partnership (or an earlier file) records it already
            edges[edge["id"]] = edge
            edge_where[edge["id"]] = d.edge_where[edge_id]

    part_info = _info(drafts, into, info, report)
    _status_from_dates(nodes, imported, part_info, report)
    parsed = Parsed(files=[into_name or "partnership", *[d.file for d in drafts]], info=part_info,
                    info_location=Location(record="partnership"),
                    nodes=[(n, where[i]) for i, n in nodes.items()],
                    edges=[(e, edge_where[i]) for i, e in edges.items()])
    p = parsed.build()
    report.nodes = Counter(n.type.value for n in p.nodes())
    report.edges = Counter(e.type.value for e in p.edges())
    return p, report


def _status_from_dates(nodes: dict[str, dict[str, Any]], imported: set[str], info: dict[str, Any],
                       report: ImportReport) -> None:
    """Give each imported service with dates the status its dates give on the day answers are for by
    default (the files record contracts and grants, not whether the work goes on): ended → decommissioned,
    not yet started → planned, else active; the report says how many and on which day."""
    def date(value: Any) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(value)) if value else None
        except ValueError:
            return None

    day = timeframe.default_day(date(info.get("period_start")), date(info.get("period_end")), timeframe.today())
    changed = 0
    for node_id in imported:
        node = nodes[node_id]
        if node["type"] != "Service" or node.get("status", "active") != "active":
            continue
        start, end = date(node.get("start_date")), date(node.get("end_date"))
        status = "decommissioned" if end and end < day else "planned" if start and start > day else "active"
        if status != "active":
            node["status"] = status
            changed += 1
    if changed:
        report.status_note = (f"{changed} dated service{'s' if changed != 1 else ''} given the status "
                              f"{'their' if changed != 1 else 'its'} dates give on {day.isoformat()}, the day answers "
                              "are for by default (ended: decommissioned; not yet started: planned)")


def _match_partner(node: dict[str, Any], by_ident: dict[str, _Canon], by_name: dict[str, list[_Canon]],
                   report: ImportReport, label: str) -> str | None:
    for ident in node.get("identifiers") or []:
        found = by_ident.get(ident)
        if found is not None:
            report.merges.append(MergeNote("merged", label, found.id, f"the same org-id {ident}"))
            return found.id
    mine = _schemes(node.get("identifiers") or [])
    for found in by_name.get(normalised_name(node["name"]), []):
        theirs = _schemes(found.record.get("identifiers") or [])
        clash = [f"{mine[s]} ≠ {theirs[s]}" for s in mine.keys() & theirs.keys() if mine[s] != theirs[s]]
        if clash:
            report.merges.append(MergeNote("conflict", label, found.id,
                                           f"the same name, but different identifiers ({'; '.join(clash)})"))
            continue
        why = "the same name" + (" (neither gives an org-id both share)" if mine or theirs else
                                 " (no org-id on either)")
        report.merges.append(MergeNote("merged", label, found.id, why))
        return found.id
    return None


def _fold(kept: dict[str, Any], other: dict[str, Any], *, note: bool = True) -> None:
    """Fold what ``other`` adds into ``kept``: identifiers, its source, and fields ``kept`` leaves empty."""
    idents = list(kept.get("identifiers") or [])
    idents += [i for i in other.get("identifiers") or [] if i not in idents]
    if idents:
        kept["identifiers"] = idents
    if note and other.get("source") and other["source"] not in str(kept.get("source") or ""):
        kept["source"] = f"{kept['source']}; {other['source']}" if kept.get("source") else other["source"]
    for key, value in other.items():
        if key not in kept and key not in ("id", "source"):
            kept[key] = value


def _info(drafts: Sequence[Draft], into: Partnership | None, info: dict[str, Any] | None,
          report: ImportReport) -> dict[str, Any]:
    files = [f"{d.file} ({d.standard})" for d in drafts]
    if into is not None:
        data = dump_info(into.info)
        data["sources"] = [*data.get("sources", []), *(f"imported: {f}" for f in files)]
        report.coverage_note = ("kept as the partnership declares it; the imported records add to it "
                                f"({into.info.coverage.services or 'services unstated'}, "
                                f"money {into.info.coverage.money or 'unstated'})")
    else:
        first = drafts[0].file if drafts else "import"
        stem = re.sub(r"\.[A-Za-z]+$", "", first.rsplit("/", 1)[-1])
        standards = {d.standard for d in drafts}
        money = {_COVERAGE[s].get("money") for s in standards} - {None}
        services = {_COVERAGE[s].get("services") for s in standards} - {None}
        said = {"oruk": "a service directory lists the services that providers registered, not the whole "
                        "provision, and states no outcomes",
                "hsds": "a service directory lists the services that providers registered, not the whole "
                        "provision, and states no outcomes",
                "360giving": "the grants are the files' own, not every flow of money; each grant's funded work "
                             "is read as a service",
                "ocds": "the contracts are the files' own, not every service commissioned",
                "popolo": "the bodies and posts are the file's own; the people are not imported"}
        note = ("Imported from " + ", ".join(files) + ": " + "; ".join(said[s] for s in sorted(standards)) + ".")
        starts = sorted(str(n[k]) for d in drafts for n in d.nodes.values() if n["type"] in ("Service", "Budget")
                        for k in ("start_date", "valid_from") if n.get(k))
        ends = sorted(str(n[k]) for d in drafts for n in d.nodes.values() if n["type"] in ("Service", "Budget")
                      for k in ("end_date", "valid_to") if n.get(k))
        if starts or ends:
            note += (" The period declared is that of the dated services and grants imported"
                     f" ({starts[0] if starts else 'open'} to {ends[-1] if ends else 'open'}).")
        data = {"id": re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "import",
                "name": f"Imported: {stem}", "sources": files,
                "period_start": starts[0] if starts else None,
                "period_end": ends[-1] if ends and (not starts or ends[-1] >= starts[0]) else None,
                "coverage": {"services": "examples" if services else None,
                             "money": "partial" if "partial" in money else ("none" if money else None),
                             "note": note}}
        report.coverage_note = (f"services {data['coverage']['services'] or 'unstated'}, money "
                                f"{data['coverage']['money'] or 'unstated'}: {note}")
    if info:
        data.update({k: v for k, v in info.items() if v is not None})
    return data
