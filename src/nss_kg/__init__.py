"""nss-kg: the Nuclear Security Summit as linked data.

The public API is imported lazily, so ``import nss_kg`` and the CLI start fast: rdflib and pyshacl are
loaded only by the calls that need them. ``__init__.pyi`` tells type checkers what each name is (the
lazy-loading convention of scientific Python's SPEC 1), so this module imports nothing else: Ctrl-C while
the CLI starts finds it already past.
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "QueryInfo": "nss_kg.catalogue",
    "queries": "nss_kg.catalogue:catalogue",
    "Endpoint": "nss_kg.connection",
    "ArgumentError": "nss_kg.errors",
    "EndpointError": "nss_kg.errors",
    "LocalResourceError": "nss_kg.errors",
    "InputError": "nss_kg.errors",
    "NssKgError": "nss_kg.errors",
    "ParameterError": "nss_kg.errors",
    "QueryError": "nss_kg.errors",
    "dataset": "nss_kg.export",
    "serialize": "nss_kg.export",
    "graph": "nss_kg.graphs",
    "ontology": "nss_kg.graphs",
    "shapes": "nss_kg.graphs",
    "query": "nss_kg.querying",
    "load": "nss_kg.store_loading",
    "sparql_wrapper": "nss_kg.sparqlwrapper_handoff",
    "QueryResult": "nss_kg.results",
    "Severity": "nss_kg.validation",
    "ValidationReport": "nss_kg.validation",
    "ValidationResult": "nss_kg.validation",
    "validate": "nss_kg.validation",
}

__all__ = sorted(["__version__", *_EXPORTS])


def __getattr__(name: str) -> object:
    # Exported names must differ from submodule names: importing a submodule sets the package attribute.
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'nss_kg' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    return getattr(import_module(module), attribute or name)


def __dir__() -> list[str]:
    return __all__
