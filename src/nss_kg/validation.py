"""Validating the graph, or users' files, against the packaged SHACL shapes: ``validate()`` and its report.

The data graph handed to pySHACL holds the data plus only the ontology's rdfs:subClassOf and
rdfs:subPropertyOf triples: that is all SHACL targets and RDFS inference need, and mixing in the whole
ontology (pySHACL's ont_graph) would cost time and, through rdfs:domain/rdfs:range, would make every
sh:class check pass vacuously.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Literal, NamedTuple

import pyoxigraph as ox
from rdflib import RDF, RDFS, SH, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import BNode, Node, bind

from nss_kg import arguments, compiled_validation, pyshacl_patches, rdf_files, resources
from nss_kg.errors import ArgumentError, InputError
from nss_kg.namespaces import BASE_IRI

Triple = tuple[Node, Node, Node]
Inference = Literal["auto", "rdfs", "none"]
Engine = Literal["auto", "compiled", "pyshacl"]

#: Predicates whose presence in a user's input means RDFS inference has something to do beyond what SHACL
#: does itself (SHACL targets and sh:class already follow rdfs:subClassOf in the data graph).
_RDFS_SCHEMA = (RDFS.subPropertyOf, RDFS.domain, RDFS.range)

#: The namespace of the shapes' IRIs (shape:Summit-edition and so on).
SHAPES_NAMESPACE = BASE_IRI + "shapes#"


class Severity(Enum):
    """A result's sh:severity."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> URIRef:
        return URIRef(str(SH) + self.value)


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult: which node broke which shape, where, and what the shape says about it."""

    focus_node: Node
    path: Node | None
    value: Node | None
    severity: Severity
    #: The result's messages, language tag (None if untagged) to text.
    messages: Mapping[str | None, str] = field(hash=False)
    source_shape: Node
    constraint_component: Node

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` ("en", "zh", "zh-Hant"…), else in English, else any we have."""
        # Language tags compare case-insensitively (rdflib lower-cases them: zh-hant).
        for wanted in (lang.lower(), "en"):
            for tag, text in sorted(self.messages.items(), key=lambda item: item[0] or ""):
                if tag is not None and (tag.lower() == wanted or tag.lower().startswith(wanted + "-")):
                    return text
        return next(iter(self.messages.values()), "")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of ``validate()``: its results, the SHACL report graph and the data graph validated."""

    results: tuple[ValidationResult, ...]
    report_graph: Graph = field(compare=False, repr=False)
    data_graph: Graph = field(compare=False, repr=False)

    @property
    def conforms(self) -> bool:
        """True when there is no result at all (SHACL's definition: warnings count too)."""
        return not self.results

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is Severity.VIOLATION)

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is not Severity.VIOLATION)

    def source_shapes(self) -> set[Node]:
        """Every shape that reported something: what a test asserts on."""
        return {r.source_shape for r in self.results}


#: Deepest rdfs:subPropertyOf or rdfs:subClassOf chain RDFS inference is run on: its closure grows with the
#: cube of the depth (measured: 50 links 2 s, 100 links 9 s, 250 links 113 s).
MAX_SCHEMA_DEPTH = 50


