"""Seeded breakage for the synthetic graphs (benchmarks/synthetic.py): eighteen kinds of error a user's data
can carry — a missing or second label, a name in the wrong script, editions missing, doubled or mistyped,
dates ill-typed or out of order, counts that are no counts, a summit following another series, fewer states
counted than listed, malformed links, a fact's annotation cut loose — each made at a few places chosen by a
seeded random generator, so that validation at scale has results to report and engines to disagree on.

    python benchmarks/breakage.py /tmp/synthetic-200k.ttl --per-kind 10 --seed 1 --output /tmp/broken.nt
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

NSS = Namespace("https://w3id.org/nss-kg/ontology#")


def _some(rng: random.Random, graph: Graph, cls: URIRef, count: int) -> list[Node]:
    """``count`` instances of ``cls`` (fewer if there are fewer), the same for the same seed."""
    nodes = sorted(set(graph.subjects(RDF.type, cls)), key=str)
    return rng.sample(nodes, min(count, len(nodes)))


def _labelled(rng: random.Random, graph: Graph, count: int, language: str) -> list[tuple[Node, Literal]]:
    labels = graph.subject_objects(RDFS.label)
    wanted = language.lower()
    pairs = sorted(
        ((s, o) for s, o in labels if isinstance(o, Literal) and (o.language or "").lower() == wanted),
        key=str,
    )
    return rng.sample(pairs, min(count, len(pairs)))


def no_english_label(rng: random.Random, graph: Graph, count: int) -> None:
    for subject, label in _labelled(rng, graph, count, "en"):
        graph.remove((subject, RDFS.label, label))


def second_english_label(rng: random.Random, graph: Graph, count: int) -> None:
    for subject, label in _labelled(rng, graph, count, "en"):
        graph.add((subject, RDFS.label, Literal(f"{label} (again)", lang="en")))


def simplified_in_traditional(rng: random.Random, graph: Graph, count: int) -> None:
    for subject, label in _labelled(rng, graph, count, "zh-Hant"):
        graph.remove((subject, RDFS.label, label))
        graph.add((subject, RDFS.label, Literal(f"{label}们", lang="zh-Hant")))  # 们: Simplified only


def traditional_in_simplified(rng: random.Random, graph: Graph, count: int) -> None:
    for subject, label in _labelled(rng, graph, count, "zh-Hans"):
        graph.remove((subject, RDFS.label, label))
        graph.add((subject, RDFS.label, Literal(f"{label}們", lang="zh-Hans")))  # 們: Traditional only


def no_edition(rng: random.Random, graph: Graph, count: int) -> None:
    for summit in _some(rng, graph, NSS.Summit, count):
        graph.remove((summit, NSS.edition, None))


def string_edition(rng: random.Random, graph: Graph, count: int) -> None:
    for summit in _some(rng, graph, NSS.Summit, count):
        edition = graph.value(summit, NSS.edition)
        graph.set((summit, NSS.edition, Literal(str(edition))))


def edition_zero(rng: random.Random, graph: Graph, count: int) -> None:
    for summit in _some(rng, graph, NSS.Summit, count):
        graph.set((summit, NSS.edition, Literal("0", datatype=XSD.positiveInteger)))


def doubled_edition(rng: random.Random, graph: Graph, count: int) -> None:
    for summit in _some(rng, graph, NSS.Summit, count):
        previous = graph.value(summit, NSS.follows)
        if previous is not None:
            graph.set((summit, NSS.edition, graph.value(previous, NSS.edition)))


def ill_typed_start(rng: random.Random, graph: Graph, count: int) -> None:
    for summit in _some(rng, graph, NSS.Summit, count):
        graph.set((summit, NSS.startDate, Literal("2010-13-45", datatype=XSD.date)))


def end_before_start(rng: random.Random, graph: Graph, count: int) -> None:
    for summit in _some(rng, graph, NSS.Summit, count):
        start, end = graph.value(summit, NSS.startDate), graph.value(summit, NSS.endDate)
        if start is not None and end is not None and start != end:
            graph.set((summit, NSS.startDate, end))
            graph.set((summit, NSS.endDate, start))


def count_not_a_number(rng: random.Random, graph: Graph, count: int) -> None:
    for summit in _some(rng, graph, NSS.Summit, count):
        graph.set((summit, NSS.participatingStateCount, Literal("many", datatype=XSD.nonNegativeInteger)))


def negative_count(rng: random.Random, graph: Graph, count: int) -> None:
    for summit in _some(rng, graph, NSS.Summit, count):
        graph.set((summit, NSS.participatingOrganizationCount, Literal("-1", datatype=XSD.integer)))


def follows_another_series(rng: random.Random, graph: Graph, count: int) -> None:
    summits = sorted(set(graph.subjects(RDF.type, NSS.Summit)), key=str)
    for summit in _some(rng, graph, NSS.Summit, count):
        series = graph.value(summit, NSS.partOfSeries)
        others = [s for s in summits if graph.value(s, NSS.partOfSeries) != series]
        if others:
            graph.add((summit, NSS.follows, rng.choice(others)))


def count_below_participants(rng: random.Random, graph: Graph, count: int) -> None:
    for summit in _some(rng, graph, NSS.Summit, count):
        graph.set((summit, NSS.participatingStateCount, Literal("0", datatype=XSD.nonNegativeInteger)))


def wikidata_page_link(rng: random.Random, graph: Graph, count: int) -> None:
    links = sorted(
        (s, o)
        for s, o in graph.subject_objects(OWL.sameAs)
        if str(o).startswith("http://www.wikidata.org/entity/")
    )
    for subject, link in rng.sample(links, min(count, len(links))):
        graph.remove((subject, OWL.sameAs, link))
        graph.add(
            (
                subject,
                OWL.sameAs,
                URIRef(
                    str(link).replace("http://www.wikidata.org/entity/", "https://www.wikidata.org/wiki/")
                ),
            )
        )


def no_source(rng: random.Random, graph: Graph, count: int) -> None:
    subjects = sorted(set(graph.subjects(NSS.source, None)), key=str)
    for subject in rng.sample(subjects, min(count, len(subjects))):
        graph.remove((subject, NSS.source, None))


def axiom_without_property(rng: random.Random, graph: Graph, count: int) -> None:
    for axiom in _some(rng, graph, OWL.Axiom, count):
        graph.remove((axiom, OWL.annotatedProperty, None))


def city_in_no_state(rng: random.Random, graph: Graph, count: int) -> None:
    for city in _some(rng, graph, NSS.City, count):
        graph.remove((city, NSS.locatedIn, None))


KINDS: dict[str, Callable[[random.Random, Graph, int], None]] = {
    f.__name__: f
    for f in (
        no_english_label,
        second_english_label,
        simplified_in_traditional,
        traditional_in_simplified,
        no_edition,
        string_edition,
        edition_zero,
        doubled_edition,
        ill_typed_start,
        end_before_start,
        count_not_a_number,
        negative_count,
        follows_another_series,
        count_below_participants,
        wikidata_page_link,
        no_source,
        axiom_without_property,
        city_in_no_state,
    )
}


def break_graph(graph: Graph, per_kind: int, seed: int = 0) -> None:
    """Make every kind of breakage at ``per_kind`` places of ``graph`` (in place), the same for one seed."""
    rng = random.Random(seed)
    for kind in KINDS.values():
        kind(rng, graph, per_kind)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("synthetic", type=Path, help="a graph (Turtle) from benchmarks/synthetic.py")
    parser.add_argument("--per-kind", type=int, default=1, help="places broken of each kind (default 1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, required=True, help="the broken graph, as N-Triples")
    args = parser.parse_args(argv)
    graph = Graph().parse(args.synthetic, format="turtle")
    break_graph(graph, args.per_kind, args.seed)
    graph.serialize(args.output, format="nt", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
