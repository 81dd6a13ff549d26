"""How answers are made, for every route alike: pages (in the language asked for), errors, RDF documents in
each representation, the headers of linked data (Link, CORS), and query results as HTML tables."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from nss_kg import formatting, xml_safety
from nss_kg.namespaces import PREFIXES
from nss_kg.results import QueryResult
from nss_kg.web import entities, negotiation, pages, sparql_endpoint
from nss_kg.web.negotiation import REPRESENTATIONS, Representation
from nss_kg.web.site import site_of

#: Local names written as ``prefix:local`` in Turtle and RDF/XML; IRIs with others are written whole.
_PLAIN_LOCAL = re.compile(r"([A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")


def render(request: Request, template: str, **context: object) -> str:
    """A page (pages.render), told whether it is for the static site."""
    path = context.get("path")
    if isinstance(path, str):
        # "//evil.example/login" would make the language links protocol-relative: links off the site.
        context["path"] = "/" + path.lstrip("/")
    return pages.render(template, static_site=site_of(request).static, **context)


def language(request: Request) -> tuple[str, str]:
    """The page's language and the query string local links keep (``?lang=…`` when it was chosen so)."""
    requested = request.query_params.get("lang")
    lang = negotiation.language(requested, request.headers.get("accept-language"))
    return lang, (f"?lang={lang}" if requested else "")


def alternates(path: str) -> list[dict[str, str]]:
    return [{"href": path + r.extension, "name": r.name, "media_type": r.media_type} for r in REPRESENTATIONS]


def link_header(path: str) -> str:
    # A header is Latin-1: an IRI with other characters goes percent-encoded, as a URI.
    uri = urllib.parse.quote(path, safe="/:@!$&'()*+,;=-._~%")
    return ", ".join(f'<{uri}{r.extension}>; rel="alternate"; type="{r.media_type}"' for r in REPRESENTATIONS)


def error(request: Request, status: int, message: str) -> Response:
    """An error as a page for browsers, else one line of text."""
    if negotiation.choose(request.headers.get("accept"), [("html", "text/html"), ("text", "text/plain")]) == (
        "html"
    ):
        lang, suffix = language(request)
        body = render(
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


def media_type(representation: Representation) -> str:
    text = representation.media_type.startswith("text/")
    return representation.media_type + ("; charset=utf-8" if text else "")


def cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def split_extension(path: str) -> tuple[str, Representation | None]:
    # Not os.path.splitext: for an IRI ending in "/", the document's name is the extension alone ("x/.ttl").
    for representation in REPRESENTATIONS:
        if path.endswith(representation.extension) and len(path) > len(representation.extension):
            return path[: -len(representation.extension)], representation
    return path, None


def not_acceptable(path: str, headers: dict[str, str]) -> Response:
    offered = "\n".join(f"{path}{r.extension}  {r.media_type}" for r in REPRESENTATIONS)
    return PlainTextResponse(f"no acceptable representation; there are:\n{offered}\n", 406, headers=headers)


def busy(response: Response) -> Response:
    """A 503 for a query refused because every query slot is taken: when to try again."""
    response.headers["Retry-After"] = str(sparql_endpoint.RETRY_AFTER)
    return response


def table(result: QueryResult, suffix: str = "", language: str | None = None) -> dict[str, Any]:
    """A SELECT result as cells for the HTML table: text, and a link for IRIs; on a page in ``language``, the
    language of a text in another (an English name on a Chinese page), for the page to mark it."""
    rows = []
    for row in result.rows():
        cells = []
        for term in row:
            href, external = entities.link(term, suffix) if term is not None else (None, False)
            other = None
            if isinstance(term, ox.Literal) and language is not None:
                other = entities.other_language(term, language)
            cells.append({"text": formatting.cell(term), "href": href, "external": external, "lang": other})
        rows.append(cells)
    return {"variables": result.variables, "rows": rows}
