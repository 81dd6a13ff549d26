"""SHACL validation by shapes compiled once into set-based checks: ``compile_shapes`` and ``ShapesPlan.run``.

pySHACL walks the shapes node by node: for every focus node it builds the shape's constraints again and, for a
SPARQL constraint, sends one query with $this pre-bound (3-4 s on the packaged graph, minutes at 200,000
triples). Here the shapes graph is read once into a plan; each target's focus nodes are one set; the Core
constraints are checked in Python on the terms as written (never on a store that normalises literals:
Oxigraph stores "10"^^xsd:positiveInteger as "10"^^xsd:integer); and each sh:sparql constraint is ONE query on
pyoxigraph that answers for every focus node at once, its target joined first (what SHACL2SPARQL, RDFUnit and
RDF4J's ShaclSail do), literals in its answers mapped back to the ones written.

The results are pySHACL 0.40's, down to the messages ({?var} filled as pySHACL fills them);
tests/test_compiled_validation.py compares the two on every mutant of tests/test_mutations.py and on the
synthetic graphs. A shapes graph that uses anything not compiled here (another constraint component, a path
that is not one IRI, an implicit class target …) raises Unsupported, and the caller validates with pySHACL.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SH, XSD, BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from nss_kg import pyshacl_patches, rdf_files

#: One result, as pySHACL reports it: focus node, result path, value, severity, messages (each with the
#: language of the template it was made from), source shape, constraint component, source constraint.
Found = tuple[Node, Node | None, Node | None, URIRef, tuple[RdfLiteral, ...], Node, URIRef, Node | None]

_COMPILED = frozenset(
    SH[name]
    for name in (
        *("class", "datatype", "nodeKind", "minCount", "maxCount", "pattern", "languageIn", "uniqueLang"),
        *("or", "not", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "lessThanOrEquals"),
        *("property", "sparql"),
    )
)
#: The target predicates, in the order of _Target's fields.
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: Predicates of a shape that are no constraint and change nothing about its results.
_DESCRIPTIVE = frozenset(
    {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.path, SH.flags, SH.name, SH.description}
    | {SH.order, SH.group, *_TARGETS}
)


class Unsupported(Exception):
    """The shapes graph uses something this engine does not compile; pySHACL validates it instead."""


@dataclass
class _Shape:
    node: Node
    path: URIRef | None
    severity: URIRef
    messages: tuple[RdfLiteral, ...]
    constraints: list[_Check] = field(default_factory=list)
    properties: list[_Shape] = field(default_factory=list)
    sparql: list[_SparqlConstraint] = field(default_factory=list)


#: A Core constraint: given the run, the focus node and its value nodes, yields (value or None, component)
#: for each result.
_Check = Callable[["_Run", Node, list[Node]], Iterator[tuple[Node | None, URIRef]]]


@dataclass(frozen=True)
class _SparqlConstraint:
    node: Node
    text: str
    messages: tuple[RdfLiteral, ...]


@dataclass(frozen=True)
class _Target:
    classes: tuple[Node, ...]
    nodes: tuple[Node, ...]
    subjects_of: tuple[Node, ...]
    objects_of: tuple[Node, ...]


@dataclass
class ShapesPlan:
    """The shapes graph compiled: the shapes that have targets, each with its targets."""

    targeted: list[tuple[_Shape, _Target]]

    def run(self, data: Graph, store: pyshacl_patches.OxigraphCopy | None) -> list[Found]:
        """Every result of validating ``data``; ``store`` is ``data``'s pyoxigraph copy for the SPARQL
        constraints (None when pyoxigraph refuses one of its terms: Unsupported)."""
        return _Run(data, store).results(self.targeted)


def compile_shapes(shapes: Graph) -> ShapesPlan:
    """The plan of a shapes graph, or Unsupported."""
    compiled: dict[Node, _Shape] = {}
    targeted = []
    for node in _shape_nodes(shapes):
        if (node, RDF.type, RDFS.Class) in shapes or (node, RDF.type, OWL.Class) in shapes:
            raise Unsupported(f"{node} is an implicit class target")
        target = _Target(*(tuple(sorted(shapes.objects(node, kind), key=str)) for kind in _TARGETS))
        if any((target.classes, target.nodes, target.subjects_of, target.objects_of)):
            shape = _compile(shapes, node, compiled)
            if shape.path is not None:
                raise Unsupported(f"the property shape {node} has targets of its own")
            _require_messages(shape)
            targeted.append((shape, target))
    return ShapesPlan(targeted)


def _shape_nodes(shapes: Graph) -> list[Node]:
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    for p in _TARGETS:
        nodes |= set(shapes.subjects(p, None))
    return sorted(nodes, key=str)


def _require_messages(shape: _Shape) -> None:
    """pySHACL writes a message of its own for a shape without sh:message; this engine does not."""
    if (shape.constraints or shape.sparql) and not shape.messages:
        raise Unsupported(f"{shape.node} reports results but has no sh:message")
    for nested in shape.properties:
        _require_messages(nested)


def _compile(shapes: Graph, node: Node, compiled: dict[Node, _Shape]) -> _Shape:
    if node in compiled:
        return compiled[node]
    if shapes.value(node, SH.deactivated) is not None:
        raise Unsupported(f"{node} has sh:deactivated")
    path = shapes.value(node, SH.path)
    if path is not None and not isinstance(path, URIRef):
        raise Unsupported(f"{node} has a path that is not one IRI")
    for p in set(shapes.predicates(node, None)):
        if p not in _COMPILED and p not in _DESCRIPTIVE and str(p).startswith(str(SH)):
            raise Unsupported(f"{node} uses {p}")
    severity = shapes.value(node, SH.severity) or SH.Violation
    if not isinstance(severity, URIRef):
        raise Unsupported(f"{node} has a severity that is not an IRI")
    messages = tuple(m for m in shapes.objects(node, SH.message) if isinstance(m, RdfLiteral))
    shape = _Shape(node, path, severity, messages)
    compiled[node] = shape

    def values(predicate: URIRef) -> list[Node]:
        return list(shapes.objects(node, predicate))

    checks = [
        _class_check(values(SH["class"])),
        _datatype_check(values(SH.datatype)),
        _node_kind_check(values(SH.nodeKind)),
        _count_check(values(SH.minCount), values(SH.maxCount)),
        _pattern_check(values(SH.pattern), shapes.value(node, SH.flags)),
        _language_check(shapes, values(SH.languageIn)),
        _unique_language_check(values(SH.uniqueLang)),
        _less_than_or_equals_check(values(SH.lessThanOrEquals)),
        _or_check(shapes, compiled, values(SH["or"])),
        _not_check(shapes, compiled, values(SH["not"])),
        _qualified_check(shapes, compiled, node),
    ]
    shape.constraints = [check for found in checks for check in found]
    shape.properties = [
        _compile(shapes, p, compiled) for p in sorted(shapes.objects(node, SH.property), key=str)
    ]
    shape.sparql = [_sparql(shapes, c) for c in shapes.objects(node, SH.sparql)]
    if shape.sparql and path is not None:
        raise Unsupported(f"{node}: a SPARQL constraint on a property shape")
    return shape


# ---------------------------------------------------------------------------------------------------------
# Core constraints, each as pySHACL 0.40 evaluates it (its constraints/core modules)
# ---------------------------------------------------------------------------------------------------------


def _class_check(classes: list[Node]) -> list[_Check]:
    def check(run: _Run, focus: Node, values: list[Node], cls: Node) -> Iterator[tuple[Node | None, URIRef]]:
        for value in values:
            if not run.is_instance(value, cls):
                yield value, SH.ClassConstraintComponent

    return [_bind(check, cls) for cls in classes]


def _datatype_check(datatypes: list[Node]) -> list[_Check]:
    def check(
        run: _Run, focus: Node, values: list[Node], datatype: Node
    ) -> Iterator[tuple[Node | None, URIRef]]:
        for value in values:
            if not _has_datatype(value, datatype):
                yield value, SH.DatatypeConstraintComponent

    return [_bind(check, datatype) for datatype in datatypes]


def _has_datatype(value: Node, rule: Node) -> bool:
    if not isinstance(value, RdfLiteral):
        return False
    if value.datatype == rule:
        return value.ill_typed is not True and _actual(value, rule)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype:
        return value.datatype is not None
    if value.datatype is None and value.language is None and rule == XSD.string:
        return _actual(value, rule)
    return bool(rule == RDF.langString and value.language and _actual(value, rule))


_PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: datetime.date,
    XSD.time: datetime.time,
    XSD.dateTime: datetime.datetime,
}


def _actual(value: RdfLiteral, rule: Node) -> bool:
    """pySHACL's last test of a datatype: the literal's Python value is of the datatype's Python type."""
    wanted = _PYTHON_TYPES.get(rule)
    return wanted is None or isinstance(value.value, wanted)


