"""The web module's smaller breaks, each found by a hostile probe: links off-site from a 404 page, IRIs with
non-ASCII characters, RDF/XML of control characters, and arguments the library took without a word."""

from __future__ import annotations

import asyncio
import warnings
import xml.dom.minidom
from pathlib import Path

import pytest

from nss_kg import web
from nss_kg.errors import ArgumentError
from nss_kg.querying import query
from nss_kg.web import static_site

pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def odd_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    file = tmp_path_factory.mktemp("data") / "odd.ttl"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    file.write_text(
        f'<https://w3id.org/nss-kg/person/jos\\u00e9> {label} "Jos\\u00e9"@en .\n'
        f'<https://w3id.org/nss-kg/person/bell> {label} "Bell\\u0007"@en .\n'
        f'<https://w3id.org/nss-kg/thing/slash/> {label} "slash"@en .\n'
        f'<https://w3id.org/nss-kg/thing/q?id=1> {label} "query"@en .\n',
        encoding="utf-8",
    )
    return file


def test_a_404_page_for_a_double_slash_path_links_only_here() -> None:
    status, body = asyncio.run(static_site._get(web.app(), "//evil.example/login"))
    assert status == 404
    assert b'href="//' not in body and b'href="/evil.example/login?lang=zh-Hant"' in body


def test_an_iri_with_non_ascii_characters_answers_with_an_encoded_link_header(odd_data: Path) -> None:
    client = TestClient(web.app([odd_data]))
    for path in ("/person/josé", "/person/josé.ttl", "/person/josé.html"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code in (200, 303), path
        assert "</person/jos%C3%A9.ttl>" in response.headers["link"]


def test_rdf_xml_of_a_control_character_is_406_not_a_broken_document(odd_data: Path) -> None:
    client = TestClient(web.app([odd_data]))
    assert client.get("/person/bell.rdf").status_code == 406
    assert client.get("/person/bell.ttl").status_code == 200
    query_text = "CONSTRUCT WHERE { <https://w3id.org/nss-kg/person/bell> ?p ?o }"
    answer = client.get("/sparql", params={"query": query_text}, headers={"accept": "application/rdf+xml"})
    assert answer.status_code == 406 and "XML 1.0" in answer.text
    well_formed = client.get("/person/josé.rdf")
    assert well_formed.status_code == 200 and xml.dom.minidom.parseString(well_formed.content)


@pytest.mark.parametrize(
    "arguments",
    [{"timeout": -1}, {"timeout": float("nan")}, {"max_rows": "x"}, {"max_body": -5}, {"max_queries": 0}],
)
def test_the_app_refuses_nonsense_limits(arguments: dict[str, object]) -> None:
    with pytest.raises(ArgumentError, match=next(iter(arguments))):
        web.app(**arguments)  # type: ignore[arg-type]


def test_a_port_beyond_65535_is_refused_not_taken_modulo() -> None:
    with pytest.raises(ArgumentError, match="port number from 0 to 65535"):
        web.listen(port=70000)


@pytest.mark.parametrize("format", ["nope", None, 3])
def test_serializing_to_an_unknown_format_is_an_argument_error(format: object) -> None:
    result = query("summits")
    with pytest.raises(ArgumentError, match="format must be one of"):
        result.serialize(format)  # type: ignore[arg-type]


def test_iris_with_a_trailing_slash_or_a_query_answer(odd_data: Path) -> None:
    client = TestClient(web.app([odd_data]))
    turtle = {"accept": "text/turtle"}
    slash = client.get("/thing/slash/", headers=turtle, follow_redirects=False)
    assert slash.status_code == 303 and slash.headers["location"] == "/thing/slash/.ttl"
    assert "slash" in client.get("/thing/slash/.ttl").text
    query = client.get("/thing/q?id=1", headers=turtle, follow_redirects=False)
    assert query.status_code == 303 and query.headers["location"] == "/thing/q.ttl?id=1"
    assert '"query"@en' in client.get("/thing/q.ttl?id=1").text
    assert client.get("/thing/q.ttl").status_code == 404  # without its query, another IRI
