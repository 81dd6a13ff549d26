# What nss_kg exports, for type checkers: __init__.py imports each name only when it is first used.
from nss_kg.catalogue import QueryInfo as QueryInfo
from nss_kg.catalogue import catalogue as queries
from nss_kg.connection import Endpoint as Endpoint
from nss_kg.errors import ArgumentError as ArgumentError
from nss_kg.errors import EndpointError as EndpointError
from nss_kg.errors import InputError as InputError
from nss_kg.errors import LocalResourceError as LocalResourceError
from nss_kg.errors import NssKgError as NssKgError
from nss_kg.errors import ParameterError as ParameterError
from nss_kg.errors import QueryError as QueryError
from nss_kg.export import dataset as dataset
from nss_kg.export import serialize as serialize
from nss_kg.graphs import graph as graph
from nss_kg.graphs import ontology as ontology
from nss_kg.graphs import shapes as shapes
from nss_kg.querying import query as query
from nss_kg.results import QueryResult as QueryResult
from nss_kg.sparqlwrapper_handoff import sparql_wrapper as sparql_wrapper
from nss_kg.store_loading import load as load
from nss_kg.validation import Severity as Severity
from nss_kg.validation import ValidationReport as ValidationReport
from nss_kg.validation import ValidationResult as ValidationResult
from nss_kg.validation import validate as validate

__version__: str
_EXPORTS: dict[str, str]
__all__ = [
    "ArgumentError",
    "Endpoint",
    "EndpointError",
    "InputError",
    "LocalResourceError",
    "NssKgError",
    "ParameterError",
    "QueryError",
    "QueryInfo",
    "QueryResult",
    "Severity",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "dataset",
    "graph",
    "load",
    "ontology",
    "queries",
    "query",
    "serialize",
    "shapes",
    "sparql_wrapper",
    "validate",
]

def __dir__() -> list[str]: ...
