"""The HTTP API: the same answers as the command line, as JSON, for apps.

:func:`create_app` builds a FastAPI application over the partnerships a server holds
(:class:`~api.http.datasets.Datasets`). Every route but the home page sits under ``/v1``
(:data:`API_PREFIX`), and the OpenAPI version moves with it (:data:`API_VERSION`).

=====================================  ===============================================
route                                  what it answers
=====================================  ===============================================
``GET /``                              the home page: partnerships, queries, API docs
``GET /v1/health``                     whether the server is up, and what it holds
``GET /v1/datasets``                   the partnerships served, with counts and period, paged
``GET /v1/schema``                     node types and edge types, with their rules
``GET /v1/nodes``                      nodes by type and name (``q``), paged
``GET /v1/nodes/{id}``                 one node with its edges in and out
``GET /v1/edges``                      edges by type, paged
``GET /v1/queries``                    the catalogue of named queries, paged
``GET|POST /v1/queries/{name}``        one named query's answer (one route per query), its lists paged
``GET /v1/export/{format}``            a partnership as JSON, YAML, CSV (zip), GEXF, GraphML or node-link JSON
``POST /v1/cypher``                    one read-only Cypher statement, run in a worker process
``POST /v1/scenarios/check|compare``   a what-if scenario checked, or compared before and after
``GET /v1/views/{name}``               an interactive view as one self-contained HTML page
``GET /v1/report/{dataset}``           a board paper as one self-contained HTML document
``POST /v1/session``                   an API key sent once, kept as an HttpOnly cookie
``POST /v1/admin/reload``              read a dataset again and swap it in whole (admin)
=====================================  ===============================================

The query routes are made from the registry when the app is built, each with the
query's own parameter and result models, so a new named query appears without new route
code. Every list is paged with ``limit`` (at most :data:`MAX_LIMIT`) and ``offset``: the list routes answer
``{total, limit, offset, items}``; a query's answer keeps its shape, with ``limit`` items of each of its lists
(every list field its result model adds, :func:`~api.http.answers.paged_fields`) and a ``page`` object giving
the total of each list. Errors have one shape (:func:`api.errors.error_payload`: status, code, message,
details), from the same mapping the command line uses; a request that is not valid JSON
gets 400, a bad parameter 422 naming it, an unknown id 404 with close matches, and an
unexpected failure 500 with no trace of the code.

Examples
--------
>>> from fastapi.testclient import TestClient
>>> client = TestClient(create_app(Datasets.load(["york"])))
>>> client.get("/v1/queries/reporting-line", params={"node": "icg"}).json()["partnership"]
'york'
>>> client.get("/v1/nodes/icgg").json()["code"]
'unknown-node'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import html
import inspect
import io
import logging
import re
import secrets
import time
import typing
import zipfile
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, create_model, model_validator
from pydantic_core import to_json
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_model import BookcaseError, InvalidParameters, NodeType, Partnership, timeframe
from graph_model.models import dump_record
from graph_model.schema import EDGE_RULES, NODE_TYPES, EdgeType
from queries import all_queries, get_query, run_query
from queries.registry import NamedQuery, QueryResult, parse_params

from ..errors import BadKey, NotAllowed, error_code, error_payload, http_status
from ..settings import get_settings
from .answers import MISSING, Answers, PagedAnswer, paged_fields, whole_list_params
from .cypher import CypherWorker
from .datasets import Dataset, Datasets
from .keys import KeyStore, Role, allows

__all__ = ["ANSWER_LIMIT", "API_PREFIX", "API_VERSION", "MAX_LIMIT", "create_app"]

#: The version prefix of every API route, and the API's version (OpenAPI ``info.version``).
API_PREFIX = "/v1"
API_VERSION = "1.0.0"
#: The largest page a list route gives; ``limit`` above it is refused (422).
MAX_LIMIT = 1000
#: How many items of each list a named query's answer gives when the request asks for no ``limit``: enough
#: for every list of the bundled partnerships' answers to come whole.
ANSWER_LIMIT = 100
#: The most the kept answers may weigh, in bytes: a whole answer with every item listed takes 110 to 140 MB for
#: service-map, value, needs or diff at national scale.
ANSWER_BYTES_KEPT = 512 * 1024 * 1024

log = logging.getLogger("bookcase.http")


# -- response models -------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class ErrorBody(_Model):
    """Every error, from every route: the same shape the command line prints with ``--format json``."""

    status: int = Field(examples=[404])
    code: str = Field(examples=["unknown-node"])
    message: str = Field(examples=["no node has id or name 'icgg'; closest: icg"])
    details: dict[str, Any] = Field(default_factory=dict, examples=[{"suggestions": ["icg"]}])


class Health(_Model):
    status: Literal["ok"] = "ok"
    datasets: list[str] = Field(examples=[["york", "staffordshire"]])


class DatasetInfo(_Model):
    id: str = Field(examples=["york"])
    name: str
    nodes: int
    edges: int
    period_start: dt.date | None
    period_end: dt.date | None
    version: int = Field(description="1 when the server started, one more at each reload.")
    coverage: str = Field(description="How much of the partnership the data records.")
    default: bool = Field(description="The dataset a request that names none is about.")


class DatasetPage(_Model):
    total: int = Field(description="How many partnerships the server holds.")
    limit: int
    offset: int
    items: list[DatasetInfo]


class NodeTypeSchema(_Model):
    type: str
    group: str
    meaning: str
    fields: list[str]


class EdgeTypeSchema(_Model):
    type: str
    group: str
    meaning: str
    ends: list[tuple[str, str]] = Field(description="Every (from type, to type) pair the rule allows.")


class SchemaBody(_Model):
    node_types: list[NodeTypeSchema]
    edge_types: list[EdgeTypeSchema]


class NodeSummary(_Model):
    id: str = Field(examples=["icg"])
    type: str = Field(examples=["SubGroup"])
    name: str = Field(examples=["Integrated Commissioning Group"])


class NodePage(_Model):
    total: int = Field(description="How many match, over every page.")
    limit: int
    offset: int
    items: list[NodeSummary]


class EdgePage(_Model):
    total: int = Field(description="How many match, over every page.")
    limit: int
    offset: int
    items: list[dict[str, Any]] = Field(description="Each edge as the JSON format writes it.")


class NodeDetail(_Model):
    node: dict[str, Any] = Field(description="The node as the JSON format writes it.")
    out_edges: list[dict[str, Any]] = Field(description="Edges from it.")
    in_edges: list[dict[str, Any]] = Field(description="Edges to it.")


class CypherRequest(BaseModel):
    """One read-only Cypher statement, its parameters, the partnership and the day it is asked of."""

    model_config = ConfigDict(extra="forbid")

    statement: str = Field(min_length=1, max_length=20_000,
                           examples=["MATCH (g:SubGroup {id: $id})-[:ACCOUNTABLE_TO]->(b) RETURN b.name AS board"])
    params: dict[str, Any] = Field(default_factory=dict, examples=[{"id": "icg"}],
                                   description="Every value the statement uses, by name ($id); values are never "
                                               "written into the statement.")
    dataset: str | None = Field(None, description="The partnership's id; the server's first by default.")
    as_of: IsoDate | None = Field(None, description="The day the graph is as of (YYYY-MM-DD); by default the "
                                                    "day its named queries answer for.")


class CypherAnswer(_Model):
    partnership: str = Field(examples=["york"])
    as_of: dt.date | None
    as_of_basis: str
    columns: list[str] = Field(examples=[["board"]])
    rows: list[list[Any]] = Field(examples=[[["YorOK Board"]]])
    truncated: bool = Field(description="True when the answer had more rows than the row limit allows.")
    max_rows: int


class SessionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, max_length=200, description="An API key made with bookcase keys add.")


class SessionAnswer(_Model):
    role: str = Field(examples=["viewer"])


class DatasetReloaded(_Model):
    id: str
    version: int
    nodes: int
    edges: int


class QueryInfo(_Model):
    name: str = Field(examples=["reporting-line"])
    family: str = Field(examples=["reporting-lines"])
    purpose: str
    as_of: bool = Field(description="Whether it takes an as_of date.")
    parameters: dict[str, Any] = Field(description="The JSON schema of its parameters.")
    path: str = Field(examples=["/v1/queries/reporting-line"])
    paged: list[str] = Field(description="The lists of its answer that limit and offset page.",
                             examples=[["line", "others", "tops", "voice", "seats", "part_seats"]])


class QueryPage(_Model):
    total: int = Field(description="How many named queries there are.")
    limit: int
    offset: int
    items: list[QueryInfo]


class AnswerPage(_Model):
    """Which part of each list a named query's answer gives: an app can tell a page from the whole."""

    limit: int = Field(description="The most items given of each list.", examples=[ANSWER_LIMIT])
    offset: int = Field(description="How many items of each list were skipped.", examples=[0])
    complete: bool = Field(description="True when this page gives every item of every list.")
    # totals: added for each query (_answer_model), one count for each list its answer pages.


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": meaning}
    for status, meaning in ((400, "The request body is not valid JSON."),
                            (404, "An unknown dataset, node or query (with close matches)."),
                            (422, "A parameter that breaks its rule, named with the rule."),
                            (500, "An unexpected failure (no detail of the code is sent)."))
}


