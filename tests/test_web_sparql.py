"""nss-kg serve: /sparql speaks the SPARQL 1.1 Protocol, read-only, bounded in time and rows. Our own remote
client and SPARQLWrapper get, from a real uvicorn server, the rows the embedded engine gets."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import warnings
from collections.abc import Iterator

import pyoxigraph
import pytest
from test_store_parity import cases, normalized

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
with warnings.catch_warnings():  # Starlette 1.x would have httpx2 under its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import nss_kg
from nss_kg import web
from nss_kg.catalogue import catalogue
from nss_kg.namespaces import GRAPH_IRI
from nss_kg.results import QueryResult

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SUMMITS = "PREFIX nss: <https://w3id.org/nss-kg/ontology#> SELECT ?s WHERE { ?s a nss:Summit } ORDER BY ?s"
# Slow on any engine: a cross product of every triple with every triple with every triple.
# Some 25 s of work on the packaged graph (two triples at a time, a string test on each pair): well past the
# 2 s timeout, yet finite. A query past its timeout keeps running (pyoxigraph cannot stop it), and a triple
# cross product would have kept a core busy for the rest of the test session.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STRLEN(STR(?c)) < STRLEN(STR(?f))) }"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(web.app(timeout=2, max_rows=3)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A real uvicorn server on 127.0.0.1 and a free port, serving the packaged graph; its /sparql URL."""
    import uvicorn

    listener = web.listen("127.0.0.1", 0)
    config = uvicorn.Config(web.app(), log_level="warning", access_log=False, lifespan="off")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uvicorn_server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    host, port = listener.getsockname()[:2]
    yield f"http://{host}:{port}/sparql"
    uvicorn_server.should_exit = True
    thread.join(10)
    listener.close()


def _rows(response_text: str) -> list[dict[str, object]]:
    return [
        {name: binding["value"] for name, binding in row.items()}
        for row in json.loads(response_text)["results"]["bindings"]
    ]


def test_get_post_form_and_post_direct_give_the_same_answer(client: TestClient) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = client.get("/sparql", params={"query": SUMMITS}, headers=accept)
    by_form = client.post("/sparql", data={"query": SUMMITS}, headers=accept)
    direct = client.post(
        "/sparql", content=SUMMITS.encode(), headers={**accept, "Content-Type": "application/sparql-query"}
    )
    for response in (by_get, by_form, direct):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert [r["s"] for r in _rows(response.text)] == [
            "https://w3id.org/nss-kg/summit/2010-washington",
            "https://w3id.org/nss-kg/summit/2012-seoul",
            "https://w3id.org/nss-kg/summit/2014-the-hague",
        ]  # the cap is 3 rows here
    for response in (by_get, by_form, direct):  # CORS for GET and POST: the endpoint is read-only
        assert response.headers["access-control-allow-origin"] == "*"
    assert by_get.headers["x-sparql-maxrows"] == "3"
    preflight = client.options("/sparql", headers={"Origin": "https://example.org"})
    assert preflight.status_code == 204 and "POST" in preflight.headers["access-control-allow-methods"]
    assert "Content-Type" in preflight.headers["access-control-allow-headers"]  # application/sparql-query


def test_results_in_every_w3c_format(client: TestClient) -> None:
    for accept, media_type in [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
    ]:
        response = client.get("/sparql", params={"query": COUNT}, headers={"Accept": accept})
        assert response.status_code == 200, accept
        assert response.headers["content-type"].startswith(media_type), accept
        assert response.headers["vary"] == "Accept"
    rows = list(csv.reader(io.StringIO(client.get("/sparql", params={"query": COUNT},
                                                  headers={"Accept": "text/csv"}).text)))  # fmt: skip
    assert rows[0] == ["n"] and int(rows[1][0]) == len(nss_kg.graph())  # the store holds the graph
    ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/json"})
    assert ask.json()["boolean"] is True
    construct = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 2"
    for accept, rdf_format in [
        ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
        ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
        ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
        ("application/n-quads", pyoxigraph.RdfFormat.N_QUADS),  # the default graph's, for quad stores
        ("application/trig", pyoxigraph.RdfFormat.TRIG),
    ]:
        response = client.get("/sparql", params={"query": construct}, headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].startswith(accept), accept
        assert len(list(pyoxigraph.parse(response.content, format=rdf_format))) == 2, accept
    assert client.get("/sparql", params={"query": COUNT}, headers={"Accept": "image/png"}).status_code == 406


