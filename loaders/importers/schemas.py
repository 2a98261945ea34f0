"""Each standard's own published JSON schema, vendored in ``schemas/``, and one cached validator per schema.

Nothing is fetched at run time: every ``$ref`` a schema makes resolves inside the vendored
files (a :class:`referencing.Registry` built once per standard), and a reference that
cannot be resolved there is an error, never a download. The validator is python-jsonschema,
the one well-kept validator that reads every draft these standards use (Popolo's draft 3,
OCDS's draft 4, the ORUK v1 profile's draft 7, HSDS 3.0's and 360Giving 1.4's 2020-12).
``schemas/README.md`` names each file's repository, commit and licence.

Examples
--------
>>> [e.path for e in schema_errors("ocds", "release-package-schema.json", {"releases": []})][:1]
['']
>>> schema_errors("popolo", "organization.json", {"id": "a", "name": "A"})
[]
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft3Validator, Draft4Validator, Draft7Validator, Draft202012Validator
from jsonschema.protocols import Validator
from referencing import Registry, Resource, Specification
from referencing.jsonschema import DRAFT3, DRAFT4, DRAFT7, DRAFT202012

__all__ = ["SCHEMA_FILES", "SchemaError", "iter_schema_errors", "schema_errors", "schema_properties", "schemas_root"]

#: The draft each vendored standard's schemas are written in, and the base address its files are
#: registered under (their own ``id`` where they give one; HSDS 3.0's files give none and refer to
#: each other by file name, so they are registered under the specification's schema folder).
_STANDARDS: dict[str, tuple[type[Validator], Specification[Any], str]] = {
    "oruk": (Draft7Validator, DRAFT7, "https://github.com/OpenReferralUK/human-services/Schemas/"),
    "hsds": (Draft202012Validator, DRAFT202012, "https://github.com/openreferral/specification/schema/"),
    "360giving": (Draft202012Validator, DRAFT202012, "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/"),
    "ocds": (Draft4Validator, DRAFT4, "https://standard.open-contracting.org/schema/1__1__5/"),
    "popolo": (Draft3Validator, DRAFT3, "http://www.popoloproject.com/schemas/"),
}

#: The schema files of each standard, by file name (what :func:`schema_errors` takes).
SCHEMA_FILES: dict[str, tuple[str, ...]] = {}


def schemas_root() -> Path:
    """The folder of vendored schemas (one sub-folder a standard, each with its licence)."""
    return Path(str(resources.files("loaders.importers").joinpath("schemas")))


def _files(standard: str) -> list[Path]:
    return sorted(p for p in (schemas_root() / standard).glob("*.json") if p.name != "datapackage.json")


for _std in _STANDARDS:
    SCHEMA_FILES[_std] = tuple(p.name for p in _files(_std))


@cache
def _registry(standard: str) -> tuple[Registry[Any], dict[str, str]]:
    """Every schema file of ``standard`` registered under its own id and under base + file name."""
    _, spec, base = _STANDARDS[standard]
    registry: Registry[Any] = Registry()
    uris: dict[str, str] = {}
    for path in _files(standard):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource: Resource[Any] = spec.create_resource(contents)
        uri = base + path.name
        uris[path.name] = uri
        registry = registry.with_resource(uri, resource)
        own = contents.get("$id") or contents.get("id") if isinstance(contents, dict) else None
        if isinstance(own, str) and own:
            registry = registry.with_resource(own.rstrip("#"), resource)
    if standard == "360giving":  # the 1.4.3 package schema refers to the grant schema at its 1.4.2 address
        grant = registry[base + "360-giving-schema.json"]
        registry = registry.with_resource(base.replace("1.4.3", "1.4.2") + "360-giving-schema.json", grant)
    return registry.crawl(), uris


@cache
def _validator(standard: str, name: str) -> Validator:
    """The validator for one schema file, made once and kept (compiling a schema is the slow part)."""
    cls, _, _ = _STANDARDS[standard]
    registry, uris = _registry(standard)
    if name not in uris:
        raise KeyError(f"no vendored {standard} schema named {name!r}; known: {', '.join(sorted(uris))}")
    schema = registry.contents(uris[name])
    if not (isinstance(schema, dict) and (schema.get("$id") or schema.get("id"))):
        schema = {**schema, "$id": uris[name]}  # so that its relative references resolve beside it
    return cls(schema, registry=registry)


@dataclass(frozen=True)
class SchemaError:
    """One way a document breaks its standard's schema: where (a JSON pointer-like path), and what."""

    path: str
    message: str
    keyword: str
    empty: bool = False  # the value is an empty string: a feed's way of leaving a field unfilled

    def __str__(self) -> str:
        return f"{self.path or '(the document)'}: {self.message}"


