"""Every IRI nss-kg mints answers: each IRI under https://w3id.org/nss-kg/ that the graph, the shapes, the
exports' named graphs or the VoID description name (subjects, predicates, objects, hash IRIs by their
document) is asked for at its path on ``nss-kg serve``, as RDF and as a page, and must answer 200 after its
redirect. The static site's walk of the same IRIs is in test_web_site.py."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator

import pytest
from rdflib import Graph, URIRef

import nss_kg
from nss_kg import export
from nss_kg.namespaces import BASE_IRI, GRAPH_IRI

pytest.importorskip("starlette")
with warnings.catch_warnings():  # Starlette 1.x would have httpx2 under its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from nss_kg import web

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def minted_documents() -> list[str]:
    """The path of every document of an IRI nss-kg mints ('' for the base itself)."""
    iris: set[str] = {GRAPH_IRI, *export.GRAPHS.values()}
    for source in (nss_kg.graph(), nss_kg.shapes()):
        assert isinstance(source, Graph)
        for triple in source:
            iris |= {str(term) for term in triple if isinstance(term, URIRef)}
    documents = {iri.partition("#")[0] for iri in iris if iri.startswith(BASE_IRI.rstrip("/"))}
    return sorted("/" + iri[len(BASE_IRI) :] if iri.startswith(BASE_IRI) else "/" for iri in documents)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(web.app()) as test_client:
        yield test_client


def test_the_minted_iris_include_every_kind_of_iri() -> None:
    documents = set(minted_documents())
    expected = {"/", "/dataset", "/ontology", "/shapes", "/graph", "/graph/data", "/graph/shapes"}
    expected |= {"/ontology/0.1.0", "/shapes/0.1.0", "/sparql", "/dump/nss-kg.nq", "/summit/2012-seoul"}
    assert expected <= documents
    assert len(documents) > 1000


@pytest.mark.slow  # some 1,050 documents, each as Turtle and as a page
def test_every_minted_iri_answers(client: TestClient) -> None:
    failed = []
    for path in minted_documents():
        for accept in ("text/turtle", "text/html"):
            response = client.get(path, headers={"Accept": accept})
            if response.status_code != 200:
                failed.append((path, accept, response.status_code))
    assert failed == []


def crawl(fetch_turtle: Callable[[str], bytes | None], start: str = "/dataset") -> set[str]:
    """The entity IRIs a crawler reaches from ``start`` following only the IRIs in RDF documents: each
    document is asked for as Turtle (``fetch_turtle(path)``, None when there is none) and every IRI under
    BASE_IRI it names is visited in turn."""
    import pyoxigraph as ox

    seen: set[str] = set()
    pending = [start]
    reached: set[str] = set()
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        body = fetch_turtle(path)
        if body is None:
            continue
        for triple in ox.parse(body, format=ox.RdfFormat.TURTLE, base_iri=BASE_IRI + path[1:]):
            for term in (triple.subject, triple.predicate, triple.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(BASE_IRI):
                    reached.add(term.value)
                    document = "/" + term.value[len(BASE_IRI) :].partition("#")[0]
                    if document not in seen:
                        pending.append(document)
    return reached


@pytest.mark.slow  # some 1,050 Turtle documents
def test_a_crawler_from_the_dataset_reaches_every_entity(client: TestClient) -> None:
    """Each RDF document carries the triples that point at its entity too: from /dataset, the VoID
    description, following links in RDF alone reaches every subject IRI the graph has."""

    def fetch(path: str) -> bytes | None:
        if path.startswith("/dump/") or path == "/sparql":  # the whole graph; what a static site lacks
            return None
        response = client.get(path, headers={"Accept": "text/turtle"})
        turtle = response.headers.get("content-type", "").startswith("text/turtle")
        return response.content if response.status_code == 200 and turtle else None

    reached = crawl(fetch)
    subjects = {str(s) for s in nss_kg.graph().subjects() if str(s).startswith(BASE_IRI)}
    assert len(subjects) > 1000
    assert sorted(subjects - reached) == []


def test_the_sitemap_lists_every_page_in_three_languages(client: TestClient) -> None:
    """/sitemap.xml (sitemaps.org 0.9): the page of every subject's document, the home page and the index of
    names, each with its hreflang alternates; the pages it names answer."""
    import xml.etree.ElementTree as ET

    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.fromstring(response.content).findall("s:url", ns)
    locations = [url.findtext("s:loc", namespaces=ns) or "" for url in urls]
    paths = {loc.removeprefix("http://testserver") for loc in locations}
    documents = {
        "/" + str(s)[len(BASE_IRI) :].partition("#")[0]
        for s in nss_kg.graph().subjects()
        if str(s).startswith(BASE_IRI) and str(s) != BASE_IRI
    }
    assert {d + ".html" for d in documents} | {"/", "/search"} <= paths
    assert all(len(url.findall("x:link", ns)) == 3 for url in urls)
    for location in locations[::50]:
        assert client.get(location).status_code == 200, location
