"""The rdflib engine: runs queries on an rdflib Graph a user already holds (slower than the embedded one)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from nss_kg.binding import Term, with_values
from nss_kg.catalogue import QueryInfo
from nss_kg.errors import QueryError
from nss_kg.results import QueryResult

if TYPE_CHECKING:
    import rdflib


class RdflibEngine:
    """Runs queries on an rdflib Graph; results come back in the same form as from the other engines."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph

    def execute(self, info: QueryInfo, bindings: Mapping[str, Term]) -> QueryResult:
        from pyparsing import ParseException

        form = info.form
        try:
            # The VALUES block, not rdflib's initBindings, which joins differently (rdflib issue 1772).
            answer = self.graph.query(with_values(info.text, bindings))
        except ParseException as error:
            raise QueryError(f"{error.lineno}:{error.col}: malformed SPARQL: {error.msg}") from None
        except RecursionError:
            raise QueryError("the query nests too deeply for rdflib's parser") from None
        if form in ("CONSTRUCT", "DESCRIBE"):
            assert answer.graph is not None
            return QueryResult(form, answer.graph.serialize(format="nt", encoding="utf-8"))
        payload = answer.serialize(format="json") or b""
        if form == "SELECT" and _groups(info.text):
            payload = _without_empty_rows(payload)
        return QueryResult.from_json(form, payload, "rdflib")


def _groups(text: str) -> bool:
    """Whether the query's outermost SELECT has a GROUP BY."""
    from nss_kg import sparql_text

    depth = 0
    for token in sparql_text.tokens(text):
        depth += token.text == "{"
        depth -= token.text == "}"
        if depth == 0 and token.kind == "word" and token.text.upper() == "GROUP":
            return True
    return False


def _without_empty_rows(payload: bytes) -> bytes:
    """rdflib answers a grouped aggregate over no solutions with one row binding nothing; SPARQL 1.1 (§18.5,
    Group of an empty multiset) and every other engine answer no row."""
    import json

    answer = json.loads(payload)
    answer["results"]["bindings"] = [row for row in answer["results"]["bindings"] if row]
    return json.dumps(answer).encode("utf-8")
