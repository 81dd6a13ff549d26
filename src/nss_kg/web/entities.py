"""What the server says about one entity: its triples, the labels of the entities it links to, and the
OWL 2 axiom annotations (``owl:Axiom`` + ``dcterms:source``) that give the sources of its facts; and, for its
HTML page, those facts grouped by property with labels, links and numbered sources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import pyoxigraph as ox

from nss_kg.namespaces import BASE_IRI, NAMESPACE, PREFIXES, shorten
from nss_kg.rdf_files import language_tag
from nss_kg.web import incoming_links, negotiation, vocabulary_names
from nss_kg.web.graph_store import Graph
from nss_kg.web.negotiation import Wording

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
RDFS_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
RDFS_SUBCLASS = ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")
RDFS_SUBPROPERTY = ox.NamedNode(PREFIXES["rdfs"] + "subPropertyOf")
SKOS_PREF_LABEL = ox.NamedNode(PREFIXES["skos"] + "prefLabel")
DCTERMS_SOURCE = ox.NamedNode(PREFIXES["dcterms"] + "source")
NSS_SOURCE = ox.NamedNode(NAMESPACE + "source")
NSS_URL = ox.NamedNode(NAMESPACE + "url")
ANNOTATED_SOURCE = ox.NamedNode(PREFIXES["owl"] + "annotatedSource")
ANNOTATED_PROPERTY = ox.NamedNode(PREFIXES["owl"] + "annotatedProperty")
ANNOTATED_TARGET = ox.NamedNode(PREFIXES["owl"] + "annotatedTarget")
LABELS = (RDFS_LABEL, SKOS_PREF_LABEL)
SCHEMA = PREFIXES["schema"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _objects(store: Graph, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> list[Term]:
    return [q.object for q in store.triples(subject, predicate, None)]


def _bounded(store: Graph, subject: ox.NamedNode | ox.BlankNode, seen: set[str]) -> list[ox.Triple]:
    """The subject's triples, and those of the blank nodes they lead to (a concise bounded description)."""
    found: list[ox.Triple] = []
    pending: list[ox.NamedNode | ox.BlankNode] = [subject]
    while pending:
        node = pending.pop()
        for quad in store.triples(node, None, None):
            found.append(quad)
            value = quad.object
            if isinstance(value, ox.BlankNode) and value.value not in seen:
                seen.add(value.value)
                pending.append(value)
    return found


def axioms(store: Graph, iri: ox.NamedNode) -> list[ox.BlankNode | ox.NamedNode]:
    """The owl:Axiom nodes annotating facts whose subject is ``iri``."""
    return [
        q.subject
        for q in store.triples(None, ANNOTATED_SOURCE, iri)
        if isinstance(q.subject, (ox.BlankNode, ox.NamedNode))
    ]


def describe(store: Graph, iris: Iterable[str], *, incoming: bool = True) -> list[ox.Triple]:
    """The triples served for ``iris``: each one's concise bounded description, the owl:Axiom annotations of
    its facts, with ``incoming`` the triples of other IRIs that point at it (so that a crawler following
    links reaches every entity: a state's document names the delegations and summits that name the state),
    and the labels of every IRI they link to or from."""
    seen: set[str] = set()
    found: list[ox.Triple] = []
    listed = list(iris)
    for iri in listed:
        node = ox.NamedNode(iri)
        found += _bounded(store, node, seen)
        for axiom in axioms(store, node):
            if isinstance(axiom, ox.BlankNode):
                if axiom.value in seen:
                    continue
                seen.add(axiom.value)
            found += _bounded(store, axiom, seen)
        if incoming:
            for triple in store.triples(None, None, node):
                if isinstance(triple.subject, ox.NamedNode):
                    found.append(triple)
                elif isinstance(triple.subject, ox.BlankNode) and triple.subject.value not in seen:
                    # an annotation citing it: which fact, about whom
                    seen.add(triple.subject.value)
                    found += _bounded(store, triple.subject, seen)
    described = {ox.NamedNode(iri) for iri in listed}
    subjects = {t.subject for t in found if t.subject in described or isinstance(t.subject, ox.BlankNode)}
    linked = {t.object for t in found if isinstance(t.object, ox.NamedNode) and t.object not in subjects}
    linked |= {t.subject for t in found if isinstance(t.subject, ox.NamedNode) and t.subject not in subjects}
    linked |= {t.predicate for t in found} - subjects
    for target in sorted(linked, key=lambda n: n.value):
        for predicate in LABELS:
            found += [ox.Triple(target, predicate, value) for value in _objects(store, target, predicate)]
    return list(dict.fromkeys(found))


