"""Open Referral UK and HSDS 3.0: facts from Bristol's feed (tests/fixtures/oruk, trimmed from it, and the
whole feed in ../shared/data/oruk when present) and the HSDS 3.0 canonical examples."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, SHARED, shared_text
from graph_model import InvalidPartnership
from loaders.importers import import_files, parse_hsds, parse_oruk

BRISTOL = FIXTURES / "oruk/bristol-services-trimmed.json"


def test_trimmed_bristol_accounts_for_every_service() -> None:
    records = json.loads(BRISTOL.read_text(encoding="utf-8"))
    p, report = import_files("oruk", [BRISTOL])
    (file,) = report.files
    skipped = [x for x in file.problems if x.action.startswith("skipped")]
    assert file.read["services"] == len(records)
    assert len(p.nodes("Service")) + len(skipped) == len(records)
    # the one service with no name (id def5ccd4-…) is skipped, and said so
    assert [x.record for x in skipped] == ["service def5ccd4-f121-df4d-60d2-4dc0d69ff555"]


def test_shared_id_gets_a_new_id_and_is_said() -> None:
    # services 2af617e5-4532-bebe-1036-ffdf2e93ce55 appear twice in the feed ("Yoga for fitness & relaxation")
    p, report = import_files("oruk", [BRISTOL])
    (problem,) = [x for x in report.files[0].problems if x.field == "id"]
    assert "2af617e5-4532-bebe-1036-ffdf2e93ce55" in problem.record
    assert "new id" in problem.action
    both = [s for s in p.nodes("Service") if "2af617e5" in s.id]
    assert len(both) == 2 and len({s.id for s in both}) == 2


def test_services_without_organisation_are_kept_without_provider() -> None:
    records = json.loads(BRISTOL.read_text(encoding="utf-8"))
    no_org = {r["id"] for r in records if not r.get("organization") and r["name"].strip()}
    p, report = import_files("oruk", [BRISTOL])
    noted = {x.record.split()[-1] for x in report.files[0].problems if x.field == "organization"}
    assert noted >= no_org and len(no_org) == 6  # the seventh has no name either, and is skipped for that
    delivered = {e.to for e in p.edges("DELIVERS")}
    kept = [s for s in p.nodes("Service") if any(r in (s.source or "") for r in no_org)]
    assert kept and not any(s.id in delivered for s in kept)


def test_audiences_become_cohorts_with_hierarchy() -> None:
    # "Sensory Impaired>Visually Impaired" in pc_targetAudience (whole feed; the trimmed file may lack it)
    p = parse_oruk([{"id": "s", "name": "S", "status": "active",
                     "organization": {"id": "o", "name": "O", "description": "d"},
                     "pc_targetAudience": [{"id": "26205", "audienceType": "Sensory Impaired>Visually Impaired"}]}],
                   "f.json")
    assert ("cohort-visually-impaired--part_of--cohort-sensory-impaired" in p.edges)
    assert p.edges["s-s--targets--cohort-visually-impaired"]["to"] == "cohort-visually-impaired"


def test_free_text_is_scrubbed_of_emails_and_phones() -> None:
    p, report = import_files("oruk", [BRISTOL])
    texts = " ".join(s.description or "" for s in p.nodes("Service"))
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", texts)  # no e-mail address left (an @handle may stay)
    stripped = report.files[0].stripped
    assert stripped["e-mail addresses in free text"] + stripped["telephone numbers in free text"] > 0


def test_not_oruk_fails_whole() -> None:
    with pytest.raises(InvalidPartnership, match="not an Open Referral UK feed"):
        import_files("oruk", [FIXTURES / "360giving/multi-funder-trimmed.json"])


def test_strict_fails_on_problem_records() -> None:
    with pytest.raises(InvalidPartnership, match="the service has no name"):
        import_files("oruk", [BRISTOL], strict=True)


def test_whole_bristol_feed() -> None:
    shared_text("data/oruk/bristol-services-2024-12.json")  # skips (or fails in CI) without ../shared
    path = SHARED / "data/oruk/bristol-services-2024-12.json"
    p, report = import_files("oruk", [path])
    (file,) = report.files
    assert file.read["services"] == 819  # the README of the shared data folder: 819 services
    skipped = [x for x in file.problems if x.action.startswith("skipped")]
    assert len(p.nodes("Service")) + len(skipped) == 819
    # seven services have no organisation: six are kept with no provider, the seventh (def5ccd4-…) also has no
    # name and is skipped for that
    assert len([x for x in file.problems if x.field == "organization"]) == 6
    assert file.schema[("", "required")].count == 7
    assert len([x for x in file.problems if x.field == "id"]) == 1


def test_hsds_examples_map_identifiers_areas_and_funding() -> None:
    doc = json.loads((FIXTURES / "hsds/organization_full.json").read_text(encoding="utf-8"))
    d = parse_hsds(doc, "organization_full.json")
    org = d.nodes["example-organization-inc"]
    # organization_identifiers[0]: GB-COH 1234567
    assert org["identifiers"] == ["GB-COH-1234567"]
    types = sorted(e["type"] for e in d.edges.values())
    assert types == ["DELIVERS", "FUNDS", "OWNS", "SERVES", "SERVES"]
    assert d.report.stripped["contacts (names, e-mail addresses, phone numbers of people; not imported)"] >= 1
    assert "Ann Persona" not in json.dumps(d.nodes)  # the contact's name in the example


def test_hsds_tabular_package_merges_with_json_by_org_id() -> None:
    # organization_identifiers.csv and organization_full.json give the example organisation GB-COH 1234567
    p, report = import_files("hsds", [FIXTURES / "hsds/service_full.json", FIXTURES / "hsds/csv"])
    assert len(p.nodes("Partner")) == 1 and len(p.nodes("Service")) == 1
    assert any(m.kind == "merged" and "GB-COH-1234567" in m.why for m in report.merges)
    assert [m.into for m in report.merges if m.kind == "unmatched"] == []  # the first file's partner is new, not
    # unmatched: only partners of later files (or of an import into a partnership) are said to match nothing


def test_hsds_tabular_package_reads_its_tables() -> None:
    p, report = import_files("hsds", [FIXTURES / "hsds/csv"])
    (svc,) = p.nodes("Service")
    assert svc.name == "Community Counselling"  # services.csv, row 2
    places = sorted(p.node(e.to).name for e in p.out_edges(svc.id, "SERVES"))
    assert places[0] == "MyCity Civic Center"  # locations.csv through service_at_location.csv
    assert [e.from_ for e in p.in_edges(svc.id, "FUNDS")]  # funding.csv
    assert "Ann Persona" not in json.dumps([n.name for n in p.nodes()])  # contacts.csv: a person, not imported
    assert not report.files[0].unmapped  # every table and column is one the HSDS 3.0 data package names


def test_not_a_tabular_package_fails_whole(tmp_path: Path) -> None:
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InvalidPartnership, match="no services.csv"):
        import_files("hsds", [tmp_path])


def test_oruk_v3_page_is_read_as_hsds() -> None:
    # ORUK v3 is a profile of HSDS 3.0 and pages as it does: the HSDS service example wrapped in a page
    service = json.loads((FIXTURES / "hsds/service_full.json").read_text(encoding="utf-8"))
    d = parse_oruk({"total_items": 1, "contents": [service]}, "page.json")
    assert d.standard == "hsds" and not d.report.schema  # checked against HSDS 3.0, which it keeps
    assert [n["name"] for n in d.nodes.values() if n["type"] == "Service"] == ["Community Counselling"]
