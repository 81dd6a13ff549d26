"""Every fact of the article, found in nss_kg.graph(). Expected values are read off the
article 核安全峰會 by hand and written out here (names, dates and quotations verbatim), not taken from the
program's output; the test needs nothing outside this repository."""

from __future__ import annotations

import datetime
import itertools

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

import nss_kg

NSS = Namespace("https://w3id.org/nss-kg/ontology#")
BASE = "https://w3id.org/nss-kg/"
SERIES = URIRef(BASE + "series/nss")
SPEECH = URIRef(BASE + "speech/2009-prague")
OBAMA = URIRef(BASE + "person/barack-obama")
SUMMIT_SLUGS = {2010: "2010-washington", 2012: "2012-seoul", 2014: "2014-the-hague", 2016: "2016-washington"}
SUMMIT = {year: URIRef(BASE + "summit/" + slug) for year, slug in SUMMIT_SLUGS.items()}
ARTICLE = URIRef(BASE + "source/zhwiki-nuclear-security-summit")
SOURCE = Namespace(BASE + "source/")
TOPIC = Namespace(BASE + "topic/")
COMMITMENT = Namespace(BASE + "commitment/")


@pytest.fixture(scope="module")
def g() -> Graph:
    return nss_kg.graph()


def one(g: Graph, subject: URIRef, predicate: URIRef) -> object:
    values = list(g.objects(subject, predicate))
    assert len(values) == 1, f"{subject} {predicate}: {values}"
    return values[0]


def labels(g: Graph, subject: URIRef) -> dict[str, str]:
    return {str(label.language): str(label) for label in g.objects(subject, RDFS.label)}  # type: ignore[attr-defined]


# --- The series (infobox and lead) ------------------------------------------------------------------------


def test_series_names(g: Graph) -> None:
    assert (SERIES, RDF.type, NSS.SummitSeries) in g
    names = labels(g, SERIES)
    assert names["zh-Hant"] == "核安全峰會"
    assert names["zh-Hans"] == "核安全峰会"
    assert names["en"] == "Nuclear Security Summit"


def test_series_abbreviation_and_formation(g: Graph) -> None:
    assert one(g, SERIES, NSS.abbreviation) == Literal("NSS")
    assert one(g, SERIES, NSS.formationYear) == Literal("2010", datatype=XSD.gYear)


def test_series_purpose_quotes_the_infobox(g: Graph) -> None:
    purposes = {p.language: str(p) for p in g.objects(SERIES, NSS.purpose)}  # type: ignore[attr-defined]
    assert purposes["zh-Hant"] == "防止核恐怖主義擴散、裁減核武、加強各國間核安全等國際合作"
    english = purposes["en"]
    for aim in ("nuclear terrorism", "nuclear arms", "international cooperation"):
        assert aim in english


def test_series_purpose_is_sourced_to_the_state_department(g: Graph) -> None:
    assert (SERIES, NSS.source, SOURCE["state-gov-2010"]) in g


# --- The origin: the Prague speech --------------------------------------------------------------------------


def test_series_originated_in_the_prague_speech(g: Graph) -> None:
    assert one(g, SERIES, NSS.originatedIn) == SPEECH
    assert (SPEECH, RDF.type, NSS.Speech) in g


def test_speech_date_place_and_speaker(g: Graph) -> None:
    assert one(g, SPEECH, NSS.startDate).toPython() == datetime.date(2009, 4, 5)  # type: ignore[attr-defined]
    assert one(g, SPEECH, NSS.endDate).toPython() == datetime.date(2009, 4, 5)  # type: ignore[attr-defined]
    prague = one(g, SPEECH, NSS.speechPlace)
    assert labels(g, prague)["zh-Hant"] == "布拉格"  # type: ignore[arg-type]
    assert labels(g, one(g, prague, NSS.locatedIn))["zh-Hant"] == "捷克"  # type: ignore[arg-type]
    assert one(g, SPEECH, NSS.speaker) == OBAMA