def hash_iris(store: Graph, document: str) -> list[str]:
    """``document`` and every hash IRI under it (``document#…``) that the graph describes: the ontology's
    terms, the shapes."""
    subjects = {
        q.subject.value
        for q in store.triples(None, None, None)
        if isinstance(q.subject, ox.NamedNode)
        and (q.subject.value == document or q.subject.value.startswith(document + "#"))
    }
    return sorted(subjects)


def document_iri(iri: str) -> str:
    """The IRI of the document that describes ``iri``: itself, or for a hash IRI the part before ``#``."""
    return iri.partition("#")[0]


def local_path(iri: str) -> str | None:
    """Where ``iri`` is served here (``/summit/2012-seoul``), if it is one of ours."""
    return "/" + iri[len(BASE_IRI) :] if iri.startswith(BASE_IRI) else None


# --- labels ---------------------------------------------------------------------------------------


class Label(NamedTuple):
    """A label as a page shows it: the text, and its language where that is not the page's (an English name on
    a Chinese page), so that the page can mark it (``lang="en"``)."""

    text: str
    language: str | None


def other_language(literal: ox.Literal, language: str) -> str | None:
    """The literal's language tag where it is not ``language`` (for a page to mark it), else None."""
    shown = language_tag(literal.language) if literal.language else None
    return None if shown is None or shown.lower() == language.lower() else shown


def in_language(values: list[Term], language: str) -> Label | None:
    """The value in ``language`` (else English, else one in a related language, else any), if there is one."""
    literals = [v for v in values if isinstance(v, ox.Literal)]
    chosen = next(
        (v for wanted in (language.lower(), "en") for v in literals if (v.language or "") == wanted), None
    )
    if chosen is None:
        base = language.lower().split("-")[0]
        related = (v for v in literals if v.language and v.language.split("-")[0] == base)
        chosen = next(related, literals[0] if literals else None)
    if chosen is None:
        return None
    return Label(chosen.value, other_language(chosen, language))


def labelled(store: Graph, term: Term, language: str) -> Label:
    """The term's label in ``language`` (else English, else any), else its short name."""
    if isinstance(term, ox.Literal):
        return Label(term.value, other_language(term, language))
    if isinstance(term, ox.NamedNode):
        found = None
        for predicate in LABELS:
            found = in_language(_objects(store, term, predicate), language)
            if found is not None:
                break
        # The graph's label in the page's language, else our wording of a common property, else a fallback.
        if (found is None or found.language is not None) and term.value in vocabulary_names.NAMES:
            return Label(negotiation.in_language(vocabulary_names.NAMES[term.value], language), None)
        return found if found is not None else Label(shorten(term.value).strip("<>"), None)
    if isinstance(term, ox.BlankNode):
        return Label(f"_:{term.value}", None)
    return Label(str(term), None)


def label(store: Graph, term: Term, language: str) -> str:
    """The text of :func:`labelled`."""
    return labelled(store, term, language).text


# --- the HTML page's model ------------------------------------------------------------------------


class Value(NamedTuple):
    """One object of a fact, as the page shows it."""

    text: str
    href: str | None  # a page here, or an outside link
    external: bool
    language: str | None
    datatype: str | None
    notes: tuple[int, ...]  # footnote numbers
    text_language: str | None = None  # the text's language where it is not the page's (a fallback)
    #: A blank node's own facts (a VoID partition: its class and count), shown in place of its identifier.
    parts: tuple[tuple[Label, Value], ...] = ()
    #: The members of an RDF list (rdf:first, rdf:rest: an owl:unionOf), shown in place of its nodes.
    members: tuple[Value, ...] = ()


class Fact(NamedTuple):
    """One property of the entity with all its values."""

    property: str
    property_label: str
    property_href: str | None
    values: tuple[Value, ...]
    property_language: str | None = None  # the name's language where it is not the page's (a fallback)


