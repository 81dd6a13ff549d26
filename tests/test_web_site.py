"""nss-kg site: the static site behind a real Apache (Debian's apache2, mod_rewrite) with the rules it writes.

One Apache on 127.0.0.1 serves a folder standing for both sides of a w3id.org registration: ``/nss-kg/`` holds
only the w3id.org rules (``w3id.org/nss-kg/.htaccess``, as w3id.org's own Apache would hold them) and
``/site/`` the static site, written with ``--base-url http://127.0.0.1:PORT/site/``. Every subject IRI
``https://w3id.org/nss-kg/X`` is asked for as ``/nss-kg/X`` with each Accept header: the rules must answer 303
to the right document of the site, which must hold the subject's triples (the walk of test_web_entities.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
import servers
from test_web_entities import _parse, walk_every_subject
from test_web_iris import crawl, minted_documents

import nss_kg
from nss_kg.cli import main
from nss_kg.namespaces import BASE_IRI

pytest.importorskip("starlette")
# In one xdist group: one static site and one Apache for the run, not one a worker.
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.xdist_group("static-site"),
]

ACCEPT = {
    "text/html": ".html",
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
    "application/rdf+xml": ".rdf",
}
#: What a browser sends.
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
MODULES = ("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers")

APACHE_CONF = """\
{modules}
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
{user}
PidFile {run}/apache.pid
DefaultRuntimeDir {run}
Mutex file:{run} default
ErrorLog {run}/error.log
LogLevel warn
TypesConfig /etc/mime.types
DocumentRoot {root}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {root}>
    AllowOverride All
    Require all granted
</Directory>
"""


def apache_executable() -> str:
    found = shutil.which("apache2") or (
        "/usr/sbin/apache2" if os.access("/usr/sbin/apache2", os.X_OK) else None
    )
    if found is None:
        servers.missing("apache2", "apt-get install apache2")
    return str(found)


# Session, not module: xdist runs other modules' tests in between, and a module fixture would be set up again.
@pytest.fixture(scope="session")
def apache() -> Iterator[str]:
    """Apache on a free 127.0.0.1 port in front of the static site and the w3id.org rules; its base URL."""
    executable = apache_executable()
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    # Not pytest's tmp_path: Apache, started as root, serves as www-data, who cannot enter a 0700 folder.
    folder = Path(tempfile.mkdtemp(prefix="nss-kg-apache-"))
    try:
        folder.chmod(0o755)
        root, run = folder / "root", folder / "run"
        root.mkdir()
        run.mkdir()
        assert main(["site", "--output", str(root / "site"), "--base-url", f"{base}/site/"]) == 0
        (root / "nss-kg").mkdir()
        shutil.copyfile(root / "site" / "w3id.org" / "nss-kg" / ".htaccess", root / "nss-kg" / ".htaccess")
        modules = "\n".join(
            f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so" for name in MODULES
        )
        user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
        conf = folder / "apache.conf"
        conf.write_text(APACHE_CONF.format(modules=modules, port=port, user=user, run=run, root=root))
        log = run / "error.log"
        process = subprocess.Popen(
            [executable, "-f", str(conf), "-DFOREGROUND"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 15
            while True:
                if process.poll() is not None:
                    error = log.read_text(errors="replace") if log.exists() else ""
                    raise RuntimeError(f"apache2 exited with {process.returncode}: {error[-2000:]}")
                try:
                    httpx.get(base + "/site/static/style.css", timeout=1)
                    break
                except httpx.HTTPError:
                    assert time.monotonic() < deadline, "apache2 did not start within 15 s"
                    time.sleep(0.05)
            yield base
        finally:
            servers.stop(process)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# Session, not module: xdist runs other modules' tests in between, and a module fixture would be set up again.
@pytest.fixture(scope="session")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10, follow_redirects=False) as client:
        yield client


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return nss_kg.graph()


def _through_w3id(http: httpx.Client, base: str, path: str, accept: str) -> httpx.Response:
    """``https://w3id.org/nss-kg{path}`` asked for with ``accept``: the 303 must name the right document of
    the site; that document's answer."""
    moved = http.get(f"{base}/nss-kg{path}", headers={"Accept": accept})
    assert moved.status_code == 303, (path, accept, moved.status_code)
    assert moved.headers["location"] == f"{base}/site{path}{ACCEPT[accept]}", (path, accept)
    return http.get(moved.headers["location"], headers={"Accept": accept})


@pytest.mark.servers
def test_every_subject_iri_redirects_to_a_document_with_its_triples(
    apache: str, http: httpx.Client, graph: rdflib.Graph
) -> None:
    def fetch(path: str, accept: str) -> tuple[int, str, str]:
        response = _through_w3id(http, apache, path, accept)
        return response.status_code, response.headers.get("content-type", ""), response.text

    walked = walk_every_subject(fetch, graph, ["text/turtle", "application/ld+json", "text/html"])
    assert walked > 100


