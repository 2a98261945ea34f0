"""What-if scenarios over HTTP: ``POST /v1/scenarios/check`` and ``POST /v1/scenarios/compare``.

The same scenarios as ``bookcase scenario`` (:mod:`queries.scenarios`), sent in the request body:
as a JSON object with the YAML file's shape, as the YAML text itself, or as the name of a shipped
example (``york-decommission-howe-hill``). ``compare`` answers with the comparison exactly as
``bookcase scenario compare --format json`` prints it (:class:`~queries.scenarios.compare.ScenarioComparison`);
``check`` with what ``bookcase scenario check --format json`` prints when the scenario applies cleanly.

A scenario with problems is refused with 422 in the one error shape, every problem listed in
``details.problems`` (unknown ids with close matches, changes that contradict each other, a
re-route larger than the money there); nothing is applied, and the served partnership is never
changed: the scenario is applied to a copy, built anew for each request.

Privacy follows the other routes (:class:`~api.http.app.Access`): a request that may not see
bodies that are not public has the scenario applied to the public partnership
(:meth:`~graph_model.Partnership.public`), so a change naming a hidden body finds no such node, and
the close matches offered are public ones.

Examples
--------
>>> from fastapi.testclient import TestClient
>>> from api.http import Datasets, create_app
>>> client = TestClient(create_app(Datasets.load(["york"])))
>>> answer = client.post("/v1/scenarios/compare", json={"scenario": "york-decommission-howe-hill"}).json()
>>> answer["scenario"], answer["money_freed"]
('Decommission Howe Hill', 'none recorded')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph_model import Partnership
from queries.scenarios import (
    InvalidScenario,
    ScenarioText,
    check_scenario,
    example_names,
    example_path,
    parse_scenario_data,
    parse_scenario_text,
    read_scenario,
)
from queries.scenarios.compare import ScenarioComparison, compare_scenario

from .app import IsoDate, Limit, Offset

__all__ = ["MAX_SCENARIO_BYTES", "MAX_SCENARIO_CHARS", "ScenarioCheck", "ScenarioExamplePage", "ScenarioRequest",
           "scenario_router"]

#: The longest scenario sent as text, in characters (a scenario is a few lines; a hundred changes, about 10,000).
MAX_SCENARIO_CHARS = 50_000
#: The largest request body the scenario routes read: room for the longest text however it is escaped in JSON
#: (a character may take twelve bytes), so a text too long is named as such (422), and a body too large is 413.
MAX_SCENARIO_BYTES = 1024 * 1024

#: What a scenario sent as data or as text is called in its problems and in the records it changes.
REQUEST_FILE = "request"


class ScenarioRequest(BaseModel):
    """A scenario, the partnership it is tried on, and the day both sides are compared on."""

    model_config = ConfigDict(extra="forbid")

    dataset: str | None = Field(None, description="The partnership's id (see /v1/datasets); the server's first by "
                                                  "default.")
    scenario: dict[str, Any] | Annotated[str, Field(min_length=1, max_length=MAX_SCENARIO_CHARS)] = Field(
        description="The scenario: a JSON object with the YAML file's shape (a 'scenario' block and a list of "
                    "'changes'), the YAML text of a scenario file, or the name of a shipped example (see "
                    "GET /v1/scenarios/examples).")
    as_of: IsoDate | None = Field(None, description="The day both sides are compared on (YYYY-MM-DD); by default "
                                                    "the scenario's own as_of, else the partnership's default day.")


class ScenarioCheck(BaseModel):
    """A scenario that applies cleanly: the same answer as ``bookcase scenario check --format json``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dataset: str = Field(examples=["york"])
    scenario: str = Field(description="The scenario's name.", examples=["Decommission Howe Hill"])
    file: str = Field(description="Where it came from: a shipped example's file, or 'request'.",
                      examples=["york-decommission-howe-hill.yaml"])
    changes: int = Field(examples=[1])
    valid: Literal[True] = True
    problems: list[dict[str, Any]] = Field(default_factory=list, description="Always empty here: a scenario with "
                                                                             "problems is refused with 422.")


