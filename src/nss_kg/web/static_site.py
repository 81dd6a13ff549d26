"""``nss-kg site``: what ``nss-kg serve`` publishes, as static files for GitHub Pages or any web server.

The files are the server's own answers: the application of ``nss-kg serve`` (web/application.py, in its
static mode, which leaves out the links to what only a server answers: /sparql and the /api calls) is asked
for each document in this process, so the pages and RDF documents are the same bytes, from the same code.
Only the links between pages are rewritten, to relative links to the files (``/city/seoul?lang=zh-Hant``
becomes ``../city/seoul.zh-Hant.html``), so that the site works under any base URL and from disk.

Written: each entity's ``.html`` (and ``.zh-Hant.html``, ``.zh-Hans.html``), ``.ttl``, ``.jsonld``, ``.nt``
and ``.rdf``, at its IRI's path; the home page (``index.html``), the ontology, the dataset, the API docs page
(documentation of the calls ``nss-kg serve`` answers: no OpenAPI document, which would describe operations
this site does not have); the stylesheet; ``.htaccess`` for Apache (media types, and the same 303 content
negotiation as the server); and, given the base URL the site will be served from,
``w3id.org/nss-kg/.htaccess``: the rules to register https://w3id.org/nss-kg/ with w3id.org (a pull request
to perma-id/w3id.org), which send each IRI with 303 to the document its ``Accept`` header asks for.
"""

from __future__ import annotations

import asyncio
import os
import re
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from nss_kg import output_files
from nss_kg.errors import InputError, LocalResourceError
from nss_kg.namespaces import BASE_IRI
from nss_kg.web import application, document_routes, guard, pages, responses
from nss_kg.web.negotiation import LANGUAGES, REPRESENTATIONS
from nss_kg.web.site import DUMP_FORMATS, Site

#: The pages written in every language: en as ``NAME.html``, the others as ``NAME.zh-Hant.html`` ….
DEFAULT_LANGUAGE = LANGUAGES[0]
#: Local links in the pages: ``href="/…"`` and ``src="/…"``.
_LOCAL_LINK = re.compile(r'(href|src)="(/[^"]*)"')
#: Where the w3id.org rules go, under the output folder.
W3ID_RULES = os.path.join("w3id.org", "nss-kg", ".htaccess")
#: Security headers for Apache, as the server sends them.
_CSP = guard.CONTENT_SECURITY_POLICY


class Summary(NamedTuple):
    files: int
    entities: int
    w3id_rules: Path | None
    #: IRIs that no file can stand for (a query string, characters a path cannot hold), left out.
    left_out: tuple[str, ...] = ()


# --- asking the application -----------------------------------------------------------------------


