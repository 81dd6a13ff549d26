"""Where RDF is parsed — the packaged Turtle and users' files alike — with pyoxigraph, into pyoxigraph
triples, a pyoxigraph store or an rdflib Graph, with one-line errors that say what is wrong and where
(``file:line:col``).

pyoxigraph's parsers give a line and column for each syntax error (rdflib's do not) and are faster; rdflib is
imported only by the calls that hand back an rdflib Graph.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from nss_kg import resources
from nss_kg.errors import InputError
from nss_kg.namespaces import BASE_IRI, PREFIXES, XSD

if TYPE_CHECKING:
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.term import Node

#: File name extensions we read, and their formats. Quad formats (TriG, N-Quads) are read into one graph.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}

_XSD_STRING = XSD + "string"
# pyoxigraph puts the location in the message too; we say it once, the compiler way (path:line:col).
_LOCATION_PREFIX = re.compile(r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): ")


def parse(data: bytes | str, rdf_format: ox.RdfFormat, *, name: str, base_iri: str | None) -> list[ox.Triple]:
    """The triples of one RDF document; ``name`` is what error messages call it."""
    if rdf_format == ox.RdfFormat.RDF_XML:
        from nss_kg import xml_safety  # here: the packaged Turtle needs no XML parser

        xml_safety.check(data, name)
    # A blank node label is local to its document, but pyoxigraph keeps labels as written: _:b1 in two files
    # would be one node. Each label of this document becomes a node of its own.
    fresh: dict[str, ox.BlankNode] = {}

    def scoped(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> object:
        return fresh.setdefault(term.value, ox.BlankNode()) if isinstance(term, ox.BlankNode) else term

    try:
        return [
            ox.Triple(scoped(q.subject), q.predicate, scoped(q.object))  # type: ignore[arg-type]
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
            else q.triple
            for q in ox.parse(data, rdf_format, base_iri=base_iri)
        ]
    except SyntaxError as error:
        message = _LOCATION_PREFIX.sub("", str(error.msg)).rstrip(".")
        # The RDF/XML and JSON-LD parsers give no location.
        where = f"{name}:{error.lineno}:{error.offset}" if error.lineno is not None else name
        raise InputError(f"{where}: {message}") from None
    except ValueError as error:
        # pyoxigraph reports some errors without a location (e.g. an invalid base IRI).
        raise InputError(f"{name}: {error}") from None
    except MemoryError as error:
        # pyoxigraph's parser holds one term at most 16 MiB long ("Reached the buffer maximal size"): the
        # file's fault. Any other MemoryError is memory really running out: the machine's, not the file's
        # (the CLI's exit 4).
        if "buffer maximal size" not in str(error):
            raise
        raise InputError(f"{name}: a term is too large to read ({error})") from None


def read_file(path: str | os.PathLike[str]) -> list[ox.Triple]:
    """The triples of one RDF file, its format told by its extension."""
    name = os.fspath(path)
    suffix = os.path.splitext(name)[1].lower()
    if os.path.isdir(name):
        raise InputError(f"{name}: is a directory, not an RDF file")
    if not os.path.exists(name):
        raise InputError(f"{name}: no such file")
    rdf_format = FORMATS.get(suffix)
    if rdf_format is None:
        known = ", ".join(FORMATS)
        raise InputError(f"{name}: unknown RDF format {suffix or '(no extension)'!r}; known: {known}")
    try:
        with open(name, "rb") as file:
            data = file.read()
    except OSError as error:
        raise InputError(f"{name}: cannot read: {error.strerror or error}") from None
    import urllib.parse  # here: the packaged graph, read at every start, needs none of it

    # A file name that is not UTF-8 (bytes the file system gave as surrogates) goes percent-encoded, as a URI.
    absolute = os.fsencode(os.path.abspath(name)).replace(os.sep.encode(), b"/")
    base_iri = "file://" + urllib.parse.quote(absolute)
    shown = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return parse(_decode(shown, data), rdf_format, name=shown, base_iri=base_iri)


def packaged(files: Iterable[str]) -> list[ox.Triple]:
    """The triples of packaged Turtle files (``nss_kg.resources``)."""
    triples: list[ox.Triple] = []
    for path in files:
        triples += parse(resources.read_text(path), ox.RdfFormat.TURTLE, name=path, base_iri=BASE_IRI)
    return triples


def store(files: Iterable[str]) -> ox.Store:
    """A pyoxigraph store holding packaged Turtle files in its default graph."""
    result = ox.Store()
    for path in files:
        # load(), not bulk_load(): for a graph this small, bulk loading's set-up costs more than it saves.
        with open(path, "rb") as file:
            result.load(input=file.read(), format=ox.RdfFormat.TURTLE, base_iri=BASE_IRI)
    return result


def rdflib_term(node: object, blank_nodes: dict[str, BNode] | None = None) -> Node:
    """A pyoxigraph term as an rdflib term; ``blank_nodes`` maps labels to the blank nodes made so far."""
    uri_ref, blank_node, literal = _rdflib_term_classes()
    if isinstance(node, ox.NamedNode):
        return uri_ref(node.value)
    if isinstance(node, ox.BlankNode):
        if blank_nodes is None:
            return blank_node(node.value)
        made = blank_nodes.get(node.value)
        if made is None:
            made = blank_nodes[node.value] = blank_node()
        return made
    if isinstance(node, ox.Literal):
        if node.language is not None:
            return literal(node.value, lang=language_tag(node.language))
        # rdflib writes xsd:string literals without a datatype; keep them comparable with its own parses.
        datatype = node.datatype.value
        return literal(node.value, datatype=None if datatype == _XSD_STRING else uri_ref(datatype))
    raise InputError("RDF 1.2 triple terms are not supported")


def oxigraph_term(
    node: Node, blank_nodes: dict[BNode, ox.BlankNode]
) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term; ``blank_nodes`` maps the blank nodes met so far to theirs.

    A ValueError for a term pyoxigraph refuses (an IRI with a space, a malformed language tag): rdflib
    builds such terms unchecked.
    """
    uri_ref, blank_node, literal = _rdflib_term_classes()
    if isinstance(node, literal):
        if node.language is not None:
            return ox.Literal(str(node), language=node.language)
        datatype = node.datatype
        return ox.Literal(str(node), datatype=None if datatype is None else ox.NamedNode(datatype))
    if isinstance(node, blank_node):
        made = blank_nodes.get(node)
        if made is None:
            made = blank_nodes[node] = ox.BlankNode()
        return made
    if isinstance(node, uri_ref):
        return ox.NamedNode(node)
    raise ValueError(f"not an RDF term: {node!r}")