# -- the app ---------------------------------------------------------------------------------------


def create_app(datasets: Datasets, *, local: bool = True, keys: KeyStore | None = None) -> FastAPI:
    """The API over ``datasets``. ``local``: served to its owner on a loopback address with no keys, so it
    shows every body, non-public ones included (the home page says so); otherwise privacy applies: a
    request sees the public partnership unless its key's role allows more (:mod:`api.http.keys`)."""
    settings = get_settings()
    keys = keys or KeyStore(settings.keys_file)
    access = Access(local=local, keys=keys)
    answers = Answers(settings.answers_kept, budget=ANSWER_BYTES_KEPT, weigh=lambda kept: kept.size)
    worker = CypherWorker(datasets)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        worker.close()

    # FastAPIOffline: FastAPI with the reference's script and style served by this server (under
    # /static-offline-docs), so /docs works on a machine with no internet, as the views do.
    app = FastAPIOffline(
        title="planning-bookcase",
        version=API_VERSION,
        description="Children's-services partnerships as a graph: the named queries, nodes and edges, and "
                    "exports of the partnerships this server holds. Every error has one shape: status, code, "
                    "message, details.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        favicon_url=None,
        responses=_ERRORS,
        lifespan=lifespan,
    )

    app.state.datasets = datasets
    app.state.local = local
    app.state.answers = answers
    app.state.cypher = worker
    app.state.access = access
    _handle_errors(app)
    app.add_middleware(RequestLog)
    if settings.cors_origins:  # off unless origins are named: a browser page elsewhere may not call the API
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["content-type"])
    api = APIRouter(prefix=API_PREFIX, responses=_ERRORS)  # on the app itself, not included: see below
    _routes(api, datasets, access)
    _access_routes(api, datasets, access)

    @api.post("/cypher", tags=["cypher"], summary="One read-only Cypher statement on a partnership in the embedded "
                                                   "engine (values only as params).",
              responses={403: {"model": ErrorBody, "description": "The read-only guard refused the statement "
                                                                   "(the message names the clause)."}})
    def cypher(body: CypherRequest, request: Request) -> CypherAnswer:
        access.need(request, "analyst", "running Cypher")
        return CypherAnswer(**worker.run(body.dataset, body.statement, body.params, body.as_of))

    for q in all_queries():
        _query_routes(api, datasets, q, answers, access)
    from .scenarios import scenario_router  # here, not at the top: it takes IsoDate from this module

    api.include_router(scenario_router())

    @api.api_route("/queries/{name}", methods=["GET", "POST"], include_in_schema=False)
    def unknown_query(name: str) -> None:  # after every query's own route: only an unknown name gets here
        get_query(name)  # raises UnknownQuery, with the closest names

    from .report import router as report_router  # the board paper (GET /v1/report/{dataset})

    api.include_router(report_router)
    # The routes go on the app itself: FastAPI matches an included router's routes twice per request, and with
    # fifty routes that cost more than answering a node lookup.
    app.router.routes.extend(api.routes)

    def home(request: Request) -> HTMLResponse:
        return _home(datasets, access.local, access.sees_all(request))

    app.add_api_route("/", home, methods=["GET"],
                      response_class=HTMLResponse,
                      summary="The home page: the partnerships served, the named queries, the API docs.",
                      include_in_schema=True, tags=["home"])

    def openapi() -> dict[str, Any]:  # with an example on every response, worked out on first use
        if app.openapi_schema is None:
            from .examples import add_examples

            app.openapi_schema = add_examples(FastAPI.openapi(app), datasets.names())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


