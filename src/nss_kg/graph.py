"""The packaged graph as an rdflib Graph, for users who want rdflib's API."""

from __future__ import annotations

from rdflib import Graph

from nss_kg import resources
from nss_kg.resources import Traversable

#: Prefixes bound on every graph we hand out, so serializations read naturally.
PREFIXES = {
    "nss": resources.NAMESPACE,
    "city": resources.BASE_IRI + "city/",
    "commitment": resources.BASE_IRI + "commitment/",
    "office": resources.BASE_IRI + "office/",
    "organization": resources.BASE_IRI + "organization/",
    "person": resources.BASE_IRI + "person/",
    "scheme": resources.BASE_IRI + "scheme/",
    "series": resources.BASE_IRI + "series/",
    "source": resources.BASE_IRI + "source/",
    "speech": resources.BASE_IRI + "speech/",
    "state": resources.BASE_IRI + "state/",
    "summit": resources.BASE_IRI + "summit/",
    "topic": resources.BASE_IRI + "topic/",
    "dbr": "http://dbpedia.org/resource/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
}


def _parse(paths: list[Traversable]) -> Graph:
    result = Graph(bind_namespaces="rdflib")
    for name, iri in PREFIXES.items():
        result.bind(name, iri, replace=True)
    for path in paths:
        result.parse(data=path.read_text(encoding="utf-8"), format="turtle", publicID=resources.BASE_IRI)
    return result


def graph() -> Graph:
    """A new rdflib Graph holding the ontology and the data (not the SHACL shapes)."""
    return _parse(resources.graph_files())


def ontology() -> Graph:
    """A new rdflib Graph holding the ontology alone."""
    return _parse(resources.ontology_files())


def shapes() -> Graph:
    """A new rdflib Graph holding the SHACL shapes."""
    return _parse([resources.shapes_file()])
