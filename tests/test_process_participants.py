"""Who took part in each summit: states, organizations and delegations, and the queries over them.

The expected participant lists are copied by hand from the research notes' tables (docs/research/
participants-2010-2012.md and participants-2014-2016.md, one row per participant, each with the source
read), not from the program's output; the counts are the official ones the notes quote (State Department,
summit sites). The lists cross-check each other as the State Department does: 2012 is 2010 plus six newcomer
states and INTERPOL, 2014 the same 53 states as 2012, and 2016 the 2014 states without Russia. ISO codes are
checked against pycountry and Chinese names against CLDR through babel, the libraries the data was taken from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

import nss_kg

NSS = Namespace("https://w3id.org/nss-kg/ontology#")
BASE = "https://w3id.org/nss-kg/"
STATE = Namespace(BASE + "state/")
ORGANIZATION = Namespace(BASE + "organization/")
SUMMIT = {
    2010: URIRef(BASE + "summit/2010-washington"),
    2012: URIRef(BASE + "summit/2012-seoul"),
    2014: URIRef(BASE + "summit/2014-the-hague"),
    2016: URIRef(BASE + "summit/2016-washington"),
}

# The 2010 table (47 states), in its order.
STATES_2010 = {
    "algeria",
    "argentina",
    "armenia",
    "australia",
    "belgium",
    "brazil",
    "canada",
    "chile",
    "china",
    "czech-republic",
    "egypt",
    "finland",
    "france",
    "georgia",
    "germany",
    "india",
    "indonesia",
    "israel",
    "italy",
    "japan",
    "jordan",
    "kazakhstan",
    "south-korea",
    "malaysia",
    "mexico",
    "morocco",
    "netherlands",
    "new-zealand",
    "nigeria",
    "norway",
    "pakistan",
    "philippines",
    "poland",
    "russia",
    "saudi-arabia",
    "singapore",
    "south-africa",
    "spain",
    "sweden",
    "switzerland",
    "thailand",
    "turkey",
    "ukraine",
    "united-arab-emirates",
    "united-kingdom",
    "united-states",
    "vietnam",
}
# The six states the State Department names as new in 2012.
NEWCOMERS_2012 = {"azerbaijan", "denmark", "gabon", "hungary", "lithuania", "romania"}
# The 2012 table (53 states).
STATES_2012 = {
    "south-korea",
    "algeria",
    "argentina",
    "armenia",
    "australia",
    "azerbaijan",
    "belgium",
    "brazil",
    "canada",
    "chile",
    "china",
    "czech-republic",
    "denmark",
    "egypt",
    "finland",
    "france",
    "gabon",
    "georgia",
    "germany",
    "hungary",
    "india",
    "indonesia",
    "israel",
    "italy",
    "japan",
    "jordan",
    "kazakhstan",
    "lithuania",
    "malaysia",
    "mexico",
    "morocco",
    "netherlands",
    "new-zealand",
    "nigeria",
    "norway",
    "pakistan",
    "philippines",
    "poland",
    "romania",
    "russia",
    "saudi-arabia",
    "singapore",
    "south-africa",
    "spain",
    "sweden",
    "switzerland",
    "thailand",
    "turkey",
    "united-arab-emirates",
    "united-kingdom",
    "ukraine",
    "united-states",
    "vietnam",
}
# The 2014 table (53 states).
STATES_2014 = {
    "algeria",
    "argentina",
    "armenia",
    "australia",
    "azerbaijan",
    "belgium",
    "brazil",
    "canada",
    "chile",
    "china",
    "czech-republic",
    "denmark",
    "egypt",
    "finland",
    "france",
    "gabon",
    "georgia",
    "germany",
    "hungary",
    "india",
    "indonesia",
    "israel",
    "italy",
    "japan",
    "jordan",
    "kazakhstan",
    "lithuania",
    "malaysia",
    "mexico",
    "morocco",
    "netherlands",
    "new-zealand",
    "nigeria",
    "norway",
    "pakistan",
    "philippines",
    "poland",
    "romania",
    "russia",
    "saudi-arabia",
    "singapore",
    "south-africa",
    "south-korea",
    "spain",
    "sweden",
    "switzerland",
    "thailand",
    "turkey",
    "ukraine",
    "united-arab-emirates",
    "united-kingdom",
    "united-states",
    "vietnam",
}
# The 2016 table (52 states: Russia declined to come).
STATES_2016 = {
    "algeria",
    "argentina",
    "armenia",
    "australia",
    "azerbaijan",
    "belgium",
    "brazil",
    "canada",
    "chile",
    "china",
    "czech-republic",
    "denmark",
    "egypt",
    "finland",
    "france",
    "gabon",
    "georgia",
    "germany",
    "hungary",
    "india",
    "indonesia",
    "israel",
    "italy",
    "japan",
    "jordan",
    "kazakhstan",
    "lithuania",
    "malaysia",
    "mexico",
    "morocco",
    "netherlands",
    "new-zealand",
    "nigeria",
    "norway",
    "pakistan",
    "philippines",
    "poland",
    "romania",
    "saudi-arabia",
    "singapore",
    "south-africa",
    "south-korea",
    "spain",
    "sweden",
    "switzerland",
    "thailand",
    "turkey",
    "ukraine",
    "united-arab-emirates",
    "united-kingdom",
    "united-states",
    "vietnam",
}
STATES = {2010: STATES_2010, 2012: STATES_2012, 2014: STATES_2014, 2016: STATES_2016}
ORGANIZATIONS = {
    2010: {"united-nations", "iaea", "european-union"},
    2012: {"united-nations", "iaea", "european-union", "interpol"},
    2014: {"united-nations", "iaea", "european-union", "interpol"},
    2016: {"united-nations", "iaea", "european-union", "interpol"},
}
COUNTS = {2010: (47, 3), 2012: (53, 4), 2014: (53, 4), 2016: (52, 4)}

# ISO 3166-1 alpha-2 of every state that took part, by slug (from ISO 3166-1 itself, not from our data).
ALPHA2 = {
    "algeria": "DZ",
    "argentina": "AR",
    "armenia": "AM",
    "australia": "AU",
    "azerbaijan": "AZ",
    "belgium": "BE",
    "brazil": "BR",
    "canada": "CA",
    "chile": "CL",
    "china": "CN",
    "czech-republic": "CZ",
    "denmark": "DK",
    "egypt": "EG",
    "finland": "FI",
    "france": "FR",
    "gabon": "GA",
    "georgia": "GE",
    "germany": "DE",
    "hungary": "HU",
    "india": "IN",
    "indonesia": "ID",
    "israel": "IL",
    "italy": "IT",
    "japan": "JP",
    "jordan": "JO",
    "kazakhstan": "KZ",
    "lithuania": "LT",
    "malaysia": "MY",
    "mexico": "MX",
    "morocco": "MA",
    "netherlands": "NL",
    "new-zealand": "NZ",
    "nigeria": "NG",
    "norway": "NO",
    "pakistan": "PK",
    "philippines": "PH",
    "poland": "PL",
    "romania": "RO",
    "russia": "RU",
    "saudi-arabia": "SA",
    "singapore": "SG",
    "south-africa": "ZA",
    "south-korea": "KR",
    "spain": "ES",
    "sweden": "SE",
    "switzerland": "CH",
    "thailand": "TH",
    "turkey": "TR",
    "ukraine": "UA",
    "united-arab-emirates": "AE",
    "united-kingdom": "GB",
    "united-states": "US",
    "vietnam": "VN",
}
# The four states the article names keep the article's Chinese names (test_facts.py checks them).
ARTICLE_STATES = {"czech-republic", "netherlands", "south-korea", "united-states"}
# States for which no Wikidata item was taken (docs/data-notes.md).
WITHOUT_WIKIDATA: set[str] = set()
# A few Wikidata items known independently of the table the data cites; and the nine that table lacked, copied
# by hand from the rows of Our World in Data's country table (code, name, ISO codes, item), e.g.
# "GEO,Georgia,GE,GEO,...,http://www.wikidata.org/entity/Q230,Georgia".
KNOWN_ITEMS = {
    "united-states": "Q30", "china": "Q148", "france": "Q142", "germany": "Q183", "japan": "Q17",
    "armenia": "Q399", "azerbaijan": "Q227", "belgium": "Q31", "gabon": "Q1000", "georgia": "Q230",
    "lithuania": "Q37", "russia": "Q159", "spain": "Q29", "ukraine": "Q212",
}  # fmt: skip


@pytest.fixture(scope="module")
def g() -> Graph:
    return nss_kg.graph()


def slugs(nodes: object, namespace: Namespace) -> set[str]:
    return {str(n).removeprefix(str(namespace)) for n in nodes if str(n).startswith(str(namespace))}  # type: ignore[attr-defined]


def test_the_tables_cross_check_as_the_state_department_says() -> None:
    assert (
        len(STATES_2010) == 47
        and len(STATES_2012) == 53
        and len(STATES_2014) == 53
        and len(STATES_2016) == 52
    )
    assert STATES_2012 - NEWCOMERS_2012 == STATES_2010
    assert STATES_2014 == STATES_2012
    assert STATES_2014 - {"russia"} == STATES_2016


@pytest.mark.parametrize("year", sorted(SUMMIT))
def test_participating_states(g: Graph, year: int) -> None:
    assert slugs(g.objects(SUMMIT[year], NSS.participant), STATE) == STATES[year]


@pytest.mark.parametrize("year", sorted(SUMMIT))
def test_participating_organizations(g: Graph, year: int) -> None:
    assert slugs(g.objects(SUMMIT[year], NSS.participant), ORGANIZATION) == ORGANIZATIONS[year]


@pytest.mark.parametrize("year", sorted(SUMMIT))
def test_listed_participants_equal_the_stated_counts(g: Graph, year: int) -> None:
    states, organizations = COUNTS[year]
    assert g.value(SUMMIT[year], NSS.participatingStateCount).toPython() == states  # type: ignore[union-attr]
    assert g.value(SUMMIT[year], NSS.participatingOrganizationCount).toPython() == organizations  # type: ignore[union-attr]
    assert len(STATES[year]) == states and len(ORGANIZATIONS[year]) == organizations


@pytest.mark.parametrize("year", sorted(SUMMIT))
def test_one_sourced_delegation_per_participant(g: Graph, year: int) -> None:
    delegations = set(g.subjects(NSS.atSummit, SUMMIT[year]))
    participants = [g.value(d, NSS.ofParticipant) for d in delegations]
    assert len(participants) == len(set(participants))
    assert set(participants) == set(g.objects(SUMMIT[year], NSS.participant))
    for delegation in delegations:
        assert (delegation, RDF.type, NSS.Delegation) in g
        assert list(g.objects(delegation, NSS.source)), delegation
        slug = str(g.value(delegation, NSS.ofParticipant)).rsplit("/", 1)[1]
        assert str(delegation) == f"{BASE}delegation/{str(SUMMIT[year]).rsplit('/', 1)[1]}-{slug}"


def test_seoul_participation_rests_on_the_state_department_list_too(g: Graph) -> None:
    key_facts = URIRef(BASE + "source/state-187208")
    for delegation in g.subjects(NSS.atSummit, SUMMIT[2012]):
        assert (delegation, NSS.source, key_facts) in g, delegation


def test_every_state_that_took_part_is_a_state_with_its_iso_codes(g: Graph) -> None:
    import pycountry

    states = slugs(g.subjects(RDF.type, NSS.SovereignState), STATE)
    assert states == set(ALPHA2) == set().union(*STATES.values())
    for slug, alpha2 in ALPHA2.items():
        country = pycountry.countries.get(alpha_2=alpha2)
        assert country is not None
        assert g.value(STATE[slug], NSS.isoAlpha2) == Literal(alpha2), slug
        assert g.value(STATE[slug], NSS.isoAlpha3) == Literal(country.alpha_3), slug


@pytest.mark.parametrize(("tag", "locale"), [("zh-Hant", "zh_Hant"), ("zh-Hans", "zh_Hans")])
def test_chinese_names_are_cldr_territory_names(g: Graph, tag: str, locale: str) -> None:
    from babel import Locale

    territories = Locale.parse(locale).territories
    for slug, alpha2 in ALPHA2.items():
        if slug in ARTICLE_STATES:
            continue
        names = [str(label) for label in g.objects(STATE[slug], RDFS.label) if label.language == tag]  # type: ignore[attr-defined]
        assert names == [territories[alpha2]], slug


def test_wikidata_items_of_states(g: Graph) -> None:
    wikidata = "http://www.wikidata.org/entity/"
    linked = {
        slug: [str(o) for o in g.objects(STATE[slug], OWL.sameAs) if str(o).startswith(wikidata)]
        for slug in ALPHA2
    }
    assert {slug for slug, items in linked.items() if not items} == WITHOUT_WIKIDATA
    assert all(len(items) <= 1 for items in linked.values())
    for slug, qid in KNOWN_ITEMS.items():
        assert linked[slug] == [wikidata + qid]
    assert len({items[0] for items in linked.values() if items}) == len(ALPHA2) - len(WITHOUT_WIKIDATA)


# --- The participation queries, against the hand-copied tables above --------------------------------------


def _participant(iri: object) -> str:
    return str(iri).rsplit("/", 1)[1]


def _attended(year: int) -> set[str]:
    return STATES[year] | ORGANIZATIONS[year]


def test_attendance_matrix() -> None:
    found = {_participant(r["participant"]): r for r in nss_kg.query("attendance").to_dicts()}
    everyone = set().union(*(_attended(year) for year in SUMMIT))
    assert set(found) == everyone
    assert len(found) == 57  # the 53 states of 2012 (2010's 47 and six newcomers) and 4 organizations
    for slug, row in found.items():
        assert [row[f"at{year}"] for year in sorted(SUMMIT)] == [slug in _attended(y) for y in sorted(SUMMIT)]
        assert row["summits"] == sum(slug in _attended(y) for y in SUMMIT)
        assert row["kind"] == ("state" if slug in STATES[2012] else "organization")
    assert [found["russia"][f"at{y}"] for y in sorted(SUMMIT)] == [True, True, True, False]
    assert [found["interpol"][f"at{y}"] for y in sorted(SUMMIT)] == [False, True, True, True]


def test_attendance_matrix_in_chinese() -> None:
    rows = nss_kg.query("attendance", lang="zh-Hant").to_dicts()
    found = {_participant(r["participant"]): r["participantLabel"] for r in rows}
    assert found["south-korea"] == "韓國"  # the article's name (its text writes [[韓國]])
    assert found["united-nations"] == "聯合國"


def test_states_at_every_summit() -> None:
    found = {_participant(r["participant"]) for r in nss_kg.query("every-summit").to_dicts()}
    # 2010's 47 states without Russia (absent in 2016), and the UN, IAEA and EU (INTERPOL came from 2012).
    assert found == (STATES_2010 - {"russia"}) | {"united-nations", "iaea", "european-union"}
    assert len(found) == 49


def test_newcomers_and_absentees() -> None:
    found = {
        (r["year"], r["change"], _participant(r["participant"]))
        for r in nss_kg.query("participation-changes").to_dicts()
    }
    assert found == {(2012, "joined", slug) for slug in NEWCOMERS_2012 | {"interpol"}} | {
        (2016, "absent", "russia")
    }
    assert nss_kg.query("participation-changes", year=2014).to_dicts() == []


# --- Heads of delegation, against the research notes' tables ------------------------------------------------

RESEARCH = Path(__file__).resolve().parent.parent / "docs" / "research"
#: Where the graph's head differs from the notes' cell, and why (each decided by hand from the notes' rows).
HEAD_DECISIONS: dict[tuple[int, str], str | None] = {
    # The honorific is not part of the name; the middle initial neither (as the other rows write him).
    (2010, "United Arab Emirates"): "Mohamed bin Zayed Al Nahyan",
    (2012, "United Arab Emirates"): "Mohamed bin Zayed Al Nahyan",
    (2014, "Philippines"): "Jejomar Binay",
    # Two EU leaders came: the graph names the President of the European Council, who represents the EU at
    # the level of heads of state (Treaty on European Union, art. 15(6)).
    (2012, "European Union"): "Herman Van Rompuy",
    (2014, "European Union"): "Herman Van Rompuy",
    (2016, "European Union"): "Donald Tusk",
}


def _research_heads() -> dict[tuple[int, str], str | None]:
    """(year, participant) → the head the notes name, None where they name none ("not found" and the like)."""
    heads: dict[tuple[int, str], str | None] = {}
    for path in sorted(RESEARCH.glob("participants-*.md")):
        year = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                found = re.match(r"## (\d{4}) participants", line)
                year = int(found.group(1)) if found else None
            elif year and line.startswith("| ") and line.split("|")[1].strip().isdigit():
                cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
                name = cells[3]
                heads[(year, cells[1])] = None if name.lower().startswith("not ") or name == "—" else name
    return heads


def test_heads_of_delegation_are_those_the_research_notes_name() -> None:
    notes = {**_research_heads(), **HEAD_DECISIONS}
    found = {
        (r["year"], r["participantLabel"]): r.get("head") for r in nss_kg.query("delegation-heads").to_dicts()
    }
    # The notes write "South Korea (Republic of Korea)".
    notes = {(year, name.split(" (")[0]): head for (year, name), head in notes.items()}
    assert found == notes
    assert sum(head is not None for head in found.values()) == 215


def test_a_persons_delegations_are_the_rows_that_name_them() -> None:
    """The article names the hosts: Obama in 2010 and 2016, Lee Myung-bak in 2012; each led their state's
    delegation then. ``person=`` keeps exactly the rows of the unfiltered query that name the person."""
    every = nss_kg.query("delegation-heads").to_dicts()
    for person, hosted in [
        ("barack-obama", {(2010, "united-states"), (2016, "united-states")}),
        ("lee-myung-bak", {(2012, "south-korea")}),
    ]:
        iri = "https://w3id.org/nss-kg/person/" + person
        found = nss_kg.query("delegation-heads", {"person": "person:" + person}).to_dicts()
        assert found == [r for r in every if str(r.get("person")) == iri]
        assert hosted <= {(r["year"], str(r["participant"]).rsplit("/", 1)[1]) for r in found}
    assert nss_kg.query("delegation-heads", {"person": "person:nobody"}).to_dicts() == []
