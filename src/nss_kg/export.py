"""The packaged graph in every common RDF serialization.

Triple formats (Turtle, N-Triples, JSON-LD, RDF/XML) hold what ``nss_kg.graph()`` returns: the ontology and
the data, with the dataset description. Quad formats (TriG, N-Quads) also hold the SHACL shapes, and keep each
part in its own named graph (see ``GRAPHS``). rdflib is imported inside the functions, so that importing this
module (as the CLI does to list the formats) stays cheap.
"""

from __future__ import annotations

import json
import os
import warnings
from typing import TYPE_CHECKING, Any, NamedTuple

from nss_kg import rdf_files, resources
from nss_kg.errors import InputError
from nss_kg.namespaces import BASE_IRI, NAMESPACE, PREFIXES
from nss_kg.output_files import write_atomically

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyoxigraph as ox
    from rdflib import Dataset, Graph
    from rdflib.term import Node

    Triple = tuple[Node, Node, Node]


class Format(NamedTuple):
    """One export format: its name on the command line, rdflib's name for it, media type and file suffixes."""

    name: str
    rdflib_name: str
    media_type: str
    suffixes: tuple[str, ...]
    quads: bool = False


#: The export formats, by the name ``nss-kg export --format`` takes.
FORMATS = {
    f.name: f
    for f in (
        # longturtle puts one predicate and one object per line, sorted: diffs of the data stay readable.
        Format("turtle", "longturtle", "text/turtle", (".ttl",)),
        Format("ntriples", "nt", "application/n-triples", (".nt",)),
        Format("nquads", "nquads", "application/n-quads", (".nq",), quads=True),
        Format("trig", "trig", "application/trig", (".trig",), quads=True),
        Format("jsonld", "json-ld", "application/ld+json", (".jsonld", ".json")),
        Format("rdfxml", "pretty-xml", "application/rdf+xml", (".rdf", ".owl", ".xml")),
    )
}

#: The named graphs of the quad formats: the ontology (nss.ttl, alignments.ttl), the SHACL shapes, the data
#: (data/*.ttl but dataset.ttl), and the dataset's VoID/DCAT description (data/dataset.ttl).
GRAPH_BASE = BASE_IRI + "graph/"
GRAPHS = {
    "ontology": GRAPH_BASE + "ontology",
    "shapes": GRAPH_BASE + "shapes",
    "data": GRAPH_BASE + "data",
    "dataset": GRAPH_BASE + "dataset",
}

DATASET_FILE = "dataset.ttl"
CONTEXT_FILE = "context.jsonld"

RDF, RDFS, OWL, XSD = (PREFIXES[prefix] for prefix in ("rdf", "rdfs", "owl", "xsd"))

#: Terms of other vocabularies that are common enough in the data to deserve a short JSON-LD name.
_EXTERNAL_TERMS: dict[str, Any] = {
    "comment": {"@id": "rdfs:comment", "@container": "@language"},
    "definition": {"@id": "skos:definition", "@container": "@language"},
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "sameAs": {"@id": "owl:sameAs", "@type": "@id"},
}


def format_for(name: str | None, output: str | os.PathLike[str] | None = None) -> Format:
    """The Format called ``name``; without a name, the one ``output``'s suffix implies, else Turtle."""
    if name is not None:
        if name not in FORMATS:
            raise InputError(f"unknown export format '{name}' (known: {', '.join(FORMATS)})")
        return FORMATS[name]
    if output is None:
        return FORMATS["turtle"]
    suffix = os.path.splitext(os.fspath(output))[1].lower()
    for candidate in FORMATS.values():
        if suffix in candidate.suffixes:
            return candidate
    raise InputError(f"cannot tell the export format from '{os.fspath(output)}': give --format")


def _bind(target: Graph) -> None:
    from nss_kg.namespaces import PREFIXES

    for prefix, namespace in PREFIXES.items():
        target.bind(prefix, namespace, replace=True)


