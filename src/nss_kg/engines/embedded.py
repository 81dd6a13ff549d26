"""The embedded engine: the packaged graph in an in-memory pyoxigraph store, loaded once per process."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from pyoxigraph import Store

from nss_kg import binding, rdf_files, resources
from nss_kg.catalogue import QueryInfo
from nss_kg.engines import prebinding
from nss_kg.errors import EndpointError, QueryError
from nss_kg.results import QueryResult


@cache
def packaged_store() -> Store:
    """A store holding the ontology and the data in its default graph."""
    return rdf_files.store(resources.graph_files())


class EmbeddedEngine:
    """Runs queries on a pyoxigraph store, by default the packaged graph."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store if store is not None else packaged_store()

    def execute(self, info: QueryInfo, bindings: Mapping[str, binding.Term]) -> QueryResult:
        # The bound terms written in place, which Oxigraph plans far better than a VALUES block
        # (nss_kg.engines.prebinding); should that text not parse, the VALUES block every engine gets.
        inlined = prebinding.inline(info.text, bindings) if bindings else None
        with_values = binding.with_values(info.text, bindings)
        try:
            try:
                answer = self.store.query(inlined or with_values)
            except SyntaxError:
                if inlined is None:
                    raise
                answer = self.store.query(with_values)
            # Evaluation is lazy: errors of a SERVICE call come while the answer is read.
            return QueryResult.from_pyoxigraph(info.form, answer)
        except SyntaxError as error:
            at = re.match(r"error at (\d+:\d+): ", error.msg)  # pyoxigraph's own way to say where
            where = f"{at[1]}: " if at else ""
            raise QueryError(f"{where}malformed SPARQL: {error.msg[at.end() if at else 0 :]}") from None
        except OSError as error:
            # An in-memory store does no I/O of its own: this is a SERVICE call that failed.
            raise EndpointError(f"a SERVICE call failed: {error}") from None