def test_speaker_was_president_of_the_united_states(g: Graph) -> None:
    office = one(g, OBAMA, NSS.holdsOffice)
    assert labels(g, office)["zh-Hant"] == "美國總統"  # type: ignore[arg-type]


def test_speech_calls_nuclear_terrorism_one_of_the_greatest_threats(g: Graph) -> None:
    messages = [str(m) for m in g.objects(SPEECH, NSS.keyMessage) if m.language == "zh-Hant"]  # type: ignore[attr-defined]
    assert "核恐怖主義是國際安全的最大威脅之一。" in messages


@pytest.mark.parametrize(
    ("slug", "topic"),
    [
        ("2009-prague-world-without-nuclear-weapons", "nuclear-disarmament"),
        ("2009-prague-reduce-nuclear-weapons", "nuclear-disarmament"),
        ("2009-prague-host-summit", "nuclear-terrorism"),
    ],
)
def test_speech_commitments(g: Graph, slug: str, topic: str) -> None:
    commitment = COMMITMENT[slug]
    assert one(g, commitment, NSS.madeAt) == SPEECH
    assert one(g, commitment, NSS.madeBy) == OBAMA
    assert (commitment, NSS.concerns, TOPIC[topic]) in g
    assert (commitment, NSS.source, SOURCE["whitehouse-prague-2009"]) in g


def test_responsibility_as_a_nuclear_power_that_used_nuclear_weapons(g: Graph) -> None:
    quotation = str(one(g, COMMITMENT["2009-prague-reduce-nuclear-weapons"], NSS.quotation))
    assert quotation == "美國在削減核武上有道義責任"
    messages = [str(m) for m in g.objects(SPEECH, NSS.keyMessage) if m.language == "en"]  # type: ignore[attr-defined]
    assert any("has used nuclear weapons" in m and "responsibility" in m for m in messages)


def test_pledge_to_host_a_summit_was_fulfilled_by_the_2010_summit(g: Graph) -> None:
    assert one(g, COMMITMENT["2009-prague-host-summit"], NSS.fulfilledBy) == SUMMIT[2010]


# --- The four summits of the table --------------------------------------------------------------------------

TABLE = [
    # edition, start, end, host state (zh-Hant), host city (zh-Hant), host leader (zh-Hant), office (en)
    (1, datetime.date(2010, 4, 12), datetime.date(2010, 4, 13), "美國", "華盛頓哥倫比亞特區", "巴拉克·歐巴馬",
     "President of the United States"),
    (2, datetime.date(2012, 3, 26), datetime.date(2012, 3, 27), "韓國", "首爾", "李明博",
     "President of the Republic of Korea"),
    (3, datetime.date(2014, 3, 24), datetime.date(2014, 3, 25), "荷蘭", "海牙", "馬克·呂特",
     "Prime Minister of the Netherlands"),
    (4, datetime.date(2016, 3, 31), datetime.date(2016, 4, 1), "美國", "華盛頓哥倫比亞特區", "巴拉克·歐巴馬",
     "President of the United States"),
]  # fmt: skip


