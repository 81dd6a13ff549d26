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
        return QueryResult.from_json(form, answer.serialize(format="json") or b"", "rdflib")