@pytest.mark.servers
def test_every_minted_iri_answers_through_w3id(apache: str, http: httpx.Client) -> None:
    """The walk of test_web_iris.py through the w3id.org rules to the static site: every IRI nss-kg mints
    answers 200 after its redirects, as RDF and as a page; all but the SPARQL endpoint, which only
    ``nss-kg serve`` has (a static site answers no queries)."""
    failed = []
    for path in minted_documents():
        if path == "/sparql":
            continue
        for accept in ("text/turtle", "text/html"):
            response = http.get(f"{apache}/nss-kg{path}", headers={"Accept": accept}, follow_redirects=True)
            if response.status_code != 200:
                failed.append((path, accept, response.status_code))
    assert failed == []


@pytest.mark.servers
def test_each_kind_of_iri_with_each_accept_header(apache: str, http: httpx.Client) -> None:
    import pyoxigraph

    formats = {
        "text/turtle": pyoxigraph.RdfFormat.TURTLE,
        "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
        "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
        "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
    }
    subjects = {str(s) for s in nss_kg.graph().subjects() if str(s).startswith(BASE_IRI)}
    examples: dict[str, str] = {}
    for iri in sorted(subjects):
        local = iri[len(BASE_IRI) :].partition("#")[0]
        examples.setdefault(local.split("/")[0], iri)
    assert {"series", "summit", "person", "state", "city", "ontology", "dataset", "source"} <= set(examples)
    for kind, iri in examples.items():
        path = "/" + iri[len(BASE_IRI) :].partition("#")[0]
        for accept in ACCEPT:
            response = _through_w3id(http, apache, path, accept)
            assert response.status_code == 200, (kind, accept)
            assert response.headers["content-type"].startswith(accept), (kind, accept)
            if accept == "text/html":
                assert f"<code>{iri}</code>" in response.text or 'id="' in response.text
                continue
            triples = list(pyoxigraph.parse(response.content, format=formats[accept]))
            assert iri in {t.subject.value for t in triples}, (kind, accept)


@pytest.mark.servers
def test_browsers_and_clients_without_accept_get_the_page(apache: str, http: httpx.Client) -> None:
    for accept in (BROWSER, "*/*", None):
        headers = {"Accept": accept} if accept else {}
        moved = http.get(f"{apache}/nss-kg/summit/2012-seoul", headers=headers)
        assert moved.status_code == 303
        assert moved.headers["location"] == f"{apache}/site/summit/2012-seoul.html"
    assert (
        http.get(f"{apache}/nss-kg/summit/2012-seoul", headers={"Accept": "application/json"})
        .headers["location"]
        .endswith("/site/summit/2012-seoul.jsonld")
    )


@pytest.mark.servers
def test_the_base_the_dataset_and_documents_by_their_own_addresses(apache: str, http: httpx.Client) -> None:
    home = http.get(f"{apache}/nss-kg/", headers={"Accept": BROWSER})
    assert home.status_code == 303 and home.headers["location"] == f"{apache}/site/"
    page = http.get(home.headers["location"])
    assert page.status_code == 200 and "Nuclear Security Summit" in page.text
    for path in ("/", "/.well-known/void"):
        moved = http.get(f"{apache}/nss-kg{path}", headers={"Accept": "text/turtle"})
        assert moved.headers["location"] == f"{apache}/site/dataset.ttl", path
        served = _parse(http.get(moved.headers["location"]).text, "text/turtle")
        assert (rdflib.URIRef(BASE_IRI + "dataset"), None, None) in served
    # A document's own address, through w3id.org, is the same document on the site.
    moved = http.get(f"{apache}/nss-kg/summit/2012-seoul.ttl", headers={"Accept": "text/html"})
    assert moved.status_code == 303 and moved.headers["location"] == f"{apache}/site/summit/2012-seoul.ttl"
    api = http.get(f"{apache}/nss-kg/api")
    assert api.headers["location"] == f"{apache}/site/api.html"
    assert http.get(api.headers["location"]).status_code == 200