class Footnote(NamedTuple):
    number: int
    iri: str
    text: str
    href: str | None
    url: str | None
    language: str | None = None  # the text's language where it is not the page's (a fallback)


class Page(NamedTuple):
    iri: str
    title: str
    title_language: str | None  # where the title is not in the page's language (an English fallback)
    types: tuple[Value, ...]
    facts: tuple[Fact, ...]
    incoming: tuple[Fact, ...]
    footnotes: tuple[Footnote, ...]
    #: The footnotes of the entity's own sources (nss:source): those of every fact without its own.
    general_notes: tuple[int, ...]
    schema_org: dict[str, object]


def link(term: Term, suffix: str) -> tuple[str | None, bool]:
    """Where a term links to: our page (with ``suffix``, a query string), or outside for other http IRIs."""
    if isinstance(term, ox.NamedNode):
        path = local_path(term.value)
        if path is not None:
            path, hash_, fragment = path.partition("#")
            return path + suffix + hash_ + fragment, False
        if term.value.startswith(("http://", "https://")):
            return term.value, True
    if (
        isinstance(term, ox.Literal)
        and term.datatype.value == PREFIXES["xsd"] + "anyURI"
        and term.value.startswith(("http://", "https://"))
    ):
        return term.value, True
    return None, False


#: How deep blank nodes inside blank nodes are shown (an OWL class expression), and the longest list shown.
_NESTING = 4
_LONGEST_LIST = 1000
#: A blank node with no facts of its own, or nested deeper than _NESTING.
ANONYMOUS: Wording = ("anonymous node", "匿名節點", "匿名节点")
RDF_FIRST = ox.NamedNode(PREFIXES["rdf"] + "first")
RDF_REST = ox.NamedNode(PREFIXES["rdf"] + "rest")
RDF_NIL = ox.NamedNode(PREFIXES["rdf"] + "nil")


def _list_members(store: Graph, node: ox.BlankNode) -> list[Term] | None:
    """The members of the RDF list starting at ``node``; None if it is no well-formed list."""
    members: list[Term] = []
    seen: set[str] = set()
    current: Term = node
    while current != RDF_NIL:
        if not isinstance(current, ox.BlankNode) or current.value in seen or len(members) >= _LONGEST_LIST:
            return None
        seen.add(current.value)
        firsts, rests = _objects(store, current, RDF_FIRST), _objects(store, current, RDF_REST)
        if len(firsts) != 1 or len(rests) != 1:
            return None
        members.append(firsts[0])
        current = rests[0]
    return members


def _value(
    store: Graph, term: Term, language: str, suffix: str, notes: tuple[int, ...], *, depth: int = 0
) -> Value:
    """How the page shows ``term``: a blank node by its own facts or, a list, by its members, not by an
    identifier that changes with every load."""
    if isinstance(term, ox.BlankNode):
        members = _list_members(store, term) if depth < _NESTING else None
        if members is not None:
            shown = tuple(_value(store, m, language, suffix, (), depth=depth + 1) for m in members)
            text = " ".join(member.text for member in shown)  # what the values are sorted by
            return Value(text, None, False, None, None, notes, None, members=shown)
        own = list(store.triples(term, None, None)) if depth < _NESTING else []
        own.sort(key=lambda q: q.predicate.value)
        if not own:
            return Value(negotiation.in_language(ANONYMOUS, language), None, False, None, None, notes)
        names = [labelled(store, q.predicate, language) for q in own]
        values = [_value(store, q.object, language, suffix, (), depth=depth + 1) for q in own]
        text = " ".join(value.text for value in values)
        return Value(text, None, False, None, None, notes, None, tuple(zip(names, values, strict=True)))
    href, external = link(term, suffix)
    text, text_language = labelled(store, term, language)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        formatted = _formatted(term, language)
        if formatted is not None:  # a date or a number, written as a reader of the page writes it
            return Value(formatted, href, external, None, None, notes, None)
        shown_type = None if term.language or datatype == PREFIXES["xsd"] + "string" else shorten(datatype)
        shown_language = language_tag(term.language) if term.language else None
        return Value(text, href, external, shown_language, shown_type, notes, text_language)
    return Value(text, href, external, None, None, notes, text_language)


