"""nss-kg serve: every IRI of the graph answers at its path, by content negotiation (Cool URIs: 303 to the
document the Accept header prefers), and the documents hold the entity's triples with canonical IRIs."""

from __future__ import annotations

import json
import re
import urllib.parse
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDFS, SKOS, XSD, BNode, Literal, URIRef

import nss_kg
from nss_kg.namespaces import BASE_IRI

pytest.importorskip("starlette")
with warnings.catch_warnings():  # Starlette 1.x would have httpx2 under its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from nss_kg import web

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

RDF_TYPES = {"turtle": "text/turtle", "jsonld": "application/ld+json"}
OWL = "http://www.w3.org/2002/07/owl#"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(web.app()) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return nss_kg.graph()


def _path(iri: str) -> str:
    return "/" + iri[len(BASE_IRI) :].partition("#")[0]


def _parse(text: str, media_type: str) -> rdflib.Graph:
    parsed = rdflib.Graph()
    parsed.parse(data=text, format={"text/turtle": "turtle", "application/ld+json": "json-ld"}[media_type])
    return parsed


#: What a walk over every subject fetches: (status, content type, body) for a path and an Accept header,
#: after the redirect.
Fetch = Callable[[str, str], tuple[int, str, str]]


#: A term as the walk compares it: an IRI as its text, a literal as (text, language in lower case, datatype);
#: blank nodes are counted, not compared.
Key = str | tuple[str, str, str]


def _rdflib_key(term: object) -> Key:
    if isinstance(term, Literal):
        datatype = "" if term.datatype in (None, XSD.string) else str(term.datatype)
        return (str(term), (term.language or "").lower(), datatype)
    return str(term)


def _oxigraph_key(term: ox.NamedNode | ox.Literal) -> Key:
    if isinstance(term, ox.Literal):
        language = (term.language or "").lower()
        datatype = "" if language or term.datatype.value == str(XSD.string) else term.datatype.value
        return (term.value, language, datatype)
    return term.value


def _statements(text: str, media_type: str) -> dict[str, tuple[set[tuple[str, Key]], int]]:
    """What a served document says of each IRI: (predicate, object) pairs, and how many blank objects.
    Parsed by pyoxigraph: rdflib's parsers took a third of the walk (JSON-LD alone 11 s)."""
    formats = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD}
    said: dict[str, tuple[set[tuple[str, Key]], int]] = {}
    for quad in ox.parse(text.encode(), format=formats[media_type]):
        if not isinstance(quad.subject, ox.NamedNode):
            continue
        pairs, blank = said.get(quad.subject.value, (set(), 0))
        if isinstance(quad.object, ox.BlankNode):
            blank += 1
        else:
            pairs.add((quad.predicate.value, _oxigraph_key(quad.object)))  # type: ignore[arg-type]
        said[quad.subject.value] = (pairs, blank)
    return said


def walk_every_subject(fetch: Fetch, graph: rdflib.Graph, media_types: Iterable[str]) -> int:
    """Fetch every subject IRI's document (at its path, by ``fetch``) in each of ``media_types`` (Turtle,
    JSON-LD, HTML) and check it holds the subject's triples (an RDF document) or names it (a page); the
    number of subjects walked. Shared by the server's test here and the static site's (test_web_site.py)."""
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE_IRI)})
    assert len(subjects) > 100
    documents: dict[tuple[str, str], dict[str, tuple[set[tuple[str, Key]], int]]] = {}
    pages: dict[str, str] = {}
    for subject in subjects:
        path = _path(str(subject))
        for media_type in media_types:
            if media_type == "text/html":
                if path not in pages:
                    status, content_type, text = fetch(path, media_type)
                    assert status == 200, subject
                    assert content_type.startswith("text/html")
                    pages[path] = text
                iri = str(subject)
                fragment = iri.partition("#")[2]
                marker = f'id="{fragment}"' if fragment else f"<code>{iri}</code>"
                assert marker in pages[path], subject
                continue
            if (path, media_type) not in documents:
                status, content_type, text = fetch(path, media_type)
                assert status == 200, (subject, media_type)
                assert content_type.startswith(media_type)
                documents[(path, media_type)] = _statements(text, media_type)
            found, served_blank = documents[(path, media_type)].get(str(subject), (set(), 0))
            objects = list(graph.predicate_objects(subject))
            expected = {(str(p), _rdflib_key(o)) for p, o in objects if not isinstance(o, BNode)}
            assert expected - found == set(), (subject, media_type)
            assert served_blank == sum(1 for _, o in objects if isinstance(o, BNode)), subject
    return len(subjects)


