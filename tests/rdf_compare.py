"""Graph isomorphism for the tests, by canonical N-Quads (RDFC-1.0, pyoxigraph's): rdflib's ``isomorphic()``
took minutes on the packaged graph's 900 blank nodes (the owl:Axiom annotations)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph

from nss_kg.rdf_files import oxigraph_term


def canonical(graph: Graph) -> list[str]:
    """``graph``'s canonical N-Quads lines, sorted: the same list exactly when two graphs are isomorphic."""
    blank_nodes: dict[BNode, ox.BlankNode] = {}
    dataset = ox.Dataset(
        ox.Quad(*(oxigraph_term(term, blank_nodes) for term in triple))  # type: ignore[arg-type]
        for triple in graph
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted((ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8").splitlines())


def isomorphic(first: Graph, second: Graph) -> bool:
    return canonical(first) == canonical(second)
