"""Mutation tests: break the valid packaged data in systematic ways; each mutant must be reported by the
shape meant for it (its sh:sourceShape). The run prints "mutation score: caught/total" in pytest's summary
(tests/conftest.py).

Mutants are generated from the data and from the shapes graph itself (every required property of every
class, every datatype), plus the cross-resource rules the SPARQL constraints check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import pytest
from rdflib import OWL, RDF, RDFS, SH, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from nss_kg import rdf_files, resources
from nss_kg.namespaces import BASE_IRI, NAMESPACE
from nss_kg.validation import SHAPES_NAMESPACE, Engine, validate

pytestmark = pytest.mark.slow  # validates some 200 mutants of the graph

NSS = Namespace(NAMESPACE)
SHAPE = Namespace(SHAPES_NAMESPACE)
DCTERMS = Namespace("http://purl.org/dc/terms/")
WD = "http://www.wikidata.org/entity/"
DBR = "http://dbpedia.org/resource/"


DATA = rdf_files.to_rdflib(rdf_files.packaged(resources.data_files()))
SHAPES = rdf_files.to_rdflib(rdf_files.packaged([resources.shapes_file()]))
ONTOLOGY = rdf_files.to_rdflib(rdf_files.packaged(resources.ontology_files()))


@dataclass(frozen=True)
class Mutant:
    name: str
    expected_shape: URIRef
    mutate: Callable[[Graph], None]


def _instances(cls: Node) -> list[Node]:
    """Instances of ``cls`` or of its subclasses in the packaged data, sorted for stable test ids."""
    classes = set(ONTOLOGY.transitive_subjects(RDFS.subClassOf, cls))  # type: ignore[arg-type]
    return sorted({s for c in classes for s in DATA.subjects(RDF.type, c)}, key=_stable)


def _stable(node: Node) -> str:
    """A name for ``node`` that is the same in every process: an axiom's blank node by what it annotates."""
    if isinstance(node, BNode):
        annotated = (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)
        return "axiom " + " ".join(str(DATA.value(node, p)) for p in annotated)  # type: ignore[arg-type]
    return str(node)


def _short(node: Node) -> str:
    if isinstance(node, BNode):
        source, prop = (DATA.value(node, p) for p in (OWL.annotatedSource, OWL.annotatedProperty))  # type: ignore[arg-type]
        return f"the axiom on {_short(source)} {_short(prop)}"  # type: ignore[arg-type]
    return str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _property_shapes() -> Iterator[tuple[Node, Node, Node]]:
    """(class, property shape, path) for every property shape reached from a class's node shape."""
    for node_shape, cls in SHAPES.subject_objects(SH.targetClass):
        for shape in SHAPES.objects(node_shape, SH.property):
            yield cls, shape, SHAPES.value(shape, SH.path)  # type: ignore[misc]


def _qualified_language(shape: Node) -> str | None:
    qualified = SHAPES.value(shape, SH.qualifiedValueShape)  # type: ignore[arg-type]
    languages = SHAPES.value(qualified, SH.languageIn) if qualified is not None else None
    return str(SHAPES.value(languages, RDF.first)) if languages is not None else None  # type: ignore[arg-type]


def _removing(triples: list[tuple[Node, Node, Node]]) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        for triple in triples:
            graph.remove(triple)  # type: ignore[arg-type]

    return mutate


def _replacing(old: tuple[Node, Node, Node], new: tuple[Node, Node, Node]) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.remove(old)  # type: ignore[arg-type]
        graph.add(new)  # type: ignore[arg-type]

    return mutate


def _adding(*triples: tuple[Node, Node, Node]) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        for triple in triples:
            graph.add(triple)  # type: ignore[arg-type]

    return mutate


def _focus_nodes(cls: Node) -> list[Node]:
    # Every summit (where most rules live), and the first instance of each other class: a test run must stay
    # well under a minute, and the instances of a class share their shapes.
    nodes = _instances(cls)
    return nodes if cls == NSS.Summit else nodes[:1]