async def _get(app: Any, path: str, query: str = "") -> tuple[int, bytes]:
    """The application's answer to ``GET path?query`` (no Accept-Language: pages in English unless
    ``?lang=``), in this process."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "https", "server": ("localhost", 443), "client": ("127.0.0.1", 0), "root_path": "",
        "path": path, "raw_path": urllib.parse.quote(path).encode(), "query_string": query.encode(),
        "headers": [(b"host", b"localhost")],
    }  # fmt: skip
    status = 0
    body = bytearray()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await app(scope, receive, send)
    return status, bytes(body)


# --- links ----------------------------------------------------------------------------------------


def _page_file(path: str, language: str | None) -> str:
    """The file of the page at ``path`` (``/summit/x``, ``/``) in ``language``."""
    stem = "index" if path == "/" else path[1:]
    tag = "" if language in (None, DEFAULT_LANGUAGE) else f".{language}"
    return f"{stem}{tag}.html"


def _relative(href: str, depth: int, html_pages: frozenset[str]) -> str:
    """A local link (``/city/seoul?lang=zh-Hant#x``) as a link to its file, relative to a page ``depth``
    folders down."""
    rest, hash_, fragment = href.partition("#")
    path, _, query = rest.partition("?")
    languages = urllib.parse.parse_qs(query).get("lang")
    language = languages[0] if languages and languages[0] in LANGUAGES else None
    if path == "/" or path in html_pages:
        target = _page_file(path, language)
    elif path.endswith(".html") and path[: -len(".html")] in html_pages:
        target = _page_file(path[: -len(".html")], language)
    else:
        target = path[1:]
    return "../" * depth + target + hash_ + fragment


def _relink(html: str, depth: int, html_pages: frozenset[str]) -> str:
    return _LOCAL_LINK.sub(lambda m: f'{m.group(1)}="{_relative(m.group(2), depth, html_pages)}"', html)


# --- Apache rules ---------------------------------------------------------------------------------

_RDF_CONDITIONS = {
    "turtle": [r"text/turtle"],
    "jsonld": [r"application/ld\+json", r"application/json"],
    "ntriples": [r"application/n-triples"],
    "rdfxml": [r"application/rdf\+xml"],
}


#: The Accept-Language prefixes of a Taiwanese (or Hong Kong, Macau) reader, then of any other Chinese one.
_TRADITIONAL = r"^zh-(tw|hk|mo|hant)"
_CHINESE = r"^zh"


def _negotiation(pattern: str, target: str, html: str | None = None) -> list[str]:
    """Rules sending a path matching ``pattern`` with 303 to ``target`` + the extension the Accept header asks
    for: RDF when it names an RDF type, else HTML (or to ``html``, if given) in the language Accept-Language
    asks for first. mod_rewrite reads no q-values: the first RDF type named wins, in the order Turtle,
    JSON-LD, N-Triples, RDF/XML; the first language named decides the page's. Each such 303 sets
    NSS_NEGOTIATED, for which the site's rules add ``Vary: Accept, Accept-Language``, and NSS_DOCUMENT (the
    document's path without its extension), for their ``Link`` header naming every alternate."""
    flags = f"[R=303,L,E=NSS_NEGOTIATED:1,E=NSS_DOCUMENT:{target}]"
    lines = []
    for representation in REPRESENTATIONS:
        if representation.name == "html":
            continue
        conditions = _RDF_CONDITIONS[representation.name]
        for number, condition in enumerate(conditions):
            more = " [OR]" if number < len(conditions) - 1 else ""
            lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {condition}{more}")
        lines.append(f"RewriteRule {pattern} {target}{representation.extension} {flags}")
    if html is None:
        for condition, language in ((_TRADITIONAL, "zh-Hant"), (_CHINESE, "zh-Hans")):
            lines.append(f"RewriteCond %{{HTTP:Accept-Language}} {condition} [NC]")
            lines.append(f"RewriteRule {pattern} {target}.{language}.html {flags}")
    lines.append(f"RewriteRule {pattern} {target + '.html' if html is None else html} {flags}")
    return lines


#: Entities whose IRI is one segment under the base, not kind/slug (the graph's own may add more).
SINGLE_SEGMENT = ("ontology", "shapes", "dataset")
#: The version IRIs of the ontology and the shapes (ontology/0.1.0): slugs with dots, which kind/slug refuses.
VERSION_PATTERN = r"^((?:ontology|shapes)/[0-9]+\.[0-9]+\.[0-9]+)$"


def _entity_pattern(kinds: Iterable[str], singles: Iterable[str] = SINGLE_SEGMENT) -> str:
    """kind/slug for each kind, or one of the single-segment entities (the ontology, the dataset …)."""
    alone = "|".join(re.escape(name) for name in sorted(set(singles)))
    return r"^((?:" + "|".join(re.escape(k) for k in sorted(kinds)) + r")/[^/.]+|" + alone + ")$"


def singles_of(subjects: Iterable[str]) -> set[str]:
    """The single-segment entities among ``subjects`` (IRIs), with the ontology and the dataset."""
    names = {iri[len(BASE_IRI) :].partition("#")[0] for iri in subjects if iri.startswith(BASE_IRI)}
    return {*SINGLE_SEGMENT, *(n for n in names if n and re.fullmatch(r"[A-Za-z0-9_-]+", n))}


def _link_template(base_path: str) -> str:
    """The Link header ``nss-kg serve`` sends with a negotiated 303 (responses.link_header), for Apache: the
    document's path from mod_rewrite's NSS_DOCUMENT, the quotes escaped."""
    base = base_path if base_path.endswith("/") else base_path + "/"
    placeholder = "NSS_DOCUMENT"  # kept as it is by link_header's percent-encoding
    header = responses.link_header(base + placeholder).replace(placeholder, "%{NSS_DOCUMENT}e")
    return header.replace('"', '\\"')


def site_rules(kinds: Iterable[str], base_path: str, singles: Iterable[str] = SINGLE_SEGMENT) -> str:
    """``.htaccess`` for the site itself on Apache: the documents' media types, and each entity's address
    answering 303 by Accept to its document, as ``nss-kg serve`` does."""
    media = [f"AddType {r.media_type} {r.extension}" for r in REPRESENTATIONS if r.name != "html"]
    media.append("AddType application/n-quads .nq")  # the dump
    lines = [
        "# nss-kg: the static site of `nss-kg site`, on Apache (mod_rewrite; mod_headers if present).",
        "Options -MultiViews",
        "DirectoryIndex index.html",
        *media,
        "AddCharset utf-8 .html .ttl .jsonld .nt .rdf .css .json",
        "<IfModule mod_headers.c>",
        f'    Header set Content-Security-Policy "{_CSP}"',
        '    Header set X-Content-Type-Options "nosniff"',
        '    <FilesMatch "\\.(ttl|jsonld|nt|rdf|json)$">',
        '        Header set Access-Control-Allow-Origin "*"',
        "    </FilesMatch>",
        '    Header always set Vary "Accept, Accept-Language" env=NSS_NEGOTIATED',
        f'    Header always set Link "{_link_template(base_path)}" env=NSS_DOCUMENT',
        "</IfModule>",
        "",
        "RewriteEngine on",
        f"RewriteBase {base_path}",
        "# An entity's address: 303 to the document the Accept header asks for (Cool URIs).",
        *_negotiation(_entity_pattern(kinds, singles), "$1"),
        "# The version IRIs of the ontology and the shapes.",
        *_negotiation(VERSION_PATTERN, "$1"),
        "# The dataset's VoID description, at its well-known address.",
        *_negotiation(r"^\.well-known/void$", "dataset"),
        "RewriteRule ^api$ api.html [R=303,L]",
        "RewriteRule ^search$ search.html [R=303,L]",
        "",
    ]
    return "\n".join(lines)


def w3id_rules(kinds: Iterable[str], base_url: str, singles: Iterable[str] = SINGLE_SEGMENT) -> str:
    """``.htaccess`` for w3id.org's ``nss-kg/`` folder: every IRI under https://w3id.org/nss-kg/ to the site
    at ``base_url``, an entity's with 303 to the document its Accept header asks for."""
    base = base_url.rstrip("/")
    lines = [
        "# https://w3id.org/nss-kg/ : the Nuclear Security Summit knowledge graph (nss-kg)",
        f"# Redirects to {base}/, the static site written by `nss-kg site --base-url {base}/`.",
        "# Each entity's IRI answers 303 with the document its Accept header asks for (Cool URIs for the",
        "# Semantic Web): Turtle, JSON-LD, N-Triples or RDF/XML when it names one, else the HTML page.",
        "# Contact: the maintainers named in the nss-kg repository's CITATION.cff.",
        "",
        "Options -MultiViews",
        "RewriteEngine on",
        "",
        "# An entity (kind/slug), the ontology (its terms are hash IRIs) and the dataset.",
        *_negotiation(_entity_pattern(kinds, singles), f"{base}/$1"),
        "# The base: the dataset's description for RDF clients, the home page for browsers.",
        *_negotiation(r"^$", f"{base}/dataset", html=f"{base}/"),
        "# The version IRIs of the ontology and the shapes.",
        *_negotiation(VERSION_PATTERN, f"{base}/$1"),
        "# The dataset's VoID description, at its well-known address.",
        *_negotiation(r"^\.well-known/void$", f"{base}/dataset"),
        f"RewriteRule ^api$ {base}/api.html [R=303,L]",
        f"RewriteRule ^search$ {base}/search.html [R=303,L]",
        "# Anything else (the documents themselves: summit/2012-seoul.ttl …) at the same path there.",
        f"RewriteRule ^(.*)$ {base}/$1 [R=303,L]",
        "",
    ]
    return "\n".join(lines)


def _base_url(text: str) -> tuple[str, str]:
    """The base URL (ending in ``/``) and its path; an InputError unless it is an absolute http(s) URL."""
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(f"--base-url must be an http(s) URL without query or fragment, not {text!r}")
    if any(c.isspace() for c in text):
        raise InputError(f"--base-url must not hold white space: {text!r}")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", "")), path


# --- the site -------------------------------------------------------------------------------------


def build(
    output: str | os.PathLike[str],
    base_url: str | None = None,
    data: Iterable[str | os.PathLike[str]] = (),
) -> Summary:
    """Write the static site into ``output``: built beside it and swapped in, so that ``output`` holds the old
    site or the new one, never a mix (``output_files.replace_folder``). ``base_url``: where the site will be
    served, for the w3id.org rules (not written without it). An InputError for a bad ``data`` file, base URL
    or output folder, a LocalResourceError if a file cannot be written."""
    base_path = "/"
    if base_url is not None:
        base_url, base_path = _base_url(base_url)
    app = application.create(data, static=True)
    summary = output_files.replace_folder(
        output, lambda root: asyncio.run(_write(root, app, base_url, base_path))
    )
    # _write named the rules in the folder it built, which now stands at ``output``.
    rules = Path(output) / W3ID_RULES if summary.w3id_rules is not None else None
    return summary._replace(w3id_rules=rules)


async def _write(root: Path, app: Any, base_url: str | None, base_path: str) -> Summary:
    site: Site = app.state.site
    # The shapes are no subjects of the served graph, but a document of their own, as the ontology is.
    paths = sorted({*site.document_paths, "/shapes"})
    writable = [p for p in paths if re.fullmatch(r"/[A-Za-z0-9_./-]+", p) and ".." not in p]
    left_out = tuple(sorted(set(paths) - set(writable)))
    paths = writable
    html_pages = frozenset([*paths, "/api", "/search"])
    written = 0

    def write(name: str, content: bytes) -> None:
        nonlocal written
        target = root / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        except OSError as error:
            raise LocalResourceError(f"cannot write {target}: {error.strerror or error}") from None
        written += 1

    async def fetch(path: str, query: str = "") -> bytes:
        status, body = await _get(app, path, query)
        if status != 200:
            raise LocalResourceError(f"the server answered {status} for {path}")
        return body

    async def page(path: str, document: str) -> None:
        """The page at ``path`` (the server's ``document``) in every language."""
        for language in LANGUAGES:
            query = "" if language == DEFAULT_LANGUAGE else f"lang={language}"
            name = _page_file(path, language)
            html = (await fetch(document, query)).decode("utf-8")
            write(name, _relink(html, name.count("/"), html_pages).encode("utf-8"))

    for path in paths:
        for representation in REPRESENTATIONS:
            if representation.name == "html":
                await page(path, path + ".html")
            else:
                document = path + representation.extension
                status, body = await _get(app, document)
                if status == 406:  # a document this format cannot carry (RDF/XML of a control character)
                    continue
                if status != 200:
                    raise LocalResourceError(f"the server answered {status} for {document}")
                write(document[1:], body)
    await page("/", "/")
    await page("/api", "/api")
    await page("/search", "/search")  # the index of every name (a static site answers no query)
    for extension in DUMP_FORMATS:  # the dumps the VoID description names
        write(f"dump/nss-kg.{extension}", site.dump(extension))
    for name in sorted(os.listdir(pages.STATIC)):
        source = os.path.join(pages.STATIC, name)
        if os.path.isfile(source):
            write(f"static/{name}", Path(source).read_bytes())
    kinds = set(site.kinds)
    singles = singles_of(site.subjects)
    write(".htaccess", site_rules(kinds, base_path, singles).encode("utf-8"))
    write(".nojekyll", b"")  # GitHub Pages: publish the files as they are
    rules = None
    if base_url is not None:
        write(W3ID_RULES, w3id_rules(kinds, base_url, singles).encode("utf-8"))
        site_base = base_url.rstrip("/")  # a sitemap's addresses are absolute: only with --base-url

        def address(path: str, language: str) -> str:
            return f"{site_base}/{_page_file(path, language)}"

        write("sitemap.xml", document_routes.sitemap_xml(site, address))
        rules = root / W3ID_RULES
    return Summary(written, len(paths), rules, left_out)