#: The cookie a browser keeps after ``POST /v1/session``: it names a session held in the server's memory.
SESSION_COOKIE = "bookcase_session"


class Access:
    """Who a request is: the owner at their own machine (local mode: everything), or the role of the key it
    presents (header or session cookie), or nobody (the public partnership only)."""

    def __init__(self, *, local: bool, keys: KeyStore) -> None:
        self.keys = keys
        self.local = local and not keys.entries()  # keys configured: privacy applies even on loopback
        self.sessions: dict[str, Role] = {}

    def role(self, request: Request) -> Role | None:
        """The request's role; an unknown key or session is refused (401), never taken as no key."""
        if self.local:
            return "admin"
        header = request.headers.get("authorization", "")
        key = header[7:].strip() if header.lower().startswith("bearer ") else request.headers.get("x-api-key")
        if key:
            role = self.keys.role_of(key)
            if role is None:
                raise BadKey("the API key is not known here (it may have been revoked)")
            return role
        session = request.cookies.get(SESSION_COOKIE)
        if session:
            found = self.sessions.get(session)
            if found is None:
                raise BadKey("the session has ended; send the key to POST /v1/session again")
            return found
        return None

    def sees_all(self, request: Request) -> bool:
        """Whether the request may see bodies that are not public."""
        return allows(self.role(request), "viewer")

    def partnership(self, request: Request, p: Partnership | Dataset) -> Partnership:
        """``p`` as the request may see it: whole, or its public subset (:meth:`Partnership.public`; a
        served :class:`Dataset` keeps its public subset, worked out once)."""
        if isinstance(p, Dataset):
            return p.shown(self.sees_all(request))
        return p if self.sees_all(request) else p.public()

    def need(self, request: Request, role: Role, what: str) -> None:
        if not allows(self.role(request), role):
            raise NotAllowed(f"{what} needs a key with the {role} role")


def _access_routes(api: APIRouter, datasets: Datasets, access: Access) -> None:
    @api.post("/session", tags=["service"], summary="Send an API key once; the browser keeps an HttpOnly cookie.",
              responses={401: {"model": ErrorBody, "description": "The key is not known."}})
    def session(body: SessionRequest, response: Response) -> SessionAnswer:
        role = access.keys.role_of(body.key)
        if role is None:
            raise BadKey("the API key is not known here (it may have been revoked)")
        token = secrets.token_urlsafe(32)
        access.sessions[token] = role
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=False, path="/")
        return SessionAnswer(role=role)

    @api.post("/admin/reload", tags=["service"], summary="Read a dataset again and swap it in whole (admin only).",
              responses={403: {"model": ErrorBody, "description": "The key's role is not admin."}})
    def reload(request: Request, dataset: str | None = DatasetParam) -> DatasetReloaded:
        access.need(request, "admin", "reloading data")
        fresh = datasets.reload(dataset)
        return DatasetReloaded(id=fresh.partnership.info.id, version=fresh.version, nodes=len(fresh.partnership),
                               edges=fresh.partnership.edge_count)


def _error(status: int, code: str, message: str, details: dict[str, Any] | None = None,
           headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"status": status, "code": code, "message": message, "details": details or {}}, status,
                        headers=headers)


def _methods(request: Request) -> list[str]:
    """Every method some route takes at the request's path (for a 405's Allow header)."""
    from starlette.routing import Match, Route

    found: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.matches(request.scope)[0] is not Match.NONE:
            found |= route.methods or set()
    return sorted(found)


