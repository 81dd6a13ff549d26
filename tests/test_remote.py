"""Remote queries: what goes over the wire (dataset, User-Agent, Accept, auth, GET or POST, retries), checked
on a stand-in endpoint, and the scoping to our named graph, checked on the real stores."""

from __future__ import annotations

import pytest
import servers

import nss_kg
from nss_kg import cli, connection
from nss_kg.catalogue import QueryInfo, read_query
from nss_kg.engines.remote import RemoteEngine
from nss_kg.namespaces import GRAPH_IRI

SELECT = b"""{"head": {"vars": ["s", "n"]}, "results": {"bindings": [
  {"s": {"type": "uri", "value": "https://example.org/a"},
   "n": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "7"}}]}}"""
TURTLE = b'@prefix ex: <https://example.org/> .\nex:a ex:b "c"@zh-Hant .\n'


def text_query(text: str) -> QueryInfo:
    return read_query("test", text)


def test_a_query_is_scoped_to_our_named_graph(fake_endpoint: servers.FakeEndpoint) -> None:
    fake_endpoint.answers = [servers.Answer(body=SELECT)]
    result = nss_kg.query("summits", endpoint=fake_endpoint.url)
    assert result.to_dicts() == [{"s": "https://example.org/a", "n": 7}]
    (seen,) = fake_endpoint.seen
    assert seen.method == "GET"
    assert seen.params["default-graph-uri"] == [GRAPH_IRI]
    assert seen.params["named-graph-uri"] == [GRAPH_IRI]
    assert "summit" in seen.params["query"][0]
    assert seen.headers["User-Agent"] == f"nss-kg/{nss_kg.__version__}"
    assert seen.headers["Accept"] == "application/sparql-results+json"
    assert "Authorization" not in seen.headers


