"""360Giving grants → funders and recipients, grant budgets, the funded work, beneficiary places.

Each grant becomes:

* a Budget of kind ``grant`` with the amount awarded (pounds only), its planned dates (else the
  award date) as validity, the financial year of the award (``2020-21``) as its period, and its
  award date and grant programme in its description;
* CONTRIBUTES from the funding organisation (a Partner; org-id identifiers) with the amount;
* a Service standing for the funded work (the grant's title and description; marked
  ``assumed``: 360Giving records a grant, and the project reads the work it pays for as a
  service), FUNDS from the budget with the amount, DELIVERS from the recipient organisation;
* SERVES to each named beneficiary location (a Locality).

A grant to an individual (``recipientIndividual``) keeps its amount and funder but not the
person: no recipient is imported, and the title and description are replaced by a neutral
name, since they can name the person; the report counts such grants.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from graph_model import InvalidPartnership, Location, Problem, Rule

from ._base import Draft, day, extra_fields, items, number, org_id, plain_text, scrub_personal, sector_of, slug
from .schemas import iter_schema_errors, schema_properties

__all__ = ["parse_360giving"]


def parse_360giving(doc: Any, file: str, *, licence: str | None = None, tick: Callable[[int, int], None] | None = None) -> Draft:
    """A 360Giving grants package as a draft of funders, recipients, grant budgets and funded services.

    >>> d = parse_360giving({"grants": [{"id": "360G-x-1", "title": "Grant to Effervescent", "currency": "GBP",
    ...     "amountAwarded": 116471, "awardDate": "2017-11-21", "description": "Art with children",
    ...     "fundingOrganization": [{"id": "GB-CHC-200051", "name": "Esmée Fairbairn Foundation"}],
    ...     "recipientOrganization": [{"id": "GB-CHC-1164859", "name": "Effervescent"}]}]}, "g.json")
    >>> sorted((e["type"], e.get("amount")) for e in d.edges.values())
    [('CONTRIBUTES', 116471.0), ('DELIVERS', None), ('FUNDS', 116471.0)]
    """
    if not (isinstance(doc, Mapping) and isinstance(doc.get("grants"), list)):
        raise InvalidPartnership([Problem(
            Rule.MALFORMED_FILE, "this is not a 360Giving file: expected a JSON object with a 'grants' list",
            Location(file=file), "a 360Giving grants package")])
    licence = (doc.get("license") if isinstance(doc.get("license"), str) else None) or licence
    draft = Draft(file, "360giving", licence, tick=tick)
    grant_known = schema_properties("360giving", "360-giving-schema.json")
    for err in iter_schema_errors("360giving", "360-giving-package-schema.json", doc):
        parts = err.path.split("/")
        if len(parts) >= 2 and parts[0] == "grants" and parts[1].isdigit():
            grant = doc["grants"][int(parts[1])]
            rid = grant.get("id") if isinstance(grant, Mapping) else None
            draft.check_schema([err], f"grant {rid or parts[1]}", prefix=f"grants/{parts[1]}")
        else:
            draft.check_schema([err], "package")
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for index, grant in enumerate(doc["grants"]):
        draft.report.read["grants"] += 1
        if not isinstance(grant, Mapping):
            draft.problem(f"grants[{index}]", None, "the grant is not a JSON object", "skipped")
            continue
        extra_fields(grant, grant_known, draft.report, {})
        _grant(draft, grant, index, totals)
        draft.progress(index + 1, len(doc["grants"]))
    for pid, (amount, count) in sorted(totals.items(), key=lambda kv: -kv[1][0]):
        draft.report.totals.append((pid, draft.nodes[pid]["name"], amount, int(count)))
    return draft


def _org(draft: Draft, org: Any, record: str) -> str | None:
    if not isinstance(org, Mapping):
        return None
    name = plain_text(org.get("name"))
    if not name:
        draft.report.dropped["organisations with no name"] += 1
        return None
    found = org_id(org.get("id"))
    identifiers = [found] if found else []
    for key, scheme in (("charityNumber", "GB-CHC"), ("companyNumber", "GB-COH")):
        if org.get(key):
            extra = org_id(f"{scheme}-{org[key]}")
            if extra and extra not in identifiers:
                identifiers.append(extra)
    node_id = slug(name)
    if node_id not in draft.nodes:
        draft.report.read["organisations"] += 1
        draft.node(node_id, "Partner", name, record, identifiers=identifiers, sector=sector_of(identifiers))
    else:
        known = draft.nodes[node_id].setdefault("identifiers", [])
        known += [i for i in identifiers if i not in known]
    return node_id


def _financial_year(awarded: str | None) -> str | None:
    """The UK financial year (April to March) a grant was awarded in, as budgets label periods.

    >>> _financial_year("2020-04-28"), _financial_year("2021-03-31"), _financial_year(None)
    ('2020-21', '2020-21', None)
    """
    if not awarded:
        return None
    year = int(awarded[:4]) - (1 if awarded[5:7] < "04" else 0)
    return f"{year}-{(year + 1) % 100:02d}"


def _grant(draft: Draft, grant: Mapping[str, Any], index: int, totals: dict[str, list[float]]) -> None:
    gid = str(grant.get("id") or "").strip()
    record = f"grants[{index}] id {gid}" if gid else f"grants[{index}]"
    label = f"grant {gid}" if gid else f"grant at index {index}"
    if not gid:
        draft.problem(label, "id", "the grant has no id", "imported with an id made from its position")
    funders = [f for f in items(grant.get("fundingOrganization")) if isinstance(f, Mapping)]
    funder_ids = [fid for f in funders if (fid := _org(draft, f, f"{record}, fundingOrganization")) is not None]
    individual = isinstance(grant.get("recipientIndividual"), Mapping)
    recipients = [] if individual else [r for r in items(grant.get("recipientOrganization")) if isinstance(r, Mapping)]
    recipient_ids = [rid for r in recipients if (rid := _org(draft, r, f"{record}, recipientOrganization")) is not None]
    if individual:
        draft.report.stripped["grants to individuals: recipient, title and description not imported"] += 1
    amount: float | None = None
    value = number(grant.get("amountAwarded"))
    if value is not None and value < 0:
        draft.problem(label, "amountAwarded", f"a negative amount ({value:g})", "imported with no amount")
    elif value is not None:
        if (grant.get("currency") or "GBP") == "GBP":
            amount = value
        else:
            draft.report.dropped["amounts in a currency other than pounds"] += 1
    planned = next((p for p in items(grant.get("plannedDates")) if isinstance(p, Mapping)), {})
    start = day(planned.get("startDate")) or day(grant.get("awardDate"))
    end = day(planned.get("endDate"))
    if start and end and end < start:
        end = None
        draft.problem(label, "plannedDates", "the planned end is before the start", "the end date is left out")
    programmes = [t for p in items(grant.get("grantProgramme")) if isinstance(p, Mapping)
                  and (t := plain_text(p.get("title")))]
    if programmes:
        draft.report.read["grants in a named programme"] += 1
    title = f"Grant {gid or index} to an individual" if individual else (plain_text(grant.get("title")) or f"Grant {gid or index}")
    text = None if individual else scrub_personal(plain_text(grant.get("description")), draft.report.stripped)
    base = slug(gid or f"grant-{index}", limit=60)
    bid = draft.unique_id(f"grant-{base}" if not base.startswith("360g") else base)
    awarded = day(grant.get("awardDate"))
    said = [f"Awarded {awarded}." if awarded else None,
            f"Programme: {'; '.join(programmes)}." if programmes else None, text]
    draft.node(bid, "Budget", title, record, kind="grant", amount=amount, valid_from=start, valid_to=end,
               period=_financial_year(awarded), description=" ".join(x for x in said if x) or None)
    sid = draft.unique_id(f"{bid}-work")
    draft.node(sid, "Service", title, record, description=text, assumed=True, start_date=start, end_date=end,
               valid_from=start, valid_to=end)
    for fid in funder_ids:
        share = amount / len(funder_ids) if amount is not None else None
        draft.edge("CONTRIBUTES", fid, bid, f"{record}, fundingOrganization", amount=share)
        if share is not None:
            totals[fid][0] += share
        totals[fid][1] += 1
    draft.edge("FUNDS", bid, sid, record, amount=amount)
    for rid in recipient_ids:
        draft.edge("DELIVERS", rid, sid, f"{record}, recipientOrganization")
    if not funder_ids:
        draft.problem(label, "fundingOrganization", "the grant names no funder", "imported with no contributor")
    for loc in items(grant.get("beneficiaryLocation")):
        name = plain_text(loc.get("name")) if isinstance(loc, Mapping) else None
        if not name:
            continue
        parts = [p.strip() for p in name.split("/") if p.strip()]  # "England/South West/Plymouth"
        parent = draft.chain("Locality", parts, lambda n: "place-" + slug(n, limit=60),
                             f"{record}, beneficiaryLocation")
        if parent is not None:
            draft.edge("SERVES", sid, parent, f"{record}, beneficiaryLocation")
            draft.report.read["beneficiary locations"] += 1
