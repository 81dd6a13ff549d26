"""The packaged queries served by grlc unchanged: grlc (https://grlc.io) reads the same ``#+``
headers and ``?_name``/``?__name`` parameters as our catalogue, but pastes each value given into the query's
text (``"2012"^^xsd:integer``, ``<iri>``, ``"en"``) and leaves the variable of a value not given unbound,
``#+ defaults`` included (grlc applies those only in its web form). Every query must parse after such pasting
and give the rows nss_kg.query gives for the same parameters, on the same graph.

grlc pins its own dependencies (rdflib, requests, Flask …), so tests/run.sh installs it in a venv of its
own, ``.venv/grlc``; these tests call it there (or import it, when it is installed beside us), and skip
only when neither has grlc. NSS_KG_GRLC_PYTHON names another interpreter that has it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import servers
from samples import sample

import nss_kg
from nss_kg.catalogue import QueryInfo, catalogue
from nss_kg.engines.embedded import packaged_store
from nss_kg.namespaces import PREFIXES
from nss_kg.results import QueryResult

pytestmark = pytest.mark.servers

REPO = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/nss-kg/"

#: Runs in grlc's interpreter: reads [[query text, {name: value}], …] as JSON on stdin and prints, as JSON,
#: grlc's parameters of each query and its text as grlc rewrites it for those values, the way grlc's
#: dispatchSPARQLQuery does (get_metadata, then rewrite_query on the original text).
GRLC_SCRIPT = r"""
import contextlib, json, sys
with contextlib.redirect_stdout(sys.stderr):  # grlc prints where it looks for its config file
    from grlc import gquery
    answers = []
    for text, args in json.load(sys.stdin):
        metadata = gquery.get_metadata(text, "http://localhost/unused")
        parameters = metadata.get("parameters", {})
        rewritten = gquery.rewrite_query(metadata["original_query"], parameters, args)
        answers.append({"type": metadata["type"], "parameters": parameters, "query": rewritten})
