"""What each summit adopted, who joined which joint statement, who led the delegations, and a participant's
profile: the packaged queries against values copied by hand from the research notes (docs/research/*.md, each
row a source read), not from the program's output."""

from __future__ import annotations

import datetime

from rdflib import RDFS, Literal, URIRef

import nss_kg

D = datetime.date
DOCUMENT = "https://w3id.org/nss-kg/document/"


def rows(name: str, **params: object) -> list[dict[str, object]]:
    return nss_kg.query(name, params).to_dicts()


def slug(iri: object) -> str:
    return str(iri).rsplit("/", 1)[1]


def test_documents_per_summit() -> None:
    found = rows("documents")
    summit_documents = {(r["year"], slug(r["document"])) for r in found if r["kind"] == "summit document"}
    # 2010: the Communiqué and the Work Plan; 2012 and 2014: a communiqué; 2016: the communiqué and the five
    # action plans (UN, IAEA, INTERPOL, GICNT, Global Partnership) that the nss2016.org FAQ announces.
    assert summit_documents == {
        (2010, "2010-washington-communique"), (2010, "2010-washington-work-plan"),
        (2012, "2012-seoul-communique"), (2014, "2014-the-hague-communique"),
        (2016, "2016-washington-communique"), (2016, "2016-washington-action-plan-un"),
        (2016, "2016-washington-action-plan-iaea"), (2016, "2016-washington-action-plan-interpol"),
        (2016, "2016-washington-action-plan-gicnt"), (2016, "2016-washington-action-plan-global-partnership"),
    }  # fmt: skip
    communique_2010 = next(r for r in found if slug(r["document"]) == "2010-washington-communique")
    assert communique_2010["issued"] == D(2010, 4, 13)
    assert communique_2010["signatories"] == 0


# Every joint statement and its number of signatories, counted by hand from the lists in
# docs/research/documents.md and the joint-statement research that followed it.
SIZES = {
    (2010, "2010-washington-mexico-us-canada"): 3,  # Mexico, US, Canada
    (2012, "2012-seoul-heu-medical-isotopes"): 4,  # Belgium, France, Netherlands, US
    (2012, "2012-seoul-semipalatinsk"): 3,  # Kazakhstan, Russia, US
    (2012, "2012-seoul-training-support-centers"): 23,
    (2012, "2012-seoul-france-uk-us"): 3,
    (2012, "2012-seoul-high-density-leu-fuel"): 4,  # South Korea, Belgium, France, US
    (2012, "2012-seoul-mexico-us-canada"): 3,
    (2014, "2014-the-hague-radiological-security"): 23,
    (2014, "2014-the-hague-maritime-supply-chain"): 13,
    (2014, "2014-the-hague-high-density-leu-fuel"): 5,  # Belgium, France, Germany, South Korea, US
    (2014, "2014-the-hague-transport-security"): 5,  # France, Japan, South Korea, UK, US
    (2016, "2016-washington-countering-nuclear-smuggling"): 39,  # 37 states, INTERPOL, the UN
    (2016, "2016-washington-in-larger-security"): 16,
    (2016, "2016-washington-training-support-centres"): 30,  # 28 states, INTERPOL, the UN
    (2016, "2016-washington-leu-bank"): 18,
    (2016, "2016-washington-itwg"): 2,  # the EU, US
    (2016, "2016-washington-insider-threat"): 28,  # 27 states and INTERPOL (Defense Daily)
}


def test_joint_statements_and_their_sizes() -> None:
    sizes = {
        (r["year"], slug(r["document"])): r["signatories"]
        for r in rows("documents")
        if r["kind"] == "joint statement"
    }
    assert sizes == SIZES
    assert len(SIZES) == 17 and sum(SIZES.values()) == 222


