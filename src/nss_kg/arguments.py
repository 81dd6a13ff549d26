"""Checking what library callers pass: a wrong type is an ArgumentError naming the argument, raised before any
work, rather than an AttributeError from deep inside rdflib or a file name read as a list of characters."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Union

#: Files as callers may give them: one path, or any iterable of paths.
Paths = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]


def paths(files: object, argument: str = "files") -> list[str | os.PathLike[str]]:
    """``files`` as a list of paths: one path (a string or a PathLike) is a list of one."""
    from nss_kg.errors import ArgumentError

    if isinstance(files, (str, os.PathLike)):
        return [files]
    if isinstance(files, (bytes, bytearray)) or not isinstance(files, Iterable):
        raise ArgumentError(f"{argument} must be a path or an iterable of paths, not {type(files).__name__}")
    listed = list(files)
    for item in listed:
        if not isinstance(item, (str, os.PathLike)):
            raise ArgumentError(f"{argument} must hold paths (str or PathLike), not {type(item).__name__}")
    return listed


def rdflib_graph(graph: object, argument: str = "graph") -> None:
    """Raise an ArgumentError unless ``graph`` is an rdflib Graph (or None)."""
    if graph is None:
        return
    from rdflib import Graph

    from nss_kg.errors import ArgumentError

    if not isinstance(graph, Graph):
        raise ArgumentError(f"{argument} must be an rdflib Graph, not {type(graph).__name__}")


def positive_int(value: object, argument: str) -> None:
    """Raise an ArgumentError unless ``value`` is a whole number of at least 1 (a bool is not one)."""
    from nss_kg.errors import ArgumentError

    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ArgumentError(f"{argument} must be a positive whole number, not {value!r}")


def positive_number(value: object, argument: str) -> None:
    """Raise an ArgumentError unless ``value`` is a finite number above 0 (a bool is not one)."""
    import math

    from nss_kg.errors import ArgumentError

    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or value <= 0:  # type: ignore[arg-type,operator]
        raise ArgumentError(f"{argument} must be a positive finite number, not {value!r}")


def port(value: object, argument: str = "port") -> None:
    """Raise an ArgumentError unless ``value`` is a TCP port number, 0 (any free one) to 65535."""
    from nss_kg.errors import ArgumentError

    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
        raise ArgumentError(f"{argument} must be a port number from 0 to 65535, not {value!r}")