def _canonical_dataset(parts: dict[str | None, list[str]]) -> ox.Dataset:
    """The triples of packaged files, each part in its named graph (None: the default graph), blank nodes
    named by W3C RDF Dataset Canonicalization (RDFC-1.0), so that every export is the same bytes each run.

    pyoxigraph's implementation takes some 40 ms on the packaged graph, where rdflib's to_canonical_graph
    (another algorithm, RGDA1) took 2 s (docs/benchmarks.md). Its labels (c14n0, c14n1 …) count the blank
    nodes in canonical order, so a new one can renumber others; Turtle, which writes them inline, shows none.
    """
    import pyoxigraph as ox

    dataset = ox.Dataset(
        ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph() if name is None else ox.NamedNode(name))
        for name, files in parts.items()
        for t in rdf_files.packaged(files)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def _canonical_n_quads(parts: dict[str | None, list[str]]) -> str:
    """The canonical N-Quads of the parts' dataset: its lines (one per quad: a dataset is a set) as
    pyoxigraph writes them, sorted.

    Written from the dataset that was canonicalized, not through rdflib: pyoxigraph lower-cases language
    tags (RDF compares them regardless of case) and keeps lexical forms, and the labels are computed from
    exactly that text; rdflib would write ``@zh-Hant`` and normalise ``"03"`` to ``"3"``.
    """
    import pyoxigraph as ox

    written = ox.serialize(_canonical_dataset(parts), format=ox.RdfFormat.N_QUADS) or b""
    return "".join(sorted(written.decode("utf-8").splitlines(keepends=True)))


def _canonical_triples(parts: dict[str | None, list[str]]) -> list[tuple[str | None, Triple]]:
    """The parts' canonical dataset as rdflib triples, sorted, each with its named graph (None: default)."""
    import pyoxigraph as ox

    term = rdf_files.rdflib_term  # without a blank node map: a blank node keeps its label
    return sorted(
        (
            None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value,
            (term(quad.subject), term(quad.predicate), term(quad.object)),
        )
        for quad in _canonical_dataset(parts)
    )


def _canonical_graph() -> Graph:
    """The ontology and data (``nss_kg.graph()``) with canonical blank node labels."""
    from rdflib import Graph

    result = Graph(bind_namespaces="rdflib")
    _bind(result)
    # Added sorted, the values of a subject keep that order in rdflib's memory store, which its JSON-LD writer
    # follows. The order of subjects follows string hashes (randomised per process) whatever the order of
    # adding: the writers below put their subjects in order themselves.
    for _, triple in _canonical_triples({None: resources.graph_files()}):
        result.add(triple)
    return result


def _quad_parts() -> dict[str | None, list[str]]:
    """The packaged files of each named graph of the quad formats (``GRAPHS``); no shapes graph while the
    package has no shapes file."""
    data = [f for f in resources.data_files() if os.path.basename(f) != DATASET_FILE]
    description = [f for f in resources.data_files() if os.path.basename(f) == DATASET_FILE]
    shapes = [resources.shapes_file()] if os.path.isfile(resources.shapes_file()) else []
    parts = {"ontology": resources.ontology_files(), "shapes": shapes, "data": data, "dataset": description}
    return {GRAPHS[part]: files for part, files in parts.items() if files}


def dataset() -> Dataset:
    """A new rdflib Dataset: the ontology, shapes, data and dataset description in the graphs ``GRAPHS``."""
    from rdflib import Dataset, URIRef

    result = Dataset()
    _bind(result)
    result.bind("graph", GRAPH_BASE, replace=True)
    # Canonicalized as one dataset: a blank node label names one node in every graph.
    for name, triple in _canonical_triples(_quad_parts()):
        result.graph(URIRef(str(name))).add(triple)
    return result


def context() -> dict[str, Any]:
    """The shipped JSON-LD context (``{"@context": {...}}``) that the JSON-LD export is compacted with."""
    path = os.path.join(resources.folder("ontology"), CONTEXT_FILE)
    try:
        loaded: dict[str, Any] = json.loads(resources.read_text(path))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the packaged JSON-LD context {CONTEXT_FILE}: {error}") from None
    return loaded


