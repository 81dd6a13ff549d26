"""Reading users' RDF files into an rdflib Graph, with one-line errors that say what is wrong and where.

Files are parsed with pyoxigraph, whose syntax errors carry a line and column (rdflib's do not), and its
triples are converted to rdflib terms, which is also faster than rdflib's own Turtle parser.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from nss_kg import xml_safety
from nss_kg.errors import InputError
from nss_kg.resources import BASE_IRI

if TYPE_CHECKING:
    from nss_kg.resources import Resource

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

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# pyoxigraph puts the location in the message too; we say it once, the compiler way (path:line:col).
_LOCATION_PREFIX = re.compile(r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): ")


def read(paths: Iterable[str | os.PathLike[str]], graph: Graph | None = None) -> Graph:
    """Parse each file into ``graph`` (a new Graph if None) and return it; raise InputError on bad input."""
    result = Graph() if graph is None else graph
    for path in paths:
        read_file(path, result)
    return result


def read_file(path: str | os.PathLike[str], graph: Graph) -> None:
    """Parse one RDF file, its format told by its extension, into ``graph``."""
    file = Path(path)
    rdf_format = FORMATS.get(file.suffix.lower())
    if file.is_dir():
        raise InputError(f"{file}: is a directory, not an RDF file")
    if not file.exists():
        raise InputError(f"{file}: no such file")
    if rdf_format is None:
        known = ", ".join(FORMATS)
        raise InputError(f"{file}: unknown RDF format {file.suffix or '(no extension)'!r}; known: {known}")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror or error}") from None
    add_text(graph, _decode(file, data), rdf_format, name=str(file), base_iri=file.resolve().as_uri())


def add_text(graph: Graph, text: str, rdf_format: ox.RdfFormat, *, name: str, base_iri: str | None) -> None:
    """Parse RDF ``text`` into ``graph``; ``name`` is what error messages call its source."""
    # A blank node label is local to its document: the same _:b1 in two files is two nodes.
    blank_nodes: dict[str, BNode] = {}

    def term(node: object) -> Node:
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return blank_nodes.setdefault(node.value, BNode())
        if isinstance(node, ox.Literal):
            if node.language is not None:
                return Literal(node.value, lang=node.language)
            # rdflib writes xsd:string literals without a datatype; keep them comparable with its own parses.
            datatype = node.datatype.value
            return Literal(node.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
        raise InputError(f"{name}: RDF 1.2 triple terms are not supported")

    if rdf_format == ox.RdfFormat.RDF_XML:
        xml_safety.check(text, name)
    try:
        for quad in ox.parse(text, rdf_format, base_iri=base_iri):
            graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    except SyntaxError as error:
        message = _LOCATION_PREFIX.sub("", str(error.msg)).rstrip(".")
        # The RDF/XML and JSON-LD parsers give no location.
        where = f"{name}:{error.lineno}:{error.offset}" if error.lineno is not None else name
        raise InputError(f"{where}: {message}") from None
    except ValueError as error:
        # pyoxigraph reports some errors without a location (e.g. an invalid base IRI).
        raise InputError(f"{name}: {error}") from None
    except MemoryError as error:
        # pyoxigraph's parser holds one term at most 16 MiB long ("Reached the buffer maximal size").
        raise InputError(f"{name}: a term is too large to read ({error})") from None


def read_packaged(files: Iterable[Resource]) -> Graph:
    """Packaged Turtle files (nss_kg.resources) in one rdflib Graph, parsed by pyoxigraph (faster)."""
    graph = Graph()
    for file in files:
        add_text(graph, file.read_text(encoding="utf-8"), FORMATS[".ttl"], name=file.name, base_iri=BASE_IRI)
    return graph


def _decode(file: Path, data: bytes) -> str:
    """The file's text as UTF-8 (a byte-order mark allowed), or an InputError at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        bad = data[error.start : error.start + 1].hex()
        raise InputError(f"{file}:{line}:{column}: not UTF-8 text (byte 0x{bad})") from None