def _node_kind_check(kinds: list[Node]) -> list[_Check]:
    allowed = {
        SH.IRI: (URIRef,),
        SH.BlankNode: (BNode,),
        SH.Literal: (RdfLiteral,),
        SH.BlankNodeOrIRI: (BNode, URIRef),
        SH.BlankNodeOrLiteral: (BNode, RdfLiteral),
        SH.IRIOrLiteral: (URIRef, RdfLiteral),
    }

    def check(run: _Run, focus: Node, values: list[Node], kind: Node) -> Iterator[tuple[Node | None, URIRef]]:
        for value in values:
            if not isinstance(value, allowed[kind]):  # type: ignore[index]
                yield value, SH.NodeKindConstraintComponent

    if any(kind not in allowed for kind in kinds):
        raise Unsupported(f"sh:nodeKind {kinds}")
    return [_bind(check, kind) for kind in kinds]


def _count_check(minimum: list[Node], maximum: list[Node]) -> list[_Check]:
    def at_least(
        run: _Run, focus: Node, values: list[Node], bound: int
    ) -> Iterator[tuple[Node | None, URIRef]]:
        if len(values) < bound:
            yield None, SH.MinCountConstraintComponent

    def at_most(
        run: _Run, focus: Node, values: list[Node], bound: int
    ) -> Iterator[tuple[Node | None, URIRef]]:
        if len(values) > bound:
            yield None, SH.MaxCountConstraintComponent

    return [_bind(at_least, _integer(m)) for m in minimum] + [_bind(at_most, _integer(m)) for m in maximum]