# The day each joint statement was issued, where a source read states it (docs/research/documents.md and
# joint-statements.md): the statement itself, a release that is the statement, or a report of the day it was
# released. The six others are known only from address paths or fact sheets of the day and have no date.
ISSUED = {
    "2010-washington-mexico-us-canada": D(2010, 4, 13),  # the Law Library of Congress cites the release so
    "2012-seoul-france-uk-us": D(2012, 3, 27),
    "2012-seoul-heu-medical-isotopes": D(2012, 3, 26),
    "2012-seoul-high-density-leu-fuel": D(2012, 3, 27),  # Korea Herald: released "Tuesday"
    "2012-seoul-mexico-us-canada": D(2012, 3, 26),  # the release, reprinted, dated Seoul 26 March
    "2012-seoul-semipalatinsk": D(2012, 3, 26),
    "2012-seoul-training-support-centers": D(2012, 3, 27),
    "2014-the-hague-high-density-leu-fuel": D(2014, 3, 25),
    "2014-the-hague-maritime-supply-chain": D(2014, 3, 25),  # the White House release is the statement
    "2014-the-hague-radiological-security": D(2014, 3, 24),
    "2016-washington-insider-threat": D(2016, 4, 1),  # the White House release on nss2016.org
}


def test_joint_statements_issued_on_the_day_a_source_states() -> None:
    found = {
        slug(r["document"]): r.get("issued") for r in rows("documents") if r["kind"] == "joint statement"
    }
    assert {name: day for name, day in found.items() if day is not None} == ISSUED
    # Each was issued during its summit.
    summits = {2010: (D(2010, 4, 12), D(2010, 4, 13)), 2012: (D(2012, 3, 26), D(2012, 3, 27))}
    summits[2014] = (D(2014, 3, 24), D(2014, 3, 25))
    summits[2016] = (D(2016, 3, 31), D(2016, 4, 1))
    for name, day in ISSUED.items():
        first, last = summits[int(name[:4])]
        assert first <= day <= last, name


def test_joint_statements_carry_their_published_titles() -> None:
    titles = {slug(r["document"]): r["title"] for r in rows("documents") if r["kind"] == "joint statement"}
    # The documents' own titles, where the page heading differs (joint-statements.md, items 6 and 7).
    assert titles["2016-washington-insider-threat"] == "Gift Basket on Mitigating Insider Threats"
    assert titles["2016-washington-in-larger-security"] == "In larger security: looking ahead"
    unread = {name for name, title in titles.items() if "exact title not read" in title}
    assert unread == {"2014-the-hague-transport-security"}


def test_documents_are_titled_in_the_language_asked_for_else_in_english() -> None:
    """The official Chinese titles that mainland pages print (docs/research/names-and-links.md); a document
    with no label in the language asked for keeps its English title."""
    titles = {slug(r["document"]): r["title"] for r in rows("documents", lang="zh-Hans")}
    assert titles["2010-washington-communique"] == "华盛顿核安全峰会公报"
    assert titles["2010-washington-work-plan"] == "华盛顿核安全峰会工作计划"
    assert titles["2012-seoul-communique"] == "首尔公报"
    assert titles["2014-the-hague-communique"] == "海牙核安全峰会公报"
    english = {slug(r["document"]): r["title"] for r in rows("documents", year=2010)}
    assert english["2010-washington-communique"] == "Communiqué of the Washington Nuclear Security Summit"
    # Two documents of 2010 left with an English title only: the work plan and the one joint statement.
    mine = nss_kg.graph()
    english_only = {
        "2010-washington-work-plan": "Work Plan",
        "2010-washington-mexico-us-canada": "Trilateral",
    }
    for name, title in english_only.items():
        mine.remove((URIRef(DOCUMENT + name), RDFS.label, None))
        mine.add((URIRef(DOCUMENT + name), RDFS.label, Literal(title, lang="en")))
    found = nss_kg.query("documents", {"lang": "zh-Hant"}, graph=mine).to_dicts()
    titles = {slug(r["document"]): r["title"] for r in found}
    assert titles["2010-washington-work-plan"] == "Work Plan"
    assert titles["2010-washington-communique"] == "華盛頓核安全峰會公報"
    statements = nss_kg.query("joint-statements", {"lang": "zh-Hant", "year": 2010}, graph=mine).to_dicts()
    assert {r["title"] for r in statements} == {"Trilateral"} and len(statements) == 3  # no row twice


