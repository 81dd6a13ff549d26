"""Every export format round-trips; Turtle is canonical; JSON-LD reads naturally; quads keep named graphs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdf_compare import isomorphic
from rdflib import Dataset, Graph, Literal, URIRef

import nss_kg
from nss_kg import export, resources
from nss_kg.cli import main
from nss_kg.graphs import graph
from nss_kg.namespaces import BASE_IRI

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CLI = "from nss_kg.cli import main; raise SystemExit(main())"


def _parts() -> dict[str, Graph]:
    """Each named graph of the quad formats, parsed from the packaged files on its own."""
    files = {
        "ontology": resources.ontology_files(),
        "shapes": [resources.shapes_file()],
        "data": [f for f in resources.data_files() if Path(f).name != export.DATASET_FILE],
        "dataset": [f for f in resources.data_files() if Path(f).name == export.DATASET_FILE],
    }
    parts = {}
    for part, paths in files.items():
        if paths:
            graph = Graph()
            for path in paths:
                graph.parse(data=Path(path).read_text(encoding="utf-8"), format="turtle", publicID=BASE_IRI)
            parts[part] = graph
    return parts


def _lower_tags(source: Graph) -> Graph:
    """``source`` with its language tags lower-cased, as N-Triples and N-Quads write them: RDF compares tags
    regardless of case, rdflib's isomorphism test does not."""
    result = Graph()
    for s, p, o in source:
        lowered = Literal(str(o), lang=o.language.lower()) if isinstance(o, Literal) and o.language else o
        result.add((s, p, lowered))
    return result


@pytest.mark.parametrize("name", [n for n, f in export.FORMATS.items() if not f.quads])
def test_triple_formats_round_trip(name: str) -> None:
    text = nss_kg.serialize(name)
    parsed = Graph().parse(data=text, format=export.FORMATS[name].media_type)
    assert isomorphic(_lower_tags(parsed), _lower_tags(graph()))


@pytest.mark.parametrize("name", [n for n, f in export.FORMATS.items() if f.quads])
def test_quad_formats_round_trip_with_named_graphs(name: str) -> None:
    parsed = Dataset()
    parsed.parse(data=nss_kg.serialize(name), format=export.FORMATS[name].media_type)
    named = {str(g.identifier) for g in parsed.graphs() if len(g)}
    parts = _parts()
    assert named == {export.GRAPHS[part] for part in parts}
    for part, expected in parts.items():
        assert isomorphic(_lower_tags(parsed.graph(URIRef(export.GRAPHS[part]))), _lower_tags(expected)), part


@pytest.mark.parametrize("name", list(export.FORMATS))
def test_output_is_stable_across_processes(name: str) -> None:
    code = f"import sys; from nss_kg import export; sys.stdout.write(export.serialize({name!r}))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("name", ["ntriples", "nquads"])
def test_line_formats_are_canonical_n_quads(name: str) -> None:
    """Blank nodes labelled by RDF Dataset Canonicalization and lines sorted: the export is its dataset's
    canonical N-Quads, as PyLD's independent implementation writes it (URDNA2015, the algorithm RDFC-1.0
    standardised), byte for byte. PyLD keeps labels already of the form _:c14nN, so it gets others."""
    from pyld import jsonld

    text = nss_kg.serialize(name)
    assert "_:c14n0 " in text and "@zh-hant" in text
    relabelled = re.sub(r"_:c14n(\d+)", r"_:b\1", text)
    n_quads = "application/n-quads"
    canonical = jsonld.normalize(
        relabelled, {"algorithm": "URDNA2015", "inputFormat": n_quads, "format": n_quads}
    )
    assert canonical == text


def test_turtle_is_prefixed_and_sorted() -> None:
    text = nss_kg.serialize("turtle")
    assert "PREFIX nss: <https://w3id.org/nss-kg/ontology#>" in text
    assert "\nsummit:2010-washington\n" in text
    assert "<https://w3id.org/nss-kg/summit/2" not in text
    lines = text.splitlines()
    prefixes = dict(line[len("PREFIX ") :].split(": ") for line in lines if line.startswith("PREFIX "))
    subjects = []
    for block in text.split("\n\n"):
        head = block.split("\n", 1)[0]
        if block.startswith(("PREFIX", "[]")) or " " in head:
            continue
        prefix, local = head.split(":", 1) if not head.startswith("<") else ("", head)
        subjects.append(prefixes[prefix].strip("<>") + local if prefix else local.strip("<>"))
    assert len(subjects) > 100
    assert subjects == sorted(subjects)


def test_jsonld_is_compacted_with_the_shipped_context() -> None:
    document = json.loads(nss_kg.serialize("jsonld"))
    assert document["@context"] == export.context()["@context"]
    nodes = {node.get("id"): node for node in document["@graph"]}
    summit = nodes["summit:2010-washington"]
    assert summit["type"] == "Summit"
    assert summit["startDate"] == "2010-04-12"
    assert summit["hostState"] == "state:united-states"
    assert summit["label"]["en"] == "2010 Nuclear Security Summit"


def test_shipped_context_matches_the_ontology() -> None:
    """ontology/context.jsonld is generated (python docs/build.py): a new property must get its term."""
    expected = export.jsonld_context(graph())
    assert export.context() == expected
    assert json.loads((ROOT / "ontology" / export.CONTEXT_FILE).read_text(encoding="utf-8")) == expected


def test_format_follows_the_output_suffix() -> None:
    assert export.format_for(None, "graph.nq").name == "nquads"
    assert export.format_for(None, None).name == "turtle"
    assert export.format_for("trig", "graph.ttl").name == "trig"
    with pytest.raises(nss_kg.InputError, match="--format"):
        export.format_for(None, "graph.txt")
    with pytest.raises(nss_kg.InputError, match="unknown export format"):
        export.format_for("n3")


def test_cli_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "nss.trig"
    assert main(["export", "--output", str(target)]) == 0
    parsed = Dataset()
    parsed.parse(target, format="trig")
    assert isomorphic(parsed.graph(URIRef(export.GRAPHS["data"])), _parts()["data"])


def test_cli_writes_utf8_to_stdout() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CLI, "export", "-f", "ntriples"],
        env={**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"},
        capture_output=True,
        check=True,
    )
    assert "核安全峰會".encode() in result.stdout
    assert isomorphic(
        _lower_tags(Graph().parse(data=result.stdout.decode(), format="nt")), _lower_tags(graph())
    )


def test_cli_reports_bad_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--output", str(tmp_path / "graph.txt")]) == 2
    # An output that cannot be written is exit 4 (a local resource); a bad suffix is bad input.
    assert main(["export", "-f", "turtle", "--output", str(tmp_path / "missing" / "graph.ttl")]) == 4
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("nss-kg: error: ") for line in errors)


def test_cli_module_does_not_import_rdflib() -> None:
    code = "import sys, nss_kg.cli.export; assert 'rdflib' not in sys.modules, 'rdflib imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