def _integer(node: Node) -> int:
    if not isinstance(node, RdfLiteral) or not isinstance(node.value, int):
        raise Unsupported(f"a count that is not an integer: {node}")
    return node.value


def _pattern_check(patterns: list[Node], flags: Node | None) -> list[_Check]:
    re_flags = 0
    if flags is not None:
        re_flags |= re.I if "i" in str(flags).lower() else 0
        re_flags |= re.M if "m" in str(flags).lower() else 0

    def check(
        run: _Run, focus: Node, values: list[Node], pattern: re.Pattern[str]
    ) -> Iterator[tuple[Node | None, URIRef]]:
        for value in values:
            if isinstance(value, BNode) or not pattern.search(_string(value)):
                yield value, SH.PatternConstraintComponent

    return [_bind(check, re.compile(str(p), re_flags)) for p in patterns]


def _string(value: Node) -> str:
    if (
        isinstance(value, RdfLiteral)
        and value.value is not None
        and value.datatype in (None, RDF.langString, XSD.string)
    ):
        return str(value.value)
    return str(value)


def _language_check(shapes: Graph, lists: list[Node]) -> list[_Check]:
    def check(
        run: _Run, focus: Node, values: list[Node], wanted: frozenset[str]
    ) -> Iterator[tuple[Node | None, URIRef]]:
        for value in values:
            language = value.language if isinstance(value, RdfLiteral) else None
            if not language or not (
                "*" in wanted or language.lower() in wanted or language.split("-")[0].lower() in wanted
            ):
                yield value, SH.LanguageInConstraintComponent

    return [_bind(check, frozenset(str(tag).lower() for tag in shapes.items(each))) for each in lists]


