"""An example for every response and request body in the API's OpenAPI document.

The examples are real answers on the bundled York partnership, whatever the server holds: the
node lookup is York's Integrated Commissioning Group with its edges (seed 002: it is accountable
to the YorOK Board), and each named query's example is its answer on York with the parameters
:func:`queries.examples.example_params` picks, as a page of two items of each list (the ``page``
object gives the whole answer's totals). They are worked out once, when the document is first asked
for, and every list in them is cut to its first two items so that the document stays small. Error responses share :data:`ERROR_EXAMPLE`. Binary files (the CSV zip) have no example,
as JSON cannot hold one.

Examples
--------
>>> from api.http import Datasets, create_app
>>> spec = create_app(Datasets.load(["york"])).openapi()
>>> ok = spec["paths"]["/v1/nodes/{node_id}"]["get"]["responses"]["200"]["content"]["application/json"]
>>> ok["example"]["node"]["name"]
'Integrated Commissioning Group'
"""

from __future__ import annotations

import json
from typing import Any

from graph_model import Partnership
from graph_model.models import dump_record
from queries import all_queries, run_query

__all__ = ["ERROR_EXAMPLE", "add_examples"]

#: An error response's example: an unknown node, with the close match the message offers.
ERROR_EXAMPLE = {"status": 404, "code": "unknown-node", "message": "no node has id or name 'icgg'; closest: icg",
                 "details": {"suggestions": ["icg"]}}
#: The examples of other statuses.
_ERRORS = {
    "400": {"status": 400, "code": "bad-request", "message": "the request body is not valid JSON", "details": {}},
    "401": {"status": 401, "code": "bad-key", "message": "the API key is not known here (it may have been revoked)",
            "details": {}},
    "403": {"status": 403, "code": "not-allowed", "message": "running Cypher needs a key with the analyst role",
            "details": {}},
    "422": {"status": 422, "code": "invalid-parameters", "message": "limit: Input should be less than or equal to "
            "1000", "details": {"parameters": ["limit: Input should be less than or equal to 1000"]}},
    "500": {"status": 500, "code": "internal-error", "message": "the server failed to answer; the failure is logged "
            "on the server", "details": {}},
}

#: Media types whose files are text, with a short example of each.
_TEXT_EXAMPLES = {
    "text/html": "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>planning-bookcase</title>…",
    "application/yaml": "format: planning-bookcase\nversion: 1\npartnership:\n  id: york\n…",
    "application/gexf+xml": "<?xml version='1.0' encoding='utf-8'?>\n<gexf xmlns=\"http://www.gexf.net/1.2draft\" …",
    "application/graphml+xml": "<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml.graphdrawing"
                               ".org/xmlns\" …",
}


def _cut(value: Any, keep: int = 2) -> Any:
    """``value`` with every list in it cut to its first ``keep`` items."""
    if isinstance(value, list):
        return [_cut(v, keep) for v in value[:keep]]
    if isinstance(value, dict):
        return {k: _cut(v, keep) for k, v in value.items()}
    return value


def _howe_hill(york: Partnership) -> Any:
    """The comparison for the shipped York example (stopping Howe Hill), as ``POST /v1/scenarios/compare`` gives
    it (FastAPI leaves the nulls out of a route's own example, and a share that is unknown is a null)."""
    from queries.scenarios import open_scenario
    from queries.scenarios.compare import compare_scenario

    return compare_scenario(york, open_scenario("york-decommission-howe-hill")).model_dump(mode="json")