def deletions() -> Iterator[Mutant]:
    """Delete each required triple in turn (sh:minCount, sh:qualifiedMinCount for a label language)."""
    for cls, shape, path in _property_shapes():
        language = _qualified_language(shape)
        required = SHAPES.value(shape, SH.minCount) is not None or (
            SHAPES.value(shape, SH.qualifiedMinCount) is not None
        )  # type: ignore[arg-type]
        if not required:
            continue
        for focus in _focus_nodes(cls):
            triples = [
                (focus, path, o)
                for o in DATA.objects(focus, path)  # type: ignore[arg-type]
                if language is None
                or (isinstance(o, Literal) and (o.language or "").lower() == language.lower())
            ]
            if triples:
                tag = f"@{language}" if language else ""
                yield Mutant(f"delete {_short(path)}{tag} of {_short(focus)}", shape, _removing(triples))


def datatype_changes() -> Iterator[Mutant]:
    """Give each typed value another datatype (a plain string, or a date for a string)."""
    for cls, shape, path in _property_shapes():
        datatype = SHAPES.value(shape, SH.datatype)  # type: ignore[arg-type]
        if datatype is None:
            continue
        for focus in _focus_nodes(cls):
            value = DATA.value(focus, path)  # type: ignore[arg-type]
            if value is None:
                continue
            wrong = (
                Literal("2010-04-12", datatype=XSD.date) if datatype == XSD.string else Literal(str(value))
            )
            yield Mutant(
                f"retype {_short(path)} of {_short(focus)}",
                shape,
                _replacing((focus, path, value), (focus, path, wrong)),
            )


def extra_values() -> Iterator[Mutant]:
    """Give a second value, taken from another instance, to each property allowed once (sh:maxCount 1)."""
    for cls, shape, path in _property_shapes():
        if SHAPES.value(shape, SH.maxCount) != Literal(1):  # type: ignore[arg-type]
            continue
        values = [(focus, DATA.value(focus, path)) for focus in _instances(cls)]  # type: ignore[arg-type]
        values = [(focus, value) for focus, value in values if value is not None]
        for (focus, value), (_, other) in pairwise(values):
            if other != value:
                yield Mutant(
                    f"second {_short(path)} of {_short(focus)}", shape, _adding((focus, path, other))
                )
                break


def label_duplicates() -> Iterator[Mutant]:
    """A second label in a language it has, for the first instance of each class (en, zh-Hant in turn; en
    where the instance has an English label only, as people and sources from outside the article do)."""
    classes = sorted(set(SHAPES.objects(SHAPE.ResourceShape, SH.targetClass)), key=str)
    for i, cls in enumerate(classes):
        focus, language = _instances(cls)[0], ("en", "zh-Hant")[i % 2]
        if not [label for label in DATA.objects(focus, RDFS.label) if label.language == language]:  # type: ignore[attr-defined]
            language = "en"
        yield Mutant(
            f"second @{language} label of {_short(focus)}",
            SHAPE["label-uniqueLang"],
            _adding((focus, RDFS.label, Literal("duplicate", lang=language))),
        )


def date_swaps() -> Iterator[Mutant]:
    for event in _instances(NSS.Event):
        start, end = DATA.value(event, NSS.startDate), DATA.value(event, NSS.endDate)  # type: ignore[arg-type]
        if start != end:

            def swap(graph: Graph, event: Node = event, start: Node = start, end: Node = end) -> None:
                graph.set((event, NSS.startDate, end))  # type: ignore[arg-type]
                graph.set((event, NSS.endDate, start))  # type: ignore[arg-type]

            yield Mutant(f"swap dates of {_short(event)}", SHAPE["Event-startDate"], swap)


def _summits() -> list[Node]:
    return sorted(_instances(NSS.Summit), key=lambda s: int(DATA.value(s, NSS.edition)))  # type: ignore[arg-type]