def test_without_a_query_a_service_description(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    triples = list(pyoxigraph.parse(response.content, format=pyoxigraph.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(q.predicate.value == sd + "endpoint" for q in triples)
    assert any(q.object == pyoxigraph.NamedNode(sd + "SPARQL11Query") for q in triples)
    assert client.get("/sparql").headers["content-type"].startswith("text/turtle")  # */*: not a page
    page = client.get("/sparql?edit=summits", headers={"Accept": "text/html"})
    assert "<textarea" in page.text and "nss:Summit" in page.text


def test_a_browser_gets_rows_as_a_table(client: TestClient) -> None:
    page = client.get("/sparql", params={"query": SUMMITS}, headers={"Accept": "text/html"}).text
    assert "<table>" in page and 'href="/summit/2012-seoul"' in page


def test_read_only(client: TestClient) -> None:
    update = "INSERT DATA { <http://a> <http://b> <http://c> }"
    assert client.post("/sparql", data={"update": update}).status_code == 403
    assert client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}
                       ).status_code == 403  # fmt: skip
    assert client.get("/sparql", params={"query": update}).status_code == 400
    assert client.get("/sparql", params={"update": update}).status_code == 403
    assert client.get("/sparql", params={"query": COUNT}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        # A comment ends at CR as well as LF (SPARQL 1.1 §19.4): the SERVICE after it is real.
        "SELECT * WHERE { # x\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n}",
    ],
)
def test_service_is_refused(client: TestClient, query: str) -> None:
    for response in (
        client.get("/sparql", params={"query": query}),
        client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 403 and "SERVICE" in response.text


def test_brackets_behind_a_cr_comment_are_counted(client: TestClient) -> None:
    query = "SELECT * WHERE { # c\r" + "{" * 5000 + "}" * 5000 + "\n}"
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 400 and "nested" in response.text


def test_malformed_and_deeply_nested_queries_are_400(client: TestClient) -> None:
    assert client.get("/sparql", params={"query": "SELECT WHERE {"}).status_code == 400
    nested = "SELECT * WHERE " + "{" * 200 + "}" * 200
    response = client.post("/sparql", data={"query": nested})
    assert response.status_code == 400 and "nested" in response.text
    assert client.get("/sparql", params=[("query", COUNT), ("query", COUNT)]).status_code == 400
    assert client.post("/sparql", content=COUNT, headers={"Content-Type": "text/plain"}).status_code == 415


@pytest.mark.slow
def test_a_query_past_the_timeout_is_stopped(client: TestClient) -> None:
    started = time.monotonic()
    response = client.get("/sparql", params={"query": SLOW})
    assert response.status_code == 500 and "did not finish within 2 s" in response.text
    assert time.monotonic() - started < 10


class _Gate:
    """A store whose queries wait until the gate opens: a query that runs as long as a test wants."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store
        self.open = threading.Event()

    def query(self, *args: object, **kwargs: object) -> object:
        self.open.wait(60)
        return self.store.query(*args, **kwargs)  # type: ignore[arg-type]


def _query_threads() -> int:
    return sum(thread.name == "nss-kg query" for thread in threading.enumerate())


@pytest.mark.slow
def test_a_query_past_its_timeout_holds_its_slot_until_it_ends() -> None:
    """At most max_queries queries run at once, a query past its timeout (which cannot be stopped) counted
    until it really ends; beyond, 503 with Retry-After at once, and no new thread."""
    application = web.app(timeout=0.2, max_queries=1)
    site = application.state.site
    gate = _Gate(site.store)
    site.store = site.slots.store = gate  # the threads' slots (nss-kg serve's worker processes are below)
    accept = {"Accept": "application/sparql-results+json"}
    with TestClient(application) as client:
        try:
            threads = _query_threads()
            stuck = client.get("/sparql", params={"query": COUNT}, headers=accept)
            assert stuck.status_code == 500 and "did not finish within 0.2 s" in stuck.text
            for _ in range(5):  # a client that piles up queries gets no more threads
                busy = client.get("/sparql", params={"query": COUNT}, headers=accept)
                assert busy.status_code == 503, busy.text
                assert busy.headers["retry-after"] == "1" and "try again" in busy.text
            assert _query_threads() - threads <= 1
            api = client.get("/api/summits")  # the REST API shares the slots
            assert api.status_code == 503 and api.headers["retry-after"] == "1" and "error" in api.json()
            page = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/html"})
            assert page.status_code == 503 and "try again" in page.text
            assert client.get("/summit/2012-seoul.html").status_code == 200  # pages need no slot
        finally:
            gate.open.set()
        deadline = time.monotonic() + 60  # the stuck query ends now, and gives its slot back
        while (answer := client.get("/sparql", params={"query": COUNT}, headers=accept)).status_code == 503:
            assert time.monotonic() < deadline, "the slot was never given back"
            time.sleep(0.02)
        assert answer.status_code == 200 and int(_rows(answer.text)[0]["n"]) == len(nss_kg.graph())  # type: ignore[arg-type]
        assert client.get("/api/summits").status_code == 200


def test_max_queries_must_be_positive() -> None:
    for wrong in (0, -1, 1.5, True):
        with pytest.raises(nss_kg.ArgumentError, match="max_queries"):
            web.app(max_queries=wrong)  # type: ignore[arg-type]


def test_the_result_cap_applies_to_construct_too(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                          headers={"Accept": "application/n-triples"})  # fmt: skip
    assert len(response.text.strip().splitlines()) == 3
    assert response.headers["x-sparql-maxrows"] == "3"


def test_the_dataset_can_be_named(client: TestClient) -> None:
    def count(**params: str) -> int:
        answer = client.get(
            "/sparql", params={"query": COUNT, **params}, headers={"Accept": "application/json"}
        )
        return int(_rows(answer.text)[0]["n"])  # type: ignore[arg-type]

    everything = count()
    assert count(**{"default-graph-uri": GRAPH_IRI}) == everything
    assert count(**{"default-graph-uri": "https://example.org/none"}) == 0
    assert (
        client.get("/sparql", params={"query": COUNT, "default-graph-uri": "not an iri"}).status_code == 400
    )


@pytest.mark.servers
@pytest.mark.parametrize(("name", "params"), cases())
def test_our_remote_client_gets_the_embedded_rows(server: str, name: str, params: dict[str, str]) -> None:
    info = catalogue()[name]
    expected = normalized(info, nss_kg.query(name, params))
    assert normalized(info, nss_kg.query(name, params, endpoint=server)) == expected
    assert expected or name.endswith("-violation")


@pytest.mark.servers
@pytest.mark.parametrize(("name", "params"), cases())
def test_sparqlwrapper_gets_the_embedded_rows(server: str, name: str, params: dict[str, str]) -> None:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    from nss_kg import binding

    info = catalogue()[name]
    wrapper = SPARQLWrapper(server)
    wrapper.setQuery(binding.bind(info, params))
    wrapper.queryType = info.form  # its guess from a regular expression takes "nuclear" for CLEAR
    wrapper.setReturnFormat(TURTLE if info.form in ("CONSTRUCT", "DESCRIBE") else JSON)
    body = wrapper.query().response.read()
    if info.form in ("CONSTRUCT", "DESCRIBE"):
        triples = [q.triple for q in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.TURTLE)]
        theirs = QueryResult(
            info.form, pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
        )
    else:
        theirs = QueryResult.from_json(info.form, body, "SPARQLWrapper")
    assert normalized(info, theirs) == normalized(info, nss_kg.query(name, params))


@pytest.mark.servers
def test_the_live_server_refuses_updates_and_service(server: str) -> None:
    import urllib.error
    import urllib.parse
    import urllib.request

    for fields, status in [
        ({"update": "CLEAR ALL"}, 403),
        ({"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, 403),
    ]:
        request = urllib.request.Request(server, data=urllib.parse.urlencode(fields).encode(), method="POST")
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=10)
        assert caught.value.code == status
    with pytest.raises(nss_kg.EndpointError):
        nss_kg.query("summits", endpoint=nss_kg.Endpoint(server.replace("/sparql", "/nothing"), timeout=5))
