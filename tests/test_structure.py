"""Structural checks of the graph: typing, labels, declarations, OWL 2 DL consistency, parsers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

import nss_kg
from nss_kg import resources
from nss_kg.namespaces import BASE_IRI, NAMESPACE, ONTOLOGY_IRI

NSS = Namespace(NAMESPACE)
VANN = Namespace("http://purl.org/vocab/vann/")
VOID = Namespace("http://rdfs.org/ns/void#")
LANGUAGES = {"en", "zh-Hant", "zh-Hans"}
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
SLUG = re.compile(r"^https://w3id\.org/nss-kg/[a-z]+/[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def g() -> Graph:
    return nss_kg.graph()


def entities(g: Graph) -> set[URIRef]:
    """Every instance of an nss class, and the topic scheme."""
    found = {s for s, c in g.subject_objects(RDF.type) if str(c).startswith(NAMESPACE)}
    found |= set(g.subjects(RDF.type, SKOS.ConceptScheme))
    return found  # type: ignore[return-value]


def terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(NAMESPACE)}


def test_there_are_entities_of_every_class(g: Graph) -> None:
    classes = set(g.subjects(RDF.type, OWL.Class)) & terms(g)
    used = {c for c in g.objects(None, RDF.type) if c in classes}
    # Abstract: every event is a Summit or a Speech, every participant a state or an organization.
    assert classes - used == {NSS.Event, NSS.Participant}


def test_every_entity_is_an_iri_with_a_readable_slug(g: Graph) -> None:
    for entity in entities(g):
        assert isinstance(entity, URIRef)
        assert SLUG.match(str(entity)), entity


def test_no_blank_node_entities(g: Graph) -> None:
    for subject, kind in g.subject_objects(RDF.type):
        if isinstance(subject, BNode):
            assert kind in (OWL.Axiom, OWL.AllDisjointClasses, OWL.Class), (subject, kind)


# Classes whose instances carry Chinese labels only where a source gives the Chinese name: people, offices
# and sources from outside the article have an English label; no transliteration is invented (README).
ENGLISH_ONLY_ALLOWED = {
    NSS.Claim, NSS.Commitment, NSS.JointStatement, NSS.NationalProgressReport, NSS.Office,
    NSS.OutcomeDocument, NSS.Person, NSS.SourceDocument,
}  # fmt: skip
ARTICLE = URIRef(BASE_IRI + "source/zhwiki-nuclear-security-summit")


# The article's sources (the article, the references it cites, the summit pages of the first release): they
# have labels in all three languages, like every entity of the article.
_ARTICLE_SOURCES = {
    URIRef(BASE_IRI + "source/" + slug)
    for slug in (
        "mofa-kr-2012", "nss2014", "state-gov-2010", "whitehouse-prague-2009",
        "zhwiki-nuclear-security-summit", "nss2014-summit", "nss2016-faq", "nss2016-past-summits-2014",
        "state-gov-2010-archive", "state-gov-2012-archive",
    )
}  # fmt: skip


def test_every_entity_has_exactly_one_english_label(g: Graph) -> None:
    for entity in entities(g):
        found = [label for label in g.objects(entity, RDFS.label) if label.language == "en"]  # type: ignore[attr-defined]
        assert len(found) == 1, (entity, found)


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_chinese_labels_one_per_language_where_required(g: Graph, language: str) -> None:
    for entity in entities(g):
        found = [label for label in g.objects(entity, RDFS.label) if label.language == language]  # type: ignore[attr-defined]
        assert len(found) <= 1, (entity, language, found)
        from_article = entity in _ARTICLE_SOURCES or (entity, NSS.source, ARTICLE) in g
        if from_article or not set(g.objects(entity, RDF.type)) & ENGLISH_ONLY_ALLOWED:
            assert len(found) == 1, (entity, language, found)


def test_the_article_entities_keep_all_three_languages(g: Graph) -> None:
    # The article's people and offices by name: no relaxation above may let one lose a Chinese label.
    names = {
        "person/barack-obama", "person/lee-myung-bak", "person/mark-rutte",
        "office/president-of-the-united-states", "office/president-of-the-republic-of-korea",
        "office/prime-minister-of-the-netherlands",
    }  # fmt: skip
    for entity in {URIRef(BASE_IRI + n) for n in names} | _ARTICLE_SOURCES:
        assert {label.language for label in g.objects(entity, RDFS.label)} == LANGUAGES, entity  # type: ignore[attr-defined]


def test_zh_hans_labels_are_not_traditional(g: Graph) -> None:
    # Characters that differ between the scripts and occur in our labels: none may appear in zh-Hans.
    traditional = set("會國頓區爾蘭歐馬呂總統聯織際組檢視項進務館網頁條韓來檔講處劃")
    for entity in entities(g) | terms(g):
        for label in g.objects(entity, RDFS.label):
            if label.language == "zh-Hans":  # type: ignore[attr-defined]
                assert not traditional & set(str(label)), (entity, str(label))


def test_every_term_is_labelled_and_defined(g: Graph) -> None:
    for term in terms(g):
        label_languages = {label.language for label in g.objects(term, RDFS.label)}  # type: ignore[attr-defined]
        definition_languages = {d.language for d in g.objects(term, SKOS.definition)}  # type: ignore[attr-defined]
        assert label_languages == LANGUAGES, term
        assert definition_languages == LANGUAGES, term


def test_every_property_has_domain_and_range(g: Graph) -> None:
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in set(g.subjects(RDF.type, kind)) & terms(g):
            assert list(g.objects(term, RDFS.domain)), term
            assert list(g.objects(term, RDFS.range)), term


def test_follows_and_followed_by_are_inverses(g: Graph) -> None:
    assert (NSS.followedBy, OWL.inverseOf, NSS.follows) in g


def test_no_undeclared_terms_in_use(g: Graph) -> None:
    declared = {s for s, kind in g.subject_objects(RDF.type) if kind in DECLARATIONS}
    used = set(g.predicates()) | set(g.objects(None, RDF.type))
    builtin = (str(RDF), str(RDFS), str(OWL))
    undeclared = {t for t in used if t not in declared and not str(t).startswith(builtin)}
    assert undeclared == set()


def test_each_term_is_declared_once(g: Graph) -> None:
    for term in terms(g):
        kinds = set(g.objects(term, RDF.type)) & DECLARATIONS
        assert len(kinds) == 1, (term, kinds)


def test_ontology_metadata_for_foops(g: Graph) -> None:
    ontology = URIRef(ONTOLOGY_IRI)
    assert (ontology, RDF.type, OWL.Ontology) in g
    version_iri = g.value(ontology, OWL.versionIRI)
    assert version_iri is not None and version_iri != ontology
    assert str(g.value(ontology, OWL.versionInfo)) == nss_kg.__version__
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator, DCTERMS.created,
                 DCTERMS.modified, DCTERMS.bibliographicCitation):  # fmt: skip
        assert g.value(ontology, prop) is not None, prop
    assert g.value(ontology, DCTERMS.created).datatype == XSD.date  # type: ignore[union-attr]
    assert str(g.value(ontology, VANN.preferredNamespacePrefix)) == "nss"
    assert str(g.value(ontology, VANN.preferredNamespaceUri)) == NAMESPACE


def test_every_term_says_where_it_is_defined(g: Graph) -> None:
    for term in terms(g):
        assert list(g.objects(term, RDFS.isDefinedBy)) == [URIRef(ONTOLOGY_IRI)], term


def test_creators_are_described_agents(g: Graph) -> None:
    from nss_kg import resources

    shapes = Graph().parse(data=resources.read_text(resources.shapes_file()), format="turtle")
    creators = {*g.objects(None, DCTERMS.creator), *shapes.objects(None, DCTERMS.creator)}
    assert creators == {URIRef(BASE_IRI + "contributors")}
    assert g.value(URIRef(BASE_IRI + "contributors"), RDFS.label) is not None


def test_shapes_graph_has_a_version_and_a_licence() -> None:
    from nss_kg import resources

    shapes = Graph().parse(data=resources.read_text(resources.shapes_file()), format="turtle")
    header = URIRef(BASE_IRI + "shapes")
    assert str(shapes.value(header, OWL.versionIRI)) == f"{BASE_IRI}shapes/{nss_kg.__version__}"
    assert str(shapes.value(header, OWL.versionInfo)) == nss_kg.__version__
    assert shapes.value(header, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by-sa/4.0/")


def test_no_external_equivalent_classes(g: Graph) -> None:
    # Alignments to other vocabularies are rdfs:subClassOf, never equivalence; the one equivalence, of
    # nss:Participant, is to the union of two of our own classes.
    equivalences = list(g.subject_objects(OWL.equivalentClass))
    assert equivalences and all(isinstance(other, BNode) for _, other in equivalences)
    for _, union in equivalences:
        members = list(Collection(g, g.value(union, OWL.unionOf)))  # type: ignore[arg-type]
        assert members and all(str(member).startswith(NAMESPACE) for member in members)


def test_void_triple_count_is_the_real_count(g: Graph) -> None:
    stated = g.value(URIRef(BASE_IRI + "dataset"), VOID.triples)
    assert isinstance(stated, Literal)
    assert int(stated) == len(g)


def test_void_statistics_count_the_graph(g: Graph) -> None:
    """What docs/build.py wrote, counted again here by SPARQL: one class partition per class in use with its
    entities (instances with an IRI in the URI space) and all its instances, one property partition per
    property with its triples, and the whole's entities and subjects."""
    dataset = URIRef(BASE_IRI + "dataset")

    def number(node: object, predicate: URIRef) -> int:
        return int(g.value(node, predicate))  # type: ignore[arg-type]

    stated_classes = {
        g.value(part, VOID["class"]): (number(part, VOID.entities), number(part, VOID.distinctSubjects))
        for part in g.objects(dataset, VOID.classPartition)
    }
    stated_properties = {
        g.value(part, VOID.property): number(part, VOID.triples)
        for part in g.objects(dataset, VOID.propertyPartition)
    }
    ours = f'isIRI(?s) && STRSTARTS(STR(?s), "{BASE_IRI}")'
    classes = f"""SELECT ?c (SUM(IF({ours}, 1, 0)) AS ?entities) (COUNT(*) AS ?all)
                  WHERE {{ SELECT DISTINCT ?s ?c WHERE {{ ?s a ?c }} }} GROUP BY ?c"""
    properties = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
    whole = f"""SELECT (COUNT(DISTINCT ?s) AS ?all) (SUM(IF({ours}, 1, 0)) AS ?entities)
                WHERE {{ SELECT DISTINCT ?s WHERE {{ ?s ?p ?o }} }}"""
    counted = {row[0]: (int(row[1]), int(row[2])) for row in g.query(classes)}  # type: ignore[index]
    assert stated_classes == counted
    assert stated_properties == {row[0]: int(row[1]) for row in g.query(properties)}  # type: ignore[index]
    (subjects, entities), *_ = g.query(whole)  # type: ignore[misc]
    assert number(dataset, VOID.distinctSubjects) == int(subjects)
    assert number(dataset, VOID.entities) == int(entities)
    assert number(dataset, VOID.classes) == len(stated_classes)
    assert number(dataset, VOID.properties) == len(stated_properties)
    assert stated_classes[URIRef(NSS + "Summit")] == (4, 4)  # the article's four summits


