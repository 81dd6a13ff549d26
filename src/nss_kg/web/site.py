"""What every request of ``nss-kg serve`` and ``nss-kg site`` reads: the served store, its settings and
what is worked out from it once (``Site``), and the configurable limits' defaults."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from typing import NamedTuple

import pyoxigraph as ox
from starlette.requests import Request

from nss_kg import catalogue, export, rdf_files, resources
from nss_kg.catalogue import QueryInfo
from nss_kg.namespaces import BASE_IRI, ONTOLOGY_IRI, PREFIXES
from nss_kg.results import QueryResult
from nss_kg.web import api, entities, graph_store, query_workers, search, sparql_endpoint

#: Defaults of the configurable limits (``nss-kg serve --timeout/--max-rows/--max-body``).
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_BODY = 1_000_000
#: Most /sparql and /api queries running at once, those past their timeout that still run included (a
#: pyoxigraph query cannot be stopped): beyond, 503 with Retry-After.
DEFAULT_MAX_QUERIES = 8
DATASET_IRI = BASE_IRI + "dataset"
SHAPES_IRI = BASE_IRI + "shapes"
#: The dumps the VoID description names (void:dataDump): /dump/nss-kg.nq (the four named graphs) and .ttl.
DUMP_FORMATS = {"nq": "nquads", "ttl": "turtle"}
SUMMIT_SERIES = PREFIXES["nss"] + "SummitSeries"


#: Most packaged-query answers a Site keeps for its pages (a few kilobytes each).
ANSWERS_KEPT = 4096


class Settings(NamedTuple):
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_body: int = DEFAULT_MAX_BODY
    max_queries: int = DEFAULT_MAX_QUERIES


class Site:
    """What every request reads: the store, its size and listing, the catalogue, the settings."""

    def __init__(
        self, store: ox.Store, graph: graph_store.Graph, settings: Settings, *, static: bool = False
    ) -> None:
        self.store = store
        #: The pages are for ``nss-kg site``: no links to what only a server answers (/sparql, /api calls).
        self.static = static
        self.graph = graph
        self.settings = settings
        self.limits = sparql_endpoint.Limits(settings.timeout, settings.max_rows)
        self.slots: sparql_endpoint.QuerySlots | query_workers.WorkerPool = sparql_endpoint.QuerySlots(
            settings.max_queries, store
        )
        self.queries: dict[str, QueryInfo] = catalogue.catalogue()
        self.triples = len(graph)
        subjects = {
            q.subject.value
            for q in graph.all
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(BASE_IRI)
        }
        self.subjects = frozenset(subjects)
        self.ontology_iris = entities.hash_iris(graph, ONTOLOGY_IRI)
        self.shapes = graph_store.Graph(rdf_files.packaged([resources.shapes_file()]))
        self.shapes_iris = entities.hash_iris(self.shapes, SHAPES_IRI)
        self._dumps: dict[str, bytes] = {}
        self.kinds = Counter(s[len(BASE_IRI) :].split("/")[0] for s in subjects if "/" in s[len(BASE_IRI) :])
        #: The path of every subject's document (/summit/2012-seoul), sorted: the pages a site has.
        self.document_paths = sorted(
            {path for path in (entities.local_path(entities.document_iri(s)) for s in subjects) if path}
        )
        self._answers: dict[tuple[str, tuple[tuple[str, str], ...]], QueryResult] = {}
        self.names = search.NameIndex(graph)

    def run_queries_in_processes(self) -> None:
        """Run /sparql and /api queries in worker processes that are killed at their deadline
        (``query_workers``): ``nss-kg serve`` calls this while it is still single-threaded."""
        if isinstance(self.slots, sparql_endpoint.QuerySlots) and hasattr(os, "fork"):
            self.slots = query_workers.WorkerPool(self.store, self.settings.max_queries, sparql_endpoint.Busy)

    def stop_query_processes(self) -> None:
        """Stop the worker processes, if :meth:`run_queries_in_processes` started them."""
        if isinstance(self.slots, query_workers.WorkerPool):
            self.slots.close()

    def dump(self, extension: str) -> bytes:
        """The packaged graph as ``nss-kg export`` writes it in the dump format ``extension``, made once."""
        if extension not in self._dumps:
            self._dumps[extension] = export.serialize(DUMP_FORMATS[extension]).encode("utf-8")
        return self._dumps[extension]

    def answer(self, name: str, params: Mapping[str, str] | None = None) -> QueryResult:
        """A packaged query's answer for the pages (coverage, the profile tables), kept: the graph does not
        change while a server runs. The oldest answers go beyond ANSWERS_KEPT."""
        key = (name, tuple(sorted((params or {}).items())))
        found = self._answers.get(key)
        if found is None:
            found = api.run(self.store, name, dict(key[1]), self.settings.timeout)
            if len(self._answers) >= ANSWERS_KEPT:
                self._answers.pop(next(iter(self._answers)))
            self._answers[key] = found
        return found


def site_of(request: Request) -> Site:
    """The Site the application serves (``create`` keeps it in the application's state)."""
    site: Site = request.app.state.site
    return site
