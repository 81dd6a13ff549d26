"""Query engines: one interface, an implementation per engine.

``embedded`` (pyoxigraph, the default: measured fastest, see benchmarks/), ``rdflib_graph`` (any rdflib
Graph a user holds) and ``remote`` (a SPARQL endpoint over HTTP). Each is given a query and its parameters
as RDF terms (nss_kg.binding), and returns a QueryResult.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from nss_kg.binding import Term
from nss_kg.catalogue import QueryInfo
from nss_kg.results import QueryResult


class Engine(Protocol):
    """Runs a query with its parameter variables (without ``?``) bound to terms."""

    def execute(self, info: QueryInfo, bindings: Mapping[str, Term]) -> QueryResult: ...
