"""Golden results of every packaged query on the packaged graph. Each expected value is worked out by hand
from the article (and, where marked, the other sources in data/) — not pasted from the program's output."""

from __future__ import annotations

import datetime

import pytest

import nss_kg
from nss_kg.catalogue import catalogue

BASE = "https://w3id.org/nss-kg/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
D = datetime.date


def rows(name: str, **params: object) -> list[dict[str, object]]:
    return nss_kg.query(name, params).to_dicts()


def column(name: str, key: str, **params: object) -> list[object]:
    return [row.get(key) for row in rows(name, **params)]


TABLE_COLUMNS = ("edition", "startDate", "endDate", "hostState", "hostCity", "hostLeader", "office")


def test_summits_table_in_english() -> None:
    assert [
        tuple(r[k] for k in TABLE_COLUMNS) for r in rows("summits")
    ] == [
        (1, D(2010, 4, 12), D(2010, 4, 13), "United States", "Washington, D.C.", "Barack Obama",
         "President of the United States"),
        (2, D(2012, 3, 26), D(2012, 3, 27), "South Korea", "Seoul", "Lee Myung-bak",
         "President of the Republic of Korea"),
        (3, D(2014, 3, 24), D(2014, 3, 25), "Netherlands", "The Hague", "Mark Rutte",
         "Prime Minister of the Netherlands"),
        (4, D(2016, 3, 31), D(2016, 4, 1), "United States", "Washington, D.C.", "Barack Obama",
         "President of the United States"),
    ]  # fmt: skip


def test_summits_table_in_the_articles_script() -> None:
    assert [(r["hostState"], r["hostCity"], r["hostLeader"]) for r in rows("summits", lang="zh-Hant")] == [
        ("美國", "華盛頓哥倫比亞特區", "巴拉克·歐巴馬"),
        ("韓國", "首爾", "李明博"),
        ("荷蘭", "海牙", "馬克·呂特"),
        ("美國", "華盛頓哥倫比亞特區", "巴拉克·歐巴馬"),
    ]


def test_summits_table_in_simplified_chinese() -> None:
    assert column("summits", "hostLeader", lang="zh-Hans") == [
        "巴拉克·奥巴马",
        "李明博",
        "马克·吕特",
        "巴拉克·奥巴马",
    ]


@pytest.mark.parametrize(("params", "summit"), [
    ({"year": 2012}, "2012-seoul"), ({"edition": 3}, "2014-the-hague"), ({"year": "2016"}, "2016-washington"),
])  # fmt: skip
def test_one_summit_by_year_or_edition(params: dict[str, object], summit: str) -> None:
    assert column("summit", "summit", **params) == [BASE + "summit/" + summit]


def test_one_summit_has_participation_and_venue() -> None:
    (row,) = rows("summit", year=2012)
    assert (row["states"], row["organizations"], row["venue"]) == (
        53,
        4,
        "COEX Convention & Exhibition Center",
    )
    assert row["name"] == "2012 Nuclear Security Summit"


def test_no_summit_in_an_odd_year() -> None:
    assert rows("summit", year=2011) == []


def test_host_states_and_how_often() -> None:
    assert [(r["hostState"], r["summits"], r["firstYear"], r["lastYear"]) for r in rows("host-states")] == [
        ("United States", 2, 2010, 2016),
        ("South Korea", 1, 2012, 2012),
        ("Netherlands", 1, 2014, 2014),
    ]


def test_host_leaders_with_office() -> None:
    assert [(r["hostLeader"], r["office"], r["summits"]) for r in rows("host-leaders", lang="zh-Hant")] == [
        ("巴拉克·歐巴馬", "美國總統", 2),
        ("李明博", "大韓民國總統", 1),
        ("馬克·呂特", "荷蘭首相", 1),
    ]


def test_participation_and_change() -> None:
    # 47/3 (2010) and 53/4 (2012) from the article; 53/4 (2014) and 52/4 (2016) from official summit pages.
    assert [
        (r["year"], r["states"], r["organizations"], r.get("stateChange"), r.get("organizationChange"))
        for r in rows("participation")
    ] == [(2010, 47, 3, None, None), (2012, 53, 4, 6, 1), (2014, 53, 4, 0, 0), (2016, 52, 4, -1, 0)]


def test_commitments_per_event() -> None:
    per_date: dict[object, set[object]] = {}
    national: dict[str, set[object]] = {}
    for row in rows("commitments"):
        maker = str(row.get("maker", ""))
        if "/state/" in maker:
            national.setdefault(maker.rsplit("/", 1)[1], set()).add(row["commitment"])
        else:
            per_date.setdefault(row["date"], set()).add(row["commitment"])
    # The article: 3 things Obama committed to in Prague, 5 agreed in 2010, 4 foci in 2012, 2 in 2014.
    assert {date: len(c) for date, c in per_date.items()} == {
        D(2009, 4, 5): 3,
        D(2010, 4, 12): 5,
        D(2012, 3, 26): 4,
        D(2014, 3, 24): 2,
    }
    # The White House's 2010 "Highlights of the National Commitments", as far as it could be read (Armenia to
    # France; France's third item is cut off there), one commitment per item of each entry, counted by hand.
    assert {state: len(c) for state, c in national.items()} == {
        "argentina": 1, "armenia": 1, "australia": 1, "belgium": 1, "canada": 5,
        "chile": 1, "china": 1, "egypt": 1, "france": 2,
    }  # fmt: skip