class ScenarioExample(BaseModel):
    """A scenario shipped with the package, usable by name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(examples=["york-decommission-howe-hill"])
    scenario: str = Field(examples=["Decommission Howe Hill"])
    description: str | None = None
    changes: int


class ScenarioExamplePage(BaseModel):
    """A page of the shipped examples."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    total: int = Field(description="How many examples are shipped.")
    limit: int
    offset: int
    items: list[ScenarioExample]


_HOWE_HILL = {"scenario": {"name": "Decommission Howe Hill"},
              "changes": [{"change": "decommission", "services": ["howe-hill"], "from": "2015-04-01"}]}

#: Request examples for the reference (each answers on the bundled York or Staffordshire data).
REQUEST_EXAMPLES: dict[str, Any] = {
    "object": {"summary": "A scenario as a JSON object (York: stop Howe Hill)",
               "value": {"dataset": "york", "scenario": _HOWE_HILL}},
    "example": {"summary": "A shipped example by name (Staffordshire: pool the short-breaks money)",
                "value": {"dataset": "staffordshire", "scenario": "staffordshire-pool-short-breaks"}},
    "yaml": {"summary": "The YAML text of a scenario file, compared on a given day",
             "value": {"dataset": "york", "as_of": "2015-12-31",
                       "scenario": "scenario: {name: Stop FIRST}\nchanges:\n  - change: decommission\n"
                                   "    services: [FIRST]\n    from: 2015-04-01\n"}},
}

#: An answer for the reference: York without Howe Hill, shortened to one row of each kind it has.
COMPARISON_EXAMPLE: dict[str, Any] = {
    "scenario": "Decommission Howe Hill", "file": REQUEST_FILE, "partnership": "york", "as_of": "2016-03-31",
    "as_of_basis": "The data describes April 2013 to March 2016; answers are as of 31 March 2016, the end of that "
                   "period (today is later).",
    "warnings": [], "changes": 1,
    "rows": [
        {"section": "cover", "change": "left uncovered", "kind": "cohort", "id": "homeless-16-17",
         "name": "Homeless 16 and 17 year olds", "before": "covered", "after": "no other active service recorded",
         "detail": "decommission-impact", "assumed": False},
        {"section": "money", "change": "result at risk", "kind": "indicator", "id": "homeless-16-17-presentations",
         "name": "16 and 17 year olds presenting as homeless a year",
         "before": "0 young people a year (since Howe Hill opened), from 45 young people a year (baseline)",
         "after": "at risk", "detail": "measures No homeless 16 and 17 year olds", "assumed": False},
        {"section": "prevention", "change": "unchanged", "kind": "share", "id": "prevention-share",
         "name": "Prevention and early-intervention share of annual spend", "before": "unknown", "after": "unknown",
         "detail": "tier 2 unknown (1 flow with no amount) before, unknown (1 flow with no amount) after; tiers 3-4 "
                   "none recorded before, none recorded after", "assumed": False}],
    "prevention_before": {"share": None, "prevention": "unknown (1 flow with no amount)",
                          "specialist": "none recorded", "complete": False},
    "prevention_after": {"share": None, "prevention": "unknown (1 flow with no amount)",
                         "specialist": "none recorded", "complete": False},
    "money_freed": "none recorded", "contract_value_freed": "unknown (1 contract with no value recorded)",
    "money_needed": "none (no new service paid from a budget)", "spend_before": "unknown (2 flows with no amount)",
    "spend_after": "unknown (2 flows with no amount)", "assumptions": [],
    "coverage": "10 services recorded (9 in force on 31 March 2016), the documents' examples, not the whole "
                "provision; money: 4 budgets and 6 flows (5 in force on 31 March 2016), no amounts (recorded in part: totals are not the "
                "partnership's spend).",
}

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: {"content": _ERROR, "description": f"The request body is larger than {MAX_SCENARIO_BYTES:,} bytes."},
    422: {"content": _ERROR, "description": "The scenario has problems (every one in details.problems: unknown ids "
                                            "with close matches, contradicting changes, a re-route larger than the "
                                            "money there ...), or a field of the request breaks its rule. Nothing "
                                            "is applied."},
}


