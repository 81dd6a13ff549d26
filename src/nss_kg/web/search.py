"""Finding an entity by any of its names: every label (rdfs:label, skos:prefLabel, skos:altLabel) in every
language, matched without regard to case or width, whole labels before beginnings before inner matches.

``nss-kg serve`` answers ``/search?q=…``; without ``q`` (and on the static site, which answers no query) the
page is the index of every name, sorted, for the browser's find-in-page.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

import pyoxigraph as ox

from nss_kg.namespaces import BASE_IRI, PREFIXES
from nss_kg.web import entities
from nss_kg.web.graph_store import Graph

NAME_PROPERTIES = (*entities.LABELS, ox.NamedNode(PREFIXES["skos"] + "altLabel"))
#: Most answers a search shows.
MAX_HITS = 100


class Name(NamedTuple):
    """One name of an entity: the text, its language tag, and the entity's IRI."""

    text: str
    language: str
    iri: str


def _folded(text: str) -> str:
    """Case and width folded (full-width and ordinary Latin letters alike), as a reader would expect."""
    return unicodedata.normalize("NFKC", text).casefold()


class NameIndex:
    """Every name of every entity under BASE_IRI, folded once."""

    def __init__(self, graph: Graph) -> None:
        names = []
        for prop in NAME_PROPERTIES:
            for triple in graph.triples(None, prop, None):
                subject, value = triple.subject, triple.object
                if not isinstance(subject, ox.NamedNode) or not isinstance(value, ox.Literal):
                    continue
                if subject.value.startswith(BASE_IRI):
                    names.append(Name(value.value, value.language or "", subject.value))
        self.names = sorted(set(names), key=lambda n: (_folded(n.text), n.iri))
        self._folded = [_folded(n.text) for n in self.names]

    def find(self, query: str, limit: int = MAX_HITS) -> list[Name]:
        """The names that contain ``query``: each entity once, by its best-matching name."""
        wanted = _folded(query.strip())
        if not wanted:
            return []
        ranked: dict[str, tuple[int, Name]] = {}
        for folded, name in zip(self._folded, self.names, strict=True):
            position = folded.find(wanted)
            if position < 0:
                continue
            rank = 0 if folded == wanted else 1 if position == 0 else 2
            if name.iri not in ranked or rank < ranked[name.iri][0]:
                ranked[name.iri] = (rank, name)
        best = sorted(ranked.values(), key=lambda hit: (hit[0], _folded(hit[1].text), hit[1].iri))
        return [name for _, name in best[:limit]]
