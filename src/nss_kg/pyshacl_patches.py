"""What nss-kg changes in pySHACL's ways, all in one place, for the pySHACL versions pyproject.toml admits.

Each piece relies on a pySHACL internal (tests/test_validation.py checks each against the installed version):
- ``hash_constraint_parameters``: the list of constraint parameters pySHACL caches on ``pyshacl.shape``;
- ``OxigraphQueriedGraph``: that pySHACL runs a SPARQL constraint through the data graph's ``query()``, text
  and ``initBindings``, once per focus node;
- ``template_language``: that pySHACL fills a SPARQL constraint's message template but drops its language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Union, cast

import pyoxigraph as ox
from rdflib import SH, BNode, Graph, Variable
from rdflib import Literal as RdfLiteral
from rdflib.query import Processor, Result
from rdflib.term import Identifier, Node

from nss_kg import rdf_files

if TYPE_CHECKING:
    # rdflib's SPARQL engine (its parser alone 70 ms to import) only where pySHACL runs: the compiled
    # validation needs none of it.
    from rdflib.plugins.sparql.sparql import Query

Triple = tuple[Node, Node, Node]


@lru_cache(maxsize=1)
def hash_constraint_parameters() -> None:
    """For every shape it evaluates (some 13,000 on our graph, nested ones included) pySHACL tests each of the
    shape's predicates for membership in a list of constraint parameters, with rdflib's slow term equality:
    2.5 million comparisons, a fifth of validating the packaged graph. It caches that list on its shape
    module; handing it a frozenset of the same members first makes the test a hash lookup (pySHACL only
    copies and extends the list in its advanced and JavaScript modes, which we never enable)."""
    import pyshacl.shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    # Set whether or not pySHACL has cached its list already (a direct pyshacl.validate call in this process).
    pyshacl.shape.CONSTRAINT_PARAMS = (frozenset(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)  # type: ignore[attr-defined]


def template_language(text: str, shapes_graph: Graph, *shapes: Node | None) -> str | None:
    """The language of the shape's sh:message template that ``text`` was made from.

    pySHACL fills a SPARQL constraint's {?var} placeholders but drops the message's language tag.
    """
    for shape in shapes:
        for template in shapes_graph.objects(shape, SH.message):
            if not isinstance(template, RdfLiteral) or not template.language:
                continue
            if _template_regex(str(template)).fullmatch(text):
                return template.language
    return None


@lru_cache(maxsize=256)
def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{\\[?$]\w+\\\}", ".*", re.escape(template)), re.DOTALL)


@lru_cache(maxsize=256)
def _prepare(text: str) -> Query:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


#: A graph's copy in pyoxigraph: the store, the graph's blank nodes to the copy's, the copy's labels back.
OxigraphCopy = tuple[ox.Store, dict[BNode, ox.BlankNode], dict[str, BNode]]


class OxigraphQueriedGraph(Graph):
    """A Graph whose SPARQL queries pyoxigraph answers while ``validating``, on a copy of its triples made
    at the first query.

    pySHACL runs a SPARQL constraint once for every focus node, with $this pre-bound: rdflib parsed the
    text each time and evaluated it slowly (0.4 s of validating the packaged graph in 1.35 s). pyoxigraph
    takes microseconds, and its substitutions (SEP-0007) are SHACL's pre-binding; they need $this projected,
    as each of our constraints does (tests/test_shapes.py). A graph holding a term that pyoxigraph refuses
    (a user's rdflib Graph may hold an IRI with a space) is queried by rdflib, each text parsed once. Outside
    ``validating`` (the report's data_graph in users' hands) it is an rdflib Graph like any other.
    """

    validating = False
    _copy: OxigraphCopy | None = None
    _refused = False

    def __init__(self, store: str = "SimpleMemory") -> None:
        # rdflib's store without contexts: lookups twice as fast as the default Memory store's, adds a fifth
        # faster, and the compiled validation is mostly lookups. pySHACL needs contexts: for_pyshacl().
        super().__init__(store=store)
        # The copy's quads and blank nodes as pyoxigraph read them (add_parsed), while every triple came so;
        # None once one came another way, and the copy is then made by converting each triple back.
        self._parsed: tuple[list[ox.Quad], dict[BNode, ox.BlankNode]] | None = ([], {})

    def add_parsed(
        self, pairs: Iterable[tuple[Triple, ox.Triple]], blank_nodes: Mapping[BNode, ox.BlankNode]
    ) -> None:
        """Add triples pyoxigraph read, each given as rdflib's and as pyoxigraph's (``blank_nodes`` pairs
        their blank nodes), so that the copy takes them as they are: converting them back took a fifth of
        validating the packaged graph."""
        self._copy = None
        pairs = list(pairs)
        super().addN((*triple, self) for triple, _ in pairs)
        if self._parsed is not None:
            self._parsed[0].extend(ox.Quad(*parsed) for _, parsed in pairs)
            self._parsed[1].update(blank_nodes)

    def for_pyshacl(self) -> OxigraphQueriedGraph:
        """This graph, or its copy in a store that knows contexts (pySHACL wraps it in a ConjunctiveGraph)."""
        if self.store.context_aware:
            return self
        copy = OxigraphQueriedGraph(store="Memory")
        copy += self
        return copy

    def add(self, triple: Triple) -> OxigraphQueriedGraph:
        self._copy = self._parsed = None
        return super().add(triple)

    def addN(self, quads: Iterable[tuple[Node, Node, Node, Any]]) -> OxigraphQueriedGraph:
        self._copy = self._parsed = None
        return super().addN(quads)

    def remove(self, triple: tuple[Node | None, Node | None, Node | None]) -> OxigraphQueriedGraph:
        self._copy = self._parsed = None
        return super().remove(triple)

    def done_validating(self) -> None:
        """Back to rdflib for every query, the copy's memory freed."""
        self.validating = False
        self._copy = None

    def query(
        self,
        query_object: Union[str, Query],  # noqa: UP007 -- same signature as rdflib's
        processor: Union[str, Processor] = "sparql",  # noqa: UP007
        result: Union[str, type[Result]] = "sparql",  # noqa: UP007
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Identifier] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if self.validating and isinstance(query_object, str) and not initNs:
            copy = self.oxigraph_copy()
            if copy is not None:
                answer = _query_copy(copy, query_object, initBindings or {})
                if answer is not None:
                    return answer
            query_object = _prepare(query_object)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )

    def oxigraph_copy(self) -> OxigraphCopy | None:
        """The copy, made now if the graph changed since; None if pyoxigraph refuses one of its terms."""
        if self._copy is None and self._parsed is not None:
            quads, parsed_blank_nodes = self._parsed
            store = ox.Store()
            store.extend(quads)
            labels = {made.value: node for node, made in parsed_blank_nodes.items()}
            self._copy = (store, dict(parsed_blank_nodes), labels)
        if self._copy is None and not self._refused:
            blank_nodes: dict[BNode, ox.BlankNode] = {}
            store = ox.Store()
            try:
                store.extend(
                    ox.Quad(*(rdf_files.oxigraph_term(term, blank_nodes) for term in triple))  # type: ignore[arg-type]
                    for triple in self
                    # RDFS inference adds generalised triples ("x"@en a rdfs:Resource) that no shape asks for
                    if not isinstance(triple[0], RdfLiteral)
                )
            except (ValueError, TypeError):  # TypeError: a blank node or literal as predicate
                self._refused = True
                return None
            labels = {made.value: node for node, made in blank_nodes.items()}
            self._copy = (store, blank_nodes, labels)
        return self._copy