def edition_mutants() -> Iterator[Mutant]:
    summits = _summits()
    for previous, summit in pairwise(summits):
        edition = DATA.value(summit, NSS.edition)  # type: ignore[arg-type]
        yield Mutant(
            f"duplicate edition of {_short(previous)} in {_short(summit)}",
            SHAPE.EditionUniqueShape,
            _replacing(
                (summit, NSS.edition, edition), (summit, NSS.edition, DATA.value(previous, NSS.edition))
            ),
        )  # type: ignore[arg-type]
    last = summits[-1]
    edition = DATA.value(last, NSS.edition)  # type: ignore[arg-type]
    gap = Literal(int(edition) + 1, datatype=XSD.positiveInteger)  # type: ignore[arg-type]
    yield Mutant(
        f"edition gap before {_short(last)}",
        SHAPE.EditionConsecutiveShape,
        _replacing((last, NSS.edition, edition), (last, NSS.edition, gap)),
    )


def succession_mutants() -> Iterator[Mutant]:
    """follows / followedBy pointing at a summit other than the previous / next edition."""
    summits = _summits()
    for summit in summits:
        for link, shape in ((NSS.follows, SHAPE.FollowsShape), (NSS.followedBy, SHAPE.FollowedByShape)):
            target = DATA.value(summit, link)  # type: ignore[arg-type]
            if target is None:
                continue
            wrong = next(s for s in summits if s not in (summit, target))
            yield Mutant(
                f"{_short(link)} of {_short(summit)} to {_short(wrong)}",
                shape,
                _replacing((summit, link, target), (summit, link, wrong)),
            )


def host_mutants() -> Iterator[Mutant]:
    """Host city in another state than the host state; host leader's office of another state."""
    for summit in _summits():
        state = DATA.value(summit, NSS.hostState)  # type: ignore[arg-type]
        city = DATA.value(summit, NSS.hostCity)  # type: ignore[arg-type]
        other_city = next(c for c in _instances(NSS.City) if DATA.value(c, NSS.locatedIn) != state)
        yield Mutant(
            f"host city of {_short(summit)} to {_short(other_city)}",
            SHAPE.HostCityInHostStateShape,
            _replacing((summit, NSS.hostCity, city), (summit, NSS.hostCity, other_city)),
        )
        office = DATA.value(summit, NSS.hostLeaderOffice)  # type: ignore[arg-type]
        other_office = next(o for o in _instances(NSS.Office) if DATA.value(o, NSS.officeOf) != state)
        yield Mutant(
            f"host leader's office of {_short(summit)} to {_short(other_office)}",
            SHAPE.HostLeaderOfficeShape,
            _replacing((summit, NSS.hostLeaderOffice, office), (summit, NSS.hostLeaderOffice, other_office)),
        )


def link_mutants() -> Iterator[Mutant]:
    """Mangle each Wikidata and DBpedia link; give a resource two Wikidata entities."""
    manglings = (
        lambda q: f"https://www.wikidata.org/wiki/{q}",
        lambda q: f"http://www.wikidata.org/entity/{q[1:]}",
        lambda q: f"https://www.wikidata.org/entity/{q}",
        lambda q: f"http://wikidata.org/entity/{q}",
    )
    links = sorted(DATA.subject_objects(OWL.sameAs), key=str)
    wikidata = [(s, o) for s, o in links if str(o).startswith(WD)]
    for i, (resource, link) in enumerate(wikidata[: len(manglings)]):
        mangled = URIRef(manglings[i % len(manglings)](str(link)[len(WD) :]))
        yield Mutant(
            f"mangle Wikidata link of {_short(resource)} to {mangled}",
            SHAPE["sameAs-wikidata"],
            _replacing((resource, OWL.sameAs, link), (resource, OWL.sameAs, mangled)),
        )
    for resource, link in [(s, o) for s, o in links if str(o).startswith(DBR)][:4]:
        mangled = URIRef("http://dbpedia.org/page/" + str(link)[len(DBR) :])
        yield Mutant(
            f"mangle DBpedia link of {_short(resource)}",
            SHAPE["sameAs-dbpedia"],
            _replacing((resource, OWL.sameAs, link), (resource, OWL.sameAs, mangled)),
        )
    resource, link = wikidata[0]
    yield Mutant(
        f"second Wikidata entity for {_short(resource)}",
        SHAPE["sameAs-one-wikidata"],
        _adding((resource, OWL.sameAs, URIRef(str(link) + "0"))),
    )