def validate(
    files: arguments.Paths = (),
    *,
    data: Graph | None = None,
    with_data: bool = False,
    with_ontology: bool = True,
    inference: Inference = "auto",
    engine: Engine = "auto",
) -> ValidationReport:
    """Validate against the packaged shapes.

    Without ``files`` or ``data``, the packaged data is validated. Otherwise the RDF files (format by
    extension) and/or the ``data`` graph are validated, merged with the packaged ontology's class and
    property hierarchy (unless ``with_ontology`` is False) and with the packaged data if ``with_data``
    (for extensions that refer to our summits, states and sources). Raises InputError for unusable files.

    ``engine="auto"`` runs the shapes compiled (nss_kg.compiled_validation: pySHACL's results, several
    times faster) unless RDFS inference is to run, which pySHACL does; ``"pyshacl"`` always runs pySHACL
    (the reference), ``"compiled"`` refuses (ArgumentError) what only pySHACL can do.

    ``inference="auto"`` runs RDFS inference only when the user's input declares sub-properties, domains or
    ranges of its own: our hierarchy needs none (its sub-properties lead only to other vocabularies, which no
    shape uses).
    """
    paths = arguments.paths(files)
    arguments.rdflib_graph(data, "data")
    if inference not in ("auto", "rdfs", "none"):
        raise ArgumentError(f"inference must be 'auto', 'rdfs' or 'none', not {inference!r}")
    if engine not in ("auto", "compiled", "pyshacl"):
        raise ArgumentError(f"engine must be 'auto', 'compiled' or 'pyshacl', not {engine!r}")
    graph = pyshacl_patches.OxigraphQueriedGraph()
    rdf_files.read(paths, graph)
    if data is not None:
        for triple in data:
            graph.add(triple)
    if inference == "auto":
        schema = any(True for p in _RDFS_SCHEMA for _ in graph.triples((None, p, None)))
        inference = "rdfs" if schema else "none"
    if with_data or (not paths and data is None):
        graph.add_parsed(*_packaged_data())
    if with_ontology:
        graph.add_parsed(*_hierarchy())
    if inference == "rdfs":
        _check_schema_depth(graph)
    originals = _stand_in_for_ill_typed(graph)
    graph.validating = True
    try:
        if engine == "compiled" and inference == "rdfs":
            raise ArgumentError("the compiled engine runs no RDFS inference: use engine 'pyshacl' or 'auto'")
        found = _compiled_results(graph) if inference == "none" and engine != "pyshacl" else None
        if found is None and engine == "compiled":
            raise ArgumentError(
                "the compiled engine does not cover these shapes or terms: use engine 'pyshacl'"
            )
        if found is None:
            import pyshacl  # only here: with rdflib's SPARQL engine it takes a tenth of a second to import

            pyshacl_patches.hash_constraint_parameters()
            graph.done_validating()
            graph = graph.for_pyshacl()
            graph.validating = True
            # inplace: the graph is ours, so pySHACL need not copy it before inferring.
            _, report_graph, _ = pyshacl.validate(
                graph, shacl_graph=_shapes(), inference=inference, inplace=True
            )
    finally:
        graph.done_validating()
    if found is not None:
        report_graph = compiled_validation.report_graph(found)
    for g in (graph, report_graph):
        _restore(g, originals)
    results = sorted(
        (_result(report_graph, node) for node in report_graph.subjects(RDF.type, SH.ValidationResult)),
        key=_sort_key,
    )
    return ValidationReport(tuple(results), report_graph, graph)


def _compiled_results(graph: pyshacl_patches.OxigraphQueriedGraph) -> list[compiled_validation.Found] | None:
    """The results of the compiled shapes (nss_kg.compiled_validation), or None where pySHACL must run."""
    plan = _plan()
    if plan is None:
        return None
    try:
        return plan.run(graph, graph.oxigraph_copy())
    except compiled_validation.Unsupported:
        return None


def _check_schema_depth(graph: Graph) -> None:
    """Refuse RDFS inference on a sub-property or sub-class chain deeper than MAX_SCHEMA_DEPTH."""
    for predicate in (RDFS.subPropertyOf, RDFS.subClassOf):
        parents: dict[Node, list[Node]] = {}
        for child, parent in graph.subject_objects(predicate):
            if child != parent:
                parents.setdefault(child, []).append(parent)
        depth: dict[Node, int] = {}
        for start in parents:
            # Depth-first without recursion (a chain may be thousands long); a cycle counts once.
            stack = [start]
            on_path = {start}
            while stack:
                node = stack[-1]
                pending = [p for p in parents.get(node, ()) if p not in depth and p not in on_path]
                if pending:
                    stack.append(pending[0])
                    on_path.add(pending[0])
                    continue
                depth[node] = 1 + max((depth.get(p, 0) for p in parents.get(node, ())), default=-1)
                on_path.discard(stack.pop())
                if depth[node] > MAX_SCHEMA_DEPTH:
                    name = predicate.n3(graph.namespace_manager)
                    raise InputError(
                        f"a {name} chain more than {MAX_SCHEMA_DEPTH} deep (at <{node}>): RDFS inference on "
                        "it would take minutes; validate without inference (--inference none)"
                    )


#: The datatypes of stand-ins for ill-typed literals begin so (the rest is the literal's own datatype).
_ILL_TYPED = "urn:nss-kg:ill-typed:"


class _Incomparable(str):
    """The value of a stand-in for an ill-typed literal: its lexical form, comparable with nothing."""

    def __lt__(self, other: object) -> bool:
        return False

    __le__ = __gt__ = __ge__ = __lt__