def _query_copy(copy: OxigraphCopy, text: str, bindings: Mapping[str, Identifier]) -> Result | None:
    """pyoxigraph's answer on the copy, $this and the like substituted; None if it refuses a bound term."""
    store, blank_nodes, labels = copy
    try:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {}
        for name, term in bindings.items():
            substitutions[ox.Variable(str(name))] = made = rdf_files.oxigraph_term(term, blank_nodes)
            if isinstance(term, BNode):  # the graph's own, or one met first here: either maps back to itself
                labels[made.value] = term
    except (ValueError, TypeError):
        return None
    return _rdflib_result(store.query(text, substitutions=substitutions), labels)


def _rdflib_result(
    answer: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples, labels: dict[str, BNode]
) -> Result:
    """pyoxigraph's answer as rdflib's; ``labels`` maps the copy's blank nodes back to the graph's."""
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QuerySolutions):
        result = Result("SELECT")
        result.vars = [Variable(variable.value) for variable in answer.variables]
        result.bindings = [
            {
                name: cast(Identifier, rdf_files.rdflib_term(value, labels))
                for name, value in zip(result.vars, row, strict=True)
                if value is not None
            }
            for row in answer
        ]
        return result
    result = Result("CONSTRUCT")
    result.graph = Graph()
    for subject, predicate, value in answer:
        result.graph.add(
            (
                rdf_files.rdflib_term(subject, labels),
                rdf_files.rdflib_term(predicate),
                rdf_files.rdflib_term(value, labels),
            )
        )
    return result