def participant_mutants() -> Iterator[Mutant]:
    """List one participant more than a summit's stated count, of each kind."""
    organization = URIRef(BASE_IRI + "organization/mutant")
    new_organization = [
        (organization, RDF.type, NSS.InternationalOrganization),
        (organization, RDFS.label, Literal("Mutant Organization", lang="en")),
        (organization, RDFS.label, Literal("突變組織", lang="zh-Hant")),
        (organization, RDFS.label, Literal("突变组织", lang="zh-Hans")),
        (organization, NSS.source, DATA.value(None, RDF.type, NSS.SourceDocument)),
    ]
    state = _instances(NSS.SovereignState)[0]
    for summit in _summits():
        stated = DATA.value(summit, NSS.participatingOrganizationCount)  # type: ignore[arg-type]
        listed = [
            p for p in DATA.objects(summit, NSS.participant) if p in _instances(NSS.InternationalOrganization)
        ]
        if stated is not None and len(listed) == int(stated):  # type: ignore[arg-type]
            yield Mutant(
                f"organization beyond the count at {_short(summit)}",
                SHAPE.OrganizationParticipantCountShape,
                _adding(*new_organization, (summit, NSS.participant, organization)),
            )  # type: ignore[arg-type]
        count = DATA.value(summit, NSS.participatingStateCount)  # type: ignore[arg-type]
        zero = Literal(0, datatype=XSD.nonNegativeInteger)

        def state_beyond(graph: Graph, summit: Node = summit, count: Node = count, zero: Node = zero) -> None:
            graph.set((summit, NSS.participatingStateCount, zero))  # type: ignore[arg-type]
            graph.add((summit, NSS.participant, state))  # type: ignore[arg-type]

        yield Mutant(
            f"state beyond the count at {_short(summit)}", SHAPE.StateParticipantCountShape, state_beyond
        )


def fulfilment_mutants() -> Iterator[Mutant]:
    """A commitment fulfilled by an event not after the one it was made at."""
    for commitment in _instances(NSS.Commitment)[:: len(_instances(NSS.Commitment)) - 1]:
        made_at = DATA.value(commitment, NSS.madeAt)  # type: ignore[arg-type]
        earlier = next(
            e
            for e in _instances(NSS.Event)
            if DATA.value(e, NSS.startDate) <= DATA.value(made_at, NSS.endDate)
        )  # type: ignore[operator,arg-type]
        yield Mutant(
            f"{_short(commitment)} fulfilled by {_short(earlier)}",
            SHAPE.FulfilmentAfterCommitmentShape,
            _adding((commitment, NSS.fulfilledBy, earlier)),
        )


