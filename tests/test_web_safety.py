"""nss-kg serve: hostile data is escaped, no script runs, no path leaves the graph, requests are bounded."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
with warnings.catch_warnings():  # Starlette 1.x would have httpx2 under its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import nss_kg
from nss_kg import web
from nss_kg.web.guard import CONTENT_SECURITY_POLICY

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & </script><!--'
HOSTILE_TTL = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix nss: <https://w3id.org/nss-kg/ontology#> .
<https://w3id.org/nss-kg/person/hostile> a nss:Person ;
    rdfs:label {json.dumps(HOSTILE)}@en ;
    nss:holdsOffice <https://w3id.org/nss-kg/office/president-of-the-united-states> ;
    rdfs:seeAlso <javascript:alert(1)> .
<https://w3id.org/nss-kg/summit/2012-seoul> nss:venue {json.dumps(HOSTILE)}@en .
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    data.write_text(HOSTILE_TTL, encoding="utf-8")
    with TestClient(web.app(data=[data], max_body=10_000)) as test_client:
        yield test_client


def test_hostile_labels_are_escaped_everywhere(client: TestClient) -> None:
    for path in [
        "/person/hostile.html",
        "/summit/2012-seoul.html",
        "/office/president-of-the-united-states.html",
    ]:
        page = client.get(path).text
        assert "<script>alert" not in page, path
        assert "<img src=x" not in page, path
        assert page.count("<script") == 1, path  # the JSON-LD block only
        assert "javascript:" not in page.replace("&lt;javascript:", "") or 'href="javascript:' not in page
    page = client.get("/person/hostile.html").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    # The JSON-LD block cannot be closed early, and still parses to the hostile text.
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    block = page[start : page.index("</script>", start)]
    assert "<" not in block and ">" not in block
    assert json.loads(block)["name"] == HOSTILE
    home = client.get("/?lang=zh-Hant").text
    assert "<script>alert" not in home


def test_a_hostile_query_string_is_escaped(client: TestClient) -> None:
    page = client.get("/sparql", params={"query": "SELECT * { <x> <y> '<script>alert(1)</script>' }"},
                      headers={"Accept": "text/html"}).text  # fmt: skip
    assert "<script>alert(1)" not in page
    error = client.get("/summit/<script>", headers={"Accept": "text/html"})
    assert error.status_code == 404 and "<script>" not in error.text.replace('<script type="application', "")


def test_every_answer_has_the_content_security_policy(client: TestClient) -> None:
    for path in ["/", "/summit/2012-seoul.html", "/summit/2012-seoul.ttl", "/sparql", "/api", "/nothing"]:
        response = client.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'none'" in CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY


def test_the_stylesheet_is_served_and_has_a_cjk_font_stack(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "Noto Sans CJK TC" in css.text and "@media" in css.text


@pytest.mark.parametrize(
    "path",
    [
        "/static/../__init__.py",
        "/static/%2e%2e/__init__.py",
        "/static/..%2f__init__.py",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static//etc/passwd",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/summit/..%2f..%2fetc%2fpasswd",
        "/static/templates/../../application.py",
        "/.well-known/../../etc/passwd",
    ],
)
def test_no_path_traversal(client: TestClient, path: str) -> None:
    import httpx

    # Sent as written: httpx would otherwise normalise the dots away.
    request = client.build_request("GET", "http://testserver/")
    request.url = httpx.URL("http://testserver" + path)
    response = client.send(request)
    assert response.status_code in (400, 404), path
    assert "root:" not in response.text and "import" not in response.text and "[project]" not in response.text


def test_request_bodies_are_limited(client: TestClient) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 20_000
    response = client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(30):
            yield b"#" * 1000

    response = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert client.get("/sparql", params={"query": "x" * 20_000}).status_code == 414


def test_the_library_call_checks_its_data(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(nss_kg.InputError, match=r"bad\.ttl:1:"):
        web.app(data=[bad])
    with pytest.raises(nss_kg.ArgumentError):
        web.app(data=[42])  # type: ignore[list-item]