def test_commitments_of_one_maker() -> None:
    found = rows("commitments", maker="state:canada")
    assert len({r["commitment"] for r in found}) == 5
    assert {r["date"] for r in found} == {D(2010, 4, 12)}
    # A national commitment of 2010 has a Chinese label constructed from CLDR's name of the state.
    chile = rows("commitments", maker="state:chile", lang="zh-Hant")
    constructed = "智利在2010年核安全峰會的國家承諾（第1項）"  # noqa: RUF001 -- the fullwidth brackets of Chinese text
    assert [r["commitmentLabel"] for r in chile] == [constructed]
    chile = rows("commitments", maker="state:chile", lang="en")
    english = "Removed all highly enriched uranium (18 kg) in March 2010"
    assert [r["commitmentLabel"] for r in chile] == [english]


def test_commitments_of_one_year() -> None:
    assert set(column("commitments", "commitmentLabel", year=2014, lang="zh-Hant")) == {
        "檢視自2010年以來的成果",
        "加強未來該改善的項目",
    }


def test_commitments_on_one_topic() -> None:
    found = rows("commitments", topic="topic:nuclear-disarmament")
    assert {str(r["commitment"]).rsplit("/", 1)[1] for r in found} == {
        "2009-prague-world-without-nuclear-weapons",
        "2009-prague-reduce-nuclear-weapons",
        "2012-reduce-nuclear-weapons-and-materials",
    }


def test_commitments_of_one_year_and_topic() -> None:
    found = rows("commitments", year=2010, topic=BASE + "topic/international-cooperation")
    # The article's one, agreed by all (no maker), and the states' own of the White House's list.
    assert [r["commitmentLabel"] for r in found if "maker" not in r] == [
        "Strengthen international cooperation"
    ]
    assert {str(r["maker"]).rsplit("/", 1)[1] for r in found if "maker" in r} == {
        "argentina",
        "belgium",
        "canada",
        "china",
    }


def test_timeline_with_days_between_events() -> None:
    # Counted by hand: 2009-04-05 -> 2010-04-12 is 365 + 7 days; 2010-04-12 -> 2012-03-26 is 731 - 17
    # (2012 is a leap year); 2012-03-26 -> 2014-03-24 is 730 - 2; 2014-03-24 -> 2016-03-31 is 731 + 7.
    assert [(r["kind"], r["date"], r.get("daysSincePrevious")) for r in rows("timeline")] == [
        ("speech", D(2009, 4, 5), None),
        ("summit", D(2010, 4, 12), 372),
        ("summit", D(2012, 3, 26), 714),
        ("summit", D(2014, 3, 24), 728),
        ("summit", D(2016, 3, 31), 738),
    ]
    assert column("timeline", "place", lang="zh-Hant") == [
        "布拉格",
        "華盛頓哥倫比亞特區",
        "首爾",
        "海牙",
        "華盛頓哥倫比亞特區",
    ]


def test_provenance_of_a_summit() -> None:
    found = rows("provenance", entity="summit:2014-the-hague")
    entity_level = {r["source"] for r in found if "property" not in r}
    assert entity_level == {BASE + "source/nss2014", BASE + "source/zhwiki-nuclear-security-summit"}
    fact_level = {(str(r["property"]).rsplit("#", 1)[1], r["source"]) for r in found if "property" in r}
    # The counts as the IAEA (53 states, 4 organizations as observers) and the 2016 summit site state them;
    # the venue and Rutte's office as the 2014 summit site and the Dutch government state them.
    assert (
        "participatingStateCount",
        BASE + "source/iaea-amano-addresses-hagues-nuclear-security-summit-2014",
    ) in fact_level
    assert ("participatingOrganizationCount", BASE + "source/nss2016-past-summits-2014") in fact_level
    assert ("venue", BASE + "source/nss2014-summit") in fact_level
    assert ("hostLeaderOffice", BASE + "source/government-nl-rutte-on-nss-2014") in fact_level
    assert ("sameAs", BASE + "source/en-wikipedia-2014-nuclear-security-summit") in fact_level
    kinds = {r["source"]: r["sourceKind"] for r in found}
    assert kinds == {
        BASE + "source/zhwiki-nuclear-security-summit": "article",
        BASE + "source/nss2014": "reference cited by the article",
        BASE + "source/nss2014-summit": "other source",
        BASE + "source/nss2016-past-summits-2014": "other source",
        BASE + "source/iaea-amano-addresses-hagues-nuclear-security-summit-2014": "other source",
        BASE + "source/government-nl-rutte-on-nss-2014": "other source",
        BASE + "source/en-wikipedia-2014-nuclear-security-summit": "other source",
    }