def provenance_mutants() -> Iterator[Mutant]:
    """Remove the provenance of each summit, commitment and annotated fact; cite a non-document."""
    for cls, shape in ((NSS.Summit, SHAPE["Summit-source"]), (NSS.Commitment, SHAPE["Commitment-source"])):
        for focus in _focus_nodes(cls):
            sources = [(focus, NSS.source, o) for o in DATA.objects(focus, NSS.source)]
            yield Mutant(f"remove sources of {_short(focus)}", shape, _removing(sources))
        focus = _instances(cls)[0]
        yield Mutant(
            f"cite a city as source of {_short(focus)}",
            shape,
            _adding((focus, NSS.source, _instances(NSS.City)[0])),
        )
    # One annotation per annotated property (venue, participant, the counts).
    axioms = {DATA.value(a, OWL.annotatedProperty): a for a in DATA.subjects(RDF.type, OWL.Axiom)}
    for prop, axiom in sorted(axioms.items(), key=lambda item: str(item[0])):
        fact = tuple(
            DATA.value(axiom, p) for p in (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)
        )
        sources = [(axiom, DCTERMS.source, o) for o in DATA.objects(axiom, DCTERMS.source)]
        yield Mutant(
            f"remove source of the annotation of {_short(prop)}", SHAPE["Axiom-source"], _removing(sources)
        )
        yield Mutant(f"remove the annotated {_short(prop)} fact", SHAPE.AxiomFactShape, _removing([fact]))


def class_mutants() -> Iterator[Mutant]:
    """Objects of the wrong class."""
    summit, city, state = _summits()[0], _instances(NSS.City)[0], _instances(NSS.SovereignState)[0]
    person, topic = _instances(NSS.Person)[0], _instances(NSS.Topic)[0]
    commitment = _instances(NSS.Commitment)[0]
    yield Mutant(
        "host city is a state",
        SHAPE["Summit-hostCity"],
        _replacing((summit, NSS.hostCity, DATA.value(summit, NSS.hostCity)), (summit, NSS.hostCity, state)),
    )  # type: ignore[arg-type]
    yield Mutant(
        "participant is a person", SHAPE["Summit-participant"], _adding((summit, NSS.participant, person))
    )
    yield Mutant(
        "commitment made by a topic", SHAPE["Commitment-madeBy"], _adding((commitment, NSS.madeBy, topic))
    )
    yield Mutant(
        "city located in a city",
        SHAPE["City-locatedIn"],
        _adding((city, NSS.locatedIn, _instances(NSS.City)[1])),
    )
    yield Mutant(
        "label without a language", SHAPE["label-datatype"], _adding((city, RDFS.label, Literal("x")))
    )
    yield Mutant(
        "sameAs to a literal", SHAPE["sameAs-nodeKind"], _adding((city, OWL.sameAs, Literal(WD + "Q1")))
    )
    yield Mutant(
        "annotation without a target", SHAPE["Axiom-annotatedTarget"], _adding((BNode(), RDF.type, OWL.Axiom))
    )