@pytest.mark.slow  # some 840 entities, each in three formats
def test_every_subject_iri_answers_with_its_triples(client: TestClient, graph: rdflib.Graph) -> None:
    def fetch(path: str, accept: str) -> tuple[int, str, str]:
        response = client.get(path, headers={"Accept": accept})
        return response.status_code, response.headers["content-type"], response.text

    walk_every_subject(fetch, graph, [*RDF_TYPES.values(), "text/html"])


def test_a_document_holds_the_labels_of_linked_entities_and_the_provenance_annotations(
    client: TestClient, graph: rdflib.Graph
) -> None:
    served = _parse(client.get("/summit/2014-the-hague.ttl").text, "text/turtle")
    summit = URIRef(BASE_IRI + "summit/2014-the-hague")
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    for linked in graph.objects(summit):
        if isinstance(linked, URIRef) and (linked, label, None) in graph:
            assert (linked, label, None) in served, linked
    axioms = set(graph.subjects(URIRef(OWL + "annotatedSource"), summit))
    assert axioms, "the 2014 summit has annotated facts"
    assert len(set(served.subjects(URIRef(OWL + "annotatedSource"), summit))) == len(axioms)


def test_an_entity_redirects_by_accept_with_vary_and_link(client: TestClient) -> None:
    for accept, extension in [
        ("text/html", ".html"),
        ("text/turtle", ".ttl"),
        ("application/ld+json", ".jsonld"),
        ("application/n-triples", ".nt"),
        ("application/rdf+xml", ".rdf"),
        ("text/html;q=0.5, text/turtle;q=0.9", ".ttl"),
        ("application/rdf+xml;q=0.2, text/*;q=0.8", ".html"),
        ("text/turtle;q=0, */*;q=0.1", ".html"),
        ("application/json", ".jsonld"),
    ]:
        response = client.get("/summit/2012-seoul", headers={"Accept": accept}, follow_redirects=False)
        assert response.status_code == 303, accept
        assert response.headers["location"] == "/summit/2012-seoul" + extension, accept
        assert response.headers["vary"] == "Accept"
        link = response.headers["link"]
        for extension_, media_type in [(".ttl", "text/turtle"), (".jsonld", "application/ld+json")]:
            assert f'</summit/2012-seoul{extension_}>; rel="alternate"; type="{media_type}"' in link


def test_an_unacceptable_accept_is_406(client: TestClient) -> None:
    response = client.get("/summit/2012-seoul", headers={"Accept": "image/png"}, follow_redirects=False)
    assert response.status_code == 406
    assert "/summit/2012-seoul.ttl" in response.text


