"""The packaged graph as rdflib Graphs (``nss_kg.graph()`` and friends), for users who want rdflib's API."""

from __future__ import annotations

from rdflib import Graph

from nss_kg import rdf_files, resources


def _parse(paths: list[str]) -> Graph:
    return rdf_files.to_rdflib(rdf_files.packaged(paths))


def graph() -> Graph:
    """A new rdflib Graph holding the ontology and the data (not the SHACL shapes)."""
    return _parse(resources.graph_files())


def ontology() -> Graph:
    """A new rdflib Graph holding the ontology alone."""
    return _parse(resources.ontology_files())


def shapes() -> Graph:
    """A new rdflib Graph holding the SHACL shapes."""
    return _parse([resources.shapes_file()])
