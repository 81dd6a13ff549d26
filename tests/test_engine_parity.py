"""Every packaged query gives the same answer on the embedded engine and on rdflib."""

from __future__ import annotations

import pytest
from rdflib import Graph
from samples import required

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


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(catalogue()))
def test_same_answer_on_pyoxigraph_and_rdflib(name: str, rdflib_graph: Graph) -> None:
    params = required(name)
    embedded = nss_kg.query(name, params)
    on_rdflib = nss_kg.query(name, params, graph=rdflib_graph)
    assert canonical(on_rdflib) == canonical(embedded)


def test_rows_as_rdflib_terms_are_the_terms_of_the_rdflib_graph(rdflib_graph: Graph) -> None:
    """rdflib users get terms they can look up in their Graph: IRIs as URIRefs, labels with their tag."""
    from rdflib import RDFS, Literal, URIRef

    result = nss_kg.query("summit", year=2012, lang="zh-Hant", graph=rdflib_graph)
    (row,) = result.rdflib_rows()
    summit, name = row[0], row[1]
    assert summit == URIRef("https://w3id.org/nss-kg/summit/2012-seoul")
    assert name == Literal("2012年核安全峰會", lang="zh-Hant")
    assert (summit, RDFS.label, name) in rdflib_graph
    assert row[2] == Literal(2)  # edition, an xsd:integer


@pytest.mark.parametrize(
    ("name", "params"),
    [("documents", {"year": 2011}), ("participant-profile", {"participant": "state:nowhere"})],
)
def test_a_grouped_aggregate_over_nothing_has_no_row_on_rdflib_either(
    name: str, params: dict[str, object], rdflib_graph: Graph
) -> None:
    # SPARQL 1.1 §18.5: GROUP BY over no solutions makes no group; rdflib answered one row that bound nothing.
    assert nss_kg.query(name, graph=rdflib_graph, **params).rows() == []
    assert nss_kg.query(name, **params).rows() == []
