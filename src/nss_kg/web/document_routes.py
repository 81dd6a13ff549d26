"""The linked-data routes: each entity at the path of its IRI (303 to the document the Accept header
prefers), the ontology and the shapes (hash IRIs, negotiated in place), the dataset's VoID description, the
dumps, and the home page.

Following "Cool URIs for the Semantic Web" (303 URIs forwarding to different documents), an entity's own
address answers ``303 See Other`` to the document the ``Accept`` header prefers — ``.html``, ``.ttl``,
``.jsonld``, ``.nt`` or ``.rdf`` — with ``Vary: Accept`` and a ``Link`` header naming every alternate; the
documents answer 200. The RDF served keeps the canonical w3id IRIs.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from nss_kg import export
from nss_kg.namespaces import BASE_IRI, ONTOLOGY_IRI, PREFIXES
from nss_kg.web import entities, negotiation, pages, profiles, responses, search
from nss_kg.web.negotiation import LANGUAGES, Representation, Wording, in_language
from nss_kg.web.site import DATASET_IRI, DUMP_FORMATS, SHAPES_IRI, Site, site_of


def _with_query(site: Site, iri: str, query: str) -> str:
    """``iri``, or ``iri?query`` where that is the entity's IRI (data whose IRIs hold a query string)."""
    return f"{iri}?{query}" if query and f"{iri}?{query}" in site.subjects else iri


def entity(request: Request) -> Response:
    site = site_of(request)
    path = request.url.path
    iri = _with_query(site, BASE_IRI + path[1:], request.url.query)
    if iri not in site.subjects:
        stem, representation = responses.split_extension(path)
        stem_iri = _with_query(site, BASE_IRI + stem[1:], request.url.query)
        if representation is not None and stem_iri in site.subjects:
            return _entity_document(request, stem, stem_iri, representation)
        return responses.error(request, 404, f"nothing is known about {iri}")
    chosen = negotiation.representation(request.headers.get("accept"))
    headers = {"Vary": "Accept", "Link": responses.link_header(path)}
    if chosen is None:
        return responses.not_acceptable(path, headers)
    target = path + chosen.extension + (f"?{request.url.query}" if request.url.query else "")
    return responses.cors(RedirectResponse(target, status_code=303, headers=headers))


def _entity_document(request: Request, path: str, iri: str, representation: Representation) -> Response:
    site = site_of(request)
    described = urllib.parse.quote(iri, safe="/:@!$&'()*+,;=-._~%#")
    headers = {"Link": responses.link_header(path) + f', <{described}>; rel="describes"'}
    if representation.name != "html":
        try:
            document = responses.rdf_document(entities.describe(site.graph, [iri]), representation)
        except responses.NotRepresentable as error:
            return responses.not_acceptable(path, {**headers, "X-Reason": str(error)})
        return responses.cors(
            Response(document, media_type=responses.media_type(representation), headers=headers)
        )
    lang, suffix = responses.language(request)
    model = entities.page(site.graph, iri, lang, suffix)
    tables = profiles.tables(site, iri, lang, suffix)
    body = responses.render(
        request, "entity.html", page=model, title=model.title, lang=lang, suffix=suffix, path=path,
        alternates=responses.alternates(path), jsonld=pages.json_script(model.schema_org), tables=tables,
    )  # fmt: skip
    headers.update({"Vary": "Accept-Language", "Content-Language": lang})
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


# --- the ontology and the dataset -----------------------------------------------------------------


