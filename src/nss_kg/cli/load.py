"""``nss-kg load --endpoint URL``: put the graph (ontology + data) into one named graph of a triple store.

The upload goes to a fresh temporary graph, is counted, then moved into place, so a failure leaves the
named graph as it was; no other graph, and never the default graph, is touched. See docs/stores.md, "Loading
into triple stores", for each store's endpoints.
"""

from __future__ import annotations

import argparse
import sys

from nss_kg.cli.query import add_connection_options
from nss_kg.connection import PROTOCOLS


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "load",
        help="load the graph into a triple store's named graph",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query endpoint")
    parser.add_argument(
        "--update-endpoint", metavar="URL", help="the store's SPARQL Update endpoint (default: --endpoint)"
    )
    parser.add_argument(
        "--store-endpoint",
        metavar="URL",
        help="the store's Graph Store Protocol endpoint (enables --protocol gsp)",
    )
    parser.add_argument(
        "--protocol",
        choices=PROTOCOLS,
        help="upload by one Graph Store Protocol PUT (the default with --store-endpoint) or by SPARQL Update",
    )
    parser.add_argument("--graph", metavar="IRI", help="the named graph to replace (default: nss-kg's graph)")
    add_connection_options(parser)
    parser.add_argument(
        "--direct",
        action="store_true",
        help="one PUT straight into the graph, no temporary graph; only where PUT is atomic (Oxigraph)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    return parser


def run(args: argparse.Namespace) -> int:
    from nss_kg.cli.query import endpoint_of
    from nss_kg.store_loading import load

    report = load(
        endpoint_of(args),
        update_endpoint=args.update_endpoint,
        store_endpoint=args.store_endpoint,
        protocol=args.protocol,
        progress=sys.stderr.isatty() and not args.quiet,
        direct=args.direct,
    )
    if not args.quiet:
        print(
            f"loaded {report.triples} triples into <{report.graph_iri}> "
            f"by {report.protocol} in {report.requests} requests ({report.seconds:.2f} s)"
        )
    return 0
