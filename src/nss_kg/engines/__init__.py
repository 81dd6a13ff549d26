"""Query engines: one interface, an implementation per engine.

``embedded`` (pyoxigraph, the default: measured fastest, see benchmarks/), ``rdflib_graph`` (any rdflib
Graph a user holds) and ``remote`` (a SPARQL endpoint over HTTP). Each takes the query text with its
parameters already bound (nss_kg.binding) and returns a QueryResult.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Protocol

    from nss_kg.results import QueryResult

    class Engine(Protocol):
        """Runs a bound SPARQL query whose form (SELECT, ASK, CONSTRUCT, DESCRIBE) is known."""

        def execute(self, text: str, form: str) -> QueryResult: ...