#: Plain words for the commonest ways a request breaks its rules (pydantic's own words otherwise).
_PLAIN = {"missing": "is required", "extra_forbidden": "is not a parameter here"}
#: Added when a request body sends a query's own limit among its params.
_PAGED_LIMIT = " (over HTTP a query's limit is the page's: send limit beside params)"


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(BookcaseError)
    async def bookcase_error(request: Request, err: BookcaseError) -> JSONResponse:
        return JSONResponse(error_payload(err), http_status(err))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> JSONResponse:
        problems = list(err.errors())
        if any(p.get("type") == "json_invalid" for p in problems):
            return _error(400, "bad-request", "the request body is not valid JSON")
        if any(tuple(p.get("loc", ())) == ("body",) and isinstance(p.get("input"), bytes) for p in problems):
            # FastAPI reads a body as JSON only when its Content-Type says so; else it arrives as bytes
            return _error(400, "bad-request", "the request body was not sent as JSON: send it with the header "
                                              "Content-Type: application/json")
        named = [f"{'.'.join(str(x) for x in p.get('loc', ())[1:]) or 'body'}: "
                 f"{_PLAIN.get(str(p.get('type')), p.get('msg', 'invalid'))}"
                 + (_PAGED_LIMIT if tuple(p.get("loc", ()))[-2:] == ("params", "limit") else "") for p in problems]
        return _error(422, error_code("InvalidParameters"), "; ".join(named), {"parameters": named})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
        if err.status_code == 404:
            return _error(404, "not-found", f"no route {request.method} {request.url.path}; the routes are listed "
                                            "at /docs")
        if err.status_code == 405:  # with starlette's Allow header, which names the methods the route takes
            allowed = _methods(request)
            return _error(405, "method-not-allowed", f"{request.method} is not allowed on {request.url.path}; "
                                                     f"allowed: {', '.join(allowed)}", {"allowed": allowed},
                          headers={"Allow": ", ".join(allowed)})
        return _error(err.status_code, "http-error", str(err.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected failure on %s %s", request.method, request.url.path)
        return _error(500, "internal-error", "the server failed to answer; the failure is logged on the server")


class RequestLog:
    """Logs every request: method, route (its pattern, never the path or query string, which may name a
    person or hold a key put there by mistake), status and time taken. A plain ASGI middleware: Starlette's ``@app.middleware("http")`` wraps each
    request in a task and a stream of its own, which cost more than the node lookup it timed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500  # what the client gets when the app fails before it answers

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if log.isEnabledFor(logging.INFO):
                # The route's pattern (/v1/nodes/{node_id}), not the path: a lookup by a person's name stays out
                # of the log.
                route = getattr(scope.get("route"), "path", "(no route)")
                log.info("%s %s %d %.1f ms", scope["method"], route, status, (time.perf_counter() - start) * 1000)


#: How many nodes' pages (``GET /v1/nodes/{id}``) a server keeps written.
NODE_PAGES_KEPT = 2048


def _json(data: Any) -> Response:
    """JSON-ready data (or a model) written once, by pydantic-core, as the response: the route's response
    model still documents it, but FastAPI neither validates it again nor writes it a second time."""
    return Response(to_json(data), media_type="application/json")


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"How many to give (at most {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, description="How many to skip.")]
def _iso_date(value: Any) -> Any:
    """A date only as ISO text (YYYY-MM-DD) or a date: pydantic would read 0 as 1 January 1970."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} is not a day of the calendar") from None
    raise ValueError("must be a date written YYYY-MM-DD")


#: A date in a request: ISO text only.
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]

DatasetParam = Query(None, description="The partnership: its id (see /v1/datasets); the server's first by default.")


