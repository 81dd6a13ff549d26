"""Every packaged query gives the same answer on the embedded engine and on rdflib (issue 4, point 4)."""

from __future__ import annotations

import pytest
from rdflib import Graph

import nss_kg
from nss_kg.catalogue import catalogue
from nss_kg.results import QueryResult


@pytest.fixture(scope="module")
def rdflib_graph() -> Graph:
    return nss_kg.graph()


def canonical(result: QueryResult) -> object:
    if result.is_graph:
        return sorted(str(t) for t in result.triples())
    return [sorted(row.items()) for row in result.to_dicts()]


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_same_answer_on_pyoxigraph_and_rdflib(name: str, rdflib_graph: Graph) -> None:
    params = {"entity": "summit:2012-seoul"} if name == "label" else {}
    embedded = nss_kg.query(name, params)
    on_rdflib = nss_kg.query(name, params, graph=rdflib_graph)
    assert canonical(on_rdflib) == canonical(embedded)
