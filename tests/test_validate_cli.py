"""``nss-kg validate``: reports, exit codes, and one-line errors for every kind of unusable input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, SH, Graph, URIRef

from nss_kg.cli import main

GOOD = """@prefix nss: <https://w3id.org/nss-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://example.org/geneva> a nss:City ;
    rdfs:label "Geneva"@en , "日內瓦"@zh-Hant , "日内瓦"@zh-Hans ;
    nss:locatedIn <https://w3id.org/nss-kg/state/netherlands> ;
    nss:source <https://w3id.org/nss-kg/source/nss2014> .
"""
# Only a warning: no Simplified Chinese label.
WARNS = GOOD.replace(' , "日内瓦"@zh-Hans', "")
# A violation: no Traditional Chinese label.
BREAKS = GOOD.replace(' "日內瓦"@zh-Hant ,', "")


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_packaged_graph_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "en")
    assert (code, out, err) == (0, "Conforms: 0 violations, 0 warnings\n", "")


def test_violations_exit_1_grouped_by_focus_node(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, write(tmp_path, "geneva.ttl", BREAKS), "--with-data", "--lang", "en")
    assert code == 1
    assert out.splitlines()[:4] == [
        "Does not conform: 1 violation, 0 warnings",
        "",
        "<http://example.org/geneva>  Geneva",
        "  violation: A Traditional Chinese label (@zh-Hant) is required.",
    ]
    assert "[shape:label-zh-Hant]" in out


def test_report_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, write(tmp_path, "geneva.ttl", WARNS), "--with-data", "--lang", "zh")
    assert code == 0
    assert out.splitlines()[2:4] == [
        "<http://example.org/geneva>  日內瓦",
        "  警告：建議提供簡體中文標籤（@zh-Hans）。",  # noqa: RUF001 -- Chinese punctuation
    ]


def test_language_defaults_to_the_locale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    _, out, _ = run(capsys)
    assert out == "符合：0 項違規，0 項警告\n"  # noqa: RUF001 -- Chinese punctuation


@pytest.mark.slow
def test_warnings_fail_only_when_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "geneva.ttl", WARNS)
    assert run(capsys, path, "--with-data")[0] == 0
    assert run(capsys, path, "--with-data", "--strict")[0] == 1
    assert run(capsys, write(tmp_path, "good.ttl", GOOD), "--with-data", "--strict")[0] == 0


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, write(tmp_path, "geneva.ttl", BREAKS), "--with-data", "--format", "json")
    document = json.loads(out)
    assert code == 1 and document["conforms"] is False and document["violations"] == 1
    (result,) = document["results"]
    assert result["focusNode"] == "http://example.org/geneva"
    assert result["sourceShape"] == "https://w3id.org/nss-kg/shapes#label-zh-Hant"
    assert result["severity"] == "Violation"


def test_turtle_report_is_a_shacl_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, write(tmp_path, "geneva.ttl", BREAKS), "--with-data", "-f", "turtle")
    report = Graph().parse(data=out, format="turtle")
    assert code == 1
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == 1
    assert (None, SH.sourceShape, URIRef("https://w3id.org/nss-kg/shapes#label-zh-Hant")) in report


def test_without_data_our_resources_are_unknown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, write(tmp_path, "good.ttl", GOOD), "--lang", "en")
    assert code == 1 and "[shape:City-locatedIn]" in out


BAD_INPUTS = [
    ("missing", None, r"^nss-kg: error: {path}: no such file$"),
    ("directory", None, r"^nss-kg: error: {path}: is a directory, not an RDF file$"),
    ("latin1.ttl", b'<http://e/s> <http://e/p> "caf\xe9" .\n',
     r"^nss-kg: error: {path}:1:31: not UTF-8 text \(byte 0xe9\)$"),
    ("malformed.ttl", '<http://e/s> <http://e/p> "x" ;\n  <http://e/q> .\n',
     r"^nss-kg: error: {path}:2:16: '?\.'? is not a valid RDF object$"),
    ("prefix.ttl", "<http://e/s> <http://e/p> ex:o .\n",
     r"^nss-kg: error: {path}:1:27: The prefix ex: has not been declared$"),
    ("data.csv", "a,b\n", r"^nss-kg: error: {path}: unknown RDF format '.csv'; known: .ttl, .nt, .+$"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "pattern"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | bytes | None, pattern: str
) -> None:
    import re

    path = tmp_path / name
    if name == "directory":
        path.mkdir()
    elif content is not None:
        write(tmp_path, name, content)
    code, out, err = run(capsys, path)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert re.match(pattern.format(path=re.escape(str(path))), err.strip()), err


def test_bad_input_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "malformed.ttl", "<http://e/s> <http://e/p> .\n")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from nss_kg.cli import main; sys.exit(main())",
            "validate",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"nss-kg: error: {path}:1:27: ") and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_an_ill_typed_date_is_a_violation_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SHACL reports "2010-13-45"^^xsd:date as a sh:datatype violation, as Jena SHACL does: exit 1."""
    path = tmp_path / "baddate.ttl"
    path.write_text(
        GOOD.replace(
            "a nss:City",
            'a nss:Summit ; nss:startDate "2010-13-45"^^<http://www.w3.org/2001/XMLSchema#date> ; '
            'nss:endDate "2010-01-01"^^<http://www.w3.org/2001/XMLSchema#date>',
        ),
        encoding="utf-8",
    )
    code = main(["validate", str(path), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1
    results = json.loads(out)["results"]
    assert any(
        r["value"] == '"2010-13-45"^^<http://www.w3.org/2001/XMLSchema#date>'
        and r["sourceConstraintComponent"].endswith("DatatypeConstraintComponent")
        for r in results
    ), results