def test_every_signatory_took_part_in_the_summit() -> None:
    # Each signatory, as of the summit, took part in the summit the statement was issued at. The 2016
    # statement of the GICNT's leading states is not in the graph: it names Russia, which was absent in 2016.
    graph = nss_kg.graph()
    nss = "https://w3id.org/nss-kg/ontology#"
    found = rows("joint-statements")
    for row in found:
        summit = graph.value(URIRef(str(row["statement"])), URIRef(nss + "adoptedAt"))
        assert (summit, URIRef(nss + "participant"), URIRef(str(row["signatory"]))) in graph, row
    assert len(found) == sum(SIZES.values())


def test_members_of_one_joint_statement() -> None:
    found = rows("joint-statements", year=2012)
    semipalatinsk = {
        slug(r["signatory"]) for r in found if slug(r["statement"]) == "2012-seoul-semipalatinsk"
    }
    assert semipalatinsk == {"kazakhstan", "russia", "united-states"}
    assert {r["year"] for r in found} == {2012}


def test_joint_statements_one_state_joined() -> None:
    found = {slug(r["statement"]) for r in rows("joint-statements", signatory="state:kazakhstan")}
    assert found == {
        "2012-seoul-semipalatinsk", "2012-seoul-training-support-centers",
        "2014-the-hague-maritime-supply-chain", "2014-the-hague-radiological-security",
        "2016-washington-countering-nuclear-smuggling", "2016-washington-in-larger-security",
        "2016-washington-training-support-centres", "2016-washington-leu-bank",
        "2016-washington-insider-threat",
    }  # fmt: skip
    labels = {
        r["signatoryLabel"] for r in rows("joint-statements", signatory="state:kazakhstan", lang="zh-Hans")
    }
    assert labels == {"哈萨克斯坦"}


def test_heads_of_the_organizations_in_2016() -> None:
    found = {
        slug(r["participant"]): (r.get("head"), r.get("office")) for r in rows("delegation-heads", year=2016)
    }
    assert {name: found[name][0] for name in ("united-nations", "iaea", "interpol", "european-union")} == {
        "united-nations": "Ban Ki-moon",
        "iaea": "Yukiya Amano",
        "interpol": "Jürgen Stock",
        "european-union": "Donald Tusk",
    }
    assert len(found) == 56  # 52 states and 4 organizations


def test_heads_keep_english_names_in_chinese_and_the_article_names_its_own() -> None:
    found = {slug(r["participant"]): r for r in rows("delegation-heads", year=2016, lang="zh-Hant")}
    assert found["united-states"]["head"] == "巴拉克·歐巴馬"
    assert found["united-nations"]["head"] == "潘基文"  # as the Central News Agency writes it
    assert found["united-nations"]["participantLabel"] == "聯合國"
    assert found["iaea"]["head"] == "天野之彌"  # as Newtalk (Taipei) wrote it in 2011
    # No Taiwanese page read names Sellal (only a Taiwanese paper's copy of what may be mainland wire text):
    # his English name stands.
    assert found["algeria"]["head"] == "Abdelmalek Sellal"


def test_a_head_named_in_one_script_only_is_one_row_in_each_language() -> None:
    # 范平明 is the mainland form (a Chinese foreign-ministry item); no Taiwanese page read names him. Each
    # language gives one row: his Simplified name, else his English one (both were returned for zh-Hans).
    heads = {
        lang: [r["head"] for r in rows("delegation-heads", year=2016, participant="state:vietnam", lang=lang)]
        for lang in ("en", "zh-Hant", "zh-Hans")
    }
    assert heads == {"en": ["Pham Binh Minh"], "zh-Hant": ["Pham Binh Minh"], "zh-Hans": ["范平明"]}