def process_mutants() -> Iterator[Mutant]:
    """The summit-process rules: unique ISO codes, delegations matching participation, optional links."""
    first, second = _instances(NSS.SovereignState)[:2]
    for code in (NSS.isoAlpha2, NSS.isoAlpha3):
        yield Mutant(
            f"{_short(second)} takes {_short(first)}'s {_short(code)}",
            SHAPE.IsoCodeUniqueShape,
            _replacing((second, code, DATA.value(second, code)), (second, code, DATA.value(first, code))),
        )  # type: ignore[arg-type]
    # A participant that missed a summit (Russia in 2016, the 2012 newcomers in 2010).
    delegation = next(
        d
        for d in _instances(NSS.Delegation)
        if any((s, NSS.participant, DATA.value(d, NSS.ofParticipant)) not in DATA for s in _summits())
    )
    summit = DATA.value(delegation, NSS.atSummit)
    participant = DATA.value(delegation, NSS.ofParticipant)
    yield Mutant(
        "a participant without its delegation",
        SHAPE.ParticipantDelegationShape,
        _removing(list(DATA.triples((delegation, None, None)))),  # type: ignore[arg-type]
    )
    absent = next(s for s in _summits() if (s, NSS.participant, participant) not in DATA)
    yield Mutant(
        "a delegation at a summit its participant did not attend",
        SHAPE.DelegationInSummitShape,
        _replacing((delegation, NSS.atSummit, summit), (delegation, NSS.atSummit, absent)),  # type: ignore[arg-type]
    )
    # A report for a summit its author missed (the 2012 newcomers missed 2010).
    report, missed = next(
        (r, s)
        for r in _instances(NSS.NationalProgressReport)
        for s in _summits()
        if (s, NSS.participant, DATA.value(r, NSS.reportedBy)) not in DATA
    )
    author, summit_reported = DATA.value(report, NSS.reportedBy), DATA.value(report, NSS.reportFor)
    anyone = _instances(NSS.Person)[0]
    yield Mutant(
        "a report for a summit its author did not attend",
        SHAPE.ProgressReportParticipantShape,
        _replacing((report, NSS.reportFor, summit_reported), (report, NSS.reportFor, missed)),  # type: ignore[arg-type]
    )
    yield Mutant(
        "a person declared a participant",
        SHAPE.ParticipantShape,
        _adding((anyone, RDF.type, NSS.Participant)),
    )
    yield Mutant(
        "a report by a person",
        SHAPE["NationalProgressReport-reportedBy"],
        _replacing((report, NSS.reportedBy, author), (report, NSS.reportedBy, anyone)),  # type: ignore[arg-type]
    )
    city = _instances(NSS.City)[0]
    yield Mutant(
        "a report for a city",
        SHAPE["NationalProgressReport-reportFor"],
        _replacing((report, NSS.reportFor, summit_reported), (report, NSS.reportFor, city)),  # type: ignore[arg-type]
    )
    person = next(p for p in _instances(NSS.Person) if DATA.value(p, NSS.holdsOffice) is not None)
    yield Mutant(
        "a person holds a city",
        SHAPE["Person-holdsOffice"],
        _replacing(
            (person, NSS.holdsOffice, DATA.value(person, NSS.holdsOffice)), (person, NSS.holdsOffice, city)
        ),  # type: ignore[arg-type]
    )
    fulfilled = next(c for c in _instances(NSS.Commitment) if DATA.value(c, NSS.fulfilledBy) is not None)
    yield Mutant(
        "a commitment fulfilled by a city",
        SHAPE["Commitment-fulfilledBy"],
        _replacing(
            (fulfilled, NSS.fulfilledBy, DATA.value(fulfilled, NSS.fulfilledBy)),
            (fulfilled, NSS.fulfilledBy, city),
        ),  # type: ignore[arg-type]
    )
    series = _instances(NSS.SummitSeries)[0]
    yield Mutant(
        "a series originating in a summit",
        SHAPE["SummitSeries-originatedIn"],
        _replacing(
            (series, NSS.originatedIn, DATA.value(series, NSS.originatedIn)),
            (series, NSS.originatedIn, _summits()[0]),
        ),  # type: ignore[arg-type]
    )
    dead = next(d for d in _instances(NSS.SourceDocument) if DATA.value(d, NSS.deadLinkSince) is not None)
    since = DATA.value(dead, NSS.deadLinkSince)
    yield Mutant(
        "a dead-link month that is a string",
        SHAPE["SourceDocument-deadLinkSince"],
        _replacing((dead, NSS.deadLinkSince, since), (dead, NSS.deadLinkSince, Literal(str(since)))),  # type: ignore[arg-type]
    )
    yield Mutant(
        "an archived address that is not http(s)",
        SHAPE["SourceDocument-archivedUrl"],
        _adding((dead, NSS.archivedUrl, Literal("ftp://example.org/page", datatype=XSD.anyURI))),  # type: ignore[arg-type]
    )


