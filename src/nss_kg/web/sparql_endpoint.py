"""``/sparql``: the SPARQL 1.1 Protocol, read-only, on the served store.

A query comes by GET (``?query=``), by POST as a form, or by POST directly
(``application/sparql-query``); ``default-graph-uri`` and ``named-graph-uri`` choose the dataset. Updates and
``SERVICE`` are refused; a query's nesting and chains are checked as nss_kg checks them
(``sparql_text.check_recursion``); it runs with a deadline, and at most ``max_rows`` rows (or triples) are
sent, the header ``X-SPARQL-MaxRows`` saying when the answer was cut. At most so many queries run at once:
under ``nss-kg serve`` in worker processes killed at their deadline (``query_workers.WorkerPool``), elsewhere
on threads (``QuerySlots``, where a query past its deadline keeps its slot until it really ends); when every
slot is taken the endpoint answers 503 at once. Results come in the W3C formats the ``Accept`` header asks
for; without a query the endpoint describes itself (SPARQL 1.1 Service Description).
"""

from __future__ import annotations

import functools
import itertools
import json
import threading
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

import pyoxigraph as ox

from nss_kg import querying, sparql_text
from nss_kg.errors import LocalResourceError, NssKgError, QueryError
from nss_kg.namespaces import GRAPH_IRI, PREFIXES
from nss_kg.results import GRAPH_FORMATS, QueryResult
from nss_kg.web import query_workers
from nss_kg.web.negotiation import choose

#: Result formats by media type: SELECT and ASK results …
SOLUTION_TYPES = [
    ("json", "application/sparql-results+json"),
    ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"),
    ("tsv", "text/tab-separated-values"),
    ("json", "application/json"),
    ("xml", "application/xml"),
    ("xml", "text/xml"),
    ("html", "text/html"),
]
#: … and CONSTRUCT and DESCRIBE results.
GRAPH_TYPES = [
    ("turtle", "text/turtle"),
    ("ntriples", "application/n-triples"),
    ("rdfxml", "application/rdf+xml"),
    ("jsonld", "application/ld+json"),
    ("jsonld", "application/json"),
    ("nquads", "application/n-quads"),
    ("trig", "application/trig"),
    ("ntriples", "text/plain"),
    ("html", "text/html"),
]
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "nquads": "application/n-quads",
    "trig": "application/trig",
}
_XSD_STRING = PREFIXES["xsd"] + "string"
T = TypeVar("T")


class Limits(NamedTuple):
    """How long a query may run (seconds) and how many rows or triples it may send."""

    timeout: float
    max_rows: int


class Answer(NamedTuple):
    result: QueryResult
    truncated: bool


class Refused(NssKgError):
    """A request the endpoint will not run: ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class Busy(Refused):
    """Every query slot is taken: 503, to be tried again after ``RETRY_AFTER`` seconds."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 503)


#: What a 503 (every query slot taken) tells the client to wait, in seconds (the ``Retry-After`` header).
RETRY_AFTER = 1


class QuerySlots:
    """At most ``size`` queries running at once, counted from the moment a query is let in until its worker
    thread really ends: a query past its deadline still holds its slot while it runs on. (``nss-kg serve``
    runs its queries in worker processes instead, which can be stopped: ``query_workers.WorkerPool``.)"""

    def __init__(self, size: int, store: ox.Store) -> None:
        self.size = size
        self.store = store
        self._free = threading.BoundedSemaphore(size)

    def run(self, job: Callable[[ox.Store], T], timeout: float, name: str) -> T:
        """``job`` applied to the store on a worker thread with a deadline (``querying.with_deadline``), in a
        slot; a Busy at once if none is free."""
        if not self._free.acquire(blocking=False):
            raise Busy(
                f"{self.size} queries are running already, the most this server runs at once; "
                f"try again in {RETRY_AFTER} s"
            )
        entered = False

        def in_slot() -> T:
            nonlocal entered
            entered = True
            try:
                return job(self.store)
            finally:
                self._free.release()  # on the worker thread, when the query ends, deadline or not

        try:
            return querying.with_deadline(in_slot, timeout, name)
        except LocalResourceError:
            raise  # past the deadline: the worker thread gives the slot back when it ends
        except BaseException:
            if not entered:  # the worker thread never ran (it could not be started)
                self._free.release()
            raise


