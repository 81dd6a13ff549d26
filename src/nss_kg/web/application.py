"""The ASGI application: routes, the served store, and the headers every answer gets.

Entities are served at the paths of their w3id IRIs (``/summit/2012-seoul`` for
https://w3id.org/nss-kg/summit/2012-seoul). Following "Cool URIs for the Semantic Web" (303 URIs forwarding to
different documents), an entity's own address answers ``303 See Other`` to the document the ``Accept`` header
prefers — ``.html``, ``.ttl``, ``.jsonld``, ``.nt`` or ``.rdf`` — with ``Vary: Accept`` and a ``Link`` header
naming every alternate; the documents answer 200. The ontology's hash IRIs share one document, ``/ontology``,
which is negotiated in place (200, ``Content-Location``). The RDF served keeps the canonical w3id IRIs.
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, NamedTuple

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from nss_kg import catalogue, export, formatting, rdf_files, resources, xml_safety
from nss_kg.catalogue import QueryInfo
from nss_kg.errors import LocalResourceError, NssKgError
from nss_kg.namespaces import BASE_IRI, ONTOLOGY_IRI, PREFIXES
from nss_kg.results import QueryResult
from nss_kg.web import api, entities, graph_store, negotiation, pages, query_workers, sparql_endpoint
from nss_kg.web.negotiation import REPRESENTATIONS, Representation

#: Defaults of the configurable limits (``nss-kg serve --timeout/--max-rows/--max-body``).
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_BODY = 1_000_000
#: Most /sparql and /api queries running at once, those past their timeout that still run included (a
#: pyoxigraph query cannot be stopped): beyond, 503 with Retry-After.
DEFAULT_MAX_QUERIES = 8
#: Longest request target (path and query string) read; SPARQL clients POST longer queries.
MAX_TARGET = 16_384

#: No script runs on our pages: the schema.org JSON-LD block is data, which browsers do not execute.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
#: The query page runs YASGUI, from this server only, and sends its queries to /sparql. (YASGUI's own markup
#: carries style attributes, which 'unsafe-inline' for styles lets through; no script is inline.)
QUERY_PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
]
DATASET_IRI = BASE_IRI + "dataset"
SHAPES_IRI = BASE_IRI + "shapes"
#: The dumps the VoID description names (void:dataDump): /dump/nss-kg.nq (the four named graphs) and .ttl.
DUMP_FORMATS = {"nq": "nquads", "ttl": "turtle"}
#: Local names written as ``prefix:local`` in Turtle and RDF/XML; IRIs with others are written whole.
_PLAIN_LOCAL = re.compile(r"([A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")
SUMMIT_SERIES = PREFIXES["nss"] + "SummitSeries"


class Settings(NamedTuple):
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_body: int = DEFAULT_MAX_BODY
    max_queries: int = DEFAULT_MAX_QUERIES


class Site:
    """What every request reads: the store, its size and listing, the catalogue, the settings."""

    def __init__(
        self, store: ox.Store, graph: graph_store.Graph, settings: Settings, *, static: bool = False
    ) -> None:
        self.store = store
        #: The pages are for ``nss-kg site``: no links to what only a server answers (/sparql, /api calls).
        self.static = static
        self.graph = graph
        self.settings = settings
        self.limits = sparql_endpoint.Limits(settings.timeout, settings.max_rows)
        self.slots: sparql_endpoint.QuerySlots | query_workers.WorkerPool = sparql_endpoint.QuerySlots(
            settings.max_queries, store
        )
        self.queries: dict[str, QueryInfo] = catalogue.catalogue()
        self.triples = len(graph)
        subjects = {
            q.subject.value
            for q in graph.all
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(BASE_IRI)
        }
        self.subjects = frozenset(subjects)
        self.ontology_iris = entities.hash_iris(graph, ONTOLOGY_IRI)
        self.shapes = graph_store.Graph(rdf_files.packaged([resources.shapes_file()]))
        self.shapes_iris = entities.hash_iris(self.shapes, SHAPES_IRI)
        self._dumps: dict[str, bytes] = {}
        self.kinds = Counter(s[len(BASE_IRI) :].split("/")[0] for s in subjects if "/" in s[len(BASE_IRI) :])
        self._coverage: QueryResult | None = None

    def run_queries_in_processes(self) -> None:
        """Run /sparql and /api queries in worker processes that are killed at their deadline
        (``query_workers``): ``nss-kg serve`` calls this while it is still single-threaded."""
        if isinstance(self.slots, sparql_endpoint.QuerySlots) and hasattr(os, "fork"):
            self.slots = query_workers.WorkerPool(self.store, self.settings.max_queries, sparql_endpoint.Busy)

    def stop_query_processes(self) -> None:
        """Stop the worker processes, if :meth:`run_queries_in_processes` started them."""
        if isinstance(self.slots, query_workers.WorkerPool):
            self.slots.close()

    def dump(self, extension: str) -> bytes:
        """The packaged graph as ``nss-kg export`` writes it in the dump format ``extension``, made once."""
        if extension not in self._dumps:
            self._dumps[extension] = export.serialize(DUMP_FORMATS[extension]).encode("utf-8")
        return self._dumps[extension]

    def coverage(self) -> QueryResult:
        """The packaged ``coverage`` query's answer, once: the graph does not change while a server runs."""
        if self._coverage is None:
            self._coverage = api.run(self.store, "coverage", {}, self.settings.timeout)
        return self._coverage


