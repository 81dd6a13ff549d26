"""A seeded generator of synthetic nss-kg data: more series, summits, states, cities, leaders, offices,
participants, commitments, topics and sources, in the shape of the packaged graph.

The generated Turtle holds data only. Together with the packaged ontology (and the packaged data, which it
neither refers to nor repeats) it conforms to ``ontology/shapes.ttl`` at every size: every resource has
labels in en, zh-Hant and zh-Hans, sources, Wikidata/DBpedia links of the right patterns; editions run from
1 without gaps in each series, ``follows``/``followedBy`` agree with editions and dates; host cities lie in
host states, host leaders hold the host state's office; listed participants never exceed stated counts;
commitments are fulfilled only by later summits; facts from "other sources" carry ``owl:Axiom``
annotations of facts that are in the graph.

Everything scales with the number of series (about ten summits each), so the mix of classes — and so the
cost of each query and shape per triple — is the same at every size. The same ``(triples, seed)`` always
gives the same bytes.

    python benchmarks/synthetic.py --triples 100000 --seed 1 --output /tmp/synthetic-100k.ttl
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

BASE = "https://w3id.org/nss-kg/"

PREFIXES = {
    "city": BASE + "city/",
    "commitment": BASE + "commitment/",
    "dbr": "http://dbpedia.org/resource/",
    "dcterms": "http://purl.org/dc/terms/",
    "nss": BASE + "ontology#",
    "office": BASE + "office/",
    "organization": BASE + "organization/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "person": BASE + "person/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "scheme": BASE + "scheme/",
    "series": BASE + "series/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "source": BASE + "source/",
    "speech": BASE + "speech/",
    "state": BASE + "state/",
    "summit": BASE + "summit/",
    "topic": BASE + "topic/",
    "wd": "http://www.wikidata.org/entity/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: Per series: summits, and the pools of other resources, which grow with the number of series.
SUMMITS_PER_SERIES = 10
STATES_PER_SERIES = 4
CITIES_PER_STATE = 2
LEADERS_PER_STATE = 2
ORGANIZATIONS_PER_SERIES = 1
SOURCES_PER_SERIES = 8
TOPICS_PER_SERIES = 2
COMMITMENTS_PER_SUMMIT = 5
COMMITMENTS_PER_SPEECH = 3
STATE_PARTICIPANTS = 10
ORGANIZATION_PARTICIPANTS = 2
#: Fixed minimum pools, so that a small graph still has some choice.
MIN_STATES = 20
MIN_ORGANIZATIONS = 5
MIN_SOURCES = 10
MIN_TOPICS = 8
TOPICS_PER_SCHEME = 50

Pair = tuple[str, str]


def _labels(en: str, hant: str, hans: str, predicate: str = "rdfs:label") -> list[Pair]:
    return [(predicate, f'"{en}"@en'), (predicate, f'"{hant}"@zh-Hant'), (predicate, f'"{hans}"@zh-Hans')]


def _date(year: int, month: int, day: int) -> str:
    return f'"{year:04d}-{month:02d}-{day:02d}"^^xsd:date'


@dataclass
class _Writer:
    """Writes subject blocks of Turtle and counts their triples."""

    out: TextIO | None
    triples: int = 0
    wikidata: int = 10_000_000

    def block(self, subject: str, pairs: list[Pair]) -> None:
        self.triples += len(pairs)
        if self.out is not None:
            body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
            self.out.write(f"{subject}\n    {body} .\n\n")

    def wikidata_link(self) -> Pair:
        # Unique entity numbers, well above the ones the packaged data links to.
        self.wikidata += 1
        return ("owl:sameAs", f"wd:Q{self.wikidata}")


@dataclass
class _World:
    """The pools every series draws from; all lists, so the order (and so the output) is deterministic."""

    states: list[str] = field(default_factory=list)
    cities: dict[str, list[str]] = field(default_factory=dict)
    office: dict[str, str] = field(default_factory=dict)
    leaders: dict[str, list[str]] = field(default_factory=dict)
    organizations: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def _sources(rng: random.Random, w: _Writer, world: _World, count: int) -> None:
    for i in range(count):
        iri = f"source:synthetic-{i}"
        pairs = [("a", "nss:SourceDocument")]
        pairs += _labels(f"Synthetic source {i}", f"合成來源{i}", f"合成来源{i}")
        pairs.append(("nss:url", f'"https://example.org/nss-kg/source/{i}"^^xsd:anyURI'))
        if rng.random() < 0.2:
            month = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}"
            pairs.append(("nss:deadLinkSince", f'"{month}"^^xsd:gYearMonth'))
        if i > 0:
            pairs.append(("nss:source", "source:synthetic-0"))
        w.block(iri, pairs)
        world.sources.append(iri)


def _sourced(rng: random.Random, world: _World, count: int = 1) -> list[Pair]:
    return [("nss:source", iri) for iri in rng.sample(world.sources, count)]


def _entity(
    rng: random.Random,
    w: _Writer,
    world: _World,
    iri: str,
    kind: str,
    names: tuple[str, str, str],
    links: list[Pair],
) -> None:
    """One typed, labelled, linked and sourced entity: the shape every state, city, office, person and
    organization shares."""
    w.block(iri, [("a", kind), *_labels(*names), *links, *_sourced(rng, world)])


def _topics(rng: random.Random, w: _Writer, world: _World, count: int) -> None:
    schemes = (count + TOPICS_PER_SCHEME - 1) // TOPICS_PER_SCHEME
    for k in range(schemes):
        pairs = [("a", "skos:ConceptScheme")]
        pairs += _labels(f"Synthetic topics {k}", f"合成議題{k}", f"合成议题{k}")
        pairs += _labels(f"Synthetic topics {k}", f"合成議題{k}", f"合成议题{k}", "skos:prefLabel")
        w.block(f"scheme:synthetic-{k}", pairs)
    for i in range(count):
        iri = f"topic:synthetic-{i}"
        pairs = [("a", "nss:Topic")]
        pairs += _labels(f"synthetic topic {i}", f"合成議題{i}", f"合成议题{i}")
        pairs += _labels(f"synthetic topic {i}", f"合成議題{i}", f"合成议题{i}", "skos:prefLabel")
        pairs.append(("skos:inScheme", f"scheme:synthetic-{i // TOPICS_PER_SCHEME}"))
        w.block(iri, pairs)
        world.topics.append(iri)


def _places_and_people(rng: random.Random, w: _Writer, world: _World, states: int) -> None:
    for i in range(states):
        state = f"state:synthetic-{i}"
        names = (f"Synthetic State {i}", f"合成國{i}", f"合成国{i}")
        links = [w.wikidata_link(), ("owl:sameAs", f"dbr:Synthetic_State_{i}")]
        _entity(rng, w, world, state, "nss:SovereignState", names, links)
        world.states.append(state)
        world.cities[state] = []
        for j in range(CITIES_PER_STATE):
            city = f"city:synthetic-{i}-{j}"
            names = (f"Synthetic City {i}-{j}", f"合成城市{i}之{j}", f"合成城市{i}之{j}")
            _entity(rng, w, world, city, "nss:City", names, [("nss:locatedIn", state), w.wikidata_link()])
            world.cities[state].append(city)
        office = f"office:synthetic-head-of-state-{i}"
        names = (f"Head of Synthetic State {i}", f"合成國{i}元首", f"合成国{i}元首")
        _entity(rng, w, world, office, "nss:Office", names, [("nss:officeOf", state)])
        world.office[state] = office
        world.leaders[state] = []
        for j in range(LEADERS_PER_STATE):
            person = f"person:synthetic-{i}-{j}"
            names = (f"Synthetic Leader {i}-{j}", f"合成領袖{i}之{j}", f"合成领袖{i}之{j}")
            _entity(
                rng, w, world, person, "nss:Person", names, [("nss:holdsOffice", office), w.wikidata_link()]
            )
            world.leaders[state].append(person)


def _organizations(rng: random.Random, w: _Writer, world: _World, count: int) -> None:
    for i in range(count):
        iri = f"organization:synthetic-{i}"
        names = (f"Synthetic Organization {i}", f"合成組織{i}", f"合成组织{i}")
        links = [w.wikidata_link(), ("owl:sameAs", f"dbr:Synthetic_Organization_{i}")]
        _entity(rng, w, world, iri, "nss:InternationalOrganization", names, links)
        world.organizations.append(iri)


@dataclass(frozen=True)
class _Event:
    iri: str
    start: tuple[int, int, int]
    end: tuple[int, int, int]


def _commitment(
    rng: random.Random,
    w: _Writer,
    world: _World,
    iri: str,
    made_at: _Event,
    later: list[_Event],
    made_by: str | None,
) -> None:
    pairs = [("a", "nss:Commitment")]
    n = iri.rsplit("/", 1)[-1].split(":", 1)[-1]
    pairs += _labels(f"Synthetic commitment {n}", f"合成承諾{n}", f"合成承诺{n}")
    pairs.append(("nss:quotation", f'"合成承諾原文{n}"@zh-Hant'))
    pairs.append(("nss:madeAt", made_at.iri))
    if made_by is not None:
        pairs.append(("nss:madeBy", made_by))
    for topic in rng.sample(world.topics, rng.choice((1, 1, 2))):
        pairs.append(("nss:concerns", topic))
    if later and rng.random() < 0.3:
        pairs.append(("nss:fulfilledBy", rng.choice(later).iri))
    pairs += _sourced(rng, world, 2)
    w.block(iri, pairs)


def _series(rng: random.Random, w: _Writer, world: _World, k: int) -> None:
    series = f"series:synthetic-{k}"
    first_year = rng.randint(1950, 2040)
    speech_state = rng.choice(world.states)
    speech = _Event(f"speech:synthetic-{k}", (first_year - 1, 4, 5), (first_year - 1, 4, 5))
    pairs = [("a", "nss:SummitSeries")]
    pairs += _labels(f"Synthetic Summit Series {k}", f"合成峰會系列{k}", f"合成峰会系列{k}")
    pairs += [("nss:abbreviation", f'"SSS{k}"'), ("nss:formationYear", f'"{first_year:04d}"^^xsd:gYear')]
    pairs += _labels(f"Purpose of series {k}.", f"系列{k}的宗旨。", f"系列{k}的宗旨。", "nss:purpose")
    pairs += [("nss:originatedIn", speech.iri), w.wikidata_link()]
    pairs += _sourced(rng, world, 2)
    w.block(series, pairs)

    pairs = [("a", "nss:Speech")]
    pairs += _labels(f"Synthetic speech {k}", f"合成演講{k}", f"合成演讲{k}")
    pairs += [
        ("nss:speaker", rng.choice(world.leaders[speech_state])),
        ("nss:speechPlace", rng.choice(world.cities[speech_state])),
        ("nss:startDate", _date(*speech.start)),
        ("nss:endDate", _date(*speech.end)),
    ]
    pairs += _labels(f"Key message {k}.", f"要點{k}。", f"要点{k}。", "nss:keyMessage")
    pairs += _sourced(rng, world)
    w.block(speech.iri, pairs)

    summits = []
    for e in range(1, SUMMITS_PER_SERIES + 1):
        year, month, day = first_year + 2 * (e - 1), rng.randint(1, 12), rng.randint(1, 26)
        end = (year, month, day + rng.randint(0, 2))
        summits.append(_Event(f"summit:synthetic-{k}-{e}", (year, month, day), end))
    for e, summit in enumerate(summits, start=1):
        state = rng.choice(world.states)
        states = rng.sample(world.states, STATE_PARTICIPANTS)
        organizations = rng.sample(world.organizations, ORGANIZATION_PARTICIPANTS)
        venue = f'"Synthetic Convention Center {k}-{e}"@en'
        pairs = [("a", "nss:Summit")]
        pairs += _labels(f"Synthetic Summit {k}-{e}", f"合成峰會{k}之{e}", f"合成峰会{k}之{e}")
        pairs += [
            ("nss:partOfSeries", series),
            ("nss:edition", f'"{e}"^^xsd:positiveInteger'),
            ("nss:startDate", _date(*summit.start)),
            ("nss:endDate", _date(*summit.end)),
            ("nss:hostState", state),
            ("nss:hostCity", rng.choice(world.cities[state])),
            ("nss:hostLeader", rng.choice(world.leaders[state])),
            ("nss:hostLeaderOffice", world.office[state]),
        ]
        if e > 1:
            pairs.append(("nss:follows", summits[e - 2].iri))
        if e < len(summits):
            pairs.append(("nss:followedBy", summits[e].iri))
        pairs += [
            ("nss:participatingStateCount", f'"{len(states) + rng.randint(0, 40)}"^^xsd:nonNegativeInteger'),
            (
                "nss:participatingOrganizationCount",
                f'"{len(organizations) + rng.randint(0, 3)}"^^xsd:nonNegativeInteger',
            ),
        ]
        pairs += [("nss:participant", p) for p in states + organizations]
        pairs += [("nss:venue", venue), w.wikidata_link(), ("owl:sameAs", f"dbr:Synthetic_Summit_{k}_{e}")]
        pairs += _sourced(rng, world, 2)
        w.block(summit.iri, pairs)
        # Facts from "other sources": the venue and one participant, as owl:Axiom annotations.
        for prop, target in (("nss:venue", venue), ("nss:participant", organizations[0])):
            w.block(
                "[]",
                [
                    ("a", "owl:Axiom"),
                    ("owl:annotatedSource", summit.iri),
                    ("owl:annotatedProperty", prop),
                    ("owl:annotatedTarget", target),
                    ("dcterms:source", rng.choice(world.sources)),
                ],
            )

    for c in range(COMMITMENTS_PER_SPEECH):
        iri = f"commitment:synthetic-{k}-0-{c}"
        _commitment(rng, w, world, iri, speech, summits, rng.choice(world.leaders[speech_state]))
    for e, summit in enumerate(summits, start=1):
        for c in range(COMMITMENTS_PER_SUMMIT):
            made_by = rng.choice([*world.states, *world.organizations]) if c == 0 else None
            iri = f"commitment:synthetic-{k}-{e}-{c}"
            _commitment(rng, w, world, iri, summit, summits[e:], made_by)


def _generate(out: TextIO | None, series: int, seed: int) -> int:
    rng = random.Random(seed)
    w = _Writer(out)
    if out is not None:
        out.write(f"# Synthetic nss-kg data: {series} series, seed {seed} (benchmarks/synthetic.py).\n\n")
        out.writelines(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
        out.write("\n")
    world = _World()
    _sources(rng, w, world, max(MIN_SOURCES, SOURCES_PER_SERIES * series))
    _topics(rng, w, world, max(MIN_TOPICS, TOPICS_PER_SERIES * series))
    _places_and_people(rng, w, world, max(MIN_STATES, STATES_PER_SERIES * series))
    _organizations(rng, w, world, max(MIN_ORGANIZATIONS, ORGANIZATIONS_PER_SERIES * series))
    for k in range(series):
        _series(rng, w, world, k)
    return w.triples


def series_for(triples: int) -> int:
    """How many series make about ``triples`` triples (at least one)."""
    # The fixed minimum pools make small graphs a little larger per series: measure, then scale.
    base = _generate(None, 1, 0)
    per_series = _generate(None, 11, 0) - _generate(None, 10, 0) if triples > base else base
    return max(1, round((triples - base) / per_series) + 1)


def series_triples(series: int) -> int:
    """About how many triples ``series`` series make (``generate`` makes exactly that many series of them)."""
    return _generate(None, series, 0)


def generate(out: TextIO, triples: int, seed: int = 0) -> int:
    """Write about ``triples`` triples of synthetic data as Turtle to ``out``; return the exact count."""
    return _generate(out, series_for(triples), seed)


def write(path: str | Path, triples: int, seed: int = 0) -> int:
    """Write the synthetic data to ``path`` (UTF-8 Turtle); return its number of triples."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        return generate(out, triples, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000, help="about how many triples (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--output", "-o", help="Turtle file to write (default: standard output)")
    args = parser.parse_args(argv)
    if args.output:
        count = write(args.output, args.triples, args.seed)
    else:
        count = generate(sys.stdout, args.triples, args.seed)
    print(f"{count} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
