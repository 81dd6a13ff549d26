"""Query results, the same whichever engine answered: SELECT and ASK results are kept as SPARQL 1.1 JSON,
CONSTRUCT and DESCRIBE results as N-Triples, and read or rewritten with pyoxigraph's parsers and serializers
(W3C SPARQL JSON, XML, CSV and TSV; Turtle, N-Triples, RDF/XML, JSON-LD …)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from nss_kg.errors import EndpointError
from nss_kg.namespaces import INTEGER_TYPES, PREFIXES, XSD

if TYPE_CHECKING:
    import rdflib

Term = NamedNode | BlankNode | Literal | Triple
Row = tuple[Term | None, ...]

#: Result formats by the names the CLI and the library accept.
SOLUTION_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "rdfxml": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
    "n3": RdfFormat.N3,
    # A CONSTRUCT's triples are the default graph's: N-Quads and TriG for stores that load only those.
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
}


class QueryResult:
    """The answer to one query: ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE."""

    __slots__ = ("form", "payload")

    def __init__(self, form: str, payload: bytes) -> None:
        self.form = form
        self.payload = payload  # SPARQL JSON for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE

    def __repr__(self) -> str:
        return f"<QueryResult {self.form}, {len(self.payload)} bytes>"

    @classmethod
    def from_pyoxigraph(cls, form: str, answer: QuerySolutions | QueryBoolean | QueryTriples) -> QueryResult:
        if isinstance(answer, QueryTriples):
            return cls(form, answer.serialize(format=RdfFormat.N_TRIPLES) or b"")
        return cls(form, answer.serialize(format=QueryResultsFormat.JSON) or b"")

    @classmethod
    def from_json(cls, form: str, payload: bytes, origin: str) -> QueryResult:
        """A result received as SPARQL JSON; an EndpointError if it is not."""
        try:
            parsed = parse_query_results(payload, format=QueryResultsFormat.JSON)
            if isinstance(parsed, QuerySolutions):
                list(parsed)
        except (SyntaxError, ValueError) as error:
            raise EndpointError(f"{origin}: the answer is not SPARQL JSON results ({error})") from None
        return cls(form, payload)

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def _solutions(self) -> QuerySolutions | QueryBoolean:
        return parse_query_results(self.payload, format=QueryResultsFormat.JSON)

    @property
    def variables(self) -> list[str]:
        """The SELECT's variables, in order."""
        solutions = self._solutions()
        return [v.value for v in solutions.variables] if isinstance(solutions, QuerySolutions) else []

    def rows(self) -> list[Row]:
        """The SELECT's rows as pyoxigraph terms (None where unbound)."""
        solutions = self._solutions()
        if not isinstance(solutions, QuerySolutions):
            return []
        width = len(solutions.variables)
        return [tuple(solution[i] for i in range(width)) for solution in solutions]

    def __bool__(self) -> bool:
        """An ASK's answer; for other forms, whether there is anything."""
        if self.is_graph:
            return bool(self.payload.strip())
        solutions = self._solutions()
        return bool(solutions) if isinstance(solutions, QueryBoolean) else any(True for _ in solutions)

    def to_dicts(self) -> list[dict[str, object]]:
        """The SELECT's rows as dicts of Python values (numbers, dates, str); unbound variables left out."""
        names = self.variables
        return [
            {name: to_python(term) for name, term in zip(names, row, strict=True) if term is not None}
            for row in self.rows()
        ]

    def triples(self) -> Iterator[Triple]:
        """A CONSTRUCT's triples."""
        for quad in parse(self.payload, format=RdfFormat.N_TRIPLES):
            yield quad.triple

    def serialize(self, format: str) -> bytes:
        """The result in a W3C format: json, xml, csv, tsv (SELECT/ASK) or turtle, ntriples, … (CONSTRUCT);
        an ArgumentError for a format that does not suit the result."""
        known = GRAPH_FORMATS if self.is_graph else SOLUTION_FORMATS
        if not isinstance(format, str) or format not in known:
            from nss_kg.errors import ArgumentError

            raise ArgumentError(
                f"format must be one of {', '.join(known)} for a {self.form} result, not {format!r}"
            )
        if format in ("xml", "rdfxml") and not _xml_writable(
            term.value
            for row in (self.triples() if self.is_graph else self.rows())
            for term in row
            if isinstance(term, Literal)
        ):
            from nss_kg.errors import QueryError

            raise QueryError(
                "the result holds a control character, which XML 1.0 cannot carry: "
                f"choose a format other than {format}"
            )
        if self.is_graph:
            return serialize(self.triples(), format=GRAPH_FORMATS[format], prefixes=PREFIXES) or b""
        return self._solutions().serialize(format=SOLUTION_FORMATS[format]) or b""

    def to_graph(self) -> rdflib.Graph:
        """A CONSTRUCT's triples as an rdflib Graph."""
        from nss_kg.rdf_files import to_rdflib

        return to_rdflib(self.triples())

    def rdflib_rows(self) -> list[tuple[rdflib.term.Node | None, ...]]:
        """The SELECT's rows as rdflib terms (None where unbound), to use with rdflib, as on the Graph a
        query was given with ``graph=``."""
        from nss_kg.rdf_files import rdflib_term

        return [tuple(None if t is None else rdflib_term(t) for t in row) for row in self.rows()]


def _xml_writable(texts: Iterator[str]) -> bool:
    from nss_kg import xml_safety  # only for XML output: its expat import is not for every query

    return xml_safety.writable(texts)


def to_python(term: Term) -> object:
    """A term as the Python value a notebook user expects."""
    if isinstance(term, Literal):
        import datetime  # here, not at the top: the CLI's tables never need them
        import decimal

        datatype = term.datatype.value
        try:
            if datatype.startswith(XSD) and datatype[len(XSD) :] in INTEGER_TYPES:
                return int(term.value)
            if datatype == XSD + "decimal":
                return decimal.Decimal(term.value)
            if datatype in (XSD + "double", XSD + "float"):
                return float(term.value)
            if datatype == XSD + "date":
                return datetime.date.fromisoformat(term.value)
            if datatype == XSD + "boolean":
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    if isinstance(term, Triple):
        return str(term)
    return term.value