@cache
def _rdflib_term_classes() -> tuple[type[URIRef], type[BNode], type[Literal]]:
    """rdflib's term classes, imported once, at the first conversion: the query path converts nothing."""
    from rdflib import BNode, Literal, URIRef

    return URIRef, BNode, Literal


def to_rdflib(triples: Iterable[ox.Triple], graph: Graph | None = None) -> Graph:
    """``triples`` added to ``graph`` (a new Graph, our prefixes bound, if None) as rdflib terms."""
    from rdflib import Graph as RdflibGraph

    if graph is None:
        graph = RdflibGraph(bind_namespaces="rdflib")
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, replace=True)
    for triple in rdflib_triples(triples):
        graph.add(triple)
    return graph


def rdflib_triples(
    triples: Iterable[ox.Triple], blank_nodes: dict[str, BNode] | None = None
) -> Iterator[tuple[Node, Node, Node]]:
    """``triples`` as rdflib triples; ``blank_nodes`` (filled as they are met) maps labels to the blank
    nodes made."""
    blank_nodes = {} if blank_nodes is None else blank_nodes  # parse() made each document's labels its own
    for subject, predicate, value in triples:
        yield rdflib_term(subject, blank_nodes), rdflib_term(predicate), rdflib_term(value, blank_nodes)


def read(paths: Iterable[str | os.PathLike[str]], graph: Graph | None = None) -> Graph:
    """Users' RDF files in ``graph`` (a new Graph if None); an InputError for the first unusable one."""
    graph = to_rdflib((), graph)  # a new Graph, our prefixes bound, if none was given
    for path in paths:
        to_rdflib(read_file(path), graph)
    return graph


@cache
def language_tag(tag: str) -> str:
    """A language tag in its conventional case (BCP 47): ``zh-hant`` → ``zh-Hant``, ``en-us`` → ``en-US``.

    pyoxigraph lowercases tags; they compare case-insensitively, but people read the conventional case, and
    rdflib compares them as written.
    """
    subtags = tag.lower().split("-")
    for index, subtag in enumerate(subtags[1:], start=1):
        if len(subtags[index - 1]) == 1:  # after a singleton (x-, u-) the subtags are private: as they are
            break
        if len(subtag) == 4 and subtag.isalpha():
            subtags[index] = subtag.title()
        elif len(subtag) == 2 and subtag.isalpha():
            subtags[index] = subtag.upper()
    return "-".join(subtags)


def _decode(name: str, data: bytes) -> str:
    """The file's text as UTF-8 (a byte-order mark allowed), or an InputError at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        bad = data[error.start : error.start + 1].hex()
        raise InputError(f"{name}:{line}:{column}: not UTF-8 text (byte 0x{bad})") from None
