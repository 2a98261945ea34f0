"""Any JSON a feed may hold in any field: the import succeeds or fails with InvalidPartnership, never
another exception (other councils' feeds will be tried)."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_model import InvalidPartnership
from loaders.importers import assemble, parse_360giving, parse_hsds, parse_ocds, parse_oruk, parse_popolo

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**9), st.floats(allow_nan=True),
                     st.text(max_size=12), st.sampled_from(["", "GB-CHC-1", "2020-04-01", "active", "a>b", "x@y.org"]))
_json: Any = st.recursive(_scalars, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                           st.dictionaries(st.text(max_size=6), kids, max_size=3)),
                          max_leaves=8)


def _fields(names: list[str]) -> Any:
    return st.dictionaries(st.sampled_from(names), _json, max_size=len(names))


_SERVICE = ["id", "name", "description", "status", "organization", "pc_targetAudience", "minimum_age", "maximum_age",
            "eligibility", "service_areas", "service_at_locations", "funding", "attributes", "contacts", "phones",
            "email", "pc_metadata", "taxonomy_terms"]
_GRANT = ["id", "title", "description", "currency", "amountAwarded", "awardDate", "plannedDates", "grantProgramme",
          "fundingOrganization", "recipientOrganization", "recipientIndividual", "beneficiaryLocation"]
_RELEASE = ["ocid", "id", "parties", "buyer", "tender", "awards", "contracts"]
_POPOLO = ["organizations", "posts", "memberships", "persons"]


def _check(make: Any) -> None:
    with contextlib.suppress(InvalidPartnership):
        assemble([make()])


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fields(_SERVICE), max_size=3))
def test_oruk_and_hsds_any_fields(records: list[dict[str, Any]]) -> None:
    _check(lambda: parse_oruk(records, "f.json"))
    _check(lambda: parse_hsds({"contents": records}, "f.json"))


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fields(_GRANT), max_size=3))
def test_360giving_any_fields(grants: list[dict[str, Any]]) -> None:
    _check(lambda: parse_360giving({"grants": grants}, "g.json"))


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fields(_RELEASE), max_size=3))
def test_ocds_any_fields(releases: list[dict[str, Any]]) -> None:
    _check(lambda: parse_ocds({"version": "1.1", "releases": releases}, "r.json"))


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_POPOLO), st.lists(_json, max_size=3), min_size=1))
def test_popolo_any_fields(doc: dict[str, Any]) -> None:
    _check(lambda: parse_popolo(doc, "p.json"))
