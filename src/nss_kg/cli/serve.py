"""``nss-kg serve [--host 127.0.0.1] [--port 8000] [--data FILE …]``: publish the graph as linked data.

Every IRI under https://w3id.org/nss-kg/ answers at its path (HTML for people, Turtle, JSON-LD, N-Triples
and RDF/XML for programs, by Accept), with a read-only SPARQL endpoint at /sparql and the packaged queries as
a REST API at /api. Listens on 127.0.0.1 unless --host says otherwise. Exit codes: 2 a bad --data file or
option, 4 the address cannot be had (a port in use). Ctrl-C or SIGTERM stops the server, after the requests
under way.
"""

from __future__ import annotations

import argparse
import sys

from nss_kg.cli.parser import seconds


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {text!r}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {text!r}")
    return value


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "serve",
        help="serve the graph as linked data, with a SPARQL endpoint and a REST API",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000; 0: any)")
    parser.add_argument(
        "--data", nargs="+", action="extend", default=[], metavar="FILE", help="RDF files to serve as well"
    )
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=10.0,
        metavar="SECONDS",
        help="longest a query may run (default: 10)",
    )
    parser.add_argument(
        "--max-rows", type=_positive, default=10_000, metavar="N",
        help="most rows (or triples) /sparql sends for one query (default: 10000)",
    )  # fmt: skip
    parser.add_argument(
        "--max-body", type=_positive, default=1_000_000, metavar="BYTES",
        help="largest request body accepted (default: 1000000)",
    )  # fmt: skip
    parser.add_argument(
        "--max-queries", type=_positive, default=8, metavar="N",
        help="queries run at once per process; beyond, 503 with Retry-After (default: 8)",
    )  # fmt: skip
    parser.add_argument(
        "--header-timeout", type=seconds, default=10.0, metavar="SECONDS",
        help="longest a client may take to send a request's headers; then it is cut off (default: 10)",
    )  # fmt: skip
    parser.add_argument(
        "--max-connections", type=_positive, default=512, metavar="N",
        help="open connections per process; more are closed at once (default: 512)",
    )  # fmt: skip
    parser.add_argument(
        "--query-threads", action="store_true",
        help="run queries on threads, not in processes killed at --timeout (a slow query then runs on)",
    )  # fmt: skip
    parser.add_argument(
        "--workers", type=_positive, default=1, metavar="N",
        help="processes answering (one query at a time each; more use more cores) (default: 1, at most 64)",
    )  # fmt: skip
    return parser


def run(args: argparse.Namespace) -> int:
    import signal

    from nss_kg import web

    # uvicorn stops gracefully on SIGTERM, then raises it again with the handler it found: the default one,
    # so that the server ends as killed by SIGTERM (what systemd calls a clean stop), not as interrupted.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def ready(address: tuple[str, int]) -> None:
        host = f"[{address[0]}]" if ":" in address[0] else address[0]
        print(f"nss-kg: serving on http://{host}:{address[1]}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)

    web.serve(
        args.host, args.port, args.data, timeout=args.timeout, max_rows=args.max_rows, max_body=args.max_body,
        max_queries=args.max_queries, workers=args.workers, ready=ready,
        header_timeout=args.header_timeout, max_connections=args.max_connections,
        query_processes=not args.query_threads,
    )  # fmt: skip
    return 0