def _path(parts: Any) -> str:
    return "/".join(str(p) for p in parts)


#: Keywords an empty string breaks where a feed uses it for "not filled in".
_FORM_KEYWORDS = ("enum", "pattern", "format", "minLength")


def _without_empty(schema: Any, value: Any, path: str, found: list[SchemaError]) -> Any:
    """``value`` without the empty strings it gives for optional fields whose schema asks for a value of
    some form (an enumeration, a pattern): each is recorded in ``found`` as an unfilled field, as the
    full validator would report it, and left out so that the fast check can pass the record."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return value
    if isinstance(value, dict) and isinstance(schema.get("properties"), dict):
        props, required = schema["properties"], schema.get("required")
        required = required if isinstance(required, list) else ()
        out = {}
        for key, item in value.items():
            sub = props.get(key)
            where = f"{path}/{key}" if path else str(key)
            if item == "" and key not in required and isinstance(sub, dict) and "$ref" not in sub:
                keyword = next((k for k in _FORM_KEYWORDS if k in sub), None)
                if keyword is not None:
                    found.append(SchemaError(where, "an empty string", keyword, True))
                    continue
            out[key] = _without_empty(sub, item, where, found) if isinstance(item, dict | list) else item
        return out
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [_without_empty(schema["items"], item, f"{path}/{i}" if path else str(i), found)
                for i, item in enumerate(value)]
    return value


#: Standards whose schemas' drafts fastjsonschema compiles (4 and 7): it checks a conforming record many
#: times faster; a record it rejects is checked again by python-jsonschema, which lists every error.
_FAST = {"oruk", "ocds"}


@cache
def _schema(standard: str, name: str) -> Any:
    """The contents of one vendored schema file."""
    registry, uris = _registry(standard)
    return registry.contents(uris[name])


@cache
def _fast(standard: str, name: str) -> Any:
    """The compiled fastjsonschema check of one schema file, or None where it cannot be made."""
    if standard not in _FAST:
        return None
    import fastjsonschema

    registry, uris = _registry(standard)
    schema = registry.contents(uris[name])
    handlers = {scheme: lambda uri: registry.contents(uri.split("#")[0]) for scheme in ("http", "https")}
    try:
        return fastjsonschema.compile(schema, handlers=handlers, use_default=False, use_formats=False)
    except Exception:  # a schema fastjsonschema cannot compile is checked by python-jsonschema alone
        return None


def iter_schema_errors(standard: str, name: str, document: Any) -> Iterator[SchemaError]:
    """Every way ``document`` breaks the schema ``name`` of ``standard`` (nothing when it conforms).

    An empty string in an optional field that wants a value of some form comes first, marked ``empty``.
    """
    import fastjsonschema

    empties: list[SchemaError] = []
    cleaned = _without_empty(_schema(standard, name), document, "", empties)
    yield from empties
    fast = _fast(standard, name)
    if fast is not None:
        try:
            fast(cleaned)
            return
        except fastjsonschema.JsonSchemaException:
            pass
    for err in _validator(standard, name).iter_errors(cleaned):
        message = err.message if len(err.message) <= 200 else err.message[:199] + "…"
        yield SchemaError(_path(err.absolute_path), message, str(err.validator), err.instance == "")


def schema_errors(standard: str, name: str, document: Any) -> list[SchemaError]:
    """The list of :func:`iter_schema_errors`, in the validator's order."""
    return list(iter_schema_errors(standard, name, document))


@cache
def schema_properties(standard: str, name: str) -> frozenset[str]:
    """The top-level property names a schema file declares: what a record may carry by the standard."""
    registry, uris = _registry(standard)
    schema = registry.contents(uris[name])
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    return frozenset(props)