def _routes(api: APIRouter, datasets: Datasets, access: Access) -> None:
    pages = Answers(NODE_PAGES_KEPT)

    @api.get("/health", tags=["service"], summary="Whether the server is up, and the partnerships it holds.",
             response_model=Health)
    async def health() -> Response:
        return _json({"status": "ok", "datasets": datasets.names()})

    @api.get("/datasets", tags=["service"], summary="The partnerships served, with their counts and period, paged.")
    def list_datasets(request: Request, limit: Limit = 50, offset: Offset = 0) -> DatasetPage:
        from queries.registry import coverage_sentence

        held = datasets.all()
        shown = [(d, access.partnership(request, d)) for d in held[offset:offset + limit]]
        return DatasetPage(total=len(held), limit=limit, offset=offset, items=[
            DatasetInfo(id=p.info.id, name=p.info.name, nodes=len(p), edges=p.edge_count,
                        period_start=p.info.period_start, period_end=p.info.period_end, version=d.version,
                        coverage=coverage_sentence(p), default=p.info.id == datasets.default)
            for d, p in shown])

    @api.get("/schema", tags=["service"], summary="Every node type and edge type, with the ends each edge allows.")
    def schema() -> SchemaBody:
        from graph_model.models import NODE_MODELS, record_field_names

        return SchemaBody(
            node_types=[NodeTypeSchema(type=t.value, group=info.group, meaning=info.meaning,
                                       fields=list(record_field_names(NODE_MODELS[t])))
                        for t, info in NODE_TYPES.items()],
            edge_types=[EdgeTypeSchema(type=t.value, group=rule.family, meaning=rule.meaning,
                                       ends=[(a.value, b.value) for a, b in rule.pairs()])
                        for t, rule in EDGE_RULES.items()])

    @api.get("/nodes", tags=["graph"], summary="Nodes of one type, or whose name or id holds q, paged.",
             response_model=NodePage)
    async def nodes(request: Request, dataset: str | None = DatasetParam,
                    type: Annotated[NodeType | None, Query(description="Only nodes of this type.")] = None,  # noqa: A002
                    q: Annotated[str | None, Query(description="Only nodes whose name or id holds this text "
                                                                "(case-insensitive).", max_length=200)] = None,
                    limit: Limit = 50, offset: Offset = 0) -> Response:
        entry = datasets.entry(dataset)
        sees_all = access.sees_all(request)
        if q and entry.quick_search(q):
            found = entry.search(sees_all, q, type)
        elif q:  # text that is not one word may mean a look through every node: in a thread, not the event loop
            found = await run_in_threadpool(entry.search, sees_all, q, type)
        else:
            p = entry.shown(sees_all)
            found = p.nodes(type) if type else p.nodes()
        page = found[offset:offset + limit]
        return _json({"total": len(found), "limit": limit, "offset": offset,
                      "items": [{"id": n.id, "type": n.type.value, "name": n.name} for n in page]})

    @api.get("/nodes/{node_id}", tags=["graph"], summary="One node (by id or exact name) with its edges in and out.",
             response_model=NodeDetail)
    async def node(node_id: str, request: Request, dataset: str | None = DatasetParam) -> Response:
        entry = datasets.entry(dataset)
        sees_all = access.sees_all(request)
        p = entry.shown(sees_all)
        # An id is found at once; a name, or an unknown id's close matches, is looked for in a thread, as at
        # national scale that means going through every node.
        nid = node_id if node_id in p else await run_in_threadpool(p.resolve, node_id)

        def write() -> bytes:
            return to_json({"node": dump_record(p.node(nid)), "out_edges": [dump_record(e) for e in p.out_edges(nid)],
                            "in_edges": [dump_record(e) for e in p.in_edges(nid)]})

        # A node's page does not change while its dataset's version stands: written once, then sent as it was.
        # Pages are written only here, in the event loop, so get() never waits on another thread.
        page = pages.get((entry.partnership.info.id, entry.version, sees_all, nid), write)
        return Response(page, media_type="application/json")

    @api.get("/edges", tags=["graph"], summary="Edges, of one type or all, paged.", response_model=EdgePage)
    async def edges(request: Request, dataset: str | None = DatasetParam,
                    type: Annotated[EdgeType | None, Query(description="Only edges of this type.")] = None,  # noqa: A002
                    limit: Limit = 50, offset: Offset = 0) -> Response:
        p = access.partnership(request, datasets.entry(dataset))
        found = p.edges(type) if type else p.edges()
        return _json({"total": len(found), "limit": limit, "offset": offset,
                      "items": [dump_record(e) for e in found[offset:offset + limit]]})

    @api.get("/views/{name}", tags=["views"], response_class=HTMLResponse,
             summary="An interactive view of a partnership: one self-contained HTML page.",
             responses={200: {"content": {"text/html": {}}, "description": "The page (works offline once saved)."},
                        **{status: {"content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/ErrorBody"}}}, "description": meaning}
                           for status, meaning in ((404, "An unknown dataset, node or query to highlight."),
                                                   (422, "A parameter that breaks its rule."))}})
    def view(name: Literal["bookcase", "funding", "outcomes", "network", "focus"], request: Request,
             dataset: str | None = DatasetParam,
             as_of: Annotated[IsoDate | None, Query(description="The day the view is for (YYYY-MM-DD).")] = None,
             focus: Annotated[str | None, Query(description="The node the focus view is about (id or name).",
                                                max_length=200)] = None,
             steps: Annotated[int, Query(ge=1, le=6, description="How far the focus view reaches.")] = 2,
             highlight: Annotated[str | None, Query(description="A named query's answer to highlight: "
                                                                "QUERY[:NAME=VALUE,...], e.g. reporting-line:node=icg",
                                                    max_length=500)] = None) -> HTMLResponse:
        from visualisations import build_view, query_highlight, render_page

        p = access.partnership(request, datasets.entry(dataset))
        if name == "focus" and not focus:
            raise InvalidParameters("view", ["focus: the focus view needs a node (focus=ID)"])
        marked = query_highlight(p, highlight, as_of=as_of) if highlight else None
        built = build_view(p, name, as_of=as_of, focus=focus, steps=steps, highlight=marked)
        return HTMLResponse(render_page(built))

    @api.get("/queries", tags=["queries"], summary="The catalogue of named queries: name, family, purpose, "
                                                    "parameters, paged.")
    def catalogue(limit: Limit = 50, offset: Offset = 0) -> QueryPage:
        found = all_queries()
        return QueryPage(total=len(found), limit=limit, offset=offset, items=[query_info(q)
                                                                           for q in found[offset:offset + limit]])

    @api.get("/export/{fmt}", tags=["graph"], summary="A partnership in one of the project's file formats.",
             responses={200: {"content": {"application/json": {}, "application/yaml": {}, "application/zip": {},
                                          "application/gexf+xml": {}, "application/graphml+xml": {}},
                              "description": "The file: JSON, YAML, a zip of the three CSV sheets, GEXF, GraphML "
                                             "or node-link JSON."}})
    def export(fmt: Literal["json", "yaml", "csv", "gexf", "graphml", "node-link"], request: Request,
               dataset: str | None = DatasetParam) -> Response:
        p = access.partnership(request, datasets.entry(dataset))
        return _export(p, fmt)


#: The graph formats (loaders.graph_io): media type and file suffix.
_EXPORT_MEDIA = {"gexf": ("application/gexf+xml", ".gexf"), "graphml": ("application/graphml+xml", ".graphml"),
                 "node-link": ("application/json", "-node-link.json")}


