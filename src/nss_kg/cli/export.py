"""``nss-kg export [--format FORMAT] [--output FILE]``: the whole graph in an RDF serialization.

Turtle, N-Triples, JSON-LD and RDF/XML hold the ontology and the data; TriG and N-Quads also hold the SHACL
shapes, each part in its own named graph under https://w3id.org/nss-kg/graph/.
"""

from __future__ import annotations

import argparse
import sys

from nss_kg.export import FORMATS


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "export",
        help="write the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=tuple(FORMATS),
        help="the serialization (default: from the --output suffix, else turtle)",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of to standard output")
    return parser


def run(args: argparse.Namespace) -> int:
    from nss_kg.export import export, format_for

    chosen = format_for(args.format, args.output)
    text = export(chosen.name, args.output)
    if args.output is None:
        # Bytes, not text: the graph has CJK labels, which a non-UTF-8 locale's stdout could not encode.
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    return 0