@pytest.mark.parametrize(("edition", "start", "end", "state", "city", "leader", "office"), TABLE)
def test_summit_row(
    g: Graph,
    edition: int,
    start: datetime.date,
    end: datetime.date,
    state: str,
    city: str,
    leader: str,
    office: str,
) -> None:
    summit = SUMMIT[start.year]
    assert (summit, RDF.type, NSS.Summit) in g
    assert one(g, summit, NSS.partOfSeries) == SERIES
    assert one(g, summit, NSS.edition) == Literal(edition, datatype=XSD.positiveInteger)
    assert one(g, summit, NSS.startDate) == Literal(start.isoformat(), datatype=XSD.date)
    assert one(g, summit, NSS.endDate) == Literal(end.isoformat(), datatype=XSD.date)
    host_state = one(g, summit, NSS.hostState)
    host_city = one(g, summit, NSS.hostCity)
    assert labels(g, host_state)["zh-Hant"] == state  # type: ignore[arg-type]
    assert labels(g, host_city)["zh-Hant"] == city  # type: ignore[arg-type]
    assert (host_city, NSS.locatedIn, host_state) in g
    host_leader = one(g, summit, NSS.hostLeader)
    assert labels(g, host_leader)["zh-Hant"] == leader  # type: ignore[arg-type]
    held = one(g, summit, NSS.hostLeaderOffice)
    assert labels(g, held)["en"] == office  # type: ignore[arg-type]
    assert (host_leader, NSS.holdsOffice, held) in g
    assert (held, NSS.officeOf, host_state) in g


def test_summits_follow_each_other_in_order(g: Graph) -> None:
    years = sorted(SUMMIT)
    for earlier, later in itertools.pairwise(years):
        assert one(g, SUMMIT[later], NSS.follows) == SUMMIT[earlier]
        assert one(g, SUMMIT[earlier], NSS.followedBy) == SUMMIT[later]
    assert not list(g.objects(SUMMIT[2010], NSS.follows))
    assert not list(g.objects(SUMMIT[2016], NSS.followedBy))


def test_2016_summit_recorded_as_held_although_the_text_expects_it(g: Graph) -> None:
    # The text says "第四次預計在2016年於美國舉行"; its table lists the summit with dates; we keep it.
    assert one(g, SUMMIT[2016], NSS.startDate) == Literal("2016-03-31", datatype=XSD.date)


# --- Participation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "states", "organizations"), [(2010, 47, 3), (2012, 53, 4)])
def test_participation_from_the_article(g: Graph, year: int, states: int, organizations: int) -> None:
    summit = SUMMIT[year]
    assert one(g, summit, NSS.participatingStateCount).toPython() == states  # type: ignore[attr-defined]
    assert one(g, summit, NSS.participatingOrganizationCount).toPython() == organizations  # type: ignore[attr-defined]


@pytest.mark.parametrize(("year", "states", "organizations"), [(2014, 53, 4), (2016, 52, 4)])
def test_participation_from_other_sources_carries_its_source(
    g: Graph, year: int, states: int, organizations: int
) -> None:
    summit = SUMMIT[year]
    count = one(g, summit, NSS.participatingStateCount)
    assert count.toPython() == states  # type: ignore[attr-defined]
    assert one(g, summit, NSS.participatingOrganizationCount).toPython() == organizations  # type: ignore[attr-defined]
    axioms = [
        a
        for a in g.subjects(OWL.annotatedSource, summit)
        if (a, OWL.annotatedProperty, NSS.participatingStateCount) in g
        and (a, OWL.annotatedTarget, count) in g
    ]
    assert len(axioms) == 1
    sources = set(g.objects(axioms[0], URIRef("http://purl.org/dc/terms/source")))
    assert sources and ARTICLE not in sources


# --- Commitments (成立背景) -------------------------------------------------------------------------------

COMMITMENTS = [
    (2010, "2010-prevent-nuclear-terrorism", "防止核恐怖主義", "nuclear-terrorism"),
    (2010, "2010-secure-nuclear-materials", "確保核材料管控", "nuclear-material-security"),
    (2010, "2010-prevent-illicit-trafficking", "防止不法交易", "illicit-trafficking"),
    (2010, "2010-strengthen-international-cooperation", "加強國際間的合作", "international-cooperation"),
    (2010, "2010-identify-national-improvements", "各國爭對反核恐怖主義所需改善的項目", "national-measures"),
    (2012, "2012-review-progress", "首次會議的協議進展情況", "progress-review"),
    (2012, "2012-strengthen-international-cooperation", "加強各國的國際合作", "international-cooperation"),
    (2012, "2012-reduce-nuclear-weapons-and-materials", "裁減核武及核武原料", "nuclear-disarmament"),
    (
        2012,
        "2012-extend-control-of-facilities-and-materials",
        "擴大對核能設施及原料管控",
        "nuclear-facility-security",
    ),
    (2014, "2014-review-results-since-2010", "檢視自10年以來的成果", "progress-review"),
    (2014, "2014-strengthen-future-improvements", "加強未來該改善的項目", "national-measures"),
]
REFERENCE = {2010: "state-gov-2010", 2012: "mofa-kr-2012", 2014: "nss2014"}