def _export(p: Partnership, fmt: str) -> Response:
    name = p.info.id
    if fmt == "json":
        from loaders.json_io import dump_json_text

        return Response(dump_json_text(p), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    if fmt == "yaml":
        from loaders.yaml_io import dump_yaml_text

        return Response(dump_yaml_text(p), media_type="application/yaml",
                        headers={"Content-Disposition": f'attachment; filename="{name}.yaml"'})
    if fmt in _EXPORT_MEDIA:
        from loaders import dump_export_text

        media, suffix = _EXPORT_MEDIA[fmt]
        return Response(dump_export_text(p, fmt), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}{suffix}"'})
    import csv

    from loaders.csv_io import dump_csv_tables

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for sheet, rows in dump_csv_tables(p).items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(rows)
            zf.writestr(f"{name}/{sheet}", text.getvalue())
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}-csv.zip"'})


# -- one route per named query ---------------------------------------------------------------------


#: What the page parameters of a query's answer say, in the reference.
_PAGE_LIMIT = (f"How many items of each list in the answer to give (at most {MAX_LIMIT}): a page of the whole "
               "answer, which the server keeps. page.totals in the answer says how many each list holds in all.")
_OWN_LIMIT = (" This query's own limit (how many bookcase query lists) is this page size over HTTP: the server "
              "works out the whole answer, with every item listed, and pages it.")
_PAGE_OFFSET = "How many items of each list in the answer to skip."


def query_info(q: NamedQuery[Any, Any]) -> QueryInfo:
    """The catalogue's entry for ``q``: its parameters as its routes take them (a query's own ``limit`` is the
    page's over HTTP) and the lists of its answer that are paged."""
    properties = q.params.model_json_schema().get("properties", {})
    return QueryInfo(name=q.name, family=q.family, purpose=q.purpose, as_of=q.as_of,
                     parameters={k: v for k, v in properties.items() if k not in whole_list_params(q.params)},
                     path=f"{API_PREFIX}/queries/{q.name}", paged=list(paged_fields(q.result, QueryResult)))


def _answer_model(q: NamedQuery[Any, Any]) -> type[BaseModel]:
    """The model of ``q``'s answer over HTTP: its result model with a ``page`` object holding the total of each
    list it pages."""
    stem = q.result.__name__.removesuffix("Result")
    counts: dict[str, Any] = {name: (int, Field(description=f"How many items {name} holds in the whole answer."))
                              for name in paged_fields(q.result, QueryResult)}
    totals = create_model(f"{stem}Totals", __config__=ConfigDict(frozen=True), **counts)
    page = create_model(f"{stem}Page", __base__=AnswerPage,
                        totals=(totals, Field(description="How many items each list holds in the whole answer.")))
    return create_model(f"{stem}Answer", __base__=q.result, __doc__=q.result.__doc__,
                        page=(page, Field(description="The part of each list this answer gives, and the "
                                                      "total of each.")))


async def _answer(datasets: Datasets, answers: Answers, q: NamedQuery[Any, Any], dataset: str | None, params: Any,
                  as_of: dt.date | None, stated_only: bool, public: bool, limit: int, offset: int) -> Response:
    """A page of the query's answer as JSON: ``limit`` items of each of its lists from ``offset``, with a
    ``page`` object giving the total of each. The whole answer is kept (:class:`Answers`) under the dataset's
    version and everything it depends on; ``public``: on the public partnership (what a request with no
    viewer's key may see).

    The answer is worked out once, whole (a query's own ``limit`` lifted: :func:`whole_list_params`), and kept
    as JSON in pieces (:class:`PagedAnswer`, the same JSON as ``bookcase query NAME --format json``), from
    which a page is joined straight from the event loop. A new one is worked out in a thread, so a long query
    (duplicates at national scale) does not hold up the requests around it."""
    entry = datasets.entry(dataset)
    parsed = parse_params(q, {**params, **whole_list_params(q.params)})
    key = (entry.partnership.info.id, entry.version, public, q.name, parsed.model_dump_json(), as_of, stated_only,
           timeframe.today())
    kept = answers.peek(key)
    if kept is MISSING:
        p = entry.shown(not public)

        def compute() -> PagedAnswer:
            result = run_query(q.name, p, parsed, as_of=as_of, stated_only=stated_only)
            return PagedAnswer(result, paged_fields(q.result, QueryResult), default_limit=ANSWER_LIMIT)

        kept = await run_in_threadpool(answers.get, key, compute)
    return Response(kept.page(limit, offset), media_type="application/json")