def _stand_in_for_ill_typed(graph: Graph) -> dict[RdfLiteral, RdfLiteral]:
    """Replace each ill-typed literal of ``graph`` ("2010-13-45"^^xsd:date, "0"^^xsd:positiveInteger) by a
    stand-in, and return the originals by stand-in.

    SHACL (and SPARQL) treat an ill-typed literal as a value of no datatype they know: sh:datatype reports
    it, and it compares with nothing, so sh:lessThanOrEquals reports it too and a SPARQL comparison is an
    error (Jena SHACL does so). rdflib instead compares such literals by their lexical form or as numbers
    (``"0"^^xsd:positiveInteger > 1`` is true) and pySHACL's sh:lessThanOrEquals raises a TypeError. The
    stand-in keeps the lexical form, so sh:pattern and sh:minLength see the same text, but has a datatype
    of its own, which no sh:datatype and no SPARQL constraint's datatype()/isNumeric() guard accepts, and
    a value that compares with nothing.
    """
    ill_typed = {o for _, _, o in graph if isinstance(o, RdfLiteral) and o.ill_typed}
    originals: dict[RdfLiteral, RdfLiteral] = {}
    for literal in ill_typed:
        datatype = URIRef(_ILL_TYPED + str(literal.datatype))
        if datatype not in _BOUND_DATATYPES:
            bind(datatype, _Incomparable, constructor=_Incomparable, datatype_specific=True)
            _BOUND_DATATYPES.add(datatype)
        stand_in = RdfLiteral(str(literal), datatype=datatype)
        originals[stand_in] = literal
        for s, p, _ in list(graph.triples((None, None, literal))):
            graph.remove((s, p, literal))
            graph.add((s, p, stand_in))
    return originals


_BOUND_DATATYPES: set[URIRef] = set()


def _restore(graph: Graph, originals: Mapping[RdfLiteral, RdfLiteral]) -> None:
    """Put the ill-typed literals back in place of their stand-ins."""
    for stand_in, literal in originals.items():
        for s, p, _ in list(graph.triples((None, None, stand_in))):
            graph.remove((s, p, stand_in))
            graph.add((s, p, literal))


def _result(report: Graph, node: Node) -> ValidationResult:
    def one(predicate: URIRef) -> Node | None:
        return report.value(node, predicate)

    source_shape = one(SH.sourceShape)
    messages: dict[str | None, str] = {}
    for message in report.objects(node, SH.resultMessage):
        if isinstance(message, RdfLiteral):
            constraint = one(SH.sourceConstraint)
            language = message.language or pyshacl_patches.template_language(
                str(message), _shapes(), source_shape, constraint
            )
            messages.setdefault(language, str(message))
    return ValidationResult(
        focus_node=one(SH.focusNode),  # type: ignore[arg-type]
        path=one(SH.resultPath),
        value=one(SH.value),
        severity={s.iri: s for s in Severity}[one(SH.resultSeverity)],  # type: ignore[index]
        messages=messages,
        source_shape=source_shape,  # type: ignore[arg-type]
        constraint_component=one(SH.sourceConstraintComponent),  # type: ignore[arg-type]
    )


def _sort_key(result: ValidationResult) -> tuple[str, ...]:
    return tuple(str(term) for term in (result.focus_node, result.path, result.source_shape, result.value))


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return rdf_files.to_rdflib(rdf_files.packaged([resources.shapes_file()]), Graph())


@lru_cache(maxsize=1)
def _plan() -> compiled_validation.ShapesPlan | None:
    try:
        return compiled_validation.compile_shapes(_shapes())
    except compiled_validation.Unsupported:
        return None


class _Parsed(NamedTuple):
    """Triples pyoxigraph read, each as rdflib's and as pyoxigraph's, and their blank nodes paired."""

    pairs: tuple[tuple[Triple, ox.Triple], ...]
    blank_nodes: dict[BNode, ox.BlankNode]


def _parsed(triples: Iterable[ox.Triple]) -> _Parsed:
    unique = tuple(dict.fromkeys(triples))  # each once (two files may state the same fact)
    blank_nodes: dict[str, BNode] = {}
    pairs = tuple(zip(rdf_files.rdflib_triples(unique, blank_nodes), unique, strict=True))
    return _Parsed(pairs, {node: ox.BlankNode(label) for label, node in blank_nodes.items()})


@lru_cache(maxsize=1)
def _hierarchy() -> _Parsed:
    """The packaged ontology's rdfs:subClassOf and rdfs:subPropertyOf triples."""
    wanted = {str(RDFS.subClassOf), str(RDFS.subPropertyOf)}
    ontology = rdf_files.packaged(resources.ontology_files())
    return _parsed(t for t in ontology if t.predicate.value in wanted)


@lru_cache(maxsize=1)
def _packaged_data() -> _Parsed:
    return _parsed(rdf_files.packaged(resources.data_files()))
