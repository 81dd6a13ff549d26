"""The remote engine: runs queries on a SPARQL endpoint over HTTP (SPARQL 1.1 Protocol).

SPARQLWrapper writes each request (query or form parameters, the Accept header, the dataset parameters);
nss_kg.http sends it, with a User-Agent, a timeout, credentials, a bounded retry for these reads, and one-line
errors. Every query is scoped to one named graph by the protocol's ``default-graph-uri`` (and
``named-graph-uri``), so whatever else the store holds never leaks into results: Oxigraph's default graph is
empty and Virtuoso's is the union of all its graphs, but with the dataset given both answer from our graph.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from pyoxigraph import RdfFormat, parse, serialize
from SPARQLWrapper import GET, JSON, POST, TURTLE, SPARQLWrapper

from nss_kg import http, xml_safety
from nss_kg.connection import DEFAULT_RETRIES, credentials, endpoint_url, graph_name, timeout_seconds
from nss_kg.errors import EndpointError, InputError, one_line
from nss_kg.results import QueryResult

if TYPE_CHECKING:
    import urllib.request

#: Longest URL sent as a GET; longer queries go as a POST form, which no server limits so tightly.
MAX_GET_URL = 4000
SOLUTIONS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_JSON_TYPES = ("application/sparql-results+json", "application/json")


class RemoteEngine:
    """Runs queries on a SPARQL endpoint, scoped to ``graph_iri`` (nss-kg's graph by default).

    Credentials are ``user`` and ``password`` (else the NSS_KG_USER and NSS_KG_PASSWORD variables), sent by
    ``auth``: ``basic``, ``digest`` or ``auto`` (whichever the server asks for). Each request waits at most
    ``timeout`` seconds for the server; it is tried again up to ``retries`` times, with backoff, after a
    refused or cut connection or a 5xx answer.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        graph_iri: str | None = None,
        timeout: float | None = None,
        user: str | None = None,
        password: str | None = None,
        auth: str | None = None,
        retries: int = DEFAULT_RETRIES,
    ) -> None:
        self.endpoint = endpoint_url(endpoint)
        self.graph_iri = graph_name(graph_iri)
        self.client = http.Client(
            credentials=credentials(user, password, auth),
            timeout=timeout_seconds(timeout),
            retries=retries,
            urls=[endpoint],
        )

    def _request(self, text: str, form: str) -> urllib.request.Request:
        wrapper = SPARQLWrapper(self.endpoint, agent=http.USER_AGENT)
        wrapper.setOnlyConneg(True)  # the Accept header alone, no format=… parameters
        wrapper.setQuery(text)
        # SPARQLWrapper guesses the form with a regular expression that takes "nuclear" for CLEAR; we know it.
        wrapper.queryType = form
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        wrapper.setReturnFormat(TURTLE if graph_form else JSON)
        wrapper.addParameter("default-graph-uri", self.graph_iri)
        wrapper.addParameter("named-graph-uri", self.graph_iri)
        wrapper.addCustomHttpHeader("Accept", GRAPH_ACCEPT if graph_form else SOLUTIONS_ACCEPT)
        request = wrapper._createRequest()
        if len(request.full_url) > MAX_GET_URL:
            wrapper.setMethod(POST)
            request = wrapper._createRequest()
        else:
            wrapper.setMethod(GET)
        return request

    def execute(self, text: str, form: str) -> QueryResult:
        answer = self.client.send(self._request(text, form), read_only=True)
        origin = http.where(self.endpoint)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(form, _to_ntriples(answer, origin))
        if answer.content_type not in _JSON_TYPES:
            shown = answer.content_type or "no content type"
            raise EndpointError(
                f"{origin}: the answer is {shown}, not SPARQL JSON results (is this a SPARQL endpoint?)"
            )
        try:
            return QueryResult.from_json(form, _relabel_blank_nodes(answer.body), origin)
        except EndpointError as error:
            raise EndpointError(one_line(str(error))) from None


def _relabel_blank_nodes(payload: bytes) -> bytes:
    """SPARQL JSON with blank node labels made valid: Virtuoso sends ``nodeID://b10003``, which is not a
    blank node label in any RDF syntax. Each label becomes ``b0``, ``b1`` … (the same label the same one)."""
    if b'"bnode"' not in payload:
        return payload
    try:
        document = json.loads(payload)
        rows = document["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        return payload  # from_json says what is wrong with it
    labels: dict[str, str] = {}
    for row in rows if isinstance(rows, list) else []:
        for term in row.values() if isinstance(row, dict) else []:
            if isinstance(term, dict) and term.get("type") == "bnode":
                term["value"] = labels.setdefault(str(term.get("value")), f"b{len(labels)}")
    return json.dumps(document).encode()


def _to_ntriples(answer: http.Response, origin: str) -> bytes:
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
