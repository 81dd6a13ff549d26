"""The ``/api`` routes: each packaged query as a GET with its parameters (grlc's conventions), the OpenAPI
document that describes them, and its HTML page."""

from __future__ import annotations

import urllib.parse

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from nss_kg.errors import LocalResourceError, NssKgError
from nss_kg.web import api, responses, sparql_endpoint
from nss_kg.web.site import site_of


def _json_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status)


async def api_call(request: Request) -> Response:
    site = site_of(request)
    name = request.path_params["name"]
    info = site.queries.get(name)
    if info is None:
        return _json_error(404, f"no packaged query named '{name}' (see /api/openapi.json)")
    params: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in params:
            return _json_error(400, f"parameter '{key}' is given twice")
        params[key] = value
    chosen = api.result_format(info, request.headers.get("accept"))
    if chosen is None:
        return _json_error(406, "no acceptable format: ask for JSON or CSV")
    try:
        result = await run_in_threadpool(api.run, site.store, name, params, site.settings.timeout, site.slots)
    except sparql_endpoint.Busy as error:
        return responses.busy(_json_error(503, str(error)))
    except LocalResourceError as error:
        return _json_error(500, str(error))
    except NssKgError as error:
        return _json_error(400, str(error))
    media = {
        "json": "application/sparql-results+json", "csv": "text/csv; charset=utf-8",
        "tsv": "text/tab-separated-values; charset=utf-8", "jsonld": "application/ld+json",
        "turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
    }[chosen]  # fmt: skip
    return responses.cors(Response(result.serialize(chosen), media_type=media, headers={"Vary": "Accept"}))


def openapi_document(request: Request) -> Response:
    site = site_of(request)
    return responses.cors(JSONResponse(api.openapi(site.queries)))


def api_docs(request: Request) -> Response:
    site = site_of(request)
    lang, suffix = responses.language(request)
    operations = []
    for name, info in sorted(site.queries.items()):
        parameters = [
            {"name": p.name, "type": api.schema(p).get("format") or api.schema(p)["type"],
             "required": p.required and p.default is None, "default": p.default, "allowed": p.allowed}
            for p in info.parameters
        ]  # fmt: skip
        example = "&".join(
            f"{p.name}={urllib.parse.quote(p.allowed[-1])}" for p in info.parameters if p.allowed
        )
        operations.append(
            {"name": name, "summary": info.summary, "description": info.description, "parameters": parameters,
             "example": example}
        )  # fmt: skip
    body = responses.render(
        request, "api.html", title="API", operations=operations, lang=lang, suffix=suffix, path="/api",
        alternates=(),
    )  # fmt: skip
    return Response(body, media_type="text/html; charset=utf-8")
