"""nss-kg serve's query page (/query): YASGUI, vendored with its licence and served from the package, under
a Content-Security-Policy of its own that runs scripts from this server only; the packaged queries are
embedded as JSON data. (tests/test_web_browser.py runs a query in it in chromium.)"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator

import pytest

pytest.importorskip("starlette")
with warnings.catch_warnings():  # Starlette 1.x would have httpx2 under its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from nss_kg import web
from nss_kg.catalogue import catalogue
from nss_kg.web.guard import CONTENT_SECURITY_POLICY, QUERY_PAGE_POLICY

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(web.app()) as test_client:
        yield test_client


def test_the_query_page_has_its_own_policy_scripts_from_self_only(client: TestClient) -> None:
    response = client.get("/query")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert policy == QUERY_PAGE_POLICY
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["connect-src"] == "'self'"
    assert directives["default-src"] == "'none'" and "unsafe-eval" not in policy
    assert len(response.headers.get_list("content-security-policy")) == 1
    # Every other page keeps the policy that runs no script.
    assert client.get("/sparql", headers={"Accept": "text/html"}).headers["content-security-policy"] == (
        CONTENT_SECURITY_POLICY
    )


def test_the_page_loads_yasgui_from_this_server_and_embeds_every_packaged_query(client: TestClient) -> None:
    page = client.get("/query").text
    assert '<script src="/static/yasgui/yasgui.min.js" defer></script>' in page
    assert '<script src="/static/query.js" defer></script>' in page
    assert "http://" not in page.split("<body>")[0] and "https://" not in page.split("<body>")[0]
    start = page.index('<script type="application/json" id="packaged-queries">')
    start = page.index(">", start) + 1
    embedded = json.loads(page[start : page.index("</script>", start)])
    assert embedded == {name: info.text for name, info in catalogue().items()}
    for name in catalogue():
        assert f'data-query="{name}"' in page


def test_the_vendored_files_and_their_licence_are_served(client: TestClient) -> None:
    for path, media_type in [
        ("/static/yasgui/yasgui.min.js", "text/javascript"),
        ("/static/yasgui/yasgui.min.css", "text/css"),
        ("/static/query.js", "text/javascript"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith(media_type), path
    assert "MIT License" in client.get("/static/yasgui/LICENSE").text
