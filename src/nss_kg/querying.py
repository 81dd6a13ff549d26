"""``nss_kg.query``: run a packaged query (or a user's ``.rq`` file) with bound parameters on an engine."""

from __future__ import annotations

from collections.abc import Mapping

from nss_kg import binding, catalogue, sparql_text
from nss_kg.errors import QueryError
from nss_kg.results import QueryResult

# Only type checkers need typing; its import would cost every cold start (see nss_kg.records).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    import rdflib

    from nss_kg.engines import Engine


def resolve(query: str | Path | catalogue.QueryInfo) -> catalogue.QueryInfo:
    """A packaged query by name, or a ``.rq`` file by path (a QueryInfo stays as it is)."""
    if isinstance(query, catalogue.QueryInfo):
        return query
    if not isinstance(query, str) or query.endswith(".rq"):
        from pathlib import Path  # here, not at the top: packaged queries need no pathlib (start-up time)

        return catalogue.from_file(Path(query))
    return catalogue.packaged(query)


def _engine(graph: rdflib.Graph | None, endpoint: str | None, remote: Mapping[str, Any]) -> Engine:
    if endpoint is not None:
        from nss_kg.engines.remote import RemoteEngine

        return RemoteEngine(endpoint, **remote)
    if graph is not None:
        from nss_kg.engines.rdflib_graph import RdflibEngine

        return RdflibEngine(graph)
    from nss_kg.engines.embedded import EmbeddedEngine

    return EmbeddedEngine()


def query(
    query: str | Path | catalogue.QueryInfo,
    params: Mapping[str, object] | None = None,
    *,
    graph: rdflib.Graph | None = None,
    endpoint: str | None = None,
    graph_iri: str | None = None,
    timeout: float | None = None,
    user: str | None = None,
    password: str | None = None,
    auth: str | None = None,
    allow_service: bool = False,
    **keyword_params: object,
) -> QueryResult:
    """Run a query and return its result.

    ``query`` is a packaged query's name (see ``nss-kg queries``) or a path to a ``.rq`` file. Parameters come
    as ``params`` or keywords (``query("summit", year=2010)``). By default the query runs on the embedded
    copy of the packaged graph; ``graph`` runs it on an rdflib Graph instead, ``endpoint`` on a SPARQL
    endpoint (scoped to ``graph_iri``, our named graph by default; ``user``, ``password`` and ``auth`` as for
    ``nss_kg.load``, else from NSS_KG_USER / NSS_KG_PASSWORD). Local queries may not use SERVICE unless
    ``allow_service`` is set, so they never reach the network unasked.
    """
    info = resolve(query)
    text = binding.bind(info, {**(params or {}), **keyword_params})
    if endpoint is None and not allow_service and sparql_text.uses_service(text):
        raise QueryError(f"query '{info.name}' uses SERVICE, which reaches the network; allow it explicitly")
    remote = {"graph_iri": graph_iri, "timeout": timeout, "user": user, "password": password, "auth": auth}
    return _engine(graph, endpoint, remote).execute(text, info.form)