@pytest.mark.parametrize(("year", "slug", "quotation", "topic"), COMMITMENTS)
def test_summit_commitment(g: Graph, year: int, slug: str, quotation: str, topic: str) -> None:
    commitment = COMMITMENT[slug]
    assert (commitment, RDF.type, NSS.Commitment) in g
    assert one(g, commitment, NSS.madeAt) == SUMMIT[year]
    assert (commitment, NSS.concerns, TOPIC[topic]) in g
    assert str(one(g, commitment, NSS.quotation)) == quotation
    assert (commitment, NSS.source, SOURCE[REFERENCE[year]]) in g
    assert (commitment, NSS.source, ARTICLE) in g


def test_every_summit_commitment_is_listed(g: Graph) -> None:
    summit_commitments = {
        c
        for c in g.subjects(RDF.type, NSS.Commitment)
        if one(g, c, NSS.madeAt) != SPEECH  # type: ignore[arg-type]
        and (c, NSS.source, ARTICLE) in g
    }
    assert summit_commitments == {COMMITMENT[slug] for _, slug, _, _ in COMMITMENTS}


def test_topics_form_a_skos_scheme(g: Graph) -> None:
    scheme = URIRef(BASE + "scheme/topics")
    skos = Namespace("http://www.w3.org/2004/02/skos/core#")
    topics = set(g.subjects(RDF.type, NSS.Topic))
    assert len(topics) == 8
    for topic in topics:
        assert (topic, skos.inScheme, scheme) in g
        assert (scheme, skos.hasTopConcept, topic) in g


# --- Sources ------------------------------------------------------------------------------------------------

CITED = {
    "state-gov-2010": "http://www.state.gov/t/isn/nuclearsecuritysummit/2010/",
    "mofa-kr-2012": "http://www.mofa.go.kr/ENG/policy/disarmament/nss/overview/index.jsp?menu=m_20_70_30",
    "nss2014": "http://www.nss2014.com/en",
    "whitehouse-prague-2009": "https://www.whitehouse.gov/the_press_office/Remarks-By-President-Barack-Obama-In-Prague-As-Delivered/",
}


@pytest.mark.parametrize(("slug", "url"), CITED.items())
def test_cited_references_are_sources(g: Graph, slug: str, url: str) -> None:
    source = SOURCE[slug]
    assert (source, RDF.type, NSS.SourceDocument) in g
    assert str(one(g, source, NSS.url)) == url
    assert (source, NSS.source, ARTICLE) in g


def test_korean_reference_is_a_dead_link_since_june_2018(g: Graph) -> None:
    assert one(g, SOURCE["mofa-kr-2012"], NSS.deadLinkSince) == Literal("2018-06", datatype=XSD.gYearMonth)
    dead = {s for s in g.subjects(NSS.deadLinkSince, None)}
    assert dead == {SOURCE["mofa-kr-2012"]}


def test_the_article_itself_is_a_source(g: Graph) -> None:
    assert (ARTICLE, RDF.type, NSS.SourceDocument) in g
    assert str(one(g, ARTICLE, NSS.url)).startswith("https://zh.wikipedia.org/wiki/")


