"""360Giving and OCDS: funders with their totals, the Staffordshire short-breaks framework, and merging
into the bundled Staffordshire partnership by org-id."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, SHARED, shared_text
from graph_model import InvalidPartnership
from loaders import load_bundled
from loaders.importers import import_files

GRANTS = FIXTURES / "360giving/multi-funder-trimmed.json"
FRAMEWORK = FIXTURES / "ocds/ocds-b5fd17suppliermatch-97f911f5-7d29-4e50-aa8f-ae3dc5d15cc6.json"


def test_funders_with_their_totals() -> None:
    grants = json.loads(GRANTS.read_text(encoding="utf-8"))["grants"]
    expected: dict[str, float] = {}
    for g in grants:
        (funder,) = g["fundingOrganization"]
        expected[funder["id"]] = expected.get(funder["id"], 0) + g["amountAwarded"]
    p, report = import_files("360giving", [GRANTS])
    by_ident = {i: n.id for n in p.nodes("Partner") for i in n.identifiers}
    totals = {pid: amount for pid, _, amount, _ in report.files[0].totals}
    for org_id, amount in expected.items():
        assert totals[by_ident[org_id]] == pytest.approx(amount)
    contributed: dict[str, float] = {}
    for e in p.edges("CONTRIBUTES"):
        contributed[e.from_] = contributed.get(e.from_, 0) + (e.amount or 0)
    assert contributed == pytest.approx(totals)


def test_grants_to_individuals_keep_no_person() -> None:
    grants = json.loads(GRANTS.read_text(encoding="utf-8"))["grants"]
    individual = [g for g in grants if "recipientIndividual" in g]
    p, report = import_files("360giving", [GRANTS])
    assert report.files[0].stripped["grants to individuals: recipient, title and description not imported"] \
        == len(individual) > 0
    for g in individual:
        budget = next(n for n in p.nodes("Budget") if g["id"] in (n.source or ""))
        assert budget.name.endswith("to an individual") and budget.amount == g["amountAwarded"]
        assert g["title"] not in json.dumps([n.name for n in p.nodes()])


def test_staffordshire_framework_commissioned_and_delivered_by_four() -> None:
    p, _ = import_files("ocds", [FRAMEWORK])
    (svc,) = p.nodes("Service")
    # releases[0].awards[0]: £800,000, contract period 2020-04-01 to 2022-03-31, four suppliers
    (comm,) = p.in_edges(svc.id, "COMMISSIONS")
    assert p.node(comm.from_).name == "Staffordshire County Council"
    assert comm.lifetime_value == 800000 and comm.tendered is True
    assert str(svc.start_date) == "2020-04-01" and str(svc.end_date) == "2022-03-31"
    providers = sorted(p.node(e.from_).name for e in p.in_edges(svc.id, "DELIVERS"))
    assert providers == ["Action for Children", "CAUDWELL CHILDREN", "CROSSROADS CARE STAFFORDSHIRE LIMITED",
                         "STAFFORDSHIRE WILDLIFE TRUST LIMITED"]


def test_into_staffordshire_merges_by_org_id_with_no_duplicate() -> None:
    staffs = load_bundled("staffordshire")
    p, report = import_files("ocds", [FRAMEWORK], into=staffs, into_name="staffordshire")
    names = [n.name.lower() for n in p.nodes("Partner")]
    assert names.count("staffordshire county council") == 1
    assert len(p.nodes("Partner")) == len(staffs.nodes("Partner"))
    assert len(p.nodes("Service")) == len(staffs.nodes("Service"))
    merged = [m for m in report.merges if m.kind == "merged"]
    assert any(m.into == "staffordshire-county-council" and "org-id GB-SRS-" in m.why for m in merged)
    assert any(m.into == "short-breaks-framework" and "ocid" in m.why for m in merged)
    assert "merged Partner 'CAUDWELL CHILDREN'" in report.text()
    assert not [m for m in report.merges if m.kind in ("unmatched", "conflict", "renamed")]  # all five matched


def test_not_ocds_fails_whole() -> None:
    with pytest.raises(InvalidPartnership, match="not an OCDS file"):
        import_files("ocds", [GRANTS])


def test_org_id_merges_whatever_the_name() -> None:
    # the bundled Staffordshire County Council carries GB-LAE-STS (the local-authority-eng register's code);
    # a release naming the council otherwise but with that org-id is the same partner
    from loaders.importers import assemble, parse_ocds

    staffs = load_bundled("staffordshire")
    release = {"version": "1.1", "releases": [{
        "ocid": "ocds-test-1", "id": "1", "date": "2021-01-01", "tag": ["award"], "initiationType": "tender",
        "parties": [{"id": "b", "name": "Staffs CC", "roles": ["buyer"],
                     "identifier": {"scheme": "GB-LAE", "id": "STS"}}],
        "buyer": {"id": "b"}, "tender": {"title": "Test service", "procurementMethod": "open"},
        "awards": [{"id": "a", "status": "active", "suppliers": []}]}]}
    p, report = assemble([parse_ocds(release, "test.json")], into=staffs, into_name="staffordshire")
    (comm,) = [e for e in p.edges("COMMISSIONS") if e.tender_reference == "ocds-test-1"]
    assert comm.from_ == "staffordshire-county-council"
    assert len(p.nodes("Partner")) == len(staffs.nodes("Partner"))
    assert any("the same org-id GB-LAE-STS" in m.why for m in report.merges)
    assert not [m for m in report.merges if m.kind == "unmatched"]


def test_ended_contracts_are_decommissioned_on_the_default_day() -> None:
    # fictional-barnet-record.json's contract ran 2010-07-01 to 2011-06-30; imported into Staffordshire (whose
    # data describes June 2010 to March 2022) it has ended by the day answers are for by default
    shared_text("data/ocds/fictional-barnet-record.json")  # skips (or fails in CI) without ../shared
    barnet = SHARED / "data/ocds/fictional-barnet-record.json"
    p, report = import_files("ocds", [barnet], into=load_bundled("staffordshire"), into_name="staffordshire")
    (svc,) = [s for s in p.nodes("Service") if "cycle lanes" in s.name]
    assert svc.status.value == "decommissioned" and str(svc.end_date) == "2011-06-30"
    assert report.status_note and "2022-03-31" in report.status_note
    assert not p.warnings