_XSD = PREFIXES["xsd"]
_NUMBERS = {_XSD + name for name in ("integer", "nonNegativeInteger", "positiveInteger", "int", "decimal")}
#: English month names, not the locale's (a server's locale must not change its pages).
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def _formatted(term: ox.Literal, language: str) -> str | None:
    """A valid xsd:date as "26 March 2012" or "2012年3月26日", a valid integer or decimal as it reads;
    None for any other literal (shown as written, with its datatype)."""
    import datetime
    import re

    datatype = term.datatype.value
    if datatype == _XSD + "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", term.value):
        try:
            day = datetime.date.fromisoformat(term.value)
        except ValueError:
            return None
        if language.startswith("zh"):
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if datatype in _NUMBERS and re.fullmatch(r"[+-]?\d+(\.\d+)?", term.value):
        return term.value.lstrip("+")
    return None


def _sort_key(value: Value, language: str) -> tuple[int, str]:
    return (0 if value.language in (None, language) else 1, value.text)


#: The facts a reader looks for first, in this order: what it is, when, where, who hosted, which edition, who
#: led. The others follow by name, then the long lists (a summit's participants), then the links out and the
#: sources.
_FIRST = (
    [RDF_TYPE.value, RDFS_LABEL.value]
    + [NAMESPACE + name for name in (
        "startDate", "endDate", "issuedOn", "hostState", "hostCity", "venue", "hostLeader",
        "hostLeaderOffice", "edition", "partOfSeries", "follows", "followedBy", "participatingStateCount",
        "participatingOrganizationCount", "atSummit", "ofParticipant", "headedBy", "headOffice", "coHeadedBy",
        "coHeadOffice", "holdsOffice", "officeOf", "adoptedAt", "madeBy", "madeAt", "reportedBy", "reportFor",
    )]
)  # fmt: skip
_LAST = (PREFIXES["owl"] + "sameAs", PREFIXES["skos"] + "exactMatch", PREFIXES["skos"] + "closeMatch",
         NSS_SOURCE.value, DCTERMS_SOURCE.value)  # fmt: skip
#: A fact with more values than this is a long list, shown after the others.
_LONG_LIST = 12


def _fact_order(fact: Fact, english_name: str) -> tuple[int, int, str]:
    """Where a fact goes: the others by their English name, so that the three languages show one order."""
    if fact.property in _FIRST:
        return (0, _FIRST.index(fact.property), "")
    if fact.property in _LAST:
        return (3, _LAST.index(fact.property), "")
    return (2 if len(fact.values) > _LONG_LIST else 1, 0, english_name.lower())


