"""The query side of the ``nss-kg`` CLI: summits, queries, query — outputs and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from samples import required

import nss_kg
from nss_kg.cli import main
from nss_kg.formatting import display_width


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_summits_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "summits", "--format", "table")
    assert code == 0 and err == ""
    lines = out.splitlines()
    header = ["edition", "startDate", "endDate", "hostState", "hostCity", "hostLeader", "office", "summit"]
    assert lines[0].split() == header
    assert len(lines) == 2 + 4
    assert lines[3].split()[:3] == ["2", "2012-03-26", "2012-03-27"]
    assert "Lee Myung-bak" in lines[3]


def test_cjk_columns_line_up(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "summits", "--lang", "zh-Hant", "--format", "table")
    assert code == 0
    lines = out.splitlines()
    header, _, *body = lines
    city_column = display_width(header[: header.index("hostCity")])
    for line in body:
        # The city starts at the same display column on every row, whatever the widths before it.
        cities = ("華盛頓哥倫比亞特區", "首爾", "海牙")
        start = min(line.index(c) for c in cities if c in line)
        assert display_width(line[:start]) == city_column
    assert "首爾" in out and "馬克·呂特" in out


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("海牙") == 4
    assert display_width("The Hague") == 9
    assert display_width("e\u0301") == 1


def test_query_csv_is_w3c_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "participation", "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["year"], r["states"], r["stateChange"]) for r in table] == [
        ("2010", "47", ""),
        ("2012", "53", "6"),
        ("2014", "53", "0"),
        ("2016", "52", "-1"),
    ]


def test_query_json_is_sparql_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "summit", "year=2014", "--format", "json")
    assert code == 0
    document = json.loads(out)
    (binding,) = document["results"]["bindings"]
    assert binding["hostLeader"]["value"] == "Mark Rutte"
    assert binding["startDate"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"


def test_query_tsv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "host-states", "--format", "tsv")
    assert code == 0 and out.splitlines()[0].startswith("?hostState\t?summits")
    code, out, _ = run(capsys, "query", "host-states", "--format", "markdown", "--lang", "zh-Hans")
    assert code == 0
    assert out.splitlines()[2].startswith("| 美国 | 2 | 2010 | 2016 |")


def test_param_option_and_positional_param(capsys: pytest.CaptureFixture[str]) -> None:
    _, by_option, _ = run(capsys, "query", "label", "--param", "entity=person:mark-rutte", "-f", "csv")
    _, positional, _ = run(
        capsys, "query", "label", "entity=person:mark-rutte", "--lang", "zh-Hant", "-f", "csv"
    )
    assert by_option.splitlines() == ["label", "Mark Rutte"]
    assert positional.splitlines() == ["label", "馬克·呂特"]


def test_construct_prints_turtle_and_jsonld(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "schema-org")
    assert code == 0 and "schema:Event" in out
    code, out, _ = run(capsys, "query", "schema-org", "--format", "jsonld")
    assert code == 0 and json.loads(out)


def test_queries_lists_every_query_with_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "queries")
    assert code == 0
    assert "\nsummit  " in out and "A schema.org-only view" in out
    assert "year (optional integer)" in out
    assert "lang (optional string, default en, one of en|zh-Hant|zh-Hans)" in out
    code, out, _ = run(capsys, "queries", "--format", "json")
    entries = {entry["name"]: entry for entry in json.loads(out)}
    assert entries["label"]["parameters"][0]["name"] == "entity"
    assert entries["schema-org"]["form"] == "CONSTRUCT"


def test_text_shows_the_bound_query(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "summit", "year=2010", "--text")
    assert code == 0
    assert (
        'VALUES (?__year_xsd_integer ?__lang) { ("2010"^^<http://www.w3.org/2001/XMLSchema#integer> "en") }'
        in out
    )


def test_a_users_own_query_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(
        "PREFIX nss: <https://w3id.org/nss-kg/ontology#>\n"
        "SELECT (COUNT(?s) AS ?n) WHERE { ?s a nss:Summit ; nss:hostState ?_state_iri }\n"
    )
    code, out, _ = run(capsys, "query", str(path), "state=state:united-states", "-f", "csv")
    assert code == 0 and out.splitlines() == ["n", "2"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "nope"], "no packaged query named 'nope'"),
        (["query", "summit", "year=abc"], "parameter 'year': 'abc' is not a valid xsd:integer"),
        (["query", "summit", "yearr=2010"], "query 'summit' has no parameter 'yearr'"),
        (["query", "summit", "2010"], "parameter '2010' is not of the form name=value"),
        (["query", "label"], "query 'label' needs parameter 'entity'"),
        (["query", "participation", "--lang", "en"], "query 'participation' has no 'lang' parameter"),
        (["query", "summits", "--format", "turtle"], "format 'turtle' does not suit a SELECT result"),
        (["query", "/nonexistent/q.rq"], "/nonexistent/q.rq: no such query file"),
    ],
)
def test_errors_are_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("nss-kg: error: ")
    assert message in err


def test_malformed_user_query(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("SELECT * WHERE { ?s ?p }\n")
    code, _, err = run(capsys, "query", str(path))
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"nss-kg: error: {path}:2:1: malformed SPARQL: expected")


def test_summits_piped_prints_csv_as_query_does(capsys: pytest.CaptureFixture[str]) -> None:
    _, summits, _ = run(capsys, "summits")
    _, query, _ = run(capsys, "query", "summits")
    assert summits == query
    assert summits.splitlines()[0] == "edition,startDate,endDate,hostState,hostCity,hostLeader,office,summit"


def test_undecodable_user_query(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "latin1.rq"
    path.write_bytes("SELECT * WHERE { ?s ?p 'caf\xe9' }".encode("latin-1"))
    code, _, err = run(capsys, "query", str(path))
    assert code == 2 and "not UTF-8 text" in err


def test_no_traceback_from_the_installed_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nss_kg", "query", "summit", "year=abc"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("summits", "queries", "query", "export", "validate", "load"):
        assert command in out


@pytest.mark.parametrize("columns", ["50", "200", " 100", "+90", "0", "-5", "wide", "\u00b2"])
def test_help_is_laid_out_as_argparse_would(monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    """Our formatter only spares argparse its shutil import: the help must read the same as argparse's."""
    import argparse

    from nss_kg.cli.parser import build_parser

    monkeypatch.setenv("COLUMNS", columns)
    root = build_parser(only="query")
    commands = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    for parser in (root, commands.choices["query"]):
        ours = parser.format_help()
        parser.formatter_class = argparse.HelpFormatter
        assert parser.format_help() == ours
        assert max(len(line) for line in ours.splitlines()) > 40


