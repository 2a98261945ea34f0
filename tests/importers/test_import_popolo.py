"""Popolo: bodies, posts and membership, and no person (tests/fixtures/popolo, two Tasmanian councils
trimmed from ../shared/data/popolo/tas-local-councils.json, people's names replaced)."""

from __future__ import annotations

import json

from conftest import FIXTURES, SHARED, shared_text
from loaders.importers import import_files

TWO = FIXTURES / "popolo/tas-two-councils.json"


def test_councils_posts_and_chairs() -> None:
    doc = json.loads(TWO.read_text(encoding="utf-8"))
    p, report = import_files("popolo", [TWO])
    assert sorted(b.name for b in p.nodes("Board")) == ["Brighton Council", "Hobart City Council"]
    roles = {(m["organization_id"], m["role"]) for m in doc["memberships"]}
    assert len(p.nodes("Post")) == len(roles) == 6
    chairs = sorted(p.node(e.from_).name for e in p.edges("CHAIRS"))
    assert chairs == ["Lord Mayor, Hobart City Council", "Mayor, Brighton Council"]
    vice = [e for e in p.edges("MEMBER_OF") if e.role.value == "vice-chair"]
    assert len(vice) == 2  # a Deputy Mayor in each council
    assert report.files[0].read["persons (counted, not imported)"] == len(doc["persons"])


def test_no_person_is_imported_from_the_real_file() -> None:
    shared_text("data/popolo/tas-local-councils.json")
    path = SHARED / "data/popolo/tas-local-councils.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    p, report = import_files("popolo", [path])
    text = json.dumps([n.name for n in p.nodes()] + [n.description or "" for n in p.nodes()])
    assert not [person["name"] for person in doc["persons"] if person["name"] in text]
    assert report.files[0].read["persons (counted, not imported)"] == 263
    assert len(p.nodes("Board")) == 29  # the 29 organisations classified 'legislature'
    assert ("legislature/break_o'day_council", "legislature-break-o-day-council") in report.files[0].renamed
