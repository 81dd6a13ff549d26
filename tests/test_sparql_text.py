"""The lexer that finds a query's form, WHERE group and variables, ignoring strings, IRIs and comments."""

from __future__ import annotations

import pytest

from nss_kg import sparql_text
from nss_kg.errors import QueryError

TRICKY = '''PREFIX ex: <http://example.org/a#b>  # a comment with WHERE { and SERVICE
CONSTRUCT { ?s ex:p "}" . ?s ex:q """WHERE { x }""" . ?s ex:r 'SERVICE' }
WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }'''


def test_form_ignores_comments_and_strings() -> None:
    assert sparql_text.query_form(TRICKY) == "CONSTRUCT"
    assert sparql_text.query_form("# SELECT\nask { ?s ?p ?o }") == "ASK"


def test_where_group_of_a_construct_is_its_second_group() -> None:
    start = sparql_text.where_group_start(TRICKY)
    assert TRICKY[start:].startswith(" ?s ?p ?o FILTER")


def test_where_group_without_the_where_keyword() -> None:
    text = "SELECT * { ?s ?p ?o }"
    assert text[sparql_text.where_group_start(text) :] == " ?s ?p ?o }"
    short = "CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }"
    assert sparql_text.where_group_start(short) == short.rindex("{") + 1


def test_service_only_counts_outside_strings_and_comments() -> None:
    assert not sparql_text.uses_service(TRICKY)
    assert sparql_text.uses_service("SELECT * { service <http://x/> { ?s ?p ?o } }")


def test_variables() -> None:
    assert sparql_text.variables('SELECT ?a $b { ?a ?_c_iri "?not" }') == ["a", "b", "_c_iri"]


@pytest.mark.parametrize(
    "text", ["INSERT DATA { <a:b> <a:c> <a:d> }", "DROP GRAPH <a:b>", "LOAD <http://x/>"]
)
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(QueryError, match="update"):
        sparql_text.query_form(text)


def test_not_a_query() -> None:
    with pytest.raises(QueryError, match="not a SPARQL query"):
        sparql_text.query_form("hello")