def _too_large() -> StarletteHTTPException:
    return StarletteHTTPException(413, f"the request body is larger than {MAX_SCENARIO_BYTES:,} bytes; a scenario "
                                       "is a few lines of changes")


class _CappedRoute(APIRoute):
    """A route that refuses a body larger than :data:`MAX_SCENARIO_BYTES` (413) before reading it whole."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def capped(request: Request) -> Response:
            declared = request.headers.get("content-length")
            if declared is not None:
                if not declared.isdigit() or int(declared) > MAX_SCENARIO_BYTES:
                    raise _too_large()
            else:  # sent in chunks: read no more than the cap, then hand on what was read
                body, size = [], 0
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > MAX_SCENARIO_BYTES:
                        raise _too_large()
                    body.append(chunk)
                request._body = b"".join(body)  # Starlette's own cache of the body, which the handler reads
            return await handle(request)

        return capped


def _scenario(given: dict[str, Any] | str) -> ScenarioText:
    """The scenario a request sends: a shipped example by name, YAML text, or a JSON object."""
    if isinstance(given, dict):
        return parse_scenario_data(given, file=REQUEST_FILE)
    shipped = example_path(given)  # a shipped example's name; never a path on the server
    if shipped is not None:
        return read_scenario(shipped)
    return parse_scenario_text(given, file=REQUEST_FILE)


def _partnership(request: Request, dataset: str | None) -> Partnership:
    """The partnership as the request may see it (whole, or public), through the app's one access check."""
    state = request.app.state
    p: Partnership = state.access.partnership(request, state.datasets.get(dataset))
    return p


Scenario = Annotated[ScenarioRequest, Body(openapi_examples=REQUEST_EXAMPLES)]


def scenario_router() -> APIRouter:
    """The scenario routes, to include under the API's prefix."""
    router = APIRouter(prefix="/scenarios", tags=["scenarios"], responses=_RESPONSES, route_class=_CappedRoute)

    @router.get("/examples", summary="The example scenarios shipped with the package, usable by name, paged.")
    def examples(limit: Limit = 50, offset: Offset = 0) -> ScenarioExamplePage:
        names = example_names()
        out = []
        for name in names[offset:offset + limit]:
            sc = read_scenario(example_path(name))  # type: ignore[arg-type]  # listed, so found
            out.append(ScenarioExample(name=name, scenario=sc.info.name if sc.info else name,
                                       description=sc.info.description if sc.info else None,
                                       changes=len(sc.changes)))
        return ScenarioExamplePage(total=len(names), limit=limit, offset=offset, items=out)

    @router.post("/check", summary="Check a what-if scenario against a partnership: every problem, nothing applied.")
    def check(body: Scenario, request: Request) -> ScenarioCheck:
        p = _partnership(request, body.dataset)
        sc = _scenario(body.scenario)
        problems = check_scenario(p, sc)
        if problems:
            raise InvalidScenario(problems)
        assert sc.info is not None  # a scenario with no problems has its block
        return ScenarioCheck(dataset=p.info.id, scenario=sc.info.name, file=sc.file, changes=len(sc.changes))

    @router.post("/compare", summary="A partnership before and after a what-if scenario, side by side.",
                 responses={200: {"content": {"application/json": {"example": COMPARISON_EXAMPLE}}}})
    def compare(body: Scenario, request: Request) -> ScenarioComparison:
        p = _partnership(request, body.dataset)
        as_of: dt.date | None = body.as_of
        return compare_scenario(p, _scenario(body.scenario), as_of=as_of)

    return router