def vocabulary(request: Request) -> Response:
    """``/ontology`` and ``/shapes``: a document of hash IRIs (the terms, the shapes), negotiated in place."""
    path = request.url.path
    stem, representation = responses.split_extension(path)
    site = site_of(request)
    document, iri, graph, iris = (
        ("/shapes", SHAPES_IRI, site.shapes, site.shapes_iris)
        if stem == "/shapes"
        else ("/ontology", ONTOLOGY_IRI, site.graph, site.ontology_iris)
    )
    headers = {"Link": responses.link_header(document)}
    if representation is None:
        if path != document:
            return responses.error(request, 404, f"nothing is known about {BASE_IRI + path[1:]}")
        representation = negotiation.representation(request.headers.get("accept"))
        headers["Vary"] = "Accept, Accept-Language"
        if representation is None:
            return responses.not_acceptable(document, headers)
        headers["Content-Location"] = document + representation.extension
    if representation.name != "html":
        # Not the triples pointing at the terms: every instance's rdf:type would make the ontology the graph.
        rdf = responses.rdf_document(entities.describe(graph, iris, incoming=False), representation)
        return responses.cors(Response(rdf, media_type=responses.media_type(representation), headers=headers))
    lang, suffix = responses.language(request)
    header = entities.page(graph, iri, lang, suffix)
    terms = []
    for term in iris:
        if "#" in term and term.partition("#")[2]:
            model = entities.page(graph, term, lang, suffix)
            terms.append({"fragment": term.partition("#")[2], "title": model.title, "facts": model.facts})
    body = responses.render(
        request, "ontology.html", title=header.title, iri=iri, header=header.facts, terms=terms,
        lang=lang, suffix=suffix, path=document, alternates=responses.alternates(document),
    )  # fmt: skip
    headers["Content-Language"] = lang
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


async def dump(request: Request) -> Response:
    """``/dump/nss-kg.nq`` and ``.ttl``: the packaged graph as ``nss-kg export`` writes it, made once."""
    site = site_of(request)
    extension = request.path_params["extension"]
    if extension not in DUMP_FORMATS:
        return responses.error(request, 404, f"nothing is known about {BASE_IRI}dump/nss-kg.{extension}")
    body = await run_in_threadpool(site.dump, extension)
    media_type = export.format_for(DUMP_FORMATS[extension]).media_type
    return responses.cors(Response(body, media_type=media_type))


def void(request: Request) -> Response:
    """``/.well-known/void``: the dataset's VoID description, negotiated in place."""
    representation = negotiation.representation(request.headers.get("accept"))
    headers = {"Vary": "Accept", "Link": responses.link_header("/dataset")}
    if representation is None:
        return responses.not_acceptable("/dataset", headers)
    if representation.name == "html":
        return RedirectResponse("/dataset.html", status_code=303, headers=headers)
    site = site_of(request)
    body = responses.rdf_document(entities.describe(site.graph, [DATASET_IRI]), representation)
    headers["Content-Location"] = "/dataset" + representation.extension
    return responses.cors(Response(body, media_type=responses.media_type(representation), headers=headers))


def home(request: Request) -> Response:
    site = site_of(request)
    lang, suffix = responses.language(request)
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
    ordered = [k for k in KIND_NAMES if k in site.kinds] + sorted(set(site.kinds) - set(KIND_NAMES))
    for kind in ordered:
        members = sorted(s for s in site.subjects if s.startswith(f"{BASE_IRI}{kind}/"))
        if members:
            labels = {s: entities.labelled(site.graph, ox.NamedNode(s), lang) for s in members}
            shown = [
                {"href": "/" + s[len(BASE_IRI) :] + suffix, "text": shown.text, "language": shown.language}
                for s, shown in labels.items()
            ]
            listing.append((kind, sorted(shown, key=lambda e: str(e["text"]))))
    body = responses.render(
        request, "home.html", title=_text(entities.in_language(title_values, lang)) or "nss-kg",
        description=_text(entities.in_language(description_values, lang)), triples=site.triples,
        kinds=[(k, site.kinds[k]) for k in ordered], listing=listing, kind_names=_kind_names(lang),
        tables=profiles.home_tables(site, lang, suffix),
        coverage=responses.table(site.answer("coverage"), suffix),
        license=license_values[0] if license_values else None,
        lang=lang, suffix=suffix, path="/", alternates=responses.alternates("/dataset"),
    )  # fmt: skip
    headers = {"Vary": "Accept-Language", "Content-Language": lang, "Link": responses.link_header("/dataset")}
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


