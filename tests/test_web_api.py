"""nss-kg serve: /api/{query} answers what ``nss-kg query`` answers, and /api/openapi.json describes it."""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator

import pyoxigraph
import pytest
from test_store_parity import cases, normalized

pytest.importorskip("starlette")
with warnings.catch_warnings():  # Starlette 1.x would have httpx2 under its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from nss_kg import web
from nss_kg.catalogue import QueryInfo, catalogue
from nss_kg.cli import main
from nss_kg.results import QueryResult


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(web.app()) as test_client:
        yield test_client


def _as_result(info: QueryInfo, body: bytes) -> QueryResult:
    if info.form in ("CONSTRUCT", "DESCRIBE"):
        triples = [q.triple for q in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.JSON_LD)]
        return QueryResult(
            info.form, pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
        )
    return QueryResult.from_json(info.form, body, "test")


@pytest.mark.parametrize(("name", "params"), cases())
def test_each_query_answers_as_the_cli_does(
    client: TestClient, capsysbinary: pytest.CaptureFixture[bytes], name: str, params: dict[str, str]
) -> None:
    info = catalogue()[name]
    graph = info.form in ("CONSTRUCT", "DESCRIBE")
    output_format = "jsonld" if graph else "json"
    assert main(["query", name, *(f"{k}={v}" for k, v in params.items()), "--format", output_format]) == 0
    expected = capsysbinary.readouterr().out
    response = client.get(f"/api/{name}", params=params, headers={"Accept": "application/json"})
    assert response.status_code == 200
    media_type = "application/ld+json" if graph else "application/sparql-results+json"
    assert response.headers["content-type"].startswith(media_type)
    assert normalized(info, _as_result(info, response.content)) == normalized(
        info, _as_result(info, expected)
    )
    if not graph:
        assert json.loads(response.content)["head"] == json.loads(expected)["head"]


def test_csv_by_accept(client: TestClient) -> None:
    response = client.get("/api/summit", params={"year": "2012"}, headers={"Accept": "text/csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1 and rows[0]["summit"] == "https://w3id.org/nss-kg/summit/2012-seoul"
    hant = client.get(
        "/api/summit", params={"year": "2012", "lang": "zh-Hant"}, headers={"Accept": "text/csv"}
    )
    assert "首爾" in hant.text


def test_defaults_apply(client: TestClient) -> None:
    default = client.get("/api/summits", headers={"Accept": "application/json"}).json()
    english = client.get("/api/summits", params={"lang": "en"}, headers={"Accept": "application/json"}).json()
    assert default == english


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"year": "twenty"}, "not a valid xsd:integer"),
        ({"lang": "fr"}, "not one of"),
        ({"colour": "red"}, "has no parameter 'colour'"),
        ({"year": '2012"} UNION { ?s ?p ?o'}, "not a valid xsd:integer"),
    ],
)
def test_bad_parameters_are_json_errors(client: TestClient, params: dict[str, str], fragment: str) -> None:
    response = client.get("/api/summit", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert fragment in response.json()["error"]


def test_hostile_values_are_bound_as_terms(client: TestClient) -> None:
    """A value is a term, never query text: an injected pattern finds nothing, rather than everything."""
    hostile = "https://w3id.org/nss-kg/summit/x> ?p ?o } UNION { ?s ?p ?o . <http://a"
    response = client.get("/api/label", params={"entity": hostile}, headers={"Accept": "application/json"})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["results"]["bindings"] == []


def test_a_parameter_given_twice_and_unknown_queries(client: TestClient) -> None:
    response = client.get("/api/summit", params=[("year", "2012"), ("year", "2014")])
    assert response.status_code == 400 and "twice" in response.json()["error"]
    missing = client.get("/api/no-such-query")
    assert missing.status_code == 404 and "error" in missing.json()


def test_openapi_lists_every_query_with_parameter_types(client: TestClient) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.text)
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {f"/api/{name}" for name in catalogue()}
    summit = {p["name"]: p for p in document["paths"]["/api/summit"]["get"]["parameters"]}
    assert summit["year"]["schema"]["type"] == "integer"
    assert summit["lang"]["schema"] == {
        "type": "string",
        "enum": ["en", "zh-Hant", "zh-Hans"],
        "default": "en",
    }
    for path in document["paths"].values():
        operation = path["get"]
        assert operation["operationId"] and operation["responses"]["200"]["content"]
        for parameter in operation["parameters"]:
            assert parameter["in"] == "query" and "type" in parameter["schema"]


def test_the_docs_page_lists_every_operation(client: TestClient) -> None:
    page = client.get("/api").text
    for name in catalogue():
        assert f"GET /api/{name}" in page
    assert "https://cdn" not in page and "<script" not in page
