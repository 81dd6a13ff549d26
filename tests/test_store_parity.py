"""Parity: every packaged query, whatever the catalogue holds, gives the same results on the embedded
engine, the Oxigraph server and Virtuoso, with its defaults, in each of its languages, and with each optional
parameter bound to a sample value.

Rows are compared as Python values (``to_dicts()``) with each term's kind and language tag, the tag's case
normalized (both servers lowercase tags); blank nodes compare as blank. Numbers compare by value (Oxigraph
stores xsd:positiveInteger and the other integer types as xsd:integer, Virtuoso keeps them). Queries with
ORDER BY must give the rows in the same order; others are compared as multisets.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest
import servers
from pyoxigraph import BlankNode, Literal, NamedNode
from samples import SAMPLES, sample

import nss_kg
from nss_kg.catalogue import QueryInfo, catalogue
from nss_kg.namespaces import INTEGER_TYPES, XSD
from nss_kg.results import QueryResult


def cases() -> list[Any]:
    found = []
    for name, info in sorted(catalogue().items()):
        base = {
            p.name: sample(name, p.name)
            for p in info.parameters
            if p.required and p.default is None and p.name in SAMPLES
        }
        found.append(pytest.param(name, base, id=name))
        for parameter in info.parameters:
            if parameter.name == "lang":
                for value in parameter.allowed:
                    if value != parameter.default:
                        found.append(pytest.param(name, {**base, "lang": value}, id=f"{name}-lang={value}"))
            elif parameter.name in SAMPLES and parameter.name not in base:
                value = sample(name, parameter.name)
                found.append(
                    pytest.param(name, {**base, parameter.name: value}, id=f"{name}-{parameter.name}")
                )
    return found


def value(term: NamedNode | BlankNode | Literal | Any, python: object) -> tuple[str, object, str | None, str]:
    """A term as (kind, value, language, datatype) for comparison: the datatype too, so that "1"^^xsd:integer
    is not taken for true (True == 1 in Python). Integer types count as one: Oxigraph answers a
    nonNegativeInteger of the data as an xsd:integer (docs/stores.md says so)."""
    if isinstance(term, BlankNode):
        return ("bnode", "_:", None, "")
    if isinstance(term, Literal):
        language = term.language.lower() if term.language else None
        datatype = term.datatype.value
        if datatype.removeprefix(XSD) in INTEGER_TYPES:
            datatype = XSD + "integer"
        return ("literal", python, language, datatype)
    return (type(term).__name__, python, None, "")


def sort_key(row: dict[str, tuple[str, object, str | None, str]]) -> str:
    def plain(item: object) -> object:
        if isinstance(item, (int, float, decimal.Decimal)) and not isinstance(item, bool):
            return float(item)
        if isinstance(item, datetime.date):
            return item.isoformat()
        return item

    return repr(sorted((name, kind, plain(v), lang, dt) for name, (kind, v, lang, dt) in row.items()))


def normalized(info: QueryInfo, result: QueryResult) -> list[Any]:
    if result.is_graph:
        lines = set()
        for triple in result.triples():
            terms = []
            for term in (triple.subject, triple.predicate, triple.object):
                if isinstance(term, BlankNode):
                    terms.append("_:")
                elif isinstance(term, Literal) and term.datatype.value.removeprefix(XSD) in INTEGER_TYPES:
                    terms.append(f"{int(term.value)}")
                else:
                    terms.append(str(term))
            lines.add(" ".join(terms))
        return sorted(lines)
    if result.form == "ASK":
        return [bool(result)]
    names = result.variables
    rows = [
        {name: value(term, python[name]) for name, term in zip(names, row, strict=True) if term is not None}
        for row, python in zip(result.rows(), result.to_dicts(), strict=True)
    ]
    return rows if "ORDER BY" in info.text.upper() else sorted(rows, key=sort_key)


_loaded: set[str] = set()
_embedded: dict[str, list[Any]] = {}


@pytest.fixture
def remote(store: servers.Server) -> servers.Server:
    """The store with our graph loaded (once per session: other modules only ever reload the same graph)."""
    if store.name not in _loaded:
        nss_kg.load(store.endpoint(), **store.load_kwargs())
        _loaded.add(store.name)
    return store


@pytest.mark.parametrize(("name", "params"), cases())
def test_same_results_on_every_engine(remote: servers.Server, name: str, params: dict[str, str]) -> None:
    info = catalogue()[name]
    key = f"{name}{sorted(params.items())}"
    if key not in _embedded:
        _embedded[key] = normalized(info, nss_kg.query(name, params))
    expected = _embedded[key]
    got = normalized(info, nss_kg.query(name, params, endpoint=remote.query_url))
    assert got == expected


@pytest.mark.parametrize(("name", "params"), cases())
def test_sparqlwrapper_gets_the_same_results(
    remote: servers.Server, name: str, params: dict[str, str]
) -> None:
    """nss_kg.sparql_wrapper hands the bound query to SPARQLWrapper, an independent client of the SPARQL 1.1
    Protocol: on Oxigraph and on Virtuoso it gets what the embedded engine answers."""
    from pyoxigraph import RdfFormat, parse, serialize

    info = catalogue()[name]
    body = nss_kg.sparql_wrapper(name, remote.query_url, params).query().response.read()
    if info.form in ("CONSTRUCT", "DESCRIBE"):
        triples = [quad.triple for quad in parse(body, format=RdfFormat.TURTLE)]
        theirs = QueryResult(info.form, serialize(triples, format=RdfFormat.N_TRIPLES) or b"")
    else:
        theirs = QueryResult.from_json(info.form, body, "SPARQLWrapper")
    expected = normalized(info, nss_kg.query(name, params))
    assert normalized(info, theirs) == expected
    assert expected or name.endswith("-violation")  # a quality check's answer is empty; the others' not


def test_sparqlwrapper_binds_parameters_as_terms(oxigraph: servers.Server) -> None:
    """A parameter value that would break out of a pasted string is bound as one literal: no row, no error."""
    from nss_kg import ParameterError

    wrapper = nss_kg.sparql_wrapper("summit", oxigraph.query_url, year=2010)
    assert "VALUES" in wrapper.queryString and wrapper.queryType == "SELECT"
    with pytest.raises(ParameterError):
        nss_kg.sparql_wrapper("summit", oxigraph.query_url, year='2010" } ; DROP ALL ; #')
    with pytest.raises(nss_kg.ArgumentError):
        nss_kg.sparql_wrapper("summit", "file:///etc/passwd", year=2010)