#: The kinds of entity (the first segment of their IRIs' paths), in the home page's order, named in the three
#: page languages.
KIND_NAMES: dict[str, Wording] = {
    "summit": ("summits", "峰會", "峰会"),
    "series": ("series", "系列", "系列"),
    "speech": ("speeches", "演說", "演说"),
    "state": ("states", "國家", "国家"),
    "organization": ("international organizations", "國際組織", "国际组织"),
    "person": ("persons", "人物", "人物"),
    "office": ("offices", "職位", "职位"),
    "delegation": ("delegations", "代表團", "代表团"),
    "document": ("documents", "文件", "文件"),
    "report": ("national progress reports", "國家進展報告", "国家进展报告"),
    "commitment": ("commitments", "承諾", "承诺"),
    "claim": ("claims", "陳述", "陈述"),
    "topic": ("topics", "主題", "主题"),
    "scheme": ("topic schemes", "主題體系", "主题体系"),
    "city": ("cities", "城市", "城市"),
    "source": ("sources", "來源", "来源"),
    "graph": ("named graphs", "具名圖", "具名图"),
    "ontology": ("ontology versions", "本體版本", "本体版本"),
    "shapes": ("shapes versions", "形狀版本", "形状版本"),
}


def search_page(request: Request) -> Response:
    """``/search?q=…``: the entities one of whose names holds ``q``; without ``q``, every name (the index)."""
    site = site_of(request)
    lang, suffix = responses.language(request)
    query = request.query_params.get("q", "")[:200]
    names = site.names.find(query) if query.strip() else site.names.names
    kinds = _kind_names(lang)
    hits = []
    for name in names:
        local = name.iri[len(BASE_IRI) :]
        shown = entities.labelled(site.graph, ox.NamedNode(name.iri), lang)
        hits.append(
            {"href": "/" + local + suffix, "text": name.text, "language": name.language,
             "kind": kinds.get(local.split("/")[0], local.split("/")[0]),
             "title": shown.text if shown.text != name.text else None, "title_language": shown.language}
        )  # fmt: skip
    body = responses.render(
        request, "search.html", title=in_language(("Search", "搜尋", "搜索"), lang),
        query=query, hits=hits, limited=bool(query.strip()) and len(hits) >= search.MAX_HITS,
        lang=lang, suffix=suffix, path="/search", alternates=(),
    )  # fmt: skip
    return Response(body, media_type="text/html; charset=utf-8", headers={"Vary": "Accept-Language"})


def _kind_names(lang: str) -> dict[str, str]:
    return {kind: in_language(names, lang) for kind, names in KIND_NAMES.items()}


def _text(label: entities.Label | None) -> str | None:
    return label.text if label is not None else None


def sitemap(request: Request) -> Response:
    """``/sitemap.xml`` (sitemaps.org 0.9): the page of every entity, the home page and the index of names,
    each with its pages in the other languages (hreflang alternates), at this server's address."""
    base = str(request.base_url).rstrip("/")

    def address(path: str, language: str) -> str:
        page = path if path in ("/", "/search") else path + ".html"
        return f"{base}{page}" + ("" if language == LANGUAGES[0] else f"?lang={language}")

    return Response(sitemap_xml(site_of(request), address), media_type="application/xml")


def sitemap_xml(site: Site, address: Callable[[str, str], str]) -> bytes:
    """The sitemap of ``site``'s pages, ``address(path, language)`` giving each page's URL (``nss-kg serve``
    and ``nss-kg site`` write them differently)."""
    from xml.sax.saxutils import escape, quoteattr

    paths = ["/", *site.document_paths, "/search"]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path in paths:
        lines.append(f"<url><loc>{escape(address(path, LANGUAGES[0]))}</loc>")
        for language in LANGUAGES:
            href = quoteattr(address(path, language))
            lines.append(f'  <xhtml:link rel="alternate" hreflang="{language}" href={href}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def favicon(request: Request) -> Response:
    """``/favicon.ico``, which browsers ask for where a document (openapi.json) names no icon: the SVG one."""
    with open(os.path.join(pages.STATIC, "favicon.svg"), "rb") as icon:
        body = icon.read()
    return Response(body, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
