"""``nss_kg.query``: run a packaged query (or a user's ``.rq`` file) with bound parameters on an engine."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from nss_kg import binding, catalogue, sparql_text
from nss_kg.connection import timeout_seconds
from nss_kg.errors import ArgumentError, LocalResourceError, QueryError
from nss_kg.results import QueryResult

if TYPE_CHECKING:
    from pathlib import Path

    import rdflib

    from nss_kg.connection import Endpoint
    from nss_kg.engines import Engine

T = TypeVar("T")


def resolve(query: str | Path | catalogue.QueryInfo) -> catalogue.QueryInfo:
    """A packaged query by name, or a ``.rq`` file by path (a QueryInfo stays as it is)."""
    if isinstance(query, catalogue.QueryInfo):
        return query
    if not isinstance(query, (str, os.PathLike)):
        raise ArgumentError(f"query must be a query's name or a path, not {type(query).__name__}")
    if not isinstance(query, str) or query.endswith(".rq"):
        from pathlib import Path  # here, not at the top: packaged queries need no pathlib (start-up time)

        return catalogue.from_file(Path(query))
    return catalogue.packaged(query)


def _engine(graph: rdflib.Graph | None, endpoint: Endpoint | str | None, timeout: float | None) -> Engine:
    if endpoint is not None:
        from nss_kg.engines.remote import RemoteEngine

        return RemoteEngine(endpoint, timeout=timeout)
    if graph is not None:
        from nss_kg import arguments
        from nss_kg.engines.rdflib_graph import RdflibEngine

        arguments.rdflib_graph(graph)
        return RdflibEngine(graph)
    from nss_kg.engines.embedded import EmbeddedEngine

    return EmbeddedEngine()


def with_deadline(call: Callable[[], T], timeout: float | None, name: str) -> T:
    """``call()`` on a worker thread, waited for here, at most ``timeout`` seconds.

    While pyoxigraph evaluates a query, the thread running it is in native code, where neither Ctrl-C nor a
    deadline can reach it; this thread waits in Python, where both can. Evaluation cannot be stopped from
    outside, so a query past its deadline is left to finish on its daemon thread.
    """
    import threading

    outcome: list[T | BaseException] = []

    def work() -> None:
        try:
            outcome.append(call())
        except BaseException as error:  # handed to the waiting thread, which raises it
            _clear_frames(error)
            outcome.append(error)

    worker = threading.Thread(target=work, name="nss-kg query", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise LocalResourceError(f"query '{name}' did not finish within {timeout:g} s (raise --timeout?)")
    found = outcome[0]
    if isinstance(found, BaseException):
        raise found
    return found


def _clear_frames(error: BaseException | None) -> None:
    """Free the locals of the frames an error's tracebacks hold, here on the worker thread: pyoxigraph's
    result iterators may only be dropped on the thread that made them."""
    import traceback

    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        traceback.clear_frames(error.__traceback__)
        error = error.__cause__ or error.__context__


def query(
    query: str | Path | catalogue.QueryInfo,
    params: Mapping[str, object] | None = None,
    *,
    graph: rdflib.Graph | None = None,
    endpoint: Endpoint | str | None = None,
    timeout: float | None = None,
    allow_service: bool = False,
    **keyword_params: object,
) -> QueryResult:
    """Run a query and return its result.

    ``query`` is a packaged query's name (see ``nss-kg queries``) or a path to a ``.rq`` file. Its parameters
    come as ``params`` or as keywords (``query("summit", year=2010)``); a parameter named like one of the
    options below goes in ``params``. By default the query runs on the embedded copy of the packaged graph;
    ``graph`` runs it on an rdflib Graph instead, ``endpoint`` (a URL or an nss_kg.Endpoint, with its
    credentials and named graph) on a SPARQL endpoint. ``timeout`` (seconds) bounds the whole query, local or
    remote. Local queries may not use SERVICE unless ``allow_service`` is set, so they never reach the network
    unasked.
    """
    info = resolve(query)
    if params is not None and not isinstance(params, Mapping):
        raise ArgumentError(f"params must be a mapping of names to values, not {type(params).__name__}")
    seconds = timeout_seconds(timeout)
    bound = binding.bindings(info, {**(params or {}), **keyword_params})
    origin = info.origin or info.name
    sparql_text.check_recursion(info.text, origin)
    if endpoint is None and not allow_service and sparql_text.uses_service(info.text):
        raise QueryError(f"query '{info.name}' uses SERVICE, which reaches the network; allow it explicitly")
    engine = _engine(graph, endpoint, seconds)
    if endpoint is not None:
        return engine.execute(info, bound)  # the HTTP client keeps its own deadline, and Ctrl-C works
    try:
        return with_deadline(lambda: engine.execute(info, bound), seconds, info.name)
    except QueryError as error:
        message = str(error)  # "line:column: …" when the engine knows where
        raise QueryError(f"{origin}:{'' if message[:1].isdigit() else ' '}{message}") from None
