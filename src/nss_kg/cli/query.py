"""``nss-kg query NAME|FILE.rq [name=value …]``: run a packaged query, or your own, here or on an endpoint."""

from __future__ import annotations

import argparse
import sys

from nss_kg.cli.parser import seconds
from nss_kg.connection import AUTH_SCHEMES, PASSWORD_VARIABLE, USER_VARIABLE, Endpoint
from nss_kg.errors import ParameterError

LANGUAGES = ("en", "zh-Hant", "zh-Hans")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """The options every command that prints query results shares."""
    parser.add_argument(
        "--format",
        "-f",
        help="table (default for SELECT), markdown, csv, tsv, json, xml; "
        "turtle (default for CONSTRUCT), ntriples, rdfxml, jsonld, n3",
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="language of labels, for queries that take 'lang'")
    parser.add_argument(
        "--endpoint", metavar="URL", help="run on this SPARQL endpoint instead of the embedded graph"
    )
    parser.add_argument(
        "--graph", metavar="IRI", help="with --endpoint: the named graph to query (default: nss-kg's graph)"
    )
    add_connection_options(parser)


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """How to reach an endpoint: the options ``query --endpoint`` and ``load`` share."""
    parser.add_argument("--user", help=f"user for HTTP auth (default: ${USER_VARIABLE})")
    parser.add_argument(
        "--password", help=f"password for HTTP auth (default: ${PASSWORD_VARIABLE}, which ps cannot show)"
    )
    parser.add_argument(
        "--auth", choices=AUTH_SCHEMES, help="HTTP auth scheme (default: auto, whichever the server asks for)"
    )
    parser.add_argument(
        "--timeout",
        type=seconds,
        metavar="SECONDS",
        help="give up after this long: on the whole request to a server, or on a local query",
    )


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = commands.add_parser("query", help="run a packaged query or a .rq file", description=__doc__)
    parser.add_argument(
        "query", metavar="NAME|FILE.rq", help="a packaged query (see 'nss-kg queries') or a file"
    )
    parser.add_argument("params", nargs="*", metavar="name=value", help="query parameters")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="name=value",
        help="a query parameter (repeatable)",
    )
    parser.add_argument(
        "--text", action="store_true", help="print the query with its parameters bound; do not run it"
    )
    parser.add_argument(
        "--allow-service", action="store_true", help="let a local query use SERVICE (network)"
    )
    add_output_options(parser)
    return parser


def parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ParameterError(f"parameter {pair!r} is not of the form name=value")
        if name in params:
            raise ParameterError(f"parameter '{name}' is given twice ({params[name]!r} and {value!r})")
        params[name] = value
    return params


def endpoint_of(args: argparse.Namespace) -> Endpoint:
    """The endpoint the connection options describe."""
    return Endpoint(args.endpoint, args.user, args.password, args.auth, args.timeout, args.graph)


def execute(name: str, params: dict[str, str], args: argparse.Namespace, allow_service: bool = False) -> int:
    """Run one query with the shared output options and print its result."""
    from nss_kg import formatting, querying

    info = querying.resolve(name)
    if args.lang is not None:
        if info.parameter("lang") is None:
            raise ParameterError(f"query '{info.name}' has no 'lang' parameter, so --lang does not apply")
        params = {"lang": args.lang, **params}
    # `--endpoint ""` is an endpoint given badly, not none: it must not quietly run on the embedded graph.
    endpoint = endpoint_of(args) if args.endpoint is not None else None
    result = querying.query(
        info, params, endpoint=endpoint, timeout=args.timeout, allow_service=allow_service
    )
    output_format = args.format or (
        "turtle" if result.is_graph else "table" if sys.stdout.isatty() else "csv"
    )
    sys.stdout.buffer.write(formatting.render(result, output_format))
    sys.stdout.flush()
    return 0


def run(args: argparse.Namespace) -> int:
    params = parse_params([*args.params, *args.param])
    if args.text:
        from nss_kg import binding, querying

        sys.stdout.write(binding.bind(querying.resolve(args.query), params))
        return 0
    return execute(args.query, params, args, allow_service=args.allow_service)
