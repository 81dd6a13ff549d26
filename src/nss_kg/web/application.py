"""The ASGI application of ``nss-kg serve`` and ``nss-kg site``: which route answers which path.

The routes live by concern: web/document_routes.py (entities, the ontology and shapes, VoID, dumps, the home
page), web/sparql_routes.py (/sparql, /query), web/api_routes.py (/api); web/responses.py makes the answers
they share and web/guard.py bounds every request and adds the security headers.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from nss_kg.web import graph_store, pages
from nss_kg.web.api_routes import api_call, api_docs, openapi_document
from nss_kg.web.caching import Caching
from nss_kg.web.document_routes import dump, entity, favicon, home, search_page, sitemap, vocabulary, void
from nss_kg.web.guard import Guard
from nss_kg.web.site import (
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_QUERIES,
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT,
    Settings,
    Site,
)
from nss_kg.web.sparql_routes import query_page, sparql


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
        Route("/sitemap.xml", sitemap, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST", "OPTIONS"]),
        Route("/query", query_page, methods=["GET"]),
        Route("/search", search_page, methods=["GET"]),
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
    application.add_middleware(Caching)
    application.add_middleware(Guard, max_body=max_body)  # added last, so outermost
    return application