# --- helpers --------------------------------------------------------------------------------------


def _site(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def _render(request: Request, template: str, **context: object) -> str:
    """A page (pages.render), told whether it is for the static site."""
    path = context.get("path")
    if isinstance(path, str):
        # "//evil.example/login" would make the language links protocol-relative: links off the site.
        context["path"] = "/" + path.lstrip("/")
    return pages.render(template, static_site=_site(request).static, **context)


def _language(request: Request) -> tuple[str, str]:
    """The page's language and the query string local links keep (``?lang=…`` when it was chosen so)."""
    requested = request.query_params.get("lang")
    lang = negotiation.language(requested, request.headers.get("accept-language"))
    return lang, (f"?lang={lang}" if requested else "")


def _alternates(path: str) -> list[dict[str, str]]:
    return [{"href": path + r.extension, "name": r.name, "media_type": r.media_type} for r in REPRESENTATIONS]


def _link_header(path: str) -> str:
    # A header is Latin-1: an IRI with other characters goes percent-encoded, as a URI.
    uri = urllib.parse.quote(path, safe="/:@!$&'()*+,;=-._~%")
    return ", ".join(f'<{uri}{r.extension}>; rel="alternate"; type="{r.media_type}"' for r in REPRESENTATIONS)


def _error(request: Request, status: int, message: str) -> Response:
    """An error as a page for browsers, else one line of text."""
    if negotiation.choose(request.headers.get("accept"), [("html", "text/html"), ("text", "text/plain")]) == (
        "html"
    ):
        lang, suffix = _language(request)
        body = _render(
            request, "error.html", title=str(status), message=message, lang=lang, suffix=suffix,
            path=request.url.path, alternates=(),
        )  # fmt: skip
        return Response(body, status, media_type="text/html; charset=utf-8")
    return PlainTextResponse(message + "\n", status)


class NotRepresentable(Exception):
    """The triples cannot be written in the representation asked for (a control character in RDF/XML)."""


def rdf_document(triples: Iterable[ox.Triple], representation: Representation) -> bytes:
    """Triples as a document: Turtle, N-Triples and RDF/XML by pyoxigraph with our prefixes; JSON-LD by
    rdflib, compacted with the shipped context (ontology/context.jsonld), as ``nss-kg export`` writes it.
    NotRepresentable for RDF/XML of a literal with a character XML 1.0 forbids."""
    listed = list(triples)
    if representation.name == "rdfxml" and not xml_safety.writable(
        term.value for triple in listed for term in triple if isinstance(term, ox.Literal)
    ):
        raise NotRepresentable("a literal holds a control character, which XML 1.0 (so RDF/XML) cannot carry")
    if representation.name == "jsonld":
        from nss_kg import export, rdf_files

        return export.jsonld(rdf_files.to_rdflib(listed)).encode("utf-8")
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[representation.name]
    prefixes = None
    if rdf_format != ox.RdfFormat.N_TRIPLES:  # the prefixes the document uses
        used = {t.value for triple in listed for t in triple if isinstance(t, ox.NamedNode)}
        used |= {t.datatype.value for triple in listed for t in triple if isinstance(t, ox.Literal)}
        prefixes = {
            prefix: namespace
            for prefix, namespace in PREFIXES.items()
            if any(iri.startswith(namespace) for iri in used)
            # pyoxigraph would escape other local names (dbr:Washington\,_D.C\.), which rdflib cannot read
            and all(
                _PLAIN_LOCAL.fullmatch(iri[len(namespace) :]) for iri in used if iri.startswith(namespace)
            )
        }
    return ox.serialize(listed, format=rdf_format, prefixes=prefixes) or b""


def _media_type(representation: Representation) -> str:
    text = representation.media_type.startswith("text/")
    return representation.media_type + ("; charset=utf-8" if text else "")


def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# --- entities -------------------------------------------------------------------------------------


def _split_extension(path: str) -> tuple[str, Representation | None]:
    # Not os.path.splitext: for an IRI ending in "/", the document's name is the extension alone ("x/.ttl").
    for representation in REPRESENTATIONS:
        if path.endswith(representation.extension) and len(path) > len(representation.extension):
            return path[: -len(representation.extension)], representation
    return path, None


def _with_query(site: Site, iri: str, query: str) -> str:
    """``iri``, or ``iri?query`` where that is the entity's IRI (data whose IRIs hold a query string)."""
    return f"{iri}?{query}" if query and f"{iri}?{query}" in site.subjects else iri


def entity(request: Request) -> Response:
    site = _site(request)
    path = request.url.path
    iri = _with_query(site, BASE_IRI + path[1:], request.url.query)
    if iri not in site.subjects:
        stem, representation = _split_extension(path)
        stem_iri = _with_query(site, BASE_IRI + stem[1:], request.url.query)
        if representation is not None and stem_iri in site.subjects:
            return _entity_document(request, stem, stem_iri, representation)
        return _error(request, 404, f"nothing is known about {iri}")
    chosen = negotiation.representation(request.headers.get("accept"))
    headers = {"Vary": "Accept", "Link": _link_header(path)}
    if chosen is None:
        return _not_acceptable(path, headers)
    target = path + chosen.extension + (f"?{request.url.query}" if request.url.query else "")
    return _cors(RedirectResponse(target, status_code=303, headers=headers))


def _not_acceptable(path: str, headers: dict[str, str]) -> Response:
    offered = "\n".join(f"{path}{r.extension}  {r.media_type}" for r in REPRESENTATIONS)
    return PlainTextResponse(f"no acceptable representation; there are:\n{offered}\n", 406, headers=headers)


def _entity_document(request: Request, path: str, iri: str, representation: Representation) -> Response:
    site = _site(request)
    described = urllib.parse.quote(iri, safe="/:@!$&'()*+,;=-._~%#")
    headers = {"Link": _link_header(path) + f', <{described}>; rel="describes"'}
    if representation.name != "html":
        try:
            document = rdf_document(entities.describe(site.graph, [iri]), representation)
        except NotRepresentable as error:
            return _not_acceptable(path, {**headers, "X-Reason": str(error)})
        return _cors(Response(document, media_type=_media_type(representation), headers=headers))
    lang, suffix = _language(request)
    model = entities.page(site.graph, iri, lang, suffix)
    tables = _series_tables(site, iri, lang, suffix)
    body = _render(
        request, "entity.html", page=model, title=model.title, lang=lang, suffix=suffix, path=path,
        alternates=_alternates(path), jsonld=pages.json_script(model.schema_org), tables=tables,
    )  # fmt: skip
    headers.update({"Vary": "Accept-Language", "Content-Language": lang})
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


def _series_tables(site: Site, iri: str, lang: str, suffix: str) -> list[dict[str, Any]]:
    """The summits table, on the series' page."""
    types = {q.object for q in site.graph.triples(ox.NamedNode(iri), entities.RDF_TYPE)}
    if ox.NamedNode(SUMMIT_SERIES) not in types or "summits" not in site.queries:
        return []
    result = api.run(site.store, "summits", {"lang": lang}, site.settings.timeout)
    return [{"title": site.queries["summits"].summary, **_table(result, suffix)}]


def _table(result: QueryResult, suffix: str = "") -> dict[str, Any]:
    """A SELECT result as cells for the HTML table: text, and a link for IRIs."""
    rows = []
    for row in result.rows():
        cells = []
        for term in row:
            href, external = entities._link(term, suffix) if term is not None else (None, False)
            cells.append({"text": formatting.cell(term), "href": href, "external": external})
        rows.append(cells)
    return {"variables": result.variables, "rows": rows}


# --- the ontology and the dataset -----------------------------------------------------------------


def vocabulary(request: Request) -> Response:
    """``/ontology`` and ``/shapes``: a document of hash IRIs (the terms, the shapes), negotiated in place."""
    path = request.url.path
    stem, representation = _split_extension(path)
    site = _site(request)
    document, iri, graph, iris = (
        ("/shapes", SHAPES_IRI, site.shapes, site.shapes_iris)
        if stem == "/shapes"
        else ("/ontology", ONTOLOGY_IRI, site.graph, site.ontology_iris)
    )
    headers = {"Link": _link_header(document)}
    if representation is None:
        if path != document:
            return _error(request, 404, f"nothing is known about {BASE_IRI + path[1:]}")
        representation = negotiation.representation(request.headers.get("accept"))
        headers["Vary"] = "Accept, Accept-Language"
        if representation is None:
            return _not_acceptable(document, headers)
        headers["Content-Location"] = document + representation.extension
    if representation.name != "html":
        rdf = rdf_document(entities.describe(graph, iris), representation)
        return _cors(Response(rdf, media_type=_media_type(representation), headers=headers))
    lang, suffix = _language(request)
    header = entities.page(graph, iri, lang, suffix)
    terms = []
    for term in iris:
        if "#" in term and term.partition("#")[2]:
            model = entities.page(graph, term, lang, suffix)
            terms.append({"fragment": term.partition("#")[2], "title": model.title, "facts": model.facts})
    body = _render(
        request, "ontology.html", title=header.title, iri=iri, header=header.facts, terms=terms,
        lang=lang, suffix=suffix, path=document, alternates=_alternates(document),
    )  # fmt: skip
    headers["Content-Language"] = lang
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


async def dump(request: Request) -> Response:
    """``/dump/nss-kg.nq`` and ``.ttl``: the packaged graph as ``nss-kg export`` writes it, made once."""
    site = _site(request)
    extension = request.path_params["extension"]
    if extension not in DUMP_FORMATS:
        return _error(request, 404, f"nothing is known about {BASE_IRI}dump/nss-kg.{extension}")
    body = await run_in_threadpool(site.dump, extension)
    media_type = export.format_for(DUMP_FORMATS[extension]).media_type
    return _cors(Response(body, media_type=media_type))


def void(request: Request) -> Response:
    """``/.well-known/void``: the dataset's VoID description, negotiated in place."""
    representation = negotiation.representation(request.headers.get("accept"))
    headers = {"Vary": "Accept", "Link": _link_header("/dataset")}
    if representation is None:
        return _not_acceptable("/dataset", headers)
    if representation.name == "html":
        return RedirectResponse("/dataset.html", status_code=303, headers=headers)
    site = _site(request)
    body = rdf_document(entities.describe(site.graph, [DATASET_IRI]), representation)
    headers["Content-Location"] = "/dataset" + representation.extension
    return _cors(Response(body, media_type=_media_type(representation), headers=headers))


def home(request: Request) -> Response:
    site = _site(request)
    lang, suffix = _language(request)
    dataset = ox.NamedNode(DATASET_IRI)
    title_values = [q.object for q in site.graph.triples(dataset, entities.RDFS_LABEL)]
    description_values = [
        q.object for q in site.graph.triples(dataset, ox.NamedNode(PREFIXES["dcterms"] + "description"))
    ]
    license_values = [
        q.object.value
        for q in site.graph.triples(dataset, ox.NamedNode(PREFIXES["dcterms"] + "license"))
        if isinstance(q.object, ox.NamedNode)
    ]
    listing = []
    for kind in ("series", "summit", "speech", "commitment", "topic", "state", "organization", "person"):
        members = sorted(s for s in site.subjects if s.startswith(f"{BASE_IRI}{kind}/"))
        if members:
            labels = {s: entities.labelled(site.graph, ox.NamedNode(s), lang) for s in members}
            shown = [
                {"href": "/" + s[len(BASE_IRI) :] + suffix, "text": shown.text, "language": shown.language}
                for s, shown in labels.items()
            ]
            listing.append((kind, sorted(shown, key=lambda e: str(e["text"]))))
    body = _render(
        request, "home.html", title=_text(entities.in_language(title_values, lang)) or "nss-kg",
        description=_text(entities.in_language(description_values, lang)), triples=site.triples,
        kinds=sorted(site.kinds.items()), listing=listing, coverage=_table(site.coverage(), suffix),
        license=license_values[0] if license_values else None,
        lang=lang, suffix=suffix, path="/", alternates=_alternates("/dataset"),
    )  # fmt: skip
    headers = {"Vary": "Accept-Language", "Content-Language": lang, "Link": _link_header("/dataset")}
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


def _text(label: entities.Label | None) -> str | None:
    return label.text if label is not None else None


def favicon(request: Request) -> Response:
    """``/favicon.ico``, which browsers ask for where a document (openapi.json) names no icon: the SVG one."""
    with open(os.path.join(pages.STATIC, "favicon.svg"), "rb") as icon:
        body = icon.read()
    return Response(body, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


# --- /sparql --------------------------------------------------------------------------------------


async def _body(request: Request) -> bytes:
    return await request.body()  # bounded by the size-limit middleware


async def sparql(request: Request) -> Response:
    site = _site(request)
    params = request.query_params
    if request.method == "OPTIONS":
        return _cors(Response(status_code=204, headers={
            "Allow": "GET, HEAD, POST, OPTIONS", "Access-Control-Allow-Methods": "GET, HEAD",
            "Access-Control-Allow-Headers": "Accept", "Access-Control-Max-Age": "86400",
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
    lang, suffix = _language(request)
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
        return _busy(_error(request, 503, str(error)))
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
    return _cors(response) if request.method in ("GET", "HEAD") else response


def _busy(response: Response) -> Response:
    """A 503 for a query refused because every query slot is taken: when to try again."""
    response.headers["Retry-After"] = str(sparql_endpoint.RETRY_AFTER)
    return response


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
            context.update(_table(rows, suffix))
        elif result.form == "ASK":
            context["boolean"] = "true" if result else "false"
        else:
            context.update(_table(result, suffix))
        context["result"] = result.form
    limits = f"≤ {site.limits.timeout:g} s, ≤ {site.limits.max_rows} rows"
    body = _render(
        request, "sparql.html", title="SPARQL", query=query, error=error,
        truncated=bool(answer and answer.truncated),
        queries=sorted(site.queries.items()), limits=limits, lang=lang, suffix=suffix, path="/sparql",
        alternates=(), **context,
    )  # fmt: skip
    return Response(body, status, media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})


def query_page(request: Request) -> Response:
    """``/query``: a SPARQL editor (YASGUI, vendored in static/yasgui/) on /sparql, with the packaged
    queries to start from."""
    site = _site(request)
    lang, suffix = _language(request)
    packaged = {name: info.text for name, info in sorted(site.queries.items())}
    limits = f"≤ {site.limits.timeout:g} s, ≤ {site.limits.max_rows} rows"
    body = _render(
        request, "query.html", title="Query", queries=sorted(site.queries.items()),
        packaged=pages.json_script(packaged), limits=limits,
        lang=lang, suffix=suffix, path="/query", alternates=(),
    )  # fmt: skip
    headers = {"Content-Security-Policy": QUERY_PAGE_POLICY, "Vary": "Accept-Language"}
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


def _triples_as_json(triples: list[ox.Triple]) -> bytes:
    rows = [
        {
            name: sparql_endpoint._term(term)
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
    return _cors(
        Response(rdf_document(triples, chosen), media_type=_media_type(chosen), headers={"Vary": "Accept"})
    )


# --- /api -----------------------------------------------------------------------------------------


def _json_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status)


async def api_call(request: Request) -> Response:
    site = _site(request)
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
        return _busy(_json_error(503, str(error)))
    except LocalResourceError as error:
        return _json_error(500, str(error))
    except NssKgError as error:
        return _json_error(400, str(error))
    media = {
        "json": "application/sparql-results+json", "csv": "text/csv; charset=utf-8",
        "tsv": "text/tab-separated-values; charset=utf-8", "jsonld": "application/ld+json",
        "turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
    }[chosen]  # fmt: skip
    return _cors(Response(result.serialize(chosen), media_type=media, headers={"Vary": "Accept"}))


def openapi_document(request: Request) -> Response:
    site = _site(request)
    return _cors(JSONResponse(api.openapi(site.queries)))


def api_docs(request: Request) -> Response:
    site = _site(request)
    lang, suffix = _language(request)
    operations = []
    for name, info in sorted(site.queries.items()):
        parameters = [
            {"name": p.name, "type": api._schema(p).get("format") or api._schema(p)["type"],
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
    body = _render(
        request, "api.html", title="API", operations=operations, lang=lang, suffix=suffix, path="/api",
        alternates=(),
    )  # fmt: skip
    return Response(body, media_type="text/html; charset=utf-8")


# --- limits and headers ---------------------------------------------------------------------------

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: refuses bodies over ``max_body`` bytes (413) and request targets over MAX_TARGET
    (414), and adds the security headers to every answer: CONTENT_SECURITY_POLICY unless the answer has a
    policy of its own (the query page's)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"content-security-policy" for name, _ in headers):
                    headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                message["headers"] = [*headers, *SECURITY_HEADERS]
            await send(message)

        target = len(scope.get("raw_path") or scope["path"]) + len(scope.get("query_string", b""))
        if target > MAX_TARGET:
            await PlainTextResponse("the request target is too long; POST the query\n", 414)(
                scope, receive, send_guarded
            )
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await self._too_large(scope, receive, send_guarded)
            return
        received = 0

        async def receive_limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, receive_limited, send_guarded)
        except _TooLarge:
            if not started:
                await self._too_large(scope, receive, send_guarded)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = PlainTextResponse(f"the request body is larger than {self.max_body} bytes\n", 413)
        await response(scope, receive, send)


# --- the application ------------------------------------------------------------------------------


def create(
    data: Iterable[str | os.PathLike[str]] = (),
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_body: int = DEFAULT_MAX_BODY,
    max_queries: int = DEFAULT_MAX_QUERIES,
    static: bool = False,
) -> Starlette:
    """The ASGI application serving the packaged graph and the ``data`` files (an InputError for a bad
    one); ``static``: its pages are for ``nss-kg site`` (web/static_site.py), which fetches them from it."""
    settings = Settings(timeout, max_rows, max_body, max_queries)
    site = Site(*graph_store.build(data), settings, static=static)
    routes = [
        Route("/", home, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=pages.STATIC), name="static"),
        Route("/favicon.ico", favicon, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST", "OPTIONS"]),
        Route("/query", query_page, methods=["GET"]),
        Route("/api", api_docs, methods=["GET"]),
        Route("/api/", api_docs, methods=["GET"]),
        Route("/api/openapi.json", openapi_document, methods=["GET"]),
        Route("/api/{name}", api_call, methods=["GET"]),
        Route("/.well-known/void", void, methods=["GET"]),
        Route("/ontology", vocabulary, methods=["GET"]),
        Route("/ontology.{extension}", vocabulary, methods=["GET"]),
        Route("/shapes", vocabulary, methods=["GET"]),
        Route("/shapes.{extension}", vocabulary, methods=["GET"]),
        Route("/dump/nss-kg.{extension}", dump, methods=["GET"]),
        Route("/{path:path}", entity, methods=["GET"]),
    ]
    application = Starlette(routes=routes)
    application.state.site = site
    application.add_middleware(Guard, max_body=max_body)
    return application