def _fixed(york: Partnership, served: list[str]) -> dict[tuple[str, str], Any]:
    """Examples for the routes that are not named queries, by (path, method)."""
    from graph_model import EdgeType
    from loaders.json_io import dump_json_text
    from queries.scenarios import example_names

    from .app import query_info

    node = "icg"
    dating = york.dating(None)
    summary = [{"id": n.id, "type": n.type.value, "name": n.name} for n in york.nodes()
               if "board" in n.name.casefold()]
    line = [dump_record(e) for e in york.edges(EdgeType.ACCOUNTABLE_TO)]
    return {
        ("/v1/health", "get"): {"status": "ok", "datasets": served},
        ("/v1/datasets", "get"): {"total": 1, "limit": 50, "offset": 0, "items": [
            {"id": york.info.id, "name": york.info.name, "nodes": len(york), "edges": york.edge_count,
             "period_start": york.info.period_start, "period_end": york.info.period_end, "version": 1,
             "coverage": "10 services recorded, the documents' examples, not the whole provision; …",
             "default": True}]},
        ("/v1/schema", "get"): {"node_types": [{"type": "SubGroup", "group": "governance",
                                                "meaning": "A sub-group of a board.", "fields": ["id", "name"]}],
                                "edge_types": [{"type": "ACCOUNTABLE_TO", "group": "governance",
                                                "meaning": "Answers to a body above it.",
                                                "ends": [["SubGroup", "Board"]]}]},
        ("/v1/nodes", "get"): {"total": len(summary), "limit": 2, "offset": 0, "items": summary[:2]},
        ("/v1/nodes/{node_id}", "get"): {"node": dump_record(york.node(node)),
                                         "out_edges": [dump_record(e) for e in york.out_edges(node)],
                                         "in_edges": [dump_record(e) for e in york.in_edges(node)]},
        ("/v1/edges", "get"): {"total": len(line), "limit": 2, "offset": 0, "items": line[:2]},
        ("/v1/queries", "get"): {"total": len(all_queries()), "limit": 2, "offset": 0,
                                 "items": [query_info(q).model_dump() for q in all_queries()[:2]]},
        ("/v1/cypher", "post"): {"partnership": "york", "as_of": dating.day, "as_of_basis": dating.basis,
                                 "columns": ["board"], "rows": [["YorOK Board"]], "truncated": False,
                                 "max_rows": 100_000},
        ("/v1/export/{fmt}", "get"): json.loads(dump_json_text(york)),
        ("/v1/session", "post"): {"role": "viewer"},
        ("/v1/admin/reload", "post"): {"id": "york", "version": 2, "nodes": len(york), "edges": york.edge_count},
        ("/v1/scenarios/examples", "get"): {"total": len(example_names()), "limit": 1, "offset": 0, "items": [
            {"name": "york-decommission-howe-hill", "scenario": "Decommission Howe Hill",
             "description": "Stop Howe Hill from April 2015.", "changes": 1}]},
        ("/v1/scenarios/compare", "post"): _howe_hill(york),
        ("/v1/scenarios/check", "post"): {"dataset": "york", "scenario": "Decommission Howe Hill",
                                          "file": "york-decommission-howe-hill.yaml", "changes": 1, "valid": True,
                                          "problems": []},
    }


_BODIES = {
    ("/v1/cypher", "post"): {"statement": "MATCH (g:SubGroup {id: $id})-[:ACCOUNTABLE_TO]->(b) RETURN b.name AS board",
                             "params": {"id": "icg"}, "dataset": "york"},
    ("/v1/session", "post"): {"key": "the key bookcase keys add printed"},
}


def _query_answers(york: Partnership) -> dict[str, Any]:
    """Each named query's answer on York, as its route gives the first page of two items of each list."""
    from queries.examples import example_params
    from queries.registry import QueryResult

    from .answers import PagedAnswer, paged_fields, whole_list_params

    answers = {}
    for q in all_queries():
        params = example_params(q, york)
        if params is None:
            continue
        whole = run_query(q.name, york, {**params, **whole_list_params(q.params)})
        answers[q.name] = json.loads(PagedAnswer(whole, paged_fields(q.result, QueryResult), default_limit=2).page(2, 0))
    return answers


def add_examples(spec: dict[str, Any], served: list[str]) -> dict[str, Any]:
    """``spec`` (an OpenAPI document) with an example on every response and request body; an error response
    documented as HTML (the routes that answer with a page) is documented as the JSON error it is."""
    from ..loading import load_dataset

    york = load_dataset("york")
    schemas = spec.get("components", {}).get("schemas", {})
    error = {"schema": {"$ref": "#/components/schemas/ErrorBody"}}
    fixed = {key: json.loads(json.dumps(value, default=str)) for key, value in _fixed(york, served).items()}
    answers = _query_answers(york)
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            found = fixed.get((path, method))
            if found is None and path.startswith("/v1/queries/"):
                found = answers.get(path.removeprefix("/v1/queries/"))
            for status, response in operation.get("responses", {}).items():
                if not status.startswith("2") and "text/html" in response.get("content", {}):
                    response["content"] = {"application/json": dict(error)}
                for media, content in response.get("content", {}).items():
                    if status.startswith("2") and media == "application/json" and (path, method) in fixed:
                        content["example"] = _cut(found)  # a route's own example may have lost its nulls
                        continue
                    if "example" in content or "examples" in content:
                        continue
                    if not status.startswith("2"):
                        content["example"] = _ERRORS.get(status, ERROR_EXAMPLE)
                    elif media == "application/json" and found is not None:
                        content["example"] = _cut(found)
                    elif media in _TEXT_EXAMPLES:
                        content["example"] = _TEXT_EXAMPLES[media]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None and "example" not in body and "examples" not in body:
                model = schemas.get(body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1], {})
                example = _BODIES.get((path, method), (model.get("examples") or [None])[0])
                if example is not None:
                    body["example"] = example
    return spec
