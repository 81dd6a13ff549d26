"""nss_kg.validate(): what it validates, its typed report, and reading users' RDF files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SH, BNode, Graph, Literal, Namespace, URIRef

import nss_kg
from nss_kg import rdf_files, resources
from nss_kg.validation import SHAPES_NAMESPACE, Severity, ValidationReport, validate

NSS = Namespace("https://w3id.org/nss-kg/ontology#")
SHAPE = Namespace(SHAPES_NAMESPACE)
PREFIXES = """@prefix nss: <https://w3id.org/nss-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix summit: <https://w3id.org/nss-kg/summit/> .
@prefix ex: <http://example.org/> .
"""
# A fifth summit that extends our graph: valid on its own terms but for a start after its end and a
# follows link to a summit of the wrong edition, which only the packaged data can reveal.
FIFTH = (
    PREFIXES
    + """
ex:summit-5 a nss:Summit ;
    rdfs:label "Fifth summit"@en , "第五屆峰會"@zh-Hant , "第五届峰会"@zh-Hans ;
    nss:partOfSeries <https://w3id.org/nss-kg/series/nss> ;
    nss:edition "5"^^xsd:positiveInteger ;
    nss:startDate "2018-05-02"^^xsd:date ; nss:endDate "2018-05-01"^^xsd:date ;
    nss:hostState <https://w3id.org/nss-kg/state/netherlands> ;
    nss:hostCity <https://w3id.org/nss-kg/city/the-hague> ;
    nss:venue "Somewhere"@en ;
    nss:follows summit:2014-the-hague ;
    nss:source <https://w3id.org/nss-kg/source/nss2014> .