def _unique_language_check(flags: list[Node]) -> list[_Check]:
    def check(run: _Run, focus: Node, values: list[Node], _: None) -> Iterator[tuple[Node | None, URIRef]]:
        seen: set[str] = set()
        duplicated: set[str] = set()
        for value in values:
            if isinstance(value, RdfLiteral) and value.language:
                tag = value.language.lower()
                (duplicated if tag in seen else seen).add(tag)
        for _tag in duplicated:
            yield None, SH.UniqueLangConstraintComponent

    return [_bind(check, None) for flag in flags if isinstance(flag, RdfLiteral) and flag.value is True]


def _less_than_or_equals_check(properties: list[Node]) -> list[_Check]:
    def check(
        run: _Run, focus: Node, values: list[Node], other: Node
    ) -> Iterator[tuple[Node | None, URIRef]]:
        bounds = run.objects(focus, other)
        for value in values:
            for bound in bounds:
                if not _at_most(value, bound):
                    yield value, SH.LessThanOrEqualsConstraintComponent

    if any(not isinstance(p, URIRef) for p in properties):
        raise Unsupported("sh:lessThanOrEquals with a value that is not an IRI")
    return [_bind(check, p) for p in properties]


def _at_most(value: Node, bound: Node) -> bool:
    if isinstance(value, BNode) or isinstance(bound, BNode):
        raise Unsupported("sh:lessThanOrEquals on a blank node")  # pySHACL stops with an error
    left, left_is_text = _comparable(value)
    right, right_is_text = _comparable(bound)
    if left_is_text != right_is_text:
        return False
    try:
        return bool(left <= right)  # type: ignore[operator]
    except TypeError:
        return False


def _comparable(node: Node) -> tuple[object, bool]:
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, RdfLiteral) and isinstance(node.value, str):
        return node.value, True
    return node, False


def _or_check(shapes: Graph, compiled: dict[Node, _Shape], lists: list[Node]) -> list[_Check]:
    def check(
        run: _Run, focus: Node, values: list[Node], members: list[_Shape]
    ) -> Iterator[tuple[Node | None, URIRef]]:
        for value in values:
            if not any(run.conforms(value, member) for member in members):
                yield value, SH.OrConstraintComponent

    return [_bind(check, [_compile(shapes, m, compiled) for m in shapes.items(each)]) for each in lists]


def _not_check(shapes: Graph, compiled: dict[Node, _Shape], negated: list[Node]) -> list[_Check]:
    def check(
        run: _Run, focus: Node, values: list[Node], shape: _Shape
    ) -> Iterator[tuple[Node | None, URIRef]]:
        for value in values:
            if run.conforms(value, shape):
                yield value, SH.NotConstraintComponent

    return [_bind(check, _compile(shapes, each, compiled)) for each in negated]


def _qualified_check(shapes: Graph, compiled: dict[Node, _Shape], node: Node) -> list[_Check]:
    qualified = list(shapes.objects(node, SH.qualifiedValueShape))
    if not qualified:
        return []
    if len(qualified) > 1 or shapes.value(node, SH.qualifiedValueShapesDisjoint) is not None:
        raise Unsupported(f"{node}: several or disjoint qualified value shapes")
    shape = _compile(shapes, qualified[0], compiled)
    low = [_integer(n) for n in shapes.objects(node, SH.qualifiedMinCount)]
    high = [_integer(n) for n in shapes.objects(node, SH.qualifiedMaxCount)]

    def check(run: _Run, focus: Node, values: list[Node], _: None) -> Iterator[tuple[Node | None, URIRef]]:
        conforming = sum(1 for value in values if run.conforms(value, shape))
        if any(conforming > bound for bound in high):
            yield None, SH.QualifiedMaxCountConstraintComponent
        if any(conforming < bound for bound in low):
            yield None, SH.QualifiedMinCountConstraintComponent

    return [_bind(check, None)]


