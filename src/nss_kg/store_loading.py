"""``nss_kg.load``: put the graph (ontology + data) into ONE named graph of a triple store, safely.

The triples go first into a fresh temporary graph (``urn:nss-kg:load:<uuid>``), by the SPARQL 1.1 Graph Store
HTTP Protocol (one PUT) or SPARQL 1.1 Update (INSERT DATA in chunks that keep each blank node's triples
together). Then the store is asked how many triples that graph holds; only when it holds every one is it
swapped into place with one ``MOVE`` (which replaces the target graph). On any failure the temporary graph is
dropped and the target graph is left as it was: a store that keeps half of a malformed or cut upload (Virtuoso
does) keeps it in the temporary graph, never in ours. No other graph, and never the default graph, is touched.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pyoxigraph import BlankNode, RdfFormat, Triple, parse, serialize

from nss_kg import http, resources, xml_safety
from nss_kg.connection import (
    DEFAULT_RETRIES,
    DEFAULT_WRITE_TIMEOUT,
    PROTOCOLS,
    credentials,
    endpoint_url,
    graph_name,
    timeout_seconds,
)
from nss_kg.errors import EndpointError, InputError, one_line

if TYPE_CHECKING:
    from nss_kg.resources import Resource

#: Triples per INSERT DATA request: well under what Virtuoso's SPARQL compiler and common proxies accept.
CHUNK_TRIPLES = 2000
TEMPORARY_GRAPH_PREFIX = "urn:nss-kg:load:"


class LoadReport(NamedTuple):
    """What a load did: how many triples went into which graph, by which protocol, in how many requests."""

    graph_iri: str
    triples: int
    protocol: str
    requests: int
    seconds: float


def read_triples(files: Iterable[str | os.PathLike[str] | Resource] | None = None) -> list[Triple]:
    """The distinct triples of Turtle files (by default the packaged ontology and data), in file order.

    A file that cannot be read or parsed is an InputError naming it and, for a syntax error, the place.
    """
    if files is None:
        paths: list[str | os.PathLike[str] | Resource] = list(resources.graph_files())
    elif isinstance(files, (str, os.PathLike)):
        paths = [files]
    else:
        paths = list(files)
    seen: set[Triple] = set()
    triples: list[Triple] = []
    for path in paths:
        source = Path(path) if isinstance(path, (str, os.PathLike)) else path
        name = str(source) if isinstance(source, Path) else source.name
        try:
            data = source.read_bytes()
        except OSError as error:
            raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
        rdf_format = RdfFormat.from_extension(name.rsplit(".", 1)[-1]) if "." in name else None
        if rdf_format == RdfFormat.RDF_XML:
            xml_safety.check(data, name)
        try:
            for quad in parse(data, format=rdf_format or RdfFormat.TURTLE, base_iri=resources.BASE_IRI):
                if quad.triple not in seen:
                    seen.add(quad.triple)
                    triples.append(quad.triple)
        except SyntaxError as error:
            raise InputError(f"{name}: malformed RDF: {one_line(str(error))}") from None
        except ValueError as error:
            raise InputError(f"{name}: {one_line(str(error))}") from None
        except MemoryError as error:
            raise InputError(f"{name}: a term is too large to read ({error})") from None
    return triples


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

    def __init__(self, client: http.Client, query: str, update: str, graph_store: str | None) -> None:
        self.client = client
        self.query_url = query
        self.update_url = update
        self.store_url = graph_store
        self.requests = 0

    def update(self, text: str | bytes, progress: http.Progress | None = None) -> None:
        body = b"update=" + _quote(text)
        self.requests += 1
        self.client.request(
            "POST",
            self.update_url,
            data=http.Body(body, progress),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def put(self, graph_iri: str, data: bytes, progress: http.Progress | None) -> None:
        assert self.store_url is not None
        self.requests += 1
        self.client.request(
            "PUT",
            self.store_url,
            params={"graph": graph_iri},
            data=http.Body(data, progress),
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
            where = http.where(self.query_url)
            raise EndpointError(f"{where}: the answer to a COUNT query is not SPARQL JSON results") from None


def _quote(text: str | bytes) -> bytes:
    import urllib.parse

    return urllib.parse.quote_plus(text).encode("ascii")


def load(
    endpoint: str,
    *,
    graph_iri: str | None = None,
    update_endpoint: str | None = None,
    store_endpoint: str | None = None,
    protocol: str | None = None,
    files: Iterable[str | os.PathLike[str] | Resource] | None = None,
    user: str | None = None,
    password: str | None = None,
    auth: str | None = None,
    timeout: float | None = None,
    chunk_triples: int = CHUNK_TRIPLES,
    progress: bool = False,
    direct: bool = False,
) -> LoadReport:
    """Replace the named graph ``graph_iri`` (nss-kg's graph by default) of a store with the packaged graph.

    ``endpoint`` is the store's SPARQL query endpoint (used to count what was uploaded);
    ``update_endpoint`` its SPARQL Update endpoint (by default the same URL, as on Virtuoso, Fuseki and
    GraphDB's repository URL + /statements); ``store_endpoint`` its Graph Store Protocol endpoint. The upload
    goes by ``protocol`` ``gsp`` (one PUT; the default when ``store_endpoint`` is given) or ``update``
    (INSERT DATA in chunks of ``chunk_triples``). ``files`` replaces the packaged Turtle files. Credentials
    and ``auth`` work as for queries (nss_kg.engines.remote); writes are never retried. ``progress`` draws
    a progress bar on stderr. Any failure is an EndpointError (or an InputError for unreadable files), after
    which the target graph is as it was before. ``timeout`` defaults to 10 minutes here: a store may take
    that long, silent, to MOVE a large graph.

    ``direct`` (Graph Store Protocol only) skips the temporary graph and its MOVE: one PUT replaces the
    graph, then the store's count is checked. Use it only with a store whose PUT is one transaction, such as
    Oxigraph (a failed PUT leaves the graph as it was); Virtuoso's is not, which the default way guards
    against. It costs about what a plain upload with curl does; the default way costs the MOVE besides.
    """
    started = time.monotonic()
    graph_iri = graph_name(graph_iri)
    endpoint = endpoint_url(endpoint)
    update_endpoint = None if update_endpoint is None else endpoint_url(update_endpoint, "update endpoint")
    store_endpoint = None if store_endpoint is None else endpoint_url(store_endpoint, "store endpoint")
    timeout = timeout_seconds(timeout)
    chosen = protocol or ("gsp" if store_endpoint else "update")
    if chosen not in PROTOCOLS:
        raise InputError(f"unknown protocol {chosen!r} (known: {', '.join(PROTOCOLS)})")
    if chosen == "gsp" and not store_endpoint:
        raise InputError("the Graph Store Protocol needs the store's graph store endpoint (--store-endpoint)")
    if direct and chosen != "gsp":
        raise InputError("a direct load is one Graph Store Protocol PUT: it needs --protocol gsp")
    triples = read_triples(files)
    update_url = update_endpoint or endpoint
    urls = [url for url in (endpoint, update_url, store_endpoint) if url]
    client = http.Client(
        credentials=credentials(user, password, auth),
        timeout=timeout if timeout is not None else DEFAULT_WRITE_TIMEOUT,
        retries=DEFAULT_RETRIES,
        urls=urls,
    )
    store = _Store(client, endpoint, update_url, store_endpoint)
    if direct:
        _upload(store, chosen, graph_iri, triples, chunk_triples, progress)
        _check_count(store, graph_iri, len(triples))
        return LoadReport(graph_iri, len(triples), chosen, store.requests, time.monotonic() - started)
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
    return LoadReport(graph_iri, len(triples), chosen, store.requests, time.monotonic() - started)


def _check_count(store: _Store, graph_iri: str, sent: int) -> None:
    held = store.count(graph_iri)
    if held != sent:
        raise EndpointError(
            f"{http.where(store.update_url)}: the store kept {held} of the {sent} triples sent"
        )


def _upload(
    store: _Store, protocol: str, temporary: str, triples: list[Triple], chunk_triples: int, progress: bool
) -> None:
    if protocol == "gsp":
        data = _ntriples(triples)
        bar = http.Progress(len(data), "nss-kg: uploading", enabled=progress)
        try:
            store.put(temporary, data, bar)
        finally:
            bar.close()
        return
    bodies = [_insert(temporary, chunk) for chunk in chunks(triples, max(chunk_triples, 1))]
    bar = http.Progress(sum(len(_quote(body)) + 7 for body in bodies), "nss-kg: uploading", enabled=progress)
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
