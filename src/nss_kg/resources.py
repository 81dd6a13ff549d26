"""Where the packaged ontology, data and queries are: in the installed package, as the import system says.

``importlib.resources.files`` answers for every kind of installation (a folder, a zip, a custom loader). For
the common one, a package in a folder, its answer is the package's ``__path__`` entry; we read that entry
ourselves, because importing ``importlib.resources`` (pathlib, tempfile, zipfile, typing) costs about a third
of a cold ``nss-kg query``. ``tests/test_resources.py`` checks both ways give the same files, and that the
package still works from a zip.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import TYPE_CHECKING

from nss_kg.errors import NssKgError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Protocol

    class Resource(Protocol):
        """What we use of a packaged file or folder (an importlib.resources Traversable, a PackageFile)."""

        @property
        def name(self) -> str: ...
        def joinpath(self, *descendants: str) -> Resource: ...
        def iterdir(self) -> Iterator[Resource]: ...
        def is_file(self) -> bool: ...
        def is_dir(self) -> bool: ...
        def read_bytes(self) -> bytes: ...
        def read_text(self, encoding: str | None = None) -> str: ...


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


class PackageFile:
    """A file or folder of a package installed in a folder, read with plain ``os`` calls."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"PackageFile({self.path!r})"

    def __str__(self) -> str:
        return self.path

    def __fspath__(self) -> str:
        return self.path

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    def joinpath(self, *descendants: str) -> PackageFile:
        return PackageFile(os.path.join(self.path, *descendants))

    def iterdir(self) -> Iterator[PackageFile]:
        return (self.joinpath(name) for name in os.listdir(self.path))

    def is_file(self) -> bool:
        return os.path.isfile(self.path)

    def is_dir(self) -> bool:
        return os.path.isdir(self.path)

    def read_bytes(self) -> bytes:
        with open(self.path, "rb") as file:
            return file.read()

    def read_text(self, encoding: str | None = None) -> str:
        with open(self.path, encoding=encoding) as file:
            return file.read()


@cache
def package_root() -> Resource:
    """The installed package's top folder, whatever kind of installation it is."""
    spec = sys.modules[PACKAGE].__spec__
    locations = (spec.submodule_search_locations or []) if spec is not None and spec.has_location else []
    # A package imported from a folder has exactly one location, its folder; a zip or a custom loader is
    # left to importlib.resources, which knows how to read from it.
    if len(locations) == 1 and os.path.isdir(locations[0]):
        return PackageFile(locations[0] if _has_files(locations[0]) else _editable_copy(locations[0]))
    from importlib.resources import files

    return files(PACKAGE)


def _has_files(folder: str) -> bool:
    return os.path.isdir(os.path.join(folder, "queries"))


def _editable_copy(package_folder: str) -> str:
    """Where an editable install keeps the packaged files (else ``package_folder``, to name in errors).

    ``pip install -e .`` imports the code from the checkout's src/, while the build copies ontology/, data/
    and queries/ into site-packages/nss_kg/: a folder of the package's name with no ``__init__.py`` (so
    not another installation of nss-kg) further along sys.path.
    """
    for entry in sys.path:
        candidate = os.path.abspath(os.path.join(entry, PACKAGE))  # absolute: the answer is cached
        if _has_files(candidate) and not os.path.exists(os.path.join(candidate, "__init__.py")):
            return candidate
    return package_folder


def folder(name: str) -> Resource:
    """One of the packaged folders: ``ontology``, ``data`` or ``queries``."""
    found = package_root().joinpath(name)
    if not found.is_dir():
        raise NssKgError(f"{found}: missing from the installed package; reinstall nss-kg ('pip install .')")
    return found


def ontology_files() -> list[Resource]:
    """The ontology's Turtle files, in a fixed order."""
    return [folder("ontology").joinpath(name) for name in ONTOLOGY_FILES]


def data_files() -> list[Resource]:
    """The data's Turtle files, sorted by name."""
    return sorted((f for f in folder("data").iterdir() if f.name.endswith(".ttl")), key=lambda f: f.name)


def graph_files() -> list[Resource]:
    """Every Turtle file of the graph ``nss_kg.graph()`` returns: ontology, then data."""
    return ontology_files() + data_files()


def shapes_file() -> Resource:
    """The SHACL shapes graph."""
    return folder("ontology").joinpath(SHAPES_FILE)


def query_files() -> list[Resource]:
    """The packaged SPARQL queries, sorted by name."""
    return sorted((f for f in folder("queries").iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
