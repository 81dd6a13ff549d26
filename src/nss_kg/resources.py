"""Where the packaged ontology, data and queries are.

The folders live at the top of the repository. A wheel carries them inside the package, beside this file;
an editable install (``pip install -e .``) runs the code from ``src/nss_kg``, two levels below them, and so
reads the files of the checkout as they are edited.
"""

from __future__ import annotations

import os
from functools import cache

from nss_kg.errors import NssKgError

#: Ontology files that make up the graph; the SHACL shapes are kept apart (they describe the graph).
ONTOLOGY_FILES = ("nss.ttl", "alignments.ttl")
SHAPES_FILE = "shapes.ttl"
_FOLDERS = ("ontology", "data", "queries")

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_CHECKOUT = os.path.dirname(os.path.dirname(_PACKAGE))


@cache
def root() -> str:
    """The folder that holds ``ontology/``, ``data/`` and ``queries/``."""
    for candidate in (_PACKAGE, _CHECKOUT):
        if all(os.path.isdir(os.path.join(candidate, name)) for name in _FOLDERS):
            return candidate
    raise NssKgError(f"{_PACKAGE}: the packaged ontology, data and queries are missing; reinstall nss-kg")


def folder(name: str) -> str:
    """One of the packaged folders: ``ontology``, ``data`` or ``queries``."""
    return os.path.join(root(), name)


def _listing(name: str, suffix: str) -> list[str]:
    return [os.path.join(folder(name), f) for f in sorted(os.listdir(folder(name))) if f.endswith(suffix)]


def ontology_files() -> list[str]:
    """The ontology's Turtle files, in a fixed order."""
    return [os.path.join(folder("ontology"), name) for name in ONTOLOGY_FILES]


def data_files() -> list[str]:
    """The data's Turtle files, sorted by name."""
    return _listing("data", ".ttl")


def graph_files() -> list[str]:
    """Every Turtle file of the graph ``nss_kg.graph()`` returns: ontology, then data."""
    return ontology_files() + data_files()


def shapes_file() -> str:
    """The SHACL shapes graph."""
    return os.path.join(folder("ontology"), SHAPES_FILE)


def query_files() -> list[str]:
    """The packaged SPARQL queries, sorted by name."""
    return _listing("queries", ".rq")


def read_text(path: str) -> str:
    """A packaged file's text."""
    with open(path, encoding="utf-8") as file:
        return file.read()