"""
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_is_exported_lazily() -> None:
    assert nss_kg.validate is validate
    assert nss_kg.ValidationReport is ValidationReport


def test_report_is_typed_and_frozen() -> None:
    report = validate()
    assert isinstance(report, ValidationReport) and report.conforms and report.results == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.results = ()  # type: ignore[misc]


def test_user_file_alone_is_checked_against_the_ontology_hierarchy(tmp_path: Path) -> None:
    report = validate([_write(tmp_path, "fifth.ttl", FIFTH)])
    shapes = report.source_shapes()
    assert SHAPE["Event-startDate"] in shapes  # target nss:Event reached through nss:Summit ⊑ nss:Event
    # Alone, our states, cities and summits are unknown: their classes cannot be checked.
    assert SHAPE["Summit-hostState"] in shapes
    assert SHAPE.FollowsShape not in shapes


def test_with_data_checks_the_extension_against_our_graph(tmp_path: Path) -> None:
    report = validate([_write(tmp_path, "fifth.ttl", FIFTH)], with_data=True)
    assert report.source_shapes() == {SHAPE["Event-startDate"], SHAPE.FollowsShape}
    result = next(r for r in report.results if r.source_shape == SHAPE.FollowsShape)
    assert result.severity is Severity.VIOLATION
    assert result.focus_node == URIRef("http://example.org/summit-5")
    assert result.path == NSS.follows
    assert result.value == URIRef("https://w3id.org/nss-kg/summit/2014-the-hague")
    # pySHACL drops the language of a SPARQL message it fills in; the report gets it back.
    assert result.message("en").startswith(
        "The summit it follows, https://w3id.org/nss-kg/summit/2014-the-hague"
    )
    assert result.message("zh").startswith("其上一屆峰會")
    assert {tag.lower() for tag in result.messages if tag} == {"en", "zh-hant"}


def test_without_ontology_subclass_targets_are_not_reached(tmp_path: Path) -> None:
    report = validate([_write(tmp_path, "fifth.ttl", FIFTH)], with_ontology=False)
    assert SHAPE["Event-startDate"] not in report.source_shapes()


def test_graph_input_and_warnings(tmp_path: Path) -> None:
    graph = Graph().parse(data=FIFTH, format="turtle")
    graph.remove((URIRef("http://example.org/summit-5"), RDFS.label, Literal("第五届峰会", lang="zh-Hans")))
    report = validate(data=graph, with_data=True)
    assert [r.source_shape for r in report.warnings] == [SHAPE["label-zh-Hans"]]
    assert len(report.violations) == 2 and not report.conforms


@pytest.mark.slow
def test_rdfs_inference_runs_when_the_user_brings_schema(tmp_path: Path) -> None:
    text = FIFTH + 'ex:place rdfs:subPropertyOf nss:venue .\nex:summit-5 ex:place "no language" .\n'
    path = _write(tmp_path, "fifth.ttl", text)
    assert SHAPE["Summit-venue"] in validate([path], with_data=True).source_shapes()
    assert SHAPE["Summit-venue"] not in validate([path], with_data=True, inference="none").source_shapes()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.nt", '<http://e/s> <http://e/p> "x"@en .\n'),
        ("a.jsonld", '{"@id": "http://e/s", "http://e/p": {"@value": "x", "@language": "en"}}'),
        (
            "a.rdf",
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
            '<rdf:Description rdf:about="http://e/s"><e:p xml:lang="en">x</e:p></rdf:Description></rdf:RDF>',
        ),
        ("a.trig", '<http://e/g> { <http://e/s> <http://e/p> "x"@en . }'),
    ],
)
def test_reads_each_format(tmp_path: Path, name: str, text: str) -> None:
    graph = rdf_files.read([_write(tmp_path, name, text)])
    assert set(graph) == {(URIRef("http://e/s"), URIRef("http://e/p"), Literal("x", lang="en"))}


def test_blank_nodes_are_local_to_their_file(tmp_path: Path) -> None:
    text = '_:b <http://e/p> "x" .\n'
    graph = rdf_files.read([_write(tmp_path, "a.nt", text), _write(tmp_path, "b.nt", text)])
    assert len(graph) == 2


def test_literals_read_like_rdflib(tmp_path: Path) -> None:
    text = PREFIXES + 'ex:a ex:b "plain" , "typed"^^xsd:string , "1"^^xsd:integer , "x"@zh-Hant .'
    ours = rdf_files.read([_write(tmp_path, "a.ttl", text)])
    # RDF 1.1: "typed"^^xsd:string is the plain literal "typed"; pyoxigraph cannot tell them apart.
    expected = Graph().parse(data=text.replace("^^xsd:string", ""), format="turtle")
    assert set(ours) == set(expected)


SEOUL = URIRef("https://w3id.org/nss-kg/summit/2012-seoul")
WASHINGTON = URIRef("https://w3id.org/nss-kg/summit/2010-washington")
HAGUE = URIRef("https://w3id.org/nss-kg/summit/2014-the-hague")
XSD_NS = Namespace("http://www.w3.org/2001/XMLSchema#")


def _with(subject: URIRef, predicate: URIRef, value: Literal) -> Graph:
    """The packaged data with one value of ``subject`` replaced."""
    graph = rdf_files.to_rdflib(rdf_files.packaged(resources.data_files()))
    graph.set((subject, predicate, value))
    return graph


def _short(report: ValidationReport) -> list[tuple[str, str]]:
    return sorted(
        (str(r.focus_node).rsplit("/", 1)[1], str(r.source_shape).rsplit("#", 1)[1]) for r in report.results
    )


def _found(report: ValidationReport) -> list[tuple[str, str]]:
    """The results the change brought: those of the packaged data (none, when it conforms) left out."""
    before = _short(validate(data=rdf_files.read(resources.data_files())))
    found = _short(report)
    for item in before:
        if item in found:
            found.remove(item)
    return found


@pytest.mark.parametrize(
    ("subject", "value", "expected"),
    [
        # A string is no number: the edition's sh:datatype reports it; edition 3 has no edition 2 before it.
        (
            SEOUL,
            Literal("2"),
            [("2012-seoul", "Summit-edition"), ("2014-the-hague", "EditionConsecutiveShape")],
        ),
        # 0 is no xsd:positiveInteger (ill-typed): the same, not "Edition 0 has no edition before it".
        (
            WASHINGTON,
            Literal("0", datatype=XSD_NS.positiveInteger),
            [("2010-washington", "Summit-edition"), ("2012-seoul", "EditionConsecutiveShape")],
        ),
    ],
    ids=["string", "ill-typed"],
)
@pytest.mark.slow
def test_sparql_constraints_compare_only_numbers(
    subject: URIRef, value: Literal, expected: list[tuple[str, str]]
) -> None:
    """SPARQL makes "2" > 1 a type error, where rdflib evaluates it: the SPARQL constraints guard their
    comparisons' types, so pySHACL reports what Jena SHACL reports (we once gave 5 results to its 4 and 2)."""
    assert _found(validate(data=_with(subject, NSS.edition, value))) == expected