print(json.dumps(answers, default=str))
"""


@cache
def grlc_python() -> str | None:
    """An interpreter that can import grlc, or None."""
    candidates = [os.environ.get("NSS_KG_GRLC_PYTHON", ""), str(REPO / ".venv" / "grlc" / "bin" / "python")]
    if importlib.util.find_spec("grlc") is not None:
        candidates.insert(0, sys.executable)
    for python in candidates:
        if python and Path(python).exists():
            found = subprocess.run([python, "-c", "import grlc.gquery"], capture_output=True, check=False)
            if found.returncode == 0:
                return python
    return None


def grlc(requests: list[tuple[str, dict[str, str]]]) -> list[dict[str, Any]]:
    """grlc's metadata and rewritten text for each (query text, request arguments)."""
    python = grlc_python()
    if python is None:
        servers.missing("grlc", "in its own venv, .venv/grlc")
    done = subprocess.run(
        [python, "-c", GRLC_SCRIPT],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers: list[dict[str, Any]] = json.loads(done.stdout)
    return answers


#: The parameters tests/test_queries.py's golden tests call the queries with.
GOLDEN: list[tuple[str, dict[str, str]]] = [
    ("summits", {"lang": "zh-Hant"}),
    ("summits", {"lang": "zh-Hans"}),
    ("summit", {"year": "2012"}),
    ("summit", {"edition": "3"}),
    ("summit", {"year": "2016"}),
    ("summit", {"year": "2011"}),
    ("host-leaders", {"lang": "zh-Hant"}),
    ("commitments", {"year": "2014", "lang": "zh-Hant"}),
    ("commitments", {"topic": "topic:nuclear-disarmament"}),
    ("commitments", {"year": "2010", "topic": BASE + "topic/international-cooperation"}),
    ("commitments", {"maker": "state:canada"}),
    ("commitments", {"maker": "state:chile", "lang": "zh-Hant"}),
    ("timeline", {"lang": "zh-Hant"}),
    ("provenance", {"entity": "summit:2014-the-hague"}),
    ("label", {"entity": BASE + "city/seoul", "lang": "en"}),
    ("label", {"entity": BASE + "city/seoul", "lang": "zh-Hant"}),
    ("label", {"entity": BASE + "city/seoul", "lang": "zh-Hans"}),
]


def cases() -> list[tuple[str, dict[str, str]]]:
    """Every packaged query as a grlc client calls it: with no optional parameter (required ones from
    SAMPLES), in each of its languages, with each optional parameter alone; then the golden tests' calls."""
    found: list[tuple[str, dict[str, str]]] = []
    for name, info in sorted(catalogue().items()):
        base = {p.name: sample(name, p.name) for p in info.parameters if p.required}
        found.append((name, base))
        for parameter in info.parameters:
            if parameter.name == "lang":
                found.extend((name, {**base, "lang": value}) for value in parameter.allowed)
            elif not parameter.required:
                found.append((name, {**base, parameter.name: sample(name, parameter.name)}))
    return found + [case for case in GOLDEN if case not in found]


CASES = cases()


def grlc_argument(info: QueryInfo, name: str, value: str) -> str:
    """What a grlc client sends: a whole IRI for an IRI parameter (grlc knows no CURIEs)."""
    parameter = info.parameter(name)
    prefix, _, local = value.partition(":")
    if parameter is not None and parameter.kind == "iri" and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return value


@cache
def rewritten() -> dict[int, dict[str, Any]]:
    """grlc's answer for each case, by its index in CASES (one grlc run for all of them)."""
    queries = catalogue()
    requests = [
        (queries[name].text, {k: grlc_argument(queries[name], k, v) for k, v in params.items()})
        for name, params in CASES
    ]
    return dict(enumerate(grlc(requests)))


def canonical(info: QueryInfo, result: QueryResult) -> list[Any]:
    if result.is_graph:
        return sorted(str(triple) for triple in result.triples())
    rows = [[None if term is None else str(term) for term in row] for row in result.rows()]
    return rows if "ORDER BY" in info.text.upper() else sorted(rows, key=repr)


@pytest.mark.parametrize(
    "index", range(len(CASES)), ids=[f"{n}-{'-'.join(f'{k}={v}' for k, v in p.items())}" for n, p in CASES]
)
def test_grlc_text_gives_our_rows(index: int) -> None:
    name, params = CASES[index]
    info = catalogue()[name]
    answer = rewritten()[index]
    text = answer["query"]
    # grlc leaves no parameter it was given in the text; those not given stay as unbound variables.
    for parameter in info.parameters:
        if parameter.name in params:
            assert f"?{parameter.variable}" not in text, text
    try:
        theirs = QueryResult.from_pyoxigraph(info.form, packaged_store().query(text))
    except SyntaxError as error:
        pytest.fail(f"grlc's text for {name} {params} does not parse: {error}\n{text}")
    ours = nss_kg.query(name, params)
    assert canonical(info, theirs) == canonical(info, ours)
    if info.form == "CONSTRUCT":
        return
    assert theirs.variables == ours.variables
    if not name.endswith("-violation") and (name, params) != ("summit", {"year": "2011"}):
        assert ours.rows(), "a case that finds no rows proves little"


def test_grlc_reads_our_catalogue() -> None:
    """grlc finds each query's parameters as our catalogue does: names, required or optional, IRI, datatype,
    defaults and allowed values."""
    answers = {name: answer for (name, params), answer in zip(CASES, rewritten().values(), strict=True)}
    for name, info in sorted(catalogue().items()):
        parameters = answers[name]["parameters"]
        assert answers[name]["type"] == {"SELECT": "SelectQuery", "CONSTRUCT": "ConstructQuery"}[info.form]
        assert sorted(parameters) == sorted(p.name for p in info.parameters), name
        for ours in info.parameters:
            theirs = parameters[ours.name]
            assert theirs["required"] == ours.required, (name, ours.name)
            assert (theirs.get("format") == "iri") == (ours.kind == "iri"), (name, ours.name)
            if ours.datatype:
                assert theirs["datatype"] == "xsd:" + ours.datatype.rsplit("#", 1)[1], (name, ours.name)
            assert theirs.get("default") == ours.default, (name, ours.name)
            assert sorted(theirs.get("enum", [])) == sorted(ours.allowed), (name, ours.name)


def test_every_parameter_is_exercised() -> None:
    """Each optional parameter of each query is given alone at least once, with a value that finds rows."""
    for name, info in catalogue().items():
        for parameter in info.parameters:
            assert any(n == name and parameter.name in p for n, p in CASES), (name, parameter.name)