def _query_routes(api: APIRouter, datasets: Datasets, q: NamedQuery[Any, Any], answers: Answers,
                  access: Access) -> None:
    """``GET`` (parameters in the query string) and ``POST`` (a JSON body) for one named query."""
    lifted = whole_list_params(q.params)  # the query's own limit: the page's over HTTP
    if "offset" in q.params.model_fields:
        raise ValueError(f"query {q.name!r} has a parameter called offset, which its routes keep for the page")
    page_limit = _PAGE_LIMIT + (_OWN_LIMIT if lifted else "")
    shared = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("dataset", inspect.Parameter.KEYWORD_ONLY, default=DatasetParam, annotation=str | None),
        inspect.Parameter("stated_only", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                          default=Query(False, description="Answer from the documents' statements alone: leave "
                                                           "out assumed and generated records.")),
        inspect.Parameter("limit", inspect.Parameter.KEYWORD_ONLY, annotation=int,
                          default=Query(ANSWER_LIMIT, ge=1, le=MAX_LIMIT, description=page_limit)),
        inspect.Parameter("offset", inspect.Parameter.KEYWORD_ONLY, annotation=int,
                          default=Query(0, ge=0, description=_PAGE_OFFSET)),
    ]
    if q.as_of:
        shared.append(inspect.Parameter("as_of", inspect.Parameter.KEYWORD_ONLY, annotation=IsoDate | None,
                                        default=Query(None, description="The date of the answer (YYYY-MM-DD); "
                                                                        "by default the partnership's own.")))
    from queries.examples import example_params

    # An example for the reference: parameters that answer on the server's first partnership.
    sample = {k: (v.isoformat() if isinstance(v, dt.date) else v)
              for k, v in (example_params(q, datasets.get(None)) or {}).items()}
    own = []
    for name, field in q.params.model_fields.items():
        if name in lifted:
            continue
        bounds: dict[str, Any] = {key: getattr(m, key) for m in field.metadata
                                  for key in ("ge", "gt", "le", "lt", "min_length", "max_length") if hasattr(m, key)}
        if name in sample:
            bounds["examples"] = [sample[name]]
        if field.is_required():
            default, annotation = Query(..., description=field.description, **bounds), field.annotation
        elif field.default_factory is not None:  # a list: absent means the model's own default
            default, annotation = Query(None, description=field.description, **bounds), field.annotation | None
        else:
            default, annotation = Query(field.default, description=field.description, **bounds), field.annotation
        own.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation))
    taken = {p.name for p in shared}
    answer_model = _answer_model(q)

    async def answer(**values: Any) -> Response:
        params = {k: v for k, v in values.items() if k not in taken and v is not None}
        return await _answer(datasets, answers, q, values["dataset"], params, values.get("as_of"),
                             values["stated_only"], not access.sees_all(values["request"]), values["limit"],
                             values["offset"])

    answer.__signature__ = inspect.Signature([*shared, *own])  # type: ignore[attr-defined]
    summary = q.purpose
    api.add_api_route(f"/queries/{q.name}", answer, methods=["GET"], response_model=answer_model, tags=["queries"],
                      summary=summary, name=f"{q.name} (GET)", operation_id=f"query_{q.name.replace('-', '_')}_get")

    # JSON is typed: a body gives numbers as numbers and true/false as booleans (no 0 for false, no
    # false for 0), as the parameter models say; the query string, all text, is read leniently.
    strict = _json_typed(_without(q.params, set(lifted)))
    needs = bool(q.params.model_json_schema().get("required"))
    body_fields: dict[str, Any] = {
        "dataset": (str | None, Field(None, description="The partnership's id; the server's first by default.")),
        "stated_only": (bool, Field(False, description="Leave out assumed and generated records.")),
        "params": (strict | None, Field(None, description="The query's parameters.")) if not needs
        else (strict, Field(description="The query's parameters (some are required).")),
        "limit": (int, Field(ANSWER_LIMIT, ge=1, le=MAX_LIMIT, description=page_limit)),
        "offset": (int, Field(0, ge=0, description=_PAGE_OFFSET)),
    }
    if q.as_of:
        body_fields["as_of"] = (IsoDate | None, Field(None, description="The date of the answer (YYYY-MM-DD)."))
    body_model = create_model(f"{q.result.__name__.removesuffix('Result')}Request",
                              __config__=ConfigDict(extra="forbid", strict=True,
                                                    json_schema_extra={"examples": [{"params": sample}]}),
                              __validators__={"whole_numbers": model_validator(mode="before")(  # type: ignore[dict-item]
                                  _whole_numbers)},
                              **body_fields)

    async def answer_post(body: Any, request: Request) -> Response:
        data = body.model_dump(exclude_none=True, exclude={"params"})
        params = body.params if body.params is not None else {}
        if isinstance(params, BaseModel):
            params = params.model_dump()
        return await _answer(datasets, answers, q, data.get("dataset"), params, data.get("as_of"),
                             data.get("stated_only", False), not access.sees_all(request), body.limit, body.offset)

    answer_post.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("body", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=body_model),
         inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)])
    api.add_api_route(f"/queries/{q.name}", answer_post, methods=["POST"], response_model=answer_model,
                      tags=["queries"], summary=summary, name=f"{q.name} (POST)",
                      operation_id=f"query_{q.name.replace('-', '_')}_post")


def _whole_numbers(cls: type[BaseModel], data: Any) -> Any:
    """A request body's ``limit`` and ``offset`` written 5.0 read as 5: JSON Schema counts 5.0 as an integer."""
    if isinstance(data, dict):
        data = {k: int(v) if k in ("limit", "offset") and isinstance(v, float) and v.is_integer() else v
                for k, v in data.items()}
    return data


def _without(model: type[BaseModel], names: set[str]) -> type[BaseModel]:
    """``model`` without the fields ``names`` (a query's own limit, which is the page's over HTTP); ``model``
    itself when there are none. Its rules across fields are checked again when the query reads its
    parameters (:func:`~queries.registry.parse_params`)."""
    if not names & model.model_fields.keys():
        return model
    kept = {n: (f.annotation, f) for n, f in model.model_fields.items() if n not in names}
    made: type[BaseModel] = create_model(model.__name__, __config__=model.model_config, __doc__=model.__doc__,
                                         **kept)  # type: ignore[call-overload]
    return made


