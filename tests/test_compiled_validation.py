"""The compiled validation engine (nss_kg.compiled_validation) gives exactly pySHACL's results.

The reference is pySHACL 0.40 with rdflib answering its SPARQL constraints, on the literals as written: the
mutants of tests/test_mutations.py, a quarter of them at a time made together in one graph (every shape that
has a mutant reports in one of the four), compared result by result — focus node, path, value, severity,
messages in each language, source shape, constraint component. tests/test_jena_shacl.py compares every single
mutant with Jena as well.
"""

from __future__ import annotations

from collections import Counter

import pytest
import test_mutations
from rdflib import XSD, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

import nss_kg
from nss_kg import compiled_validation, pyshacl_patches, validation
from nss_kg.namespaces import BASE_IRI, NAMESPACE

NSS = Namespace(NAMESPACE)
GROUPS = 4

Row = tuple[str, str, str, str, tuple[tuple[str, str], ...], str, str]


def rows(report: nss_kg.ValidationReport) -> Counter[Row]:
    def n3(node: Node | None) -> str:
        return "" if node is None else "_:" if node.n3().startswith("_:") else node.n3()

    return Counter(
        (
            n3(r.focus_node),
            n3(r.path),
            n3(r.value),
            r.severity.value,
            tuple(sorted((tag or "", text) for tag, text in r.messages.items())),
            n3(r.source_shape),
            n3(r.constraint_component),
        )
        for r in report.results
    )


def pyshacl_report(monkeypatch: pytest.MonkeyPatch, **arguments: object) -> nss_kg.ValidationReport:
    """validate() through pySHACL, its SPARQL constraints answered by rdflib on the terms as written."""
    with monkeypatch.context() as patched:
        patched.setattr(pyshacl_patches.OxigraphQueriedGraph, "oxigraph_copy", lambda self: None)
        return nss_kg.validate(engine="pyshacl", **arguments)  # type: ignore[arg-type]


def mutated_together(group: int) -> Graph:
    """The packaged data with every GROUPS-th mutant, from ``group`` on, made in it."""
    graph = Graph()
    for triple in test_mutations.DATA:
        graph.add(triple)
    for mutant in test_mutations.MUTANTS[group::GROUPS]:
        mutant.mutate(graph)
    return graph


@pytest.mark.slow
@pytest.mark.parametrize("group", range(GROUPS))
def test_same_results_as_pyshacl_on_the_mutants(monkeypatch: pytest.MonkeyPatch, group: int) -> None:
    graph = mutated_together(group)
    ours = nss_kg.validate(data=graph)
    reference = pyshacl_report(monkeypatch, data=graph)
    assert rows(ours) == rows(reference)
    # Not a comparison of two empty reports: mutants made together hide some of each other's breakage
    # (a deleted date has no order to break), yet each group breaks most of the shapes its mutants aim at.
    expected = {m.expected_shape for m in test_mutations.MUTANTS[group::GROUPS]}
    assert len(expected & ours.source_shapes()) >= 0.8 * len(expected)


def test_the_packaged_shapes_are_compiled() -> None:
    """Else validate() would quietly fall back to pySHACL and be slow again."""
    assert validation._plan() is not None


@pytest.mark.slow
def test_literals_in_results_are_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyoxigraph stores "02"^^xsd:positiveInteger as "2"^^xsd:integer; a result shows the literal written.
    Two summits of one series share edition 2 here, one written "02": EditionUniqueShape reports both."""
    graph = Graph()
    for triple in test_mutations.DATA:
        graph.add(triple)
    summit = URIRef(BASE_IRI + "summit/2014-the-hague")
    written = Literal("02", datatype=XSD.positiveInteger)
    graph.set((summit, NSS.edition, written))
    ours = nss_kg.validate(data=graph)
    values = {
        r.value for r in ours.results if r.source_shape == URIRef(BASE_IRI + "shapes#EditionUniqueShape")
    }
    assert written in values, values
    assert rows(ours) == rows(pyshacl_report(monkeypatch, data=graph))


def test_shapes_it_does_not_compile_go_to_pyshacl() -> None:
    shapes = Graph().parse(
        format="turtle",
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:n> ; sh:closed true ; sh:message "closed"@en .
        """,
    )
    with pytest.raises(compiled_validation.Unsupported, match="closed"):
        compiled_validation.compile_shapes(shapes)
    path = Graph().parse(
        format="turtle",
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:n> ;
            sh:property [ sh:path ( <urn:a> <urn:b> ) ; sh:minCount 1 ] .
        """,
    )
    with pytest.raises(compiled_validation.Unsupported, match="path"):
        compiled_validation.compile_shapes(path)


def test_the_target_is_joined_inside_the_where_clause() -> None:
    """Braces in strings, IRIs, comments and the projection's expressions are no WHERE clause."""
    target = compiled_validation._Target((URIRef("urn:C"),), (), (), ())
    text = 'SELECT $this (CONCAT("{", "}") AS ?x) # a { comment\n WHERE { $this <urn:p> "{" }'
    joined = compiled_validation._with_target_first(text, target)
    head, _, rest = joined.partition("WHERE {")
    assert head == 'SELECT $this (CONCAT("{", "}") AS ?x) # a { comment\n '
    assert rest.lstrip().startswith("{ SELECT DISTINCT ?this WHERE { { ?this <")
    assert rest.rstrip().endswith('$this <urn:p> "{" }')


def test_a_sparql_constraint_that_uses_values_is_not_compiled() -> None:
    shapes = Graph().parse(
        format="turtle",
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:n> ; sh:message "m"@en ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?v { 1 } }" ] .
        """,
    )
    with pytest.raises(compiled_validation.Unsupported, match="VALUES"):
        compiled_validation.compile_shapes(shapes)


@pytest.mark.slow
def test_the_engine_can_be_chosen_and_both_agree_on_the_packaged_data() -> None:
    """pySHACL stays the reference, a choice away: engine="pyshacl" (and ``nss-kg validate --engine``)."""
    assert nss_kg.validate(engine="pyshacl").conforms and nss_kg.validate(engine="compiled").conforms
    with pytest.raises(nss_kg.ArgumentError, match="RDFS inference"):
        nss_kg.validate(engine="compiled", inference="rdfs")
    with pytest.raises(nss_kg.ArgumentError, match="engine must be"):
        nss_kg.validate(engine="jena")  # type: ignore[arg-type]


@pytest.mark.slow
def test_the_cli_takes_the_engine(capsys: pytest.CaptureFixture[str]) -> None:
    from nss_kg.cli import main

    assert main(["validate", "--engine", "pyshacl"]) == 0
    assert capsys.readouterr().out.startswith("Conforms")
    assert main(["validate", "--engine", "compiled", "--inference", "rdfs"]) == 2
    assert capsys.readouterr().err.strip().endswith("use engine 'pyshacl' or 'auto'")