def _bind(check: Callable[..., Iterator[tuple[Node | None, URIRef]]], parameter: object) -> _Check:
    def bound(run: _Run, focus: Node, values: list[Node]) -> Iterator[tuple[Node | None, URIRef]]:
        return check(run, focus, values, parameter)

    return bound


# ---------------------------------------------------------------------------------------------------------
# SPARQL constraints: one query per constraint, for every focus node at once
# ---------------------------------------------------------------------------------------------------------

#: A token of SPARQL text that may hold a brace or parenthesis that is no syntax: a string, an IRI, a comment.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
#: Keywords SHACL forbids in a SPARQL constraint (or that change what pre-binding means).
_FORBIDDEN = re.compile(
    r"(?i:(?<![?$\w])(MINUS|VALUES|SERVICE)\b)|[$?](shapesGraph|currentShape|PATH|failure)\b"
)


def _sparql(shapes: Graph, constraint: Node) -> _SparqlConstraint:
    if shapes.value(constraint, SH.deactivated) is not None:
        raise Unsupported(f"{constraint} has sh:deactivated")
    select = shapes.value(constraint, SH.select)
    if select is None:
        raise Unsupported(f"{constraint} has no sh:select")
    prefixes = "".join(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for source in shapes.objects(constraint, SH.prefixes)
        for d in shapes.objects(source, SH.declare)
    )
    text = str(select)
    bare = _OPAQUE.sub(" ", text)
    if _FORBIDDEN.search(bare):
        raise Unsupported(f"{constraint}: MINUS, VALUES, SERVICE, ?failure or a pre-bound variable but $this")
    head = bare[: bare.find("{")] if "{" in bare else bare
    if not re.search(r"[$?]this\b|\*", head):
        raise Unsupported(f"{constraint}: its SELECT does not return $this")
    messages = tuple(m for m in shapes.objects(constraint, SH.message) if isinstance(m, RdfLiteral))
    return _SparqlConstraint(constraint, prefixes + text, messages)


def _with_target_first(text: str, target: _Target) -> str:
    """The query with the target's focus nodes bound to $this as the first pattern of its WHERE clause:
    joined first, which for a SHACL-valid constraint is what pre-binding $this means."""
    position = 0
    depth = 0
    while True:
        opaque = _OPAQUE.search(text, position)
        stop = opaque.start() if opaque else len(text)
        for index in range(position, stop):
            character = text[index]
            depth += {"(": 1, ")": -1}.get(character, 0)
            if character == "{" and depth == 0:
                return text[: index + 1] + "\n" + _target_pattern(target) + "\n" + text[index + 1 :]
        if opaque is None:
            raise Unsupported("a SPARQL constraint without a WHERE clause")
        position = opaque.end()


def _target_pattern(target: _Target) -> str:
    variable = "?nss_kg_target_object"
    alternatives = [f"{{ ?this rdf:type/rdfs:subClassOf* {_sparql_term(c)} }}" for c in target.classes]
    alternatives += [f"{{ ?this {_sparql_term(p)} {variable} }}" for p in target.subjects_of]
    alternatives += [f"{{ {variable} {_sparql_term(p)} ?this }}" for p in target.objects_of]
    if target.nodes:
        alternatives.append("{ VALUES ?this { " + " ".join(_sparql_term(n) for n in target.nodes) + " } }")
    rdf_type, sub_class = "<" + str(RDF.type) + ">", "<" + str(RDFS.subClassOf) + ">"
    union = " UNION ".join(alternatives).replace("rdf:type", rdf_type).replace("rdfs:subClassOf", sub_class)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _sparql_term(node: Node) -> str:
    if isinstance(node, BNode):
        raise Unsupported("a blank node as a target")
    return str(rdf_files.oxigraph_term(node, {}))


