"""The embedded engine: the packaged graph in an in-memory pyoxigraph store, loaded once per process."""

from __future__ import annotations

import re
from functools import cache

from pyoxigraph import RdfFormat, Store

from nss_kg import resources
from nss_kg.engines import prebinding
from nss_kg.errors import EndpointError, QueryError
from nss_kg.results import QueryResult


@cache
def packaged_store() -> Store:
    """A store holding the ontology and the data in its default graph."""
    store = Store()
    for path in resources.graph_files():
        # load(), not bulk_load(): for a graph this small, bulk loading's set-up costs more than it saves.
        store.load(input=path.read_bytes(), format=RdfFormat.TURTLE, base_iri=resources.BASE_IRI)
    return store


class EmbeddedEngine:
    """Runs queries on a pyoxigraph store, by default the packaged graph."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store if store is not None else packaged_store()

    def execute(self, text: str, form: str) -> QueryResult:
        try:
            # The same query with its bound parameters written in place, which Oxigraph plans far better
            # (nss_kg.engines.prebinding); should that text not parse, the query as it was given.
            inlined = prebinding.inline(text)
            try:
                answer = self.store.query(inlined)
            except SyntaxError:
                if inlined is text:
                    raise
                answer = self.store.query(text)
            # Evaluation is lazy: errors of a SERVICE call come while the answer is read.
            return QueryResult.from_pyoxigraph(form, answer)
        except SyntaxError as error:
            at = re.match(r"error at (\d+:\d+): ", error.msg)  # pyoxigraph's own way to say where
            where = f"{at[1]}: " if at else ""
            raise QueryError(f"{where}malformed SPARQL: {error.msg[at.end() if at else 0 :]}") from None
        except OSError as error:
            # An in-memory store does no I/O of its own: this is a SERVICE call that failed.
            raise EndpointError(f"a SERVICE call failed: {error}") from None
