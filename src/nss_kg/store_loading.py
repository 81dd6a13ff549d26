"""``nss_kg.load``: put the graph (ontology + data) into ONE named graph of a triple store, safely.

The triples go first into a fresh temporary graph (``urn:nss-kg:load:<uuid>``), by the SPARQL 1.1 Graph Store
HTTP Protocol (one PUT) or SPARQL 1.1 Update (INSERT DATA in chunks that keep each blank node's triples
together). Then the store is asked how many triples that graph holds; only when it holds every one is it
swapped into place with one ``MOVE`` (which replaces the target graph). On any failure the temporary graph is
dropped and the target graph is left as it was: a store that keeps half of a malformed or cut upload (Virtuoso
does) keeps it in the temporary graph, never in ours. No other graph, and never the default graph, is touched.
After the MOVE the graph is counted again: where another load of it ran at the same time (a MOVE is a DROP and
an INSERT, which two loads interleave), the load is done again after a random pause, and reported as failed if
that does not settle it.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from pyoxigraph import BlankNode, RdfFormat, Triple, serialize

from nss_kg import arguments, connection, http_client, rdf_files, resources
from nss_kg.connection import DEFAULT_RETRIES, DEFAULT_WRITE_TIMEOUT, PROTOCOLS, Endpoint, endpoint_url
from nss_kg.errors import EndpointError, InputError
from nss_kg.namespaces import GRAPH_IRI

#: Triples per INSERT DATA request. Virtuoso compiles each request into SQL and refuses more than 10,000 lines
#: of it ("SP031"): 2000 triples of the packaged graph exceeded that, 1000 did not.
CHUNK_TRIPLES = 500
#: Triples per INSERT … WHERE {} request (the form for blank nodes), whose SQL is longer still.
TEMPLATE_CHUNK_TRIPLES = 250
TEMPORARY_GRAPH_PREFIX = "urn:nss-kg:load:"
#: Loads and swaps tried before concurrent loads of the same graph are reported instead of waited out. Four
#: were too few: five loads at once could all give up, the last two MOVEs interleaved, leaving both copies.
SWAP_ATTEMPTS = 10
#: Longest pause, in seconds, between two tries; the pauses double from a fifth of a second up to it.
LONGEST_SWAP_PAUSE = 4.0


class LoadReport(NamedTuple):
    """What a load did: how many triples went into which graph, by which protocol, in how many requests."""

    graph_iri: str
    triples: int
    protocol: str
    requests: int
    seconds: float


def read_triples(files: arguments.Paths | None = None) -> list[Triple]:
    """The distinct triples of RDF files (by default the packaged ontology and data), in file order.

    A file that cannot be read or parsed is an InputError naming it and, for a syntax error, the place.
    """
    if files is None:
        found = rdf_files.packaged(resources.graph_files())
    else:
        found = [triple for path in arguments.paths(files) for triple in rdf_files.read_file(path)]
    return list(dict.fromkeys(found))


def _blank_nodes(triple: Triple) -> list[BlankNode]:
    return [term for term in (triple.subject, triple.object) if isinstance(term, BlankNode)]


def chunks(triples: Sequence[Triple], size: int) -> Iterator[list[Triple]]:
    """Triples in chunks of about ``size``, each blank node's triples in one chunk: blank node labels are
    scoped to one request, so a blank node split across two INSERT DATA requests would become two."""
    parent: dict[BlankNode, BlankNode] = {}

    def root(node: BlankNode) -> BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in triples:
        nodes = _blank_nodes(triple)
        for node in nodes[1:]:
            parent[root(node)] = root(nodes[0])
    groups: dict[object, list[Triple]] = {}
    for index, triple in enumerate(triples):
        nodes = _blank_nodes(triple)
        groups.setdefault(root(nodes[0]) if nodes else index, []).append(triple)
    chunk: list[Triple] = []
    for group in groups.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk:
        yield chunk


def _ntriples(triples: Iterable[Triple]) -> bytes:
    return serialize(triples, format=RdfFormat.N_TRIPLES) or b""


class _Store:
    """The three endpoints of one store, and the requests a load sends them."""

    def __init__(self, client: http_client.Client, query: str, update: str, graph_store: str | None) -> None:
        self.client = client
        self.query_url = query
        self.update_url = update
        self.store_url = graph_store
        self.requests = 0

    def update(self, text: str | bytes, progress: http_client.Progress | None = None) -> None:
        body = b"update=" + _quote(text)
        self.requests += 1
        self.client.request(
            "POST",
            self.update_url,
            data=http_client.Body(body, progress),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def put(self, graph_iri: str, data: bytes, progress: http_client.Progress | None) -> None:
        assert self.store_url is not None
        self.requests += 1
        self.client.request(
            "PUT",
            self.store_url,
            params={"graph": graph_iri},
            data=http_client.Body(data, progress),
            headers={"Content-Type": "application/n-triples"},
        )

    def count(self, graph_iri: str) -> int:
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
        self.requests += 1
        answer = self.client.request(
            "POST",
            self.query_url,
            data=b"query=" + _quote(text),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
            read_only=True,
        )
        try:
            bindings = json.loads(answer.body)["results"]["bindings"]
            return int(bindings[0]["n"]["value"]) if bindings else 0
        except (ValueError, KeyError, IndexError, TypeError):
            where = http_client.where(self.query_url)
            raise EndpointError(f"{where}: the answer to a COUNT query is not SPARQL JSON results") from None


def _quote(text: str | bytes) -> bytes:
    import urllib.parse

    return urllib.parse.quote_plus(text).encode("ascii")


def load(
    endpoint: Endpoint | str,
    *,
    update_endpoint: str | None = None,
    store_endpoint: str | None = None,
    protocol: str | None = None,
    files: arguments.Paths | None = None,
    chunk_triples: int = CHUNK_TRIPLES,
    progress: bool = False,
    direct: bool = False,
) -> LoadReport:
    """Replace the endpoint's named graph (nss-kg's graph by default) in a store with the packaged graph.

    ``endpoint`` is the store's SPARQL query endpoint (used to count what was uploaded), a URL or an
    nss_kg.Endpoint with the credentials, timeout and graph to use; ``update_endpoint`` its SPARQL Update
    endpoint (by default the same URL, as on Virtuoso, Fuseki and GraphDB's repository URL + /statements);
    ``store_endpoint`` its Graph Store Protocol endpoint. The upload goes by ``protocol`` ``gsp`` (one PUT;
    the default when ``store_endpoint`` is given) or ``update`` (INSERT DATA in chunks of
    ``chunk_triples``). ``files`` replaces the packaged Turtle files. Writes are never retried.
    ``progress`` draws a progress bar on stderr. Any failure is an EndpointError (or an InputError for
    unreadable files), after which the target graph is as it was before. The timeout defaults to 10
    minutes here: a store may take that long, silent, to MOVE a large graph.

    ``direct`` (Graph Store Protocol only) skips the temporary graph and its MOVE: one PUT replaces the
    graph, then the store's count is checked. Use it only with a store whose PUT is one transaction, such as
    Oxigraph (a failed PUT leaves the graph as it was); Virtuoso's is not, which the default way guards
    against. It costs about what a plain upload with curl does; the default way costs the MOVE besides.
    """
    started = time.monotonic()
    target = connection.endpoint(endpoint, timeout=DEFAULT_WRITE_TIMEOUT)
    graph_iri = target.graph or GRAPH_IRI
    update_endpoint = None if update_endpoint is None else endpoint_url(update_endpoint, "update endpoint")
    store_endpoint = None if store_endpoint is None else endpoint_url(store_endpoint, "store endpoint")
    chosen = protocol or ("gsp" if store_endpoint else "update")
    if chosen not in PROTOCOLS:
        raise InputError(f"unknown protocol {chosen!r} (known: {', '.join(PROTOCOLS)})")
    if chosen == "gsp" and not store_endpoint:
        raise InputError("the Graph Store Protocol needs the store's graph store endpoint (--store-endpoint)")
    if direct and chosen != "gsp":
        raise InputError("a direct load is one Graph Store Protocol PUT: it needs --protocol gsp")
    triples = read_triples(files)
    update_url = update_endpoint or target.url
    urls = [url for url in (target.url, update_url, store_endpoint) if url]
    client = http_client.Client(
        credentials=target.credentials(), timeout=target.timeout, retries=DEFAULT_RETRIES, urls=urls
    )
    store = _Store(client, target.url, update_url, store_endpoint)
    if direct:
        _upload(store, chosen, graph_iri, triples, chunk_triples, progress)
        _check_count(store, graph_iri, len(triples))
        return LoadReport(graph_iri, len(triples), chosen, store.requests, time.monotonic() - started)
    for attempt in range(1, SWAP_ATTEMPTS + 1):
        _load_and_swap(store, chosen, graph_iri, triples, chunk_triples, progress and attempt == 1)
        # A MOVE is not atomic in every store: two loads at once interleave their DROP and INSERT, and the
        # graph holds both copies' blank nodes (10,428 triples for 8,940 on Oxigraph). Count after the swap;
        # where another load got in between, load again after a pause of random, doubling length (exponential
        # backoff with jitter), which separates them; the load whose MOVE comes last then counts a whole copy.
        held = store.count(graph_iri)
        if held == len(triples):
            return LoadReport(graph_iri, len(triples), chosen, store.requests, time.monotonic() - started)
        if attempt < SWAP_ATTEMPTS:
            time.sleep(random.uniform(0.5, 1.0) * min(LONGEST_SWAP_PAUSE, 0.1 * 2**attempt))
    raise EndpointError(
        f"{http_client.where(store.update_url)}: {graph_iri} holds {held} triples after the swap, not "
        f"{len(triples)}: other loads of it ran at the same time; run nss-kg load again when they are done"
    )


def _load_and_swap(
    store: _Store, chosen: str, graph_iri: str, triples: list[Triple], chunk_triples: int, progress: bool
) -> None:
    """Upload into a fresh temporary graph, check it, and MOVE it onto ``graph_iri``."""
    temporary = TEMPORARY_GRAPH_PREFIX + str(uuid.uuid4())
    try:
        _upload(store, chosen, temporary, triples, chunk_triples, progress)
        _check_count(store, temporary, len(triples))
    except EndpointError as error:
        leftover = _drop(store, temporary)
        raise EndpointError(f"{error} ({graph_iri} left unchanged{leftover})") from None
    except KeyboardInterrupt:
        _drop(store, temporary)
        raise
    try:
        store.update(f"MOVE GRAPH <{temporary}> TO GRAPH <{graph_iri}>")
    except EndpointError as error:
        leftover = _drop(store, temporary)
        raise EndpointError(f"{error} (the final MOVE into {graph_iri} failed{leftover})") from None
    except KeyboardInterrupt:
        _drop(store, temporary)  # a MOVE the store had finished leaves nothing to drop
        raise


def _check_count(store: _Store, graph_iri: str, sent: int) -> None:
    held = store.count(graph_iri)
    if held != sent:
        raise EndpointError(
            f"{http_client.where(store.update_url)}: the store kept {held} of the {sent} triples sent"
        )


def _upload(
    store: _Store, protocol: str, temporary: str, triples: list[Triple], chunk_triples: int, progress: bool
) -> None:
    if protocol == "gsp":
        data = _ntriples(triples)
        bar = http_client.Progress(len(data), "nss-kg: uploading", enabled=progress)
        try:
            store.put(temporary, data, bar)
        finally:
            bar.close()
        return
    ground = [t for t in triples if not _blank_nodes(t)]
    with_blank_nodes = [t for t in triples if _blank_nodes(t)]
    bodies = [_insert(temporary, chunk) for chunk in chunks(ground, max(chunk_triples, 1))]
    template_size = max(min(chunk_triples, TEMPLATE_CHUNK_TRIPLES), 1)
    bodies += [_insert(temporary, chunk) for chunk in chunks(with_blank_nodes, template_size)]
    bar = http_client.Progress(
        sum(len(_quote(body)) + 7 for body in bodies), "nss-kg: uploading", enabled=progress
    )
    try:
        for body in bodies:
            store.update(body, bar)
            bar.commit()
    finally:
        bar.close()


def _insert(graph_iri: str, chunk: list[Triple]) -> bytes:
    """An INSERT DATA request, or for triples with blank nodes INSERT … WHERE {}: Virtuoso refuses blank
    nodes in INSERT DATA ("not allowed in a constant clause"), and both forms make a label one fresh node."""
    triples = b"GRAPH <" + graph_iri.encode() + b"> {\n" + _ntriples(chunk) + b"}"
    if any(_blank_nodes(triple) for triple in chunk):
        return b"INSERT { " + triples + b" } WHERE {}"
    return b"INSERT DATA { " + triples + b" }"


def _drop(store: _Store, temporary: str) -> str:
    """Drop the temporary graph; an empty string, or a note that it may be left behind."""
    try:
        store.update(f"DROP SILENT GRAPH <{temporary}>")
    except EndpointError:
        return f"; the temporary graph <{temporary}> may be left behind (DROP SILENT GRAPH removes it)"
    return ""