@pytest.mark.slow
def test_ill_typed_date_is_reported_as_shacl_does() -> None:
    """ "2010-13-45"^^xsd:date is no date: sh:datatype reports it, and sh:lessThanOrEquals, which cannot
    compare it with the end date, too (as Jena SHACL does); pySHACL used to raise a TypeError there."""
    bad = Literal("2010-13-45", datatype=XSD_NS.date)
    report = validate(data=_with(WASHINGTON, NSS.startDate, bad))
    assert _found(report) == [("2010-washington", "Event-startDate")] * 2
    assert {r.value for r in report.results} == {bad}
    assert {r.constraint_component.rsplit("#", 1)[1] for r in report.results} == {  # type: ignore[union-attr]
        "DatatypeConstraintComponent",
        "LessThanOrEqualsConstraintComponent",
    }
    # The report and the data graph hold the literal itself, not what validation put in its place.
    assert (WASHINGTON, NSS.startDate, bad) in report.data_graph
    assert set(report.report_graph.objects(None, SH.value)) == {bad}


def test_ill_typed_dates_on_both_sides_are_not_comparable(tmp_path: Path) -> None:
    """Two ill-typed dates compare with nothing, each other included."""
    path = _write(
        tmp_path, "bad.ttl", FIFTH.replace("2018-05-02", "2018-13-45").replace("2018-05-01", "2018-14-45")
    )
    report = validate([path], with_data=True)
    found = [
        (r.source_shape.rsplit("#", 1)[1], r.constraint_component.rsplit("#", 1)[1]) for r in report.results
    ]  # type: ignore[union-attr]
    assert ("Event-startDate", "LessThanOrEqualsConstraintComponent") in found
    assert found.count(("Event-startDate", "DatatypeConstraintComponent")) == 1
    assert found.count(("Event-endDate", "DatatypeConstraintComponent")) == 1