def test_provenance_in_chinese_keeps_sources_titled_only_in_english() -> None:
    found = rows("provenance", entity="delegation:2010-washington-algeria", lang="zh-Hant")
    assert [(r["source"], r["sourceLabel"]) for r in found] == [
        (
            BASE + "source/djazairess-32233",
            "(La Tribune, Algiers) article on Algeria at the Washington summit, via Djazairess",
        )
    ]
    article = rows("provenance", entity="summit:2014-the-hague", lang="zh-Hant")
    assert {
        r["sourceLabel"] for r in article if r["source"] == BASE + "source/zhwiki-nuclear-security-summit"
    } == {"核安全峰會（中文維基百科）"}  # noqa: RUF001


def test_dead_links() -> None:
    (row,) = rows("dead-links")
    assert row["source"] == BASE + "source/mofa-kr-2012"
    assert str(row["deadLinkSince"]) == "2018-06"
    # The 2012 summit and its four commitments rely on it.
    assert row["entities"] == 5


@pytest.mark.parametrize(("lang", "label"), [("en", "Seoul"), ("zh-Hant", "首爾"), ("zh-Hans", "首尔")])
def test_label_of_an_entity(lang: str, label: str) -> None:
    assert column("label", "label", entity=BASE + "city/seoul", lang=lang) == [label]


def test_schema_org_view_uses_only_schema_org() -> None:
    import rdflib

    graph = nss_kg.query("schema-org").to_graph()
    predicates = {str(p) for p in graph.predicates()}
    schema_org = "https://schema.org/"
    assert {p for p in predicates if not p.startswith(schema_org)} == {RDF_TYPE}
    types = {str(o).removeprefix(schema_org) for o in graph.objects(None, rdflib.RDF.type)}
    assert types == {"Event", "EventSeries", "City", "Country", "Person", "Organization"}
    summit = rdflib.URIRef(BASE + "summit/2012-seoul")
    schema = rdflib.Namespace("https://schema.org/")
    assert str(graph.value(summit, schema.startDate)) == "2012-03-26"
    assert graph.value(summit, schema.location) == rdflib.URIRef(BASE + "city/seoul")
    assert len(set(graph.objects(summit, schema.attendee))) == 4


VIOLATIONS = sorted(name for name in catalogue() if name.endswith("-violation"))


def test_there_are_quality_checks() -> None:
    assert len(VIOLATIONS) >= 6


@pytest.mark.parametrize("name", VIOLATIONS)
def test_quality_check_finds_nothing_on_our_data(name: str) -> None:
    assert rows(name) == []


BROKEN = {
    "date-order-violation": "summit:2012-seoul nss:endDate '2012-03-01'^^xsd:date",
    "host-city-violation": "summit:2012-seoul nss:hostCity city:the-hague",
    "label-violation": "summit:2020-nowhere a nss:Summit ; rdfs:label 'x'@en",
    "provenance-violation": "commitment:new a nss:Commitment",
    "sequence-violation": "summit:2016-washington nss:follows summit:2010-washington",
    "undeclared-term-violation": "summit:2012-seoul nss:host state:south-korea",
    "participants-violation": "summit:2010-washington nss:participant organization:interpol",
}


@pytest.mark.parametrize("name", VIOLATIONS)
def test_quality_check_finds_a_planted_error(name: str) -> None:
    from pyoxigraph import RdfFormat, Store

    from nss_kg import resources
    from nss_kg.engines.embedded import EmbeddedEngine
    from nss_kg.namespaces import PREFIXES

    store = Store()
    for path in resources.graph_files():
        store.bulk_load(path=path, format=RdfFormat.TURTLE)
    prologue = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    store.load(input=(prologue + BROKEN[name] + " .\n").encode(), format=RdfFormat.TURTLE)
    info = nss_kg.queries()[name]
    assert EmbeddedEngine(store).execute(info, {}).rows() != []


@pytest.mark.parametrize(
    "edition",
    ['"0"^^xsd:positiveInteger', '"2"', '"zwei"^^xsd:positiveInteger'],
    ids=["ill-typed", "string", "word"],
)
def test_sequence_check_leaves_editions_that_are_no_numbers_to_shacl(edition: str) -> None:
    """An edition that is no positive integer is sh:datatype's to report; comparing it is an error in SPARQL,
    so Apache Jena's ARQ finds no "editions not consecutive" row, and neither may we: Oxigraph
    read the ill-typed "0"^^xsd:positiveInteger as 0, and 2 != 0 + 1."""
    from pyoxigraph import RdfFormat, Store

    from nss_kg import resources
    from nss_kg.engines.embedded import EmbeddedEngine
    from nss_kg.namespaces import PREFIXES

    store = Store()
    for path in resources.graph_files():
        store.bulk_load(path=path, format=RdfFormat.TURTLE)
    store.update(
        "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
        + "DELETE { summit:2012-seoul nss:edition ?e } WHERE { summit:2012-seoul nss:edition ?e } ;\n"
        + f"INSERT DATA {{ summit:2012-seoul nss:edition {edition} }}"
    )
    info = nss_kg.queries()["sequence-violation"]
    assert EmbeddedEngine(store).execute(info, {}).to_dicts() == []
