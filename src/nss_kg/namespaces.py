"""The IRIs nss-kg mints, and the prefixes it binds and shows: our instance namespaces first, then the
vocabularies we use."""

from __future__ import annotations

#: The base of every IRI the project mints; documented in docs/model.md.
BASE_IRI = "https://w3id.org/nss-kg/"
ONTOLOGY_IRI = BASE_IRI + "ontology"
NAMESPACE = ONTOLOGY_IRI + "#"
#: The named graph that ``nss-kg load`` fills and remote queries read by default (docs/stores.md).
GRAPH_IRI = BASE_IRI + "graph"

#: Prefixes bound on every graph we hand out, so serializations read naturally.
PREFIXES = {
    "nss": NAMESPACE,
    "city": BASE_IRI + "city/",
    "claim": BASE_IRI + "claim/",
    "commitment": BASE_IRI + "commitment/",
    "delegation": BASE_IRI + "delegation/",
    "document": BASE_IRI + "document/",
    "office": BASE_IRI + "office/",
    "organization": BASE_IRI + "organization/",
    "person": BASE_IRI + "person/",
    "report": BASE_IRI + "report/",
    "scheme": BASE_IRI + "scheme/",
    "series": BASE_IRI + "series/",
    "source": BASE_IRI + "source/",
    "speech": BASE_IRI + "speech/",
    "state": BASE_IRI + "state/",
    "summit": BASE_IRI + "summit/",
    "topic": BASE_IRI + "topic/",
    "dbr": "http://dbpedia.org/resource/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
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


def shorten(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace, else ``<iri>``."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
    return f"<{iri}>"


XSD = PREFIXES["xsd"]

#: The XSD integer types, whose literals are Python ints.
INTEGER_TYPES = frozenset({
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
})  # fmt: skip