@pytest.mark.parametrize("entity_class", [NSS.Summit, NSS.Speech, NSS.Commitment, NSS.SummitSeries])
def test_every_summit_speech_and_commitment_has_provenance(g: Graph, entity_class: URIRef) -> None:
    for entity in g.subjects(RDF.type, entity_class):
        assert list(g.objects(entity, NSS.source)), entity


# --- Links --------------------------------------------------------------------------------------------------

LINKS = {
    "state/united-states": ("Q30", "United_States"),
    "state/south-korea": ("Q884", "South_Korea"),
    "state/netherlands": ("Q55", "Netherlands"),
    "state/czech-republic": ("Q213", "Czech_Republic"),
    "city/washington-dc": ("Q61", "Washington,_D.C."),
    "city/seoul": ("Q8684", "Seoul"),
    "city/the-hague": ("Q36600", "The_Hague"),
    "city/prague": ("Q1085", "Prague"),
    "person/barack-obama": ("Q76", "Barack_Obama"),
    "person/mark-rutte": ("Q57792", "Mark_Rutte"),
    "organization/united-nations": ("Q1065", "United_Nations"),
    "organization/iaea": ("Q41984", "International_Atomic_Energy_Agency"),
    "organization/european-union": ("Q458", "European_Union"),
    "organization/interpol": ("Q8475", "Interpol"),
    "summit/2010-washington": (None, "2010_Nuclear_Security_Summit"),
    "summit/2012-seoul": (None, "2012_Nuclear_Security_Summit"),
    "summit/2014-the-hague": (None, "2014_Nuclear_Security_Summit"),
    "summit/2016-washington": (None, "2016_Nuclear_Security_Summit"),
    "series/nss": (None, "Nuclear_Security_Summit"),
}


@pytest.mark.parametrize(("path", "ids"), LINKS.items())
def test_links_to_wikidata_and_dbpedia(g: Graph, path: str, ids: tuple[str | None, str]) -> None:
    qid, title = ids
    expected = {URIRef("http://dbpedia.org/resource/" + title)}
    if qid:
        expected.add(URIRef("http://www.wikidata.org/entity/" + qid))
    assert set(g.objects(URIRef(BASE + path), OWL.sameAs)) == expected


def test_no_unchecked_links(g: Graph) -> None:
    # Lee Myung-bak's identifiers were found in one source only, so they are left out (README, data notes).
    # The other participating states' Wikidata items are checked in test_process_participants.py.
    linked = {str(s).removeprefix(BASE) for s in g.subjects(OWL.sameAs, None)}
    participants = {str(s).removeprefix(BASE) for s in g.subjects(RDF.type, NSS.SovereignState)}
    assert linked - (participants - set(LINKS)) == set(LINKS)


# --- Facts from other sources -------------------------------------------------------------------------------


def test_participating_organizations_are_sourced(g: Graph) -> None:
    expected = {
        2010: {"united-nations", "iaea", "european-union"},
        2012: {"united-nations", "iaea", "european-union", "interpol"},
        2014: {"united-nations", "iaea", "european-union", "interpol"},
    }
    for year, slugs in expected.items():
        listed = g.objects(SUMMIT[year], NSS.participant)
        organizations = [o for o in listed if (o, RDF.type, NSS.InternationalOrganization) in g]
        assert {str(o).rsplit("/", 1)[1] for o in organizations} == slugs
        for organization in organizations:
            annotated = [
                a for a in g.subjects(OWL.annotatedTarget, organization)
                if (a, OWL.annotatedSource, SUMMIT[year]) in g
            ]  # fmt: skip
            assert len(annotated) == 1
    # 2016: the organizations' delegations carry the sources (test_process_participants.py).
    for organization in g.objects(SUMMIT[2016], NSS.participant):
        if (organization, RDF.type, NSS.InternationalOrganization) in g:
            annotations = set(g.subjects(OWL.annotatedTarget, organization))
            assert not annotations & set(g.subjects(OWL.annotatedSource, SUMMIT[2016]))
