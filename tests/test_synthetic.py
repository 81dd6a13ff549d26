"""The benchmarks' synthetic graph generator: the same seed gives the same bytes, and what it generates
conforms to the packaged shapes together with the packaged graph (so the benchmarks validate, query and load
graphs that are valid nss-kg data, not noise). Small sizes only: this must stay fast."""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import synthetic

import nss_kg
from nss_kg.namespaces import BASE_IRI

if TYPE_CHECKING:
    from pyoxigraph import Store


def generated(triples: int, seed: int) -> tuple[str, int]:
    out = io.StringIO()
    count = synthetic.generate(out, triples, seed)
    return out.getvalue(), count


def test_same_seed_same_bytes() -> None:
    first, count = generated(3000, seed=7)
    second, again = generated(3000, seed=7)
    assert first == second
    assert count == again


def test_another_seed_another_graph() -> None:
    assert generated(3000, seed=7)[0] != generated(3000, seed=8)[0]


@pytest.mark.parametrize("target", [3000, 30_000])
def test_size_is_close_to_the_target(target: int) -> None:
    count = synthetic._generate(None, synthetic.series_for(target), 0)
    assert abs(count - target) / target < 0.1


def test_the_count_is_the_number_of_triples(tmp_path: Path) -> None:
    from pyoxigraph import RdfFormat, parse

    path = tmp_path / "synthetic.ttl"
    count = synthetic.write(path, 3000, seed=3)
    assert len({quad.triple for quad in parse(path=str(path), format=RdfFormat.TURTLE)}) == count


def test_a_small_graph_conforms_to_the_shapes(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.ttl"
    synthetic.write(path, 2000, seed=1)
    report = nss_kg.validate([path], with_data=True)
    assert report.conforms, [(str(r.focus_node), str(r.source_shape)) for r in report.results[:5]]


def test_quality_queries_find_nothing(tmp_path: Path) -> None:
    """The data-quality queries (``*-violation``) return no rows on the packaged graph plus synthetic data."""
    from nss_kg import catalogue
    from nss_kg.engines.embedded import EmbeddedEngine

    engine = EmbeddedEngine(_synthetic_store(tmp_path))
    for name, info in catalogue.catalogue().items():
        if name.endswith("-violation"):
            assert engine.execute(info, {}).rows() == [], name


PARAMETERS: list[tuple[str, dict[str, object]]] = [
    ("summits", {}),
    ("summits", {"lang": "zh-Hant"}),
    ("summit", {"year": 2012}),
    ("summit", {"edition": 3, "lang": "zh-Hans"}),
    ("commitments", {}),
    ("commitments", {"year": 2010, "topic": "topic:nuclear-terrorism"}),
    ("provenance", {}),
    ("provenance", {"entity": "summit:2012-seoul"}),
    ("timeline", {"series": "series:nss"}),
    ("label", {"entity": "summit:2010-washington", "lang": "zh-Hant"}),
    ("dead-links", {}),
    ("host-leaders", {}),
    ("host-states", {"lang": "zh-Hans"}),
]


@pytest.mark.parametrize(("name", "params"), PARAMETERS)
def test_prebinding_gives_the_same_rows(tmp_path: Path, name: str, params: dict[str, object]) -> None:
    """The embedded engine writes bound parameters into the query (nss_kg.engines.prebinding), because
    Oxigraph plans that far better (docs/benchmarks.md): on the packaged graph plus synthetic data, the
    rewritten query must give exactly the rows of the query as bound, with its VALUES block."""
    from pyoxigraph import QueryResultsFormat

    from nss_kg import binding, catalogue
    from nss_kg.engines import prebinding

    store = _synthetic_store(tmp_path)
    info = catalogue.packaged(name)
    text = binding.bind(info, params)
    inlined = prebinding.inline(info.text, binding.bindings(info, params))
    assert inlined is not None
    assert "VALUES" not in inlined
    bound = store.query(text).serialize(format=QueryResultsFormat.TSV)
    assert store.query(inlined).serialize(format=QueryResultsFormat.TSV) == bound
    assert bound.count(b"\n") > 1


def test_prebinding_leaves_other_queries_alone() -> None:
    """Where writing the terms in place would not be the same query, there is no inlined text."""
    from nss_kg import binding, catalogue
    from nss_kg.engines import prebinding

    nested = catalogue.read_query(
        "nested", "SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?__lang } }", origin="nested"
    )
    projected = catalogue.read_query("projected", "SELECT * WHERE { ?s ?p ?__lang }", origin="projected")
    ordered = catalogue.read_query(
        "ordered", "SELECT ?s WHERE { ?s ?p ?__x } ORDER BY ?__x", origin="ordered"
    )
    for info in (nested, projected, ordered):
        assert prebinding.inline(info.text, binding.bindings(info, {info.parameters[0].name: "v"})) is None


def _synthetic_store(tmp_path: Path) -> Store:
    from pyoxigraph import RdfFormat, Store

    from nss_kg import resources

    path = tmp_path / "synthetic.ttl"
    synthetic.write(path, 2000, seed=1)
    store = Store()
    for file in resources.graph_files():
        store.bulk_load(path=file, format=RdfFormat.TURTLE, base_iri=BASE_IRI)
    store.bulk_load(path=str(path), format=RdfFormat.TURTLE)
    return store


@pytest.mark.slow
def test_every_kind_of_breakage_breaks_something_validation_sees() -> None:
    """Each kind changes the graph, and the broken graph fails validation where the whole one conforms."""
    import breakage
    from rdflib import Graph

    text, _ = generated(4000, 1)
    whole = Graph().parse(data=text, format="turtle")
    for name, kind in breakage.KINDS.items():
        broken = Graph() + whole
        kind(random.Random(1), broken, 1)
        assert set(broken) != set(whole), name
    broken = Graph() + whole
    breakage.break_graph(broken, 1, seed=1)
    assert nss_kg.validate(data=whole, with_data=True).conforms
    assert len(nss_kg.validate(data=broken, with_data=True).source_shapes()) >= 15
