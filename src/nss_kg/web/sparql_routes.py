"""The SPARQL routes: ``/sparql`` (the SPARQL 1.1 Protocol, read-only, with its service description and an
HTML form) and ``/query`` (the YASGUI editor on it). What a query may cost is sparql_endpoint's business."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from nss_kg.errors import LocalResourceError
from nss_kg.results import QueryResult
from nss_kg.web import negotiation, pages, responses, sparql_endpoint
from nss_kg.web.guard import QUERY_PAGE_POLICY
from nss_kg.web.site import Site, site_of


async def _body(request: Request) -> bytes:
    return await request.body()  # bounded by the size-limit middleware


async def sparql(request: Request) -> Response:
    site = site_of(request)
    params = request.query_params
    if request.method == "OPTIONS":
        return responses.cors(Response(status_code=204, headers={
            "Allow": "GET, HEAD, POST, OPTIONS", "Access-Control-Allow-Methods": "GET, HEAD, POST",
            "Access-Control-Allow-Headers": "Accept, Content-Type", "Access-Control-Max-Age": "86400",
        }))  # fmt: skip
    fields: dict[str, list[str]] = {k: params.getlist(k) for k in params}
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _body(request)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return PlainTextResponse("the request body is not UTF-8\n", 400)
        if content_type == "application/x-www-form-urlencoded":
            for key, value in urllib.parse.parse_qsl(text, keep_blank_values=True):
                fields.setdefault(key, []).append(value)
        elif content_type == "application/sparql-query":
            fields.setdefault("query", []).append(text)
        elif content_type == "application/sparql-update":
            return PlainTextResponse("this endpoint is read-only: no SPARQL updates\n", 403)
        else:
            return PlainTextResponse(
                "POST a query as application/x-www-form-urlencoded or application/sparql-query\n", 415
            )
    if "update" in fields:
        return PlainTextResponse("this endpoint is read-only: no SPARQL updates\n", 403)
    queries = fields.get("query", [])
    accept = request.headers.get("accept")
    lang, suffix = responses.language(request)
    html_wanted = negotiation.choose(accept, [("rdf", "text/turtle"), ("html", "text/html")]) == "html"
    if len(queries) > 1:
        return PlainTextResponse("give one query, not several\n", 400)
    if not queries:
        if html_wanted:
            edit = site.queries.get(fields.get("edit", [""])[0])
            return _sparql_page(request, site, lang, suffix, query=edit.text if edit else "")
        return _service_description(request, site)
    text = queries[0]
    try:
        answer = await run_in_threadpool(
            sparql_endpoint.evaluate, site.store, text, site.limits,
            fields.get("default-graph-uri", []), fields.get("named-graph-uri", []), slots=site.slots,
        )  # fmt: skip
    except sparql_endpoint.Busy as error:
        return responses.busy(responses.error(request, 503, str(error)))
    except sparql_endpoint.Refused as error:
        if html_wanted:
            return _sparql_page(
                request, site, lang, suffix, query=text, error=str(error), status=error.status
            )
        return PlainTextResponse(str(error) + "\n", error.status)
    except LocalResourceError:
        message = f"the query did not finish within {site.limits.timeout:g} s"
        return PlainTextResponse(message + "\n", 500)
    chosen = sparql_endpoint.result_format(answer.result, accept)
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["X-SPARQL-MaxRows"] = str(site.limits.max_rows)
    if chosen is None:
        return PlainTextResponse("no acceptable result format\n", 406, headers=headers)
    if chosen == "html":
        return _sparql_page(request, site, lang, suffix, query=text, answer=answer)
    try:
        body = sparql_endpoint.serialize(answer.result, chosen)
    except sparql_endpoint.Refused as error:  # a format that cannot carry the answer (XML of U+0007)
        return PlainTextResponse(str(error) + "\n", error.status, headers=headers)
    response = Response(body, media_type=sparql_endpoint.MEDIA_TYPES[chosen], headers=headers)
    # POST too: the endpoint is read-only (updates are refused above), and query editors on other origins
    # POST the queries too long for a URL.
    return responses.cors(response)


def _sparql_page(
    request: Request, site: Site, lang: str, suffix: str, *, query: str = "", error: str | None = None,
    answer: sparql_endpoint.Answer | None = None, status: int = 200,
) -> Response:  # fmt: skip
    context: dict[str, Any] = {"result": None, "boolean": None, "variables": [], "rows": []}
    if answer is not None:
        result = answer.result
        if result.is_graph:
            triples = list(result.triples())
            context["variables"] = ["subject", "predicate", "object"]
            rows = QueryResult("SELECT", _triples_as_json(triples))
            context.update(responses.table(rows, suffix, lang))
        elif result.form == "ASK":
            context["boolean"] = "true" if result else "false"
        else:
            context.update(responses.table(result, suffix, lang))
        context["result"] = result.form
    limits = f"≤ {site.limits.timeout:g} s, ≤ {site.limits.max_rows} rows"
    body = responses.render(
        request, "sparql.html", title="SPARQL", query=query, error=error,
        truncated=bool(answer and answer.truncated),
        queries=sorted(site.queries.items()), limits=limits, lang=lang, suffix=suffix, path="/sparql",
        alternates=(), **context,
    )  # fmt: skip
    return Response(body, status, media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})


def query_page(request: Request) -> Response:
    """``/query``: a SPARQL editor (YASGUI, vendored in static/yasgui/) on /sparql, with the packaged
    queries to start from."""
    site = site_of(request)
    lang, suffix = responses.language(request)
    packaged = {name: info.text for name, info in sorted(site.queries.items())}
    limits = f"≤ {site.limits.timeout:g} s, ≤ {site.limits.max_rows} rows"
    body = responses.render(
        request, "query.html", title="Query", queries=sorted(site.queries.items()),
        packaged=pages.json_script(packaged), limits=limits,
        lang=lang, suffix=suffix, path="/query", alternates=(),
    )  # fmt: skip
    headers = {"Content-Security-Policy": QUERY_PAGE_POLICY, "Vary": "Accept-Language"}
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


def _triples_as_json(triples: list[ox.Triple]) -> bytes:
    rows = [
        {
            name: sparql_endpoint.term_json(term)
            for name, term in zip(("subject", "predicate", "object"), t, strict=True)
        }
        for t in triples
    ]
    return json.dumps(
        {"head": {"vars": ["subject", "predicate", "object"]}, "results": {"bindings": rows}}
    ).encode()


def _service_description(request: Request, site: Site) -> Response:
    chosen = negotiation.representation(request.headers.get("accept"))
    if chosen is None or chosen.name == "html":
        chosen = negotiation.BY_NAME["turtle"]
    url = str(request.url.replace(query=""))
    triples = sparql_endpoint.service_description(url, site.triples, site.limits)
    return responses.cors(
        Response(
            responses.rdf_document(triples, chosen),
            media_type=responses.media_type(chosen),
            headers={"Vary": "Accept"},
        )
    )
