"""``nss-kg serve``: the graph published as linked data, with a SPARQL endpoint and a REST API.

Starlette, uvicorn and Jinja2 (the ``web`` extra) are imported only here, never by ``nss-kg query``.

``app(data=[...])`` returns the ASGI application (for any ASGI server, or Starlette's TestClient);
``serve(host, port, data=[...])`` runs it with uvicorn until Ctrl-C.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from nss_kg import arguments
from nss_kg.errors import ArgumentError

if TYPE_CHECKING:
    import socket

    import uvicorn
    from starlette.applications import Starlette

    from nss_kg.web.site import Site

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def app(
    data: Iterable[str | os.PathLike[str]] = (),
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
    max_body: int | None = None,
    max_queries: int | None = None,
) -> Starlette:
    """The ASGI application serving the packaged graph plus the RDF files ``data`` (an InputError for a
    bad file). ``timeout`` (seconds) and ``max_rows`` bound each /sparql query, ``max_body`` (bytes) each
    request; at most ``max_queries`` /sparql and /api queries run at once (default 8; a query past its
    timeout counts until it really ends), and beyond that the server answers 503 with Retry-After."""
    from nss_kg.web import application, site

    files = arguments.paths(data, "data")
    if timeout is not None:
        arguments.positive_number(timeout, "timeout")
    for value, name in ((max_rows, "max_rows"), (max_body, "max_body"), (max_queries, "max_queries")):
        if value is not None:
            arguments.positive_int(value, name)
    return application.create(
        files,
        timeout=site.DEFAULT_TIMEOUT if timeout is None else timeout,
        max_rows=site.DEFAULT_MAX_ROWS if max_rows is None else max_rows,
        max_body=site.DEFAULT_MAX_BODY if max_body is None else max_body,
        max_queries=site.DEFAULT_MAX_QUERIES if max_queries is None else max_queries,
    )


def listen(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
    """A socket listening on ``host:port``; a LocalResourceError (exit code 4) if the address is taken or
    cannot be had, an ArgumentError for a port outside 0-65535 (the socket would take it modulo 65536)."""
    arguments.port(port)
    import socket

    from nss_kg.errors import InputError, LocalResourceError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise InputError(f"cannot listen on {host}: {error.strerror}") from None
    family, kind, protocol, _, address = infos[0]
    listener = socket.socket(family, kind, protocol)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError as error:
        listener.close()
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        raise LocalResourceError(f"cannot listen on {where}: {error.strerror or error}") from None
    listener.set_inheritable(True)
    return listener


#: Most worker processes ``serve`` starts (``nss-kg serve --workers``).
MAX_WORKERS = 64


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    data: Iterable[str | os.PathLike[str]] = (),
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
    max_body: int | None = None,
    max_queries: int | None = None,
    workers: int = 1,
    ready: object = None,
    header_timeout: float | None = None,
    max_connections: int | None = None,
    query_processes: bool = True,
) -> None:
    """Serve the graph on ``host:port`` (127.0.0.1 unless told otherwise) until interrupted.

    The data is read and the port taken before anything is served, so that a bad file (InputError) or a
    port in use (LocalResourceError) fails at once. ``ready``, a callable, is called with the socket's address
    once the server listens.

    ``workers`` processes answer (each with its own query slots): one process runs one query at a time,
    since pyoxigraph holds the interpreter's lock while it evaluates, so a server with more cores than one
    answers more queries with more workers. The others are forked from this process once the graph is
    loaded and the port taken, share its socket, and stop with it (or when it is gone). At most
    MAX_WORKERS: each holds the graph in memory, and a mistyped count must not fork thousands.

    A client has ``header_timeout`` seconds to send a request's headers, and at most ``max_connections`` are
    open at once per process (``nss_kg.web.connections``: uvicorn bounds neither). ``/sparql`` and ``/api``
    queries run in worker processes that are killed at their deadline (``nss_kg.web.query_workers``); with
    ``query_processes=False`` (or without ``os.fork``) on threads, where a query past its deadline runs on.
    """
    import uvicorn

    from nss_kg.web import connections

    if header_timeout is not None:
        arguments.positive_number(header_timeout, "header_timeout")
    if max_connections is not None:
        arguments.positive_int(max_connections, "max_connections")
    http = connections.protocol(
        connections.HEADER_TIMEOUT if header_timeout is None else header_timeout,
        connections.MAX_CONNECTIONS if max_connections is None else max_connections,
    )

    arguments.positive_int(workers, "workers")
    if workers > MAX_WORKERS:
        raise ArgumentError(f"workers must be at most {MAX_WORKERS}, not {workers}")
    if workers > 1 and not (hasattr(os, "fork") and threading.current_thread() is threading.main_thread()):
        raise ArgumentError("workers: more than one needs os.fork, called from the main thread")
    application = app(data, timeout=timeout, max_rows=max_rows, max_body=max_body, max_queries=max_queries)
    listener = listen(host, port)
    config = uvicorn.Config(application, log_level="warning", access_log=False, lifespan="off", http=http)
    if callable(ready):
        ready(listener.getsockname())
    site = application.state.site
    if workers == 1:
        try:
            if query_processes:
                site.run_queries_in_processes()  # before uvicorn starts any thread
            uvicorn.Server(config).run(sockets=[listener])
        finally:
            site.stop_query_processes()
            listener.close()
        return
    children: list[int] = []

    # uvicorn stops on SIGTERM, then raises the signal again with the handler it found: this one, which stops
    # the workers before the process ends as it would have.
    def stop_then_end(signum: int, frame: object) -> None:
        _stop_workers(children)
        signal.signal(signum, signal.SIG_DFL)
        signal.raise_signal(signum)

    previous = signal.getsignal(signal.SIGTERM)
    try:
        for _ in range(workers - 1):
            children.append(_fork_worker(config, listener, site if query_processes else None))
        signal.signal(signal.SIGTERM, stop_then_end)
        if query_processes:
            site.run_queries_in_processes()
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        site.stop_query_processes()
        _stop_workers(children)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        listener.close()


def _fork_worker(config: uvicorn.Config, listener: socket.socket, site: Site | None) -> int:
    """A forked worker process serving ``listener`` until it gets SIGTERM or SIGINT, or its parent is gone;
    its process id."""
    import uvicorn

    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    status = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if site is not None:
            site.run_queries_in_processes()  # its own, before its first thread

        def watch_parent() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGTERM)  # the parent was killed: stop as on SIGTERM

        threading.Thread(target=watch_parent, name="nss-kg worker", daemon=True).start()
        uvicorn.Server(config).run(sockets=[listener])
    except BaseException:  # a worker never goes back into the parent's code
        status = 1
    finally:
        os._exit(status)


def _stop_workers(children: list[int]) -> None:
    """SIGTERM to each worker (they finish the requests under way), and wait for them."""
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    for pid in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    children.clear()
