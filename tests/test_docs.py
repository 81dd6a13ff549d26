"""The generated documentation (docs/, the JSON-LD context, the README's counts) matches the graph, and the
documentation site builds with every link resolved."""

from __future__ import annotations

import importlib
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


@pytest.mark.slow
def test_every_generated_text_file_matches_the_checkout() -> None:
    """What `python docs/build.py --check` checks: context, picture sources, README counts, queries, API."""
    ontology_graph, whole = build.load(ROOT)
    stale = [
        str(path.relative_to(ROOT))
        for path, text in build.texts(ROOT, ontology_graph, whole).items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"out of date, run python docs/build.py: {stale}"


def test_readme_and_pages_have_the_generated_parts_and_the_pictures() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert build.KNOWS_START in readme and build.COVERAGE_START in readme
    assert len(readme.splitlines()) <= 220  # a front page: the rest is in docs/
    queries = (DOCS / "queries.md").read_text(encoding="utf-8")
    assert build.QUERIES_START in queries and build.QUERIES_END in queries
    for path in sorted((ROOT / "queries").glob("*.rq")):
        assert f"(#{path.stem})" in queries and f"### {path.stem}\n" in queries
    pictures = {
        ROOT / "README.md": ["docs/attendance-heatmap.png"],
        DOCS / "model.md": ["ontology-diagram.png", "summits-timeline.png"],
    }
    for page, names in pictures.items():
        for name in names:
            assert f"]({name})" in page.read_text(encoding="utf-8"), (page, name)
            assert (page.parent / name).read_bytes().startswith(PNG)


@pytest.mark.slow
def test_site_builds_with_every_link_resolved_and_every_public_name(tmp_path: Path) -> None:
    """mkdocs build --strict refuses a link to a missing page, anchor or file; the API reference documents
    every name ``nss_kg`` exports (and nss_kg.web's app and serve), each with its parameters."""
    import inspect
    import subprocess

    import nss_kg

    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    public = {name: target for name, target in nss_kg._EXPORTS.items()}
    public.update({"app": "nss_kg.web:app", "serve": "nss_kg.web:serve"})
    for name, target in public.items():
        module, _, attribute = target.partition(":")
        anchor = f"{module}.{attribute or name}"
        assert f'id="{anchor}"' in api, anchor
        obj = getattr(importlib.import_module(module), attribute or name)
        if inspect.isfunction(obj):
            for parameter in inspect.signature(obj).parameters:
                assert parameter in api, (anchor, parameter)


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


@pytest.mark.slow
def test_heat_map_rows_are_the_participants() -> None:
    rows = build.attendance(graph())
    assert len(rows) == 57  # 53 states and 4 organizations (tests/test_process_participants.py)
    russia = next(r for r in rows if r["participant"] == "Russia")
    assert [russia[y] for y in ("2010", "2012", "2014", "2016")] == ["1", "1", "1", "0"]
    assert [r["kind"] for r in rows] == ["state"] * 53 + ["organization"] * 4


@pytest.mark.slow
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


@pytest.mark.slow
def test_pylode_builds_documentation_of_every_class() -> None:
    # Not importorskip: pyLODE 3.4.1 only imports with the work-around build.ontology_html applies.
    if importlib.util.find_spec("pylode") is None:
        pytest.skip("pyLODE is not installed (pip install .[docs])")
    html = build.ontology_html(ontology())
    assert html.lstrip().lower().startswith("<!doctype html>")
    _assert_documents_every_class(html)
    # Labels in one language each: pyLODE would otherwise run them together.
    assert "city城市" not in html