def test_an_unknown_command_is_one_line_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "summitz")
    assert code == 2
    assert err == "nss-kg: error: unknown command 'summitz'; did you mean 'summits'?\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND (see 'nss-kg --help')"),
        (["query", "summits", "--nope"], "unrecognized arguments: --nope (see 'nss-kg query --help')"),
        (["export", "--format", "x"], "argument --format/-f: invalid choice: 'x'"),
        (["query", "summits", "--timeout", "-1"], "must be a positive, finite number of seconds, not '-1'"),
        (["query", "summits", "--timeout", "nan"], "must be a positive, finite number of seconds"),
        (["query", "summits", "--timeout", "inf"], "must be a positive, finite number of seconds"),
        (
            ["query", "summit", "year=2012", "year=2014"],
            "parameter 'year' is given twice ('2012' and '2014')",
        ),
        (["query", "label", "entity=foo:bar"], "unknown prefix 'foo:' in 'foo:bar'"),
    ],
)
def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("nss-kg: error: ") and err.count("\n") == 1 and message in err, err


def test_parameters_may_follow_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "summit", "--format", "csv", "year=2012", "--lang", "en")
    assert code == 0
    assert [row["name"] for row in csv.DictReader(io.StringIO(out))] == ["2012 Nuclear Security Summit"]


def test_an_iri_of_another_scheme_is_written_in_angle_brackets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "label", "entity=<https://w3id.org/nss-kg/summit/2012-seoul>")
    assert code == 0 and out.splitlines() == ["label", "2012 Nuclear Security Summit"]


@pytest.mark.parametrize("name", sorted(nss_kg.queries()))
def test_every_packaged_query_answers_the_same_by_cli_and_library(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    params = [f"{key}={value}" for key, value in required(name).items()]
    library = nss_kg.query(name, dict(p.split("=", 1) for p in params))
    if library.is_graph:
        code, out, _ = run(capsys, "query", name, *params, "--format", "ntriples")
        assert code == 0
        assert sorted(out.splitlines()) == sorted(library.serialize("ntriples").decode().splitlines())
    else:
        code, out, _ = run(capsys, "query", name, *params, "--format", "json")
        assert code == 0
        assert json.loads(out) == json.loads(library.serialize("json"))
