"""The generated documentation (docs/, the JSON-LD context, the README's query table) matches the graph."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import OWL, RDF, RDFS, URIRef

from nss_kg.graphs import graph, ontology
from nss_kg.namespaces import NAMESPACE

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PNG = b"\x89PNG\r\n\x1a\n"


def _build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("nss_kg_docs_build", DOCS / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


build = _build()


def _classes() -> list[URIRef]:
    return sorted(
        c
        for c in ontology().subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and c.startswith(NAMESPACE)
    )


def test_picture_sources_match_the_packaged_graph() -> None:
    """The .dot and .csv the pictures are drawn from are what the graph gives now: else run docs/build.py."""
    whole = graph()
    assert (DOCS / "ontology-diagram.dot").read_text(encoding="utf-8") == build.diagram_dot(
        build.diagram(whole)
    )
    assert (DOCS / "summits-timeline.csv").read_text(encoding="utf-8") == build.timeline_csv(
        build.timeline(whole)
    )


def test_every_generated_text_file_matches_the_checkout() -> None:
    """What `python docs/build.py --check` checks: context, picture sources and the README's query table."""
    ontology_graph, whole = build.load(ROOT)
    stale = [
        str(path.relative_to(ROOT))
        for path, text in build.texts(ROOT, ontology_graph, whole).items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"out of date, run python docs/build.py: {stale}"


def test_readme_has_the_query_table_and_the_pictures() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert build.QUERIES_START in readme and build.QUERIES_END in readme
    for path in sorted((ROOT / "queries").glob("*.rq")):
        assert f"(queries/{path.name})" in readme
    assert build.KNOWS_START in readme and build.KNOWS_END in readme
    for picture in ("docs/ontology-diagram.png", "docs/summits-timeline.png", "docs/attendance-heatmap.png"):
        assert f"]({picture})" in readme
        assert (ROOT / picture).read_bytes().startswith(PNG)


def test_diagram_shows_every_class_and_object_property() -> None:
    model = build.diagram(graph())
    assert {str(c)[len(NAMESPACE) :] for c in _classes()} <= set(model.classes)
    labels = {label for _, _, label, _ in model.edges}
    for prop in ontology().subjects(RDF.type, OWL.ObjectProperty):
        if str(prop).startswith(NAMESPACE):
            assert str(prop)[len(NAMESPACE) :] in labels


def test_timeline_has_every_summit_in_order() -> None:
    rows = build.timeline(graph())
    summits = [row for row in rows if row["participating_states"]]
    assert [row["edition"] for row in summits] == ["1", "2", "3", "4"]
    assert summits[0]["start"] == "2010-04-12" and summits[0]["host_state"] == "United States"
    assert rows == sorted(rows, key=lambda row: row["start"])


def test_heat_map_rows_are_the_participants() -> None:
    rows = build.attendance(graph())
    assert len(rows) == 57  # 53 states and 4 organizations (tests/test_process_participants.py)
    russia = next(r for r in rows if r["participant"] == "Russia")
    assert [russia[y] for y in ("2010", "2012", "2014", "2016")] == ["1", "1", "1", "0"]
    assert [r["kind"] for r in rows] == ["state"] * 53 + ["organization"] * 4


def test_pictures_draw(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    whole = graph()
    build.draw_diagram(build.diagram(whole), tmp_path / "diagram.png")
    build.draw_timeline(build.timeline(whole), tmp_path / "timeline.png")
    build.draw_attendance(build.attendance(whole), tmp_path / "attendance.png")
    for name in ("diagram.png", "timeline.png", "attendance.png"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(PNG) and len(data) > 20_000


def _assert_documents_every_class(html: str) -> None:
    graph_ = ontology()
    for cls in _classes():
        assert str(cls) in html, cls
        label = next(
            str(lit) for lit in graph_.objects(cls, RDFS.label) if getattr(lit, "language", None) == "en"
        )
        assert label in html, label


def test_committed_html_documents_every_class() -> None:
    _assert_documents_every_class((DOCS / "ontology.html").read_text(encoding="utf-8"))


def test_pylode_builds_documentation_of_every_class() -> None:
    # Not importorskip: pyLODE 3.4.1 only imports with the work-around build.ontology_html applies.
    if importlib.util.find_spec("pylode") is None:
        pytest.skip("pyLODE is not installed (pip install .[docs])")
    html = build.ontology_html(ontology())
    assert html.lstrip().lower().startswith("<!doctype html>")
    _assert_documents_every_class(html)
    # Labels in one language each: pyLODE would otherwise run them together.
    assert "city城市" not in html
