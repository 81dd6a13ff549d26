"""Property-based tests: whatever arguments or file contents a user gives, the CLI ends with one of the
documented exit codes and, on failure, one line on stderr; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nss_kg import cli

DOCUMENTED_CODES = {0, 1, 2, 3, 4}
COMMANDS = ["summits", "queries", "query", "export", "validate", "load", "sumits", ""]
OPTIONS = [
    "--format",
    "-f",
    "--lang",
    "--endpoint",
    "--graph",
    "--timeout",
    "--param",
    "-p",
    "--text",
    "--allow-service",
    "--user",
    "--password",
    "--auth",
    "--strict",
    "--with-data",
    "--no-ontology",
    "--protocol",
    "--direct",
    "--update-endpoint",
    "--store-endpoint",
    "--help",
    "--version",
    "--",
]
VALUES = [
    "summits",
    "summit",
    "label",
    "timeline",
    "csv",
    "json",
    "table",
    "turtle",
    "xml",
    "zh-Hant",
    "zh",
    "year=2012",
    "year=abc",
    "year=2012",
    "edition=2",
    "lang=fr",
    "entity=summit:2012-seoul",
    "entity=foo:bar",
    "=",
    "x=",
    "=y",
    "0",
    "-1",
    "nan",
    "inf",
    "1e309",
    "0.001",
    "http://127.0.0.1:1/sparql",
    "file:///etc/passwd",
    "notaurl",
    "http://[::1/q",
    "https://example.org/g",
    "not an iri",
    "basic",
    "digest",
    "bogus",
    "gsp",
    "update",
    "missing.ttl",
    "missing.rq",
    "dir/",
    "\u00e9\u00e8",
    "\u6838",
    "a\tb",
    "a\nb",
    "\x1b[31m",
]
ARGUMENT = st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALUES), st.text(max_size=12))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exit_:  # --help and --version print and exit 0, as every CLI does
        assert exit_.code == 0, (argv, exit_.code)
        return 0, capsys.readouterr().err
    return code, capsys.readouterr().err


def assert_documented(argv: list[str], code: int, err: str) -> None:
    assert code in DOCUMENTED_CODES, (argv, code, err)
    if code >= 2:
        assert err.startswith("nss-kg: error: ") and err.count("\n") == 1, (argv, err)
        assert "Traceback" not in err


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(COMMANDS), rest=st.lists(ARGUMENT, max_size=6))
def test_any_command_line_ends_documented(
    command: str,
    rest: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))  # where files the CLI might write go
    argv = [command, *rest] if command else rest
    code, err = run(argv, capsys)
    assert_documented(argv, code, err)


SAMPLES = {
    ".ttl": b'@prefix ex: <https://example.org/> .\nex:a ex:b "c"@en ; ex:d ( 1 2.5 "x"^^ex:t ) .\n',
    ".rdf": (
        b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns:ex="https://example.org/">\n<rdf:Description rdf:about="https://example.org/a">'
        b'<ex:b xml:lang="en">c</ex:b></rdf:Description>\n</rdf:RDF>\n'
    ),
    ".jsonld": json.dumps(
        {"@id": "https://example.org/a", "https://example.org/b": {"@value": "c", "@language": "en"}}
    ).encode(),
    ".nt": b'<https://example.org/a> <https://example.org/b> "c"@en .\n',
}


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(sorted(SAMPLES)))
    data = bytearray(SAMPLES[suffix])
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.binary(min_size=1, max_size=4))
        if kind == "insert":
            data[at:at] = chunk
        elif kind == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at : at + len(chunk)] = chunk
    return suffix, bytes(data)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sample=mutated())
def test_any_malformed_file_ends_documented(
    sample: tuple[str, bytes], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    suffix, data = sample
    file = tmp_path / f"input{suffix}"
    file.write_bytes(data)
    argv = ["validate", "--no-ontology", str(file)]
    code, err = run(argv, capsys)
    assert_documented(argv, code, err)
    assert code in (0, 1, 2)


def test_the_fuzz_vocabulary_reaches_every_exit_path(capsys: pytest.CaptureFixture[str]) -> None:
    """The strategies above are only worth something if they reach success, bad input and a dead endpoint."""
    assert run(["queries"], capsys)[0] == 0
    assert run(["query", "summit", "year=abc"], capsys)[0] == 2
    assert run(["query", "summits", "--endpoint", "http://127.0.0.1:1/sparql"], capsys)[0] == 3
