"""Every IRI nss-kg mints answers: each IRI under https://w3id.org/nss-kg/ that the graph, the shapes, the
exports' named graphs or the VoID description name (subjects, predicates, objects, hash IRIs by their
document) is asked for at its path on ``nss-kg serve``, as RDF and as a page, and must answer 200 after its
redirect. The static site's walk of the same IRIs is in test_web_site.py."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

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
