"""The summits' succession constraints cost the same per summit however many summits there are.

Counted, not timed (benchmarks/run.py times them): on synthetic graphs of one and of three series
(benchmarks/synthetic.py), the rows each UNION branch of a constraint yields when it is evaluated on its own
for one summit, as SPARQL's bottom-up semantics has it and as Oxigraph and Jena evaluate it. Written as
``$this nss:follows ?value . { $this nss:partOfSeries ?series . ?value nss:partOfSeries ?other } UNION …``,
a branch pairs the summit with every summit of every other series; with the link joined inside each branch
it yields one row per link. EditionConsecutiveShape's anti-join is an OPTIONAL whose FILTER is the left
join's condition (a keyed hash join) rather than a FILTER NOT EXISTS evaluated once per row.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, SH, Graph, Namespace, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import QueryContext

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import synthetic

from nss_kg.namespaces import NAMESPACE
from nss_kg.validation import SHAPES_NAMESPACE, _shapes

NSS = Namespace(NAMESPACE)
SHAPE = Namespace(SHAPES_NAMESPACE)
PREFIXES = {"nss": NSS, "xsd": Namespace("http://www.w3.org/2001/XMLSchema#")}


def synthetic_graph(series: int) -> Graph:
    out = io.StringIO()
    synthetic.generate(out, synthetic.series_triples(series), seed=3)
    return Graph().parse(data=out.getvalue(), format="turtle")


def constraint(shape: str) -> CompValue:
    select = _shapes().value(_shapes().value(SHAPE[shape], SH.sparql), SH.select)
    return prepareQuery(str(select), initNs=PREFIXES).algebra


def branches(node: object) -> Iterator[CompValue]:
    """The operands of every UNION in the algebra, nested UNIONs flattened."""
    if isinstance(node, CompValue):
        if node.name == "Union":
            for side in (node.p1, node.p2):
                if isinstance(side, CompValue) and side.name == "Union":
                    yield from branches(side)
                else:
                    yield side
            return
        for value in node.values():
            yield from branches(value)


def rows_per_summit(graph: Graph, shape: str) -> float:
    summits = sorted(graph.subjects(RDF.type, NSS.Summit))
    parts = list(branches(constraint(shape)))
    assert len(parts) == 3, shape
    rows = 0
    for summit in summits:
        context = QueryContext(graph, initBindings={Variable("this"): summit})
        rows += sum(1 for part in parts for _ in evalPart(context, part))
    return rows / len(summits)


@pytest.fixture(scope="module")
def graphs() -> tuple[Graph, Graph]:
    small, large = synthetic_graph(1), synthetic_graph(3)
    counts = [len(set(g.subjects(RDF.type, NSS.Summit))) for g in (small, large)]
    assert counts[1] == 3 * counts[0] > 0
    return small, large


@pytest.mark.parametrize("shape", ["FollowsShape", "FollowedByShape"])
def test_branch_rows_per_summit_do_not_grow(graphs: tuple[Graph, Graph], shape: str) -> None:
    small, large = graphs
    assert rows_per_summit(large, shape) == rows_per_summit(small, shape)


def test_edition_gaps_are_a_left_join_not_a_filter_per_row() -> None:
    algebra = str(constraint("EditionConsecutiveShape"))
    assert "notexists" not in algebra.lower()
    assert "LeftJoin" in algebra