def canonical(ntriples: bytes) -> set[str]:
    """The triples under W3C RDF Dataset Canonicalization (RDFC-1.0), as N-Triples lines."""
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES))
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad.triple) for quad in dataset}


def test_turtle_parses_the_same_with_rdflib_and_pyoxigraph() -> None:
    for path in map(Path, resources.graph_files()):
        data = path.read_bytes()
        with_rdflib = Graph().parse(data=data, format="turtle", publicID=BASE_IRI)
        with_oxigraph = pyoxigraph.serialize(
            pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE, base_iri=BASE_IRI),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
        )
        from_rdflib = canonical(with_rdflib.serialize(format="nt", encoding="utf-8"))
        assert len(from_rdflib) == len(with_rdflib), path.name
        assert from_rdflib == canonical(with_oxigraph or b""), path.name


def test_files_share_one_prefix_convention() -> None:
    declared: dict[str, str] = {}
    for path in map(Path, resources.graph_files()):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), f"{path.name} has no comment header"
        for prefix, iri in re.findall(r"^@prefix\s+(\S*):\s+<([^>]*)>", text, re.M):
            assert declared.setdefault(prefix, iri) == iri, (path.name, prefix)


def hermit(graph: Graph, tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """HermiT, as owlready2 ships it, checking the graph's consistency."""
    import owlready2

    jar_folder = Path(owlready2.__file__).parent / "hermit"
    ontology_file = tmp_path / "nss-kg.owl"
    graph.serialize(ontology_file, format="xml")
    classpath = f"{jar_folder}:{jar_folder / 'HermiT.jar'}"
    command = ["java", "-cp", classpath, "org.semanticweb.HermiT.cli.CommandLine", "-c", *options]
    return subprocess.run([*command, ontology_file.as_uri()], capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_ontology_is_owl2_dl_and_consistent_under_hermit(tmp_path: Path) -> None:
    # No options: HermiT rejects any datatype outside the OWL 2 datatype map, so this also checks that.
    result = hermit(nss_kg.ontology(), tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "owl:Nothing" not in result.stdout.replace("owl:Nothing ==", "")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_ontology_with_data_is_consistent_under_hermit(tmp_path: Path) -> None:
    # The data's xsd:date, xsd:gYear and xsd:gYearMonth literals are outside the OWL 2 datatype map: HermiT
    # treats them as opaque, and checks everything else (classes, disjointness, domains, ranges, inverses).
    result = hermit(nss_kg.graph(), tmp_path, "--ignoreUnsupportedDatatypes")
    assert result.returncode == 0, result.stderr[-2000:]


#: OWLAPI's OWL 2 DL profile checker (the OWLAPI inside owlready2's HermiT.jar): prints each violation.
OWL2_DL_PROFILE = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class Profile {
    public static void main(String[] args) throws Exception {
        OWLOntology ontology = OWLManager.createOWLOntologyManager()
            .loadOntologyFromOntologyDocument(new File(args[0]));
        for (OWLProfileViolation violation : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
            System.out.println(violation.toString().replace('\\n', ' '));
        }
    }
}
"""


def owl2_dl_violations(graph: Graph, tmp_path: Path) -> list[str]:
    """The OWL 2 DL profile violations OWLAPI finds in ``graph`` (undeclared terms, reserved IRIs …)."""
    import owlready2

    jar_folder = Path(owlready2.__file__).parent / "hermit"
    source, ontology_file = tmp_path / "Profile.java", tmp_path / "nss-kg.owl"
    source.write_text(OWL2_DL_PROFILE, encoding="utf-8")
    graph.serialize(ontology_file, format="xml")
    classpath = f"{jar_folder}:{jar_folder / 'HermiT.jar'}"
    command = ["java", "-cp", classpath, str(source), str(ontology_file)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="OWLAPI needs Java")
@pytest.mark.parametrize("part", ["ontology", "graph"])
def test_ontology_and_data_are_in_the_owl2_dl_profile(tmp_path: Path, part: str) -> None:
    assert owl2_dl_violations(getattr(nss_kg, part)(), tmp_path) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="OWLAPI needs Java")
def test_the_profile_check_finds_undeclared_terms_and_reserved_iris(tmp_path: Path) -> None:
    broken = nss_kg.graph()
    vocabulary = URIRef("http://rdfs.org/ns/void#vocabulary")
    broken.remove((vocabulary, RDF.type, OWL.AnnotationProperty))
    broken.add((vocabulary, RDF.type, OWL.ObjectProperty))  # its values are owl:, rdfs: … namespace IRIs
    broken.add(
        (URIRef(BASE_IRI + "summit/2010-washington"), RDF.type, URIRef("https://schema.org/Undeclared"))
    )
    found = "\n".join(owl2_dl_violations(broken, tmp_path))
    assert "Use of undeclared class: <https://schema.org/Undeclared>" in found
    assert "Use of reserved vocabulary for individual IRI" in found


@pytest.mark.slow
def test_hermit_finds_an_inconsistency_when_there_is_one(tmp_path: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("HermiT needs Java")
    broken = nss_kg.graph()
    # A summit that is also a person breaks the disjointness axioms.
    broken.add((URIRef(BASE_IRI + "summit/2010-washington"), RDF.type, NSS.Person))
    result = hermit(broken, tmp_path, "--ignoreUnsupportedDatatypes")
    assert result.returncode != 0 or "inconsistent" in (result.stdout + result.stderr).lower()