# ---------------------------------------------------------------------------------------------------------
# Running the plan
# ---------------------------------------------------------------------------------------------------------


class _Run:
    def __init__(self, data: Graph, store: pyshacl_patches.OxigraphCopy | None) -> None:
        self.data = data
        self.store = store
        self._conforms: dict[tuple[Node, int], bool] = {}
        self._superclasses: dict[Node, set[Node]] = {}
        self._originals: Mapping[str, list[RdfLiteral]] | None = None
        # Subject -> predicate -> objects: rdflib's triples() costs microseconds a call, a dict far less.
        self._index: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in data:
            self._index.setdefault(s, {}).setdefault(p, []).append(o)

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return self._index.get(subject, {}).get(predicate, [])

    def results(self, targeted: list[tuple[_Shape, _Target]]) -> list[Found]:
        found: list[Found] = []
        for shape, target in targeted:
            focus_nodes = self.focus_nodes(target)
            for focus in focus_nodes:
                found.extend(self.validate(focus, shape))
            for constraint in shape.sparql:
                found.extend(self.sparql(shape, target, constraint, focus_nodes))
        return found

    def focus_nodes(self, target: _Target) -> list[Node]:
        nodes: dict[Node, None] = dict.fromkeys(target.nodes)
        for cls in target.classes:
            for sub in self.data.transitive_subjects(RDFS.subClassOf, cls):
                nodes.update(dict.fromkeys(self.data.subjects(RDF.type, sub)))
        for p in target.subjects_of:
            nodes.update(dict.fromkeys(self.data.subjects(p, None)))
        for p in target.objects_of:
            nodes.update(dict.fromkeys(self.data.objects(None, p)))
        return list(nodes)

    def validate(self, focus: Node, shape: _Shape) -> Iterator[Found]:
        """The Core results of one focus node against a shape and its property shapes."""
        values = [focus] if shape.path is None else self.objects(focus, shape.path)
        for check in shape.constraints:
            for value, component in check(self, focus, values):
                yield (focus, shape.path, value, shape.severity, shape.messages, shape.node, component, None)
        for nested in shape.properties:
            yield from self.validate(focus, nested)

    def conforms(self, node: Node, shape: _Shape) -> bool:
        key = (node, id(shape))
        if key not in self._conforms:
            if shape.sparql:
                raise Unsupported(
                    f"{shape.node}: a SPARQL constraint inside sh:or, sh:not or a qualified shape"
                )
            self._conforms[key] = next(self.validate(node, shape), None) is None
        return self._conforms[key]

    def is_instance(self, node: Node, cls: Node) -> bool:
        if isinstance(node, RdfLiteral):
            return False
        for kind in self.objects(node, RDF.type):
            if kind not in self._superclasses:
                self._superclasses[kind] = {
                    c for c in self.data.transitive_objects(kind, RDFS.subClassOf) if c is not None
                }
            if cls in self._superclasses[kind]:
                return True
        return False

    def sparql(
        self, shape: _Shape, target: _Target, constraint: _SparqlConstraint, focus: list[Node]
    ) -> Iterator[Found]:
        if not focus:
            return
        if self.store is None:
            raise Unsupported("pyoxigraph refuses a term of the data graph")
        store, _, labels = self.store
        text = _with_target_first(constraint.text, target)
        answer = store.query(text)
        assert isinstance(answer, ox.QuerySolutions)
        names = [variable.value for variable in answer.variables]
        templates = constraint.messages or shape.messages
        seen: set[tuple[object, ...]] = set()
        for row in answer:
            bound = {
                name: rdf_files.rdflib_term(value, labels)
                for name, value in zip(names, row, strict=True)
                if value is not None
            }
            this = bound.pop("this", None)
            if this is None:
                continue  # joined with the target, $this is bound in every row that counts
            path = bound.pop("path", None)
            bound = {name: self.as_written(term, this, path) for name, term in bound.items()}
            value = bound.pop("value", None)
            key = (this, path, value, tuple(sorted(bound.items())))
            if key in seen:
                continue
            seen.add(key)
            value = this if value is None else value
            filled = {**bound, "this": this, **({"path": path} if path is not None else {}), "value": value}
            messages = tuple(_fill(template, filled) for template in templates)
            yield (
                this,
                path,
                value,
                shape.severity,
                messages,
                shape.node,
                SH.SPARQLConstraintComponent,
                constraint.node,
            )

    def as_written(self, term: Node, this: Node, path: Node | None) -> Node:
        """A literal from the store as the data graph writes it (the store normalises numbers, dates and
        booleans, and may merge two literals into one: "4"^^xsd:positiveInteger and "4"^^xsd:integer). Of
        several candidates, the one the focus node has (on the result's path, if any) is the one meant."""
        if not isinstance(term, RdfLiteral) or term.datatype is None or term.datatype == RDF.langString:
            return term
        if self._originals is None:
            self._originals = _originals(self.data)
        written = self._originals.get(term.n3(), [])
        if len(written) < 2:
            return written[0] if written else term
        near = (
            self.objects(this, path)
            if path is not None
            else [o for os in self._index.get(this, {}).values() for o in os]
        )
        return min(
            (w for w in written if w in near),
            default=min(written, key=lambda w: w.n3()),
            key=lambda w: w.n3(),
        )


