"""The graph the server publishes: the packaged ontology and data, plus the user's ``--data`` files, in
one pyoxigraph store. The triples are in the default graph, which the packaged queries read, and again in
the named graph https://w3id.org/nss-kg/graph, which remote clients (nss_kg's own among them) name as their
dataset."""

from __future__ import annotations

import os
from collections.abc import Iterable

import pyoxigraph as ox

from nss_kg import rdf_files, resources
from nss_kg.namespaces import GRAPH_IRI


def triples(data: Iterable[str | os.PathLike[str]] = ()) -> list[ox.Triple]:
    """The packaged graph's triples and those of the ``data`` files (an InputError for a bad file)."""
    loaded = rdf_files.packaged(resources.graph_files())
    for path in data:
        loaded += rdf_files.read_file(path)
    return loaded


def build(data: Iterable[str | os.PathLike[str]] = ()) -> tuple[ox.Store, Graph]:
    """A store holding the packaged graph and the ``data`` files, in the default graph and in GRAPH_IRI,
    and the same triples indexed as a Graph."""
    store = ox.Store()
    named = ox.NamedNode(GRAPH_IRI)
    loaded = triples(data)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in loaded)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, named) for t in loaded)
    return store, Graph(loaded)


class Graph:
    """The served triples as written (the store turns derived integer types such as xsd:positiveInteger into
    xsd:integer), indexed by subject and by object, for the entity documents and pages."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.all = list(dict.fromkeys(triples))
        self.by_subject: dict[object, list[ox.Triple]] = {}
        self.by_object: dict[object, list[ox.Triple]] = {}
        for triple in self.all:
            self.by_subject.setdefault(triple.subject, []).append(triple)
            self.by_object.setdefault(triple.object, []).append(triple)

    def __len__(self) -> int:
        return len(self.all)

    def triples(
        self, subject: object = None, predicate: object = None, value: object = None
    ) -> list[ox.Triple]:
        """The triples that match a pattern (None matches anything)."""
        if subject is not None:
            found = self.by_subject.get(subject, [])
        elif value is not None:
            found = self.by_object.get(value, [])
        else:
            found = self.all
        return [
            t
            for t in found
            if (predicate is None or t.predicate == predicate) and (value is None or t.object == value)
        ]
