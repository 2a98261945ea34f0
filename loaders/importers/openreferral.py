"""Open Referral UK and HSDS 3.0 service directories → partners, services, cohorts, localities, funding.

Two parse steps over the same mapping:

* :func:`parse_oruk`: an Open Referral UK v1 feed, a JSON list of services each with its
  organisation nested (as Bristol's directory publishes it), or a v1 page of one
  (``{"content": [...]}``); each service is checked against the ORUK v1 service schema. An
  ORUK v3 page (``{"contents": [...]}``, HSDS 3.0's paging: ORUK v3 is a profile of HSDS 3.0)
  is read and checked as HSDS 3.0.
* :func:`parse_hsds`: HSDS 3.0 JSON, one service or organisation in full, or a list page of
  either (``{"contents": [...]}``); checked against the HSDS 3.0 schemas. The tabular data
  package (a folder of CSV files) is joined into the same records by :func:`hsds_tables`.

The mapping: an organisation → Partner (org-id identifiers from HSDS
``organization_identifiers``), a service → Service with DELIVERS from its organisation;
service areas and physical locations → Locality with SERVES; audiences (ORUK's
``pc_targetAudience``), age ranges and eligibility → Cohort with TARGETS (``A>B`` audiences
become B PART_OF A); taxonomy terms are written into the service's description (the
schema has no service type); funding → a Budget with FUNDS, with no amount (HSDS records
funding as text). Contacts, phones and e-mail addresses are not imported (counted in the
report as personal data stripped); free text is scrubbed of e-mail addresses and phone
numbers.

Problem records inside a sound feed: a service with no name is skipped; a service whose id
another service already used gets a new id (said so); a service with no organisation is
kept with no provider (said so).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from typing import Any

from graph_model import InvalidPartnership, Location, Problem, Rule

from ._base import Draft, extra_fields, items, number, org_id, plain_text, scrub_personal, sector_of, slug
from .schemas import iter_schema_errors, schema_properties

__all__ = ["hsds_tables", "parse_hsds", "parse_oruk"]

_STATUS = {"active": "active", "inactive": "decommissioned", "defunct": "decommissioned",
           "temporarily closed": "active"}

#: Fields beyond ORUK v1 that the import maps, and what each becomes.
_ORUK_MAPPED = {"pc_targetAudience": "Cohort nodes with TARGETS edges (an audience 'A>B' is B, part of A)"}


def _records(doc: Any, file: str, standard: str) -> list[Any]:
    """The records of a feed: the list itself, or a page's ``contents``/``content``; a document of
    another shape is not this standard and fails whole."""
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        for key in ("contents", "content", "items", "services"):
            if isinstance(doc.get(key), list) and ("id" not in doc or key != "services"):
                return list(doc[key])
        if standard == "hsds" and isinstance(doc.get("id"), str):
            return [doc]
    raise InvalidPartnership([Problem(
        Rule.MALFORMED_FILE, f"this is not an {'Open Referral UK' if standard == 'oruk' else 'HSDS 3.0'} "
        "feed: expected a JSON list of services, or a page of them under 'contents'",
        Location(file=file), "a list of service records (or HSDS 3.0 service or organisation records)")])


def parse_oruk(doc: Any, file: str, *, licence: str | None = None, tick: Callable[[int, int], None] | None = None) -> Draft:
    """An Open Referral UK (v1) feed as a draft of partners, services and cohorts.

    >>> d = parse_oruk([{"id": "s1", "name": "Tai chi", "description": "<p>Gentle</p>", "status": "active",
    ...                  "organization": {"id": "o1", "name": "Age UK Bristol", "description": ""},
    ...                  "pc_targetAudience": [{"id": "x", "audienceType": "Older people "}]}], "f.json")
    >>> sorted(n["type"] for n in d.nodes.values()), sorted(e["type"] for e in d.edges.values())
    (['Cohort', 'Partner', 'Service'], ['DELIVERS', 'TARGETS'])
    """
    if isinstance(doc, Mapping) and isinstance(doc.get("contents"), list):
        # ORUK v3 pages as HSDS 3.0 does ("contents", "total_items"); v1 pages say "content"
        draft = parse_hsds(doc, file, licence=licence, tick=tick)
        draft.report.kept.append("an ORUK v3 page (HSDS 3.0 paging, 'contents'): read and checked as HSDS 3.0")
        return draft
    draft = Draft(file, "oruk", licence, tick=tick)
    records = _records(doc, file, "oruk")
    known = schema_properties("oruk", "service.schema.json")
    seen: dict[str, int] = {}
    for index, rec in enumerate(records):
        _service(draft, rec, index, seen, known, "oruk")
        draft.progress(index + 1, len(records))
    return draft


def parse_hsds(doc: Any, file: str, *, licence: str | None = None, tabular: bool = False,
               tick: Callable[[int, int], None] | None = None) -> Draft:
    """HSDS 3.0 JSON (a service or organisation in full, or a list page) as a draft.

    >>> d = parse_hsds({"id": "o1", "name": "Example Org", "description": "d",
    ...                 "organization_identifiers": [{"identifier_scheme": "GB-CHC", "identifier": "123"}]}, "o.json")
    >>> [(n["type"], n["identifiers"]) for n in d.nodes.values()]
    [('Partner', ['GB-CHC-123'])]
    """
    draft = Draft(file, "hsds", licence, tick=tick)
    draft.tabular = tabular
    records = _records(doc, file, "hsds")
    seen: dict[str, int] = {}
    service_known = schema_properties("hsds", "service.json")
    org_known = schema_properties("hsds", "organization.json")
    for index, rec in enumerate(records):
        if isinstance(rec, Mapping) and "status" not in rec and ("services" in rec or "website" in rec
                                                                  or "organization_identifiers" in rec
                                                                  or "legal_status" in rec):
            draft.report.read["organizations"] += 1
            draft.check_schema(iter_schema_errors("hsds", "organization.json", rec), _name(rec, index, "organisation"))
            extra_fields(rec, org_known, draft.report, {})
            partner = _organisation(draft, rec, f"organizations[{index}] id {rec.get('id')}")
            for j, svc in enumerate(items(rec.get("services"))):
                if isinstance(svc, Mapping):
                    _service(draft, {**svc, "organization": svc.get("organization") or rec}, j, seen,
                             service_known, "hsds", provider=partner)
        else:
            _service(draft, rec, index, seen, service_known, "hsds")
        draft.progress(index + 1, len(records))
    return draft


def _name(rec: Any, index: int, kind: str) -> str:
    rid = rec.get("id") if isinstance(rec, Mapping) else None
    return f"{kind} {rid}" if rid else f"{kind} at index {index}"


def _organisation(draft: Draft, org: Mapping[str, Any], record: str) -> str | None:
    name = plain_text(org.get("name"))
    if not name:
        draft.report.dropped["organisations with no name (their services are kept with no provider)"] += 1
        return None
    identifiers = []
    for ident in items(org.get("organization_identifiers")):
        if isinstance(ident, Mapping):
            scheme, local = str(ident.get("identifier_scheme") or "").strip(), str(ident.get("identifier") or "").strip()
            found = org_id(f"{scheme}-{local}") if scheme and local else None
            if found:
                identifiers.append(found)
            elif local:
                draft.report.dropped["organisation identifiers not in an org-id scheme"] += 1
    source_id = str(org.get("id") or "")
    node_id = slug(name)
    existing = draft.nodes.get(node_id)
    if existing is not None and existing.get("_source_id") not in (source_id, None):
        node_id = draft.unique_id(node_id)
    if node_id not in draft.nodes:
        draft.report.read["organisations"] += 1
        description = scrub_personal(plain_text(org.get("description")), draft.report.stripped)
        draft.node(node_id, "Partner", name, record, description=description, identifiers=identifiers,
                   sector=sector_of(identifiers))
        draft.nodes[node_id]["_source_id"] = source_id
        for contact in items(org.get("contacts")):
            _count_contact(draft, contact)
        if org.get("email"):
            draft.report.stripped["organisation e-mail addresses (not imported)"] += 1
        for _ in items(org.get("phones")):
            draft.report.stripped["organisation phone numbers (not imported)"] += 1
        for fund in items(org.get("funding")):
            _funding(draft, fund, None, node_id, record)
    return node_id


def _count_contact(draft: Draft, contact: Any) -> None:
    if isinstance(contact, Mapping) and any(contact.get(k) for k in ("name", "email", "phones")):
        draft.report.stripped["contacts (names, e-mail addresses, phone numbers of people; not imported)"] += 1


def _service(draft: Draft, rec: Any, index: int, seen: dict[str, int], known: frozenset[str], standard: str,
             *, provider: str | None = None) -> None:
    report = draft.report
    report.read["services"] += 1
    label = _name(rec, index, "service")
    if not isinstance(rec, Mapping):
        draft.problem(label, None, "the record is not a JSON object", "skipped")
        return
    if not draft.tabular:  # a tabular package's cells are text: its tables are checked by the reader instead
        schema_file = "service.schema.json" if standard == "oruk" else "service.json"
        draft.check_schema(iter_schema_errors(standard, schema_file, rec), label)
        extra_fields(rec, known, report, _ORUK_MAPPED if standard == "oruk" else {})
    if isinstance(rec.get("pc_metadata"), Mapping):
        for key, value in rec["pc_metadata"].items():
            if key == "assured_by" and value:
                report.stripped["officers named in pc_metadata.assured_by (not imported)"] += 1
    source_id = str(rec.get("id") or "").strip()
    name = plain_text(rec.get("name"))
    if not name:
        draft.problem(label, "name", "the service has no name", "skipped (a service cannot be shown without one)")
        report.dropped["services with no name"] += 1
        return
    record = f"services[{index}] id {source_id}" if source_id else f"services[{index}]"
    if source_id and source_id in seen:
        first = seen[source_id]
        record = f"services[{index}] id {source_id} (again)"
    wanted = f"{slug(name, limit=60)}-{slug(source_id, limit=8)}" if source_id else slug(name, limit=72)
    node_id = draft.unique_id(wanted)
    if source_id and source_id in seen:
        draft.problem(label, "id", f"the id is used already by services[{first}]",
                      f"imported as a separate service with the new id '{node_id}'")
    elif not source_id:
        draft.problem(label, "id", "the service has no id", f"imported with the id '{node_id}'")
    seen.setdefault(source_id, index)
    parts = [scrub_personal(plain_text(rec.get("description")), report.stripped)]
    for key, what in (("eligibility_description", "Eligibility"), ("fees_description", "Fees")):
        text = plain_text(rec.get(key))
        if text:
            parts.append(f"{what}: {scrub_personal(text, report.stripped)}")
    terms = _taxonomy_terms(rec)
    if terms:
        parts.append("Taxonomy: " + "; ".join(terms))
        report.read["taxonomy terms"] += len(terms)
    status_text = str(rec.get("status") or "active").strip().lower()
    status = _STATUS.get(status_text)
    if status is None:
        draft.problem(label, "status", f"unknown status '{rec.get('status')}'", "imported as active")
        status = "active"
    if status_text == "temporarily closed":
        parts.append("Temporarily closed when the feed was published.")
    description = " ".join(dict.fromkeys(p for p in parts if p)) or None
    draft.node(node_id, "Service", name, record, description=description, status=status)
    for key in ("email",):
        if rec.get(key):
            report.stripped["service e-mail addresses (not imported)"] += 1
    for contact in items(rec.get("contacts")):
        _count_contact(draft, contact)
    for _ in items(rec.get("phones")):
        report.stripped["service phone numbers (not imported)"] += 1

    org = rec.get("organization")
    partner = provider
    if partner is None and isinstance(org, Mapping):
        partner = _organisation(draft, org, f"{record}, organization id {org.get('id')}")
    if partner is not None:
        draft.edge("DELIVERS", partner, node_id, record)
    else:
        draft.problem(label, "organization", "the service names no organisation",
                      "kept with no provider (no DELIVERS edge)")

    _cohorts(draft, rec, node_id, record)
    _places(draft, rec, node_id, record)
    for fund in items(rec.get("funding")):
        _funding(draft, fund, node_id, None, record)


def _taxonomy_terms(rec: Mapping[str, Any]) -> list[str]:
    terms: list[str] = []
    for attr in items(rec.get("attributes")):
        term = attr.get("taxonomy_term") if isinstance(attr, Mapping) else None
        if isinstance(term, Mapping):
            name = plain_text(term.get("name")) or plain_text(term.get("code"))
            taxonomy = plain_text(term.get("taxonomy"))
            if name:
                terms.append(f"{name} ({taxonomy})" if taxonomy and taxonomy != name else name)
    for term in items(rec.get("taxonomy_terms")):
        if isinstance(term, Mapping) and plain_text(term.get("name")):
            terms.append(str(plain_text(term.get("name"))))
    return list(dict.fromkeys(terms))


def _cohorts(draft: Draft, rec: Mapping[str, Any], service: str, record: str) -> None:
    for aud in items(rec.get("pc_targetAudience")):
        text = aud.get("audienceType") if isinstance(aud, Mapping) else aud
        names = [p.strip() for p in str(text or "").split(">") if p.strip()]
        parent = draft.chain("Cohort", names, lambda n: "cohort-" + slug(n), f"{record}, pc_targetAudience")
        if parent is not None:
            draft.edge("TARGETS", service, parent, f"{record}, pc_targetAudience")
            draft.report.read["audiences"] += 1
    low, high = number(rec.get("minimum_age")), number(rec.get("maximum_age"))
    if low is not None or high is not None:
        lo = int(low) if low is not None else 0
        hi = int(high) if high is not None else None
        if hi is not None and hi <= 30 and 0 <= lo <= hi:
            cid = draft.node(f"cohort-aged-{lo}-{hi}", "Cohort", f"Aged {lo} to {hi}", f"{record}, minimum_age",
                             age_min=lo, age_max=hi)
            draft.edge("TARGETS", service, cid, f"{record}, minimum_age/maximum_age")
        else:
            draft.report.dropped["age ranges reaching past 30 (not a children's cohort; kept in the text)"] += 1
    for elig in items(rec.get("eligibility")):
        text = plain_text(elig.get("eligibility")) if isinstance(elig, Mapping) else plain_text(elig)
        if text:
            cid = draft.node("cohort-" + slug(text), "Cohort", text, f"{record}, eligibility")
            draft.edge("TARGETS", service, cid, f"{record}, eligibility")


_GEOJSON = re.compile(r"^\s*[{\[]")


def _places(draft: Draft, rec: Mapping[str, Any], service: str, record: str) -> None:
    for area in items(rec.get("service_areas")):
        if not isinstance(area, Mapping):
            continue
        name = plain_text(area.get("name")) or plain_text(area.get("description"))
        if not name:
            continue
        short = name if len(name) <= 120 else name[:119] + "…"
        lid = draft.node("area-" + slug(short, limit=60), "Locality", short, f"{record}, service_areas",
                         description=name if short != name else None, level="service area")
        draft.edge("SERVES", service, lid, f"{record}, service_areas")
        draft.report.read["service areas"] += 1
    for sal in items(rec.get("service_at_locations")):
        loc = sal.get("location") if isinstance(sal, Mapping) else None
        if isinstance(sal, Mapping):
            for contact in items(sal.get("contacts")):
                _count_contact(draft, contact)
        if not isinstance(loc, Mapping) or loc.get("location_type") == "virtual":
            continue
        name = plain_text(loc.get("name"))
        if not name:
            continue
        for address in items(loc.get("addresses")):
            if isinstance(address, Mapping) and address.get("attention"):
                draft.report.stripped["names in address 'attention' lines (not imported)"] += 1
        for contact in items(loc.get("contacts")):
            _count_contact(draft, contact)
        lid = draft.node("place-" + slug(name, limit=60), "Locality", name, f"{record}, service_at_locations",
                         level="site")
        draft.edge("SERVES", service, lid, f"{record}, service_at_locations")
        draft.report.read["locations"] += 1


def _funding(draft: Draft, fund: Any, service: str | None, partner: str | None, record: str) -> None:
    if not isinstance(fund, Mapping):
        return
    text = plain_text(fund.get("source"))
    if not text:
        return
    fid = str(fund.get("id") or "")
    name = text if len(text) <= 80 else text[:79] + "…"
    bid = draft.node(f"funding-{slug(fid or text, limit=40)}", "Budget", name, f"{record}, funding {fid}".strip(),
                     description=text if name != text else None)
    draft.report.read["funding records"] += 1
    if service is not None:
        draft.edge("FUNDS", bid, service, f"{record}, funding")
    if partner is not None:
        draft.edge("OWNS", partner, bid, f"{record}, funding", assumed=True,
                   description="The organisation records this funding; the feed says no more of who gives it.")


# --- the tabular data package ------------------------------------------------------------------


def hsds_tables(tables: Mapping[str, list[dict[str, str]]]) -> list[dict[str, Any]]:
    """HSDS 3.0 tabular rows (file stem → rows) joined into service records as the JSON form nests them.

    >>> svc = hsds_tables({"services": [{"id": "s", "name": "S", "status": "active", "organization_id": "o"}],
    ...                    "organizations": [{"id": "o", "name": "O"}]})[0]
    >>> svc["organization"]["name"]
    'O'
    """
    def by(table: str, key: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for row in tables.get(table, []):
            if row.get(key):
                out.setdefault(row[key], []).append(row)
        return out

    def clean(row: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in row.items() if v not in (None, "")}

    orgs = {r["id"]: clean(r) for r in tables.get("organizations", []) if r.get("id")}
    idents = by("organization_identifiers", "organization_id")
    org_funding = by("funding", "organization_id")
    for oid, org in orgs.items():
        org["organization_identifiers"] = [clean(r) for r in idents.get(oid, [])]
        org["funding"] = [clean(r) for r in org_funding.get(oid, []) if not r.get("service_id")]
        org["contacts"] = [clean(r) for r in by("contacts", "organization_id").get(oid, [])]
    locations = {r["id"]: clean(r) for r in tables.get("locations", []) if r.get("id")}
    addresses = by("addresses", "location_id")
    for lid, loc in locations.items():
        loc["addresses"] = [clean(r) for r in addresses.get(lid, [])]
    terms = {r["id"]: clean(r) for r in tables.get("taxonomy_terms", []) if r.get("id")}
    attrs = by("attributes", "link_id")
    areas, sals = by("service_areas", "service_id"), by("service_at_location", "service_id")
    funding, contacts = by("funding", "service_id"), by("contacts", "service_id")
    phones = by("phones", "service_id")
    out = []
    for row in tables.get("services", []):
        svc = clean(row)
        sid = svc.get("id", "")
        for key in ("minimum_age", "maximum_age"):
            if isinstance(svc.get(key), str):
                with contextlib.suppress(ValueError):
                    svc[key] = int(float(svc[key]))
        if svc.get("organization_id") in orgs:
            svc["organization"] = orgs[svc["organization_id"]]
        svc["service_areas"] = [clean(r) for r in areas.get(sid, [])]
        svc["service_at_locations"] = [{**clean(r), "location": locations.get(r.get("location_id", ""), {})}
                                       for r in sals.get(sid, [])]
        svc["attributes"] = [{**clean(a), "taxonomy_term": terms.get(a.get("taxonomy_term_id", ""), {})}
                             for a in attrs.get(sid, [])]
        svc["funding"] = [clean(r) for r in funding.get(sid, [])]
        svc["contacts"] = [clean(r) for r in contacts.get(sid, [])]
        svc["phones"] = [clean(r) for r in phones.get(sid, [])]
        out.append(svc)
    return out