def test_cli_reports_an_ill_typed_literal_as_a_violation(tmp_path: Path) -> None:
    """Exit 1 with the violations, not exit 2 ("unusable input"): the file is valid RDF."""
    import subprocess
    import sys

    path = _write(tmp_path, "bad.ttl", FIFTH.replace("2018-05-02", "2018-13-45"))
    done = subprocess.run(
        [sys.executable, "-m", "nss_kg", "validate", str(path), "--with-data", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "[shape:Event-startDate]" in done.stdout
    assert '"2018-13-45"^^xsd:date' in done.stdout
    assert "Traceback" not in done.stderr


def test_pyshacl_looks_constraint_parameters_up_by_hash() -> None:
    """pyshacl_patches.hash_constraint_parameters hands pySHACL a frozenset where it caches a list: it must
    still be where pySHACL reads it, and hold the same members."""
    import pyshacl.shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    from nss_kg import pyshacl_patches

    # As pySHACL caches it when called directly before us in the same process: a list.
    pyshacl.shape.CONSTRAINT_PARAMS = (list(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)  # type: ignore[attr-defined]
    pyshacl_patches.hash_constraint_parameters.cache_clear()
    validate(data=Graph(), inference="rdfs")  # with inference, pySHACL validates (not the compiled shapes)
    parameters, _ = pyshacl.shape.CONSTRAINT_PARAMS  # type: ignore[attr-defined]
    assert isinstance(parameters, frozenset) and parameters == frozenset(ALL_CONSTRAINT_PARAMETERS)
    source = Path(pyshacl.shape.__file__).read_text(encoding="utf-8")
    assert "getattr(module, 'CONSTRAINT_PARAMS'" in source and "p in search_parameters" in source


def _unsupported_annotation() -> tuple[Graph, BNode]:
    """An owl:Axiom, a blank node as in our data, that annotates a fact the graph does not hold."""
    graph = Graph()
    axiom = BNode()
    for predicate, value in (
        (RDF.type, OWL.Axiom),
        (OWL.annotatedSource, SEOUL),
        (OWL.annotatedProperty, NSS.edition),
        (OWL.annotatedTarget, Literal(2)),
    ):
        graph.add((axiom, predicate, value))
    return graph, axiom


@pytest.mark.parametrize("pyoxigraph_copy", [True, False], ids=["pyoxigraph", "rdflib"])
def test_sparql_constraints_report_the_graphs_own_nodes(pyoxigraph_copy: bool) -> None:
    """pyoxigraph answers the SPARQL constraints on a copy of the graph; the results name the graph's own
    blank nodes. A graph pyoxigraph refuses (an IRI with a space) is queried by rdflib: the same result."""
    graph, axiom = _unsupported_annotation()
    if not pyoxigraph_copy:
        graph.add((URIRef("http://example.org/a b"), RDFS.label, Literal("x")))
    report = validate(data=graph)
    assert [r.focus_node for r in report.results if r.source_shape == SHAPE.AxiomFactShape] == [axiom]


def test_queried_graph_answers_each_query_form_on_its_current_triples() -> None:
    from nss_kg.pyshacl_patches import OxigraphQueriedGraph

    graph = OxigraphQueriedGraph()
    graph.validating = True
    node = BNode()
    graph.add((node, RDFS.label, Literal("x", lang="en")))
    assert graph.query("ASK { ?s ?p 'x'@en }").askAnswer is True
    constructed = graph.query("CONSTRUCT { ?s a ?p } WHERE { ?s ?p ?o }").graph
    assert constructed is not None and set(constructed) == {(node, RDF.type, RDFS.label)}
    rows = list(graph.query("SELECT $this ?o WHERE { $this ?p ?o }", initBindings={"this": node}))
    assert rows == [(node, Literal("x", lang="en"))]
    graph.add((node, RDFS.comment, Literal("y")))  # the copy follows the graph
    assert len(graph.query("SELECT * WHERE { ?s ?p ?o }")) == 2
    graph.remove((node, RDFS.comment, None))
    assert len(graph.query("SELECT * WHERE { ?s ?p ?o }")) == 1
    assert graph._copy is not None and not graph._refused
    # A term pyoxigraph refuses: rdflib answers, the same way.
    graph.add((URIRef("http://example.org/a b"), RDFS.label, Literal("x", lang="en")))
    assert len(graph.query("SELECT ?s WHERE { ?s ?p 'x'@en }")) == 2 and graph._refused


def test_report_data_graph_answers_as_an_rdflib_graph() -> None:
    """After validation the data graph is the user's: rdflib's bound prefixes, pre-binding of unprojected
    variables, no copy kept in memory."""
    graph, axiom = _unsupported_annotation()
    data_graph = validate(data=graph).data_graph
    found = data_graph.query("SELECT ?p WHERE { ?a owl:annotatedSource ?p }", initBindings={"a": axiom})
    assert [row[0] for row in found] == [SEOUL]  # type: ignore[index]
    assert data_graph._copy is None  # type: ignore[attr-defined]