def test_another_graph_by_the_cli(
    fake_endpoint: servers.FakeEndpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_endpoint.answers = [servers.Answer(body=SELECT)]
    other = "https://example.org/graph"
    args = ["query", "summits", "--endpoint", fake_endpoint.url, "--graph", other, "--format", "csv"]
    assert cli.main(args) == 0
    assert capsys.readouterr().out.splitlines() == ["s,n", "https://example.org/a,7"]
    assert fake_endpoint.seen[0].params["default-graph-uri"] == [other]


def test_construct_answers_in_turtle_become_triples(fake_endpoint: servers.FakeEndpoint) -> None:
    fake_endpoint.answers = [servers.Answer(body=TURTLE, content_type="text/turtle")]
    result = nss_kg.query("schema-org", endpoint=fake_endpoint.url)
    assert [str(t) for t in result.triples()] == [
        '<https://example.org/a> <https://example.org/b> "c"@zh-hant'
    ]
    assert fake_endpoint.seen[0].headers["Accept"].startswith("application/n-triples")


def test_a_long_query_goes_as_a_post_form(fake_endpoint: servers.FakeEndpoint) -> None:
    fake_endpoint.answers = [servers.Answer(body=SELECT)]
    text = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000
    RemoteEngine(fake_endpoint.url).execute(text_query(text), {})
    (seen,) = fake_endpoint.seen
    assert seen.method == "POST"
    assert seen.params["query"] == [text]
    assert seen.params["default-graph-uri"] == [GRAPH_IRI]


def test_basic_auth_is_sent_up_front_when_asked(fake_endpoint: servers.FakeEndpoint) -> None:
    engine = RemoteEngine(nss_kg.Endpoint(fake_endpoint.url, user="ann", password="secret", auth="basic"))
    engine.execute(text_query("ASK {}"), {})
    assert len(fake_endpoint.seen) == 1
    assert servers.basic_credentials(fake_endpoint.seen[0]) == "ann:secret"


def test_credentials_from_the_environment_answer_a_basic_challenge(
    fake_endpoint: servers.FakeEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(connection.USER_VARIABLE, "ann")
    monkeypatch.setenv(connection.PASSWORD_VARIABLE, "secret")
    challenge = servers.Answer(status=401, body=b"", headers={"WWW-Authenticate": 'Basic realm="sparql"'})
    fake_endpoint.answers = [challenge, servers.Answer()]
    nss_kg.query("summits", endpoint=fake_endpoint.url)
    assert [servers.basic_credentials(seen) for seen in fake_endpoint.seen] == [None, "ann:secret"]


def test_credentials_on_the_query_command_line(fake_endpoint: servers.FakeEndpoint) -> None:
    argv = [
        "query",
        "summits",
        "--endpoint",
        fake_endpoint.url,
        "--user",
        "bo",
        "--password",
        "pw",
        "--auth",
        "basic",
    ]
    assert cli.main([*argv, "--format", "csv"]) == 0
    assert servers.basic_credentials(fake_endpoint.seen[0]) == "bo:pw"


def test_digest_auth_on_a_real_server(virtuoso: servers.Server) -> None:
    nss_kg.load(virtuoso.endpoint(), **virtuoso.load_kwargs())
    auth_endpoint = virtuoso.update_url  # /sparql-auth answers queries too, only with digest auth
    engine = RemoteEngine(nss_kg.Endpoint(auth_endpoint, user="dba", password="dba", auth="digest"))
    assert len(engine.execute(text_query("SELECT ?s WHERE { ?s a ?c } LIMIT 3"), {}).rows()) == 3
    with pytest.raises(nss_kg.EndpointError, match="HTTP 401"):
        RemoteEngine(auth_endpoint).execute(text_query("ASK {}"), {})


def test_reads_are_retried_after_5xx(fake_endpoint: servers.FakeEndpoint) -> None:
    fake_endpoint.answers = [
        servers.Answer(status=503, body=b"busy"),
        servers.Answer(status=502),
        servers.Answer(),
    ]
    RemoteEngine(fake_endpoint.url, retries=2).execute(text_query("ASK {}"), {})
    assert len(fake_endpoint.seen) == 3


def test_retries_are_bounded(fake_endpoint: servers.FakeEndpoint) -> None:
    fake_endpoint.answers = [servers.Answer(status=503, body=b"busy")]
    with pytest.raises(nss_kg.EndpointError, match="HTTP 503 Service Unavailable: busy"):
        RemoteEngine(fake_endpoint.url, retries=2).execute(text_query("ASK {}"), {})
    assert len(fake_endpoint.seen) == 3


def test_500_is_not_retried(fake_endpoint: servers.FakeEndpoint) -> None:
    """The query itself may have made the server fail: sending it again could make it fail again."""
    fake_endpoint.answers = [servers.Answer(status=500, body=b"boom")]
    with pytest.raises(nss_kg.EndpointError, match="HTTP 500 Internal Server Error: boom"):
        RemoteEngine(fake_endpoint.url, retries=2).execute(text_query("ASK {}"), {})
    assert len(fake_endpoint.seen) == 1


def test_4xx_is_not_retried(fake_endpoint: servers.FakeEndpoint) -> None:
    fake_endpoint.answers = [servers.Answer(status=400, body=b"Parse error at line 1\n\nmore detail")]
    with pytest.raises(nss_kg.EndpointError, match=r"HTTP 400 Bad Request: Parse error at line 1$"):
        RemoteEngine(fake_endpoint.url).execute(text_query("ASK {"), {})
    assert len(fake_endpoint.seen) == 1


def test_other_graphs_never_leak_into_results(store: servers.Server) -> None:
    """Data about a fifth summit in another graph, and (Oxigraph) in the default graph, stays out."""
    nss_kg.load(store.endpoint(), **store.load_kwargs())
    stray = (
        "<https://w3id.org/nss-kg/summit/2030-nowhere> a <https://w3id.org/nss-kg/ontology#Summit> ; "
        '<http://www.w3.org/2000/01/rdf-schema#label> "stray"@en .'
    )
    graphs = ["https://example.org/leak"]
    store.update(f"INSERT DATA {{ GRAPH <{graphs[0]}> {{ {stray} }} }}")
    if store.name == "oxigraph":
        store.update(f"INSERT DATA {{ {stray} }}")
    try:
        summits = nss_kg.query("summits", endpoint=store.query_url).to_dicts()
        assert [row["edition"] for row in summits] == [1, 2, 3, 4]
        iris = RemoteEngine(store.query_url).execute(text_query("SELECT DISTINCT ?s WHERE { ?s a ?c }"), {})
        assert "https://w3id.org/nss-kg/summit/2030-nowhere" not in {
            row[0].value for row in iris.rows() if row[0]
        }
        named = RemoteEngine(store.query_url).execute(
            text_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"), {}
        )
        assert {row[0].value for row in named.rows() if row[0]} <= {GRAPH_IRI}
    finally:
        store.update(f"DROP SILENT GRAPH <{graphs[0]}>")
        if store.name == "oxigraph":
            store.update(f"DELETE DATA {{ {stray} }}")
