"""The benchmarks' synthetic graph generator: the same seed gives the same bytes, and what it generates
conforms to the packaged shapes together with the packaged graph (so the benchmarks validate, query and load
graphs that are valid nss-kg data, not noise). Small sizes only: this must stay fast."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import synthetic

import nss_kg


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
    from pyoxigraph import RdfFormat, Store

    from nss_kg import binding, catalogue, resources
    from nss_kg.engines.embedded import EmbeddedEngine

    path = tmp_path / "synthetic.ttl"
    synthetic.write(path, 2000, seed=1)
    store = Store()
    for file in resources.graph_files():
        store.bulk_load(input=file.read_bytes(), format=RdfFormat.TURTLE, base_iri=resources.BASE_IRI)
    store.bulk_load(path=str(path), format=RdfFormat.TURTLE)
    engine = EmbeddedEngine(store)
    for name, info in catalogue.catalogue().items():
        if name.endswith("-violation"):
            assert engine.execute(binding.bind(info, {}), info.form).rows() == [], name
