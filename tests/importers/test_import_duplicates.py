"""Duplicates in an imported service directory (Bristol's Open Referral UK feed, trimmed in tests/fixtures/oruk;
the whole feed in ../shared/data/oruk when present).

A directory records names, audiences and text, never outcomes, so the ``duplicates`` query compares its services by
name (see queries/duplication.py). The pairs named here were read by hand in the feed: the two "Tai Chi" services
(ids fdd2ff28-… of Avonmouth Community Centre Association, a Chen-style class for any level, and 065b091d-… of Tai
Chi Works, classes for beginners) are the same activity from two providers; the three "Respite Day Centre" services
of Autumn Years Community Care (676bceba-…, 7d93bb2d-…, 386cd2a2-…) carry the same one-line description and are one
provider's service listed three times.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import FIXTURES, SHARED, shared_text
from graph_model import EdgeType, Partnership
from loaders.importers import import_files
from queries.registry import run_query

BRISTOL = FIXTURES / "oruk/bristol-services-trimmed.json"
TAI_CHI = {"fdd2ff28", "065b091d"}
RESPITE = {"676bceba", "7d93bb2d", "386cd2a2"}


@pytest.fixture(scope="module")
def bristol() -> Partnership:
    p, _ = import_files("oruk", [BRISTOL])
    return p


def _short(group: Any) -> set[str]:
    """The members' feed ids, first part only (the importer ends each service's id with it)."""
    return {m.service.id.rsplit("-", 1)[1] for m in group.members}


def test_an_imported_directory_records_no_outcome(bristol: Partnership) -> None:
    # Why blocking on outcome alone found nothing: not one imported service contributes to an outcome.
    assert not list(bristol.edges(EdgeType.CONTRIBUTES_TO))
    r = run_query("duplicates", bristol, {})
    assert r.services_checked == 0 and r.services_by_name == len(bristol.nodes("Service"))


def test_the_two_tai_chi_classes_of_two_providers_are_found(bristol: Partnership) -> None:
    r = run_query("duplicates", bristol, {})
    (group,) = [g for g in r.groups if _short(g) == TAI_CHI]
    assert group.basis == "name" and group.name_words == ["tai", "chi"]
    assert {d.name for m in group.members for d in m.deliverers} == {"Avonmouth Community Centre Association",
                                                                     "Tai Chi Works"}
    assert "compared by name" in group.explain() and "no cohort or locality recorded" in group.explain()
    # the two write-ups differ (a Chen-style class for any level; friendly classes for beginners): alike in part
    assert 0.25 <= group.score < 0.5


def test_one_providers_three_listings_are_found_with_cross_partner_off(bristol: Partnership) -> None:
    r = run_query("duplicates", bristol, {})
    assert not [g for g in r.groups if _short(g) & RESPITE]  # one provider: not an overlap between partners
    assert r.same_partner_groups >= 1 and "listed more than once" in r.summary()
    r = run_query("duplicates", bristol, {"cross_partner": False})
    (group,) = [g for g in r.groups if _short(g) & RESPITE]
    assert _short(group) == RESPITE and group.score >= 0.75  # the same text three times: the same offer
    assert "Dementia" in [c.name for c in group.cohorts]  # each lists people living with dementia
    near = {frozenset((t.a.id.rsplit("-", 1)[1], t.b.id.rsplit("-", 1)[1])) for t in r.pairs}
    assert {frozenset(("676bceba", "7d93bb2d")), frozenset(("676bceba", "386cd2a2"))} <= near


def test_services_named_for_different_places_or_purposes_are_not_grouped(bristol: Partnership) -> None:
    # Urban Yoga's two services that share one id in the feed: "Fishponds Yoga for Fitness & Wellbeing" and
    # "Yoga for Fitness & Relaxation", a place and a purpose apart; and the Alzheimer's Society's activity groups
    # in Redfield and in Brislington.
    r = run_query("duplicates", bristol, {"cross_partner": False, "limit": 0})
    names = [sorted(m.service.name for m in g.members) for g in r.groups]
    assert not [n for n in names if any("Yoga" in x for x in n) or any("Activity Group" in x for x in n)]


def test_whole_bristol_feed_groups_across_providers() -> None:
    shared_text("data/oruk/bristol-services-2024-12.json")  # skips (or fails in CI) without ../shared
    p, _ = import_files("oruk", [SHARED / "data/oruk/bristol-services-2024-12.json"])
    r = run_query("duplicates", p, {"limit": 0})
    found = sorted(sorted(m.service.name for m in g.members) for g in r.groups)
    # read by hand in the feed: two tai chi classes; three gardening clubs (a community farm, the Beehive Centre,
    # b.friend); and Alcoholics Anonymous listed under two organisations, "AA Bristol" and "Alcoholics Anonymous –
    # Bristol". The "Cost of Living" welcome spaces, named for their venues, are not grouped.
    assert found == [["Alcoholics Anonymous - Bristol", "Alcoholics Anonymous Bristol"],
                     ["Gardening Club"] * 3, ["Tai Chi", "Tai Chi"]]