def test_a_participant_profile() -> None:
    found = rows("participant-profile", participant="state:kazakhstan")
    # Nazarbayev led Kazakhstan at all four summits; the joint statements are those of the test above.
    assert [(r["year"], r["head"], r["jointStatements"]) for r in found] == [
        (2010, "Nursultan Nazarbayev", 0),
        (2012, "Nursultan Nazarbayev", 2),
        (2014, "Nursultan Nazarbayev", 2),
        (2016, "Nursultan Nazarbayev", 5),
    ]
    canada = rows("participant-profile", participant="state:canada")
    assert (canada[0]["year"], canada[0]["commitments"]) == (2010, 5)  # the White House's five items


def test_a_profile_of_an_absent_summit_has_no_row() -> None:
    assert [r["year"] for r in rows("participant-profile", participant="state:russia")] == [2010, 2012, 2014]


def test_single_source_facts() -> None:
    found = rows("single-source", type="nss:Delegation")
    assert {str(r["type"]).split("#")[1] for r in found} == {"Delegation"}
    entities = {slug(r["entity"]) for r in found}
    assert "2010-washington-algeria" in entities  # one source, djazairess.com
    everything = rows("single-source")
    venue = [
        r
        for r in everything
        if slug(r["entity"]) == "2016-washington" and str(r.get("property", "")).endswith("#venue")
    ]
    # One source, the White House press secretary's statement of 10 August 2015; the 2012 venue has two.
    assert [slug(r["source"]) for r in venue] == [
        "obamawhitehouse-archives-statement-press-secretary-2016-nuclear"
    ]
    assert not [
        r
        for r in everything
        if slug(r["entity"]) == "2012-seoul" and str(r.get("property", "")).endswith("#venue")
    ]


# The 2016 national progress reports whose own page was read: docs/research/progress-reports-2016.md, table A3
# (the 38 rows less the five seen only on a listing page), and progress-reports-2016-round2.md, table A (eight
# more, Norway's own page among them).
REPORTS_2016 = {
    "algeria", "argentina", "armenia", "belgium", "brazil", "canada", "chile", "china", "czech-republic",
    "denmark", "egypt", "finland", "france", "gabon", "georgia", "germany", "hungary", "israel", "italy",
    "japan", "jordan", "kazakhstan", "lithuania", "morocco", "netherlands", "new-zealand", "nigeria",
    "norway", "philippines", "poland", "south-korea", "romania", "singapore", "spain", "sweden",
    "switzerland", "thailand", "turkey", "united-kingdom", "united-states", "vietnam",
}  # fmt: skip


def test_national_progress_reports_of_2016() -> None:
    found = rows("progress-reports")
    assert {slug(r["participant"]) for r in found} == REPORTS_2016 and len(found) == 41
    assert {r["year"] for r in found} == {2016}
    japan = rows("progress-reports", participant="state:japan", lang="zh-Hant")
    assert [(r["participantLabel"], r["title"], r["text"]) for r in japan] == [
        (
            "日本",
            "National Progress Report: Japan",
            "http://www.nss2016.org/document-center-docs/2016/4/1/national-progress-report-japan",
        )
    ]
    us = rows("progress-reports", participant="state:united-states")
    assert us[0]["title"] == "United States National Progress Report - 2016 Nuclear Security Summit"
    # Every author took part in the summit it reported to.
    graph = nss_kg.graph()
    summit = URIRef("https://w3id.org/nss-kg/summit/2016-washington")
    participant = URIRef("https://w3id.org/nss-kg/ontology#participant")
    assert all((summit, participant, URIRef(str(r["participant"]))) in graph for r in found)
    assert rows("progress-reports", year=2014) == []
