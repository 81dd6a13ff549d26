"""nss-kg: the Nuclear Security Summit as linked data.

The public API is imported lazily, so ``import nss_kg`` and the CLI start fast: rdflib, pyshacl and
SPARQLWrapper are loaded only by the calls that need them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from nss_kg.catalogue import QueryInfo, catalogue
    from nss_kg.errors import EndpointError, InputError, NssKgError, ParameterError, QueryError
    from nss_kg.graph import graph, ontology, shapes
    from nss_kg.querying import query
    from nss_kg.results import QueryResult

_EXPORTS = {
    "QueryInfo": "nss_kg.catalogue",
    "catalogue": "nss_kg.catalogue",
    "EndpointError": "nss_kg.errors",
    "InputError": "nss_kg.errors",
    "NssKgError": "nss_kg.errors",
    "ParameterError": "nss_kg.errors",
    "QueryError": "nss_kg.errors",
    "graph": "nss_kg.graph",
    "ontology": "nss_kg.graph",
    "shapes": "nss_kg.graph",
    "query": "nss_kg.querying",
    "QueryResult": "nss_kg.results",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nss_kg' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return __all__