def _originals(data: Graph) -> dict[str, list[RdfLiteral]]:
    """The typed literals of the graph by the form pyoxigraph stores them in, where that form stands for a
    literal written otherwise."""
    typed = sorted(
        {
            o
            for o in data.objects()
            if isinstance(o, RdfLiteral)
            and o.datatype is not None
            and o.datatype != RDF.langString
            and o.datatype != XSD.string
        },
        key=lambda o: o.n3(),
    )
    store = ox.Store()
    made = [rdf_files.oxigraph_term(literal, {}) for literal in typed]
    predicate = ox.NamedNode("urn:nss-kg:literal")
    store.extend(ox.Quad(ox.NamedNode(f"urn:nss-kg:literal:{i}"), predicate, m) for i, m in enumerate(made))
    by_stored: dict[str, list[RdfLiteral]] = {}
    changed: set[str] = set()
    for quad in store:
        index = int(quad.subject.value.rsplit(":", 1)[1])
        stored = rdf_files.rdflib_term(quad.object).n3()
        by_stored.setdefault(stored, []).append(typed[index])
        if str(quad.object) != str(made[index]):
            changed.add(stored)
    return {stored: written for stored, written in by_stored.items() if stored in changed}


def _fill(template: RdfLiteral, bound: Mapping[str, Node]) -> RdfLiteral:
    """A message template with its {?var} and {$var} filled as pySHACL fills them: by the terms' str()."""
    text = str(template)
    for name, term in bound.items():
        text = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _, term=term: str(term), text)  # type: ignore[misc]
    return RdfLiteral(text, lang=template.language)


def report_graph(found: Iterable[Found]) -> Graph:
    """A SHACL validation report graph of the results, as pySHACL writes one."""
    report = Graph()
    node = BNode()
    results = list(found)
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, RdfLiteral(not results)))
    for focus, path, value, severity, messages, shape, component, constraint in results:
        result = BNode()
        report.add((node, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, focus))
        report.add((result, SH.resultSeverity, severity))
        report.add((result, SH.sourceShape, shape))
        report.add((result, SH.sourceConstraintComponent, component))
        for predicate, term in ((SH.resultPath, path), (SH.value, value), (SH.sourceConstraint, constraint)):
            if term is not None:
                report.add((result, predicate, term))
        for message in messages:
            report.add((result, SH.resultMessage, message))
    return report