def name_mutants() -> Iterator[Mutant]:
    """Names and links: the scripts of Chinese labels, one office per Wikidata item, one office at a time."""
    for path, language, wrong, script in (
        ("person/xi-jinping", "zh-Hant", "习近平", "Simplified"),
        ("state/china", "zh-Hans", "中國", "Traditional"),
    ):
        subject = URIRef(BASE_IRI + path)
        label = next(o for o in DATA.objects(subject, RDFS.label) if getattr(o, "language", None) == language)
        yield Mutant(
            f"a {language} name in {script} characters",
            SHAPE.ChineseScriptShape,
            _replacing((subject, RDFS.label, label), (subject, RDFS.label, Literal(wrong, lang=language))),
        )
    offices = _instances(NSS.Office)
    linked = next(o for o in offices if any(str(i).startswith(WD) for i in DATA.objects(o, OWL.sameAs)))
    unlinked = next(o for o in offices if DATA.value(o, OWL.sameAs) is None)
    item = next(i for i in DATA.objects(linked, OWL.sameAs) if str(i).startswith(WD))
    yield Mutant(
        "two offices linked to one Wikidata item",
        SHAPE.OfficeWikidataShape,
        _adding((unlinked, OWL.sameAs, item)),
    )
    # A second delegation at the same summit, led by the same person in another office of the same state.
    for delegation in _instances(NSS.Delegation):
        office = DATA.value(delegation, NSS.headOffice)
        state = DATA.value(office, NSS.officeOf) if office is not None else None
        others = [o for o in offices if o != office and DATA.value(o, NSS.officeOf) == state]
        if state is not None and others:
            second = URIRef(str(delegation) + "-again")
            yield Mutant(
                "a person in two offices of one state at one summit",
                SHAPE.OneOfficeAtATimeShape,
                _adding(
                    (second, NSS.headedBy, DATA.value(delegation, NSS.headedBy)),  # type: ignore[arg-type]
                    (second, NSS.atSummit, DATA.value(delegation, NSS.atSummit)),  # type: ignore[arg-type]
                    (second, NSS.headOffice, others[0]),
                ),
            )
            return


GENERATORS = (
    deletions,
    datatype_changes,
    extra_values,
    label_duplicates,
    date_swaps,
    edition_mutants,
    succession_mutants,
    host_mutants,
    link_mutants,
    participant_mutants,
    fulfilment_mutants,
    provenance_mutants,
    class_mutants,
    process_mutants,
    name_mutants,
)
# Sorted: each xdist worker collects the same list (graph iteration order differs between processes); the
# names are unique (test_mutant_names_are_unique), so the order is the same in every worker.
MUTANTS = sorted((mutant for generate in GENERATORS for mutant in generate()), key=lambda m: m.name)

#: One validation result: focus node, result path, value, source shape, severity, constraint component (None
#: where a result has no path or value); a blank node as BLANK, since engines label blank nodes their own way.
Result = tuple[Node | None, Node | None, Node | None, Node, Node, Node]
#: What validation found, sorted; tests/test_jena_shacl.py compares it with Jena's.
Found = tuple[Result, ...]
BLANK = BNode("blank")


#: A mutant's change: the triples of the packaged data it deletes, and those it adds.
Change = tuple[frozenset[tuple[Node, Node, Node]], frozenset[tuple[Node, Node, Node]]]


class _Journal(Graph):
    """The packaged data, once per process, with each mutant made in place and undone: copying some 14,000
    triples for each of some 270 mutants cost a minute per test process. Notes which triples were there
    before a mutation first touched them (``graph.set`` removes and adds through ``remove`` and ``add``)."""

    def __init__(self) -> None:
        super().__init__()
        for triple in DATA:
            super().add(triple)
        self.before: dict[tuple[Node, Node, Node], bool] | None = None

    def add(self, triple: tuple[Node, Node, Node]) -> _Journal:  # type: ignore[override]
        if self.before is not None:
            self.before.setdefault(triple, triple in self)
        super().add(triple)
        return self

    def remove(self, pattern: tuple[Node | None, Node | None, Node | None]) -> _Journal:  # type: ignore[override]
        if self.before is not None:
            for triple in list(self.triples(pattern)):
                self.before.setdefault(triple, True)
        super().remove(pattern)
        return self