def test_extension_urls_give_each_format(client: TestClient) -> None:
    import pyoxigraph

    for extension, media_type, rdf_format in [
        (".ttl", "text/turtle", pyoxigraph.RdfFormat.TURTLE),
        (".nt", "application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
        (".rdf", "application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
        (".jsonld", "application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
    ]:
        response = client.get("/person/lee-myung-bak" + extension)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media_type)
        triples = list(pyoxigraph.parse(response.content, format=rdf_format))
        subjects = {q.subject.value for q in triples if isinstance(q.subject, pyoxigraph.NamedNode)}
        assert BASE_IRI + "person/lee-myung-bak" in subjects
        assert all(s.startswith(("https://", "http://")) for s in subjects)  # canonical, absolute IRIs
    assert client.get("/person/lee-myung-bak.html").headers["content-type"].startswith("text/html")


def test_jsonld_is_compacted_with_our_context(client: TestClient) -> None:
    document = client.get("/summit/2012-seoul.jsonld").json()
    assert document["@context"] == nss_kg.export.context()["@context"]
    nodes = document.get("@graph", [document])
    summit = next(
        n for n in nodes if n.get("id") == "summit:2012-seoul" or n.get("id", "").endswith("2012-seoul")
    )
    assert summit["startDate"] == "2012-03-26"


def test_unknown_iris_are_404(client: TestClient) -> None:
    for path in ["/summit/1999-nowhere", "/summit/1999-nowhere.ttl", "/nothing", "/ontology.xyz", "/summit/"]:
        assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 404, path
    page = client.get("/summit/1999-nowhere", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


def test_the_ontology_is_negotiated_in_place(client: TestClient) -> None:
    response = client.get("/ontology", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert response.status_code == 200
    assert response.headers["content-location"] == "/ontology.ttl"
    assert "Accept" in response.headers["vary"]
    served = _parse(response.text, "text/turtle")
    assert (URIRef(BASE_IRI + "ontology"), None, URIRef(OWL + "Ontology")) in served
    page = client.get("/ontology", headers={"Accept": "text/html"})
    assert 'id="Summit"' in page.text and 'id="hostLeader"' in page.text


def test_the_dataset_description_and_well_known_void(client: TestClient) -> None:
    void = "http://rdfs.org/ns/void#"
    for path in ["/dataset", "/.well-known/void"]:
        served = _parse(client.get(path, headers={"Accept": "text/turtle"}).text, "text/turtle")
        assert (URIRef(BASE_IRI + "dataset"), None, URIRef(void + "Dataset")) in served, path
        assert (URIRef(BASE_IRI + "dataset"), URIRef(void + "triples"), None) in served, path


def test_home_page_shows_the_dataset_with_counts_and_links(client: TestClient) -> None:
    page = client.get("/").text
    assert "Nuclear Security Summit" in page
    for link in [
        'href="/dataset',
        'href="/sparql"',
        'href="/api"',
        'href="/ontology',
        'href="/summit/2012-seoul"',
    ]:
        assert link in page, link
    assert "triples" in page


def test_language_from_query_and_accept_language(client: TestClient) -> None:
    hant = client.get("/summit/2012-seoul.html?lang=zh-Hant").text
    assert "<h1>2012年核安全峰會</h1>" in hant and '<html lang="zh-Hant">' in hant
    hans = client.get("/summit/2012-seoul.html", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).text
    assert "<h1>2012年核安全峰会</h1>" in hans
    tw = client.get("/summit/2012-seoul.html", headers={"Accept-Language": "zh-TW"})
    assert "<h1>2012年核安全峰會</h1>" in tw.text and tw.headers["content-language"] == "zh-Hant"
    assert "Accept-Language" in tw.headers["vary"]
    english = client.get("/summit/2012-seoul.html", headers={"Accept-Language": "fr, en;q=0.5"}).text
    assert "<h1>2012 Nuclear Security Summit</h1>" in english
    # The switcher, and links that keep a chosen language.
    assert 'href="/summit/2012-seoul?lang=zh-Hans"' in hant and 'href="/city/seoul?lang=zh-Hant"' in hant
    # The redirect keeps the query string.
    moved = client.get(
        "/summit/2012-seoul?lang=zh-Hans", headers={"Accept": "text/html"}, follow_redirects=False
    )
    assert moved.headers["location"] == "/summit/2012-seoul.html?lang=zh-Hans"


def test_facts_link_in_and_out_and_cite_their_sources(client: TestClient) -> None:
    page = client.get("/summit/2014-the-hague.html").text
    assert 'href="/city/the-hague"' in page  # in the graph: its page here
    assert 'class="external" rel="nofollow"' in page and "dbpedia.org/resource/" in page  # out
    # The venue comes from an annotated source: a numbered footnote, and the note itself.
    venue = page[page.index("/ontology#venue") :]
    venue = venue[: venue.index("</dd>")]
    assert 'href="#note-' in venue
    number = venue.split('href="#note-')[1].split('"')[0]
    assert f'<li id="note-{number}" value="{number}">' in page
    assert "Sources of the facts not marked otherwise" in page


def test_a_summit_page_lists_participants_and_commitments(client: TestClient, graph: rdflib.Graph) -> None:
    page = client.get("/summit/2010-washington.html").text
    assert 'href="/organization/iaea"' in page
    made_at = URIRef(BASE_IRI + "ontology#madeAt")
    commitments = set(graph.subjects(made_at, URIRef(BASE_IRI + "summit/2010-washington")))
    assert commitments
    for commitment in commitments:
        assert f'href="{_path(str(commitment))}"' in page


def test_series_page_shows_the_summits_table(client: TestClient) -> None:
    page = client.get("/series/nss.html").text
    assert "<table>" in page and 'href="/summit/2016-washington"' in page


def test_schema_org_json_ld_is_embedded(client: TestClient) -> None:
    page = client.get("/summit/2012-seoul.html").text
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    document = json.loads(page[start : page.index("</script>", start)])
    assert document["@context"] == "https://schema.org"
    assert "Event" in document["@type"]
    assert document["startDate"] == "2012-03-26"
    assert page.count("<script") == 1


def test_chinese_pages_show_chinese_names_and_mark_english_fallbacks(client: TestClient) -> None:
    xi = client.get("/person/xi-jinping.html", params={"lang": "zh-Hans"}).text
    assert "<h1>习近平</h1>" in xi
    # No page read gives a Taiwanese form of El Fassi's name: his English name, marked as English.
    el_fassi = client.get("/person/abbas-el-fassi.html", params={"lang": "zh-Hant"}).text
    assert '<h1><span lang="en">Abbas El Fassi</span></h1>' in el_fassi
    home = client.get("/", params={"lang": "zh-Hant"}).text
    assert ">習近平</a>" in home and '><span lang="en">Abbas El Fassi</span></a>' in home
    # The 2010 summit's head of Morocco's delegation, linked from the delegation: marked there too.
    delegation = client.get("/delegation/2010-washington-morocco.html", params={"lang": "zh-Hant"}).text
    assert '<span lang="en">Abbas El Fassi</span></a>' in delegation and "摩洛哥" in delegation


def test_the_home_page_counts_names_and_links(client: TestClient) -> None:
    home = client.get("/", params={"lang": "zh-Hans"}).text
    assert '<h2 id="coverage">名称与链接</h2>' in home
    # Every state named in both scripts (CLDR) and linked to Wikidata; no state name written by nss-kg.
    assert "nss:SovereignState</a></td><td>53</td><td>53</td><td>53</td><td>0</td><td>53</td>" in home


def test_incoming_links_read_from_the_entitys_side(client: TestClient) -> None:
    """2010 nss:followedBy 2012 reads "preceded by" on the 2012 page; a summit's nss:participant China reads
    "participated in" on China's page (it read "followed by" and "participant" there)."""
    seoul = client.get("/summit/2012-seoul.html").text
    linked_from = seoul[seoul.index("<h2>Linked from</h2>") :]
    assert 'title="https://w3id.org/nss-kg/ontology#followedBy">preceded by</a>' in linked_from
    assert 'title="https://w3id.org/nss-kg/ontology#follows">followed by</a>' in linked_from
    china = client.get("/state/china.html", params={"lang": "zh-Hant"}).text
    assert 'title="https://w3id.org/nss-kg/ontology#participant">參與的峰會</a>' in china
    assert 'title="https://w3id.org/nss-kg/ontology#participant">participant</a>' not in china


def test_a_summit_page_shows_its_profile_tables(client: TestClient) -> None:
    """The 2012 page tables who led each delegation: the article counts 53 states and 4 organizations there,
    so 57 rows, Lee Myung-bak's among them; each table names its query and offers its CSV."""
    page = client.get("/summit/2012-seoul.html").text
    start = page.index(">Heads of delegation</h2>")
    table = page[start : page.index("</table>", start)]
    assert table.count("<tr>") == 1 + 57  # the header row, then one per delegation
    assert ">Lee Myung-bak</a></td>" in table and "delegation:2012-seoul" not in table
    assert '<a href="/api/delegation-heads?year=2012&amp;lang=en"><code>' in table
    csv = table[table.index('href="data:text/csv;charset=utf-8,') :].split('"')[1]
    rows = urllib.parse.unquote(csv.removeprefix("data:text/csv;charset=utf-8,")).splitlines()
    assert rows[0].startswith("year,participantLabel,head,office") and len(rows) == 1 + 57
    assert "<th>head of delegation</th><th>office</th>" in table


def test_a_state_page_shows_its_attendance_in_its_language(client: TestClient) -> None:
    """China attended all four summits, led by 胡锦涛 (2010, 2012) and 习近平 (2014, 2016), each linked to
    their page, as the office they held."""
    page = client.get("/state/china.html", params={"lang": "zh-Hans"}).text
    start = page.index(">出席的峰会</h2>")
    table = page[start : page.index("</table>", start)]
    assert table.count("<tr>") == 1 + 4
    assert table.count('<a href="/person/hu-jintao?lang=zh-Hans">胡锦涛</a></td>') == 2
    assert table.count('<a href="/person/xi-jinping?lang=zh-Hans">习近平</a></td>') == 2
    assert table.count('<a href="/office/president-china?lang=zh-Hans">中国国家主席</a></td>') == 4


def test_the_home_page_indexes_every_kind_with_no_broken_anchor(client: TestClient) -> None:
    """Every kind counted at the top has its list (8 of 16 had, and 32 in-page links led nowhere), named in
    the page's language."""
    import re

    for lang, delegations in (("en", "delegations"), ("zh-Hant", "代表團"), ("zh-Hans", "代表团")):
        home = client.get("/", params={"lang": lang}).text
        anchors = set(re.findall(r'href="#([^"]+)"', home))
        ids = set(re.findall(r' id="([^"]+)"', home))
        assert anchors and anchors <= ids, sorted(anchors - ids)
        assert f'<h2 id="kind-delegation">{delegations} (220)</h2>' in home
        assert 'href="/source/zhwiki-nuclear-security-summit' in home


@pytest.mark.parametrize(
    ("query", "lang", "first"),
    [
        ("Hu Jintao", "en", "/person/hu-jintao"),  # the whole English name
        ("胡锦涛", "en", "/person/hu-jintao"),  # his Simplified name, from an English page
        ("胡錦濤", "zh-Hans", "/person/hu-jintao"),  # his Traditional name
        ("seoul", "en", "/city/seoul"),  # case folded; the city's name first, the summit after
        ("首爾", "zh-Hant", "/city/seoul"),
        # Full-width letters (U+FF21 …), folded to the ordinary ones.
        ("".join(chr(ord(c) + 0xFEE0) if c != " " else c for c in "XI JINPING"), "en", "/person/xi-jinping"),
    ],
)
def test_search_finds_an_entity_by_any_of_its_names(
    client: TestClient, query: str, lang: str, first: str
) -> None:
    page = client.get("/search", params={"q": query, "lang": lang}).text
    hits = page[page.index('<ul class="hits">') :]
    assert hits.index(f'href="{first}') == hits.index('href="'), hits[:300]


def test_search_without_a_query_is_the_index_of_every_name(client: TestClient) -> None:
    page = client.get("/search").text
    names = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
    graph = nss_kg.graph()
    every = {(s, o) for s, p, o in graph if p in names and str(s).startswith(BASE_IRI)}
    assert page[page.index('<ul class="hits">') :].count("<li>") == len(every) > 2000
    for name in ("Hu Jintao", "胡錦濤", "胡锦涛"):  # each name of his, each linked to him
        assert re.search(f'<a href="/person/hu-jintao"><span lang="[^"]+">{name}</span></a>', page), name
    nothing = client.get("/search", params={"q": "no such name anywhere"}).text
    assert "<p>0 found</p>" in nothing


def test_dates_and_numbers_read_as_the_pages_language_writes_them(client: TestClient) -> None:
    """The article dates the 2012 summit 2012年3月26日 to 27日: no raw xsd:date on the page."""
    english = client.get("/summit/2012-seoul.html").text
    assert "<li>26 March 2012</li>" in english and "<li>27 March 2012</li>" in english
    chinese = client.get("/summit/2012-seoul.html", params={"lang": "zh-Hant"}).text
    assert "<li>2012年3月26日</li>" in chinese and "<li>2012年3月27日</li>" in chinese
    assert "xsd:date" not in english and "xsd:positiveInteger" not in english


def test_the_home_page_has_the_attendance_matrix(client: TestClient) -> None:
    """States and organizations by summit, as an HTML table: the article counts 47 states and 3
    organizations at the 2010 summit and 53 and 4 at the 2012 one."""
    home = client.get("/").text
    start = home.index('<table class="matrix">')
    table = home[start : home.index("</table>", start)]
    rows = [re.findall(r'<td(?: class="(yes|no)")?>', row) for row in table.split("<tr>")[2:]]
    assert sum(row[2] == "yes" for row in rows) == 47 + 3
    assert sum(row[3] == "yes" for row in rows) == 53 + 4
    assert '<a href="/state/algeria">Algeria</a>' in table


def test_a_person_page_shows_the_delegations_they_led(client: TestClient) -> None:
    """Ban Ki-moon led the United Nations' delegation at all four summits; his page tables them, without a
    column repeating his own name."""
    page = client.get("/person/ban-ki-moon.html").text
    start = page.index(">Delegations led</h2>")
    table = page[start : page.index("</table>", start)]
    assert table.count("<tr>") == 1 + 4
    assert table.count(">United Nations</a></td>") == 4 and ">Ban Ki-moon</a></td>" not in table
    assert '<a href="/api/delegation-heads?person=person%3Aban-ki-moon&amp;lang=en"><code>' in table
    assert ">率領的代表團</h2>" in client.get("/person/ban-ki-moon.html", params={"lang": "zh-Hant"}).text


def _field_names(page: str) -> list[str]:
    """The field names of a page's facts: the contents of its <dt> elements."""
    return re.findall(r"<dt>(.*?)</dt>", page)


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_field_names_are_in_the_pages_language_or_marked(client: TestClient, lang: str) -> None:
    """On a Chinese page, every field name is Chinese (ours from the ontology, other vocabularies' from the
    page's own wording) or marked as the English fallback it is; the dataset's page has the most kinds."""
    for path in ("/person/hu-jintao.html", "/dataset.html", "/summit/2012-seoul.html", "/state/china.html"):
        names = _field_names(client.get(path, params={"lang": lang}).text)
        assert names, path
        for name in names:
            shown = re.sub(r"<[^>]+>", "", name)
            assert re.search(r"[\u4e00-\u9fff]", shown) or '<span lang="en">' in name, (path, name)
    hu = client.get("/person/hu-jintao.html", params={"lang": lang}).text
    same_as, kind = {"zh-Hant": ("等同於", "類型"), "zh-Hans": ("等同于", "类型")}[lang]
    assert re.search(rf'title="{OWL}sameAs">{same_as}</(a|span)></dt>', hu)
    assert re.search(rf'title="http://www.w3.org/1999/02/22-rdf-syntax-ns#type">{kind}</(a|span)></dt>', hu)


def test_an_english_only_field_name_is_marked_on_chinese_pages(tmp_path: Path) -> None:
    """A user's own property labelled in English only: its name on a Chinese page is marked lang="en"."""
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix ex: <https://example.org/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'ex:nickname rdfs:label "nickname"@en .\n'
        '<https://w3id.org/nss-kg/person/hu-jintao> ex:nickname "Hu"@en .\n',
        encoding="utf-8",
    )
    with TestClient(web.app(data=[extra])) as own:
        page = own.get("/person/hu-jintao.html", params={"lang": "zh-Hant"}).text
    assert 'title="https://example.org/nickname"><span lang="en">nickname</span></a></dt>' in page


def test_the_dataset_page_shows_its_void_partitions_in_place(client: TestClient) -> None:
    """A VoID partition is a blank node: the page shows its class and count, not a blank node's identifier."""
    for lang, summit, subjects, entities in (
        ("en", "summit", "distinct subjects", "entities"),
        ("zh-Hant", "峰會", "相異主詞數", "實體數"),
    ):
        page = client.get("/dataset.html", params={"lang": lang}).text
        assert "_:" not in page
        colon = ": " if lang == "en" else "\uff1a"  # a full-width colon on Chinese pages
        pattern = rf">{summit}</a> · {subjects}{colon}4 · {entities}{colon}4$"  # the article's four summits
        parts = re.findall(r'<span class="parts">(.*?)</span>\s*</li>', page)
        assert any(re.search(pattern, part) for part in parts), (lang, parts[:3])


def test_a_summit_page_gives_its_key_facts_before_the_lists_and_tables(client: TestClient) -> None:
    """What a reader looks for first — when, where, who hosted — comes before the 57 participants (it came
    after them, alphabetically), the facts before the tables, the links out and sources last."""
    page = client.get("/summit/2012-seoul.html").text
    names = [re.sub(r"<[^>]+>", "", name) for name in _field_names(page)]
    facts = names[: names.index("commitments made here")]  # the facts, before the incoming links
    assert facts[:6] == ["type", "label", "start date", "end date", "host state", "host city"]
    assert facts.index("participant") > facts.index("number of participating states")
    assert facts[-2:] == ["same as", "source"]
    assert page.index(">Facts</h2>") < page.index(">Heads of delegation</h2>")
    assert "<dd><ul><li>26 March 2012</li></ul></dd>" in page  # the article's start date


def test_a_chinese_summit_page_titles_its_documents_in_chinese(client: TestClient) -> None:
    """The 2012 communiqué's official Chinese title (China News Service: 首尔公报), and the kinds of document
    in the page's language; the CSV keeps the query's own words."""
    page = client.get("/summit/2012-seoul.html", params={"lang": "zh-Hans"}).text
    start = page.index(">通过的文件</h2>")
    table = page[start : page.index("</table>", start)]
    assert ">首尔公报</a></td><td>峰会文件</td>" in table
    assert "<td>联合声明</td>" in table and "joint statement" not in table.split("CSV</a>", 1)[1]
    assert "joint%20statement" in table.split("CSV</a>", 1)[0]  # the CSV file keeps the query's words


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_nested_blank_nodes_and_lists_show_their_members(client: TestClient, lang: str) -> None:
    """The ontology's owl:unionOf lists (blank nodes in blank nodes) read as their members, never as blank
    node identifiers, which change with every load."""
    page = client.get("/ontology.html", params={"lang": lang}).text
    assert "_:" not in page
    union, between = {"en": ("union of: ", ", "), "zh-Hant": ("聯集\uff1a", "\u3001")}[lang]
    lists = re.findall(re.escape(union) + r'<span class="list">(.*?)</span>(?: ·|</span>)', page)
    assert lists and all(between in found for found in lists), lists[:2]


def test_our_wording_of_a_common_property_beats_an_english_label_on_chinese_pages(tmp_path: Path) -> None:
    """A user's graph labelling rdf:type in English only: a Chinese page still says 類型, not "type"."""
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        f'<{rdf_type}> <http://www.w3.org/2000/01/rdf-schema#label> "type"@en .', encoding="utf-8"
    )
    with TestClient(web.app(data=[extra])) as own:
        page = own.get("/summit/2012-seoul.html", params={"lang": "zh-Hant"}).text
    assert f'title="{rdf_type}">類型</a></dt>' in page
