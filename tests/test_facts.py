"""Every fact of the article, found in nss_kg.graph(). Expected values are read off the
article 核安全峰會 by hand and written out here (names, dates and quotations verbatim), not taken from the
program's output; the test needs nothing outside this repository."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

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
GITHUB_FILE_AT_COMMIT = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+/blob/[0-9a-f]{40}/\S+")
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


# The English label of each reference is the article's citation text: the link text, then the publisher the
# article names after "from" (spelt out: it writes "U. S. Department State" and "Korea Ministry of Foreign").
# The article's <ref>s read:
#   [http://www.state.gov/t/isn/nuclearsecuritysummit/2010/  2010 Washington] from the U. S. Department State
#   [http://www.mofa.go.kr/ENG/...  2012 Seoul Nuclear Security Summit] from the Korea Ministry of Foreign
#   [http://www.nss2014.com/en The Nuclear Security Summit 2014 is a world summit, aimed at preventing nuclear
#    terrorism around the globe.]
#   [https://www.whitehouse.gov/...  Speeches & Remarks April 5, 2009] from the White House
CITATION_LABELS = {
    "state-gov-2010": "2010 Washington (U.S. Department of State)",
    "mofa-kr-2012": "2012 Seoul Nuclear Security Summit (Korea Ministry of Foreign Affairs)",
    "nss2014": "The Nuclear Security Summit 2014 is a world summit, aimed at preventing nuclear terrorism "
    "around the globe.",
    "whitehouse-prague-2009": "Speeches & Remarks April 5, 2009 (The White House)",
}


@pytest.mark.parametrize(("slug", "label"), CITATION_LABELS.items())
def test_cited_references_are_labelled_with_the_articles_citation(g: Graph, slug: str, label: str) -> None:
    assert labels(g, SOURCE[slug])["en"] == label


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
    "person/lee-myung-bak": ("Q14342", "Lee_Myung-bak"),
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
    # The other participating states' Wikidata items are checked in test_process_participants.py, the
    # offices' below.
    linked = {str(s).removeprefix(BASE) for s in g.subjects(OWL.sameAs, None)} - _offices(g) - _heads(g)
    participants = {str(s).removeprefix(BASE) for s in g.subjects(RDF.type, NSS.SovereignState)}
    assert linked - (participants - set(LINKS)) == set(LINKS)


WD = "http://www.wikidata.org/entity/"
DBR = "http://dbpedia.org/resource/"
# The source of each link of a person, organization, city, summit and the series, as the provenance research
# read it: a public file that pairs the Wikidata item with the name, or the English Wikipedia article whose
# title the DBpedia name is (a copy of it where only a copy was found).
LINK_SOURCES = {
    ("person/barack-obama", WD + "Q76"): {"github-thehistoryatlas-left-position"},
    ("person/barack-obama", DBR + "Barack_Obama"): {"pegitboard-barack-obama"},
    ("person/lee-myung-bak", WD + "Q14342"): {"github-thehistoryatlas-took-position"},
    ("person/lee-myung-bak", DBR + "Lee_Myung-bak"): {
        "en-wikipedia-lee-myung-bak-diff-206236043", "github-parallax-lee-myung-bak",
    },
    ("person/mark-rutte", WD + "Q57792"): {"github-openkamer-wikidata-tests"},
    ("person/mark-rutte", DBR + "Mark_Rutte"): {"db0nus869y26v-cloudfront-mark-rutte"},
    ("organization/european-union", WD + "Q458"): {"github-supraverden-all-bodies"},
    ("organization/iaea", WD + "Q41984"): {"github-supraverden-all-bodies"},
    ("organization/iaea", DBR + "International_Atomic_Energy_Agency"): {
        "simple-wikipedia-international-atomic-energy-agency",
    },
    ("organization/interpol", WD + "Q8475"): {"github-supraverden-all-bodies"},
    ("organization/interpol", DBR + "Interpol"): {"mcgill-schools-wikipedia-interpol"},
    ("organization/united-nations", WD + "Q1065"): {"github-supraverden-all-bodies"},
    ("city/prague", WD + "Q1085"): {"github-openrichpedia-city-sight"},
    ("city/seoul", WD + "Q8684"): {"github-openrichpedia-city-sight"},
    ("city/washington-dc", WD + "Q61"): {"github-openrichpedia-city-sight"},
    ("city/the-hague", WD + "Q36600"): {"github-juncture-sample-visual-essay"},
    ("city/the-hague", DBR + "The_Hague"): {"wikiwand-the-hague"},
    ("summit/2010-washington", DBR + "2010_Nuclear_Security_Summit"): {
        "en-wikipedia-2010-nuclear-security-summit",
    },
    ("summit/2012-seoul", DBR + "2012_Nuclear_Security_Summit"): {
        "en-wikipedia-2012-nuclear-security-summit",
    },
    ("summit/2016-washington", DBR + "2016_Nuclear_Security_Summit"): {
        "en-wikipedia-2016-nuclear-security-summit",
    },
    ("series/nss", DBR + "Nuclear_Security_Summit"): {"en-wikipedia-nuclear-security-summit"},
    # English Wikipedia pages or copies of them for four links that had no source (research/dbpedia-links.md).
    ("organization/european-union", DBR + "European_Union"): {"wikiwand-european-union"},
    ("city/seoul", DBR + "Seoul"): {"wikiwand-seoul"},
    ("city/washington-dc", DBR + "Washington,_D.C."): {
        "skepticality-washington-dc", "wikiwand-washington-d-c",
    },
    ("summit/2014-the-hague", DBR + "2014_Nuclear_Security_Summit"): {
        "en-wikipedia-2014-nuclear-security-summit",
    },
}  # fmt: skip
# Links for which the research found no source that states them: kept, not annotated (docs/data-notes.md).
UNSOURCED_LINKS = {
    ("organization/united-nations", DBR + "United_Nations"),
    ("city/prague", DBR + "Prague"),
}


def annotation_sources(g: Graph, subject: URIRef, predicate: URIRef, value: object) -> set[str]:
    """The slugs of the sources that the owl:Axiom annotations of one fact name."""
    return {
        str(source).removeprefix(str(SOURCE))
        for axiom in g.subjects(OWL.annotatedSource, subject)
        if (axiom, OWL.annotatedProperty, predicate) in g and (axiom, OWL.annotatedTarget, value) in g
        for source in g.objects(axiom, DCTERMS.source)
    }


def test_every_link_names_its_source_or_is_listed_as_unsourced(g: Graph) -> None:
    states = set(
        g.subjects(RDF.type, NSS.SovereignState)
    )  # their links: states.ttl, test_process_participants
    offices = _offices(g)  # theirs: the office tests below
    links = {
        (str(s).removeprefix(BASE), str(o))
        for s, o in g.subject_objects(OWL.sameAs)
        if s not in states and str(s).removeprefix(BASE) not in offices | _heads(g)
    }
    assert links == set(LINK_SOURCES) | UNSOURCED_LINKS
    for (path, link), expected in LINK_SOURCES.items():
        assert annotation_sources(g, URIRef(BASE + path), OWL.sameAs, URIRef(link)) == expected, link
    for path, link in UNSOURCED_LINKS:
        assert annotation_sources(g, URIRef(BASE + path), OWL.sameAs, URIRef(link)) == set(), link


def test_a_copy_of_wikipedia_says_it_is_one(g: Graph) -> None:
    # DBpedia names are English Wikipedia titles; a copy read elsewhere says what it is in its publisher.
    wikipedia = ("https://en.wikipedia.org/", "http://en.wikipedia.org/", "https://github.com/")
    for (_, link), slugs in LINK_SOURCES.items():
        for slug in slugs:
            url = str(one(g, SOURCE[slug], NSS.url))
            if link.startswith(DBR) and not url.startswith(wikipedia):
                assert "not" in str(one(g, SOURCE[slug], NSS.publisher)), slug


def _heads(g: Graph) -> set[str]:
    """The heads of delegation named in heads.ttl (their links: tests/test_names.py), as paths."""
    paths = {str(p).removeprefix(BASE) for p in g.subjects(RDF.type, NSS.Person)}
    replaced = {str(p).removeprefix(BASE) for p in g.subjects(DCTERMS.isReplacedBy, None)}
    return (paths | replaced) - set(LINKS)


def _offices(g: Graph) -> set[str]:
    """The offices and the office IRIs replaced by another, as paths."""
    return {str(s).removeprefix(BASE) for s in g.subjects(None, None) if str(s).startswith(BASE + "office/")}


# Offices' Wikidata items as the EveryPolitician scrapers' tables give them, copied by hand from the rows read
# (each row: the country's item, the country, the office's item, its label), e.g.
# "Q183,Germany,Q4970706,Federal Chancellor of Germany".
OFFICE_ITEMS = {
    "chancellor-germany": "Q4970706",
    "president-brazil": "Q5176750",
    "president-china": "Q655407",
    "president-france": "Q191954",
    "prime-minister-italy": "Q796897",
    "president-of-the-republic-of-korea": "Q6296418",
    "president-of-the-united-states": "Q11696",
    "president-russia": "Q218295",
    "president-turkey": "Q1922067",
    "prime-minister-canada": "Q839078",
    "prime-minister-india": "Q192711",
    "prime-minister-japan": "Q274948",
    "prime-minister-of-the-netherlands": "Q3058109",
    "prime-minister-united-kingdom": "Q14211",
    "secretary-general-united-nations": "Q81066",
}
# The same office under a second spelling: the IRI stays, the same as (and replaced by) the one kept.
REPLACED_OFFICES = {
    "acting-president-nigeria": "president-nigeria",
    "federal-chancellor-germany": "chancellor-germany",
    "foreign-minister-sweden": "minister-for-foreign-affairs-sweden",
    "interim-prime-minister-algeria": "prime-minister-algeria",
    "president-of-the-council-of-ministers-italy": "prime-minister-italy",
    "president-of-the-confederation-switzerland": "president-of-the-swiss-confederation-switzerland",
    "crown-prince-of-abu-dhabi-deputy-supreme-commander-of-the-uae-armed-forces-united-arab-emirates": (
        "crown-prince-of-abu-dhabi-and-deputy-supreme-commander-of-the-uae-armed-forces-united-arab-emirates"
    ),
    "president-king-abdullah-city-for-atomic-and-renewable-energy-saudi-arabia": (
        "president-of-king-abdullah-city-for-atomic-and-renewable-energy-saudi-arabia"
    ),
}


def test_offices_link_to_their_wikidata_items(g: Graph) -> None:
    for slug, qid in OFFICE_ITEMS.items():
        assert set(g.objects(URIRef(BASE + "office/" + slug), OWL.sameAs)) == {URIRef(WD + qid)}, slug


def test_every_office_link_names_its_source_and_no_item_is_shared(g: Graph) -> None:
    items: dict[str, str] = {}
    for office in g.subjects(RDF.type, NSS.Office):
        for item in g.objects(office, OWL.sameAs):
            assert str(item).startswith(WD)
            sources = annotation_sources(g, office, OWL.sameAs, item)  # type: ignore[arg-type]
            # Cited at a commit: a file on a branch can change under the link.
            urls = {str(u) for s in sources for u in g.objects(SOURCE[s], NSS.url)}
            assert urls and all(GITHUB_FILE_AT_COMMIT.fullmatch(u) for u in urls), (office, urls)
            assert str(item) not in items, (office, items.get(str(item)))
            items[str(item)] = str(office)
    assert len(items) >= 80


def test_replaced_office_iris_still_answer(g: Graph) -> None:
    for old, new in REPLACED_OFFICES.items():
        old_iri, new_iri = URIRef(BASE + "office/" + old), URIRef(BASE + "office/" + new)
        assert (new_iri, RDF.type, NSS.Office) in g and (old_iri, RDF.type, None) not in g
        assert set(g.objects(old_iri, OWL.sameAs)) == {new_iri}
        assert set(g.objects(old_iri, DCTERMS.isReplacedBy)) == {new_iri}
        assert (None, None, old_iri) not in g  # nothing refers to the old IRI any more


# --- Facts from other sources -------------------------------------------------------------------------------


# Which page names each organization at each summit (provenance research, section 4); the State Department's
# 2010 and 2012 summit pages give only counts in the text read and are not among them.
ORGANIZATION_SOURCES = {
    2010: dict.fromkeys(
        ("united-nations", "iaea", "european-union"),
        "foxnews-nuclear-security-summit-communique-and-work-plan",
    ),
    2012: dict.fromkeys(("united-nations", "iaea", "european-union", "interpol"), "state-187208"),
    2014: {
        "united-nations": "un-press-sgsm15725",
        "iaea": "iaea-amano-addresses-hagues-nuclear-security-summit-2014",
        "european-union": "energia-gr-nuclear-security-summit",
        "interpol": "interpol-int-n2014-046",
    },
}


@pytest.mark.parametrize("year", sorted(ORGANIZATION_SOURCES))
def test_participating_organizations_rest_on_their_delegations_sources(g: Graph, year: int) -> None:
    listed = g.objects(SUMMIT[year], NSS.participant)
    organizations = {o for o in listed if (o, RDF.type, NSS.InternationalOrganization) in g}
    assert {str(o).rsplit("/", 1)[1] for o in organizations} == set(ORGANIZATION_SOURCES[year])
    for organization in organizations:
        slug = str(organization).rsplit("/", 1)[1]
        delegation = URIRef(f"{BASE}delegation/{SUMMIT_SLUGS[year]}-{slug}")
        assert one(g, delegation, NSS.ofParticipant) == organization
        assert (delegation, NSS.source, SOURCE[ORGANIZATION_SOURCES[year][slug]]) in g, delegation


def test_participation_is_not_annotated_a_second_time(g: Graph) -> None:
    # A participant's sources are its delegation's (docs/data-notes.md), for states and organizations alike.
    assert not set(g.subjects(OWL.annotatedProperty, NSS.participant))


VENUE_SOURCES = {
    2010: {
        "en-wikipedia-2010-nuclear-security-summit",  # "Venues: Walter E. Washington Convention Center"
        "abcnews-obama-kicks-off-nuclear-summit",  # "the Washington Convention Center"
        "english-cctv-100973",  # Xinhua: "the Washington Convention Center"
    },
    2012: {"state-187208", "en-wikipedia-2012-nuclear-security-summit"},  # "COEX Centre"; the full name
    2014: {
        "nss2014-summit"
    },  # "Delegations will be received by Dutch prime minister Rutte at the World Forum."
    2016: {"obamawhitehouse-archives-statement-press-secretary-2016-nuclear"},
}


@pytest.mark.parametrize(("year", "sources"), VENUE_SOURCES.items())
def test_venue_names_the_sources_that_state_it(g: Graph, year: int, sources: set[str]) -> None:
    venue = one(g, SUMMIT[year], NSS.venue)
    assert annotation_sources(g, SUMMIT[year], NSS.venue, venue) == sources


def test_the_2016_count_rests_on_the_sources_that_state_52_and_4(g: Graph) -> None:
    # The sources of the claims that say 52 states and 4 organizations (claims.ttl), and no other.
    expected = {
        "dsa-no-statsministeren-besoekte-straalevernet",
        "ecssr-ae-the-uae-a-steadfast-nuclear",
        "nationthailand-internal-referral",
    }
    claim = Namespace(BASE + "claim/")
    for name in ("2016-dsa-52", "2016-ecssr-52", "2016-thai-nation-52"):
        assert one(g, claim[name], NSS.claimedStateCount).toPython() == 52  # type: ignore[attr-defined]
        assert one(g, claim[name], NSS.claimedOrganizationCount).toPython() == 4  # type: ignore[attr-defined]
        assert str(one(g, claim[name], NSS.source)).removeprefix(str(SOURCE)) in expected
    for prop in (NSS.participatingStateCount, NSS.participatingOrganizationCount):
        count = one(g, SUMMIT[2016], prop)
        assert annotation_sources(g, SUMMIT[2016], prop, count) == expected


OFFICE_SOURCES = [
    # The Korean foreign ministry, 26 March 2012: "On behalf of President Lee Myung-bak, ..."
    ("person/lee-myung-bak", NSS.holdsOffice, "president-of-the-republic-of-korea", {"mofa-go-kr-301757"}),
    ("summit/2012-seoul", NSS.hostLeaderOffice, "president-of-the-republic-of-korea", {"mofa-go-kr-301757"}),
    # government.nl, 23 March 2014: "prime minister Mark Rutte"; nss2014.com: "Dutch prime minister Rutte".
    (
        "person/mark-rutte",
        NSS.holdsOffice,
        "prime-minister-of-the-netherlands",
        {"government-nl-rutte-on-nss-2014", "nss2014-summit"},
    ),
    (
        "summit/2014-the-hague",
        NSS.hostLeaderOffice,
        "prime-minister-of-the-netherlands",
        {"government-nl-rutte-on-nss-2014", "nss2014-summit"},
    ),
]


@pytest.mark.parametrize(("path", "prop", "office", "sources"), OFFICE_SOURCES)
def test_offices_the_article_does_not_name_carry_their_sources(
    g: Graph, path: str, prop: URIRef, office: str, sources: set[str]
) -> None:
    subject, held = URIRef(BASE + path), URIRef(BASE + "office/" + office)
    assert (subject, prop, held) in g
    assert annotation_sources(g, subject, prop, held) == sources


@pytest.mark.parametrize(
    ("year", "head", "head_office", "second", "second_office", "source"),
    [
        # "The EU will be represented at the meeting by Herman Van Rompuy, President of the European Council
        # and José Manuel Barroso, President of the European Commission." (EU press release, 24 March 2014)
        (2014, "herman-van-rompuy", "president-of-the-european-council-european-union", "jose-manuel-barroso",
         "president-of-the-european-commission-european-union", "energia-gr-nuclear-security-summit"),
        # "European Union Donald Tusk (President) Federica Mogherini (High Representative of the Union for
        # Foreign Affairs …)" (English Wikipedia's table of participants, a 2024 copy)
        (2016, "donald-tusk", "president-of-the-european-council-european-union", "federica-mogherini",
         "high-representative-of-the-union-for-foreign-affairs-and-security-policy-european-union",
         "kiwix-en-wikipedia-2016-nuclear-security-summit"),
    ],
)  # fmt: skip
def test_the_european_union_sent_two_leaders(
    g: Graph, year: int, head: str, head_office: str, second: str, second_office: str, source: str
) -> None:
    delegation = URIRef(f"{BASE}delegation/{SUMMIT_SLUGS[year]}-european-union")
    assert one(g, delegation, NSS.headedBy) == URIRef(BASE + "person/" + head)
    assert one(g, delegation, NSS.headOffice) == URIRef(BASE + "office/" + head_office)
    assert one(g, delegation, NSS.coHeadedBy) == URIRef(BASE + "person/" + second)
    assert one(g, delegation, NSS.coHeadOffice) == URIRef(BASE + "office/" + second_office)
    assert SOURCE[source] in set(g.objects(delegation, NSS.source))
    assert SOURCE[source] in set(g.objects(URIRef(BASE + "person/" + second), NSS.source))


def test_every_source_document_is_cited(g: Graph) -> None:
    """A source nothing cites says nothing (and no crawler following links reaches it): three did, pages
    read for labels that already had a source, and a communiqué's text copy."""
    sources = set(g.subjects(RDF.type, NSS.SourceDocument))
    cited = {o for _, p, o in g if p in (NSS.source, DCTERMS.source)}
    assert sorted(map(str, sources - cited)) == []