@cache
def _journal() -> _Journal:
    return _Journal()


@contextmanager
def mutated(mutant: Mutant) -> Iterator[tuple[Graph, Change]]:
    """The packaged data with the mutant's change made, and that change; undone when the block ends."""
    graph = _journal()
    touched: dict[tuple[Node, Node, Node], bool] = {}
    graph.before = touched
    try:
        mutant.mutate(graph)
        graph.before = None
        deleted = frozenset(t for t, was in touched.items() if was and t not in graph)
        added = frozenset(t for t, was in touched.items() if not was and t in graph)
        assert deleted or added, "the mutation changed nothing"
        yield graph, (deleted, added)
    finally:
        graph.before = None
        for triple, was in touched.items():  # each touched triple back as it was
            (Graph.add if was else Graph.remove)(graph, triple)


def change(mutant: Mutant) -> Change:
    """What the mutant deletes from the packaged data and adds to it."""
    with mutated(mutant) as (_, made):
        return made


def unlabelled(node: Node | None) -> Node | None:
    return BLANK if isinstance(node, BNode) else node


def results(graph: Graph, engine: Engine = "auto") -> Found:
    """nss_kg.validate()'s results on ``graph``, sorted."""
    return tuple(
        sorted(
            (
                (
                    unlabelled(r.focus_node),
                    r.path,
                    unlabelled(r.value),
                    unlabelled(r.source_shape),
                    r.severity.iri,
                    r.constraint_component,
                )
                for r in validate(data=graph, engine=engine).results
            ),
            key=repr,
        )
    )


@cache
def our_results(mutant: Mutant) -> Found:
    """nss_kg.validate()'s results for the mutant, once per test session."""
    with mutated(mutant) as (graph, _):
        return results(graph)


def test_packaged_data_conforms() -> None:
    assert validate(data=DATA).conforms


def test_mutant_names_are_unique() -> None:
    """Test ids, xdist groups and tests/test_jena_shacl.py's shared results go by the order of the names."""
    assert len({m.name for m in MUTANTS}) == len(MUTANTS)


def test_every_generator_yields_mutants() -> None:
    for generate in GENERATORS:
        assert any(True for _ in generate()), generate.__name__


def test_every_constraint_has_a_mutant() -> None:
    """Each shape that reports results itself (a property shape, or a node shape with a SPARQL
    constraint) is the expected shape of at least one mutant."""
    reporting = set(SHAPES.subjects(RDF.type, SH.PropertyShape)) | set(SHAPES.subjects(SH.sparql, None))
    # Helpers that only other shapes refer to (sh:or, sh:qualifiedValueShape), never a source shape.
    referenced = set(SHAPES.objects(None, SH.qualifiedValueShape)) | {
        member for members in SHAPES.objects(None, SH["or"]) for member in Graph().collection(members)
    }
    expected = {mutant.expected_shape for mutant in MUTANTS}
    assert sorted(map(str, reporting - referenced - expected)) == []


#: Each mutant's tests (here and in test_jena_shacl.py, which compares with our results) in one xdist group:
#: run on the same worker, they validate the mutant once (our_results is cached per process).
MUTANT_PARAMS = [pytest.param(m, id=m.name, marks=pytest.mark.xdist_group(m.name)) for m in MUTANTS]


@pytest.mark.parametrize("mutant", MUTANT_PARAMS)
def test_mutant_is_reported_by_its_shape(
    mutant: Mutant, record_property: Callable[[str, object], None]
) -> None:
    shapes = {shape for _, _, _, shape, _, _ in our_results(mutant)}
    # tests/conftest.py counts these into the "mutation score" line of pytest's summary (also under xdist).
    record_property("mutant", "caught" if mutant.expected_shape in shapes else "missed")
    assert mutant.expected_shape in shapes, sorted(map(str, shapes))
