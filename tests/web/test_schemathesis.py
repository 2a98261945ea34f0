"""The whole OpenAPI document, fuzzed with schemathesis (bounded examples): no server error, no
response that breaks the documented schema, every status a route sends documented, requests that
break the schema refused and requests that keep it answered."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.http import Datasets, create_app

APP = create_app(Datasets.load(["york", "staffordshire"]))
schema = schemathesis.openapi.from_asgi("/v1/openapi.json", APP)

#: Rules OpenAPI cannot write down, so a request that keeps the schema may still break them: diff's
#: ``after`` must not be earlier than its ``before``; the focus view needs a node; a Cypher statement
#: is any text to the schema, but only Cypher to the engine; a scenario is any object or text to the schema,
#: but must name nodes the partnership holds.
CROSS_FIELD_RULES = {"/v1/queries/diff", "/v1/views/{name}", "/v1/cypher", "/v1/scenarios/check",
                     "/v1/scenarios/compare"}


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_route_keeps_its_contract(case: schemathesis.Case) -> None:
    excluded = [positive_data_acceptance] if case.operation.path in CROSS_FIELD_RULES else []
    # The first Cypher statement starts the worker process and loads the engine: on a busy machine that has
    # taken more than the 10 s a call gets by default.
    timeout = 120 if case.operation.path == "/v1/cypher" else 10
    case.call_and_validate(excluded_checks=excluded, timeout=timeout)
