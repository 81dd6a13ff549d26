"""``nss_kg.sparql_wrapper``: a packaged query, its parameters bound, handed over as a ready SPARQLWrapper.

For users whose code already speaks SPARQLWrapper (its result conversion, its return formats, its own
endpoints): the query text is the one ``nss_kg.query`` sends, each parameter bound as an RDF term in a
VALUES clause, never pasted into the text. nss-kg's own engine does not send through SPARQLWrapper
(docs/stores.md, "Querying a store" says why: a process-wide opener, whole-second timeouts, credentials
that follow redirects to other hosts); the wrapper is for endpoints the user trusts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from nss_kg import binding, sparql_text
from nss_kg.errors import ArgumentError
from nss_kg.namespaces import GRAPH_IRI
from nss_kg.querying import resolve

if TYPE_CHECKING:
    from pathlib import Path

    from SPARQLWrapper import SPARQLWrapper

    from nss_kg.catalogue import QueryInfo


def sparql_wrapper(
    query: str | Path | QueryInfo,
    endpoint: str,
    params: Mapping[str, object] | None = None,
    *,
    graph: str | None = GRAPH_IRI,
    **keyword_params: object,
) -> SPARQLWrapper:
    """A SPARQLWrapper ready to send ``query`` to ``endpoint``; call ``.query().convert()`` on it.

    ``query`` and the parameters are as for ``nss_kg.query``. The query asks for SPARQL JSON results (a
    SELECT or ASK) or Turtle (a CONSTRUCT or DESCRIBE), by POST, scoped to ``graph`` as its default and named
    graph (``nss-kg load`` puts the graph there; None leaves the endpoint's own dataset).
    Raises ArgumentError or ParameterError for an unknown query or a bad parameter.
    """
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    if not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://")):
        raise ArgumentError(f"endpoint must be an http or https URL, not {endpoint!r}")
    if params is not None and not isinstance(params, Mapping):
        raise ArgumentError(f"params must be a mapping of names to values, not {type(params).__name__}")
    info = resolve(query)
    text = binding.bind(info, {**(params or {}), **keyword_params})
    sparql_text.check_recursion(info.text, info.origin or info.name)
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(text)
    # SPARQLWrapper guesses the form with a regular expression, which takes "nuclear" for CLEAR.
    wrapper.queryType = info.form
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(TURTLE if info.form in ("CONSTRUCT", "DESCRIBE") else JSON)
    if graph is not None:
        wrapper.addDefaultGraph(graph)
        wrapper.addNamedGraph(graph)
    return wrapper
