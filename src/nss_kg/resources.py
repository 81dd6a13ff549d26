"""Where the packaged ontology, data and queries are: in the installed package, via importlib.resources."""

from __future__ import annotations

import sys
from importlib.resources import files

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable as Traversable
else:
    from importlib.abc import Traversable as Traversable

PACKAGE = "nss_kg"

#: The base of every IRI the project mints; documented in the README.
BASE_IRI = "https://w3id.org/nss-kg/"
ONTOLOGY_IRI = BASE_IRI + "ontology"
NAMESPACE = ONTOLOGY_IRI + "#"
#: The named graph that ``nss-kg load`` fills and remote queries read by default; documented in the README.
GRAPH_IRI = BASE_IRI + "graph"

#: Ontology files that make up the graph; the SHACL shapes are kept apart (they describe the graph).
ONTOLOGY_FILES = ("nss.ttl", "alignments.ttl")
SHAPES_FILE = "shapes.ttl"


def folder(name: str) -> Traversable:
    """One of the packaged folders: ``ontology``, ``data`` or ``queries``."""
    return files(PACKAGE).joinpath(name)


def ontology_files() -> list[Traversable]:
    """The ontology's Turtle files, in a fixed order."""
    return [folder("ontology").joinpath(name) for name in ONTOLOGY_FILES]


def data_files() -> list[Traversable]:
    """The data's Turtle files, sorted by name."""
    return sorted((f for f in folder("data").iterdir() if f.name.endswith(".ttl")), key=lambda f: f.name)


def graph_files() -> list[Traversable]:
    """Every Turtle file of the graph ``nss_kg.graph()`` returns: ontology, then data."""
    return ontology_files() + data_files()


def shapes_file() -> Traversable:
    """The SHACL shapes graph."""
    return folder("ontology").joinpath(SHAPES_FILE)


def query_files() -> list[Traversable]:
    """The packaged SPARQL queries, sorted by name."""
    return sorted((f for f in folder("queries").iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
