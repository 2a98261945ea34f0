"""OCDS 1.1 release and record packages → commissioning and delivering partners, contracted services.

For each contracting process (a release, or a record's ``compiledRelease``; a record without
one is read from its releases, later ones overriding earlier ones field by field):

* the buyer → Partner, and each supplier of an award → Partner (org-id identifiers from the
  parties' ``identifier`` and ``additionalIdentifiers``);
* each award that went ahead (status not ``cancelled`` or ``unsuccessful``) → Service, named
  by the award's title or else the tender's (or its contract's), with its contract period as
  start and end dates (the end date feeds as-of views and decommissioning);
* COMMISSIONS from the buyer, with the award's (else the contract's, else the tender's) value
  in pounds as ``lifetime_value``, ``tendered`` from the procurement method (open or selective:
  true; limited or direct: false; the £35,000 rule of the governance-health query reads it) and
  the ocid as ``tender_reference``; DELIVERS from each supplier over the contract period.

A service whose ocid a partnership already records on a COMMISSIONS edge
(``tender_reference``) is that partnership's service: merging into it is the merge step's job
(:attr:`Draft.service_keys`). Contact points (names, e-mail addresses, phone numbers of
officers) and addresses are not imported; the report counts them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graph_model import InvalidPartnership, Location, Problem, Rule

from ._base import Draft, day, items, mapping, number, org_id, plain_text, scrub_personal, sector_of, slug
from .schemas import iter_schema_errors

__all__ = ["parse_ocds"]

_TENDERED = {"open": True, "selective": True, "limited": False, "direct": False}

#: The procurement method read from the words of ``procurementMethodDetails`` when ``procurementMethod`` is
#: missing (Contracts Finder gives the EU procedure's name): first match wins.
_METHOD_WORDS: tuple[tuple[str, str], ...] = (
    ("without prior publication", "limited"), ("negotiated procedure without", "limited"),
    ("direct award", "direct"), ("open procedure", "open"), ("restricted procedure", "selective"),
    ("competitive procedure with negotiation", "selective"), ("competitive dialogue", "selective"),
    ("innovation partnership", "selective"),
)
_GONE = {"cancelled", "unsuccessful"}


def _processes(doc: Any, file: str) -> tuple[str, list[tuple[str, Mapping[str, Any]]]]:
    if isinstance(doc, Mapping):
        if isinstance(doc.get("releases"), list):
            return "release-package-schema.json", [
                (f"releases[{i}] {r.get('ocid', '')}".strip(), r) for i, r in enumerate(doc["releases"])
                if isinstance(r, Mapping)]
        if isinstance(doc.get("records"), list):
            out = []
            for i, rec in enumerate(doc["records"]):
                if not isinstance(rec, Mapping):
                    continue
                compiled = rec.get("compiledRelease")
                if not isinstance(compiled, Mapping):
                    compiled = {}
                    embedded = [r for r in items(rec.get("releases")) if isinstance(r, Mapping) and "tag" in r]
                    for release in sorted(embedded, key=lambda r: str(r.get("date", ""))):
                        compiled.update(release)
                out.append((f"records[{i}] {rec.get('ocid', '')}".strip(), compiled))
            return "record-package-schema.json", out
    raise InvalidPartnership([Problem(
        Rule.MALFORMED_FILE, "this is not an OCDS file: expected a release package (with 'releases') or a "
        "record package (with 'records')", Location(file=file), "an OCDS 1.1 release or record package")])


def _amount(value: Any, draft: Draft, what: str) -> float | None:
    amount = number(value.get("amount")) if isinstance(value, Mapping) else None
    if amount is None or not isinstance(value, Mapping):
        return None
    if amount <= 0:  # Contracts Finder writes 0 where the value is not disclosed
        draft.report.dropped[f"{what} of 0 or less (read as not stated)"] += 1
        return None
    if (value.get("currency") or "GBP") != "GBP":
        draft.report.dropped[f"{what} in a currency other than pounds"] += 1
        return None
    return amount


def parse_ocds(doc: Any, file: str, *, licence: str | None = None, tick: Callable[[int, int], None] | None = None) -> Draft:
    """An OCDS release or record package as a draft of partners and contracted services.

    >>> d = parse_ocds({"version": "1.1", "releases": [{"ocid": "ocds-x-1", "id": "1", "date": "2020-01-01",
    ...     "tag": ["award"], "initiationType": "tender",
    ...     "parties": [{"id": "b", "name": "Staffordshire County Council", "roles": ["buyer"]},
    ...                 {"id": "s", "name": "Caudwell Children", "roles": ["supplier"],
    ...                  "identifier": {"scheme": "GB-COH", "id": "03864620"}}],
    ...     "buyer": {"id": "b"}, "tender": {"title": "Short breaks", "procurementMethod": "open"},
    ...     "awards": [{"id": "a", "status": "active", "value": {"amount": 800000, "currency": "GBP"},
    ...                 "suppliers": [{"id": "s"}]}]}]}, "r.json")
    >>> sorted((e["type"], e["from"]) for e in d.edges.values())
    [('COMMISSIONS', 'staffordshire-county-council'), ('DELIVERS', 'caudwell-children')]
    """
    schema, processes = _processes(doc, file)
    licence = (doc.get("license") if isinstance(doc.get("license"), str) else None) or licence
    draft = Draft(file, "ocds", licence, tick=tick)
    draft.check_schema(iter_schema_errors("ocds", schema, doc), "package")
    for done, (record, release) in enumerate(processes, 1):
        draft.report.read["contracting processes"] += 1
        _process(draft, record, release)
        draft.progress(done, len(processes))
    return draft


def _party(draft: Draft, party: Mapping[str, Any], record: str) -> str | None:
    name = plain_text(party.get("name")) or plain_text(mapping(party.get("identifier")).get("legalName"))
    if not name:
        draft.report.dropped["parties with no name"] += 1
        return None
    identifiers = []
    for ident in [party.get("identifier"), *items(party.get("additionalIdentifiers"))]:
        if isinstance(ident, Mapping) and ident.get("scheme") and ident.get("id"):
            local = str(ident["id"]).strip()
            if str(ident["scheme"]) == "GB-COH" and local.endswith(".0"):
                local = local[:-2]  # a company number read once as a number by a spreadsheet
            found = org_id(f"{ident['scheme']}-{local}")
            if found and found not in identifiers:
                identifiers.append(found)
    node_id = slug(name)
    if node_id not in draft.nodes:
        draft.report.read["organisations"] += 1
        draft.node(node_id, "Partner", name, f"{record}, party {party.get('id')}", identifiers=identifiers,
                   sector=sector_of(identifiers) or ("voluntary-community" if party.get("vco") is True else None))
    else:
        known = draft.nodes[node_id].setdefault("identifiers", [])
        known += [i for i in identifiers if i not in known]
    contact = party.get("contactPoint")
    if isinstance(contact, Mapping):
        for key, what in (("name", "contact names"), ("email", "contact e-mail addresses"),
                          ("telephone", "contact phone numbers"), ("faxNumber", "contact fax numbers")):
            if contact.get(key):
                draft.report.stripped[f"{what} of parties (not imported)"] += 1
    if isinstance(party.get("address"), Mapping) and any(party["address"].values()):
        draft.report.dropped["postal addresses of parties (not used by the graph)"] += 1
    return node_id


def _process(draft: Draft, record: str, release: Mapping[str, Any]) -> None:
    ocid = str(release.get("ocid") or "")
    parties = {str(p.get("id")): p for p in items(release.get("parties")) if isinstance(p, Mapping)}
    made: dict[str, str | None] = {}

    def partner(ref: Any) -> str | None:
        if not isinstance(ref, Mapping):
            return None
        pid = str(ref.get("id"))
        if pid not in made:
            party = parties.get(pid) or ref
            made[pid] = _party(draft, party, record)
        return made[pid]

    buyer_ref = release.get("buyer") or next((p for p in parties.values() if "buyer" in items(p.get("roles"))), None)
    buyer = partner(buyer_ref)
    if buyer is None:
        draft.problem(record, "buyer", "the process names no buyer", "its services are imported with no commissioner")
    tender: Mapping[str, Any] = release["tender"] if isinstance(release.get("tender"), Mapping) else {}
    contracts = [c for c in items(release.get("contracts")) if isinstance(c, Mapping)]
    method = str(tender.get("procurementMethod") or "").lower() or None
    details_text = str(tender.get("procurementMethodDetails") or "").lower()
    read_from_details = False
    if method is None and details_text:
        method = next((m for words, m in _METHOD_WORDS if words in details_text), None)
        read_from_details = method is not None
        if read_from_details:
            draft.report.kept.append(f"{record}: procurement method '{method}' read from procurementMethodDetails "
                                     f"'{tender.get('procurementMethodDetails')}'")
    awards = [a for a in items(release.get("awards")) if isinstance(a, Mapping)]
    if not awards:
        draft.report.dropped["processes with no award yet (nothing commissioned to import)"] += 1
        return
    for k, award in enumerate(awards):
        status = str(award.get("status") or "").lower()
        if status in _GONE:
            draft.report.dropped[f"awards {status}"] += 1
            continue
        contract: Mapping[str, Any] = next((c for c in contracts if c.get("awardID") == award.get("id")), {})
        name = (plain_text(award.get("title")) or plain_text(tender.get("title"))
                or plain_text(contract.get("title")))
        where = f"{record}, awards[{k}]"
        if not name:
            draft.problem(where, "title", "neither the award, its tender nor its contract has a title",
                          "skipped (a service cannot be shown without a name)")
            continue
        period = mapping(award.get("contractPeriod")) or mapping(contract.get("period"))
        start, end = day(period.get("startDate")), day(period.get("endDate"))
        description = scrub_personal(plain_text(tender.get("description")) or plain_text(award.get("description")),
                                     draft.report.stripped)
        classes: list[Mapping[str, Any]] = [
            i["classification"] for i in items(tender.get("items")) or items(award.get("items"))
            if isinstance(i, Mapping) and isinstance(i.get("classification"), Mapping)]
        cpv = "; ".join(f"{c.get('scheme', '')} {c.get('id', '')} {c.get('description', '')}".strip() for c in classes)
        if cpv:
            description = f"{description or ''} Classification: {cpv}.".strip()
        suffix = slug(ocid[-12:] or str(award.get("id") or k), limit=12)
        sid = draft.unique_id(f"{slug(name, limit=60)}-{suffix}" if len(awards) == 1
                              else f"{slug(name, limit=50)}-{suffix}-{slug(str(award.get('id') or k), limit=8)}")
        draft.node(sid, "Service", name, where, description=description, status="active",
                   start_date=start, end_date=end, valid_from=start, valid_to=end)
        draft.report.read["awards imported as services"] += 1
        if ocid:
            draft.service_keys[sid] = ocid
        value = (_amount(award.get("value"), draft, "award values") or _amount(contract.get("value"), draft,
                 "contract values") or _amount(tender.get("value"), draft, "tender values"))
        if buyer is not None:
            details = plain_text(tender.get("procurementMethodDetails"))
            note = [f"Awarded {day(award.get('date'))}" if day(award.get("date")) else None,
                    f"procurement method {method}" + (" read from" if read_from_details else "")
                    + (f" ({details})" if details else "") if method else None]
            draft.edge("COMMISSIONS", buyer, sid, where, lifetime_value=value,
                       tendered=_TENDERED.get(method or ""), tender_reference=ocid or None,
                       description="; ".join(n for n in note if n) or None, valid_from=start, valid_to=end)
        suppliers = [s for s in items(award.get("suppliers")) if isinstance(s, Mapping)]
        if not suppliers:
            draft.problem(where, "suppliers", "the award names no supplier", "imported with no provider")
        for supplier in suppliers:
            pid = partner(supplier)
            if pid is not None:
                draft.edge("DELIVERS", pid, sid, f"{where}.suppliers", valid_from=start, valid_to=end)
