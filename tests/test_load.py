"""``nss_kg.load`` and ``nss-kg load``: the graph goes whole into one named graph, by either protocol, on
real Oxigraph and Virtuoso servers; the upload is chunked without splitting blank nodes."""

from __future__ import annotations

import io
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
import servers
from pyoxigraph import BlankNode, RdfFormat, serialize
from rdf_compare import isomorphic

import nss_kg
from nss_kg import cli, connection, http_client
from nss_kg.namespaces import GRAPH_IRI, INTEGER_TYPES, XSD
from nss_kg.store_loading import LoadReport, chunks, read_triples


def canonical(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph with what stores may rewrite made uniform: Oxigraph stores xsd:positiveInteger and the other
    integer types as xsd:integer (Virtuoso keeps them), and both lowercase language tags."""
    result = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal):
            if o.datatype is not None and str(o.datatype).removeprefix(XSD) in INTEGER_TYPES:
                o = rdflib.Literal(str(o), datatype=rdflib.URIRef(XSD + "integer"))
            elif o.language:
                o = rdflib.Literal(str(o), lang=o.language.lower())
        result.add((s, p, o))
    return result


def local_graph() -> rdflib.Graph:
    return canonical(
        rdflib.Graph().parse(data=serialize(read_triples(), format=RdfFormat.N_TRIPLES), format="nt")
    )


def stored_graph(server: servers.Server, graph_iri: str = GRAPH_IRI) -> rdflib.Graph:
    """The named graph as the store gives it back, by CONSTRUCT in N-Triples."""
    data = urllib.parse.urlencode(
        {"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"}
    )
    request = urllib.request.Request(
        server.query_url, data=data.encode(), headers={"Accept": "application/n-triples"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return canonical(rdflib.Graph().parse(data=answer.read(), format="nt"))


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_load_puts_the_whole_graph_into_the_named_graph(store: servers.Server, protocol: str) -> None:
    report = nss_kg.load(store.endpoint(), protocol=protocol, chunk_triples=250, **store.load_kwargs())
    assert report.graph_iri == GRAPH_IRI
    assert report.protocol == protocol
    assert report.triples == len(read_triples()) > 1000
    assert store.graphs()[GRAPH_IRI] == report.triples
    assert isomorphic(stored_graph(store), local_graph())


def test_many_triples_load_into_virtuoso_by_update(virtuoso: servers.Server, tmp_path: Path) -> None:
    """Virtuoso compiles each update into SQL and refuses past 10,000 lines ("SP031"): 3000 annotation-like
    triples with blank nodes and 3000 labelled facts must still load, in requests small enough."""
    file = tmp_path / "axioms.ttl"
    axioms = "".join(
        f'[] ex:about ex:fact{i} ; ex:source ex:page{i % 7} ; ex:note "n{i}" .\n' for i in range(1000)
    )
    facts = "".join(
        f'ex:fact{i} ex:label "fact {i}"@en , "事實 {i}"@zh-Hant ; ex:year "{2010 + i % 7}"^^ex:year .\n'
        for i in range(1000)
    )
    file.write_text("@prefix ex: <https://example.org/> .\n" + axioms + facts)
    report = nss_kg.load(
        virtuoso.endpoint(), protocol="update", files=[file], update_endpoint=virtuoso.update_url
    )
    assert report.triples == 6000
    assert virtuoso.graphs()[GRAPH_IRI] == 6000


def test_loading_twice_leaves_the_same_triples(store: servers.Server) -> None:
    nss_kg.load(store.endpoint(), **store.load_kwargs())
    first = stored_graph(store)
    nss_kg.load(store.endpoint(), protocol="update", **store.load_kwargs())
    second = stored_graph(store)
    assert len(first) == len(second) == len(read_triples())
    assert isomorphic(first, second)


def test_load_into_another_graph_by_the_cli(
    store: servers.Server, capsys: pytest.CaptureFixture[str]
) -> None:
    other = "https://example.org/graphs/nss-kg-copy"
    assert cli.main(["load", *store.load_args(), "--graph", other]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"loaded {len(read_triples())} triples into <{other}> by gsp")
    assert err == ""  # no progress bar when stderr is not a terminal
    assert isomorphic(stored_graph(store, other), local_graph())
    store.update(f"DROP SILENT GRAPH <{other}>")


def test_temporary_graphs_are_gone_after_a_load(store: servers.Server) -> None:
    nss_kg.load(store.endpoint(), **store.load_kwargs())
    assert not [g for g in store.graphs() if g.startswith("urn:nss-kg:load:")]


def test_the_query_cli_reads_what_load_wrote(
    store: servers.Server, capsys: pytest.CaptureFixture[str]
) -> None:
    nss_kg.load(store.endpoint(), **store.load_kwargs())
    capsys.readouterr()
    assert (
        cli.main(["query", "summits", "--endpoint", store.query_url, "--format", "csv", "--lang", "zh-Hant"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("edition,")
    assert "華盛頓" in out or "华盛顿" in out or len(out.splitlines()) == 5


def test_digest_auth_on_virtuoso_is_needed_for_writes(
    virtuoso: servers.Server, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["load", "--endpoint", virtuoso.query_url, "--update-endpoint", virtuoso.update_url]
    assert cli.main([*args, "--user", "dba", "--password", "wrong"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "HTTP 401" in err
    assert cli.main([*args, "--user", "dba", "--password", "dba", "--auth", "digest", "-q"]) == 0


def test_credentials_come_from_the_environment(
    virtuoso: servers.Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(connection.USER_VARIABLE, "dba")
    monkeypatch.setenv(connection.PASSWORD_VARIABLE, "dba")
    report = nss_kg.load(virtuoso.endpoint(), update_endpoint=virtuoso.update_url)
    assert report.protocol == "update"


def test_chunks_keep_each_blank_node_whole() -> None:
    triples = read_triples()
    assert any(isinstance(t.subject, BlankNode) for t in triples)
    parts = list(chunks(triples, 7))
    assert sorted(map(str, (t for part in parts for t in part))) == sorted(map(str, triples))
    owner: dict[BlankNode, int] = {}
    for index, part in enumerate(parts):
        for triple in part:
            for term in (triple.subject, triple.object):
                if isinstance(term, BlankNode):
                    assert owner.setdefault(term, index) == index


def test_malformed_files_fail_before_any_request(
    tmp_path: Path, fake_endpoint: servers.FakeEndpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n')
    with pytest.raises(nss_kg.InputError, match=r"bad\.ttl"):
        nss_kg.load(fake_endpoint.url, files=[bad])
    assert fake_endpoint.seen == []


def test_gsp_needs_a_store_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["load", "--endpoint", "http://127.0.0.1:9/sparql", "--protocol", "gsp"]) == 2
    assert "--store-endpoint" in capsys.readouterr().err


def test_a_direct_load_needs_the_graph_store_protocol(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["load", "--endpoint", "http://127.0.0.1:9/sparql", "--protocol", "update", "--direct"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err == "nss-kg: error: a direct load is one Graph Store Protocol PUT: it needs --protocol gsp\n"


def test_progress_bar_is_drawn_only_when_asked() -> None:
    stream = io.StringIO()
    bar = http_client.Progress(100, "nss-kg: uploading", enabled=True, stream=stream)
    bar.advance(50)
    bar.close()
    assert "50%" in stream.getvalue()
    quiet = io.StringIO()
    bar = http_client.Progress(100, "x", enabled=False, stream=quiet)
    bar.advance(100)
    bar.close()
    assert quiet.getvalue() == ""


@pytest.mark.parametrize("loads", [2, 5])
def test_concurrent_loads_leave_one_whole_copy_or_say_so(store: servers.Server, loads: int) -> None:
    """Two loads at once interleaved their MOVEs (a DROP and an INSERT) and left both copies' blank nodes,
    10,428 triples for 8,940, each reporting success. Each load now counts after its swap and loads again."""
    import threading

    outcomes: list[object] = []

    def one() -> None:
        try:
            outcomes.append(nss_kg.load(store.endpoint(), **store.load_kwargs()))
        except nss_kg.EndpointError as error:  # said loudly, never a silent half
            outcomes.append(error)

    threads = [threading.Thread(target=one) for _ in range(loads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(outcomes) == loads
    assert any(isinstance(o, LoadReport) for o in outcomes)
    assert store.graphs()[GRAPH_IRI] == len(read_triples())
    assert isomorphic(stored_graph(store), local_graph())
    assert not [g for g in store.graphs() if g.startswith("urn:nss-kg:load:")]
