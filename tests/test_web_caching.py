"""HTTP caching on ``nss-kg serve`` (nss_kg.web.caching): validators on every 200 answer to a GET, and
304 Not Modified for a request that names them, as RFC 9110 §13 says."""

from __future__ import annotations

import email.utils
import time
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from starlette.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def client(web_client: TestClient) -> TestClient:
    return web_client


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/summit/2012-seoul.ttl", "text/turtle"),
        ("/summit/2012-seoul.html", "text/html"),
        ("/ontology", "text/turtle"),
        ("/api/summits", "text/csv"),
        ("/sparql?query=ASK%7B%7D", "application/sparql-results+json"),
    ],
)
def test_an_answer_is_revalidated_by_its_etag(client: TestClient, path: str, accept: str) -> None:
    first = client.get(path, headers={"Accept": accept})
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["cache-control"] == "public, max-age=3600"
    again = client.get(path, headers={"Accept": accept, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert "content-type" not in again.headers
    # Another representation of the same resource is another body, so another tag.
    other = client.get(path, headers={"Accept": accept, "If-None-Match": '"0123"'})
    assert other.status_code == 200 and other.content == first.content


def test_if_modified_since_the_start_is_not_modified(client: TestClient) -> None:
    first = client.get("/summit/2012-seoul.ttl")
    modified = first.headers["last-modified"]
    assert email.utils.parsedate_to_datetime(modified).timestamp() <= time.time()
    assert client.get("/summit/2012-seoul.ttl", headers={"If-Modified-Since": modified}).status_code == 304
    before = email.utils.formatdate(time.time() - 86_400 * 365, usegmt=True)
    assert client.get("/summit/2012-seoul.ttl", headers={"If-Modified-Since": before}).status_code == 200
    # If-None-Match decides alone where both are given.
    both = {"If-Modified-Since": modified, "If-None-Match": '"0123"'}
    assert client.get("/summit/2012-seoul.ttl", headers=both).status_code == 200


def test_redirects_errors_and_posts_carry_no_validators(client: TestClient) -> None:
    moved = client.get("/summit/2012-seoul", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert moved.status_code == 303 and "etag" not in moved.headers
    missing = client.get("/summit/nowhere.ttl")
    assert missing.status_code == 404 and "etag" not in missing.headers
    posted = client.post(
        "/sparql", data={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}
    )
    assert posted.status_code == 200 and "etag" not in posted.headers