def term_json(term: object) -> dict[str, str]:
    """A term in SPARQL 1.1 JSON results."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        written = {"type": "literal", "value": term.value}
        if term.language:
            written["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            written["datatype"] = term.datatype.value
        return written
    raise Refused("the answer holds an RDF 1.2 triple term, which this endpoint does not send", 500)


#: Compact JSON (no spaces after separators), as the results are sent.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def solutions_json(names: Sequence[str], rows: Sequence[ox.QuerySolution]) -> bytes:
    """SELECT results as SPARQL 1.1 JSON. Written piece by piece, each distinct term once (results repeat
    their terms): twice as fast as building the dictionaries for ``json.dumps``."""
    keys = [_encode(name) + ":" for name in names]
    written: dict[object, str] = {}
    bindings = []
    for row in rows:
        cells = []
        for i, key in enumerate(keys):
            term = row[i]
            if term is None:
                continue
            text = written.get(term)
            if text is None:
                text = written[term] = _encode(term_json(term))
            cells.append(key + text)
        bindings.append("{" + ",".join(cells) + "}")
    head = '{"head":{"vars":' + _encode(list(names)) + '},"results":{"bindings":['
    return (head + ",".join(bindings) + "]}}").encode("utf-8")


def _graphs(uris: Sequence[str], argument: str) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(uri) for uri in uris]
    except ValueError:
        raise Refused(f"{argument}: not an absolute IRI") from None


def check(text: str) -> None:
    """Refuse what this endpoint will not run: updates, SERVICE, nesting too deep (a Refused)."""
    try:
        sparql_text.check_recursion(text, "query")
        sparql_text.query_form(text)  # an update is refused here
    except QueryError as error:
        raise Refused(str(error)) from None
    if sparql_text.uses_service(text):
        raise Refused("SERVICE is not allowed here: this endpoint never reaches other servers", 403)


def evaluate(
    store: ox.Store,
    text: str,
    limits: Limits,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    *,
    slots: QuerySlots | query_workers.WorkerPool,
) -> Answer:
    """Run a query on ``store`` within ``limits``, in one of ``slots``; a Refused for a query that does not
    parse, a Busy if every slot is taken, a LocalResourceError if it runs past the deadline."""
    check(text)
    defaults = _graphs(default_graphs, "default-graph-uri") or None
    named = _graphs(named_graphs, "named-graph-uri") or None
    job = functools.partial(answer, text=text, defaults=defaults, named=named, max_rows=limits.max_rows)
    try:
        result, truncated = slots.run(job, limits.timeout, "sparql")
    except SyntaxError as error:
        raise Refused(f"malformed SPARQL: {error.msg}") from None
    except OSError as error:
        raise Refused(f"the query failed: {error}", 500) from None
    except query_workers.EngineCrashed as error:
        raise Refused(str(error), 500) from None
    return Answer(result, truncated)


def answer(
    store: ox.Store,
    *,
    text: str,
    defaults: list[ox.NamedNode] | None,
    named: list[ox.NamedNode] | None,
    max_rows: int,
) -> tuple[QueryResult, bool]:
    """The query's answer on ``store``, at most ``max_rows`` rows or triples, and whether it was cut. A
    module-level function, so that a worker process can be sent it."""
    found = store.query(text, default_graph=defaults, named_graphs=named)  # type: ignore[arg-type]
    if isinstance(found, ox.QueryBoolean):
        payload = json.dumps({"head": {}, "boolean": bool(found)})
        return QueryResult("ASK", payload.encode()), False
    if isinstance(found, ox.QueryTriples):
        triples = list(itertools.islice(found, max_rows + 1))
        kept = triples[:max_rows]
        return QueryResult("CONSTRUCT", ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES) or b""), len(
            triples
        ) > max_rows
    names = [v.value for v in found.variables]
    rows = list(itertools.islice(found, max_rows + 1))
    return QueryResult("SELECT", solutions_json(names, rows[:max_rows])), len(rows) > max_rows


def result_format(result: QueryResult, accept: str | None) -> str | None:
    """The format the Accept header asks for among those that suit the result (None: 406)."""
    return choose(accept, GRAPH_TYPES if result.is_graph else SOLUTION_TYPES)


def serialize(result: QueryResult, format: str) -> bytes:
    """The result in one of the W3C formats (``GRAPH_FORMATS`` or the SPARQL result formats)."""
    if result.is_graph and format not in GRAPH_FORMATS:
        raise Refused(f"format {format} does not suit a {result.form} result", 406)
    if format == ("ntriples" if result.is_graph else "json"):
        return result.payload  # already in that format: not parsed and written again
    try:
        return result.serialize(format)
    except QueryError as error:  # XML of a control character
        raise Refused(str(error), 406) from None


SERVICE_FORMATS = (
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG",
)  # fmt: skip


def service_description(url: str, triples: int, limits: Limits) -> list[ox.Triple]:
    """The endpoint described in the SPARQL 1.1 Service Description vocabulary."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    comment = (
        f"Read-only: updates and SERVICE are refused; a query may run {limits.timeout:g} s "
        f"and send {limits.max_rows} rows."
    )
    text = f"""
        @prefix sd: <{sd}> .
        @prefix void: <http://rdfs.org/ns/void#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{url}> a sd:Service ;
            sd:endpoint <{url}> ;
            sd:supportedLanguage sd:SPARQL11Query ;
            sd:resultFormat {", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in SERVICE_FORMATS)} ;
            rdfs:comment "{comment}" ;
            sd:defaultDataset [ a sd:Dataset ;
                dcterms:source <https://w3id.org/nss-kg/dataset> ;
                sd:defaultGraph [ a sd:Graph ; void:triples {triples} ] ;
                sd:namedGraph [ a sd:NamedGraph ; sd:name <{GRAPH_IRI}> ;
                    sd:graph [ a sd:Graph ; void:triples {triples} ] ] ] .
    """
    return [quad.triple for quad in ox.parse(text, format=ox.RdfFormat.TURTLE)]