def literal_kind(source: Graph, prop: str) -> str | None:
    """How ``prop``'s values are written: ``"@language"`` if all have a language tag, else the datatype IRI
    they all share, else None. Without values, what its ``rdfs:range`` says (an XSD datatype, or text)."""
    from rdflib import Literal, URIRef

    values = [v for v in source.objects(None, URIRef(prop)) if isinstance(v, Literal)]
    if values:
        if all(v.language for v in values):
            return "@language"
        datatypes = {str(v.datatype) if v.datatype else XSD + "string" for v in values}
        return datatypes.pop() if len(datatypes) == 1 else None
    ranges = {str(r) for r in source.objects(URIRef(prop), URIRef(RDFS + "range"))}
    if ranges & {RDF + "langString", RDF + "PlainLiteral"}:
        return "@language"
    return ranges.pop() if len(ranges) == 1 and next(iter(ranges)).startswith(XSD) else None


def jsonld_context(source: Graph) -> dict[str, Any]:
    """A compact JSON-LD context for the graph: a short term per class and property of the ontology.

    Each datatype property's term is typed the way its values are written in ``source`` (the ontology's
    ranges stay rdfs:Literal where OWL 2 DL has no datatype, such as xsd:date), so the JSON reads
    ``"startDate": "2010-04-12"``. ``ontology/context.jsonld`` is this for the packaged graph, written by
    ``python docs/build.py``; a test keeps the two in sync.
    """
    from rdflib import URIRef

    from nss_kg.namespaces import PREFIXES

    def local_terms(kind: str) -> list[str]:
        names = {
            str(s)[len(NAMESPACE) :]
            for s in source.subjects(URIRef(RDF + "type"), URIRef(OWL + kind))
            if isinstance(s, URIRef) and str(s).startswith(NAMESPACE)
        }
        return sorted(names)

    prefixes = dict(PREFIXES)
    prefixes.update({"rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD})
    defined: dict[str, Any] = dict(_EXTERNAL_TERMS)
    for name in local_terms("Class"):
        defined[name] = f"nss:{name}"
    for name in local_terms("ObjectProperty"):
        defined[name] = {"@id": f"nss:{name}", "@type": "@id"}
    for name in local_terms("DatatypeProperty"):
        kind = literal_kind(source, NAMESPACE + name)
        if kind == "@language":
            defined[name] = {"@id": f"nss:{name}", "@container": "@language"}
        elif kind is not None and kind.startswith(XSD) and kind != XSD + "string":
            defined[name] = {"@id": f"nss:{name}", "@type": "xsd:" + kind[len(XSD) :]}
        else:
            defined[name] = f"nss:{name}"
    # Keywords' aliases, then prefixes, then terms. A term wins over a prefix of the same name (``source``:
    # the property nss:source, not the namespace of source documents, whose IRIs then stay whole): JSON-LD
    # cannot define one key twice.
    terms: dict[str, Any] = {"id": "@id", "type": "@type"}
    terms.update((name, prefixes[name]) for name in sorted(prefixes) if name not in defined)
    terms.update((name, defined[name]) for name in sorted(defined))
    return {"@context": terms}


def jsonld(source: Graph) -> str:
    """``source`` as JSON-LD, compacted with the shipped context and carrying it inline."""
    shipped = context()["@context"]
    text = source.serialize(format="json-ld", context=shipped, auto_compact=True)
    document = json.loads(text)
    # rdflib lists nodes in the store's order; sorting them by id makes the output stable.
    nodes = document.get("@graph")
    if isinstance(nodes, list):
        nodes.sort(key=lambda node: str(node.get("id", "")) if isinstance(node, dict) else "")
    # The context as shipped (rdflib re-sorts its keys): keywords' aliases, prefixes, then terms.
    document = {"@context": shipped, **{k: v for k, v in document.items() if k != "@context"}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _turtle(source: Graph) -> str:
    """Turtle with the subject blocks in IRI order, blank nodes last.

    rdflib's longturtle writes one predicate and one object per line, sorted, but orders subjects by how often
    they are referenced: one more reference to a state would move its block, and blur the diff.
    """
    from io import BytesIO

    from rdflib import BNode
    from rdflib.plugins.serializers.longturtle import LongTurtleSerializer

    class SortedTurtleSerializer(LongTurtleSerializer):
        def orderSubjects(self) -> list[Node]:
            # Blank nodes keep rdflib's order, unreferenced first, so that a list or a nested node is written
            # inside the node that refers to it, not at the top level.
            subjects: list[Node] = sorted(
                self._subjects,
                key=lambda s: (isinstance(s, BNode), self._references[s] if isinstance(s, BNode) else 0, s),
            )
            return subjects

    stream = BytesIO()
    SortedTurtleSerializer(source).serialize(stream, encoding="utf-8")  # type: ignore[no-untyped-call]
    return stream.getvalue().decode("utf-8")


def _rdfxml(source: Graph) -> str:
    """RDF/XML that is the same bytes from one run to the next.

    rdflib's writer takes subjects, their types and their predicates in the store's (hash) order, and its
    namespaces from a set: it is given a graph that yields every pattern sorted, and its namespace
    declarations, one per line, are sorted after.
    """
    from rdflib import Graph

    class SortedGraph(Graph):
        def triples(self, triple: Any) -> Iterator[Any]:  # type: ignore[override]  # rdflib overloads it
            yield from sorted(super().triples(triple))

    ordered = SortedGraph(bind_namespaces="rdflib")
    _bind(ordered)
    for triple in source:
        ordered.add(triple)
    with warnings.catch_warnings():
        # rdflib's RDF/XML writer warns about every RDF list (owl:unionOf, owl:members) although it writes
        # them whole (the round-trip test checks): the warning is noise to a user.
        warnings.filterwarnings("ignore", message="Assertions on .* other than RDF.first and RDF.rest")
        lines = ordered.serialize(format="pretty-xml").splitlines(keepends=True)
    declarations = [i for i, line in enumerate(lines) if line.startswith("  xmlns:")]
    if declarations:
        first, last = declarations[0], declarations[-1] + 1
        lines[first:last] = sorted(lines[first:last])
    return "".join(lines)


def _trig(source: Dataset) -> str:
    """TriG with the named graphs in the order of ``GRAPHS`` (rdflib's writer takes the store's order)."""
    from rdflib import Dataset, URIRef

    prefixes: set[str] = set()
    bodies = []
    for iri in GRAPHS.values():
        named = source.graph(URIRef(iri))
        if not len(named):
            continue
        single = Dataset()
        for prefix, namespace in source.namespaces():
            single.bind(prefix, namespace, replace=True)
        target = single.graph(URIRef(iri))
        for triple in named:
            target.add(triple)
        lines = single.serialize(format="trig").splitlines(keepends=True)
        prefixes.update(line for line in lines if line.startswith("@prefix "))
        bodies.append("".join(line for line in lines if not line.startswith("@prefix ")).strip("\n") + "\n")
    return "".join(sorted(prefixes)) + "\n" + "\n".join(bodies)


def serialize(format: str = "turtle") -> str:
    """The packaged graph as text in ``format`` (a key of ``FORMATS``)."""
    chosen = format_for(format)
    if chosen.name == "ntriples":
        return _canonical_n_quads({None: resources.graph_files()})
    if chosen.name == "nquads":
        return _canonical_n_quads(_quad_parts())
    if chosen.name == "trig":
        return _trig(dataset())
    source = _canonical_graph()
    if chosen.name == "jsonld":
        return jsonld(source)
    if chosen.name == "rdfxml":
        return _rdfxml(source)
    return _turtle(source)


def export(format: str = "turtle", output: str | os.PathLike[str] | None = None) -> str:
    """The packaged graph in ``format``, also written (UTF-8) to ``output`` if given: the old file or the new
    one, never half (``output_files.write_atomically``; a LocalResourceError if it cannot be written)."""
    text = serialize(format)
    if output is not None:
        write_atomically(output, text.encode("utf-8"))
    return text