@pytest.mark.servers
def test_the_site_negotiates_on_its_own_too(apache: str, http: httpx.Client) -> None:
    """The site's own .htaccess: its entity addresses answer 303 by Accept, relative to the site."""
    for accept, extension in ACCEPT.items():
        moved = http.get(f"{apache}/site/city/seoul", headers={"Accept": accept})
        assert moved.status_code == 303, accept
        assert moved.headers["location"] == f"{apache}/site/city/seoul{extension}", accept
    assert "Accept" in moved.headers["vary"] and "Accept-Language" in moved.headers["vary"]
    # Every alternate named, as nss-kg serve names them (none of the site's 303s did).
    link = moved.headers["link"]
    assert '</site/city/seoul.ttl>; rel="alternate"; type="text/turtle"' in link, link
    assert '</site/city/seoul.jsonld>; rel="alternate"; type="application/ld+json"' in link, link
    # The page in the language the browser asks for first (mod_rewrite reads no q-values).
    for language, page_file in [
        ("zh-TW,zh;q=0.9,en;q=0.8", "seoul.zh-Hant.html"),
        ("zh-Hant", "seoul.zh-Hant.html"),
        ("zh-CN,zh;q=0.9", "seoul.zh-Hans.html"),
        ("en-GB,en;q=0.9", "seoul.html"),
    ]:
        moved = http.get(
            f"{apache}/site/city/seoul", headers={"Accept": "text/html", "Accept-Language": language}
        )
        assert moved.headers["location"] == f"{apache}/site/city/{page_file}", language
        assert http.get(moved.headers["location"]).status_code == 200, language
    css = http.get(f"{apache}/site/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    page = http.get(f"{apache}/site/summit/2012-seoul.html")
    assert "script-src 'none'" in page.headers["content-security-policy"]


@pytest.mark.servers
def test_pages_link_to_files_relative_to_themselves(apache: str, http: httpx.Client) -> None:
    page = http.get(f"{apache}/site/summit/2012-seoul.zh-Hant.html").text
    assert "<h1>2012年核安全峰會</h1>" in page
    assert 'href="../city/seoul.zh-Hant.html"' in page and 'href="../static/style.css"' in page
    assert 'href="../summit/2012-seoul.zh-Hans.html"' in page  # the switcher
    assert 'href="/sparql"' not in page and 'href="../sparql"' not in page  # no server here
    for link in ("../city/seoul.zh-Hant.html", "../summit/2012-seoul.ttl", "../api.html"):
        target = httpx.URL(f"{apache}/site/summit/2012-seoul.zh-Hant.html").join(link)
        assert http.get(target).status_code == 200, link
    home = http.get(f"{apache}/site/index.html").text
    assert 'href="summit/2012-seoul.html"' in home and 'href="index.zh-Hans.html"' in home


def test_bad_options_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["site", "--output", str(tmp_path), "--base-url", "ftp://example.org/"]) == 2
    assert "--base-url" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["site", "--output", str(blocker / "sub")]) == 4
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.servers
def test_a_crawler_from_the_dataset_reaches_every_entity_on_the_site(
    apache: str, http: httpx.Client, graph: rdflib.Graph
) -> None:
    """test_web_iris.py's crawler on the static site, through the w3id.org rules: from /dataset, following
    only the IRIs in Turtle documents (the dumps aside), it reaches every subject IRI, as on the server."""

    def fetch(path: str) -> bytes | None:
        if path.startswith("/dump/") or path == "/sparql":
            return None
        moved = http.get(f"{apache}/nss-kg{path}", headers={"Accept": "text/turtle"})
        if moved.status_code != 303:
            return None
        response = http.get(moved.headers["location"], headers={"Accept": "text/turtle"})
        turtle = response.headers.get("content-type", "").startswith("text/turtle")
        return response.content if response.status_code == 200 and turtle else None

    reached = crawl(fetch)
    subjects = {str(s) for s in graph.subjects() if str(s).startswith(BASE_IRI)}
    assert len(subjects) > 1000
    assert sorted(subjects - reached) == []


@pytest.mark.servers
def test_the_site_has_a_sitemap_of_its_files(apache: str, http: httpx.Client) -> None:
    """With --base-url, sitemap.xml names each page's file at that base, its other languages' files beside."""
    sitemap = http.get(f"{apache}/site/sitemap.xml")
    assert sitemap.status_code == 200
    assert f"<loc>{apache}/site/summit/2012-seoul.html</loc>" in sitemap.text
    assert f'hreflang="zh-Hant" href="{apache}/site/summit/2012-seoul.zh-Hant.html"' in sitemap.text
    assert f"<loc>{apache}/site/index.html</loc>" in sitemap.text
    assert http.get(f"{apache}/site/summit/2012-seoul.zh-Hant.html").status_code == 200


@pytest.mark.servers
def test_the_site_describes_no_endpoint_it_lacks(apache: str, http: httpx.Client) -> None:
    """A static site answers no /api call: it publishes no OpenAPI document describing them, and its API page
    says that nss-kg serve answers them, in each language, with no link to an operation; nor does the home
    page link to one."""
    assert http.get(f"{apache}/site/api/openapi.json").status_code == 404
    for name, wording in (
        ("api.html", "answered by nss-kg serve"),
        ("api.zh-Hant.html", "由 nss-kg serve 回應"),
    ):
        page = http.get(f"{apache}/site/{name}").text
        assert wording in page and "openapi.json" not in page
        assert 'href="api/' not in page and 'href="/api/' not in page
    for name in ("index.html", "index.zh-Hant.html", "index.zh-Hans.html"):
        assert "openapi.json" not in http.get(f"{apache}/site/{name}").text, name