def page(store: Graph, iri: str, language: str, suffix: str = "") -> Page:
    """The HTML page's model of ``iri``, labels in ``language``; local links get ``suffix`` (``?lang=…``)."""
    node = ox.NamedNode(iri)
    own = [q for q in store.triples(node, None, None)]
    # Sources: a fact's own (its owl:Axiom annotations), else the entity's (nss:source), numbered in order.
    annotated: dict[tuple[Term, Term], list[Term]] = {}
    for axiom in axioms(store, node):
        properties = _objects(store, axiom, ANNOTATED_PROPERTY)
        targets = _objects(store, axiom, ANNOTATED_TARGET)
        sources = _objects(store, axiom, DCTERMS_SOURCE) + _objects(store, axiom, NSS_SOURCE)
        for prop in properties:
            for target in targets:
                annotated.setdefault((prop, target), []).extend(sources)
    general = [t.object for t in own if t.predicate == NSS_SOURCE]
    numbers: dict[Term, int] = {}
    own_sources = [
        s for t in own if (t.predicate, t.object) in annotated for s in annotated[(t.predicate, t.object)]
    ]
    for source in general + own_sources:  # the entity's sources first: [1], [2] …
        numbers.setdefault(source, len(numbers) + 1)

    def notes(sources: list[Term]) -> tuple[int, ...]:
        return tuple(sorted({numbers.setdefault(s, len(numbers) + 1) for s in sources}))

    grouped: dict[ox.NamedNode, list[Value]] = {}
    for triple in own:
        sources = annotated.get((triple.predicate, triple.object), [])
        grouped.setdefault(triple.predicate, []).append(
            _value(store, triple.object, language, suffix, notes(sources))
        )
    facts = []
    for predicate, values in grouped.items():
        href, _ = link(predicate, suffix)
        name = labelled(store, predicate, language)
        facts.append(
            Fact(
                predicate.value,
                name.text,
                href,
                tuple(sorted(values, key=lambda v: _sort_key(v, language))),
                name.language,
            )
        )
    facts.sort(key=lambda fact: _fact_order(fact, label(store, ox.NamedNode(fact.property), "en")))

    incoming: dict[ox.NamedNode, list[Value]] = {}
    for quad in store.triples(None, None, node):
        if isinstance(quad.subject, ox.NamedNode):
            incoming.setdefault(quad.predicate, []).append(_value(store, quad.subject, language, suffix, ()))
    back = []
    for p, values in incoming.items():
        reading = incoming_links.reading(p.value, language)
        name = Label(reading, None) if reading is not None else labelled(store, p, language)
        ordered = tuple(sorted(values, key=lambda x: x.text))
        back.append(Fact(p.value, name.text, link(p, suffix)[0], ordered, name.language))
    back.sort(key=lambda f: f.property_label.lower())

    footnotes = []
    for source, number in numbers.items():
        href, external = link(source, suffix)
        urls = [
            u.value
            for u in (_objects(store, source, NSS_URL) if isinstance(source, ox.NamedNode) else [])
            if isinstance(u, ox.Literal)
        ]
        name = labelled(store, source, language)
        footnotes.append(
            Footnote(number, getattr(source, "value", ""), name.text, href,
                     urls[0] if urls else (href if external else None), name.language)
        )  # fmt: skip
    types = tuple(_value(store, t.object, language, suffix, ()) for t in own if t.predicate == RDF_TYPE)
    title = labelled(store, node, language)
    return Page(
        iri=iri,
        title=title.text,
        title_language=title.language,
        types=types,
        facts=tuple(facts),
        incoming=tuple(back),
        footnotes=tuple(sorted(footnotes)),
        general_notes=tuple(numbers[s] for s in dict.fromkeys(general)),
        schema_org=schema_org(store, node, own, language),
    )


# --- schema.org, for search engines ---------------------------------------------------------------


def _schema_terms(store: Graph, term: ox.NamedNode, via: ox.NamedNode) -> list[str]:
    """The schema.org classes or properties the ontology places ``term`` under, directly or through other
    terms (ontology/alignments.ttl), the nearest only."""
    seen = {term.value}
    level = [term]
    while level:
        found = sorted(
            {v.value[len(SCHEMA) :] for t in level for v in _objects(store, t, via)
             if isinstance(v, ox.NamedNode) and v.value.startswith(SCHEMA)}
        )  # fmt: skip
        if found:
            return found
        following = [
            v
            for t in level
            for v in _objects(store, t, via)
            if isinstance(v, ox.NamedNode) and v.value not in seen
        ]
        seen.update(v.value for v in following)
        level = following
    return []


def schema_org(store: Graph, node: ox.NamedNode, own: list[ox.Triple], language: str) -> dict[str, object]:
    """A schema.org description of the entity, from the ontology's alignments to schema.org."""
    types: list[str] = []
    for triple in own:
        if triple.predicate == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            types += _schema_terms(store, triple.object, RDFS_SUBCLASS)
    document: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": sorted(set(types)) or ["Thing"],
        "@id": node.value,
        "name": label(store, node, language),
    }
    for triple in own:
        if triple.predicate in (RDF_TYPE, RDFS_LABEL):
            continue
        names = _schema_terms(store, triple.predicate, RDFS_SUBPROPERTY)
        if triple.predicate.value == PREFIXES["owl"] + "sameAs":
            names = ["sameAs"]
        value: object
        if isinstance(triple.object, ox.NamedNode):
            value = {"@id": triple.object.value, "name": label(store, triple.object, language)}
        elif isinstance(triple.object, ox.Literal):
            if triple.object.language and triple.object.language != language.lower():
                continue
            value = triple.object.value
        else:
            continue
        for name in names:
            existing = document.get(name)
            if existing is None:
                document[name] = value
            elif isinstance(existing, list):
                existing.append(value)
            else:
                document[name] = [existing, value]
    return document
