"""The packaged graph as rdflib Graphs (``nss_kg.graph()`` and friends), for users who want rdflib's API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph

from nss_kg import resources
from nss_kg.namespaces import PREFIXES

if TYPE_CHECKING:
    from nss_kg.resources import Resource


def _parse(paths: list[Resource]) -> Graph:
    # rdflib's own parser, not rdf_files.read_packaged (faster, via pyoxigraph): pyoxigraph lowercases
    # language tags, and the graphs users get, and every export, keep the files' zh-Hant / zh-Hans.
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