def _json_typed(model: type[BaseModel]) -> type[BaseModel]:
    """``model`` as a JSON body reads it: strict (a number is a number, true is true), with dates as ISO text
    and choices as their text, which JSON has no other way to write, and a whole number written 5.0 as 5."""
    dates = {n for n, f in model.model_fields.items() if dt.date in (f.annotation, *typing.get_args(f.annotation))}
    whole = {n for n, f in model.model_fields.items() if int in (f.annotation, *typing.get_args(f.annotation))}
    choices: dict[str, type[enum.Enum]] = {}
    for n, f in model.model_fields.items():
        for arg in (f.annotation, *typing.get_args(f.annotation)):
            if isinstance(arg, type) and issubclass(arg, enum.Enum):
                choices[n] = arg

    def typed(cls: type[BaseModel], data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for name in dates & data.keys():
            with contextlib.suppress(ValueError):  # else left as it is: the model names the field and its rule
                data[name] = _iso_date(data[name])
        for name in whole & data.keys():  # JSON Schema counts 5.0 as an integer
            value = data[name]
            if isinstance(value, float) and value.is_integer():
                data[name] = int(value)
        for name, kind in choices.items():
            value = data.get(name)
            with contextlib.suppress(ValueError):
                if isinstance(value, str):
                    data[name] = kind(value)
                elif isinstance(value, list):
                    data[name] = [kind(v) if isinstance(v, str) else v for v in value]
        return data

    return type(f"{model.__name__}Body", (model,),
                {"model_config": {**model.model_config, "strict": True}, "__doc__": model.__doc__,
                 "json_typed": model_validator(mode="before")(classmethod(typed))})  # type: ignore[arg-type]


# -- the home page ---------------------------------------------------------------------------------


def _home(datasets: Datasets, local: bool, sees_all: bool) -> HTMLResponse:
    esc = html.escape
    shown = [d.partnership if sees_all else d.partnership.public() for d in datasets.all()]
    rows = "".join(f"<li><strong>{esc(p.info.name)}</strong> (<code>{esc(p.info.id)}</code>): "
                   f"{len(p):,} nodes, {p.edge_count:,} edges</li>" for p in shown)
    default = datasets.default
    queries = "".join(
        f'<li><a href="{API_PREFIX}/queries/{esc(q.name)}?dataset={esc(default)}"><code>{esc(q.name)}</code></a>'
        f" — {esc(q.purpose)}</li>" for q in all_queries() if not q.params.model_json_schema().get("required"))
    needing = "".join(f"<li><code>{esc(q.name)}</code> — {esc(q.purpose)} (needs "
                      f"{esc(', '.join(q.params.model_json_schema().get('required', [])))})</li>"
                      for q in all_queries() if q.params.model_json_schema().get("required"))
    views = "".join(
        f"<li>{esc(d.partnership.info.name)}: "
        + ", ".join(f'<a href="{API_PREFIX}/views/{v}?dataset={esc(d.partnership.info.id)}">{v}</a>'
                    for v in ("bookcase", "funding", "outcomes", "network"))
        + f' (and <a href="{API_PREFIX}/views/bookcase?dataset={esc(d.partnership.info.id)}'
          f'&amp;highlight=accountability-integrity">the bookcase with its integrity findings</a>)</li>'
        for d in datasets.all())
    papers = ", ".join(f'<a href="{API_PREFIX}/report/{esc(d.partnership.info.id)}">{esc(d.partnership.info.name)}</a>'
                       for d in datasets.all())
    banner = ("<p class=banner>Served to you on this machine: every body is shown, <strong>including bodies "
              "that are not public</strong> (such as York's Integrated Commissioning Group).</p>") if local else (
        "<p class=banner>You see every body, non-public ones included: keep what you take from here inside the "
        "partnership.</p>" if sees_all else "<p class=banner>You see what the partnership publishes. Staff with a key "
        "see more (send it to <code>POST /v1/session</code> or as <code>Authorization: Bearer KEY</code>).</p>")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>planning-bookcase</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}}
.banner{{background:#fff4ce;border-left:4px solid #b58105;padding:.5rem 1rem}}a{{color:#1d4f91}}
code{{background:#f3f3f3;padding:0 .2rem}}</style></head>
<body><h1>planning-bookcase</h1>
<p>Children's-services partnerships as a graph: who is accountable to whom, where services overlap or leave gaps,
where the money goes.</p>{banner}
<h2>Partnerships served</h2><ul>{rows}</ul>
<h2>Views</h2><p>Interactive pages of the partnership (search, filters, a time slider; each can be saved
as one file that works offline):</p><ul>{views}</ul>
<h2>Named queries</h2><p>Each link answers for <code>{esc(default)}</code> as JSON; add
<code>dataset=</code> for another partnership. The API reference, with every parameter, is at
<a href="/docs">/docs</a>.</p><ul>{queries}</ul>
<p>These need a parameter (see <a href="/docs">/docs</a>):</p><ul>{needing}</ul>
<h2>Board papers and what-if scenarios</h2><p>A board paper to print or circulate (the bookcase, findings,
gaps, duplicates, funding and commissioning maturity, each naming its source): {papers}. A what-if scenario
(stop or commission services, move money, pool budgets, move bodies) is compared before and after with
<code>POST {API_PREFIX}/scenarios/compare</code>; the <a href="{API_PREFIX}/scenarios/examples">shipped examples</a>
can be asked for by name (see <a href="/docs">/docs</a>).</p>
<h2>More</h2><ul><li><a href="/docs">API reference (OpenAPI)</a></li>
<li><a href="{API_PREFIX}/datasets">{API_PREFIX}/datasets</a>, <a href="{API_PREFIX}/schema">{API_PREFIX}/schema</a>,
<a href="{API_PREFIX}/nodes?q=board">{API_PREFIX}/nodes?q=board</a></li></ul>
</body></html>"""
    return HTMLResponse(page)
