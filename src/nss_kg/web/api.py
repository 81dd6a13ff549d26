"""``/api/{query}``: every packaged query as a REST call, and its OpenAPI 3.1 description.

Parameters come from the query string and are bound as RDF terms by nss_kg.binding, as ``nss-kg query``
binds them (never pasted into the query's text); defaults apply. SELECT results are SPARQL JSON or CSV by
``Accept``, CONSTRUCT results JSON-LD or Turtle; errors are JSON (``{"error": …}``) with status 400.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from nss_kg import __version__, binding, catalogue, querying
from nss_kg.binding import Term
from nss_kg.catalogue import Parameter, QueryInfo
from nss_kg.engines.embedded import EmbeddedEngine
from nss_kg.namespaces import PREFIXES
from nss_kg.results import QueryResult
from nss_kg.web import query_workers, sparql_endpoint
from nss_kg.web.negotiation import choose

SELECT_TYPES = [
    ("json", "application/sparql-results+json"),
    ("json", "application/json"),
    ("csv", "text/csv"),
    ("tsv", "text/tab-separated-values"),
]
GRAPH_TYPES = [
    ("jsonld", "application/ld+json"),
    ("jsonld", "application/json"),
    ("turtle", "text/turtle"),
    ("ntriples", "application/n-triples"),
]
_XSD = PREFIXES["xsd"]
_SCHEMA_TYPES = {
    **{_XSD + name: {"type": "integer"} for name in ("integer", "int", "long", "short", "positiveInteger",
                                                     "nonNegativeInteger")},
    _XSD + "decimal": {"type": "number"},
    _XSD + "double": {"type": "number"},
    _XSD + "float": {"type": "number"},
    _XSD + "boolean": {"type": "boolean"},
    _XSD + "date": {"type": "string", "format": "date"},
}  # fmt: skip


def run(
    store: ox.Store,
    name: str,
    params: Mapping[str, str],
    timeout: float,
    slots: sparql_endpoint.QuerySlots | query_workers.WorkerPool | None = None,
) -> QueryResult:
    """A packaged query run on ``store`` with ``params`` bound as terms, in one of ``slots`` if given (a
    QueryError or ParameterError for an unknown query or a bad parameter, a LocalResourceError past
    ``timeout``, a sparql_endpoint.Busy if every slot is taken)."""
    info = catalogue.packaged(name)
    bound = binding.bindings(info, params)  # bad parameters are refused here, before any slot is taken
    job = functools.partial(execute, name=info.name, bound=bound)
    if slots is not None:
        try:
            return slots.run(job, timeout, info.name)
        except query_workers.EngineCrashed as error:
            raise sparql_endpoint.Refused(str(error), 500) from None
    return querying.with_deadline(lambda: job(store), timeout, info.name)


def execute(store: ox.Store, *, name: str, bound: Mapping[str, Term]) -> QueryResult:
    """The packaged query ``name`` with ``bound`` terms on ``store``: a module-level function, so that a
    worker process can be sent it."""
    return EmbeddedEngine(store).execute(catalogue.packaged(name), bound)


def result_format(info: QueryInfo, accept: str | None) -> str | None:
    return choose(accept, GRAPH_TYPES if info.form in ("CONSTRUCT", "DESCRIBE") else SELECT_TYPES)


def schema(parameter: Parameter) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if parameter.kind == "iri":
        schema = {"type": "string", "format": "iri"}
    elif parameter.kind == "typed" and parameter.datatype:
        schema = dict(_SCHEMA_TYPES.get(parameter.datatype, {"type": "string"}))
    if parameter.allowed:
        schema["enum"] = [_typed(schema, value) for value in parameter.allowed]
    if parameter.default is not None:
        schema["default"] = _typed(schema, parameter.default)
    return schema


def _typed(schema: Mapping[str, Any], value: str) -> object:
    """A default or allowed value as the JSON type of its schema."""
    try:
        if schema.get("type") == "integer":
            return int(value)
        if schema.get("type") == "number":
            return float(value)
    except ValueError:
        return value
    if schema.get("type") == "boolean":
        return value in ("true", "1")
    return value


def _parameter_description(parameter: Parameter) -> str:
    if parameter.kind == "iri":
        return "an IRI: a full http(s) IRI, a CURIE of ours (summit:2012-seoul), or <any:iri>"
    if parameter.kind == "language":
        return f"text, bound as a literal in language '{parameter.language}'"
    if parameter.kind == "typed" and parameter.datatype:
        return f"bound as an xsd:{parameter.datatype.removeprefix(_XSD)} literal"
    return "text, bound as a plain literal"


def openapi(queries: Mapping[str, QueryInfo], server_url: str = "/") -> dict[str, Any]:
    """The OpenAPI 3.1 document of every packaged query."""
    error = {
        "description": "a bad parameter, or an unknown one",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    paths: dict[str, Any] = {}
    for name, info in sorted(queries.items()):
        graph = info.form in ("CONSTRUCT", "DESCRIBE")
        content = (
            {"application/ld+json": {}, "text/turtle": {}, "application/n-triples": {}}
            if graph
            else {
                "application/sparql-results+json": {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
                "text/csv": {"schema": {"type": "string"}},
                "text/tab-separated-values": {"schema": {"type": "string"}},
            }
        )
        paths[f"/api/{name}"] = {
            "get": {
                "operationId": name,
                "summary": info.summary or name,
                "description": info.description or info.summary or name,
                "tags": list(info.tags),
                "parameters": [
                    {
                        "name": p.name,
                        "in": "query",
                        "required": p.required and p.default is None,
                        "description": _parameter_description(p),
                        "schema": schema(p),
                    }
                    for p in info.parameters
                ],
                "responses": {
                    "200": {"description": f"the {info.form} query's result", "content": content},
                    "400": error,
                    "406": {"description": "no acceptable format"},
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "nss-kg API",
            "version": __version__,
            "description": "The packaged SPARQL queries of nss-kg (the Nuclear Security Summit knowledge "
            "graph), each a GET operation; parameters are bound as RDF terms, never pasted into the query.",
            "license": {"name": "Apache-2.0 (code); the data CC BY-SA 4.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {"error": {"type": "string"}},
                    "required": ["error"],
                },
                "SparqlResults": {
                    "type": "object",
                    "description": "SPARQL 1.1 Query Results JSON Format",
                    "properties": {"head": {"type": "object"}, "results": {"type": "object"}},
                },
            }
        },
    }
