"""The remote engine: runs queries on a SPARQL endpoint over HTTP (SPARQL 1.1 Protocol).

Each query is sent by nss_kg.http_client, with a User-Agent, a deadline, credentials, a bounded retry for
these reads, and one-line errors; and scoped to one named graph by the protocol's ``default-graph-uri`` (and
``named-graph-uri``), so that whatever else the store holds never leaks into results: Oxigraph's default
graph is empty and Virtuoso's is the union of all its graphs, but with the dataset given both answer from
our graph.

SPARQLWrapper is not used here, although it speaks the same protocol: it sends through urllib's process-wide
opener (its digest auth replaces that opener for the whole process), so it cannot bound a request by a
deadline, keep credentials from following a redirect to another origin, or refuse redirects to other schemes,
and it truncates timeouts to whole seconds. The request itself is a few lines (see ``_request``).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping

from pyoxigraph import RdfFormat, parse, serialize

from nss_kg import http_client, xml_safety
from nss_kg.binding import Term, with_values
from nss_kg.catalogue import QueryInfo
from nss_kg.connection import DEFAULT_RETRIES, Endpoint, endpoint
from nss_kg.errors import EndpointError, InputError, one_line
from nss_kg.results import QueryResult

#: Longest URL sent as a GET; longer queries go as a POST form, which no server limits so tightly.
MAX_GET_URL = 4000
SOLUTIONS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_JSON_TYPES = ("application/sparql-results+json", "application/json")


class RemoteEngine:
    """Runs queries on a SPARQL endpoint (a URL or an nss_kg.Endpoint), scoped to the endpoint's graph.

    A request is tried again up to ``retries`` times, with backoff, only when it never arrived (a refused
    connection) or the server said it was busy (502, 503, 504).
    """

    def __init__(
        self, target: Endpoint | str, *, timeout: float | None = None, retries: int = DEFAULT_RETRIES
    ) -> None:
        self.endpoint = endpoint(target, timeout=timeout)  # ``timeout`` where the Endpoint names none
        self.client = http_client.Client(
            credentials=self.endpoint.credentials(),
            timeout=self.endpoint.timeout,
            retries=retries,
            urls=[self.endpoint.url],
        )

    def _send(self, text: str, form: str) -> http_client.Response:
        graph = self.endpoint.graph or ""
        fields = urllib.parse.urlencode({"query": text, "default-graph-uri": graph, "named-graph-uri": graph})
        accept = GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else SOLUTIONS_ACCEPT
        url = self.endpoint.url
        if len(url) + 1 + len(fields) <= MAX_GET_URL:
            separator = "&" if urllib.parse.urlsplit(url).query else "?"
            return self.client.request(
                "GET", url + separator + fields, headers={"Accept": accept}, read_only=True
            )
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        return self.client.request("POST", url, data=fields.encode("ascii"), headers=headers, read_only=True)

    def execute(self, info: QueryInfo, bindings: Mapping[str, Term]) -> QueryResult:
        form = info.form
        answer = self._send(with_values(info.text, bindings), form)
        origin = http_client.where(self.endpoint.url)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(form, _to_ntriples(answer, origin))
        if answer.content_type not in _JSON_TYPES:
            shown = answer.content_type or "no content type"
            raise EndpointError(
                f"{origin}: the answer is {shown}, not SPARQL JSON results (is this a SPARQL endpoint?)"
            )
        try:
            return QueryResult.from_json(form, _standardised(answer.body), origin)
        except EndpointError as error:
            raise EndpointError(one_line(str(error))) from None


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_CANONICAL_BOOLEAN = {"1": "true", "0": "false"}


def _standardised(payload: bytes) -> bytes:
    """SPARQL JSON as every engine writes it. Virtuoso sends blank node labels ``nodeID://b10003``, which
    is no blank node label in any RDF syntax: each becomes ``b0``, ``b1`` … (the same label the same one).
    It writes an xsd:boolean as "1"/"0": the same values, written canonically as "true"/"false"."""
    if b'"bnode"' not in payload and b"XMLSchema#boolean" not in payload:
        return payload
    try:
        document = json.loads(payload)
        rows = document["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        return payload  # from_json says what is wrong with it
    labels: dict[str, str] = {}
    for row in rows if isinstance(rows, list) else []:
        for term in row.values() if isinstance(row, dict) else []:
            if not isinstance(term, dict):
                continue
            if term.get("type") == "bnode":
                term["value"] = labels.setdefault(str(term.get("value")), f"b{len(labels)}")
            elif term.get("datatype") == _BOOLEAN and term.get("value") in _CANONICAL_BOOLEAN:
                term["value"] = _CANONICAL_BOOLEAN[term["value"]]
    return json.dumps(document).encode()


def _to_ntriples(answer: http_client.Response, origin: str) -> bytes:
    """A CONSTRUCT's answer, in whichever RDF syntax the server chose, as N-Triples."""
    rdf_format = RdfFormat.from_media_type(answer.content_type) if answer.content_type else None
    if rdf_format is None:
        shown = answer.content_type or "no content type"
        raise EndpointError(f"{origin}: the answer is {shown}, not RDF (is this a SPARQL endpoint?)")
    if rdf_format == RdfFormat.RDF_XML:
        try:
            xml_safety.check(answer.body, f"{origin}: the answer")
        except InputError as error:
            raise EndpointError(str(error)) from None
    try:
        triples = [quad.triple for quad in parse(answer.body, format=rdf_format)]
    except (SyntaxError, ValueError) as error:
        raise EndpointError(
            f"{origin}: the answer is not valid {rdf_format.name} ({one_line(str(error))})"
        ) from None
    return serialize(triples, format=RdfFormat.N_TRIPLES) or b""
