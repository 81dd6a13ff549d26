"""Safety: a store that holds other named graphs (and, on Oxigraph, default-graph triples) keeps them
unchanged through a load, a reload and failed loads (malformed data found here, malformed data the server
finds, a connection cut mid-upload), and our graph is after each failure the old version, never half of the
new one. (Virtuoso's default graph is the union of all its graphs, so its named graphs cover it.)"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import servers

import nss_kg
from nss_kg import store_loading
from nss_kg.namespaces import GRAPH_IRI

OTHER_GRAPHS = {
    "https://example.org/users/graph-a": (
        '<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "用户数据"@zh-Hans .'
        ' <https://example.org/a> <https://example.org/knows> [ <https://example.org/name> "blank" ] .'
    ),
    "https://example.org/users/graph-b": (
        "<https://w3id.org/nss-kg/summit/2010-washington> <https://example.org/note> "
        '"a user\'s own statement about our summit" .'
    ),
}
DEFAULT_TRIPLES = '<https://example.org/d> <https://example.org/in> "the default graph" .'
OLD_VERSION = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/nss-kg/summit/2010-washington> rdfs:label "old version"@en , "舊版"@zh-Hant .
<https://w3id.org/nss-kg/ontology> rdfs:comment "old" .
"""

Quads = set[tuple[str, ...]]


def everything_else(store: servers.Server) -> tuple[Quads, Quads]:
    """Every quad outside our graph, and (Oxigraph) the default graph's triples."""
    rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    quads = {
        tuple(servers._term(row[name]) for name in ("g", "s", "p", "o"))
        for row in rows
        if row["g"]["value"] != GRAPH_IRI
    }
    default: Quads = set()
    if store.name == "oxigraph":
        default = {
            tuple(servers._term(row[name]) for name in ("s", "p", "o"))
            for row in store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        }
    return quads, default


@pytest.fixture
def filled(store: servers.Server, tmp_path: Path) -> Iterator[tuple[servers.Server, Path]]:
    yield from fill(store, tmp_path)


def fill(store: servers.Server, tmp_path: Path) -> Iterator[tuple[servers.Server, Path]]:
    """The store with other graphs, default-graph triples (where it has a default graph of its own) and the
    old version of our graph; emptied of them, with the real graph loaded, afterwards."""
    for graph, triples in OTHER_GRAPHS.items():
        store.update(f"DROP SILENT GRAPH <{graph}>")
        store.update(f"INSERT {{ GRAPH <{graph}> {{ {triples} }} }} WHERE {{}}")  # Virtuoso: no [] in DATA
    if store.name == "oxigraph":
        store.update(f"INSERT DATA {{ {DEFAULT_TRIPLES} }}")
    old = tmp_path / "old.ttl"
    old.write_text(OLD_VERSION, encoding="utf-8")
    nss_kg.load(store.endpoint(), files=[old], **store.load_kwargs())
    yield store, old
    for graph in OTHER_GRAPHS:
        store.update(f"DROP SILENT GRAPH <{graph}>")
    if store.name == "oxigraph":
        store.update(f"DELETE DATA {{ {DEFAULT_TRIPLES} }}")
    nss_kg.load(store.endpoint(), **store.load_kwargs())


def old_graph(store: servers.Server) -> Quads:
    return {
        (
            "uri|https://w3id.org/nss-kg/summit/2010-washington|",
            "uri|http://www.w3.org/2000/01/rdf-schema#label|",
            "literal|old version|en",
        ),
        (
            "uri|https://w3id.org/nss-kg/summit/2010-washington|",
            "uri|http://www.w3.org/2000/01/rdf-schema#label|",
            "literal|舊版|zh-hant",
        ),
        (
            "uri|https://w3id.org/nss-kg/ontology|",
            "uri|http://www.w3.org/2000/01/rdf-schema#comment|",
            "literal|old|",
        ),
    }


def no_temporary_graphs(store: servers.Server) -> bool:
    return not [graph for graph in store.graphs() if graph.startswith(store_loading.TEMPORARY_GRAPH_PREFIX)]


def test_load_and_reload_touch_nothing_else(filled: tuple[servers.Server, Path]) -> None:
    store, _ = filled
    before = everything_else(store)
    assert store.quads(GRAPH_IRI) == old_graph(store)
    report = nss_kg.load(store.endpoint(), **store.load_kwargs())
    assert store.graphs()[GRAPH_IRI] == report.triples
    assert everything_else(store) == before
    nss_kg.load(store.endpoint(), protocol="update", **store.load_kwargs())
    assert store.graphs()[GRAPH_IRI] == report.triples
    assert everything_else(store) == before
    assert no_temporary_graphs(store)


