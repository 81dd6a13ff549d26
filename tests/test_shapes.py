"""The SHACL shapes: valid SHACL, standard features only, every class covered, every shape explained."""

from __future__ import annotations

import re
from importlib.resources import files

import pyshacl
import pytest
from rdflib import OWL, RDF, SH, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from nss_kg import resources
from nss_kg.namespaces import BASE_IRI, NAMESPACE
from nss_kg.validation import SHAPES_NAMESPACE, validate

NSS = Namespace(NAMESPACE)
SHAPE = Namespace(SHAPES_NAMESPACE)

# SHACL-SPARQL advanced features (SHACL-AF) and engine extensions the shapes must not use.
NON_CORE = {
    URIRef(str(SH) + name)
    for name in (
        "rule",
        "target",
        "SPARQLTarget",
        "SPARQLTargetType",
        "condition",
        "expression",
        "values",
        "js",
        "jsLibrary",
        "JSConstraint",
        "function",
        "TripleRule",
        "SPARQLRule",
    )
}
ALLOWED_NAMESPACES = (
    str(SH),
    str(RDF),
    "http://www.w3.org/2000/01/rdf-schema#",
    str(OWL),
    "http://www.w3.org/2001/XMLSchema#",
    NAMESPACE,
    SHAPES_NAMESPACE,
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "https://creativecommons.org/licenses/",  # the shapes graph's own licence
    BASE_IRI,
)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(data=resources.read_text(resources.shapes_file()), format="turtle")


def _asset(name: str) -> str:
    return files("pyshacl").joinpath("assets", name).read_text(encoding="utf-8")


def _shapes_in(graph: Graph) -> set[Node]:
    """Every shape: declared, referenced by sh:property/sh:node/sh:not/sh:qualifiedValueShape, or in sh:or."""
    found: set[Node] = set(graph.subjects(RDF.type, SH.NodeShape)) | set(
        graph.subjects(RDF.type, SH.PropertyShape)
    )
    for predicate in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
        found |= set(graph.objects(None, predicate))
    for members in graph.objects(None, SH["or"]):
        found |= set(graph.items(members))
    return found


@pytest.mark.slow
def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    # SHACL for SHACL, https://www.w3.org/ns/shacl-shacl (W3C SHACL Recommendation, appendix C), as pySHACL
    # ships it in pyshacl/assets/shacl-shacl.ttl.
    shacl_shacl = Graph().parse(data=_asset("shacl-shacl.ttl"), format="turtle")
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=shacl_shacl)
    assert conforms, text


def test_shapes_use_standard_shacl_only(shapes: Graph) -> None:
    terms = {t for triple in shapes for t in triple if isinstance(t, URIRef)}
    assert not terms & NON_CORE
    assert {t for t in terms if not str(t).startswith(ALLOWED_NAMESPACES)} == set()
    vocabulary = Graph().parse(data=_asset("shacl.ttl"), format="turtle")
    assert {t for t in terms if t.startswith(str(SH)) and (t, None, None) not in vocabulary} == set()


def test_every_class_has_a_node_shape(shapes: Graph) -> None:
    ontology = Graph().parse(data=resources.read_text(resources.ontology_files()[0]), format="turtle")
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(NAMESPACE)}
    # The article's 12, and the summit process: Delegation, OutcomeDocument, JointStatement, Claim,
    # NationalProgressReport and Participant (the states and organizations).
    assert len(classes) == 18
    targeted = set(shapes.objects(None, SH.targetClass))
    assert classes <= targeted
    for cls in classes:
        assert (SHAPE[f"{str(cls).split('#')[1]}Shape"], SH.targetClass, cls) in shapes


def test_every_shape_is_named_explained_and_graded(shapes: Graph) -> None:
    for shape in _shapes_in(shapes):
        assert str(shape).startswith(SHAPES_NAMESPACE), shape
        messages = {m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        assert "en" in messages and any(m and m.startswith("zh") for m in messages), shape
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape


def test_sparql_constraints_project_this(shapes: Graph) -> None:
    """Validation pre-binds $this by pyoxigraph's substitution (SEP-0007), which needs it projected."""
    selects = [str(text) for text in shapes.objects(None, SH.select)]
    assert len(selects) == 17
    assert [t for t in selects if not re.match(r"\s*SELECT\s+(?:DISTINCT\s+)?\$this\b", t)] == []


def test_severities_are_deliberate(shapes: Graph) -> None:
    # Missing nice-to-haves warn; a broken or missing fact is a violation.
    warnings = set(shapes.subjects(SH.severity, SH.Warning))
    assert SHAPE["label-zh-Hans"] in warnings and SHAPE["Summit-venue"] in warnings
    for shape in (
        "label-en",
        "label-zh-Hant",
        "Summit-source",
        "Commitment-source",
        "Event-startDate",
        "EditionUniqueShape",
        "HostCityInHostStateShape",
    ):
        assert (SHAPE[shape], SH.severity, SH.Violation) in shapes


def test_labels_require_en_and_zh_hant_once_each(shapes: Graph) -> None:
    assert (SHAPE["label-uniqueLang"], SH.uniqueLang, Literal(True)) in shapes
    for shape, language in (("label-en", "en"), ("label-zh-Hant", "zh-Hant")):
        qualified = shapes.value(SHAPE[shape], SH.qualifiedValueShape)
        assert [str(x) for x in shapes.items(shapes.value(qualified, SH.languageIn))] == [language]


def test_start_is_no_later_than_end(shapes: Graph) -> None:
    assert (SHAPE["Event-startDate"], SH.lessThanOrEquals, NSS.endDate) in shapes


def test_packaged_data_conforms() -> None:
    report = validate()
    assert report.conforms, [(str(r.focus_node), r.message()) for r in report.results]


def test_annotation_blank_nodes_are_validated_not_choked_on() -> None:
    report = validate()
    axioms = list(report.data_graph.subjects(RDF.type, OWL.Axiom))
    assert axioms
    assert report.conforms