def test_malformed_files_change_nothing(filled: tuple[servers.Server, Path], tmp_path: Path) -> None:
    store, old = filled
    before = everything_else(store)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://example.org/a> <https://example.org/b> .\n", encoding="utf-8")
    with pytest.raises(nss_kg.InputError):
        nss_kg.load(store.endpoint(), files=[old, bad], **store.load_kwargs())
    assert store.quads(GRAPH_IRI) == old_graph(store)
    assert everything_else(store) == before


def corrupt_in_the_middle(original: Any) -> Any:
    def corrupted(triples: Any) -> bytes:
        data: bytes = original(triples)
        middle = data.index(b"\n", len(data) // 2) + 1
        return (
            data[:middle]
            + b'<https://example.org/broken> <https://example.org/p> "unterminated .\n'
            + data[middle:]
        )

    return corrupted


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_data_the_server_rejects_leaves_the_old_graph(
    filled: tuple[servers.Server, Path], monkeypatch: pytest.MonkeyPatch, protocol: str
) -> None:
    """Virtuoso drops the old graph on a malformed PUT and keeps what it parsed: here, a temporary graph."""
    store, _ = filled
    before = everything_else(store)
    monkeypatch.setattr(store_loading, "_ntriples", corrupt_in_the_middle(store_loading._ntriples))
    with pytest.raises(nss_kg.EndpointError, match="left unchanged"):
        nss_kg.load(store.endpoint(), protocol=protocol, chunk_triples=400, **store.load_kwargs())
    assert store.quads(GRAPH_IRI) == old_graph(store)
    assert everything_else(store) == before
    assert no_temporary_graphs(store)


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_a_connection_cut_mid_upload_leaves_the_old_graph(
    filled: tuple[servers.Server, Path], protocol: str
) -> None:
    store, _ = filled
    before = everything_else(store)
    port = urllib.parse.urlsplit(store.query_url).port
    assert port is not None
    proxy = servers.CuttingProxy(port)
    try:
        proxy.arm(20_000)  # queries and probes are smaller; the upload (or its first chunk) is larger
        with pytest.raises(nss_kg.EndpointError, match="left unchanged"):
            nss_kg.load(
                store.endpoint()._replace(url=proxy.url(store.query_url)),
                update_endpoint=proxy.url(store.update_url),
                store_endpoint=proxy.url(store.store_url),
                protocol=protocol,
            )
        assert proxy.cuts == 1
    finally:
        proxy.close()
    time.sleep(0.3)  # anything the server still does with the cut request
    assert store.quads(GRAPH_IRI) == old_graph(store)
    assert everything_else(store) == before
    assert no_temporary_graphs(store)


# A direct load (one PUT, no temporary graph) is only for stores whose PUT is a transaction: Oxigraph.


@pytest.fixture(name="filled_oxigraph")
def filled_oxigraph_fixture(
    oxigraph: servers.Server, tmp_path: Path
) -> Iterator[tuple[servers.Server, Path]]:
    yield from fill(oxigraph, tmp_path)


def test_a_direct_load_replaces_our_graph_and_nothing_else(
    filled_oxigraph: tuple[servers.Server, Path],
) -> None:
    store, _ = filled_oxigraph
    before = everything_else(store)
    report = nss_kg.load(store.endpoint(), direct=True, **store.load_kwargs())
    assert (
        report.requests <= 3
    )  # the PUT and the count (and perhaps an auth probe): no temporary graph, no MOVE
    assert store.graphs()[GRAPH_IRI] == report.triples
    assert everything_else(store) == before
    assert no_temporary_graphs(store)


def test_a_direct_load_the_server_rejects_leaves_the_old_graph_on_oxigraph(
    filled_oxigraph: tuple[servers.Server, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = filled_oxigraph
    before = everything_else(store)
    monkeypatch.setattr(store_loading, "_ntriples", corrupt_in_the_middle(store_loading._ntriples))
    with pytest.raises(nss_kg.EndpointError):
        nss_kg.load(store.endpoint(), direct=True, **store.load_kwargs())
    assert store.quads(GRAPH_IRI) == old_graph(store)
    assert everything_else(store) == before


def test_a_direct_load_needs_the_graph_store_protocol(oxigraph: servers.Server) -> None:
    with pytest.raises(nss_kg.InputError, match="needs --protocol gsp"):
        nss_kg.load(oxigraph.endpoint(), direct=True, protocol="update", **oxigraph.load_kwargs())
